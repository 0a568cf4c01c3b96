//! The result model that every writer reads: each unit's total, index, rank and class, its
//! components, and each leaf's status, points, line and row texts.

use crate::criteria::{Criteria, Kind, NaPolicy};
use crate::error::Problem;
use crate::evidence::Unit;
use crate::lang::msg;
use crate::number::Rational;

use super::rules::self_score_value;

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
    pub const ALL: [Status; 5] = [
        Status::Scored,
        Status::Appraised,
        Status::Missing,
        Status::NotApplicable,
        Status::NoEvidence,
    ];

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
        Status::ALL.into_iter().find(|s| s.as_str() == code)
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

/// What is kept of the rows for the writers: the less, the less memory a whole country
/// takes (SPEC puts no limit on the number of units).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The ranking only: each unit's points summed by component, no leaf's points or texts.
    Sums,
    /// Each leaf's points, with the value, self_score and appraised cells, which the JSON
    /// result shows for each leaf and the ranking tables compare.
    Values,
    /// Everything: reports for people also show the evidence and the notes.
    All,
}

/// Each leaf's row as filed: the line of the unit's row for it (0: no row; lines past 2^32
/// are refused when a file is read) and its status. Kept in two lists, 5 bytes a leaf: a
/// whole country has 12 million leaves.
#[derive(Clone, Debug, Default)]
pub(crate) struct Seen {
    lines: Vec<u32>,
    statuses: Vec<Status>,
}

impl Seen {
    pub(crate) fn new(leaves: usize) -> Seen {
        Seen {
            lines: vec![0; leaves],
            statuses: vec![Status::Missing; leaves],
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    /// The line of leaf `i`'s row, 0 when it has none.
    pub(crate) fn line(&self, i: usize) -> u32 {
        self.lines.get(i).copied().unwrap_or(0)
    }

    pub(crate) fn status(&self, i: usize) -> Status {
        self.statuses.get(i).copied().unwrap_or(Status::Missing)
    }

    pub(crate) fn set_line(&mut self, i: usize, line: u32) {
        if let Some(l) = self.lines.get_mut(i) {
            *l = line;
        }
    }

    pub(crate) fn set_status(&mut self, i: usize, status: Status) {
        if let Some(s) = self.statuses.get_mut(i) {
            *s = status;
        }
    }

    /// (line, status) of each leaf, in tree order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, Status)> + '_ {
        self.lines
            .iter()
            .copied()
            .zip(self.statuses.iter().copied())
    }
}

/// A unit's points, in units of 10^-places: per leaf, or per component with [`Keep::Sums`].
#[derive(Clone, Debug)]
pub(crate) enum Points {
    Leaves(Vec<i64>),
    Components(Vec<i128>),
}

/// The texts of a unit's rows that are kept ([`Keep`]): value, self_score, appraised,
/// evidence and note of each leaf, end to end in one text. Empty when none is kept.
#[derive(Clone, Debug, Default)]
pub(crate) struct RowTexts {
    /// For each leaf, where its texts start and their lengths (cells are at most
    /// `MAX_CELL` characters, and a unit's texts far less than 4 GiB).
    spans: Vec<(u32, [u16; 5])>,
    text: String,
}

impl RowTexts {
    /// Keeps the texts of the row of leaf `pos` (of `leaves`).
    pub(crate) fn set(&mut self, pos: usize, leaves: usize, texts: [&str; 5]) {
        if self.spans.is_empty() {
            if texts.iter().all(|t| t.is_empty()) {
                return;
            }
            self.spans = vec![(0, [0; 5]); leaves];
        }
        let start = u32::try_from(self.text.len()).ok();
        let lens = texts.map(|t| u16::try_from(t.len()).ok());
        if let (Some(span), Some(start), [Some(a), Some(b), Some(c), Some(d), Some(e)]) =
            (self.spans.get_mut(pos), start, lens)
        {
            *span = (start, [a, b, c, d, e]);
            texts.iter().for_each(|t| self.text.push_str(t));
        }
    }

    /// The texts of the row of leaf `pos`; empty when none are kept.
    pub(crate) fn get(&self, pos: usize) -> [&str; 5] {
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
    /// Each leaf's row, in tree order.
    pub(crate) seen: Seen,
    pub(crate) kept: Points,
    pub(crate) texts: RowTexts,
}

impl UnitResult {
    /// A node's points in units of 10^-places: the sum of its leaves' (or, with
    /// [`Keep::Sums`], the component's sum; 0 for a node below a component then).
    pub(crate) fn node_units(&self, criteria: &Criteria, node: usize) -> i128 {
        match &self.kept {
            Points::Leaves(points) => points
                .get(criteria.leaf_span(node))
                .map_or(0, |p| p.iter().map(|&u| i128::from(u)).sum()),
            Points::Components(sums) => criteria
                .components
                .iter()
                .position(|&c| c == node)
                .and_then(|k| sums.get(k).copied())
                .unwrap_or(0),
        }
    }

    /// A node's applicable maximum: its maximum without its excluded not-applicable leaves.
    pub(crate) fn node_max(&self, criteria: &Criteria, node: usize) -> Option<Rational> {
        let mut max = criteria.nodes[node].max;
        let span = criteria.leaf_span(node);
        for i in span {
            if self.leaf_excluded(criteria, i) {
                max = max.checked_sub(criteria.nodes[criteria.leaf_node(i)].max)?;
            }
        }
        Some(max)
    }

    /// A node's points: the sum over the leaves under it.
    pub fn node_points(&self, criteria: &Criteria, node: usize) -> Rational {
        // The sums were computed once already when the unit was totalled: they fit.
        Rational::from_scaled(self.node_units(criteria, node), criteria.places)
            .unwrap_or(Rational::ZERO)
    }

    /// A node's points and applicable maximum: sums over the leaves under it.
    pub fn node(&self, criteria: &Criteria, node: usize) -> (Rational, Rational) {
        let max = self.node_max(criteria, node).unwrap_or(Rational::ZERO);
        (self.node_points(criteria, node), max)
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

    /// The points of the leaf at position `i`, in units of 10^-places (0 when only the
    /// components' sums are kept).
    pub(crate) fn leaf_units(&self, i: usize) -> i64 {
        match &self.kept {
            Points::Leaves(points) => points.get(i).copied().unwrap_or(0),
            Points::Components(_) => 0,
        }
    }

    /// Whether the leaf at position `i` is left out of the maximum (not applicable, and its
    /// rule says exclude): its applicable maximum is 0 then.
    pub(crate) fn leaf_excluded(&self, criteria: &Criteria, i: usize) -> bool {
        let n = &criteria.nodes[criteria.leaf_node(i)];
        self.seen.status(i) == Status::NotApplicable && n.not_applicable == NaPolicy::Exclude
    }

    /// The leaf at position `i` of [`Criteria::leaves`].
    pub fn leaf<'a>(&'a self, criteria: &Criteria, i: usize) -> LeafResult<'a> {
        let node = criteria.leaf_node(i);
        let n = &criteria.nodes[node];
        let (line, status) = (self.seen.line(i), self.seen.status(i));
        let [value, self_score, appraised, evidence, note] = self.texts.get(i);
        LeafResult {
            node,
            status,
            points: Rational::from_scaled(i128::from(self.leaf_units(i)), criteria.places)
                .unwrap_or(Rational::ZERO),
            max: if self.leaf_excluded(criteria, i) {
                Rational::ZERO
            } else {
                n.max
            },
            // Both were read when the row was scored.
            self_score: self_score_value(self_score, n.max),
            appraised: super::rules::appraised_value(appraised, n.max),
            value: Some(value).filter(|v| !v.is_empty()),
            evidence,
            note,
            line: (line > 0).then_some(u64::from(line)),
        }
    }

    /// Every leaf, in tree order.
    pub fn leaves<'a>(
        &'a self,
        criteria: &'a Criteria,
    ) -> impl Iterator<Item = LeafResult<'a>> + 'a {
        (0..self.seen.len()).map(move |i| self.leaf(criteria, i))
    }
}

/// A warning (the unit it concerns, if any, is the problem's).
#[derive(Clone, Debug)]
pub struct Warning {
    pub problem: Problem,
    /// A leaf without data: the kind a large batch has by the hundred thousand, listed in
    /// part by default.
    pub missing_leaf: bool,
}

/// A warning as kept in the result, written out when it is shown ([`ScoreResult::warnings`]).
#[derive(Clone, Debug)]
pub(crate) enum Pending {
    /// Written out already: about a file, or about a unit as a whole.
    Ready(Box<Warning>),
    /// A base leaf of a unit without a value. A whole country has a hundred thousand; their
    /// messages, written out, were a third of the memory of scoring it.
    MissingLeaf {
        unit: String,
        /// The leaf's position, its row's line (0: none), and the file (in
        /// [`ScoreResult::files`]) the warning names.
        leaf: usize,
        line: u32,
        file: usize,
    },
}

impl Pending {
    pub(crate) fn is_missing_leaf(&self) -> bool {
        match self {
            Pending::Ready(w) => w.missing_leaf,
            Pending::MissingLeaf { .. } => true,
        }
    }

    /// The unit the warning concerns, if any.
    pub(crate) fn unit(&self) -> Option<&str> {
        match self {
            Pending::Ready(w) => w.problem.unit.as_deref(),
            Pending::MissingLeaf { unit, .. } => Some(unit),
        }
    }

    /// The warning written out.
    pub(crate) fn warning(&self, criteria: &Criteria, files: &[String]) -> Warning {
        let (unit, leaf, line, file) = match self {
            Pending::Ready(w) => return (**w).clone(),
            Pending::MissingLeaf {
                unit,
                leaf,
                line,
                file,
            } => (unit, *leaf, *line, *file),
        };
        let n = &criteria.nodes[criteria.leaf_node(leaf)];
        let file = files.get(file).map_or("", String::as_str);
        let problem = Problem::new(
            file,
            (line > 0).then_some(u64::from(line)),
            msg!(
                "đơn vị {unit}, tiêu chí {} ({}): chưa có số liệu; tính 0 điểm",
                "unit {unit}, criterion {} ({}): no data yet; scores 0",
                n.id,
                n.title
            ),
        );
        Warning {
            problem: problem.about(unit, Some(&n.id)),
            missing_leaf: true,
        }
    }
}

/// Everything `score` computed, ready for any writer.
#[derive(Clone, Debug)]
pub struct ScoreResult {
    pub period: Option<String>,
    /// Groups in output order.
    pub groups: Vec<String>,
    /// Units ordered by group, then rank, then id.
    pub units: Vec<UnitResult>,
    /// The warnings, in the order of the files and of the units as listed.
    pub(crate) warnings: Vec<Pending>,
    /// The files the warnings name.
    pub(crate) files: Vec<String>,
}

impl ScoreResult {
    /// Every warning, written out, in order.
    pub fn warnings<'a>(&'a self, criteria: &'a Criteria) -> impl Iterator<Item = Warning> + 'a {
        (self.warnings.iter()).map(|w| w.warning(criteria, &self.files))
    }

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

/// `points ÷ max × 100`, exact; None when it does not fit or max is 0.
pub(crate) fn percent(points: Rational, max: Rational) -> Option<Rational> {
    points.checked_mul(Rational::HUNDRED)?.checked_div(max)
}
