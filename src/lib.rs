//! deboil removes the boilerplate from web pages: give it a page's bytes, get back the
//! article — title, authors, dates, site, language and the rest of the metadata, and the
//! article's blocks in order — without menus, footers, share bars, related posts, author
//! boxes, newsletter prompts or cookie-consent dialogs.
//!
//! ```
//! let html = br#"<html><head><title>Rain due - Daily News</title></head><body>
//!   <nav><a href="/">Home</a> <a href="/world">World</a></nav>
//!   <article><h1>Rain due</h1>
//!     <p>Heavy rain is expected across the region on Monday, forecasters said, with
//!        local flooding likely in low-lying areas near the river.</p>
//!     <p>Residents were advised to move cars away from the embankment overnight.</p>
//!   </article>
//!   <div id="cookie-banner" role="dialog"><p>We use cookies to improve your experience.
//!     <button>Accept all</button></p></div>
//! </body></html>"#;
//! let article = deboil::extract(html)?;
//! assert_eq!(article.title.as_deref(), Some("Rain due"));
//! assert!(article.text().starts_with("Heavy rain is expected"));
//! assert!(!article.text().contains("cookies"));
//! # Ok::<(), deboil::Error>(())
//! ```
//!
//! # Brief overview
//!
//! One function, [`Extractor::extract_page`], runs the pipeline; each stage is a module:
//!
//! 1. **decode** — bytes to UTF-8: byte-order mark, the caller's charset, `<meta charset>`,
//!    detection (chardetng) for undeclared legacy pages, windows-1252 last.
//! 2. **parse** (`dom`) — a byte-oriented tokenizer (the WHATWG states, jumping between
//!    the bytes that change state) feeding html5ever's tree builder, into an arena of
//!    `u32`-linked nodes; every walk is iterative.
//! 3. **metadata** — declared facts first (JSON-LD, Open Graph, `<meta>`, `<time>`), read
//!    before pruning removes the scripts that carry them.
//! 4. **prune** — drops what is never content: scripts, hidden nodes, consent dialogs, and
//!    navigation/footer/aside regions found by tag, ARIA role and class/id cues (`cues`).
//! 5. **blocks** — cuts the page into text blocks at block-level elements and `<br><br>`,
//!    with features: length, words, link density, text density, tag path, position.
//! 6. **score** — picks the article's container by text density and link density, extends
//!    it over sibling containers that continue the article, and classifies the blocks
//!    inside with context from their neighbours.
//! 7. **article** — assembles the [`Article`] and renders it as text, Markdown or HTML.
//!
//! An [`Extractor`] holds the [`Options`]; build it once and share it across threads
//! (`Send + Sync`, no global mutable state; the same input always gives the same output).
//! [`extract`] is the one-call form with default options.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod article;
mod blocks;
mod cues;
mod decode;
mod dom;
mod error;
mod explain;
mod metadata;
mod options;
mod prune;
mod score;
mod text;

pub use article::{Article, Block, BlockKind, Link};
pub use error::Error;
pub use explain::{Decision, Explanation, FieldSource, Removed};
pub use options::{Limits, Options, Preset};

/// Extracts the article from a page's bytes with default [`Options`].
///
/// ```
/// let article = deboil::extract(b"<p>Hello</p>")?;
/// assert_eq!(article.encoding, "UTF-8");
/// # Ok::<(), deboil::Error>(())
/// ```
pub fn extract(html: &[u8]) -> Result<Article, Error> {
    static DEFAULT: std::sync::LazyLock<Extractor> =
        std::sync::LazyLock::new(|| Extractor::new(Options::default()));
    DEFAULT.extract(html)
}

/// An extraction configuration, built once and reused for many pages, across threads.
///
/// ```
/// use deboil::{Extractor, Options};
/// let extractor = Extractor::new(Options::default());
/// let page = b"<html lang=de><body><article><p>Ein kurzer Artikel mit genug Text, um als Inhalt zu gelten, und noch etwas mehr.</p></article></body></html>";
/// let article = extractor.extract_page(page, Some("https://example.de/a"), None)?;
/// assert_eq!(article.lang.as_deref(), Some("de"));
/// # Ok::<(), deboil::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Extractor {
    options: Options,
}

impl Extractor {
    /// Builds an extractor from options.
    pub fn new(options: Options) -> Extractor {
        Extractor { options }
    }

    /// The options this extractor was built with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Extracts one page, using the URL and charset given in the [`Options`].
    pub fn extract(&self, html: &[u8]) -> Result<Article, Error> {
        self.extract_page(html, None, None)
    }

    /// Extracts one page with per-page facts: its URL and its HTTP `Content-Type` (or bare
    /// charset label). Either overrides the one in the [`Options`].
    pub fn extract_page(
        &self,
        html: &[u8],
        url: Option<&str>,
        content_type: Option<&str>,
    ) -> Result<Article, Error> {
        self.run(html, url, content_type, None)
    }

    /// Extracts one page and says why: every text block with the rule that kept or dropped
    /// it, and every element pruning removed (consent dialogs, chrome, hidden nodes).
    ///
    /// ```
    /// let ex = deboil::Extractor::new(deboil::Options::default());
    /// let page = b"<nav><a href=/>Home</a></nav><article><p>A paragraph long enough to be the article, with a clause, and a full stop.</p></article>";
    /// let why = ex.explain(page, None, None)?;
    /// assert!(why.blocks.iter().any(|b| b.kept));
    /// assert!(why.removed.iter().any(|r| r.element == "nav"));
    /// # Ok::<(), deboil::Error>(())
    /// ```
    pub fn explain(
        &self,
        html: &[u8],
        url: Option<&str>,
        content_type: Option<&str>,
    ) -> Result<Explanation, Error> {
        let mut trace = explain::Trace::default();
        let article = self.run(html, url, content_type, Some(&mut trace))?;
        Ok(trace.finish(article))
    }

    /// The pipeline, top to bottom; `trace` records the decisions when asked.
    fn run(
        &self,
        html: &[u8],
        url: Option<&str>,
        content_type: Option<&str>,
        mut trace: Option<&mut explain::Trace>,
    ) -> Result<Article, Error> {
        let opts = &self.options;
        let limits = opts.limits;
        let budget = options::Budget::start(limits.max_time);
        if html.len() > limits.max_bytes {
            return Err(Error::TooLarge {
                size: html.len(),
                limit: limits.max_bytes,
            });
        }
        if let Some(reason) = text::binary_signature(html).or_else(|| text::binary_content(html)) {
            return Err(Error::NotHtml { reason });
        }
        let url = url.or(opts.url.as_deref());

        let decoded = decode::decode(html, content_type.or(opts.charset.as_deref()));
        budget.check_now()?;
        // Depth, attribute and node-count bounds, and the budget, are enforced while parsing.
        let mut dom = dom::Dom::parse_limited(&decoded.text, &limits, &budget)?;
        budget.check_now()?;
        if let Some(t) = trace.as_deref_mut() {
            t.number(&dom);
        }
        let declared = metadata::declared(&dom, url);
        if let Some(t) = trace.as_deref_mut() {
            // Resolution consumes the declared facts; the trace keeps every candidate first.
            t.candidates(metadata::candidates(&declared, &dom));
        }
        budget.check_now()?;
        // On a forum thread or a Q&A page the replies are what the page is for.
        let discussion;
        let opts = if declared.declares_discussion() && !opts.include_comments {
            discussion = opts.clone().with_comments(true);
            &discussion
        } else {
            opts
        };
        let pruned = prune::prune(&mut dom, opts);
        budget.check_now()?;
        let blocks = blocks::segment(&dom, opts);
        budget.check_now()?;
        let selected = score::select(&dom, &blocks, &pruned, declared.declares_article(), opts);
        budget.check_now()?;
        let meta = metadata::resolve(declared, &dom, selected.root);
        if let Some(t) = trace {
            t.record(&dom, &blocks, &selected, &pruned);
        }
        Ok(article::assemble(meta, decoded.encoding, blocks, &selected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Extractor>();
        check::<Article>();
        check::<Error>();
    }

    #[test]
    fn limits_are_enforced() {
        let ex =
            Extractor::new(Options::default().with_limits(Limits::default().with_max_bytes(10)));
        assert!(matches!(
            ex.extract(b"<p>more than ten bytes</p>"),
            Err(Error::TooLarge {
                size: 26,
                limit: 10
            })
        ));
    }
}

/// Test and benchmark hooks into private stages. Not part of the API: no stability promise.
#[doc(hidden)]
pub mod __private {
    use crate::dom::{DOCUMENT, Dom, NONE, NodeData, NodeId};
    use std::fmt::Write as _;

    /// Parses `html` into the arena and returns its node count (parse-only benchmarks).
    pub fn parse_node_count(html: &str) -> usize {
        Dom::parse(html).nodes.len()
    }

    /// A canonical pre-order dump of the arena tree, one node per line, for comparing with
    /// another tree builder: `<depth> E ns:local attr="v"`, `T "text"`, `C "comment"`, `D`,
    /// `P`, and `F` for a template's contents (listed before the template's children).
    pub fn parse_tree_dump(html: &str) -> String {
        let dom = Dom::parse(html);
        let mut out = String::new();
        // (node, depth, is-fragment-marker)
        let mut stack: Vec<(NodeId, usize, bool)> = Vec::new();
        push_children(&dom, DOCUMENT, 0, &mut stack);
        while let Some((id, depth, fragment)) = stack.pop() {
            if fragment {
                let _ = writeln!(out, "{depth} F");
                push_children(&dom, id, depth + 1, &mut stack);
                continue;
            }
            match &dom.node(id).data {
                NodeData::Element(e) => {
                    let _ = write!(out, "{depth} E {}:{}", &*e.name.ns, &*e.name.local);
                    for a in &e.attrs {
                        let _ = write!(out, " {}=\"{}\"", &*a.name.local, &*a.value);
                    }
                    out.push('\n');
                    push_children(&dom, id, depth + 1, &mut stack);
                    if e.template_contents != NONE {
                        stack.push((e.template_contents, depth + 1, true));
                    }
                }
                NodeData::Text(t) => {
                    let _ = writeln!(out, "{depth} T {:?}", &**t);
                }
                NodeData::Comment(c) => {
                    let _ = writeln!(out, "{depth} C {:?}", &**c);
                }
                NodeData::Doctype => {
                    let _ = writeln!(out, "{depth} D");
                }
                NodeData::ProcessingInstruction => {
                    let _ = writeln!(out, "{depth} P");
                }
                NodeData::Document => {}
            }
        }
        out
    }

    fn push_children(dom: &Dom, id: NodeId, depth: usize, stack: &mut Vec<(NodeId, usize, bool)>) {
        let mut c = dom.node(id).last_child;
        while c != NONE {
            stack.push((c, depth, false));
            c = dom.node(c).prev;
        }
    }
}
