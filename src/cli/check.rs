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
use std::sync::Arc;

use super::render::{render_styled, to_json, SourceCache, Style};
use super::{open_reader, Failure, Outcome, ReadArgs};
use crate::cloudflare::export;
use crate::cloudflare::limits::Plan;
use crate::error::{Diagnostic, ErrorCode, Location, Severity};
use crate::name::Name;
use crate::rr::RecordType;
use crate::validate::cloudflare::CloudflareOptions;
use crate::validate::{self, CheckOptions, Checker, Level, Profile, Sources};
use crate::zonefile::{ItemRef, Reader, Zone};

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
    let mut diagnostics = Vec::new();
    let mut files: Vec<Arc<str>> = Vec::new();
    let mut origin = read.origin.clone();
    let mut checker = origin.clone().map(|o| Checker::new(o, options));
    // Records before the first SOA when there is no --origin (usually none).
    let mut early = Vec::new();
    let mut records = 0usize;
    let mut reader = reader_of(file, input.as_deref(), read)?;
    while let Some(item) = reader.next_ref() {
        match item {
            ItemRef::Record(r) => {
                records += 1;
                if files
                    .last()
                    .is_none_or(|f| r.location.file.as_ref().is_some_and(|g| !Arc::ptr_eq(f, g)))
                {
                    note_file(&mut files, &r.location);
                }
                if origin.is_none() && r.rtype() == RecordType::SOA {
                    let mut c = Checker::new(r.owner.clone(), options);
                    for e in early.drain(..) {
                        c.push(e);
                    }
                    origin = Some(r.owner.clone());
                    checker = Some(c);
                }
                match &mut checker {
                    Some(c) => c.push_ref(r),
                    None => early.push(r.clone()),
                }
            }
            ItemRef::Diagnostic(d) => {
                note_file(&mut files, &d.location);
                diagnostics.push(*d);
            }
        }
    }
    drop(reader);
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
                let mut reader = reader_of(file, input, read)?;
                while let Some(item) = reader.next_ref() {
                    if let ItemRef::Record(r) = item {
                        finished.offer(r);
                    }
                }
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
