//! Writers over the one result model: table, csv, json (SPEC §5, exact), md; and the
//! `explain` and `tree` views. Human formats use the labels of `--lang` (Vietnamese by
//! default, with decimal commas; English with decimal points); csv and json use dots and
//! fixed column names, for scripts.

use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, presets};
use serde::Serialize;

use rayon::prelude::*;

use crate::criteria::{Body, Criteria, Kind, NaPolicy, Rule};
use crate::lang::{Decimals, Lang, tr};
use crate::number::{Fixed, Rational, is_not_applicable, units_text};
use crate::score::{LeafResult, Reading, ScoreResult, Status, UnitResult, apply};

/// Output formats of `score`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Md,
}

impl Format {
    /// The format a file name asks for, by its extension.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Md),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// Writes the result in a format; JSON is written as it is made, not held in memory.
/// `lang` is for the table and Markdown only (csv and json are for programs).
pub fn write(
    format: Format,
    criteria: &Criteria,
    result: &ScoreResult,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let text = match format {
        Format::Json => return json_to_writer(criteria, result, out),
        Format::Csv => return csv(criteria, result, out),
        Format::Table => ranking_doc(criteria, result, lang).table(),
        Format::Md => ranking_doc(criteria, result, lang).markdown(),
    };
    out.write_all(text.as_bytes())
}

/// A number for people: `places` decimals and the language's decimal separator ("89,45",
/// "89.45").
fn vi(r: Rational, p: Decimals) -> String {
    p.format(r)
}

fn opt_vi(r: Option<Rational>, p: Decimals) -> String {
    r.map(|r| vi(r, p)).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// JSON, exactly as SPEC §5.

/// The fields every JSON result starts with.
#[derive(Serialize)]
pub struct JsonHead<'a> {
    tool: String,
    criteria: JsonCriteria<'a>,
    period: Option<&'a str>,
    places: u32,
}

impl<'a> JsonHead<'a> {
    pub fn new(criteria: &'a Criteria, result: &'a ScoreResult) -> Self {
        JsonHead {
            tool: format!("parindex {}", env!("CARGO_PKG_VERSION")),
            criteria: JsonCriteria {
                id: &criteria.id,
                title: &criteria.title,
            },
            period: result.period.as_deref(),
            places: criteria.places,
        }
    }
}

#[derive(Serialize)]
struct JsonCriteria<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    #[serde(flatten)]
    head: JsonHead<'a>,
    units: Vec<JsonUnit<'a>>,
}

/// JSON laid out for people and for size: indented as serde_json's pretty printer does, down
/// to the lists inside list items (a unit's components and leaves), whose items are written
/// one per line: `{"id": "7.5", "status": "scored", …}`.
struct Layout {
    depth: usize,
    has_value: bool,
}

/// Containers this deep or deeper are written on one line.
const FLAT_FROM: usize = 5;

impl Layout {
    fn flat(&self) -> bool {
        self.depth >= FLAT_FROM
    }

    /// Before an item (array value or object key): a new indented line, or ", " when flat.
    fn item<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        if self.flat() {
            return w.write_all(if first { b"" } else { b", " });
        }
        w.write_all(if first { b"\n" } else { b",\n" })?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }

    /// Closing a container: on its own line if it had items and is not flat.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        let flat = self.flat();
        self.depth -= 1;
        if self.has_value && !flat {
            w.write_all(b"\n")?;
            (0..self.depth).try_for_each(|_| w.write_all(b"  "))?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Layout {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes a document as JSON in the [`Layout`], with a final newline.
pub fn json_to<T: Serialize>(doc: &T, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let layout = Layout {
        depth: 0,
        has_value: false,
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, layout);
    doc.serialize(&mut ser).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// A document as JSON text.
pub fn to_json<T: Serialize>(doc: &T) -> String {
    let mut out = Vec::new();
    // Writing strings and numbers into memory cannot fail.
    let _ = json_to(doc, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[derive(Serialize)]
struct JsonUnit<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    points: Fixed,
    max: Fixed,
    index: Fixed,
    bonus: Fixed,
    penalty: Fixed,
    self_points: Option<Fixed>,
    rank: usize,
    group_size: usize,
    class: Option<&'a str>,
    components: Vec<JsonComponent<'a>>,
    leaves: Vec<JsonLeaf<'a>>,
}

#[derive(Serialize)]
struct JsonComponent<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    points: Fixed,
    max: Fixed,
    index: Option<Fixed>,
}

#[derive(Serialize)]
struct JsonLeaf<'a> {
    id: &'a str,
    status: &'static str,
    points: Fixed,
    max: Fixed,
    self_score: Option<Fixed>,
    value: Option<&'a str>,
    owner: Option<&'a str>,
}

fn json_unit<'a>(criteria: &'a Criteria, u: &'a UnitResult) -> JsonUnit<'a> {
    let f = |r: Rational| r.fixed(criteria.places, '.');
    JsonUnit {
        id: &u.unit.id,
        name: &u.unit.name,
        group: &u.unit.group,
        points: f(u.points),
        max: f(u.max),
        index: f(u.index),
        bonus: f(u.bonus),
        penalty: f(u.penalty),
        self_points: u.self_points.map(f),
        rank: u.rank,
        group_size: u.group_size,
        class: u.class.as_deref(),
        components: criteria
            .components
            .iter()
            .map(|&c| {
                let n = &criteria.nodes[c];
                let (points, max) = u.node(criteria, c);
                JsonComponent {
                    id: &n.id,
                    title: &n.title,
                    kind: n.kind.as_str(),
                    points: f(points),
                    max: f(max),
                    index: u.node_index(criteria, c).map(f),
                }
            })
            .collect(),
        leaves: u
            .leaves(criteria)
            .map(|l| {
                let n = &criteria.nodes[l.node];
                JsonLeaf {
                    id: &n.id,
                    status: l.status.as_str(),
                    points: f(l.points),
                    max: f(l.max),
                    self_score: l.self_score.map(f),
                    value: l.value,
                    owner: n.owner.as_deref(),
                }
            })
            .collect(),
    }
}

/// The result as SPEC §5's JSON, written as it is made: the units are turned into JSON a
/// thousand at a time, on every core, and written in order; a whole country's JSON (gigabytes)
/// is never held.
pub fn json_to_writer(
    criteria: &Criteria,
    result: &ScoreResult,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // The document without its units ends with `"units": []`, then `}`: the units go
    // between the brackets, each as serde_json writes it at that depth in the [`Layout`].
    let mut head = Vec::new();
    json_to(
        &JsonDoc {
            head: JsonHead::new(criteria, result),
            units: Vec::new(),
        },
        &mut head,
    )?;
    if result.units.is_empty() {
        return out.write_all(&head);
    }
    let open = head.len().saturating_sub(b"]\n}\n".len());
    out.write_all(&head[..open])?;
    let unit_json = |u: &UnitResult| -> std::io::Result<Vec<u8>> {
        let mut text = Vec::new();
        // Inside the document and its list of units: two levels deep.
        let layout = Layout {
            depth: 2,
            has_value: false,
        };
        let mut ser = serde_json::Serializer::with_formatter(&mut text, layout);
        json_unit(criteria, u)
            .serialize(&mut ser)
            .map_err(std::io::Error::other)?;
        Ok(text)
    };
    for (c, chunk) in result.units.chunks(1024).enumerate() {
        let texts: Vec<std::io::Result<Vec<u8>>> = chunk.par_iter().map(unit_json).collect();
        for (i, text) in texts.into_iter().enumerate() {
            out.write_all(if c == 0 && i == 0 {
                b"\n    "
            } else {
                b",\n    "
            })?;
            out.write_all(&text?)?;
        }
    }
    out.write_all(b"\n  ]\n}\n")
}

/// The result as SPEC §5's JSON text.
pub fn json(criteria: &Criteria, result: &ScoreResult) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = json_to_writer(criteria, result, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Documents: titled tables rendered as a terminal table, Markdown or CSV. Every report
// (ranking, appraisal, gaps) builds one and shares these writers.

/// A table cell: text, or a number printed with `places` decimals (comma for people, dot
/// in CSV).
#[derive(Clone, Debug)]
pub enum Val {
    Text(String),
    Num(Rational),
    /// A change, printed with its sign (+1,25 / -0,50 / 0,00).
    Delta(Rational),
    Int(usize),
    /// A whole number that may be negative (a move in rank).
    Signed(i64),
}

impl Val {
    pub fn text(s: impl Into<String>) -> Val {
        Val::Text(s.into())
    }

    fn render(&self, places: u32, sep: char) -> String {
        match self {
            Val::Text(s) => s.clone(),
            Val::Num(r) => r.format(places, sep),
            Val::Delta(r) if *r > Rational::ZERO => format!("+{}", r.format(places, sep)),
            Val::Delta(r) => r.format(places, sep),
            Val::Int(n) => n.to_string(),
            Val::Signed(n) => n.to_string(),
        }
    }

    fn is_number(&self) -> bool {
        !matches!(self, Val::Text(_))
    }
}

/// One titled table.
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Val>>,
}

/// A report for people: a heading, tables, and closing lines (legends, totals).
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub title: String,
    /// Lines right under the title: what the reader must know before the tables.
    pub intro: Vec<String>,
    pub sections: Vec<Section>,
    pub footer: Vec<String>,
    pub places: u32,
    /// The language of the labels, and so of the decimal separator.
    pub lang: Lang,
}

/// Owned copies of header names.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl Doc {
    /// A terminal table per section (the language's decimal separator).
    pub fn table(&self) -> String {
        let mut out = format!("{}\n", self.title);
        for line in &self.intro {
            out.push_str(&format!("{line}\n"));
        }
        for s in &self.sections {
            let mut t = new_table(s.header.clone());
            for row in &s.rows {
                t.add_row(row.iter().map(|v| {
                    let cell = Cell::new(v.render(self.places, self.lang.sep()));
                    if v.is_number() {
                        cell.set_alignment(CellAlignment::Right)
                    } else {
                        cell
                    }
                }));
            }
            keep_short_columns_whole(&mut t);
            out.push_str(&format!("\n{}\n{t}\n", s.title));
        }
        if !self.footer.is_empty() {
            out.push('\n');
            for line in &self.footer {
                out.push_str(&format!("{line}\n"));
            }
        }
        out
    }

    /// Markdown, to paste into a report (the language's decimal separator).
    pub fn markdown(&self) -> String {
        let mut out = format!("# {}\n", md_cell(&self.title));
        for line in &self.intro {
            out.push_str(&format!("\n{}\n", md_cell(line)));
        }
        for s in &self.sections {
            out.push_str(&format!("\n## {}\n\n", md_cell(&s.title)));
            let header: Vec<String> = s.header.iter().map(|h| md_cell(h)).collect();
            out.push_str(&format!("| {} |\n", header.join(" | ")));
            let first = s.rows.first();
            let align: Vec<&str> = (0..s.header.len())
                .map(|i| match first.and_then(|r| r.get(i)) {
                    Some(v) if v.is_number() => "---:",
                    _ => "---",
                })
                .collect();
            out.push_str(&format!("|{}|\n", align.join("|")));
            for row in &s.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| md_cell(&v.render(self.places, self.lang.sep())))
                    .collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
        }
        if !self.footer.is_empty() {
            out.push('\n');
            for line in &self.footer {
                // Lines other than list items are paragraphs of their own.
                let gap = if line.starts_with("- ") { "" } else { "\n" };
                out.push_str(&format!("{}\n{gap}", md_cell(line)));
            }
        }
        out
    }
}

/// Text that a spreadsheet could take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) gets a leading apostrophe, so that it stays text when the file is
/// opened in Excel or another program (CSV and XLSX outputs).
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if let Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') = s.as_bytes().first() {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// One CSV table with dots as decimal separators, for scripts; text from the inputs is
/// neutralised so that it never becomes a formula.
pub fn csv_table(header: &[String], rows: &[Vec<Val>], places: u32) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|v| match v {
            Val::Text(t) => neutralise(t).into_owned(),
            v => v.render(places, '.'),
        }));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Columns whose widest cell is short (numbers, ids, ranks) are never wrapped: only long
/// text columns give way when the terminal is narrow.
fn keep_short_columns_whole(t: &mut Table) {
    let widths = t.column_max_content_widths();
    for (i, w) in widths.into_iter().enumerate() {
        if w <= 16
            && let Some(c) = t.column_mut(i)
        {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

/// A table that wraps its cells to the terminal's width (no wrapping when piped).
fn new_table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header);
    t
}

/// The title line of every report on a result.
pub fn heading(criteria: &Criteria, result: &ScoreResult, lang: Lang) -> String {
    let mut s = format!("{} ({})", criteria.title, criteria.id);
    if let Some(p) = &result.period {
        s.push_str(&tr!(lang, " — kỳ {p}", " — period {p}"));
    }
    s
}

// ---------------------------------------------------------------------------------------------
// The ranking: csv (one row per unit), table and Markdown (per group, components as columns).

/// The ranking for scripts: one row per unit with its totals and the points of each
/// component. Written as it is made, field by field: a whole country's ranking is 100.000
/// rows.
pub fn csv(
    criteria: &Criteria,
    result: &ScoreResult,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let header = [
        "group", "rank", "id", "name", "points", "max", "index", "class",
    ];
    let components = criteria.components.iter().map(|&c| &criteria.nodes[c].id);
    w.write_record(header.into_iter().chain(components.map(String::as_str)))?;
    let mut buf = [0; 64];
    let mut num = |w: &mut csv::Writer<_>, r: Rational| {
        let f = r.fixed(criteria.places, '.');
        match f.text(&mut buf) {
            Some(text) => w.write_field(text),
            None => w.write_field(f.to_string()),
        }
    };
    for u in &result.units {
        w.write_field(neutralise(&u.unit.group).as_ref())?;
        w.write_field(itoa(u.rank, &mut [0; 20]))?;
        w.write_field(neutralise(&u.unit.id).as_ref())?;
        w.write_field(neutralise(&u.unit.name).as_ref())?;
        for r in [u.points, u.max, u.index] {
            num(&mut w, r)?;
        }
        w.write_field(neutralise(u.class.as_deref().unwrap_or("")).as_ref())?;
        for &c in &criteria.components {
            let units = u.node_units(criteria, c);
            match units_text(units, criteria.places, '.', &mut [0; 64]) {
                Some(text) => w.write_field(text)?,
                None => num(&mut w, u.node(criteria, c).0)?,
            }
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()?;
    Ok(())
}

/// A whole number as text in `buf`, without the formatting machinery.
fn itoa(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[start..];
        }
    }
}

/// rank, id, name, points, max, index, class.
fn totals_row(u: &UnitResult) -> Vec<Val> {
    vec![
        Val::Int(u.rank),
        Val::text(&u.unit.id),
        Val::text(&u.unit.name),
        Val::Num(u.points),
        Val::Num(u.max),
        Val::Num(u.index),
        Val::text(u.class.clone().unwrap_or_default()),
    ]
}

/// The ranking per group, for the table and Markdown writers: one table with the totals,
/// one with the points per component (a component that does not apply shows "—", a penalty
/// is shown negative).
pub fn ranking_doc(criteria: &Criteria, result: &ScoreResult, lang: Lang) -> Doc {
    let l = |vi, en| lang.pick(vi, en);
    let totals_header = strings(&[
        l("Hạng", "Rank"),
        l("Mã", "ID"),
        l("Đơn vị", "Unit"),
        l("Điểm", "Points"),
        l("Tối đa", "Max"),
        l("Chỉ số (%)", "Index (%)"),
        l("Xếp loại", "Class"),
        l("Tự chấm", "Self-score"),
        l("Chênh lệch", "Difference"),
    ]);
    let mut components_header = strings(&[l("Hạng", "Rank"), l("Mã", "ID")]);
    components_header.extend(
        criteria
            .components
            .iter()
            .map(|&c| criteria.nodes[c].id.clone()),
    );
    let mut sections = Vec::new();
    for (group, units) in result.by_group() {
        let optional = |r: Option<Rational>| r.map(Val::Num).unwrap_or_else(|| Val::text(""));
        sections.push(Section {
            title: tr!(
                lang,
                "Nhóm {group}: {}",
                "Group {group}: {}",
                lang.count(units.len(), "đơn vị", "unit", "units")
            ),
            header: totals_header.clone(),
            rows: units
                .iter()
                .map(|u| {
                    let mut row = totals_row(u);
                    let compared = crate::round::compared(criteria, u);
                    row.push(optional(compared.map(|c| c.0)));
                    row.push(compared.map_or_else(|| Val::text(""), |c| Val::Delta(c.2)));
                    row
                })
                .collect(),
        });
        sections.push(Section {
            title: tr!(
                lang,
                "Nhóm {group}: điểm theo lĩnh vực",
                "Group {group}: points by component"
            ),
            header: components_header.clone(),
            rows: units
                .iter()
                .map(|u| {
                    let mut row = vec![Val::Int(u.rank), Val::text(&u.unit.id)];
                    row.extend(criteria.components.iter().map(|&c| {
                        let (points, max) = u.node(criteria, c);
                        match criteria.nodes[c].kind {
                            Kind::Penalty => Val::Num(points.checked_neg().unwrap_or(points)),
                            _ if max.is_zero() => Val::text("—"),
                            _ => Val::Num(points),
                        }
                    }));
                    row
                })
                .collect(),
        });
    }
    let mut footer = vec![
        l(
            "Tự chấm: điểm đơn vị tự chấm; Chênh lệch = điểm thẩm định − điểm tự chấm, cộng trên các tiêu chí đơn vị đã tự chấm (như lệnh appraisal).",
            "Self-score: the unit's own score; Difference = appraised points − self-score, summed over the criteria the unit self-scored (as the appraisal command does).",
        )
        .to_string(),
        l(
            "Điểm theo lĩnh vực (— : không áp dụng; điểm trừ ghi số âm):",
            "Points by component (— : not applicable; penalties shown negative):",
        )
        .to_string(),
    ];
    footer.extend(criteria.components.iter().map(|&c| {
        let n = &criteria.nodes[c];
        let kind = match n.kind {
            Kind::Base => "",
            Kind::Bonus => l(", điểm thưởng", ", bonus"),
            Kind::Penalty => l(", điểm trừ", ", penalty"),
        };
        let max = lang.num(n.max, criteria.places);
        tr!(
            lang,
            "- {}: {} (tối đa {max}{kind})",
            "- {}: {} (max {max}{kind})",
            n.id,
            n.title
        )
    }));
    Doc {
        intro: Vec::new(),
        title: heading(criteria, result, lang),
        sections,
        footer,
        places: criteria.places,
        lang,
    }
}

// ---------------------------------------------------------------------------------------------
// explain: the audit trail of one unit.

pub fn explain(criteria: &Criteria, result: &ScoreResult, u: &UnitResult, lang: Lang) -> String {
    let p = Decimals::new(criteria.places, lang);
    let h = |vi, en| lang.pick(vi, en);
    let mut out = format!("{}\n", heading(criteria, result, lang));
    out.push_str(&tr!(
        lang,
        "Đơn vị: {} ({}), nhóm {}\n",
        "Unit: {} ({}), group {}\n",
        u.unit.name,
        u.unit.id,
        u.unit.group
    ));
    out.push_str(&tr!(
        lang,
        "Tổng điểm: {} / {} — chỉ số {}% — hạng {}/{}{}\n",
        "Total points: {} / {} — index {}% — rank {}/{}{}\n",
        vi(u.points, p),
        vi(u.max, p),
        vi(u.index, p),
        u.rank,
        u.group_size,
        u.class
            .as_deref()
            .map(|c| tr!(lang, " — xếp loại {c}", " — class {c}"))
            .unwrap_or_default()
    ));
    out.push_str(&tr!(
        lang,
        "Điểm thưởng: {}, điểm trừ: {}, tự chấm: {}\n",
        "Bonus: {}, penalty: {}, self-score: {}\n",
        vi(u.bonus, p),
        vi(u.penalty, p),
        u.self_points
            .map(|s| vi(s, p))
            .unwrap_or_else(|| "—".to_string())
    ));
    let mut t = new_table(strings(&[
        h("Mã", "ID"),
        h("Nội dung", "Title"),
        h("Giá trị", "Value"),
        h("Điểm", "Points"),
        h("Tối đa", "Max"),
        h("Tự chấm", "Self-score"),
        h("Trạng thái", "Status"),
        h("Cách tính / tài liệu kiểm chứng", "How scored / evidence"),
    ]));
    if t.width().is_none() {
        t.set_width(160);
    }
    for (i, n) in criteria.nodes.iter().enumerate() {
        let id = format!("{}{}", "  ".repeat(n.depth), n.id);
        let (points, max) = u.node(criteria, i);
        match &n.body {
            Body::Rule(rule) => {
                let l = &u.leaf(criteria, criteria.leaf_span(i).start);
                let mut why = format!(
                    "{}\n{}",
                    rule.describe(n.max, lang),
                    explain_leaf(criteria, l, lang)
                );
                if !l.evidence.is_empty() {
                    why.push_str(&tr!(lang, "\nKC: {}", "\nEvidence: {}", l.evidence));
                }
                if !l.note.is_empty() {
                    why.push_str(&tr!(lang, "\nGhi chú: {}", "\nNote: {}", l.note));
                }
                t.add_row(vec![
                    Cell::new(id),
                    Cell::new(&n.title),
                    Cell::new(l.value.unwrap_or("")),
                    Cell::new(vi(points, p)).set_alignment(CellAlignment::Right),
                    Cell::new(vi(max, p)).set_alignment(CellAlignment::Right),
                    Cell::new(opt_vi(l.self_score, p)).set_alignment(CellAlignment::Right),
                    Cell::new(lang.status(l.status)),
                    Cell::new(why),
                ]);
            }
            _ => {
                let index = u
                    .node_index(criteria, i)
                    .map(|x| format!("{}%", vi(x, p)))
                    .unwrap_or_default();
                t.add_row(vec![
                    Cell::new(id),
                    Cell::new(&n.title),
                    Cell::new(""),
                    Cell::new(vi(points, p)).set_alignment(CellAlignment::Right),
                    Cell::new(vi(max, p)).set_alignment(CellAlignment::Right),
                    Cell::new(""),
                    Cell::new(if n.depth == 0 {
                        lang.pick("cộng lĩnh vực", "component total")
                    } else {
                        lang.pick("cộng tiêu chí", "criterion total")
                    }),
                    Cell::new(index),
                ]);
            }
        }
    }
    out.push_str(&format!("{t}\n"));
    out
}

// ---------------------------------------------------------------------------------------------
// tree: the criteria set.

/// How a leaf's points came about, in words (for `explain`).
pub fn explain_leaf(criteria: &Criteria, leaf: &LeafResult, lang: Lang) -> String {
    let s = |r: Rational| lang.short(r);
    let n = &criteria.nodes[leaf.node];
    let max = s(n.max);
    // What the rule makes of the value, worked out again: scoring keeps only the points.
    let applied = match (n.rule(), leaf.value) {
        (Some(rule), Some(v)) if !is_not_applicable(v) => apply(rule, n.max, v).ok(),
        _ => None,
    };
    let exact = applied.map_or(Rational::ZERO, |a| a.0);
    let p = s(exact);
    let read = match (n.rule(), applied.map(|a| a.1)) {
        (Some(rule), Some(reading)) => match (rule, reading) {
            (_, Reading::Yes) => tr!(lang, "có → {max}", "yes → {max}"),
            (_, Reading::No) => lang.pick("không → 0", "no → 0").to_string(),
            (Rule::Levels(levels), Reading::Level(i)) => {
                let l = &levels[i];
                format!("{} = {} × {max} = {p}", l.label, s(l.fraction))
            }
            (Rule::Bands(bands), Reading::Band { value, band }) => match band {
                Some(i) => format!(
                    "{} ≥ {} → {}",
                    s(value),
                    s(bands[i].min),
                    s(bands[i].points)
                ),
                None => tr!(
                    lang,
                    "{} dưới mọi ngưỡng → 0",
                    "{} below every threshold → 0",
                    s(value)
                ),
            },
            (Rule::Ratio { target }, Reading::Ratio { value }) => tr!(
                lang,
                "{max} × min({} ÷ {}; 1) = {p}",
                "{max} × min({} ÷ {}, 1) = {p}",
                s(value),
                s(*target)
            ),
            (Rule::Count { per_item }, Reading::Count { n }) => {
                let raw = per_item.checked_mul(Rational::from_int(n)).unwrap_or(exact);
                tr!(
                    lang,
                    "{n} × {} = {}, tối đa {max} → {p}",
                    "{n} × {} = {}, at most {max} → {p}",
                    s(*per_item),
                    s(raw)
                )
            }
            (Rule::Deduction { per_item }, Reading::Deduction { n }) => tr!(
                lang,
                "{max} − {n} × {} = {p} (thấp nhất 0)",
                "{max} − {n} × {} = {p} (at least 0)",
                s(*per_item)
            ),
            (_, Reading::Points { value }) => {
                tr!(lang, "điểm chấm {}", "points given {}", s(value))
            }
            _ => String::new(),
        },
        _ => String::new(),
    };
    let points = s(leaf.points);
    match leaf.status {
        Status::Missing => lang.pick("chưa có số liệu → 0", "no data → 0").to_string(),
        Status::NotApplicable => match n.not_applicable {
            NaPolicy::Exclude => lang
                .pick(
                    "không áp dụng: loại khỏi điểm tối đa",
                    "not applicable: left out of the maximum",
                )
                .to_string(),
            NaPolicy::FullMarks => tr!(
                lang,
                "không áp dụng: tính đủ {max} điểm",
                "not applicable: counts the full {max}"
            ),
            NaPolicy::Zero => lang
                .pick("không áp dụng: tính 0 điểm", "not applicable: 0 points")
                .to_string(),
        },
        Status::Appraised if read.is_empty() => {
            tr!(lang, "thẩm định {points}", "appraised {points}")
        }
        Status::Appraised => tr!(
            lang,
            "thẩm định {points} (theo giá trị: {read})",
            "appraised {points} (from the value: {read})"
        ),
        Status::NoEvidence => tr!(
            lang,
            "{read}; không có tài liệu kiểm chứng → 0",
            "{read}; no evidence document → 0"
        ),
        Status::Scored if exact != leaf.points => {
            format!("{read} → {}", lang.num(leaf.points, criteria.places))
        }
        Status::Scored => read,
    }
}

pub fn tree(criteria: &Criteria, lang: Lang) -> String {
    let p = Decimals::new(criteria.places, lang);
    let l = |vi, en| lang.pick(vi, en);
    let mut out = format!("{} ({})\n", criteria.title, criteria.id);
    let mut t = new_table(strings(&[
        l("Mã", "ID"),
        l("Nội dung", "Title"),
        l("Tối đa", "Max"),
        l("Phụ trách", "Office"),
        l("Cách tính điểm", "Scoring rule"),
    ]));
    if t.width().is_none() {
        t.set_width(160);
    }
    for n in &criteria.nodes {
        let how = match &n.body {
            Body::Rule(rule) => rule.describe(n.max, lang),
            Body::Children(c) => tr!(
                lang,
                "tổng {}",
                "sum of {}",
                lang.count(c.len(), "tiêu chí con", "sub-criterion", "sub-criteria")
            ),
        };
        let mut how = how;
        if n.evidence_required && n.rule().is_some() {
            how.push_str(l(
                "; bắt buộc tài liệu kiểm chứng",
                "; evidence document required",
            ));
        }
        t.add_row(vec![
            Cell::new(format!("{}{}", "  ".repeat(n.depth), n.id)),
            Cell::new(&n.title),
            Cell::new(vi(n.max, p)).set_alignment(CellAlignment::Right),
            Cell::new(n.owner.as_deref().unwrap_or("")),
            Cell::new(how),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    let sum_of = |kind: Kind| {
        criteria
            .components
            .iter()
            .filter(|&&c| criteria.nodes[c].kind == kind)
            .fold(Rational::ZERO, |a, &c| {
                a.checked_add(criteria.nodes[c].max).unwrap_or(a)
            })
    };
    out.push_str(&tr!(
        lang,
        "Điểm tối đa phần cơ bản: {} (đã kiểm tra: điểm tối đa của mỗi tiêu chí bằng tổng các tiêu chí con)\n",
        "Base maximum: {} (checked: each criterion's maximum equals the sum of its sub-criteria)\n",
        vi(criteria.base_max(), p)
    ));
    let (bonus, penalty) = (sum_of(Kind::Bonus), sum_of(Kind::Penalty));
    if !bonus.is_zero() || !penalty.is_zero() {
        out.push_str(&tr!(
            lang,
            "Điểm thưởng tối đa: {}; điểm trừ tối đa: {}\n",
            "Bonus at most: {}; penalty at most: {}\n",
            vi(bonus, p),
            vi(penalty, p)
        ));
    }
    out.push_str(&tr!(
        lang,
        "{}; không áp dụng: {}; xếp hạng theo chỉ số {}\n",
        "{}; not applicable: {}; ranked by the {} index\n",
        lang.count(
            criteria.leaves().count(),
            "tiêu chí chấm điểm",
            "scored criterion",
            "scored criteria"
        ),
        match criteria.not_applicable {
            crate::criteria::NaPolicy::Exclude =>
                l("loại khỏi điểm tối đa", "left out of the maximum"),
            crate::criteria::NaPolicy::FullMarks => l("tính đủ điểm", "full marks"),
            crate::criteria::NaPolicy::Zero => l("tính 0 điểm", "0 points"),
        },
        match criteria.rank_by {
            crate::criteria::RankBy::Exact => l("chính xác (chưa làm tròn)", "exact (unrounded)"),
            crate::criteria::RankBy::Rounded => l("đã làm tròn", "rounded"),
        }
    ));
    out
}
