//! `deboil eval`: extraction quality and speed on corpus sets, scored exactly as
//! `shared/eval/score.py` scores a prediction file (the CI quality gate and the README table
//! come from here, so the two must never disagree: `tests/eval_agrees.rs` checks it).
//!
//! Timing honesty: pages are extracted on one thread by default, each timed from bytes in
//! memory to `Article` (file reading excluded), after one untimed warm-up extraction per set
//! so that one-time initialisation (lazy tables, page faults) is not charged to its first page.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use deboil::Extractor;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::cli::EvalArgs;
use crate::metric::{self, META_FIELDS, SnippetCounts, Triple};
use crate::pool::ordered_map;
use crate::progress::Progress;
use crate::{UsageError, explain_page, extract_timed, extractor, note, report};

/// One truth record (`truth.jsonl` line).
struct Truth {
    id: String,
    url: Option<String>,
    /// `Some` when the record has a `text` key (a null text is empty text).
    text: Option<String>,
    with: Vec<String>,
    without: Vec<String>,
    /// The truthy metadata values, in [`META_FIELDS`] order.
    meta: [Option<String>; 4],
}

struct Set {
    name: String,
    dir: PathBuf,
    recs: Vec<Truth>,
}

/// What scoring needs of one prediction, from `deboil`'s own extraction or a prediction file.
struct Pred {
    text: String,
    /// `title`, `author`, `date`, `site_name` as the prediction gives them.
    fields: [Option<Value>; 4],
    micros: Option<f64>,
}

/// One page's figures.
struct PageScore {
    id: String,
    triple: Option<Triple>,
    exact_tokens: bool,
    snippets: Option<SnippetCounts>,
    /// (exact, fuzzy) per metadata field whose truth has a value.
    meta: [Option<(bool, bool)>; 4],
    micros: Option<f64>,
    missing: bool,
    error: Option<String>,
}

/// Runs `deboil eval`; returns the exit status (1 when some pages failed to extract).
pub fn run(args: EvalArgs) -> Result<i32, UsageError> {
    let sets = load_sets(&args.sets)?;
    let extractor = extractor(&args.extract, None);
    let jobs = args.jobs.map_or(1, |j| j as usize);

    let mut per_set: Vec<Vec<PageScore>> = Vec::with_capacity(sets.len());
    let mut warnings: Vec<(String, usize)> = Vec::new();
    if let Some(pred_path) = &args.pred {
        let (preds, w) = load_preds(pred_path, &sets)?;
        warnings = w;
        for set in &sets {
            per_set.push(
                set.recs
                    .iter()
                    .map(|r| score_page(r, preds.get(&(set.name.clone(), r.id.clone())), None))
                    .collect(),
            );
        }
    } else {
        let mut pred_out = match &args.pred_out {
            Some(p) => Some(io::BufWriter::new(fs::File::create(p).map_err(|e| {
                UsageError(format!("cannot create {}: {e}", p.display()))
            })?)),
            None => None,
        };
        for set in &sets {
            let report_dir =
                match &args.report {
                    Some(root) => Some(report::set_dir(root, &set.name).map_err(|e| {
                        UsageError(format!("cannot create {}: {e}", root.display()))
                    })?),
                    None => None,
                };
            per_set.push(extract_set(
                set,
                &extractor,
                jobs,
                &mut pred_out,
                report_dir.as_deref(),
            ));
        }
        if let Some(w) = &mut pred_out
            && let Err(e) = w.flush()
        {
            note!("deboil eval: cannot write the predictions: {e}");
            return Ok(1);
        }
    }

    let results: Vec<Scores> = sets
        .iter()
        .zip(&per_set)
        .map(|(s, p)| score_set(&s.name, p))
        .collect();
    let mac = (results.len() > 1).then(|| macro_row(&results));
    let errors: usize = results.iter().map(|r| r.errors).sum();
    if let Some(root) = &args.report
        && let Err(e) = write_report_indexes(root, &sets, &per_set, &results)
    {
        note!(
            "deboil eval: cannot write the report in {}: {e}",
            root.display()
        );
        return Ok(1);
    }
    let report = if args.json {
        json_report(
            &results,
            mac.as_ref(),
            &warnings,
            args.pages.then_some((&sets, &per_set)),
        )
    } else {
        for (w, n) in &warnings {
            note!("warning: {n} prediction line(s): {w}");
        }
        let mut s = table(&results, mac.as_ref());
        if args.pages {
            s.push('\n');
            s.push_str(&page_list(&sets, &per_set));
        }
        s
    };
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(report.as_bytes()).and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        note!("deboil eval: cannot write the output: {e}");
        return Ok(1);
    }
    Ok(i32::from(errors > 0))
}

/// Like score.py's `set_dirs` + `load_set`: paths without truth.jsonl are skipped with a note.
fn load_sets(dirs: &[PathBuf]) -> Result<Vec<Set>, UsageError> {
    let mut sets: Vec<Set> = Vec::new();
    for d in dirs {
        let truth = d.join("truth.jsonl");
        if !truth.is_file() {
            note!("note: skipping {} (no truth.jsonl)", d.display());
            continue;
        }
        let name = d
            .file_name()
            .map(ToOwned::to_owned)
            .or_else(|| {
                d.canonicalize()
                    .ok()
                    .and_then(|c| c.file_name().map(ToOwned::to_owned))
            })
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| d.display().to_string());
        if sets.iter().any(|s| s.name == name) {
            return Err(UsageError(format!(
                "two set directories share the name {name:?}"
            )));
        }
        let recs = load_truth(&truth)?;
        sets.push(Set {
            name,
            dir: d.clone(),
            recs,
        });
    }
    if sets.is_empty() {
        return Err(UsageError(
            "no set directory (a folder with truth.jsonl) given".into(),
        ));
    }
    Ok(sets)
}

fn load_truth(path: &Path) -> Result<Vec<Truth>, UsageError> {
    let bad = |line: usize, msg: String| UsageError(format!("{}:{line}: {msg}", path.display()));
    let f = fs::File::open(path).map_err(|e| bad(0, e.to_string()))?;
    let mut recs = Vec::new();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| bad(i + 1, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line).map_err(|e| bad(i + 1, e.to_string()))?;
        let Value::Object(o) = v else {
            return Err(bad(i + 1, "not a JSON object".into()));
        };
        let id = match o.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(v) if !v.is_null() => v.to_string(),
            _ => return Err(bad(i + 1, "no \"id\"".into())),
        };
        let strings = |k: &str| -> Vec<String> {
            match o.get(k) {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            }
        };
        let meta = META_FIELDS.map(|f| match o.get(f) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(v) if truthy(v) && !v.is_string() => Some(metric::py_str(v)),
            _ => None,
        });
        recs.push(Truth {
            url: o.get("url").and_then(Value::as_str).map(str::to_owned),
            text: o
                .get("text")
                .map(|t| t.as_str().unwrap_or_default().to_owned()),
            with: strings("with"),
            without: strings("without"),
            meta,
            id,
        });
    }
    Ok(recs)
}

/// Python's truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// score.py's `load_preds`: (set, id) → prediction, with the same resolution order and the
/// same warnings. Unparseable lines (score.py would stop with a traceback) are skipped and
/// counted.
type Preds = HashMap<(String, String), Map<String, Value>>;

fn load_preds(path: &Path, sets: &[Set]) -> Result<(Preds, Vec<(String, usize)>), UsageError> {
    let ids: HashMap<&str, HashSet<&str>> = sets
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.recs.iter().map(|r| r.id.as_str()).collect(),
            )
        })
        .collect();
    let f = fs::File::open(path)
        .map_err(|e| UsageError(format!("cannot open {}: {e}", path.display())))?;
    let mut out = Preds::new();
    let mut warnings: Vec<(String, usize)> = Vec::new();
    let mut warn = |w: &str| match warnings.iter_mut().find(|(k, _)| k == w) {
        Some((_, n)) => *n += 1,
        None => warnings.push((w.to_owned(), 1)),
    };
    for line in BufReader::new(f).lines() {
        let line = line.map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
        if line.trim().is_empty() {
            continue;
        }
        let Ok(Value::Object(p)) = serde_json::from_str::<Value>(&line) else {
            warn("not a JSON object (skipped)");
            continue;
        };
        let pid = metric::py_str(p.get("id").unwrap_or(&Value::Null));
        let key = match p.get("set") {
            Some(s) if !s.is_null() => match s.as_str().filter(|s| ids.contains_key(s)) {
                Some(s) => (s.to_owned(), pid),
                None => {
                    warn("prediction for a set not given on the command line");
                    continue;
                }
            },
            _ => {
                let prefixed = pid
                    .split_once('/')
                    .filter(|(s, i)| ids.get(s).is_some_and(|set| set.contains(i)));
                if let Some((s, i)) = prefixed {
                    (s.to_owned(), i.to_owned())
                } else {
                    let hits: Vec<&str> = sets
                        .iter()
                        .filter(|s| ids[s.name.as_str()].contains(pid.as_str()))
                        .map(|s| s.name.as_str())
                        .collect();
                    match hits.as_slice() {
                        [one] => ((*one).to_owned(), pid),
                        [] => {
                            warn("id not in any given set");
                            continue;
                        }
                        _ => {
                            warn("ambiguous bare id (give \"set\" or \"<set>/<id>\")");
                            continue;
                        }
                    }
                }
            }
        };
        if out.insert(key, p).is_some() {
            warn("duplicate prediction (last one kept)");
        }
    }
    Ok((out, warnings))
}

/// The part of score.py's `score_set` loop body for one page. `error` marks a page whose
/// extraction failed (scored as having no prediction).
fn score_page(r: &Truth, p: Option<&Map<String, Value>>, error: Option<String>) -> PageScore {
    let pred = p.map(|p| Pred {
        text: p
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        fields: META_FIELDS.map(|f| p.get(f).cloned()),
        micros: p.get("micros").and_then(|m| match m {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }),
    });
    score_pred(r, pred.as_ref(), error)
}

fn score_pred(r: &Truth, pred: Option<&Pred>, error: Option<String>) -> PageScore {
    let ptext = pred.map_or("", |p| p.text.as_str());
    let mut s = PageScore {
        id: r.id.clone(),
        triple: None,
        exact_tokens: false,
        snippets: None,
        meta: [None; 4],
        micros: pred.and_then(|p| p.micros).map(|m| m / 1000.0),
        missing: pred.is_none(),
        error,
    };
    if let Some(t) = &r.text {
        let (tt, pt) = (metric::tokenize(t), metric::tokenize(ptext));
        s.triple = Some(metric::tp_fp_fn(&tt, &pt));
        s.exact_tokens = tt == pt;
    }
    if !r.with.is_empty() || !r.without.is_empty() {
        s.snippets = Some(metric::snippet_counts(&r.with, &r.without, ptext));
    }
    for (i, f) in META_FIELDS.iter().enumerate() {
        if let Some(truth) = &r.meta[i] {
            let pv = pred.and_then(|p| p.fields[i].as_ref());
            s.meta[i] = Some(metric::meta_match(f, truth, pv));
        }
    }
    s
}

/// The prediction line written with `--pred-out`, in score.py's format.
#[derive(Serialize)]
struct PredLine<'a> {
    set: &'a str,
    id: &'a str,
    text: &'a str,
    title: Option<&'a str>,
    author: Option<String>,
    date: Option<String>,
    site_name: Option<&'a str>,
    micros: u64,
}

/// Extracts and scores every page of a set, writing predictions as they come (in order).
fn extract_set(
    set: &Set,
    ex: &Extractor,
    jobs: usize,
    pred_out: &mut Option<impl Write>,
    report_dir: Option<&Path>,
) -> Vec<PageScore> {
    let page_path = |r: &Truth| set.dir.join("pages").join(format!("{}.html", r.id));
    // Warm-up: one untimed extraction, so the first timed page does not pay for one-time
    // initialisation.
    if let Some(r) = set.recs.first()
        && let Ok(bytes) = fs::read(page_path(r))
    {
        let _ = extract_timed(ex, &bytes, r.url.as_deref(), None);
    }
    let want_line = pred_out.is_some();
    let mut progress = Progress::new(true, format!("eval {}", set.name), Some(set.recs.len()));
    let mut scores = Vec::with_capacity(set.recs.len());
    let mut write_failed = false;
    ordered_map(
        set.recs.iter(),
        jobs,
        |r| {
            let path = page_path(r);
            let bytes = match fs::read(&path) {
                Ok(b) => b,
                Err(e) => {
                    return (
                        score_pred(
                            r,
                            None,
                            Some(format!("cannot read {}: {e}", path.display())),
                        ),
                        None,
                    );
                }
            };
            let (res, micros) = extract_timed(ex, &bytes, r.url.as_deref(), None);
            let a = match res {
                Ok(a) => a,
                Err(e) => return (score_pred(r, None, Some(e)), None),
            };
            let text = a.text();
            let author = (!a.authors.is_empty()).then(|| a.authors.join("; "));
            let date: Option<String> = a.date.as_deref().map(|d| d.chars().take(10).collect());
            let line = want_line.then(|| {
                let l = PredLine {
                    set: &set.name,
                    id: &r.id,
                    text: &text,
                    title: a.title.as_deref(),
                    author: author.clone(),
                    date: date.clone(),
                    site_name: a.site_name.as_deref(),
                    micros,
                };
                serde_json::to_string(&l).unwrap_or_default()
            });
            let to_value = |v: Option<String>| Some(v.map_or(Value::Null, Value::String));
            let pred = Pred {
                fields: [
                    to_value(a.title.clone()),
                    to_value(author),
                    to_value(date),
                    to_value(a.site_name.clone()),
                ],
                text,
                micros: Some(micros as f64),
            };
            let score = score_pred(r, Some(&pred), None);
            if let Some(dir) = report_dir {
                write_page_report(dir, &set.name, ex, r, &bytes, &score);
            }
            (score, line)
        },
        |(score, line)| {
            progress.tick(score.error.is_some());
            if let Some(e) = &score.error {
                progress.finish();
                note!("deboil eval: {}/{}: {e}", set.name, score.id);
            }
            if let (Some(w), Some(line)) = (pred_out.as_mut(), line)
                && !write_failed
                && let Err(e) = writeln!(w, "{line}")
            {
                write_failed = true;
                note!("deboil eval: cannot write the predictions: {e}");
            }
            scores.push(score);
        },
    );
    scores
}

/// `--report`: the page's explain report with its truth beside the output. It is a second,
/// untimed extraction, after the timed one, so the trace never shows in the timings.
fn write_page_report(
    dir: &Path,
    set: &str,
    ex: &Extractor,
    r: &Truth,
    bytes: &[u8],
    score: &PageScore,
) {
    let Ok(e) = explain_page(ex, bytes, r.url.as_deref(), None) else {
        return;
    };
    let cmp = report::Comparison {
        set,
        url: r.url.as_deref(),
        truth: r.text.as_deref(),
        prf: score.triple.map(metric::page_f1),
        back: "index.html",
    };
    let path = dir.join(report::page_file(&r.id));
    if let Err(e) = fs::write(&path, report::page(&r.id, &e, Some(&cmp))) {
        note!("deboil eval: cannot write {}: {e}", path.display());
    }
}

/// `--report`: the top index and one index per set; a page links to its report only when
/// the report was written.
fn write_report_indexes(
    root: &Path,
    sets: &[Set],
    per_set: &[Vec<PageScore>],
    results: &[Scores],
) -> io::Result<()> {
    let mut rows = Vec::new();
    for ((set, pages), res) in sets.iter().zip(per_set).zip(results) {
        let dir = report::set_dir(root, &set.name)?;
        let mut page_rows: Vec<report::PageRow> = pages
            .iter()
            .map(|p| report::PageRow {
                id: p.id.clone(),
                prf: p.triple.map(metric::page_f1),
                note: match (&p.error, p.missing) {
                    (Some(e), _) => Some(format!("error: {e}")),
                    (None, true) => Some("no prediction".into()),
                    _ => None,
                },
                has_report: dir.join(report::page_file(&p.id)).is_file(),
            })
            .collect();
        report::write_set_index(&dir, &set.name, &mut page_rows)?;
        rows.push(report::SetRow {
            name: set.name.clone(),
            pages: pages.len(),
            f1: res.f1,
        });
    }
    report::write_root_index(root, &rows)
}

/// A set's (or the macro row's) figures, serialised in score.py's `--json` layout.
#[derive(Serialize, Default)]
struct Scores {
    set: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sets: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    predicted: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    f1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    precision: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recall: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text_pages: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippets: Option<Snippets>,
    metadata: Metadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    timing_ms: Option<Timing>,
    /// Pages whose extraction failed (not in score.py: it never extracts).
    errors: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    failed: Vec<Failure>,
}

#[derive(Serialize, Default)]
struct Snippets {
    #[serde(skip_serializing_if = "Option::is_none")]
    tp: Option<u64>,
    #[serde(rename = "fn", skip_serializing_if = "Option::is_none")]
    fn_: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fp: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tn: Option<u64>,
    precision: f64,
    recall: f64,
    f1: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    accuracy: Option<f64>,
}

#[derive(Serialize, Default)]
struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<MetaScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<MetaScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<MetaScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_name: Option<MetaScore>,
}

impl Metadata {
    fn get(&self, i: usize) -> Option<&MetaScore> {
        [&self.title, &self.author, &self.date, &self.site_name][i].as_ref()
    }
    fn set(&mut self, i: usize, v: MetaScore) {
        *[
            &mut self.title,
            &mut self.author,
            &mut self.date,
            &mut self.site_name,
        ][i] = Some(v);
    }
}

#[derive(Serialize, Default)]
struct MetaScore {
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<usize>,
    accuracy: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    fuzzy_accuracy: Option<f64>,
}

#[derive(Serialize, Default)]
struct Timing {
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<usize>,
    mean: Option<f64>,
    median: Option<f64>,
    p95: Option<f64>,
}

#[derive(Serialize)]
struct Failure {
    id: String,
    error: String,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b > 0 { a as f64 / b as f64 } else { 0.0 }
}

/// score.py's `score_set` aggregation.
fn score_set(name: &str, pages: &[PageScore]) -> Scores {
    let mut res = Scores {
        set: name.to_owned(),
        pages: Some(pages.len()),
        predicted: Some(pages.iter().filter(|p| !p.missing).count()),
        ..Scores::default()
    };
    let triples: Vec<Triple> = pages.iter().filter_map(|p| p.triple).collect();
    if !triples.is_empty() {
        let a = metric::aggregate(&triples);
        res.f1 = Some(a.f1);
        res.precision = Some(a.precision);
        res.recall = Some(a.recall);
        let accs: Vec<f64> = pages
            .iter()
            .filter(|p| p.triple.is_some())
            .map(|p| f64::from(u8::from(p.exact_tokens)))
            .collect();
        res.accuracy = metric::mean(&accs);
        res.text_pages = Some(triples.len());
    }
    if pages.iter().any(|p| p.snippets.is_some()) {
        let mut c = SnippetCounts::default();
        for s in pages.iter().filter_map(|p| p.snippets) {
            c.add(s);
        }
        let sp = if c.tp + c.fp > 0 {
            c.tp as f64 / (c.tp + c.fp) as f64
        } else {
            0.0
        };
        let sr = if c.tp + c.fn_ > 0 {
            c.tp as f64 / (c.tp + c.fn_) as f64
        } else {
            0.0
        };
        let all = c.tp + c.fn_ + c.fp + c.tn;
        res.snippets = Some(Snippets {
            tp: Some(c.tp),
            fn_: Some(c.fn_),
            fp: Some(c.fp),
            tn: Some(c.tn),
            precision: sp,
            recall: sr,
            f1: if sp + sr > 0.0 {
                2.0 * sp * sr / (sp + sr)
            } else {
                0.0
            },
            accuracy: Some(if all > 0 {
                (c.tp + c.tn) as f64 / all as f64
            } else {
                0.0
            }),
        });
    }
    for i in 0..META_FIELDS.len() {
        let judged: Vec<(bool, bool)> = pages.iter().filter_map(|p| p.meta[i]).collect();
        let n = judged.len();
        if n > 0 {
            let ok = judged.iter().filter(|m| m.0).count();
            let fz = judged.iter().filter(|m| m.1).count();
            res.metadata.set(
                i,
                MetaScore {
                    n: Some(n),
                    accuracy: ratio(ok, n),
                    fuzzy_accuracy: (i == 0).then(|| ratio(fz, n)),
                },
            );
        }
    }
    let micros: Vec<f64> = pages.iter().filter_map(|p| p.micros).collect();
    if !micros.is_empty() {
        res.timing_ms = Some(Timing {
            pages: Some(micros.len()),
            mean: metric::mean(&micros),
            median: metric::median(&micros),
            p95: metric::pct(&micros, 0.95),
        });
    }
    res.failed = pages
        .iter()
        .filter_map(|p| {
            p.error.as_ref().map(|e| Failure {
                id: p.id.clone(),
                error: e.clone(),
            })
        })
        .collect();
    res.errors = res.failed.len();
    res
}

/// score.py's `macro`: the plain mean over sets of each column, over the sets that have it.
fn macro_row(results: &[Scores]) -> Scores {
    let mean_of = |get: &dyn Fn(&Scores) -> Option<f64>| -> Option<f64> {
        let v: Vec<f64> = results.iter().filter_map(get).collect();
        metric::mean(&v)
    };
    let mut m = Scores {
        set: "macro".into(),
        sets: Some(results.len()),
        f1: mean_of(&|r| r.f1),
        precision: mean_of(&|r| r.precision),
        recall: mean_of(&|r| r.recall),
        accuracy: mean_of(&|r| r.accuracy),
        errors: results.iter().map(|r| r.errors).sum(),
        ..Scores::default()
    };
    if let (Some(f1), Some(p), Some(r)) = (
        mean_of(&|r| r.snippets.as_ref().map(|s| s.f1)),
        mean_of(&|r| r.snippets.as_ref().map(|s| s.precision)),
        mean_of(&|r| r.snippets.as_ref().map(|s| s.recall)),
    ) {
        m.snippets = Some(Snippets {
            precision: p,
            recall: r,
            f1,
            ..Snippets::default()
        });
    }
    for i in 0..META_FIELDS.len() {
        if let Some(acc) = mean_of(&|r| r.metadata.get(i).map(|s| s.accuracy)) {
            let fuzzy = if i == 0 {
                mean_of(&|r| r.metadata.get(0).and_then(|s| s.fuzzy_accuracy))
            } else {
                None
            };
            m.metadata.set(
                i,
                MetaScore {
                    n: None,
                    accuracy: acc,
                    fuzzy_accuracy: fuzzy,
                },
            );
        }
    }
    let t = |f: fn(&Timing) -> Option<f64>| mean_of(&|r| r.timing_ms.as_ref().and_then(f));
    let (mean, median, p95) = (t(|t| t.mean), t(|t| t.median), t(|t| t.p95));
    if mean.is_some() || median.is_some() || p95.is_some() {
        m.timing_ms = Some(Timing {
            pages: None,
            mean,
            median,
            p95,
        });
    }
    m
}

/// score.py's `fmt`: a fixed-width number, or `-`.
fn fmt(v: Option<f64>, w: usize, d: usize) -> String {
    match v {
        Some(v) => format!("{v:w$.d$}"),
        None => format!("{:>w$}", "-"),
    }
}

fn fmt3(v: Option<f64>) -> String {
    fmt(v, 6, 3)
}

/// score.py's `print_table`, plus an `errors` column.
fn table(results: &[Scores], mac: Option<&Scores>) -> String {
    let hdr = format!(
        "{:<16} {:>5} {:>5}  {:>6} {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6} {:>6} {:>6}  {:>7} {:>7} {:>7}  {:>6}",
        "set",
        "pages",
        "pred",
        "F1",
        "P",
        "R",
        "acc",
        "snipF1",
        "snipP",
        "snipR",
        "title",
        "title~",
        "author",
        "date",
        "site",
        "ms.mean",
        "ms.med",
        "ms.p95",
        "errors"
    );
    let mut out = format!("{hdr}\n{}\n", "-".repeat(hdr.chars().count()));
    for r in results.iter().chain(mac) {
        let sn = r.snippets.as_ref();
        let md = |i: usize| r.metadata.get(i);
        let tm = r.timing_ms.as_ref();
        let opt = |v: Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "{:<16} {:>5} {:>5}  {} {} {} {}  {} {} {}  {} {} {} {} {}  {} {} {}  {:>6}\n",
            r.set,
            opt(r.pages),
            opt(r.predicted),
            fmt3(r.f1),
            fmt3(r.precision),
            fmt3(r.recall),
            fmt3(r.accuracy),
            fmt3(sn.map(|s| s.f1)),
            fmt3(sn.map(|s| s.precision)),
            fmt3(sn.map(|s| s.recall)),
            fmt3(md(0).map(|m| m.accuracy)),
            fmt3(md(0).and_then(|m| m.fuzzy_accuracy)),
            fmt3(md(1).map(|m| m.accuracy)),
            fmt3(md(2).map(|m| m.accuracy)),
            fmt3(md(3).map(|m| m.accuracy)),
            fmt(tm.and_then(|t| t.mean), 7, 2),
            fmt(tm.and_then(|t| t.median), 7, 2),
            fmt(tm.and_then(|t| t.p95), 7, 2),
            r.errors,
        ));
    }
    out
}

/// score.py's page order: worst F1 first (pages without text truth last), then set, then id.
fn page_order<'p>(
    pages: impl Iterator<Item = (&'p str, &'p PageScore)>,
) -> Vec<(&'p str, &'p PageScore)> {
    let f1 = |p: &PageScore| p.triple.map_or(2.0, |t| metric::page_f1(t).2);
    let mut rows: Vec<_> = pages.collect();
    rows.sort_by(|a, b| {
        f1(a.1)
            .total_cmp(&f1(b.1))
            .then_with(|| a.0.cmp(b.0))
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    rows
}

fn page_list(sets: &[Set], per_set: &[Vec<PageScore>]) -> String {
    let mut out = format!(
        "{:<16} {:<66} {:>6} {:>6} {:>6} {:>8}  snippets(with found/missing, without found)\n",
        "set", "id", "F1", "P", "R", "ms"
    );
    let all = sets
        .iter()
        .zip(per_set)
        .flat_map(|(s, ps)| ps.iter().map(move |p| (s.name.as_str(), p)));
    for (set, p) in page_order(all) {
        let prf = p.triple.map(metric::page_f1);
        let sn = p
            .snippets
            .map(|s| format!("{}/{}, {}", s.tp, s.fn_, s.fp))
            .unwrap_or_default();
        let note = match (&p.error, p.missing) {
            (Some(e), _) => format!("  (error: {e})"),
            (None, true) => "  (no prediction)".into(),
            _ => String::new(),
        };
        let id: String = p.id.chars().take(66).collect();
        let line = format!(
            "{set:<16} {id:<66} {} {} {} {}  {sn}{note}",
            fmt3(prf.map(|x| x.2)),
            fmt3(prf.map(|x| x.0)),
            fmt3(prf.map(|x| x.1)),
            fmt(p.micros, 8, 2),
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct PageRow<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    precision: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recall: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    f1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippets: Option<Value>,
    missing: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct Report<'a> {
    sets: &'a [Scores],
    #[serde(rename = "macro")]
    mac: Option<&'a Scores>,
    warnings: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<Map<String, Value>>,
}

fn json_report(
    results: &[Scores],
    mac: Option<&Scores>,
    warnings: &[(String, usize)],
    pages: Option<(&Vec<Set>, &Vec<Vec<PageScore>>)>,
) -> String {
    let pages = pages.map(|(sets, per_set)| {
        sets.iter()
            .zip(per_set)
            .map(|(s, ps)| {
                let rows: Vec<PageRow> = page_order(ps.iter().map(|p| (s.name.as_str(), p)))
                    .into_iter()
                    .map(|(_, p)| {
                        let prf = p.triple.map(metric::page_f1);
                        PageRow {
                            id: &p.id,
                            precision: prf.map(|x| x.0),
                            recall: prf.map(|x| x.1),
                            f1: prf.map(|x| x.2),
                            snippets: p.snippets.map(|c| {
                                serde_json::json!({"with_found": c.tp, "with_missing": c.fn_, "without_found": c.fp})
                            }),
                            missing: p.missing,
                            ms: p.micros,
                            error: p.error.as_deref(),
                        }
                    })
                    .collect();
                (s.name.clone(), serde_json::to_value(rows).unwrap_or(Value::Null))
            })
            .collect()
    });
    let report = Report {
        sets: results,
        mac,
        warnings: warnings
            .iter()
            .map(|(k, n)| (k.clone(), Value::from(*n)))
            .collect(),
        pages,
    };
    let mut s =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(text: &str) -> Truth {
        Truth {
            id: "1".into(),
            url: None,
            text: Some(text.into()),
            with: vec!["Keep this".into()],
            without: vec!["menu".into()],
            meta: [
                Some("A Title".into()),
                None,
                Some("2020-01-02".into()),
                None,
            ],
        }
    }

    #[test]
    fn page_scoring_follows_score_py() {
        let t = truth("one two three four five");
        let pred = Pred {
            text: "one two three four five. keep THIS".into(),
            fields: [
                Some(Value::from("a title")),
                None,
                Some(Value::from("2020-01-02T10:00")),
                None,
            ],
            micros: Some(1500.0),
        };
        let s = score_pred(&t, Some(&pred), None);
        assert_eq!(
            s.snippets,
            Some(SnippetCounts {
                tp: 1,
                fn_: 0,
                fp: 0,
                tn: 1
            })
        );
        assert_eq!(s.meta[0], Some((true, true)));
        assert_eq!(s.meta[2], Some((true, false)));
        assert_eq!(s.meta[1], None);
        assert_eq!(s.micros, Some(1.5));
        let missing = score_pred(&t, None, Some("boom".into()));
        assert!(missing.missing);
        let r = score_set("x", &[s, missing]);
        assert_eq!(r.predicted, Some(1));
        assert_eq!(r.errors, 1);
        assert_eq!(r.precision.map(|p| (p * 1000.0).round()), Some(500.0));
    }

    #[test]
    fn table_has_a_macro_row() {
        let a = Scores {
            set: "a".into(),
            f1: Some(0.5),
            ..Scores::default()
        };
        let b = Scores {
            set: "b".into(),
            f1: Some(1.0),
            ..Scores::default()
        };
        let m = macro_row(&[a, b]);
        assert_eq!(m.f1, Some(0.75));
        assert!(table(&[], Some(&m)).contains("macro"));
    }
}
