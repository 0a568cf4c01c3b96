//! Exact numbers: a small rational type, the readers for numbers as offices write them
//! (decimal comma or dot, thousands separators, `%`, `a/b`), and the printers.
//!
//! Every score is computed as an exact fraction of two `i128` and rounded once where SPEC §4
//! says, half away from zero. An operation whose result does not fit returns `None`; callers
//! turn that into an input error, never a panic.

use std::cmp::Ordering;
use std::fmt;

use crate::lang::msg;

/// An exact fraction `num / den`, `den > 0`. It is reduced only when a result would not fit
/// otherwise: reducing (a GCD) after every step was the largest part of scoring, and most
/// steps are on small numbers with the same denominator. Equality is of values.
#[derive(Clone, Copy, Debug)]
pub struct Rational {
    num: i128,
    den: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    // The same steps on 64 bits while both fit: a 128-bit division is a library call, several
    // times slower, and scores are small numbers (measured: a fifth of the time of scoring).
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        return i128::from(gcd_u64(x, y));
    }
    while b != 0 {
        (a, b) = (b, a % b);
    }
    // Both operands are above i128::MIN (Rational::new refuses it), so this fits.
    a as i128
}

/// `a / b` truncated, as i128 division, done on 64 bits when both fit (for the same reason).
fn div(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(x), Ok(y)) if y != -1 => i128::from(x / y),
        _ => a / b,
    }
}

/// `a × b`, if it fits. Two numbers that fit in 64 bits have a product that fits in 128: it
/// is one machine multiplication then, where a checked 128-bit one is a library call (most
/// of the cost of comparing two scores).
fn mul(a: i128, b: i128) -> Option<i128> {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(x), Ok(y)) => Some(i128::from(x) * i128::from(y)),
        _ => a.checked_mul(b),
    }
}

/// `a % b` (b ≠ 0), on 64 bits when both fit, as [`div`].
fn rem(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(x), Ok(y)) if y != -1 => i128::from(x % y),
        _ => a % b,
    }
}

/// Stein's binary GCD on 64 bits: shifts and subtractions instead of divisions.
fn gcd_u64(mut x: u64, mut y: u64) -> u64 {
    if x == 0 || y == 0 {
        return x | y;
    }
    let shift = (x | y).trailing_zeros();
    x >>= x.trailing_zeros();
    loop {
        y >>= y.trailing_zeros();
        if x > y {
            std::mem::swap(&mut x, &mut y);
        }
        y -= x;
        if y == 0 {
            return x << shift;
        }
    }
}

/// 10^n, if it fits: looked up, as every number printed needs one (`checked_pow` was a
/// tenth of the cost of printing).
fn pow10(n: u32) -> Option<i128> {
    const POWERS: [i128; 39] = {
        let mut powers = [1; 39];
        let mut i = 1;
        while i < powers.len() {
            powers[i] = powers[i - 1] * 10;
            i += 1;
        }
        powers
    };
    POWERS.get(n as usize).copied()
}

impl Rational {
    pub const ZERO: Rational = Rational { num: 0, den: 1 };
    pub const HUNDRED: Rational = Rational { num: 100, den: 1 };

    pub fn new(num: i128, den: i128) -> Option<Rational> {
        if den == 0 || num == i128::MIN || den == i128::MIN {
            return None;
        }
        Some(if den < 0 {
            Rational {
                num: -num,
                den: -den,
            }
        } else {
            Rational { num, den }
        })
    }

    /// The same value in lowest terms.
    fn reduced(self) -> Rational {
        let g = gcd(self.num, self.den).max(1);
        Rational {
            num: div(self.num, g),
            den: div(self.den, g),
        }
    }

    pub fn from_int(n: i128) -> Rational {
        Rational { num: n, den: 1 }
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    pub fn abs(self) -> Rational {
        Rational {
            num: self.num.saturating_abs(),
            den: self.den,
        }
    }

    pub fn is_integer(self) -> bool {
        rem(self.num, self.den) == 0
    }

    /// The integer value, for a whole number.
    pub fn to_integer(self) -> Option<i128> {
        self.is_integer().then(|| div(self.num, self.den))
    }

    pub fn checked_add(self, o: Rational) -> Option<Rational> {
        // Over the same denominator, the usual case (points in hundredths, self-scores of 1):
        // the numerators added, with no GCD.
        let same = (self.den == o.den).then(|| self.num.checked_add(o.num));
        if let Some(sum) = same.flatten().and_then(|num| Rational::new(num, self.den)) {
            return Some(sum);
        }
        // Over the least common denominator; in lowest terms when that does not fit.
        let sum = |x: Rational, y: Rational| {
            if x.den == y.den {
                return Rational::new(x.num.checked_add(y.num)?, x.den);
            }
            let g = gcd(x.den, y.den);
            let a = mul(x.num, div(y.den, g))?;
            let b = mul(y.num, div(x.den, g))?;
            Rational::new(a.checked_add(b)?, mul(div(x.den, g), y.den)?)
        };
        sum(self, o).or_else(|| Some(sum(self.reduced(), o.reduced())?.reduced()))
    }

    pub fn checked_sub(self, o: Rational) -> Option<Rational> {
        self.checked_add(o.checked_neg()?)
    }

    pub fn checked_neg(self) -> Option<Rational> {
        Some(Rational {
            num: self.num.checked_neg()?,
            den: self.den,
        })
    }

    pub fn checked_mul(self, o: Rational) -> Option<Rational> {
        let product =
            |x: Rational, y: Rational| Rational::new(mul(x.num, y.num)?, mul(x.den, y.den)?);
        product(self, o).or_else(|| {
            // In lowest terms, only a numerator and the other's denominator share factors.
            let (x, y) = (self.reduced(), o.reduced());
            let g1 = gcd(x.num, y.den).max(1);
            let g2 = gcd(y.num, x.den).max(1);
            Rational::new(
                mul(div(x.num, g1), div(y.num, g2))?,
                mul(div(x.den, g2), div(y.den, g1))?,
            )
        })
    }

    pub fn checked_div(self, o: Rational) -> Option<Rational> {
        let inverse = match o.num.cmp(&0) {
            Ordering::Equal => return None,
            Ordering::Greater => Rational {
                num: o.den,
                den: o.num,
            },
            Ordering::Less => Rational {
                num: o.den.checked_neg()?,
                den: o.num.checked_neg()?,
            },
        };
        self.checked_mul(inverse)
    }

    pub fn min(self, o: Rational) -> Rational {
        if o < self { o } else { self }
    }

    pub fn max(self, o: Rational) -> Rational {
        if o > self { o } else { self }
    }

    /// Rounds to `places` decimals, half away from zero (0.125 → 0.13, −0.125 → −0.13).
    pub fn round(self, places: u32) -> Option<Rational> {
        Rational::from_scaled(self.scaled(places)?, places)
    }

    /// `units` × 10^-places: the inverse of [`Rational::scaled`].
    pub fn from_scaled(units: i128, places: u32) -> Option<Rational> {
        Rational::new(units, pow10(places)?)
    }

    /// The number rounded to `places` decimals, half away from zero, counted in units of
    /// 10^-places (0.125 at 2 places → 13).
    pub fn scaled(self, places: u32) -> Option<i128> {
        let p = pow10(places)?;
        // A numerator too large to scale may fit in lowest terms.
        let (x, scaled) = match mul(self.num, p) {
            Some(scaled) => (self, scaled),
            None => {
                let x = self.reduced();
                (x, mul(x.num, p)?)
            }
        };
        if x.den == 1 {
            return Some(scaled);
        }
        let q = div(scaled, x.den);
        let r = rem(scaled, x.den).abs();
        // r < den, so den − r does not overflow: r ≥ den − r is 2r ≥ den.
        Some(if r >= x.den - r {
            q + scaled.signum()
        } else {
            q
        })
    }

    /// Prints a number with exactly `places` decimals, rounding half away from zero,
    /// with `sep` as the decimal separator and no thousands separator.
    pub fn format(self, places: u32, sep: char) -> String {
        self.fixed(places, sep).to_string()
    }

    /// The number with exactly `places` decimals, rounded half away from zero, as a value
    /// that prints itself (no allocation): what JSON and CSV writers stream out.
    pub fn fixed(self, places: u32, sep: char) -> Fixed {
        Fixed {
            value: self,
            places,
            sep,
        }
    }

    /// The number written out exactly with `sep` as the decimal separator and no more
    /// decimals than it needs (1.5, 0.01, 100); None when its decimals do not end (1/3).
    pub fn exact_text(self, sep: char) -> Option<String> {
        (0..=30)
            .find(|&places| self.round(places) == Some(self))
            .map(|places| self.format(places, sep))
    }

    /// A short human form: at most four decimals, `…` when it was cut (for explanations).
    pub fn display_vi(self) -> String {
        let four = self.format(4, ',');
        let exact = self.round(4) == Some(self);
        let trimmed = if four.contains(',') {
            four.trim_end_matches('0').trim_end_matches(',').to_string()
        } else {
            four
        };
        if exact {
            trimmed
        } else {
            format!("{trimmed}…")
        }
    }
}

impl Ord for Rational {
    /// Exact comparison: of the cross products when they fit, else by continued fractions,
    /// which never overflow.
    fn cmp(&self, other: &Self) -> Ordering {
        // Over one denominator (a value against a maximum, both whole), the numerators.
        if self.den == other.den {
            return self.num.cmp(&other.num);
        }
        // Denominators are positive: compare the cross products when they fit.
        if let (Some(x), Some(y)) = (mul(self.num, other.den), mul(other.num, self.den)) {
            return x.cmp(&y);
        }
        cmp_fractions(self.num, self.den, other.num, other.den)
    }
}

/// Compares a/b with c/d (b, d > 0) by their continued fractions: no product, no overflow.
fn cmp_fractions(mut a: i128, mut b: i128, mut c: i128, mut d: i128) -> Ordering {
    let mut flipped = false;
    loop {
        let (fa, fc) = (a.div_euclid(b), c.div_euclid(d));
        let ord = fa.cmp(&fc);
        if ord != Ordering::Equal {
            return if flipped { ord.reverse() } else { ord };
        }
        let (ra, rc) = (a.rem_euclid(b), c.rem_euclid(d));
        let ord = match (ra == 0, rc == 0) {
            (true, true) => Some(Ordering::Equal),
            (true, false) => Some(Ordering::Less),
            (false, true) => Some(Ordering::Greater),
            (false, false) => None,
        };
        if let Some(ord) = ord {
            return if flipped { ord.reverse() } else { ord };
        }
        // a/b = fa + ra/b and c/d = fc + rc/d: compare ra/b with rc/d, i.e. d/rc with b/ra.
        (a, b, c, d) = (b, ra, d, rc);
        flipped = !flipped;
    }
}

impl PartialEq for Rational {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Rational {}

impl PartialOrd for Rational {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// As the messages write it: 10,5 in Vietnamese, 10.5 in English (`--lang en`).
impl fmt::Display for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::lang::messages().short(*self))
    }
}

/// Folds Vietnamese text for lenient matching: lowercase, without diacritics (đ → d), with
/// spaces, hyphens and underscores alike ("Xuất sắc" → "xuat_sac").
pub fn fold_vi(text: &str) -> String {
    folded(text).collect()
}

/// Which of `words` (lowercase ASCII, `_` for a space) a text folds to ([`fold_vi`]), without
/// making the folded text: yes/no and the not-applicable words are read from every row.
pub fn fold_match(text: &str, words: &[&str]) -> Option<usize> {
    let mut buf = [0u8; 24];
    let mut len = 0;
    for c in folded(text) {
        // Every word is ASCII and shorter than the buffer: another text is none of them.
        let slot = buf.get_mut(len).filter(|_| c.is_ascii())?;
        *slot = c as u8;
        len += 1;
    }
    let text = &buf[..len];
    words.iter().position(|w| w.as_bytes() == text)
}

/// Whether two texts fold alike ([`fold_vi`]), without making either folded text.
pub fn fold_eq(a: &str, b: &str) -> bool {
    folded(a).eq(folded(b))
}

/// Whether a text folds to `folded`, a text folded already ([`fold_vi`]).
pub fn fold_vi_eq(text: &str, folded_text: &str) -> bool {
    folded(text).eq(folded_text.chars())
}

/// The name among `names` nearest to a misspelt `name`, if one is near enough to be meant
/// (`bacson` for `bac-son`, `trang-dnh` for `trang-dinh`, `self_scor` for `self_score`):
/// folded alike, at most two letters longer or shorter, and close by Jaro-Winkler.
pub fn near_name<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let folded = |s: &str| fold_vi(s).replace('_', "");
    let wanted = folded(name);
    let near = |n: &str| wanted.chars().count().abs_diff(n.chars().count()) <= 2;
    names
        .map(|n| (folded(n), n))
        .filter(|(f, _)| near(f))
        .map(|(f, n)| (strsim::jaro_winkler(&wanted, &f), n))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// The characters of a text folded ([`fold_vi`]), one by one.
fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut after_separator = false;
    text.trim().chars().filter_map(move |c| {
        let c = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            base_letter(c.to_lowercase().next().unwrap_or(c))
        };
        match c {
            // A run of separators is one underscore.
            ' ' | '-' | '_' => (!std::mem::replace(&mut after_separator, true)).then_some('_'),
            // Combining marks of decomposed (NFD) text.
            '\u{300}'..='\u{36f}' => None,
            c => {
                after_separator = false;
                Some(c)
            }
        }
    })
}

/// The base letter of a lowercase Vietnamese letter with marks.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        c => c,
    }
}

/// A number printed with a fixed count of decimals; see [`Rational::fixed`].
#[derive(Clone, Copy, Debug)]
pub struct Fixed {
    value: Rational,
    places: u32,
    sep: char,
}

impl Fixed {
    /// The number as text in `buf`; None when it cannot be rounded to `places` (a fraction
    /// too large for i128 units).
    pub fn text<'b>(&self, buf: &'b mut [u8; 64]) -> Option<&'b str> {
        std::str::from_utf8(self.bytes(buf)?).ok()
    }

    /// [`Fixed::text`] as bytes, for writers of bytes (JSON, CSV): checking that they are
    /// UTF-8 was a fifth of the time of printing a number.
    pub fn bytes<'b>(&self, buf: &'b mut [u8; 64]) -> Option<&'b [u8]> {
        // The number of 10^-places units, rounded half away from zero, and its digits.
        units_bytes(self.value.scaled(self.places)?, self.places, self.sep, buf)
    }
}

/// A count of 10^-places units written as a number with exactly `places` decimals and `sep`
/// as the decimal separator (1234 at 2 places: 12.34); None when `buf` is too short.
pub(crate) fn units_bytes(
    units: i128,
    places: u32,
    sep: char,
    buf: &mut [u8; 64],
) -> Option<&[u8]> {
    let mut digits = itoa::Buffer::new();
    // Printing a u64 takes a third of the time of a u128.
    let digits = match u64::try_from(units.unsigned_abs()) {
        Ok(small) => digits.format(small),
        Err(_) => digits.format(units.unsigned_abs()),
    }
    .as_bytes();
    let places = places as usize;
    // At least one digit before the separator: 5 units at 2 places are 0,05.
    let (whole, zeros, fraction) = match digits.len().checked_sub(places) {
        Some(cut) if cut > 0 => (&digits[..cut], 0, &digits[cut..]),
        _ => (&b"0"[..], places - digits.len(), digits),
    };
    let mut sep_bytes = [0; 4];
    let sep = sep.encode_utf8(&mut sep_bytes).as_bytes();
    let mut len = 0;
    let mut push = |b: &[u8]| -> Option<()> {
        buf.get_mut(len..len + b.len())?.copy_from_slice(b);
        len += b.len();
        Some(())
    };
    if units < 0 {
        push(b"-")?;
    }
    push(whole)?;
    if places > 0 {
        push(sep)?;
        (0..zeros).try_for_each(|_| push(b"0"))?;
        push(fraction)?;
    }
    buf.get(..len)
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text(&mut [0; 64]) {
            Some(text) => f.write_str(text),
            // Cannot happen for numbers read from text of up to 36 digits at 10 places or
            // fewer; print the fraction rather than panic.
            None => {
                let r = self.value.reduced();
                write!(f, "{}/{}", r.num, r.den)
            }
        }
    }
}

impl serde::Serialize for Fixed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.text(&mut [0; 64]) {
            Some(text) => s.serialize_str(text),
            None => s.collect_str(self),
        }
    }
}

/// What a `value` cell holds once read as a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Number {
    Value(Rational),
    NotApplicable,
}

/// The spellings of "not applicable" (SPEC §3), compared case-insensitively.
pub fn is_not_applicable(text: &str) -> bool {
    // Every spelling starts with n or k (no marks on those letters), or holds a slash.
    let t = text.trim_start();
    if !matches!(t.as_bytes().first(), Some(b'n' | b'N' | b'k' | b'K'))
        && !t.bytes().any(|b| b == b'/')
    {
        return false;
    }
    const WORDS: [&str; 5] = ["n/a", "na", "khong_ap_dung", "khong_phat_sinh", "kps"];
    fold_match(text, &WORDS).is_some()
        || (text.contains('/') && parse_number(&fold_vi(text)) == Ok(Number::NotApplicable))
}

/// Reads a number as offices write it (SPEC §3): `86,45`, `86.45`, `39.079,5`, `39,079.5`,
/// `1.234.567`, an optional trailing `%`, and `a/b` meaning a ÷ b × 100; `0/0` is not
/// applicable. The not-applicable words are left to [`is_not_applicable`].
pub fn parse_number(text: &str) -> Result<Number, String> {
    let t = text.trim();
    let t = t.strip_suffix('%').map(str::trim_end).unwrap_or(t);
    if let Some(slash) = t.bytes().position(|b| b == b'/') {
        let a = parse_plain(t[..slash].trim())?;
        let b = parse_plain(t[slash + 1..].trim())?;
        if b.is_zero() {
            return if a.is_zero() {
                Ok(Number::NotApplicable)
            } else {
                Err(format!("\"{}\": chia cho 0", text.trim()))
            };
        }
        return a
            .checked_mul(Rational::HUNDRED)
            .and_then(|x| x.checked_div(b))
            .map(Number::Value)
            .ok_or_else(|| too_large(text));
    }
    parse_plain(t).map(Number::Value)
}

fn too_large(text: &str) -> String {
    msg!(
        "\"{}\": số quá lớn, không tính chính xác được",
        "\"{}\": the number is too large to be computed exactly",
        text.trim()
    )
}

/// A plain number with either separator (no `%`, no `/`), read in one pass over its bytes
/// (the separators and the digits), then checked: which separator is the decimal one (SPEC
/// §3), whether the thousands groups are whole.
fn parse_plain(text: &str) -> Result<Rational, String> {
    let bad = || msg!("\"{text}\" không phải là số", "\"{text}\" is not a number");
    let (neg, body) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    // The digits of the integer and decimal parts, without separators, make one integer
    // (the mantissa), whichever separator turns out to be the decimal one.
    let (mut dots, mut commas, mut last) = (0, 0, 0);
    let (mut mantissa, mut significant) = (0i128, 0);
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'.' => (dots, last) = (dots + 1, i),
            b',' => (commas, last) = (commas + 1, i),
            b'0'..=b'9' => {
                significant += usize::from(mantissa > 0 || b != b'0');
                // 36 digits fit in an i128; more are refused below.
                if significant <= 36 {
                    mantissa = mantissa * 10 + i128::from(b - b'0');
                }
            }
            _ => return Err(bad()),
        }
    }
    if body.is_empty() {
        return Err(bad());
    }
    // The decimal separator: the only one; none when one kind appears more than once (it
    // separates thousands); with both kinds, the last, which must then appear once.
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (1, 0) | (0, 1) => Some(last),
        (_, 0) | (0, _) => None,
        _ if body.iter().filter(|&&b| b == body[last]).count() > 1 => return Err(bad()),
        _ => Some(last),
    };
    let (int, frac) = match decimal {
        Some(at) => (&body[..at], &body[at + 1..]),
        None => (body, &[][..]),
    };
    // Thousands groups must look like thousands: 1–3 digits, then groups of exactly 3
    // ("1.234.567"); "82.5.1" is a typing slip, not 8251.
    let separator = |b: &u8| *b == b'.' || *b == b',';
    if int.iter().any(separator) {
        let mut groups = int.split(separator);
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err(msg!(
                "\"{text}\" không phải là số (phần nghìn phải đủ nhóm 3 chữ số, ví dụ 1.234.567)",
                "\"{text}\" is not a number (thousands must come in groups of 3 digits, e.g. 1.234.567)"
            ));
        }
    }
    if int.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    if frac.len() > 30 {
        return Err(too_large(text));
    }
    if significant > 36 {
        return Err(too_large(text));
    }
    let scale = pow10(frac.len() as u32).ok_or_else(|| too_large(text))?;
    let value = Rational::new(mantissa, scale).ok_or_else(|| too_large(text))?;
    Ok(if neg {
        value.checked_neg().ok_or_else(bad)?
    } else {
        value
    })
}

/// A number in a criteria or result file: digits with an optional `.` decimal part and sign
/// (YAML and JSON decimals are written with a dot, SPEC §2 and §5), read exactly.
pub fn parse_decimal(text: &str) -> Result<Rational, String> {
    let t = text.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let ok = !body.is_empty()
        && body.matches('.').count() <= 1
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return Err(msg!(
            "\"{t}\" không phải số thập phân (viết bằng chữ số và dấu chấm, ví dụ 1.5)",
            "\"{t}\" is not a decimal number (write it with digits and a dot, e.g. 1.5)"
        ));
    }
    parse_plain(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    fn num(s: &str) -> Rational {
        match parse_number(s).unwrap() {
            Number::Value(v) => v,
            Number::NotApplicable => panic!("{s} read as not applicable"),
        }
    }

    #[test]
    fn exact_text_has_the_decimals_it_needs() {
        assert_eq!(r(3, 2).exact_text('.').as_deref(), Some("1.5"));
        assert_eq!(r(100, 1).exact_text(',').as_deref(), Some("100"));
        assert_eq!(r(-1, 100).exact_text(',').as_deref(), Some("-0,01"));
        assert_eq!(r(1, 3).exact_text('.'), None);
    }

    #[test]
    fn arithmetic_is_exact_small_and_past_64_bits() {
        let big = Rational::new(1 << 70, 3 << 60).unwrap(); // 1024/3
        assert_eq!(big, r(1024, 3));
        let huge = Rational::new((1 << 100) + 1, 1 << 100).unwrap();
        assert!(huge > r(1, 1) && huge < r(1_000_001, 1_000_000));
        assert_eq!(huge.checked_sub(r(1, 1)), Rational::new(1, 1 << 100));
        assert_eq!(r(1, 3).checked_add(r(1, 6)), Some(r(1, 2)));
        assert_eq!(r(-7, 4).checked_mul(r(2, 7)), Some(r(-1, 2)));
        assert_eq!(r(1, 8).round(2), Some(r(13, 100)));
        assert_eq!(r(-1, 8).round(2), Some(r(-13, 100)));
        assert_eq!(r(1, 8).scaled(2), Some(13));
        assert_eq!(huge.scaled(2), Some(100));
        assert_eq!(r(1, 3).cmp(&r(33, 100)), Ordering::Greater);
        assert_eq!(r(3, 4).checked_div(r(-3, 8)), Some(r(-2, 1)));
        // A whole number times a fraction.
        for n in -30..30 {
            for p in -12..12 {
                for q in 1..16 {
                    let whole = Rational::from_int(n);
                    let expected = Rational::new(n * p, q);
                    assert_eq!(whole.checked_mul(r(p, q)), expected, "{n} × {p}/{q}");
                    assert_eq!(r(p, q).checked_mul(whole), expected, "{p}/{q} × {n}");
                }
            }
        }
        assert_eq!(r(3, 4).checked_div(Rational::ZERO), None);
    }

    /// Every operation against `BigRational` on fractions small and large (up to 2^126,
    /// reduced or not, so that the lowest-terms retries are taken): the exact result, or
    /// `None` only where the operation in lowest terms has a step past i128.
    #[test]
    fn operations_are_those_of_big_rationals() {
        use num_bigint::BigInt;
        use num_integer::Integer;
        use num_rational::BigRational;
        let big = |x: Rational| BigRational::new(BigInt::from(x.num), BigInt::from(x.den));
        let fits = |b: &BigInt| i128::try_from(b).is_ok_and(|n| n != i128::MIN);
        let parts = |x: Rational| (BigInt::from(x.num), BigInt::from(x.den));
        // Whether adding, or multiplying, in lowest terms (the retry) has every step in i128.
        let add_fits = |x: Rational, y: Rational| {
            let ((a, b), (c, d)) = (parts(x.reduced()), parts(y.reduced()));
            let g = b.gcd(&d);
            let (t1, t2, den) = (&a * (&d / &g), &c * (&b / &g), (&b / &g) * &d);
            fits(&t1) && fits(&t2) && fits(&den) && fits(&(t1 + t2))
        };
        let mul_fits = |x: Rational, y: Rational| {
            let ((a, b), (c, d)) = (parts(x.reduced()), parts(y.reduced()));
            let (g1, g2) = (a.gcd(&d), c.gcd(&b));
            let one = BigInt::from(1);
            let (g1, g2) = (g1.max(one.clone()), g2.max(one));
            fits(&((&a / &g1) * (&c / &g2))) && fits(&((&b / &g2) * (&d / &g1)))
        };
        let mut seed = 3u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed
        };
        let any = |n: &mut dyn FnMut() -> u64| -> i128 {
            let bits = n() % 127;
            let v = (i128::from(n() as i64) << 64 | i128::from(n())) & ((1i128 << bits) - 1).max(1);
            if n().is_multiple_of(2) { v } else { -v }
        };
        for _ in 0..5_000 {
            // A common factor, so that some fractions are not in lowest terms.
            let k = 1 + (next() % 1000) as i128;
            let (a, b) = (any(&mut next), any(&mut next).abs().max(1));
            let (c, d) = (any(&mut next), any(&mut next).abs().max(1));
            let x = Rational::new(a.saturating_mul(k).max(i128::MIN + 1), b.saturating_mul(k));
            let (x, y) = (x.unwrap(), Rational::new(c, d).unwrap());
            let (bx, by) = (big(x), big(y));
            let check = |got: Option<Rational>, want: BigRational, fit: bool, what: &str| match got
            {
                Some(g) => assert_eq!(big(g), want, "{what}: {x:?} {y:?}"),
                None => assert!(!fit, "{what} refused but fits: {x:?} {y:?}"),
            };
            check(x.checked_add(y), &bx + &by, add_fits(x, y), "add");
            let minus_y = Rational::new(-y.num, y.den).unwrap();
            check(x.checked_sub(y), &bx - &by, add_fits(x, minus_y), "sub");
            check(x.checked_mul(y), &bx * &by, mul_fits(x, y), "mul");
            if !y.is_zero() {
                let inverse = Rational::new(y.den, y.num).unwrap();
                check(x.checked_div(y), &bx / &by, mul_fits(x, inverse), "div");
            }
            assert_eq!(x.cmp(&y), bx.cmp(&by), "cmp {x:?} {y:?}");
            assert_eq!(x == y, bx == by);
            let hundredths = (&bx * BigInt::from(100)).round().to_integer();
            match x.scaled(2) {
                Some(s) => assert_eq!(BigInt::from(s), hundredths, "scaled {x:?}"),
                None => assert!(!fits(&(parts(x.reduced()).0 * 100)), "scaled {x:?}"),
            }
        }
    }

    #[test]
    fn decimal_comma_and_dot_are_the_same_number() {
        assert_eq!(num("86,45"), r(8645, 100));
        assert_eq!(num("86.45"), r(8645, 100));
        assert_eq!(num(" 86,45 % "), r(8645, 100));
    }

    #[test]
    fn both_separators_last_one_is_decimal() {
        assert_eq!(num("39.079,5"), r(390795, 10));
        assert_eq!(num("39,079.5"), r(390795, 10));
        assert!(parse_number("1.234,5,6").is_err());
        assert_eq!(num("1.000.000,5"), r(20000010, 20));
    }

    #[test]
    fn thousands_groups_must_have_three_digits() {
        for s in [
            "82.5.1",
            "31,2,5%",
            "1.23.456",
            "1234.567,5",
            ".123.456",
            "12,34.5",
        ] {
            assert!(parse_number(s).is_err(), "{s:?} was accepted");
        }
        assert_eq!(num("12,345.5"), r(123455, 10));
    }

    #[test]
    fn repeated_separator_is_thousands() {
        assert_eq!(num("1.234.567"), r(1234567, 1));
        assert_eq!(num("1,234,567"), r(1234567, 1));
    }

    #[test]
    fn fraction_is_a_percentage() {
        assert_eq!(num("33784/39079"), r(3378400, 39079));
        // one dot on each side is a decimal point (SPEC §3); the ratio is the same
        assert_eq!(num("33.784/39.079"), r(3378400, 39079));
        assert_eq!(num("10/18"), r(1000, 18));
        assert_eq!(parse_number("0/0"), Ok(Number::NotApplicable));
        assert!(parse_number("3/0").unwrap_err().contains("chia cho 0"));
    }

    #[test]
    fn not_numbers_are_refused() {
        for s in ["", "abc", "1e40", "12-3", "--1", "1 234", ",", "%"] {
            assert!(parse_number(s).is_err(), "{s:?} was accepted");
        }
        assert!(
            parse_number("1234567890123456789012345678901234567890")
                .unwrap_err()
                .contains("quá lớn")
        );
    }

    #[test]
    fn not_applicable_spellings() {
        for s in [
            "N/A",
            "na",
            "Không áp dụng",
            "KHÔNG PHÁT SINH",
            "kps",
            "0/0",
            " n/a ",
        ] {
            assert!(is_not_applicable(s), "{s:?}");
        }
        for s in ["0", "không", "1/0", "0/5"] {
            assert!(!is_not_applicable(s), "{s:?}");
        }
    }

    #[test]
    fn folding_drops_vietnamese_marks() {
        assert_eq!(fold_vi("Xuất sắc"), "xuat_sac");
        assert_eq!(fold_vi(" Hoàn thành "), "hoan_thanh");
        assert_eq!(fold_vi("KHÔNG  ĐẠT"), "khong_dat");
        assert_eq!(fold_vi("To\u{302}\u{301}t"), "tot");
        assert_eq!(fold_vi("hoan-thanh"), "hoan_thanh");
        assert_eq!(fold_vi("a - _b\u{301}  c"), "a_b_c");
        assert!(fold_eq("Xuất  sắc", "xuat_sac") && fold_eq("To\u{302}\u{301}t", "TỐT"));
        assert!(!fold_eq("tot", "tot_") && !fold_eq("kha", "khá lắm"));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(r(125, 1000).round(2), Some(r(13, 100)));
        assert_eq!(r(-125, 1000).round(2), Some(r(-13, 100)));
        assert_eq!(r(1249999, 10000000).round(2), Some(r(12, 100)));
        assert_eq!(r(1, 3).round(2), Some(r(33, 100)));
        assert_eq!(r(2, 3).round(0), Some(r(1, 1)));
    }

    #[test]
    fn format_pads_and_uses_the_separator() {
        assert_eq!(r(7, 1).format(2, '.'), "7.00");
        assert_eq!(r(3, 100).format(2, ','), "0,03");
        assert_eq!(r(-1, 200).format(2, '.'), "-0.01");
        assert_eq!(r(8945, 100).format(0, '.'), "89");
        assert_eq!(r(3378400, 39079).display_vi(), "86,4505…");
        assert_eq!(r(1258, 100).display_vi(), "12,58");
        // Whole units printed with `places` decimals, past 64 bits too.
        let text = |units: i128, places: u32| {
            let value = Rational::new(units, 10i128.pow(places))?;
            value
                .fixed(places, ',')
                .text(&mut [0; 64])
                .map(str::to_string)
        };
        let big = i128::from(u64::MAX) * 1000 + 7;
        for (units, places, expected) in [
            (0, 0, "0"),
            (0, 2, "0,00"),
            (5, 2, "0,05"),
            (-5, 3, "-0,005"),
            (12345, 2, "123,45"),
            (-12345, 0, "-12345"),
            (big, 4, "1844674407370955161,5007"),
            (-big, 0, "-18446744073709551615007"),
            (i128::MAX / 100, 2, "17014118346046923173168730371588410,57"),
        ] {
            assert_eq!(
                text(units, places).as_deref(),
                Some(expected),
                "{units} {places}"
            );
        }
    }

    #[test]
    fn a_sum_over_one_denominator_that_does_not_fit_is_tried_in_lowest_terms() {
        // −2^126/2 twice is −2^126: the numerators' sum, −2^127, is refused; reduced, it fits.
        let x = r(-(1i128 << 126), 2);
        assert_eq!(x.checked_add(x), Some(r(-(1i128 << 126), 1)));
    }

    #[test]
    fn comparison_is_exact() {
        // 9002/100 vs 90.024999/1 style: equal when printed, apart exactly
        assert!(r(900249, 10000) > r(90015, 1000));
        assert!(r(1, 3) < r(333334, 1000000));
        assert_eq!(r(2, 4).cmp(&r(1, 2)), Ordering::Equal);
        assert!(r(-1, 2) < r(1, 3));
        assert!(r(i128::MAX / 3, 7) > r(i128::MAX / 4, 7));
    }

    #[test]
    fn yaml_decimals_are_strict() {
        assert_eq!(parse_decimal("1.5"), Ok(r(3, 2)));
        assert_eq!(parse_decimal("-2"), Ok(r(-2, 1)));
        assert!(parse_decimal("1,5").is_err());
        assert!(parse_decimal("1e40").is_err());
        assert!(parse_decimal("yes").is_err());
    }
}
