//! Zone record → API record, one function per record type.
//!
//! Each function fills `content` as the API formats it on read (for the 13 `data` types that
//! is the server's read-only echo, built only with `echo`; [`DnsRecord::request_form`] drops it
//! again) and `data` field by field. Names go out in Punycode without the trailing dot, except where the API
//! keeps presentation form (the SVCB/HTTPS target and the NAPTR replacement keep their dot).

use data_encoding::{BASE64, HEXLOWER, HEXUPPER};

use super::{ConvertError, ZoneRecord};
use crate::cloudflare::model::{
    ARecord, AaaaRecord, CaaData, CaaRecord, CertData, CertRecord, CnameRecord, DnsRecord,
    DnskeyData, DnskeyRecord, DsData, DsRecord, HttpsRecord, LatDirection, LocData, LocRecord,
    LongDirection, MxRecord, NaptrData, NaptrRecord, NsRecord, OpenpgpkeyRecord, PtrRecord,
    RecordBody, RecordSettings, SmimeaRecord, SrvData, SrvRecord, SshfpData, SshfpRecord, SvcbData,
    SvcbRecord, TlsaData, TlsaRecord, TxtRecord, UriData, UriRecord,
};
use crate::cloudflare::{names, txt};
use crate::error::ErrorCode;
use crate::name::Name;
use crate::rr::{self, Class, RecordData};

/// The typed part of an API record and the top-level `priority` some types carry.
pub struct ApiBody {
    pub body: RecordBody,
    pub priority: Option<u16>,
}

impl From<RecordBody> for ApiBody {
    fn from(body: RecordBody) -> ApiBody {
        ApiBody {
            body,
            priority: None,
        }
    }
}

/// Converts one zone record with its attributes.
pub fn record(zr: &ZoneRecord) -> Result<DnsRecord, ConvertError> {
    convert(zr, true)
}

/// [`record`] in its request form ([`DnsRecord::into_request_form`]), without building the
/// read-only `content` echo of the `data` types that the request form drops. What
/// `into_request_form` removes is never set here (no `id`, response fields or unknown
/// fields; `priority` only for MX and URI; SRV's deprecated fields unset), so the record is
/// already in that form (tests/cloudflare_props.rs compares the two).
pub fn request(zr: &ZoneRecord) -> Result<DnsRecord, ConvertError> {
    convert(zr, false)
}

fn convert(zr: &ZoneRecord, echo: bool) -> Result<DnsRecord, ConvertError> {
    let r = &zr.record;
    let what = || format!("{} record \"{}\"", r.rtype(), r.owner);
    if r.class != Class::IN {
        return Err(ConvertError::new(
            ErrorCode::CfValueNotConvertible,
            format!(
                "{} has class {}; Cloudflare serves class IN only",
                what(),
                r.class
            ),
        ));
    }
    let name = names::to_api(&r.owner).map_err(|e| {
        ConvertError::new(ErrorCode::CfNameNotConvertible, format!("{}: {e}", what()))
    })?;
    let ApiBody { body, priority } = body_of(&r.data, echo).map_err(|mut e| {
        if !e.is_unsupported() {
            e.message = format!("{}: {}", what(), e.message);
        } else {
            e.message = format!("{} owned by \"{}\": {}", r.rtype(), r.owner, e.message);
        }
        e
    })?;
    let attrs = &zr.attrs;
    let mut out = DnsRecord::new(name, body, r.ttl);
    out.priority = priority;
    out.proxied = attrs.proxied;
    out.comment = attrs.comment.clone().filter(|c| !c.is_empty());
    out.tags = attrs.tags.iter().map(|t| t.to_api()).collect();
    out.settings = RecordSettings {
        ipv4_only: attrs.ipv4_only,
        ipv6_only: attrs.ipv6_only,
        flatten_cname: attrs.flatten_cname,
        other: serde_json::Map::new(),
    };
    out.private_routing = attrs.private_routing;
    Ok(out)
}

/// The API body of `data`, or an error for types the API does not take.
pub fn body(data: &RecordData) -> Result<ApiBody, ConvertError> {
    body_of(data, true)
}

/// [`body`]; without `echo` the `data` types get no `content` (the server's read-only
/// presentation of `data`, which requests leave out).
pub fn body_of(data: &RecordData, echo: bool) -> Result<ApiBody, ConvertError> {
    match data {
        RecordData::A(d) => Ok(a(d)),
        RecordData::Aaaa(d) => Ok(aaaa(d)),
        RecordData::Cname(d) => cname(d),
        RecordData::Mx(d) => mx(d),
        RecordData::Ns(d) => ns(d),
        RecordData::Openpgpkey(d) => Ok(openpgpkey(d)),
        RecordData::Ptr(d) => ptr(d),
        RecordData::Txt(d) => Ok(txt(d)),
        RecordData::Caa(d) => caa(d, echo),
        RecordData::Cert(d) => Ok(cert(d, echo)),
        RecordData::Dnskey(d) => Ok(dnskey(d, echo)),
        RecordData::Ds(d) => Ok(ds(d, echo)),
        RecordData::Https(d) => https(d, echo),
        RecordData::Loc(d) => Ok(loc(d, echo)),
        RecordData::Naptr(d) => naptr(d, echo),
        RecordData::Smimea(d) => Ok(smimea(d, echo)),
        RecordData::Srv(d) => srv(d, echo),
        RecordData::Sshfp(d) => Ok(sshfp(d, echo)),
        RecordData::Svcb(d) => svcb(d, echo),
        RecordData::Tlsa(d) => Ok(tlsa(d, echo)),
        RecordData::Uri(d) => uri(d, echo),
        other => Err(unsupported(other.rtype())),
    }
}

/// The error for a type outside the API's 21.
pub fn unsupported(rtype: rr::RecordType) -> ConvertError {
    let why = match rtype {
        rr::RecordType::SOA => "Cloudflare's API does not take SOA records (Cloudflare owns the zone's SOA; its timers are zone DNS settings)",
        rr::RecordType::SPF => "Cloudflare's API no longer takes SPF records (publish the policy as TXT)",
        _ => "Cloudflare's API does not take this record type",
    };
    ConvertError::new(ErrorCode::CfUnsupportedType, why)
}

fn name(n: &Name, what: &str) -> Result<String, ConvertError> {
    names::to_api(n)
        .map_err(|e| ConvertError::new(ErrorCode::CfNameNotConvertible, format!("{what}: {e}")))
}

/// A name in presentation form with its trailing dot (`.` for the root).
fn dotted_name(n: &Name, what: &str) -> Result<String, ConvertError> {
    let text = name(n, what)?;
    Ok(if text == "." { text } else { text + "." })
}

fn utf8(bytes: &[u8], what: &str) -> Result<String, ConvertError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        ConvertError::new(
            ErrorCode::CfValueNotConvertible,
            format!(
                "{what} \"{}\" is not UTF-8 text, which the API's JSON string cannot carry",
                crate::rr::fields::shorten(bytes)
            ),
        )
    })
}

pub fn a(d: &rr::address::A) -> ApiBody {
    RecordBody::A(ARecord {
        content: d.address.to_string(),
    })
    .into()
}

pub fn aaaa(d: &rr::address::Aaaa) -> ApiBody {
    RecordBody::Aaaa(AaaaRecord {
        content: d.address.to_string(),
    })
    .into()
}

pub fn cname(d: &rr::target::Cname) -> Result<ApiBody, ConvertError> {
    Ok(RecordBody::Cname(CnameRecord {
        content: name(&d.target, "target")?,
    })
    .into())
}

pub fn mx(d: &rr::mx::Mx) -> Result<ApiBody, ConvertError> {
    Ok(ApiBody {
        body: RecordBody::Mx(MxRecord {
            content: name(&d.exchange, "mail exchanger")?,
        }),
        priority: Some(d.preference),
    })
}

pub fn ns(d: &rr::target::Ns) -> Result<ApiBody, ConvertError> {
    Ok(RecordBody::Ns(NsRecord {
        content: name(&d.target, "name server")?,
    })
    .into())
}

pub fn openpgpkey(d: &rr::openpgpkey::Openpgpkey) -> ApiBody {
    RecordBody::Openpgpkey(OpenpgpkeyRecord {
        content: BASE64.encode(&d.key),
    })
    .into()
}

pub fn ptr(d: &rr::target::Ptr) -> Result<ApiBody, ConvertError> {
    Ok(RecordBody::Ptr(PtrRecord {
        content: name(&d.target, "pointer target")?,
    })
    .into())
}

pub fn txt(d: &rr::txt::Txt) -> ApiBody {
    RecordBody::Txt(TxtRecord {
        content: txt::format_content(&d.strings),
    })
    .into()
}

pub fn caa(d: &rr::caa::Caa, echo: bool) -> Result<ApiBody, ConvertError> {
    let data = CaaData {
        flags: d.flags,
        tag: utf8(&d.tag, "CAA tag")?,
        value: utf8(&d.value, "CAA value")?,
    };
    Ok(RecordBody::Caa(CaaRecord {
        content: echo.then(|| RecordData::Caa(d.clone()).to_text()),
        data: Some(data),
    })
    .into())
}

pub fn cert(d: &rr::cert::Cert, echo: bool) -> ApiBody {
    let certificate = BASE64.encode(&d.certificate);
    RecordBody::Cert(CertRecord {
        content: echo.then(|| {
            format!(
                "{} {} {} {certificate}",
                d.cert_type, d.key_tag, d.algorithm
            )
        }),
        data: Some(CertData {
            cert_type: d.cert_type,
            key_tag: d.key_tag,
            algorithm: d.algorithm,
            certificate,
        }),
    })
    .into()
}

pub fn dnskey(d: &rr::dnssec::Dnskey, echo: bool) -> ApiBody {
    let public_key = BASE64.encode(&d.public_key);
    RecordBody::Dnskey(DnskeyRecord {
        content: echo.then(|| format!("{} {} {} {public_key}", d.flags, d.protocol, d.algorithm)),
        data: Some(DnskeyData {
            flags: d.flags,
            protocol: d.protocol,
            algorithm: d.algorithm,
            public_key,
        }),
    })
    .into()
}

pub fn ds(d: &rr::dnssec::Ds, echo: bool) -> ApiBody {
    let digest = HEXUPPER.encode(&d.digest);
    RecordBody::Ds(DsRecord {
        content: echo.then(|| format!("{} {} {} {digest}", d.key_tag, d.algorithm, d.digest_type)),
        data: Some(DsData {
            key_tag: d.key_tag,
            algorithm: d.algorithm,
            digest_type: d.digest_type,
            digest,
        }),
    })
    .into()
}

fn svcb_parts(d: &rr::svcb::Svcb, echo: bool) -> Result<(SvcbData, Option<String>), ConvertError> {
    let target = dotted_name(&d.target, "target")?;
    let value = d.params_text();
    let content = echo.then(|| {
        let mut content = format!("{} {target}", d.priority);
        if !value.is_empty() {
            content.push(' ');
            content.push_str(&value);
        }
        content
    });
    Ok((
        SvcbData {
            priority: d.priority,
            target,
            value,
        },
        content,
    ))
}

pub fn https(d: &rr::svcb::Svcb, echo: bool) -> Result<ApiBody, ConvertError> {
    let (data, content) = svcb_parts(d, echo)?;
    Ok(RecordBody::Https(HttpsRecord {
        data: Some(data),
        content,
    })
    .into())
}

pub fn svcb(d: &rr::svcb::Svcb, echo: bool) -> Result<ApiBody, ConvertError> {
    let (data, content) = svcb_parts(d, echo)?;
    Ok(RecordBody::Svcb(SvcbRecord {
        data: Some(data),
        content,
    })
    .into())
}

pub fn loc(d: &rr::loc::Loc, echo: bool) -> ApiBody {
    let lat = d.latitude_coordinate();
    let long = d.longitude_coordinate();
    let data = LocData {
        lat_degrees: lat.degrees,
        lat_minutes: lat.minutes,
        lat_seconds: lat.seconds(),
        lat_direction: if lat.direction == rr::loc::Direction::South {
            LatDirection::S
        } else {
            LatDirection::N
        },
        long_degrees: long.degrees,
        long_minutes: long.minutes,
        long_seconds: long.seconds(),
        long_direction: if long.direction == rr::loc::Direction::West {
            LongDirection::W
        } else {
            LongDirection::E
        },
        altitude: d.altitude_metres(),
        size: d.size_metres(),
        precision_horz: d.horizontal_precision_metres(),
        precision_vert: d.vertical_precision_metres(),
    };
    // The API's read-only echo: `IN LOC 31 58 52.1 S 115 49 11.7 E 20m 10m 10m 2m`.
    let content = echo.then(|| {
        format!(
            "IN LOC {} {} {} {} {} {} {} {} {}m {}m {}m {}m",
            data.lat_degrees,
            data.lat_minutes,
            data.lat_seconds,
            lat.direction.as_str(),
            data.long_degrees,
            data.long_minutes,
            data.long_seconds,
            long.direction.as_str(),
            data.altitude,
            data.size,
            data.precision_horz,
            data.precision_vert
        )
    });
    RecordBody::Loc(LocRecord {
        data: Some(data),
        content,
    })
    .into()
}

pub fn naptr(d: &rr::naptr::Naptr, echo: bool) -> Result<ApiBody, ConvertError> {
    Ok(RecordBody::Naptr(NaptrRecord {
        content: echo.then(|| RecordData::Naptr(d.clone()).to_text()),
        data: Some(NaptrData {
            order: d.order,
            preference: d.preference,
            flags: utf8(&d.flags, "NAPTR flags")?,
            service: utf8(&d.services, "NAPTR services")?,
            regex: utf8(&d.regexp, "NAPTR regexp")?,
            replacement: dotted_name(&d.replacement, "replacement")?,
        }),
    })
    .into())
}

fn tlsa_parts(d: &rr::tlsa::Tlsa, echo: bool) -> (TlsaData, Option<String>) {
    let certificate = HEXLOWER.encode(&d.data);
    let content = echo.then(|| {
        format!(
            "{} {} {} {certificate}",
            d.usage, d.selector, d.matching_type
        )
    });
    (
        TlsaData {
            usage: d.usage,
            selector: d.selector,
            matching_type: d.matching_type,
            certificate,
        },
        content,
    )
}

pub fn smimea(d: &rr::tlsa::Tlsa, echo: bool) -> ApiBody {
    let (data, content) = tlsa_parts(d, echo);
    RecordBody::Smimea(SmimeaRecord {
        data: Some(data),
        content,
    })
    .into()
}

pub fn tlsa(d: &rr::tlsa::Tlsa, echo: bool) -> ApiBody {
    let (data, content) = tlsa_parts(d, echo);
    RecordBody::Tlsa(TlsaRecord {
        data: Some(data),
        content,
    })
    .into()
}

pub fn srv(d: &rr::srv::Srv, echo: bool) -> Result<ApiBody, ConvertError> {
    let target = name(&d.target, "target")?;
    Ok(RecordBody::Srv(SrvRecord {
        content: echo.then(|| format!("{} {} {target}", d.weight, d.port)),
        data: Some(SrvData {
            priority: d.priority,
            weight: d.weight,
            port: d.port,
            target,
            service: None,
            proto: None,
            name: None,
        }),
    })
    .into())
}

pub fn sshfp(d: &rr::sshfp::Sshfp, echo: bool) -> ApiBody {
    let fingerprint = HEXLOWER.encode(&d.fingerprint);
    RecordBody::Sshfp(SshfpRecord {
        content: echo.then(|| format!("{} {} {fingerprint}", d.algorithm, d.fp_type)),
        data: Some(SshfpData {
            algorithm: d.algorithm,
            fp_type: d.fp_type,
            fingerprint,
        }),
    })
    .into()
}

pub fn uri(d: &rr::uri::Uri, echo: bool) -> Result<ApiBody, ConvertError> {
    let target = utf8(&d.target, "URI target")?;
    let content = echo.then(|| {
        let mut content = format!("{} ", d.weight);
        crate::text::push_quoted(&mut content, &d.target);
        content
    });
    Ok(ApiBody {
        body: RecordBody::Uri(UriRecord {
            data: Some(UriData {
                target,
                weight: d.weight,
            }),
            content,
        }),
        priority: Some(d.priority),
    })
}
