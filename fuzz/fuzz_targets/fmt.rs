//! The formatter's lossless syntax tree: any bytes give a tree whose nodes tile the input and
//! which prints the input back byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonefmt::fmt::tree::SyntaxTree;

fuzz_target!(|data: &[u8]| {
    let tree = SyntaxTree::parse(data);
    assert_eq!(tree.to_bytes(), data, "the tree is not lossless");
    let mut at = 0;
    for node in tree.nodes() {
        assert_eq!(node.range().start, at, "nodes must tile the input");
        let mut inner = node.range().start;
        for element in tree.elements(node) {
            assert_eq!(element.range().start, inner, "elements must tile their node");
            inner = element.range().end;
        }
        assert_eq!(inner, node.range().end);
        at = node.range().end;
    }
    assert_eq!(at, data.len());
});
