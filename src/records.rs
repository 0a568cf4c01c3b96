//! CSV records, read with `csv_core` (the parser under the csv crate), fed in blocks.
//! `csv_core` is used directly for one reason: a message must name the line of a record's
//! first byte, where the csv crate's position is that of the end of the record before it
//! (before the blank lines it skips, and before the `\n` of a CRLF). Blank lines and CRLF
//! line ends are counted, and a record's fields are checked to be UTF-8 once, as a whole.

use csv_core::ReadRecordResult;

/// The fields of one record, end to end, and where each ends.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields<'a> {
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Fields<'a> {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
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
        }
    }
}

/// Records with their lines, end to end in one text: a batch of a large file's records
/// passed from the thread that reads it to the one that scores it, refilled without
/// allocating once it has grown.
#[derive(Debug, Default)]
pub(crate) struct Records {
    text: String,
    ends: Vec<usize>,
    /// Each record's line, and where its text and its field ends start.
    starts: Vec<(u64, usize, usize)>,
}

impl Records {
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.starts.clear();
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    pub(crate) fn push(&mut self, line: u64, fields: Fields<'_>) {
        self.starts.push((line, self.text.len(), self.ends.len()));
        self.text.push_str(fields.text);
        self.ends.extend_from_slice(fields.ends);
    }

    /// Each record, with its line, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, Fields<'_>)> {
        self.iter_from(0)
    }

    /// Each record from the `first`, with its line, in order.
    pub(crate) fn iter_from(&self, first: usize) -> impl Iterator<Item = (u64, Fields<'_>)> {
        let bounds = (self.text.len(), self.ends.len());
        (first..self.starts.len()).map(move |i| {
            let (line, text, ends) = self.starts[i];
            let (text_end, ends_end) = self.starts.get(i + 1).map_or(bounds, |&(_, t, e)| (t, e));
            let fields = Fields {
                text: self.text.get(text..text_end).unwrap_or(""),
                ends: self.ends.get(ends..ends_end).unwrap_or(&[]),
            };
            (line, fields)
        })
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

/// The most bytes a record may hold: a row of the widest form with every cell full is a
/// tenth of it. A record is refused as it grows past it, so that a line of gigabytes (or a
/// quote left open) is never held.
pub(crate) const MAX_RECORD: usize = 4 << 20;

/// The most fields a record may have: Excel's 16.384 columns.
pub(crate) const MAX_FIELDS: usize = 1 << 14;

/// Why a file cannot be read as text, and the line where that was seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unreadable {
    NotUtf8(u64),
    Nul(u64),
    /// A record past [`MAX_RECORD`] bytes or [`MAX_FIELDS`] fields, from this line.
    TooLong(u64),
}

/// A streaming CSV parser: [`Parser::feed`] takes the input in pieces of any size.
pub(crate) struct Parser {
    core: csv_core::Reader,
    delimiter: u8,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Where the fields of a line read as it is end.
    nout: usize,
    nend: usize,
    /// Inside a record that the input read so far has not finished.
    inside: bool,
    /// Line and offset of the next input byte.
    line: u64,
    byte: u64,
    /// Line and offset of the first byte of the record being read.
    start: (u64, u64),
    /// Offset of the first NUL byte of the input given so far, if any: looked for once in
    /// each piece of input rather than in each record (2 % of reading a long file).
    nul: Option<u64>,
}

/// Runs `f` with a parser of input that starts `byte` bytes into its file. Building
/// csv_core's reader (its state machine) costs more than reading a small evidence file
/// (measured: 9 % of scoring 3.321 files): each thread keeps the parsers it built, one per
/// delimiter. (csv_core's `Clone` of a reader does not copy its whole state machine.)
pub(crate) fn with_parser<R>(delimiter: u8, byte: u64, f: impl FnOnce(&mut Parser) -> R) -> R {
    thread_local! {
        static SPARE: std::cell::RefCell<Vec<Parser>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let kept = SPARE.with_borrow_mut(|spare| {
        let at = spare.iter().position(|p| p.delimiter == delimiter)?;
        Some(spare.swap_remove(at))
    });
    let mut parser = match kept {
        Some(mut p) => {
            p.restart(byte);
            p
        }
        None => Parser::new(delimiter, byte),
    };
    let result = f(&mut parser);
    SPARE.with_borrow_mut(|spare| spare.push(parser));
    result
}

impl Parser {
    /// A parser of input that starts `byte` bytes into its file (after a byte order mark).
    pub(crate) fn new(delimiter: u8, byte: u64) -> Parser {
        let mut core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // csv_core drops a byte order mark from the first input it is given. The caller has
        // dropped the file's own; one further on is text.
        let _ = core.read_record(b"\n", &mut [], &mut []);
        Parser {
            core,
            delimiter,
            out: vec![0; 1024],
            ends: vec![0; 16],
            nout: 0,
            nend: 0,
            inside: false,
            line: 1,
            byte,
            start: (1, byte),
            nul: None,
        }
    }

    /// Starts again, on input that starts `byte` bytes into its file.
    fn restart(&mut self, byte: u64) {
        self.core.reset();
        let _ = self.core.read_record(b"\n", &mut [], &mut []);
        (self.nout, self.nend, self.inside) = (0, 0, false);
        (self.line, self.byte, self.start) = (1, byte, (1, byte));
        self.nul = None;
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
        if self.nul.is_none() {
            self.nul = memchr::memchr(0, input).map(|i| self.byte + i as u64);
        }
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
                self.inside = true;
                self.start = (self.line, self.byte + pos as u64);
                self.core.set_line(self.line);
            }
            if self.nout == self.out.len() {
                if self.nout >= MAX_RECORD {
                    return Err(Unreadable::TooLong(self.start.0));
                }
                self.out.resize(self.out.len() * 2, 0);
            }
            if self.nend == self.ends.len() {
                if self.nend >= MAX_FIELDS {
                    return Err(Unreadable::TooLong(self.start.0));
                }
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
                    // The record's bytes are all of the input from its first byte to here
                    // but quotes and delimiters; one with a NUL is the first to hold one.
                    if self.nul.is_some_and(|at| at < self.byte + pos as u64) {
                        return Err(Unreadable::Nul(line));
                    }
                    let fields = Fields { text, ends };
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `input` fed in pieces of `size` bytes: (line, fields, at_end).
    fn read(input: &[u8], size: usize) -> Vec<(u64, Vec<String>, bool)> {
        let mut parser = Parser::new(b';', 0);
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

    /// Random CSV text read in random pieces gives the records the csv crate gives.
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

    #[test]
    fn a_character_split_by_a_delimiter_is_not_utf8() {
        let mut parser = Parser::new(b';', 0);
        let r = parser.feed(b"h\n\xC3;\xA0\n", &mut |_| true);
        assert_eq!(r, Err(Unreadable::NotUtf8(2)));
        let mut parser = Parser::new(b';', 0);
        assert_eq!(
            parser.feed(b"a\0b\n", &mut |_| true),
            Err(Unreadable::Nul(1))
        );
    }

    #[test]
    fn a_nul_is_reported_on_the_line_of_its_record_whatever_the_pieces() {
        let input = b"a;b\n\"q\nq\";1\n\nc\0;d\ne;f\n";
        for size in 1..input.len() {
            let mut parser = Parser::new(b';', 0);
            let mut lines = Vec::new();
            let mut take = |p: Parsed<'_>| {
                lines.push(p.line);
                true
            };
            let error = input
                .chunks(size)
                .map(|piece| parser.feed(piece, &mut take))
                .find(Result::is_err);
            assert_eq!(error, Some(Err(Unreadable::Nul(5))), "pieces of {size}");
            assert_eq!(lines, [1, 2], "pieces of {size}");
        }
    }

    #[test]
    fn a_byte_order_mark_inside_the_input_is_text() {
        let mut parser = Parser::new(b',', 0);
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
