//! Golden fixtures: every `tests/fixtures/<case>/` holds `source.html` and `expected.json`;
//! adding a case is adding those two files. `expected.json` keys (all optional): `title`,
//! `authors`, `date` (YYYY-MM-DD prefix), `site_name`, `lang`, `blocks` (exact list of
//! `{kind, level?, text}`), `must_contain`, `must_not_contain` (substrings of the text).

use std::path::Path;

use serde_json::Value;

fn check_case(dir: &Path) -> Vec<String> {
    let mut errors = Vec::new();
    let html = std::fs::read(dir.join("source.html")).expect("source.html");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    let article = match deboil::extract(&html) {
        Ok(a) => a,
        Err(e) => return vec![format!("extraction failed: {e}")],
    };
    let text = article.text();
    let mut field = |name: &str, got: Option<&str>| {
        if let Some(want) = expected.get(name).and_then(Value::as_str) {
            let ok = match name {
                "date" => got.is_some_and(|g| g.starts_with(want)),
                _ => got == Some(want),
            };
            if !ok {
                errors.push(format!("{name}: want {want:?}, got {got:?}"));
            }
        }
    };
    field("title", article.title.as_deref());
    field("date", article.date.as_deref());
    field("site_name", article.site_name.as_deref());
    field("lang", article.lang.as_deref());
    if let Some(want) = expected.get("authors").and_then(Value::as_array) {
        let want: Vec<&str> = want.iter().filter_map(Value::as_str).collect();
        if article.authors != want {
            errors.push(format!("authors: want {want:?}, got {:?}", article.authors));
        }
    }
    for s in expected
        .get("must_contain")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = s.as_str().unwrap_or_default();
        if !text.contains(s) {
            errors.push(format!("missing {s:?}"));
        }
    }
    for s in expected
        .get("must_not_contain")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = s.as_str().unwrap_or_default();
        if text.contains(s) {
            errors.push(format!("leaked {s:?}"));
        }
    }
    if let Some(want) = expected.get("blocks").and_then(Value::as_array) {
        let got: Vec<String> = article
            .blocks
            .iter()
            .map(|b| {
                let kind = format!("{:?}", b.kind);
                if b.kind == deboil::BlockKind::Heading {
                    format!("{kind}{} {}", b.level, b.text)
                } else {
                    format!("{kind} {}", b.text)
                }
            })
            .collect();
        let want: Vec<String> = want
            .iter()
            .map(|b| {
                let kind: String = b["kind"]
                    .as_str()
                    .unwrap_or_default()
                    .split('_')
                    .map(|w| w[..1].to_uppercase() + &w[1..])
                    .collect();
                match b.get("level").and_then(Value::as_u64) {
                    Some(l) if kind == "Heading" => {
                        format!("{kind}{l} {}", b["text"].as_str().unwrap_or_default())
                    }
                    _ => format!("{kind} {}", b["text"].as_str().unwrap_or_default()),
                }
            })
            .collect();
        if got != want {
            let first = got
                .iter()
                .zip(&want)
                .position(|(g, w)| g != w)
                .unwrap_or(got.len().min(want.len()));
            errors.push(format!(
                "blocks differ at {first} (got {}, want {}):\n  got:  {:?}\n  want: {:?}",
                got.len(),
                want.len(),
                got.get(first),
                want.get(first)
            ));
        }
    }
    errors
}

#[test]
fn golden_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").exists())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let mut failed = Vec::new();
    for case in &cases {
        let errors = check_case(case);
        if !errors.is_empty() {
            failed.push(format!("{}:\n  {}", case.display(), errors.join("\n  ")));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}
