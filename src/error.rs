//! Problems found in the inputs, reported all at once as `FILE:LINE: message`.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::lang::{msg, said};

/// One problem (or warning) located in an input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    /// 1-based line; `None` when the problem concerns the whole file.
    pub line: Option<u64>,
    pub message: String,
    /// How many further problems of the file this one stands for: 0 for a problem, and the
    /// count of those not kept ([`Kept`]) for the entry that counts them (without a message).
    pub also: usize,
    /// The unit and the criterion it concerns, when it concerns one (the message names them
    /// too; `check -f json` gives them apart).
    pub unit: Option<String>,
    pub criterion: Option<String>,
}

impl Problem {
    pub fn new(file: impl Into<String>, line: Option<u64>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line,
            message: message.into(),
            also: 0,
            unit: None,
            criterion: None,
        }
    }

    /// The problem, as one about `unit` (and `criterion`).
    pub fn about(self, unit: &str, criterion: Option<&str>) -> Self {
        Problem {
            unit: Some(unit.to_string()),
            criterion: criterion.map(str::to_string),
            ..self
        }
    }
}

/// How many problems of one file are kept to be listed; the others are counted. A foreign
/// file can have a problem on each of millions of rows.
const KEPT_PER_FILE: usize = 1000;

/// Whether every problem is kept (`--errors all`): set once, for the run.
static KEEP_ALL: AtomicBool = AtomicBool::new(false);

/// Keeps every problem of every file (`--errors all`) rather than the first thousand.
pub fn keep_all_problems() {
    KEEP_ALL.store(true, Ordering::Relaxed);
}

/// The problems found in one file: the first [`KEPT_PER_FILE`] kept (all with
/// [`keep_all_problems`]), the others counted.
#[derive(Debug, Default)]
pub struct Kept {
    problems: Vec<Problem>,
    more: usize,
}

impl Kept {
    pub fn push(&mut self, p: Problem) {
        if self.has_room(0) {
            self.problems.push(p);
        } else {
            self.more += 1;
        }
    }

    /// Counts a problem that is not kept.
    pub fn count(&mut self) {
        self.more += 1;
    }

    /// Whether another problem would be kept, with `besides` kept elsewhere for the file.
    pub fn has_room(&self, besides: usize) -> bool {
        self.problems.len() + besides < KEPT_PER_FILE || KEEP_ALL.load(Ordering::Relaxed)
    }

    /// Adds problems as they are (already kept and counted by another list).
    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.problems.extend(problems);
    }

    pub fn len(&self) -> usize {
        self.problems.len() + self.more
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The problems kept, and an entry that counts the others, if any.
    pub fn into_vec(mut self) -> Vec<Problem> {
        if let (Some(first), true) = (self.problems.first(), self.more > 0) {
            let count = Problem {
                also: self.more,
                ..Problem::new(first.file.clone(), None, "")
            };
            self.problems.push(count);
        }
        self.problems
    }
}

impl Problem {
    /// The problem as a warning line: `FILE:LINE: cảnh báo: message` (`warning:` in English;
    /// printed as it is formatted: a large run prints a hundred thousand of them).
    pub fn warning(&self) -> impl fmt::Display + '_ {
        Warning(self)
    }
}

struct Warning<'a>(&'a Problem);

impl fmt::Display for Warning<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.0;
        let warning = said("cảnh báo", "warning");
        match p.line {
            Some(line) => write!(f, "{}:{}: {warning}: {}", p.file, line, p.message),
            None => write!(f, "{}: {warning}: {}", p.file, p.message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The inputs are wrong: every problem found, in file and line order. Exit code 1.
    #[error("{}", render(.0, None))]
    Invalid(Vec<Problem>),
    /// The command line asks for something that cannot be done. Exit code 2.
    #[error("{error}: {0}", error = said("lỗi", "error"))]
    Usage(String),
    /// The inputs are wrong, and the problems were written already (as JSON). Exit code 1.
    #[error("")]
    Reported,
    /// A file could not be read or written. Exit code 1.
    #[error("{}: {path}: {}", said("lỗi", "error"), io_said(.source))]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What went wrong with a file, in the language of the messages, with what to do: the
/// system's own words are English and terse; they are given only for a kind not named here.
pub(crate) fn io_said(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let said = match e.kind() {
        K::NotFound => said(
            "không có tệp hoặc thư mục này (kiểm tra đường dẫn; thư mục chứa tệp ra phải có sẵn)",
            "no such file or folder (check the path; the folder of an output file must exist)",
        ),
        K::PermissionDenied => said(
            "không có quyền đọc hoặc ghi ở đây (chọn thư mục khác, hoặc đóng tệp đang mở trong Excel)",
            "no permission to read or write here (choose another folder, or close the file if Excel has it open)",
        ),
        K::AlreadyExists => said("tệp đã có", "the file exists already"),
        K::IsADirectory => said(
            "đây là một thư mục, không phải tệp",
            "this is a folder, not a file",
        ),
        K::NotADirectory => said(
            "một phần của đường dẫn không phải thư mục",
            "a part of the path is not a folder",
        ),
        K::StorageFull | K::QuotaExceeded => said(
            "đĩa đầy: hãy giải phóng chỗ trống",
            "the disk is full: free some space",
        ),
        K::InvalidData => said(
            "tệp không phải văn bản UTF-8 hoặc bị hỏng",
            "the file is not UTF-8 text, or is damaged",
        ),
        K::ReadOnlyFilesystem => said(
            "ổ đĩa chỉ đọc: hãy ghi vào thư mục khác",
            "the disk is read-only: write into another folder",
        ),
        K::FileTooLarge => said(
            "tệp quá lớn so với ổ đĩa này: hãy ghi vào ổ đĩa khác",
            "the file is too large for this disk: write to another disk",
        ),
        K::ResourceBusy | K::ExecutableFileBusy => said(
            "tệp đang được chương trình khác dùng: hãy đóng chương trình đó rồi chạy lại",
            "another program is using the file: close it and run again",
        ),
        K::InvalidFilename => said(
            "tên tệp không hợp lệ (quá dài, hoặc có ký tự không dùng được)",
            "the file name is not valid (too long, or with characters that cannot be used)",
        ),
        K::Interrupted | K::TimedOut => said(
            "việc đọc hoặc ghi bị ngắt: hãy chạy lại",
            "reading or writing was interrupted: run again",
        ),
        _ => {
            return msg!(
                "không đọc hoặc ghi được (hệ thống báo: {e})",
                "cannot be read or written (the system says: {e})"
            );
        }
    };
    said.to_string()
}

/// How many problems of one file are listed by default; the rest are counted.
pub const SHOWN_PER_FILE: usize = 20;

/// The report of invalid inputs: every problem (sorted by file and line), at most `per_file`
/// of each file when given, with the count of the others, then the total.
fn render(problems: &[Problem], per_file: Option<usize>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut cut: Vec<(&str, usize)> = Vec::new();
    let mut total = 0;
    for file in problems.chunk_by(|a, b| a.file == b.file) {
        // The entries that count problems not kept have no message.
        let listed: Vec<&Problem> = file.iter().filter(|p| !p.message.is_empty()).collect();
        let count = listed.len() + file.iter().map(|p| p.also).sum::<usize>();
        total += count;
        let shown = per_file.unwrap_or(usize::MAX).min(listed.len());
        out.extend(listed[..shown].iter().map(|p| p.to_string()));
        if shown < count {
            let (name, rest) = (file[0].file.as_str(), count - shown);
            out.push(msg!(
                "{name}: … và {} lỗi khác trong tệp này (thêm --errors all để xem tất cả)",
                "{name}: … and {} more errors in this file (add --errors all to see them all)",
                thousands(rest)
            ));
            cut.push((name, count));
        }
    }
    let n = thousands(total);
    let errors = if total == 1 { "error" } else { "errors" };
    out.push(if cut.is_empty() {
        msg!(
            "có {n} lỗi; không ghi kết quả nào",
            "{n} {errors}; nothing was written"
        )
    } else {
        let by_file: Vec<String> = (cut.iter())
            .map(|(name, count)| format!("{name}: {}", thousands(*count)))
            .collect();
        msg!(
            "có {n} lỗi ({}); không ghi kết quả nào",
            "{n} {errors} ({}); nothing was written",
            by_file.join(", ")
        )
    });
    out.join("\n")
}

/// Problems by file and line, each once.
pub fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort();
    // (Two entries that count problems not kept are both counts, even when equal.)
    problems.dedup_by(|a, b| a == b && !a.message.is_empty());
    problems
}

/// A count as the language of the messages writes it: 3.177.400, 3,177,400.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let sep = said(".", ",");
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(d);
    }
    out
}

impl Error {
    /// The error as shown to the user: invalid inputs at most [`SHOWN_PER_FILE`] a file
    /// unless `all`.
    pub fn report(&self, all: bool) -> String {
        match self {
            Error::Invalid(problems) if !all => render(problems, Some(SHOWN_PER_FILE)),
            e => e.to_string(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Invalid(_) | Error::Reported | Error::Io { .. } => 1,
        }
    }

    /// Sorts the problems so that the report does not depend on the order of the inputs.
    pub fn invalid(problems: Vec<Problem>) -> Error {
        Error::Invalid(sorted(problems))
    }

    pub fn io(path: impl fmt::Display, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_string(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
