//! Extraction settings: what the caller knows about the page and how much deboil may keep.
//!
//! Options are built once and shared by an [`Extractor`](crate::Extractor). Fields are private
//! and set through `with_*` methods, so new knobs never break callers.

/// How to trade precision against recall when a block's status is unclear.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// Keep only blocks that are clearly article text.
    Precision,
    /// The default balance.
    #[default]
    Balanced,
    /// Keep borderline blocks too (short lines, link-heavy paragraphs near the article).
    Recall,
}

/// Hard bounds on the work done for one page.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes. Default: 64 MiB.
    pub max_bytes: usize,
    /// Most DOM nodes accepted after parsing. Default: 2,000,000.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_nodes: 2_000_000,
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
}

/// Settings for an [`Extractor`](crate::Extractor).
///
/// # Defaults
/// No URL, no charset hint, [`Preset::Balanced`], tables kept, comments dropped, [`Limits::default`].
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
    /// Bounds on input size and document size. Default: [`Limits::default`].
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}
