//! The Excel workbook of `report -o FILE.xlsx`: the ranking, the unit × component matrix,
//! every leaf, the gaps by office and the self-assessment against the appraisal, one sheet
//! each, with headers in the language of `--lang` (Vietnamese by default).
//!
//! Numbers are stored as numbers (the printed, rounded value) with a `places`-decimal number
//! format, so a Vietnamese Excel shows "89,45" in its own locale. Every text cell is written
//! as a string, and text that would start a formula elsewhere (`=`, `+`, `-`, `@`) is
//! prefixed with an apostrophe. The same result gives a byte-identical file: the document
//! dates are fixed.
//!
//! A sheet is titled tables whose rows are made when asked ([`Rows`]): each sheet is made
//! twice, once to measure its columns and once to write it, and its rows are never held. A
//! whole country's leaves are 400.000 rows.

use std::sync::OnceLock;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Table, TableColumn, TableStyle, Workbook,
    Worksheet, XlsxError,
};

use crate::criteria::Criteria;
use crate::lang::{Lang, tr};
use crate::number::Rational;
use crate::report::{Doc, Val, heading, neutralise};
use crate::score::ScoreResult;

mod form;
mod report;

pub use form::form;

/// Widest column of the report's sheets, in Excel's character units; longer text wraps.
const MAX_WIDTH: usize = 60;
/// Widest column of a unit's result sheet, printed on A4 portrait: text columns wrap sooner.
const SHEET_WIDTH: usize = 20;
const MIN_WIDTH: usize = 6;
/// The most rows written as an Excel table; a longer list gets a header and a filter.
const TABLE_ROWS: usize = 20_000;

/// A cell before it is written; its text is borrowed from the result.
#[derive(Clone, Copy, Debug)]
enum Cell<'a> {
    /// Text; empty text is an empty cell.
    Text(&'a str),
    /// A rounded result: written as a number with `places` decimals.
    Num(Rational),
    /// A change: as `Num`, with its sign shown ("+1,25").
    Delta(Rational),
    Int(usize),
    Empty,
}

fn opt_num(r: Option<Rational>) -> Cell<'static> {
    r.map(Cell::Num).unwrap_or(Cell::Empty)
}

fn opt_text(s: Option<&str>) -> Cell<'_> {
    s.map(Cell::Text).unwrap_or(Cell::Empty)
}

/// The rows of a table, made when asked: each call hands every row to the sink, in order.
type Rows<'a> = Box<dyn Fn(&mut dyn FnMut(&[Cell])) + Send + Sync + 'a>;

/// One titled table of a sheet.
struct Block<'a> {
    /// A line above the table (none for a sheet's only table: the sheet's title says it).
    title: Option<String>,
    header: Vec<String>,
    rows: Rows<'a>,
}

struct Sheet<'a> {
    name: &'static str,
    title: String,
    /// Lines under the title (who and what the sheet is about); they do not widen the
    /// columns.
    intro: Vec<String>,
    blocks: Vec<Block<'a>>,
    /// Lines below the tables (legends); they do not widen the columns.
    notes: Vec<String>,
    /// Columns kept in view when scrolling right (ids and names).
    frozen_cols: u16,
    landscape: bool,
    /// Widest column, in Excel's character units; longer text wraps.
    max_width: usize,
    /// The block whose header row is printed at the top of every page (by default the
    /// header of a sheet's only table).
    repeat: Option<usize>,
}

/// The formats of one workbook.
struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    wrap: Format,
    number: Format,
    delta: Format,
    int: Format,
}

/// The format of a table cell, by what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Text,
    Wrap,
    Number,
    Delta,
    Int,
}

impl Formats {
    fn new(places: u32) -> Formats {
        let decimals = if places == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(places as usize))
        };
        let cell = Format::new().set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            subtitle: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap(),
            number: cell.clone().set_num_format(&decimals),
            delta: cell
                .clone()
                .set_num_format(format!("+{decimals};-{decimals};{decimals}")),
            int: cell.set_num_format("0"),
        }
    }

    fn all(&self) -> [&Format; 8] {
        [
            &self.title,
            &self.subtitle,
            &self.header,
            &self.text,
            &self.wrap,
            &self.number,
            &self.delta,
            &self.int,
        ]
    }

    fn of(&self, style: Style) -> &Format {
        match style {
            Style::Text => &self.text,
            Style::Wrap => &self.wrap,
            Style::Number => &self.number,
            Style::Delta => &self.delta,
            Style::Int => &self.int,
        }
    }
}

/// The workbook for a result.
pub fn xlsx(criteria: &Criteria, result: &ScoreResult, lang: Lang) -> Result<Vec<u8>, String> {
    let sheets = report::sheets(criteria, result, lang);
    build(
        &heading(criteria, result, lang),
        criteria.places,
        &sheets,
        report::SPLIT,
        lang,
    )
    .map_err(|e| format!("không tạo được tệp Excel: {e}"))
}

/// A document (a unit's result sheet) as a workbook of one sheet `name`, to print on A4
/// portrait, with the header of its last table on every printed page.
pub fn doc(doc: &Doc, name: &'static str) -> Result<Vec<u8>, String> {
    let blocks = doc
        .sections
        .iter()
        .map(|s| Block {
            title: Some(s.title.clone()),
            header: s.header.clone(),
            rows: Box::new(move |sink| {
                let mut cells = Vec::new();
                for r in &s.rows {
                    cells.clear();
                    cells.extend(r.iter().map(Cell::from));
                    sink(&cells);
                }
            }),
        })
        .collect();
    let sheet = Sheet {
        name,
        title: doc.title.clone(),
        intro: doc.intro.clone(),
        blocks,
        notes: doc.footer.clone(),
        frozen_cols: 0,
        landscape: false,
        max_width: SHEET_WIDTH,
        repeat: doc.sections.len().checked_sub(1),
    };
    build(&doc.title, doc.places, &[sheet], 1, doc.lang)
        .map_err(|e| format!("không tạo được tệp Excel: {e}"))
}

impl<'a> From<&'a Val> for Cell<'a> {
    fn from(v: &'a Val) -> Cell<'a> {
        match v {
            Val::Text(s) => Cell::Text(s),
            Val::Num(r) => Cell::Num(*r),
            Val::Delta(r) => Cell::Delta(*r),
            Val::Int(n) => Cell::Int(*n),
            Val::Signed(n) => Cell::Delta(Rational::from_int(i128::from(*n))),
        }
    }
}

/// The workbook of `sheets`; the first `split` are written on one thread while the others are
/// written on another.
fn build(
    title: &str,
    places: u32,
    sheets: &[Sheet],
    split: usize,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // Fixed dates: the same result gives the same bytes.
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let properties = DocProperties::new()
        .set_title(title)
        .set_subject(lang.pick(
            "Chỉ số cải cách hành chính (PAR INDEX)",
            "Public Administration Reform Index (PAR INDEX)",
        ))
        .set_author(format!("parindex {}", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&date);
    workbook.set_properties(&properties);
    // A whole country's report is 10 million cells, 700 MB of XML, compressed on one thread
    // once every sheet is written. At zip's default level (6) that took a third of the time
    // (W1: 17,2 s, 57 MB). Measured on W1 once the cells were cheap: level 3 (zlib's
    // "medium") 3,0-3,7 s for 65 MB, level 2 ("fast") 1,6-2,2 s for 65 MB, level 1 ("quick")
    // 1,1 s for 93 MB.
    workbook.set_zip_compression_level(2);
    let formats = Formats::new(places);
    // A format's number is given when it is first used: used first in a fixed order, the
    // sheets below can be written on two threads and give the same bytes every time.
    for format in formats.all() {
        workbook.register_format(format);
    }
    // The sheets in two halves, each written in order on a thread of its own (on one
    // thread with PARINDEX_THREADS=1): the first `split` sheets, and the others.
    let split = split.min(sheets.len());
    // Rows are written to temporary files as they are made (rust_xlsxwriter's constant
    // memory). The first half's texts go to the workbook's table of shared strings, each
    // stored once and its cells numbered after it: the leaves repeat every unit's name and
    // every rule in words 3.321 times, and the XML is a third shorter. The second half keeps
    // its texts in its cells: a table filled from two threads would number its strings in
    // whichever order they came, and the file would differ from run to run.
    let mut worksheets = (0..sheets.len())
        .map(|i| {
            if i < split {
                workbook.new_worksheet_with_low_memory()
            } else {
                workbook.new_worksheet_with_constant_memory()
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Each sheet is measured (a first pass over its rows), then written. The second half
    // is the heavier (W1: 2,8 s against 2,2 s): its thread writes its sheets last first,
    // while the first thread measures them all but that last one before writing its own.
    // A measure is made once, by whichever thread asks first; the other waits for it.
    let measures: Vec<OnceLock<Measure>> = sheets.iter().map(|_| OnceLock::new()).collect();
    let measured = |i: usize| measures[i].get_or_init(|| measure(&sheets[i]));
    let write = |ws: &mut Worksheet, i: usize| {
        write_sheet(ws, &sheets[i], measured(i), places, &formats, lang)
    };
    let (first, second) = worksheets.split_at_mut(split);
    let (a, b) = rayon::join(
        || {
            for i in split..sheets.len().saturating_sub(1) {
                measured(i);
            }
            first
                .iter_mut()
                .enumerate()
                .try_for_each(|(i, ws)| write(ws, i))
        },
        || {
            second
                .iter_mut()
                .enumerate()
                .rev()
                .try_for_each(|(k, ws)| write(ws, split + k))
        },
    );
    a?;
    b?;
    for ws in worksheets {
        workbook.push_worksheet(ws);
    }
    workbook.save_to_buffer()
}

/// The powers of ten that are exact doubles.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The number shown: the value rounded to `places`, as Excel stores numbers.
fn shown(r: Rational, places: u32) -> Result<f64, XlsxError> {
    number(r, places).map(|(x, _)| x)
}

/// The number shown, and the length of its printed form ("72,81", "-0,05").
fn number(r: Rational, places: u32) -> Result<(f64, usize), XlsxError> {
    // The rounded value in units of 10^-places. Below 2^53 the units and the power of ten are
    // exact doubles, and their quotient is rounded once: the double nearest the decimal, the
    // one that reading the printed number gives, without printing it.
    if let (Some(units), Some(&pow)) = (r.scaled(places), POW10.get(places as usize))
        && units.unsigned_abs() < 1 << 53
    {
        // At least one digit before the separator: 5 units at 2 places are 0,05.
        let digits = digits(units.unsigned_abs());
        let printed = usize::from(units < 0) + digits.max(places as usize + 1);
        return Ok((units as f64 / pow, printed + usize::from(places > 0)));
    }
    let s = r.format(places, '.');
    let x = s
        .parse::<f64>()
        .map_err(|_| XlsxError::ParameterError(format!("số không đọc được: {s}")))?;
    Ok((x, s.len()))
}

fn digits(n: u128) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// How wide a text is, in characters: its longest line.
fn text_width(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// What a sheet's tables hold, from a first pass over their rows.
struct Measure {
    /// Each column's width in characters: its widest text, or the longest word of a header.
    /// Numbers are measured as they are written: they never make a column wrap.
    widths: Vec<usize>,
    /// The rows of each block.
    rows: Vec<usize>,
    /// How many cells of each column are text, numbers, changes and counts.
    kinds: Vec<[usize; 4]>,
}

fn measure(sheet: &Sheet) -> Measure {
    let columns = sheet
        .blocks
        .iter()
        .map(|b| b.header.len())
        .max()
        .unwrap_or(0);
    let mut widths = vec![MIN_WIDTH; columns];
    let mut kinds = vec![[0; 4]; columns];
    let mut rows = Vec::with_capacity(sheet.blocks.len());
    for b in &sheet.blocks {
        for (w, h) in widths.iter_mut().zip(&b.header) {
            // Headers wrap on their words: the longest word must fit.
            let word = h.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
            *w = (*w).max(word + 3);
        }
        let mut n = 0;
        (b.rows)(&mut |row| {
            n += 1;
            for ((w, k), c) in widths.iter_mut().zip(&mut kinds).zip(row) {
                match c {
                    Cell::Text("") | Cell::Empty => {}
                    Cell::Text(s) => {
                        k[0] += 1;
                        // A text has no more characters than bytes: most need no counting.
                        if s.len() + 2 > *w {
                            *w = (*w).max(text_width(s) + 2);
                        }
                    }
                    Cell::Num(_) => k[1] += 1,
                    Cell::Delta(_) => k[2] += 1,
                    Cell::Int(_) => k[3] += 1,
                }
            }
        });
        rows.push(n);
    }
    Measure {
        widths,
        rows,
        kinds,
    }
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    m: &Measure,
    places: u32,
    f: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    // Numbers widen the columns as they are written.
    let mut widths = m.widths.clone();
    // Column widths over every table of the sheet; long text wraps at max_width.
    let wrapped: Vec<bool> = m.widths.iter().map(|&w| w > sheet.max_width).collect();
    // Each column's usual cell format is the column's own: a cell with that format is
    // written without one, and takes the column's. rust_xlsxwriter hashes the whole format
    // of every cell written with one, which was a third of the instructions of a large sheet.
    let columns: Vec<Option<Style>> = m
        .kinds
        .iter()
        .zip(&wrapped)
        .map(|(k, &wrap)| {
            let (most, &count) = k.iter().enumerate().rev().max_by_key(|(_, n)| **n)?;
            let text = if wrap { Style::Wrap } else { Style::Text };
            (count > 0).then_some([text, Style::Number, Style::Delta, Style::Int][most])
        })
        .collect();
    for (i, style) in columns.iter().enumerate() {
        if let Some(style) = style {
            ws.set_column_format(i as u16, f.of(*style))?;
        }
    }

    ws.write_string_with_format(0, 0, neutralise(&sheet.title), &f.title)?;
    let mut row: u32 = 1;
    for line in &sheet.intro {
        ws.write_string_with_format(row, 0, neutralise(line), &f.text)?;
        row += 1;
    }
    let mut first_header = None;
    let mut repeated = None;
    // A sheet has one filter of its own (tables have theirs).
    let mut filtered = false;
    for (k, (b, &rows)) in sheet.blocks.iter().zip(&m.rows).enumerate() {
        if k > 0 {
            row += 1;
        }
        if let Some(t) = &b.title {
            ws.write_string_with_format(row, 0, neutralise(t), &f.subtitle)?;
            row += 1;
        }
        if rows == 0 {
            ws.write_string_with_format(row, 0, lang.pick("(không có)", "(none)"), &f.text)?;
            row += 1;
            continue;
        }
        let header_row = row;
        first_header.get_or_insert(header_row);
        if sheet.repeat == Some(k) {
            repeated = Some(header_row);
        }
        let last_col = b.header.len().saturating_sub(1) as u16;
        let last_row = header_row + rows as u32;
        // An Excel table (banded, with filters) up to TABLE_ROWS rows; beyond, the header and
        // a filter. rust_xlsxwriter records every cell of a table in a hash map to refuse
        // overlaps: for the leaves of a whole country (4 million cells) that took a sixth of
        // the time and gigabytes of memory. The table is added, and writes its header, while
        // its header row is the row being written: sheets are written row by row (constant
        // memory), and a row cannot be written once the next one is started.
        if rows <= TABLE_ROWS {
            let columns: Vec<TableColumn> = b
                .header
                .iter()
                .map(|h| {
                    TableColumn::new()
                        .set_header(neutralise(h))
                        .set_header_format(&f.header)
                })
                .collect();
            let table = Table::new()
                .set_columns(&columns)
                .set_style(TableStyle::Light9);
            ws.add_table(header_row, 0, last_row, last_col, &table)?;
        } else {
            for (c, h) in b.header.iter().enumerate() {
                ws.write_string_with_format(header_row, c as u16, neutralise(h), &f.header)?;
            }
            if !filtered {
                ws.autofilter(header_row, 0, last_row, last_col)?;
                filtered = true;
            }
        }
        let mut r = header_row;
        let mut failed = None;
        (b.rows)(&mut |cells| {
            r += 1;
            if failed.is_none()
                && let Err(e) = write_row(ws, r, cells, &wrapped, &columns, &mut widths, places, f)
            {
                failed = Some(e);
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        row = last_row + 1;
    }
    if !sheet.notes.is_empty() {
        row += 1;
    }
    for note in &sheet.notes {
        ws.write_string_with_format(row, 0, neutralise(note), &f.text)?;
        row += 1;
    }

    // The widths are stored with the sheet, not with its rows: they can be set last.
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, (*w).min(sheet.max_width) as f64)?;
    }

    // The header stays in view when the sheet has one table; the title always.
    let freeze_row = match (sheet.blocks.len(), first_header) {
        (1, Some(h)) => h + 1,
        _ => 1,
    };
    ws.set_freeze_panes(freeze_row, sheet.frozen_cols)?;
    // Print: A4, one page wide, the title and header on every page.
    ws.set_paper_size(9);
    if sheet.landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    if let Some(header) = repeated {
        ws.set_repeat_rows(header, header)?;
    } else if freeze_row > 1 {
        ws.set_repeat_rows(0, freeze_row - 1)?;
    }
    Ok(())
}

/// Writes one row of a table, and widens the columns to its numbers; a cell whose format is
/// its column's is written without one.
#[allow(clippy::too_many_arguments)]
fn write_row(
    ws: &mut Worksheet,
    r: u32,
    cells: &[Cell],
    wrapped: &[bool],
    columns: &[Option<Style>],
    widths: &mut [usize],
    places: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, cell) in cells.iter().enumerate() {
        let (style, (x, printed)) = match *cell {
            Cell::Text("") | Cell::Empty => continue,
            Cell::Text(s) => {
                let style = match wrapped.get(c) {
                    Some(true) => Style::Wrap,
                    _ => Style::Text,
                };
                let s = neutralise(s);
                let col = c as u16;
                if columns.get(c) == Some(&Some(style)) {
                    ws.write_string(r, col, s)?;
                } else {
                    ws.write_string_with_format(r, col, s, f.of(style))?;
                }
                continue;
            }
            // A number is as wide as its printed form and one more character.
            Cell::Num(x) => (Style::Number, number(x, places)?),
            Cell::Delta(x) => (Style::Delta, number(x, places)?),
            Cell::Int(n) => (Style::Int, (n as f64, digits(n as u128) - 1)),
        };
        if let Some(w) = widths.get_mut(c) {
            *w = (*w).max(printed + 3);
        }
        if columns.get(c) == Some(&Some(style)) {
            ws.write_number(r, c as u16, x)?;
        } else {
            ws.write_number_with_format(r, c as u16, x, f.of(style))?;
        }
    }
    Ok(())
}

fn title(criteria: &Criteria, result: &ScoreResult, what: &str, lang: Lang) -> String {
    format!("{what} — {}", heading(criteria, result, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_neutralised() {
        for s in ["=1+2", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        for s in ["UBND huyện Bắc Sơn", "1.1", "", "'quoted", "—"] {
            assert_eq!(neutralise(s), s);
        }
    }

    #[test]
    fn number_formats_follow_places() {
        assert_eq!(shown(Rational::new(7281, 100).unwrap(), 2).unwrap(), 72.81);
        assert_eq!(shown(Rational::new(1, 3).unwrap(), 2).unwrap(), 0.33);
        assert_eq!(shown(Rational::new(1, 8).unwrap(), 2).unwrap(), 0.13);
    }

    #[test]
    fn the_number_shown_is_the_printed_number_read_back() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..50_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let num = (x % 2_000_000_000) as i128 - 1_000_000_000;
            let den = [1, 3, 7, 8, 100, 1000, 12_345][(i % 7) as usize];
            let r = Rational::new(num, den).unwrap();
            for places in [0, 1, 2, 3, 4, 10] {
                let printed = r.format(places, ',');
                let read: f64 = printed.replace(',', ".").parse().unwrap();
                let what = format!("{num}/{den} at {places}");
                assert_eq!(number(r, places).unwrap(), (read, printed.len()), "{what}");
            }
        }
        // Beyond 2^53 units: read back from the printed number.
        let big = Rational::new(123_456_789_012_345_678_901, 100).unwrap();
        assert_eq!(
            number(big, 2).unwrap(),
            (1_234_567_890_123_456_789.01, "1234567890123456789.01".len())
        );
        for (n, d) in [(0, 1), (9, 1), (10, 2), (12_345, 5), (u128::MAX, 39)] {
            assert_eq!(digits(n), d, "{n}");
        }
        assert_eq!(text_width("Bắc Sơn\nmột"), 7);
    }
}
