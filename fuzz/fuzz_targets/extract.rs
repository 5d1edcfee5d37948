//! Arbitrary bytes → `deboil::extract`: no panic, no hang, the same result twice; and the
//! same bytes again under tight limits, so the flattening and early-stop paths see them too.
#![no_main]

use deboil::{Error, Extractor, Limits, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let first = deboil::extract(data);
    assert_eq!(first, deboil::extract(data), "not deterministic");
    if let Err(e) = &first {
        assert!(matches!(e, Error::NotHtml { .. }), "unexpected error {e}");
    }
    let tight = Extractor::new(
        Options::default().with_limits(
            Limits::default()
                .with_max_depth(5)
                .with_max_attributes(2)
                .with_max_nodes(400),
        ),
    );
    let _ = tight.extract_page(
        data,
        Some("https://example.com/a/"),
        Some("text/html; charset=gbk"),
    );
});
