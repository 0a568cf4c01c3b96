//! Scoring (SPEC §4): each leaf from its evidence row, then sums, index, rank and class.
//! Pure functions over exact rationals; one rounding per leaf and one for each index.

use std::collections::HashMap;

use crate::criteria::{Criteria, Kind, NaPolicy, RankBy, Rule};
use crate::error::{Error, Problem, Result};
use crate::evidence::{Evidence, Row, Unit};
use crate::number::{Number, Rational, fold_vi, is_not_applicable, parse_number};

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

/// One leaf's result for one unit.
#[derive(Clone, Debug)]
pub struct LeafResult {
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
    pub value: Option<String>,
    pub evidence: String,
    pub note: String,
    /// What the rule made of the value, when it was read.
    pub reading: Option<Reading>,
    /// The rule's exact points for the value, before rounding (0 when not read).
    pub rule_points: Rational,
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
    /// Points and applicable maximum of every node, by node index.
    pub nodes: Vec<(Rational, Rational)>,
    /// Leaves in tree order.
    pub leaves: Vec<LeafResult>,
}

impl UnitResult {
    /// A node's index (points ÷ applicable max × 100, rounded); `None` when the applicable
    /// maximum is 0 or the node belongs to a bonus/penalty component.
    pub fn node_index(&self, criteria: &Criteria, node: usize) -> Option<Rational> {
        let (points, max) = self.nodes[node];
        if max.is_zero() || criteria.nodes[node].kind != Kind::Base {
            return None;
        }
        percent(points, max)?.round(criteria.places)
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
    match fold_vi(text).as_str() {
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
            let wanted = text.trim().to_lowercase();
            let folded = fold_vi(text);
            let exact = levels.iter().position(|l| l.label.to_lowercase() == wanted);
            let mut loose = (0..levels.len()).filter(|&i| fold_vi(&levels[i].label) == folded);
            let unique = match (loose.next(), loose.next()) {
                (Some(i), None) => Some(i),
                _ => None,
            };
            let Some(i) = exact.or(unique) else {
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

/// How a leaf's points came about, in Vietnamese words (for `explain`).
pub fn explain_leaf(criteria: &Criteria, leaf: &LeafResult) -> String {
    let n = &criteria.nodes[leaf.node];
    let max = n.max;
    let p = leaf.rule_points;
    let read = match (n.rule(), leaf.reading) {
        (Some(rule), Some(reading)) => match (rule, reading) {
            (_, Reading::Yes) => format!("có → {max}"),
            (_, Reading::No) => "không → 0".to_string(),
            (Rule::Levels(levels), Reading::Level(i)) => {
                let l = &levels[i];
                format!("{} = {} × {max} = {p}", l.label, l.fraction)
            }
            (Rule::Bands(bands), Reading::Band { value, band }) => match band {
                Some(i) => format!("{value} ≥ {} → {}", bands[i].min, bands[i].points),
                None => format!("{value} dưới mọi ngưỡng → 0"),
            },
            (Rule::Ratio { target }, Reading::Ratio { value }) => {
                format!("{max} × min({value} ÷ {target}; 1) = {p}")
            }
            (Rule::Count { per_item }, Reading::Count { n }) => {
                let raw = per_item.checked_mul(Rational::from_int(n)).unwrap_or(p);
                format!("{n} × {per_item} = {raw}, tối đa {max} → {p}")
            }
            (Rule::Deduction { per_item }, Reading::Deduction { n }) => {
                format!("{max} − {n} × {per_item} = {p} (thấp nhất 0)")
            }
            (_, Reading::Points { value }) => format!("điểm chấm {value}"),
            _ => String::new(),
        },
        _ => String::new(),
    };
    let rounded = leaf.points.format(criteria.places, ',');
    match leaf.status {
        Status::Missing => "chưa có số liệu → 0".to_string(),
        Status::NotApplicable => match n.not_applicable {
            NaPolicy::Exclude => "không áp dụng: loại khỏi điểm tối đa".to_string(),
            NaPolicy::FullMarks => format!("không áp dụng: tính đủ {max} điểm"),
            NaPolicy::Zero => "không áp dụng: tính 0 điểm".to_string(),
        },
        Status::Appraised if read.is_empty() => format!("thẩm định {}", leaf.points),
        Status::Appraised => format!("thẩm định {} (theo giá trị: {read})", leaf.points),
        Status::NoEvidence => format!("{read}; không có tài liệu kiểm chứng → 0"),
        Status::Scored if p != leaf.points => format!("{read} → {rounded}"),
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

/// Scores one leaf of one unit from its row (SPEC §4 steps 1–4).
pub fn score_leaf(
    criteria: &Criteria,
    node: usize,
    row: Option<&Row>,
) -> std::result::Result<LeafResult, String> {
    let n = &criteria.nodes[node];
    let rule = n.rule().ok_or("không phải tiêu chí chấm điểm")?;
    let max = n.max;
    let empty = Row::default();
    let row_ = row.unwrap_or(&empty);
    let value = Some(row_.value.clone()).filter(|v| !v.is_empty());
    // A unit may write N/A as its self-score on a leaf that does not arise: no self-score.
    let self_score = if is_not_applicable(&row_.self_score) {
        None
    } else {
        points_cell("self_score", &row_.self_score, max)?
    };
    let appraised = points_cell("appraised", &row_.appraised, max)?;
    let mut result = LeafResult {
        node,
        status: Status::Scored,
        points: Rational::ZERO,
        max,
        self_score,
        appraised,
        value: value.clone(),
        evidence: row_.evidence.clone(),
        note: row_.note.clone(),
        reading: None,
        rule_points: Rational::ZERO,
    };
    let Some(text) = value else {
        if let Some(a) = appraised {
            result.status = Status::Appraised;
            result.points = a;
        } else {
            result.status = Status::Missing;
        }
        return round(result, criteria.places);
    };
    if is_not_applicable(&text) {
        if appraised.is_some() {
            return Err("có điểm thẩm định (appraised) trên dòng không áp dụng".to_string());
        }
        result.status = Status::NotApplicable;
        (result.points, result.max) = match n.not_applicable {
            NaPolicy::Exclude => (Rational::ZERO, Rational::ZERO),
            NaPolicy::FullMarks => (max, max),
            NaPolicy::Zero => (Rational::ZERO, max),
        };
        return round(result, criteria.places);
    }
    // The value is read even when appraised, so that an unreadable value is always reported.
    let (points, reading) = apply(rule, max, &text)?;
    result.reading = Some(reading);
    result.rule_points = points;
    if let Some(a) = appraised {
        result.status = Status::Appraised;
        result.points = a;
    } else if n.evidence_required && points > Rational::ZERO && row_.evidence.is_empty() {
        result.status = Status::NoEvidence;
    } else {
        result.points = points;
    }
    round(result, criteria.places)
}

fn round(mut r: LeafResult, places: u32) -> std::result::Result<LeafResult, String> {
    r.points = r.points.round(places).ok_or(TOO_LARGE)?;
    Ok(r)
}

/// Scores every unit, ranks and classifies them. Every problem is collected before failing.
pub fn score(
    criteria: &Criteria,
    ev: &Evidence,
    period: Option<String>,
    strict: bool,
) -> Result<ScoreResult> {
    let mut problems = Vec::new();
    let mut warnings: Vec<Warning> = ev
        .warnings
        .iter()
        .map(|p| Warning {
            unit: None,
            problem: p.clone(),
        })
        .collect();
    // Rows by unit and leaf; reject unknown criteria, parents and duplicates.
    let mut rows: HashMap<(&str, usize), &Row> = HashMap::new();
    for row in &ev.rows {
        let file = &ev.files[row.file];
        let at = |m: String| Problem::new(file, Some(row.line), m);
        let Some(node) = criteria.node(&row.criterion) else {
            problems.push(at(format!(
                "đơn vị {}, tiêu chí {}: không có trong bộ tiêu chí {}",
                row.unit, row.criterion, criteria.path
            )));
            continue;
        };
        if criteria.nodes[node].rule().is_none() {
            problems.push(at(format!(
                "đơn vị {}, tiêu chí {}: có tiêu chí con; hãy ghi từng tiêu chí con",
                row.unit, row.criterion
            )));
            continue;
        }
        if let Some(first) = rows.insert((row.unit.as_str(), node), row) {
            problems.push(at(format!(
                "đơn vị {}, tiêu chí {}: xuất hiện hai lần (cả ở {}:{})",
                row.unit, row.criterion, ev.files[first.file], first.line
            )));
        }
    }
    // Units are scored on every core; their results are taken in the units' order.
    let leaf_nodes: Vec<usize> = criteria.leaves().collect();
    let bar = crate::par::progress(ev.units.len(), "chấm điểm");
    let scored = crate::par::map(&ev.units, |unit| {
        let scored = score_unit(criteria, ev, &rows, &leaf_nodes, unit);
        bar.inc(1);
        scored
    });
    bar.finish_and_clear();
    let mut units = Vec::new();
    for (unit, unit_problems, unit_warnings) in scored {
        units.extend(unit);
        problems.extend(unit_problems);
        warnings.extend(unit_warnings);
    }
    if strict {
        problems.extend(warnings.drain(..).map(|w| w.problem));
    }
    if !problems.is_empty() {
        return Err(Error::invalid(problems));
    }
    let groups = rank(criteria, ev, &mut units);
    Ok(ScoreResult {
        period,
        groups,
        units,
        warnings,
    })
}

/// One unit's leaves, totals, problems and warnings.
fn score_unit(
    criteria: &Criteria,
    ev: &Evidence,
    rows: &HashMap<(&str, usize), &Row>,
    leaf_nodes: &[usize],
    unit: &Unit,
) -> (Option<UnitResult>, Vec<Problem>, Vec<Warning>) {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let unit_file = ev.unit_files.get(&unit.id).map(|&f| ev.files[f].as_str());
    let mut leaves = Vec::new();
    let mut any_row = false;
    let mut missing = Vec::new();
    for &node in leaf_nodes {
        let row = rows.get(&(unit.id.as_str(), node)).copied();
        any_row |= row.is_some();
        match score_leaf(criteria, node, row) {
            Ok(leaf) => {
                // No row for a bonus or penalty leaf is the usual case: none earned.
                if leaf.status == Status::Missing && criteria.nodes[node].kind == Kind::Base {
                    missing.push((row, node));
                }
                leaves.push(leaf);
            }
            Err(e) => {
                let (f, line) = match row {
                    Some(r) => (ev.files[r.file].as_str(), r.line),
                    None => (criteria.path.as_str(), criteria.nodes[node].line),
                };
                problems.push(Problem::new(
                    f,
                    Some(line),
                    format!(
                        "đơn vị {}, tiêu chí {}: {e}",
                        unit.id, criteria.nodes[node].id
                    ),
                ));
            }
        }
    }
    let file = unit_file.or(ev.units_file.as_deref()).unwrap_or("");
    let mut warn = |p: Problem| {
        warnings.push(Warning {
            unit: Some(unit.id.clone()),
            problem: p,
        })
    };
    // A form sent back blank says so once, not once per leaf.
    let blank = any_row && leaves.iter().all(|l| l.status == Status::Missing);
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
    } else {
        for (row, node) in missing {
            let n = &criteria.nodes[node];
            let (f, line) = match row {
                Some(r) => (ev.files[r.file].as_str(), Some(r.line)),
                None => (file, None),
            };
            warn(Problem::new(
                f,
                line,
                format!(
                    "đơn vị {}, tiêu chí {} ({}): chưa có số liệu; tính 0 điểm",
                    unit.id, n.id, n.title
                ),
            ));
        }
    }
    let mut result = None;
    if leaves.len() == leaf_nodes.len() {
        match total(criteria, unit, leaves) {
            Ok(u) => result = Some(u),
            Err(e) => problems.push(Problem::new(file, None, e)),
        }
    }
    (result, problems, warnings)
}

/// Sums the leaves up the tree and computes total, index and self points.
fn total(
    criteria: &Criteria,
    unit: &Unit,
    leaves: Vec<LeafResult>,
) -> std::result::Result<UnitResult, String> {
    let too_large = || format!("đơn vị {}: {TOO_LARGE}", unit.id);
    let mut nodes = vec![(Rational::ZERO, Rational::ZERO); criteria.nodes.len()];
    for leaf in &leaves {
        nodes[leaf.node] = (leaf.points, leaf.max);
    }
    // Parents come before their children, so a reverse sweep sums bottom-up.
    for i in (0..criteria.nodes.len()).rev() {
        let children = criteria.children(i);
        if !children.is_empty() {
            let mut sum = (Rational::ZERO, Rational::ZERO);
            for &c in children {
                sum.0 = sum.0.checked_add(nodes[c].0).ok_or_else(too_large)?;
                sum.1 = sum.1.checked_add(nodes[c].1).ok_or_else(too_large)?;
            }
            nodes[i] = sum;
        }
    }
    let (mut base, mut max, mut bonus, mut penalty) = (
        Rational::ZERO,
        Rational::ZERO,
        Rational::ZERO,
        Rational::ZERO,
    );
    for &c in &criteria.components {
        let n = &criteria.nodes[c];
        let (p, m) = nodes[c];
        match n.kind {
            Kind::Base => {
                base = base.checked_add(p).ok_or_else(too_large)?;
                max = max.checked_add(m).ok_or_else(too_large)?;
            }
            Kind::Bonus => bonus = bonus.checked_add(p.min(n.max)).ok_or_else(too_large)?,
            Kind::Penalty => penalty = penalty.checked_add(p.min(n.max)).ok_or_else(too_large)?,
        }
    }
    if max.is_zero() {
        return Err(format!(
            "đơn vị {}: mọi tiêu chí cơ bản đều không áp dụng (điểm tối đa áp dụng bằng 0); không tính được chỉ số",
            unit.id
        ));
    }
    let points = base
        .checked_add(bonus)
        .and_then(|t| t.checked_sub(penalty))
        .ok_or_else(too_large)?
        .max(Rational::ZERO);
    let exact_index = percent(points, max).ok_or_else(too_large)?;
    let index = exact_index.round(criteria.places).ok_or_else(too_large)?;
    let mut self_points: Option<Rational> = None;
    for s in leaves.iter().filter_map(|l| l.self_score) {
        self_points = Some(
            self_points
                .unwrap_or(Rational::ZERO)
                .checked_add(s)
                .ok_or_else(too_large)?,
        );
    }
    let self_points = match self_points {
        Some(s) => Some(s.round(criteria.places).ok_or_else(too_large)?),
        None => None,
    };
    let class = criteria
        .classes_for(&unit.group)
        .iter()
        .find(|c| c.min <= index)
        .map(|c| c.label.clone());
    Ok(UnitResult {
        unit: unit.clone(),
        points,
        max,
        exact_index,
        index,
        bonus,
        penalty,
        self_points,
        rank: 0,
        group_size: 0,
        class,
        nodes,
        leaves,
    })
}

/// Ranks within groups (competition style, SPEC §4) and orders the units for output:
/// by group (first appearance in the units file, else by id), then rank, then id.
/// Returns the groups in that order.
fn rank(criteria: &Criteria, ev: &Evidence, units: &mut [UnitResult]) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for u in &ev.units {
        if !groups.contains(&u.group) {
            groups.push(u.group.clone());
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
    units.sort_by(|a, b| {
        group_pos(&a.unit.group)
            .cmp(&group_pos(&b.unit.group))
            .then_with(|| key(b).cmp(&key(a)))
            .then_with(|| a.unit.id.cmp(&b.unit.id))
    });
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
    groups
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
