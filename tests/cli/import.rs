//! `criteria import` and `criteria export` (SPEC §6): a table as offices keep it, read into a
//! set that scores as worked out by hand; every slip named with its row; the workbook read as
//! the CSV is; an exported table imported back scoring the same.

use crate::util::{Workdir, root};

/// A small annex as Excel saves it as CSV: BOM, semicolons, decimal commas, title rows, a row
/// numbering the columns, every rule kind that import makes. Base total 10.
const TABLE: &str = "\u{feff}PHỤ LỤC;;;;;
BỘ CHỈ SỐ CCHC THỬ;;;;;
;;;;;
STT;Lĩnh vực/Tiêu chí/Tiêu chí thành phần;Điểm tối đa;Phương pháp chấm;Tài liệu kiểm chứng;Cơ quan phụ trách
(1);(2);(3);(4);(5);(6)
1;Chỉ đạo, điều hành;6;;;Văn phòng HĐND và UBND
1.1;Báo cáo CCHC đúng hạn;1;;Báo cáo quý;
;- Có;1;;;
;- Không;0;;;
1.2;Ban hành kế hoạch CCHC;1,5;;;
;+ Hoàn thành tốt;1,5;;;
;+ Hoàn thành;1;;;
;+ Không hoàn thành;0;;;
1.3;Hồ sơ giải quyết đúng hạn;2;;;Trung tâm Phục vụ hành chính công
;• Từ 98% trở lên;2;;;
;• Từ 95% đến dưới 98%;1,5;;;
;• Dưới 95%;0,5;;;
1.4;Khảo sát sự hài lòng;1,5;Điểm do Sở Nội vụ chấm;;
2;Chính quyền số;4;;;
2.1;Số hóa hồ sơ;1,5;Tỷ lệ so với chỉ tiêu 60%;;
2.2;Sáng kiến;1;0,5 điểm mỗi sáng kiến;;
2.3;Cán bộ bị kỷ luật;1,5;Trừ 0,5 điểm mỗi trường hợp;;
;Tổng cộng;10;;;
3;Điểm thưởng;1;;;
4;Điểm trừ;1;;;
;- Có;1;;;
;- Không;0;;;
";

/// One unit's evidence for [`TABLE`], worked by hand:
/// 1.1 có → 1; 1.2 "hoàn thành" → 1 of 1,5 (the level is 1/1,5 of the maximum) → 1;
/// 1.3 97,5 ≥ 95 → 1,5; 1.4 0,75 → 0,75; component 1 = 4,25 of 6.
/// 2.1 1,5 × 12,58 ÷ 60 = 0,3145 → 0,31; 2.2 3 × 0,5 = 1,5, capped → 1; 2.3 1,5 − 0,5 → 1;
/// component 2 = 2,31 of 4. Base 6,56 of 10; bonus 0,5; penalty có → 1;
/// total 6,56 + 0,5 − 1 = 6,06; index 60,60.
const EVIDENCE: &str = "criterion;value
1.1;Có
1.2;hoàn thành
1.3;97,5%
1.4;0,75
2.1;12,58%
2.2;3
2.3;1
3;0,5
4;có
";

/// A second unit, on the other branches: 1.1 không → 0; 1.2 "Hoàn thành tốt" → 1,5; 1.3 90
/// below every threshold → the bottom option's 0,5; 1.4 N/A leaves the maximum (4,5 of 6);
/// 2.1 60 reaches the target → 1,5; 2.2 1 → 0,5; 2.3 5 cases → 1,5 − 2,5, floored → 0;
/// no bonus; penalty không → 0. Base 4 of 8,5; index 47,058… → 47,06.
const EVIDENCE_B: &str = "criterion,value
1.1,không
1.2,Hoàn thành tốt
1.3,90
1.4,N/A
2.1,60
2.2,1
2.3,5
4,Không
";

/// A scratch folder with [`TABLE`] and both units' evidence in `ev/`.
fn with_table() -> Workdir {
    let w = Workdir::new();
    w.write("phu-luc.csv", TABLE);
    w.write("ev/xa-a.csv", EVIDENCE);
    w.write("ev/xa-b.csv", EVIDENCE_B);
    w
}

fn json(w: &Workdir, set: &str) -> serde_json::Value {
    let out = w.ok(&["score", "-c", set, "-f", "json", "ev"]);
    serde_json::from_str(&out).expect("json")
}

fn points(v: &serde_json::Value, unit: usize) -> Vec<(String, String)> {
    v["units"][unit]["leaves"]
        .as_array()
        .expect("leaves")
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().into(),
                l["points"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn every_rule_kind_scores_as_worked_by_hand() {
    let w = with_table();
    let r = w.run(&["criteria", "import", "phu-luc.csv", "-o", "thu.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("binary 2, levels 1, bands 1, ratio 1, count 1, deduction 1, points 2"),
        "{}",
        r.stderr
    );
    let yaml = w.read("thu.yaml");
    // For people: the row of each node and option, the option texts, the title row.
    for line in [
        "id: \"thu\"",
        "title: \"BỘ CHỈ SỐ CCHC THỬ\"",
        "max: 10  # dòng 23",
        "  - id: \"1\"  # dòng 6",
        "      - id: \"1.2\"  # dòng 10",
        "            \"Hoàn thành\": 1/1.5  # 1 điểm",
        "          - { text: \"Từ 95% đến dưới 98%\", points: 1.5 }  # dòng 16",
        "    kind: penalty",
        "        method: \"Điểm do Sở Nội vụ chấm\"",
        "        evidence: \"Báo cáo quý\"",
        "        owner: \"Trung tâm Phục vụ hành chính công\"",
        "        rule: { kind: ratio, target: 60 }",
    ] {
        assert!(yaml.contains(line), "missing {line:?} in\n{yaml}");
    }
    // The set loads: check is silent, tree shows it.
    let r = w.run(&["check", "-c", "thu.yaml", "ev"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let tree = w.ok(&["tree", "-c", "thu.yaml"]);
    assert!(
        tree.contains("Theo ngưỡng: ≥ 98 → 2; ≥ 95 → 1,5; ≥ 0 → 0,5"),
        "{tree}"
    );
    let v = json(&w, "thu.yaml");
    let expected = [
        ("1.1", "1.00"),
        ("1.2", "1.00"),
        ("1.3", "1.50"),
        ("1.4", "0.75"),
        ("2.1", "0.31"),
        ("2.2", "1.00"),
        ("2.3", "1.00"),
        ("3", "0.50"),
        ("4", "1.00"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(points(&v, 0), expected);
    let u = &v["units"][0];
    assert_eq!(
        (u["points"].as_str(), u["max"].as_str(), u["index"].as_str()),
        (Some("6.06"), Some("10.00"), Some("60.60"))
    );
    assert_eq!(
        (u["bonus"].as_str(), u["penalty"].as_str()),
        (Some("0.50"), Some("1.00"))
    );
    let b: Vec<String> = points(&v, 1).into_iter().map(|(_, p)| p).collect();
    let expected = [
        "0.00", "1.50", "0.50", "0.00", "1.50", "0.50", "0.00", "0.00", "0.00",
    ];
    assert_eq!(b, expected);
    let u = &v["units"][1];
    assert_eq!(
        (
            u["id"].as_str(),
            u["points"].as_str(),
            u["max"].as_str(),
            u["index"].as_str()
        ),
        (Some("xa-b"), Some("4.00"), Some("8.50"), Some("47.06"))
    );
}

#[test]
fn the_same_set_written_by_hand_scores_the_same() {
    let w = with_table();
    w.ok(&["criteria", "import", "phu-luc.csv", "-o", "thu.yaml"]);
    w.write(
        "tay.yaml",
        r#"id: thu
title: "BỘ CHỈ SỐ CCHC THỬ"
max: 10
components:
  - id: "1"
    title: "Chỉ đạo, điều hành"
    owner: "Văn phòng HĐND và UBND"
    children:
      - { id: "1.1", title: "Báo cáo CCHC đúng hạn", max: 1, rule: { kind: binary } }
      - id: "1.2"
        title: "Ban hành kế hoạch CCHC"
        max: 1.5
        rule: { kind: levels, levels: { "hoàn thành tốt": 1, "hoàn thành": 0.6666666667, "không hoàn thành": 0 } }
      - id: "1.3"
        title: "Hồ sơ giải quyết đúng hạn"
        owner: "Trung tâm Phục vụ hành chính công"
        max: 2
        rule: { kind: bands, bands: [ { min: 98, points: 2 }, { min: 95, points: 1.5 }, { min: 0, points: 0.5 } ] }
      - { id: "1.4", title: "Khảo sát sự hài lòng", max: 1.5, rule: { kind: points } }
  - id: "2"
    title: "Chính quyền số"
    children:
      - { id: "2.1", title: "Số hóa hồ sơ", max: 1.5, rule: { kind: ratio, target: 60 } }
      - { id: "2.2", title: "Sáng kiến", max: 1, rule: { kind: count, per_item: 0.5 } }
      - { id: "2.3", title: "Cán bộ bị kỷ luật", max: 1.5, rule: { kind: deduction, per_item: 0.5 } }
  - { id: "3", title: "Điểm thưởng", kind: bonus, max: 1, rule: { kind: points } }
  - { id: "4", title: "Điểm trừ", kind: penalty, max: 1, rule: { kind: binary } }
"#,
    );
    let by_table = json(&w, "thu.yaml");
    let by_hand = json(&w, "tay.yaml");
    assert_eq!(by_table["units"], by_hand["units"]);
}

/// Every slip of SPEC §6 in one table: each named with its row, exit 1, nothing written.
#[test]
fn every_slip_is_named_with_its_row() {
    let w = Workdir::new();
    w.write(
        "sai.csv",
        "Bộ chỉ số thử
STT;Nội dung;Điểm tối đa
1;Chỉ đạo, điều hành;6
1.1;Kế hoạch;2
;- Có;2
;- Không;
1.3;Báo cáo;1
1.3;Báo cáo lần hai;1
1.4;Tuyên truyền;1
;- Tốt;1,5
;- Khá;0,5
1.5;Hồ sơ đúng hạn;1
;- Từ 98% trở lên;1
;- Khoảng 9x%;0,5
2;Thể chế;2
2.1;Văn bản;1
;Tổng cộng;7
",
    );
    let e = w.fails(1, &["criteria", "import", "sai.csv", "-o", "sai.yaml"]);
    for m in [
        "sai.csv:3: tiêu chí 1: điểm tối đa 6 khác tổng điểm tối đa của các tiêu chí con (5)",
        "sai.csv:6: tiêu chí 1.1: mức \"Không\" chưa có điểm: ghi số điểm của mức này vào cột điểm tối đa",
        "sai.csv:7: số thứ tự 1.3 không theo thứ tự: sau 1.1 phải là 1.2",
        "sai.csv:8: số thứ tự 1.3 bị trùng (lần đầu ở dòng 7)",
        "sai.csv:10: tiêu chí 1.4: mức \"Tốt\" được 1,5 điểm, nhiều hơn điểm tối đa 1 của tiêu chí",
        "sai.csv:14: tiêu chí 1.5: mức \"Khoảng 9x%\": không đọc được ngưỡng phần trăm",
        "sai.csv:15: tiêu chí 2: điểm tối đa 2 khác tổng điểm tối đa của các tiêu chí con (1)",
        "sai.csv:17: tổng điểm 7 khác tổng điểm tối đa của các lĩnh vực (không kể điểm thưởng, điểm trừ): 8",
    ] {
        assert!(e.contains(m), "missing {m:?} in\n{e}");
    }
    assert!(
        e.trim_end().ends_with("có 8 lỗi; không ghi kết quả nào"),
        "{e}"
    );
    assert!(!w.path("sai.yaml").exists());
}

#[test]
fn a_table_without_its_header_or_numbers_is_said_so() {
    let w = Workdir::new();
    w.write("x.csv", "Mã;Tên;Điểm tự chấm\n1;A;2\n");
    let e = w.fails(1, &["criteria", "import", "x.csv", "-o", "x.yaml"]);
    assert!(
        e.contains("x.csv: không tìm thấy dòng tiêu đề của bảng"),
        "{e}"
    );
    w.write("y.csv", "STT;Nội dung;Điểm tối đa\nA;Phần cơ bản;\n");
    let e = w.fails(1, &["criteria", "import", "y.csv", "-o", "y.yaml"]);
    assert!(e.contains("y.csv:2: số thứ tự \"A\" không đọc được"), "{e}");
    // Maxima that add up to 98, with no total row to say so: written, with a warning.
    w.write("w.csv", "STT;Nội dung;Điểm tối đa\n1;A;90\n2;B;8\n");
    let r = w.run(&["criteria", "import", "w.csv", "-o", "w.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.starts_with("w.csv: cảnh báo: tổng điểm tối đa của các lĩnh vực (không kể điểm thưởng, điểm trừ) là 98, không phải 100"), "{}", r.stderr);
    w.write("z.csv", "STT;Nội dung;Điểm tối đa\n1;A;1\n;- Trên 98%;1\n");
    let e = w.fails(1, &["criteria", "import", "z.csv", "-o", "z.yaml"]);
    assert!(e.contains("z.csv:3: tiêu chí 1: mức \"Trên 98%\""), "{e}");
    assert!(e.contains("ghi \"Từ 98% trở lên\""), "{e}");
}

#[test]
fn usage_slips_are_exit_2() {
    let w = Workdir::new();
    w.write("t.csv", TABLE);
    let e = w.fails(2, &["criteria", "import", "t.csv", "-o", "t.txt"]);
    assert!(
        e.contains("t.txt: bộ tiêu chí được ghi ra tệp .yaml"),
        "{e}"
    );
    let e = w.fails(
        2,
        &[
            "criteria", "import", "t.csv", "--sheet", "A", "-o", "t.yaml",
        ],
    );
    assert!(e.contains("--sheet chỉ dùng cho tệp Excel"), "{e}");
    w.fails(2, &["criteria", "import", "khong-co.csv", "-o", "t.yaml"]);
    w.ok(&["criteria", "import", "t.csv", "-o", "t.yaml"]);
    let e = w.fails(2, &["criteria", "import", "t.csv", "-o", "t.yaml"]);
    assert!(e.contains("thêm --force"), "{e}");
    w.ok(&["criteria", "import", "t.csv", "-o", "t.yaml", "--force"]);
    let e = w.fails(2, &["criteria", "export", "-c", "t.yaml", "-o", "t.pdf"]);
    assert!(e.contains(".xlsx hoặc .csv"), "{e}");
}

/// The table in a workbook, on its second sheet: numbers typed as numbers (1.1, 0.5) or as
/// text ("1,5"); it imports to the set the CSV gives.
#[test]
fn a_workbook_reads_as_the_csv_does() {
    use rust_xlsxwriter::Workbook;
    let w = with_table();
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("Ghi chú").unwrap();
    notes.write_string(0, 0, "Bảng ở trang Phụ lục 1").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Phụ lục 1").unwrap();
    let text = TABLE.trim_start_matches('\u{feff}');
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            let (r, c) = (r as u32, c as u16);
            // Numbers alternate: as Excel numbers, or as text with a decimal comma.
            match cell.replace(',', ".").parse::<f64>() {
                Ok(n) if r % 2 == 0 => ws.write_number(r, c, n).map(|_| ()),
                _ if cell.is_empty() => Ok(()),
                _ => ws.write_string(r, c, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    w.write("phu-luc.xlsx", book.save_to_buffer().unwrap());
    let e = w.fails(1, &["criteria", "import", "phu-luc.xlsx", "-o", "x.yaml"]);
    assert!(e.contains("không tìm thấy dòng tiêu đề"), "{e}");
    assert!(e.contains("chọn bằng --sheet TÊN"), "{e}");
    let e = w.fails(
        1,
        &[
            "criteria",
            "import",
            "phu-luc.xlsx",
            "--sheet",
            "PL2",
            "-o",
            "x.yaml",
        ],
    );
    assert!(
        e.contains("không có trang tính \"PL2\" (các trang tính: Ghi chú, Phụ lục 1)"),
        "{e}"
    );
    w.ok(&[
        "criteria",
        "import",
        "phu-luc.xlsx",
        "--sheet",
        "phu luc 1",
        "-o",
        "x.yaml",
        "--id",
        "thu",
    ]);
    w.ok(&["criteria", "import", "phu-luc.csv", "-o", "thu.yaml"]);
    // The same set, but for the name of the table in the first comment.
    let body = |s: String| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(w.read("x.yaml")), body(w.read("thu.yaml")));
    assert_eq!(json(&w, "x.yaml"), json(&w, "thu.yaml"));
}

/// The example annex imported, exported as a workbook and as CSV, each imported back: the
/// three sets score the example commune identically, and say the same.
#[test]
fn an_exported_table_imports_back_to_the_same_scores() {
    let w = Workdir::new();
    let annex = root().join("examples/xa-2025/phu-luc-bo-chi-so-xa-2025.csv");
    let evidence = root().join("examples/xa-2025/so-lieu");
    let (annex, evidence) = (annex.to_str().unwrap(), evidence.to_str().unwrap());
    w.ok(&["criteria", "import", annex, "-o", "xa-2025.yaml"]);
    let r = w.run(&["criteria", "export", "-c", "xa-2025.yaml", "-o", "xa.xlsx"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (0, ""),
        "a set from a table loses nothing"
    );
    w.ok(&["criteria", "export", "-c", "xa-2025.yaml", "-o", "xa.csv"]);
    let csv = w.read("xa.csv");
    assert!(
        csv.starts_with("\u{feff}BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND XÃ, PHƯỜNG NĂM 2025\n")
    );
    assert!(
        csv.contains("\n2.2;Tự kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật;2,5;")
    );
    assert!(
        csv.contains("\n;• Thực hiện nhưng chưa đầy đủ;1,25;;;\n"),
        "{csv}"
    );
    assert!(csv.contains("\n3.3.4;Hồ sơ giải quyết quá hạn trên Hệ thống thông tin giải quyết TTHC;2;Trừ 0,01 điểm mỗi hồ sơ quá hạn, thấp nhất 0;"), "{csv}");
    for table in ["xa.xlsx", "xa.csv"] {
        let set = format!("{table}.yaml");
        w.ok(&["criteria", "import", table, "--id", "xa-2025", "-o", &set]);
        let score = |set: &str| {
            w.ok(&[
                "score", "-c", set, "-f", "json", "--period", "2025-9T", evidence,
            ])
        };
        assert_eq!(score(&set), score("xa-2025.yaml"), "{table}");
        assert_eq!(
            w.ok(&["tree", "-c", &set]),
            w.ok(&["tree", "-c", "xa-2025.yaml"])
        );
    }
    // The example commune, worked by hand in examples/xa-2025/README.md.
    let v: serde_json::Value =
        serde_json::from_str(&w.ok(&["score", "-c", "xa-2025.yaml", "-f", "json", evidence]))
            .unwrap();
    let u = &v["units"][0];
    assert_eq!(
        (u["points"].as_str(), u["max"].as_str(), u["index"].as_str()),
        (Some("68.54"), Some("81.00"), Some("84.62"))
    );
}

/// A set written by hand, with rules a table says only in words (ratio, count, deduction) and
/// settings it cannot hold: the rules come back; the settings are named in a warning.
#[test]
fn a_hand_written_set_comes_back_with_its_rules() {
    let w = Workdir::new();
    let set = root().join("criteria/langson-huyen-2023.yaml");
    let set = set.to_str().unwrap();
    let r = w.run(&["criteria", "export", "-c", set, "-o", "ls.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("cảnh báo: bảng không chứa xếp loại (classes), tên nhóm đơn vị (groups), cách tính tiêu chí không phát sinh (not_applicable), yêu cầu tài liệu kiểm chứng (evidence_required)"), "{}", r.stderr);
    w.ok(&[
        "criteria",
        "import",
        "ls.csv",
        "--id",
        "langson-huyen-2023",
        "-o",
        "ls.yaml",
    ]);
    let example = crate::util::example();
    let score = |set: &str| -> serde_json::Value {
        serde_json::from_str(&w.ok(&["score", "-c", set, "-f", "json", &example])).unwrap()
    };
    let (before, after) = (score(set), score("ls.yaml"));
    let mut compared = 0;
    for (u, v) in before["units"]
        .as_array()
        .unwrap()
        .iter()
        .zip(after["units"].as_array().unwrap())
    {
        for (a, b) in u["leaves"]
            .as_array()
            .unwrap()
            .iter()
            .zip(v["leaves"].as_array().unwrap())
        {
            // Leaves the settings left out decide (no evidence, not applicable) are apart.
            if a["status"] == "scored" && b["status"] == "scored" {
                assert_eq!((&a["id"], &a["points"]), (&b["id"], &b["points"]));
                compared += 1;
            }
        }
    }
    assert!(compared > 300, "{compared}");
}

/// What a table cannot say of a set is named, leaf by leaf, before anyone imports it back.
#[test]
fn export_says_what_would_not_come_back() {
    let w = Workdir::new();
    w.write(
        "set.yaml",
        r#"id: t
components:
  - id: "1"
    title: "Điểm trừ khi chậm báo cáo"
    children:
      - { id: "1.1", title: "A", max: 1, rule: { kind: levels, levels: { "Đạt 100%": 1, "Chưa đạt": 0 } } }
      - id: "1.2"
        title: "B"
        max: 1
        rule: { kind: binary }
        options:
          - { text: "Tốt", points: 1 }
"#,
    );
    let r = w.run(&["criteria", "export", "-c", "set.yaml", "-o", "t.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for m in [
        "set.yaml:3: cảnh báo: tiêu chí 1: được đọc là điểm thưởng hoặc điểm trừ khi nhập lại",
        "set.yaml:6: cảnh báo: tiêu chí 1.1: bảng không nói được đúng quy tắc chấm này",
        "set.yaml:7: cảnh báo: tiêu chí 1.2: các mức điểm (options) không khớp quy tắc chấm (rule)",
    ] {
        assert!(r.stderr.contains(m), "missing {m:?} in\n{}", r.stderr);
    }
    // 1.2's options are said from its rule.
    assert!(
        w.read("t.csv").contains("\n;• Có;1;;;\n;• Không;0;;;\n"),
        "{}",
        w.read("t.csv")
    );
}

/// The forms of an imported set say how each leaf is scored in the table's own words: the
/// options, and for a leaf that reads a number, the thresholds the number is compared with.
#[test]
fn forms_list_the_options_of_the_table() {
    let w = Workdir::new();
    let annex = root().join("examples/xa-2025/phu-luc-bo-chi-so-xa-2025.csv");
    let units = root().join("examples/xa-2025/so-lieu/units.csv");
    let (annex, units) = (annex.to_str().unwrap(), units.to_str().unwrap());
    w.ok(&["criteria", "import", annex, "-o", "xa-2025.yaml"]);
    w.ok(&["template", "-c", "xa-2025.yaml", "-u", units, "-o", "forms"]);
    let form = w.read("forms/xa-minh-hoa.csv");
    let rule_of = |id: &str| -> String {
        let line = form
            .lines()
            .find(|l| l.starts_with(&format!("{id};")))
            .unwrap_or_else(|| panic!("no line for {id}"));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(line.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        record[3].to_string()
    };
    assert_eq!(
        rule_of("1.1"),
        "Ban hành kịp thời, xác định rõ nhiệm vụ, chỉ tiêu, thời hạn, trách nhiệm: 2 điểm; \
         Ban hành chậm hoặc chưa xác định rõ nhiệm vụ, chỉ tiêu: 1 điểm; Không ban hành: 0 điểm"
    );
    assert_eq!(
        rule_of("1.2"),
        "Hoàn thành 100% kế hoạch: 2 điểm; Từ 80% đến dưới 100% kế hoạch: 1 điểm; \
         Dưới 80% kế hoạch: 0 điểm. Theo ngưỡng: ≥ 100 → 2; ≥ 80 → 1; thấp hơn → 0"
    );
    assert_eq!(rule_of("1.3"), "Có: 1 điểm; Không: 0 điểm");
}
