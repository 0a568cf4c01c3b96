//! parindex: scores PAR INDEX (Chỉ số CCHC) self-assessments exactly.
//!
//! The engine is a library: [`criteria`] reads and checks the tree, [`evidence`] loads units
//! and their rows, [`score`] computes the results with exact rationals ([`number`]), and
//! [`report`] writes them. [`run`] executes a parsed command line.

pub mod appraisal;
mod check;
pub mod cli;
pub mod compare;
pub mod criteria;
pub mod error;
pub mod evidence;
pub mod generate;
pub mod lang;
pub mod number;
mod records;
pub mod report;
pub mod score;

use std::io::Write;
use std::path::{Path, PathBuf};

use cli::{AppraisalArgs, Cli, Command, Inputs, OutputArgs, TemplateArgs};
use criteria::Criteria;
use error::{Error, Problem, Result};
use evidence::Evidence;
use lang::{msg, said};
use report::Format;
use score::{Keep, ScoreResult};

/// Runs one command. Output goes to stdout (or `-o FILE`), warnings to stderr.
pub fn run(cli: Cli) -> Result<()> {
    lang::set_messages(cli.lang);
    if cli.errors == cli::Errors::All {
        error::keep_all_problems();
    }
    if cli.warnings == cli::Errors::All {
        ALL_WARNINGS.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Tree(a) => {
            let criteria = Criteria::load(&a.criteria.criteria)?;
            warn_set(&criteria);
            emit(report::tree(&criteria, a.lang.lang), None, false, &[])
        }
        Command::Score(a) => {
            let format = output_format(&a.output)?;
            // The CSV ranking needs only the components' sums; the others show the values or
            // compare self-scores leaf by leaf.
            let keep = match format {
                report::Format::Csv => Keep::Sums,
                _ => Keep::Values,
            };
            let (criteria, ev, mut result) = load_and_score(&a.inputs, a.strict, keep)?;
            if let Some(g) = &a.group {
                select_group(&mut result, g)?;
            }
            let output = a.output.output.as_deref();
            let inputs = inputs_of(&a.inputs, &ev, output)?;
            warn(&result, &criteria, None);
            emit_with(output, a.output.force, &inputs, |out| {
                report::write(format, &criteria, &result, a.output.lang.lang, out)
            })
        }
        Command::Explain(a) => {
            let paper = a.output.as_deref().map(paper_of).transpose()?;
            let (criteria, ev, result) = load_and_score(&a.inputs, false, Keep::All)?;
            let Some(unit) = result.units.iter().find(|u| u.unit.id == a.unit) else {
                return Err(unknown_unit(&a.unit, &result));
            };
            warn(&result, &criteria, Some(&a.unit));
            let (Some(path), Some(paper)) = (a.output.as_deref(), paper) else {
                let text = report::explain(&criteria, &result, unit, a.lang.lang);
                return emit(text, None, false, &[]);
            };
            let bytes = report::sheet(paper, &criteria, &result, unit, a.lang.lang)
                .map_err(|e| Error::io(path.display(), std::io::Error::other(e)))?;
            let inputs = inputs_of(&a.inputs, &ev, Some(path))?;
            emit(&bytes, Some(path), a.force, &inputs)
        }
        Command::Template(a) => template(&a),
        Command::Appraisal(a) => appraisal_report(&a, appraisal::appraisal),
        Command::Gaps(a) => appraisal_report(&a, appraisal::gaps),
        Command::Compare(a) => {
            let format = output_format(&a.output)?;
            let before = compare::Period::load(&a.before)?;
            let after = compare::Period::load(&a.after)?;
            let map = match &a.map {
                Some(path) => compare::load_map(path, &before, &after)?,
                None => Default::default(),
            };
            let mut inputs = vec![a.before.clone(), a.after.clone()];
            inputs.extend(a.map.clone());
            let text = compare::compare(format, &before, &after, &map, a.output.lang.lang);
            emit(&text, a.output.output.as_deref(), a.output.force, &inputs)
        }
        Command::Trend(a) => {
            let format = output_format(&a.output)?;
            let mut periods = a
                .results
                .iter()
                .map(|p| compare::Period::load(p))
                .collect::<Result<Vec<_>>>()?;
            for w in compare::distinct_periods(&mut periods)? {
                eprintln!("{}", w.warning());
            }
            compare::sort_periods(&mut periods);
            emit(
                compare::trend(format, &periods, a.output.lang.lang),
                a.output.output.as_deref(),
                a.output.force,
                &a.results,
            )
        }
        Command::Report(a) => report_file(&a),
        Command::Criteria(cli::CriteriaCommand::Import(a)) => criteria_import(&a),
        Command::Criteria(cli::CriteriaCommand::Export(a)) => criteria_export(&a),
        Command::Completions(a) => {
            let mut out = Vec::new();
            let mut command = cli::command(lang::messages());
            clap_complete::generate(a.shell, &mut command, "parindex", &mut out);
            emit(&out, None, false, &[])
        }
        Command::Man(a) => {
            let main = cli::command(lang::messages());
            let page = match &a.command {
                None => main,
                Some(name) => main
                    .find_subcommand(name)
                    .cloned()
                    .map(|c| c.name(format!("parindex-{name}")))
                    .ok_or_else(|| {
                        Error::Usage(msg!("không có lệnh {name}", "there is no command {name}"))
                    })?,
            };
            let mut out = Vec::new();
            clap_mangen::Man::new(page)
                .render(&mut out)
                .map_err(|e| Error::io("man", e))?;
            emit(&out, None, false, &[])
        }
    }
}

/// The format of a file for people (`report -o`, `explain -o`), by its extension.
fn paper_of(path: &Path) -> Result<report::Paper> {
    report::Paper::of_path(path).ok_or_else(|| {
        Error::Usage(msg!(
            "{}: tệp ra phải có phần mở rộng .xlsx, .html hoặc .md (Excel, trang HTML để in A4, Markdown)", "{}: the output file must end in .xlsx, .html or .md (Excel, an HTML page to print on A4, Markdown)",
            path.display()
        ))
    })
}

/// `report`: an Excel workbook, an HTML page or Markdown, by the -o extension; with
/// --per-unit, each unit's result sheet too.
fn report_file(a: &cli::ReportArgs) -> Result<()> {
    let paper = a.output.as_deref().map(paper_of).transpose()?;
    if a.compare.is_some() && paper != Some(report::Paper::Html) {
        return Err(Error::Usage(
            said(
                "--compare chỉ dùng cho báo cáo .html",
                "--compare is only for an .html report",
            )
            .to_string(),
        ));
    }
    let (criteria, ev, result) = load_and_score(&a.inputs, false, Keep::All)?;
    let before = a
        .compare
        .as_deref()
        .map(compare::Period::load)
        .transpose()?;
    warn(&result, &criteria, None);
    // Every sheet's path is checked before anything is written.
    let sheets = match &a.per_unit {
        Some(dir) => {
            let paper = a.format.or(paper).unwrap_or(report::Paper::Xlsx);
            Some((paper, sheet_paths(a, dir, paper, &ev, &result)?))
        }
        None => None,
    };
    if let (Some(output), Some(paper)) = (a.output.as_deref(), paper) {
        let lang = a.lang.lang;
        let bytes = match paper {
            report::Paper::Xlsx => report::xlsx::xlsx(&criteria, &result, lang)
                .map_err(|e| Error::io(output.display(), std::io::Error::other(e)))?,
            report::Paper::Md => report::ranking_doc(&criteria, &result, lang)
                .markdown()
                .into_bytes(),
            report::Paper::Html => {
                report::html::html(&criteria, &result, before.as_ref(), lang).into_bytes()
            }
        };
        let mut inputs = inputs_of(&a.inputs, &ev, Some(output))?;
        inputs.extend(a.compare.clone());
        emit(&bytes, Some(output), a.force, &inputs)?;
    }
    if let (Some(dir), Some((paper, paths))) = (&a.per_unit, sheets) {
        use rayon::prelude::*;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
        result
            .units
            .par_iter()
            .zip(&paths)
            .try_for_each(|(u, path)| {
                let bytes = report::sheet(paper, &criteria, &result, u, a.lang.lang)
                    .map_err(|e| Error::io(path.display(), std::io::Error::other(e)))?;
                write_atomic(path, |out| out.write_all(&bytes))
            })?;
        eprintln!(
            "{}",
            msg!(
                "đã ghi {} phiếu kết quả vào {}",
                "wrote {} result sheets into {}",
                paths.len(),
                dir.display()
            )
        );
    }
    Ok(())
}

/// `report --per-unit DIR`: the path of each unit's sheet, DIR/ID.EXT in the order of the
/// units. Refused, before anything is written: an id that is not a safe file name, a sheet
/// that exists (without --force), an input, a DIR that is an evidence folder.
fn sheet_paths(
    a: &cli::ReportArgs,
    dir: &Path,
    paper: report::Paper,
    ev: &Evidence,
    result: &ScoreResult,
) -> Result<Vec<PathBuf>> {
    let units: Vec<evidence::Unit> = result.units.iter().map(|u| u.unit.clone()).collect();
    let file = ev
        .units_file
        .clone()
        .unwrap_or_else(|| dir.display().to_string());
    let what = said("phiếu kết quả", "result sheet");
    let paths = unit_paths(&units, &file, what, dir, paper.extension())?;
    let inputs = inputs_of(&a.inputs, ev, paths.first().map(PathBuf::as_path))?;
    if let Some(input) = paths.iter().find(|p| is_input(p, &inputs)) {
        return Err(Error::Usage(msg!(
            "{}: không ghi đè lên tệp đầu vào",
            "{}: an input file is never overwritten",
            input.display()
        )));
    }
    if let Some(out) = a.output.as_deref().filter(|o| paths.iter().any(|p| p == o)) {
        return Err(Error::Usage(msg!(
            "{}: báo cáo -o và phiếu kết quả của một đơn vị trùng tên tệp; hãy chọn tên khác",
            "{}: the -o report and a unit's result sheet have the same file name; choose another name",
            out.display()
        )));
    }
    refuse_existing(&paths, what, a.force)?;
    Ok(paths)
}

/// One file per unit in `dir`, DIR/ID.EXT in the order of the units (`template`'s forms,
/// `report --per-unit`'s sheets, named by `what`); refused when an id is not a safe file
/// name, each listed against `units_file`.
fn unit_paths(
    units: &[evidence::Unit],
    units_file: &str,
    what: &str,
    dir: &Path,
    ext: &str,
) -> Result<Vec<PathBuf>> {
    let refused: Vec<Problem> = appraisal::refused_ids(units, what)
        .into_iter()
        .map(|m| Problem::new(units_file, None, m))
        .collect();
    if !refused.is_empty() {
        return Err(Error::invalid(refused));
    }
    Ok(units
        .iter()
        .map(|u| dir.join(format!("{}.{ext}", u.id)))
        .collect())
}

/// Refuses, unless `force`, to write files of which some exist already (a form may have
/// been filled in, a sheet sent): the first ten are named, the others counted.
fn refuse_existing(paths: &[PathBuf], what: &str, force: bool) -> Result<()> {
    let existing: Vec<String> = paths
        .iter()
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if existing.is_empty() || force {
        return Ok(());
    }
    let more = match existing.len().checked_sub(10) {
        Some(n) if n > 0 => msg!(" và {n} tệp khác", " and {n} more files"),
        _ => String::new(),
    };
    Err(Error::Usage(msg!(
        "{} {what} đã có: {}{more}; thêm --force để ghi đè",
        "{what}s that exist already ({}): {}{more}; add --force to overwrite them",
        existing.len(),
        existing[..existing.len().min(10)].join(", ")
    )))
}

/// `criteria import`: the table read into a set, written only when it has no problem.
fn criteria_import(a: &cli::ImportArgs) -> Result<()> {
    extension_among(&a.output, &["yaml", "yml"], |p| {
        msg!(
            "{p}: bộ tiêu chí được ghi ra tệp .yaml",
            "{p}: a criteria set is written to a .yaml file"
        )
    })?;
    let stem = a.output.file_stem().map(|s| s.to_string_lossy());
    let id =
        a.id.clone()
            .or(stem.map(|s| s.into_owned()))
            .unwrap_or_default();
    let options = criteria::import::Options {
        sheet: a.sheet.as_deref(),
        id: &id,
        title: a.title.as_deref(),
    };
    let set = criteria::import::import(&a.table, &options)?;
    for w in &set.warnings {
        eprintln!("{}", w.warning());
    }
    emit(
        &set.yaml,
        Some(&a.output),
        a.force,
        std::slice::from_ref(&a.table),
    )?;
    let kinds: Vec<String> = (set.kinds.iter())
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    eprintln!(
        "{}",
        msg!(
            "đã ghi {}: {} lĩnh vực, tiêu chí chấm điểm theo quy tắc {}; hãy đối chiếu bằng parindex tree -c {}",
            "wrote {}: {} components, scored criteria by rule {}; check it against the table with parindex tree -c {}",
            a.output.display(),
            set.components,
            kinds.join(", "),
            a.output.display()
        )
    );
    Ok(())
}

/// `criteria export`: the set as a table, .xlsx or .csv by the extension.
fn criteria_export(a: &cli::ExportArgs) -> Result<()> {
    let ext = extension_among(&a.output, &["xlsx", "csv"], |p| {
        msg!(
            "{p}: bảng tiêu chí được ghi ra tệp .xlsx hoặc .csv",
            "{p}: a criteria table is written to an .xlsx or .csv file"
        )
    })?;
    let criteria = Criteria::load(&a.criteria.criteria)?;
    let (bytes, warnings) = if ext == "csv" {
        criteria::export::csv(&criteria)
    } else {
        criteria::export::xlsx(&criteria)
            .map_err(|e| Error::io(a.output.display(), std::io::Error::other(e)))?
    };
    emit(
        &bytes,
        Some(&a.output),
        a.force,
        std::slice::from_ref(&a.criteria.criteria),
    )?;
    for w in &warnings {
        eprintln!("{}", w.warning());
    }
    Ok(())
}

/// A path's extension, lowercased, when it is one of `allowed`; else the usage error that
/// `message` says of the path.
fn extension_among(
    path: &Path,
    allowed: &[&str],
    message: impl FnOnce(std::path::Display<'_>) -> String,
) -> Result<String> {
    let ext = (path.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if allowed.contains(&ext.as_str()) {
        Ok(ext)
    } else {
        Err(Error::Usage(message(path.display())))
    }
}

/// Loads the criteria and the evidence and scores every unit, reporting the problems of all
/// of them in one pass.
fn load_and_score(
    inputs: &Inputs,
    strict: bool,
    keep: Keep,
) -> Result<(Criteria, Evidence, ScoreResult)> {
    threads();
    let (criteria, ev, problems) = load_inputs(
        &inputs.criteria.criteria,
        inputs.units.units.as_deref(),
        &inputs.evidence,
    )?;
    let criteria = match criteria {
        Some(c) if problems.is_empty() => c,
        _ => return Err(Error::invalid(problems)),
    };
    warn_set(&criteria);
    let result = score::score(&criteria, &ev, inputs.period.clone(), strict, keep)?;
    Ok((criteria, ev, result))
}

/// Reads the criteria and the evidence, with the problems of both in one list (the criteria
/// is `None` when it has problems); a file that cannot be read at all is an error.
pub(crate) fn load_inputs(
    criteria: &Path,
    units: Option<&Path>,
    evidence: &[PathBuf],
) -> Result<(Option<Criteria>, Evidence, Vec<Problem>)> {
    let criteria = Criteria::load(criteria);
    let (ev, mut problems) = Evidence::load(units, evidence)?;
    let criteria = match criteria {
        Ok(c) => Some(c),
        Err(Error::Invalid(p)) => {
            problems.extend(p);
            None
        }
        Err(e) => return Err(e),
    };
    Ok((criteria, ev, problems))
}

/// Sets the number of threads from `PARINDEX_THREADS` (1: no threads), once; every core
/// without it.
pub(crate) fn threads() {
    let n = std::env::var("PARINDEX_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    // An error means the pool was set already (the tests call `run` more than once).
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build_global();
}

/// Whether `out` is one of `inputs`: the same device and inode on Unix (one `stat` each,
/// where resolving a whole path costs one per folder on the way), the same full path
/// elsewhere. An output that does not exist yet is none of them.
fn is_input(out: &Path, inputs: &[PathBuf]) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let id = |p: &Path| std::fs::metadata(p).map(|m| (m.dev(), m.ino()));
        id(out).is_ok_and(|o| inputs.iter().any(|i| id(i).is_ok_and(|i| i == o)))
    }
    #[cfg(not(unix))]
    {
        out.canonicalize().is_ok_and(|o| {
            inputs
                .iter()
                .any(|i| i.canonicalize().is_ok_and(|i| i == o))
        })
    }
}

/// The input files of a run, which `-o` must never overwrite.
/// Refuses an output inside an evidence folder: the next run would read it as evidence.
fn inputs_of(inputs: &Inputs, ev: &Evidence, output: Option<&Path>) -> Result<Vec<PathBuf>> {
    let mut paths = ev.input_paths();
    paths.push(inputs.criteria.criteria.clone());
    // An input named as the output is refused by `emit`, with that reason.
    if let Some(out) = output.filter(|o| !is_input(o, &paths)) {
        let dir = match out.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Ok(dir) = dir.canonicalize()
            && let Some(folder) = inputs
                .evidence
                .iter()
                .find(|e| e.is_dir() && e.canonicalize().is_ok_and(|e| e == dir))
        {
            return Err(Error::Usage(msg!(
                "{}: không ghi kết quả vào thư mục số liệu {} (lần chạy sau sẽ đọc nó như số liệu); hãy chọn thư mục khác",
                "{}: results are not written into the evidence folder {} (the next run would read them as evidence); choose another folder",
                out.display(),
                folder.display()
            )));
        }
    }
    Ok(paths)
}

/// The format asked for with -f, else the one the -o extension names, else the table.
fn output_format(out: &OutputArgs) -> Result<Format> {
    match (out.format, &out.output) {
        (Some(f), _) => Ok(f),
        (None, None) => Ok(Format::Table),
        (None, Some(path)) => {
            let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
            if let Some(format) = ext.as_deref().and_then(Format::from_extension) {
                return Ok(format);
            }
            match ext.as_deref() {
                Some("xlsx" | "html" | "htm") => Err(Error::Usage(msg!(
                    "{} là báo cáo cho người đọc: dùng parindex report … -o {} (lệnh này ghi table, csv, json hoặc md)",
                    "{} is a report for people: use parindex report … -o {} (this command writes table, csv, json or md)",
                    path.display(),
                    path.display()
                ))),
                _ => Err(Error::Usage(msg!(
                    "không biết định dạng của {} theo phần mở rộng: thêm -f table|csv|json|md",
                    "the format of {} is not known from its extension: add -f table|csv|json|md",
                    path.display()
                ))),
            }
        }
    }
}

fn unknown_unit(id: &str, result: &ScoreResult) -> Error {
    let ids = result.units.iter().map(|u| u.unit.id.as_str());
    let near = match number::near_name(id, ids) {
        Some(near) => msg!(": có phải là {near}?", ": did you mean {near}?"),
        None => String::new(),
    };
    Error::Usage(msg!(
        "không có đơn vị {id} trong danh sách đơn vị hay số liệu{near}",
        "there is no unit {id} in the units file or the evidence{near}"
    ))
}

/// `appraisal` and `gaps`: score, keep one unit if asked, write the report.
fn appraisal_report(
    a: &AppraisalArgs,
    write: fn(Format, &Criteria, &ScoreResult, lang::Lang) -> String,
) -> Result<()> {
    let format = output_format(&a.output)?;
    let (criteria, ev, mut result) = load_and_score(&a.inputs, false, Keep::All)?;
    if let Some(id) = &a.unit {
        if !result.units.iter().any(|u| &u.unit.id == id) {
            return Err(unknown_unit(id, &result));
        }
        result.units.retain(|u| &u.unit.id == id);
        warn(&result, &criteria, Some(id));
    } else {
        warn(&result, &criteria, None);
    }
    emit(
        write(format, &criteria, &result, a.output.lang.lang),
        a.output.output.as_deref(),
        a.output.force,
        &inputs_of(&a.inputs, &ev, a.output.output.as_deref())?,
    )
}

/// `template`: one blank form per unit in the folder; nothing is written unless every form
/// can be.
fn template(a: &TemplateArgs) -> Result<()> {
    evidence::units_file_exists(&a.units)?;
    let criteria = Criteria::load(&a.criteria.criteria);
    let units = evidence::read_units(&a.units);
    let (criteria, units) = match (criteria, units) {
        (Ok(c), Ok(u)) => (c, u),
        (c, u) => {
            let mut problems = u.err().unwrap_or_default();
            match c {
                Err(Error::Invalid(p)) => problems.extend(p),
                Err(e) => return Err(e),
                Ok(_) => {}
            }
            return Err(Error::invalid(problems));
        }
    };
    let ext = if a.xlsx { "xlsx" } else { "csv" };
    let units_file = a.units.display().to_string();
    let paths = unit_paths(
        &units,
        &units_file,
        said("biểu mẫu", "form"),
        &a.output,
        ext,
    )?;
    refuse_existing(&paths, said("biểu mẫu", "form"), a.force)?;
    std::fs::create_dir_all(&a.output).map_err(|e| Error::io(a.output.display(), e))?;
    let form = if a.xlsx {
        report::xlsx::form(&criteria, a.lang)
            .map_err(|e| Error::io(a.output.display(), std::io::Error::other(e)))?
    } else {
        appraisal::form(&criteria, a.lang).into_bytes()
    };
    for path in &paths {
        write_atomic(path, |out| out.write_all(&form))?;
    }
    eprintln!(
        "{}",
        msg!(
            "đã ghi {} biểu mẫu vào {}",
            "wrote {} forms into {}",
            paths.len(),
            a.output.display()
        )
    );
    Ok(())
}

fn select_group(result: &mut ScoreResult, group: &str) -> Result<()> {
    if !result.groups.iter().any(|g| g == group) {
        return Err(Error::Usage(msg!(
            "không có đơn vị nào thuộc nhóm {group} (các nhóm: {})",
            "no unit is in the group {group} (the groups: {})",
            result.groups.join(", ")
        )));
    }
    result.units.retain(|u| u.unit.group == group);
    result.groups.retain(|g| g == group);
    Ok(())
}

/// The warnings about a criteria set (base maxima that do not add up to 100).
pub(crate) fn warn_set(criteria: &Criteria) {
    for w in &criteria.warnings {
        eprintln!("{}", w.warning());
    }
}

/// Whether every warning is printed (`--warnings all`), for the run.
static ALL_WARNINGS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Prints the warnings (with a `unit`, those about it and about no unit in particular):
/// every one, but of the leaves without data only the first [`error::SHOWN_PER_FILE`] and a
/// count, unless `--warnings all`.
pub(crate) fn warn(result: &ScoreResult, criteria: &Criteria, unit: Option<&str>) {
    let all = ALL_WARNINGS.load(std::sync::atomic::Ordering::Relaxed);
    // Standard error is not buffered: a run with many warnings would make a system call
    // for each piece of each line.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let mut missing = 0;
    // With a unit: its warnings, and those about no unit in particular.
    let mine = |w: &&score::Pending| unit.is_none() || w.unit().is_none_or(|u| Some(u) == unit);
    for w in result.warnings.iter().filter(mine) {
        let missing_leaf = w.is_missing_leaf();
        missing += usize::from(missing_leaf);
        if all || !missing_leaf || missing <= error::SHOWN_PER_FILE {
            let w = w.warning(criteria, &result.files);
            let _ = writeln!(err, "{}", w.problem.warning());
        }
    }
    if let Some(more) = missing
        .checked_sub(error::SHOWN_PER_FILE)
        .filter(|&n| n > 0 && !all)
    {
        let _ = writeln!(
            err,
            "{}",
            msg!(
                "cảnh báo: … và {} tiêu chí khác chưa có số liệu (thêm --warnings all để xem tất cả)",
                "warning: … and {} more criteria without data (add --warnings all to see them all)",
                error::thousands(more)
            )
        );
    }
    let _ = err.flush();
}

/// Writes the output to stdout, or atomically to a file that is not one of the inputs.
pub(crate) fn emit(
    bytes: impl AsRef<[u8]>,
    output: Option<&Path>,
    force: bool,
    inputs: &[PathBuf],
) -> Result<()> {
    emit_with(output, force, inputs, |out| out.write_all(bytes.as_ref()))
}

/// [`emit`], for output written piece by piece by `write`.
fn emit_with(
    output: Option<&Path>,
    force: bool,
    inputs: &[PathBuf],
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let Some(path) = output else {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        return match write(&mut out).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("stdout", e)),
            _ => Ok(()),
        };
    };
    if is_input(path, inputs) {
        return Err(Error::Usage(msg!(
            "{}: không ghi đè lên tệp đầu vào",
            "{}: an input file is never overwritten",
            path.display()
        )));
    }
    if path.exists() && !force {
        return Err(Error::Usage(msg!(
            "{}: tệp đã có; thêm --force để ghi đè",
            "{}: the file exists already; add --force to overwrite it",
            path.display()
        )));
    }
    write_atomic(path, write)
}

/// Writes through a temporary file in the same folder, then renames it over `path`: a
/// killed run leaves the previous file intact. The new file gets the usual permissions
/// (0666 less the umask), or those of the file it replaces. A device or a pipe (`/dev/null`,
/// a FIFO a script reads) is written into instead: renaming over it put a regular file in its
/// place (run as root, over `/dev/null` itself).
fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let written = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|file| {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
                write(&mut out)?;
                out.flush()
            });
        return written.map_err(|e| Error::io(path.display(), e));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.parindex-tmp", std::process::id()));
    let written = || -> std::io::Result<()> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)?;
        // Flushed, not synced to disk: the rename alone keeps a killed run from leaving half a
        // file, and syncing 60 MB of JSON took 0,06–0,09 s of a 0,3 s run for a result that
        // can be made again from its inputs (docs/design.md).
        out.into_inner().map_err(|e| e.into_error())?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    };
    written().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path.display(), e)
    })
}
