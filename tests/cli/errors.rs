//! Every class of invalid input: exit 1, `FILE:LINE: message` naming the unit and criterion,
//! all problems in one run, nothing written.

use crate::util::Workdir;
use crate::{BAC_SON, SET};

/// Runs `score` on the small set with `bac-son.csv` replaced by `evidence`; returns stderr.
fn score_with(evidence: &str) -> String {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/bac-son.csv", evidence);
    let r = w.run(&["score", "-c", "set.yaml", "-f", "json", "ev"]);
    assert_eq!(r.code, 1, "expected exit 1:\n{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "", "nothing may be written on invalid input");
    r.stderr
}

fn has(stderr: &str, line: &str) {
    assert!(
        stderr.lines().any(|l| l == line),
        "{line:?} not in\n{stderr}"
    );
}

#[test]
fn unknown_criterion() {
    let e = score_with(&BAC_SON.replace("7.7,3,", "7.9,3,"));
    has(
        &e,
        "ev/bac-son.csv:6: đơn vị bac-son, tiêu chí 7.9: không có trong bộ tiêu chí set.yaml",
    );
}

/// A row's line is the line it starts on, after blank lines and in a file with CRLF line
/// ends (as Excel on Windows writes them).
#[test]
fn lines_count_blank_lines_and_crlf() {
    let blank = BAC_SON.replace("7.7,3,", "\n7.9,3,");
    has(
        &score_with(&blank),
        "ev/bac-son.csv:7: đơn vị bac-son, tiêu chí 7.9: không có trong bộ tiêu chí set.yaml",
    );
    let crlf = BAC_SON.replace("7.7,3,", "7.9,3,").replace('\n', "\r\n");
    has(
        &score_with(&crlf),
        "ev/bac-son.csv:6: đơn vị bac-son, tiêu chí 7.9: không có trong bộ tiêu chí set.yaml",
    );
}

#[test]
fn row_for_a_parent() {
    let e = score_with(&format!("{BAC_SON}7,1,,,,\n"));
    has(
        &e,
        "ev/bac-son.csv:10: đơn vị bac-son, tiêu chí 7: có tiêu chí con; hãy ghi từng tiêu chí con",
    );
}

#[test]
fn same_unit_and_criterion_twice() {
    let e = score_with(&format!("{BAC_SON}7.5,13,,,,\n"));
    has(
        &e,
        "ev/bac-son.csv:10: đơn vị bac-son, tiêu chí 7.5: xuất hiện hai lần (cả ở ev/bac-son.csv:4)",
    );
}

#[test]
fn unreadable_values_one_per_rule_kind() {
    let bad = BAC_SON
        .replace("1.1,có,", "1.1,chưa,")
        .replace("1.2,tot,", "1.2,kha,")
        .replace("7.5,\"12,58%\",", "7.5,mười,")
        .replace("7.6,86.45,", "7.6,1.2.3,4,")
        .replace("7.7,3,", "7.7,2.5,")
        .replace("7.8,1,", "7.8,-1,")
        .replace("9,0.8,1,0.7,", "9,1/0,1,,");
    let e = score_with(&bad);
    has(
        &e,
        "ev/bac-son.csv:2: đơn vị bac-son, tiêu chí 1.1: \"chưa\" không phải có/không",
    );
    has(
        &e,
        "ev/bac-son.csv:3: đơn vị bac-son, tiêu chí 1.2: \"kha\" không phải mức của quy tắc này (xuat_sac, tot, hoan_thanh, khong)",
    );
    has(
        &e,
        "ev/bac-son.csv:4: đơn vị bac-son, tiêu chí 7.5: \"mười\" không phải là số",
    );
    has(
        &e,
        "ev/bac-son.csv:5: dòng có 7 cột, dòng tiêu đề có 6: trong tệp phân cách bằng dấu phẩy, số có dấu phẩy thập phân phải đặt trong ngoặc kép (\"86,45\"), hoặc lưu tệp với dấu chấm phẩy",
    );
    has(
        &e,
        "ev/bac-son.csv:6: đơn vị bac-son, tiêu chí 7.7: \"2.5\" không phải số nguyên (0, 1, 2…)",
    );
    has(
        &e,
        "ev/bac-son.csv:7: đơn vị bac-son, tiêu chí 7.8: \"-1\" không phải số nguyên (0, 1, 2…)",
    );
    has(
        &e,
        "ev/bac-son.csv:8: đơn vị bac-son, tiêu chí 9: \"1/0\": chia cho 0",
    );
}

#[test]
fn numbers_out_of_range() {
    let bad = BAC_SON
        .replace("9,0.8,1,0.7,", "9,1.5,1,,")
        .replace("10,0.5,,", "10,0.5,,2")
        .replace("1.1,có,2,", "1.1,có,2.5,");
    let e = score_with(&bad);
    has(
        &e,
        "ev/bac-son.csv:8: đơn vị bac-son, tiêu chí 9: 1,5 points không nằm trong khoảng 0 đến max 1",
    );
    has(
        &e,
        "ev/bac-son.csv:9: đơn vị bac-son, tiêu chí 10: appraised 2 không nằm trong khoảng 0 đến max 1",
    );
    has(
        &e,
        "ev/bac-son.csv:2: đơn vị bac-son, tiêu chí 1.1: self_score 2,5 không nằm trong khoảng 0 đến max 2",
    );
    assert!(e.ends_with("có 3 lỗi; không ghi kết quả nào\n"), "{e}");
}

#[test]
fn appraised_on_a_not_applicable_row() {
    let e = score_with(&BAC_SON.replace("7.6,86.45,1,,", "7.6,KPS,1,0.5,"));
    has(
        &e,
        "ev/bac-son.csv:5: đơn vị bac-son, tiêu chí 7.6: có điểm thẩm định (appraised) trên dòng không áp dụng",
    );
}

#[test]
fn unit_missing_from_the_units_file() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write(
        "units.csv",
        "id,name,group\ncao-loc,UBND huyện Cao Lộc,huyen\n",
    );
    w.write("ev/bac-son.csv", BAC_SON);
    w.write(
        "long.csv",
        "unit;criterion;value\ncao-loc;1.1;có\nvan-quan;1.1;có\n",
    );
    let e = w.fails(
        1,
        &[
            "score",
            "-c",
            "set.yaml",
            "-u",
            "units.csv",
            "ev",
            "long.csv",
        ],
    );
    has(
        &e,
        "ev/bac-son.csv:2: đơn vị bac-son: không có trong tệp đơn vị units.csv",
    );
    has(
        &e,
        "long.csv:3: đơn vị van-quan: không có trong tệp đơn vị units.csv",
    );
}

#[test]
fn criteria_problems_all_at_once_with_yaml_lines() {
    let w = Workdir::new();
    let bad = SET
        .replace(
            "max: 1.5\n        rule: { kind: ratio, target: 60 }",
            "max: 1.5\n        rule: { kind: ratio, target: 0 }",
        )
        .replace("- id: \"7.6\"", "- id: \"7.5\"")
        .replace("{ min: 80, points: 0.5 }", "{ min: 80, points: 1.5 }")
        .replace(
            "    title: \"Chính quyền số\"\n",
            "    title: \"Chính quyền số\"\n    max: 6\n",
        );
    w.write("set.yaml", bad);
    w.write("ev/bac-son.csv", BAC_SON);
    let e = w.fails(1, &["check", "-c", "set.yaml", "ev"]);
    has(&e, "set.yaml:28: tiêu chí 7.5: target phải lớn hơn 0");
    has(
        &e,
        "set.yaml:32: tiêu chí 7.5: mã bị trùng (lần đầu ở dòng 28)",
    );
    has(
        &e,
        "set.yaml:32: tiêu chí 7.5: band points 1,5 không nằm trong khoảng 0 đến max 1",
    );
    has(
        &e,
        "set.yaml:23: tiêu chí 7: max 6 khác tổng điểm tối đa của các tiêu chí con, 5",
    );
}

#[test]
fn yaml_syntax_error_names_file_and_line() {
    let w = Workdir::new();
    w.write(
        "set.yaml",
        "id: x\ncomponents:\n  - id: \"1\"\n    max: 1\n    rule: { kind: points\n",
    );
    let e = w.fails(1, &["tree", "-c", "set.yaml"]);
    assert!(e.starts_with("set.yaml:"), "{e}");
}

#[test]
fn base_maximum_of_zero_for_a_unit() {
    let only_na = "criterion,value\n1.1,N/A\n1.2,N/A\n7.5,0/0\n7.6,KPS\n7.7,không phát sinh\n7.8,không áp dụng\n9,na\n";
    let e = score_with(only_na);
    assert!(
        e.contains("đơn vị bac-son: mọi tiêu chí cơ bản đều không áp dụng"),
        "{e}"
    );
}

#[test]
fn broken_files() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/a.csv", "criterion,value\n1.1,\"có\n");
    w.write("ev/b.csv", "");
    w.write("ev/c.csv", b"criterion,value\n1.1,c\xf3\n");
    w.write("ev/d.csv", b"\xff\xfec\x00r\x00");
    w.write("ev/e.csv", "value,note\nco,\n");
    w.write("empty/readme.txt", "no csv here");
    let e = w.fails(1, &["score", "-c", "set.yaml", "ev"]);
    has(&e, "ev/b.csv: tệp rỗng (không có dòng tiêu đề)");
    has(
        &e,
        "ev/c.csv:2: không phải văn bản UTF-8 (có thể là Windows-1258 hoặc TCVN3): hãy lưu tệp dưới dạng \"CSV UTF-8\"",
    );
    has(
        &e,
        "ev/d.csv: tệp mã hóa UTF-16 (\"Unicode text\" của Excel): hãy lưu dưới dạng \"CSV UTF-8\"",
    );
    has(
        &e,
        "ev/e.csv:1: tệp số liệu cần cột `criterion` (có: value, note)",
    );
    has(
        &e,
        "ev/a.csv:2: dấu ngoặc kép (\") mở ở dòng này không được đóng",
    );
    let e = w.fails(1, &["score", "-c", "set.yaml", "empty"]);
    has(&e, "empty: thư mục không có tệp số liệu (.csv, .xlsx) nào");
}

#[test]
fn same_unit_in_two_files() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("a/bac-son.csv", BAC_SON);
    w.write("b/bac-son.csv", BAC_SON);
    let e = w.fails(1, &["score", "-c", "set.yaml", "a", "b"]);
    has(
        &e,
        "b/bac-son.csv: đơn vị bac-son: đã có số liệu trong a/bac-son.csv; mỗi đơn vị chỉ một tệp",
    );
    assert_eq!(e.matches("mỗi đơn vị chỉ một tệp").count(), 1, "{e}");
}

#[test]
fn hostile_criteria_files_fail_cleanly() {
    let w = Workdir::new();
    // A billion-laughs alias bomb: 9^8 nodes if expanded.
    let mut bomb =
        String::from("id: b\ncomponents:\n  - &l0 {id: a0, max: 1, rule: {kind: points}}\n");
    for i in 1..9 {
        let prev = format!("*l{}", i - 1);
        bomb.push_str(&format!(
            "  - &l{i} {{id: a{i}, children: [{}]}}\n",
            [prev.as_str(); 9].join(", ")
        ));
    }
    w.write("bomb.yaml", &bomb);
    let e = w.fails(1, &["tree", "-c", "bomb.yaml"]);
    assert!(e.starts_with("bomb.yaml:") && e.contains("giới hạn"), "{e}");
    // 10.000 levels of nesting.
    let deep = format!(
        "id: d\ncomponents: [{}{{id: leaf, max: 1, rule: {{kind: points}}}}{}]\n",
        "{id: n, children: [".repeat(10_000),
        "]}".repeat(10_000)
    );
    w.write("deep.yaml", &deep);
    let e = w.fails(1, &["tree", "-c", "deep.yaml"]);
    assert!(
        e.starts_with("deep.yaml:2:") && e.contains("giới hạn"),
        "{e}"
    );
    // Numbers beyond the decimal range, and a negative maximum.
    w.write("big.yaml", "id: x\ncomponents:\n  - { id: \"1\", max: 1e40, rule: { kind: points } }\n  - { id: \"2\", max: 1234567890123456789012345678901234567890, rule: { kind: points } }\n  - { id: \"3\", max: -1, rule: { kind: points } }\n");
    let e = w.fails(1, &["tree", "-c", "big.yaml"]);
    has(
        &e,
        "big.yaml:3: tiêu chí 1: max: \"1e40\" không phải số thập phân (viết bằng chữ số và dấu chấm, ví dụ 1.5)",
    );
    has(
        &e,
        "big.yaml:4: tiêu chí 2: max: \"1234567890123456789012345678901234567890\": số quá lớn, không tính chính xác được",
    );
    has(&e, "big.yaml:5: tiêu chí 3: max -1 là số âm");
    // Not YAML at all, and an empty file.
    w.write("empty.yaml", "");
    w.fails(1, &["tree", "-c", "empty.yaml"]);
    w.write("bin.yaml", b"\x00\x01\x02\xff");
    w.fails(1, &["tree", "-c", "bin.yaml"]);
}

#[test]
fn hostile_evidence_files_fail_cleanly() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/nul.csv", b"criterion,value\n1.1,c\x00o\n");
    w.write("ev/book.csv", b"PK\x03\x04\x14\x00\x06\x00");
    w.write(
        "ev/huge.csv",
        format!("criterion,value,note\n1.1,có,{}\n", "x".repeat(1 << 20)),
    );
    w.write(
        "ev/long-value.csv",
        format!("criterion,value\n1.1,{}\n", "9".repeat(300)),
    );
    let e = w.fails(1, &["score", "-c", "set.yaml", "ev"]);
    has(
        &e,
        "ev/nul.csv:2: tệp có byte NUL: không phải tệp văn bản CSV; hãy lưu dưới dạng \"CSV UTF-8\"",
    );
    has(
        &e,
        "ev/book.csv: đây là tệp Excel, không phải CSV: trong Excel chọn Save As → \"CSV UTF-8\"",
    );
    has(
        &e,
        "ev/huge.csv:2: một ô chứa 1048576 ký tự (tối đa 10000): có dấu ngoặc kép chưa đóng, hoặc dán nhầm cả cột?",
    );
    has(&e, "ev/long-value.csv:2: ô value dài quá 200 ký tự");
    assert!(e.len() < 2000, "messages stay short: {} bytes", e.len());
}

/// A record past 4 MiB (a quote left open over a large file) or past Excel's 16.384 columns
/// is refused as it is read, from the line where it starts: the file is never held.
#[test]
fn a_record_too_long_or_too_wide_is_refused_while_read() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    let open_quote = format!("criterion,value,note\n1.1,có,\"{}\n", "x,".repeat(3 << 20));
    w.write("ev/quote.csv", open_quote);
    w.write(
        "ev/wide.csv",
        format!("criterion,value\n1.1,có{}\n", ",".repeat(20_000)),
    );
    let e = w.fails(1, &["check", "-c", "set.yaml", "ev"]);
    let too_long = "bản ghi bắt đầu ở dòng này dài quá 4 MiB hoặc quá 16.384 cột (có dấu ngoặc kép \" mở mà không đóng?): hãy mở tệp bằng Excel và lưu lại dưới dạng \"CSV UTF-8\", hoặc tách tệp";
    has(&e, &format!("ev/quote.csv:2: {too_long}"));
    has(&e, &format!("ev/wide.csv:2: {too_long}"));
    assert!(e.len() < 2000, "messages stay short: {} bytes", e.len());
}

/// A misspelt unit id is answered with the id it is near; a workbook or a web page asked of
/// `score` points to `report`.
#[test]
fn a_misspelt_unit_or_a_report_format_is_answered_with_what_was_meant() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/bac-son.csv", "criterion,value\n1.1,có\n");
    w.write("ev/trang-dinh.csv", "criterion,value\n1.1,không\n");
    let e = w.fails(2, &["explain", "-c", "set.yaml", "--unit", "bacson", "ev"]);
    has(
        &e,
        "lỗi: không có đơn vị bacson trong danh sách đơn vị hay số liệu: có phải là bac-son?",
    );
    let e = w.fails(2, &["gaps", "-c", "set.yaml", "--unit", "trang-dnh", "ev"]);
    assert!(e.contains("có phải là trang-dinh?"), "{e}");
    let e = w.fails(2, &["explain", "-c", "set.yaml", "--unit", "xyz", "ev"]);
    has(
        &e,
        "lỗi: không có đơn vị xyz trong danh sách đơn vị hay số liệu",
    );
    // An evidence file named near a listed unit.
    w.write(
        "units.csv",
        "id,name,group\nbac-son,Bắc Sơn,h\ntrang-dinh,Tràng Định,h\n",
    );
    w.write("ev2/trang-dnh.csv", "criterion,value\n1.1,có\n");
    let e = w.fails(1, &["check", "-c", "set.yaml", "-u", "units.csv", "ev2"]);
    assert!(
        e.contains(
            "đơn vị trang-dnh: không có trong tệp đơn vị units.csv (có phải là trang-dinh?)"
        ),
        "{e}"
    );
    let e = w.fails(2, &["score", "-c", "set.yaml", "-o", "out.xlsx", "ev"]);
    has(
        &e,
        "lỗi: out.xlsx là báo cáo cho người đọc: dùng parindex report … -o out.xlsx (lệnh này ghi table, csv, json hoặc md)",
    );
}

/// A folder that does not exist for the output, or a result file that does not exist for
/// `compare`: said in Vietnamese, with what to do, and a missing input is a usage error (2)
/// in every command.
#[test]
fn missing_files_are_said_in_vietnamese() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/u1.csv", "criterion,value\n1.1,có\n");
    let e = w.fails(1, &["score", "-c", "set.yaml", "-o", "nodir/x.json", "ev"]);
    has(
        &e,
        "lỗi: nodir/x.json: không có tệp hoặc thư mục này (kiểm tra đường dẫn; thư mục chứa tệp ra phải có sẵn)",
    );
    assert!(!e.contains("os error"), "{e}");
    let e = w.fails(2, &["compare", "truoc.json", "sau.json"]);
    has(
        &e,
        "lỗi: truoc.json: không có tệp kết quả này (tạo bằng parindex score … -o truoc.json)",
    );
    w.fails(2, &["trend", "truoc.json"]);
    w.fails(2, &["score", "-c", "set.yaml", "khong-co"]);
}

/// A set may declare its total (`max: 100`): the base maxima must then add up to it. Without
/// it, a sum other than 100 is a warning naming the sum (SPEC §2).
#[test]
fn the_base_maxima_add_up_to_the_declared_total_or_are_said() {
    let w = Workdir::new();
    w.write("ev/bac-son.csv", BAC_SON);
    w.write("wrong.yaml", SET.replacen("max: 10\n", "max: 100\n", 1));
    let e = w.fails(1, &["tree", "-c", "wrong.yaml"]);
    has(
        &e,
        "wrong.yaml:1: max: 100 nhưng tổng điểm tối đa của các lĩnh vực cơ bản là 10",
    );
    w.write("undeclared.yaml", SET.replacen("max: 10\n", "\n", 1));
    let r = w.run(&["score", "-c", "undeclared.yaml", "-f", "csv", "ev"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("undeclared.yaml: cảnh báo: tổng điểm tối đa của các lĩnh vực cơ bản là 10, không phải 100: nếu đúng như vậy, ghi max: 10 ở đầu tệp"),
        "{}",
        r.stderr
    );
    let r = w.run(&[
        "score",
        "-c",
        "undeclared.yaml",
        "--strict",
        "-f",
        "csv",
        "ev",
    ]);
    assert!(r.stderr.contains("không phải 100"), "{}", r.stderr);
    let r = w.run(&["tree", "-c", "undeclared.yaml"]);
    assert!(r.stderr.contains("không phải 100"), "{}", r.stderr);
    w.write("declared.yaml", SET);
    let r = w.run(&["check", "-c", "declared.yaml", "ev"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

/// The YAML reader's messages are said in Vietnamese: a misspelt key with the key meant, a
/// missing key, a slip in the layout.
#[test]
fn yaml_slips_are_said_in_vietnamese() {
    let w = Workdir::new();
    w.write(
        "typo.yaml",
        "id: x\ncomponents:\n  - id: \"1\"\n    tittle: a\n    max: 1\n    rule: { kind: points }\n",
    );
    let e = w.fails(1, &["tree", "-c", "typo.yaml"]);
    has(
        &e,
        "typo.yaml:4: khóa `tittle` không dùng được ở đây (các khóa: id, title, max, owner, not_applicable, evidence_required, kind, method, evidence, options, children, rule); có phải là `title`?",
    );
    w.write(
        "noid.yaml",
        "components:\n  - id: \"1\"\n    max: 1\n    rule: { kind: points }\n",
    );
    has(
        &w.fails(1, &["tree", "-c", "noid.yaml"]),
        "noid.yaml:1: thiếu khóa `id`",
    );
    w.write(
        "indent.yaml",
        "id: x\ncomponents:\n  - id: \"1\"\n   max: 1\n",
    );
    let e = w.fails(1, &["tree", "-c", "indent.yaml"]);
    assert!(
        e.starts_with("indent.yaml:4: tệp YAML sai cú pháp ở đây (thường do thụt lề"),
        "{e}"
    );
}

/// A mistake on the command line is said in Vietnamese, with the name meant, and how to use
/// the command; exit 2. (In English with --lang en: help.rs.)
#[test]
fn command_line_mistakes_are_said_in_vietnamese() {
    let w = Workdir::new();
    let err = w.fails(2, &["scor"]);
    assert!(
        err.starts_with("lỗi: không có lệnh scor; có phải là compare hoặc score?\n"),
        "{err}"
    );
    let err = w.fails(2, &["score", "-c", "set.yaml", "--perod", "2023", "ev"]);
    assert!(
        err.starts_with(
            "lỗi: không có tùy chọn --perod; có phải là --period?\ncách dùng: parindex score "
        ),
        "{err}"
    );
    let err = w.fails(2, &["score", "ev"]);
    assert!(
        err.starts_with("lỗi: thiếu --criteria <CRITERIA.yaml>\n"),
        "{err}"
    );
    let err = w.fails(2, &["score", "-c", "set.yaml", "-f", "pdf", "ev"]);
    assert!(
        err.starts_with("lỗi: giá trị \"pdf\" không dùng được cho --format <FORMAT> (các giá trị: table, csv, json, md)"),
        "{err}"
    );
    for english in ["error:", "Usage:", "tip:"] {
        assert!(!err.contains(english), "{err}");
    }
    assert!(w.ok(&["score", "--help"]).contains("--criteria"));
    // A file named on the command line that is not there is a usage error in every command.
    w.write("set.yaml", crate::SET);
    let err = w.fails(
        2,
        &[
            "template",
            "-c",
            "set.yaml",
            "-u",
            "khong-co.csv",
            "-o",
            "forms",
        ],
    );
    assert_eq!(err, "lỗi: khong-co.csv: không có tệp đơn vị này\n");
}
