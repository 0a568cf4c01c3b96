//! Property tests over the library: bounds, monotonicity, independence from input order.

use proptest::prelude::*;

use parindex::criteria::{Band, Criteria, Rule};
use parindex::evidence::Evidence;
use parindex::number::Rational;
use parindex::report;
use parindex::score::{self, apply};

use crate::SET;
use crate::util::Workdir;

fn rat(n: i64, d: i64) -> Rational {
    Rational::new(n as i128, d as i128).unwrap()
}

/// A value as an office might write it: integer or 2 decimals, comma or dot, maybe `%`.
fn written(hundredths: i64, comma: bool, pct: bool) -> String {
    let s = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    let s = if comma { s.replace('.', ",") } else { s };
    if pct { format!("{s}%") } else { s }
}

proptest! {
    #[test]
    fn raising_a_value_never_lowers_the_points(
        a in 0i64..20_000, b in 0i64..20_000,
        target in 1i64..20_000, per in 1i64..300, max in 0i64..500,
        mins in proptest::collection::vec((0i64..15_000, 0i64..1), 1..5),
        comma: bool, pct: bool,
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        let max = rat(max, 100);
        // Sensible bands: a higher threshold never gives fewer points.
        let mut mins: Vec<i64> = mins.iter().map(|m| m.0).collect();
        mins.sort();
        let mut points: Vec<Rational> = mins.iter().enumerate().map(|(i, _)| rat(i as i64 * 10, 100).min(max)).collect();
        points.sort();
        let sorted = Rule::Bands(
            mins.iter().zip(&points).rev()
                .map(|(&m, &p)| Band { min: rat(m, 100), points: p })
                .collect::<Vec<_>>(),
        );
        let rules = [
            sorted,
            Rule::Ratio { target: rat(target, 100) },
        ];
        for rule in &rules {
            let p_lo = apply(rule, max, &written(lo, comma, pct)).unwrap().0;
            let p_hi = apply(rule, max, &written(hi, comma, pct)).unwrap().0;
            prop_assert!(p_lo <= p_hi, "{rule:?}: {lo} → {p_lo:?}, {hi} → {p_hi:?}");
            prop_assert!(p_hi <= max && !p_lo.is_negative());
        }
        let count = Rule::Count { per_item: rat(per, 100) };
        let (n_lo, n_hi) = ((lo / 100).to_string(), (hi / 100).to_string());
        let c_lo = apply(&count, max, &n_lo).unwrap().0;
        let c_hi = apply(&count, max, &n_hi).unwrap().0;
        prop_assert!(c_lo <= c_hi && c_hi <= max);
        // and the opposite for deductions: more violations never raise the points
        let ded = Rule::Deduction { per_item: rat(per, 100) };
        let d_lo = apply(&ded, max, &n_lo).unwrap().0;
        let d_hi = apply(&ded, max, &n_hi).unwrap().0;
        prop_assert!(d_hi <= d_lo && d_lo <= max && !d_hi.is_negative());
    }
}

/// Random but valid evidence for the small set: one row per leaf, or none, or N/A.
fn evidence_row() -> impl Strategy<Value = Vec<Option<String>>> {
    let yes_no = prop_oneof![
        Just("có"),
        Just("không"),
        Just("Đạt"),
        Just("no"),
        Just("N/A")
    ];
    let level = prop_oneof![
        Just("xuat_sac"),
        Just("TOT"),
        Just("hoan_thanh"),
        Just("khong"),
        Just("KPS")
    ];
    (
        proptest::option::of(yes_no.prop_map(String::from)),
        proptest::option::of(level.prop_map(String::from)),
        proptest::option::of((0i64..12_000, any::<bool>()).prop_map(|(v, c)| written(v, c, true))),
        proptest::option::of((0i64..12_000, any::<bool>()).prop_map(|(v, c)| written(v, c, false))),
        proptest::option::of((0u32..9).prop_map(|n| n.to_string())),
        proptest::option::of((0u32..5).prop_map(|n| n.to_string())),
        proptest::option::of((0i64..=100, any::<bool>()).prop_map(|(v, c)| written(v, c, false))),
    )
        .prop_map(|(a, b, c, d, e, f, g)| vec![a, b, c, d, e, f, g])
}

const LEAVES: [&str; 7] = ["1.1", "1.2", "7.5", "7.6", "7.7", "7.8", "9"];

/// The small set without its bonus component.
fn set_without_bonus() -> String {
    SET[..SET.find("  - id: \"10\"").unwrap()].to_string()
}

fn score_json(criteria: &Criteria, args: &[std::path::PathBuf]) -> String {
    let (ev, problems) = Evidence::load(None, args).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let result = score::score(criteria, &ev, None, false, score::Keep::All).unwrap();
    report::json(criteria, &result)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn index_stays_within_0_and_100_without_bonus(units in proptest::collection::vec(evidence_row(), 1..5)) {
        let criteria = Criteria::parse(&set_without_bonus(), "set.yaml").unwrap();
        let w = Workdir::new();
        let mut long = String::from("unit,criterion,value\n");
        for (u, rows) in units.iter().enumerate() {
            for (leaf, value) in LEAVES.iter().zip(rows) {
                if let Some(v) = value { long.push_str(&format!("u{u},{leaf},\"{v}\"\n")); }
            }
            // keep one applicable base leaf so that the index is defined
            long.push_str(&format!("u{u},9,0.5\n"));
        }
        let long = dedupe_leaf9(&long);
        let path = w.write("long.csv", &long);
        let (ev, problems) = Evidence::load(None, &[path]).unwrap();
        prop_assert!(problems.is_empty(), "{problems:?}");
        let result = score::score(&criteria, &ev, None, false, score::Keep::All).unwrap();
        for u in &result.units {
            prop_assert!(u.index >= Rational::ZERO && u.index <= Rational::HUNDRED, "{:?}", u.index);
            prop_assert!(u.points <= u.max);
        }
    }

    #[test]
    fn shuffling_rows_and_files_changes_nothing(
        units in proptest::collection::vec(evidence_row(), 2..5),
        seed in any::<u64>(),
    ) {
        let criteria = Criteria::parse(SET, "set.yaml").unwrap();
        let w = Workdir::new();
        // Per-unit files, rows in leaf order.
        let mut rows = Vec::new();
        for (u, values) in units.iter().enumerate() {
            let mut file = String::from("criterion,value,self_score\n");
            for (leaf, value) in LEAVES.iter().zip(values) {
                if let Some(v) = value {
                    file.push_str(&format!("{leaf},\"{v}\",\n"));
                    rows.push(format!("u{u},{leaf},\"{v}\",\n"));
                }
            }
            file.push_str("10,0.25,0.5\n");
            rows.push(format!("u{u},10,0.25,0.5\n"));
            w.write(&format!("a/u{u}.csv"), file);
        }
        // The same rows in one long file, shuffled.
        let mut state = seed | 1;
        for i in (1..rows.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            rows.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let long = format!("unit,criterion,value,self_score\n{}", rows.concat());
        let long_path = w.write("b/long.csv", long);
        let per_unit = score_json(&criteria, &[w.path("a")]);
        let shuffled = score_json(&criteria, &[long_path]);
        prop_assert_eq!(per_unit, shuffled);
    }
}

/// Leaf 9 must appear once per unit: keep the generated row if any, else the added one.
fn dedupe_leaf9(long: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for line in long.lines() {
        let mut f = line.splitn(3, ',');
        let (u, c) = (f.next().unwrap_or(""), f.next().unwrap_or(""));
        if c == "9" && !seen.insert(u.to_string()) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The value reader takes any text without panicking, and what it reads prints back.
    #[test]
    fn value_parser_never_panics(text in "\\PC{0,40}", digits in "[0-9.,/% -]{0,30}") {
        for t in [text.as_str(), digits.as_str()] {
            let _ = parindex::number::is_not_applicable(t);
            let _ = parindex::number::fold_vi(t);
            if let Ok(parindex::number::Number::Value(v)) = parindex::number::parse_number(t) {
                let printed = v.format(2, '.');
                prop_assert!(printed.parse::<f64>().is_ok(), "{printed}");
            }
        }
    }

    /// Any text as a criteria file: a list of problems or a tree, never a panic.
    #[test]
    fn criteria_reader_never_panics(text in "(id: x\ncomponents:\n)?[ -~\n]{0,300}") {
        let _ = Criteria::parse(&text, "f.yaml");
    }

    /// Any bytes as an evidence file: problems or rows, and scoring them never panics.
    #[test]
    fn evidence_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), header: bool) {
        let w = Workdir::new();
        let mut content = if header { b"criterion;value;self_score;appraised\n".to_vec() } else { Vec::new() };
        content.extend(bytes);
        let path = w.write("bac-son.csv", &content);
        let criteria = Criteria::parse(SET, "set.yaml").unwrap();
        if let Ok((ev, problems)) = Evidence::load(None, &[path])
            && problems.is_empty()
        {
            let _ = score::score(&criteria, &ev, None, false, score::Keep::All);
        }
    }
}
