//! Workbooks a unit could send that would take an office's run down: each is refused,
//! naming the file and the limit, quickly and in little memory. Every file is built here.

use std::io::Write;

use crate::SET;
use crate::util::Workdir;

/// An `.xlsx` with one sheet: `rows` as the XML of its rows, and `shared` (the XML of the
/// shared strings) written as it is made by `shared`, compressed.
fn workbook(rows: &str, shared: impl FnOnce(&mut dyn Write)) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let parts = [
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<workbook xmlns="{main}" xmlns:r="{rels}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>"#),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).expect("part");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.start_file("xl/sharedStrings.xml", deflated)
        .expect("part");
    shared(&mut zip);
    zip.finish().expect("zip").into_inner()
}

/// Shared strings with none in them.
fn no_strings(out: &mut dyn Write) {
    out.write_all(b"<sst></sst>").expect("write");
}

/// A cell with inline text.
fn cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The header and one row of a form, inline.
fn form_rows() -> String {
    format!(
        r#"<row r="1">{}{}</row><row r="2">{}{}</row>"#,
        cell("A1", "criterion"),
        cell("B1", "value"),
        cell("A2", "1.1"),
        cell("B2", "có")
    )
}

#[test]
fn a_workbook_read_within_its_bounds_scores() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/u1.xlsx", workbook(&form_rows(), no_strings));
    let out = w.ok(&["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert!(out.contains("u1"), "{out}");
}

/// A few megabytes that expand to more than 128 MiB (one huge shared string): refused
/// before anything is read from it.
#[test]
fn a_part_that_expands_past_its_limit_is_refused() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    let bomb = workbook(&form_rows(), |out| {
        out.write_all(b"<sst><si><t>").expect("write");
        let block = vec![b'x'; 1 << 20];
        for _ in 0..130 {
            out.write_all(&block).expect("write");
        }
        out.write_all(b"</t></si></sst>").expect("write");
    });
    assert!(bomb.len() < 4 << 20, "{} bytes", bomb.len());
    w.write("ev/u1.xlsx", bomb);
    let e = w.fails(1, &["check", "-c", "set.yaml", "ev"]);
    assert!(
        e.contains("ev/u1.xlsx: phần xl/sharedStrings.xml của tệp Excel giải nén ra hơn 128 MiB"),
        "{e}"
    );
    assert!(e.lines().count() <= 3, "{e}");
}

/// A cell past Excel's 16.384 columns, or past its 1.048.576 rows.
#[test]
fn a_cell_past_excels_limits_is_refused() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    let wide = format!("{}<row r=\"3\">{}</row>", form_rows(), cell("XFE3", "x"));
    w.write("ev/wide.xlsx", workbook(&wide, no_strings));
    let long = format!(
        "{}<row r=\"1048577\">{}</row>",
        form_rows(),
        cell("A1048577", "x")
    );
    w.write("ev/long.xlsx", workbook(&long, no_strings));
    let e = w.fails(1, &["check", "-c", "set.yaml", "ev"]);
    assert!(
        e.contains("ev/wide.xlsx: trang tính có ô ở dòng 3, cột 16385: quá giới hạn của Excel"),
        "{e}"
    );
    assert!(
        e.contains("ev/long.xlsx: trang tính có ô ở dòng 1048577, cột 1: quá giới hạn của Excel"),
        "{e}"
    );
}

/// A file of nothing but problems: the first 20 are listed, the others counted (past the
/// first thousand, not even kept), the file named as the wrong one; `--errors all` lists
/// every one.
#[test]
fn a_flood_of_problems_fills_no_more_than_a_screen() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    let rows: String = (0..3000).map(|i| format!("x{i},1\n")).collect();
    w.write("ev/u1.csv", format!("criterion,value\n{rows}"));
    w.write("ev/u2.csv", "criterion,value\n1.1,có\n9.9,1\n");
    let e = w.fails(1, &["check", "-c", "set.yaml", "ev"]);
    let lines: Vec<&str> = e.lines().collect();
    assert!(lines.len() <= 25, "{e}");
    assert!(
        lines[0].starts_with("ev/u1.csv: tệp này có vẻ không phải biểu mẫu tự đánh giá"),
        "{e}"
    );
    assert!(
        e.contains(
            "ev/u1.csv: … và 2.981 lỗi khác trong tệp này (thêm --errors all để xem tất cả)"
        ),
        "{e}"
    );
    assert!(e.contains("ev/u2.csv:3: đơn vị u2, tiêu chí 9.9"), "{e}");
    assert_eq!(
        lines.last(),
        Some(&"có 3.002 lỗi (ev/u1.csv: 3.001); không ghi kết quả nào"),
        "{e}"
    );
    let all = w.fails(1, &["check", "--errors", "all", "-c", "set.yaml", "ev"]);
    assert_eq!(all.lines().count(), 3_003, "{all}");
}

/// A leaf without data in many units: the first 20 such warnings and a count, the other
/// warnings all; `--warnings all` prints every one.
#[test]
fn many_leaves_without_data_are_counted_not_listed() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    for u in 0..5 {
        w.write(
            &format!("ev/u{u}.csv"),
            "criterion,value,ghi_chu_them\n1.1,có,x\n",
        );
    }
    let r = w.run(&["check", "-c", "set.yaml", "ev"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let missing = r
        .stderr
        .lines()
        .filter(|l| l.contains("chưa có số liệu; tính 0 điểm"));
    assert_eq!(missing.count(), 20, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "cảnh báo: … và 10 tiêu chí khác chưa có số liệu (thêm --warnings all để xem tất cả)"
        ),
        "{}",
        r.stderr
    );
    // The five columns not read are all said.
    assert_eq!(
        r.stderr.matches("không được đọc").count(),
        5,
        "{}",
        r.stderr
    );
    let all = w.run(&["check", "--warnings", "all", "-c", "set.yaml", "ev"]);
    let missing = all
        .stderr
        .lines()
        .filter(|l| l.contains("chưa có số liệu; tính 0 điểm"));
    assert_eq!(missing.count(), 30, "{}", all.stderr);
}
