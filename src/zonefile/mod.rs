//! Reading zone files: RFC 1035 master files in BIND's dialect.
//!
//! [`Reader`] is a pull iterator: each call yields one [`Item`] — a [`Record`] or a
//! [`Diagnostic`] — and the reader keeps only the entry being read in memory (plus one buffer
//! per open `$INCLUDE` file), so a zone of any size streams through in constant memory. An
//! error does not stop it: the broken entry is reported and reading goes on at the next entry,
//! until [`ReaderOptions::max_errors`] errors have been reported. Warnings (a TTL taken from the
//! SOA, a TTL clamped to 0) come through the same iterator, so they cannot be missed.
//!
//! [`parse_str`] and [`parse_file`] collect a whole [`Zone`] and fail on the first error;
//! [`read_str`] and [`read_file`] collect a [`Zone`] with every diagnostic in it.
//!
//! ```
//! use zonefmt::zonefile::{parse_str, ReaderOptions};
//! let text = "$TTL 1h\n@ SOA ns hostmaster 1 2 3 4 5\n  NS ns\nns A 192.0.2.1\n";
//! let zone = parse_str(text, &ReaderOptions::with_origin("example.")?)?;
//! assert_eq!(zone.records.len(), 3);
//! assert_eq!(zone.records[2].to_string(), "ns.example.\t3600\tIN\tA\t192.0.2.1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The accepted dialect, rule by rule, is in `FORMAT.md` ("Reader dialect").

use std::collections::VecDeque;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Diagnostic, Error, ErrorCode, Location, Severity};
use crate::name::Name;
use crate::record::Record;
use crate::rr::{Class, RecordType, Token};

mod directive;
mod entry;
mod generate;
pub mod lexer;
pub mod load;

pub(crate) use entry::find_ttl_and_class;
use lexer::{Entry, LexError, Lexed, Lexer};

/// How the reader reads, and the caps that keep hostile input bounded. Every cap has a
/// default that real zones stay far below; exceeding one is an error ([`ErrorCode::Limit`] and
/// friends), never a silent truncation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderOptions {
    /// The origin relative names are resolved against until a `$ORIGIN` changes it. Without
    /// one, relative names (and `@`) are errors until the file sets `$ORIGIN`.
    pub origin: Option<Name>,
    /// The zone's class: records without a class get it, records with another class are errors.
    pub class: Class,
    /// The one directory `$INCLUDE` may read from (and below it). `None` (the default) refuses
    /// every `$INCLUDE`. Paths are resolved as BIND does (relative to the working directory),
    /// then canonicalised; anything outside this directory — through `..`, an absolute path or
    /// a symbolic link — is refused without being opened.
    pub include_root: Option<PathBuf>,
    /// The directory relative `$INCLUDE` paths are resolved against. `None` (the default) is
    /// the process's working directory, as in BIND (whose working directory is its `directory`
    /// option); Knot resolves them against the including file's directory instead.
    pub include_base: Option<PathBuf>,
    /// Longest entry (a logical line, across parentheses) in bytes. Default 1 MiB. A longer
    /// entry stops the reading of its file.
    pub max_entry_len: usize,
    /// Most tokens in one entry. Default 100 000.
    pub max_tokens: usize,
    /// How deep parentheses may nest in one entry. Default 256 (BIND sets no limit; real zones
    /// use one level). A deeper entry is an error and reading goes on at the next entry.
    pub max_paren_depth: usize,
    /// How deep `$INCLUDE` may nest. Default 16.
    pub max_include_depth: usize,
    /// Most records one `$GENERATE` may produce. Default 65 536.
    pub max_generate: u64,
    /// Most records all the `$GENERATE`s of one read may produce together. Default 1 048 576
    /// (16 full directives), so that a few hundred bytes of directives cannot make a zone
    /// of millions of records; a directive that would pass it is refused whole (ZF0125).
    pub max_generate_total: u64,
    /// Most records one read yields (generated and included ones count). Default 100 million.
    pub max_records: u64,
    /// Longest rdata in wire form. Default 65 512 octets, BIND's limit: the most that fits in a
    /// DNS message (65 535 octets) after the header, a root owner and the fixed fields.
    pub max_rdata_len: usize,
    /// After this many errors the reader reports [`ErrorCode::TooManyErrors`] and stops.
    /// Default 100.
    pub max_errors: usize,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            origin: None,
            class: Class::IN,
            include_root: None,
            include_base: None,
            max_entry_len: 1 << 20,
            max_tokens: lexer::DEFAULT_MAX_TOKENS,
            max_paren_depth: lexer::DEFAULT_MAX_PAREN_DEPTH,
            max_include_depth: 16,
            max_generate: 65_536,
            max_generate_total: 1 << 20,
            max_records: 100_000_000,
            max_rdata_len: MAX_RDATA_LEN,
            max_errors: 100,
        }
    }
}

impl ReaderOptions {
    /// Default options with `origin` (absolute, e.g. `"example.com."`) as the origin.
    pub fn with_origin(origin: &str) -> Result<ReaderOptions, crate::name::NameError> {
        Ok(ReaderOptions {
            origin: Some(Name::from_ascii(origin)?),
            ..ReaderOptions::default()
        })
    }
}

/// What the reader yields: a record, or a problem (error or warning) found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Record(Record),
    Diagnostic(Diagnostic),
}

impl Item {
    /// The record, if this is one.
    pub fn record(self) -> Option<Record> {
        match self {
            Item::Record(r) => Some(r),
            Item::Diagnostic(_) => None,
        }
    }

    /// True for an error-severity diagnostic.
    pub fn is_error(&self) -> bool {
        matches!(self, Item::Diagnostic(d) if d.severity == Severity::Error)
    }
}

/// A whole zone file read into memory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Zone {
    /// The origin given in the options, or else the owner of the first SOA record.
    pub origin: Option<Name>,
    /// The records in file order (`$INCLUDE`d and `$GENERATE`d ones where they occur).
    pub records: Vec<Record>,
    /// Every warning, and (from [`read_str`]/[`read_file`]) every error.
    pub diagnostics: Vec<Diagnostic>,
}

impl Zone {
    /// True when a diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Collects everything `reader` yields.
    pub fn collect(reader: Reader<'_>) -> Zone {
        let mut zone = Zone {
            origin: reader.options.origin.clone(),
            ..Zone::default()
        };
        for item in reader {
            match item {
                Item::Record(r) => {
                    if zone.origin.is_none() && r.rtype() == RecordType::SOA {
                        zone.origin = Some(r.owner.clone());
                    }
                    zone.records.push(r);
                }
                Item::Diagnostic(d) => zone.diagnostics.push(d),
            }
        }
        zone
    }

    /// `Ok(self)` when there is no error; otherwise the first error.
    pub fn into_result(self) -> Result<Zone, Error> {
        match self
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
        {
            Some(d) => Err(Error::from(d.clone())),
            None => Ok(self),
        }
    }
}

/// Reads `text` completely; fails with the first error. Use [`read_str`] for every diagnostic.
pub fn parse_str(text: &str, options: &ReaderOptions) -> Result<Zone, Error> {
    read_str(text, options).into_result()
}

/// Reads the file at `path` completely; fails with the first error (or an I/O error).
pub fn parse_file(path: impl AsRef<Path>, options: &ReaderOptions) -> Result<Zone, Error> {
    read_file(path, options)?.into_result()
}

/// Reads `text` completely, keeping every error and warning in [`Zone::diagnostics`].
pub fn read_str(text: &str, options: &ReaderOptions) -> Zone {
    Zone::collect(Reader::from_bytes(text.as_bytes(), None, options.clone()))
}

/// Reads the file at `path` completely, keeping every error and warning in
/// [`Zone::diagnostics`]. Fails only when the file itself cannot be opened.
pub fn read_file(path: impl AsRef<Path>, options: &ReaderOptions) -> Result<Zone, Error> {
    Ok(Zone::collect(Reader::open(path, options.clone())?))
}

/// The default [`ReaderOptions::max_rdata_len`]: 65 535 − 12 (header) − 1 (root owner) − 10
/// (type, class, TTL, length).
pub const MAX_RDATA_LEN: usize = 65_512;

/// The largest TTL a zone file keeps (2^31 - 1); the reader reads a larger one as 0, with a
/// warning (RFC 2181 §8, as BIND does).
pub const MAX_TTL: u32 = 0x7fff_ffff;

/// Bytes asked of a stream at a time.
const CHUNK: usize = 256 * 1024;

enum Input<'a> {
    /// The whole input, in memory already.
    Slice(&'a [u8]),
    /// Input read in chunks; `buf[..filled]` holds the unread part from the entry being read
    /// onwards. The rest of `buf` is room for the next read, kept between reads so that a
    /// stream handing out a few bytes at a time costs no zeroing of a whole chunk per read.
    Stream {
        read: Box<dyn Read + 'a>,
        buf: Vec<u8>,
        filled: usize,
        eof: bool,
    },
}

impl<'a> Input<'a> {
    /// A stream not read yet.
    fn stream(read: Box<dyn Read + 'a>) -> Self {
        Input::Stream {
            read,
            buf: Vec::new(),
            filled: 0,
            eof: false,
        }
    }

    /// The buffered bytes and whether nothing follows them.
    fn window(&self) -> (&[u8], bool) {
        match self {
            Input::Slice(s) => (s, true),
            Input::Stream {
                buf, filled, eof, ..
            } => (buf.get(..*filled).unwrap_or_default(), *eof),
        }
    }
}

/// One file being read: the top one, or one `$INCLUDE`d.
struct Source<'a> {
    input: Input<'a>,
    /// Index into the window of the next entry.
    pos: usize,
    /// Absolute offset of the window's first byte.
    base: usize,
    line: u32,
    bom_checked: bool,
    file: Option<Arc<str>>,
    /// The origin in force in this file (a `$INCLUDE`d file's `$ORIGIN` ends with it).
    origin: Option<Name>,
    /// The includer's current owner, restored when this file ends (as BIND does).
    restore_owner: Option<Option<Name>>,
}

impl<'a> Source<'a> {
    fn new(input: Input<'a>, file: Option<Arc<str>>, origin: Option<Name>) -> Self {
        Source {
            input,
            pos: 0,
            base: 0,
            line: 1,
            bom_checked: false,
            file,
            origin,
            restore_owner: None,
        }
    }

    /// Reads more of a stream, keeping the unread part. Returns false when nothing more can come.
    fn fill(&mut self) -> std::io::Result<bool> {
        let Input::Stream {
            read,
            buf,
            filled,
            eof,
        } = &mut self.input
        else {
            return Ok(false);
        };
        if *eof {
            return Ok(false);
        }
        if self.pos > 0 {
            let pos = self.pos.min(*filled);
            buf.copy_within(pos..*filled, 0);
            *filled -= pos;
            self.base += pos;
            self.pos = 0;
        }
        let old = *filled;
        if buf.len() < old + CHUNK {
            buf.resize(old + CHUNK, 0);
        }
        let room = buf.get_mut(old..old + CHUNK).unwrap_or_default();
        let got = loop {
            match read.read(room) {
                Ok(n) => break n.min(CHUNK),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    *eof = true;
                    return Err(e);
                }
            }
        };
        *filled = old + got;
        if got == 0 {
            *eof = true;
        }
        Ok(true)
    }

    /// Bytes buffered from the next entry on.
    fn buffered(&self) -> usize {
        self.input.window().0.len().saturating_sub(self.pos)
    }

    /// Reads until the buffered part of an incomplete entry has at least doubled (or the
    /// input ends), so that an entry arriving a few bytes per read is not lexed again from its
    /// start after every read: the lexing work stays linear in the entry's length.
    fn fill_more(&mut self, buffered: usize) -> std::io::Result<()> {
        let want = buffered.saturating_mul(2).max(buffered + 1);
        while self.fill()? {
            if self.buffered() >= want {
                break;
            }
        }
        Ok(())
    }
}

/// What the entry reader knows about where an entry is, to turn offsets into locations.
pub(crate) struct Span<'b> {
    window: &'b [u8],
    base: usize,
    entry: Entry,
    file: &'b Option<Arc<str>>,
}

/// Longest source line copied into a diagnostic.
const MAX_SOURCE_LINE: usize = 400;

impl Span<'_> {
    /// The location of `len` bytes at absolute `offset`, and the source line it is on.
    fn locate(&self, offset: usize, len: usize) -> (Location, Option<String>) {
        let offset = offset.clamp(self.entry.start, self.entry.end);
        // A field may name more text than there is (an escape cut short by the end of the input).
        let len = len.min(self.entry.end - offset);
        let rel_start = self.entry.start.saturating_sub(self.base);
        let rel = offset.saturating_sub(self.base);
        let before = self.window.get(rel_start..rel).unwrap_or_default();
        let line = self.entry.line + memchr::memchr_iter(b'\n', before).count() as u32;
        let line_start = memchr::memrchr(b'\n', before).map_or(rel_start, |n| rel_start + n + 1);
        let rest = self.window.get(line_start..).unwrap_or_default();
        let mut text = rest
            .get(..memchr::memchr(b'\n', rest).unwrap_or(rest.len()))
            .unwrap_or_default();
        if let Some(without_cr) = text.strip_suffix(b"\r") {
            text = without_cr;
        }
        let text = text
            .get(..text.len().min(MAX_SOURCE_LINE))
            .unwrap_or_default();
        let location = Location {
            file: self.file.clone(),
            line,
            column: (rel - line_start + 1) as u32,
            offset: offset as u64,
            len: len as u32,
        };
        (location, Some(Diagnostic::source_text(text)))
    }

    /// A diagnostic at `at` (absolute offset and length), or at the end of the entry's last
    /// token when `at` is `None` (something is missing).
    fn diagnostic(
        &self,
        tokens: &[Token<'_>],
        severity: Severity,
        code: ErrorCode,
        message: String,
        at: Option<(usize, usize)>,
    ) -> Diagnostic {
        let (offset, len) = at.unwrap_or_else(|| {
            tokens
                .last()
                .map_or((self.entry.start, 0), |t| (t.offset + t.source_len(), 0))
        });
        let (location, source_line) = self.locate(offset, len);
        Diagnostic {
            code,
            severity,
            message,
            location,
            source_line,
            help: None,
            related: Vec::new(),
        }
    }

    /// Turns `location` into the whole entry's, keeping its file name when it is this
    /// file's already (no reference count touched for the records of one file).
    fn set_entry_location(&self, location: &mut Location) {
        let same_file = match (&location.file, self.file) {
            (Some(old), Some(new)) => Arc::ptr_eq(old, new),
            (None, None) => true,
            _ => false,
        };
        if !same_file {
            location.file = self.file.clone();
        }
        location.line = self.entry.line;
        location.column = 1;
        location.offset = self.entry.start as u64;
        location.len = self.entry_len();
    }

    /// The location of the whole entry, for a record.
    fn entry_location(&self) -> Location {
        let mut location = Location::default();
        self.set_entry_location(&mut location);
        location
    }

    /// The entry's length without its final line break (and any line breaks and carriage
    /// returns before that).
    fn entry_len(&self) -> u32 {
        let start = self.entry.start.saturating_sub(self.base);
        let end = self.entry.end.saturating_sub(self.base);
        let text = self.window.get(start..end).unwrap_or_default();
        let kept = match text {
            // The usual end, checked without the loop.
            [.., b, b'\n'] if !matches!(b, b'\n' | b'\r') => text.len() - 1,
            _ => {
                text.len()
                    - text
                        .iter()
                        .rev()
                        .take_while(|&&b| matches!(b, b'\n' | b'\r'))
                        .count()
            }
        };
        u32::try_from(kept).unwrap_or(u32::MAX)
    }
}

/// State that lasts across files: what blank owners and missing TTLs resolve to.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The previous record's owner, for blank owners.
    pub(crate) last_owner: Option<Name>,
    /// `$TTL`, or the SOA minimum when BIND's rule applied.
    pub(crate) default_ttl: Option<u32>,
    /// The last TTL given on a record (RFC 1035 semantics when there is no `$TTL`).
    pub(crate) last_ttl: Option<u32>,
    pub(crate) warned_rfc1035: bool,
    /// The origin changed (`$ORIGIN`, or `$INCLUDE` with an origin) since the last explicit
    /// owner: a blank owner now is probably a mistake.
    pub(crate) origin_changed: bool,
    /// The last owner parsed from text, reused while the same text comes again.
    pub(crate) owner_cache: OwnerCache,
    /// Records the `$GENERATE`s read so far produce (against `max_generate_total`).
    pub(crate) generated: u64,
    /// Every entry's TTL, class and rdata through the general path (only tests set it, to
    /// compare the paths).
    pub(crate) general_rdata: bool,
    /// The digest vector of a DS record whose data the reader replaced by another type's,
    /// kept for the next DS read in place (zones alternate NS and DS records, and an
    /// allocation and a free per DS were a fifth of its cost).
    pub(crate) spare_digest: Vec<u8>,
}

/// The text and origin of the last owner name parsed.
#[derive(Debug, Default)]
pub(crate) struct OwnerCache {
    pub(crate) text: Vec<u8>,
    pub(crate) origin: Option<Name>,
    /// `state.last_owner` is what `text` (unquoted) reads as under `origin`. The name is not
    /// kept a second time here: a copy per owner was an allocation and a free for each name
    /// too long to be inline.
    pub(crate) valid: bool,
}

/// Turns a stored token vector into one of another lifetime, keeping the allocation (the
/// vector is empty, so no token outlives its buffer; the standard library reuses the
/// allocation when collecting an emptied `Vec` into one of the same layout).
#[allow(clippy::unnecessary_filter_map)]
fn recycle<'x, 'y>(mut tokens: Vec<Token<'x>>) -> Vec<Token<'y>> {
    tokens.clear();
    tokens.into_iter().filter_map(|_| None).collect()
}

/// The pull reader. See the [module documentation](self).
pub struct Reader<'a> {
    options: ReaderOptions,
    sources: Vec<Source<'a>>,
    /// Canonical paths of `sources`, for refusing include loops.
    open_paths: Vec<Option<PathBuf>>,
    state: State,
    pending: VecDeque<Item>,
    /// The record of the last entry read, handed out after `pending` (records come straight
    /// here rather than through the queue: a `Record` is about 190 bytes, and each move
    /// through the queue copied it). Once handed out by [`Reader::next_ref`] it stays here, and
    /// the next entry's record is written over it in place: its owner, data and file name
    /// are replaced only where they differ.
    current: Option<Record>,
    /// `current` holds a record not handed out yet.
    fresh: bool,
    spare_tokens: Vec<Token<'static>>,
    generator: Option<generate::Generator>,
    errors: usize,
    records: u64,
    /// No more input.
    done: bool,
    /// A cap was reached: nothing more is counted or read.
    stopped: bool,
}

impl fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("options", &self.options)
            .field("depth", &self.sources.len())
            .field("errors", &self.errors)
            .field("records", &self.records)
            .finish_non_exhaustive()
    }
}

impl<'a> Reader<'a> {
    /// A reader over `input` in memory; `file` names it in diagnostics.
    pub fn from_bytes(input: &'a [u8], file: Option<&str>, options: ReaderOptions) -> Self {
        let origin = options.origin.clone();
        Reader::with_source(
            Source::new(Input::Slice(input), file.map(Arc::from), origin),
            options,
        )
    }

    /// A reader pulling from `read` in chunks; `file` names it in diagnostics (`-` for
    /// standard input).
    pub fn from_read(read: impl Read + 'a, file: Option<&str>, options: ReaderOptions) -> Self {
        let origin = options.origin.clone();
        let input = Input::stream(Box::new(read));
        Reader::with_source(Source::new(input, file.map(Arc::from), origin), options)
    }

    /// A reader over the file at `path`.
    pub fn open(path: impl AsRef<Path>, options: ReaderOptions) -> Result<Reader<'static>, Error> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(Error::Io {
                path: path.display().to_string(),
                source: std::io::Error::other("is a directory"),
            });
        }
        let mut reader = Reader::from_read(file, Some(&path.display().to_string()), options);
        reader.open_paths = vec![std::fs::canonicalize(path).ok()];
        Ok(reader)
    }

    fn with_source(source: Source<'a>, options: ReaderOptions) -> Self {
        Reader {
            options,
            sources: vec![source],
            open_paths: vec![None],
            state: State::default(),
            pending: VecDeque::new(),
            current: None,
            fresh: false,
            spare_tokens: Vec::new(),
            generator: None,
            errors: 0,
            records: 0,
            done: false,
            stopped: false,
        }
    }

    /// The options in use.
    pub fn options(&self) -> &ReaderOptions {
        &self.options
    }

    /// The origin in force at the current position.
    pub fn origin(&self) -> Option<&Name> {
        self.sources
            .last()
            .and_then(|s| s.origin.as_ref())
            .or(self.options.origin.as_ref())
    }

    /// Ends the current file, restoring what its includer had.
    fn pop_source(&mut self) {
        self.open_paths.pop();
        if let Some(src) = self.sources.pop() {
            if let Some(owner) = src.restore_owner {
                self.state.last_owner = owner;
                self.state.owner_cache.valid = false;
            }
        }
    }

    /// Reads until at least one item is pending or the input is exhausted.
    fn step(&mut self) {
        if let Some(generator) = &mut self.generator {
            match generator.next_item() {
                Some(item) => {
                    if matches!(item, Item::Diagnostic(_)) {
                        self.generator = None;
                    }
                    self.pending.push_back(item);
                    return;
                }
                None => self.generator = None,
            }
        }
        let max_entry = self.options.max_entry_len;
        loop {
            let Reader {
                sources,
                open_paths,
                state,
                pending,
                current,
                fresh,
                spare_tokens,
                options,
                done,
                ..
            } = self;
            let Some(src) = sources.last_mut() else {
                *done = true;
                return;
            };
            let (window, is_final) = src.input.window();
            if !src.bom_checked {
                if window.len() >= lexer::BOM.len() || is_final {
                    src.pos = lexer::bom_len(window);
                    src.bom_checked = true;
                } else {
                    if let Err(e) = src.fill() {
                        let d = io_diagnostic(src, &e);
                        pending.push_back(Item::Diagnostic(d));
                        self.pop_source();
                    }
                    continue;
                }
            }
            let mut tokens: Vec<Token<'_>> = recycle(std::mem::take(spare_tokens));
            let mut lexer = Lexer::resume(window, src.base, src.pos, src.line, is_final)
                .with_max_tokens(options.max_tokens)
                .with_max_paren_depth(options.max_paren_depth);
            let lexed = lexer.next_entry(&mut tokens, None);
            let outcome = match lexed {
                Ok(Lexed::Incomplete) => Outcome::NeedMore(window.len() - src.pos),
                Ok(Lexed::End) => Outcome::EndOfFile,
                Err(LexError {
                    code,
                    message,
                    offset,
                    len,
                    entry,
                }) => {
                    let span = Span {
                        window,
                        base: src.base,
                        entry,
                        file: &src.file,
                    };
                    let d = span.diagnostic(
                        &tokens,
                        Severity::Error,
                        code,
                        message,
                        Some((offset, len)),
                    );
                    pending.push_back(Item::Diagnostic(d));
                    Outcome::Done(lexer.position(), lexer.line())
                }
                // A blank or comment-only line too long for a stream is too long here as well,
                // so that reading from memory and from a stream agree.
                Ok(Lexed::Entry(entry))
                    if tokens.is_empty() && entry.end - entry.start <= max_entry =>
                {
                    Outcome::Blank(lexer.position(), lexer.line())
                }
                Ok(Lexed::Entry(entry)) => {
                    let span = Span {
                        window,
                        base: src.base,
                        entry,
                        file: &src.file,
                    };
                    let action = if entry.end - entry.start > max_entry {
                        let d = span.diagnostic(
                            &tokens,
                            Severity::Error,
                            ErrorCode::Limit,
                            format!("entry is longer than {max_entry} bytes; reading of this file stopped"),
                            Some((entry.start, 0)),
                        );
                        pending.push_back(Item::Diagnostic(d));
                        entry::Action::StopFile
                    } else {
                        let mut ctx = entry::Context {
                            span: &span,
                            tokens: &tokens,
                            origin: &mut src.origin,
                            state,
                            options,
                            out: pending,
                            record: current,
                            fresh,
                            open_paths,
                        };
                        ctx.read()
                    };
                    Outcome::Entry(lexer.position(), lexer.line(), action)
                }
            };
            *spare_tokens = recycle(tokens);
            match outcome {
                Outcome::NeedMore(buffered) => {
                    if buffered > max_entry {
                        let (location, source_line) = Span {
                            window,
                            base: src.base,
                            entry: Entry {
                                start: src.base + src.pos,
                                end: src.base + src.pos,
                                line: src.line,
                                end_line: src.line,
                                blank_owner: false,
                            },
                            file: &src.file,
                        }
                        .locate(src.base + src.pos, 0);
                        let d = Diagnostic {
                            source_line,
                            ..Diagnostic::error(
                                ErrorCode::Limit,
                                format!("entry is longer than {max_entry} bytes; reading of this file stopped"),
                                location,
                            )
                        };
                        pending.push_back(Item::Diagnostic(d));
                        self.pop_source();
                    } else if let Err(e) = src.fill_more(buffered) {
                        let d = io_diagnostic(src, &e);
                        pending.push_back(Item::Diagnostic(d));
                        self.pop_source();
                    }
                }
                Outcome::EndOfFile => self.pop_source(),
                Outcome::Blank(pos, line) => {
                    src.pos = pos;
                    src.line = line;
                    continue;
                }
                Outcome::Done(pos, line) => {
                    src.pos = pos;
                    src.line = line;
                }
                Outcome::Entry(pos, line, action) => {
                    src.pos = pos;
                    src.line = line;
                    match action {
                        entry::Action::None => {}
                        entry::Action::StopFile => self.pop_source(),
                        entry::Action::Include(source, path) => {
                            self.sources.push(*source);
                            self.open_paths.push(Some(path));
                        }
                        entry::Action::Generate(generator) => self.generator = Some(*generator),
                    }
                }
            }
            if !self.pending.is_empty() || self.fresh || self.done || self.generator.is_some() {
                return;
            }
        }
    }
}

enum Outcome {
    NeedMore(usize),
    EndOfFile,
    Blank(usize, u32),
    Done(usize, u32),
    Entry(usize, u32, entry::Action<'static>),
}

fn io_diagnostic(src: &Source<'_>, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        ErrorCode::Io,
        format!("reading failed: {e}"),
        Location {
            file: src.file.clone(),
            line: src.line,
            column: 1,
            offset: (src.base + src.pos) as u64,
            len: 0,
        },
    )
}

/// What [`Reader::advance`] found.
enum Next {
    /// The record in `Reader::current`.
    Current,
    /// A queued item: boxed, so that the common answer, `Current`, is two words to return
    /// rather than a 200-octet copy per record.
    Item(Box<Item>),
}

/// An item lent by [`Reader::next_ref`]: the record stays in the reader.
#[derive(Debug)]
pub enum ItemRef<'r> {
    Record(&'r Record),
    /// Boxed: diagnostics are rare, and a lent item is then two words, not ~150 octets.
    Diagnostic(Box<Diagnostic>),
}

impl<'a> Reader<'a> {
    /// The next item, with the record lent instead of moved out: for callers that only look
    /// at each record (counting, printing), this saves moving it.
    ///
    /// ```
    /// use zonefmt::zonefile::{ItemRef, Reader, ReaderOptions};
    /// let options = ReaderOptions::with_origin("example.")?;
    /// let mut reader = Reader::from_bytes(b"$TTL 60\na A 192.0.2.1\nb A 192.0.2.2\n", None, options);
    /// let mut owners = Vec::new();
    /// while let Some(item) = reader.next_ref() {
    ///     if let ItemRef::Record(record) = item {
    ///         owners.push(record.owner.to_string());
    ///     }
    /// }
    /// assert_eq!(owners, ["a.example.", "b.example."]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_ref(&mut self) -> Option<ItemRef<'_>> {
        match self.advance()? {
            Next::Item(item) => match *item {
                Item::Record(record) => {
                    self.current = Some(record);
                    self.current.as_ref().map(ItemRef::Record)
                }
                Item::Diagnostic(d) => Some(ItemRef::Diagnostic(Box::new(d))),
            },
            Next::Current => self.current.as_ref().map(ItemRef::Record),
        }
    }

    /// Reads on until an item is ready, counting records and errors against their caps.
    fn advance(&mut self) -> Option<Next> {
        loop {
            // Checked first: popping an empty queue still moves a 200-octet `Option<Item>`.
            if let Some(item) = (!self.pending.is_empty())
                .then(|| self.pending.pop_front())
                .flatten()
            {
                match &item {
                    // The guard counts the record (once: a record matches no other arm).
                    Item::Record(record) if !self.stopped && self.count_record() => {
                        let d = self.too_many_records(record.location.clone());
                        return Some(Next::Item(Box::new(Item::Diagnostic(d))));
                    }
                    Item::Diagnostic(d) if d.severity == Severity::Error && !self.stopped => {
                        self.errors += 1;
                        if self.errors >= self.options.max_errors {
                            let last = Diagnostic::error(
                                ErrorCode::TooManyErrors,
                                format!("{} errors; reading stopped", self.errors),
                                d.location.clone(),
                            );
                            self.stop(last.clone());
                            self.pending.push_back(Item::Diagnostic(last));
                        }
                    }
                    _ => {}
                }
                return Some(Next::Item(Box::new(item)));
            }
            if std::mem::take(&mut self.fresh) {
                if !self.stopped && self.count_record() {
                    let location = self
                        .current
                        .take()
                        .map(|record| record.location)
                        .unwrap_or_default();
                    let d = self.too_many_records(location);
                    return Some(Next::Item(Box::new(Item::Diagnostic(d))));
                }
                return Some(Next::Current);
            }
            if self.done {
                return None;
            }
            self.step();
        }
    }

    /// Counts a record; true when that makes one more than the cap.
    fn count_record(&mut self) -> bool {
        self.records += 1;
        self.records > self.options.max_records
    }

    /// Stops reading, past the cap on records; returns the error to report.
    fn too_many_records(&mut self, location: Location) -> Diagnostic {
        self.stop(Diagnostic::error(
            ErrorCode::Limit,
            format!(
                "more than {} records; reading stopped",
                self.options.max_records
            ),
            location,
        ))
    }
}

impl Iterator for Reader<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match self.advance()? {
            Next::Item(item) => Some(*item),
            Next::Current => self.current.take().map(Item::Record),
        }
    }
}

impl Reader<'_> {
    /// Stops reading: nothing more is yielded after what is queued now is dropped.
    fn stop(&mut self, last: Diagnostic) -> Diagnostic {
        self.done = true;
        self.stopped = true;
        self.generator = None;
        self.pending.clear();
        self.current = None;
        self.fresh = false;
        self.sources.clear();
        self.open_paths.clear();
        last
    }
}

#[cfg(test)]
mod tests;
