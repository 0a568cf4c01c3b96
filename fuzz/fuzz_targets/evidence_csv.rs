#![no_main]
//! Any bytes as an evidence CSV file (per-unit file `u1.csv`): loading may report problems,
//! but must not panic; a clean load is scored against a small fixed criteria set (one leaf of
//! each rule kind) and against the example criteria of the repository (so that the example
//! evidence files in the seed corpus score too), and each result is rendered as JSON.

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parindex::criteria::Criteria;
use parindex::evidence::Evidence;

/// One leaf of each rule kind, a not-applicable policy, a bonus and a penalty.
const CRITERIA: &str = r#"
id: fuzz
title: "Fuzz criteria"
places: 2
not_applicable: exclude
evidence_required: false
rank_by: exact
classes:
  default:
    - { min: 90, label: "Xuất sắc" }
    - { min: 50, label: "Trung bình" }
    - { min: 0, label: "Yếu" }
components:
  - id: "1"
    title: "Một"
    max: 10
    children:
      - id: "1.1"
        title: "levels"
        max: 2
        rule: { kind: levels, levels: { xuat_sac: 1, tot: 0.75, hoan_thanh: 0.5, khong_hoan_thanh: 0 } }
      - id: "1.2"
        title: "binary"
        max: 1
        rule: { kind: binary }
      - id: "1.3"
        title: "bands"
        max: 2
        rule: { kind: bands, bands: [ { min: 30, points: 2 }, { min: 20, points: 1 }, { min: 10, points: 0.5 } ] }
      - id: "1.4"
        title: "count"
        max: 2
        rule: { kind: count, per_item: 0.5 }
      - id: "1.5"
        title: "ratio"
        max: 1.5
        not_applicable: full_marks
        rule: { kind: ratio, target: 100 }
      - id: "1.6"
        title: "deduction"
        max: 1.5
        evidence_required: true
        rule: { kind: deduction, per_item: 0.25 }
  - id: "2"
    title: "Hai"
    max: 5
    rule: { kind: ratio, target: 85 }
  - id: "10"
    title: "Điểm thưởng"
    kind: bonus
    max: 2
    rule: { kind: points }
  - id: "11"
    title: "Điểm trừ"
    kind: penalty
    max: 2
    rule: { kind: points }
"#;

const EXAMPLE: &str = include_str!("../../criteria/langson-huyen-2023.yaml");

fn criteria() -> &'static [Criteria; 2] {
    static C: OnceLock<[Criteria; 2]> = OnceLock::new();
    C.get_or_init(|| {
        // `score::score` and `report::json` run on rayon's global pool. With its default of one
        // thread per core, every input (a few hundred bytes) woke the pool's threads several
        // times and the main thread waited on them: one pool of one thread, the main thread
        // itself, runs the same code without any hand-over. (An error means the pool was set
        // already.)
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .use_current_thread()
            .build_global();
        [
            Criteria::parse(CRITERIA, "fuzz.yaml").expect("fixed fuzz criteria parse"),
            Criteria::parse(EXAMPLE, "langson-huyen-2023.yaml").expect("example criteria parse"),
        ]
    })
}

/// The input file `u1.csv`, in `$TMPDIR/pfz-<pid>/` when `TMPDIR` is set, else in
/// `/dev/shm/pfz-<pid>/` (memory) when there is one, else in the system's temporary folder.
/// On ext4 (`/tmp` here) rewriting a file in place costs a truncation and, at its close, a
/// write to the disk (ext4's `auto_da_alloc`), for every input.
fn path() -> &'static PathBuf {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let base = if std::env::var_os("TMPDIR").is_none() && shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("pfz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.join("u1.csv")
    })
}

fuzz_target!(|data: &[u8]| {
    let sets = criteria();
    let path = path();
    std::fs::write(path, data).expect("write the input file");
    let Ok((ev, problems)) = Evidence::load(None, std::slice::from_ref(path)) else {
        return;
    };
    if !problems.is_empty() {
        return;
    }
    for criteria in sets {
        if let Ok(result) =
            parindex::score::score(criteria, &ev, None, false, parindex::score::Keep::All)
        {
            let _ = parindex::report::json(criteria, &result);
        }
    }
});
