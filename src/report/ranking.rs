//! The ranking: csv (one row per unit), table and Markdown (per group, components as
//! columns).

use super::doc::*;
use crate::criteria::{Criteria, Kind};
use crate::lang::{Lang, tr};
use crate::number::Rational;
use crate::score::{ScoreResult, UnitResult};

/// The ranking for scripts: one row per unit with its totals, self points and period, and
/// the points of each component as the tables show them (empty where the component does not
/// apply, a penalty negative), written field by field (a whole country's ranking is 100.000
/// rows).
pub fn csv(
    criteria: &Criteria,
    result: &ScoreResult,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(&mut *out);
    let header = [
        "group",
        "rank",
        "id",
        "name",
        "points",
        "max",
        "index",
        "class",
        "self_points",
        "period",
    ];
    let components = criteria.components.iter().map(|&c| &criteria.nodes[c].id);
    w.write_record(header.into_iter().chain(components.map(String::as_str)))?;
    w.flush()?;
    drop(w);
    let period = neutralise(result.period.as_deref().unwrap_or(""));
    super::write_by_runs(&result.units, out, |_, run, text| {
        let mut w = csv::Writer::from_writer(text);
        for u in run {
            csv_row(&mut w, criteria, u, &period)?;
        }
        w.flush()
    })
}

/// One unit's row of the CSV ranking.
fn csv_row(
    w: &mut csv::Writer<&mut Vec<u8>>,
    criteria: &Criteria,
    u: &UnitResult,
    period: &str,
) -> std::io::Result<()> {
    let mut buf = [0; 64];
    let mut num = |w: &mut csv::Writer<_>, r: Rational| {
        let f = r.fixed(criteria.places, '.');
        match f.bytes(&mut buf) {
            Some(text) => w.write_field(text),
            None => w.write_field(f.to_string()),
        }
    };
    w.write_field(neutralise(&u.unit.group).as_ref())?;
    w.write_field(itoa::Buffer::new().format(u.rank))?;
    w.write_field(neutralise(&u.unit.id).as_ref())?;
    w.write_field(neutralise(&u.unit.name).as_ref())?;
    for r in [u.points, u.max, u.index] {
        num(w, r)?;
    }
    w.write_field(neutralise(u.class.as_deref().unwrap_or("")).as_ref())?;
    match u.self_points {
        Some(r) => num(w, r)?,
        None => w.write_field("")?,
    }
    w.write_field(period)?;
    for &c in &criteria.components {
        let points = u.node_points(criteria, c);
        match criteria.nodes[c].kind {
            Kind::Penalty => num(w, Rational::ZERO.checked_sub(points).unwrap_or(points))?,
            Kind::Base if u.node_max(criteria, c).is_some_and(|m| m.is_zero()) => {
                w.write_field("")?
            }
            _ => num(w, points)?,
        }
    }
    w.write_record(None::<&[u8]>)?;
    Ok(())
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
        l("Thẩm định", "Appraised"),
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
        let group = criteria.group_name(group);
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
                    let compared = crate::appraisal::compared(criteria, u);
                    row.push(optional(compared.map(|c| c.0)));
                    row.push(optional(compared.map(|c| c.1)));
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
            "Tự chấm, Thẩm định: điểm đơn vị tự chấm và điểm sau thẩm định, cộng trên cùng các tiêu chí đơn vị đã tự chấm (như lệnh appraisal), nên có thể nhỏ hơn cột Điểm; Chênh lệch = Thẩm định − Tự chấm.",
            "Self-score, Appraised: the unit's own points and the points after appraisal, summed over the same criteria, those the unit self-scored (as the appraisal command does), so they may be less than Points; Difference = Appraised − Self-score.",
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
