//! parindex: scores PAR INDEX (Chỉ số CCHC) self-assessments exactly.
//!
//! The engine is a library: [`criteria`] reads and checks the tree, [`evidence`] loads units
//! and their rows, [`score`] computes the results with exact rationals ([`number`]), and
//! [`report`] writes them. [`run`] executes a parsed command line.

pub mod cli;
pub mod criteria;
pub mod error;
pub mod evidence;
pub mod number;
pub mod report;
pub mod score;

use std::io::Write;
use std::path::{Path, PathBuf};

use cli::{Cli, Command};
use criteria::Criteria;
use error::{Error, Problem, Result};
use evidence::Evidence;
use report::Format;
use score::ScoreResult;

/// Runs one command. Output goes to stdout (or `-o FILE`), warnings to stderr.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Check(a) => {
            if a.evidence.is_empty() {
                let criteria = Criteria::load(&a.criteria.criteria);
                let (_, mut problems) = Evidence::load(a.units.units.as_deref(), &[])?;
                if let Err(Error::Invalid(p)) = criteria {
                    problems.extend(p);
                } else {
                    criteria?;
                }
                return if problems.is_empty() {
                    Ok(())
                } else {
                    Err(Error::invalid(problems))
                };
            }
            let (_, _, result) = load_and_score(
                &a.criteria.criteria,
                a.units.units.as_deref(),
                &a.evidence,
                None,
                a.strict,
            )?;
            warn(&result.warnings);
            Ok(())
        }
        Command::Tree(a) => {
            let criteria = Criteria::load(&a.criteria.criteria)?;
            emit(&report::tree(&criteria), None, &[])
        }
        Command::Score(a) => {
            let format = match (a.format, &a.output) {
                (Some(f), _) => f,
                (None, None) => Format::Table,
                (None, Some(path)) => path
                    .extension()
                    .and_then(|e| Format::from_extension(&e.to_string_lossy()))
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "cannot tell the format of {} from its extension: add -f table|csv|json|md",
                            path.display()
                        ))
                    })?,
            };
            let (criteria, ev, mut result) = load_and_score(
                &a.criteria.criteria,
                a.units.units.as_deref(),
                &a.evidence,
                a.period,
                a.strict,
            )?;
            if let Some(g) = &a.group {
                select_group(&mut result, g)?;
            }
            warn(&result.warnings);
            let mut inputs = ev.input_paths();
            inputs.push(a.criteria.criteria.clone());
            emit(
                &report::write(format, &criteria, &result),
                a.output.as_deref(),
                &inputs,
            )
        }
        Command::Explain(a) => {
            let (criteria, _, result) = load_and_score(
                &a.criteria.criteria,
                a.units.units.as_deref(),
                &a.evidence,
                None,
                false,
            )?;
            let Some(unit) = result.units.iter().find(|u| u.unit.id == a.unit) else {
                return Err(Error::Usage(format!(
                    "no unit {} in the units or the evidence",
                    a.unit
                )));
            };
            warn(&result.warnings);
            emit(&report::explain(&criteria, &result, unit), None, &[])
        }
    }
}

/// Loads the criteria and the evidence and scores every unit, reporting the problems of all
/// of them in one pass.
fn load_and_score(
    criteria: &Path,
    units: Option<&Path>,
    evidence: &[PathBuf],
    period: Option<String>,
    strict: bool,
) -> Result<(Criteria, Evidence, ScoreResult)> {
    let criteria = Criteria::load(criteria);
    let (ev, mut problems) = Evidence::load(units, evidence)?;
    let criteria = match criteria {
        Ok(c) => c,
        Err(Error::Invalid(p)) => {
            problems.extend(p);
            return Err(Error::invalid(problems));
        }
        Err(e) => return Err(e),
    };
    match score::score(&criteria, &ev, period, strict) {
        Ok(result) if problems.is_empty() => Ok((criteria, ev, result)),
        Ok(_) => Err(Error::invalid(problems)),
        Err(Error::Invalid(p)) => {
            problems.extend(p);
            Err(Error::invalid(problems))
        }
        Err(e) => Err(e),
    }
}

fn select_group(result: &mut ScoreResult, group: &str) -> Result<()> {
    if !result.groups.iter().any(|g| g == group) {
        return Err(Error::Usage(format!(
            "no unit is in group {group} (groups: {})",
            result.groups.join(", ")
        )));
    }
    result.units.retain(|u| u.unit.group == group);
    result.groups.retain(|g| g == group);
    Ok(())
}

fn warn(warnings: &[Problem]) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for w in warnings {
        let _ = writeln!(err, "{}", w.warning());
    }
}

/// Writes the output to stdout, or atomically to a file that is not one of the inputs.
fn emit(text: &str, output: Option<&Path>, inputs: &[PathBuf]) -> Result<()> {
    let Some(path) = output else {
        return match std::io::stdout().lock().write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("stdout", e)),
            _ => Ok(()),
        };
    };
    if let Ok(out) = path.canonicalize()
        && inputs
            .iter()
            .any(|i| i.canonicalize().is_ok_and(|i| i == out))
    {
        return Err(Error::Usage(format!(
            "{}: refusing to overwrite an input file",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir.display(), e))?;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path.display(), e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(path.display(), e.error))?;
    Ok(())
}
