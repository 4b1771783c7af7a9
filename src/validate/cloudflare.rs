//! The `cloudflare` profile: what Cloudflare's DNS API would refuse, or silently change.
//!
//! Two groups of checks. Those that need only the records are ordinary [`Check`]s of
//! [`Profile::Cloudflare`] (CNAME and NS exclusivity as Cloudflare applies them, duplicates,
//! sizes, types the API does not take, …). Those that need Cloudflare's attributes (proxied,
//! comments, tags, settings) or the plan (TTL floor, comment length, tag and record quotas)
//! run in [`check`], which takes [`ZoneRecord`]s. Every message names Cloudflare's own error
//! code where one is known, and nothing is clamped or rewritten: a finding says what the API
//! would do and leaves the value alone.
//!
//! ```
//! use zonefmt::cloudflare::{convert::ZoneRecord, limits::Plan};
//! use zonefmt::validate::{cloudflare::{self, CloudflareOptions}, CheckOptions};
//! use zonefmt::{ErrorCode, Name, Record, rr::{Class, RecordData, address::A}};
//! let zone = Name::from_ascii("example.com.").unwrap();
//! let mut www = ZoneRecord::new(Record::new(Name::from_ascii("www.example.com.").unwrap(), 30,
//!     Class::IN, RecordData::A(A { address: "192.0.2.1".parse().unwrap() })));
//! www.attrs.proxied = Some(true);
//! let found = cloudflare::check(&[www], &zone, &CloudflareOptions::default(),
//!     &CheckOptions::default(), None);
//! let codes: Vec<ErrorCode> = found.iter().map(|d| d.code).collect();
//! assert_eq!(codes, [ErrorCode::CfTtl, ErrorCode::CfProxiedTtl]);
//! ```

use std::collections::HashMap;

use super::{
    relate, Check, CheckOptions, Findings, Focus, Level, Profile, Run, Sources, ZoneIndex,
};
use crate::cloudflare::attrs::{Tag, FLATTEN_CNAME_TAG, PROXIED_TAG};
use crate::cloudflare::convert::{to_api, ZoneRecord};
use crate::cloudflare::limits::{self, Plan};
use crate::cloudflare::names;
use crate::error::{Diagnostic, ErrorCode};
use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};

/// The checks of the `cloudflare` profile that need only records.
#[rustfmt::skip]
pub const CLOUDFLARE: &[Check] = &[
    Check { code: ErrorCode::CfUnsupportedType, default: Level::Deny, run: Run::Index(unsupported_type) },
    Check { code: ErrorCode::CfManaged, default: Level::Warn, run: Run::Index(managed) },
    Check { code: ErrorCode::CfBadName, default: Level::Deny, run: Run::Index(bad_name) },
    Check { code: ErrorCode::CfCnameConflict, default: Level::Deny, run: Run::Index(cname_conflict) },
    Check { code: ErrorCode::CfNsConflict, default: Level::Deny, run: Run::Index(ns_conflict) },
    Check { code: ErrorCode::CfCnameSelf, default: Level::Deny, run: Run::Index(cname_self) },
    Check { code: ErrorCode::CfDuplicate, default: Level::Deny, run: Run::Index(duplicate) },
    Check { code: ErrorCode::CfContentTooLong, default: Level::Deny, run: Run::Index(content_too_long) },
    Check { code: ErrorCode::CfCombinedTooLong, default: Level::Deny, run: Run::Index(combined_too_long) },
    Check { code: ErrorCode::CfTxtNotAscii, default: Level::Warn, run: Run::Index(txt_not_ascii) },
    Check { code: ErrorCode::CfDsPlacement, default: Level::Warn, run: Run::Index(ds_placement) },
];

/// The checks [`check`] runs on attributes and plan, with their default levels.
pub const ATTRIBUTE_CHECKS: &[(ErrorCode, Level)] = &[
    (ErrorCode::CfTtl, Level::Deny),
    (ErrorCode::CfProxiedTtl, Level::Warn),
    (ErrorCode::CfNotProxiable, Level::Deny),
    (ErrorCode::CfCommentTooLong, Level::Deny),
    (ErrorCode::CfCommentInvalid, Level::Deny),
    (ErrorCode::CfTagQuota, Level::Deny),
    (ErrorCode::CfTagInvalid, Level::Deny),
    (ErrorCode::CfSettingIneffective, Level::Warn),
    (ErrorCode::CfPlanFeature, Level::Deny),
    (ErrorCode::CfRecordQuota, Level::Deny),
];

/// Cloudflare's own error code for a finding, where one is known.
pub fn cloudflare_error(code: ErrorCode) -> Option<u32> {
    Some(match code {
        ErrorCode::CfTtl => 9021,
        ErrorCode::CfNotProxiable => 9041,
        ErrorCode::CfCnameConflict => 81053,
        ErrorCode::CfNsConflict => 81056,
        ErrorCode::CfDuplicate => 81058,
        ErrorCode::CfCommentTooLong => 9313,
        ErrorCode::CfTagQuota => 9300,
        ErrorCode::CfBadName => 9000,
        ErrorCode::CfContentTooLong => 9015,
        ErrorCode::CfCombinedTooLong => 83011,
        ErrorCode::CfRecordQuota => 81045,
        ErrorCode::CfCnameSelf => 9039,
        ErrorCode::CfTxtNotAscii => 9051,
        _ => return None,
    })
}

/// What the attribute checks need to know about the account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CloudflareOptions {
    pub plan: Plan,
    /// A Free zone created before September 2024 (record quota 1000 instead of 200).
    pub free_zone_before_2024_09: bool,
}

/// Runs the whole `cloudflare` profile on `records` of `zone`: the record checks of
/// [`CLOUDFLARE`] and the attribute and plan checks, with the levels of `options` (its
/// profile is ignored). Findings are ordered by place in the source.
pub fn check(
    records: &[ZoneRecord],
    zone: &Name,
    cloudflare: &CloudflareOptions,
    options: &CheckOptions,
    sources: Option<&dyn Sources>,
) -> Vec<Diagnostic> {
    let plain: Vec<Record> = records.iter().map(|r| r.record.clone()).collect();
    let options = CheckOptions {
        profile: Profile::Cloudflare,
        ..options.clone()
    };
    let mut out = super::check(&plain, zone, &options, sources);
    let mut limits = super::Limits::default();
    for &(code, default) in ATTRIBUTE_CHECKS {
        let level = options.levels.get(&code).copied().unwrap_or(default);
        let Some(severity) = level.severity() else {
            continue;
        };
        let mut findings = Findings::limited(code, severity, sources, &mut out, &mut limits);
        attribute_check(code, records, zone, cloudflare, &mut findings);
    }
    out.extend(limits.notes());
    super::sort(&mut out);
    out
}

fn attribute_check(
    code: ErrorCode,
    records: &[ZoneRecord],
    zone: &Name,
    cf: &CloudflareOptions,
    out: &mut Findings<'_>,
) {
    match code {
        ErrorCode::CfTtl => ttl(records, cf.plan, out),
        ErrorCode::CfProxiedTtl => proxied_ttl(records, out),
        ErrorCode::CfNotProxiable => not_proxiable(records, out),
        ErrorCode::CfCommentTooLong => comment_too_long(records, cf.plan, out),
        ErrorCode::CfCommentInvalid => comment_invalid(records, out),
        ErrorCode::CfTagQuota => tag_quota(records, cf.plan, out),
        ErrorCode::CfTagInvalid => tag_invalid(records, out),
        ErrorCode::CfSettingIneffective => setting_ineffective(records, out),
        ErrorCode::CfPlanFeature => plan_feature(records, cf.plan, out),
        ErrorCode::CfRecordQuota => record_quota(records, zone, cf, out),
        _ => {}
    }
}

/// `(Cloudflare error N)` for the message of `code`.
fn cf(code: ErrorCode) -> String {
    cloudflare_error(code).map_or_else(String::new, |n| format!(" (Cloudflare error {n})"))
}

fn is_proxiable(rtype: RecordType) -> bool {
    matches!(rtype, RecordType::A | RecordType::AAAA | RecordType::CNAME)
}

/// True for records Cloudflare keeps itself: the SOA and its own name servers at the apex.
pub fn is_managed(record: &Record, apex: &Name) -> bool {
    match &record.data {
        RecordData::Soa(_) => true,
        RecordData::Ns(ns) => &record.owner == apex && is_cloudflare_ns(&ns.target),
        _ => false,
    }
}

fn is_cloudflare_ns(target: &Name) -> bool {
    let suffix = Name::from_labels([&b"ns"[..], b"cloudflare", b"com"]);
    suffix.is_ok_and(|s| target.is_subdomain_of(&s) && target != &s)
}

// ---------------------------------------------------------------------------------------------
// Record checks.

/// ZF3100: a type outside the API's 21 (the SOA is Cloudflare's: see ZF3017).
fn unsupported_type(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for record in zone.records() {
        if record.rtype() == RecordType::SOA {
            continue;
        }
        if let Err(e) = to_api::body(&record.data) {
            if e.is_unsupported() {
                out.report(
                    record,
                    Focus::Type,
                    format!(
                        "{} record at {}: {}",
                        record.rtype(),
                        record.owner,
                        e.message
                    ),
                )
                .help = Some("`to-json --skip-unsupported` leaves such records out".into());
            }
        }
    }
}

/// ZF3017: NS records at the apex naming Cloudflare's own name servers, which Cloudflare
/// serves itself (an export holds them; sending them back creates records nobody wants).
fn managed(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for record in zone.records() {
        if record.rtype() == RecordType::NS && is_managed(record, zone.origin()) {
            out.report(
                record,
                Focus::Entry,
                format!(
                    "NS record at the apex naming Cloudflare's name server {}: Cloudflare serves its own apex NS records",
                    record.data
                ),
            )
            .help = Some("`to-json` leaves it out".into());
        }
    }
}

/// ZF3011: owner names Cloudflare refuses: no Punycode form, over 253 characters.
fn bad_name(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for owner in zone.owners() {
        let name = owner.name();
        let problem = match names::to_api(name) {
            Err(e) => Some(e),
            Ok(text) if text.len() > names::MAX_API_NAME_LEN => Some(format!(
                "name \"{text}\" is {} characters long (at most {})",
                text.len(),
                names::MAX_API_NAME_LEN
            )),
            Ok(_) => None,
        };
        if let (Some(problem), Some(record)) = (problem, owner.records().next()) {
            out.report(
                record,
                Focus::Owner,
                format!("{problem}{}", cf(ErrorCode::CfBadName)),
            );
        }
    }
}

/// ZF3004: a CNAME beside an A, AAAA or another CNAME. Cloudflare allows a CNAME next to
/// other types (it flattens at the apex), so only these three conflict.
fn cname_conflict(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for owner in zone.owners() {
        if !owner.has(RecordType::CNAME) {
            continue;
        }
        let mut set: Vec<&Record> = owner
            .records()
            .filter(|r| {
                matches!(
                    r.rtype(),
                    RecordType::A | RecordType::AAAA | RecordType::CNAME
                )
            })
            .collect();
        set.sort_by_key(|r| (r.location.file.clone(), r.location.offset));
        let Some((&first, rest)) = set.split_first() else {
            continue;
        };
        let mut cname_before = first.rtype() == RecordType::CNAME;
        for &record in rest {
            let (message, api) = if record.rtype() == RecordType::CNAME {
                (
                    format!(
                        "CNAME at {} beside an {} record at the same name: Cloudflare refuses it",
                        record.owner,
                        first.rtype()
                    ),
                    81053,
                )
            } else if cname_before {
                (
                    format!(
                        "{} record at {} beside a CNAME at the same name: Cloudflare refuses it",
                        record.rtype(),
                        record.owner
                    ),
                    81054,
                )
            } else {
                continue;
            };
            let place = out.place(first, Focus::Type);
            let d = out.report(
                record,
                Focus::Type,
                format!("{message} (Cloudflare error {api})"),
            );
            relate(d, place, "the record it conflicts with");
            cname_before |= record.rtype() == RecordType::CNAME;
        }
    }
}

/// ZF3005: an A, AAAA or CNAME record where NS records delegate the name.
fn ns_conflict(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for owner in zone.owners() {
        if owner.name() == zone.origin() {
            continue;
        }
        let Some(ns) = owner.first(RecordType::NS) else {
            continue;
        };
        for record in owner.records() {
            if matches!(
                record.rtype(),
                RecordType::A | RecordType::AAAA | RecordType::CNAME
            ) {
                let place = out.place(ns, Focus::Type);
                let d = out.report(
                    record,
                    Focus::Type,
                    format!(
                        "{} record at {}, where NS records delegate the name: Cloudflare refuses it{}",
                        record.rtype(),
                        record.owner,
                        cf(ErrorCode::CfNsConflict)
                    ),
                );
                relate(d, place, "the NS records");
            }
        }
    }
}

/// ZF3015: a CNAME pointing at its own name.
fn cname_self(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for record in zone.records() {
        if let RecordData::Cname(c) = &record.data {
            if c.target == record.owner {
                out.report(
                    record,
                    Focus::Name(&c.target),
                    format!(
                        "CNAME at {} points at itself{}",
                        record.owner,
                        cf(ErrorCode::CfCnameSelf)
                    ),
                );
            }
        }
    }
}

/// ZF3006: the same name, type and data twice.
fn duplicate(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    let mut wire = Vec::new();
    for owner in zone.owners() {
        for (_, set) in owner.rrsets() {
            if set.len() < 2 {
                continue;
            }
            let mut ordered = set;
            ordered.sort_by_key(|r| (r.location.file.clone(), r.location.offset));
            let mut seen: HashMap<Vec<u8>, Vec<&Record>> = HashMap::new();
            for record in ordered {
                wire.clear();
                record.data.encode(&mut wire);
                wire.make_ascii_lowercase();
                let earlier = seen.entry(wire.clone()).or_default();
                if let Some(first) = earlier.iter().find(|e| e.data == record.data) {
                    let place = out.place(first, Focus::Rdata);
                    let d = out.report(
                        record,
                        Focus::Rdata,
                        format!(
                            "{} record at {} repeats an earlier one{}",
                            record.rtype(),
                            record.owner,
                            cf(ErrorCode::CfDuplicate)
                        ),
                    );
                    relate(d, place, "the first copy");
                } else {
                    earlier.push(record);
                }
            }
        }
    }
}

/// ZF3012: rdata longer than 4096 octets.
fn content_too_long(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for record in zone.records() {
        let len = record.data.to_wire().len();
        if len > limits::MAX_CONTENT_WIRE {
            out.report(
                record,
                Focus::Rdata,
                format!(
                    "{} record at {} is {len} octets long in wire form (at most {}){}",
                    record.rtype(),
                    record.owner,
                    limits::MAX_CONTENT_WIRE,
                    cf(ErrorCode::CfContentTooLong)
                ),
            );
        }
    }
}

/// ZF3013: records of one name and type with more than 8192 characters of content together.
fn combined_too_long(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for owner in zone.owners() {
        for (rtype, set) in owner.rrsets() {
            let mut ordered = set;
            ordered.sort_by_key(|r| (r.location.file.clone(), r.location.offset));
            let mut total = 0usize;
            for record in ordered {
                let Ok(body) = to_api::body(&record.data) else {
                    break;
                };
                total += body.body.content().map_or(0, |c| c.chars().count());
                if total > limits::MAX_COMBINED_CONTENT {
                    out.report(
                        record,
                        Focus::Rdata,
                        format!(
                            "{rtype} records at {} hold {total} characters of content together with this one (at most {}){}",
                            record.owner,
                            limits::MAX_COMBINED_CONTENT,
                            cf(ErrorCode::CfCombinedTooLong)
                        ),
                    );
                    break;
                }
            }
        }
    }
}

/// ZF3016: TXT text with octets outside printable ASCII.
fn txt_not_ascii(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for record in zone.records() {
        if let RecordData::Txt(txt) = &record.data {
            if txt
                .strings
                .iter()
                .flatten()
                .any(|b| !(0x20..=0x7e).contains(b))
            {
                out.report(
                    record,
                    Focus::Rdata,
                    format!(
                        "TXT record at {} holds octets outside printable ASCII, which Cloudflare has refused before{}",
                        record.owner,
                        cf(ErrorCode::CfTxtNotAscii)
                    ),
                );
            }
        }
    }
}

/// ZF3020: a DS where no NS records delegate the name (Cloudflare wants the NS first), or at
/// the apex (the parent holds that DS).
fn ds_placement(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    for owner in zone.owners() {
        let Some(ds) = owner.first(RecordType::DS) else {
            continue;
        };
        let message = if owner.name() == zone.origin() {
            format!("DS record at the apex {}: it belongs in the parent zone, and Cloudflare may refuse it", ds.owner)
        } else if !owner.has(RecordType::NS) {
            format!(
                "DS record at {} without NS records there: Cloudflare wants the delegation's NS records first",
                ds.owner
            )
        } else {
            continue;
        };
        out.report(ds, Focus::Type, message);
    }
}

// ---------------------------------------------------------------------------------------------
// Attribute and plan checks.

/// ZF3001: a TTL other than 1 (automatic) or the plan's range.
fn ttl(records: &[ZoneRecord], plan: Plan, out: &mut Findings<'_>) {
    let min = plan.min_ttl();
    for zr in records {
        let r = &zr.record;
        if is_unsent(r) || r.ttl == 1 || (min..=limits::MAX_TTL).contains(&r.ttl) {
            continue;
        }
        out.report(
            r,
            Focus::Entry,
            format!(
                "TTL {} of {} record at {}: Cloudflare takes 1 (automatic) or {min} to {} on the {plan} plan{}",
                r.ttl,
                r.rtype(),
                r.owner,
                limits::MAX_TTL,
                cf(ErrorCode::CfTtl)
            ),
        )
        .help = Some(if r.ttl < min {
            format!("use {min} or more, or 1 for automatic (300 seconds)")
        } else {
            format!("use at most {}", limits::MAX_TTL)
        });
    }
}

/// Records `to-json` would not send (their own checks report them).
fn is_unsent(record: &Record) -> bool {
    record.rtype() == RecordType::SOA || to_api::body(&record.data).is_err()
}

/// ZF3003: a proxied record whose TTL is not automatic.
fn proxied_ttl(records: &[ZoneRecord], out: &mut Findings<'_>) {
    for zr in records {
        let r = &zr.record;
        if zr.attrs.proxied == Some(true) && is_proxiable(r.rtype()) && r.ttl != 1 {
            out.report(
                r,
                Focus::Entry,
                format!(
                    "{} record at {} is proxied but has TTL {}: proxied records always use the automatic TTL",
                    r.rtype(),
                    r.owner,
                    r.ttl
                ),
            )
            .help = Some("write TTL 1 so the file says what Cloudflare serves".into());
        }
    }
}

/// ZF3002: proxied set on a type other than A, AAAA, CNAME.
fn not_proxiable(records: &[ZoneRecord], out: &mut Findings<'_>) {
    for zr in records {
        let r = &zr.record;
        if zr.attrs.proxied == Some(true) && !is_proxiable(r.rtype()) {
            out.report(
                r,
                Focus::Type,
                format!(
                    "{} record at {} is marked proxied, but Cloudflare proxies only A, AAAA and CNAME records{}",
                    r.rtype(),
                    r.owner,
                    cf(ErrorCode::CfNotProxiable)
                ),
            );
        }
    }
}

/// ZF3007: a comment longer than the plan allows.
fn comment_too_long(records: &[ZoneRecord], plan: Plan, out: &mut Findings<'_>) {
    let max = plan.max_comment_chars();
    for zr in records {
        let Some(comment) = &zr.attrs.comment else {
            continue;
        };
        let len = comment.chars().count();
        if len > max {
            out.report(
                &zr.record,
                Focus::Entry,
                format!(
                    "the comment of {} record at {} is {len} characters long; the {plan} plan allows {max}{}",
                    zr.record.rtype(),
                    zr.record.owner,
                    cf(ErrorCode::CfCommentTooLong)
                ),
            );
        }
    }
}

/// ZF3008: a comment with a line break.
fn comment_invalid(records: &[ZoneRecord], out: &mut Findings<'_>) {
    for zr in records {
        if zr
            .attrs
            .comment
            .as_deref()
            .is_some_and(|c| c.contains(['\n', '\r']))
        {
            out.report(
                &zr.record,
                Focus::Entry,
                format!(
                    "the comment of {} record at {} contains a line break, which Cloudflare does not accept",
                    zr.record.rtype(),
                    zr.record.owner
                ),
            );
        }
    }
}

/// ZF3009: more tags than the plan allows (none on Free).
fn tag_quota(records: &[ZoneRecord], plan: Plan, out: &mut Findings<'_>) {
    let Some(quota) = plan.tag_quota() else {
        return;
    };
    for zr in records {
        let n = zr.attrs.tags.len();
        if n > quota {
            out.report(
                &zr.record,
                Focus::Entry,
                format!(
                    "{} record at {} has {n} tag{}, exceeding the {plan} plan's quota of {quota}{}",
                    zr.record.rtype(),
                    zr.record.owner,
                    if n == 1 { "" } else { "s" },
                    cf(ErrorCode::CfTagQuota)
                ),
            );
        }
    }
}

/// ZF3010: a tag whose name is not letters, digits, `_`, `-`, uses the reserved `cf-` prefix,
/// or whose value has a line break.
fn tag_invalid(records: &[ZoneRecord], out: &mut Findings<'_>) {
    for zr in records {
        for tag in &zr.attrs.tags {
            let problem = tag_problem(tag);
            if let Some(problem) = problem {
                out.report(
                    &zr.record,
                    Focus::Entry,
                    format!(
                        "tag \"{}\" of {} record at {}: {problem}",
                        tag.to_api(),
                        zr.record.rtype(),
                        zr.record.owner
                    ),
                );
            }
        }
    }
}

fn tag_problem(tag: &Tag) -> Option<String> {
    if !tag.has_valid_name() {
        Some("a tag name holds only letters, digits, _ and -".into())
    } else if tag.is_reserved() {
        Some(format!(
            "the cf- prefix is Cloudflare's (only {PROXIED_TAG} and {FLATTEN_CNAME_TAG} have a meaning in files)"
        ))
    } else if tag.value.contains(['\n', '\r']) {
        Some("a tag value cannot contain a line break".into())
    } else {
        None
    }
}

/// ZF3018: settings that do nothing where they are.
fn setting_ineffective(records: &[ZoneRecord], out: &mut Findings<'_>) {
    for zr in records {
        let r = &zr.record;
        let a = &zr.attrs;
        let proxied = a.proxied == Some(true);
        let mut problems = Vec::new();
        for (set, name) in [(a.ipv4_only, "ipv4_only"), (a.ipv6_only, "ipv6_only")] {
            if set == Some(true) && !proxied {
                problems.push(format!("{name} only applies to proxied records"));
            }
        }
        if a.ipv4_only == Some(true) && a.ipv6_only == Some(true) {
            problems.push("ipv4_only and ipv6_only exclude each other".to_string());
        }
        if a.flatten_cname == Some(true) {
            if r.rtype() != RecordType::CNAME {
                problems.push("flatten_cname only applies to CNAME records".to_string());
            } else if proxied {
                problems.push(
                    "flatten_cname does nothing on a proxied CNAME (those are always flattened)"
                        .to_string(),
                );
            }
        }
        if a.private_routing == Some(true) && !matches!(r.rtype(), RecordType::A | RecordType::AAAA)
        {
            problems.push("private_routing only applies to A and AAAA records".to_string());
        }
        for problem in problems {
            out.report(
                r,
                Focus::Entry,
                format!("{} record at {}: {problem}", r.rtype(), r.owner),
            );
        }
    }
}

/// ZF3019: per-record CNAME flattening on the Free plan.
fn plan_feature(records: &[ZoneRecord], plan: Plan, out: &mut Findings<'_>) {
    if plan.per_record_flattening() {
        return;
    }
    for zr in records {
        if zr.attrs.flatten_cname == Some(true) && zr.record.rtype() == RecordType::CNAME {
            out.report(
                &zr.record,
                Focus::Entry,
                format!(
                    "CNAME at {} asks for flattening ({FLATTEN_CNAME_TAG}), which the {plan} plan does not include",
                    zr.record.owner
                ),
            );
        }
    }
}

/// ZF3014: more records than the zone may hold; reported once, at the first one too many.
fn record_quota(
    records: &[ZoneRecord],
    zone: &Name,
    cf_options: &CloudflareOptions,
    out: &mut Findings<'_>,
) {
    let quota = cf_options
        .plan
        .record_quota(cf_options.free_zone_before_2024_09);
    let sent: Vec<&ZoneRecord> = records
        .iter()
        .filter(|zr| !is_unsent(&zr.record) && !is_managed(&zr.record, zone))
        .collect();
    if let Some(first_over) = sent.get(quota) {
        out.report(
            &first_over.record,
            Focus::Entry,
            format!(
                "the zone has {} records; the {} plan's quota is {quota} per zone, and this is the first one over it{}",
                sent.len(),
                cf_options.plan,
                cf(ErrorCode::CfRecordQuota)
            ),
        )
        .help = Some("records Cloudflare creates itself count towards the quota too".into());
    }
}

#[cfg(test)]
mod tests;
