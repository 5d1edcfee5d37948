//! Times deboil on every hostile page of issue 13, at full size, and checks each outcome.
//!
//! ```text
//! cargo run --release --example hazards               # every hazard, one process each
//! cargo run --release --example hazards -- NAME...    # only these, in this process
//! cargo run --release --example hazards -- --list     # hazard names
//! cargo run --release --example hazards -- --write DIR  # write DIR/NAME.html for the CLI
//! cargo run --release --example hazards -- --div 4 NAME  # at 1/4 size (scaling checks)
//! ```
//!
//! Without names, each hazard runs in a child process of its own, so the "peak" column is that
//! page's peak resident memory (`VmHWM`, Linux only; input and generator included). The "ms"
//! column is the extraction alone (bytes in memory to `Article`); `deboil` on the written file
//! adds process start-up and the file read. Exit status 1 when any outcome differs from the
//! documented one or any page takes 2 s or more.

#[path = "../tests/common/hazards.rs"]
mod hazards;

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const BUDGET: Duration = Duration::from_secs(2);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--list") => {
            for name in hazards::NAMES {
                println!("{name}");
            }
            ExitCode::SUCCESS
        }
        Some("--write") => write_all(args.get(1).map_or("hazards", String::as_str)),
        Some("-h" | "--help") => {
            eprintln!("usage: hazards [--list | --write DIR | NAME...]");
            ExitCode::SUCCESS
        }
        Some(_) => {
            let (div, names) = match (args.first().map(String::as_str), args.get(1)) {
                (Some("--div"), Some(n)) => (n.parse().unwrap_or(1), args.get(2..).unwrap_or(&[])),
                _ => (1, args.as_slice()),
            };
            let mut ok = true;
            header();
            for name in names {
                ok &= run_one(name, div);
            }
            exit(ok)
        }
        None => run_children(),
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn header() {
    println!(
        "{:<22} {:>10} {:>9} {:>10}  outcome",
        "hazard", "input", "ms", "peak"
    );
}

/// Builds (at 1/`div` size), extracts and reports one hazard; false when the outcome or the
/// time is wrong.
fn run_one(name: &str, div: usize) -> bool {
    let Some(h) = hazards::build(name, div) else {
        eprintln!("hazards: unknown hazard {name:?} (try --list)");
        return false;
    };
    let extractor = deboil::Extractor::new(deboil::Options::default());
    let start = Instant::now();
    let got = extractor.extract_page(&h.bytes, None, h.content_type);
    let took = start.elapsed();
    let verdict = h.expect.check(&got);
    let outcome = match &got {
        Ok(a) => format!(
            "article: {} blocks, {} chars",
            a.blocks.len(),
            a.text().len()
        ),
        Err(e) => format!("error: {e}"),
    };
    let flag = match (&verdict, took < BUDGET) {
        (Ok(()), true) => String::new(),
        (Ok(()), false) => " [SLOW]".to_owned(),
        (Err(why), _) => format!(" [UNEXPECTED: {why}]"),
    };
    println!(
        "{:<22} {:>10} {:>9.1} {:>10}  {outcome}{flag}",
        h.name,
        size(h.bytes.len() as u64),
        took.as_secs_f64() * 1e3,
        peak_rss().map_or("?".to_owned(), size),
    );
    verdict.is_ok() && took < BUDGET
}

/// Runs every hazard in a child process of its own (for a per-page peak memory figure).
fn run_children() -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("hazards: cannot find own executable: {e}");
            return ExitCode::FAILURE;
        }
    };
    header();
    let mut ok = true;
    for name in hazards::NAMES {
        match Command::new(&exe).arg(name).output() {
            Ok(out) => {
                let text = String::from_utf8_lossy(&out.stdout);
                // Skip the child's header line.
                for line in text.lines().skip(1) {
                    println!("{line}");
                }
                let err = String::from_utf8_lossy(&out.stderr);
                if !err.trim().is_empty() {
                    eprint!("{err}");
                }
                ok &= out.status.success();
            }
            Err(e) => {
                eprintln!("hazards: {name}: {e}");
                ok = false;
            }
        }
    }
    exit(ok)
}

fn write_all(dir: &str) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("hazards: {dir}: {e}");
        return ExitCode::FAILURE;
    }
    for name in hazards::NAMES {
        let Some(h) = hazards::build(name, 1) else {
            continue;
        };
        let path = format!("{dir}/{name}.html");
        if let Err(e) = std::fs::write(&path, &h.bytes) {
            eprintln!("hazards: {path}: {e}");
            return ExitCode::FAILURE;
        }
        match h.content_type {
            Some(ct) => println!("{path}\t--charset '{ct}'"),
            None => println!("{path}"),
        }
    }
    ExitCode::SUCCESS
}

/// Peak resident set size of this process, from `/proc/self/status` (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn size(bytes: u64) -> String {
    if bytes >= 10 << 20 {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 10 << 10 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} B")
    }
}
