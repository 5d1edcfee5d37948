//! Prints why deboil kept or dropped each part of a page.
//!
//! ```text
//! cargo run --release --example explain -- examples/pages/news-article-consent.html
//! cargo run --release --example explain -- --dropped page.html   # only what was dropped
//! ```
//!
//! First the elements pruning removed (consent dialogs, chrome, hidden nodes) with the
//! start of their text, then every text block: `+` kept, `-` dropped, with the rule.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut only_dropped = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--dropped" => only_dropped = true,
            _ => path = Some(arg),
        }
    }
    let Some(path) = path else {
        eprintln!("usage: explain [--dropped] FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("explain: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let ex = deboil::Extractor::new(deboil::Options::default());
    let why = match ex.explain(&bytes, None, None) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("explain: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("title: {:?}", why.article.title);
    println!(
        "container: {}",
        why.container.as_deref().unwrap_or("(none)")
    );
    println!(
        "\n== removed before scoring ({} more without text)",
        why.removed_without_text
    );
    for r in &why.removed {
        println!("  {} — {}\n      {:?}", r.element, r.reason, r.text);
    }
    println!("\n== blocks");
    for b in &why.blocks {
        if only_dropped && b.kept {
            continue;
        }
        let mark = if b.kept { '+' } else { '-' };
        let text: String = b.text.chars().take(100).collect();
        println!(
            "{mark} {:?} ld={:.2} td={:.1} {} — {}\n      {text:?}",
            b.kind, b.link_density, b.text_density, b.element, b.reason
        );
    }
    ExitCode::SUCCESS
}
