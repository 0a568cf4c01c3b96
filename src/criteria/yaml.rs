//! The criteria YAML as written (SPEC §2), and the builder that turns it into a checked
//! tree, collecting every problem in one pass.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::*;
use crate::lang::{msg, said};

/// Reads and checks a criteria set; `name` is used in the messages.
pub(super) fn parse(text: &str, name: &str) -> Result<Criteria> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = serde_saphyr::options! { with_snippet: false };
    let raw: RawSet = serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let line = e.location().map(|l| l.line()).filter(|&l| l > 0);
        let msg = message::yaml(&first_line(&e.without_snippet().to_string()));
        Error::invalid(vec![Problem::new(name, line, msg)])
    })?;
    Builder::new(name).build(raw)
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).trim().to_string()
}
// ---------------------------------------------------------------------------------------------
// The YAML as written. Scalars are read as their source text (`Text`) so that `7.10` stays
// `7.10` and numbers never go through floating point.

#[derive(Debug, Clone)]
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a plain value (text or number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// A mapping kept in file order (for `levels`).
#[derive(Debug)]
struct Ordered(Vec<(Text, Text)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of labels to fractions, e.g. { tot: 0.75 }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    id: Text,
    title: Option<Text>,
    max: Option<Spanned<Text>>,
    places: Option<Spanned<Text>>,
    not_applicable: Option<Spanned<Text>>,
    evidence_required: Option<bool>,
    rank_by: Option<Spanned<Text>>,
    classes: Option<BTreeMap<String, Vec<Spanned<RawClass>>>>,
    groups: Option<BTreeMap<String, Text>>,
    components: Vec<Spanned<RawNode>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    min: Text,
    label: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    id: Text,
    title: Option<Text>,
    max: Option<Text>,
    owner: Option<Text>,
    not_applicable: Option<Text>,
    evidence_required: Option<bool>,
    kind: Option<Text>,
    method: Option<Text>,
    evidence: Option<Text>,
    options: Option<Vec<RawChoice>>,
    children: Option<Vec<Spanned<RawNode>>>,
    rule: Option<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    text: Text,
    points: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    kind: Text,
    levels: Option<Ordered>,
    bands: Option<Vec<RawBand>>,
    target: Option<Text>,
    per_item: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    min: Text,
    points: Text,
}

/// Turns the raw YAML into a checked tree, collecting every problem.
struct Builder<'a> {
    name: &'a str,
    problems: Vec<Problem>,
    nodes: Vec<Node>,
    first_line: HashMap<String, u64>,
}

/// Settings a node passes down to its descendants.
#[derive(Clone)]
struct Inherited {
    owner: Option<String>,
    not_applicable: NaPolicy,
    evidence_required: bool,
    kind: Kind,
}

impl<'a> Builder<'a> {
    fn new(name: &'a str) -> Self {
        Builder {
            name,
            problems: Vec::new(),
            nodes: Vec::new(),
            first_line: HashMap::new(),
        }
    }

    fn problem(&mut self, line: u64, message: impl Into<String>) {
        self.problems.push(Problem::new(
            self.name,
            Some(line).filter(|&l| l > 0),
            message,
        ));
    }

    fn decimal(&mut self, line: u64, what: &str, text: &Text) -> Option<Rational> {
        match parse_decimal(&text.0) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(line, format!("{what}: {e}"));
                None
            }
        }
    }

    fn build(mut self, raw: RawSet) -> Result<Criteria> {
        let declared = raw.max.map(|m| {
            let line = m.referenced.line();
            (line, self.decimal(line, "max", &m.value))
        });
        let places = match raw.places {
            None => 2,
            Some(p) => match p.value.0.trim().parse::<u32>() {
                Ok(n) if n <= 10 => n,
                _ => {
                    self.problem(
                        p.referenced.line(),
                        msg!(
                            "places: \"{}\" phải là số nguyên từ 0 đến 10",
                            "places: \"{}\" must be a whole number from 0 to 10",
                            p.value.0
                        ),
                    );
                    2
                }
            },
        };
        let not_applicable = match raw.not_applicable {
            None => NaPolicy::Exclude,
            Some(p) => self.na_policy(p.referenced.line(), &p.value.0),
        };
        let rank_by = match raw.rank_by.as_ref().map(|r| r.value.0.as_str()) {
            None | Some("exact") => RankBy::Exact,
            Some("rounded") => RankBy::Rounded,
            Some(other) => {
                let line = raw.rank_by.as_ref().map_or(0, |r| r.referenced.line());
                self.problem(
                    line,
                    msg!(
                        "rank_by: \"{other}\" không phải exact hoặc rounded",
                        "rank_by: \"{other}\" is not exact or rounded"
                    ),
                );
                RankBy::Exact
            }
        };
        let mut classes = HashMap::new();
        for (group, list) in raw.classes.unwrap_or_default() {
            let mut out = Vec::new();
            for c in list {
                let line = c.referenced.line();
                if let Some(min) = self.decimal(
                    line,
                    &format!("class \"{}\" min", c.value.label.0),
                    &c.value.min,
                ) {
                    out.push(Class {
                        min,
                        label: c.value.label.0.clone(),
                    });
                }
            }
            out.sort_by_key(|c| std::cmp::Reverse(c.min));
            classes.insert(group, out);
        }
        let inherited = Inherited {
            owner: None,
            not_applicable,
            evidence_required: raw.evidence_required.unwrap_or(false),
            kind: Kind::Base,
        };
        if raw.components.is_empty() {
            self.problem(
                1,
                said(
                    "bộ tiêu chí không có lĩnh vực nào",
                    "the criteria set has no component",
                ),
            );
        }
        let mut components = Vec::new();
        for c in raw.components {
            let line = c.referenced.line();
            if let Some(i) = self.node(c.value, line, 0, &inherited) {
                components.push(i);
            }
        }
        let mut criteria = Criteria {
            path: self.name.to_string(),
            id: raw.id.0,
            title: raw.title.map(|t| t.0).unwrap_or_default(),
            places,
            rank_by,
            not_applicable,
            classes,
            group_names: (raw.groups.unwrap_or_default().into_iter())
                .map(|(id, name)| (id, name.0))
                .collect(),
            by_id: self
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.id.clone(), i))
                .collect(),
            nodes: self.nodes,
            components,
            spans: Vec::new(),
            leaf_nodes: Vec::new(),
            warnings: Vec::new(),
        };
        criteria.index_leaves();
        let base = criteria.base_max();
        // For people (10,5 or 10.5), and as it is written in the YAML (10.5).
        let (sum, yaml) = (crate::lang::messages().short(base), Lang::En.short(base));
        match declared {
            _ if !self.problems.is_empty() => {}
            _ if base.is_zero() => self.problems.push(Problem::new(
                self.name,
                None,
                said("tổng điểm tối đa của các lĩnh vực cơ bản bằng 0: không tính được chỉ số", "the maxima of the base components add up to 0: no index can be computed"),
            )),
            // SPEC §2: a declared total must be the sum of the base components' maxima.
            Some((line, Some(max))) if max != base => self.problems.push(Problem::new(
                self.name,
                Some(line),
                msg!("max: {max} nhưng tổng điểm tối đa của các lĩnh vực cơ bản là {sum}", "max: {max} but the maxima of the base components add up to {sum}"),
            )),
            Some(_) => {}
            // Every published set is on a 100-point scale: another sum is said.
            None if base != Rational::HUNDRED => criteria.warnings.push(Problem::new(
                self.name,
                None,
                msg!(
                    "tổng điểm tối đa của các lĩnh vực cơ bản là {sum}, không phải 100: nếu đúng như vậy, ghi max: {yaml} ở đầu tệp", "the maxima of the base components add up to {sum}, not 100: if that is right, write max: {yaml} at the top of the file"
                ),
            )),
            None => {}
        }
        if !self.problems.is_empty() {
            return Err(Error::invalid(self.problems));
        }
        criteria.by_id.shrink_to_fit();
        Ok(criteria)
    }

    fn na_policy(&mut self, line: u64, s: &str) -> NaPolicy {
        NaPolicy::parse(s.trim()).unwrap_or_else(|| {
            self.problem(
                line,
                msg!(
                    "not_applicable: \"{s}\" không phải exclude, full_marks hoặc zero",
                    "not_applicable: \"{s}\" is not exclude, full_marks or zero"
                ),
            );
            NaPolicy::Exclude
        })
    }

    /// Builds one node and its descendants; returns its index.
    fn node(&mut self, raw: RawNode, line: u64, depth: usize, up: &Inherited) -> Option<usize> {
        let id = raw.id.0.trim().to_string();
        let at = msg!("tiêu chí {id}", "criterion {id}");
        if id.is_empty() {
            self.problem(
                line,
                said(
                    "một tiêu chí có mã (id) trống",
                    "a criterion has an empty id",
                ),
            );
        }
        if let Some(first) = self.first_line.get(&id) {
            let first = *first;
            self.problem(
                line,
                msg!(
                    "{at}: mã bị trùng (lần đầu ở dòng {first})",
                    "{at}: the id is used twice (first on line {first})"
                ),
            );
        } else {
            self.first_line.insert(id.clone(), line);
        }
        let mut here = up.clone();
        if let Some(o) = &raw.owner {
            here.owner = Some(o.0.trim().to_string()).filter(|o| !o.is_empty());
        }
        if let Some(p) = &raw.not_applicable {
            here.not_applicable = self.na_policy(line, &p.0);
        }
        if let Some(e) = raw.evidence_required {
            here.evidence_required = e;
        }
        if let Some(k) = &raw.kind {
            if depth > 0 {
                self.problem(
                    line,
                    msg!(
                        "{at}: `kind` chỉ dùng cho lĩnh vực (cấp trên cùng)",
                        "{at}: `kind` is only for components (the top level)"
                    ),
                );
            } else {
                here.kind = match k.0.trim() {
                    "bonus" => Kind::Bonus,
                    "penalty" => Kind::Penalty,
                    "base" => Kind::Base,
                    other => {
                        self.problem(
                            line,
                            msg!(
                                "{at}: kind \"{other}\" không phải bonus hoặc penalty",
                                "{at}: kind \"{other}\" is not bonus or penalty"
                            ),
                        );
                        Kind::Base
                    }
                };
            }
        }
        let max = match &raw.max {
            Some(t) => self.decimal(line, &format!("{at}: max"), t),
            None => None,
        };
        if let Some(m) = max
            && m.is_negative()
        {
            self.problem(
                line,
                msg!("{at}: max {m} là số âm", "{at}: max {m} is negative"),
            );
        }
        let index = self.nodes.len();
        self.nodes.push(Node {
            id: id.clone(),
            title: raw.title.map(|t| t.0).unwrap_or_default(),
            max: max.unwrap_or(Rational::ZERO),
            owner: here.owner.clone(),
            not_applicable: here.not_applicable,
            evidence_required: here.evidence_required,
            kind: here.kind,
            depth,
            line,
            body: Body::Children(Vec::new()),
            method: raw.method.map(|t| t.0),
            evidence: raw.evidence.map(|t| t.0),
            options: Vec::new(),
        });
        match (raw.children, raw.rule) {
            (Some(_), Some(_)) => {
                self.problem(
                    line,
                    msg!(
                        "{at}: có cả `children` lẫn `rule`; chỉ giữ một",
                        "{at}: has both `children` and `rule`; keep one"
                    ),
                );
            }
            (None, None) => {
                self.problem(
                    line,
                    msg!(
                        "{at}: cần `children` hoặc `rule`",
                        "{at}: needs `children` or `rule`"
                    ),
                );
            }
            (Some(children), None) => {
                if children.is_empty() {
                    self.problem(
                        line,
                        msg!("{at}: `children` rỗng", "{at}: `children` is empty"),
                    );
                }
                let mut ids = Vec::new();
                let mut sum = Some(Rational::ZERO);
                for c in children {
                    let cline = c.referenced.line();
                    if let Some(ci) = self.node(c.value, cline, depth + 1, &here) {
                        sum = sum.and_then(|s| s.checked_add(self.nodes[ci].max));
                        ids.push(ci);
                    }
                }
                let sum = sum.unwrap_or(Rational::ZERO);
                match max {
                    Some(m) if m != sum => self.problem(
                        line,
                        msg!(
                            "{at}: max {m} khác tổng điểm tối đa của các tiêu chí con, {sum}",
                            "{at}: max {m} differs from the sum of its sub-criteria's maxima, {sum}"
                        ),
                    ),
                    _ => self.nodes[index].max = sum,
                }
                self.nodes[index].body = Body::Children(ids);
            }
            (None, Some(rule)) => {
                let m = match max {
                    Some(m) => m,
                    // A max that could not be read was reported already.
                    None if raw.max.is_some() => Rational::ZERO,
                    None => {
                        self.problem(
                            line,
                            msg!(
                                "{at}: tiêu chí chấm điểm cần `max`",
                                "{at}: a scored criterion needs `max`"
                            ),
                        );
                        Rational::ZERO
                    }
                };
                // Problems of a rule are reported at the line of its node (SPEC §4).
                if let Some(rule) = self.rule(rule, line, &at, m) {
                    self.nodes[index].body = Body::Rule(rule);
                }
                let options = raw.options.unwrap_or_default();
                self.nodes[index].options = self.choices(options, line, &at, m);
                return Some(index);
            }
        }
        if raw.options.is_some() {
            self.problem(
                line,
                msg!(
                    "{at}: `options` chỉ dùng cho tiêu chí chấm điểm (có `rule`)",
                    "{at}: `options` is only for a scored criterion (one with `rule`)"
                ),
            );
        }
        Some(index)
    }

    /// The cases of a leaf as the table words them: points within [0, max].
    fn choices(&mut self, raw: Vec<RawChoice>, line: u64, at: &str, max: Rational) -> Vec<Choice> {
        let mut out = Vec::new();
        for c in raw {
            let text = c.text.0.trim().to_string();
            let what = format!("{at}: option \"{text}\" points");
            let Some(points) = self.decimal(line, &what, &c.points) else {
                continue;
            };
            if points.is_negative() || points > max {
                self.problem(
                    line,
                    msg!(
                        "{what} {points} không nằm trong khoảng 0 đến max {max}",
                        "{what} {points} is not between 0 and max {max}"
                    ),
                );
            }
            out.push(Choice { text, points });
        }
        out
    }

    fn rule(&mut self, raw: RawRule, line: u64, at: &str, max: Rational) -> Option<Rule> {
        let kind = raw.kind.0.trim().to_string();
        let allowed: &[&str] = match kind.as_str() {
            "binary" | "points" => &[],
            "levels" => &["levels"],
            "bands" => &["bands"],
            "ratio" => &["target"],
            "count" | "deduction" => &["per_item"],
            other => {
                self.problem(
                    line,
                    msg!(
                        "{at}: loại quy tắc \"{other}\" không phải binary, levels, bands, ratio, count, deduction, points", "{at}: the rule kind \"{other}\" is not binary, levels, bands, ratio, count, deduction, points"
                    ),
                );
                return None;
            }
        };
        let given = [
            ("levels", raw.levels.is_some()),
            ("bands", raw.bands.is_some()),
            ("target", raw.target.is_some()),
            ("per_item", raw.per_item.is_some()),
        ];
        for (field, present) in given {
            if present && !allowed.contains(&field) {
                self.problem(
                    line,
                    msg!(
                        "{at}: `{field}` không dùng cho quy tắc loại {kind}",
                        "{at}: `{field}` is not used by a rule of kind {kind}"
                    ),
                );
            }
        }
        let rule = match kind.as_str() {
            "binary" => Rule::Binary,
            "points" => Rule::Points,
            "levels" => {
                let mut levels: Vec<Level> = Vec::new();
                for (label, fraction) in raw.levels.map(|l| l.0).unwrap_or_default() {
                    let label = label.0.trim().to_string();
                    let what = format!("{at}: level \"{label}\"");
                    let Some(f) = self.fraction(line, &what, &fraction) else {
                        continue;
                    };
                    if f.is_negative() || f > Rational::from_int(1) {
                        self.problem(
                            line,
                            msg!(
                                "{what}: fraction {f} không nằm trong khoảng 0 đến 1",
                                "{what}: fraction {f} is not between 0 and 1"
                            ),
                        );
                    }
                    if levels
                        .iter()
                        .any(|l| l.label.to_lowercase() == label.to_lowercase())
                    {
                        self.problem(
                            line,
                            msg!("{what}: khai báo hai lần", "{what}: declared twice"),
                        );
                    }
                    levels.push(Level { label, fraction: f });
                }
                if levels.is_empty() {
                    self.problem(
                        line,
                        msg!(
                            "{at}: quy tắc levels cần `levels`, ví dụ {{ tot: 0.75 }}",
                            "{at}: a levels rule needs `levels`, e.g. {{ tot: 0.75 }}"
                        ),
                    );
                }
                Rule::Levels(levels)
            }
            "bands" => {
                let mut bands = Vec::new();
                for b in raw.bands.unwrap_or_default() {
                    let min = self.decimal(line, &format!("{at}: band min"), &b.min);
                    let points = self.decimal(line, &format!("{at}: band points"), &b.points);
                    if let (Some(min), Some(points)) = (min, points) {
                        if points.is_negative() || points > max {
                            self.problem(
                                line,
                                msg!(
                                    "{at}: band points {points} không nằm trong khoảng 0 đến max {max}", "{at}: band points {points} is not between 0 and max {max}"
                                ),
                            );
                        }
                        bands.push(Band { min, points });
                    }
                }
                if bands.is_empty() {
                    self.problem(
                        line,
                        msg!(
                            "{at}: quy tắc bands cần `bands`",
                            "{at}: a bands rule needs `bands`"
                        ),
                    );
                }
                bands.sort_by_key(|b| std::cmp::Reverse(b.min));
                Rule::Bands(bands)
            }
            "ratio" => {
                let target = match &raw.target {
                    Some(t) => self.positive(line, at, "target", t)?,
                    None => Rational::HUNDRED,
                };
                Rule::Ratio { target }
            }
            _ => {
                let Some(t) = &raw.per_item else {
                    self.problem(
                        line,
                        msg!(
                            "{at}: a {kind} cần `per_item`",
                            "{at}: a {kind} rule needs `per_item`"
                        ),
                    );
                    return None;
                };
                let per_item = self.positive(line, at, "per_item", t)?;
                if kind == "count" {
                    Rule::Count { per_item }
                } else {
                    Rule::Deduction { per_item }
                }
            }
        };
        Some(rule)
    }

    /// A level's fraction: a decimal (0.75), or `a/b` with decimals a and b (2/3, 1/1.5:
    /// 1 point of 1,5) for a fraction whose decimal does not end, read exactly.
    fn fraction(&mut self, line: u64, what: &str, text: &Text) -> Option<Rational> {
        let Some((a, b)) = text.0.split_once('/') else {
            return self.decimal(line, what, text);
        };
        let a = self.decimal(line, what, &Text(a.to_string()))?;
        let b = self.decimal(line, what, &Text(b.to_string()))?;
        let f = a.checked_div(b);
        if f.is_none() {
            self.problem(
                line,
                msg!(
                    "{what}: {} chia cho 0",
                    "{what}: {} divides by 0",
                    text.0.trim()
                ),
            );
        }
        f
    }

    fn positive(&mut self, line: u64, at: &str, field: &str, t: &Text) -> Option<Rational> {
        let v = self.decimal(line, &format!("{at}: {field}"), t)?;
        if v <= Rational::ZERO {
            self.problem(
                line,
                msg!(
                    "{at}: {field} phải lớn hơn 0",
                    "{at}: {field} must be greater than 0"
                ),
            );
            return None;
        }
        Some(v)
    }
}
