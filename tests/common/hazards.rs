//! Hostile pages from issue 13, generated at a chosen scale, with the outcome deboil
//! documents for each.
//!
//! Shared by `tests/hostile.rs` (debug build, often scaled down) and `examples/hazards.rs`
//! (release build, full size) through `#[path]`, so both exercise exactly the same bytes.

#![allow(dead_code)]

use deboil::{Article, Error};

/// Every hazard, in the order the issue lists them (plus the depth cases it measured).
pub const NAMES: &[&str] = &[
    "nested-div-10k",
    "nested-div-30k",
    "nested-div-100k",
    "table-stray-div-50k",
    "nested-ul-li-60k",
    "unclosed-b-50k",
    "misnested-abi-20k",
    "attributes-200k",
    "text-node-20mb",
    "script-20mb",
    "comments-1m",
    "siblings-500k",
    "paragraphs-200k",
    "nul-bytes",
    "random-10mb",
    "gzip-as-html",
    "utf16-bom",
    "unknown-charset",
    "empty",
    // Not in the issue: found while writing these. Quadratic attribute merging (fixed), and
    // a memory bomb: re-opened formatting elements copy their attributes (now counted).
    "body-attributes-100k",
    "formatting-clone-bomb",
];

/// A generated page and what extracting it must give.
pub struct Hazard {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// The HTTP `Content-Type` the page is "served" with, if any.
    pub content_type: Option<&'static str>,
    pub expect: Expect,
}

/// The documented outcome of a hazard.
pub enum Expect {
    /// An article whose text contains every one of these phrases (and, when `absent` is
    /// given, none of those).
    Article {
        contains: &'static [&'static str],
        absent: &'static [&'static str],
    },
    /// `Error::NotHtml`.
    NotHtml,
    /// Any `Ok` article (content unspecified), or `Error::NotHtml`: arbitrary bytes.
    AnyArticleOrNotHtml,
    /// An article with no blocks (empty input).
    EmptyArticle,
    /// `Error::TooManyNodes`.
    TooManyNodes,
}

impl Expect {
    /// Checks an extraction result against the expectation; `Err` says what differed.
    pub fn check(&self, got: &Result<Article, Error>) -> Result<(), String> {
        match (self, got) {
            (Expect::Article { contains, absent }, Ok(a)) => {
                let text = a.text();
                for phrase in *contains {
                    if !text.contains(phrase) {
                        return Err(format!(
                            "article text ({} bytes) lacks {phrase:?}",
                            text.len()
                        ));
                    }
                }
                for phrase in *absent {
                    if text.contains(phrase) {
                        return Err(format!("article text contains {phrase:?}"));
                    }
                }
                Ok(())
            }
            (Expect::NotHtml, Err(Error::NotHtml { .. })) => Ok(()),
            (Expect::TooManyNodes, Err(Error::TooManyNodes { .. })) => Ok(()),
            (Expect::AnyArticleOrNotHtml, Ok(_) | Err(Error::NotHtml { .. })) => Ok(()),
            (Expect::EmptyArticle, Ok(a)) if a.blocks.is_empty() => Ok(()),
            (_, Ok(a)) => Err(format!("unexpected article ({} blocks)", a.blocks.len())),
            (_, Err(e)) => Err(format!("unexpected error: {e}")),
        }
    }
}

/// The article every structural hazard is wrapped in.
pub const LEAD: &str = "The harbour authority confirmed on Tuesday that the northern pier will close for repairs \
     next spring, after engineers found corrosion in several of the steel supports that carry \
     the walkway above the water.";
pub const LEAD_PHRASE: &str = "northern pier will close for repairs";
pub const TAIL: &str = "Ferry services will move to the southern terminal while the work goes on, and the \
     authority said timetables would be published well before the closure begins in April.";
pub const TAIL_PHRASE: &str = "southern terminal while the work goes on";
/// Text placed at the bottom of a deep nest: it must survive flattening.
pub const DEEP: &str = "Divers who inspected the piles last month reported that the worst damage was found \
     close to the waterline, where the tide exposes the metal twice a day to air and salt.";
pub const DEEP_PHRASE: &str = "worst damage was found";

fn page(hazard: &str) -> String {
    page_parts("", hazard)
}

fn page_parts(head: &str, hazard: &str) -> String {
    let mut s = String::with_capacity(hazard.len() + 1024);
    s.push_str("<!doctype html><html><head><title>Pier to close for repairs</title>");
    s.push_str(head);
    s.push_str("</head><body><article><h1>Pier to close for repairs</h1><p>");
    s.push_str(LEAD);
    s.push_str("</p>");
    s.push_str(hazard);
    s.push_str("<p>");
    s.push_str(TAIL);
    s.push_str("</p></article></body></html>");
    s
}

fn nested(open: &str, close: &str, n: usize) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * n + DEEP.len() + 8);
    for _ in 0..n {
        s.push_str(open);
    }
    s.push_str("<p>");
    s.push_str(DEEP);
    s.push_str("</p>");
    for _ in 0..n {
        s.push_str(close);
    }
    s
}

/// A small deterministic PRNG (SplitMix64), so no extra crate is needed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn fill(&mut self, out: &mut Vec<u8>, len: usize) {
        out.reserve(len);
        while out.len() < len {
            for b in self.next_u64().to_le_bytes() {
                if out.len() < len {
                    out.push(b);
                }
            }
        }
    }
}

const STANDARD: Expect = Expect::Article {
    contains: &[LEAD_PHRASE, TAIL_PHRASE],
    absent: &[],
};
const DEEP_KEPT: Expect = Expect::Article {
    contains: &[LEAD_PHRASE, DEEP_PHRASE, TAIL_PHRASE],
    absent: &[],
};

/// Builds hazard `name` with its counts and sizes divided by `div` (1 = the size).
pub fn build(name: &str, div: usize) -> Option<Hazard> {
    let div = div.max(1);
    let n = |full: usize| (full / div).max(1);
    let (name, bytes, content_type, expect): (&'static str, Vec<u8>, _, _) = match name {
        "nested-div-10k" => (
            "nested-div-10k",
            page(&nested("<div>", "</div>", n(10_000))).into(),
            None,
            DEEP_KEPT,
        ),
        "nested-div-30k" => (
            "nested-div-30k",
            page(&nested("<div>", "</div>", n(30_000))).into(),
            None,
            DEEP_KEPT,
        ),
        "nested-div-100k" => (
            "nested-div-100k",
            page(&nested("<div>", "</div>", n(100_000))).into(),
            None,
            DEEP_KEPT,
        ),
        "table-stray-div-50k" => {
            // 50,000 `<div>`s directly inside a `<table>`: each is foster-parented, i.e.
            // inserted before the table (16 bytes each, 0.8 MB, as in the issue).
            let mut s = String::from("<table><tr><td>cell</td></tr>");
            for _ in 0..n(50_000) {
                s.push_str("<div>stray</div>");
            }
            s.push_str("</table>");
            ("table-stray-div-50k", page(&s).into(), None, STANDARD)
        }
        "nested-ul-li-60k" => (
            "nested-ul-li-60k",
            page(&nested("<ul><li>", "</li></ul>", n(60_000))).into(),
            None,
            DEEP_KEPT,
        ),
        "unclosed-b-50k" => {
            let mut s = String::new();
            for _ in 0..n(50_000) {
                s.push_str("<b>");
            }
            s.push_str(DEEP);
            ("unclosed-b-50k", page(&s).into(), None, DEEP_KEPT)
        }
        "misnested-abi-20k" => {
            // The adoption agency's favourite: formatting elements closed in the wrong order,
            // never balanced, each round re-opening what the last one left behind.
            let mut s = String::new();
            for i in 0..n(20_000) {
                s.push_str("<a href=\"#\"><b><i>w");
                if i % 2 == 0 {
                    s.push_str("</a>");
                } else {
                    s.push_str("</b></a>");
                }
            }
            s.push_str("<p>");
            s.push_str(DEEP);
            s.push_str("</p>");
            ("misnested-abi-20k", page(&s).into(), None, DEEP_KEPT)
        }
        "attributes-200k" => {
            let mut s = String::from("<div");
            for i in 0..n(200_000) {
                s.push_str(&format!(" data-a{i}=\"v\""));
            }
            s.push_str("><p>");
            s.push_str(DEEP);
            s.push_str("</p></div>");
            ("attributes-200k", page(&s).into(), None, DEEP_KEPT)
        }
        "text-node-20mb" => {
            let target = n(20 << 20);
            let mut s = String::with_capacity(target + 64);
            s.push_str("<p>");
            let words = [
                "harbour ", "pier ", "repairs ", "steel ", "tide ", "ferry. ",
            ];
            let mut i = 0;
            while s.len() < target {
                s.push_str(words[i % words.len()]);
                i += 1;
            }
            s.push_str("</p>");
            ("text-node-20mb", page(&s).into(), None, STANDARD)
        }
        "script-20mb" => {
            let target = n(20 << 20);
            let mut s = String::with_capacity(target + 64);
            s.push_str("<script>var x = [");
            while s.len() < target {
                s.push_str("\"<p>not text</p>\", 1 < 2 && 3 > 2, ");
            }
            s.push_str("];</script>");
            (
                "script-20mb",
                page(&s).into(),
                None,
                Expect::Article {
                    contains: &[LEAD_PHRASE, TAIL_PHRASE],
                    absent: &["not text"],
                },
            )
        }
        "comments-1m" => {
            let mut s = String::new();
            for _ in 0..n(1_000_000) {
                s.push_str("<!--c-->");
            }
            ("comments-1m", page(&s).into(), None, STANDARD)
        }
        "siblings-500k" => {
            let mut s = String::from("<div>");
            for _ in 0..n(500_000) {
                s.push_str("<i></i>");
            }
            s.push_str("</div>");
            ("siblings-500k", page(&s).into(), None, STANDARD)
        }
        "paragraphs-200k" => {
            let mut s = String::new();
            for i in 0..n(200_000) {
                s.push_str(&format!("<p>Short note {i}.</p>"));
            }
            (
                "paragraphs-200k",
                page(&s).into(),
                None,
                Expect::AnyArticleOrNotHtml,
            )
        }
        "nul-bytes" => {
            // NULs in text, attribute values, comments, tag names and a script, 1 MB in all.
            let chunk = "<p title=\"a\0b\">Null\0byte\0text</p><!--\0--><di\0v>x</di\0v><script>\0</script>";
            let mut s = String::new();
            while s.len() < n(1 << 20) {
                s.push_str(chunk);
            }
            (
                "nul-bytes",
                page(&s).into(),
                None,
                Expect::Article {
                    contains: &[LEAD_PHRASE, TAIL_PHRASE],
                    absent: &["\0"],
                },
            )
        }
        "random-10mb" => {
            let mut bytes = Vec::new();
            Rng::new(0x5eed).fill(&mut bytes, n(10 << 20));
            ("random-10mb", bytes, None, Expect::NotHtml)
        }
        "gzip-as-html" => {
            // A gzip member header (magic, deflate, no flags) then pseudo-random "deflate" data.
            let mut bytes = vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03];
            Rng::new(0x9219).fill(&mut bytes, n(200_000));
            ("gzip-as-html", bytes, Some("text/html"), Expect::NotHtml)
        }
        "utf16-bom" => {
            let html = page("<p>Überprüfung der Stützen: 北の桟橋</p>");
            let mut bytes = vec![0xFF, 0xFE];
            for unit in html.encode_utf16() {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
            (
                "utf16-bom",
                bytes,
                None,
                Expect::Article {
                    contains: &[
                        LEAD_PHRASE,
                        "Überprüfung der Stützen: 北の桟橋",
                        TAIL_PHRASE,
                    ],
                    absent: &[],
                },
            )
        }
        "unknown-charset" => {
            let html = page_parts(
                "<meta charset=\"x-klingon-9\">",
                "<p>Caf\u{e9} cr\u{e8}me on the quay.</p>",
            );
            (
                "unknown-charset",
                html.into(),
                Some("text/html; charset=x-unknown-label"),
                Expect::Article {
                    contains: &[
                        LEAD_PHRASE,
                        "Caf\u{e9} cr\u{e8}me on the quay.",
                        TAIL_PHRASE,
                    ],
                    absent: &[],
                },
            )
        }
        "empty" => ("empty", Vec::new(), None, Expect::EmptyArticle),
        "body-attributes-100k" => {
            // Every `<body>` tag adds its attributes to the one body element.
            let mut s = String::new();
            for i in 0..n(100_000) {
                s.push_str(&format!("<body data-x{i}=\"1\">"));
            }
            ("body-attributes-100k", page(&s).into(), None, STANDARD)
        }
        "formatting-clone-bomb" => {
            // Each paragraph re-opens every `<b>` left open so far (the "reconstruct the
            // active formatting elements" step), each a copy with 250 attributes: 4 MB of
            // markup, quadratic in elements and attributes (gigabytes unbounded).
            let attrs: Vec<String> = (0..250).map(|i| format!("a{i}=v")).collect();
            let attrs = attrs.join(" ");
            let mut s = String::new();
            for i in 0..n(2_500) {
                s.push_str(&format!("<p><b {attrs} id={i}>x</p>"));
            }
            (
                "formatting-clone-bomb",
                page(&s).into(),
                None,
                Expect::TooManyNodes,
            )
        }
        _ => return None,
    };
    Some(Hazard {
        name,
        bytes,
        content_type,
        expect,
    })
}
