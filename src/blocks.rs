//! The blocks stage: cuts the pruned page into text blocks, each with the features the score
//! stage needs.
//!
//! A block starts and ends at every block-level element boundary and at `<br><br>`, so words
//! of adjacent blocks are never glued together. Each block remembers the element that owns it
//! (its nearest block-level ancestor) and carries language-neutral features: characters,
//! words (Unicode word segmentation, so CJK counts), characters inside links, sentence
//! punctuation, and the structure that becomes its kind (heading level, list depth, code,
//! quote, table row).
//!
//! Tables are read as data when no cell holds block content (rows become `TableRow` blocks
//! with cells) and as layout otherwise (cells are just containers), because old pages put the
//! whole article in one layout cell.

use std::collections::HashMap;

use html5ever::{LocalName, local_name};

use crate::article::{BlockKind, Link};
use crate::cues::starts_with_ignore_case;
use crate::dom::{Dom, Element, NONE, NodeData, NodeId};
use crate::options::Options;
use crate::text;

/// One segment of text with its features.
#[derive(Debug, Clone)]
pub(crate) struct TextBlock {
    /// The nearest block-level element around the text.
    pub(crate) owner: NodeId,
    pub(crate) kind: BlockKind,
    /// Heading level or list depth.
    pub(crate) level: u8,
    pub(crate) ordered: bool,
    pub(crate) text: String,
    pub(crate) cells: Vec<String>,
    /// Characters of `text`.
    pub(crate) chars: u32,
    /// Characters inside links.
    pub(crate) link_chars: u32,
    pub(crate) words: u32,
    /// Sentence and clause punctuation marks (Latin and CJK).
    pub(crate) punct: u32,
    /// Links in `text` (only with the links option).
    pub(crate) links: Vec<Link>,
    /// Image URL, for image blocks.
    pub(crate) src: Option<String>,
}

impl TextBlock {
    /// Share of the block's characters inside links.
    pub(crate) fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.chars.max(1) as f32
    }

    /// Words per 80-character line, the boilerpipe text density: prose wraps into long,
    /// full lines; menus and buttons are short.
    pub(crate) fn text_density(&self) -> f32 {
        let lines = self.chars.div_ceil(80).max(1);
        self.words as f32 / lines as f32
    }
}

/// Segments the body of `dom` into blocks in document order.
pub(crate) fn segment(dom: &Dom, opts: &Options) -> Vec<TextBlock> {
    let root = dom
        .find(&local_name!("body"))
        .unwrap_or(crate::dom::DOCUMENT);
    let mut s = Segmenter {
        dom,
        opts,
        out: Vec::new(),
        buf: String::new(),
        link_chars: 0,
        pending_space: false,
        open: Vec::new(),
        link_depth: 0,
        pre_depth: 0,
        last_was_br: false,
        tables: HashMap::new(),
        open_links: Vec::new(),
        links: Vec::new(),
    };
    s.walk(root);
    s.flush();
    s.out
}

struct Segmenter<'a> {
    dom: &'a Dom,
    opts: &'a Options,
    out: Vec<TextBlock>,
    buf: String,
    link_chars: u32,
    pending_space: bool,
    /// Open block-level elements, outermost first.
    open: Vec<NodeId>,
    link_depth: u32,
    pre_depth: u32,
    last_was_br: bool,
    /// Data-or-layout verdict per table, so each table is inspected once.
    tables: HashMap<NodeId, bool>,
    /// Open `<a href>` elements: (element, href, byte offset where its text starts).
    open_links: Vec<(NodeId, String, usize)>,
    /// Links of the block being built, offsets into `buf`.
    links: Vec<Link>,
}

impl Segmenter<'_> {
    fn walk(&mut self, root: NodeId) {
        // (node, leaving) pairs: an explicit stack instead of recursion.
        let mut stack = vec![(root, false)];
        while let Some((id, leaving)) = stack.pop() {
            let node = self.dom.node(id);
            if leaving {
                self.leave(id);
                continue;
            }
            match &node.data {
                NodeData::Text(t) => self.push_text(t),
                NodeData::Element(e) => {
                    let local = e.local();
                    if *local == local_name!("br") {
                        self.br();
                        continue;
                    }
                    if *local == local_name!("table")
                        && self.opts.exclude_tables
                        && is_data_table(self.dom, id)
                    {
                        continue;
                    }
                    if *local == local_name!("tr") && self.in_data_table(id) {
                        self.flush();
                        self.table_row(id);
                        continue;
                    }
                    if is_block(local) {
                        self.flush();
                        self.open.push(id);
                    }
                    if *local == local_name!("img") {
                        if self.opts.include_images {
                            self.image(id, e);
                        }
                        continue;
                    }
                    if is_link(self.dom, id, e) {
                        self.link_depth += 1;
                        if self.opts.include_links {
                            if let Some(href) = e.attr(&local_name!("href")) {
                                let start = self.buf.len() + usize::from(self.pending_space);
                                self.open_links.push((id, href.to_string(), start));
                            }
                        }
                    }
                    if *local == local_name!("pre") {
                        self.pre_depth += 1;
                    }
                    stack.push((id, true));
                    let mut child = node.last_child;
                    while child != NONE {
                        stack.push((child, false));
                        child = self.dom.node(child).prev;
                    }
                }
                NodeData::Document => {
                    let mut child = node.last_child;
                    while child != NONE {
                        stack.push((child, false));
                        child = self.dom.node(child).prev;
                    }
                }
                _ => {}
            }
        }
    }

    fn leave(&mut self, id: NodeId) {
        let Some(e) = self.dom.element(id) else {
            return;
        };
        let local = e.local();
        if is_link(self.dom, id, e) {
            self.link_depth = self.link_depth.saturating_sub(1);
            if self.open_links.last().is_some_and(|(a, _, _)| *a == id) {
                if let Some((_, href, start)) = self.open_links.pop() {
                    // A block boundary inside the link flushed `buf`; then the link is lost.
                    if start < self.buf.len() {
                        self.links.push(Link {
                            start,
                            end: self.buf.len(),
                            href,
                        });
                    }
                }
            }
        }
        if is_block(local) {
            self.flush();
            if self.open.last() == Some(&id) {
                self.open.pop();
            }
        }
        if *local == local_name!("pre") {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
    }

    fn push_text(&mut self, t: &str) {
        if self.pre_depth > 0 {
            self.buf.push_str(t);
            if self.link_depth > 0 {
                self.link_chars += t.chars().count() as u32;
            }
            if !t.trim().is_empty() {
                self.last_was_br = false;
            }
            return;
        }
        // Whole runs of words with single spaces between them are copied at once: they come
        // out of collapsing as they are, and pushing character by character, then word by
        // word, was the main cost of this walk.
        let mut rest = t;
        while !rest.is_empty() {
            let word = text::trim_start(rest);
            if word.len() != rest.len() {
                self.pending_space = !self.buf.is_empty();
            }
            let (end, spaces) = text::spaced_words_end(word);
            let (run, tail) = word.split_at_checked(end).unwrap_or((word, ""));
            if !run.is_empty() {
                if self.pending_space {
                    self.buf.push(' ');
                    self.pending_space = false;
                }
                self.buf.push_str(run);
                self.last_was_br = false;
                if self.link_depth > 0 {
                    // The spaces between the words are not the words' characters.
                    self.link_chars += run.chars().count().saturating_sub(spaces) as u32;
                }
            }
            rest = tail;
        }
    }

    /// One `<br>` is a line break inside a block; two in a row end the block.
    fn br(&mut self) {
        if self.pre_depth > 0 {
            self.buf.push('\n');
            return;
        }
        if self.last_was_br {
            self.flush();
        } else {
            self.pending_space = !self.buf.is_empty();
            self.last_was_br = true;
        }
    }

    fn in_data_table(&mut self, tr: NodeId) -> bool {
        let Some(table) = self
            .dom
            .ancestors(tr)
            .find(|&a| self.dom.is(a, &local_name!("table")))
        else {
            return false;
        };
        let dom = self.dom;
        *self
            .tables
            .entry(table)
            .or_insert_with(|| is_data_table(dom, table))
    }

    fn table_row(&mut self, tr: NodeId) {
        let mut cells = Vec::new();
        let mut link_chars = 0u32;
        for c in self.dom.children(tr) {
            if self.dom.is(c, &local_name!("td")) || self.dom.is(c, &local_name!("th")) {
                let mut cell = String::new();
                text::collapse_into(&self.dom.text_content(c), &mut cell);
                link_chars += self
                    .dom
                    .descendants(c)
                    .filter(|&d| self.dom.element(d).is_some_and(|e| is_link(self.dom, d, e)))
                    .map(|a| text::visible_chars(&self.dom.text_content(a)))
                    .sum::<u32>();
                cells.push(cell);
            }
        }
        if cells.iter().all(|c| c.is_empty()) {
            return;
        }
        let joined = cells.join(" | ");
        let mut b = self.block(tr, BlockKind::TableRow, joined);
        b.link_chars = link_chars.min(b.chars);
        b.cells = cells;
        self.out.push(b);
    }

    fn flush(&mut self) {
        self.pending_space = false;
        self.last_was_br = false;
        let link_chars = std::mem::take(&mut self.link_chars);
        let mut links = std::mem::take(&mut self.links);
        // Links still open continue into the next block, from its start.
        for l in &mut self.open_links {
            l.2 = 0;
        }
        // Either trim below leaves nothing exactly when `buf` is all whitespace; most
        // flushes are at boundaries with no text, so they skip the context lookup.
        if self.buf.trim().is_empty() {
            self.buf.clear();
            return;
        }
        let (kind, level, ordered, owner) = self.context();
        let raw = self.buf.as_str();
        let text = if kind == BlockKind::Code {
            raw.trim_matches('\n').trim_end()
        } else {
            raw.trim()
        };
        let offset = raw.len()
            - raw
                .trim_start_matches(|c: char| {
                    kind != BlockKind::Code && c.is_whitespace() || c == '\n'
                })
                .len();
        let text = text.to_string();
        // `buf` keeps its capacity for the next block.
        self.buf.clear();
        links.retain_mut(|l| {
            l.start = l.start.saturating_sub(offset);
            l.end = l.end.saturating_sub(offset).min(text.len());
            l.start < l.end && text.is_char_boundary(l.start) && text.is_char_boundary(l.end)
        });
        let mut b = self.block(owner, kind, text);
        b.level = level;
        b.ordered = ordered;
        b.link_chars = link_chars.min(b.chars);
        b.links = links;
        self.out.push(b);
    }

    fn block(&self, owner: NodeId, kind: BlockKind, text: String) -> TextBlock {
        let chars = text.chars().count() as u32;
        let text::Counts { words, punct } = text::counts(&text);
        TextBlock {
            owner,
            kind,
            level: 0,
            ordered: false,
            text,
            cells: Vec::new(),
            chars,
            link_chars: 0,
            words,
            punct,
            links: Vec::new(),
            src: None,
        }
    }

    /// An `<img>` with a source becomes an image block (alt text as its text).
    fn image(&mut self, id: NodeId, e: &crate::dom::Element) {
        let src = e
            .attr(&local_name!("src"))
            .or_else(|| e.attr(&LocalName::from("data-src")))
            .map(str::trim)
            .filter(|s| !s.is_empty() && !s.starts_with("data:"));
        let Some(src) = src else { return };
        self.flush();
        let mut alt = String::new();
        text::collapse_into(e.attr(&local_name!("alt")).unwrap_or_default(), &mut alt);
        let owner = self.open.last().copied().unwrap_or(id);
        let mut b = self.block(owner, BlockKind::Image, alt);
        b.src = Some(src.to_string());
        self.out.push(b);
    }

    /// The kind of the text being flushed, from the open block elements.
    fn context(&self) -> (BlockKind, u8, bool, NodeId) {
        let owner = self.open.last().copied().unwrap_or(crate::dom::DOCUMENT);
        if self.pre_depth > 0 {
            return (BlockKind::Code, 0, false, owner);
        }
        for &id in self.open.iter().rev() {
            let Some(e) = self.dom.element(id) else {
                continue;
            };
            let level = match *e.local() {
                local_name!("h1") => 1,
                local_name!("h2") => 2,
                local_name!("h3") => 3,
                local_name!("h4") => 4,
                local_name!("h5") => 5,
                local_name!("h6") => 6,
                _ => 0,
            };
            if level > 0 {
                return (BlockKind::Heading, level, false, owner);
            }
            if *e.local() == local_name!("li") {
                let lists: Vec<&LocalName> = self
                    .open
                    .iter()
                    .filter_map(|&o| self.dom.element(o).map(|e| e.local()))
                    .filter(|l| matches!(**l, local_name!("ul") | local_name!("ol")))
                    .collect();
                let ordered = lists.last().is_some_and(|l| **l == local_name!("ol"));
                let depth = lists.len().clamp(1, 255) as u8;
                return (BlockKind::ListItem, depth, ordered, owner);
            }
            if *e.local() == local_name!("blockquote") {
                return (BlockKind::Quote, 0, false, owner);
            }
        }
        (BlockKind::Paragraph, 0, false, owner)
    }
}

/// Block-level elements: their boundaries end a block.
pub(crate) fn is_block(local: &LocalName) -> bool {
    matches!(
        *local,
        local_name!("p")
            | local_name!("div")
            | local_name!("section")
            | local_name!("article")
            | local_name!("main")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("nav")
            | local_name!("aside")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("li")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("blockquote")
            | local_name!("pre")
            | local_name!("table")
            | local_name!("thead")
            | local_name!("tbody")
            | local_name!("tfoot")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("caption")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("address")
            | local_name!("hr")
            | local_name!("form")
            | local_name!("fieldset")
            | local_name!("legend")
            | local_name!("details")
            | local_name!("summary")
            | local_name!("center")
            | local_name!("hgroup")
            | local_name!("body")
            | local_name!("html")
            | local_name!("option")
    )
}

/// A table is data when its cells hold only inline content and none is long prose.
pub(crate) fn is_data_table(dom: &Dom, table: NodeId) -> bool {
    let mut rows = 0;
    for d in dom.descendants(table).skip(1) {
        let Some(e) = dom.element(d) else { continue };
        match *e.local() {
            local_name!("tr") => rows += 1,
            local_name!("td")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("tbody")
            | local_name!("tfoot")
            | local_name!("caption")
            | local_name!("colgroup")
            | local_name!("col") => {}
            ref l if is_block(l) => return false,
            _ => {}
        }
    }
    rows > 0
}

/// An `<a>` that goes somewhere. A name-only anchor (`<a name=post1>`) is a jump target, and
/// old boards leave it unclosed around whole posts: its text is no link text. A `javascript:`
/// link wrapped around blocks (paragraphs, divs) is a click handler on a piece of the page, not
/// navigation: its blocks are read as they stand (as Readability does).
fn is_link(dom: &Dom, id: NodeId, e: &Element) -> bool {
    if *e.local() != local_name!("a") {
        return false;
    }
    let Some(href) = e.attr(&local_name!("href")) else {
        return false;
    };
    !(starts_with_ignore_case(href.trim_start(), "javascript:")
        && dom
            .children(id)
            .any(|c| dom.element(c).is_some_and(|c| is_block(c.local()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(html: &str) -> Vec<TextBlock> {
        segment(&Dom::parse(html), &Options::default())
    }

    #[test]
    fn anchors_without_href_are_not_links() {
        let b = seg(
            "<div><a name=s1><p>A section wrapped in a named anchor.</p></a>\
                     <p>Then <a href=/x>a link</a>.</p></div>",
        );
        assert_eq!(b[0].link_chars, 0);
        assert_eq!(b[1].link_chars, 5);
    }

    #[test]
    fn a_script_link_around_blocks_is_no_link_text() {
        let b = seg(
            "<div><a href='javascript:void(0)'><p>A card whose click a script handles.</p></a>\
             <p><a href='javascript:share()'>Share</a> and <a href=/x>a link</a>.</p></div>",
        );
        assert_eq!(b[0].link_chars, 0);
        // A script link inside a line is still a control: "Share" and "a link", spaces aside.
        assert_eq!(b[1].link_chars, 10);
    }

    #[test]
    fn splits_at_blocks_and_double_br() {
        let b = seg("<div>one<p>two <a href=x>link</a></p>three<br>same<br><br>four</div>");
        let t: Vec<_> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(t, ["one", "two link", "three same", "four"]);
        assert_eq!(b[1].link_chars, 4);
    }

    #[test]
    fn a_name_only_anchor_is_no_link() {
        // Old boards leave `<a name=...>` unclosed around the whole post.
        let b =
            seg("<p><a name=post1>By Dana on May 1:</p><p>She did great today, we are proud.</p>");
        assert!(b.iter().all(|b| b.link_chars == 0), "{b:?}");
        let b = seg("<p><a href=/x>link</a> and text</p>");
        assert_eq!(b[0].link_chars, 4);
    }

    #[test]
    fn kinds_and_levels() {
        let b = seg(
            "<h2>Head</h2><ul><li>a<ol><li>b</li></ol></li></ul><blockquote><p>q</p></blockquote><pre>  x\n  y</pre>",
        );
        let k: Vec<_> = b.iter().map(|b| (b.kind, b.level, b.ordered)).collect();
        assert_eq!(
            k,
            [
                (BlockKind::Heading, 2, false),
                (BlockKind::ListItem, 1, false),
                (BlockKind::ListItem, 2, true),
                (BlockKind::Quote, 0, false),
                (BlockKind::Code, 0, false),
            ]
        );
        assert_eq!(b[4].text, "  x\n  y");
    }

    #[test]
    fn data_and_layout_tables() {
        let b = seg("<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>");
        assert_eq!(b[0].kind, BlockKind::TableRow);
        assert_eq!(b[1].cells, ["a", "1"]);
        let b = seg("<table><tr><td><p>para one</p><p>para two</p></td></tr></table>");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].kind, BlockKind::Paragraph);
    }

    #[test]
    fn cjk_words_are_counted() {
        let b = seg("<p>東京都は七日、新しい計画を発表した。</p>");
        assert!(b[0].words >= 5);
        assert!(b[0].punct >= 2);
    }
}
