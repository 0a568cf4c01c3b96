#![no_main]
//! Any UTF-8 text as a `value` cell: the number parsers, formatting and rounding of what
//! they read, and `score::apply` under one rule of each kind.

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parindex::criteria::{Band, Level, Rule};
use parindex::number::{self, Number, Rational};

fn r(n: i128, d: i128) -> Rational {
    Rational::new(n, d).expect("valid fixed rational")
}

fn rules() -> &'static [(Rule, Rational)] {
    static RULES: OnceLock<Vec<(Rule, Rational)>> = OnceLock::new();
    RULES.get_or_init(|| {
        vec![
            (Rule::Binary, r(1, 1)),
            (
                Rule::Levels(vec![
                    Level {
                        label: "xuat_sac".into(),
                        fraction: r(1, 1),
                    },
                    Level {
                        label: "tot".into(),
                        fraction: r(3, 4),
                    },
                    Level {
                        label: "hoan_thanh".into(),
                        fraction: r(1, 2),
                    },
                    Level {
                        label: "khong_hoan_thanh".into(),
                        fraction: r(0, 1),
                    },
                ]),
                r(2, 1),
            ),
            (
                Rule::Bands(vec![
                    Band {
                        min: r(30, 1),
                        points: r(2, 1),
                    },
                    Band {
                        min: r(20, 1),
                        points: r(1, 1),
                    },
                    Band {
                        min: r(10, 1),
                        points: r(1, 2),
                    },
                ]),
                r(2, 1),
            ),
            (Rule::Ratio { target: r(100, 1) }, r(3, 2)),
            (Rule::Ratio { target: r(85, 1) }, r(1, 1)),
            (Rule::Count { per_item: r(1, 2) }, r(2, 1)),
            (Rule::Deduction { per_item: r(1, 4) }, r(1, 1)),
            (Rule::Points, r(2, 1)),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = number::is_not_applicable(text);
    let _ = number::fold_vi(text);
    if let Ok(Number::Value(v)) = number::parse_number(text) {
        let _ = v.format(2, ',');
        let _ = v.format(0, '.');
        let _ = v.round(2);
        let _ = v.display_vi();
    }
    if let Ok(v) = number::parse_decimal(text) {
        let _ = v.format(2, '.');
        let _ = v.round(2);
    }
    for (rule, max) in rules() {
        let _ = parindex::score::apply(rule, *max, text);
    }
});
