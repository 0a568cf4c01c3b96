//! Comparing periods built from the bundled example: some evidence changed, two units merged,
//! a unit gone, a new criteria set.

use std::path::Path;

use crate::util::{Workdir, root};

fn s(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Copies the example into `dir`, applying `(file, from, to)` edits.
fn period(w: &Workdir, dir: &str, edits: &[(&str, &str, &str)]) {
    let example = root().join("examples/langson-2023-9t");
    for entry in std::fs::read_dir(&example).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".csv") {
            continue;
        }
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (file, from, to) in edits {
            if *file == name {
                assert!(text.contains(from), "{from:?} not in {name}");
                text = text.replacen(from, to, 1);
            }
        }
        w.write(&format!("{dir}/{name}"), text);
    }
}

/// Scores `dir` into `out` with the period `label`.
fn score(w: &Workdir, criteria: &Path, dir: &str, label: &str, out: &str) {
    w.ok(&[
        "score",
        "-c",
        criteria.to_str().unwrap(),
        "--period",
        label,
        "-o",
        out,
        dir,
    ]);
}

/// 9 months (the example as it is) and the year, where:
/// - Bắc Sơn digitised more records: 7.5 12,58% → 45%: 1,5 × 45 ÷ 60 = 1,125 → 1,13
///   (+0,82); points 62,98 → 63,80; index 63,80 ÷ 86,5 = 73,7572… → 73,76 (+0,95).
/// - Văn Lãng reported 7.7 (missing before): xuat_sac = 2 points; 62,78 → 64,78; index
///   74,8902… → 74,89 (+2,31).
///   Ranks before: Bình Gia 74,60 (9), Bắc Sơn 72,81 (10), Văn Lãng 72,58 (11);
///   after: Văn Lãng 74,89 (9, ↑2), Bình Gia 74,60 (10, ↓1), Bắc Sơn 73,76 (11, ↓1).
fn two_periods() -> Workdir {
    let w = Workdir::new();
    period(&w, "t9", &[]);
    period(
        &w,
        "nam",
        &[
            ("bac-son.csv", "7.5;12,58%;", "7.5;45%;"),
            (
                "van-lang.csv",
                "1.2;có;",
                "7.7;xuat_sac;2;;Kế hoạch 40/KH-UBND;\n1.2;có;",
            ),
        ],
    );
    let criteria = root().join("criteria/langson-huyen-2023.yaml");
    score(&w, &criteria, "t9", "2023-9T", "t9.json");
    score(&w, &criteria, "nam", "2023", "nam.json");
    w
}

#[test]
fn deltas_and_rank_moves_checked_by_hand() {
    let w = two_periods();
    let out = w.ok(&["compare", "-f", "json", "t9.json", "nam.json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["same_criteria"], true);
    assert_eq!(
        (s(&v["before"]["period"]), s(&v["after"]["period"])),
        ("2023-9T".into(), "2023".into())
    );
    let unit = |id: &str| {
        v["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["after_id"] == id)
            .unwrap()
            .clone()
    };
    let row = |id: &str| {
        let u = unit(id);
        format!(
            "{} {} {} {} {} {}",
            s(&u["index_before"]),
            s(&u["index_after"]),
            s(&u["index_change"]),
            s(&u["rank_before"]),
            s(&u["rank_after"]),
            s(&u["rank_move"])
        )
    };
    assert_eq!(row("bac-son"), "72.81 73.76 0.95 10 11 -1");
    assert_eq!(row("van-lang"), "72.58 74.89 2.31 11 9 2");
    assert_eq!(row("binh-gia"), "74.60 74.60 0.00 9 10 -1");
    assert_eq!(row("cao-loc"), "89.17 89.17 0.00 2 2 0");
    let leaves = |id: &str| -> Vec<String> {
        unit(id)["leaves"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                format!(
                    "{} {} → {} ({}) {} → {} {}",
                    s(&l["id"]),
                    s(&l["points_before"]),
                    s(&l["points_after"]),
                    s(&l["change"]),
                    s(&l["status_before"]),
                    s(&l["status_after"]),
                    s(&l["owner"])
                )
            })
            .collect()
    };
    assert_eq!(
        leaves("bac-son"),
        ["7.5 0.31 → 1.13 (0.82) scored → scored Văn phòng HĐND và UBND"]
    );
    assert_eq!(
        leaves("van-lang"),
        ["7.7 0.00 → 2.00 (2.00) missing → scored Văn phòng HĐND và UBND"]
    );
    assert!(leaves("cao-loc").is_empty());
    let c7 = unit("bac-son")["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "7")
        .unwrap()
        .clone();
    assert_eq!(
        (
            s(&c7["points_before"]),
            s(&c7["points_after"]),
            s(&c7["change"])
        ),
        ("11.62".into(), "12.44".into(), "0.82".into())
    );
    // Means over the 11 units: 890,88 ÷ 11 = 80,989… → 80,99; (890,88 + 0,95 + 2,31) ÷ 11 =
    // 894,14 ÷ 11 = 81,2854… → 81,29.
    let g = &v["groups"][0];
    assert_eq!(
        (
            s(&g["group"]),
            s(&g["mean_index_before"]),
            s(&g["mean_index_after"])
        ),
        ("huyen".into(), "80.99".into(), "81.29".into())
    );
    let table = w.ok(&["compare", "t9.json", "nam.json"]);
    for needle in [
        "↑2",
        "↓1",
        "+2,31",
        "tăng nhiều nhất",
        "UBND huyện Văn Lãng: tiêu chí tăng, giảm điểm",
        "thiếu số liệu → đã chấm",
    ] {
        assert!(table.contains(needle), "{needle:?} not in\n{table}");
    }
    let csv = w.ok(&["compare", "-f", "csv", "t9.json", "nam.json"]);
    assert!(
        csv.contains(
            "huyen,van-lang,van-lang,UBND huyện Văn Lãng,both,72.58,74.89,2.31,11,9,2,Khá,Khá,1\n"
        ),
        "{csv}"
    );
}

/// Đình Lập merged into Lộc Bình, Văn Quan gone, a new đơn vị appears: nothing dropped,
/// nothing averaged.
#[test]
fn merged_gone_and_new_units() {
    let w = two_periods();
    let mut units = std::fs::read_to_string(w.path("nam/units.csv")).unwrap();
    units = units
        .replace("dinh-lap,UBND huyện Đình Lập,huyen,\n", "")
        .replace("van-quan,UBND huyện Văn Quan,huyen,\n", "");
    units.push_str("xa-moi,UBND xã Mới,huyen,\n");
    w.write("sau/units.csv", units);
    for f in std::fs::read_dir(w.path("nam")).unwrap() {
        let p = f.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name != "units.csv" && name != "dinh-lap.csv" && name != "van-quan.csv" {
            std::fs::copy(&p, w.path(&format!("sau/{name}"))).unwrap();
        }
    }
    std::fs::copy(w.path("nam/cao-loc.csv"), w.path("sau/xa-moi.csv")).unwrap();
    score(
        &w,
        &root().join("criteria/langson-huyen-2023.yaml"),
        "sau",
        "2025",
        "sau.json",
    );
    w.write("map.csv", "before_id,after_id\ndinh-lap,loc-binh\n");
    let out = w.ok(&[
        "compare", "-f", "json", "--map", "map.csv", "t9.json", "sau.json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows: Vec<String> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            format!(
                "{} {} {} {} {}",
                s(&u["before_id"]),
                s(&u["after_id"]),
                s(&u["status"]),
                s(&u["index_before"]),
                s(&u["index_after"])
            )
        })
        .collect();
    // Lộc Bình after the merger is shown against each source, with each one's own index.
    assert!(
        rows.contains(&"loc-binh loc-binh merged 77.98 77.98".to_string()),
        "{rows:#?}"
    );
    assert!(
        rows.contains(&"dinh-lap loc-binh merged 76.55 77.98".to_string()),
        "{rows:#?}"
    );
    assert!(
        rows.contains(&"van-quan null gone 79.88 null".to_string()),
        "{rows:#?}"
    );
    assert!(
        rows.iter().any(|r| r.starts_with("null xa-moi new null ")),
        "{rows:#?}"
    );
    let table = w.ok(&["compare", "--map", "map.csv", "t9.json", "sau.json"]);
    assert!(
        table.contains("UBND huyện Đình Lập → UBND huyện Lộc Bình"),
        "{table}"
    );
    assert!(
        table.contains("không còn") && table.contains("mới"),
        "{table}"
    );
    // Without the map, Đình Lập is listed as gone, not dropped.
    let out = w.ok(&["compare", "-f", "csv", "t9.json", "sau.json"]);
    assert!(
        out.contains("huyen,dinh-lap,,UBND huyện Đình Lập,gone,76.55,"),
        "{out}"
    );
    // A bad map is an error with its line.
    w.write(
        "bad.csv",
        "before_id,after_id\ndinh-lap,loc-binh\ndinh-lap,cao-loc\n",
    );
    let err = w.fails(1, &["compare", "--map", "bad.csv", "t9.json", "sau.json"]);
    assert!(
        err.contains("bad.csv:3: đơn vị dinh-lap được ánh xạ hai lần"),
        "{err}"
    );
    // A typo is an error, not a silent non-merge; a map saved by Excel with semicolons reads.
    w.write("typo.csv", "before_id;after_id\ndinh-lap;loc-binhX\n");
    let err = w.fails(1, &["compare", "--map", "typo.csv", "t9.json", "sau.json"]);
    assert!(
        err.contains("typo.csv:2: đơn vị loc-binhX không có trong kết quả sau (sau.json)"),
        "{err}"
    );
    w.write(
        "semi.csv",
        "\u{feff}before_id;after_id\ndinh-lap;loc-binh\n",
    );
    let out = w.ok(&[
        "compare", "-f", "csv", "--map", "semi.csv", "t9.json", "sau.json",
    ]);
    assert!(out.contains(",dinh-lap,loc-binh,"), "{out}");
    w.write("noheader.csv", "dinh-lap,loc-binh\n");
    let err = w.fails(
        1,
        &["compare", "--map", "noheader.csv", "t9.json", "sau.json"],
    );
    assert!(
        err.contains("tệp ánh xạ cần hai cột before_id, after_id"),
        "{err}"
    );
}

/// A new year's set with another id: components compared with a notice; leaves only where
/// the id and the maximum are the same (7.5 changed its maximum: left out).
#[test]
fn different_criteria_sets() {
    let w = two_periods();
    let set = std::fs::read_to_string(root().join("criteria/langson-huyen-2023.yaml")).unwrap();
    // 7.5 goes from 1,5 to 2 points: the set's total from 100 to 100,5.
    let set = set
        .replace("id: langson-huyen-2023", "id: langson-huyen-2024")
        .replace("max: 100\n", "max: 100.5\n")
        .replace(
            "        max: 1.5\n        rule: { kind: ratio, target: 60 }",
            "        max: 2\n        rule: { kind: ratio, target: 60 }",
        );
    let set = set.replace(
        "    owner: \"Văn phòng HĐND và UBND\"\n    max: 17\n",
        "    owner: \"Văn phòng HĐND và UBND\"\n    max: 17.5\n",
    );
    w.write("set2024.yaml", set);
    w.ok(&["check", "-c", "set2024.yaml", "nam"]);
    score(&w, &w.path("set2024.yaml"), "nam", "2024", "2024.json");
    let out = w.ok(&["compare", "-f", "json", "nam.json", "2024.json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["same_criteria"], false);
    assert!(
        s(&v["notice"]).contains("hai bộ tiêu chí khác nhau"),
        "{out}"
    );
    let bac_son = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["after_id"] == "bac-son")
        .unwrap();
    // 7.5 is now 2 × 45 ÷ 60 = 1,5 of 2: not compared; no other leaf changed.
    assert_eq!(bac_son["leaves"].as_array().unwrap().len(), 0, "{bac_son}");
    let c7 = bac_son["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "7")
        .unwrap();
    // 12,44 − 1,13 + 1,5 = 12,81
    assert_eq!(
        (s(&c7["points_before"]), s(&c7["points_after"])),
        ("12.44".into(), "12.81".into())
    );
    let table = w.ok(&["compare", "nam.json", "2024.json"]);
    assert!(
        table.contains(
            "Hai kỳ dùng hai bộ tiêu chí khác nhau (langson-huyen-2023 và langson-huyen-2024)"
        ),
        "{table}"
    );
}

#[test]
fn trend_orders_periods_by_label() {
    let w = two_periods();
    period(&w, "t6", &[("bac-son.csv", "7.5;12,58%;", "7.5;6%;")]);
    score(
        &w,
        &root().join("criteria/langson-huyen-2023.yaml"),
        "t6",
        "2023-6T",
        "t6.json",
    );
    // given out of order: the columns follow the labels
    let out = w.ok(&["trend", "-f", "csv", "nam.json", "t6.json", "t9.json"]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("group,id,name,2023-6T,2023-9T,2023,change")
    );
    // Bắc Sơn at 6 months: 7.5 = 1,5 × 6 ÷ 60 = 0,15; 62,82 ÷ 86,5 = 72,6243… → 72,62.
    assert!(
        out.contains("huyen,bac-son,UBND huyện Bắc Sơn,72.62,72.81,73.76,1.14\n"),
        "{out}"
    );
    assert!(
        out.contains("huyen,cao-loc,UBND huyện Cao Lộc,89.17,89.17,89.17,0.00\n"),
        "{out}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&w.ok(&["trend", "-f", "json", "t9.json", "nam.json"])).unwrap();
    assert_eq!(v["periods"], serde_json::json!(["2023-9T", "2023"]));
    let table = w.ok(&["trend", "t6.json", "t9.json", "nam.json"]);
    assert!(table.contains("+1,14"), "{table}");
    let err = w.fails(1, &["trend", "t6/bac-son.csv"]);
    assert!(
        err.contains("không phải tệp kết quả của `parindex score -f json`"),
        "{err}"
    );
    // A file given twice is taken once, with a warning.
    let r = w.run(&["trend", "-f", "csv", "t6.json", "t9.json", "t6.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("group,id,name,2023-6T,2023-9T,change\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("t6.json: cảnh báo: tệp được đưa hai lần; chỉ tính một lần"),
        "{}",
        r.stderr
    );
    // Two files of one period, the labels differing only in case: a usage error.
    score(
        &w,
        &root().join("criteria/langson-huyen-2023.yaml"),
        "t6",
        "2023-9t",
        "t9-lai.json",
    );
    let e = w.fails(2, &["trend", "t9.json", "t9-lai.json"]);
    assert!(
        e.contains("cùng là kỳ 2023-9T: mỗi kỳ chỉ một tệp kết quả"),
        "{e}"
    );
    // A result without a period takes its file's name, with a warning.
    let r = w.run(&["trend", "-f", "csv", "t9.json", "khong-ky.json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    w.ok(&[
        "score",
        "-c",
        root()
            .join("criteria/langson-huyen-2023.yaml")
            .to_str()
            .unwrap(),
        "-o",
        "khong-ky.json",
        "t6",
    ]);
    let r = w.run(&["trend", "-f", "csv", "t9.json", "khong-ky.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("khong-ky.json: cảnh báo: kết quả không có kỳ"),
        "{}",
        r.stderr
    );
}
