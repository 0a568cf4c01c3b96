//! Units and their evidence (tài liệu kiểm chứng), read from CSV as offices produce it
//! (SPEC §3): UTF-8 with or without BOM, comma, semicolon or tab, per-unit files or one long
//! file with a `unit` column, folders of files.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

mod workbook;

use crate::error::{Error, Kept, Problem, Result};
use crate::lang::{Said, msg, said};
use crate::records::{Fields, Parsed, Record, Unreadable, with_parser};

/// A unit being scored (sở, phòng, xã…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub group: String,
}

/// The inputs of a run: the units and the evidence files, not yet read (they are read and
/// scored row by row, see [`crate::score::score`]).
#[derive(Debug, Default)]
pub struct Evidence {
    /// The evidence files, as named on the command line or found in folders.
    pub files: Vec<PathBuf>,
    /// Units in the order of the units file; empty when there is none.
    pub units: Vec<Unit>,
    /// The units file, when one was read.
    pub units_file: Option<String>,
}

/// The evidence columns that are read (SPEC §3).
pub(crate) const READ: [&str; 7] = [
    "unit",
    "criterion",
    "value",
    "self_score",
    "appraised",
    "evidence",
    "note",
];

/// Columns of the forms (`template`) that describe a leaf for the reader; not read back.
pub const DESCRIPTIVE: [&str; 8] = [
    "noi_dung",
    "diem_toi_da",
    "cach_tinh_diem",
    "co_quan_phu_trach",
    "title",
    "max",
    "rule",
    "owner",
];

/// The longest cell accepted (characters): notes and evidence lists fit; garbage does not.
const MAX_CELL: usize = 10_000;

/// The longest id or number cell accepted (characters), so that messages quoting it stay short.
pub(crate) const MAX_SHORT_CELL: usize = 200;

/// One item of a table file, in order: the header (names lowercased), then each record that
/// passed the checks, with its line. Fields are trimmed.
pub(crate) enum Item<'a> {
    Header(&'a [String]),
    Row(u64, Fields<'a>),
}

/// The checks every record goes through, CSV or Excel alike: the first non-empty record is the
/// header; empty records are skipped; records that cannot be read are reported instead of
/// passed on.
struct Checker<'a> {
    name: &'a str,
    delimiter: u8,
    headers: Vec<String>,
    trimmed: Record,
    problems: Kept,
    /// Every non-empty record is a row, of any width, with no header (a table whose header
    /// is below its title rows: [`scan_rows`]).
    raw: bool,
    /// Whether a row was passed on (for `raw`, which has no header).
    any: bool,
}

impl<'a> Checker<'a> {
    fn new(name: &'a str, delimiter: u8) -> Self {
        Checker {
            name,
            delimiter,
            headers: Vec::new(),
            trimmed: Record::default(),
            problems: Kept::default(),
            raw: false,
            any: false,
        }
    }

    /// Takes one record; false when `each` asks to stop reading.
    fn take(
        &mut self,
        line: u64,
        record: Fields<'_>,
        each: &mut dyn FnMut(Item<'_>) -> bool,
    ) -> bool {
        // Only a field that starts or ends with a space, a control or a non-ASCII byte (which
        // may be Unicode white space) may need trimming.
        let edge = |b: Option<&u8>| b.is_some_and(|&b| b <= b' ' || b >= 0x80);
        let maybe_padded = |f: &str| edge(f.as_bytes().first()) || edge(f.as_bytes().last());
        // One pass over the fields: whether one is long (a cell has at least as many bytes
        // as characters), whether all are empty, whether one needs trimming.
        let (mut long, mut empty, mut padded) = (false, true, false);
        for f in record.iter() {
            long |= f.len() > MAX_CELL;
            empty &= f.is_empty();
            padded |= maybe_padded(f) && f.trim().len() != f.len();
        }
        let record = if padded {
            self.trimmed.clear();
            for f in record.iter() {
                self.trimmed.push_field(f.trim());
            }
            empty = self.trimmed.fields().iter().all(str::is_empty);
            self.trimmed.fields()
        } else {
            record
        };
        if empty {
            return true;
        }
        if self.raw {
            self.any = true;
            return each(Item::Row(line, record));
        }
        if self.headers.is_empty() {
            let hs: Vec<String> = record.iter().map(str::to_lowercase).collect();
            for (i, h) in hs.iter().enumerate() {
                if !h.is_empty() && hs[..i].contains(h) {
                    self.problems.push(Problem::new(
                        self.name,
                        Some(line),
                        msg!(
                            "cột \"{h}\" xuất hiện hai lần",
                            "the column \"{h}\" appears twice"
                        ),
                    ));
                }
            }
            self.headers = hs;
            return each(Item::Header(&self.headers));
        }
        // A cell has at least as many bytes as characters: count only the long ones.
        if long
            && let Some(long) = record
                .iter()
                .filter(|f| f.len() > MAX_CELL)
                .map(|f| f.chars().count())
                .max()
            && long > MAX_CELL
        {
            self.problems.push(Problem::new(
                self.name,
                Some(line),
                msg!(
                    "một ô chứa {long} ký tự (tối đa {MAX_CELL}): có dấu ngoặc kép chưa đóng, hoặc dán nhầm cả cột?", "a cell holds {long} characters (at most {MAX_CELL}): a quote left open, or a whole column pasted by mistake?"
                ),
            ));
            return true;
        }
        if record.len() != self.headers.len() {
            self.problems.push(Problem::new(
                self.name,
                Some(line),
                ragged(record.len(), self.headers.len(), self.delimiter),
            ));
            return true;
        }
        each(Item::Row(line, record))
    }

    /// The row-level problems, once the whole file is read; an `Err` when it had no header.
    fn finish(self, empty: impl Into<String>) -> std::result::Result<Vec<Problem>, Vec<Problem>> {
        let mut problems = self.problems.into_vec();
        if self.headers.is_empty() && !self.any {
            problems.push(Problem::new(self.name, None, empty));
            return Err(problems);
        }
        Ok(problems)
    }
}

/// A CSV file read into memory: lowercased header names and the records with their lines
/// (for the small files: units, maps).
#[derive(Default)]
pub(crate) struct Table {
    pub(crate) headers: Vec<String>,
    pub(crate) records: Vec<(u64, Vec<String>)>,
}

impl Table {
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }
}

/// Refuses, from its first bytes, a file that is not UTF-8 text, with a hint.
fn check_start(head: &[u8], name: &str) -> std::result::Result<(), Problem> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Problem::new(
            name,
            None,
            said(
                "đây là tệp Excel, không phải CSV: trong Excel chọn Save As → \"CSV UTF-8\"",
                "this is an Excel file, not CSV: in Excel choose Save As → \"CSV UTF-8\"",
            ),
        ));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::new(
            name,
            None,
            said(
                "tệp mã hóa UTF-16 (\"Unicode text\" của Excel): hãy lưu dưới dạng \"CSV UTF-8\"",
                "the file is encoded in UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\"",
            ),
        ));
    }
    Ok(())
}

const NOT_UTF8: Said = Said(
    "không phải văn bản UTF-8 (có thể là Windows-1258 hoặc TCVN3): hãy lưu tệp dưới dạng \"CSV UTF-8\"",
    "not UTF-8 text (perhaps Windows-1258 or TCVN3): save the file as \"CSV UTF-8\"",
);

/// The delimiter of a file, from its header line: tab, then semicolon, then comma.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let header = &head[..end];
    let count = |c: u8| header.iter().filter(|&&b| b == c).count();
    if header.contains(&b'\t') {
        b'\t'
    } else if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// The delimiter of a file whose first lines may be titles without any: of tab, semicolon
/// and comma (in that order on a tie), the one that separates at least three cells on most
/// of its first 30 lines.
fn sniff_lines(head: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = head.split(|&b| b == b'\n').take(30).collect();
    let rows = |d: u8| {
        (lines.iter())
            .filter(|l| l.iter().filter(|&&b| b == d).count() >= 2)
            .count()
    };
    let mut best = (b',', rows(b','));
    for d in [b';', b'\t'] {
        if rows(d) >= best.1 && rows(d) > 0 {
            best = (d, rows(d));
        }
    }
    best.0
}

/// The message for a row with the wrong number of fields, with the likely cause.
fn ragged(found: usize, expected: usize, delimiter: u8) -> String {
    let mut m = msg!(
        "dòng có {found} cột, dòng tiêu đề có {expected}",
        "the row has {found} columns, the header {expected}"
    );
    if found > expected && delimiter == b',' {
        m.push_str(
            said(": trong tệp phân cách bằng dấu phẩy, số có dấu phẩy thập phân phải đặt trong ngoặc kép (\"86,45\"), hoặc lưu tệp với dấu chấm phẩy", ": in a file separated by commas, a number with a decimal comma must be quoted (\"86,45\"), or save the file with semicolons"),
        );
    }
    m
}

/// Reads a CSV or Excel file into memory (units files and maps, which are small).
pub(crate) fn read_table(
    path: &Path,
    name: &str,
) -> std::result::Result<(Table, Vec<Problem>), Vec<Problem>> {
    let mut table = Table::default();
    let problems = scan(path, name, &mut |item| {
        match item {
            Item::Header(h) => table.headers = h.to_vec(),
            Item::Row(line, r) => table
                .records
                .push((line, r.iter().map(String::from).collect())),
        }
        true
    })?;
    Ok((table, problems))
}

/// Reads a CSV or Excel file item by item, without holding it in memory: `each` gets the
/// header, then every good record, and returns false to stop. File-level problems (encoding,
/// empty, unreadable) are an `Err`; row-level problems (ragged rows) are returned, and those
/// rows are not passed on.
pub(crate) fn scan(
    path: &Path,
    name: &str,
    each: &mut dyn FnMut(Item<'_>) -> bool,
) -> std::result::Result<Vec<Problem>, Vec<Problem>> {
    scan_with(path, name, &Sheet::default(), each)
}

/// Which records of a file to read: of a workbook, the sheet (the first when `None`); and
/// whether the records are passed on raw (see [`scan_rows`]).
#[derive(Default)]
pub(crate) struct Sheet<'a> {
    pub(crate) name: Option<&'a str>,
    pub(crate) raw: bool,
}

/// Reads every non-empty record of a CSV file or of one sheet of a workbook, with its line
/// (the sheet's row), as [`Item::Row`]: no header is taken and records may have any width.
/// For tables whose header lies below title rows (a criteria annex), found by the caller.
pub(crate) fn scan_rows(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    each: &mut dyn FnMut(u64, Fields<'_>) -> bool,
) -> std::result::Result<Vec<Problem>, Vec<Problem>> {
    let sheet = Sheet {
        name: sheet,
        raw: true,
    };
    scan_with(path, name, &sheet, &mut |item| match item {
        Item::Row(line, fields) => each(line, fields),
        Item::Header(_) => true,
    })
}

fn scan_with(
    path: &Path,
    name: &str,
    sheet: &Sheet<'_>,
    each: &mut dyn FnMut(Item<'_>) -> bool,
) -> std::result::Result<Vec<Problem>, Vec<Problem>> {
    if is_workbook(path) {
        return workbook::scan_workbook(path, name, sheet, each);
    }
    let io = |e: std::io::Error| vec![Problem::new(name, None, crate::error::io_said(&e))];
    let (mut file, mut block, mut len, mut start) = open_csv(path, name)?;
    if sheet.raw {
        start.delimiter = sniff_lines(&block[start.bom as usize..len]);
    }
    let mut checker = Checker::new(name, start.delimiter);
    checker.raw = sheet.raw;
    let mut taker = Taker::new(checker);
    let read = with_parser(start.delimiter, start.bom, |parser| {
        let mut input = &block[start.bom as usize..len];
        loop {
            match parser.feed(input, &mut |p| taker.take(p, each)) {
                Ok(true) if !input.is_empty() => {}
                Ok(_) => break Ok(Ok(())),
                Err(u) => break Err(u),
            }
            len = match fill(&mut file, &mut block) {
                Ok(n) => n,
                Err(e) => break Ok(Err(e)),
            };
            input = &block[..len];
        }
    });
    match read {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(io(e)),
        Err(u) => return Err(vec![unreadable(name, u)]),
    }
    taker.finish(path, each).map_err(io)?;
    taker.checker.finish(EMPTY)
}

/// How a CSV file starts: its byte order mark (3 bytes or none) and delimiter.
#[derive(Clone, Copy)]
struct Start {
    bom: u64,
    delimiter: u8,
}

/// Opens a CSV file and reads its first block: the file, the block and its length, and how
/// the file starts; a file that is not text is refused from its first bytes.
fn open_csv(
    path: &Path,
    name: &str,
) -> std::result::Result<(File, Vec<u8>, usize, Start), Vec<Problem>> {
    let io = |e: std::io::Error| vec![Problem::new(name, None, crate::error::io_said(&e))];
    let mut file = File::open(path).map_err(io)?;
    // A small file is read whole into a block its size (and one byte, to see the end).
    let size = file.metadata().map_or(BLOCK, |m| {
        usize::try_from(m.len()).map_or(BLOCK, |n| n.saturating_add(1).min(BLOCK))
    });
    let mut block = vec![0; size];
    let len = fill(&mut file, &mut block).map_err(io)?;
    let head = &block[..len];
    check_start(head, name).map_err(|p| vec![p])?;
    let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let delimiter = sniff_delimiter(&head[bom..]);
    let start = Start {
        bom: bom as u64,
        delimiter,
    };
    Ok((file, block, len, start))
}

/// The problem of a file that is not text.
fn unreadable(name: &str, u: Unreadable) -> Problem {
    match u {
        Unreadable::NotUtf8(line) => Problem::new(name, Some(line), NOT_UTF8),
        Unreadable::Nul(line) => Problem::new(
            name,
            Some(line),
            said(
                "tệp có byte NUL: không phải tệp văn bản CSV; hãy lưu dưới dạng \"CSV UTF-8\"",
                "the file has NUL bytes: it is not a CSV text file; save it as \"CSV UTF-8\"",
            ),
        ),
        Unreadable::TooLong(line) => Problem::new(
            name,
            Some(line),
            said(
                "bản ghi bắt đầu ở dòng này dài quá 4 MiB hoặc quá 16.384 cột (có dấu ngoặc kép \" mở mà không đóng?): hãy mở tệp bằng Excel và lưu lại dưới dạng \"CSV UTF-8\", hoặc tách tệp",
                "the record starting on this line is longer than 4 MiB or 16,384 columns (a quote \" opened and never closed?): open the file in Excel and save it again as \"CSV UTF-8\", or split it",
            ),
        ),
    }
}

/// Passes parsed records to the checks. The last record, when the file does not end with a
/// line end, is held: it may be an unclosed quote that runs to the end of the file, which
/// [`Taker::finish`] checks first.
struct Taker<'a> {
    checker: Checker<'a>,
    last: Option<(u64, u64, Record)>,
    go_on: bool,
}

impl<'a> Taker<'a> {
    fn new(checker: Checker<'a>) -> Self {
        Taker {
            checker,
            last: None,
            go_on: true,
        }
    }

    fn take(&mut self, p: Parsed<'_>, each: &mut dyn FnMut(Item<'_>) -> bool) -> bool {
        if p.at_end {
            let mut record = Record::default();
            p.fields.iter().for_each(|f| record.push_field(f));
            self.last = Some((p.line, p.byte, record));
            return true;
        }
        self.go_on = self.checker.take(p.line, p.fields, each);
        self.go_on
    }

    fn finish(
        &mut self,
        path: &Path,
        each: &mut dyn FnMut(Item<'_>) -> bool,
    ) -> std::io::Result<()> {
        if let Some((line, byte, record)) = self.last.take()
            && self.go_on
        {
            if unclosed_quote(path, byte)? {
                self.checker.problems.push(Problem::new(
                    self.checker.name,
                    Some(line),
                    said(
                        "dấu ngoặc kép (\") mở ở dòng này không được đóng",
                        "the quote (\") opened on this line is never closed",
                    ),
                ));
            } else {
                self.checker.take(line, record.fields(), each);
            }
        }
        Ok(())
    }
}

/// The size of the blocks a CSV file is read in.
const BLOCK: usize = 1 << 18;

/// Reads into `block` until it is full or the file ends; returns the bytes read.
fn fill(file: &mut File, block: &mut [u8]) -> std::io::Result<usize> {
    let mut len = 0;
    while len < block.len() {
        match file.read(&mut block[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(len)
}

const EMPTY: Said = Said(
    "tệp rỗng (không có dòng tiêu đề)",
    "the file is empty (no header row)",
);

/// Whether the file from `start` to its end (its last record) has an odd number of quotes.
fn unclosed_quote(path: &Path, start: u64) -> std::io::Result<bool> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)?;
    Ok(tail.iter().filter(|&&b| b == b'"').count() % 2 == 1)
}

/// An Excel workbook, by its extension.
pub(crate) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xls"))
}

/// A units file named on the command line (or found beside the evidence) must be there: a
/// usage error otherwise, as for every file named on the command line.
pub(crate) fn units_file_exists(path: &Path) -> Result<()> {
    if path.is_file() {
        return Ok(());
    }
    Err(Error::Usage(msg!(
        "{}: không có tệp đơn vị này",
        "{}: no such units file",
        path.display()
    )))
}

/// Reads a units file (`id,name,group`; more columns are ignored).
pub fn read_units(path: &Path) -> std::result::Result<Vec<Unit>, Vec<Problem>> {
    let name = path.display().to_string();
    // The header, and the columns id, name and group, once the header is read.
    let mut headers = Vec::new();
    let mut columns: Option<(Option<usize>, Option<usize>, Option<usize>)> = None;
    let mut units: Vec<Unit> = Vec::new();
    let mut seen: rustc_hash::FxHashMap<String, u64> = Default::default();
    let mut problems = Vec::new();
    let mut found = scan(path, &name, &mut |item| match item {
        Item::Header(h) => {
            let col = |n: &str| h.iter().position(|h| h == n);
            columns = Some((col("id"), col("name"), col("group")));
            headers = h.to_vec();
            col("id").is_some()
        }
        Item::Row(line, fields) => {
            let Some((Some(id_col), name_col, group_col)) = columns else {
                return false;
            };
            let id = fields.get(id_col).unwrap_or("");
            if id.is_empty() {
                problems.push(Problem::new(
                    &name,
                    Some(line),
                    said("một đơn vị có mã (id) trống", "a unit has an empty id"),
                ));
                return true;
            }
            if let Some(first) = seen.get(id) {
                problems.push(Problem::new(
                    &name,
                    Some(line),
                    msg!(
                        "đơn vị {id}: có hai lần (lần đầu ở dòng {first})",
                        "unit {id}: listed twice (first on line {first})"
                    ),
                ));
                return true;
            }
            seen.insert(id.to_string(), line);
            let pick =
                |col: Option<usize>| col.and_then(|c| fields.get(c)).filter(|s| !s.is_empty());
            units.push(Unit {
                id: id.to_string(),
                name: pick(name_col).unwrap_or(id).to_string(),
                group: pick(group_col).unwrap_or("all").to_string(),
            });
            true
        }
    })?;
    if let Some((None, _, _)) = columns {
        return Err(vec![Problem::new(
            &name,
            Some(1),
            msg!(
                "tệp đơn vị cần cột `id` (có: {})",
                "a units file needs the column `id` (it has: {})",
                headers.join(", ")
            ),
        )]);
    }
    found.append(&mut problems);
    if found.is_empty() {
        Ok(units)
    } else {
        Err(found)
    }
}

/// The evidence files named by the arguments (files, or every `*.csv` directly inside a
/// folder except `units.csv`), and the `units.csv` files found in those folders.
fn expand(args: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut files = Vec::new();
    let mut units = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let entries = std::fs::read_dir(arg).map_err(|e| Error::io(arg.display(), e))?;
            let mut found = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(arg.display(), e))?;
                let path = entry.path();
                let is_csv = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
                let is_sheet = is_workbook(&path)
                    // Excel's lock file while a workbook is open: ~$name.xlsx
                    && !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$"));
                // The entry's type comes with the folder listing; a link is followed.
                let is_file = match entry.file_type() {
                    Ok(t) if !t.is_symlink() => t.is_file(),
                    _ => path.is_file(),
                };
                if !(is_csv || is_sheet) || !is_file {
                    continue;
                }
                let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase());
                if stem.as_deref() == Some("units") {
                    units.push(path);
                } else {
                    found.push(path);
                }
            }
            if found.is_empty() {
                return Err(Error::invalid(vec![Problem::new(
                    arg.display().to_string(),
                    None,
                    said(
                        "thư mục không có tệp số liệu (.csv, .xlsx) nào",
                        "the folder has no evidence file (.csv, .xlsx)",
                    ),
                )]));
            }
            found.sort();
            files.extend(found);
        } else if arg.exists() {
            files.push(arg.clone());
        } else {
            return Err(Error::Usage(msg!(
                "{}: không có tệp hoặc thư mục này",
                "{}: no such file or folder",
                arg.display()
            )));
        }
    }
    Ok((files, units))
}

impl Evidence {
    /// Reads the units (from `units`, else a `units.csv` in an evidence folder) and finds the
    /// evidence files, with the problems of the units file. `Err` only for usage and I/O errors.
    pub fn load(units: Option<&Path>, args: &[PathBuf]) -> Result<(Evidence, Vec<Problem>)> {
        let (files, units_path) = Evidence::locate(units, args)?;
        let units = units_path.as_deref().map(read_units);
        Ok(Evidence::assemble(files, units_path, units))
    }

    /// The evidence files and the units file's path ([`Evidence::locate`]) with what reading
    /// that file gave ([`read_units`]): the evidence, and the units file's problems.
    pub fn assemble(
        files: Vec<PathBuf>,
        units_path: Option<PathBuf>,
        units: Option<std::result::Result<Vec<Unit>, Vec<Problem>>>,
    ) -> (Evidence, Vec<Problem>) {
        let mut ev = Evidence {
            files,
            units: Vec::new(),
            units_file: units_path.map(|p| p.display().to_string()),
        };
        match units {
            Some(Ok(units)) => ev.units = units,
            // Without a readable units file, "not listed" would be said of every unit: its
            // problems are the only ones reported.
            Some(Err(p)) => {
                ev.files.clear();
                return (ev, p);
            }
            None => {}
        }
        (ev, Vec::new())
    }

    /// The first step of [`Evidence::load`]: the evidence files the arguments name, and the
    /// units file (given, or the one `units.csv` in their folders), which must exist.
    pub fn locate(
        units: Option<&Path>,
        args: &[PathBuf],
    ) -> Result<(Vec<PathBuf>, Option<PathBuf>)> {
        let (files, found_units) = expand(args)?;
        let units_path: Option<PathBuf> = match units {
            Some(p) => Some(p.to_path_buf()),
            None if found_units.len() > 1 => {
                return Err(Error::Usage(
                    said(
                        "nhiều thư mục có units.csv: chỉ rõ tệp cần dùng bằng -u",
                        "several folders have a units.csv: say which one with -u",
                    )
                    .to_string(),
                ));
            }
            None => found_units.into_iter().next(),
        };
        if let Some(p) = &units_path {
            units_file_exists(p)?;
        }
        Ok((files, units_path))
    }

    /// Every input path (criteria excluded), to refuse overwriting one.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .cloned()
            .chain(self.units_file.iter().map(PathBuf::from))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_taken_from_the_header() {
        assert_eq!(
            sniff_delimiter(b"criterion;value;note\n7.5;12,58;a, b"),
            b';'
        );
        assert_eq!(sniff_delimiter(b"criterion,value\n"), b',');
        assert_eq!(sniff_delimiter(b"criterion\tvalue\n"), b'\t');
        // A title without delimiters above a table of semicolons.
        let annex = "Bộ chỉ số CCHC cấp xã, phường\nSTT;Nội dung;Điểm tối đa\n1;A, B;1,5\n";
        assert_eq!(sniff_lines(annex.as_bytes()), b';');
        assert_eq!(sniff_lines(b"Title\nSTT,Content,Max\n1,A,2\n"), b',');
    }

    #[test]
    fn excel_and_utf16_files_are_refused_from_their_first_bytes() {
        assert!(check_start(b"\xEF\xBB\xBFid", "f").is_ok());
        let e = check_start(b"\xFF\xFEi\0d\0", "f").unwrap_err();
        assert!(e.message.contains("UTF-16"));
        let e = check_start(b"PK\x03\x04", "f").unwrap_err();
        assert!(e.message.contains("Excel"));
    }
}
