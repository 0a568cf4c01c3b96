//! Input as offices produce it: delimiters, BOM, decimal commas, long files, units files,
//! not-applicable policies and evidence requirements.

use crate::util::Workdir;
use crate::{BAC_SON, SET};

fn csv_line(w: &Workdir, args: &[&str]) -> String {
    let out = w.ok(args);
    out.lines().nth(1).unwrap_or_default().to_string()
}

const EXPECTED: &str = "all,1,bac-son,bac-son,7.26,10.00,72.60,Khá,9.75,,3.50,2.56,0.70,0.50";

#[test]
fn semicolons_decimal_commas_and_bom_give_the_same_result() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    let semi = "\u{feff}criterion;value;self_score;appraised;evidence;note\n\
                1.1;Có;2;;Kế hoạch 206/KH-UBND;\n1.2;TOT;2;;;\n7.5;12,58 %;1,5;;;\n\
                7.6;86,45;1;;;\n7.7;3;0,75;;;\n7.8;1;1,5;;;\n9;0,8;1;0,7;;\"Hội đồng; lần 2\"\n10;0,5;;;;\n";
    w.write("semi/bac-son.csv", semi);
    assert_eq!(
        csv_line(&w, &["score", "-c", "set.yaml", "-f", "csv", "semi"]),
        EXPECTED
    );
    let tab = BAC_SON.replace(',', "\t").replace("\"12\t58%\"", "12,58%");
    w.write("tab/bac-son.csv", tab);
    assert_eq!(
        csv_line(&w, &["score", "-c", "set.yaml", "-f", "csv", "tab"]),
        EXPECTED
    );
}

#[test]
fn fractions_thousands_and_percent_signs() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    // 7.5: 33.784/39.079 → 86,4505…% of a 60% target → capped at 1,5.
    // 7.6: 1.234,5 ≥ 100 → 1. 7.7: 1.000 (thousands) items → capped at 1.
    let ev = BAC_SON
        .replace("7.5,\"12,58%\"", "7.5,33.784/39.079")
        .replace("7.6,86.45", "7.6,\"1.234,5\"")
        .replace("7.7,3,", "7.7,1.000.000,");
    w.write("ev/bac-son.csv", ev);
    let json = w.ok(&["score", "-c", "set.yaml", "-f", "json", "ev"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let leaves = &v["units"][0]["leaves"];
    for (i, id, points) in [(2, "7.5", "1.50"), (3, "7.6", "1.00"), (4, "7.7", "1.00")] {
        assert_eq!(
            (leaves[i]["id"].as_str(), leaves[i]["points"].as_str()),
            (Some(id), Some(points)),
            "{json}"
        );
    }
}

#[test]
fn long_file_with_units_file_and_groups() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("units.csv", "id;name;group;ghi_chu\nbac-son;UBND huyện Bắc Sơn;huyen;\nso-tu-phap;Sở Tư pháp;so;x\ncao-loc;UBND huyện Cao Lộc;huyen;\n");
    let mut long = String::from("unit,criterion,value,self_score,appraised,evidence,note\n");
    for line in BAC_SON.lines().skip(1) {
        long.push_str(&format!("bac-son,{line}\n"));
        long.push_str(&format!("so-tu-phap,{line}\n"));
    }
    long.push_str("cao-loc,1.1,có,,,,\n");
    w.write("long.csv", &long);
    let r = w.run(&[
        "score",
        "-c",
        "set.yaml",
        "-u",
        "units.csv",
        "-f",
        "csv",
        "long.csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // groups in the order of the units file; cao-loc: 1.1 = 2 → 20,00
    assert_eq!(
        r.stdout,
        "group,rank,id,name,points,max,index,class,self_points,period,1,7,9,10\n\
         huyen,1,bac-son,UBND huyện Bắc Sơn,7.26,10.00,72.60,Khá,9.75,,3.50,2.56,0.70,0.50\n\
         huyen,2,cao-loc,UBND huyện Cao Lộc,2.00,10.00,20.00,Yếu,,,2.00,0.00,0.00,0.00\n\
         so,1,so-tu-phap,Sở Tư pháp,7.26,10.00,72.60,Khá,9.75,,3.50,2.56,0.70,0.50\n"
    );
    assert!(r.stderr.contains("long.csv: cảnh báo: đơn vị cao-loc, tiêu chí 1.2 (Tuyên truyền): chưa có số liệu; tính 0 điểm"), "{}", r.stderr);
}

#[test]
fn a_unit_in_the_units_file_without_evidence_scores_zero_with_a_warning() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write(
        "ev/units.csv",
        "id,name,group\nbac-son,Bắc Sơn,huyen\nvan-quan,Văn Quan,huyen\n",
    );
    w.write("ev/bac-son.csv", BAC_SON);
    let r = w.run(&["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("huyen,2,van-quan,Văn Quan,0.00,10.00,0.00,Yếu"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains(
            "ev/units.csv: cảnh báo: đơn vị van-quan: không có dòng số liệu nào; mọi tiêu chí tính 0 điểm"
        ),
        "{}",
        r.stderr
    );
}

/// The three not-applicable policies on the same N/A row (7.5, max 1,5).
#[test]
fn not_applicable_policies() {
    let ev = BAC_SON.replace("7.5,\"12,58%\",1.5", "7.5,N/A,N/A");
    for (policy, points, max, index) in [
        // exclude: 7,26 − 0,31 = 6,95 over 10 − 1,5 = 8,5 → 81,7647… → 81,76
        ("exclude", "6.95", "8.50", "81.76"),
        // full_marks: 6,95 + 1,5 = 8,45 over 10 → 84,50
        ("full_marks", "8.45", "10.00", "84.50"),
        // zero: 6,95 over 10 → 69,50
        ("zero", "6.95", "10.00", "69.50"),
    ] {
        let w = Workdir::new();
        w.write(
            "set.yaml",
            SET.replace("places: 2", &format!("places: 2\nnot_applicable: {policy}")),
        );
        w.write("ev/bac-son.csv", &ev);
        let line = csv_line(&w, &["score", "-c", "set.yaml", "-f", "csv", "ev"]);
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(
            (fields[4], fields[5], fields[6]),
            (points, max, index),
            "{policy}: {line}"
        );
    }
}

#[test]
fn per_node_policy_overrides_the_file() {
    let w = Workdir::new();
    let set = SET.replace(
        "    title: \"Chính quyền số\"\n",
        "    title: \"Chính quyền số\"\n    not_applicable: full_marks\n",
    );
    w.write("set.yaml", set);
    w.write(
        "ev/bac-son.csv",
        BAC_SON
            .replace("7.5,\"12,58%\",1.5", "7.5,KPS,")
            .replace("1.1,có,2,", "1.1,không phát sinh,,"),
    );
    // 1.1 excluded (file policy), 7.5 full marks: 7,26 − 2 − 0,31 + 1,5 = 6,45 over 8 → 80,625 → 80,63
    let line = csv_line(&w, &["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert!(line.contains(",6.45,8.00,80.63,"), "{line}");
}

#[test]
fn evidence_required_zeroes_undocumented_values_but_not_appraised_ones() {
    let w = Workdir::new();
    let set = SET.replace(
        "    owner: \"Phòng Nội vụ\"\n",
        "    owner: \"Phòng Nội vụ\"\n    evidence_required: true\n",
    );
    w.write("set.yaml", set);
    // 1.1 has evidence; 1.2 has none → 0 (no_evidence); appraised rows are kept.
    w.write(
        "ev/bac-son.csv",
        BAC_SON.replace("1.2,tot,2,,Báo cáo 512/BC-UBND,", "1.2,tot,2,,,"),
    );
    let json = w.ok(&["score", "-c", "set.yaml", "-f", "json", "ev"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let leaf = &v["units"][0]["leaves"][1];
    assert_eq!(leaf["status"], "no_evidence");
    assert_eq!(leaf["points"], "0.00");
    assert_eq!(v["units"][0]["points"], "5.76");
    w.write(
        "ev/bac-son.csv",
        BAC_SON.replace("1.2,tot,2,,Báo cáo 512/BC-UBND,", "1.2,tot,2,1.25,,"),
    );
    let json = w.ok(&["score", "-c", "set.yaml", "-f", "json", "ev"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["units"][0]["leaves"][1]["status"], "appraised");
    assert_eq!(v["units"][0]["leaves"][1]["points"], "1.25");
}

#[test]
fn penalty_is_subtracted_and_the_total_floored_at_zero() {
    let w = Workdir::new();
    let set = format!(
        "{SET}  - id: \"11\"\n    title: \"Điểm trừ\"\n    kind: penalty\n    max: 20\n    rule: {{ kind: points }}\n"
    );
    w.write("set.yaml", set);
    w.write("ev/bac-son.csv", format!("{BAC_SON}11,1.5,,,,\n"));
    let line = csv_line(&w, &["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert!(line.contains(",5.76,10.00,57.60,"), "{line}");
    w.write("ev/bac-son.csv", format!("{BAC_SON}11,20,,,,\n"));
    let line = csv_line(&w, &["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert!(line.contains(",0.00,10.00,0.00,"), "{line}");
}

#[test]
fn places_and_half_away_from_zero_rounding() {
    let w = Workdir::new();
    // 7.5 = 1,5 × 12,58 ÷ 60 = 0,3145: 3 places → 0,315 (half away from zero, not 0,314)
    w.write("set.yaml", SET.replace("places: 2", "places: 3"));
    w.write("ev/bac-son.csv", BAC_SON);
    let json = w.ok(&["score", "-c", "set.yaml", "-f", "json", "ev"]);
    assert!(json.contains("\"points\": \"0.315\""), "{json}");
    assert!(json.contains("\"index\": \"72.650\""), "{json}");
}

#[test]
fn misspelt_columns_are_not_silently_dropped() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    // `apraised` instead of `appraised`: the appraisal would be lost; it is said.
    w.write(
        "ev/bac-son.csv",
        BAC_SON.replacen("appraised", "apraised", 1),
    );
    let e = w.fails(1, &["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert!(e.contains("ev/bac-son.csv:1: cột \"apraised\" không được đọc: có phải là appraised? hãy sửa tên cột, nếu không số liệu của cột bị bỏ qua"), "{e}");
    // A column near no read one is only a warning.
    w.write(
        "ev/bac-son.csv",
        BAC_SON.replacen("appraised", "ghi_chu_them", 1),
    );
    let r = w.run(&["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("ev/bac-son.csv:1: cảnh báo: cột \"ghi_chu_them\" không được đọc (các cột được đọc: unit, criterion, value, self_score, appraised, evidence, note)"), "{}", r.stderr);
    w.fails(1, &["score", "-c", "set.yaml", "--strict", "ev"]);
    // No value column at all is an error.
    w.write("ev/bac-son.csv", BAC_SON.replacen("value", "Giá trị", 1));
    let e = w.fails(1, &["score", "-c", "set.yaml", "ev"]);
    assert!(e.contains("ev/bac-son.csv:1: tệp số liệu cần cột `value` (có: criterion, giá trị, self_score, appraised, evidence, note)"), "{e}");
}

/// A per-unit file with its header only names its unit: scored 0, not dropped (found by the
/// differential test against an independent SPEC implementation).
#[test]
fn a_header_only_file_still_names_its_unit() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/bac-son.csv", BAC_SON);
    w.write("ev/van-quan.csv", "criterion,value,self_score,note\n");
    let r = w.run(&["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("all,2,van-quan,van-quan,0.00,10.00,0.00,Yếu"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("ev/van-quan.csv: cảnh báo: đơn vị van-quan: không có dòng số liệu nào"),
        "{}",
        r.stderr
    );
    // With a units file that does not list it, it is an error like any other unit.
    w.write("units.csv", "id,name,group\nbac-son,Bắc Sơn,huyen\n");
    let e = w.fails(1, &["score", "-c", "set.yaml", "-u", "units.csv", "ev"]);
    assert!(
        e.contains("ev/van-quan.csv: đơn vị van-quan: không có trong tệp đơn vị units.csv"),
        "{e}"
    );
}

#[test]
fn a_unit_listed_twice_is_the_only_error_reported() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/units.csv", "id,name,group\nbac-son,A,g\nbac-son,B,g\n");
    w.write("ev/bac-son.csv", BAC_SON);
    let e = w.fails(1, &["score", "-c", "set.yaml", "ev"]);
    assert!(
        e.contains("ev/units.csv:3: đơn vị bac-son: có hai lần (lần đầu ở dòng 2)"),
        "{e}"
    );
    assert!(!e.contains("not listed"), "{e}");
}

#[test]
fn a_units_file_needs_an_id_column_and_an_id_on_every_row() {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/bac-son.csv", BAC_SON);
    w.write("units.csv", "ma,name,group\nbac-son,Bắc Sơn,huyen\n");
    let e = w.fails(1, &["score", "-c", "set.yaml", "-u", "units.csv", "ev"]);
    assert!(
        e.contains("units.csv:1: tệp đơn vị cần cột `id` (có: ma, name, group)"),
        "{e}"
    );
    // Every problem of the rows, in the order of the lines.
    w.write(
        "units.csv",
        "id,name,group\nbac-son,A,g\n,B,g\nx,y\nbac-son,C,g\n",
    );
    let e = w.fails(1, &["score", "-c", "set.yaml", "-u", "units.csv", "ev"]);
    let lines: Vec<&str> = e.lines().filter(|l| l.starts_with("units.csv:")).collect();
    assert_eq!(
        lines,
        [
            "units.csv:3: một đơn vị có mã (id) trống",
            "units.csv:4: dòng có 2 cột, dòng tiêu đề có 3",
            "units.csv:5: đơn vị bac-son: có hai lần (lần đầu ở dòng 2)",
        ],
        "{e}"
    );
}

/// Evidence and units kept in Excel: the first sheet, the same columns as the CSV. Numbers
/// typed as numbers and as text with a decimal comma give the same result.
#[test]
fn excel_workbooks_are_read_like_csv() {
    use rust_xlsxwriter::Workbook;
    let w = Workdir::new();
    w.write("set.yaml", SET);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(BAC_SON.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && c > 0 => sheet.write_number(r as u32, c as u16, n).map(|_| ()),
                _ => sheet.write_string(r as u32, c as u16, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    std::fs::create_dir_all(w.path("ev")).unwrap();
    book.save(w.path("ev/bac-son.xlsx")).unwrap();
    let mut units = Workbook::new();
    let sheet = units.add_worksheet();
    for (c, h) in ["id", "name", "group"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["bac-son", "UBND huyện Bắc Sơn", "huyen"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    units.save(w.path("ev/units.xlsx")).unwrap();
    let r = w.run(&["score", "-c", "set.yaml", "-f", "csv", "ev"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().nth(1),
        Some("huyen,1,bac-son,UBND huyện Bắc Sơn,7.26,10.00,72.60,Khá,9.75,,3.50,2.56,0.70,0.50")
    );
    // A problem in a workbook names its row, as in a CSV.
    let mut bad = Workbook::new();
    let sheet = bad.add_worksheet();
    sheet.write_string(0, 0, "criterion").unwrap();
    sheet.write_string(0, 1, "value").unwrap();
    sheet.write_string(1, 0, "1.1").unwrap();
    sheet.write_string(1, 1, "chưa").unwrap();
    bad.save(w.path("ev/bac-son.xlsx")).unwrap();
    let e = w.fails(1, &["score", "-c", "set.yaml", "ev"]);
    assert!(
        e.contains("ev/bac-son.xlsx:2: đơn vị bac-son, tiêu chí 1.1: \"chưa\" không phải có/không"),
        "{e}"
    );
}

/// What Excel does to typed values: 12,58% becomes 0,1258 shown as a percentage (read back
/// as 12,58), and 9/12 becomes a date (refused, with what to type).
#[test]
fn excel_percentages_and_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let w = Workdir::new();
    w.write("set.yaml", SET);
    std::fs::create_dir_all(w.path("ev")).unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let pct = Format::new().set_num_format("0.00%");
    for (c, h) in [
        "criterion",
        "value",
        "self_score",
        "appraised",
        "evidence",
        "note",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "7.5").unwrap();
    sheet.write_number_with_format(1, 1, 0.1258, &pct).unwrap();
    sheet.write_string(2, 0, "7.6").unwrap();
    sheet.write_number_with_format(2, 1, 0.8645, &pct).unwrap();
    book.save(w.path("ev/bac-son.xlsx")).unwrap();
    let json = w.ok(&["score", "-c", "set.yaml", "-f", "json", "ev"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let leaves = &v["units"][0]["leaves"];
    // 1,5 × 12,58 ÷ 60 = 0,3145 → 0,31; 86,45 ≥ 80 → 0,5
    assert_eq!(
        (leaves[2]["value"].as_str(), leaves[2]["points"].as_str()),
        (Some("12.58"), Some("0.31")),
        "{json}"
    );
    assert_eq!(
        (leaves[3]["value"].as_str(), leaves[3]["points"].as_str()),
        (Some("86.45"), Some("0.50")),
        "{json}"
    );
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet_with_date(&w, &date, ExcelDateTime::from_ymd(2023, 12, 9).unwrap());
    let e = w.fails(1, &["score", "-c", "set.yaml", "ev"]);
    assert!(
        e.contains("ev/bac-son.xlsx:2: ô value là ngày tháng"),
        "{e}"
    );
}

fn sheet_with_date(
    w: &Workdir,
    date: &rust_xlsxwriter::Format,
    when: rust_xlsxwriter::ExcelDateTime,
) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "criterion").unwrap();
    sheet.write_string(0, 1, "value").unwrap();
    sheet.write_string(1, 0, "8.3").unwrap();
    sheet.write_datetime_with_format(1, 1, &when, date).unwrap();
    book.save(w.path("ev/bac-son.xlsx")).unwrap();
}
