//! The language of the reports for people (`--lang vi|en`): both languages side by side at
//! each label (`lang.pick("Hạng", "Rank")`, `tr!(lang, "Nhóm {g}", "Group {g}")`) and the
//! decimal separator ("89,45" / "89.45").
//!
//! What is for programs does not change with the language: JSON, the column names of the
//! CSV outputs, and the messages on stderr (they stay Vietnamese). Text from the inputs (unit
//! names, criteria titles, class labels, notes) is printed as written.

use crate::criteria::{Criteria, NaPolicy, Rule};
use crate::number::{Rational, is_not_applicable};
use crate::score::{LeafResult, Reading, Status, apply};

/// The language of the labels in a report for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Vietnamese (tiếng Việt): decimal commas
    #[default]
    Vi,
    /// English: decimal points
    En,
}

/// A sentence in both languages, formatted in the one asked for:
/// `tr!(lang, "Nhóm {g}: {} đơn vị", "Group {g}: {} units", n)`.
macro_rules! tr {
    ($lang:expr, $vi:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::lang::Lang::Vi => format!($vi $(, $arg)*),
            $crate::lang::Lang::En => format!($en $(, $arg)*),
        }
    };
}
pub(crate) use tr;

impl Lang {
    /// The label in this language.
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The decimal separator of numbers for people.
    pub fn sep(self) -> char {
        self.pick(",", ".").chars().next().unwrap_or(',')
    }

    /// A number for people with exactly `places` decimals: "89,45" or "89.45".
    pub fn num(self, r: Rational, places: u32) -> String {
        r.format(places, self.sep())
    }

    /// A short form for explanations (at most four decimals, `…` when cut): "0,3145"
    /// or "0.3145".
    pub fn short(self, r: Rational) -> String {
        let s = r.display_vi();
        match self {
            Lang::Vi => s,
            Lang::En => s.replace(',', "."),
        }
    }

    /// A count and its noun: "3 đơn vị"; "1 unit", "3 units".
    pub fn count(self, n: usize, vi: &str, one: &str, many: &str) -> String {
        match self {
            Lang::Vi => format!("{n} {vi}"),
            Lang::En if n == 1 => format!("{n} {one}"),
            Lang::En => format!("{n} {many}"),
        }
    }

    /// How a leaf's points were obtained, in words.
    pub fn status(self, s: Status) -> &'static str {
        match self {
            Lang::Vi => s.label_vi(),
            Lang::En => match s {
                Status::Scored => "scored",
                Status::Appraised => "appraised",
                Status::Missing => "missing data",
                Status::NotApplicable => "not applicable",
                Status::NoEvidence => "no evidence document",
            },
        }
    }
}

/// How numbers are written for people: `places` decimals and the language's separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimals {
    pub places: u32,
    pub lang: Lang,
}

impl Decimals {
    pub fn new(places: u32, lang: Lang) -> Decimals {
        Decimals { places, lang }
    }

    pub fn format(self, r: Rational) -> String {
        self.lang.num(r, self.places)
    }
}

/// How one leaf's points were computed (`explain`): the engine's own words in Vietnamese
/// ([`crate::score::explain_leaf`]), the same steps in English.
pub fn explain_leaf(criteria: &Criteria, leaf: &LeafResult, lang: Lang) -> String {
    match lang {
        Lang::Vi => crate::score::explain_leaf(criteria, leaf),
        Lang::En => explain_leaf_en(criteria, leaf),
    }
}

/// The English of [`crate::score::explain_leaf`], step for step; keep the two in line. What
/// the rule makes of the value is worked out again from the value, as the engine does.
fn explain_leaf_en(criteria: &Criteria, leaf: &LeafResult) -> String {
    let s = |r: Rational| Lang::En.short(r);
    let n = &criteria.nodes[leaf.node];
    let max = s(n.max);
    let applied = match (n.rule(), leaf.value.as_deref()) {
        (Some(rule), Some(v)) if !is_not_applicable(v) => apply(rule, n.max, v).ok(),
        _ => None,
    };
    let exact = applied.map_or(Rational::ZERO, |a| a.0);
    let p = s(exact);
    let read = match (n.rule(), applied.map(|a| a.1)) {
        (Some(rule), Some(reading)) => match (rule, reading) {
            (_, Reading::Yes) => format!("yes → {max}"),
            (_, Reading::No) => "no → 0".to_string(),
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
                None => format!("{} below every threshold → 0", s(value)),
            },
            (Rule::Ratio { target }, Reading::Ratio { value }) => {
                format!("{max} × min({} ÷ {}, 1) = {p}", s(value), s(*target))
            }
            (Rule::Count { per_item }, Reading::Count { n }) => {
                let raw = per_item.checked_mul(Rational::from_int(n)).unwrap_or(exact);
                format!("{n} × {} = {}, at most {max} → {p}", s(*per_item), s(raw))
            }
            (Rule::Deduction { per_item }, Reading::Deduction { n }) => {
                format!("{max} − {n} × {} = {p} (at least 0)", s(*per_item))
            }
            (_, Reading::Points { value }) => format!("points given {}", s(value)),
            _ => String::new(),
        },
        _ => String::new(),
    };
    let points = s(leaf.points);
    match leaf.status {
        Status::Missing => "no data → 0".to_string(),
        Status::NotApplicable => match n.not_applicable {
            NaPolicy::Exclude => "not applicable: left out of the maximum".to_string(),
            NaPolicy::FullMarks => format!("not applicable: counts the full {max}"),
            NaPolicy::Zero => "not applicable: 0 points".to_string(),
        },
        Status::Appraised if read.is_empty() => format!("appraised {points}"),
        Status::Appraised => format!("appraised {points} (from the value: {read})"),
        Status::NoEvidence => format!("{read}; no evidence document → 0"),
        Status::Scored if exact != leaf.points => {
            format!("{read} → {}", leaf.points.format(criteria.places, '.'))
        }
        Status::Scored => read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        let r = Rational::new(8945, 100).unwrap();
        assert_eq!(Lang::Vi.num(r, 2), "89,45");
        assert_eq!(Lang::En.num(r, 2), "89.45");
        assert_eq!(Decimals::new(1, Lang::En).format(r), "89.5");
        let third = Rational::new(1, 3).unwrap();
        assert_eq!(Lang::Vi.short(third), "0,3333…");
        assert_eq!(Lang::En.short(third), "0.3333…");
        assert_eq!(Lang::En.short(Rational::from_int(2)), "2");
    }

    #[test]
    fn labels_and_sentences_follow_the_language() {
        assert_eq!(Lang::default(), Lang::Vi);
        assert_eq!(Lang::Vi.pick("Hạng", "Rank"), "Hạng");
        assert_eq!(Lang::En.pick("Hạng", "Rank"), "Rank");
        assert_eq!(Lang::Vi.status(Status::Missing), "thiếu số liệu");
        assert_eq!(Lang::En.status(Status::Missing), "missing data");
        assert_eq!(Lang::Vi.count(1, "đơn vị", "unit", "units"), "1 đơn vị");
        assert_eq!(Lang::En.count(1, "đơn vị", "unit", "units"), "1 unit");
        assert_eq!(Lang::En.count(2, "đơn vị", "unit", "units"), "2 units");
        let g = "huyen";
        assert_eq!(
            tr!(Lang::Vi, "Nhóm {g}: {}", "Group {g}: {}", 3),
            "Nhóm huyen: 3"
        );
        assert_eq!(
            tr!(Lang::En, "Nhóm {g}: {}", "Group {g}: {}", 3),
            "Group huyen: 3"
        );
    }
}
