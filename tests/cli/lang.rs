//! `--lang en`: English labels and decimal points in every report for people; JSON, the CSV
//! column names and the data from the inputs stay as they are. (The help and the messages on
//! stderr: help.rs.)

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::util::{Workdir, criteria, example, root};
use crate::{BAC_SON, SET};

/// The small set with Bắc Sơn (hand-checked in main.rs), named in Vietnamese.
fn small() -> Workdir {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/bac-son.csv", BAC_SON);
    w.write(
        "ev/units.csv",
        "id,name,group\nbac-son,UBND huyện Bắc Sơn,huyen\n",
    );
    w
}

/// Every `present` string is in `out`, no `absent` one is.
fn assert_words(out: &str, present: &[&str], absent: &[&str]) {
    for p in present {
        assert!(out.contains(p), "{p:?} missing from:\n{out}");
    }
    for a in absent {
        assert!(!out.contains(a), "{a:?} still in:\n{out}");
    }
}

#[test]
fn score_table_and_markdown_in_english_with_decimal_points() {
    let w = small();
    let args = ["score", "-c", "set.yaml", "--period", "2023-9T", "ev"];
    let vi = w.ok(&args);
    assert_words(
        &vi,
        &["Hạng", "Chỉ số (%)", "72,60", "Nhóm huyen: 1 đơn vị"],
        &[],
    );

    let en = w.ok(&[&args[..], &["--lang", "en"]].concat());
    assert_words(
        &en,
        &[
            "Bộ thử (test-set) — period 2023-9T",
            "Group huyen: 1 unit\n",
            "Rank",
            "Unit",
            "Index (%)",
            "Self-score",
            "Difference",
            "Group huyen: points by component",
            "72.60",
            "7.26",
            "-2.99",
            "- 10: Điểm thưởng (max 1.00, bonus)",
            // Data from the inputs stays as written.
            "UBND huyện Bắc Sơn",
            "Khá",
        ],
        &[
            "Hạng",
            "Chỉ số",
            "Tự chấm",
            "Nhóm",
            "điểm thưởng",
            "72,60",
            "7,26",
            "kỳ",
        ],
    );

    let md = w.ok(&[&args[..], &["--lang", "en", "-f", "md"]].concat());
    assert_words(
        &md,
        &[
            "## Group huyen: 1 unit",
            "| Rank | ID | Unit | Points | Max | Index (%) | Class | Self-score | Appraised | Difference |",
            "| 1 | bac-son | UBND huyện Bắc Sơn | 7.26 | 10.00 | 72.60 | Khá | 9.75 | 6.76 | -2.99 |",
        ],
        &["Hạng", "72,60"],
    );
}

#[test]
fn json_and_csv_do_not_change_with_the_language() {
    let w = Workdir::new();
    let (c, e) = (criteria(), example());
    w.ok(&["score", "-c", &c, "--period", "2023-6T", "-o", "a.json", &e]);
    w.ok(&["score", "-c", &c, "--period", "2023-9T", "-o", "b.json", &e]);
    let runs: [Vec<&str>; 5] = [
        vec!["score", "-c", &c, &e],
        vec!["appraisal", "-c", &c, &e],
        vec!["gaps", "-c", &c, &e],
        vec!["compare", "a.json", "b.json"],
        vec!["trend", "a.json", "b.json"],
    ];
    for args in &runs {
        for format in ["json", "csv"] {
            let plain = w.ok(&[&args[..], &["-f", format]].concat());
            let en = w.ok(&[&args[..], &["-f", format, "--lang", "en"]].concat());
            assert_eq!(plain, en, "{args:?} -f {format} changed with --lang en");
        }
    }
    // The CSV column names are the machine ids of tests/golden.
    let csv = w.ok(&["score", "-c", &c, "-f", "csv", "--lang", "en", &e]);
    let golden = std::fs::read_to_string(root().join("tests/golden/langson-2023-9t.csv")).unwrap();
    assert_eq!(csv.lines().next(), golden.lines().next());
    assert!(csv.starts_with("group,rank,id,name,points,max,index,class,"));
    assert!(csv.contains(",89.17,"), "CSV keeps decimal points");
}

#[test]
fn explain_in_english() {
    let w = small();
    let out = w.ok(&[
        "explain", "-c", "set.yaml", "--unit", "bac-son", "--lang", "en", "ev",
    ]);
    assert_words(
        &out,
        &[
            "Unit: UBND huyện Bắc Sơn (bac-son), group huyen",
            "Total points: 7.26 / 10.00 — index 72.60% — rank 1/1 — class Khá",
            "Bonus: 0.50, penalty: 0.00, self-score: 9.75",
            "How scored / evidence",
            "component total",
            "87.50%",
            "Yes/No: yes = 2, no = 0",
            "yes → 2",
            "tot = 0.75 × 2 = 1.5",
            "Ratio to the target 60: 1.5 × value ÷ 60, at most 1.5",
            "1.5 × min(12.58 ÷ 60, 1) = 0.3145 → 0.31",
            "86.45 ≥ 80 → 0.5",
            "3 × 0.25 = 0.75, at most 1 → 0.75",
            "1.5 − 1 × 0.5 = 1 (at least 0)",
            "appraised 0.7 (from the value: points given 0.8)",
            "Evidence: Kế hoạch 206/KH-UBND ngày 28/6/2023",
            "Note: Hội đồng thẩm định điều chỉnh",
            "scored",
            // The raw value is shown as written.
            "12,58%",
        ],
        &[
            "Đơn vị:",
            "Tổng điểm",
            "Trạng thái",
            "Nội dung",
            "đã chấm",
            "cộng lĩnh vực",
            "Có/Không",
            "có →",
            "KC:",
            "Ghi chú:",
            "tối đa",
            "0,3145",
            "72,60",
        ],
    );
}

#[test]
fn tree_in_english() {
    let w = small();
    let out = w.ok(&["tree", "-c", "set.yaml", "--lang", "en"]);
    assert_words(
        &out,
        &[
            "Scoring rule",
            "Office",
            "Kế hoạch CCHC",
            "Phòng Nội vụ",
            "sum of 2 sub-criteria",
            "By level (max 2): xuat_sac = 100%; tot = 75%; hoan_thanh = 50%; khong = 0%",
            "By threshold: ≥ 100 → 1; ≥ 80 → 0.5; lower → 0",
            "0.25 per item, at most 1",
            "Base maximum: 10.00",
            "8 scored criteria; not applicable: left out of the maximum; ranked by the exact (unrounded) index",
        ],
        &[
            "Cách tính điểm",
            "Tối đa",
            "Theo ngưỡng",
            "tiêu chí con",
            "1,50",
            "10,00",
        ],
    );
}

#[test]
fn gaps_and_appraisal_in_english() {
    let w = small();
    let gaps = w.ok(&["gaps", "-c", "set.yaml", "--lang", "en", "ev"]);
    assert_words(
        &gaps,
        &[
            "UBND huyện Bắc Sơn: criteria below their maximum, points at risk — 3.24 points lost (7.26 / 10.00)",
            "Responsible office",
            "Points lost",
            "UBND huyện Bắc Sơn — Văn phòng HĐND và UBND: 2.44 points lost",
            "(no responsible office)",
            "appraised",
            "Points lost = applicable maximum − points obtained, base components only.",
        ],
        &[
            "Điểm mất",
            "Cơ quan phụ trách",
            "chưa giao",
            "mất",
            "thiếu số liệu",
            "3,24",
        ],
    );

    let appraisal = w.ok(&["appraisal", "-c", "set.yaml", "--lang", "en", "ev"]);
    assert_words(
        &appraisal,
        &[
            "Self-score and appraised points by unit",
            "Criteria whose self-score differs from the appraised points (5 criteria)",
            "Criteria self-scored without an evidence document, to be explained",
            "Appraised",
            "-2.99",
            "UBND huyện Bắc Sơn",
            "Hội đồng thẩm định điều chỉnh",
        ],
        &[
            "Tự chấm",
            "Chênh lệch",
            "Tổng điểm",
            "tiêu chí)",
            "đã chấm",
            "-2,99",
        ],
    );
}

/// Two periods of the small set: Bắc Sơn digitised more records in the later one
/// (7.5: 12,58% → 45%: 1,5 × 45 ÷ 60 = 1,125 → 1,13; index 72,60 → 80,80).
fn two_periods(w: &Workdir) {
    w.write("t9/bac-son.csv", BAC_SON);
    w.write("nam/bac-son.csv", BAC_SON.replace("\"12,58%\"", "45%"));
    for dir in ["t9", "nam"] {
        w.write(
            &format!("{dir}/units.csv"),
            "id,name,group\nbac-son,UBND huyện Bắc Sơn,huyen\n",
        );
    }
    w.ok(&[
        "score", "-c", "set.yaml", "--period", "2023-9T", "-o", "t9.json", "t9",
    ]);
    w.ok(&[
        "score", "-c", "set.yaml", "--period", "2023", "-o", "nam.json", "nam",
    ]);
}

#[test]
fn compare_and_trend_in_english() {
    let w = small();
    two_periods(&w);
    let out = w.ok(&["compare", "--lang", "en", "t9.json", "nam.json"]);
    assert_words(
        &out,
        &[
            "Periods compared, 2023-9T → 2023: Bộ thử",
            "Group huyen: index 2023-9T → 2023",
            "Index before",
            "Rank after",
            "Mean index",
            "(all)",
            "Units that moved most",
            "largest rise",
            "UBND huyện Bắc Sơn: points by component",
            "UBND huyện Bắc Sơn: criteria that gained or lost points",
            "Responsible office",
            "72.60",
            "80.80",
            "+8.20",
            "Index changes are in percentage points",
        ],
        &[
            "Chỉ số",
            "Hạng",
            "Nhóm",
            "(tất cả)",
            "tăng nhiều nhất",
            "So sánh",
            "72,60",
        ],
    );

    let trend = w.ok(&["trend", "--lang", "en", "t9.json", "nam.json"]);
    assert_words(
        &trend,
        &[
            "Index over the periods: 2023-9T, 2023",
            "Index (%) by period",
            "Group",
            "Change",
            "UBND huyện Bắc Sơn",
            "+8.20",
        ],
        &["Chỉ số", "Thay đổi", "Nhóm", "Đơn vị", "+8,20"],
    );
}

#[test]
fn report_xlsx_in_english() {
    let w = Workdir::new();
    w.ok(&[
        "report",
        "-c",
        &criteria(),
        "--period",
        "2023-9T",
        "--lang",
        "en",
        "-o",
        "r.xlsx",
        &example(),
    ]);
    let mut wb: Xlsx<_> = open_workbook(w.path("r.xlsx")).expect("a workbook");
    assert_eq!(
        wb.sheet_names(),
        [
            "Ranking",
            "Components",
            "Criteria",
            "Points lost",
            "Self-score - appraisal"
        ]
        .map(String::from)
        .to_vec()
    );
    let ranking = wb.worksheet_range("Ranking").unwrap();
    let title = ranking.get((0, 0)).unwrap().to_string();
    assert!(
        title.starts_with("Ranking by group — ") && title.ends_with(" — period 2023-9T"),
        "{title}"
    );
    let header = ranking
        .rows()
        .position(|r| r.first() == Some(&Data::String("Group".into())))
        .expect("the header row");
    let names: Vec<String> = ranking
        .rows()
        .nth(header)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Group",
            "Rank",
            "ID",
            "Unit",
            "Points",
            "Max",
            "Index (%)",
            "Class",
            "Self-score",
            "Appraised",
            "Difference",
            "Bonus",
            "Penalty",
            "Units in group"
        ]
    );
    // Numbers stay numbers; names and classes stay as the inputs write them.
    let row = ranking
        .rows()
        .find(|r| r.get(2) == Some(&Data::String("bac-son".into())))
        .expect("Bắc Sơn");
    assert_eq!(row[3], Data::String("UBND huyện Bắc Sơn".into()));
    assert_eq!(row[6], Data::Float(72.81));
    assert_eq!(row[7], Data::String("Khá".into()));

    let leaves = wb.worksheet_range("Criteria").unwrap();
    let cells: Vec<String> = leaves.cells().map(|(_, _, c)| c.to_string()).collect();
    for word in [
        "Scoring rule",
        "Responsible office",
        "appraised",
        "Yes/No: yes = 1, no = 0",
    ] {
        assert!(
            cells.iter().any(|c| c == word),
            "{word:?} not in the Criteria sheet"
        );
    }
    let components = wb.worksheet_range("Components").unwrap();
    let cells: Vec<String> = components.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "Comp. 7: index (%)"));
    for sheet in wb.sheet_names() {
        let range = wb.worksheet_range(&sheet).unwrap();
        for (_, _, c) in range.cells() {
            let c = c.to_string();
            for label in [
                "Hạng",
                "Xếp loại",
                "Tự chấm",
                "Điểm mất",
                "Chỉ số",
                "đã chấm",
                "kỳ 2023",
            ] {
                assert!(!c.contains(label), "{label:?} in sheet {sheet}: {c:?}");
            }
        }
    }
}

#[test]
fn report_html_and_markdown_in_english() {
    let w = Workdir::new();
    let (c, e) = (criteria(), example());
    w.ok(&[
        "score",
        "-c",
        &c,
        "--period",
        "2023-6T",
        "-o",
        "before.json",
        &e,
    ]);
    w.ok(&[
        "report",
        "-c",
        &c,
        "--period",
        "2023-9T",
        "--compare",
        "before.json",
        "--lang",
        "en",
        "-o",
        "r.html",
        &e,
    ]);
    let html = w.read("r.html");
    assert_words(
        &html,
        &[
            "<html lang=\"en\">",
            "<title>PAR INDEX, period 2023-9T — ",
            "Period: <b>2023-9T</b> · 11 units",
            "<h2>Group UBND cấp huyện: ranking of 11 units</h2>",
            "<th class=\"n\">Rank</th>",
            "<th class=\"n\">Index (%)</th>",
            "Mean index: <b>80.99</b>",
            "<h2>Index by component</h2>",
            "<h2>Change in index since period 2023-6T</h2>",
            "<h2>Self-assessment and appraisal</h2>",
            "Colour scale",
            "Xuất sắc ≥ 90",
            "UBND huyện Bắc Sơn",
            ">72.81<",
        ],
        &[
            "lang=\"vi\"",
            "Hạng",
            "Xếp hạng",
            "Chỉ số",
            "Nhóm",
            "Tự chấm",
            "Thang màu",
            "kỳ 2023",
            ">72,81<",
        ],
    );

    w.ok(&[
        "report", "-c", &c, "--period", "2023-9T", "--lang", "en", "-o", "r.md", &e,
    ]);
    assert_words(
        &w.read("r.md"),
        &[
            "## Group UBND cấp huyện: 11 units",
            "| Rank | ID | Unit |",
            "| 72.81 |",
        ],
        &["Hạng", "72,81"],
    );
}

#[test]
fn template_forms_in_english_read_back_the_same() {
    let w = small();
    w.write(
        "units.csv",
        "id,name,group\nbac-son,UBND huyện Bắc Sơn,huyen\n",
    );
    w.ok(&[
        "template",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-o",
        "forms",
        "--lang",
        "en",
    ]);
    let form = w.read("forms/bac-son.csv");
    let mut lines = form.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}criterion;title;max;rule;owner;value;self_score;appraised;evidence;note")
    );
    assert_eq!(
        lines.next(),
        Some("1.1;Kế hoạch CCHC;2.00;Yes/No: yes = 2, no = 0;Phòng Nội vụ;;;;;")
    );
    assert!(form.contains(";1.50;Ratio to the target 60: 1.5 × value ÷ 60, at most 1.5;"));
    // Filled in, the English form scores like the evidence it holds, with no warning about
    // its descriptive columns.
    let filled = form.replacen(
        "Phòng Nội vụ;;;;;",
        "Phòng Nội vụ;có;2;;Kế hoạch 206/KH-UBND;",
        1,
    );
    w.write("forms/bac-son.csv", filled);
    let r = w.run(&[
        "score",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-f",
        "json",
        "forms",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("không được đọc"), "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["units"][0]["leaves"][0]["points"], "2.00");

    w.ok(&[
        "template",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-o",
        "xforms",
        "--xlsx",
        "--lang",
        "en",
    ]);
    let mut wb: Xlsx<_> = open_workbook(w.path("xforms/bac-son.xlsx")).expect("a workbook");
    assert_eq!(wb.sheet_names(), ["Self-assessment", "Lists"]);
    let sheet = wb.worksheet_range("Self-assessment").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "criterion",
            "title",
            "max",
            "rule",
            "owner",
            "value",
            "self_score",
            "appraised",
            "evidence",
            "note"
        ]
    );
    assert_eq!(
        sheet.get((1, 3)),
        Some(&Data::String("Yes/No: yes = 2, no = 0".into()))
    );
}
