//! Numbers over their whole range (SPEC §3 "read exactly, whatever its length"): each value
//! scores exactly as a plain BigRational reference says, or its row is refused, and then only
//! if the reference finds it invalid or it goes past the documented 18-digit limit.

use std::collections::{BTreeMap, BTreeSet};

use num_bigint::BigInt;
use num_rational::BigRational as Q;
use proptest::prelude::*;
use serde_json::Value;

use crate::util::Workdir;

/// One leaf of each numeric rule kind; base maximum 10. `LEAVES` below says the same.
const SET: &str = r#"
id: exact
title: "Số lớn, số nhỏ"
places: 2
not_applicable: zero
components:
  - id: "1"
    children:
      - id: "1.1"
        max: 2
        rule: { kind: bands, bands: [ { min: 100, points: 2 }, { min: 80, points: 1.25 }, { min: 33.335, points: 0.5 }, { min: 0.000000000000000001, points: 0.01 } ] }
      - { id: "1.2", max: 1.5, rule: { kind: ratio, target: 60 } }
      - { id: "1.3", max: 1, rule: { kind: ratio } }
      - { id: "1.4", max: 2, rule: { kind: count, per_item: 0.25 } }
      - { id: "1.5", max: 1.5, rule: { kind: deduction, per_item: 0.25 } }
  - { id: "2", max: 2, rule: { kind: points } }
"#;

enum Rule {
    Bands(&'static [(&'static str, &'static str)]),
    Ratio(&'static str),
    Count(&'static str),
    Deduction(&'static str),
    Points,
}

/// Leaf 1.1's bands, (min, points), in descending `min` as the rule reads them.
const BANDS: &[(&str, &str)] = &[
    ("100", "2"),
    ("80", "1.25"),
    ("33.335", "0.5"),
    ("0.000000000000000001", "0.01"),
];

/// The leaves of `SET` in order: id, max, rule.
const LEAVES: [(&str, &str, Rule); 6] = [
    ("1.1", "2", Rule::Bands(BANDS)),
    ("1.2", "1.5", Rule::Ratio("60")),
    ("1.3", "1", Rule::Ratio("100")),
    ("1.4", "2", Rule::Count("0.25")),
    ("1.5", "1.5", Rule::Deduction("0.25")),
    ("2", "2", Rule::Points),
];

fn int(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

fn dec(text: &str) -> Q {
    plain(text).expect("a decimal").0
}

/// One number without `%` or `/` (SPEC §3): with both separators the last one is decimal; one
/// separator once is decimal; one kind repeated is thousands. (The generators only write
/// well-formed thousands groups.) Also says whether it is past 18 significant digits or 18
/// decimals, the limit below which nothing may be refused as too large.
fn plain(t: &str) -> Option<(Q, bool)> {
    let seps: Vec<char> = t.chars().filter(|c| matches!(c, '.' | ',')).collect();
    let decimal = match seps.as_slice() {
        [one] => Some(*one),
        [.., last] if seps.contains(&'.') && seps.contains(&',') => Some(*last),
        _ => None,
    };
    let (int, frac) = decimal.map_or(Some((t, "")), |d| t.split_once(d))?;
    let digits = int.replace(['.', ','], "") + frac;
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let scale = BigInt::from(10).pow(frac.len() as u32);
    let value = Q::new(digits.parse().ok()?, scale);
    let significant = digits.trim_start_matches('0').len();
    Some((value, significant > 18 || frac.len() > 18))
}

enum Read {
    Value(Q),
    NotApplicable,
    Invalid,
}

/// A value cell (SPEC §3): trailing `%` ignored, `a/b` = a ÷ b × 100, `0/0` not applicable.
fn read(text: &str) -> (Read, bool) {
    let t = text.trim();
    let t = t.strip_suffix('%').unwrap_or(t);
    let Some((a, b)) = t.split_once('/') else {
        return plain(t).map_or((Read::Invalid, false), |(v, big)| (Read::Value(v), big));
    };
    match (plain(a), plain(b)) {
        (Some((a, x)), Some((b, y))) if b == int(0) && a == int(0) => (Read::NotApplicable, x || y),
        (Some((_, x)), Some((b, y))) if b == int(0) => (Read::Invalid, x || y),
        (Some((a, x)), Some((b, y))) => (Read::Value(a * int(100) / b), x || y),
        _ => (Read::Invalid, false),
    }
}

/// SPEC §2: the exact points of a value, None where the rule cannot take it.
fn points(rule: &Rule, max: &Q, v: Q) -> Option<Q> {
    match rule {
        Rule::Bands(bands) => {
            Some((bands.iter().find(|(min, _)| dec(min) <= v)).map_or(int(0), |(_, p)| dec(p)))
        }
        Rule::Ratio(target) => Some(max * (v / dec(target)).min(int(1))),
        Rule::Count(per) => v.is_integer().then(|| (v * dec(per)).min(max.clone())),
        Rule::Deduction(per) => v.is_integer().then(|| (max - v * dec(per)).max(int(0))),
        Rule::Points => (v >= int(0) && v <= *max).then_some(v),
    }
}

/// Half away from zero to 2 places (SPEC §4), written as the JSON writes it.
fn fixed2(x: &Q) -> String {
    let n = (x * int(100)).round().to_integer();
    assert!(n >= BigInt::from(0), "negative {x}");
    format!("{}.{:02}", &n / 100, &n % 100)
}

/// One evidence row: value, self_score, appraised. A unit has one for each of `LEAVES`.
#[derive(Clone)]
struct Row(String, Option<String>, Option<String>);

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "value {:?} self_score {:?} appraised {:?}",
            self.0, self.1, self.2
        )
    }
}

/// What the reference makes of a row: its status, points and self-score, or None if the row
/// is invalid; and whether a cell goes past the limit.
type Outcome = (Option<(&'static str, Q, Option<Q>)>, bool);

fn expect(leaf: usize, row: &Row) -> Outcome {
    let (_, max, rule) = &LEAVES[leaf];
    let max = dec(max);
    let mut beyond = false;
    let mut cell = |text: &Option<String>| match text.as_deref().map(read) {
        None => Some(None),
        Some((read, big)) => {
            beyond |= big;
            match read {
                Read::Value(v) if v >= int(0) && v <= max => Some(Some(v)),
                _ => None,
            }
        }
    };
    let (self_score, appraised) = (cell(&row.1), cell(&row.2));
    let (value, big) = read(&row.0);
    let result = match (value, self_score, appraised) {
        (_, None, _) | (_, _, None) | (Read::Invalid, _, _) => None,
        (Read::NotApplicable, Some(s), Some(None)) => Some(("not_applicable", int(0), s)),
        (Read::NotApplicable, _, Some(Some(_))) => None,
        (Read::Value(v), Some(s), Some(a)) => points(rule, &max, v).map(|p| match a {
            Some(a) => ("appraised", a, s),
            None => ("scored", p, s),
        }),
    };
    (result, beyond || big)
}

/// The rows for which `keep(unit, leaf)` holds, as one long CSV.
fn csv(units: &[Vec<Row>], keep: impl Fn(usize, usize) -> bool) -> String {
    let mut out = String::from("unit,criterion,value,self_score,appraised,evidence,note\n");
    let cell = |c: &Option<String>| c.as_ref().map_or(String::new(), |c| format!("\"{c}\""));
    for (u, rows) in units.iter().enumerate() {
        for (leaf, row) in rows.iter().enumerate().filter(|(l, _)| keep(u, *l)) {
            let (id, value, s, a) = (LEAVES[leaf].0, &row.0, cell(&row.1), cell(&row.2));
            out.push_str(&format!("u{u:03},{id},\"{value}\",{s},{a},,\n"));
        }
    }
    out
}

/// A folder with the set and a units file of `n` units (so that a unit all of whose rows are
/// dropped is still scored).
fn workdir(n: usize) -> Workdir {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    let units: String = (0..n).map(|u| format!("u{u:03},u{u:03},all\n")).collect();
    w.write("units.csv", format!("id,name,group\n{units}"));
    w
}

fn score(w: &Workdir, evidence: &str) -> crate::util::Run {
    w.write("ev.csv", evidence);
    let args = "score --errors all -c set.yaml -u units.csv -f json ev.csv";
    w.run(&args.split(' ').collect::<Vec<_>>())
}

/// The start of stderr, without the warnings (leaves with no row).
fn head(text: &str) -> String {
    let lines = text.lines().filter(|l| !l.contains("cảnh báo"));
    lines.take(12).collect::<Vec<_>>().join("\n")
}

/// Runs the whole contract on `units`; every departure from it, one line each.
fn check(units: &[Vec<Row>]) -> Vec<String> {
    let (w, n) = (workdir(units.len()), LEAVES.len());
    let mut bad = Vec::new();
    let first = score(&w, &csv(units, |_, _| true));
    if !matches!(first.code, 0 | 1) {
        return vec![format!("exit {}:\n{}", first.code, head(&first.stderr))];
    }
    // `ev.csv:LINE: message`; the row of unit u and leaf l is on line 2 + u × n + l.
    let mut refused = BTreeSet::new();
    for line in first.stderr.lines().filter(|_| first.code == 1) {
        let parsed = line.strip_prefix("ev.csv:").and_then(|l| l.split_once(':'));
        let line_row = |(k, m): (&str, _)| Some((k.parse::<usize>().ok()?.checked_sub(2)?, m));
        let Some((k, msg)) = parsed.and_then(line_row) else {
            continue;
        };
        let (u, l) = (k / n, k % n);
        match units.get(u).map(|rows| expect(l, &rows[l])) {
            None => bad.push(format!("refused a line that is no row: {line}")),
            Some((None, _)) => {}
            Some((Some(_), true)) if msg.contains("quá lớn") => {}
            Some((Some((_, p, _)), _)) => {
                let (id, row, p) = (LEAVES[l].0, &units[u][l], fixed2(&p));
                bad.push(format!("u{u:03} {id}: refused {row:?}, expected {p}:{msg}"));
            }
        }
        refused.insert((u, l));
    }
    // Score what is left: the refused and the invalid rows are dropped (then missing).
    let kept =
        |u: usize, l: usize| !refused.contains(&(u, l)) && expect(l, &units[u][l]).0.is_some();
    let second = score(&w, &csv(units, kept));
    if second.code != 0 {
        let (code, err) = (second.code, head(&second.stderr));
        bad.push(format!("second run: exit {code}:\n{err}"));
        return bad;
    }
    let json: Value = serde_json::from_str(&second.stdout).expect("JSON");
    let by_id: BTreeMap<&str, &Value> = (json["units"].as_array().unwrap().iter())
        .map(|unit| (unit["id"].as_str().unwrap(), unit))
        .collect();
    for (u, rows) in units.iter().enumerate() {
        let unit = by_id[format!("u{u:03}").as_str()];
        let (mut total, mut selfs) = (int(0), Vec::new());
        for (l, row) in rows.iter().enumerate() {
            let (valid, id) = (expect(l, row).0, LEAVES[l].0);
            if valid.is_none() && !refused.contains(&(u, l)) {
                bad.push(format!("u{u:03} {id}: accepted invalid {row:?}"));
            }
            let (status, p, s) = valid
                .filter(|_| kept(u, l))
                .unwrap_or(("missing", int(0), None));
            let points = fixed2(&p);
            selfs.extend(s);
            total += dec(&points);
            // Leaves follow the criteria file's order (SPEC §5).
            let got = &unit["leaves"][l];
            if got["id"] != id || got["status"] != status || got["points"] != points {
                bad.push(format!(
                    "u{u:03} {id} {row:?}: expected {status} {points}, got {got}"
                ));
            }
        }
        // Not applicable and missing leaves count in the maximum: it is always 10.
        let self_points = (!selfs.is_empty()).then(|| fixed2(&selfs.into_iter().sum()));
        let want: [(&str, Value); 4] = [
            ("self_points", self_points.into()),
            ("points", fixed2(&total).into()),
            ("max", "10.00".into()),
            ("index", fixed2(&(total * int(10))).into()),
        ];
        for (key, want) in want {
            if unit[key] != want {
                bad.push(format!("u{u:03} {key}: expected {want}, got {}", unit[key]));
            }
        }
    }
    bad
}

/// A number as offices write it, and as they do not: 1–40 digits, up to 40 decimals, leading
/// zeros, thousands groups, the edges of i64/u64/i128, values at and beside the thresholds.
fn number() -> impl Strategy<Value = String> {
    let thresholds = &["100", "80", "60", "33.335", "2", "1.125", "0.2"][..];
    prop_oneof![
        3 => "[0-9]{1,40}",
        3 => "[0-9]{1,20}[.,][0-9]{1,40}",
        2 => "[0-2][.,][0-9]{1,40}",
        1 => "0{1,20}[1-9][0-9]{0,5}",
        2 => grouped(),
        3 => prop::sample::select(&[
            "9223372036854775807", "9223372036854775808", "9999999999999999999",
            "18446744073709551615", "18446744073709551616", "999999999999999999",
            "170141183460469231731687303715884105727", "170141183460469231731687303715884105728",
            "340282366920938463463374607431768211456", "0,0000000000000000001",
            "0.000000000000000001", "39.079,5", "1.234.567", "39,079.5", "86,45", "12,58",
        ][..]).prop_map(String::from),
        3 => "[0-9]{1,3}([.,][0-9]{1,2})?",
        // t + dir × 10^-k, written with k decimals
        3 => (prop::sample::select(thresholds), 3usize..30, -1i64..=1).prop_map(|(t, k, dir)| {
            let n = (dec(t) * int(10).pow(k as i32) + int(dir)).to_integer();
            let mut s = format!("{n:0>w$}", w = k + 1);
            s.insert(s.len() - k, '.');
            s
        }),
    ]
}

/// Thousands groups (`1.234.567`), maybe with a decimal part after the other separator.
fn grouped() -> impl Strategy<Value = String> {
    let groups = prop::collection::vec("[0-9]{3}", 1..7);
    let frac = prop::option::of("[0-9]{1,25}");
    ("[1-9][0-9]{0,2}", groups, any::<bool>(), frac).prop_map(|(first, groups, dot, frac)| {
        let (sep, other) = if dot { (".", ",") } else { (",", ".") };
        let int = [vec![first], groups].concat().join(sep);
        frac.map_or(int.clone(), |f| format!("{int}{other}{f}"))
    })
}

/// A value cell: a number, `a/b`, `0/0`, maybe with `%`.
fn value() -> impl Strategy<Value = String> {
    let v = prop_oneof![
        8 => number(),
        3 => (number(), number()).prop_map(|(a, b)| format!("{a}/{b}")),
        1 => Just("0/0".to_string()),
    ];
    (v, prop::bool::weighted(0.2)).prop_map(|(v, pct)| if pct { v + "%" } else { v })
}

/// A points cell (`self_score`, `appraised`): mostly within [0, max], not always.
fn points_cell() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[01][.,][0-9]{1,40}", 1 => "[0-2]", 2 => number()]
}

fn unit() -> impl Strategy<Value = Vec<Row>> {
    let (s, a) = (
        prop::option::weighted(0.5, points_cell()),
        prop::option::weighted(0.2, points_cell()),
    );
    let row = (value(), s, a).prop_map(|(v, s, a)| Row(v, s, a));
    proptest::collection::vec(row, LEAVES.len())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_value_scores_exactly_or_is_refused_within_the_limit(units in proptest::collection::vec(unit(), 50)) {
        let bad = check(&units);
        prop_assert!(bad.is_empty(), "{} problems:\n{}", bad.len(), bad.join("\n"));
    }
}

/// SPEC §3's own examples, and 2^63: each must be scored, exactly.
#[test]
fn long_numbers_named_in_the_spec_are_scored_exactly() {
    let mut bad = Vec::new();
    for (leaf, value, want) in [
        ("1.3", "9999999999999999999", "1.00"), // ratio, max 1, target 100: full marks
        ("1.1", "9223372036854775808", "2.00"), // 2^63 reaches the band from 100
        ("1.1", "1/9999999999999999999", "0.01"), // 100 ÷ (10^19 − 1) ≥ 10^-18
        ("1.1", "0,0000000000000000001", "0.00"), // 10^-19 < 10^-18
        ("2", "0,0000000000000000001", "0.00"),
    ] {
        let r = score(
            &workdir(1),
            &format!("unit,criterion,value\nu000,{leaf},\"{value}\"\n"),
        );
        let json: Value = serde_json::from_str(&r.stdout).unwrap_or_default();
        let got = &json["units"][0]["leaves"][LEAVES.iter().position(|l| l.0 == leaf).unwrap()];
        if r.code != 0 || got["points"] != want {
            let err = head(&r.stderr);
            bad.push(format!(
                "{leaf} = {value}: expected {want}, exit {}: {got} {err}",
                r.code
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
