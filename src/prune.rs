//! The prune stage: removes what is never article text before anything is scored.
//!
//! Removing chrome first makes scoring simpler and safer: a consent dialog or a mega-menu
//! never competes with the article if it is gone. Four kinds of node go:
//!
//! 1. elements that hold no readable text (`script`, `style`, `svg`, form controls, ...);
//! 2. hidden nodes (`hidden`, `aria-hidden="true"`, inline `display:none`, hiding classes),
//!    read as a desktop shows them: `hidden md:block` shows, `lg:hidden` is a mobile copy
//!    and goes. The collapsed panel of an accordion, FAQ or "read more" stays, since a click
//!    shows it and its text is the page's (told by its toggle button or `aria-expanded` just
//!    before it, a `tabpanel` role or a word in [`crate::cues::DISCLOSURE_WORDS`]), and so
//!    does a heading inside such a toggle button: the question the panel answers;
//! 3. consent dialogs: known consent-manager markup, and dialogs/banners whose text is
//!    consent vocabulary (see [`crate::cues::CONSENT_TOOLS`], [`crate::cues::CONSENT_PHRASES`]);
//! 4. page chrome: `nav`/`aside`/`footer`/site `header`, chrome ARIA roles, and class/id
//!    words such as `sidebar`, `share`, `related`, `newsletter`.
//!
//! One guard overrides 2–4: the article's *landmark* — the largest `<article>`, `<main>`,
//! `role=main` or `itemprop=articleBody` element, outside hidden schema.org blocks (a copy of
//! the article for machines) — and its ancestors are never removed. That is
//! how deboil ignores a consent tool that marks the real content `aria-hidden` (the field's
//! "consent dialog returned as the article" bug) and a theme that puts `sidebar` in the class
//! of the page wrapper. A chrome cue on an element that holds most of the page's text is
//! likewise ignored: chrome is small next to the article, and so is one on an element that
//! names itself content and holds a good share of the text — unless a name pairs the content
//! word with a comment word (`comment-text`: the comments' text, see
//! [`crate::cues::CONTENT_QUALIFIERS`]). So is a class/id chrome word on an element holding an
//! `h1`: sidebars and share bars never hold the headline.

use std::sync::LazyLock;

use html5ever::{LocalName, local_name, ns};

use crate::cues::{
    self, CHROME_ROLES, CHROME_TAGS, DIALOG_ROLES, DROP_TAGS, WordBits, WordSet, has_word, words,
};
use crate::dom::{DOCUMENT, Dom, Element, NONE, NodeData, NodeId};
use crate::options::Options;

/// What pruning learned about the page, for the later stages.
#[derive(Debug)]
pub(crate) struct Pruned {
    /// The article landmark, if the page has one.
    pub(crate) landmark: Option<NodeId>,
    /// The body of the page's one hAtom post, if it marks exactly one (see [`find_entry`]).
    pub(crate) entry: Option<NodeId>,
    /// The roots of the removed subtrees (still in the arena, detached) and why.
    pub(crate) removed: Vec<(NodeId, Reason)>,
}

/// Removes non-content nodes from `dom` (they are detached, not freed).
pub(crate) fn prune(dom: &mut Dom, opts: &Options) -> Pruned {
    let order: Vec<NodeId> = dom.descendants(DOCUMENT).collect();
    let text_len = subtree_text_len(dom, &order);
    let landmark = find_landmark(dom, &order, &text_len);
    let entry = find_entry(dom, &order);
    let mut protected = vec![false; dom.nodes.len()];
    if let Some(l) = landmark {
        protected[l as usize] = true;
        for a in dom.ancestors(l) {
            protected[a as usize] = true;
        }
    }
    let body = dom.find(&local_name!("body")).unwrap_or(DOCUMENT);
    let page_len = text_len[body as usize].max(1);
    let ctx = Ctx {
        dom,
        text_len: &text_len,
        protected: &protected,
        page_len,
        landmark,
        opts,
    };

    let mut removed = Vec::new();
    let mut id = DOCUMENT;
    while id != NONE {
        let drop = match &ctx.dom.node(id).data {
            NodeData::Element(e) => ctx.verdict(id, e),
            NodeData::Comment(_) | NodeData::ProcessingInstruction | NodeData::Doctype => {
                Some(Reason::NoText)
            }
            _ => None,
        };
        let n = ctx.dom.node(id);
        id = if drop.is_some() || n.first_child == NONE {
            if let Some(reason) = drop {
                removed.push((id, reason));
            }
            ctx.dom.next_skipping_children(DOCUMENT, id)
        } else {
            n.first_child
        };
    }
    for &(d, _) in &removed {
        dom.detach(d);
    }
    Pruned {
        landmark,
        entry,
        removed,
    }
}

/// Why an element is removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    NoText,
    Hidden,
    Consent,
    Chrome,
}

impl Reason {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Reason::NoText => "no readable text (script, style, form control, comment, ...)",
            Reason::Hidden => "hidden (hidden attribute, display:none, aria-hidden, hiding class)",
            Reason::Consent => "consent dialog (consent tool markup, or a dialog of consent text)",
            Reason::Chrome => "page chrome (nav/aside/footer/header, chrome role or class/id word)",
        }
    }
}

struct Ctx<'a> {
    dom: &'a Dom,
    text_len: &'a [u32],
    protected: &'a [bool],
    page_len: u32,
    landmark: Option<NodeId>,
    opts: &'a Options,
}

impl Ctx<'_> {
    fn verdict(&self, id: NodeId, e: &Element) -> Option<Reason> {
        if e.name.ns != ns!(html) {
            // Foreign content (SVG, MathML) never carries article prose.
            return (e.name.ns != ns!()).then_some(Reason::NoText);
        }
        let local = e.local();
        // A button around a heading is an accordion's toggle, and the heading is the question
        // its panel answers: text, not a control label.
        if cues::tag_in(DROP_TAGS, local)
            && !(*local == local_name!("button") && self.holds(id, is_heading))
        {
            return Some(Reason::NoText);
        }
        if matches!(*local, local_name!("html") | local_name!("body"))
            || self.protected[id as usize]
        {
            return None;
        }
        let len = self.text_len[id as usize];
        // Modal dialogs set aria-hidden on the page behind them (readability#766): aria-hidden
        // on what holds most of the page's text is a focus trap, not hidden content.
        match hidden(e) {
            // A responsive hide is a mobile or desktop copy of what shows elsewhere.
            Some(Hiding::AtDesktop) => return Some(Reason::Hidden),
            Some(Hiding::Always) if !self.is_disclosure_panel(id, e) => {
                return Some(Reason::Hidden);
            }
            None if is_aria_hidden(e)
                && len * 2 <= self.page_len
                && !self.is_disclosure_panel(id, e) =>
            {
                return Some(Reason::Hidden);
            }
            _ => {}
        }
        let class = e.attr(&local_name!("class")).unwrap_or("");
        // Heading ids are anchors made from the heading's own words ("what-is-a-cookie").
        let idv = if is_heading(local) {
            ""
        } else {
            e.attr(&local_name!("id")).unwrap_or("")
        };
        // Most class and id values hold no cue word at all: one pass tells which tables a value
        // has words of, and spares the per-table passes below for the others (consent tools,
        // consent words, overlays, content, chrome).
        let (class_cues, id_cues) = (cue_bits(class), cue_bits(idv));
        let cued = |bit: u8| (class_cues | id_cues) & bit != 0;
        if self.is_consent(id, e, (class, class_cues), (idv, id_cues), len) {
            return Some(Reason::Consent);
        }
        // Chrome is small next to the article: a cue on something holding most of the page's
        // text is a theme's naming quirk, not a sidebar.
        let dominant = len * 10 > self.page_len * 6;
        if dominant {
            return None;
        }
        // An element naming itself content and holding a good share of the text is the
        // article, whatever tag, role or stray word comes with it (`<aside class="blogPost">`,
        // `article-body share-on`): themes misuse all three.
        // So is one around the headline (`<aside class="blogPost"><h1>`): a sidebar box that
        // names itself a post is a teaser, but teasers don't hold the page's h1.
        let names_content = cued(CONTENT_CUE) && cues::names_content(class, idv);
        if names_content && (len * 4 > self.page_len || self.holds_h1(id)) {
            return None;
        }
        if cues::tag_in(CHROME_TAGS, local) {
            if *local == local_name!("header") && self.in_landmark(id) {
                return None;
            }
            if *local == local_name!("header") && self.holds_h1(id) {
                return None;
            }
            return Some(Reason::Chrome);
        }
        if let Some(role) = e.attr(&local_name!("role")) {
            if CHROME_ROLES
                .iter()
                .any(|(r, _)| role.eq_ignore_ascii_case(r))
            {
                return Some(Reason::Chrome);
            }
        }
        // A sidebar, share bar or related box never holds the page's headline: a chrome word on
        // an element around an h1 describes the layout (`page-content and-w-sidebar`).
        // A section's id made from its own heading ("sharing-with-a-single-developer") names
        // the topic, not a role.
        let chrome_word = (class_cues & CHROME_CUE != 0 && self.has_chrome_word(class))
            || (id_cues & CHROME_CUE != 0
                && self.has_chrome_word(idv)
                && !self.is_heading_slug(id, idv));
        if chrome_word && !self.holds_h1(id) {
            return Some(Reason::Chrome);
        }
        if len <= cues::SMALL_CHROME_MAX
            && ((class_cues & SMALL_CHROME_CUE != 0 && has_word(class, &cues::SMALL_CHROME))
                || (id_cues & SMALL_CHROME_CUE != 0 && has_word(idv, &cues::SMALL_CHROME)))
        {
            return Some(Reason::Chrome);
        }
        None
    }

    fn has_chrome_word(&self, value: &str) -> bool {
        words(value).any(|w| {
            (cues::CHROME.contains(w) || cues::has_chrome_stem(w))
                && !(self.opts.include_comments && cues::starts_with_ignore_case(w, "comment"))
        })
    }

    /// Whether the subtree has a control (button, link or `role=button`, short text) whose
    /// label is a consent action. Action words in running prose ("you can reject all
    /// cookies") are an article about consent, not a dialog.
    fn has_consent_control(&self, id: NodeId) -> bool {
        self.dom.descendants(id).any(|d| {
            let Some(e) = self.dom.element(d) else {
                return false;
            };
            let control = matches!(
                *e.local(),
                local_name!("button") | local_name!("a") | local_name!("input")
            ) || e
                .attr(&local_name!("role"))
                .is_some_and(|r| r.eq_ignore_ascii_case("button"));
            if !control {
                return false;
            }
            let label = match e.attr(&local_name!("value")) {
                Some(v) if *e.local() == local_name!("input") => v.to_string(),
                _ => self.dom.text_content(d),
            };
            let label = label.trim().to_lowercase();
            label.chars().count() <= 40 && has_action(&label)
        })
    }

    /// Whether a hidden element is the collapsed part of a disclosure widget (an accordion
    /// panel, a FAQ answer, a "read more" remainder, a tab panel): its text is the page's,
    /// shown by a click. Told by a role, a class/id word ([`cues::DISCLOSURE_WORDS`]), or the
    /// toggle just before it: a button, or anything with `aria-expanded`.
    fn is_disclosure_panel(&self, id: NodeId, e: &Element) -> bool {
        if e.attr(&local_name!("role"))
            .is_some_and(|r| r.eq_ignore_ascii_case("tabpanel"))
        {
            return true;
        }
        let class = e.attr(&local_name!("class")).unwrap_or("");
        let idv = e.attr(&local_name!("id")).unwrap_or("");
        if has_word(class, &cues::DISCLOSURE) || has_word(idv, &cues::DISCLOSURE) {
            return true;
        }
        let mut prev = self.dom.node(id).prev;
        while prev != NONE {
            if let Some(p) = self.dom.element(prev) {
                return *p.local() == local_name!("button")
                    || p.attr(&local_name!("aria-expanded")).is_some();
            }
            prev = self.dom.node(prev).prev;
        }
        false
    }

    /// Whether the subtree under `id` (itself included) has an element whose tag passes `tag`.
    fn holds(&self, id: NodeId, tag: impl Fn(&LocalName) -> bool) -> bool {
        self.dom
            .descendants(id)
            .any(|d| self.dom.element(d).is_some_and(|e| tag(e.local())))
    }

    fn in_landmark(&self, id: NodeId) -> bool {
        self.landmark
            .is_some_and(|l| self.dom.ancestors(id).any(|a| a == l))
    }

    /// Whether `idv` is the slug of the heading that opens element `id`: its words, two or
    /// more, are the first words of the heading's text (slugs may be cut short).
    fn is_heading_slug(&self, id: NodeId, idv: &str) -> bool {
        let Some(heading) = self
            .dom
            .children(id)
            .filter(|&c| self.dom.element(c).is_some())
            .take(2)
            .find(|&c| self.dom.element(c).is_some_and(|e| is_heading(e.local())))
        else {
            return false;
        };
        let slug = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect()
        };
        let id_words = slug(idv);
        id_words.len() >= 2 && slug(&self.dom.text_content(heading)).starts_with(&id_words)
    }

    fn holds_h1(&self, id: NodeId) -> bool {
        self.holds(id, |t| *t == local_name!("h1"))
    }

    /// `class` and `idv` come with their [`cue_bits`].
    fn is_consent(
        &self,
        id: NodeId,
        e: &Element,
        (class, class_cues): (&str, u8),
        (idv, id_cues): (&str, u8),
        len: u32,
    ) -> bool {
        let has = |cues: u8, bit: u8| cues & bit != 0;
        let tool = (has(class_cues, CONSENT_TOOL_CUE) && consent_tool(class))
            || (has(id_cues, CONSENT_TOOL_CUE) && consent_tool(idv));
        let generic = (has(class_cues, GENERIC_CONSENT_CUE) && generic_consent(class))
            || (has(id_cues, GENERIC_CONSENT_CUE) && generic_consent(idv));
        let dialog = e
            .attr(&local_name!("role"))
            .is_some_and(|r| DIALOG_ROLES.iter().any(|(d, _)| r.eq_ignore_ascii_case(d)))
            || e.attr(&local_name!("aria-modal"))
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
            || e.attr(&local_name!("style"))
                .is_some_and(|s| style_has(s, "position", "fixed"))
            || (has(class_cues, OVERLAY_CUE) && has_word(class, &OVERLAY))
            || (has(id_cues, OVERLAY_CUE) && has_word(idv, &OVERLAY));
        if !(tool || generic || dialog) {
            return false;
        }
        // Consent UIs are small; a long text under such a name is an article about consent.
        if len > 12_000 {
            return false;
        }
        if tool {
            return true;
        }
        // Without a tool's name, a consent container is a small part of the page: what holds
        // half of the article (or of the page) is prose about consent.
        let landmark_len = self
            .landmark
            .map_or(self.page_len, |l| self.text_len[l as usize]);
        if len > 4_000 || len * 2 > landmark_len || len * 2 > self.page_len {
            return false;
        }
        let text = self.dom.text_content(id).to_lowercase();
        consent_hits(&text) >= 2 && self.has_consent_control(id)
    }
}

// Bits of [`cue_bits`]: which table a class/id value has a word of. Each check below reads
// its table only for a value with its bit: a value without it has no word of the table.
/// [`cues::CHROME_WORDS`], or a word with a chrome stem ([`cues::has_chrome_stem`]).
const CHROME_CUE: u8 = 1;
/// [`cues::SMALL_CHROME_WORDS`].
const SMALL_CHROME_CUE: u8 = 2;
/// [`cues::CONTENT_WORDS`].
const CONTENT_CUE: u8 = 4;
/// [`cues::CONSENT_TOOLS`].
const CONSENT_TOOL_CUE: u8 = 8;
/// [`GENERIC_CONSENT`].
const GENERIC_CONSENT_CUE: u8 = 16;
/// [`OVERLAY_WORDS`].
const OVERLAY_CUE: u8 = 32;

/// Every word any class/id table here looks for, with the bits of the tables holding it.
static CUE_WORDS: LazyLock<WordBits> = LazyLock::new(|| {
    let tables: [(&[(&'static str, &str)], u8); 5] = [
        (cues::CHROME_WORDS, CHROME_CUE),
        (cues::SMALL_CHROME_WORDS, SMALL_CHROME_CUE),
        (cues::CONTENT_WORDS, CONTENT_CUE),
        (cues::CONSENT_TOOLS, CONSENT_TOOL_CUE),
        (OVERLAY_WORDS, OVERLAY_CUE),
    ];
    WordBits::of(
        tables
            .into_iter()
            .flat_map(|(table, bit)| table.iter().map(move |&(w, _)| (w, bit)))
            .chain(GENERIC_CONSENT.iter().map(|&w| (w, GENERIC_CONSENT_CUE))),
    )
});

/// The tables a class or id value has words of, as bits; 0 for most values.
fn cue_bits(value: &str) -> u8 {
    let mut bits = 0;
    cues::for_each_word(value, |w| {
        let stem = if bits & CHROME_CUE == 0 && cues::has_chrome_stem(w) {
            CHROME_CUE
        } else {
            0
        };
        bits |= CUE_WORDS.bits(w) | stem;
    });
    bits
}

/// [`OVERLAY_WORDS`], indexed.
static OVERLAY: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(OVERLAY_WORDS));

/// Container words of banners and overlays: with consent text inside, the container goes.
const OVERLAY_WORDS: &[(&str, &str)] = &[
    ("banner", "notice banners"),
    ("modal", "modal dialogs"),
    ("popup", "pop-ups"),
    ("overlay", "overlays"),
    ("notice", "notice bars"),
    ("notification", "notification bars"),
    ("bar", "sticky bars"),
    ("dialog", "dialogs"),
    ("privacy", "privacy notices"),
];

/// Distinct consent phrases in lower-cased `text`.
fn consent_hits(text: &str) -> usize {
    cues::CONSENT_PHRASES
        .iter()
        .filter(|(p, _)| text.contains(p))
        .count()
}

/// Whether lower-cased `text` has a consent button's word.
fn has_action(text: &str) -> bool {
    cues::CONSENT_ACTIONS.iter().any(|(a, _)| text.contains(a))
}

/// A consent-manager name among the words of a class/id value; short, ambiguous prefixes
/// (`ot`, `sp`, `cc`) count only as the value's first word (`ot-sdk-container`).
fn consent_tool(value: &str) -> bool {
    value.split_ascii_whitespace().any(|token| {
        words(token).enumerate().any(|(i, w)| {
            let known = cues::CONSENT.contains(w)
                && !GENERIC_CONSENT.iter().any(|g| g.eq_ignore_ascii_case(w));
            // Only a known name can be a prefix-only one: most words stop at the first test.
            let prefix_only = || {
                cues::CONSENT_PREFIX_ONLY
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(w))
            };
            known && (!prefix_only() || (i == 0 && words(token).nth(1).is_some()))
        })
    })
}

/// Generic consent words: these need consent vocabulary in the text too.
const GENERIC_CONSENT: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "cookiebanner",
    "cookieconsent",
];

fn generic_consent(value: &str) -> bool {
    words(value).any(|w| GENERIC_CONSENT.iter().any(|g| g.eq_ignore_ascii_case(w)))
}

fn is_heading(local: &html5ever::LocalName) -> bool {
    matches!(
        *local,
        local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
    )
}

/// `aria-hidden="true"`: hidden from assistive technology, which mostly means decorative.
fn is_aria_hidden(e: &Element) -> bool {
    e.attr(&local_name!("aria-hidden"))
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// How an element is hidden on a desktop, the rendering readers see.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hiding {
    /// At every width: the `hidden` attribute, inline `display:none`/`visibility:hidden`, or
    /// a hiding class. Collapsed disclosure panels are hidden this way too.
    Always,
    /// By a responsive class from a breakpoint a desktop reaches (`lg:hidden`, `d-md-none`):
    /// the mobile copy of something the desktop layout shows in another element.
    AtDesktop,
}

/// Whether and how an element is hidden from view.
fn hidden(e: &Element) -> Option<Hiding> {
    // `hidden="until-found"` is collapsed text that find-in-page reveals: the page's own.
    if e.attr(&local_name!("hidden"))
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("until-found"))
    {
        return Some(Hiding::Always);
    }
    if let Some(style) = e.attr(&local_name!("style")) {
        if style_has(style, "display", "none") || style_has(style, "visibility", "hidden") {
            return Some(Hiding::Always);
        }
    }
    e.attr(&local_name!("class")).and_then(hidden_by_class)
}

/// How a class value hides the element on a desktop: a hiding class that no responsive
/// display class undoes (`hidden sm:block` and `d-none d-md-block` show from a breakpoint
/// up), or a responsive hide at the widest breakpoint set (`lg:hidden`, `d-lg-none`).
fn hidden_by_class(class: &str) -> Option<Hiding> {
    let mut hidden = false;
    // (breakpoint rank, shown) of the widest responsive display class seen.
    let mut responsive: Option<(usize, bool)> = None;
    for t in class.split_ascii_whitespace() {
        if cues::HIDDEN_CLASSES
            .iter()
            .any(|(h, _)| h.eq_ignore_ascii_case(t))
        {
            hidden = true;
        } else if let Some((rank, shown)) = responsive_display(t) {
            if responsive.is_none_or(|(r, _)| rank >= r) {
                responsive = Some((rank, shown));
            }
        }
    }
    match responsive {
        Some((_, true)) => None,
        Some((_, false)) => Some(Hiding::AtDesktop),
        None => hidden.then_some(Hiding::Always),
    }
}

/// A responsive display class's breakpoint rank and whether it shows the element:
/// Tailwind `md:block` / `lg:hidden`, Bootstrap `d-md-flex` / `d-lg-none`.
fn responsive_display(class: &str) -> Option<(usize, bool)> {
    let (bp, value) = if let Some(rest) = class.strip_prefix("d-") {
        rest.split_once('-')?
    } else {
        class.split_once(':')?
    };
    let rank = cues::DESKTOP_BREAKPOINTS
        .iter()
        .position(|(b, _)| *b == bp)?;
    let (v, _) = cues::DISPLAY_VALUES.iter().find(|(v, _)| *v == value)?;
    Some((rank, !matches!(*v, "none" | "hidden")))
}

/// Whether an inline style sets `prop: value` (any spacing, case, `!important`).
fn style_has(style: &str, prop: &str, value: &str) -> bool {
    style.split(';').any(|decl| {
        decl.split_once(':').is_some_and(|(p, v)| {
            p.trim().eq_ignore_ascii_case(prop)
                && v.trim()
                    .trim_end_matches("!important")
                    .trim()
                    .eq_ignore_ascii_case(value)
        })
    })
}

/// Visible text bytes per subtree (whitespace and script/style text excluded), bottom-up.
fn subtree_text_len(dom: &Dom, order: &[NodeId]) -> Vec<u32> {
    let mut len = vec![0u32; dom.nodes.len()];
    for &id in order.iter().rev() {
        let n = dom.node(id);
        if let NodeData::Text(t) = &n.data {
            let skip = dom.element(n.parent).is_some_and(|p| {
                matches!(
                    *p.local(),
                    local_name!("script") | local_name!("style") | local_name!("noscript")
                )
            });
            if !skip {
                len[id as usize] = crate::text::non_whitespace_bytes(t) as u32;
            }
        }
        if n.parent != NONE {
            let l = len[id as usize];
            len[n.parent as usize] = len[n.parent as usize].saturating_add(l);
        }
    }
    len
}

/// Whether `id` lies in a hidden schema.org block (`<div style="display:none" itemscope>`):
/// a copy of the article for machines, with its dates and image URLs as text. Its
/// `articleBody` is no landmark, or the guard would keep the whole block.
fn in_hidden_metadata(dom: &Dom, id: NodeId) -> bool {
    std::iter::once(id).chain(dom.ancestors(id)).any(|a| {
        dom.element(a)
            .is_some_and(|e| e.attr(&local_name!("itemscope")).is_some() && hidden(e).is_some())
    })
}

/// Whether a class value holds `entry`, the part both hAtom names share: found from its rare
/// last letter, cheaper on short values than a substring search.
fn has_entry(value: &[u8]) -> bool {
    memchr::memchr_iter(b'y', value).any(|i| i >= 4 && &value[i - 4..i] == b"entr")
}

/// The body of the page's one blog post as the hAtom microformat marks it: the
/// `entry-content` of the only `hentry` (the entry itself when it has no single body), or, on
/// a page without `hentry`, the only `entry-content`. A page marking several entries is a
/// blog's home or archive page, and declares no one post.
fn find_entry(dom: &Dom, order: &[NodeId]) -> Option<NodeId> {
    // One pass, and a substring test before any word split: this runs on every page, and
    // almost no class value holds either name.
    let mut entries = Vec::new();
    let mut contents = Vec::new();
    for &id in order {
        let Some(class) = dom.element(id).and_then(|e| e.attr(&local_name!("class"))) else {
            continue;
        };
        if !has_entry(class.as_bytes()) {
            continue;
        }
        let has = |name: &str| class.split_ascii_whitespace().any(|w| w == name);
        if has(cues::HATOM_ENTRY) {
            entries.push(id);
        }
        if has(cues::HATOM_CONTENT) {
            contents.push(id);
        }
    }
    entries.retain(|&id| !in_hidden_metadata(dom, id));
    contents.retain(|&id| !in_hidden_metadata(dom, id));
    let only = |ids: &[NodeId]| match ids {
        [id] => Some(*id),
        _ => None,
    };
    if entries.is_empty() {
        return only(&contents);
    }
    let entry = only(&entries)?;
    contents.retain(|&c| dom.ancestors(c).any(|a| a == entry));
    Some(only(&contents).unwrap_or(entry))
}

/// The element that declares itself the article: the innermost declared element that still
/// holds at least half of the text of the largest one (an `<article>` inside `<main>`).
fn find_landmark(dom: &Dom, order: &[NodeId], text_len: &[u32]) -> Option<NodeId> {
    let declared: Vec<NodeId> = order
        .iter()
        .copied()
        .filter(|&id| {
            dom.element(id).is_some_and(|e| {
                matches!(*e.local(), local_name!("article") | local_name!("main"))
                    || e.attr(&local_name!("role"))
                        .is_some_and(|r| r.eq_ignore_ascii_case("main"))
                    || e.attr(&local_name!("itemprop"))
                        .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
            }) && !in_hidden_metadata(dom, id)
        })
        .collect();
    let largest = declared.iter().map(|&id| text_len[id as usize]).max()?;
    if largest <= 100 {
        return None;
    }
    // Document order puts ancestors first, so the last qualifying element is the innermost
    // of a nested chain; among unrelated ones, take the first (largest-first on ties).
    let mut best: Option<NodeId> = None;
    for &id in &declared {
        if text_len[id as usize] * 2 < largest {
            continue;
        }
        match best {
            Some(b) if dom.ancestors(id).any(|a| a == b) => best = Some(id),
            Some(b) if text_len[id as usize] > text_len[b as usize] => best = Some(id),
            None => best = Some(id),
            _ => {}
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_bits_name_the_tables_with_a_word() {
        let mut values: Vec<&str> = vec![
            "",
            "x y-z",
            "sidebar",
            "site-Footer",
            "cookie-banner",
            "onetrust-banner-sdk",
            "entry-content",
            "blogPost shareBar",
            "ot-sdk-container",
            "modal-dialog privacy",
            "navbar-nav",
            "sidebars",
        ];
        let tables = [
            cues::CHROME_WORDS,
            cues::SMALL_CHROME_WORDS,
            cues::CONTENT_WORDS,
            cues::CONSENT_TOOLS,
            OVERLAY_WORDS,
        ];
        values.extend(tables.iter().flat_map(|t| t.iter().map(|&(w, _)| w)));
        values.extend(GENERIC_CONSENT);
        for v in values {
            let bits = cue_bits(v);
            let any = |set: &WordSet| words(v).any(|w| set.contains(w));
            let chrome = words(v).any(|w| cues::CHROME.contains(w) || cues::has_chrome_stem(w));
            let generic =
                words(v).any(|w| GENERIC_CONSENT.iter().any(|g| g.eq_ignore_ascii_case(w)));
            assert_eq!(bits & CHROME_CUE != 0, chrome, "{v}");
            assert_eq!(
                bits & SMALL_CHROME_CUE != 0,
                any(&cues::SMALL_CHROME),
                "{v}"
            );
            assert_eq!(bits & CONTENT_CUE != 0, any(&cues::CONTENT), "{v}");
            assert_eq!(bits & CONSENT_TOOL_CUE != 0, any(&cues::CONSENT), "{v}");
            assert_eq!(bits & OVERLAY_CUE != 0, any(&OVERLAY), "{v}");
            assert_eq!(bits & GENERIC_CONSENT_CUE != 0, generic, "{v}");
        }
    }

    fn pruned_text(html: &str) -> String {
        let mut dom = Dom::parse(html);
        prune(&mut dom, &Options::default());
        dom.text_content(DOCUMENT)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    const ARTICLE: &str = "<article><p>This is the real article text, long enough to be the page's main content by any measure, with several sentences of prose. It keeps going for a while so that it dominates the page.</p></article>";

    #[test]
    fn drops_scripts_nav_footer() {
        let t = pruned_text(&format!(
            "<nav>Home News</nav><script>var x</script>{ARTICLE}<footer>Copyright</footer>"
        ));
        assert!(t.starts_with("This is the real article"));
        assert!(!t.contains("Home") && !t.contains("Copyright") && !t.contains("var"));
    }

    #[test]
    fn drops_hidden_but_not_hidden_landmark() {
        let t = pruned_text(&format!(
            "<div style='display: none'>secret</div><div aria-hidden='true'>{ARTICLE}</div>"
        ));
        assert!(!t.contains("secret"));
        assert!(t.contains("real article"));
    }

    #[test]
    fn drops_consent_tools_and_dialogs() {
        let t = pruned_text(&format!(
            "{ARTICLE}<div id='onetrust-banner-sdk'>Manage</div>\
             <div role='dialog'><p>We use cookies. <button>Accept all</button> <button>Reject all</button></p></div>\
             <div class='cookie-notice'>This site uses cookies, see our <a href='/p'>privacy policy</a>. <a href='#'>Got it</a></div>"
        ));
        assert!(!t.contains("Manage") && !t.contains("cookies"), "{t}");
    }

    #[test]
    fn consent_words_in_prose_are_not_a_dialog() {
        let t = pruned_text(&format!(
            "{ARTICLE}<div class='callout notice'><p>Regulators said a consent banner must let \
             visitors reject all cookies as easily as they accept them.</p></div>"
        ));
        assert!(t.contains("Regulators said"), "{t}");
    }

    #[test]
    fn aria_hidden_page_behind_a_modal_is_kept() {
        let body = ARTICLE.replace("article>", "div>");
        let t = pruned_text(&format!(
            "<div aria-hidden='true'><div>{body}</div></div>\
             <div role='dialog' aria-modal='true'>We use cookies. <button>Accept</button></div>"
        ));
        assert!(t.contains("real article"), "{t}");
    }

    #[test]
    fn a_comment_box_naming_itself_text_is_dropped() {
        // The comments hold a good share of the page: only the content word in their class
        // could protect them, and `comment-text` says it is the comments' text.
        let t = pruned_text(&format!(
            "{ARTICLE}<div id='comment-text' class='user-post-text'><p>First! Great photos, \
             thanks for sharing the trip with all of us here.</p></div>"
        ));
        assert!(t.contains("real article") && !t.contains("First!"), "{t}");
    }

    #[test]
    fn keeps_article_about_cookies() {
        let t = pruned_text(
            "<div class='cookie-recipes'><p>Cookies are baked for twelve minutes at 180 degrees. \
             Consent of the family is not required.</p></div>",
        );
        assert!(t.contains("baked"));
    }

    #[test]
    fn keeps_article_header_with_title() {
        let t = pruned_text(&format!(
            "<header>Site</header><article><header><h1>Title</h1></header>{ARTICLE}</article>"
        ));
        assert!(t.contains("Title"));
        assert!(!t.contains("Site"));
    }

    #[test]
    fn style_parsing() {
        assert!(style_has(
            "color:red; DISPLAY : none !important",
            "display",
            "none"
        ));
        assert!(!style_has("display:block", "display", "none"));
    }

    #[test]
    fn a_section_id_made_from_its_heading_is_no_cue() {
        let t = pruned_text(
            "<div><p>An introduction to the guide, long enough to be the article.</p>\
             <div id=sharing-with-a-single-developer class=section><h2>Sharing with a single \
             developer</h2><p>Push your drafts to a non-publishing repository.</p></div>\
             <div id=sharing class=section><h2>Share this guide</h2><p>Tweet it</p></div></div>",
        );
        assert!(t.contains("Push your drafts"), "{t}");
        assert!(!t.contains("Tweet it"), "{t}");
    }

    #[test]
    fn chrome_word_around_the_headline_is_layout() {
        // The menu outweighs the short story, so neither the landmark nor the dominance guard
        // saves the wrapper: only the h1 it holds does.
        let menu = format!(
            "<div class=menu>{}</div>",
            "<a href=/x>Section with a long name</a> ".repeat(15)
        )
        .repeat(3);
        let t = pruned_text(&format!(
            "{menu}\
             <div id=page-content class=\"page with-sidebar\"><h1>Sixth case reported</h1>\
             <p>Officials reported the sixth case on Tuesday.</p>\
             <div class=sidebar>Most read</div></div>"
        ));
        assert!(
            t.contains("Sixth case reported") && t.contains("Officials reported"),
            "{t}"
        );
        assert!(!t.contains("Most read") && !t.contains("Section with"));
    }

    #[test]
    fn drops_run_together_chrome_words() {
        let t = pruned_text(&format!(
            "{ARTICLE}<div class=relatedposts><p>You may also like this other story</p></div>"
        ));
        assert!(t.starts_with("This is the real article") && !t.contains("also like"));
    }

    #[test]
    fn responsive_classes_read_at_desktop_width() {
        for (class, hiding) in [
            ("hidden", Some(Hiding::Always)),
            ("d-none", Some(Hiding::Always)),
            ("hidden sm:block", None),
            ("d-none d-md-block", None),
            ("d-none d-lg-flex text-left", None),
            ("hidden md:block lg:hidden", Some(Hiding::AtDesktop)),
            ("accordion d-md-none", Some(Hiding::AtDesktop)),
            ("block lg:hidden", Some(Hiding::AtDesktop)),
            ("d-none d-2xl-block", Some(Hiding::Always)),
            ("d-flex", None),
            ("md:w-1/2 text-sm", None),
        ] {
            assert_eq!(hidden_by_class(class), hiding, "{class}");
        }
    }

    #[test]
    fn collapsed_disclosure_panels_are_kept() {
        let t = pruned_text(&format!(
            "{ARTICLE}<h2>Questions</h2>\
             <button aria-expanded='false'>How long does it take?</button>\
             <div class='text-sm hidden'><p>Two to three months for a first version.</p></div>\
             <div class='faq__item'><h3>Do you design too?</h3>\
             <div class='faq__answer' style='display:none'>Yes, design is part of it.</div></div>\
             <div role='tabpanel' hidden>curl -sSL example.sh</div>\
             <div hidden='until-found'>Found by searching the page.</div>\
             <div class='hidden'>Signed in as nobody.</div>\
             <p>Intro</p><div style='display:none'>Popup text</div>"
        ));
        for kept in [
            "Two to three months",
            "design is part of it",
            "curl -sSL",
            "Found by searching",
        ] {
            assert!(t.contains(kept), "{kept}: {t}");
        }
        assert!(!t.contains("Signed in") && !t.contains("Popup"), "{t}");
    }

    #[test]
    fn a_mobile_copy_stays_out_even_when_collapsible() {
        let t = pruned_text(&format!(
            "{ARTICLE}<div class='d-none d-md-block'><p>Desktop guide text.</p></div>\
             <div class='accordion d-md-none'><p>Mobile guide text.</p></div>"
        ));
        assert!(
            t.contains("Desktop guide") && !t.contains("Mobile guide"),
            "{t}"
        );
    }

    #[test]
    fn pagination_names_chrome_only_on_a_short_element() {
        let products =
            "<p>Trail running shoe, lightweight mesh upper, 8 mm drop, $120.</p>".repeat(5);
        let t = pruned_text(&format!(
            "{ARTICLE}<div class='filtering-and-pagination_container'>{products}</div>\
             <div class='pagination'><a href='?p=1'>1</a> <a href='?p=2'>2</a> Next</div>"
        ));
        assert!(t.contains("Trail running shoe"), "{t}");
        assert!(!t.contains("Next"), "{t}");
    }

    #[test]
    fn an_aside_naming_itself_a_post_around_the_headline_is_the_article() {
        let teasers = "<aside class='rgtBlock'><p>Top stories: one, two and three more teasers here.</p></aside>".repeat(8);
        let t = pruned_text(&format!(
            "<section><aside class='blogPost'><h1>Headline</h1><p>The post's own text.</p></aside>\
             <aside class='sidePost'><p>Another post, teased.</p></aside></section>{teasers}"
        ));
        assert!(t.contains("The post's own text"), "{t}");
        assert!(!t.contains("teased") && !t.contains("Top stories"), "{t}");
    }

    #[test]
    fn a_hidden_schema_block_is_no_landmark() {
        let t = pruned_text(&format!(
            "{ARTICLE}<div style='display:none' itemscope itemtype='https://schema.org/NewsArticle'>\
             <div itemprop='datePublished'>2019-11-19T08:57:40+01:00</div>\
             <div itemprop='articleBody'>A copy of the article for machines, long enough to be \
             the largest declared body on the page by a wide margin, and then some more words \
             so that it outweighs the visible article above it in every count.</div></div>"
        ));
        assert!(
            t.contains("real article") && !t.contains("2019-11-19"),
            "{t}"
        );
    }

    #[test]
    fn a_breaking_news_ticker_is_chrome_but_a_breaking_story_is_not() {
        let t = pruned_text(&format!(
            "<div class='breaking-news'><b>Breaking News</b><ul><li><a href=/a>Other headline</a> \
             <span>Its teaser, a sentence long.</span></li></ul></div>\
             <div class='story breaking'><h1>Storm hits the coast</h1>{ARTICLE}</div>"
        ));
        assert!(!t.contains("Other headline"), "{t}");
        assert!(
            t.contains("Storm hits") && t.contains("real article"),
            "{t}"
        );
    }

    #[test]
    fn drops_a_gallery_embedded_in_the_article() {
        // A gallery widget inside the body: fifty captions of other stories' pictures.
        let slide = "<li><h2>1/50 A picture</h2><p>Caption of a picture of another story.</p></li>";
        let t = pruned_text(&format!(
            "<article><p>This is the real article text, long enough to be the page's main \
             content by any measure, with several sentences of prose. It keeps going for a while \
             so that it dominates the page, as an article body does next to a gallery.</p><div class=\"widget-wrapper type-gallery\">\
             <h2 class=gallery-title>News in pictures</h2><ul>{}</ul></div>\
             <p>It keeps going after the gallery.</p></article>",
            slide.repeat(3)
        ));
        assert!(t.contains("going after") && !t.contains("Caption") && !t.contains("in pictures"));
    }
}
