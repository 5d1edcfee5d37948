//! The decision trace behind [`Extractor::explain`](crate::Extractor::explain): for every
//! block, whether it was kept and by which rule, and for every element pruning removed, why.
//!
//! No other extractor shows its work. The trace is how a user finds out why a paragraph went
//! missing, and how we find what to fix; it is recorded only when asked for, so extraction
//! pays nothing for it.
//!
//! Blocks and removed elements carry a common `position` (the element's index in a pre-order
//! walk of the page as parsed, before pruning) so that a report can show a pruned consent
//! dialog where it sat in the page, between the blocks around it. The types serialise (feature
//! `serde`) but do not deserialise: reasons are `&'static str` rule descriptions.

use html5ever::local_name;

use crate::article::{Article, BlockKind};
use crate::blocks::TextBlock;
use crate::dom::{DOCUMENT, Dom, NodeId};
use crate::metadata::Candidates;
use crate::prune::{Pruned, Reason};
use crate::score::Selection;
use crate::text;

/// An extraction with its reasons; see [`Extractor::explain`](crate::Extractor::explain).
#[non_exhaustive]
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Explanation {
    /// The article, exactly as [`Extractor::extract_page`](crate::Extractor::extract_page)
    /// returns it.
    pub article: Article,
    /// The element chosen as the article's container (`tag#id.class`), if any.
    pub container: Option<String>,
    /// Every text block of the pruned page, in document order.
    pub blocks: Vec<Decision>,
    /// Elements removed before scoring (consent dialogs, chrome, hidden nodes), in document
    /// order. Script, style and other text-free elements are only counted.
    pub removed: Vec<Removed>,
    /// How many text-free elements (scripts, styles, form controls, comments) were removed.
    pub removed_without_text: usize,
    /// Where each metadata field the article has came from, in [`Article`] field order.
    pub metadata: Vec<FieldSource>,
}

/// The source of one resolved metadata field.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FieldSource {
    /// The [`Article`] field: `title`, `authors`, `date`, `date_modified`, `site_name`,
    /// `lang`, `url`, `description`, `image`, `tags`, `page_type` or `license`.
    pub field: &'static str,
    /// The resolved value (list fields joined with `"; "`).
    pub value: String,
    /// Where the value came from: `"JSON-LD headline"`, `"meta og:title"`,
    /// `"<title> (site name split off)"`, `"h1 h1.entry-title"`,
    /// `"byline element div.author"`, `"<time datetime> time.published"`, `"URL path"`, ...
    /// The first declared candidate, in the order of trust, that carries exactly this value;
    /// `"derived (...)"` when none does (a value rebuilt from several parts).
    pub source: String,
}

/// What happened to one text block.
#[non_exhaustive]
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Decision {
    /// The block's kind.
    pub kind: BlockKind,
    /// The block's text.
    pub text: String,
    /// Whether it is in the article.
    pub kept: bool,
    /// The rule that decided.
    pub reason: &'static str,
    /// Share of the text inside links.
    pub link_density: f32,
    /// Words per 80-character line.
    pub text_density: f32,
    /// The element owning the block (`tag#id.class`).
    pub element: String,
    /// Document position, comparable with [`Removed::position`]: the owning element's
    /// pre-order index in the page as parsed, raised to the previous block's when a block
    /// follows a nested one inside the same element, so that blocks stay in order.
    pub position: u32,
}

/// An element removed by pruning.
#[non_exhaustive]
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Removed {
    /// The element (`tag#id.class`).
    pub element: String,
    /// Why it was removed.
    pub reason: &'static str,
    /// The start of its text.
    pub text: String,
    /// Document position, comparable with [`Decision::position`]: the element's pre-order
    /// index in the page as parsed.
    pub position: u32,
}

/// What the pipeline hands over for the trace, captured before the article consumes it.
#[derive(Debug, Default)]
pub(crate) struct Trace {
    /// Pre-order index per node id, numbered before pruning detaches anything.
    order: Vec<u32>,
    container: Option<String>,
    blocks: Vec<Decision>,
    removed: Vec<Removed>,
    removed_without_text: usize,
    candidates: Option<Candidates>,
}

impl Trace {
    /// Numbers the nodes in document order. Node ids are allocation order, which the tree
    /// builder's foster parenting and adoption agency can move away from document order.
    pub(crate) fn number(&mut self, dom: &Dom) {
        self.order = vec![u32::MAX; dom.nodes.len()];
        for (i, id) in dom.descendants(DOCUMENT).enumerate() {
            if let Some(slot) = self.order.get_mut(id as usize) {
                *slot = u32::try_from(i).unwrap_or(u32::MAX);
            }
        }
    }

    /// Keeps the metadata candidates, matched against the article in [`Trace::finish`].
    pub(crate) fn candidates(&mut self, candidates: Candidates) {
        self.candidates = Some(candidates);
    }

    fn position(&self, id: NodeId) -> u32 {
        self.order.get(id as usize).copied().unwrap_or(u32::MAX)
    }

    pub(crate) fn record(
        &mut self,
        dom: &Dom,
        blocks: &[TextBlock],
        selected: &Selection,
        pruned: &Pruned,
    ) {
        self.container = dom
            .element(selected.root)
            .map(|_| describe(dom, selected.root));
        let mut last = 0;
        self.blocks = blocks
            .iter()
            .zip(selected.keep.iter().zip(&selected.why))
            .map(|(b, (&kept, why))| {
                last = self.position(b.owner).max(last);
                Decision {
                    kind: b.kind,
                    text: b.text.clone(),
                    kept,
                    reason: why.describe(),
                    link_density: b.link_density(),
                    text_density: b.text_density(),
                    element: describe(dom, b.owner),
                    position: last,
                }
            })
            .collect();
        for &(id, reason) in &pruned.removed {
            if reason == Reason::NoText {
                self.removed_without_text += 1;
                continue;
            }
            let mut t = String::new();
            text::collapse_into(&dom.text_content(id), &mut t);
            if let Some((cut, _)) = t.char_indices().nth(160) {
                t.truncate(cut);
                t.push('…');
            }
            self.removed.push(Removed {
                element: describe(dom, id),
                reason: reason.describe(),
                text: t,
                position: self.position(id),
            });
        }
    }

    /// Marks kept blocks the article dropped afterwards (a heading repeating the title).
    pub(crate) fn finish(mut self, article: Article) -> Explanation {
        let mut kept_texts = article.blocks.iter().map(|b| b.text.as_str()).peekable();
        for d in self.blocks.iter_mut().filter(|d| d.kept) {
            if kept_texts.peek() == Some(&d.text.as_str()) {
                kept_texts.next();
            } else {
                d.kept = false;
                d.reason = "dropped: repeats the title";
            }
        }
        let metadata = self
            .candidates
            .map(|c| c.sources(&article))
            .unwrap_or_default();
        Explanation {
            article,
            container: self.container,
            blocks: self.blocks,
            removed: self.removed,
            removed_without_text: self.removed_without_text,
            metadata,
        }
    }
}

/// `tag#id.class.class`, capped, for humans reading a trace.
pub(crate) fn describe(dom: &Dom, id: NodeId) -> String {
    let Some(e) = dom.element(id) else {
        return "#document".into();
    };
    let mut s = e.local().to_string();
    if let Some(i) = e.attr(&local_name!("id")).filter(|i| !i.is_empty()) {
        s.push('#');
        s.push_str(i);
    }
    if let Some(c) = e.attr(&local_name!("class")) {
        for c in c.split_ascii_whitespace().take(4) {
            s.push('.');
            s.push_str(c);
        }
    }
    if let Some((cut, _)) = s.char_indices().nth(100) {
        s.truncate(cut);
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::{Extractor, Options};

    const PAGE: &str = "<html><body><nav><a href=/>Home</a> <a href=/a>World</a></nav>\
        <article><h1>Rain due</h1>\
        <p>Heavy rain is expected across the region on Monday, forecasters said, with local \
        flooding likely in low-lying areas near the river.</p>\
        <div class=share-bar><a href=/s>Share on X</a></div>\
        <p>Residents were advised to move cars away from the embankment overnight, and the \
        council opened two shelters.</p></article>\
        <div id=cookie-banner role=dialog><p>We use cookies to improve your experience. \
        <button>Accept all</button> <button>Reject all</button></p></div></body></html>";

    #[test]
    fn blocks_and_removed_regions_share_document_positions() {
        let ex = Extractor::new(Options::default());
        let why = ex.explain(PAGE.as_bytes(), None, None).expect("extracts");
        let pos_of_block = |needle: &str| {
            why.blocks
                .iter()
                .find(|b| b.text.contains(needle))
                .map(|b| b.position)
                .expect("block present")
        };
        let pos_of_removed = |needle: &str| {
            why.removed
                .iter()
                .find(|r| r.element.contains(needle))
                .map(|r| r.position)
                .expect("removed element present")
        };
        let (heavy, residents) = (pos_of_block("Heavy rain"), pos_of_block("Residents"));
        assert!(pos_of_removed("nav") < heavy);
        let share = pos_of_removed("share-bar");
        assert!(
            heavy < share && share < residents,
            "{heavy} {share} {residents}"
        );
        assert!(residents < pos_of_removed("cookie-banner"));
        // Blocks come in document order.
        assert!(
            why.blocks
                .windows(2)
                .all(|w| w[0].position <= w[1].position)
        );
    }

    #[test]
    fn metadata_sources_only_in_the_trace() {
        let ex = Extractor::new(Options::default());
        let why = ex.explain(PAGE.as_bytes(), None, None).expect("extracts");
        let title = why.metadata.iter().find(|f| f.field == "title");
        assert_eq!(title.map(|f| f.value.as_str()), Some("Rain due"));
        assert_eq!(title.map(|f| f.source.as_str()), Some("h1 h1"));
        // The explanation's article is the plain extraction's.
        let plain = ex.extract(PAGE.as_bytes()).expect("extracts");
        assert_eq!(plain.text(), why.article.text());
        assert_eq!(plain.title, why.article.title);
    }
}
