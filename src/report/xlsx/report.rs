//! The five sheets of the report workbook. Each table's rows are a closure over the result
//! ([`Rows`]): text is borrowed from the result, and what is the same for every unit (a
//! leaf's rule in words) is made once per sheet.

use super::{Block, Cell, MAX_WIDTH, Rows, Sheet, opt_num, opt_text, title};
use crate::appraisal::{LeafLine, appraisal_lists, compared, component_of, gaps_of, office_label};
use crate::criteria::{Criteria, Kind};
use crate::lang::{Lang, tr};
use crate::report::strings;
use crate::score::ScoreResult;

/// The report's sheets are written in two halves at the same time: the ranking, the matrix
/// and the leaves; the gaps and the appraisal. On W1 (one thread) the leaves took 2,0-2,5 s,
/// the gaps 1,4-1,7 s, the appraisal 1,3-1,4 s and the first two 0,2-0,3 s: the first half
/// also measures the gaps for the second.
pub(super) const SPLIT: usize = 3;

/// The sheets of `report -o FILE.xlsx`, in order.
pub(super) fn sheets<'a>(
    criteria: &'a Criteria,
    result: &'a ScoreResult,
    lang: Lang,
) -> [Sheet<'a>; 5] {
    [
        ranking(criteria, result, lang),
        components(criteria, result, lang),
        leaves(criteria, result, lang),
        gaps(criteria, result, lang),
        appraisal(criteria, result, lang),
    ]
}

/// A sheet of one table, landscape, as wide as the report's sheets.
fn one_table<'a>(
    name: &'static str,
    title: String,
    header: Vec<String>,
    rows: Rows<'a>,
    frozen_cols: u16,
) -> Sheet<'a> {
    Sheet {
        name,
        intro: Vec::new(),
        title,
        blocks: vec![Block {
            title: None,
            header,
            rows,
        }],
        notes: Vec::new(),
        frozen_cols,
        landscape: true,
        max_width: MAX_WIDTH,
        repeat: None,
    }
}

fn ranking<'a>(criteria: &'a Criteria, result: &'a ScoreResult, lang: Lang) -> Sheet<'a> {
    let h = |vi, en| lang.pick(vi, en);
    let rows: Rows = Box::new(move |sink| {
        for u in &result.units {
            let c = compared(criteria, u);
            sink(&[
                Cell::Text(criteria.group_name(&u.unit.group)),
                Cell::Int(u.rank),
                Cell::Text(&u.unit.id),
                Cell::Text(&u.unit.name),
                Cell::Num(u.points),
                Cell::Num(u.max),
                Cell::Num(u.index),
                opt_text(u.class.as_deref()),
                opt_num(c.map(|c| c.0)),
                opt_num(c.map(|c| c.1)),
                c.map_or(Cell::Empty, |c| Cell::Delta(c.2)),
                Cell::Num(u.bonus),
                Cell::Num(u.penalty),
                Cell::Int(u.group_size),
            ]);
        }
    });
    one_table(
        h("Xếp hạng", "Ranking"),
        title(
            criteria,
            result,
            h("Xếp hạng theo nhóm", "Ranking by group"),
            lang,
        ),
        strings(&[
            h("Nhóm", "Group"),
            h("Hạng", "Rank"),
            h("Mã", "ID"),
            h("Đơn vị", "Unit"),
            h("Điểm", "Points"),
            h("Tối đa", "Max"),
            h("Chỉ số (%)", "Index (%)"),
            h("Xếp loại", "Class"),
            h("Tự chấm", "Self-score"),
            h("Thẩm định", "Appraised"),
            h("Chênh lệch", "Difference"),
            h("Điểm thưởng", "Bonus"),
            h("Điểm trừ", "Penalty"),
            h("Số đơn vị trong nhóm", "Units in group"),
        ]),
        rows,
        4,
    )
}

fn components<'a>(criteria: &'a Criteria, result: &'a ScoreResult, lang: Lang) -> Sheet<'a> {
    let h = |vi, en| lang.pick(vi, en);
    let mut header = strings(&[
        h("Nhóm", "Group"),
        h("Hạng", "Rank"),
        h("Mã", "ID"),
        h("Đơn vị", "Unit"),
    ]);
    for &c in &criteria.components {
        let n = &criteria.nodes[c];
        let id = &n.id;
        match n.kind {
            Kind::Base => {
                header.push(tr!(lang, "LV {id}: điểm", "Comp. {id}: points"));
                header.push(tr!(lang, "LV {id}: chỉ số (%)", "Comp. {id}: index (%)"));
            }
            Kind::Bonus => header.push(tr!(lang, "LV {id}: điểm thưởng", "Comp. {id}: bonus")),
            Kind::Penalty => header.push(tr!(lang, "LV {id}: điểm trừ", "Comp. {id}: penalty")),
        }
    }
    header.extend(strings(&[
        h("Tổng điểm", "Total points"),
        h("Tối đa", "Max"),
        h("Chỉ số (%)", "Index (%)"),
    ]));
    let rows: Rows = Box::new(move |sink| {
        let mut row = Vec::new();
        for u in &result.units {
            row.clear();
            row.extend([
                Cell::Text(criteria.group_name(&u.unit.group)),
                Cell::Int(u.rank),
                Cell::Text(&u.unit.id),
                Cell::Text(&u.unit.name),
            ]);
            for &c in &criteria.components {
                let (points, max) = u.node(criteria, c);
                let n = &criteria.nodes[c];
                if n.kind == Kind::Base {
                    // A component that does not apply: no points, no index.
                    if max.is_zero() {
                        row.extend([Cell::Empty, Cell::Empty]);
                    } else {
                        row.push(Cell::Num(points));
                        row.push(opt_num(u.node_index(criteria, c)));
                    }
                } else {
                    row.push(Cell::Num(points));
                }
            }
            row.extend([Cell::Num(u.points), Cell::Num(u.max), Cell::Num(u.index)]);
            sink(&row);
        }
    });
    let mut notes = vec![h("Các lĩnh vực (LV):", "The components (Comp.):").to_string()];
    notes.extend(criteria.components.iter().map(|&c| {
        let n = &criteria.nodes[c];
        let kind = match n.kind {
            Kind::Base => "",
            Kind::Bonus => h(
                ", điểm thưởng, ngoài điểm tối đa",
                ", bonus, on top of the maximum",
            ),
            Kind::Penalty => h(
                ", điểm trừ, ngoài điểm tối đa",
                ", penalty, apart from the maximum",
            ),
        };
        tr!(
            lang,
            "LV {}: {} (tối đa {}{kind})",
            "Comp. {}: {} (max {}{kind})",
            n.id,
            n.title,
            lang.num(n.max, criteria.places)
        )
    }));
    let mut sheet = one_table(
        h("Lĩnh vực", "Components"),
        title(
            criteria,
            result,
            h(
                "Điểm và chỉ số theo lĩnh vực (trống: lĩnh vực không áp dụng)",
                "Points and index by component (empty: the component does not apply)",
            ),
            lang,
        ),
        header,
        rows,
        4,
    );
    sheet.notes = notes;
    sheet
}

/// Each node's rule in words (empty for the nodes without a rule), made once for the rows of
/// every unit.
fn rules_in_words(criteria: &Criteria, lang: Lang) -> Vec<String> {
    criteria
        .nodes
        .iter()
        .map(|n| {
            n.rule()
                .map(|r| r.describe(n.max, lang))
                .unwrap_or_default()
        })
        .collect()
}

fn leaves<'a>(criteria: &'a Criteria, result: &'a ScoreResult, lang: Lang) -> Sheet<'a> {
    let h = |vi, en| lang.pick(vi, en);
    let rules = rules_in_words(criteria, lang);
    let rows: Rows = Box::new(move |sink| {
        for u in &result.units {
            for l in u.leaves(criteria) {
                let n = &criteria.nodes[l.node];
                sink(&[
                    Cell::Text(&u.unit.id),
                    Cell::Text(&u.unit.name),
                    Cell::Text(component_of(criteria, l.node)),
                    Cell::Text(&n.id),
                    Cell::Text(&n.title),
                    opt_text(l.value),
                    Cell::Text(&rules[l.node]),
                    Cell::Num(l.points),
                    Cell::Num(l.max),
                    Cell::Text(lang.status(l.status)),
                    opt_num(l.self_score),
                    opt_num(l.appraised),
                    Cell::Text(l.evidence),
                    Cell::Text(l.note),
                    opt_text(n.owner.as_deref()),
                ]);
            }
        }
    });
    one_table(
        h("Tiêu chí", "Criteria"),
        title(
            criteria,
            result,
            h(
                "Điểm từng tiêu chí của từng đơn vị",
                "Points of every criterion for every unit",
            ),
            lang,
        ),
        strings(&[
            h("Mã đơn vị", "Unit ID"),
            h("Đơn vị", "Unit"),
            h("Lĩnh vực", "Component"),
            h("Mã", "ID"),
            h("Nội dung", "Title"),
            h("Giá trị", "Value"),
            h("Cách tính điểm", "Scoring rule"),
            h("Điểm", "Points"),
            h("Tối đa", "Max"),
            h("Trạng thái", "Status"),
            h("Tự chấm", "Self-score"),
            h("Thẩm định", "Appraised"),
            h("Tài liệu kiểm chứng", "Evidence"),
            h("Ghi chú", "Note"),
            h("Cơ quan phụ trách", "Responsible office"),
        ]),
        rows,
        4,
    )
}

fn gaps<'a>(criteria: &'a Criteria, result: &'a ScoreResult, lang: Lang) -> Sheet<'a> {
    let h = |vi, en| lang.pick(vi, en);
    let rows: Rows = Box::new(move |sink| {
        for u in &result.units {
            let g = gaps_of(criteria, u);
            for (office, lost, lines) in &g.offices {
                for l in lines {
                    let n = &criteria.nodes[l.leaf.node];
                    sink(&[
                        Cell::Text(&u.unit.id),
                        Cell::Text(&u.unit.name),
                        Cell::Text(office_label(office, lang)),
                        Cell::Num(*lost),
                        Cell::Text(component_of(criteria, l.leaf.node)),
                        Cell::Text(&n.id),
                        Cell::Text(&n.title),
                        Cell::Num(l.leaf.points),
                        Cell::Num(l.leaf.max),
                        Cell::Num(l.lost()),
                        Cell::Text(lang.status(l.leaf.status)),
                        opt_text(l.leaf.value),
                        Cell::Text(l.leaf.note),
                    ]);
                }
            }
        }
    });
    one_table(
        h("Điểm mất", "Points lost"),
        title(
            criteria,
            result,
            h(
                "Các tiêu chí chưa đạt điểm, có nguy cơ mất điểm, theo cơ quan phụ trách",
                "Criteria below their maximum, points at risk, by responsible office",
            ),
            lang,
        ),
        strings(&[
            h("Mã đơn vị", "Unit ID"),
            h("Đơn vị", "Unit"),
            h("Cơ quan phụ trách", "Responsible office"),
            h("Cơ quan mất (cộng)", "Lost by the office (total)"),
            h("Lĩnh vực", "Component"),
            h("Mã", "ID"),
            h("Nội dung", "Title"),
            h("Điểm", "Points"),
            h("Tối đa", "Max"),
            h("Điểm mất", "Points lost"),
            h("Trạng thái", "Status"),
            h("Giá trị", "Value"),
            h("Ghi chú", "Note"),
        ]),
        rows,
        2,
    )
}

/// The rows of a list of leaves of the appraisal sheet.
fn leaf_rows<'a>(criteria: &'a Criteria, lines: Vec<LeafLine<'a>>, lang: Lang) -> Rows<'a> {
    Box::new(move |sink| {
        for l in &lines {
            let n = &criteria.nodes[l.leaf.node];
            sink(&[
                Cell::Text(&l.unit.unit.id),
                Cell::Text(&l.unit.unit.name),
                Cell::Text(&n.id),
                Cell::Text(&n.title),
                opt_num(l.leaf.self_score),
                Cell::Num(l.leaf.points),
                Cell::Delta(l.diff()),
                Cell::Text(lang.status(l.leaf.status)),
                opt_text(l.leaf.value),
                Cell::Text(l.leaf.evidence),
                Cell::Text(l.leaf.note),
                opt_text(n.owner.as_deref()),
            ]);
        }
    })
}

fn appraisal<'a>(criteria: &'a Criteria, result: &'a ScoreResult, lang: Lang) -> Sheet<'a> {
    let h = |vi, en| lang.pick(vi, en);
    let (differ, undocumented) = appraisal_lists(criteria, result);
    let [differ_title, undocumented_title] =
        crate::appraisal::appraisal_titles(differ.len(), undocumented.len(), lang);
    let units: Rows = Box::new(move |sink| {
        for u in &result.units {
            let c = compared(criteria, u);
            sink(&[
                Cell::Text(&u.unit.id),
                Cell::Text(&u.unit.name),
                Cell::Text(criteria.group_name(&u.unit.group)),
                opt_num(c.map(|c| c.0)),
                opt_num(c.map(|c| c.1)),
                c.map_or(Cell::Empty, |c| Cell::Delta(c.2)),
                Cell::Num(u.points),
            ]);
        }
    });
    let leaf_header = strings(&[
        h("Mã đơn vị", "Unit ID"),
        h("Đơn vị", "Unit"),
        h("Mã", "ID"),
        h("Nội dung", "Title"),
        h("Tự chấm", "Self-score"),
        h("Điểm", "Points"),
        h("Chênh lệch", "Difference"),
        h("Trạng thái", "Status"),
        h("Giá trị", "Value"),
        h("Tài liệu kiểm chứng", "Evidence"),
        h("Ghi chú", "Note"),
        h("Cơ quan phụ trách", "Responsible office"),
    ]);
    Sheet {
        name: h("Tự chấm - thẩm định", "Self-score - appraisal"),
        intro: Vec::new(),
        title: title(
            criteria,
            result,
            h(
                "Điểm tự chấm và điểm thẩm định",
                "Self-score and appraised points",
            ),
            lang,
        ),
        blocks: vec![
        Block {
            title: Some(
                h(
                    "Theo đơn vị: tự chấm và thẩm định cộng trên các tiêu chí đơn vị đã tự chấm \
                     (trừ tiêu chí không áp dụng); chênh lệch = thẩm định − tự chấm",
                    "By unit: self-score and appraised points summed over the criteria the unit \
                     self-scored (not counting criteria that do not apply); difference = appraised − self-score",
                )
                .to_string(),
            ),
            header: strings(&[
                h("Mã đơn vị", "Unit ID"),
                h("Đơn vị", "Unit"),
                h("Nhóm", "Group"),
                h("Tự chấm", "Self-score"),
                h("Thẩm định", "Appraised"),
                h("Chênh lệch", "Difference"),
                h("Tổng điểm", "Total points"),
            ]),
            rows: units,
        },
        Block {
            title: Some(differ_title),
            header: leaf_header.clone(),
            rows: leaf_rows(criteria, differ, lang),
        },
        Block {
            title: Some(undocumented_title),
            header: leaf_header,
            rows: leaf_rows(criteria, undocumented, lang),
        },
        ],
        notes: Vec::new(),
        frozen_cols: 0,
        landscape: true,
        max_width: MAX_WIDTH,
        repeat: None,
    }
}
