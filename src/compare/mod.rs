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
use crate::lang::{msg, said};
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
            return Err(Error::Usage(msg!(
                "{file}: không có tệp kết quả này (tạo bằng parindex score … -o {file})",
                "{file}: no such result file (make it with parindex score … -o {file})"
            )));
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(&file, e))?;
        let raw: RawResult = serde_json::from_str(&text).map_err(|e| {
            Error::invalid(vec![Problem::new(
                &file,
                Some(e.line() as u64),
                not_a_result(&e),
            )])
        })?;
        let num = |what: &str, s: &str| {
            parse_decimal(s).map_err(|e| {
                Error::invalid(vec![Problem::new(&file, None, format!("{what}: {e}"))])
            })
        };
        let node = |n: RawNode, unit: &str| -> Result<Node> {
            let at = msg!("đơn vị {unit}, {}", "unit {unit}, {}", n.id);
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
            let at = msg!("đơn vị {}", "unit {}", u.id);
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

/// Why a file is not a result of `parindex score -f json`, in the language of the messages
/// (serde's own words, in English, give a field's name at most), with what to do.
fn not_a_result(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let text = e.to_string();
    let field = text
        .split('`')
        .nth(1)
        .filter(|_| text.starts_with("missing field"));
    let col = e.column();
    let why = match (e.classify(), field) {
        (Category::Data, Some(field)) => {
            msg!("thiếu trường `{field}`", "the field `{field}` is missing")
        }
        (Category::Data, None) => msg!(
            "một trường có giá trị sai kiểu, cột {col}",
            "a field has a value of the wrong kind, column {col}"
        ),
        _ => msg!(
            "không phải JSON, hoặc bị cắt ngắn; cột {col}",
            "not JSON, or cut short; column {col}"
        ),
    };
    msg!(
        "không phải tệp kết quả của `parindex score -f json` ({why}): hãy dùng tệp ghi bằng parindex score -f json -o TỆP",
        "not a result of `parindex score -f json` ({why}): give a file written by parindex score -f json -o FILE"
    )
}

/// Reads a `before_id,after_id` map (many-to-one allowed), as CSV (comma, semicolon or tab)
/// or .xlsx like the evidence. Every id must be a unit of its period: a typo would otherwise
/// quietly leave a merged unit unmatched.
pub fn load_map(path: &Path, before: &Period, after: &Period) -> Result<HashMap<String, String>> {
    let file = path.display().to_string();
    if !path.is_file() {
        return Err(Error::Usage(msg!(
            "{file}: không có tệp ánh xạ này",
            "{file}: no such map file"
        )));
    }
    let (table, mut problems) = crate::evidence::read_table(path, &file).map_err(Error::invalid)?;
    let (Some(b), Some(a)) = (table.column("before_id"), table.column("after_id")) else {
        return Err(Error::invalid(vec![Problem::new(
            &file,
            Some(1),
            msg!(
                "tệp ánh xạ cần hai cột before_id, after_id (có: {})",
                "the map file needs the two columns before_id, after_id (it has: {})",
                table.headers.join(", ")
            ),
        )]));
    };
    let mut map = HashMap::new();
    for (line, fields) in &table.records {
        let at = Some(*line);
        let (from, to) = (fields[b].as_str(), fields[a].as_str());
        if from.is_empty() || to.is_empty() {
            problems.push(Problem::new(
                &file,
                at,
                said(
                    "mỗi dòng cần before_id,after_id",
                    "each row needs before_id,after_id",
                ),
            ));
            continue;
        }
        if before.unit(from).is_none() {
            problems.push(Problem::new(
                &file,
                at,
                msg!(
                    "đơn vị {from} không có trong kết quả trước ({})",
                    "unit {from} is not in the earlier result ({})",
                    before.file
                ),
            ));
        }
        if after.unit(to).is_none() {
            problems.push(Problem::new(
                &file,
                at,
                msg!(
                    "đơn vị {to} không có trong kết quả sau ({})",
                    "unit {to} is not in the later result ({})",
                    after.file
                ),
            ));
        }
        if let Some(old) = map.insert(from.to_string(), to.to_string()) {
            problems.push(Problem::new(
                &file,
                at,
                msg!(
                    "đơn vị {from} được ánh xạ hai lần (sang {old} và {to})",
                    "unit {from} is mapped twice (to {old} and to {to})"
                ),
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
