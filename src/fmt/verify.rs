//! The quick read-back: does the formatted text read as the same records as its source,
//! decided from tokens instead of records?
//!
//! The reader turns an entry into a record (or a directive's effect) from nothing but the
//! entry's tokens (their raw text, whether each was quoted, whether it starts right where the
//! previous one ends), whether the line starts with a blank, and the state left by the entries
//! before it; blank and comment-only lines only count against `max_entry_len`. So when every
//! entry of the output has the same tokens as the source's entry in the same place, the output
//! reads as the same records, with the same diagnostics, without reading it: the source has
//! been read (and had no error that stops formatting) by the time the verdict is used.
//! FORMAT.md ("Formatter", "How the output is checked") gives the argument in full.
//!
//! The formatter's deliberate rewrites of a record's head are accepted by what the reader
//! makes of them: a type mnemonic in another letter case naming the same type, a class
//! added, removed or moved (a record's class can only be the zone's: any other is an error), a
//! TTL moved or written in other units with the same value, a directive's name in upper case,
//! a `$TTL` value written differently, and the base64 or hexadecimal at the end of a key,
//! signature or digest cut into other pieces (the reader joins those tokens before decoding).
//! Anything else that differs (mnemonics inside rdata, sorting, an entry the lexer refuses, a
//! length or nesting over the reader's caps) makes the verdict [`Quick::Unsure`], and the
//! caller then reads the output in full and compares records, as before this check existed.

use super::tree::{ElementKind, NodeKind, SyntaxTree};
use crate::rr::{Class, RecordType};
use crate::zonefile::lexer::{bom_len, Lexed, Lexer, TriviaKind};
use crate::zonefile::{find_ttl_and_class, ReaderOptions};

/// The verdict of [`quick_check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quick {
    /// Every entry of the output has the source's tokens (up to the accepted rewrites): the
    /// output reads as the same records.
    Same,
    /// Not shown by tokens: the output must be read in full and its records compared.
    Unsure,
}

/// One token as the reader sees it.
#[derive(Debug, Clone, Copy)]
struct Tok<'t> {
    /// The bytes in the text, quotes included.
    raw: &'t [u8],
    /// What the reader's fields read: without the quotes.
    text: &'t [u8],
    quoted: bool,
    /// Starts right where the previous token of the entry ends.
    joined: bool,
}

impl Tok<'_> {
    /// Same text, same quoting; whether it is joined to the token before is not compared.
    fn same(&self, other: &Tok<'_>) -> bool {
        self.raw == other.raw && self.quoted == other.quoted
    }
}

/// Compares the entries of `output` with those of the source whose tree is `tree`, and
/// collects the output's comments into `comments` (all of them, whatever the verdict).
/// `sorted` output is never [`Quick::Same`]: its records are compared as a multiset by the
/// full read-back.
pub(crate) fn quick_check<'o>(
    tree: &SyntaxTree<'_>,
    output: &'o [u8],
    reader: &ReaderOptions,
    sorted: bool,
    comments: &mut Vec<&'o [u8]>,
) -> Quick {
    let lexer = with_caps(Lexer::new(output), reader);
    let (same, _) = check_entries(
        tree,
        tree.nodes(),
        output,
        lexer,
        reader,
        sorted,
        comments,
        None,
    );
    verdict(same)
}

/// The token and comment checks of an output made part by part ([`super::format::format_parts`]),
/// each part as soon as it is written, against the tree of the part of the source it came
/// from. The lexer keeps nothing from one entry to the next but its place, so when each
/// part's output is lexed on its own and its entries end exactly where the part's output
/// ends, the parts give the entries of lexing the whole; and without sorting, a part's
/// comments are all in its output. A part written exactly as its source was (and with no entry the lexer refuses) is the
/// same without lexing it: its entries are the source's.
#[derive(Debug)]
pub(crate) struct PartCheck<'r> {
    reader: &'r ReaderOptions,
    /// Every part's entries have the source's tokens.
    pub(crate) same: bool,
    /// Every part's output lexed to its end and no further, and had all its source's
    /// comments. Else the caller checks the whole output at once.
    pub(crate) clean: bool,
}

impl<'r> PartCheck<'r> {
    pub(crate) fn new(reader: &'r ReaderOptions) -> Self {
        PartCheck {
            reader,
            same: true,
            clean: true,
        }
    }

    /// Checks the part whose tree is `tree` and whose output is `output` (`first`: the part
    /// the whole output starts with).
    pub(crate) fn part(&mut self, tree: &SyntaxTree<'_>, output: &[u8], first: bool, last: bool) {
        if !self.clean {
            return;
        }
        let nodes = tree.nodes();
        // Entries the lexer refuses are left to the whole check, as when they changed.
        if output == tree.covered() && nodes.iter().all(|n| n.kind != NodeKind::Error) {
            return;
        }
        // A byte order mark is skipped only at the start of the whole output.
        let at = if first { bom_len(output) } else { 0 };
        let lexer = with_caps(Lexer::resume(output, 0, at, 1, last), self.reader);
        let mut comments = Vec::new();
        let ends_at = (!last).then_some(output.len());
        let (same, clean) = check_entries(
            tree,
            nodes,
            output,
            lexer,
            self.reader,
            false,
            &mut comments,
            ends_at,
        );
        self.same &= same;
        self.clean &= clean && super::missing_from(tree, &comments).is_empty();
    }
}

fn with_caps<'o>(lexer: Lexer<'o>, reader: &ReaderOptions) -> Lexer<'o> {
    lexer
        .with_max_tokens(reader.max_tokens)
        .with_max_paren_depth(reader.max_paren_depth)
}

fn verdict(same: bool) -> Quick {
    if same {
        Quick::Same
    } else {
        Quick::Unsure
    }
}

/// Compares the entries `lexer` reads from `output` with those of `nodes` (some of `tree`'s)
/// and collects the output's comments: whether they are the same, and whether the lexer
/// stopped cleanly. With `ends_at`, the lexer reads an input that is not final and must stop
/// at that offset, between two entries; else it must reach the end of a final input.
#[allow(clippy::too_many_arguments)]
fn check_entries<'o>(
    tree: &SyntaxTree<'_>,
    nodes: &[super::tree::Node],
    output: &'o [u8],
    mut lexer: Lexer<'o>,
    reader: &ReaderOptions,
    sorted: bool,
    comments: &mut Vec<&'o [u8]>,
    ends_at: Option<usize>,
) -> (bool, bool) {
    // The output is lexed as the reader lexes it: with its caps.
    let mut same = !sorted;
    let mut clean = true;
    let mut tokens = Vec::new();
    let mut trivia = Vec::new();
    let mut source_nodes = nodes.iter().filter(|n| {
        matches!(
            n.kind,
            NodeKind::Record | NodeKind::Directive | NodeKind::Error
        )
    });
    let mut before: Vec<Tok<'_>> = Vec::new();
    let mut after: Vec<Tok<'o>> = Vec::new();
    loop {
        let entry = match lexer.next_entry(&mut tokens, Some(&mut trivia)) {
            Ok(Lexed::Entry(entry)) => entry,
            Ok(Lexed::End) => break,
            // A complete input is never incomplete; an entry the lexer refuses is an error
            // the full read-back reports.
            Ok(Lexed::Incomplete) => {
                if ends_at != Some(lexer.position()) {
                    same = false;
                    clean = false;
                }
                break;
            }
            Err(_) => {
                same = false;
                continue;
            }
        };
        for t in &trivia {
            if t.kind == TriviaKind::Comment {
                comments.extend(output.get(t.start..t.end));
            }
        }
        if !same {
            continue;
        }
        if entry.end.saturating_sub(entry.start) > reader.max_entry_len {
            same = false;
            continue;
        }
        if tokens.is_empty() {
            continue;
        }
        let Some(node) = source_nodes.next() else {
            // A record the source does not have.
            same = false;
            continue;
        };
        if node.kind == NodeKind::Error || !source_tokens(tree, node, &mut before) {
            same = false;
            continue;
        }
        after.clear();
        let mut end = None;
        for t in &tokens {
            let len = t.source_len();
            after.push(Tok {
                raw: output.get(t.offset..t.offset + len).unwrap_or_default(),
                text: t.text,
                quoted: t.quoted,
                joined: end == Some(t.offset),
            });
            end = Some(t.offset + len);
        }
        same = same_entry(
            &before,
            node.blank_owner,
            &after,
            entry.blank_owner,
            reader.class,
        );
    }
    if source_nodes.next().is_some() {
        // A record of the source is missing.
        same = false;
    }
    (same, clean)
}

/// The tokens of a source node, from its tree elements; false when they cannot be trusted to be
/// the lexer's (a count that disagrees with the lexer's, raw bytes inside).
fn source_tokens<'s>(
    tree: &SyntaxTree<'s>,
    node: &super::tree::Node,
    into: &mut Vec<Tok<'s>>,
) -> bool {
    into.clear();
    let mut end = None;
    for e in tree.elements(node) {
        match e.kind {
            ElementKind::Token { quoted } => {
                let raw = tree.text(e.range());
                let text = if quoted {
                    raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default()
                } else {
                    raw
                };
                into.push(Tok {
                    raw,
                    text,
                    quoted,
                    joined: end == Some(e.start),
                });
                end = Some(e.end);
            }
            ElementKind::Raw => return false,
            _ => {}
        }
    }
    into.len() == node.token_count()
}

/// True when the reader makes the same of the two entries, given the same state before them.
fn same_entry(
    src: &[Tok<'_>],
    src_blank: bool,
    out: &[Tok<'_>],
    out_blank: bool,
    zone_class: Class,
) -> bool {
    if src_blank != out_blank {
        return false;
    }
    // Token for token: the reader cannot tell them apart.
    if src.len() == out.len()
        && src
            .iter()
            .zip(out)
            .all(|(a, b)| a.same(b) && a.joined == b.joined)
    {
        return true;
    }
    let (Some(first), Some(out_first)) = (src.first(), out.first()) else {
        return false;
    };
    let is_directive = |t: &Tok<'_>| !t.quoted && t.text.first() == Some(&b'$');
    if !src_blank && (is_directive(first) || is_directive(out_first)) {
        return is_directive(first) && is_directive(out_first) && same_directive(src, out);
    }
    let (src_rest, out_rest) = if src_blank {
        (src, out)
    } else {
        if !first.same(out_first) {
            return false;
        }
        (
            src.get(1..).unwrap_or_default(),
            out.get(1..).unwrap_or_default(),
        )
    };
    let (Some(a), Some(b)) = (head(src_rest), head(out_rest)) else {
        return false;
    };
    let class_ok = |c: Option<Class>| c.is_none_or(|c| c == zone_class);
    let ttl_ok = match (a.ttl, b.ttl) {
        (None, None) => true,
        (Some(x), Some(y)) => same_ttl(x, y),
        _ => false,
    };
    class_ok(a.class)
        && class_ok(b.class)
        && ttl_ok
        && a.rtype == b.rtype
        && (same_rdata(a.rdata, b.rdata) || same_blob(a.rtype, a.rdata, b.rdata))
}

/// How many rdata fields come before the part the reader reads as one string of base64 or
/// hexadecimal joined from all the remaining tokens (`Fields::base64_rest`, `hex_rest`, and
/// the hexadecimal of RFC 3597 data after `\# length`), by type. Tested: splitting the tokens
/// after these fields anywhere else reads the same.
pub(crate) fn blob_head(rtype: RecordType, generic: bool) -> Option<usize> {
    if generic {
        return Some(2);
    }
    Some(match rtype {
        RecordType::DNSKEY | RecordType::CDNSKEY | RecordType::KEY => 3,
        RecordType::RRSIG | RecordType::SIG => 8,
        RecordType::DS | RecordType::CDS | RecordType::DLV | RecordType::TA => 3,
        RecordType::TLSA | RecordType::SMIMEA | RecordType::ZONEMD | RecordType::CERT => 3,
        RecordType::SSHFP => 2,
        RecordType::IPSECKEY => 4,
        RecordType::OPENPGPKEY | RecordType::DHCID => 0,
        _ => return None,
    })
}

/// Rdata whose fields before the blob are the same and whose blob, unquoted on both sides,
/// joins to the same text (the formatter cuts long keys, signatures and digests into lines of
/// its own width).
fn same_blob(rtype: RecordType, a: &[Tok<'_>], b: &[Tok<'_>]) -> bool {
    let generic = a.first().is_some_and(|t| !t.quoted && t.text == b"\\#");
    let Some(head) = blob_head(rtype, generic) else {
        return false;
    };
    let (Some(a_head), Some(b_head)) = (a.get(..head), b.get(..head)) else {
        return false;
    };
    let a_blob = a.get(head..).unwrap_or_default();
    let b_blob = b.get(head..).unwrap_or_default();
    same_rdata(a_head, b_head)
        && a_blob.iter().chain(b_blob).all(|t| !t.quoted)
        && same_joined(a_blob, b_blob)
}

/// True when the texts of `a` joined equal those of `b` joined (compared piece by piece,
/// nothing copied).
fn same_joined(a: &[Tok<'_>], b: &[Tok<'_>]) -> bool {
    let mut a = a.iter().map(|t| t.text).filter(|t| !t.is_empty());
    let mut b = b.iter().map(|t| t.text).filter(|t| !t.is_empty());
    let (mut x, mut y): (&[u8], &[u8]) = (&[], &[]);
    loop {
        if x.is_empty() {
            x = a.next().unwrap_or_default();
        }
        if y.is_empty() {
            y = b.next().unwrap_or_default();
        }
        match (x.is_empty(), y.is_empty()) {
            (true, true) => return true,
            (false, false) => {}
            _ => return false,
        }
        let n = x.len().min(y.len());
        let (x_head, x_rest) = x.split_at(n);
        let (y_head, y_rest) = y.split_at(n);
        if x_head != y_head {
            return false;
        }
        x = x_rest;
        y = y_rest;
    }
}

/// Rdata tokens: the same, each joined to the one before it as in the source (the first one's
/// place after the type means nothing to the fields, which see the rdata alone).
fn same_rdata(a: &[Tok<'_>], b: &[Tok<'_>]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .enumerate()
            .all(|(i, (x, y))| x.same(y) && (i == 0 || x.joined == y.joined))
}

/// A directive: its name in any letter case (the reader compares names so), a `$TTL` value
/// of the same number of seconds, every other token as it was.
fn same_directive(src: &[Tok<'_>], out: &[Tok<'_>]) -> bool {
    let (Some(name), Some(out_name)) = (src.first(), out.first()) else {
        return false;
    };
    if src.len() != out.len() || !name.text.eq_ignore_ascii_case(out_name.text) {
        return false;
    }
    let is_ttl = name.text.eq_ignore_ascii_case(b"$TTL");
    src.iter().zip(out).enumerate().skip(1).all(|(i, (a, b))| {
        a.joined == b.joined
            && a.quoted == b.quoted
            && (a.raw == b.raw || (i == 1 && is_ttl && !a.quoted && same_ttl(a.text, b.text)))
    })
}

/// Two TTL tokens that both read, as the same number of seconds.
fn same_ttl(a: &[u8], b: &[u8]) -> bool {
    match (crate::ttl::parse_ttl(a), crate::ttl::parse_ttl(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// A record's fields after the owner, split as the reader splits them.
struct Head<'h, 't> {
    ttl: Option<&'t [u8]>,
    class: Option<Class>,
    rtype: RecordType,
    rdata: &'h [Tok<'t>],
}

/// Up to one TTL and one class in either order (found by the reader's own
/// `find_ttl_and_class`), then the type (as `record_type` reads it; the reader's shortcut for
/// common types agrees, since no common mnemonic reads as a class or a TTL — tested). `None`
/// when there is no readable type.
fn head<'h, 't>(tokens: &'h [Tok<'t>]) -> Option<Head<'h, 't>> {
    let found = find_ttl_and_class(tokens.iter().map(|t| (t.quoted, t.text)));
    let used = found.used;
    let ttl = found.ttl.and_then(|at| tokens.get(at)).map(|t| t.text);
    let class = found.class;
    let t = tokens.get(used)?;
    if t.quoted {
        return None;
    }
    let rtype = RecordType::from_mnemonic(t.text)?;
    Some(Head {
        ttl,
        class,
        rtype,
        rdata: tokens.get(used + 1..).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(texts: &[&'static str]) -> Vec<Tok<'static>> {
        texts
            .iter()
            .map(|t| Tok {
                raw: t.as_bytes(),
                text: t.as_bytes(),
                quoted: false,
                joined: false,
            })
            .collect()
    }

    #[test]
    fn joined_texts_compare_however_cut() {
        let same = [
            (&["abcdef"][..], &["ab", "cd", "ef"][..]),
            (&["a", "bcde", "f"], &["abc", "def"]),
            (&[], &[]),
            (&["", "ab"], &["a", "b", ""]),
        ];
        for (a, b) in same {
            assert!(same_joined(&toks(a), &toks(b)), "{a:?} {b:?}");
            assert!(same_joined(&toks(b), &toks(a)), "{b:?} {a:?}");
        }
        let different = [
            (&["abcdef"][..], &["ab", "cd"][..]),
            (&["abc"], &["abd"]),
            (&["ab", "c"], &["abcd"]),
            (&["a"], &[]),
            (&["ab", "cd"], &["ac", "bd"]),
        ];
        for (a, b) in different {
            assert!(!same_joined(&toks(a), &toks(b)), "{a:?} {b:?}");
            assert!(!same_joined(&toks(b), &toks(a)), "{b:?} {a:?}");
        }
    }
}
