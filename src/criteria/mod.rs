//! The criteria tree (bộ tiêu chí): reading the YAML of SPEC §2, checking it in one pass, and
//! the rules that turn a leaf's value into points.

pub mod export;
pub mod import;
mod message;
mod numbering;
mod options;
mod yaml;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use rustc_hash::FxHashMap;

use crate::error::{Error, Problem, Result};
use crate::lang::{Lang, msg, said, tr};
use crate::number::{Rational, parse_decimal};

/// What a not-applicable leaf counts for (SPEC §4 step 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NaPolicy {
    Exclude,
    FullMarks,
    Zero,
}

impl NaPolicy {
    fn parse(s: &str) -> Option<NaPolicy> {
        match s {
            "exclude" => Some(NaPolicy::Exclude),
            "full_marks" => Some(NaPolicy::FullMarks),
            "zero" => Some(NaPolicy::Zero),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NaPolicy::Exclude => "exclude",
            NaPolicy::FullMarks => "full_marks",
            NaPolicy::Zero => "zero",
        }
    }
}

/// What the ranking compares (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RankBy {
    Exact,
    Rounded,
}

/// Base components make the index; bonus and penalty components add or take points outside
/// the base maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Base,
    Bonus,
    Penalty,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Base => "base",
            Kind::Bonus => "bonus",
            Kind::Penalty => "penalty",
        }
    }
}

/// A band of a `bands` rule: from `min` up, the leaf gets `points`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Band {
    pub min: Rational,
    pub points: Rational,
}

/// How a leaf is scored from its value (SPEC §2, rule kinds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    Binary,
    /// Labels (lowercased for matching, as written for display) and fractions of the maximum.
    Levels(Vec<Level>),
    /// Sorted by descending `min`.
    Bands(Vec<Band>),
    Ratio {
        target: Rational,
    },
    Count {
        per_item: Rational,
    },
    Deduction {
        per_item: Rational,
    },
    Points,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    pub label: String,
    pub fraction: Rational,
}

/// One case of a leaf as the official table words it (an option row of the annex, e.g.
/// "Từ 95% đến dưới 98%" for 0,5 points): kept so that people see the original wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub text: String,
    pub points: Rational,
}

impl Rule {
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Binary => "binary",
            Rule::Levels(_) => "levels",
            Rule::Bands(_) => "bands",
            Rule::Ratio { .. } => "ratio",
            Rule::Count { .. } => "count",
            Rule::Deduction { .. } => "deduction",
            Rule::Points => "points",
        }
    }

    /// The rule in words (cách tính điểm), for a leaf of maximum `max`.
    pub fn describe(&self, max: Rational, lang: Lang) -> String {
        let n = |r: Rational| lang.short(r);
        let m = n(max);
        match self {
            Rule::Binary => tr!(
                lang,
                "Có/Không: có = {m} điểm, không = 0",
                "Yes/No: yes = {m}, no = 0"
            ),
            Rule::Levels(levels) => {
                let parts: Vec<String> = levels
                    .iter()
                    .map(|l| {
                        let pct = l
                            .fraction
                            .checked_mul(Rational::HUNDRED)
                            .unwrap_or(Rational::ZERO);
                        format!("{} = {}%", l.label, n(pct))
                    })
                    .collect();
                let parts = parts.join("; ");
                tr!(
                    lang,
                    "Theo mức ({m} điểm): {parts}",
                    "By level (max {m}): {parts}"
                )
            }
            Rule::Bands(bands) => {
                let parts: Vec<String> = bands
                    .iter()
                    .map(|b| format!("≥ {} → {}", n(b.min), n(b.points)))
                    .collect();
                let parts = parts.join("; ");
                tr!(
                    lang,
                    "Theo ngưỡng: {parts}; thấp hơn → 0",
                    "By threshold: {parts}; lower → 0"
                )
            }
            Rule::Ratio { target } => {
                let t = n(*target);
                tr!(
                    lang,
                    "Tỷ lệ so với chỉ tiêu {t}: {m} × giá trị ÷ {t}, tối đa {m}",
                    "Ratio to the target {t}: {m} × value ÷ {t}, at most {m}"
                )
            }
            Rule::Count { per_item } => {
                let each = n(*per_item);
                tr!(
                    lang,
                    "{each} điểm mỗi mục, tối đa {m}",
                    "{each} per item, at most {m}"
                )
            }
            Rule::Deduction { per_item } => {
                let each = n(*per_item);
                tr!(
                    lang,
                    "Trừ {each} điểm mỗi vi phạm từ {m}, thấp nhất 0",
                    "{m} minus {each} per violation, at least 0"
                )
            }
            Rule::Points => tr!(
                lang,
                "Điểm chấm trực tiếp, từ 0 đến {m}",
                "Points given directly, 0 to {m}"
            ),
        }
    }
}

/// One band of a class list (xếp loại): from `min` (printed index) up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    pub min: Rational,
    pub label: String,
}

#[derive(Clone, Debug)]
pub enum Body {
    Children(Vec<usize>),
    Rule(Rule),
}

/// A node of the tree, with every inherited setting resolved.
#[derive(Clone, Debug)]
pub struct Node {
    pub id: String,
    pub title: String,
    pub max: Rational,
    pub owner: Option<String>,
    pub not_applicable: NaPolicy,
    pub evidence_required: bool,
    /// The kind of the component this node belongs to.
    pub kind: Kind,
    pub depth: usize,
    pub line: u64,
    pub body: Body,
    /// The scoring method in the official table's words (phương pháp chấm), if given.
    pub method: Option<String>,
    /// The evidence documents the table asks for (tài liệu kiểm chứng), if given.
    pub evidence: Option<String>,
    /// The leaf's cases as the official table words them, with their points.
    pub options: Vec<Choice>,
}

impl Node {
    pub fn rule(&self) -> Option<&Rule> {
        match &self.body {
            Body::Rule(rule) => Some(rule),
            Body::Children(_) => None,
        }
    }

    /// How a form says the leaf is scored: its options as the official table words them
    /// ("Từ 80% đến dưới 100%: 1 điểm"), when the set keeps them, and the rule in words
    /// when the value is a number (so that a unit knows to write 85, not the option's text).
    pub fn scoring_for_form(&self, lang: Lang) -> String {
        let Some(rule) = self.rule() else {
            return String::new();
        };
        if self.options.is_empty() {
            return rule.describe(self.max, lang);
        }
        let options: Vec<String> = (self.options.iter())
            .map(|o| {
                let (text, points) = (&o.text, lang.short(o.points));
                tr!(lang, "{text}: {points} điểm", "{text}: {points} points")
            })
            .collect();
        let options = options.join("; ");
        match rule {
            Rule::Binary | Rule::Levels(_) => options,
            _ => format!("{options}. {}", rule.describe(self.max, lang)),
        }
    }
}

/// A checked criteria set.
#[derive(Clone, Debug)]
pub struct Criteria {
    pub path: String,
    pub id: String,
    pub title: String,
    pub places: u32,
    pub rank_by: RankBy,
    /// The file-level not-applicable policy (nodes may override it).
    pub not_applicable: NaPolicy,
    /// Class lists by group (`default` for groups without their own), descending `min`.
    pub classes: HashMap<String, Vec<Class>>,
    /// The names people read for the groups of units (`groups:`), by group id.
    pub group_names: HashMap<String, String>,
    /// Every node, parents before their children, in file order.
    pub nodes: Vec<Node>,
    /// Indices of the top-level nodes (components).
    pub components: Vec<usize>,
    by_id: Ids,
    /// For each node, the positions (in [`Criteria::leaves`] order) of the leaves under it:
    /// a subtree's nodes follow its root, so its leaves are contiguous.
    spans: Vec<std::ops::Range<usize>>,
    /// The leaf nodes in tree order.
    leaf_nodes: Vec<usize>,
    /// What is odd but not wrong in the set (base maxima that do not add up to 100).
    pub warnings: Vec<Problem>,
}

/// The nodes by id. An id of up to 15 bytes (every id of the national sets) is looked up as
/// one number, its bytes and its length: hashing and comparing ids as text was a tenth of the
/// time of the thread that scores rows (perf, W2).
#[derive(Clone, Debug, Default)]
pub(crate) struct Ids {
    short: FxHashMap<u128, usize>,
    long: FxHashMap<String, usize>,
}

impl Ids {
    fn key(id: &str) -> Option<u128> {
        let bytes = id.as_bytes();
        let mut key = [0; 16];
        key.get_mut(..bytes.len())?.copy_from_slice(bytes);
        // The length in the last byte: "1.1" and "1.1\0" differ.
        key[15] = u8::try_from(bytes.len()).ok().filter(|&n| n < 16)?;
        Some(u128::from_le_bytes(key))
    }

    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        match Ids::key(id) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(id).copied(),
        }
    }

    fn shrink_to_fit(&mut self) {
        self.short.shrink_to_fit();
        self.long.shrink_to_fit();
    }
}

impl FromIterator<(String, usize)> for Ids {
    fn from_iter<T: IntoIterator<Item = (String, usize)>>(nodes: T) -> Ids {
        let mut ids = Ids::default();
        for (id, node) in nodes {
            match Ids::key(&id) {
                Some(key) => ids.short.insert(key, node),
                None => ids.long.insert(id, node),
            };
        }
        ids
    }
}

impl Criteria {
    pub fn node(&self, id: &str) -> Option<usize> {
        self.by_id.get(id)
    }

    /// Indices of the leaves, in tree order.
    pub fn leaves(&self) -> impl Iterator<Item = usize> + '_ {
        self.leaf_nodes.iter().copied()
    }

    /// The number of leaves.
    pub fn leaf_count(&self) -> usize {
        self.leaf_nodes.len()
    }

    /// The node of the leaf at position `i` of [`Criteria::leaves`].
    pub fn leaf_node(&self, i: usize) -> usize {
        self.leaf_nodes[i]
    }

    /// The positions, in leaf order, of the leaves under node `i` (itself if a leaf).
    pub fn leaf_span(&self, i: usize) -> std::ops::Range<usize> {
        self.spans[i].clone()
    }

    /// Works out the leaf order and each node's span of leaves.
    fn index_leaves(&mut self) {
        self.leaf_nodes = (0..self.nodes.len())
            .filter(|&i| self.nodes[i].rule().is_some())
            .collect();
        let mut before = Vec::with_capacity(self.nodes.len() + 1);
        let mut count = 0;
        for n in &self.nodes {
            before.push(count);
            count += usize::from(n.rule().is_some());
        }
        before.push(count);
        // A node's subtree ends where its last child's does (or right after it, for a leaf).
        let mut end = vec![0; self.nodes.len()];
        for i in (0..self.nodes.len()).rev() {
            end[i] = self.children(i).last().map_or(i + 1, |&c| end[c]);
        }
        self.spans = (0..self.nodes.len())
            .map(|i| before[i]..before[end[i]])
            .collect();
    }

    pub fn children(&self, i: usize) -> &[usize] {
        match &self.nodes[i].body {
            Body::Children(c) => c,
            Body::Rule(_) => &[],
        }
    }

    /// Sum of the maxima of the base components.
    pub fn base_max(&self) -> Rational {
        self.components
            .iter()
            .filter(|&&c| self.nodes[c].kind == Kind::Base)
            .fold(Rational::ZERO, |acc, &c| {
                acc.checked_add(self.nodes[c].max).unwrap_or(acc)
            })
    }

    /// The class list for a group: its own, else `default`, else none.
    /// The name of a group for people: its `groups:` name, else its id. Reports show it;
    /// JSON and CSV keep the id.
    pub fn group_name<'a>(&'a self, group: &'a str) -> &'a str {
        self.group_names.get(group).map_or(group, String::as_str)
    }

    pub fn classes_for(&self, group: &str) -> &[Class] {
        self.classes
            .get(group)
            .or_else(|| self.classes.get("default"))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn load(path: &Path) -> Result<Criteria> {
        if !path.is_file() {
            return Err(Error::Usage(msg!(
                "{}: không có tệp bộ tiêu chí này",
                "{}: no such criteria file",
                path.display()
            )));
        }
        let text = std::fs::read(path).map_err(|e| Error::io(path.display(), e))?;
        let name = path.display().to_string();
        let text = String::from_utf8(text).map_err(|_| {
            Error::invalid(vec![Problem::new(
                &name,
                None,
                said(
                    "không phải văn bản UTF-8: hãy lưu tệp bộ tiêu chí dưới dạng UTF-8",
                    "not UTF-8 text: save the criteria file as UTF-8",
                ),
            )])
        })?;
        Criteria::parse(&text, &name)
    }

    /// Reads and checks a criteria set; `name` is used in the messages.
    pub fn parse(text: &str, name: &str) -> Result<Criteria> {
        yaml::parse(text, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_whatever_their_length() {
        let names = [
            "",
            "1",
            "1.1",
            "1.1\0",
            "7.5.2",
            "123456789012345",
            "1234567890123456",
            "Tiêu chí 7.5 – điểm thưởng",
            "1.1 ",
        ];
        let ids: Ids = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i))
            .collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(ids.get(n), Some(i), "{n:?}");
        }
        for absent in ["1.2", "1.1\0\0", "12345678901234", "123456789012345 ", "x"] {
            assert_eq!(ids.get(absent), None, "{absent:?}");
        }
    }

    fn problems(yaml: &str) -> Vec<String> {
        match Criteria::parse(yaml, "c.yaml") {
            Ok(_) => vec![],
            Err(Error::Invalid(p)) => p.iter().map(|p| p.to_string()).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    const GOOD: &str = r#"
id: t
title: "T"
components:
  - id: "1"
    title: "A"
    owner: "Phòng Nội vụ"
    children:
      - id: "1.1"
        max: 1.5
        rule: { kind: levels, levels: { xuat_sac: 1, tot: 0.75 } }
      - id: "1.2"
        max: 0.5
        owner: "Phòng Tư pháp"
        rule: { kind: binary }
  - id: 9
    max: 8
    rule: { kind: points }
  - id: "10"
    kind: bonus
    max: 2
    rule: { kind: points }
"#;

    #[test]
    fn reads_a_tree_with_inheritance() {
        let c = Criteria::parse(GOOD, "c.yaml").unwrap();
        assert_eq!(c.nodes.len(), 5);
        assert_eq!(c.base_max(), Rational::from_int(10));
        let n = &c.nodes[c.node("1.1").unwrap()];
        assert_eq!(n.owner.as_deref(), Some("Phòng Nội vụ"));
        assert_eq!(n.max, Rational::new(3, 2).unwrap());
        assert_eq!(n.line, 9);
        let n = &c.nodes[c.node("1.2").unwrap()];
        assert_eq!(n.owner.as_deref(), Some("Phòng Tư pháp"));
        assert_eq!(c.nodes[c.node("1").unwrap()].max, Rational::from_int(2));
        assert_eq!(c.nodes[c.node("10").unwrap()].kind, Kind::Bonus);
        assert_eq!(c.leaves().count(), 4);
    }

    #[test]
    fn ids_keep_their_text() {
        let y = GOOD.replace("id: 9", "id: 9.10");
        let c = Criteria::parse(&y, "c.yaml").unwrap();
        assert!(c.node("9.10").is_some());
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let y = r#"
id: t
components:
  - id: "1"
    max: 3
    children:
      - id: "1.1"
        max: 1
        rule: { kind: bands, bands: [ { min: 50, points: 2 } ] }
      - id: "1.1"
        max: -1
        rule: { kind: count, per_item: 0 }
      - id: "1.3"
        max: 1
        rule: { kind: levels, levels: { a: 1.5 } }
      - id: "1.4"
        max: 1
        rule: { kind: ratio, target: 0 }
      - id: "1.5"
        max: 1
        kind: bonus
        rule: { kind: guess }
"#;
        let p = problems(y);
        let expect = [
            "c.yaml:7: tiêu chí 1.1: band points 2 không nằm trong khoảng 0 đến max 1",
            "c.yaml:10: tiêu chí 1.1: mã bị trùng (lần đầu ở dòng 7)",
            "c.yaml:10: tiêu chí 1.1: max -1 là số âm",
            "c.yaml:10: tiêu chí 1.1: per_item phải lớn hơn 0",
            "c.yaml:13: tiêu chí 1.3: level \"a\": fraction 1,5 không nằm trong khoảng 0 đến 1",
            "c.yaml:16: tiêu chí 1.4: target phải lớn hơn 0",
            "c.yaml:19: tiêu chí 1.5: `kind` chỉ dùng cho lĩnh vực (cấp trên cùng)",
            "c.yaml:19: tiêu chí 1.5: loại quy tắc \"guess\" không phải binary, levels, bands, ratio, count, deduction, points",
        ];
        for e in expect {
            assert!(p.iter().any(|x| x == e), "missing {e:?} in {p:#?}");
        }
    }

    #[test]
    fn parent_max_must_match() {
        let y = GOOD.replace("    title: \"A\"\n", "    title: \"A\"\n    max: 3\n");
        let p = problems(&y);
        assert_eq!(
            p[0],
            "c.yaml:5: tiêu chí 1: max 3 khác tổng điểm tối đa của các tiêu chí con, 2"
        );
    }

    #[test]
    fn the_table_keys_are_optional_and_kept() {
        // A set without them reads as before.
        let c = Criteria::parse(GOOD, "c.yaml").unwrap();
        assert!(
            c.nodes
                .iter()
                .all(|n| n.options.is_empty() && n.method.is_none())
        );
        let y = GOOD.replace(
            "        rule: { kind: levels, levels: { xuat_sac: 1, tot: 0.75 } }\n",
            "        method: \"Chấm theo báo cáo\"\n        evidence: \"Kế hoạch CCHC\"\n        rule: { kind: levels, levels: { \"Hoàn thành tốt\": 1, \"Hoàn thành\": 1/1.5 } }\n        options:\n          - { text: \"Hoàn thành tốt\", points: 1.5 }\n          - { text: \"Hoàn thành\", points: 1 }\n",
        );
        let c = Criteria::parse(&y, "c.yaml").unwrap();
        let n = &c.nodes[c.node("1.1").unwrap()];
        assert_eq!(n.method.as_deref(), Some("Chấm theo báo cáo"));
        assert_eq!(n.evidence.as_deref(), Some("Kế hoạch CCHC"));
        assert_eq!(n.options[1].text, "Hoàn thành");
        assert_eq!(n.options[1].points, Rational::from_int(1));
        let Some(Rule::Levels(levels)) = n.rule() else {
            panic!("{:?}", n.body)
        };
        assert_eq!(levels[1].fraction, Rational::new(2, 3).unwrap());
        // Options only on a leaf, within its maximum; a fraction over 0 is refused.
        let y = y
            .replace("points: 1 }", "points: 2 }")
            .replace("1/1.5", "1/0")
            .replace(
                "    owner: \"Phòng Nội vụ\"\n",
                "    owner: \"Phòng Nội vụ\"\n    options: []\n",
            );
        let p = problems(&y);
        for e in [
            "c.yaml:5: tiêu chí 1: `options` chỉ dùng cho tiêu chí chấm điểm (có `rule`)",
            "c.yaml:10: tiêu chí 1.1: level \"Hoàn thành\": 1/0 chia cho 0",
            "c.yaml:10: tiêu chí 1.1: option \"Hoàn thành\" points 2 không nằm trong khoảng 0 đến max 1,5",
        ] {
            assert!(p.iter().any(|x| x == e), "missing {e:?} in {p:#?}");
        }
    }

    #[test]
    fn yaml_syntax_errors_have_a_line() {
        let p = problems("id: t\ncomponents:\n  - id: \"1\"\n    max: [\n");
        assert!(p[0].starts_with("c.yaml:"), "{p:?}");
        let p = problems("id: t\ncomponents: []\nfoo: 1\n");
        assert!(p[0].contains("foo"), "{p:?}");
    }
}
