//! stub
use crate::{blocks::TextBlock, dom::{Dom, DOCUMENT, NodeId}, options::Options};
pub(crate) struct Selection { pub(crate) root: NodeId }
pub(crate) fn select(_dom: &Dom, _b: &[TextBlock], _opts: &Options) -> Selection { Selection { root: DOCUMENT } }
