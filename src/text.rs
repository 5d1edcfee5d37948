//! Small text helpers shared by the stages: whitespace collapsing, character classes, and
//! the binary-input sniff that runs before decoding.

/// Appends `s` to `out` with whitespace runs collapsed to one space and the ends trimmed.
pub(crate) fn collapse_into(s: &str, out: &mut String) {
    let mut first = true;
    for w in s.split_whitespace() {
        if !first {
            out.push(' ');
        }
        out.push_str(w);
        first = false;
    }
}

/// Characters of `s` that are not whitespace.
pub(crate) fn visible_chars(s: &str) -> u32 {
    s.chars().filter(|c| !c.is_whitespace()).count() as u32
}

/// Sentence and clause punctuation in Latin, CJK and Arabic scripts: prose has it, menus
/// and buttons rarely do.
pub(crate) fn is_sentence_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '。'
            | '，'
            | '、'
            | '！'
            | '？'
            | '；'
            | '：'
            | '،'
            | '؛'
            | '؟'
    )
}

/// Recognises binary formats by their magic bytes, so they fail fast with a clear error.
pub(crate) fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x1F\x8B", "gzip-compressed data"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"RIFF", "a RIFF (WebP/AVI/WAV) file"),
        (b"\x00\x00\x00", "binary data"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, what)| *what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses() {
        let mut out = String::from("x:");
        collapse_into("  a \n\t b  ", &mut out);
        assert_eq!(out, "x:a b");
    }

    #[test]
    fn sniffs_binary() {
        assert_eq!(binary_signature(b"%PDF-1.7"), Some("a PDF document"));
        assert_eq!(binary_signature(b"<html>"), None);
    }
}
