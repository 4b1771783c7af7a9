//! The export writer (modern, cf_tags-era layout) and the import reader of the emulator.
//!
//! Both follow the spec's §5 and §6: TAB-separated lines, FQDNs with trailing dot (except the
//! SOA owner), auto TTL written as 1, sections SOA, NS, then by type alphabetically, and
//! ` ; comment cf_tags=…` metadata. The reader accepts what Cloudflare documents for import
//! ($ORIGIN, $TTL, $GENERATE; $INCLUDE refused) and turns each line into an API record body.

use serde_json::{json, Map, Value};

use super::records::{meters, Refusal, DATA_TYPES, PROXIABLE};

const HEADER_TAIL: &str = ";;
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

/// What the export needs to know about a zone.
pub struct ExportInput<'a> {
    pub zone: &'a str,
    pub name_servers: &'a [String],
    pub settings: &'a Value,
    pub serial: u64,
    pub exported: &'a str,
    pub records: &'a [Map<String, Value>],
}

/// Writes the export text.
pub fn export(input: &ExportInput<'_>) -> String {
    let mut out = format!(
        ";;\n;; Domain:     {}.\n;; Exported:   {}\n",
        input.zone, input.exported
    );
    out.push_str(HEADER_TAIL);
    let soa = &input.settings["soa"];
    let mname = soa["mname"]
        .as_str()
        .map(str::to_owned)
        .or_else(|| input.name_servers.first().cloned())
        .unwrap_or_else(|| "ns.cloudflare.com".to_owned());
    let rname = soa["rname"].as_str().unwrap_or("dns.cloudflare.com");
    out.push_str(";; SOA Record\n");
    out.push_str(&format!(
        "{}\t{}\tIN\tSOA\t{}. {}. {} {} {} {} {}\n",
        input.zone,
        soa["ttl"].as_u64().unwrap_or(3600),
        mname.trim_end_matches('.'),
        rname.trim_end_matches('.'),
        input.serial,
        soa["refresh"].as_u64().unwrap_or(10_000),
        soa["retry"].as_u64().unwrap_or(2400),
        soa["expire"].as_u64().unwrap_or(604_800),
        soa["min_ttl"].as_u64().unwrap_or(1800),
    ));
    out.push_str("\n;; NS Records\n");
    let ns_ttl = input.settings["ns_ttl"].as_u64().unwrap_or(86_400);
    for ns in input.name_servers {
        out.push_str(&format!(
            "{}.\t{ns_ttl}\tIN\tNS\t{}.\n",
            input.zone,
            ns.trim_end_matches('.')
        ));
    }
    let mut sorted: Vec<&Map<String, Value>> = input.records.iter().collect();
    // Stable sort: by type, then owner compared case-insensitively ignoring punctuation;
    // same owner keeps storage order (Cloudflare does not sort by rdata).
    sorted.sort_by_key(|r| {
        let owner: String = r["name"]
            .as_str()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (r["type"].as_str().unwrap_or("").to_owned(), owner)
    });
    let mut current = "";
    for record in sorted {
        let rtype = record["type"].as_str().unwrap_or("");
        if rtype == "NS" && current != "NS" {
            // User NS records follow Cloudflare's in the NS section.
            current = "NS";
        } else if rtype != current {
            out.push_str(&format!("\n;; {rtype} Records\n"));
            current = rtype;
        }
        out.push_str(&line(record));
        out.push('\n');
    }
    out
}

fn fqdn(name: &str) -> String {
    if name == "." {
        ".".to_owned()
    } else {
        format!("{}.", name.trim_end_matches('.'))
    }
}

fn rdata(record: &Map<String, Value>) -> String {
    let rtype = record["type"].as_str().unwrap_or("");
    let content = record["content"].as_str().unwrap_or("");
    let data = &record.get("data").cloned().unwrap_or(Value::Null);
    let priority = record.get("priority").and_then(Value::as_u64).unwrap_or(0);
    match rtype {
        "CNAME" | "NS" | "PTR" => fqdn(content),
        "MX" => format!("{priority} {}", fqdn(content)),
        "TXT" => {
            if content.starts_with('"') {
                content.to_owned()
            } else {
                chunk_quoted(content)
            }
        }
        "SRV" => format!(
            "{} {} {} {}",
            data["priority"].as_u64().unwrap_or(priority),
            data["weight"].as_u64().unwrap_or(0),
            data["port"].as_u64().unwrap_or(0),
            fqdn(data["target"].as_str().unwrap_or("."))
        ),
        "URI" => format!("{priority} {content}"),
        "NAPTR" => content.to_owned(),
        "LOC" => {
            let f = |k: &str| data[k].as_f64().unwrap_or(0.0);
            format!(
                "{:02} {:02} {:.3} {} {:02} {:02} {:.3} {} {}m {}m {}m {}m",
                f("lat_degrees"),
                f("lat_minutes"),
                f("lat_seconds"),
                data["lat_direction"].as_str().unwrap_or("N"),
                f("long_degrees"),
                f("long_minutes"),
                f("long_seconds"),
                data["long_direction"].as_str().unwrap_or("E"),
                meters(f("altitude")),
                meters(f("size")),
                meters(f("precision_horz")),
                meters(f("precision_vert")),
            )
        }
        _ => content.to_owned(),
    }
}

/// Quoted 255-byte chunks separated by one space.
fn chunk_quoted(text: &str) -> String {
    let mut chunks = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if current.len() + c.len_utf8() > 255 {
            chunks.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    chunks.push(current);
    chunks
        .iter()
        .map(|c| format!("\"{}\"", c.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn line(record: &Map<String, Value>) -> String {
    let rtype = record["type"].as_str().unwrap_or("");
    let mut text = format!(
        "{}\t{}\tIN\t{rtype}\t{}",
        fqdn(record["name"].as_str().unwrap_or("")),
        record["ttl"].as_u64().unwrap_or(1),
        rdata(record)
    );
    let mut tags: Vec<String> = record["tags"]
        .as_array()
        .map(|t| t.iter().filter_map(Value::as_str).map(export_tag).collect())
        .unwrap_or_default();
    if rtype == "CNAME" && record["settings"]["flatten_cname"] == Value::Bool(true) {
        tags.push("cf-flatten-cname".to_owned());
    }
    if PROXIABLE.contains(&rtype) {
        tags.push(format!(
            "cf-proxied:{}",
            record["proxied"].as_bool().unwrap_or(false)
        ));
    }
    let comment = record["comment"].as_str().filter(|c| !c.is_empty());
    match (comment, tags.is_empty()) {
        (Some(c), false) => text.push_str(&format!(" ; {c} cf_tags={}", tags.join(","))),
        (Some(c), true) if c.contains("cf_tags=") => text.push_str(&format!(" ; {c} cf_tags=")),
        (Some(c), true) => text.push_str(&format!(" ; {c}")),
        (None, false) => text.push_str(&format!(" ; cf_tags={}", tags.join(","))),
        (None, true) => {}
    }
    text
}

/// `name:value`, the value as a JSON string when it holds `"`, `=`, `,` or `\`.
fn export_tag(tag: &str) -> String {
    match tag.split_once(':') {
        Some((name, value)) if value.contains(['"', '=', ',', '\\']) => {
            format!("{name}:{}", Value::String(value.to_owned()))
        }
        _ => tag.to_owned(),
    }
}

// ----- import -----------------------------------------------------------------------------------

/// One record of an import file, as an API body, with its owner for messages.
pub struct Imported {
    pub owner: String,
    pub body: Result<Value, Refusal>,
}

/// Parses an import file. `Err` is a file-level failure (the whole import is refused).
pub fn parse_import(
    text: &str,
    zone: &str,
    proxied_default: bool,
) -> Result<Vec<Imported>, Refusal> {
    let mut origin = zone.to_owned();
    let mut default_ttl: Option<u64> = None;
    let mut previous_owner = zone.to_owned();
    let mut out = Vec::new();
    let lines = logical_lines(text);
    for (raw, starts_blank) in lines {
        let (body, meta) = split_comment(&raw);
        let tokens = tokens(body);
        let Some(first) = tokens.first() else {
            continue;
        };
        let upper = first.to_ascii_uppercase();
        if !starts_blank && upper.starts_with('$') {
            match upper.as_str() {
                "$ORIGIN" => {
                    if let Some(o) = tokens.get(1) {
                        origin = absolute(o, &origin);
                    }
                }
                "$TTL" => default_ttl = tokens.get(1).and_then(|t| t.parse().ok()),
                "$INCLUDE" => {
                    return Err(Refusal::plain(400, 1004, "$INCLUDE directive not allowed"));
                }
                "$GENERATE" => out.extend(generate(&tokens, &origin, default_ttl, proxied_default)),
                other => {
                    return Err(Refusal::plain(
                        400,
                        1004,
                        format!("unknown directive {other}"),
                    ));
                }
            }
            continue;
        }
        let mut rest: &[String] = &tokens;
        let owner = if starts_blank {
            previous_owner.clone()
        } else {
            let owner = absolute(first, &origin);
            rest = &tokens[1..];
            owner
        };
        previous_owner = owner.clone();
        let mut ttl = default_ttl;
        // TTL and class in either order.
        for _ in 0..2 {
            match rest.first() {
                Some(t) if t.chars().all(|c| c.is_ascii_digit()) => {
                    ttl = t.parse().ok();
                    rest = &rest[1..];
                }
                Some(t) if t.eq_ignore_ascii_case("IN") => rest = &rest[1..],
                _ => {}
            }
        }
        let Some(rtype) = rest.first().map(|t| t.to_ascii_uppercase()) else {
            out.push(Imported {
                owner: owner.clone(),
                body: Err(Refusal::validation(9007, "Record type is missing.")),
            });
            continue;
        };
        let fields = &rest[1..];
        if rtype == "SOA" || (rtype == "NS" && owner.eq_ignore_ascii_case(zone)) {
            // Cloudflare owns the SOA and the apex NS set.
            continue;
        }
        let body = body_for(&rtype, &owner, fields, &origin).map(|mut body| {
            apply_meta(&mut body, &rtype, meta.as_deref(), proxied_default);
            body["ttl"] = json!(ttl.unwrap_or(1));
            body
        });
        out.push(Imported { owner, body });
    }
    Ok(out)
}

/// Joins parenthesised continuations; returns each logical line and whether it began with
/// blank space (owner omitted).
fn logical_lines(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut blank_start = false;
    let mut depth = 0i32;
    for line in text.lines() {
        if depth == 0 {
            blank_start = line.starts_with([' ', '\t']);
            pending.clear();
        } else {
            pending.push(' ');
        }
        let (body, comment) = split_comment(line);
        let mut in_quotes = false;
        let mut escaped = false;
        for c in body.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_quotes = !in_quotes,
                '(' if !in_quotes => depth += 1,
                ')' if !in_quotes => depth -= 1,
                _ => {}
            }
        }
        let cleaned: String = strip_parens(body);
        pending.push_str(&cleaned);
        if depth <= 0 {
            depth = 0;
            if let Some(comment) = comment {
                pending.push_str(" ;");
                pending.push_str(&comment);
            }
            out.push((pending.clone(), blank_start));
        }
    }
    out
}

fn strip_parens(body: &str) -> String {
    let mut out = String::new();
    let mut in_quotes = false;
    let mut escaped = false;
    for c in body.chars() {
        match c {
            _ if escaped => {
                escaped = false;
                out.push(c);
            }
            '\\' => {
                escaped = true;
                out.push(c);
            }
            '"' => {
                in_quotes = !in_quotes;
                out.push(c);
            }
            '(' | ')' if !in_quotes => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Splits at the first `;` outside quotes: (record text, comment text after the `;`).
fn split_comment(line: &str) -> (&str, Option<String>) {
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => return (&line[..i], Some(line[i + 1..].to_owned())),
            _ => {}
        }
    }
    (line, None)
}

/// Whitespace-separated tokens; quoted strings stay one token with their quotes.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            current.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                current.push(c);
                escaped = true;
            }
            '"' => {
                current.push(c);
                in_quotes = !in_quotes;
            }
            c if c.is_whitespace() && !in_quotes => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn absolute(name: &str, origin: &str) -> String {
    if name == "@" {
        origin.to_owned()
    } else if let Some(bare) = name.strip_suffix('.') {
        bare.to_lowercase()
    } else {
        format!("{}.{origin}", name.to_lowercase())
    }
}

fn unquote(token: &str) -> String {
    let inner = token
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(token);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn num(fields: &[String], i: usize, rtype: &str) -> Result<u64, Refusal> {
    fields
        .get(i)
        .and_then(|f| f.parse().ok())
        .ok_or_else(|| Refusal::validation(9007, format!("Content for {rtype} record is invalid.")))
}

fn field(fields: &[String], i: usize, rtype: &str) -> Result<String, Refusal> {
    fields
        .get(i)
        .cloned()
        .ok_or_else(|| Refusal::validation(9007, format!("Content for {rtype} record is invalid.")))
}

fn target_name(token: &str, origin: &str) -> String {
    if token == "." {
        ".".to_owned()
    } else {
        absolute(token, origin)
    }
}

/// An API body for one zone-file record.
fn body_for(rtype: &str, owner: &str, fields: &[String], origin: &str) -> Result<Value, Refusal> {
    let mut body = json!({"type": rtype, "name": owner});
    let joined = |from: usize| fields.get(from..).map(|f| f.join("")).unwrap_or_default();
    match rtype {
        "A" | "AAAA" => body["content"] = json!(field(fields, 0, rtype)?),
        "CNAME" | "NS" | "PTR" => {
            body["content"] = json!(target_name(&field(fields, 0, rtype)?, origin))
        }
        "MX" => {
            body["priority"] = json!(num(fields, 0, rtype)?);
            body["content"] = json!(target_name(&field(fields, 1, rtype)?, origin));
        }
        "TXT" => body["content"] = json!(fields.join(" ")),
        "OPENPGPKEY" => body["content"] = json!(joined(0)),
        "SRV" => {
            body["data"] = json!({
                "priority": num(fields, 0, rtype)?, "weight": num(fields, 1, rtype)?,
                "port": num(fields, 2, rtype)?, "target": target_name(&field(fields, 3, rtype)?, origin)
            })
        }
        "CAA" => {
            body["data"] = json!({
                "flags": num(fields, 0, rtype)?, "tag": field(fields, 1, rtype)?,
                "value": unquote(&fields.get(2..).map(|f| f.join(" ")).unwrap_or_default())
            })
        }
        "DS" => {
            body["data"] = json!({
                "key_tag": num(fields, 0, rtype)?, "algorithm": num(fields, 1, rtype)?,
                "digest_type": num(fields, 2, rtype)?, "digest": joined(3)
            })
        }
        "SSHFP" => {
            body["data"] = json!({
                "algorithm": num(fields, 0, rtype)?, "type": num(fields, 1, rtype)?, "fingerprint": joined(2)
            })
        }
        "TLSA" | "SMIMEA" => {
            body["data"] = json!({
                "usage": num(fields, 0, rtype)?, "selector": num(fields, 1, rtype)?,
                "matching_type": num(fields, 2, rtype)?, "certificate": joined(3)
            })
        }
        "CERT" => {
            body["data"] = json!({
                "type": num(fields, 0, rtype)?, "key_tag": num(fields, 1, rtype)?,
                "algorithm": num(fields, 2, rtype)?, "certificate": joined(3)
            })
        }
        "DNSKEY" => {
            body["data"] = json!({
                "flags": num(fields, 0, rtype)?, "protocol": num(fields, 1, rtype)?,
                "algorithm": num(fields, 2, rtype)?, "public_key": joined(3)
            })
        }
        "HTTPS" | "SVCB" => {
            let target = field(fields, 1, rtype)?;
            body["data"] = json!({
                "priority": num(fields, 0, rtype)?,
                "target": if target == "." { ".".to_owned() } else { format!("{}.", absolute(&target, origin)) },
                "value": fields.get(2..).map(|f| f.join(" ")).unwrap_or_default()
            })
        }
        "NAPTR" => {
            body["data"] = json!({
                "order": num(fields, 0, rtype)?, "preference": num(fields, 1, rtype)?,
                "flags": unquote(&field(fields, 2, rtype)?), "service": unquote(&field(fields, 3, rtype)?),
                "regex": unquote(&field(fields, 4, rtype)?),
                "replacement": target_name(&field(fields, 5, rtype)?, origin)
            })
        }
        "URI" => {
            body["priority"] = json!(num(fields, 0, rtype)?);
            body["data"] = json!({"weight": num(fields, 1, rtype)?, "target": unquote(&field(fields, 2, rtype)?)});
        }
        "LOC" => body["data"] = parse_loc(fields)?,
        other => {
            return Err(Refusal::validation(
                9007,
                format!("Content for {other} record is invalid. Unsupported record type."),
            ))
        }
    }
    debug_assert!(DATA_TYPES.contains(&rtype) == body.get("data").is_some());
    Ok(body)
}

fn parse_loc(fields: &[String]) -> Result<Value, Refusal> {
    let bad = || Refusal::validation(9007, "Content for LOC record is invalid.");
    let mut i = 0;
    let mut part = |hemis: [&str; 2]| -> Result<(f64, f64, f64, String), Refusal> {
        let mut values = [0.0f64; 3];
        let mut n = 0;
        while n < 3 {
            let token = fields.get(i).ok_or_else(bad)?;
            if hemis.contains(&token.to_ascii_uppercase().as_str()) {
                break;
            }
            values[n] = token.parse().map_err(|_| bad())?;
            n += 1;
            i += 1;
        }
        let dir = fields.get(i).ok_or_else(bad)?.to_ascii_uppercase();
        if !hemis.contains(&dir.as_str()) {
            return Err(bad());
        }
        i += 1;
        Ok((values[0], values[1], values[2], dir))
    };
    let lat = part(["N", "S"])?;
    let long = part(["E", "W"])?;
    let metres = |t: Option<&String>| -> Result<f64, Refusal> {
        match t {
            None => Ok(0.0),
            Some(t) => t.trim_end_matches(['m', 'M']).parse().map_err(|_| bad()),
        }
    };
    Ok(json!({
        "lat_degrees": lat.0, "lat_minutes": lat.1, "lat_seconds": lat.2, "lat_direction": lat.3,
        "long_degrees": long.0, "long_minutes": long.1, "long_seconds": long.2, "long_direction": long.3,
        "altitude": metres(fields.get(i))?, "size": metres(fields.get(i + 1))?,
        "precision_horz": metres(fields.get(i + 2))?, "precision_vert": metres(fields.get(i + 3))?
    }))
}

/// Applies the trailing `; comment cf_tags=…` metadata and the form's proxied default.
fn apply_meta(body: &mut Value, rtype: &str, meta: Option<&str>, proxied_default: bool) {
    let mut proxied = None;
    if let Some(meta) = meta.map(str::trim).filter(|m| !m.is_empty()) {
        let (comment, tags) = match meta.rfind(" cf_tags=") {
            Some(at) => (meta[..at].trim(), Some(&meta[at + " cf_tags=".len()..])),
            None => match meta.strip_prefix("cf_tags=") {
                Some(tags) => ("", Some(tags)),
                None => (meta, None),
            },
        };
        if !comment.is_empty() {
            body["comment"] = json!(comment);
        }
        let mut user_tags = Vec::new();
        for tag in split_tags(tags.unwrap_or("")) {
            let (name, value) = match tag.split_once(':') {
                Some((n, v)) => (n.to_owned(), Some(import_value(v))),
                None => (tag.clone(), None),
            };
            match (name.to_ascii_lowercase().as_str(), value.as_deref()) {
                ("cf-proxied", Some("true")) => proxied = Some(true),
                ("cf-proxied", Some("false")) => proxied = Some(false),
                ("cf-flatten-cname", _) => body["settings"] = json!({"flatten_cname": true}),
                (n, _) if n.starts_with("cf-") => {}
                _ => user_tags.push(match value {
                    Some(v) => format!("{name}:{v}"),
                    None => name,
                }),
            }
        }
        if !user_tags.is_empty() {
            body["tags"] = json!(user_tags);
        }
    }
    if PROXIABLE.contains(&rtype) {
        body["proxied"] = json!(proxied.unwrap_or(proxied_default));
    }
}

/// Splits a tag list on commas outside JSON strings.
fn split_tags(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in list.trim().chars() {
        match c {
            _ if escaped => {
                escaped = false;
                current.push(c);
            }
            '\\' if in_string => {
                escaped = true;
                current.push(c);
            }
            '"' => {
                in_string = !in_string;
                current.push(c);
            }
            ',' if !in_string => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.push(current);
    out.into_iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

fn import_value(value: &str) -> String {
    if value.starts_with('"') {
        serde_json::from_str::<String>(value).unwrap_or_else(|_| value.to_owned())
    } else {
        value.to_owned()
    }
}

/// `$GENERATE start-stop[/step] lhs [ttl] [IN] type rhs` with `$` replaced by the counter;
/// at most 1000 records.
fn generate(tokens: &[String], origin: &str, ttl: Option<u64>, proxied: bool) -> Vec<Imported> {
    let range = tokens.get(1).cloned().unwrap_or_default();
    let (range, step) = match range.split_once('/') {
        Some((r, s)) => (r.to_owned(), s.parse::<u64>().unwrap_or(1).max(1)),
        None => (range, 1),
    };
    let (start, stop) = match range.split_once('-') {
        Some((a, b)) => (a.parse::<u64>().unwrap_or(1), b.parse::<u64>().unwrap_or(0)),
        None => (1, 0),
    };
    let mut out = Vec::new();
    let mut n = start;
    while n <= stop && out.len() < 1000 {
        let line: Vec<String> = tokens[2..]
            .iter()
            .map(|t| t.replace('$', &n.to_string()))
            .collect();
        if let Some((lhs, rest)) = line.split_first() {
            let owner = absolute(lhs, origin);
            let mut rest: &[String] = rest;
            let mut record_ttl = ttl;
            if let Some(t) = rest
                .first()
                .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
            {
                record_ttl = t.parse().ok();
                rest = &rest[1..];
            }
            if rest.first().is_some_and(|t| t.eq_ignore_ascii_case("IN")) {
                rest = &rest[1..];
            }
            if let Some((rtype, fields)) = rest.split_first() {
                let rtype = rtype.to_ascii_uppercase();
                let body = body_for(&rtype, &owner, fields, origin).map(|mut b| {
                    apply_meta(&mut b, &rtype, None, proxied);
                    b["ttl"] = json!(record_ttl.unwrap_or(1));
                    b
                });
                out.push(Imported { owner, body });
            }
        }
        n += step;
    }
    out
}
