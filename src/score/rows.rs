//! Reading one evidence file into leaf results: each row is scored as it is read
//! ([`score_leaf`]) and filed under its unit; nothing of a row is kept but its result and the
//! texts the writers show ([`Keep`]).

use std::path::Path;
use std::sync::mpsc::{SyncSender, TrySendError};

use rustc_hash::FxHashMap;

use crate::criteria::Criteria;
use crate::error::{Kept, Problem};
use crate::evidence::{DESCRIPTIVE, Item, MAX_SHORT_CELL, READ};
use crate::lang::{msg, said};
use crate::number::Rational;
use crate::records::{Fields, Records};

use super::result::{Keep, Points, RowTexts, Seen};
use super::rules::{RowCells, Scored, TOO_LARGE, score_leaf};

/// One unit's leaves as read from an evidence file, scored row by row.
pub(crate) struct UnitRows {
    pub(crate) id: String,
    /// Named by the file (one file per unit), rather than by a `unit` column.
    pub(crate) by_file: bool,
    pub(crate) first_line: Option<u64>,
    pub(crate) seen: Seen,
    pub(crate) points: Points,
    pub(crate) texts: RowTexts,
    /// The sum of the unit's self-scores; None when it gave none.
    pub(crate) self_sum: Option<Rational>,
    /// Problems in the unit's rows: not reported if the unit's evidence is in another file.
    pub(crate) problems: Vec<Problem>,
}

impl UnitRows {
    pub(crate) fn new(id: &str, criteria: &Criteria, keep: Keep) -> Self {
        let leaves = criteria.leaf_count();
        UnitRows {
            id: id.to_string(),
            by_file: false,
            first_line: None,
            seen: Seen::new(leaves),
            points: match keep {
                Keep::Sums => Points::Components(vec![0; criteria.components.len()]),
                Keep::Values | Keep::All => Points::Leaves(vec![0; leaves]),
            },
            texts: RowTexts::default(),
            self_sum: None,
            problems: Vec::new(),
        }
    }

    /// Files a leaf's row: the first row of a leaf counts, a later one is a problem.
    fn file_leaf(
        &mut self,
        file: &FileReader,
        line: u64,
        pos: usize,
        scored: Result<Scored, String>,
        texts: [&str; 5],
    ) -> Option<Problem> {
        let criterion = &file.criteria.nodes[file.criteria.leaf_node(pos)].id;
        let problem = |m: &str| {
            Problem::new(file.name, Some(line), about(&self.id, criterion, m))
                .about(&self.id, Some(criterion))
        };
        self.first_line.get_or_insert(line);
        let first = self.seen.line(pos);
        if first > 0 {
            let m = msg!(
                "xuất hiện hai lần (cả ở {}:{first})",
                "appears twice (also at {}:{first})",
                file.name
            );
            return Some(problem(&m));
        }
        // The leaf's line in any case; its result only when the row has no problem.
        self.seen
            .set_line(pos, u32::try_from(line).unwrap_or(u32::MAX));
        let scored = match scored {
            Ok(s) => s,
            Err(m) => return Some(problem(&m)),
        };
        if let Some(s) = scored.self_score {
            match self.self_sum.unwrap_or(Rational::ZERO).checked_add(s) {
                Some(sum) => self.self_sum = Some(sum),
                None => return Some(problem(&TOO_LARGE)),
            }
        }
        self.seen.set_status(pos, scored.status);
        match &mut self.points {
            Points::Leaves(points) => points[pos] = scored.units,
            Points::Components(sums) => sums[file.component_of[pos]] += i128::from(scored.units),
        }
        self.texts.set(pos, self.seen.len(), texts);
        None
    }
}

/// The start of a message about one leaf of one unit.
fn about(unit: &str, criterion: &str, message: impl std::fmt::Display) -> String {
    msg!(
        "đơn vị {unit}, tiêu chí {criterion}: {message}",
        "unit {unit}, criterion {criterion}: {message}"
    )
}

/// The columns of an evidence file.
struct Columns {
    unit: Option<usize>,
    criterion: usize,
    value: usize,
    self_score: Option<usize>,
    appraised: Option<usize>,
    evidence: Option<usize>,
    note: Option<usize>,
}

impl Columns {
    /// The columns from the header, or the problem with it; unread columns are warned about.
    fn of(headers: &[String], name: &str, out: &mut FileRows) -> Option<Columns> {
        let col = |n: &str| headers.iter().position(|h| h == n);
        for needed in ["criterion", "value"] {
            if col(needed).is_none() {
                out.problems.push(Problem::new(
                    name,
                    Some(1),
                    msg!(
                        "tệp số liệu cần cột `{needed}` (có: {})",
                        "an evidence file needs the column `{needed}` (it has: {})",
                        headers.join(", ")
                    ),
                ));
                return None;
            }
        }
        for h in headers {
            if h.is_empty() || READ.contains(&h.as_str()) || DESCRIPTIVE.contains(&h.as_str()) {
                continue;
            }
            let unread = msg!(
                "cột \"{h}\" không được đọc",
                "the column \"{h}\" is not read"
            );
            // A column named near one that is read is a slip whose data would be lost.
            match crate::number::near_name(h, READ.iter().copied()) {
                Some(near) if !headers.iter().any(|x| x == near) => {
                    out.problems.push(Problem::new(
                        name,
                        Some(1),
                        msg!("{unread}: có phải là {near}? hãy sửa tên cột, nếu không số liệu của cột bị bỏ qua", "{unread}: did you mean {near}? correct the column's name, or its data is left out"),
                    ));
                }
                _ => out.warnings.push(Problem::new(
                    name,
                    Some(1),
                    msg!(
                        "{unread} (các cột được đọc: {})",
                        "{unread} (the columns read: {})",
                        READ.join(", ")
                    ),
                )),
            }
        }
        Columns::locate(headers)
    }

    /// The columns from the header, if it has the two that are needed.
    fn locate(headers: &[String]) -> Option<Columns> {
        let col = |n: &str| headers.iter().position(|h| h == n);
        Some(Columns {
            unit: col("unit"),
            criterion: col("criterion")?,
            value: col("value")?,
            self_score: col("self_score"),
            appraised: col("appraised"),
            evidence: col("evidence"),
            note: col("note"),
        })
    }
}

/// One evidence file, read and scored: its units in the order of their first row.
#[derive(Default)]
pub(crate) struct FileRows {
    pub(crate) units: Vec<UnitRows>,
    /// Where each unit is in `units`, by id.
    pub(crate) index: FxHashMap<String, usize>,
    /// The file's problems, and the count of those of its units (kept with each unit: they
    /// are not reported if the unit's evidence is in another file).
    pub(crate) problems: Kept,
    unit_problems: usize,
    pub(crate) warnings: Vec<Problem>,
    /// Rows scored without a problem.
    good_rows: usize,
}

impl FileRows {
    /// Keeps a problem with the file (`unit` None) or one of its units; past the first
    /// thousand of the file it is only counted.
    fn problem(&mut self, unit: Option<usize>, p: Problem) {
        match unit {
            Some(u) if self.problems.has_room(self.unit_problems) => {
                self.units[u].problems.push(p);
                self.unit_problems += 1;
            }
            Some(_) => self.problems.count(),
            None => self.problems.push(p),
        }
    }

    /// The index of a unit, added on its first row.
    fn unit(&mut self, id: &str, criteria: &Criteria, keep: Keep) -> usize {
        // A unit's rows usually follow one another: the unit added last first.
        if let Some(u) = self
            .units
            .len()
            .checked_sub(1)
            .filter(|&u| self.units[u].id == id)
        {
            return u;
        }
        if let Some(&u) = self.index.get(id) {
            return u;
        }
        self.units.push(UnitRows::new(id, criteria, keep));
        self.index.insert(id.to_string(), self.units.len() - 1);
        self.units.len() - 1
    }
}

/// What reading a file needs besides its rows.
struct FileReader<'a> {
    criteria: &'a Criteria,
    name: &'a str,
    keep: Keep,
    /// The file's stem: the unit of a file without a `unit` column.
    stem: String,
    /// The component of each leaf, by position.
    component_of: Vec<usize>,
}

/// A row, scored: what is left to do is to file it under its unit, in the file's order.
/// It holds none of the row's text (the unit and the texts kept are read from the row again
/// when it is filed), so that rows can be scored ahead on the thread that reads the file.
enum Step {
    /// A problem with the row, which names no unit or criterion that can be used.
    File(String),
    /// A problem filed under the row's unit and criterion.
    Unit(String),
    /// A leaf's result.
    Leaf {
        pos: usize,
        scored: Result<Scored, String>,
    },
}

/// The cells of a row that are read (empty when absent).
struct Cells<'r> {
    unit: &'r str,
    criterion: &'r str,
    row: RowCells<'r>,
    note: &'r str,
}

/// Files this large (bytes) are parsed on one thread while their rows are scored on
/// another ([`FileReader::read_large`]).
const LARGE: u64 = 1 << 20;

/// Rows are scored this many at a time in a large file.
const BATCH: usize = 4096;

/// Rows the reading thread scores ahead at a time while the scoring thread is busy.
const AHEAD: usize = 64;

/// Reads one evidence file, scoring each row as it comes.
pub(crate) fn read_file(criteria: &Criteria, path: &Path, name: &str, keep: Keep) -> FileRows {
    let mut component_of = vec![0; criteria.leaf_count()];
    for (k, &c) in criteria.components.iter().enumerate() {
        for pos in criteria.leaf_span(c) {
            component_of[pos] = k;
        }
    }
    let file = FileReader {
        criteria,
        name,
        keep,
        stem: path
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_string())
            .unwrap_or_default(),
        component_of,
    };
    let mut out = FileRows::default();
    let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= LARGE);
    let read = if large && rayon::current_num_threads() > 1 {
        file.read_large(path, &mut out)
    } else {
        let mut columns = None;
        crate::evidence::scan(path, name, &mut |item| match item {
            Item::Header(headers) => {
                columns = file.columns(headers, &mut out);
                columns.is_some()
            }
            Item::Row(line, record) => match &columns {
                Some(c) => {
                    let step = file.score_row(c, line, record);
                    file.file_row(&mut out, c, line, record, step)
                }
                None => false,
            },
        })
    };
    match read {
        Ok(p) | Err(p) => out.problems.extend(p),
    }
    // Many problems and not one good row: the wrong file, rather than a form with slips.
    let problems = out.problems.len() + out.unit_problems;
    if out.good_rows == 0 && problems >= crate::error::SHOWN_PER_FILE {
        out.problems.extend([Problem::new(
            name,
            None,
            said("tệp này có vẻ không phải biểu mẫu tự đánh giá: không dòng nào đọc được; hãy kiểm tra đã chọn đúng tệp, đúng bộ tiêu chí (-c), và các cột criterion, value", "this file does not look like a self-assessment form: not one row could be read; check that it is the right file, the right criteria set (-c), and the columns criterion, value"),
        )]);
    }
    out
}

/// What the thread that reads a large file passes on.
enum Read {
    Header(Vec<String>),
    /// Records, and the steps of the first of them, scored ahead.
    Rows(Records, Vec<Step>),
}

impl FileReader<'_> {
    /// The columns of the file, from its header; a per-unit file names its unit even when
    /// it has no rows yet.
    fn columns(&self, headers: &[String], out: &mut FileRows) -> Option<Columns> {
        let columns = Columns::of(headers, self.name, out)?;
        if columns.unit.is_none() && !self.stem.is_empty() {
            let u = out.unit(&self.stem, self.criteria, self.keep);
            out.units[u].by_file = true;
        }
        Some(columns)
    }

    /// Reads a large file on another thread, which parses and checks its records, while this
    /// one scores and files them, batch by batch in the file's order: the result is the one
    /// of reading it in one go, front to back, and only a few batches are held at a time.
    /// Scoring takes longer than parsing: while this thread is busy, the other scores the
    /// rows of its next batch ahead rather than wait ([`FileReader::hand_over`]).
    fn read_large(&self, path: &Path, out: &mut FileRows) -> Result<Vec<Problem>, Vec<Problem>> {
        use std::sync::mpsc::{channel, sync_channel};
        let (tx, rx) = sync_channel::<Read>(2);
        let (spare_tx, spare_rx) = channel::<(Records, Vec<Step>)>();
        std::thread::scope(|scope| {
            let name = self.name;
            let reader = scope.spawn(move || {
                let mut columns = None;
                let mut batch = Records::default();
                let read = crate::evidence::scan(path, name, &mut |item| match item {
                    Item::Header(headers) => {
                        columns = Columns::locate(headers);
                        tx.send(Read::Header(headers.to_vec())).is_ok()
                    }
                    Item::Row(line, fields) => {
                        batch.push(line, fields);
                        if batch.len() < BATCH {
                            return true;
                        }
                        let (mut spare, mut steps) = spare_rx.try_recv().unwrap_or_default();
                        spare.clear();
                        steps.clear();
                        let full = std::mem::replace(&mut batch, spare);
                        self.hand_over(&tx, columns.as_ref(), Read::Rows(full, steps))
                    }
                });
                if batch.len() > 0 {
                    let _ = tx.send(Read::Rows(batch, Vec::new()));
                }
                read
            });
            let mut columns = None;
            for read in rx {
                match read {
                    Read::Header(headers) => {
                        columns = self.columns(&headers, out);
                        if columns.is_none() {
                            break;
                        }
                    }
                    Read::Rows(batch, mut steps) => {
                        let Some(c) = &columns else { break };
                        let mut ahead = steps.drain(..);
                        let go_on = batch.iter().all(|(line, fields)| {
                            let step = ahead
                                .next()
                                .unwrap_or_else(|| self.score_row(c, line, fields));
                            self.file_row(out, c, line, fields, step)
                        });
                        drop(ahead);
                        if !go_on {
                            break;
                        }
                        let _ = spare_tx.send((batch, steps));
                    }
                }
            }
            // A panic in the reader is a bug; carry it on as a panic would be.
            reader
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        })
    }

    /// Passes a batch to the thread that scores and files; while that one is busy with the
    /// batches before, scores the batch's rows ahead, [`AHEAD`] at a time, instead of
    /// waiting. False when the other thread stopped reading.
    fn hand_over(&self, tx: &SyncSender<Read>, columns: Option<&Columns>, mut read: Read) -> bool {
        loop {
            read = match tx.try_send(read) {
                Ok(()) => return true,
                Err(TrySendError::Disconnected(_)) => return false,
                Err(TrySendError::Full(read)) => read,
            };
            let (Read::Rows(records, steps), Some(c)) = (&mut read, columns) else {
                return tx.send(read).is_ok();
            };
            if steps.len() == records.len() {
                return tx.send(read).is_ok();
            }
            let from = steps.len();
            for (line, fields) in records.iter_from(from).take(AHEAD) {
                steps.push(self.score_row(c, line, fields));
            }
        }
    }

    /// The cells of a row that are read.
    fn cells<'r>(&'r self, c: &Columns, record: Fields<'r>) -> Cells<'r> {
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        Cells {
            unit: match c.unit {
                Some(_) => get(c.unit),
                None => self.stem.as_str(),
            },
            criterion: get(Some(c.criterion)),
            row: RowCells {
                value: get(Some(c.value)),
                self_score: get(c.self_score),
                appraised: get(c.appraised),
                evidence: get(c.evidence),
            },
            note: get(c.note),
        }
    }

    /// Scores one row: pure, so rows can be scored on any thread.
    fn score_row(&self, c: &Columns, line: u64, record: Fields<'_>) -> Step {
        if u32::try_from(line).is_err() {
            return Step::File(
                said(
                    "tệp quá dài (quá 4.294.967.295 dòng): hãy tách thành nhiều tệp",
                    "the file is too long (over 4,294,967,295 lines): split it into several files",
                )
                .to_string(),
            );
        }
        let Cells {
            unit,
            criterion,
            row,
            ..
        } = self.cells(c, record);
        if unit.is_empty() {
            return Step::File(
                said("dòng không có đơn vị (unit)", "the row has no unit (unit)").to_string(),
            );
        }
        let short = [
            (criterion, "criterion"),
            (if c.unit.is_some() { unit } else { "" }, "unit"),
            (row.value, "value"),
            (row.self_score, "self_score"),
            (row.appraised, "appraised"),
        ];
        if let Some((_, column)) = short
            .iter()
            // A cell has at least as many bytes as characters: count only the long ones.
            .find(|(t, _)| t.len() > MAX_SHORT_CELL && t.chars().count() > MAX_SHORT_CELL)
        {
            return Step::File(msg!(
                "ô {column} dài quá {MAX_SHORT_CELL} ký tự",
                "the cell {column} is longer than {MAX_SHORT_CELL} characters"
            ));
        }
        if criterion.is_empty() {
            return Step::File(msg!(
                "đơn vị {unit}: dòng không có mã tiêu chí (criterion)",
                "unit {unit}: the row has no criterion id (criterion)"
            ));
        }
        let node = self.criteria.node(criterion);
        let Some(node) = node.filter(|&n| self.criteria.nodes[n].rule().is_some()) else {
            let m = match node {
                None => msg!(
                    "không có trong bộ tiêu chí {}",
                    "not in the criteria set {}",
                    self.criteria.path
                ),
                Some(_) => said(
                    "có tiêu chí con; hãy ghi từng tiêu chí con",
                    "it has sub-criteria; give each sub-criterion a row",
                )
                .to_string(),
            };
            return Step::Unit(about(unit, criterion, m));
        };
        Step::Leaf {
            pos: self.criteria.leaf_span(node).start,
            scored: score_leaf(self.criteria, node, &row),
        }
    }

    /// Files a scored row under its unit; false to stop reading the file.
    fn file_row(
        &self,
        out: &mut FileRows,
        c: &Columns,
        line: u64,
        record: Fields<'_>,
        step: Step,
    ) -> bool {
        let at = |m: String| Problem::new(self.name, Some(line), m);
        // Only the cells needed: reading them again is a good part of filing a row.
        let unit = match c.unit {
            Some(i) => record.get(i).unwrap_or(""),
            None => self.stem.as_str(),
        };
        match step {
            Step::File(m) => {
                out.problem(None, at(m));
                u32::try_from(line).is_ok()
            }
            Step::Unit(m) => {
                let criterion = record.get(c.criterion).unwrap_or("");
                let u = out.unit(unit, self.criteria, self.keep);
                out.units[u].first_line.get_or_insert(line);
                out.problem(Some(u), at(m).about(unit, Some(criterion)));
                true
            }
            Step::Leaf { pos, scored } => {
                out.good_rows += usize::from(scored.is_ok());
                let texts = match self.keep {
                    Keep::Sums => [""; 5],
                    keep => {
                        let Cells { row, note, .. } = self.cells(c, record);
                        match keep {
                            Keep::All => {
                                [row.value, row.self_score, row.appraised, row.evidence, note]
                            }
                            _ => [row.value, row.self_score, row.appraised, "", ""],
                        }
                    }
                };
                let u = out.unit(unit, self.criteria, self.keep);
                if let Some(p) = out.units[u].file_leaf(self, line, pos, scored, texts) {
                    out.problem(Some(u), p);
                }
                true
            }
        }
    }
}
