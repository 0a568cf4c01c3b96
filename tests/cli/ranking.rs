//! Ranking within groups (SPEC §4): competition style on the exact index by default, on the
//! printed index with `rank_by: rounded`.

use crate::util::Workdir;

/// Leaf 1 (max 97) and two leaves that may be not applicable, so that units have different
/// applicable maxima and their indices can agree to two decimals without being equal.
const SET: &str = r#"
id: rank
title: "Xếp hạng"
RANK_BY
components:
  - id: "1"
    title: "A"
    max: 97
    rule: { kind: points }
  - id: "2"
    title: "B"
    max: 1
    rule: { kind: points }
  - id: "3"
    title: "C"
    max: 2
    rule: { kind: points }
"#;

/// (unit, leaf 1, leaf 2, leaf 3)
const UNITS: [(&str, &str, &str, &str); 5] = [
    // 87,32 / 97 = 90,0206… → 90,02
    ("xuan", "87.32", "N/A", "N/A"),
    // 88,22 / 98 = 90,0204… → 90,02: equal when printed, lower exactly
    ("yen", "87.22", "1", "N/A"),
    // 90 / 97 = 92,7835… → 92,78, twice with the same evidence: exactly equal
    ("zang", "90", "N/A", "N/A"),
    ("an", "90", "N/A", "N/A"),
    // 80 / 100 = 80,00
    ("vinh", "78", "1", "1"),
];

fn ranks(rank_by: &str) -> Vec<String> {
    let w = Workdir::new();
    w.write("set.yaml", SET.replace("RANK_BY", rank_by));
    for (id, a, b, c) in UNITS {
        w.write(
            &format!("ev/{id}.csv"),
            format!("criterion,value\n1,{a}\n2,{b}\n3,{c}\n"),
        );
    }
    let out = w.ok(&["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    out.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{} {} {}", f[1], f[2], f[6])
        })
        .collect()
}

#[test]
fn exact_ranking_separates_equal_printed_indices() {
    let expected = [
        "1 an 92.78",
        "1 zang 92.78",
        "3 xuan 90.02",
        "4 yen 90.02",
        "5 vinh 80.00",
    ];
    assert_eq!(ranks(""), expected);
    assert_eq!(ranks("rank_by: exact"), expected);
}

#[test]
fn rounded_ranking_shares_ranks_on_equal_printed_indices() {
    assert_eq!(
        ranks("rank_by: rounded"),
        [
            "1 an 92.78",
            "1 zang 92.78",
            "3 xuan 90.02",
            "3 yen 90.02",
            "5 vinh 80.00"
        ]
    );
}

#[test]
fn ranks_are_per_group_and_groups_keep_the_units_file_order() {
    let w = Workdir::new();
    w.write("set.yaml", SET.replace("RANK_BY", ""));
    for (id, a, b, c) in UNITS {
        w.write(
            &format!("ev/{id}.csv"),
            format!("criterion,value\n1,{a}\n2,{b}\n3,{c}\n"),
        );
    }
    w.write(
        "units.csv",
        "id,name,group\nvinh,Vinh,xa\nxuan,Xuân,phuong\nyen,Yên,xa\nzang,Zang,phuong\nan,An,xa\n",
    );
    let out = w.ok(&[
        "score",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-f",
        "json",
        "ev",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let got: Vec<String> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            format!(
                "{} {} {}/{}",
                u["group"].as_str().unwrap(),
                u["id"].as_str().unwrap(),
                u["rank"],
                u["group_size"]
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "xa an 1/3",
            "xa yen 2/3",
            "xa vinh 3/3",
            "phuong zang 1/2",
            "phuong xuan 2/2"
        ]
    );
}
