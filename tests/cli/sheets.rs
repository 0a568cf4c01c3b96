//! The result sheet of one unit (phiếu kết quả chấm điểm): `explain -o FILE.md|.xlsx|.html`
//! and `report --per-unit DIR`, on the bundled example.
//!
//! Bắc Sơn at 9 months, worked by hand from `examples/langson-2023-9t/bac-son.csv` and
//! `criteria/langson-huyen-2023.yaml`:
//! - applicable maximum 100 − 1,5 (3.3.4 không phát sinh, excluded) − 2 (8.2 N/A, excluded)
//!   − 10 (component 9, no survey at 9 months) = 86,50;
//! - index 62,98 ÷ 86,50 × 100 = 72,809… → 72,81, class Khá (70 ≤ 72,81 < 80); rank 10 of
//!   the 11 units of group huyen (the README's ranking);
//! - 1.3 `7/32` = 21,875 % ≥ 20 → 1 point of 2 (the working: `7/32 → 21,875 ≥ 20 → 1`);
//! - 1.4 `tot` = 0,75 × 1,5 = 1,125 by the value, appraised 0,75; self-score 1,13;
//! - 2.1 `KPS`: not applicable, full marks (not_applicable: full_marks) → 2;
//! - 3.3.3 `78/86` = 90,6977 %; 1,5 × 0,906977 = 1,3605 → 1,36;
//! - 7.3.2 `33.784/39.079` = 86,4505 %; 2 × 0,864505 = 1,729 → 1,73.

use std::io::Read;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::util::{Workdir, criteria, example, root};

/// The example's leaf ids, in tree order (Bắc Sơn's file has a row for each).
fn leaf_ids() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("examples/langson-2023-9t/bac-son.csv"))
        .expect("the example");
    text.lines()
        .skip(1)
        .map(|l| l.split(';').next().unwrap_or("").to_string())
        .collect()
}

/// `explain --unit bac-son -o OUT` in the folder, with extra arguments.
fn sheet(w: &Workdir, out: &str, more: &[&str]) -> crate::util::Run {
    let (c, e) = (criteria(), example());
    let mut args = vec![
        "explain", "-c", &c, "--period", "2023-9T", "--unit", "bac-son", "-o", out,
    ];
    args.extend_from_slice(more);
    args.push(&e);
    w.run(&args)
}

/// The rows (cells trimmed) of the Markdown table under `## title`, header first.
fn md_table(md: &str, title: &str) -> Vec<Vec<String>> {
    let start = md
        .find(&format!("## {title}\n"))
        .unwrap_or_else(|| panic!("no section {title:?} in\n{md}"));
    md[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter(|l| !l.starts_with("|---"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The row of a table whose first cell is `id`, as a map from the header.
fn row<'a>(table: &'a [Vec<String>], id: &str) -> impl Fn(&str) -> &'a str + 'a {
    let header = &table[0];
    let r = table
        .iter()
        .find(|r| r[0] == id)
        .unwrap_or_else(|| panic!("no row {id}"));
    move |col: &str| {
        let i = header
            .iter()
            .position(|h| h == col)
            .unwrap_or_else(|| panic!("no column {col}"));
        r[i].as_str()
    }
}

#[test]
fn the_md_sheet_has_the_figures_worked_by_hand() {
    let w = Workdir::new();
    let r = sheet(&w, "bac-son.md", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "the sheet goes to the file: {}",
        r.stdout
    );
    let md = w.read("bac-son.md");
    assert!(
        md.starts_with("# Phiếu kết quả chấm điểm Chỉ số CCHC — UBND huyện Bắc Sơn\n"),
        "{md}"
    );
    for line in [
        "Đơn vị: UBND huyện Bắc Sơn (mã bac-son), nhóm UBND cấp huyện",
        "Kỳ đánh giá: 2023-9T",
        "Bộ tiêu chí: Bộ chỉ số CCHC UBND cấp huyện tỉnh Lạng Sơn năm 2023 (ví dụ) (langson-huyen-2023)",
    ] {
        assert!(md.contains(&format!("\n{line}\n")), "{line}");
    }
    let summary = md_table(&md, "Kết quả chung");
    let total = row(&summary, "62,98");
    assert_eq!(total("Tối đa áp dụng"), "86,50");
    assert_eq!(total("Chỉ số (%)"), "72,81");
    assert_eq!(total("Hạng trong nhóm"), "10/11");
    assert_eq!(total("Xếp loại"), "Khá");

    // Component 9 (no survey at 9 months) does not apply; component 1 is 5,75 of 10.
    let components = md_table(&md, "Điểm theo lĩnh vực");
    assert_eq!(row(&components, "9")("Chỉ số (%)"), "không áp dụng");
    assert_eq!(row(&components, "1")("Điểm"), "5,75");
    assert_eq!(row(&components, "1")("Chỉ số (%)"), "57,50");

    let leaves = md_table(&md, "Điểm từng tiêu chí thành phần");
    let ids: Vec<&str> = leaves[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, leaf_ids(), "every leaf, in tree order");
    let l = row(&leaves, "1.3");
    assert_eq!(l("Giá trị"), "7/32");
    assert_eq!(l("Diễn giải"), "7/32 → 21,875 ≥ 20 → 1");
    assert_eq!((l("Điểm"), l("Tối đa")), ("1,00", "2,00"));
    assert!(l("Cách tính điểm").starts_with("Theo ngưỡng: ≥ 30 → 2; ≥ 20 → 1"));
    assert!(l("Tài liệu kiểm chứng").starts_with("Kế hoạch kiểm tra 41/KH-UBND"));
    assert_eq!(
        l("Ghi chú"),
        "Đã kiểm tra 7/32 cơ quan, xã; tiếp tục kiểm tra quý IV"
    );
    let l = row(&leaves, "1.4");
    assert_eq!(
        (l("Điểm"), l("Tự chấm"), l("Thẩm định")),
        ("0,75", "1,13", "0,75")
    );
    assert_eq!(
        l("Diễn giải"),
        "thẩm định 0,75 (theo giá trị: tot = 0,75 × 1,5 = 1,125)"
    );
    let l = row(&leaves, "2.1");
    assert_eq!(
        (l("Giá trị"), l("Diễn giải"), l("Điểm")),
        ("KPS", "không áp dụng: tính đủ 2 điểm", "2,00")
    );
    let l = row(&leaves, "3.3.3");
    assert_eq!(
        l("Diễn giải"),
        "78/86 → 1,5 × min(90,6977… ÷ 100; 1) = 1,3605… → 1,36"
    );
    assert_eq!(l("Điểm"), "1,36");
    // Left out of the maximum: its applicable maximum is 0.
    assert_eq!(row(&leaves, "3.3.4")("Tối đa"), "0,00");
    assert_eq!(row(&leaves, "7.3.2")("Điểm"), "1,73");
}

#[test]
fn the_xlsx_sheet_stores_numbers_as_numbers_and_prints_on_a4_portrait() {
    let w = Workdir::new();
    let r = sheet(&w, "bac-son.xlsx", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut book: Xlsx<_> = open_workbook(w.path("bac-son.xlsx")).expect("a workbook");
    assert_eq!(book.sheet_names(), vec!["Phiếu kết quả".to_string()]);
    let range = book.worksheet_range("Phiếu kết quả").expect("the sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let text = |r: &[Data], c: usize| match r.get(c) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let num = |r: &[Data], c: usize| match r.get(c) {
        Some(Data::Float(x)) => *x,
        other => panic!("not a number: {other:?} in {r:?}"),
    };
    assert!(text(rows[0], 0).starts_with("Phiếu kết quả chấm điểm Chỉ số CCHC"));
    // The summary: the header row, then the figures as numbers.
    let at = rows
        .iter()
        .position(|r| text(r, 0) == "Tổng điểm")
        .expect("the summary");
    let figures = rows[at + 1];
    assert_eq!(num(figures, 0), 62.98);
    assert_eq!(num(figures, 1), 86.5);
    assert_eq!(num(figures, 2), 72.81);
    assert_eq!(text(figures, 3), "10/11");
    // The leaves: one row each, points, max and self-score as numbers.
    let header = rows
        .iter()
        .position(|r| text(r, 0) == "Mã" && text(r, 1) == "Nội dung")
        .expect("the leaves' header");
    let col = |name: &str| {
        rows[header]
            .iter()
            .position(|c| c == &Data::String(name.to_string()))
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (points, max, own) = (col("Điểm"), col("Tối đa"), col("Tự chấm"));
    let leaves: Vec<&[Data]> = rows[header + 1..]
        .iter()
        .copied()
        .take_while(|r| !text(r, 0).is_empty())
        .collect();
    let ids: Vec<String> = leaves.iter().map(|r| text(r, 0)).collect();
    assert_eq!(ids, leaf_ids());
    for r in &leaves {
        num(r, points);
        num(r, max);
    }
    let leaf = |id: &str| leaves[ids.iter().position(|i| i == id).unwrap()];
    assert_eq!(num(leaf("1.3"), points), 1.0);
    assert_eq!(num(leaf("3.3.3"), points), 1.36);
    assert_eq!(num(leaf("1.4"), own), 1.13);
    assert_eq!(
        text(leaf("1.3"), col("Diễn giải")),
        "7/32 → 21,875 ≥ 20 → 1"
    );

    // Printed on A4 portrait, one page wide, the leaves' header on every page, 2 decimals.
    let file = std::fs::File::open(w.path("bac-son.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let part = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let sheet = part(&mut zip, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"paperSize="9""#), "A4");
    assert!(sheet.contains(r#"orientation="portrait""#));
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    let titles = format!("'Phiếu kết quả'!${0}:${0}", header + 1);
    assert!(
        part(&mut zip, "xl/workbook.xml").contains(&titles),
        "{titles}"
    );
    assert!(part(&mut zip, "xl/styles.xml").contains(r#"formatCode="0.00""#));
}

#[test]
fn the_html_sheet_shows_the_index_and_every_leaf() {
    let w = Workdir::new();
    let r = sheet(&w, "bac-son.html", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = w.read("bac-son.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(html.contains("<h1>Phiếu kết quả chấm điểm Chỉ số CCHC — UBND huyện Bắc Sơn</h1>"));
    assert!(html.contains("<td class=\"n\">72,81</td>"), "the index");
    assert!(
        html.contains("<td>10/11</td><td>Khá</td>"),
        "the rank and class"
    );
    for id in leaf_ids() {
        assert!(html.contains(&format!("<tr><td>{id}</td>")), "leaf {id}");
    }
    assert!(html.contains("<td>7/32 → 21,875 ≥ 20 → 1</td>"));
    // Printable on A4, self-contained.
    assert!(html.contains("@page { size: A4;"));
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "nothing fetched"
    );
}

#[test]
fn the_sheet_is_written_only_where_it_may_be() {
    let w = Workdir::new();
    // An extension that names no format: a usage error listing the three, nothing written.
    for bad in ["bac-son.pdf", "bac-son.csv", "bac-son"] {
        let r = sheet(&w, bad, &[]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(r.stderr.contains(".xlsx, .html hoặc .md"), "{}", r.stderr);
        assert!(!w.path(bad).exists());
    }
    // An existing file is kept unless --force.
    w.write("bac-son.md", "cũ");
    let r = sheet(&w, "bac-son.md", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(w.read("bac-son.md"), "cũ");
    assert_eq!(sheet(&w, "bac-son.md", &["--force"]).code, 0);
    assert!(w.read("bac-son.md").contains("72,81"));
    // Without -o, explain still prints to the terminal.
    let (c, e) = (criteria(), example());
    let out = w.ok(&["explain", "-c", &c, "--unit", "bac-son", &e]);
    assert!(out.contains("7/32 → 21,875 ≥ 20 → 1"), "{out}");
}

#[test]
fn the_sheet_follows_lang() {
    let w = Workdir::new();
    let r = sheet(&w, "bac-son.md", &["--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = w.read("bac-son.md");
    assert!(
        md.starts_with("# PAR INDEX result sheet — UBND huyện Bắc Sơn\n"),
        "{md}"
    );
    let summary = md_table(&md, "Result");
    assert_eq!(row(&summary, "62.98")("Index (%)"), "72.81");
    let leaves = md_table(&md, "Points of every sub-criterion");
    assert_eq!(row(&leaves, "1.3")("Working"), "7/32 → 21.875 ≥ 20 → 1");
    // The data from the inputs stays as written.
    assert!(row(&leaves, "1.3")("Title").starts_with("Kiểm tra công tác CCHC"));
}

/// `report --per-unit DIR` with extra arguments.
fn per_unit(w: &Workdir, dir: &str, more: &[&str]) -> crate::util::Run {
    let (c, e) = (criteria(), example());
    let mut args = vec!["report", "-c", &c, "--period", "2023-9T", "--per-unit", dir];
    args.extend_from_slice(more);
    args.push(&e);
    w.run(&args)
}

/// The file names in a folder, sorted.
fn names(w: &Workdir, dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(w.path(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn per_unit_writes_one_sheet_per_unit_and_replaces_none_without_force() {
    let units = std::fs::read_to_string(root().join("examples/langson-2023-9t/units.csv"))
        .expect("the units");
    let ids: Vec<&str> = units
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    let expected = |ext: &str| {
        let mut v: Vec<String> = ids.iter().map(|id| format!("{id}.{ext}")).collect();
        v.sort();
        v
    };
    let w = Workdir::new();
    let r = per_unit(&w, "phieu/9t", &["--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("đã ghi 11 phiếu kết quả"), "{}", r.stderr);
    assert_eq!(names(&w, "phieu/9t"), expected("md"));
    let bac_son = w.read("phieu/9t/bac-son.md");
    assert_eq!(bac_son, {
        sheet(&w, "one.md", &[]);
        w.read("one.md")
    });
    assert!(w.read("phieu/9t/tp-lang-son.md").contains("| 1/11 |"));

    // Nothing is replaced, not even the sheets that do not exist yet, without --force.
    w.write("phieu/9t/bac-son.md", "cũ");
    std::fs::remove_file(w.path("phieu/9t/cao-loc.md")).unwrap();
    let r = per_unit(&w, "phieu/9t", &["--format", "md"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("10 phiếu kết quả đã có"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"));
    assert_eq!(w.read("phieu/9t/bac-son.md"), "cũ");
    assert!(!w.path("phieu/9t/cao-loc.md").exists());
    let r = per_unit(&w, "phieu/9t", &["--format", "md", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(w.read("phieu/9t/bac-son.md"), bac_son);
    assert_eq!(names(&w, "phieu/9t"), expected("md"));

    // The format: --format, else that of the -o report, else xlsx.
    assert_eq!(per_unit(&w, "x", &[]).code, 0);
    assert_eq!(names(&w, "x"), expected("xlsx"));
    assert_eq!(per_unit(&w, "h", &["-o", "bao-cao.html"]).code, 0);
    assert_eq!(names(&w, "h"), expected("html"));
    assert!(w.read("bao-cao.html").contains("<svg"), "the report too");
}

#[test]
fn per_unit_refuses_an_evidence_folder_and_unsafe_ids() {
    let w = Workdir::new();
    // Written into the evidence folder, the sheets would be read as evidence next time.
    let r = per_unit(&w, &example(), &["--format", "md"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("thư mục số liệu"), "{}", r.stderr);
    assert!(!root().join("examples/langson-2023-9t/bac-son.md").exists());
    // An id that cannot name a file.
    w.write("ev/units.csv", "id,name,group\nCON,Xã Con,xa\n");
    w.write("ev/e.csv", "unit,criterion,value\nCON,1.1,tot\n");
    let c = criteria();
    let r = w.run(&["report", "-c", &c, "--per-unit", "out", "ev"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("không dùng làm tên tệp phiếu kết quả được"),
        "{}",
        r.stderr
    );
    assert!(!w.path("out").exists());
}
