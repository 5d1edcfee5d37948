//! Differential: deboil's byte tokenizer (`src/dom/tokenizer.rs`) in front of html5ever's tree
//! builder must build exactly the tree html5ever builds with its own tokenizer (into
//! markup5ever_rcdom), for any input. The dump format is `tests/dom_oracle.rs`'s.
#![no_main]

use std::fmt::Write as _;

use html5ever::parse_document;
use html5ever::tendril::TendrilSink;
use libfuzzer_sys::fuzz_target;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let ours = deboil::__private::parse_tree_dump(&html);
    let oracle = rcdom_dump(&html);
    assert!(
        ours == oracle,
        "trees differ for {html:?}\n--- deboil\n{ours}\n--- html5ever\n{oracle}"
    );
});

fn rcdom_dump(html: &str) -> String {
    let dom = parse_document(RcDom::default(), Default::default()).one(html);
    let mut out = String::new();
    let mut stack: Vec<(Handle, usize, bool)> = Vec::new();
    push_children(&dom.document, 0, &mut stack);
    while let Some((node, depth, fragment)) = stack.pop() {
        if fragment {
            let _ = writeln!(out, "{depth} F");
            push_children(&node, depth + 1, &mut stack);
            continue;
        }
        match &node.data {
            NodeData::Element {
                name,
                attrs,
                template_contents,
                ..
            } => {
                let _ = write!(out, "{depth} E {}:{}", &*name.ns, &*name.local);
                for a in attrs.borrow().iter() {
                    let _ = write!(out, " {}=\"{}\"", &*a.name.local, &*a.value);
                }
                out.push('\n');
                push_children(&node, depth + 1, &mut stack);
                if let Some(contents) = template_contents.borrow().as_ref() {
                    stack.push((contents.clone(), depth + 1, true));
                }
            }
            NodeData::Text { contents } => {
                let _ = writeln!(out, "{depth} T {:?}", &**contents.borrow());
            }
            NodeData::Comment { contents } => {
                let _ = writeln!(out, "{depth} C {:?}", &**contents);
            }
            NodeData::Doctype { .. } => {
                let _ = writeln!(out, "{depth} D");
            }
            NodeData::ProcessingInstruction { .. } => {
                let _ = writeln!(out, "{depth} P");
            }
            NodeData::Document => {}
        }
    }
    out
}

fn push_children(node: &Handle, depth: usize, stack: &mut Vec<(Handle, usize, bool)>) {
    for child in node.children.borrow().iter().rev() {
        stack.push((child.clone(), depth, false));
    }
}
