//! A small, lenient JSON parser for `<script type="application/ld+json">` blocks.
//!
//! Real pages ship JSON-LD that strict parsers reject: trailing commas, HTML comments and
//! CDATA wrappers around the object, entity-escaped quotes, raw control characters inside
//! strings, a byte-order mark, two objects back to back. This parser accepts all of those and
//! gives up (returns what it has, or nothing) instead of failing the page. It is bounded: an
//! input larger than [`MAX_INPUT`] is skipped and nesting deeper than [`MAX_DEPTH`] abandons
//! the block, so the recursion is capped.

/// Blocks larger than this are skipped (product catalogues dumped into JSON-LD).
pub(crate) const MAX_INPUT: usize = 2 << 20;
/// Nesting cap; deeper input abandons the block.
pub(crate) const MAX_DEPTH: usize = 64;

/// A parsed JSON value. Numbers are kept as their source text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Value>),
    Obj(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object (first match).
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as a string, if it is one (numbers too, as written).
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Num(s) => Some(s),
            _ => None,
        }
    }

    /// The value's items: an array's elements, or the value itself.
    pub(crate) fn items(&self) -> &[Value] {
        match self {
            Value::Arr(a) => a,
            other => std::slice::from_ref(other),
        }
    }
}

/// Parses one script block. Several top-level values (back to back, or separated by `,`/`;`)
/// come back as an array. `None` when nothing usable was found.
pub(crate) fn parse(src: &str) -> Option<Value> {
    if src.len() > MAX_INPUT {
        return None;
    }
    let cleaned = strip_wrappers(src);
    let first = parse_all(&cleaned);
    if first.is_some() {
        return first;
    }
    // Some sites entity-escape the whole block (`{&quot;@context&quot;: ...}`).
    if cleaned.contains("&quot;") {
        return parse_all(&decode_entities(&cleaned));
    }
    None
}

fn parse_all(src: &str) -> Option<Value> {
    let mut p = Parser {
        s: src.as_bytes(),
        src,
        i: 0,
    };
    let mut values = Vec::new();
    loop {
        p.skip_ws();
        while p.i < p.s.len() && matches!(p.s[p.i], b',' | b';') {
            p.i += 1;
            p.skip_ws();
        }
        if p.i >= p.s.len() {
            break;
        }
        let start = p.i;
        match p.value(0) {
            Some(v) => values.push(v),
            None => break,
        }
        if p.i == start {
            break;
        }
    }
    match values.len() {
        0 => None,
        1 => values.pop(),
        _ => Some(Value::Arr(values)),
    }
}

/// Removes a BOM, HTML comment markers and CDATA wrappers around the JSON.
fn strip_wrappers(src: &str) -> String {
    let mut s = src.trim_start_matches('\u{feff}').trim().to_string();
    for (open, close) in [
        ("<!--", "-->"),
        ("<![CDATA[", "]]>"),
        ("//<![CDATA[", "//]]>"),
    ] {
        let t = s.trim();
        if let Some(rest) = t.strip_prefix(open) {
            let rest = rest.trim_end();
            let rest = rest.strip_suffix(close).unwrap_or(rest);
            s = rest.trim().to_string();
        }
    }
    s.trim_end_matches("//").trim().to_string()
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        loop {
            while self.i < self.s.len()
                && (self.s[self.i].is_ascii_whitespace() || self.s[self.i] == 0)
            {
                self.i += 1;
            }
            let rest = &self.s[self.i..];
            if rest.starts_with(b"//") {
                while self.i < self.s.len() && self.s[self.i] != b'\n' {
                    self.i += 1;
                }
            } else if rest.starts_with(b"/*") {
                match find(rest, b"*/") {
                    Some(end) => self.i += end + 2,
                    None => self.i = self.s.len(),
                }
            } else if rest.starts_with(b"<!--") {
                self.i += 4;
            } else if rest.starts_with(b"-->") || rest.starts_with("\u{feff}".as_bytes()) {
                self.i += 3;
            } else {
                return;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        let c = *self.s.get(self.i)?;
        match c {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' | b'\'' => self.string().map(Value::Str),
            b'-' | b'+' | b'.' | b'0'..=b'9' => {
                let start = self.i;
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                Some(Value::Num(self.src.get(start..self.i)?.to_string()))
            }
            _ => {
                let word = self.bare_word();
                match word.as_str() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    "null" | "undefined" | "NaN" => Some(Value::Null),
                    "" => None,
                    _ => Some(Value::Str(word)),
                }
            }
        }
    }

    /// An unquoted identifier (JS-style key or literal).
    fn bare_word(&mut self) -> String {
        let start = self.i;
        while self.i < self.s.len() {
            let c = self.s[self.i];
            if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'@' | b'-') || c >= 0x80 {
                self.i += 1;
            } else {
                break;
            }
        }
        // Stay on a char boundary (bytes >= 0x80 were taken whole, so this holds).
        self.src.get(start..self.i).unwrap_or("").to_string()
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        self.i += 1; // '{'
        let mut members = Vec::new();
        loop {
            self.skip_ws();
            let c = match self.s.get(self.i) {
                Some(&c) => c,
                None => return Some(Value::Obj(members)), // truncated: keep what we have
            };
            match c {
                b'}' => {
                    self.i += 1;
                    return Some(Value::Obj(members));
                }
                b',' => {
                    self.i += 1;
                    continue;
                }
                b']' => return None,
                _ => {}
            }
            let key = if c == b'"' || c == b'\'' {
                self.string()?
            } else {
                let w = self.bare_word();
                if w.is_empty() {
                    return None;
                }
                w
            };
            self.skip_ws();
            if self.s.get(self.i) != Some(&b':') {
                return None;
            }
            self.i += 1;
            let v = self.value(depth + 1)?;
            members.push((key, v));
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        self.i += 1; // '['
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            let c = match self.s.get(self.i) {
                Some(&c) => c,
                None => return Some(Value::Arr(items)),
            };
            match c {
                b']' => {
                    self.i += 1;
                    return Some(Value::Arr(items));
                }
                b',' => {
                    self.i += 1;
                    continue;
                }
                b'}' => return None,
                _ => {}
            }
            let start = self.i;
            let v = self.value(depth + 1)?;
            if self.i == start {
                return None;
            }
            items.push(v);
        }
    }

    /// A quoted string; raw control characters are kept (as spaces), bad escapes kept as is,
    /// HTML entities decoded.
    fn string(&mut self) -> Option<String> {
        let quote = self.s[self.i];
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        // Long strings (an `articleBody`) are most of a block: jump between the two bytes that
        // matter instead of testing every byte.
        while let Some(skip) = self
            .s
            .get(self.i..)
            .and_then(|rest| memchr::memchr2(quote, b'\\', rest))
        {
            self.i += skip;
            let c = self.s[self.i];
            if c == quote {
                out.push_str(self.src.get(run..self.i)?);
                self.i += 1;
                return Some(finish_string(out));
            }
            if c == b'\\' {
                out.push_str(self.src.get(run..self.i)?);
                self.i += 1;
                let e = *self.s.get(self.i)?;
                self.i += 1;
                match e {
                    b'n' | b'r' | b't' => out.push(' '),
                    b'b' | b'f' => {}
                    b'u' => {
                        let cp = self.hex4();
                        match cp {
                            Some(hi @ 0xD800..=0xDBFF) => {
                                let lo = if self.s.get(self.i..self.i + 2) == Some(b"\\u") {
                                    self.i += 2;
                                    self.hex4()
                                } else {
                                    None
                                };
                                let ch =
                                    lo.filter(|lo| (0xDC00..=0xDFFF).contains(lo))
                                        .and_then(|lo| {
                                            char::from_u32(
                                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                                            )
                                        });
                                out.push(ch.unwrap_or('\u{fffd}'));
                            }
                            Some(cp) => out.push(char::from_u32(cp).unwrap_or('\u{fffd}')),
                            None => out.push_str("\\u"),
                        }
                    }
                    _ if e < 0x80 => out.push(e as char),
                    _ => {
                        // An escaped non-ASCII char: back up and copy it with the next run.
                        self.i -= 1;
                    }
                }
                run = self.i;
            }
        }
        self.i = self.s.len();
        None // unterminated
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.src.get(self.i..self.i + 4)?;
        let v = u32::from_str_radix(h, 16).ok()?;
        self.i += 4;
        Some(v)
    }
}

fn finish_string(s: String) -> String {
    let s = if s.contains('&') {
        decode_entities(&s)
    } else {
        s
    };
    if has_control(&s) {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    } else {
        s
    }
}

/// Whether `s` has a control character (`char::is_control`: C0, DEL and the C1 controls
/// U+0080–U+009F, which UTF-8 writes as `C2 80`–`C2 9F`), tested on bytes: decoding every
/// character of every string was a fifth of JSON-LD parsing.
fn has_control(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c < 0x20
            || c == 0x7f
            || (c == 0xc2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes numeric character references and the named entities that show up in metadata.
pub(crate) fn decode_entities(s: &str) -> String {
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("quot", "\""),
        ("apos", "'"),
        ("lt", "<"),
        ("gt", ">"),
        ("nbsp", " "),
        ("hellip", "…"),
        ("mdash", "—"),
        ("ndash", "–"),
        ("rsquo", "’"),
        ("lsquo", "‘"),
        ("rdquo", "”"),
        ("ldquo", "“"),
        ("laquo", "«"),
        ("raquo", "»"),
        ("copy", "©"),
        ("reg", "®"),
        ("trade", "™"),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let end = after.find(';').filter(|&e| e > 0 && e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let ch = if let Some(num) = name.strip_prefix('#') {
                let cp = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                cp.and_then(char::from_u32).map(String::from)
            } else {
                NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_string())
            };
            ch.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push_str(&c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_test_on_bytes_agrees_with_chars() {
        for cp in (0..0x3000).chain([0xfeff, 0xfffd, 0x1f600]) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for s in [
                format!("{c}"),
                format!("a{c}b"),
                format!("\u{e9}{c}\u{85}x"),
            ] {
                assert_eq!(has_control(&s), s.chars().any(char::is_control), "{s:?}");
            }
        }
    }

    #[test]
    fn strings_with_escapes_and_unterminated() {
        assert_eq!(
            parse(r#"{"a": "x\"y\\z\u00e9\n", "b": 'q'}"#),
            Some(Value::Obj(vec![
                ("a".into(), Value::Str("x\"y\\z\u{e9} ".into())),
                ("b".into(), Value::Str("q".into())),
            ]))
        );
        assert_eq!(parse(r#"{"a": "open"#), None);
    }

    fn obj(v: &Value) -> &[(String, Value)] {
        match v {
            Value::Obj(m) => m,
            _ => &[],
        }
    }

    #[test]
    fn parses_strict_json() {
        let v = parse(r#"{"a": [1, 2.5, -3e2], "b": {"c": "d\"e\u00e9"}, "t": true, "n": null}"#)
            .unwrap();
        assert_eq!(obj(&v).len(), 4);
        assert_eq!(
            v.get("b").and_then(|b| b.get("c")).and_then(Value::as_str),
            Some("d\"eé")
        );
        assert_eq!(v.get("a").map(|a| a.items().len()), Some(3));
    }

    #[test]
    fn tolerates_trailing_commas_and_comments() {
        let v = parse("<!-- {\"a\": [1, 2,], /* c */ \"b\": \"x\",} -->").unwrap();
        assert_eq!(v.get("b").and_then(Value::as_str), Some("x"));
        let v = parse("//<![CDATA[\n{\"a\": \"y\"}\n//]]>").unwrap();
        assert_eq!(v.get("a").and_then(Value::as_str), Some("y"));
    }

    #[test]
    fn tolerates_control_chars_bom_and_entities() {
        let v = parse("\u{feff}{\"a\": \"line\none\ttab &amp; more &#8217;\"}").unwrap();
        assert_eq!(
            v.get("a").and_then(Value::as_str),
            Some("line one tab & more ’")
        );
        let v = parse("{&quot;headline&quot;: &quot;Quoted&quot;}").unwrap();
        assert_eq!(v.get("headline").and_then(Value::as_str), Some("Quoted"));
    }

    #[test]
    fn surrogate_pairs() {
        let v = parse(r#"{"a": "\ud83d\ude00 \ud800x"}"#).unwrap();
        assert_eq!(v.get("a").and_then(Value::as_str), Some("😀 \u{fffd}x"));
    }

    #[test]
    fn several_values_become_an_array() {
        let v = parse("{\"a\": 1}\n{\"b\": 2};").unwrap();
        assert_eq!(v.items().len(), 2);
    }

    #[test]
    fn garbage_is_not_fatal() {
        for s in [
            "",
            "}",
            "]]]",
            "{\"a\":",
            "{\"a\" 1}",
            "[1, }",
            "\"unterminated",
            "{{{{",
            "\\u12",
            "{'a': 'b'",
            "\u{1F600}",
            "{\"\\",
            "{\"a\":\"\\u",
        ] {
            let _ = parse(s);
        }
        assert_eq!(
            parse("{'a': 'b'}").and_then(|v| v.get("a").cloned()),
            Some(Value::Str("b".into()))
        );
    }

    #[test]
    fn depth_is_capped() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse(&deep), None);
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_some());
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a &amp b &#x41; &#65; &bogus; &"),
            "a &amp b A A &bogus; &"
        );
    }
}
