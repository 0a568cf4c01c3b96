//! The bundled example: Lạng Sơn's 11 district-level units at 9 months of 2023.
//!
//! The golden files in tests/golden were checked against an independent scorer written from
//! SPEC alone (Python, exact fractions) and, for Bắc Sơn, by hand. Bắc Sơn's real figures
//! (TB kết luận 24/10/2023), leaf by leaf where they come from the notice:
//!   7.3.2 33.784/39.079 hồ sơ cập nhật: 2 × 86,4505…% ÷ 100 = 1,72901… → 1,73
//!   7.5   12,58% số hóa, chỉ tiêu 60%:  1,5 × 12,58 ÷ 60 = 0,3145 → 0,31
//!   6.1.1 68,1% giải ngân, chỉ tiêu 100%: 3 × 68,1 ÷ 100 = 2,043 → 2,04
//!   8.1.1 10/18 doanh nghiệp mới:        3 × 55,5555…% ÷ 100 = 1,6666… → 1,67
//!   7.3.1 86 hồ sơ quá hạn, trừ 0,01/hồ sơ: 2 − 0,86 = 1,14
//! Components: 1 = 5,75; 2 = 5,13; 3 = 9,61 (of 12,5: 3.3.4 không phát sinh, excluded);
//! 4 = 7,38; 5 = 13,03; 6 = 5,79; 7 = 11,62; 8 = 4,67 (of 8: 8.2 N/A); 9 N/A (no survey at
//! 9 months). Base 62,98 over 100 − 1,5 − 2 − 10 = 86,5 → 72,8092… → 72,81, class Khá,
//! rank 10 of 11. Regenerate the goldens only after checking a change by hand:
//!   parindex score -c criteria/langson-huyen-2023.yaml --period 2023-9T \
//!     -o tests/golden/langson-2023-9t.json examples/langson-2023-9t

use crate::util::{Workdir, root};

fn run_example(extra: &[&str]) -> String {
    let w = Workdir::new();
    let criteria = root().join("criteria/langson-huyen-2023.yaml");
    let example = root().join("examples/langson-2023-9t");
    let mut args = vec!["score", "-c", criteria.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(example.to_str().unwrap());
    w.ok(&args)
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/golden").join(name)).unwrap()
}

#[test]
fn example_json_matches_the_golden_result() {
    let out = run_example(&["--period", "2023-9T", "-f", "json"]);
    assert_eq!(out, golden("langson-2023-9t.json"));
}

#[test]
fn example_csv_matches_the_golden_ranking() {
    // Checked against the golden JSON: the totals, the self points, the period, component 9
    // (no survey at 9 months) empty, the penalties negative.
    let csv = run_example(&["--period", "2023-9T", "-f", "csv"]);
    assert_eq!(csv, golden("langson-2023-9t.csv"));
}

#[test]
fn bac_son_real_figures() {
    let out = run_example(&["-f", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let unit = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "bac-son")
        .unwrap();
    let leaf = |id: &str| {
        let l = unit["leaves"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == id)
            .unwrap();
        (
            l["value"].as_str().unwrap().to_string(),
            l["points"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(leaf("7.3.2"), ("33.784/39.079".into(), "1.73".into()));
    assert_eq!(leaf("7.5"), ("12,58%".into(), "0.31".into()));
    assert_eq!(leaf("6.1.1"), ("68,1%".into(), "2.04".into()));
    assert_eq!(leaf("8.1.1"), ("10/18".into(), "1.67".into()));
    assert_eq!(leaf("7.3.1"), ("86".into(), "1.14".into()));
    assert_eq!(
        (
            unit["points"].as_str(),
            unit["max"].as_str(),
            unit["index"].as_str()
        ),
        (Some("62.98"), Some("86.50"), Some("72.81"))
    );
    assert_eq!(
        (unit["rank"].as_u64(), unit["class"].as_str()),
        (Some(10), Some("Khá"))
    );
}

#[test]
fn example_explain_and_tree_run() {
    let w = Workdir::new();
    let criteria = root().join("criteria/langson-huyen-2023.yaml");
    let example = root().join("examples/langson-2023-9t");
    let out = w.ok(&[
        "explain",
        "-c",
        criteria.to_str().unwrap(),
        "--unit",
        "bac-son",
        example.to_str().unwrap(),
    ]);
    assert!(
        out.contains("Tổng điểm: 62,98 / 86,50 — chỉ số 72,81% — hạng 10/11 — xếp loại Khá"),
        "{out}"
    );
    let tree = w.ok(&["tree", "-c", criteria.to_str().unwrap()]);
    assert!(tree.contains("Điểm tối đa phần cơ bản: 100,00"), "{tree}");
}

/// The same result whatever the number of threads, and whatever the order of the files given.
#[test]
fn example_is_the_same_on_one_thread_or_many_and_in_any_file_order() {
    let w = Workdir::new();
    let criteria = root().join("criteria/langson-huyen-2023.yaml");
    let example = root().join("examples/langson-2023-9t");
    let (c, e) = (criteria.to_str().unwrap(), example.to_str().unwrap());
    let one = w.run_env(
        &[("PARINDEX_THREADS", "1")],
        &["score", "-c", c, "-f", "json", e],
    );
    let many = w.run_env(
        &[("PARINDEX_THREADS", "7")],
        &["score", "-c", c, "-f", "json", e],
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, many.stdout);
    assert_eq!(one.stderr, many.stderr);
    // Files named one by one, in reverse order, with the units file given apart.
    let mut files: Vec<String> = std::fs::read_dir(&example)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".csv") && !p.ends_with("units.csv"))
        .collect();
    files.sort();
    files.reverse();
    let units = example.join("units.csv");
    let mut args = vec![
        "score",
        "-c",
        c,
        "-u",
        units.to_str().unwrap(),
        "-f",
        "json",
    ];
    args.extend(files.iter().map(String::as_str));
    assert_eq!(w.ok(&args), one.stdout);
}

/// A long file of over 1 MiB is parsed on one thread while its rows are scored and filed on
/// another: the result, the warnings and the errors are those of one thread, byte for byte.
#[test]
fn a_large_long_file_scores_the_same_on_one_thread_or_many() {
    let w = Workdir::new();
    let spec = parindex::generate::Spec {
        units: 1_500,
        leaves: 21,
        long: true,
        seed: 11,
    };
    parindex::generate::write(&w.path("."), &spec).unwrap();
    let evidence = w.path("evidence/evidence.csv");
    assert!(std::fs::metadata(&evidence).unwrap().len() > 1 << 20);
    let run = |threads: &str| {
        w.run_env(
            &[("PARINDEX_THREADS", threads)],
            &["score", "-c", "criteria.yaml", "-f", "json", "evidence"],
        )
    };
    let one = run("1");
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stdout.matches("\"id\": \"xa-").count() == 1_500);
    for threads in ["2", "3"] {
        let many = run(threads);
        assert_eq!(one.stdout, many.stdout);
        assert_eq!(one.stderr, many.stderr);
    }
    // Errors found on the scoring threads are the same too: a unit's row given twice, a
    // value its rule cannot read, a unit the units file does not list; in the middle of the
    // file (rows that the reading thread may score ahead) and at its end.
    let text = std::fs::read_to_string(&evidence).unwrap();
    let bad = "xa-000007;1.1;có;;;;\nxa-001234;2.1;nhiều;;;;\nxa-999999;1.1;có;;;;\n";
    let middle = text.match_indices('\n').nth(20_000).unwrap().0 + 1;
    let text = format!("{}{bad}{}{bad}", &text[..middle], &text[middle..]);
    std::fs::write(&evidence, text).unwrap();
    let one = run("1");
    assert_eq!(one.code, 1);
    assert!(one.stderr.contains("có 7 lỗi"), "{}", one.stderr);
    assert_eq!(one.stderr, run("2").stderr);
}

/// A folder with one long evidence file of 1.500 units × 21 leaves, large enough to be read
/// on two threads: the folder, the file and its text.
fn large_file(seed: u64) -> (Workdir, std::path::PathBuf, String) {
    let w = Workdir::new();
    let spec = parindex::generate::Spec {
        units: 1_500,
        leaves: 21,
        long: true,
        seed,
    };
    parindex::generate::write(&w.path("."), &spec).unwrap();
    let evidence = w.path("evidence/evidence.csv");
    let text = std::fs::read_to_string(&evidence).unwrap();
    assert!(text.len() > 1 << 20, "the file must be read on two threads");
    (w, evidence, text)
}

/// `score -f json` of the folder on this many threads.
fn score_json(w: &Workdir, threads: &str) -> crate::util::Run {
    w.run_env(
        &[("PARINDEX_THREADS", threads)],
        &["score", "-c", "criteria.yaml", "-f", "json", "evidence"],
    )
}

/// A quoted note over two lines, CRLF line ends, a quote inside a field and a byte that is
/// not UTF-8 far into the file all give the result of one thread.
#[test]
fn a_large_file_with_quotes_and_crlf_scores_the_same_on_one_thread_or_many() {
    let (w, evidence, original) = large_file(12);
    let lines: Vec<&str> = original.lines().collect();
    let run = || {
        let one = score_json(&w, "1");
        let two = score_json(&w, "2");
        assert_eq!(one.stdout, two.stdout);
        assert_eq!(one.stderr, two.stderr);
        one
    };
    // A note over two lines, early on; CRLF everywhere.
    let note = |l: &str| {
        format!(
            "{}\"ghi chú\r\nhai dòng\"",
            l.trim_end_matches(';').to_owned() + ";"
        )
    };
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    edited[5] = note(lines[5]);
    std::fs::write(&evidence, edited.join("\r\n") + "\r\n").unwrap();
    let quoted = run();
    assert_eq!(quoted.code, 0, "{}", quoted.stderr);
    // A quote inside an unquoted field, then a quoted field over two lines.
    edited[3] = format!("{}ab\"c", lines[3]);
    std::fs::write(&evidence, edited.join("\n") + "\n").unwrap();
    let stray = run();
    assert_eq!(stray.code, 0, "{}", stray.stderr);
    assert_eq!(stray.stdout, quoted.stdout);
    // A byte that is not UTF-8 far into the file: reading stops there, as on one thread.
    let mut bytes = (lines.join("\n") + "\n").into_bytes();
    let at = bytes.len() * 3 / 4;
    let nl = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap();
    bytes.insert(nl - 1, 0xC3);
    std::fs::write(&evidence, bytes).unwrap();
    let bad = run();
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("không phải văn bản UTF-8"),
        "{}",
        bad.stderr
    );
}

/// Rows sorted by criterion: every unit's rows are spread over the whole file. Results and
/// problems are those of one read in order.
#[test]
fn units_with_rows_all_over_the_file_score_as_read_in_one_go() {
    let (w, evidence, original) = large_file(13);
    let (header, rows) = original.split_once('\n').unwrap();
    let score = |threads| score_json(&w, threads);
    let unsorted = score("1");
    assert_eq!(unsorted.code, 0, "{}", unsorted.stderr);
    // A file of several megabytes, written to disk as it is made, holds every byte.
    assert!(unsorted.stdout.len() > 4 << 20);
    w.ok(&["score", "-c", "criteria.yaml", "-o", "out.json", "evidence"]);
    assert!(
        w.read("out.json") == unsorted.stdout,
        "-o differs from stdout"
    );
    let mut sorted: Vec<&str> = rows.lines().collect();
    sorted.sort_by_key(|l| l.split(';').nth(1).unwrap_or(""));
    let write = |rows: &[&str]| {
        std::fs::write(&evidence, format!("{header}\n{}\n", rows.join("\n"))).unwrap()
    };
    write(&sorted);
    let (one, two) = (score("1"), score("2"));
    assert_eq!(two.code, 0, "{}", two.stderr);
    // (Outputs of 1 MB: compared without printing them.)
    assert!(two.stdout == one.stdout, "one thread and two differ");
    assert!(
        two.stdout == unsorted.stdout,
        "the order of rows changed a result"
    );
    assert_eq!(two.stderr, one.stderr);
    // At the end of the file, for the file's first unit: a second row for a leaf whose
    // first row is the file's first, a bad value for a leaf it had no row for, and an
    // unknown criterion.
    let first = sorted[0];
    let unit = first.split(';').next().unwrap();
    let mut broken: Vec<&str> = (sorted.iter().copied())
        .filter(|l| !l.starts_with(&format!("{unit};2.1;")))
        .collect();
    let bad = format!("{unit};2.1;nhiều;1;;KH 1/KH-UBND;");
    let unknown = format!("{unit};99.9;1;;;;");
    broken.extend([first, bad.as_str(), unknown.as_str()]);
    write(&broken);
    let (one, two) = (score("1"), score("2"));
    assert_eq!(two.code, 1);
    assert_eq!(two.stderr, one.stderr);
    let n = broken.len() + 1;
    for expected in [
        format!(
            "csv:{}: đơn vị {unit}, tiêu chí 1.1: xuất hiện hai lần (cả ở evidence/evidence.csv:2)",
            n - 2
        ),
        format!("csv:{}: đơn vị {unit}, tiêu chí 2.1: \"nhiều\"", n - 1),
        format!("csv:{n}: đơn vị {unit}, tiêu chí 99.9"),
    ] {
        assert!(two.stderr.contains(&expected), "{expected}\n{}", two.stderr);
    }
}
