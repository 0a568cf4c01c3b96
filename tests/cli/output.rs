//! The output formats, `-o`, and the other commands on the small set.

use crate::util::Workdir;
use crate::{BAC_SON, SET};

fn setup() -> Workdir {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/bac-son.csv", BAC_SON);
    w
}

#[test]
fn json_is_exactly_the_spec_shape() {
    let w = setup();
    let out = w.ok(&[
        "score", "-c", "set.yaml", "-f", "json", "--period", "2023-9T", "ev",
    ]);
    let expected = r#"{
  "tool": "parindex 0.1.0",
  "criteria": {
    "id": "test-set",
    "title": "Bộ thử"
  },
  "period": "2023-9T",
  "places": 2,
  "units": [
    {
      "id": "bac-son",
      "name": "bac-son",
      "group": "all",
      "points": "7.26",
      "max": "10.00",
      "index": "72.60",
      "bonus": "0.50",
      "penalty": "0.00",
      "self_points": "9.75",
      "rank": 1,
      "group_size": 1,
      "class": "Khá",
      "components": [
        { "id": "1", "title": "Chỉ đạo, điều hành", "kind": "base", "points": "3.50", "max": "4.00", "index": "87.50" },
        { "id": "7", "title": "Chính quyền số", "kind": "base", "points": "2.56", "max": "5.00", "index": "51.20" },
        { "id": "9", "title": "Khảo sát", "kind": "base", "points": "0.70", "max": "1.00", "index": "70.00" },
        { "id": "10", "title": "Điểm thưởng", "kind": "bonus", "points": "0.50", "max": "1.00", "index": null }
      ],
      "leaves": [
        { "id": "1.1", "status": "scored", "points": "2.00", "max": "2.00", "self_score": "2.00", "value": "có", "owner": "Phòng Nội vụ" },
        { "id": "1.2", "status": "scored", "points": "1.50", "max": "2.00", "self_score": "2.00", "value": "tot", "owner": "Phòng Nội vụ" },
        { "id": "7.5", "status": "scored", "points": "0.31", "max": "1.50", "self_score": "1.50", "value": "12,58%", "owner": "Văn phòng HĐND và UBND" },
        { "id": "7.6", "status": "scored", "points": "0.50", "max": "1.00", "self_score": "1.00", "value": "86.45", "owner": "Văn phòng HĐND và UBND" },
        { "id": "7.7", "status": "scored", "points": "0.75", "max": "1.00", "self_score": "0.75", "value": "3", "owner": "Văn phòng HĐND và UBND" },
        { "id": "7.8", "status": "scored", "points": "1.00", "max": "1.50", "self_score": "1.50", "value": "1", "owner": "Văn phòng HĐND và UBND" },
        { "id": "9", "status": "appraised", "points": "0.70", "max": "1.00", "self_score": "1.00", "value": "0.8", "owner": null },
        { "id": "10", "status": "scored", "points": "0.50", "max": "1.00", "self_score": null, "value": "0.5", "owner": null }
      ]
    }
  ]
}"#;
    let got: serde_json::Value = serde_json::from_str(&out).unwrap();
    let want: serde_json::Value = serde_json::from_str(expected).unwrap();
    assert_eq!(got, want, "{out}");
    // Field order is part of the contract too.
    let order = [
        "\"tool\"",
        "\"criteria\"",
        "\"period\"",
        "\"places\"",
        "\"units\"",
    ];
    let pos: Vec<usize> = order.iter().map(|k| out.find(k).unwrap()).collect();
    assert!(pos.windows(2).all(|p| p[0] < p[1]), "{out}");
}

#[test]
fn csv_has_one_row_per_unit_with_component_points() {
    let w = setup();
    let out = w.ok(&["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert_eq!(
        out,
        "group,rank,id,name,points,max,index,class,self_points,period,1,7,9,10\n\
         all,1,bac-son,bac-son,7.26,10.00,72.60,Khá,9.75,,3.50,2.56,0.70,0.50\n"
    );
}

#[test]
fn table_and_markdown_use_decimal_commas_and_vietnamese_labels() {
    let w = setup();
    let table = w.ok(&["score", "-c", "set.yaml", "ev"]);
    for needle in [
        "Hạng",
        "Chỉ số (%)",
        "Xếp loại",
        "72,60",
        "7,26",
        "Khá",
        "Nhóm all: 1 đơn vị",
        "7: Chính quyền số (tối đa 5,00)",
    ] {
        assert!(table.contains(needle), "{needle:?} not in\n{table}");
    }
    let md = w.ok(&["score", "-c", "set.yaml", "-f", "md", "ev"]);
    assert!(
        md.contains("| 1 | bac-son | bac-son | 7,26 | 10,00 | 72,60 | Khá | 9,75 | 6,76 | -2,99 |"),
        "{md}"
    );
    assert!(
        md.contains("| 1 | bac-son | 3,50 | 2,56 | 0,70 | 0,50 |"),
        "{md}"
    );
    assert!(md.contains("## Nhóm all: 1 đơn vị"), "{md}");
}

#[test]
fn explain_shows_every_leaf_with_its_reason() {
    let w = setup();
    let out = w.ok(&["explain", "-c", "set.yaml", "--unit", "bac-son", "ev"]);
    for needle in [
        "Tổng điểm: 7,26 / 10,00 — chỉ số 72,60% — hạng 1/1 — xếp loại Khá",
        "1,5 × min(12,58 ÷ 60; 1) = 0,3145 → 0,31",
        "86,45 ≥ 80 → 0,5",
        "thẩm định 0,7",
        "Hội đồng thẩm định điều chỉnh",
        "Kế hoạch 206/KH-UBND ngày 28/6/2023",
        "cộng lĩnh vực",
        "87,50%",
    ] {
        assert!(out.contains(needle), "{needle:?} not in\n{out}");
    }
    let err = w.fails(2, &["explain", "-c", "set.yaml", "--unit", "nowhere", "ev"]);
    assert!(err.contains("không có đơn vị nowhere"), "{err}");
}

#[test]
fn tree_shows_maxima_owners_and_rules() {
    let w = setup();
    let out = w.ok(&["tree", "-c", "set.yaml"]);
    for needle in [
        "Điểm tối đa phần cơ bản: 10,00",
        "Văn phòng HĐND và UBND",
        "Tỷ lệ so với chỉ tiêu 60",
        "Trừ 0,5 điểm mỗi vi phạm",
        "Điểm thưởng tối đa: 1,00",
    ] {
        assert!(out.contains(needle), "{needle:?} not in\n{out}");
    }
}

#[test]
fn check_is_silent_when_clean_and_warns_on_missing_leaves() {
    let w = setup();
    let r = w.run(&["check", "-c", "set.yaml", "ev"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    w.write("ev/bac-son.csv", BAC_SON.replace("7.6,86.45,1,,,\n", ""));
    let r = w.run(&["check", "-c", "set.yaml", "ev"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains("ev/bac-son.csv: cảnh báo: đơn vị bac-son, tiêu chí 7.6"),
        "{}",
        r.stderr
    );
    let err = w.fails(1, &["check", "-c", "set.yaml", "--strict", "ev"]);
    assert!(
        err.contains("tiêu chí 7.6 (Thanh toán trực tuyến): chưa có số liệu"),
        "{err}"
    );
}

/// On a terminal, `check` ends with a one-line summary; in a pipe (above) it says nothing.
#[test]
fn check_sums_up_on_a_terminal() {
    let w = setup();
    let r = w.run_on_terminal(&["check", "-c", "set.yaml", "ev"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.stdout.trim_end(), "1 đơn vị, 0 lỗi, 0 cảnh báo");
    w.write("ev/bac-son.csv", BAC_SON.replace("7.6,86.45,1,,,\n", ""));
    let r = w.run_on_terminal(&["check", "-c", "set.yaml", "ev"]);
    assert!(
        r.stdout.contains("tiêu chí 7.6") && r.stdout.ends_with("1 đơn vị, 0 lỗi, 1 cảnh báo\r\n"),
        "{}",
        r.stdout
    );
}

/// `check -f json` gives scripts every problem apart: file, line, unit, criterion, kind.
#[test]
fn check_json_lists_every_problem_with_its_unit_and_criterion() {
    let w = setup();
    let json = |args: &[&str], code: i32| -> serde_json::Value {
        let r = w.run(args);
        assert_eq!((r.code, r.stderr.as_str()), (code, ""), "{}", r.stdout);
        serde_json::from_str(&r.stdout).expect("JSON")
    };
    let clean = json(&["check", "-f", "json", "-c", "set.yaml", "ev"], 0);
    assert_eq!(
        clean,
        serde_json::json!({"units": 1, "errors": 0, "warnings": 0, "problems": []})
    );
    w.write("ev/bac-son.csv", BAC_SON.replace("7.6,86.45,1,,,\n", ""));
    let warned = json(&["check", "-f", "json", "-c", "set.yaml", "ev"], 0);
    assert_eq!(warned["warnings"], 1);
    assert_eq!(
        warned["problems"][0],
        serde_json::json!({
            "file": "ev/bac-son.csv",
            "line": null,
            "unit": "bac-son",
            "criterion": "7.6",
            "kind": "warning",
            "message": "đơn vị bac-son, tiêu chí 7.6 (Thanh toán trực tuyến): chưa có số liệu; tính 0 điểm"
        })
    );
    // Two errors: a value the rule cannot read (line 3), and a criterion the set lacks.
    w.write(
        "ev/bac-son.csv",
        BAC_SON.replace("1.2,tot,", "1.2,tôt lắm,") + "8.1,1,,,,\n",
    );
    let failed = json(&["check", "-f", "json", "-c", "set.yaml", "ev"], 1);
    assert_eq!(
        (failed["errors"].clone(), failed["warnings"].clone()),
        (2.into(), 0.into())
    );
    let problems = failed["problems"].as_array().expect("list");
    let brief: Vec<(u64, &str, &str, &str)> = problems
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap_or(0),
                p["unit"].as_str().unwrap_or(""),
                p["criterion"].as_str().unwrap_or(""),
                p["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            (3, "bac-son", "1.2", "error"),
            (10, "bac-son", "8.1", "error")
        ]
    );
}

#[test]
fn output_file_takes_its_format_from_the_extension() {
    let w = setup();
    assert_eq!(
        w.ok(&["score", "-c", "set.yaml", "-o", "out.json", "ev"]),
        ""
    );
    assert!(w.read("out.json").contains("\"index\": \"72.60\""));
    w.ok(&["score", "-c", "set.yaml", "-o", "out.csv", "ev"]);
    assert!(w.read("out.csv").starts_with("group,rank,id"));
    w.ok(&["score", "-c", "set.yaml", "-o", "out.md", "ev"]);
    assert!(w.read("out.md").starts_with("# Bộ thử"));
    let err = w.fails(2, &["score", "-c", "set.yaml", "-o", "out.pdf", "ev"]);
    assert!(err.contains("-f table|csv|json|md"), "{err}");
    // -f wins over the extension
    w.ok(&[
        "score", "-c", "set.yaml", "-f", "csv", "-o", "out.txt", "ev",
    ]);
    assert!(w.read("out.txt").starts_with("group,rank,id"));
}

#[test]
fn output_never_overwrites_an_input_and_leaves_no_temporary_file() {
    let w = setup();
    for target in ["ev/bac-son.csv", "set.yaml", "./ev/../set.yaml"] {
        let err = w.fails(
            2,
            &["score", "-c", "set.yaml", "-f", "csv", "-o", target, "ev"],
        );
        assert!(err.contains("không ghi đè lên tệp đầu vào"), "{err}");
    }
    assert_eq!(w.read("ev/bac-son.csv"), BAC_SON);
    // An invalid run leaves the previous output intact.
    w.ok(&["score", "-c", "set.yaml", "-o", "res.json", "ev"]);
    let before = w.read("res.json");
    w.write("ev/bac-son.csv", BAC_SON.replace("7.7,3,", "7.7,ba,"));
    w.fails(1, &["score", "-c", "set.yaml", "-o", "res.json", "ev"]);
    assert_eq!(w.read("res.json"), before);
    let names: Vec<String> = std::fs::read_dir(w.path("."))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("parindex-tmp")),
        "{names:?}"
    );
}

#[test]
fn group_filter_keeps_ranks_and_refuses_unknown_groups() {
    let w = setup();
    w.write(
        "ev/units.csv",
        "id,name,group\nbac-son,UBND huyện Bắc Sơn,huyen\nso-noi-vu,Sở Nội vụ,so\n",
    );
    w.write("ev/so-noi-vu.csv", BAC_SON.replace("1.1,có", "1.1,không"));
    let out = w.ok(&[
        "score", "-c", "set.yaml", "-f", "csv", "--group", "so", "ev",
    ]);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.contains("so,1,so-noi-vu,Sở Nội vụ,5.26,10.00,52.60,Yếu"),
        "{out}"
    );
    let err = w.fails(2, &["score", "-c", "set.yaml", "--group", "xa", "ev"]);
    assert!(
        err.contains("không có đơn vị nào thuộc nhóm xa (các nhóm: huyen, so)"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let w = setup();
    w.fails(2, &["score", "-c", "set.yaml"]);
    w.fails(2, &["score", "ev"]);
    w.fails(2, &["frobnicate"]);
    w.fails(2, &["score", "-c", "set.yaml", "-f", "pdf", "ev"]);
    w.fails(2, &["score", "-c", "set.yaml", "nowhere.csv"]);
    assert!(w.ok(&["--help"]).contains("score"));
    assert!(w.ok(&["score", "--help"]).contains("--period"));
}

#[test]
fn written_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let w = setup();
    let mode = |name: &str| {
        std::fs::metadata(w.path(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    // A file written the ordinary way, under the same umask, is the reference.
    w.write("reference.txt", "x");
    w.ok(&["score", "-c", "set.yaml", "-o", "out.json", "ev"]);
    assert_eq!(mode("out.json"), mode("reference.txt"));
    // A file replaced keeps its mode.
    std::fs::set_permissions(w.path("out.json"), std::fs::Permissions::from_mode(0o640)).unwrap();
    w.ok(&["score", "-c", "set.yaml", "-o", "out.json", "--force", "ev"]);
    assert_eq!(mode("out.json"), 0o640);
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let w = setup();
    w.write("ket-qua.csv", "bảng của người khác\n");
    let err = w.fails(2, &["score", "-c", "set.yaml", "-o", "ket-qua.csv", "ev"]);
    assert!(
        err.contains("ket-qua.csv: tệp đã có; thêm --force để ghi đè"),
        "{err}"
    );
    assert_eq!(w.read("ket-qua.csv"), "bảng của người khác\n");
    w.ok(&[
        "score",
        "-c",
        "set.yaml",
        "-o",
        "ket-qua.csv",
        "--force",
        "ev",
    ]);
    assert!(w.read("ket-qua.csv").starts_with("group,rank,id"));
    // An input is never replaced, even with --force.
    let err = w.fails(
        2,
        &[
            "score",
            "-c",
            "set.yaml",
            "-f",
            "csv",
            "-o",
            "ev/bac-son.csv",
            "--force",
            "ev",
        ],
    );
    assert!(err.contains("không ghi đè lên tệp đầu vào"), "{err}");
    assert_eq!(w.read("ev/bac-son.csv"), BAC_SON);
}

/// A pipe (or a device such as /dev/null) named with -o --force is written into, not replaced
/// by a regular file: the script reading the pipe gets the result.
#[cfg(unix)]
#[test]
fn a_pipe_is_written_into_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let w = setup();
    let fifo = w.path("ket-qua.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo))
    };
    let args = [
        "score",
        "-c",
        "set.yaml",
        "-o",
        "ket-qua.csv",
        "--force",
        "ev",
    ];
    w.ok(&args);
    // (Were the pipe replaced, the reader would wait for ever: it is left behind then.)
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");
    let read = reader.join().unwrap().unwrap();
    assert!(read.starts_with("group,rank,id"), "{read}");
}

/// A run killed at any moment leaves the previous result whole: the new one is written to a
/// temporary file and renamed over it. Kills land at spread-out times, some during the write.
#[test]
fn a_killed_run_leaves_the_previous_file_intact() {
    use std::process::{Command, Stdio};
    let w = setup();
    // Enough units for the run to take a while: 400 copies of Bắc Sơn.
    for i in 0..400 {
        w.write(&format!("big/u{i:03}.csv"), BAC_SON);
    }
    w.ok(&[
        "score", "-c", "set.yaml", "-f", "json", "-o", "out.json", "big",
    ]);
    let whole = w.read("out.json");
    let start = std::time::Instant::now();
    w.ok(&[
        "score", "-c", "set.yaml", "-f", "json", "-o", "out.json", "--force", "big",
    ]);
    let run = start.elapsed();
    w.write("old.json", "{\"cũ\": true}\n");
    // Watched while a run replaces it, the file is only ever the old one or the new one.
    std::fs::copy(w.path("old.json"), w.path("out.json")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_parindex"))
        .args([
            "score", "-c", "set.yaml", "-f", "json", "-o", "out.json", "--force", "big",
        ])
        .current_dir(w.path("."))
        .spawn()
        .unwrap();
    let mut seen = 0;
    while child.try_wait().unwrap().is_none() {
        if let Ok(now) = std::fs::read_to_string(w.path("out.json")) {
            assert!(
                now == "{\"cũ\": true}\n" || now == whole,
                "seen a partial file ({} bytes)",
                now.len()
            );
            seen += 1;
        }
    }
    assert!(seen > 0);
    assert_eq!(w.read("out.json"), whole);
    for k in 0..12u32 {
        std::fs::copy(w.path("old.json"), w.path("out.json")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_parindex"))
            .args([
                "score", "-c", "set.yaml", "-f", "json", "-o", "out.json", "--force", "big",
            ])
            .current_dir(w.path("."))
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(run * k / 10);
        let _ = child.kill();
        let _ = child.wait();
        let now = w.read("out.json");
        assert!(
            now == "{\"cũ\": true}\n" || now == whole,
            "kill {k}: a partial file was left ({} bytes)",
            now.len()
        );
    }
}

/// Text from the inputs never becomes a formula in a CSV opened by Excel.
#[test]
fn csv_outputs_neutralise_formula_like_text() {
    let w = setup();
    w.write(
        "ev/units.csv",
        "id,name,group\nbac-son,=HYPERLINK(\"http://x\"),@nhom\n",
    );
    let out = w.ok(&["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert!(
        out.contains("'@nhom,1,bac-son,\"'=HYPERLINK(\"\"http://x\"\")\",7.26,"),
        "{out}"
    );
    let gaps = w.ok(&["gaps", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert!(
        gaps.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{gaps}"
    );
    // Numbers, negative ones included, stay numbers.
    assert!(!gaps.contains("'-"), "{gaps}");
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definitions() {
    let w = Workdir::new();
    let bash = w.ok(&["completions", "bash"]);
    assert!(
        bash.contains("_parindex()") && bash.contains("--period"),
        "{bash}"
    );
    let fish = w.ok(&["completions", "fish"]);
    assert!(fish.contains("complete -c parindex"), "{fish}");
    let man = w.ok(&["man"]);
    assert!(
        man.starts_with(".ie") && man.contains(".TH parindex 1"),
        "{man}"
    );
    assert!(man.contains("score") && man.contains("template"), "{man}");
    w.fails(2, &["completions", "cmd.exe"]);
    let score = w.ok(&["man", "score"]);
    assert!(
        score.contains(".TH parindex-score 1") && score.contains("period"),
        "{score}"
    );
    w.fails(2, &["man", "nope"]);
}

/// A result saved among the forms would be read as evidence by the next run: refused.
#[test]
fn no_output_inside_an_evidence_folder() {
    let w = setup();
    for args in [
        vec!["score", "-c", "set.yaml", "-o", "ev/ket-qua.csv", "ev"],
        vec!["gaps", "-c", "set.yaml", "-o", "ev/diem-mat.md", "ev"],
        vec!["report", "-c", "set.yaml", "-o", "./ev/bao-cao.xlsx", "ev"],
    ] {
        let err = w.fails(2, &args);
        assert!(
            err.contains("không ghi kết quả vào thư mục số liệu ev"),
            "{err}"
        );
    }
    assert!(!w.path("ev/ket-qua.csv").exists() && !w.path("ev/bao-cao.xlsx").exists());
    w.ok(&["score", "-c", "set.yaml", "-o", "ket-qua.csv", "ev"]);
}

/// Long runs show a progress bar on a terminal only: piped, stderr stays clean for scripts.
#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let w = setup();
    for i in 0..250 {
        w.write(&format!("big/u{i:03}.csv"), BAC_SON);
    }
    let r = w.run(&["score", "-c", "set.yaml", "-f", "csv", "big"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(r.stdout.lines().count(), 251);
}

/// Leaves are written by hand, not by serde: texts with quotes, backslashes and control
/// characters must still come out as JSON strings that read back to the same text.
#[test]
fn json_leaves_escape_their_texts() {
    let w = Workdir::new();
    let owner = "Phòng \"Tư pháp\" \\ số 1\tTổ 2";
    let set = SET.replacen(
        "owner: \"Phòng Nội vụ\"",
        &format!("owner: {}", serde_json::to_string(owner).unwrap()),
        1,
    );
    assert_ne!(set, SET);
    w.write("set.yaml", &set);
    w.write("ev/bac-son.csv", BAC_SON);
    let out = w.ok(&["score", "-c", "set.yaml", "-f", "json", "ev"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let leaves = v["units"][0]["leaves"].as_array().unwrap();
    assert_eq!(leaves[0]["id"], "1.1");
    assert_eq!(leaves[0]["owner"], owner);
    assert_eq!(leaves[0]["value"], "có");
    assert_eq!(leaves[0]["self_score"], "2.00");
    let bonus = leaves.iter().find(|l| l["id"] == "10").unwrap();
    assert_eq!(bonus["self_score"], serde_json::Value::Null);
    assert_eq!(bonus["value"], "0.5");
}

/// A group may have a name for people (`groups:` in the set): the reports show it, while
/// JSON and CSV, read by programs, keep the id.
#[test]
fn groups_are_shown_by_their_names() {
    let w = setup();
    w.write(
        "set.yaml",
        SET.replace(
            "places: 2\n",
            "places: 2\ngroups: { all: \"UBND cấp huyện\" }\n",
        ),
    );
    let table = w.ok(&["score", "-c", "set.yaml", "ev"]);
    assert!(table.contains("Nhóm UBND cấp huyện: 1 đơn vị"), "{table}");
    let md = w.ok(&["score", "-c", "set.yaml", "-f", "md", "ev"]);
    assert!(
        md.contains("Nhóm UBND cấp huyện: điểm theo lĩnh vực"),
        "{md}"
    );
    let explain = w.ok(&["explain", "-c", "set.yaml", "--unit", "bac-son", "ev"]);
    assert!(explain.contains("nhóm UBND cấp huyện"), "{explain}");
    w.ok(&["report", "-c", "set.yaml", "-o", "r.html", "ev"]);
    assert!(
        w.read("r.html")
            .contains("<h2>Nhóm UBND cấp huyện: xếp hạng")
    );
    let json = w.ok(&["score", "-c", "set.yaml", "-f", "json", "ev"]);
    assert!(json.contains("\"group\": \"all\""), "{json}");
    let csv = w.ok(&["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert!(
        csv.lines().nth(1).unwrap().starts_with("all,1,bac-son"),
        "{csv}"
    );
    // A slip in the key names the key meant.
    w.write(
        "bad.yaml",
        SET.replace(
            "places: 2\n",
            "places: 2\ngroup: { all: \"UBND cấp huyện\" }\n",
        ),
    );
    let err = w.fails(1, &["check", "-c", "bad.yaml"]);
    assert!(err.contains("có phải là `groups`?"), "{err}");
}
