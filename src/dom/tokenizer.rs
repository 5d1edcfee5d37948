//! A byte-oriented HTML tokenizer in front of html5ever's tree builder.
//!
//! html5ever's tokenizer reads its input one `char` at a time through a queue of tendrils and
//! builds every tag name, attribute and run of text a character at a time: on our corpus that
//! was about 55 instructions per byte, half of all extraction. This tokenizer implements the
//! same WHATWG tokenization states over the UTF-8 bytes, jumping with `memchr` to the next
//! byte that can change state (`<`, `&`, a quote, `>`), and gives html5ever's tree builder the
//! same tokens (through the depth and node [`Guard`]). So the tree is still html5ever's tree:
//! `tests/dom_oracle.rs` compares it with `markup5ever_rcdom`'s on every corpus page and on
//! adversarial inputs.
//!
//! What it leaves to html5ever: a page with a NUL byte anywhere goes to html5ever's own
//! tokenizer ([`eligible`]), since every state treats NUL differently; the rare DOCTYPE token
//! is tokenized by html5ever on its own bytes. Carriage returns are normalized first, as the
//! spec's input preprocessing does.

use std::cell::RefCell;

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CommentToken, DoctypeToken, EOFToken, EndTag, StartTag, Tag, TagKind, TagToken,
    Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{Attribute, LocalName, QualName, ns};

use super::{Guard, NodeId};

/// Whether [`run`] tokenizes `html` exactly as html5ever would.
pub(super) fn eligible(html: &str) -> bool {
    memchr::memchr(0, html.as_bytes()).is_none()
}

/// Tokenizes `html` into the guard, then ends the document (unless the guard halted).
pub(super) fn run(html: &str, sink: &Guard<'_>, max_attributes: usize) {
    // html5ever drops a leading byte-order mark.
    let html = html.strip_prefix('\u{FEFF}').unwrap_or(html);
    // Input preprocessing: CR LF and lone CR become LF.
    let normalized;
    let html = if memchr::memchr(b'\r', html.as_bytes()).is_some() {
        normalized = normalize_newlines(html);
        normalized.as_str()
    } else {
        html
    };
    let mut t = Tok {
        s: html,
        b: html.as_bytes(),
        pos: 0,
        sink,
        max_attributes,
        scratch: String::new(),
    };
    t.data();
    if sink.is_halted() {
        return;
    }
    sink.ending.set(true);
    let _ = sink.process_token(EOFToken, 1);
    sink.end();
}

/// CR LF and lone CR as LF, in one pass (`str::replace` twice searched the page twice).
fn normalize_newlines(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for cr in memchr::memchr_iter(b'\r', b) {
        if cr < from {
            continue;
        }
        out.push_str(html.get(from..cr).unwrap_or_default());
        out.push('\n');
        from = if b.get(cr + 1) == Some(&b'\n') {
            cr + 2
        } else {
            cr + 1
        };
    }
    out.push_str(html.get(from..).unwrap_or_default());
    out
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// Ends a tag name or an unquoted attribute name.
fn ends_name(b: u8) -> bool {
    is_space(b) || b == b'/' || b == b'>'
}

struct Tok<'a, 'g> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    sink: &'g Guard<'g>,
    max_attributes: usize,
    /// Reused buffer for decoded character references.
    scratch: String,
}

impl<'a> Tok<'a, '_> {
    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.s.get(from..to).unwrap_or_default()
    }

    fn text(&self, s: &str) {
        if !s.is_empty() {
            self.sink.push_text(s);
        }
    }

    fn emit(&self, token: Token) -> TokenSinkResult<NodeId> {
        self.sink.process_token(token, 1)
    }

    /// The data state, to the end of the input or a halt.
    fn data(&mut self) {
        let len = self.b.len();
        while self.pos < len {
            if self.sink.is_halted() {
                return;
            }
            let rest = self.b.get(self.pos..).unwrap_or_default();
            let Some(off) = memchr::memchr2(b'<', b'&', rest) else {
                self.text(self.slice(self.pos, len));
                self.pos = len;
                return;
            };
            let at = self.pos + off;
            self.text(self.slice(self.pos, at));
            if self.b[at] == b'&' {
                self.text_with_refs_from(at);
                continue;
            }
            match self.b.get(at + 1).copied() {
                Some(b'!') => self.markup_declaration(at),
                Some(b'/') => {
                    if !self.end_tag_open(at) {
                        return;
                    }
                }
                Some(c) if c.is_ascii_alphabetic() => match self.tag(at, StartTag) {
                    Some((result, name)) => self.after_start_tag(result, &name),
                    None => return,
                },
                Some(b'?') => self.bogus_comment(at + 1),
                _ => {
                    self.text("<");
                    self.pos = at + 1;
                }
            }
        }
    }

    /// Decodes one character reference at `at` (an `&`) into the text.
    fn text_with_refs_from(&mut self, at: usize) {
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        self.pos = char_ref(self.s, at, false, &mut out);
        self.text(&out);
        self.scratch = out;
    }

    /// What the tree builder asked for after a start tag: a raw-text state, or plain text.
    fn after_start_tag(&mut self, result: TokenSinkResult<NodeId>, name: &str) {
        match result {
            TokenSinkResult::RawData(RawKind::Rcdata) => {
                let end = self.appropriate_end(self.pos, name);
                let raw = self.slice(self.pos, end);
                if raw.contains('&') {
                    let mut out = String::with_capacity(raw.len());
                    decode_refs(raw, false, &mut out);
                    self.text(&out);
                } else {
                    self.text(raw);
                }
                self.pos = end;
            }
            TokenSinkResult::RawData(RawKind::Rawtext) => {
                let end = self.appropriate_end(self.pos, name);
                self.text(self.slice(self.pos, end));
                self.pos = end;
            }
            TokenSinkResult::RawData(RawKind::ScriptData | RawKind::ScriptDataEscaped(_)) => {
                let end = self.script_end(self.pos);
                self.text(self.slice(self.pos, end));
                self.pos = end;
            }
            TokenSinkResult::Plaintext => {
                self.text(self.slice(self.pos, self.b.len()));
                self.pos = self.b.len();
            }
            _ => {}
        }
    }

    /// `</` at `at`: an end tag, `</>` (dropped), or a bogus comment. False at the end of the
    /// input inside the tag.
    fn end_tag_open(&mut self, at: usize) -> bool {
        match self.b.get(at + 2).copied() {
            Some(c) if c.is_ascii_alphabetic() => self.tag(at, EndTag).is_some(),
            Some(b'>') => {
                self.pos = at + 3;
                true
            }
            None => {
                self.text("</");
                self.pos = at + 2;
                true
            }
            Some(_) => {
                self.bogus_comment(at + 2);
                true
            }
        }
    }

    /// A start or end tag at `at` (`<` or `</`, then an ASCII letter). Emits it and returns
    /// the tree builder's answer and the tag name; `None` when the input ends inside the tag
    /// (the spec drops such a tag).
    fn tag(&mut self, at: usize, kind: TagKind) -> Option<(TokenSinkResult<NodeId>, LocalName)> {
        let b = self.b;
        let len = b.len();
        let mut i = at + if kind == StartTag { 1 } else { 2 };
        let name_start = i;
        while i < len && !ends_name(b[i]) {
            i += 1;
        }
        if i >= len {
            return None;
        }
        let name = lower(self.slice(name_start, i));
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut seen = 0usize;
        let mut duplicate = false;
        let mut self_closing = false;
        loop {
            while i < len && is_space(b[i]) {
                i += 1;
            }
            let c = *b.get(i)?;
            if c == b'>' {
                i += 1;
                break;
            }
            if c == b'/' {
                i += 1;
                if *b.get(i)? == b'>' {
                    self_closing = true;
                    i += 1;
                    break;
                }
                continue;
            }
            // An attribute name; a leading `=` belongs to it.
            let attr_start = i;
            i += 1;
            while i < len && !ends_name(b[i]) && b[i] != b'=' {
                i += 1;
            }
            let attr_name = self.slice(attr_start, i);
            while i < len && is_space(b[i]) {
                i += 1;
            }
            let mut value = StrTendril::new();
            if *b.get(i)? == b'=' {
                i += 1;
                while i < len && is_space(b[i]) {
                    i += 1;
                }
                match *b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let from = i + 1;
                        let end = from + memchr::memchr(q, b.get(from..)?)?;
                        value = attr_value(self.slice(from, end));
                        i = end + 1;
                    }
                    // `a=>`: an empty value; the `>` ends the tag.
                    b'>' => {}
                    _ => {
                        let from = i;
                        while i < len && !is_space(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        if i >= len {
                            return None;
                        }
                        value = attr_value(self.slice(from, i));
                    }
                }
            }
            if kind == EndTag {
                continue;
            }
            // As the cap in front of html5ever's tokenizer did: only the first attributes count.
            seen += 1;
            if seen > self.max_attributes {
                continue;
            }
            let attr_name = lower(attr_name);
            if attrs.iter().any(|a| a.name.local == attr_name) {
                duplicate = true;
                continue;
            }
            attrs.push(Attribute {
                name: QualName::new(None, ns!(), attr_name),
                value,
            });
        }
        self.pos = i;
        let result = self.emit(TagToken(Tag {
            kind,
            name: name.clone(),
            self_closing,
            attrs,
            had_duplicate_attributes: duplicate,
        }));
        Some((result, name))
    }

    /// The start of the end tag `</name` (followed by a space, `/` or `>`) that closes a
    /// RCDATA or RAWTEXT element, or the end of the input.
    fn appropriate_end(&self, from: usize, name: &str) -> usize {
        let b = self.b;
        let n = name.len();
        let mut at = from;
        while let Some(off) = memchr::memchr(b'<', b.get(at..).unwrap_or_default()) {
            let lt = at + off;
            if b.get(lt + 1) == Some(&b'/')
                && b.get(lt + 2..lt + 2 + n)
                    .is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes()))
                && b.get(lt + 2 + n).is_some_and(|&c| ends_name(c))
            {
                return lt;
            }
            at = lt + 1;
        }
        b.len()
    }

    /// Where script data starting at `from` ends: at `</script` (followed by a space, `/` or
    /// `>`) outside the escaped and double-escaped states that `<!--` and `<script` inside
    /// a script open, or at the end of the input.
    fn script_end(&self, from: usize) -> usize {
        let b = self.b;
        let mut at = from;
        while let Some(off) = memchr::memchr(b'<', b.get(at..).unwrap_or_default()) {
            let lt = at + off;
            if self.is_script_end_tag(lt) {
                return lt;
            }
            if b.get(lt + 1..lt + 4) == Some(b"!--") {
                match self.escaped_script(lt + 4) {
                    Escape::End(end) => return end,
                    Escape::Unescaped(next) => at = next,
                }
                continue;
            }
            at = lt + 1;
        }
        b.len()
    }

    /// `</script` followed by a space, `/` or `>` at `lt`.
    fn is_script_end_tag(&self, lt: usize) -> bool {
        let b = self.b;
        b.get(lt + 1) == Some(&b'/')
            && b.get(lt + 2..lt + 8)
                .is_some_and(|t| t.eq_ignore_ascii_case(b"script"))
            && b.get(lt + 8).is_some_and(|&c| ends_name(c))
    }

    /// The escaped states, entered after `<!--` with the two dashes seen, at `from`.
    fn escaped_script(&self, from: usize) -> Escape {
        #[derive(Clone, Copy, PartialEq)]
        enum S {
            Escaped,
            Dash,
            DashDash,
            Double,
            DoubleDash,
            DoubleDashDash,
        }
        let b = self.b;
        let len = b.len();
        let mut s = S::DashDash;
        let mut i = from;
        while i < len {
            let c = b[i];
            match s {
                S::Escaped | S::Dash | S::DashDash => match c {
                    b'-' => {
                        s = if s == S::Escaped {
                            S::Dash
                        } else {
                            S::DashDash
                        };
                        i += 1;
                    }
                    b'>' if s == S::DashDash => return Escape::Unescaped(i + 1),
                    b'<' => {
                        if self.is_script_end_tag(i) {
                            return Escape::End(i);
                        }
                        match b.get(i + 1).copied() {
                            Some(b'/') => {
                                // An end tag other than `</script`: its letters are text.
                                i += 2;
                                while i < len && b[i].is_ascii_alphabetic() {
                                    i += 1;
                                }
                                s = S::Escaped;
                            }
                            Some(l) if l.is_ascii_alphabetic() => {
                                let start = i + 1;
                                i = start;
                                while i < len && b[i].is_ascii_alphabetic() {
                                    i += 1;
                                }
                                let word = &b[start..i];
                                match b.get(i).copied() {
                                    Some(d) if ends_name(d) => {
                                        s = if word.eq_ignore_ascii_case(b"script") {
                                            S::Double
                                        } else {
                                            S::Escaped
                                        };
                                        i += 1;
                                    }
                                    _ => s = S::Escaped,
                                }
                            }
                            _ => {
                                s = S::Escaped;
                                i += 1;
                            }
                        }
                    }
                    _ => {
                        s = S::Escaped;
                        i += 1;
                    }
                },
                S::Double | S::DoubleDash | S::DoubleDashDash => match c {
                    b'-' => {
                        s = if s == S::Double {
                            S::DoubleDash
                        } else {
                            S::DoubleDashDash
                        };
                        i += 1;
                    }
                    b'>' if s == S::DoubleDashDash => return Escape::Unescaped(i + 1),
                    b'<' => {
                        i += 1;
                        s = S::Double;
                        if b.get(i) == Some(&b'/') {
                            i += 1;
                            let start = i;
                            while i < len && b[i].is_ascii_alphabetic() {
                                i += 1;
                            }
                            let word = &b[start..i];
                            if b.get(i).is_some_and(|&d| ends_name(d)) {
                                if word.eq_ignore_ascii_case(b"script") {
                                    s = S::Escaped;
                                }
                                i += 1;
                            }
                        }
                    }
                    _ => {
                        s = S::Double;
                        i += 1;
                    }
                },
            }
        }
        Escape::End(len)
    }

    /// `<!` at `at`: a comment, a DOCTYPE, CDATA in foreign content, or a bogus comment.
    fn markup_declaration(&mut self, at: usize) {
        let b = self.b;
        if b.get(at + 2..at + 4) == Some(b"--") {
            self.comment(at + 4);
        } else if b
            .get(at + 2..at + 9)
            .is_some_and(|t| t.eq_ignore_ascii_case(b"doctype"))
        {
            self.doctype(at);
        } else if b.get(at + 2..at + 9) == Some(b"[CDATA[")
            && self
                .sink
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            let from = at + 9;
            let end = memchr::memmem::find(b.get(from..).unwrap_or_default(), b"]]>")
                .map(|off| from + off);
            let to = end.unwrap_or(b.len());
            self.text(self.slice(from, to));
            self.pos = end.map_or(b.len(), |e| e + 3);
        } else {
            self.bogus_comment(at + 2);
        }
    }

    /// A comment whose data starts at `from` (just after `<!--`).
    fn comment(&mut self, from: usize) {
        let b = self.b;
        let len = b.len();
        // `<!-->` and `<!--->` are empty comments.
        if b.get(from) == Some(&b'>') {
            self.pos = from + 1;
            self.emit_comment("");
            return;
        }
        if b.get(from..from + 2) == Some(b"->") {
            self.pos = from + 2;
            self.emit_comment("");
            return;
        }
        let mut at = from;
        while let Some(off) = memchr::memmem::find(b.get(at..).unwrap_or_default(), b"--") {
            let dashes = at + off;
            match b.get(dashes + 2) {
                Some(b'>') => {
                    self.pos = dashes + 3;
                    self.emit_comment(self.slice(from, dashes));
                    return;
                }
                Some(b'!') if b.get(dashes + 3) == Some(&b'>') => {
                    self.pos = dashes + 4;
                    self.emit_comment(self.slice(from, dashes));
                    return;
                }
                _ => at = dashes + 1,
            }
        }
        // The input ends in the comment: a trailing `--!`, or up to two dashes, were the
        // start of an end that never came.
        let mut data = self.slice(from, len);
        if let Some(d) = data.strip_suffix("--!") {
            data = d;
        } else {
            for _ in 0..2 {
                data = data.strip_suffix('-').unwrap_or(data);
            }
        }
        self.pos = len;
        self.emit_comment(data);
    }

    fn emit_comment(&self, data: &str) {
        let _ = self.emit(CommentToken(StrTendril::from_slice(data)));
    }

    /// A bogus comment: its data runs from `from` to the next `>`.
    fn bogus_comment(&mut self, from: usize) {
        let b = self.b;
        let end = memchr::memchr(b'>', b.get(from..).unwrap_or_default()).map(|off| from + off);
        let to = end.unwrap_or(b.len());
        self.pos = end.map_or(b.len(), |e| e + 1);
        self.emit_comment(self.slice(from, to));
    }

    /// A DOCTYPE ends at the first `>`, quoted or not; html5ever tokenizes its few bytes.
    fn doctype(&mut self, at: usize) {
        let b = self.b;
        let end = memchr::memchr(b'>', b.get(at..).unwrap_or_default()).map(|off| at + off + 1);
        let to = end.unwrap_or(b.len());
        let snippet = self.slice(at, to);
        self.pos = to;
        let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(snippet));
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        for token in tokenizer.sink.0.take() {
            if let DoctypeToken(_) = token {
                let _ = self.emit(token);
            }
        }
    }
}

/// Where the escaped states of script data led.
enum Escape {
    /// The script ends at this index (its `</script` end tag, or the end of the input).
    End(usize),
    /// Back in plain script data at this index.
    Unescaped(usize),
}

/// Collects the tokens html5ever's own tokenizer emits for a DOCTYPE.
#[derive(Default)]
struct Collect(RefCell<Vec<Token>>);

impl TokenSink for Collect {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        self.0.borrow_mut().push(token);
        TokenSinkResult::Continue
    }
}

/// The interned, ASCII-lowercased name (tag and attribute names are case-insensitive).
fn lower(s: &str) -> LocalName {
    if s.bytes().any(|c| c.is_ascii_uppercase()) {
        LocalName::from(s.to_ascii_lowercase())
    } else {
        LocalName::from(s)
    }
}

/// An attribute value with its character references decoded.
fn attr_value(raw: &str) -> StrTendril {
    if !raw.contains('&') {
        return StrTendril::from_slice(raw);
    }
    let mut out = String::with_capacity(raw.len());
    decode_refs(raw, true, &mut out);
    StrTendril::from_slice(&out)
}

/// Appends `raw` to `out` with its character references decoded.
fn decode_refs(raw: &str, in_attribute: bool, out: &mut String) {
    let b = raw.as_bytes();
    let mut from = 0;
    while let Some(off) = memchr::memchr(b'&', b.get(from..).unwrap_or_default()) {
        let at = from + off;
        out.push_str(raw.get(from..at).unwrap_or_default());
        from = char_ref(raw, at, in_attribute, out);
    }
    out.push_str(raw.get(from..).unwrap_or_default());
}

/// The character reference at `at` (an `&`), decoded into `out` as html5ever decodes it;
/// returns the index after what it consumed. What is not a reference stays as written.
fn char_ref(s: &str, at: usize, in_attribute: bool, out: &mut String) -> usize {
    let b = s.as_bytes();
    match b.get(at + 1).copied() {
        Some(c) if c.is_ascii_alphanumeric() => {
            // The longest name in the table; the table also holds every prefix of a name
            // (with no value), which tells when to stop looking.
            let mut end = at + 1;
            let mut best: Option<(usize, (u32, u32))> = None;
            while end < b.len() && b[end].is_ascii() {
                let Some(&m) = s.get(at + 1..=end).and_then(|n| NAMED_ENTITIES.get(n)) else {
                    break;
                };
                if m.0 != 0 {
                    best = Some((end + 1, m));
                }
                end += 1;
            }
            let Some((stop, (c1, c2))) = best else {
                out.push('&');
                return at + 1;
            };
            let last = b[stop - 1];
            let next = b.get(stop).copied();
            // In attributes, `&amp=` and `&ampx` stay as written, for historical reasons.
            if in_attribute
                && last != b';'
                && next.is_some_and(|n| n == b'=' || n.is_ascii_alphanumeric())
            {
                out.push_str(s.get(at..stop).unwrap_or_default());
                return stop;
            }
            out.extend(char::from_u32(c1));
            if c2 != 0 {
                out.extend(char::from_u32(c2));
            }
            stop
        }
        Some(b'#') => {
            let mut i = at + 2;
            let base = match b.get(i) {
                Some(b'x' | b'X') => {
                    i += 1;
                    16
                }
                _ => 10,
            };
            let digits_from = i;
            let mut num: u32 = 0;
            let mut too_big = false;
            while let Some(d) = b.get(i).and_then(|&c| char::from(c).to_digit(base)) {
                num = num.wrapping_mul(base);
                if num > 0x10FFFF {
                    too_big = true;
                }
                num = num.wrapping_add(d);
                i += 1;
            }
            if i == digits_from {
                out.push('&');
                return at + 1;
            }
            if b.get(i) == Some(&b';') {
                i += 1;
            }
            let c = match num {
                n if n > 0x10FFFF || too_big => '\u{FFFD}',
                0x00 | 0xD800..=0xDFFF => '\u{FFFD}',
                0x80..=0x9F => C1_REPLACEMENTS[(num - 0x80) as usize]
                    .or_else(|| char::from_u32(num))
                    .unwrap_or('\u{FFFD}'),
                n => char::from_u32(n).unwrap_or('\u{FFFD}'),
            };
            out.push(c);
            i
        }
        _ => {
            out.push('&');
            at + 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(s: &str, attr: bool) -> String {
        let mut out = String::new();
        decode_refs(s, attr, &mut out);
        out
    }

    #[test]
    fn newlines_are_normalized_once() {
        assert_eq!(normalize_newlines("a\r\nb\rc\r\r\nd\r"), "a\nb\nc\n\nd\n");
        assert_eq!(normalize_newlines("\r\n\r\n"), "\n\n");
    }

    #[test]
    fn character_references_decode_as_the_spec_says() {
        assert_eq!(decoded("a &amp; b", false), "a & b");
        assert_eq!(decoded("&copy 2024", false), "© 2024");
        assert_eq!(decoded("&notit;", false), "¬it;");
        assert_eq!(decoded("&#65;&#x42;&#X43", false), "ABC");
        assert_eq!(decoded("&#150;", false), "–");
        assert_eq!(
            decoded("&#0; &#xD800; &#x110000;", false),
            "\u{FFFD} \u{FFFD} \u{FFFD}"
        );
        assert_eq!(decoded("&# &#x; &bogus; &", false), "&# &#x; &bogus; &");
        assert_eq!(decoded("?a=1&amp=2&copy", true), "?a=1&amp=2©");
        assert_eq!(decoded("&ampx &amp;x", true), "&ampx &x");
        assert_eq!(
            decoded("&NotNestedGreaterGreater;", false),
            "\u{2AA2}\u{338}"
        );
    }
}
