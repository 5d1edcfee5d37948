//! The Rust side of the binding-vs-core comparison in `throughput.py`: the same loop as the
//! Python one — every page's bytes already in memory, one thread, one `Extractor`, each
//! page timed from bytes to the article and its text — so the difference between the two
//! is what the binding adds (argument conversion, GIL release, building the dict).
//!
//! `cargo run --release -p deboil-python --example core_loop -- PAGE...` prints the
//! per-page micros, one line per page, in order.

use std::io::Write as _;
use std::time::Instant;

fn main() {
    let mut pages = Vec::new();
    for path in std::env::args_os().skip(1) {
        match std::fs::read(&path) {
            Ok(b) => pages.push(b),
            Err(e) => {
                eprintln!("core_loop: cannot read {}: {e}", path.to_string_lossy());
                std::process::exit(2);
            }
        }
    }
    let ex = deboil::Extractor::new(deboil::Options::default());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut chars = 0usize;
    for html in &pages {
        let start = Instant::now();
        if let Ok(a) = ex.extract(html) {
            chars += a.text().len();
        }
        let micros = start.elapsed().as_secs_f64() * 1e6;
        let _ = writeln!(out, "{micros:.1}");
    }
    // Keeps the text rendering from being optimised away.
    eprintln!("core_loop: {} pages, {chars} bytes of text", pages.len());
}
