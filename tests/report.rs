//! `--explain` and `deboil eval --report`, tested as a person would look at them: the seed
//! page's HTML report is opened in headless Chromium and checked through the DOM the browser
//! built (kept blocks, dropped chrome and consent dialogs with their reasons), with a
//! screenshot left in `target/report-test/`; the eval report's links are followed and must
//! all resolve.
//!
//! Chromium is Debian's `chromium` (`.ci/run` installs it and sets `DEBOIL_REQUIRE_BROWSER`,
//! so there the browser test cannot skip); elsewhere, without a browser, the test says loudly
//! that it skipped.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use html5ever::parse_document;
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_deboil");
const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/pages/news-article-consent.html"
);
const SEED_EXPECTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/seed/expected.json"
);

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "deboil-report-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn write(&self, rel: &str, content: &[u8]) -> PathBuf {
        let p = self.0.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&p, content).expect("write file");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run deboil")
}

// ------------------------------------------------------------------------------------------
// A small DOM toolkit over rcdom.
// ------------------------------------------------------------------------------------------

fn parse(html: &str) -> RcDom {
    parse_document(RcDom::default(), Default::default()).one(html)
}

fn attr(h: &Handle, name: &str) -> Option<String> {
    match &h.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

fn tag(h: &Handle) -> Option<String> {
    match &h.data {
        NodeData::Element { name, .. } => Some(name.local.to_string()),
        _ => None,
    }
}

/// Every element in document order (iterative).
fn elements(root: &Handle) -> Vec<Handle> {
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(h) = stack.pop() {
        if tag(&h).is_some() {
            out.push(h.clone());
        }
        for c in h.children.borrow().iter().rev() {
            stack.push(c.clone());
        }
    }
    out
}

fn text_content(h: &Handle) -> String {
    let mut s = String::new();
    let mut stack = vec![h.clone()];
    while let Some(n) = stack.pop() {
        if let NodeData::Text { contents } = &n.data {
            s.push_str(&contents.borrow());
        }
        for c in n.children.borrow().iter().rev() {
            stack.push(c.clone());
        }
    }
    s
}

fn has_class(h: &Handle, class: &str) -> bool {
    attr(h, "class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ------------------------------------------------------------------------------------------
// The browser.
// ------------------------------------------------------------------------------------------

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DEBOIL_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// Runs headless Chromium on a local file with a fresh profile and no network services;
/// gives its stdout. A hung browser is killed after two minutes.
fn browse(chromium: &Path, page: &Path, extra: &[String]) -> String {
    let profile = TempDir::new("chromium-profile");
    let url = format!("file://{}", page.display());
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .args(extra)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                panic!("chromium did not finish within two minutes");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("waiting for chromium: {e}"),
        }
    }
    let out = child.wait_with_output().expect("chromium output");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn out_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp: the screenshot goes beside it, where people look.
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("report-test");
    std::fs::create_dir_all(&dir).expect("create target/report-test");
    dir
}

#[test]
fn seed_report_in_chromium() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("DEBOIL_REQUIRE_BROWSER").is_none(),
            "DEBOIL_REQUIRE_BROWSER is set but no chromium was found"
        );
        eprintln!(
            "\n*** SKIPPED seed_report_in_chromium: no chromium on PATH (apt-get install chromium, \
             or set DEBOIL_CHROMIUM). The browser check of the --explain report did NOT run. ***\n"
        );
        return;
    };
    let out = run(&["--explain", "--format", "html", SEED]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = out_dir();
    let report = dir.join("seed-report.html");
    std::fs::write(&report, &out.stdout).expect("write the report");

    let dumped = browse(&chromium, &report, &["--dump-dom".into()]);
    let dom = parse(&dumped);
    let all = elements(&dom.document);
    assert!(
        all.iter().any(|h| attr(h, "id").as_deref() == Some("flow")),
        "the browser did not render the report:\n{dumped:.2000}"
    );
    let entries: Vec<&Handle> = all
        .iter()
        .filter(|h| tag(h).as_deref() == Some("li") && attr(h, "data-kept").is_some())
        .collect();

    // Exactly the 15 article blocks are kept, in order.
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(SEED_EXPECTED).expect("expected.json"))
            .expect("expected.json parses");
    let want: Vec<String> = expected["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|b| collapse(b["text"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(want.len(), 15);
    let kept: Vec<String> = entries
        .iter()
        .filter(|h| attr(h, "data-kept").as_deref() == Some("true"))
        .map(|h| {
            let text = elements(h)
                .into_iter()
                .find(|e| has_class(e, "text"))
                .expect("a kept block shows its text");
            collapse(&text_content(&text))
        })
        .collect();
    assert_eq!(kept, want);

    // The consent dialogs and the chrome are shown dropped, each with its reason.
    let dropped = |needle: &str| -> Vec<(String, String)> {
        entries
            .iter()
            .filter(|h| collapse(&text_content(h)).contains(needle))
            .map(|h| {
                (
                    attr(h, "data-kept").unwrap_or_default(),
                    attr(h, "data-reason").unwrap_or_default(),
                )
            })
            .collect()
    };
    for (what, needle, reason_word) in [
        ("consent banner", "We value your privacy", "consent"),
        (
            "preferences dialog",
            "Customize Consent Preferences",
            "consent",
        ),
        ("author box bio", "James covers cybersecurity", ""),
        ("author box name", "James Hughes", ""),
        ("related posts", "Related Posts", ""),
        ("Scroll to Top", "Scroll to Top", ""),
    ] {
        let found = dropped(needle);
        assert!(!found.is_empty(), "{what}: not shown in the report");
        for (kept, reason) in found {
            assert_eq!(kept, "false", "{what} is shown as kept");
            assert!(!reason.trim().is_empty(), "{what}: no reason");
            assert!(reason.contains(reason_word), "{what}: reason {reason:?}");
        }
    }
    // Removed regions are collapsed: their text is inside a closed <details>.
    let regions: Vec<&&Handle> = entries
        .iter()
        .filter(|h| attr(h, "data-kind").as_deref() == Some("removed"))
        .collect();
    assert!(regions.len() >= 5);
    for r in regions {
        let details = elements(r)
            .into_iter()
            .find(|e| tag(e).as_deref() == Some("details"))
            .expect("a removed region is a <details>");
        assert!(attr(&details, "open").is_none());
    }
    // The metadata table names the sources.
    let source = |field: &str| {
        all.iter()
            .find(|h| attr(h, "data-field").as_deref() == Some(field))
            .and_then(|h| attr(h, "data-source"))
    };
    assert_eq!(source("title").as_deref(), Some("JSON-LD headline"));
    assert_eq!(source("authors").as_deref(), Some("JSON-LD author"));

    let shot = dir.join("seed-report.png");
    let _ = std::fs::remove_file(&shot);
    browse(
        &chromium,
        &report,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,5000".into(),
        ],
    );
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 10_000,
        "screenshot missing or empty: {}",
        shot.display()
    );
    eprintln!(
        "report: {}\nscreenshot: {}",
        report.display(),
        shot.display()
    );
}

#[test]
fn explain_text_json_and_usage() {
    let out = run(&["--explain", SEED]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("== metadata"), "{text}");
    assert!(text.contains("<- JSON-LD headline"));
    assert!(text.lines().any(|l| l.starts_with("x div.cky-modal")));
    assert_eq!(text.lines().filter(|l| l.starts_with("+ ")).count(), 15);

    let out = run(&["--explain", "--format", "json", SEED]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["id"].as_str(), Some(SEED));
    assert!(v["error"].is_null());
    let blocks = v["blocks"].as_array().expect("blocks");
    assert_eq!(blocks.iter().filter(|b| b["kept"] == true).count(), 15);
    assert!(
        blocks
            .iter()
            .all(|b| b["reason"].is_string() && b["position"].is_u64())
    );
    assert!(v["removed"].as_array().is_some_and(|r| !r.is_empty()));
    assert!(
        v["metadata"]
            .as_array()
            .is_some_and(|m| m.iter().any(|f| f["field"] == "title"))
    );
    assert_eq!(
        v["article"]["title"].as_str(),
        Some("China Protests US Sanctions Over Hacking Allegations, Highlights Foreign Attacks")
    );

    // Several pages: one JSONL record each, a failed page carries its error.
    let tmp = TempDir::new("explain-many");
    let bad = tmp.0.join("missing.html");
    let seed = tmp.write("a.html", &std::fs::read(SEED).expect("seed"));
    let out = run(&[
        "--explain",
        seed.to_str().unwrap_or_default(),
        bad.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let recs: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSONL record"))
        .collect();
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["blocks"].is_array() && recs[0]["error"].is_null());
    assert!(recs[1]["error"].is_string() && recs[1].get("blocks").is_none());

    let out = run(&["--explain", "--format", "markdown", SEED]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn explain_html_escapes_hostile_page_text() {
    let tmp = TempDir::new("hostile");
    let page = tmp.write(
        "p.html",
        b"<html><head><title>x\"><script>alert(1)</script></title></head><body><article>\
          <h1>Quotes \" and &lt;script&gt;alert(2)&lt;/script&gt;</h1>\
          <p>A paragraph with &lt;img src=x onerror=alert(3)&gt; in its text, long enough to be \
          kept as the article, with a clause, and a full stop.</p></article>\
          <nav><a href=/>&lt;iframe src=//evil&gt;</a></nav></body></html>",
    );
    let out = run(&[
        "--explain",
        "--format",
        "html",
        page.to_str().unwrap_or_default(),
    ]);
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let dom = parse(&html);
    let all = elements(&dom.document);
    for bad in ["script", "img", "iframe", "link"] {
        assert!(
            all.iter().all(|h| tag(h).as_deref() != Some(bad)),
            "a <{bad}> element made it into the report"
        );
    }
    assert!(all.iter().all(|h| attr(h, "onerror").is_none()));
    assert!(collapse(&text_content(&dom.document)).contains("<img src=x onerror=alert(3)>"));
}

/// Every `href` of the HTML files reachable from `index`, resolved against its file; gives
/// the files visited.
fn crawl(index: &Path) -> BTreeSet<PathBuf> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![index.to_path_buf()];
    while let Some(file) = todo.pop() {
        let Ok(canon) = file.canonicalize() else {
            panic!("broken link: {}", file.display());
        };
        if !seen.insert(canon.clone()) {
            continue;
        }
        let html = std::fs::read_to_string(&canon).expect("read report file");
        let dom = parse(&html);
        for h in elements(&dom.document) {
            let Some(href) = attr(&h, "href") else {
                continue;
            };
            assert!(
                !href.contains("://") && !href.starts_with('/'),
                "{}: a link leaves the report: {href}",
                canon.display()
            );
            let target = canon.parent().expect("a parent dir").join(&href);
            assert!(
                target.is_file(),
                "{}: link {href} does not resolve",
                canon.display()
            );
            if href.ends_with(".html") {
                todo.push(target);
            }
        }
    }
    seen
}

#[test]
fn eval_report_links_all_resolve() {
    let tmp = TempDir::new("eval-report");
    let article = |t: &str, extra: &str| {
        format!(
            "<html><head><title>{t}</title></head><body><nav><a href=/>Home</a></nav><article>\
             <h1>{t}</h1><p>The council approved the new bridge on Monday after a long debate, \
             and work will start in the spring, officials said.</p>{extra}</article>\
             <footer><p>Copyright</p></footer></body></html>"
        )
    };
    for (set, id, extra, text) in [
        (
            "alpha",
            "p1",
            "",
            "The council approved the new bridge on Monday after a long debate, and work will start in the spring, officials said.",
        ),
        (
            "alpha",
            "p-2",
            "<p>A second paragraph the truth does not have, &lt;script&gt;.</p>",
            "Bridge approved\nThe council approved the new bridge on Monday after a long debate.\nA line deboil misses entirely.",
        ),
        (
            "beta",
            "0001",
            "",
            "Something else entirely that the page does not say.",
        ),
    ] {
        tmp.write(
            &format!("{set}/pages/{id}.html"),
            article("Bridge approved", extra).as_bytes(),
        );
        let path = tmp.0.join(set).join("truth.jsonl");
        let mut existing = std::fs::read_to_string(&path).unwrap_or_default();
        existing.push_str(&format!(
            "{}\n",
            serde_json::json!({"id": id, "url": null, "text": text})
        ));
        std::fs::write(&path, existing).expect("write truth");
    }
    // A page listed in the truth but missing on disk: in the index, without a link.
    let path = tmp.0.join("beta").join("truth.jsonl");
    let mut existing = std::fs::read_to_string(&path).unwrap_or_default();
    existing.push_str("{\"id\": \"gone\", \"url\": null, \"text\": \"x\"}\n");
    std::fs::write(&path, existing).expect("write truth");

    let report = tmp.0.join("report");
    let out = run(&[
        "eval",
        tmp.0.join("alpha").to_str().unwrap_or_default(),
        tmp.0.join("beta").to_str().unwrap_or_default(),
        "--report",
        report.to_str().unwrap_or_default(),
    ]);
    // The missing page is an error of the run, not of the report.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = crawl(&report.join("index.html"));
    let names: HashSet<String> = seen
        .iter()
        .filter_map(|p| p.strip_prefix(report.canonicalize().ok()?).ok())
        .map(|p| p.display().to_string())
        .collect();
    for f in [
        "index.html",
        "alpha/index.html",
        "beta/index.html",
        "alpha/p1.html",
        "alpha/p-2.html",
        "beta/0001.html",
    ] {
        assert!(
            names.contains(f),
            "{f} not reachable from the index: {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n.contains("gone")));

    // Worst F1 first, and the page report shows the truth beside the output, coloured.
    let idx = std::fs::read_to_string(report.join("alpha/index.html")).expect("set index");
    let (p2, p1) = (idx.find("p-2.html"), idx.find("p1.html"));
    assert!(p2.is_some() && p1.is_some() && p2 < p1, "worst first");
    let page = std::fs::read_to_string(report.join("alpha/p-2.html")).expect("page report");
    let dom = parse(&page);
    let lis = elements(&dom.document);
    let line_class = |side: &str, needle: &str| {
        lis.iter()
            .filter(|h| attr(h, "data-side").as_deref() == Some(side))
            .flat_map(elements)
            .find(|h| tag(h).as_deref() == Some("li") && text_content(h).contains(needle))
            .and_then(|h| attr(&h, "class"))
    };
    assert_eq!(
        line_class("truth", "A line deboil misses").as_deref(),
        Some("missing")
    );
    assert_eq!(
        line_class("output", "A second paragraph").as_deref(),
        Some("extra")
    );
    assert!(!page.contains("<script"));
}
