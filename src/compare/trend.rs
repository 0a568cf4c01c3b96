//! `trend`: many periods in the order of their labels, one column each.

use serde::Serialize;

use super::*;
use crate::error::{Error, Problem, Result};
use crate::lang::{Lang, msg, said, tr};
use crate::number::Rational;
use crate::report::{Doc, Format, Section, Val, csv_table, strings, to_json};

/// Orders period labels naturally: digit runs compare as numbers ("2023-9T" < "2023-10T"),
/// and a label sorts after the longer labels it begins: the year "2023" after "2023-9T".
fn natural_key(label: &str) -> Vec<(u8, u64, String)> {
    let mut out = Vec::new();
    let mut chars = label.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digits = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digits {
                break;
            }
            run.push(c);
            chars.next();
        }
        if digits {
            out.push((0, run.parse().unwrap_or(u64::MAX), String::new()));
        } else {
            out.push((1, 0, run.to_lowercase()));
        }
    }
    out.push((2, 0, String::new()));
    out
}

pub fn sort_periods(periods: &mut [Period]) {
    periods.sort_by_key(|p| natural_key(&p.label));
}

/// The periods of `trend`, each once: a file given twice is taken once and warned about, as
/// is a result without a period (its file name is its label); two files of one period
/// (labels equal but for case: `2023-9t`, `2023-9T`) are a usage error. Returns the
/// warnings.
pub fn distinct_periods(periods: &mut Vec<Period>) -> Result<Vec<Problem>> {
    let mut warnings = Vec::new();
    let mut kept: Vec<Period> = Vec::new();
    for p in periods.drain(..) {
        let same_file = |k: &Period| {
            let id = |f: &str| std::fs::canonicalize(f).ok();
            k.file == p.file || id(&k.file).is_some_and(|a| Some(a) == id(&p.file))
        };
        if kept.iter().any(same_file) {
            warnings.push(Problem::new(
                &p.file,
                None,
                said(
                    "tệp được đưa hai lần; chỉ tính một lần",
                    "the file is given twice; it counts once",
                ),
            ));
            continue;
        }
        if let Some(k) = kept
            .iter()
            .find(|k| k.label.to_lowercase() == p.label.to_lowercase())
        {
            return Err(Error::Usage(msg!(
                "{} và {} cùng là kỳ {}: mỗi kỳ chỉ một tệp kết quả",
                "{} and {} are both the period {}: one result file per period",
                k.file,
                p.file,
                k.label
            )));
        }
        if !p.has_period {
            warnings.push(Problem::new(
                &p.file,
                None,
                msg!(
                    "kết quả không có kỳ (chấm với --period, ví dụ --period 2023-9T); dùng tên tệp \"{}\" làm nhãn kỳ", "the result has no period (score with --period, e.g. --period 2023-9T); its file name \"{}\" is the period's label",
                    p.label
                ),
            ));
        }
        kept.push(p);
    }
    *periods = kept;
    Ok(warnings)
}

#[derive(Serialize)]
struct JsonTrendRow<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    index: Vec<Option<String>>,
    change: Option<String>,
}

#[derive(Serialize)]
struct JsonTrend<'a> {
    tool: String,
    periods: Vec<&'a str>,
    units: Vec<JsonTrendRow<'a>>,
}

/// The index over the periods in `format`; `lang` is for the table and Markdown only.
pub fn trend(format: Format, periods: &[Period], lang: Lang) -> String {
    let places = periods.iter().map(|p| p.places).max().unwrap_or(2);
    let mut units: Vec<(&str, &str, &str)> = Vec::new();
    for p in periods {
        for u in &p.units {
            if !units.iter().any(|x| x.0 == u.id) {
                units.push((&u.id, &u.name, &u.group));
            }
        }
    }
    units.sort_by(|a, b| a.2.cmp(b.2).then_with(|| a.0.cmp(b.0)));
    let index = |p: &Period, id: &str| p.unit(id).map(|u| u.index);
    // The change over the span: last period with a value minus the first one.
    let span = |id: &str| {
        let seen: Vec<Rational> = periods.iter().filter_map(|p| index(p, id)).collect();
        match (seen.first(), seen.last()) {
            (Some(f), Some(l)) if seen.len() > 1 => l.checked_sub(*f),
            _ => None,
        }
    };
    let labels: Vec<&str> = periods.iter().map(|p| p.label.as_str()).collect();
    if format == Format::Json {
        let f = |r: Rational| r.format(places, '.');
        return to_json(&JsonTrend {
            tool: format!("parindex {}", env!("CARGO_PKG_VERSION")),
            periods: labels,
            units: units
                .iter()
                .map(|&(id, name, group)| JsonTrendRow {
                    id,
                    name,
                    group,
                    index: periods.iter().map(|p| index(p, id).map(f)).collect(),
                    change: span(id).map(f),
                })
                .collect(),
        });
    }
    let rows: Vec<Vec<Val>> = units
        .iter()
        .map(|&(id, name, group)| {
            let mut row = vec![Val::text(group), Val::text(id), Val::text(name)];
            row.extend(periods.iter().map(|p| opt_num(index(p, id))));
            row.push(match format {
                Format::Csv => opt_num(span(id)),
                _ => delta(span(id)),
            });
            row
        })
        .collect();
    let header = |first: [&str; 3], last: &str| {
        let mut h = strings(&first);
        h.extend(labels.iter().map(|l| l.to_string()));
        h.push(last.to_string());
        h
    };
    if format == Format::Csv {
        return csv_table(&header(["group", "id", "name"], "change"), &rows, places);
    }
    let h = |vi, en| lang.pick(vi, en);
    let doc = Doc {
        intro: Vec::new(),
        title: tr!(
            lang,
            "Chỉ số qua các kỳ: {}",
            "Index over the periods: {}",
            labels.join(", ")
        ),
        sections: vec![Section {
            title: h("Chỉ số (%) theo kỳ", "Index (%) by period").into(),
            header: header(
                [h("Nhóm", "Group"), h("Mã", "ID"), h("Đơn vị", "Unit")],
                h("Thay đổi", "Change"),
            ),
            rows,
        }],
        footer: vec![
            h(
                "Thay đổi = chỉ số kỳ cuối − kỳ đầu có số liệu, tính bằng điểm phần trăm.",
                "Change = index of the last period − the first one with data, in percentage points.",
            )
            .into(),
        ],
        places,
        lang,
    };
    if format == Format::Md {
        doc.markdown()
    } else {
        doc.table()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_sort_naturally() {
        let mut labels = vec!["2024-Q1", "2023-9T", "2023-10T", "2023-6T", "2023"];
        labels.sort_by_key(|l| natural_key(l));
        assert_eq!(
            labels,
            ["2023-6T", "2023-9T", "2023-10T", "2023", "2024-Q1"]
        );
    }
}
