//! Scoring (SPEC §4): each leaf from its evidence row, then sums, index, rank and class.
//! Pure functions over exact rationals; one rounding per leaf and one for each index.
//! Rows are scored as the evidence files are read (on every core) and not kept: a unit
//! holds one compact cell per leaf.

use std::path::{Path, PathBuf};

use crate::criteria::{Criteria, IdMap, Kind, NaPolicy, RankBy, Rule};
use crate::error::{Error, Problem, Result};
use crate::evidence::{DESCRIPTIVE, Evidence, Item, MAX_SHORT_CELL, READ, Unit};
use crate::lang::{Lang, tr};
use crate::number::{
    Number, Rational, fold_eq, fold_vi, is_not_applicable, parse_number, round_div, short_decimal,
};
use crate::records::Fields;

/// How a leaf's points were obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Scored,
    Appraised,
    Missing,
    NotApplicable,
    NoEvidence,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scored => "scored",
            Status::Appraised => "appraised",
            Status::Missing => "missing",
            Status::NotApplicable => "not_applicable",
            Status::NoEvidence => "no_evidence",
        }
    }

    /// The status named by its JSON code (`scored`, `missing`…).
    pub fn from_code(code: &str) -> Option<Status> {
        [
            Status::Scored,
            Status::Appraised,
            Status::Missing,
            Status::NotApplicable,
            Status::NoEvidence,
        ]
        .into_iter()
        .find(|s| s.as_str() == code)
    }

    /// The Vietnamese label shown to people.
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Scored => "đã chấm",
            Status::Appraised => "thẩm định",
            Status::Missing => "thiếu số liệu",
            Status::NotApplicable => "không áp dụng",
            Status::NoEvidence => "thiếu tài liệu kiểm chứng",
        }
    }
}

/// One leaf's result for one unit, kept in 8 bytes so that a whole country's leaves fit in
/// little memory: the rounded points as a count of 10^-places, and the row's line (0 when
/// the unit has no row for the leaf) with the status in its top 3 bits. Points or a line too
/// large for them (past 2^31 units, past line 2^29) are kept aside ([`Cells`]).
#[derive(Clone, Copy, Debug)]
struct Cell {
    points: i32,
    line_status: u32,
}

/// The bits of [`Cell::line_status`] that hold the line; all of them set: kept aside.
const LINE_BITS: u32 = 29;
const LINE_MASK: u32 = (1 << LINE_BITS) - 1;
/// The points of a cell whose points are kept aside.
const WIDE_POINTS: i32 = i32::MIN;

/// The statuses in the order of their codes in a cell: the order of their declaration.
const STATUSES: [Status; 5] = [
    Status::Scored,
    Status::Appraised,
    Status::Missing,
    Status::NotApplicable,
    Status::NoEvidence,
];

const NO_ROW: Cell = Cell {
    points: 0,
    line_status: (Status::Missing as u32) << LINE_BITS,
};

/// A leaf's result, read out of its cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Leaf {
    status: Status,
    points: i64,
    line: u64,
}

/// A leaf without a row.
const NO_LEAF: Leaf = Leaf {
    status: Status::Missing,
    points: 0,
    line: 0,
};

/// A unit's leaves, in tree order.
#[derive(Clone, Debug, Default)]
struct Cells {
    cells: Vec<Cell>,
    /// The points and line of each leaf whose cell cannot hold them, by position.
    wide: Vec<(usize, i64, u64)>,
}

impl Cells {
    fn new(leaves: usize) -> Cells {
        Cells {
            cells: vec![NO_ROW; leaves],
            wide: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.cells.len()
    }

    fn get(&self, i: usize) -> Option<Leaf> {
        let c = self.cells.get(i)?;
        let code = (c.line_status >> LINE_BITS) as usize;
        let mut leaf = Leaf {
            status: STATUSES.get(code).copied().unwrap_or(Status::Missing),
            points: i64::from(c.points),
            line: u64::from(c.line_status & LINE_MASK),
        };
        if c.points == WIDE_POINTS || c.line_status & LINE_MASK == LINE_MASK {
            let w = self.wide.iter().find(|w| w.0 == i);
            (leaf.points, leaf.line) = w.map_or((0, 0), |w| (w.1, w.2));
        }
        Some(leaf)
    }

    fn iter(&self) -> impl Iterator<Item = Leaf> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The sum of the points of the leaves in `span`, with `not_applicable` told each
    /// not-applicable one; None when the span is not the unit's or `not_applicable` fails.
    fn sum(
        &self,
        span: std::ops::Range<usize>,
        mut not_applicable: impl FnMut(usize) -> Option<()>,
    ) -> Option<i128> {
        let start = span.start;
        let mut units: i128 = 0;
        for (k, c) in self.cells.get(span)?.iter().enumerate() {
            units += match c.points {
                WIDE_POINTS => i128::from(self.get(start + k)?.points),
                p => i128::from(p),
            };
            if c.line_status >> LINE_BITS == Status::NotApplicable as u32 {
                not_applicable(start + k)?;
            }
        }
        Some(units)
    }

    /// Sets a leaf's status, points and line.
    fn set(&mut self, i: usize, leaf: Leaf) {
        let Some(c) = self.cells.get_mut(i) else {
            return;
        };
        let points = i32::try_from(leaf.points)
            .ok()
            .filter(|&p| p != WIDE_POINTS);
        let line = u32::try_from(leaf.line).ok().filter(|&l| l < LINE_MASK);
        let (Some(points), Some(line)) = (points, line) else {
            *c = Cell {
                points: WIDE_POINTS,
                line_status: ((leaf.status as u32) << LINE_BITS) | LINE_MASK,
            };
            match self.wide.iter_mut().find(|w| w.0 == i) {
                Some(w) => (w.1, w.2) = (leaf.points, leaf.line),
                None => self.wide.push((i, leaf.points, leaf.line)),
            }
            return;
        };
        *c = Cell {
            points,
            line_status: ((leaf.status as u32) << LINE_BITS) | line,
        };
    }
}

/// The texts of a unit's rows that are kept ([`Texts`]): value, self_score, appraised,
/// evidence and note of each leaf, end to end. Nothing at all when none is kept.
#[derive(Clone, Debug, Default)]
struct RowTexts {
    /// For each leaf, where its texts start and their lengths.
    spans: Vec<(u32, [u16; 5])>,
    text: String,
}

impl RowTexts {
    /// Keeps the texts of the row of leaf `pos` (of `leaves`).
    fn set(&mut self, pos: usize, leaves: usize, texts: [&str; 5]) {
        if self.spans.is_empty() {
            if texts.iter().all(|t| t.is_empty()) {
                return;
            }
            self.spans = vec![(0, [0; 5]); leaves];
        }
        let start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        // Cells are at most MAX_CELL characters: their lengths fit in u16.
        let texts = texts.map(|t| {
            if t.len() <= usize::from(u16::MAX) {
                t
            } else {
                ""
            }
        });
        if let Some(span) = self.spans.get_mut(pos) {
            *span = (start, texts.map(|t| t.len() as u16));
            texts.iter().for_each(|t| self.text.push_str(t));
        }
    }

    /// The texts of the row of leaf `pos`; empty when none are kept.
    fn get(&self, pos: usize) -> [&str; 5] {
        let mut texts = [""; 5];
        if let Some(&(start, lens)) = self.spans.get(pos) {
            let mut at = start as usize;
            for (t, len) in texts.iter_mut().zip(lens) {
                let end = at + usize::from(len);
                *t = self.text.get(at..end).unwrap_or("");
                at = end;
            }
        }
        texts
    }
}

/// One leaf's result for one unit, as the writers see it.
#[derive(Clone, Copy, Debug)]
pub struct LeafResult<'a> {
    /// Index of the leaf in [`Criteria::nodes`].
    pub node: usize,
    pub status: Status,
    /// Rounded to `places`.
    pub points: Rational,
    /// The applicable maximum (0 for an excluded not-applicable leaf).
    pub max: Rational,
    pub self_score: Option<Rational>,
    pub appraised: Option<Rational>,
    /// The raw value as written; `None` when there is no row or the cell is empty.
    pub value: Option<&'a str>,
    pub evidence: &'a str,
    pub note: &'a str,
    /// The line of the unit's row for the leaf, if it has one.
    pub line: Option<u64>,
}

/// One unit's full result.
#[derive(Clone, Debug)]
pub struct UnitResult {
    pub unit: Unit,
    /// Total: base points + bonus − penalty, floored at 0.
    pub points: Rational,
    /// Applicable maximum of the base components.
    pub max: Rational,
    /// `points ÷ max × 100`, exact.
    pub exact_index: Rational,
    /// The same, rounded to `places`.
    pub index: Rational,
    pub bonus: Rational,
    pub penalty: Rational,
    pub self_points: Option<Rational>,
    pub rank: usize,
    pub group_size: usize,
    pub class: Option<String>,
    /// The leaves.
    cells: Cells,
    /// The texts of the rows, in the cells' order.
    texts: RowTexts,
}

impl UnitResult {
    /// A node's points and applicable maximum: sums over the leaves under it.
    pub fn node(&self, criteria: &Criteria, node: usize) -> (Rational, Rational) {
        // The sums were computed once already when the unit was scored: they fit.
        node_sums(criteria, &self.cells, node).unwrap_or((Rational::ZERO, Rational::ZERO))
    }

    /// A node's points in units of 10^-places: the sum of its leaves' (for a writer that
    /// prints many of them).
    pub(crate) fn node_units(&self, criteria: &Criteria, node: usize) -> i128 {
        let span = criteria.leaf_span(node);
        self.cells.sum(span, |_| Some(())).unwrap_or(0)
    }

    /// A node's index (points ÷ applicable max × 100, rounded); `None` when the applicable
    /// maximum is 0 or the node belongs to a bonus/penalty component.
    pub fn node_index(&self, criteria: &Criteria, node: usize) -> Option<Rational> {
        let (points, max) = self.node(criteria, node);
        if max.is_zero() || criteria.nodes[node].kind != Kind::Base {
            return None;
        }
        percent(points, max)?.round(criteria.places)
    }

    /// The leaf at position `i` of [`Criteria::leaves`].
    pub fn leaf<'a>(&'a self, criteria: &Criteria, i: usize) -> LeafResult<'a> {
        let node = criteria.leaf_node(i);
        let n = &criteria.nodes[node];
        let c = self.cells.get(i).unwrap_or(NO_LEAF);
        let [value, self_score, appraised, evidence, note] = self.texts.get(i);
        let max = if c.status == Status::NotApplicable && n.not_applicable == NaPolicy::Exclude {
            Rational::ZERO
        } else {
            n.max
        };
        LeafResult {
            node,
            status: c.status,
            points: Rational::from_scaled(i128::from(c.points), criteria.places)
                .unwrap_or(Rational::ZERO),
            max,
            // Both were read when the row was scored.
            self_score: self_score_value(self_score, n.max),
            appraised: points_cell("appraised", appraised, n.max).ok().flatten(),
            value: Some(value).filter(|v| !v.is_empty()),
            evidence,
            note,
            line: (c.line > 0).then_some(c.line),
        }
    }

    /// Leaf `i` as it was kept, for a writer that prints many leaves without reading their
    /// numbers again: status, points in units of 10^-places, the self-score as written
    /// (see [`self_score_value`]) and the value.
    pub(crate) fn leaf_cells(&self, i: usize) -> Option<(Status, i64, &str, &str)> {
        let c = self.cells.get(i)?;
        let [value, self_score, ..] = self.texts.get(i);
        Some((c.status, c.points, self_score, value))
    }

    /// Every leaf, in tree order.
    pub fn leaves<'a>(
        &'a self,
        criteria: &'a Criteria,
    ) -> impl Iterator<Item = LeafResult<'a>> + 'a {
        (0..self.cells.len()).map(move |i| self.leaf(criteria, i))
    }
}

/// A warning, with the unit it concerns (none for a file-level one).
#[derive(Clone, Debug)]
pub struct Warning {
    pub unit: Option<String>,
    pub problem: Problem,
}

/// Everything `score` computed, ready for any writer.
#[derive(Clone, Debug)]
pub struct ScoreResult {
    pub period: Option<String>,
    /// Groups in output order.
    pub groups: Vec<String>,
    /// Units ordered by group, then rank, then id.
    pub units: Vec<UnitResult>,
    /// Warnings (missing leaves), already located.
    pub warnings: Vec<Warning>,
}

impl ScoreResult {
    /// Each group (in output order) with its units, in rank order; groups without units
    /// (filtered out by --group or --unit) are skipped.
    pub fn by_group(&self) -> impl Iterator<Item = (&str, Vec<&UnitResult>)> {
        self.groups.iter().filter_map(|g| {
            let units: Vec<&UnitResult> =
                self.units.iter().filter(|u| &u.unit.group == g).collect();
            (!units.is_empty()).then_some((g.as_str(), units))
        })
    }
}

fn percent(points: Rational, max: Rational) -> Option<Rational> {
    points.checked_mul(Rational::HUNDRED)?.checked_div(max)
}

const TOO_LARGE: &str = "có số quá lớn, không tính chính xác được";

/// Yes or no (SPEC §2), with or without Vietnamese marks: "có", "co", "Đạt", "không đạt"…
fn yes_no(text: &str) -> Option<bool> {
    let t = text.trim();
    // The usual Vietnamese spellings, as people write them, need no folding either.
    match t {
        "có" | "Có" | "đạt" | "Đạt" => return Some(true),
        "không" | "Không" | "không đạt" | "Không đạt" => return Some(false),
        _ => {}
    }
    // The plain ASCII spellings need no folding.
    let folded;
    let t = if t
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        t
    } else {
        folded = fold_vi(t);
        folded.as_str()
    };
    match t {
        "yes" | "y" | "true" | "1" | "co" | "dat" => Some(true),
        "no" | "n" | "false" | "0" | "khong" | "khong_dat" => Some(false),
        _ => None,
    }
}

fn number(text: &str) -> std::result::Result<Rational, String> {
    match parse_number(text)? {
        Number::Value(v) => Ok(v),
        Number::NotApplicable => Err(format!("\"{text}\" không phải là số")),
    }
}

fn whole(text: &str) -> std::result::Result<i128, String> {
    number(text)?
        .to_integer()
        .filter(|n| *n >= 0)
        .ok_or_else(|| format!("\"{text}\" không phải số nguyên (0, 1, 2…)"))
}

/// What a rule made of a value, kept so that `explain` can say how the points came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    Yes,
    No,
    /// The index of the level in the rule.
    Level(usize),
    /// The value and the index of the band reached, if any.
    Band {
        value: Rational,
        band: Option<usize>,
    },
    Ratio {
        value: Rational,
    },
    Count {
        n: i128,
    },
    Deduction {
        n: i128,
    },
    Points {
        value: Rational,
    },
}

/// Applies a rule to a (non-empty, applicable) value: the exact points and the reading.
pub fn apply(
    rule: &Rule,
    max: Rational,
    text: &str,
) -> std::result::Result<(Rational, Reading), String> {
    let too_large = || TOO_LARGE.to_string();
    Ok(match rule {
        Rule::Binary => match yes_no(text) {
            Some(true) => (max, Reading::Yes),
            Some(false) => (Rational::ZERO, Reading::No),
            None => return Err(format!("\"{text}\" không phải có/không")),
        },
        Rule::Levels(levels) => {
            // The label as declared (case aside); else, if it is the only one that matches,
            // the label written the Vietnamese way: "Tốt" for tot, "Xuất sắc" for xuat_sac.
            let wanted = text.trim();
            let same = |label: &str| {
                if label.is_ascii() && wanted.is_ascii() {
                    label.eq_ignore_ascii_case(wanted)
                } else {
                    let lower = |c: char| c.to_lowercase();
                    let label = label.chars().flat_map(lower);
                    label.eq(wanted.chars().flat_map(lower))
                }
            };
            // The label exactly as declared, the usual case, is found without case folding.
            let exact = levels
                .iter()
                .position(|l| l.label == wanted)
                .or_else(|| levels.iter().position(|l| same(&l.label)));
            let unique = || {
                let mut loose = (0..levels.len()).filter(|&i| fold_eq(&levels[i].label, text));
                match (loose.next(), loose.next()) {
                    (Some(i), None) => Some(i),
                    _ => None,
                }
            };
            let Some(i) = exact.or_else(unique) else {
                let names: Vec<&str> = levels.iter().map(|l| l.label.as_str()).collect();
                return Err(format!(
                    "\"{text}\" không phải mức của quy tắc này ({})",
                    names.join(", ")
                ));
            };
            let p = levels[i].fraction.checked_mul(max).ok_or_else(too_large)?;
            (p, Reading::Level(i))
        }
        Rule::Bands(bands) => {
            let value = number(text)?;
            let band = bands.iter().position(|b| b.min <= value);
            let p = band.map_or(Rational::ZERO, |i| bands[i].points);
            (p, Reading::Band { value, band })
        }
        Rule::Ratio { target } => {
            let value = number(text)?;
            if value.is_negative() {
                return Err(format!("\"{text}\" là số âm"));
            }
            let share = value
                .checked_div(*target)
                .ok_or_else(too_large)?
                .min(Rational::from_int(1));
            (
                max.checked_mul(share).ok_or_else(too_large)?,
                Reading::Ratio { value },
            )
        }
        Rule::Count { per_item } => {
            let n = whole(text)?;
            let raw = per_item
                .checked_mul(Rational::from_int(n))
                .ok_or_else(too_large)?;
            (raw.min(max), Reading::Count { n })
        }
        Rule::Deduction { per_item } => {
            let n = whole(text)?;
            let off = per_item
                .checked_mul(Rational::from_int(n))
                .ok_or_else(too_large)?;
            let p = max
                .checked_sub(off)
                .ok_or_else(too_large)?
                .max(Rational::ZERO);
            (p, Reading::Deduction { n })
        }
        Rule::Points => {
            let value = number(text)?;
            if value.is_negative() || value > max {
                return Err(format!(
                    "{value} points không nằm trong khoảng 0 đến max {max}"
                ));
            }
            (value, Reading::Points { value })
        }
    })
}

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

/// A points cell (`self_score`, `appraised`): a number in [0, max].
fn points_cell(
    column: &str,
    text: &str,
    max: Rational,
) -> std::result::Result<Option<Rational>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let v = number(text).map_err(|e| format!("{column}: {e}"))?;
    if v.is_negative() || v > max {
        return Err(format!(
            "{column} {v} không nằm trong khoảng 0 đến max {max}"
        ));
    }
    Ok(Some(v))
}

/// A self-score as kept with a leaf (it was read when the row was scored).
pub(crate) fn self_score_value(text: &str, max: Rational) -> Option<Rational> {
    self_score_cell(text, max).ok().flatten()
}

/// A self-score cell. A unit may write N/A as its self-score on a leaf that does not arise:
/// no self-score then.
fn self_score_cell(text: &str, max: Rational) -> std::result::Result<Option<Rational>, String> {
    if is_not_applicable(text) {
        Ok(None)
    } else {
        points_cell("self_score", text, max)
    }
}

/// A self-score as read: the usual one, a plain decimal with at most 9 decimals, as a whole
/// number of 10^-9 (no fraction to reduce, and small to pass along); any other as a
/// fraction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelfScore {
    Nanos(i64),
    Exact(Box<Rational>),
}

/// A self-score cell read for the unit's sum ([`self_score_cell`], the usual one the short
/// way: a plain decimal is no not-applicable spelling).
fn self_score_read(text: &str, max: Rational) -> std::result::Result<Option<SelfScore>, String> {
    if let Some((m, d)) = short_decimal(text.as_bytes())
        && d <= 9
        && let Some(nanos) = m.checked_mul(10i64.pow(9 - d))
    {
        let (num, den) = max.parts();
        if at_least(num, den, i128::from(m), 10i128.pow(d)) == Some(true) {
            return Ok(Some(SelfScore::Nanos(nanos)));
        }
    }
    Ok(self_score_cell(text, max)?.map(|r| SelfScore::Exact(Box::new(r))))
}

/// Whether a/b ≥ c/e, for positive denominators; None when a product does not fit.
fn at_least(a: i128, b: i128, c: i128, e: i128) -> Option<bool> {
    Some(a.checked_mul(e)? >= c.checked_mul(b)?)
}

/// The sum of a unit's self-scores: the plain decimals in 10^-9, the others as a fraction.
#[derive(Clone, Debug)]
struct SelfSum {
    any: bool,
    nanos: i128,
    exact: Rational,
}

impl SelfSum {
    const NONE: SelfSum = SelfSum {
        any: false,
        nanos: 0,
        exact: Rational::ZERO,
    };

    fn add(&mut self, s: &SelfScore) -> Option<()> {
        match s {
            SelfScore::Nanos(n) => self.nanos = self.nanos.checked_add(i128::from(*n))?,
            SelfScore::Exact(r) => self.exact = self.exact.checked_add(**r)?,
        }
        self.any = true;
        Some(())
    }

    /// The sum, exact; None without any self-score; Err when it does not fit.
    fn total(&self) -> std::result::Result<Option<Rational>, ()> {
        if !self.any {
            return Ok(None);
        }
        let nanos = Rational::new(self.nanos, 1_000_000_000).ok_or(())?;
        nanos.checked_add(self.exact).map(Some).ok_or(())
    }
}

/// The cells of one evidence row that scoring reads (empty when absent).
#[derive(Clone, Copy, Debug, Default)]
pub struct RowCells<'a> {
    pub value: &'a str,
    pub self_score: &'a str,
    pub appraised: &'a str,
    pub evidence: &'a str,
}

/// A leaf's result from its row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scored {
    pub status: Status,
    /// The points rounded to `places`, counted in units of 10^-places.
    pub units: i64,
    pub self_score: Option<SelfScore>,
}

/// Scores one leaf of one unit from its row (SPEC §4 steps 1–4); no row is an empty one.
pub fn score_leaf(
    criteria: &Criteria,
    node: usize,
    row: &RowCells,
) -> std::result::Result<Scored, String> {
    let n = &criteria.nodes[node];
    let rule = n.rule().ok_or("không phải tiêu chí chấm điểm")?;
    let max = n.max;
    let self_score = self_score_read(row.self_score, max)?;
    // The usual row: a value read on whole numbers, no appraisal.
    if row.appraised.is_empty()
        && let Some((units, positive)) = quick_points(rule, max, criteria.places, row.value)
    {
        return Ok(
            if n.evidence_required && positive && row.evidence.is_empty() {
                Scored {
                    status: Status::NoEvidence,
                    units: 0,
                    self_score,
                }
            } else {
                Scored {
                    status: Status::Scored,
                    units,
                    self_score,
                }
            },
        );
    }
    let appraised = points_cell("appraised", row.appraised, max)?;
    let scored = |status, points: Rational| {
        let units = points.scaled(criteria.places).map(i64::try_from);
        Ok(Scored {
            status,
            units: units.and_then(Result::ok).ok_or(TOO_LARGE)?,
            self_score,
        })
    };
    if row.value.is_empty() {
        return match appraised {
            Some(a) => scored(Status::Appraised, a),
            None => scored(Status::Missing, Rational::ZERO),
        };
    }
    if is_not_applicable(row.value) {
        if appraised.is_some() {
            return Err("có điểm thẩm định (appraised) trên dòng không áp dụng".to_string());
        }
        let points = match n.not_applicable {
            NaPolicy::FullMarks => max,
            NaPolicy::Exclude | NaPolicy::Zero => Rational::ZERO,
        };
        return scored(Status::NotApplicable, points);
    }
    // The value is read even when appraised, so that an unreadable value is always reported.
    let (points, _) = apply(rule, max, row.value)?;
    if let Some(a) = appraised {
        scored(Status::Appraised, a)
    } else if n.evidence_required && points > Rational::ZERO && row.evidence.is_empty() {
        scored(Status::NoEvidence, Rational::ZERO)
    } else {
        scored(Status::Scored, points)
    }
}

/// The points of a value in units of 10^-places, and whether the exact points are above 0,
/// worked out on whole numbers for the usual values: what [`apply`] then
/// [`Rational::scaled`] give (a test holds them to it), without reducing fractions on the
/// way. None for any other value (a word to fold, a number with thousands separators, `%` or
/// `/`, one out of range or too large): [`apply`] reads those, and says what is wrong.
fn quick_points(rule: &Rule, max: Rational, places: u32, text: &str) -> Option<(i64, bool)> {
    let of = |p: Rational| {
        let positive = !p.is_negative() && !p.is_zero();
        Some((i64::try_from(p.scaled(places)?).ok()?, positive))
    };
    let (text_number, ten) = (short_decimal(text.as_bytes()), 10i128.checked_pow(places)?);
    // `num / den` with num ≥ 0 and den > 0, exactly, in units.
    let units = |num: Option<i128>, den: Option<i128>| {
        let (num, den) = (num?, den?);
        let u = round_div(num.checked_mul(ten)?, den);
        Some((i64::try_from(u).ok()?, num > 0))
    };
    let (max_num, max_den) = max.parts();
    match rule {
        // The usual spellings, none of them a not-applicable one.
        Rule::Binary => match text {
            "có" | "Có" | "đạt" | "Đạt" => of(max),
            "không" | "Không" | "không đạt" | "Không đạt" => Some((0, false)),
            _ => None,
        },
        Rule::Levels(levels) => {
            let level = levels.iter().find(|l| l.label == text)?;
            if is_not_applicable(text) {
                return None;
            }
            of(level.fraction.checked_mul(max)?)
        }
        _ => {
            // A plain decimal: m / 10^d, never a not-applicable spelling.
            let (m, d) = text_number?;
            let (m, pow) = (i128::from(m), 10i128.checked_pow(d)?);
            match rule {
                Rule::Bands(bands) => {
                    let mut reached = None;
                    for b in bands {
                        let (num, den) = b.min.parts();
                        if at_least(m, pow, num, den)? {
                            reached = Some(b.points);
                            break;
                        }
                    }
                    of(reached.unwrap_or(Rational::ZERO))
                }
                Rule::Ratio { target } => {
                    let (t_num, t_den) = target.parts();
                    if at_least(m, pow, t_num, t_den)? {
                        return of(max);
                    }
                    // max × (m / 10^d) / target
                    let num = max_num.checked_mul(m)?.checked_mul(t_den);
                    let den = max_den.checked_mul(pow)?.checked_mul(t_num);
                    units(num, den)
                }
                Rule::Count { per_item } | Rule::Deduction { per_item } => {
                    // A whole number of items.
                    if m % pow != 0 {
                        return None;
                    }
                    let (p_num, p_den) = per_item.parts();
                    let off_num = p_num.checked_mul(m / pow)?;
                    let reached = at_least(off_num, p_den, max_num, max_den)?;
                    match (rule, reached) {
                        (Rule::Count { .. }, true) => of(max),
                        (Rule::Count { .. }, false) => units(Some(off_num), Some(p_den)),
                        (_, true) => Some((0, false)),
                        // max − off
                        (_, false) => {
                            let num = max_num.checked_mul(p_den)? - off_num.checked_mul(max_den)?;
                            units(Some(num), max_den.checked_mul(p_den))
                        }
                    }
                }
                Rule::Points => {
                    if !at_least(max_num, max_den, m, pow)? {
                        return None;
                    }
                    units(Some(m), Some(pow))
                }
                Rule::Binary | Rule::Levels(_) => None,
            }
        }
    }
}

/// Which texts of the rows are kept for the writers; what is not kept saves memory and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Texts {
    /// Every text: reports for people show the evidence and the notes.
    All,
    /// The value, self_score and appraised cells, which the JSON result shows for each leaf
    /// and the ranking tables compare.
    Values,
    /// None: a ranking needs only the points.
    Nothing,
}

/// One unit's leaves as read from its evidence file, scored row by row.
struct UnitRows {
    id: String,
    /// Named by the file (one file per unit), rather than by a `unit` column.
    by_file: bool,
    first_line: Option<u64>,
    cells: Cells,
    texts: RowTexts,
    self_sum: SelfSum,
    /// Problems in the unit's rows: not reported if the unit's evidence is in another file.
    problems: Vec<Problem>,
}

impl UnitRows {
    /// Adds a leaf's self-score to the unit's sum.
    fn add_self(&mut self, s: Scored) -> std::result::Result<Scored, String> {
        if let Some(v) = &s.self_score {
            self.self_sum.add(v).ok_or(TOO_LARGE)?;
        }
        Ok(s)
    }

    /// Files a problem with one of the unit's rows.
    fn file_problem(&mut self, line: u64, problem: Problem) -> Filed {
        self.first_line.get_or_insert(line);
        self.problems.push(problem);
        Filed::Problem(self.problems.len() - 1)
    }

    /// Files a leaf's row: the first row of a leaf counts, later ones are reported.
    fn file_leaf(
        &mut self,
        criteria: &Criteria,
        name: &str,
        line: u64,
        pos: usize,
        scored: std::result::Result<Scored, Problem>,
        texts: [&str; 5],
    ) -> Filed {
        if self.cells.get(pos).is_some_and(|c| c.line > 0) {
            return self.file_again(criteria, name, line, pos);
        }
        self.first_line.get_or_insert(line);
        let filed = Filed::Leaf {
            pos,
            scored: scored.as_ref().cloned().map_err(|_| self.problems.len()),
        };
        let added = scored.and_then(|s| {
            self.add_self(s).map_err(|e| {
                let criterion = &criteria.nodes[criteria.leaf_node(pos)].id;
                Problem::new(name, Some(line), about(&self.id, criterion, e))
            })
        });
        // The leaf's result, or only its line when the row has a problem.
        let leaf = match added {
            Ok(s) => {
                self.texts.set(pos, self.cells.len(), texts);
                Leaf {
                    status: s.status,
                    points: s.units,
                    line,
                }
            }
            Err(p) => {
                self.problems.push(p);
                Leaf { line, ..NO_LEAF }
            }
        };
        self.cells.set(pos, leaf);
        filed
    }

    /// Files a later row of a leaf: reported, with the line of the first.
    fn file_again(&mut self, criteria: &Criteria, name: &str, line: u64, pos: usize) -> Filed {
        self.first_line.get_or_insert(line);
        let first = self.cells.get(pos).map_or(0, |c| c.line);
        // A leaf's row names it by its id: lookups are exact.
        let criterion = &criteria.nodes[criteria.leaf_node(pos)].id;
        let m = format!("xuất hiện hai lần (cả ở {name}:{first})");
        let m = about(&self.id, criterion, m);
        self.problems.push(Problem::new(name, Some(line), m));
        Filed::Again { pos }
    }

    fn new(id: &str, by_file: bool, leaves: usize) -> Self {
        UnitRows {
            id: id.to_string(),
            by_file,
            first_line: None,
            cells: Cells::new(leaves),
            texts: RowTexts::default(),
            self_sum: SelfSum::NONE,
            problems: Vec::new(),
        }
    }
}

/// One evidence file, read and scored.
#[derive(Default)]
struct FileRows {
    units: Vec<UnitRows>,
    /// Where each unit is in `units`, by id.
    index: IdMap<usize>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// The columns of an evidence file.
struct Columns {
    unit: Option<usize>,
    criterion: usize,
    value: usize,
    self_score: Option<usize>,
    appraised: Option<usize>,
    evidence: Option<usize>,
    note: Option<usize>,
}

impl Columns {
    /// The columns from the header, or the problem with it; unread columns are warned about.
    fn of(headers: &[String], name: &str, out: &mut FileRows) -> Option<Columns> {
        let col = |n: &str| headers.iter().position(|h| h == n);
        for needed in ["criterion", "value"] {
            if col(needed).is_none() {
                out.problems.push(Problem::new(
                    name,
                    Some(1),
                    format!(
                        "tệp số liệu cần cột `{needed}` (có: {})",
                        headers.join(", ")
                    ),
                ));
                return None;
            }
        }
        for h in headers {
            if !h.is_empty() && !READ.contains(&h.as_str()) && !DESCRIPTIVE.contains(&h.as_str()) {
                out.warnings.push(Problem::new(
                    name,
                    Some(1),
                    format!(
                        "column \"{h}\" không được đọc (các cột được đọc: {})",
                        READ.join(", ")
                    ),
                ));
            }
        }
        Some(Columns {
            unit: col("unit"),
            criterion: col("criterion")?,
            value: col("value")?,
            self_score: col("self_score"),
            appraised: col("appraised"),
            evidence: col("evidence"),
            note: col("note"),
        })
    }
}

/// Reads one evidence file and scores each row as it comes: nothing of a row is kept but its
/// result and texts. A large file is read in pieces on every core ([`read_pieces`]).
fn read_file(criteria: &Criteria, path: &Path, name: &str, texts: Texts) -> FileRows {
    let threads = crate::par::threads();
    let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= SPLIT_FROM);
    if threads > 1
        && large
        && !crate::evidence::is_workbook(path)
        && let Some(rows) = read_pieces(criteria, path, name, texts, threads)
    {
        return rows;
    }
    let mut units = Units::new(criteria, name);
    let mut reader: Option<RowReader> = None;
    let mut guess = Guess::default();
    let read = crate::evidence::scan(path, name, &mut |item| match item {
        Item::Header(headers) => {
            reader = RowReader::new(criteria, path, name, texts, headers, &mut units);
            reader.is_some()
        }
        Item::Row(line, record) => match &reader {
            Some(reader) => {
                units.apply(line, reader.prepare(record, &mut guess));
                true
            }
            None => false,
        },
    });
    units.finish(read)
}

/// Files this large (bytes) are read in pieces on every core.
const SPLIT_FROM: u64 = 1 << 20;

/// The size of those pieces, and the most a piece may grow to find a line end outside quotes.
const PIECE: usize = 1 << 20;
const PIECE_LIMIT: usize = 1 << 26;

/// A piece of a large file, its rows scored and filed under the piece's own units, on its
/// way to be merged in order.
struct Done<'a> {
    index: usize,
    piece: crate::evidence::Piece,
    units: Units<'a>,
    end: crate::evidence::PieceEnd,
}

/// Reads a large file in pieces: one thread cuts the file at line ends outside quotes, every
/// core reads, scores and files the rows of pieces under their units, and this thread merges
/// the pieces' units in the file's order ([`Units::merge`]), so that the result is the one of
/// reading the file in one go. None when the file is to be read in one go after all (its
/// header is not at its start, or a piece was not cut at the end of a record).
fn read_pieces(
    criteria: &Criteria,
    path: &Path,
    name: &str,
    texts: Texts,
    threads: usize,
) -> Option<FileRows> {
    use crate::evidence::{Piece, Pieces, read_head};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::{channel, sync_channel};
    use std::sync::{Arc, Mutex};

    let head = read_head(path, name)?;
    let mut units = Units::new(criteria, name);
    let Some(reader) = RowReader::new(criteria, path, name, texts, &head.headers, &mut units)
    else {
        return Some(units.finish(Ok(head.problems)));
    };
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let bar = crate::par::progress(usize::try_from(size).unwrap_or(usize::MAX), "đọc tệp");
    let stop = AtomicBool::new(false);
    let (piece_tx, piece_rx) = sync_channel::<(usize, Piece)>(threads * 2);
    let piece_rx = Arc::new(Mutex::new(piece_rx));
    let (done_tx, done_rx) = channel::<Done>();
    let (spare_tx, spare_rx) = channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let (head, reader, stop) = (&head, &reader, &stop);
        let cutter = scope.spawn(move || -> Result<bool, std::io::Error> {
            let mut pieces = Pieces::new(path, head)?;
            for index in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let buf = spare_rx.try_recv().unwrap_or_default();
                let Some(piece) = pieces.next(buf, PIECE, PIECE_LIMIT)? else {
                    break;
                };
                if piece_tx.send((index, piece)).is_err() {
                    break;
                }
            }
            Ok(pieces.uncut())
        });
        for _ in 0..threads {
            let (piece_rx, done_tx) = (Arc::clone(&piece_rx), done_tx.clone());
            scope.spawn(move || {
                let mut guess = Guess::default();
                loop {
                    let next = piece_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((index, piece))) = next else { break };
                    if stop.load(Ordering::Relaxed) {
                        continue;
                    }
                    let (units, end) =
                        read_piece(reader, (path, name), head, &piece, &mut guess, false);
                    let done = Done {
                        index,
                        piece,
                        units,
                        end,
                    };
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut guess = Guess::default();
        // This thread applies the pieces in order.
        let mut problems = head.problems.clone();
        let mut waiting = std::collections::BTreeMap::new();
        let (mut next, mut read, mut miscut, mut fatal) = (0, 0u64, false, None);
        for done in done_rx {
            waiting.insert(done.index, done);
            while let Some(done) = waiting.remove(&next) {
                next += 1;
                if miscut || fatal.is_some() {
                    continue;
                }
                if done.end.miscut {
                    miscut = true;
                    stop.store(true, Ordering::Relaxed);
                    continue;
                }
                let (mut piece_units, mut end) = (done.units, done.end);
                // Rows of a unit that an earlier piece has rows for, besides the first: they
                // are filed again from a log of every row, made by reading the piece again.
                if !units.can_merge(&piece_units) {
                    (piece_units, end) =
                        read_piece(reader, (path, name), head, &done.piece, &mut guess, true);
                }
                units.merge(piece_units);
                let len = done.piece.bytes.len();
                let _ = spare_tx.send(done.piece.bytes);
                problems.append(&mut end.problems);
                if let Some(f) = end.fatal.take() {
                    fatal = Some(f);
                    stop.store(true, Ordering::Relaxed);
                }
                read += len as u64;
                bar.set_position(read);
            }
        }
        bar.finish_and_clear();
        // A panic in the cutter is a bug; carry it on as a panic would be.
        let cut = cutter
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        let read = match (fatal, cut) {
            (_, Ok(true)) => return None,
            _ if miscut => return None,
            (Some(f), _) => Err(vec![f]),
            (None, Err(e)) => Err(vec![Problem::new(name, None, e.to_string())]),
            (None, Ok(false)) => Ok(problems),
        };
        Some(units.finish(read))
    })
}

/// Reads, scores and files the rows of a piece of a large file under the piece's own units,
/// logging what became of the rows of its first unit for [`Units::merge`] (of every unit's
/// with `log_all`).
fn read_piece<'a>(
    reader: &RowReader<'a>,
    (path, name): (&Path, &'a str),
    head: &crate::evidence::Head,
    piece: &crate::evidence::Piece,
    guess: &mut Guess,
    log_all: bool,
) -> (Units<'a>, crate::evidence::PieceEnd) {
    let mut units = Units::new(reader.criteria, name);
    units.log = Some(Vec::new());
    units.log_all = log_all;
    let end = crate::evidence::scan_piece(path, name, head, piece, &mut |item| {
        if let Item::Row(line, record) = item {
            units.apply(line, reader.prepare(record, guess));
        }
        true
    });
    (units, end)
}

/// How the rows of one evidence file are read: its columns, and its unit when it has no
/// `unit` column. Scoring a row needs nothing else, so rows can be scored on any thread.
struct RowReader<'a> {
    criteria: &'a Criteria,
    texts: Texts,
    /// The file's stem: the unit of a file without a `unit` column.
    stem: String,
    columns: Columns,
}

/// A row, scored: what is left to do is to file it under its unit, in the file's order.
struct Step<'r> {
    unit: &'r str,
    /// The row's value, self_score, appraised, evidence and note, as far as [`Texts`] keeps
    /// them (empty otherwise).
    texts: [&'r str; 5],
    what: What,
}

enum What {
    /// A problem with the row, which names no unit or criterion that can be used.
    File(String),
    /// A problem filed under the row's unit.
    Unit(String),
    /// A leaf's result; the error is the whole message.
    Leaf {
        pos: usize,
        scored: std::result::Result<Scored, String>,
    },
}

/// The start of a message about one leaf of one unit.
fn about(unit: &str, criterion: &str, message: impl std::fmt::Display) -> String {
    format!("đơn vị {unit}, tiêu chí {criterion}: {message}")
}

impl<'a> RowReader<'a> {
    /// The reader of a file with these `headers`; None when it cannot be read as evidence.
    /// A per-unit file names its unit even when it has no rows yet.
    fn new(
        criteria: &'a Criteria,
        path: &Path,
        name: &str,
        texts: Texts,
        headers: &[String],
        units: &mut Units,
    ) -> Option<Self> {
        let columns = Columns::of(headers, name, &mut units.out)?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_string())
            .unwrap_or_default();
        if columns.unit.is_none() && !stem.is_empty() {
            let u = units.unit(&stem);
            units.out.units[u].by_file = true;
        }
        Some(RowReader {
            criteria,
            texts,
            stem,
            columns,
        })
    }

    /// Scores one row.
    fn prepare<'r>(&'r self, record: Fields<'r>, guess: &mut Guess) -> Step<'r> {
        let (criteria, c) = (self.criteria, &self.columns);
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let unit = match c.unit {
            Some(_) => get(c.unit),
            None => self.stem.as_str(),
        };
        let criterion = get(Some(c.criterion));
        let step = |what| Step {
            unit,
            texts: [""; 5],
            what,
        };
        if unit.is_empty() {
            return step(What::File("dòng không có đơn vị (unit)".to_string()));
        }
        // Each cell is looked up once.
        let value = get(Some(c.value));
        let (self_score, appraised) = (get(c.self_score), get(c.appraised));
        let short = [
            (criterion, "criterion"),
            (if c.unit.is_some() { unit } else { "" }, "unit"),
            (value, "value"),
            (self_score, "self_score"),
            (appraised, "appraised"),
        ];
        if let Some((_, column)) = short
            .iter()
            .find(|(t, _)| t.len() > MAX_SHORT_CELL && t.chars().count() > MAX_SHORT_CELL)
        {
            return step(What::File(format!(
                "ô {column} dài quá {MAX_SHORT_CELL} ký tự"
            )));
        }
        if criterion.is_empty() {
            return step(What::File(format!(
                "đơn vị {unit}: dòng không có mã tiêu chí (criterion)"
            )));
        }
        let Some(node) = guess.node(criteria, criterion) else {
            let m = format!("không có trong bộ tiêu chí {}", criteria.path);
            return step(What::Unit(about(unit, criterion, m)));
        };
        if criteria.nodes[node].rule().is_none() {
            let m = "có tiêu chí con; hãy ghi từng tiêu chí con";
            return step(What::Unit(about(unit, criterion, m)));
        }
        let cells = RowCells {
            value,
            self_score,
            appraised,
            evidence: get(c.evidence),
        };
        let texts = match self.texts {
            Texts::All => [
                cells.value,
                cells.self_score,
                cells.appraised,
                cells.evidence,
                get(c.note),
            ],
            Texts::Values => [cells.value, cells.self_score, cells.appraised, "", ""],
            Texts::Nothing => [""; 5],
        };
        Step {
            texts,
            ..step(What::Leaf {
                pos: criteria.leaf_span(node).start,
                scored: score_leaf(criteria, node, &cells).map_err(|e| about(unit, criterion, e)),
            })
        }
    }
}

/// Finds the criterion of a row from the previous row's: a file lists the criteria of each
/// unit in the same order, so the criterion that followed one last time usually follows it
/// again. The guess is checked; a wrong one costs a lookup.
#[derive(Default)]
struct Guess {
    last: Option<usize>,
    /// For each node, the node of the row after its row, last time.
    next: Vec<Option<usize>>,
}

impl Guess {
    fn node(&mut self, criteria: &Criteria, id: &str) -> Option<usize> {
        let guessed = self.last.and_then(|l| self.next.get(l).copied().flatten());
        let node = match guessed {
            Some(g) if criteria.nodes[g].id == id => Some(g),
            _ => {
                let found = criteria.node(id);
                if let (Some(last), Some(_)) = (self.last, found) {
                    self.next.resize(criteria.nodes.len(), None);
                    self.next[last] = found;
                }
                found
            }
        };
        self.last = node;
        node
    }
}

/// The units of one evidence file, or of a piece of it, as its rows are applied in order.
struct Units<'a> {
    criteria: &'a Criteria,
    name: &'a str,
    out: FileRows,
    /// The unit of the previous row: rows of a unit usually come together.
    last: Option<usize>,
    /// For a piece of a file: what became of each row of its first unit (of every unit, with
    /// `log_all`), with its line and unit, so that the rows of a unit that earlier pieces
    /// have rows for can be filed again ([`Units::merge`]). In a file whose rows come unit by
    /// unit, only a piece's first unit can have rows in earlier pieces.
    log: Option<Vec<(u64, usize, Filed)>>,
    log_all: bool,
}

/// What became of a row filed under a unit.
#[derive(Clone)]
enum Filed {
    /// A problem with the row: the unit's problem at this index.
    Problem(usize),
    /// The first row of a leaf; a problem with it is the unit's problem at the index.
    Leaf {
        pos: usize,
        scored: std::result::Result<Scored, usize>,
    },
    /// A later row of a leaf.
    Again { pos: usize },
}

impl<'a> Units<'a> {
    fn new(criteria: &'a Criteria, name: &'a str) -> Self {
        Units {
            criteria,
            name,
            out: FileRows::default(),
            last: None,
            log: None,
            log_all: false,
        }
    }

    /// The index of a unit, added on its first row.
    fn unit(&mut self, id: &str) -> usize {
        if let Some(u) = self.last.filter(|&u| self.out.units[u].id == id) {
            return u;
        }
        let (units, leaves) = (&mut self.out.units, self.criteria.leaf_count());
        let u = *self.out.index.entry(id.to_string()).or_insert_with(|| {
            units.push(UnitRows::new(id, false, leaves));
            units.len() - 1
        });
        self.last = Some(u);
        u
    }

    /// Files a scored row under its unit: the first row of a leaf counts, later ones are
    /// reported.
    fn apply(&mut self, line: u64, step: Step<'_>) {
        let (criteria, name) = (self.criteria, self.name);
        let at = |m: String| Problem::new(name, Some(line), m);
        let what = match step.what {
            What::File(m) => return self.out.problems.push(at(m)),
            what => what,
        };
        let u = self.unit(step.unit);
        let rows = &mut self.out.units[u];
        let filed = match what {
            What::Leaf { pos, scored } => {
                let scored = scored.map_err(at);
                rows.file_leaf(criteria, name, line, pos, scored, step.texts)
            }
            What::File(m) | What::Unit(m) => rows.file_problem(line, at(m)),
        };
        if let Some(log) = &mut self.log
            && (u == 0 || self.log_all)
        {
            log.push((line, u, filed));
        }
    }

    /// Whether the log of `piece` has the rows [`Units::merge`] files again: those of every unit
    /// that has rows here already.
    fn can_merge(&self, piece: &Units) -> bool {
        let again = |rows: &UnitRows| {
            let u = self.out.index.get(rows.id.as_str());
            u.is_some_and(|&u| self.out.units[u].first_line.is_some())
        };
        piece.log_all || !piece.out.units.iter().skip(1).any(again)
    }

    /// Takes in the units of the next piece of the file, read on another thread: a unit the
    /// file has no rows for yet is taken as it is; the rows of one it has are filed again, in
    /// order, so that the result is the one of reading the file in one go.
    fn merge(&mut self, piece: Units) {
        self.out.problems.extend(piece.out.problems);
        self.out.warnings.extend(piece.out.warnings);
        // The units of the piece that earlier pieces have rows for, with their index here.
        let mut again: Vec<Option<(usize, UnitRows)>> = Vec::new();
        for (i, mut rows) in piece.out.units.into_iter().enumerate() {
            match self.out.index.get(rows.id.as_str()) {
                None => {
                    self.out.index.insert(rows.id.clone(), self.out.units.len());
                    self.out.units.push(rows);
                }
                // The unit a file without a `unit` column is named after, with no rows yet.
                Some(&u) if self.out.units[u].first_line.is_none() => {
                    rows.by_file = self.out.units[u].by_file;
                    self.out.units[u] = rows;
                }
                Some(&u) => {
                    again.resize_with(i + 1, || None);
                    again[i] = Some((u, rows));
                }
            }
        }
        if again.is_empty() {
            return;
        }
        let (criteria, name) = (self.criteria, self.name);
        for (line, i, filed) in piece.log.unwrap_or_default() {
            let Some(Some((u, from))) = again.get(i) else {
                continue;
            };
            let rows = &mut self.out.units[*u];
            match filed {
                Filed::Problem(p) => {
                    rows.file_problem(line, from.problems[p].clone());
                }
                Filed::Leaf { pos, scored } => {
                    let scored = scored.map_err(|p| from.problems[p].clone());
                    let texts = from.texts.get(pos);
                    rows.file_leaf(criteria, name, line, pos, scored, texts);
                }
                // The piece's first row of the leaf came before: this one is a later row
                // here too.
                Filed::Again { pos } => {
                    rows.file_again(criteria, name, line, pos);
                }
            }
        }
    }

    /// The file's units and problems, with those of reading it.
    fn finish(mut self, read: std::result::Result<Vec<Problem>, Vec<Problem>>) -> FileRows {
        match read {
            Ok(p) | Err(p) => self.out.problems.extend(p),
        }
        self.out
    }
}

/// Scores every unit, ranks and classifies them. The evidence files are read on every core,
/// each row scored as it is read. Every problem is collected before failing.
pub fn score(
    criteria: &Criteria,
    ev: &Evidence,
    period: Option<String>,
    strict: bool,
    texts: Texts,
) -> Result<ScoreResult> {
    finish(
        criteria,
        ev,
        read(criteria, &ev.files, texts),
        period,
        strict,
    )
}

/// The evidence files, read and scored row by row: the first step of [`score`].
pub struct Read {
    names: Vec<String>,
    files: Vec<FileRows>,
}

/// Reads the evidence files on every core, scoring each row as it is read: the first step
/// of [`score`], which needs no units file.
pub fn read(criteria: &Criteria, files: &[PathBuf], texts: Texts) -> Read {
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let bar = crate::par::progress(files.len(), "đọc tệp");
    let mut order: Vec<usize> = (0..files.len()).collect();
    let read = crate::par::map(&mut order, |_, &mut f| {
        let rows = read_file(criteria, &files[f], &names[f], texts);
        bar.inc(1);
        rows
    });
    bar.finish_and_clear();
    Read { names, files: read }
}

/// Matches the rows read with the units, totals, ranks and classifies them: the second step
/// of [`score`]. `ev` names the files `read` was given.
pub fn finish(
    criteria: &Criteria,
    ev: &Evidence,
    read: Read,
    period: Option<String>,
    strict: bool,
) -> Result<ScoreResult> {
    let Read { names, files: read } = read;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    // Each unit's rows come from one file: the first, in the order of the arguments.
    // They are moved once, out of this list, when the listed units are matched with them.
    let mut units: Vec<Option<(usize, UnitRows)>> = Vec::new();
    let mut index: IdMap<usize> = IdMap::default();
    for (f, file) in read.into_iter().enumerate() {
        problems.extend(file.problems);
        warnings.extend(file.warnings.into_iter().map(|p| Warning {
            unit: None,
            problem: p,
        }));
        // The first file's units are all new: its own index is the one (one large file).
        if units.is_empty() {
            index = file.index;
        }
        for mut rows in file.units {
            if units.len() < index.len() {
                problems.append(&mut rows.problems);
                units.push(Some((f, rows)));
                continue;
            }
            if let Some(&i) = index.get(rows.id.as_str()) {
                let first = units[i].as_ref().map_or(0, |(f, _)| *f);
                let line = if rows.by_file { None } else { rows.first_line };
                problems.push(Problem::new(
                    &names[f],
                    line,
                    format!(
                        "đơn vị {}: đã có số liệu trong {}; mỗi đơn vị chỉ một tệp",
                        rows.id, names[first]
                    ),
                ));
                continue;
            }
            problems.append(&mut rows.problems);
            index.insert(rows.id.clone(), units.len());
            units.push(Some((f, rows)));
        }
    }
    let listed: Vec<Unit> = match &ev.units_file {
        Some(_) => ev.units.clone(),
        None => {
            let mut ids: Vec<&String> = index.keys().collect();
            ids.sort();
            ids.into_iter()
                .map(|id| Unit {
                    id: id.clone(),
                    name: id.clone(),
                    group: "all".to_string(),
                })
                .collect()
        }
    };
    // The listed units with their rows, in the units' order, and the file the rows came
    // from and their self-scores; a unit without a file has no rows (and its warnings name
    // the units file). The totals are filled in next, where the results lie.
    let mut from = Vec::with_capacity(listed.len());
    let mut results: Vec<UnitResult> = listed
        .into_iter()
        .map(|unit| {
            let rows = index.get(unit.id.as_str()).and_then(|&i| units[i].take());
            let (f, rows) = match rows {
                Some((f, rows)) => (Some(f), rows),
                None => (None, UnitRows::new(&unit.id, false, criteria.leaf_count())),
            };
            from.push((f, rows.self_sum));
            UnitResult {
                unit,
                points: Rational::ZERO,
                max: Rational::ZERO,
                exact_index: Rational::ZERO,
                index: Rational::ZERO,
                bonus: Rational::ZERO,
                penalty: Rational::ZERO,
                self_points: None,
                rank: 0,
                group_size: 0,
                class: None,
                cells: rows.cells,
                texts: rows.texts,
            }
        })
        .collect();
    // Rows of units the units file does not list.
    if let Some(units_file) = &ev.units_file {
        for (f, rows) in units.iter().flatten() {
            problems.push(Problem::new(
                &names[*f],
                rows.first_line,
                format!("đơn vị {}: không có trong tệp đơn vị {units_file}", rows.id),
            ));
        }
    }
    let bar = crate::par::progress(results.len(), "chấm điểm");
    let totals = crate::par::map(&mut results, |i, u| {
        let (f, ref self_sum) = from[i];
        let file = f.map(|f| names[f].as_str());
        let file = file.or(ev.units_file.as_deref()).unwrap_or("");
        let unit_warnings = unit_warnings(criteria, &u.unit, &u.cells, file);
        let failed = total(criteria, u, self_sum, file).err();
        // A unit takes a microsecond: the bar moves by a thousand (it asks the time).
        if i % 1024 == 1023 {
            bar.inc(1024);
        }
        (failed, unit_warnings)
    });
    bar.finish_and_clear();
    for (failed, unit_warnings) in totals {
        warnings.extend(unit_warnings);
        problems.extend(failed);
    }
    if strict {
        problems.extend(warnings.drain(..).map(|w| w.problem));
    }
    if !problems.is_empty() {
        return Err(Error::invalid(problems));
    }
    let (groups, results) = rank(criteria, ev, results);
    Ok(ScoreResult {
        period,
        groups,
        units: results,
        warnings,
    })
}

/// The warnings of one unit: no row at all, a form sent back blank (said once, not once per
/// leaf), or each base leaf without a value.
fn unit_warnings(criteria: &Criteria, unit: &Unit, cells: &Cells, file: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut warn = |p: Problem| {
        warnings.push(Warning {
            unit: Some(unit.id.clone()),
            problem: p,
        })
    };
    let (mut any_row, mut all_missing) = (false, true);
    for c in cells.iter() {
        any_row |= c.line > 0;
        all_missing &= c.status == Status::Missing;
    }
    let blank = any_row && all_missing;
    if !any_row || blank {
        let what = if blank {
            "biểu mẫu chưa điền, không tiêu chí nào có số liệu"
        } else {
            "không có dòng số liệu nào"
        };
        warn(Problem::new(
            file,
            None,
            format!("đơn vị {}: {what}; mọi tiêu chí tính 0 điểm", unit.id),
        ));
        return warnings;
    }
    for (i, c) in cells.iter().enumerate() {
        let n = &criteria.nodes[criteria.leaf_node(i)];
        // No row for a bonus or penalty leaf is the usual case: none earned.
        if c.status == Status::Missing && n.kind == Kind::Base {
            warn(Problem::new(
                file,
                (c.line > 0).then_some(c.line),
                format!(
                    "đơn vị {}, tiêu chí {} ({}): chưa có số liệu; tính 0 điểm",
                    unit.id, n.id, n.title
                ),
            ));
        }
    }
    warnings
}

/// A node's points and applicable maximum, summed over the leaves under it.
fn node_sums(criteria: &Criteria, cells: &Cells, node: usize) -> Option<(Rational, Rational)> {
    let (units, max) = node_units(criteria, cells, node)?;
    Some((Rational::from_scaled(units, criteria.places)?, max))
}

/// A node's points in units of 10^-places (leaf points are whole counts of them: their sum
/// is exact in i128) and its applicable maximum.
fn node_units(criteria: &Criteria, cells: &Cells, node: usize) -> Option<(i128, Rational)> {
    let mut max = criteria.nodes[node].max;
    let units = cells.sum(criteria.leaf_span(node), |i| {
        let leaf = &criteria.nodes[criteria.leaf_node(i)];
        if leaf.not_applicable == NaPolicy::Exclude {
            max = max.checked_sub(leaf.max)?;
        }
        Some(())
    })?;
    Some((units, max))
}

/// Sums a unit's leaves up to the components and fills in its total, index, class and self
/// points.
fn total(
    criteria: &Criteria,
    u: &mut UnitResult,
    self_sum: &SelfSum,
    file: &str,
) -> std::result::Result<(), Problem> {
    let (unit, cells) = (&u.unit, &u.cells);
    let fail = |m: String| Problem::new(file, None, m);
    let too_large = || fail(format!("đơn vị {}: {TOO_LARGE}", unit.id));
    let (mut max, mut bonus, mut penalty) = (Rational::ZERO, Rational::ZERO, Rational::ZERO);
    // The base points are summed in units of 10^-places, made a fraction once.
    let mut base: i128 = 0;
    for &c in &criteria.components {
        let n = &criteria.nodes[c];
        let (units, m) = node_units(criteria, cells, c).ok_or_else(too_large)?;
        let points = || Rational::from_scaled(units, criteria.places).ok_or_else(too_large);
        match n.kind {
            Kind::Base => {
                base = base.checked_add(units).ok_or_else(too_large)?;
                max = max.checked_add(m).ok_or_else(too_large)?;
            }
            Kind::Bonus => {
                bonus = bonus
                    .checked_add(points()?.min(n.max))
                    .ok_or_else(too_large)?
            }
            Kind::Penalty => {
                penalty = penalty
                    .checked_add(points()?.min(n.max))
                    .ok_or_else(too_large)?
            }
        }
    }
    let base = Rational::from_scaled(base, criteria.places).ok_or_else(too_large)?;
    if max.is_zero() {
        return Err(fail(format!(
            "đơn vị {}: mọi tiêu chí cơ bản đều không áp dụng (điểm tối đa áp dụng bằng 0); không tính được chỉ số",
            unit.id
        )));
    }
    let points = base
        .checked_add(bonus)
        .and_then(|t| t.checked_sub(penalty))
        .ok_or_else(too_large)?
        .max(Rational::ZERO);
    let exact_index = percent(points, max).ok_or_else(too_large)?;
    let index = exact_index.round(criteria.places).ok_or_else(too_large)?;
    let self_points = match self_sum.total().map_err(|()| too_large())? {
        Some(s) => Some(s.round(criteria.places).ok_or_else(too_large)?),
        None => None,
    };
    let class = criteria
        .classes_for(&unit.group)
        .iter()
        .find(|c| c.min <= index)
        .map(|c| c.label.clone());
    (u.points, u.max, u.exact_index, u.index) = (points, max, exact_index, index);
    (u.bonus, u.penalty, u.self_points) = (bonus, penalty, self_points);
    u.class = class;
    Ok(())
}

/// Ranks within groups (competition style, SPEC §4) and orders the units for output:
/// by group (first appearance in the units file, else by id), then rank, then id.
/// Returns the groups in that order, and the units.
fn rank(
    criteria: &Criteria,
    ev: &Evidence,
    mut units: Vec<UnitResult>,
) -> (Vec<String>, Vec<UnitResult>) {
    let mut groups: Vec<String> = Vec::new();
    for u in units.iter() {
        if !groups.contains(&u.unit.group) {
            groups.push(u.unit.group.clone());
        }
    }
    if ev.units_file.is_none() {
        groups.sort();
    }
    let key = |u: &UnitResult| match criteria.rank_by {
        RankBy::Exact => u.exact_index,
        RankBy::Rounded => u.index,
    };
    let group_pos = |g: &str| groups.iter().position(|x| x == g).unwrap_or(usize::MAX);
    // The keys are worked out once, and the units moved once: they are large.
    let mut order: Vec<(usize, Rational, usize)> = (units.iter().enumerate())
        .map(|(i, u)| (group_pos(&u.unit.group), key(u), i))
        .collect();
    order.sort_by(|a, b| {
        (a.0.cmp(&b.0))
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| units[a.2].unit.id.cmp(&units[b.2].unit.id))
    });
    // Unit i goes to where it is in the order, following each cycle of the permutation:
    // the units are moved where they lie, not copied into a new list.
    let mut from: Vec<usize> = order.iter().map(|o| o.2).collect();
    for start in 0..from.len() {
        let mut at = start;
        while from[at] != start {
            let next = from[at];
            units.swap(at, next);
            from[at] = at;
            at = next;
        }
        from[at] = at;
    }
    let mut start = 0;
    while start < units.len() {
        let group = units[start].unit.group.clone();
        let end = start
            + units[start..]
                .iter()
                .take_while(|u| u.unit.group == group)
                .count();
        for i in start..end {
            units[i].group_size = end - start;
            units[i].rank = if i > start && key(&units[i]) == key(&units[i - 1]) {
                units[i - 1].rank
            } else {
                i - start + 1
            };
        }
        start = end;
    }
    (groups, units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::{Band, Level};

    fn r(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    fn pts(rule: &Rule, max: Rational, text: &str) -> Rational {
        apply(rule, max, text).unwrap().0
    }

    #[test]
    fn a_cell_keeps_its_points_line_and_status_apart() {
        assert_eq!(Cells::new(1).get(0), Some(NO_LEAF));
        let big = [
            0,
            1,
            7,
            i64::from(i32::MAX),
            i64::from(i32::MIN),
            i64::MAX,
            -5,
        ];
        let lines = [
            0,
            1,
            u64::from(LINE_MASK) - 1,
            u64::from(LINE_MASK),
            1 << 40,
            u64::MAX,
        ];
        for (i, &status) in STATUSES.iter().enumerate() {
            assert_eq!(status as usize, i);
            for points in big {
                for line in lines {
                    let mut cells = Cells::new(3);
                    let leaf = Leaf {
                        status,
                        points,
                        line,
                    };
                    cells.set(1, leaf);
                    assert_eq!(cells.get(1), Some(leaf));
                    let mut told = Vec::new();
                    let sum = cells.sum(0..3, |i| {
                        told.push(i);
                        Some(())
                    });
                    assert_eq!(sum, Some(i128::from(points)));
                    let na = status == Status::NotApplicable;
                    assert_eq!(told, if na { vec![1] } else { vec![] });
                    assert_eq!([cells.get(0), cells.get(2)], [Some(NO_LEAF); 2]);
                    // Set again, to a small leaf: nothing of the large one is left.
                    let small = Leaf {
                        points: 3,
                        line: 9,
                        ..leaf
                    };
                    cells.set(1, small);
                    assert_eq!(cells.get(1), Some(small));
                }
            }
        }
        assert_eq!(std::mem::size_of::<Cell>(), 8);
    }

    /// Values read on whole numbers give the points and positivity of the general reading,
    /// for random rules, maxima (some not decimals), places and values; most usual values
    /// are read that way.
    #[test]
    fn quick_points_are_those_of_apply() {
        let mut seed = 5u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let z = (seed ^ (seed >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            (z ^ (z >> 29)) % n
        };
        let words = [
            "có",
            "Có",
            "không",
            "Không đạt",
            "tot",
            "Tốt",
            "kha",
            "na",
            "N/A",
            "",
        ];
        let (mut taken, mut numbers) = (0, 0);
        for case in 0..200_000 {
            let max = r(
                1 + next(400) as i128,
                [1, 2, 3, 4, 10, 100][next(6) as usize],
            );
            let places = next(5) as u32;
            let frac = |next: &mut dyn FnMut(u64) -> u64| r(next(401) as i128, 400);
            let rule = match next(7) {
                0 => Rule::Binary,
                1 => Rule::Levels(
                    ["tot", "kha", "khong", "na"]
                        .iter()
                        .map(|l| Level {
                            label: l.to_string(),
                            fraction: frac(&mut next),
                        })
                        .collect(),
                ),
                2 => {
                    let mut mins = [next(120) as i128, next(120) as i128];
                    mins.sort_by(|a, b| b.cmp(a));
                    let bands = mins.iter().map(|&m| Band {
                        min: r(m * 10 + next(10) as i128, 10),
                        points: max.checked_mul(frac(&mut next)).unwrap(),
                    });
                    Rule::Bands(bands.collect())
                }
                3 => Rule::Ratio {
                    target: r(1 + next(1000) as i128, [1, 10, 3][next(3) as usize]),
                },
                4 => Rule::Count {
                    per_item: r(1 + next(100) as i128, [1, 4, 100, 3][next(4) as usize]),
                },
                5 => Rule::Deduction {
                    per_item: r(1 + next(100) as i128, [1, 4, 100, 3][next(4) as usize]),
                },
                _ => Rule::Points,
            };
            let text = if next(4) == 0 {
                words[next(words.len() as u64) as usize].to_string()
            } else {
                let int = next(2000).to_string();
                let decimals: String = (0..next(5)).map(|_| next(10).to_string()).collect();
                match next(3) {
                    0 => int,
                    1 => format!("{int},{decimals}"),
                    _ => format!("{int}.{decimals}"),
                }
            };
            let Some((units, positive)) = quick_points(&rule, max, places, &text) else {
                continue;
            };
            let general = apply(&rule, max, &text).map(|(p, _)| p);
            let what = format!("case {case}: {rule:?} max {max} places {places} {text:?}");
            let p = general.unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(!is_not_applicable(&text), "{what}");
            assert_eq!(Some(i128::from(units)), p.scaled(places), "{what}");
            assert_eq!(positive, p > Rational::ZERO, "{what}");
            taken += 1;
            numbers += usize::from(text.starts_with(|c: char| c.is_ascii_digit()));
        }
        assert!(
            taken > 60_000 && numbers > 55_000,
            "{taken} taken, {numbers} numbers"
        );
    }

    /// A self-score reads as it would without the short way for plain decimals, and the
    /// unit's sum is the exact sum.
    #[test]
    fn self_scores_read_the_same_the_short_way() {
        let max = r(3, 2);
        let texts = [
            "1",
            "0,5",
            "1.5",
            "1,50",
            "1,51",
            "2",
            "0",
            "00,25",
            "0,123456789",
            " 1",
        ];
        let others = [
            "1,0000000001",
            "n/a",
            "0/0",
            "1.234,5",
            "1/2",
            "-1",
            "x",
            "KPS",
        ];
        let mut sum = SelfSum::NONE;
        let mut want = Rational::ZERO;
        for text in texts.into_iter().chain(others) {
            let read = self_score_read(text, max);
            let as_fraction = |s: &SelfScore| match s {
                SelfScore::Nanos(n) => r(i128::from(*n), 1_000_000_000),
                SelfScore::Exact(r) => **r,
            };
            let general = self_score_cell(text, max);
            assert_eq!(
                read.clone().map(|s| s.as_ref().map(as_fraction)),
                general,
                "{text:?}"
            );
            // The plain decimals within max take the short way.
            let short = matches!(read, Ok(Some(SelfScore::Nanos(_))));
            assert_eq!(
                short,
                texts.contains(&text) && general.is_ok() && text != " 1",
                "{text:?}"
            );
            if let Ok(Some(s)) = read {
                sum.add(&s).unwrap();
                want = want.checked_add(as_fraction(&s)).unwrap();
            }
        }
        assert_eq!(sum.total(), Ok(Some(want)));
        assert_eq!(SelfSum::NONE.total(), Ok(None));
        assert!(self_score_read("1,51", max).is_err());
    }

    #[test]
    fn binary_reads_vietnamese_yes_and_no() {
        for yes in ["có", "Có", "co", "YES", "y", "true", "1", "Đạt", "đạt"] {
            assert_eq!(pts(&Rule::Binary, r(1, 2), yes), r(1, 2), "{yes}");
        }
        for no in [
            "không",
            "KHONG",
            "no",
            "n",
            "false",
            "0",
            "không đạt",
            "Không đạt",
        ] {
            assert_eq!(pts(&Rule::Binary, r(1, 2), no), Rational::ZERO, "{no}");
        }
        assert!(apply(&Rule::Binary, r(1, 2), "chưa").is_err());
    }

    #[test]
    fn levels_are_fractions_of_max_matched_without_case() {
        let rule = Rule::Levels(vec![
            Level {
                label: "xuat_sac".into(),
                fraction: r(1, 1),
            },
            Level {
                label: "Tốt".into(),
                fraction: r(3, 4),
            },
            Level {
                label: "hoan_thanh".into(),
                fraction: r(1, 2),
            },
        ]);
        assert_eq!(pts(&rule, r(2, 1), "XUAT_SAC"), r(2, 1));
        assert_eq!(pts(&rule, r(2, 1), "tốt"), r(3, 2));
        assert_eq!(pts(&rule, r(3, 2), "Hoan_thanh"), r(3, 4));
        assert!(
            apply(&rule, r(2, 1), "kha")
                .unwrap_err()
                .contains("xuat_sac")
        );
    }

    #[test]
    fn bands_take_the_first_band_reached() {
        let rule = Rule::Bands(vec![
            Band {
                min: r(100, 1),
                points: r(1, 1),
            },
            Band {
                min: r(80, 1),
                points: r(1, 2),
            },
        ]);
        assert_eq!(pts(&rule, r(1, 1), "100%"), r(1, 1));
        assert_eq!(pts(&rule, r(1, 1), "86,45"), r(1, 2));
        assert_eq!(pts(&rule, r(1, 1), "80"), r(1, 2));
        assert_eq!(pts(&rule, r(1, 1), "79,99"), Rational::ZERO);
        assert_eq!(pts(&rule, r(1, 1), "33.784/39.079"), r(1, 2));
    }

    #[test]
    fn ratio_is_capped_at_max() {
        let rule = Rule::Ratio { target: r(60, 1) };
        // 7.5 Bắc Sơn: 12,58% of a 60% target on 1,5 points = 0,3145
        assert_eq!(pts(&rule, r(3, 2), "12,58%"), r(3145, 10000));
        assert_eq!(pts(&rule, r(3, 2), "75"), r(3, 2));
        assert!(apply(&rule, r(3, 2), "-1").is_err());
    }

    #[test]
    fn count_and_deduction_use_whole_numbers() {
        let count = Rule::Count { per_item: r(1, 4) };
        assert_eq!(pts(&count, r(1, 1), "3"), r(3, 4));
        assert_eq!(pts(&count, r(1, 1), "7"), r(1, 1));
        assert!(apply(&count, r(1, 1), "1,5").is_err());
        let ded = Rule::Deduction { per_item: r(1, 4) };
        assert_eq!(pts(&ded, r(1, 1), "0"), r(1, 1));
        assert_eq!(pts(&ded, r(1, 1), "2"), r(1, 2));
        assert_eq!(pts(&ded, r(1, 1), "86"), Rational::ZERO);
        assert!(apply(&ded, r(1, 1), "-2").is_err());
    }

    #[test]
    fn points_must_lie_within_max() {
        assert_eq!(pts(&Rule::Points, r(8, 1), "7,25"), r(29, 4));
        assert!(apply(&Rule::Points, r(8, 1), "8,5").is_err());
        assert!(apply(&Rule::Points, r(8, 1), "-1").is_err());
    }
}
