//! Whole conversions between zone text and the API's record JSON: what `zonefmt to-json` and
//! `zonefmt from-json` do, without their argument handling.
//!
//! [`to_json`] streams: a zone file is read entry by entry, each record is converted and
//! written before the next is read, and the trailing `cf_tags` comment of each record is read
//! from a window of the input that is trimmed as records pass, so a zone of any size goes
//! through in constant memory. A Cloudflare export (recognised by its `;; Domain:` header) is
//! read whole instead, since its quirks are repaired with the whole file at hand
//! ([`export::read`]); exports are bounded by Cloudflare's record quota.
//!
//! [`from_json`] reads an API list answer, an array or JSON Lines, and writes the records in
//! Cloudflare's current export format, sections sorted as Cloudflare sorts them.

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::rc::Rc;

use super::attrs::RecordAttributes;
use super::convert::{self, ConvertOptions, ZoneRecord};
use super::export;
use super::json_out::RequestWriter;
use super::records_json;
use crate::error::{Diagnostic, ErrorCode, Location, Severity};
use crate::name::Name;
use crate::rr::RecordType;
use crate::zonefile::{ItemRef, Reader, ReaderOptions};

/// How [`to_json`] converts.
#[derive(Debug, Clone, Default)]
pub struct ToJsonOptions {
    /// How the zone file is read (origin, `$INCLUDE` root, caps).
    pub reader: ReaderOptions,
    /// Types the API does not take become warnings and are left out, instead of errors.
    pub skip_unsupported: bool,
    /// JSON Lines (one compact record per line) instead of one pretty array.
    pub lines: bool,
}

/// What [`to_json`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ToJsonSummary {
    /// Records written.
    pub written: usize,
    /// Errors reported (records refused, unreadable entries).
    pub errors: usize,
    /// Warnings reported.
    pub warnings: usize,
}

/// How many bytes of the input are looked at for an export's `;; Domain:` header.
const HEADER_PEEK: usize = 4096;

/// True when `head` (the start of a file) is a Cloudflare export: its leading `;;` comment
/// block names the zone in a `Domain:` line.
pub fn is_export(head: &[u8]) -> bool {
    String::from_utf8_lossy(head)
        .lines()
        .take_while(|l| l.starts_with(";;") || l.trim().is_empty())
        .any(|l| l.trim_start_matches(';').trim().starts_with("Domain:"))
}

/// Reads the zone text from `input` (`file` names it in diagnostics), writes the request form
/// of every record the API takes to `out` as it goes, and hands every diagnostic to `report`
/// (in input order, interleaved with the records written).
///
/// Records refused (types the API does not take, values it cannot hold) are errors that name
/// the record and its place, unless `skip_unsupported` turns those of unsupported types into
/// warnings; Cloudflare's own apex NS records are left out with a warning. The zone, needed
/// to recognise those, is the reader's origin, else the export's `;; Domain:`, else the owner
/// of the first SOA.
pub fn to_json<W: Write>(
    input: impl Read,
    file: Option<&str>,
    options: &ToJsonOptions,
    out: W,
    mut report: impl FnMut(&Diagnostic),
) -> io::Result<ToJsonSummary> {
    let mut input = input;
    let mut head = Vec::with_capacity(HEADER_PEEK);
    (&mut input)
        .take(HEADER_PEEK as u64)
        .read_to_end(&mut head)?;
    let mut writer = records_json::Writer::new(out, options.lines);
    let mut summary = ToJsonSummary::default();
    let mut convert = ConvertOptions {
        zone: options.reader.origin.clone(),
        skip_unsupported: options.skip_unsupported,
    };
    let mut note = |d: &Diagnostic, summary: &mut ToJsonSummary| {
        match d.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
        }
        report(d);
    };
    if is_export(&head) {
        let mut text = head;
        input.read_to_end(&mut text)?;
        let text = String::from_utf8_lossy(&text);
        let read = export::read(&text, file);
        if convert.zone.is_none() {
            convert.zone = read.zone.clone();
        }
        // The export's own problems first (they are about the text), then the records.
        for d in &read.diagnostics {
            note(d, &mut summary);
        }
        for zr in &read.records {
            match convert::request_to_api(zr, &convert) {
                Ok(r) => {
                    writer.push(&r)?;
                    summary.written += 1;
                }
                Err(mut d) => {
                    if zr.record.location.file.as_deref() == file {
                        d.source_line = line_at(text.as_bytes(), zr.record.location.offset);
                    }
                    note(&d, &mut summary);
                }
            }
        }
    } else {
        let window = Rc::new(RefCell::new(Window::default()));
        let tee = Tee {
            inner: io::Cursor::new(head).chain(input),
            window: Rc::clone(&window),
        };
        let mut reader = Reader::from_read(tee, file, options.reader.clone());
        let mut included = Included::default();
        let mut direct = RequestWriter::default();
        // Records are lent by the reader; only those the direct writer leaves to the model
        // path are copied.
        while let Some(item) = reader.next_ref() {
            let record = match item {
                ItemRef::Diagnostic(d) => {
                    note(&d, &mut summary);
                    continue;
                }
                ItemRef::Record(record) => record,
            };
            if convert.zone.is_none() && record.rtype() == RecordType::SOA {
                convert.zone = Some(record.owner.clone());
            }
            let location = &record.location;
            let top = location.file.as_deref() == file;
            // The entry's trailing comment: from the window for the top file, from the whole
            // text of an included one.
            let comment = if top {
                window
                    .try_borrow_mut()
                    .ok()
                    .and_then(|mut w| w.comment(location))
            } else {
                included.comment(location)
            };
            // The entry's first line, for the snippet of a diagnostic about it.
            let source_line = |location: &Location| {
                if top {
                    window.try_borrow().ok().and_then(|w| w.line(location))
                } else {
                    included.line(location)
                }
            };
            let mut attrs = RecordAttributes::default();
            if let Some(comment) = comment.filter(|_| record.rtype() != RecordType::SOA) {
                match export::attributes(&comment, record) {
                    Ok(found) => attrs = found,
                    Err(mut d) => {
                        d.source_line = source_line(&d.location);
                        note(&d, &mut summary);
                        continue;
                    }
                }
            }
            if !convert::is_managed(record, convert.zone.as_ref())
                && writer.push_with(|out, indent| direct.write(out, record, &attrs, indent))?
            {
                summary.written += 1;
                continue;
            }
            let zr = ZoneRecord {
                record: record.clone(),
                attrs,
            };
            match convert::request_to_api(&zr, &convert) {
                Ok(r) => {
                    writer.push(&r)?;
                    summary.written += 1;
                }
                Err(mut d) => {
                    d.source_line = source_line(&d.location);
                    note(&d, &mut summary);
                }
            }
        }
    }
    writer.finish()?;
    Ok(summary)
}

/// The part of the top file read so far that records may still point into.
#[derive(Debug, Default)]
struct Window {
    /// File offset of `bytes[0]`.
    start: u64,
    bytes: Vec<u8>,
}

impl Window {
    /// The trailing comment of the entry at `location`, then forgets everything before it
    /// (records come in file order; several records of one `$GENERATE` share a location).
    fn comment(&mut self, location: &Location) -> Option<String> {
        let relative = location.offset.checked_sub(self.start)?;
        let comment = comment_in(&self.bytes, relative, location);
        // Compact only when the dead part is large, so that each byte moves O(1) times.
        let dead = usize::try_from(relative).unwrap_or(usize::MAX);
        if dead >= 1 << 16 && dead >= self.bytes.len() / 2 {
            let dead = dead.min(self.bytes.len());
            self.bytes.drain(..dead);
            self.start += dead as u64;
        }
        comment
    }

    /// The first line of the entry at `location` (the last one [`Window::comment`] saw).
    fn line(&self, location: &Location) -> Option<String> {
        line_at(&self.bytes, location.offset.checked_sub(self.start)?)
    }
}

/// The trailing comment of the entry at `location`, which starts at `offset` of `bytes`.
fn comment_in(bytes: &[u8], offset: u64, location: &Location) -> Option<String> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(usize::try_from(location.len).ok()?)?;
    // Most entries have no comment at all: no need to lex them again.
    memchr::memchr(b';', bytes.get(start..end)?)?;
    let shifted = Location {
        offset,
        ..location.clone()
    };
    export::trailing_comment(bytes, &shifted)
}

/// The text of `$INCLUDE`d files, read again whole on their first record (the reader has
/// checked them against the include root already).
#[derive(Debug, Default)]
struct Included {
    files: std::collections::HashMap<std::sync::Arc<str>, Option<Vec<u8>>>,
}

impl Included {
    fn text(&mut self, location: &Location) -> Option<&[u8]> {
        let file = location.file.as_ref()?;
        self.files
            .entry(file.clone())
            .or_insert_with(|| std::fs::read(&**file).ok())
            .as_deref()
    }

    fn comment(&mut self, location: &Location) -> Option<String> {
        comment_in(self.text(location)?, location.offset, location)
    }

    fn line(&self, location: &Location) -> Option<String> {
        let text = self.files.get(location.file.as_ref()?)?.as_deref()?;
        line_at(text, location.offset)
    }
}

/// The line starting at `offset` of `bytes` (an entry's first line), shortened.
fn line_at(bytes: &[u8], offset: u64) -> Option<String> {
    let start = usize::try_from(offset).ok()?;
    let rest = bytes.get(start..)?;
    let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len()).min(400);
    let line = rest.get(..end)?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Some(Diagnostic::source_text(line))
}

/// A reader that keeps a copy of what it reads in a [`Window`].
struct Tee<R> {
    inner: R,
    window: Rc<RefCell<Window>>,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut window = self
            .window
            .try_borrow_mut()
            .map_err(|_| io::Error::other("input window in use"))?;
        window
            .bytes
            .extend_from_slice(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// How [`from_json`] converts.
#[derive(Debug, Clone, Default)]
pub struct FromJsonOptions {
    /// The zone; without it the records' `zone_name` (older answers) says it.
    pub zone: Option<Name>,
    /// Types without a zone-file form here (`SOA`, `ALIAS`, …) become warnings, not errors.
    pub skip_unsupported: bool,
    /// The `;; Exported:` time to write (`YYYY-MM-DD HH:MM:SS`).
    pub exported: String,
}

/// The export text written by [`from_json`] (absent when the zone is unknown) and every
/// diagnostic, in input order.
#[derive(Debug, Clone, Default)]
pub struct FromJson {
    pub text: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FromJson {
    /// True when a diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Reads API records from `text` (`file` names it in diagnostics) and writes them as a zone in
/// Cloudflare's current export format, with `cf_tags` comments for proxy state, comment, tags
/// and CNAME flattening. Records that do not read or convert are reported and left out.
pub fn from_json(text: &str, file: Option<&str>, options: &FromJsonOptions) -> FromJson {
    if let Some(zone) = &options.zone {
        // The zone is known: each record is converted as it is read, and only the zone form
        // is kept (a million API records are not held beside their conversions).
        let convert_options = ConvertOptions {
            zone: Some(zone.clone()),
            skip_unsupported: options.skip_unsupported,
        };
        let mut records = Vec::new();
        let mut problems = Vec::new();
        let read = records_json::read_with(text, file, &mut |record, location| {
            let converted = convert::zone_from_api(
                std::slice::from_ref(&record),
                std::slice::from_ref(&location),
                &convert_options,
            );
            records.extend(converted.records);
            problems.extend(converted.diagnostics);
        });
        let mut diagnostics = read.diagnostics;
        diagnostics.extend(problems);
        let (text, lost) = export::write(zone, &options.exported, &records);
        diagnostics.extend(lost);
        sort_by_place(&mut diagnostics);
        cap(&mut diagnostics);
        return FromJson {
            text: Some(text),
            diagnostics,
        };
    }
    let read = records_json::read(text, file);
    let mut diagnostics = read.diagnostics;
    let zone = match (&options.zone, &read.zone_name) {
        (Some(zone), _) => Some(zone.clone()),
        (None, Some(name)) => match super::names::zone_from_api(name) {
            Ok(zone) => Some(zone),
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    ErrorCode::CfNoZone,
                    format!("the records' zone_name is not a zone name: {e}"),
                    read.locations.first().cloned().unwrap_or_else(|| at(file)),
                ));
                None
            }
        },
        (None, None) => None,
    };
    let Some(zone) = zone else {
        if !read.records.is_empty() && !diagnostics.iter().any(|d| d.code == ErrorCode::CfNoZone) {
            diagnostics.push(
                Diagnostic::error(
                    ErrorCode::CfNoZone,
                    "the zone is not known: the records carry no zone_name",
                    at(file),
                )
                .with_help("give the zone with --origin NAME"),
            );
        }
        sort_by_place(&mut diagnostics);
        return FromJson {
            text: None,
            diagnostics,
        };
    };
    let converted = convert::zone_from_api(
        &read.records,
        &read.locations,
        &ConvertOptions {
            zone: Some(zone.clone()),
            skip_unsupported: options.skip_unsupported,
        },
    );
    diagnostics.extend(converted.diagnostics);
    let (text, lost) = export::write(&zone, &options.exported, &converted.records);
    diagnostics.extend(lost);
    sort_by_place(&mut diagnostics);
    cap(&mut diagnostics);
    FromJson {
        text: Some(text),
        diagnostics,
    }
}

fn at(file: Option<&str>) -> Location {
    Location {
        file: file.map(Into::into),
        ..Location::default()
    }
}

/// Keeps the first [`records_json::MAX_REPORTED`] diagnostics and replaces the rest with one
/// that counts them (an error when one of them was).
fn cap(diagnostics: &mut Vec<Diagnostic>) {
    let limit = records_json::MAX_REPORTED;
    if diagnostics.len() <= limit + 1 {
        return;
    }
    let hidden = diagnostics.split_off(limit);
    let errors = hidden
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let location = hidden
        .first()
        .map(|d| d.location.clone())
        .unwrap_or_default();
    let message = format!(
        "{} more problems ({errors} errors) are not shown: only the first {limit} are",
        hidden.len()
    );
    diagnostics.push(if errors > 0 {
        Diagnostic::error(ErrorCode::CfBadJson, message, location)
    } else {
        Diagnostic::warning(ErrorCode::CfBadJson, message, location)
    });
}

/// Input order: diagnostics were gathered by kind (JSON, conversion, export).
fn sort_by_place(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.location.line == 0, d.location.line, d.location.column));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, options: &ToJsonOptions) -> (String, Vec<Diagnostic>, ToJsonSummary) {
        let mut out = Vec::new();
        let mut found = Vec::new();
        let summary = to_json(text.as_bytes(), Some("z.db"), options, &mut out, |d| {
            found.push(d.clone())
        })
        .unwrap();
        (String::from_utf8(out).unwrap(), found, summary)
    }

    fn origin() -> ToJsonOptions {
        ToJsonOptions {
            reader: ReaderOptions::with_origin("example.com.").unwrap(),
            lines: true,
            ..ToJsonOptions::default()
        }
    }

    #[test]
    fn comments_are_read_from_the_stream() {
        let text = "www 1 A 192.0.2.1 ; web cf_tags=cf-proxied:true\n\
                    txt 300 TXT \"a;b\" ; cf_tags=team:dns\n";
        let (out, found, summary) = run(text, &origin());
        assert!(found.is_empty(), "{found:#?}");
        assert_eq!(summary.written, 2);
        assert_eq!(
            out,
            "{\"name\":\"www.example.com\",\"type\":\"A\",\"content\":\"192.0.2.1\",\"ttl\":1,\"proxied\":true,\"comment\":\"web\"}\n\
             {\"name\":\"txt.example.com\",\"type\":\"TXT\",\"content\":\"\\\"a;b\\\"\",\"ttl\":300,\"tags\":[\"team:dns\"]}\n"
        );
    }

    #[test]
    fn comments_are_found_past_the_first_window() {
        // Far more text than one read of the reader, so the window is compacted on the way.
        let mut text = String::new();
        for i in 0..20_000 {
            text.push_str(&format!("h{i} 1 A 192.0.2.1 ; n{i} cf_tags=k:v{i}\n"));
        }
        let (out, found, summary) = run(&text, &origin());
        assert!(found.is_empty(), "{found:#?}");
        assert_eq!(summary.written, 20_000);
        for (i, line) in out.lines().enumerate() {
            assert!(
                line.contains(&format!("\"comment\":\"n{i}\",\"tags\":[\"k:v{i}\"]")),
                "{line}"
            );
        }
    }

    #[test]
    fn unsupported_types_are_errors_or_warnings() {
        let text = "@ 3600 SOA ns hm 1 2 3 4 5\n@ 1 NS a.ns.cloudflare.com.\nd 1 DNAME x.\na 1 A 192.0.2.1\n";
        let (out, found, summary) = run(text, &origin());
        assert_eq!(out.lines().count(), 1, "{out}");
        let seen: Vec<_> = found
            .iter()
            .map(|d| (d.code, d.severity, d.location.line))
            .collect();
        assert_eq!(
            seen,
            [
                (ErrorCode::CfUnsupportedType, Severity::Error, 1),
                (ErrorCode::CfManaged, Severity::Warning, 2),
                (ErrorCode::CfUnsupportedType, Severity::Error, 3),
            ]
        );
        assert_eq!((summary.errors, summary.warnings), (2, 1));
        let skip = ToJsonOptions {
            skip_unsupported: true,
            ..origin()
        };
        let (_, found, summary) = run(text, &skip);
        assert_eq!((summary.errors, summary.warnings), (0, 3), "{found:#?}");
    }

    #[test]
    fn bad_tags_are_errors_and_the_record_left_out() {
        let (out, found, _) = run("a 1 A 192.0.2.1 ; cf_tags=cf-proxied:maybe\n", &origin());
        assert_eq!(out, "");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, ErrorCode::CfBadTags);
        assert_eq!(found[0].location.line, 1);
    }

    #[test]
    fn json_back_to_an_export() {
        let json = r#"[{"name":"www.example.com","type":"A","content":"192.0.2.1","ttl":1,"proxied":true},
                       {"name":"example.com","type":"MX","content":"mx.example.net","priority":10,"ttl":300}]"#;
        let options = FromJsonOptions {
            zone: Name::from_ascii("example.com.").ok(),
            exported: "2025-01-01 00:00:00".into(),
            ..FromJsonOptions::default()
        };
        let done = from_json(json, Some("r.json"), &options);
        assert!(done.diagnostics.is_empty(), "{:#?}", done.diagnostics);
        let text = done.text.unwrap();
        assert!(text
            .starts_with(";;\n;; Domain:     example.com.\n;; Exported:   2025-01-01 00:00:00\n"));
        assert!(
            text.ends_with(
                ";; A Records\nwww.example.com.\t1\tIN\tA\t192.0.2.1 ; cf_tags=cf-proxied:true\n\n\
             ;; MX Records\nexample.com.\t300\tIN\tMX\t10 mx.example.net.\n"
            ),
            "{text}"
        );
        let none = from_json(json, None, &FromJsonOptions::default());
        assert!(none.text.is_none());
        assert_eq!(none.diagnostics[0].code, ErrorCode::CfNoZone);
    }
}
