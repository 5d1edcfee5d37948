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

/// Recognises binary data that has no signature: compressed bytes served without their
/// `Content-Encoding` (Brotli and raw deflate have no magic number), encrypted or random data.
/// Markup in any ASCII-compatible encoding has almost no C0 control bytes besides whitespace,
/// while such data has one in ten; the first 8 KiB decide. NUL is not counted, and input
/// with many NULs is left alone: that is UTF-16 (whose high bytes are often controls: U+0400
/// is `04 00`), or HTML with stray NULs, both for the decoder and the parser to handle.
pub(crate) fn binary_content(bytes: &[u8]) -> Option<&'static str> {
    const SAMPLE: usize = 8 << 10;
    let sample = bytes.get(..SAMPLE).unwrap_or(bytes);
    // Two counting passes rather than one `match`: each compiles to a vectorized loop.
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    let controls = sample
        .iter()
        // Whitespace (\t \n \x0C \r) and ESC (ISO-2022-JP) are text.
        .filter(|&&b| matches!(b, 0x01..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F))
        .count();
    (controls >= 16 && controls * 25 > sample.len() && nuls * 10 < sample.len())
        .then_some("binary data (control bytes)")
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

    #[test]
    fn sniffs_control_bytes() {
        // Pseudo-random bytes (an LCG): about one in ten is a control byte.
        let mut x = 1u32;
        let random: Vec<u8> = (0..4096)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        assert!(binary_content(&random).is_some());
        assert_eq!(
            binary_content(b"<p>Plain \x1b$B text\x1b(B\r\n\t</p>"),
            None
        );
        // UTF-16LE Cyrillic without a BOM: controls in every high byte, but NULs too.
        let utf16: Vec<u8> = "<p>Привет, мир</p>"
            .repeat(50)
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(binary_content(&utf16), None);
        assert_eq!(binary_content(b""), None);
    }
}
