//! The zone file's apex SOA timers and NS TTL as Cloudflare zone DNS settings.
//!
//! Cloudflare owns the SOA record and the apex NS set; what a zone file says about them maps to
//! `PATCH /zones/{id}/dns_settings`: `soa.refresh`, `retry`, `expire`, `min_ttl` (the SOA
//! MINIMUM), `ttl` (the SOA record's own TTL), `mname`, `rname`, and `ns_ttl` (the apex NS
//! TTL). Values are checked against the API's ranges before anything is sent — the wider 2026
//! ranges are errors, the narrower ones of the 2024 schema and the docs page are warnings — and
//! compared with the live settings (kept as JSON, so any settings type can be diffed).

use serde_json::{json, Map, Value};

use crate::name::Name;
use crate::record::Record;
use crate::rr::RecordData;

/// Suffix of the name servers Cloudflare assigns; an SOA MNAME there means "Cloudflare's own".
const CLOUDFLARE_NS_SUFFIX: &str = ".ns.cloudflare.com";

/// What the file asks of the settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DesiredSettings {
    pub soa: Option<DesiredSoa>,
    /// The apex NS records' TTL.
    pub ns_ttl: Option<u32>,
}

/// The apex SOA as settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredSoa {
    /// The SOA record's TTL.
    pub ttl: u32,
    /// `None` when the file names one of Cloudflare's servers (Cloudflare assigns it then).
    pub mname: Option<String>,
    pub rname: String,
    pub refresh: u32,
    pub retry: u32,
    pub expire: u32,
    pub min_ttl: u32,
}

/// One setting that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingChange {
    /// Dotted path: `soa.refresh`, `ns_ttl`.
    pub field: String,
    pub current: Value,
    pub desired: Value,
}

/// The settings part of a plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SettingsPlan {
    pub changes: Vec<SettingChange>,
    /// Values inside the API's range but outside the older, narrower documented one.
    pub warnings: Vec<String>,
}

impl SettingsPlan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The `PATCH /dns_settings` body for the changes. The whole `soa` object is sent when any
    /// SOA field changes (the 2024 schema required all seven together).
    pub fn patch(&self, desired: &DesiredSettings) -> Value {
        let mut body = Map::new();
        if self.changes.iter().any(|c| c.field.starts_with("soa.")) {
            if let Some(soa) = &desired.soa {
                body.insert("soa".into(), soa_json(soa));
            }
        }
        if let Some(change) = self.changes.iter().find(|c| c.field == "ns_ttl") {
            body.insert("ns_ttl".into(), change.desired.clone());
        }
        Value::Object(body)
    }
}

fn soa_json(soa: &DesiredSoa) -> Value {
    json!({
        "ttl": soa.ttl, "mname": soa.mname, "rname": soa.rname, "refresh": soa.refresh,
        "retry": soa.retry, "expire": soa.expire, "min_ttl": soa.min_ttl,
    })
}

/// A name as the settings spell it: no trailing dot, lower case, BIND escapes kept (a dot in
/// the RNAME's local part stays `\.`).
fn settings_name(name: &Name) -> String {
    let text = name.to_string().to_ascii_lowercase();
    text.strip_suffix('.').unwrap_or(&text).to_owned()
}

/// Reads the apex SOA and NS of `records` (owner `origin`). A file without SOA asks nothing of
/// the SOA settings; without apex NS nothing of `ns_ttl`.
pub fn desired_settings(records: &[Record], origin: &Name) -> DesiredSettings {
    let mut desired = DesiredSettings::default();
    for record in records.iter().filter(|r| &r.owner == origin) {
        match &record.data {
            RecordData::Soa(soa) if desired.soa.is_none() => {
                let mname = settings_name(&soa.mname);
                desired.soa = Some(DesiredSoa {
                    ttl: record.ttl,
                    mname: (!mname.ends_with(CLOUDFLARE_NS_SUFFIX)).then_some(mname),
                    rname: settings_name(&soa.rname),
                    refresh: soa.refresh,
                    retry: soa.retry,
                    expire: soa.expire,
                    min_ttl: soa.minimum,
                });
            }
            RecordData::Ns(_) => {
                desired.ns_ttl = Some(desired.ns_ttl.map_or(record.ttl, |t| t.min(record.ttl)));
            }
            _ => {}
        }
    }
    desired
}

/// A value outside what the API accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeError {
    pub field: &'static str,
    pub value: u32,
    pub message: String,
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks `desired` against the API's ranges. Errors for values the API refuses; warnings
/// (second list) for values outside the narrower older range.
pub fn validate(desired: &DesiredSettings) -> (Vec<RangeError>, Vec<String>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut check = |field: &'static str, what: &str, value: u32, min: u32, max: u32| {
        if !(min..=max).contains(&value) {
            errors.push(RangeError {
                field,
                value,
                message: format!("{what} is {value}; Cloudflare's {field} takes {min} to {max}"),
            });
        }
    };
    if let Some(ns_ttl) = desired.ns_ttl {
        check("ns_ttl", "the apex NS TTL", ns_ttl, 30, 86_400);
    }
    if let Some(soa) = &desired.soa {
        check("soa.refresh", "the SOA refresh", soa.refresh, 600, 86_400);
        check("soa.retry", "the SOA retry", soa.retry, 600, 86_400);
        check(
            "soa.expire",
            "the SOA expire",
            soa.expire,
            86_400,
            2_419_200,
        );
        check("soa.min_ttl", "the SOA minimum", soa.min_ttl, 60, 86_400);
        check("soa.ttl", "the SOA record's TTL", soa.ttl, 300, 86_400);
        if soa.retry > soa.refresh {
            errors.push(RangeError {
                field: "soa.retry",
                value: soa.retry,
                message: format!(
                    "the SOA retry ({}) exceeds the refresh ({}); Cloudflare requires retry <= refresh",
                    soa.retry, soa.refresh
                ),
            });
        }
        if soa.expire < soa.refresh {
            errors.push(RangeError {
                field: "soa.expire",
                value: soa.expire,
                message: format!(
                    "the SOA expire ({}) is below the refresh ({}); Cloudflare requires expire >= refresh",
                    soa.expire, soa.refresh
                ),
            });
        }
        if soa.retry > 3600 {
            warnings.push(format!(
                "the SOA retry {} is above 3600, the limit of Cloudflare's 2024 schema and docs page",
                soa.retry
            ));
        }
        if !(1800..=3600).contains(&soa.ttl) {
            warnings.push(format!(
                "the SOA record's TTL {} is outside 1800-3600, the range of Cloudflare's 2024 schema and docs page",
                soa.ttl
            ));
        }
    }
    (errors, warnings)
}

/// The differences between `desired` and the live settings `current` (the JSON of
/// `GET /dns_settings`).
pub fn diff(desired: &DesiredSettings, current: &Value) -> SettingsPlan {
    let mut plan = SettingsPlan {
        warnings: validate(desired).1,
        ..SettingsPlan::default()
    };
    let mut compare = |field: &str, current: &Value, wanted: Value| {
        let same = match (current, &wanted) {
            (Value::String(a), Value::String(b)) => a
                .trim_end_matches('.')
                .eq_ignore_ascii_case(b.trim_end_matches('.')),
            (Value::Number(a), Value::Number(b)) => a.as_u64() == b.as_u64(),
            (a, b) => a == b,
        };
        if !same {
            plan.changes.push(SettingChange {
                field: field.to_owned(),
                current: current.clone(),
                desired: wanted,
            });
        }
    };
    if let Some(ns_ttl) = desired.ns_ttl {
        compare("ns_ttl", &current["ns_ttl"], json!(ns_ttl));
    }
    if let Some(soa) = &desired.soa {
        let live = &current["soa"];
        compare("soa.refresh", &live["refresh"], json!(soa.refresh));
        compare("soa.retry", &live["retry"], json!(soa.retry));
        compare("soa.expire", &live["expire"], json!(soa.expire));
        compare("soa.min_ttl", &live["min_ttl"], json!(soa.min_ttl));
        compare("soa.ttl", &live["ttl"], json!(soa.ttl));
        compare("soa.mname", &live["mname"], json!(soa.mname));
        compare("soa.rname", &live["rname"], json!(soa.rname));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zonefile::{parse_str, ReaderOptions};

    fn records(text: &str) -> Vec<Record> {
        parse_str(text, &ReaderOptions::with_origin("example.com.").unwrap())
            .unwrap()
            .records
    }

    fn origin() -> Name {
        Name::from_ascii("example.com.").unwrap()
    }

    fn live() -> Value {
        json!({"ns_ttl": 86400, "soa": {"expire": 604800, "min_ttl": 1800, "mname": null,
               "refresh": 10000, "retry": 2400, "rname": "dns.cloudflare.com", "ttl": 3600}})
    }

    #[test]
    fn exported_soa_and_ns_match_the_defaults() {
        let file = "example.com. 3600 IN SOA ada.ns.cloudflare.com. dns.cloudflare.com. 2050000000 10000 2400 604800 1800\n\
                    @ 86400 IN NS ada.ns.cloudflare.com.\n@ 86400 IN NS bob.ns.cloudflare.com.\n";
        let desired = desired_settings(&records(file), &origin());
        assert_eq!(desired.ns_ttl, Some(86400));
        assert_eq!(desired.soa.as_ref().unwrap().mname, None);
        let plan = diff(&desired, &live());
        assert!(plan.is_empty(), "{:?}", plan.changes);
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    }

    #[test]
    fn changed_timers_and_names_become_a_patch() {
        let file =
            "@ 1800 IN SOA ns1.example.com. host\\.master.example.com. 1 7200 900 1209600 300\n\
                    @ 3600 IN NS ns1\n";
        let desired = desired_settings(&records(file), &origin());
        let plan = diff(&desired, &live());
        let fields: Vec<&str> = plan.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "ns_ttl",
                "soa.refresh",
                "soa.retry",
                "soa.expire",
                "soa.min_ttl",
                "soa.ttl",
                "soa.mname",
                "soa.rname"
            ]
        );
        let patch = plan.patch(&desired);
        assert_eq!(
            patch,
            json!({"ns_ttl": 3600, "soa": {"ttl": 1800, "mname": "ns1.example.com",
                   "rname": "host\\.master.example.com", "refresh": 7200, "retry": 900,
                   "expire": 1209600, "min_ttl": 300}})
        );
    }

    #[test]
    fn out_of_range_values_are_errors_narrow_ones_warnings() {
        let file = "@ 60 IN SOA ns1 host 1 300 7200 3600 30\n@ 10 IN NS ns1\n";
        let desired = desired_settings(&records(file), &origin());
        let (errors, warnings) = validate(&desired);
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "ns_ttl",
                "soa.refresh",
                "soa.expire",
                "soa.min_ttl",
                "soa.ttl",
                "soa.retry"
            ]
        );
        assert!(errors[0]
            .message
            .contains("the apex NS TTL is 10; Cloudflare's ns_ttl takes 30 to 86400"));
        assert!(errors.last().unwrap().message.contains("retry <= refresh"));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn no_soa_asks_nothing() {
        let desired = desired_settings(&records("www 300 IN A 192.0.2.1\n"), &origin());
        assert_eq!(desired, DesiredSettings::default());
        assert!(diff(&desired, &live()).is_empty());
        assert_eq!(SettingsPlan::default().patch(&desired), json!({}));
    }
}
