//! The rules of SPEC §2–§4 for one leaf: a value's points under its rule, the points cells
//! (`self_score`, `appraised`), and a leaf's result from its row. One exact path: every
//! number is read exactly ([`crate::number`]) and the points are rounded once.

use std::cell::RefCell;

use crate::criteria::{Criteria, NaPolicy, Rule};
use crate::lang::{Said, msg, said};
use crate::number::{
    Number, Rational, fold_match, fold_vi, fold_vi_eq, is_not_applicable, parse_number,
};

use super::result::Status;

pub(crate) const TOO_LARGE: Said = Said(
    "có số quá lớn, không tính chính xác được",
    "a number is too large to be computed exactly",
);

/// Yes or no (SPEC §2), with or without Vietnamese marks: "có", "co", "Đạt", "không đạt"…
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    const WORDS: [&str; 12] = [
        "yes",
        "y",
        "true",
        "1",
        "co",
        "dat", // yes
        "no",
        "n",
        "false",
        "0",
        "khong",
        "khong_dat",
    ];
    fold_match(text, &WORDS).map(|i| i < 6)
}

fn number(text: &str) -> std::result::Result<Rational, String> {
    match parse_number(text)? {
        Number::Value(v) => Ok(v),
        Number::NotApplicable => Err(msg!(
            "\"{text}\" không phải là số",
            "\"{text}\" is not a number"
        )),
    }
}

fn whole(text: &str) -> std::result::Result<i128, String> {
    number(text)?
        .to_integer()
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            msg!(
                "\"{text}\" không phải số nguyên (0, 1, 2…)",
                "\"{text}\" is not a whole number (0, 1, 2…)"
            )
        })
}

/// What a rule made of a value, kept so that `explain` can say how the points came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    Yes,
    No,
    /// The index of the level in the rule.
    Level(usize),
    /// The value and the index of the band reached, if any.
    Band {
        value: Rational,
        band: Option<usize>,
    },
    Ratio {
        value: Rational,
    },
    Count {
        n: i128,
    },
    Deduction {
        n: i128,
    },
    Points {
        value: Rational,
    },
}

/// Applies a rule to a (non-empty, applicable) value: the exact points and the reading.
pub fn apply(
    rule: &Rule,
    max: Rational,
    text: &str,
) -> std::result::Result<(Rational, Reading), String> {
    let too_large = || TOO_LARGE.to_string();
    Ok(match rule {
        Rule::Binary => match yes_no(text) {
            Some(true) => (max, Reading::Yes),
            Some(false) => (Rational::ZERO, Reading::No),
            None => {
                return Err(msg!(
                    "\"{text}\" không phải có/không",
                    "\"{text}\" is not yes/no (có/không)"
                ));
            }
        },
        Rule::Levels(levels) => {
            // The label as declared (case aside); else, if it is the only one that matches,
            // the label written the Vietnamese way: "Tốt" for tot, "Xuất sắc" for xuat_sac.
            // The value is lowercased and folded once, not once per label.
            let wanted = text.trim();
            let lower = std::cell::OnceCell::new();
            let same = |label: &str| {
                // ASCII lowercases letter by letter, and is most labels and values.
                if label.is_ascii() && wanted.is_ascii() {
                    return label.eq_ignore_ascii_case(wanted);
                }
                let lower: &String =
                    lower.get_or_init(|| wanted.chars().flat_map(char::to_lowercase).collect());
                // An ASCII label lowercases byte by byte; `lower` has no capitals to fold.
                if label.is_ascii() {
                    return lower.eq_ignore_ascii_case(label);
                }
                label.chars().flat_map(char::to_lowercase).eq(lower.chars())
            };
            let exact = levels.iter().position(|l| same(&l.label));
            let unique = || {
                let folded = fold_vi(text);
                let mut loose =
                    (0..levels.len()).filter(|&i| fold_vi_eq(&levels[i].label, &folded));
                match (loose.next(), loose.next()) {
                    (Some(i), None) => Some(i),
                    _ => None,
                }
            };
            let Some(i) = exact.or_else(unique) else {
                let names: Vec<&str> = levels.iter().map(|l| l.label.as_str()).collect();
                return Err(msg!(
                    "\"{text}\" không phải mức của quy tắc này ({})",
                    "\"{text}\" is not a level of this rule ({})",
                    names.join(", ")
                ));
            };
            let p = levels[i].fraction.checked_mul(max).ok_or_else(too_large)?;
            (p, Reading::Level(i))
        }
        Rule::Bands(bands) => {
            let value = number(text)?;
            let band = bands.iter().position(|b| b.min <= value);
            let p = band.map_or(Rational::ZERO, |i| bands[i].points);
            (p, Reading::Band { value, band })
        }
        Rule::Ratio { target } => {
            let value = number(text)?;
            if value.is_negative() {
                return Err(msg!("\"{text}\" là số âm", "\"{text}\" is negative"));
            }
            let share = value
                .checked_div(*target)
                .ok_or_else(too_large)?
                .min(Rational::from_int(1));
            (
                max.checked_mul(share).ok_or_else(too_large)?,
                Reading::Ratio { value },
            )
        }
        Rule::Count { per_item } => {
            let n = whole(text)?;
            let raw = per_item
                .checked_mul(Rational::from_int(n))
                .ok_or_else(too_large)?;
            (raw.min(max), Reading::Count { n })
        }
        Rule::Deduction { per_item } => {
            let n = whole(text)?;
            let off = per_item
                .checked_mul(Rational::from_int(n))
                .ok_or_else(too_large)?;
            let p = max
                .checked_sub(off)
                .ok_or_else(too_large)?
                .max(Rational::ZERO);
            (p, Reading::Deduction { n })
        }
        Rule::Points => {
            let value = number(text)?;
            if value.is_negative() || value > max {
                return Err(msg!(
                    "{value} points không nằm trong khoảng 0 đến max {max}",
                    "{value} points is not between 0 and max {max}"
                ));
            }
            (value, Reading::Points { value })
        }
    })
}

/// A points cell (`self_score`, `appraised`): a number in [0, max].
fn points_cell(
    column: &str,
    text: &str,
    max: Rational,
) -> std::result::Result<Option<Rational>, String> {
    let v = points_text(column, text)?;
    v.map(|v| within(column, v, max)).transpose()
}

/// The number in a points cell, not yet checked against the leaf's maximum; None when empty.
fn points_text(column: &str, text: &str) -> std::result::Result<Option<Rational>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    number(text).map(Some).map_err(|e| format!("{column}: {e}"))
}

/// A number of points of a `column`, if it lies in [0, max].
fn within(column: &str, v: Rational, max: Rational) -> std::result::Result<Rational, String> {
    if v.is_negative() || v > max {
        return Err(msg!(
            "{column} {v} không nằm trong khoảng 0 đến max {max}",
            "{column} {v} is not between 0 and max {max}"
        ));
    }
    Ok(v)
}

/// An appraised cell as kept with a leaf (it was read when the row was scored).
pub(crate) fn appraised_value(text: &str, max: Rational) -> Option<Rational> {
    points_cell("appraised", text, max).ok().flatten()
}

/// A self-score as kept with a leaf (it was read when the row was scored).
pub(crate) fn self_score_value(text: &str, max: Rational) -> Option<Rational> {
    self_score_cell(text, max).ok().flatten()
}

/// A self-score cell. A unit may write N/A as its self-score on a leaf that does not arise:
/// no self-score then.
fn self_score_cell(text: &str, max: Rational) -> std::result::Result<Option<Rational>, String> {
    thread_local! {
        /// The self-score text read last on this thread and its number (None: empty or
        /// N/A). A form's self-scores are a few texts over and over ("1", "0,5"): reading
        /// each again was a tenth of scoring a row (W2, callgrind). Only texts that read
        /// without a problem are kept, and the range is checked every time.
        static LAST: RefCell<(String, Option<Rational>)> =
            const { RefCell::new((String::new(), None)) };
    }
    let kept = LAST.with_borrow(|(last, number)| (last == text).then_some(*number));
    let number = match kept {
        Some(number) => number,
        None => {
            let number = match is_not_applicable(text) {
                true => None,
                false => points_text("self_score", text)?,
            };
            LAST.with_borrow_mut(|(last, kept)| {
                last.clear();
                last.push_str(text);
                *kept = number;
            });
            number
        }
    };
    number.map(|v| within("self_score", v, max)).transpose()
}

/// The cells of one evidence row that scoring reads (empty when absent).
#[derive(Clone, Copy, Debug, Default)]
pub struct RowCells<'a> {
    pub value: &'a str,
    pub self_score: &'a str,
    pub appraised: &'a str,
    pub evidence: &'a str,
}

/// A leaf's result from its row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scored {
    pub status: Status,
    /// The points rounded to `places`, counted in units of 10^-places.
    pub units: i64,
    pub self_score: Option<Rational>,
}

/// Scores one leaf of one unit from its row (SPEC §4 steps 1–4); no row is an empty one.
pub fn score_leaf(
    criteria: &Criteria,
    node: usize,
    row: &RowCells,
) -> std::result::Result<Scored, String> {
    let n = &criteria.nodes[node];
    let rule = n.rule().ok_or(said(
        "không phải tiêu chí chấm điểm",
        "not a scored criterion",
    ))?;
    let max = n.max;
    let self_score = self_score_cell(row.self_score, max)?;
    let appraised = points_cell("appraised", row.appraised, max)?;
    let scored = |status, points: Rational| {
        let units = points.scaled(criteria.places).map(i64::try_from);
        Ok(Scored {
            status,
            units: units.and_then(Result::ok).ok_or(TOO_LARGE)?,
            self_score,
        })
    };
    if row.value.is_empty() {
        return match appraised {
            Some(a) => scored(Status::Appraised, a),
            None => scored(Status::Missing, Rational::ZERO),
        };
    }
    if is_not_applicable(row.value) {
        if appraised.is_some() {
            return Err(said(
                "có điểm thẩm định (appraised) trên dòng không áp dụng",
                "appraised points on a row that does not apply",
            )
            .to_string());
        }
        let points = match n.not_applicable {
            NaPolicy::FullMarks => max,
            NaPolicy::Exclude | NaPolicy::Zero => Rational::ZERO,
        };
        return scored(Status::NotApplicable, points);
    }
    // The value is read even when appraised, so that an unreadable value is always reported.
    let (points, _) = apply(rule, max, row.value)?;
    if let Some(a) = appraised {
        scored(Status::Appraised, a)
    } else if n.evidence_required && points > Rational::ZERO && row.evidence.is_empty() {
        scored(Status::NoEvidence, Rational::ZERO)
    } else {
        scored(Status::Scored, points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::{Band, Level};

    fn r(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    fn pts(rule: &Rule, max: Rational, text: &str) -> Rational {
        apply(rule, max, text).unwrap().0
    }

    #[test]
    fn binary_reads_vietnamese_yes_and_no() {
        for yes in ["có", "Có", "co", "YES", "y", "true", "1", "Đạt", "đạt"] {
            assert_eq!(pts(&Rule::Binary, r(1, 2), yes), r(1, 2), "{yes}");
        }
        for no in [
            "không",
            "KHONG",
            "no",
            "n",
            "false",
            "0",
            "không đạt",
            "Không đạt",
        ] {
            assert_eq!(pts(&Rule::Binary, r(1, 2), no), Rational::ZERO, "{no}");
        }
        assert!(apply(&Rule::Binary, r(1, 2), "chưa").is_err());
    }

    #[test]
    fn levels_are_fractions_of_max_matched_without_case() {
        let rule = Rule::Levels(vec![
            Level {
                label: "xuat_sac".into(),
                fraction: r(1, 1),
            },
            Level {
                label: "Tốt".into(),
                fraction: r(3, 4),
            },
            Level {
                label: "hoan_thanh".into(),
                fraction: r(1, 2),
            },
        ]);
        assert_eq!(pts(&rule, r(2, 1), "XUAT_SAC"), r(2, 1));
        assert_eq!(pts(&rule, r(2, 1), "tốt"), r(3, 2));
        assert_eq!(pts(&rule, r(3, 2), "Hoan_thanh"), r(3, 4));
        // A value that lowercases to an ASCII label (the Kelvin sign K is k) is that label,
        // before any loose match.
        assert_eq!(pts(&rule, r(2, 1), "HOAN_THANH"), r(1, 1));
        let kelvin = Rule::Levels(vec![Level {
            label: "kha".into(),
            fraction: r(1, 2),
        }]);
        assert_eq!(pts(&kelvin, r(2, 1), "\u{212A}HA"), r(1, 1));
        assert!(
            apply(&rule, r(2, 1), "kha")
                .unwrap_err()
                .contains("xuat_sac")
        );
    }

    #[test]
    fn bands_take_the_first_band_reached() {
        let rule = Rule::Bands(vec![
            Band {
                min: r(100, 1),
                points: r(1, 1),
            },
            Band {
                min: r(80, 1),
                points: r(1, 2),
            },
        ]);
        assert_eq!(pts(&rule, r(1, 1), "100%"), r(1, 1));
        assert_eq!(pts(&rule, r(1, 1), "86,45"), r(1, 2));
        assert_eq!(pts(&rule, r(1, 1), "80"), r(1, 2));
        assert_eq!(pts(&rule, r(1, 1), "79,99"), Rational::ZERO);
        assert_eq!(pts(&rule, r(1, 1), "33.784/39.079"), r(1, 2));
    }

    #[test]
    fn ratio_is_capped_at_max() {
        let rule = Rule::Ratio { target: r(60, 1) };
        // 7.5 Bắc Sơn: 12,58% of a 60% target on 1,5 points = 0,3145
        assert_eq!(pts(&rule, r(3, 2), "12,58%"), r(3145, 10000));
        assert_eq!(pts(&rule, r(3, 2), "75"), r(3, 2));
        assert!(apply(&rule, r(3, 2), "-1").is_err());
    }

    #[test]
    fn count_and_deduction_use_whole_numbers() {
        let count = Rule::Count { per_item: r(1, 4) };
        assert_eq!(pts(&count, r(1, 1), "3"), r(3, 4));
        assert_eq!(pts(&count, r(1, 1), "7"), r(1, 1));
        assert!(apply(&count, r(1, 1), "1,5").is_err());
        let ded = Rule::Deduction { per_item: r(1, 4) };
        assert_eq!(pts(&ded, r(1, 1), "0"), r(1, 1));
        assert_eq!(pts(&ded, r(1, 1), "2"), r(1, 2));
        assert_eq!(pts(&ded, r(1, 1), "86"), Rational::ZERO);
        assert!(apply(&ded, r(1, 1), "-2").is_err());
    }

    #[test]
    fn a_self_score_read_again_is_checked_against_each_maximum() {
        // The same text in a row under other maxima: read once, checked each time.
        assert_eq!(self_score_cell("1,5", r(2, 1)), Ok(Some(r(3, 2))));
        assert!(self_score_cell("1,5", r(1, 1)).is_err());
        assert_eq!(self_score_cell("1,5", r(3, 2)), Ok(Some(r(3, 2))));
        for _ in 0..2 {
            assert_eq!(self_score_cell("N/A", r(1, 1)), Ok(None));
            assert!(self_score_cell("abc", r(1, 1)).is_err());
        }
        assert_eq!(self_score_cell("", r(1, 1)), Ok(None));
        assert_eq!(self_score_cell("0,5", r(1, 1)), Ok(Some(r(1, 2))));
    }

    #[test]
    fn points_must_lie_within_max() {
        assert_eq!(pts(&Rule::Points, r(8, 1), "7,25"), r(29, 4));
        assert!(apply(&Rule::Points, r(8, 1), "8,5").is_err());
        assert!(apply(&Rule::Points, r(8, 1), "-1").is_err());
    }
}
