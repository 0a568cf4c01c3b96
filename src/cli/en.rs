//! The help in English (`--lang en`): the texts of the doc comments of `cli.rs`, which are
//! Vietnamese, keyed by command and argument. A test checks that every command and argument
//! has its English text here, and that every text here is used.

/// The English help of the commands: (command, short help, long help or ""). The command is
/// named by its path: "" for parindex itself, "score", "criteria import".
const COMMANDS: &[(&str, &str, &str)] = &[
    (
        "",
        "Scores PAR INDEX (Chỉ số CCHC) self-assessments: YAML criteria + CSV evidence → points, index, ranks",
        "Scores PAR INDEX (Chỉ số cải cách hành chính) self-assessments: reads a YAML criteria \
tree and each unit's CSV (or Excel) evidence, computes every sub-criterion, criterion, \
component and total with exact decimal arithmetic, ranks the units within their groups and \
writes the results as a table, CSV, JSON or Markdown.\n\nHelp and messages are in Vietnamese \
unless --lang en is given (or the environment variable PARINDEX_LANG=en is set).\n\nExit \
codes: 0 success, 1 invalid input, 2 wrong usage.",
    ),
    (
        "check",
        "Check the criteria file, the units and the evidence; silent when everything is clean",
        "",
    ),
    (
        "tree",
        "Show the criteria tree with maxima, owners and scoring rules",
        "",
    ),
    (
        "score",
        "Score every unit and rank them within their groups",
        "",
    ),
    (
        "explain",
        "Show, leaf by leaf, how one unit's score was computed; -o writes its result sheet",
        "",
    ),
    (
        "template",
        "Write a blank self-assessment form (CSV) for every unit",
        "",
    ),
    (
        "appraisal",
        "Compare self-scores with appraised points: per unit and every differing leaf",
        "",
    ),
    (
        "gaps",
        "List the leaves below their maximum, by responsible office, largest loss first",
        "",
    ),
    (
        "compare",
        "Compare two periods: index, rank and class moves, and the leaves behind them",
        "",
    ),
    (
        "trend",
        "One row per unit, one column per period: the index over time",
        "",
    ),
    (
        "completions",
        "Print a shell completion script (bash, zsh, fish, elvish, powershell)",
        "",
    ),
    (
        "man",
        "Print the manual page (roff): parindex man > parindex.1, parindex man score > parindex-score.1",
        "",
    ),
    (
        "report",
        "Write a report for people: Excel workbook, HTML with charts (A4), or Markdown; \
--per-unit adds a result sheet per unit",
        "",
    ),
    (
        "criteria",
        "Bring a criteria set in from the official table (annex), or write it back as one",
        "",
    ),
    (
        "criteria import",
        "Read the official criteria table (.xlsx or .csv) into a criteria set (YAML)",
        "",
    ),
    (
        "criteria export",
        "Write a criteria set as a table (.xlsx or .csv) in the shape of the official annex",
        "",
    ),
];

/// The English help of the arguments: (key, short help, long help or ""). The key is
/// "COMMAND:ID" for an argument of one command, ":ID" for one said the same in every command
/// that has it.
const ARGS: &[(&str, &str, &str)] = &[
    (
        ":errors",
        "List every problem in the inputs (default: the first 20 of each file, then a count)",
        "A broken or foreign file can hold millions of problems: by default the first 20 of \
each file are listed, then how many more it has, and the total by file. With `--errors all` \
every one is listed.",
    ),
    (
        ":warnings",
        "List every leaf without data (default: the first 20, then a count)",
        "A large batch can have a leaf without data in every unit: by default the first 20 \
warnings of that kind are printed, then how many more there are; the other warnings are all \
printed. With `--warnings all` every one is.",
    ),
    (
        ":lang",
        "Language: vi (Vietnamese) or en (English)",
        "The language of the help, of the error messages and warnings, and of the labels of the \
reports for people. vi (the default): Vietnamese, decimal commas (89,45); en: English, decimal \
points (89.45). Without --lang, the environment variable PARINDEX_LANG (vi or en) decides, when \
set. Text from the inputs (unit names, criteria titles, class labels, notes) is shown as \
written. What programs read does not change: the field names and `kind` values of JSON, and \
the column names of CSV output.",
    ),
    (
        ":criteria",
        "The criteria file (bộ tiêu chí, YAML)",
        "The YAML criteria tree: components, criteria and sub-criteria with their maxima, \
responsible offices and scoring rules (see criteria/langson-huyen-2023.yaml).",
    ),
    (
        ":units",
        "The units file (id,name,group)",
        "A CSV or .xlsx with columns id, name and group (more columns are ignored). Without it, \
a units.csv (or units.xlsx) inside an evidence folder is used; without either, the units are \
the ids met in the evidence, all in group \"all\".",
    ),
    (
        ":period",
        "Period label, e.g. 2023-9T or 2024-Q3",
        "A free label for the period being scored (6 months, 9 months, a quarter, the year), \
shown in the headings and written into JSON results so that periods can be compared.",
    ),
    (
        ":evidence",
        "Evidence CSV files or folders",
        "One CSV per unit (file name = unit id) or one long CSV with a `unit` column; Excel \
workbooks (.xlsx, first sheet, same columns) too. A folder means every .csv and .xlsx directly \
inside it, except units.csv / units.xlsx (read as the units file).",
    ),
    (
        ":format",
        "Output format: table, csv, json or md",
        "table: for the terminal (decimal commas); csv: one flat table for scripts and Excel \
(decimal dots); json: the full result for other programs; md: Markdown tables to paste into a \
report. Default: from the -o extension, else table.",
    ),
    (
        ":output",
        "Write to FILE instead of standard output",
        "The format is taken from the extension (.json, .csv, .md, .txt) when -f is absent. \
The file is written atomically (a temporary file, then a rename) and an input file is never \
overwritten.",
    ),
    (
        ":force",
        "Replace the -o file if it already exists",
        "Without it, an existing file is never replaced (it may be last quarter's result, or a \
file someone else made). An input file is never replaced, even with --force.",
    ),
    (
        ":unit",
        "Only this unit (its id); all units without it",
        "The other units are still scored, so ranks stay as in `score`.",
    ),
    (
        "check:strict",
        "Treat missing leaves as errors",
        "A leaf with no row or an empty value normally scores 0 with a warning; with --strict \
it is an error and the exit code is 1.",
    ),
    (
        "check:format",
        "Output: text, or json for scripts",
        "text: problems on stderr, and on a terminal a one-line summary (\"11 units, 0 errors, \
4 warnings\"); nothing at all in a pipe when everything is clean. json: every problem, errors \
and warnings, on stdout as one document {\"units\", \"errors\", \"warnings\", \"problems\": \
[{\"file\", \"line\", \"unit\", \"criterion\", \"kind\", \"message\"}]}, none left out; the \
exit code is 1 when there are errors, as with text.",
    ),
    (
        "check:evidence",
        "Evidence CSV files or folders (optional for check)",
        "One CSV per unit (file name = unit id) or one long CSV with a `unit` column; Excel \
workbooks (.xlsx) too. A folder means every .csv and .xlsx directly inside it, except \
units.csv / units.xlsx.",
    ),
    (
        "score:group",
        "Show only this group's units",
        "Ranks are still computed within each group; this only filters what is written. A \
group that no unit has is a usage error.",
    ),
    (
        "score:strict",
        "Treat missing leaves as errors",
        "A leaf with no row or an empty value normally scores 0 with a warning; with --strict \
it is an error, nothing is written and the exit code is 1.",
    ),
    (
        "explain:unit",
        "The unit to explain (its id)",
        "Every leaf of this unit is shown with its raw value, the rule in words, the points, \
the status, the self-score, the evidence and the note, with the subtotals.",
    ),
    (
        "explain:output",
        "Write the unit's result sheet to FILE (.xlsx, .html or .md)",
        "The result sheet (phiếu kết quả chấm điểm) to print on A4 or send to the unit: its \
points, index, rank and class, the points per component, then every leaf with its value, \
rule, working, points, self-score, appraised points, evidence and note. The format is taken \
from the extension: .xlsx (one sheet, numbers as numbers), .html (a self-contained page) or \
.md. The file is written atomically and an input file is never overwritten. Without -o, the \
explanation is printed to the terminal.",
    ),
    (
        "explain:force",
        "Replace the -o file if it already exists",
        "Without it, an existing file is never replaced. An input file is never replaced, even \
with --force.",
    ),
    (
        "template:units",
        "The units file (id,name,group): one form per unit",
        "Each unit gets DIR/ID.csv. Ids that are not safe file names (../x, a/b, CON, …) are \
refused and nothing is written.",
    ),
    (
        "template:output",
        "The folder to write the forms into (created if needed)",
        "The forms are CSV for a Vietnamese Excel: UTF-8 with BOM, semicolons, decimal commas. \
Returned filled, the folder is the evidence for score, appraisal and gaps.",
    ),
    (
        "template:force",
        "Overwrite forms that already exist",
        "Without it, an existing form (perhaps already filled in) is never replaced and \
nothing is written.",
    ),
    (
        "template:xlsx",
        "Write the forms as Excel workbooks (.xlsx) instead of CSV",
        "Each form is one sheet: the title, maximum, rule and office of every leaf are locked; \
the columns a unit fills in (value, kept as text, self_score, evidence, note) are unlocked; \
appraised stays locked for the office (Review → Unprotect Sheet, no password). Returned \
filled, the folder of workbooks is the evidence as it is.",
    ),
    (
        "template:lang",
        "Language of the forms' descriptive columns, and of the messages: vi or en",
        "vi (the default): the columns describing each criterion are named noi_dung, \
diem_toi_da, cach_tinh_diem, co_quan_phu_trach, the rules are in Vietnamese and the maxima \
have decimal commas; en: title, max, rule, owner, rules in English, decimal points, and an \
English sheet name in the workbook. The columns a unit fills in keep their names (criterion, \
value, self_score, appraised, evidence, note), and the forms read back the same either way. \
The help and the messages follow this language too.",
    ),
    (
        "compare:before",
        "The earlier result (written by `score -f json -o FILE`)",
        "A JSON result of `parindex score`, carrying the criteria set, the period label from \
--period and every leaf.",
    ),
    (
        "compare:after",
        "The later result (written by `score -f json -o FILE`)",
        "",
    ),
    (
        "compare:map",
        "Map merged or renamed units: a CSV of before_id,after_id",
        "Many-to-one is allowed (communes merged in 2025): each old unit is shown beside the \
new one, never averaged. Units in one period only are listed as new or gone.",
    ),
    (
        "trend:results",
        "Result files written by `score -f json -o FILE`, any order",
        "They are put in the order of their period labels (2023-6T, 2023-9T, 2023, 2024-Q1…; \
numbers inside labels compare as numbers).",
    ),
    (
        "report:output",
        "The report file: FILE.xlsx, FILE.html or FILE.md",
        "The format is taken from the extension. .xlsx: an Excel workbook (ranking, points and \
index per component, every leaf, gaps by office, self-score against appraisal) with numbers \
stored as numbers; .html: one self-contained page with the ranking tables and charts, to open \
in a browser or print on A4; .md: the ranking as Markdown tables. The file is written \
atomically and an input file is never overwritten. Needed unless --per-unit is given.",
    ),
    (
        "report:per_unit",
        "Also write each unit's result sheet into DIR, one file per unit",
        "DIR/ID.xlsx (or .html, .md) for each unit, named by its id: the result sheet (phiếu \
kết quả chấm điểm) that `explain -o` writes, to print or send to the unit. DIR is created if \
needed; unit ids that are not safe file names are refused, and nothing is written if a sheet \
already exists, unless --force.",
    ),
    (
        "report:format",
        "Format of the --per-unit sheets: xlsx, html or md",
        "Default: the format of the -o file, else xlsx.",
    ),
    (
        "report:force",
        "Replace the -o file or the --per-unit sheets if they already exist",
        "Without it, an existing file is never replaced. An input file is never replaced, even \
with --force.",
    ),
    (
        "report:compare",
        "An earlier result to show the change per unit (HTML only)",
        "A JSON result written by `score -f json -o FILE` for an earlier period: the HTML \
report adds a chart of each unit's change in index, units matched by id.",
    ),
    (
        "criteria import:table",
        "The criteria table: the annex of the decision, as .xlsx or .csv",
        "Title rows above the header are skipped. The header is found by its names (with or \
without diacritics, any case): STT/TT/Mã, Nội dung/Tiêu chí, Điểm tối đa/Điểm chuẩn, and \
optionally Phương pháp chấm, Tài liệu kiểm chứng, Cơ quan phụ trách. Rows numbered 1, 1.1, \
1.1.1 (I, II for components) make the tree; rows under a leaf starting with -, + or • and \
carrying points are its options, which decide its rule.",
    ),
    (
        "criteria import:output",
        "The criteria file to write (.yaml)",
        "Written only when the table has no problem, atomically; each node carries a comment \
with its table row. An existing file is replaced only with --force.",
    ),
    (
        "criteria import:sheet",
        "The sheet holding the table (a workbook's first sheet without it)",
        "The name on the sheet's tab, compared as written or ignoring case and diacritics.",
    ),
    (
        "criteria import:id",
        "The set's id, copied into every result (default: the output file's name)",
        "A stable id such as xa-2025: results of different periods scored with the same set \
carry it, so that they can be compared.",
    ),
    (
        "criteria import:title",
        "The set's title (default: the table's title row)",
        "The first row above the header that names the index or the criteria (\"Bộ chỉ số…\"), \
else the first row, is the title when this is not given.",
    ),
    (
        "criteria import:force",
        "Replace the -o file if it already exists",
        "Without it, an existing criteria file (perhaps edited by hand since) is never \
replaced.",
    ),
    (
        "criteria export:output",
        "The table to write: TABLE.xlsx or TABLE.csv",
        "The format is taken from the extension: .xlsx, a workbook with numbers as numbers; \
.csv, for a Vietnamese Excel (UTF-8 with BOM, semicolons, decimal commas). Written atomically; \
an input file is never overwritten.",
    ),
    (
        "criteria export:force",
        "Replace the -o file if it already exists",
        "Without it, an existing file is never replaced.",
    ),
    (
        "completions:shell",
        "The shell: bash, zsh, fish, elvish or powershell",
        "For bash: `parindex completions bash > \
~/.local/share/bash-completion/completions/parindex`.",
    ),
    (
        "man:command",
        "A command's own page (its options), e.g. score; the main page without it",
        "The main page lists the commands; each command's page lists its options.",
    ),
];

/// The English descriptions of the values that have one in Vietnamese.
const VALUES: &[(&str, &str)] = &[
    ("first", "The first 20, then a count"),
    ("all", "Every one"),
    ("vi", "Vietnamese: decimal commas (89,45)"),
    ("en", "English: decimal points (89.45)"),
    ("xlsx", "An Excel workbook (.xlsx)"),
    (
        "html",
        "A self-contained HTML page (.html), to open in a browser or print",
    ),
    ("md", "Markdown (.md), to paste into a document"),
];

/// A command's English help and long help ("" when it has none).
pub(super) fn text(path: &str) -> Option<(&'static str, &'static str)> {
    (COMMANDS.iter())
        .find(|(p, ..)| *p == path)
        .map(|&(_, help, long)| (help, long))
}

/// The key of an argument's English help: of this command, else the one of every command.
fn arg_key(path: &str, id: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    let own = format!("{path}:{id}");
    let shared = format!(":{id}");
    (ARGS.iter().find(|(k, ..)| *k == own)).or_else(|| ARGS.iter().find(|(k, ..)| *k == shared))
}

/// An argument's English help and long help ("" when it has none).
pub(super) fn arg(path: &str, id: &str) -> Option<(&'static str, &'static str)> {
    arg_key(path, id).map(|&(_, help, long)| (help, long))
}

/// A value's English description.
pub(super) fn value(name: &str) -> Option<&'static str> {
    VALUES.iter().find(|(n, _)| *n == name).map(|&(_, en)| en)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use clap::CommandFactory;

    use super::*;

    /// Every command but clap's `help`, with its path.
    fn commands(c: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
        out.push((path.to_string(), c.clone()));
        for sub in c.get_subcommands().filter(|s| s.get_name() != "help") {
            let p = match path {
                "" => sub.get_name().to_string(),
                _ => format!("{path} {}", sub.get_name()),
            };
            commands(sub, &p, out);
        }
    }

    fn all() -> Vec<(String, clap::Command)> {
        let mut c = crate::cli::Cli::command();
        c.build();
        let mut out = Vec::new();
        commands(&c, "", &mut out);
        out
    }

    /// Every command, argument and described value has its English, with a long help when the
    /// Vietnamese has one (and only then); and every English text is used.
    #[test]
    fn every_help_text_has_its_english_and_every_english_is_used() {
        let mut used = BTreeSet::new();
        let mut values = BTreeSet::new();
        // The Vietnamese said under each shared key, which must be the same everywhere.
        let mut shared: BTreeMap<&str, (String, String)> = BTreeMap::new();
        for (path, c) in all() {
            let (help, long) = text(&path).unwrap_or_else(|| panic!("no English for {path:?}"));
            assert!(!help.is_empty(), "{path:?}");
            assert_eq!(
                c.get_long_about().is_some(),
                !long.is_empty(),
                "long help of {path:?}"
            );
            used.insert(path.clone());
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                let (key, help, long) =
                    arg_key(&path, id).unwrap_or_else(|| panic!("no English for {path}:{id}"));
                assert!(!help.is_empty(), "{key}");
                assert!(a.get_help().is_some(), "no Vietnamese for {path}:{id}");
                assert_eq!(a.get_long_help().is_some(), !long.is_empty(), "{path}:{id}");
                used.insert(key.to_string());
                let vi = (
                    a.get_help().map(ToString::to_string).unwrap_or_default(),
                    a.get_long_help()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                );
                if key.starts_with(':') {
                    let first = shared.entry(key).or_insert_with(|| vi.clone());
                    assert_eq!(
                        *first, vi,
                        "{path}:{id} is said apart from the others of {key}: give it its own English"
                    );
                }
                for v in a
                    .get_possible_values()
                    .iter()
                    .filter(|v| v.get_help().is_some())
                {
                    let name = v.get_name();
                    assert!(value(name).is_some(), "no English for the value {name}");
                    values.insert(name.to_string());
                }
            }
        }
        let unused: Vec<&str> = (COMMANDS.iter().map(|c| c.0).chain(ARGS.iter().map(|a| a.0)))
            .filter(|k| !used.contains(*k))
            .collect();
        assert!(unused.is_empty(), "English never used: {unused:?}");
        let unused: Vec<&str> = (VALUES.iter().map(|v| v.0))
            .filter(|v| !values.contains(*v))
            .collect();
        assert!(unused.is_empty(), "English values never used: {unused:?}");
    }
}
