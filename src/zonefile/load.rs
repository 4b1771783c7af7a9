//! The rules a zone must meet to load at all, as BIND's loader enforces them even with every
//! `named-checkzone` check switched off. `zonefmt expand` and `zonefmt check` apply them to
//! whole zones (not to fragments read with `--fragment`):
//!
//! - a record outside the origin is dropped with a warning ([`ErrorCode::OutOfZone`]);
//! - a CNAME is alone at its name, except for the DNSSEC records that go with it (RRSIG, NSEC,
//!   and the historic SIG, NXT and KEY) ([`ErrorCode::CnameAndOtherData`]);
//! - SOA, CNAME and DNAME take one record per name; repeating the same record is harmless
//!   ([`ErrorCode::SingletonType`]);
//! - the SOA is at the origin, and the origin has an SOA and NS records
//!   ([`ErrorCode::SoaNotAtApex`], [`ErrorCode::NoApexSoa`], [`ErrorCode::NoApexNs`]);
//! - no DS record at the origin: it belongs in the parent zone ([`ErrorCode::DsAtApex`]).
//!
//! The checks run record by record with memory proportional to the number of names, so they
//! work on a stream.
//!
//! ```
//! use zonefmt::zonefile::{load::LoadRules, read_str, ReaderOptions};
//! let options = ReaderOptions::with_origin("example.")?;
//! let zone = read_str("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nwww CNAME @\nwww A 192.0.2.1\n", &options);
//! let mut rules = LoadRules::new(options.origin.clone());
//! let mut problems = Vec::new();
//! for record in &zone.records {
//!     rules.check(record, &mut problems);
//! }
//! rules.finish(&mut problems);
//! assert_eq!(problems[0].message, "www.example. has a CNAME and other data (A); a CNAME must be alone at its name");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use crate::error::{Diagnostic, ErrorCode, Location};
use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};
use crate::zonefile::Zone;

/// What to do with a record after the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Part of the zone (possibly with an error reported).
    Keep,
    /// Not part of the zone (out of zone); a warning was reported.
    Drop,
}

#[derive(Debug, Default)]
struct Owner {
    /// The first CNAME and where it was.
    /// (Boxed, as the DNAME: they are rare, and an owner without them stays 24 bytes, which
    /// is what the memory of a long zone's map is made of.)
    cname: Option<Box<(RecordData, Location)>>,
    dname: Option<Box<RecordData>>,
    /// The first type that may not share a name with a CNAME.
    other: Option<RecordType>,
    has_ns: bool,
}

/// The load rules, fed one record at a time.
#[derive(Debug)]
pub struct LoadRules {
    origin: Option<Name>,
    owners: HashMap<Name, Owner, foldhash::fast::RandomState>,
    soa: Option<(Name, RecordData, Location)>,
    file: Option<Location>,
}

/// Types that may share a name with a CNAME (RFC 2181 §10.1, RFC 4035 §2.5; SIG, NXT and KEY
/// from RFC 2535, as BIND still allows them).
fn allowed_with_cname(rtype: RecordType) -> bool {
    matches!(rtype.0, 24 | 25 | 30 | 46 | 47)
}

impl LoadRules {
    /// Rules for the zone at `origin`; without one, the owner of the first SOA is taken as the
    /// origin and nothing is dropped as out of zone.
    pub fn new(origin: Option<Name>) -> LoadRules {
        LoadRules {
            origin,
            owners: HashMap::default(),
            soa: None,
            file: None,
        }
    }

    /// Names the file, for the problems that concern the whole zone when it has no record to
    /// point at (an empty file has no SOA).
    pub fn in_file(mut self, file: Option<&str>) -> LoadRules {
        self.file = Some(Location {
            file: file.map(std::sync::Arc::from),
            ..Location::default()
        });
        self
    }

    /// Checks one record, appending problems to `out`.
    pub fn check(&mut self, record: &Record, out: &mut Vec<Diagnostic>) -> Disposition {
        if self.file.as_ref().is_none_or(|f| f.file.is_none()) {
            self.file = Some(Location {
                line: 0,
                column: 0,
                offset: 0,
                len: 0,
                ..record.location.clone()
            });
        }
        let owner_name = &record.owner;
        if let Some(origin) = &self.origin {
            if !owner_name.is_subdomain_of(origin) {
                out.push(Diagnostic::warning(
                    ErrorCode::OutOfZone,
                    format!("{owner_name} is outside the zone {origin}; the record is ignored, as BIND ignores it"),
                    record.location.clone(),
                ));
                return Disposition::Drop;
            }
        }
        let rtype = record.rtype();
        if rtype == RecordType::SOA {
            self.check_soa(record, out);
        }
        if rtype.0 == 43 && self.origin.as_ref() == Some(owner_name) {
            out.push(Diagnostic::error(
                ErrorCode::DsAtApex,
                format!("DS record at the zone's origin {owner_name}; DS records belong in the parent zone"),
                record.location.clone(),
            ));
        }
        let owner = self.owners.entry(owner_name.clone()).or_default();
        match rtype {
            RecordType::CNAME => {
                if let Some((first, _)) = owner.cname.as_deref() {
                    if *first != record.data {
                        out.push(singleton(record));
                    }
                } else if let Some(other) = owner.other {
                    out.push(cname_and_other(record, other, None));
                }
                if owner.cname.is_none() {
                    owner.cname = Some(Box::new((record.data.clone(), record.location.clone())));
                }
            }
            RecordType::DNAME => {
                match owner.dname.as_deref() {
                    Some(first) if *first != record.data => out.push(singleton(record)),
                    _ => owner.dname = Some(Box::new(record.data.clone())),
                }
                note_other(owner, record, out);
            }
            t if allowed_with_cname(t) => {}
            _ => {
                if rtype == RecordType::NS {
                    owner.has_ns = true;
                }
                note_other(owner, record, out);
            }
        }
        Disposition::Keep
    }

    fn check_soa(&mut self, record: &Record, out: &mut Vec<Diagnostic>) {
        let apex = self
            .origin
            .as_ref()
            .or(self.soa.as_ref().map(|(n, _, _)| n));
        match apex {
            Some(apex) if *apex != record.owner => out.push(Diagnostic::error(
                ErrorCode::SoaNotAtApex,
                format!(
                    "SOA record at {}, which is not the zone's origin {apex}",
                    record.owner
                ),
                record.location.clone(),
            )),
            _ => match &self.soa {
                Some((_, first, _)) if *first != record.data => out.push(singleton(record)),
                Some(_) => {}
                None => {
                    self.soa = Some((
                        record.owner.clone(),
                        record.data.clone(),
                        record.location.clone(),
                    ))
                }
            },
        }
    }

    /// The checks that need the whole zone: an SOA and NS records at the origin.
    pub fn finish(self, out: &mut Vec<Diagnostic>) {
        let at = self
            .soa
            .as_ref()
            .map(|(_, _, l)| l.clone())
            .or(self.file)
            .unwrap_or_default();
        let apex = self.origin.or(self.soa.as_ref().map(|(n, _, _)| n.clone()));
        if self.soa.is_none() {
            let where_ = apex.as_ref().map_or(String::new(), |a| format!(" at {a}"));
            out.push(Diagnostic::error(
                ErrorCode::NoApexSoa,
                format!("the zone has no SOA record{where_}"),
                at,
            ));
            return;
        }
        let Some(apex) = apex else { return };
        if !self.owners.get(&apex).is_some_and(|o| o.has_ns) {
            out.push(Diagnostic::error(
                ErrorCode::NoApexNs,
                format!("the zone has no NS records at its origin {apex}"),
                at,
            ));
        }
    }
}

/// Applies the rules to a zone read whole: records outside `origin` are removed and every
/// problem is appended to [`Zone::diagnostics`]. Without an origin, the first SOA's owner
/// serves for the apex checks.
pub fn apply(zone: &mut Zone, origin: Option<&Name>) {
    apply_rules(zone, LoadRules::new(origin.cloned()));
}

/// [`apply`] with rules set up by the caller (for instance [`LoadRules::in_file`]).
pub fn apply_rules(zone: &mut Zone, mut rules: LoadRules) {
    let mut found = Vec::new();
    zone.records
        .retain(|record| rules.check(record, &mut found) == Disposition::Keep);
    rules.finish(&mut found);
    zone.diagnostics.extend(found);
}

/// Records a type that may not share a name with a CNAME, reporting a conflict.
fn note_other(owner: &mut Owner, record: &Record, out: &mut Vec<Diagnostic>) {
    if let Some((_, cname_at)) = owner.cname.as_deref() {
        out.push(cname_and_other(record, record.rtype(), Some(cname_at)));
    }
    if owner.other.is_none() {
        owner.other = Some(record.rtype());
    }
}

fn cname_and_other(record: &Record, other: RecordType, cname_at: Option<&Location>) -> Diagnostic {
    let mut d = Diagnostic::error(
        ErrorCode::CnameAndOtherData,
        format!(
            "{} has a CNAME and other data ({other}); a CNAME must be alone at its name",
            record.owner
        ),
        record.location.clone(),
    );
    if let Some(at) = cname_at {
        d.related
            .push((at.clone(), "the CNAME is here".to_string()));
    }
    d
}

fn singleton(record: &Record) -> Diagnostic {
    let rtype = record.rtype();
    Diagnostic::error(
        ErrorCode::SingletonType,
        format!(
            "{} has more than one {rtype} record; a name takes only one {rtype}",
            record.owner
        ),
        record.location.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zonefile::{read_str, ReaderOptions};

    fn problems(text: &str, origin: Option<&str>) -> Vec<String> {
        let options = ReaderOptions {
            origin: origin.map(|o| Name::from_ascii(o).unwrap()),
            ..ReaderOptions::default()
        };
        let zone = read_str(text, &options);
        assert!(!zone.has_errors(), "{:?}", zone.diagnostics);
        let mut rules = LoadRules::new(options.origin.clone());
        let mut out = Vec::new();
        let kept: Vec<Disposition> = zone
            .records
            .iter()
            .map(|r| rules.check(r, &mut out))
            .collect();
        rules.finish(&mut out);
        let dropped = kept.iter().filter(|d| **d == Disposition::Drop).count();
        out.iter()
            .map(|d| format!("{}:{}:{}", d.location.line, d.code, d.message))
            .chain((dropped > 0).then(|| format!("dropped {dropped}")))
            .collect()
    }

    const APEX: &str = "$TTL 1\n$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\n";

    #[test]
    fn a_complete_zone_passes() {
        let text = format!("{APEX}www CNAME @\nwww KEY 0 3 8 AAAA\nwww NXT \\# 1 00\nd DNAME x.\nd A 192.0.2.1\nwww CNAME example.\n@ SOA ns hm 1 2 3 4 5\n");
        assert_eq!(problems(&text, Some("example.")), Vec::<String>::new());
    }

    #[test]
    fn cname_and_other_data_either_order() {
        let text =
            format!("{APEX}a CNAME x\na A 192.0.2.1\nb TXT t\nb CNAME x\nc DNAME x.\nc CNAME x.\n");
        assert_eq!(
            problems(&text, Some("example.")),
            [
                "6:ZF0141:a.example. has a CNAME and other data (A); a CNAME must be alone at its name",
                "8:ZF0141:b.example. has a CNAME and other data (TXT); a CNAME must be alone at its name",
                "10:ZF0141:c.example. has a CNAME and other data (DNAME); a CNAME must be alone at its name",
            ]
        );
    }

    #[test]
    fn singletons() {
        let text =
            format!("{APEX}a CNAME x\na CNAME y\nd DNAME x.\nd DNAME y.\n@ SOA ns hm 2 2 3 4 5\n");
        assert_eq!(
            problems(&text, Some("example.")),
            [
                "6:ZF0142:a.example. has more than one CNAME record; a name takes only one CNAME",
                "8:ZF0142:d.example. has more than one DNAME record; a name takes only one DNAME",
                "9:ZF0142:example. has more than one SOA record; a name takes only one SOA",
            ]
        );
    }

    #[test]
    fn apex_records_and_out_of_zone() {
        assert_eq!(
            problems("$TTL 1\n$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\nx SOA ns hm 1 2 3 4 5\n@ DS 12345 8 2 ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\nother. A 192.0.2.1\n", Some("example.")),
            [
                "4:ZF0143:SOA record at x.example., which is not the zone's origin example.",
                "5:ZF0146:DS record at the zone's origin example.; DS records belong in the parent zone",
                "6:ZF0140:other. is outside the zone example.; the record is ignored, as BIND ignores it",
                "3:ZF0145:the zone has no NS records at its origin example.",
                "dropped 1",
            ]
        );
        assert_eq!(
            problems("$TTL 1\n$ORIGIN example.\n@ NS ns\n", Some("example.")),
            ["0:ZF0144:the zone has no SOA record at example."]
        );
        // Without an origin the first SOA's owner is the apex.
        assert_eq!(
            problems(
                "$TTL 1\n$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nother. A 192.0.2.1\n",
                None
            ),
            Vec::<String>::new()
        );
    }
}
