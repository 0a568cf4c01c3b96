//! The appraisal round (đợt thẩm định): a form for every unit, the self-score against the
//! appraised result, and the criteria losing points grouped by the responsible office
//! ("các tiêu chí chưa đạt điểm, có nguy cơ mất điểm").

use std::collections::HashMap;

use serde::Serialize;

use crate::criteria::{Criteria, Kind};
use crate::evidence::Unit;
use crate::lang::{Lang, msg, said, tr};
use crate::number::Rational;
use crate::report::{
    Doc, Format, JsonHead, Section, Val, csv_table, heading, neutralise, strings, to_json,
};
use crate::score::{LeafResult, ScoreResult, Status, UnitResult};

// ---------------------------------------------------------------------------------------------
// Forms.

/// Why a unit id cannot name a form file, or `None` when it can. Ids become file stems, so
/// anything that could leave the folder, hide the file, or clash on Windows is refused.
pub fn unsafe_file_stem(id: &str) -> Option<&'static str> {
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let base = id.split('.').next().unwrap_or("").trim().to_lowercase();
    let numbered = (base.starts_with("com") || base.starts_with("lpt"))
        && base.len() == 4
        && base.as_bytes()[3].is_ascii_digit();
    if id.trim().is_empty() {
        Some(said("mã trống", "the id is empty"))
    } else if id.contains(['/', '\\']) {
        Some(said(
            "có ký tự phân cách thư mục (/ hoặc \\)",
            "it has a folder separator (/ or \\)",
        ))
    } else if id.starts_with('.') {
        Some(said(
            "bắt đầu bằng dấu chấm (tệp ẩn, hoặc .. ra khỏi thư mục)",
            "it starts with a dot (a hidden file, or .. out of the folder)",
        ))
    } else if id
        .chars()
        .any(|c| c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
    {
        Some(said(
            "có ký tự không dùng được trong tên tệp (: * ? \" < > | hoặc ký tự điều khiển)",
            "it has a character that file names cannot have (: * ? \" < > | or a control character)",
        ))
    } else if id.ends_with(['.', ' ']) {
        Some(said(
            "kết thúc bằng dấu chấm hoặc dấu cách (Windows bỏ đi)",
            "it ends with a dot or a space (which Windows drops)",
        ))
    } else if RESERVED.contains(&base.as_str()) || numbered {
        Some(said(
            "là tên Windows dành cho thiết bị (CON, PRN, AUX, NUL, COM1…, LPT1…)",
            "it is a name Windows keeps for devices (CON, PRN, AUX, NUL, COM1…, LPT1…)",
        ))
    } else if id.eq_ignore_ascii_case("units") {
        Some(said(
            "units.csv trong thư mục số liệu được đọc là tệp đơn vị",
            "units.csv in an evidence folder is read as the units file",
        ))
    } else if id.len() > 200 {
        Some(said("dài quá 200 byte", "it is longer than 200 bytes"))
    } else {
        None
    }
}

/// The blank form for the criteria set: every leaf a row in tree order, with the title,
/// maximum, rule in words and responsible office for the reader, and the columns to fill.
/// Written for a Vietnamese Excel: UTF-8 with BOM, `;` between fields, decimal commas (with
/// `Lang::En`, English names of the descriptive columns, rules in English, decimal points).
pub fn form(criteria: &Criteria, lang: Lang) -> String {
    let [title, max, rule, owner] = descriptive(lang);
    let header = [
        "criterion",
        title,
        max,
        rule,
        owner,
        "value",
        "self_score",
        "appraised",
        "evidence",
        "note",
    ];
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = w.write_record(header);
    for i in criteria.leaves() {
        let n = &criteria.nodes[i];
        let rule = n.scoring_for_form(lang);
        let _ = w.write_record([
            n.id.as_str(),
            &neutralise(&n.title),
            &lang.num(n.max, criteria.places),
            &neutralise(&rule),
            &neutralise(n.owner.as_deref().unwrap_or("")),
            "",
            "",
            "",
            "",
            "",
        ]);
    }
    let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    format!("\u{feff}{body}")
}

/// The names of the form's descriptive columns (title, maximum, rule, office), which the
/// evidence reader knows and skips: Vietnamese ids, or English ones.
pub fn descriptive(lang: Lang) -> [&'static str; 4] {
    let [vi_title, vi_max, vi_rule, vi_owner, title, max, rule, owner] =
        crate::evidence::DESCRIPTIVE;
    match lang {
        Lang::Vi => [vi_title, vi_max, vi_rule, vi_owner],
        Lang::En => [title, max, rule, owner],
    }
}

/// Every refused unit id, with the reason; ids that clash when case is ignored are refused
/// too (they would be one file on Windows and macOS). `what` names the files ("biểu mẫu",
/// "phiếu kết quả").
pub fn refused_ids(units: &[Unit], what: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, &str> = HashMap::new();
    for u in units {
        if let Some(why) = unsafe_file_stem(&u.id) {
            out.push(msg!(
                "đơn vị {:?}: không dùng làm tên tệp {what} được: {why}",
                "unit {:?}: cannot name a {what} file: {why}",
                u.id
            ));
        } else if let Some(first) = seen.insert(u.id.to_lowercase(), &u.id) {
            out.push(msg!(
                "đơn vị {:?}: {what} sẽ trùng tệp với đơn vị {first:?} trên Windows và macOS", "unit {:?}: its {what} would be the same file as unit {first:?}'s on Windows and macOS",
                u.id
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Self-assessment against the appraised result.

/// A leaf of a unit, as the appraisal and gaps lists show it.
pub struct LeafLine<'a> {
    pub unit: &'a UnitResult,
    pub leaf: LeafResult<'a>,
}

impl LeafLine<'_> {
    pub fn diff(&self) -> Rational {
        let self_score = self.leaf.self_score.unwrap_or(Rational::ZERO);
        self.leaf
            .points
            .checked_sub(self_score)
            .unwrap_or(Rational::ZERO)
    }

    pub fn lost(&self) -> Rational {
        self.leaf
            .max
            .checked_sub(self.leaf.points)
            .unwrap_or(Rational::ZERO)
    }

    /// criterion, title, points, max, lost, status, value, note: a row of the gaps lists.
    fn gap_cells(&self, criteria: &Criteria, status: &str) -> Vec<Val> {
        let n = &criteria.nodes[self.leaf.node];
        vec![
            Val::text(&n.id),
            Val::text(&n.title),
            Val::Num(self.leaf.points),
            Val::Num(self.leaf.max),
            Val::Num(self.lost()),
            Val::text(status),
            Val::text(self.leaf.value.unwrap_or_default()),
            Val::text(self.leaf.note),
        ]
    }
}

/// Self points and final points over the same leaves (those the unit self-scored, not
/// counting leaves that do not apply), and their difference: it adds up to the leaf list.
pub fn compared(criteria: &Criteria, u: &UnitResult) -> Option<(Rational, Rational, Rational)> {
    let leaves = u
        .leaves(criteria)
        .filter(|l| l.self_score.is_some() && l.status != Status::NotApplicable);
    let mut sums: Option<(Rational, Rational)> = None;
    for l in leaves {
        let (s, p) = sums.unwrap_or((Rational::ZERO, Rational::ZERO));
        sums = Some((
            s.checked_add(l.self_score.unwrap_or(Rational::ZERO))?,
            p.checked_add(l.points)?,
        ));
    }
    let (s, p) = sums?;
    Some((s, p, p.checked_sub(s)?))
}

/// Leaves where the self-score differs from the final points (what the council discusses),
/// and leaves self-scored above 0 without an evidence document (they need giải trình).
pub fn appraisal_lists<'a>(
    criteria: &'a Criteria,
    result: &'a ScoreResult,
) -> (Vec<LeafLine<'a>>, Vec<LeafLine<'a>>) {
    let mut differ = Vec::new();
    let mut undocumented = Vec::new();
    for unit in &result.units {
        for leaf in unit.leaves(criteria) {
            let Some(s) = leaf.self_score else { continue };
            if leaf.status == Status::NotApplicable {
                continue;
            }
            if s != leaf.points {
                differ.push(LeafLine { unit, leaf });
            }
            if s > Rational::ZERO && leaf.evidence.is_empty() {
                undocumented.push(LeafLine { unit, leaf });
            }
        }
    }
    (differ, undocumented)
}

/// The titles of the two lists of [`appraisal_lists`], with their lengths.
pub fn appraisal_titles(differ: usize, undocumented: usize, lang: Lang) -> [String; 2] {
    [
        tr!(
            lang,
            "Tiêu chí có điểm tự chấm khác điểm thẩm định ({})",
            "Criteria whose self-score differs from the appraised points ({})",
            lang.count(differ, "tiêu chí", "criterion", "criteria")
        ),
        tr!(
            lang,
            "Tiêu chí tự chấm điểm nhưng không có tài liệu kiểm chứng, cần giải trình ({})",
            "Criteria self-scored without an evidence document, to be explained ({})",
            lang.count(undocumented, "tiêu chí", "criterion", "criteria")
        ),
    ]
}

pub fn appraisal(format: Format, criteria: &Criteria, result: &ScoreResult, lang: Lang) -> String {
    let (differ, undocumented) = appraisal_lists(criteria, result);
    let p = criteria.places;
    match format {
        Format::Json => {
            let doc = JsonAppraisal {
                head: JsonHead::new(criteria, result),
                units: result
                    .units
                    .iter()
                    .map(|u| {
                        let c = compared(criteria, u);
                        let f = |r: Rational| r.format(p, '.');
                        JsonUnitAppraisal {
                            id: &u.unit.id,
                            name: &u.unit.name,
                            group: &u.unit.group,
                            self_points: c.map(|c| f(c.0)),
                            appraised_points: c.map(|c| f(c.1)),
                            difference: c.map(|c| f(c.2)),
                            total_points: f(u.points),
                        }
                    })
                    .collect(),
                differences: differ
                    .iter()
                    .map(|l| JsonLeafLine::new(criteria, l))
                    .collect(),
                no_evidence: undocumented
                    .iter()
                    .map(|l| JsonLeafLine::new(criteria, l))
                    .collect(),
            };
            to_json(&doc)
        }
        Format::Csv => {
            let header: Vec<String> = strings(&[
                "list",
                "unit",
                "unit_name",
                "criterion",
                "title",
                "owner",
                "self_score",
                "points",
                "difference",
                "status",
                "value",
                "evidence",
                "note",
            ]);
            let mut rows = Vec::new();
            for u in &result.units {
                rows.push(vec![
                    Val::text("unit"),
                    Val::text(&u.unit.id),
                    Val::text(&u.unit.name),
                    Val::text(""),
                    Val::text(""),
                    Val::text(""),
                    opt(compared(criteria, u).map(|c| c.0)),
                    opt(compared(criteria, u).map(|c| c.1)),
                    opt(compared(criteria, u).map(|c| c.2)),
                    Val::text(""),
                    Val::text(""),
                    Val::text(""),
                    Val::text(""),
                ]);
            }
            for (list, lines) in [("difference", &differ), ("no_evidence", &undocumented)] {
                for l in lines {
                    let n = &criteria.nodes[l.leaf.node];
                    rows.push(vec![
                        Val::text(list),
                        Val::text(&l.unit.unit.id),
                        Val::text(&l.unit.unit.name),
                        Val::text(&n.id),
                        Val::text(&n.title),
                        Val::text(n.owner.clone().unwrap_or_default()),
                        opt(l.leaf.self_score),
                        Val::Num(l.leaf.points),
                        Val::Num(l.diff()),
                        Val::text(l.leaf.status.as_str()),
                        Val::text(l.leaf.value.unwrap_or_default()),
                        Val::text(l.leaf.evidence),
                        Val::text(l.leaf.note),
                    ]);
                }
            }
            csv_table(&header, &rows, p)
        }
        Format::Table | Format::Md => {
            let doc = appraisal_doc(criteria, result, &differ, &undocumented, lang);
            if format == Format::Md {
                doc.markdown()
            } else {
                doc.table()
            }
        }
    }
}

fn opt(r: Option<Rational>) -> Val {
    r.map(Val::Num).unwrap_or_else(|| Val::text(""))
}

fn appraisal_doc(
    criteria: &Criteria,
    result: &ScoreResult,
    differ: &[LeafLine],
    undocumented: &[LeafLine],
    lang: Lang,
) -> Doc {
    let h = |vi, en| lang.pick(vi, en);
    let units = Section {
        title: h(
            "Điểm tự chấm và điểm thẩm định theo đơn vị",
            "Self-score and appraised points by unit",
        )
        .to_string(),
        header: strings(&[
            h("Mã", "ID"),
            h("Đơn vị", "Unit"),
            h("Tự chấm", "Self-score"),
            h("Thẩm định", "Appraised"),
            h("Chênh lệch", "Difference"),
            h("Tổng điểm", "Total points"),
        ]),
        rows: result
            .units
            .iter()
            .map(|u| {
                let c = compared(criteria, u);
                vec![
                    Val::text(&u.unit.id),
                    Val::text(&u.unit.name),
                    opt(c.map(|c| c.0)),
                    opt(c.map(|c| c.1)),
                    c.map(|c| Val::Delta(c.2)).unwrap_or_else(|| Val::text("")),
                    Val::Num(u.points),
                ]
            })
            .collect(),
    };
    let leaf_rows = |lines: &[LeafLine], with_diff: bool| -> Vec<Vec<Val>> {
        lines
            .iter()
            .map(|l| {
                let n = &criteria.nodes[l.leaf.node];
                let mut row = vec![
                    Val::text(&l.unit.unit.name),
                    Val::text(&n.id),
                    Val::text(&n.title),
                    opt(l.leaf.self_score),
                    Val::Num(l.leaf.points),
                ];
                if with_diff {
                    row.push(Val::Delta(l.diff()));
                    row.push(Val::text(lang.status(l.leaf.status)));
                }
                row.push(Val::text(l.leaf.value.unwrap_or_default()));
                if with_diff {
                    row.push(Val::text(l.leaf.evidence));
                }
                row.push(Val::text(l.leaf.note));
                row
            })
            .collect()
    };
    let [differ_title, undocumented_title] =
        appraisal_titles(differ.len(), undocumented.len(), lang);
    let differ = Section {
        title: differ_title,
        header: strings(&[
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
        ]),
        rows: leaf_rows(differ, true),
    };
    let undocumented = Section {
        title: undocumented_title,
        header: strings(&[
            h("Đơn vị", "Unit"),
            h("Mã", "ID"),
            h("Nội dung", "Title"),
            h("Tự chấm", "Self-score"),
            h("Điểm", "Points"),
            h("Giá trị", "Value"),
            h("Ghi chú", "Note"),
        ]),
        rows: leaf_rows(undocumented, false),
    };
    Doc {
        intro: Vec::new(),
        title: heading(criteria, result, lang),
        sections: vec![units, differ, undocumented],
        footer: vec![
            h(
                "Tự chấm và Thẩm định cộng trên cùng các tiêu chí đơn vị đã tự chấm (trừ tiêu chí không áp dụng); Chênh lệch = Thẩm định − Tự chấm, bằng tổng cột Chênh lệch của danh sách tiêu chí.",
                "Self-score and Appraised are summed over the same criteria, those the unit self-scored (not counting criteria that do not apply); Difference = Appraised − Self-score, the sum of the Difference column of the criteria list.",
            )
            .to_string(),
            h(
                "Tổng điểm: kết quả sau thẩm định của đơn vị, kể cả tiêu chí không tự chấm, điểm thưởng và điểm trừ.",
                "Total points: the unit's result after the appraisal, including the criteria it did not self-score, the bonus and the penalty.",
            )
            .to_string(),
        ],
        places: criteria.places,
        lang,
    }
}

// ---------------------------------------------------------------------------------------------
// Gaps: leaves below their maximum, by responsible office.

/// The office of leaves that have none. The JSON and CSV lists always carry it as it is;
/// reports for people show it with [`office_label`].
const NO_OWNER: &str = "(chưa giao cơ quan phụ trách)";

/// An office as shown in a report for people: the placeholder for "no office" in the
/// report's language, any other office as the criteria name it.
pub fn office_label(office: &str, lang: Lang) -> &str {
    if office == NO_OWNER {
        lang.pick(NO_OWNER, "(no responsible office)")
    } else {
        office
    }
}

/// One unit's gaps: offices by points lost (largest first), each with its leaves; and the
/// points lost per component.
pub struct UnitGaps<'a> {
    pub unit: &'a UnitResult,
    pub lost: Rational,
    pub offices: Vec<(String, Rational, Vec<LeafLine<'a>>)>,
    pub components: Vec<(usize, Rational)>,
}

pub fn gaps_of<'a>(criteria: &'a Criteria, unit: &'a UnitResult) -> UnitGaps<'a> {
    let mut offices: Vec<(String, Rational, Vec<LeafLine>)> = Vec::new();
    let mut lost_total = Rational::ZERO;
    for leaf in unit.leaves(criteria) {
        let n = &criteria.nodes[leaf.node];
        let line = LeafLine { unit, leaf };
        let lost = line.lost();
        if n.kind != Kind::Base || lost <= Rational::ZERO {
            continue;
        }
        lost_total = lost_total.checked_add(lost).unwrap_or(lost_total);
        let office = n.owner.as_deref().unwrap_or(NO_OWNER);
        match offices.iter_mut().find(|o| o.0 == office) {
            Some(o) => {
                o.1 = o.1.checked_add(lost).unwrap_or(o.1);
                o.2.push(line);
            }
            None => offices.push((office.to_string(), lost, vec![line])),
        }
    }
    for o in &mut offices {
        // Largest loss first; ties keep the tree order. Each loss is worked out once (a
        // fraction's subtraction: the sort compared each several times).
        o.2.sort_by_cached_key(|l| std::cmp::Reverse(l.lost()));
    }
    offices.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let components = criteria
        .components
        .iter()
        .filter(|&&c| criteria.nodes[c].kind == Kind::Base)
        .map(|&c| {
            let (points, max) = unit.node(criteria, c);
            (c, max.checked_sub(points).unwrap_or(Rational::ZERO))
        })
        .filter(|(_, lost)| *lost > Rational::ZERO)
        .collect();
    UnitGaps {
        unit,
        lost: lost_total,
        offices,
        components,
    }
}

pub fn gaps(format: Format, criteria: &Criteria, result: &ScoreResult, lang: Lang) -> String {
    let all: Vec<UnitGaps> = result.units.iter().map(|u| gaps_of(criteria, u)).collect();
    let p = criteria.places;
    match format {
        Format::Json => {
            let doc = JsonGaps {
                head: JsonHead::new(criteria, result),
                units: all
                    .iter()
                    .map(|g| JsonUnitGaps {
                        id: &g.unit.unit.id,
                        name: &g.unit.unit.name,
                        group: &g.unit.unit.group,
                        points: g.unit.points.format(p, '.'),
                        max: g.unit.max.format(p, '.'),
                        lost: g.lost.format(p, '.'),
                        offices: g
                            .offices
                            .iter()
                            .map(|(office, lost, leaves)| JsonOfficeGaps {
                                office,
                                lost: lost.format(p, '.'),
                                leaves: leaves
                                    .iter()
                                    .map(|l| JsonLeafLine::new(criteria, l))
                                    .collect(),
                            })
                            .collect(),
                        components: g
                            .components
                            .iter()
                            .map(|&(c, lost)| JsonComponentLoss {
                                id: &criteria.nodes[c].id,
                                title: &criteria.nodes[c].title,
                                lost: lost.format(p, '.'),
                            })
                            .collect(),
                    })
                    .collect(),
            };
            to_json(&doc)
        }
        Format::Csv => {
            let header: Vec<String> = strings(&[
                "unit",
                "unit_name",
                "office",
                "component",
                "criterion",
                "title",
                "points",
                "max",
                "lost",
                "status",
                "value",
                "note",
            ]);
            let mut rows = Vec::new();
            for g in &all {
                for (office, _, leaves) in &g.offices {
                    for l in leaves {
                        let mut row = vec![
                            Val::text(&g.unit.unit.id),
                            Val::text(&g.unit.unit.name),
                            Val::text(office),
                            Val::text(component_of(criteria, l.leaf.node)),
                        ];
                        row.extend(l.gap_cells(criteria, l.leaf.status.as_str()));
                        rows.push(row);
                    }
                }
            }
            csv_table(&header, &rows, p)
        }
        Format::Table | Format::Md => {
            let doc = gaps_doc(criteria, result, &all, lang);
            if format == Format::Md {
                doc.markdown()
            } else {
                doc.table()
            }
        }
    }
}

/// The id of the component a node belongs to.
pub fn component_of(criteria: &Criteria, node: usize) -> &str {
    criteria
        .components
        .iter()
        .rev()
        .find(|&&c| c <= node)
        .map(|&c| criteria.nodes[c].id.as_str())
        .unwrap_or("")
}

fn gaps_doc(criteria: &Criteria, result: &ScoreResult, all: &[UnitGaps], lang: Lang) -> Doc {
    let p = criteria.places;
    let h = |vi, en| lang.pick(vi, en);
    let mut sections = Vec::new();
    for g in all {
        let name = &g.unit.unit.name;
        sections.push(Section {
            title: tr!(
                lang,
                "{name}: các tiêu chí chưa đạt điểm, có nguy cơ mất điểm — mất {} điểm (đạt {} / {})",
                "{name}: criteria below their maximum, points at risk — {} points lost ({} / {})",
                lang.num(g.lost, p),
                lang.num(g.unit.points, p),
                lang.num(g.unit.max, p)
            ),
            header: strings(&[
                h("Cơ quan phụ trách", "Responsible office"),
                h("Điểm mất", "Points lost"),
            ]),
            rows: g
                .offices
                .iter()
                .map(|(office, lost, _)| vec![Val::text(office_label(office, lang)), Val::Num(*lost)])
                .collect(),
        });
        sections.push(Section {
            title: tr!(
                lang,
                "{name}: điểm mất theo lĩnh vực",
                "{name}: points lost by component"
            ),
            header: strings(&[h("Lĩnh vực", "Component"), h("Điểm mất", "Points lost")]),
            rows: g
                .components
                .iter()
                .map(|&(c, lost)| {
                    let n = &criteria.nodes[c];
                    vec![Val::text(format!("{}. {}", n.id, n.title)), Val::Num(lost)]
                })
                .collect(),
        });
        for (office, lost, leaves) in &g.offices {
            let office = office_label(office, lang);
            sections.push(Section {
                title: tr!(
                    lang,
                    "{name} — {office}: mất {} điểm",
                    "{name} — {office}: {} points lost",
                    lang.num(*lost, p)
                ),
                header: strings(&[
                    h("Mã", "ID"),
                    h("Nội dung", "Title"),
                    h("Điểm", "Points"),
                    h("Tối đa", "Max"),
                    h("Mất", "Lost"),
                    h("Trạng thái", "Status"),
                    h("Giá trị", "Value"),
                    h("Ghi chú", "Note"),
                ]),
                rows: leaves
                    .iter()
                    .map(|l| l.gap_cells(criteria, lang.status(l.leaf.status)))
                    .collect(),
            });
        }
    }
    Doc {
        intro: Vec::new(),
        title: heading(criteria, result, lang),
        sections,
        footer: vec![
            h(
                "Điểm mất = điểm tối đa áp dụng − điểm đạt, chỉ tính các lĩnh vực cơ bản.",
                "Points lost = applicable maximum − points obtained, base components only.",
            )
            .to_string(),
        ],
        places: p,
        lang,
    }
}

// ---------------------------------------------------------------------------------------------
// JSON shapes.

#[derive(Serialize)]
struct JsonLeafLine<'a> {
    unit: &'a str,
    criterion: &'a str,
    title: &'a str,
    owner: Option<&'a str>,
    status: &'static str,
    points: String,
    max: String,
    self_score: Option<String>,
    difference: Option<String>,
    lost: String,
    value: Option<&'a str>,
    evidence: &'a str,
    note: &'a str,
}

impl<'a> JsonLeafLine<'a> {
    fn new(criteria: &'a Criteria, l: &LeafLine<'a>) -> Self {
        let p = criteria.places;
        let n = &criteria.nodes[l.leaf.node];
        JsonLeafLine {
            unit: &l.unit.unit.id,
            criterion: &n.id,
            title: &n.title,
            owner: n.owner.as_deref(),
            status: l.leaf.status.as_str(),
            points: l.leaf.points.format(p, '.'),
            max: l.leaf.max.format(p, '.'),
            self_score: l.leaf.self_score.map(|s| s.format(p, '.')),
            difference: l.leaf.self_score.map(|_| l.diff().format(p, '.')),
            lost: l.lost().format(p, '.'),
            value: l.leaf.value,
            evidence: l.leaf.evidence,
            note: l.leaf.note,
        }
    }
}

#[derive(Serialize)]
struct JsonAppraisal<'a> {
    #[serde(flatten)]
    head: JsonHead<'a>,
    units: Vec<JsonUnitAppraisal<'a>>,
    differences: Vec<JsonLeafLine<'a>>,
    no_evidence: Vec<JsonLeafLine<'a>>,
}

#[derive(Serialize)]
struct JsonUnitAppraisal<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    self_points: Option<String>,
    appraised_points: Option<String>,
    difference: Option<String>,
    total_points: String,
}

#[derive(Serialize)]
struct JsonGaps<'a> {
    #[serde(flatten)]
    head: JsonHead<'a>,
    units: Vec<JsonUnitGaps<'a>>,
}

#[derive(Serialize)]
struct JsonUnitGaps<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    points: String,
    max: String,
    lost: String,
    offices: Vec<JsonOfficeGaps<'a>>,
    components: Vec<JsonComponentLoss<'a>>,
}

#[derive(Serialize)]
struct JsonOfficeGaps<'a> {
    office: &'a str,
    lost: String,
    leaves: Vec<JsonLeafLine<'a>>,
}

#[derive(Serialize)]
struct JsonComponentLoss<'a> {
    id: &'a str,
    title: &'a str,
    lost: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_unsafe_ids() {
        for id in [
            "",
            " ",
            "../x",
            "a/b",
            "a\\b",
            ".hidden",
            "..",
            "CON",
            "con",
            "Nul.txt",
            "com1",
            "LPT9",
            "aux",
            "a:b",
            "a*b",
            "a?b",
            "a\"b",
            "a<b",
            "a>b",
            "a|b",
            "a\u{0}b",
            "a\nb",
            "trailing.",
            "trailing ",
            "units",
            "UNITS",
        ] {
            assert!(unsafe_file_stem(id).is_some(), "{id:?} was accepted");
        }
        for id in [
            "bac-son",
            "xa-tan-thanh",
            "so_noi_vu",
            "xã-Tân-Thành",
            "com",
            "com10",
            "lpt",
            "console",
        ] {
            assert_eq!(unsafe_file_stem(id), None, "{id:?} was refused");
        }
        assert!(unsafe_file_stem(&"x".repeat(201)).is_some());
    }
}
