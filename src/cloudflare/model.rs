//! The record JSON of Cloudflare's DNS records API, spelled exactly as the API spells it.
//!
//! [`DnsRecord`] is one record as the API sends and takes it. Its typed part, [`RecordBody`],
//! is a union tagged by `type` with one struct per record type, so CAA's numeric `flags` and
//! NAPTR's string `flags` never meet (the single merged `data` object of the generated SDKs
//! broke on exactly that). Types the API may send but this model does not know (`SPF`, `SOA`,
//! `ALIAS`, …) land in [`RecordBody::Other`] instead of failing the whole list.
//!
//! Response-only fields (`id`, `proxiable`, timestamps, `meta`, legacy `zone_id`/`zone_name`/
//! `locked`) are read and kept, unknown fields are kept in [`DnsRecord::extra`], and
//! [`DnsRecord::request_form`] gives the body to send on create, batch or overwrite.
//!
//! ```
//! use zonefmt::cloudflare::model::{DnsRecord, RecordBody};
//! let r: DnsRecord = serde_json::from_str(
//!     r#"{"id":"372e67954025e0ba6aaa6d586b9e0b59","type":"CAA","name":"example.com",
//!         "data":{"flags":0,"tag":"issue","value":"letsencrypt.org"},"ttl":1,
//!         "proxiable":false,"proxied":false}"#).unwrap();
//! assert!(matches!(&r.body, RecordBody::Caa(c) if c.data.as_ref().unwrap().tag == "issue"));
//! let request = serde_json::to_string(&r.request_form()).unwrap();
//! assert_eq!(request, r#"{"name":"example.com","type":"CAA","data":{"flags":0,"tag":"issue","value":"letsencrypt.org"},"ttl":1,"proxied":false}"#);
//! ```

use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The TTL value that means "automatic" (served as 300 seconds).
pub const AUTO_TTL: u32 = 1;

/// One DNS record of the API, request or response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DnsRecord {
    /// The record's identifier (32 hex digits); set by the API, needed for updates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The complete name in Punycode, without trailing dot (requests may also use `@` or a
    /// name relative to the zone).
    pub name: String,
    /// `type` with the type's `content` or `data`.
    #[serde(flatten)]
    pub body: RecordBody,
    /// MX preference or URI priority; other types may echo it in responses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u16>,
    /// 1 = automatic, otherwise seconds.
    pub ttl: u32,
    /// Whether Cloudflare's proxy answers for the name (A, AAAA, CNAME only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxied: Option<bool>,
    /// Free text kept with the record; no effect on DNS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `name:value` tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Per-record settings.
    #[serde(skip_serializing_if = "RecordSettings::is_empty")]
    pub settings: RecordSettings,
    /// Private network routing to the origin (A and AAAA only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_routing: Option<bool>,
    /// Fields only responses carry.
    #[serde(flatten)]
    pub response: ResponseFields,
    /// Fields this model does not know, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DnsRecord {
    /// A record with the given name, body and TTL and nothing else set.
    pub fn new(name: impl Into<String>, body: RecordBody, ttl: u32) -> DnsRecord {
        DnsRecord {
            id: None,
            name: name.into(),
            body,
            priority: None,
            ttl,
            proxied: None,
            comment: None,
            tags: Vec::new(),
            settings: RecordSettings::default(),
            private_routing: None,
            response: ResponseFields::default(),
            extra: Map::new(),
        }
    }

    /// The record type as the API spells it (`A`, `HTTPS`, or whatever an unknown type said).
    pub fn type_name(&self) -> &str {
        self.body.type_name()
    }

    /// The body to send on create, batch `posts`/`puts` or overwrite: response-only fields,
    /// unknown fields and the `id` removed (set `id` again for batch `puts`/`patches`), the
    /// read-only `content` echo of the `data` types removed, `priority` kept only where the
    /// type takes it (MX, URI), and SRV's deprecated `data.service`/`proto`/`name` dropped.
    pub fn request_form(&self) -> DnsRecord {
        self.clone().into_request_form()
    }

    /// [`DnsRecord::request_form`] without copying.
    pub fn into_request_form(mut self) -> DnsRecord {
        self.body.strip_read_only();
        if !matches!(self.body, RecordBody::Mx(_) | RecordBody::Uri(_)) {
            self.priority = None;
        }
        self.id = None;
        self.settings.other = Map::new();
        self.response = ResponseFields::default();
        self.extra = Map::new();
        self
    }
}

/// Per-record settings (`settings`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecordSettings {
    /// Proxied records only: answer with IPv4 addresses only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4_only: Option<bool>,
    /// Proxied records only: answer with IPv6 addresses only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_only: Option<bool>,
    /// CNAME only: flatten this CNAME (paid zones; proxied CNAMEs are always flattened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flatten_cname: Option<bool>,
    /// Settings this model does not know, kept as read.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl RecordSettings {
    /// True when no setting is present.
    pub fn is_empty(&self) -> bool {
        self.ipv4_only.is_none()
            && self.ipv6_only.is_none()
            && self.flatten_cname.is_none()
            && self.other.is_empty()
    }
}

/// The fields only responses carry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResponseFields {
    /// Whether the record could be proxied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxiable: Option<bool>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    /// RFC 3339 time of the last change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<String>,
    /// RFC 3339 time of the last comment change (absent without a comment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_modified_on: Option<String>,
    /// RFC 3339 time of the last tag change (absent without tags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags_modified_on: Option<String>,
    /// Extra information about the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RecordMeta>,
    /// Legacy: the zone's identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// Legacy: the zone's name (Unicode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_name: Option<String>,
    /// Legacy: whether the record was locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
}

/// `meta`: how the record came to be and whether it may be changed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecordMeta {
    /// Added by the onboarding scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_added: Option<bool>,
    /// Where the record came from (`primary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by_apps: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by_argo_tunnel: Option<bool>,
    /// A system record (Email Routing DKIM, …) that cannot be changed or deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// With `include_shadow_metadata`: ids of the NS records shadowing this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadowed_by: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_glue: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_glue: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadowed_records_count: Option<u64>,
    /// Keys this model does not know, kept as read.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// The per-type bodies.

macro_rules! content_types {
    ($( $(#[$doc:meta])* $variant:ident($ty:ident) = $api:literal; )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $ty {
            pub content: String,
        }
    )*};
}

macro_rules! data_types {
    ($( $(#[$doc:meta])* $variant:ident($ty:ident, $data:ty) = $api:literal; )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct $ty {
            /// The typed fields (required in requests).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub data: Option<$data>,
            /// The server's read-only presentation of `data`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub content: Option<String>,
        }
    )*};
}

/// A record type the model does not know (`SPF`, `SOA`, `ALIAS`, …), kept as read.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherRecord {
    /// The `type` as sent.
    pub type_name: String,
    pub content: Option<Value>,
    pub data: Option<Value>,
}

macro_rules! record_body {
    (
        content { $( $(#[$cdoc:meta])* $cv:ident($cty:ident) = $capi:literal; )* }
        data { $( $(#[$ddoc:meta])* $dv:ident($dty:ident, $ddata:ty) = $dapi:literal; )* }
    ) => {
        content_types! { $( $(#[$cdoc])* $cv($cty) = $capi; )* }
        data_types! { $( $(#[$ddoc])* $dv($dty, $ddata) = $dapi; )* }

        /// The typed part of a record: `type` with its `content` or `data`.
        #[derive(Debug, Clone, PartialEq)]
        pub enum RecordBody {
            $( $cv($cty), )*
            $( $dv($dty), )*
            /// Any other `type`.
            Other(OtherRecord),
        }

        /// The 21 types the API takes, as it spells them.
        pub const API_TYPES: &[&str] = &[$( $capi, )* $( $dapi, )*];

        impl RecordBody {
            /// The `type` as the API spells it.
            pub fn type_name(&self) -> &str {
                match self {
                    $( RecordBody::$cv(_) => $capi, )*
                    $( RecordBody::$dv(_) => $dapi, )*
                    RecordBody::Other(o) => &o.type_name,
                }
            }

            /// The `content` string, where there is one.
            pub fn content(&self) -> Option<&str> {
                match self {
                    $( RecordBody::$cv(r) => Some(&r.content), )*
                    $( RecordBody::$dv(r) => r.content.as_deref(), )*
                    RecordBody::Other(o) => o.content.as_ref().and_then(Value::as_str),
                }
            }

            /// True for the 13 types whose input is a `data` object.
            pub fn has_data(&self) -> bool {
                matches!(self, $( RecordBody::$dv(_) )|*)
            }

            /// Drops what only the server writes: the `content` echo of `data` types and
            /// SRV's deprecated data fields.
            fn strip_read_only(&mut self) {
                if let RecordBody::Srv(SrvRecord { data: Some(d), .. }) = self {
                    d.service = None;
                    d.proto = None;
                    d.name = None;
                }
                match self {
                    $( RecordBody::$dv(r) if r.data.is_some() => r.content = None, )*
                    _ => {}
                }
            }

            /// Builds the body from the `type`, `content` and `data` members of a record.
            fn from_parts(
                type_name: String,
                content: Option<Value>,
                data: Option<Value>,
            ) -> Result<RecordBody, String> {
                let mut fields = Map::new();
                if let Some(c) = &content {
                    if !c.is_null() {
                        fields.insert("content".into(), c.clone());
                    }
                }
                if let Some(d) = &data {
                    if !d.is_null() {
                        fields.insert("data".into(), d.clone());
                    }
                }
                let fields = Value::Object(fields);
                let describe = |e: serde_json::Error| format!("{type_name} record: {e}");
                Ok(match type_name.as_str() {
                    $( $capi => RecordBody::$cv(serde_json::from_value(fields).map_err(describe)?), )*
                    $( $dapi => {
                        let body: $dty = serde_json::from_value(fields).map_err(describe)?;
                        if body.data.is_none() && body.content.is_none() {
                            return Err(format!("{type_name} record: missing field `data`"));
                        }
                        RecordBody::$dv(body)
                    } )*
                    _ => RecordBody::Other(OtherRecord { type_name, content, data }),
                })
            }
        }

        impl Serialize for RecordBody {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #[derive(Serialize)]
                struct Tagged<'a, T: Serialize> {
                    #[serde(rename = "type")]
                    type_name: &'a str,
                    #[serde(flatten)]
                    body: &'a T,
                }
                match self {
                    $( RecordBody::$cv(r) => Tagged { type_name: $capi, body: r }.serialize(serializer), )*
                    $( RecordBody::$dv(r) => Tagged { type_name: $dapi, body: r }.serialize(serializer), )*
                    RecordBody::Other(o) => {
                        let mut map = serializer.serialize_map(None)?;
                        map.serialize_entry("type", &o.type_name)?;
                        if let Some(c) = &o.content {
                            map.serialize_entry("content", c)?;
                        }
                        if let Some(d) = &o.data {
                            map.serialize_entry("data", d)?;
                        }
                        map.end()
                    }
                }
            }
        }
    };
}

// The types the API takes, each once: its struct, its `RecordBody` variant and its API name.
record_body! {
    content {
        /// `A`: `content` is a dotted-quad IPv4 address.
        A(ARecord) = "A";
        /// `AAAA`: `content` is an IPv6 address (stored in RFC 5952 form).
        Aaaa(AaaaRecord) = "AAAA";
        /// `CNAME`: `content` is the target host name, without trailing dot.
        Cname(CnameRecord) = "CNAME";
        /// `MX`: `content` is the mail exchanger; the preference is the record's `priority`.
        Mx(MxRecord) = "MX";
        /// `NS`: `content` is the name server.
        Ns(NsRecord) = "NS";
        /// `OPENPGPKEY`: `content` is one base64 OpenPGP transferable public key.
        Openpgpkey(OpenpgpkeyRecord) = "OPENPGPKEY";
        /// `PTR`: `content` is the pointer target.
        Ptr(PtrRecord) = "PTR";
        /// `TXT`: `content` is RFC 1035 quoted character-strings (`"a" "b"`); legacy records
        /// may hold unquoted text.
        Txt(TxtRecord) = "TXT";
    }
    data {
        /// `CAA`.
        Caa(CaaRecord, CaaData) = "CAA";
        /// `CERT`.
        Cert(CertRecord, CertData) = "CERT";
        /// `DNSKEY`.
        Dnskey(DnskeyRecord, DnskeyData) = "DNSKEY";
        /// `DS`.
        Ds(DsRecord, DsData) = "DS";
        /// `HTTPS`.
        Https(HttpsRecord, SvcbData) = "HTTPS";
        /// `LOC`.
        Loc(LocRecord, LocData) = "LOC";
        /// `NAPTR`.
        Naptr(NaptrRecord, NaptrData) = "NAPTR";
        /// `SMIMEA`.
        Smimea(SmimeaRecord, TlsaData) = "SMIMEA";
        /// `SRV`: the record's `name` is `_service._proto.host`.
        Srv(SrvRecord, SrvData) = "SRV";
        /// `SSHFP`.
        Sshfp(SshfpRecord, SshfpData) = "SSHFP";
        /// `SVCB`.
        Svcb(SvcbRecord, SvcbData) = "SVCB";
        /// `TLSA`.
        Tlsa(TlsaRecord, TlsaData) = "TLSA";
        /// `URI`: the priority is the record's top-level `priority`.
        Uri(UriRecord, UriData) = "URI";
    }
}

impl<'de> Deserialize<'de> for DnsRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DnsRecord, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            id: Option<String>,
            name: String,
            #[serde(rename = "type")]
            type_name: String,
            #[serde(default)]
            content: Option<Value>,
            #[serde(default)]
            data: Option<Value>,
            #[serde(default, deserialize_with = "lenient::opt_u16")]
            priority: Option<u16>,
            #[serde(default = "auto_ttl")]
            ttl: u32,
            #[serde(default)]
            proxied: Option<bool>,
            #[serde(default)]
            comment: Option<String>,
            #[serde(default)]
            tags: Option<Vec<String>>,
            #[serde(default)]
            settings: Option<RecordSettings>,
            #[serde(default)]
            private_routing: Option<bool>,
            #[serde(flatten)]
            response: ResponseFields,
            #[serde(flatten)]
            extra: Map<String, Value>,
        }
        fn auto_ttl() -> u32 {
            AUTO_TTL
        }
        let raw = Raw::deserialize(deserializer)?;
        let body = RecordBody::from_parts(raw.type_name, raw.content, raw.data)
            .map_err(de::Error::custom)?;
        Ok(DnsRecord {
            id: raw.id,
            name: raw.name,
            body,
            priority: raw.priority,
            ttl: raw.ttl,
            proxied: raw.proxied,
            comment: raw.comment,
            tags: raw.tags.unwrap_or_default(),
            settings: raw.settings.unwrap_or_default(),
            private_routing: raw.private_routing,
            response: raw.response,
            extra: raw.extra,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// `data` objects.

/// CAA `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaaData {
    /// 0–255; 128 = issuer critical.
    #[serde(deserialize_with = "lenient::u8")]
    pub flags: u8,
    /// `issue`, `issuewild`, `iodef`, …
    pub tag: String,
    pub value: String,
}

/// CERT `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertData {
    /// The certificate type, 0–65535.
    #[serde(rename = "type", deserialize_with = "lenient::u16")]
    pub cert_type: u16,
    #[serde(deserialize_with = "lenient::u16")]
    pub key_tag: u16,
    #[serde(deserialize_with = "lenient::u8")]
    pub algorithm: u8,
    /// Base64.
    pub certificate: String,
}

/// DNSKEY `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnskeyData {
    #[serde(deserialize_with = "lenient::u16")]
    pub flags: u16,
    #[serde(deserialize_with = "lenient::u8")]
    pub protocol: u8,
    #[serde(deserialize_with = "lenient::u8")]
    pub algorithm: u8,
    /// Base64.
    pub public_key: String,
}

/// DS `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DsData {
    #[serde(deserialize_with = "lenient::u16")]
    pub key_tag: u16,
    #[serde(deserialize_with = "lenient::u8")]
    pub algorithm: u8,
    #[serde(deserialize_with = "lenient::u8")]
    pub digest_type: u8,
    /// Hexadecimal.
    pub digest: String,
}

/// HTTPS and SVCB `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SvcbData {
    /// 0 = alias form.
    #[serde(deserialize_with = "lenient::u16")]
    pub priority: u16,
    /// The target name; `.` means the owner itself.
    pub target: String,
    /// The SvcParams in presentation form: `alpn="h3,h2" ipv4hint="192.0.2.1"`.
    #[serde(default)]
    pub value: String,
}

/// Latitude hemisphere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LatDirection {
    N,
    S,
}

/// Longitude hemisphere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LongDirection {
    E,
    W,
}

/// LOC `data`: position in degrees, minutes and seconds, sizes in metres.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocData {
    /// 0–90.
    #[serde(deserialize_with = "lenient::u8")]
    pub lat_degrees: u8,
    /// 0–59.
    #[serde(default, deserialize_with = "lenient::u8")]
    pub lat_minutes: u8,
    /// 0–59.999.
    #[serde(
        default,
        deserialize_with = "lenient::f64",
        serialize_with = "lenient::ser_f64"
    )]
    pub lat_seconds: f64,
    pub lat_direction: LatDirection,
    /// 0–180.
    #[serde(deserialize_with = "lenient::u8")]
    pub long_degrees: u8,
    #[serde(default, deserialize_with = "lenient::u8")]
    pub long_minutes: u8,
    #[serde(
        default,
        deserialize_with = "lenient::f64",
        serialize_with = "lenient::ser_f64"
    )]
    pub long_seconds: f64,
    pub long_direction: LongDirection,
    /// Metres, −100000 … 42849672.95.
    #[serde(
        default,
        deserialize_with = "lenient::f64",
        serialize_with = "lenient::ser_f64"
    )]
    pub altitude: f64,
    /// Metres, 0 … 90000000.
    #[serde(
        default,
        deserialize_with = "lenient::f64",
        serialize_with = "lenient::ser_f64"
    )]
    pub size: f64,
    #[serde(
        default,
        deserialize_with = "lenient::f64",
        serialize_with = "lenient::ser_f64"
    )]
    pub precision_horz: f64,
    #[serde(
        default,
        deserialize_with = "lenient::f64",
        serialize_with = "lenient::ser_f64"
    )]
    pub precision_vert: f64,
}

/// NAPTR `data`. `flags` is a string here, unlike CAA's number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NaptrData {
    #[serde(deserialize_with = "lenient::u16")]
    pub order: u16,
    #[serde(deserialize_with = "lenient::u16")]
    pub preference: u16,
    #[serde(default)]
    pub flags: String,
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub regex: String,
    pub replacement: String,
}

/// TLSA and SMIMEA `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsaData {
    #[serde(deserialize_with = "lenient::u8")]
    pub usage: u8,
    #[serde(deserialize_with = "lenient::u8")]
    pub selector: u8,
    #[serde(deserialize_with = "lenient::u8")]
    pub matching_type: u8,
    /// Hexadecimal.
    pub certificate: String,
}

/// SRV `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SrvData {
    #[serde(deserialize_with = "lenient::u16")]
    pub priority: u16,
    #[serde(deserialize_with = "lenient::u16")]
    pub weight: u16,
    #[serde(deserialize_with = "lenient::u16")]
    pub port: u16,
    /// The target host; `.` when the service is not offered (some responses send `false`).
    #[serde(deserialize_with = "lenient::srv_target")]
    pub target: String,
    /// Deprecated (2024): `_service`, now part of the record name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Deprecated (2024): `_proto`, now part of the record name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proto: Option<String>,
    /// Deprecated (2024): the host part, now part of the record name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// SSHFP `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SshfpData {
    #[serde(deserialize_with = "lenient::u8")]
    pub algorithm: u8,
    /// The fingerprint type.
    #[serde(rename = "type", deserialize_with = "lenient::u8")]
    pub fp_type: u8,
    /// Hexadecimal.
    pub fingerprint: String,
}

/// URI `data`; the priority is the record's top-level `priority`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UriData {
    /// The URI.
    pub target: String,
    #[serde(deserialize_with = "lenient::u16")]
    pub weight: u16,
}

/// Deserialisers that accept a number also when it arrives as a numeric string (the merged
/// `data` model of some SDKs sends strings), and a serialiser that writes whole floats as
/// integers, as the API does (`"altitude": 20`).
mod lenient {
    use serde::de::{Deserialize, Deserializer, Error};
    use serde::Serializer;
    use serde_json::Value;

    fn number<'de, D: Deserializer<'de>, T>(d: D, what: &str) -> Result<T, D::Error>
    where
        T: std::str::FromStr + serde::de::DeserializeOwned,
    {
        let v = Value::deserialize(d)?;
        match &v {
            Value::String(s) => s
                .trim()
                .parse()
                .map_err(|_| D::Error::custom(format!("invalid {what} \"{s}\""))),
            // A whole number written as a float (`52.0`: JSON has one number type, and a
            // back end that keeps numbers as doubles prints them so) is that integer.
            Value::Number(n) if n.is_f64() => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                    serde_json::from_value(Value::from(f as i64))
                        .map_err(|_| D::Error::custom(format!("invalid {what} {v}")))
                }
                _ => serde_json::from_value(v.clone())
                    .map_err(|_| D::Error::custom(format!("invalid {what} {v}"))),
            },
            _ => serde_json::from_value(v.clone())
                .map_err(|_| D::Error::custom(format!("invalid {what} {v}"))),
        }
    }

    pub fn u8<'de, D: Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
        number(d, "number (expected 0 to 255)")
    }

    pub fn u16<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
        number(d, "number (expected 0 to 65535)")
    }

    pub fn opt_u16<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
        let v = Value::deserialize(d)?;
        if v.is_null() {
            return Ok(None);
        }
        u16(v).map(Some).map_err(D::Error::custom)
    }

    pub fn f64<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let n: f64 = number(d, "number")?;
        if n.is_finite() {
            Ok(n)
        } else {
            Err(D::Error::custom("invalid number"))
        }
    }

    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn ser_f64<S: Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            s.serialize_i64(*n as i64)
        } else {
            s.serialize_f64(*n)
        }
    }

    pub fn srv_target<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(s),
            Value::Bool(false) | Value::Null => Ok(".".to_string()),
            other => Err(D::Error::custom(format!(
                "invalid SRV target {other} (expected a host name)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> DnsRecord {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn every_type_reads_and_writes_its_fields() {
        let cases = [
            json!({"type":"A","name":"a.example.com","content":"192.0.2.1","ttl":1,"proxied":true}),
            json!({"type":"AAAA","name":"a.example.com","content":"2001:db8::1","ttl":300}),
            json!({"type":"CNAME","name":"w.example.com","content":"example.com","ttl":1,"settings":{"flatten_cname":true}}),
            json!({"type":"MX","name":"example.com","content":"mx.example.net","priority":10,"ttl":1}),
            json!({"type":"NS","name":"sub.example.com","content":"ns1.example.net","ttl":86400}),
            json!({"type":"OPENPGPKEY","name":"x._openpgpkey.example.com","content":"mQINBGA=","ttl":1}),
            json!({"type":"PTR","name":"1.2.0.192.in-addr.arpa","content":"host.example.com","ttl":1}),
            json!({"type":"TXT","name":"example.com","content":"\"v=spf1 -all\"","ttl":1}),
            json!({"type":"CAA","name":"example.com","data":{"flags":0,"tag":"issue","value":"letsencrypt.org"},"ttl":1}),
            json!({"type":"CERT","name":"example.com","data":{"type":1,"key_tag":2,"algorithm":8,"certificate":"AAEC"},"ttl":1}),
            json!({"type":"DNSKEY","name":"example.com","data":{"flags":257,"protocol":3,"algorithm":13,"public_key":"AAEC"},"ttl":1}),
            json!({"type":"DS","name":"sub.example.com","data":{"key_tag":1,"algorithm":13,"digest_type":2,"digest":"B5BB"},"ttl":1}),
            json!({"type":"HTTPS","name":"example.com","data":{"priority":1,"target":".","value":"alpn=\"h3,h2\""},"ttl":1}),
            json!({"type":"LOC","name":"example.com","data":{"lat_degrees":31,"lat_minutes":58,"lat_seconds":52.1,"lat_direction":"S","long_degrees":115,"long_minutes":49,"long_seconds":11.7,"long_direction":"E","altitude":20,"size":10,"precision_horz":10,"precision_vert":2},"ttl":1}),
            json!({"type":"NAPTR","name":"example.com","data":{"order":30,"preference":100,"flags":"S","service":"SIP+D2T","regex":"","replacement":"_sip._tls.example.com."},"ttl":1}),
            json!({"type":"SMIMEA","name":"x._smimecert.example.com","data":{"usage":3,"selector":1,"matching_type":1,"certificate":"abcd"},"ttl":1}),
            json!({"type":"SRV","name":"_sip._tcp.example.com","data":{"priority":10,"weight":5,"port":5060,"target":"sip.example.com"},"ttl":1}),
            json!({"type":"SSHFP","name":"host.example.com","data":{"algorithm":1,"type":2,"fingerprint":"859be6"},"ttl":1}),
            json!({"type":"SVCB","name":"_dns.example.com","data":{"priority":1,"target":"dns.example.com.","value":"alpn=\"dot\""},"ttl":1}),
            json!({"type":"TLSA","name":"_443._tcp.example.com","data":{"usage":3,"selector":1,"matching_type":1,"certificate":"abcd"},"ttl":1}),
            json!({"type":"URI","name":"_http._tcp.example.com","data":{"target":"http://example.com/","weight":1},"priority":10,"ttl":1}),
        ];
        let mut seen = std::collections::HashSet::new();
        for case in cases {
            let record = read(case.clone());
            assert!(
                !matches!(record.body, RecordBody::Other(_)),
                "{case} read as an unknown type"
            );
            seen.insert(record.type_name().to_string());
            assert_eq!(serde_json::to_value(&record).unwrap(), case);
        }
        let all: std::collections::HashSet<String> =
            API_TYPES.iter().map(|s| s.to_string()).collect();
        assert_eq!(seen, all);
    }

    #[test]
    fn response_fields_are_kept_and_request_form_drops_them() {
        let response = json!({
            "id": "fc12ab34cd5611334422ab3322997656",
            "type": "SRV",
            "name": "_srv._tcp.unit.tests",
            "data": {"service": "_srv", "proto": "_tcp", "name": "unit.tests",
                     "priority": 12, "weight": 20, "port": 30, "target": "foo-2.unit.tests"},
            "content": "20 30 foo-2.unit.tests",
            "priority": 12,
            "proxiable": false, "proxied": false, "ttl": 600, "locked": false,
            "zone_id": "ff12ab34cd5611334422ab3322997650", "zone_name": "unit.tests",
            "modified_on": "2017-03-11T18:01:43.940682Z",
            "created_on": "2017-03-11T18:01:43.940682Z",
            "comment": null, "tags": [],
            "meta": {"auto_added": false, "future_key": 3},
            "brand_new_field": {"x": 1}
        });
        let record = read(response.clone());
        assert_eq!(record.response.zone_name.as_deref(), Some("unit.tests"));
        assert_eq!(record.response.locked, Some(false));
        let meta = record.response.meta.as_ref().unwrap();
        assert_eq!(meta.auto_added, Some(false));
        assert_eq!(meta.other.get("future_key"), Some(&json!(3)));
        assert_eq!(record.extra.get("brand_new_field"), Some(&json!({"x": 1})));
        // Written back, everything read is there (null comment and empty tags are absent).
        let mut expected = response.clone();
        let obj = expected.as_object_mut().unwrap();
        obj.remove("comment");
        obj.remove("tags");
        assert_eq!(serde_json::to_value(&record).unwrap(), expected);
        assert_eq!(
            serde_json::to_value(record.request_form()).unwrap(),
            json!({"type": "SRV", "name": "_srv._tcp.unit.tests",
                   "data": {"priority": 12, "weight": 20, "port": 30, "target": "foo-2.unit.tests"},
                   "ttl": 600, "proxied": false})
        );
    }

    #[test]
    fn unknown_types_fall_back() {
        let soa = json!({"id":"x","type":"SOA","name":"unit.tests","content":"ignored","ttl":600});
        let record = read(soa.clone());
        match &record.body {
            RecordBody::Other(o) => {
                assert_eq!(o.type_name, "SOA");
                assert_eq!(o.content, Some(json!("ignored")));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(serde_json::to_value(&record).unwrap(), soa);
        let alias = read(json!({"type":"ALIAS","name":"a","data":{"k":1}}));
        assert_eq!(alias.type_name(), "ALIAS");
        assert_eq!(alias.ttl, AUTO_TTL);
    }

    #[test]
    fn lenient_numbers_and_srv_null_target() {
        let r =
            read(json!({"type":"CAA","name":"a","data":{"flags":"128","tag":"issue","value":"x"}}));
        let RecordBody::Caa(c) = &r.body else {
            panic!()
        };
        assert_eq!(c.data.as_ref().unwrap().flags, 128);
        let r = read(
            json!({"type":"SRV","name":"_a._tcp.b","data":{"priority":0,"weight":0,"port":0,"target":false}}),
        );
        let RecordBody::Srv(s) = &r.body else {
            panic!()
        };
        assert_eq!(s.data.as_ref().unwrap().target, ".");
        // Whole numbers written as floats are those integers; a fraction is still refused.
        let r = read(json!({"type":"LOC","name":"a","data":{
            "lat_degrees":52.0,"lat_minutes":22.0,"lat_seconds":23.5,"lat_direction":"N",
            "long_degrees":4.0,"long_minutes":53.0,"long_seconds":32.0,"long_direction":"E",
            "altitude":-2.0,"size":0.0,"precision_horz":10000.0,"precision_vert":10.0}}));
        let RecordBody::Loc(l) = &r.body else {
            panic!()
        };
        let data = l.data.as_ref().unwrap();
        assert_eq!(
            (data.lat_degrees, data.lat_minutes, data.long_degrees),
            (52, 22, 4)
        );
        assert_eq!(data.lat_seconds, 23.5);
        let r = read(
            json!({"type":"SRV","name":"_a._tcp.b","data":{"priority":10.0,"weight":5,"port":443.0,"target":"x"}}),
        );
        let RecordBody::Srv(s) = &r.body else {
            panic!()
        };
        assert_eq!(
            (
                s.data.as_ref().unwrap().priority,
                s.data.as_ref().unwrap().port
            ),
            (10, 443)
        );
        let err = serde_json::from_value::<DnsRecord>(
            json!({"type":"CAA","name":"a","data":{"flags":1.5,"tag":"issue","value":"x"}}),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("1.5"), "{err}");
    }

    #[test]
    fn bad_records_name_the_problem() {
        let err = serde_json::from_value::<DnsRecord>(
            json!({"type":"CAA","name":"a","data":{"flags":300,"tag":"issue","value":"x"}}),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("CAA record") && err.contains("300"), "{err}");
        let err = serde_json::from_value::<DnsRecord>(json!({"type":"A","name":"a"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("A record: missing field `content`"), "{err}");
        let err = serde_json::from_value::<DnsRecord>(json!({"type":"DS","name":"a"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("DS record: missing field `data`"), "{err}");
        let err = serde_json::from_value::<DnsRecord>(json!({"name":"a","content":"x"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("type"), "{err}");
        let err = serde_json::from_value::<DnsRecord>(
            json!({"type":"LOC","name":"a","data":{"lat_degrees":1,"lat_direction":"X","long_degrees":1,"long_direction":"E"}}),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("LOC record") && err.contains('X'), "{err}");
    }
}
