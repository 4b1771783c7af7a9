//! The formatting rules (FORMAT.md, "Formatter").
//!
//! The formatter never invents or rewrites data: it keeps the author's tokens (names stay
//! relative where they were, numbers and strings stay as written) and changes only whitespace,
//! line breaks, parentheses, the case of mnemonics, where the class is written and, when asked,
//! how TTLs are written. Each node of the [`SyntaxTree`] becomes one item (a record, a
//! directive, a comment line, a blank line); records are aligned in columns per block (a run of
//! records between blank lines and directives).

use std::borrow::Cow;

use super::tree::{ElementKind, Node, NodeKind, Parts, SyntaxTree};
use super::{FormatOptions, TtlStyle};
use crate::rr::{Class, RecordType};
use crate::zonefile::lexer::{bom_len, Lexed, Lexer};

/// Bytes of output text: borrowed from the source, or made by the formatter.
type Text<'a> = Cow<'a, [u8]>;

/// Columns wider than this do not widen their block: a longer owner pushes only its own line.
const MAX_OWNER_COLUMN: usize = 40;
/// Fewest blanks between columns.
const GAP: usize = 1;
/// Columns start at multiples of this.
const STOP: usize = 4;
/// Blob lines (base64, hex) of wrapped rdata are never cut shorter than this.
const MIN_CHUNK: usize = 44;
/// The field comments written on the SOA's lines when the author wrote none.
const SOA_LABELS: [&str; 5] = ["serial", "refresh", "retry", "expire", "minimum"];

fn newline_of(tree: &SyntaxTree<'_>) -> &'static [u8] {
    if uses_crlf(tree) {
        b"\r\n"
    } else {
        b"\n"
    }
}

/// [`format_tree`] by lowering every node into an item, sorting them if asked, and rendering
/// the list.
pub(crate) fn format_items(
    tree: &SyntaxTree<'_>,
    options: &FormatOptions,
    notes: &mut Vec<String>,
) -> Vec<u8> {
    let newline = newline_of(tree);
    let mut items = Vec::with_capacity(tree.nodes().len());
    let mut tokens = Vec::new();
    for node in tree.nodes() {
        lower(tree, node, options, &mut tokens, &mut items);
    }
    apply_class_policy(&mut items, options.class);
    if options.sort {
        let root = crate::name::Name::root();
        let origin = options.origin.as_ref().unwrap_or(&root);
        items = super::sort::sort_items(items, origin, notes);
    }
    let mut out = Vec::with_capacity(tree.source().len() + tree.source().len() / 4);
    render(&items, options, newline, &mut out);
    out
}

/// True when the first line break of the file is `\r\n`: the output keeps that convention.
/// A carriage return only counts when it is a blank before the break: an escaped one (`\\\r`)
/// belongs to its token, and the output's `\n` after it must not read as `\r\n` next time.
fn uses_crlf(tree: &SyntaxTree<'_>) -> bool {
    let mut before: Option<(ElementKind, usize)> = None;
    for node in tree.nodes() {
        for element in tree.elements(node) {
            if element.kind == ElementKind::LineBreak {
                return before.is_some_and(|(kind, end)| {
                    matches!(kind, ElementKind::Whitespace | ElementKind::Comment)
                        && end > 0
                        && tree.source().get(end - 1) == Some(&b'\r')
                });
            }
            before = Some((element.kind, element.end));
        }
    }
    false
}

/// One line (or multi-line entry) of the output, before layout.
#[derive(Debug, Clone)]
pub(crate) enum Item<'a> {
    /// The byte order mark, written first as it was.
    Bom(&'a [u8]),
    Blank,
    /// A comment on a line of its own.
    Comment(&'a [u8]),
    Directive(Directive<'a>),
    Record(Box<RecordItem<'a>>),
    /// An entry written exactly as it was (without its line break), because the rules do not
    /// cover it (see [`lower_record`]).
    Verbatim(&'a [u8]),
}

/// A `$` directive: its words, and a comment at the end of its line.
#[derive(Debug, Clone)]
pub(crate) struct Directive<'a> {
    pub(crate) words: Vec<Text<'a>>,
    pub(crate) comment: Option<&'a [u8]>,
}

impl Directive<'_> {
    /// The directive's name in upper case (`$ORIGIN`, `$TTL`, ...).
    pub(crate) fn name(&self) -> &[u8] {
        self.words.first().map_or(&b""[..], |w| w.as_ref())
    }
}

/// One rdata token and whether it was quoted.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    pub(crate) text: Text<'a>,
    pub(crate) quoted: bool,
    /// Line of the entry the token is on (0 for the first).
    pub(crate) line: u32,
}

/// A record with its tokens in their roles and its comments attached to tokens.
#[derive(Debug, Clone)]
pub(crate) struct RecordItem<'a> {
    /// The owner token, or `None` for a blank owner.
    pub(crate) owner: Option<Text<'a>>,
    pub(crate) ttl: Option<Text<'a>>,
    pub(crate) class: Option<Text<'a>>,
    /// The type mnemonic in upper case.
    pub(crate) rtype_text: Text<'a>,
    pub(crate) rtype: RecordType,
    /// The type token's line in the entry.
    pub(crate) type_line: u32,
    pub(crate) rdata: Vec<Tok<'a>>,
    /// Comments that stood before the type (on the owner's line of a record split across
    /// lines, or before its first token): written as comment lines above the record.
    pub(crate) hoisted: Vec<&'a [u8]>,
    /// `after[0]`: the comment at the end of the type's line when no rdata token precedes it
    /// there; `after[k]`: the comment at the end of the line rdata token `k-1` ends.
    pub(crate) after: Vec<Option<&'a [u8]>>,
    /// `before[k]`: comments on lines of their own just before rdata token `k-1`
    /// (`before[0]` is unused).
    pub(crate) before: Vec<Vec<&'a [u8]>>,
    /// Comments on lines of their own after the last token.
    pub(crate) end: Vec<&'a [u8]>,
}

impl<'a> RecordItem<'a> {
    /// A record to lower into ([`lower_record`] sets every field).
    fn empty() -> RecordItem<'a> {
        RecordItem {
            owner: None,
            ttl: None,
            class: None,
            rtype_text: Cow::Borrowed(b""),
            rtype: RecordType(0),
            type_line: 0,
            rdata: Vec::new(),
            hoisted: Vec::new(),
            after: Vec::new(),
            before: Vec::new(),
            end: Vec::new(),
        }
    }

    /// The comment the record's only comment is, when it can stay on a single line: the last
    /// comment, after the last token, and no other comment after the type.
    fn single_line_comment(&self) -> Result<Option<&'a [u8]>, ()> {
        if !self.end.is_empty() || self.before.iter().any(|b| !b.is_empty()) {
            return Err(());
        }
        let last = self.after.len().saturating_sub(1);
        for (k, c) in self.after.iter().enumerate() {
            if c.is_some() && k != last {
                return Err(());
            }
        }
        Ok(self.after.get(last).copied().flatten())
    }

    /// True when the record carries Cloudflare metadata in its comment.
    fn has_cf_tags(&self) -> bool {
        self.after
            .iter()
            .flatten()
            .chain(self.end.iter())
            .any(|c| is_cf_tags(c))
    }
}

/// True for a Cloudflare export comment (` ; comment cf_tags=...`), which is kept exactly.
pub(crate) fn is_cf_tags(comment: &[u8]) -> bool {
    memchr::memmem::find(comment, b"cf_tags=").is_some()
}

/// Turns one node into items.
fn lower<'a>(
    tree: &SyntaxTree<'a>,
    node: &Node,
    options: &FormatOptions,
    scratch: &mut Vec<Tok<'a>>,
    items: &mut Vec<Item<'a>>,
) {
    match node.kind {
        NodeKind::ByteOrderMark => items.push(Item::Bom(tree.text(node.range()))),
        NodeKind::Blank => items.push(Item::Blank),
        NodeKind::Comment => {
            for e in tree.elements(node) {
                if e.kind == ElementKind::Comment {
                    items.push(Item::Comment(tree.text(e.range())));
                }
            }
        }
        NodeKind::Directive => items.push(
            lower_directive(tree, node, options)
                .unwrap_or_else(|| Item::Verbatim(verbatim(tree, node))),
        ),
        NodeKind::Record => {
            let mut record = RecordItem::empty();
            items.push(if lower_record(tree, node, options, scratch, &mut record) {
                Item::Record(Box::new(record))
            } else {
                Item::Verbatim(verbatim(tree, node))
            });
        }
        NodeKind::Error => items.push(Item::Verbatim(verbatim(tree, node))),
    }
}

/// The node's bytes without its final line break.
fn verbatim<'a>(tree: &SyntaxTree<'a>, node: &Node) -> &'a [u8] {
    let mut text = tree.text(node.range());
    if let Some(rest) = text.strip_suffix(b"\n") {
        text = rest;
    }
    // Every carriage return at the end goes, not only one of a CRLF: a stray `\r\r` would
    // otherwise lose one per run and formatting would not be idempotent. A backslash does not
    // escape a carriage return (the lexer reads it as a blank), so none is part of a token.
    while let Some(rest) = text.strip_suffix(b"\r") {
        text = rest;
    }
    text
}

/// True when an unquoted token ends in an unpaired backslash: followed by a blank it would
/// escape the blank and join two tokens, so such an entry is written as it was.
fn ends_in_backslash(text: &[u8]) -> bool {
    text.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// A directive as words and a comment; `None` when it has comments inside parentheses or
/// bytes the rules do not cover.
fn lower_directive<'a>(
    tree: &SyntaxTree<'a>,
    node: &Node,
    options: &FormatOptions,
) -> Option<Item<'a>> {
    let mut words: Vec<Text<'a>> = Vec::new();
    let mut comment = None;
    let mut last_end = None;
    let mut word_start = 0;
    for e in tree.elements(node) {
        let text = tree.text(e.range());
        match e.kind {
            ElementKind::Token { quoted } => {
                if comment.is_some() || (!quoted && ends_in_backslash(text)) {
                    return None;
                }
                // Tokens written with nothing between them stay together.
                if last_end == Some(e.start) {
                    let start = word_start;
                    if let Some(word) = words.last_mut() {
                        *word = Cow::Borrowed(tree.text(start..e.end));
                    }
                } else {
                    word_start = e.start;
                    words.push(Cow::Borrowed(text));
                }
                last_end = Some(e.end);
            }
            ElementKind::Comment => {
                if comment.is_some() {
                    return None;
                }
                comment = Some(text);
            }
            ElementKind::Raw => return None,
            _ => {}
        }
    }
    let name = words.first_mut()?;
    // A directive joined to a quoted argument (`$ORIGIN"s1"`) is written as it was: upper-casing
    // the whole word would change the argument.
    if name.contains(&b'"') {
        return None;
    }
    *name = Cow::Owned(name.to_ascii_uppercase());
    if name.as_ref() == b"$TTL" {
        if let Some(value) = words.get_mut(1) {
            *value = restyle_ttl(value, options.ttl);
        }
    }
    Some(Item::Directive(Directive { words, comment }))
}

/// A TTL written in the requested style (as written when it cannot be read).
fn restyle_ttl<'a>(text: &Text<'a>, style: TtlStyle) -> Text<'a> {
    // Kept as written whether it reads or not: no need to read it.
    if style == TtlStyle::Keep {
        return text.clone();
    }
    let Ok(value) = crate::ttl::parse_ttl(text) else {
        return text.clone();
    };
    match style {
        TtlStyle::Keep => text.clone(),
        TtlStyle::Seconds => Cow::Owned(value.to_string().into_bytes()),
        TtlStyle::Units => Cow::Owned(crate::ttl::format_units(value).into_bytes()),
    }
}

/// A record's tokens in their roles, comments attached, written into `into` (whose buffers are
/// reused: the streaming path lowers every record twice); false for what is written verbatim:
/// an entry with raw bytes, a token ending in an unpaired backslash, or no readable type.
/// `tokens` is scratch space.
fn lower_record<'a>(
    tree: &SyntaxTree<'a>,
    node: &Node,
    options: &FormatOptions,
    tokens: &mut Vec<Tok<'a>>,
    into: &mut RecordItem<'a>,
) -> bool {
    lower_record_into(tree, node, options, tokens, into, false).is_some()
}

/// `head_only`: a record without comments gets its head and no rdata (all the first pass of
/// [`format_parts`] needs: the head's widths, and that it has no comment).
fn lower_record_into<'a>(
    tree: &SyntaxTree<'a>,
    node: &Node,
    options: &FormatOptions,
    tokens: &mut Vec<Tok<'a>>,
    into: &mut RecordItem<'a>,
    head_only: bool,
) -> Option<()> {
    // Tokens with their lines, and comments with their place.
    struct Comment<'a> {
        text: &'a [u8],
        /// Index of the token before it (`None`: before every token).
        after_token: Option<usize>,
        own_line: bool,
    }
    tokens.clear();
    // Where the last token (joined ones together) starts and ends in the source.
    let mut span = (0, 0);
    let mut comments: Vec<Comment<'a>> = Vec::new();
    let mut line = 0u32;
    let mut line_has_token = false;
    // The first token made of several joined ones.
    let mut first_joined: Option<usize> = None;
    for e in tree.elements(node) {
        let text = tree.text(e.range());
        match e.kind {
            ElementKind::Token { quoted } => {
                if !quoted && ends_in_backslash(text) {
                    return None;
                }
                // Tokens written with nothing between them (`alpn="h2,h3"`) stay together:
                // some fields read them as one.
                let last_index = tokens.len().checked_sub(1);
                match tokens.last_mut() {
                    Some(last) if span.1 == e.start => {
                        span.1 = e.end;
                        first_joined = first_joined.or(last_index);
                        last.text = Cow::Borrowed(tree.text(span.0..span.1));
                        last.quoted |= quoted;
                    }
                    _ => {
                        span = (e.start, e.end);
                        tokens.push(Tok {
                            text: Cow::Borrowed(text),
                            quoted,
                            line,
                        });
                    }
                }
                line_has_token = true;
            }
            ElementKind::Comment => comments.push(Comment {
                text,
                after_token: tokens.len().checked_sub(1),
                own_line: !line_has_token,
            }),
            ElementKind::LineBreak => {
                line += 1;
                line_has_token = false;
            }
            ElementKind::Raw => return None,
            ElementKind::OpenParen | ElementKind::CloseParen | ElementKind::Whitespace => {}
        }
    }

    // Owner, then up to one TTL and one class in either order (as the reader splits them).
    let mut at = 0;
    let owner = if node.blank_owner {
        None
    } else {
        at = 1;
        Some(tokens.first()?.text.clone())
    };
    let mut ttl = None;
    let mut class = None;
    while at < tokens.len() && (ttl.is_none() || class.is_none()) {
        let token = tokens.get(at)?;
        if token.quoted {
            break;
        }
        if class.is_none() && Class::from_mnemonic(&token.text).is_some() {
            class = Some(upper_case(&token.text));
        } else if ttl.is_none() && crate::ttl::looks_like_ttl(&token.text) {
            ttl = Some(restyle_ttl(&token.text, options.ttl));
        } else {
            break;
        }
        at += 1;
    }
    let type_index = at;
    let type_token = tokens.get(type_index)?;
    // The reader splits joined tokens (`" "TXT` is an owner and a type): an entry whose head
    // fields are joined would be re-split differently, so it is written as it was.
    if type_token.quoted || first_joined.is_some_and(|i| i <= type_index) {
        return None;
    }
    let rtype = RecordType::from_mnemonic(&type_token.text)?;
    let rtype_text = upper_case(&type_token.text);
    if rtype_text != type_token.text && RecordType::from_mnemonic(&rtype_text) != Some(rtype) {
        return None;
    }
    let type_line = type_token.line;
    into.owner = owner;
    into.ttl = ttl;
    into.class = class;
    into.rtype_text = rtype_text;
    into.rtype = rtype;
    into.type_line = type_line;
    let rdata = &mut into.rdata;
    rdata.clear();
    if head_only && comments.is_empty() {
        into.after.clear();
        into.before.clear();
        into.end.clear();
        into.hoisted.clear();
        return Some(());
    }
    // Exactly sized: a file's records are held at once when sorting.
    rdata.extend(tokens.drain(type_index + 1..));
    uppercase_rdata_mnemonics(rtype, rdata);

    let n = rdata.len();
    // Most records have no comment after the type: no tables for them.
    let inside = comments
        .iter()
        .any(|c| c.after_token.is_some_and(|t| t >= type_index));
    let slots = if inside { n + 1 } else { 0 };
    let after = &mut into.after;
    after.clear();
    after.resize(slots, None);
    let before = &mut into.before;
    before.clear();
    before.resize(slots, Vec::new());
    let end = &mut into.end;
    end.clear();
    let hoisted = &mut into.hoisted;
    hoisted.clear();
    for c in comments {
        let k = match c.after_token {
            Some(t) if t >= type_index => t - type_index,
            _ => {
                hoisted.push(c.text);
                continue;
            }
        };
        if c.own_line {
            match before.get_mut(k + 1) {
                Some(list) => list.push(c.text),
                None => end.push(c.text),
            }
        } else if let Some(slot) = after.get_mut(k) {
            // Only one comment ends a line; keep a second one rather than lose it.
            match slot {
                None => *slot = Some(c.text),
                Some(_) => end.push(c.text),
            }
        }
    }
    Some(())
}

/// `text` in upper case, borrowed when it already is.
fn upper_case<'a>(text: &Text<'a>) -> Text<'a> {
    if text.iter().any(u8::is_ascii_lowercase) {
        Cow::Owned(text.to_ascii_uppercase())
    } else {
        text.clone()
    }
}

/// Upper-cases the type mnemonics inside rdata: the type an RRSIG covers, the type lists of
/// NSEC, NSEC3 and CSYNC. Only tokens that read as the same type in upper case are touched.
fn uppercase_rdata_mnemonics(rtype: RecordType, rdata: &mut [Tok<'_>]) {
    if rdata.first().is_some_and(|t| t.text.as_ref() == b"\\#") {
        return;
    }
    let range = match rtype {
        RecordType::RRSIG | RecordType::SIG => 0..1.min(rdata.len()),
        RecordType::NSEC => 1.min(rdata.len())..rdata.len(),
        RecordType::NSEC3 => 5.min(rdata.len())..rdata.len(),
        RecordType::CSYNC => 2.min(rdata.len())..rdata.len(),
        _ => return,
    };
    for tok in rdata.get_mut(range).unwrap_or_default() {
        if tok.quoted || !tok.text.iter().any(u8::is_ascii_lowercase) {
            continue;
        }
        let upper = tok.text.to_ascii_uppercase();
        let same = match RecordType::from_mnemonic(&tok.text) {
            Some(t) => RecordType::from_mnemonic(&upper) == Some(t),
            None => false,
        };
        if same {
            tok.text = Cow::Owned(upper);
        }
    }
}

/// Class written on every record or on none: on every record when at least half of the
/// records write one (the zone's class where it was missing), on none otherwise.
fn apply_class_policy(items: &mut [Item<'_>], zone_class: Class) {
    let (mut with, mut total) = (0usize, 0usize);
    for item in items.iter() {
        if let Item::Record(r) = item {
            total += 1;
            with += usize::from(r.class.is_some());
        }
    }
    let write = total > 0 && with * 2 >= total;
    let zone_text = zone_class_text(zone_class);
    for item in items.iter_mut() {
        if let Item::Record(r) = item {
            apply_class(r, write, &zone_text);
        }
    }
}

/// The class written on records that lack one.
fn zone_class_text(zone_class: Class) -> Text<'static> {
    match zone_class.mnemonic() {
        Some(m) => Cow::Borrowed(m.as_bytes()),
        None => Cow::Owned(zone_class.to_string().into_bytes()),
    }
}

/// The class policy on one record: the class on it (the zone's where it had none), or none.
fn apply_class<'a>(r: &mut RecordItem<'a>, write: bool, zone_text: &Text<'static>) {
    if !write {
        r.class = None;
    } else if r.class.is_none() {
        r.class = Some(zone_text.clone());
    }
}

/// Display width: characters, counting each UTF-8 sequence (or stray byte) as one.
fn width(text: &[u8]) -> usize {
    text.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// Widths of a block's columns, each with the blanks after it (0: the column is absent from
/// the block). Columns end on tab stops ([`STOP`]), so blocks of similar records line up with
/// each other too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Columns {
    owner: usize,
    ttl: usize,
    class: usize,
    rtype: usize,
}

/// `width` plus at least [`GAP`] blanks, up to the next multiple of [`STOP`].
fn field(width: usize) -> usize {
    (width + GAP).div_ceil(STOP) * STOP
}

/// The widths a block's columns are made from ([`Widths::columns`]).
#[derive(Debug, Clone, Copy, Default)]
struct Widths {
    owner: usize,
    ttl: usize,
    class: usize,
    rtype: usize,
}

impl Widths {
    /// Adds a record, whose class is written `class` characters wide.
    fn add(&mut self, r: &RecordItem<'_>, class: usize) {
        let w = r.owner.as_deref().map_or(0, width);
        if w <= MAX_OWNER_COLUMN {
            self.owner = self.owner.max(w);
        }
        self.ttl = self.ttl.max(r.ttl.as_deref().map_or(0, width));
        self.class = self.class.max(class);
        self.rtype = self.rtype.max(width(&r.rtype_text));
    }

    fn columns(&self) -> Columns {
        let optional = |w: usize| if w == 0 { 0 } else { field(w) };
        Columns {
            owner: field(self.owner),
            ttl: optional(self.ttl),
            class: optional(self.class),
            rtype: field(self.rtype),
        }
    }
}

impl Columns {
    /// Column where the rdata starts.
    fn rdata(&self) -> usize {
        self.owner + self.ttl + self.class + self.rtype
    }
}

/// Appends `text` and blanks up to `to` characters (at least [`GAP`]).
fn cell(out: &mut Vec<u8>, text: &[u8], to: usize) {
    out.extend_from_slice(text);
    let w = width(text);
    spaces(out, to.saturating_sub(w).max(GAP));
}

fn spaces(out: &mut Vec<u8>, n: usize) {
    out.resize(out.len() + n, b' ');
}

/// Writes the owner, TTL, class and type cells (and the blanks after the type).
fn write_header(out: &mut Vec<u8>, r: &RecordItem<'_>, cols: &Columns) {
    cell(out, r.owner.as_deref().unwrap_or_default(), cols.owner);
    if cols.ttl > 0 {
        cell(out, r.ttl.as_deref().unwrap_or_default(), cols.ttl);
    }
    if cols.class > 0 {
        cell(out, r.class.as_deref().unwrap_or_default(), cols.class);
    }
    cell(out, &r.rtype_text, cols.rtype);
}

/// Width of the rdata written on one line.
fn joined_width<'t, I: IntoIterator<Item = &'t Text<'t>>>(tokens: I) -> usize {
    let mut total = 0;
    let mut first = true;
    for t in tokens {
        total += width(t) + usize::from(!first);
        first = false;
    }
    total
}

fn write_joined<'t, I: IntoIterator<Item = &'t Text<'t>>>(out: &mut Vec<u8>, tokens: I) {
    let mut first = true;
    for t in tokens {
        if !first {
            out.push(b' ');
        }
        out.extend_from_slice(t);
        first = false;
    }
}

/// Removes blanks at the end of the output's last line, but not a blank escaped by a backslash
/// (`TXT \ ` is a one-space string): the token ends with it.
fn trim_end(out: &mut Vec<u8>) {
    while out.last() == Some(&b' ') {
        let before = out.len().saturating_sub(1);
        let backslashes = out
            .get(..before)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            break;
        }
        out.pop();
    }
}

/// Writes a comment: cf_tags comments exactly, others without trailing blanks.
fn write_comment(out: &mut Vec<u8>, comment: &[u8]) {
    if is_cf_tags(comment) {
        out.extend_from_slice(comment);
    } else {
        let end = comment
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r'))
            .map_or(0, |p| p + 1);
        out.extend_from_slice(comment.get(..end).unwrap_or(comment));
    }
}

/// Renders the items: blank lines collapsed, blocks aligned.
fn render(items: &[Item<'_>], options: &FormatOptions, newline: &[u8], out: &mut Vec<u8>) {
    let mut blanks = Blanks::default();
    let mut i = 0;
    while i < items.len() {
        match items.get(i) {
            Some(Item::Bom(b)) => {
                out.extend_from_slice(b);
                i += 1;
                continue;
            }
            Some(Item::Blank) => {
                blanks.blank_line();
                i += 1;
                continue;
            }
            _ => {}
        }
        blanks.before_text(out, newline);
        match items.get(i) {
            Some(Item::Directive(d)) => {
                write_directive(out, d, newline);
                i += 1;
            }
            Some(Item::Comment(_)) | Some(Item::Record(_)) | Some(Item::Verbatim(_)) => {
                // A block: everything up to the next blank line or directive.
                let start = i;
                while items.get(i).is_some_and(in_block) {
                    i += 1;
                }
                render_block(
                    items.get(start..i).unwrap_or_default(),
                    options,
                    newline,
                    out,
                );
            }
            _ => i += 1,
        }
    }
}

/// True for the items that make up blocks (blank lines and directives separate them).
fn in_block(item: &Item<'_>) -> bool {
    matches!(item, Item::Comment(_) | Item::Record(_) | Item::Verbatim(_))
}

fn write_directive(out: &mut Vec<u8>, d: &Directive<'_>, newline: &[u8]) {
    write_joined(out, d.words.iter());
    trim_end(out);
    if let Some(c) = d.comment {
        out.push(b' ');
        write_comment(out, c);
    }
    out.extend_from_slice(newline);
}

/// A block's columns, and the column its single-line comments start at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct BlockLayout {
    cols: Columns,
    comment_col: usize,
}

/// The column a record's comment asks for, when the record is written on one line with a
/// comment that is aligned: just after the record, unless that is past the width (0: none).
fn comment_column(r: &RecordItem<'_>, cols: &Columns, options: &FormatOptions) -> usize {
    if layout_single(r, cols, options).is_none() {
        return 0;
    }
    match r.single_line_comment() {
        Ok(Some(c)) if !is_cf_tags(c) => {
            let len = line_width(r, cols);
            if len <= options.width {
                len + 1
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// Renders a block of records, comment lines and verbatim entries with one set of columns.
fn render_block(block: &[Item<'_>], options: &FormatOptions, newline: &[u8], out: &mut Vec<u8>) {
    let records = block.iter().filter_map(|item| match item {
        Item::Record(r) => Some(&**r),
        _ => None,
    });
    let mut widths = Widths::default();
    for r in records.clone() {
        widths.add(r, r.class.as_deref().map_or(0, width));
    }
    let cols = widths.columns();
    // Where single-line comments go: one column for the block, after the longest line that
    // has a comment (lines longer than the width do not push it).
    let comment_col = records
        .map(|r| comment_column(r, &cols, options))
        .max()
        .unwrap_or(0);
    let layout = BlockLayout { cols, comment_col };
    for item in block {
        emit(out, item, &layout, options, newline);
    }
}

/// Writes one item of a block.
fn emit(
    out: &mut Vec<u8>,
    item: &Item<'_>,
    layout: &BlockLayout,
    options: &FormatOptions,
    newline: &[u8],
) {
    match item {
        Item::Comment(c) => {
            write_comment(out, c);
            out.extend_from_slice(newline);
        }
        Item::Verbatim(text) => {
            out.extend_from_slice(text);
            out.extend_from_slice(newline);
        }
        Item::Record(r) => emit_record(out, r, layout, options, newline),
        _ => {}
    }
}

fn emit_record(
    out: &mut Vec<u8>,
    r: &RecordItem<'_>,
    layout: &BlockLayout,
    options: &FormatOptions,
    newline: &[u8],
) {
    let cols = &layout.cols;
    let rdata_col = cols.rdata();
    let single = match layout_single(r, cols, options) {
        Some(_) => r.single_line_comment().ok().map(|c| (&r.rdata[..], c)),
        None => None,
    };
    let multi = match single {
        Some(_) => None,
        None => Some(layout_multi(r, rdata_col, options)),
    };
    let hoisted = multi.as_ref().map_or(&r.hoisted, |m| &m.hoisted);
    for c in hoisted {
        write_comment(out, c);
        out.extend_from_slice(newline);
    }
    let line_start = out.len();
    write_header(out, r, cols);
    if let Some((tokens, comment)) = single {
        write_joined(out, tokens.iter().map(|t| &t.text));
        trim_end(out);
        if let Some(c) = comment {
            if is_cf_tags(c) {
                out.push(b' ');
            } else {
                let at = width(out.get(line_start..).unwrap_or_default());
                spaces(out, layout.comment_col.saturating_sub(at).max(1));
            }
            write_comment(out, c);
        }
        out.extend_from_slice(newline);
    }
    if let Some(m) = &multi {
        write_multi(out, m, rdata_col, newline);
    }
}

/// What one node lowered to: a record (in the caller's [`RecordItem`]) or items.
fn lower_one<'a>(
    tree: &SyntaxTree<'a>,
    node: &Node,
    options: &FormatOptions,
    tokens: &mut Vec<Tok<'a>>,
    record: &mut RecordItem<'a>,
    items: &mut Vec<Item<'a>>,
    head_only: bool,
) -> bool {
    items.clear();
    if node.kind == NodeKind::Record {
        if lower_record_into(tree, node, options, tokens, record, head_only).is_some() {
            return true;
        }
        items.push(Item::Verbatim(verbatim(tree, node)));
        return false;
    }
    lower(tree, node, options, tokens, items);
    false
}

/// How many bytes of the source [`format_parts`] takes at a time: a part's tree (about five
/// times its size) stays in the caches while it is formatted and checked.
pub(crate) const PART_BYTES: usize = 256 << 10;

/// The formatting rules without sorting, holding neither the file's tree nor an item per
/// record: the source is taken in parts of about `part_bytes` ([`Parts`]). A first pass over
/// the parts finds the class policy, the line breaks, and each block's columns and comment
/// column under both class policies; a second builds each part's tree again, lowers each node
/// and writes it, then hands the part's tree and the output so far to `on_part` with where the
/// part's output starts and whether it is the last (`on_part` may take the output away: what
/// is written next only appends). Both lower into one reused record, so a
/// record costs no allocation. Gives the same bytes as lowering the whole tree into items and
/// rendering them (tested against [`format_items`] with parts of every size).
pub(crate) fn format_parts<'s>(
    source: &'s [u8],
    options: &FormatOptions,
    part_bytes: usize,
    mut on_part: impl FnMut(SyntaxTree<'s>, &mut Vec<u8>, usize, bool),
) -> Vec<u8> {
    let zone_text = zone_class_text(options.class);
    let zone_width = width(&zone_text);
    let mut tokens = Vec::new();
    let mut record = RecordItem::empty();
    let mut items = Vec::new();

    // The open block's widths with the class written on every record and on none, and what
    // its commented records need to place the comment column.
    let mut written = Widths::default();
    let mut bare = Widths::default();
    let mut commented: Vec<Commented> = Vec::new();
    let mut in_a_block = false;
    // Each block's layouts (class written, class left out), runs of equal ones counted.
    let mut layouts: Vec<((BlockLayout, BlockLayout), usize)> = Vec::new();
    let mut close = |written: &mut Widths, bare: &mut Widths, commented: &mut Vec<Commented>| {
        let layout = |w: &Widths| {
            let cols = w.columns();
            let comment_col = commented
                .iter()
                .map(|c| c.column(&cols, options))
                .max()
                .unwrap_or(0);
            BlockLayout { cols, comment_col }
        };
        let both = (layout(written), layout(bare));
        match layouts.last_mut() {
            Some((last, n)) if *last == both => *n += 1,
            _ => layouts.push((both, 1)),
        }
        *written = Widths::default();
        *bare = Widths::default();
        commented.clear();
    };
    let mut crlf = Crlf::default();
    let (mut with, mut total) = (0usize, 0usize);
    // What one node of the first pass adds to the layouts.
    // `None`: a record already lowered into `record`.
    let mut visit = |node: Option<(&SyntaxTree<'s>, &Node)>,
                     record: &mut RecordItem<'s>,
                     tokens: &mut Vec<Tok<'s>>,
                     items: &mut Vec<Item<'s>>| {
        let lowered = match node {
            None => true,
            Some((tree, node)) => lower_one(tree, node, options, tokens, record, items, true),
        };
        if lowered {
            in_a_block = true;
            total += 1;
            with += usize::from(record.class.is_some());
            let class_width = record.class.as_deref().map_or(zone_width, width);
            written.add(record, class_width);
            bare.add(record, 0);
            if matches!(record.single_line_comment(), Ok(Some(c)) if !is_cf_tags(c)) {
                commented.extend(Commented::of(record));
            }
            return;
        }
        for item in items.iter() {
            if in_block(item) {
                in_a_block = true;
            } else if in_a_block {
                close(&mut written, &mut bare, &mut commented);
                in_a_block = false;
            }
        }
    };
    // The first pass takes the lexer's entries as they come: a record without comments (most
    // of them) gives its head straight from its tokens ([`head_from_tokens`]); any other entry
    // becomes a node of a one-entry tree and goes the way of the second pass.
    let mut entry = SyntaxTree::empty(source);
    let bom = bom_len(source);
    if bom > 0 {
        entry.push_raw(NodeKind::ByteOrderMark, 0, bom, 1, false);
    }
    let mut lexer = Lexer::resume(source, 0, bom, 1, true).with_max_tokens(usize::MAX);
    let mut lexed = Vec::new();
    let mut trivia = Vec::new();
    let mut at = bom;
    loop {
        let line = lexer.line();
        match lexer.next_entry(&mut lexed, Some(&mut trivia)) {
            Ok(Lexed::Entry(e)) => {
                let end = lexer.position().max(at);
                if crlf.found.is_some()
                    && head_from_tokens(source, &e, &lexed, &trivia, options, &mut record)
                {
                    visit(None, &mut record, &mut tokens, &mut items);
                } else {
                    entry.push_entry(at, end, line, e.blank_owner, &lexed, &trivia);
                }
                at = end;
            }
            Err(e) => {
                let end = lexer.position().max(at);
                entry.push_raw(NodeKind::Error, at, end, line, e.entry.blank_owner);
                at = end;
            }
            Ok(Lexed::End) | Ok(Lexed::Incomplete) => {
                if at < source.len() {
                    // As in `SyntaxTree::parse_part`: no byte is ever lost.
                    entry.push_raw(NodeKind::Error, at, source.len(), lexer.line(), false);
                    at = source.len();
                }
            }
        }
        crlf.scan(&entry);
        for node in entry.nodes() {
            visit(Some((&entry, node)), &mut record, &mut tokens, &mut items);
        }
        entry.clear();
        if at >= source.len() {
            break;
        }
    }
    if in_a_block {
        close(&mut written, &mut bare, &mut commented);
    }
    let write_class = total > 0 && with * 2 >= total;
    let newline: &[u8] = if crlf.found == Some(true) {
        b"\r\n"
    } else {
        b"\n"
    };

    let mut out = Vec::with_capacity(source.len() + source.len() / 4);
    let mut blanks = Blanks::default();
    let mut layouts = layouts
        .iter()
        .flat_map(|(both, n)| std::iter::repeat_n(if write_class { both.0 } else { both.1 }, *n));
    let mut layout = BlockLayout::default();
    in_a_block = false;
    for (tree, last) in Parts::new(source, part_bytes) {
        let from = out.len();
        for node in tree.nodes() {
            let is_record = lower_one(
                &tree,
                node,
                options,
                &mut tokens,
                &mut record,
                &mut items,
                false,
            );
            if is_record {
                apply_class(&mut record, write_class, &zone_text);
                if !in_a_block {
                    blanks.before_text(&mut out, newline);
                    layout = layouts.next().unwrap_or_default();
                    in_a_block = true;
                }
                emit_record(&mut out, &record, &layout, options, newline);
                continue;
            }
            for item in &items {
                if in_block(item) {
                    if !in_a_block {
                        blanks.before_text(&mut out, newline);
                        layout = layouts.next().unwrap_or_default();
                        in_a_block = true;
                    }
                    emit(&mut out, item, &layout, options, newline);
                    continue;
                }
                in_a_block = false;
                match item {
                    Item::Bom(b) => out.extend_from_slice(b),
                    Item::Blank => blanks.blank_line(),
                    Item::Directive(d) => {
                        blanks.before_text(&mut out, newline);
                        write_directive(&mut out, d, newline);
                    }
                    Item::Comment(_) | Item::Verbatim(_) | Item::Record(_) => {}
                }
            }
        }
        #[cfg(test)]
        fault::inject(&mut out, from);
        on_part(tree, &mut out, from, last);
    }
    out
}

/// A fault the tests put into the rules' output, as a formatter bug would: in each part's
/// text, the first `.0` replaced with `.1` (of the same length). Per thread: the rules run on
/// the caller's.
#[cfg(test)]
pub(crate) mod fault {
    use std::cell::Cell;

    thread_local! {
        pub(crate) static FAULT: Cell<Option<(&'static [u8], &'static [u8])>> = const { Cell::new(None) };
    }

    pub(super) fn inject(out: &mut [u8], from: usize) {
        let Some((wrong, by)) = FAULT.get() else {
            return;
        };
        let part = out.get_mut(from..).unwrap_or_default();
        if let Some(at) = memchr::memmem::find(part, wrong) {
            if let Some(bytes) = part.get_mut(at..at + by.len()) {
                bytes.copy_from_slice(by);
            }
        }
    }
}

/// The first pass's lowering of an entry the lexer read (`tokens`, `trivia`) when it is a
/// record without comments: `into` gets what [`lower_record_into`] with `head_only` gives it
/// for the entry's node (owner, TTL, class and type; no rdata, no comments), without building
/// the node. False for every other entry (directives, comments, blank lines; records written
/// as they were, or with a comment), which the caller lowers from a node as before; so false
/// is always safe, and true only where the node's lowering would give a record with this
/// head (tested by comparing the whole output with the item list's on every testdata file).
fn head_from_tokens<'s>(
    source: &'s [u8],
    entry: &crate::zonefile::lexer::Entry,
    tokens: &[crate::rr::Token<'s>],
    trivia: &[crate::zonefile::lexer::Trivia],
    options: &FormatOptions,
    into: &mut RecordItem<'s>,
) -> bool {
    use crate::zonefile::lexer::TriviaKind;
    let Some(first) = tokens.first() else {
        return false;
    };
    if trivia.iter().any(|t| t.kind == TriviaKind::Comment)
        || (!entry.blank_owner && !first.quoted && first.text.first() == Some(&b'$'))
    {
        return false;
    }
    let raw = |t: &crate::rr::Token<'s>| -> &'s [u8] {
        source
            .get(t.offset..t.offset + t.source_len())
            .unwrap_or_default()
    };
    // The first token written right after the one before it: the node's lowering joins them.
    let mut first_joined = None;
    let mut end = None;
    for (i, t) in tokens.iter().enumerate() {
        if !t.quoted && ends_in_backslash(raw(t)) {
            return false;
        }
        if first_joined.is_none() && end == Some(t.offset) {
            first_joined = Some(i);
        }
        end = Some(t.offset + t.source_len());
    }
    let mut at = 0;
    let owner = if entry.blank_owner {
        None
    } else {
        at = 1;
        Some(Cow::Borrowed(raw(first)))
    };
    let mut ttl = None;
    let mut class = None;
    while ttl.is_none() || class.is_none() {
        let Some(token) = tokens.get(at) else {
            return false;
        };
        let text = raw(token);
        if token.quoted {
            break;
        }
        if class.is_none() && Class::from_mnemonic(text).is_some() {
            class = Some(upper_case(&Cow::Borrowed(text)));
        } else if ttl.is_none() && crate::ttl::looks_like_ttl(text) {
            ttl = Some(restyle_ttl(&Cow::Borrowed(text), options.ttl));
        } else {
            break;
        }
        at += 1;
    }
    // Tokens joined up to the type (the joined one being at most the type's successor) are a
    // head the node's lowering writes as it was; joined ones after it are rdata.
    let Some(type_token) = tokens.get(at) else {
        return false;
    };
    if type_token.quoted || first_joined.is_some_and(|j| j <= at + 1) {
        return false;
    }
    let type_text = Cow::Borrowed(raw(type_token));
    let Some(rtype) = RecordType::from_mnemonic(&type_text) else {
        return false;
    };
    let rtype_text = upper_case(&type_text);
    if rtype_text != type_text && RecordType::from_mnemonic(&rtype_text) != Some(rtype) {
        return false;
    }
    into.owner = owner;
    into.ttl = ttl;
    into.class = class;
    into.rtype_text = rtype_text;
    into.rtype = rtype;
    into.type_line = 0;
    into.rdata.clear();
    into.after.clear();
    into.before.clear();
    into.end.clear();
    into.hoisted.clear();
    true
}

/// [`uses_crlf`] over the parts of a source, one after the other.
#[derive(Debug, Default)]
struct Crlf {
    /// The element before the next one: its kind, and whether it ends in a carriage return.
    before: Option<(ElementKind, bool)>,
    found: Option<bool>,
}

impl Crlf {
    fn scan(&mut self, tree: &SyntaxTree<'_>) {
        if self.found.is_some() {
            return;
        }
        for node in tree.nodes() {
            for element in tree.elements(node) {
                if element.kind == ElementKind::LineBreak {
                    self.found = Some(self.before.is_some_and(|(kind, cr)| {
                        matches!(kind, ElementKind::Whitespace | ElementKind::Comment) && cr
                    }));
                    return;
                }
                let cr = element.end > 0 && tree.source().get(element.end - 1) == Some(&b'\r');
                self.before = Some((element.kind, cr));
            }
        }
    }
}

/// What a record whose one comment ends its line needs to place the block's comment column
/// ([`comment_column`]) once the block's columns are known: written on one line, its width is
/// the header's plus `line`; `wrap`, for the types that wrap, the width that decides whether
/// it does. `None` for an SOA, which is never on one line.
#[derive(Debug, Clone, Copy)]
struct Commented {
    owner: usize,
    line: usize,
    wrap: Option<usize>,
}

impl Commented {
    fn of(r: &RecordItem<'_>) -> Option<Commented> {
        if is_soa_form(r) {
            return None;
        }
        let line = joined_width(r.rdata.iter().map(|t| &t.text));
        Some(Commented {
            owner: r.owner.as_deref().map_or(0, width),
            line,
            wrap: match wrap_rule(r) {
                Some(Wrap::Blob(head, _)) => Some(blob_width(r, head)),
                Some(Wrap::Strings) => Some(line),
                None => None,
            },
        })
    }

    /// [`comment_column`] of the record under `cols`.
    fn column(&self, cols: &Columns, options: &FormatOptions) -> usize {
        let header = header_width(self.owner, cols);
        if self.wrap.is_some_and(|w| header + w > options.width) {
            return 0;
        }
        let len = header + self.line;
        if len <= options.width {
            len + 1
        } else {
            0
        }
    }
}

/// Blank lines: none at the start or end, at most one in a row.
#[derive(Debug, Default)]
struct Blanks {
    pending: bool,
    wrote_any: bool,
}

impl Blanks {
    fn blank_line(&mut self) {
        self.pending = self.wrote_any;
    }

    /// Before a directive or a block: the blank line that stood before it, if any.
    fn before_text(&mut self, out: &mut Vec<u8>, newline: &[u8]) {
        if self.pending {
            out.extend_from_slice(newline);
            self.pending = false;
        }
        self.wrote_any = true;
    }
}

/// Width of a record's owner, TTL, class and type cells, the owner `owner` characters wide.
fn header_width(owner: usize, cols: &Columns) -> usize {
    (owner + GAP).max(cols.owner) + cols.rdata() - cols.owner
}

/// Width of a record written on one line (without its comment).
fn line_width(r: &RecordItem<'_>, cols: &Columns) -> usize {
    header_width(r.owner.as_deref().map_or(0, width), cols)
        + joined_width(r.rdata.iter().map(|t| &t.text))
}

/// Width of a record on one line with its blob (base64, hex) counted as one token, so that
/// how the author split the blob does not decide whether it wraps.
fn wrap_width(r: &RecordItem<'_>, cols: &Columns, head: &[usize]) -> usize {
    header_width(r.owner.as_deref().map_or(0, width), cols) + blob_width(r, head)
}

/// [`wrap_width`] without the header.
fn blob_width(r: &RecordItem<'_>, head: &[usize]) -> usize {
    let head_len: usize = head.iter().sum();
    let head_tokens = r.rdata.get(..head_len).unwrap_or(&r.rdata);
    let blob: usize = r
        .rdata
        .get(head_len..)
        .unwrap_or_default()
        .iter()
        .map(|t| width(&t.text))
        .sum();
    joined_width(head_tokens.iter().map(|t| &t.text)) + usize::from(blob > 0) + blob
}

/// The tokens and comment of a record that is written on one line; `None` when it takes
/// several (SOA, comments inside, long rdata of the types that wrap).
fn layout_single<'r, 'a>(
    r: &'r RecordItem<'a>,
    cols: &Columns,
    options: &FormatOptions,
) -> Option<(&'r [Tok<'a>], Option<&'a [u8]>)> {
    let comment = r.single_line_comment().ok()?;
    if is_soa_form(r) {
        return None;
    }
    // Cloudflare reads its metadata from the comment at the end of the record's line.
    if r.has_cf_tags() {
        return Some((&r.rdata, comment));
    }
    let too_wide = match wrap_rule(r) {
        Some(Wrap::Blob(head, _)) => wrap_width(r, cols, head) > options.width,
        Some(Wrap::Strings) => line_width(r, cols) > options.width,
        None => false,
    };
    if too_wide {
        return None;
    }
    Some((&r.rdata, comment))
}

fn is_soa_form(r: &RecordItem<'_>) -> bool {
    r.rtype == RecordType::SOA && r.rdata.len() == 7 && !r.has_cf_tags()
}

/// How long rdata of a type wraps: fields kept on the first lines, then the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wrap {
    /// Head fields in line groups, then base64 (`true`) or hexadecimal data re-cut into lines.
    Blob(&'static [usize], bool),
    /// One token (a character-string) per line.
    Strings,
}

fn wrap_rule(r: &RecordItem<'_>) -> Option<Wrap> {
    if r.rdata.first().is_some_and(|t| t.text.as_ref() == b"\\#") {
        return Some(Wrap::Blob(&[2], false));
    }
    Some(match r.rtype {
        RecordType::DNSKEY | RecordType::CDNSKEY | RecordType::KEY => Wrap::Blob(&[3], true),
        RecordType::RRSIG | RecordType::SIG => Wrap::Blob(&[4, 4], true),
        RecordType::DS | RecordType::CDS | RecordType::DLV | RecordType::TA => {
            Wrap::Blob(&[3], false)
        }
        RecordType::TLSA | RecordType::SMIMEA | RecordType::ZONEMD => Wrap::Blob(&[3], false),
        RecordType::SSHFP => Wrap::Blob(&[2], false),
        RecordType::CERT => Wrap::Blob(&[3], true),
        RecordType::IPSECKEY => Wrap::Blob(&[4], true),
        RecordType::OPENPGPKEY | RecordType::DHCID => Wrap::Blob(&[], true),
        RecordType::TXT | RecordType::SPF if r.rdata.len() >= 2 => Wrap::Strings,
        _ => return None,
    })
}

/// A record written over several lines inside parentheses.
#[derive(Debug, Default)]
struct Multi<'a> {
    /// The tokens on the first line (before the `(`).
    first: Vec<Text<'a>>,
    first_comment: Option<Text<'a>>,
    rows: Vec<Row<'a>>,
    /// `)` on a line of its own (else after the last token).
    close_alone: bool,
    hoisted: Vec<&'a [u8]>,
}

#[derive(Debug)]
enum Row<'a> {
    Tokens(Vec<Text<'a>>, Option<Text<'a>>),
    Comment(&'a [u8]),
}

/// Lays a record out over several lines: the SOA form, wrapped long rdata, or the author's
/// lines when comments sit inside the rdata.
fn layout_multi<'a>(r: &RecordItem<'a>, rdata_col: usize, options: &FormatOptions) -> Multi<'a> {
    let n = r.rdata.len();
    if is_soa_form(r) {
        let lines: Vec<Vec<usize>> = vec![vec![0, 1], vec![2], vec![3], vec![4], vec![5], vec![6]];
        let mut multi = place(r, &lines);
        for (row, label) in multi
            .rows
            .iter_mut()
            .filter(|row| matches!(row, Row::Tokens(..)))
            .zip(SOA_LABELS)
        {
            if let Row::Tokens(_, comment @ None) = row {
                *comment = Some(Cow::Owned(format!("; {label}").into_bytes()));
            }
        }
        multi.close_alone = true;
        return multi;
    }
    let comments_inside = r.single_line_comment().is_err();
    if !comments_inside {
        match wrap_rule(r) {
            Some(Wrap::Blob(head, base64)) => {
                let head_len: usize = head.iter().sum();
                let blob = r.rdata.get(head_len..).unwrap_or_default();
                let plain = blob.iter().all(|t| !t.quoted && !t.text.contains(&b'\\'));
                if !blob.is_empty() && plain {
                    let mut multi = Multi::default();
                    let mut at = 0;
                    let mut groups = head.iter();
                    if let Some(&first) = groups.next() {
                        multi.first = texts(r, at..at + first);
                        at += first;
                    }
                    for &g in groups {
                        multi.rows.push(Row::Tokens(texts(r, at..at + g), None));
                        at += g;
                    }
                    let quantum = if base64 { 4 } else { 2 };
                    let room = options.width.saturating_sub(rdata_col).max(MIN_CHUNK);
                    let chunk = (room / quantum * quantum).max(quantum);
                    match blob {
                        // One token written in the source (a digest, usually): cut in place.
                        [Tok {
                            text: Cow::Borrowed(text),
                            ..
                        }] => {
                            for piece in text.chunks(chunk) {
                                multi
                                    .rows
                                    .push(Row::Tokens(vec![Cow::Borrowed(piece)], None));
                            }
                        }
                        _ => {
                            let mut joined = Vec::new();
                            for t in blob {
                                joined.extend_from_slice(&t.text);
                            }
                            for piece in joined.chunks(chunk) {
                                multi
                                    .rows
                                    .push(Row::Tokens(vec![Cow::Owned(piece.to_vec())], None));
                            }
                        }
                    }
                    multi.first_comment = r.after.get(n).copied().flatten().map(Cow::Borrowed);
                    if let Some(Row::Tokens(_, c)) = multi.rows.last_mut() {
                        *c = multi.first_comment.take();
                    }
                    multi.hoisted.clone_from(&r.hoisted);
                    return multi;
                }
            }
            Some(Wrap::Strings) => {
                let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
                lines.extend((0..n).map(|k| vec![k]));
                return place(r, &lines);
            }
            None => {}
        }
    }
    // The author's lines.
    let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
    let mut current = r.type_line;
    for (k, t) in r.rdata.iter().enumerate() {
        if t.line != current {
            current = t.line;
            lines.push(Vec::new());
        }
        if let Some(line) = lines.last_mut() {
            line.push(k);
        }
    }
    place(r, &lines)
}

fn texts<'a>(r: &RecordItem<'a>, range: std::ops::Range<usize>) -> Vec<Text<'a>> {
    r.rdata
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(|t| t.text.clone())
        .collect()
}

/// Puts rdata tokens on lines (`lines[0]` is the first line, after the type) and the
/// record's comments with them: a comment that ended a token's line ends the line that token
/// is on (when two would, the earlier goes on a line of its own below), comments on lines of
/// their own stay before the token they preceded.
fn place<'a>(r: &RecordItem<'a>, lines: &[Vec<usize>]) -> Multi<'a> {
    let mut multi = Multi {
        hoisted: r.hoisted.clone(),
        ..Multi::default()
    };
    for (li, line) in lines.iter().enumerate() {
        let mut leading: Vec<&'a [u8]> = Vec::new();
        let mut trailing: Vec<&'a [u8]> = Vec::new();
        if li == 0 {
            if let Some(Some(c)) = r.after.first() {
                trailing.push(c);
            }
        }
        for &k in line {
            if let Some(list) = r.before.get(k + 1) {
                leading.extend(list.iter().copied());
            }
            if let Some(Some(c)) = r.after.get(k + 1) {
                trailing.push(c);
            }
        }
        let comment = trailing.pop().map(Cow::Borrowed);
        let tokens = line
            .iter()
            .filter_map(|&k| r.rdata.get(k).map(|t| t.text.clone()))
            .collect();
        if li == 0 {
            // Comments cannot go between the type and the `(`: above the record instead.
            multi.hoisted.extend(leading);
            multi.first = tokens;
            multi.first_comment = comment;
            multi.rows.extend(trailing.into_iter().map(Row::Comment));
        } else {
            multi.rows.extend(leading.into_iter().map(Row::Comment));
            multi.rows.push(Row::Tokens(tokens, comment));
            multi.rows.extend(trailing.into_iter().map(Row::Comment));
        }
    }
    multi.rows.extend(r.end.iter().copied().map(Row::Comment));
    // Drop empty token rows (a first line group may be empty).
    multi
        .rows
        .retain(|row| !matches!(row, Row::Tokens(t, None) if t.is_empty()));
    let last_tokens = multi
        .rows
        .iter()
        .rposition(|row| matches!(row, Row::Tokens(..)));
    multi.close_alone = match last_tokens {
        Some(i) => i + 1 != multi.rows.len(),
        None => true,
    };
    multi
}

/// Writes a multi-line record; the header is already in `out`.
fn write_multi(out: &mut Vec<u8>, m: &Multi<'_>, rdata_col: usize, newline: &[u8]) {
    write_joined(out, m.first.iter());
    if !m.first.is_empty() {
        out.push(b' ');
    }
    out.push(b'(');
    if let Some(c) = &m.first_comment {
        out.push(b' ');
        write_comment(out, c);
    }
    out.extend_from_slice(newline);

    // Comments of the continuation lines line up after the longest of those lines.
    let last_tokens = m
        .rows
        .iter()
        .rposition(|row| matches!(row, Row::Tokens(..)));
    let code_width = |i: usize, tokens: &[Text<'_>]| {
        joined_width(tokens.iter())
            + if Some(i) == last_tokens && !m.close_alone {
                2
            } else {
                0
            }
    };
    let comment_col = m
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, row)| match row {
            Row::Tokens(t, Some(_)) => Some(code_width(i, t)),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    for (i, row) in m.rows.iter().enumerate() {
        spaces(out, rdata_col);
        match row {
            Row::Comment(c) => write_comment(out, c),
            Row::Tokens(tokens, comment) => {
                write_joined(out, tokens.iter());
                let mut w = joined_width(tokens.iter());
                if Some(i) == last_tokens && !m.close_alone {
                    out.extend_from_slice(b" )");
                    w += 2;
                }
                if let Some(c) = comment {
                    if is_cf_tags(c) {
                        out.push(b' ');
                    } else {
                        spaces(out, comment_col.saturating_sub(w) + 1);
                    }
                    write_comment(out, c);
                } else {
                    trim_end(out);
                }
            }
        }
        out.extend_from_slice(newline);
    }
    if m.close_alone {
        spaces(out, rdata_col);
        out.push(b')');
        out.extend_from_slice(newline);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option sets the two paths are compared under (sorting always goes the item path).
    fn option_sets() -> Vec<FormatOptions> {
        let mut sets = Vec::new();
        for ttl in [TtlStyle::Keep, TtlStyle::Seconds, TtlStyle::Units] {
            for width in [40, 80] {
                for class in [Class::IN, Class::CH] {
                    sets.push(FormatOptions {
                        ttl,
                        width,
                        class,
                        ..FormatOptions::default()
                    });
                }
            }
        }
        sets
    }

    /// Part sizes the part-by-part path is tried with: every entry its own part, parts cut
    /// inside blocks and runs of blank lines, and the size `format` uses.
    const PART_SIZES: [usize; 4] = [1, 40, 1000, PART_BYTES];

    /// The part-by-part path writes what rendering the whole item list writes, whatever the
    /// parts' size.
    fn assert_same_paths(source: &[u8], what: &str) {
        let tree = SyntaxTree::parse(source);
        for options in option_sets() {
            let listed = format_items(&tree, &options, &mut Vec::new());
            for size in PART_SIZES {
                let streamed = format_parts(source, &options, size, |_, _, _, _| {});
                assert!(
                    streamed == listed,
                    "{what} with {options:?}, parts of {size}:\n--- items\n{}\n--- streamed\n{}",
                    String::from_utf8_lossy(&listed),
                    String::from_utf8_lossy(&streamed)
                );
            }
        }
    }

    #[test]
    fn streaming_writes_what_the_item_list_writes_on_every_testdata_file() {
        let files = crate::test_support::testdata_files();
        for path in &files {
            assert_same_paths(&std::fs::read(path).unwrap(), &path.display().to_string());
        }
        assert!(files.len() > 250, "only {} files found", files.len());
    }

    /// Testdata files and a few zones of the kinds that matter to a cut: entries kept
    /// verbatim whose parentheses span lines, comments, blocks and directives.
    fn zones_for_cuts() -> Vec<Vec<u8>> {
        let mut zones: Vec<Vec<u8>> = vec![
            b"a ( A\nb A 1\n; c\nc A 2 ) ; d\ne IN A 1 ; e\n\n$TTL 1h\nf A 1\n".to_vec(),
            b"\xEF\xBB\xBFa A 1\nk DNSKEY 257 3 8 ( AwEAAa ; key\n Bbbb\n ; own\n )\nz TXT \"x\"\n"
                .to_vec(),
            b"k nsec l a rrsig\nx A 1\ny A 2\n".to_vec(),
        ];
        for path in crate::test_support::testdata_files() {
            zones.push(std::fs::read(&path).unwrap());
        }
        zones
    }

    /// Checks `output` part by part against the parts of `source` of `size` bytes, the parts'
    /// outputs ending at `ends` (as the formatter wrote them).
    fn check_parts(source: &[u8], output: &[u8], size: usize, ends: &[usize]) -> (bool, bool) {
        let reader = crate::zonefile::ReaderOptions::with_origin("example.").unwrap();
        let mut check = super::super::verify::PartCheck::new(&reader);
        let mut from = 0;
        for ((tree, last), &end) in Parts::new(source, size).zip(ends) {
            check.part(&tree, &output[from..end], from == 0, last);
            from = end;
        }
        (check.same, check.clean)
    }

    /// Checking the output part by part, each part as it is written, gives the verdict of
    /// checking it whole, and finds every comment the whole check finds, whatever the parts'
    /// size; and a fault inside a part (a changed address, a dropped comment) is caught.
    #[test]
    fn the_parts_of_the_token_check_agree_with_the_whole() {
        use super::super::verify::{quick_check, Quick};
        let reader = crate::zonefile::ReaderOptions::with_origin("example.").unwrap();
        let options = FormatOptions::default();
        let (mut unsure, mut same, mut unclean) = (0, 0, 0);
        for zone in zones_for_cuts() {
            let tree = SyntaxTree::parse(&zone);
            let full = format_items(&tree, &options, &mut Vec::new());
            let mut whole_comments = Vec::new();
            let whole = quick_check(&tree, &full, &reader, false, &mut whole_comments);
            let comments_found = super::super::missing_from(&tree, &whole_comments).is_empty();
            match whole {
                Quick::Same => same += 1,
                Quick::Unsure => unsure += 1,
            }
            for size in [1, 7, 64, 1000, PART_BYTES] {
                let mut ends = Vec::new();
                let out = format_parts(&zone, &options, size, |_, out, _, _| ends.push(out.len()));
                assert!(out == full);
                let (parts_same, clean) = check_parts(&zone, &out, size, &ends);
                if !clean {
                    unclean += 1;
                    continue;
                }
                assert_eq!(
                    parts_same,
                    whole == Quick::Same,
                    "parts of {size}: {}",
                    String::from_utf8_lossy(&zone)
                );
                assert!(
                    comments_found,
                    "parts of {size}: {}",
                    String::from_utf8_lossy(&zone)
                );
                // Cuts that do not match the parts (as if the formatter had lied about where
                // a part's output ends) never give a verdict the whole check would not.
                let shifted: Vec<usize> = ends
                    .iter()
                    .enumerate()
                    .map(|(i, &e)| {
                        if i + 1 < ends.len() {
                            e.saturating_sub(3)
                        } else {
                            e
                        }
                    })
                    .collect();
                let shifted: Vec<usize> = shifted
                    .iter()
                    .scan(0, |max, &e| {
                        *max = e.max(*max);
                        Some(*max)
                    })
                    .collect();
                match check_parts(&zone, &out, size, &shifted) {
                    (true, true) => assert!(whole == Quick::Same && comments_found),
                    (_, false) => unclean += 1,
                    _ => {}
                }
            }
        }
        assert!(
            same > 100 && unsure > 0 && unclean > 100,
            "{same} {unsure} {unclean}"
        );

        let zone = b"; top\na A 192.0.2.1 ; one\nb IN A 192.0.2.2\nc A 192.0.2.3\n";
        for size in [1, 7, 64, 1000] {
            let mut ends = Vec::new();
            let out = format_parts(zone, &options, size, |_, out, _, _| ends.push(out.len()));
            assert_eq!(check_parts(zone, &out, size, &ends), (true, true));
            let text = String::from_utf8(out.clone()).unwrap();
            let changed = text.replace("192.0.2.3", "192.0.2.4");
            assert!(!check_parts(zone, changed.as_bytes(), size, &ends).0);
            let dropped = text.replace("; one", "; two");
            assert!(!check_parts(zone, dropped.as_bytes(), size, &ends).1);
        }
    }

    #[test]
    fn streaming_writes_what_the_item_list_writes_on_hand_picked_zones() {
        let zones: [&[u8]; 8] = [
            b"",
            b"\n\n",
            b"\xEF\xBB\xBF\n\na A 1\n",
            // Blocks split by blank lines and directives, each with its own columns and
            // comment column; the class policy counted over the whole file.
            b"$TTL 1h\n; top\nwww IN A 192.0.2.1 ; web\nlonger-name-here 300 A 192.0.2.2 ; x\n\n\
              b CH TXT \"x\" ; other class\n$ORIGIN sub.example.\nc A 1 ; c\n\tAAAA ::1\n",
            // Verbatim entries (refused, a directive with a quoted argument, a joined head)
            // inside and between blocks.
            b"a ( A\nb A 1\n$ORIGIN\"x\" ; q\nc\" \"TXT y\n\n\nd A 1 )\ne A 2",
            // Comments inside rdata, hoisted ones, SOA, wrapped blobs, cf_tags.
            b"@ SOA ns hm ( 1 ; serial\n 2 3 4 5 )\nk DNSKEY 257 3 8 ( AwEAAa ; key\n Bbbb\n ; own\n )\n\
              x A 192.0.2.1 ; cf_tags=cf-proxied:true\nds 60 DS 1 8 2 ( 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF )\n",
            // Mostly classless, then mostly classed.
            b"a A 1\nb A 2\nc IN A 3\n",
            b"a IN A 1\r\nb IN A 2\r\nc A 3 ; c\r\n\r\n; end\r\n",
        ];
        for (i, zone) in zones.iter().enumerate() {
            assert_same_paths(zone, &format!("zone {i}"));
        }
    }

    proptest::proptest! {
        #[test]
        fn streaming_writes_what_the_item_list_writes_on_any_lines(lines in proptest::collection::vec(
            proptest::sample::select(vec![
                "", " ", "; c", "  ; indented", "$TTL 1h", "$ttl 60 ; d", "$ORIGIN x.", "$bogus",
                "www A 192.0.2.1", "www IN A 192.0.2.1 ; web", "  IN AAAA ::1",
                "a-very-long-owner-name-that-passes-forty-characters A 1 ; long",
                "b 1h in mx 10 mail", "c CH TXT \"t\" ; ch", "\tTXT \"a\" \"b\" ; two",
                "d DS 1 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
                "e DNSKEY 257 3 8 ( AwEAAa\n Bbbb ) ; k", "f TXT ( \"x\" ; in\n \"y\" )",
                "@ SOA ns hm ( 1 2 3 4 5 )", "g A 1 ; cf_tags=cf-proxied:false",
                "h ( A", "i A 1 )", "j TXT \"open", "k nsec l A rrsig", "x\\", "\u{feff}z A 1",
            ]),
            0..30,
        ), crlf in proptest::bool::ANY) {
            let newline = if crlf { "\r\n" } else { "\n" };
            let text = lines.join(newline);
            assert_same_paths(text.as_bytes(), &text);
        }
    }
}
