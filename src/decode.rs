//! Stage 1 of the pipeline: raw bytes in, a UTF-8 `String` out.
//!
//! Why this stage exists: html5ever only parses `&str` (UTF-8), while the web
//! serves every charset there is: UTF-8 mostly, but also windows-1252 and the
//! ISO-8859 family, Shift_JIS, EUC-JP, GBK/GB18030, Big5, EUC-KR, KOI8, and so
//! on. The labels are often missing or wrong. The encoding is chosen in this
//! order of trust, and the answer records which step decided it
//! ([`EncodingSource`]):
//!
//! 1. **Byte-order mark** (UTF-8, UTF-16LE, UTF-16BE). A BOM is never wrong, so
//!    it wins over any label. It is removed from the text.
//! 2. **The caller's hint**, usually the charset from an HTTP `Content-Type`
//!    header. It can be a bare label (`"ISO-8859-1"`) or a whole header value
//!    (`"text/html; charset=Shift_JIS"`). Labels we do not know are ignored,
//!    and so are those of the WHATWG "replacement" encoding (ISO-2022-KR,
//!    HZ...), which would turn the whole page into a single U+FFFD. A UTF-16
//!    hint is used only if the bytes really look like BOM-less UTF-16.
//! 3. **An in-document declaration**: `<meta charset=...>` or
//!    `<meta http-equiv="Content-Type" content="...; charset=...">`, found
//!    with the WHATWG "prescan a byte stream to determine its encoding"
//!    algorithm (comments skipped, other tags' attributes skipped so that a
//!    `>` in a quoted value does not end a tag, all three quoting styles,
//!    case-insensitive). As in the spec only the first 1024 bytes are
//!    scanned, but if that finds nothing and the bytes are not valid UTF-8,
//!    the scan is widened to 64 KiB, because real pages often put the meta
//!    after long head scripts. If no meta is found, an XML declaration
//!    (`<?xml version="1.0" encoding="..."?>`) at the start is accepted.
//!    As the spec says, a meta naming UTF-16 means UTF-8 (the bytes we just
//!    read as ASCII cannot be UTF-16), and `x-user-defined` means
//!    windows-1252.
//! 4. **Detection.** Bytes that are valid UTF-8 are UTF-8 (reported as
//!    [`EncodingSource::Default`] when they are pure ASCII, since then every
//!    ASCII-compatible encoding gives the same text). Bytes that are
//!    UTF-8 except for a few stray bytes (or a sequence cut off at the end)
//!    are decoded as UTF-8 too. BOM-less UTF-16 is recognised by its NUL
//!    bytes. Anything else goes to `chardetng`, the detector Firefox uses;
//!    when its guess is an exotic single-byte encoding but the page's only
//!    non-ASCII bytes are windows-1252 symbols (£, §, ’...), windows-1252 is
//!    used instead.
//! 5. **windows-1252**, the web's historical default, if all else fails.
//!
//! Real pages are often labelled wrongly, so two rules can overrule a label:
//!
//! * A page labelled with a legacy encoding (windows-1252, ISO-8859-x, but
//!   also GBK, Shift_JIS...) whose bytes are entirely valid UTF-8 (allowing
//!   for a character cut off at the very end) and contain multi-byte
//!   sequences is decoded as UTF-8 (source `Detected`). Text in a
//!   legacy encoding practically never happens to be valid UTF-8 once it has
//!   non-ASCII characters, while templates that keep an old
//!   `charset=iso-8859-1` after the site moved to UTF-8 are common.
//! * A page labelled UTF-8 whose non-ASCII bytes contain not a single valid
//!   UTF-8 sequence is handed to the detector (source `Detected`): reading it
//!   as UTF-8 would only turn every accented letter into U+FFFD.
//!
//! Malformed sequences in the chosen encoding become U+FFFD. The function is
//! total: it never panics, whatever the input.
//!
//! Cost: one UTF-8 validation of the whole input (fast, SIMD in `std`), a scan
//! of at most 1024 bytes (64 KiB for non-UTF-8 input) for a declaration, and
//! one copy into the output `String`. The detector, which is slow (about
//! 10 MB/s), only runs on input that is not UTF-8, and is fed only the
//! surroundings of non-ASCII bytes, 64 KiB at most.

use std::borrow::Cow;

use encoding_rs::{Encoding, ISO_2022_JP, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

/// Bytes the WHATWG prescan looks at.
const PRESCAN_LIMIT: usize = 1024;
/// Bytes the prescan looks at when the first 1024 had no declaration and the
/// input is not valid UTF-8.
const EXTENDED_PRESCAN_LIMIT: usize = 64 * 1024;
/// Bytes of ASCII kept on each side of non-ASCII bytes when feeding the
/// detector (see [`feed_detector`]).
const DETECT_CONTEXT: usize = 32;
/// At most this many bytes are fed to the detector: plenty for a guess, and
/// it bounds the cost (chardetng runs at about 10 MB/s) on huge inputs.
const DETECT_BUDGET: usize = 64 * 1024;
/// Bytes looked at to recognise UTF-16 without a BOM.
const UTF16_SNIFF_LIMIT: usize = 1024;

/// Where the encoding decision came from: which step of the order of trust
/// (see the module documentation) chose [`Decoded::encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EncodingSource {
    /// A byte-order mark at the start of the input.
    Bom,
    /// The caller's hint (e.g. the HTTP `Content-Type` charset).
    Caller,
    /// A `<meta>` charset declaration or an XML declaration in the document.
    Meta,
    /// Inferred from the bytes: UTF-8 validity, UTF-16 NUL patterns, or
    /// `chardetng`; also when a label was overruled by the bytes.
    Detected,
    /// Nothing to go on: pure-ASCII input without a declaration (decoded as
    /// UTF-8), or the windows-1252 fallback.
    Default,
}

/// The result of [`decode`].
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    /// The decoded text, BOM stripped, malformed sequences replaced by U+FFFD. Borrowed from
    /// the input when the input already is that text (valid UTF-8, most pages): copying it
    /// cost as much as validating it.
    pub(crate) text: Cow<'a, str>,
    /// The encoding the text was decoded with.
    pub(crate) encoding: &'static Encoding,
    /// Which step of the order of trust chose `encoding`.
    // Not surfaced in `Article` yet; tests assert on it and the planned decision report
    // (why this encoding) will read it.
    #[allow(dead_code)]
    pub(crate) source: EncodingSource,
}

/// Decodes `bytes` to UTF-8, choosing the encoding as described in the
/// module documentation.
///
/// `hint`: the caller's charset label, e.g. from an HTTP Content-Type header
/// (`"utf-8"`, `"ISO-8859-1"`, `"text/html; charset=Shift_JIS"` — both a bare
/// label and a full Content-Type value are accepted). Unknown labels are
/// ignored (fall through).
pub(crate) fn decode<'a>(bytes: &'a [u8], hint: Option<&str>) -> Decoded<'a> {
    // 1. Byte-order mark.
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return Decoded {
            text: decode_with(encoding, body),
            encoding,
            source: EncodingSource::Bom,
        };
    }

    let utf8 = Utf8::classify(bytes);

    // 2. The caller's hint.
    if let Some(encoding) = hint.and_then(|hint| encoding_from_hint(hint, bytes)) {
        return decode_declared(bytes, &utf8, encoding, EncodingSource::Caller);
    }

    // 3. A declaration in the document.
    let head = bytes.get(..PRESCAN_LIMIT).unwrap_or(bytes);
    let mut declared = prescan(head);
    if declared.is_none() && bytes.len() > PRESCAN_LIMIT && matches!(utf8, Utf8::Invalid(_)) {
        let wider = bytes.get(..EXTENDED_PRESCAN_LIMIT).unwrap_or(bytes);
        declared = prescan(wider);
    }
    if let Some(encoding) = declared {
        return decode_declared(bytes, &utf8, encoding, EncodingSource::Meta);
    }

    // 4. and 5. Detection, then the default.
    decode_detected(bytes, &utf8)
}

// ---------------------------------------------------------------------------
// UTF-8 classification and the decisions built on it
// ---------------------------------------------------------------------------

/// What a single UTF-8 validation pass tells us about the input.
enum Utf8<'a> {
    /// Only ASCII bytes (so valid in every ASCII-compatible encoding).
    Ascii(&'a str),
    /// Valid UTF-8 with at least one multi-byte sequence.
    Valid(&'a str),
    /// Not valid UTF-8.
    Invalid(Utf8Damage),
}

/// How far from UTF-8 invalid input is; computed only for invalid input.
struct Utf8Damage {
    /// Well-formed multi-byte sequences.
    multibyte: usize,
    /// Maximal ill-formed subsequences (each would become one U+FFFD).
    errors: usize,
    /// The only problem is a sequence cut off at the very end of the input
    /// (typical of pages truncated by a crawler's size limit).
    truncated_only: bool,
}

impl<'a> Utf8<'a> {
    fn classify(bytes: &'a [u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(s) if s.is_ascii() => Utf8::Ascii(s),
            Ok(s) => Utf8::Valid(s),
            Err(e) if e.error_len().is_none() => {
                let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
                Utf8::Invalid(Utf8Damage {
                    multibyte: count_multibyte(valid),
                    errors: 1,
                    truncated_only: true,
                })
            }
            Err(_) => {
                let mut damage = Utf8Damage {
                    multibyte: 0,
                    errors: 0,
                    truncated_only: false,
                };
                for chunk in bytes.utf8_chunks() {
                    damage.multibyte += count_multibyte(chunk.valid().as_bytes());
                    if !chunk.invalid().is_empty() {
                        damage.errors += 1;
                    }
                }
                Utf8::Invalid(damage)
            }
        }
    }
}

impl Utf8Damage {
    /// UTF-8 with a few stray bytes: clearly more right than wrong as UTF-8.
    /// A legacy single-byte text only rarely forms a valid multi-byte UTF-8
    /// sequence by accident, so demanding eight of them per error (and at
    /// least eight in all) keeps real legacy pages out.
    fn mostly_utf8(&self) -> bool {
        (self.truncated_only && self.multibyte >= 1)
            || (self.multibyte >= 8 && self.errors.saturating_mul(8) <= self.multibyte)
    }

    /// Not one well-formed multi-byte sequence: this is not UTF-8 at all.
    fn not_utf8(&self) -> bool {
        !self.truncated_only && self.multibyte == 0
    }
}

/// Number of UTF-8 lead bytes of multi-byte sequences in valid UTF-8.
fn count_multibyte(valid: &[u8]) -> usize {
    valid.iter().filter(|&&b| b >= 0xC0).count()
}

/// The input carries a label (hint or meta): honour it, unless the bytes
/// prove it wrong (see the module documentation).
fn decode_declared<'a>(
    bytes: &'a [u8],
    utf8: &Utf8<'a>,
    encoding: &'static Encoding,
    source: EncodingSource,
) -> Decoded<'a> {
    if encoding == UTF_8 {
        return match utf8 {
            Utf8::Ascii(s) | Utf8::Valid(s) => borrowed(s, UTF_8, source),
            Utf8::Invalid(damage) if damage.not_utf8() => detect_legacy(bytes),
            Utf8::Invalid(_) => decoded(bytes, UTF_8, source),
        };
    }
    if encoding == UTF_16LE || encoding == UTF_16BE {
        // Only a caller's hint gets here, and only after `sniff_utf16`
        // agreed; the prescan maps UTF-16 to UTF-8.
        return decoded(bytes, encoding, source);
    }
    // A legacy, ASCII-compatible encoding (or ISO-2022-JP, whose text is
    // 7-bit: non-ASCII bytes are errors in it anyway).
    match utf8 {
        Utf8::Valid(s) => borrowed(s, UTF_8, EncodingSource::Detected),
        Utf8::Invalid(damage) if damage.truncated_only && damage.multibyte >= 1 => {
            decoded(bytes, UTF_8, EncodingSource::Detected)
        }
        // Pure ASCII means the same text in every ASCII-compatible encoding;
        // skip the decoder's own scan. ISO-2022-JP gives escapes meaning.
        Utf8::Ascii(s) if encoding != ISO_2022_JP => borrowed(s, encoding, source),
        _ => decoded(bytes, encoding, source),
    }
}

/// No usable label: infer the encoding from the bytes.
fn decode_detected<'a>(bytes: &'a [u8], utf8: &Utf8<'a>) -> Decoded<'a> {
    if let Some(encoding) = sniff_utf16(bytes) {
        return decoded(bytes, encoding, EncodingSource::Detected);
    }
    match utf8 {
        Utf8::Ascii(s) => borrowed(s, UTF_8, EncodingSource::Default),
        Utf8::Valid(s) => borrowed(s, UTF_8, EncodingSource::Detected),
        Utf8::Invalid(damage) if damage.mostly_utf8() => {
            decoded(bytes, UTF_8, EncodingSource::Detected)
        }
        Utf8::Invalid(_) => detect_legacy(bytes),
    }
}

/// Runs `chardetng` on input known not to be UTF-8.
fn detect_legacy(bytes: &[u8]) -> Decoded<'_> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    feed_detector(&mut detector, bytes);
    let mut guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // With no letters to go on, chardetng can pick an odd single-byte
    // encoding: on the corpus, English pages whose only non-ASCII bytes were
    // 0xA3 (£) came out as windows-1250 (Ł), and "§§§§" as windows-874 (Thai).
    // When every non-ASCII byte is below 0xC0 (symbols and punctuation in
    // windows-1252: £ § © ’ “ ” – —), the page has no letters in any
    // single-byte script (Cyrillic, Greek, Hebrew, Arabic, Thai and
    // Central-European text all need bytes from 0xC0 up), so the web's most
    // common legacy encoding is the better bet. Multi-byte guesses are left
    // alone: they rest on lead/trail byte structure.
    if guess.is_single_byte() && guess != WINDOWS_1252 && bytes.iter().all(|&b| b < 0xC0) {
        guess = WINDOWS_1252;
    }
    if guess == UTF_8 || guess == UTF_16LE || guess == UTF_16BE || !guess.is_ascii_compatible() {
        // Not a possible answer with `Deny`; keep the promise of step 5.
        return decoded(bytes, WINDOWS_1252, EncodingSource::Default);
    }
    decoded(bytes, guess, EncodingSource::Detected)
}

/// Feeds the detector only the neighbourhoods of non-ASCII bytes:
/// `DETECT_CONTEXT` bytes of ASCII on each side of every run of non-ASCII
/// bytes, excerpts separated by a space, at most `DETECT_BUDGET` bytes in
/// all. chardetng scores byte pairs, so long stretches of ASCII markup and
/// script add cost but no evidence; a page whose only non-ASCII bytes are a
/// few `£` signs is thus detected in microseconds instead of milliseconds
/// (on the corpus the guesses are the same as when feeding whole pages).
/// Multi-byte characters are not split: their trail bytes (which may be
/// ASCII in Shift_JIS, GBK and Big5) follow a non-ASCII lead byte and fall
/// inside its context. Only the budget can cut one; the stream is then left
/// open (no `last == true`), as chardetng asks for prefixes.
fn feed_detector(detector: &mut chardetng::EncodingDetector, bytes: &[u8]) {
    let mut fed = 0; // bytes fed so far
    let mut pos = 0; // end of the last excerpt
    while let Some(rest) = bytes.get(pos..) {
        let first = pos + Encoding::ascii_valid_up_to(rest);
        if first >= bytes.len() {
            break;
        }
        if fed >= DETECT_BUDGET {
            // Out of budget with input left: a prefix, so no `last == true`
            // (which would make a character cut in two count as an error).
            return;
        }
        let start = first.saturating_sub(DETECT_CONTEXT).max(pos);
        let limit = start + (DETECT_BUDGET - fed);
        // Extend the excerpt while more non-ASCII follows within the context.
        let mut end = first + 1;
        loop {
            if end >= limit {
                end = limit;
                break;
            }
            let window = bytes.get(end..).unwrap_or_default();
            let window = window.get(..DETECT_CONTEXT).unwrap_or(window);
            match window.iter().position(|&b| b >= 0x80) {
                Some(next) => end += next + 1,
                None => {
                    end += window.len();
                    break;
                }
            }
        }
        if start > pos && fed > 0 {
            detector.feed(b" ", false);
        }
        let excerpt = bytes.get(start..end.min(bytes.len())).unwrap_or_default();
        detector.feed(excerpt, false);
        fed += excerpt.len();
        pos = end;
    }
    // The one call with `last == true` (`feed` panics if called after it).
    detector.feed(b"", true);
}

/// Recognises BOM-less UTF-16 from the NUL bytes that ASCII characters
/// (markup) leave in every other position. Returns the byte order.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..UTF16_SNIFF_LIMIT).unwrap_or(bytes);
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [even, odd] = pair {
            even_nul += usize::from(*even == 0);
            odd_nul += usize::from(*odd == 0);
        }
    }
    if odd_nul * 2 >= pairs && even_nul * 16 <= pairs {
        Some(UTF_16LE)
    } else if even_nul * 2 >= pairs && odd_nul * 16 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Already-validated text, borrowed.
fn borrowed<'a>(s: &'a str, encoding: &'static Encoding, source: EncodingSource) -> Decoded<'a> {
    Decoded {
        text: Cow::Borrowed(s),
        encoding,
        source,
    }
}

fn decoded<'a>(
    bytes: &'a [u8],
    encoding: &'static Encoding,
    source: EncodingSource,
) -> Decoded<'a> {
    Decoded {
        text: decode_with(encoding, bytes),
        encoding,
        source,
    }
}

/// Decodes BOM-less bytes; malformed sequences become U+FFFD. `encoding_rs`
/// borrows when the input is already valid and writes into a fresh `String`
/// otherwise.
fn decode_with<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Cow<'a, str> {
    encoding.decode_without_bom_handling(bytes).0
}

// ---------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------

/// WHATWG "get an encoding", without the `replacement` encoding: a label
/// mapping to it (ISO-2022-KR, HZ...) would turn the whole page into one
/// U+FFFD, which is useless for text extraction, so it counts as unknown.
fn encoding_for_label(label: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_label_no_replacement(label)
}

/// What the prescan does with a declared encoding: UTF-16 means UTF-8 (we
/// found the declaration by reading ASCII), x-user-defined means
/// windows-1252.
fn normalize_declared(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    }
}

/// The caller's hint: a full Content-Type value or a bare label.
fn encoding_from_hint(hint: &str, bytes: &[u8]) -> Option<&'static Encoding> {
    let hint = hint.as_bytes();
    let encoding = charset_from_content(hint).or_else(|| {
        let bare = trim_ascii_and_quotes(hint);
        encoding_for_label(bare)
    })?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        // Transport-level UTF-16 is legitimate, but only believe it when the
        // bytes look like UTF-16 (and then trust the bytes for the order).
        return sniff_utf16(bytes);
    }
    if encoding == X_USER_DEFINED {
        return Some(WINDOWS_1252);
    }
    Some(encoding)
}

fn trim_ascii_and_quotes(s: &[u8]) -> &[u8] {
    let s = s.trim_ascii();
    let s = s.strip_prefix(b"\"").unwrap_or(s);
    let s = s.strip_suffix(b"\"").unwrap_or(s);
    let s = s.strip_prefix(b"'").unwrap_or(s);
    let s = s.strip_suffix(b"'").unwrap_or(s);
    s.trim_ascii()
}

/// WHATWG "algorithm for extracting a character encoding from a meta
/// element", used on `content` attributes and on Content-Type hints.
fn charset_from_content(value: &[u8]) -> Option<&'static Encoding> {
    let mut pos = 0;
    loop {
        let rest = value.get(pos..)?;
        let found = find_ascii_ci(rest, b"charset")?;
        let mut j = pos + found + b"charset".len();
        j = skip_whitespace(value, j);
        if value.get(j) != Some(&b'=') {
            pos = j;
            continue;
        }
        j = skip_whitespace(value, j + 1);
        let first = *value.get(j)?;
        return match first {
            b'"' | b'\'' => {
                let start = j + 1;
                let inner = value.get(start..)?;
                let len = inner.iter().position(|&b| b == first)?;
                encoding_for_label(inner.get(..len)?)
            }
            _ => {
                let rest = value.get(j..)?;
                let len = rest
                    .iter()
                    .position(|&b| is_whitespace(b) || b == b';')
                    .unwrap_or(rest.len());
                encoding_for_label(rest.get(..len)?)
            }
        };
    }
}

// ---------------------------------------------------------------------------
// The WHATWG prescan
// ---------------------------------------------------------------------------

/// WHATWG "prescan a byte stream to determine its encoding" over `buf`, then
/// "get an XML encoding" if no meta declared one.
fn prescan(buf: &[u8]) -> Option<&'static Encoding> {
    prescan_meta(buf).or_else(|| xml_encoding(buf))
}

/// The `<meta>` part of the prescan. `None` when nothing usable is found
/// before the end of `buf` (running out of bytes inside a tag or comment
/// aborts, as in the spec).
fn prescan_meta(buf: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(rest) = buf.get(i..) {
        // Bytes other than '<' are only stepped over: jump to the next '<'.
        let Some(lt) = rest.iter().position(|&b| b == b'<') else {
            break;
        };
        i += lt;
        let Some(rest) = buf.get(i..) else { break };
        if rest.starts_with(b"<!--") {
            // The first '>' preceded by "--" after the '<': "<!-->" counts.
            let from = i + 2;
            let end = find(buf.get(from..)?, b"-->")?;
            i = from + end + 2; // at the '>'
        } else if starts_with_ascii_ci(rest, b"<meta")
            && rest.get(5).is_some_and(|&b| is_whitespace(b) || b == b'/')
        {
            i += 5;
            if let Some(encoding) = meta_charset(buf, &mut i)? {
                return Some(encoding);
            }
        } else if rest.first() == Some(&b'<')
            && (rest.get(1).is_some_and(u8::is_ascii_alphabetic)
                || (rest.get(1) == Some(&b'/') && rest.get(2).is_some_and(u8::is_ascii_alphabetic)))
        {
            // Any other tag: skip its name, then its attributes, so that a
            // '>' or "<meta" inside a quoted value is not taken for markup.
            i += 1;
            let name_len = buf
                .get(i..)?
                .iter()
                .position(|&b| is_whitespace(b) || b == b'>')?;
            i += name_len;
            while let Attribute::Found { .. } = get_attribute(buf, &mut i) {}
            if buf.get(i) != Some(&b'>') {
                return None; // ran out of bytes
            }
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            let from = i + 1;
            i = from + buf.get(from..)?.iter().position(|&b| b == b'>')?;
        }
        i += 1;
    }
    None
}

/// The attributes of a `<meta` tag, with `*i` just past "<meta". Returns
/// `None` when the bytes run out, `Some(None)` when this meta declares no
/// usable encoding (then `*i` is at its closing '>').
fn meta_charset(buf: &[u8], i: &mut usize) -> Option<Option<&'static Encoding>> {
    let mut got_pragma = false;
    let mut need_pragma: Option<bool> = None;
    // None: not set; Some(None): set to failure (an unknown label).
    let mut charset: Option<Option<&'static Encoding>> = None;
    let (mut seen_http_equiv, mut seen_content, mut seen_charset) = (false, false, false);
    loop {
        match get_attribute(buf, i) {
            Attribute::Eof => return None,
            Attribute::End => break,
            Attribute::Found { name, value } => {
                if name.eq_ignore_ascii_case(b"http-equiv") {
                    if !seen_http_equiv {
                        seen_http_equiv = true;
                        got_pragma = value.eq_ignore_ascii_case(b"content-type");
                    }
                } else if name.eq_ignore_ascii_case(b"content") {
                    if !seen_content {
                        seen_content = true;
                        if charset.is_none()
                            && let Some(encoding) = charset_from_content(value)
                        {
                            charset = Some(Some(encoding));
                            need_pragma = Some(true);
                        }
                    }
                } else if name.eq_ignore_ascii_case(b"charset") && !seen_charset {
                    seen_charset = true;
                    charset = Some(encoding_for_label(value));
                    need_pragma = Some(false);
                }
            }
        }
    }
    let usable = match need_pragma {
        None => false,
        Some(true) => got_pragma,
        Some(false) => true,
    };
    Some(match charset {
        Some(Some(encoding)) if usable => Some(normalize_declared(encoding)),
        _ => None,
    })
}

/// One result of WHATWG "get an attribute".
enum Attribute<'a> {
    /// An attribute; name and value are raw (not lower-cased) byte slices.
    Found { name: &'a [u8], value: &'a [u8] },
    /// The tag ends here; `*i` is at its '>'.
    End,
    /// The bytes ran out.
    Eof,
}

/// WHATWG "get an attribute", starting at `*i` and leaving `*i` where the
/// spec leaves its position pointer. Names and values are contiguous in the
/// input, so they are returned as slices; callers compare them
/// case-insensitively instead of lower-casing copies.
fn get_attribute<'a>(buf: &'a [u8], i: &mut usize) -> Attribute<'a> {
    // Skip whitespace and slashes.
    loop {
        match buf.get(*i) {
            None => return Attribute::Eof,
            Some(&b) if is_whitespace(b) || b == b'/' => *i += 1,
            Some(b'>') => return Attribute::End,
            Some(_) => break,
        }
    }
    let name_start = *i;
    // The name. A leading '=' is part of it.
    let name_end = loop {
        match buf.get(*i) {
            None => return Attribute::Eof,
            Some(b'=') if *i > name_start => break *i,
            Some(&b) if is_whitespace(b) => break *i,
            Some(b'/' | b'>') => {
                return Attribute::Found {
                    name: slice(buf, name_start, *i),
                    value: b"",
                };
            }
            Some(_) => *i += 1,
        }
    };
    let name = slice(buf, name_start, name_end);
    // Whitespace, then '=' or a valueless attribute.
    *i = skip_whitespace(buf, *i);
    match buf.get(*i) {
        None => return Attribute::Eof,
        Some(b'=') => *i += 1,
        Some(_) => return Attribute::Found { name, value: b"" },
    }
    *i = skip_whitespace(buf, *i);
    match buf.get(*i) {
        None => Attribute::Eof,
        Some(&quote @ (b'"' | b'\'')) => {
            let start = *i + 1;
            match buf
                .get(start..)
                .and_then(|r| r.iter().position(|&b| b == quote))
            {
                Some(len) => {
                    *i = start + len + 1;
                    Attribute::Found {
                        name,
                        value: slice(buf, start, start + len),
                    }
                }
                None => Attribute::Eof,
            }
        }
        Some(b'>') => Attribute::Found { name, value: b"" },
        Some(_) => {
            let start = *i;
            loop {
                match buf.get(*i) {
                    None => return Attribute::Eof,
                    Some(&b) if is_whitespace(b) || b == b'>' => {
                        return Attribute::Found {
                            name,
                            value: slice(buf, start, *i),
                        };
                    }
                    Some(_) => *i += 1,
                }
            }
        }
    }
}

/// WHATWG "get an XML encoding": `<?xml ... encoding="label" ...?>` at the
/// start of the input (leading whitespace tolerated).
fn xml_encoding(buf: &[u8]) -> Option<&'static Encoding> {
    let buf = buf.trim_ascii_start();
    if !buf.starts_with(b"<?xml") {
        return None;
    }
    let decl_end = buf.iter().position(|&b| b == b'>')?;
    let decl = buf.get(..decl_end)?;
    let mut j = find(decl, b"encoding")? + b"encoding".len();
    while decl.get(j).is_some_and(|&b| b <= 0x20) {
        j += 1;
    }
    if decl.get(j) != Some(&b'=') {
        return None;
    }
    j += 1;
    while decl.get(j).is_some_and(|&b| b <= 0x20) {
        j += 1;
    }
    let quote = *decl.get(j)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let inner = decl.get(j + 1..)?;
    let label = inner.get(..inner.iter().position(|&b| b == quote)?)?;
    if label.iter().any(|&b| b <= 0x20) {
        return None;
    }
    encoding_for_label(label).map(normalize_declared)
}

// ---------------------------------------------------------------------------
// Byte helpers
// ---------------------------------------------------------------------------

/// ASCII whitespace as the prescan defines it (TAB, LF, FF, CR, SPACE).
fn is_whitespace(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn skip_whitespace(buf: &[u8], mut i: usize) -> usize {
    while buf.get(i).copied().is_some_and(is_whitespace) {
        i += 1;
    }
    i
}

fn slice(buf: &[u8], start: usize, end: usize) -> &[u8] {
    buf.get(start..end).unwrap_or_default()
}

fn starts_with_ascii_ci(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, tail) = needle.split_first()?;
    let mut from = 0;
    loop {
        let at = from + haystack.get(from..)?.iter().position(|&b| b == first)?;
        if haystack.get(at + 1..)?.starts_with(tail) {
            return Some(at);
        }
        from = at + 1;
    }
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{GB18030, GBK, ISO_8859_2, SHIFT_JIS, WINDOWS_1251};

    const JAPANESE: &str = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\
        何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。\
        吾輩はここで始めて人間というものを見た。しかもあとで聞くとそれは書生という\
        人間中で一番獰悪な種族であったそうだ。この書生というのは時々我々を捕えて\
        煮て食うという話である。しかしその当時は何という考もなかったから別段恐し\
        いとも思わなかった。ただ彼の掌に載せられてスーと持ち上げられた時何だか\
        フワフワした感じがあったばかりである。掌の上で少し落ちついて書生の顔を\
        見たのがいわゆる人間というものの見始であろう。この時妙なものだと思った\
        感じが今でも残っている。第一毛をもって装飾されべきはずの顔がつるつるして\
        まるで薬缶だ。その後猫にもだいぶ逢ったがこんな片輪には一度も出会わした事がない。";

    const CHINESE: &str = "北京时间十月十四日消息，谷歌在二零一四年收购的人工智能公司开发出一款\
        能够用自己的记忆学习新知识并利用这些知识来回答问题的计算机。这款产品具有\
        极其重要的意义，因为这意味着未来的人工智能技术可能不需要人类来教它就能\
        回答人类提出的问题。研究人员表示，这款名为可微神经计算机的模型可以接受\
        家谱和伦敦地铁网络地图这样的信息，还可以回答与那些数据结构中的不同项目\
        之间的关系有关的复杂问题。例如，它可以回答从邦德街开始，沿着中央线坐一站，\
        环线坐四站，然后转朱比利线坐两站，你会到达哪个站这样的问题。研究人员还说，\
        这款计算机还可以帮你规划从沼泽门到皮卡迪利广场的最佳路线。";

    fn page(charset_meta: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head>{charset_meta}<title>Test</title></head>\
             <body><article><p>{body}</p></article></body></html>"
        )
    }

    fn encode(encoding: &'static Encoding, s: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = encoding.encode(s);
        assert!(
            !had_errors,
            "test text not representable in {}",
            encoding.name()
        );
        bytes.into_owned()
    }

    #[test]
    fn bom_utf8() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(page(r#"<meta charset="iso-8859-1">"#, "café").as_bytes());
        let d = decode(&bytes, Some("windows-1252"));
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.source, EncodingSource::Bom);
        assert!(d.text.starts_with("<!DOCTYPE"), "BOM not stripped");
        assert!(d.text.contains("café"));
    }

    #[test]
    fn bom_utf16le() {
        let html = page("", "naïve €uro");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in html.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, UTF_16LE);
        assert_eq!(d.source, EncodingSource::Bom);
        assert_eq!(d.text, html);
    }

    #[test]
    fn bom_utf16be() {
        let html = page("", "naïve €uro");
        let mut bytes = vec![0xFE, 0xFF];
        for unit in html.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        let d = decode(&bytes, Some("utf-8"));
        assert_eq!(d.encoding, UTF_16BE);
        assert_eq!(d.source, EncodingSource::Bom);
        assert_eq!(d.text, html);
    }

    #[test]
    fn utf16_without_bom_is_sniffed() {
        let html = page("", "naïve €uro");
        let mut le = Vec::new();
        let mut be = Vec::new();
        for unit in html.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        let d = decode(&le, None);
        assert_eq!((d.encoding, d.source), (UTF_16LE, EncodingSource::Detected));
        assert_eq!(d.text, html);
        let d = decode(&be, Some("utf-16"));
        assert_eq!((d.encoding, d.source), (UTF_16BE, EncodingSource::Caller));
        assert_eq!(d.text, html);
    }

    #[test]
    fn utf16_hint_on_ascii_bytes_is_ignored() {
        let html = page(r#"<meta charset="iso-8859-2">"#, "plain");
        let d = decode(html.as_bytes(), Some("text/html; charset=UTF-16LE"));
        assert_eq!((d.encoding, d.source), (ISO_8859_2, EncodingSource::Meta));
        assert_eq!(d.text, html);
    }

    #[test]
    fn hint_wins_over_meta() {
        let html = page(r#"<meta charset="windows-1251">"#, "Grüße aus Köln");
        let bytes = encode(ISO_8859_2, &html);
        let d = decode(&bytes, Some("ISO-8859-2"));
        assert_eq!((d.encoding, d.source), (ISO_8859_2, EncodingSource::Caller));
        assert!(d.text.contains("Grüße aus Köln"));
    }

    #[test]
    fn hint_as_content_type_value() {
        let html = page("", JAPANESE);
        let bytes = encode(SHIFT_JIS, &html);
        for hint in [
            "text/html; charset=Shift_JIS",
            "text/html;charset=\"shift_jis\"",
            "text/html; CHARSET = 'sjis'",
            "  Shift_JIS  ",
        ] {
            let d = decode(&bytes, Some(hint));
            assert_eq!(
                (d.encoding, d.source),
                (SHIFT_JIS, EncodingSource::Caller),
                "{hint}"
            );
            assert_eq!(d.text, html);
        }
    }

    #[test]
    fn unknown_hint_falls_through() {
        let html = page(r#"<meta charset="windows-1251">"#, "Привет, мир");
        let bytes = encode(WINDOWS_1251, &html);
        for hint in [
            "x-no-such-charset",
            "text/html",
            "text/html; charset=",
            "iso-2022-kr",
        ] {
            let d = decode(&bytes, Some(hint));
            assert_eq!(
                (d.encoding, d.source),
                (WINDOWS_1251, EncodingSource::Meta),
                "{hint}"
            );
            assert!(d.text.contains("Привет, мир"));
        }
    }

    #[test]
    fn meta_charset_quoting_styles() {
        for meta in [
            r#"<meta charset="windows-1251">"#,
            "<meta charset='windows-1251'>",
            "<meta charset=windows-1251>",
            r#"<META CHARSET = "WINDOWS-1251" />"#,
            "<meta charset=windows-1251 />",
            "<meta/charset=cp1251>",
            "<meta\tname=\"x\" charset=\"  cp1251 \">",
        ] {
            let html = page(meta, "Привет, мир");
            let bytes = encode(WINDOWS_1251, &html);
            let d = decode(&bytes, None);
            assert_eq!(
                (d.encoding, d.source),
                (WINDOWS_1251, EncodingSource::Meta),
                "{meta}"
            );
            assert!(d.text.contains("Привет, мир"), "{meta}");
        }
    }

    #[test]
    fn meta_http_equiv_content() {
        for meta in [
            r#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">"#,
            "<meta content='text/html;charset=windows-1251' http-equiv='content-type'>",
            r#"<META HTTP-EQUIV=Content-Type CONTENT="text/html; charset='windows-1251'">"#,
            r#"<meta http-equiv="content-type" content="text/html; charset = windows-1251;x=y">"#,
        ] {
            let html = page(meta, "Привет, мир");
            let bytes = encode(WINDOWS_1251, &html);
            let d = decode(&bytes, None);
            assert_eq!(
                (d.encoding, d.source),
                (WINDOWS_1251, EncodingSource::Meta),
                "{meta}"
            );
            assert!(d.text.contains("Привет, мир"), "{meta}");
        }
    }

    #[test]
    fn content_without_http_equiv_is_ignored() {
        // need pragma but no pragma: not a declaration.
        let html = page(
            r#"<meta name="x" content="text/html; charset=windows-1251">"#,
            "plain",
        );
        let d = decode(html.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Default));
    }

    #[test]
    fn meta_after_1024_bytes_in_non_utf8_page() {
        let script = format!("<script>{}</script>", "var x = 1;\n".repeat(300));
        let head = format!("{script}<meta charset=\"windows-1251\">");
        let html = page(
            &head,
            "Съешь же ещё этих мягких французских булок, да выпей чаю.",
        );
        assert!(html.find("<meta").unwrap() > PRESCAN_LIMIT);
        let bytes = encode(WINDOWS_1251, &html);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (WINDOWS_1251, EncodingSource::Meta));
        assert_eq!(d.text, html);
    }

    #[test]
    fn meta_after_1024_bytes_in_utf8_page_is_not_needed() {
        let script = format!("<script>{}</script>", "var x = 1;\n".repeat(300));
        let head = format!("{script}<meta charset=\"utf-8\">");
        let html = page(&head, "Grüße");
        let d = decode(html.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Detected));
        assert_eq!(d.text, html);
    }

    #[test]
    fn windows_1252_without_declaration() {
        let mut bytes = b"<html><head><title>Caf\xE9</title></head><body><p>".to_vec();
        bytes.extend_from_slice(
            b"Le caf\xE9 \xE9tait tr\xE8s agr\xE9able; nous y avons pass\xE9 une soir\xE9e \
              d\xE9licieuse \xE0 parler de th\xE9\xE2tre, de cin\xE9ma et de litt\xE9rature \
              fran\xE7aise. \x93Quelle belle journ\xE9e\x94, dit-elle \x96 puis elle partit.",
        );
        bytes.extend_from_slice(b"</p></body></html>");
        let d = decode(&bytes, None);
        assert_eq!(
            (d.encoding, d.source),
            (WINDOWS_1252, EncodingSource::Detected)
        );
        assert!(d.text.contains("Le café était très agréable"));
        assert!(d.text.contains("“Quelle belle journée”, dit-elle – puis"));
        assert!(!d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn symbols_only_legacy_page_is_windows_1252() {
        // chardetng alone says windows-1250 (Ł) for the first and windows-874
        // for the second; both are English pages seen on the corpus.
        let pound = b"<html><body><p>Fees for the course at Bristol will be \xA33,000 in \
            2006/07, and graduates earning more than \xA315,000 a year repay \xA36,000 to \
            \xA38,000.</p></body></html>";
        let d = decode(pound, None);
        assert_eq!(
            (d.encoding, d.source),
            (WINDOWS_1252, EncodingSource::Detected)
        );
        assert!(d.text.contains("£3,000") && d.text.contains("£8,000"));
        let section = b"<html><body><p align=center><strong>\xA7\xA7\xA7\xA7\xA7</strong></p>\
            <p>Rules of the game</p><p><strong>\xA7\xA7\xA7</strong></p></body></html>";
        let d = decode(section, None);
        assert_eq!(
            (d.encoding, d.source),
            (WINDOWS_1252, EncodingSource::Detected)
        );
        assert!(d.text.contains("§§§§§"));
    }

    #[test]
    fn cyrillic_without_declaration() {
        let html = page(
            "",
            "Съешь же ещё этих мягких французских булок, да выпей же чаю. \
            В чащах юга жил бы цитрус? Да, но фальшивый экземпляр!",
        );
        let bytes = encode(WINDOWS_1251, &html);
        let d = decode(&bytes, None);
        assert_eq!(
            (d.encoding, d.source),
            (WINDOWS_1251, EncodingSource::Detected)
        );
        assert_eq!(d.text, html);
    }

    #[test]
    fn long_legacy_page_is_detected_within_budget() {
        let body = CHINESE.repeat(300);
        let html = page("", &body);
        let bytes = encode(GBK, &html);
        assert!(bytes.len() > 2 * DETECT_BUDGET);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (GBK, EncodingSource::Detected));
        assert_eq!(d.text, html);
        // Sparse non-ASCII far apart in a long page.
        let mut bytes = Vec::new();
        for _ in 0..100 {
            bytes.extend_from_slice(
                b"<div class=\"x\">Le caf\xE9 \xE9tait tr\xE8s agr\xE9able.</div>",
            );
            bytes.extend_from_slice("<script>var a = 1;</script>\n".repeat(50).as_bytes());
        }
        let d = decode(&bytes, None);
        assert_eq!(
            (d.encoding, d.source),
            (WINDOWS_1252, EncodingSource::Detected)
        );
        assert!(d.text.contains("Le café était très agréable."));
    }

    #[test]
    fn shift_jis_without_declaration() {
        let html = page("", JAPANESE);
        let bytes = encode(SHIFT_JIS, &html);
        let d = decode(&bytes, None);
        assert_eq!(
            (d.encoding, d.source),
            (SHIFT_JIS, EncodingSource::Detected)
        );
        assert_eq!(d.text, html);
    }

    #[test]
    fn gbk_without_declaration() {
        let html = page("", CHINESE);
        for encoding in [GBK, GB18030] {
            let bytes = encode(encoding, &html);
            let d = decode(&bytes, None);
            // chardetng reports the GBK family as GBK; GB18030 is a superset
            // and decodes the same bytes the same way.
            assert_eq!(d.source, EncodingSource::Detected);
            assert!(
                d.encoding == GBK || d.encoding == GB18030,
                "{}",
                d.encoding.name()
            );
            assert_eq!(d.text, html);
        }
    }

    #[test]
    fn mislabelled_utf8_is_decoded_as_utf8() {
        let body = "Grüße aus Köln – “quoted” café";
        // Declared in a meta.
        let html = page(r#"<meta charset="iso-8859-1">"#, body);
        let d = decode(html.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Detected));
        assert_eq!(d.text, html);
        // Declared by the caller.
        let html = page("", body);
        let d = decode(html.as_bytes(), Some("text/html; charset=windows-1252"));
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Detected));
        assert_eq!(d.text, html);
        // A multi-byte legacy label (seen on the corpus: a gb2312 page saved as UTF-8).
        let html = page(r#"<meta charset="gb2312">"#, CHINESE);
        let d = decode(html.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Detected));
        assert_eq!(d.text, html);
        // Cut off in the middle of a character: still UTF-8.
        let full = page(r#"<meta charset="iso-8859-1">"#, "café €");
        let cut = &full.as_bytes()[..full.find('€').unwrap() + 2];
        let d = decode(cut, None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Detected));
        assert!(d.text.ends_with("café \u{FFFD}"));
    }

    #[test]
    fn legacy_label_on_ascii_or_real_legacy_is_kept() {
        let html = page(r#"<meta charset="iso-8859-1">"#, "plain ASCII");
        let d = decode(html.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (WINDOWS_1252, EncodingSource::Meta));
        assert_eq!(d.text, html);
        let bytes = encode(
            WINDOWS_1252,
            &page(r#"<meta charset="iso-8859-1">"#, "café"),
        );
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (WINDOWS_1252, EncodingSource::Meta));
        assert!(d.text.contains("café"));
    }

    #[test]
    fn utf8_label_on_legacy_bytes_is_detected() {
        let html = page(
            r#"<meta charset="utf-8">"#,
            "Le café était très agréable; nous y avons passé une soirée délicieuse à parler \
             de théâtre, de cinéma et de littérature française.",
        );
        let bytes = encode(WINDOWS_1252, &html);
        let d = decode(&bytes, None);
        assert_eq!(
            (d.encoding, d.source),
            (WINDOWS_1252, EncodingSource::Detected)
        );
        assert_eq!(d.text, html);
    }

    #[test]
    fn utf8_with_stray_byte_stays_utf8() {
        let mut bytes = page("", CHINESE).into_bytes();
        bytes.insert(200, 0xE9);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Detected));
        assert!(d.text.contains("开发出一款"));
        assert_eq!(d.text.matches('\u{FFFD}').count(), 1);
    }

    #[test]
    fn empty_input() {
        let d = decode(b"", None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Default));
        assert_eq!(d.text, "");
        let d = decode(b"", Some("shift_jis"));
        assert_eq!(d.text, "");
    }

    #[test]
    fn garbage_bytes() {
        // Deterministic pseudo-random bytes, plus nasty prefixes.
        let mut state: u32 = 0x1234_5678;
        let mut noise = Vec::with_capacity(70_000);
        for _ in 0..70_000 {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            noise.push((state >> 24) as u8);
        }
        let prefixes: [&[u8]; 10] = [
            b"",
            b"<",
            b"<meta",
            b"<meta ",
            b"<meta charset=",
            b"<meta charset=\"",
            b"<!--",
            b"<?xml encoding=",
            b"<a href='",
            b"<meta http-equiv=content-type content=\"charset=",
        ];
        for prefix in prefixes {
            for len in [0, 1, 2, 3, 7, 100, 1023, 1024, 1025, 70_000] {
                let mut bytes = prefix.to_vec();
                bytes.extend_from_slice(&noise[..len]);
                for hint in [None, Some("utf-16"), Some("charset=\""), Some("")] {
                    let d = decode(&bytes, hint);
                    let _ = (d.text.len(), d.encoding, d.source);
                    // Every truncation of the prefix alone must be fine too.
                    let d = decode(&bytes[..prefix.len().min(bytes.len())], hint);
                    let _ = d.text.len();
                }
            }
        }
    }

    #[test]
    fn meta_utf16_means_utf8() {
        let html = page(r#"<meta charset="utf-16">"#, "Grüße");
        let d = decode(html.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Meta));
        assert_eq!(d.text, html);
        let html = page(
            r#"<meta http-equiv="content-type" content="text/html; charset=utf-16le">"#,
            "x",
        );
        let d = decode(html.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Meta));
    }

    #[test]
    fn meta_x_user_defined_means_windows_1252() {
        let mut bytes = page(r#"<meta charset="x-user-defined">"#, "").into_bytes();
        bytes.extend_from_slice(b"caf\xE9");
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (WINDOWS_1252, EncodingSource::Meta));
        assert!(d.text.ends_with("café"));
    }

    #[test]
    fn fake_meta_in_comment_is_skipped() {
        let head = r#"<!-- <meta charset="shift_jis"> --><!--><meta charset="iso-8859-2">"#;
        let html = page(head, "Zażółć gęślą jaźń");
        let bytes = encode(ISO_8859_2, &html);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (ISO_8859_2, EncodingSource::Meta));
        assert!(d.text.contains("Zażółć gęślą jaźń"));
    }

    #[test]
    fn fake_meta_in_attribute_value_is_skipped() {
        let head = r#"<link title='<meta charset="shift_jis">'><meta charset="iso-8859-2">"#;
        let html = page(head, "Zażółć gęślą jaźń");
        let bytes = encode(ISO_8859_2, &html);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (ISO_8859_2, EncodingSource::Meta));
    }

    #[test]
    fn unknown_meta_charset_does_not_stop_the_scan() {
        let head = r#"<meta charset="no-such"><meta charset="windows-1251">"#;
        let html = page(head, "Привет");
        let bytes = encode(WINDOWS_1251, &html);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (WINDOWS_1251, EncodingSource::Meta));
    }

    #[test]
    fn xml_declaration() {
        let html = format!(
            "<?xml version=\"1.0\" encoding='windows-1251'?>{}",
            page("", "Привет, мир")
        );
        let bytes = encode(WINDOWS_1251, &html);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.source), (WINDOWS_1251, EncodingSource::Meta));
        assert_eq!(d.text, html);
        // A meta wins over the XML declaration.
        let html = format!(
            "<?xml version=\"1.0\" encoding=\"iso-8859-2\"?>{}",
            page(r#"<meta charset="windows-1251">"#, "Привет")
        );
        let bytes = encode(WINDOWS_1251, &html);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, WINDOWS_1251);
    }

    #[test]
    fn ascii_without_declaration_is_default_utf8() {
        let html = page("", "just ascii");
        let d = decode(html.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Default));
        assert_eq!(d.text, html);
    }

    #[test]
    fn utf8_meta_and_hint() {
        let html = page(r#"<meta charset="UTF-8">"#, "Grüße");
        let d = decode(html.as_bytes(), None);
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Meta));
        let d = decode(html.as_bytes(), Some("utf8"));
        assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::Caller));
        assert_eq!(d.text, html);
    }
}
