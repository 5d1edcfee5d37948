//! A one-line progress display on stderr for long batches.
//!
//! Shown only when stderr is a terminal, so logs and pipes never receive carriage-return
//! noise; redrawn at most ten times a second, so it costs nothing next to extraction.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    enabled: bool,
    label: String,
    total: Option<usize>,
    done: usize,
    errors: usize,
    start: Instant,
    last_draw: Option<Instant>,
}

impl Progress {
    /// A display for `total` items (if known); silent unless `wanted` and stderr is a
    /// terminal.
    pub fn new(wanted: bool, label: impl Into<String>, total: Option<usize>) -> Self {
        Progress {
            enabled: wanted && std::io::stderr().is_terminal(),
            label: label.into(),
            total,
            done: 0,
            errors: 0,
            start: Instant::now(),
            last_draw: None,
        }
    }

    /// Counts one finished item.
    pub fn tick(&mut self, failed: bool) {
        self.done += 1;
        self.errors += usize::from(failed);
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self
            .last_draw
            .is_some_and(|t| now - t < Duration::from_millis(100))
        {
            return;
        }
        self.last_draw = Some(now);
        let secs = (now - self.start).as_secs_f64().max(1e-9);
        let rate = self.done as f64 / secs;
        let count = match self.total {
            Some(t) if t > 0 => {
                let pct = 100 * self.done / t;
                let bar_len = 24;
                let filled = bar_len * self.done / t;
                format!(
                    "[{}{}] {}/{} ({pct}%)",
                    "#".repeat(filled),
                    " ".repeat(bar_len - filled.min(bar_len)),
                    self.done,
                    t
                )
            }
            _ => format!("{} pages", self.done),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{} {count}  {rate:.0}/s  {} errors",
            self.label, self.errors
        );
        let _ = err.flush();
    }

    /// Clears the line.
    pub fn finish(&mut self) {
        if self.enabled && self.last_draw.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
        self.last_draw = None;
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
