//! stub
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EncodingSource { Bom, Caller, Meta, Detected, Default }
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) encoding: &'static encoding_rs::Encoding,
    pub(crate) source: EncodingSource,
}
pub(crate) fn decode(bytes: &[u8], _hint: Option<&str>) -> Decoded {
    Decoded { text: String::from_utf8_lossy(bytes).into_owned(), encoding: encoding_rs::UTF_8, source: EncodingSource::Default }
}
