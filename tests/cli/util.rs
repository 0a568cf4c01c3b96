//! A scratch folder and the real binary, as ripgrep's tests/util.rs and xsv's Workdir.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Workdir {
    dir: tempfile::TempDir,
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file (creating folders), returns its path.
    pub fn write(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, text).expect("write");
        p
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).expect("read")
    }

    /// Runs `parindex ARGS` in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        Command::new(env!("CARGO_BIN_EXE_parindex"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run parindex")
            .into()
    }

    /// Runs `parindex ARGS` with environment variables set.
    pub fn run_env(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_parindex"));
        cmd.args(args).current_dir(self.dir.path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run parindex").into()
    }

    /// Runs `parindex ARGS` with a terminal for its input and output, as a person would (by
    /// util-linux `script`, which Debian always has); returns what the terminal showed.
    pub fn run_on_terminal(&self, args: &[&str]) -> Run {
        assert!(args.iter().all(|a| !a.contains([' ', '\'', '"'])));
        let line = format!("{} {}", env!("CARGO_BIN_EXE_parindex"), args.join(" "));
        Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .current_dir(self.dir.path())
            .output()
            .expect("run parindex under script (util-linux)")
            .into()
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "parindex {args:?} failed:\n{}", r.stderr);
        r.stdout
    }

    /// Runs and expects exit code `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(
            r.code, code,
            "parindex {args:?}: expected exit {code}, got {}:\n{}{}",
            r.code, r.stdout, r.stderr
        );
        r.stderr
    }
}

/// The project's root, for the bundled criteria and examples.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example criteria set, as a path argument.
pub fn criteria() -> String {
    root()
        .join("criteria/langson-huyen-2023.yaml")
        .display()
        .to_string()
}

/// The example evidence folder, as a path argument.
pub fn example() -> String {
    root()
        .join("examples/langson-2023-9t")
        .display()
        .to_string()
}
