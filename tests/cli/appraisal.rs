//! The appraisal round: template → fill → score, the appraisal list and the gaps list.

use crate::util::{Workdir, root};
use crate::{BAC_SON, SET};

const UNITS: &str =
    "id,name,group\nbac-son,UBND huyện Bắc Sơn,huyen\ncao-loc,UBND huyện Cao Lộc,huyen\n";

/// Fills a returned form the way an office does in Excel: the fill-in columns only, the
/// descriptive columns kept, saved again as "CSV UTF-8" with semicolons.
fn fill(form: &str, answers: &str) -> String {
    let answers: Vec<Vec<String>> = csv::Reader::from_reader(answers.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let body = form
        .strip_prefix('\u{feff}')
        .expect("forms start with a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    out.write_record(&header).unwrap();
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if let Some(a) = answers.iter().find(|a| a[0] == row[0]) {
            // answers: criterion,value,self_score,appraised,evidence,note
            for (i, name) in ["value", "self_score", "appraised", "evidence", "note"]
                .iter()
                .enumerate()
            {
                row[col(name)] = a[i + 1].replace('.', ",");
            }
        }
        out.write_record(&row).unwrap();
    }
    format!(
        "\u{feff}{}",
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    )
}

#[test]
fn template_fill_score_round_trip() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("units.csv", UNITS);
    let r = w.run(&[
        "template",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-o",
        "forms",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("đã ghi 2 biểu mẫu vào forms"),
        "{}",
        r.stderr
    );
    let form = w.read("forms/bac-son.csv");
    let lines: Vec<&str> = form.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}criterion;noi_dung;diem_toi_da;cach_tinh_diem;co_quan_phu_trach;value;self_score;appraised;evidence;note"
    );
    let ids: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(';').next().unwrap())
        .collect();
    assert_eq!(ids, ["1.1", "1.2", "7.5", "7.6", "7.7", "7.8", "9", "10"]);
    assert_eq!(
        lines[3],
        "7.5;Số hóa hồ sơ;1,50;Tỷ lệ so với chỉ tiêu 60: 1,5 × giá trị ÷ 60, tối đa 1,5;Văn phòng HĐND và UBND;;;;;"
    );
    // A blank form loads as it is: every leaf missing, nothing else wrong.
    let r = w.run(&["check", "-c", "set.yaml", "-u", "units.csv", "forms"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Filled and returned: Bắc Sơn fully, Cao Lộc one row.
    w.write("forms/bac-son.csv", fill(&form, BAC_SON));
    w.write(
        "forms/cao-loc.csv",
        fill(
            &form,
            "criterion,value,self_score,appraised,evidence,note\n1.1,có,2,,KH 01/KH-UBND,\n",
        ),
    );
    let out = w.ok(&[
        "score",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-f",
        "csv",
        "forms",
    ]);
    assert_eq!(
        out,
        "group,rank,id,name,points,max,index,class,self_points,period,1,7,9,10\n\
         huyen,1,bac-son,UBND huyện Bắc Sơn,7.26,10.00,72.60,Khá,9.75,,3.50,2.56,0.70,0.50\n\
         huyen,2,cao-loc,UBND huyện Cao Lộc,2.00,10.00,20.00,Yếu,2.00,,2.00,0.00,0.00,0.00\n"
    );
}

#[test]
fn existing_forms_are_never_overwritten_without_force() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("units.csv", UNITS);
    w.ok(&[
        "template",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-o",
        "forms",
    ]);
    w.write("forms/bac-son.csv", "filled in by the unit");
    let err = w.fails(
        2,
        &[
            "template",
            "-c",
            "set.yaml",
            "-u",
            "units.csv",
            "-o",
            "forms",
        ],
    );
    assert!(err.contains("forms/bac-son.csv"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(w.read("forms/bac-son.csv"), "filled in by the unit");
    w.ok(&[
        "template",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-o",
        "forms",
        "--force",
    ]);
    assert!(w.read("forms/bac-son.csv").contains("criterion;noi_dung"));
}

/// A unit id that cannot be a file name: exit 1, the reason named, nothing written anywhere.
fn refused(id: &str, reason: &str) {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    let mut units = csv::Writer::from_writer(Vec::new());
    units.write_record(["id", "name", "group"]).unwrap();
    units.write_record(["bac-son", "Bắc Sơn", "huyen"]).unwrap();
    units.write_record([id, "X", "huyen"]).unwrap();
    w.write("d/units.csv", units.into_inner().unwrap());
    let err = w.fails(
        1,
        &[
            "template",
            "-c",
            "set.yaml",
            "-u",
            "d/units.csv",
            "-o",
            "d/forms",
        ],
    );
    assert!(err.contains(reason), "{id:?}: {reason:?} not in {err}");
    assert!(
        !w.path("d/forms").exists(),
        "{id:?}: a form folder was created"
    );
    let stray: Vec<_> = walk(&w.path("."))
        .into_iter()
        .filter(|p| p.ends_with(".csv") && !p.ends_with("units.csv"))
        .collect();
    assert!(stray.is_empty(), "{id:?}: files written: {stray:?}");
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p.display().to_string());
        }
    }
    out
}

macro_rules! refused_id {
    ($($name:ident: $id:expr => $reason:expr;)*) => {$(
        #[test]
        fn $name() {
            refused($id, $reason);
        }
    )*};
}

refused_id! {
    refuses_parent_path: "../x" => "có ký tự phân cách thư mục";
    refuses_subfolder: "a/b" => "có ký tự phân cách thư mục";
    refuses_backslash: "a\\b" => "có ký tự phân cách thư mục";
    refuses_dot_dot: ".." => "bắt đầu bằng dấu chấm";
    refuses_hidden: ".x" => "bắt đầu bằng dấu chấm";
    refuses_con: "CON" => "tên Windows dành cho thiết bị";
    refuses_nul_with_extension: "nul.txt" => "tên Windows dành cho thiết bị";
    refuses_com1: "com1" => "tên Windows dành cho thiết bị";
    refuses_lpt9: "LPT9" => "tên Windows dành cho thiết bị";
    refuses_colon: "c:x" => "ký tự không dùng được trong tên tệp";
    refuses_question_mark: "x?" => "ký tự không dùng được trong tên tệp";
    refuses_trailing_dot: "x." => "kết thúc bằng dấu chấm hoặc dấu cách";
    refuses_units: "units" => "được đọc là tệp đơn vị";
    refuses_case_clash: "Bac-Son" => "trùng tệp với đơn vị \"bac-son\"";
    refuses_empty: "" => "một đơn vị có mã (id) trống";
}

fn example(command: &str, format: &str) -> String {
    let w = Workdir::new();
    let criteria = root().join("criteria/langson-huyen-2023.yaml");
    let example = root().join("examples/langson-2023-9t");
    w.ok(&[
        command,
        "-c",
        criteria.to_str().unwrap(),
        "--unit",
        "bac-son",
        "-f",
        format,
        example.to_str().unwrap(),
    ])
}

fn s(v: &serde_json::Value) -> &str {
    v.as_str().unwrap_or("null")
}

/// Bắc Sơn, by hand: the Home Affairs office appraised 1.4 down from 1,13 to 0,75 (−0,38) and
/// 2.3 from 1,88 to 1,25 (−0,63); every other self-score equals the computed points. Over the
/// self-scored leaves: self 61,99, appraised 60,98, difference −1,01 = −0,38 − 0,63. The total,
/// 62,98, also counts 2.1 (KPS, full marks 2, no self-score).
/// 5.5.2 has a self-score of 1,5 and no evidence document: it needs giải trình.
#[test]
fn appraisal_list_for_bac_son() {
    let v: serde_json::Value = serde_json::from_str(&example("appraisal", "json")).unwrap();
    let u = &v["units"][0];
    assert_eq!(
        (
            s(&u["id"]),
            s(&u["self_points"]),
            s(&u["appraised_points"]),
            s(&u["difference"]),
            s(&u["total_points"])
        ),
        ("bac-son", "61.99", "60.98", "-1.01", "62.98")
    );
    let differ: Vec<String> = v["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{} {} {} {}",
                s(&l["criterion"]),
                s(&l["self_score"]),
                s(&l["points"]),
                s(&l["difference"])
            )
        })
        .collect();
    assert_eq!(differ, ["1.4 1.13 0.75 -0.38", "2.3 1.88 1.25 -0.63"]);
    assert!(s(&v["differences"][0]["note"]).starts_with("Thẩm định: mới tuyên truyền"));
    assert_eq!(
        s(&v["differences"][0]["evidence"]),
        "Kế hoạch tuyên truyền 28/KH-UBND ngày 08/02/2023"
    );
    let undocumented: Vec<String> = v["no_evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| format!("{} {}", s(&l["criterion"]), s(&l["self_score"])))
        .collect();
    assert_eq!(undocumented, ["5.5.2 1.50"]);
    let table = example("appraisal", "table");
    assert!(
        table.contains("Tiêu chí có điểm tự chấm khác điểm thẩm định (2 tiêu chí)"),
        "{table}"
    );
    assert!(table.contains("cần giải trình (1 tiêu chí)"), "{table}");
}

/// Bắc Sơn's gaps, by hand (max − points per leaf below its maximum):
/// Phòng Tài chính - Kế hoạch: 6.3.1 2 − 0 = 2; 8.3 5 − 3 = 2; 8.1.1 3 − 1,67 = 1,33;
/// 6.1.1 3 − 2,04 = 0,96; 6.4 1,5 − 0,75 = 0,75; 6.2 2 − 1,5 = 0,5 → 7,54.
/// Văn phòng HĐND và UBND: 7.5 1,19; 3.2, 3.4, 7.6 1 each; 7.3.1 0,86; 3.3.1 0,75;
/// 7.2, 7.4, 7.7 0,5 each; 7.3.2 0,27; 3.3.3 0,14; 7.1 0,06 → 7,77.
/// All offices: 7,77 + 7,54 + 3,09 + 2 + 1,87 + 1,25 = 23,52 = 86,5 − 62,98.
#[test]
fn gaps_list_for_bac_son() {
    let v: serde_json::Value = serde_json::from_str(&example("gaps", "json")).unwrap();
    let u = &v["units"][0];
    assert_eq!(
        (s(&u["lost"]), s(&u["points"]), s(&u["max"])),
        ("23.52", "62.98", "86.50")
    );
    let offices: Vec<String> = u["offices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{} {}", s(&o["office"]), s(&o["lost"])))
        .collect();
    assert_eq!(
        offices[..3],
        [
            "Văn phòng HĐND và UBND 7.77",
            "Phòng Tài chính - Kế hoạch 7.54",
            "Phòng Nội vụ 3.09"
        ]
    );
    assert_eq!(
        offices[4..],
        ["Phòng Tư pháp 1.87", "Phòng Văn hóa và Thông tin 1.25"]
    );
    let tckh: Vec<String> = u["offices"][1]["leaves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| format!("{} {}", s(&l["criterion"]), s(&l["lost"])))
        .collect();
    assert_eq!(
        tckh,
        [
            "6.3.1 2.00",
            "8.3 2.00",
            "8.1.1 1.33",
            "6.1.1 0.96",
            "6.4 0.75",
            "6.2 0.50"
        ]
    );
    let vp: Vec<String> = u["offices"][0]["leaves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| s(&l["criterion"]).to_string())
        .collect();
    assert_eq!(
        vp,
        [
            "7.5", "3.2", "3.4", "7.6", "7.3.1", "3.3.1", "7.2", "7.4", "7.7", "7.3.2", "3.3.3",
            "7.1"
        ]
    );
    let components: Vec<String> = u["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {}", s(&c["id"]), s(&c["lost"])))
        .collect();
    assert_eq!(
        components,
        [
            "1 4.25", "2 1.87", "3 2.89", "4 0.62", "5 0.97", "6 4.21", "7 5.38", "8 3.33"
        ]
    );
    let md = example("gaps", "md");
    assert!(
        md.contains("## UBND huyện Bắc Sơn — Phòng Tài chính - Kế hoạch: mất 7,54 điểm"),
        "{md}"
    );
    assert!(md.contains("| 6.3.1 | Số đơn vị sự nghiệp tăng thêm trong năm tự bảo đảm (một phần) chi thường xuyên | 0,00 | 2,00 | 2,00 | đã chấm | 0 |"), "{md}");
    let csv = example("gaps", "csv");
    assert!(
        csv.starts_with(
            "unit,unit_name,office,component,criterion,title,points,max,lost,status,value,note\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("bac-son,UBND huyện Bắc Sơn,Phòng Tài chính - Kế hoạch,6,6.3.1,"),
        "{csv}"
    );
}

#[test]
fn round_reports_refuse_an_unknown_unit() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/bac-son.csv", BAC_SON);
    let err = w.fails(2, &["gaps", "-c", "set.yaml", "--unit", "van-quan", "ev"]);
    assert!(err.contains("không có đơn vị van-quan"), "{err}");
    w.fails(
        2,
        &["appraisal", "-c", "set.yaml", "--unit", "van-quan", "ev"],
    );
}

/// The test set's units, with their forms as workbooks in `forms/`.
fn xlsx_forms() -> Workdir {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("units.csv", UNITS);
    let args = [
        "template",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-o",
        "forms",
    ];
    w.ok(&[&args[..], &["--xlsx"]].concat());
    w
}

/// The forms as workbooks: locked descriptions, unlocked fill-in columns; filled in (here by
/// writing the cells as Excel would keep them) they load as evidence with no editing.
#[test]
fn xlsx_forms_round_trip() {
    use calamine::{Reader, open_workbook_auto};
    let w = xlsx_forms();
    let path = w.path("forms/bac-son.xlsx");
    let mut book = open_workbook_auto(&path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let cell = |r: usize, c: usize| range.get((r, c)).map(|d| d.to_string()).unwrap_or_default();
    assert_eq!(cell(0, 0), "criterion");
    assert_eq!(cell(0, 5), "value");
    assert_eq!(
        (cell(3, 0), cell(3, 2)),
        ("7.5".to_string(), "1.5".to_string())
    );
    assert!(cell(3, 3).starts_with("Tỷ lệ so với chỉ tiêu 60"));
    // The sheet is protected and the fill-in cells unlocked (styles in the package XML).
    let unzip = std::process::Command::new("unzip")
        .arg("-p")
        .arg(&path)
        .arg("xl/worksheets/sheet1.xml")
        .output();
    if let Ok(out) = unzip {
        let xml = String::from_utf8_lossy(&out.stdout);
        if !xml.is_empty() {
            assert!(xml.contains("<sheetProtection"), "{xml}");
        }
    }
    let styles = std::process::Command::new("unzip")
        .arg("-p")
        .arg(&path)
        .arg("xl/styles.xml")
        .output();
    if let Ok(out) = styles {
        let xml = String::from_utf8_lossy(&out.stdout);
        if !xml.is_empty() {
            assert!(xml.contains("locked=\"0\""), "{xml}");
        }
    }
    // A blank form loads as it is, with one warning for the unit, not one per leaf.
    let r = w.run(&["check", "-c", "set.yaml", "-u", "units.csv", "forms"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("forms/bac-son.xlsx: cảnh báo: đơn vị bac-son: biểu mẫu chưa điền, không tiêu chí nào có số liệu; mọi tiêu chí tính 0 điểm"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 2, "{}", r.stderr);
}

/// A value cell whose rule reads words offers them in a drop-down (Excel refuses anything
/// else): có/không for a binary leaf, the levels as the set writes them, and "không áp dụng";
/// a leaf that reads a number has no list. The lists are on a hidden second sheet, so that the
/// form is still read from its first sheet.
#[test]
fn xlsx_forms_offer_the_values_of_word_rules_in_a_drop_down() {
    use calamine::{Reader, open_workbook_auto};
    let w = xlsx_forms();
    let path = w.path("forms/bac-son.xlsx");
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Tự đánh giá", "Danh mục"]);
    let lists = book.worksheet_range("Danh mục").unwrap();
    let column = |c: usize| -> Vec<String> {
        (0..lists.height())
            .filter_map(|r| lists.get((r, c)).map(|d| d.to_string()))
            .filter(|t| !t.is_empty())
            .collect()
    };
    assert_eq!(column(0), ["có", "không", "không áp dụng"]);
    assert_eq!(
        column(1),
        ["xuat_sac", "tot", "hoan_thanh", "khong", "không áp dụng"]
    );
    assert_eq!(lists.width(), 2, "only 1.1 and 1.2 read words");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    // 1.1 is on row 2 of the form, 1.2 on row 3 (column F: value).
    assert!(
        xml.contains(r#"sqref="F2"><formula1>'Danh mục'!$A$1:$A$3</formula1>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"sqref="F3"><formula1>'Danh mục'!$B$1:$B$5</formula1>"#),
        "{xml}"
    );
    assert_eq!(xml.matches("<dataValidation ").count(), 2);
    // The workbook with its hidden sheet still loads as a blank form.
    let r = w.run(&["check", "-c", "set.yaml", "-u", "units.csv", "forms"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
