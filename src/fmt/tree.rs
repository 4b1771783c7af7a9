//! The lossless syntax tree the formatter works on.
//!
//! The tree is flat: a list of [`Node`]s (one per logical line of the zone file: a record, a
//! directive, a comment-only line, a run of blank lines, or an entry the lexer could not read), each
//! owning a run of [`Element`]s (tokens, comments, parentheses, blanks and line breaks). The
//! nodes tile the input and the elements tile their node, so every byte of the input belongs to
//! exactly one element, and [`SyntaxTree::write_to`] gives the input back byte for byte. That is
//! what lets the formatter touch only what it means to touch: whatever it leaves alone is
//! printed from the source as it was.
//!
//! The tree is built on the reader's own lexer ([`crate::zonefile::lexer`]), so it splits
//! tokens, parentheses and comments exactly as the reader does.
//!
//! ```
//! use zonefmt::fmt::tree::{NodeKind, SyntaxTree};
//! let source = b"$TTL 1h\nwww  IN A 192.0.2.1 ; web\n\n; end\n";
//! let tree = SyntaxTree::parse(source);
//! let kinds: Vec<NodeKind> = tree.nodes().iter().map(|n| n.kind).collect();
//! assert_eq!(kinds, [NodeKind::Directive, NodeKind::Record, NodeKind::Blank, NodeKind::Comment]);
//! assert_eq!(tree.to_bytes(), source);
//! ```

use std::ops::Range;

use crate::rr::Token;
use crate::zonefile::lexer::{bom_len, Lexed, Lexer, Trivia, TriviaKind};

/// What a node (one logical line) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// A UTF-8 byte order mark at the start of the file.
    ByteOrderMark,
    /// A line with nothing but blanks (or empty parentheses).
    Blank,
    /// A line with comments and no tokens.
    Comment,
    /// `$ORIGIN`, `$TTL`, `$INCLUDE`, `$GENERATE` (or an unknown `$` word, which the reader
    /// refuses): the first token starts with `$` and the line does not start with a blank.
    Directive,
    /// A resource record.
    Record,
    /// An entry the lexer refused (unbalanced parentheses, an unclosed quote, too many
    /// tokens); its bytes are one [`ElementKind::Raw`] element.
    Error,
}

/// What an element (a run of bytes inside a node) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElementKind {
    /// A token; a quoted one includes its quotes.
    Token { quoted: bool },
    /// `; ...` up to, not including, the line break (and a `\r` before it).
    Comment,
    /// `(`
    OpenParen,
    /// `)`
    CloseParen,
    /// Blanks: spaces, tabs, carriage returns.
    Whitespace,
    /// One `\n`; in a [`NodeKind::Blank`] node, also the blank lines right after it.
    LineBreak,
    /// Bytes of an entry the lexer refused, or a byte order mark.
    Raw,
}

/// A run of bytes of the input with its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    pub kind: ElementKind,
    /// Byte range in the source.
    pub start: usize,
    pub end: usize,
}

impl Element {
    /// The byte range in the source.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// One logical line (several physical lines when parentheses join them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    /// Byte range in the source, including the final line break.
    pub start: usize,
    pub end: usize,
    /// Line number (from 1) of the first line.
    pub line: u32,
    /// The line starts with a blank: a record's owner is the previous record's.
    pub blank_owner: bool,
    /// Index range of this node's elements in [`SyntaxTree::elements`].
    elements: Range<usize>,
    /// How many tokens the lexer gave for this entry.
    tokens: usize,
}

impl Node {
    /// The byte range in the source.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// How many tokens the lexer gave for this node's entry (0 for blank and comment lines and
    /// for entries it refused).
    pub fn token_count(&self) -> usize {
        self.tokens
    }
}

/// A zone file as a lossless list of nodes. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct SyntaxTree<'a> {
    source: &'a [u8],
    nodes: Vec<Node>,
    elements: Vec<Element>,
}

impl<'a> SyntaxTree<'a> {
    /// Builds the tree of `source`. It never fails: what the lexer refuses becomes an
    /// [`NodeKind::Error`] node holding the bytes as they are.
    pub fn parse(source: &'a [u8]) -> SyntaxTree<'a> {
        Self::parse_part(source, 0, 1, usize::MAX).0
    }

    /// The tree of the entries of `source` from offset `start` (where an entry starts, on line
    /// `line`) until they cover at least `budget` bytes or the source ends; nodes and elements
    /// keep their offsets in the whole source. Also gives where the part ends, the line there,
    /// and whether the source is done. The lexer keeps nothing from one entry to the next but
    /// its place, so the parts of a source, one after the other, have the nodes of its whole
    /// tree, except that a run of blank lines cut by a part's end is two nodes.
    pub(crate) fn parse_part(
        source: &'a [u8],
        start: usize,
        line: u32,
        budget: usize,
    ) -> (SyntaxTree<'a>, usize, u32, bool) {
        let size = source.len().saturating_sub(start).min(budget);
        let mut tree = SyntaxTree {
            source,
            nodes: Vec::with_capacity(size / 40 + 1),
            elements: Vec::with_capacity(size / 6 + 1),
        };
        let mut at = start;
        if start == 0 {
            let bom = bom_len(source);
            if bom > 0 {
                tree.push_raw(NodeKind::ByteOrderMark, 0, bom, 1, false);
            }
            at = bom;
        }
        // Token limits are the reader's business; the tree keeps every token.
        let mut lexer = Lexer::resume(source, 0, at, line, true).with_max_tokens(usize::MAX);
        let mut tokens: Vec<Token<'a>> = Vec::new();
        let mut trivia: Vec<Trivia> = Vec::new();
        let stop = start.saturating_add(budget);
        let done = loop {
            if at >= stop {
                break at >= source.len();
            }
            let line = lexer.line();
            match lexer.next_entry(&mut tokens, Some(&mut trivia)) {
                Ok(Lexed::Entry(entry)) => {
                    let end = lexer.position().max(at);
                    tree.push_entry(at, end, line, entry.blank_owner, &tokens, &trivia);
                    at = end;
                }
                Err(e) => {
                    let end = lexer.position().max(at);
                    tree.push_raw(NodeKind::Error, at, end, line, e.entry.blank_owner);
                    at = end;
                }
                Ok(Lexed::End) | Ok(Lexed::Incomplete) => break true,
            }
        };
        if done && at < source.len() {
            // Cannot happen with a final lexer; kept so that no byte is ever lost.
            tree.push_raw(NodeKind::Error, at, source.len(), lexer.line(), false);
            at = source.len();
        }
        (tree, at, lexer.line(), done)
    }

    /// A tree of no node, to be filled one entry at a time ([`SyntaxTree::clear`],
    /// [`SyntaxTree::push_entry`], [`SyntaxTree::push_raw`]) with its buffers reused.
    pub(crate) fn empty(source: &'a [u8]) -> SyntaxTree<'a> {
        SyntaxTree {
            source,
            nodes: Vec::new(),
            elements: Vec::new(),
        }
    }

    pub(crate) fn clear(&mut self) {
        self.nodes.clear();
        self.elements.clear();
    }

    pub(crate) fn push_raw(
        &mut self,
        kind: NodeKind,
        start: usize,
        end: usize,
        line: u32,
        blank: bool,
    ) {
        let first = self.elements.len();
        if end > start {
            self.elements.push(Element {
                kind: ElementKind::Raw,
                start,
                end,
            });
        }
        self.nodes.push(Node {
            kind,
            start,
            end,
            line,
            blank_owner: blank,
            elements: first..self.elements.len(),
            tokens: 0,
        });
    }

    /// Adds the node of one lexed entry: its tokens and trivia merged in source order, the
    /// gaps between them as blanks and line breaks.
    pub(crate) fn push_entry(
        &mut self,
        start: usize,
        end: usize,
        line: u32,
        blank_owner: bool,
        tokens: &[Token<'_>],
        trivia: &[Trivia],
    ) {
        if tokens.is_empty() && self.extend_blank_run(start, end) {
            return;
        }
        let first = self.elements.len();
        let mut pos = start;
        let mut ti = 0;
        let mut vi = 0;
        let mut has_comment = false;
        loop {
            let token = tokens.get(ti).map(|t| {
                (
                    t.offset,
                    t.offset + t.source_len(),
                    ElementKind::Token { quoted: t.quoted },
                )
            });
            let triv = trivia.get(vi).map(|t| {
                let kind = match t.kind {
                    TriviaKind::Comment => ElementKind::Comment,
                    TriviaKind::OpenParen => ElementKind::OpenParen,
                    TriviaKind::CloseParen => ElementKind::CloseParen,
                    TriviaKind::LineBreak => ElementKind::LineBreak,
                };
                (t.start, t.end, kind)
            });
            let next = match (token, triv) {
                (Some(a), Some(b)) => {
                    if a.0 <= b.0 {
                        ti += 1;
                        a
                    } else {
                        vi += 1;
                        b
                    }
                }
                (Some(a), None) => {
                    ti += 1;
                    a
                }
                (None, Some(b)) => {
                    vi += 1;
                    b
                }
                (None, None) => break,
            };
            let (s, e, kind) = next;
            // Elements must tile the node; anything out of order is kept as raw bytes.
            if s < pos || e > end || e < s {
                continue;
            }
            self.push_gap(pos, s);
            has_comment |= kind == ElementKind::Comment;
            self.elements.push(Element {
                kind,
                start: s,
                end: e,
            });
            pos = e;
        }
        self.push_gap(pos, end);
        let kind = if tokens.is_empty() {
            if has_comment {
                NodeKind::Comment
            } else {
                NodeKind::Blank
            }
        } else if !blank_owner
            && tokens
                .first()
                .is_some_and(|t| !t.quoted && t.text.first() == Some(&b'$'))
        {
            NodeKind::Directive
        } else {
            NodeKind::Record
        };
        self.nodes.push(Node {
            kind,
            start,
            end,
            line,
            blank_owner,
            elements: first..self.elements.len(),
            tokens: tokens.len(),
        });
    }

    /// A blank line right after another joins its node: the node's last line break grows over
    /// it. One node per run keeps a file of millions of empty lines small (the formatter writes
    /// at most one blank line in a row anyway). False when `start..end` is not such a line.
    fn extend_blank_run(&mut self, start: usize, end: usize) -> bool {
        let only_blanks = self.source.get(start..end).is_some_and(|line| {
            !line.is_empty()
                && line
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        });
        let elements = self.elements.len();
        let (Some(node), Some(last)) = (self.nodes.last_mut(), self.elements.last_mut()) else {
            return false;
        };
        if !only_blanks
            || node.kind != NodeKind::Blank
            || node.end != start
            || node.elements.end != elements
            || last.kind != ElementKind::LineBreak
            || last.end != start
        {
            return false;
        }
        last.end = end;
        node.end = end;
        true
    }

    /// Elements for the bytes between two elements: blanks, and `\n` as line breaks.
    fn push_gap(&mut self, mut from: usize, to: usize) {
        while from < to {
            let rest = self.source.get(from..to).unwrap_or_default();
            let (kind, len) = match memchr::memchr(b'\n', rest) {
                Some(0) => (ElementKind::LineBreak, 1),
                Some(n) => (ElementKind::Whitespace, n),
                None => (ElementKind::Whitespace, rest.len()),
            };
            if len == 0 {
                break;
            }
            // Anything but blanks and line breaks here means the lexer skipped bytes; keep them.
            let kind = if kind == ElementKind::Whitespace
                && !rest
                    .get(..len)
                    .unwrap_or_default()
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
            {
                ElementKind::Raw
            } else {
                kind
            };
            self.elements.push(Element {
                kind,
                start: from,
                end: from + len,
            });
            from += len;
        }
    }

    /// The source the tree was built from.
    pub fn source(&self) -> &'a [u8] {
        self.source
    }

    /// The bytes of the source its nodes cover (a part's, for the tree of a part).
    pub fn covered(&self) -> &'a [u8] {
        match (self.nodes.first(), self.nodes.last()) {
            (Some(first), Some(last)) => self.text(first.start..last.end),
            _ => &[],
        }
    }

    /// The nodes, in source order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The elements of `node`, in source order.
    pub fn elements(&self, node: &Node) -> &[Element] {
        self.elements.get(node.elements.clone()).unwrap_or_default()
    }

    /// The source bytes of a range (empty if out of bounds).
    pub fn text(&self, range: Range<usize>) -> &'a [u8] {
        self.source.get(range).unwrap_or_default()
    }

    /// Writes the tree as it is: the source, byte for byte.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        for node in &self.nodes {
            for element in self.elements(node) {
                out.extend_from_slice(self.text(element.range()));
            }
        }
    }

    /// The tree printed unchanged.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.source.len());
        self.write_to(&mut out);
        out
    }

    /// The text of every comment, in source order.
    pub fn comments(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        self.nodes.iter().flat_map(move |node| {
            self.elements(node)
                .iter()
                .filter(|e| e.kind == ElementKind::Comment)
                .map(move |e| self.text(e.range()))
        })
    }
}

/// The trees of consecutive parts of a source ([`SyntaxTree::parse_part`]), each with
/// whether it is the last.
pub(crate) struct Parts<'a> {
    source: &'a [u8],
    at: usize,
    line: u32,
    budget: usize,
    done: bool,
}

impl<'a> Parts<'a> {
    /// Parts of `source` of about `budget` bytes each (at least one entry).
    pub(crate) fn new(source: &'a [u8], budget: usize) -> Self {
        Parts {
            source,
            at: 0,
            line: 1,
            budget: budget.max(1),
            done: false,
        }
    }
}

impl<'a> Iterator for Parts<'a> {
    type Item = (SyntaxTree<'a>, bool);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let (tree, end, line, done) =
            SyntaxTree::parse_part(self.source, self.at, self.line, self.budget);
        self.at = end;
        self.line = line;
        self.done = done;
        Some((tree, done))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(tree: &SyntaxTree<'_>) -> Vec<NodeKind> {
        tree.nodes().iter().map(|n| n.kind).collect()
    }

    /// Every node's elements tile it, the nodes tile the source, and printing gives it back.
    fn assert_lossless(source: &[u8]) {
        let tree = SyntaxTree::parse(source);
        let mut pos = 0;
        for node in tree.nodes() {
            assert_eq!(node.start, pos, "node starts where the last ended");
            let mut inner = node.start;
            for e in tree.elements(node) {
                assert_eq!(e.start, inner, "element starts where the last ended");
                assert!(e.end > e.start, "elements are not empty");
                inner = e.end;
            }
            assert_eq!(inner, node.end);
            pos = node.end;
        }
        assert_eq!(pos, source.len());
        assert_eq!(tree.to_bytes(), source);
    }

    #[test]
    fn a_run_of_blank_lines_is_one_node() {
        let source = b"a A 192.0.2.1\n\n \t\n\r\n\n( )\n\nb A 192.0.2.2\n\n\n";
        let tree = SyntaxTree::parse(source);
        assert_eq!(
            kinds(&tree),
            [
                NodeKind::Record,
                NodeKind::Blank,
                NodeKind::Blank,
                NodeKind::Record,
                NodeKind::Blank,
            ]
        );
        assert_eq!(tree.text(tree.nodes()[1].range()), b"\n \t\n\r\n\n");
        assert_eq!(tree.elements(&tree.nodes()[1]).len(), 1);
        assert_lossless(source);
        let empty_lines = vec![b'\n'; 100_000];
        let tree = SyntaxTree::parse(&empty_lines);
        assert_eq!(tree.nodes().len(), 1);
        assert_lossless(&empty_lines);
    }

    #[test]
    fn node_kinds() {
        let source = b"$ORIGIN example.\n\n ; indented comment\nwww A 192.0.2.1\n\tAAAA ::1\n( )\n \"$x\" TXT y\n";
        let tree = SyntaxTree::parse(source);
        assert_eq!(
            kinds(&tree),
            [
                NodeKind::Directive,
                NodeKind::Blank,
                NodeKind::Comment,
                NodeKind::Record,
                NodeKind::Record,
                NodeKind::Blank,
                NodeKind::Record,
            ]
        );
        assert!(tree.nodes()[4].blank_owner);
        assert_lossless(source);
    }

    #[test]
    fn elements_of_a_multi_line_record() {
        let source = b"@ SOA ns hm ( 1 ; serial\r\n  2 3 4 5 ) ; end\r\n";
        let tree = SyntaxTree::parse(source);
        let node = &tree.nodes()[0];
        let shown: Vec<(ElementKind, &[u8])> = tree
            .elements(node)
            .iter()
            .map(|e| (e.kind, tree.text(e.range())))
            .collect();
        let token = ElementKind::Token { quoted: false };
        let ws = ElementKind::Whitespace;
        assert_eq!(
            shown,
            vec![
                (token, &b"@"[..]),
                (ws, b" "),
                (token, b"SOA"),
                (ws, b" "),
                (token, b"ns"),
                (ws, b" "),
                (token, b"hm"),
                (ws, b" "),
                (ElementKind::OpenParen, b"("),
                (ws, b" "),
                (token, b"1"),
                (ws, b" "),
                (ElementKind::Comment, b"; serial"),
                (ws, b"\r"),
                (ElementKind::LineBreak, b"\n"),
                (ws, b"  "),
                (token, b"2"),
                (ws, b" "),
                (token, b"3"),
                (ws, b" "),
                (token, b"4"),
                (ws, b" "),
                (token, b"5"),
                (ws, b" "),
                (ElementKind::CloseParen, b")"),
                (ws, b" "),
                (ElementKind::Comment, b"; end"),
                (ws, b"\r"),
                (ElementKind::LineBreak, b"\n"),
            ]
        );
        assert_eq!(
            tree.comments().collect::<Vec<_>>(),
            [&b"; serial"[..], b"; end"]
        );
    }

    #[test]
    fn quoted_tokens_keep_their_quotes_and_escaped_line_breaks() {
        let source = b"x TXT \"a b\"\"c\\\nd\" ;z\n";
        let tree = SyntaxTree::parse(source);
        let tokens: Vec<&[u8]> = tree
            .elements(&tree.nodes()[0])
            .iter()
            .filter(|e| matches!(e.kind, ElementKind::Token { .. }))
            .map(|e| tree.text(e.range()))
            .collect();
        assert_eq!(tokens, [&b"x"[..], b"TXT", b"\"a b\"", b"\"c\\\nd\""]);
        assert_lossless(source);
    }

    /// Sources a tree must take whole: a byte order mark, a parenthesis or a quote left open, a
    /// parenthesis never opened, no final line break, nothing at all, only line breaks.
    const AWKWARD: [&[u8]; 6] = [
        b"\xEF\xBB\xBFa A 192.0.2.1",
        b"a ( A\nb A 1\n",
        b"a TXT \"open\nb A 1\n",
        b"a A 1 )\nb A 2",
        b"",
        b"\n\n\n",
    ];

    #[test]
    fn errors_bom_and_missing_final_newline_are_kept() {
        for source in
            AWKWARD
                .into_iter()
                .chain([&b";"[..], b"a\\\nb\r\n\r\n", b"\xff\xfe ; \x00\n"])
        {
            assert_lossless(source);
        }
        let tree = SyntaxTree::parse(b"\xEF\xBB\xBFa A 1 )\nb A 1\n");
        assert_eq!(
            kinds(&tree),
            [NodeKind::ByteOrderMark, NodeKind::Error, NodeKind::Record]
        );
    }

    #[test]
    fn every_testdata_file_round_trips_byte_for_byte() {
        let files = crate::test_support::testdata_files();
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            let tree = SyntaxTree::parse(&bytes);
            assert!(
                tree.to_bytes() == bytes,
                "{} does not round-trip",
                path.display()
            );
            assert_lossless(&bytes);
        }
        assert!(files.len() > 250, "only {} files found", files.len());
    }

    /// The parts of a source tile it, each ends where the next starts, only the last says it
    /// is, and their nodes are the whole tree's (runs of blank lines may be cut in two).
    fn assert_parts_like_whole(source: &[u8]) {
        let merged = |kinds: Vec<(NodeKind, u32)>| {
            let mut out: Vec<(NodeKind, u32)> = Vec::new();
            for k in kinds {
                if k.0 == NodeKind::Blank && out.last().is_some_and(|l| l.0 == NodeKind::Blank) {
                    continue;
                }
                out.push(k);
            }
            out
        };
        let whole = SyntaxTree::parse(source);
        let whole_kinds = merged(whole.nodes().iter().map(|n| (n.kind, n.line)).collect());
        for size in [1, 5, 100, 4096] {
            let mut pos = 0;
            let mut kinds = Vec::new();
            let mut lasts = Vec::new();
            for (tree, last) in Parts::new(source, size) {
                lasts.push(last);
                for node in tree.nodes() {
                    assert_eq!(node.start, pos);
                    pos = node.end;
                    kinds.push((node.kind, node.line));
                }
            }
            assert_eq!(pos, source.len());
            assert_eq!(lasts.iter().filter(|&&l| l).count(), 1);
            assert_eq!(lasts.last(), Some(&true));
            assert_eq!(merged(kinds), whole_kinds, "parts of {size}");
        }
    }

    #[test]
    fn parts_have_the_nodes_of_the_whole_tree() {
        for source in AWKWARD.into_iter().chain([
            &b"a A 1\n\n \t\n\r\n\n( )\n\nb A 2\n\n\n"[..],
            b"@ SOA ns hm ( 1 ; serial\r\n  2 3 4 5 ) ; end\r\n; c\n$TTL 1h\n",
        ]) {
            assert_parts_like_whole(source);
        }
        for path in crate::test_support::testdata_files() {
            assert_parts_like_whole(&std::fs::read(&path).unwrap());
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_round_trip(source in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(b" \t\r\n();\"\\$@abc019.".to_vec()),
                proptest::num::u8::ANY,
            ],
            0..200,
        )) {
            assert_lossless(&source);
        }
    }
}
