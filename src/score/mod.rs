//! Scoring (SPEC §4): each leaf from its evidence row ([`rules`]), the rows of each file
//! filed under their units ([`rows`]), then sums, index, class and rank ([`totals`]) into the
//! one result model every writer reads ([`result`]). All arithmetic is exact; a leaf is
//! rounded once, each index once.

mod result;
mod rows;
pub mod rules;
mod totals;

pub use result::{Keep, LeafResult, ScoreResult, Status, UnitResult, Warning};
pub use rules::{Reading, RowCells, Scored, apply, score_leaf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::criteria::Criteria;
use crate::error::{Error, Problem, Result};
use crate::evidence::{Evidence, Unit};
use crate::lang::{msg, said};
use crate::number::Rational;
pub(crate) use result::Pending;
use rows::UnitRows;

/// A progress bar on stderr for `len` pieces of work, shown only when stderr is a terminal
/// and the work is long enough to wait for; hidden (and silent) otherwise.
fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if len < 200 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// Scores every unit, ranks and classifies them. The evidence files are read on every core,
/// each row scored as it is read. Every problem is collected before failing.
pub fn score(
    criteria: &Criteria,
    ev: &Evidence,
    period: Option<String>,
    strict: bool,
    keep: Keep,
) -> Result<ScoreResult> {
    let names: Vec<String> = ev.files.iter().map(|p| p.display().to_string()).collect();
    let bar = progress(ev.files.len(), said("đọc tệp", "reading files"));
    let files: Vec<rows::FileRows> = (ev.files.par_iter().zip(&names))
        .map(|(path, name)| {
            let rows = rows::read_file(criteria, path, name, keep);
            bar.inc(1);
            rows
        })
        .collect();
    bar.finish_and_clear();

    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    // Each unit's rows come from one file: the first, in the order of the arguments.
    // (Sized once: the units of a whole country take a hundred megabytes, and a list that
    // grows holds its old and new buffers at once.)
    let count = files.iter().map(|f| f.units.len()).sum();
    let mut units: Vec<Option<(usize, UnitRows)>> = Vec::with_capacity(count);
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    for (f, file) in files.into_iter().enumerate() {
        problems.extend(file.problems.into_vec());
        warnings.extend(file.warnings.into_iter().map(|p| {
            Pending::Ready(Box::new(Warning {
                problem: p,
                missing_leaf: false,
            }))
        }));
        for mut rows in file.units {
            if let Some(&i) = index.get(rows.id.as_str()) {
                let first = units[i].as_ref().map_or(0, |(f, _)| *f);
                let line = if rows.by_file { None } else { rows.first_line };
                problems.push(
                    Problem::new(
                        &names[f],
                        line,
                        msg!(
                            "đơn vị {}: đã có số liệu trong {}; mỗi đơn vị chỉ một tệp",
                            "unit {}: it has data in {} already; one file per unit",
                            rows.id,
                            names[first]
                        ),
                    )
                    .about(&rows.id, None),
                );
                continue;
            }
            problems.append(&mut rows.problems);
            index.insert(rows.id.clone(), units.len());
            units.push(Some((f, rows)));
        }
    }
    // The units of the units file, else those of the evidence by id; copied one by one into
    // the results, not as a list first (for a hundred thousand units, 7 MB more at the peak).
    let (from_file, by_id): (&[Unit], Vec<&String>) = match &ev.units_file {
        Some(_) => (&ev.units, Vec::new()),
        None => {
            let mut ids: Vec<&String> = index.keys().collect();
            ids.sort();
            (&[], ids)
        }
    };
    let count = from_file.len() + by_id.len();
    let listed = from_file
        .iter()
        .cloned()
        .chain(by_id.into_iter().map(|id| Unit {
            id: id.clone(),
            name: id.clone(),
            group: "all".to_string(),
        }));
    // The listed units with their rows, and the file the rows came from and their
    // self-scores; a unit without a file has no rows (and its warnings name the units file).
    let mut from: Vec<(Option<usize>, Option<Rational>)> = Vec::with_capacity(count);
    let mut results: Vec<UnitResult> = listed
        .map(|unit| {
            let rows = index.get(unit.id.as_str()).and_then(|&i| units[i].take());
            let (f, rows) = match rows {
                Some((f, rows)) => (Some(f), rows),
                None => (None, UnitRows::new(&unit.id, criteria, keep)),
            };
            from.push((f, rows.self_sum));
            UnitResult {
                unit,
                points: Rational::ZERO,
                max: Rational::ZERO,
                exact_index: Rational::ZERO,
                index: Rational::ZERO,
                bonus: Rational::ZERO,
                penalty: Rational::ZERO,
                self_points: None,
                rank: 0,
                group_size: 0,
                class: None,
                seen: rows.seen,
                kept: rows.points,
                texts: rows.texts,
            }
        })
        .collect();
    // Rows of units the units file does not list.
    if let Some(units_file) = &ev.units_file {
        for (k, (f, rows)) in units.iter().flatten().enumerate() {
            // The near name of the first few only: comparing every unlisted unit with every
            // listed one (a wrong units file for a whole country) would take hours.
            let listed = results.iter().map(|u| u.unit.id.as_str());
            let near = (k < crate::error::SHOWN_PER_FILE)
                .then(|| crate::number::near_name(&rows.id, listed))
                .flatten();
            let near = near
                .map(|n| msg!(" (có phải là {n}?)", " (did you mean {n}?)"))
                .unwrap_or_default();
            problems.push(
                Problem::new(
                    &names[*f],
                    rows.first_line,
                    msg!(
                        "đơn vị {}: không có trong tệp đơn vị {units_file}{near}",
                        "unit {}: not in the units file {units_file}{near}",
                        rows.id
                    ),
                )
                .about(&rows.id, None),
            );
        }
    }
    drop((units, index));
    // The files the warnings name: the evidence files, then the units file (for a unit
    // without rows).
    let mut files = names;
    let units_file = files.len();
    files.push(ev.units_file.clone().unwrap_or_default());
    let file_of = |f: &Option<usize>| f.unwrap_or(units_file);
    // (A unit's problem boxed: it is rare, and a whole country's list of empty ones took
    // 13 MB.)
    let failed: Vec<Option<Box<Problem>>> = (results.par_iter_mut().zip(&from))
        .map(|(u, (f, self_sum))| {
            let file = &files[file_of(f)];
            totals::total(criteria, u, *self_sum, file)
                .err()
                .map(Box::new)
        })
        .collect();
    problems.extend(failed.into_iter().flatten().map(|p| *p));
    for (u, (f, _)) in results.iter().zip(&from) {
        totals::unit_warnings(criteria, u, &files, file_of(f), &mut warnings);
    }
    if strict {
        let written = warnings.drain(..).map(|w| w.warning(criteria, &files));
        problems.extend(written.map(|w| w.problem));
    }
    if !problems.is_empty() {
        return Err(Error::invalid(problems));
    }
    let mut units = results;
    // Groups in the order of the units file, else by id.
    let mut groups: Vec<String> = Vec::new();
    let mut seen_groups = rustc_hash::FxHashSet::default();
    for u in &units {
        if seen_groups.insert(u.unit.group.as_str()) {
            groups.push(u.unit.group.clone());
        }
    }
    if ev.units_file.is_none() {
        groups.sort();
    }
    totals::rank(criteria, &groups, &mut units);
    Ok(ScoreResult {
        period,
        groups,
        units,
        warnings,
        files,
    })
}
