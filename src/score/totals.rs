//! A unit's totals (SPEC §4): the components summed from the leaves, bonus and penalty, the
//! index, the class and the self points; then the ranking within each group; and the
//! warnings about leaves without data.

use crate::criteria::{Criteria, Kind, RankBy};
use crate::error::Problem;
use crate::lang::{msg, said};

use super::result::{Status, UnitResult, Warning, percent};
use super::rules::TOO_LARGE;
use crate::number::Rational;

/// The warnings of one unit: no row at all, a form sent back blank (said once, not once per
/// leaf), or each base leaf without a value.
pub(crate) fn unit_warnings(criteria: &Criteria, u: &UnitResult, file: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut warn = |p: Problem, missing_leaf| {
        warnings.push(Warning {
            problem: p,
            missing_leaf,
        })
    };
    let any_row = u.seen.iter().any(|(line, _)| line > 0);
    let all_missing = u.seen.iter().all(|(_, status)| status == Status::Missing);
    let blank = any_row && all_missing;
    if !any_row || blank {
        let what = if blank {
            said(
                "biểu mẫu chưa điền, không tiêu chí nào có số liệu",
                "the form is not filled in, no criterion has data",
            )
        } else {
            said("không có dòng số liệu nào", "there is no row of data")
        };
        warn(
            Problem::new(
                file,
                None,
                msg!(
                    "đơn vị {}: {what}; mọi tiêu chí tính 0 điểm",
                    "unit {}: {what}; every criterion scores 0",
                    u.unit.id
                ),
            )
            .about(&u.unit.id, None),
            false,
        );
        return warnings;
    }
    for (i, (line, status)) in u.seen.iter().enumerate() {
        let n = &criteria.nodes[criteria.leaf_node(i)];
        // No row for a bonus or penalty leaf is the usual case: none earned.
        if status == Status::Missing && n.kind == Kind::Base {
            warn(
                Problem::new(
                    file,
                    (line > 0).then_some(u64::from(line)),
                    msg!(
                        "đơn vị {}, tiêu chí {} ({}): chưa có số liệu; tính 0 điểm",
                        "unit {}, criterion {} ({}): no data yet; scores 0",
                        u.unit.id,
                        n.id,
                        n.title
                    ),
                )
                .about(&u.unit.id, Some(&n.id)),
                true,
            );
        }
    }
    warnings
}

/// Sums a unit's leaves up to the components and fills in its total, index, class and self
/// points.
pub(crate) fn total(
    criteria: &Criteria,
    u: &mut UnitResult,
    self_sum: Option<Rational>,
    file: &str,
) -> Result<(), Problem> {
    let id = u.unit.id.clone();
    let fail = |m: String| Problem::new(file, None, m).about(&id, None);
    let too_large = || fail(msg!("đơn vị {id}: {TOO_LARGE}", "unit {id}: {TOO_LARGE}"));
    let places = criteria.places;
    let (mut base, mut max) = (Rational::ZERO, Rational::ZERO);
    let (mut bonus, mut penalty) = (Rational::ZERO, Rational::ZERO);
    for &c in &criteria.components {
        let n = &criteria.nodes[c];
        let points = Rational::from_scaled(u.node_units(criteria, c), places);
        let points = points.ok_or_else(too_large)?;
        let add = |sum: Rational, p: Rational| sum.checked_add(p).ok_or_else(too_large);
        match n.kind {
            Kind::Base => {
                base = add(base, points)?;
                max = add(max, u.node_max(criteria, c).ok_or_else(too_large)?)?;
            }
            Kind::Bonus => bonus = add(bonus, points.min(n.max))?,
            Kind::Penalty => penalty = add(penalty, points.min(n.max))?,
        }
    }
    if max.is_zero() {
        return Err(fail(msg!(
            "đơn vị {id}: mọi tiêu chí cơ bản đều không áp dụng (điểm tối đa áp dụng bằng 0); không tính được chỉ số",
            "unit {id}: no base criterion applies (the applicable maximum is 0); no index can be computed"
        )));
    }
    let points = base
        .checked_add(bonus)
        .and_then(|t| t.checked_sub(penalty))
        .ok_or_else(too_large)?
        .max(Rational::ZERO);
    let exact_index = percent(points, max).ok_or_else(too_large)?;
    let index = exact_index.round(places).ok_or_else(too_large)?;
    let self_points = match self_sum {
        Some(s) => Some(s.round(places).ok_or_else(too_large)?),
        None => None,
    };
    u.class = criteria
        .classes_for(&u.unit.group)
        .iter()
        .find(|c| c.min <= index)
        .map(|c| c.label.clone());
    (u.points, u.max, u.exact_index, u.index) = (points, max, exact_index, index);
    (u.bonus, u.penalty, u.self_points) = (bonus, penalty, self_points);
    Ok(())
}

/// Ranks within groups (competition style, SPEC §4) and orders the units for output: by
/// group (`groups`, in output order), then rank, then id.
pub(crate) fn rank(criteria: &Criteria, groups: &[String], units: &mut [UnitResult]) {
    let key = |u: &UnitResult| match criteria.rank_by {
        RankBy::Exact => u.exact_index,
        RankBy::Rounded => u.index,
    };
    let group_pos = |g: &str| groups.iter().position(|x| x == g).unwrap_or(usize::MAX);
    // Ids are unique: the order is total, and sorting in place saves a copy of the units.
    units.sort_unstable_by(|a, b| {
        (group_pos(&a.unit.group).cmp(&group_pos(&b.unit.group)))
            .then_with(|| key(b).cmp(&key(a)))
            .then_with(|| a.unit.id.cmp(&b.unit.id))
    });
    for group in units.chunk_by_mut(|a, b| a.unit.group == b.unit.group) {
        let size = group.len();
        for i in 0..size {
            group[i].group_size = size;
            group[i].rank = if i > 0 && key(&group[i]) == key(&group[i - 1]) {
                group[i - 1].rank
            } else {
                i + 1
            };
        }
    }
}
