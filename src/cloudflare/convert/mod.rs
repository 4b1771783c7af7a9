//! Zone records ⇄ API records.
//!
//! A [`ZoneRecord`] is a zone [`Record`] with the [`RecordAttributes`] Cloudflare keeps beside
//! it (proxy state, comment, tags, settings). [`to_api`] turns one into the API's
//! [`DnsRecord`] and [`from_api`] turns it back, one function per record type in each
//! direction; [`zone_to_api`] and [`zone_from_api`] do whole lists and report every problem as
//! a [`Diagnostic`] instead of stopping at the first.
//!
//! The mapping is lossless both ways for the 21 types the API takes: zone → API → zone gives
//! the same records, and API → zone → API gives the same request form. Values are never
//! clamped: what cannot be represented is an error naming the record.

pub mod from_api;
pub mod to_api;

use crate::cloudflare::attrs::RecordAttributes;
use crate::cloudflare::model::DnsRecord;
use crate::error::{Diagnostic, ErrorCode, Location};
use crate::name::Name;
use crate::record::Record;
use crate::rr::{Fields, RecordData, RecordType, Token};

/// A zone record and Cloudflare's attributes for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneRecord {
    pub record: Record,
    pub attrs: RecordAttributes,
}

impl ZoneRecord {
    /// A record without attributes.
    pub fn new(record: Record) -> ZoneRecord {
        ZoneRecord {
            record,
            attrs: RecordAttributes::default(),
        }
    }
}

impl From<Record> for ZoneRecord {
    fn from(record: Record) -> ZoneRecord {
        ZoneRecord::new(record)
    }
}

/// Why one record could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError {
    pub code: ErrorCode,
    pub message: String,
}

impl ConvertError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> ConvertError {
        ConvertError {
            code,
            message: message.into(),
        }
    }

    /// True for a record type the API does not take (which `skip_unsupported` tolerates).
    pub fn is_unsupported(&self) -> bool {
        self.code == ErrorCode::CfUnsupportedType
    }
}

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConvertError {}

/// How lists are converted.
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// The zone: relative API names are resolved against it, and `@` means it. Without it
    /// API names are taken as absolute.
    pub zone: Option<Name>,
    /// Report records of types the API does not take as warnings and leave them out, instead
    /// of as errors.
    pub skip_unsupported: bool,
}

/// The result of converting a list: what converted, and what went wrong (with the source
/// location of each record).
#[derive(Debug, Clone, Default)]
pub struct Conversion<T> {
    pub records: Vec<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Conversion<T> {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::error::Severity::Error)
    }
}

/// Converts zone records to API records. Records that fail are reported and left out, and so
/// are Cloudflare's own apex NS records (which an export holds), with a warning, as Cloudflare
/// keeps those itself. The SOA is a type the API does not take, like any other.
pub fn zone_to_api(records: &[ZoneRecord], options: &ConvertOptions) -> Conversion<DnsRecord> {
    let mut out = Conversion {
        records: Vec::with_capacity(records.len()),
        diagnostics: Vec::new(),
    };
    for zr in records {
        match record_to_api(zr, options) {
            Ok(r) => out.records.push(r),
            Err(d) => out.diagnostics.push(*d),
        }
    }
    out
}

/// Converts one zone record, or says why it is left out: an error, or a warning for
/// Cloudflare's own apex NS records and (with `skip_unsupported`) for types the API does not
/// take. The diagnostic carries the record's location.
pub fn record_to_api(
    zr: &ZoneRecord,
    options: &ConvertOptions,
) -> Result<DnsRecord, Box<Diagnostic>> {
    convert_one(zr, options, to_api::record)
}

/// [`record_to_api`] in request form ([`DnsRecord::into_request_form`]), as `to-json` writes
/// records: built without the read-only `content` echo of the `data` types.
pub fn request_to_api(
    zr: &ZoneRecord,
    options: &ConvertOptions,
) -> Result<DnsRecord, Box<Diagnostic>> {
    convert_one(zr, options, to_api::request)
}

fn convert_one(
    zr: &ZoneRecord,
    options: &ConvertOptions,
    convert: fn(&ZoneRecord) -> Result<DnsRecord, ConvertError>,
) -> Result<DnsRecord, Box<Diagnostic>> {
    if is_managed(&zr.record, options.zone.as_ref()) {
        return Err(Box::new(Diagnostic::warning(
            ErrorCode::CfManaged,
            format!(
                "{} record at {} left out: Cloudflare keeps its own apex NS records itself",
                zr.record.rtype(),
                zr.record.owner
            ),
            zr.record.location.clone(),
        )));
    }
    convert(zr).map_err(|e| {
        Box::new(report(
            e,
            options.skip_unsupported,
            zr.record.location.clone(),
        ))
    })
}

/// Converts API records to zone records; `locations` (if not empty) gives each record's place
/// in the input for the diagnostics.
pub fn zone_from_api(
    records: &[DnsRecord],
    locations: &[Location],
    options: &ConvertOptions,
) -> Conversion<ZoneRecord> {
    let mut out = Conversion {
        records: Vec::with_capacity(records.len()),
        diagnostics: Vec::new(),
    };
    for (i, r) in records.iter().enumerate() {
        let location = locations.get(i).cloned().unwrap_or_default();
        match from_api::record(r, options.zone.as_ref()) {
            Ok(mut zr) => {
                zr.record.location = location;
                out.records.push(zr);
            }
            Err(e) => out
                .diagnostics
                .push(report(e, options.skip_unsupported, location)),
        }
    }
    out
}

/// NS records at the apex naming Cloudflare's name servers.
pub(crate) fn is_managed(record: &Record, zone: Option<&Name>) -> bool {
    match zone {
        Some(zone) => {
            record.rtype() == RecordType::NS
                && crate::validate::cloudflare::is_managed(record, zone)
        }
        None => false,
    }
}

fn report(e: ConvertError, skip_unsupported: bool, location: Location) -> Diagnostic {
    if e.is_unsupported() && skip_unsupported {
        Diagnostic::warning(e.code, format!("{}; left out", e.message), location)
    } else if e.is_unsupported() {
        Diagnostic::error(e.code, e.message, location)
            .with_help("leave such records out with --skip-unsupported")
    } else {
        Diagnostic::error(e.code, e.message, location)
    }
}

/// Reads presentation-form rdata (`0 issue "letsencrypt.org"`) of type `rtype`, as the zone
/// reader would; names without a trailing dot are taken as absolute. A leading `IN <TYPE>`
/// (as some API responses write LOC content) is skipped.
pub(crate) fn parse_presentation(rtype: RecordType, text: &str) -> Result<RecordData, String> {
    let tokens = tokenize(text.as_bytes())?;
    let mut start = 0;
    if let (Some(class), Some(ty)) = (tokens.first(), tokens.get(1)) {
        if class.text.eq_ignore_ascii_case(b"IN")
            && RecordType::from_mnemonic(ty.text) == Some(rtype)
        {
            start = 2;
        }
    }
    let rest = tokens.get(start..).unwrap_or(&[]);
    let root = Name::root();
    let mut fields = Fields::new(rest, Some(&root), rtype);
    RecordData::parse(rtype, &mut fields).map_err(|e| e.message)
}

/// Splits presentation text into tokens: blanks separate, double quotes group (escapes kept
/// raw, as the zone-file lexer hands them over).
fn tokenize(text: &[u8]) -> Result<Vec<Token<'_>>, String> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text.get(i).copied().unwrap_or(b' ');
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == b'"' {
            i += 1;
            let body = i;
            loop {
                match text.get(i) {
                    None => {
                        return Err(format!(
                            "unterminated quoted string in \"{}\"",
                            String::from_utf8_lossy(text)
                        ))
                    }
                    Some(b'\\') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            tokens.push(Token {
                text: text.get(body..i).unwrap_or(&[]),
                quoted: true,
                offset: start,
            });
            i += 1;
        } else {
            while let Some(&b) = text.get(i) {
                if b.is_ascii_whitespace() || b == b'"' {
                    break;
                }
                i += if b == b'\\' { 2 } else { 1 };
            }
            let end = i.min(text.len());
            tokens.push(Token {
                text: text.get(start..end).unwrap_or(&[]),
                quoted: false,
                offset: start,
            });
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentation_text_parses_like_the_reader() {
        let caa = parse_presentation(RecordType::CAA, "0 issue \"letsencrypt.org\"").unwrap();
        assert_eq!(caa.to_text(), "0 issue \"letsencrypt.org\"");
        let srv = parse_presentation(RecordType::SRV, "10 5 5060 sip.example.com").unwrap();
        assert_eq!(srv.to_text(), "10 5 5060 sip.example.com.");
        let loc = parse_presentation(
            RecordType::LOC,
            "IN LOC 31 58 52.1 S 115 49 11.7 E 20m 10m 10m 2m",
        )
        .unwrap();
        assert_eq!(loc.rtype(), RecordType::LOC);
        let err = parse_presentation(RecordType::CAA, "0 issue \"open").unwrap_err();
        assert!(err.contains("unterminated"), "{err}");
        let err = parse_presentation(RecordType::SRV, "10 5").unwrap_err();
        assert!(err.contains("missing port"), "{err}");
    }
}
