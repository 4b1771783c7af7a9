//! `zonefmt check FILE...`: reads each zone completely and reports every problem.
//!
//! Reading finds syntax and rdata errors; the whole-zone checks of [`crate::validate`] (the
//! `rfc` profile by default: the load rules BIND always applies, then named-checkzone's
//! integrity checks) run on every file that reads without errors. `--allow`, `--warn` and
//! `--deny` set the level of a code, `--strict` makes warnings fail. Diagnostics go to
//! standard error, rendered like rustc's (or to standard output as JSON lines with `--format
//! json`), followed by a summary line per file: `example.com: 3 errors, 1 warning, 1,024
//! records`.

use std::io::{IsTerminal, Read, Write};
use std::sync::{mpsc, Arc};

use super::render::{render_styled, to_json, SourceCache, Style};
use super::{open_reader, Failure, Outcome, ReadArgs};
use crate::cloudflare::export;
use crate::cloudflare::limits::Plan;
use crate::error::{Diagnostic, ErrorCode, Location, Severity};
use crate::name::Name;
use crate::rr::RecordType;
use crate::validate::cloudflare::CloudflareOptions;
use crate::validate::{self, CheckOptions, Checker, Level, Profile, Sources};
use crate::zonefile::{Item, ItemRef, Reader, Zone};

/// How diagnostics are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style text on standard error, a summary line per file on standard output.
    Human,
    /// One JSON object per diagnostic on standard output; summaries on standard error.
    Json,
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// When standard error is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

/// Arguments of `zonefmt check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Which checks to run: `rfc` (named-checkzone's rules and severities) or `cloudflare`
    /// (what Cloudflare's API would refuse, with the attributes of `cf_tags` comments).
    #[arg(long, value_name = "PROFILE", default_value = "rfc", value_parser = parse_profile)]
    pub profile: Profile,
    /// With `--profile cloudflare`: the plan whose limits apply (free, pro, business,
    /// enterprise): the shortest TTL, comment length, tags, the record quota.
    #[arg(long, value_name = "PLAN", default_value = "free", value_parser = parse_plan)]
    pub plan: Plan,
    /// Turn the check with this code off (repeatable; commas separate several codes).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub allow: Vec<String>,
    /// Report this code as a warning.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub warn: Vec<String>,
    /// Report this code as an error.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub deny: Vec<String>,
    /// Warnings fail the check too (exit status 1).
    #[arg(long)]
    pub strict: bool,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Colour the human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Zone files (`-` for standard input).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
}

fn parse_plan(text: &str) -> Result<Plan, String> {
    Plan::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Plan::ALL.iter().map(|p| p.name()).collect();
        format!("unknown plan \"{text}\" (known: {})", names.join(", "))
    })
}

fn parse_profile(text: &str) -> Result<Profile, String> {
    Profile::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
        format!("unknown profile \"{text}\" (known: {})", names.join(", "))
    })
}

impl Args {
    /// The check options these arguments ask for; an unknown code is a usage error.
    pub fn check_options(&self) -> Result<CheckOptions, Failure> {
        let mut options = CheckOptions {
            profile: self.profile,
            strict: self.strict,
            ..CheckOptions::default()
        };
        for (codes, level) in [
            (&self.allow, Level::Allow),
            (&self.warn, Level::Warn),
            (&self.deny, Level::Deny),
        ] {
            for text in codes {
                let code = ErrorCode::from_code(text.trim()).ok_or_else(|| {
                    Failure::Usage(format!(
                        "unknown diagnostic code \"{text}\" (codes look like ZF2031)"
                    ))
                })?;
                options.set(code, level);
            }
        }
        Ok(options)
    }
}

/// Reads `file` into a zone; standard input is kept in memory for the source lines.
fn read_zone(
    file: &str,
    options: &crate::zonefile::ReaderOptions,
    cache_input: &mut Option<Vec<u8>>,
) -> Result<Zone, Failure> {
    if file == "-" {
        let mut input = Vec::new();
        std::io::stdin().read_to_end(&mut input)?;
        let zone = Zone::collect(Reader::from_bytes(&input, Some("-"), options.clone()));
        *cache_input = Some(input);
        Ok(zone)
    } else {
        Ok(Zone::collect(open_reader(file, options.clone())?))
    }
}

/// Counts of one file's run.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    errors: usize,
    warnings: usize,
    records: usize,
}

/// What checking one file found.
struct Checked {
    origin: Option<Name>,
    /// The reader's diagnostics in reading order, then the checks' in place order.
    diagnostics: Vec<Diagnostic>,
    records: usize,
}

/// The finding when the apex is unknown.
fn no_origin(file: &str) -> Diagnostic {
    Diagnostic::error(
        ErrorCode::NoApexSoa,
        "no SOA record and no --origin: the zone's apex is unknown, so it cannot be checked",
        Location {
            file: Some(file.into()),
            ..Location::default()
        },
    )
    .with_help("give the origin with --origin, or start the file with the zone's SOA record")
}

/// Reads and checks one file; returns its diagnostics and the cache of its text. The
/// Cloudflare profile (which reads comments and needs every record) and fragments read the
/// zone whole; otherwise the records stream through a [`Checker`] and are not kept.
fn check_file(
    file: &str,
    args: &Args,
    read: &crate::zonefile::ReaderOptions,
    options: &CheckOptions,
) -> Result<(Checked, SourceCache), Failure> {
    if options.profile != Profile::Cloudflare && !args.read.fragment {
        return stream_file(file, read, options);
    }
    let mut input = None;
    let mut zone = read_zone(file, read, &mut input)?;
    let mut cache = SourceCache::new(
        zone.records
            .iter()
            .map(|r| &r.location)
            .chain(zone.diagnostics.iter().map(|d| &d.location)),
    );
    if let Some(input) = input {
        cache.give("-", input);
    }
    options.apply(&mut zone.diagnostics);
    let records = zone.records.len();
    if args.read.fragment {
        let checked = Checked {
            origin: zone.origin,
            diagnostics: zone.diagnostics,
            records,
        };
        return Ok((checked, cache));
    }
    // After a read error only the load rules run: a missing address may just be a broken line.
    let partial;
    let options = if zone.has_errors() {
        partial = options.load_rules_only();
        &partial
    } else {
        options
    };
    let found = match &zone.origin {
        // The Cloudflare profile reads the attributes in cf_tags comments and knows the plan.
        Some(origin) if options.profile == Profile::Cloudflare && !zone.has_errors() => {
            let source = cache.text(Some(file)).unwrap_or_default();
            let (records, mut found) =
                export::attach_comments(source, Some(file), zone.records.clone());
            let plan = CloudflareOptions {
                plan: args.plan,
                ..CloudflareOptions::default()
            };
            found.extend(validate::cloudflare::check(
                &records,
                origin,
                &plan,
                options,
                Some(&cache),
            ));
            found
        }
        Some(origin) => validate::check(&zone.records, origin, options, Some(&cache)),
        None => vec![no_origin(file)],
    };
    zone.diagnostics.extend(found);
    let checked = Checked {
        origin: zone.origin,
        diagnostics: zone.diagnostics,
        records,
    };
    Ok((checked, cache))
}

/// A reader over `file`, or over `input` when standard input was read into it.
fn reader_of<'a>(
    file: &str,
    input: Option<&'a [u8]>,
    read: &crate::zonefile::ReaderOptions,
) -> Result<Reader<'a>, Failure> {
    match input {
        Some(bytes) => Ok(Reader::from_bytes(bytes, Some("-"), read.clone())),
        None => open_reader(file, read.clone()),
    }
}

/// Notes the file of `location` among `files`.
fn note_file(files: &mut Vec<Arc<str>>, location: &Location) {
    if let Some(file) = &location.file {
        if !files.iter().any(|f| Arc::ptr_eq(f, file) || f == file) {
            files.push(file.clone());
        }
    }
}

/// How one read of a zone is driven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Threads {
    /// Reading and checking take turns on this thread.
    One,
    /// The reader runs on a thread of its own and hands its items over in batches of `batch`.
    Two { batch: usize },
}

/// Items per batch handed from the reading thread to the checking one. Large enough that
/// the channel's cost (a lock, sometimes a wake-up) is spread over many records; small enough
/// that the batches in flight stay in the caches.
const PIPE_BATCH: usize = 1024;

/// Full batches that may wait in the channel: with the one being filled and the one being
/// checked, at most `PIPE_DEPTH + 2` batches exist, whatever the zone's size.
const PIPE_DEPTH: usize = 2;

/// Inputs smaller than this are read and checked on one thread: their check is over in a few
/// tens of milliseconds, and on a loaded machine the hand-overs between the threads (each may
/// wait for a scheduler slot) cost more than the overlap saves (2.7 MB zone at load 3: 53 ms
/// pipelined, 42 ms on one thread).
const PIPE_MIN_BYTES: u64 = 4 << 20;

/// The way to drive a read of `size` bytes (of the zone's main file).
fn threads_for(size: u64) -> Threads {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores >= 2 && size >= PIPE_MIN_BYTES {
        Threads::Two { batch: PIPE_BATCH }
    } else {
        Threads::One
    }
}

/// What [`drive`] hands the items to.
trait Sink {
    /// Takes the next item.
    fn item(&mut self, item: ItemRef<'_>);

    /// Takes the next batch of items (with [`Threads::Two`]): each goes to [`Sink::item`]
    /// unless the sink can do better with the whole batch. The batches the sink is done with
    /// go into `done`, to be refilled.
    fn batch(&mut self, items: Vec<Item>, done: &mut Vec<Vec<Item>>) {
        for item in &items {
            match item {
                Item::Record(r) => self.item(ItemRef::Record(r)),
                Item::Diagnostic(d) => self.item(ItemRef::Diagnostic(Box::new(d.clone()))),
            }
        }
        done.push(items);
    }
}

/// A closure as a [`Sink`] of one item at a time.
struct Each<F>(F);

impl<F: FnMut(ItemRef<'_>)> Sink for Each<F> {
    fn item(&mut self, item: ItemRef<'_>) {
        (self.0)(item);
    }
}

/// Hands every item of the reader `make` opens to `sink`, in the reader's order.
///
/// With [`Threads::Two`], reading and checking each take about half of `check`'s time, so the
/// reader runs on a second thread: its items go over in batches through a bounded channel
/// (memory stays bounded: at most `PIPE_DEPTH + 2` batches exist) and the emptied batches come
/// back to be filled again (once the sink is done with them), so that their allocations are
/// reused and each record is dropped on the thread that built it. `sink` sees the same items
/// in the same order either way, so the diagnostics do not depend on the threads. The reader is opened on its own thread (it may
/// hold a `dyn Read`, which need not be `Send`); an error opening it is returned.
fn drive<'a>(
    make: impl FnOnce() -> Result<Reader<'a>, Failure> + Send,
    threads: Threads,
    sink: &mut impl Sink,
) -> Result<(), Failure> {
    let batch = match threads {
        Threads::One => {
            let mut reader = make()?;
            while let Some(item) = reader.next_ref() {
                sink.item(item);
            }
            return Ok(());
        }
        Threads::Two { batch } => batch.max(1),
    };
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Vec<Item>>(PIPE_DEPTH);
        let (empty_tx, empty_rx) = mpsc::channel::<Vec<Item>>();
        let reading = scope.spawn(move || -> Result<(), Failure> {
            let mut reader = make()?;
            loop {
                // A new batch only when none has come back: all the others are in flight.
                let mut items = empty_rx
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(batch));
                // Lent, then copied: a record moved out of the reader leaves it nothing to read
                // the next one into, and the reader's in-place paths (NS, DS, A, AAAA...) need
                // the previous record there; the copy costs less than the general path. It
                // goes into the room of the record at its place in the batch that came back
                // (see `Record::clone_from`) rather than into a new one.
                let mut filled = 0;
                while filled < batch {
                    let item = match reader.next_ref() {
                        Some(item) => item,
                        None => break,
                    };
                    match (items.get_mut(filled), item) {
                        (Some(Item::Record(room)), ItemRef::Record(r)) => room.clone_from(r),
                        (Some(slot), ItemRef::Record(r)) => *slot = Item::Record(r.clone()),
                        (Some(slot), ItemRef::Diagnostic(d)) => *slot = Item::Diagnostic(*d),
                        (None, ItemRef::Record(r)) => items.push(Item::Record(r.clone())),
                        (None, ItemRef::Diagnostic(d)) => items.push(Item::Diagnostic(*d)),
                    }
                    filled += 1;
                }
                items.truncate(filled);
                let last = filled < batch;
                // The receiver is gone only when the checking side stopped (it panicked).
                if items.is_empty() || full_tx.send(items).is_err() || last {
                    return Ok(());
                }
            }
        });
        let mut done = Vec::new();
        for items in full_rx.iter() {
            sink.batch(items, &mut done);
            for items in done.drain(..) {
                // The reader may have finished already; the batch is then dropped here.
                let _ = empty_tx.send(items);
            }
        }
        match reading.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// The size of the zone's main file, to choose how to drive its read (0 when unknown).
fn input_size(file: &str, input: Option<&[u8]>) -> u64 {
    match input {
        Some(bytes) => bytes.len() as u64,
        None => std::fs::metadata(file).map_or(0, |m| m.len()),
    }
}

/// [`check_file`] with the records streamed: read once into the checker's compact index, and
/// a second time only when a finding needs the records of a few owners.
fn stream_file(
    file: &str,
    read: &crate::zonefile::ReaderOptions,
    options: &CheckOptions,
) -> Result<(Checked, SourceCache), Failure> {
    let input = if file == "-" {
        let mut input = Vec::new();
        std::io::stdin().read_to_end(&mut input)?;
        Some(input)
    } else {
        None
    };
    let threads = threads_for(input_size(file, input.as_deref()));
    stream_input(file, input, read, options, threads)
}

/// The first read of [`stream_input`]: every record goes through the checker (made at the
/// first SOA when there is no `--origin`; the records before it wait in `early`), the reader's
/// diagnostics are kept, the files the records come from noted.
struct FirstPass<'o> {
    options: &'o CheckOptions,
    diagnostics: Vec<Diagnostic>,
    files: Vec<Arc<str>>,
    origin: Option<Name>,
    checker: Option<Checker>,
    early: Vec<crate::record::Record>,
    records: usize,
    /// The size of the zone's main file (0 when unknown), for [`Checker::reserve_for`].
    size: u64,
}

impl FirstPass<'_> {
    /// Counts `r`, notes its file, and makes the checker at the first SOA when there is none:
    /// true when the checker takes `r`.
    fn note(&mut self, r: &crate::record::Record) -> bool {
        self.records += 1;
        if self
            .files
            .last()
            .is_none_or(|f| r.location.file.as_ref().is_some_and(|g| !Arc::ptr_eq(f, g)))
        {
            note_file(&mut self.files, &r.location);
        }
        if self.origin.is_none() && r.rtype() == RecordType::SOA {
            let mut c = self.new_checker(r.owner.clone());
            for e in self.early.drain(..) {
                c.push(e);
            }
            self.origin = Some(r.owner.clone());
            self.checker = Some(c);
        }
        self.checker.is_some()
    }

    /// The checker of the zone at `origin`, its index sized for the file.
    fn new_checker(&self, origin: Name) -> Checker {
        let mut c = Checker::new(origin, self.options);
        c.reserve_for(self.size);
        c
    }
}

impl Sink for FirstPass<'_> {
    fn item(&mut self, item: ItemRef<'_>) {
        match item {
            ItemRef::Record(r) => {
                if self.note(r) {
                    if let Some(c) = &mut self.checker {
                        c.push_ref(r);
                    }
                } else {
                    self.early.push(r.clone());
                }
            }
            ItemRef::Diagnostic(d) => {
                note_file(&mut self.files, &d.location);
                self.diagnostics.push(*d);
            }
        }
    }

    /// The records from the first the checker takes on go to it as one batch, not copied
    /// (see [`Checker::push_batch`]).
    fn batch(&mut self, items: Vec<Item>, done: &mut Vec<Vec<Item>>) {
        let mut from = None;
        for (i, item) in items.iter().enumerate() {
            match item {
                Item::Record(r) => {
                    if from.is_some() {
                        self.records += 1;
                        if self.files.last().is_none_or(|f| {
                            r.location.file.as_ref().is_some_and(|g| !Arc::ptr_eq(f, g))
                        }) {
                            note_file(&mut self.files, &r.location);
                        }
                    } else if self.note(r) {
                        from = Some(i);
                    } else {
                        self.early.push(r.clone());
                    }
                }
                Item::Diagnostic(d) => {
                    note_file(&mut self.files, &d.location);
                    self.diagnostics.push(d.clone());
                }
            }
        }
        match (&mut self.checker, from) {
            (Some(c), Some(from)) => c.push_batch(items, from, done),
            _ => done.push(items),
        }
    }
}

/// [`stream_file`] once standard input, if it is the file, is in `input`.
fn stream_input(
    file: &str,
    input: Option<Vec<u8>>,
    read: &crate::zonefile::ReaderOptions,
    options: &CheckOptions,
    threads: Threads,
) -> Result<(Checked, SourceCache), Failure> {
    let mut first = FirstPass {
        options,
        diagnostics: Vec::new(),
        files: Vec::new(),
        origin: read.origin.clone(),
        checker: None,
        early: Vec::new(),
        records: 0,
        size: input_size(file, input.as_deref()),
    };
    first.checker = read.origin.clone().map(|o| first.new_checker(o));
    let bytes = input.as_deref();
    drive(|| reader_of(file, bytes, read), threads, &mut first)?;
    let FirstPass {
        mut diagnostics,
        files,
        origin,
        checker,
        early,
        records,
        ..
    } = first;
    drop(early);
    let mut cache = SourceCache::for_files(files);
    if let Some(input) = input {
        cache.give("-", input);
    }
    options.apply(&mut diagnostics);
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let found = match checker {
        Some(checker) => {
            let mut finished = checker.finish(has_errors, Some(&cache));
            if finished.wants_records() {
                let input = if file == "-" {
                    cache.text(Some("-"))
                } else {
                    None
                };
                drive(
                    || reader_of(file, input, read),
                    threads,
                    &mut Each(|item: ItemRef<'_>| {
                        if let ItemRef::Record(r) = item {
                            finished.offer(r);
                        }
                    }),
                )?;
            }
            finished.diagnostics(Some(&cache))
        }
        None => vec![no_origin(file)],
    };
    diagnostics.extend(found);
    let checked = Checked {
        origin,
        diagnostics,
        records,
    };
    Ok((checked, cache))
}

/// `1,024`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// The summary line of one file.
fn summary(name: &str, tally: Tally) -> String {
    format!(
        "{name}: {}, {}, {}",
        plural(tally.errors, "error", "errors"),
        plural(tally.warnings, "warning", "warnings"),
        plural(tally.records, "record", "records")
    )
}

/// Runs `zonefmt check`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let read = args.read.options()?;
    let options = args.check_options()?;
    let style = match args.color {
        Color::Auto => Style::for_stream(std::io::stderr().is_terminal()),
        Color::Always => Style { color: true },
        Color::Never => Style { color: false },
    };
    let mut outcome = Outcome::Clean;
    let mut unreadable = 0usize;
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    for file in &args.files {
        let (mut zone, cache) = match check_file(file, args, &read, &options) {
            Ok(checked) => checked,
            Err(Failure::Io(message)) => {
                // Go on with the other files; the run ends with status 2.
                let _ = writeln!(stderr.lock(), "zonefmt: error: {message}");
                unreadable += 1;
                continue;
            }
            Err(other) => return Err(other),
        };
        let tally = Tally {
            errors: count(&zone.diagnostics, Severity::Error),
            warnings: count(&zone.diagnostics, Severity::Warning),
            records: zone.records,
        };
        if options.fails(&zone.diagnostics) {
            outcome = Outcome::Problems;
        }
        // Whole-zone findings about a zone with no record at all have no record to take a
        // place from: they are about this file.
        for d in &mut zone.diagnostics {
            if d.location.file.is_none() {
                d.location.file = Some(file.as_str().into());
            }
        }
        let name = zone
            .origin
            .as_ref()
            .filter(|_| !args.read.fragment)
            .map_or_else(|| file.clone(), zone_name);
        match args.format {
            Format::Human => {
                for d in &zone.diagnostics {
                    let text = render_styled(d, style, Some(&cache as &dyn Sources));
                    let _ = stderr.lock().write_all(format!("{text}\n").as_bytes());
                }
                writeln!(stdout.lock(), "{}", summary(&name, tally))?;
            }
            Format::Json => {
                let mut out = stdout.lock();
                for d in &zone.diagnostics {
                    writeln!(out, "{}", to_json(d))?;
                }
                let _ = writeln!(stderr.lock(), "{}", summary(&name, tally));
            }
        }
    }
    if unreadable > 0 {
        return Err(Failure::Io(format!(
            "{} could not be read",
            plural(unreadable, "file", "files")
        )));
    }
    Ok(outcome)
}

/// A zone's name as people write it: `example.com` (the root stays `.`).
fn zone_name(origin: &crate::name::Name) -> String {
    let text = origin.to_string();
    match text.strip_suffix('.') {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => text,
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::zonefile::ReaderOptions;
    use std::path::{Path, PathBuf};

    /// Streams `file` on one thread and pipelined with several batch sizes; the results must
    /// agree exactly: the same diagnostics in the same order, the same count and origin.
    fn same_both_ways(
        file: &str,
        input: Option<&[u8]>,
        read: &ReaderOptions,
        options: &CheckOptions,
    ) {
        let run = |threads| {
            stream_input(file, input.map(<[u8]>::to_vec), read, options, threads)
                .map(|(checked, _)| (checked.origin, checked.diagnostics, checked.records))
                .map_err(|e| format!("{e:?}"))
        };
        let serial = run(Threads::One);
        for batch in [1, 2, 7, PIPE_BATCH] {
            assert_eq!(
                run(Threads::Two { batch }),
                serial,
                "{file}, batches of {batch}"
            );
        }
    }

    fn zone_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                zone_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "zone" || e == "db") {
                out.push(path);
            }
        }
    }

    #[test]
    fn pipelined_and_serial_agree_on_the_testdata() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
        let mut files = Vec::new();
        zone_files(&root, &mut files);
        assert!(files.len() > 400, "{} zone files", files.len());
        let mut strict = CheckOptions {
            strict: true,
            ..CheckOptions::default()
        };
        strict.set(ErrorCode::DuplicateRecord, Level::Allow);
        let mut findings = 0;
        for path in &files {
            let file = path.to_str().unwrap();
            for origin in [None, Some("example.")] {
                let read = ReaderOptions {
                    origin: origin.map(|o| Name::from_ascii(o).unwrap()),
                    include_root: path.parent().map(Path::to_path_buf),
                    ..ReaderOptions::default()
                };
                same_both_ways(file, None, &read, &CheckOptions::default());
                findings += stream_input(file, None, &read, &strict, Threads::Two { batch: 3 })
                    .map_or(0, |(c, _)| c.diagnostics.len());
            }
        }
        // The comparison is worth something only if the files have findings to order.
        assert!(findings > 1000, "{findings} findings");
    }

    /// A TLD-like zone of `count` delegations (NS, often DS, sometimes glue) with findings
    /// spread through it: a broken line, an MX at a CNAME (which needs the second pass), an
    /// RRset split over two runs, a duplicate, a TTL mismatch; `tail` ends it.
    fn generated(count: usize, tail: &str) -> String {
        let mut out = String::from(
            "$ORIGIN tld.\n$TTL 86400\n@ SOA ns1.nic.tld. host.nic.tld. 1 7200 900 1209600 3600\n\
             @ NS ns1.nic.tld.\n@ NS ns2.nic.tld.\nns1.nic A 192.0.2.1\nns2.nic A 192.0.2.2\n\
             @ MX 10 mailx\nmailx CNAME www\nwww A 192.0.2.9\n",
        );
        for i in 0..count {
            out.push_str(&format!("d{i} NS ns1.d{i}\nd{i} NS ns.other.example.\n"));
            if i % 3 == 0 {
                out.push_str(&format!("d{i} DS {} 8 2 {:064X}\n", i % 65536, i));
            }
            if i % 2 == 0 {
                out.push_str(&format!("ns1.d{i} A 192.0.2.{}\n", i % 250 + 1));
            }
            match i % 997 {
                5 => out.push_str("broken A 300.1.1.1\n"),
                17 => out.push_str(&format!("d{i} NS ns.other.example.\n")),
                29 => out.push_str(&format!("x{i} 300 TXT a\nx{i} 600 TXT b\n")),
                41 => out.push_str(&format!("d{} NS ns2.d{}\n", i - 3, i - 3)),
                _ => {}
            }
        }
        out.push_str(tail);
        out
    }

    #[test]
    fn pipelined_and_serial_agree_on_generated_zones() {
        let dir = tempfile::tempdir().unwrap();
        let tld = Name::from_ascii("tld.").unwrap();
        let include = dir.path().join("glue.zone");
        std::fs::write(&include, "extra A 192.0.2.77\nextra MX 0 mailx.tld.\n").unwrap();
        let with_include = format!("$INCLUDE {}\nlate A 192.0.2.8\n", include.display());
        let cases = [
            generated(5000, ""),
            // Without the broken line every check runs, and the second pass is needed.
            generated(5000, "").replace("broken A 300.1.1.1\n", ""),
            generated(3000, &with_include).replace("broken A 300.1.1.1\n", ""),
            generated(3000, &with_include),
            generated(2000, "mailx A 192.0.2.10\n"),
            // Without the MX at the CNAME, a clean-ish zone read once.
            generated(1500, "").replace("@ MX 10 mailx\n", ""),
            // Too many errors: the reader stops early.
            (0..300).map(|i| format!("b{i} A 999.0.0.{i}\n")).collect(),
        ];
        for (i, text) in cases.iter().enumerate() {
            let path = dir.path().join(format!("z{i}.zone"));
            std::fs::write(&path, text).unwrap();
            let file = path.to_str().unwrap();
            for origin in [None, Some(tld.clone())] {
                let read = ReaderOptions {
                    origin,
                    include_root: Some(dir.path().to_path_buf()),
                    ..ReaderOptions::default()
                };
                same_both_ways(file, None, &read, &CheckOptions::default());
                same_both_ways("-", Some(text.as_bytes()), &read, &CheckOptions::default());
            }
        }
        // The first zone's MX at a CNAME is found only with the second pass's records.
        let read = ReaderOptions {
            origin: Some(tld),
            ..ReaderOptions::default()
        };
        let text = generated(5000, "").replace("broken A 300.1.1.1\n", "");
        let (checked, _) = stream_input(
            "-",
            Some(text.into_bytes()),
            &read,
            &CheckOptions::default(),
            Threads::Two { batch: 5 },
        )
        .unwrap();
        let codes: Vec<ErrorCode> = checked.diagnostics.iter().map(|d| d.code).collect();
        for code in [
            ErrorCode::MxTargetCname,
            ErrorCode::DuplicateRecord,
            ErrorCode::TtlMismatch,
        ] {
            assert!(codes.contains(&code), "{code:?} in {codes:?}");
        }
        assert!(checked.records > 10_000);
    }

    #[test]
    fn pipelined_read_reports_a_missing_file() {
        let read = ReaderOptions::default();
        let missing = "/nonexistent/zonefmt/zone.db";
        for threads in [Threads::One, Threads::Two { batch: 4 }] {
            let result = stream_input(missing, None, &read, &CheckOptions::default(), threads);
            assert!(matches!(result, Err(Failure::Io(_))), "{threads:?}");
        }
    }

    #[test]
    fn small_inputs_stay_on_one_thread() {
        assert_eq!(threads_for(0), Threads::One);
        assert_eq!(threads_for(PIPE_MIN_BYTES - 1), Threads::One);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let big = threads_for(PIPE_MIN_BYTES);
        assert_eq!(big == Threads::One, cores < 2);
    }

    #[test]
    fn summaries() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1024), "1,024");
        assert_eq!(thousands(2_000_000), "2,000,000");
        let tally = Tally {
            errors: 3,
            warnings: 1,
            records: 1024,
        };
        let origin = crate::name::Name::from_ascii("example.com.").unwrap();
        assert_eq!(
            summary(&zone_name(&origin), tally),
            "example.com: 3 errors, 1 warning, 1,024 records"
        );
        assert_eq!(zone_name(&crate::name::Name::root()), ".");
    }
}
