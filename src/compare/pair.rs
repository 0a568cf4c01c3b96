//! `compare`: two periods side by side, unit by unit, with the leaves behind each change.

use std::collections::HashMap;

use serde::Serialize;

use super::*;
use crate::lang::{Lang, tr};
use crate::number::Rational;
use crate::report::{Doc, Format, Section, Val, csv_table, strings, to_json};
use crate::score::Status;

/// One row of the comparison: a unit before and after (a merged unit has one row per source).
struct Pair<'a> {
    before: Option<&'a Unit>,
    after: Option<&'a Unit>,
    /// How many before-units feed the after-unit (2 or more: merged).
    sources: usize,
}

impl Pair<'_> {
    fn group(&self) -> &str {
        self.after.or(self.before).map_or("", |u| &u.group)
    }

    fn index_change(&self) -> Option<Rational> {
        self.after?.index.checked_sub(self.before?.index)
    }

    /// Places gained (positive) or lost.
    fn rank_move(&self) -> Option<i64> {
        Some(self.before?.rank as i64 - self.after?.rank as i64)
    }

    fn move_label(&self, lang: Lang) -> String {
        match (self.before, self.after) {
            (None, _) => lang.pick("mới", "new").to_string(),
            (_, None) => lang.pick("không còn", "gone").to_string(),
            _ => match self.rank_move().unwrap_or(0) {
                0 => "=".to_string(),
                m if m > 0 => format!("↑{m}"),
                m => format!("↓{}", -m),
            },
        }
    }

    fn status(&self) -> &'static str {
        match (self.before, self.after, self.sources) {
            (None, _, _) => "new",
            (_, None, _) => "gone",
            (_, _, n) if n > 1 => "merged",
            _ => "both",
        }
    }

    /// "Bắc Sơn", or "Old → New" for a renamed or merged unit.
    fn name(&self) -> String {
        match (self.before, self.after) {
            (Some(b), Some(a)) if b.id != a.id => format!("{} → {}", b.name, a.name),
            (b, a) => a.or(b).map(|u| u.name.clone()).unwrap_or_default(),
        }
    }
}

/// Pairs the units of two periods through the map: each after-unit with every before-unit
/// mapped onto it (or of the same id when none is), then the before-units left over.
fn pairs<'a>(
    before: &'a Period,
    after: &'a Period,
    map: &HashMap<String, String>,
) -> Vec<Pair<'a>> {
    let target = |id: &'a str| map.get(id).map(String::as_str).unwrap_or(id);
    let mut out = Vec::new();
    for a in &after.units {
        let sources: Vec<&Unit> = before
            .units
            .iter()
            .filter(|b| target(&b.id) == a.id)
            .collect();
        if sources.is_empty() {
            out.push(Pair {
                before: None,
                after: Some(a),
                sources: 0,
            });
        }
        for b in &sources {
            out.push(Pair {
                before: Some(b),
                after: Some(a),
                sources: sources.len(),
            });
        }
    }
    for b in &before.units {
        if after.unit(target(&b.id)).is_none() {
            out.push(Pair {
                before: Some(b),
                after: None,
                sources: 1,
            });
        }
    }
    out
}

/// A leaf or component that changed between the periods.
struct Change<'a> {
    before: Option<&'a Node>,
    after: Option<&'a Node>,
    /// The after side if there is one, else the before side.
    node: &'a Node,
}

impl Change<'_> {
    fn delta(&self) -> Rational {
        let p = |n: Option<&Node>| n.map_or(Rational::ZERO, |n| n.points);
        p(self.after)
            .checked_sub(p(self.before))
            .unwrap_or(Rational::ZERO)
    }
}

/// Leaves whose points or status changed, largest change first. With different criteria
/// sets, only ids present in both with the same maximum are compared.
fn leaf_changes<'a>(b: &'a Unit, a: &'a Unit, same_set: bool) -> Vec<Change<'a>> {
    let mut out: Vec<Change> = Vec::new();
    for la in &a.leaves {
        let lb = b.leaves.iter().find(|l| l.id == la.id);
        if !same_set && lb.is_none_or(|lb| lb.max != la.max) {
            continue;
        }
        out.push(Change {
            before: lb,
            after: Some(la),
            node: la,
        });
    }
    if same_set {
        for lb in &b.leaves {
            if !a.leaves.iter().any(|l| l.id == lb.id) {
                out.push(Change {
                    before: Some(lb),
                    after: None,
                    node: lb,
                });
            }
        }
    }
    out.retain(|c| {
        !c.delta().is_zero() || c.before.map(|n| &n.status) != c.after.map(|n| &n.status)
    });
    // Stable: equal changes keep the tree order.
    out.sort_by_key(|c| std::cmp::Reverse(c.delta().abs()));
    out
}

/// Components compared by id (never by title), in the after-period's order.
fn component_changes<'a>(b: &'a Unit, a: &'a Unit) -> Vec<Change<'a>> {
    let mut out: Vec<Change> = a
        .components
        .iter()
        .map(|ca| Change {
            before: b.components.iter().find(|c| c.id == ca.id),
            after: Some(ca),
            node: ca,
        })
        .collect();
    for cb in &b.components {
        if !a.components.iter().any(|c| c.id == cb.id) {
            out.push(Change {
                before: Some(cb),
                after: None,
                node: cb,
            });
        }
    }
    out
}

fn mean(values: &[Rational]) -> Option<Rational> {
    if values.is_empty() {
        return None;
    }
    let sum = values
        .iter()
        .try_fold(Rational::ZERO, |s, v| s.checked_add(*v))?;
    sum.checked_div(Rational::from_int(values.len() as i128))
}

/// Per group (and overall): mean index before and after, over the units of each period.
struct GroupStats {
    group: String,
    before: Option<Rational>,
    after: Option<Rational>,
}

fn group_stats(before: &Period, after: &Period, places: u32, lang: Lang) -> Vec<GroupStats> {
    let mut groups: Vec<String> = Vec::new();
    for u in after.units.iter().chain(&before.units) {
        if !groups.contains(&u.group) {
            groups.push(u.group.clone());
        }
    }
    // A mean is rarely an exact decimal: it is rounded like an index.
    let mean_of = |p: &Period, g: Option<&str>| {
        let v: Vec<Rational> = p
            .units
            .iter()
            .filter(|u| g.is_none_or(|g| u.group == g))
            .map(|u| u.index)
            .collect();
        mean(&v).and_then(|m| m.round(places))
    };
    let mut out: Vec<GroupStats> = groups
        .iter()
        .map(|g| GroupStats {
            group: g.clone(),
            before: mean_of(before, Some(g)),
            after: mean_of(after, Some(g)),
        })
        .collect();
    out.push(GroupStats {
        group: lang.pick("(tất cả)", "(all)").to_string(),
        before: mean_of(before, None),
        after: mean_of(after, None),
    });
    out
}

fn rank(u: Option<&Unit>) -> Val {
    u.map(|u| Val::Int(u.rank)).unwrap_or_else(|| Val::text(""))
}

/// The comparison in `format`; `lang` is for the table and Markdown only: JSON and CSV are
/// for programs and keep their words whatever it says.
pub fn compare(
    format: Format,
    before: &Period,
    after: &Period,
    map: &HashMap<String, String>,
    lang: Lang,
) -> String {
    let lang = if format == Format::Json {
        Lang::Vi
    } else {
        lang
    };
    let same_set = before.criteria_id == after.criteria_id;
    let places = after.places;
    let pairs = pairs(before, after, map);
    let stats = group_stats(before, after, places, lang);
    let notice = (!same_set).then(|| {
        tr!(
            lang,
            "Hai kỳ dùng hai bộ tiêu chí khác nhau ({} và {}): so sánh theo lĩnh vực; tiêu chí chỉ so sánh khi cùng mã và cùng điểm tối đa.",
            "The two periods use different criteria sets ({} and {}): compared by component; a criterion is compared only with the same id and the same maximum.",
            before.criteria_id,
            after.criteria_id
        )
    });
    match format {
        Format::Json => compare_json(before, after, &pairs, &stats, same_set, notice),
        Format::Csv => compare_csv(&pairs, same_set, places),
        Format::Table | Format::Md => {
            let doc = compare_doc(before, after, &pairs, &stats, same_set, notice, lang);
            if format == Format::Md {
                doc.markdown()
            } else {
                doc.table()
            }
        }
    }
}

fn compare_doc(
    before: &Period,
    after: &Period,
    pairs: &[Pair],
    stats: &[GroupStats],
    same_set: bool,
    notice: Option<String>,
    lang: Lang,
) -> Doc {
    let h = |vi, en| lang.pick(vi, en);
    let mut sections = Vec::new();
    let mut groups: Vec<&str> = Vec::new();
    for pair in pairs {
        if !groups.contains(&pair.group()) {
            groups.push(pair.group());
        }
    }
    for g in &groups {
        let rows = pairs
            .iter()
            .filter(|pair| pair.group() == *g)
            .map(|pair| {
                let (b, a) = (pair.before, pair.after);
                let class = match (
                    b.and_then(|u| u.class.clone()),
                    a.and_then(|u| u.class.clone()),
                ) {
                    (Some(x), Some(y)) if x != y => format!("{x} → {y}"),
                    (x, y) => y.or(x).unwrap_or_default(),
                };
                vec![
                    Val::text(pair.name()),
                    opt_num(b.map(|u| u.index)),
                    opt_num(a.map(|u| u.index)),
                    delta(pair.index_change()),
                    rank(b),
                    rank(a),
                    Val::text(pair.move_label(lang)),
                    Val::text(class),
                ]
            })
            .collect();
        sections.push(Section {
            title: tr!(
                lang,
                "Nhóm {g}: chỉ số {} → {}",
                "Group {g}: index {} → {}",
                before.label,
                after.label
            ),
            header: strings(&[
                h("Đơn vị", "Unit"),
                h("Chỉ số trước", "Index before"),
                h("Chỉ số sau", "Index after"),
                h("Thay đổi", "Change"),
                h("Hạng trước", "Rank before"),
                h("Hạng sau", "Rank after"),
                h("Di chuyển", "Move"),
                h("Xếp loại", "Class"),
            ]),
            rows,
        });
    }
    sections.push(Section {
        title: h("Chỉ số bình quân", "Mean index").to_string(),
        header: strings(&[
            h("Nhóm", "Group"),
            h("Trước", "Before"),
            h("Sau", "After"),
            h("Thay đổi", "Change"),
        ]),
        rows: stats
            .iter()
            .map(|s| {
                let d = s.before.zip(s.after).and_then(|(b, a)| a.checked_sub(b));
                vec![
                    Val::text(&s.group),
                    opt_num(s.before),
                    opt_num(s.after),
                    delta(d),
                ]
            })
            .collect(),
    });
    // Who moved most, per group: the largest rise and fall of the index.
    let mut movers = Vec::new();
    for g in &groups {
        let both: Vec<&Pair> = pairs
            .iter()
            .filter(|x| x.group() == *g && x.index_change().is_some())
            .collect();
        let rise = both
            .iter()
            .max_by_key(|x| x.index_change())
            .filter(|x| x.index_change() > Some(Rational::ZERO));
        let fall = both
            .iter()
            .min_by_key(|x| x.index_change())
            .filter(|x| x.index_change() < Some(Rational::ZERO));
        for (label, pick) in [
            (h("tăng nhiều nhất", "largest rise"), rise),
            (h("giảm nhiều nhất", "largest fall"), fall),
        ] {
            if let Some(x) = pick {
                movers.push(vec![
                    Val::text(*g),
                    Val::text(label),
                    Val::text(x.name()),
                    delta(x.index_change()),
                    Val::text(x.move_label(lang)),
                ]);
            }
        }
    }
    sections.push(Section {
        title: h("Đơn vị thay đổi nhiều nhất", "Units that moved most").to_string(),
        header: strings(&[
            h("Nhóm", "Group"),
            "",
            h("Đơn vị", "Unit"),
            h("Thay đổi chỉ số", "Index change"),
            h("Di chuyển", "Move"),
        ]),
        rows: movers,
    });
    // Per unit whose points changed: the components, then the leaves behind the move.
    for pair in pairs {
        let (Some(b), Some(a)) = (pair.before, pair.after) else {
            continue;
        };
        let components = component_changes(b, a);
        let leaves = leaf_changes(b, a, same_set);
        if components.iter().all(|c| c.delta().is_zero()) && leaves.is_empty() {
            continue;
        }
        let name = pair.name();
        sections.push(Section {
            title: tr!(
                lang,
                "{name}: điểm theo lĩnh vực",
                "{name}: points by component"
            ),
            header: strings(&[
                h("Lĩnh vực", "Component"),
                h("Điểm trước", "Points before"),
                h("Điểm sau", "Points after"),
                h("Thay đổi", "Change"),
                h("Chỉ số trước", "Index before"),
                h("Chỉ số sau", "Index after"),
            ]),
            rows: components
                .iter()
                .map(|c| {
                    vec![
                        Val::text(format!("{}. {}", c.node.id, c.node.title)),
                        opt_num(c.before.map(|n| n.points)),
                        opt_num(c.after.map(|n| n.points)),
                        Val::Delta(c.delta()),
                        opt_num(c.before.and_then(|n| n.index)),
                        opt_num(c.after.and_then(|n| n.index)),
                    ]
                })
                .collect(),
        });
        if !leaves.is_empty() {
            sections.push(Section {
                title: tr!(
                    lang,
                    "{name}: tiêu chí tăng, giảm điểm",
                    "{name}: criteria that gained or lost points"
                ),
                header: strings(&[
                    h("Mã", "ID"),
                    h("Điểm trước", "Points before"),
                    h("Điểm sau", "Points after"),
                    h("Thay đổi", "Change"),
                    h("Trạng thái", "Status"),
                    h("Cơ quan phụ trách", "Responsible office"),
                ]),
                rows: leaves
                    .iter()
                    .map(|c| {
                        let label = |code: &str| {
                            Status::from_code(code)
                                .map_or(code.to_string(), |s| lang.status(s).to_string())
                        };
                        let status = match (c.before, c.after) {
                            (Some(x), Some(y)) if x.status != y.status => {
                                format!("{} → {}", label(&x.status), label(&y.status))
                            }
                            _ => label(&c.node.status),
                        };
                        vec![
                            Val::text(&c.node.id),
                            opt_num(c.before.map(|n| n.points)),
                            opt_num(c.after.map(|n| n.points)),
                            Val::Delta(c.delta()),
                            Val::text(status),
                            Val::text(c.node.owner.clone().unwrap_or_default()),
                        ]
                    })
                    .collect(),
            });
        }
    }
    let mut footer = Vec::new();
    footer.push(
        h(
            "Thay đổi chỉ số tính bằng điểm phần trăm; ↑ lên hạng, ↓ xuống hạng. Chỉ các đơn vị có điểm thay đổi được nêu chi tiết. Đơn vị hợp nhất được so sánh với từng đơn vị cũ, không lấy bình quân.",
            "Index changes are in percentage points; ↑ up in rank, ↓ down. Only the units whose points changed are detailed. A merged unit is compared with each former unit, never with their average.",
        )
        .to_string(),
    );
    Doc {
        intro: notice.into_iter().collect(),
        title: tr!(
            lang,
            "So sánh kỳ {} → {}: {}",
            "Periods compared, {} → {}: {}",
            before.label,
            after.label,
            after.criteria_title
        ),
        sections,
        footer,
        places: after.places,
        lang,
    }
}

fn compare_csv(pairs: &[Pair], same_set: bool, places: u32) -> String {
    let header = strings(&[
        "group",
        "before_id",
        "after_id",
        "name",
        "status",
        "index_before",
        "index_after",
        "index_change",
        "rank_before",
        "rank_after",
        "rank_move",
        "class_before",
        "class_after",
        "leaves_changed",
    ]);
    let rows: Vec<Vec<Val>> = pairs
        .iter()
        .map(|pair| {
            let (b, a) = (pair.before, pair.after);
            let changed = match (b, a) {
                (Some(b), Some(a)) => leaf_changes(b, a, same_set).len().to_string(),
                _ => String::new(),
            };
            vec![
                Val::text(pair.group()),
                Val::text(b.map(|u| u.id.clone()).unwrap_or_default()),
                Val::text(a.map(|u| u.id.clone()).unwrap_or_default()),
                Val::text(a.or(b).map(|u| u.name.clone()).unwrap_or_default()),
                Val::text(pair.status()),
                opt_num(b.map(|u| u.index)),
                opt_num(a.map(|u| u.index)),
                opt_num(pair.index_change()),
                Val::text(b.map(|u| u.rank.to_string()).unwrap_or_default()),
                Val::text(a.map(|u| u.rank.to_string()).unwrap_or_default()),
                pair.rank_move()
                    .map(Val::Signed)
                    .unwrap_or_else(|| Val::text("")),
                Val::text(b.and_then(|u| u.class.clone()).unwrap_or_default()),
                Val::text(a.and_then(|u| u.class.clone()).unwrap_or_default()),
                Val::text(changed),
            ]
        })
        .collect();
    csv_table(&header, &rows, places)
}

#[derive(Serialize)]
struct JsonCompare<'a> {
    tool: String,
    before: JsonPeriod<'a>,
    after: JsonPeriod<'a>,
    same_criteria: bool,
    notice: Option<String>,
    groups: Vec<JsonGroup>,
    units: Vec<JsonPair<'a>>,
}

#[derive(Serialize)]
struct JsonPeriod<'a> {
    file: &'a str,
    period: &'a str,
    criteria: &'a str,
}

impl<'a> JsonPeriod<'a> {
    fn new(p: &'a Period) -> Self {
        JsonPeriod {
            file: &p.file,
            period: &p.label,
            criteria: &p.criteria_id,
        }
    }
}

#[derive(Serialize)]
struct JsonGroup {
    group: String,
    mean_index_before: Option<String>,
    mean_index_after: Option<String>,
}

#[derive(Serialize)]
struct JsonPair<'a> {
    group: &'a str,
    before_id: Option<&'a str>,
    after_id: Option<&'a str>,
    name: &'a str,
    status: &'static str,
    index_before: Option<String>,
    index_after: Option<String>,
    index_change: Option<String>,
    rank_before: Option<usize>,
    rank_after: Option<usize>,
    rank_move: Option<i64>,
    class_before: Option<&'a str>,
    class_after: Option<&'a str>,
    components: Vec<JsonChange<'a>>,
    leaves: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    id: &'a str,
    points_before: Option<String>,
    points_after: Option<String>,
    change: String,
    status_before: Option<&'a str>,
    status_after: Option<&'a str>,
    owner: Option<&'a str>,
}

fn json_change<'a>(c: &Change<'a>, places: u32) -> JsonChange<'a> {
    let f = |r: Rational| r.format(places, '.');
    let status = |n: Option<&'a Node>| n.map(|n| n.status.as_str()).filter(|s| !s.is_empty());
    JsonChange {
        id: &c.node.id,
        points_before: c.before.map(|n| f(n.points)),
        points_after: c.after.map(|n| f(n.points)),
        change: f(c.delta()),
        status_before: status(c.before),
        status_after: status(c.after),
        owner: c.node.owner.as_deref(),
    }
}

fn compare_json(
    before: &Period,
    after: &Period,
    pairs: &[Pair],
    stats: &[GroupStats],
    same_set: bool,
    notice: Option<String>,
) -> String {
    let p = after.places;
    let f = |r: Rational| r.format(p, '.');
    let units = pairs
        .iter()
        .map(|pair| {
            let (b, a) = (pair.before, pair.after);
            let (components, leaves) = match (b, a) {
                (Some(b), Some(a)) => (
                    component_changes(b, a)
                        .iter()
                        .map(|c| json_change(c, p))
                        .collect(),
                    leaf_changes(b, a, same_set)
                        .iter()
                        .map(|c| json_change(c, p))
                        .collect(),
                ),
                _ => (Vec::new(), Vec::new()),
            };
            JsonPair {
                group: pair.group(),
                before_id: b.map(|u| u.id.as_str()),
                after_id: a.map(|u| u.id.as_str()),
                name: a.or(b).map_or("", |u| u.name.as_str()),
                status: pair.status(),
                index_before: b.map(|u| f(u.index)),
                index_after: a.map(|u| f(u.index)),
                index_change: pair.index_change().map(f),
                rank_before: b.map(|u| u.rank),
                rank_after: a.map(|u| u.rank),
                rank_move: pair.rank_move(),
                class_before: b.and_then(|u| u.class.as_deref()),
                class_after: a.and_then(|u| u.class.as_deref()),
                components,
                leaves,
            }
        })
        .collect();
    to_json(&JsonCompare {
        tool: format!("parindex {}", env!("CARGO_PKG_VERSION")),
        before: JsonPeriod::new(before),
        after: JsonPeriod::new(after),
        same_criteria: same_set,
        notice,
        groups: stats
            .iter()
            .map(|s| JsonGroup {
                group: s.group.clone(),
                mean_index_before: s.before.map(f),
                mean_index_after: s.after.map(f),
            })
            .collect(),
        units,
    })
}
