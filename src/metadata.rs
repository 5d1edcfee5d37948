//! stub
use crate::dom::{Dom, NodeId};
pub(crate) struct Declared { lang: Option<String> }
#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub(crate) title: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) date: Option<String>,
    pub(crate) date_modified: Option<String>,
    pub(crate) site_name: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) image: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) page_type: Option<String>,
    pub(crate) license: Option<String>,
}
pub(crate) fn declared(dom: &Dom, _url: Option<&str>) -> Declared {
    let lang = dom.find(&html5ever::local_name!("html")).and_then(|h| dom.element(h)).and_then(|e| e.attr(&html5ever::local_name!("lang"))).map(str::to_string);
    Declared { lang }
}
pub(crate) fn resolve(declared: Declared, _dom: &Dom, _article_root: NodeId) -> Meta {
    Meta { lang: declared.lang, ..Meta::default() }
}
