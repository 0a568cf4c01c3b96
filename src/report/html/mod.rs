//! The HTML report of `report -o FILE.html`: one self-contained page (inline CSS and SVG
//! charts drawn here, no script, nothing fetched from anywhere) with the ranking of every
//! group, a bar chart of the index over the class bands, a heat map of the units by
//! component, and, given an earlier result, the change per unit. Labels in the language of
//! `--lang` (Vietnamese with decimal commas by default, or English with decimal points), laid
//! out to print on A4. Every text from the inputs is escaped.

use std::fmt::Write;

use crate::appraisal::appraisal_lists;
use crate::compare::Period;
use crate::criteria::{Class, Criteria, Kind, RankBy};
use crate::lang::{Decimals, Lang, tr};
use crate::number::Rational;
use crate::report::{Doc, Val};
use crate::score::{ScoreResult, UnitResult};

mod charts;

use charts::{change_chart, ranking_chart};

/// Escapes text for HTML content and attribute values (also inside SVG).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { --ink: #1d2733; --muted: #5b6675; --line: #d5dbe3; --bar: #2f5d8a; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { background: #fff; }
body { font-family: "Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  color: var(--ink); font-size: 14px; line-height: 1.45; max-width: 1060px; margin: 0 auto; padding: 28px 32px; }
header { border-bottom: 3px solid var(--bar); padding-bottom: 10px; margin-bottom: 18px; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: var(--muted); margin: 0; }
h1 { font-size: 24px; margin: 4px 0 6px; }
h2 { font-size: 19px; margin: 26px 0 8px; border-left: 5px solid var(--bar); padding-left: 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p.meta { margin: 0; color: var(--muted); }
.summary { margin: 4px 0 10px; }
figure { margin: 8px 0 14px; }
figcaption { font-size: 12px; color: var(--muted); margin-top: 2px; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; }
th { background: #eef2f6; text-align: left; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.c, th.c { text-align: center; }
td.u { white-space: nowrap; }
tbody tr:nth-child(even) td { background-color: #f8fafc; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; white-space: nowrap; }
table.heat td.n { text-align: center; }
table.heat td.na { color: var(--muted); background: #f1f1f1; text-align: center; }
.legend { font-size: 12px; color: var(--muted); }
.legend span.sw { display: inline-block; width: 40px; text-align: center; color: var(--ink); margin-right: 2px; }
ul.components { font-size: 12px; color: var(--muted); columns: 2; margin: 4px 0; padding-left: 18px; }
footer { margin-top: 24px; border-top: 1px solid var(--line); padding-top: 8px; font-size: 12px; color: var(--muted); }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h1 { font-size: 17pt; }
  h2 { font-size: 13pt; }
  table { font-size: 9pt; }
  figure, svg, .keep { break-inside: avoid; page-break-inside: avoid; }
  /* Long tables may run on to the next page (rows stay whole); a heading and its line of
     explanation stay with what follows them. */
  h2 + p, h3 + p { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  section.group + section.group { break-before: page; page-break-before: always; }
}
"#;

/// A number for people: `places` decimals, the language's decimal separator, a real minus
/// sign.
fn vi(r: Rational, p: Decimals) -> String {
    p.format(r).replacen('-', "−", 1)
}

/// A change with its sign: +1,25, −0,50, 0,00 (+1.25… in English).
fn signed(r: Rational, p: Decimals) -> String {
    let s = vi(r, p);
    if r.round(p.places).is_some_and(|x| x > Rational::ZERO) {
        format!("+{s}")
    } else {
        s
    }
}

/// An approximate value for drawing (never for the figures printed).
fn approx(r: Rational) -> f64 {
    r.format(4, '.').parse().unwrap_or(0.0)
}

/// Hue of the band at `i` of `n` (0 = the best): green down to red.
fn band_hue(i: usize, n: usize) -> f64 {
    if n <= 1 {
        120.0
    } else {
        120.0 - 120.0 * i as f64 / (n - 1) as f64
    }
}

/// The position of a unit's class in its group's list.
fn class_at(classes: &[Class], label: Option<&str>) -> Option<usize> {
    let label = label?;
    classes.iter().position(|c| c.label == label)
}

/// Each class band's position in the list, its span on the scale (from its min to the next one up, best first), and
/// whether its name fits inside it on a plot `plot` wide; a band hidden by the one above
/// spans nothing.
fn class_labels(classes: &[Class], scale: f64, plot: f64) -> Vec<(usize, f64, f64, bool)> {
    let mut upper = scale;
    classes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let lo = approx(c.min).clamp(0.0, upper);
            let span = (lo, upper);
            upper = lo;
            let wide = (span.1 - span.0) / scale * plot;
            let name = cut(&c.label, 18).chars().count() as f64 * 6.4 + 6.0;
            (i, span.0, span.1, name <= wide)
        })
        .collect()
}

/// Cuts a label to `max` characters, with an ellipsis.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Width for a label column in the charts, from the longest label (12px text).
fn label_width(labels: &[String]) -> f64 {
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(10);
    (longest as f64 * 6.6 + 14.0).clamp(110.0, 300.0)
}

pub fn html(
    criteria: &Criteria,
    result: &ScoreResult,
    before: Option<&Period>,
    lang: Lang,
) -> String {
    let p = criteria.places;
    let mut out = String::new();
    let period = result.period.as_deref();
    let doc_title = match period {
        Some(pl) => tr!(
            lang,
            "Chỉ số CCHC kỳ {pl} — {}",
            "PAR INDEX, period {pl} — {}",
            criteria.title
        ),
        None => tr!(lang, "Chỉ số CCHC — {}", "PAR INDEX — {}", criteria.title),
    };
    head(&mut out, &doc_title, "", lang);
    out.push_str("<body>\n");
    let _ = write!(
        out,
        "{}",
        tr!(
            lang,
            "<header>\n<p class=\"kicker\">Báo cáo kết quả Chỉ số cải cách hành chính (PAR INDEX)</p>\n\
             <h1>{}</h1>\n<p class=\"meta\">Kỳ đánh giá: <b>{}</b> · {} · bộ tiêu chí {} · \
             chỉ số = điểm đạt ÷ điểm tối đa áp dụng × 100</p>\n</header>\n",
            "<header>\n<p class=\"kicker\">Public Administration Reform Index (PAR INDEX) results</p>\n\
             <h1>{}</h1>\n<p class=\"meta\">Period: <b>{}</b> · {} · criteria set {} · \
             index = points obtained ÷ applicable maximum × 100</p>\n</header>\n",
            esc(&criteria.title),
            esc(period.unwrap_or(lang.pick("(không ghi kỳ)", "(no period given)"))),
            lang.count(result.units.len(), "đơn vị", "unit", "units"),
            esc(&criteria.id),
        )
    );

    for (group, units) in result.by_group() {
        group_section(&mut out, criteria, group, &units, lang);
    }
    heat_map(&mut out, criteria, result, lang);
    if let Some(before) = before {
        changes(&mut out, criteria, result, before, lang);
    }
    appraisal(&mut out, criteria, result, lang);

    let rank_by = match criteria.rank_by {
        RankBy::Exact => lang.pick("chính xác (chưa làm tròn)", "exact (unrounded)"),
        RankBy::Rounded => lang.pick("đã làm tròn", "rounded"),
    };
    let _ = write!(
        out,
        "{}",
        tr!(
            lang,
            "<footer>\n<p>Điểm tiêu chí thành phần làm tròn {p} chữ số thập phân; chỉ số làm tròn \
             {p} chữ số (nửa lên). Xếp hạng trong từng nhóm theo chỉ số {rank_by}; xếp loại theo chỉ số đã \
             làm tròn. Tự chấm và chênh lệch (điểm thẩm định − điểm tự chấm) cộng trên các tiêu chí \
             đơn vị đã tự chấm.</p>\n<p>Lập bằng parindex {} từ bộ tiêu chí {}.</p>\n</footer>\n\
             </body>\n</html>\n",
            "<footer>\n<p>Sub-criterion points rounded to {p} decimal places; index rounded to \
             {p} places (half up). Ranked within each group by the {rank_by} index; classed by the \
             rounded index. Self-score and difference (appraised points − self-score) summed over \
             the criteria the unit self-scored.</p>\n<p>Made with parindex {} from the criteria set {}.</p>\n</footer>\n\
             </body>\n</html>\n",
            env!("CARGO_PKG_VERSION"),
            esc(&criteria.id),
        )
    );
    out
}

/// The start of a page: its language, title and style ([`CSS`], then `extra`), up to
/// `</head>`.
fn head(out: &mut String, title: &str, extra: &str, lang: Lang) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"parindex {}\">\n<title>{}</title>\n\
         <style>{CSS}{extra}</style>\n</head>\n",
        lang.pick("vi", "en"),
        env!("CARGO_PKG_VERSION"),
        esc(title)
    );
}

/// What a document page adds to [`CSS`]: A4 portrait, small type for the wide tables.
const DOC_CSS: &str = r#"
body.doc { max-width: 800px; }
body.doc table { font-size: 12px; }
body.doc header p.meta { color: var(--ink); }
body.doc td:first-child { white-space: nowrap; }
@media print {
  body.doc { font-size: 10pt; }
  body.doc table { font-size: 8pt; }
  body.doc th, body.doc td { padding: 2px 3px; }
}
"#;

/// A document (a unit's result sheet) as one self-contained page to print on A4 portrait:
/// the title, the lines under it, each section as a table (numbers on the right), the
/// closing lines. Every text is escaped; a line break in a cell stays one.
pub fn doc_page(doc: &Doc) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    head(&mut out, &doc.title, DOC_CSS, lang);
    let _ = writeln!(
        out,
        "<body class=\"doc\">\n<header>\n<h1>{}</h1>",
        esc(&doc.title)
    );
    for line in &doc.intro {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(line));
    }
    out.push_str("</header>\n");
    let cell = |v: &Val| {
        let s = v.render(doc.places, lang.sep());
        let s = if v.is_number() {
            s.replacen('-', "−", 1)
        } else {
            s
        };
        esc(&s).replace('\n', "<br>")
    };
    for s in &doc.sections {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", esc(&s.title));
        // A column of numbers is aligned right, its header too.
        let numeric: Vec<bool> = (0..s.header.len())
            .map(|i| s.rows.iter().any(|r| r.get(i).is_some_and(Val::is_number)))
            .collect();
        let class = |i: usize| match numeric.get(i) {
            Some(true) => " class=\"n\"",
            _ => "",
        };
        out.push_str("<table>\n<thead><tr>");
        for (i, h) in s.header.iter().enumerate() {
            let _ = write!(out, "<th{}>{}</th>", class(i), esc(h));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &s.rows {
            out.push_str("<tr>");
            for (i, v) in row.iter().enumerate() {
                let _ = write!(out, "<td{}>{}</td>", class(i), cell(v));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    out.push_str("<footer>\n");
    for line in &doc.footer {
        let _ = writeln!(out, "<p>{}</p>", esc(line));
    }
    out.push_str("</footer>\n</body>\n</html>\n");
    out
}

/// One group: a summary line, the bar chart over the class bands, the ranking table.
fn group_section(
    out: &mut String,
    criteria: &Criteria,
    group: &str,
    units: &[&UnitResult],
    lang: Lang,
) {
    let p = Decimals::new(criteria.places, lang);
    let classes = criteria.classes_for(group);
    let _ = write!(
        out,
        "{}",
        tr!(
            lang,
            "<section class=\"group\">\n<h2>Nhóm {}: xếp hạng {}</h2>\n",
            "<section class=\"group\">\n<h2>Group {}: ranking of {}</h2>\n",
            esc(criteria.group_name(group)),
            lang.count(units.len(), "đơn vị", "unit", "units")
        )
    );
    // Mean index and the count per class.
    let sum = units
        .iter()
        .try_fold(Rational::ZERO, |a, u| a.checked_add(u.index));
    let mean = sum.and_then(|s| s.checked_div(Rational::from_int(units.len() as i128)));
    let mut summary = String::new();
    if let Some(m) = mean {
        let _ = write!(
            summary,
            "{}",
            tr!(
                lang,
                "Chỉ số bình quân: <b>{}</b>",
                "Mean index: <b>{}</b>",
                vi(m, p)
            )
        );
    }
    let counts: Vec<String> = classes
        .iter()
        .map(|c| {
            let n = units
                .iter()
                .filter(|u| u.class.as_deref() == Some(c.label.as_str()))
                .count();
            format!("{} {n}", esc(&c.label))
        })
        .collect();
    if !counts.is_empty() {
        let _ = write!(summary, " · {}", counts.join(", "));
    }
    let _ = writeln!(out, "<p class=\"summary\">{summary}</p>");
    ranking_chart(out, criteria, group, units, lang);
    ranking_table(out, criteria, classes, units, lang);
    out.push_str("</section>\n");
}

fn ranking_table(
    out: &mut String,
    criteria: &Criteria,
    classes: &[Class],
    units: &[&UnitResult],
    lang: Lang,
) {
    let p = Decimals::new(criteria.places, lang);
    out.push_str(lang.pick(
        "<table class=\"ranking\">\n<thead><tr><th class=\"n\">Hạng</th><th>Mã</th>\
         <th>Đơn vị</th><th class=\"n\">Điểm</th><th class=\"n\">Tối đa</th>\
         <th class=\"n\">Chỉ số (%)</th><th>Xếp loại</th><th class=\"n\">Tự chấm</th>\
         <th class=\"n\">Thẩm định</th><th class=\"n\">Chênh lệch</th></tr></thead>\n<tbody>\n",
        "<table class=\"ranking\">\n<thead><tr><th class=\"n\">Rank</th><th>ID</th>\
         <th>Unit</th><th class=\"n\">Points</th><th class=\"n\">Max</th>\
         <th class=\"n\">Index (%)</th><th>Class</th><th class=\"n\">Self-score</th>\
         <th class=\"n\">Appraised</th><th class=\"n\">Difference</th></tr></thead>\n<tbody>\n",
    ));
    for u in units {
        let class = match (u.class.as_deref(), class_at(classes, u.class.as_deref())) {
            (Some(c), Some(i)) => format!(
                "<span class=\"badge\" style=\"background:hsl({h:.0},55%,88%);\
                 color:hsl({h:.0},45%,22%)\">{}</span>",
                esc(c),
                h = band_hue(i, classes.len())
            ),
            (Some(c), None) => esc(c),
            _ => String::new(),
        };
        // Over the leaves the unit self-scored, as the appraisal list counts them.
        let compared = crate::appraisal::compared(criteria, u);
        let self_points = compared.map(|c| vi(c.0, p)).unwrap_or_default();
        let appraised = compared.map(|c| vi(c.1, p)).unwrap_or_default();
        let diff = compared.map(|c| signed(c.2, p)).unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\"><b>{}</b></td><td>{class}</td>\
             <td class=\"n\">{self_points}</td><td class=\"n\">{appraised}</td>\
             <td class=\"n\">{diff}</td></tr>",
            u.rank,
            esc(&u.unit.id),
            esc(&u.unit.name),
            vi(u.points, p),
            vi(u.max, p),
            vi(u.index, p),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Background for an index in the heat map: red below 50, through yellow, to green at 100.
fn heat(index: Rational) -> String {
    let t = ((approx(index) - 50.0) / 50.0).clamp(0.0, 1.0);
    format!("hsl({:.0},62%,{:.0}%)", 120.0 * t, 80.0 + 4.0 * t)
}

fn heat_map(out: &mut String, criteria: &Criteria, result: &ScoreResult, lang: Lang) {
    let p = Decimals::new(criteria.places, lang);
    let h = |vi, en| lang.pick(vi, en);
    let base: Vec<usize> = criteria
        .components
        .iter()
        .copied()
        .filter(|&c| criteria.nodes[c].kind == Kind::Base)
        .collect();
    out.push_str(h(
        "<section class=\"heat\">\n<h2>Chỉ số theo lĩnh vực</h2>\n<p class=\"summary\">Mỗi ô: \
         chỉ số (%) của lĩnh vực = điểm đạt ÷ điểm tối đa áp dụng × 100; — : lĩnh vực không áp \
         dụng cho đơn vị trong kỳ.</p>\n<table class=\"heat keep\">\n<thead><tr>",
        "<section class=\"heat\">\n<h2>Index by component</h2>\n<p class=\"summary\">Each cell: \
         the component's index (%) = points obtained ÷ applicable maximum × 100; — : the component \
         does not apply to the unit in the period.</p>\n<table class=\"heat keep\">\n<thead><tr>",
    ));
    let many = result.groups.len() > 1;
    if many {
        out.push_str(h("<th>Nhóm</th>", "<th>Group</th>"));
    }
    out.push_str(h(
        "<th class=\"n\">Hạng</th><th>Đơn vị</th>",
        "<th class=\"n\">Rank</th><th>Unit</th>",
    ));
    let short = h("LV", "Comp.");
    for &c in &base {
        let n = &criteria.nodes[c];
        let _ = write!(
            out,
            "<th class=\"c\" title=\"{}\">{short} {}</th>",
            esc(&n.title),
            esc(&n.id)
        );
    }
    out.push_str(h(
        "<th class=\"c\">Chỉ số</th></tr></thead>\n<tbody>\n",
        "<th class=\"c\">Index</th></tr></thead>\n<tbody>\n",
    ));
    for u in &result.units {
        out.push_str("<tr>");
        if many {
            let _ = write!(out, "<td>{}</td>", esc(criteria.group_name(&u.unit.group)));
        }
        let _ = write!(
            out,
            "<td class=\"n\">{}</td><td>{}</td>",
            u.rank,
            esc(&u.unit.name)
        );
        for &c in &base {
            match u.node_index(criteria, c) {
                Some(i) => {
                    let _ = write!(
                        out,
                        "<td class=\"n\" style=\"background:{}\">{}</td>",
                        heat(i),
                        vi(i, p)
                    );
                }
                None => out.push_str("<td class=\"na\">—</td>"),
            }
        }
        let _ = writeln!(
            out,
            "<td class=\"n\" style=\"background:{}\"><b>{}</b></td></tr>",
            heat(u.index),
            vi(u.index, p)
        );
    }
    out.push_str(h(
        "</tbody>\n</table>\n<p class=\"legend\">Thang màu: ",
        "</tbody>\n</table>\n<p class=\"legend\">Colour scale: ",
    ));
    for v in [50, 60, 70, 80, 90, 100] {
        let _ = write!(
            out,
            "<span class=\"sw\" style=\"background:{}\">{}{v}</span>",
            heat(Rational::from_int(v)),
            if v == 50 { "≤ " } else { "" }
        );
    }
    out.push_str("</p>\n<ul class=\"components\">\n");
    for &c in &criteria.components {
        let n = &criteria.nodes[c];
        let kind = match n.kind {
            Kind::Base => "",
            Kind::Bonus => h(", điểm thưởng", ", bonus"),
            Kind::Penalty => h(", điểm trừ", ", penalty"),
        };
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "<li>{short} {}: {} (tối đa {}{kind})</li>",
                "<li>{short} {}: {} (max {}{kind})</li>",
                esc(&n.id),
                esc(&n.title),
                vi(n.max, p)
            )
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// The leaves the appraisal changed, with the appraiser's notes, and the self-scored leaves
/// without evidence.
fn appraisal(out: &mut String, criteria: &Criteria, result: &ScoreResult, lang: Lang) {
    let p = Decimals::new(criteria.places, lang);
    let h = |vi, en| lang.pick(vi, en);
    let (differ, undocumented) = appraisal_lists(criteria, result);
    out.push_str(h(
        "<section class=\"appraisal\">\n<h2>Tự chấm và thẩm định</h2>\n",
        "<section class=\"appraisal\">\n<h2>Self-assessment and appraisal</h2>\n",
    ));
    let titles = crate::appraisal::appraisal_titles(differ.len(), undocumented.len(), lang);
    for (title, lines) in titles.into_iter().zip([&differ, &undocumented]) {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&title));
        if lines.is_empty() {
            out.push_str(h(
                "<p class=\"summary\">Không có.</p>\n",
                "<p class=\"summary\">None.</p>\n",
            ));
            continue;
        }
        out.push_str(h(
            "<table class=\"leaves\">\n<thead><tr><th>Đơn vị</th><th>Mã</th><th>Nội dung</th>\
             <th class=\"n\">Tự chấm</th><th class=\"n\">Điểm</th><th class=\"n\">Chênh lệch</th>\
             <th>Ghi chú</th></tr></thead>\n<tbody>\n",
            "<table class=\"leaves\">\n<thead><tr><th>Unit</th><th>ID</th><th>Title</th>\
             <th class=\"n\">Self-score</th><th class=\"n\">Points</th><th class=\"n\">Difference</th>\
             <th>Note</th></tr></thead>\n<tbody>\n",
        ));
        for l in lines.iter() {
            let n = &criteria.nodes[l.leaf.node];
            let _ = writeln!(
                out,
                "<tr><td class=\"u\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&l.unit.unit.name),
                esc(&n.id),
                esc(&n.title),
                l.leaf.self_score.map(|s| vi(s, p)).unwrap_or_default(),
                vi(l.leaf.points, p),
                signed(l.diff(), p),
                esc(l.leaf.note),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn changes(
    out: &mut String,
    criteria: &Criteria,
    result: &ScoreResult,
    before: &Period,
    lang: Lang,
) {
    let p = Decimals::new(criteria.places, lang);
    let now = result
        .period
        .as_deref()
        .unwrap_or(lang.pick("này", "this period"));
    let _ = write!(
        out,
        "{}",
        tr!(
            lang,
            "<section class=\"changes\">\n<h2>Thay đổi chỉ số so với kỳ {}</h2>\n",
            "<section class=\"changes\">\n<h2>Change in index since period {}</h2>\n",
            esc(&before.label)
        )
    );
    if before.criteria_id != criteria.id {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "<p class=\"summary\">Hai kỳ được chấm theo hai bộ tiêu chí khác nhau ({} và {}): \
                 chỉ so sánh chỉ số tổng.</p>",
                "<p class=\"summary\">The two periods were scored with different criteria sets \
                 ({} and {}): only the total index is compared.</p>",
                esc(&before.criteria_id),
                esc(&criteria.id)
            )
        );
    }
    for group in &result.groups {
        // Units of the group present in both periods, largest rise first.
        let mut rows: Vec<(&UnitResult, Rational, Rational)> = result
            .units
            .iter()
            .filter(|u| &u.unit.group == group)
            .filter_map(|u| {
                let b = before.units.iter().find(|b| b.id == u.unit.id)?;
                Some((u, b.index, u.index.checked_sub(b.index)?))
            })
            .collect();
        rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.unit.id.cmp(&b.0.unit.id)));
        if rows.is_empty() {
            continue;
        }
        if result.groups.len() > 1 {
            let _ = writeln!(
                out,
                "{}",
                tr!(
                    lang,
                    "<h3>Nhóm {}</h3>",
                    "<h3>Group {}</h3>",
                    esc(criteria.group_name(group))
                )
            );
        }
        change_chart(out, p, &rows, &before.label, now);
    }
    let new: Vec<String> = result
        .units
        .iter()
        .filter(|u| !before.units.iter().any(|b| b.id == u.unit.id))
        .map(|u| esc(&u.unit.name))
        .collect();
    let gone: Vec<String> = before
        .units
        .iter()
        .filter(|b| !result.units.iter().any(|u| u.unit.id == b.id))
        .map(|b| esc(&b.name))
        .collect();
    if !new.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "<p class=\"summary\">Đơn vị mới (không có ở kỳ {}): {}.</p>",
                "<p class=\"summary\">New units (not in period {}): {}.</p>",
                esc(&before.label),
                new.join(", ")
            )
        );
    }
    if !gone.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "<p class=\"summary\">Đơn vị không còn ở kỳ {}: {}.</p>",
                "<p class=\"summary\">Units no longer in {}: {}.</p>",
                esc(now),
                gone.join(", ")
            )
        );
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            esc(r#"<script>alert('x') & "y"</script>"#),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(esc("UBND huyện Bắc Sơn"), "UBND huyện Bắc Sơn");
    }

    #[test]
    fn numbers_use_a_decimal_comma_and_a_sign() {
        let r = |n, d| Rational::new(n, d).unwrap();
        let p = Decimals::new(2, Lang::Vi);
        assert_eq!(vi(r(7281, 100), p), "72,81");
        assert_eq!(signed(r(125, 100), p), "+1,25");
        assert_eq!(signed(r(-1, 2), p), "−0,50");
        assert_eq!(signed(Rational::ZERO, p), "0,00");
        let en = Decimals::new(2, Lang::En);
        assert_eq!(vi(r(7281, 100), en), "72.81");
        assert_eq!(signed(r(-1, 2), en), "−0.50");
    }
}
