//! `explain`: one unit, leaf by leaf, with how each point came about.

use comfy_table::{Cell, CellAlignment};

use super::doc::*;
use super::*;
use crate::criteria::{Body, Criteria, NaPolicy, Rule};
use crate::lang::{Decimals, Lang, tr};
use crate::number::{Rational, is_not_applicable};
use crate::score::{LeafResult, Reading, ScoreResult, Status, UnitResult, apply};

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
        criteria.group_name(&u.unit.group)
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
    // A value written as a fraction (7/32) is read as a percentage: the working starts
    // from it, as the sheet's reader wrote it ("7/32 → 21,875 ≥ 20 → 1").
    let read = match (applied.map(|a| a.1), leaf.value) {
        (Some(Reading::Band { .. } | Reading::Ratio { .. }), Some(v)) if v.contains('/') => {
            format!("{} → {read}", v.trim())
        }
        _ => read,
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
