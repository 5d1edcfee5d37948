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

/// Byte offset of the first whitespace character of `s` (`char::is_whitespace`), or its
/// length. ASCII bytes are tested directly; only non-ASCII characters are decoded. The
/// reference [`spaced_words_end`] is tested against.
#[cfg(test)]
fn first_whitespace(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c < 0x80 {
            if matches!(c, b' ' | b'\t'..=b'\r') {
                return i;
            }
            i += 1;
        } else {
            let Some(ch) = s.get(i..).and_then(|r| r.chars().next()) else {
                return b.len();
            };
            if ch.is_whitespace() {
                return i;
            }
            i += ch.len_utf8();
        }
    }
    b.len()
}

/// The end of the words at the start of `s` that single ASCII spaces separate (`"one two
/// three"` up to a double space, a tab or a non-ASCII character after a space), and how many
/// such spaces it holds. Whitespace collapsing leaves this stretch as it is, so it is copied
/// in one piece: word by word, the copies were most of the blocks stage's walk.
///
/// The words end where [`first_whitespace`] would end them; printable ASCII, most of any
/// text, is passed with one comparison a byte.
pub(crate) fn spaced_words_end(s: &str) -> (usize, usize) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut spaces = 0;
    loop {
        while b.get(i).is_some_and(|c| c.wrapping_sub(0x21) < 0x5e) {
            i += 1;
        }
        let Some(&c) = b.get(i) else {
            return (i, spaces);
        };
        if c == b' ' {
            if b.get(i + 1).is_some_and(|&n| n > b' ' && n < 0x80) {
                spaces += 1;
                i += 1;
                continue;
            }
            return (i, spaces);
        }
        if c < 0x80 {
            // Tab, line feed, vertical tab, form feed, carriage return; other controls and
            // DEL are no whitespace.
            if matches!(c, b'\t'..=b'\r') {
                return (i, spaces);
            }
            i += 1;
            continue;
        }
        match s.get(i..).and_then(|r| r.chars().next()) {
            Some(ch) if !ch.is_whitespace() => i += ch.len_utf8(),
            _ => return (i, spaces),
        }
    }
}

/// `s.trim_start()`, with ASCII whitespace skipped a byte at a time: the standard one decodes
/// every character, and text nodes are mostly ASCII.
pub(crate) fn trim_start(s: &str) -> &str {
    let skip = s
        .bytes()
        .position(|c| !matches!(c, b' ' | b'\t'..=b'\r'))
        .unwrap_or(s.len());
    let rest = s.get(skip..).unwrap_or_default();
    // A non-ASCII character may be whitespace too (NBSP, ideographic space).
    if rest.as_bytes().first().is_some_and(|&c| c >= 0x80) {
        rest.trim_start()
    } else {
        rest
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

/// Word and sentence-punctuation counts of a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Words as Unicode word segmentation (UAX #29) finds them: `unicode_words().count()`.
    pub(crate) words: u32,
    /// Characters for which [`is_sentence_punct`] holds.
    pub(crate) punct: u32,
}

// Byte classes for the ASCII word scan, named after the UAX #29 word-break properties.
/// Anything that ends a word: symbols, control characters.
const OTHER: u8 = 0;
/// ALetter.
const LETTER: u8 = 1;
/// Numeric.
const DIGIT: u8 = 2;
/// ExtendNumLet (`_`): joins words but is not alphanumeric itself.
const EXTEND: u8 = 3;
/// MidLetter (`:`): joins two letters.
const MID_LETTER: u8 = 4;
/// MidNum (`,` `;`): joins two digits.
const MID_NUM: u8 = 5;
/// MidNumLet and Single_Quote (`.` `'`): join two letters or two digits.
const MID_BOTH: u8 = 6;
/// ASCII whitespace: a word boundary, and where the text may be cut into pieces.
const SPACE: u8 = 7;
/// `!` `?`: end a word, count as punctuation.
const PUNCT: u8 = 8;
/// The lead or continuation byte of a non-ASCII character.
const NON_ASCII: u8 = 9;

/// Non-ASCII punctuation common in Latin-script prose, with the byte class its UAX #29
/// word-break property behaves as (none is sentence punctuation for [`is_sentence_punct`]).
const TYPOGRAPHIC: &[(&str, u8, &str)] = &[
    (
        "\u{2019}",
        MID_BOTH,
        "right single quote, the typographic apostrophe: MidNumLet",
    ),
    ("\u{2018}", MID_BOTH, "left single quote: MidNumLet"),
    ("\u{201c}", OTHER, "left double quote: Other"),
    ("\u{201d}", OTHER, "right double quote: Other"),
    ("\u{2013}", OTHER, "en dash: Other"),
    ("\u{2014}", OTHER, "em dash: Other"),
    (
        "\u{2026}",
        OTHER,
        "ellipsis: Other (unlike the one-dot leader U+2024)",
    ),
];

static CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => DIGIT,
            b'_' => EXTEND,
            b':' => MID_LETTER,
            b',' | b';' => MID_NUM,
            b'.' | b'\'' => MID_BOTH,
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => SPACE,
            b'!' | b'?' => PUNCT,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

/// Counts the words and the sentence punctuation of `s` in one pass over its bytes, with the
/// same results as `s.unicode_words().count()` and a [`is_sentence_punct`] filter.
///
/// Word segmentation of a whole block character by character was the largest cost of the
/// blocks stage. Segmentation always breaks on both sides of an ASCII whitespace byte that is
/// followed by another ASCII byte (no UAX #29 rule joins across it, and only non-ASCII
/// Extend, Format and ZWJ characters attach to a preceding space), so the text is cut there
/// into pieces: ASCII pieces are counted by a byte-class scan of the ASCII subset of the rules
/// (WB5–WB13b), the others by the full segmenter. Prose in Latin scripts is mostly ASCII
/// pieces; text without spaces (CJK) is one piece, as before.
pub(crate) fn counts(s: &str) -> Counts {
    use unicode_segmentation::UnicodeSegmentation;

    let b = s.as_bytes();
    let n = b.len();
    let (mut words, mut punct) = (0u32, 0u32);
    // The piece being scanned starts at `start`; the counts before it are kept so that a
    // non-ASCII piece can be recounted by the segmenter.
    let (mut start, mut words_before, mut punct_before) = (0usize, 0u32, 0u32);
    // Inside a run of letters, digits and `_` (and the mid characters joining them), and
    // whether the run has a letter or a digit (a run of `_` alone is not a word).
    let (mut in_word, mut alnum) = (false, false);
    let class = |i: usize| b.get(i).map_or(OTHER, |&c| CLASS[usize::from(c)]);
    let mut i = 0;
    while i < n {
        let c = class(i);
        match c {
            LETTER | DIGIT => {
                in_word = true;
                alnum = true;
                // The rest of the run, without the dispatch.
                i += 1;
                while b
                    .get(i)
                    .is_some_and(|&c| matches!(CLASS[usize::from(c)], LETTER | DIGIT))
                {
                    i += 1;
                }
                continue;
            }
            EXTEND => {
                if !in_word {
                    in_word = true;
                    alnum = false;
                }
            }
            MID_LETTER | MID_NUM | MID_BOTH => {
                punct += u32::from(b[i] != b'\'');
                // WB6/WB7 and WB11/WB12: the same class on both sides.
                let before = if i > 0 { class(i - 1) } else { OTHER };
                let joins = before == class(i + 1)
                    && match before {
                        LETTER => c != MID_NUM,
                        DIGIT => c != MID_LETTER,
                        _ => false,
                    };
                if !joins {
                    words += u32::from(in_word && alnum);
                    in_word = false;
                }
            }
            SPACE => {
                words += u32::from(in_word && alnum);
                in_word = false;
                if b.get(i + 1).is_none_or(|&next| next < 0x80) {
                    start = i + 1;
                    words_before = words;
                    punct_before = punct;
                }
            }
            NON_ASCII => {
                // Typographic quotes and dashes before ASCII text have the word-break class
                // of an ASCII character (nothing can attach to them): English prose is full
                // of them, and each one sent its whole piece to the segmenter.
                let typographic = TYPOGRAPHIC.iter().find(|(t, _, _)| {
                    b.get(i..i + t.len()) == Some(t.as_bytes())
                        && b.get(i + t.len()).is_none_or(|&next| next < 0x80)
                });
                if let Some(&(t, wb, _)) = typographic {
                    let after = i + t.len();
                    // WB6/WB7 and WB11/WB12, as for the ASCII mid characters.
                    let before = if i > 0 { class(i - 1) } else { OTHER };
                    let joins = wb == MID_BOTH
                        && before == class(after)
                        && matches!(before, LETTER | DIGIT);
                    if !joins {
                        words += u32::from(in_word && alnum);
                        in_word = false;
                    }
                    i = after;
                    continue;
                }
                // Recount the whole piece, up to the next cut, with the full rules.
                let mut end = i + 1;
                while end < n
                    && !(CLASS[usize::from(b[end])] == SPACE
                        && b.get(end + 1).is_none_or(|&next| next < 0x80))
                {
                    end += 1;
                }
                end = (end + 1).min(n);
                let piece = s.get(start..end).unwrap_or_default();
                words = words_before + piece.unicode_words().count() as u32;
                punct =
                    punct_before + piece.chars().filter(|&c| is_sentence_punct(c)).count() as u32;
                in_word = false;
                start = end;
                words_before = words;
                punct_before = punct;
                i = end;
                continue;
            }
            PUNCT => {
                punct += 1;
                words += u32::from(in_word && alnum);
                in_word = false;
            }
            _ => {
                words += u32::from(in_word && alnum);
                in_word = false;
            }
        }
        i += 1;
    }
    words += u32::from(in_word && alnum);
    Counts { words, punct }
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

/// Bytes of `s` that are not ASCII whitespace (`u8::is_ascii_whitespace`), counted with
/// comparisons the compiler vectorizes: this runs over every text node of the page.
pub(crate) fn non_whitespace_bytes(s: &str) -> usize {
    let ws = count_bytes(s.as_bytes(), |b| {
        (b == b' ') | (b == b'\t') | (b == b'\n') | (b == 0x0C) | (b == b'\r')
    });
    s.len() - ws
}

/// Bytes of `bytes` for which `f` holds. Counting into a byte per chunk of 255 lets the loop
/// run on whole vector registers of bytes; a `usize` count widens every lane.
fn count_bytes(bytes: &[u8], f: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|c| {
            let n = c.iter().fold(0u8, |n, &b| n.wrapping_add(u8::from(f(b))));
            usize::from(n)
        })
        .sum()
}

/// `matches!(b, 0x01..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F)` written as
/// comparisons and arithmetic, which the compiler vectorizes (the range match became a bit
/// test per byte).
#[inline]
fn is_control(b: u8) -> bool {
    let c0 = b.wrapping_sub(1) < 0x1F;
    let text = (b == b'\t') | (b == b'\n') | (b == 0x0C) | (b == b'\r') | (b == 0x1B);
    (c0 & !text) | (b == 0x7F)
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
    let nuls = count_bytes(sample, |b| b == 0);
    // Whitespace (\t \n \x0C \r) and ESC (ISO-2022-JP) are text.
    let controls = count_bytes(sample, is_control);
    (controls >= 16 && controls * 25 > sample.len() && nuls * 10 < sample.len())
        .then_some("binary data (control bytes)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_words_end_agrees_with_word_by_word_runs() {
        // The stretch as runs of `first_whitespace`, joined at single spaces.
        let reference = |s: &str| {
            let b = s.as_bytes();
            let mut end = first_whitespace(s);
            let mut spaces = 0;
            while b.get(end) == Some(&b' ') && b.get(end + 1).is_some_and(|&c| c > b' ' && c < 0x80)
            {
                let next = end + 1;
                end = next + s.get(next..).map_or(0, first_whitespace);
                spaces += 1;
            }
            (end, spaces)
        };
        const PIECES: &[&str] = &[
            "a", "Word", ".", " ", "  ", "\t", "\n", "\x0b", "\x0c", "\r", "\u{a0}", "\u{7f}",
            "\u{1}", "\u{1f}", "é", "日本", "\u{3000}", "\u{85}", "\u{2028}", "~", "!",
        ];
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..50_000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for k in 0..(x % 10) {
                s.push_str(PIECES[((x >> (5 * k + 4)) as usize) % PIECES.len()]);
            }
            assert_eq!(spaced_words_end(&s), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn spaced_words_end_stops_at_any_other_whitespace() {
        for (s, expected) in [
            ("", (0, 0)),
            ("a", (1, 0)),
            ("one two three", (13, 2)),
            ("one two  three", (7, 1)),
            ("one two\tthree", (7, 1)),
            ("one two\nthree", (7, 1)),
            ("one \u{a0}two", (3, 0)),
            ("one \u{e9}t\u{e9}", (3, 0)),
            ("\u{e9}t\u{e9} two", (9, 1)),
            ("one \x01two", (3, 0)),
            ("one two ", (7, 1)),
            ("a\u{3000}b c", (1, 0)),
        ] {
            assert_eq!(spaced_words_end(s), expected, "{s:?}");
        }
    }

    #[test]
    fn trim_start_agrees_with_std() {
        for t in [
            "",
            " ",
            "a",
            "  a b ",
            "\t\n\x0b\x0c\r x",
            "\u{a0} x",
            " \u{3000}\u{a0} y",
            "\x1c x",
            " é",
            "\u{85}z",
            "  \u{200b}x",
        ] {
            assert_eq!(trim_start(t), t.trim_start(), "{t:?}");
        }
    }

    #[test]
    fn finds_first_whitespace() {
        for s in [
            "",
            "abc",
            "ab c",
            "a\u{a0}b",
            "\u{3000}x",
            "日本\u{2009}語",
            "x\x0b",
            "é\u{85}",
        ] {
            let expected = s.find(char::is_whitespace).unwrap_or(s.len());
            assert_eq!(first_whitespace(s), expected, "{s:?}");
        }
    }

    #[test]
    fn collapses() {
        let mut out = String::from("x:");
        collapse_into("  a \n\t b  ", &mut out);
        assert_eq!(out, "x:a b");
    }

    /// The slow path [`counts`] must agree with.
    fn reference(s: &str) -> Counts {
        use unicode_segmentation::UnicodeSegmentation;
        Counts {
            words: s.unicode_words().count() as u32,
            punct: s.chars().filter(|&c| is_sentence_punct(c)).count() as u32,
        }
    }

    #[test]
    fn counts_words_and_punctuation() {
        for s in [
            "",
            " ",
            "Hello, world.",
            "e.g. 3.14 and 1,000,000; a:b a'b 1'2 a.1 1.a __ _a a_ a_1 x_.y",
            "l'été — 3,5 % des « mots » ; can’t stop",
            "“Don’t,” she said—twice… ‘a’b 1’2 ’a a’ “”–",
            "日本語のテキスト、句読点。",
            "a \u{301}b \u{93e} x\u{200d}\u{1f44d} \u{1f1eb}\u{1f1f7} \u{ad}soft",
            "tab\tsep\nline\r\nbreak  double  space",
        ] {
            assert_eq!(counts(s), reference(s), "{s:?}");
        }
    }

    #[test]
    fn counts_agree_with_unicode_segmentation_on_random_text() {
        // Characters of every class the ASCII scan distinguishes, and non-ASCII ones that
        // interact with them: extenders and format characters after spaces, letters of
        // other scripts, mid characters outside ASCII, spaces that are not ASCII.
        const ALPHABET: &[char] = &[
            'a',
            'Z',
            'q',
            '0',
            '7',
            '_',
            ':',
            ',',
            ';',
            '.',
            '\'',
            '"',
            '!',
            '?',
            '-',
            '/',
            ' ',
            ' ',
            ' ',
            '\t',
            '\n',
            '\r',
            '\x0b',
            '\x0c',
            '#',
            'é',
            'ß',
            '\u{301}',
            '\u{93e}',
            '\u{915}',
            '\u{200d}',
            '\u{200b}',
            '\u{ad}',
            '\u{2060}',
            '\u{a0}',
            '\u{3000}',
            '\u{2019}',
            '\u{2018}',
            '\u{201c}',
            '\u{201d}',
            '\u{2013}',
            '\u{2014}',
            '\u{2026}',
            '\u{2024}',
            '\u{b7}',
            '\u{ff0e}',
            '中',
            '。',
            '，',
            'ア',
            'ー',
            'あ',
            'א',
            '\u{5f4}',
            '\u{1f1eb}',
            '\u{1f44d}',
            '\u{1f3fb}',
            '٣',
            '،',
            '\u{85}',
            '\u{2028}',
            '\u{fe00}',
            '\u{e0061}',
        ];
        const TYPOGRAPHIC_CHARS: &[char] = &[
            '\u{2019}', '\u{2018}', '\u{201c}', '\u{201d}', '\u{2013}', '\u{2014}', '\u{2026}',
            '\u{2024}',
        ];
        for (t, _, _) in TYPOGRAPHIC {
            assert!(t.chars().all(|c| TYPOGRAPHIC_CHARS.contains(&c)), "{t:?}");
        }
        let mut x = 0x2545_f491_u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut s = String::new();
        for _ in 0..200_000 {
            s.clear();
            let len = next() % 24;
            // ASCII strings, ASCII with typographic punctuation only (which the scan
            // classifies itself), and mixed ones.
            let mode = next() % 3;
            for _ in 0..len {
                let r = usize::try_from(next()).unwrap_or(0);
                let c = match mode {
                    0 => ALPHABET[r % 25],
                    1 if r % 4 == 0 => TYPOGRAPHIC_CHARS[r / 4 % TYPOGRAPHIC_CHARS.len()],
                    1 => ALPHABET[r % 25],
                    _ => ALPHABET[r % ALPHABET.len()],
                };
                s.push(c);
            }
            assert_eq!(counts(&s), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn counts_non_whitespace_bytes() {
        let all: String = (0u8..128).map(char::from).cycle().take(700).collect();
        for s in ["", " \t\n\x0c\r", "a b\u{a0}c\x0b", all.as_str()] {
            let expected = s.bytes().filter(|b| !b.is_ascii_whitespace()).count();
            assert_eq!(non_whitespace_bytes(s), expected, "{s:?}");
        }
    }

    #[test]
    fn control_bytes() {
        for b in 0..=u8::MAX {
            let expected = matches!(b, 0x01..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F);
            assert_eq!(is_control(b), expected, "{b:#x}");
        }
        let all: Vec<u8> = (0..=u8::MAX).cycle().take(1000).collect();
        assert_eq!(
            count_bytes(&all, is_control),
            all.iter().filter(|&&b| is_control(b)).count()
        );
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
