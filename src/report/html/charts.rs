//! The SVG charts of the HTML report: each group's index over its class bands, and the change
//! of index per unit against an earlier result.

use super::*;

pub(super) fn ranking_chart(
    out: &mut String,
    criteria: &Criteria,
    group: &str,
    units: &[&UnitResult],
    lang: Lang,
) {
    let p = Decimals::new(criteria.places, lang);
    let classes = criteria.classes_for(group);
    let labels: Vec<String> = units
        .iter()
        .map(|u| format!("{}. {}", u.rank, cut(&u.unit.name, 40)))
        .collect();
    let left = label_width(&labels);
    let width = 900.0;
    let right = 56.0;
    let plot = width - left - right;
    // The scale: 0 to 100, or further when bonus points take an index above 100.
    let highest = units.iter().map(|u| approx(u.index)).fold(100.0, f64::max);
    let scale = (highest / 10.0).ceil() * 10.0;
    // Room for a second line of class names when one does not fit its band.
    let bands = class_labels(classes, scale, plot);
    let crowded = bands.iter().any(|&(_, lo, hi, fits)| hi > lo && !fits);
    let top = if crowded { 38.0 } else { 26.0 };
    let row = 24.0;
    let height = top + row * units.len() as f64 + 26.0;
    let x = |v: f64| left + plot * v.clamp(0.0, scale) / scale;
    let g = esc(group);
    let _ = write!(
        out,
        "<figure class=\"keep\">\n<svg viewBox=\"0 0 {width} {height:.0}\" role=\"img\" \
         aria-label=\"{}\">\n<title>{}</title>\n",
        tr!(
            lang,
            "Biểu đồ chỉ số của các đơn vị nhóm {g}",
            "Chart of the index of the units of group {g}"
        ),
        tr!(
            lang,
            "Chỉ số CCHC theo đơn vị, nhóm {g}",
            "PAR INDEX by unit, group {g}"
        ),
    );
    // Class bands as background zones, best first, each from its min to the next one up;
    // a name too wide for its band goes on a second line, alternately.
    let mut raised = false;
    for (i, lo, hi, fits) in bands {
        if hi <= lo {
            continue;
        }
        let c = &classes[i];
        let hue = band_hue(i, classes.len());
        let (x0, x1) = (x(lo), x(hi));
        raised = !fits && !raised;
        let _ = write!(
            out,
            "<rect x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" \
             fill=\"hsl({hue:.0},60%,90%)\"/>\n\
             <text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"11\" \
             font-weight=\"600\" fill=\"hsl({hue:.0},50%,27%)\">{label}</text>\n",
            y = top - 4.0,
            w = x1 - x0,
            h = row * units.len() as f64 + 6.0,
            cx = (x0 + x1) / 2.0,
            ty = if raised { top - 21.0 } else { top - 8.0 },
            label = esc(&cut(&c.label, 18)),
        );
    }
    // Grid and ticks every 10.
    let bottom = top + row * units.len() as f64 + 2.0;
    let mut t = 0.0;
    while t <= scale + 0.01 {
        let _ = write!(
            out,
            "<line x1=\"{gx:.1}\" y1=\"{y0:.1}\" x2=\"{gx:.1}\" y2=\"{bottom:.1}\" \
             stroke=\"#b9c2cc\" stroke-width=\"0.6\"/>\n\
             <text x=\"{gx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"10\" \
             fill=\"#5b6675\">{t:.0}</text>\n",
            gx = x(t),
            y0 = top - 4.0,
            ty = bottom + 13.0,
        );
        t += 10.0;
    }
    for (k, u) in units.iter().enumerate() {
        let y = top + row * k as f64;
        let v = approx(u.index);
        let _ = write!(
            out,
            "<text x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\" font-size=\"12\" \
             fill=\"#1d2733\">{label}</text>\n\
             <rect x=\"{left:.1}\" y=\"{by:.1}\" width=\"{bw:.1}\" height=\"15\" rx=\"2\" \
             fill=\"#2f5d8a\"><title>{name}: {value}</title></rect>\n\
             <text x=\"{vx:.1}\" y=\"{ty:.1}\" font-size=\"11.5\" font-weight=\"600\" \
             fill=\"#1d2733\">{value}</text>\n",
            lx = left - 8.0,
            ty = y + 12.5,
            label = esc(&labels[k]),
            by = y + 1.5,
            bw = (x(v) - left).max(0.5),
            name = esc(&u.unit.name),
            value = vi(u.index, p),
            vx = x(v) + 4.0,
        );
    }
    let bands: Vec<String> = classes
        .iter()
        .map(|c| format!("{} ≥ {}", esc(&c.label), lang.short(c.min)))
        .collect();
    let _ = write!(
        out,
        "</svg>\n<figcaption>{}</figcaption>\n</figure>\n",
        tr!(
            lang,
            "Chỉ số (%) của từng đơn vị theo thứ hạng; nền màu là các khoảng xếp loại của nhóm: {}.",
            "Each unit's index (%), in rank order; the coloured background shows the group's class bands: {}.",
            bands.join("; ")
        )
    );
}

/// A step for the change axis: 1, 2, 5, 10, 20… points of index.
fn nice_step(span: f64) -> f64 {
    let mut step = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            if span / (step * m) <= 5.0 {
                return step * m;
            }
        }
        step *= 10.0;
    }
}

pub(super) fn change_chart(
    out: &mut String,
    p: Decimals,
    rows: &[(&UnitResult, Rational, Rational)],
    before: &str,
    now: &str,
) {
    let lang = p.lang;
    let labels: Vec<String> = rows.iter().map(|r| cut(&r.0.unit.name, 40)).collect();
    let left = label_width(&labels);
    let width = 900.0;
    let right = 150.0;
    let plot = width - left - right;
    let top = 12.0;
    let row = 24.0;
    let height = top + row * rows.len() as f64 + 28.0;
    let reach = rows
        .iter()
        .map(|r| approx(r.2).abs())
        .fold(0.0, f64::max)
        .max(1.0);
    let step = nice_step(reach);
    let reach = (reach / step).ceil() * step;
    let zero = left + plot / 2.0;
    let x = |v: f64| zero + (plot / 2.0 - 40.0) * v / reach;
    let (b, n) = (esc(before), esc(now));
    let _ = write!(
        out,
        "<figure class=\"keep\">\n<svg viewBox=\"0 0 {width} {height:.0}\" role=\"img\" \
         aria-label=\"{}\">\n<title>{}</title>\n",
        lang.pick("Thay đổi chỉ số từng đơn vị", "Change in each unit's index"),
        tr!(
            lang,
            "Thay đổi chỉ số từng đơn vị, kỳ {b} → kỳ {n}",
            "Change in each unit's index, period {b} → {n}"
        ),
    );
    let bottom = top + row * rows.len() as f64;
    let mut t = -reach;
    while t <= reach + 1e-9 {
        let _ = write!(
            out,
            "<line x1=\"{gx:.1}\" y1=\"{top:.1}\" x2=\"{gx:.1}\" y2=\"{bottom:.1}\" \
             stroke=\"{stroke}\" stroke-width=\"{sw}\"/>\n\
             <text x=\"{gx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"10\" \
             fill=\"#5b6675\">{label}</text>\n",
            gx = x(t),
            stroke = if t.abs() < 1e-9 { "#1d2733" } else { "#c9d1da" },
            sw = if t.abs() < 1e-9 { "1.2" } else { "0.6" },
            ty = bottom + 14.0,
            label = if t > 1e-9 {
                format!("+{t:.0}")
            } else if t < -1e-9 {
                format!("−{:.0}", -t)
            } else {
                "0".to_string()
            },
        );
        t += step;
    }
    out.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#5b6675\">{}</text>\n",
        width - right + 8.0,
        top - 2.0,
        tr!(lang, "kỳ {b} → kỳ {n}", "{b} → {n}"),
    ));
    for (k, (u, was, change)) in rows.iter().enumerate() {
        let y = top + row * k as f64;
        let v = approx(*change);
        let (x0, x1) = if v >= 0.0 { (zero, x(v)) } else { (x(v), zero) };
        let up = *change > Rational::ZERO;
        let fill = if up {
            "#2e8b57"
        } else if change.is_zero() {
            "#8a949f"
        } else {
            "#c0392b"
        };
        let (vx, anchor) = if v >= 0.0 {
            (x1 + 4.0, "start")
        } else {
            (x0 - 4.0, "end")
        };
        let _ = write!(
            out,
            "<text x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\" font-size=\"12\" \
             fill=\"#1d2733\">{label}</text>\n\
             <rect x=\"{x0:.1}\" y=\"{by:.1}\" width=\"{bw:.1}\" height=\"15\" rx=\"2\" \
             fill=\"{fill}\"><title>{name}: {delta}</title></rect>\n\
             <text x=\"{vx:.1}\" y=\"{ty:.1}\" text-anchor=\"{anchor}\" font-size=\"11.5\" \
             font-weight=\"600\" fill=\"{fill}\">{delta}</text>\n\
             <text x=\"{rx:.1}\" y=\"{ty:.1}\" font-size=\"11\" fill=\"#5b6675\">{was} → {is}</text>\n",
            lx = left - 8.0,
            ty = y + 12.5,
            label = esc(&labels[k]),
            by = y + 1.5,
            bw = (x1 - x0).max(0.8),
            name = esc(&u.unit.name),
            delta = signed(*change, p),
            rx = width - right + 8.0,
            was = vi(*was, p),
            is = vi(u.index, p),
        );
    }
    out.push_str(lang.pick(
        "</svg>\n<figcaption>Thay đổi chỉ số (điểm phần trăm) của từng đơn vị có ở cả hai kỳ; \
         cột phải: chỉ số kỳ trước → kỳ này.</figcaption>\n</figure>\n",
        "</svg>\n<figcaption>Change in index (percentage points) of each unit present in both \
         periods; right: the index in the earlier period → this one.</figcaption>\n</figure>\n",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_axis_steps_are_round() {
        assert_eq!(nice_step(3.2), 1.0);
        assert_eq!(nice_step(8.0), 2.0);
        assert_eq!(nice_step(24.0), 5.0);
    }
}
