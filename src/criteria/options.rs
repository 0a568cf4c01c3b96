//! The options of a leaf — the cases the official table lists under it, with their points —
//! and the rule they describe (SPEC §6): a yes/no pair is `binary`, percentage thresholds are
//! `bands`, other texts are `levels`; and the phrases of the method column that say the rules
//! options cannot (ratio, count, deduction). Both ways: `import` reads options into rules,
//! `export` says rules as options.

use super::{Band, Choice, Level, Node, Rule};
use crate::lang::{msg, said};
use crate::number::{Number, Rational, fold_vi, parse_number};

/// The rule the options of a leaf of maximum `max` describe (SPEC §6), or the slips, each
/// with the position of its option.
pub(crate) fn rule_of(
    options: &[(String, Rational)],
    max: Rational,
) -> std::result::Result<Rule, Vec<(usize, String)>> {
    let mut slips = Vec::new();
    for (i, (text, points)) in options.iter().enumerate() {
        if *points > max {
            slips.push((
                i,
                msg!(
                    "mức \"{}\" được {points} điểm, nhiều hơn điểm tối đa {max} của tiêu chí", "option \"{}\" is worth {points} points, more than the criterion's maximum {max}",
                    short(text)
                ),
            ));
        }
    }
    let rule = if options.iter().any(|(t, _)| t.contains('%')) {
        bands(options, &mut slips)
    } else if let [(a, pa), (b, pb)] = options
        && let (Some(ya), Some(yb)) = (yes_no(a), yes_no(b))
        && ya != yb
        && (if ya { (*pa, *pb) } else { (*pb, *pa) }) == (max, Rational::ZERO)
    {
        Rule::Binary
    } else {
        let mut levels: Vec<Level> = Vec::new();
        for (i, (text, points)) in options.iter().enumerate() {
            if levels
                .iter()
                .any(|l| crate::number::fold_eq(&l.label, text))
            {
                slips.push((
                    i,
                    msg!(
                        "mức \"{}\" có hai lần",
                        "option \"{}\" is there twice",
                        short(text)
                    ),
                ));
            }
            let fraction = points.checked_div(max).unwrap_or(Rational::ZERO);
            levels.push(Level {
                label: text.clone(),
                fraction,
            });
        }
        Rule::Levels(levels)
    };
    if slips.is_empty() {
        Ok(rule)
    } else {
        Err(slips)
    }
}

fn yes_no(text: &str) -> Option<bool> {
    crate::score::rules::yes_no(text)
}

/// Percentage options as bands: each option's threshold is its band's `min`; the bottom
/// option ("Dưới 80%") gives no band when worth 0, else a band from 0.
fn bands(options: &[(String, Rational)], slips: &mut Vec<(usize, String)>) -> Rule {
    let mut bands: Vec<Band> = Vec::new();
    let mut uppers: Vec<(usize, Rational)> = Vec::new();
    for (i, (text, points)) in options.iter().enumerate() {
        let (min, upper) = match threshold(text) {
            Ok(t) => t,
            // "Không thực hiện: 0" among thresholds: whatever is below them, as no band.
            Err(_) if points.is_zero() && !text.contains('%') => continue,
            Err(why) => {
                slips.push((
                    i,
                    msg!(
                        "mức \"{}\": không đọc được ngưỡng phần trăm ({why}); hãy viết như \"Từ 95% đến dưới 98%\", \"Từ 98% trở lên\", \"Dưới 80%\" hoặc \"100%\"", "option \"{}\": its percentage threshold cannot be read ({why}); write it as \"Từ 95% đến dưới 98%\", \"Từ 98% trở lên\", \"Dưới 80%\" or \"100%\"",
                        short(text)
                    ),
                ));
                continue;
            }
        };
        uppers.extend(upper.map(|u| (i, u)));
        let min = match min {
            Some(m) => m,
            None if points.is_zero() => continue,
            None => Rational::ZERO,
        };
        if bands.iter().any(|b| b.min == min) {
            slips.push((
                i,
                msg!(
                    "mức \"{}\": ngưỡng {min}% đã có ở một mức khác",
                    "option \"{}\": the threshold {min}% is another option's already",
                    short(text)
                ),
            ));
        }
        bands.push(Band {
            min,
            points: *points,
        });
    }
    // "đến dưới 98%" leaves 98% and above to another option: one must start there.
    for (i, upper) in uppers {
        if !bands.iter().any(|b| b.min == upper) {
            slips.push((
                i,
                msg!(
                    "mức \"{}\": không có mức nào bắt đầu từ {upper}% (từ {upper}% trở lên được bao nhiêu điểm?)", "option \"{}\": no option starts at {upper}% (how many points from {upper}% up?)",
                    short(&options[i].0)
                ),
            ));
        }
    }
    bands.sort_by_key(|b| std::cmp::Reverse(b.min));
    Rule::Bands(bands)
}

/// The threshold of a percentage option: its lower bound (none for "Dưới 80%") and its
/// upper bound, if it has one ("Từ 95% đến dưới 98%" → 95 and 98).
fn threshold(text: &str) -> std::result::Result<(Option<Rational>, Option<Rational>), String> {
    let spaced = text.replace(" %", "%");
    let folded = fold_vi(&spaced);
    let words: Vec<&str> = folded
        .split('_')
        .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';' | ':')))
        .filter(|w| !w.is_empty())
        .collect();
    let mut percents = Vec::new();
    for w in &words {
        if let Some(n) = w.strip_suffix('%') {
            let n = n.trim_start_matches(['≥', '≤', '>', '<', '=']);
            match parse_number(n) {
                Ok(Number::Value(v)) => percents.push(v),
                _ => {
                    return Err(msg!(
                        "\"{w}\" không phải số phần trăm",
                        "\"{w}\" is not a percentage"
                    ));
                }
            }
        }
    }
    let has = |w: &str| words.contains(&w);
    let starts = |p: &str| words.iter().any(|w| w.starts_with(p));
    // "không dưới 95%" is at least 95%; "không đạt 100%", "dưới 80%", "< 80%" are below.
    let not_below = folded.contains("khong_duoi");
    let below = !not_below
        && (has("duoi")
            || starts("<")
            || starts("≤")
            || folded.contains("thap_hon")
            || folded.contains("khong_dat")
            || folded.contains("khong_hoan_thanh"));
    let strictly_above =
        (has("tren") || folded.contains("lon_hon") || folded.contains("cao_hon") || starts(">"))
            && !starts(">=")
            && !folded.contains("tro_len");
    match percents.as_slice() {
        [] => Err(said("không có số phần trăm", "there is no percentage").to_string()),
        [v] if below => Ok((None, Some(*v))),
        [v] if strictly_above => Err(msg!(
            "\"trên {v}%\" là lớn hơn hẳn {v}%, bảng điểm chỉ đọc được ngưỡng \"từ … trở lên\": ghi \"Từ {v}% trở lên\" nếu đạt đúng {v}% cũng được điểm này",
            "\"trên {v}%\" is strictly above {v}%, and only thresholds \"từ … trở lên\" (from … up) can be read: write \"Từ {v}% trở lên\" if exactly {v}% earns these points too"
        )),
        [v] => Ok((Some(*v), None)),
        [a, b] if a < b && (has("den") || has("-") || has("duoi")) => Ok((Some(*a), Some(*b))),
        [_, _] => Err(said(
            "hai số phần trăm nhưng không phải \"từ … đến dưới …\"",
            "two percentages, but not \"từ … đến dưới …\" (from … to below …)",
        )
        .to_string()),
        _ => Err(said("nhiều hơn hai số phần trăm", "more than two percentages").to_string()),
    }
}

/// The phrases that say a rule the options cannot (`export` writes them in the method
/// column, and an office may too): "Tỷ lệ so với chỉ tiêu 60", "0,5 điểm mỗi mục" (or mỗi
/// sáng kiến…), "Trừ 0,01 điểm mỗi vi phạm" (or mỗi hồ sơ…).
pub(crate) fn rule_phrase(rule: &Rule, max: Rational) -> Option<String> {
    let n = |r: Rational| r.exact_text(',').unwrap_or_else(|| r.format(10, ','));
    let m = n(max);
    Some(match rule {
        Rule::Ratio { target } => {
            let t = n(*target);
            format!("Tỷ lệ so với chỉ tiêu {t}: {m} × giá trị ÷ {t}, tối đa {m}")
        }
        Rule::Count { per_item } => format!("{} điểm mỗi mục, tối đa {m}", n(*per_item)),
        Rule::Deduction { per_item } => {
            format!("Trừ {} điểm mỗi vi phạm từ {m}, thấp nhất 0", n(*per_item))
        }
        _ => return None,
    })
}

/// The rule of a leaf without options: the one its method cell says, else `points`.
pub(super) fn rule_without_options(method: &str) -> Rule {
    phrase_rule(method).unwrap_or(Rule::Points)
}

/// The method column of a leaf in a table: its own words when they say its rule, else the
/// rule's phrase before them (for the rules that options cannot say).
pub(crate) fn method_cell(node: &Node) -> String {
    let method = node.method.clone().unwrap_or_default();
    let Some(rule) = node.rule() else {
        return method;
    };
    match rule_phrase(rule, node.max) {
        Some(_) if phrase_rule(&method).as_ref() == Some(rule) => method,
        Some(phrase) if method.is_empty() => phrase,
        Some(phrase) => format!("{phrase}\n{method}"),
        None => method,
    }
}

/// The rule a method cell's first line says, in the words of [`rule_phrase`] or as an office
/// writes them ("Trừ 0,01 điểm mỗi hồ sơ quá hạn").
fn phrase_rule(method: &str) -> Option<Rule> {
    let first = method.lines().next().unwrap_or("");
    let folded = fold_vi(first);
    let words: Vec<&str> = folded
        .split('_')
        .map(|w| w.trim_end_matches([':', ',']))
        .collect();
    let number = |w: Option<&&str>| match parse_number(w?) {
        Ok(Number::Value(v)) if v > Rational::ZERO => Some(v),
        _ => None,
    };
    let rule = if words.starts_with(&["ty", "le", "so", "voi", "chi", "tieu"]) {
        Rule::Ratio {
            target: number(words.get(6))?,
        }
    } else if words.get(1..3) == Some(&["diem", "moi"][..]) && words.len() > 3 {
        Rule::Count {
            per_item: number(words.first())?,
        }
    } else if words.first() == Some(&"tru")
        && words.get(2..4) == Some(&["diem", "moi"][..])
        && words.len() > 4
    {
        Rule::Deduction {
            per_item: number(words.get(1))?,
        }
    } else {
        return None;
    };
    Some(rule)
}

/// The options of a leaf as the table would list them: those kept in the set when they give
/// its rule, else ones said from the rule; and whether the kept ones were set aside.
pub(crate) fn options_of(rule: &Rule, max: Rational, kept: &[Choice]) -> (Vec<Choice>, bool) {
    if !kept.is_empty() {
        let pairs: Vec<(String, Rational)> =
            kept.iter().map(|c| (c.text.clone(), c.points)).collect();
        if rule_of(&pairs, max).as_ref() == Ok(rule) {
            return (kept.to_vec(), false);
        }
    }
    let choice = |text: String, points: Rational| Choice { text, points };
    let pct = |r: Rational| r.exact_text(',').unwrap_or_else(|| r.format(10, ','));
    let said = match rule {
        Rule::Binary => vec![
            choice("Có".to_string(), max),
            choice("Không".to_string(), Rational::ZERO),
        ],
        Rule::Levels(levels) => levels
            .iter()
            .map(|l| {
                let points = l.fraction.checked_mul(max).unwrap_or(Rational::ZERO);
                choice(l.label.clone(), points)
            })
            .collect(),
        Rule::Bands(bands) => {
            let mut out = Vec::new();
            for (i, b) in bands.iter().enumerate() {
                let text = match i.checked_sub(1).map(|j| bands[j].min) {
                    None => format!("Từ {}% trở lên", pct(b.min)),
                    Some(upper) => format!("Từ {}% đến dưới {}%", pct(b.min), pct(upper)),
                };
                out.push(choice(text, b.points));
            }
            if let Some(low) = bands.last().map(|b| b.min).filter(|m| *m > Rational::ZERO) {
                out.push(choice(format!("Dưới {}%", pct(low)), Rational::ZERO));
            }
            out
        }
        _ => Vec::new(),
    };
    (said, !kept.is_empty())
}

/// A text cut for a message.
pub(super) fn short(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    fn opts(list: &[(&str, i128, i128)]) -> Vec<(String, Rational)> {
        list.iter()
            .map(|&(t, n, d)| (t.to_string(), r(n, d)))
            .collect()
    }

    #[test]
    fn thresholds_as_offices_write_them() {
        let t = |s: &str| threshold(s).unwrap();
        assert_eq!(t("Từ 95% đến dưới 98%"), (Some(r(95, 1)), Some(r(98, 1))));
        assert_eq!(t("Từ 98% trở lên"), (Some(r(98, 1)), None));
        assert_eq!(t("100%"), (Some(r(100, 1)), None));
        assert_eq!(t("Hoàn thành 100% kế hoạch"), (Some(r(100, 1)), None));
        assert_eq!(t("Dưới 80%"), (None, Some(r(80, 1))));
        assert_eq!(t("Không dưới 99,5 %"), (Some(r(995, 10)), None));
        assert!(threshold("Trên 98%").unwrap_err().contains("trở lên"));
        assert!(threshold("Khoảng 9x%").is_err());
        assert!(threshold("Từ 98% đến dưới 95%").is_err());
    }

    #[test]
    fn options_decide_the_rule() {
        let max = r(1, 1);
        assert_eq!(
            rule_of(&opts(&[("Có", 1, 1), ("Không", 0, 1)]), max),
            Ok(Rule::Binary)
        );
        // A yes worth less than the maximum is a level.
        let Ok(Rule::Levels(l)) = rule_of(&opts(&[("Đạt", 1, 2), ("Không đạt", 0, 1)]), max)
        else {
            panic!()
        };
        assert_eq!(l[0].fraction, r(1, 2));
        let bands = opts(&[
            ("Hoàn thành 100% kế hoạch", 1, 1),
            ("Từ 80% đến dưới 100%", 1, 2),
            ("Dưới 80%", 0, 1),
        ]);
        assert_eq!(
            rule_of(&bands, max),
            Ok(Rule::Bands(vec![
                Band {
                    min: r(100, 1),
                    points: r(1, 1)
                },
                Band {
                    min: r(80, 1),
                    points: r(1, 2)
                },
            ]))
        );
        // A bottom option with points is a band from 0.
        let Ok(Rule::Bands(b)) =
            rule_of(&opts(&[("Từ 50% trở lên", 1, 1), ("Dưới 50%", 1, 4)]), max)
        else {
            panic!()
        };
        assert_eq!(
            b[1],
            Band {
                min: r(0, 1),
                points: r(1, 4)
            }
        );
        // A gap between 95 and 98.
        let e = rule_of(
            &opts(&[("Từ 98% trở lên", 1, 1), ("Từ 90% đến dưới 95%", 1, 2)]),
            max,
        )
        .unwrap_err();
        assert_eq!(e[0].0, 1);
        assert!(e[0].1.contains("95%"), "{e:?}");
        // A 0-point option without a percentage is the rest, below every threshold.
        let Ok(Rule::Bands(b)) = rule_of(&opts(&[("100%", 1, 1), ("Không thực hiện", 0, 1)]), max)
        else {
            panic!()
        };
        assert_eq!(
            b,
            vec![Band {
                min: r(100, 1),
                points: r(1, 1)
            }]
        );
        let e = rule_of(&opts(&[("100%", 1, 1), ("Thực hiện một phần", 1, 2)]), max).unwrap_err();
        assert!(e[0].1.contains("không có số phần trăm"), "{e:?}");
        let e = rule_of(&opts(&[("Tốt", 3, 2)]), max).unwrap_err();
        assert!(e[0].1.contains("nhiều hơn điểm tối đa 1"), "{e:?}");
    }

    #[test]
    fn phrases_say_the_rules_options_cannot() {
        let max = r(2, 1);
        for rule in [
            Rule::Ratio { target: r(60, 1) },
            Rule::Count { per_item: r(1, 2) },
            Rule::Deduction {
                per_item: r(1, 100),
            },
        ] {
            let phrase = rule_phrase(&rule, max).unwrap();
            assert_eq!(phrase_rule(&format!("{phrase}\nGhi chú")), Some(rule));
        }
        assert!(phrase_rule("Chấm theo hướng dẫn").is_none());
        let rule = phrase_rule("Trừ 0,01 điểm mỗi hồ sơ quá hạn, thấp nhất 0").unwrap();
        assert_eq!(
            rule,
            Rule::Deduction {
                per_item: r(1, 100)
            }
        );
        let rule = phrase_rule("0,5 điểm mỗi sáng kiến được công nhận").unwrap();
        assert_eq!(rule, Rule::Count { per_item: r(1, 2) });
        let rule = phrase_rule("Tỷ lệ so với chỉ tiêu 75%: 3 × tỷ lệ ÷ 75").unwrap();
        assert_eq!(rule, Rule::Ratio { target: r(75, 1) });
    }
}
