//! Extracts the article from an HTML file (or stdin) and prints it.
//!
//! ```text
//! cargo run --release --example extract -- examples/pages/news-article-consent.html
//! cargo run --release --example extract -- --markdown page.html
//! cat page.html | cargo run --release --example extract
//! ```
//!
//! Text output is the title, the metadata line, a blank line, then one block per line.
//! `--markdown` prints Markdown, `--json` a small JSON object (no serde needed here).

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut format = "text";
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--markdown" => format = "markdown",
            "--json" => format = "json",
            "-h" | "--help" => {
                eprintln!("usage: extract [--markdown|--json] [FILE|-]");
                return ExitCode::SUCCESS;
            }
            _ => path = Some(arg),
        }
    }
    let bytes = match path.as_deref() {
        None | Some("-") => {
            let mut buf = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                eprintln!("extract: reading stdin: {e}");
                return ExitCode::FAILURE;
            }
            buf
        }
        Some(p) => match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("extract: {p}: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let article = match deboil::extract(&bytes) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("extract: {e}");
            return ExitCode::FAILURE;
        }
    };
    match format {
        "markdown" => {
            if let Some(t) = &article.title {
                println!("# {t}\n");
            }
            println!("{}", article.to_markdown());
        }
        "json" => println!(
            "{{\"title\": {}, \"authors\": [{}], \"date\": {}, \"site_name\": {}, \"lang\": {}, \"text\": {}}}",
            json_str(article.title.as_deref()),
            article
                .authors
                .iter()
                .map(|a| json_str(Some(a)))
                .collect::<Vec<_>>()
                .join(", "),
            json_str(article.date.as_deref()),
            json_str(article.site_name.as_deref()),
            json_str(article.lang.as_deref()),
            json_str(Some(&article.text())),
        ),
        _ => {
            if let Some(t) = &article.title {
                println!("{t}");
            }
            let mut meta = Vec::new();
            if !article.authors.is_empty() {
                meta.push(format!("by {}", article.authors.join(", ")));
            }
            if let Some(d) = &article.date {
                meta.push(d.clone());
            }
            if let Some(s) = &article.site_name {
                meta.push(s.clone());
            }
            if !meta.is_empty() {
                println!("{}", meta.join(" · "));
            }
            println!("\n{}", article.text());
        }
    }
    ExitCode::SUCCESS
}

/// A JSON string literal (or `null`), escaped per RFC 8259.
fn json_str(s: Option<&str>) -> String {
    let Some(s) = s else { return "null".into() };
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
