//! The Excel workbook of `report -o FILE.xlsx`: the ranking, the unit × component matrix,
//! every leaf, the gaps by office and the self-assessment against the appraisal, one sheet
//! each, with Vietnamese headers.
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

use crate::criteria::{Criteria, Kind};
use crate::number::Rational;
use crate::report::{heading, neutralise, strings};
use crate::round::{LeafLine, appraisal_lists, compared, component_of, gaps_of};
use crate::score::ScoreResult;

/// Widest column, in Excel's character units; longer text wraps.
const MAX_WIDTH: usize = 60;
const MIN_WIDTH: usize = 6;

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
    blocks: Vec<Block>,
    /// Lines below the tables (legends); they do not widen the columns.
    notes: Vec<String>,
    /// Columns kept in view when scrolling right (ids and names).
    frozen_cols: u16,
    landscape: bool,
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
pub fn xlsx(criteria: &Criteria, result: &ScoreResult) -> Result<Vec<u8>, String> {
    let sheets = [
        ranking(criteria, result),
        components(criteria, result),
        leaves(criteria, result),
        gaps(criteria, result),
        appraisal(criteria, result),
    ];
    build(criteria, result, &sheets).map_err(|e| format!("không tạo được tệp Excel: {e}"))
}

fn build(
    criteria: &Criteria,
    result: &ScoreResult,
    sheets: &[Sheet],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // Fixed dates: the same result gives the same bytes.
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let properties = DocProperties::new()
        .set_title(heading(criteria, result))
        .set_subject("Chỉ số cải cách hành chính (PAR INDEX)")
        .set_author(format!("parindex {}", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&date);
    workbook.set_properties(&properties);
    let formats = Formats::new(criteria.places);
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        write_sheet(ws, sheet, criteria.places, &formats)?;
    }
    workbook.save_to_buffer()
}

/// The self-assessment form as a workbook: every leaf a row in tree order with its title,
/// maximum, rule in words and office, locked; the columns a unit fills in (value as text,
/// self_score, evidence, note) are unlocked, and the sheet is protected (no password) so that
/// only those can be typed in; `appraised` stays locked for the office. Returned
/// filled, it loads as evidence like the CSV form.
pub fn form(criteria: &Criteria) -> Result<Vec<u8>, String> {
    form_book(criteria).map_err(|e| format!("không tạo được tệp Excel: {e}"))
}

fn form_book(criteria: &Criteria) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let properties = DocProperties::new()
        .set_title(format!("Biểu tự đánh giá: {}", criteria.title))
        .set_author(format!("parindex {}", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&date);
    workbook.set_properties(&properties);
    let places = criteria.places;
    let decimals = if places == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(places as usize))
    };
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new()
        .set_num_format(&decimals)
        .set_align(FormatAlign::Top);
    let open = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xFFF7D6);
    // Values stay as typed ("12,58%", "9/12", "có"): Excel would turn them into a
    // fraction of 1 or a date.
    let open_text = open.clone().set_num_format("@");
    // The appraised column is the Home Affairs office's: locked on the forms sent out (the
    // office unprotects the sheet, no password, to fill it).
    let office = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xEEEEEE);
    let ws = workbook.add_worksheet();
    ws.set_name("Tự đánh giá")?;
    let [title, max, rule, owner, ..] = crate::evidence::DESCRIPTIVE;
    let columns: [(&str, f64); 10] = [
        ("criterion", 10.0),
        (title, 48.0),
        (max, 12.0),
        (rule, 44.0),
        (owner, 26.0),
        ("value", 14.0),
        ("self_score", 12.0),
        ("appraised", 12.0),
        ("evidence", 40.0),
        ("note", 40.0),
    ];
    for (c, (name, width)) in columns.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(0, c as u16, *name, &header)?;
    }
    for (r, i) in criteria.leaves().enumerate() {
        let n = &criteria.nodes[i];
        let row = r as u32 + 1;
        let describe = n
            .rule()
            .map(|rule| rule.describe(n.max))
            .unwrap_or_default();
        ws.write_string_with_format(row, 0, &n.id, &text)?;
        ws.write_string_with_format(row, 1, neutralise(&n.title), &text)?;
        ws.write_number_with_format(row, 2, shown(n.max, places)?, &number)?;
        ws.write_string_with_format(row, 3, neutralise(&describe), &text)?;
        ws.write_string_with_format(row, 4, neutralise(n.owner.as_deref().unwrap_or("")), &text)?;
        for (c, format) in [
            (5, &open_text),
            (6, &open),
            (7, &office),
            (8, &open),
            (9, &open),
        ] {
            ws.write_blank(row, c, format)?;
        }
    }
    ws.set_freeze_panes(1, 2)?;
    ws.protect();
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
    let wrapped: Vec<bool> = widths.iter().map(|&w| w > MAX_WIDTH).collect();
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, (*w).min(MAX_WIDTH) as f64)?;
    }

    ws.write_string_with_format(0, 0, neutralise(&sheet.title), &f.title)?;
    let mut row: u32 = 1;
    let mut first_header = None;
    for (k, b) in sheet.blocks.iter().enumerate() {
        if k > 0 {
            row += 1;
        }
        if let Some(t) = &b.title {
            ws.write_string_with_format(row, 0, neutralise(t), &f.subtitle)?;
            row += 1;
        }
        if b.rows.is_empty() {
            ws.write_string_with_format(row, 0, "(không có)", &f.text)?;
            row += 1;
            continue;
        }
        let header_row = row;
        first_header.get_or_insert(header_row);
        let last_col = b.header.len().saturating_sub(1) as u16;
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
        row = last_row + 1;
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
    if freeze_row > 1 {
        ws.set_repeat_rows(0, freeze_row - 1)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The sheets.

fn title(criteria: &Criteria, result: &ScoreResult, what: &str) -> String {
    format!("{what} — {}", heading(criteria, result))
}

fn ranking(criteria: &Criteria, result: &ScoreResult) -> Sheet {
    let rows = result
        .units
        .iter()
        .map(|u| {
            vec![
                text(&u.unit.group),
                Cell::Int(u.rank),
                text(&u.unit.id),
                text(&u.unit.name),
                Cell::Num(u.points),
                Cell::Num(u.max),
                Cell::Num(u.index),
                opt_text(u.class.as_deref()),
                opt_num(compared(criteria, u).map(|c| c.0)),
                compared(criteria, u).map_or(Cell::Empty, |c| Cell::Delta(c.2)),
                Cell::Num(u.bonus),
                Cell::Num(u.penalty),
                Cell::Int(u.group_size),
            ]
        })
        .collect();
    Sheet {
        name: "Xếp hạng",
        title: title(criteria, result, "Xếp hạng theo nhóm"),
        blocks: vec![Block {
            title: None,
            header: strings(&[
                "Nhóm",
                "Hạng",
                "Mã",
                "Đơn vị",
                "Điểm",
                "Tối đa",
                "Chỉ số (%)",
                "Xếp loại",
                "Tự chấm",
                "Chênh lệch",
                "Điểm thưởng",
                "Điểm trừ",
                "Số đơn vị trong nhóm",
            ]),
            rows,
        }],
        notes: Vec::new(),
        frozen_cols: 4,
        landscape: true,
    }
}

fn components(criteria: &Criteria, result: &ScoreResult) -> Sheet {
    let mut header = strings(&["Nhóm", "Hạng", "Mã", "Đơn vị"]);
    for &c in &criteria.components {
        let n = &criteria.nodes[c];
        match n.kind {
            Kind::Base => {
                header.push(format!("LV {}: điểm", n.id));
                header.push(format!("LV {}: chỉ số (%)", n.id));
            }
            Kind::Bonus => header.push(format!("LV {}: điểm thưởng", n.id)),
            Kind::Penalty => header.push(format!("LV {}: điểm trừ", n.id)),
        }
    }
    header.extend(strings(&["Tổng điểm", "Tối đa", "Chỉ số (%)"]));
    let rows = result
        .units
        .iter()
        .map(|u| {
            let mut row = vec![
                text(&u.unit.group),
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
    let mut notes = vec!["Các lĩnh vực (LV):".to_string()];
    notes.extend(criteria.components.iter().map(|&c| {
        let n = &criteria.nodes[c];
        let kind = match n.kind {
            Kind::Base => "",
            Kind::Bonus => ", điểm thưởng, ngoài điểm tối đa",
            Kind::Penalty => ", điểm trừ, ngoài điểm tối đa",
        };
        format!(
            "LV {}: {} (tối đa {}{kind})",
            n.id,
            n.title,
            n.max.format(criteria.places, ',')
        )
    }));
    Sheet {
        name: "Lĩnh vực",
        title: title(
            criteria,
            result,
            "Điểm và chỉ số theo lĩnh vực (trống: lĩnh vực không áp dụng)",
        ),
        blocks: vec![Block {
            title: None,
            header,
            rows,
        }],
        notes,
        frozen_cols: 4,
        landscape: true,
    }
}

fn leaves(criteria: &Criteria, result: &ScoreResult) -> Sheet {
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
                text(n.rule().map(|r| r.describe(n.max)).unwrap_or_default()),
                Cell::Num(l.points),
                Cell::Num(l.max),
                text(l.status.label_vi()),
                opt_num(l.self_score),
                opt_num(l.appraised),
                text(l.evidence),
                text(l.note),
                opt_text(n.owner.as_deref()),
            ]);
        }
    }
    Sheet {
        name: "Tiêu chí",
        title: title(criteria, result, "Điểm từng tiêu chí của từng đơn vị"),
        blocks: vec![Block {
            title: None,
            header: strings(&[
                "Mã đơn vị",
                "Đơn vị",
                "Lĩnh vực",
                "Mã",
                "Nội dung",
                "Giá trị",
                "Cách tính điểm",
                "Điểm",
                "Tối đa",
                "Trạng thái",
                "Tự chấm",
                "Thẩm định",
                "Tài liệu kiểm chứng",
                "Ghi chú",
                "Cơ quan phụ trách",
            ]),
            rows,
        }],
        notes: Vec::new(),
        frozen_cols: 4,
        landscape: true,
    }
}

fn gaps(criteria: &Criteria, result: &ScoreResult) -> Sheet {
    let mut rows = Vec::new();
    for u in &result.units {
        let g = gaps_of(criteria, u);
        for (office, lost, lines) in &g.offices {
            for l in lines {
                let n = &criteria.nodes[l.leaf.node];
                rows.push(vec![
                    text(&u.unit.id),
                    text(&u.unit.name),
                    text(office),
                    Cell::Num(*lost),
                    text(component_of(criteria, l.leaf.node)),
                    text(&n.id),
                    text(&n.title),
                    Cell::Num(l.leaf.points),
                    Cell::Num(l.leaf.max),
                    Cell::Num(l.lost()),
                    text(l.leaf.status.label_vi()),
                    opt_text(l.leaf.value),
                    text(l.leaf.note),
                ]);
            }
        }
    }
    Sheet {
        name: "Điểm mất",
        title: title(
            criteria,
            result,
            "Các tiêu chí chưa đạt điểm, có nguy cơ mất điểm, theo cơ quan phụ trách",
        ),
        blocks: vec![Block {
            title: None,
            header: strings(&[
                "Mã đơn vị",
                "Đơn vị",
                "Cơ quan phụ trách",
                "Cơ quan mất (cộng)",
                "Lĩnh vực",
                "Mã",
                "Nội dung",
                "Điểm",
                "Tối đa",
                "Điểm mất",
                "Trạng thái",
                "Giá trị",
                "Ghi chú",
            ]),
            rows,
        }],
        notes: Vec::new(),
        frozen_cols: 2,
        landscape: true,
    }
}

fn appraisal(criteria: &Criteria, result: &ScoreResult) -> Sheet {
    let (differ, undocumented) = appraisal_lists(criteria, result);
    let units = result
        .units
        .iter()
        .map(|u| {
            let c = compared(criteria, u);
            vec![
                text(&u.unit.id),
                text(&u.unit.name),
                text(&u.unit.group),
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
                    text(l.leaf.status.label_vi()),
                    opt_text(l.leaf.value),
                    text(l.leaf.evidence),
                    text(l.leaf.note),
                    opt_text(n.owner.as_deref()),
                ]
            })
            .collect()
    };
    let leaf_header = strings(&[
        "Mã đơn vị",
        "Đơn vị",
        "Mã",
        "Nội dung",
        "Tự chấm",
        "Điểm",
        "Chênh lệch",
        "Trạng thái",
        "Giá trị",
        "Tài liệu kiểm chứng",
        "Ghi chú",
        "Cơ quan phụ trách",
    ]);
    Sheet {
        name: "Tự chấm - thẩm định",
        title: title(criteria, result, "Điểm tự chấm và điểm thẩm định"),
        blocks: vec![
            Block {
                title: Some(
                    "Theo đơn vị: tự chấm và thẩm định cộng trên các tiêu chí đơn vị đã tự chấm \
                     (trừ tiêu chí không áp dụng); chênh lệch = thẩm định − tự chấm"
                        .to_string(),
                ),
                header: strings(&[
                    "Mã đơn vị",
                    "Đơn vị",
                    "Nhóm",
                    "Tự chấm",
                    "Thẩm định",
                    "Chênh lệch",
                    "Tổng điểm",
                ]),
                rows: units,
            },
            Block {
                title: Some(format!(
                    "Tiêu chí có điểm tự chấm khác điểm thẩm định ({} tiêu chí)",
                    differ.len()
                )),
                header: leaf_header.clone(),
                rows: leaf_rows(&differ),
            },
            Block {
                title: Some(format!(
                    "Tiêu chí tự chấm điểm nhưng không có tài liệu kiểm chứng, cần giải trình \
                     ({} tiêu chí)",
                    undocumented.len()
                )),
                header: leaf_header,
                rows: leaf_rows(&undocumented),
            },
        ],
        notes: Vec::new(),
        frozen_cols: 0,
        landscape: true,
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
