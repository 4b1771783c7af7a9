//! Cloudflare's zone export format: read every generation, write the current one.
//!
//! An export is BIND-like text with Cloudflare's habits: a fixed `;;` header naming the zone,
//! no `$ORIGIN` or `$TTL`, one record per line with TAB-separated fields, every name absolute
//! except the SOA owner (written without its dot), automatic TTL written as `1`, sections per
//! type (`;; SOA Record`, `;; NS Records`, then the other types alphabetically) separated by one
//! blank line, and Cloudflare's attributes in a trailing `; comment cf_tags=…` comment (see
//! [`crate::cloudflare::attrs`]).
//!
//! Older exports differ: 2016–2018 files set `$ORIGIN .`, write a multi-line SOA owned by `@`,
//! hold a placeholder NS `REPLACE&ME$WITH^YOUR@NAMESERVER.` and sometimes a stray `Array`
//! field at the end of a line (a bug of Cloudflare's exporter of the time). [`read`] repairs
//! each of these and says so in a warning; [`write`] writes the current form byte for byte.

use std::fmt::Write as _;

use super::attrs::RecordAttributes;
use super::convert::ZoneRecord;
use crate::error::{Diagnostic, ErrorCode, Location, Severity};
use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};
use crate::zonefile::lexer::{Lexed, Lexer, TriviaKind};
use crate::zonefile::{Reader, ReaderOptions};

/// The disclaimer every export carries after its `Domain:` and `Exported:` lines.
const DISCLAIMER: &str = ";;
;; This file is intended for use for informational and archival
;; purposes ONLY and MUST be edited before use on a production
;; DNS server.  In particular, you must:
;;   -- update the SOA record with the correct authoritative name server
;;   -- update the SOA record with the contact e-mail address information
;;   -- update the NS record(s) with the authoritative name servers for this domain.
;;
;; For further information, please consult the BIND documentation
;; located on the following website:
;;
;; http://www.isc.org/
;;
;; And RFC 1035:
;;
;; http://www.ietf.org/rfc/rfc1035.txt
;;
;; Please note that we do NOT offer technical support for any use
;; of this zone data, the BIND name server, or any other third-party
;; DNS software.
;;
;; Use at your own risk.
";

/// The placeholder name servers of 2016–2018 exports (also misspelt).
const PLACEHOLDER_NS: [&str; 2] = [
    "REPLACE&ME$WITH^YOUR@NAMESERVER",
    "REPACE&ME$WITH^YOUR@NAMESERVER",
];

/// An export read back.
#[derive(Debug, Clone, Default)]
pub struct Export {
    /// The zone, from the `;; Domain:` header (or else the SOA owner).
    pub zone: Option<Name>,
    /// The `;; Exported:` time as written (`2023-11-21 13:59:08`).
    pub exported: Option<String>,
    /// Every record in file order, SOA and NS included, with their attributes.
    pub records: Vec<ZoneRecord>,
    /// Warnings about repaired quirks, and errors.
    pub diagnostics: Vec<Diagnostic>,
}

impl Export {
    /// True when a diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Reads an export of any generation. `file` names the input in diagnostics.
pub fn read(text: &str, file: Option<&str>) -> Export {
    let (zone, exported) = header(text);
    let mut diagnostics = Vec::new();
    let repaired = repair_array_lines(text, file, &mut diagnostics);
    // Every name in an export is absolute; the root origin also makes the modern SOA owner
    // (written without its dot) absolute, and matches the legacy `$ORIGIN .`.
    let options = ReaderOptions {
        origin: Some(Name::root()),
        ..ReaderOptions::default()
    };
    let mut records = Vec::new();
    for item in Reader::from_bytes(repaired.as_bytes(), file, options) {
        match item {
            crate::zonefile::Item::Record(r) => records.push(r),
            crate::zonefile::Item::Diagnostic(d) => diagnostics.push(d),
        }
    }
    let zone = zone.or_else(|| {
        records
            .iter()
            .find(|r| r.rtype() == RecordType::SOA && !r.owner.is_root())
            .map(|r| r.owner.clone())
    });
    let mut kept = Vec::with_capacity(records.len());
    for mut r in records {
        if r.rtype() == RecordType::SOA && r.owner.is_root() {
            if let Some(zone) = &zone {
                // Legacy files own the SOA by `@` under `$ORIGIN .`, which is the root.
                diagnostics.push(Diagnostic::warning(
                    ErrorCode::CfExportQuirk,
                    format!("SOA owned by \"@\" under \"$ORIGIN .\" (an old export's habit) taken as owned by {zone}"),
                    r.location.clone(),
                ));
                r.owner = zone.clone();
            }
        }
        if let RecordData::Ns(ns) = &r.data {
            let target = ns.target.to_string();
            if PLACEHOLDER_NS
                .iter()
                .any(|p| target.trim_end_matches('.').replace('\\', "") == *p)
            {
                diagnostics.push(Diagnostic::warning(
                    ErrorCode::CfExportQuirk,
                    format!(
                        "placeholder NS record \"{}\" of an old export left out",
                        r.owner
                    ),
                    r.location.clone(),
                ));
                continue;
            }
        }
        kept.push(r);
    }
    let (records, found) = attach_comments(repaired.as_bytes(), file, kept);
    diagnostics.extend(found);
    Export {
        zone,
        exported,
        records,
        diagnostics,
    }
}

/// The `;; Domain:` and `;; Exported:` values of the header.
fn header(text: &str) -> (Option<Name>, Option<String>) {
    let mut zone = None;
    let mut exported = None;
    for line in text
        .lines()
        .take_while(|l| l.starts_with(";;") || l.trim().is_empty())
    {
        let body = line.trim_start_matches(';').trim();
        if let Some(value) = body.strip_prefix("Domain:") {
            let value = value.trim();
            let absolute = if value.ends_with('.') {
                value.to_string()
            } else {
                format!("{value}.")
            };
            zone = Name::from_ascii(&absolute).ok();
        } else if let Some(value) = body.strip_prefix("Exported:") {
            exported = Some(value.trim().to_string());
        }
    }
    (zone, exported)
}

/// Removes the stray `Array` field some old exports end record lines with. A line left with
/// no rdata at all is blanked (its data was lost by the exporter). Line numbers are kept.
fn repair_array_lines(text: &str, file: Option<&str>, diagnostics: &mut Vec<Diagnostic>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut offset = 0u64;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = line.get(body.len()..).unwrap_or("");
        let location = Location {
            file: file.map(Into::into),
            line: u32::try_from(index + 1).unwrap_or(u32::MAX),
            column: 1,
            offset,
            len: u32::try_from(body.len()).unwrap_or(u32::MAX),
        };
        offset += line.len() as u64;
        let trimmed = body.trim_end();
        match trimmed.strip_suffix("\tArray") {
            Some(rest) if !body.starts_with(';') => {
                if rest.split('\t').filter(|f| !f.is_empty()).count() <= 4 {
                    diagnostics.push(Diagnostic::warning(
                        ErrorCode::CfExportQuirk,
                        "record written as \"Array\" by Cloudflare's old exporter; its data is lost, the line is left out",
                        location,
                    ));
                } else {
                    diagnostics.push(Diagnostic::warning(
                        ErrorCode::CfExportQuirk,
                        "stray \"Array\" field at the end of the line (a bug of Cloudflare's old exporter) ignored",
                        location,
                    ));
                    out.push_str(rest);
                }
                out.push_str(ending);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Pairs records with the attributes in their trailing comments (`; note cf_tags=…`), read
/// from `source`, the text the records were read from. Only a comment after the last field of
/// the entry counts (Cloudflare ignores comments elsewhere); records from other files
/// (`$INCLUDE`) get none. SOA records never carry attributes.
pub fn attach_comments(
    source: &[u8],
    file: Option<&str>,
    records: Vec<Record>,
) -> (Vec<ZoneRecord>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        let mut zr = ZoneRecord::new(record);
        let same_file = zr.record.location.file.as_deref() == file;
        if same_file && zr.record.rtype() != RecordType::SOA {
            if let Some(comment) = trailing_comment(source, &zr.record.location) {
                match attributes(&comment, &zr.record) {
                    Ok(attrs) => zr.attrs = attrs,
                    Err(d) => diagnostics.push(*d),
                }
            }
        }
        out.push(zr);
    }
    (out, diagnostics)
}

/// The attributes in `comment`, the trailing comment of `record` (without `;`), or the error
/// (ZF3105, at the record) for a malformed tag list.
pub fn attributes(comment: &str, record: &Record) -> Result<RecordAttributes, Box<Diagnostic>> {
    RecordAttributes::parse_comment(comment).map_err(|e| {
        Box::new(Diagnostic::error(
            ErrorCode::CfBadTags,
            format!(
                "{e} in the comment of {} record \"{}\"",
                record.rtype(),
                record.owner
            ),
            record.location.clone(),
        ))
    })
}

/// The text of the comment after the last token of the entry at `location` (without `;`).
pub fn trailing_comment(source: &[u8], location: &Location) -> Option<String> {
    let start = usize::try_from(location.offset).ok()?;
    let end = start.checked_add(usize::try_from(location.len).ok()?)?;
    let entry = source.get(start..end)?;
    let mut lexer = Lexer::new(entry);
    let mut tokens = Vec::new();
    let mut trivia = Vec::new();
    match lexer.next_entry(&mut tokens, Some(&mut trivia)) {
        Ok(Lexed::Entry(_)) => {}
        _ => return None,
    }
    let last_token_end = tokens.last().map_or(0, |t| t.offset + t.source_len());
    let comment = trivia
        .iter()
        .rev()
        .find(|t| t.kind == TriviaKind::Comment && t.start >= last_token_end)?;
    let text = entry.get(comment.start + 1..comment.end)?;
    Some(String::from_utf8_lossy(text).into_owned())
}

/// Writes the current export format for `zone`: header with `exported` as the time, then the
/// sections. Attributes the format cannot carry are reported (ZF3107) and left out.
pub fn write(zone: &Name, exported: &str, records: &[ZoneRecord]) -> (String, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut out = String::new();
    let _ = write!(
        out,
        ";;\n;; Domain:     {zone}\n;; Exported:   {exported}\n"
    );
    out.push_str(DISCLAIMER);

    let mut order: Vec<&ZoneRecord> = records.iter().collect();
    // A stable sort: records Cloudflare would not reorder (same owner) keep the given order.
    order.sort_by(|a, b| {
        section_key(a.record.rtype())
            .cmp(&section_key(b.record.rtype()))
            .then_with(|| owner_key(&a.record.owner).cmp(&owner_key(&b.record.owner)))
    });
    let mut current: Option<RecordType> = None;
    for zr in order {
        let r = &zr.record;
        let rtype = r.rtype();
        if current != Some(rtype) {
            if current.is_some() {
                out.push('\n');
            }
            if rtype == RecordType::SOA {
                out.push_str(";; SOA Record\n");
            } else {
                let _ = writeln!(out, ";; {rtype} Records");
            }
            current = Some(rtype);
        }
        if rtype == RecordType::SOA {
            // Written without its trailing dot, as Cloudflare does.
            let owner = r.owner.to_string();
            out.push_str(
                owner
                    .strip_suffix('.')
                    .filter(|o| !o.is_empty())
                    .unwrap_or(&owner),
            );
        } else {
            let _ = write!(out, "{}", r.owner);
        }
        let _ = write!(out, "\t{}\t{}\t{rtype}\t", r.ttl, r.class);
        push_rdata(&mut out, &r.data);
        if rtype != RecordType::SOA {
            if let Some(meta) = zr.attrs.to_comment() {
                out.push_str(" ; ");
                out.push_str(&meta.replace(['\n', '\r'], " "));
                if zr
                    .attrs
                    .comment
                    .as_deref()
                    .is_some_and(|c| c.contains(['\n', '\r']))
                {
                    diagnostics.push(Diagnostic::warning(
                        ErrorCode::CfCommentInvalid,
                        format!(
                            "line break in the comment of {rtype} record \"{}\" written as a space",
                            r.owner
                        ),
                        r.location.clone(),
                    ));
                }
            }
        }
        out.push('\n');
        let lost = zr.attrs.unexportable();
        if !lost.is_empty() {
            diagnostics.push(Diagnostic::warning(
                ErrorCode::CfLostInExport,
                format!(
                    "{} of {rtype} record \"{}\" cannot be written in Cloudflare's export format and is left out",
                    lost.join(", "),
                    r.owner
                ),
                r.location.clone(),
            ));
        }
    }
    (out, diagnostics)
}

/// SOA first, NS second, then the other types alphabetically by mnemonic.
fn section_key(rtype: RecordType) -> (u8, String) {
    match rtype {
        RecordType::SOA => (0, String::new()),
        RecordType::NS => (1, String::new()),
        other => (2, other.to_string()),
    }
}

/// Owner order inside a section: case-insensitive with punctuation ignored, which is what
/// real exports show (`_dmarc.x` sorts as `dmarcx`).
fn owner_key(owner: &Name) -> Vec<u8> {
    owner
        .labels()
        .flat_map(|l| l.iter())
        .filter(|b| b.is_ascii_alphanumeric() || !b.is_ascii())
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// Rdata as the export writes it: the canonical presentation form, except LOC, which
/// Cloudflare writes with two-digit degrees and minutes (`01 02 3.000 N`).
fn push_rdata(out: &mut String, data: &RecordData) {
    match data {
        RecordData::Loc(loc) => {
            for c in [loc.latitude_coordinate(), loc.longitude_coordinate()] {
                let _ = write!(
                    out,
                    "{:02} {:02} {}.{:03} {} ",
                    c.degrees,
                    c.minutes,
                    c.milliseconds / 1000,
                    c.milliseconds % 1000,
                    c.direction.as_str()
                );
            }
            let altitude = loc.altitude_cm();
            let sign = if altitude < 0 { "-" } else { "" };
            let abs = altitude.unsigned_abs();
            if abs % 100 == 0 {
                let _ = write!(out, "{sign}{}m", abs / 100);
            } else {
                let _ = write!(out, "{sign}{}.{:02}m", abs / 100, abs % 100);
            }
            for octet in [loc.size, loc.horizontal_precision, loc.vertical_precision] {
                let cm = crate::rr::loc::precision_to_cm(octet).unwrap_or(0);
                if cm >= 100 || cm == 0 {
                    let _ = write!(out, " {}m", cm / 100);
                } else {
                    let _ = write!(out, " 0.{cm:02}m");
                }
            }
        }
        other => out.push_str(&other.to_text()),
    }
}

/// `YYYY-MM-DD HH:MM:SS` in UTC for the `Exported:` line.
pub fn timestamp(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01 00:00:00");
        assert_eq!(
            timestamp(UNIX_EPOCH + Duration::from_secs(1_700_575_148)),
            "2023-11-21 13:59:08"
        );
        assert_eq!(
            timestamp(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29 00:00:00"
        );
    }

    #[test]
    fn owner_order_ignores_punctuation_and_case() {
        let k = |s: &str| owner_key(&Name::from_ascii(s).unwrap());
        assert!(k("_dmarc.housenet.x.") < k("housenet.x."));
        assert!(k("housenet.x.") < k("_kerberos.housenet.x."));
        assert!(k("splunk-index2.h.x.") < k("splunk-index.h.x."));
        assert_eq!(k("A-B.x."), k("ab.x."));
    }

    #[test]
    fn trailing_comments_only_after_the_last_field() {
        let text = b"a 1 IN TXT \"x;y\" ; note cf_tags=k:v\n";
        let loc = Location {
            offset: 0,
            len: (text.len() - 1) as u32,
            ..Location::default()
        };
        assert_eq!(
            trailing_comment(text, &loc).as_deref(),
            Some(" note cf_tags=k:v")
        );
        let text = b"@ 1 IN SOA a. b. ( 1 ; serial\n 2 3 4 5 )\n";
        let loc = Location {
            offset: 0,
            len: (text.len() - 1) as u32,
            ..Location::default()
        };
        assert_eq!(trailing_comment(text, &loc), None);
    }
}
