//! `zonefmt fmt`: a formatter for zone files that keeps every comment and never changes what
//! the zone means.
//!
//! The formatter works on a lossless [`tree::SyntaxTree`] built with the reader's own lexer:
//! printing the tree unchanged gives the input back byte for byte, so whatever the formatting
//! rules leave alone comes out exactly as it went in. The rules are in `FORMAT.md`
//! ("Formatter"): records aligned in columns per block, mnemonics in upper case, one way of
//! writing the class, the SOA over several lines with a comment per field, long keys and
//! signatures wrapped in parentheses, comments kept on their lines, at most one blank line in a
//! row.
//!
//! [`format`] is the checked entry point: it refuses input with syntax errors, and it reads
//! its own output back and refuses to return it unless the records are the same and every
//! comment is still there. [`format_unchecked`] applies the rules only.
//!
//! ```
//! use zonefmt::fmt::{format, FormatOptions};
//! use zonefmt::zonefile::ReaderOptions;
//! let zone = b"$TTL 1h\n@ in soa ns hm 1 2 3 4 5\nwww in a 192.0.2.1 ; web\nmail in aaaa 2001:db8::1\n";
//! let out = format(zone, None, &ReaderOptions::default(), &FormatOptions::default()).unwrap();
//! assert_eq!(
//!     String::from_utf8(out.text).unwrap(),
//!     "$TTL 1h
//! @       IN  SOA     ns hm (
//!                     1 ; serial
//!                     2 ; refresh
//!                     3 ; retry
//!                     4 ; expire
//!                     5 ; minimum
//!                     )
//! www     IN  A       192.0.2.1 ; web
//! mail    IN  AAAA    2001:db8::1
//! "
//! );
//! ```

use std::collections::HashMap;

use crate::error::{Diagnostic, ErrorCode, Severity};
use crate::name::Name;
use crate::record::Record;
use crate::rr::Class;
use crate::zonefile::{Item, Reader, ReaderOptions};

pub(crate) mod format;
mod sort;
pub mod tree;
mod verify;

pub use tree::SyntaxTree;

/// How record TTLs (and `$TTL`) are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TtlStyle {
    /// As the author wrote each one.
    #[default]
    Keep,
    /// In seconds (`3600`).
    Seconds,
    /// In BIND's units (`1h`), largest first.
    Units,
}

/// What the formatter may do beyond its fixed rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatOptions {
    pub ttl: TtlStyle,
    /// Lines of keys, signatures and long TXT records are wrapped to stay within this many
    /// characters where the tokens allow. Default 80.
    pub width: usize,
    /// Order records by owner and type within each section between directives (comment lines
    /// above a record move with it).
    pub sort: bool,
    /// The zone's class, written on records that lack one when the file writes classes.
    pub class: Class,
    /// The origin owners are read against for sorting (default: the root).
    pub origin: Option<Name>,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            ttl: TtlStyle::Keep,
            width: 80,
            sort: false,
            class: Class::IN,
            origin: None,
        }
    }
}

/// Formatted text, with notes about what was not done (e.g. a section left unsorted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    pub text: Vec<u8>,
    /// True when the text differs from the input.
    pub changed: bool,
    pub notes: Vec<String>,
    /// Warnings the reader gave on the input (a TTL taken from the SOA, ...).
    pub warnings: Vec<Diagnostic>,
}

/// Why a zone was not formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The input has errors; they are reported as `check` reports them.
    #[error("the zone has {} error(s)", .0.iter().filter(|d| d.severity == Severity::Error).count())]
    Invalid(Vec<Diagnostic>),
    /// The output did not read back as the same zone: a formatter bug, caught before any
    /// output was used ([`ErrorCode::FormatUnsafe`]).
    #[error("{0}")]
    Unsafe(String),
}

impl FormatError {
    /// The stable code of the error (the first error's code for [`FormatError::Invalid`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            FormatError::Invalid(ds) => ds
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map_or(ErrorCode::Syntax, |d| d.code),
            FormatError::Unsafe(_) => ErrorCode::FormatUnsafe,
        }
    }
}

/// Applies the formatting rules to `source` without reading it as a zone. Input the rules do
/// not cover (entries the lexer refuses, for one) is kept as it was.
pub fn format_unchecked(source: &[u8], options: &FormatOptions) -> Formatted {
    let mut notes = Vec::new();
    let text = if options.sort {
        format::format_items(&SyntaxTree::parse(source), options, &mut notes)
    } else {
        format::format_parts(source, options, format::PART_BYTES, |_, _, _, _| {})
    };
    Formatted {
        changed: text != source,
        text,
        notes,
        warnings: Vec::new(),
    }
}

/// Formats a zone file: refuses one with errors ([`FormatError::Invalid`]), and returns the
/// text only after reading it back: the same records (compared as values, without their
/// locations; as a multiset when sorting), no new errors, and every comment of the input.
///
/// Without an origin in `reader`, names are read against the root: the formatter keeps names
/// as written, so it needs an origin only to check them.
pub fn format(
    source: &[u8],
    file: Option<&str>,
    reader: &ReaderOptions,
    options: &FormatOptions,
) -> Result<Formatted, FormatError> {
    let parallel = source.len() >= PARALLEL_FROM;
    format_with(source, file, reader, options, parallel, format::PART_BYTES)
}

/// What [`format_to`] wrote: whether the text differs from the source, and the notes and
/// warnings of [`Formatted`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub changed: bool,
    pub notes: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// Why [`format_to`] stopped.
#[derive(Debug, thiserror::Error)]
pub enum FormatToError {
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Writing to the caller's output failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// [`format`], writing the text to `out` instead of returning it, with the same checks and
/// refusals. A source of 1 MiB or more is formatted without sorting part by part (about
/// 256 KiB each) and each part is written as soon as it has passed the check, so neither the
/// whole output nor the whole file's tree is held; nothing is written before the whole source
/// has been read without an error that stops formatting. Should a part fail the token check
/// (an output the tokens cannot show the same, or a formatter bug), nothing more is written
/// until the whole output has passed the full check; if that fails too, `out` has the parts
/// that passed and the error says how many bytes that is. A caller that must never leave a
/// partial output (`fmt --write`) writes to a temporary file and keeps it only on success.
pub fn format_to(
    source: &[u8],
    file: Option<&str>,
    reader: &ReaderOptions,
    options: &FormatOptions,
    out: &mut (dyn std::io::Write + Send),
) -> Result<Written, FormatToError> {
    let parallel = source.len() >= PARALLEL_FROM;
    format_to_with(
        source,
        file,
        reader,
        options,
        parallel,
        format::PART_BYTES,
        out,
    )
}

/// Sources from this size up are read on a second thread while the rules run: below it, a
/// thread costs more than it saves.
const PARALLEL_FROM: usize = 1 << 20;

/// [`format`] through [`format_to_with`] into memory.
fn format_with(
    source: &[u8],
    file: Option<&str>,
    reader: &ReaderOptions,
    options: &FormatOptions,
    parallel: bool,
    part_bytes: usize,
) -> Result<Formatted, FormatError> {
    let mut text = Vec::new();
    match format_to_with(
        source, file, reader, options, parallel, part_bytes, &mut text,
    ) {
        Ok(written) => Ok(Formatted {
            text,
            changed: written.changed,
            notes: written.notes,
            warnings: written.warnings,
        }),
        Err(FormatToError::Format(e)) => Err(e),
        // Writing to a vector does not fail.
        Err(FormatToError::Io(e)) => Err(FormatError::Unsafe(e.to_string())),
    }
}

/// [`format_to`], reading the source on a second thread when `parallel`, in parts of
/// `part_bytes`; the same result either way (tested).
fn format_to_with(
    source: &[u8],
    file: Option<&str>,
    reader: &ReaderOptions,
    options: &FormatOptions,
    parallel: bool,
    part_bytes: usize,
    out: &mut (dyn std::io::Write + Send),
) -> Result<Written, FormatToError> {
    let mut reader = reader.clone();
    if reader.origin.is_none() {
        reader.origin = Some(Name::root());
    }
    let mut options = options.clone();
    if options.origin.is_none() {
        options.origin.clone_from(&reader.origin);
    }
    options.class = reader.class;
    // The rules need no reading. The output's tokens are then compared with the source's
    // (`verify`); only when that cannot show the records are the same does the one read of
    // the source, which gathers its diagnostics anyway, also compare its records, streaming,
    // with those read from the output. Without sorting the tokens almost always show it, so
    // in parallel the source is read for its diagnostics alone on another thread, which then
    // checks each part's output as the rules hand it over and writes it out, and the source
    // is read again with the output in the rare other case.
    if parallel && !options.sort {
        return stream_on_two_threads(source, file, &reader, &options, part_bytes, out);
    }
    let (formatted, quick, comments) =
        format_and_check(source, file, &reader, &options, part_bytes);
    let output = (quick == verify::Quick::Unsure).then_some(formatted.text.as_slice());
    let (diagnostics, verdict) = read_and_verify(source, output, file, &reader, options.sort);
    if diagnostics.iter().any(blocks_formatting) {
        return Err(FormatError::Invalid(diagnostics).into());
    }
    verdict?;
    comments?;
    out.write_all(&formatted.text)?;
    Ok(Written {
        changed: formatted.changed,
        notes: formatted.notes,
        warnings: diagnostics,
    })
}

/// The writing end of [`stream_on_two_threads`]: the parts that passed the check, in order,
/// until one does not (or writing fails). While the source is still being read for its
/// diagnostics, the parts that pass are held (`held`) and written once it is read clean.
struct Stream<'o> {
    out: &'o mut (dyn std::io::Write + Send),
    /// Bytes written so far.
    written: usize,
    /// Every part so far passed (and was written or held).
    open: bool,
    error: Option<std::io::Error>,
    /// Parts that passed, waiting for the source's read (`None` once it is over), and their
    /// bytes.
    held: Option<Vec<Vec<u8>>>,
    holding: usize,
}

impl Stream<'_> {
    /// Writes or holds a part; gives its buffer back unless it is held.
    fn part(&mut self, text: Vec<u8>, passed: bool) -> Option<Vec<u8>> {
        self.open &= passed && self.error.is_none();
        if !self.open {
            return Some(text);
        }
        if let Some(held) = &mut self.held {
            self.holding += text.len();
            held.push(text);
            return None;
        }
        self.write(&text);
        Some(text)
    }

    fn write(&mut self, text: &[u8]) {
        match self.out.write_all(text) {
            Ok(()) => self.written += text.len(),
            Err(e) => {
                self.error = Some(e);
                self.open = false;
            }
        }
    }

    /// The source is read: the held parts are written unless it had an error that stops
    /// formatting (then nothing is, ever). Gives their buffers back.
    fn read(&mut self, blocked: bool) -> Vec<Vec<u8>> {
        let held = self.held.take().unwrap_or_default();
        self.holding = 0;
        if blocked {
            self.open = false;
            return held;
        }
        for part in &held {
            if self.error.is_none() {
                self.write(part);
            }
        }
        held
    }
}

/// How much output [`stream_on_two_threads`] holds while the source is still being read:
/// past it, the checking thread reads on and the rules wait.
const HOLD_BYTES: usize = 64 << 20;

/// How many items of the source the checking thread reads between two looks for parts.
const READ_BATCH: usize = 1024;

/// [`format_to_with`] without sorting, on two threads: this one applies the rules part by
/// part; the other reads the source for its diagnostics and takes each part's output as it
/// is written (through a bounded channel, the parts' buffers sent back for reuse), checks it
/// against the part's tree and, once the source is read without an error that stops
/// formatting and while every part so far passed, writes it to `out` (the parts checked
/// during the read are held until it ends, up to [`HOLD_BYTES`]: the read takes longer than
/// the rules' first pass, and the rules would otherwise wait for it). When a part did not pass, the output is made again whole once the rules are done
/// and checked as before parts (rare: only an output the tokens cannot show the same), and
/// the rest of it written only if it passes.
fn stream_on_two_threads(
    source: &[u8],
    file: Option<&str>,
    reader: &ReaderOptions,
    options: &FormatOptions,
    part_bytes: usize,
    out: &mut (dyn std::io::Write + Send),
) -> Result<Written, FormatToError> {
    std::thread::scope(|scope| {
        let (parts, handed) = std::sync::mpsc::sync_channel::<(SyntaxTree<'_>, Vec<u8>, bool)>(4);
        let (spare, spares) = std::sync::mpsc::channel::<Vec<u8>>();
        let checking = scope.spawn(move || {
            let mut stream = Stream {
                out,
                written: 0,
                open: true,
                error: None,
                held: Some(Vec::new()),
                holding: 0,
            };
            let mut check = verify::PartCheck::new(reader);
            let mut changed = false;
            let mut first = true;
            let mut take = |(tree, part, last): (SyntaxTree<'_>, Vec<u8>, bool),
                            stream: &mut Stream<'_>| {
                check.part(&tree, &part, first, last);
                changed |= part.as_slice() != tree.covered();
                let back = stream.part(part, check.same && check.clean);
                first = false;
                // The rules may be done and gone: the buffer is then just dropped.
                if let Some(buffer) = back {
                    let _ = spare.send(buffer);
                }
            };
            // The source is read for its diagnostics in batches; between them, the parts the
            // rules have handed over are checked and held (up to `HOLD_BYTES`), so that the
            // rules need not wait for the whole read.
            let mut diagnostics = Vec::new();
            let mut items = Reader::from_bytes(source, file, reader.clone());
            let mut reading = true;
            while reading {
                for _ in 0..READ_BATCH {
                    match items.next() {
                        Some(Item::Diagnostic(d)) => diagnostics.push(d),
                        Some(Item::Record(_)) => {}
                        None => {
                            reading = false;
                            break;
                        }
                    }
                }
                while reading && stream.holding < HOLD_BYTES {
                    match handed.try_recv() {
                        Ok(part) => take(part, &mut stream),
                        Err(_) => break,
                    }
                }
            }
            let blocked = diagnostics.iter().any(blocks_formatting);
            for buffer in stream.read(blocked) {
                let _ = spare.send(buffer);
            }
            for part in handed {
                if !blocked {
                    take(part, &mut stream);
                }
            }
            (diagnostics, check, changed, stream)
        });
        format::format_parts(source, options, part_bytes, |tree, out, _, last| {
            let mut buffer = spares.try_recv().unwrap_or_default();
            buffer.clear();
            let part = std::mem::replace(out, buffer);
            // A checker that is gone has panicked: joining it below says so.
            let _ = parts.send((tree, part, last));
        });
        drop(parts);
        let (diagnostics, check, changed, stream) = match checking.join() {
            Ok(done) => done,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        if diagnostics.iter().any(blocks_formatting) {
            return Err(FormatError::Invalid(diagnostics).into());
        }
        if let Some(e) = stream.error {
            return Err(e.into());
        }
        let written = Written {
            changed,
            notes: Vec::new(),
            warnings: diagnostics,
        };
        if stream.open {
            return Ok(written);
        }
        // The rules give the same bytes every time: the output made again starts with what
        // was written.
        let text = format::format_parts(source, options, part_bytes, |_, _, _, _| {});
        let formatted = Formatted {
            changed,
            text,
            notes: Vec::new(),
            warnings: Vec::new(),
        };
        let (quick, comments) = conclude(source, file, reader, options, &formatted, None, &check);
        let output = (quick == verify::Quick::Unsure).then_some(formatted.text.as_slice());
        let verdict = match output {
            Some(output) => read_and_verify(source, Some(output), file, reader, false).1,
            None => Ok(()),
        };
        let partly = |e: FormatError| partly_written(e, stream.written);
        verdict.map_err(partly)?;
        comments.map_err(partly)?;
        stream
            .out
            .write_all(formatted.text.get(stream.written..).unwrap_or_default())?;
        Ok(written)
    })
}

/// A refusal after the first `written` bytes of the output went out: the message says so
/// instead of "nothing was written".
fn partly_written(e: FormatError, written: usize) -> FormatError {
    match e {
        FormatError::Unsafe(message) if written > 0 => FormatError::Unsafe(message.replace(
            "nothing was written",
            &format!(
                "only the first {written} bytes of the output, which passed the check, were written"
            ),
        )),
        e => e,
    }
}

/// The rules on `source`, the token check of the output and its comment check. Without
/// sorting, the source is formatted and checked part by part, holding no tree of the whole
/// file.
fn format_and_check(
    source: &[u8],
    file: Option<&str>,
    reader: &ReaderOptions,
    options: &FormatOptions,
    part_bytes: usize,
) -> (Formatted, verify::Quick, Result<(), FormatError>) {
    let mut notes = Vec::new();
    let mut parts = verify::PartCheck::new(reader);
    let (tree, text) = if options.sort {
        let tree = SyntaxTree::parse(source);
        let text = format::format_items(&tree, options, &mut notes);
        (Some(tree), text)
    } else {
        let text = format::format_parts(source, options, part_bytes, |tree, out, from, last| {
            parts.part(&tree, out.get(from..).unwrap_or_default(), from == 0, last)
        });
        (None, text)
    };
    let formatted = Formatted {
        changed: text != source,
        text,
        notes,
        warnings: Vec::new(),
    };
    let (quick, comments) = conclude(source, file, reader, options, &formatted, tree, &parts);
    (formatted, quick, comments)
}

/// The token verdict and the comment check of `formatted`: none needed when nothing changed;
/// the parts' when each part could be checked on its own; else the whole output is checked
/// against the whole source's tree (`tree`, when the caller has it), as the formatter did
/// before it worked by parts (an entry kept verbatim that reads differently where its part is
/// cut, a comment that moved out of its part; and always when sorting).
fn conclude(
    source: &[u8],
    file: Option<&str>,
    reader: &ReaderOptions,
    options: &FormatOptions,
    formatted: &Formatted,
    tree: Option<SyntaxTree<'_>>,
    parts: &verify::PartCheck<'_>,
) -> (verify::Quick, Result<(), FormatError>) {
    if !formatted.changed {
        return (verify::Quick::Same, Ok(()));
    }
    if tree.is_none() && !options.sort && parts.clean {
        let quick = if parts.same {
            verify::Quick::Same
        } else {
            verify::Quick::Unsure
        };
        return (quick, Ok(()));
    }
    let tree = tree.unwrap_or_else(|| SyntaxTree::parse(source));
    let mut output_comments = Vec::new();
    let quick = verify::quick_check(
        &tree,
        &formatted.text,
        reader,
        options.sort,
        &mut output_comments,
    );
    let comments = verify_comments(&tree, &output_comments, file);
    (quick, comments)
}

/// [`format`]'s check of an output for `source` (with its tree), as if the formatter had
/// written `output`: the diagnostics of the source and the verdict on the output, and whether
/// the quick check decided it. For tests that feed the check outputs a faulty formatter could
/// write.
#[cfg(test)]
fn check_output(
    source: &[u8],
    output: &[u8],
    reader: &ReaderOptions,
    sorted: bool,
) -> (Vec<Diagnostic>, Result<(), FormatError>, verify::Quick) {
    let tree = SyntaxTree::parse(source);
    let mut output_comments = Vec::new();
    let quick = verify::quick_check(&tree, output, reader, sorted, &mut output_comments);
    let full = (quick == verify::Quick::Unsure).then_some(output);
    let (diagnostics, mut verdict) = read_and_verify(source, full, Some("z"), reader, sorted);
    if verdict.is_ok() {
        verdict = verify_comments(&tree, &output_comments, Some("z"));
    }
    (diagnostics, verdict, quick)
}

/// An error that stops formatting: any error but a refused `$INCLUDE` (the formatter does not
/// need the included file, and reads the output the same way).
fn blocks_formatting(d: &Diagnostic) -> bool {
    d.severity == Severity::Error && d.code != ErrorCode::IncludeNotAllowed
}

/// Every record of `source` and every diagnostic.
pub fn read_records(
    source: &[u8],
    file: Option<&str>,
    reader: &ReaderOptions,
) -> (Vec<Record>, Vec<Diagnostic>) {
    let mut records = Vec::new();
    let mut diagnostics = Vec::new();
    for item in Reader::from_bytes(source, file, reader.clone()) {
        match item {
            Item::Record(r) => records.push(r),
            Item::Diagnostic(d) => diagnostics.push(d),
        }
    }
    (records, diagnostics)
}

/// True when two records are the same apart from where they were read: owner (letter case
/// included), TTL, class and data.
pub fn same_record(a: &Record, b: &Record) -> bool {
    // Equal wire forms, letter case included, are equal names written the same way.
    a.owner.as_wire() == b.owner.as_wire()
        && a.ttl == b.ttl
        && a.class == b.class
        && a.data == b.data
}

/// Comments compared as the formatter keeps them: without trailing blanks, except Cloudflare
/// metadata, which is kept exactly.
pub fn comment_key(comment: &[u8]) -> &[u8] {
    if format::is_cf_tags(comment) {
        return comment;
    }
    let end = comment
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .map_or(0, |p| p + 1);
    comment.get(..end).unwrap_or(comment)
}

/// The comments of `source` that are missing from `output` (counting repeats).
pub fn missing_comments<'s>(source: &'s [u8], output: &[u8]) -> Vec<&'s [u8]> {
    missing_comments_of(&SyntaxTree::parse(source), output)
}

/// [`missing_comments`] of the source whose tree is `input_tree`.
fn missing_comments_of<'s>(input_tree: &SyntaxTree<'s>, output: &[u8]) -> Vec<&'s [u8]> {
    let output_tree = SyntaxTree::parse(output);
    let comments: Vec<&[u8]> = output_tree.comments().collect();
    missing_from(input_tree, &comments)
}

/// The comments of the source whose tree is `input_tree` that are not among `output_comments`
/// (counting repeats).
fn missing_from<'s>(input_tree: &SyntaxTree<'s>, output_comments: &[&[u8]]) -> Vec<&'s [u8]> {
    let mut have: HashMap<&[u8], usize> = HashMap::new();
    for c in output_comments {
        *have.entry(comment_key(c)).or_default() += 1;
    }
    let mut missing = Vec::new();
    for c in input_tree.comments() {
        match have.get_mut(comment_key(c)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => missing.push(comment_key(c)),
        }
    }
    missing
}

/// The records of `text`, and the errors that would stop formatting.
fn record_stream<'t>(
    text: &'t [u8],
    file: Option<&'t str>,
    reader: &ReaderOptions,
) -> impl Iterator<Item = Result<Record, Diagnostic>> + 't {
    Reader::from_bytes(text, file, reader.clone()).filter_map(|item| match item {
        Item::Record(r) => Some(Ok(r)),
        Item::Diagnostic(d) if blocks_formatting(&d) => Some(Err(d)),
        Item::Diagnostic(_) => None,
    })
}

/// Reads `source` once: its diagnostics, and (with `output`, the formatted text) whether
/// `output` reads as the same records without errors. Once the source has shown an error
/// that stops formatting, its records are no longer compared (the caller reports the error).
fn read_and_verify(
    source: &[u8],
    output: Option<&[u8]>,
    file: Option<&str>,
    reader: &ReaderOptions,
    sorted: bool,
) -> (Vec<Diagnostic>, Result<(), FormatError>) {
    let mut diagnostics = Vec::new();
    let Some(output) = output else {
        for item in Reader::from_bytes(source, file, reader.clone()) {
            if let Item::Diagnostic(d) = item {
                diagnostics.push(d);
            }
        }
        return (diagnostics, Ok(()));
    };
    let name = file.unwrap_or("<input>");
    let unsafe_error = |d: &Diagnostic| {
        FormatError::Unsafe(format!(
            "formatting {name} would produce text with an error ({}: {} at line {}); nothing was written",
            d.code, d.message, d.location.line
        ))
    };
    let changed = |detail: String| {
        FormatError::Unsafe(format!(
            "formatting {name} would change its records{detail}; nothing was written"
        ))
    };
    let mut after = record_stream(output, file, reader);
    let mut verdict = Ok(());
    // With sorting, the records as text, compared as multisets at the end.
    let mut before_text = Vec::new();
    let mut blocked = false;
    for item in Reader::from_bytes(source, file, reader.clone()) {
        let record = match item {
            Item::Diagnostic(d) => {
                blocked |= blocks_formatting(&d);
                diagnostics.push(d);
                continue;
            }
            Item::Record(record) => record,
        };
        if blocked || verdict.is_err() {
            continue;
        }
        if sorted {
            before_text.push(record.to_string());
            continue;
        }
        match after.next() {
            Some(Ok(y)) => {
                if !same_record(&record, &y) {
                    verdict = Err(changed(format!(" (first difference: {record})")));
                }
            }
            Some(Err(d)) => verdict = Err(unsafe_error(&d)),
            None => verdict = Err(changed(format!(" ({record} is missing)"))),
        }
    }
    if blocked || verdict.is_err() {
        return (diagnostics, verdict);
    }
    let verdict = if sorted {
        let mut after_text = Vec::new();
        for r in after {
            match r {
                Ok(r) => after_text.push(r.to_string()),
                Err(d) => return (diagnostics, Err(unsafe_error(&d))),
            }
        }
        before_text.sort_unstable();
        after_text.sort_unstable();
        if before_text == after_text {
            Ok(())
        } else {
            Err(changed(String::new()))
        }
    } else {
        match after.next() {
            None => Ok(()),
            Some(Err(d)) => Err(unsafe_error(&d)),
            Some(Ok(y)) => Err(changed(format!(" ({y} is new)"))),
        }
    };
    (diagnostics, verdict)
}

/// Every comment of the source (whose tree is `tree`) must be among the output's comments.
fn verify_comments(
    tree: &SyntaxTree<'_>,
    output_comments: &[&[u8]],
    file: Option<&str>,
) -> Result<(), FormatError> {
    let missing = missing_from(tree, output_comments);
    if let Some(c) = missing.first() {
        return Err(FormatError::Unsafe(format!(
            "formatting {} would lose the comment \"{}\"; nothing was written",
            file.unwrap_or("<input>"),
            String::from_utf8_lossy(c)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
