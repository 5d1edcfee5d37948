//! Hand-written matchers for the date patterns, in place of regular expressions.
//!
//! Each function finds exactly what one regular expression (quoted above it) finds with the
//! `regex` crate's semantics: Unicode `\d`, `\s`, `\w` and `\b`, leftmost-first matching,
//! the same capture groups. Compiling the seven patterns cost more than matching them on a
//! whole batch of pages (the Unicode letter class alone compiles to thousands of states), and
//! matching byte by byte is cheaper still. Every pattern is simple enough that its
//! backtracking is decided locally (a greedy run can never usefully give back characters,
//! since what follows cannot start with one of them); where it is not — the optional `de`
//! words of the day-month-year pattern — the alternatives are tried in the pattern's order.
//! The tests check every function against its regular expression on corpus texts, random
//! strings and every Unicode character.

/// The byte spans of a match (slot 0) and of its capture groups; `None` for a group that did
/// not take part in the match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Caps<'a> {
    text: &'a str,
    spans: [Option<(usize, usize)>; 9],
}

impl<'a> Caps<'a> {
    fn new(text: &'a str) -> Caps<'a> {
        Caps {
            text,
            spans: [None; 9],
        }
    }

    /// The text of group `i` (0: the whole match).
    pub(super) fn get(&self, i: usize) -> Option<&'a str> {
        let (a, b) = (*self.spans.get(i)?)?;
        self.text.get(a..b)
    }

    /// Where the whole match starts.
    pub(super) fn start(&self) -> usize {
        self.spans[0].map_or(0, |(a, _)| a)
    }

    /// Where the whole match ends (the next search starts there).
    pub(super) fn end(&self) -> usize {
        self.spans[0].map_or(self.text.len(), |(_, b)| b)
    }

    fn set(&mut self, i: usize, a: usize, b: usize) {
        if let Some(slot) = self.spans.get_mut(i) {
            *slot = Some((a, b));
        }
    }
}

/// A search for the leftmost match at or after a byte offset ([`text_dmy`] and the like).
pub(super) type Find = for<'a> fn(&'a str, usize) -> Option<Caps<'a>>;

/// Unicode 16.0 `Decimal_Number`, the regex crate's `\d` (a test compares every character).
const DECIMAL_NUMBER: &[(u32, u32)] = &[
    (0x30, 0x39),
    (0x660, 0x669),
    (0x6F0, 0x6F9),
    (0x7C0, 0x7C9),
    (0x966, 0x96F),
    (0x9E6, 0x9EF),
    (0xA66, 0xA6F),
    (0xAE6, 0xAEF),
    (0xB66, 0xB6F),
    (0xBE6, 0xBEF),
    (0xC66, 0xC6F),
    (0xCE6, 0xCEF),
    (0xD66, 0xD6F),
    (0xDE6, 0xDEF),
    (0xE50, 0xE59),
    (0xED0, 0xED9),
    (0xF20, 0xF29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19D9),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10D30, 0x10D39),
    (0x10D40, 0x10D49),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x116D0, 0x116E3),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11BF0, 0x11BF9),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x11F50, 0x11F59),
    (0x16130, 0x16139),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x16D70, 0x16D79),
    (0x1CCF0, 0x1CCF9),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E4F0, 0x1E4F9),
    (0x1E5F1, 0x1E5FA),
    (0x1E950, 0x1E959),
    (0x1FBF0, 0x1FBF9),
];

/// `\d`.
fn is_nd(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let c = u32::from(c);
    DECIMAL_NUMBER
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `\w`.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    regex_syntax::try_is_word_character(c).unwrap_or(false)
}

/// `[^\W\d_]`: a letter (or mark, or connector other than `_`).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    is_word(c) && !is_nd(c)
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// `\b` at byte `i`.
fn boundary(s: &str, i: usize) -> bool {
    let before = s
        .get(..i)
        .and_then(|h| h.chars().next_back())
        .is_some_and(is_word);
    let after = char_at(s, i).is_some_and(is_word);
    before != after
}

/// One character satisfying `pred` at `i`: the byte after it.
fn one(s: &str, i: usize, pred: impl Fn(char) -> bool) -> Option<usize> {
    char_at(s, i).filter(|&c| pred(c)).map(|c| i + c.len_utf8())
}

/// A greedy run of `min..=max` characters satisfying `pred` from `i`: the byte after it.
fn run(s: &str, i: usize, min: usize, max: usize, pred: impl Fn(char) -> bool) -> Option<usize> {
    let mut end = i;
    let mut n = 0;
    for c in s.get(i..)?.chars() {
        if n == max || !pred(c) {
            break;
        }
        end += c.len_utf8();
        n += 1;
    }
    (n >= min).then_some(end)
}

/// `\s+`.
fn spaces(s: &str, i: usize) -> Option<usize> {
    run(s, i, 1, usize::MAX, char::is_whitespace)
}

/// `[0-9]{min,max}`.
fn ascii_digits(s: &str, i: usize, min: usize, max: usize) -> Option<usize> {
    run(s, i, min, max, |c| c.is_ascii_digit())
}

/// `\d{min,max}`.
fn digits(s: &str, i: usize, min: usize, max: usize) -> Option<usize> {
    run(s, i, min, max, is_nd)
}

/// One of the ASCII characters of `set`.
fn byte_in(s: &str, i: usize, set: &[u8]) -> Option<usize> {
    s.as_bytes()
        .get(i)
        .filter(|b| set.contains(b))
        .map(|_| i + 1)
}

/// `\.?`, `,?` and the like: `i` moved past `b` when it is there.
fn optional(s: &str, i: usize, b: u8) -> usize {
    if s.as_bytes().get(i) == Some(&b) {
        i + 1
    } else {
        i
    }
}

/// A literal, case-sensitively.
fn literal(s: &str, i: usize, lit: &str) -> Option<usize> {
    s.get(i..)?.starts_with(lit).then_some(i + lit.len())
}

/// Whether `c` matches the character `lit` under `(?i)`: Unicode simple case folding,
/// which adds `ſ` (U+017F) to `s`; no other character of the literals here has a non-ASCII
/// case variant (`º` and `°` have none at all).
fn same_letter(c: char, lit: char) -> bool {
    c == lit
        || (lit.is_ascii_lowercase() && c == lit.to_ascii_uppercase())
        || (lit == 's' && c == 'ſ')
}

/// A literal under `(?i)`.
fn literal_ci(s: &str, i: usize, lit: &str) -> Option<usize> {
    let mut j = i;
    for l in lit.chars() {
        j = one(s, j, |c| same_letter(c, l))?;
    }
    Some(j)
}

/// The first of `alternatives` matching at `i`, under `(?i)`.
fn any_ci(s: &str, i: usize, alternatives: &[&str]) -> Option<usize> {
    alternatives.iter().find_map(|a| literal_ci(s, i, a))
}

/// `[^\W\d_]+\.?`: a word of letters, with its abbreviation dot.
fn letters(s: &str, i: usize) -> Option<usize> {
    run(s, i, 1, usize::MAX, is_letter).map(|j| optional(s, j, b'.'))
}

/// The leftmost match of `at` (a matcher anchored at one position) at or after `from`,
/// trying only positions where `\b` holds and the next character satisfies `first`.
fn leftmost<'a>(
    s: &'a str,
    from: usize,
    first: impl Fn(char) -> bool,
    at: impl Fn(&'a str, usize) -> Option<Caps<'a>>,
) -> Option<Caps<'a>> {
    let tail = s.get(from..)?;
    let mut prev_word = s
        .get(..from)
        .and_then(|h| h.chars().next_back())
        .is_some_and(is_word);
    for (k, c) in tail.char_indices() {
        let word = is_word(c);
        // `first` is a word character in every pattern, so `\b` means: none before.
        if !prev_word && first(c) {
            if let Some(caps) = at(s, from + k) {
                return Some(caps);
            }
        }
        prev_word = word;
    }
    None
}

/// `^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?`
pub(super) fn iso(s: &str) -> Option<Caps<'_>> {
    let mut c = Caps::new(s);
    let y = digits(s, 0, 4, 4)?;
    c.set(1, 0, y);
    let m0 = optional(s, y, b'-');
    let m = digits(s, m0, 2, 2)?;
    c.set(2, m0, m);
    let d0 = optional(s, m, b'-');
    let d = digits(s, d0, 2, 2)?;
    c.set(3, d0, d);
    let end = time(s, d, &mut c).unwrap_or(d);
    c.set(0, 0, end);
    Some(c)
}

/// The optional time part of [`iso`]: its end, or `None` (and no groups set) when absent.
fn time(s: &str, i: usize, c: &mut Caps<'_>) -> Option<usize> {
    let h0 = run(s, i, 1, usize::MAX, |c| c == 'T' || c.is_whitespace())?;
    let h = digits(s, h0, 1, 2)?;
    let mi0 = byte_in(s, h, b":")?;
    let mi = digits(s, mi0, 2, 2)?;
    c.set(4, h0, h);
    c.set(5, mi0, mi);
    let mut end = mi;
    if let Some(sec) = byte_in(s, end, b":").and_then(|s0| digits(s, s0, 2, 2).map(|e| (s0, e))) {
        c.set(6, sec.0, sec.1);
        end = sec.1;
        if let Some(f) = byte_in(s, end, b".").and_then(|f0| digits(s, f0, 1, usize::MAX)) {
            c.set(7, end, f);
            end = f;
        }
    }
    end = run(s, end, 0, usize::MAX, char::is_whitespace).unwrap_or(end);
    let zone = literal(s, end, "Z")
        .or_else(|| literal(s, end, "UTC"))
        .or_else(|| literal(s, end, "GMT"))
        .or_else(|| {
            let a = byte_in(s, end, b"+-")?;
            let b = digits(s, a, 2, 2)?;
            digits(s, optional(s, b, b':'), 2, 2)
        });
    if let Some(z) = zone {
        c.set(8, end, z);
        end = z;
    }
    Some(end)
}

/// `^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b`
pub(super) fn ymd_slash(s: &str) -> Option<Caps<'_>> {
    let mut c = Caps::new(s);
    let y = digits(s, 0, 4, 4)?;
    let m0 = byte_in(s, y, b"/.")?;
    let m = digits(s, m0, 1, 2)?;
    let d0 = byte_in(s, m, b"/.")?;
    let d = digits(s, d0, 1, 2)?;
    if !boundary(s, d) {
        return None;
    }
    c.set(0, 0, d);
    c.set(1, 0, y);
    c.set(2, m0, m);
    c.set(3, d0, d);
    Some(c)
}

/// `\b([0-9]{1,2})(?i:st|nd|rd|th|er|º|°)?\.?(?:\s+|[-/])(?:(?i:de)\s+)?([^\W\d_]+\.?)(?:\s+(?i:de))?,?(?:\s+|[-/])([0-9]{4})\b`
/// — "7 January 2025", "7. Januar 2025", "7 de enero de 2025", "7th Jan, 2025".
pub(super) fn text_dmy(s: &str, from: usize) -> Option<Caps<'_>> {
    leftmost(s, from, |c| c.is_ascii_digit(), text_dmy_at)
}

fn text_dmy_at(s: &str, p: usize) -> Option<Caps<'_>> {
    let d = ascii_digits(s, p, 1, 2)?;
    let mut i = any_ci(s, d, &["st", "nd", "rd", "th", "er", "º", "°"]).unwrap_or(d);
    i = optional(s, i, b'.');
    let sep = separator(s, i)?;
    // `(?:de\s+)?` and `(?:\s+de)?` are tried present first, as the pattern orders them.
    for de_before in [true, false] {
        let m0 = if de_before {
            match literal_ci(s, sep, "de").and_then(|j| spaces(s, j)) {
                Some(j) => j,
                None => continue,
            }
        } else {
            sep
        };
        let Some(m) = letters(s, m0) else { continue };
        for de_after in [true, false] {
            let mut j = m;
            if de_after {
                match spaces(s, j).and_then(|k| literal_ci(s, k, "de")) {
                    Some(k) => j = k,
                    None => continue,
                }
            }
            j = optional(s, j, b',');
            let Some(y0) = separator(s, j) else { continue };
            let Some(y) = ascii_digits(s, y0, 4, 4).filter(|&y| boundary(s, y)) else {
                continue;
            };
            let mut c = Caps::new(s);
            c.set(0, p, y);
            c.set(1, p, d);
            c.set(2, m0, m);
            c.set(3, y0, y);
            return Some(c);
        }
    }
    None
}

/// `(?:\s+|[-/])`.
fn separator(s: &str, i: usize) -> Option<usize> {
    spaces(s, i).or_else(|| byte_in(s, i, b"-/"))
}

/// `\b([^\W\d_]+\.?)\s+([0-9]{1,2})(?i:st|nd|rd|th)?,?\s+([0-9]{4})\b`
/// — "January 7, 2025", "Jan. 7th 2025".
pub(super) fn text_mdy(s: &str, from: usize) -> Option<Caps<'_>> {
    leftmost(s, from, is_letter, text_mdy_at)
}

fn text_mdy_at(s: &str, p: usize) -> Option<Caps<'_>> {
    let m = letters(s, p)?;
    let d0 = spaces(s, m)?;
    let d = ascii_digits(s, d0, 1, 2)?;
    let mut i = any_ci(s, d, &["st", "nd", "rd", "th"]).unwrap_or(d);
    i = optional(s, i, b',');
    let y0 = spaces(s, i)?;
    let y = ascii_digits(s, y0, 4, 4).filter(|&y| boundary(s, y))?;
    let mut c = Caps::new(s);
    c.set(0, p, y);
    c.set(1, p, m);
    c.set(2, d0, d);
    c.set(3, y0, y);
    Some(c)
}

/// `\b([0-9]{4})\.?\s+([^\W\d_]+\.?)\s+([0-9]{1,2})\b` — "2024 Jun 30".
pub(super) fn text_ymd(s: &str, from: usize) -> Option<Caps<'_>> {
    leftmost(s, from, |c| c.is_ascii_digit(), text_ymd_at)
}

fn text_ymd_at(s: &str, p: usize) -> Option<Caps<'_>> {
    let y = ascii_digits(s, p, 4, 4)?;
    let m0 = spaces(s, optional(s, y, b'.'))?;
    let m = letters(s, m0)?;
    let d0 = spaces(s, m)?;
    let d = ascii_digits(s, d0, 1, 2).filter(|&d| boundary(s, d))?;
    let mut c = Caps::new(s);
    c.set(0, p, d);
    c.set(1, p, y);
    c.set(2, m0, m);
    c.set(3, d0, d);
    Some(c)
}

/// `\b(?:([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})|([0-9]{1,2})([./-])([0-9]{1,2})[./-]([0-9]{4}))\b`
/// — "2025-01-07", "07.01.2025", "1/7/2025".
pub(super) fn num_date(s: &str, from: usize) -> Option<Caps<'_>> {
    leftmost(s, from, |c| c.is_ascii_digit(), num_date_at)
}

fn num_date_at(s: &str, p: usize) -> Option<Caps<'_>> {
    let mut c = Caps::new(s);
    let year_first = (|| {
        let y = ascii_digits(s, p, 4, 4)?;
        let m0 = byte_in(s, y, b"-/.")?;
        let m = ascii_digits(s, m0, 1, 2)?;
        let d0 = byte_in(s, m, b"-/.")?;
        let d = ascii_digits(s, d0, 1, 2).filter(|&d| boundary(s, d))?;
        Some([(p, y), (m0, m), (d0, d)])
    })();
    if let Some([y, m, d]) = year_first {
        c.set(0, p, d.1);
        c.set(1, y.0, y.1);
        c.set(2, m.0, m.1);
        c.set(3, d.0, d.1);
        return Some(c);
    }
    let a = ascii_digits(s, p, 1, 2)?;
    let sep = byte_in(s, a, b"./-")?;
    let b = ascii_digits(s, sep, 1, 2)?;
    let y0 = byte_in(s, b, b"./-")?;
    let y = ascii_digits(s, y0, 4, 4).filter(|&y| boundary(s, y))?;
    c.set(0, p, y);
    c.set(4, p, a);
    c.set(5, a, sep);
    c.set(6, sep, b);
    c.set(7, y0, y);
    Some(c)
}

/// `/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/+_-]|\.html?|$)|/((?:19|20)\d{2})(\d{2})(\d{2})/`
/// — `/2025/01/06/`, `/2025-01-06-slug`, `/20250106/`. The first match only.
pub(super) fn url_date(s: &str) -> Option<Caps<'_>> {
    s.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'/')
        .find_map(|(p, _)| url_date_at(s, p))
}

fn url_date_at(s: &str, p: usize) -> Option<Caps<'_>> {
    let y0 = p + 1;
    let y = literal(s, y0, "19")
        .or_else(|| literal(s, y0, "20"))
        .and_then(|i| digits(s, i, 2, 2))?;
    let mut c = Caps::new(s);
    let dashed = (|| {
        let m0 = byte_in(s, y, b"/-")?;
        let m = digits(s, m0, 1, 2)?;
        let d0 = byte_in(s, m, b"/-")?;
        let d = digits(s, d0, 1, 2)?;
        let end = byte_in(s, d, b"/+_-")
            .or_else(|| literal(s, d, ".htm").map(|e| optional(s, e, b'l')))
            .or_else(|| (d == s.len()).then_some(d))?;
        Some([(m0, m), (d0, d), (end, end)])
    })();
    if let Some([m, d, (end, _)]) = dashed {
        c.set(0, p, end);
        c.set(1, y0, y);
        c.set(2, m.0, m.1);
        c.set(3, d.0, d.1);
        return Some(c);
    }
    let m = digits(s, y, 2, 2)?;
    let d = digits(s, m, 2, 2)?;
    let end = byte_in(s, d, b"/")?;
    c.set(0, p, end);
    c.set(4, y0, y);
    c.set(5, y, m);
    c.set(6, m, d);
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The patterns these functions replace, as the `regex` crate compiles them.
    const ISO: &str = r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?";
    const YMD_SLASH: &str = r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b";
    const TEXT_DMY: &str = r"\b([0-9]{1,2})(?i:st|nd|rd|th|er|º|°)?\.?(?:\s+|[-/])(?:(?i:de)\s+)?([^\W\d_]+\.?)(?:\s+(?i:de))?,?(?:\s+|[-/])([0-9]{4})\b";
    const TEXT_MDY: &str = r"\b([^\W\d_]+\.?)\s+([0-9]{1,2})(?i:st|nd|rd|th)?,?\s+([0-9]{4})\b";
    const TEXT_YMD: &str = r"\b([0-9]{4})\.?\s+([^\W\d_]+\.?)\s+([0-9]{1,2})\b";
    const NUM_DATE: &str = r"\b(?:([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})|([0-9]{1,2})([./-])([0-9]{1,2})[./-]([0-9]{4}))\b";
    const URL_DATE: &str = r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/+_-]|\.html?|$)|/((?:19|20)\d{2})(\d{2})(\d{2})/";

    struct Oracle {
        iso: Regex,
        ymd_slash: Regex,
        searches: Vec<(Regex, Find)>,
        url: Regex,
    }

    fn oracle() -> Oracle {
        let re = |p: &str| Regex::new(p).unwrap();
        Oracle {
            iso: re(ISO),
            ymd_slash: re(YMD_SLASH),
            searches: vec![
                (re(TEXT_DMY), text_dmy),
                (re(TEXT_MDY), text_mdy),
                (re(TEXT_YMD), text_ymd),
                (re(NUM_DATE), num_date),
            ],
            url: re(URL_DATE),
        }
    }

    fn spans(c: &regex::Captures<'_>) -> Vec<Option<(usize, usize)>> {
        (0..9)
            .map(|i| c.get(i).map(|m| (m.start(), m.end())))
            .collect()
    }

    fn ours(c: &Caps<'_>, groups: usize) -> Vec<Option<(usize, usize)>> {
        let mut v = c.spans[..groups].to_vec();
        v.resize(9, None);
        v
    }

    impl Oracle {
        /// Panics, naming the pattern and the text, where a function and its pattern differ;
        /// returns how many matches they agreed on.
        fn check(&self, s: &str) -> usize {
            let n = |r: &Regex| r.captures_len();
            let mut matches = 0;
            let want = self.iso.captures(s).map(|c| spans(&c));
            matches += usize::from(want.is_some());
            assert_eq!(want, iso(s).map(|c| ours(&c, n(&self.iso))), "ISO on {s:?}");
            assert_eq!(
                self.ymd_slash.captures(s).map(|c| spans(&c)),
                ymd_slash(s).map(|c| ours(&c, n(&self.ymd_slash))),
                "YMD_SLASH on {s:?}"
            );
            assert_eq!(
                self.url.captures(s).map(|c| spans(&c)),
                url_date(s).map(|c| ours(&c, n(&self.url))),
                "URL_DATE on {s:?}"
            );
            for (re, find) in &self.searches {
                let want: Vec<_> = re.captures_iter(s).map(|c| spans(&c)).collect();
                let mut got = Vec::new();
                let mut from = 0;
                while let Some(c) = find(s, from) {
                    got.push(ours(&c, n(re)));
                    from = c.end();
                }
                assert_eq!(want, got, "{} on {s:?}", re.as_str());
                matches += got.len();
            }
            matches
        }
    }

    /// Every character in and out of each class, as the regex crate sees it.
    #[test]
    fn classes_agree_on_every_character() {
        let all: String = (0..=0x10_FFFF_u32).filter_map(char::from_u32).collect();
        let members = |pattern: &str| -> std::collections::HashSet<char> {
            let re = Regex::new(pattern).unwrap();
            re.find_iter(&all)
                .filter_map(|m| m.as_str().chars().next())
                .collect()
        };
        let check = |pattern: &str, f: &dyn Fn(char) -> bool| {
            let set = members(pattern);
            for c in all.chars() {
                assert_eq!(set.contains(&c), f(c), "{pattern} on U+{:04X}", c as u32);
            }
        };
        check(r"\d", &is_nd);
        check(r"\w", &is_word);
        check(r"\s", &char::is_whitespace);
        check(r"[^\W\d_]", &is_letter);
        for lit in ['s', 't', 'n', 'd', 'r', 'h', 'e', 'º', '°'] {
            check(&format!("(?i:{lit})"), &|c| same_letter(c, lit));
        }
    }

    #[test]
    fn agree_on_chosen_texts() {
        let o = oracle();
        for s in [
            "",
            "2025-01-07",
            "2025-01-07T10:30:00+00:00",
            "2025-01-07T10:30:00.123Z",
            "2025-01-07 10:30:00 +0100",
            "2025-01-07T1:3",
            "2025-01-07T10:30:0",
            "2025-01-07 \t T 9:05:07.5  UTC",
            "2025-01-07T10:30+01:0",
            "2025-01-07T10:30 GMTx",
            "20250107",
            "202501071",
            "2025-0107",
            "٢٠٢٥-٠١-٠٧",
            "2025-01-07T10:30+٠١٠٠",
            "2025/1/7",
            "2025.01.07x",
            "2025/1/7/",
            "2025/123/7",
            "Published January 7, 2025",
            "7 January 2025",
            "Jan. 7th, 2025 at 10:00",
            "07.01.2025",
            "7. Januar 2025",
            "Mis à jour le 7 janvier 2025",
            "7 de enero de 2025",
            "7 DE Enero De 2025",
            "7 de 2025",
            "7 de de 2025",
            "7 de enero debut 2025",
            "7 de março de 2025",
            "7ſt March 2025",
            "7º marzo 2025",
            "7° marzo 2025",
            "12/25/2024",
            "on 04-ago-2021 5:11",
            "2024 Jun 30",
            "2024. június 30",
            "2024 Jun 301",
            "no date here 12345",
            "123 January 2025",
            "x7 January 2025",
            "_7 January 2025",
            "é7 January 2025",
            "7 January 20255",
            "7 January 2025th",
            "7 Jan_ 2025",
            "7 Jan\u{301} 2025",
            "7 Jan\u{a0}2025",
            "7\u{2003}Jan 2025",
            "January 7 2025 and February 8, 2026",
            "32 January 2025 then 3 February 2025",
            "1/7/2025 12.5.2024 2024-5-6 2024/05/06",
            "13/01/2025",
            "1.2.20255 1.2.2025",
            "2025-01-07-08",
            "https://x.com/2025/01/06/slug/",
            "https://x.com/news/2025-01-06-slug",
            "https://x.com/20250106/slug",
            "https://x.com/2025/01/slug",
            "https://x.com/p/12345678901",
            "/2025/1/6.html",
            "/2025/1/6.htmlx",
            "/2025/1/6.ht",
            "/2025/1/6",
            "/1999-12-31+x",
            "/2025/01/061/2025/01/06/",
            "/20٢5/01/06/",
            "/1899/01/06/",
        ] {
            o.check(s);
        }
    }

    /// A small deterministic generator (xorshift), so that failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    #[test]
    fn agree_on_random_texts() {
        // Pieces of dates, and characters on the edges of every class involved.
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "7",
            "12",
            "19",
            "20",
            "31",
            "2025",
            "1999",
            "20250107",
            "٣",
            "０",
            "-",
            "/",
            ".",
            ",",
            ":",
            "+",
            "_",
            " ",
            "  ",
            "\u{a0}",
            "\t",
            "T",
            "Z",
            "UTC",
            "GMT",
            "de",
            "DE",
            "st",
            "ſt",
            "nd",
            "th",
            "er",
            "º",
            "°",
            "jan",
            "January",
            "enero",
            "märz",
            "ao\u{fb}t",
            "x",
            "é",
            "\u{301}",
            "\u{203f}",
            "\u{200d}",
            ".html",
            ".htm",
            "l",
            "http://x.y",
            "?",
            "#",
            "日",
            "ǅ",
            // Whole dates, so that pieces around them test where matches start and end.
            "7 January 2025",
            "2025-01-07",
            "2025-01-07T10:30:00+01:00",
            "January 7, 2025",
            "7 de enero de 2025",
            "2024 Jun 30",
            "12/25/2024",
            "07.01.2025",
            "/2025/01/06/",
            "/2025-1-6",
            "/20250106/",
            "2025/1/7",
        ];
        let o = oracle();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut matches = 0;
        for _ in 0..60_000 {
            let n = 1 + rng.next() % 12;
            let s: String = (0..n).map(|_| rng.pick(PIECES)).collect();
            matches += o.check(&s);
        }
        // The pieces are dense in dates: the comparison covers matches, not just misses.
        assert!(matches > 10_000, "{matches} matches");
    }

    /// Every text node and attribute value of the evaluation corpus, when it is there.
    #[test]
    fn agree_on_corpus_texts() {
        let dir = std::env::var("DEBOIL_CORPUS")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").into());
        let o = oracle();
        let (mut checked, mut matched) = (0, 0);
        for set in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            for page in std::fs::read_dir(set.path().join("pages"))
                .into_iter()
                .flatten()
                .flatten()
            {
                let Ok(bytes) = std::fs::read(page.path()) else {
                    continue;
                };
                let dom = crate::dom::Dom::parse(&String::from_utf8_lossy(&bytes));
                for n in &dom.nodes {
                    match &n.data {
                        crate::dom::NodeData::Text(t) if t.len() <= 400 => {
                            matched += o.check(t) + o.check(t.trim());
                            checked += 1;
                        }
                        crate::dom::NodeData::Element(e) => {
                            for a in e.attrs.iter().filter(|a| a.value.len() <= 400) {
                                matched += o.check(&a.value);
                                checked += 1;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        eprintln!("{checked} corpus strings checked, {matched} matches");
    }
}
