//! The metadata stage: title, authors, dates, site name, language, canonical URL,
//! description, lead image, tags, page type and license.
//!
//! Two steps, because pruning destroys evidence:
//!
//! * [`declared`] runs on the whole, unpruned DOM right after parsing. It reads everything a
//!   page *declares* — JSON-LD blocks (lenient parser in [`jsonld`]), `<meta>` (Open Graph,
//!   Twitter, Dublin Core, Parse.ly, Sailthru, microdata `itemprop`), `<link>`/`<a>` `rel`
//!   values, `<title>`, `<html lang>` — and records the page-chrome candidates that pruning
//!   will remove: `h1`s, byline elements, `<time>` elements and short date-like texts, each
//!   with its node id.
//! * [`resolve`] runs after content selection and decides every field by a documented order
//!   of trust (the tables below), using the chosen article container to prefer the `h1`,
//!   byline and `<time>` that belong to the article over those of the page chrome.
//!
//! Rules that are data live in `const` tables with a one-line reason per entry. Nothing here
//! is keyed to a site. Dates never come from script text other than JSON-LD.

mod date;
mod jsonld;
mod provenance;
mod title;
mod url;

pub(crate) use provenance::{Candidates, candidates};

use title::{clean_heading, host_label, resolve_title, split_title};

use std::sync::LazyLock;

use crate::dom::{DOCUMENT, Dom, NONE, NodeData, NodeId};
use date::Date;
use jsonld::Value;

/// Caps on output strings (characters).
const MAX_TITLE: usize = 300;
const MAX_NAME: usize = 80;
const MAX_DESCRIPTION: usize = 1000;
const MAX_URL: usize = 2000;
const MAX_TAGS: usize = 50;
/// A byline element with more text than this is an author box, not a byline.
const MAX_BYLINE_TEXT: usize = 200;
/// JSON-LD blocks read per page.
const MAX_LD_BLOCKS: usize = 32;

// ------------------------------------------------------------------------------------------
// Tables: the order of trust, as data.
// ------------------------------------------------------------------------------------------

/// `<meta>` keys (name/property/itemprop, lower-cased) that declare the title, best first.
const TITLE_META: &[(&str, &str)] = &[
    (
        "dc:title",
        "Dublin Core as RDFa property: set deliberately where present (Readability's order)",
    ),
    (
        "dc.title",
        "Dublin Core title, used by publishers and repositories",
    ),
    ("dcterm:title", "Dublin Core terms, RDFa"),
    ("dcterms.title", "Dublin Core terms variant"),
    (
        "og:title",
        "Open Graph: the title the publisher wants shown when shared",
    ),
    ("twitter:title", "Twitter card: same intent as og:title"),
    ("citation_title", "Google Scholar tags on papers"),
    (
        "parsely-title",
        "Parse.ly analytics title, usually the clean headline",
    ),
    ("sailthru.title", "Sailthru newsletter title"),
    ("headline", "microdata itemprop=headline"),
];

/// `<meta>` keys naming the author, best first. Values that are URLs are skipped.
const AUTHOR_META: &[(&str, &str)] = &[
    (
        "dc:creator",
        "Dublin Core as RDFa property: deliberate where present (Readability's order)",
    ),
    ("dcterm:creator", "Dublin Core terms, RDFa"),
    ("author", "the HTML standard's author metadata name"),
    (
        "article:author",
        "Open Graph article author (often a profile URL: skipped then)",
    ),
    (
        "og:article:author",
        "non-standard prefixed form of article:author, written by some CMSs",
    ),
    ("dc.creator", "Dublin Core creator"),
    ("dcterms.creator", "Dublin Core terms creator"),
    (
        "citation_author",
        "Google Scholar author (one tag per author)",
    ),
    ("parsely-author", "Parse.ly analytics author"),
    ("sailthru.author", "Sailthru author"),
    ("byl", "New York Times style byline meta"),
];

/// `<meta>` keys declaring the publication date, best first.
const PUBLISHED_META: &[(&str, &str)] = &[
    (
        "article:published_time",
        "Open Graph article: the standard publication timestamp",
    ),
    ("article:published", "common misspelling of the above"),
    ("og:published_time", "non-standard Open Graph variant"),
    (
        "datepublished",
        "schema.org microdata (itemprop) or meta name",
    ),
    ("parsely-pub-date", "Parse.ly analytics publication date"),
    ("sailthru.date", "Sailthru publication date"),
    (
        "article.published",
        "custom analytics key used by news CMSs",
    ),
    ("published-date", "CMS meta name"),
    ("published_date", "CMS meta name"),
    ("publish-date", "CMS meta name"),
    ("publish_date", "CMS meta name"),
    ("publishdate", "CMS meta name"),
    ("pubdate", "CMS meta name"),
    ("publication_date", "CMS meta name"),
    ("date_published", "CMS meta name"),
    ("release_date", "CMS meta name"),
    (
        "citation_publication_date",
        "Google Scholar publication date",
    ),
    ("citation_online_date", "Google Scholar online date"),
    ("citation_date", "Google Scholar date"),
    ("dc.date.issued", "Dublin Core issued date"),
    ("dcterms.issued", "Dublin Core terms issued"),
    ("dc.date.created", "Dublin Core created"),
    ("dcterms.created", "Dublin Core terms created"),
    ("dc.date", "Dublin Core date (usually publication)"),
    ("dcterms.date", "Dublin Core terms date"),
    ("date", "generic meta name=date"),
    (
        "published-time",
        "CMS meta name (seen re-stamped on republishing: after the date names)",
    ),
    ("published_time", "CMS meta name"),
    ("datecreated", "schema.org dateCreated in microdata"),
];

/// `<meta>` keys declaring the last modification, best first.
const MODIFIED_META: &[(&str, &str)] = &[
    (
        "article:modified_time",
        "Open Graph article modification timestamp",
    ),
    ("og:updated_time", "Open Graph object update time"),
    (
        "datemodified",
        "schema.org microdata (itemprop) or meta name",
    ),
    ("article.updated", "custom analytics key used by news CMSs"),
    ("dcterms.modified", "Dublin Core terms modified"),
    ("dc.date.modified", "Dublin Core modified"),
    ("last-modified", "meta http-equiv/last-modified"),
    ("lastmod", "sitemap-style key"),
];

/// `<meta>` keys naming the site, best first.
const SITE_META: &[(&str, &str)] = &[
    ("og:site_name", "Open Graph site name: exactly this field"),
    (
        "application-name",
        "the HTML standard's web application name",
    ),
    (
        "apple-mobile-web-app-title",
        "home-screen name, usually the brand",
    ),
    (
        "twitter:app:name:iphone",
        "app store name of the publisher's app",
    ),
];

const DESCRIPTION_META: &[(&str, &str)] = &[
    ("description", "the HTML standard's page summary"),
    ("og:description", "Open Graph summary"),
    ("twitter:description", "Twitter card summary"),
    ("dc.description", "Dublin Core description"),
];

const IMAGE_META: &[(&str, &str)] = &[
    ("og:image", "Open Graph lead image"),
    ("og:image:url", "Open Graph structured variant"),
    ("og:image:secure_url", "Open Graph https variant"),
    ("twitter:image", "Twitter card image"),
    ("twitter:image:src", "older Twitter card key"),
    ("image", "microdata itemprop=image"),
    ("thumbnailurl", "microdata itemprop=thumbnailUrl"),
];

const TAG_META: &[(&str, &str)] = &[
    ("article:tag", "Open Graph article tags, one per meta"),
    ("article:section", "Open Graph article section (a category)"),
    ("parsely-tags", "Parse.ly tag list, comma-separated"),
];

/// Prefixes introducing an author's name in bylines, lower case, longest first so that
/// "written by" wins over "by". Each must be followed by whitespace or ':'.
const BYLINE_PREFIXES: &[(&str, &str)] = &[
    ("written by", "English"),
    ("posted by", "English, blogs and forums"),
    ("published by", "English"),
    ("reported by", "English, news"),
    ("words by", "English, magazines"),
    ("story by", "English, news"),
    ("text by", "English"),
    ("article by", "English"),
    ("review by", "English"),
    ("geschrieben von", "German"),
    ("ein beitrag von", "German"),
    ("von", "German"),
    (
        "autor",
        "German/Spanish/Portuguese/Polish, usually with ':'",
    ),
    ("autorin", "German, feminine"),
    ("author", "English label form 'Author: X'"),
    ("auteur", "French label"),
    ("par", "French"),
    ("por", "Spanish/Portuguese"),
    ("door", "Dutch"),
    ("di", "Italian"),
    ("da", "Italian (\"a cura di\" style bylines shortened)"),
    ("texto", "Spanish/Portuguese label"),
    ("text", "German label 'Text: X'"),
    ("av", "Swedish/Norwegian"),
    ("af", "Danish"),
    ("przez", "Polish"),
    ("by", "English"),
];

/// Job-title words: a byline is cut before the first of them ("Jane Roe, Senior Editor").
const ROLE_WORDS: &[(&str, &str)] = &[
    ("founder", "English"),
    ("co-founder", "English"),
    ("editor", "English"),
    ("editor-in-chief", "English"),
    ("senior", "English"),
    ("chief", "English"),
    ("coordinator", "English"),
    ("manager", "English"),
    ("director", "English"),
    ("reporter", "English"),
    ("correspondent", "English"),
    ("contributor", "English"),
    ("columnist", "English"),
    ("ceo", "English"),
    ("coo", "English"),
    ("cto", "English"),
    ("specialist", "English"),
    ("strategist", "English"),
    ("journalist", "English"),
    ("redakteur", "German"),
    ("redakteurin", "German"),
];

/// Words joining several authors in one byline.
const AUTHOR_JOINERS: &[(&str, &str)] = &[
    (" and ", "English"),
    (" & ", "any language"),
    (" und ", "German"),
    (" et ", "French"),
    (" y ", "Spanish"),
    (" e ", "Italian/Portuguese"),
    (" en ", "Dutch"),
    (" och ", "Swedish"),
    (" og ", "Danish/Norwegian"),
    (" i ", "Polish/Catalan"),
    ("; ", "list separator"),
    (" | ", "list separator in bylines"),
];

/// Class/id substrings marking an element as (part of) a byline, with a strength (lower is
/// more specific). Checked on the lower-cased class and id.
const BYLINE_CUES: &[(&str, u8, &str)] = &[
    ("author-name", 1, "the name itself"),
    ("author_name", 1, "the name itself"),
    ("authorname", 1, "the name itself"),
    ("author__name", 1, "BEM naming of the name itself"),
    ("byline-name", 1, "the name inside a byline"),
    ("byline__name", 1, "BEM naming of the name inside a byline"),
    ("byline-author", 1, "the author inside a byline"),
    ("byline__author", 1, "BEM naming"),
    ("p-author", 2, "microformats2 author"),
    ("byline", 2, "the byline line ('By X, date')"),
    ("by-line", 2, "hyphenated byline"),
    ("writtenby", 2, "Readability's cue"),
    ("written-by", 2, "hyphenated"),
    (
        "author",
        3,
        "generic: author link/block (excluded words below)",
    ),
    ("writer", 3, "generic"),
    ("creator", 4, "generic"),
];

/// Class/id substrings that disqualify an author-cued element: boxes about the author,
/// their picture or links, and comment authors.
const BYLINE_EXCLUDE: &[(&str, &str)] = &[
    ("bio", "author biography box"),
    ("avatar", "author picture"),
    ("image", "author picture"),
    ("img", "author picture"),
    ("photo", "author picture"),
    ("thumb", "author picture"),
    ("desc", "author description"),
    ("about", "about-the-author box"),
    ("social", "author's social links"),
    ("follow", "follow-the-author button"),
    ("more", "more-by-author lists"),
    ("posts", "posts-by-author lists"),
    ("comment", "comment authors"),
    ("title", "author's job title"),
    ("role", "author's job title"),
    ("label", "the word 'Author' itself"),
    ("box", "author box (bio, links)"),
    ("card", "author card (bio, links)"),
    ("wrapper", "container of several bylines and widgets"),
    ("container", "container of several bylines and widgets"),
];

/// Class/id substrings marking an element that shows a publication date as text.
const DATE_CUES: &[(&str, u8, &str)] = &[
    ("publish", 1, "published date"),
    ("pubdate", 1, "published date"),
    ("posted", 1, "posted-on date"),
    ("entry-date", 1, "WordPress entry date"),
    ("post-date", 1, "blog post date"),
    ("article-date", 1, "article date"),
    ("date", 2, "generic date"),
    ("dateline", 2, "news dateline"),
    ("timestamp", 2, "timestamp"),
    ("byline", 3, "bylines often carry the date"),
    ("meta", 4, "post meta line (author, date)"),
    ("time", 4, "generic time"),
];

/// Class/id substrings marking a date that is not the publication date.
const DATE_EXCLUDE: &[(&str, &str)] = &[
    ("update", "modification date"),
    ("modif", "modification date"),
    ("comment", "comment dates"),
    ("event", "event dates"),
    ("expir", "expiry dates"),
    ("copyright", "copyright year line"),
];

/// JSON-LD `@type`s by how well they describe the page's main content.
const LD_TYPE_RANK: &[(&str, u8, &str)] = &[
    ("Article", 4, "the schema.org article family"),
    ("NewsArticle", 4, "news"),
    ("BlogPosting", 4, "blogs"),
    ("Report", 4, "reports"),
    ("ScholarlyArticle", 4, "papers"),
    ("TechArticle", 4, "documentation articles"),
    ("OpinionNewsArticle", 4, "news"),
    ("ReportageNewsArticle", 4, "news"),
    ("AnalysisNewsArticle", 4, "news"),
    ("ReviewNewsArticle", 4, "news"),
    ("BackgroundNewsArticle", 4, "news"),
    ("SatiricalArticle", 4, "news"),
    ("AdvertiserContentArticle", 4, "sponsored articles"),
    ("LiveBlogPosting", 4, "live blogs"),
    ("SocialMediaPosting", 4, "posts"),
    ("DiscussionForumPosting", 4, "forum threads"),
    ("MedicalScholarlyArticle", 4, "papers"),
    ("APIReference", 4, "documentation"),
    ("Recipe", 3, "recipe pages: the recipe is the content"),
    ("HowTo", 3, "how-to pages"),
    ("Review", 3, "review pages"),
    ("VideoObject", 2, "video pages"),
    ("Product", 2, "product pages"),
    ("Event", 2, "event pages"),
    ("Course", 2, "course pages"),
    ("Book", 2, "book pages"),
    ("SoftwareApplication", 2, "app pages"),
    (
        "WebPage",
        1,
        "the page itself: dates and names are still useful",
    ),
    ("ItemPage", 1, "page"),
    ("AboutPage", 1, "page"),
    ("FAQPage", 1, "page"),
    ("QAPage", 1, "page"),
    ("CollectionPage", 1, "page"),
    ("ProfilePage", 1, "page"),
    ("ContactPage", 1, "page"),
    ("MedicalWebPage", 1, "page"),
    ("SearchResultsPage", 1, "page"),
];

// ------------------------------------------------------------------------------------------
// Declared facts.
// ------------------------------------------------------------------------------------------

/// Everything the page declares, read before pruning.
pub(crate) struct Declared {
    page_url: Option<String>,
    /// Base for relative URLs: `<base href>` resolved against the page URL, or the page URL.
    base: Option<String>,
    /// `<meta>` (key lower-cased, content whitespace-collapsed), document order.
    metas: Vec<(String, String)>,
    ld: Ld,
    title_tag: Option<String>,
    html_lang: Option<String>,
    canonical: Option<String>,
    license: Option<String>,
    image_link: Option<String>,
    rel_authors: Vec<(NodeId, String)>,
    rel_tags: Vec<String>,
    headings: Vec<Heading>,
    bylines: Vec<Byline>,
    times: Vec<TimeCand>,
    date_texts: Vec<DateText>,
}

struct Heading {
    node: NodeId,
    level: u8,
    text: String,
}

struct Byline {
    node: NodeId,
    strength: u8,
    text: String,
}

struct TimeCand {
    node: NodeId,
    date: Date,
    /// `pubdate` attribute or `itemprop=datePublished` or a "published" class.
    published: bool,
    /// `itemprop=dateModified` or an "updated"/"modified" class.
    modified: bool,
}

struct DateText {
    node: NodeId,
    strength: u8,
    date: Date,
    /// The text says the date is an update ("Updated", "aktualisiert", "mis à jour").
    updated: bool,
}

/// Words marking a printed date as a modification date.
const UPDATE_WORDS: &[(&str, &str)] = &[
    ("updat", "English"),
    ("modif", "English/French/Spanish"),
    ("revised", "English"),
    ("aktualisiert", "German"),
    ("geändert", "German"),
    ("mis à jour", "French"),
    ("actualizado", "Spanish/Portuguese"),
    ("atualizado", "Portuguese"),
    ("aggiornato", "Italian"),
    ("bijgewerkt", "Dutch"),
];

fn says_updated(text: &str) -> bool {
    let l = text.to_lowercase();
    UPDATE_WORDS.iter().any(|(w, _)| l.contains(w))
}

/// Facts from JSON-LD.
#[derive(Default)]
struct Ld {
    main_type: Option<String>,
    main_rank: u8,
    headline: Option<String>,
    name: Option<String>,
    authors: Vec<String>,
    published: Option<Date>,
    modified: Option<Date>,
    publisher: Option<String>,
    website: Option<String>,
    description: Option<String>,
    image: Option<String>,
    keywords: Vec<String>,
    license: Option<String>,
    url: Option<String>,
}

/// The resolved metadata.
#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub(crate) title: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) date: Option<String>,
    pub(crate) date_modified: Option<String>,
    pub(crate) site_name: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) image: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) page_type: Option<String>,
    pub(crate) license: Option<String>,
}

fn attr<'a>(dom: &'a Dom, id: NodeId, name: &str) -> Option<&'a str> {
    dom.element(id)?
        .attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

fn tag(dom: &Dom, id: NodeId) -> Option<&str> {
    dom.element(id).map(|e| &*e.name.local)
}

fn has_token(list: &str, token: &str) -> bool {
    list.split_ascii_whitespace()
        .any(|t| t.eq_ignore_ascii_case(token))
}

/// Collapses whitespace (including NBSP and zero-width characters), trims, caps the length.
///
/// Printable ASCII is copied a run at a time, single spaces between words included
/// (character by character, this was a sixth of metadata reading; word by word, a run of
/// words still cost a copy each); every other character goes through [`clean_char`].
fn clean(s: &str, cap: usize) -> String {
    let mut out = String::with_capacity(s.len().min(cap * 4));
    let mut space = false;
    let mut n = 0;
    let b = s.as_bytes();
    let printable = |i: usize| b.get(i).is_some_and(|c| (0x21..0x7f).contains(c));
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while printable(i) || (b.get(i) == Some(&b' ') && i > start && printable(i + 1)) {
            i += 1;
        }
        if i > start {
            if !open_word(&mut out, &mut space, &mut n, cap) {
                break;
            }
            let run = i - start;
            let mut take = run.min(cap - n);
            // Cut at a space, the word by word copy wrote that space before it stopped.
            if take < run && b.get(start + take) == Some(&b' ') {
                take += 1;
            }
            // ASCII bytes: the cut is on a character boundary.
            out.push_str(s.get(start..start + take).unwrap_or_default());
            n += take;
            if take < run {
                break;
            }
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if !clean_char(c, &mut out, &mut space, &mut n, cap) {
            break;
        }
    }
    out
}

/// One step of [`clean`] for a character outside the printable ASCII runs; `false` when the
/// cap is reached.
fn clean_char(c: char, out: &mut String, space: &mut bool, n: &mut usize, cap: usize) -> bool {
    if c.is_whitespace() || c == '\u{a0}' {
        *space = true;
        return true;
    }
    if matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
    ) || c.is_control()
    {
        return true;
    }
    if !open_word(out, space, n, cap) {
        return false;
    }
    out.push(c);
    *n += 1;
    true
}

/// Before visible text in [`clean`]: writes the pending separator; `false` when the cap is
/// reached.
fn open_word(out: &mut String, space: &mut bool, n: &mut usize, cap: usize) -> bool {
    if *space && !out.is_empty() {
        out.push(' ');
        *n += 1;
    }
    *space = false;
    *n < cap
}

/// The character-by-character [`clean`], which the run-copying one must agree with.
#[cfg(test)]
fn clean_reference(s: &str, cap: usize) -> String {
    let mut out = String::with_capacity(s.len().min(cap * 4));
    let mut space = false;
    let mut n = 0;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            space = true;
            continue;
        }
        if matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
        ) || c.is_control()
        {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
            n += 1;
        }
        space = false;
        if n >= cap {
            break;
        }
        out.push(c);
        n += 1;
    }
    out
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Elements whose text is never visible content.
fn invisible(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "svg" | "button" | "select"
    )
}

/// Elements whose boundaries separate words.
fn separates_words(name: &str) -> bool {
    matches!(
        name,
        "br" | "p"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "td"
            | "th"
            | "tr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "time"
            | "dd"
            | "dt"
            | "figcaption"
            | "span"
    )
}

/// Visible text of a subtree, words separated at block boundaries, at most ~`cap` bytes.
fn visible_text(dom: &Dom, root: NodeId, cap: usize) -> String {
    visible_text_without(dom, root, cap, |_| false)
}

/// [`visible_text`] leaving out the subtrees `skip` picks.
fn visible_text_without(
    dom: &Dom,
    root: NodeId,
    cap: usize,
    skip: impl Fn(NodeId) -> bool,
) -> String {
    let mut out = String::new();
    let mut id = root;
    while id != NONE {
        let n = dom.node(id);
        match &n.data {
            NodeData::Element(e) if id != root && (invisible(&e.name.local) || skip(id)) => {
                id = dom.next_skipping_children(root, id);
                continue;
            }
            NodeData::Element(e) if separates_words(&e.name.local) => out.push(' '),
            NodeData::Text(t) => out.push_str(t),
            _ => {}
        }
        if out.len() > cap {
            break;
        }
        id = if n.first_child != NONE {
            n.first_child
        } else {
            dom.next_skipping_children(root, id)
        };
    }
    out
}

fn is_inside(dom: &Dom, node: NodeId, root: NodeId) -> bool {
    node == root || dom.ancestors(node).any(|a| a == root)
}

/// Runs on the whole, unpruned DOM right after parsing (scripts and `<head>` are still there).
pub(crate) fn declared(dom: &Dom, url: Option<&str>) -> Declared {
    let page_url = url
        .map(str::trim)
        .filter(|u| url::is_absolute(u))
        .map(str::to_string);
    let mut d = Declared {
        base: page_url.clone(),
        page_url,
        metas: Vec::new(),
        ld: Ld::default(),
        title_tag: None,
        html_lang: None,
        canonical: None,
        license: None,
        image_link: None,
        rel_authors: Vec::new(),
        rel_tags: Vec::new(),
        headings: Vec::new(),
        bylines: Vec::new(),
        times: Vec::new(),
        date_texts: Vec::new(),
    };
    let mut ld_blocks: Vec<Value> = Vec::new();
    let mut base_seen = false;

    let mut id = DOCUMENT;
    while id != NONE {
        let node = dom.node(id);
        let mut skip_children = false;
        if let NodeData::Element(e) = &node.data {
            let name: &str = &e.name.local;
            let html_ns = e.name.ns == html5ever::ns!(html);
            match name {
                "html" if d.html_lang.is_none() => {
                    d.html_lang = attr(dom, id, "lang")
                        .or_else(|| attr(dom, id, "xml:lang"))
                        .map(|l| clean(l, 40))
                        .and_then(non_empty);
                }
                "title" if html_ns && d.title_tag.is_none() => {
                    d.title_tag = non_empty(clean(&dom.text_content(id), MAX_TITLE * 2));
                }
                "base" if !base_seen => {
                    if let Some(href) = attr(dom, id, "href") {
                        base_seen = true;
                        if let Some(b) = url::resolve(d.page_url.as_deref(), href) {
                            d.base = Some(b);
                        }
                    }
                }
                "meta" => {
                    let content = attr(dom, id, "content").or_else(|| attr(dom, id, "value"));
                    if let Some(content) = content {
                        let content = clean(content, MAX_DESCRIPTION * 2);
                        if !content.is_empty() {
                            for key in ["name", "property", "itemprop", "http-equiv"] {
                                if let Some(k) = attr(dom, id, key) {
                                    // `property` may hold several space-separated values.
                                    for k in k.split_ascii_whitespace() {
                                        d.metas.push((k.to_ascii_lowercase(), content.clone()));
                                    }
                                }
                            }
                        }
                    }
                }
                "link" => {
                    let rel = attr(dom, id, "rel").unwrap_or("");
                    if let Some(href) = attr(dom, id, "href")
                        .map(str::trim)
                        .filter(|h| !h.is_empty())
                    {
                        if has_token(rel, "canonical") && d.canonical.is_none() {
                            d.canonical = Some(href.to_string());
                        }
                        if has_token(rel, "license") && d.license.is_none() {
                            d.license = Some(href.to_string());
                        }
                        if has_token(rel, "image_src") && d.image_link.is_none() {
                            d.image_link = Some(href.to_string());
                        }
                    }
                }
                "script" => {
                    skip_children = true;
                    let ty = attr(dom, id, "type")
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase();
                    if ty.starts_with("application/ld+json") && ld_blocks.len() < MAX_LD_BLOCKS {
                        let text = dom.text_content(id);
                        if let Some(v) = jsonld::parse(&text) {
                            ld_blocks.push(v);
                        }
                    }
                }
                "style" | "noscript" | "template" | "svg" => skip_children = true,
                "h1" | "h2" => {
                    let text = clean(&visible_text(dom, id, 2000), MAX_TITLE * 2);
                    if !text.is_empty() {
                        let level = if name == "h1" { 1 } else { 2 };
                        d.headings.push(Heading {
                            node: id,
                            level,
                            text,
                        });
                    }
                }
                "time" => {
                    let dt = attr(dom, id, "datetime").map(str::to_string);
                    let parsed = match dt {
                        Some(dt) => date::parse_machine(&dt),
                        None => date::parse_text(&clean(&visible_text(dom, id, 400), 200)),
                    };
                    if let Some(date) = parsed {
                        let ip = attr(dom, id, "itemprop").unwrap_or("").to_ascii_lowercase();
                        let cls = class_id(dom, id);
                        let modified = ip.contains("datemodified")
                            || cls.contains("updated")
                            || cls.contains("modified");
                        let published = !modified
                            && (attr(dom, id, "pubdate").is_some()
                                || ip.contains("datepublished")
                                || cls.contains("publish")
                                || cls.contains("posted"));
                        d.times.push(TimeCand {
                            node: id,
                            date,
                            published,
                            modified,
                        });
                    }
                }
                _ => {}
            }
            if name == "a" || name == "link" {
                let rel = attr(dom, id, "rel").unwrap_or("");
                if name == "a" && has_token(rel, "author") {
                    let text = clean(&visible_text(dom, id, 400), 200);
                    if !text.is_empty() {
                        d.rel_authors.push((id, text));
                    }
                }
                if name == "a" && has_token(rel, "tag") {
                    let text = clean(&visible_text(dom, id, 400), 100);
                    if !text.is_empty() {
                        d.rel_tags.push(text);
                    }
                }
                if name == "a" && has_token(rel, "license") && d.license.is_none() {
                    d.license = attr(dom, id, "href")
                        .map(|h| h.trim().to_string())
                        .filter(|h| !h.is_empty());
                }
            }
            if !skip_children
                && !matches!(name, "html" | "head" | "body" | "meta" | "link" | "title")
            {
                collect_byline_and_date(dom, id, name, &mut d);
            }
        }
        id = if !skip_children && node.first_child != NONE {
            node.first_child
        } else {
            dom.next_skipping_children(DOCUMENT, id)
        };
    }
    d.ld = read_ld(&ld_blocks);
    collect_dates_near_headings(dom, &mut d);
    d
}

/// Short texts that are dates, just before or after each `h1` (many pages print the date in
/// an unmarked `<p>` or `<span>` beside the headline). Node ids follow document order, so a
/// window of ids around the heading is the neighbourhood; the strength records the distance.
fn collect_dates_near_headings(dom: &Dom, d: &mut Declared) {
    const AFTER: u32 = 250;
    const BEFORE: u32 = 120;
    let h1s: Vec<NodeId> = d
        .headings
        .iter()
        .filter(|h| h.level == 1)
        .map(|h| h.node)
        .take(3)
        .collect();
    for h in h1s {
        let lo = h.saturating_sub(BEFORE);
        let hi = h
            .saturating_add(AFTER)
            .min(u32::try_from(dom.nodes.len()).unwrap_or(u32::MAX));
        for id in lo..hi {
            let NodeData::Text(t) = &dom.node(id).data else {
                continue;
            };
            // Whitespace alone cleans to nothing, which has no byline prefix.
            if id > h
                && t.len() <= 200
                && d.bylines.len() < 200
                && !t.trim().is_empty()
                && may_lead_byline(t)
            {
                // An unmarked "By <a>Name</a>" line under the headline.
                let text = clean(t, 200);
                let parent = dom.node(id).parent;
                let visible = parent != NONE && !tag(dom, parent).is_some_and(invisible);
                let name_like = |n: &str| {
                    word_count(n) <= 4
                        && n.split_whitespace()
                            .all(|w| w.starts_with(|c: char| c.is_uppercase()))
                };
                let lead = byline_lead(&text);
                if let (true, Some(rest)) = (visible, lead.filter(|r| r.is_empty() || name_like(r)))
                {
                    let name = if rest.is_empty() {
                        // The name is the next sibling, or the parent's when the prefix is
                        // alone in its element ("<small>Written by</small><p>Name</p>").
                        let mut next = dom.node(id).next;
                        if next == NONE && parent != NONE {
                            next = dom.node(parent).next;
                        }
                        let mut name = String::new();
                        // Whitespace between the elements is skipped.
                        for _ in 0..3 {
                            if next == NONE {
                                break;
                            }
                            name = clean(&visible_text(dom, next, 300), 150);
                            if !name.is_empty() {
                                break;
                            }
                            next = dom.node(next).next;
                        }
                        name
                    } else {
                        rest.to_string()
                    };
                    if !name.is_empty()
                        && name_like(&name)
                        && !d.bylines.iter().any(|b| b.node == parent)
                    {
                        d.bylines.push(Byline {
                            node: parent,
                            strength: 4,
                            text: name,
                        });
                    }
                }
            }
            if t.len() > 300 || !t.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let parent = dom.node(id).parent;
            if parent == NONE || tag(dom, parent).is_some_and(invisible) {
                continue;
            }
            let text = clean(t, 200);
            if text.chars().count() > 80 {
                continue;
            }
            if let Some(date) = date::parse_text(&text) {
                let dist = if id > h { id - h } else { (h - id) * 2 };
                let strength = 5 + u8::try_from(dist / 50).unwrap_or(9).min(9);
                if d.date_texts.len() < 100 && !d.date_texts.iter().any(|x| x.node == parent) {
                    // The label ("Updated") is often a sibling: read the grandparent when short.
                    let gp = dom.node(parent).parent;
                    let label = if gp != NONE {
                        clean(&visible_text(dom, gp, 300), 100)
                    } else {
                        String::new()
                    };
                    let updated = says_updated(&text)
                        || (label.chars().count() <= 60 && says_updated(&label));
                    d.date_texts.push(DateText {
                        node: parent,
                        strength,
                        date,
                        updated,
                    });
                }
            }
        }
    }
}

/// The lower-cased class and id of an element, space-joined.
fn class_id(dom: &Dom, id: NodeId) -> String {
    let mut s = String::new();
    if let Some(c) = attr(dom, id, "class") {
        s.push_str(c);
    }
    if let Some(i) = attr(dom, id, "id") {
        s.push(' ');
        s.push_str(i);
    }
    s.to_ascii_lowercase()
}

/// Words in an ancestor's class or id that put an element in a comment thread or in a list of
/// other articles.
const COMMENT_AREAS: &[(&str, &str)] = &[
    ("comment", "comment threads"),
    ("related", "related-articles lists"),
    ("recommend", "recommended-articles lists"),
];

fn inside_comments(dom: &Dom, id: NodeId) -> bool {
    // Each value is searched as it stands: lower-casing a joined copy of class and id for each
    // of up to 40 ancestors was most of this check's cost (the words hold no space, so none
    // can straddle the two values).
    dom.ancestors(id).take(40).any(|a| {
        let attrs = cue_attrs(dom, a);
        [attrs.class, attrs.id]
            .into_iter()
            .flatten()
            .any(names_comment_area)
    })
}

/// Whether `value` holds a [`COMMENT_AREAS`] word, ignoring ASCII case. One pass compares the
/// words only where one's first letter is: a search per word over every ancestor's class and
/// id was most of the cost of [`inside_comments`].
fn names_comment_area(value: &str) -> bool {
    let b = value.as_bytes();
    (0..b.len()).any(|i| {
        let c = b[i].to_ascii_lowercase();
        COMMENT_AREAS.iter().any(|(w, _)| {
            let w = w.as_bytes();
            w.first() == Some(&c)
                && b.get(i..i + w.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(w))
        })
    })
}

/// The byline and date cues of [`BYLINE_CUES`] and [`DATE_CUES`] in one automaton: a
/// dense Aho-Corasick DFA over the cues' bytes, ASCII case folded.
///
/// This check runs on every element of every page. The `aho-corasick` crate's search (a plain
/// match first, then an overlapping one on a hit) cost ~500 instructions per value on class
/// and id values averaging 28 bytes, a fifth of metadata reading; one table step per byte
/// here, with each state carrying the strongest cues that end at it, gives the same strengths
/// as every overlapping match would, in one pass and without per-search setup.
struct CueMatcher {
    /// Per byte: its class, 0 for a byte no cue holds (upper case folded to lower).
    class: [u8; 256],
    /// Per state and byte class: the next state. State 0 is the start; the states from
    /// `first_cue` on are those where a cue ends, so most steps test no strengths at all.
    next: Box<[[u8; CUE_CLASSES]; 256]>,
    first_cue: u8,
    /// Per state: the strongest byline cue and date cue ending there ([`NO_CUE`] if none),
    /// over the state's own cue and every cue it ends with.
    strengths: Box<[(u8, u8); 256]>,
}

/// Byte classes of [`CueMatcher`]: the cues use 20 distinct bytes.
const CUE_CLASSES: usize = 32;
/// No cue ends at a state; above every strength.
const NO_CUE: u8 = u8::MAX;

impl CueMatcher {
    /// `None` if the cues outgrow the table sizes (they are constants; a unit test builds
    /// them).
    fn build(cues: &[(&str, Option<u8>, Option<u8>)]) -> Option<CueMatcher> {
        let mut class = [0u8; 256];
        let mut classes = 1usize;
        for (cue, _, _) in cues {
            for b in cue.bytes() {
                let b = b.to_ascii_lowercase();
                if class[usize::from(b)] == 0 {
                    if classes >= CUE_CLASSES {
                        return None;
                    }
                    let c = u8::try_from(classes).ok()?;
                    class[usize::from(b)] = c;
                    class[usize::from(b.to_ascii_uppercase())] = c;
                    classes += 1;
                }
            }
        }
        // The trie of the cues; a missing edge is 0 (the start state is nobody's child).
        let mut next: Vec<[usize; CUE_CLASSES]> = vec![[0; CUE_CLASSES]];
        let mut strengths = vec![(NO_CUE, NO_CUE)];
        for &(cue, byline, date) in cues {
            let mut s = 0usize;
            for b in cue.bytes() {
                let c = usize::from(class[usize::from(b)]);
                if next[s][c] == 0 {
                    next.push([0; CUE_CLASSES]);
                    strengths.push((NO_CUE, NO_CUE));
                    next[s][c] = next.len() - 1;
                }
                s = next[s][c];
            }
            let own = &mut strengths[s];
            own.0 = own.0.min(byline.unwrap_or(NO_CUE));
            own.1 = own.1.min(date.unwrap_or(NO_CUE));
        }
        // Breadth first, each state's failure (its longest proper suffix in the trie) is done
        // before the state: missing edges take the failure's, strengths merge the failure's.
        let mut fail = vec![0usize; next.len()];
        let mut queue: std::collections::VecDeque<usize> =
            next[0].iter().copied().filter(|&t| t != 0).collect();
        while let Some(s) = queue.pop_front() {
            let f = fail[s];
            let (fb, fd) = strengths[f];
            let own = &mut strengths[s];
            *own = (own.0.min(fb), own.1.min(fd));
            // A failure is a shorter state, never `s` itself.
            let frow = next[f];
            for (t, &ft) in next[s].iter_mut().zip(&frow) {
                if *t == 0 {
                    *t = ft;
                } else {
                    fail[*t] = ft;
                    queue.push_back(*t);
                }
            }
        }
        // Renumbered: the states without a cue first (the start among them), then the others.
        let has_cue = |s: usize| strengths[s] != (NO_CUE, NO_CUE);
        let order: Vec<usize> = (0..next.len())
            .filter(|&s| !has_cue(s))
            .chain((0..next.len()).filter(|&s| has_cue(s)))
            .collect();
        if order.len() > 256 || order.first() != Some(&0) {
            return None;
        }
        let mut new_id = vec![0u8; next.len()];
        for (i, &s) in order.iter().enumerate() {
            new_id[s] = u8::try_from(i).ok()?;
        }
        let mut table = Box::new([[0u8; CUE_CLASSES]; 256]);
        let mut cue_strengths = Box::new([(NO_CUE, NO_CUE); 256]);
        for (s, row) in next.iter().enumerate() {
            let id = usize::from(new_id[s]);
            for (c, &t) in row.iter().enumerate() {
                table[id][c] = new_id[t];
            }
            cue_strengths[id] = strengths[s];
        }
        let first_cue = u8::try_from((0..next.len()).filter(|&s| !has_cue(s)).count()).ok()?;
        Some(CueMatcher {
            class,
            next: table,
            first_cue,
            strengths: cue_strengths,
        })
    }

    /// The strongest byline cue and date cue in `value` (lowest number), [`NO_CUE`] if none.
    fn scan(&self, value: &str) -> (u8, u8) {
        let (mut byline, mut date) = (NO_CUE, NO_CUE);
        let mut s = 0u8;
        for &b in value.as_bytes() {
            let c = usize::from(self.class[usize::from(b)]) % CUE_CLASSES;
            s = self.next[usize::from(s)][c];
            if s >= self.first_cue {
                let (sb, sd) = self.strengths[usize::from(s)];
                byline = byline.min(sb);
                date = date.min(sd);
            }
        }
        (byline, date)
    }
}

/// Every cue once, with its strength as a byline cue and as a date cue (the stronger one when
/// a table repeats it).
fn cue_table() -> Vec<(&'static str, Option<u8>, Option<u8>)> {
    let mut cues: Vec<(&'static str, Option<u8>, Option<u8>)> = Vec::new();
    let mut slot = |p: &'static str| match cues.iter().position(|&(q, _, _)| q == p) {
        Some(i) => i,
        None => {
            cues.push((p, None, None));
            cues.len() - 1
        }
    };
    let byline: Vec<(usize, u8)> = BYLINE_CUES.iter().map(|&(c, s, _)| (slot(c), s)).collect();
    let dates: Vec<(usize, u8)> = DATE_CUES.iter().map(|&(c, s, _)| (slot(c), s)).collect();
    for (i, s) in byline {
        cues[i].1 = Some(cues[i].1.map_or(s, |t| t.min(s)));
    }
    for (i, s) in dates {
        cues[i].2 = Some(cues[i].2.map_or(s, |t| t.min(s)));
    }
    cues
}

static CUE_MATCHER: LazyLock<Option<CueMatcher>> =
    LazyLock::new(|| CueMatcher::build(&cue_table()));

/// The attributes every element is checked for, read in one pass over its attribute list:
/// four [`attr`] lookups per element, each comparing names as strings, were a tenth of
/// metadata reading. The first attribute of each name counts, as with [`attr`].
#[derive(Default)]
struct CueAttrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    itemprop: Option<&'a str>,
    rel: Option<&'a str>,
}

fn cue_attrs(dom: &Dom, id: NodeId) -> CueAttrs<'_> {
    let mut c = CueAttrs::default();
    let Some(e) = dom.element(id) else {
        return c;
    };
    for a in &e.attrs {
        let slot = match a.name.local {
            html5ever::local_name!("class") => &mut c.class,
            html5ever::local_name!("id") => &mut c.id,
            html5ever::local_name!("itemprop") => &mut c.itemprop,
            html5ever::local_name!("rel") => &mut c.rel,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(&*a.value);
        }
    }
    c
}

/// The strongest byline cue and date cue in an element's class and id, if any.
fn cue_strengths(attrs: &CueAttrs<'_>) -> (Option<u8>, Option<u8>) {
    let Some(m) = &*CUE_MATCHER else {
        return (None, None);
    };
    let (mut byline, mut date) = (NO_CUE, NO_CUE);
    for value in [attrs.class, attrs.id].into_iter().flatten() {
        let (b, d) = m.scan(value);
        byline = byline.min(b);
        date = date.min(d);
    }
    let some = |s: u8| (s != NO_CUE).then_some(s);
    (some(byline), some(date))
}

fn collect_byline_and_date(dom: &Dom, id: NodeId, name: &str, d: &mut Declared) {
    let attrs = cue_attrs(dom, id);
    let (byline_cue, date_cue) = cue_strengths(&attrs);
    // Exclusions are checked only on the few elements with a cue.
    let ci = if byline_cue.is_some() || date_cue.is_some() {
        class_id(dom, id)
    } else {
        String::new()
    };
    let itemprop = attrs.itemprop.unwrap_or("").to_ascii_lowercase();
    let rel = attrs.rel.unwrap_or("");

    // Byline candidates.
    let strength = if has_token(&itemprop, "author") || has_token(&itemprop, "creator") {
        Some(1)
    } else if has_token(rel, "author") {
        Some(2)
    } else {
        byline_cue.filter(|_| !BYLINE_EXCLUDE.iter().any(|(x, _)| ci.contains(x)))
    };
    if let Some(strength) = strength {
        if d.bylines.len() < 200 && !inside_comments(dom, id) {
            // Prefer a nested itemprop=name (schema.org Person inside the byline).
            let name_node = dom.descendants(id).take(200).find(|&n| {
                n != id && attr(dom, n, "itemprop").is_some_and(|p| has_token(p, "name"))
            });
            let src = name_node.unwrap_or(id);
            let text = match (name, attr(dom, src, "content")) {
                ("meta", _) | (_, None) => clean(
                    &visible_text_without(dom, src, 1000, |n| taxonomy_link(dom, n)),
                    400,
                ),
                (_, Some(c)) => clean(c, 400),
            };
            let text = if text.is_empty() {
                attr(dom, id, "content")
                    .map(|c| clean(c, 400))
                    .unwrap_or_default()
            } else {
                text
            };
            if !text.is_empty() && text.chars().count() <= MAX_BYLINE_TEXT {
                d.bylines.push(Byline {
                    node: id,
                    strength,
                    text,
                });
            }
        }
    }

    // Microdata dates on ordinary elements.
    // Most elements have no itemprop: two substring searches of nothing each were measurable.
    if !itemprop.is_empty()
        && (itemprop.contains("datepublished") || itemprop.contains("datemodified"))
    {
        let raw = attr(dom, id, "content")
            .or_else(|| attr(dom, id, "datetime"))
            .map(str::to_string)
            .unwrap_or_else(|| clean(&visible_text(dom, id, 400), 200));
        let key = if itemprop.contains("datepublished") {
            "datepublished"
        } else {
            "datemodified"
        };
        if name != "time" && !raw.is_empty() {
            d.metas.push((key.to_string(), raw));
        }
    }

    // Date written as text in a date-cued element.
    if name != "time" && d.date_texts.len() < 100 {
        if let Some(strength) = date_cue {
            if !DATE_EXCLUDE.iter().any(|(x, _)| ci.contains(x)) {
                let text = clean(&visible_text(dom, id, 600), 300);
                if text.chars().count() <= 150 {
                    if let Some(date) = date::parse_text(&text) {
                        if !inside_comments(dom, id) {
                            let updated = says_updated(&text);
                            d.date_texts.push(DateText {
                                node: id,
                                strength,
                                date,
                                updated,
                            });
                        }
                    }
                }
            }
        }
    }
}

/// Path segments of links to a listing of posts by topic, not by person.
const TAXONOMY_SEGMENTS: &[(&str, &str)] = &[
    ("tag", "WordPress, HubSpot, Ghost tag archives"),
    ("tags", "plural form used by many CMSs"),
    ("category", "WordPress category archives"),
    ("categories", "plural form"),
    ("topic", "topic hubs of news sites"),
    ("topics", "plural form"),
];

/// A link to a tag or category page (`rel=tag`, or a taxonomy segment in its path): bylines
/// often print the post's topic beside the author, and a topic is not a name.
fn taxonomy_link(dom: &Dom, id: NodeId) -> bool {
    if tag(dom, id) != Some("a") {
        return false;
    }
    if attr(dom, id, "rel").is_some_and(|r| has_token(r, "tag")) {
        return true;
    }
    let Some(href) = attr(dom, id, "href") else {
        return false;
    };
    let path = href.split(['?', '#']).next().unwrap_or("");
    let path = path.split_once("://").map_or(path, |(_, rest)| {
        rest.split_once('/').map_or("", |(_, p)| p)
    });
    path.split('/').any(|seg| {
        TAXONOMY_SEGMENTS
            .iter()
            .any(|(t, _)| seg.eq_ignore_ascii_case(t))
    })
}

// ------------------------------------------------------------------------------------------
// JSON-LD.
// ------------------------------------------------------------------------------------------

fn type_names(v: &Value) -> Vec<&str> {
    v.get("@type")
        .map(|t| {
            t.items()
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.rsplit(['/', ':', '#']).next().unwrap_or(s))
                .collect()
        })
        .unwrap_or_default()
}

fn type_rank(v: &Value) -> u8 {
    type_names(v)
        .iter()
        .filter_map(|t| {
            LD_TYPE_RANK
                .iter()
                .find(|(n, _, _)| n == t)
                .map(|&(_, r, _)| r)
        })
        .max()
        .unwrap_or(0)
}

/// Every object in the blocks (through `@graph`, arrays and nesting), breadth-first, capped.
fn ld_objects(blocks: &[Value]) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut queue: std::collections::VecDeque<(&Value, usize)> =
        blocks.iter().map(|b| (b, 0)).collect();
    while let Some((v, depth)) = queue.pop_front() {
        if out.len() > 5000 || depth > jsonld::MAX_DEPTH {
            break;
        }
        match v {
            Value::Arr(items) => queue.extend(items.iter().map(|i| (i, depth + 1))),
            Value::Obj(members) => {
                out.push(v);
                queue.extend(members.iter().map(|(_, i)| (i, depth + 1)));
            }
            _ => {}
        }
    }
    out
}

struct LdIndex<'a> {
    objects: Vec<&'a Value>,
}

impl<'a> LdIndex<'a> {
    /// Follows an `{"@id": ...}` reference to the full object, if there is one.
    fn deref(&self, v: &'a Value) -> &'a Value {
        let Value::Obj(members) = v else { return v };
        let Some(id) = v.get("@id").and_then(Value::as_str) else {
            return v;
        };
        if members.len() > 1 {
            return v;
        }
        self.objects
            .iter()
            .find(|o| {
                !std::ptr::eq(**o, v)
                    && o.get("@id").and_then(Value::as_str) == Some(id)
                    && obj_len(o) > 1
            })
            .copied()
            .unwrap_or(v)
    }

    fn name_of(&self, v: &'a Value) -> Option<String> {
        match self.deref(v) {
            Value::Str(s) => non_empty(clean(s, MAX_TITLE)),
            o @ Value::Obj(_) => {
                let n = o
                    .get("name")
                    .and_then(first_str)
                    .map(|s| clean(s, MAX_TITLE));
                n.and_then(non_empty).or_else(|| {
                    let given = o.get("givenName").and_then(first_str).unwrap_or("");
                    let family = o.get("familyName").and_then(first_str).unwrap_or("");
                    non_empty(clean(&format!("{given} {family}"), MAX_TITLE))
                })
            }
            _ => None,
        }
    }

    fn url_of(&self, v: &'a Value) -> Option<String> {
        for item in v.items() {
            match self.deref(item) {
                Value::Str(s) if !s.trim().is_empty() => return Some(s.trim().to_string()),
                o @ Value::Obj(_) => {
                    if let Some(u) = ["url", "contentUrl", "@id"]
                        .iter()
                        .find_map(|k| o.get(k).and_then(first_str))
                        .filter(|u| !u.trim().is_empty())
                    {
                        return Some(u.trim().to_string());
                    }
                }
                _ => {}
            }
        }
        None
    }
}

fn obj_len(v: &Value) -> usize {
    match v {
        Value::Obj(m) => m.len(),
        _ => 0,
    }
}

fn first_str(v: &Value) -> Option<&str> {
    v.items().iter().find_map(Value::as_str)
}

/// Whether a date carries no real time of day (absent, or exactly midnight).
fn day_only(d: &Date) -> bool {
    d.time.as_deref().is_none_or(|t| t.starts_with("T00:00:00"))
}

fn read_ld(blocks: &[Value]) -> Ld {
    let idx = LdIndex {
        objects: ld_objects(blocks),
    };
    let mut ld = Ld::default();
    // Objects with a type we rank, best rank first, document order within a rank.
    let mut ranked: Vec<(u8, usize, &Value)> = idx
        .objects
        .iter()
        .enumerate()
        .map(|(i, o)| (type_rank(o), i, *o))
        .filter(|(r, _, _)| *r > 0)
        .collect();
    ranked.sort_by_key(|&(r, i, _)| (std::cmp::Reverse(r), i));

    if let Some(&(rank, _, main)) = ranked.first() {
        ld.main_rank = rank;
        ld.main_type = type_names(main).first().map(|s| s.to_string());
    }
    for &(rank, _, o) in &ranked {
        let strong = rank >= 2;
        if rank >= 3 && ld.headline.is_none() {
            ld.headline = o
                .get("headline")
                .and_then(first_str)
                .map(|s| clean(s, MAX_TITLE))
                .and_then(non_empty);
        }
        if ld.name.is_none() && rank == ld.main_rank {
            ld.name = o
                .get("name")
                .and_then(first_str)
                .map(|s| clean(s, MAX_TITLE))
                .and_then(non_empty);
        }
        if ld.authors.is_empty() {
            for key in ["author", "creator"] {
                if let Some(a) = o.get(key) {
                    for item in a.items() {
                        if let Some(n) = idx.name_of(item) {
                            ld.authors.push(n);
                        }
                    }
                }
                if !ld.authors.is_empty() {
                    break;
                }
            }
        }
        let published = ["datePublished", "dateCreated", "uploadDate"]
            .iter()
            .filter_map(|k| o.get(k).and_then(first_str))
            .find_map(date::parse_machine);
        if ld.published.is_none() {
            ld.published = published;
        } else if let (Some(p), Some(cur)) = (published, &ld.published) {
            // A date-only or midnight stamp is a placeholder that a zone shift can move by a
            // day: another object's full timestamp of the same day ±1 is the precise one.
            if day_only(cur) && !day_only(&p) && (p.day_key() - cur.day_key()).abs() <= 1 {
                ld.published = Some(p);
            }
        }
        if ld.modified.is_none() {
            ld.modified = o
                .get("dateModified")
                .and_then(first_str)
                .and_then(date::parse_machine);
        }
        if ld.publisher.is_none() {
            ld.publisher = o
                .get("publisher")
                .and_then(|p| p.items().iter().find_map(|i| idx.name_of(i)));
        }
        if ld.description.is_none() {
            ld.description = o
                .get("description")
                .and_then(first_str)
                .map(|s| clean(s, MAX_DESCRIPTION))
                .and_then(non_empty);
        }
        if ld.image.is_none() {
            ld.image = o
                .get("image")
                .or_else(|| o.get("thumbnailUrl"))
                .and_then(|i| idx.url_of(i));
        }
        if ld.keywords.is_empty() && strong {
            for key in ["keywords", "articleSection"] {
                if let Some(k) = o.get(key) {
                    for item in k.items() {
                        if let Some(s) = item.as_str() {
                            ld.keywords.extend(
                                s.split(',')
                                    .map(|t| clean(t, 100))
                                    .filter(|t| !t.is_empty()),
                            );
                        }
                    }
                }
            }
        }
        if ld.license.is_none() {
            ld.license = o.get("license").and_then(|l| idx.url_of(l));
        }
        if ld.url.is_none() && rank == ld.main_rank {
            ld.url = o
                .get("url")
                .and_then(first_str)
                .map(|s| s.trim().to_string());
        }
    }
    ld.website = idx
        .objects
        .iter()
        .find(|o| type_names(o).contains(&"WebSite"))
        .and_then(|o| o.get("name"))
        .and_then(first_str)
        .map(|s| clean(s, MAX_TITLE))
        .and_then(non_empty);
    ld
}

// ------------------------------------------------------------------------------------------
// Resolution.
// ------------------------------------------------------------------------------------------

impl Declared {
    /// The first non-empty value of the first key present, in table order.
    /// Whether the page's JSON-LD main entity is a discussion (a forum thread, a Q&A page):
    /// there the replies are the content, not comments under it.
    pub(crate) fn declares_discussion(&self) -> bool {
        self.ld.main_type.as_deref().is_some_and(|t| {
            crate::cues::DISCUSSION_TYPES
                .iter()
                .any(|(d, _)| t.eq_ignore_ascii_case(d))
        })
    }

    /// Whether the page declares itself an article (`og:type`, or the JSON-LD main entity's
    /// type). Scoring trusts a short article container more on such a page.
    pub(crate) fn declares_article(&self) -> bool {
        let og = self
            .meta(&[("og:type", "")])
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("article"));
        og || self.ld.main_type.as_deref().is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            crate::cues::ARTICLE_TYPE_SUFFIXES
                .iter()
                .any(|(s, _)| t.ends_with(s))
        })
    }

    fn meta(&self, table: &[(&str, &str)]) -> Option<&str> {
        table.iter().find_map(|(k, _)| {
            self.metas
                .iter()
                .find(|(mk, v)| mk == k && !v.is_empty())
                .map(|(_, v)| v.as_str())
        })
    }

    fn meta_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.metas
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn abs_url(&self, s: &str) -> Option<String> {
        let u = url::resolve(self.base.as_deref(), s)?;
        (u.len() <= MAX_URL).then_some(u)
    }
}

/// Runs after pruning and content selection; decides every field.
pub(crate) fn resolve(declared: Declared, dom: &Dom, article_root: NodeId) -> Meta {
    let d = &declared;
    let site_name = resolve_site(d);
    let main_h1 = main_heading(d, dom, article_root);
    let title = resolve_title(d, site_name.as_deref(), main_h1);
    let authors = resolve_authors(d, dom, article_root, main_h1);
    let (date, date_modified) = resolve_dates(d, dom, article_root, main_h1);
    let site_name = site_name.or_else(|| {
        d.title_tag
            .as_deref()
            .and_then(|t| split_title(t, None, host_label(d.page_url.as_deref()).as_deref()).1)
    });

    let lang = d
        .html_lang
        .clone()
        .or_else(|| {
            d.meta(&[
                ("content-language", ""),
                ("language", ""),
                ("dc.language", ""),
            ])
            .and_then(|l| l.split([',', ';']).next())
            .map(|l| clean(l, 40))
            .and_then(non_empty)
        })
        .or_else(|| {
            d.meta(&[("og:locale", "")])
                .map(|l| clean(&l.replace('_', "-"), 40))
                .and_then(non_empty)
        });

    let url = d
        .canonical
        .as_deref()
        .and_then(|c| d.abs_url(c))
        .or_else(|| d.meta(&[("og:url", "")]).and_then(|c| d.abs_url(c)))
        .or_else(|| d.ld.url.as_deref().and_then(|c| d.abs_url(c)))
        .filter(|u| u.starts_with("http"));

    let description = d
        .meta(DESCRIPTION_META)
        .map(|s| clean(s, MAX_DESCRIPTION))
        .or_else(|| d.ld.description.clone())
        .and_then(non_empty);

    let image = d
        .meta(IMAGE_META)
        .and_then(|i| d.abs_url(i))
        .or_else(|| d.ld.image.as_deref().and_then(|i| d.abs_url(i)))
        .or_else(|| d.image_link.as_deref().and_then(|i| d.abs_url(i)));

    let mut tags: Vec<String> = Vec::new();
    let mut push_tag = |t: &str| {
        let t = clean(t, 100);
        if !t.is_empty()
            && tags.len() < MAX_TAGS
            && !tags.iter().any(|x| x.to_lowercase() == t.to_lowercase())
        {
            tags.push(t);
        }
    };
    for (key, _) in TAG_META {
        for v in d.meta_all(key) {
            if *key == "parsely-tags" {
                v.split(',').for_each(&mut push_tag);
            } else {
                push_tag(v);
            }
        }
    }
    d.ld.keywords.iter().for_each(|k| push_tag(k));
    d.rel_tags.iter().for_each(|k| push_tag(k));

    let page_type = d
        .meta(&[("og:type", "")])
        .map(|s| clean(s, 100))
        .and_then(non_empty)
        .or_else(|| d.ld.main_type.clone());
    let license = d.license.as_deref().and_then(|l| d.abs_url(l)).or_else(|| {
        d.ld.license
            .as_deref()
            .and_then(|l| d.abs_url(l).or_else(|| non_empty(clean(l, 200))))
    });

    Meta {
        title,
        authors,
        date,
        date_modified,
        site_name,
        lang,
        url,
        description,
        image,
        tags,
        page_type,
        license,
    }
}

fn resolve_site(d: &Declared) -> Option<String> {
    // The publisher of the article's JSON-LD object names the publication (og:site_name is
    // often the domain-styled brand, "Example.fr", or carries a tagline); then og:site_name,
    // the WebSite object, the application names.
    d.ld.publisher
        .clone()
        .or_else(|| {
            d.meta(&SITE_META[..1])
                .map(|s| clean(s, MAX_NAME * 2))
                .and_then(non_empty)
        })
        .or_else(|| d.ld.website.clone())
        .or_else(|| {
            d.meta(&SITE_META[1..])
                .map(|s| clean(s, MAX_NAME * 2))
                .and_then(non_empty)
        })
        .filter(|s| !url::looks_like_url(s) || s.len() < 60)
}

/// The article's main heading: an `h1` inside the article container, else the nearest `h1`
/// before it, else the only `h1` of the page.
fn main_heading(d: &Declared, dom: &Dom, root: NodeId) -> Option<usize> {
    let h1s: Vec<usize> = (0..d.headings.len())
        .filter(|&i| d.headings[i].level == 1)
        .collect();
    if root != DOCUMENT {
        if let Some(&i) = h1s
            .iter()
            .find(|&&i| is_inside(dom, d.headings[i].node, root))
        {
            return Some(i);
        }
        if let Some(&i) = h1s.iter().rev().find(|&&i| d.headings[i].node < root) {
            return Some(i);
        }
    }
    match h1s.len() {
        0 => None,
        _ => h1s.first().copied(),
    }
}

/// Normalised form for comparisons: case-folded, whitespace-collapsed, curly quotes folded.
fn fold(s: &str) -> String {
    let mut out = clean(s, 1000);
    // Most text is ASCII: folded in place, without the two copies below (titles are folded
    // many times over while they are compared).
    if out.is_ascii() {
        out.make_ascii_lowercase();
        if out.contains('`') {
            out = out.replace('`', "'");
        }
        return out;
    }
    out.chars()
        .map(|c| match c {
            '‘' | '’' | '`' | '´' => '\'',
            '“' | '”' | '«' | '»' => '"',
            '–' | '—' => '-',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

// ------------------------------------------------------------------------------------------
// Authors.
// ------------------------------------------------------------------------------------------

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = &s[prefix.len()..];
    let rest_trim = rest.trim_start();
    if rest.starts_with(':') || rest.starts_with(char::is_whitespace) {
        let r = rest_trim.trim_start_matches(':').trim_start();
        (!r.is_empty()).then_some(r)
    } else {
        None
    }
}

/// Whether [`byline_lead`] can find a prefix in the cleaned `text`: its first letter or digit
/// (cleaning drops none) starts some prefix. Most texts near a headline fail this, which
/// spares cleaning them and trying every prefix.
fn may_lead_byline(text: &str) -> bool {
    text.chars()
        .find(|&c| c.is_alphanumeric() || c == '@')
        .is_some_and(|c| {
            BYLINE_PREFIXES
                .iter()
                .any(|(p, _)| p.starts_with(c.to_ascii_lowercase()))
        })
}

/// The text after a byline prefix ("By", "Von", "Written by:"), when the text starts with
/// one: `Some("")` for the bare prefix (the name follows in the next element), `None` when
/// there is no prefix. Leading punctuation alone is not a prefix.
fn byline_lead(s: &str) -> Option<&str> {
    let s = s
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@')
        .trim();
    let bare = s.trim_end_matches(':').trim_end();
    // A bare two-letter word ("di", "da", "av") is too often a plain word between links.
    if BYLINE_PREFIXES
        .iter()
        .any(|(p, _)| (p.len() > 2 || *p == "by") && bare.eq_ignore_ascii_case(p))
    {
        return Some("");
    }
    let rest = strip_byline_prefix(s);
    (rest.len() < s.len()).then_some(rest)
}

fn strip_byline_prefix(s: &str) -> &str {
    let mut s = s
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@')
        .trim();
    // At most two rounds: "Author: By X".
    for _ in 0..2 {
        match BYLINE_PREFIXES
            .iter()
            .find_map(|(p, _)| strip_prefix_ci(s, p))
        {
            Some(r) => s = r,
            None => break,
        }
    }
    s
}

/// Whether a single name is acceptable as an author.
fn valid_name(n: &str) -> bool {
    let chars = n.chars().count();
    if !(2..=MAX_NAME).contains(&chars) || word_count(n) > 6 {
        return false;
    }
    if !n.chars().any(char::is_alphabetic) || url::looks_like_url(n) || n.contains("://") {
        return false;
    }
    if n.contains('@') && n.contains('.') && !n.contains(' ') {
        return false; // an e-mail address
    }
    if date::parse_text(n).is_some() {
        return false;
    }
    let l = n.to_lowercase();
    const NOT_NAMES: &[&str] = &[
        "admin",
        "administrator",
        "author",
        "authors",
        "by",
        "staff",
        "unknown",
        "anonymous",
        "guest",
        "editor",
        "home",
        "menu",
        "share",
        "follow",
        "view all posts",
        "read more",
        "contact",
        "about",
        "more",
    ];
    if NOT_NAMES.contains(&l.as_str()) {
        return false;
    }
    if l.split_whitespace()
        .any(|w| ACCOUNT_WORDS.iter().any(|(a, _)| *a == w))
    {
        return false;
    }
    true
}

/// Words that make a byline a CMS account rather than a person ("NOC Admin", "Site
/// Administrator"): the page's real author, if any, is printed elsewhere.
const ACCOUNT_WORDS: &[(&str, &str)] = &[
    (
        "admin",
        "the default account name of most CMSs, often prefixed by the site's name",
    ),
    ("administrator", "the same, spelled out"),
    ("webmaster", "the site operator's role, not an author"),
    ("sysadmin", "a role, not an author"),
];

/// Cuts trailing date/time or role text off a byline and splits it into names.
fn split_authors(raw: &str) -> Vec<String> {
    let raw = clean(raw, 400);
    // "Updated Jan 8, 2026 Written by X": the name follows the last byline prefix.
    let lower = raw.to_lowercase();
    let start = [
        " written by ",
        " posted by ",
        " by ",
        " von ",
        " par ",
        " por ",
        " door ",
    ]
    .iter()
    .filter_map(|p| lower.rfind(p).map(|i| i + p.len() - 1))
    .max()
    .filter(|&i| raw.is_char_boundary(i))
    .unwrap_or(0);
    let mut s: &str = strip_byline_prefix(&raw[start..]);
    // Cut at a job title ("X Content Marketing Coordinator", "X, Founder").
    let words: Vec<&str> = s.split_whitespace().collect();
    if let Some(i) = words.iter().position(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        ROLE_WORDS.iter().any(|(r, _)| *r == w)
    }) {
        if i >= 1 {
            let cut = words[..i].join(" ");
            let keep = s.find(words[i]).unwrap_or(s.len());
            if cut.len() <= keep {
                s = s[..keep]
                    .trim_end()
                    .trim_end_matches([',', '-', '|', '·'])
                    .trim_end();
            }
        }
    }
    // Cut at separators that end the name part of a byline ("X | Jan 7", "X · 5 min read").
    for sep in [
        " | ", " · ", " • ", " — ", " – ", " - ", "\u{2022}", " on ", " am ", " le ", " el ",
        " il ",
    ] {
        if let Some(p) = s.find(sep) {
            if p > 0 {
                s = &s[..p];
            }
        }
    }
    // Cut at a day and month glued to the name ("By X22 Dec 2016").
    if let Some(p) = s.find(|c: char| c.is_ascii_digit()) {
        let tail: Vec<&str> = s[p..].split_whitespace().take(2).collect();
        if p > 0
            && tail.len() == 2
            && tail[0].len() <= 2
            && date::parse_text(&format!("{} {} 2000", tail[0], tail[1])).is_some()
        {
            s = s[..p].trim_end();
        }
    }
    // Cut at a date inside the remaining text ("By X January 7, 2025").
    if let Some(p) = s.find(|c: char| c.is_ascii_digit()) {
        let (head, tail) = s.split_at(p);
        if date::parse_text(tail).is_some() || date::parse_text(s).is_some() {
            s = head
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.')
                .trim();
            // Drop a month name left hanging ("X January"); a month alone was the whole
            // text a date ("January 27, 2025"), with no name in it.
            if let Some((h, last)) = s.rsplit_once(' ') {
                if date::parse_text(&format!("1 {last} 2000")).is_some() {
                    s = h.trim_end_matches(',').trim();
                }
            } else if date::parse_text(&format!("1 {s} 2000")).is_some() {
                s = "";
            }
        }
    }
    // Parenthetical remarks are not part of a name: "(http://…)", "(Reuters)", "(avec …)".
    let s = drop_parentheticals(s);
    let s = s.trim().trim_end_matches([',', ';', ':', '|', '-']).trim();
    if s.is_empty() {
        return Vec::new();
    }
    // A credential or generational suffix after a comma belongs to the name before it
    // ("Brenda Goodman, MA", "John Roe, Jr.").
    let mut comma_parts: Vec<String> = Vec::new();
    for p in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match comma_parts.last_mut() {
            Some(last) if is_name_suffix(p) => {
                last.push_str(", ");
                last.push_str(p);
            }
            _ => comma_parts.push(p.to_string()),
        }
    }
    // "Last, First" (two parts, first a single word) is one name.
    let mut parts: Vec<String> = if comma_parts.len() == 2
        && word_count(&comma_parts[0]) == 1
        && word_count(&comma_parts[1]) <= 2
    {
        vec![comma_parts.join(", ")]
    } else {
        comma_parts
    };
    for (joiner, _) in AUTHOR_JOINERS {
        parts = parts
            .iter()
            .flat_map(|p| {
                p.split(joiner)
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    // Again after the joiners: "John Roe, Jr. and Ann Poe".
    let mut merged: Vec<String> = Vec::with_capacity(parts.len());
    for p in parts {
        match merged.last_mut() {
            Some(last) if is_name_suffix(&p) => {
                last.push_str(", ");
                last.push_str(&p);
            }
            _ => merged.push(p),
        }
    }
    merged
        .into_iter()
        .map(|p| {
            strip_byline_prefix(&p)
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')')
                .to_string()
        })
        .filter(|p| valid_name(p))
        .collect()
}

/// Credentials and generational suffixes written after a name and a comma, lower case
/// without dots.
const NAME_SUFFIXES: &[(&str, &str)] = &[
    ("jr", "Junior"),
    ("sr", "Senior"),
    ("ii", "generational"),
    ("iii", "generational"),
    ("iv", "generational"),
    ("phd", "doctorate"),
    ("md", "medical doctor"),
    ("do", "doctor of osteopathy"),
    ("ma", "master of arts"),
    ("ms", "master of science"),
    ("msc", "master of science"),
    ("mba", "business master"),
    ("mph", "public health master"),
    ("bsc", "bachelor of science"),
    ("rn", "registered nurse"),
    ("rd", "registered dietitian"),
    ("dds", "dentist"),
    ("dvm", "veterinarian"),
    ("cpa", "accountant"),
    ("esq", "lawyer"),
];

fn is_name_suffix(part: &str) -> bool {
    let key: String = part
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    NAME_SUFFIXES.iter().any(|(s, _)| *s == key)
}

/// The text without its bracketed remarks ("X (with Y)" → "X"), except those followed by
/// more of the name; unbalanced brackets are kept.
fn drop_parentheticals(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut pending = String::new();
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => {
                depth += 1;
                pending.push(c);
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                pending.push(c);
                if depth == 0 {
                    // Inside a name ("Bruno (Henrique) Rodrigues") it is kept.
                    let inside_name = s[i + 1..]
                        .trim_start()
                        .starts_with(|c: char| c.is_uppercase());
                    if inside_name {
                        out.push_str(&pending);
                    }
                    pending.clear();
                }
            }
            _ if depth > 0 => pending.push(c),
            _ => out.push(c),
        }
    }
    out.push_str(&pending);
    clean(&out, 400)
}

fn dedup_names(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.iter().any(|o| fold(o) == fold(&n)) {
            out.push(n);
        }
    }
    out.truncate(20);
    out
}

fn resolve_authors(d: &Declared, dom: &Dom, root: NodeId, main_h1: Option<usize>) -> Vec<String> {
    let declared = declared_authors(d);
    // A declared author that is only a user handle ("jdoe42") yields to a real name printed
    // in the article's byline; it is kept when the page shows none.
    if declared.iter().any(|n| !looks_like_handle(n)) {
        return declared;
    }
    let bylines = byline_authors(d, dom, root, main_h1);
    if let Some((place, names)) = bylines.first() {
        if declared.is_empty() || (*place < 2 && names.iter().any(|n| !looks_like_handle(n))) {
            return names.clone();
        }
    }
    if !declared.is_empty() {
        return declared;
    }
    // 4. The Twitter card creator, when it is a name rather than a handle.
    d.meta_all("twitter:creator")
        .filter(|v| !v.starts_with('@') && !url::looks_like_url(v))
        .map(split_authors)
        .find(|n| !n.is_empty())
        .map(dedup_names)
        .unwrap_or_default()
}

/// A user handle rather than a person's name: one token with digits or underscores, an
/// `@`, or all lower case.
fn looks_like_handle(n: &str) -> bool {
    !n.contains(char::is_whitespace)
        && (n.starts_with('@')
            || n.contains(|c: char| c.is_ascii_digit() || c == '_')
            || !n.contains(char::is_uppercase))
}

/// Authors the page declares: JSON-LD, then `<meta>` names in table order. A key that is
/// repeated names one author per tag (`citation_author`, `dc.creator`).
fn declared_authors(d: &Declared) -> Vec<String> {
    // 1. JSON-LD author of the main object.
    let ld: Vec<String> = d.ld.authors.iter().flat_map(|a| split_authors(a)).collect();
    if !ld.is_empty() {
        return dedup_names(ld);
    }
    // 2. <meta> author names (not URLs).
    for key in std::iter::once("citation_author").chain(AUTHOR_META.iter().map(|(k, _)| *k)) {
        let names: Vec<String> = d
            .meta_all(key)
            .filter(|v| !url::looks_like_url(v))
            .flat_map(split_authors)
            .collect();
        if !names.is_empty() {
            return dedup_names(names);
        }
    }
    Vec::new()
}

/// Byline candidates with their placement class, best first.
fn byline_authors(
    d: &Declared,
    dom: &Dom,
    root: NodeId,
    main_h1: Option<usize>,
) -> Vec<(u8, Vec<String>)> {
    // 3. Byline elements and rel=author links: those inside the article first, then those
    //    nearest after the main heading, then the rest in document order.
    let h1_node = main_h1.map(|i| d.headings[i].node);
    let mut cands: Vec<(u8, u8, i64, Vec<String>)> = Vec::new();
    for b in &d.bylines {
        let names = split_authors(&b.text);
        if names.is_empty() {
            continue;
        }
        let place = placement(dom, b.node, root, h1_node);
        cands.push((place.0, b.strength, place.1, names));
    }
    for (node, text) in &d.rel_authors {
        let names = split_authors(text);
        if !names.is_empty() {
            let place = placement(dom, *node, root, h1_node);
            cands.push((place.0, 2, place.1, names));
        }
    }
    cands.sort_by_key(|c| (c.0, c.1, c.2));
    cands.into_iter().map(|c| (c.0, dedup_names(c.3))).collect()
}

/// Where a candidate sits relative to the article: (class, distance). Class 0: inside the
/// article container; 1: near the main heading; 2: elsewhere.
fn placement(dom: &Dom, node: NodeId, root: NodeId, h1: Option<NodeId>) -> (u8, i64) {
    if root != DOCUMENT && is_inside(dom, node, root) {
        return (0, i64::from(node));
    }
    if let Some(h) = h1 {
        let dist = i64::from(node) - i64::from(h);
        // After the heading counts double-near compared with before it.
        let d = if dist >= 0 { dist } else { -dist * 2 };
        if d < 400 {
            return (1, d);
        }
        return (2, d);
    }
    (2, i64::from(node))
}

// ------------------------------------------------------------------------------------------
// Dates.
// ------------------------------------------------------------------------------------------

fn utc(d: &Date) -> bool {
    d.time
        .as_deref()
        .is_some_and(|t| t.ends_with('Z') || t.ends_with("+00:00"))
}

fn resolve_dates(
    d: &Declared,
    dom: &Dom,
    root: NodeId,
    main_h1: Option<usize>,
) -> (Option<String>, Option<String>) {
    let h1_node = main_h1.map(|i| d.headings[i].node);
    let meta_date = |table: &[(&str, &str)]| {
        table
            .iter()
            .find_map(|(k, _)| d.meta_all(k).find_map(date::parse_machine))
    };

    // Published, in order of trust.
    let mut published: Option<Date> = match (d.ld.published.clone(), meta_date(PUBLISHED_META)) {
        // The same instant in UTC and in the publisher's zone: the local one gives the day
        // readers saw.
        (Some(ld), Some(m))
            if (ld.day_key() - m.day_key()).abs() <= 1
                && utc(&ld)
                && !utc(&m)
                && m.time.is_some() =>
        {
            Some(m)
        }
        (ld, m) => ld.or(m),
    };
    // A date printed right beside the headline that is earlier than the declared one: CMSs
    // re-stamp the declared date on every update, the visible one is the original.
    if let (Some(p), Some(h)) = (&published, h1_node) {
        let near: Vec<&DateText> = d
            .date_texts
            .iter()
            .filter(|t| (i64::from(t.node) - i64::from(h)).abs() <= 60)
            .collect();
        let confirmed = near
            .iter()
            .any(|t| !t.updated && t.date.day_key() == p.day_key());
        let beside = near
            .iter()
            .filter(|t| !t.updated)
            .min_by_key(|t| (i64::from(t.node) - i64::from(h)).abs());
        if let (Some(t), false) = (beside, confirmed) {
            if !t.updated && t.date.day_key() + 1 < p.day_key() {
                published = Some(t.date.clone());
            }
        }
    }
    if published.is_none() {
        // <time> marked as the publication date, then <time> in or near the article.
        let mut times: Vec<(u8, u8, i64, &TimeCand)> = d
            .times
            .iter()
            .filter(|t| !t.modified && !inside_comments(dom, t.node))
            .map(|t| {
                let p = placement(dom, t.node, root, h1_node);
                (u8::from(!t.published), p.0, p.1, t)
            })
            .collect();
        times.sort_by_key(|t| (t.0, t.1, t.2));
        published = times
            .first()
            .filter(|t| t.0 == 0 || t.1 < 2)
            .map(|t| t.3.date.clone());
    }
    if published.is_none() {
        published = d.page_url.as_deref().and_then(date::from_url);
    }
    if published.is_none() {
        let mut texts: Vec<(u8, i64, u8, &DateText)> = d
            .date_texts
            .iter()
            .map(|t| {
                let p = placement(dom, t.node, root, h1_node);
                (p.0, p.1, t.strength, t)
            })
            .filter(|t| t.0 < 2)
            .collect();
        texts.sort_by_key(|t| (t.3.updated, t.2, t.0, t.1));
        published = texts.first().map(|t| t.3.date.clone());
    }
    if published.is_none() {
        // Any <time> on the page, the first one.
        published = d.times.iter().find(|t| !t.modified).map(|t| t.date.clone());
    }

    let modified =
        d.ld.modified
            .clone()
            .or_else(|| meta_date(MODIFIED_META))
            .or_else(|| d.times.iter().find(|t| t.modified).map(|t| t.date.clone()));
    let modified = match (&published, modified) {
        (Some(p), Some(m)) if m.day_key() < p.day_key() => None,
        (_, m) => m,
    };
    (published.map(|p| p.iso()), modified.map(|m| m.iso()))
}

#[cfg(test)]
mod tests;
