//! The arena DOM against an oracle: html5ever's tree builder writes into two sinks, deboil's
//! arena (through the doc-hidden `deboil::__private::parse_tree_dump`) and
//! `markup5ever_rcdom`, and the two canonical dumps must be identical: same elements
//! (namespace and local name), attributes in order, text, comments, doctypes, template
//! contents, in document order.
//!
//! Canonical dump, one line per node in pre-order, children of the document at depth 0:
//! `<depth> E <ns>:<local> name="value" ...`, `<depth> T <text:?>`, `<depth> C <comment:?>`,
//! `<depth> D`, `<depth> P`, and for a template `<depth+1> F` right after the element's line,
//! with the fragment's children at depth+2, before the template's ordinary children. The
//! rcdom side below must stay byte-for-byte in step with the hook in `src/lib.rs`.
//!
//! Inputs: adversarial documents written here, and the evaluation corpus
//! (`$DEBOIL_CORPUS`, else `<manifest dir>/../shared/corpus`, `*/pages/*.html`; skipped with
//! a note when absent). Page bytes are decoded with `String::from_utf8_lossy`, so both
//! builders see the same string.
//!
//! Corpus speed: both parsers in the debug profile take roughly 3 MB/s on this crate's
//! dependencies, so the whole corpus (~750 pages, ~103 MB) takes minutes. By default the
//! corpus test checks a deterministic sample of [`SAMPLE_PAGES`] pages (every k-th of the
//! sorted paths), split over the available cores; `DEBOIL_ORACLE=full` checks every page
//! (about 10 s in `--release` on 2 cores).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use html5ever::parse_document;
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// Pages checked by the corpus test unless `DEBOIL_ORACLE=full`.
const SAMPLE_PAGES: usize = 60;

/// The rcdom side of the canonical dump. Iterative: real pages nest deeper than a stack.
fn rcdom_dump(html: &str) -> String {
    let dom = parse_document(RcDom::default(), Default::default()).one(html);
    let mut out = String::new();
    // (node, depth, is-template-fragment)
    let mut stack: Vec<(Handle, usize, bool)> = Vec::new();
    push_children(&dom.document, 0, &mut stack);
    while let Some((node, depth, fragment)) = stack.pop() {
        if fragment {
            let _ = writeln!(out, "{depth} F");
            push_children(&node, depth + 1, &mut stack);
            continue;
        }
        match &node.data {
            NodeData::Element {
                name,
                attrs,
                template_contents,
                ..
            } => {
                let _ = write!(out, "{depth} E {}:{}", &*name.ns, &*name.local);
                for a in attrs.borrow().iter() {
                    let _ = write!(out, " {}=\"{}\"", &*a.name.local, &*a.value);
                }
                out.push('\n');
                push_children(&node, depth + 1, &mut stack);
                if let Some(contents) = template_contents.borrow().as_ref() {
                    stack.push((contents.clone(), depth + 1, true));
                }
            }
            NodeData::Text { contents } => {
                let _ = writeln!(out, "{depth} T {:?}", &**contents.borrow());
            }
            NodeData::Comment { contents } => {
                let _ = writeln!(out, "{depth} C {:?}", &**contents);
            }
            NodeData::Doctype { .. } => {
                let _ = writeln!(out, "{depth} D");
            }
            NodeData::ProcessingInstruction { .. } => {
                let _ = writeln!(out, "{depth} P");
            }
            NodeData::Document => {}
        }
    }
    out
}

/// Pushes `node`'s children so that the first child is popped first.
fn push_children(node: &Handle, depth: usize, stack: &mut Vec<(Handle, usize, bool)>) {
    for child in node.children.borrow().iter().rev() {
        stack.push((child.clone(), depth, false));
    }
}

/// Compares the two dumps of `html`; on a difference, describes the first differing line.
fn compare(name: &str, html: &str) -> Result<usize, String> {
    let ours = deboil::__private::parse_tree_dump(html);
    let oracle = rcdom_dump(html);
    if ours == oracle {
        return Ok(oracle.lines().count());
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), oracle.lines().collect());
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let clip = |s: Option<&&str>| -> String {
        s.map_or("<end>".into(), |s| s.chars().take(300).collect())
    };
    let context: Vec<String> = b[at.saturating_sub(3)..at]
        .iter()
        .map(|l| format!("    {}", clip(Some(l))))
        .collect();
    Err(format!(
        "{name}: dumps differ at line {} (arena {} lines, rcdom {} lines)\n  context:\n{}\n  arena: {}\n  rcdom: {}",
        at + 1,
        a.len(),
        b.len(),
        context.join("\n"),
        clip(a.get(at)),
        clip(b.get(at)),
    ))
}

fn adversarial_inputs() -> Vec<(&'static str, String)> {
    let mut cases: Vec<(&'static str, String)> = [
        // Foster parenting: stray text and elements inside tables go before the table, and
        // stray text merges with the text already there.
        ("foster-text", "<table>a<tr>b<td>c</td>d</tr>e</table>"),
        ("foster-merge", "<p>before<table>stray<tr><td>x</td></tr>more</table>after"),
        ("foster-elements", "<table><tr><td>x</td></tr>stray<b>bold</b><div>d</div><tr><td>y</td></tr></table>"),
        ("foster-formatting", "<table><b>x<tr><td>y</b>z</td></tr>w</table>"),
        ("foster-nested", "<table><tr><td><table>in<tr><td>q</td></tr></table>out</td></tr>tail</table>"),
        ("foster-script", "<table><script>var x=1</script>t<style>s{}</style><tr><td>c</table>"),
        ("table-caption-colgroup", "<table><caption>c<table></caption><colgroup><col span=2>x<tbody><tr><th>h<td>d</table>"),
        // Misnested formatting: the adoption agency algorithm.
        ("aaa-simple", "<b><i></b></i>"),
        ("aaa-text", "<b>1<i>2</b>3</i>4"),
        ("aaa-furthest-block", "<b>1<p>2</b>3</p>"),
        ("aaa-anchors", "<a href=x>1<div>2<a href=y>3</a>4</div>5</a>"),
        ("aaa-nobr", "<nobr>a<nobr>b<nobr>c</nobr>d"),
        ("aaa-deep", "<div><b><em><u><s><p>x</b>y</em>z</u>w</s>v</p></div>"),
        ("aaa-noahs-ark", "<p><b><b><b><b>x</p><p>y"),
        ("formatting-reconstruct", "<p><b><i>1</p><p>2</p>3"),
        // <table> inside <p>: closes the p in no-quirks mode, nests in quirks mode.
        ("table-in-p-noquirks", "<!DOCTYPE html><p>a<table><tr><td>b</td></tr></table>c"),
        ("table-in-p-quirks", "<p>a<table><tr><td>b</td></tr></table>c"),
        // Templates.
        ("template-basic", "<template><p>inside</p></template><p>out</p>"),
        ("template-table", "<template><tr><td>x</td></tr></template><table><template><td>y</td></template></table>"),
        ("template-nested", "<template>a<template>b<template>c</template></template>d</template>"),
        ("template-head", "<head><template><meta charset=utf-8><title>t</title></template></head><body>x"),
        ("template-unclosed", "<body><template><div>never closed"),
        ("template-stray-end", "</template><template></template></template>x"),
        // Unclosed and stray tags.
        ("unclosed-blocks", "<div><span><p>text<ul><li>a<li>b<dl><dt>t<dd>d"),
        ("unclosed-title", "<title>no end"),
        ("unclosed-script", "<script>if (a < b) { document.write('<p>x</p>')"),
        ("unclosed-textarea", "<textarea>\nfirst line dropped<b>"),
        ("unclosed-comment", "<p>a<!-- never closed"),
        ("stray-ends", "</p></div></span>text</br></html></body>after"),
        ("after-html", "<html><body>x</body></html><!--c--> trailing <p>after</p>"),
        ("headings", "<h1>a<h2>b</h1>c</h2><h3><h4>d"),
        ("forms", "<form><form><input name=a></form><form>x</form>"),
        ("frameset", "<frameset><frame src=a><frameset><frame></frameset></frameset>x<noframes>nf</noframes>"),
        ("pre-newline", "<pre>\n\nx</pre><listing>\ny</listing>"),
        ("plaintext", "<p>a<plaintext><b>not a tag</b></p>"),
        ("nulls-and-crlf", "<p>a\0b\r\nc\rd</p><!--\0-->"),
        ("bom", "\u{FEFF}<!DOCTYPE html><p>bom"),
        ("empty", ""),
        ("whitespace-only", " \n\t "),
        // Comments and doctypes.
        ("comments", "<!-- before --><!DOCTYPE html><!--after doctype--><html><!--in html--><head><!--in head--></head><body><!--->x<!---->y<!--a--!>z"),
        ("doctype-legacy", "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\"><p>x"),
        ("doctype-bogus", "<!doctype><!DOCTYPE html><p>x"),
        ("processing-instruction", "<?xml version=\"1.0\"?><p>a<?php echo 1 ?>b"),
        // Attributes with entities, duplicates, merging into <html>/<body>.
        ("attr-entities", "<a href=\"?a=1&amp;b=2&copy=3&notit;&copy\" title='&lt;&#x41;&#65;&nbsp;&#0;&#x110000;' data-x=&quot;q>t</a>"),
        ("attr-duplicates", "<p id=a id=b class=c CLASS=d>x</p>"),
        ("attr-merge-html-body", "<html a=1><body b=2><html c=3 a=9><body d=4 b=8>x"),
        ("attr-odd", "<div a=\"\" b c='x\"y' d=\"x'y\" e=`f` =g h==i>x</div>"),
        // Foreign content.
        ("svg", "<svg viewBox=\"0 0 1 1\"><foreignObject><p>x</p></foreignObject><a xlink:href=\"#y\" xml:lang=en><text>t</text></a><clippath/></svg>"),
        ("svg-breakout", "<svg><p>out</p><svg><title><b>x</b></title></svg><font color=red>f</font></svg>"),
        ("svg-cdata", "<svg><![CDATA[a<b>c]]><desc><i>d</i></desc></svg>"),
        ("math", "<math><mi>x</mi><annotation-xml encoding=\"text/html\"><p>hi</p></annotation-xml><mtext><b>m</b></mtext></math>"),
        ("math-svg", "<math><annotation-xml><svg><circle r=1 /></svg></annotation-xml></math><math definitionurl=x><mglyph/></math>"),
        // noscript (scripting on: raw text in head and body).
        ("noscript", "<head><noscript><link rel=stylesheet href=x><p>y</noscript></head><body><noscript><p>js off</p></noscript>"),
        // select.
        ("select", "<select><option>a<option>b<optgroup label=g><option>c</optgroup></select>"),
        ("select-stray", "<select><div>x</div><input><p>y<select>z</select>"),
        ("select-in-table", "<table><tr><td><select><option>a<td>b</select></table>"),
    ]
    .into_iter()
    .map(|(n, s)| (n, s.to_string()))
    .collect();

    cases.push((
        "deep-div-5000",
        "<div>".repeat(5_000) + "deep" + &"</div>".repeat(5_000),
    ));
    cases.push(("deep-unclosed-5000", "<div><span>".repeat(2_500) + "x"));
    cases.push(("anchor-italic-ladder-2000", "<a><i>".repeat(2_000) + "x"));
    cases.push((
        "b-ladder-2000",
        "<b>".repeat(2_000) + "x" + &"</p>".repeat(10),
    ));
    cases.push(("br-45000", "<p>".to_string() + &"<br>".repeat(45_000) + "x"));
    cases.push(("table-rows-stray-text", foster_table(400)));
    cases.push(("deep-table-nesting", "<table><tr><td>".repeat(500) + "x"));
    cases.push(("many-comments", "<!--c-->x".repeat(5_000)));
    cases
}

/// A table with stray text (foster-parented) between each of `rows` rows.
fn foster_table(rows: usize) -> String {
    let mut s = String::from("<p>lead<table>");
    for i in 0..rows {
        let _ = write!(
            s,
            "<tr><td>cell {i}</td><td><b>b</b></td></tr>stray {i} <i>it</i>"
        );
    }
    s.push_str("</table>tail");
    s
}

#[test]
fn adversarial_inputs_match_rcdom() {
    let failures: Vec<String> = adversarial_inputs()
        .iter()
        .filter_map(|(name, html)| compare(name, html).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn dump_covers_every_node_kind() {
    // The comparison means something only if the dumps show what they claim to.
    let dump = deboil::__private::parse_tree_dump(
        "<!DOCTYPE html><!--c--><template><i>t</i></template><p a=\"1\">x<svg><g/></svg>",
    );
    for want in [
        "0 D\n",
        "0 C \"c\"\n",
        "E http://www.w3.org/1999/xhtml:template\n",
        "3 F\n4 E http://www.w3.org/1999/xhtml:i\n5 T \"t\"\n",
        "E http://www.w3.org/1999/xhtml:p a=\"1\"\n",
        "T \"x\"\n",
        "E http://www.w3.org/2000/svg:g\n",
    ] {
        assert!(dump.contains(want), "missing {want:?} in\n{dump}");
    }
    assert_eq!(
        dump,
        rcdom_dump(
            "<!DOCTYPE html><!--c--><template><i>t</i></template><p a=\"1\">x<svg><g/></svg>"
        )
    );
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DEBOIL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// Every `*/pages/*.html` under the corpus, sorted.
fn corpus_pages(dir: &Path) -> Vec<PathBuf> {
    let mut pages = Vec::new();
    let Ok(sets) = std::fs::read_dir(dir) else {
        return pages;
    };
    for set in sets.flatten() {
        let Ok(files) = std::fs::read_dir(set.path().join("pages")) else {
            continue;
        };
        pages.extend(
            files
                .flatten()
                .map(|f| f.path())
                .filter(|p| p.extension().is_some_and(|e| e == "html")),
        );
    }
    pages.sort();
    pages
}

#[test]
fn corpus_pages_match_rcdom() {
    let Some(dir) = corpus_dir() else {
        println!("dom_oracle: no corpus (set DEBOIL_CORPUS or add ../shared/corpus); skipped");
        return;
    };
    let all = corpus_pages(&dir);
    let full = std::env::var("DEBOIL_ORACLE").is_ok_and(|v| v == "full");
    let pages: Vec<PathBuf> = if full || all.len() <= SAMPLE_PAGES {
        all
    } else {
        (0..SAMPLE_PAGES)
            .map(|i| all[i * all.len() / SAMPLE_PAGES].clone())
            .collect()
    };
    assert!(!pages.is_empty(), "no pages under {}", dir.display());

    // Workers take the next page from a shared counter: page sizes vary by 100x.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = AtomicUsize::new(0);
    let started = std::time::Instant::now();
    let results: Vec<(usize, u64, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(16 << 20)
                    .spawn_scoped(scope, || {
                        let (mut count, mut bytes, mut failures) = (0, 0u64, Vec::new());
                        while let Some(path) = pages.get(next.fetch_add(1, Ordering::Relaxed)) {
                            let raw = std::fs::read(path).expect("read page");
                            count += 1;
                            bytes += raw.len() as u64;
                            let html = String::from_utf8_lossy(&raw);
                            if let Err(e) = compare(&path.display().to_string(), &html) {
                                failures.push(e);
                            }
                        }
                        (count, bytes, failures)
                    })
                    .expect("spawn")
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker panicked"))
            .collect()
    });
    let checked: usize = results.iter().map(|r| r.0).sum();
    let bytes: u64 = results.iter().map(|r| r.1).sum();
    let failures: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    println!(
        "dom_oracle: {checked} pages ({:.1} MB, {}) in {:.1} s on {threads} threads",
        bytes as f64 / 1e6,
        if full {
            "full corpus"
        } else {
            "sample; DEBOIL_ORACLE=full for all"
        },
        started.elapsed().as_secs_f64(),
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} pages differ:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// Tag soup from fragments chosen to cross every tokenizer state: tags with every attribute
/// syntax, comments and their odd ends, raw-text and RCDATA elements, script escapes,
/// character references, foreign content and CDATA, DOCTYPEs, carriage returns. Seeded, so
/// a failure names its case and reproduces.
fn soup(seed: u64, pieces: usize) -> String {
    const FRAGMENTS: &[&str] = &[
        "<",
        ">",
        "</",
        "/",
        "=",
        "\"",
        "'",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "a",
        "B",
        "é",
        "€x",
        "<p>",
        "</p>",
        "<div class=\"x y\" id=z>",
        "</div>",
        "<a href='u&amp;v' title=t>",
        "</a>",
        "<b>",
        "</b>",
        "<i/>",
        "<br/>",
        "<img src=x alt=\"a>b\">",
        "<input value=&quot>",
        "<P CLASS=Up>",
        "<a a=1 a=2 A=3>",
        "<x =y>",
        "<x a = 'b' c= d e =f/>",
        "<x \"q\"=1>",
        "<!--",
        "-->",
        "--!>",
        "<!-->",
        "<!--->",
        "<!-- c -->",
        "--",
        "-",
        "!",
        "<!",
        "<?x?>",
        "<!x>",
        "</>",
        "</ x>",
        "</3>",
        "<3",
        "<!DOCTYPE html>",
        "<!doctype html PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
        "<!DOCTYPE",
        "<script>",
        "</script>",
        "</SCRIPT >",
        "</script/>",
        "<script type=x>",
        "<!--<script>",
        "</script-->",
        "<style>",
        "</style>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<noscript>",
        "</noscript>",
        "<xmp>",
        "</xmp>",
        "<iframe>",
        "</iframe>",
        "<plaintext>",
        "<svg>",
        "</svg>",
        "<math>",
        "</math>",
        "<![CDATA[",
        "]]>",
        "<foreignObject>",
        "<table>",
        "<tr>",
        "<td>",
        "</table>",
        "<select>",
        "<option>",
        "<template>",
        "</template>",
        "&",
        "&amp;",
        "&amp",
        "&ampx",
        "&copy",
        "&notin;",
        "&notit;",
        "&#",
        "&#65;",
        "&#x41",
        "&#x;",
        "&#150;",
        "&#0;",
        "&#99999999999;",
        "&lt",
        "&bogus;",
        "&=",
        "&AMP;",
        "<h1>",
        "</h1>",
        "<li>",
        "<ul>",
        "<pre>\n",
        "<frameset>",
        "<body x=1>",
        "<html lang=en>",
    ];
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut s = String::new();
    for _ in 0..pieces {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push_str(FRAGMENTS[(x % FRAGMENTS.len() as u64) as usize]);
    }
    s
}

#[test]
fn tag_soup_matches_rcdom() {
    // The fast tokenizer (src/dom/tokenizer.rs) against html5ever's own, through the trees.
    let cases: u64 = if cfg!(debug_assertions) {
        3_000
    } else {
        30_000
    };
    let failures: Vec<String> = (0..cases)
        .filter_map(|seed| {
            let html = soup(seed, 1 + (seed % 40) as usize);
            compare(&format!("soup seed {seed} {html:?}"), &html).err()
        })
        .take(5)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
