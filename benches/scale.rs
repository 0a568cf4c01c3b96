//! The scale benchmark (issue 6): `cargo bench --bench scale`.
//!
//! W1: 3.321 units (every commune and ward of Vietnam) × 120 leaves, one evidence CSV per
//! unit. W2 (with BENCH_W2=1): 100.000 units × 120 leaves in one long CSV. The data are made
//! by the tool's own generator from a fixed seed, in a temporary folder. For each workload it
//! runs the release binary (`score -f json` and `-f csv` to a file; for W1 also `report` to
//! an Excel workbook and an HTML page), reports wall time, rows per second and peak memory
//! (through /usr/bin/time when present), and compares with merely parsing the same CSV bytes
//! with the csv crate. Every time is the median of several runs (5 for W1, 3 for W2): single
//! runs vary by several percent on a small machine. For W1 it also checks that the JSON and
//! the workbook written on one thread are byte-identical to those written on every core.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use parindex::generate::{Spec, write};

fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("evidence folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv") && !p.ends_with("units.csv"))
        .collect();
    files.sort();
    files
}

/// Parses every evidence file with the csv crate and nothing else: the floor to compare with.
fn parse_only(files: &[PathBuf]) -> (u64, f64) {
    let start = Instant::now();
    let mut records = 0u64;
    for f in files {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_path(f)
            .expect("open");
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).expect("record") {
            records += 1;
        }
    }
    (records, start.elapsed().as_secs_f64())
}

/// Runs the binary; returns wall seconds and peak resident memory in MiB when measurable.
fn run(args: &[&str], threads: Option<&str>) -> (f64, Option<f64>) {
    let bin = env!("CARGO_BIN_EXE_parindex");
    let timer = Path::new("/usr/bin/time");
    let mut command = if timer.exists() {
        let mut c = Command::new(timer);
        c.args(["-f", "%M"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    if let Some(n) = threads {
        command.env("PARINDEX_THREADS", n);
    }
    let start = Instant::now();
    let output = command.args(args).output().expect("run parindex");
    let wall = start.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "parindex {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    (wall, peak)
}

/// The median of `runs` measurements of (seconds, peak MiB).
fn median(runs: usize, mut measure: impl FnMut() -> (f64, Option<f64>)) -> (f64, Option<f64>) {
    let mut all: Vec<(f64, Option<f64>)> = (0..runs.max(1)).map(|_| measure()).collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    all[all.len() / 2]
}

/// `report` of a workload to an Excel workbook and to an HTML page, wall time and peak memory;
/// then the workbook made on one thread, which must be the same bytes.
fn reports(dir: &Path, criteria: &Path, evidence: &Path, runs: usize) {
    let report = |out: &Path, threads: Option<&str>| {
        let _ = std::fs::remove_file(out);
        let args = [
            "report",
            "-c",
            criteria.to_str().expect("path"),
            "-o",
            out.to_str().expect("path"),
            evidence.to_str().expect("path"),
        ];
        run(&args, threads)
    };
    for ext in ["xlsx", "html"] {
        let out = dir.join(format!("report.{ext}"));
        let (wall, peak) = median(runs, || report(&out, None));
        let size = std::fs::metadata(&out).map_or(0, |m| m.len());
        println!(
            "  report -o {ext:<4}:          {wall:.3} s  peak {}  ({:.1} MB)",
            peak.map_or("n/a".to_string(), |m| format!("{m:.0} MiB")),
            size as f64 / 1e6
        );
    }
    let one = dir.join("one-thread.xlsx");
    let (wall, _) = report(&one, Some("1"));
    let same =
        std::fs::read(&one).expect("read") == std::fs::read(dir.join("report.xlsx")).expect("read");
    println!(
        "  report -o xlsx on one thread: {wall:.3} s; workbook {}",
        if same {
            "byte-identical to the run on every core"
        } else {
            "DIFFERS from the run on every core"
        }
    );
    assert!(same, "the workbook differs between one thread and many");
}

/// One workload; `with_reports`: also time `report` (W1 only: W2's 12 million leaves are more
/// rows than an Excel sheet holds).
fn workload(name: &str, spec: Spec, runs: usize, check_threads: bool, with_reports: bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Instant::now();
    let rows = write(dir.path(), &spec).expect("generate");
    println!(
        "{name}: {} units × {} leaves = {rows} rows ({}), generated in {:.2} s",
        spec.units,
        spec.leaves,
        if spec.long {
            "one long CSV"
        } else {
            "one CSV per unit"
        },
        start.elapsed().as_secs_f64()
    );
    let evidence = dir.path().join("evidence");
    let files = csv_files(&evidence);
    let (parse, _) = median(runs, || {
        let (records, seconds) = parse_only(&files);
        assert_eq!(records, rows);
        (seconds, None)
    });
    println!(
        "  csv crate, parse only:   {parse:.3} s  {:>12.0} rows/s",
        rows as f64 / parse
    );
    let criteria = dir.path().join("criteria.yaml");
    let score = |format: &str, out: &Path, threads: Option<&str>| {
        let args = [
            "score",
            "-c",
            criteria.to_str().expect("path"),
            "-f",
            format,
            "-o",
            out.to_str().expect("path"),
            evidence.to_str().expect("path"),
        ];
        run(&args, threads)
    };
    for format in ["json", "csv"] {
        let out = dir.path().join(format!("result.{format}"));
        let (wall, peak) = median(runs, || {
            let _ = std::fs::remove_file(&out);
            score(format, &out, None)
        });
        println!(
            "  score -f {format:<4} to a file: {wall:.3} s  {:>12.0} rows/s  peak {}  (parse-only / score = {:.2})",
            rows as f64 / wall,
            peak.map_or("n/a".to_string(), |m| format!("{m:.0} MiB")),
            parse / wall
        );
    }
    if with_reports {
        reports(dir.path(), &criteria, &evidence, runs);
    }
    if !check_threads {
        return;
    }
    // The output does not depend on the number of threads.
    let one = dir.path().join("one-thread.json");
    let (wall, _) = score("json", &one, Some("1"));
    let same = std::fs::read(&one).expect("read")
        == std::fs::read(dir.path().join("result.json")).expect("read");
    println!(
        "  score -f json on one thread: {wall:.3} s; output {}",
        if same {
            "byte-identical to the run on every core"
        } else {
            "DIFFERS from the run on every core"
        }
    );
    assert!(same, "the JSON differs between one thread and many");
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    println!(
        "threads: {}; times are medians of 5 runs (W1) and 3 runs (W2)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    workload(
        "W1",
        Spec {
            units: 3_321,
            leaves: 120,
            long: false,
            seed: 1,
        },
        5,
        true,
        true,
    );
    if std::env::var("BENCH_W2").is_ok_and(|v| v == "1") {
        workload(
            "W2",
            Spec {
                units: 100_000,
                leaves: 120,
                long: true,
                seed: 2,
            },
            3,
            false,
            false,
        );
    } else {
        println!("W2 skipped: BENCH_W2=1 cargo bench --bench scale (12 M rows)");
    }
}
