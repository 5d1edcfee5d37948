//! Page extraction from files, directories, stdin, JSONL records or WARC files, to text,
//! Markdown, HTML or JSON records, streamed in input order.
//!
//! One bad page never stops a batch: an unreadable file, a malformed JSONL line or a page the
//! extractor refuses becomes a record with `"error"` set, and the exit status says that some
//! pages failed.

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use deboil::{Article, Extractor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::cli::{Format, InputKind, RunArgs};
use crate::pool::ordered_map;
use crate::progress::Progress;
use crate::warc::{self, Decoded, ReadStats};
use crate::{UsageError, extract_timed, extractor, note};

/// One unit of work, as produced by the (single) reader.
enum Item {
    /// An HTML file, read by the worker.
    File(PathBuf),
    /// A page already in memory (stdin).
    Bytes { id: Value, bytes: Vec<u8> },
    /// One non-blank JSONL line, parsed by the worker.
    Line {
        source: String,
        lineno: u64,
        bytes: Vec<u8>,
    },
    /// A WARC response record, decoded by the worker.
    Warc(warc::Record),
    /// Something that failed before a page could be formed (unreadable directory or stream).
    Failed { id: Value, error: String },
}

/// What a worker hands back: the rendered output, ready to write.
struct Done {
    body: String,
    /// The id (for messages) and error of a failed page.
    failure: Option<(String, String)>,
    /// What the item was: a page (with output), or a WARC record with none.
    outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Page,
    /// A WARC response whose payload turned out not to be HTML.
    NotHtml,
    /// A broken WARC response that was not HTML-ish.
    Broken,
}

impl Done {
    fn skipped(outcome: Outcome) -> Done {
        Done {
            body: String::new(),
            failure: None,
            outcome,
        }
    }
}

/// How records are rendered; shared read-only by the workers.
struct Render {
    format: Format,
    single: bool,
    timings: bool,
    blocks: bool,
    explain: bool,
}

/// Runs the page-extraction command and returns the exit status (0 or 1).
pub fn run(args: RunArgs) -> Result<i32, UsageError> {
    let stdin_count = args.inputs.iter().filter(|p| is_stdin(p)).count();
    if stdin_count > 1 {
        return Err(UsageError("\"-\" (stdin) can be given only once".into()));
    }
    let single = args.input == InputKind::Html
        && match args.inputs.as_slice() {
            [] => true,
            [one] => is_stdin(one) || !one.is_dir(),
            _ => false,
        };
    if args.url.is_some() && !single {
        return Err(UsageError(
            "--url is for a single page; JSONL and WARC records carry their own URL".into(),
        ));
    }
    let format = args
        .format
        .unwrap_or(if single { Format::Text } else { Format::Jsonl });
    if args.explain && format == Format::Markdown {
        return Err(UsageError(
            "--explain writes text, html, json or jsonl, not markdown".into(),
        ));
    }
    let render = Render {
        format,
        single,
        timings: args.timings,
        blocks: args.blocks,
        explain: args.explain,
    };
    let extractor = extractor(&args.extract, args.charset.as_deref());
    // One page needs no threads.
    let jobs = match args.jobs {
        _ if single => 1,
        Some(j) => j as usize,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };

    let start = Instant::now();
    let warc_stats = Arc::new(ReadStats::default());
    let (items, total): (Box<dyn Iterator<Item = Item> + Send>, Option<usize>) = match args.input {
        InputKind::Html => html_items(&args.inputs),
        InputKind::Jsonl => (jsonl_items(args.inputs.clone()), None),
        InputKind::Warc => (
            Box::new(
                warc::Records::new(args.inputs.clone(), Arc::clone(&warc_stats)).map(|next| {
                    match next {
                        warc::Next::Record(r) => Item::Warc(r),
                        warc::Next::Failed { id, error } => Item::Failed { id, error },
                    }
                }),
            ),
            None,
        ),
    };
    let url = args.url.as_deref();

    let stdout = io::stdout();
    let mut out = Output::new(stdout.lock(), &render);
    let mut progress = Progress::new(!single, "deboil", total);
    let mut failed = 0usize;
    let mut pages = 0usize;
    let (mut not_html, mut broken) = (0u64, 0u64);
    ordered_map(
        items,
        jobs,
        |item| process(item, &extractor, url, &render),
        |done| {
            match done.outcome {
                Outcome::Page => {}
                Outcome::NotHtml => {
                    not_html += 1;
                    return;
                }
                Outcome::Broken => {
                    broken += 1;
                    return;
                }
            }
            pages += 1;
            if let Some((id, error)) = &done.failure {
                failed += 1;
                if !matches!(render.format, Format::Json | Format::Jsonl) || single {
                    progress.finish();
                    note!("deboil: {id}: {error}");
                }
            }
            progress.tick(done.failure.is_some());
            out.record(&done.body, failed > 0);
        },
    );
    progress.finish();
    out.finish(failed > 0);
    if args.input == InputKind::Warc {
        let get = |c: &std::sync::atomic::AtomicU64| ReadStats::get(c);
        let other = get(&warc_stats.other);
        let not_html = not_html + get(&warc_stats.not_html);
        let broken = broken + get(&warc_stats.broken);
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        note!(
            "deboil: warc: {} records, {pages} html pages, {} extracted, {failed} errors, {} skipped ({other} not HTTP responses, {not_html} not HTML, {broken} broken), {:.1} pages/s",
            get(&warc_stats.records),
            pages - failed,
            other + not_html + broken,
            pages as f64 / secs
        );
    } else if failed > 0 && !single {
        note!("deboil: {failed} of {pages} pages failed");
    }
    Ok(i32::from(failed > 0))
}

fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// The items for HTML inputs, and their number when known without reading stdin.
fn html_items(inputs: &[PathBuf]) -> (Box<dyn Iterator<Item = Item> + Send>, Option<usize>) {
    let inputs: Vec<PathBuf> = if inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        inputs.to_vec()
    };
    // Directory listings are small next to the pages; walking them first gives the progress
    // display a total.
    let mut items = Vec::new();
    for input in inputs {
        if is_stdin(&input) {
            items.push(PendingItem::Stdin);
        } else if input.is_dir() {
            for (path, err) in walk(&input) {
                items.push(match err {
                    None => PendingItem::Ready(Item::File(path)),
                    Some(error) => PendingItem::Ready(Item::Failed {
                        id: path_id(&path),
                        error,
                    }),
                });
            }
        } else {
            items.push(PendingItem::Ready(Item::File(input)));
        }
    }
    let total = items.len();
    let iter = items.into_iter().map(|p| match p {
        PendingItem::Ready(item) => item,
        // Read when its turn comes, not before the batch starts.
        PendingItem::Stdin => {
            let mut bytes = Vec::new();
            match io::stdin().lock().read_to_end(&mut bytes) {
                Ok(_) => Item::Bytes {
                    id: Value::from("-"),
                    bytes,
                },
                Err(e) => Item::Failed {
                    id: Value::from("-"),
                    error: format!("cannot read stdin: {e}"),
                },
            }
        }
    });
    (Box::new(iter), Some(total))
}

enum PendingItem {
    Ready(Item),
    Stdin,
}

fn path_id(path: &Path) -> Value {
    Value::String(path.to_string_lossy().into_owned())
}

/// The `*.html` / `*.htm` files under `dir` (any depth; symlinks to files followed, to
/// directories not, so a link cycle cannot trap the walk), sorted by path, with an error
/// entry for each directory that could not be read.
fn walk(dir: &Path) -> Vec<(PathBuf, Option<String>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                found.push((
                    d.clone(),
                    Some(format!("cannot read directory {}: {e}", d.display())),
                ));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    found.push((
                        d.clone(),
                        Some(format!("cannot read directory {}: {e}", d.display())),
                    ));
                    break;
                }
            };
            let path = entry.path();
            let Ok(ft) = entry.file_type() else { continue };
            let is_file = if ft.is_symlink() {
                path.is_file()
            } else {
                ft.is_file()
            };
            if ft.is_dir() {
                stack.push(path);
            } else if is_file && is_html_name(&path) {
                found.push((path, None));
            }
        }
    }
    found.sort();
    found
}

fn is_html_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The non-blank lines of the JSONL sources, in order, read lazily.
fn jsonl_items(inputs: Vec<PathBuf>) -> Box<dyn Iterator<Item = Item> + Send> {
    let sources = if inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        inputs
    };
    Box::new(
        sources
            .into_iter()
            .flat_map(|src| -> Box<dyn Iterator<Item = Item> + Send> {
                if is_stdin(&src) {
                    Box::new(Lines::new(
                        "stdin".into(),
                        Box::new(BufReader::new(io::stdin())),
                    ))
                } else {
                    let name = src.to_string_lossy().into_owned();
                    match fs::File::open(&src) {
                        Ok(f) => Box::new(Lines::new(
                            name,
                            Box::new(BufReader::with_capacity(1 << 16, f)),
                        )),
                        Err(e) => Box::new(std::iter::once(Item::Failed {
                            id: Value::String(name.clone()),
                            error: format!("cannot open {name}: {e}"),
                        })),
                    }
                }
            }),
    )
}

/// A lazy iterator over one JSONL stream's non-blank lines (raw bytes: a line that is not
/// UTF-8 becomes an error record, not the end of the stream).
struct Lines {
    source: String,
    reader: Box<dyn BufRead + Send>,
    lineno: u64,
    done: bool,
}

impl Lines {
    fn new(source: String, reader: Box<dyn BufRead + Send>) -> Self {
        Lines {
            source,
            reader,
            lineno: 0,
            done: false,
        }
    }
}

impl Iterator for Lines {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            let mut buf = Vec::new();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.lineno += 1;
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Item::Line {
                        source: self.source.clone(),
                        lineno: self.lineno,
                        bytes: buf,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.done = true;
                    return Some(Item::Failed {
                        id: Value::String(self.source.clone()),
                        error: format!(
                            "cannot read {} after line {}: {e}",
                            self.source, self.lineno
                        ),
                    });
                }
            }
        }
        None
    }
}

/// A page ready for extraction, or the reason there is none.
struct Page {
    id: Value,
    url: Option<String>,
    content_type: Option<String>,
    bytes: Result<Vec<u8>, String>,
}

/// Turns one JSONL line into a page.
fn page_from_line(source: &str, lineno: u64, bytes: &[u8]) -> Page {
    let fail = |id: Value, url: Option<String>, msg: String| Page {
        id,
        url,
        content_type: None,
        bytes: Err(format!("line {lineno} of {source}: {msg}")),
    };
    let record: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return fail(Value::Null, None, format!("invalid JSON: {e}")),
    };
    let Value::Object(mut obj) = record else {
        return fail(Value::Null, None, "not a JSON object".into());
    };
    let str_field =
        |obj: &serde_json::Map<String, Value>, key: &str| -> Result<Option<String>, String> {
            match obj.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("\"{key}\" must be a string")),
            }
        };
    let path = str_field(&obj, "path");
    let id = obj.remove("id").unwrap_or_else(|| match &path {
        Ok(Some(p)) => Value::String(p.clone()),
        _ => Value::Null,
    });
    let url = match str_field(&obj, "url") {
        Ok(u) => u,
        Err(e) => return fail(id, None, e),
    };
    let content_type = match str_field(&obj, "content_type") {
        Ok(c) => c,
        Err(e) => return fail(id, url, e),
    };
    match obj.remove("html") {
        // A JSON string is Unicode: its bytes are UTF-8 whatever the page's <meta charset>
        // said before it was put into the record.
        Some(Value::String(html)) => {
            return Page {
                id,
                url,
                content_type: Some("utf-8".into()),
                bytes: Ok(html.into_bytes()),
            };
        }
        None | Some(Value::Null) => {}
        Some(_) => return fail(id, url, "\"html\" must be a string".into()),
    }
    match path {
        Ok(Some(p)) => {
            let bytes = fs::read(&p).map_err(|e| format!("cannot read {p}: {e}"));
            Page {
                id,
                url,
                content_type,
                bytes,
            }
        }
        Ok(None) => fail(
            id,
            url,
            "the record has neither \"html\" nor \"path\"".into(),
        ),
        Err(e) => fail(id, url, e),
    }
}

/// Reads, extracts and renders one item (on a worker thread).
fn process(item: Item, extractor: &Extractor, cli_url: Option<&str>, render: &Render) -> Done {
    let page = match item {
        Item::File(path) => Page {
            id: path_id(&path),
            url: cli_url.map(str::to_owned),
            content_type: None,
            bytes: fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display())),
        },
        Item::Bytes { id, bytes } => Page {
            id,
            url: cli_url.map(str::to_owned),
            content_type: None,
            bytes: Ok(bytes),
        },
        Item::Line {
            source,
            lineno,
            bytes,
        } => page_from_line(&source, lineno, &bytes),
        Item::Warc(rec) => match warc::decode(&rec.block, rec.broken) {
            Decoded::Html { body, content_type } => Page {
                id: rec.id,
                url: rec.url,
                content_type,
                bytes: Ok(body),
            },
            Decoded::HtmlError(error) => Page {
                id: rec.id,
                url: rec.url,
                content_type: None,
                bytes: Err(error),
            },
            Decoded::NotHtml => return Done::skipped(Outcome::NotHtml),
            Decoded::Broken => return Done::skipped(Outcome::Broken),
        },
        Item::Failed { id, error } => Page {
            id,
            url: None,
            content_type: None,
            bytes: Err(error),
        },
    };
    if render.explain {
        return explain::process(page, extractor, render);
    }
    let mut micros = None;
    let article = page.bytes.and_then(|bytes| {
        let (r, t) = extract_timed(
            extractor,
            &bytes,
            page.url.as_deref(),
            page.content_type.as_deref(),
        );
        micros = Some(t);
        r
    });
    let body = render_page(render, &page.id, page.url.as_deref(), &article, micros);
    let failure = article.err().map(|e| (display_id(&page.id), e));
    Done {
        body,
        failure,
        outcome: Outcome::Page,
    }
}

fn display_id(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render_page(
    r: &Render,
    id: &Value,
    url: Option<&str>,
    article: &Result<Article, String>,
    micros: Option<u64>,
) -> String {
    match r.format {
        Format::Text | Format::Markdown | Format::Html => {
            let Ok(a) = article else { return String::new() };
            let mut s = match r.format {
                Format::Text => a.text(),
                Format::Markdown => a.to_markdown(),
                _ => a.to_html(),
            };
            if !s.is_empty() && !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        Format::Json | Format::Jsonl => {
            let rec = RecordOut {
                id,
                url,
                article: article.as_ref().ok(),
                error: article.as_ref().err().map(String::as_str),
                micros: r.timings.then_some(micros),
                blocks: r.blocks,
            };
            let json = if r.format == Format::Json {
                serde_json::to_string_pretty(&rec)
            } else {
                serde_json::to_string(&rec)
            };
            // Serialising strings and numbers into a String cannot fail; keep the record
            // well-formed regardless.
            json.unwrap_or_else(|e| {
                serde_json::json!({ "id": id, "error": format!("cannot serialise the record: {e}") }).to_string()
            })
        }
    }
}

/// `--explain`: the same pages, the decision trace instead of the article.
mod explain {
    use deboil::{Explanation, Extractor};
    use serde::Serialize;
    use serde_json::Value;

    use super::{Done, Outcome, Page, Render, display_id};
    use crate::cli::Format;
    use crate::{explain_page, report};

    /// The JSON record: the page's id and URL, then the explanation's fields.
    #[derive(Serialize)]
    struct Record<'a> {
        id: &'a Value,
        url: Option<&'a str>,
        error: Option<&'a str>,
        #[serde(flatten)]
        explanation: Option<&'a Explanation>,
    }

    pub(super) fn process(page: Page, extractor: &Extractor, render: &Render) -> Done {
        let url = page.url.as_deref();
        let res = page
            .bytes
            .and_then(|bytes| explain_page(extractor, &bytes, url, page.content_type.as_deref()));
        let body = match (render.format, &res) {
            (Format::Json | Format::Jsonl, _) => {
                let rec = Record {
                    id: &page.id,
                    url: url.or(res.as_ref().ok().and_then(|e| e.article.url.as_deref())),
                    error: res.as_ref().err().map(String::as_str),
                    explanation: res.as_ref().ok(),
                };
                let json = if render.format == Format::Json {
                    serde_json::to_string_pretty(&rec)
                } else {
                    serde_json::to_string(&rec)
                };
                json.unwrap_or_else(|e| {
                    serde_json::json!({ "id": &page.id, "error": format!("cannot serialise the record: {e}") }).to_string()
                })
            }
            (Format::Html, Ok(e)) => report::page(&display_id(&page.id), e, None),
            (_, Ok(e)) => report::text(e),
            (_, Err(_)) => String::new(),
        };
        Done {
            body,
            failure: res.err().map(|e| (display_id(&page.id), e)),
            outcome: Outcome::Page,
        }
    }
}

/// One output record. Serialised by hand so that the keys keep the documented order and the
/// optional keys appear only when asked for.
struct RecordOut<'a> {
    id: &'a Value,
    url: Option<&'a str>,
    article: Option<&'a Article>,
    error: Option<&'a str>,
    /// `Some` with `--timings`: the extraction time, or null when no extraction ran.
    micros: Option<Option<u64>>,
    blocks: bool,
}

impl Serialize for RecordOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.article;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", self.id)?;
        m.serialize_entry("url", &self.url.or(a.and_then(|a| a.url.as_deref())))?;
        m.serialize_entry("title", &a.and_then(|a| a.title.as_deref()))?;
        let author = a
            .filter(|a| !a.authors.is_empty())
            .map(|a| a.authors.join("; "));
        m.serialize_entry("author", &author)?;
        m.serialize_entry("authors", &a.map(|a| &a.authors))?;
        m.serialize_entry("date", &a.and_then(|a| a.date.as_deref()))?;
        m.serialize_entry("date_modified", &a.and_then(|a| a.date_modified.as_deref()))?;
        m.serialize_entry("site_name", &a.and_then(|a| a.site_name.as_deref()))?;
        m.serialize_entry("lang", &a.and_then(|a| a.lang.as_deref()))?;
        m.serialize_entry("description", &a.and_then(|a| a.description.as_deref()))?;
        m.serialize_entry("text", &a.map(Article::text))?;
        m.serialize_entry("error", &self.error)?;
        if let Some(micros) = self.micros {
            m.serialize_entry("micros", &micros)?;
        }
        if self.blocks {
            m.serialize_entry("encoding", &a.map(|a| a.encoding.as_str()))?;
            m.serialize_entry("blocks", &a.map(|a| &a.blocks))?;
        }
        m.end()
    }
}

/// Frames the records for the format and writes them as they come.
struct Output<W: Write> {
    w: io::BufWriter<W>,
    format: Format,
    single: bool,
    count: usize,
}

impl<W: Write> Output<W> {
    fn new(w: W, r: &Render) -> Self {
        Output {
            w: io::BufWriter::with_capacity(1 << 16, w),
            format: r.format,
            single: r.single,
            count: 0,
        }
    }

    fn record(&mut self, body: &str, failed: bool) {
        let first = self.count == 0;
        self.count += 1;
        let res = match (self.format, self.single) {
            (Format::Jsonl, _) | (Format::Json, true) => writeln!(self.w, "{body}"),
            (Format::Json, false) => write!(self.w, "{}{body}", if first { "[\n" } else { ",\n" }),
            (_, true) => self.w.write_all(body.as_bytes()),
            (_, false) => write!(self.w, "{}{body}", if first { "" } else { "\x0c\n" }),
        };
        // Each record goes out as soon as its turn comes, so a consumer reading the stream
        // (or a producer waiting for an answer before it writes the next line) never waits
        // on a half-full buffer. One write per page is nothing next to extracting it; the
        // buffer still gathers the pieces of one record.
        let res = res.and_then(|()| self.w.flush());
        Self::check(res, failed);
    }

    fn finish(&mut self, failed: bool) {
        let mut res = Ok(());
        if self.format == Format::Json && !self.single {
            res = self
                .w
                .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" });
        }
        Self::check(res.and_then(|()| self.w.flush()), failed);
    }

    /// A closed pipe (`deboil ... | head`) ends the run quietly; other write errors end it
    /// with a message. Either way nothing more can be written, so exit now.
    fn check(res: io::Result<()>, failed: bool) {
        if let Err(e) = res {
            if e.kind() != io::ErrorKind::BrokenPipe {
                note!("deboil: cannot write the output: {e}");
                std::process::exit(1);
            }
            std::process::exit(i32::from(failed));
        }
    }
}
