//! The `deboil` command-line contract (issue 9, item 6): inputs, formats, record keys, order,
//! per-record errors and exit codes. Extraction quality is not tested here: where a test needs
//! the extracted text, it asks the library for it, so these tests hold while the extractor
//! improves.
#![cfg(feature = "cli")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_deboil");

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "deboil-cli-{name}-{}-{}",
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

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>{title} - Example News</title></head><body>\
         <nav><a href=/>Home</a> <a href=/world>World</a> <a href=/sport>Sport</a></nav>\
         <article><h1>{title}</h1><p>{body}</p>\
         <p>Officials said the work would continue through the spring, and that residents would be \
         told of any changes to the schedule well in advance of the start.</p></article>\
         <footer><p>Copyright Example News. All rights reserved.</p></footer></body></html>"
    )
}

fn run(args: &[&str], cwd: Option<&Path>, stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(d) = cwd {
        cmd.current_dir(d);
    }
    let mut child = cmd.spawn().expect("run deboil");
    {
        let mut si = child.stdin.take().expect("stdin");
        if let Some(input) = stdin {
            si.write_all(input).expect("write stdin");
        }
    }
    child.wait_with_output().expect("wait for deboil")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn jsonl(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// What the library says the text output for these bytes is.
fn expected_text(html: &[u8], url: Option<&str>) -> String {
    let a = deboil::Extractor::new(deboil::Options::default())
        .extract_page(html, url, None)
        .expect("library extracts");
    let t = a.text();
    if t.is_empty() { t } else { t + "\n" }
}

/// A record's "text" as the text format would print it.
fn as_text_output(v: &Value) -> String {
    match v.as_str() {
        Some("") | None => String::new(),
        Some(t) => format!("{t}\n"),
    }
}

const KEYS: [&str; 13] = [
    "id",
    "url",
    "title",
    "author",
    "authors",
    "date",
    "date_modified",
    "site_name",
    "lang",
    "description",
    "text",
    "error",
    "micros",
];

#[test]
fn single_file_gives_text() {
    let d = TempDir::new("single");
    let html = page(
        "Bridge reopens",
        "The old bridge over the river reopened on Monday after two years of repairs to its stone arches and deck.",
    );
    let f = d.write("a.html", html.as_bytes());
    let o = run(&[f.to_str().unwrap()], None, None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(stdout(&o), expected_text(html.as_bytes(), None));
}

#[test]
fn url_and_formats_for_one_page() {
    let d = TempDir::new("formats");
    let html = page(
        "Rain due",
        "Heavy rain is expected across the region on Monday, forecasters said, with local flooding likely.",
    );
    let f = d.write("p.html", html.as_bytes());
    let f = f.to_str().unwrap();
    let a = deboil::Extractor::new(deboil::Options::default())
        .extract_page(html.as_bytes(), Some("https://example.com/rain"), None)
        .unwrap();

    let md = run(
        &[
            "--format",
            "markdown",
            "--url",
            "https://example.com/rain",
            f,
        ],
        None,
        None,
    );
    assert_eq!(md.status.code(), Some(0));
    let want = a.to_markdown();
    assert_eq!(
        stdout(&md),
        if want.is_empty() { want } else { want + "\n" }
    );

    let h = run(&["--format", "html", f], None, None);
    assert_eq!(stdout(&h), a.to_html());

    let j = run(
        &["--format", "json", "--url", "https://example.com/rain", f],
        None,
        None,
    );
    let v: Value = serde_json::from_str(&stdout(&j)).expect("one JSON object");
    assert_eq!(v["id"], Value::from(f));
    assert_eq!(v["url"], Value::from("https://example.com/rain"));
    assert_eq!(
        v["title"],
        a.title.as_deref().map_or(Value::Null, Value::from)
    );
    assert_eq!(v["text"], Value::from(a.text()));
    assert_eq!(v["error"], Value::Null);
    assert!(
        v.get("micros").is_none() && v.get("blocks").is_none(),
        "optional keys only on request"
    );
}

#[test]
fn directory_gives_jsonl_in_sorted_order() {
    let d = TempDir::new("dir");
    for name in [
        "b.html",
        "a.html",
        "sub/c.htm",
        "sub/deeper/d.HTML",
        "notes.txt",
        "sub/e.xml",
    ] {
        d.write(
            name,
            page(
                name,
                "A paragraph of text about the town council meeting held on Tuesday evening.",
            )
            .as_bytes(),
        );
    }
    let root = d.path().to_str().unwrap();
    let o = run(&[root], None, None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let recs = jsonl(&o);
    let ids: Vec<String> = recs
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    let want: Vec<String> = ["a.html", "b.html", "sub/c.htm", "sub/deeper/d.HTML"]
        .iter()
        .map(|n| d.path().join(n).to_string_lossy().into_owned())
        .collect();
    assert_eq!(ids, want);
    for r in &recs {
        let obj = r.as_object().unwrap();
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        for k in &KEYS[..12] {
            assert!(keys.contains(k), "record lacks {k}: {r}");
        }
        assert!(r["authors"].is_array());
    }

    // Several pages as text: one section per page, separated by form-feed lines.
    let t = run(&["--format", "text", root], None, None);
    assert_eq!(stdout(&t).split("\x0c\n").count(), 4);
}

#[test]
fn jsonl_records_with_html_path_and_numeric_id() {
    let d = TempDir::new("jsonl");
    let html_a = page(
        "First",
        "The first story is about a bakery that has been open on the same corner for ninety years.",
    );
    let html_b = page(
        "Second",
        "The second story covers the opening of a new library branch in the north of the city.",
    );
    d.write("pages/b.html", html_b.as_bytes());
    let records = [
        serde_json::json!({"id": 7, "url": "https://example.com/a", "html": html_a}),
        // Relative to the current directory.
        serde_json::json!({"id": "b", "path": "pages/b.html"}),
        serde_json::json!({"id": {"k": [1, 2]}, "html": html_a}),
        serde_json::json!({"path": "pages/b.html"}),
    ];
    let input: String = records.iter().map(|r| format!("{r}\n\n")).collect();
    let o = run(
        &["--input", "jsonl"],
        Some(d.path()),
        Some(input.as_bytes()),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let recs = jsonl(&o);
    assert_eq!(recs.len(), 4, "blank lines are not records");
    assert_eq!(recs[0]["id"], Value::from(7), "a numeric id stays a number");
    assert_eq!(recs[0]["url"], Value::from("https://example.com/a"));
    assert_eq!(recs[1]["id"], Value::from("b"));
    assert_eq!(recs[2]["id"], serde_json::json!({"k": [1, 2]}));
    assert_eq!(
        recs[3]["id"],
        Value::from("pages/b.html"),
        "no id: the path"
    );
    assert_eq!(
        as_text_output(&recs[0]["text"]),
        expected_text(html_a.as_bytes(), Some("https://example.com/a"))
    );
    assert_eq!(recs[1]["text"], recs[3]["text"]);
    assert!(recs.iter().all(|r| r["error"].is_null()));

    // The same records from a file given as INPUT.
    let f = d.write("records.jsonl", input.as_bytes());
    let o2 = run(
        &["--input", "jsonl", f.to_str().unwrap()],
        Some(d.path()),
        None,
    );
    assert_eq!(stdout(&o2), stdout(&o));
}

#[test]
fn html_records_are_utf8_whatever_their_meta_charset() {
    let html = "<html><head><meta charset=windows-1252><title>Caf\u{e9}</title></head><body><article>\
                <p>The caf\u{e9} on the square serves cr\u{e8}me br\u{fb}l\u{e9}e every day of the week, \
                and its terrace is full from noon until late in the evening.</p></article></body></html>";
    let rec = serde_json::json!({"id": 1, "html": html});
    let o = run(
        &["--input", "jsonl"],
        None,
        Some(format!("{rec}\n").as_bytes()),
    );
    let r = &jsonl(&o)[0];
    let all = format!("{} {}", r["title"], r["text"]);
    assert!(!all.contains("Ã"), "decoded as windows-1252: {all}");
}

#[test]
fn bad_records_become_error_records_and_exit_1() {
    let d = TempDir::new("errors");
    let good = page(
        "Good",
        "This page is fine and has a paragraph about the harbour festival and its boats.",
    );
    let input = [
        serde_json::json!({"id": 1, "html": good}).to_string(),
        "{\"id\": 2, \"html\": \"unterminated".to_string(),
        serde_json::json!({"id": 3, "url": "https://example.com/x", "path": "no/such/file.html"})
            .to_string(),
        serde_json::json!({"id": 4}).to_string(),
        serde_json::json!({"id": 5, "html": "\u{0}\u{0}\u{0}PNG binary"}).to_string(),
        "[1, 2]".to_string(),
        serde_json::json!({"id": 6, "html": good}).to_string(),
    ]
    .join("\n");
    let o = run(
        &["--input", "jsonl", "--jobs", "2"],
        Some(d.path()),
        Some(input.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    let recs = jsonl(&o);
    assert_eq!(recs.len(), 7, "every line gives a record");
    let ids: Vec<Value> = recs.iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids[0], Value::from(1));
    assert_eq!(ids[1], Value::Null, "a malformed line has no id");
    assert_eq!(ids[2], Value::from(3));
    assert_eq!(ids[6], Value::from(6));
    for i in [0, 6] {
        assert!(recs[i]["error"].is_null(), "{}", recs[i]);
        assert!(recs[i]["text"].is_string());
    }
    for i in [1, 2, 3, 5] {
        let r = &recs[i];
        assert!(r["error"].as_str().is_some_and(|e| !e.is_empty()), "{r}");
        for k in [
            "title",
            "author",
            "authors",
            "date",
            "date_modified",
            "site_name",
            "lang",
            "description",
            "text",
        ] {
            assert!(r[k].is_null(), "{k} should be null in {r}");
        }
    }
    assert!(recs[1]["error"].as_str().unwrap().contains("line 2"));
    assert!(
        recs[2]["error"]
            .as_str()
            .unwrap()
            .contains("no/such/file.html")
    );
    assert_eq!(recs[2]["url"], Value::from("https://example.com/x"));

    // A missing file among HTML inputs: an error record, the others written.
    let f = d.write("ok.html", good.as_bytes());
    let missing = d.path().join("missing.html");
    let o = run(
        &[f.to_str().unwrap(), missing.to_str().unwrap()],
        None,
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let recs = jsonl(&o);
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["error"].is_null());
    assert!(recs[1]["error"].is_string());
}

#[test]
fn timings_and_blocks_on_request() {
    let d = TempDir::new("timings");
    let html = page(
        "Timed",
        "A page whose extraction time is reported in microseconds, for benchmarks.",
    );
    let f = d.write("t.html", html.as_bytes());
    let o = run(
        &[
            "--format",
            "json",
            "--timings",
            "--blocks",
            f.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["micros"].is_u64(), "{v}");
    assert_eq!(v["encoding"], Value::from("UTF-8"));
    assert!(v["blocks"].is_array());
    // serde_json's Value sorts keys; the order is checked on the text.
    let raw = stdout(&o);
    let pos: Vec<usize> = KEYS
        .iter()
        .map(|k| {
            raw.find(&format!("\n  \"{k}\": "))
                .unwrap_or_else(|| panic!("no {k} in {raw}"))
        })
        .collect();
    assert!(
        pos.windows(2).all(|w| w[0] < w[1]),
        "documented key order: {raw}"
    );

    // Several pages as json: an array.
    d.write("u.html", html.as_bytes());
    let o = run(
        &["--format", "json", "--timings", d.path().to_str().unwrap()],
        None,
        None,
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let arr = v.as_array().expect("an array for several pages");
    assert_eq!(arr.len(), 2);
    assert!(arr.iter().all(|r| r["micros"].is_u64()));
}

#[test]
fn jobs_do_not_change_the_output() {
    let d = TempDir::new("jobs");
    for i in 0..40 {
        // Uneven sizes so that pages finish out of order.
        let body = "Paragraph text about the regional election results and what they mean. "
            .repeat(1 + (i * 37) % 60);
        d.write(
            &format!("p{i:02}.html"),
            page(&format!("Story {i}"), &body).as_bytes(),
        );
    }
    let root = d.path().to_str().unwrap();
    let missing = d.path().join("missing.html");
    let missing = missing.to_str().unwrap();
    let one = run(&["--jobs", "1", root, missing], None, None);
    let four = run(&["--jobs", "4", root, missing], None, None);
    assert_eq!(one.status.code(), Some(1), "the missing file fails");
    assert_eq!(four.status.code(), Some(1));
    assert_eq!(stdout(&one), stdout(&four));
    assert_eq!(jsonl(&one).len(), 41);

    // With --timings only the times differ.
    let strip = |o: &Output| -> Vec<Value> {
        jsonl(o)
            .into_iter()
            .map(|mut r| {
                let m = r.as_object_mut().unwrap().remove("micros");
                assert!(m.is_some());
                r
            })
            .collect()
    };
    let one = run(&["--jobs", "1", "--timings", root, missing], None, None);
    let four = run(&["--jobs", "4", "--timings", root, missing], None, None);
    assert_eq!(strip(&one), strip(&four));
}

#[test]
fn usage_errors_exit_2() {
    let d = TempDir::new("usage");
    let a = d.write("a.html", b"<p>a</p>");
    let b = d.write("b.html", b"<p>b</p>");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    for args in [
        vec!["--format", "yaml", a],
        vec!["--jobs", "0", a],
        vec!["--no-such-flag"],
        vec!["--precision", "--recall", a],
        vec!["--url", "https://example.com/", a, b],
        vec!["--input", "jsonl", "--url", "https://example.com/"],
        vec!["-", "-"],
        vec!["eval"],
        vec!["eval", d.path().to_str().unwrap()],
    ] {
        let o = run(&args, None, Some(b""));
        assert_eq!(
            o.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    let help = run(&["--help"], None, None);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--input"));
}

#[test]
fn stdin_is_one_page() {
    let html = page(
        "From stdin",
        "This page arrives on standard input rather than from a file on disk.",
    );
    let want = expected_text(html.as_bytes(), None);
    for args in [vec![], vec!["-"]] {
        let o = run(&args, None, Some(html.as_bytes()));
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(stdout(&o), want);
    }
    let o = run(&["--format", "jsonl"], None, Some(html.as_bytes()));
    assert_eq!(jsonl(&o)[0]["id"], Value::from("-"));
}

#[test]
fn a_file_named_eval_is_passed_as_dot_slash() {
    let d = TempDir::new("evalfile");
    let html = page(
        "Eval",
        "A page stored in a file that happens to be called eval, like the subcommand.",
    );
    d.write("eval", html.as_bytes());
    let o = run(&["./eval"], Some(d.path()), None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(stdout(&o), expected_text(html.as_bytes(), None));
    // After an input, a bare `eval` is an input too.
    let o = run(&["./eval", "eval"], Some(d.path()), None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(jsonl(&o).len(), 2);
}

#[test]
fn eval_subcommand_scores_a_small_set() {
    let d = TempDir::new("evalset");
    let html = page(
        "Harbour",
        "The harbour festival drew thousands of visitors to the waterfront this weekend.",
    );
    d.write("mini/pages/p1.html", html.as_bytes());
    let truth = serde_json::json!({"id": "p1", "url": null, "text": "The harbour festival drew thousands of visitors to the waterfront this weekend.", "title": "Harbour"});
    d.write("mini/truth.jsonl", format!("{truth}\n").as_bytes());
    let o = run(
        &[
            "eval",
            d.path().join("mini").to_str().unwrap(),
            "--json",
            "--pages",
        ],
        None,
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["sets"][0]["set"], Value::from("mini"));
    assert_eq!(v["sets"][0]["pages"], Value::from(1));
    assert!(v["sets"][0]["f1"].is_f64());
    assert!(v["sets"][0]["timing_ms"]["mean"].is_f64());
    assert!(v["macro"].is_null());
    assert_eq!(v["pages"]["mini"][0]["id"], Value::from("p1"));
    let table = run(
        &["eval", d.path().join("mini").to_str().unwrap()],
        None,
        None,
    );
    assert!(
        stdout(&table)
            .lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("mini"))
    );
}

// ---- --input warc ----

/// One WARC record: version line, fields (Content-Length added), block, and the two CRLFs.
fn warc_record(version: &str, fields: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut r = format!("WARC/{version}\r\n");
    for (k, v) in fields {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    r.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut r = r.into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response_record(id: &str, url: &str, http: &[u8]) -> Vec<u8> {
    warc_record(
        "1.0",
        &[
            ("WARC-Type", "response"),
            ("WARC-Record-ID", id),
            ("WARC-Date", "2026-01-02T03:04:05Z"),
            ("WARC-Target-URI", url),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        http,
    )
}

fn http(head: &str, body: &[u8]) -> Vec<u8> {
    let mut m = head.replace('\n', "\r\n").into_bytes();
    m.extend_from_slice(b"\r\n");
    m.extend_from_slice(body);
    m
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// The body in the chunked transfer coding, in chunks of `size` bytes (with an extension on
/// the first size line, as the grammar allows).
fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, c) in body.chunks(size).enumerate() {
        let ext = if i == 0 { ";name=value" } else { "" };
        out.extend_from_slice(format!("{:x}{ext}\r\n", c.len()).as_bytes());
        out.extend_from_slice(c);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\nX-Trailer: 1\r\n\r\n");
    out
}

/// A page with no <meta charset>, so that only the HTTP Content-Type can say how it is
/// encoded.
fn bare_page(title: &str, body: &str) -> String {
    page(title, body).replace("<meta charset=utf-8>", "")
}

/// The counts in the summary line on stderr, by name.
fn warc_summary(o: &Output) -> Vec<(String, u64)> {
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("deboil: warc: "))
        .unwrap_or_else(|| panic!("no summary line in {err:?}"));
    let words: Vec<&str> = line["deboil: warc: ".len()..]
        .split([' ', ',', '(', ')'])
        .filter(|w| !w.is_empty())
        .collect();
    let mut counts = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if let Ok(n) = w.parse::<u64>() {
            let name = words[i + 1..]
                .iter()
                .take_while(|w| w.parse::<f64>().is_err())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            counts.push((name, n));
        }
    }
    assert!(line.ends_with(" pages/s"), "{line}");
    counts
}

fn counts(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[test]
fn warc_round_trip_plain_gzip_and_stdin() {
    let d = TempDir::new("warc");
    // A windows-1252 page (é is 0xE9), chunked, its charset only in the HTTP header.
    let cafe = bare_page(
        "Café reopens",
        "The café on the harbour reopened on Monday after a winter of repairs, its owners said, \
         with the old menu and the old chairs.",
    );
    let (cafe_1252, _, _) = encoding_rs::WINDOWS_1252.encode(&cafe);
    let cafe_ct = "text/html; charset=windows-1252";
    let ferry = page(
        "Ferry timetable changes",
        "The ferry to the islands will sail twice a day from next week, the operator announced, \
         after complaints about the single winter crossing.",
    );
    let records: Vec<Vec<u8>> = vec![
        warc_record(
            "1.0",
            &[
                ("WARC-Type", "warcinfo"),
                (
                    "WARC-Record-ID",
                    "<urn:uuid:00000000-0000-0000-0000-000000000001>",
                ),
                ("Content-Type", "application/warc-fields"),
            ],
            b"software: deboil tests\r\nformat: WARC File Format 1.0\r\n",
        ),
        warc_record(
            "1.0",
            &[
                ("WARC-Type", "request"),
                (
                    "WARC-Record-ID",
                    "<urn:uuid:00000000-0000-0000-0000-000000000002>",
                ),
                ("WARC-Target-URI", "https://example.com/cafe"),
                ("Content-Type", "application/http; msgtype=request"),
            ],
            b"GET /cafe HTTP/1.1\r\nHost: example.com\r\n\r\n",
        ),
        response_record(
            "<urn:uuid:00000000-0000-0000-0000-000000000003>",
            "https://example.com/cafe",
            &http(
                &format!("HTTP/1.1 200 OK\nContent-Type: {cafe_ct}\nTransfer-Encoding: chunked\n"),
                &chunked(&cafe_1252, 100),
            ),
        ),
        // WARC/1.1, gzip content coding, the target URI in angle brackets (WARC/1.1 drafts).
        warc_record(
            "1.1",
            &[
                ("WARC-Type", "response"),
                (
                    "WARC-Record-ID",
                    "<urn:uuid:00000000-0000-0000-0000-000000000004>",
                ),
                ("WARC-Target-URI", "<https://example.com/ferry>"),
                ("Content-Type", "application/http;msgtype=response"),
            ],
            &http(
                "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nContent-Encoding: gzip\n",
                &gzip(ferry.as_bytes()),
            ),
        ),
        response_record(
            "<urn:uuid:00000000-0000-0000-0000-000000000005>",
            "https://example.com/logo.png",
            &http(
                "HTTP/1.1 200 OK\nContent-Type: image/png\n",
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR<html>not really</html>",
            ),
        ),
    ];
    // The last record: an HTML response whose block the input cuts short.
    let mut truncated = response_record(
        "<urn:uuid:00000000-0000-0000-0000-000000000006>",
        "https://example.com/cut",
        &http(
            "HTTP/1.1 200 OK\nContent-Type: text/html\n",
            page("Cut short", &"Words words words. ".repeat(40)).as_bytes(),
        ),
    );
    truncated.truncate(truncated.len() / 2);

    let plain: Vec<u8> = records
        .iter()
        .flatten()
        .chain(&truncated)
        .copied()
        .collect();
    let gz: Vec<u8> = records
        .iter()
        .chain([&truncated])
        .flat_map(|r| gzip(r))
        .collect();
    let plain_path = d.write("crawl.warc", &plain);
    let gz_path = d.write("crawl.warc.gz", &gz);

    let cafe_want = deboil::Extractor::new(deboil::Options::default())
        .extract_page(&cafe_1252, Some("https://example.com/cafe"), Some(cafe_ct))
        .unwrap()
        .text();
    assert!(cafe_want.contains("café"), "{cafe_want}");
    let ferry_want = deboil::Extractor::new(deboil::Options::default())
        .extract_page(ferry.as_bytes(), Some("https://example.com/ferry"), None)
        .unwrap()
        .text();

    let mut outputs = Vec::new();
    for (args, input) in [
        (vec!["--input", "warc", plain_path.to_str().unwrap()], None),
        (
            vec!["--input", "warc", "--jobs", "2", gz_path.to_str().unwrap()],
            None,
        ),
        (vec!["--input", "warc", "--jobs", "3"], Some(&gz[..])),
        (vec!["--input", "warc", "-"], Some(&plain[..])),
    ] {
        let o = run(&args, None, input);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(
            o.status.code(),
            Some(1),
            "{args:?}: the cut record fails: {err}"
        );
        let recs = jsonl(&o);
        let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "<urn:uuid:00000000-0000-0000-0000-000000000003>",
                "<urn:uuid:00000000-0000-0000-0000-000000000004>",
                "<urn:uuid:00000000-0000-0000-0000-000000000006>",
            ],
            "{args:?}"
        );
        let urls: Vec<&str> = recs.iter().map(|r| r["url"].as_str().unwrap()).collect();
        assert_eq!(
            urls,
            [
                "https://example.com/cafe",
                "https://example.com/ferry",
                "https://example.com/cut"
            ]
        );
        assert_eq!(recs[0]["text"], Value::from(cafe_want.as_str()), "{args:?}");
        assert!(recs[0]["error"].is_null());
        assert_eq!(
            recs[1]["text"],
            Value::from(ferry_want.as_str()),
            "{args:?}"
        );
        assert!(recs[1]["error"].is_null());
        assert!(recs[2]["text"].is_null());
        let e = recs[2]["error"].as_str().unwrap();
        assert!(e.contains("truncated"), "{e}");
        assert_eq!(
            warc_summary(&o),
            counts(&[
                ("records", 6),
                ("html pages", 3),
                ("extracted", 2),
                ("errors", 1),
                ("skipped", 3),
                ("not HTTP responses", 2),
                ("not HTML", 1),
                ("broken", 0),
            ]),
            "{args:?}: {err}"
        );
        outputs.push(stdout(&o));
    }
    assert!(
        outputs.iter().all(|o| *o == outputs[0]),
        "same records whatever the input form"
    );

    // Several inputs are read in turn; the text format works too.
    let o = run(
        &[
            "--input",
            "warc",
            "--format",
            "text",
            gz_path.to_str().unwrap(),
            plain_path.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{cafe_want}\n\x0c\n{ferry_want}\n\x0c\n\x0c\n{cafe_want}\n\x0c\n{ferry_want}\n\x0c\n"
        )
    );
    assert_eq!(warc_summary(&o)[0], ("records".to_owned(), 12));
}

#[test]
fn warc_broken_records_are_counted_not_fatal() {
    let d = TempDir::new("warc-broken");
    let good = page(
        "Library hours extended",
        "The town library will open on Sundays from May, the council said, after a petition \
         signed by more than two thousand residents.",
    );
    let ok = response_record(
        "<urn:uuid:ok>",
        "https://example.com/library",
        &http(
            "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n",
            good.as_bytes(),
        ),
    );
    // An undeclared HTML body (sniffed), raw deflate, chunked; a brotli page (unsupported);
    // a JSON response; a record with no Content-Length, then garbage before the next record.
    let sniffed = response_record(
        "<urn:uuid:sniffed>",
        "https://example.com/sniffed",
        &http(
            "HTTP/1.1 200 OK\nContent-Encoding: deflate\nTransfer-Encoding: chunked\n",
            &chunked(
                &{
                    let mut e = flate2::write::DeflateEncoder::new(
                        Vec::new(),
                        flate2::Compression::default(),
                    );
                    e.write_all(good.as_bytes()).unwrap();
                    e.finish().unwrap()
                },
                64,
            ),
        ),
    );
    let brotli = response_record(
        "<urn:uuid:br>",
        "https://example.com/br",
        &http(
            "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: br\n",
            b"\x1b\x03\x00\xf8",
        ),
    );
    let json = response_record(
        "<urn:uuid:json>",
        "https://example.com/api",
        &http("HTTP/1.1 200 OK\n", b"{\"html\": \"<p>no</p>\"}"),
    );
    let unframed = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:nolength>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n".to_vec();
    let mut image = response_record(
        "<urn:uuid:img>",
        "https://example.com/a.jpg",
        &http("HTTP/1.1 200 OK\nContent-Type: image/jpeg\n", &[0xff; 3000]),
    );
    image.truncate(1000);
    let input: Vec<u8> = [
        ok.clone(),
        sniffed,
        brotli,
        json,
        unframed,
        ok.clone(),
        image,
    ]
    .concat();
    let f = d.write("broken.warc", &input);
    let o = run(&["--input", "warc", f.to_str().unwrap()], None, None);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "the brotli page fails: {err}");
    let recs = jsonl(&o);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "<urn:uuid:ok>",
            "<urn:uuid:sniffed>",
            "<urn:uuid:br>",
            "<urn:uuid:ok>"
        ]
    );
    assert_eq!(
        recs[1]["text"], recs[0]["text"],
        "sniffed, inflated and dechunked"
    );
    assert!(
        recs[2]["error"].as_str().unwrap().contains("br"),
        "{}",
        recs[2]
    );
    assert_eq!(
        warc_summary(&o),
        counts(&[
            ("records", 7),
            ("html pages", 4),
            ("extracted", 3),
            ("errors", 1),
            ("skipped", 3),
            ("not HTTP responses", 0),
            ("not HTML", 1),
            ("broken", 2),
        ]),
        "{err}"
    );

    // Only broken non-HTML records: exit 0.
    let f = d.write("ok.warc", &[ok.clone(), image_cut()].concat());
    let o = run(&["--input", "warc", f.to_str().unwrap()], None, None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(jsonl(&o).len(), 1);

    // A .warc.gz cut inside its last member: that HTML record fails, the first is written.
    let mut gz = [gzip(&ok), gzip(&ok)].concat();
    gz.truncate(gz.len() - 40);
    let f = d.write("cut.warc.gz", &gz);
    let o = run(&["--input", "warc", f.to_str().unwrap()], None, None);
    assert_eq!(o.status.code(), Some(1));
    let recs = jsonl(&o);
    assert_eq!(recs.len(), 2, "{}", stdout(&o));
    assert!(recs[0]["error"].is_null());
    assert!(recs[1]["error"].is_string());

    // Not WARC at all, or missing: an error record for the input, exit 1.
    let html = d.write("page.html", good.as_bytes());
    let missing = d.path().join("missing.warc");
    let o = run(
        &[
            "--input",
            "warc",
            html.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let recs = jsonl(&o);
    assert_eq!(recs.len(), 2);
    assert!(
        recs[0]["error"]
            .as_str()
            .unwrap()
            .contains("not a WARC file")
    );
    assert!(recs[1]["error"].as_str().unwrap().contains("missing.warc"));
}

/// A GIF response cut short by the end of the input.
fn image_cut() -> Vec<u8> {
    let mut r = response_record(
        "<urn:uuid:gif>",
        "https://example.com/a.gif",
        &http(
            "HTTP/1.1 200 OK\nContent-Type: image/gif\n",
            b"GIF89a........",
        ),
    );
    r.truncate(r.len() - 8);
    r
}
