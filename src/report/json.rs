//! The result as JSON, exactly as SPEC §5 says: serde with a layout of its own.

use serde::Serialize;

use rayon::prelude::*;

use crate::criteria::Criteria;
use crate::number::{Fixed, Rational};
use crate::score::{ScoreResult, UnitResult};

/// The fields every JSON result starts with.
#[derive(Serialize)]
pub struct JsonHead<'a> {
    tool: String,
    criteria: JsonCriteria<'a>,
    period: Option<&'a str>,
    places: u32,
}

impl<'a> JsonHead<'a> {
    pub fn new(criteria: &'a Criteria, result: &'a ScoreResult) -> Self {
        JsonHead {
            tool: format!("parindex {}", env!("CARGO_PKG_VERSION")),
            criteria: JsonCriteria {
                id: &criteria.id,
                title: &criteria.title,
            },
            period: result.period.as_deref(),
            places: criteria.places,
        }
    }
}

#[derive(Serialize)]
struct JsonCriteria<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    #[serde(flatten)]
    head: JsonHead<'a>,
    units: Vec<JsonUnit<'a>>,
}

/// JSON laid out for people and for size: indented as serde_json's pretty printer does, down
/// to the lists inside list items (a unit's components and leaves), whose items are written
/// one per line: `{"id": "7.5", "status": "scored", …}`.
struct Layout {
    depth: usize,
    has_value: bool,
}

/// Containers this deep or deeper are written on one line.
const FLAT_FROM: usize = 5;

impl Layout {
    fn flat(&self) -> bool {
        self.depth >= FLAT_FROM
    }

    /// Before an item (array value or object key): a new indented line, or ", " when flat.
    fn item<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        if self.flat() {
            return w.write_all(if first { b"" } else { b", " });
        }
        w.write_all(if first { b"\n" } else { b",\n" })?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }

    /// Closing a container: on its own line if it had items and is not flat.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        let flat = self.flat();
        self.depth -= 1;
        if self.has_value && !flat {
            w.write_all(b"\n")?;
            (0..self.depth).try_for_each(|_| w.write_all(b"  "))?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Layout {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes a document as JSON in the [`Layout`], with a final newline.
pub fn json_to<T: Serialize>(doc: &T, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let layout = Layout {
        depth: 0,
        has_value: false,
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, layout);
    doc.serialize(&mut ser).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// A document as JSON text.
pub fn to_json<T: Serialize>(doc: &T) -> String {
    let mut out = Vec::new();
    // Writing strings and numbers into memory cannot fail.
    let _ = json_to(doc, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[derive(Serialize)]
struct JsonUnit<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    points: Fixed,
    max: Fixed,
    index: Fixed,
    bonus: Fixed,
    penalty: Fixed,
    self_points: Option<Fixed>,
    rank: usize,
    group_size: usize,
    class: Option<&'a str>,
    components: Vec<JsonComponent<'a>>,
    leaves: Vec<JsonLeaf<'a>>,
}

#[derive(Serialize)]
struct JsonComponent<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    points: Fixed,
    max: Fixed,
    index: Option<Fixed>,
}

#[derive(Serialize)]
struct JsonLeaf<'a> {
    id: &'a str,
    status: &'static str,
    points: Fixed,
    max: Fixed,
    self_score: Option<Fixed>,
    value: Option<&'a str>,
    owner: Option<&'a str>,
}

fn json_unit<'a>(criteria: &'a Criteria, u: &'a UnitResult) -> JsonUnit<'a> {
    let f = |r: Rational| r.fixed(criteria.places, '.');
    JsonUnit {
        id: &u.unit.id,
        name: &u.unit.name,
        group: &u.unit.group,
        points: f(u.points),
        max: f(u.max),
        index: f(u.index),
        bonus: f(u.bonus),
        penalty: f(u.penalty),
        self_points: u.self_points.map(f),
        rank: u.rank,
        group_size: u.group_size,
        class: u.class.as_deref(),
        components: criteria
            .components
            .iter()
            .map(|&c| {
                let n = &criteria.nodes[c];
                let (points, max) = u.node(criteria, c);
                JsonComponent {
                    id: &n.id,
                    title: &n.title,
                    kind: n.kind.as_str(),
                    points: f(points),
                    max: f(max),
                    index: u.node_index(criteria, c).map(f),
                }
            })
            .collect(),
        leaves: u
            .leaves(criteria)
            .map(|l| {
                let n = &criteria.nodes[l.node];
                JsonLeaf {
                    id: &n.id,
                    status: l.status.as_str(),
                    points: f(l.points),
                    max: f(l.max),
                    self_score: l.self_score.map(f),
                    value: l.value,
                    owner: n.owner.as_deref(),
                }
            })
            .collect(),
    }
}

/// The result as SPEC §5's JSON, written as it is made: the units are turned into JSON a
/// thousand at a time, on every core, and written in order; a whole country's JSON (gigabytes)
/// is never held.
pub fn json_to_writer(
    criteria: &Criteria,
    result: &ScoreResult,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // The document without its units ends with `"units": []`, then `}`: the units go
    // between the brackets, each as serde_json writes it at that depth in the [`Layout`].
    let mut head = Vec::new();
    json_to(
        &JsonDoc {
            head: JsonHead::new(criteria, result),
            units: Vec::new(),
        },
        &mut head,
    )?;
    if result.units.is_empty() {
        return out.write_all(&head);
    }
    let open = head.len().saturating_sub(b"]\n}\n".len());
    out.write_all(&head[..open])?;
    let unit_json = |u: &UnitResult| -> std::io::Result<Vec<u8>> {
        let mut text = Vec::new();
        // Inside the document and its list of units: two levels deep.
        let layout = Layout {
            depth: 2,
            has_value: false,
        };
        let mut ser = serde_json::Serializer::with_formatter(&mut text, layout);
        json_unit(criteria, u)
            .serialize(&mut ser)
            .map_err(std::io::Error::other)?;
        Ok(text)
    };
    for (c, chunk) in result.units.chunks(1024).enumerate() {
        let texts: Vec<std::io::Result<Vec<u8>>> = chunk.par_iter().map(unit_json).collect();
        for (i, text) in texts.into_iter().enumerate() {
            out.write_all(if c == 0 && i == 0 {
                b"\n    "
            } else {
                b",\n    "
            })?;
            out.write_all(&text?)?;
        }
    }
    out.write_all(b"\n  ]\n}\n")
}

/// The result as SPEC §5's JSON text.
pub fn json(criteria: &Criteria, result: &ScoreResult) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = json_to_writer(criteria, result, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
