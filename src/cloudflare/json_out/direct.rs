//! A zone record's request JSON written straight from the zone record, for `to-json`: the
//! same bytes as converting it to the model ([`to_api::request`]) and writing that
//! ([`super::write_record`]), without building a [`DnsRecord`](crate::cloudflare::model::DnsRecord)
//! (a `String` per name and value, a ~550-byte record moved through `Result`s and dropped) for
//! each record of a zone.
//!
//! Names of printable ASCII labels, A, AAAA, NS, CNAME, PTR, MX, DS and TXT are written from
//! the zone record's own fields, an owner once per run of records that share it; the other
//! API types build only their [`RecordBody`](crate::cloudflare::model::RecordBody) through
//! [`to_api::body_of`] and write it as [`super::write_record`] does. Whatever needs more (a
//! class other than IN, a name that needs Punycode or that the API refuses, a type the API does
//! not take) is left to the model path, which converts it or explains why not: the writer
//! says so and leaves the output as it was. Tests compare both paths byte for byte
//! (tests/cloudflare_props.rs and the tests below).

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{write_str, write_u64, Json};
use crate::cloudflare::attrs::RecordAttributes;
use crate::cloudflare::convert::to_api::{self, ApiBody};
use crate::cloudflare::txt;
use crate::name::Name;
use crate::record::Record;
use crate::rr::{Class, RecordData};

/// Writes the members of a record object with separators and keys as constant text: compact,
/// or pretty as an element of a top-level array (members at level 2, `data` members at 3).
struct Layout<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
}

impl Layout<'_> {
    #[inline(always)]
    fn raw(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
    }

    /// The general writer, placed after the record's first member.
    fn json(&mut self) -> Json<'_> {
        Json {
            out: self.out,
            pretty: self.pretty,
            level: 2,
            first: false,
        }
    }
}

/// The separator and key of a record member, and optionally constant text after it.
macro_rules! member {
    ($w:ident, $key:literal) => {
        member!($w, $key, "")
    };
    ($w:ident, $key:literal, $after:literal) => {
        $w.raw(if $w.pretty {
            concat!(",\n    \"", $key, "\": ", $after)
        } else {
            concat!(",\"", $key, "\":", $after)
        })
    };
}

/// `"data"` and the object's first key.
macro_rules! data {
    ($w:ident, $key:literal) => {
        $w.raw(if $w.pretty {
            concat!(",\n    \"data\": {\n      \"", $key, "\": ")
        } else {
            concat!(",\"data\":{\"", $key, "\":")
        })
    };
}

/// The separator and key of a later member of `data`, and optionally constant text after it.
macro_rules! field {
    ($w:ident, $key:literal) => {
        field!($w, $key, "")
    };
    ($w:ident, $key:literal, $after:literal) => {
        $w.raw(if $w.pretty {
            concat!(",\n      \"", $key, "\": ", $after)
        } else {
            concat!(",\"", $key, "\":", $after)
        })
    };
}

/// Writes request JSON for zone records; keeps the last owner's JSON text and a scratch
/// string from record to record.
#[derive(Debug, Default)]
pub struct RequestWriter {
    /// The wire form of the owner `owner_json` was written for (empty: none yet).
    owner_wire: Vec<u8>,
    /// That owner as a JSON string, quotes included.
    owner_json: Vec<u8>,
    /// TXT content before it is escaped.
    scratch: String,
    /// The last TTL written and its digits (TTLs repeat from record to record).
    ttl: Option<(u32, Vec<u8>)>,
}

impl RequestWriter {
    /// Appends the request JSON of `record` with `attrs` to `out`, compact (`indent` `None`) or
    /// pretty as [`super::write_record`] takes `indent`, and returns true; or returns false
    /// with `out` unchanged when the record is left to the model path (see the module
    /// documentation). Whether a record is Cloudflare's own apex NS is for the caller to
    /// check first.
    pub fn write(
        &mut self,
        out: &mut Vec<u8>,
        record: &Record,
        attrs: &RecordAttributes,
        indent: Option<usize>,
    ) -> bool {
        let pretty = match indent {
            None => false,
            Some(1) => true,
            // Deeper nesting is left to the general writer.
            Some(_) => return false,
        };
        let start = out.len();
        let written = record.class == Class::IN
            && self.owner(&record.owner)
            && self.record(out, record, attrs, pretty);
        if !written {
            out.truncate(start);
        }
        written
    }

    /// Makes `owner_json` the JSON text of `owner`; false when it has no direct form.
    fn owner(&mut self, owner: &Name) -> bool {
        if owner.as_wire() == self.owner_wire.as_slice() {
            return true;
        }
        self.owner_wire.clear();
        self.owner_json.clear();
        if !write_name(&mut self.owner_json, owner, false) {
            return false;
        }
        self.owner_wire.extend_from_slice(owner.as_wire());
        true
    }

    fn record(
        &mut self,
        out: &mut Vec<u8>,
        record: &Record,
        attrs: &RecordAttributes,
        pretty: bool,
    ) -> bool {
        let mut w = Layout { out, pretty };
        w.raw(if pretty {
            "{\n    \"name\": "
        } else {
            "{\"name\":"
        });
        w.out.extend_from_slice(&self.owner_json);
        let priority = match &record.data {
            RecordData::A(d) => {
                member!(w, "type", "\"A\"");
                member!(w, "content", "\"");
                write_ipv4(w.out, d.address);
                w.out.push(b'"');
                None
            }
            RecordData::Aaaa(d) => {
                member!(w, "type", "\"AAAA\"");
                member!(w, "content", "\"");
                write_ipv6(w.out, d.address);
                w.out.push(b'"');
                None
            }
            RecordData::Ns(d) => {
                member!(w, "type", "\"NS\"");
                member!(w, "content");
                if !write_name(w.out, &d.target, false) {
                    return false;
                }
                None
            }
            RecordData::Cname(d) => {
                member!(w, "type", "\"CNAME\"");
                member!(w, "content");
                if !write_name(w.out, &d.target, false) {
                    return false;
                }
                None
            }
            RecordData::Ptr(d) => {
                member!(w, "type", "\"PTR\"");
                member!(w, "content");
                if !write_name(w.out, &d.target, false) {
                    return false;
                }
                None
            }
            RecordData::Mx(d) => {
                member!(w, "type", "\"MX\"");
                member!(w, "content");
                if !write_name(w.out, &d.exchange, false) {
                    return false;
                }
                Some(d.preference)
            }
            RecordData::Txt(d) => {
                member!(w, "type", "\"TXT\"");
                member!(w, "content");
                if !write_txt(w.out, &d.strings) {
                    self.scratch.clear();
                    txt::push_content(&mut self.scratch, &d.strings);
                    write_str(w.out, &self.scratch);
                }
                None
            }
            RecordData::Ds(d) => {
                member!(w, "type", "\"DS\"");
                data!(w, "key_tag");
                write_u64(w.out, u64::from(d.key_tag));
                field!(w, "algorithm");
                write_u64(w.out, u64::from(d.algorithm));
                field!(w, "digest_type");
                write_u64(w.out, u64::from(d.digest_type));
                field!(w, "digest", "\"");
                write_hex(w.out, &d.digest, HEX_UPPER);
                w.out.push(b'"');
                w.raw(if pretty { "\n    }" } else { "}" });
                None
            }
            RecordData::Sshfp(d) => {
                member!(w, "type", "\"SSHFP\"");
                data!(w, "algorithm");
                write_u64(w.out, u64::from(d.algorithm));
                field!(w, "type");
                write_u64(w.out, u64::from(d.fp_type));
                field!(w, "fingerprint", "\"");
                write_hex(w.out, &d.fingerprint, HEX_LOWER);
                w.out.push(b'"');
                w.raw(if pretty { "\n    }" } else { "}" });
                None
            }
            RecordData::Tlsa(d) | RecordData::Smimea(d) => {
                if matches!(record.data, RecordData::Tlsa(_)) {
                    member!(w, "type", "\"TLSA\"");
                } else {
                    member!(w, "type", "\"SMIMEA\"");
                }
                data!(w, "usage");
                write_u64(w.out, u64::from(d.usage));
                field!(w, "selector");
                write_u64(w.out, u64::from(d.selector));
                field!(w, "matching_type");
                write_u64(w.out, u64::from(d.matching_type));
                field!(w, "certificate", "\"");
                write_hex(w.out, &d.data, HEX_LOWER);
                w.out.push(b'"');
                w.raw(if pretty { "\n    }" } else { "}" });
                None
            }
            RecordData::Srv(d) => {
                member!(w, "type", "\"SRV\"");
                data!(w, "priority");
                write_u64(w.out, u64::from(d.priority));
                field!(w, "weight");
                write_u64(w.out, u64::from(d.weight));
                field!(w, "port");
                write_u64(w.out, u64::from(d.port));
                field!(w, "target");
                if !write_name(w.out, &d.target, false) {
                    return false;
                }
                w.raw(if pretty { "\n    }" } else { "}" });
                None
            }
            RecordData::Caa(d) => {
                let (Ok(tag), Ok(value)) =
                    (std::str::from_utf8(&d.tag), std::str::from_utf8(&d.value))
                else {
                    return false;
                };
                member!(w, "type", "\"CAA\"");
                data!(w, "flags");
                write_u64(w.out, u64::from(d.flags));
                field!(w, "tag");
                write_str(w.out, tag);
                field!(w, "value");
                write_str(w.out, value);
                w.raw(if pretty { "\n    }" } else { "}" });
                None
            }
            RecordData::Naptr(d) => {
                let (Ok(flags), Ok(service), Ok(regex)) = (
                    std::str::from_utf8(&d.flags),
                    std::str::from_utf8(&d.services),
                    std::str::from_utf8(&d.regexp),
                ) else {
                    return false;
                };
                member!(w, "type", "\"NAPTR\"");
                data!(w, "order");
                write_u64(w.out, u64::from(d.order));
                field!(w, "preference");
                write_u64(w.out, u64::from(d.preference));
                field!(w, "flags");
                write_str(w.out, flags);
                field!(w, "service");
                write_str(w.out, service);
                field!(w, "regex");
                write_str(w.out, regex);
                field!(w, "replacement");
                if !write_name(w.out, &d.replacement, true) {
                    return false;
                }
                w.raw(if pretty { "\n    }" } else { "}" });
                None
            }
            RecordData::Https(d) | RecordData::Svcb(d) => {
                if matches!(record.data, RecordData::Https(_)) {
                    member!(w, "type", "\"HTTPS\"");
                } else {
                    member!(w, "type", "\"SVCB\"");
                }
                data!(w, "priority");
                write_u64(w.out, u64::from(d.priority));
                field!(w, "target");
                if !write_name(w.out, &d.target, true) {
                    return false;
                }
                field!(w, "value");
                write_str(w.out, &d.params_text());
                w.raw(if pretty { "\n    }" } else { "}" });
                None
            }
            data => match to_api::body_of(data, false) {
                Ok(ApiBody { body, priority }) => {
                    w.json().body(&body);
                    priority
                }
                Err(_) => return false,
            },
        };
        if let Some(priority) = priority {
            member!(w, "priority");
            write_u64(w.out, u64::from(priority));
        }
        member!(w, "ttl");
        match &mut self.ttl {
            Some((ttl, text)) if *ttl == record.ttl => w.out.extend_from_slice(text),
            cache => {
                let mut text = Vec::new();
                write_u64(&mut text, u64::from(record.ttl));
                w.out.extend_from_slice(&text);
                *cache = Some((record.ttl, text));
            }
        }
        let RecordAttributes {
            proxied,
            comment,
            tags,
            flatten_cname,
            ipv4_only,
            ipv6_only,
            private_routing,
        } = attrs;
        if proxied.is_some()
            || comment.is_some()
            || !tags.is_empty()
            || flatten_cname.is_some()
            || ipv4_only.is_some()
            || ipv6_only.is_some()
            || private_routing.is_some()
        {
            let mut json = w.json();
            json.opt_bool("proxied", *proxied);
            json.opt_str("comment", comment.as_ref().filter(|c| !c.is_empty()));
            if !tags.is_empty() {
                json.key("tags");
                json.open(b'[');
                for tag in tags {
                    json.item();
                    write_str(json.out, &tag.to_api());
                }
                json.close(b']');
            }
            if ipv4_only.is_some() || ipv6_only.is_some() || flatten_cname.is_some() {
                json.key("settings");
                json.open(b'{');
                json.opt_bool("ipv4_only", *ipv4_only);
                json.opt_bool("ipv6_only", *ipv6_only);
                json.opt_bool("flatten_cname", *flatten_cname);
                json.close(b'}');
            }
            json.opt_bool("private_routing", *private_routing);
        }
        w.raw(if pretty { "\n  }" } else { "}" });
        true
    }
}

/// Appends `name` as a JSON string the way [`crate::cloudflare::names::to_api`] gives it
/// (with a trailing dot after `dotted`, as [`to_api`]'s `dotted_name`) and [`write_str`]
/// escapes it, when every label octet is printable ASCII other than the dot (`"` and `\`
/// escaped); false otherwise, with part of the name written.
fn write_name(out: &mut Vec<u8>, name: &Name, dotted: bool) -> bool {
    let wire = name.as_wire();
    // The labels without the first length octet and the root's zero; none for the root.
    let Some(text) = wire
        .get(1..wire.len().saturating_sub(1))
        .filter(|t| !t.is_empty())
    else {
        out.extend_from_slice(b"\".\"");
        return true;
    };
    let start = out.len() + 1;
    out.push(b'"');
    out.extend_from_slice(text);
    if dotted {
        out.push(b'.');
    }
    out.push(b'"');
    let Some(copy) = out.get_mut(start..start + text.len()) else {
        return false;
    };
    // The other length octets become dots, at `len + 1` after the previous one; a word test
    // then checks the whole text at once, with the dots put there left out of it.
    let first = usize::from(wire.first().copied().unwrap_or(0));
    let mut at = first;
    while let Some(len) = copy.get_mut(at) {
        let next = at + 1 + usize::from(*len);
        *len = b'a';
        at = next;
    }
    if all_plain(copy) {
        let mut at = first;
        while let Some(dot) = copy.get_mut(at) {
            *dot = b'.';
            at += 1 + usize::from(wire.get(at + 1).copied().unwrap_or(0));
        }
        return true;
    }
    // Some octet needs an escape or has no direct form: label by label.
    out.truncate(start);
    let mut rest = wire;
    let mut first = true;
    while let Some((&len, tail)) = rest.split_first() {
        if len == 0 {
            break;
        }
        let Some((label, after)) = tail.split_at_checked(usize::from(len)) else {
            return false;
        };
        if !first {
            out.push(b'.');
        }
        first = false;
        for &b in label {
            match b {
                b'"' | b'\\' => {
                    out.push(b'\\');
                    out.push(b);
                }
                b'.' => return false,
                b'!'..=b'~' => out.push(b),
                _ => return false,
            }
        }
        rest = after;
    }
    if dotted {
        out.push(b'.');
    }
    out.push(b'"');
    true
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` below `n` (`n` ≤ 0x80); a byte after one that is may
/// be flagged too.
#[inline(always)]
fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH
}

/// Flags the bytes of `word` equal to `b` (and maybe some after one that is).
#[inline(always)]
fn equal(word: u64, b: u8) -> u64 {
    below(word ^ (ONES * u64::from(b)), 1)
}

/// True when every byte of `bytes` is printable ASCII (`!` to `~`) other than `.`, `"` and
/// `\`.
fn all_plain(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    let mut flags = 0;
    for word in words.by_ref() {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or([0; 8]));
        flags |= name_flags(word);
    }
    let mut last = [b'a'; 8];
    for (to, &from) in last.iter_mut().zip(words.remainder()) {
        *to = from;
    }
    flags |= name_flags(u64::from_le_bytes(last));
    flags == 0
}

/// Flags the bytes of `word` outside a plain name's octets.
#[inline(always)]
fn name_flags(word: u64) -> u64 {
    // 0x7f and above: the high bit, or one after adding 1.
    let high = (word | word.wrapping_add(ONES)) & HIGH;
    below(word, b'!') | high | equal(word, b'.') | equal(word, b'"') | equal(word, b'\\')
}

/// Flags the bytes of `word` that a TXT string does not keep as they are: controls, `"`, `\`
/// and DEL (bytes above DEL are not looked at: the caller has checked there are none).
#[inline(always)]
fn txt_flags(word: u64) -> u64 {
    below(word, b' ') | equal(word, b'"') | equal(word, b'\\') | equal(word, 0x7f)
}

/// Appends the TXT content of `strings` ([`txt::format_content`]) as a JSON string, when every
/// octet is ASCII; false otherwise, with nothing written.
fn write_txt(out: &mut Vec<u8>, strings: &[Vec<u8>]) -> bool {
    if !strings.iter().all(|s| s.is_ascii()) {
        return false;
    }
    out.push(b'"');
    for (i, s) in strings.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(b"\\\"");
        let mut start = 0;
        let mut at = 0;
        while at < s.len() {
            let end = (at + 8).min(s.len());
            let chunk = s.get(at..end).unwrap_or_default();
            let mut word = [b'a'; 8];
            for (to, &from) in word.iter_mut().zip(chunk) {
                *to = from;
            }
            if txt_flags(u64::from_le_bytes(word)) == 0 {
                at = end;
                continue;
            }
            for (i, &b) in chunk.iter().enumerate() {
                // The text of the byte in the content, escaped again for JSON.
                let escaped: &[u8] = match b {
                    b'"' => b"\\\\\\\"",
                    b'\\' => b"\\\\\\\\",
                    b' '..=b'~' => continue,
                    _ => &[],
                };
                out.extend_from_slice(s.get(start..at + i).unwrap_or_default());
                start = at + i + 1;
                if escaped.is_empty() {
                    // `\DDD` in the content, its backslash escaped for JSON.
                    out.extend_from_slice(b"\\\\");
                    out.push(b'0' + b / 100);
                    out.push(b'0' + b / 10 % 10);
                    out.push(b'0' + b % 10);
                } else {
                    out.extend_from_slice(escaped);
                }
            }
            at = end;
        }
        out.extend_from_slice(s.get(start..).unwrap_or_default());
        out.extend_from_slice(b"\\\"");
    }
    out.push(b'"');
    true
}

/// Appends `address` as its `Display` writes it.
fn write_ipv4(out: &mut Vec<u8>, address: Ipv4Addr) {
    let mut text = Small::<15>::new();
    push_ipv4(&mut text, address);
    out.extend_from_slice(text.text());
}

fn push_ipv4<const N: usize>(text: &mut Small<N>, address: Ipv4Addr) {
    let [a, b, c, d] = address.octets();
    push_octet(text, a);
    text.push(b'.');
    push_octet(text, b);
    text.push(b'.');
    push_octet(text, c);
    text.push(b'.');
    push_octet(text, d);
}

/// Appends `address` as its `Display` writes it (RFC 5952): an IPv4-mapped address as
/// `::ffff:` and dotted quad; otherwise lower-case hexadecimal groups, the first longest run
/// of two or more zero groups written `::`.
fn write_ipv6(out: &mut Vec<u8>, address: Ipv6Addr) {
    let mut text = Small::<39>::new();
    if let Some(v4) = address.to_ipv4_mapped() {
        for &b in b"::ffff:" {
            text.push(b);
        }
        push_ipv4(&mut text, v4);
        out.extend_from_slice(text.text());
        return;
    }
    let groups = address.segments();
    let (mut best_start, mut best_len) = (0, 0);
    let (mut run_start, mut run_len) = (0, 0);
    for (i, &group) in groups.iter().enumerate() {
        if group == 0 {
            if run_len == 0 {
                run_start = i;
            }
            run_len += 1;
            if run_len > best_len {
                (best_start, best_len) = (run_start, run_len);
            }
        } else {
            run_len = 0;
        }
    }
    if best_len > 1 {
        push_groups(&mut text, groups.get(..best_start).unwrap_or_default());
        text.push(b':');
        text.push(b':');
        push_groups(
            &mut text,
            groups.get(best_start + best_len..).unwrap_or_default(),
        );
    } else {
        push_groups(&mut text, &groups);
    }
    out.extend_from_slice(text.text());
}

/// Groups of an IPv6 address in lower-case hexadecimal without leading zeros, `:` between.
fn push_groups<const N: usize>(text: &mut Small<N>, groups: &[u16]) {
    let digit = |n: u16| HEX_LOWER.get(usize::from(n & 0xf)).copied().unwrap_or(b'0');
    for (i, &group) in groups.iter().enumerate() {
        if i > 0 {
            text.push(b':');
        }
        if group >= 0x1000 {
            text.push(digit(group >> 12));
        }
        if group >= 0x100 {
            text.push(digit(group >> 8));
        }
        if group >= 0x10 {
            text.push(digit(group >> 4));
        }
        text.push(digit(group));
    }
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `bytes` in hexadecimal with the digits of `hex` (as `HEXUPPER` or `HEXLOWER`
/// encode).
fn write_hex(out: &mut Vec<u8>, bytes: &[u8], hex: &[u8; 16]) {
    let start = out.len();
    out.resize(start + 2 * bytes.len(), 0);
    let digit = |n: u8| hex.get(usize::from(n & 0xf)).copied().unwrap_or(b'0');
    for (pair, &b) in out
        .get_mut(start..)
        .unwrap_or_default()
        .chunks_exact_mut(2)
        .zip(bytes)
    {
        if let [high, low] = pair {
            *high = digit(b >> 4);
            *low = digit(b);
        }
    }
}

/// A few bytes of text built on the stack, then appended at once.
struct Small<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Small<N> {
    fn new() -> Self {
        Small {
            bytes: [0; N],
            len: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, b: u8) {
        if let Some(to) = self.bytes.get_mut(self.len) {
            *to = b;
            self.len += 1;
        }
    }

    fn text(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// Pushes `octet` in decimal.
#[inline(always)]
fn push_octet<const N: usize>(text: &mut Small<N>, octet: u8) {
    if octet >= 100 {
        text.push(b'0' + octet / 100);
    }
    if octet >= 10 {
        text.push(b'0' + octet / 10 % 10);
    }
    text.push(b'0' + octet % 10);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudflare::convert::ZoneRecord;
    use proptest::prelude::*;

    /// What the model path writes for `zr`, or `None` when it refuses the record.
    fn by_model(zr: &ZoneRecord, indent: Option<usize>) -> Option<String> {
        let request = to_api::request(zr).ok()?;
        let mut out = Vec::new();
        super::super::write_record(&mut out, &request, indent);
        Some(String::from_utf8(out).unwrap())
    }

    fn direct(
        writer: &mut RequestWriter,
        zr: &ZoneRecord,
        indent: Option<usize>,
    ) -> Option<String> {
        let mut out = b"[prefix]".to_vec();
        let written = writer.write(&mut out, &zr.record, &zr.attrs, indent);
        if !written {
            assert_eq!(
                out, b"[prefix]",
                "a record left to the model path leaves no trace"
            );
            return None;
        }
        Some(String::from_utf8(out.split_off(8)).unwrap())
    }

    fn name() -> impl Strategy<Value = Name> {
        let label = prop_oneof![
            4 => "[a-z0-9_*-]{1,12}".prop_map(String::into_bytes),
            1 => proptest::collection::vec(any::<u8>(), 1..8),
            1 => proptest::sample::select(vec![
                b"a\"b".to_vec(), b"a\\b".to_vec(), b"a.b".to_vec(), b"a b".to_vec(),
                "b\u{fc}cher".as_bytes().to_vec(), b"\x7f".to_vec(), b"~!".to_vec(),
            ]),
        ];
        proptest::collection::vec(label, 0..4).prop_filter_map("too long", |labels| {
            Name::from_labels(labels.iter().map(Vec::as_slice)).ok()
        })
    }

    fn record() -> impl Strategy<Value = ZoneRecord> {
        use crate::rr::{address, dnssec, mx, target, txt as rtxt, RecordData as D};
        use crate::rr::{caa, naptr, srv, sshfp, svcb, tlsa};
        let bytes = |n: usize| proptest::collection::vec(any::<u8>(), 0..n);
        // Mostly text, sometimes any octets (not UTF-8: left to the model path).
        let text = || prop_oneof![3 => "[ -~]{0,12}".prop_map(String::into_bytes), 1 => proptest::collection::vec(any::<u8>(), 0..12)];
        let data = prop_oneof![
            any::<u32>().prop_map(|a| D::A(address::A {
                address: Ipv4Addr::from(a)
            })),
            any::<u128>().prop_map(|a| D::Aaaa(address::Aaaa {
                address: Ipv6Addr::from(a)
            })),
            name().prop_map(|n| D::Ns(target::Ns { target: n })),
            name().prop_map(|n| D::Cname(target::Cname { target: n })),
            name().prop_map(|n| D::Ptr(target::Ptr { target: n })),
            (any::<u16>(), name()).prop_map(|(p, n)| D::Mx(mx::Mx {
                preference: p,
                exchange: n
            })),
            (any::<u16>(), any::<u8>(), any::<u8>(), bytes(48)).prop_map(
                |(key_tag, algorithm, digest_type, digest)| D::Ds(dnssec::Ds {
                    key_tag,
                    algorithm,
                    digest_type,
                    digest
                })
            ),
            proptest::collection::vec(
                prop_oneof![3 => "[ -~]{0,40}".prop_map(String::into_bytes), 1 => bytes(20)],
                1..3
            )
            .prop_map(|strings| D::Txt(rtxt::Txt { strings })),
            (any::<u8>(), any::<u8>(), bytes(40)).prop_map(|(algorithm, fp_type, fingerprint)| {
                D::Sshfp(sshfp::Sshfp {
                    algorithm,
                    fp_type,
                    fingerprint,
                })
            }),
            (
                any::<bool>(),
                any::<u8>(),
                any::<u8>(),
                any::<u8>(),
                bytes(40)
            )
                .prop_map(|(smime, usage, selector, matching_type, data)| {
                    let t = tlsa::Tlsa {
                        usage,
                        selector,
                        matching_type,
                        data,
                    };
                    if smime {
                        D::Smimea(t)
                    } else {
                        D::Tlsa(t)
                    }
                }),
            (any::<u16>(), any::<u16>(), any::<u16>(), name()).prop_map(
                |(priority, weight, port, target)| {
                    D::Srv(srv::Srv {
                        priority,
                        weight,
                        port,
                        target,
                    })
                }
            ),
            (any::<u8>(), text(), text()).prop_map(|(flags, tag, value)| D::Caa(caa::Caa {
                flags,
                tag,
                value
            })),
            (any::<u16>(), any::<u16>(), text(), text(), text(), name()).prop_map(
                |(order, preference, flags, services, regexp, replacement)| {
                    D::Naptr(naptr::Naptr {
                        order,
                        preference,
                        flags,
                        services,
                        regexp,
                        replacement,
                    })
                }
            ),
            (
                any::<bool>(),
                any::<u16>(),
                name(),
                proptest::collection::vec(any::<u16>(), 0..3)
            )
                .prop_map(|(https, priority, target, ports)| {
                    let params = ports
                        .into_iter()
                        .take(1)
                        .map(svcb::SvcParam::Port)
                        .collect();
                    let s = svcb::Svcb {
                        priority,
                        target,
                        params,
                    };
                    if https {
                        D::Https(s)
                    } else {
                        D::Svcb(s)
                    }
                }),
            // Left to the general writer: LOC, URI.
            (any::<u16>(), any::<u16>(), text()).prop_map(|(priority, weight, target)| {
                D::Uri(crate::rr::uri::Uri {
                    priority,
                    weight,
                    target,
                })
            }),
        ];
        let attrs = (
            proptest::option::of(any::<bool>()),
            proptest::option::of("[ -~]{0,8}|\u{e9}\"\\\n"),
            proptest::collection::vec(("[a-z\"]{1,4}", "[a-z:]{0,3}"), 0..3),
            proptest::array::uniform4(proptest::option::of(any::<bool>())),
        )
            .prop_map(
                |(
                    proxied,
                    comment,
                    tags,
                    [flatten_cname, ipv4_only, ipv6_only, private_routing],
                )| {
                    RecordAttributes {
                        proxied,
                        comment,
                        tags: tags
                            .into_iter()
                            .map(|(n, v)| crate::cloudflare::attrs::Tag::new(n, v))
                            .collect(),
                        flatten_cname,
                        ipv4_only,
                        ipv6_only,
                        private_routing,
                    }
                },
            );
        (
            name(),
            any::<u32>(),
            prop_oneof![4 => Just(Class::IN), 1 => Just(Class::CH)],
            data,
            attrs,
        )
            .prop_map(|(owner, ttl, class, data, attrs)| ZoneRecord {
                record: Record::new(owner, ttl, class, data),
                attrs,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whatever the direct path writes is what the model path writes; it leaves out only
        /// what the model path converts differently (Punycode) or refuses, and the indents it
        /// does not write.
        #[test]
        fn the_direct_path_writes_what_the_model_path_writes(
            records in proptest::collection::vec(record(), 1..6),
            indent in prop_oneof![Just(None), Just(Some(1))],
        ) {
            // One writer for all, so that an owner repeated or changed is covered.
            let mut writer = RequestWriter::default();
            for zr in &records {
                let model = by_model(zr, indent);
                match direct(&mut writer, zr, indent) {
                    Some(text) => prop_assert_eq!(Some(text), model, "{:?}", zr),
                    None => {
                        // Left out only for a class, a name outside the plain form, or a
                        // refusal.
                        let plain = |n: &Name| {
                            let mut out = Vec::new();
                            write_name(&mut out, n, false)
                        };
                        let utf8 = |b: &[u8]| std::str::from_utf8(b).is_ok();
                        let names_plain = plain(&zr.record.owner) && match &zr.record.data {
                            RecordData::Ns(d) => plain(&d.target),
                            RecordData::Cname(d) => plain(&d.target),
                            RecordData::Ptr(d) => plain(&d.target),
                            RecordData::Mx(d) => plain(&d.exchange),
                            RecordData::Srv(d) => plain(&d.target),
                            RecordData::Https(d) | RecordData::Svcb(d) => plain(&d.target),
                            RecordData::Naptr(d) => plain(&d.replacement) && utf8(&d.flags) && utf8(&d.services) && utf8(&d.regexp),
                            RecordData::Caa(d) => utf8(&d.tag) && utf8(&d.value),
                            RecordData::Uri(d) => utf8(&d.target),
                            _ => true,
                        };
                        prop_assert!(zr.record.class != Class::IN || !names_plain, "{:?}", zr);
                    }
                }
            }
        }

        #[test]
        fn addresses_are_written_as_display_writes_them(
            v4 in any::<u32>(),
            v6 in any::<u128>(),
            groups in proptest::array::uniform8(prop_oneof![3 => Just(0u16), 1 => any::<u16>(), 1 => 0u16..16]),
        ) {
            let v4 = Ipv4Addr::from(v4);
            let mut out = Vec::new();
            write_ipv4(&mut out, v4);
            prop_assert_eq!(String::from_utf8(out).unwrap(), v4.to_string());
            for address in [Ipv6Addr::from(v6), Ipv6Addr::from(groups), Ipv4Addr::from(v6 as u32).to_ipv6_mapped(), Ipv4Addr::from(v6 as u32).to_ipv6_compatible()] {
                let mut out = Vec::new();
                write_ipv6(&mut out, address);
                prop_assert_eq!(String::from_utf8(out).unwrap(), address.to_string());
            }
        }
    }

    #[test]
    fn address_edges() {
        for text in [
            "::",
            "::1",
            "1::",
            "::ffff:192.0.2.1",
            "::192.0.2.1",
            "1:0:0:1:0:0:0:1",
            "1:0:0:0:1:0:0:1",
            "0:1:0:1:0:1:0:1",
            "1:0:1:0:1:0:1:0",
            "ffff::",
            "::ffff:0:0",
            "64:ff9b::192.0.2.1",
            "2001:db8::",
        ] {
            let address: Ipv6Addr = text.parse().unwrap();
            let mut out = Vec::new();
            write_ipv6(&mut out, address);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                address.to_string(),
                "{text}"
            );
        }
    }

    #[test]
    fn deeper_indents_are_left_to_the_general_writer() {
        let record = Record::new(
            Name::from_ascii("a.example.").unwrap(),
            300,
            Class::IN,
            RecordData::A(crate::rr::address::A {
                address: Ipv4Addr::LOCALHOST,
            }),
        );
        let mut writer = RequestWriter::default();
        let mut out = Vec::new();
        assert!(!writer.write(&mut out, &record, &RecordAttributes::default(), Some(2)));
        assert!(out.is_empty());
        assert!(writer.write(&mut out, &record, &RecordAttributes::default(), Some(1)));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n    \"name\": \"a.example\",\n    \"type\": \"A\",\n    \"content\": \"127.0.0.1\",\n    \"ttl\": 300\n  }"
        );
    }

    #[test]
    fn names_left_to_the_model_path() {
        let mut out = Vec::new();
        assert!(write_name(&mut out, &Name::root(), true));
        assert_eq!(out, b"\".\"");
        for labels in [
            &[&b"a.b"[..], b"example"][..],
            &[b"a b"],
            &["b\u{fc}cher".as_bytes()],
            &[b"\x7f"],
            &[b"ok", b"\x00"],
        ] {
            let name = Name::from_labels(labels.iter().copied()).unwrap();
            assert!(!write_name(&mut Vec::new(), &name, false), "{name}");
        }
        let name = Name::from_labels([&b"a\"b\\c"[..], b"*"]).unwrap();
        let mut out = Vec::new();
        assert!(write_name(&mut out, &name, false));
        assert_eq!(out, br#""a\"b\\c.*""#);
        let mut out = Vec::new();
        assert!(write_name(&mut out, &name, true));
        assert_eq!(out, br#""a\"b\\c.*.""#);
    }
}
