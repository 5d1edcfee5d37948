//! The scoring of `../shared/eval/score.py`, ported so that `deboil eval` prints the same
//! figures as the Python script on the same predictions (checked by `tests/eval_agrees.rs`).
//!
//! Every function mirrors one in score.py, including its edge cases; where Python and Rust
//! disagree on what a character is, the Python 3.11 behaviour is reproduced:
//!
//! - Tokens: Python's `\w` (str patterns) is `_` plus every character for which
//!   `str.isalnum()` holds, i.e. general categories L* and N*. The `regex` crate's `\w` is
//!   UTS #18's word class, which also takes combining marks (Hindi vowel signs, Thai tone
//!   marks), connector punctuation, ZWJ/ZWNJ and circled letters, and drops No (`²`, `½`): on
//!   Devanagari text the two split words differently. So the class is spelled out, and
//!   limited to Unicode 14.0 (Python 3.11's `unicodedata`) so that characters assigned
//!   later are not words here either. Checked over all 1,114,112 code points: no difference.
//! - Whitespace: Python's `\s` and `str.strip()` also take U+001C–U+001F, which are not
//!   Unicode `White_Space`; the class is spelled out.
//! - Case: `str.casefold()` is full case folding (see `casefold.rs`).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::casefold::CASEFOLD;
use crate::difflib;

/// Python 3.11's `\w+`: `[\p{L}\p{N}_]` as of Unicode 14.0.
static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[[\p{L}\p{N}_]&&\p{Age=14.0}]+").expect("token regex is valid"));

/// Python's `\s` on str patterns (what `str.isspace()` accepts).
const PY_SPACE: &str = r"\t\n\x0B\x0C\r\x1C-\x1F \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}";

static SPACES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("[{PY_SPACE}]+")).expect("space regex is valid"));

/// `norm_date`'s `\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)`, anchored like `re.match`; the
/// look-ahead is checked by hand (the regex crate has none).
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[{PY_SPACE}]*(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})"))
        .expect("date regex is valid")
});

static DECIMAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d$").expect("digit regex is valid"));

/// The metadata fields scored, in score.py's order.
pub const META_FIELDS: [&str; 4] = ["title", "author", "date", "site_name"];

/// `tokenize`: all `\w+` matches, case kept.
pub fn tokenize(text: &str) -> Vec<&str> {
    TOKEN.find_iter(text).map(|m| m.as_str()).collect()
}

/// `shingles`: the multiset of 4-token n-grams; a text of 1–3 tokens gives one shorter
/// shingle, an empty text none.
fn shingles<'t, 'a>(toks: &'t [&'a str]) -> HashMap<&'t [&'a str], u64> {
    const N: usize = 4;
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    let count = toks.len().saturating_sub(N - 1).max(1);
    for i in 0..count {
        let sh = &toks[i..(i + N).min(toks.len())];
        *out.entry(sh).or_insert(0) += 1;
    }
    out
}

/// One page's shingle overlap, normalised so that TP + FP + FN = 1 (or all zero).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Triple {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

/// `tp_fp_fn(true, pred)` on token lists.
pub fn tp_fp_fn(truth: &[&str], pred: &[&str]) -> Triple {
    let ts = shingles(truth);
    let ps = shingles(pred);
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (key, &t) in &ts {
        let p = ps.get(key).copied().unwrap_or(0);
        tp += t.min(p);
        fp += p.saturating_sub(t);
        fn_ += t.saturating_sub(p);
    }
    for (key, &p) in &ps {
        if !ts.contains_key(key) {
            fp += p;
        }
    }
    // Integer sums are exact, as Python's float sums of small integers are.
    let (tp, fp, fn_) = (tp as f64, fp as f64, fn_ as f64);
    let s = tp + fp + fn_;
    if s > 0.0 {
        Triple {
            tp: tp / s,
            fp: fp / s,
            fn_: fn_ / s,
        }
    } else {
        Triple { tp, fp, fn_ }
    }
}

/// `precision_score`.
pub fn precision(t: Triple) -> f64 {
    if t.fp == 0.0 && t.fn_ == 0.0 {
        1.0
    } else if t.tp == 0.0 && t.fp == 0.0 {
        0.0
    } else {
        t.tp / (t.tp + t.fp)
    }
}

/// `recall_score`.
pub fn recall(t: Triple) -> f64 {
    if t.fp == 0.0 && t.fn_ == 0.0 {
        1.0
    } else if t.tp == 0.0 && t.fn_ == 0.0 {
        0.0
    } else {
        t.tp / (t.tp + t.fn_)
    }
}

fn f1_of(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// `page_f1`: (precision, recall, F1) of one page.
pub fn page_f1(t: Triple) -> (f64, f64, f64) {
    let (p, r) = (precision(t), recall(t));
    (p, r, f1_of(p, r))
}

/// A set's text scores: `aggregate`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aggregate {
    pub f1: f64,
    pub precision: f64,
    pub recall: f64,
}

/// `aggregate`: precision averaged over pages with a non-empty prediction, recall over pages
/// with a non-empty truth, F1 of the two means.
pub fn aggregate(triples: &[Triple]) -> Aggregate {
    let ps: Vec<f64> = triples
        .iter()
        .filter(|t| t.tp + t.fp > 0.0)
        .map(|&t| precision(t))
        .collect();
    let rs: Vec<f64> = triples
        .iter()
        .filter(|t| t.tp + t.fn_ > 0.0)
        .map(|&t| recall(t))
        .collect();
    let p = mean(&ps).unwrap_or(0.0);
    let r = mean(&rs).unwrap_or(0.0);
    Aggregate {
        f1: f1_of(p, r),
        precision: p,
        recall: r,
    }
}

/// `statistics.mean`, `None` for no values.
pub fn mean(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    // Kahan-Babuška summation: close to statistics.mean's exact-fraction sum.
    let (mut sum, mut c) = (0.0f64, 0.0f64);
    for &x in v {
        let t = sum + x;
        if sum.abs() >= x.abs() {
            c += (sum - t) + x;
        } else {
            c += (x - t) + sum;
        }
        sum = t;
    }
    Some((sum + c) / v.len() as f64)
}

/// `statistics.median`.
pub fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    Some(if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    })
}

/// `pct`: the q-quantile by linear interpolation.
pub fn pct(v: &[f64], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let k = (s.len() - 1) as f64 * q;
    let lo = k as usize;
    let hi = (lo + 1).min(s.len() - 1);
    Some(s[lo] + (s[hi] - s[lo]) * (k - lo as f64))
}

/// Python's `str.casefold()` (3.11).
pub fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match CASEFOLD.binary_search_by_key(&c, |&(k, _)| k) {
            Ok(i) => out.push_str(CASEFOLD[i].1),
            Err(_) => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Python's `str.strip()` without arguments.
fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

fn is_py_space(c: char) -> bool {
    matches!(c, '\t'..='\r' | '\x1C'..='\x1F' | ' ' | '\u{85}' | '\u{A0}' | '\u{1680}'
        | '\u{2000}'..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}')
}

/// `norm`: NBSP to space, whitespace runs to one space, stripped, case-folded.
pub fn norm(s: &str) -> String {
    let spaced = s.replace('\u{a0}', " ");
    let collapsed = SPACES.replace_all(&spaced, " ");
    casefold(py_strip(&collapsed))
}

/// Python's `str(value)` for the JSON values a prediction can hold.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 1e16 => format!("{f:.1}"),
            _ => n.to_string(),
        },
        // Python would print a repr here; no prediction file in practice holds one.
        other => other.to_string(),
    }
}

/// Snippet counts of one page: (with found, with missing, without found, without not found).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SnippetCounts {
    pub tp: u64,
    pub fn_: u64,
    pub fp: u64,
    pub tn: u64,
}

impl SnippetCounts {
    pub fn add(&mut self, o: SnippetCounts) {
        self.tp += o.tp;
        self.fn_ += o.fn_;
        self.fp += o.fp;
        self.tn += o.tn;
    }
}

/// `snippet_counts`: substring tests of normalised snippets in the normalised prediction.
pub fn snippet_counts(with: &[String], without: &[String], pred_text: &str) -> SnippetCounts {
    let ptext = norm(pred_text);
    let mut c = SnippetCounts::default();
    for s in with {
        if ptext.contains(&norm(s)) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
        }
    }
    for s in without {
        if ptext.contains(&norm(s)) {
            c.fp += 1;
        } else {
            c.tn += 1;
        }
    }
    c
}

/// The value of a decimal digit (general category Nd) of any script: Unicode encodes each
/// script's digits as a contiguous run 0–9, so the value is the offset in the run of Nd
/// characters it belongs to, modulo 10.
fn digit_value(c: char) -> u32 {
    if let Some(d) = c.to_digit(10) {
        return d;
    }
    let mut start = c as u32;
    while let Some(prev) = start.checked_sub(1).and_then(char::from_u32) {
        if !DECIMAL.is_match(prev.encode_utf8(&mut [0; 4])) {
            break;
        }
        start -= 1;
    }
    (c as u32 - start) % 10
}

fn digits_value(s: &str) -> u32 {
    s.chars().fold(0, |acc, c| {
        acc.saturating_mul(10).saturating_add(digit_value(c))
    })
}

/// `norm_date`: `YYYY-MM-DD` (zero-padded) from anything starting with `YYYY-M-D`.
pub fn norm_date(s: &str) -> Option<String> {
    let caps = DATE.captures(s)?;
    let end = caps.get(0)?.end();
    if s[end..]
        .chars()
        .next()
        .is_some_and(|c| DECIMAL.is_match(c.encode_utf8(&mut [0; 4])))
    {
        return None;
    }
    let y = digits_value(caps.get(1)?.as_str());
    let m = digits_value(caps.get(2)?.as_str());
    let d = digits_value(caps.get(3)?.as_str());
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// `meta_match`: (exact, fuzzy) for the title, (ok, false) for the other fields. `truth` is
/// the truth's value (non-empty); `pred` the prediction's value for the field, if any.
pub fn meta_match(field: &str, truth: &str, pred: Option<&Value>) -> (bool, bool) {
    let pred = match pred {
        None | Some(Value::Null) => return (false, false),
        Some(Value::String(s)) if py_strip(s).is_empty() => return (false, false),
        Some(Value::Array(items)) => items.iter().map(py_str).collect::<Vec<_>>().join("; "),
        Some(v) => py_str(v),
    };
    let (t, p) = (norm(truth), norm(&pred));
    match field {
        "title" => {
            let exact = t == p;
            let a: Vec<char> = t.chars().collect();
            let b: Vec<char> = p.chars().collect();
            (exact, difflib::ratio(&a, &b) >= 0.9)
        }
        "author" => (!p.is_empty() && (t.contains(&p) || p.contains(&t)), false),
        "date" => {
            let pd = norm_date(&pred);
            (pd.is_some() && pd == norm_date(truth), false)
        }
        _ => (t == p, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(truth: &str, pred: &str) -> (f64, f64, f64) {
        page_f1(tp_fp_fn(&tokenize(truth), &tokenize(pred)))
    }

    #[test]
    fn tokens_follow_python_not_uts18() {
        // A Devanagari vowel sign (Mc) splits a word in Python; `²` (No) is a word character.
        assert_eq!(tokenize("नमस्ते x²"), vec!["नमस", "त", "x²"]);
        // ZWJ and connector punctuation other than `_` are not word characters in Python.
        assert_eq!(
            tokenize("a\u{200d}b c\u{203f}d e_f"),
            vec!["a", "b", "c", "d", "e_f"]
        );
        assert_eq!(tokenize("Ⓐb"), vec!["b"]);
    }

    #[test]
    fn shingle_metric_edges() {
        assert_eq!(score("a b c d e", "a b c d e"), (1.0, 1.0, 1.0));
        assert_eq!(score("", ""), (1.0, 1.0, 1.0));
        assert_eq!(score("a b", ""), (0.0, 0.0, 0.0));
        let t = tp_fp_fn(&tokenize("a b c d e"), &tokenize("a b c d x"));
        assert_eq!(
            t,
            Triple {
                tp: 1.0 / 3.0,
                fp: 1.0 / 3.0,
                fn_: 1.0 / 3.0
            }
        );
        // Shorter than four tokens: one short shingle.
        assert_eq!(score("a b", "a b"), (1.0, 1.0, 1.0));
    }

    #[test]
    fn aggregate_skips_empty_sides() {
        let empty_pred = tp_fp_fn(&tokenize("a b c d"), &[]);
        let perfect = tp_fp_fn(&tokenize("a b c d"), &tokenize("a b c d"));
        let a = aggregate(&[empty_pred, perfect]);
        assert_eq!(a.precision, 1.0);
        assert_eq!(a.recall, 0.5);
    }

    #[test]
    fn norm_casefolds_fully() {
        assert_eq!(norm("  Straße\u{a0}\u{a0}ΣΟΦΟΣ\x1c"), "strasse σοφοσ");
        assert_eq!(norm("ﬁne"), "fine");
    }

    #[test]
    fn dates() {
        assert_eq!(norm_date("2019-1-5T10:00").as_deref(), Some("2019-01-05"));
        assert_eq!(norm_date(" 2019-11-20").as_deref(), Some("2019-11-20"));
        assert_eq!(norm_date("2019-11-205"), None);
        assert_eq!(norm_date("November 2019"), None);
        assert_eq!(norm_date("٢٠١٩-١١-٢٠").as_deref(), Some("2019-11-20"));
    }

    #[test]
    fn meta() {
        let s = |v: &str| Value::String(v.into());
        assert_eq!(
            meta_match("title", "Rain due", Some(&s("rain  DUE"))),
            (true, true)
        );
        assert_eq!(
            meta_match("title", "Rain due", Some(&s(" "))),
            (false, false)
        );
        assert_eq!(
            meta_match("author", "Jane Doe, John Roe", Some(&s("jane doe"))),
            (true, false)
        );
        let list = Value::Array(vec![s("A"), s("B")]);
        assert_eq!(meta_match("author", "a; b", Some(&list)), (true, false));
        assert_eq!(
            meta_match("date", "2020-01-02", Some(&s("2020-1-2"))),
            (true, false)
        );
        assert_eq!(meta_match("site_name", "X", None), (false, false));
    }

    #[test]
    fn timing_stats() {
        assert_eq!(median(&[3.0, 1.0, 2.0, 10.0]), Some(2.5));
        assert_eq!(pct(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.95), Some(4.8));
        assert_eq!(mean(&[]), None);
    }
}
