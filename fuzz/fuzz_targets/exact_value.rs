#![no_main]
//! Numbers over their whole range (SPEC §2–§4): `score::apply` under one rule of each kind
//! gives exactly the points that a plain BigRational reference gives, or refuses the value,
//! and then only if the reference finds it invalid too or it is past the documented limit
//! (more than 18 significant digits or 18 decimals, in a number or a part of `a/b`), with a
//! message that says "quá lớn". The same check as tests/cli/exact.rs, one value at a time.
//!
//! Input: byte 0 picks the rule (`b % 8`, so `'0'`–`'7'` in a seed), byte 1 the text mode
//! (`b % 8 == 0`, e.g. `'x'`: the rest as raw UTF-8; else, e.g. `':'`, the rest mapped onto
//! `0-9 , . % / - space`, those characters left as they are), at most 45 characters.

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use num_bigint::BigInt;
use num_rational::BigRational as Q;
use num_traits::{Signed, ToPrimitive, Zero};
use parindex::criteria::{Band, Level, Rule};
use parindex::number::Rational;

const ALPHABET: &[u8; 16] = b"0123456789,.%/- ";
const MAX_LEN: usize = 45;

/// A fraction n/d, written as the pair (n, d).
type F = (i64, i64);

/// A rule with its fixed parameters, as the reference reads it.
enum Ref {
    Bands(&'static [(F, F)]),
    Ratio(F),
    Count(F),
    Deduction(F),
    Points,
    Levels(&'static [(&'static str, F)]),
    Binary,
}

/// The rules and maxima of tests/cli/exact.rs, plus a levels and a binary rule.
#[rustfmt::skip]
const CASES: [(Ref, F); 8] = [
    (Ref::Bands(&[((100, 1), (2, 1)), ((80, 1), (5, 4)), ((33335, 1000), (1, 2)), ((1, E18), (1, 100))]), (2, 1)),
    (Ref::Ratio((60, 1)), (3, 2)),
    (Ref::Ratio((100, 1)), (1, 1)),
    (Ref::Count((1, 4)), (2, 1)),
    (Ref::Deduction((1, 4)), (3, 2)),
    (Ref::Points, (2, 1)),
    (Ref::Levels(&[("xuat_sac", (1, 1)), ("tot", (3, 4)), ("hoan_thanh", (1, 2)), ("khong", (0, 1))]), (2, 1)),
    (Ref::Binary, (1, 1)),
];
const E18: i64 = 1_000_000_000_000_000_000;

fn q((n, d): F) -> Q {
    Q::new(BigInt::from(n), BigInt::from(d))
}

fn r((n, d): F) -> Rational {
    Rational::new(n.into(), d.into()).expect("valid fixed rational")
}

/// The same rules as the scorer holds them, built once.
fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let rule = |re: &Ref| match re {
            Ref::Bands(b) => Rule::Bands(
                b.iter()
                    .map(|&(m, p)| Band {
                        min: r(m),
                        points: r(p),
                    })
                    .collect(),
            ),
            Ref::Ratio(t) => Rule::Ratio { target: r(*t) },
            Ref::Count(p) => Rule::Count { per_item: r(*p) },
            Ref::Deduction(p) => Rule::Deduction { per_item: r(*p) },
            Ref::Points => Rule::Points,
            Ref::Levels(l) => Rule::Levels(
                l.iter()
                    .map(|&(l, f)| Level {
                        label: l.into(),
                        fraction: r(f),
                    })
                    .collect(),
            ),
            Ref::Binary => Rule::Binary,
        };
        CASES.iter().map(|(re, _)| rule(re)).collect()
    })
}

/// One number without `%` or `/` (SPEC §3), with an optional sign: with both separators the
/// last one is decimal (and appears once); one separator once is decimal; one kind repeated is
/// thousands; thousands groups are 1–3 digits then groups of 3 (`1.234.567`). Also says
/// whether it is past the limit (18 significant digits or 18 decimals).
fn plain(t: &str) -> Option<(Q, bool)> {
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (dots, commas) = (body.matches('.').count(), body.matches(',').count());
    let decimal = match (dots, commas) {
        (0, 1) => Some(','),
        (1, 0) => Some('.'),
        (0, _) | (_, 0) => None,
        _ => {
            let last = body.chars().rev().find(|c| matches!(c, '.' | ','))?;
            if body.matches(last).count() > 1 {
                return None;
            }
            Some(last)
        }
    };
    let (int, frac) = decimal.map_or((body, ""), |d| body.split_once(d).unwrap());
    let mut groups = int.split(['.', ',']);
    let first = groups.next().unwrap();
    if int.len() > first.len()
        && (first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3))
    {
        return None;
    }
    let digits = int.replace(['.', ','], "") + frac;
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value = Q::new(
        digits.parse().ok()?,
        BigInt::from(10).pow(frac.len() as u32),
    );
    let significant = digits.trim_start_matches('0').len();
    Some((
        if neg { -value } else { value },
        significant > 18 || frac.len() > 18,
    ))
}

enum Read {
    Value(Q),
    NotApplicable,
    Invalid,
}

/// A value cell (SPEC §3): trailing `%` ignored, `a/b` = a ÷ b × 100, `0/0` not applicable.
fn read(text: &str) -> (Read, bool) {
    let t = text.trim();
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    let Some((a, b)) = t.split_once('/') else {
        return plain(t).map_or((Read::Invalid, false), |(v, big)| (Read::Value(v), big));
    };
    match (plain(a.trim()), plain(b.trim())) {
        (Some((a, x)), Some((b, y))) if b.is_zero() && a.is_zero() => (Read::NotApplicable, x || y),
        (Some((_, x)), Some((b, y))) if b.is_zero() => (Read::Invalid, x || y),
        (Some((a, x)), Some((b, y))) => (Read::Value(a * q((100, 1)) / b), x || y),
        _ => (Read::Invalid, false),
    }
}

/// SPEC §2: the exact points of a number, None where the rule cannot take it.
fn points(re: &Ref, max: &Q, v: Q) -> Option<Q> {
    let whole = v.is_integer() && !v.is_negative();
    match re {
        Ref::Bands(bands) => Some(
            bands
                .iter()
                .find(|(min, _)| q(*min) <= v)
                .map_or(Q::zero(), |(_, p)| q(*p)),
        ),
        Ref::Ratio(target) => (!v.is_negative()).then(|| max * (v / q(*target)).min(q((1, 1)))),
        Ref::Count(per) => whole.then(|| (v * q(*per)).min(max.clone())),
        Ref::Deduction(per) => whole.then(|| (max - v * q(*per)).max(Q::zero())),
        Ref::Points => (!v.is_negative() && v <= *max).then_some(v),
        Ref::Levels(_) | Ref::Binary => unreachable!(),
    }
}

/// A Rational equal to `x`, if one can hold it.
fn rational(x: &Q) -> Option<Rational> {
    Rational::new(x.numer().to_i128()?, x.denom().to_i128()?)
}

/// The value text: raw UTF-8, or bytes mapped onto a number-like alphabet.
fn text(mode: u8, rest: &[u8]) -> Option<String> {
    if mode % 8 == 0 {
        return std::str::from_utf8(rest).ok().map(str::to_string);
    }
    let map = |&b: &u8| {
        if ALPHABET.contains(&b) {
            b as char
        } else {
            ALPHABET[(b % 16) as usize] as char
        }
    };
    Some(rest.iter().take(MAX_LEN).map(map).collect())
}

fuzz_target!(|data: &[u8]| {
    let [pick, mode, rest @ ..] = data else {
        return;
    };
    let Some(text) = text(*mode, rest) else {
        return;
    };
    let pick = (*pick % 8) as usize;
    let ((re, max), rule) = (&CASES[pick], &rules()[pick]);
    let qmax = &q(*max);
    let got = parindex::score::apply(rule, r(*max), &text);
    // Labels and yes/no words: the spellings of SPEC §2 must give their points; a looser
    // spelling (diacritics or separators aside) may be read, but only as one of the allowed
    // points.
    let words = |known: Option<Q>, allowed: Vec<Q>| match (&got, known) {
        (Ok((p, _)), Some(want)) => assert_eq!(Some(*p), rational(&want), "{text:?}"),
        (Ok((p, _)), None) => assert!(
            allowed.iter().any(|a| Some(*p) == rational(a)),
            "{text:?} read as {p:?}"
        ),
        (Err(e), Some(want)) => panic!("{text:?} refused ({e}), expected {want}"),
        (Err(_), None) => {}
    };
    let lower = text.trim().to_lowercase();
    match re {
        Ref::Binary => {
            let yes = ["yes", "y", "true", "1", "có", "co", "đạt"].contains(&lower.as_str());
            let no =
                ["no", "n", "false", "0", "không", "khong", "không đạt"].contains(&lower.as_str());
            let known = (yes || no).then(|| if yes { qmax.clone() } else { Q::zero() });
            return words(known, vec![qmax.clone(), Q::zero()]);
        }
        Ref::Levels(levels) => {
            let known = levels
                .iter()
                .find(|(l, _)| *l == lower)
                .map(|(_, f)| q(*f) * qmax);
            return words(known, levels.iter().map(|(_, f)| q(*f) * qmax).collect());
        }
        _ => {}
    }
    let (value, big) = read(&text);
    let want = match value {
        Read::Value(v) => points(re, qmax, v),
        Read::NotApplicable | Read::Invalid => None,
    };
    match (got, want) {
        (Ok((p, _)), Some(want)) => {
            // The exact points, and the points rounded half away from zero to 2 places.
            assert_eq!(
                Some(p),
                rational(&want),
                "{text:?}: exact points, expected {want}"
            );
            let cents = (&want * q((100, 1))).round().to_integer();
            assert_eq!(
                p.scaled(2).map(BigInt::from),
                Some(cents.clone()),
                "{text:?}: rounded points, expected {cents} cents"
            );
        }
        (Ok((p, _)), None) => {
            panic!("{text:?} accepted as {p:?}, but the reference finds it invalid")
        }
        (Err(e), Some(want)) => {
            assert!(
                big && e.contains("quá lớn"),
                "{text:?} refused ({e}), expected {want} (beyond the limit: {big})"
            )
        }
        (Err(_), None) => {}
    }
});
