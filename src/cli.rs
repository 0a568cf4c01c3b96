//! The command line (SPEC §5).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::lang::Lang;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "parindex",
    version,
    about = "Chấm điểm Chỉ số CCHC (PAR INDEX): bộ tiêu chí YAML + tài liệu kiểm chứng CSV → điểm, chỉ số, xếp hạng",
    long_about = "Chấm điểm Chỉ số CCHC (PAR INDEX): bộ tiêu chí YAML + tài liệu kiểm chứng CSV → điểm, \
chỉ số, xếp hạng.\n\nScores PAR INDEX (Chỉ số cải cách hành chính) self-assessments: reads a YAML \
criteria tree and each unit's CSV evidence, computes every sub-criterion, criterion, component \
and total with exact decimal arithmetic, ranks the units within their groups and writes the \
results as a table, CSV, JSON or Markdown.\n\nExit codes: 0 success, 1 invalid input, 2 wrong usage."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// List every problem in the inputs (default: the first 20 of each file, then a count)
    ///
    /// A broken or foreign file can hold millions of problems: by default the first 20 of
    /// each file are listed, then how many more it has, and the total by file. With
    /// `--errors all` every one is listed.
    #[arg(long, global = true, value_enum, default_value_t = Errors::First)]
    pub errors: Errors,
    /// List every leaf without data (default: the first 20, then a count)
    ///
    /// A large batch can have a leaf without data in every unit: by default the first 20
    /// warnings of that kind are printed, then how many more there are; the other warnings
    /// are all printed. With `--warnings all` every one is.
    #[arg(long, global = true, value_enum, default_value_t = Errors::First)]
    pub warnings: Errors,
}

/// Reads the command line. A mistake in it is said in Vietnamese, with the name meant when
/// one is near, as a usage error (exit 2); `--help` and `--version` print as clap prints them.
pub fn parse() -> Result<Cli, crate::error::Error> {
    use clap::error::ErrorKind as K;
    Cli::try_parse().map_err(|e| match e.kind() {
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            e.exit()
        }
        _ => crate::error::Error::Usage(usage_vi(&e)),
    })
}

/// A command-line mistake in Vietnamese: what is wrong, the name meant, how to use it.
fn usage_vi(e: &clap::Error) -> String {
    use clap::error::{ContextKind as C, ContextValue, ErrorKind as K};
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let meant = |kind| {
        let near = get(kind);
        if near.is_empty() {
            String::new()
        } else {
            format!("; có phải là {}?", near.replace(", ", " hoặc "))
        }
    };
    let (arg, value) = (get(C::InvalidArg), get(C::InvalidValue));
    let what = match e.kind() {
        K::InvalidSubcommand => format!(
            "không có lệnh {}{}",
            get(C::InvalidSubcommand),
            meant(C::SuggestedSubcommand)
        ),
        K::UnknownArgument => format!("không có tùy chọn {arg}{}", meant(C::SuggestedArg)),
        K::InvalidValue if value.is_empty() => format!("{arg} cần một giá trị"),
        K::InvalidValue => format!(
            "giá trị \"{value}\" không dùng được cho {arg} (các giá trị: {}){}",
            get(C::ValidValue),
            meant(C::SuggestedValue)
        ),
        K::MissingRequiredArgument => format!("thiếu {arg}"),
        K::MissingSubcommand => "thiếu lệnh".to_string(),
        K::ArgumentConflict => format!("{arg} không dùng cùng {}", get(C::PriorArg)),
        K::ValueValidation => format!("giá trị \"{value}\" không dùng được cho {arg}"),
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => {
            format!("{arg}: số giá trị không đúng")
        }
        K::InvalidUtf8 => "dòng lệnh có ký tự không phải UTF-8".to_string(),
        // The other kinds do not arise from this command line; clap's words then.
        _ => e
            .to_string()
            .trim_start_matches("error: ")
            .trim()
            .to_string(),
    };
    let usage = get(C::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if usage.is_empty() {
        format!("{what}\n(xem parindex --help)")
    } else {
        format!("{what}\ncách dùng: {usage}\n(xem thêm: thêm --help sau tên lệnh)")
    }
}

/// How many problems (of each file) or warnings to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Errors {
    /// The first 20, then a count.
    First,
    /// Every one.
    All,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the criteria file, the units and the evidence; silent when everything is clean
    Check(CheckArgs),
    /// Show the criteria tree with maxima, owners and scoring rules
    Tree(TreeArgs),
    /// Score every unit and rank them within their groups
    Score(ScoreArgs),
    /// Show, leaf by leaf, how one unit's score was computed; -o writes its result sheet
    Explain(ExplainArgs),
    /// Write a blank self-assessment form (CSV) for every unit
    Template(TemplateArgs),
    /// Compare self-scores with appraised points: per unit and every differing leaf
    Appraisal(AppraisalArgs),
    /// List the leaves below their maximum, by responsible office, largest loss first
    Gaps(AppraisalArgs),
    /// Compare two periods: index, rank and class moves, and the leaves behind them
    Compare(CompareArgs),
    /// One row per unit, one column per period: the index over time
    Trend(TrendArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the manual page (roff): parindex man > parindex.1, parindex man score > parindex-score.1
    Man(ManArgs),
    /// Write a report for people: Excel workbook, HTML with charts (A4), or Markdown;
    /// --per-unit adds a result sheet per unit
    Report(ReportArgs),
    /// Bring a criteria set in from the official table (annex), or write it back as one
    #[command(subcommand)]
    Criteria(CriteriaCommand),
}

/// `criteria import` and `criteria export` (SPEC §6).
#[derive(Debug, Subcommand)]
pub enum CriteriaCommand {
    /// Read the official criteria table (.xlsx or .csv) into a criteria set (YAML)
    Import(ImportArgs),
    /// Write a criteria set as a table (.xlsx or .csv) in the shape of the official annex
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The criteria table: the annex of the decision, as .xlsx or .csv
    ///
    /// Title rows above the header are skipped. The header is found by its names (with or
    /// without diacritics, any case): STT/TT/Mã, Nội dung/Tiêu chí, Điểm tối đa/Điểm chuẩn,
    /// and optionally Phương pháp chấm, Tài liệu kiểm chứng, Cơ quan phụ trách. Rows numbered
    /// 1, 1.1, 1.1.1 (I, II for components) make the tree; rows under a leaf starting with
    /// -, + or • and carrying points are its options, which decide its rule.
    #[arg(value_name = "TABLE")]
    pub table: PathBuf,
    /// The criteria file to write (.yaml)
    ///
    /// Written only when the table has no problem, atomically; each node carries a comment
    /// with its table row. An existing file is replaced only with --force.
    #[arg(short = 'o', long, value_name = "SET.yaml")]
    pub output: PathBuf,
    /// The sheet holding the table (a workbook's first sheet without it)
    ///
    /// The name on the sheet's tab, compared as written or ignoring case and diacritics.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The set's id, copied into every result (default: the output file's name)
    ///
    /// A stable id such as xa-2025: results of different periods scored with the same set
    /// carry it, so that they can be compared.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The set's title (default: the table's title row)
    ///
    /// The first row above the header that names the index or the criteria ("Bộ chỉ số…"),
    /// else the first row, is the title when this is not given.
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// Replace the -o file if it already exists
    ///
    /// Without it, an existing criteria file (perhaps edited by hand since) is never replaced.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    /// The table to write: TABLE.xlsx or TABLE.csv
    ///
    /// The format is taken from the extension: .xlsx, a workbook with numbers as numbers;
    /// .csv, for a Vietnamese Excel (UTF-8 with BOM, semicolons, decimal commas). Written
    /// atomically; an input file is never overwritten.
    #[arg(short = 'o', long, value_name = "TABLE")]
    pub output: PathBuf,
    /// Replace the -o file if it already exists
    ///
    /// Without it, an existing file is never replaced.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CriteriaArg {
    /// The criteria file (bộ tiêu chí, YAML)
    ///
    /// The YAML criteria tree: components, criteria and sub-criteria with their maxima,
    /// responsible offices and scoring rules (see criteria/langson-huyen-2023.yaml).
    #[arg(short = 'c', long, value_name = "CRITERIA.yaml")]
    pub criteria: PathBuf,
}

#[derive(Debug, Args)]
pub struct UnitsArg {
    /// The units file (id,name,group)
    ///
    /// A CSV or .xlsx with columns id, name and group (more columns are ignored). Without it,
    /// a units.csv (or units.xlsx) inside an evidence folder is used; without either, the units are the ids
    /// met in the evidence, all in group "all".
    #[arg(short = 'u', long, value_name = "UNITS.csv")]
    pub units: Option<PathBuf>,
}

/// What `check` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    #[command(flatten)]
    pub units: UnitsArg,
    /// Treat missing leaves as errors
    ///
    /// A leaf with no row or an empty value normally scores 0 with a warning; with --strict
    /// it is an error and the exit code is 1.
    #[arg(long)]
    pub strict: bool,
    /// Output: text, or json for scripts
    ///
    /// text: problems on stderr, and on a terminal a one-line summary ("11 đơn vị, 0 lỗi,
    /// 4 cảnh báo"); nothing at all in a pipe when everything is clean. json: every problem,
    /// errors and warnings, on stdout as one document {"units", "errors", "warnings",
    /// "problems": [{"file", "line", "unit", "criterion", "kind", "message"}]}, none left
    /// out; the exit code is 1 when there are errors, as with text.
    #[arg(short = 'f', long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Evidence CSV files or folders (optional for check)
    ///
    /// One CSV per unit (file name = unit id) or one long CSV with a `unit` column; Excel
    /// workbooks (.xlsx) too. A folder means every .csv and .xlsx directly inside it, except
    /// units.csv / units.xlsx.
    #[arg(value_name = "EVIDENCE")]
    pub evidence: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TreeArgs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    #[command(flatten)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct LangArg {
    /// Language of the labels for people: vi or en
    ///
    /// vi (the default): Vietnamese headers, titles, status labels and sentences, with decimal
    /// commas (89,45); en: the same in English, with decimal points (89.45). Text from the
    /// inputs (unit names, criteria titles, class labels, notes) is shown as written. What
    /// programs read does not change: JSON, the column names of CSV output, and the messages
    /// on standard error (in Vietnamese).
    #[arg(long, value_enum, value_name = "LANG", default_value_t = Lang::Vi)]
    pub lang: Lang,
}

/// The inputs of every command that scores: criteria, units, evidence, period.
#[derive(Debug, Args)]
pub struct Inputs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    #[command(flatten)]
    pub units: UnitsArg,
    /// Period label, e.g. 2023-9T or 2024-Q3
    ///
    /// A free label for the period being scored (6 months, 9 months, a quarter, the year),
    /// shown in the headings and written into JSON results so that periods can be compared.
    #[arg(long, value_name = "LABEL")]
    pub period: Option<String>,
    /// Evidence CSV files or folders
    ///
    /// One CSV per unit (file name = unit id) or one long CSV with a `unit` column; Excel
    /// workbooks (.xlsx, first sheet, same columns) too. A folder means every .csv and .xlsx
    /// directly inside it, except units.csv / units.xlsx (read as the units file).
    #[arg(value_name = "EVIDENCE", required = true)]
    pub evidence: Vec<PathBuf>,
}

/// Where and how a report is written.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: table, csv, json or md
    ///
    /// table: for the terminal (decimal commas); csv: one flat table for scripts and Excel
    /// (decimal dots); json: the full result for other programs; md: Markdown tables to paste
    /// into a report. Default: from the -o extension, else table.
    #[arg(short = 'f', long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Write to FILE instead of standard output
    ///
    /// The format is taken from the extension (.json, .csv, .md, .txt) when -f is absent.
    /// The file is written atomically (a temporary file, then a rename) and an input file is
    /// never overwritten.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it already exists
    ///
    /// Without it, an existing file is never replaced (it may be last quarter's result, or
    /// a file someone else made). An input file is never replaced, even with --force.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Show only this group's units
    ///
    /// Ranks are still computed within each group; this only filters what is written.
    /// A group that no unit has is a usage error.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Treat missing leaves as errors
    ///
    /// A leaf with no row or an empty value normally scores 0 with a warning; with --strict
    /// it is an error, nothing is written and the exit code is 1.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The unit to explain (its id)
    ///
    /// Every leaf of this unit is shown with its raw value, the rule in words, the points,
    /// the status, the self-score, the evidence and the note, with the subtotals.
    #[arg(long, value_name = "ID")]
    pub unit: String,
    /// Write the unit's result sheet to FILE (.xlsx, .html or .md)
    ///
    /// The result sheet (phiếu kết quả chấm điểm) to print on A4 or send to the unit: its
    /// points, index, rank and class, the points per component, then every leaf with its
    /// value, rule, working, points, self-score, appraised points, evidence and note. The
    /// format is taken from the extension: .xlsx (one sheet, numbers as numbers), .html (a
    /// self-contained page) or .md. The file is written atomically and an input file is
    /// never overwritten. Without -o, the explanation is printed to the terminal.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it already exists
    ///
    /// Without it, an existing file is never replaced. An input file is never replaced,
    /// even with --force.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    /// The units file (id,name,group): one form per unit
    ///
    /// Each unit gets DIR/ID.csv. Ids that are not safe file names (../x, a/b, CON, …) are
    /// refused and nothing is written.
    #[arg(short = 'u', long, value_name = "UNITS.csv")]
    pub units: PathBuf,
    /// The folder to write the forms into (created if needed)
    ///
    /// The forms are CSV for a Vietnamese Excel: UTF-8 with BOM, semicolons, decimal commas.
    /// Returned filled, the folder is the evidence for score, appraisal and gaps.
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: PathBuf,
    /// Overwrite forms that already exist
    ///
    /// Without it, an existing form (perhaps already filled in) is never replaced and
    /// nothing is written.
    #[arg(long)]
    pub force: bool,
    /// Write the forms as Excel workbooks (.xlsx) instead of CSV
    ///
    /// Each form is one sheet: the title, maximum, rule and office of every leaf are locked;
    /// the columns a unit fills in (value, kept as text, self_score, evidence, note) are
    /// unlocked; appraised stays locked for the office (Review → Unprotect Sheet, no
    /// password). Returned filled, the folder of workbooks is the evidence as it is.
    #[arg(long)]
    pub xlsx: bool,
    /// Language of the forms' descriptive columns: vi or en
    ///
    /// vi (the default): the columns describing each criterion are named noi_dung,
    /// diem_toi_da, cach_tinh_diem, co_quan_phu_trach, the rules are in Vietnamese and the
    /// maxima have decimal commas; en: title, max, rule, owner, rules in English, decimal
    /// points, and an English sheet name in the workbook. The columns a unit fills in keep
    /// their names (criterion, value, self_score, appraised, evidence, note), and the forms
    /// read back the same either way.
    #[arg(long, value_enum, value_name = "LANG", default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct AppraisalArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Only this unit (its id); all units without it
    ///
    /// The other units are still scored, so ranks stay as in `score`.
    #[arg(long, value_name = "ID")]
    pub unit: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier result (written by `score -f json -o FILE`)
    ///
    /// A JSON result of `parindex score`, carrying the criteria set, the period label from
    /// --period and every leaf.
    #[arg(value_name = "BEFORE.json")]
    pub before: PathBuf,
    /// The later result (written by `score -f json -o FILE`)
    #[arg(value_name = "AFTER.json")]
    pub after: PathBuf,
    /// Map merged or renamed units: a CSV of before_id,after_id
    ///
    /// Many-to-one is allowed (communes merged in 2025): each old unit is shown beside the
    /// new one, never averaged. Units in one period only are listed as new or gone.
    #[arg(long, value_name = "MAP.csv")]
    pub map: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Result files written by `score -f json -o FILE`, any order
    ///
    /// They are put in the order of their period labels (2023-6T, 2023-9T, 2023, 2024-Q1…;
    /// numbers inside labels compare as numbers).
    #[arg(value_name = "RESULT.json", required = true)]
    pub results: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The report file: FILE.xlsx, FILE.html or FILE.md
    ///
    /// The format is taken from the extension. .xlsx: an Excel workbook (ranking, points and
    /// index per component, every leaf, gaps by office, self-score against appraisal) with
    /// numbers stored as numbers; .html: one self-contained page with the ranking tables and
    /// charts, to open in a browser or print on A4; .md: the ranking as Markdown tables. The
    /// file is written atomically and an input file is never overwritten. Needed unless
    /// --per-unit is given.
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        required_unless_present = "per_unit"
    )]
    pub output: Option<PathBuf>,
    /// Also write each unit's result sheet into DIR, one file per unit
    ///
    /// DIR/ID.xlsx (or .html, .md) for each unit, named by its id: the result sheet
    /// (phiếu kết quả chấm điểm) that `explain -o` writes, to print or send to the unit. DIR
    /// is created if needed; unit ids that are not safe file names are refused, and nothing
    /// is written if a sheet already exists, unless --force.
    #[arg(long, value_name = "DIR")]
    pub per_unit: Option<PathBuf>,
    /// Format of the --per-unit sheets: xlsx, html or md
    ///
    /// Default: the format of the -o file, else xlsx.
    #[arg(long, value_enum, value_name = "FORMAT", requires = "per_unit")]
    pub format: Option<crate::report::Paper>,
    /// Replace the -o file or the --per-unit sheets if they already exist
    ///
    /// Without it, an existing file is never replaced. An input file is never replaced,
    /// even with --force.
    #[arg(long)]
    pub force: bool,
    /// An earlier result to show the change per unit (HTML only)
    ///
    /// A JSON result written by `score -f json -o FILE` for an earlier period: the HTML
    /// report adds a chart of each unit's change in index, units matched by id.
    #[arg(long, value_name = "BEFORE.json")]
    pub compare: Option<PathBuf>,
    #[command(flatten)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell
    ///
    /// For bash: `parindex completions bash > ~/.local/share/bash-completion/completions/parindex`.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command's own page (its options), e.g. score; the main page without it
    ///
    /// The main page lists the commands; each command's page lists its options.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}
