//! Units and their evidence (tài liệu kiểm chứng), read from CSV as offices produce it
//! (SPEC §3): UTF-8 with or without BOM, comma, semicolon or tab, per-unit files or one long
//! file with a `unit` column, folders of files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};

/// A unit being scored (sở, phòng, xã…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub group: String,
}

/// One evidence row for one (unit, leaf).
#[derive(Clone, Debug, Default)]
pub struct Row {
    /// Index into [`Evidence::files`].
    pub file: usize,
    pub line: u64,
    pub unit: String,
    pub criterion: String,
    pub value: String,
    pub self_score: String,
    pub appraised: String,
    pub evidence: String,
    pub note: String,
}

/// Every unit and evidence row of a run.
#[derive(Debug, Default)]
pub struct Evidence {
    /// The evidence files, as named on the command line or found in folders.
    pub files: Vec<String>,
    pub rows: Vec<Row>,
    /// Units in the order of the units file, or by id when there is none.
    pub units: Vec<Unit>,
    /// The units file, when one was read.
    pub units_file: Option<String>,
    /// For each unit, the file its rows came from (first one seen).
    pub unit_files: HashMap<String, usize>,
    /// Things worth saying that do not stop the run (columns that are not read).
    pub warnings: Vec<Problem>,
}

/// The evidence columns that are read (SPEC §3).
const READ: [&str; 7] = [
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
const MAX_SHORT_CELL: usize = 200;

/// A CSV file read into memory: lowercased header names and the records with their lines.
#[derive(Default)]
pub(crate) struct Table {
    pub(crate) headers: Vec<String>,
    pub(crate) records: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// Takes one row of a file: the first is the header; empty rows are skipped; rows that
    /// cannot be read are reported instead of kept.
    fn take(
        &mut self,
        name: &str,
        line: u64,
        fields: Vec<String>,
        delimiter: u8,
        problems: &mut Vec<Problem>,
    ) {
        if self.headers.is_empty() {
            let hs: Vec<String> = fields.iter().map(|h| h.to_lowercase()).collect();
            for (i, h) in hs.iter().enumerate() {
                if !h.is_empty() && hs[..i].contains(h) {
                    problems.push(Problem::new(
                        name,
                        Some(line),
                        format!("cột \"{h}\" xuất hiện hai lần"),
                    ));
                }
            }
            self.headers = hs;
            return;
        }
        if fields.iter().all(String::is_empty) {
            return;
        }
        if let Some(long) = fields.iter().map(|f| f.chars().count()).max()
            && long > MAX_CELL
        {
            problems.push(Problem::new(
                name,
                Some(line),
                format!(
                    "một ô chứa {long} ký tự (tối đa {MAX_CELL}): có dấu ngoặc kép chưa đóng, hoặc dán nhầm cả cột?"
                ),
            ));
            return;
        }
        if fields.len() != self.headers.len() {
            problems.push(Problem::new(
                name,
                Some(line),
                ragged(fields.len(), self.headers.len(), delimiter),
            ));
            return;
        }
        self.records.push((line, fields));
    }

    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }
}

/// Decodes a file's bytes: UTF-8 with or without BOM; anything else is refused with a hint.
fn decode(bytes: Vec<u8>, name: &str) -> std::result::Result<String, Problem> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Problem::new(
            name,
            None,
            "đây là tệp Excel, không phải CSV: trong Excel chọn Save As → \"CSV UTF-8\"",
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::new(
            name,
            None,
            "tệp mã hóa UTF-16 (\"Unicode text\" của Excel): hãy lưu dưới dạng \"CSV UTF-8\"",
        ));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        return Err(Problem::new(
            name,
            Some(line),
            "tệp có byte NUL: không phải tệp văn bản CSV; hãy lưu dưới dạng \"CSV UTF-8\"",
        ));
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        Problem::new(
            name,
            Some(line),
            "không phải văn bản UTF-8 (có thể là Windows-1258 hoặc TCVN3): hãy lưu tệp dưới dạng \"CSV UTF-8\"",
        )
    })
}

/// The delimiter of a file, from its header line: tab, then semicolon, then comma.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.contains('\t') {
        b'\t'
    } else if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// Reads a CSV file. File-level problems (encoding, empty, unreadable) are an `Err`; row-level
/// problems (ragged rows) are returned beside the good rows so that the rest is still checked.
/// The message for a row with the wrong number of fields, with the likely cause.
fn ragged(found: usize, expected: usize, delimiter: u8) -> String {
    let mut m = format!("dòng có {found} cột, dòng tiêu đề có {expected}");
    if found > expected && delimiter == b',' {
        m.push_str(
            ": trong tệp phân cách bằng dấu phẩy, số có dấu phẩy thập phân phải đặt trong ngoặc kép (\"86,45\"), hoặc lưu tệp với dấu chấm phẩy",
        );
    }
    m
}

pub(crate) fn read_table(
    path: &Path,
    name: &str,
) -> std::result::Result<(Table, Vec<Problem>), Vec<Problem>> {
    if is_workbook(path) {
        return read_xlsx(path, name);
    }
    let bytes = std::fs::read(path).map_err(|e| vec![Problem::new(name, None, e.to_string())])?;
    let text = decode(bytes, name).map_err(|p| vec![p])?;
    if text.trim().is_empty() {
        return Err(vec![Problem::new(
            name,
            None,
            "tệp rỗng (không có dòng tiêu đề)",
        )]);
    }
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    let mut problems = Vec::new();
    let mut last_start: Option<(u64, usize)> = None;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                problems.push(Problem::new(name, line, format!("unreadable CSV: {e}")));
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        last_start = record.position().map(|p| (line, p.byte() as usize));
        let fields: Vec<String> = record.iter().map(|f| f.trim().to_string()).collect();
        table.take(name, line, fields, delimiter, &mut problems);
    }
    // The csv crate reads an unclosed quote as a field running to the end of the file.
    if let Some(&(line, start)) = last_start.as_ref()
        && text[start.min(text.len())..].matches('"').count() % 2 == 1
    {
        problems.push(Problem::new(
            name,
            Some(line),
            "dấu ngoặc kép (\") mở ở dòng này không được đóng",
        ));
        table.records.pop_if(|(l, _)| *l == line);
    }
    Ok((table, problems))
}

/// Reads the first sheet of an Excel workbook as a table: the same columns as the CSV.
/// Numbers typed in Excel are stored as binary floating point by Excel itself; they are read
/// back as the shortest decimal that gives the same number, which is what the cell shows.
/// A cell formatted as a percentage (0,1258 shown as 12,58%) is read as the percentage. A
/// date in a value column (Excel turns 9/12 into 9 December) is refused with what to type.
fn read_xlsx(path: &Path, name: &str) -> std::result::Result<(Table, Vec<Problem>), Vec<Problem>> {
    use calamine::{Data, Reader};
    let fail = |m: String| vec![Problem::new(name, None, m)];
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| fail(format!("không đọc được tệp Excel: {e}")))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(fail(format!("không đọc được trang tính đầu tiên: {e}"))),
        None => return Err(fail("tệp Excel không có trang tính nào".to_string())),
    };
    let styles = book
        .sheet_names()
        .first()
        .cloned()
        .and_then(|sheet| book.worksheet_style(&sheet).ok());
    let percent = |pos: (u32, u32)| {
        styles
            .as_ref()
            .and_then(|s| s.get(pos))
            .and_then(|style| style.number_format.as_ref())
            .is_some_and(|f| f.format_code.contains('%'))
    };
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut table = Table::default();
    let mut problems = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let r = row0 + i as u32;
        let line = u64::from(r) + 1;
        let mut fields = Vec::with_capacity(row.len());
        for (j, cell) in row.iter().enumerate() {
            let pos = (r, col0 + j as u32);
            let numeric = ["value", "self_score", "appraised"]
                .iter()
                .any(|c| table.headers.get(j).is_some_and(|h| h == c));
            let text = match cell {
                Data::Float(f) if percent(pos) => shift_point(&f.to_string(), 2),
                Data::Int(n) if percent(pos) => format!("{n}00"),
                Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) if numeric => {
                    problems.push(Problem::new(
                        name,
                        Some(line),
                        format!(
                            "ô {} là ngày tháng (Excel tự đổi khi gõ dạng 9/12): hãy định dạng ô là Text và gõ lại, hoặc gõ '9/12",
                            table.headers[j]
                        ),
                    ));
                    String::new()
                }
                c => c.to_string(),
            };
            fields.push(text.trim().to_string());
        }
        table.take(name, line, fields, b';', &mut problems);
    }
    if table.headers.is_empty() {
        return Err(fail(
            "trang tính đầu tiên trống (không có dòng tiêu đề)".to_string(),
        ));
    }
    Ok((table, problems))
}

/// Moves the decimal point of a plain decimal `places` digits to the right ("0.1258" →
/// "12.58"), exactly, on the digits.
fn shift_point(number: &str, places: usize) -> String {
    let (sign, body) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let frac = format!("{frac:0<places$}");
    let (moved, rest) = frac.split_at(places);
    let int = format!("{int}{moved}");
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if rest.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{rest}")
    }
}

/// An Excel workbook, by its extension.
fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xls"))
}

/// Reads a units file (`id,name,group`; more columns are ignored).
pub fn read_units(path: &Path) -> std::result::Result<Vec<Unit>, Vec<Problem>> {
    let name = path.display().to_string();
    let (table, mut problems) = read_table(path, &name)?;
    let Some(id_col) = table.column("id") else {
        return Err(vec![Problem::new(
            &name,
            Some(1),
            format!("tệp đơn vị cần cột `id` (có: {})", table.headers.join(", ")),
        )]);
    };
    let name_col = table.column("name");
    let group_col = table.column("group");
    let mut units: Vec<Unit> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, fields) in &table.records {
        let id = fields[id_col].clone();
        if id.is_empty() {
            problems.push(Problem::new(
                &name,
                Some(*line),
                "một đơn vị có mã (id) trống",
            ));
            continue;
        }
        if let Some(first) = seen.get(&id) {
            problems.push(Problem::new(
                &name,
                Some(*line),
                format!("đơn vị {id}: có hai lần (lần đầu ở dòng {first})"),
            ));
            continue;
        }
        seen.insert(id.clone(), *line);
        let pick = |col: Option<usize>| col.map(|c| fields[c].clone()).filter(|s| !s.is_empty());
        units.push(Unit {
            name: pick(name_col).unwrap_or_else(|| id.clone()),
            group: pick(group_col).unwrap_or_else(|| "all".to_string()),
            id,
        });
    }
    if problems.is_empty() {
        Ok(units)
    } else {
        Err(problems)
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
                let path = entry.map_err(|e| Error::io(arg.display(), e))?.path();
                let is_csv = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
                let is_sheet = is_workbook(&path)
                    // Excel's lock file while a workbook is open: ~$name.xlsx
                    && !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$"));
                if !(is_csv || is_sheet) || !path.is_file() {
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
                    "thư mục không có tệp số liệu (.csv, .xlsx) nào",
                )]));
            }
            found.sort();
            files.extend(found);
        } else if arg.exists() {
            files.push(arg.clone());
        } else {
            return Err(Error::Usage(format!(
                "{}: không có tệp hoặc thư mục này",
                arg.display()
            )));
        }
    }
    Ok((files, units))
}

impl Evidence {
    /// Reads the units (from `units`, else a `units.csv` in an evidence folder, else the ids
    /// met in the evidence) and every readable evidence row, with the problems found in all
    /// files. `Err` only for usage and I/O errors.
    pub fn load(units: Option<&Path>, args: &[PathBuf]) -> Result<(Evidence, Vec<Problem>)> {
        let (files, found_units) = expand(args)?;
        let units_path: Option<PathBuf> = match units {
            Some(p) => Some(p.to_path_buf()),
            None if found_units.len() > 1 => {
                return Err(Error::Usage(
                    "nhiều thư mục có units.csv: chỉ rõ tệp cần dùng bằng -u".to_string(),
                ));
            }
            None => found_units.into_iter().next(),
        };
        let mut problems = Vec::new();
        let mut ev = Evidence::default();
        if let Some(p) = &units_path {
            if !p.is_file() {
                return Err(Error::Usage(format!(
                    "{}: không có tệp đơn vị này",
                    p.display()
                )));
            }
            ev.units_file = Some(p.display().to_string());
            match read_units(p) {
                Ok(u) => ev.units = u,
                Err(p) => {
                    // Without a readable units file, "not listed" would be said of every unit.
                    problems.extend(p);
                    return Ok((ev, problems));
                }
            }
        }
        // Files are read and parsed on every core; their rows are taken in file order.
        let bar = crate::par::progress(files.len(), "đọc tệp");
        let tables = crate::par::map(&files, |path| {
            let table = read_table(path, &path.display().to_string());
            bar.inc(1);
            table
        });
        bar.finish_and_clear();
        for (path, table) in files.iter().zip(tables) {
            let index = ev.files.len();
            ev.files.push(path.display().to_string());
            match table {
                Ok((table, p)) => {
                    problems.extend(p);
                    ev.add_rows(path, index, table, &mut problems);
                }
                Err(p) => problems.extend(p),
            }
        }
        ev.check_units(&mut problems);
        Ok((ev, problems))
    }

    fn add_rows(&mut self, path: &Path, file: usize, table: Table, problems: &mut Vec<Problem>) {
        let name = &self.files[file];
        let Some(crit) = table.column("criterion") else {
            problems.push(Problem::new(
                name,
                Some(1),
                format!(
                    "tệp số liệu cần cột `criterion` (có: {})",
                    table.headers.join(", ")
                ),
            ));
            return;
        };
        if table.column("value").is_none() {
            problems.push(Problem::new(
                name,
                Some(1),
                format!(
                    "tệp số liệu cần cột `value` (có: {})",
                    table.headers.join(", ")
                ),
            ));
            return;
        }
        for h in &table.headers {
            if !h.is_empty() && !READ.contains(&h.as_str()) && !DESCRIPTIVE.contains(&h.as_str()) {
                self.warnings.push(Problem::new(
                    name,
                    Some(1),
                    format!(
                        "column \"{h}\" không được đọc (các cột được đọc: {})",
                        READ.join(", ")
                    ),
                ));
            }
        }
        let unit_col = table.column("unit");
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_string())
            .unwrap_or_default();
        let col = |n: &str| table.column(n);
        let (value, self_score, appraised, evidence, note) = (
            col("value"),
            col("self_score"),
            col("appraised"),
            col("evidence"),
            col("note"),
        );
        // Units reported as having evidence in another file (once per file).
        let mut reported = std::collections::HashSet::new();
        // A per-unit file names its unit even when it has no rows yet.
        if unit_col.is_none() && !stem.is_empty() {
            match self.unit_files.get(&stem) {
                Some(&f) if f != file => {
                    reported.insert(stem.clone());
                    problems.push(Problem::new(
                        name,
                        None,
                        format!(
                            "đơn vị {stem}: đã có số liệu trong {}; mỗi đơn vị chỉ một tệp",
                            self.files[f]
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    self.unit_files.insert(stem.clone(), file);
                }
            }
        }
        for (line, mut fields) in table.records {
            let unit = match unit_col {
                Some(c) => fields[c].clone(),
                None => stem.clone(),
            };
            if unit.is_empty() {
                problems.push(Problem::new(
                    name,
                    Some(line),
                    "dòng không có đơn vị (unit)",
                ));
                continue;
            }
            let short = [Some(crit), unit_col, value, self_score, appraised];
            if let Some(c) = short
                .iter()
                .flatten()
                .find(|&&c| fields[c].chars().count() > MAX_SHORT_CELL)
            {
                problems.push(Problem::new(
                    name,
                    Some(line),
                    format!("ô {} dài quá {MAX_SHORT_CELL} ký tự", table.headers[*c]),
                ));
                continue;
            }
            if fields[crit].is_empty() {
                problems.push(Problem::new(
                    name,
                    Some(line),
                    format!("đơn vị {unit}: dòng không có mã tiêu chí (criterion)"),
                ));
                continue;
            }
            match self.unit_files.get(&unit) {
                Some(&f) if f != file => {
                    if reported.insert(unit.clone()) {
                        problems.push(Problem::new(
                            name,
                            Some(line),
                            format!(
                                "đơn vị {unit}: đã có số liệu trong {}; mỗi đơn vị chỉ một tệp",
                                self.files[f]
                            ),
                        ));
                    }
                    continue;
                }
                Some(_) => {}
                None => {
                    self.unit_files.insert(unit.clone(), file);
                }
            }
            // Each cell is moved into the row, not copied.
            let mut get = |c: Option<usize>| {
                c.map(|c| std::mem::take(&mut fields[c]))
                    .unwrap_or_default()
            };
            self.rows.push(Row {
                file,
                line,
                unit,
                criterion: get(Some(crit)),
                value: get(value),
                self_score: get(self_score),
                appraised: get(appraised),
                evidence: get(evidence),
                note: get(note),
            });
        }
    }

    /// Every unit in the evidence must be listed in the units file; without one, the units
    /// are the ids met in the evidence, in group `all`.
    fn check_units(&mut self, problems: &mut Vec<Problem>) {
        if let Some(units_file) = &self.units_file {
            let known: std::collections::HashSet<&str> =
                self.units.iter().map(|u| u.id.as_str()).collect();
            let mut reported = std::collections::HashSet::new();
            for row in &self.rows {
                if !known.contains(row.unit.as_str()) && reported.insert(row.unit.as_str()) {
                    problems.push(Problem::new(
                        &self.files[row.file],
                        Some(row.line),
                        format!(
                            "đơn vị {}: không có trong tệp đơn vị {units_file}",
                            row.unit
                        ),
                    ));
                }
            }
            // Files with a header only name a unit too.
            let mut named: Vec<(&String, &usize)> = self.unit_files.iter().collect();
            named.sort();
            for (unit, &file) in named {
                if !known.contains(unit.as_str()) && reported.insert(unit.as_str()) {
                    problems.push(Problem::new(
                        &self.files[file],
                        None,
                        format!("đơn vị {unit}: không có trong tệp đơn vị {units_file}"),
                    ));
                }
            }
        } else {
            let mut ids: Vec<&String> = self.unit_files.keys().collect();
            ids.sort();
            self.units = ids
                .into_iter()
                .map(|id| Unit {
                    id: id.clone(),
                    name: id.clone(),
                    group: "all".to_string(),
                })
                .collect();
        }
    }

    /// Every input path (criteria excluded), to refuse overwriting one.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .chain(self.units_file.iter())
            .map(PathBuf::from)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_cells_move_the_point_exactly() {
        assert_eq!(shift_point("0.1258", 2), "12.58");
        assert_eq!(shift_point("0.9796", 2), "97.96");
        assert_eq!(shift_point("1", 2), "100");
        assert_eq!(shift_point("0.5", 2), "50");
        assert_eq!(shift_point("-0.001", 2), "-0.1");
        assert_eq!(shift_point("12.3456", 2), "1234.56");
    }

    #[test]
    fn delimiter_is_taken_from_the_header() {
        assert_eq!(
            sniff_delimiter("criterion;value;note\n7.5;12,58;a, b"),
            b';'
        );
        assert_eq!(sniff_delimiter("criterion,value\n"), b',');
        assert_eq!(sniff_delimiter("criterion\tvalue\n"), b'\t');
    }

    #[test]
    fn bom_is_dropped_and_other_encodings_refused() {
        assert_eq!(decode(b"\xEF\xBB\xBFid".to_vec(), "f").unwrap(), "id");
        let e = decode(b"\xFF\xFEi\0d\0".to_vec(), "f").unwrap_err();
        assert!(e.message.contains("UTF-16"));
        let e = decode(b"id\nH\xe0 N\xf4i\n".to_vec(), "f").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("UTF-8"));
    }
}
