//! A small RFC 3986 reference resolver for canonical, image and license URLs.

/// Splits `scheme:` off an absolute URL (`https:`, `mailto:`), if present.
fn scheme(s: &str) -> Option<(&str, &str)> {
    let colon = s.find(':')?;
    let sch = &s[..colon];
    let mut chars = sch.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| (sch, &s[colon + 1..]))
}

/// Whether `s` is an absolute URL with a scheme.
pub(crate) fn is_absolute(s: &str) -> bool {
    scheme(s).is_some()
}

/// Whether `s` looks like a web URL (used to reject URLs given as author names).
pub(crate) fn looks_like_url(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("//")
        || l.starts_with("www.")
}

/// Resolves `reference` against `base` (both without surrounding whitespace); the fragment
/// is dropped. `None` when `reference` is relative and `base` is not absolute.
pub(crate) fn resolve(base: Option<&str>, reference: &str) -> Option<String> {
    let r = reference.trim();
    let r = r.split('#').next().unwrap_or(r);
    if r.is_empty() && base.is_none() {
        return None;
    }
    if let Some((sch, rest)) = scheme(r) {
        let sch = sch.to_ascii_lowercase();
        if let Some(after) = rest.strip_prefix("//") {
            let (auth, path) = split_authority(after);
            return Some(format!("{sch}://{auth}{}", normalize_path_and_query(path)));
        }
        return Some(format!("{sch}:{rest}"));
    }
    let base = base?.trim();
    let base = base.split('#').next().unwrap_or(base);
    let (bsch, brest) = scheme(base)?;
    let bsch = bsch.to_ascii_lowercase();
    let Some(bafter) = brest.strip_prefix("//") else {
        return None; // opaque base (mailto:, data:)
    };
    let (bauth, bpath_q) = split_authority(bafter);
    let (bpath, bquery) = match bpath_q.find('?') {
        Some(q) => (&bpath_q[..q], &bpath_q[q..]),
        None => (bpath_q, ""),
    };
    if let Some(after) = r.strip_prefix("//") {
        let (auth, path) = split_authority(after);
        return Some(format!("{bsch}://{auth}{}", normalize_path_and_query(path)));
    }
    let joined = if r.is_empty() {
        format!("{bpath}{bquery}")
    } else if r.starts_with('?') {
        format!("{}{r}", if bpath.is_empty() { "/" } else { bpath })
    } else if r.starts_with('/') {
        r.to_string()
    } else {
        let dir = match bpath.rfind('/') {
            Some(i) => &bpath[..=i],
            None => "/",
        };
        format!("{dir}{r}")
    };
    Some(format!(
        "{bsch}://{bauth}{}",
        normalize_path_and_query(&joined)
    ))
}

fn split_authority(s: &str) -> (&str, &str) {
    let end = s.find(['/', '?']).unwrap_or(s.len());
    (&s[..end], &s[end..])
}

/// Removes `.` and `..` segments from the path (RFC 3986 §5.2.4); the query is kept as is.
fn normalize_path_and_query(s: &str) -> String {
    let (path, query) = match s.find('?') {
        Some(q) => (&s[..q], &s[q..]),
        None => (s, ""),
    };
    if path.is_empty() {
        return format!("/{query}");
    }
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    let mut p = out.join("/");
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    format!("{p}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.com/a/b/c.html?x=1#frag";

    #[test]
    fn resolves_references() {
        let r = |s: &str| resolve(Some(BASE), s);
        assert_eq!(
            r("https://other.org/p#f").as_deref(),
            Some("https://other.org/p")
        );
        assert_eq!(
            r("//cdn.example.com/i.png").as_deref(),
            Some("https://cdn.example.com/i.png")
        );
        assert_eq!(r("/root/x").as_deref(), Some("https://example.com/root/x"));
        assert_eq!(
            r("d.html").as_deref(),
            Some("https://example.com/a/b/d.html")
        );
        assert_eq!(
            r("../d.html").as_deref(),
            Some("https://example.com/a/d.html")
        );
        assert_eq!(r("../../../../d").as_deref(), Some("https://example.com/d"));
        assert_eq!(r("./").as_deref(), Some("https://example.com/a/b/"));
        assert_eq!(
            r("?y=2").as_deref(),
            Some("https://example.com/a/b/c.html?y=2")
        );
        assert_eq!(
            r("#only").as_deref(),
            Some("https://example.com/a/b/c.html?x=1")
        );
        assert_eq!(r("mailto:a@b.c").as_deref(), Some("mailto:a@b.c"));
        assert_eq!(
            resolve(Some("https://example.com"), "x").as_deref(),
            Some("https://example.com/x")
        );
        assert_eq!(resolve(None, "/x"), None);
        assert_eq!(
            resolve(None, "HTTPS://e.com/./a/../b").as_deref(),
            Some("https://e.com/b")
        );
    }
}
