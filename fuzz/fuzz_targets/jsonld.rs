//! Arbitrary bytes as a JSON-LD block (`<script type="application/ld+json">`) in an otherwise
//! ordinary page, through `deboil::extract`: exercises the JSON-LD parser and the metadata
//! built from it (authors, dates, `@graph`, `@id` references) with no panic, deterministically.
#![no_main]

use libfuzzer_sys::fuzz_target;

const HEAD: &[u8] =
    b"<!doctype html><html><head><title>T - Site</title><script type=\"application/ld+json\">";
const TAIL: &[u8] = b"</script></head><body><article><h1>Headline</h1><p>Body text that is long enough to \
be the article, with a few more words so that it counts as content by any measure.</p></article></body></html>";

fuzz_target!(|data: &[u8]| {
    let mut page = Vec::with_capacity(HEAD.len() + data.len() + TAIL.len());
    page.extend_from_slice(HEAD);
    page.extend_from_slice(data);
    page.extend_from_slice(TAIL);
    let first = deboil::extract(&page);
    assert_eq!(first, deboil::extract(&page), "not deterministic");
});
