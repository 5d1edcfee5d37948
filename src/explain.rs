//! The decision trace behind [`Extractor::explain`](crate::Extractor::explain): for every
//! block, whether it was kept and by which rule, and for every element pruning removed, why.
//!
//! No other extractor shows its work. The trace is how a user finds out why a paragraph went
//! missing, and how we find what to fix; it is recorded only when asked for, so extraction
//! pays nothing for it.

use html5ever::local_name;

use crate::article::{Article, BlockKind};
use crate::blocks::TextBlock;
use crate::dom::{Dom, NodeId};
use crate::prune::{Pruned, Reason};
use crate::score::Selection;
use crate::text;

/// An extraction with its reasons; see [`Extractor::explain`](crate::Extractor::explain).
#[non_exhaustive]
#[derive(Debug, Clone)]
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
}

/// What happened to one text block.
#[non_exhaustive]
#[derive(Debug, Clone)]
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
}

/// An element removed by pruning.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct Removed {
    /// The element (`tag#id.class`).
    pub element: String,
    /// Why it was removed.
    pub reason: &'static str,
    /// The start of its text.
    pub text: String,
}

/// What the pipeline hands over for the trace, captured before the article consumes it.
#[derive(Debug, Default)]
pub(crate) struct Trace {
    container: Option<String>,
    blocks: Vec<Decision>,
    removed: Vec<Removed>,
    removed_without_text: usize,
}

impl Trace {
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
        self.blocks = blocks
            .iter()
            .zip(selected.keep.iter().zip(&selected.why))
            .map(|(b, (&kept, why))| Decision {
                kind: b.kind,
                text: b.text.clone(),
                kept,
                reason: why.describe(),
                link_density: b.link_density(),
                text_density: b.text_density(),
                element: describe(dom, b.owner),
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
        Explanation {
            article,
            container: self.container,
            blocks: self.blocks,
            removed: self.removed,
            removed_without_text: self.removed_without_text,
        }
    }
}

/// `tag#id.class.class`, capped, for humans reading a trace.
fn describe(dom: &Dom, id: NodeId) -> String {
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
