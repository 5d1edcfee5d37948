//! The crate's error type: bad input and exceeded limits only.
//!
//! A page without an article is not an error: it yields an [`Article`](crate::Article) with
//! metadata and no blocks. Errors are reserved for input deboil refuses to process, so a batch
//! can log them and move on.

use std::time::Duration;

/// Why a page could not be extracted.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input is larger than [`Limits::max_bytes`](crate::Limits::max_bytes) (or, once
    /// decoded, than the 4 GiB html5ever's strings can hold).
    #[error("input is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The configured limit.
        limit: usize,
    },
    /// The document parses into more nodes (attributes included) than
    /// [`Limits::max_nodes`](crate::Limits::max_nodes). Parsing stops as soon as it goes over,
    /// so `nodes` is a lower bound.
    #[error("document has more than {limit} nodes and attributes (parsing stopped at {nodes})")]
    TooManyNodes {
        /// Nodes and attributes created when parsing stopped.
        nodes: usize,
        /// The configured limit.
        limit: usize,
    },
    /// The input is binary data (an image, a PDF, compressed bytes: a known signature, or
    /// many control bytes at the start), not markup.
    #[error("input is not HTML: {reason}")]
    NotHtml {
        /// What gave it away.
        reason: &'static str,
    },
    /// The page took longer than [`Limits::max_time`](crate::Limits::max_time).
    #[error("extraction ran out of its time budget ({elapsed:?} spent, limit {limit:?})")]
    Timeout {
        /// Time spent when the budget was found exhausted.
        elapsed: Duration,
        /// The configured budget.
        limit: Duration,
    },
}
