//! The first sheet of an Excel workbook (or a chosen one, for a criteria table) read as a
//! table, the same columns as a CSV, with bounds: a unit's file must never take the office's
//! run down. Every part of an `.xlsx` is checked not to expand past [`MAX_PART`] before
//! anything is read from it, and the sheet is read cell by cell (never as one grid) within
//! Excel's own limits of rows and columns.
//!
//! Numbers typed in Excel are stored as binary floating point by Excel itself; they are read
//! back as the shortest decimal that gives the same number, which is what the cell shows. A
//! cell formatted as a percentage (0,1258 shown as 12,58%) is read as the percentage. A date
//! in a value column (Excel turns 9/12 into 9 December) is refused with what to type.

use std::io::Read;
use std::path::Path;

use calamine::{Data, DataRef, Reader};

use super::{Checker, Item, Sheet};
use crate::error::Problem;
use crate::lang::{Said, msg, said};
use crate::records::Record;

/// The most bytes a part of an `.xlsx` (a sheet, the shared strings) may expand to: a form
/// of a whole province is a few megabytes; a file that expands past this is broken or built
/// to take the run down (a 3 MB workbook can hold a 3 GB cell).
pub(crate) const MAX_PART: u64 = 128 << 20;

/// Excel's own limits: nothing a unit sends legitimately goes past them.
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;

/// The most bytes an old `.xls` (read whole by its reader) may have.
const MAX_XLS: u64 = 32 << 20;

const EMPTY: Said = Said(
    "trang tính trống (không có dòng tiêu đề)",
    "the sheet is empty (no header row)",
);

/// Reads the first sheet of a workbook (or the one `sheet` names) record by record, as
/// [`super::scan`] does a CSV.
pub(super) fn scan_workbook(
    path: &Path,
    name: &str,
    sheet: &Sheet<'_>,
    each: &mut dyn FnMut(Item<'_>) -> bool,
) -> Result<Vec<Problem>, Vec<Problem>> {
    let fail = |m: String| vec![Problem::new(name, None, m)];
    let resave = said(
        "hãy mở tệp bằng Excel và lưu lại, hoặc lưu thành \"CSV UTF-8\"",
        "open it in Excel and save it again, or save it as \"CSV UTF-8\"",
    );
    let broken = || {
        fail(msg!(
            "không đọc được tệp Excel (tệp hỏng?): {resave}",
            "the Excel file cannot be read (is it damaged?): {resave}"
        ))
    };
    let is_xls = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xls"));
    if is_xls {
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        if size > MAX_XLS {
            return Err(fail(msg!(
                "tệp .xls lớn quá {} MiB: hãy lưu thành .xlsx hoặc \"CSV UTF-8\", hoặc tách tệp",
                "the .xls file is larger than {} MiB: save it as .xlsx or \"CSV UTF-8\", or split it",
                MAX_XLS >> 20
            )));
        }
        let mut book = calamine::open_workbook_auto(path).map_err(|_| broken())?;
        let at = pick_sheet(&book.sheet_names(), sheet.name).map_err(fail)?;
        let range = match book.worksheet_range_at(at) {
            Some(Ok(range)) => range,
            Some(Err(_)) => {
                return Err(fail(msg!(
                    "không đọc được trang tính: {resave}",
                    "the sheet cannot be read: {resave}"
                )));
            }
            None => {
                return Err(fail(
                    said(
                        "tệp Excel không có trang tính nào",
                        "the Excel file has no sheet",
                    )
                    .to_string(),
                ));
            }
        };
        let row0 = range.start().map_or(0, |s| s.0);
        let mut rows = Rows::new(name, range.width(), sheet.raw);
        for (i, row) in range.rows().enumerate() {
            let r = row0 + i as u32;
            for (j, cell) in row.iter().enumerate() {
                rows.set(r, j, cell.clone(), false);
            }
            if !rows.take(r, each) {
                break;
            }
        }
        return rows.checker.finish(EMPTY);
    }
    check_parts(path).map_err(|part| {
        fail(msg!(
            "phần {part} của tệp Excel giải nén ra hơn {} MiB (tệp hỏng, hoặc một ô dán nhầm dữ liệu rất lớn): {resave}, hoặc tách tệp", "the part {part} of the Excel file expands to more than {} MiB (a damaged file, or a huge paste into a cell): {resave}, or split it",
            MAX_PART >> 20
        ))
    })?;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|_| broken())?;
    let names = book.sheet_names();
    let at = pick_sheet(&names, sheet.name).map_err(fail)?;
    let raw = sheet.raw;
    let sheet = names[at].clone();
    // The box of the cells with a value, within Excel's limits; then the rows, one at a time.
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(|_| broken())?;
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0, 0));
    while let Some(cell) = cells.next_cell().map_err(|_| broken())? {
        let (r, c) = cell.get_position();
        if r >= MAX_ROWS || c >= MAX_COLUMNS {
            return Err(fail(msg!(
                "trang tính có ô ở dòng {}, cột {}: quá giới hạn của Excel (1.048.576 dòng, 16.384 cột): {resave}",
                "the sheet has a cell at row {}, column {}: past Excel's limits (1,048,576 rows, 16,384 columns): {resave}",
                u64::from(r) + 1,
                u64::from(c) + 1
            )));
        }
        if !matches!(cell.get_value(), DataRef::Empty) {
            first = (first.0.min(r), first.1.min(c));
            last = (last.0.max(r), last.1.max(c));
        }
    }
    drop(cells);
    if first.0 > last.0 {
        return Err(fail(EMPTY.to_string()));
    }
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(|_| broken())?;
    let percent: Vec<bool> = (cells.styles().iter())
        .map(|s| (s.number_format.as_ref()).is_some_and(|f| f.format_code.contains('%')))
        .collect();
    let mut rows = Rows::new(name, (last.1 - first.1 + 1) as usize, raw);
    let mut row = None;
    while let Some((cell, style)) = cells.next_cell_with_style_id().map_err(|_| broken())? {
        let (r, c) = cell.get_position();
        if r < first.0 || r > last.0 || c < first.1 || c > last.1 {
            continue;
        }
        if let Some(previous) = row.filter(|&p| p != r)
            && !rows.take(previous, each)
        {
            return rows.checker.finish(EMPTY);
        }
        row = Some(r);
        let percent = percent.get(style).copied().unwrap_or(false);
        let value = Data::from(cell.get_value().clone());
        rows.set(r, (c - first.1) as usize, value, percent);
    }
    if let Some(r) = row {
        rows.take(r, each);
    }
    rows.checker.finish(EMPTY)
}

/// The position of the sheet named `wanted` (compared as written, else case and marks
/// aside), or of the first sheet when none is named; a message naming the sheets otherwise.
fn pick_sheet(names: &[String], wanted: Option<&str>) -> Result<usize, String> {
    if names.is_empty() {
        return Err(said(
            "tệp Excel không có trang tính nào",
            "the Excel file has no sheet",
        )
        .to_string());
    }
    let Some(wanted) = wanted else {
        return Ok(0);
    };
    let exact = names.iter().position(|n| n == wanted);
    exact
        .or_else(|| (names.iter()).position(|n| crate::number::fold_eq(n, wanted)))
        .ok_or_else(|| {
            msg!(
                "không có trang tính \"{wanted}\" (các trang tính: {}): hãy chọn --sheet theo tên trên thẻ trang tính", "there is no sheet \"{wanted}\" (the sheets: {}): give --sheet the name on the sheet's tab",
                names.join(", ")
            )
        })
}

/// Whether every part of the `.xlsx` at `path` expands to at most [`MAX_PART`] bytes; the
/// name of the first that does not. Each part is decompressed and counted up to the limit,
/// whatever its header says.
fn check_parts(path: &Path) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    // A file that is not a zip archive is left to the workbook reader, which says so.
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        // A part that cannot be expanded is left to the workbook reader, which says so.
        let expanded = std::io::copy(&mut part.take(MAX_PART + 1), &mut std::io::sink());
        if expanded.unwrap_or(0) > MAX_PART {
            return Err(name);
        }
    }
    Ok(())
}

/// The rows of a sheet as records: the cells of a row, from the table's first column, then
/// the checks every record goes through.
struct Rows<'a> {
    checker: Checker<'a>,
    name: &'a str,
    cells: Vec<String>,
    record: Record,
}

impl<'a> Rows<'a> {
    fn new(name: &'a str, width: usize, raw: bool) -> Self {
        let mut checker = Checker::new(name, b';');
        checker.raw = raw;
        Rows {
            checker,
            name,
            cells: vec![String::new(); width],
            record: Record::default(),
        }
    }

    /// Sets the cell in column `j` (from the table's first) of row `row` (0-based).
    fn set(&mut self, row: u32, j: usize, cell: Data, percent: bool) {
        let numeric = ["value", "self_score", "appraised"]
            .iter()
            .any(|c| self.checker.headers.get(j).is_some_and(|h| h == c));
        let text = match cell {
            Data::Float(f) if percent => shift_point(&f.to_string(), 2),
            Data::Int(n) if percent => format!("{n}00"),
            Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) if numeric => {
                self.checker.problems.push(Problem::new(
                    self.name,
                    Some(u64::from(row) + 1),
                    msg!(
                        "ô {} là ngày tháng (Excel tự đổi khi gõ dạng 9/12): hãy định dạng ô là Text và gõ lại, hoặc gõ '9/12", "the cell {} is a date (Excel turns 9/12 into one as it is typed): format the cell as Text and type it again, or type '9/12",
                        self.checker.headers[j]
                    ),
                ));
                String::new()
            }
            c => c.to_string(),
        };
        if let Some(slot) = self.cells.get_mut(j) {
            *slot = text;
        }
    }

    /// Passes the row (0-based) on as a record, and empties it for the next.
    fn take(&mut self, row: u32, each: &mut dyn FnMut(Item<'_>) -> bool) -> bool {
        self.record.clear();
        for cell in &mut self.cells {
            self.record.push_field(cell);
            cell.clear();
        }
        self.checker
            .take(u64::from(row) + 1, self.record.fields(), each)
    }
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
}
