//! stub
use crate::{dom::Dom, options::Options};
pub(crate) struct Pruned;
pub(crate) fn prune(_dom: &mut Dom, _opts: &Options) -> Pruned { Pruned }
