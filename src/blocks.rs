//! stub
use crate::{dom::Dom, options::Options};
pub(crate) struct TextBlock;
pub(crate) fn segment(_dom: &Dom, _opts: &Options) -> Vec<TextBlock> { Vec::new() }
