//! The parse stage: html5ever's tree builder writing into deboil's own arena DOM.
//!
//! Why our own tree rather than `markup5ever_rcdom`: rcdom is, in its own words, a "basic,
//! unsupported DOM structure for use by tests"; its `Rc` links make every node a separate
//! allocation, and its recursive drop overflows the stack on deeply nested pages. Here every
//! node lives in one `Vec`, links are `u32` indices, and nothing recurses: every walk in the
//! crate goes through [`Dom::descendants`] or an explicit stack, because real pages nest
//! deeper than a thread's stack allows.
//!
//! The sink follows html5ever's `examples/arena.rs`, with the arena behind a `RefCell` because
//! `TreeSink` takes `&self`. Text appended next to an existing text node is merged into it, as
//! a browser does.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::interface::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns, parse_document};

/// Index of a node in [`Dom::nodes`].
pub(crate) type NodeId = u32;

/// The "no node" link value.
pub(crate) const NONE: NodeId = u32::MAX;

/// The document node is always the first node.
pub(crate) const DOCUMENT: NodeId = 0;

/// One node of the tree.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) parent: NodeId,
    pub(crate) prev: NodeId,
    pub(crate) next: NodeId,
    pub(crate) first_child: NodeId,
    pub(crate) last_child: NodeId,
    pub(crate) data: NodeData,
}

/// What a node is.
#[derive(Debug)]
pub(crate) enum NodeData {
    Document,
    Doctype,
    Text(StrTendril),
    Comment(StrTendril),
    Element(Element),
    ProcessingInstruction,
}

/// An element: its name, attributes and, for `<template>`, the template contents fragment.
#[derive(Debug)]
pub(crate) struct Element {
    pub(crate) name: QualName,
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) template_contents: NodeId,
    mathml_annotation_xml_integration_point: bool,
}

impl Element {
    /// The value of attribute `name` (no namespace), if present.
    pub(crate) fn attr(&self, name: &LocalName) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.local == *name && a.name.ns == ns!())
            .map(|a| &*a.value)
    }

    /// The element's local name (`div`, `p`, ...).
    pub(crate) fn local(&self) -> &LocalName {
        &self.name.local
    }
}

/// The parsed document: an arena of nodes linked by index.
#[derive(Debug)]
pub(crate) struct Dom {
    pub(crate) nodes: Vec<Node>,
}

impl Dom {
    /// Parses a whole document.
    pub(crate) fn parse(html: &str) -> Dom {
        let sink = Sink::default();
        parse_document(sink, Default::default()).one(StrTendril::from_slice(html))
    }

    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    pub(crate) fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes.get(id as usize)?.data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    /// Whether `id` is an HTML element named `name`.
    pub(crate) fn is(&self, id: NodeId, name: &LocalName) -> bool {
        self.element(id).is_some_and(|e| e.name.local == *name)
    }

    pub(crate) fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            next: self.node(id).first_child,
        }
    }

    /// Pre-order walk of the subtree under `root` (root included), iterative.
    pub(crate) fn descendants(&self, root: NodeId) -> Descendants<'_> {
        Descendants {
            dom: self,
            root,
            next: root,
        }
    }

    /// The next node in pre-order after `id`'s whole subtree, staying under `root`.
    pub(crate) fn next_skipping_children(&self, root: NodeId, mut id: NodeId) -> NodeId {
        loop {
            if id == root {
                return NONE;
            }
            let n = self.node(id);
            if n.next != NONE {
                return n.next;
            }
            id = n.parent;
            if id == NONE {
                return NONE;
            }
        }
    }

    /// Ancestors of `id`, nearest first (not including `id`).
    pub(crate) fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut cur = self.node(id).parent;
        std::iter::from_fn(move || {
            if cur == NONE {
                return None;
            }
            let out = cur;
            cur = self.node(cur).parent;
            Some(out)
        })
    }

    /// The first element named `name` in document order.
    pub(crate) fn find(&self, name: &LocalName) -> Option<NodeId> {
        self.descendants(DOCUMENT).find(|&id| self.is(id, name))
    }

    /// Unlinks `id` from its parent and siblings; its subtree stays intact but unreachable.
    pub(crate) fn detach(&mut self, id: NodeId) {
        detach(&mut self.nodes, id);
    }

    /// The concatenated text of the subtree, whitespace as in the source.
    pub(crate) fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        for d in self.descendants(id) {
            if let NodeData::Text(t) = &self.node(d).data {
                out.push_str(t);
            }
        }
        out
    }
}

/// Iterator over the children of a node.
pub(crate) struct Children<'a> {
    dom: &'a Dom,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let out = self.next;
        self.next = self.dom.node(out).next;
        Some(out)
    }
}

/// Iterative pre-order traversal; see [`Dom::descendants`].
pub(crate) struct Descendants<'a> {
    dom: &'a Dom,
    root: NodeId,
    next: NodeId,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let out = self.next;
        let n = self.dom.node(out);
        self.next = if n.first_child != NONE {
            n.first_child
        } else {
            self.dom.next_skipping_children(self.root, out)
        };
        Some(out)
    }
}

/// The `TreeSink` html5ever writes into. Handles are node indices.
struct Sink {
    nodes: RefCell<Vec<Node>>,
    quirks: Cell<QuirksMode>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            nodes: RefCell::new(vec![Node::new(NodeData::Document)]),
            quirks: Cell::new(QuirksMode::NoQuirks),
        }
    }
}

impl Node {
    fn new(data: NodeData) -> Node {
        Node {
            parent: NONE,
            prev: NONE,
            next: NONE,
            first_child: NONE,
            last_child: NONE,
            data,
        }
    }
}

/// Link helpers on the raw vector, shared by the sink (inside its `RefCell`).
fn detach(nodes: &mut [Node], id: NodeId) {
    let (parent, prev, next) = {
        let n = &nodes[id as usize];
        (n.parent, n.prev, n.next)
    };
    if prev != NONE {
        nodes[prev as usize].next = next;
    } else if parent != NONE {
        nodes[parent as usize].first_child = next;
    }
    if next != NONE {
        nodes[next as usize].prev = prev;
    } else if parent != NONE {
        nodes[parent as usize].last_child = prev;
    }
    let n = &mut nodes[id as usize];
    n.parent = NONE;
    n.prev = NONE;
    n.next = NONE;
}

fn append(nodes: &mut [Node], parent: NodeId, child: NodeId) {
    detach(nodes, child);
    let last = nodes[parent as usize].last_child;
    {
        let c = &mut nodes[child as usize];
        c.parent = parent;
        c.prev = last;
    }
    if last != NONE {
        nodes[last as usize].next = child;
    } else {
        nodes[parent as usize].first_child = child;
    }
    nodes[parent as usize].last_child = child;
}

fn insert_before(nodes: &mut [Node], sibling: NodeId, child: NodeId) {
    detach(nodes, child);
    let (parent, prev) = {
        let s = &nodes[sibling as usize];
        (s.parent, s.prev)
    };
    {
        let c = &mut nodes[child as usize];
        c.parent = parent;
        c.prev = prev;
        c.next = sibling;
    }
    if prev != NONE {
        nodes[prev as usize].next = child;
    } else if parent != NONE {
        nodes[parent as usize].first_child = child;
    }
    nodes[sibling as usize].prev = child;
}

impl Sink {
    fn push(&self, data: NodeData) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        // The arena cannot exceed u32 ids; input limits keep real documents far below this.
        let id = u32::try_from(nodes.len()).unwrap_or(NONE - 1);
        nodes.push(Node::new(data));
        id
    }

    /// Appends text to `prev` when it is a text node, else returns a new text node to link.
    fn text_or_node(&self, prev: NodeId, child: NodeOrText<NodeId>) -> Option<NodeId> {
        match child {
            NodeOrText::AppendNode(n) => Some(n),
            NodeOrText::AppendText(text) => {
                if prev != NONE {
                    let mut nodes = self.nodes.borrow_mut();
                    if let NodeData::Text(t) = &mut nodes[prev as usize].data {
                        t.push_tendril(&text);
                        return None;
                    }
                }
                Some(self.push(NodeData::Text(text)))
            }
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| {
            match &nodes[*target as usize].data {
                NodeData::Element(e) => &e.name,
                // html5ever only asks for names of elements it created; a fixed name keeps this total.
                _ => &FALLBACK_NAME,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let template_contents = if flags.template {
            self.push(NodeData::Document)
        } else {
            NONE
        };
        self.push(NodeData::Element(Element {
            name,
            attrs,
            template_contents,
            mathml_annotation_xml_integration_point: flags.mathml_annotation_xml_integration_point,
        }))
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.push(NodeData::Comment(text))
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.push(NodeData::ProcessingInstruction)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let prev = self.nodes.borrow()[*parent as usize].last_child;
        if let Some(c) = self.text_or_node(prev, child) {
            append(&mut self.nodes.borrow_mut(), *parent, c);
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self.nodes.borrow()[*element as usize].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let id = self.push(NodeData::Doctype);
        append(&mut self.nodes.borrow_mut(), DOCUMENT, id);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        match &self.nodes.borrow()[*target as usize].data {
            NodeData::Element(e) if e.template_contents != NONE => e.template_contents,
            // Only called for templates; answering with the node itself keeps this total.
            _ => *target,
        }
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.quirks.set(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, child: NodeOrText<NodeId>) {
        let prev = self.nodes.borrow()[*sibling as usize].prev;
        if let Some(c) = self.text_or_node(prev, child) {
            insert_before(&mut self.nodes.borrow_mut(), *sibling, c);
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let NodeData::Element(e) = &mut nodes[*target as usize].data {
            for a in attrs {
                if !e.attrs.iter().any(|x| x.name == a.name) {
                    e.attrs.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes[*node as usize].first_child;
        while child != NONE {
            let next = nodes[child as usize].next;
            append(&mut nodes, *new_parent, child);
            child = next;
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        match &self.nodes.borrow()[*handle as usize].data {
            NodeData::Element(e) => e.mathml_annotation_xml_integration_point,
            _ => false,
        }
    }
}

static FALLBACK_NAME: std::sync::LazyLock<QualName> =
    std::sync::LazyLock::new(|| QualName::new(None, ns!(html), local_name!("div")));

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dom: &Dom) -> Vec<String> {
        dom.descendants(DOCUMENT)
            .filter_map(|id| dom.element(id).map(|e| e.local().to_string()))
            .collect()
    }

    #[test]
    fn builds_document_structure() {
        let dom = Dom::parse("<p>Hello <b>world</b></p><p>Again");
        assert_eq!(names(&dom), ["html", "head", "body", "p", "b", "p"]);
        let body = dom.find(&local_name!("body")).unwrap();
        assert_eq!(dom.text_content(body), "Hello worldAgain");
    }

    #[test]
    fn merges_adjacent_text() {
        let dom = Dom::parse("<p>a&amp;b</p>");
        let p = dom.find(&local_name!("p")).unwrap();
        assert_eq!(dom.children(p).count(), 1);
        assert_eq!(dom.text_content(p), "a&b");
    }

    #[test]
    fn foster_parents_table_text() {
        let dom = Dom::parse("<table><tr><td>cell</td></tr>stray<tr><td>x</td></tr></table>");
        let body = dom.find(&local_name!("body")).unwrap();
        // The stray text is moved before the table, as browsers do.
        assert!(dom.text_content(body).starts_with("stray"));
    }

    #[test]
    fn deep_nesting_walks_without_recursion() {
        let html = "<div>".repeat(5_000) + "deep" + &"</div>".repeat(5_000);
        let dom = Dom::parse(&html);
        assert_eq!(dom.text_content(DOCUMENT), "deep");
        assert!(dom.descendants(DOCUMENT).count() > 5_000);
    }

    #[test]
    fn detach_unlinks_subtree() {
        let mut dom = Dom::parse("<p>a</p><p>b</p><p>c</p>");
        let ps: Vec<_> = dom
            .descendants(DOCUMENT)
            .filter(|&id| dom.is(id, &local_name!("p")))
            .collect();
        dom.detach(ps[1]);
        assert_eq!(dom.text_content(DOCUMENT), "ac");
        dom.detach(ps[0]);
        dom.detach(ps[2]);
        assert_eq!(dom.text_content(DOCUMENT), "");
    }

    #[test]
    fn template_contents_kept_apart() {
        let dom = Dom::parse("<template><p>inside</p></template><p>out</p>");
        assert_eq!(dom.text_content(DOCUMENT), "out");
    }
}
