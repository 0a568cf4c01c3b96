//! The language for people (`--lang vi|en`, Vietnamese by default): of the reports' labels,
//! of the help, and of the messages on standard error.
//!
//! In a report, both languages stand side by side at each label (`lang.pick("Hạng", "Rank")`,
//! `tr!(lang, "Nhóm {g}", "Group {g}")`) with the decimal separator ("89,45" / "89.45").
//! Messages (problems `FILE:LINE: …`, warnings, summaries, `check -f json`'s `message`) are
//! written with `msg!` and [`said`], in the language chosen once at start
//! ([`set_messages`]). That is a setting of the process, not an argument: messages are made
//! deep inside the loaders, on rayon's threads, which take no language, and one run of the
//! program speaks one language (the last `--lang` of its command line, else `PARINDEX_LANG`).
//!
//! What programs read does not change with the language: JSON field names and `kind` values,
//! and the column names of the CSV outputs. Text from the inputs (unit names, criteria
//! titles, class labels, notes) is printed as written.

use std::sync::atomic::{AtomicU8, Ordering};

use crate::number::Rational;
use crate::score::Status;

/// The language of the labels in a report for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Tiếng Việt: dấu phẩy thập phân (89,45)
    #[default]
    Vi,
    /// Tiếng Anh: dấu chấm thập phân (89.45)
    En,
}

/// The language of the messages, for the whole run: 0 Vietnamese, 1 English.
static MESSAGES: AtomicU8 = AtomicU8::new(0);

/// Chooses the language of the messages, once at start (`cli::parse`, `run`).
pub fn set_messages(lang: Lang) {
    MESSAGES.store(lang as u8, Ordering::Relaxed);
}

/// The language of the messages.
pub fn messages() -> Lang {
    match MESSAGES.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Vi,
    }
}

/// A fixed message in the language of the messages: `said("tệp rỗng", "empty file")`.
pub fn said(vi: &'static str, en: &'static str) -> &'static str {
    messages().pick(vi, en)
}

/// A fixed message kept in a constant, said in the language of the messages when it is
/// used: `const EMPTY: Said = Said("tệp rỗng", "empty file");` then `EMPTY.to_string()`,
/// `format!("{EMPTY}")` or `&*EMPTY`.
#[derive(Clone, Copy, Debug)]
pub struct Said(pub &'static str, pub &'static str);

impl std::ops::Deref for Said {
    type Target = str;

    fn deref(&self) -> &'static str {
        said(self.0, self.1)
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl From<Said> for String {
    fn from(s: Said) -> String {
        s.to_string()
    }
}

/// A message in both languages, formatted in the language of the messages:
/// `msg!("thiếu khóa `{key}`", "missing key `{key}`")`.
macro_rules! msg {
    ($vi:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        $crate::lang::tr!($crate::lang::messages(), $vi, $en $(, $arg)*)
    };
}
pub(crate) use msg;

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
