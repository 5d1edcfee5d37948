//! Dates: machine-readable timestamps (ISO 8601, RFC 2822, compact forms) and dates written
//! as text in the major European languages, normalised to ISO 8601 and checked for sanity
//! (not before 1990, not in the future).
//!
//! The patterns are matched by the hand-written functions of [`scan`], each the exact
//! equivalent of a regular expression (quoted there, and checked against it in the tests).

mod scan;

/// A calendar date plus, when the source gave one, the time part as normalised text
/// (`T10:30:00+00:00`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Date {
    pub(crate) y: i32,
    pub(crate) m: u32,
    pub(crate) d: u32,
    pub(crate) time: Option<String>,
}

impl Date {
    /// ISO 8601: `YYYY-MM-DD`, with the time part when there is one.
    pub(crate) fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}{}",
            self.y,
            self.m,
            self.d,
            self.time.as_deref().unwrap_or("")
        )
    }

    /// The day as a sortable number.
    pub(crate) fn day_key(&self) -> i64 {
        days_from_civil(self.y, self.m, self.d)
    }

    /// Within 1990 .. today + 1 day (system clock).
    pub(crate) fn plausible(&self) -> bool {
        self.y >= 1990 && self.day_key() <= today() + 1
    }
}

/// Today as days since 1970-01-01 (UTC, system clock).
pub(crate) fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn valid_ymd(y: i32, m: u32, d: u32) -> bool {
    if !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let max = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= max
}

fn make(y: i32, m: u32, d: u32, time: Option<String>) -> Option<Date> {
    let date = Date { y, m, d, time };
    (valid_ymd(y, m, d) && date.plausible()).then_some(date)
}

/// Parses a machine-readable date (attribute values, metadata): ISO 8601 with or without
/// time and zone, `YYYY/MM/DD`, RFC 2822, or, failing those, a date written as text.
pub(crate) fn parse_machine(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(c) = scan::iso(s) {
        let num = |i: usize| c.get(i).and_then(|m| m.parse::<u32>().ok());
        let y = i32::try_from(num(1)?).ok()?;
        let (m, d) = (num(2)?, num(3)?);
        // A bare 8-digit run must not be the start of a longer number (a timestamp).
        let compact = !s[4..].starts_with('-');
        if compact && s.len() > 8 && s.as_bytes().get(8).is_some_and(u8::is_ascii_digit) {
            return parse_epoch(s);
        }
        let time = match (num(4), num(5)) {
            (Some(h), Some(mi)) if h < 24 && mi < 60 => {
                let sec = num(6).unwrap_or(0);
                let frac = c.get(7).unwrap_or("");
                let zone = match c.get(8) {
                    None => String::new(),
                    Some("Z" | "UTC" | "GMT") => "Z".to_string(),
                    Some(z) => {
                        let (sign, rest) = z.split_at_checked(1).unwrap_or(("+", ""));
                        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
                        // Digits of other scripts match `\d` but are dropped here: no zone then.
                        match (digits.get(..2), digits.get(2..)) {
                            (Some(h), Some(m)) => format!("{sign}{h}:{m}"),
                            _ => String::new(),
                        }
                    }
                };
                Some(format!("T{h:02}:{mi:02}:{sec:02}{frac}{zone}"))
            }
            _ => None,
        };
        return make(y, m, d, time);
    }
    if let Some(c) = scan::ymd_slash(s) {
        let num = |i: usize| c.get(i).and_then(|m| m.parse::<u32>().ok());
        return make(i32::try_from(num(1)?).ok()?, num(2)?, num(3)?, None);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_epoch(s);
    }
    parse_text(s)
}

/// Unix timestamps in seconds or milliseconds.
fn parse_epoch(s: &str) -> Option<Date> {
    let n: i64 = s.parse().ok()?;
    let secs = match s.len() {
        10 => n,
        13 => n / 1000,
        _ => return None,
    };
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    make(y, m, d, None)
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        i32::try_from(y).unwrap_or(0),
        u32::try_from(m).unwrap_or(0),
        u32::try_from(d).unwrap_or(0),
    )
}

/// Month names and abbreviations → month number, per language. One table, lower case;
/// a word matches when it equals an entry (a trailing `.` is dropped first).
const MONTHS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("jän", 1),
    ("mär", 3),
    ("okt", 10),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("janv", 1),
    ("févr", 2),
    ("fév", 2),
    ("avr", 4),
    ("juil", 7),
    ("déc", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("ene", 1),
    ("abr", 4),
    ("ago", 8),
    ("dic", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("gen", 1),
    ("mag", 5),
    ("giu", 6),
    ("lug", 7),
    ("set", 9),
    ("ott", 10),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("fev", 2),
    ("out", 10),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("oktober", 10),
    ("mrt", 3),
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    // A month word has 3 to 10 letters; the patterns match any run of letters, since a
    // bounded repetition of a Unicode class compiles to that many copies of it.
    if !(3..=10).contains(&w.chars().count()) {
        return None;
    }
    MONTHS.iter().find(|(n, _)| *n == w).map(|&(_, m)| m)
}

/// Finds a date written as text ("January 7, 2025", "7. Januar 2025", "7 janvier 2025",
/// "07.01.2025", "2025-01-07"). The first plausible one wins.
pub(crate) fn parse_text(s: &str) -> Option<Date> {
    // Every pattern below needs a four-digit year; most cued texts have none, and a byte
    // scan is far cheaper than running the patterns.
    if s.len() > 400 || !has_four_digits(s) {
        return None;
    }
    let mut found: Vec<(usize, Date)> = Vec::new();
    // Each text pattern with the capture groups holding its day, month word and year.
    let patterns: [(scan::Find, [usize; 3]); 3] = [
        (scan::text_dmy, [1, 2, 3]),
        (scan::text_mdy, [2, 1, 3]),
        (scan::text_ymd, [3, 2, 1]),
    ];
    for (find, [di, mi, yi]) in patterns {
        // Matches do not overlap: each search starts where the previous match ended.
        let mut from = 0;
        while let Some(c) = find(s, from) {
            from = c.end();
            let (Some(d), Some(mw), Some(y)) = (c.get(di), c.get(mi), c.get(yi)) else {
                continue;
            };
            if let (Some(m), Ok(d), Ok(y)) = (month(mw), d.parse(), y.parse()) {
                if let Some(date) = make(y, m, d, None) {
                    found.push((c.start(), date));
                    break;
                }
            }
        }
    }
    let mut from = 0;
    while let Some(c) = scan::num_date(s, from) {
        from = c.end();
        let num = |i: usize| c.get(i).and_then(|m| m.parse::<u32>().ok());
        let date = if let (Some(y), Some(m), Some(d)) = (num(1), num(2), num(3)) {
            make(i32::try_from(y).ok()?, m, d, None)
        } else if let (Some(a), Some(b), Some(y)) = (num(4), num(6), num(7)) {
            let sep = c.get(5).unwrap_or(".");
            let y = i32::try_from(y).ok()?;
            // Dots and dashes are day-first (European); slashes are month-first unless the
            // first number cannot be a month.
            if sep == "/" && a <= 12 {
                make(y, a, b, None).or_else(|| make(y, b, a, None))
            } else {
                make(y, b, a, None)
            }
        } else {
            None
        };
        if let Some(date) = date {
            found.push((c.start(), date));
            break;
        }
    }
    found
        .into_iter()
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, d)| d)
}

/// Whether `s` has four ASCII digits in a row (the `[0-9]{4}` every text pattern needs).
fn has_four_digits(s: &str) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// A date in a URL path: `/2025/01/06/`, `/2025-01-06-slug`, `/20250106/`.
pub(crate) fn from_url(url: &str) -> Option<Date> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let c = scan::url_date(path)?;
    let num = |i: usize| c.get(i).and_then(|m| m.parse::<u32>().ok());
    let (y, m, d) = match (num(1), num(2), num(3)) {
        (Some(y), Some(m), Some(d)) => (y, m, d),
        _ => (num(4)?, num(5)?, num(6)?),
    };
    make(i32::try_from(y).ok()?, m, d, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_machine(s).map(|d| d.iso())
    }

    #[test]
    fn four_digit_prefilter() {
        assert!(has_four_digits("7 January 2025"));
        assert!(has_four_digits("x12345"));
        assert!(!has_four_digits("12 34 567 ٢٠٢٥ 1.234"));
        // Without a year no text pattern matches, so the prefilter changes nothing.
        assert_eq!(parse_text("January 7, 25"), None);
    }

    #[test]
    fn machine_dates() {
        assert_eq!(iso("2025-01-07").as_deref(), Some("2025-01-07"));
        assert_eq!(
            iso("2025-01-07T10:30:00+00:00").as_deref(),
            Some("2025-01-07T10:30:00+00:00")
        );
        assert_eq!(
            iso("2025-01-07T10:30:00.123Z").as_deref(),
            Some("2025-01-07T10:30:00.123Z")
        );
        assert_eq!(
            iso("2025-01-07 10:30:00 +0100").as_deref(),
            Some("2025-01-07T10:30:00+01:00")
        );
        assert_eq!(iso("20250107").as_deref(), Some("2025-01-07"));
        assert_eq!(iso("2025/1/7").as_deref(), Some("2025-01-07"));
        assert_eq!(
            iso("Tue, 07 Jan 2025 10:30:00 GMT").as_deref(),
            Some("2025-01-07")
        );
        assert_eq!(iso("1736245800").as_deref(), Some("2025-01-07"));
        assert_eq!(iso("2025-02-30"), None);
        assert_eq!(iso("garbage"), None);
    }

    #[test]
    fn text_dates_in_several_languages() {
        let t = |s: &str| parse_text(s).map(|d| d.iso());
        assert_eq!(
            t("Published January 7, 2025").as_deref(),
            Some("2025-01-07")
        );
        assert_eq!(t("7 January 2025").as_deref(), Some("2025-01-07"));
        assert_eq!(t("Jan. 7th, 2025 at 10:00").as_deref(), Some("2025-01-07"));
        assert_eq!(t("07.01.2025").as_deref(), Some("2025-01-07"));
        assert_eq!(t("7. Januar 2025").as_deref(), Some("2025-01-07"));
        assert_eq!(
            t("Mis à jour le 7 janvier 2025").as_deref(),
            Some("2025-01-07")
        );
        assert_eq!(t("7 de enero de 2025").as_deref(), Some("2025-01-07"));
        assert_eq!(t("7 gennaio 2025").as_deref(), Some("2025-01-07"));
        assert_eq!(t("7 de março de 2025").as_deref(), Some("2025-03-07"));
        assert_eq!(t("7 maart 2025").as_deref(), Some("2025-03-07"));
        assert_eq!(t("12/25/2024").as_deref(), Some("2024-12-25"));
        assert_eq!(t("on 04-ago-2021 5:11").as_deref(), Some("2021-08-04"));
        assert_eq!(t("2024 Jun 30").as_deref(), Some("2024-06-30"));
        assert_eq!(t("no date here 12345"), None);
    }

    #[test]
    fn implausible_dates_rejected() {
        assert_eq!(iso("1989-12-31"), None);
        assert_eq!(iso("2999-01-01"), None);
        let (y, m, d) = civil_from_days(today() + 3);
        assert_eq!(iso(&format!("{y:04}-{m:02}-{d:02}")), None);
        let (y, m, d) = civil_from_days(today());
        assert!(iso(&format!("{y:04}-{m:02}-{d:02}")).is_some());
    }

    #[test]
    fn url_dates() {
        let u = |s: &str| from_url(s).map(|d| d.iso());
        assert_eq!(
            u("https://x.com/2025/01/06/slug/").as_deref(),
            Some("2025-01-06")
        );
        assert_eq!(
            u("https://x.com/news/2025-01-06-slug").as_deref(),
            Some("2025-01-06")
        );
        assert_eq!(
            u("https://x.com/20250106/slug").as_deref(),
            Some("2025-01-06")
        );
        assert_eq!(u("https://x.com/2025/01/slug"), None);
        assert_eq!(u("https://x.com/p/12345678901"), None);
    }

    #[test]
    fn civil_roundtrip() {
        for z in [-1000, 0, 19_000, 20_000, 20_460] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }
}
