//! Problems found in the inputs, reported all at once as `FILE:LINE: message`.

use std::fmt;

/// One problem (or warning) located in an input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    /// 1-based line; `None` when the problem concerns the whole file.
    pub line: Option<u64>,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<String>, line: Option<u64>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl Problem {
    /// The problem as a warning line: `FILE:LINE: cảnh báo: message` (printed as it is
    /// formatted: a large run prints a hundred thousand of them).
    pub fn warning(&self) -> impl fmt::Display + '_ {
        Warning(self)
    }
}

struct Warning<'a>(&'a Problem);

impl fmt::Display for Warning<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.0;
        match p.line {
            Some(line) => write!(f, "{}:{}: cảnh báo: {}", p.file, line, p.message),
            None => write!(f, "{}: cảnh báo: {}", p.file, p.message),
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
    #[error("{}", render(.0))]
    Invalid(Vec<Problem>),
    /// The command line asks for something that cannot be done. Exit code 2.
    #[error("lỗi: {0}")]
    Usage(String),
    /// A file could not be read or written. Exit code 1.
    #[error("lỗi: {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn render(problems: &[Problem]) -> String {
    let mut out: Vec<String> = problems.iter().map(Problem::to_string).collect();
    let n = problems.len();
    out.push(format!("có {n} lỗi; không ghi kết quả nào"));
    out.join("\n")
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Invalid(_) | Error::Io { .. } => 1,
        }
    }

    /// Sorts the problems so that the report does not depend on the order of the inputs.
    pub fn invalid(mut problems: Vec<Problem>) -> Error {
        problems.sort();
        problems.dedup();
        Error::Invalid(problems)
    }

    pub fn io(path: impl fmt::Display, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_string(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
