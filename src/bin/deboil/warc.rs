//! `--input warc`: WARC files (WARC/1.0 and 1.1, plain or gzip, detected by the magic bytes;
//! multi-member gzip as crawlers write it) or stdin, read as a stream, record by record.
//!
//! The reader (one thread) frames records by their `Content-Length` and reads only what it
//! must: the WARC header, the HTTP header of `response` records, and the body of those whose
//! payload may be HTML; every other block is skipped through a small buffer. Nothing is ever
//! held beyond one record, and no record beyond [`MAX_BLOCK`], so memory stays bounded for
//! multi-GB files. The workers decode the HTTP message (chunked transfer coding,
//! `Content-Encoding` gzip / deflate) and sniff pages that declare no type.
//!
//! A broken record never stops the stream: it is counted, and becomes an error record when it
//! was HTML-ish (an HTML response cut short, undecodable or oversized).
//!
//! Why a reader of our own rather than a crate: `warc` (0.4) pulls chrono, nom 7, url, uuid
//! 0.8 and libflate, buffers each record's body whole in its record iterators, and its
//! streaming iterator cannot resynchronise after a malformed header; `fastwarc` (2.0, the
//! Resiliparse reader) pulls brotli, zstd (C), lz4, three hash crates, time, uuid, zlib-rs and
//! the old `encoding` crate. Framing WARC needs a header parser and `Content-Length`:
//! a few hundred lines on top of flate2, which the CLI needs for HTTP `Content-Encoding` anyway.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::bufread::{DeflateDecoder, GzDecoder, MultiGzDecoder, ZlibDecoder};
use serde_json::Value;

/// The longest header line read (WARC or HTTP); longer ones make the record broken.
const MAX_LINE: usize = 64 << 10;
/// The largest WARC header, and the largest HTTP header looked for in a response block.
const MAX_HEADER: usize = 1 << 20;
/// The largest response block (or decoded HTML body) taken into memory.
pub const MAX_BLOCK: u64 = 64 << 20;

/// What the reader counted; read by the main thread once the reader is done.
#[derive(Debug, Default)]
pub struct ReadStats {
    /// WARC records seen (a stretch of garbage between records counts as one broken record).
    pub records: AtomicU64,
    /// Records that are not HTTP responses: warcinfo, request, metadata, revisit, dns, ...
    pub other: AtomicU64,
    /// Responses skipped on their declared non-HTML Content-Type, body unread.
    pub not_html: AtomicU64,
    /// Records that could not be framed or were cut short and were not HTML-ish.
    pub broken: AtomicU64,
}

impl ReadStats {
    fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// One response record whose payload may be HTML, as read; decoded by a worker.
pub struct Record {
    /// `WARC-Record-ID`, verbatim (e.g. `<urn:uuid:...>`), or null when missing.
    pub id: Value,
    /// `WARC-Target-URI` (angle brackets removed).
    pub url: Option<String>,
    /// The HTTP message, or its first part when `broken` is set.
    pub block: Vec<u8>,
    /// Why the record is incomplete (cut short, oversized, unreadable).
    pub broken: Option<String>,
}

/// What one input produced next.
pub enum Next {
    Record(Record),
    /// The input could not be opened, or is not a WARC file.
    Failed {
        id: Value,
        error: String,
    },
}

/// The records of the WARC inputs, in order, read lazily.
pub struct Records {
    sources: std::vec::IntoIter<PathBuf>,
    current: Option<Source>,
    stats: Arc<ReadStats>,
}

impl Records {
    pub fn new(inputs: Vec<PathBuf>, stats: Arc<ReadStats>) -> Self {
        let inputs = if inputs.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            inputs
        };
        Records {
            sources: inputs.into_iter(),
            current: None,
            stats,
        }
    }
}

impl Iterator for Records {
    type Item = Next;

    fn next(&mut self) -> Option<Next> {
        loop {
            if self.current.is_none() {
                let path = self.sources.next()?;
                let name = if path.as_os_str() == "-" {
                    "stdin".to_owned()
                } else {
                    path.to_string_lossy().into_owned()
                };
                match open(&path) {
                    Ok(reader) => {
                        self.current = Some(Source::new(name, reader));
                    }
                    Err(e) => {
                        return Some(Next::Failed {
                            id: Value::String(name.clone()),
                            error: format!("cannot open {name}: {e}"),
                        });
                    }
                }
            }
            let src = self.current.as_mut()?;
            match src.next_record(&self.stats) {
                Step::Record(r) => return Some(Next::Record(r)),
                Step::Counted => {}
                Step::End => self.current = None,
                Step::Failed(error) => {
                    let id = Value::String(src.name.clone());
                    self.current = None;
                    return Some(Next::Failed { id, error });
                }
            }
        }
    }
}

/// Opens a file (or stdin for "-"), unwrapping gzip when the first bytes say so.
fn open(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let mut raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    let mut magic = Vec::with_capacity(2);
    while magic.len() < 2 {
        let mut b = [0u8; 2];
        match raw.read(&mut b[..2 - magic.len()]) {
            Ok(0) => break,
            Ok(n) => magic.extend_from_slice(&b[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let gzip = magic == [0x1f, 0x8b];
    let inner = BufReader::with_capacity(1 << 16, Cursor::new(magic).chain(raw));
    Ok(if gzip {
        // Every member in turn: crawlers write one member per record.
        Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(inner),
        ))
    } else {
        Box::new(inner)
    })
}

enum Step {
    Record(Record),
    /// A record was read and counted, with nothing for the workers.
    Counted,
    /// The input is finished (or cannot be read further).
    End,
    /// The input is not WARC at all.
    Failed(String),
}

/// One input being read.
struct Source {
    name: String,
    reader: Box<dyn BufRead + Send>,
    /// Records framed so far (a non-WARC input fails on its first line, not after).
    seen: u64,
    /// A version line found while resynchronising, to start the next record with.
    pending: Option<Vec<u8>>,
    /// Whether the record being read has been counted yet.
    counted: bool,
    /// A read error ended the input.
    dead: bool,
}

enum Line {
    Eof,
    /// A whole line, through its `\n` (or to the end of the input).
    Whole,
    /// Longer than the limit: `buf` holds the start, the rest of the line is unread.
    TooLong,
}

impl Source {
    fn new(name: String, reader: Box<dyn BufRead + Send>) -> Self {
        Source {
            name,
            reader,
            seen: 0,
            pending: None,
            counted: false,
            dead: false,
        }
    }

    fn next_record(&mut self, stats: &ReadStats) -> Step {
        if self.dead {
            return Step::End;
        }
        self.counted = false;
        match self.try_next_record(stats) {
            Ok(step) => step,
            Err(e) => {
                // A read error inside the WARC framing (a corrupt gzip stream, a failing
                // disk): what was being read is broken, and nothing after it can be framed.
                if self.counted {
                    ReadStats::add(&stats.broken);
                } else if self.seen > 0 {
                    ReadStats::add(&stats.records);
                    ReadStats::add(&stats.broken);
                } else {
                    return Step::Failed(format!("cannot read {}: {e}", self.name));
                }
                crate::note!("deboil: {}: cannot read further: {e}", self.name);
                Step::End
            }
        }
    }

    fn count(&mut self, stats: &ReadStats) {
        self.counted = true;
        ReadStats::add(&stats.records);
    }

    fn try_next_record(&mut self, stats: &ReadStats) -> io::Result<Step> {
        let mut line = Vec::new();
        // The version line, after the blank lines that end the previous record.
        if let Some(l) = self.pending.take() {
            line = l;
        } else {
            self.version_line(&mut line, stats)?;
            if line.is_empty() {
                return Ok(Step::End);
            }
            if !line.starts_with(b"WARC/") {
                let start = String::from_utf8_lossy(&line[..line.len().min(16)]).into_owned();
                return Ok(Step::Failed(format!(
                    "{} is not a WARC file (it starts with {start:?}; plain and gzip WARC are read)",
                    self.name
                )));
            }
        }
        self.seen += 1;
        self.count(stats);
        self.record_after_version(stats, &mut line)
    }

    /// Reads the next version line into `line`: empty at the end of the input, not a version
    /// line if the input does not start with one.
    fn version_line(&mut self, line: &mut Vec<u8>, stats: &ReadStats) -> io::Result<()> {
        loop {
            match read_line(&mut self.reader, line, MAX_LINE)? {
                Line::Eof => {
                    line.clear();
                    return Ok(());
                }
                Line::Whole if trim_eol(line).is_empty() => continue,
                Line::Whole if line.starts_with(b"WARC/") => return Ok(()),
                _ if self.seen == 0 => return Ok(()),
                too_long_or_garbage => {
                    // Garbage between records: one broken record, then the next version line.
                    ReadStats::add(&stats.records);
                    ReadStats::add(&stats.broken);
                    if matches!(too_long_or_garbage, Line::TooLong) {
                        skip_line(&mut self.reader)?;
                    }
                    if !self.resync(line)? {
                        line.clear();
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Reads the rest of a record whose version line was read.
    fn record_after_version(&mut self, stats: &ReadStats, line: &mut Vec<u8>) -> io::Result<Step> {
        // The named fields, up to the blank line.
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut size = 0usize;
        loop {
            let got = read_line(&mut self.reader, line, MAX_LINE)?;
            size += line.len();
            match got {
                Line::Eof => {
                    ReadStats::add(&stats.broken);
                    return Ok(Step::End);
                }
                Line::TooLong => {
                    skip_line(&mut self.reader)?;
                    return self.broken_header(stats);
                }
                Line::Whole => {}
            }
            if size > MAX_HEADER {
                return self.broken_header(stats);
            }
            let l = trim_eol(line);
            if l.is_empty() {
                break;
            }
            if l[0] == b' ' || l[0] == b'\t' {
                // A continuation line (folded field value).
                match fields.last_mut() {
                    Some((_, v)) => {
                        v.push(' ');
                        v.push_str(latin1(l).trim());
                    }
                    None => return self.broken_header(stats),
                }
                continue;
            }
            let Some(colon) = l.iter().position(|&b| b == b':') else {
                return self.broken_header(stats);
            };
            fields.push((
                latin1(&l[..colon]).trim().to_ascii_lowercase(),
                latin1(&l[colon + 1..]).trim().to_owned(),
            ));
        }
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = field("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            // Unframeable: look for the next record.
            return self.broken_header(stats);
        };
        let is_response = field("warc-type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
        if !is_response {
            return self.skip_block(length, &stats.other, stats);
        }
        let id = field("warc-record-id").map_or(Value::Null, |v| Value::String(v.to_owned()));
        let url = field("warc-target-uri").map(|u| {
            u.strip_prefix('<')
                .and_then(|u| u.strip_suffix('>'))
                .unwrap_or(u)
                .to_owned()
        });

        // The HTTP header, to decide without reading the body.
        let mut block = Vec::new();
        let head_limit = length.min(MAX_HEADER as u64);
        let mut head_end = None;
        while (block.len() as u64) < head_limit {
            let want = (head_limit - block.len() as u64).min(8 << 10);
            let from = block.len().saturating_sub(3);
            let n = match read_up_to(&mut self.reader, want, &mut block) {
                Ok(n) => n,
                Err(e) => return Ok(self.cut_short(id, url, block, length, Some(e))),
            };
            if n < want {
                return Ok(self.cut_short(id, url, block, length, None));
            }
            head_end = find_head_end(&block[from..]).map(|e| from + e);
            if head_end.is_some() {
                break;
            }
        }
        let read = block.len() as u64;
        if !block.starts_with(b"HTTP/") {
            // A response of another protocol (dns:, ftp:, ...).
            return self.skip_block(length - read, &stats.other, stats);
        }
        if let Some(end) = head_end {
            let head = parse_head(&block[..end]);
            if head.is_html() == Some(false) {
                return self.skip_block(length - read, &stats.not_html, stats);
            }
        }
        if length > MAX_BLOCK {
            let skipped = skip(&mut self.reader, length - read)?;
            let broken = if skipped < length - read {
                self.dead = true;
                truncated_message(length, read + skipped)
            } else {
                format!("the record is too large ({length} bytes; at most {MAX_BLOCK} are read)")
            };
            return Ok(Step::Record(Record {
                id,
                url,
                block,
                broken: Some(broken),
            }));
        }
        // At most MAX_BLOCK, so a lying Content-Length cannot reserve much.
        block.reserve_exact((length - read) as usize);
        match read_up_to(&mut self.reader, length - read, &mut block) {
            Ok(_) if (block.len() as u64) < length => {
                return Ok(self.cut_short(id, url, block, length, None));
            }
            Ok(_) => {}
            Err(e) => return Ok(self.cut_short(id, url, block, length, Some(e))),
        }
        Ok(Step::Record(Record {
            id,
            url,
            block,
            broken: None,
        }))
    }

    /// A response cut short by the end of the input or a read error, which ends the input:
    /// the workers decide whether it was HTML-ish (an error record) or not (counted as
    /// broken).
    fn cut_short(
        &mut self,
        id: Value,
        url: Option<String>,
        block: Vec<u8>,
        length: u64,
        error: Option<io::Error>,
    ) -> Step {
        self.dead = true;
        let got = block.len() as u64;
        let broken = match error {
            None => truncated_message(length, got),
            Some(e) => {
                crate::note!("deboil: {}: cannot read further: {e}", self.name);
                format!("cannot read the record (after {got} of its {length} bytes): {e}")
            }
        };
        Step::Record(Record {
            id,
            url,
            block,
            broken: Some(broken),
        })
    }

    /// Skips the rest of a block that nobody reads, counting the record under `counter`, or
    /// as broken when the input ends first.
    fn skip_block(&mut self, n: u64, counter: &AtomicU64, stats: &ReadStats) -> io::Result<Step> {
        if skip(&mut self.reader, n)? < n {
            ReadStats::add(&stats.broken);
            self.dead = true;
            return Ok(Step::Counted);
        }
        ReadStats::add(counter);
        Ok(Step::Counted)
    }

    /// A record whose header cannot be framed: counted as broken; reading goes on at the next
    /// version line.
    fn broken_header(&mut self, stats: &ReadStats) -> io::Result<Step> {
        ReadStats::add(&stats.broken);
        let mut line = Vec::new();
        if !self.resync(&mut line)? {
            return Ok(Step::End);
        }
        // The version line of the next record is read: it starts the next call.
        self.pending = Some(line);
        Ok(Step::Counted)
    }

    /// Reads lines until one starts a record; `line` then holds it. False at the end.
    fn resync(&mut self, line: &mut Vec<u8>) -> io::Result<bool> {
        loop {
            match read_line(&mut self.reader, line, MAX_LINE)? {
                Line::Eof => return Ok(false),
                Line::Whole if line.starts_with(b"WARC/") => return Ok(true),
                Line::Whole => {}
                Line::TooLong => skip_line(&mut self.reader)?,
            }
        }
    }
}

fn truncated_message(length: u64, got: u64) -> String {
    format!(
        "truncated record: Content-Length is {length} bytes, the input ends after {got} of them"
    )
}

/// Reads one line (through `\n`) into `buf` (cleared first), at most `max` bytes.
fn read_line(r: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    buf.clear();
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(if buf.is_empty() {
                Line::Eof
            } else {
                Line::Whole
            });
        }
        let room = max - buf.len();
        let (take, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) if i < room => (i + 1, true),
            _ => (avail.len().min(room), false),
        };
        buf.extend_from_slice(&avail[..take]);
        r.consume(take);
        if done {
            return Ok(Line::Whole);
        }
        if buf.len() >= max {
            return Ok(Line::TooLong);
        }
    }
}

/// Discards the rest of the current line.
fn skip_line(r: &mut dyn BufRead) -> io::Result<()> {
    let mut buf = Vec::new();
    while let Line::TooLong = read_line(r, &mut buf, MAX_LINE)? {}
    Ok(())
}

/// Appends up to `n` bytes to `buf`; returns how many came (fewer at the end of the input).
fn read_up_to(r: &mut dyn BufRead, n: u64, buf: &mut Vec<u8>) -> io::Result<u64> {
    let before = buf.len();
    r.take(n).read_to_end(buf)?;
    Ok((buf.len() - before) as u64)
}

/// Skips up to `n` bytes; returns how many there were.
fn skip(r: &mut dyn BufRead, n: u64) -> io::Result<u64> {
    io::copy(&mut r.take(n), &mut io::sink())
}

fn trim_eol(l: &[u8]) -> &[u8] {
    let l = l.strip_suffix(b"\n").unwrap_or(l);
    l.strip_suffix(b"\r").unwrap_or(l)
}

/// Header bytes as text: ISO-8859-1, which cannot fail (RFC 9110 §5.5).
fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// The end of the HTTP header (after its blank line) in `b`, if it is there.
fn find_head_end(b: &[u8]) -> Option<usize> {
    let crlf = b.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = b.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The HTTP response header fields that matter here.
#[derive(Debug, Default)]
struct Head {
    content_type: Option<String>,
    chunked: bool,
    /// Content codings in the order they were applied.
    encodings: Vec<String>,
}

impl Head {
    /// Whether the declared type is HTML; `None` when no type is declared.
    fn is_html(&self) -> Option<bool> {
        let ct = self.content_type.as_deref()?;
        let mime = ct.split(';').next().unwrap_or("").trim();
        if mime.is_empty() {
            return None;
        }
        Some(
            mime.eq_ignore_ascii_case("text/html")
                || mime.eq_ignore_ascii_case("application/xhtml+xml"),
        )
    }
}

/// Parses an HTTP response header (status line and fields).
fn parse_head(head: &[u8]) -> Head {
    let mut h = Head::default();
    for raw in head.split(|&b| b == b'\n').skip(1) {
        let l = trim_eol(raw);
        if l.is_empty() {
            break;
        }
        // Folded lines (obsolete) are ignored, and so are lines that are not fields.
        if l[0] == b' ' || l[0] == b'\t' {
            continue;
        }
        let Some(colon) = l.iter().position(|&b| b == b':') else {
            continue;
        };
        let name = latin1(&l[..colon]).trim().to_ascii_lowercase();
        let value = latin1(&l[colon + 1..]).trim().to_owned();
        match name.as_str() {
            // Browsers take the last Content-Type.
            "content-type" if !value.is_empty() => h.content_type = Some(value),
            "transfer-encoding" => {
                h.chunked |= value
                    .split(',')
                    .any(|c| c.trim().eq_ignore_ascii_case("chunked"));
            }
            "content-encoding" => h.encodings.extend(
                value
                    .split(',')
                    .map(|c| c.trim().to_ascii_lowercase())
                    .filter(|c| !c.is_empty() && c != "identity"),
            ),
            _ => {}
        }
    }
    h
}

/// What a response record holds, once decoded.
pub enum Decoded {
    /// An HTML page: its body and the HTTP Content-Type (the charset hint).
    Html {
        body: Vec<u8>,
        content_type: Option<String>,
    },
    /// An HTML-ish record that cannot be extracted: why.
    HtmlError(String),
    /// Not HTML: counted, no output.
    NotHtml,
    /// Broken and not HTML-ish: counted, no output.
    Broken,
}

/// Decodes a response record's HTTP message (on a worker thread).
pub fn decode(block: &[u8], broken: Option<String>) -> Decoded {
    let Some(end) = find_head_end(block) else {
        // No complete HTTP header: HTML-ish only if what there is says so.
        let head = parse_head(block);
        return match (head.is_html(), broken) {
            (Some(true), Some(b)) => Decoded::HtmlError(b),
            (Some(true), None) => Decoded::HtmlError("the HTTP header never ends".into()),
            (_, Some(_)) => Decoded::Broken,
            (_, None) => Decoded::NotHtml,
        };
    };
    let head = parse_head(&block[..end]);
    let declared = head.is_html();
    if declared == Some(false) {
        return if broken.is_some() {
            Decoded::Broken
        } else {
            Decoded::NotHtml
        };
    }
    let raw = &block[end..];
    let dechunked;
    let body = if head.chunked {
        dechunked = dechunk(raw);
        &dechunked[..]
    } else {
        raw
    };
    let decoded = decode_content(body, &head.encodings);
    let html = match declared {
        Some(html) => html,
        None => match &decoded {
            Ok(b) => sniff_html(b),
            // Undecodable and undeclared: there is no telling.
            Err(_) => false,
        },
    };
    match (html, broken, decoded) {
        (true, Some(b), _) => Decoded::HtmlError(b),
        (true, None, Err(e)) => Decoded::HtmlError(e),
        (true, None, Ok(body)) => Decoded::Html {
            body,
            content_type: head.content_type,
        },
        (false, Some(_), _) => Decoded::Broken,
        (false, None, _) => Decoded::NotHtml,
    }
}

/// Undoes the chunked transfer coding. Lenient, as browsers are: a body that does not start
/// with a chunk size is taken as it is, and one cut short keeps the chunks that came.
fn dechunk(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut rest = b;
    let mut first = true;
    while let Some(nl) = rest.iter().position(|&c| c == b'\n') {
        let line = latin1(trim_eol(&rest[..=nl]));
        let size_text = line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            break;
        };
        first = false;
        rest = &rest[nl + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        if take < size {
            break;
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
    if first {
        return b.to_vec();
    }
    out
}

/// Undoes the content codings, last applied first.
fn decode_content(body: &[u8], encodings: &[String]) -> Result<Vec<u8>, String> {
    let mut data = body.to_vec();
    for enc in encodings.iter().rev() {
        data = match enc.as_str() {
            "gzip" | "x-gzip" => inflate(GzDecoder::new(&data[..]), enc)?,
            // "deflate" is zlib-wrapped by the RFC; some servers send raw deflate.
            "deflate" => inflate(ZlibDecoder::new(&data[..]), enc)
                .or_else(|_| inflate(DeflateDecoder::new(&data[..]), enc))?,
            other => return Err(format!("unsupported Content-Encoding: {other}")),
        };
    }
    Ok(data)
}

/// Reads a decoder to the end, at most [`MAX_BLOCK`] bytes. A stream cut short keeps what it
/// gave (browsers show a truncated page too); one that gives nothing is an error.
fn inflate(mut d: impl Read, enc: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let res = d.by_ref().take(MAX_BLOCK + 1).read_to_end(&mut out);
    if out.len() as u64 > MAX_BLOCK {
        return Err(format!(
            "the {enc}-decoded body is larger than {MAX_BLOCK} bytes"
        ));
    }
    match res {
        Ok(_) => Ok(out),
        Err(_) if !out.is_empty() => Ok(out),
        Err(e) => Err(format!("cannot decode Content-Encoding {enc}: {e}")),
    }
}

/// Whether an undeclared body looks like HTML (the HTML patterns of the WHATWG MIME
/// sniffing standard, §7.1).
fn sniff_html(b: &[u8]) -> bool {
    let b = b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(b);
    let start = b
        .iter()
        .position(|c| !matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' '))
        .unwrap_or(b.len());
    let b = &b[start..];
    const PATTERNS: [&[u8]; 17] = [
        b"<!DOCTYPE HTML",
        b"<HTML",
        b"<HEAD",
        b"<SCRIPT",
        b"<IFRAME",
        b"<H1",
        b"<DIV",
        b"<FONT",
        b"<TABLE",
        b"<A",
        b"<STYLE",
        b"<TITLE",
        b"<B",
        b"<BODY",
        b"<BR",
        b"<P",
        b"<!--",
    ];
    PATTERNS.iter().any(|p| {
        b.len() > p.len()
            && b[..p.len()].eq_ignore_ascii_case(p)
            && (*p == b"<!--" || matches!(b[p.len()], b' ' | b'>'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_and_sniffing() {
        let h = parse_head(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-type: Text/HTML; charset=latin1\r\nTransfer-Encoding: gzip, chunked\r\nContent-Encoding: identity, gzip\r\n\r\n",
        );
        assert_eq!(h.content_type.as_deref(), Some("Text/HTML; charset=latin1"));
        assert_eq!(h.is_html(), Some(true));
        assert!(h.chunked);
        assert_eq!(h.encodings, ["gzip"]);
        assert!(sniff_html(b"\xef\xbb\xbf \n<!doctype html><p>x"));
        assert!(sniff_html(b"<p>x"));
        assert!(!sniff_html(b"<pre>x"));
        assert!(!sniff_html(b"\x89PNG\r\n"));
        assert!(!sniff_html(b"{\"a\": 1}"));
    }

    #[test]
    fn dechunk_is_lenient() {
        assert_eq!(dechunk(b"5;x=y\r\nhello\r\n1\r\n!\r\n0\r\n\r\n"), b"hello!");
        assert_eq!(dechunk(b"<html>"), b"<html>");
        assert_eq!(dechunk(b"5\r\nhel"), b"hel");
    }

    #[test]
    fn broken_header_resyncs() {
        let data = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nno colon here\r\n\r\njunk\r\n\r\n\
            WARC/1.1\r\nWARC-Type: metadata\r\nContent-Length: 2\r\n\r\nab\r\n\r\n";
        let stats = Arc::new(ReadStats::default());
        let mut src = Source::new("t".into(), Box::new(&data[..]));
        let mut steps = 0;
        loop {
            match src.next_record(&stats) {
                Step::End => break,
                Step::Failed(e) => panic!("{e}"),
                _ => steps += 1,
            }
        }
        assert_eq!(steps, 2);
        assert_eq!(ReadStats::get(&stats.records), 2);
        assert_eq!(ReadStats::get(&stats.broken), 1);
        assert_eq!(ReadStats::get(&stats.other), 1);
    }
}
