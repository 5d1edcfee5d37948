//! Where each metadata field came from, for [`Extractor::explain`](crate::Extractor::explain).
//!
//! Resolution (the parent module) decides every field by an order of trust but does not keep
//! track of which candidate won: threading a source through every rule would cost extraction
//! without a trace, and tie the rules to the trace. Instead, in trace mode only, this module
//! lists every declared candidate of every field with its source, in the same order of trust,
//! before resolution consumes the [`Declared`] facts; afterwards the first candidate carrying
//! exactly the resolved value is named as its source. A value no candidate carries verbatim
//! (a title rebuilt from several parts, a name list merged from two places) is reported as
//! derived rather than guessed.

use super::*;
use crate::article::Article;
use crate::explain::{FieldSource, describe};

/// A field's candidates, in order of trust.
#[derive(Debug)]
struct Field {
    name: &'static str,
    cands: Vec<(Val, String)>,
}

/// A candidate value: one string, or a list (authors).
#[derive(Debug)]
enum Val {
    One(String),
    Many(Vec<String>),
}

/// Every declared candidate of every field, with its source; see the module doc.
#[derive(Debug)]
pub(crate) struct Candidates {
    fields: Vec<Field>,
}

/// What [`FieldSource::source`] says when no candidate carries the resolved value verbatim.
pub(crate) const DERIVED: &str = "derived (no single declared source carries this exact value)";

impl Field {
    fn new(name: &'static str) -> Field {
        Field {
            name,
            cands: Vec::new(),
        }
    }

    fn one(&mut self, value: Option<String>, source: impl Into<String>) {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.cands.push((Val::One(v), source.into()));
        }
    }

    fn many(&mut self, value: Vec<String>, source: impl Into<String>) {
        if !value.is_empty() {
            self.cands.push((Val::Many(value), source.into()));
        }
    }

    /// `meta <key>` candidates for every key of a table, table order, document order within.
    fn metas(&mut self, d: &Declared, table: &[(&str, &str)], f: impl Fn(&str) -> Option<String>) {
        for (key, _) in table {
            for v in d.meta_all(key) {
                self.one(f(v), format!("meta {key}"));
            }
        }
    }
}

/// Lists the candidates of every field; runs before [`resolve`] consumes `d`.
pub(crate) fn candidates(d: &Declared, dom: &Dom) -> Candidates {
    let site = resolve_site(d);
    let host = host_label(d.page_url.as_deref());
    let (site, host) = (site.as_deref(), host.as_deref());
    let mut fields = Vec::new();

    let mut f = Field::new("title");
    let cut = |s: &str| Some(clean(&split_title(s, site, host).0, MAX_TITLE));
    for (v, key) in [(&d.ld.headline, "headline"), (&d.ld.name, "name")] {
        if let Some(v) = v {
            f.one(Some(clean(v, MAX_TITLE)), format!("JSON-LD {key}"));
            f.one(cut(v), format!("JSON-LD {key} (site name split off)"));
        }
    }
    f.metas(d, TITLE_META, |v| Some(clean(v, MAX_TITLE)));
    f.metas(d, TITLE_META, |v| cut(&clean(v, MAX_TITLE)));
    if let Some(t) = &d.title_tag {
        f.one(cut(t), "<title> (site name split off)");
        f.one(Some(clean(t, MAX_TITLE)), "<title>");
    }
    for h in d.headings.iter().filter(|h| h.level == 1) {
        f.one(
            Some(clean_heading(&h.text)),
            format!("h1 {}", describe(dom, h.node)),
        );
    }
    fields.push(f);

    let mut f = Field::new("authors");
    let names = |raw: &[&str]| dedup_names(raw.iter().flat_map(|r| split_authors(r)).collect());
    let ld: Vec<&str> = d.ld.authors.iter().map(String::as_str).collect();
    f.many(names(&ld), "JSON-LD author");
    for key in std::iter::once("citation_author").chain(AUTHOR_META.iter().map(|(k, _)| *k)) {
        let raw: Vec<&str> = d
            .meta_all(key)
            .filter(|v| !url::looks_like_url(v))
            .collect();
        f.many(names(&raw), format!("meta {key}"));
    }
    for b in &d.bylines {
        f.many(
            names(&[&b.text]),
            format!("byline element {}", describe(dom, b.node)),
        );
    }
    for (node, text) in &d.rel_authors {
        f.many(
            names(&[text]),
            format!("rel=author link {}", describe(dom, *node)),
        );
    }
    for v in d.meta_all("twitter:creator") {
        f.many(names(&[v]), "meta twitter:creator");
    }
    fields.push(f);

    let mut f = Field::new("date");
    f.one(
        d.ld.published.as_ref().map(Date::iso),
        "JSON-LD datePublished (or dateCreated, uploadDate)",
    );
    f.metas(d, PUBLISHED_META, |v| {
        date::parse_machine(v).map(|x| x.iso())
    });
    for t in d.times.iter().filter(|t| !t.modified) {
        f.one(Some(t.date.iso()), time_source(dom, t.node));
    }
    f.one(
        d.page_url
            .as_deref()
            .and_then(date::from_url)
            .map(|x| x.iso()),
        "URL path",
    );
    for t in &d.date_texts {
        f.one(
            Some(t.date.iso()),
            format!("date text in {}", describe(dom, t.node)),
        );
    }
    fields.push(f);

    let mut f = Field::new("date_modified");
    f.one(
        d.ld.modified.as_ref().map(Date::iso),
        "JSON-LD dateModified",
    );
    f.metas(d, MODIFIED_META, |v| {
        date::parse_machine(v).map(|x| x.iso())
    });
    for t in d.times.iter().filter(|t| t.modified) {
        f.one(Some(t.date.iso()), time_source(dom, t.node));
    }
    fields.push(f);

    let mut f = Field::new("site_name");
    f.one(d.ld.publisher.clone(), "JSON-LD publisher name");
    f.metas(d, &SITE_META[..1], |v| Some(clean(v, MAX_NAME * 2)));
    f.one(d.ld.website.clone(), "JSON-LD WebSite name");
    f.metas(d, &SITE_META[1..], |v| Some(clean(v, MAX_NAME * 2)));
    if let Some(t) = &d.title_tag {
        f.one(split_title(t, None, host).1, "<title> (site part)");
    }
    fields.push(f);

    let mut f = Field::new("lang");
    f.one(d.html_lang.clone(), "<html lang>");
    let langs = [
        ("content-language", ""),
        ("language", ""),
        ("dc.language", ""),
    ];
    f.metas(d, &langs, |l| {
        l.split([',', ';']).next().map(|l| clean(l, 40))
    });
    f.metas(d, &[("og:locale", "")], |l| {
        Some(clean(&l.replace('_', "-"), 40))
    });
    fields.push(f);

    let mut f = Field::new("url");
    let abs = |u: &str| d.abs_url(u);
    f.one(d.canonical.as_deref().and_then(abs), "<link rel=canonical>");
    f.metas(d, &[("og:url", "")], abs);
    f.one(d.ld.url.as_deref().and_then(abs), "JSON-LD url");
    fields.push(f);

    let mut f = Field::new("description");
    f.metas(d, DESCRIPTION_META, |v| Some(clean(v, MAX_DESCRIPTION)));
    f.one(d.ld.description.clone(), "JSON-LD description");
    fields.push(f);

    let mut f = Field::new("image");
    f.metas(d, IMAGE_META, abs);
    f.one(d.ld.image.as_deref().and_then(abs), "JSON-LD image");
    f.one(
        d.image_link.as_deref().and_then(abs),
        "<link rel=image_src>",
    );
    fields.push(f);

    let mut f = Field::new("tags");
    for (key, _) in TAG_META {
        for v in d.meta_all(key) {
            let parts: Vec<&str> = if *key == "parsely-tags" {
                v.split(',').collect()
            } else {
                vec![v]
            };
            for p in parts {
                f.one(Some(clean(p, 100)), format!("meta {key}"));
            }
        }
    }
    for k in &d.ld.keywords {
        f.one(Some(clean(k, 100)), "JSON-LD keywords/articleSection");
    }
    for k in &d.rel_tags {
        f.one(Some(clean(k, 100)), "rel=tag link");
    }
    fields.push(f);

    let mut f = Field::new("page_type");
    f.metas(d, &[("og:type", "")], |v| Some(clean(v, 100)));
    f.one(d.ld.main_type.clone(), "JSON-LD @type");
    fields.push(f);

    let mut f = Field::new("license");
    f.one(d.license.as_deref().and_then(abs), "rel=license link");
    if let Some(l) = d.ld.license.as_deref() {
        f.one(
            abs(l).or_else(|| non_empty(clean(l, 200))),
            "JSON-LD license",
        );
    }
    fields.push(f);

    Candidates { fields }
}

/// `<time datetime>` or `<time>` text, with the element.
fn time_source(dom: &Dom, node: NodeId) -> String {
    let how = if attr(dom, node, "datetime").is_some() {
        "<time datetime>"
    } else {
        "<time> text"
    };
    format!("{how} {}", describe(dom, node))
}

impl Candidates {
    /// The source of every field the article has, in field order.
    pub(crate) fn sources(&self, a: &Article) -> Vec<FieldSource> {
        let mut out = Vec::new();
        for field in &self.fields {
            let resolved: Vec<String> = match field.name {
                "title" => a.title.iter().cloned().collect(),
                "authors" => a.authors.clone(),
                "date" => a.date.iter().cloned().collect(),
                "date_modified" => a.date_modified.iter().cloned().collect(),
                "site_name" => a.site_name.iter().cloned().collect(),
                "lang" => a.lang.iter().cloned().collect(),
                "url" => a.url.iter().cloned().collect(),
                "description" => a.description.iter().cloned().collect(),
                "image" => a.image.iter().cloned().collect(),
                "tags" => a.tags.clone(),
                "page_type" => a.page_type.iter().cloned().collect(),
                "license" => a.license.iter().cloned().collect(),
                _ => Vec::new(),
            };
            if resolved.is_empty() {
                continue;
            }
            let source = match field.name {
                "authors" => field.list_source(&resolved),
                "tags" => field.each_source(&resolved),
                _ => field.one_source(&resolved[0]),
            };
            out.push(FieldSource {
                field: field.name,
                value: resolved.join("; "),
                source: source.unwrap_or_else(|| DERIVED.to_string()),
            });
        }
        out
    }
}

impl Field {
    fn one_source(&self, value: &str) -> Option<String> {
        self.cands.iter().find_map(|(v, s)| match v {
            Val::One(c) if c == value => Some(s.clone()),
            _ => None,
        })
    }

    /// The candidate naming exactly these people, in this order.
    fn list_source(&self, value: &[String]) -> Option<String> {
        self.cands.iter().find_map(|(v, s)| match v {
            Val::Many(c) if c == value => Some(s.clone()),
            _ => None,
        })
    }

    /// Tags are gathered from every source: each one that contributed, first-use order.
    fn each_source(&self, value: &[String]) -> Option<String> {
        let mut used: Vec<&str> = Vec::new();
        for t in value {
            let key = t.to_lowercase();
            let s = self.cands.iter().find_map(|(v, s)| match v {
                Val::One(c) if c.to_lowercase() == key => Some(s.as_str()),
                _ => None,
            })?;
            if !used.contains(&s) {
                used.push(s);
            }
        }
        Some(used.join(" + "))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Extractor, Options};

    fn sources(html: &str, url: Option<&str>) -> Vec<(String, String, String)> {
        let ex = Extractor::new(Options::default());
        let why = ex
            .explain(html.as_bytes(), url, None)
            .expect("a small page extracts");
        why.metadata
            .into_iter()
            .map(|f| (f.field.to_string(), f.value, f.source))
            .collect()
    }

    fn source_of<'a>(s: &'a [(String, String, String)], field: &str) -> Option<&'a str> {
        s.iter()
            .find(|(f, _, _)| f == field)
            .map(|(_, _, src)| src.as_str())
    }

    const BODY: &str = "<article><h1 class=entry-title>Rain due on Monday</h1>\
        <div class=byline>By Ann Lee</div>\
        <p>Heavy rain is expected across the region on Monday, forecasters said, with local \
        flooding likely in low-lying areas near the river and the old mill.</p></article>";

    #[test]
    fn json_ld_outranks_meta_and_names_its_key() {
        let page = format!(
            "<html lang=en-GB><head><title>Rain due on Monday | Daily News</title>\
             <meta property=og:title content='Rain due on Monday'>\
             <meta property=og:site_name content='Daily News'>\
             <script type=application/ld+json>{{\"@type\":\"NewsArticle\",\
             \"headline\":\"Rain due on Monday\",\"datePublished\":\"2024-03-04T10:00:00Z\",\
             \"author\":{{\"@type\":\"Person\",\"name\":\"Ann Lee\"}}}}</script>\
             </head><body>{BODY}</body></html>"
        );
        let s = sources(&page, None);
        assert_eq!(source_of(&s, "title"), Some("JSON-LD headline"));
        assert_eq!(source_of(&s, "authors"), Some("JSON-LD author"));
        assert_eq!(
            source_of(&s, "date"),
            Some("JSON-LD datePublished (or dateCreated, uploadDate)")
        );
        assert_eq!(source_of(&s, "site_name"), Some("meta og:site_name"));
        assert_eq!(source_of(&s, "lang"), Some("<html lang>"));
        assert!(
            s.iter()
                .any(|(f, v, _)| f == "date" && v == "2024-03-04T10:00:00Z")
        );
    }

    #[test]
    fn page_elements_are_named_when_nothing_is_declared() {
        let page = format!(
            "<html><head><title>Rain due on Monday - Daily News</title></head><body>\
             <p class=meta><time datetime=2024-03-04>4 March</time></p>{BODY}</body></html>"
        );
        let s = sources(&page, Some("https://news.example/2024/03/04/rain"));
        let title = source_of(&s, "title").unwrap_or_default();
        // The h1 and the cut <title> agree; the cut <title> comes first in the order of trust.
        assert!(
            title == "<title> (site name split off)" || title.starts_with("h1 h1.entry-title"),
            "{title}"
        );
        assert_eq!(source_of(&s, "authors"), Some("byline element div.byline"));
        assert_eq!(source_of(&s, "date"), Some("<time datetime> time"));
        assert_eq!(source_of(&s, "site_name"), Some("<title> (site part)"));
    }

    #[test]
    fn url_date_and_missing_fields() {
        let s = sources(
            &format!("<html><body>{BODY}</body></html>"),
            Some("https://news.example/2024/03/04/rain"),
        );
        assert_eq!(source_of(&s, "date"), Some("URL path"));
        // Fields the page does not have are not listed.
        assert_eq!(source_of(&s, "license"), None);
        assert_eq!(source_of(&s, "image"), None);
    }

    #[test]
    fn tags_name_every_contributing_source() {
        let page = format!(
            "<html><head><meta property=article:tag content=Weather>\
             <script type=application/ld+json>{{\"@type\":\"NewsArticle\",\"headline\":\"x y z\",\
             \"keywords\":\"Rivers, Weather\"}}</script></head><body>{BODY}</body></html>"
        );
        let s = sources(&page, None);
        assert_eq!(
            source_of(&s, "tags"),
            Some("meta article:tag + JSON-LD keywords/articleSection")
        );
    }
}
