//! Benchmarks: parsing (deboil's arena sink vs markup5ever_rcdom, both html5ever) and
//! extraction (deboil vs dom_smoothie), with criterion reporting MB/s.
//!
//! Inputs: every `examples/pages/*.html`; when the evaluation corpus is present
//! (`$DEBOIL_CORPUS`, else `<manifest dir>/../shared/corpus`), `corpus-sample`: 4 pages of each
//! set (sorted paths, evenly spaced), all of them per iteration, so ms/page = time / 20; and
//! for parsing two adversarial inputs, a 2 MB table with foster-parented text between rows and
//! 5000 nested `<div>`s.
//!
//! After the criterion groups, in `cargo bench` mode only (and unless `DEBOIL_BENCH_FULL=0`),
//! every corpus page is timed with each contender, interleaved page by page, fastest of two
//! rounds, and the totals are printed as MB/s and mean / median ms per page, in the manner of
//! `shared/eval/REFERENCE.md`'s parse floor.
//!
//! Page bytes are decoded with `String::from_utf8_lossy` before any clock starts; the parsers
//! and dom_smoothie get that string, `deboil::extract` gets the raw bytes (so its figures
//! include its own charset detection and decoding, as a user pays them).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use html5ever::parse_document;
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::RcDom;

/// Pages taken from each corpus set for `corpus-sample`.
const SAMPLE_PER_SET: usize = 4;

struct Page {
    raw: Vec<u8>,
    text: String,
}

impl Page {
    fn read(path: &Path) -> Page {
        let raw = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = String::from_utf8_lossy(&raw).into_owned();
        Page { raw, text }
    }
}

/// A named benchmark input: one or more pages, all processed per iteration.
struct Input {
    name: String,
    pages: Vec<Page>,
}

impl Input {
    fn raw_bytes(&self) -> u64 {
        self.pages.iter().map(|p| p.raw.len() as u64).sum()
    }
    fn text_bytes(&self) -> u64 {
        self.pages.iter().map(|p| p.text.len() as u64).sum()
    }
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "html"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DEBOIL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// The corpus sets (sorted), each with its sorted page paths.
fn corpus_sets(dir: &Path) -> Vec<Vec<PathBuf>> {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    sets.sort();
    sets.iter()
        .map(|s| html_files(&s.join("pages")))
        .filter(|pages| !pages.is_empty())
        .collect()
}

/// `SAMPLE_PER_SET` evenly spaced pages of each set: deterministic, spread over the ids.
fn corpus_sample(sets: &[Vec<PathBuf>]) -> Vec<Page> {
    sets.iter()
        .flat_map(|pages| {
            let n = SAMPLE_PER_SET.min(pages.len());
            (0..n).map(move |i| Page::read(&pages[i * pages.len() / n]))
        })
        .collect()
}

/// A table of about `bytes` bytes with stray text between its rows, which the tree builder
/// foster-parents (moves) in front of the table.
fn foster_table(bytes: usize) -> String {
    use std::fmt::Write as _;
    let mut s = String::from("<!DOCTYPE html><html><body><p>lead</p><table>");
    let mut i = 0;
    while s.len() < bytes {
        let _ = write!(
            s,
            "<tr><td>cell {i}</td><td>value</td></tr>stray text between rows {i} "
        );
        i += 1;
    }
    s.push_str("</table><p>tail</p></body></html>");
    s
}

fn synthetic(name: &str, html: String) -> Input {
    Input {
        name: name.to_string(),
        pages: vec![Page {
            raw: html.clone().into_bytes(),
            text: html,
        }],
    }
}

fn rcdom_parse(html: &str) -> usize {
    let dom = parse_document(RcDom::default(), Default::default()).one(html);
    // The document's child count keeps the parse observable; the tree is dropped inside the
    // timed region, as the arena's is.
    let n = dom.document.children.borrow().len();
    black_box(dom);
    n
}

fn arena_parse(html: &str) -> usize {
    deboil::__private::parse_node_count(html)
}

fn deboil_extract(raw: &[u8]) -> usize {
    deboil::extract(raw).map_or(0, |a| a.text().len())
}

fn smoothie_extract(html: &str) -> usize {
    dom_smoothie::Readability::new(html, None, None)
        .and_then(|mut r| r.parse())
        .map_or(0, |a| a.text_content.len())
}

fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sampling_mode(SamplingMode::Flat);
}

fn bench_parse(c: &mut Criterion, inputs: &[&Input]) {
    let mut group = c.benchmark_group("parse");
    configure(&mut group);
    for input in inputs {
        group.throughput(Throughput::Bytes(input.text_bytes()));
        group.bench_function(format!("deboil-arena/{}", input.name), |b| {
            b.iter(|| {
                input
                    .pages
                    .iter()
                    .map(|p| arena_parse(black_box(&p.text)))
                    .sum::<usize>()
            })
        });
        group.bench_function(format!("rcdom/{}", input.name), |b| {
            b.iter(|| {
                input
                    .pages
                    .iter()
                    .map(|p| rcdom_parse(black_box(&p.text)))
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

fn bench_extract(c: &mut Criterion, inputs: &[&Input]) {
    let mut group = c.benchmark_group("extract");
    configure(&mut group);
    for input in inputs {
        group.throughput(Throughput::Bytes(input.raw_bytes()));
        group.bench_function(format!("deboil/{}", input.name), |b| {
            b.iter(|| {
                input
                    .pages
                    .iter()
                    .map(|p| deboil_extract(black_box(&p.raw)))
                    .sum::<usize>()
            })
        });
        group.bench_function(format!("dom_smoothie/{}", input.name), |b| {
            b.iter(|| {
                input
                    .pages
                    .iter()
                    .map(|p| smoothie_extract(black_box(&p.text)))
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

/// Per-page times of two contenders, interleaved page by page (alternating which goes
/// first) for `rounds` rounds, keeping each page's fastest time: on a shared machine this
/// cancels most of the drift that separate whole runs suffer. One untimed warm-up call each.
fn interleaved(
    pages: &[Page],
    rounds: usize,
    a: impl Fn(&Page) -> usize,
    b: impl Fn(&Page) -> usize,
) -> (Vec<f64>, Vec<f64>) {
    let (mut ta, mut tb) = (vec![f64::MAX; pages.len()], vec![f64::MAX; pages.len()]);
    if let Some(first) = pages.first() {
        black_box(a(first));
        black_box(b(first));
    }
    let time = |f: &dyn Fn(&Page) -> usize, page: &Page| {
        let t = Instant::now();
        black_box(f(black_box(page)));
        t.elapsed().as_secs_f64()
    };
    for round in 0..rounds {
        for (i, page) in pages.iter().enumerate() {
            if (i + round) % 2 == 0 {
                ta[i] = ta[i].min(time(&a, page));
                tb[i] = tb[i].min(time(&b, page));
            } else {
                tb[i] = tb[i].min(time(&b, page));
                ta[i] = ta[i].min(time(&a, page));
            }
        }
    }
    (ta, tb)
}

/// Prints total MB/s and mean / median ms per page, as `shared/eval/REFERENCE.md` does.
fn report(label: &str, bytes: usize, times: &[f64]) -> f64 {
    let total: f64 = times.iter().sum();
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    let mbs = bytes as f64 / 1e6 / total;
    println!(
        "{label:<34} pages={} MB={:.1} total_s={total:.3} MB/s={mbs:.1} mean_ms={:.3} median_ms={:.3}",
        times.len(),
        bytes as f64 / 1e6,
        total * 1e3 / times.len().max(1) as f64,
        median * 1e3,
    );
    mbs
}

/// One contender's work on one page; returns something derived from its output.
type Contender = dyn Fn(&Page) -> usize;

/// The pages where contender `a` looks slowest relative to `b`: the 10 worst ratios are timed
/// again (fastest of 7 more interleaved rounds, so one preempted call cannot put a page on
/// the list) and the worst `n` of those printed.
fn worst_ratios(
    pages: &[Page],
    names: &[String],
    times: (&[f64], &[f64]),
    fns: (&Contender, &Contender),
    n: usize,
) {
    let (ta, tb) = times;
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&x, &y| (ta[y] / tb[y]).total_cmp(&(ta[x] / tb[x])));
    let mut rechecked: Vec<(f64, f64, usize)> = order
        .iter()
        .take(10)
        .map(|&i| {
            let page = std::slice::from_ref(&pages[i]);
            let (a, b) = interleaved(page, 7, fns.0, fns.1);
            (a[0].min(ta[i]), b[0].min(tb[i]), i)
        })
        .collect();
    rechecked.sort_by(|x, y| (y.0 / y.1).total_cmp(&(x.0 / x.1)));
    for &(a, b, i) in rechecked.iter().take(n) {
        println!(
            "    {:>5.2}x  {:.2} ms vs {:.2} ms  {} ({} KB)",
            a / b,
            a * 1e3,
            b * 1e3,
            names[i],
            pages[i].raw.len() / 1000
        );
    }
}

fn full_corpus(sets: &[Vec<PathBuf>]) {
    let paths: Vec<&PathBuf> = sets.iter().flatten().collect();
    let pages: Vec<Page> = paths.iter().map(|p| Page::read(p)).collect();
    let names: Vec<String> = paths
        .iter()
        .map(|p| {
            let set = p.parent().and_then(Path::parent).and_then(Path::file_name);
            let id = p.file_name().unwrap_or_default();
            Path::new(set.unwrap_or_default())
                .join(id)
                .display()
                .to_string()
        })
        .collect();
    let text_bytes: usize = pages.iter().map(|p| p.text.len()).sum();
    let raw_bytes: usize = pages.iter().map(|p| p.raw.len()).sum();
    let rounds = 2;
    println!(
        "\nfull corpus: single thread, bytes in memory, contenders interleaved page by page, \
         fastest of {rounds} rounds per page"
    );
    let arena = |p: &Page| arena_parse(&p.text);
    let rcdom = |p: &Page| rcdom_parse(&p.text);
    let (ta, tb) = interleaved(&pages, rounds, arena, rcdom);
    let a = report("parse deboil-arena (lossy str)", text_bytes, &ta);
    let b = report("parse rcdom (lossy str)", text_bytes, &tb);
    println!(
        "  arena/rcdom throughput ratio {:.2}; pages where the arena lags most:",
        a / b
    );
    worst_ratios(&pages, &names, (&ta, &tb), (&arena, &rcdom), 5);

    let deboil = |p: &Page| deboil_extract(&p.raw);
    let smoothie = |p: &Page| smoothie_extract(&p.text);
    let (ta, tb) = interleaved(&pages, rounds, deboil, smoothie);
    let a = report("extract deboil (raw bytes)", raw_bytes, &ta);
    let b = report("extract dom_smoothie (lossy str)", raw_bytes, &tb);
    println!(
        "  deboil/dom_smoothie throughput ratio {:.2}; pages where deboil lags most:",
        a / b
    );
    worst_ratios(&pages, &names, (&ta, &tb), (&deboil, &smoothie), 5);

    // Issue 14: what extraction costs on top of deboil's own parse.
    let (tp, te) = interleaved(&pages, rounds, arena, deboil);
    let p = report("parse deboil-arena (lossy str)", raw_bytes, &tp);
    let e = report("extract deboil (raw bytes)", raw_bytes, &te);
    println!(
        "  extraction / parse-only time ratio {:.2} (everything after the parse: +{:.0} %)",
        p / e,
        (p / e - 1.0) * 100.0
    );
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let examples_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pages");
    let mut pages: Vec<Input> = html_files(&examples_dir)
        .iter()
        .map(|p| Input {
            name: p
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
            pages: vec![Page::read(p)],
        })
        .collect();
    let sets = corpus_dir().map(|d| corpus_sets(&d)).unwrap_or_default();
    if sets.is_empty() {
        eprintln!("benches/extract: no corpus (set DEBOIL_CORPUS); examples only");
    } else {
        pages.push(Input {
            name: "corpus-sample".into(),
            pages: corpus_sample(&sets),
        });
    }
    let adversarial = [
        synthetic("foster-table-2MB", foster_table(2 << 20)),
        synthetic(
            "deep-div-5000",
            "<div>".repeat(5_000) + "deep" + &"</div>".repeat(5_000),
        ),
    ];
    let parse_inputs: Vec<&Input> = pages.iter().chain(&adversarial).collect();
    bench_parse(&mut c, &parse_inputs);
    bench_extract(&mut c, &pages.iter().collect::<Vec<_>>());
    c.final_summary();

    let bench_mode = std::env::args().any(|a| a == "--bench");
    let full = std::env::var("DEBOIL_BENCH_FULL").map_or(true, |v| v != "0");
    if bench_mode && full && !sets.is_empty() {
        full_corpus(&sets);
    }
}
