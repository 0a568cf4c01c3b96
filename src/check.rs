//! `check`: the criteria, the units and the evidence read and scored, nothing written. In a
//! pipe it is silent when all is well (the exit code says it); on a terminal it ends with a
//! one-line summary; with `-f json` it gives scripts every problem, errors and warnings.

use std::io::IsTerminal;

use serde::Serialize;

use crate::cli::{CheckArgs, CheckFormat};
use crate::error::{Error, Problem, Result, sorted, thousands};
use crate::lang::Lang;
use crate::score::{self, Keep};

pub(crate) fn run(a: CheckArgs) -> Result<()> {
    let json = a.format == CheckFormat::Json;
    if json {
        // Scripts are given every problem, not the first thousand of a file.
        crate::error::keep_all_problems();
    }
    let checked = check(&a)?;
    if json {
        let (errors, warnings) = match &checked.outcome {
            Ok(warnings) => (Vec::new(), warnings.iter().collect()),
            Err(errors) => (errors.iter().collect(), Vec::new()),
        };
        let problems = (errors.iter().map(|p| JsonProblem::new(p, "error")))
            .chain(warnings.iter().map(|p| JsonProblem::new(p, "warning")))
            .collect();
        let doc = JsonCheck {
            units: checked.units,
            errors: errors.len(),
            warnings: warnings.len(),
            problems,
        };
        crate::emit(crate::report::to_json(&doc), None, false, &[])?;
        return match checked.outcome {
            Ok(_) => Ok(()),
            Err(_) => Err(Error::Reported),
        };
    }
    let warnings = checked.outcome.map_err(Error::Invalid)?;
    if std::io::stdout().is_terminal() {
        let units = checked
            .units
            .map(|n| format!("{}, ", count(n, "đơn vị", "unit", "units")))
            .unwrap_or_default();
        let errors = count(0, "lỗi", "error", "errors");
        let warnings = count(warnings.len(), "cảnh báo", "warning", "warnings");
        println!("{units}{errors}, {warnings}");
    }
    Ok(())
}

/// A count and its noun in the language of the messages: "1.204 cảnh báo", "1 warning".
fn count(n: usize, vi: &str, one: &str, many: &str) -> String {
    let noun = match crate::lang::messages() {
        Lang::Vi => vi,
        Lang::En if n == 1 => one,
        Lang::En => many,
    };
    format!("{} {noun}", thousands(n))
}

/// What `check` found: the count of units when known, then the warnings, or the errors.
struct Checked {
    units: Option<usize>,
    outcome: std::result::Result<Vec<Problem>, Vec<Problem>>,
}

/// Reads and scores the inputs. The warnings are printed as they are for `score` (in text
/// mode) and returned too.
fn check(a: &CheckArgs) -> Result<Checked> {
    crate::threads();
    let text = a.format == CheckFormat::Text;
    let (criteria, ev, problems) =
        crate::load_inputs(&a.criteria.criteria, a.units.units.as_deref(), &a.evidence)?;
    let listed = ev.units_file.is_some().then_some(ev.units.len());
    let criteria = match criteria {
        Some(c) if problems.is_empty() => c,
        _ => return Ok(failed(listed, problems)),
    };
    if text {
        crate::warn_set(&criteria);
    }
    let mut warnings = criteria.warnings.clone();
    if a.evidence.is_empty() {
        return Ok(Checked {
            units: listed,
            outcome: Ok(warnings),
        });
    }
    let result = match score::score(&criteria, &ev, None, a.strict, Keep::Sums) {
        Ok(result) => result,
        Err(Error::Invalid(p)) => return Ok(failed(listed, p)),
        Err(e) => return Err(e),
    };
    if text {
        crate::warn(&result, &criteria, None);
    }
    warnings.extend(result.warnings(&criteria).map(|w| w.problem));
    Ok(Checked {
        units: Some(result.units.len()),
        outcome: Ok(warnings),
    })
}

/// The inputs have errors: sorted as the text report sorts them.
fn failed(units: Option<usize>, problems: Vec<Problem>) -> Checked {
    Checked {
        units,
        outcome: Err(sorted(problems)),
    }
}

#[derive(Serialize)]
struct JsonCheck<'a> {
    /// The units checked: those scored, or those of the units file; null when unknown.
    units: Option<usize>,
    errors: usize,
    warnings: usize,
    problems: Vec<JsonProblem<'a>>,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    file: &'a str,
    line: Option<u64>,
    unit: Option<&'a str>,
    criterion: Option<&'a str>,
    kind: &'static str,
    message: &'a str,
}

impl<'a> JsonProblem<'a> {
    fn new(p: &'a Problem, kind: &'static str) -> Self {
        JsonProblem {
            file: &p.file,
            line: p.line,
            unit: p.unit.as_deref(),
            criterion: p.criterion.as_deref(),
            kind,
            message: &p.message,
        }
    }
}
