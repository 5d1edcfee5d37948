//! The command line, as clap derive types. The contract (issue 9, item 6) is what other tools
//! and benchmarks script against: names, defaults, record keys and exit codes stay put; new
//! things are additions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
INPUT:
  Files are read whatever their name; directories are searched recursively for *.html and
  *.htm files, which are taken in sorted path order. With no INPUT, or \"-\", one page is read
  from standard input. A file literally named `eval` is passed as `./eval` (a bare `eval`
  is the subcommand).

JSONL INPUT (--input jsonl), one record per line, read lazily from stdin or the INPUT files:
  {\"id\": <any JSON>, \"url\": <str?>, \"path\": <str>}   the page is read from `path`
                                                     (relative to the current directory)
  {\"id\": <any JSON>, \"url\": <str?>, \"html\": <str>}   the page is the string itself
  Optional: \"content_type\": the HTTP Content-Type (or a charset label) of a `path` page.

WARC INPUT (--input warc): WARC/1.0 or 1.1 files, plain or gzip (found by the magic bytes;
  one gzip member per record as crawlers write them, or one for the whole file), or stdin;
  read as a stream, one record at a time, so files of any size take little memory.
  Every `response` record whose HTTP payload is HTML (Content-Type text/html or
  application/xhtml+xml; sniffed when there is none) gives one record: \"id\" is its
  WARC-Record-ID (verbatim, e.g. \"<urn:uuid:...>\"), \"url\" its WARC-Target-URI. The
  chunked transfer coding and Content-Encoding gzip / deflate are undone (br and others:
  an error record), and the HTTP Content-Type is the charset hint. Other records (warcinfo,
  request, metadata, non-HTML responses) are counted and skipped; a broken record (cut
  short, unframeable, undecodable, over 64 MiB) is counted and, if it was HTML, gives an
  error record. At the end, one line on stderr:
    deboil: warc: R records, H html pages, E extracted, F errors, S skipped (O not HTTP
    responses, N not HTML, B broken), P pages/s

OUTPUT:
  json / jsonl record, keys in this order:
    {\"id\", \"url\", \"title\", \"author\", \"authors\", \"date\", \"date_modified\", \"site_name\",
     \"lang\", \"description\", \"text\", \"error\"}   (+ \"micros\" with --timings,
     + \"encoding\", \"blocks\" with --blocks)
  \"id\" is the input's id (its JSON type kept), or the file path (\"-\" for stdin); \"url\" the
  URL given with the input, else the canonical URL the page declares; \"author\" the authors
  joined with \"; \" (null if none). A failed page has \"error\" set and the other fields null.
  jsonl writes one record per line; json writes one indented object for a single page and
  an array for several. Records come out in input order, whatever --jobs is.
  With several pages, text / markdown / html outputs are separated by a line holding only
  a form feed (\\f); a failed page gives an empty section and a message on stderr.

EXPLAIN (--explain): why each part of the page was kept or dropped, instead of the article.
  text            metadata fields with their sources, then the page in document order:
                  `+` kept block, `-` dropped block (rule, link density ld, text density td,
                  owning element), `x` element removed before scoring, with its reason
  html            one self-contained report per page (inline CSS, no script, no network):
                    deboil --explain --format html page.html > report.html
  json / jsonl    {\"id\", \"url\", \"error\", \"article\", \"container\", \"blocks\":
                  [{\"kind\", \"text\", \"kept\", \"reason\", \"link_density\",
                  \"text_density\", \"element\", \"position\"}], \"removed\": [{\"element\",
                  \"reason\", \"text\", \"position\"}], \"removed_without_text\",
                  \"metadata\": [{\"field\", \"value\", \"source\"}]}; \"position\" orders
                  blocks and removed elements together in the page
  Formats default as without --explain: text for one page, jsonl for several; several
  pages work the same way (html/text reports separated by a form feed line);
  --timings and --blocks do not apply (the trace carries the article's blocks).
  `deboil eval SETS... --report DIR` writes these reports for a whole corpus.

EXIT STATUS:
  0  every page was extracted (skipped WARC records are no failure)
  1  some pages failed (their records carry \"error\"; all other records are written)
  2  usage error";

/// deboil: the article of a web page — text, structure and metadata — without menus,
/// footers, share bars or consent dialogs.
#[derive(Debug, Parser)]
#[command(
    name = "deboil",
    version,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true,
    // A `help` subcommand would shadow an input file named "help".
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scores extraction on corpus sets (truth.jsonl + pages/<id>.html): text P/R/F1 (the
    /// ScrapingHub 4-shingle metric), snippets, metadata and timing, exactly as
    /// shared/eval/score.py computes them.
    Eval(EvalArgs),
}

/// Extraction settings shared by page extraction and `eval`.
#[derive(Debug, Clone, Args)]
pub struct ExtractArgs {
    /// Keep only blocks that are clearly article text (the precision preset).
    #[arg(long, conflicts_with = "recall")]
    pub precision: bool,
    /// Keep borderline blocks too (the recall preset).
    #[arg(long)]
    pub recall: bool,
    /// Drop tables from the article.
    #[arg(long)]
    pub no_tables: bool,
    /// Keep user comments below the article.
    #[arg(long)]
    pub comments: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// HTML files, directories of them, or one page on stdin.
    Html,
    /// JSON Lines records naming or holding pages.
    Jsonl,
    /// WARC or WARC.gz files (or stdin): every HTML response record is a page.
    Warc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The article's text, one block per line.
    Text,
    /// The article as Markdown.
    Markdown,
    /// The article as clean HTML.
    Html,
    /// JSON: an object for one page, an array for several.
    Json,
    /// One JSON record per line.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// HTML files or directories (*.html, *.htm, recursive, sorted); none or "-": one page
    /// on stdin. With --input jsonl: JSONL files; with --input warc: WARC or WARC.gz files
    /// (none or "-": stdin).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// What the inputs hold.
    #[arg(long, value_enum, default_value_t = InputKind::Html, value_name = "KIND")]
    pub input: InputKind,
    /// Output format [default: text for one page, jsonl for several].
    #[arg(long, value_enum, value_name = "F")]
    pub format: Option<Format>,
    /// The page's URL, for a single input.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// A charset label or HTTP Content-Type value for the page(s); it outranks
    /// <meta charset>.
    #[arg(long, value_name = "LABEL")]
    pub charset: Option<String>,
    /// Worker threads [default: all cores]; output order is input order.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub jobs: Option<u32>,
    /// Add "micros" (extraction time of the page, bytes in memory → Article) to JSON records.
    #[arg(long)]
    pub timings: bool,
    /// Add "encoding" and "blocks" (the article's blocks with kind, level, text, cells) to
    /// JSON records.
    #[arg(long)]
    pub blocks: bool,
    /// Say why instead: every block kept or dropped with its rule and scores, every element
    /// removed with its reason, every metadata field with its source (formats text, html,
    /// json, jsonl; see EXPLAIN below).
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub extract: ExtractArgs,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Set directories (each holds truth.jsonl and pages/<id>.html; the folder name is the
    /// set name). Paths without truth.jsonl are skipped with a note, so `corpus/*` works.
    #[arg(value_name = "DATASET_DIR", required = true)]
    pub sets: Vec<PathBuf>,
    /// List per-page figures (P, R, F1, ms), worst F1 first.
    #[arg(long)]
    pub pages: bool,
    /// Worker threads [default: 1, so that per-page times are not disturbed by each other].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub jobs: Option<u32>,
    /// Print the results as JSON (score.py's --json layout, plus "errors").
    #[arg(long)]
    pub json: bool,
    /// Write the predictions as JSON lines in score.py's format ({"set", "id", "text",
    /// "title", "author", "date", "site_name", "micros"}); failed pages are left out.
    #[arg(long, value_name = "FILE", conflicts_with = "pred")]
    pub pred_out: Option<PathBuf>,
    /// Score this prediction file (score.py's format) instead of extracting.
    #[arg(long, value_name = "FILE")]
    pub pred: Option<PathBuf>,
    /// Write an HTML report to DIR: DIR/index.html links one index per set (pages worst F1
    /// first), each page linking to its explain report with the truth beside the output.
    #[arg(long, value_name = "DIR", conflicts_with = "pred")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub extract: ExtractArgs,
}
