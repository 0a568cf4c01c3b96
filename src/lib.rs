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
            let (criteria, ev) = load(&a.criteria.criteria, a.units.units.as_deref(), &a.evidence)?;
            if !a.evidence.is_empty() {
                let result = score::score(&criteria, &ev, None, a.strict)?;
                warn(&result.warnings);
            }
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
            let (criteria, ev) = load(&a.criteria.criteria, a.units.units.as_deref(), &a.evidence)?;
            let mut result = score::score(&criteria, &ev, a.period, a.strict)?;
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
            let (criteria, ev) = load(&a.criteria.criteria, a.units.units.as_deref(), &a.evidence)?;
            if !ev.units.iter().any(|u| u.id == a.unit) {
                return Err(Error::Usage(format!(
                    "no unit {} in the units or the evidence",
                    a.unit
                )));
            }
            let result = score::score(&criteria, &ev, None, false)?;
            warn(&result.warnings);
            let unit = result.units.iter().find(|u| u.unit.id == a.unit);
            let text = unit
                .map(|u| report::explain(&criteria, &result, u))
                .unwrap_or_default();
            emit(&text, None, &[])
        }
    }
}

/// Loads the criteria and the evidence, reporting the problems of both in one pass.
fn load(
    criteria: &Path,
    units: Option<&Path>,
    evidence: &[PathBuf],
) -> Result<(Criteria, Evidence)> {
    match (Criteria::load(criteria), Evidence::load(units, evidence)) {
        (Ok(c), Ok(e)) => Ok((c, e)),
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.extend(b);
            Err(Error::invalid(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
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
