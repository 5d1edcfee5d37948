//! Rules that are data: which tags, ARIA roles, class/id words and phrases mark page chrome,
//! consent dialogs or article content.
//!
//! Every table entry carries a one-line reason. The stages (`prune`, `score`) only ask
//! questions of these tables; to change what deboil treats as chrome, change a table here.
//!
//! Class and id values are matched as *words* (split at every non-alphanumeric character and
//! lower-cased), never as raw substrings: `cookie-banner` holds the word `cookie`, but
//! `fortune-cookies-recipe` holds `cookies`, and `cookiecutter` holds neither. That keeps an
//! article *about* cookies alive while a cookie banner goes.

use std::sync::LazyLock;

use html5ever::{LocalName, local_name};

/// Elements whose content is never article text.
pub(crate) const DROP_TAGS: &[(LocalName, &str)] = &[
    (local_name!("script"), "program code, not text"),
    (local_name!("style"), "CSS, not text"),
    (
        local_name!("noscript"),
        "fallbacks for script-less browsers: tracking pixels, 'enable JavaScript'",
    ),
    (
        local_name!("template"),
        "inert markup that is never rendered as is",
    ),
    (
        local_name!("svg"),
        "icons; their <title>s are labels, not prose",
    ),
    (
        local_name!("math"),
        "formula markup whose text is unreadable when flattened",
    ),
    (
        local_name!("iframe"),
        "embedded documents: ads, players, social widgets",
    ),
    (local_name!("object"), "embedded plugins"),
    (local_name!("embed"), "embedded plugins"),
    (
        local_name!("canvas"),
        "drawing surface, its text is a fallback",
    ),
    (local_name!("video"), "fallback text of players"),
    (local_name!("audio"), "fallback text of players"),
    (
        local_name!("button"),
        "controls: 'Share', 'Subscribe', 'Accept all'",
    ),
    (local_name!("input"), "form controls"),
    (
        local_name!("select"),
        "form controls: option lists are menus",
    ),
    (local_name!("textarea"), "form controls"),
    (local_name!("label"), "form labels"),
    (
        local_name!("dialog"),
        "modal dialogs: consent, newsletter and login prompts",
    ),
    (
        local_name!("head"),
        "metadata, read separately before pruning",
    ),
    (local_name!("map"), "image-map link areas"),
];

/// Landmark tags that hold page chrome, not the article.
pub(crate) const CHROME_TAGS: &[(LocalName, &str)] = &[
    (local_name!("nav"), "site and section navigation"),
    (local_name!("aside"), "sidebars, pull-outs, related links"),
    (
        local_name!("footer"),
        "page and section footers: copyright, links, 'Scroll to Top'",
    ),
    (local_name!("menu"), "menus"),
    (
        local_name!("header"),
        "the site header (an article's own header is kept, see prune)",
    ),
];

/// ARIA roles of page chrome.
pub(crate) const CHROME_ROLES: &[(&str, &str)] = &[
    ("navigation", "navigation landmarks"),
    ("banner", "the site header landmark"),
    ("contentinfo", "the site footer landmark"),
    ("complementary", "sidebars"),
    ("menu", "menus"),
    ("menubar", "menu bars"),
    ("search", "search boxes"),
    ("toolbar", "share and tool bars"),
    ("alert", "notification strips"),
    ("tooltip", "hover texts"),
];

/// Roles and attributes of dialogs and overlays; consent text inside one of these drops it.
pub(crate) const DIALOG_ROLES: &[(&str, &str)] = &[
    ("dialog", "modal and non-modal dialogs"),
    ("alertdialog", "dialogs demanding a response: consent walls"),
    (
        "region",
        "CMP banners often announce themselves as a labelled region",
    ),
];

/// Class/id words that mark chrome wherever they appear, unless the element holds the
/// article (see `prune`). Matched as whole words.
pub(crate) const CHROME_WORDS: &[(&str, &str)] = &[
    ("nav", "navigation"),
    ("navbar", "navigation bars"),
    ("navigation", "navigation"),
    ("menu", "menus"),
    ("submenu", "menus"),
    ("megamenu", "menus"),
    ("breadcrumb", "breadcrumb trails"),
    ("breadcrumbs", "breadcrumb trails"),
    ("footer", "page and section footers"),
    ("sidebar", "sidebars"),
    ("share", "share bars"),
    ("sharing", "share bars"),
    ("sharedaddy", "WordPress share bar"),
    ("social", "social links"),
    ("related", "related posts"),
    ("recommended", "recommendations"),
    ("recirculation", "recommendations"),
    ("outbrain", "recommendation widget"),
    ("taboola", "recommendation widget"),
    (
        "comment",
        "user comments (kept only with the comments option)",
    ),
    (
        "comments",
        "user comments (kept only with the comments option)",
    ),
    ("disqus", "comment widget"),
    ("respond", "WordPress comment form"),
    ("newsletter", "newsletter prompts"),
    ("subscribe", "subscription prompts"),
    ("subscription", "subscription prompts"),
    ("signup", "sign-up prompts"),
    ("paywall", "paywall overlays"),
    ("promo", "promotions"),
    ("advert", "advertising"),
    ("advertisement", "advertising"),
    ("ad", "advertising"),
    ("ads", "advertising"),
    ("adsense", "advertising"),
    ("sponsored", "sponsored links"),
    ("popup", "pop-ups"),
    ("modal", "modal dialogs"),
    ("overlay", "overlays"),
    ("masthead", "site header"),
    ("breaking", "breaking-news tickers above the article"),
    ("topbar", "site header bars"),
    ("toolbar", "tool bars"),
    ("authorbox", "author boxes (author goes to metadata)"),
    ("bio", "author biographies"),
    ("tags", "tag lists"),
    ("tagcloud", "tag clouds"),
    ("noprint", "screen-only chrome"),
    ("byline", "bylines (authors go to metadata)"),
    ("dateline", "datelines (dates go to metadata)"),
    ("meta", "post meta lines: date, author, categories"),
    ("postmeta", "post meta lines"),
    ("entrymeta", "post meta lines"),
    ("readtime", "reading-time notes"),
    ("reading", "reading-time notes ('reading-time')"),
    (
        "gallery",
        "photo galleries: captions of pictures, often of other stories",
    ),
    ("slideshow", "photo slideshows"),
];

/// Chrome words that also mark chrome as the start of a run-together class word
/// (`relatedposts`, `sidebarmenu`, `socialbar`, `newsletterform`): themes glue them to a
/// noun without a separator or a capital. Only stems that begin no common content word.
pub(crate) const CHROME_STEMS: &[(&str, &str)] = &[
    ("related", "relatedposts, relatedcontent, relatedlinks"),
    ("sidebar", "sidebarmenu, sidebararticle"),
    ("social", "socialbar, socialshare, sociallinks"),
    ("newsletter", "newsletterform, newslettermodule"),
    ("breadcrumb", "breadcrumbtrail"),
    ("comment", "commentbody, commentlist, commentform"),
];

/// Run-together words that begin with a [`CHROME_STEMS`] stem but are content.
pub(crate) const STEM_EXCEPTIONS: &[(&str, &str)] = &[
    (
        "commentar",
        "commentary, commentaries, commentaire: opinion articles",
    ),
    ("commentat", "commentator columns"),
];

/// Whether `word` starts with `prefix`, ignoring ASCII case.
pub(crate) fn starts_with_ignore_case(word: &str, prefix: &str) -> bool {
    word.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Whether `word` starts with a [`CHROME_STEMS`] stem and goes on (`relatedposts`), and is
/// no [`STEM_EXCEPTIONS`] word.
pub(crate) fn has_chrome_stem(word: &str) -> bool {
    CHROME_STEMS
        .iter()
        .any(|(s, _)| word.len() > s.len() && starts_with_ignore_case(word, s))
        && !STEM_EXCEPTIONS
            .iter()
            .any(|(x, _)| starts_with_ignore_case(word, x))
}

/// Class/id words of controls that are always a line or two: they mark chrome only on an
/// element that small ([`SMALL_CHROME_MAX`]). On a long text the word means something else
/// (`skip-item` sections a table of contents jumps between).
pub(crate) const SMALL_CHROME_WORDS: &[(&str, &str)] = &[
    ("skip", "skip links ('Skip to content')"),
    ("scrolltop", "'Scroll to Top' links"),
    ("backtotop", "'Back to top' links"),
    ("gototop", "'Go to top' links"),
    (
        "pagination",
        "page links; a long element so named is a listing's body ('filtering-and-pagination' wrappers)",
    ),
    ("pager", "page links"),
];

/// The longest text, in bytes, a [`SMALL_CHROME_WORDS`] element holds.
pub(crate) const SMALL_CHROME_MAX: u32 = 200;

/// Endings of schema.org types (lower-cased) that declare a page to be an article.
pub(crate) const ARTICLE_TYPE_SUFFIXES: &[(&str, &str)] = &[
    (
        "article",
        "Article and its subtypes: NewsArticle, TechArticle, ScholarlyArticle, ...",
    ),
    ("blogposting", "blog posts, live blogs (LiveBlogPosting)"),
    ("report", "Report"),
];

/// The hAtom microformat's class names for one blog post (`hentry`) and its body
/// (`entry-content`): a page marking exactly one post declares itself that post, as
/// `og:type` does (WordPress, TypePad and Blogger themes print them).
pub(crate) const HATOM_ENTRY: &str = "hentry";
/// See [`HATOM_ENTRY`].
pub(crate) const HATOM_CONTENT: &str = "entry-content";

/// schema.org types of pages whose replies are the content.
pub(crate) const DISCUSSION_TYPES: &[(&str, &str)] = &[
    ("DiscussionForumPosting", "a forum thread"),
    ("QAPage", "a question with its answers"),
    (
        "Question",
        "a question with its answers, declared without QAPage",
    ),
];

/// Class/id words that mark the article (or its body). Used as a score bonus, and a
/// chrome word next to one of these on the same element is ignored (`post-content-sidebar`
/// is rare; `entry-content` next to `widget` is a theme quirk).
pub(crate) const CONTENT_WORDS: &[(&str, &str)] = &[
    ("article", "article containers"),
    ("articlebody", "schema.org articleBody"),
    ("content", "content areas"),
    ("entry", "WordPress entries ('entry-content')"),
    ("post", "blog posts ('post-body')"),
    ("story", "news stories"),
    ("body", "article bodies ('article-body')"),
    ("text", "text areas ('article-text')"),
    ("main", "main areas"),
    ("blog", "blog posts"),
    ("prose", "prose containers"),
    ("hentry", "microformats entry"),
];

/// Class/id words that, in the same hyphenated or camelCase name as a [`CONTENT_WORDS`]
/// word, say whose content it is: `comment-text`, `comments-content`, `commentBody` hold the
/// comments, not the article, so the content word neither protects nor rewards them.
pub(crate) const CONTENT_QUALIFIERS: &[(&str, &str)] = &[
    (
        "comment",
        "a comment's body ('comment-text', 'comment-content')",
    ),
    (
        "comments",
        "the comment thread ('comments-content', 'post-comments')",
    ),
];

/// Class/id words that only lower a container's score (too common to drop on sight).
pub(crate) const WEAK_NEGATIVE_WORDS: &[(&str, &str)] = &[
    ("header", "headers"),
    (
        "widget",
        "sidebar widgets (page builders call every element a widget, so not dropped)",
    ),
    ("banner", "banners"),
    ("teaser", "teaser lists"),
    ("card", "card grids of other articles"),
    ("list", "lists of links"),
    ("links", "link blocks"),
    ("more", "'more stories' blocks"),
    ("author", "author boxes and bylines"),
    ("caption", "image captions"),
    ("credit", "photo credits"),
    ("thumb", "thumbnails"),
    ("login", "login prompts"),
];

/// Id/class prefixes and names of consent-management platforms, matched on the element's
/// id and class words. A hit drops the element outright.
pub(crate) const CONSENT_TOOLS: &[(&str, &str)] = &[
    (
        "onetrust",
        "OneTrust: #onetrust-banner-sdk, #onetrust-consent-sdk",
    ),
    (
        "optanon",
        "OneTrust (legacy Optanon): .optanon-alert-box-wrapper",
    ),
    ("ot", "OneTrust: .ot-sdk-container, #ot-pc-content"),
    ("cybotcookiebotdialog", "Cookiebot: #CybotCookiebotDialog"),
    ("cookiebot", "Cookiebot widgets"),
    ("cky", "CookieYes: .cky-consent-container, .cky-modal"),
    ("cookieyes", "CookieYes"),
    ("cmplz", "Complianz: #cmplz-cookiebanner-container"),
    ("borlabs", "Borlabs Cookie: #BorlabsCookieBox"),
    ("borlabscookie", "Borlabs Cookie"),
    ("didomi", "Didomi: #didomi-host, .didomi-popup"),
    ("qc", "Quantcast Choice: .qc-cmp2-container"),
    ("qccmp", "Quantcast Choice (legacy)"),
    ("usercentrics", "Usercentrics: #usercentrics-root"),
    ("uc", "Usercentrics: .uc-banner"),
    ("truste", "TrustArc: #truste-consent-track"),
    ("trustarc", "TrustArc"),
    ("osano", "Osano: .osano-cm-dialog"),
    ("iubenda", "iubenda: #iubenda-cs-banner"),
    ("termly", "Termly: .termly-styles"),
    ("klaro", "Klaro: .klaro .cookie-notice"),
    ("sp", "Sourcepoint: #sp_message_container_*"),
    ("cn", "Cookie Notice (WordPress): #cn-notice-text"),
    (
        "moove",
        "GDPR Cookie Compliance: #moove_gdpr_cookie_info_bar",
    ),
    ("cookiefirst", "CookieFirst: .cookiefirst-root"),
    ("axeptio", "Axeptio: #axeptio_overlay"),
    ("cmpbox", "consentmanager: #cmpbox"),
    ("cmpwrapper", "consentmanager: .cmpwrapper"),
    ("fc", "Google Funding Choices: .fc-consent-root"),
    ("ccc", "Civic Cookie Control: #ccc-notify"),
    ("cookiescript", "Cookie Script: #cookiescript_injected"),
    (
        "cookielawinfo",
        "CookieLawInfo (CookieYes legacy): #cookie-law-info-bar",
    ),
    ("gdpr", "generic GDPR banners"),
    ("consent", "generic consent banners"),
    ("cookie", "generic cookie banners"),
    ("cookies", "generic cookie banners"),
    ("cookiebanner", "generic cookie banners"),
    (
        "cookieconsent",
        "cookieconsent.js (Osano open source): .cc-window",
    ),
    ("cc", "cookieconsent.js: .cc-banner, .cc-window"),
];

/// Words of CMP-specific ids/classes that are only consent when they open the value
/// (`sp_message_container`, `fc-consent-root`, `cc-window`, `ot-sdk`); short prefixes are
/// too ambiguous anywhere else.
pub(crate) const CONSENT_PREFIX_ONLY: &[&str] = &["ot", "qc", "uc", "sp", "cn", "fc", "ccc", "cc"];

/// Consent vocabulary, lower-case, in the languages of most consent law. A dialog or
/// banner whose text is dominated by these is a consent dialog whatever its markup.
pub(crate) const CONSENT_PHRASES: &[(&str, &str)] = &[
    ("cookie", "every language borrows the word"),
    ("consent", "English"),
    ("privacy policy", "English"),
    ("accept all", "English button"),
    ("reject all", "English button"),
    ("manage preferences", "English button"),
    ("we value your privacy", "English banner title"),
    ("legitimate interest", "IAB TCF wording"),
    ("partners", "IAB TCF wording: 'we and our partners'"),
    ("personalised ads", "IAB TCF purposes"),
    ("personalized ads", "IAB TCF purposes"),
    ("datenschutz", "German: privacy"),
    ("einwilligung", "German: consent"),
    ("zustimmen", "German: agree"),
    ("alle akzeptieren", "German: accept all"),
    ("confidentialité", "French: privacy"),
    ("consentement", "French: consent"),
    ("tout accepter", "French: accept all"),
    ("privacidad", "Spanish: privacy"),
    ("consentimiento", "Spanish/Portuguese: consent"),
    ("aceptar todo", "Spanish: accept all"),
    ("consenso", "Italian: consent"),
    ("accetta tutti", "Italian: accept all"),
    ("toestemming", "Dutch: consent"),
    ("alles accepteren", "Dutch: accept all"),
    ("privacidade", "Portuguese: privacy"),
    ("aceitar todos", "Portuguese: accept all"),
    ("zgod", "Polish: consent (zgoda, zgody)"),
    ("prywatno", "Polish: privacy (prywatność)"),
    ("akceptuj", "Polish: accept"),
];

/// Words of the buttons every consent UI has; consent vocabulary without one of these is
/// prose *about* consent, not a dialog asking for it.
pub(crate) const CONSENT_ACTIONS: &[(&str, &str)] = &[
    ("accept", "English"),
    ("agree", "English"),
    ("allow", "English"),
    ("got it", "English"),
    ("reject", "English"),
    ("decline", "English"),
    ("settings", "English"),
    ("preferences", "English"),
    ("customi", "English: customise/customize"),
    ("akzeptieren", "German"),
    ("zustimmen", "German"),
    ("einverstanden", "German"),
    ("ablehnen", "German"),
    ("einstellungen", "German"),
    ("accepter", "French"),
    ("refuser", "French"),
    ("paramètres", "French"),
    ("aceptar", "Spanish"),
    ("rechazar", "Spanish"),
    ("configuración", "Spanish"),
    ("accetta", "Italian"),
    ("rifiuta", "Italian"),
    ("impostazioni", "Italian"),
    ("accepteren", "Dutch"),
    ("weigeren", "Dutch"),
    ("instellingen", "Dutch"),
    ("aceitar", "Portuguese"),
    ("rejeitar", "Portuguese"),
    ("configurações", "Portuguese"),
    ("akceptuj", "Polish"),
    ("odrzu", "Polish: odrzuć"),
    ("ustawienia", "Polish"),
];

/// Openings of date and byline lines ("Published on 7 January 2025"): their facts go to
/// metadata, the line itself is chrome. Compared case-insensitively with a short block's start.
pub(crate) const DATELINE_PREFIXES: &[(&str, &str)] = &[
    ("published on", "English"),
    ("published:", "English"),
    ("posted on", "English"),
    ("posted:", "English"),
    ("updated on", "English"),
    ("last updated", "English"),
    ("geschrieben am", "German"),
    ("veröffentlicht am", "German"),
    ("aktualisiert am", "German"),
    ("publié le", "French"),
    ("mis à jour le", "French"),
    ("publicado el", "Spanish"),
    ("actualizado el", "Spanish"),
    ("pubblicato il", "Italian"),
    ("aggiornato il", "Italian"),
    ("gepubliceerd op", "Dutch"),
    ("bijgewerkt op", "Dutch"),
    ("publicado em", "Portuguese"),
    ("atualizado em", "Portuguese"),
    ("opublikowano", "Polish"),
];

/// Reading-time notes ("5 min read"), matched inside short blocks.
pub(crate) const READING_TIME: &[(&str, &str)] = &[
    ("min read", "English"),
    ("minute read", "English"),
    ("minutes read", "English"),
    ("lesezeit", "German"),
    ("min de lecture", "French"),
    ("de lectura", "Spanish"),
    ("di lettura", "Italian"),
    ("leestijd", "Dutch"),
    ("de leitura", "Portuguese"),
    ("czytania", "Polish"),
];

/// Short lines that are chrome wherever they appear, compared case-insensitively against a
/// whole block's text.
pub(crate) const CHROME_LINES: &[(&str, &str)] = &[
    ("scroll to top", "back-to-top links"),
    ("back to top", "back-to-top links"),
    ("share this:", "share bar titles"),
    ("share this article", "share bar titles"),
    ("share this story", "share bar titles"),
    ("share", "share buttons"),
    ("tweet", "share buttons"),
    ("advertisement", "ad labels"),
    ("advertisements", "ad labels"),
    ("sponsored", "ad labels"),
    ("read more", "teaser links"),
    ("continue reading", "teaser links"),
    ("related posts", "related-post headings"),
    ("related articles", "related-post headings"),
    ("related stories", "related-post headings"),
    ("you may also like", "recommendation headings"),
    ("recommended", "recommendation headings"),
    ("most popular", "recommendation headings"),
    ("trending", "recommendation headings"),
    ("recommended for you", "recommendation headings"),
    ("leave a reply", "comment form headings"),
    ("leave a comment", "comment form headings"),
    ("skip to content", "skip links"),
    ("skip to main content", "skip links"),
    ("loading...", "script placeholders"),
    ("like this:", "WordPress like bar"),
    ("like loading...", "WordPress like bar"),
    ("print", "print links"),
    ("email", "share buttons"),
    ("facebook", "share buttons"),
    ("twitter", "share buttons"),
    ("linkedin", "share buttons"),
    ("whatsapp", "share buttons"),
    ("pinterest", "share buttons"),
    ("reddit", "share buttons"),
];

/// Whole class names (compared with the full class token) of content hidden from sighted
/// readers. Matched whole, because `hidden-xs` (Bootstrap: hidden on phones only) is visible.
pub(crate) const HIDDEN_CLASSES: &[(&str, &str)] = &[
    ("hidden", "Bootstrap/Tailwind: display none"),
    ("hide", "common: display none"),
    ("d-none", "Bootstrap 4+: display none"),
    ("sr-only", "Bootstrap: screen-reader only"),
    ("visually-hidden", "Bootstrap 5: screen-reader only"),
    ("visuallyhidden", "HTML5 Boilerplate: screen-reader only"),
    ("screen-reader-text", "WordPress: screen-reader only"),
    ("screen-reader-only", "screen-reader only"),
    ("element-invisible", "Drupal: screen-reader only"),
    ("is-hidden", "Bulma: display none"),
    ("invisible", "visibility hidden"),
];

/// Responsive display classes: Tailwind's `sm:block`, Bootstrap's `d-md-block`. A hiding class
/// with one of these is a mobile-only hide, so the element shows on a desktop, the rendering
/// readers (and the sets' annotators) see. Prefixes of breakpoints a desktop (1280 px) reaches.
pub(crate) const DESKTOP_BREAKPOINTS: &[(&str, &str)] = &[
    ("sm", "Tailwind 640 px, Bootstrap 576 px"),
    ("md", "Tailwind and Bootstrap 768 px"),
    ("lg", "Tailwind 1024 px, Bootstrap 992 px"),
    ("xl", "Tailwind 1280 px, Bootstrap 1200 px"),
];

/// Display values a responsive class can set: anything but `none` shows the element.
pub(crate) const DISPLAY_VALUES: &[(&str, &str)] = &[
    ("block", "display: block"),
    ("inline", "display: inline"),
    ("inline-block", "display: inline-block"),
    ("flex", "display: flex"),
    ("inline-flex", "display: inline-flex"),
    ("grid", "display: grid"),
    ("inline-grid", "display: inline-grid"),
    ("table", "display: table"),
    ("table-cell", "display: table-cell"),
    ("table-row", "display: table-row"),
    ("contents", "display: contents"),
    ("none", "display: none (Bootstrap `d-lg-none`)"),
    ("hidden", "display: none (Tailwind `lg:hidden`)"),
];

/// Class/id words of the collapsed part of a disclosure widget (accordion, FAQ, "read more"):
/// its text is the page's, hidden only until a click, so a hiding class does not drop it.
pub(crate) const DISCLOSURE_WORDS: &[(&str, &str)] = &[
    ("accordion", "accordion panels"),
    ("collapse", "Bootstrap collapse panels"),
    ("collapsible", "collapsible sections"),
    ("expandable", "'read more' expanders"),
    ("answer", "FAQ answers ('faq__answer')"),
    ("faq", "FAQ entries"),
    ("tabpanel", "tab panels"),
];

/// Splits a class or id value into words at non-alphanumeric characters, and camelCase
/// pieces also into their parts (`blogPost` gives `blogPost`, `blog`, `Post`; `sideBar` gives
/// `sideBar`, `side`, `Bar`). Compare words with [`WordSet::contains`], which ignores ASCII case, so
/// nothing is allocated per element.
pub(crate) fn words(value: &str) -> impl Iterator<Item = &str> {
    AsciiWords { value, at: 0 }.flat_map(|w| std::iter::once(w).chain(CamelParts::new(w)))
}

/// Calls `f` on each of [`words`] in turn, without the flattening iterator: this runs on every
/// element's class and id.
pub(crate) fn for_each_word(value: &str, mut f: impl FnMut(&str)) {
    for w in (AsciiWords { value, at: 0 }) {
        f(w);
        CamelParts::new(w).for_each(&mut f);
    }
}

/// `u8::is_ascii_alphanumeric` as a table: one load per byte instead of three range tests, on
/// every byte of every class and id value.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The maximal runs of ASCII letters and digits in a value, found byte by byte: every byte of
/// a non-ASCII character is a separator, so the runs are those of a split at characters,
/// without decoding them.
struct AsciiWords<'a> {
    value: &'a str,
    at: usize,
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let b = self.value.as_bytes();
        let mut i = self.at;
        while b.get(i).is_some_and(|&c| !ALNUM[usize::from(c)]) {
            i += 1;
        }
        let start = i;
        while b.get(i).is_some_and(|&c| ALNUM[usize::from(c)]) {
            i += 1;
        }
        self.at = i;
        // Both ends are at ASCII bytes (or the end), so on character boundaries.
        self.value.get(start..i).filter(|w| !w.is_empty())
    }
}

/// The parts of a camelCase word, or nothing when the word has no lower-to-upper step.
struct CamelParts<'a> {
    rest: &'a str,
}

impl<'a> CamelParts<'a> {
    fn new(w: &'a str) -> Self {
        let b = w.as_bytes();
        let camel = b
            .windows(2)
            .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase());
        CamelParts {
            rest: if camel { w } else { "" },
        }
    }
}

impl<'a> Iterator for CamelParts<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let b = self.rest.as_bytes();
        let cut = (1..b.len())
            .find(|&i| b[i - 1].is_ascii_lowercase() && b[i].is_ascii_uppercase())
            .unwrap_or(b.len());
        let (part, rest) = self.rest.split_at(cut);
        self.rest = rest;
        Some(part)
    }
}

/// A word table indexed by word length, for the lookups made on every element's class and
/// id: a word is compared only with the table's words of its own length (a handful), not
/// with the whole table.
pub(crate) struct WordSet {
    /// Indexed by [`WordSet::slot`]: length and first letter.
    by_len: Vec<Vec<&'static str>>,
}

impl WordSet {
    pub(crate) fn new(table: &[(&'static str, &str)]) -> WordSet {
        WordSet::of(table.iter().map(|&(w, _)| w))
    }

    /// A set of the given words.
    pub(crate) fn of(words: impl IntoIterator<Item = &'static str>) -> WordSet {
        let mut by_len: Vec<Vec<&'static str>> = Vec::new();
        for w in words {
            let slot = WordSet::slot(w);
            if by_len.len() <= slot {
                by_len.resize_with(slot + 1, Vec::new);
            }
            by_len[slot].push(w);
        }
        WordSet { by_len }
    }

    /// A word's bucket: its length and its first byte without ASCII case (folded into 32
    /// values; words that collide are still compared in full). Length alone left dozens of
    /// candidates per lookup in the larger tables.
    fn slot(word: &str) -> usize {
        let first = word.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
        word.len() * 32 + usize::from(first & 31)
    }

    /// Whether `word` is in the table, ignoring ASCII case.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.by_len
            .get(WordSet::slot(word))
            .is_some_and(|b| b.iter().any(|w| w.eq_ignore_ascii_case(word)))
    }
}

/// A word table whose words carry bits (one per source table, merged when a word is in
/// several): one lookup says every table a word belongs to.
pub(crate) struct WordBits {
    /// Indexed by [`WordSet::slot`].
    by_slot: Vec<Vec<(&'static str, u8)>>,
}

impl WordBits {
    /// A table of the given words and their bits.
    pub(crate) fn of(words: impl IntoIterator<Item = (&'static str, u8)>) -> WordBits {
        let mut by_slot: Vec<Vec<(&'static str, u8)>> = Vec::new();
        for (w, bits) in words {
            let slot = WordSet::slot(w);
            if by_slot.len() <= slot {
                by_slot.resize_with(slot + 1, Vec::new);
            }
            by_slot[slot].push((w, bits));
        }
        WordBits { by_slot }
    }

    /// The bits of every table holding `word` (ignoring ASCII case); 0 when none does.
    pub(crate) fn bits(&self, word: &str) -> u8 {
        self.by_slot.get(WordSet::slot(word)).map_or(0, |b| {
            b.iter()
                .filter(|(w, _)| w.eq_ignore_ascii_case(word))
                .fold(0, |m, (_, bits)| m | bits)
        })
    }
}

/// [`CHROME_WORDS`], indexed.
pub(crate) static CHROME: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(CHROME_WORDS));
/// [`SMALL_CHROME_WORDS`], indexed.
pub(crate) static SMALL_CHROME: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(SMALL_CHROME_WORDS));
/// [`DISCLOSURE_WORDS`], indexed.
pub(crate) static DISCLOSURE: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(DISCLOSURE_WORDS));
/// [`CONTENT_WORDS`], indexed.
pub(crate) static CONTENT: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(CONTENT_WORDS));
/// [`WEAK_NEGATIVE_WORDS`], indexed.
pub(crate) static WEAK_NEGATIVE: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(WEAK_NEGATIVE_WORDS));
/// [`CONSENT_TOOLS`], indexed.
pub(crate) static CONSENT: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(CONSENT_TOOLS));

/// [`CONTENT_QUALIFIERS`], indexed.
pub(crate) static CONTENT_QUALIFIER: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(CONTENT_QUALIFIERS));

/// Whether an element's class and id values name the article's content: a name
/// (whitespace-separated) with a [`CONTENT_WORDS`] word, and no name that pairs one with a
/// [`CONTENT_QUALIFIERS`] word (`id="comment-text" class="user-post-text"` is a comment box
/// whatever its class says).
pub(crate) fn names_content(class: &str, id: &str) -> bool {
    // One pass: a qualified content name settles it, any other content name counts.
    let mut content = false;
    for name in class
        .split_ascii_whitespace()
        .chain(id.split_ascii_whitespace())
    {
        if has_word(name, &CONTENT) {
            if has_word(name, &CONTENT_QUALIFIER) {
                return false;
            }
            content = true;
        }
    }
    content
}

/// Whether any word of a class/id value is in `set`.
pub(crate) fn has_word(value: &str, set: &WordSet) -> bool {
    // `words(value).any(..)` without the flattening iterator: this runs on every element.
    AsciiWords { value, at: 0 }
        .any(|w| set.contains(w) || CamelParts::new(w).any(|p| set.contains(p)))
}

/// Whether `local` is in a `(tag, reason)` table.
pub(crate) fn tag_in(table: &[(LocalName, &str)], local: &LocalName) -> bool {
    table.iter().any(|(t, _)| t == local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_and_lowercase() {
        let w: Vec<_> = words("site-Footer  cookie_banner--x").collect();
        assert_eq!(w, ["site", "Footer", "cookie", "banner", "x"]);
        assert!(CHROME.contains("Footer"));
        let w: Vec<_> = words("blogPost sideBar URLs").collect();
        assert_eq!(
            w,
            ["blogPost", "blog", "Post", "sideBar", "side", "Bar", "URLs"]
        );
    }

    #[test]
    fn byte_split_matches_char_split() {
        let old = |v: &str| -> Vec<String> {
            v.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .flat_map(|w| std::iter::once(w).chain(CamelParts::new(w)))
                .map(str::to_string)
                .collect()
        };
        const PIECES: &[&str] = &[
            "a", "B", "7", "-", "_", " ", "é", "日本", "\u{a0}", "x\u{301}", "Side", "bar",
        ];
        let mut x = 0x9e37_79b9_u64;
        for _ in 0..20_000 {
            let mut v = String::new();
            for _ in 0..(x % 9) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                v.push_str(PIECES[usize::try_from(x % PIECES.len() as u64).unwrap_or(0)]);
            }
            x = x.wrapping_add(1);
            let new: Vec<String> = words(&v).map(str::to_string).collect();
            assert_eq!(new, old(&v), "{v:?}");
        }
    }

    #[test]
    fn lookup_by_slot_matches_a_scan() {
        for w in CHROME_WORDS
            .iter()
            .chain(CONTENT_WORDS)
            .chain(CONSENT_TOOLS)
        {
            let upper = w.0.to_ascii_uppercase();
            for probe in [w.0, upper.as_str(), &w.0[1..], "x"] {
                let scan = CHROME_WORDS
                    .iter()
                    .any(|(t, _)| t.eq_ignore_ascii_case(probe));
                assert_eq!(CHROME.contains(probe), scan, "{probe}");
            }
        }
    }

    #[test]
    fn a_comment_qualifier_unnames_content() {
        assert!(names_content("article-text", ""));
        assert!(names_content("comment-box entry-content", ""));
        assert!(!names_content("comment-text", ""));
        assert!(!names_content("commentBody", ""));
        assert!(!names_content("post-comments comment-list", ""));
        assert!(!names_content("user-post-text", "comment-text"));
        assert!(names_content("", "main"));
    }

    #[test]
    fn cookie_substring_is_not_a_word() {
        assert!(!has_word("cookiecutter-recipes", &CONSENT));
        assert!(has_word("cookie-notice", &CONSENT));
        assert!(CHROME.contains("FOOTER") && !CHROME.contains("foot"));
    }

    #[test]
    fn tables_have_reasons_and_no_duplicates() {
        for table in [
            CHROME_WORDS,
            SMALL_CHROME_WORDS,
            CHROME_STEMS,
            CONTENT_WORDS,
            CONTENT_QUALIFIERS,
            WEAK_NEGATIVE_WORDS,
            CONSENT_TOOLS,
            CHROME_LINES,
        ] {
            let mut seen = std::collections::HashSet::new();
            for (w, why) in table {
                assert!(!why.is_empty());
                assert!(seen.insert(*w), "duplicate entry {w}");
            }
        }
    }

    #[test]
    fn chrome_stems_need_a_continuation() {
        assert!(has_chrome_stem("relatedposts") && has_chrome_stem("SidebarMenu"));
        assert!(!has_chrome_stem("related") && !has_chrome_stem("relate"));
        assert!(!has_chrome_stem("sociology") && has_chrome_stem("newsletters"));
        assert!(has_chrome_stem("commentbody") && !has_chrome_stem("Commentary"));
    }
}
