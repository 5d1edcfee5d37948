//! The title: which of the declared titles, `<title>` and the article's `h1` names the
//! article, and how a site's name is cut off a title.
//!
//! Declared titles (JSON-LD, `<meta>`) are trusted first, but the visible `h1` settles
//! disagreements: publishers rewrite sharing and SEO titles, while the `h1` is what readers see
//! above the article.

use super::*;

/// Title separators between the article title and the site name, as written in `<title>`.
const TITLE_SEPARATORS: &[(&str, &str)] = &[
    (" | ", "most common"),
    (" - ", "common"),
    (" – ", "en dash"),
    (" — ", "em dash"),
    (" :: ", "older CMSs"),
    (" · ", "middle dot"),
    (" • ", "bullet"),
    (" » ", "breadcrumb style"),
    (" › ", "breadcrumb style"),
    (" > ", "breadcrumb style"),
    (" / ", "breadcrumb style"),
    (" : ", "spaced colon"),
    (" ~ ", "tilde"),
    (" _ ", "underscore, Chinese portals"),
];

/// Separators that build a hierarchy (page, section, site) rather than a title and a tagline.
const BREADCRUMB_SEPARATORS: &[(&str, &str)] = &[
    (" / ", "path style"),
    (" » ", "breadcrumb arrow"),
    (" › ", "breadcrumb arrow"),
    (" > ", "breadcrumb arrow"),
];

/// Similarity in [0, 1]: 2·LCS / (|a| + |b|) over characters (bounded work).
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = fold(a).chars().take(300).collect();
    let b: Vec<char> = fold(b).chars().take(300).collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * f64::from(lcs_len(&a, &b)) / (a.len() + b.len()) as f64
}

/// The length of the longest common subsequence of `a` and `b`, bit-parallel (Crochemore et
/// al., 2001): a bit vector over `b` is updated with one addition per 64 characters for each
/// character of `a`, where the dynamic programme filled a cell per pair of characters.
fn lcs_len(a: &[char], b: &[char]) -> u32 {
    let words = b.len().div_ceil(64);
    // Where each character of `b` occurs, as bits.
    let mut masks: Vec<(char, Vec<u64>)> = Vec::new();
    for (j, &c) in b.iter().enumerate() {
        let k = match masks.iter().position(|(m, _)| *m == c) {
            Some(k) => k,
            None => {
                masks.push((c, vec![0; words]));
                masks.len() - 1
            }
        };
        if let Some(word) = masks.get_mut(k).and_then(|(_, m)| m.get_mut(j / 64)) {
            *word |= 1 << (j % 64);
        }
    }
    // A zero bit per column where the subsequence grows.
    let mut v = vec![u64::MAX; words];
    for ca in a {
        // A character absent from `b` leaves the vector as it is.
        let Some((_, m)) = masks.iter().find(|(c, _)| c == ca) else {
            continue;
        };
        let mut carry = false;
        for (vk, &mk) in v.iter_mut().zip(m) {
            let u = *vk & mk;
            let (sum, c1) = vk.overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            carry = c1 || c2;
            *vk = sum | (*vk & !mk);
        }
    }
    // The padding bits past `b.len()` stay ones (their mask bits are zero, and `v & !m` keeps
    // them), so every zero is a column of `b`.
    v.iter().map(|w| w.count_zeros()).sum()
}

fn squash(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether a title segment names the site: equal to or part of the declared site name, or
/// the site name plus a few words ("Admissions Blog - University X"), or starting with the
/// host's main label (`react` for react.dev, `containerstore` for www.containerstore.com).
fn names_site(segment: &str, site: Option<&str>, host_label: Option<&str>) -> bool {
    let seg = squash(segment);
    if seg.is_empty() {
        return false;
    }
    if let Some(site) = site {
        let s = squash(site);
        if !s.is_empty()
            && (seg == s
                || (seg.len() >= 3 && s.contains(&seg))
                || (s.len() >= 3
                    && seg.contains(&s)
                    && word_count(segment) <= word_count(site) + 3))
        {
            return true;
        }
    }
    if let Some(h) = host_label {
        if h.len() >= 3
            && ((seg.starts_with(h) && word_count(segment) <= 12)
                || (seg.len() >= 4 && h.starts_with(&seg))
                || (h.len() >= 5 && seg.contains(h) && word_count(segment) <= 4))
        {
            return true;
        }
    }
    false
}

/// The main label of a URL's host: `www.containerstore.com` → `containerstore`.
pub(super) fn host_label(page_url: Option<&str>) -> Option<String> {
    let u = page_url?;
    let after = u.split("://").nth(1)?;
    let host = after
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    // Skip a two-letter country code under a generic second level (co.uk, com.au).
    let n = labels.len();
    let idx = if n >= 3
        && labels[n - 1].len() == 2
        && matches!(
            labels[n - 2],
            "co" | "com" | "org" | "net" | "ac" | "gov" | "edu"
        ) {
        n - 3
    } else {
        n.checked_sub(2)?
    };
    let l = labels.get(idx)?;
    (!matches!(*l, "www" | "blog" | "m"))
        .then(|| l.chars().filter(|c| c.is_alphanumeric()).collect())
}

/// Splits a title into (title, site part). A side that names the site (declared site name or
/// host label) is cut; failing that, a short last segment (at most three words, after a title
/// of at least three) is taken for the site.
pub(super) fn split_title(
    t: &str,
    site: Option<&str>,
    host: Option<&str>,
) -> (String, Option<String>) {
    let t = clean(t, MAX_TITLE * 2);
    let mut seps: Vec<(usize, usize)> = Vec::new();
    for (sep, _) in TITLE_SEPARATORS {
        let mut from = 0;
        while let Some(p) = t[from..].find(sep) {
            seps.push((from + p, sep.len()));
            from += p + sep.len();
        }
    }
    seps.sort_unstable();
    if seps.is_empty() {
        return (t, None);
    }
    // Site at the end ("Title | Section | Site"): the earliest cut whose tail names the site.
    for &(p, l) in &seps {
        let (head, tail) = (t[..p].trim(), t[p + l..].trim());
        if !head.is_empty() && names_site(tail, site, host) && !names_site(head, site, host) {
            // Breadcrumb titles ("Topic / Forum / Site"): the page title is the first part.
            let sep = &t[p..p + l];
            if BREADCRUMB_SEPARATORS.iter().any(|(b, _)| *b == sep) {
                if let Some(q) = head.find(sep) {
                    let first = head[..q].trim();
                    if word_count(first) >= 2 {
                        return (first.to_string(), Some(tail.to_string()));
                    }
                }
            }
            return (head.to_string(), Some(tail.to_string()));
        }
    }
    // Site at the start ("Site | Title").
    for &(p, l) in seps.iter().rev() {
        let (head, tail) = (t[..p].trim(), t[p + l..].trim());
        let head_is_site = site
            .is_some_and(|x| squash(x).contains(&squash(head)) && !squash(head).is_empty())
            || host.is_some_and(|x| squash(head).starts_with(x) && word_count(head) <= 3);
        if !tail.is_empty() && head_is_site && !names_site(tail, site, host) {
            return (tail.to_string(), Some(head.to_string()));
        }
    }
    let (p, l) = seps[seps.len() - 1];
    let (head, tail) = (t[..p].trim(), t[p + l..].trim());
    if word_count(tail) <= 3 && word_count(head) >= 3 && !t[p..p + l].contains(':') {
        return (head.to_string(), Some(tail.to_string()));
    }
    (t, None)
}

/// Strips permalink markers that headings carry ("Title¶", "Title #").
pub(super) fn clean_heading(h: &str) -> String {
    clean(h, MAX_TITLE)
        .trim_end_matches(['¶', '#', '§', '🔗'])
        .trim()
        .to_string()
}

/// The part of a title before its first title separator, if it has one.
fn first_segment(t: &str) -> Option<&str> {
    TITLE_SEPARATORS
        .iter()
        .filter_map(|(sep, _)| t.find(sep))
        .min()
        .map(|p| t[..p].trim())
        .filter(|h| !h.is_empty())
}

/// Share of the shorter title's words that the other title has too (title keys).
fn word_overlap(a: &str, b: &str) -> f64 {
    let (a, b) = (title_key(a), title_key(b));
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if short.is_empty() || short[0].is_empty() {
        return 0.0;
    }
    let common = short.iter().filter(|w| long.contains(w)).count();
    common as f64 / short.len() as f64
}

/// Case-, quote- and punctuation-insensitive form for title comparisons.
fn title_key(s: &str) -> String {
    fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn resolve_title(
    d: &Declared,
    site: Option<&str>,
    main_h1: Option<usize>,
) -> Option<String> {
    let host = host_label(d.page_url.as_deref());
    let host = host.as_deref();
    // An h1 that is the site's name (a logo heading) is not the article's title.
    let h1 = main_h1
        .map(|i| clean_heading(&d.headings[i].text))
        .filter(|h| !h.is_empty())
        .filter(|h| {
            let k = squash(h);
            !(site.is_some_and(|s| squash(s) == k) || host == Some(k.as_str()))
        });
    let tag = d.title_tag.as_deref();
    let tag_cut = tag.map(|t| split_title(t, site, host).0);
    let h1_key = h1.as_deref().map(title_key);
    let confirmed_by_h1 = |s: &str| h1_key.as_deref().is_some_and(|k| title_key(s) == k);
    // JSON-LD headline and name: when both exist and differ, the one the visible h1 repeats
    // (`name` is often the SEO title, `headline` the printed one, or the other way round);
    // failing that, the one agreeing with <title>.
    let ld = match (&d.ld.headline, &d.ld.name) {
        (Some(h), Some(n)) if h != n && d.ld.main_rank >= 2 => {
            let reference = tag.or(h1.as_deref()).unwrap_or("");
            if confirmed_by_h1(n) && !confirmed_by_h1(h) {
                Some(n.clone())
            } else if confirmed_by_h1(h) {
                Some(h.clone())
            } else if similarity(n, reference) > similarity(h, reference) + 0.1 {
                Some(n.clone())
            } else {
                Some(h.clone())
            }
        }
        (Some(h), _) => Some(h.clone()),
        (None, Some(n)) if d.ld.main_rank >= 3 => Some(n.clone()),
        _ => None,
    };
    let meta_title = d
        .meta(TITLE_META)
        .map(|s| clean(s, MAX_TITLE))
        .filter(|s| !s.is_empty());
    // A JSON-LD title unrelated to both the h1 and the <meta> title, while those two agree,
    // describes something else (a template's default object, another entry of the page).
    let ld = ld.filter(|l| {
        let (Some(h), Some(m)) = (h1.as_deref(), meta_title.as_deref()) else {
            return true;
        };
        let m = split_title(m, site, host).0;
        let l = split_title(l, site, host).0;
        !(similarity(h, &m) >= 0.8 && word_overlap(&l, h) < 0.34 && word_overlap(&l, &m) < 0.34)
    });
    // Declared titles in order of trust: JSON-LD, then <meta>; the site part cut off.
    let declared = ld
        .or(meta_title)
        .filter(|s| !s.is_empty())
        .map(|s| split_title(&s, site, host).0);

    if let Some(h1) = h1.as_deref() {
        let hk = title_key(h1);
        let long_enough = word_count(h1) >= 2 || hk.len() >= 8;
        if let Some(dt) = declared.as_deref() {
            if title_key(dt) == hk {
                return Some(clean(dt, MAX_TITLE));
            }
        }
        // The h1 is the declared title or <title> without its trailing part (site, section,
        // SEO tagline): the h1 is the clean one.
        // A short h1 ("News", "Trails") only counts when what follows it in the full title
        // is clearly a trailing part: led by a separator, or naming the site.
        let trailing_part = |full: &str| {
            fold(full).strip_prefix(&fold(h1)).is_some_and(|rest| {
                let r = rest.trim();
                !r.is_empty()
                    && (r.starts_with(['|', '-', ':', '·', '•', '»', '/', '~', '_'])
                        || names_site(r, site, host))
            })
        };
        let truncates = |full: &str| {
            let fk = title_key(full);
            fk.len() > hk.len() && fk.starts_with(&hk) && (long_enough || trailing_part(full))
        };
        // <title> only speaks for the h1 when no declared title contradicts it (a blog's
        // <title> "Blog Name: Post" with the blog name as h1, og:title the post).
        let tag_agrees = declared
            .as_deref()
            .is_none_or(|dt| similarity(dt, h1) >= 0.8);
        if declared.as_deref().is_some_and(truncates) || (tag_agrees && tag.is_some_and(truncates))
        {
            // Some templates print the site's name in the h1 too ("Headline – Site"): cut
            // it as in a declared title, but only a part that names the site.
            return match split_title(h1, site, host) {
                (cut, Some(part)) if !cut.is_empty() && names_site(&part, site, host) => Some(cut),
                _ => Some(h1.to_string()),
            };
        }
        if let Some(dt) = declared.as_deref() {
            let dk = title_key(dt);
            // The declared title is a shortened form of the h1 ("Top 23 Herbs for Pest
            // Control" of "My Top 23 Herbs for Pest Control in the Garden"), and the page
            // marks the h1's wording as its schema.org headline: the h1 is the full title.
            let headline_declared =
                d.ld.headline
                    .iter()
                    .map(String::as_str)
                    .chain(d.meta_all("headline"))
                    .any(|hl| title_key(hl) == hk);
            if headline_declared && word_count(&dk) >= 3 && hk.contains(&dk) {
                return Some(h1.to_string());
            }
            // "Headline | SEO tagline": the declared title still carries a part that is not
            // the site's name, and the h1 opens with its first part, going on in its own
            // words (not the same parts again): the h1 is the headline as printed.
            if let Some(head) = first_segment(dt).filter(|&s| first_segment(h1) != Some(s)) {
                let head_key = title_key(head);
                if word_count(&head_key) >= 3
                    && hk.len() > head_key.len()
                    && hk.starts_with(&head_key)
                    && hk[head_key.len()..].starts_with(' ')
                {
                    return Some(h1.to_string());
                }
            }
        }
        if declared.is_none() {
            if let Some(cut) = tag_cut.as_deref() {
                if title_key(cut) == hk
                    || tag.is_some_and(|t| title_key(t).contains(&hk) && long_enough)
                {
                    return Some(h1.to_string());
                }
            }
        }
    }
    if let Some(dt) = declared {
        return Some(clean(&dt, MAX_TITLE));
    }
    if let Some(cut) = tag_cut.filter(|c| !c.is_empty()) {
        return Some(clean(&cut, MAX_TITLE));
    }
    h1.or_else(|| d.ld.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dynamic programme [`lcs_len`] replaced.
    fn lcs_reference(a: &[char], b: &[char]) -> u32 {
        let mut prev = vec![0u32; b.len() + 1];
        let mut cur = vec![0u32; b.len() + 1];
        for &ca in a {
            for (j, &cb) in b.iter().enumerate() {
                cur[j + 1] = if ca == cb {
                    prev[j] + 1
                } else {
                    prev[j + 1].max(cur[j])
                };
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        prev[b.len()]
    }

    #[test]
    fn bit_parallel_lcs_agrees_with_the_dynamic_programme() {
        let mut x = 0x51_7cc1_b727_220a_u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        // Small alphabets make long common subsequences; lengths cross the 64-bit words.
        for _ in 0..3_000 {
            let alphabet = 1 + next() % 6;
            let mut pair = [Vec::new(), Vec::new()];
            for s in &mut pair {
                let len = next() % 300;
                for _ in 0..len {
                    s.push(char::from(
                        b'a' + u8::try_from(next() % alphabet).unwrap_or(0),
                    ));
                }
            }
            let [a, b] = pair;
            assert_eq!(lcs_len(&a, &b), lcs_reference(&a, &b), "{a:?} {b:?}");
        }
        let t = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(lcs_len(&t(""), &t("abc")), 0);
        assert_eq!(lcs_len(&t("abc"), &t("")), 0);
        assert_eq!(lcs_len(&t("Bär über"), &t("über Bär")), 4);
        assert!((similarity("Rain due", "rain due!") - 16.0 / 17.0).abs() < 1e-12);
    }
}
