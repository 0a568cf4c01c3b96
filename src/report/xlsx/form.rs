//! The self-assessment form as a workbook (`template --xlsx`): locked descriptions, open
//! fill-in cells, and a drop-down of the values for the rules that read words.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Formula};

use super::*;
use crate::criteria::Rule;

/// The values a leaf's value cell offers in a drop-down, for the rules whose values are words:
/// yes or no, or the levels as the set writes them; then "not applicable", which any leaf may
/// be. None for the rules that read a number.
fn value_choices(rule: &Rule, lang: Lang) -> Option<Vec<String>> {
    let mut choices: Vec<String> = match rule {
        Rule::Binary => vec![
            lang.pick("có", "yes").into(),
            lang.pick("không", "no").into(),
        ],
        Rule::Levels(levels) => levels.iter().map(|l| l.label.clone()).collect(),
        _ => return None,
    };
    choices.push(lang.pick("không áp dụng", "N/A").into());
    Some(choices)
}

/// The self-assessment form as a workbook: every leaf a row in tree order with its title,
/// maximum, rule in words and office, locked; the columns a unit fills in (value as text,
/// self_score, evidence, note) are unlocked, and the sheet is protected (no password) so that
/// only those can be typed in; `appraised` stays locked for the office. Returned
/// filled, it loads as evidence like the CSV form.
pub fn form(criteria: &Criteria, lang: Lang) -> Result<Vec<u8>, String> {
    form_book(criteria, lang).map_err(|e| format!("không tạo được tệp Excel: {e}"))
}

fn form_book(criteria: &Criteria, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let properties = DocProperties::new()
        .set_title(tr!(
            lang,
            "Biểu tự đánh giá: {}",
            "Self-assessment form: {}",
            criteria.title
        ))
        .set_author(format!("parindex {}", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&date);
    workbook.set_properties(&properties);
    let places = criteria.places;
    let decimals = if places == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(places as usize))
    };
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new()
        .set_num_format(&decimals)
        .set_align(FormatAlign::Top);
    let open = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xFFF7D6);
    // Values stay as typed ("12,58%", "9/12", "có"): Excel would turn them into a
    // fraction of 1 or a date.
    let open_text = open.clone().set_num_format("@");
    // The appraised column is the Home Affairs office's: locked on the forms sent out (the
    // office unprotects the sheet, no password, to fill it).
    let office = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xEEEEEE);
    let ws = workbook.add_worksheet();
    ws.set_name(lang.pick("Tự đánh giá", "Self-assessment"))?;
    let [title, max, rule, owner] = crate::appraisal::descriptive(lang);
    let columns: [(&str, f64); 10] = [
        ("criterion", 10.0),
        (title, 48.0),
        (max, 12.0),
        (rule, 44.0),
        (owner, 26.0),
        ("value", 14.0),
        ("self_score", 12.0),
        ("appraised", 12.0),
        ("evidence", 40.0),
        ("note", 40.0),
    ];
    for (c, (name, width)) in columns.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(0, c as u16, *name, &header)?;
    }
    // The hidden sheet that holds the values each value cell offers.
    let lists_sheet = lang.pick("Danh mục", "Lists");
    let mut lists: Vec<Vec<String>> = Vec::new();
    for (r, i) in criteria.leaves().enumerate() {
        let n = &criteria.nodes[i];
        let row = r as u32 + 1;
        let describe = n.scoring_for_form(lang);
        ws.write_string_with_format(row, 0, &n.id, &text)?;
        ws.write_string_with_format(row, 1, neutralise(&n.title), &text)?;
        ws.write_number_with_format(row, 2, shown(n.max, places)?, &number)?;
        ws.write_string_with_format(row, 3, neutralise(&describe), &text)?;
        ws.write_string_with_format(row, 4, neutralise(n.owner.as_deref().unwrap_or("")), &text)?;
        for (c, format) in [
            (5, &open_text),
            (6, &open),
            (7, &office),
            (8, &open),
            (9, &open),
        ] {
            ws.write_blank(row, c, format)?;
        }
        if let Some(choices) = n.rule().and_then(|rule| value_choices(rule, lang)) {
            // The k-th list is column k of the hidden sheet of lists.
            let range = rust_xlsxwriter::utility::cell_range_absolute(
                0,
                lists.len() as u16,
                choices.len() as u32 - 1,
                lists.len() as u16,
            );
            let source = format!(
                "={}!{range}",
                rust_xlsxwriter::utility::quote_sheet_name(lists_sheet)
            );
            let validation = DataValidation::new()
                .allow_list_formula(Formula::new(source))
                .set_error_style(DataValidationErrorStyle::Stop)
                .set_error_title(lang.pick("Giá trị không đọc được", "Value not readable"))?
                .set_error_message(lang.pick(
                    "Hãy chọn một giá trị trong danh sách của tiêu chí này.",
                    "Choose one of the values listed for this criterion.",
                ))?;
            ws.add_data_validation(row, 5, row, 5, &validation)?;
            lists.push(choices);
        }
    }
    ws.set_freeze_panes(1, 2)?;
    ws.protect();
    // The lists the value cells offer, on a sheet of their own after the form (a unit's
    // file is read from its first sheet), hidden.
    if !lists.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(lists_sheet)?;
        for (c, choices) in lists.iter().enumerate() {
            for (r, choice) in choices.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, neutralise(choice))?;
            }
        }
        sheet.set_hidden(true);
    }
    workbook.save_to_buffer()
}
