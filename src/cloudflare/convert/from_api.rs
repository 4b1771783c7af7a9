//! API record → zone record, one function per record type.
//!
//! The 13 `data` types are read from `data` when present; older responses that carry only the
//! `content` echo are read from it with the zone-file grammar. Values the zone form cannot hold
//! exactly (a LOC size of 15 m, seconds finer than a millisecond) are errors, never rounded.

use std::net::Ipv6Addr;

use data_encoding::{BASE64, HEXUPPER_PERMISSIVE};

use super::{parse_presentation, ConvertError, ZoneRecord};
use crate::cloudflare::attrs::{RecordAttributes, Tag};
use crate::cloudflare::model::{
    ARecord, AaaaRecord, CaaRecord, CertRecord, CnameRecord, DnsRecord, DnskeyRecord, DsRecord,
    HttpsRecord, LatDirection, LocData, LocRecord, LongDirection, MxRecord, NaptrRecord, NsRecord,
    OpenpgpkeyRecord, OtherRecord, PtrRecord, RecordBody, SmimeaRecord, SrvRecord, SshfpRecord,
    SvcbData, SvcbRecord, TlsaData, TlsaRecord, TxtRecord, UriRecord,
};
use crate::cloudflare::{names, txt};
use crate::error::ErrorCode;
use crate::name::Name;
use crate::record::Record;
use crate::rr::{self, Class, RecordData, RecordType};
use crate::zonefile::{MAX_RDATA_LEN, MAX_TTL};

/// Converts one API record; `zone` resolves `@` and relative names.
pub fn record(r: &DnsRecord, zone: Option<&Name>) -> Result<ZoneRecord, ConvertError> {
    let what = || {
        format!(
            "{} record \"{}\"",
            crate::rr::fields::shorten(r.type_name().as_bytes()),
            crate::rr::fields::shorten(r.name.as_bytes())
        )
    };
    let owner = names::from_api(&r.name, zone).map_err(|e| {
        ConvertError::new(ErrorCode::CfNameNotConvertible, format!("{}: {e}", what()))
    })?;
    // A zone file reads a larger TTL as 0 (RFC 2181 §8, as BIND does): it would not come back.
    if r.ttl > MAX_TTL {
        return Err(ConvertError::new(
            ErrorCode::CfBadApiRecord,
            format!(
                "{}: TTL {} is larger than {MAX_TTL}, the largest a zone file keeps (RFC 2181 §8)",
                what(),
                r.ttl
            ),
        ));
    }
    let data = body(r, zone)
        .and_then(|data| {
            // The zone form's own rules (an SSHFP fingerprint's length for its type, ...) hold
            // for what the API sends too: the record must read back from its zone text.
            if data.rtype().is_typed() {
                parse_presentation(data.rtype(), &data.to_text()).map_err(invalid)?;
            }
            // Nor may it be longer than a zone file may hold (a TXT of a megabyte, say).
            let len = data.to_wire().len();
            if len > MAX_RDATA_LEN {
                return Err(ConvertError::new(
                    ErrorCode::RdataTooLong,
                    format!(
                        "rdata is {len} octets long in wire form; at most {MAX_RDATA_LEN} fit in a zone"
                    ),
                ));
            }
            Ok(data)
        })
        .map_err(|mut e| {
            e.message = format!("{}: {}", what(), e.message);
            e
        })?;
    let proxiable = matches!(
        r.body,
        RecordBody::A(_) | RecordBody::Aaaa(_) | RecordBody::Cname(_)
    );
    // Defaults are not data: the API answers `proxied: false` for every type and may send
    // settings switched off, and none of it must turn into text in a zone file.
    let attrs = RecordAttributes {
        proxied: r.proxied.filter(|p| *p || proxiable),
        comment: r.comment.clone().filter(|c| !c.is_empty()),
        tags: r.tags.iter().map(|t| Tag::from_api(t)).collect(),
        flatten_cname: r.settings.flatten_cname.filter(|v| *v),
        ipv4_only: r.settings.ipv4_only.filter(|v| *v),
        ipv6_only: r.settings.ipv6_only.filter(|v| *v),
        private_routing: r.private_routing.filter(|v| *v),
    };
    Ok(ZoneRecord {
        record: Record::new(owner, r.ttl, Class::IN, data),
        attrs,
    })
}

/// The zone rdata of an API record.
pub fn body(r: &DnsRecord, zone: Option<&Name>) -> Result<RecordData, ConvertError> {
    match &r.body {
        RecordBody::A(b) => a(b),
        RecordBody::Aaaa(b) => aaaa(b),
        RecordBody::Cname(b) => cname(b, zone),
        RecordBody::Mx(b) => mx(b, r.priority, zone),
        RecordBody::Ns(b) => ns(b, zone),
        RecordBody::Openpgpkey(b) => openpgpkey(b),
        RecordBody::Ptr(b) => ptr(b, zone),
        RecordBody::Txt(b) => Ok(txt(b)),
        RecordBody::Caa(b) => caa(b),
        RecordBody::Cert(b) => cert(b),
        RecordBody::Dnskey(b) => dnskey(b),
        RecordBody::Ds(b) => ds(b),
        RecordBody::Https(b) => https(b, zone),
        RecordBody::Loc(b) => loc(b),
        RecordBody::Naptr(b) => naptr(b, zone),
        RecordBody::Smimea(b) => smimea(b),
        RecordBody::Srv(b) => srv(b, r.priority, zone),
        RecordBody::Sshfp(b) => sshfp(b),
        RecordBody::Svcb(b) => svcb(b, zone),
        RecordBody::Tlsa(b) => tlsa(b),
        RecordBody::Uri(b) => uri(b, r.priority),
        RecordBody::Other(o) => other(o),
    }
}

fn invalid(message: String) -> ConvertError {
    ConvertError::new(ErrorCode::CfBadApiRecord, message)
}

fn host(text: &str, zone: Option<&Name>, what: &str) -> Result<Name, ConvertError> {
    names::host_from_api(text, zone)
        .map_err(|e| ConvertError::new(ErrorCode::CfNameNotConvertible, format!("{what}: {e}")))
}

/// Falls back to the `content` echo when `data` is absent.
fn from_content(rtype: RecordType, content: Option<&str>) -> Result<RecordData, ConvertError> {
    let content = content.ok_or_else(|| invalid("neither data nor content".to_string()))?;
    parse_presentation(rtype, content)
        .map_err(|e| invalid(format!("unreadable content \"{content}\": {e}")))
}

fn base64(text: &str, what: &str) -> Result<Vec<u8>, ConvertError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    BASE64.decode(compact.as_bytes()).map_err(|_| {
        invalid(format!(
            "invalid {what} \"{}\" (expected base64)",
            crate::rr::fields::shorten(text.as_bytes())
        ))
    })
}

fn hex(text: &str, what: &str) -> Result<Vec<u8>, ConvertError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    HEXUPPER_PERMISSIVE.decode(compact.as_bytes()).map_err(|_| {
        invalid(format!(
            "invalid {what} \"{}\" (expected hexadecimal)",
            crate::rr::fields::shorten(text.as_bytes())
        ))
    })
}

pub fn a(b: &ARecord) -> Result<RecordData, ConvertError> {
    let address = rr::fields::parse_ipv4(b.content.trim().as_bytes()).ok_or_else(|| {
        invalid(format!(
            "invalid IPv4 address \"{}\" (Cloudflare error 9005)",
            b.content
        ))
    })?;
    Ok(RecordData::A(rr::address::A { address }))
}

pub fn aaaa(b: &AaaaRecord) -> Result<RecordData, ConvertError> {
    let address: Ipv6Addr = b
        .content
        .trim()
        .parse()
        .map_err(|_| invalid(format!("invalid IPv6 address \"{}\"", b.content)))?;
    Ok(RecordData::Aaaa(rr::address::Aaaa { address }))
}

pub fn cname(b: &CnameRecord, zone: Option<&Name>) -> Result<RecordData, ConvertError> {
    Ok(RecordData::Cname(rr::target::Cname {
        target: host(&b.content, zone, "target")?,
    }))
}

pub fn mx(
    b: &MxRecord,
    priority: Option<u16>,
    zone: Option<&Name>,
) -> Result<RecordData, ConvertError> {
    let preference = priority.ok_or_else(|| invalid("MX record without priority".to_string()))?;
    Ok(RecordData::Mx(rr::mx::Mx {
        preference,
        exchange: host(&b.content, zone, "mail exchanger")?,
    }))
}

pub fn ns(b: &NsRecord, zone: Option<&Name>) -> Result<RecordData, ConvertError> {
    Ok(RecordData::Ns(rr::target::Ns {
        target: host(&b.content, zone, "name server")?,
    }))
}

pub fn openpgpkey(b: &OpenpgpkeyRecord) -> Result<RecordData, ConvertError> {
    let key = base64(&b.content, "OpenPGP key")?;
    if key.is_empty() {
        return Err(invalid("empty OpenPGP key".to_string()));
    }
    Ok(RecordData::Openpgpkey(rr::openpgpkey::Openpgpkey { key }))
}

pub fn ptr(b: &PtrRecord, zone: Option<&Name>) -> Result<RecordData, ConvertError> {
    Ok(RecordData::Ptr(rr::target::Ptr {
        target: host(&b.content, zone, "pointer target")?,
    }))
}

pub fn txt(b: &TxtRecord) -> RecordData {
    let (strings, _) = txt::parse_content(&b.content);
    RecordData::Txt(rr::txt::Txt { strings })
}

pub fn caa(b: &CaaRecord) -> Result<RecordData, ConvertError> {
    let Some(d) = &b.data else {
        return from_content(RecordType::CAA, b.content.as_deref());
    };
    rr::caa::Caa::new(d.flags, d.tag.as_bytes(), d.value.as_bytes())
        .map(RecordData::Caa)
        .map_err(|e| invalid(format!("invalid CAA tag \"{}\": {e}", d.tag)))
}

pub fn cert(b: &CertRecord) -> Result<RecordData, ConvertError> {
    let Some(d) = &b.data else {
        return from_content(RecordType::CERT, b.content.as_deref());
    };
    Ok(RecordData::Cert(rr::cert::Cert {
        cert_type: d.cert_type,
        key_tag: d.key_tag,
        algorithm: d.algorithm,
        certificate: base64(&d.certificate, "certificate")?,
    }))
}

pub fn dnskey(b: &DnskeyRecord) -> Result<RecordData, ConvertError> {
    let Some(d) = &b.data else {
        return from_content(RecordType::DNSKEY, b.content.as_deref());
    };
    Ok(RecordData::Dnskey(rr::dnssec::Dnskey {
        flags: d.flags,
        protocol: d.protocol,
        algorithm: d.algorithm,
        public_key: base64(&d.public_key, "public key")?,
    }))
}

pub fn ds(b: &DsRecord) -> Result<RecordData, ConvertError> {
    let Some(d) = &b.data else {
        return from_content(RecordType::DS, b.content.as_deref());
    };
    Ok(RecordData::Ds(rr::dnssec::Ds {
        key_tag: d.key_tag,
        algorithm: d.algorithm,
        digest_type: d.digest_type,
        digest: hex(&d.digest, "digest")?,
    }))
}

fn svcb_value(d: &SvcbData, zone: Option<&Name>) -> Result<rr::svcb::Svcb, ConvertError> {
    Ok(rr::svcb::Svcb {
        priority: d.priority,
        target: host(&d.target, zone, "target")?,
        params: rr::svcb::Svcb::parse_params(&d.value)
            .map_err(|e| invalid(format!("invalid SvcParams \"{}\": {e}", d.value)))?,
    })
}

pub fn https(b: &HttpsRecord, zone: Option<&Name>) -> Result<RecordData, ConvertError> {
    match &b.data {
        Some(d) => Ok(RecordData::Https(svcb_value(d, zone)?)),
        None => from_content(RecordType::HTTPS, b.content.as_deref()),
    }
}

pub fn svcb(b: &SvcbRecord, zone: Option<&Name>) -> Result<RecordData, ConvertError> {
    match &b.data {
        Some(d) => Ok(RecordData::Svcb(svcb_value(d, zone)?)),
        None => from_content(RecordType::SVCB, b.content.as_deref()),
    }
}

/// Seconds with at most millisecond precision, as RFC 1876 stores them.
fn milliseconds(seconds: f64, what: &str) -> Result<u16, ConvertError> {
    let ms = (seconds * 1000.0).round();
    if !(0.0..60_000.0).contains(&ms) || (ms / 1000.0 - seconds).abs() > 1e-6 {
        return Err(invalid(format!(
            "{what} {seconds} is not a number of seconds from 0 to 59.999 in thousandths"
        )));
    }
    Ok(ms as u16)
}

pub fn loc(b: &LocRecord) -> Result<RecordData, ConvertError> {
    let Some(d) = &b.data else {
        return from_content(RecordType::LOC, b.content.as_deref());
    };
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
    } = d.clone();
    use rr::loc::{Coordinate, Direction};
    let latitude = Coordinate {
        degrees: lat_degrees,
        minutes: lat_minutes,
        milliseconds: milliseconds(lat_seconds, "lat_seconds")?,
        direction: match lat_direction {
            LatDirection::N => Direction::North,
            LatDirection::S => Direction::South,
        },
    };
    let longitude = Coordinate {
        degrees: long_degrees,
        minutes: long_minutes,
        milliseconds: milliseconds(long_seconds, "long_seconds")?,
        direction: match long_direction {
            LongDirection::E => Direction::East,
            LongDirection::W => Direction::West,
        },
    };
    let value = rr::loc::Loc::from_parts(
        latitude,
        longitude,
        altitude,
        size,
        precision_horz,
        precision_vert,
    )
    .map_err(|e| invalid(format!("invalid LOC data: {e}")))?;
    // RFC 1876 keeps sizes as one digit times a power of ten, and altitude to the centimetre:
    // refuse what would change rather than round it.
    for (what, given, kept) in [
        ("altitude", altitude, value.altitude_metres()),
        ("size", size, value.size_metres()),
        (
            "precision_horz",
            precision_horz,
            value.horizontal_precision_metres(),
        ),
        (
            "precision_vert",
            precision_vert,
            value.vertical_precision_metres(),
        ),
    ] {
        if (given - kept).abs() > 1e-6 {
            return Err(invalid(format!(
                "LOC {what} {given}m cannot be stored exactly (RFC 1876 would keep {kept}m)"
            )));
        }
    }
    Ok(RecordData::Loc(value))
}

/// A NAPTR text field: at most 255 octets (a character-string).
fn char_string(text: &str, what: &str) -> Result<Vec<u8>, ConvertError> {
    if text.len() > 255 {
        return Err(invalid(format!(
            "NAPTR {what} is {} octets long (at most 255)",
            text.len()
        )));
    }
    Ok(text.as_bytes().to_vec())
}

pub fn naptr(b: &NaptrRecord, zone: Option<&Name>) -> Result<RecordData, ConvertError> {
    let Some(d) = &b.data else {
        return from_content(RecordType::NAPTR, b.content.as_deref());
    };
    let regexp = char_string(&d.regex, "regex")?;
    rr::naptr::check_regexp(&regexp)
        .map_err(|e| invalid(format!("invalid NAPTR regex \"{}\": {e}", d.regex)))?;
    Ok(RecordData::Naptr(rr::naptr::Naptr {
        order: d.order,
        preference: d.preference,
        flags: char_string(&d.flags, "flags")?,
        services: char_string(&d.service, "service")?,
        regexp,
        replacement: host(&d.replacement, zone, "replacement")?,
    }))
}

fn tlsa_value(d: &TlsaData) -> Result<rr::tlsa::Tlsa, ConvertError> {
    Ok(rr::tlsa::Tlsa {
        usage: d.usage,
        selector: d.selector,
        matching_type: d.matching_type,
        data: hex(&d.certificate, "certificate")?,
    })
}

pub fn smimea(b: &SmimeaRecord) -> Result<RecordData, ConvertError> {
    match &b.data {
        Some(d) => Ok(RecordData::Smimea(tlsa_value(d)?)),
        None => from_content(RecordType::SMIMEA, b.content.as_deref()),
    }
}

pub fn tlsa(b: &TlsaRecord) -> Result<RecordData, ConvertError> {
    match &b.data {
        Some(d) => Ok(RecordData::Tlsa(tlsa_value(d)?)),
        None => from_content(RecordType::TLSA, b.content.as_deref()),
    }
}

pub fn srv(
    b: &SrvRecord,
    priority: Option<u16>,
    zone: Option<&Name>,
) -> Result<RecordData, ConvertError> {
    let Some(d) = &b.data else {
        // The content echo is `weight port target`, the priority sits beside it.
        let content = b.content.as_deref().unwrap_or("");
        let priority =
            priority.ok_or_else(|| invalid("SRV record without data or priority".to_string()))?;
        return from_content(RecordType::SRV, Some(&format!("{priority} {content}")));
    };
    Ok(RecordData::Srv(rr::srv::Srv {
        priority: d.priority,
        weight: d.weight,
        port: d.port,
        target: host(&d.target, zone, "target")?,
    }))
}

pub fn sshfp(b: &SshfpRecord) -> Result<RecordData, ConvertError> {
    let Some(d) = &b.data else {
        return from_content(RecordType::SSHFP, b.content.as_deref());
    };
    Ok(RecordData::Sshfp(rr::sshfp::Sshfp {
        algorithm: d.algorithm,
        fp_type: d.fp_type,
        fingerprint: hex(&d.fingerprint, "fingerprint")?,
    }))
}

pub fn uri(b: &UriRecord, priority: Option<u16>) -> Result<RecordData, ConvertError> {
    let priority = priority.ok_or_else(|| invalid("URI record without priority".to_string()))?;
    let Some(d) = &b.data else {
        let content = b.content.as_deref().unwrap_or("");
        return from_content(RecordType::URI, Some(&format!("{priority} {content}")));
    };
    if d.target.is_empty() {
        return Err(invalid("empty URI target".to_string()));
    }
    Ok(RecordData::Uri(rr::uri::Uri {
        priority,
        weight: d.weight,
        target: d.target.as_bytes().to_vec(),
    }))
}

/// Types outside the API's 21. SPF (which the API used to take) still reads as SPF; anything
/// else is reported, as the zone side cannot know what it means.
pub fn other(o: &OtherRecord) -> Result<RecordData, ConvertError> {
    if o.type_name.eq_ignore_ascii_case("SPF") {
        if let Some(content) = o.content.as_ref().and_then(|c| c.as_str()) {
            let (strings, _) = txt::parse_content(content);
            return Ok(RecordData::Spf(rr::txt::Spf { strings }));
        }
    }
    Err(ConvertError::new(
        ErrorCode::CfUnsupportedType,
        format!(
            "type \"{}\" is not one of the API's record types",
            o.type_name
        ),
    ))
}
