//! CSV records, read with `csv_core` by a parser that is kept from file to file and from
//! piece to piece of a large file: building one costs more than reading a small evidence
//! file, and a large file is read in pieces (on several threads, see `score`).
//!
//! A record's line is the line of its first byte (blank lines and CRLF line ends are
//! counted), and its fields are checked to be UTF-8 once, as a whole.

use csv_core::ReadRecordResult;

/// The fields of one record, end to end, and where each ends.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields<'a> {
    text: &'a str,
    ends: &'a [usize],
    /// Bytes between fields: none after csv_core unquoted them, one (the delimiter) in a
    /// line read as it is.
    gap: usize,
    /// No field starts or ends with a byte that may be white space (a control, a space or a
    /// non-ASCII byte), as the line splitter found: no field needs trimming. False when not
    /// known.
    clean: bool,
}

impl<'a> Fields<'a> {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        self.text.get(start..end)
    }

    /// The text of the fields with what is between them.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// Whether no field may need trimming (see [`Fields::clean`]); false when not known.
    pub(crate) fn is_clean(&self) -> bool {
        self.clean
    }

    /// Whether every field is empty.
    pub(crate) fn all_empty(&self) -> bool {
        self.text.len() == self.gap * self.ends.len().saturating_sub(1)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let fields = *self;
        (0..fields.len()).map(move |i| fields.get(i).unwrap_or(""))
    }
}

/// A record of its own (Excel rows, trimmed records).
#[derive(Clone, Debug, Default)]
pub(crate) struct Record {
    text: String,
    ends: Vec<usize>,
}

impl Record {
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    pub(crate) fn push_field(&mut self, field: &str) {
        self.text.push_str(field);
        self.ends.push(self.text.len());
    }

    pub(crate) fn fields(&self) -> Fields<'_> {
        Fields {
            text: &self.text,
            ends: &self.ends,
            gap: 0,
            clean: false,
        }
    }
}

/// A record as read, with where it starts.
pub(crate) struct Parsed<'a> {
    pub(crate) line: u64,
    /// Offset of its first byte from the start of what the parser was given.
    pub(crate) byte: u64,
    pub(crate) fields: Fields<'a>,
    /// Ended by the end of the input rather than by a line end.
    pub(crate) at_end: bool,
}

/// Why a file cannot be read as text, and the line where that was seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unreadable {
    NotUtf8(u64),
    Nul(u64),
}

/// A streaming CSV parser: [`Parser::feed`] takes the input in pieces of any size.
pub(crate) struct Parser {
    core: csv_core::Reader,
    delimiter: u8,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Where the fields of a line read as it is end.
    plain_ends: Vec<usize>,
    nout: usize,
    nend: usize,
    /// Inside a record that the input read so far has not finished.
    inside: bool,
    /// Line and offset of the next input byte.
    line: u64,
    byte: u64,
    /// Line and offset of the first byte of the record being read.
    start: (u64, u64),
}

impl Parser {
    pub(crate) fn new(delimiter: u8) -> Parser {
        let mut parser = Parser {
            core: csv_core::Reader::new(),
            delimiter: 0,
            out: vec![0; 1024],
            ends: vec![0; 16],
            plain_ends: Vec::with_capacity(16),
            nout: 0,
            nend: 0,
            inside: false,
            line: 1,
            byte: 0,
            start: (1, 0),
        };
        parser.restart(delimiter, 1, 0);
        parser
    }

    /// Starts on new input, whose first byte is at `line` and `byte`.
    pub(crate) fn restart(&mut self, delimiter: u8, line: u64, byte: u64) {
        if delimiter == self.delimiter {
            self.core.reset();
        } else {
            self.core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
            self.delimiter = delimiter;
        }
        // csv_core drops a byte order mark from the first input it is given. The caller has
        // dropped the file's own; one in the middle of a file is text, wherever a piece starts.
        let _ = self.core.read_record(b"\n", &mut [], &mut []);
        (self.nout, self.nend, self.inside) = (0, 0, false);
        (self.line, self.byte) = (line, byte);
    }

    /// Line and offset of the next byte to read.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    pub(crate) fn byte(&self) -> u64 {
        self.byte
    }

    /// Reads the records that `input` completes, passing each to `each` until it returns
    /// false; an empty `input` is the end, which completes the last record. Returns whether
    /// every record was taken (false when `each` stopped: [`Parser::byte`] then tells where
    /// the next record starts).
    pub(crate) fn feed(
        &mut self,
        input: &[u8],
        each: &mut dyn FnMut(Parsed<'_>) -> bool,
    ) -> Result<bool, Unreadable> {
        let end = input.is_empty();
        let plain = whole_lines(input);
        let mut pos = 0;
        loop {
            if !self.inside {
                // Line ends between records are skipped here, so that a record's line is
                // the line of its first byte.
                while let Some(&b) = input.get(pos).filter(|&&b| b == b'\n' || b == b'\r') {
                    self.line += u64::from(b == b'\n');
                    pos += 1;
                }
                if pos == input.len() {
                    self.byte += pos as u64;
                    return Ok(true);
                }
                // A line without quotes, lone CRs or NULs is a record as it is: its fields
                // lie between the delimiters, and csv_core is not needed.
                if let Some(rest) = plain.get(pos..).filter(|r| !r.is_empty())
                    && let Some((len, next, clean)) =
                        split_line(rest.as_bytes(), self.delimiter, &mut self.plain_ends)
                {
                    let parsed = Parsed {
                        line: self.line,
                        byte: self.byte + pos as u64,
                        fields: Fields {
                            text: &rest[..len],
                            ends: &self.plain_ends,
                            gap: 1,
                            clean,
                        },
                        at_end: false,
                    };
                    pos += next;
                    self.line += 1;
                    if !each(parsed) {
                        self.byte += pos as u64;
                        return Ok(false);
                    }
                    continue;
                }
                self.inside = true;
                self.start = (self.line, self.byte + pos as u64);
                self.core.set_line(self.line);
            }
            if self.nout == self.out.len() {
                self.out.resize(self.out.len() * 2, 0);
            }
            if self.nend == self.ends.len() {
                self.ends.resize(self.ends.len() * 2, 0);
            }
            let (res, nin, nout, nend) = self.core.read_record(
                &input[pos..],
                &mut self.out[self.nout..],
                &mut self.ends[self.nend..],
            );
            pos += nin;
            self.nout += nout;
            self.nend += nend;
            self.line = self.core.line();
            match res {
                ReadRecordResult::InputEmpty | ReadRecordResult::End => {
                    self.byte += pos as u64;
                    return Ok(true);
                }
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => {
                    let (line, byte) = self.start;
                    let (nout, nend) = (self.nout, self.nend);
                    (self.nout, self.nend, self.inside) = (0, 0, false);
                    let bytes = &self.out[..nout];
                    let ends = &self.ends[..nend];
                    let text = std::str::from_utf8(bytes).map_err(|_| Unreadable::NotUtf8(line))?;
                    // A field boundary inside a character: the file was not UTF-8 there.
                    if !ends.iter().all(|&e| text.is_char_boundary(e)) {
                        return Err(Unreadable::NotUtf8(line));
                    }
                    if bytes.contains(&0) {
                        return Err(Unreadable::Nul(line));
                    }
                    let fields = Fields {
                        text,
                        ends,
                        gap: 0,
                        clean: false,
                    };
                    let parsed = Parsed {
                        line,
                        byte,
                        fields,
                        at_end: end,
                    };
                    if !each(parsed) {
                        self.byte += pos as u64;
                        return Ok(false);
                    }
                }
            }
        }
    }
}

/// A line without quotes, lone CRs or NULs at the start of `text` (whole lines): its length
/// without its line end, where the next line starts, and whether it is known that no field
/// needs trimming ([`Fields::clean`]); the end of each field goes into `ends`. None for any
/// other line, which csv_core reads.
fn split_line(text: &[u8], delimiter: u8, ends: &mut Vec<usize>) -> Option<(usize, usize, bool)> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { split_line_avx2(text, delimiter, ends) };
    }
    split_line_bytes(text, delimiter, ends)
}

/// [`split_line`] with memchr (which does not look for white space).
fn split_line_bytes(
    text: &[u8],
    delimiter: u8,
    ends: &mut Vec<usize>,
) -> Option<(usize, usize, bool)> {
    let next = memchr::memchr(b'\n', text).map_or(text.len(), |i| i + 1);
    let line = &text[..next];
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if memchr::memchr3(b'"', b'\r', 0, line).is_some() {
        return None;
    }
    ends.clear();
    ends.extend(memchr::memchr_iter(delimiter, line));
    ends.push(line.len());
    Some((line.len(), next, false))
}

/// [`split_line`] 32 bytes at a time: one comparison of each byte with the line end, the
/// delimiter, the quote, CR, NUL and the bytes that white space starts and ends with, and the
/// positions read off bit masks.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn split_line_avx2(
    text: &[u8],
    delimiter: u8,
    ends: &mut Vec<usize>,
) -> Option<(usize, usize, bool)> {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_setzero_si256,
    };
    let splat = |b: u8| _mm256_set1_epi8(b as i8);
    let (nl, delim, quote, cr) = (splat(b'\n'), splat(delimiter), splat(b'"'), splat(b'\r'));
    let mask = |v: __m256i, b: __m256i| _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, b)) as u32;
    ends.clear();
    // A field that starts or ends with a byte below '!' or above '~' (as a signed byte, below
    // '!') may be padded; the bits carried over from the block before.
    let (mut padded, mut field_start, mut carried) = (false, 1u32, 0u32);
    let mut at = 0;
    while at < text.len() {
        // The last bytes, padded with a byte that is none of those looked for.
        let mut padded_block = [b'x'; 32];
        let block: &[u8; 32] = match text[at..].first_chunk::<32>() {
            Some(block) => block,
            None => {
                padded_block[..text.len() - at].copy_from_slice(&text[at..]);
                &padded_block
            }
        };
        // SAFETY: `block` is 32 readable bytes; the load has no alignment requirement.
        let v = unsafe { _mm256_loadu_si256(block.as_ptr().cast::<__m256i>()) };
        let line_end = mask(v, nl);
        let special = _mm256_or_si256(
            _mm256_cmpeq_epi8(v, quote),
            _mm256_cmpeq_epi8(v, _mm256_setzero_si256()),
        );
        let special = _mm256_movemask_epi8(special) as u32;
        let cr = mask(v, cr);
        // The bits before the line end, if it is in this block.
        let before = match line_end {
            0 => u32::MAX,
            m => (1 << m.trailing_zeros()) - 1,
        };
        let delimiters = mask(v, delim) & before;
        let mut rest = delimiters;
        while rest != 0 {
            ends.push(at + rest.trailing_zeros() as usize);
            rest &= rest - 1;
        }
        // A CR is a line's own only just before its line end.
        let end_cr = (line_end & before.wrapping_add(1)) >> 1;
        if special & before != 0 || cr & before & !end_cr != 0 {
            return None;
        }
        // Where the line's text ends: its CR or its line end.
        let text_end = if cr & end_cr != 0 {
            end_cr
        } else {
            line_end & line_end.wrapping_neg()
        };
        // Bytes below '!' or above '~' (below '!' as signed bytes): white space starts and
        // ends with one.
        let white = _mm256_movemask_epi8(_mm256_cmpgt_epi8(splat(b'!'), v)) as u32;
        let white = white & before & !delimiters & !cr;
        let starts = (delimiters << 1) | field_start;
        padded |= white & starts != 0 || ((white << 1) | carried) & (delimiters | text_end) != 0;
        (field_start, carried) = (delimiters >> 31, white >> 31);
        if line_end != 0 {
            let nl_at = at + line_end.trailing_zeros() as usize;
            let len = if cr & end_cr != 0 { nl_at - 1 } else { nl_at };
            ends.push(len);
            return Some((len, nl_at + 1, !padded));
        }
        at += 32;
    }
    // No line end (and no CR, quote or NUL): the whole text is the line.
    ends.push(text.len());
    Some((text.len(), text.len(), false))
}

/// The longest start of `input` that is whole lines of UTF-8 text.
fn whole_lines(input: &[u8]) -> &str {
    let Some(last) = memchr::memrchr(b'\n', input) else {
        return "";
    };
    let lines = &input[..=last];
    // Most of the work of reading a file: simdutf8 checks many bytes at a time.
    let valid = match simdutf8::compat::from_utf8(lines) {
        Ok(text) => return text,
        Err(e) => &lines[..e.valid_up_to()],
    };
    let end = memchr::memrchr(b'\n', valid).map_or(0, |i| i + 1);
    std::str::from_utf8(&valid[..end]).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `input` fed in pieces of `size` bytes: (line, fields, at_end).
    fn read(input: &[u8], size: usize) -> Vec<(u64, Vec<String>, bool)> {
        let mut parser = Parser::new(b';');
        let mut got = Vec::new();
        let mut take = |p: Parsed<'_>| {
            got.push((
                p.line,
                p.fields.iter().map(String::from).collect(),
                p.at_end,
            ));
            true
        };
        for piece in input.chunks(size) {
            assert_eq!(parser.feed(piece, &mut take), Ok(true));
        }
        assert_eq!(parser.feed(&[], &mut take), Ok(true));
        got
    }

    #[test]
    fn lines_are_those_of_the_first_byte_whatever_the_pieces() {
        let input = "a;b\r\n\r\n\"x\ny\";2\r\nc;\"d\"\"e\"\n\nlast;1".as_bytes();
        let want = vec![
            (1, vec!["a".to_string(), "b".to_string()], false),
            (3, vec!["x\ny".to_string(), "2".to_string()], false),
            (5, vec!["c".to_string(), "d\"e".to_string()], false),
            (7, vec!["last".to_string(), "1".to_string()], true),
        ];
        for size in [1, 2, 3, 7, 1000] {
            assert_eq!(read(input, size), want, "pieces of {size}");
        }
    }

    /// Random CSV text read in random pieces gives the records the csv crate gives, whether
    /// a line takes the quick way (no quotes) or goes through csv_core.
    #[test]
    fn records_are_those_of_the_csv_crate() {
        let alphabet = ["a", "1", ";", "\"", "\n", "\r\n", "\r", " ", "ế", ",5"];
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let z = (seed ^ (seed >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            (z ^ (z >> 29)) % n
        };
        for case in 0..6000 {
            // Short texts, and long ones whose lines cross 32-byte blocks.
            let len = next(if case % 2 == 0 { 40 } else { 200 });
            let text: String = (0..len).map(|_| alphabet[next(10) as usize]).collect();
            let mut want = Vec::new();
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(b';')
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            for record in reader.records() {
                let record = record.expect("valid UTF-8");
                want.push(record.iter().map(String::from).collect::<Vec<_>>());
            }
            let size = 1 + next(12) as usize;
            let got: Vec<Vec<String>> = read(text.as_bytes(), size)
                .into_iter()
                .map(|(_, fields, _)| fields)
                .collect();
            assert_eq!(got, want, "case {case}: {text:?} in pieces of {size}");
        }
    }

    /// Lines split 32 bytes at a time split as with memchr; the one line left to csv_core
    /// that memchr takes is a CRLF whose CR ends a block.
    #[test]
    #[cfg(target_arch = "x86_64")]
    fn lines_split_the_same_way_32_bytes_at_a_time() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        let alphabet: [&[u8]; 16] = [
            b"a",
            b"12",
            b";",
            "đạt".as_bytes(),
            "Tốt".as_bytes(),
            "、€Â".as_bytes(),
            b" ",
            b"\t",
            "\u{a0}".as_bytes(),
            "\u{2003}".as_bytes(),
            "\u{3000}\u{85}".as_bytes(),
            b"\"",
            b"\r",
            b"\r\n",
            b"\0",
            b"\n",
        ];
        let mut seed = 11u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let z = (seed ^ (seed >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            (z ^ (z >> 29)) % n
        };
        let (mut wide_ends, mut ends) = (Vec::new(), Vec::new());
        let (mut taken, mut clean_ones) = (0, 0);
        for case in 0..30_000 {
            // Mostly plain characters, so that many lines are taken as they are.
            let mut text: Vec<u8> = Vec::new();
            for _ in 0..next(120) {
                let pick = if next(4) == 0 { next(16) } else { next(6) };
                text.extend_from_slice(alphabet[pick as usize]);
            }
            // Whole lines, as the parser gives them.
            text.push(b'\n');
            // Tab, a delimiter that is white space itself, or semicolon.
            let delimiter = if case % 2 == 0 { b'\t' } else { b';' };
            let by_bytes = split_line_bytes(&text, delimiter, &mut ends);
            // SAFETY: the CPU has AVX2, checked above.
            let wide = unsafe { split_line_avx2(&text, delimiter, &mut wide_ends) };
            match wide {
                Some((len, next, clean)) => {
                    let wide = Some((len, next, false));
                    assert_eq!(
                        (wide, &wide_ends),
                        (by_bytes, &ends),
                        "case {case}: {text:?}"
                    );
                    // Clean: no field starts or ends with a byte below '!' or above '~';
                    // then no field changes when trimmed.
                    let white = |b: &u8| *b <= b' ' || *b >= 0x80;
                    let fields: Vec<&[u8]> = (0..ends.len())
                        .map(|i| &text[if i == 0 { 0 } else { ends[i - 1] + 1 }..ends[i]])
                        .collect();
                    let padded = (fields.iter())
                        .any(|f| f.first().is_some_and(white) || f.last().is_some_and(white));
                    assert_eq!(clean, !padded, "case {case}: {text:?}");
                    if clean {
                        for f in fields {
                            let f = std::str::from_utf8(f).unwrap_or("");
                            assert_eq!(f, f.trim(), "case {case}: {text:?}");
                        }
                    }
                    taken += 1;
                    clean_ones += usize::from(clean);
                }
                None if by_bytes.is_some() => {
                    let nl = text.iter().position(|&b| b == b'\n').unwrap_or(0);
                    assert!(
                        nl % 32 == 0 && text[nl - 1] == b'\r',
                        "case {case}: {text:?}"
                    );
                }
                None => {}
            }
        }
        assert!(taken > 5_000, "only {taken} lines taken as they are");
        assert!(clean_ones > 1_000, "only {clean_ones} clean lines");
    }

    #[test]
    fn a_character_split_by_a_delimiter_is_not_utf8() {
        let mut parser = Parser::new(b';');
        let r = parser.feed(b"h\n\xC3;\xA0\n", &mut |_| true);
        assert_eq!(r, Err(Unreadable::NotUtf8(2)));
        let mut parser = Parser::new(b';');
        assert_eq!(
            parser.feed(b"a\0b\n", &mut |_| true),
            Err(Unreadable::Nul(1))
        );
    }

    #[test]
    fn a_byte_order_mark_inside_the_input_is_text() {
        let mut parser = Parser::new(b',');
        parser.restart(b',', 9, 0);
        let mut first = String::new();
        parser
            .feed("\u{feff}a,b\n".as_bytes(), &mut |p| {
                first = p.fields.get(0).unwrap_or("").to_string();
                false
            })
            .ok();
        assert_eq!(first, "\u{feff}a");
    }
}
