//! `criteria import` (SPEC §6): a province's criteria table — the annex of its decision, kept
//! in Excel — read into a criteria set written as YAML for people: each node with the table
//! row it came from, the option texts kept, the rule of each leaf worked out from them.
//!
//! The table is read row by row ([`crate::evidence::scan_rows`]: CSV as Excel saves it, or a
//! sheet of a workbook); the header is found by its names below the title rows; the tree is
//! built from the numbers; every problem is collected, each at its row, and nothing is
//! written unless there is none.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use super::numbering::{MAX_DEPTH, join, parse_id};
use super::options::{rule_of, rule_without_options, short};
use super::{Criteria, Kind, Rule};
use crate::error::{Error, Problem, Result};
use crate::lang::{msg, said};
use crate::number::{Number, Rational, fold_vi, parse_number};

/// What the command line gives besides the table.
pub struct Options<'a> {
    /// The sheet of a workbook (the first without it).
    pub sheet: Option<&'a str>,
    /// The set's id.
    pub id: &'a str,
    /// The set's title (without it: the table's title row).
    pub title: Option<&'a str>,
}

/// The set read from a table, as YAML, and what it holds (for the message after writing).
pub struct Imported {
    pub yaml: String,
    pub components: usize,
    /// Leaves by rule kind, in the order binary, levels, bands, ratio, count, deduction, points.
    pub kinds: Vec<(&'static str, usize)>,
    /// What is odd but not wrong: base maxima that do not add up to 100, with no total row.
    pub warnings: Vec<Problem>,
}

/// Reads the table at `path` into a criteria set, checked by [`Criteria::parse`] as it will
/// be loaded. Every problem of the table is an [`Error::Invalid`] at its row.
pub fn import(path: &Path, options: &Options<'_>) -> Result<Imported> {
    let name = path.display().to_string();
    if !path.is_file() {
        return Err(Error::Usage(msg!(
            "{name}: không có tệp bảng tiêu chí này",
            "{name}: no such criteria table"
        )));
    }
    if options.sheet.is_some() && !crate::evidence::is_workbook(path) {
        return Err(Error::Usage(msg!(
            "{name}: --sheet chỉ dùng cho tệp Excel (.xlsx)",
            "{name}: --sheet is only for an Excel file (.xlsx)"
        )));
    }
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    let read = crate::evidence::scan_rows(path, &name, options.sheet, &mut |line, fields| {
        rows.push((line, fields.iter().map(str::to_string).collect()));
        true
    });
    let mut problems = match read {
        Ok(p) => p,
        Err(p) => return Err(Error::invalid(p)),
    };
    let mut table = Table::new(&name);
    if options.sheet.is_none() && crate::evidence::is_workbook(path) {
        table.elsewhere = said(
            "; nếu bảng ở trang tính khác, chọn bằng --sheet TÊN",
            "; if the table is on another sheet, choose it with --sheet NAME",
        );
    }
    table.read(&rows);
    problems.append(&mut table.problems);
    if !problems.is_empty() {
        return Err(Error::invalid(problems));
    }
    let yaml = table.yaml(options);
    let criteria = Criteria::parse(&yaml, &name)?;
    let leaves: Vec<&str> = (criteria.leaves())
        .filter_map(|i| criteria.nodes[i].rule().map(Rule::kind))
        .collect();
    let kinds = [
        "binary",
        "levels",
        "bands",
        "ratio",
        "count",
        "deduction",
        "points",
    ]
    .into_iter()
    .map(|k| (k, leaves.iter().filter(|&&l| l == k).count()))
    .filter(|k| k.1 > 0)
    .collect();
    // Every published set is on a 100-point scale; a table that says another total says so.
    let base = criteria.base_max();
    let warnings = (table.total.is_none() && base != Rational::HUNDRED)
        .then(|| {
            Problem::new(
                &name,
                None,
                msg!(
                    "tổng điểm tối đa của các lĩnh vực (không kể điểm thưởng, điểm trừ) là {base}, không phải 100: hãy đối chiếu với quyết định; nếu đúng như vậy, thêm vào bảng một dòng \"Tổng cộng\" với số điểm này", "the maxima of the components (bonus and penalty aside) add up to {base}, not 100: check against the decision; if that is right, add a row \"Tổng cộng\" with this total to the table"
                ),
            )
        })
        .into_iter()
        .collect();
    Ok(Imported {
        yaml,
        components: criteria.components.len(),
        kinds,
        warnings,
    })
}

/// The columns of the table, found in its header row.
#[derive(Clone, Copy)]
struct Columns {
    number: usize,
    content: usize,
    max: usize,
    method: Option<usize>,
    evidence: Option<usize>,
    office: Option<usize>,
}

/// A header name folded for matching: lowercase, without marks, words joined by `_`.
fn key(header: &str) -> String {
    let folded = fold_vi(header);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The columns, if `cells` is the header row: a number, a content and a maximum column.
fn header(cells: &[String]) -> Option<Columns> {
    let keys: Vec<String> = cells.iter().map(|c| key(c)).collect();
    let find = |exact: &[&str], starts: &[&str]| {
        keys.iter().position(|k| {
            !k.is_empty()
                && (exact.contains(&k.as_str()) || starts.iter().any(|s| k.starts_with(s)))
        })
    };
    Some(Columns {
        number: find(
            &["stt", "tt", "ma", "so_tt", "ma_so", "so_thu_tu"],
            &["ma_tieu_chi"],
        )?,
        content: find(&[], &["noi_dung", "linh_vuc", "tieu_chi"])?,
        max: find(
            &["max", "diem"],
            &["diem_toi_da", "diem_chuan", "thang_diem"],
        )?,
        method: find(
            &[],
            &[
                "phuong_phap_cham",
                "cach_cham",
                "huong_dan_cham",
                "cach_tinh_diem",
            ],
        ),
        evidence: find(
            &[],
            &["tai_lieu_kiem_chung", "tai_lieu_minh_chung", "minh_chung"],
        ),
        office: find(
            &[],
            &[
                "co_quan_phu_trach",
                "don_vi_chu_tri",
                "co_quan_chu_tri",
                "co_quan_tham_muu",
                "don_vi_phu_trach",
            ],
        ),
    })
}

/// The marks that start an option row.
const MARKS: [char; 4] = ['-', '+', '•', '–'];

/// A numbered row of the table.
struct Entry {
    id: String,
    parts: Vec<u32>,
    row: u64,
    title: String,
    max: Option<Rational>,
    method: Option<String>,
    evidence: Option<String>,
    office: Option<String>,
    options: Vec<Opt>,
    children: Vec<usize>,
    /// The rule worked out, for a leaf.
    rule: Option<Rule>,
    kind: Kind,
}

/// An option row: its text without the mark, and its points.
struct Opt {
    row: u64,
    text: String,
    points: Rational,
}

struct Table<'a> {
    name: &'a str,
    problems: Vec<Problem>,
    /// The first title row above the header.
    title: Option<String>,
    entries: Vec<Entry>,
    components: Vec<usize>,
    /// The declared total ("Tổng cộng") and its row.
    total: Option<(Rational, u64)>,
    /// What to add when no header is found (the table may be on another sheet).
    elsewhere: &'static str,
}

impl<'a> Table<'a> {
    fn new(name: &'a str) -> Self {
        Table {
            name,
            problems: Vec::new(),
            title: None,
            entries: Vec::new(),
            components: Vec::new(),
            total: None,
            elsewhere: "",
        }
    }

    fn problem(&mut self, row: u64, message: impl Into<String>) {
        self.problems
            .push(Problem::new(self.name, Some(row), message.into()));
    }

    fn read(&mut self, rows: &[(u64, Vec<String>)]) {
        let found = (rows.iter().enumerate()).find_map(|(i, (_, cells))| Some((i, header(cells)?)));
        let Some((at, columns)) = found else {
            let firsts: Vec<String> = (rows.iter().take(8))
                .map(|(_, c)| cells_text(c, " | "))
                .collect();
            self.problems.push(Problem::new(
                self.name,
                None,
                msg!(
                    "không tìm thấy dòng tiêu đề của bảng: cần các cột số thứ tự (STT, TT hoặc Mã), nội dung (Nội dung hoặc Tiêu chí) và điểm (Điểm tối đa hoặc Điểm chuẩn); các dòng đầu của bảng: {}{}", "the table's header row was not found: it needs the columns number (STT, TT or Mã), content (Nội dung or Tiêu chí) and points (Điểm tối đa or Điểm chuẩn); the first rows of the table: {}{}",
                    firsts.join(" / "),
                    self.elsewhere
                ),
            ));
            return;
        };
        self.title = (rows[..at].iter())
            .map(|(_, c)| cells_text(c, " "))
            .find(|t| {
                let k = key(t);
                k.contains("chi_so") || k.contains("tieu_chi")
            })
            .or_else(|| rows[..at].first().map(|(_, c)| cells_text(c, " ")));
        let mut seq = Sequence::default();
        for (row, cells) in &rows[at + 1..] {
            self.row(*row, cells, &columns, &mut seq);
        }
        self.check();
    }

    /// One row below the header: a numbered node, an option of the last one, the total, or
    /// a note (ignored).
    fn row(&mut self, row: u64, cells: &[String], c: &Columns, seq: &mut Sequence) {
        let cell = |i: usize| -> String {
            let s = cells.get(i).map(|s| s.trim()).unwrap_or("");
            // Excel's mark of a text cell, written by `export` before a formula-like text.
            s.strip_prefix('\'').unwrap_or(s).trim().to_string()
        };
        let opt = |i: Option<usize>| i.map(cell).filter(|s| !s.is_empty());
        let (number, content, max) = (cell(c.number), cell(c.content), cell(c.max));
        // The row numbering the columns under the header: (1) (2) (3)…
        let numeral = |s: &str| {
            let s = s.trim_start_matches('(').trim_end_matches(')');
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
        };
        if numeral(&content) && (number.is_empty() || numeral(&number)) {
            return;
        }
        // Some tables put the option's mark in the number column.
        if number.chars().all(|ch| MARKS.contains(&ch)) && !number.is_empty() {
            self.option(row, content.trim(), &max, seq);
            return;
        }
        if !number.is_empty() {
            self.numbered(row, &number, content, &max, seq);
            if let Some(e) = seq.current.and_then(|i| self.entries.get_mut(i)) {
                e.method = opt(c.method);
                e.evidence = opt(c.evidence);
                e.office = opt(c.office);
            }
            return;
        }
        if let Some(text) = content.strip_prefix(MARKS) {
            self.option(row, text.trim(), &max, seq);
            return;
        }
        if max.is_empty() || content.is_empty() {
            return;
        }
        if key(&content).starts_with("tong") {
            if let Some(total) = self.points(row, &format!("\"{content}\""), &max) {
                self.total = self.total.or(Some((total, row)));
            }
            return;
        }
        self.problem(
            row,
            msg!(
                "dòng \"{}\" có điểm ({max}) nhưng không có số thứ tự và không bắt đầu bằng -, + hay •: nếu là một tiêu chí, ghi số thứ tự (ví dụ 1.2); nếu là một mức điểm của tiêu chí ở trên, ghi dấu - ở đầu", "the row \"{}\" has points ({max}) but no number, and does not start with -, + or •: if it is a criterion, write its number (e.g. 1.2); if it is an option of the criterion above, start it with -",
                short(&content)
            ),
        );
    }

    /// Points in the maximum column: a number ≥ 0, decimal comma or dot.
    fn points(&mut self, row: u64, what: &str, text: &str) -> Option<Rational> {
        let read = match parse_number(text) {
            _ if text.contains(['/', '%']) => None,
            Ok(Number::Value(v)) => Some(v),
            _ => None,
        };
        match read {
            Some(v) if !v.is_negative() => Some(v),
            Some(v) => {
                self.problem(
                    row,
                    msg!(
                        "{what}: điểm {v} là số âm",
                        "{what}: the points {v} are negative"
                    ),
                );
                None
            }
            None => {
                self.problem(
                    row,
                    msg!(
                        "{what}: điểm \"{text}\" không phải là số (ví dụ 1,5 hoặc 1.5)",
                        "{what}: the points \"{text}\" are not a number (e.g. 1,5 or 1.5)"
                    ),
                );
                None
            }
        }
    }

    fn numbered(&mut self, row: u64, number: &str, title: String, max: &str, seq: &mut Sequence) {
        seq.current = None;
        let Some(parts) = parse_id(number) else {
            self.problem(
                row,
                msg!(
                    "số thứ tự \"{number}\" không đọc được: hãy ghi 1, 1.1, 1.1.1… (lĩnh vực có thể ghi I, II…; tối đa {MAX_DEPTH} cấp)", "the number \"{number}\" cannot be read: write 1, 1.1, 1.1.1… (components may be I, II…; at most {MAX_DEPTH} levels)"
                ),
            );
            return;
        };
        let id = join(&parts);
        if let Some(first) = seq.rows.get(&id) {
            let first = *first;
            let hint = self.excel_hint(&parts, seq);
            self.problem(
                row,
                msg!(
                    "số thứ tự {id} bị trùng (lần đầu ở dòng {first}){hint}",
                    "the number {id} is used twice (first on row {first}){hint}"
                ),
            );
            return;
        }
        seq.rows.insert(id.clone(), row);
        let at = msg!("tiêu chí {id}", "criterion {id}");
        let max = if max.is_empty() {
            None
        } else {
            self.points(row, &at, max)
        };
        // The parent is the open node one level up, and the number the next among its
        // children (the next component at the top).
        let depth = parts.len() - 1;
        let parent = if depth == 0 {
            None
        } else {
            match seq.open.get(depth - 1).copied() {
                Some(p) if self.entries[p].parts == parts[..depth] => Some(p),
                _ => {
                    let up = join(&parts[..depth]);
                    self.problem(
                        row,
                        msg!(
                            "số thứ tự {id} không theo thứ tự: chưa có {up} ở trên",
                            "the number {id} is out of order: there is no {up} above it"
                        ),
                    );
                    return;
                }
            }
        };
        let siblings = match parent {
            Some(p) => &self.entries[p].children,
            None => &self.components,
        };
        let before = siblings.last().map(|&s| self.entries[s].id.clone());
        let expected = siblings
            .last()
            .map_or(1, |&s| self.entries[s].parts[depth] + 1);
        if parts[depth] != expected {
            let hint = self.excel_hint(&parts, seq);
            let mut want = parts[..depth].to_vec();
            want.push(expected);
            let after = before
                .or_else(|| parent.map(|p| self.entries[p].id.clone()))
                .map_or(String::new(), |b| msg!("sau {b} ", "after {b} "));
            self.problem(
                row,
                msg!(
                    "số thứ tự {id} không theo thứ tự: {after}phải là {}{hint}",
                    "the number {id} is out of order: {after}it should be {}{hint}",
                    join(&want),
                ),
            );
        }
        if let Some(p) = parent
            && let Some(first) = self.entries[p].options.first()
        {
            let (up, first) = (self.entries[p].id.clone(), first.row);
            self.problem(
                row,
                msg!(
                    "tiêu chí {up} có cả mức điểm (dòng {first}) lẫn tiêu chí con {id}: mức điểm chỉ đặt dưới tiêu chí không có tiêu chí con", "criterion {up} has both options (row {first}) and the sub-criterion {id}: options go only under a criterion without sub-criteria"
                ),
            );
        }
        let index = self.entries.len();
        let kind = if depth == 0 {
            kind_of(&title)
        } else {
            Kind::Base
        };
        self.entries.push(Entry {
            id,
            parts,
            row,
            title,
            max,
            method: None,
            evidence: None,
            office: None,
            options: Vec::new(),
            children: Vec::new(),
            rule: None,
            kind,
        });
        match parent {
            Some(p) => self.entries[p].children.push(index),
            None => self.components.push(index),
        }
        seq.open.truncate(depth);
        seq.open.push(index);
        seq.current = Some(index);
    }

    /// What to say when the number expected here is `parts` with a 0 after it: Excel turns
    /// the number typed 1.10 into 1.1.
    fn excel_hint(&self, parts: &[u32], seq: &Sequence) -> &'static str {
        let depth = parts.len() - 1;
        let siblings = match depth.checked_sub(1) {
            None => Some(&self.components),
            Some(up) => (seq.open.get(up))
                .filter(|&&p| self.entries[p].parts == parts[..depth])
                .map(|&p| &self.entries[p].children),
        };
        let next = siblings.map(|s| s.last().map_or(1, |&l| self.entries[l].parts[depth] + 1));
        if depth > 0 && next == Some(parts[depth] * 10) {
            said(
                " (Excel đã đổi số 1.10 gõ vào thành 1.1? định dạng cột số thứ tự là Text rồi gõ lại)",
                " (did Excel turn 1.10 into 1.1? format the number column as Text and type it again)",
            )
        } else {
            ""
        }
    }

    fn option(&mut self, row: u64, text: &str, max: &str, seq: &Sequence) {
        let Some(at) = seq.current else {
            // Under a row already refused, or above the first numbered row.
            if self.entries.is_empty() {
                self.problem(
                    row,
                    msg!(
                        "mức điểm \"{}\" nằm trên tiêu chí đầu tiên",
                        "the option \"{}\" is above the first criterion",
                        short(text)
                    ),
                );
            }
            return;
        };
        let what = msg!(
            "tiêu chí {}: mức \"{}\"",
            "criterion {}: option \"{}\"",
            self.entries[at].id,
            short(text)
        );
        if text.is_empty() {
            self.problem(
                row,
                msg!(
                    "tiêu chí {}: một dòng mức điểm không có nội dung",
                    "criterion {}: an option row has no text",
                    self.entries[at].id
                ),
            );
            return;
        }
        if max.is_empty() {
            self.problem(
                row,
                msg!(
                    "{what} chưa có điểm: ghi số điểm của mức này vào cột điểm tối đa",
                    "{what} has no points: write this option's points in the maximum column"
                ),
            );
            return;
        }
        if let Some(points) = self.points(row, &what, max) {
            self.entries[at].options.push(Opt {
                row,
                text: text.to_string(),
                points,
            });
        }
    }

    /// The checks once every row is read: maxima (SPEC §2), each leaf's rule from its
    /// options, the declared total.
    fn check(&mut self) {
        if self.entries.is_empty() && self.problems.is_empty() {
            self.problems.push(Problem::new(
                self.name,
                None,
                said(
                    "bảng không có dòng tiêu chí nào có số thứ tự (1, 1.1…) dưới dòng tiêu đề",
                    "the table has no numbered criterion row (1, 1.1…) below its header",
                ),
            ));
            return;
        }
        // Children come after their parent: from the last, each node's maximum is known
        // when its parent is checked.
        for i in (0..self.entries.len()).rev() {
            if self.entries[i].children.is_empty() {
                self.leaf(i);
                continue;
            }
            let e = &self.entries[i];
            let sum = e.children.iter().try_fold(Rational::ZERO, |acc, &c| {
                acc.checked_add(self.entries[c].max?)
            });
            let (id, row, declared) = (e.id.clone(), e.row, e.max);
            match (declared, sum) {
                (Some(m), Some(s)) if m != s => self.problem(
                    row,
                    msg!(
                        "tiêu chí {id}: điểm tối đa {m} khác tổng điểm tối đa của các tiêu chí con ({s})", "criterion {id}: the maximum {m} differs from the sum of its sub-criteria's maxima ({s})"
                    ),
                ),
                (None, Some(s)) => self.entries[i].max = Some(s),
                _ => {}
            }
        }
        let base = (self.components.iter())
            .filter(|&&c| self.entries[c].kind == Kind::Base)
            .try_fold(Rational::ZERO, |acc, &c| {
                acc.checked_add(self.entries[c].max?)
            });
        if base.is_some_and(|b| b.is_zero()) && self.problems.is_empty() {
            self.problems.push(Problem::new(
                self.name,
                None,
                said("các lĩnh vực (không kể điểm thưởng, điểm trừ) có tổng điểm tối đa bằng 0: không tính được chỉ số; hãy kiểm tra cột điểm tối đa", "the maxima of the components (bonus and penalty aside) add up to 0: no index can be computed; check the maximum column"),
            ));
        }
        if let (Some((total, row)), Some(base)) = (self.total, base)
            && base != total
        {
            self.problem(
                row,
                msg!(
                    "tổng điểm {total} khác tổng điểm tối đa của các lĩnh vực (không kể điểm thưởng, điểm trừ): {base}", "the total {total} differs from the sum of the components' maxima (bonus and penalty aside): {base}"
                ),
            );
        }
    }

    /// A leaf: its maximum, and its rule from its options (or from the method column).
    fn leaf(&mut self, i: usize) {
        let (id, row) = (self.entries[i].id.clone(), self.entries[i].row);
        let Some(max) = self.entries[i].max else {
            // Unreadable maxima were reported already.
            if !self.problems.iter().any(|p| p.line == Some(row)) {
                self.problem(
                    row,
                    msg!(
                        "tiêu chí {id} chưa có điểm tối đa: ghi vào cột điểm tối đa",
                        "criterion {id} has no maximum: write it in the maximum column"
                    ),
                );
            }
            return;
        };
        let options: Vec<(String, Rational)> = (self.entries[i].options.iter())
            .map(|o| (o.text.clone(), o.points))
            .collect();
        let rule = if options.is_empty() {
            let method = self.entries[i].method.as_deref().unwrap_or("");
            rule_without_options(method)
        } else {
            match rule_of(&options, max) {
                Ok(rule) => rule,
                Err(slips) => {
                    for (o, message) in slips {
                        let at = self.entries[i].options[o].row;
                        self.problem(
                            at,
                            msg!("tiêu chí {id}: {message}", "criterion {id}: {message}"),
                        );
                    }
                    return;
                }
            }
        };
        self.entries[i].rule = Some(rule);
    }

    /// The set as YAML for people.
    fn yaml(&self, options: &Options<'_>) -> String {
        let mut y = String::new();
        let leaves = self
            .entries
            .iter()
            .filter(|e| e.children.is_empty())
            .count();
        let _ = writeln!(
            y,
            "# Bộ tiêu chí nhập từ bảng {} bằng parindex criteria import: {} lĩnh vực, {leaves} tiêu chí chấm điểm.",
            self.name,
            self.components.len()
        );
        y.push_str(
            "# Mỗi mục ghi dòng của bảng (# dòng N) để đối chiếu. Các mức điểm của bảng giữ nguyên ở `options`;\n\
             # quy tắc chấm (`rule`) suy ra từ chúng. Sửa xong, kiểm tra bằng parindex check -c TỆP và xem bằng parindex tree -c TỆP.\n",
        );
        let title = options
            .title
            .map(str::to_string)
            .or_else(|| self.title.clone())
            .unwrap_or_else(|| options.id.to_string());
        let _ = writeln!(y, "id: {}", quoted(options.id));
        let _ = writeln!(y, "title: {}", quoted(&title));
        if let Some((total, row)) = self.total {
            let _ = writeln!(y, "max: {}  # dòng {row}", decimal(total));
        }
        y.push_str(
            "places: 2\n\
             not_applicable: exclude  # tiêu chí không phát sinh: exclude (bỏ khỏi điểm tối đa), full_marks hoặc zero\n\
             # Xếp loại (tùy chọn): bỏ dấu # và sửa theo quyết định của tỉnh.\n\
             # classes:\n\
             #   default:\n\
             #     - { min: 90, label: \"Xuất sắc\" }\n\
             #     - { min: 80, label: \"Tốt\" }\n\
             #     - { min: 70, label: \"Khá\" }\n\
             #     - { min: 50, label: \"Trung bình\" }\n\
             #     - { min: 0, label: \"Yếu\" }\n\
             components:\n",
        );
        for &c in &self.components {
            self.node(&mut y, c, 1, None);
        }
        y
    }

    fn node(&self, y: &mut String, i: usize, depth: usize, office: Option<&str>) {
        let e = &self.entries[i];
        let pad = "  ".repeat(depth * 2 - 1);
        let _ = writeln!(y, "{pad}- id: {}  # dòng {}", quoted(&e.id), e.row);
        let pad = "  ".repeat(depth * 2);
        let _ = writeln!(y, "{pad}title: {}", quoted(&e.title));
        if e.kind != Kind::Base {
            let _ = writeln!(y, "{pad}kind: {}", e.kind.as_str());
        }
        if let Some(m) = e.max {
            let _ = writeln!(y, "{pad}max: {}", decimal(m));
        }
        if let Some(o) = e.office.as_deref().filter(|&o| Some(o) != office) {
            let _ = writeln!(y, "{pad}owner: {}", quoted(o));
        }
        let office = e.office.as_deref().or(office);
        for (k, v) in [("method", &e.method), ("evidence", &e.evidence)] {
            if let Some(v) = v {
                let _ = writeln!(y, "{pad}{k}: {}", quoted(v));
            }
        }
        if !e.children.is_empty() {
            let _ = writeln!(y, "{pad}children:");
            for &c in &e.children {
                self.node(y, c, depth + 1, office);
            }
            return;
        }
        let (Some(rule), Some(max)) = (&e.rule, e.max) else {
            return;
        };
        write_rule(y, &pad, rule, max);
        if !e.options.is_empty() {
            let _ = writeln!(y, "{pad}options:");
            for o in &e.options {
                let _ = writeln!(
                    y,
                    "{pad}  - {{ text: {}, points: {} }}  # dòng {}",
                    quoted(&o.text),
                    decimal(o.points),
                    o.row
                );
            }
        }
    }
}

/// The kind of a component by its content: điểm thưởng, điểm cộng → bonus; điểm trừ →
/// penalty.
pub(super) fn kind_of(content: &str) -> Kind {
    let folded = key(content);
    if folded.contains("diem_thuong") || folded.contains("diem_cong") {
        Kind::Bonus
    } else if folded.contains("diem_tru") {
        Kind::Penalty
    } else {
        Kind::Base
    }
}

/// The non-empty cells of a row, joined by `sep`.
fn cells_text(cells: &[String], sep: &str) -> String {
    let filled: Vec<&str> = (cells.iter().map(|c| c.as_str()))
        .filter(|c| !c.is_empty())
        .collect();
    filled.join(sep)
}

/// Where the rows are in the numbering.
#[derive(Default)]
struct Sequence {
    /// The last node at each depth on the way down to the current one.
    open: Vec<usize>,
    /// The node the next option rows belong to (none after a refused row).
    current: Option<usize>,
    /// The row of each number met.
    rows: HashMap<String, u64>,
}

/// A string as YAML reads it back exactly (a JSON string is a YAML double-quoted scalar).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// A number as written in the YAML: exact, with a dot.
fn decimal(r: Rational) -> String {
    r.exact_text('.').unwrap_or_else(|| r.format(10, '.'))
}

fn write_rule(y: &mut String, pad: &str, rule: &Rule, max: Rational) {
    match rule {
        Rule::Binary | Rule::Points => {
            let _ = writeln!(y, "{pad}rule: {{ kind: {} }}", rule.kind());
        }
        Rule::Ratio { target } => {
            let _ = writeln!(
                y,
                "{pad}rule: {{ kind: ratio, target: {} }}",
                decimal(*target)
            );
        }
        Rule::Count { per_item } | Rule::Deduction { per_item } => {
            let (kind, each) = (rule.kind(), decimal(*per_item));
            let _ = writeln!(y, "{pad}rule: {{ kind: {kind}, per_item: {each} }}");
        }
        Rule::Bands(bands) => {
            let _ = writeln!(y, "{pad}rule:\n{pad}  kind: bands\n{pad}  bands:");
            for b in bands {
                let (min, points) = (decimal(b.min), decimal(b.points));
                let _ = writeln!(y, "{pad}    - {{ min: {min}, points: {points} }}");
            }
        }
        Rule::Levels(levels) => {
            let _ = writeln!(y, "{pad}rule:\n{pad}  kind: levels\n{pad}  levels:");
            for l in levels {
                let points = l.fraction.checked_mul(max).unwrap_or(Rational::ZERO);
                let _ = writeln!(
                    y,
                    "{pad}    {}: {}  # {} điểm",
                    quoted(&l.label),
                    fraction_text(points, max),
                    points
                        .exact_text(',')
                        .unwrap_or_else(|| points.display_vi())
                );
            }
        }
    }
}

/// The fraction `points ÷ max` as the YAML reads it: a decimal when it ends (0.75), else
/// `points/max` (1/1.5), exactly.
fn fraction_text(points: Rational, max: Rational) -> String {
    match points.checked_div(max) {
        None => "0".to_string(),
        Some(f) => match f.exact_text('.') {
            Some(t) => t,
            None => format!("{}/{}", decimal(points), decimal(max)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    #[test]
    fn headers_are_found_with_or_without_marks() {
        let cells = |s: &str| s.split('|').map(str::to_string).collect::<Vec<_>>();
        let c = header(&cells("STT|Lĩnh vực/Tiêu chí/Tiêu chí thành phần|Điểm tối đa|Phương pháp chấm|Tài liệu kiểm chứng|Cơ quan phụ trách")).unwrap();
        assert_eq!((c.number, c.content, c.max), (0, 1, 2));
        assert_eq!(
            (c.method, c.evidence, c.office),
            (Some(3), Some(4), Some(5))
        );
        let c = header(&cells("tt|NOI DUNG|diem chuan|don vi chu tri")).unwrap();
        assert_eq!((c.number, c.content, c.max, c.office), (0, 1, 2, Some(3)));
        assert!(header(&cells("BỘ CHỈ SỐ CCHC CẤP XÃ||")).is_none());
    }

    /// Rows as a table gives them (CSV lines or sheet rows).
    fn rows(text: &str) -> Vec<(u64, Vec<String>)> {
        (text.lines().enumerate())
            .map(|(i, l)| (i as u64 + 1, l.split(';').map(str::to_string).collect()))
            .collect()
    }

    #[test]
    fn the_yaml_loads_and_keeps_what_the_table_says() {
        let mut t = Table::new("t.csv");
        t.read(&rows(
            "Bộ chỉ số thử\nTT;Nội dung;Điểm chuẩn;Cách chấm;Tài liệu kiểm chứng;Đơn vị chủ trì\n\
             I;Chỉ đạo;3;;;Văn phòng\n1.1;Kế hoạch;3;Theo kế hoạch;Kế hoạch năm;\n;- Tốt;3\n-;Đạt;1\n\
             II;Điểm trừ;1;;;\n2.1;Vi phạm;1;0,5 điểm mỗi lần;;\n",
        ));
        assert!(t.problems.is_empty(), "{:?}", t.problems);
        assert_eq!(
            t.entries[1].options.len(),
            2,
            "the mark in the number column"
        );
        let options = Options {
            sheet: None,
            id: "thu",
            title: None,
        };
        let yaml = t.yaml(&options);
        let c = Criteria::parse(&yaml, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(c.title, "Bộ chỉ số thử");
        let n = &c.nodes[c.node("1.1").unwrap()];
        assert_eq!(n.owner.as_deref(), Some("Văn phòng"));
        assert_eq!(n.method.as_deref(), Some("Theo kế hoạch"));
        assert_eq!(n.evidence.as_deref(), Some("Kế hoạch năm"));
        assert_eq!(n.options.len(), 2);
        assert_eq!(n.options[1].points, Rational::from_int(1));
        assert!(yaml.contains("\"Đạt\": 1/3  # 1 điểm"), "{yaml}");
        assert_eq!(c.nodes[c.node("2").unwrap()].kind, Kind::Penalty);
        let n = &c.nodes[c.node("2.1").unwrap()];
        assert_eq!(
            n.rule(),
            Some(&Rule::Count {
                per_item: Rational::new(1, 2).unwrap()
            })
        );
    }

    proptest::proptest! {
        /// Any table, however broken: no panic; and a table without problems gives a YAML
        /// that loads.
        #[test]
        fn any_table_is_refused_or_loads(
            body in proptest::collection::vec(
                (
                    "(|1|1\\.1|1\\.2|1\\.3|2|2\\.1|II|III|1\\.1\\.1|1\\.1\\.2|x)",
                    "(|Kế hoạch|- Có|- Không|• Từ 95% đến dưới 98%|• Từ 98% trở lên|• Dưới 95%|\\+ Tốt|\\+ Đạt|Tổng cộng|Điểm thưởng|Điểm trừ|[a-zà-ỹ%.,]{0,6})",
                    "(|0|0,5|1|1\\.5|2|3|x|-1|[0-9.,]{1,4})",
                    "(|Trừ 0,5 điểm mỗi lần|Tỷ lệ so với chỉ tiêu 60%|1 điểm mỗi mục|ghi chú)",
                ),
                0..30,
            ),
            title in "[A-ZĐa-zà-ỹ ]{0,12}",
        ) {
            let mut rows = vec![(1, vec![title]), (2, ["STT", "Nội dung", "Điểm tối đa", "Cách chấm"].map(String::from).to_vec())];
            for (i, (n, c, m, how)) in body.into_iter().enumerate() {
                rows.push((i as u64 + 3, vec![n, c, m, how]));
            }
            let mut t = Table::new("t.csv");
            t.read(&rows);
            if t.problems.is_empty() {
                let options = Options { sheet: None, id: "t", title: None };
                let yaml = t.yaml(&options);
                proptest::prop_assert!(Criteria::parse(&yaml, "t.yaml").is_ok(), "{}", yaml);
            }
        }
    }

    /// The options a leaf of the generated tables may have, and the method cell.
    const CASES: [(&str, &str); 6] = [
        ("- Có|- Không", ""),
        ("• Từ 98% trở lên|• Từ 95% đến dưới 98%|• Dưới 95%", ""),
        ("+ Tốt|+ Đạt|+ Không đạt", ""),
        ("", "Trừ 0,5 điểm mỗi lần vi phạm"),
        ("", "Tỷ lệ so với chỉ tiêu 60%"),
        ("", "Điểm do hội đồng chấm"),
    ];

    proptest::proptest! {
        /// A well-formed table of any shape imports without a problem, and its YAML loads
        /// with every leaf.
        #[test]
        fn any_well_formed_table_loads(
            shape in proptest::collection::vec(
                proptest::collection::vec(proptest::collection::vec(0..6usize, 0..3), 0..4),
                1..5,
            ),
            max in 1..5i128,
        ) {
            let mut rows = vec![(1, vec!["STT".into(), "Nội dung".into(), "Điểm tối đa".into(), "Cách chấm".into()])];
            let mut leaves = 0;
            let push = |rows: &mut Vec<(u64, Vec<String>)>, cells: [String; 4]| {
                let line = rows.len() as u64 + 1;
                rows.push((line, cells.to_vec()));
            };
            let mut leaf = |rows: &mut Vec<(u64, Vec<String>)>, id: String, case: usize| {
                let (options, method) = CASES[case];
                push(rows, [id, "Tiêu chí".into(), max.to_string(), method.into()]);
                for (k, o) in options.split('|').filter(|o| !o.is_empty()).enumerate() {
                    let points = if k == 0 { max } else { 0 };
                    push(rows, [String::new(), o.into(), points.to_string(), String::new()]);
                }
                leaves += 1;
            };
            for (c, criteria) in shape.iter().enumerate() {
                let c = c + 1;
                if criteria.is_empty() {
                    leaf(&mut rows, c.to_string(), c % 6);
                    continue;
                }
                rows.push((rows.len() as u64 + 1, vec![c.to_string(), "Lĩnh vực".into(), String::new(), String::new()]));
                for (k, subs) in criteria.iter().enumerate() {
                    let id = format!("{c}.{}", k + 1);
                    if subs.is_empty() {
                        leaf(&mut rows, id, k % 6);
                        continue;
                    }
                    rows.push((rows.len() as u64 + 1, vec![id.clone(), "Tiêu chí".into(), String::new(), String::new()]));
                    for (j, &case) in subs.iter().enumerate() {
                        leaf(&mut rows, format!("{id}.{}", j + 1), case);
                    }
                }
            }
            let mut t = Table::new("t.csv");
            t.read(&rows);
            proptest::prop_assert!(t.problems.is_empty(), "{:?}", t.problems);
            let options = Options { sheet: None, id: "t", title: None };
            let yaml = t.yaml(&options);
            let c = Criteria::parse(&yaml, "t.yaml");
            proptest::prop_assert!(c.is_ok(), "{}", yaml);
            proptest::prop_assert_eq!(c.map(|c| c.leaf_count()).unwrap_or(0), leaves);
        }
    }

    /// Found by `any_table_is_refused_or_loads`: a table with only a bonus component gave a
    /// YAML that does not load (an index over a base maximum of 0).
    #[test]
    fn a_table_without_base_points_is_refused() {
        let mut t = Table::new("t.csv");
        t.read(&rows("STT;Nội dung;Điểm tối đa\n1;Điểm thưởng;0\n"));
        let p: Vec<String> = t.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            p,
            [
                "t.csv: các lĩnh vực (không kể điểm thưởng, điểm trừ) có tổng điểm tối đa bằng 0: không tính được chỉ số; hãy kiểm tra cột điểm tối đa"
            ]
        );
    }

    #[test]
    fn levels_that_do_not_end_are_written_as_fractions() {
        assert_eq!(fraction_text(r(1, 1), r(3, 2)), "1/1.5");
        assert_eq!(fraction_text(r(3, 4), r(3, 2)), "0.5");
    }
}
