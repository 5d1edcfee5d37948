//! `--explain` output: the decision trace as a text listing and as one self-contained HTML
//! report per page, and the `deboil eval --report DIR` pages around those reports.
//!
//! The HTML is for people looking at a page they do not understand, so it shows the page
//! rather than a table: every block in document order, shaded kept or dropped, with the rule
//! and the scores beside it; what pruning removed, collapsed (`<details>`, no script needed)
//! where it sat, with its reason; and where every metadata field came from. Inline CSS only,
//! no script, no external resource: the file opens anywhere, offline, and can be mailed.
//!
//! Page text is hostile (it may hold `<script>`, quotes, anything): every piece of it goes
//! through [`esc`]. The markup carries its verdicts as data attributes (`data-kept`,
//! `data-reason`, `data-element`), so tests check what the browser shows through the DOM.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use deboil::{Decision, Explanation, Removed};

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls other than tab and newline are not allowed in HTML text.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// One entry of the page in document order.
enum Item<'a> {
    Block(&'a Decision),
    Removed(&'a Removed),
}

/// Blocks and removed regions merged by document position (both lists are already in order).
fn flow(e: &Explanation) -> Vec<Item<'_>> {
    let mut out = Vec::with_capacity(e.blocks.len() + e.removed.len());
    let mut removed = e.removed.iter().peekable();
    for b in &e.blocks {
        while let Some(r) = removed.next_if(|r| r.position < b.position) {
            out.push(Item::Removed(r));
        }
        out.push(Item::Block(b));
    }
    out.extend(removed.map(Item::Removed));
    out
}

/// The short name of a pruning reason ("consent dialog", "page chrome", "hidden").
fn reason_label(reason: &str) -> &str {
    reason.split(" (").next().unwrap_or(reason)
}

/// Every metadata field an article can have, in `Article` order.
const FIELDS: &[&str] = &[
    "title",
    "authors",
    "date",
    "date_modified",
    "site_name",
    "lang",
    "url",
    "description",
    "image",
    "tags",
    "page_type",
    "license",
];

/// The `--explain --format text` listing: metadata with sources, then the page in document
/// order, `+` kept, `-` dropped, `x` removed before scoring.
pub fn text(e: &Explanation) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "== metadata");
    for f in &e.metadata {
        let _ = writeln!(
            s,
            "  {:<13} {:?}\n                <- {}",
            f.field, f.value, f.source
        );
    }
    let kept = e.blocks.iter().filter(|b| b.kept).count();
    let _ = writeln!(
        s,
        "\n== page in document order: {kept} of {} blocks kept, {} elements removed \
         (+{} without text); container {}",
        e.blocks.len(),
        e.removed.len(),
        e.removed_without_text,
        e.container.as_deref().unwrap_or("(none)")
    );
    for item in flow(e) {
        match item {
            Item::Block(b) => {
                let mark = if b.kept { '+' } else { '-' };
                let t: String = b.text.chars().take(100).collect();
                let _ = writeln!(
                    s,
                    "{mark} {:?} ld={:.2} td={:.1} {} — {}\n      {t:?}",
                    b.kind, b.link_density, b.text_density, b.element, b.reason
                );
            }
            Item::Removed(r) => {
                let _ = writeln!(
                    s,
                    "x {} — removed: {}\n      {:?}",
                    r.element, r.reason, r.text
                );
            }
        }
    }
    s
}

const CSS: &str = "
:root{--kept:#e3f4e1;--kept-edge:#2e7d32;--drop:#f6e4e4;--drop-edge:#b23b3b;--rem:#fff3d6;
--rem-edge:#b7791f;--ink:#1d1d1f;--muted:#60646c;--miss:#ffd7d5;--extra:#d6e4ff;--part:#fff0b3}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);
margin:0 auto;max-width:1200px;padding:1.5em}
h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd}
.muted,.why{color:var(--muted)}.src{font-family:ui-monospace,monospace;word-break:break-all}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.25em .5em;
text-align:left;vertical-align:top}th{font-weight:600}
td.v{word-break:break-word}td.s{font-family:ui-monospace,monospace;font-size:.9em}
.legend span{display:inline-block;padding:0 .5em;margin-right:.5em;border-left:4px solid}
ol.flow{list-style:none;padding:0;margin:0}
ol.flow>li{display:grid;grid-template-columns:minmax(0,1fr) 19em;gap:1em;margin:.3em 0;
padding:.4em .7em;border-left:5px solid}
.kept{background:var(--kept);border-color:var(--kept-edge)!important}
.dropped{background:var(--drop);border-color:var(--drop-edge)!important}
.removed{background:var(--rem);border-color:var(--rem-edge)!important}
li.dropped .text{color:#5b4a4a}
.text.heading{font-weight:700}.text.code,.text.table{font-family:ui-monospace,monospace;
white-space:pre-wrap;font-size:.9em}
.why{font-size:.85em}.why .rule{display:block;color:var(--ink)}
.why code{font-size:.95em;word-break:break-all}
details summary{cursor:pointer}.peek{color:var(--muted);font-style:italic}details p{margin:.4em 0 0;color:var(--muted)}
.cmp{display:grid;grid-template-columns:1fr 1fr;gap:1em}.cmp ol{padding-left:2.5em;margin:0}
.cmp li{padding:0 .3em;border-left:4px solid transparent}
.cmp li.missing{background:var(--miss);border-color:var(--drop-edge)}
.cmp li.extra{background:var(--extra);border-color:#2f5fb3}
.cmp li.partial{background:var(--part);border-color:var(--rem-edge)}
.score{font-variant-numeric:tabular-nums;text-align:right}
";

/// Starts an HTML document.
fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head><body>\n",
        esc(title)
    )
}

/// The truth of an eval page beside deboil's output, with its figures.
pub struct Comparison<'a> {
    pub set: &'a str,
    /// The page's URL from the truth, shown as text (the report links nowhere outside).
    pub url: Option<&'a str>,
    pub truth: Option<&'a str>,
    /// (P, R, F1) of the page, when it has text truth.
    pub prf: Option<(f64, f64, f64)>,
    /// Link back to the set index (relative).
    pub back: &'a str,
}

/// A self-contained HTML report of one page's explanation; `label` names the page (its path
/// or id).
pub fn page(label: &str, e: &Explanation, cmp: Option<&Comparison>) -> String {
    let mut s = head(&format!("deboil explain: {label}"));
    if let Some(c) = cmp {
        let _ = write!(
            s,
            "<p><a href=\"{}\">← {} index</a></p>",
            esc(c.back),
            esc(c.set)
        );
    }
    let kept = e.blocks.iter().filter(|b| b.kept).count();
    let _ = write!(
        s,
        "<h1>Why deboil kept or dropped each part of this page</h1>\
         <p class=\"src\">{}</p>\
         <p id=\"summary\">{kept} of {} text blocks kept; {} elements removed before scoring \
         (and {} without text: scripts, styles, form controls); article container \
         <code>{}</code>.</p>",
        esc(label),
        e.blocks.len(),
        e.removed.len(),
        e.removed_without_text,
        esc(e.container.as_deref().unwrap_or("(none)"))
    );
    if let Some(url) = cmp.and_then(|c| c.url) {
        let _ = write!(s, "<p class=\"src muted\">{}</p>", esc(url));
    }
    if let (Some(c), Some((p, r, f))) = (cmp, cmp.and_then(|c| c.prf)) {
        let _ = write!(
            s,
            "<p id=\"figures\">{}: F1 <b>{f:.3}</b> (P {p:.3}, R {r:.3})</p>",
            esc(c.set)
        );
    }
    metadata(&mut s, e);
    if let Some(c) = cmp {
        comparison(&mut s, c, &e.article.text());
    }
    s.push_str(
        "<h2>The page in document order</h2>\
         <p class=\"legend\"><span class=\"kept\">kept: in the article</span>\
         <span class=\"dropped\">dropped by scoring</span>\
         <span class=\"removed\">removed before scoring (collapsed: click to open)</span></p>\
         <p class=\"muted\">Scores: <i>ld</i> link density (share of the text inside links), \
         <i>td</i> text density (words per 80-character line).</p>\n<ol class=\"flow\" id=\"flow\">\n",
    );
    for item in flow(e) {
        match item {
            Item::Block(b) => block(&mut s, b),
            Item::Removed(r) => removed(&mut s, r),
        }
    }
    s.push_str("</ol>\n</body></html>\n");
    s
}

fn metadata(s: &mut String, e: &Explanation) {
    s.push_str(
        "<h2>Metadata</h2><table id=\"metadata\"><thead><tr><th>field</th><th>value</th>\
         <th>source</th></tr></thead><tbody>\n",
    );
    for name in FIELDS {
        match e.metadata.iter().find(|f| f.field == *name) {
            Some(f) => {
                let _ = writeln!(
                    s,
                    "<tr data-field=\"{name}\" data-source=\"{src}\"><th>{name}</th>\
                     <td class=\"v\">{}</td><td class=\"s\">{src}</td></tr>",
                    esc(&f.value),
                    src = esc(&f.source)
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "<tr data-field=\"{name}\" class=\"muted\"><th>{name}</th>\
                     <td class=\"v\">—</td><td class=\"s\">not found</td></tr>"
                );
            }
        }
    }
    s.push_str("</tbody></table>\n");
}

fn block(s: &mut String, b: &Decision) {
    let kind = format!("{:?}", b.kind).to_lowercase();
    let class = if b.kept { "kept" } else { "dropped" };
    let _ = writeln!(
        s,
        "<li class=\"block {class}\" data-kept=\"{}\" data-kind=\"{kind}\" \
         data-reason=\"{reason}\" data-element=\"{el}\" data-position=\"{}\">\
         <div class=\"text {kind}\">{}</div><div class=\"why\"><span class=\"rule\">{reason}</span>\
         ld {:.2} · td {:.1} · <code>{el}</code></div></li>",
        b.kept,
        b.position,
        esc(&b.text),
        b.link_density,
        b.text_density,
        reason = esc(b.reason),
        el = esc(&b.element),
    );
}

fn removed(s: &mut String, r: &Removed) {
    let label = reason_label(r.reason);
    let _ = writeln!(
        s,
        "<li class=\"region removed\" data-kept=\"false\" data-kind=\"removed\" \
         data-reason=\"{reason}\" data-element=\"{el}\" data-position=\"{}\">\
         <details><summary><b>{}</b> — <code>{el}</code> <span class=\"peek\">{}</span></summary>\
         <p class=\"text\">{}</p></details>\
         <div class=\"why\"><span class=\"rule\">removed: {reason}</span></div></li>",
        r.position,
        esc(label),
        esc(&peek(&r.text)),
        if r.text.is_empty() {
            "(no text)".to_string()
        } else {
            esc(&r.text)
        },
        reason = esc(r.reason),
        el = esc(&r.element),
    );
}

/// The start of a collapsed region's text, so that a closed region still says what it was.
fn peek(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("“{}…”", text[..cut].trim_end()),
        None if text.is_empty() => String::new(),
        None => format!("“{text}”"),
    }
}

/// Line classes for the truth / output comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The line's text is in the other side.
    Present,
    /// Most of its words are in the other side, not the whole line (segmented differently).
    Partial,
    /// Not in the other side: a truth line missing from the output, or an output line
    /// absent from the truth.
    Absent,
}

/// Whitespace-collapsed, case-folded form for comparing lines.
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Marks each line of `lines` against the whole `other` text. Lines are compared as text,
/// not by position, because truth and output cut the same paragraphs into lines differently.
pub fn mark_lines<'a>(lines: &'a str, other: &str) -> Vec<(&'a str, Mark)> {
    let other_n = norm(other);
    let words: std::collections::HashSet<&str> = other_n.split(' ').collect();
    lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let n = norm(l);
            let mark = if other_n.contains(&n) {
                Mark::Present
            } else {
                let total = n.split(' ').count().max(1);
                let found = n.split(' ').filter(|w| words.contains(w)).count();
                if found * 2 > total {
                    Mark::Partial
                } else {
                    Mark::Absent
                }
            };
            (l, mark)
        })
        .collect()
}

fn comparison(s: &mut String, c: &Comparison, output: &str) {
    s.push_str(
        "<h2>Truth and output</h2><p class=\"legend\">\
         <span class=\"cmp-missing\" style=\"background:var(--miss);border-color:var(--drop-edge)\">\
         truth line missing from the output</span>\
         <span style=\"background:var(--extra);border-color:#2f5fb3\">output line absent from the \
         truth</span><span style=\"background:var(--part);border-color:var(--rem-edge)\">partly \
         present</span></p><div class=\"cmp\" id=\"comparison\">",
    );
    let Some(truth) = c.truth else {
        s.push_str("<div><h3>truth</h3><p class=\"muted\">This page has no text truth.</p></div>");
        side(s, "output", &mark_lines(output, ""), "extra");
        s.push_str("</div>\n");
        return;
    };
    side(s, "truth", &mark_lines(truth, output), "missing");
    side(s, "output", &mark_lines(output, truth), "extra");
    s.push_str("</div>\n");
}

fn side(s: &mut String, name: &str, lines: &[(&str, Mark)], absent: &str) {
    let n_absent = lines.iter().filter(|l| l.1 == Mark::Absent).count();
    let _ = write!(
        s,
        "<div><h3>{name} <span class=\"muted\">({} lines, {n_absent} {absent})</span></h3>\
         <ol data-side=\"{name}\">",
        lines.len()
    );
    for (l, m) in lines {
        let class = match m {
            Mark::Present => "present",
            Mark::Partial => "partial",
            Mark::Absent => absent,
        };
        let _ = write!(s, "<li class=\"{class}\">{}</li>", esc(l));
    }
    s.push_str("</ol></div>");
}

/// One page's row in a set index.
pub struct PageRow {
    pub id: String,
    pub prf: Option<(f64, f64, f64)>,
    /// Extraction error or "no prediction".
    pub note: Option<String>,
    /// Whether its explain report was written.
    pub has_report: bool,
}

/// The file name of a page's report: the id when it is a plain file name, else a safe
/// rewrite of it (ids come from truth files and could hold `/`, `..` or `#`).
pub fn page_file(id: &str) -> String {
    let plain = !id.is_empty()
        && !id.starts_with('.')
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if plain {
        return format!("{id}.html");
    }
    let mut safe: String = id
        .chars()
        .take(80)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    // Two ids that rewrite alike must not share a file.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let _ = write!(safe, "-{hash:016x}.html");
    safe
}

/// The report directory of one set, created.
pub fn set_dir(root: &Path, set: &str) -> io::Result<PathBuf> {
    let dir = root.join(page_file(set).trim_end_matches(".html"));
    fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Writes `<set dir>/index.html`: the set's pages, worst F1 first.
pub fn write_set_index(dir: &Path, set: &str, rows: &mut [PageRow]) -> io::Result<()> {
    rows.sort_by(|a, b| {
        let f = |r: &PageRow| r.prf.map_or(2.0, |x| x.2);
        f(a).total_cmp(&f(b)).then_with(|| a.id.cmp(&b.id))
    });
    let mut s = head(&format!("deboil eval: {set}"));
    let _ = writeln!(
        s,
        "<p><a href=\"../index.html\">← all sets</a></p><h1>{} — {} pages, worst F1 first</h1>\
         <table id=\"pages\"><thead><tr><th>page</th><th class=\"score\">F1</th>\
         <th class=\"score\">P</th><th class=\"score\">R</th><th>note</th></tr></thead><tbody>",
        esc(set),
        rows.len()
    );
    for r in rows.iter() {
        let cell = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
        let name = if r.has_report {
            format!("<a href=\"{}\">{}</a>", esc(&page_file(&r.id)), esc(&r.id))
        } else {
            esc(&r.id)
        };
        let _ = writeln!(
            s,
            "<tr><td class=\"src\">{name}</td><td class=\"score\">{}</td><td class=\"score\">{}</td>\
             <td class=\"score\">{}</td><td>{}</td></tr>",
            cell(r.prf.map(|x| x.2)),
            cell(r.prf.map(|x| x.0)),
            cell(r.prf.map(|x| x.1)),
            esc(r.note.as_deref().unwrap_or(""))
        );
    }
    s.push_str("</tbody></table></body></html>\n");
    fs::write(dir.join("index.html"), s)
}

/// One set's line in the top index.
pub struct SetRow {
    pub name: String,
    pub pages: usize,
    /// Corpus F1 (micro over the set's shingles, as the eval table has it).
    pub f1: Option<f64>,
}

/// Writes `<root>/index.html` linking every set's index.
pub fn write_root_index(root: &Path, sets: &[SetRow]) -> io::Result<()> {
    let mut s = head("deboil eval report");
    s.push_str(
        "<h1>deboil eval report</h1><p class=\"muted\">One index per set, pages worst F1 \
         first; each page links to its explain report with the truth beside the output.</p>\
         <table id=\"sets\"><thead><tr><th>set</th><th class=\"score\">pages</th>\
         <th class=\"score\">F1</th></tr></thead><tbody>\n",
    );
    for r in sets {
        let dir = page_file(&r.name);
        let dir = dir.trim_end_matches(".html");
        let _ = writeln!(
            s,
            "<tr><td><a href=\"{}/index.html\">{}</a></td><td class=\"score\">{}</td>\
             <td class=\"score\">{}</td></tr>",
            esc(dir),
            esc(&r.name),
            r.pages,
            r.f1.map_or("-".to_string(), |f| format!("{f:.3}"))
        );
    }
    s.push_str("</tbody></table></body></html>\n");
    fs::write(root.join("index.html"), s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_hostile_text() {
        assert_eq!(
            esc("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(esc("a\u{0}b"), "a\u{FFFD}b");
    }

    #[test]
    fn page_report_is_self_contained_and_escaped() {
        let src = b"<html><head><title>T &lt;script&gt;</title></head><body><article>\
            <h1>A title</h1><p>Text with &lt;script&gt;alert(1)&lt;/script&gt; and \"quotes\", \
            long enough to be kept as the article, with a clause, and a full stop.</p>\
            </article><footer><p>Footer &lt;b&gt;</p></footer></body></html>";
        let ex = deboil::Extractor::new(deboil::Options::default());
        let e = ex.explain(src, None, None).expect("extracts");
        let html = page(
            "x\"><script>",
            &e,
            Some(&Comparison {
                set: "s",
                url: Some("https://example.com/\"><script>"),
                truth: Some("Text with <script>"),
                prf: Some((1.0, 0.5, 0.6)),
                back: "index.html",
            }),
        );
        assert!(!html.contains("<script"), "{html}");
        // Nothing is fetched: no links out, no external resources.
        assert!(!html.contains("href=\"http") && !html.contains(" src="));
        assert!(html.contains("data-kept=\"true\""));
        assert!(html.contains("data-kind=\"removed\""));
    }

    #[test]
    fn lines_are_marked_against_the_other_side() {
        let m = mark_lines(
            "One two three.\nFour five six.\nNine ten",
            "one two three. four five x y",
        );
        assert_eq!(m[0].1, Mark::Present);
        assert_eq!(m[1].1, Mark::Partial);
        assert_eq!(m[2].1, Mark::Absent);
    }

    #[test]
    fn page_files_are_safe() {
        assert_eq!(page_file("0038"), "0038.html");
        let odd = page_file("../a/b#c");
        assert!(!odd.contains('/') && !odd.contains('#') && !odd.starts_with('.'));
        assert_ne!(page_file("a/b"), page_file("a_b"));
    }
}
