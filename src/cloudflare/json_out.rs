//! API records written as JSON text by hand, byte for byte what `serde_json` writes for them
//! (`to_string` for compact text, `to_string_pretty` for an element of a pretty array), into a
//! buffer the caller reuses: `to-json` writes every record of a zone, and serde's generic
//! path (a map serializer for the flattened fields, a call per key and per value through the
//! formatter) cost more than reading the zone did.
//!
//! The layout rules are serde_json's: compact text has no blanks; pretty text puts each member
//! and element on its own line indented two spaces a level, writes `": "` after keys, and
//! writes an empty object or array as `{}` or `[]`. Strings are escaped as RFC 8259 requires
//! and exactly as serde_json escapes them: `"` and `\` with a backslash, the control
//! characters U+0000–U+001F as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00XX` (lower-case hex), and
//! everything else (DEL and non-ASCII included) as it is. Integers are written in decimal;
//! other floats go through serde_json's own float formatting. Members come in the order of
//! the model's `Serialize` implementations (declaration order, flattened fields in place,
//! absent options and empty lists left out); each struct is taken apart without `..`, so a
//! field added to the model does not compile until it is written here too.

use serde_json::{Map, Value};

mod direct;
pub use direct::RequestWriter;

use super::model::{
    CaaData, CertData, DnsRecord, DnskeyData, DsData, LatDirection, LocData, LongDirection,
    NaptrData, OtherRecord, RecordBody, RecordMeta, RecordSettings, ResponseFields, SrvData,
    SshfpData, SvcbData, TlsaData, UriData,
};

/// Appends `record` to `out`: compact (`indent` `None`), or pretty as an element of a pretty
/// array nested `indent` levels deep (1 for the records of a top-level array), without the
/// separator and indentation before it.
pub fn write_record(out: &mut Vec<u8>, record: &DnsRecord, indent: Option<usize>) {
    let mut json = Json {
        out,
        pretty: indent.is_some(),
        level: indent.unwrap_or(0),
        first: true,
    };
    json.record(record);
}

/// Appends `value` as serde_json writes it (see [`write_record`] for `indent`).
#[cfg(test)]
pub fn write_value(out: &mut Vec<u8>, value: &Value, indent: Option<usize>) {
    let mut json = Json {
        out,
        pretty: indent.is_some(),
        level: indent.unwrap_or(0),
        first: true,
    };
    json.value(value);
}

/// Appends `text` as a JSON string (quotes included), escaped as serde_json escapes it.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    // Whole runs of bytes that need no escape are copied at once; runs are found eight bytes
    // at a time.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = (i + 8).min(bytes.len());
        let eight = match bytes.get(i..end).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            Some(eight) => eight,
            None => {
                // The last few bytes, padded with a byte that needs no escape.
                let mut eight = [b'a'; 8];
                for (to, &from) in eight.iter_mut().zip(bytes.get(i..end).unwrap_or_default()) {
                    *to = from;
                }
                eight
            }
        };
        if !needs_escape(u64::from_le_bytes(eight)) {
            i = end;
            continue;
        }
        while i < end {
            let b = bytes.get(i).copied().unwrap_or(0);
            let escape = escape_of(b);
            if escape != 0 {
                out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
                start = i + 1;
                if escape == b'u' {
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
                    out.push(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0'));
                } else {
                    out.push(b'\\');
                    out.push(escape);
                }
            }
            i += 1;
        }
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

/// True when one of the eight bytes of `word` may need an escape: below 0x20, `"` or `\`.
/// (Never false when one does; a byte after one that does may be flagged too.)
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash != 0
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A comma, a line break and the indentation of the first levels, taken as one slice.
const SEPARATOR: &[u8; 18] = b",\n                ";

/// For each byte, 0 when it is written as it is, else the letter after the backslash (`u`
/// for `\u00XX`).
const fn escape_of(b: u8) -> u8 {
    match b {
        0x08 => b'b',
        0x09 => b't',
        0x0a => b'n',
        0x0c => b'f',
        0x0d => b'r',
        0x00..=0x1f => b'u',
        b'"' => b'"',
        b'\\' => b'\\',
        _ => 0,
    }
}

/// Appends `n` in decimal.
fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

fn write_i64(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    write_u64(out, n.unsigned_abs());
}

/// Appends `n` as serde_json writes an `f64` (its own shortest round-trip text; `null` for
/// NaN and the infinities).
fn write_f64(out: &mut Vec<u8>, n: f64) {
    // Writing to a `Vec` does not fail; should it, the number is still written as something.
    if serde_json::to_writer(&mut *out, &n).is_err() {
        out.extend_from_slice(b"null");
    }
}

/// The writer's place: the output, the layout, how deep it is and whether the current object
/// or array has had a member yet.
struct Json<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
    level: usize,
    first: bool,
}

impl Json<'_> {
    fn open(&mut self, c: u8) {
        self.out.push(c);
        self.level += 1;
        self.first = true;
    }

    fn close(&mut self, c: u8) {
        self.level = self.level.saturating_sub(1);
        if self.pretty && !self.first {
            self.out.push(b'\n');
            self.indent();
        }
        self.out.push(c);
        self.first = false;
    }

    fn indent(&mut self) {
        for _ in 0..self.level {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Before a member or element: the separator and, when pretty, the line break and indent.
    #[inline(always)]
    fn item(&mut self) {
        let comma = usize::from(!self.first);
        self.first = false;
        if !self.pretty {
            if comma == 1 {
                self.out.push(b',');
            }
            return;
        }
        // `,\n` and the indentation in one piece while it fits.
        match SEPARATOR.get(1 - comma..2 + 2 * self.level) {
            Some(piece) => self.out.extend_from_slice(piece),
            None => {
                if comma == 1 {
                    self.out.push(b',');
                }
                self.out.push(b'\n');
                self.indent();
            }
        }
    }

    /// A key of the model (plain ASCII, nothing to escape) and the colon after it.
    #[inline(always)]
    fn key(&mut self, key: &str) {
        self.item();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        if self.pretty {
            self.out.extend_from_slice(b"\": ");
        } else {
            self.out.extend_from_slice(b"\":");
        }
    }

    /// A key of a map read from JSON (any text) and the colon after it.
    fn any_key(&mut self, key: &str) {
        self.item();
        write_str(self.out, key);
        self.out
            .extend_from_slice(if self.pretty { b": " } else { b":" });
    }

    #[inline(always)]
    fn str_member(&mut self, key: &str, value: &str) {
        self.key(key);
        write_str(self.out, value);
    }

    #[inline(always)]
    fn u64_member(&mut self, key: &str, value: u64) {
        self.key(key);
        write_u64(self.out, value);
    }

    #[inline(always)]
    fn bool_member(&mut self, key: &str, value: bool) {
        self.key(key);
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    #[inline(always)]
    fn opt_str(&mut self, key: &str, value: Option<&String>) {
        if let Some(value) = value {
            self.str_member(key, value);
        }
    }

    #[inline(always)]
    fn opt_bool(&mut self, key: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.bool_member(key, value);
        }
    }

    /// A float as the model writes it: whole values below 9e15 as integers, as the API does.
    fn loc_f64_member(&mut self, key: &str, n: f64) {
        self.key(key);
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            write_i64(self.out, n as i64);
        } else {
            write_f64(self.out, n);
        }
    }

    fn strings(&mut self, items: &[String]) {
        self.open(b'[');
        for item in items {
            self.item();
            write_str(self.out, item);
        }
        self.close(b']');
    }

    /// The members of `map`, in its order, inside the object being written.
    fn members(&mut self, map: &Map<String, Value>) {
        for (key, value) in map {
            self.any_key(key);
            self.value(value);
        }
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.out.extend_from_slice(b"null"),
            Value::Bool(b) => self
                .out
                .extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    write_u64(self.out, u);
                } else if let Some(i) = n.as_i64() {
                    write_i64(self.out, i);
                } else if let Some(f) = n.as_f64() {
                    write_f64(self.out, f);
                } else if serde_json::to_writer(&mut *self.out, n).is_err() {
                    self.out.extend_from_slice(b"null");
                }
            }
            Value::String(s) => write_str(self.out, s),
            Value::Array(items) => {
                self.open(b'[');
                for item in items {
                    self.item();
                    self.value(item);
                }
                self.close(b']');
            }
            Value::Object(map) => {
                self.open(b'{');
                self.members(map);
                self.close(b'}');
            }
        }
    }

    fn record(&mut self, record: &DnsRecord) {
        let DnsRecord {
            id,
            name,
            body,
            priority,
            ttl,
            proxied,
            comment,
            tags,
            settings,
            private_routing,
            response,
            extra,
        } = record;
        self.open(b'{');
        self.opt_str("id", id.as_ref());
        self.str_member("name", name);
        self.body(body);
        if let Some(priority) = priority {
            self.u64_member("priority", u64::from(*priority));
        }
        self.u64_member("ttl", u64::from(*ttl));
        self.opt_bool("proxied", *proxied);
        self.opt_str("comment", comment.as_ref());
        if !tags.is_empty() {
            self.key("tags");
            self.strings(tags);
        }
        if !settings.is_empty() {
            self.key("settings");
            self.settings(settings);
        }
        self.opt_bool("private_routing", *private_routing);
        self.response(response);
        self.members(extra);
        self.close(b'}');
    }

    fn settings(&mut self, settings: &RecordSettings) {
        let RecordSettings {
            ipv4_only,
            ipv6_only,
            flatten_cname,
            other,
        } = settings;
        self.open(b'{');
        self.opt_bool("ipv4_only", *ipv4_only);
        self.opt_bool("ipv6_only", *ipv6_only);
        self.opt_bool("flatten_cname", *flatten_cname);
        self.members(other);
        self.close(b'}');
    }

    fn response(&mut self, response: &ResponseFields) {
        let ResponseFields {
            proxiable,
            created_on,
            modified_on,
            comment_modified_on,
            tags_modified_on,
            meta,
            zone_id,
            zone_name,
            locked,
        } = response;
        self.opt_bool("proxiable", *proxiable);
        self.opt_str("created_on", created_on.as_ref());
        self.opt_str("modified_on", modified_on.as_ref());
        self.opt_str("comment_modified_on", comment_modified_on.as_ref());
        self.opt_str("tags_modified_on", tags_modified_on.as_ref());
        if let Some(meta) = meta {
            self.key("meta");
            self.meta(meta);
        }
        self.opt_str("zone_id", zone_id.as_ref());
        self.opt_str("zone_name", zone_name.as_ref());
        self.opt_bool("locked", *locked);
    }

    fn meta(&mut self, meta: &RecordMeta) {
        let RecordMeta {
            auto_added,
            source,
            managed_by_apps,
            managed_by_argo_tunnel,
            read_only,
            shadowed_by,
            is_glue,
            dead_glue,
            shadowed_records_count,
            other,
        } = meta;
        self.open(b'{');
        self.opt_bool("auto_added", *auto_added);
        self.opt_str("source", source.as_ref());
        self.opt_bool("managed_by_apps", *managed_by_apps);
        self.opt_bool("managed_by_argo_tunnel", *managed_by_argo_tunnel);
        self.opt_bool("read_only", *read_only);
        if let Some(ids) = shadowed_by {
            self.key("shadowed_by");
            self.strings(ids);
        }
        self.opt_bool("is_glue", *is_glue);
        self.opt_bool("dead_glue", *dead_glue);
        if let Some(count) = shadowed_records_count {
            self.u64_member("shadowed_records_count", *count);
        }
        self.members(other);
        self.close(b'}');
    }

    /// `type`, then `content` (the content types) or `data` and `content` (the data types).
    fn body(&mut self, body: &RecordBody) {
        self.str_member("type", body.type_name());
        match body {
            RecordBody::A(r) => self.str_member("content", &r.content),
            RecordBody::Aaaa(r) => self.str_member("content", &r.content),
            RecordBody::Cname(r) => self.str_member("content", &r.content),
            RecordBody::Mx(r) => self.str_member("content", &r.content),
            RecordBody::Ns(r) => self.str_member("content", &r.content),
            RecordBody::Openpgpkey(r) => self.str_member("content", &r.content),
            RecordBody::Ptr(r) => self.str_member("content", &r.content),
            RecordBody::Txt(r) => self.str_member("content", &r.content),
            RecordBody::Caa(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::caa),
            RecordBody::Cert(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::cert),
            RecordBody::Dnskey(r) => {
                self.data(r.data.as_ref(), r.content.as_ref(), Self::dnskey);
            }
            RecordBody::Ds(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::ds),
            RecordBody::Https(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::svcb),
            RecordBody::Loc(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::loc),
            RecordBody::Naptr(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::naptr),
            RecordBody::Smimea(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::tlsa),
            RecordBody::Srv(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::srv),
            RecordBody::Sshfp(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::sshfp),
            RecordBody::Svcb(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::svcb),
            RecordBody::Tlsa(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::tlsa),
            RecordBody::Uri(r) => self.data(r.data.as_ref(), r.content.as_ref(), Self::uri),
            RecordBody::Other(OtherRecord {
                type_name: _,
                content,
                data,
            }) => {
                if let Some(content) = content {
                    self.key("content");
                    self.value(content);
                }
                if let Some(data) = data {
                    self.key("data");
                    self.value(data);
                }
            }
        }
    }

    /// The `data` object (its members written by `fields`), then the `content` echo.
    fn data<T>(&mut self, data: Option<&T>, content: Option<&String>, fields: fn(&mut Self, &T)) {
        if let Some(data) = data {
            self.key("data");
            self.open(b'{');
            fields(self, data);
            self.close(b'}');
        }
        self.opt_str("content", content);
    }

    fn caa(&mut self, d: &CaaData) {
        let CaaData { flags, tag, value } = d;
        self.u64_member("flags", u64::from(*flags));
        self.str_member("tag", tag);
        self.str_member("value", value);
    }

    fn cert(&mut self, d: &CertData) {
        let CertData {
            cert_type,
            key_tag,
            algorithm,
            certificate,
        } = d;
        self.u64_member("type", u64::from(*cert_type));
        self.u64_member("key_tag", u64::from(*key_tag));
        self.u64_member("algorithm", u64::from(*algorithm));
        self.str_member("certificate", certificate);
    }

    fn dnskey(&mut self, d: &DnskeyData) {
        let DnskeyData {
            flags,
            protocol,
            algorithm,
            public_key,
        } = d;
        self.u64_member("flags", u64::from(*flags));
        self.u64_member("protocol", u64::from(*protocol));
        self.u64_member("algorithm", u64::from(*algorithm));
        self.str_member("public_key", public_key);
    }

    fn ds(&mut self, d: &DsData) {
        let DsData {
            key_tag,
            algorithm,
            digest_type,
            digest,
        } = d;
        self.u64_member("key_tag", u64::from(*key_tag));
        self.u64_member("algorithm", u64::from(*algorithm));
        self.u64_member("digest_type", u64::from(*digest_type));
        self.str_member("digest", digest);
    }

    fn svcb(&mut self, d: &SvcbData) {
        let SvcbData {
            priority,
            target,
            value,
        } = d;
        self.u64_member("priority", u64::from(*priority));
        self.str_member("target", target);
        self.str_member("value", value);
    }

    fn loc(&mut self, d: &LocData) {
        let LocData {
            lat_degrees,
            lat_minutes,
            lat_seconds,
            lat_direction,
            long_degrees,
            long_minutes,
            long_seconds,
            long_direction,
            altitude,
            size,
            precision_horz,
            precision_vert,
        } = d;
        self.u64_member("lat_degrees", u64::from(*lat_degrees));
        self.u64_member("lat_minutes", u64::from(*lat_minutes));
        self.loc_f64_member("lat_seconds", *lat_seconds);
        self.str_member(
            "lat_direction",
            match lat_direction {
                LatDirection::N => "N",
                LatDirection::S => "S",
            },
        );
        self.u64_member("long_degrees", u64::from(*long_degrees));
        self.u64_member("long_minutes", u64::from(*long_minutes));
        self.loc_f64_member("long_seconds", *long_seconds);
        self.str_member(
            "long_direction",
            match long_direction {
                LongDirection::E => "E",
                LongDirection::W => "W",
            },
        );
        self.loc_f64_member("altitude", *altitude);
        self.loc_f64_member("size", *size);
        self.loc_f64_member("precision_horz", *precision_horz);
        self.loc_f64_member("precision_vert", *precision_vert);
    }

    fn naptr(&mut self, d: &NaptrData) {
        let NaptrData {
            order,
            preference,
            flags,
            service,
            regex,
            replacement,
        } = d;
        self.u64_member("order", u64::from(*order));
        self.u64_member("preference", u64::from(*preference));
        self.str_member("flags", flags);
        self.str_member("service", service);
        self.str_member("regex", regex);
        self.str_member("replacement", replacement);
    }

    fn tlsa(&mut self, d: &TlsaData) {
        let TlsaData {
            usage,
            selector,
            matching_type,
            certificate,
        } = d;
        self.u64_member("usage", u64::from(*usage));
        self.u64_member("selector", u64::from(*selector));
        self.u64_member("matching_type", u64::from(*matching_type));
        self.str_member("certificate", certificate);
    }

    fn srv(&mut self, d: &SrvData) {
        let SrvData {
            priority,
            weight,
            port,
            target,
            service,
            proto,
            name,
        } = d;
        self.u64_member("priority", u64::from(*priority));
        self.u64_member("weight", u64::from(*weight));
        self.u64_member("port", u64::from(*port));
        self.str_member("target", target);
        self.opt_str("service", service.as_ref());
        self.opt_str("proto", proto.as_ref());
        self.opt_str("name", name.as_ref());
    }

    fn sshfp(&mut self, d: &SshfpData) {
        let SshfpData {
            algorithm,
            fp_type,
            fingerprint,
        } = d;
        self.u64_member("algorithm", u64::from(*algorithm));
        self.u64_member("type", u64::from(*fp_type));
        self.str_member("fingerprint", fingerprint);
    }

    fn uri(&mut self, d: &UriData) {
        let UriData { target, weight } = d;
        self.str_member("target", target);
        self.u64_member("weight", u64::from(*weight));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudflare::model::*;
    use proptest::prelude::*;

    /// What serde_json writes: compact, and pretty as an element of a pretty array (the array
    /// written by serde, cut down to its one element).
    fn by_serde(record: &DnsRecord) -> (String, String) {
        let compact = serde_json::to_string(record).unwrap();
        let array = serde_json::to_string_pretty(&[record]).unwrap();
        let element = array
            .strip_prefix("[\n  ")
            .and_then(|s| s.strip_suffix("\n]"))
            .unwrap()
            .to_string();
        (compact, element)
    }

    fn by_hand(record: &DnsRecord) -> (String, String) {
        let mut compact = Vec::new();
        write_record(&mut compact, record, None);
        let mut pretty = Vec::new();
        write_record(&mut pretty, record, Some(1));
        (
            String::from_utf8(compact).unwrap(),
            String::from_utf8(pretty).unwrap(),
        )
    }

    /// Text with every kind of character serde_json treats apart: controls, quotes,
    /// backslashes, DEL, non-ASCII and astral characters.
    fn text() -> impl Strategy<Value = String> {
        text_of(0..24)
    }

    fn text_of(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                1 => (0u8..0x20).prop_map(char::from),
                1 => proptest::sample::select(vec!['"', '\\', '/', '\u{7f}', 'é', '\u{2028}', '😀']),
                8 => (0x20u8..0x7f).prop_map(char::from),
                1 => any::<char>(),
            ],
            len,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    fn number() -> impl Strategy<Value = serde_json::Number> {
        prop_oneof![
            any::<u64>().prop_map(serde_json::Number::from),
            any::<i64>().prop_map(serde_json::Number::from),
            any::<f64>().prop_filter_map("finite", serde_json::Number::from_f64),
            (-1000i32..1000, 0u32..4).prop_filter_map("finite", |(m, e)| {
                serde_json::Number::from_f64(f64::from(m) / 10f64.powi(e as i32))
            }),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            number().prop_map(Value::Number),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::vec((text(), inner), 0..4)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    fn map() -> impl Strategy<Value = Map<String, Value>> {
        proptest::collection::vec((text(), value()), 0..3)
            .prop_map(|members| members.into_iter().collect())
    }

    fn opt_text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(text())
    }

    fn float() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>(),
            (-100_000i64..100_000).prop_map(|n| n as f64),
            (-10_000_000i64..10_000_000, 0u32..4)
                .prop_map(|(n, e)| n as f64 / 10f64.powi(e as i32)),
            Just(-0.0),
            Just(9.0e15),
            Just(f64::NAN),
        ]
    }

    fn content_or_data<T: std::fmt::Debug + Clone>(
        data: impl Strategy<Value = T>,
    ) -> impl Strategy<Value = (Option<T>, Option<String>)> {
        (proptest::option::of(data), opt_text())
    }

    fn body() -> impl Strategy<Value = RecordBody> {
        let content = prop_oneof![
            text().prop_map(|content| RecordBody::A(ARecord { content })),
            text().prop_map(|content| RecordBody::Aaaa(AaaaRecord { content })),
            text().prop_map(|content| RecordBody::Cname(CnameRecord { content })),
            text().prop_map(|content| RecordBody::Mx(MxRecord { content })),
            text().prop_map(|content| RecordBody::Ns(NsRecord { content })),
            text().prop_map(|content| RecordBody::Openpgpkey(OpenpgpkeyRecord { content })),
            text().prop_map(|content| RecordBody::Ptr(PtrRecord { content })),
            text().prop_map(|content| RecordBody::Txt(TxtRecord { content })),
            (
                text(),
                proptest::option::of(value()),
                proptest::option::of(value())
            )
                .prop_map(|(type_name, content, data)| RecordBody::Other(
                    OtherRecord {
                        type_name,
                        content,
                        data
                    }
                )),
        ];
        let caa = (any::<u8>(), text(), text()).prop_map(|(flags, tag, value)| CaaData {
            flags,
            tag,
            value,
        });
        let cert = (any::<u16>(), any::<u16>(), any::<u8>(), text()).prop_map(
            |(cert_type, key_tag, algorithm, certificate)| CertData {
                cert_type,
                key_tag,
                algorithm,
                certificate,
            },
        );
        let dnskey = (any::<u16>(), any::<u8>(), any::<u8>(), text()).prop_map(
            |(flags, protocol, algorithm, public_key)| DnskeyData {
                flags,
                protocol,
                algorithm,
                public_key,
            },
        );
        let ds = (any::<u16>(), any::<u8>(), any::<u8>(), text()).prop_map(
            |(key_tag, algorithm, digest_type, digest)| DsData {
                key_tag,
                algorithm,
                digest_type,
                digest,
            },
        );
        let svcb = || {
            (any::<u16>(), text(), text()).prop_map(|(priority, target, value)| SvcbData {
                priority,
                target,
                value,
            })
        };
        let loc = (
            (any::<u8>(), any::<u8>(), float(), any::<bool>()),
            (any::<u8>(), any::<u8>(), float(), any::<bool>()),
            (float(), float(), float(), float()),
        )
            .prop_map(|(lat, long, sizes)| LocData {
                lat_degrees: lat.0,
                lat_minutes: lat.1,
                lat_seconds: lat.2,
                lat_direction: if lat.3 {
                    LatDirection::S
                } else {
                    LatDirection::N
                },
                long_degrees: long.0,
                long_minutes: long.1,
                long_seconds: long.2,
                long_direction: if long.3 {
                    LongDirection::W
                } else {
                    LongDirection::E
                },
                altitude: sizes.0,
                size: sizes.1,
                precision_horz: sizes.2,
                precision_vert: sizes.3,
            });
        let naptr = (any::<u16>(), any::<u16>(), text(), text(), text(), text()).prop_map(
            |(order, preference, flags, service, regex, replacement)| NaptrData {
                order,
                preference,
                flags,
                service,
                regex,
                replacement,
            },
        );
        let tlsa = || {
            (any::<u8>(), any::<u8>(), any::<u8>(), text()).prop_map(
                |(usage, selector, matching_type, certificate)| TlsaData {
                    usage,
                    selector,
                    matching_type,
                    certificate,
                },
            )
        };
        let srv = (
            (any::<u16>(), any::<u16>(), any::<u16>(), text()),
            (opt_text(), opt_text(), opt_text()),
        )
            .prop_map(
                |((priority, weight, port, target), (service, proto, name))| SrvData {
                    priority,
                    weight,
                    port,
                    target,
                    service,
                    proto,
                    name,
                },
            );
        let sshfp =
            (any::<u8>(), any::<u8>(), text()).prop_map(|(algorithm, fp_type, fingerprint)| {
                SshfpData {
                    algorithm,
                    fp_type,
                    fingerprint,
                }
            });
        let uri = (text(), any::<u16>()).prop_map(|(target, weight)| UriData { target, weight });
        let data = prop_oneof![
            content_or_data(caa)
                .prop_map(|(data, content)| RecordBody::Caa(CaaRecord { data, content })),
            content_or_data(cert)
                .prop_map(|(data, content)| RecordBody::Cert(CertRecord { data, content })),
            content_or_data(dnskey)
                .prop_map(|(data, content)| RecordBody::Dnskey(DnskeyRecord { data, content })),
            content_or_data(ds)
                .prop_map(|(data, content)| RecordBody::Ds(DsRecord { data, content })),
            content_or_data(svcb())
                .prop_map(|(data, content)| RecordBody::Https(HttpsRecord { data, content })),
            content_or_data(loc)
                .prop_map(|(data, content)| RecordBody::Loc(LocRecord { data, content })),
            content_or_data(naptr)
                .prop_map(|(data, content)| RecordBody::Naptr(NaptrRecord { data, content })),
            content_or_data(tlsa())
                .prop_map(|(data, content)| RecordBody::Smimea(SmimeaRecord { data, content })),
            content_or_data(srv)
                .prop_map(|(data, content)| RecordBody::Srv(SrvRecord { data, content })),
            content_or_data(sshfp)
                .prop_map(|(data, content)| RecordBody::Sshfp(SshfpRecord { data, content })),
            content_or_data(svcb())
                .prop_map(|(data, content)| RecordBody::Svcb(SvcbRecord { data, content })),
            content_or_data(tlsa())
                .prop_map(|(data, content)| RecordBody::Tlsa(TlsaRecord { data, content })),
            content_or_data(uri)
                .prop_map(|(data, content)| RecordBody::Uri(UriRecord { data, content })),
        ];
        prop_oneof![content, data]
    }

    fn opt_bool() -> impl Strategy<Value = Option<bool>> {
        proptest::option::of(any::<bool>())
    }

    fn meta() -> impl Strategy<Value = RecordMeta> {
        (
            (opt_bool(), opt_text(), opt_bool(), opt_bool(), opt_bool()),
            (
                proptest::option::of(proptest::collection::vec(text(), 0..3)),
                opt_bool(),
                opt_bool(),
                proptest::option::of(any::<u64>()),
                map(),
            ),
        )
            .prop_map(
                |(
                    (auto_added, source, managed_by_apps, managed_by_argo_tunnel, read_only),
                    (shadowed_by, is_glue, dead_glue, shadowed_records_count, other),
                )| RecordMeta {
                    auto_added,
                    source,
                    managed_by_apps,
                    managed_by_argo_tunnel,
                    read_only,
                    shadowed_by,
                    is_glue,
                    dead_glue,
                    shadowed_records_count,
                    other,
                },
            )
    }

    fn response() -> impl Strategy<Value = ResponseFields> {
        (
            (opt_bool(), opt_text(), opt_text(), opt_text(), opt_text()),
            (
                proptest::option::of(meta()),
                opt_text(),
                opt_text(),
                opt_bool(),
            ),
        )
            .prop_map(
                |(
                    (proxiable, created_on, modified_on, comment_modified_on, tags_modified_on),
                    (meta, zone_id, zone_name, locked),
                )| ResponseFields {
                    proxiable,
                    created_on,
                    modified_on,
                    comment_modified_on,
                    tags_modified_on,
                    meta,
                    zone_id,
                    zone_name,
                    locked,
                },
            )
    }

    fn record() -> impl Strategy<Value = DnsRecord> {
        (
            (
                opt_text(),
                text(),
                body(),
                proptest::option::of(any::<u16>()),
                any::<u32>(),
            ),
            (
                opt_bool(),
                opt_text(),
                proptest::collection::vec(text(), 0..3),
            ),
            (opt_bool(), opt_bool(), opt_bool(), map()),
            (
                opt_bool(),
                prop_oneof![Just(ResponseFields::default()), response()],
                map(),
            ),
        )
            .prop_map(
                |(
                    (id, name, body, priority, ttl),
                    (proxied, comment, tags),
                    (ipv4_only, ipv6_only, flatten_cname, other),
                    (private_routing, response, extra),
                )| DnsRecord {
                    id,
                    name,
                    body,
                    priority,
                    ttl,
                    proxied,
                    comment,
                    tags,
                    settings: RecordSettings {
                        ipv4_only,
                        ipv6_only,
                        flatten_cname,
                        other,
                    },
                    private_routing,
                    response,
                    extra,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn records_are_written_as_serde_writes_them(record in record()) {
            prop_assert_eq!(by_hand(&record), by_serde(&record));
        }

        #[test]
        fn values_and_strings_are_written_as_serde_writes_them(value in value(), s in text_of(0..200)) {
            let mut compact = Vec::new();
            write_value(&mut compact, &value, None);
            prop_assert_eq!(String::from_utf8(compact).unwrap(), serde_json::to_string(&value).unwrap());
            let mut pretty = Vec::new();
            write_value(&mut pretty, &value, Some(0));
            prop_assert_eq!(String::from_utf8(pretty).unwrap(), serde_json::to_string_pretty(&value).unwrap());
            let mut string = Vec::new();
            write_str(&mut string, &s);
            prop_assert_eq!(String::from_utf8(string).unwrap(), serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn every_escape_and_number_edge() {
        let all: String = (0u8..0x80)
            .map(char::from)
            .chain(['é', '\u{2028}', '😀'])
            .collect();
        let mut out = Vec::new();
        write_str(&mut out, &all);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&all).unwrap()
        );
        for n in [0, 1, 9, 10, 99, 100, u64::MAX, u64::from(u32::MAX)] {
            let mut out = Vec::new();
            write_u64(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
        for n in [i64::MIN, -1, 0, i64::MAX] {
            let mut out = Vec::new();
            write_i64(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }

    #[test]
    fn the_word_scan_flags_exactly_the_bytes_to_escape() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = b;
                assert_eq!(
                    needs_escape(u64::from_le_bytes(word)),
                    escape_of(b) != 0,
                    "{b:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn empty_containers_and_nesting() {
        let mut record = DnsRecord::new(
            "a\u{1}\"b",
            RecordBody::Other(OtherRecord {
                type_name: "X".into(),
                content: Some(
                    serde_json::json!({"a": [], "b": {}, "c": [[{}], {"d": [1, -2, 2.5]}]}),
                ),
                data: Some(serde_json::json!([])),
            }),
            1,
        );
        record.tags = vec![];
        record.response.meta = Some(RecordMeta {
            shadowed_by: Some(vec![]),
            ..RecordMeta::default()
        });
        record
            .settings
            .other
            .insert("k".into(), serde_json::json!({}));
        // Deeper than the separator slice reaches.
        record.extra.insert(
            "deep".into(),
            serde_json::json!([[[[[[[[[[{"a": [1, {"b": {}}]}]]]]]]]]]]),
        );
        assert_eq!(by_hand(&record), by_serde(&record));
    }
}
