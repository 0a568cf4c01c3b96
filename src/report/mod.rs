//! Writers over the one result model: table, csv, json (SPEC §5, exact), md; the `explain`
//! and `tree` views; the Excel workbook and the HTML page. Human formats use the labels of
//! `--lang` (Vietnamese by default, with decimal commas; English with decimal points); csv
//! and json use dots and fixed column names, for scripts.

mod doc;
mod explain;
pub mod html;
mod json;
mod ranking;
mod sheet;
mod tree;
pub mod xlsx;

pub use doc::{Doc, Section, Val, csv_table, heading, neutralise, strings};
pub use explain::{explain, explain_leaf};
pub use json::{JsonHead, json, json_to, json_to_writer, to_json};
pub use ranking::{csv, ranking_doc};
pub use sheet::{Paper, sheet, sheet_doc};
pub use tree::tree;

use crate::criteria::Criteria;
use crate::lang::{Decimals, Lang};
use crate::number::Rational;
use crate::score::{ScoreResult, UnitResult};

/// Output formats of `score`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Md,
}

impl Format {
    /// The format a file name asks for, by its extension.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Md),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// Writes the result in a format; JSON is written as it is made, not held in memory.
/// `lang` is for the table and Markdown only (csv and json are for programs).
pub fn write(
    format: Format,
    criteria: &Criteria,
    result: &ScoreResult,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let text = match format {
        Format::Json => return json_to_writer(criteria, result, out),
        Format::Csv => return csv(criteria, result, out),
        Format::Table => ranking_doc(criteria, result, lang).table(),
        Format::Md => ranking_doc(criteria, result, lang).markdown(),
    };
    out.write_all(text.as_bytes())
}

/// Writes the units' texts in order, made on every core: `make` writes a run of units into a
/// buffer of its own, told the position of the run's first unit. A thousand units are made
/// at a time, so a whole country's output (gigabytes of JSON) is never held.
pub(crate) fn write_by_runs(
    units: &[UnitResult],
    out: &mut dyn std::io::Write,
    make: impl Fn(usize, &[UnitResult], &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const RUN: usize = 32;
    const AT_A_TIME: usize = 32 * RUN;
    // Each run's text is made in a buffer the size of the last one: grown step by step, the
    // buffers of a whole country's JSON were copied a gigabyte over.
    let size = std::sync::atomic::AtomicUsize::new(0);
    let relaxed = std::sync::atomic::Ordering::Relaxed;
    for (c, chunk) in units.chunks(AT_A_TIME).enumerate() {
        let texts: Vec<std::io::Result<Vec<u8>>> = (chunk.par_chunks(RUN).enumerate())
            .map(|(k, run)| {
                let mut text = Vec::with_capacity(size.load(relaxed));
                make(c * AT_A_TIME + k * RUN, run, &mut text)?;
                size.store(text.len(), relaxed);
                Ok(text)
            })
            .collect();
        for text in texts {
            out.write_all(&text?)?;
        }
    }
    Ok(())
}

/// A number for people: `places` decimals and the language's decimal separator ("89,45",
/// "89.45").
fn vi(r: Rational, p: Decimals) -> String {
    p.format(r)
}

fn opt_vi(r: Option<Rational>, p: Decimals) -> String {
    r.map(|r| vi(r, p)).unwrap_or_default()
}
