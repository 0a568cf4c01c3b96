//! Documents: titled tables rendered as a terminal table, Markdown or CSV. Every report
//! (ranking, appraisal, gaps) builds one and shares these writers.

use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, presets};

use crate::criteria::Criteria;
use crate::lang::{Lang, tr};
use crate::number::Rational;
use crate::score::ScoreResult;

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

    pub(super) fn render(&self, places: u32, sep: char) -> String {
        match self {
            Val::Text(s) => s.clone(),
            Val::Num(r) => r.format(places, sep),
            Val::Delta(r) if *r > Rational::ZERO => format!("+{}", r.format(places, sep)),
            Val::Delta(r) => r.format(places, sep),
            Val::Int(n) => n.to_string(),
            Val::Signed(n) => n.to_string(),
        }
    }

    pub(super) fn is_number(&self) -> bool {
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
            // A column with a number is aligned right (its first cell may be empty).
            let align: Vec<&str> = (0..s.header.len())
                .map(|i| {
                    if s.rows.iter().any(|r| r.get(i).is_some_and(Val::is_number)) {
                        "---:"
                    } else {
                        "---"
                    }
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

pub(super) fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Columns whose widest cell is short (numbers, ids, ranks) are never wrapped: only long
/// text columns give way when the terminal is narrow.
pub(super) fn keep_short_columns_whole(t: &mut Table) {
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
pub(super) fn new_table(header: Vec<String>) -> Table {
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
