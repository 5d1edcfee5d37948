//! The score stage: finds the article's container, extends it over the sibling containers
//! that continue the article, and keeps the blocks inside that read as article text.
//!
//! Container scoring follows the Readability family, made language-neutral: every prose
//! block scores `1 + min(chars/100, 3) + punctuation/2` (Latin and CJK punctuation alike, no
//! commas-only rule, no stopwords), damped by its link density, and gives that score to its
//! container, half to the next ancestor and a third per level above. Each container's total
//! is multiplied by `1 − link density` of its subtree and by its class/id cues. The best
//! container wins.
//!
//! Truncation is the field's most-reported bug, so the winner does not stand alone: when
//! other strong candidates share an ancestor with it (an article split by an ad or a
//! "continue reading" wrapper), the shared ancestor is taken; an ancestor (up to three levels)
//! that holds paragraphs of its own is the body the winner is a part of; and siblings of the
//! winner that score well, or that are plain prose, join it — and up to three levels up,
//! look-alikes of the winner's branch (the other posts of a blog page; same tag and class, or
//! one class list plus modifiers that are no cue word: a body cut in sections, one restyled;
//! looked for through unmarked inline wrappers a misnested `<span>` leaves). Inside the
//! chosen region a block goes only if it is mostly links, a known chrome line ("Share",
//! "Advertisement"), or a heading after the last paragraph of prose. A page that declares no
//! article — neither an article landmark (`<article>`, `<main>`) nor an article type
//! (`og:type`, JSON-LD), nor a best container inside the one blog post it marks with the hAtom
//! microformat or inside its only `<article>` — and whose best container holds under 60 % of
//! its prose is a page of content, not an article: it keeps all the prose that pruning left
//! (measured: this is what home pages, product grids, service pages and old layout pages need,
//! and it costs nothing on news articles, which declare themselves one way or the other). A
//! region that is mostly links in many blocks is a listing (a category page, a link
//! directory), and keeps its links.

use html5ever::local_name;

use crate::article::BlockKind;
use crate::blocks::TextBlock;
use crate::cues;
use crate::dom::{DOCUMENT, Dom, NONE, NodeId};
use crate::options::{Options, Preset};
use crate::prune::Pruned;

/// The chosen article region and the blocks kept from it.
#[derive(Debug)]
pub(crate) struct Selection {
    /// The article's container (the document node when nothing qualified).
    pub(crate) root: NodeId,
    /// Per block (same order as the blocks): whether it is article text.
    pub(crate) keep: Vec<bool>,
    /// Per block: the rule that decided it (for [`crate::Extractor::explain`]).
    pub(crate) why: Vec<Verdict>,
}

/// The rule that kept or dropped a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Inside the article region and not filtered.
    Kept,
    /// Kept by the whole-page rule: no declared article, no dominant container.
    KeptWholePage,
    /// Outside the chosen container and the siblings that joined it.
    OutsideRegion,
    /// More link text than the preset allows.
    LinkHeavy,
    /// A known chrome line: share labels, datelines, reading time.
    ChromeLine,
    /// A calendar or pager row.
    Calendar,
    /// A heading after the last paragraph of prose.
    TrailingHeading,
    /// A figure's caption or credit (precision preset).
    Caption,
    /// A link-heavy block kept because the region is a listing of links.
    Listing,
}

impl Verdict {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Verdict::Kept => "kept: inside the article region",
            Verdict::KeptWholePage => "kept: page of content (no article container dominates)",
            Verdict::OutsideRegion => "dropped: outside the article region",
            Verdict::LinkHeavy => "dropped: mostly link text",
            Verdict::ChromeLine => "dropped: chrome line (share, dateline, reading time, ...)",
            Verdict::Calendar => "dropped: calendar or pager row",
            Verdict::TrailingHeading => "dropped: heading after the last paragraph",
            Verdict::Caption => "dropped: figure caption (precision preset)",
            Verdict::Listing => "kept: link list that is the region's content (a listing)",
        }
    }
}

/// Scoring thresholds for one [`Preset`].
struct Tuning {
    /// Blocks with a larger share of link text are dropped.
    max_link_density: f32,
    /// Siblings scoring at least this share of the winner join it.
    sibling_share: f32,
    /// On a page that declares no article, a winner holding less than this share of the
    /// page's prose means the page is not one article amid chrome (a home page, a listing,
    /// an old layout-table page): all prose that survived pruning is kept.
    min_share: f32,
    /// Drop the captions and credits of figures. Measured on the corpus: ScrapingHub's truth
    /// leaves them out (+0.004 F1 there), Readability keeps them (−0.005), so only the
    /// precision preset drops them.
    drop_captions: bool,
}

fn tuning(preset: Preset) -> Tuning {
    match preset {
        Preset::Precision => Tuning {
            max_link_density: 0.35,
            sibling_share: 0.3,
            min_share: 0.25,
            drop_captions: true,
        },
        Preset::Recall => Tuning {
            max_link_density: 0.7,
            sibling_share: 0.1,
            min_share: 0.7,
            drop_captions: false,
        },
        // Measured on the five sets after the declared-article signal made the whole-page
        // rule safe on articles: min_share 0.5 → 0.6 and max_link_density 0.5 → 0.6 raise
        // the macro F1 0.895 → 0.897 and lower no set by more than 0.001.
        _ => Tuning {
            max_link_density: 0.6,
            sibling_share: 0.2,
            min_share: 0.6,
            drop_captions: false,
        },
    }
}

/// The longest table row, in characters, read as one record when judging its cells' links
/// (measured: 1000 and 3000 score alike; beyond, layout rows join).
const MAX_RECORD_ROW: u32 = 1000;

/// Picks the article region and the blocks to keep.
pub(crate) fn select(
    dom: &Dom,
    blocks: &[TextBlock],
    pruned: &Pruned,
    declares_article: bool,
    opts: &Options,
) -> Selection {
    let t = tuning(opts.preset);
    let n = dom.nodes.len();
    let mut chars = vec![0u32; n];
    let mut links = vec![0u32; n];
    let mut score = vec![0f32; n];
    let mut touched: Vec<NodeId> = Vec::new();

    for b in blocks {
        let mut id = b.owner;
        while id != NONE {
            let i = id as usize;
            if chars[i] == 0 && links[i] == 0 && score[i] == 0.0 {
                touched.push(id);
            }
            chars[i] += b.chars;
            links[i] += b.link_chars;
            id = dom.node(id).parent;
        }
        if !is_prose_kind(b.kind) || b.chars < 25 || b.link_density() > 0.5 {
            continue;
        }
        let s = (1.0 + (b.chars as f32 / 100.0).min(3.0) + (b.punct.min(10) as f32) * 0.5)
            * (1.0 - b.link_density())
            * kind_weight(b.kind);
        let mut anchor = anchor_of(dom, b.owner);
        let mut level = 0u32;
        while anchor != NONE && level < 5 {
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => 3.0 * l as f32,
            };
            score[anchor as usize] += s / div;
            anchor = dom.node(anchor).parent;
            level += 1;
        }
    }

    let final_score = |id: NodeId| -> f32 {
        let i = id as usize;
        let ld = links[i] as f32 / chars[i].max(1) as f32;
        score[i] * (1.0 - ld) * cue_factor(dom, id, pruned)
    };

    let mut ranked: Vec<(f32, NodeId)> = touched
        .iter()
        .filter(|&&id| score[id as usize] > 0.0 && id != DOCUMENT && dom.element(id).is_some())
        .map(|&id| (final_score(id), id))
        .collect();
    // Ties go to the earlier node so results never depend on iteration order.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

    let Some(&(top_score, mut top)) = ranked.first() else {
        return fallback(blocks, &t);
    };

    // Strong runners-up that share an ancestor with the winner mean a split article.
    let close: Vec<NodeId> = ranked
        .iter()
        .skip(1)
        .take(5)
        .filter(|(s, id)| {
            *s >= 0.75 * top_score && !is_ancestor(dom, *id, top) && !is_ancestor(dom, top, *id)
        })
        .map(|(_, id)| *id)
        .collect();
    if close.len() >= 2 {
        let mut lca = top;
        for &c in &close {
            lca = common_ancestor(dom, lca, c);
        }
        if !is_page_level(dom, lca) {
            top = lca;
        }
    }

    // A winner with an ancestor (up to three levels up) holding paragraphs of its own is one
    // part of that body (the text after a "read more" toggle, the rest after an intro box):
    // the body is the article.
    top = paragraph_parent(dom, top, &chars, &links);

    // Siblings that continue the article join the winner: at the winner's level, anything
    // that scores well or is plain prose; up to three levels up, look-alikes of the branch
    // holding the winner (the other posts of a blog page, the second half of a split body).
    let mut roots = vec![top];
    let mut node = top;
    for level in 0..4 {
        let parent = dom.node(node).parent;
        if is_page_level(dom, parent) {
            break;
        }
        let threshold = (top_score * t.sibling_share).max(3.0);
        let signature = signature(dom, node);
        for s in flat_children(dom, parent) {
            if s == node || dom.element(s).is_none() {
                continue;
            }
            let i = s as usize;
            let ld = links[i] as f32 / chars[i].max(1) as f32;
            let alike = signature
                .as_ref()
                .is_some_and(|a| self::signature(dom, s).is_some_and(|b| same_template(a, &b)))
                && score[i] > 0.0
                && ld < 0.5;
            let strong = final_score(s) >= threshold && ld < 0.5;
            // Unmarked prose next to the winner (a bare `<p>`, or a `<font>`/`<div>` without
            // class or id, as misnested old markup leaves it) continues the article.
            let unmarked = dom.element(s).is_some_and(|e| {
                e.attr(&local_name!("class")).is_none() && e.attr(&local_name!("id")).is_none()
            });
            let prose = level == 0 && unmarked && score[i] > 0.0 && chars[i] > 80 && ld < 0.25;
            if alike || strong || prose {
                roots.push(s);
            }
        }
        node = parent;
    }

    // A mark per node keeps the ancestor walks below O(1) per step whatever the root count.
    let mut is_root = vec![false; n];
    for &r in &roots {
        is_root[r as usize] = true;
    }
    let mut keep = vec![false; blocks.len()];
    for (k, b) in keep.iter_mut().zip(blocks) {
        let mut id = b.owner;
        while id != NONE {
            if is_root[id as usize] {
                *k = true;
                break;
            }
            id = dom.node(id).parent;
        }
    }
    let in_region = keep.clone();
    let mut why: Vec<Verdict> = keep
        .iter()
        .map(|&k| {
            if k {
                Verdict::Kept
            } else {
                Verdict::OutsideRegion
            }
        })
        .collect();
    // A winner inside the one post or article the page's markup declares (measured: short
    // blog posts and news stories no longer take the sidebar and story lists around them).
    let in_declared = declared_by_markup(dom, pruned, top);
    if (pruned.landmark.is_none() || !declares_article) && !in_declared {
        let prose = |b: &TextBlock| b.link_density() < 0.5;
        let total: u32 = blocks.iter().filter(|b| prose(b)).map(|b| b.chars).sum();
        let kept: u32 = blocks
            .iter()
            .zip(&keep)
            .filter(|(b, k)| **k && prose(b))
            .map(|(b, _)| b.chars)
            .sum();
        if (kept as f32) < t.min_share * total as f32 {
            keep.iter_mut().for_each(|k| *k = true);
            why.iter_mut().for_each(|w| *w = Verdict::KeptWholePage);
        }
    }
    // A table cell is one field of its row: a linked name in a row of prose (a film, a
    // person, a product with its description) is data, judged with the row. Long rows are
    // layout, whose cells are the page's regions and are judged alone. A list item is judged
    // by the lower of its own and its list's density (measured: readability +0.003, dragnet
    // +0.001, wcxb-dev +0.001, cleaneval and scrapinghub level).
    let density: Vec<f32> = blocks
        .iter()
        .map(|b| {
            let row = dom.node(b.owner).parent;
            let cell = dom.is(b.owner, &local_name!("td")) || dom.is(b.owner, &local_name!("th"));
            if cell
                && row != NONE
                && dom.is(row, &local_name!("tr"))
                && chars[row as usize] <= MAX_RECORD_ROW
            {
                links[row as usize] as f32 / chars[row as usize].max(1) as f32
            } else if dom.is(b.owner, &local_name!("li"))
                && row != NONE
                && (dom.is(row, &local_name!("ul")) || dom.is(row, &local_name!("ol")))
            {
                // An item is one line of its list: a linked line in a list of prose (a
                // changelog's bug links, a reference among notes) is judged with the list.
                b.link_density()
                    .min(links[row as usize] as f32 / chars[row as usize].max(1) as f32)
            } else {
                b.link_density()
            }
        })
        .collect();
    let listing = is_listing(blocks, &in_region, &density, &t);
    filter_blocks(blocks, &density, &mut keep, &mut why, &t);
    if listing {
        for ((k, w), &r) in keep.iter_mut().zip(why.iter_mut()).zip(&in_region) {
            if r && *w == Verdict::LinkHeavy {
                *k = true;
                *w = Verdict::Listing;
            }
        }
    }
    if t.drop_captions {
        drop_captions(dom, blocks, &mut keep, &mut why);
    }
    Selection {
        root: top,
        keep,
        why,
    }
}

/// The fewest link-heavy blocks that make a region a listing: fewer are a "related" box or
/// a link in passing.
const MIN_LISTING_ITEMS: u32 = 5;

/// Whether the article region is a listing: mostly links, in many blocks (a category page, a
/// link directory, a documentation index). There the links are the content, so they are kept
/// whatever their density; in an article region, prose outweighs its related-links boxes.
/// Measured on the five sets: cleaneval +0.003, dragnet +0.002, wcxb-dev +0.005, no other set
/// moved. The same test over the whole page (not the region) kept sidebars of link modules.
fn is_listing(blocks: &[TextBlock], in_region: &[bool], density: &[f32], t: &Tuning) -> bool {
    let mut prose = 0u32;
    let mut linked = 0u32;
    let mut n = 0u32;
    for ((b, &r), &ld) in blocks.iter().zip(in_region).zip(density) {
        if !r {
            continue;
        }
        if ld > t.max_link_density {
            linked += b.chars;
            n += 1;
        } else {
            prose += b.chars;
        }
    }
    n >= MIN_LISTING_ITEMS && linked > prose
}

/// Nothing scored (a page of short lines): keep what is not link-heavy or chrome.
fn fallback(blocks: &[TextBlock], t: &Tuning) -> Selection {
    let mut keep = vec![true; blocks.len()];
    let mut why = vec![Verdict::KeptWholePage; blocks.len()];
    let density: Vec<f32> = blocks.iter().map(TextBlock::link_density).collect();
    filter_blocks(blocks, &density, &mut keep, &mut why, t);
    Selection {
        root: DOCUMENT,
        keep,
        why,
    }
}

/// Drops link-heavy blocks, chrome lines, and headings that title nothing.
fn filter_blocks(
    blocks: &[TextBlock],
    density: &[f32],
    keep: &mut [bool],
    why: &mut [Verdict],
    t: &Tuning,
) {
    for (((k, w), b), &ld) in keep.iter_mut().zip(why.iter_mut()).zip(blocks).zip(density) {
        if !*k {
            continue;
        }
        let verdict = if b.kind != BlockKind::Code && ld > t.max_link_density {
            Verdict::LinkHeavy
        } else if b.chars < 80 && is_chrome_line(&b.text) {
            Verdict::ChromeLine
        } else if is_calendar_row(b) {
            Verdict::Calendar
        } else {
            continue;
        };
        *k = false;
        *w = verdict;
    }
    // A linked heading that a kept block of text follows titles that block (a section's
    // permalink, a product card's name over its features and price): the link is navigation,
    // the words are the article's. Measured: requiring the block to be a paragraph of 60 or
    // more characters, as first written, left wcxb-dev 0.012 lower (product and listing
    // cards) for readability and dragnet level within 0.001.
    for i in 0..blocks.len().saturating_sub(1) {
        if why[i] == Verdict::LinkHeavy
            && blocks[i].kind == BlockKind::Heading
            && keep[i + 1]
            && blocks[i + 1].link_density() < 0.3
        {
            keep[i] = true;
            // Kept by whatever keeps its paragraph (the region, or the whole-page rule).
            why[i] = why[i + 1];
        }
    }
    // A heading after the last paragraph of prose titles nothing in the article ("Related
    // posts", "Comments"). Short lines around the prose stay: measured on the corpus, dates,
    // bylines and captions there are more often article than chrome.
    let good = |b: &TextBlock| {
        is_prose_kind(b.kind) && b.chars >= 60 && b.link_density() < 0.3 && b.text_density() >= 3.0
    };
    let Some(last) = (0..blocks.len())
        .rev()
        .find(|&i| keep[i] && good(&blocks[i]))
    else {
        return;
    };
    for i in last + 1..blocks.len() {
        if keep[i] && blocks[i].kind == BlockKind::Heading {
            keep[i] = false;
            why[i] = Verdict::TrailingHeading;
        }
    }
}

/// Drops blocks inside a `<figure>` (its caption and credit): the figure's words describe a
/// picture, not the story.
fn drop_captions(dom: &Dom, blocks: &[TextBlock], keep: &mut [bool], why: &mut [Verdict]) {
    for ((k, w), b) in keep.iter_mut().zip(why.iter_mut()).zip(blocks) {
        if !*k {
            continue;
        }
        // Captions sit a few levels under their figure; a figure holding a whole article
        // deeper than that is a theme's wrapper, not a picture.
        let in_figure = std::iter::once(b.owner)
            .chain(dom.ancestors(b.owner))
            .take(4)
            .any(|a| dom.is(a, &local_name!("figure")) || dom.is(a, &local_name!("figcaption")));
        if in_figure {
            *k = false;
            *w = Verdict::Caption;
        }
    }
}

/// A table row of day numbers or weekday initials: a calendar widget, or a pager.
fn is_calendar_row(b: &TextBlock) -> bool {
    b.kind == BlockKind::TableRow
        && b.cells.len() >= 5
        && b.cells.iter().all(|c| c.chars().count() <= 3)
}

fn is_chrome_line(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches([':', '.', '…', '»', '›', '→'])
        .trim();
    let lower = t.to_lowercase();
    if cues::DATELINE_PREFIXES
        .iter()
        .any(|(p, _)| lower.starts_with(p))
        || cues::READING_TIME.iter().any(|(p, _)| lower.contains(p))
    {
        return true;
    }
    cues::CHROME_LINES
        .iter()
        .any(|(l, _)| l.trim_end_matches(':').eq_ignore_ascii_case(t))
}

/// How much a prose block of this kind says about its container being the article. Items and
/// rows count half: reference lists, captioned galleries and indexes are long runs of them,
/// and at full weight they outscore the article next to them (measured on the corpus: +0.003
/// macro F1, references and galleries no longer win; listicles still do when nothing else
/// competes).
fn kind_weight(kind: BlockKind) -> f32 {
    match kind {
        BlockKind::ListItem | BlockKind::TableRow => 0.5,
        _ => 1.0,
    }
}

/// Blocks that count as prose for container scoring.
fn is_prose_kind(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Paragraph
            | BlockKind::Quote
            | BlockKind::ListItem
            | BlockKind::Code
            | BlockKind::TableRow
    )
}

/// The container credited with a block: the block's own element when it is a container
/// (text directly in a `div`), else its parent (a `p` credits the `div` around it); list
/// items and table rows credit the list's or table's container. Inline wrappers are skipped:
/// `<td><font><p>` credits the cell, since misnested `<font>` tags are split by the parser
/// into many siblings that each hold a piece of the article.
fn anchor_of(dom: &Dom, owner: NodeId) -> NodeId {
    let up = match dom.element(owner).map(|e| e.local().clone()) {
        Some(
            local_name!("div")
            | local_name!("section")
            | local_name!("article")
            | local_name!("main")
            | local_name!("td")
            | local_name!("body")
            | local_name!("form")
            | local_name!("center"),
        ) => 0,
        Some(local_name!("li") | local_name!("tr") | local_name!("dd") | local_name!("dt")) => 2,
        _ => 1,
    };
    let mut id = owner;
    for _ in 0..up {
        let p = dom.node(id).parent;
        if p == NONE {
            break;
        }
        id = p;
    }
    while is_inline(dom, id) {
        let p = dom.node(id).parent;
        if p == NONE {
            break;
        }
        id = p;
    }
    id
}

/// The children of `id`, with unmarked inline wrappers (a `<span>` or `<font>` without class
/// or id) replaced by their own children: a `<span>` left open before a block swallows the
/// rest of the article's sections, which are still its parent's siblings on screen.
fn flat_children(dom: &Dom, id: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack: Vec<NodeId> = dom.children(id).collect();
    stack.reverse();
    while let Some(c) = stack.pop() {
        let unmarked_inline = is_inline(dom, c)
            && !dom.is(c, &local_name!("a"))
            && dom.element(c).is_some_and(|e| {
                e.attr(&local_name!("class")).is_none() && e.attr(&local_name!("id")).is_none()
            });
        if unmarked_inline {
            let start = stack.len();
            stack.extend(dom.children(c));
            stack[start..].reverse();
        } else {
            out.push(c);
        }
    }
    out
}

fn is_inline(dom: &Dom, id: NodeId) -> bool {
    dom.element(id).is_some_and(|e| {
        matches!(
            *e.local(),
            local_name!("font")
                | local_name!("span")
                | local_name!("b")
                | local_name!("i")
                | local_name!("em")
                | local_name!("strong")
                | local_name!("small")
                | local_name!("big")
                | local_name!("u")
                | local_name!("a")
        )
    })
}

/// Class/id and landmark cues as a multiplier on a container's score.
fn cue_factor(dom: &Dom, id: NodeId, pruned: &Pruned) -> f32 {
    let Some(e) = dom.element(id) else { return 1.0 };
    let mut f = 1.0;
    if pruned.landmark == Some(id) {
        f *= 1.25;
    }
    if e.attr(&local_name!("itemprop"))
        .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
    {
        f *= 1.5;
    }
    let class = e.attr(&local_name!("class")).unwrap_or("");
    let idv = e.attr(&local_name!("id")).unwrap_or("");
    let mut negative = false;
    // Without a content word in class or id no name of them has one: the per-name reading of
    // [`cues::names_content`] is spared for most containers.
    let mut content_word = false;
    for v in [class, idv] {
        for w in cues::words(v) {
            negative |= cues::WEAK_NEGATIVE.contains(w) || cues::CHROME.contains(w);
            content_word |= cues::CONTENT.contains(w);
        }
    }
    let content = content_word && cues::names_content(class, idv);
    if content {
        f *= 1.25;
    }
    if negative {
        f *= 0.7;
    }
    f
}

/// Tag plus class: how a template marks repeated parts (`div.post`, `div.entry-content`).
fn signature(dom: &Dom, id: NodeId) -> Option<(html5ever::LocalName, &str)> {
    let e = dom.element(id)?;
    let class = e
        .attr(&local_name!("class"))
        .filter(|c| !c.trim().is_empty())?;
    Some((e.local().clone(), class))
}

/// Whether two signatures mark the same template part: same tag, and one class list is the
/// other's plus modifiers (`article-body-text component` and `article-body-text component
/// version-2` are one body cut in sections, one of them restyled). A modifier that is a cue
/// word (`cell auto article` next to `cell auto`) names a different part, not a restyle.
fn same_template(a: &(html5ever::LocalName, &str), b: &(html5ever::LocalName, &str)) -> bool {
    if a.0 != b.0 {
        return false;
    }
    if a.1 == b.1 {
        return true;
    }
    let has = |list: &str, w: &str| list.split_ascii_whitespace().any(|v| v == w);
    // A lone shared word is a grid's name (`cell`, `row`, `col`) that every region of the
    // page carries: only a list of two or more words, kept whole, names a template.
    let within = |x: &str, y: &str| {
        x.split_ascii_whitespace().count() >= 2
            && x.split_ascii_whitespace().all(|w| has(y, w))
            && y.split_ascii_whitespace()
                .filter(|w| !has(x, w))
                .flat_map(cues::words)
                .all(|w| {
                    !cues::CONTENT.contains(w)
                        && !cues::CHROME.contains(w)
                        && !cues::WEAK_NEGATIVE.contains(w)
                })
    };
    within(a.1, b.1) || within(b.1, a.1)
}

/// Whether the winner lies inside the one article the page's markup declares: the body of its
/// one hAtom post, or its landmark when that is the only `<article>` left after pruning (one
/// self-contained composition, as HTML defines the element; a page of cards has many).
fn declared_by_markup(dom: &Dom, pruned: &Pruned, top: NodeId) -> bool {
    let holds_top = |d: NodeId| d == top || is_ancestor(dom, d, top);
    if pruned.entry.is_some_and(holds_top) {
        return true;
    }
    pruned.landmark.is_some_and(|l| {
        dom.is(l, &local_name!("article"))
            && holds_top(l)
            && dom
                .descendants(DOCUMENT)
                .filter(|&d| dom.is(d, &local_name!("article")))
                .nth(1)
                .is_none()
    })
}

/// Whether `id` is above the page's regions (none, the document, `<html>`, `<body>`): the
/// body's children are the page's regions (header, dialogs, the page wrapper), not parts of
/// one article, so no search for the article climbs past them.
fn is_page_level(dom: &Dom, id: NodeId) -> bool {
    id == NONE
        || id == DOCUMENT
        || dom.is(id, &local_name!("html"))
        || dom.is(id, &local_name!("body"))
}

/// The highest of the winner's three nearest ancestors whose own `<p>` children hold prose,
/// or the winner itself. Measured: three levels over two adds two pages (+0.005, +0.027)
/// and loses none.
fn paragraph_parent(dom: &Dom, top: NodeId, chars: &[u32], links: &[u32]) -> NodeId {
    // Measured on the five sets: 150 characters of own paragraphs (one real paragraph, not
    // a caption) joins the body; 60–100 also promote wrappers whose only `<p>` is a teaser.
    const MIN_OWN_PROSE: u32 = 150;
    let mut best = top;
    let mut node = top;
    for _ in 0..3 {
        let parent = dom.node(node).parent;
        if is_page_level(dom, parent) {
            break;
        }
        let own: u32 = dom
            .children(parent)
            .filter(|&c| dom.is(c, &local_name!("p")))
            .map(|c| c as usize)
            .filter(|&i| chars[i] >= 25 && (links[i] as f32) < 0.25 * chars[i] as f32)
            .map(|i| chars[i])
            .sum();
        if own >= MIN_OWN_PROSE {
            best = parent;
        }
        node = parent;
    }
    best
}

fn is_ancestor(dom: &Dom, a: NodeId, of: NodeId) -> bool {
    dom.ancestors(of).any(|x| x == a)
}

fn common_ancestor(dom: &Dom, a: NodeId, b: NodeId) -> NodeId {
    let chain: Vec<NodeId> = std::iter::once(a).chain(dom.ancestors(a)).collect();
    std::iter::once(b)
        .chain(dom.ancestors(b))
        .find(|x| chain.contains(x))
        .unwrap_or(NONE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{blocks, prune};

    fn kept(html: &str) -> Vec<String> {
        kept_with(html, &Options::default())
    }

    /// The page through prune, blocks and select.
    fn run(html: &str, declares_article: bool, opts: &Options) -> (Dom, Vec<TextBlock>, Selection) {
        let mut dom = Dom::parse(html);
        let p = prune::prune(&mut dom, opts);
        let b = blocks::segment(&dom, opts);
        let s = select(&dom, &b, &p, declares_article, opts);
        (dom, b, s)
    }

    fn kept_with(html: &str, opts: &Options) -> Vec<String> {
        let (_, b, s) = run(html, false, opts);
        b.iter()
            .zip(&s.keep)
            .filter(|(_, k)| **k)
            .map(|(b, _)| b.text.clone())
            .collect()
    }

    const P: &str =
        "This paragraph is long enough to count as prose, with commas, clauses, and a full stop.";

    #[test]
    fn picks_the_prose_container() {
        let html = format!(
            "<div class=menu><a href=/>Home</a> <a href=/a>About</a></div>\
             <div class=body><p>{P}</p><p>{P}</p><p>{P}</p></div>\
             <div><a href=/x>Other story one</a></div>"
        );
        let k = kept(&html);
        assert_eq!(k.len(), 3);
        assert!(k.iter().all(|t| t == P));
    }

    #[test]
    fn keeps_article_split_across_siblings() {
        let html = format!(
            "<div id=wrap><div class=part><p>{P}</p><p>{P}</p><p>{P}</p></div>\
             <div class=ad-slot>Advertisement</div>\
             <div class=part><p>{P} Second half.</p><p>{P}</p><p>{P}</p></div></div>"
        );
        let k = kept(&html);
        assert_eq!(k.len(), 6, "{k:?}");
    }

    #[test]
    fn drops_trailing_headings_and_chrome_lines() {
        let html = format!("<div><p>{P}</p><p>Share</p><p>{P}</p><h3>Related posts</h3></div>");
        let k = kept(&html);
        assert_eq!(k, [P, P]);
    }

    #[test]
    fn keeps_a_linked_heading_over_its_prose_but_not_a_link_list() {
        let html = format!(
            "<div><p>{P}</p><h2><a href=#s1>Installing the package</a></h2><p>{P}</p>\
             <h3><a href=/other>Another story</a></h3><p><a href=/x>Read the other story now</a></p>\
             <p>{P}</p></div>"
        );
        let k = kept(&html);
        assert_eq!(k, [P, "Installing the package", P, P], "{k:?}");

        let card = format!(
            "<div><p>{P}</p><h3><a href=/p/1>Canon EOS R100 Mirrorless Camera</a></h3>\
             <ul><li>24.1MP APS-C CMOS Sensor</li></ul><div>$679.00</div><p>{P}</p></div>"
        );
        let k = kept(&card);
        assert!(
            k.iter().any(|t| t == "Canon EOS R100 Mirrorless Camera"),
            "{k:?}"
        );
    }

    #[test]
    fn a_region_of_links_is_a_listing_and_keeps_them() {
        let items: String = (1..=6)
            .map(|i| format!("<li><a href=/p{i}>Language number {i} of the category</a></li>"))
            .collect();
        let listing = format!(
            "<div id=content><h1>Category: languages</h1><p>{P}</p><ul>{items}</ul></div>\
             <div class=footer><p><a href=/about>About us</a> <a href=/jobs>Jobs</a></p></div>"
        );
        let k = kept(&listing);
        assert!(
            k.iter().any(|t| t == "Language number 6 of the category"),
            "{k:?}"
        );
        assert!(!k.iter().any(|t| t.contains("About us")), "{k:?}");

        // The same list after an article's prose is its "related" box.
        let article = format!(
            "<div id=content><h1>A story</h1><p>{P}</p><p>{P}</p><p>{P}</p><p>{P}</p><ul>{items}</ul></div>"
        );
        let k = kept(&article);
        assert!(!k.iter().any(|t| t.starts_with("Language number")), "{k:?}");
    }

    #[test]
    fn a_linked_item_in_a_list_of_prose_is_judged_with_its_list() {
        let html = format!(
            "<div><p>{P}</p><ul><li>{P}</li><li><a href=/b1>Bug 1677080 – Fullscreen window</a></li>\
             <li>{P}</li></ul><p>{P}</p><ul><li><a href=/a>Home</a></li><li><a href=/b>News</a></li>\
             <li><a href=/c>Sport</a></li></ul></div>"
        );
        let k = kept(&html);
        assert!(k.iter().any(|t| t.starts_with("Bug 1677080")), "{k:?}");
        assert!(!k.iter().any(|t| t == "Home" || t == "News"), "{k:?}");
    }

    #[test]
    fn a_long_list_does_not_outscore_the_article() {
        // A captioned gallery (or a reference list) is a long run of items with a sentence
        // each; at full weight its many small scores beat the fewer, longer paragraphs.
        let item = "<li><p>Caption of a photo, with a clause, and a credit. Photo agency.</p></li>";
        let html = format!(
            "<div id=page><div class=col><div id=story><p>{P} {P}</p><p>{P} {P}</p>\
             <p>{P} {P}</p><p>{P} {P}</p><p>{P} {P}</p></div></div>\
             <div class=col><div id=gallery><ul>{}</ul></div></div></div>",
            item.repeat(30)
        );
        let (dom, _, s) = run(&html, false, &Options::default());
        let id = dom.element(s.root).and_then(|e| e.attr(&local_name!("id")));
        assert_eq!(id, Some("story"));
    }

    #[test]
    fn joins_page_builder_blocks_three_wrappers_up() {
        // Page builders wrap each text block in three divs: the article's second half is a
        // look-alike of the winner's great-grandparent.
        let block = |body: &str| {
            format!(
                "<div class=\"block html-block\"><div class=block-content>\
                 <div class=text-container><div class=html-content>{body}</div></div></div></div>"
            )
        };
        let html = format!(
            "<div class=layout>{}<div class=\"block image-block\"><img src=a.jpg></div>{}</div>",
            block(&format!("<p>{P}</p><p>{P}</p><p>{P}</p><p>{P}</p>")),
            block(&format!("<p>{P} The end.</p><p>{P}</p>"))
        );
        let k = kept(&html);
        assert_eq!(k.len(), 6, "{k:?}");
    }

    #[test]
    fn joins_sections_whose_class_adds_a_modifier() {
        // One body cut in sections, one restyled with an extra class: still a look-alike. A
        // grid cell next to the article cell (the extra word names content) is not.
        let section = |class: &str, body: &str| {
            format!("<div class=\"{class}\"><div class=inner>{body}</div></div>")
        };
        let html = format!(
            "<div class=layout>{}{}{}</div>",
            section(
                "body-text component version-2",
                &format!("<p>{P}</p><p>{P}</p><p>{P}</p><p>{P}</p>")
            ),
            section("body-text component", &format!("<p>{P} The end.</p>")),
            section(
                "cell auto",
                "<p>Other story teaser, with a sentence or two of text.</p>"
            ),
        );
        let k = kept(&html);
        assert_eq!(k.len(), 5, "{k:?}");
        assert!(!same_template(
            &(local_name!("div"), "cell auto article"),
            &(local_name!("div"), "cell auto")
        ));
    }

    #[test]
    fn joins_the_body_that_holds_a_read_more_toggle() {
        // The text after a "read more" toggle outscores the paragraphs before it; the body
        // holding both (and its own paragraphs) is the article.
        let html = format!(
            "<div id=page><div class=story><div class=intro><p>{P}</p></div>\
             <p>{P} One.</p><p>{P} Two.</p>\
             <div class=more><div class=toggle><a href=#>Read more</a></div>\
             <div class=frame><div class=rest>\
             <p>{P}</p><p>{P}</p><p>{P}</p><p>{P}</p><p>{P}</p></div></div></div>\
             </div></div>"
        );
        let k = kept(&html);
        assert_eq!(k.len(), 8, "{k:?}");
    }

    #[test]
    fn joins_look_alikes_swallowed_by_an_open_span() {
        // `<span>`s left open before the later steps: the parser nests those steps inside
        // them, yet they are the first step's look-alike siblings.
        let step = |body: &str| {
            format!(
                "<div class=\"mod step\"><div class=step-content><div class=text>{body}</div></div></div>"
            )
        };
        let html = format!(
            "<div id=page><article>{}<div class=ad>Advertisement</div><span><span>{}{}</span></span>\
             </article></div>",
            step(&format!("<p>{P}</p><p>{P}</p><p>{P}</p>")),
            step(&format!("<p>{P} Two.</p>")),
            step(&format!("<p>{P} Three.</p>")),
        );
        // Declared an article, so the whole-page rule cannot keep the steps instead.
        let (_, b, sel) = run(&html, true, &Options::default());
        let k: Vec<_> = b.iter().zip(&sel.keep).filter(|(_, k)| **k).collect();
        assert_eq!(k.len(), 5, "{k:?}");
    }

    #[test]
    fn a_linked_name_in_a_table_row_is_judged_with_its_row() {
        // A list article as a table whose cells hold paragraphs: each row's first cell is a link
        // to the film, kept as part of its row.
        let row = |name: &str| {
            format!("<tr><th><a href=/{name}>{name}</a></th><td>1993</td><td><p>{P}</p></td></tr>")
        };
        let html = format!(
            "<div class=body><p>{P}</p><table><tr><th>Film</th><th>Year</th><th>About</th></tr>\
             {}{}{}</table></div>",
            row("Groundhog Day"),
            row("Run Lola Run"),
            row("Source Code")
        );
        let k = kept(&html);
        assert!(k.iter().any(|t| t == "Run Lola Run"), "{k:?}");
    }

    #[test]
    fn precision_preset_drops_figure_captions() {
        let html = format!(
            "<div><p>{P}</p><figure><img src=a.jpg><figcaption>The harbour at dawn. \
             Photo: Agency</figcaption></figure><p>{P}</p><p>{P}</p></div>"
        );
        assert_eq!(kept(&html).len(), 4);
        let precise = kept_with(&html, &Options::default().with_preset(Preset::Precision));
        assert_eq!(precise, [P, P, P]);
    }

    #[test]
    fn a_listing_inside_main_is_kept_unless_the_page_declares_an_article() {
        // A product grid holds no sentence, so the one paragraph above it wins the container
        // race; on a page that does not declare itself an article, that paragraph holding
        // a fraction of the text means the grid is the content.
        let card = "<div class=card><div>Sandpiper 130 Kayak</div><div>$973.93</div>\
                    <div>4.8 out of 5 stars</div></div>";
        let html = format!(
            "<main><div class=intro><p>{P}</p></div><div class=grid>{}</div></main>",
            card.repeat(8)
        );
        let kept = |declares_article: bool| {
            let (_, _, s) = run(&html, declares_article, &Options::default());
            s.keep.iter().filter(|k| **k).count()
        };
        assert_eq!(kept(true), 1);
        assert_eq!(kept(false), 25);
    }

    #[test]
    fn a_page_marking_one_hatom_post_is_that_post() {
        // A short blog post next to a wordy sidebar: the post holds under 60 % of the prose,
        // yet the page marks it as its one post, so the sidebar is not kept as content.
        let aside: String = (1..=6)
            .map(|i| format!("<div class=box{i}><p>A note about the author, number {i}.</p></div>"))
            .collect();
        let page = |entries: &str| {
            format!(
                "<div id=page><div class=\"{entries}\"><h3>A short post</h3>\
                 <div class=entry-content><p>{P}</p><p>{P}</p><p>{P}</p></div></div>\
                 <div id=side><div class=col>{aside}</div></div></div>"
            )
        };
        assert_eq!(kept(&page("post hentry")).len(), 3);
        // Two posts are a blog's front page: no one post is declared.
        let two = page("post hentry").replace("<div id=side>", "<div class=hentry>");
        assert_eq!(kept(&two).len(), 10, "{two}");
    }

    #[test]
    fn a_page_with_one_article_element_is_that_article() {
        // A short story next to a list of teasers: the story holds under 60 % of the prose,
        // yet it is the page's only `<article>`, so the teasers are not kept as content.
        let teasers = |tag: &str| -> String {
            (1..=6)
                .map(|i| {
                    format!(
                        "<{tag} class=t{i}><p>Another story of the day, number {i}.</p></{tag}>"
                    )
                })
                .collect()
        };
        let page = |tag: &str| {
            format!(
                "<div id=page><article><h1>A short story</h1>\
                 <div class=text><p>{P}</p><p>{P}</p><p>{P}</p></div></article>\
                 <div id=more><div class=col>{}</div></div></div>",
                teasers(tag)
            )
        };
        assert_eq!(kept(&page("div")).len(), 3);
        // Teasers marked up as articles too: a page of cards, no one article declared.
        assert_eq!(kept(&page("article")).len(), 10);
    }
}
