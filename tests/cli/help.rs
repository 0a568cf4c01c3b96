//! The help and the messages for people (issue 20): Vietnamese by default, English with
//! `--lang en` (anywhere on the line) or `PARINDEX_LANG=en`; the exit codes do not change.

use crate::util::Workdir;
use crate::{BAC_SON, SET};

/// Every `present` string is in `out`, no `absent` one is.
fn assert_words(out: &str, present: &[&str], absent: &[&str]) {
    for p in present {
        assert!(out.contains(p), "{p:?} missing from:\n{out}");
    }
    for a in absent {
        assert!(!out.contains(a), "{a:?} still in:\n{out}");
    }
}

/// The small set with Bắc Sơn, whose 7.7 has no row (a warning).
fn small() -> Workdir {
    let w = Workdir::new();
    w.write("set.yaml", SET);
    w.write("ev/bac-son.csv", BAC_SON.replace("7.7,3,0.75,,,\n", ""));
    w.write(
        "ev/units.csv",
        "id,name,group\nbac-son,UBND huyện Bắc Sơn,huyen\n",
    );
    w
}

/// clap's own words, which must not show in the Vietnamese help.
const CLAP_WORDS: [&str; 9] = [
    "Usage:",
    "Commands:",
    "Options:",
    "Arguments:",
    "Print help",
    "Print version",
    "[default:",
    "possible values",
    "Possible values",
];

#[test]
fn help_is_vietnamese_by_default() {
    let w = Workdir::new();
    let out = w.ok(&["--help"]);
    assert_words(
        &out,
        &[
            "Cách dùng: parindex [TÙY_CHỌN] <LỆNH>\n",
            "\nLệnh:\n",
            "\nTùy chọn:\n",
            "  score        Chấm điểm mọi đơn vị và xếp hạng trong từng nhóm\n",
            "  help         In trợ giúp của parindex hoặc của lệnh đã cho\n",
            "Mã thoát: 0 thành công, 1 dữ liệu đầu vào có lỗi, 2 dùng lệnh sai.",
            "In trợ giúp (xem tóm tắt với '-h')",
            "In số phiên bản",
            "Các giá trị:\n",
            "- first: 20 mục đầu tiên, rồi số còn lại",
            "[mặc định: first]",
        ],
        &CLAP_WORDS,
    );
    let out = w.ok(&["score", "-h"]);
    assert_words(
        &out,
        &[
            "Cách dùng: parindex score [TÙY_CHỌN] --criteria <CRITERIA.yaml> <EVIDENCE>...",
            "\nĐối số:\n",
            "  -c, --criteria <CRITERIA.yaml>  Tệp bộ tiêu chí (YAML)\n",
            "Nhãn kỳ đánh giá, ví dụ 2023-9T hoặc 2024-Q3",
            "Định dạng ra: table, csv, json hoặc md [giá trị: table, csv",
            "In trợ giúp (xem đầy đủ với '--help')",
        ],
        &CLAP_WORDS,
    );
    // `help COMMAND` and a command's long help too.
    let out = w.ok(&["help", "criteria", "import"]);
    assert_words(
        &out,
        &["Đọc bảng tiêu chí chính thức", "Bảng tiêu chí: phụ lục"],
        &CLAP_WORDS,
    );
}

#[test]
fn help_is_english_with_lang_en_before_or_after_the_command() {
    let w = Workdir::new();
    let out = w.ok(&["--lang", "en", "--help"]);
    assert_words(
        &out,
        &[
            "Usage: parindex [OPTIONS] <COMMAND>\n",
            "\nCommands:\n",
            "\nOptions:\n",
            "  score        Score every unit and rank them within their groups\n",
            "Exit codes: 0 success, 1 invalid input, 2 wrong usage.",
            "Print help (see a summary with '-h')",
            "Print version",
            "Possible values:\n",
            "- first: The first 20, then a count",
            "[default: first]",
        ],
        &[
            "Cách dùng",
            "Lệnh:",
            "Tùy chọn",
            "Chấm điểm mọi",
            "mặc định",
            "In trợ giúp",
        ],
    );
    let out = w.ok(&["score", "--help", "--lang", "en"]);
    assert_words(
        &out,
        &[
            "Usage: parindex score [OPTIONS] --criteria <CRITERIA.yaml> <EVIDENCE>...",
            "\nArguments:\n",
            "The criteria file (bộ tiêu chí, YAML)",
            "A free label for the period being scored",
            "[possible values: table, csv, json, md]",
        ],
        &["Tệp bộ tiêu chí", "Đối số", "Nhãn kỳ", "giá trị:"],
    );
    assert_eq!(w.ok(&["--lang=en", "score", "--help"]), out);
    // The environment gives the default; --lang wins over it.
    let r = w.run_env(&[("PARINDEX_LANG", "en")], &["tree", "-h"]);
    assert!(r.stdout.contains("Usage: parindex tree"), "{}", r.stdout);
    let r = w.run_env(&[("PARINDEX_LANG", "en")], &["tree", "-h", "--lang", "vi"]);
    assert!(
        r.stdout.contains("Cách dùng: parindex tree"),
        "{}",
        r.stdout
    );
}

/// No Vietnamese text is left in the English help of any command, but for the Vietnamese
/// names it explains (of the index, of the files, of the annex's columns).
#[test]
fn the_english_help_of_every_command_is_english() {
    let w = Workdir::new();
    let glosses = [
        "Chỉ số",
        "bộ tiêu chí",
        "phiếu kết",
        "quả chấm điểm",
        "Mã, Nội dung",
        "Phương pháp chấm",
        "Bộ chỉ số",
    ];
    let vietnamese = |c: char| "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơưăâêô".contains(c);
    let commands = [
        "",
        "check",
        "tree",
        "score",
        "explain",
        "template",
        "appraisal",
        "gaps",
        "compare",
        "trend",
        "completions",
        "man",
        "report",
        "criteria",
        "criteria import",
        "criteria export",
    ];
    for command in commands {
        let mut args: Vec<&str> = command.split_whitespace().collect();
        args.extend(["--help", "--lang", "en"]);
        let out = w.ok(&args);
        for line in out.lines().filter(|l| l.chars().any(vietnamese)) {
            assert!(
                glosses.iter().any(|g| line.contains(g)),
                "parindex {command} --help --lang en: {line:?}"
            );
        }
    }
}

#[test]
fn usage_errors_follow_the_language() {
    let w = Workdir::new();
    let err = w.fails(2, &["--lang", "en", "scor"]);
    assert_eq!(
        err,
        "error: there is no command scor; did you mean compare or score?\n\
         usage: parindex [OPTIONS] <COMMAND>\n\
         (for more, add --help after the command's name)\n"
    );
    let err = w.fails(
        2,
        &[
            "score", "-c", "set.yaml", "--perod", "2023", "ev", "--lang", "en",
        ],
    );
    assert!(
        err.starts_with(
            "error: there is no option --perod; did you mean --period?\nusage: parindex score "
        ),
        "{err}"
    );
    let err = w.fails(
        2,
        &["score", "-c", "set.yaml", "-f", "pdf", "ev", "--lang", "en"],
    );
    assert!(
        err.starts_with("error: the value \"pdf\" cannot be used for --format <FORMAT> (the values: table, csv, json, md)"),
        "{err}"
    );
    // The same mistake without --lang: Vietnamese, and the same exit code.
    let err = w.fails(2, &["scor"]);
    assert!(
        err.starts_with("lỗi: không có lệnh scor; có phải là"),
        "{err}"
    );
    // A language that is not offered, on the line or in the environment.
    let err = w.fails(2, &["tree", "-c", "set.yaml", "--lang", "fr"]);
    assert!(err.contains("\"fr\""), "{err}");
    let r = w.run_env(&[("PARINDEX_LANG", "fr")], &["--help"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("PARINDEX_LANG=fr"), "{}", r.stderr);
}

/// A problem of the inputs as FILE:LINE: what is wrong, in the language asked for, exit 1;
/// a missing input file, exit 2 in both languages.
#[test]
fn input_problems_follow_the_language() {
    let w = small();
    w.write("bad/bac-son.csv", BAC_SON.replace("7.6,86.45,", "7.6,abc,"));
    let args = ["score", "-c", "set.yaml", "bad"];
    let vi = w.fails(1, &args);
    assert_eq!(
        vi,
        "bad/bac-son.csv:5: đơn vị bac-son, tiêu chí 7.6: \"abc\" không phải là số\n\
         có 1 lỗi; không ghi kết quả nào\n"
    );
    let en = w.fails(1, &[&args[..], &["--lang", "en"]].concat());
    assert_eq!(
        en,
        "bad/bac-son.csv:5: unit bac-son, criterion 7.6: \"abc\" is not a number\n\
         1 error; nothing was written\n"
    );
    let en = w.fails(
        2,
        &["--lang", "en", "score", "-c", "set.yaml", "ev/nope.csv"],
    );
    assert_eq!(en, "error: ev/nope.csv: no such file or folder\n");
    let vi = w.fails(2, &["score", "-c", "set.yaml", "ev/nope.csv"]);
    assert_eq!(vi, "lỗi: ev/nope.csv: không có tệp hoặc thư mục này\n");
    // An output that exists: a usage error, said in English too.
    w.write("out.json", "{}");
    let en = w.fails(
        2,
        &[
            "score", "-c", "set.yaml", "-o", "out.json", "ev", "--lang", "en",
        ],
    );
    assert!(
        en.ends_with("\nerror: out.json: the file exists already; add --force to overwrite it\n"),
        "{en}"
    );
    // A missing map file for compare: a usage error like every other missing input.
    w.ok(&["score", "-c", "set.yaml", "-o", "r.json", "ev"]);
    let en = w.fails(
        2,
        &[
            "--lang", "en", "compare", "r.json", "r.json", "--map", "nope.csv",
        ],
    );
    assert_eq!(en, "error: nope.csv: no such map file\n");
    // The YAML reader's messages too.
    w.write(
        "typo.yaml",
        SET.replacen("title: \"Bộ thử\"", "tittle: x", 1),
    );
    let en = w.fails(1, &["tree", "-c", "typo.yaml", "--lang", "en"]);
    assert!(
        en.starts_with("typo.yaml:3: the key `tittle` cannot be used here"),
        "{en}"
    );
    assert!(en.contains("; did you mean `title`?"), "{en}");
}

/// Warnings, the summary of `check` on a terminal and the messages of `check -f json` follow
/// the language; JSON field names and `kind` values do not.
#[test]
fn warnings_summaries_and_check_json_follow_the_language() {
    let w = small();
    let r = w.run(&["score", "-c", "set.yaml", "--lang", "en", "ev"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "ev/bac-son.csv: warning: unit bac-son, criterion 7.7 (Sáng kiến): no data yet; scores 0\n"
    );
    let r = w.run(&["score", "-c", "set.yaml", "ev"]);
    assert_eq!(
        r.stderr,
        "ev/bac-son.csv: cảnh báo: đơn vị bac-son, tiêu chí 7.7 (Sáng kiến): chưa có số liệu; tính 0 điểm\n"
    );
    let en = w.run_on_terminal(&["check", "-c", "set.yaml", "--lang", "en", "ev"]);
    assert!(
        en.stdout.contains("1 unit, 0 errors, 1 warning"),
        "{}",
        en.stdout
    );
    let vi = w.run_on_terminal(&["check", "-c", "set.yaml", "ev"]);
    assert!(
        vi.stdout.contains("1 đơn vị, 0 lỗi, 1 cảnh báo"),
        "{}",
        vi.stdout
    );
    let json = w.ok(&[
        "--lang", "en", "check", "-f", "json", "-c", "set.yaml", "ev",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["warnings"], 1);
    assert_eq!(v["problems"][0]["kind"], "warning");
    assert_eq!(v["problems"][0]["criterion"], "7.7");
    assert_eq!(
        v["problems"][0]["message"],
        "unit bac-son, criterion 7.7 (Sáng kiến): no data yet; scores 0"
    );
}
