//! A unit's totals (SPEC §4): the components summed from the leaves, bonus and penalty, the
//! index, the class and the self points; then the ranking within each group; and the
//! warnings about leaves without data.

use crate::criteria::{Criteria, Kind, RankBy};
use crate::error::Problem;
use crate::lang::{msg, said};

use super::result::{Pending, Status, UnitResult, Warning, percent};
use super::rules::TOO_LARGE;
use crate::number::Rational;
use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;

/// The warnings of one unit: no row at all, a form sent back blank (said once, not once per
/// leaf), or each base leaf without a value. `file` is where its rows are, in `files`.
pub(crate) fn unit_warnings(
    criteria: &Criteria,
    u: &UnitResult,
    files: &[String],
    file: usize,
    warnings: &mut Vec<Pending>,
) {
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
        let problem = Problem::new(
            files.get(file).map_or("", String::as_str),
            None,
            msg!(
                "đơn vị {}: {what}; mọi tiêu chí tính 0 điểm",
                "unit {}: {what}; every criterion scores 0",
                u.unit.id
            ),
        );
        warnings.push(Pending::Ready(Box::new(Warning {
            problem: problem.about(&u.unit.id, None),
            missing_leaf: false,
        })));
        return;
    }
    for (i, (line, status)) in u.seen.iter().enumerate() {
        let n = &criteria.nodes[criteria.leaf_node(i)];
        // No row for a bonus or penalty leaf is the usual case: none earned.
        if status == Status::Missing && n.kind == Kind::Base {
            warnings.push(Pending::MissingLeaf {
                unit: u.unit.id.clone(),
                leaf: i,
                line,
                file,
            });
        }
    }
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
    // Ids are unique: the order is total. The positions are sorted, then the units moved
    // once each: sorting the units themselves (480 bytes each) moved a whole country's
    // several times over (0,14 s of 100.000 units).
    let group_index: FxHashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect();
    let group_of: Vec<usize> = units
        .iter()
        .map(|u| {
            group_index
                .get(u.unit.group.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        })
        .collect();
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.par_sort_unstable_by(|&a, &b| {
        let (x, y) = (&units[a], &units[b]);
        (group_of[a].cmp(&group_of[b]))
            .then_with(|| key(y).cmp(&key(x)))
            .then_with(|| x.unit.id.cmp(&y.unit.id))
    });
    permute(units, order);
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

/// Puts into each position `i` the item that was at `order[i]` (a permutation), moving each
/// item once: the cycles of the permutation are followed, each position marked done as it
/// is filled.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::permute;

    /// Every permutation of `0..n`.
    fn all(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut out = Vec::new();
        for p in all(n - 1) {
            for at in 0..n {
                let mut q = p.clone();
                q.insert(at, n - 1);
                out.push(q);
            }
        }
        out
    }

    #[test]
    fn permute_moves_each_item_to_its_place() {
        // Every permutation of 5 items, and a long one with long cycles.
        let mut orders = all(5);
        assert_eq!(orders.len(), 120);
        orders.push((0..1000).map(|i| (i * 7 + 3) % 1000).collect());
        for order in orders {
            let items: Vec<String> = (0..order.len()).map(|i| format!("u{i}")).collect();
            let want: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            let mut got = items.clone();
            permute(&mut got, order.clone());
            assert_eq!(got, want, "{order:?}");
        }
    }
}
