//! Comparing periods (so sánh các kỳ): two result files written by `score -f json` for
//! `compare`, any number for `trend`. Merged or renamed units are mapped with `--map`; a
//! merged unit's "before" is shown per source unit, never averaged.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::lang::{Lang, tr};
use crate::number::{Rational, parse_decimal};
use crate::report::{Doc, Format, Section, Val, csv_table, strings, to_json};
use crate::score::Status;

// ---------------------------------------------------------------------------------------------
// The result files, as read back.

#[derive(Deserialize)]
struct RawResult {
    criteria: RawCriteria,
    period: Option<String>,
    places: u32,
    units: Vec<RawUnit>,
}

#[derive(Deserialize)]
struct RawCriteria {
    id: String,
    title: String,
}

#[derive(Deserialize)]
struct RawUnit {
    id: String,
    name: String,
    group: String,
    index: String,
    rank: usize,
    class: Option<String>,
    components: Vec<RawNode>,
    leaves: Vec<RawNode>,
}

/// A component or a leaf: the fields both have.
#[derive(Deserialize)]
struct RawNode {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    status: Option<String>,
    points: String,
    max: String,
    #[serde(default)]
    index: Option<String>,
    #[serde(default)]
    owner: Option<String>,
}

/// A result file: one period's scores.
pub struct Period {
    pub file: String,
    pub criteria_id: String,
    pub criteria_title: String,
    pub label: String,
    pub places: u32,
    pub units: Vec<Unit>,
}

pub struct Unit {
    pub id: String,
    pub name: String,
    pub group: String,
    pub index: Rational,
    pub rank: usize,
    pub class: Option<String>,
    pub components: Vec<Node>,
    pub leaves: Vec<Node>,
}

pub struct Node {
    pub id: String,
    pub title: String,
    pub status: String,
    pub points: Rational,
    pub max: Rational,
    pub index: Option<Rational>,
    pub owner: Option<String>,
}

impl Period {
    /// Reads a result file; the period label is its `period`, else the file's name.
    pub fn load(path: &Path) -> Result<Period> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(&file, e))?;
        let raw: RawResult = serde_json::from_str(&text).map_err(|e| {
            Error::invalid(vec![Problem::new(
                &file,
                Some(e.line() as u64),
                format!("không phải tệp kết quả của `parindex score -f json`: {e}"),
            )])
        })?;
        let num = |what: &str, s: &str| {
            parse_decimal(s).map_err(|e| {
                Error::invalid(vec![Problem::new(&file, None, format!("{what}: {e}"))])
            })
        };
        let node = |n: RawNode, unit: &str| -> Result<Node> {
            let at = format!("đơn vị {unit}, {}", n.id);
            Ok(Node {
                points: num(&at, &n.points)?,
                max: num(&at, &n.max)?,
                index: n.index.as_deref().map(|i| num(&at, i)).transpose()?,
                status: n.status.unwrap_or_default(),
                id: n.id,
                title: n.title,
                owner: n.owner,
            })
        };
        let mut units = Vec::new();
        for u in raw.units {
            let at = format!("đơn vị {}", u.id);
            units.push(Unit {
                index: num(&at, &u.index)?,
                components: u
                    .components
                    .into_iter()
                    .map(|n| node(n, &u.id))
                    .collect::<Result<_>>()?,
                leaves: u
                    .leaves
                    .into_iter()
                    .map(|n| node(n, &u.id))
                    .collect::<Result<_>>()?,
                id: u.id,
                name: u.name,
                group: u.group,
                rank: u.rank,
                class: u.class,
            });
        }
        let label = raw.period.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        Ok(Period {
            file,
            criteria_id: raw.criteria.id,
            criteria_title: raw.criteria.title,
            label,
            places: raw.places,
            units,
        })
    }

    fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }
}

/// Reads a `before_id,after_id` map (many-to-one allowed), as CSV (comma, semicolon or tab)
/// or .xlsx like the evidence. Every id must be a unit of its period: a typo would otherwise
/// quietly leave a merged unit unmatched.
pub fn load_map(path: &Path, before: &Period, after: &Period) -> Result<HashMap<String, String>> {
    let file = path.display().to_string();
    let (table, mut problems) = crate::evidence::read_table(path, &file).map_err(Error::invalid)?;
    let (Some(b), Some(a)) = (table.column("before_id"), table.column("after_id")) else {
        return Err(Error::invalid(vec![Problem::new(
            &file,
            Some(1),
            format!(
                "tệp ánh xạ cần hai cột before_id, after_id (có: {})",
                table.headers.join(", ")
            ),
        )]));
    };
    let mut map = HashMap::new();
    for (line, fields) in &table.records {
        let at = Some(*line);
        let (from, to) = (fields[b].as_str(), fields[a].as_str());
        if from.is_empty() || to.is_empty() {
            problems.push(Problem::new(&file, at, "mỗi dòng cần before_id,after_id"));
            continue;
        }
        if before.unit(from).is_none() {
            problems.push(Problem::new(
                &file,
                at,
                format!(
                    "đơn vị {from} không có trong kết quả trước ({})",
                    before.file
                ),
            ));
        }
        if after.unit(to).is_none() {
            problems.push(Problem::new(
                &file,
                at,
                format!("đơn vị {to} không có trong kết quả sau ({})", after.file),
            ));
        }
        if let Some(old) = map.insert(from.to_string(), to.to_string()) {
            problems.push(Problem::new(
                &file,
                at,
                format!("đơn vị {from} được ánh xạ hai lần (sang {old} và {to})"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(Error::invalid(problems))
    }
}

// ---------------------------------------------------------------------------------------------
// compare

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

fn opt_num(r: Option<Rational>) -> Val {
    r.map(Val::Num).unwrap_or_else(|| Val::text(""))
}

fn rank(u: Option<&Unit>) -> Val {
    u.map(|u| Val::Int(u.rank)).unwrap_or_else(|| Val::text(""))
}

fn delta(r: Option<Rational>) -> Val {
    r.map(Val::Delta).unwrap_or_else(|| Val::text(""))
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

// ---------------------------------------------------------------------------------------------
// trend

/// Orders period labels naturally: digit runs compare as numbers ("2023-9T" < "2023-10T"),
/// and a label sorts after the longer labels it begins: the year "2023" after "2023-9T".
fn natural_key(label: &str) -> Vec<(u8, u64, String)> {
    let mut out = Vec::new();
    let mut chars = label.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digits = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digits {
                break;
            }
            run.push(c);
            chars.next();
        }
        if digits {
            out.push((0, run.parse().unwrap_or(u64::MAX), String::new()));
        } else {
            out.push((1, 0, run.to_lowercase()));
        }
    }
    out.push((2, 0, String::new()));
    out
}

pub fn sort_periods(periods: &mut [Period]) {
    periods.sort_by_key(|p| natural_key(&p.label));
}

#[derive(Serialize)]
struct JsonTrendRow<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    index: Vec<Option<String>>,
    change: Option<String>,
}

#[derive(Serialize)]
struct JsonTrend<'a> {
    tool: String,
    periods: Vec<&'a str>,
    units: Vec<JsonTrendRow<'a>>,
}

/// The index over the periods in `format`; `lang` is for the table and Markdown only.
pub fn trend(format: Format, periods: &[Period], lang: Lang) -> String {
    let places = periods.iter().map(|p| p.places).max().unwrap_or(2);
    let mut units: Vec<(&str, &str, &str)> = Vec::new();
    for p in periods {
        for u in &p.units {
            if !units.iter().any(|x| x.0 == u.id) {
                units.push((&u.id, &u.name, &u.group));
            }
        }
    }
    units.sort_by(|a, b| a.2.cmp(b.2).then_with(|| a.0.cmp(b.0)));
    let index = |p: &Period, id: &str| p.unit(id).map(|u| u.index);
    // The change over the span: last period with a value minus the first one.
    let span = |id: &str| {
        let seen: Vec<Rational> = periods.iter().filter_map(|p| index(p, id)).collect();
        match (seen.first(), seen.last()) {
            (Some(f), Some(l)) if seen.len() > 1 => l.checked_sub(*f),
            _ => None,
        }
    };
    let labels: Vec<&str> = periods.iter().map(|p| p.label.as_str()).collect();
    if format == Format::Json {
        let f = |r: Rational| r.format(places, '.');
        return to_json(&JsonTrend {
            tool: format!("parindex {}", env!("CARGO_PKG_VERSION")),
            periods: labels,
            units: units
                .iter()
                .map(|&(id, name, group)| JsonTrendRow {
                    id,
                    name,
                    group,
                    index: periods.iter().map(|p| index(p, id).map(f)).collect(),
                    change: span(id).map(f),
                })
                .collect(),
        });
    }
    let rows: Vec<Vec<Val>> = units
        .iter()
        .map(|&(id, name, group)| {
            let mut row = vec![Val::text(group), Val::text(id), Val::text(name)];
            row.extend(periods.iter().map(|p| opt_num(index(p, id))));
            row.push(match format {
                Format::Csv => opt_num(span(id)),
                _ => delta(span(id)),
            });
            row
        })
        .collect();
    let header = |first: [&str; 3], last: &str| {
        let mut h = strings(&first);
        h.extend(labels.iter().map(|l| l.to_string()));
        h.push(last.to_string());
        h
    };
    if format == Format::Csv {
        return csv_table(&header(["group", "id", "name"], "change"), &rows, places);
    }
    let h = |vi, en| lang.pick(vi, en);
    let doc = Doc {
        intro: Vec::new(),
        title: tr!(
            lang,
            "Chỉ số qua các kỳ: {}",
            "Index over the periods: {}",
            labels.join(", ")
        ),
        sections: vec![Section {
            title: h("Chỉ số (%) theo kỳ", "Index (%) by period").into(),
            header: header(
                [h("Nhóm", "Group"), h("Mã", "ID"), h("Đơn vị", "Unit")],
                h("Thay đổi", "Change"),
            ),
            rows,
        }],
        footer: vec![
            h(
                "Thay đổi = chỉ số kỳ cuối − kỳ đầu có số liệu, tính bằng điểm phần trăm.",
                "Change = index of the last period − the first one with data, in percentage points.",
            )
            .into(),
        ],
        places,
        lang,
    };
    if format == Format::Md {
        doc.markdown()
    } else {
        doc.table()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_sort_naturally() {
        let mut labels = vec!["2024-Q1", "2023-9T", "2023-10T", "2023-6T", "2023"];
        labels.sort_by_key(|l| natural_key(l));
        assert_eq!(
            labels,
            ["2023-6T", "2023-9T", "2023-10T", "2023", "2024-Q1"]
        );
    }
}
