//! The numbers of a criteria table's rows (`1`, `1.2`, `1.2.3`, Roman `I`–`XXXIX` for the
//! components), read into the parts of a node's id.

/// A row number read as the parts of a node number: `1.2.3` (a trailing dot allowed, a
/// comma as Excel may show it), or a Roman numeral for a component (`IV` → 4).
pub(super) fn parse_id(text: &str) -> Option<Vec<u32>> {
    let t = text.trim().trim_end_matches('.');
    if let Some(n) = roman(t) {
        return Some(vec![n]);
    }
    if t.split(['.', ',']).count() > MAX_DEPTH {
        return None;
    }
    t.split(['.', ','])
        .map(|p| {
            let p = p.trim();
            (!p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())
                .flatten()
        })
        .collect()
}

/// The most levels a number may have (1.1.1.1… ten times): no set has more than four.
pub(super) const MAX_DEPTH: usize = 10;

/// A Roman numeral from I to XXXIX.
fn roman(text: &str) -> Option<u32> {
    let t = text.to_ascii_uppercase();
    if t.is_empty() || !t.bytes().all(|b| b"IVX".contains(&b)) {
        return None;
    }
    let value = |c: u8| match c {
        b'I' => 1,
        b'V' => 5,
        _ => 10,
    };
    let b = t.as_bytes();
    let mut n: i64 = 0;
    for (i, &c) in b.iter().enumerate() {
        let v = value(c);
        if b.get(i + 1).is_some_and(|&next| value(next) > v) {
            n -= v;
        } else {
            n += v;
        }
    }
    // Only the canonical spelling: IIII or VX are slips, not numbers.
    let n = u32::try_from(n).ok()?;
    (canonical(n) == t).then_some(n)
}

fn canonical(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

pub(super) fn join(parts: &[u32]) -> String {
    parts
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_roman_numerals() {
        assert_eq!(parse_id("1.2.3"), Some(vec![1, 2, 3]));
        assert_eq!(parse_id("2."), Some(vec![2]));
        assert_eq!(parse_id("IV"), Some(vec![4]));
        assert_eq!(parse_id("xii"), Some(vec![12]));
        assert_eq!(parse_id("IIII"), None);
        assert_eq!(parse_id("a)"), None);
        assert_eq!(parse_id("1..2"), None);
        assert_eq!(parse_id(&["1"; 11].join(".")), None);
    }
}
