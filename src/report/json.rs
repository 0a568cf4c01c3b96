//! The result as JSON, exactly as SPEC §5 says: serde with a layout of its own.

use serde::Serialize;

use crate::criteria::Criteria;
use crate::number::{Fixed, Rational, units_bytes};
use crate::score::rules::self_score_value;
use crate::score::{ScoreResult, Status, UnitResult};

/// A field's key as JSON, with what follows it: `key!("points")` is `"points": `.
macro_rules! key {
    ($key:literal) => {
        concat!("\"", $key, "\": ").as_bytes()
    };
}
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
    /// Always empty: the units are written into it by [`json_to_writer`].
    units: [(); 0],
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

/// What every unit's JSON repeats, written once rather than for every unit: the texts of
/// each criteria node (`"1.1"`, `null` for no owner) and its maximum as a leaf's `max`, the
/// `max` of an excluded leaf, and each status.
struct Prepared {
    nodes: Vec<NodeJson>,
    zero: Vec<u8>,
    statuses: Vec<(Status, Vec<u8>)>,
}

struct NodeJson {
    id: Vec<u8>,
    title: Vec<u8>,
    owner: Vec<u8>,
    max: Vec<u8>,
}

impl Prepared {
    fn new(criteria: &Criteria) -> Prepared {
        let json = |text: Option<&str>| serde_json::to_vec(&text).unwrap_or_default();
        let nodes = criteria.nodes.iter();
        Prepared {
            nodes: nodes
                .map(|n| NodeJson {
                    id: json(Some(&n.id)),
                    title: json(Some(&n.title)),
                    owner: json(n.owner.as_deref()),
                    max: number_json(criteria, n.max),
                })
                .collect(),
            zero: number_json(criteria, Rational::ZERO),
            statuses: Status::ALL.map(|s| (s, json(Some(s.as_str())))).to_vec(),
        }
    }

    fn status(&self, status: Status) -> &[u8] {
        let found = self.statuses.iter().find(|(s, _)| *s == status);
        found.map_or(b"null", |(_, json)| json)
    }
}

/// A number as [`Object::number`] writes it, on its own.
fn number_json(criteria: &Criteria, r: Rational) -> Vec<u8> {
    let mut out = Vec::new();
    write_number(&mut out, Some(r.fixed(criteria.places, '.')));
    out
}

/// A number as a string of digits (SPEC §5); `null` when there is none.
fn write_number(out: &mut Vec<u8>, number: Option<Fixed>) {
    let mut buf = [0; 64];
    match number {
        Some(n) => match n.bytes(&mut buf) {
            Some(text) => {
                out.push(b'"');
                out.extend_from_slice(text);
                out.push(b'"');
            }
            // A number that cannot be rounded prints as its fraction.
            None => drop(serde_json::to_writer(&mut *out, &n.to_string())),
        },
        None => out.extend_from_slice(b"null"),
    }
}

/// Writes one unit as JSON where it stands in the document (an item of `units`, two levels
/// deep), in the [`Layout`] serde_json writes the rest in: fields one per line, each component
/// and each leaf an object on one line.
///
/// Written by hand rather than derived: a whole country's result is millions of leaves, and
/// serde's calls per field cost about 3.400 instructions a leaf against about 600 here, a third
/// of the time of `score -f json` (docs/design.md). Strings go through serde_json, so they are
/// escaped as everywhere else; numbers are [`Fixed`] texts, which need no escaping.
fn write_unit(out: &mut Vec<u8>, criteria: &Criteria, pre: &Prepared, u: &UnitResult) {
    let nodes = &pre.nodes;
    let fixed = |r: Rational| Some(r.fixed(criteria.places, '.'));
    let mut unit = Object::open_unit(out);
    unit.string(key!("id"), Some(&u.unit.id));
    unit.string(key!("name"), Some(&u.unit.name));
    unit.string(key!("group"), Some(&u.unit.group));
    unit.number(key!("points"), fixed(u.points));
    unit.number(key!("max"), fixed(u.max));
    unit.number(key!("index"), fixed(u.index));
    unit.number(key!("bonus"), fixed(u.bonus));
    unit.number(key!("penalty"), fixed(u.penalty));
    unit.number(key!("self_points"), u.self_points.and_then(fixed));
    unit.raw(key!("rank"), itoa::Buffer::new().format(u.rank).as_bytes());
    unit.raw(
        key!("group_size"),
        itoa::Buffer::new().format(u.group_size).as_bytes(),
    );
    unit.string(key!("class"), u.class.as_deref());
    unit.key(key!("components"));
    for (k, &c) in criteria.components.iter().enumerate() {
        let n = &criteria.nodes[c];
        let (points, max) = u.node(criteria, c);
        let mut line = Object::open_line(unit.out, k == 0);
        line.raw(key!("id"), &nodes[c].id);
        line.raw(key!("title"), &nodes[c].title);
        line.string(key!("kind"), Some(n.kind.as_str()));
        line.number(key!("points"), fixed(points));
        line.number(key!("max"), fixed(max));
        line.number(key!("index"), u.node_index(criteria, c).and_then(fixed));
        line.out.push(b'}');
    }
    close_lines(unit.out, criteria.components.is_empty());
    unit.key(key!("leaves"));
    for i in 0..u.seen.len() {
        // The leaf's parts, not [`UnitResult::leaf`]: it reads the appraised points too, which
        // JSON does not show (a whole country has millions of leaves).
        let node = criteria.leaf_node(i);
        let [value, self_score, ..] = u.texts.get(i);
        let self_score = self_score_value(self_score, criteria.nodes[node].max);
        let mut line = Object::open_line(unit.out, i == 0);
        line.raw(key!("id"), &nodes[node].id);
        line.raw(key!("status"), pre.status(u.seen.status(i)));
        line.units(key!("points"), u.leaf_units(i), criteria.places);
        let excluded = u.leaf_excluded(criteria, i);
        line.raw(
            key!("max"),
            if excluded {
                &pre.zero
            } else {
                &nodes[node].max
            },
        );
        line.number(key!("self_score"), self_score.and_then(fixed));
        line.string(key!("value"), Some(value).filter(|v| !v.is_empty()));
        line.raw(key!("owner"), &nodes[node].owner);
        line.out.push(b'}');
    }
    close_lines(unit.out, u.seen.len() == 0);
    unit.out.extend_from_slice(b"\n    }");
}

/// An object being written: each field is what goes before it, `"key": ` and the value.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    /// Before the first field, and before every other one.
    before: [&'static [u8]; 2],
    first: bool,
}

impl<'o> Object<'o> {
    /// An object with one field a line, at the depth of a unit's fields.
    fn open_unit(out: &'o mut Vec<u8>) -> Self {
        Object::open(out, [b"\n      ", b",\n      "])
    }

    fn open(out: &'o mut Vec<u8>, before: [&'static [u8]; 2]) -> Self {
        out.push(b'{');
        Object {
            out,
            before,
            first: true,
        }
    }

    /// An object on one line, as an item of a list of objects one per line (three levels
    /// down from the unit's fields), opening the list before the first.
    fn open_line(out: &'o mut Vec<u8>, first_item: bool) -> Self {
        out.extend_from_slice(if first_item {
            b"[\n        "
        } else {
            b",\n        "
        });
        Object::open(out, [b"", b", "])
    }

    /// Writes what goes before a field and its key, `"points": ` ([`key!`]).
    fn key(&mut self, key: &[u8]) {
        let before = self.before[usize::from(!self.first)];
        self.first = false;
        self.out.extend_from_slice(before);
        self.out.extend_from_slice(key);
    }

    /// A value that is JSON text already.
    fn raw(&mut self, key: &[u8], json: &[u8]) {
        self.key(key);
        self.out.extend_from_slice(json);
    }

    /// A string, escaped by serde_json; `null` when there is none.
    fn string(&mut self, key: &[u8], text: Option<&str>) {
        self.key(key);
        match text {
            // Writing to memory cannot fail.
            Some(text) => drop(serde_json::to_writer(&mut *self.out, text)),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    /// A count of 10^-places units as a string of digits (SPEC §5).
    fn units(&mut self, key: &[u8], units: i64, places: u32) {
        let mut buf = [0; 64];
        // An i64 has at most 19 digits and places are at most 10: it fits the buffer; were
        // it not to, the number is written as any other.
        let Some(text) = units_bytes(i128::from(units), places, '.', &mut buf) else {
            let number = Rational::from_scaled(i128::from(units), places);
            return self.number(key, number.map(|n| n.fixed(places, '.')));
        };
        self.key(key);
        self.out.push(b'"');
        self.out.extend_from_slice(text);
        self.out.push(b'"');
    }

    /// A number as a string of digits (SPEC §5); `null` when there is none.
    fn number(&mut self, key: &[u8], number: Option<Fixed>) {
        self.key(key);
        write_number(self.out, number);
    }
}

/// Ends a list of one-line objects (or writes an empty one).
fn close_lines(out: &mut Vec<u8>, empty: bool) {
    out.extend_from_slice(if empty { b"[]" } else { b"\n      ]" });
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
            units: [],
        },
        &mut head,
    )?;
    if result.units.is_empty() {
        return out.write_all(&head);
    }
    let open = head.len().saturating_sub(b"]\n}\n".len());
    out.write_all(&head[..open])?;
    let pre = Prepared::new(criteria);
    super::write_by_runs(&result.units, out, |first, run, text| {
        for (i, u) in run.iter().enumerate() {
            text.extend_from_slice(if first + i == 0 {
                b"\n    "
            } else {
                b",\n    "
            });
            write_unit(text, criteria, &pre, u);
        }
        Ok(())
    })?;
    out.write_all(b"\n  ]\n}\n")
}

/// The result as SPEC §5's JSON text.
pub fn json(criteria: &Criteria, result: &ScoreResult) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = json_to_writer(criteria, result, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
