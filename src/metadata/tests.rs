//! Unit tests for the metadata stage: one per source and per malformed case.

use super::*;

fn run(html: &str, url: Option<&str>) -> Meta {
    let dom = Dom::parse(html);
    let d = declared(&dom, url);
    let root = article_root(&dom);
    resolve(d, &dom, root)
}

fn article_root(dom: &Dom) -> NodeId {
    dom.descendants(DOCUMENT)
        .find(|&id| dom.element(id).is_some_and(|e| &*e.name.local == "article"))
        .unwrap_or(DOCUMENT)
}

fn page(head: &str, body: &str) -> String {
    format!("<!doctype html><html lang=\"en-US\"><head>{head}</head><body>{body}</body></html>")
}

#[test]
fn title_from_jsonld_headline() {
    let m = run(
        &page(
            r#"<title>Other | Site</title><meta property="og:title" content="OG title">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"LD headline"}</script>"#,
            "<h1>Something else entirely</h1>",
        ),
        None,
    );
    assert_eq!(m.title.as_deref(), Some("LD headline"));
    assert_eq!(m.page_type.as_deref(), Some("NewsArticle"));
}

#[test]
fn title_from_og_with_site_suffix_and_h1() {
    let head = r#"<title>Rain due | Daily News</title><meta property="og:site_name" content="Daily News">
        <meta property="og:title" content="Rain due | Daily News">"#;
    let m = run(&page(head, "<article><h1>Rain due</h1></article>"), None);
    assert_eq!(m.title.as_deref(), Some("Rain due"));
    assert_eq!(m.site_name.as_deref(), Some("Daily News"));
}

#[test]
fn title_tag_split_and_h1() {
    let m = run(
        &page("<title>A long headline about things - Example</title>", ""),
        None,
    );
    assert_eq!(m.title.as_deref(), Some("A long headline about things"));
    assert_eq!(m.site_name.as_deref(), Some("Example"));
    let m = run(
        &page("<title>Example :: A long headline about things</title>", ""),
        Some("https://www.example.com/x"),
    );
    assert_eq!(m.title.as_deref(), Some("A long headline about things"));
    let m = run(&page("<title>Home</title>", "<h1>Only heading</h1>"), None);
    assert_eq!(m.title.as_deref(), Some("Home"));
    let m = run(&page("", "<h1>Only heading¶</h1>"), None);
    assert_eq!(m.title.as_deref(), Some("Only heading"));
}

#[test]
fn authors_from_jsonld_shapes() {
    let one = r#"<script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"Jane Roe"}}</script>"#;
    assert_eq!(run(&page(one, ""), None).authors, ["Jane Roe"]);
    let arr = r#"<script type="application/ld+json">{"@type":"Article","author":[{"name":"A One"},"B Two"]}</script>"#;
    assert_eq!(run(&page(arr, ""), None).authors, ["A One", "B Two"]);
    let graph = r##"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebPage","@id":"#wp","name":"Page"},
        {"@type":"BlogPosting","@id":"#a","headline":"H","author":{"@id":"#p1"},"datePublished":"2024-03-05T08:00:00+01:00"},
        {"@type":"Person","@id":"#p1","name":"Graph Person"}]}</script>"##;
    let m = run(&page(graph, ""), None);
    assert_eq!(m.authors, ["Graph Person"]);
    assert_eq!(m.date.as_deref(), Some("2024-03-05T08:00:00+01:00"));
    assert_eq!(m.title.as_deref(), Some("H"));
}

#[test]
fn authors_from_meta_rel_and_byline() {
    let m = run(
        &page(r#"<meta name="author" content="Meta Author">"#, ""),
        None,
    );
    assert_eq!(m.authors, ["Meta Author"]);
    let m = run(
        &page(
            r#"<meta property="article:author" content="https://facebook.com/x">"#,
            "",
        ),
        None,
    );
    assert!(m.authors.is_empty());
    let m = run(
        &page("", r#"<h1>T</h1><a rel="author" href="/a">Linked Name</a>"#),
        None,
    );
    assert_eq!(m.authors, ["Linked Name"]);
    let m = run(
        &page(
            "",
            r#"<article><h1>T</h1><div class="byline">By Ann Smith and Bob Jones | Jan 7, 2025</div></article>"#,
        ),
        None,
    );
    assert_eq!(m.authors, ["Ann Smith", "Bob Jones"]);
    let m = run(
        &page(
            "",
            r#"<article><h1>T</h1><p class="author">Von Max Muster</p></article>"#,
        ),
        None,
    );
    assert_eq!(m.authors, ["Max Muster"]);
    let m = run(
        &page(
            "",
            r#"<article><h1>T</h1><span class="byline">7 January 2025</span></article>"#,
        ),
        None,
    );
    assert!(m.authors.is_empty());
}

#[test]
fn dates_from_each_source() {
    let d = |head: &str, body: &str, url: Option<&str>| run(&page(head, body), url).date;
    assert_eq!(
        d(
            r#"<meta property="article:published_time" content="2025-01-07T10:30:00+00:00">"#,
            "",
            None
        )
        .as_deref(),
        Some("2025-01-07T10:30:00+00:00")
    );
    assert_eq!(
        d(
            r#"<meta name="dc.date.issued" content="2024-02-03">"#,
            "",
            None
        )
        .as_deref(),
        Some("2024-02-03")
    );
    assert_eq!(
        d(
            r#"<meta itemprop="datePublished" content="2023-04-05">"#,
            "",
            None
        )
        .as_deref(),
        Some("2023-04-05")
    );
    assert_eq!(
        d("", r#"<article><h1>T</h1><time datetime="2022-05-06T07:08:09Z" pubdate>May 6</time></article>"#, None)
            .as_deref(),
        Some("2022-05-06T07:08:09Z")
    );
    assert_eq!(
        d("", "<h1>T</h1>", Some("https://x.org/2021/03/04/slug/")).as_deref(),
        Some("2021-03-04")
    );
    assert_eq!(
        d(
            "",
            r#"<h1>T</h1><div class="date">7. Januar 2025</div>"#,
            None
        )
        .as_deref(),
        Some("2025-01-07")
    );
    assert_eq!(
        d(
            "",
            r#"<h1>T</h1><span class="post-date">7 janvier 2025</span>"#,
            None
        )
        .as_deref(),
        Some("2025-01-07")
    );
    assert_eq!(
        d(
            r#"<meta property="article:published_time" content="2999-01-01">"#,
            "",
            None
        ),
        None
    );
}

#[test]
fn modified_before_published_is_dropped() {
    let head = r#"<meta property="article:published_time" content="2025-01-07">
        <meta property="article:modified_time" content="2024-01-01">"#;
    let m = run(&page(head, ""), None);
    assert_eq!(m.date.as_deref(), Some("2025-01-07"));
    assert_eq!(m.date_modified, None);
    let head = r#"<meta property="article:published_time" content="2025-01-07">
        <meta property="article:modified_time" content="2025-02-01">"#;
    assert_eq!(
        run(&page(head, ""), None).date_modified.as_deref(),
        Some("2025-02-01")
    );
}

#[test]
fn canonical_lang_image_tags_license() {
    let head = r#"<link rel="canonical" href="../b/c?x=1#top"><meta property="og:image" content="//cdn.ex.com/i.png">
        <meta property="article:tag" content="Rust"><meta property="article:tag" content="rust">
        <meta http-equiv="content-language" content="de"><link rel="license" href="/cc-by">
        <script type="application/ld+json">{"@type":"Article","keywords":"a, b","articleSection":["News"]}</script>"#;
    let m = run(
        &page(head, r#"<a rel="tag" href="/t">Tagged</a>"#),
        Some("https://ex.com/a/x/page"),
    );
    assert_eq!(m.url.as_deref(), Some("https://ex.com/a/b/c?x=1"));
    assert_eq!(m.image.as_deref(), Some("https://cdn.ex.com/i.png"));
    assert_eq!(m.tags, ["Rust", "a", "b", "News", "Tagged"]);
    assert_eq!(m.lang.as_deref(), Some("en-US"));
    assert_eq!(m.license.as_deref(), Some("https://ex.com/cc-by"));
    let m = run(
        r#"<html><head><meta property="og:locale" content="en_GB"></head></html>"#,
        None,
    );
    assert_eq!(m.lang.as_deref(), Some("en-GB"));
}

#[test]
fn malformed_jsonld_is_tolerated() {
    let trailing =
        r#"<script type="application/ld+json">{"@type":"Article","headline":"Trailing",}</script>"#;
    assert_eq!(
        run(&page(trailing, ""), None).title.as_deref(),
        Some("Trailing")
    );
    let two = r#"<script type="application/ld+json">{"@type":"Organization","name":"Org"}</script>
        <script type="application/ld+json"><!-- {"@type":"BlogPosting","headline":"Second &amp; last","publisher":{"name":"Pub"}} --></script>"#;
    let m = run(&page(two, ""), None);
    assert_eq!(m.title.as_deref(), Some("Second & last"));
    assert_eq!(m.site_name.as_deref(), Some("Pub"));
    let top_array = r#"<script type="application/ld+json">[{"@type":"WebSite","name":"Site"},{"@type":"Article","headline":"Arr"}]</script>"#;
    assert_eq!(
        run(&page(top_array, ""), None).title.as_deref(),
        Some("Arr")
    );
    for garbage in [
        "{",
        "[[[[",
        "{\"@type\": }",
        "<b>not json</b>",
        "\u{feff}{\"a\":\"\\u12\"}",
        &"[".repeat(5000),
    ] {
        let html = page(
            &format!(
                "<script type=\"application/ld+json\">{garbage}</script><title>Fine title here</title>"
            ),
            "",
        );
        assert_eq!(run(&html, None).title.as_deref(), Some("Fine title here"));
    }
}

#[test]
fn never_panics_on_odd_input() {
    for html in [
        "",
        "<html>",
        "<title></title>",
        "<meta name=author content=\"\">",
        "<time datetime=\"\">x</time>",
        "<h1></h1>",
    ] {
        let _ = run(html, Some("not a url"));
        let _ = run(html, Some("https://ex.com/"));
    }
}

#[test]
fn title_short_h1_confirmed_by_separator_or_site() {
    // A one-word h1 is the title when the rest of <title> is led by a separator.
    let m = run(
        &page(
            "<title>News | National Example Accelerator</title>",
            "<h1>News</h1>",
        ),
        None,
    );
    assert_eq!(m.title.as_deref(), Some("News"));
    // ... or when the rest names the site, even without a separator.
    let m = run(
        &page(
            r#"<meta property="og:title" content="Trails EXAMPLE">"#,
            "<h1>Trails</h1>",
        ),
        Some("https://www.example.org/trails/"),
    );
    assert_eq!(m.title.as_deref(), Some("Trails"));
    // A one-word h1 that merely starts the title is not enough.
    let m = run(
        &page("<title>Home improvement tips</title>", "<h1>Home</h1>"),
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Home improvement tips"));
}

#[test]
fn title_blog_name_h1_does_not_override_og_title() {
    let head = r#"<title>Blog Name: The post about things</title>
        <meta property="og:title" content="The post about things">"#;
    let m = run(&page(head, "<h1>Blog Name</h1>"), None);
    assert_eq!(m.title.as_deref(), Some("The post about things"));
}

#[test]
fn title_site_name_h1_and_breadcrumb_title() {
    let m = run(
        &page(
            "<title>Why the ISO grew in 2024 / Discussion / Example Linux Forums</title>",
            "<h1>Example Linux</h1>",
        ),
        Some("https://bbs.examplelinux.org/viewtopic.php?id=1"),
    );
    assert_eq!(m.title.as_deref(), Some("Why the ISO grew in 2024"));
}

#[test]
fn unmarked_byline_prefix_in_its_own_element() {
    let body = r#"<article><h1>Title here</h1><div><small>Written by</small>
        <p><strong><a href="/a">Example Orbi Team</a></strong></p></div><p>Text.</p></article>"#;
    assert_eq!(run(&page("", body), None).authors, ["Example Orbi Team"]);
    let body = r#"<article><h1>Title here</h1><p>By <a href="/a">Jane Roe</a></p></article>"#;
    assert_eq!(run(&page("", body), None).authors, ["Jane Roe"]);
}

#[test]
fn punctuation_before_a_link_is_not_a_byline() {
    let body = r#"<article><h1>Title here</h1><p>Frameworks like <a href="/r">React</a>,
        <a href="/v">Vue</a> and more.</p><blockquote><p>🇬🇧 <strong>UK Note:</strong> x</p>
        </blockquote></article>"#;
    assert!(run(&page("", body), None).authors.is_empty());
    assert_eq!(byline_lead("🇬🇧 "), None);
    assert_eq!(byline_lead("By"), Some(""));
    assert_eq!(byline_lead("Written by:"), Some(""));
    assert_eq!(byline_lead("di"), None);
    assert_eq!(byline_lead("By Jane Roe"), Some("Jane Roe"));
}

#[test]
fn author_names_keep_suffixes_and_drop_remarks() {
    assert_eq!(
        split_authors("By Brenda Goodman, MA"),
        ["Brenda Goodman, MA"]
    );
    assert_eq!(
        split_authors("John Roe, Jr. and Ann Poe"),
        ["John Roe, Jr.", "Ann Poe"]
    );
    assert_eq!(
        split_authors("Benjamin Johnson, Sr. Director of Operations"),
        ["Benjamin Johnson, Sr."]
    );
    assert_eq!(
        split_authors("Bradley M. Kuhn (http://example.org/bkuhn/)"),
        ["Bradley M. Kuhn"]
    );
    assert_eq!(
        split_authors("Martin Exemple (avec Damien Autre et Morgane Tierce)"),
        ["Martin Exemple"]
    );
    assert_eq!(
        split_authors("Bruno (Henrique Zecchin) Rodrigues"),
        ["Bruno (Henrique Zecchin) Rodrigues"]
    );
    assert_eq!(split_authors("EJ Swift (Arcadia)"), ["EJ Swift"]);
    // A day and month glued to the name.
    assert_eq!(
        split_authors("by Lucas Nolan22 Dec 2016651"),
        ["Lucas Nolan"]
    );
    // Unbalanced brackets do not swallow the name.
    assert_eq!(split_authors("Jane Roe (Lagos"), ["Jane Roe (Lagos"]);
}

#[test]
fn repeated_author_meta_is_one_author_per_tag() {
    let head = r#"<meta name="DC.Creator" content="Kooman, F."><meta name="DC.Creator" content="Jong, Michiel de">"#;
    assert_eq!(
        run(&page(head, ""), None).authors,
        ["Kooman, F.", "Jong, Michiel de"]
    );
}

#[test]
fn handle_author_yields_to_byline_name() {
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"name":"CC7567"}}</script>"#;
    let body = r#"<article><h1>H</h1><span class="author-name">James Example</span></article>"#;
    assert_eq!(run(&page(head, body), None).authors, ["James Example"]);
    // Without a byline the handle is all there is.
    assert_eq!(run(&page(head, "<h1>H</h1>"), None).authors, ["CC7567"]);
    assert!(looks_like_handle("chunix64"));
    assert!(looks_like_handle("solaradelaide"));
    assert!(!looks_like_handle("Richy"));
    assert!(!looks_like_handle("Jane Roe"));
}

#[test]
fn jsonld_midnight_date_yields_to_full_timestamp() {
    let head = r##"<script type="application/ld+json">{"@graph":[
        {"@type":"WebPage","@id":"#wp","datePublished":"2023-05-18T04:39:05+00:00"}]}</script>
        <script type="application/ld+json">{"@type":"BlogPosting","headline":"H",
        "datePublished":"2023-05-17T00:00:00+0000"}</script>"##;
    let m = run(&page(head, ""), None);
    assert_eq!(m.date.as_deref(), Some("2023-05-18T04:39:05+00:00"));
    // Days apart: the article's own date stands.
    let head = r##"<script type="application/ld+json">{"@type":"WebPage","datePublished":"2023-06-18T04:39:05+00:00"}</script>
        <script type="application/ld+json">{"@type":"BlogPosting","headline":"H","datePublished":"2023-05-17"}</script>"##;
    let m = run(&page(head, ""), None);
    assert_eq!(m.date.as_deref(), Some("2023-05-17"));
}

#[test]
fn jsonld_headline_or_name_the_h1_repeats() {
    // `name` agrees with <title> (the SEO title), `headline` with the printed h1.
    let head = r#"<title>2025 Price Guide: Rates | Example</title>
        <script type="application/ld+json">{"@type":"BlogPosting",
          "name":"2025 Price Guide: Rates","headline":"Pricing Guide 2025: Learn the Rates &amp; Tricks"}</script>"#;
    let m = run(
        &page(
            head,
            "<article><h1>Pricing Guide 2025: Learn the Rates & Tricks</h1></article>",
        ),
        None,
    );
    assert_eq!(
        m.title.as_deref(),
        Some("Pricing Guide 2025: Learn the Rates & Tricks")
    );
    // Neither repeated by the h1: the one agreeing with <title>, as before.
    let m = run(&page(head, "<article><h1>Prices</h1></article>"), None);
    assert_eq!(m.title.as_deref(), Some("2025 Price Guide: Rates"));
}

#[test]
fn jsonld_title_unrelated_to_agreeing_h1_and_og_is_ignored() {
    let head = r#"<title>Garden Discounts, Coupons & Promo Codes | Acme</title>
        <meta property="og:site_name" content="Acme">
        <meta property="og:title" content="Garden Discounts, Coupons & Promo Codes | Acme">
        <script type="application/ld+json">{"@type":"BlogPosting","headline":"Pest Control Deals and Offers"}</script>"#;
    let body = "<article><h1>Garden discounts, coupons, and promo codes</h1></article>";
    let m = run(&page(head, body), None);
    assert_eq!(
        m.title.as_deref(),
        Some("Garden Discounts, Coupons & Promo Codes")
    );
    // An h1 that disagrees with og:title leaves the JSON-LD headline in charge.
    let m = run(
        &page(head, "<article><h1>Weekly deals</h1></article>"),
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Pest Control Deals and Offers"));
}

#[test]
fn h1_declared_as_headline_beats_a_shortened_og_title() {
    let head = r#"<title>Top 23 Herbs For Pest Control</title>
        <meta property="og:title" content="Top 23 Herbs For Pest Control">
        <meta itemprop="headline" content="My Top 23 Herbs for Pest Control in the Garden">"#;
    let body = "<article><h1>My Top 23 Herbs for Pest Control in the Garden</h1></article>";
    let m = run(&page(head, body), None);
    assert_eq!(
        m.title.as_deref(),
        Some("My Top 23 Herbs for Pest Control in the Garden")
    );
    // Without the headline declaration the og:title stands.
    let head = r#"<title>Top 23 Herbs For Pest Control</title>
        <meta property="og:title" content="Top 23 Herbs For Pest Control">"#;
    let m = run(&page(head, body), None);
    assert_eq!(m.title.as_deref(), Some("Top 23 Herbs For Pest Control"));
}

#[test]
fn h1_over_a_declared_title_with_an_seo_tagline() {
    let head = r#"<meta property="og:title" content="Types of Restaurant Service | Full Guide to Popular Dining Formats">
        <meta property="og:site_name" content="Resto Blog">"#;
    let body =
        "<article><h1>Types of Restaurant Service: From Casual to Fine Dining</h1></article>";
    let m = run(&page(head, body), None);
    assert_eq!(
        m.title.as_deref(),
        Some("Types of Restaurant Service: From Casual to Fine Dining")
    );
    // The h1 repeats the declared title's parts with the same separator: a variant of the
    // same title, not a printed headline of its own; the declared title stands.
    let head =
        r#"<meta property="og:title" content="Design Week 2018 | Light installation for Flos">"#;
    let body = "<article><h1>Design Week 2018 | The light installation for Flos</h1></article>";
    let m = run(&page(head, body), None);
    assert_eq!(
        m.title.as_deref(),
        Some("Design Week 2018 | Light installation for Flos")
    );
}

#[test]
fn prefixed_og_article_author() {
    let m = run(
        &page(
            r#"<meta property="og:article:author" content="City News">"#,
            "",
        ),
        None,
    );
    assert_eq!(m.authors, ["City News"]);
}

#[test]
fn cms_account_is_not_an_author() {
    let m = run(
        &page(
            r#"<meta name="author" content="NOC Admin">"#,
            r#"<article><h1>A title here</h1><p class="byline">By Jane Roe</p></article>"#,
        ),
        None,
    );
    assert_eq!(m.authors, ["Jane Roe"]);
    let m = run(
        &page(r#"<meta name="author" content="Site Administrator">"#, ""),
        None,
    );
    assert!(m.authors.is_empty());
    // A name that merely contains the letters stays.
    let m = run(
        &page(r#"<meta name="author" content="Adminah Lee">"#, ""),
        None,
    );
    assert_eq!(m.authors, ["Adminah Lee"]);
}

#[test]
fn byline_topic_links_and_bare_dates_are_not_names() {
    let m = run(
        &page(
            "",
            r#"<article><div class="post-byline"><a href="https://example.org/blog/tag/personal-finance">Personal finance</a>
               <span>January 27, 2025</span></div><h1>Seven tax services, reviewed</h1></article>"#,
        ),
        None,
    );
    assert!(m.authors.is_empty(), "{:?}", m.authors);
    let m = run(
        &page(
            "",
            r#"<article><h1>T</h1><div class="byline"><a rel="tag" href="/x">Travel</a> By Ann Smith</div></article>"#,
        ),
        None,
    );
    assert_eq!(m.authors, ["Ann Smith"]);
    let m = run(
        &page(
            "",
            r#"<article><h1>T</h1><div class="byline"><a href="/author/ann">Ann Smith</a></div></article>"#,
        ),
        None,
    );
    assert_eq!(m.authors, ["Ann Smith"]);
    let m = run(
        &page(
            "",
            r#"<article><h1>T</h1><span class="byline">Dec 7, 2012</span></article>"#,
        ),
        None,
    );
    assert!(m.authors.is_empty(), "{:?}", m.authors);
}

#[test]
fn site_name_printed_in_the_h1_is_cut() {
    let head = r#"<title>Best Art Shows 2025 – Artzine - Artzine</title>
        <meta property="og:site_name" content="Artzine">"#;
    let m = run(
        &page(
            head,
            "<article><h1>Best Art Shows 2025 – Artzine</h1></article>",
        ),
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Best Art Shows 2025"));
    // A trailing part that does not name the site stays in the h1's title.
    let head = r#"<title>Best Art Shows 2025 – London - Artzine</title>
        <meta property="og:site_name" content="Artzine">"#;
    let m = run(
        &page(
            head,
            "<article><h1>Best Art Shows 2025 – London</h1></article>",
        ),
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Best Art Shows 2025 – London"));
}

#[test]
fn declares_article_from_og_type_or_jsonld_type() {
    let declares =
        |head: &str| declared(&Dom::parse(&page(head, "<p>x</p>")), None).declares_article();
    assert!(declares(r#"<meta property="og:type" content="article">"#));
    assert!(declares(
        r#"<script type="application/ld+json">{"@type":"TechArticle","headline":"h"}</script>"#
    ));
    assert!(declares(
        r#"<script type="application/ld+json">{"@type":"BlogPosting","headline":"h"}</script>"#
    ));
    assert!(!declares(r#"<meta property="og:type" content="website">"#));
    assert!(!declares(
        r#"<script type="application/ld+json">{"@type":"Product","name":"Kayak"}</script>"#
    ));
    assert!(!declares(""));
}

#[test]
fn clean_copies_runs_like_the_character_loop() {
    const PIECES: &[&str] = &[
        "a", "Word", ".", " ", "  ", "\t", "\n", "\u{a0}", "\u{200b}", "\u{ad}", "\u{7f}", "\u{1}",
        "é", "日本", "\u{3000}", "\u{85}", "x\u{301}", "~",
    ];
    let mut x = 0x1234_5678_9abc_u64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..50_000 {
        let mut s = String::new();
        for _ in 0..next() % 12 {
            s.push_str(PIECES[usize::try_from(next() % PIECES.len() as u64).unwrap_or(0)]);
        }
        let cap = usize::try_from(next() % 12).unwrap_or(0);
        assert_eq!(clean(&s, cap), clean_reference(&s, cap), "{s:?} cap {cap}");
    }
}

#[test]
fn byline_prefilter_never_hides_a_lead() {
    let mut texts: Vec<String> = [
        "By Jane Roe",
        "  by: Jane",
        "\u{200b}By Jane",
        "— By Jane Roe",
        "• Written by Jane Roe",
        "Autor: Hans Meier",
        "Par Éric Dupont",
        "@handle",
        "Jane Roe",
        "12 May 2024",
        "Éric",
        "",
        "   ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (p, _) in BYLINE_PREFIXES {
        texts.push(p.to_string());
        texts.push(format!("{}: Jane Roe", p.to_uppercase()));
        texts.push(format!("\u{a0}« {p} Jane Roe"));
    }
    for t in &texts {
        if byline_lead(&clean(t, 200)).is_some() {
            assert!(may_lead_byline(t), "{t:?}");
        }
    }
    assert!(!may_lead_byline("Jane Roe") && !may_lead_byline("12 May 2024"));
}

#[test]
fn comment_areas_ignore_case_in_class_or_id() {
    let dom = Dom::parse(
        "<div class='x Comment-List'><p id=a>a</p></div><div id='RELATED'><p id=b>b</p></div>\
         <div class='commen' id='t'><p id=c>c</p></div>",
    );
    let p = |v: &str| {
        dom.descendants(DOCUMENT)
            .find(|&n| attr(&dom, n, "id") == Some(v))
            .unwrap()
    };
    assert!(inside_comments(&dom, p("a")));
    assert!(inside_comments(&dom, p("b")));
    // Class and id are separate values: "commen" + "t" is not "comment".
    assert!(!inside_comments(&dom, p("c")));
}

/// The strengths the `aho-corasick` crate's overlapping search gives, which the cue DFA
/// replaced.
fn cue_strengths_reference(
    ac: &aho_corasick::AhoCorasick,
    cues: &[(&str, Option<u8>, Option<u8>)],
    value: &str,
) -> (u8, u8) {
    let (mut byline, mut date) = (NO_CUE, NO_CUE);
    for hit in ac.find_overlapping_iter(value) {
        let (_, b, d) = cues[hit.pattern().as_usize()];
        byline = byline.min(b.unwrap_or(NO_CUE));
        date = date.min(d.unwrap_or(NO_CUE));
    }
    (byline, date)
}

#[test]
fn cue_dfa_agrees_with_overlapping_search() {
    let m = CueMatcher::build(&cue_table()).expect("the cue tables fit the DFA");
    let cues = cue_table();
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(cues.iter().map(|c| c.0))
        .unwrap();
    let pieces: Vec<&str> = cues
        .iter()
        .map(|c| c.0)
        .chain([
            "", " ", "-", "_", "x", "by", "auth", "autho", "date", "da", "te", "é", "Ü", "post",
            "pub", "line", "written", "AUTHOR", "ByLine", "wri", "time", "stamp", "entry",
        ])
        .collect();
    let mut values: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
    // Every pair, and pseudo-random runs of up to five pieces with random case.
    for a in &pieces {
        for b in &pieces {
            values.push(format!("{a}{b}"));
        }
    }
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..20_000 {
        let mut v = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        for k in 0..(seed % 5 + 1) {
            let p = pieces[((seed >> (8 * k)) as usize) % pieces.len()];
            if (seed >> (40 + k)) & 1 == 1 {
                v.push_str(&p.to_ascii_uppercase());
            } else {
                v.push_str(p);
            }
        }
        values.push(v);
    }
    for v in &values {
        assert_eq!(m.scan(v), cue_strengths_reference(&ac, &cues, v), "{v:?}");
    }
}
