//! The Excel workbook of `report -o FILE.xlsx`: the ranking, the unit × component matrix,
//! every leaf, the gaps by office and the self-assessment against the appraisal, one sheet
//! each, with headers in the language of `--lang` (Vietnamese by default).
//!
//! Numbers are stored as numbers (the printed, rounded value) with a `places`-decimal number
//! format, so a Vietnamese Excel shows "89,45" in its own locale. Every text cell is written
//! as a string, and text that would start a formula elsewhere (`=`, `+`, `-`, `@`) is
//! prefixed with an apostrophe. The same result gives a byte-identical file: the document
//! dates are fixed.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Table, TableColumn, TableStyle, Workbook,
    Worksheet, XlsxError,
};

use crate::appraisal::{LeafLine, appraisal_lists, compared, component_of, gaps_of, office_label};
use crate::criteria::{Criteria, Kind};
use crate::lang::{Lang, tr};
use crate::number::Rational;
use crate::report::{Doc, Val, heading, neutralise, strings};
use crate::score::ScoreResult;

mod form;

pub use form::form;

/// Widest column of the report's sheets, in Excel's character units; longer text wraps.
const MAX_WIDTH: usize = 60;
/// Widest column of a unit's result sheet, printed on A4 portrait: text columns wrap sooner.
const SHEET_WIDTH: usize = 20;
const MIN_WIDTH: usize = 6;
/// The most rows written as an Excel table; a longer list gets a header and a filter.
const TABLE_ROWS: usize = 20_000;

/// A cell before it is written.
#[derive(Clone, Debug)]
enum Cell {
    Text(String),
    /// A rounded result: written as a number with `places` decimals.
    Num(Rational),
    /// A change: as `Num`, with its sign shown ("+1,25").
    Delta(Rational),
    Int(usize),
    Empty,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_num(r: Option<Rational>) -> Cell {
    r.map(Cell::Num).unwrap_or(Cell::Empty)
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map(text).unwrap_or(Cell::Empty)
}

/// One titled table of a sheet.
struct Block {
    /// A line above the table (none for a sheet's only table: the sheet's title says it).
    title: Option<String>,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

struct Sheet {
    name: &'static str,
    title: String,
    /// Lines under the title (who and what the sheet is about); they do not widen the
    /// columns.
    intro: Vec<String>,
    blocks: Vec<Block>,
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
}

/// The workbook for a result.
pub fn xlsx(criteria: &Criteria, result: &ScoreResult, lang: Lang) -> Result<Vec<u8>, String> {
    let sheets = [
        ranking(criteria, result, lang),
        components(criteria, result, lang),
        leaves(criteria, result, lang),
        gaps(criteria, result, lang),
        appraisal(criteria, result, lang),
    ];
    build(
        &heading(criteria, result, lang),
        criteria.places,
        &sheets,
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
            rows: s
                .rows
                .iter()
                .map(|r| r.iter().map(Cell::from).collect())
                .collect(),
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
    build(&doc.title, doc.places, &[sheet], doc.lang)
        .map_err(|e| format!("không tạo được tệp Excel: {e}"))
}

impl From<&Val> for Cell {
    fn from(v: &Val) -> Cell {
        match v {
            Val::Text(s) if s.is_empty() => Cell::Empty,
            Val::Text(s) => text(s),
            Val::Num(r) => Cell::Num(*r),
            Val::Delta(r) => Cell::Delta(*r),
            Val::Int(n) => Cell::Int(*n),
            Val::Signed(n) => Cell::Delta(Rational::from_int(i128::from(*n))),
        }
    }
}

fn build(title: &str, places: u32, sheets: &[Sheet], lang: Lang) -> Result<Vec<u8>, XlsxError> {
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
    // A whole country's report is a few million cells: at zip's default level (6) compressing
    // them took a third of the time (W1: 17,2 s, 57 MB); level 3 takes 14,3 s for 68 MB,
    // level 1 12,0 s for 99 MB.
    workbook.set_zip_compression_level(3);
    let formats = Formats::new(places);
    for sheet in sheets {
        let ws = workbook.add_worksheet_with_constant_memory()?;
        write_sheet(ws, sheet, places, &formats, lang)?;
    }
    workbook.save_to_buffer()
}

/// How wide a cell's content is, in characters.
fn width(cell: &Cell, places: u32) -> usize {
    match cell {
        Cell::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        Cell::Num(r) | Cell::Delta(r) => r.format(places, ',').len() + 1,
        Cell::Int(n) => n.to_string().len(),
        Cell::Empty => 0,
    }
}

/// The number shown: the value rounded to `places`, as Excel stores numbers.
fn shown(r: Rational, places: u32) -> Result<f64, XlsxError> {
    let s = r.format(places, '.');
    s.parse::<f64>()
        .map_err(|_| XlsxError::ParameterError(format!("số không đọc được: {s}")))
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    places: u32,
    f: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    // Column widths over every table of the sheet; long text wraps at MAX_WIDTH.
    let columns = sheet
        .blocks
        .iter()
        .map(|b| b.header.len())
        .max()
        .unwrap_or(0);
    let mut widths = vec![MIN_WIDTH; columns];
    for b in &sheet.blocks {
        for (w, h) in widths.iter_mut().zip(&b.header) {
            // Headers wrap on their words: the longest word must fit.
            let word = h.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
            *w = (*w).max(word + 3);
        }
        for row in &b.rows {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(c, places) + 2);
            }
        }
    }
    let wrapped: Vec<bool> = widths.iter().map(|&w| w > sheet.max_width).collect();
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, (*w).min(sheet.max_width) as f64)?;
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
    for (k, b) in sheet.blocks.iter().enumerate() {
        if k > 0 {
            row += 1;
        }
        if let Some(t) = &b.title {
            ws.write_string_with_format(row, 0, neutralise(t), &f.subtitle)?;
            row += 1;
        }
        if b.rows.is_empty() {
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
        // An Excel table (banded, with filters) up to TABLE_ROWS rows; beyond, the header and
        // a filter. rust_xlsxwriter records every cell of a table in a hash map to refuse
        // overlaps: for the leaves of a whole country (4 million cells) that took a sixth of
        // the time and gigabytes of memory.
        let as_table = b.rows.len() <= TABLE_ROWS;
        // The header first: sheets are written row by row (constant memory), so the table
        // cannot fill in its header row afterwards.
        for (c, h) in b.header.iter().enumerate() {
            ws.write_string_with_format(header_row, c as u16, neutralise(h), &f.header)?;
        }
        for (r, cells) in b.rows.iter().enumerate() {
            let r = header_row + 1 + r as u32;
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        let format = if wrapped.get(c as usize).copied().unwrap_or(false) {
                            &f.wrap
                        } else {
                            &f.text
                        };
                        ws.write_string_with_format(r, c, neutralise(s), format)?;
                    }
                    Cell::Num(x) => {
                        ws.write_number_with_format(r, c, shown(*x, places)?, &f.number)?;
                    }
                    Cell::Delta(x) => {
                        ws.write_number_with_format(r, c, shown(*x, places)?, &f.delta)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number_with_format(r, c, *n as f64, &f.int)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        let last_row = header_row + b.rows.len() as u32;
        row = last_row + 1;
        if !as_table {
            if !filtered {
                ws.autofilter(header_row, 0, last_row, last_col)?;
                filtered = true;
            }
            continue;
        }
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
    }
    if !sheet.notes.is_empty() {
        row += 1;
    }
    for note in &sheet.notes {
        ws.write_string_with_format(row, 0, neutralise(note), &f.text)?;
        row += 1;
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

// ---------------------------------------------------------------------------------------------
// The sheets.

fn title(criteria: &Criteria, result: &ScoreResult, what: &str, lang: Lang) -> String {
    format!("{what} — {}", heading(criteria, result, lang))
}

fn ranking(criteria: &Criteria, result: &ScoreResult, lang: Lang) -> Sheet {
    let h = |vi, en| lang.pick(vi, en);
    let rows = result
        .units
        .iter()
        .map(|u| {
            vec![
                text(criteria.group_name(&u.unit.group)),
                Cell::Int(u.rank),
                text(&u.unit.id),
                text(&u.unit.name),
                Cell::Num(u.points),
                Cell::Num(u.max),
                Cell::Num(u.index),
                opt_text(u.class.as_deref()),
                opt_num(compared(criteria, u).map(|c| c.0)),
                opt_num(compared(criteria, u).map(|c| c.1)),
                compared(criteria, u).map_or(Cell::Empty, |c| Cell::Delta(c.2)),
                Cell::Num(u.bonus),
                Cell::Num(u.penalty),
                Cell::Int(u.group_size),
            ]
        })
        .collect();
    Sheet {
        name: h("Xếp hạng", "Ranking"),
        intro: Vec::new(),
        title: title(
            criteria,
            result,
            h("Xếp hạng theo nhóm", "Ranking by group"),
            lang,
        ),
        blocks: vec![Block {
            title: None,
            header: strings(&[
                h("Nhóm", "Group"),
                h("Hạng", "Rank"),
                h("Mã", "ID"),
                h("Đơn vị", "Unit"),
                h("Điểm", "Points"),
                h("Tối đa", "Max"),
                h("Chỉ số (%)", "Index (%)"),
                h("Xếp loại", "Class"),
                h("Tự chấm", "Self-score"),
                h("Thẩm định", "Appraised"),
                h("Chênh lệch", "Difference"),
                h("Điểm thưởng", "Bonus"),
                h("Điểm trừ", "Penalty"),
                h("Số đơn vị trong nhóm", "Units in group"),
            ]),
            rows,
        }],
        notes: Vec::new(),
        frozen_cols: 4,
        landscape: true,
        max_width: MAX_WIDTH,
        repeat: None,
    }
}

fn components(criteria: &Criteria, result: &ScoreResult, lang: Lang) -> Sheet {
    let h = |vi, en| lang.pick(vi, en);
    let mut header = strings(&[
        h("Nhóm", "Group"),
        h("Hạng", "Rank"),
        h("Mã", "ID"),
        h("Đơn vị", "Unit"),
    ]);
    for &c in &criteria.components {
        let n = &criteria.nodes[c];
        let id = &n.id;
        match n.kind {
            Kind::Base => {
                header.push(tr!(lang, "LV {id}: điểm", "Comp. {id}: points"));
                header.push(tr!(lang, "LV {id}: chỉ số (%)", "Comp. {id}: index (%)"));
            }
            Kind::Bonus => header.push(tr!(lang, "LV {id}: điểm thưởng", "Comp. {id}: bonus")),
            Kind::Penalty => header.push(tr!(lang, "LV {id}: điểm trừ", "Comp. {id}: penalty")),
        }
    }
    header.extend(strings(&[
        h("Tổng điểm", "Total points"),
        h("Tối đa", "Max"),
        h("Chỉ số (%)", "Index (%)"),
    ]));
    let rows = result
        .units
        .iter()
        .map(|u| {
            let mut row = vec![
                text(criteria.group_name(&u.unit.group)),
                Cell::Int(u.rank),
                text(&u.unit.id),
                text(&u.unit.name),
            ];
            for &c in &criteria.components {
                let (points, max) = u.node(criteria, c);
                let n = &criteria.nodes[c];
                if n.kind == Kind::Base {
                    // A component that does not apply: no points, no index.
                    if max.is_zero() {
                        row.extend([Cell::Empty, Cell::Empty]);
                    } else {
                        row.push(Cell::Num(points));
                        row.push(opt_num(u.node_index(criteria, c)));
                    }
                } else {
                    row.push(Cell::Num(points));
                }
            }
            row.extend([Cell::Num(u.points), Cell::Num(u.max), Cell::Num(u.index)]);
            row
        })
        .collect();
    let mut notes = vec![h("Các lĩnh vực (LV):", "The components (Comp.):").to_string()];
    notes.extend(criteria.components.iter().map(|&c| {
        let n = &criteria.nodes[c];
        let kind = match n.kind {
            Kind::Base => "",
            Kind::Bonus => h(
                ", điểm thưởng, ngoài điểm tối đa",
                ", bonus, on top of the maximum",
            ),
            Kind::Penalty => h(
                ", điểm trừ, ngoài điểm tối đa",
                ", penalty, apart from the maximum",
            ),
        };
        tr!(
            lang,
            "LV {}: {} (tối đa {}{kind})",
            "Comp. {}: {} (max {}{kind})",
            n.id,
            n.title,
            lang.num(n.max, criteria.places)
        )
    }));
    Sheet {
        name: h("Lĩnh vực", "Components"),
        intro: Vec::new(),
        title: title(
            criteria,
            result,
            h(
                "Điểm và chỉ số theo lĩnh vực (trống: lĩnh vực không áp dụng)",
                "Points and index by component (empty: the component does not apply)",
            ),
            lang,
        ),
        blocks: vec![Block {
            title: None,
            header,
            rows,
        }],
        notes,
        frozen_cols: 4,
        landscape: true,
        max_width: MAX_WIDTH,
        repeat: None,
    }
}

fn leaves(criteria: &Criteria, result: &ScoreResult, lang: Lang) -> Sheet {
    let h = |vi, en| lang.pick(vi, en);
    let mut rows = Vec::new();
    for u in &result.units {
        for l in u.leaves(criteria) {
            let n = &criteria.nodes[l.node];
            rows.push(vec![
                text(&u.unit.id),
                text(&u.unit.name),
                text(component_of(criteria, l.node)),
                text(&n.id),
                text(&n.title),
                opt_text(l.value),
                text(
                    n.rule()
                        .map(|r| r.describe(n.max, lang))
                        .unwrap_or_default(),
                ),
                Cell::Num(l.points),
                Cell::Num(l.max),
                text(lang.status(l.status)),
                opt_num(l.self_score),
                opt_num(l.appraised),
                text(l.evidence),
                text(l.note),
                opt_text(n.owner.as_deref()),
            ]);
        }
    }
    Sheet {
        name: h("Tiêu chí", "Criteria"),
        intro: Vec::new(),
        title: title(
            criteria,
            result,
            h(
                "Điểm từng tiêu chí của từng đơn vị",
                "Points of every criterion for every unit",
            ),
            lang,
        ),
        blocks: vec![Block {
            title: None,
            header: strings(&[
                h("Mã đơn vị", "Unit ID"),
                h("Đơn vị", "Unit"),
                h("Lĩnh vực", "Component"),
                h("Mã", "ID"),
                h("Nội dung", "Title"),
                h("Giá trị", "Value"),
                h("Cách tính điểm", "Scoring rule"),
                h("Điểm", "Points"),
                h("Tối đa", "Max"),
                h("Trạng thái", "Status"),
                h("Tự chấm", "Self-score"),
                h("Thẩm định", "Appraised"),
                h("Tài liệu kiểm chứng", "Evidence"),
                h("Ghi chú", "Note"),
                h("Cơ quan phụ trách", "Responsible office"),
            ]),
            rows,
        }],
        notes: Vec::new(),
        frozen_cols: 4,
        landscape: true,
        max_width: MAX_WIDTH,
        repeat: None,
    }
}

fn gaps(criteria: &Criteria, result: &ScoreResult, lang: Lang) -> Sheet {
    let h = |vi, en| lang.pick(vi, en);
    let mut rows = Vec::new();
    for u in &result.units {
        let g = gaps_of(criteria, u);
        for (office, lost, lines) in &g.offices {
            for l in lines {
                let n = &criteria.nodes[l.leaf.node];
                rows.push(vec![
                    text(&u.unit.id),
                    text(&u.unit.name),
                    text(office_label(office, lang)),
                    Cell::Num(*lost),
                    text(component_of(criteria, l.leaf.node)),
                    text(&n.id),
                    text(&n.title),
                    Cell::Num(l.leaf.points),
                    Cell::Num(l.leaf.max),
                    Cell::Num(l.lost()),
                    text(lang.status(l.leaf.status)),
                    opt_text(l.leaf.value),
                    text(l.leaf.note),
                ]);
            }
        }
    }
    Sheet {
        name: h("Điểm mất", "Points lost"),
        intro: Vec::new(),
        title: title(
            criteria,
            result,
            h(
                "Các tiêu chí chưa đạt điểm, có nguy cơ mất điểm, theo cơ quan phụ trách",
                "Criteria below their maximum, points at risk, by responsible office",
            ),
            lang,
        ),
        blocks: vec![Block {
            title: None,
            header: strings(&[
                h("Mã đơn vị", "Unit ID"),
                h("Đơn vị", "Unit"),
                h("Cơ quan phụ trách", "Responsible office"),
                h("Cơ quan mất (cộng)", "Lost by the office (total)"),
                h("Lĩnh vực", "Component"),
                h("Mã", "ID"),
                h("Nội dung", "Title"),
                h("Điểm", "Points"),
                h("Tối đa", "Max"),
                h("Điểm mất", "Points lost"),
                h("Trạng thái", "Status"),
                h("Giá trị", "Value"),
                h("Ghi chú", "Note"),
            ]),
            rows,
        }],
        notes: Vec::new(),
        frozen_cols: 2,
        landscape: true,
        max_width: MAX_WIDTH,
        repeat: None,
    }
}

fn appraisal(criteria: &Criteria, result: &ScoreResult, lang: Lang) -> Sheet {
    let h = |vi, en| lang.pick(vi, en);
    let (differ, undocumented) = appraisal_lists(criteria, result);
    let [differ_title, undocumented_title] =
        crate::appraisal::appraisal_titles(differ.len(), undocumented.len(), lang);
    let units = result
        .units
        .iter()
        .map(|u| {
            let c = compared(criteria, u);
            vec![
                text(&u.unit.id),
                text(&u.unit.name),
                text(criteria.group_name(&u.unit.group)),
                opt_num(c.map(|c| c.0)),
                opt_num(c.map(|c| c.1)),
                c.map(|c| Cell::Delta(c.2)).unwrap_or(Cell::Empty),
                Cell::Num(u.points),
            ]
        })
        .collect();
    let leaf_rows = |lines: &[LeafLine]| -> Vec<Vec<Cell>> {
        lines
            .iter()
            .map(|l| {
                let n = &criteria.nodes[l.leaf.node];
                vec![
                    text(&l.unit.unit.id),
                    text(&l.unit.unit.name),
                    text(&n.id),
                    text(&n.title),
                    opt_num(l.leaf.self_score),
                    Cell::Num(l.leaf.points),
                    Cell::Delta(l.diff()),
                    text(lang.status(l.leaf.status)),
                    opt_text(l.leaf.value),
                    text(l.leaf.evidence),
                    text(l.leaf.note),
                    opt_text(n.owner.as_deref()),
                ]
            })
            .collect()
    };
    let leaf_header = strings(&[
        h("Mã đơn vị", "Unit ID"),
        h("Đơn vị", "Unit"),
        h("Mã", "ID"),
        h("Nội dung", "Title"),
        h("Tự chấm", "Self-score"),
        h("Điểm", "Points"),
        h("Chênh lệch", "Difference"),
        h("Trạng thái", "Status"),
        h("Giá trị", "Value"),
        h("Tài liệu kiểm chứng", "Evidence"),
        h("Ghi chú", "Note"),
        h("Cơ quan phụ trách", "Responsible office"),
    ]);
    Sheet {
        name: h("Tự chấm - thẩm định", "Self-score - appraisal"),
        intro: Vec::new(),
        title: title(
            criteria,
            result,
            h(
                "Điểm tự chấm và điểm thẩm định",
                "Self-score and appraised points",
            ),
            lang,
        ),
        blocks: vec![
            Block {
                title: Some(
                    h(
                        "Theo đơn vị: tự chấm và thẩm định cộng trên các tiêu chí đơn vị đã tự chấm \
                         (trừ tiêu chí không áp dụng); chênh lệch = thẩm định − tự chấm",
                        "By unit: self-score and appraised points summed over the criteria the unit \
                         self-scored (not counting criteria that do not apply); difference = appraised − self-score",
                    )
                    .to_string(),
                ),
                header: strings(&[
                    h("Mã đơn vị", "Unit ID"),
                    h("Đơn vị", "Unit"),
                    h("Nhóm", "Group"),
                    h("Tự chấm", "Self-score"),
                    h("Thẩm định", "Appraised"),
                    h("Chênh lệch", "Difference"),
                    h("Tổng điểm", "Total points"),
                ]),
                rows: units,
            },
            Block {
                title: Some(differ_title),
                header: leaf_header.clone(),
                rows: leaf_rows(&differ),
            },
            Block {
                title: Some(undocumented_title),
                header: leaf_header,
                rows: leaf_rows(&undocumented),
            },
        ],
        notes: Vec::new(),
        frozen_cols: 0,
        landscape: true,
        max_width: MAX_WIDTH,
        repeat: None,
    }
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
}
