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
