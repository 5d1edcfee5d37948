//! Unit tests for the metadata stage, plus an ignored corpus harness.

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

/// Corpus harness: writes predictions for score.py. Run with
/// `cargo test --release --lib metadata::tests::corpus -- --ignored --nocapture`.
#[test]
#[ignore]
fn corpus() {
    use std::io::Write as _;
    let root = std::path::Path::new("/work/shared/corpus");
    if !root.is_dir() {
        eprintln!("corpus absent, skipping");
        return;
    }
    let out_dir = std::env::var("METAEVAL_OUT").unwrap_or_else(|_| "/tmp/metaeval".into());
    let _ = std::fs::create_dir_all(&out_dir);
    let Ok(mut out) = std::fs::File::create(format!("{out_dir}/pred.jsonl")) else {
        return;
    };
    let Ok(mut out_list) = std::fs::File::create(format!("{out_dir}/pred_list.jsonl")) else {
        return;
    };
    for set in [
        "readability",
        "wcxb-dev",
        "scrapinghub",
        "cleaneval",
        "dragnet",
    ] {
        let Ok(truth) = std::fs::read_to_string(root.join(set).join("truth.jsonl")) else {
            continue;
        };
        for line in truth.lines() {
            let Ok(rec) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let Some(id) = rec.get("id").and_then(|v| v.as_str()) else {
                continue;
            };
            let url = rec
                .get("url")
                .and_then(|v| v.as_str())
                .filter(|u| !u.is_empty());
            let Ok(bytes) = std::fs::read(root.join(set).join("pages").join(format!("{id}.html")))
            else {
                continue;
            };
            let html = String::from_utf8_lossy(&bytes);
            let m = run(&html, url);
            let j = serde_json::json!({
                "set": set, "id": id, "text": "", "title": m.title, "author": m.authors.join(", "),
                "date": m.date, "site_name": m.site_name, "date_modified": m.date_modified,
                "lang": m.lang, "url": m.url, "page_type": m.page_type, "tags": m.tags,
                "image": m.image, "description": m.description, "license": m.license,
            });
            let _ = writeln!(out, "{j}");
            let mut j2 = j.clone();
            j2["author"] = serde_json::json!(m.authors);
            let _ = writeln!(out_list, "{j2}");
        }
    }
}

/// Debug aid: `META_DEBUG=set/id cargo test --lib metadata::tests::debug_page -- --ignored --nocapture`.
#[test]
#[ignore]
fn debug_page() {
    let Ok(spec) = std::env::var("META_DEBUG") else {
        return;
    };
    for spec in spec.split(',') {
        let Some((set, id)) = spec.split_once('/') else {
            continue;
        };
        let root = std::path::Path::new("/work/shared/corpus").join(set);
        let Ok(bytes) = std::fs::read(root.join("pages").join(format!("{id}.html"))) else {
            continue;
        };
        let html = String::from_utf8_lossy(&bytes);
        let dom = Dom::parse(&html);
        let d = declared(&dom, None);
        println!("===== {spec}");
        for (k, v) in &d.metas {
            if [
                "author", "creator", "date", "time", "publish", "title", "site",
            ]
            .iter()
            .any(|x| k.contains(x))
            {
                println!("  meta {k} = {v}");
            }
        }
        println!(
            "  ld: type={:?} rank={} headline={:?} name={:?} authors={:?} pub={:?} publisher={:?}",
            d.ld.main_type,
            d.ld.main_rank,
            d.ld.headline,
            d.ld.name,
            d.ld.authors,
            d.ld.published.as_ref().map(|x| x.iso()),
            d.ld.publisher
        );
        for b in &d.bylines {
            println!("  byline#{} s{} {:?}", b.node, b.strength, b.text);
        }
        for (n, t) in &d.rel_authors {
            println!("  relauthor#{n} {t:?}");
        }
        for t in &d.times {
            println!(
                "  time#{} {} pub={} mod={}",
                t.node,
                t.date.iso(),
                t.published,
                t.modified
            );
        }
        for t in &d.date_texts {
            println!("  datetext#{} s{} {}", t.node, t.strength, t.date.iso());
        }
        for h in &d.headings {
            println!("  h{}#{} {:?}", h.level, h.node, h.text);
        }
        let r = article_root(&dom);
        println!("  article_root={r}");
        let m = resolve(d, &dom, r);
        println!("  => {:?}", m);
    }
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
