//! The result: [`Article`] (metadata plus ordered [`Block`]s) and its renderers.
//!
//! Blocks are a flat, ordered list rather than a tree: every consumer we serve (indexers,
//! corpus builders, LLM pipelines) reads an article top to bottom, and a flat list is trivial
//! to serialise, diff and score. Structure that matters survives as the block kind (heading
//! level, list nesting, table cells, code whitespace).

use std::fmt::Write as _;

/// The extracted article: metadata and the main content as ordered blocks.
///
/// A page without a recognisable article is still an `Article`: its metadata, with
/// `blocks` empty.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Article {
    /// The article's title, without the site name.
    pub title: Option<String>,
    /// Authors, in the order the page gives them.
    pub authors: Vec<String>,
    /// Publication date, ISO 8601 (`2025-01-07` or `2025-01-07T10:30:00+00:00`).
    pub date: Option<String>,
    /// Last modification date, ISO 8601, never before `date`.
    pub date_modified: Option<String>,
    /// The publication or site name.
    pub site_name: Option<String>,
    /// Language tag as the page declares it (`en-US`, `de`).
    pub lang: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Summary from the page's description metadata.
    pub description: Option<String>,
    /// Lead image URL.
    pub image: Option<String>,
    /// Tags and categories.
    pub tags: Vec<String>,
    /// Page type (`article`, `NewsArticle`, `website`, ...), as declared.
    pub page_type: Option<String>,
    /// License URL or name (`rel=license`).
    pub license: Option<String>,
    /// The character encoding the page was decoded with (WHATWG name, e.g. `UTF-8`).
    pub encoding: String,
    /// The main content, in document order.
    pub blocks: Vec<Block>,
}

/// One block of the article: a heading, paragraph, list item, quote, code block or table row.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Heading level (1–6) for headings, nesting depth (1 = top) for list items, else 0.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_zero"))]
    pub level: u8,
    /// For list items: whether the list is numbered.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
    pub ordered: bool,
    /// The block's text. Whitespace is collapsed except in code blocks; table rows join
    /// their cells with `" | "`.
    pub text: String,
    /// For table rows: the cell texts.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub cells: Vec<String>,
    /// Links inside `text`, with [`Options::with_links`](crate::Options::with_links).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub links: Vec<Link>,
    /// For images: the image URL as the page gives it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub src: Option<String>,
}

/// A link inside a block's text: `text[start..end]` points to `href`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Link {
    /// Byte offset of the link text's start in [`Block::text`].
    pub start: usize,
    /// Byte offset just past the link text's end.
    pub end: usize,
    /// The link target as the page gives it.
    pub href: String,
}

#[cfg(feature = "serde")]
fn is_zero(n: &u8) -> bool {
    *n == 0
}

#[cfg(feature = "serde")]
fn is_false(b: &bool) -> bool {
    !*b
}

/// The kind of a [`Block`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum BlockKind {
    /// A section heading; see [`Block::level`].
    Heading,
    /// A paragraph of running text.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A paragraph of a block quotation.
    Quote,
    /// Preformatted text, whitespace kept.
    Code,
    /// A table row; see [`Block::cells`].
    TableRow,
    /// An image (with [`Options::with_images`](crate::Options::with_images)): `text` is its
    /// alt text, [`Block::src`] its URL.
    Image,
}

impl Block {
    #[cfg(test)]
    pub(crate) fn new(kind: BlockKind, text: String) -> Block {
        Block {
            kind,
            level: 0,
            ordered: false,
            text,
            cells: Vec::new(),
            links: Vec::new(),
            src: None,
        }
    }

    /// The text with links as Markdown `[text](href)`, escaped.
    fn markdown_text(&self) -> String {
        with_links(
            self,
            |t| t.to_string(),
            |t, href| format!("[{t}]({})", href.replace(')', "%29")),
        )
    }

    /// The text as HTML, links as `<a href>`, escaped.
    fn html_text(&self) -> String {
        with_links(self, escape_html, |t, href| {
            format!("<a href=\"{}\">{}</a>", escape_html(href), escape_html(t))
        })
    }
}

/// Renders `b.text` piecewise: plain runs through `plain`, link runs through `link`.
fn with_links(
    b: &Block,
    plain: impl Fn(&str) -> String,
    link: impl Fn(&str, &str) -> String,
) -> String {
    let mut out = String::new();
    let mut at = 0;
    for l in &b.links {
        let (Some(before), Some(inner)) = (b.text.get(at..l.start), b.text.get(l.start..l.end))
        else {
            continue;
        };
        out.push_str(&plain(before));
        out.push_str(&link(inner, &l.href));
        at = l.end;
    }
    out.push_str(&plain(b.text.get(at..).unwrap_or_default()));
    out
}

impl Article {
    /// The article as plain text, one block per line (code blocks keep their inner lines).
    ///
    /// ```
    /// let a = deboil::extract(b"<article><h1>T</h1><p>One paragraph of text here, long enough to be kept as the body of the article.</p></article>").unwrap();
    /// assert!(a.text().contains("One paragraph"));
    /// ```
    pub fn text(&self) -> String {
        let mut out = String::new();
        for b in self.blocks.iter().filter(|b| b.kind != BlockKind::Image) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&b.text);
        }
        out
    }

    /// The article as Markdown: `#` headings, `-`/`1.` lists, `>` quotes, fenced code, pipe
    /// tables.
    ///
    /// ```
    /// let a = deboil::extract(b"<article><h2>Steps</h2><p>Follow these steps to repot a plant without harming its roots, gently.</p><ol><li>Water it</li><li>Lift it</li></ol></article>").unwrap();
    /// assert!(a.to_markdown().contains("## Steps"));
    /// assert!(a.to_markdown().contains("1. Water it\n2. Lift it"));
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let mut prev: Option<BlockKind> = None;
        let mut number = 0u32;
        for b in &self.blocks {
            let tight = matches!(
                (prev, b.kind),
                (Some(BlockKind::ListItem), BlockKind::ListItem)
                    | (Some(BlockKind::TableRow), BlockKind::TableRow)
            );
            if !out.is_empty() {
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            match b.kind {
                BlockKind::Heading => {
                    let level = b.level.clamp(1, 6) as usize;
                    let _ = write!(out, "{} {}", "#".repeat(level), b.text);
                }
                BlockKind::Paragraph => out.push_str(&escape_markdown_line(&b.markdown_text())),
                BlockKind::Image => {
                    let alt = b.text.replace(['[', ']'], "");
                    let src = b.src.as_deref().unwrap_or_default().replace(')', "%29");
                    let _ = write!(out, "![{alt}]({src})");
                }
                BlockKind::ListItem => {
                    number = if prev == Some(BlockKind::ListItem) {
                        number + 1
                    } else {
                        1
                    };
                    let indent = "  ".repeat(b.level.saturating_sub(1) as usize);
                    if b.ordered {
                        let _ = write!(out, "{indent}{number}. {}", b.markdown_text());
                    } else {
                        let _ = write!(out, "{indent}- {}", b.markdown_text());
                    }
                }
                BlockKind::Quote => {
                    let _ = write!(out, "> {}", b.markdown_text());
                }
                BlockKind::Code => {
                    let fence = if b.text.contains("```") { "~~~" } else { "```" };
                    let _ = write!(out, "{fence}\n{}\n{fence}", b.text);
                }
                BlockKind::TableRow => {
                    let cells: Vec<String> =
                        b.cells.iter().map(|c| c.replace('|', "\\|")).collect();
                    let _ = write!(out, "| {} |", cells.join(" | "));
                    if prev != Some(BlockKind::TableRow) {
                        let _ = write!(out, "\n|{}", " --- |".repeat(cells.len().max(1)));
                    }
                }
            }
            prev = Some(b.kind);
        }
        out
    }

    /// The article as clean HTML: a fragment of `h1`–`h6`, `p`, `ul`/`ol`/`li`,
    /// `blockquote`, `pre`, `table` elements (and `a`, `img` when recorded), all text escaped.
    ///
    /// ```
    /// let a = deboil::extract(b"<article><p>Fish &amp; chips, a classic dish of the seaside towns, served hot and salted.</p></article>").unwrap();
    /// assert!(a.to_html().contains("<p>Fish &amp; chips,"));
    /// ```
    pub fn to_html(&self) -> String {
        let mut out = String::from("<article>\n");
        let mut i = 0;
        while i < self.blocks.len() {
            let b = &self.blocks[i];
            match b.kind {
                BlockKind::Heading => {
                    let l = b.level.clamp(1, 6);
                    let _ = writeln!(out, "<h{l}>{}</h{l}>", escape_html(&b.text));
                    i += 1;
                }
                BlockKind::Paragraph => {
                    let _ = writeln!(out, "<p>{}</p>", b.html_text());
                    i += 1;
                }
                BlockKind::Image => {
                    let _ = writeln!(
                        out,
                        "<img src=\"{}\" alt=\"{}\">",
                        escape_html(b.src.as_deref().unwrap_or_default()),
                        escape_html(&b.text)
                    );
                    i += 1;
                }
                BlockKind::Quote => {
                    out.push_str("<blockquote>\n");
                    while i < self.blocks.len() && self.blocks[i].kind == BlockKind::Quote {
                        let _ = writeln!(out, "<p>{}</p>", self.blocks[i].html_text());
                        i += 1;
                    }
                    out.push_str("</blockquote>\n");
                }
                BlockKind::Code => {
                    let _ = writeln!(out, "<pre><code>{}</code></pre>", escape_html(&b.text));
                    i += 1;
                }
                BlockKind::ListItem => {
                    let tag = if b.ordered { "ol" } else { "ul" };
                    let _ = writeln!(out, "<{tag}>");
                    while i < self.blocks.len() && self.blocks[i].kind == BlockKind::ListItem {
                        let _ = writeln!(out, "<li>{}</li>", self.blocks[i].html_text());
                        i += 1;
                    }
                    let _ = writeln!(out, "</{tag}>");
                }
                BlockKind::TableRow => {
                    out.push_str("<table>\n");
                    while i < self.blocks.len() && self.blocks[i].kind == BlockKind::TableRow {
                        out.push_str("<tr>");
                        for c in &self.blocks[i].cells {
                            let _ = write!(out, "<td>{}</td>", escape_html(c));
                        }
                        out.push_str("</tr>\n");
                        i += 1;
                    }
                    out.push_str("</table>\n");
                }
            }
        }
        out.push_str("</article>\n");
        out
    }
}

/// Builds the [`Article`] from the resolved metadata and the kept blocks.
///
/// A kept heading that repeats the title is dropped: the title is a field of its own, and
/// every consumer that prints both would print it twice.
pub(crate) fn assemble(
    meta: crate::metadata::Meta,
    encoding: &'static encoding_rs::Encoding,
    blocks: Vec<crate::blocks::TextBlock>,
    selected: &crate::score::Selection,
) -> Article {
    let title_key = meta.title.as_deref().map(comparable);
    let mut out = Vec::new();
    for (b, keep) in blocks.into_iter().zip(&selected.keep) {
        if !keep {
            continue;
        }
        if b.kind == BlockKind::Heading
            && title_key.as_deref() == Some(comparable(&b.text).as_str())
        {
            continue;
        }
        out.push(Block {
            kind: b.kind,
            level: b.level,
            ordered: b.ordered,
            text: b.text,
            cells: b.cells,
            links: b.links,
            src: b.src,
        });
    }
    Article {
        title: meta.title,
        authors: meta.authors,
        date: meta.date,
        date_modified: meta.date_modified,
        site_name: meta.site_name,
        lang: meta.lang,
        url: meta.url,
        description: meta.description,
        image: meta.image,
        tags: meta.tags,
        page_type: meta.page_type,
        license: meta.license,
        encoding: encoding.name().to_string(),
        blocks: out,
    }
}

/// Case- and whitespace-insensitive form for comparing a heading with the title.
fn comparable(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Keeps a paragraph from being read as Markdown structure (a leading `#`, `-`, `>` or `1.`).
fn escape_markdown_line(s: &str) -> String {
    let starts_structural = s.starts_with(['#', '>', '-', '+', '*'])
        || s.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if starts_structural {
        format!("\\{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Article {
        let mut h = Block::new(BlockKind::Heading, "Title".into());
        h.level = 2;
        let mut li = Block::new(BlockKind::ListItem, "one".into());
        li.level = 1;
        let mut row = Block::new(BlockKind::TableRow, "a | b".into());
        row.cells = vec!["a".into(), "b".into()];
        Article {
            blocks: vec![
                h,
                Block::new(BlockKind::Paragraph, "Text <b> & more".into()),
                li.clone(),
                li,
                Block::new(BlockKind::Code, "fn main() {\n    x\n}".into()),
                row,
            ],
            ..Article::default()
        }
    }

    #[test]
    fn text_is_one_block_per_line() {
        assert_eq!(
            sample().text(),
            "Title\nText <b> & more\none\none\nfn main() {\n    x\n}\na | b"
        );
    }

    #[test]
    fn markdown_renders_structure() {
        let md = sample().to_markdown();
        assert!(md.starts_with(
            "## Title\n\nText <b> & more\n\n- one\n- one\n\n```\nfn main() {\n    x\n}\n```"
        ));
        assert!(md.ends_with("| a | b |\n| --- | --- |"));
    }

    #[test]
    fn html_escapes_and_groups() {
        let html = sample().to_html();
        assert!(html.contains("<p>Text &lt;b&gt; &amp; more</p>"));
        assert!(html.contains("<ul>\n<li>one</li>\n<li>one</li>\n</ul>"));
    }

    #[test]
    fn links_and_images_render() {
        let ex =
            crate::Extractor::new(crate::Options::default().with_links(true).with_images(true));
        let a = ex
            .extract(
                b"<article><p>Read <a href='/a?x=1&amp;y=2'>the report</a> on <b>rates</b>, published today by the bank, in full.</p>\
                  <img src='/chart.png' alt='Rates chart'><p>A second paragraph follows with more text to make this an article.</p></article>",
            )
            .unwrap();
        let md = a.to_markdown();
        assert!(
            md.contains("Read [the report](/a?x=1&y=2) on rates"),
            "{md}"
        );
        assert!(md.contains("![Rates chart](/chart.png)"), "{md}");
        assert!(
            a.to_html()
                .contains("<a href=\"/a?x=1&amp;y=2\">the report</a>")
        );
        assert!(!a.text().contains("Rates chart"));
        // Off by default: no links, no images.
        let plain = crate::extract(b"<article><p>Read <a href='/a'>the report</a> on rates, published today by the bank, in full.</p><img src='/c.png' alt='c'></article>").unwrap();
        assert!(
            plain
                .blocks
                .iter()
                .all(|b| b.links.is_empty() && b.kind != BlockKind::Image)
        );
    }

    #[test]
    fn markdown_escapes_structural_paragraphs() {
        let a = Article {
            blocks: vec![Block::new(BlockKind::Paragraph, "# not a heading".into())],
            ..Article::default()
        };
        assert_eq!(a.to_markdown(), "\\# not a heading");
    }
}
