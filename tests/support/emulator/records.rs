//! Record validation as the spec describes Cloudflare's: field checks wrapped in 1004 with an
//! error chain, conflicts (81053/81054/81056/81058), quota (81045), proxiable types, TTL range.
//!
//! Written from `shared/spec/cloudflare-dns.md`, independently of the library's record model, so
//! the integration tests compare two readings of the spec rather than one with itself.
//! Where the spec has no code for a refusal the emulator uses the generic one noted inline.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{json, Map, Value};

/// The record types the API accepts.
pub const TYPES: &[&str] = &[
    "A",
    "AAAA",
    "CAA",
    "CERT",
    "CNAME",
    "DNSKEY",
    "DS",
    "HTTPS",
    "LOC",
    "MX",
    "NAPTR",
    "NS",
    "OPENPGPKEY",
    "PTR",
    "SMIMEA",
    "SRV",
    "SSHFP",
    "SVCB",
    "TLSA",
    "TXT",
    "URI",
];

/// Types whose fields live in `data` (their `content` is a read-only echo).
pub const DATA_TYPES: &[&str] = &[
    "CAA", "CERT", "DNSKEY", "DS", "HTTPS", "LOC", "NAPTR", "SMIMEA", "SRV", "SSHFP", "SVCB",
    "TLSA", "URI",
];

pub const PROXIABLE: &[&str] = &["A", "AAAA", "CNAME"];

/// A refusal: HTTP status and the error item.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub status: u16,
    pub item: Value,
}

impl Refusal {
    /// A field-validation failure: 1004 "DNS Validation Error" with the real cause chained.
    pub fn validation(code: u32, message: impl Into<String>) -> Refusal {
        Refusal {
            status: 400,
            item: json!({
                "code": 1004,
                "message": "DNS Validation Error",
                "error_chain": [{"code": code, "message": message.into()}]
            }),
        }
    }

    /// A refusal with its own top-level code (conflicts, quota, missing records).
    pub fn plain(status: u16, code: u32, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            item: json!({"code": code, "message": message.into()}),
        }
    }

    /// Points the refusal at an item of the request body.
    pub fn at(mut self, pointer: String) -> Refusal {
        if let Some(object) = self.item.as_object_mut() {
            object.insert("source".into(), json!({ "pointer": pointer }));
        }
        self
    }

    pub fn code(&self) -> u64 {
        self.item["code"].as_u64().unwrap_or(0)
    }

    pub fn message(&self) -> String {
        let chain = self.item["error_chain"][0]["message"].as_str();
        chain
            .or_else(|| self.item["message"].as_str())
            .unwrap_or("")
            .to_owned()
    }

    /// The innermost code (the chain's, when there is one).
    pub fn inner_code(&self) -> u64 {
        self.item["error_chain"][0]["code"]
            .as_u64()
            .unwrap_or_else(|| self.code())
    }
}

/// What a zone allows, by plan.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub min_ttl: u64,
    pub comment_len: usize,
    pub tags: usize,
    pub enterprise: bool,
}

/// Turns a create/put body (or a patched record) into the stored record, or refuses it.
/// `id`, timestamps and `meta` are filled by the caller.
pub fn normalize(zone: &str, input: &Value, limits: Limits) -> Result<Map<String, Value>, Refusal> {
    let object = input
        .as_object()
        .ok_or_else(|| Refusal::validation(9000, "The record must be a JSON object."))?;
    let rtype = object
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_ascii_uppercase)
        .ok_or_else(|| Refusal::validation(9007, "Record type is required."))?;
    if !TYPES.contains(&rtype.as_str()) {
        // No documented code for an unknown type; 9007 is the generic content refusal.
        return Err(Refusal::validation(
            9007,
            format!("Content for {rtype} record is invalid. Unsupported record type."),
        ));
    }
    let name = object
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| Refusal::validation(9000, "DNS name is invalid."))?;
    let name = absolute_name(name, zone)
        .ok_or_else(|| Refusal::validation(9000, "DNS name is invalid."))?;

    let mut ttl = match object.get("ttl") {
        None | Some(Value::Null) => 1,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| Refusal::validation(9021, "Invalid TTL. It must be a number."))?,
    };
    if ttl != 1 && !(limits.min_ttl..=86_400).contains(&ttl) {
        return Err(Refusal::validation(
            9021,
            format!(
                "Invalid TTL. TTL must be between {} and 86400 seconds, or 1 for Automatic.",
                limits.min_ttl
            ),
        ));
    }
    let proxied = match object.get("proxied") {
        None | Some(Value::Null) => false,
        Some(v) => v.as_bool().ok_or_else(|| {
            Refusal::validation(9041, "Invalid proxied mode. It must be true or false.")
        })?,
    };
    if proxied && !PROXIABLE.contains(&rtype.as_str()) {
        return Err(Refusal::validation(
            9041,
            "Invalid proxied mode. Record cannot be proxied",
        ));
    }
    if proxied {
        // Proxied records are always served with the automatic TTL.
        ttl = 1;
    }

    let comment = match object.get("comment") {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(s)) if s.is_empty() => Value::Null,
        Some(Value::String(s)) => {
            if s.contains(['\n', '\r']) {
                return Err(Refusal::validation(
                    9313,
                    "DNS record comment cannot contain line breaks.",
                ));
            }
            if s.chars().count() > limits.comment_len {
                return Err(Refusal::validation(
                    9313,
                    format!(
                        "DNS record comment exceeds the maximum length of {} characters.",
                        limits.comment_len
                    ),
                ));
            }
            Value::String(s.clone())
        }
        Some(_) => {
            return Err(Refusal::validation(
                9313,
                "DNS record comment must be a string.",
            ))
        }
    };
    let tags: Vec<String> = match object.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|t| t.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| Refusal::validation(9300, "Tags must be strings."))?,
        Some(_) => {
            return Err(Refusal::validation(
                9300,
                "Tags must be an array of strings.",
            ))
        }
    };
    if tags.len() > limits.tags {
        return Err(Refusal::validation(
            9300,
            format!(
                "DNS record has {} tags, exceeding the quota of {}.",
                tags.len(),
                limits.tags
            ),
        ));
    }
    for tag in &tags {
        let tag_name = tag.split(':').next().unwrap_or("");
        // The cf- prefix is reserved for system tags (no documented code; 9300 family).
        if tag_name.to_ascii_lowercase().starts_with("cf-") {
            return Err(Refusal::validation(
                9300,
                format!("Tag {tag_name} uses the reserved cf- prefix."),
            ));
        }
        if tag_name.is_empty()
            || !tag_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Refusal::validation(
                9300,
                format!("Tag name {tag_name:?} is invalid."),
            ));
        }
    }

    let mut settings = match object.get("settings") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err(Refusal::validation(9007, "settings must be an object.")),
    };
    settings.retain(|key, value| {
        (matches!(key.as_str(), "ipv4_only" | "ipv6_only")
            || (key == "flatten_cname" && rtype == "CNAME"))
            && value.is_boolean()
    });
    if rtype == "CNAME" && proxied && settings.get("flatten_cname") == Some(&Value::Bool(true)) {
        return Err(Refusal::validation(
            9007,
            "flatten_cname is not available on proxied CNAME records.",
        ));
    }

    let mut record = Map::new();
    record.insert("name".into(), Value::String(name.clone()));
    record.insert("type".into(), Value::String(rtype.clone()));
    let (content, data, priority) = type_fields(&rtype, &name, object)?;
    record.insert("content".into(), Value::String(content));
    if let Some(data) = data {
        record.insert("data".into(), data);
    }
    if let Some(priority) = priority {
        record.insert("priority".into(), json!(priority));
    }
    record.insert(
        "proxiable".into(),
        Value::Bool(PROXIABLE.contains(&rtype.as_str())),
    );
    record.insert("proxied".into(), Value::Bool(proxied));
    record.insert("ttl".into(), json!(ttl));
    record.insert("settings".into(), Value::Object(settings));
    record.insert("comment".into(), comment);
    record.insert("tags".into(), json!(tags));
    Ok(record)
}

/// Applies a PATCH body onto a stored record, giving the body to normalize.
pub fn merge_patch(stored: &Map<String, Value>, patch: &Value) -> Result<Value, Refusal> {
    let patch = patch
        .as_object()
        .ok_or_else(|| Refusal::validation(9000, "The patch must be a JSON object."))?;
    let mut merged = stored.clone();
    let changes_type = patch.get("type").and_then(Value::as_str).is_some_and(|t| {
        Some(t.to_ascii_uppercase().as_str()) != stored.get("type").and_then(Value::as_str)
    });
    if changes_type || patch.contains_key("data") || patch.contains_key("content") {
        // New rdata replaces the old one whole.
        merged.remove("data");
        merged.remove("content");
        if changes_type {
            merged.remove("priority");
        }
    }
    for (key, value) in patch {
        if key == "id" {
            continue;
        }
        merged.insert(key.clone(), value.clone());
    }
    Ok(Value::Object(merged))
}

/// Resolves `@`, relative and absolute names to the lower-case FQDN without trailing dot, in
/// Punycode. `None` for an invalid name.
pub fn absolute_name(name: &str, zone: &str) -> Option<String> {
    let name = name.trim();
    let full = if name == "@" || name.is_empty() {
        zone.to_owned()
    } else {
        let name = name.strip_suffix('.').unwrap_or(name);
        let lower = name.to_lowercase();
        if lower == zone || lower.ends_with(&format!(".{zone}")) {
            lower
        } else {
            format!("{lower}.{zone}")
        }
    };
    let ascii = if full.is_ascii() {
        full
    } else {
        idna::domain_to_ascii(&full).ok()?
    };
    valid_hostname(&ascii).then_some(ascii)
}

/// Labels 1…63 octets, name ≤ 253; any octet but the dot and controls/space.
fn valid_hostname(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty() && l.len() <= 63 && !l.chars().any(|c| c.is_control() || c == ' ')
        })
}

/// A target hostname as stored: without trailing dot; `.` stays `.` (null target).
fn target(value: Option<&Value>, rtype: &str, field: &str) -> Result<String, Refusal> {
    let text = value
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(rtype, &format!("{field} is required")))?
        .trim();
    if text == "." {
        return Ok(".".into());
    }
    let bare = text.strip_suffix('.').unwrap_or(text);
    let ascii = if bare.is_ascii() {
        bare.to_owned()
    } else {
        idna::domain_to_ascii(bare)
            .map_err(|_| invalid(rtype, &format!("{field} is not a hostname")))?
    };
    if !valid_hostname(&ascii) {
        return Err(invalid(rtype, &format!("{field} is not a hostname")));
    }
    Ok(ascii)
}

fn invalid(rtype: &str, why: &str) -> Refusal {
    Refusal::validation(
        9007,
        format!("Content for {rtype} record is invalid. {why}."),
    )
}

fn number(data: &Map<String, Value>, field: &str, max: u64, rtype: &str) -> Result<u64, Refusal> {
    let value = data.get(field).and_then(Value::as_u64).ok_or_else(|| {
        invalid(
            rtype,
            &format!("data.{field} is required and must be a whole number"),
        )
    })?;
    if value > max {
        return Err(invalid(
            rtype,
            &format!("data.{field} must be between 0 and {max}"),
        ));
    }
    Ok(value)
}

fn text(data: &Map<String, Value>, field: &str, rtype: &str) -> Result<String, Refusal> {
    data.get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| invalid(rtype, &format!("data.{field} is required")))
}

fn hex(data: &Map<String, Value>, field: &str, rtype: &str) -> Result<String, Refusal> {
    let value = text(data, field, rtype)?;
    if value.is_empty() || !value.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(invalid(rtype, &format!("data.{field} must be hexadecimal")));
    }
    Ok(value.to_ascii_lowercase())
}

fn base64(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | ' '))
}

fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `content`, `data` and top-level `priority` for one type.
fn type_fields(
    rtype: &str,
    name: &str,
    object: &Map<String, Value>,
) -> Result<(String, Option<Value>, Option<u64>), Refusal> {
    let content = object.get("content").and_then(Value::as_str).map(str::trim);
    if DATA_TYPES.contains(&rtype) {
        let data = object
            .get("data")
            .and_then(Value::as_object)
            .ok_or_else(|| invalid(rtype, "data is required for this type"))?;
        return data_fields(rtype, data, object);
    }
    let content = content.ok_or_else(|| invalid(rtype, "content is required"))?;
    let priority = if rtype == "MX" {
        let p = object
            .get("priority")
            .and_then(Value::as_u64)
            .ok_or_else(|| invalid(rtype, "priority is required"))?;
        if p > 65_535 {
            return Err(invalid(rtype, "priority must be between 0 and 65535"));
        }
        Some(p)
    } else {
        None
    };
    let content = match rtype {
        "A" => content
            .parse::<Ipv4Addr>()
            .map_err(|_| {
                Refusal::validation(9005, "Content for A record must be a valid IPv4 address.")
            })?
            .to_string(),
        "AAAA" => content
            .parse::<Ipv6Addr>()
            .map_err(|_| invalid(rtype, "It must be a valid IPv6 address"))?
            .to_string(),
        "CNAME" => {
            let target = target(Some(&Value::String(content.to_owned())), rtype, "content")?;
            if target.eq_ignore_ascii_case(name) {
                // 9039 is reported by third parties only (spec: UNCONFIRMED).
                return Err(Refusal::validation(
                    9039,
                    "CNAME content cannot reference itself",
                ));
            }
            target
        }
        "NS" | "PTR" | "MX" => target(Some(&Value::String(content.to_owned())), rtype, "content")?,
        "TXT" => {
            if content.is_empty() {
                return Err(invalid(rtype, "content is empty"));
            }
            content.to_owned()
        }
        "OPENPGPKEY" => {
            if !base64(content) {
                return Err(invalid(rtype, "content must be base64"));
            }
            content.to_owned()
        }
        _ => content.to_owned(),
    };
    if content.len() > 4096 {
        return Err(Refusal::validation(
            9015,
            "Record content exceeds the allowed length of 4096 wire format bytes.",
        ));
    }
    Ok((content, None, priority))
}

fn data_fields(
    rtype: &str,
    data: &Map<String, Value>,
    object: &Map<String, Value>,
) -> Result<(String, Option<Value>, Option<u64>), Refusal> {
    let (content, stored, priority) = match rtype {
        "CAA" => {
            let flags = number(data, "flags", 255, rtype)?;
            let tag = text(data, "tag", rtype)?;
            if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(invalid(rtype, "data.tag must be letters and digits"));
            }
            let value = text(data, "value", rtype)?;
            (
                format!("{flags} {tag} {}", quote(&value)),
                json!({"flags": flags, "tag": tag, "value": value}),
                None,
            )
        }
        "CERT" => {
            let kind = number(data, "type", 65_535, rtype)?;
            let key_tag = number(data, "key_tag", 65_535, rtype)?;
            let algorithm = number(data, "algorithm", 255, rtype)?;
            let certificate = text(data, "certificate", rtype)?;
            if !base64(&certificate) {
                return Err(invalid(rtype, "data.certificate must be base64"));
            }
            (
                format!("{kind} {key_tag} {algorithm} {certificate}"),
                json!({"type": kind, "key_tag": key_tag, "algorithm": algorithm, "certificate": certificate}),
                None,
            )
        }
        "DNSKEY" => {
            let flags = number(data, "flags", 65_535, rtype)?;
            let protocol = number(data, "protocol", 255, rtype)?;
            let algorithm = number(data, "algorithm", 255, rtype)?;
            let key = text(data, "public_key", rtype)?;
            if !base64(&key) {
                return Err(invalid(rtype, "data.public_key must be base64"));
            }
            (
                format!("{flags} {protocol} {algorithm} {key}"),
                json!({"flags": flags, "protocol": protocol, "algorithm": algorithm, "public_key": key}),
                None,
            )
        }
        "DS" => {
            let key_tag = number(data, "key_tag", 65_535, rtype)?;
            let algorithm = number(data, "algorithm", 255, rtype)?;
            let digest_type = number(data, "digest_type", 255, rtype)?;
            let digest = hex(data, "digest", rtype)?;
            (
                format!("{key_tag} {algorithm} {digest_type} {digest}"),
                json!({"key_tag": key_tag, "algorithm": algorithm, "digest_type": digest_type, "digest": digest}),
                None,
            )
        }
        "HTTPS" | "SVCB" => {
            let priority = number(data, "priority", 65_535, rtype)?;
            let target_name = text(data, "target", rtype)?;
            let target_name = if target_name.trim() == "." {
                ".".to_owned()
            } else {
                format!(
                    "{}.",
                    target(Some(&Value::String(target_name)), rtype, "data.target")?
                )
            };
            let value = text(data, "value", rtype).unwrap_or_default();
            (
                format!("{priority} {target_name} {value}")
                    .trim_end()
                    .to_owned(),
                json!({"priority": priority, "target": target_name, "value": value}),
                None,
            )
        }
        "LOC" => loc(data)?,
        "NAPTR" => {
            let order = number(data, "order", 65_535, rtype)?;
            let preference = number(data, "preference", 65_535, rtype)?;
            let flags = text(data, "flags", rtype)?;
            let service = text(data, "service", rtype)?;
            let regex = text(data, "regex", rtype)?;
            let replacement = target(data.get("replacement"), rtype, "data.replacement")?;
            let shown = if replacement == "." {
                ".".to_owned()
            } else {
                format!("{replacement}.")
            };
            (
                format!(
                    "{order} {preference} {} {} {} {shown}",
                    quote(&flags),
                    quote(&service),
                    quote(&regex)
                ),
                json!({"order": order, "preference": preference, "flags": flags, "service": service, "regex": regex, "replacement": replacement}),
                None,
            )
        }
        "SMIMEA" | "TLSA" => {
            let usage = number(data, "usage", 255, rtype)?;
            let selector = number(data, "selector", 255, rtype)?;
            let matching = number(data, "matching_type", 255, rtype)?;
            let certificate = hex(data, "certificate", rtype)?;
            (
                format!("{usage} {selector} {matching} {certificate}"),
                json!({"usage": usage, "selector": selector, "matching_type": matching, "certificate": certificate}),
                None,
            )
        }
        "SRV" => {
            let priority = number(data, "priority", 65_535, rtype)?;
            let weight = number(data, "weight", 65_535, rtype)?;
            let port = number(data, "port", 65_535, rtype)?;
            let target_name = target(data.get("target"), rtype, "data.target")?;
            (
                format!("{weight} {port} {target_name}"),
                json!({"priority": priority, "weight": weight, "port": port, "target": target_name}),
                Some(priority),
            )
        }
        "SSHFP" => {
            let algorithm = number(data, "algorithm", 255, rtype)?;
            let kind = number(data, "type", 255, rtype)?;
            let fingerprint = hex(data, "fingerprint", rtype)?;
            (
                format!("{algorithm} {kind} {fingerprint}"),
                json!({"algorithm": algorithm, "type": kind, "fingerprint": fingerprint}),
                None,
            )
        }
        "URI" => {
            let priority = object
                .get("priority")
                .and_then(Value::as_u64)
                .filter(|p| *p <= 65_535)
                .ok_or_else(|| invalid(rtype, "priority is required (0 to 65535)"))?;
            let weight = number(data, "weight", 65_535, rtype)?;
            let target_uri = text(data, "target", rtype)?;
            if target_uri.is_empty() {
                return Err(invalid(rtype, "data.target is required"));
            }
            (
                format!("{weight} {}", quote(&target_uri)),
                json!({"weight": weight, "target": target_uri}),
                Some(priority),
            )
        }
        _ => return Err(invalid(rtype, "unsupported type")),
    };
    Ok((content, Some(stored), priority))
}

fn float(
    data: &Map<String, Value>,
    field: &str,
    min: f64,
    max: f64,
    default: Option<f64>,
) -> Result<f64, Refusal> {
    let value = match data.get(field) {
        None | Some(Value::Null) => {
            default.ok_or_else(|| invalid("LOC", &format!("data.{field} is required")))?
        }
        Some(v) => v
            .as_f64()
            .ok_or_else(|| invalid("LOC", &format!("data.{field} must be a number")))?,
    };
    if !(min..=max).contains(&value) {
        return Err(invalid(
            "LOC",
            &format!("data.{field} must be between {min} and {max}"),
        ));
    }
    Ok(value)
}

fn loc(data: &Map<String, Value>) -> Result<(String, Value, Option<u64>), Refusal> {
    let lat_d = float(data, "lat_degrees", 0.0, 90.0, None)?;
    let lat_m = float(data, "lat_minutes", 0.0, 59.0, Some(0.0))?;
    let lat_s = float(data, "lat_seconds", 0.0, 59.999, Some(0.0))?;
    let long_d = float(data, "long_degrees", 0.0, 180.0, None)?;
    let long_m = float(data, "long_minutes", 0.0, 59.0, Some(0.0))?;
    let long_s = float(data, "long_seconds", 0.0, 59.999, Some(0.0))?;
    let altitude = float(data, "altitude", -100_000.0, 42_849_672.95, Some(0.0))?;
    let size = float(data, "size", 0.0, 90_000_000.0, Some(0.0))?;
    let horz = float(data, "precision_horz", 0.0, 90_000_000.0, Some(0.0))?;
    let vert = float(data, "precision_vert", 0.0, 90_000_000.0, Some(0.0))?;
    let direction = |field: &str, allowed: [&str; 2]| -> Result<String, Refusal> {
        let d = data.get(field).and_then(Value::as_str).unwrap_or("");
        if allowed.contains(&d) {
            Ok(d.to_owned())
        } else {
            Err(invalid(
                "LOC",
                &format!("data.{field} must be {} or {}", allowed[0], allowed[1]),
            ))
        }
    };
    let lat_dir = direction("lat_direction", ["N", "S"])?;
    let long_dir = direction("long_direction", ["E", "W"])?;
    let content = format!(
        "{lat_d} {lat_m} {lat_s:.3} {lat_dir} {long_d} {long_m} {long_s:.3} {long_dir} {}m {}m {}m {}m",
        meters(altitude),
        meters(size),
        meters(horz),
        meters(vert)
    );
    // The API writes whole numbers without a fraction (`"lat_degrees": 52`).
    let n = |v: f64| -> Value {
        if v.fract() == 0.0 {
            Value::from(v as i64)
        } else {
            Value::from(v)
        }
    };
    let stored = json!({
        "lat_degrees": n(lat_d), "lat_minutes": n(lat_m), "lat_seconds": n(lat_s), "lat_direction": lat_dir,
        "long_degrees": n(long_d), "long_minutes": n(long_m), "long_seconds": n(long_s), "long_direction": long_dir,
        "altitude": n(altitude), "size": n(size), "precision_horz": n(horz), "precision_vert": n(vert)
    });
    Ok((content, stored, None))
}

/// Metres with at most two decimals, no trailing zeros.
pub fn meters(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Checks a new or changed record against the other records of the zone. `others` excludes the
/// record being replaced.
pub fn check_conflicts<'a>(
    zone: &str,
    record: &Map<String, Value>,
    others: impl Iterator<Item = &'a Map<String, Value>> + Clone,
) -> Result<(), Refusal> {
    let name = record["name"].as_str().unwrap_or("");
    let rtype = record["type"].as_str().unwrap_or("");
    let same_name = others.clone().filter(|o| {
        o["name"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    });
    for other in same_name {
        let other_type = other["type"].as_str().unwrap_or("");
        if other_type == rtype
            && other["content"] == record["content"]
            && other.get("priority") == record.get("priority")
        {
            return Err(Refusal::plain(
                400,
                81058,
                "An identical record already exists.",
            ));
        }
        let address = |t: &str| matches!(t, "A" | "AAAA");
        if rtype == "CNAME" && (address(other_type) || other_type == "CNAME") {
            return Err(Refusal::plain(
                400,
                81053,
                "An A, AAAA, or CNAME record with that host already exists.",
            ));
        }
        if address(rtype) && other_type == "CNAME" {
            return Err(Refusal::plain(
                400,
                81054,
                "A CNAME record with that host already exists.",
            ));
        }
        if !name.eq_ignore_ascii_case(zone) {
            let exempt = |t: &str| matches!(t, "NS" | "DS");
            if other_type == "NS" && !exempt(rtype) {
                return Err(Refusal::plain(
                    400,
                    81056,
                    "NS records with that host already exist.",
                ));
            }
            if rtype == "NS" && !exempt(other_type) {
                return Err(Refusal::plain(
                    400,
                    81056,
                    "NS records cannot share a name with records of other types.",
                ));
            }
        }
    }
    Ok(())
}
