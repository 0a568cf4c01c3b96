//! `criteria export` (SPEC §6): a criteria set written back in the shape of the official
//! table — STT, content, maximum, scoring method, evidence, office, and the options under
//! each leaf — as CSV for a Vietnamese Excel or as a workbook, so that an office can print or
//! circulate its set, and `criteria import` of the table gives a set that scores the same.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use super::import::kind_of;
use super::options::{method_cell, options_of, rule_of, rule_without_options};
use super::{Criteria, Kind, NaPolicy, RankBy};
use crate::error::Problem;
use crate::lang::msg;
use crate::number::Rational;

/// The table's columns, as `import` finds them.
const HEADER: [&str; 6] = [
    "STT",
    "Nội dung",
    "Điểm tối đa",
    "Phương pháp chấm",
    "Tài liệu kiểm chứng",
    "Cơ quan phụ trách",
];

/// One row of the table.
struct Row {
    number: String,
    content: String,
    max: Option<Rational>,
    method: String,
    evidence: String,
    office: String,
    /// An option row (its content is the option's text, without the mark).
    option: bool,
    /// A component's row (bold in the workbook).
    strong: bool,
}

/// The table of a set: its rows, and what the table cannot hold (warnings, said by the
/// command: those settings must be written into the YAML again after an import).
struct Table {
    title: String,
    rows: Vec<Row>,
    warnings: Vec<Problem>,
}

/// The set as a CSV table for a Vietnamese Excel (UTF-8 with BOM, semicolons, decimal
/// commas), and the warnings.
pub fn csv(criteria: &Criteria) -> (Vec<u8>, Vec<Problem>) {
    let t = table(criteria);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = w.write_record([t.title.as_str()]);
    let _ = w.write_record(HEADER);
    let safe = crate::report::neutralise;
    for r in &t.rows {
        let max = r.max.map(|m| number(m, ',')).unwrap_or_default();
        // In Excel a cell that starts with - or + is read as a formula: options get a bullet.
        let content = if r.option {
            format!("• {}", r.content)
        } else {
            safe(&r.content).into_owned()
        };
        let _ = w.write_record([
            r.number.as_str(),
            &content,
            &max,
            &safe(&r.method),
            &safe(&r.evidence),
            &safe(&r.office),
        ]);
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(w.into_inner().unwrap_or_default());
    (out, t.warnings)
}

/// The set as an Excel workbook, and the warnings. Numbers are numbers; the numbers of the
/// rows are text, so that 1.10 stays 1.10.
pub fn xlsx(criteria: &Criteria) -> Result<(Vec<u8>, Vec<Problem>), String> {
    let t = table(criteria);
    let bytes = workbook(&t).map_err(|e| {
        msg!(
            "không tạo được tệp Excel: {e}",
            "the Excel file could not be made: {e}"
        )
    })?;
    Ok((bytes, t.warnings))
}

fn workbook(t: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // The same set gives the same file, byte for byte.
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let properties = DocProperties::new()
        .set_title(&t.title)
        .set_author(format!("parindex {}", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&date);
    book.set_properties(&properties);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = wrap.clone().set_bold();
    let ws = book.add_worksheet();
    ws.set_name("Bộ tiêu chí")?;
    for (c, width) in [8.0, 60.0, 10.0, 40.0, 32.0, 24.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, width)?;
    }
    ws.write_string_with_format(0, 0, &t.title, &Format::new().set_bold())?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    for (i, r) in t.rows.iter().enumerate() {
        let row = i as u32 + 2;
        let format = if r.strong { &bold } else { &wrap };
        let content = if r.option {
            format!("- {}", r.content)
        } else {
            r.content.clone()
        };
        let cells = [&r.number, &content, &r.method, &r.evidence, &r.office];
        for (c, text) in [0u16, 1, 3, 4, 5].into_iter().zip(cells) {
            if !text.is_empty() {
                ws.write_string_with_format(row, c, text.as_str(), format)?;
            }
        }
        if let Some(m) = r.max {
            let value = number(m, '.').parse::<f64>().unwrap_or(0.0);
            ws.write_number_with_format(row, 2, value, format)?;
        }
    }
    ws.set_freeze_panes(2, 0)?;
    book.save_to_buffer()
}

/// A number as the table shows it: exact where its decimals end.
fn number(r: Rational, sep: char) -> String {
    r.exact_text(sep).unwrap_or_else(|| r.format(10, sep))
}

fn table(criteria: &Criteria) -> Table {
    let mut t = Table {
        title: criteria.title.clone(),
        rows: Vec::new(),
        warnings: Vec::new(),
    };
    for &c in &criteria.components {
        node(criteria, c, None, &mut t);
    }
    t.rows.push(Row {
        number: String::new(),
        content: "Tổng cộng (không kể điểm thưởng, điểm trừ)".to_string(),
        max: Some(criteria.base_max()),
        method: String::new(),
        evidence: String::new(),
        office: String::new(),
        option: false,
        strong: true,
    });
    let mut left: Vec<&str> = Vec::new();
    if !criteria.classes.is_empty() {
        left.push(crate::lang::said(
            "xếp loại (classes)",
            "the classes (classes)",
        ));
    }
    if !criteria.group_names.is_empty() {
        left.push(crate::lang::said(
            "tên nhóm đơn vị (groups)",
            "the names of the unit groups (groups)",
        ));
    }
    if criteria.places != 2 {
        left.push(crate::lang::said(
            "số chữ số thập phân (places)",
            "the number of decimals (places)",
        ));
    }
    if criteria.rank_by == RankBy::Rounded {
        left.push("rank_by: rounded");
    }
    let na = |n: &super::Node| n.not_applicable != NaPolicy::Exclude;
    if criteria.not_applicable != NaPolicy::Exclude || criteria.nodes.iter().any(na) {
        left.push(crate::lang::said(
            "cách tính tiêu chí không phát sinh (not_applicable)",
            "how criteria that do not apply are scored (not_applicable)",
        ));
    }
    if criteria.nodes.iter().any(|n| n.evidence_required) {
        left.push(crate::lang::said(
            "yêu cầu tài liệu kiểm chứng (evidence_required)",
            "the evidence documents required (evidence_required)",
        ));
    }
    if !left.is_empty() {
        t.warnings.push(Problem::new(
            &criteria.path,
            None,
            msg!(
                "bảng không chứa {}: nhập lại bảng này thì phải ghi lại các mục đó vào tệp YAML", "the table does not hold {}: when the table is imported again, write them into the YAML file again",
                left.join(", ")
            ),
        ));
    }
    t
}

/// A warning about node `n` of the set, at its line.
fn warn(t: &mut Table, criteria: &Criteria, n: &super::Node, what: &str) {
    let message = msg!("tiêu chí {}: {what}", "criterion {}: {what}", n.id);
    (t.warnings).push(Problem::new(&criteria.path, Some(n.line), message));
}

fn node(criteria: &Criteria, i: usize, parent_office: Option<&str>, t: &mut Table) {
    let n = &criteria.nodes[i];
    let office = n.owner.as_deref().filter(|&o| Some(o) != parent_office);
    // `import` knows a bonus or penalty component by these words in its content.
    let content = match n.kind {
        _ if n.depth > 0 || kind_of(&n.title) == n.kind => n.title.clone(),
        Kind::Bonus => format!("Điểm thưởng: {}", n.title),
        Kind::Penalty => format!("Điểm trừ: {}", n.title),
        Kind::Base => {
            let what = crate::lang::said(
                "được đọc là điểm thưởng hoặc điểm trừ khi nhập lại: hãy sửa nội dung",
                "is read as a bonus or a penalty when imported again: change its title",
            );
            warn(t, criteria, n, what);
            n.title.clone()
        }
    };
    let method = method_cell(n);
    t.rows.push(Row {
        number: n.id.clone(),
        content,
        max: Some(n.max),
        method: method.clone(),
        evidence: n.evidence.clone().unwrap_or_default(),
        office: office.unwrap_or("").to_string(),
        option: false,
        strong: n.depth == 0,
    });
    if let Some(rule) = n.rule() {
        let (options, set_aside) = options_of(rule, n.max, &n.options);
        if set_aside {
            let what = crate::lang::said(
                "các mức điểm (options) không khớp quy tắc chấm (rule): bảng ghi các mức theo quy tắc",
                "the options do not match the scoring rule (rule): the table lists the options of the rule",
            );
            warn(t, criteria, n, what);
        }
        // What `import` will read from these rows, which must be this rule.
        let said = if options.is_empty() {
            Some(rule_without_options(&method))
        } else {
            let pairs: Vec<(String, Rational)> =
                options.iter().map(|o| (o.text.clone(), o.points)).collect();
            rule_of(&pairs, n.max).ok()
        };
        if said.as_ref() != Some(rule) {
            let what = crate::lang::said(
                "bảng không nói được đúng quy tắc chấm này (nhập lại sẽ cho quy tắc khác): hãy sửa các mức điểm hoặc cột phương pháp chấm của tiêu chí này trong bảng",
                "the table cannot say this scoring rule exactly (imported again, it gives another rule): change this criterion's options or its method column in the table",
            );
            warn(t, criteria, n, what);
        }
        for o in options {
            t.rows.push(Row {
                number: String::new(),
                content: o.text,
                max: Some(o.points),
                method: String::new(),
                evidence: String::new(),
                office: String::new(),
                option: true,
                strong: false,
            });
        }
    }
    for &c in criteria.children(i) {
        node(criteria, c, n.owner.as_deref(), t);
    }
}
