//! Comparing periods (so sánh các kỳ): two result files written by `score -f json` for
//! `compare`, any number for `trend`. Merged or renamed units are mapped with `--map`; a
//! merged unit's "before" is shown per source unit, never averaged.

mod pair;
mod trend;

pub use pair::compare;
pub use trend::{distinct_periods, sort_periods, trend};

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Problem, Result};
use crate::number::{Rational, parse_decimal};
use crate::report::Val;

// The result files, as read back.
#[derive(Deserialize)]
struct RawResult {
    criteria: RawCriteria,
    period: Option<String>,
    places: u32,
    units: Vec<RawUnit>,
}

#[derive(Deserialize)]
struct RawCriteria {
    id: String,
    title: String,
}

#[derive(Deserialize)]
struct RawUnit {
    id: String,
    name: String,
    group: String,
    index: String,
    rank: usize,
    class: Option<String>,
    components: Vec<RawNode>,
    leaves: Vec<RawNode>,
}

/// A component or a leaf: the fields both have.
#[derive(Deserialize)]
struct RawNode {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    status: Option<String>,
    points: String,
    max: String,
    #[serde(default)]
    index: Option<String>,
    #[serde(default)]
    owner: Option<String>,
}

/// A result file: one period's scores.
pub struct Period {
    pub file: String,
    pub criteria_id: String,
    pub criteria_title: String,
    pub label: String,
    /// Whether the file has a period of its own (else the label is the file's name).
    pub has_period: bool,
    pub places: u32,
    pub units: Vec<Unit>,
}

pub struct Unit {
    pub id: String,
    pub name: String,
    pub group: String,
    pub index: Rational,
    pub rank: usize,
    pub class: Option<String>,
    pub components: Vec<Node>,
    pub leaves: Vec<Node>,
}

pub struct Node {
    pub id: String,
    pub title: String,
    pub status: String,
    pub points: Rational,
    pub max: Rational,
    pub index: Option<Rational>,
    pub owner: Option<String>,
}

impl Period {
    /// Reads a result file; the period label is its `period`, else the file's name.
    pub fn load(path: &Path) -> Result<Period> {
        let file = path.display().to_string();
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "{file}: không có tệp kết quả này (tạo bằng parindex score … -o {file})"
            )));
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(&file, e))?;
        let raw: RawResult = serde_json::from_str(&text).map_err(|e| {
            Error::invalid(vec![Problem::new(
                &file,
                Some(e.line() as u64),
                format!("không phải tệp kết quả của `parindex score -f json`: {e}"),
            )])
        })?;
        let num = |what: &str, s: &str| {
            parse_decimal(s).map_err(|e| {
                Error::invalid(vec![Problem::new(&file, None, format!("{what}: {e}"))])
            })
        };
        let node = |n: RawNode, unit: &str| -> Result<Node> {
            let at = format!("đơn vị {unit}, {}", n.id);
            Ok(Node {
                points: num(&at, &n.points)?,
                max: num(&at, &n.max)?,
                index: n.index.as_deref().map(|i| num(&at, i)).transpose()?,
                status: n.status.unwrap_or_default(),
                id: n.id,
                title: n.title,
                owner: n.owner,
            })
        };
        let mut units = Vec::new();
        for u in raw.units {
            let at = format!("đơn vị {}", u.id);
            units.push(Unit {
                index: num(&at, &u.index)?,
                components: u
                    .components
                    .into_iter()
                    .map(|n| node(n, &u.id))
                    .collect::<Result<_>>()?,
                leaves: u
                    .leaves
                    .into_iter()
                    .map(|n| node(n, &u.id))
                    .collect::<Result<_>>()?,
                id: u.id,
                name: u.name,
                group: u.group,
                rank: u.rank,
                class: u.class,
            });
        }
        let has_period = raw.period.is_some();
        let label = raw.period.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        Ok(Period {
            file,
            criteria_id: raw.criteria.id,
            criteria_title: raw.criteria.title,
            label,
            has_period,
            places: raw.places,
            units,
        })
    }

    fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }
}

/// Reads a `before_id,after_id` map (many-to-one allowed), as CSV (comma, semicolon or tab)
/// or .xlsx like the evidence. Every id must be a unit of its period: a typo would otherwise
/// quietly leave a merged unit unmatched.
pub fn load_map(path: &Path, before: &Period, after: &Period) -> Result<HashMap<String, String>> {
    let file = path.display().to_string();
    let (table, mut problems) = crate::evidence::read_table(path, &file).map_err(Error::invalid)?;
    let (Some(b), Some(a)) = (table.column("before_id"), table.column("after_id")) else {
        return Err(Error::invalid(vec![Problem::new(
            &file,
            Some(1),
            format!(
                "tệp ánh xạ cần hai cột before_id, after_id (có: {})",
                table.headers.join(", ")
            ),
        )]));
    };
    let mut map = HashMap::new();
    for (line, fields) in &table.records {
        let at = Some(*line);
        let (from, to) = (fields[b].as_str(), fields[a].as_str());
        if from.is_empty() || to.is_empty() {
            problems.push(Problem::new(&file, at, "mỗi dòng cần before_id,after_id"));
            continue;
        }
        if before.unit(from).is_none() {
            problems.push(Problem::new(
                &file,
                at,
                format!(
                    "đơn vị {from} không có trong kết quả trước ({})",
                    before.file
                ),
            ));
        }
        if after.unit(to).is_none() {
            problems.push(Problem::new(
                &file,
                at,
                format!("đơn vị {to} không có trong kết quả sau ({})", after.file),
            ));
        }
        if let Some(old) = map.insert(from.to_string(), to.to_string()) {
            problems.push(Problem::new(
                &file,
                at,
                format!("đơn vị {from} được ánh xạ hai lần (sang {old} và {to})"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(Error::invalid(problems))
    }
}

/// A number cell, empty when absent.
fn opt_num(r: Option<Rational>) -> Val {
    r.map(Val::Num).unwrap_or_else(|| Val::text(""))
}

/// A change cell (signed), empty when absent.
fn delta(r: Option<Rational>) -> Val {
    r.map(Val::Delta).unwrap_or_else(|| Val::text(""))
}
