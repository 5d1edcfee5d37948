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
    let Ok(mut out) = std::fs::File::create(format!("{out_dir}/pred.jsonl")) else { return };
    let Ok(mut out_list) = std::fs::File::create(format!("{out_dir}/pred_list.jsonl")) else { return };
    for set in ["readability", "wcxb-dev", "scrapinghub", "cleaneval", "dragnet"] {
        let Ok(truth) = std::fs::read_to_string(root.join(set).join("truth.jsonl")) else { continue };
        for line in truth.lines() {
            let Ok(rec) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let Some(id) = rec.get("id").and_then(|v| v.as_str()) else { continue };
            let url = rec.get("url").and_then(|v| v.as_str()).filter(|u| !u.is_empty());
            let Ok(bytes) = std::fs::read(root.join(set).join("pages").join(format!("{id}.html"))) else {
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
