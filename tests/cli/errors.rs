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
        "ev/bac-son.csv:6: unit bac-son: criterion 7.9 is not in the criteria file set.yaml",
    );
}

#[test]
fn row_for_a_parent() {
    let e = score_with(&format!("{BAC_SON}7,1,,,,\n"));
    has(
        &e,
        "ev/bac-son.csv:10: unit bac-son: criterion 7 has sub-criteria; give a row for each of them instead",
    );
}

#[test]
fn same_unit_and_criterion_twice() {
    let e = score_with(&format!("{BAC_SON}7.5,13,,,,\n"));
    has(
        &e,
        "ev/bac-son.csv:10: unit bac-son: criterion 7.5 appears twice (also at ev/bac-son.csv:4)",
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
        "ev/bac-son.csv:2: unit bac-son: criterion 1.1: \"chưa\" is not yes/no (có/không)",
    );
    has(
        &e,
        "ev/bac-son.csv:3: unit bac-son: criterion 1.2: \"kha\" is not a level of this rule (xuat_sac, tot, hoan_thanh, khong)",
    );
    has(
        &e,
        "ev/bac-son.csv:4: unit bac-son: criterion 7.5: \"mười\" is not a number",
    );
    has(
        &e,
        "ev/bac-son.csv:5: the row has 7 fields, the header has 6: a decimal comma in a comma-separated file must be in quotes (\"86,45\"), or save the file with semicolons",
    );
    has(
        &e,
        "ev/bac-son.csv:6: unit bac-son: criterion 7.7: \"2.5\" is not a whole number of items (0, 1, 2…)",
    );
    has(
        &e,
        "ev/bac-son.csv:7: unit bac-son: criterion 7.8: \"-1\" is not a whole number of items (0, 1, 2…)",
    );
    has(
        &e,
        "ev/bac-son.csv:8: unit bac-son: criterion 9: \"1/0\": division by zero",
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
        "ev/bac-son.csv:8: unit bac-son: criterion 9: 1,5 points are not between 0 and the max 1",
    );
    has(
        &e,
        "ev/bac-son.csv:9: unit bac-son: criterion 10: appraised 2 is not between 0 and the max 1",
    );
    has(
        &e,
        "ev/bac-son.csv:2: unit bac-son: criterion 1.1: self_score 2,5 is not between 0 and the max 2",
    );
    assert!(
        e.ends_with("3 problems found; nothing was written\n"),
        "{e}"
    );
}

#[test]
fn appraised_on_a_not_applicable_row() {
    let e = score_with(&BAC_SON.replace("7.6,86.45,1,,", "7.6,KPS,1,0.5,"));
    has(
        &e,
        "ev/bac-son.csv:5: unit bac-son: criterion 7.6: an appraised score on a not-applicable row",
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
        "ev/bac-son.csv:2: unit bac-son: not listed in the units file units.csv",
    );
    has(
        &e,
        "long.csv:3: unit van-quan: not listed in the units file units.csv",
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
    has(
        &e,
        "set.yaml:28: criterion 7.5: target must be greater than 0",
    );
    has(
        &e,
        "set.yaml:32: criterion 7.5: duplicate id (first at line 28)",
    );
    has(
        &e,
        "set.yaml:32: criterion 7.5: band points 1,5 are not between 0 and the max 1",
    );
    has(
        &e,
        "set.yaml:23: criterion 7: max 6 differs from the sum of its children's maxima, 5",
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
        e.contains("unit bac-son: every base criterion is not applicable"),
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
    has(&e, "ev/b.csv: the file is empty (no header row)");
    has(
        &e,
        "ev/c.csv:2: not UTF-8 text (perhaps Windows-1258 or TCVN3): save the file as \"CSV UTF-8\"",
    );
    has(
        &e,
        "ev/d.csv: the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\"",
    );
    has(
        &e,
        "ev/e.csv:1: an evidence file needs a `criterion` column (found: value, note)",
    );
    has(
        &e,
        "ev/a.csv:2: a quote (\") opened on this row is never closed",
    );
    let e = w.fails(1, &["score", "-c", "set.yaml", "empty"]);
    has(&e, "empty: the folder has no evidence CSV file");
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
        "b/bac-son.csv: unit bac-son: also has evidence in a/bac-son.csv; keep one file per unit",
    );
    assert_eq!(e.matches("keep one file per unit").count(), 1, "{e}");
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
    assert!(e.starts_with("bomb.yaml:") && e.contains("limits"), "{e}");
    // 10.000 levels of nesting.
    let deep = format!(
        "id: d\ncomponents: [{}{{id: leaf, max: 1, rule: {{kind: points}}}}{}]\n",
        "{id: n, children: [".repeat(10_000),
        "]}".repeat(10_000)
    );
    w.write("deep.yaml", &deep);
    let e = w.fails(1, &["tree", "-c", "deep.yaml"]);
    assert!(e.starts_with("deep.yaml:2:") && e.contains("limits"), "{e}");
    // Numbers beyond the decimal range, and a negative maximum.
    w.write("big.yaml", "id: x\ncomponents:\n  - { id: \"1\", max: 1e40, rule: { kind: points } }\n  - { id: \"2\", max: 1234567890123456789012345678901234567890, rule: { kind: points } }\n  - { id: \"3\", max: -1, rule: { kind: points } }\n");
    let e = w.fails(1, &["tree", "-c", "big.yaml"]);
    has(
        &e,
        "big.yaml:3: criterion 1: max: \"1e40\" is not a decimal number (write it with digits and a dot, e.g. 1.5)",
    );
    has(
        &e,
        "big.yaml:4: criterion 2: max: \"1234567890123456789012345678901234567890\": number too large to compute exactly",
    );
    has(&e, "big.yaml:5: criterion 3: max -1 is negative");
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
        "ev/nul.csv:2: the file contains a NUL byte: it is not a CSV text file; save it as \"CSV UTF-8\"",
    );
    has(
        &e,
        "ev/book.csv: this is an Excel workbook, not CSV: in Excel choose Save As → \"CSV UTF-8\"",
    );
    has(
        &e,
        "ev/huge.csv:2: a cell holds 1048576 characters (at most 10000): a quote left open, or a column pasted in whole?",
    );
    has(
        &e,
        "ev/long-value.csv:2: the value cell is longer than 200 characters",
    );
    assert!(e.len() < 2000, "messages stay short: {} bytes", e.len());
}
