//! `tree`: the criteria set with its maxima, offices and rules in words.

use comfy_table::{Cell, CellAlignment};

use super::doc::*;
use super::*;
use crate::criteria::{Body, Criteria, Kind};
use crate::lang::{Decimals, Lang, tr};
use crate::number::Rational;

/// The criteria set as a table: every node with its maximum, office and rule in words.
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
