//! `deboil`: the command-line tool. `deboil [OPTIONS] [INPUT]...` extracts pages (files,
//! directories, stdin, JSONL records or WARC files) to text, Markdown, HTML or JSON records;
//! `deboil eval DATASET_DIR...` scores extraction on corpus sets the way
//! `shared/eval/score.py` does. `deboil --help` documents the contract.
//!
//! Exit status: 0 when every page was extracted, 1 when some failed (their records say why;
//! the batch still completes), 2 on a usage error.

mod batch;
mod casefold;
mod cli;
mod difflib;
mod eval;
mod metric;
mod pool;
mod progress;
mod report;
mod warc;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use clap::Parser;
use deboil::{Article, Explanation, Extractor, Options, Preset};

/// Writes a message line to stderr; a closed stderr is not worth a panic.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}
pub(crate) use note;

/// A usage error found after clap's own checks (exit status 2).
#[derive(Debug)]
pub struct UsageError(pub String);

/// The extractor for the command-line settings.
pub fn extractor(args: &cli::ExtractArgs, charset: Option<&str>) -> Extractor {
    let preset = if args.precision {
        Preset::Precision
    } else if args.recall {
        Preset::Recall
    } else {
        Preset::Balanced
    };
    let mut opts = Options::default()
        .with_preset(preset)
        .with_tables(!args.no_tables)
        .with_comments(args.comments);
    if let Some(c) = charset {
        opts = opts.with_charset(c);
    }
    Extractor::new(opts)
}

/// Extracts one page and times the extraction alone (bytes in memory → `Article`), in
/// microseconds.
///
/// A panic inside the library is a bug, but one page must not take a batch of a million down
/// with it: it becomes that page's error (the panic message is also printed by the default
/// hook, for the bug report).
pub fn extract_timed(
    ex: &Extractor,
    html: &[u8],
    url: Option<&str>,
    content_type: Option<&str>,
) -> (Result<Article, String>, u64) {
    let start = Instant::now();
    let res = guarded(|| ex.extract_page(html, url, content_type));
    let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    (res, micros)
}

/// Extracts one page with its decision trace (`--explain`, `eval --report`); a panic becomes
/// the page's error, as in [`extract_timed`].
pub fn explain_page(
    ex: &Extractor,
    html: &[u8],
    url: Option<&str>,
    content_type: Option<&str>,
) -> Result<Explanation, String> {
    guarded(|| ex.explain(html, url, content_type))
}

fn guarded<T>(f: impl FnOnce() -> Result<T, deboil::Error>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("internal error: the extractor panicked: {msg}"))
        }
    }
}

fn main() {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        // Prints help/version (exit 0) or the usage error (exit 2).
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Some(cli::Command::Eval(args)) => eval::run(args),
        None => batch::run(cli.run),
    };
    let code = match result {
        Ok(code) => code,
        Err(UsageError(msg)) => {
            note!("deboil: error: {msg}\n\nFor more information, try '--help'.");
            2
        }
    };
    std::process::exit(code);
}
