//! `report`: the Excel workbook read back with calamine and checked against `score -f json`,
//! the self-contained HTML page, the Markdown, and the output rules.

use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::util::{Workdir, criteria, example, root};

const SHEETS: [&str; 5] = [
    "Xếp hạng",
    "Lĩnh vực",
    "Tiêu chí",
    "Điểm mất",
    "Tự chấm - thẩm định",
];

/// A copy of the example in `w/ex`, each file passed through `edit(name, text)`.
fn copy_example(w: &Workdir, edit: impl Fn(&str, String) -> String) -> PathBuf {
    for entry in std::fs::read_dir(root().join("examples/langson-2023-9t")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        w.write(&format!("ex/{name}"), edit(&name, text));
    }
    w.path("ex")
}

fn report(w: &Workdir, out: &str, evidence: &Path) {
    w.ok(&[
        "report",
        "-c",
        &criteria(),
        "--period",
        "2023-9T",
        "-o",
        out,
        evidence.to_str().unwrap(),
    ]);
}

fn json_result(w: &Workdir) -> serde_json::Value {
    let out = w.ok(&["score", "-c", &criteria(), "-f", "json", &example()]);
    serde_json::from_str(&out).unwrap()
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).expect("a workbook calamine can read")
}

/// The row (absolute index) whose cell in column `col` is the text `key`.
fn row_of(range: &Range<Data>, col: usize, key: &str) -> usize {
    range
        .rows()
        .position(|r| r.get(col) == Some(&Data::String(key.to_string())))
        .unwrap_or_else(|| panic!("no row with {key:?} in column {col}"))
}

/// The column of a header cell in a row.
fn col_of(range: &Range<Data>, row: usize, header: &str) -> usize {
    range
        .rows()
        .nth(row)
        .unwrap()
        .iter()
        .position(|c| c == &Data::String(header.to_string()))
        .unwrap_or_else(|| panic!("no header {header:?} in row {row}"))
}

fn number(range: &Range<Data>, row: usize, col: usize) -> f64 {
    match range.get((row, col)) {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(n)) => *n as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

/// A decimal string of the JSON result as the number Excel stores.
fn as_f64(v: &serde_json::Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn report_xlsx_has_the_sheets_and_the_values_of_the_json_result() {
    let w = Workdir::new();
    report(&w, "bao-cao.xlsx", Path::new(&example()));
    let mut wb = open(&w.path("bao-cao.xlsx"));
    assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());

    let json = json_result(&w);
    let units = json["units"].as_array().unwrap();
    let bac_son = units.iter().find(|u| u["id"] == "bac-son").unwrap();

    // The ranking: Bắc Sơn 62,98 / 86,50, index 72,81, rank 10.
    let ranking = wb.worksheet_range("Xếp hạng").unwrap();
    let header = row_of(&ranking, 0, "Nhóm");
    let row = row_of(&ranking, col_of(&ranking, header, "Mã"), "bac-son");
    let cell = |name: &str| number(&ranking, row, col_of(&ranking, header, name));
    assert_eq!(cell("Điểm"), 62.98);
    assert_eq!(cell("Điểm"), as_f64(&bac_son["points"]));
    assert_eq!(cell("Tối đa"), as_f64(&bac_son["max"]));
    assert_eq!(cell("Chỉ số (%)"), 72.81);
    assert_eq!(cell("Chỉ số (%)"), as_f64(&bac_son["index"]));
    assert_eq!(cell("Hạng"), 10.0);
    assert_eq!(cell("Tự chấm"), as_f64(&bac_son["self_points"]));
    assert_eq!(
        ranking.get((row, col_of(&ranking, header, "Xếp loại"))),
        Some(&Data::String("Khá".into()))
    );
    // Every unit is there, with the JSON's index and rank.
    for u in units {
        let r = row_of(&ranking, 2, u["id"].as_str().unwrap());
        assert_eq!(
            number(&ranking, r, col_of(&ranking, header, "Chỉ số (%)")),
            as_f64(&u["index"])
        );
        assert_eq!(
            number(&ranking, r, col_of(&ranking, header, "Hạng")),
            u["rank"].as_u64().unwrap() as f64
        );
    }

    // The numbers carry the 2-decimal format (Excel shows 72,81 in a Vietnamese locale).
    let styles = wb.worksheet_style("Xếp hạng").unwrap();
    for name in ["Điểm", "Tối đa", "Chỉ số (%)", "Tự chấm"] {
        let style = styles
            .get((row as u32, col_of(&ranking, header, name) as u32))
            .expect("a styled cell");
        let format = style.number_format.as_ref().expect("a number format");
        assert_eq!(format.format_code, "0.00", "{name}");
    }
    // Headers are bold.
    let style = styles.get((header as u32, 0)).expect("a styled header");
    assert!(style.font.as_ref().is_some_and(|f| f.is_bold()));

    // One leaf: Bắc Sơn's 7.5 (12,58% số hóa against 60%) scores 0,31 of 1,50.
    let leaves = wb.worksheet_range("Tiêu chí").unwrap();
    let header = row_of(&leaves, 0, "Mã đơn vị");
    let (unit_col, id_col) = (
        col_of(&leaves, header, "Mã đơn vị"),
        col_of(&leaves, header, "Mã"),
    );
    let row = leaves
        .rows()
        .position(|r| {
            r[unit_col] == Data::String("bac-son".into()) && r[id_col] == Data::String("7.5".into())
        })
        .expect("Bắc Sơn's 7.5");
    let leaf = bac_son["leaves"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "7.5")
        .unwrap();
    assert_eq!(number(&leaves, row, col_of(&leaves, header, "Điểm")), 0.31);
    assert_eq!(
        number(&leaves, row, col_of(&leaves, header, "Điểm")),
        as_f64(&leaf["points"])
    );
    assert_eq!(number(&leaves, row, col_of(&leaves, header, "Tối đa")), 1.5);
    assert_eq!(
        leaves.get((row, col_of(&leaves, header, "Giá trị"))),
        Some(&Data::String("12,58%".into()))
    );
    // Every leaf of every unit.
    let leaf_count: usize = units
        .iter()
        .map(|u| u["leaves"].as_array().unwrap().len())
        .sum();
    assert_eq!(leaves.rows().skip(header + 1).count(), leaf_count);

    // The matrix: Bắc Sơn's component 7 (11,62 points) and its index.
    let matrix = wb.worksheet_range("Lĩnh vực").unwrap();
    let header = row_of(&matrix, 0, "Nhóm");
    let row = row_of(&matrix, 2, "bac-son");
    let c7 = bac_son["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "7")
        .unwrap();
    assert_eq!(
        number(&matrix, row, col_of(&matrix, header, "LV 7: điểm")),
        as_f64(&c7["points"])
    );
    assert_eq!(
        number(&matrix, row, col_of(&matrix, header, "LV 7: chỉ số (%)")),
        as_f64(&c7["index"])
    );
    // Component 9 (no survey at 9 months) does not apply: left empty.
    assert_eq!(
        matrix.get((row, col_of(&matrix, header, "LV 9: điểm"))),
        Some(&Data::Empty)
    );

    // The other sheets have content: the gaps and the appraisal lists.
    for sheet in ["Điểm mất", "Tự chấm - thẩm định"] {
        let range = wb.worksheet_range(sheet).unwrap();
        assert!(
            range
                .rows()
                .any(|r| r.contains(&Data::String("bac-son".into()))),
            "{sheet}"
        );
    }

    // Every list is an Excel table (with its filter buttons): one per sheet, three for the
    // appraisal (units, differing leaves, leaves without evidence).
    wb.load_tables().unwrap();
    for (sheet, n) in SHEETS.iter().zip([1, 1, 1, 1, 3]) {
        assert_eq!(wb.table_names_in_sheet(sheet).len(), n, "{sheet}");
    }
    let name = wb.table_names_in_sheet("Xếp hạng")[0].clone();
    let table = wb.table_by_name(&name).unwrap();
    assert_eq!(&table.columns()[..4], ["Nhóm", "Hạng", "Mã", "Đơn vị"]);
}

#[test]
fn report_xlsx_is_the_same_bytes_every_time() {
    let w = Workdir::new();
    report(&w, "a.xlsx", Path::new(&example()));
    report(&w, "b.xlsx", Path::new(&example()));
    let (a, b) = (
        std::fs::read(w.path("a.xlsx")).unwrap(),
        std::fs::read(w.path("b.xlsx")).unwrap(),
    );
    assert!(a == b, "two runs gave different workbooks");
}

#[test]
fn report_xlsx_never_turns_input_text_into_a_formula() {
    let w = Workdir::new();
    let ex = copy_example(&w, |name, text| match name {
        "units.csv" => text.replace(
            "bac-son,UBND huyện Bắc Sơn,",
            "bac-son,\"=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\",",
        ),
        // Bắc Sơn's appraised leaf 1.4, with a note and evidence that look like formulas.
        "bac-son.csv" => text
            .replace(
                "\"Thẩm định: mới tuyên truyền",
                "\"=1+2 Thẩm định: mới tuyên truyền",
            )
            .replace(
                "Kế hoạch tuyên truyền 28/KH-UBND",
                "@SUM(A1:A9) Kế hoạch tuyên truyền 28/KH-UBND",
            ),
        _ => text,
    });
    report(&w, "f.xlsx", &ex);
    let mut wb = open(&w.path("f.xlsx"));
    for sheet in SHEETS {
        let formulas = wb.worksheet_formula(sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has a formula"
        );
    }
    let ranking = wb.worksheet_range("Xếp hạng").unwrap();
    let row = row_of(&ranking, 2, "bac-son");
    assert_eq!(
        ranking.get((row, 3)),
        Some(&Data::String(
            "'=HYPERLINK(\"http://example.com\",\"x\")".into()
        ))
    );
    let leaves = wb.worksheet_range("Tiêu chí").unwrap();
    let text = |c: &Data| match c {
        Data::String(s) => s.clone(),
        _ => String::new(),
    };
    assert!(
        leaves
            .rows()
            .any(|r| r.iter().any(|c| text(c).starts_with("'=1+2 Thẩm định"))),
        "the note arrives as text"
    );
    assert!(
        leaves
            .rows()
            .any(|r| r.iter().any(|c| text(c).starts_with("'@SUM(A1:A9)"))),
        "the evidence arrives as text"
    );
}

#[test]
fn report_html_escapes_every_text_and_references_nothing_outside() {
    let w = Workdir::new();
    let ex = copy_example(&w, |name, text| match name {
        "units.csv" => text.replace(
            "bac-son,UBND huyện Bắc Sơn,",
            "bac-son,\"<script>alert(1)</script> & \"\"x\"\" 'y'\",",
        ),
        "bac-son.csv" => text.replace(
            "\"Thẩm định: mới tuyên truyền",
            "\"<b>đậm</b> <img src=x onerror=alert(2)> Thẩm định: mới tuyên truyền",
        ),
        _ => text,
    });
    report(&w, "r.html", &ex);
    let html = w.read("r.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"),
        "the unit name is escaped"
    );
    assert!(html.contains("&lt;b&gt;đậm&lt;/b&gt; &lt;img src=x onerror=alert(2)&gt;"));
    for bad in [
        "<script",
        "<b>đậm",
        "<img",
        "http://",
        "https://",
        "@import",
        "url(",
        "src=\"",
        "src='",
        "<link",
        "<iframe",
        "<object",
    ] {
        assert!(!html.contains(bad), "the page contains {bad:?}");
    }
    // Nothing is loaded from anywhere: the only "src=" is the escaped text of the note.
    let note = "&lt;img src=x onerror=alert(2)&gt;";
    assert!(
        !html.replace(note, "").contains("src="),
        "nothing is loaded from anywhere"
    );
    // Charts drawn inline: the ranking over the class bands; the heat map; decimal commas.
    assert!(html.contains("<svg"));
    assert!(html.contains("Xuất sắc"));
    assert!(html.contains(">72,81<"));
    assert!(html.contains("@page { size: A4"));
    assert!(!html.contains(">72.81<"));
}

#[test]
fn report_html_shows_the_change_since_an_earlier_result() {
    let w = Workdir::new();
    w.ok(&[
        "score",
        "-c",
        &criteria(),
        "--period",
        "2023-6T",
        "-o",
        "ket-qua-6t.json",
        &example(),
    ]);
    // Bắc Sơn was 2 points lower at 6 months (70,81 → 72,81).
    let before = w
        .read("ket-qua-6t.json")
        .replace("\"index\": \"72.81\"", "\"index\": \"70.81\"");
    w.write("ket-qua-6t.json", before);
    w.ok(&[
        "report",
        "-c",
        &criteria(),
        "--period",
        "2023-9T",
        "--compare",
        "ket-qua-6t.json",
        "-o",
        "r.html",
        &example(),
    ]);
    let html = w.read("r.html");
    assert!(html.contains("Thay đổi chỉ số so với kỳ 2023-6T"), "{html}");
    assert!(html.contains(">+2,00<"));
    assert!(html.contains("70,81 → 72,81"));
    // --compare is for the HTML page only.
    let err = w.fails(
        2,
        &[
            "report",
            "-c",
            &criteria(),
            "--compare",
            "ket-qua-6t.json",
            "-o",
            "r.xlsx",
            &example(),
        ],
    );
    assert!(err.contains("--compare"), "{err}");
}

#[test]
fn report_md_is_the_ranking_in_markdown() {
    let w = Workdir::new();
    report(&w, "r.md", Path::new(&example()));
    let md = w.ok(&[
        "score",
        "-c",
        &criteria(),
        "--period",
        "2023-9T",
        "-f",
        "md",
        &example(),
    ]);
    assert_eq!(w.read("r.md"), md);
}

#[test]
fn report_writes_only_what_it_may() {
    let w = Workdir::new();
    // An unknown extension is a usage error.
    let err = w.fails(2, &["report", "-c", &criteria(), "-o", "r.pdf", &example()]);
    assert!(err.contains(".xlsx, .html hoặc .md"), "{err}");
    assert!(!w.path("r.pdf").exists());
    // An existing file is replaced only with --force.
    w.write("r.html", "cũ");
    let err = w.fails(
        2,
        &["report", "-c", &criteria(), "-o", "r.html", &example()],
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(w.read("r.html"), "cũ");
    w.ok(&[
        "report",
        "-c",
        &criteria(),
        "-o",
        "r.html",
        "--force",
        &example(),
    ]);
    assert!(w.read("r.html").contains("<svg"));
    // An input is never replaced, even with --force.
    let set = std::fs::read_to_string(criteria()).unwrap();
    w.write("set.md", &set);
    let err = w.fails(
        2,
        &[
            "report",
            "-c",
            "set.md",
            "-o",
            "set.md",
            "--force",
            &example(),
        ],
    );
    assert!(err.contains("không ghi đè lên tệp đầu vào"), "{err}");
    assert_eq!(w.read("set.md"), set);
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(w.path("."))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("parindex-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The Excel writer says nothing of its own: a report or a unit's sheet prints only the
/// warnings about the inputs (it once printed "Ignoring write to previously written row"
/// for every table header).
#[test]
fn excel_files_are_written_without_the_writer_s_own_messages() {
    let w = Workdir::new();
    let base = ["-c", &criteria(), "--period", "2023-9T"].map(str::to_string);
    let runs = [
        vec!["report", "-o", "bao-cao.xlsx"],
        vec!["explain", "--unit", "bac-son", "-o", "phieu.xlsx"],
        vec!["report", "--per-unit", "phieu"],
    ];
    for run in runs {
        let mut args: Vec<String> = run.iter().map(|a| a.to_string()).collect();
        args.splice(1..1, base.iter().cloned());
        args.push(example());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = w.run(&args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        for line in out.stderr.lines() {
            let ours = line.contains(": cảnh báo: ") || line.starts_with("đã ghi ");
            assert!(ours, "{args:?}: {line}");
        }
    }
}
