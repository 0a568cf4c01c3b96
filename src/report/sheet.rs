//! The result sheet of one unit (phiếu kết quả chấm điểm), to print on A4 or send to the unit:
//! `explain -o FILE` and `report --per-unit DIR`. One model, a [`Doc`]: who and what, the
//! unit's points, index, rank and class, the points per component, then every leaf with its
//! value, rule, working (the words of `explain`), points, self-score, appraised points,
//! evidence and note. The Markdown, Excel and HTML writers all read that one document.

use std::path::Path;

use super::doc::{Doc, Section, Val, strings};
use super::explain::explain_leaf;
use super::{html, xlsx};
use crate::criteria::{Criteria, Kind};
use crate::lang::{Lang, tr};
use crate::score::{ScoreResult, UnitResult};

/// The files written for people: `report -o` and the result sheets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    /// Tệp Excel (.xlsx)
    Xlsx,
    /// Một trang HTML độc lập (.html), mở bằng trình duyệt hoặc in ra
    Html,
    /// Markdown (.md), để dán vào văn bản
    Md,
}

impl Paper {
    /// The format a file name asks for, by its extension (.xlsx, .html or .htm, .md).
    pub fn of_path(path: &Path) -> Option<Paper> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(Paper::Xlsx),
            "html" | "htm" => Some(Paper::Html),
            "md" => Some(Paper::Md),
            _ => None,
        }
    }

    /// The extension of the files written in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Paper::Xlsx => "xlsx",
            Paper::Html => "html",
            Paper::Md => "md",
        }
    }
}

/// The unit's result sheet in a format: the bytes of the file.
pub fn sheet(
    format: Paper,
    criteria: &Criteria,
    result: &ScoreResult,
    u: &UnitResult,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let doc = sheet_doc(criteria, result, u, lang);
    Ok(match format {
        Paper::Xlsx => xlsx::doc(&doc, lang.pick("Phiếu kết quả", "Result sheet"))?,
        Paper::Html => html::doc_page(&doc).into_bytes(),
        Paper::Md => doc.markdown().into_bytes(),
    })
}

/// The unit's result sheet as a document.
pub fn sheet_doc(criteria: &Criteria, result: &ScoreResult, u: &UnitResult, lang: Lang) -> Doc {
    let h = |vi, en| lang.pick(vi, en);
    let none = || Val::text("—");
    let summary = Section {
        title: h("Kết quả chung", "Result").to_string(),
        header: strings(&[
            h("Tổng điểm", "Total points"),
            h("Tối đa áp dụng", "Applicable maximum"),
            h("Chỉ số (%)", "Index (%)"),
            h("Hạng trong nhóm", "Rank in group"),
            h("Xếp loại", "Class"),
            h("Điểm thưởng", "Bonus"),
            h("Điểm trừ", "Penalty"),
            h("Tự chấm", "Self-score"),
        ]),
        rows: vec![vec![
            Val::Num(u.points),
            Val::Num(u.max),
            Val::Num(u.index),
            Val::Text(format!("{}/{}", u.rank, u.group_size)),
            u.class.clone().map_or_else(none, Val::Text),
            Val::Num(u.bonus),
            Val::Num(u.penalty),
            u.self_points.map_or_else(none, Val::Num),
        ]],
    };
    let components = Section {
        title: h("Điểm theo lĩnh vực", "Points by component").to_string(),
        header: strings(&[
            h("Mã", "ID"),
            h("Lĩnh vực", "Component"),
            h("Điểm", "Points"),
            h("Tối đa", "Max"),
            h("Chỉ số (%)", "Index (%)"),
        ]),
        rows: criteria
            .components
            .iter()
            .map(|&c| {
                let n = &criteria.nodes[c];
                let (points, max) = u.node(criteria, c);
                // A base component that does not apply in the period has no index.
                let index = match u.node_index(criteria, c) {
                    Some(i) => Val::Num(i),
                    None if n.kind == Kind::Base => Val::text(h("không áp dụng", "not applicable")),
                    None => Val::text(""),
                };
                vec![
                    Val::text(&n.id),
                    Val::text(&n.title),
                    Val::Num(points),
                    Val::Num(max),
                    index,
                ]
            })
            .collect(),
    };
    let opt = |r: Option<_>| r.map_or_else(|| Val::text(""), Val::Num);
    let leaves = Section {
        title: h(
            "Điểm từng tiêu chí thành phần",
            "Points of every sub-criterion",
        )
        .to_string(),
        header: strings(&[
            h("Mã", "ID"),
            h("Nội dung", "Title"),
            h("Giá trị", "Value"),
            h("Cách tính điểm", "Scoring rule"),
            h("Diễn giải", "Working"),
            h("Điểm", "Points"),
            h("Tối đa", "Max"),
            h("Tự chấm", "Self-score"),
            h("Thẩm định", "Appraised"),
            h("Tài liệu kiểm chứng", "Evidence"),
            h("Ghi chú", "Note"),
        ]),
        rows: u
            .leaves(criteria)
            .map(|l| {
                let n = &criteria.nodes[l.node];
                vec![
                    Val::text(&n.id),
                    Val::text(&n.title),
                    Val::text(l.value.unwrap_or("")),
                    Val::Text(
                        n.rule()
                            .map(|r| r.describe(n.max, lang))
                            .unwrap_or_default(),
                    ),
                    Val::Text(explain_leaf(criteria, &l, lang)),
                    Val::Num(l.points),
                    Val::Num(l.max),
                    opt(l.self_score),
                    opt(l.appraised),
                    Val::text(l.evidence),
                    Val::text(l.note),
                ]
            })
            .collect(),
    };
    let p = criteria.places;
    Doc {
        title: tr!(
            lang,
            "Phiếu kết quả chấm điểm Chỉ số CCHC — {}",
            "PAR INDEX result sheet — {}",
            u.unit.name
        ),
        intro: vec![
            tr!(
                lang,
                "Đơn vị: {} (mã {}), nhóm {}",
                "Unit: {} (ID {}), group {}",
                u.unit.name,
                u.unit.id,
                criteria.group_name(&u.unit.group)
            ),
            tr!(
                lang,
                "Kỳ đánh giá: {}",
                "Period: {}",
                result
                    .period
                    .as_deref()
                    .unwrap_or(h("(không ghi kỳ)", "(no period given)"))
            ),
            tr!(
                lang,
                "Bộ tiêu chí: {} ({})",
                "Criteria set: {} ({})",
                criteria.title,
                criteria.id
            ),
        ],
        sections: vec![summary, components, leaves],
        footer: vec![
            tr!(
                lang,
                "Chỉ số = điểm đạt ÷ điểm tối đa áp dụng × 100; điểm làm tròn {p} chữ số thập \
                 phân. Thẩm định: điểm cơ quan thẩm định chấm lại, thay cho điểm tính theo giá trị.",
                "Index = points obtained ÷ applicable maximum × 100; points rounded to {p} \
                 decimal places. Appraised: the points given by the appraisal, in place of \
                 those from the value."
            ),
            tr!(
                lang,
                "Lập bằng parindex {}.",
                "Made with parindex {}.",
                env!("CARGO_PKG_VERSION")
            ),
        ],
        places: p,
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_names_the_format() {
        for (name, paper) in [
            ("a.xlsx", Some(Paper::Xlsx)),
            ("b/A.XLSX", Some(Paper::Xlsx)),
            ("a.html", Some(Paper::Html)),
            ("a.htm", Some(Paper::Html)),
            ("a.md", Some(Paper::Md)),
            ("a.pdf", None),
            ("a.csv", None),
            ("xlsx", None),
        ] {
            assert_eq!(Paper::of_path(Path::new(name)), paper, "{name}");
        }
        assert_eq!(Paper::Html.extension(), "html");
    }
}
