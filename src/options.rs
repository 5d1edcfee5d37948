//! Extraction settings: what the caller knows about the page and how much deboil may keep.
//!
//! Options are built once and shared by an [`Extractor`](crate::Extractor). Fields are private
//! and set through `with_*` methods, so new knobs never break callers.

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::Error;

/// How to trade precision against recall when a block's status is unclear.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// Keep only blocks that are clearly article text; figure captions and credits go too.
    Precision,
    /// The default balance.
    #[default]
    Balanced,
    /// Keep borderline blocks too (short lines, link-heavy paragraphs near the article).
    Recall,
}

/// Hard bounds on the work done for one page.
///
/// Every bound is checked as the page is processed, not after: an exceeded bound stops the
/// work early with a typed [`Error`], so hostile input costs bounded time and memory. Two
/// bounds are not errors but documented repairs, as a browser makes them: nesting deeper than
/// [`max_depth`](Limits::max_depth) is flattened, and attributes beyond
/// [`max_attributes`](Limits::max_attributes) are dropped.
///
/// ```
/// use std::time::Duration;
/// use deboil::{Extractor, Limits, Options};
/// let limits = Limits::default()
///     .with_max_bytes(8 << 20)
///     .with_max_time(Some(Duration::from_millis(500)));
/// let extractor = Extractor::new(Options::default().with_limits(limits));
/// # let _ = extractor;
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes; larger input is [`Error::TooLarge`]. Default: 64 MiB.
    pub max_bytes: usize,
    /// Most DOM nodes (elements, text runs, comments) a page may parse into, each attribute
    /// counting as one more node; more is [`Error::TooManyNodes`], reported as soon as the
    /// parser goes over. Attributes count because html5ever copies them when it re-opens
    /// misnested formatting elements (`<p><b id=1>x</p><p>y` re-creates the `<b>`): counting
    /// only nodes would let a few megabytes of such markup build gigabytes of attribute
    /// lists. At the default, parsing stays under about 300 MB. Default: 2,000,000 (the
    /// heaviest page of the evaluation corpus has 40,000).
    pub max_nodes: usize,
    /// Deepest element nesting built. Start tags that would open an element deeper than this
    /// are dropped, with their end tags, so what they contain (text, void elements such as
    /// `<img>` and `<br>`, and `<script>`/`<style>`, which cannot nest in HTML) is attached to
    /// the deepest element kept: the page is flattened, not rejected, and no text is lost. The
    /// depth counted is html5ever's stack of open elements plus its list of active formatting
    /// elements (both grow with unclosed `<b>`, `<font>`, ...). Default: 512, Chromium's cap.
    ///
    /// Why a cap at all: html5ever's tree builder scans the stack of open elements for most
    /// tags, so its time grows with the square of the nesting depth (html5ever#788): 100,000
    /// nested `<div>`s, a 1 MB page, would otherwise take tens of seconds.
    pub max_depth: usize,
    /// Most attributes kept on one tag, and on one element (`<html>` and `<body>` also gather
    /// the attributes of later `<html>` and `<body>` tags); the rest are dropped, on a tag
    /// before tokenizing, because html5ever's tokenizer compares each attribute name with
    /// every earlier one on the tag (200,000 attributes on one element would take tens of
    /// seconds). Real pages stay under a few dozen. Default: 256.
    pub max_attributes: usize,
    /// A time budget for one page; running out is [`Error::Timeout`]. Checked cooperatively:
    /// while parsing, every 256 tokens (the tokens in between cost well under a millisecond,
    /// as the other bounds cap each one's work), and between the pipeline's stages. A stage
    /// after parsing runs to its end once started; those are linear in the parsed document.
    /// Default: `None`: the other bounds already keep every page to work linear in its size,
    /// and a deadline makes the outcome depend on the machine's load.
    pub max_time: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_nodes: 2_000_000,
            max_depth: 512,
            max_attributes: 256,
            max_time: None,
        }
    }
}

impl Limits {
    /// Sets [`Limits::max_bytes`].
    pub fn with_max_bytes(mut self, n: usize) -> Self {
        self.max_bytes = n;
        self
    }
    /// Sets [`Limits::max_nodes`].
    pub fn with_max_nodes(mut self, n: usize) -> Self {
        self.max_nodes = n;
        self
    }
    /// Sets [`Limits::max_depth`].
    pub fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }
    /// Sets [`Limits::max_attributes`].
    pub fn with_max_attributes(mut self, n: usize) -> Self {
        self.max_attributes = n;
        self
    }
    /// Sets [`Limits::max_time`]; `None` removes the time limit.
    pub fn with_max_time(mut self, budget: Option<Duration>) -> Self {
        self.max_time = budget;
        self
    }
}

/// The running time budget of one extraction, from [`Limits::max_time`].
///
/// Stages call [`Budget::check`] inside their long loops (it reads the clock only every
/// [`Budget::STRIDE`] calls, so it costs a counter increment) and `lib.rs` calls
/// [`Budget::check_now`] between stages. Both return [`Error::Timeout`] once the budget is
/// spent. Not `Sync`: one budget per extraction, on one thread.
#[derive(Debug)]
pub(crate) struct Budget {
    start: Instant,
    deadline: Option<Instant>,
    limit: Duration,
    calls: Cell<u32>,
}

impl Budget {
    /// Calls to [`Budget::check`] between two clock readings.
    pub(crate) const STRIDE: u32 = 256;

    /// Starts the clock for a page.
    pub(crate) fn start(max_time: Option<Duration>) -> Budget {
        let start = Instant::now();
        Budget {
            start,
            deadline: max_time.and_then(|d| start.checked_add(d)),
            limit: max_time.unwrap_or(Duration::MAX),
            calls: Cell::new(0),
        }
    }

    /// A budget that never runs out.
    pub(crate) fn unlimited() -> Budget {
        Budget::start(None)
    }

    /// Cheap check for loops: reads the clock every [`Budget::STRIDE`] calls.
    #[inline]
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.deadline.is_none() {
            return Ok(());
        }
        let n = self.calls.get().wrapping_add(1);
        self.calls.set(n);
        if n % Self::STRIDE == 0 {
            self.check_now()
        } else {
            Ok(())
        }
    }

    /// Reads the clock now (between stages).
    pub(crate) fn check_now(&self) -> Result<(), Error> {
        match self.deadline {
            Some(deadline) => {
                let now = Instant::now();
                if now >= deadline {
                    Err(Error::Timeout {
                        elapsed: now.duration_since(self.start),
                        limit: self.limit,
                    })
                } else {
                    Ok(())
                }
            }
            None => Ok(()),
        }
    }
}

/// Settings for an [`Extractor`](crate::Extractor).
///
/// # Defaults
/// No URL, no charset hint, [`Preset::Balanced`], tables kept, comments dropped, links and images not recorded, [`Limits::default`].
///
/// ```
/// use deboil::{Options, Preset};
/// let opts = Options::default()
///     .with_url("https://example.com/news/1")
///     .with_preset(Preset::Precision);
/// let extractor = deboil::Extractor::new(opts);
/// # let _ = extractor;
/// ```
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub(crate) url: Option<String>,
    pub(crate) charset: Option<String>,
    pub(crate) preset: Preset,
    pub(crate) include_comments: bool,
    pub(crate) exclude_tables: bool,
    pub(crate) include_links: bool,
    pub(crate) include_images: bool,
    pub(crate) limits: Limits,
}

impl Options {
    /// The page's URL, used to resolve relative links and as a metadata source. Per-page
    /// URLs can also be given to [`Extractor::extract_page`](crate::Extractor::extract_page).
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
    /// A charset label or a whole HTTP `Content-Type` value (`text/html; charset=EUC-KR`).
    /// It outranks `<meta charset>` but not a byte-order mark; unknown labels are ignored.
    pub fn with_charset(mut self, charset: impl Into<String>) -> Self {
        self.charset = Some(charset.into());
        self
    }
    /// The precision/recall trade-off. Default: [`Preset::Balanced`].
    pub fn with_preset(mut self, preset: Preset) -> Self {
        self.preset = preset;
        self
    }
    /// Keep user comments below the article. Default: off.
    pub fn with_comments(mut self, yes: bool) -> Self {
        self.include_comments = yes;
        self
    }
    /// Keep tables in the article. Default: on.
    pub fn with_tables(mut self, yes: bool) -> Self {
        self.exclude_tables = !yes;
        self
    }
    /// Record link targets in [`Block::links`](crate::Block::links), rendered by
    /// `to_markdown` and `to_html`. Default: off.
    pub fn with_links(mut self, yes: bool) -> Self {
        self.include_links = yes;
        self
    }
    /// Keep images of the article as [`BlockKind::Image`](crate::BlockKind::Image) blocks
    /// (alt text and source), rendered by `to_markdown` and `to_html`; `text()` skips them.
    /// Default: off.
    pub fn with_images(mut self, yes: bool) -> Self {
        self.include_images = yes;
        self
    }
    /// Bounds on input size, document size and depth, and an optional time budget.
    /// Default: [`Limits::default`].
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}
