//! DNSSEC keys and delegation signers: DNSKEY, CDNSKEY (RFC 4034, RFC 7344), KEY (RFC 2535,
//! RFC 3445), DS, CDS, DLV (RFC 4431) and TA, plus the mnemonic tables other key-related types
//! share (security algorithms, DS digest types, key flags, key protocols).
//!
//! The grammar follows BIND 9.18: algorithm fields take a number or a mnemonic, key flags take
//! a number (decimal, or hexadecimal as BIND reads it) or `|`-joined flag names, DS digests of
//! known types must have the digest's exact length.

use super::{FieldError, Fields, Printer, RData, RecordType, Token, WireError, WireReader};
use crate::error::ErrorCode;
use crate::rr::fields::parse_decimal;

/// Security algorithm numbers (RFC 4034 Appendix A.1, IANA "DNS Security Algorithm Numbers")
/// with the mnemonic BIND prints for each.
const ALGORITHMS: &[(u8, &str)] = &[
    (1, "RSAMD5"),
    (2, "DH"),
    (3, "DSA"),
    (5, "RSASHA1"),
    (6, "NSEC3DSA"),
    (7, "NSEC3RSASHA1"),
    (8, "RSASHA256"),
    (10, "RSASHA512"),
    (12, "ECCGOST"),
    (13, "ECDSAP256SHA256"),
    (14, "ECDSAP384SHA384"),
    (15, "ED25519"),
    (16, "ED448"),
    (252, "INDIRECT"),
    (253, "PRIVATEDNS"),
    (254, "PRIVATEOID"),
];

/// Other spellings read but never printed: BIND's short ECDSA names and the IANA registry's
/// mnemonics where they differ from BIND's (BIND 9.18 rejects the latter; dnspython and the
/// registry use them, so accepting them costs nothing and prints the same number).
const ALGORITHM_ALIASES: &[(u8, &str)] = &[
    (13, "ECDSA256"),
    (14, "ECDSA384"),
    (6, "DSA-NSEC3-SHA1"),
    (7, "RSASHA1-NSEC3-SHA1"),
    (12, "ECC-GOST"),
    (17, "SM2SM3"),
    (23, "ECC-GOST12"),
];

/// What an algorithm field accepts, for error messages.
pub const ALGORITHM_EXPECTED: &str =
    "a number from 0 to 255 or an algorithm mnemonic such as RSASHA256 or ECDSAP256SHA256";

/// The mnemonic BIND prints for a security algorithm, if it has one.
pub fn algorithm_mnemonic(algorithm: u8) -> Option<&'static str> {
    ALGORITHMS
        .iter()
        .find(|(n, _)| *n == algorithm)
        .map(|(_, m)| *m)
}

/// Reads a security algorithm: a decimal 0–255 or a mnemonic (any case).
pub fn algorithm_from_text(text: &[u8]) -> Option<u8> {
    mnemonic_or_number(text, 255, ALGORITHMS.iter().chain(ALGORITHM_ALIASES))
        .and_then(|n| u8::try_from(n).ok())
}

/// BIND's rule for mnemonic-or-number fields: text starting with a digit must be a number in
/// range; anything else must be one of the mnemonics, compared without regard to case.
pub(crate) fn mnemonic_or_number<'m, N: Copy + Into<u64> + 'm>(
    text: &[u8],
    max: u64,
    table: impl IntoIterator<Item = &'m (N, &'m str)>,
) -> Option<u64> {
    if text.first().is_some_and(u8::is_ascii_digit) {
        return parse_decimal(text).filter(|n| *n <= max);
    }
    table
        .into_iter()
        .find(|(_, m)| m.as_bytes().eq_ignore_ascii_case(text))
        .map(|(n, _)| (*n).into())
}

/// Takes an algorithm field.
pub(crate) fn parse_algorithm(f: &mut Fields<'_, '_>) -> Result<u8, FieldError> {
    f.parse_with("algorithm", ALGORITHM_EXPECTED, algorithm_from_text)
}

/// DS digest types (RFC 4034, RFC 4509, RFC 5933, RFC 6605) as BIND names them, with the
/// digest length BIND enforces for each (GOST's is not checked, as in BIND).
const DIGEST_TYPES: &[(u8, &str, Option<usize>)] = &[
    (1, "SHA-1", Some(20)),
    (1, "SHA1", Some(20)),
    (2, "SHA-256", Some(32)),
    (2, "SHA256", Some(32)),
    (3, "GOST", None),
    (4, "SHA-384", Some(48)),
    (4, "SHA384", Some(48)),
];

/// Reads a DS digest type: a decimal 0–255 or `SHA-1`, `SHA1`, `SHA-256`, `SHA256`, `GOST`,
/// `SHA-384`, `SHA384` (any case).
pub fn digest_type_from_text(text: &[u8]) -> Option<u8> {
    if text.first().is_some_and(u8::is_ascii_digit) {
        return parse_decimal(text)
            .filter(|n| *n <= 255)
            .and_then(|n| u8::try_from(n).ok());
    }
    DIGEST_TYPES
        .iter()
        .find(|(_, m, _)| m.as_bytes().eq_ignore_ascii_case(text))
        .map(|(n, _, _)| *n)
}

/// The digest length a DS digest type requires, for the types whose length is checked.
pub fn digest_length(digest_type: u8) -> Option<usize> {
    DIGEST_TYPES
        .iter()
        .find(|(n, _, _)| *n == digest_type)
        .and_then(|(_, _, len)| *len)
}

/// The name of a DS digest type, for messages.
pub fn digest_type_name(digest_type: u8) -> Option<&'static str> {
    DIGEST_TYPES
        .iter()
        .find(|(n, _, _)| *n == digest_type)
        .map(|(_, m, _)| *m)
}

/// Key protocol values (RFC 2535 §3.1.3); DNSKEY requires 3.
const PROTOCOLS: &[(u8, &str)] = &[
    (0, "NONE"),
    (1, "TLS"),
    (2, "EMAIL"),
    (3, "DNSSEC"),
    (4, "IPSEC"),
    (255, "ALL"),
];

/// Reads a key protocol: a decimal 0–255 or `NONE`, `TLS`, `EMAIL`, `DNSSEC`, `IPSEC`, `ALL`.
pub fn protocol_from_text(text: &[u8]) -> Option<u8> {
    mnemonic_or_number(text, 255, PROTOCOLS).and_then(|n| u8::try_from(n).ok())
}

/// Key flag names (RFC 2535 §3.1.2 bits, BIND's names) and the bits each sets.
const KEY_FLAGS: &[(&str, u16)] = &[
    ("NOCONF", 0x4000),
    ("NOAUTH", 0x8000),
    ("NOKEY", 0xC000),
    ("FLAG2", 0x2000),
    ("EXTEND", 0x1000),
    ("FLAG4", 0x0800),
    ("FLAG5", 0x0400),
    ("USER", 0x0000),
    ("ZONE", 0x0100),
    ("HOST", 0x0200),
    ("NTYP3", 0x0300),
    ("FLAG8", 0x0080),
    ("FLAG9", 0x0040),
    ("FLAG10", 0x0020),
    ("FLAG11", 0x0010),
    ("SIG0", 0x0000),
    ("SIG1", 0x0001),
    ("SIG2", 0x0002),
    ("SIG3", 0x0003),
    ("SIG4", 0x0004),
    ("SIG5", 0x0005),
    ("SIG6", 0x0006),
    ("SIG7", 0x0007),
    ("SIG8", 0x0008),
    ("SIG9", 0x0009),
    ("SIG10", 0x000A),
    ("SIG11", 0x000B),
    ("SIG12", 0x000C),
    ("SIG13", 0x000D),
    ("SIG14", 0x000E),
    ("SIG15", 0x000F),
    ("KSK", 0x0001),
];

/// Reads key flags as BIND does: a decimal number; else, when it starts with a digit, a
/// hexadecimal number with or without `0x` (`0x101`, `1f`); else flag names joined by `|`
/// (`ZONE|KSK`). Unlike BIND, flag names must be complete (BIND also takes prefixes such as
/// `Z`, and an empty name between two `|`, a quirk nobody should rely on).
pub fn key_flags_from_text(text: &[u8]) -> Option<u16> {
    let first = *text.first()?;
    if first.is_ascii_digit() {
        if let Some(n) = parse_decimal(text) {
            return u16::try_from(n).ok();
        }
        let hex = text
            .strip_prefix(b"0x")
            .or_else(|| text.strip_prefix(b"0X"))
            .unwrap_or(text);
        if hex.is_empty() || hex.len() > 4 || !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        return u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok();
    }
    let mut value = 0u16;
    for part in text.split(|&c| c == b'|') {
        let (_, bits) = KEY_FLAGS
            .iter()
            .find(|(name, _)| name.as_bytes().eq_ignore_ascii_case(part))?;
        value |= bits;
    }
    Some(value)
}

/// The flags bit of a DNSKEY that marks a zone key (RFC 4034 §2.1.1).
pub const FLAG_ZONE: u16 = 0x0100;
/// The Secure Entry Point bit, set on key-signing keys (RFC 4034 §2.1.1).
pub const FLAG_SEP: u16 = 0x0001;
/// The REVOKE bit (RFC 5011 §7).
pub const FLAG_REVOKE: u16 = 0x0080;
/// The KEY flags value meaning "no key present" (RFC 2535 §3.1.2).
const FLAGS_NOKEY: u16 = 0xC000;

/// A public key: DNSKEY, CDNSKEY and the older KEY.
///
/// The key is required except in a KEY record whose flags say "no key" (both top bits set),
/// where it must be absent, as in BIND.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dnskey {
    pub flags: u16,
    pub protocol: u8,
    pub algorithm: u8,
    pub public_key: Vec<u8>,
}

impl Dnskey {
    /// The key tag that RRSIG and DS records use to refer to this key (RFC 4034 Appendix B),
    /// including the special rule for algorithm 1 (RSA/MD5).
    pub fn key_tag(&self) -> u16 {
        if self.algorithm == 1 {
            // RFC 4034 B.1: the most significant 16 of the least significant 24 bits of the
            // modulus, which ends the key.
            let n = self.public_key.len();
            return n
                .checked_sub(3)
                .and_then(|start| self.public_key.get(start..start + 2))
                .and_then(|pair| <[u8; 2]>::try_from(pair).ok())
                .map_or(0, u16::from_be_bytes);
        }
        let mut wire = Vec::with_capacity(4 + self.public_key.len());
        self.encode(&mut wire);
        let mut acc: u32 = 0;
        for (i, &b) in wire.iter().enumerate() {
            acc += if i % 2 == 0 {
                u32::from(b) << 8
            } else {
                u32::from(b)
            };
        }
        acc += (acc >> 16) & 0xFFFF;
        (acc & 0xFFFF) as u16
    }

    /// Whether the ZONE bit is set, as it must be for a key that signs zone data.
    pub fn is_zone_key(&self) -> bool {
        self.flags & FLAG_ZONE != 0
    }

    /// Whether the SEP bit is set (conventionally a key-signing key).
    pub fn is_sep(&self) -> bool {
        self.flags & FLAG_SEP != 0
    }

    /// Whether the key is revoked (RFC 5011).
    pub fn is_revoked(&self) -> bool {
        self.flags & FLAG_REVOKE != 0
    }

    /// Whether this flags value announces that no key follows, which only KEY allows.
    fn allows_no_key(rtype: Option<RecordType>, flags: u16) -> bool {
        rtype == Some(RecordType::KEY) && flags & FLAGS_NOKEY == FLAGS_NOKEY
    }
}

impl RData for Dnskey {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let flags = f.parse_with(
            "flags",
            "a number from 0 to 65535 or flag names such as ZONE|KSK",
            key_flags_from_text,
        )?;
        let protocol = f.parse_with(
            "protocol",
            "a number from 0 to 255 or NONE, TLS, EMAIL, DNSSEC, IPSEC, ALL",
            protocol_from_text,
        )?;
        let algorithm = parse_algorithm(f)?;
        let public_key = if Dnskey::allows_no_key(Some(f.rtype()), flags) {
            if let Some(t) = f.peek() {
                return Err(FieldError::at(
                    &t,
                    ErrorCode::TrailingData,
                    format!(
                        "unexpected \"{}\" in KEY record: flags {flags} (NOKEY) say no key follows",
                        t.display()
                    ),
                ));
            }
            Vec::new()
        } else {
            let key = f.base64_rest("public key", false)?;
            if key.is_empty() {
                return Err(f.missing("public key"));
            }
            key
        };
        Ok(Dnskey {
            flags,
            protocol,
            algorithm,
            public_key,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.flags);
        p.display(self.protocol);
        p.display(self.algorithm);
        if !self.public_key.is_empty() {
            p.base64(&self.public_key);
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.flags.to_be_bytes());
        out.push(self.protocol);
        out.push(self.algorithm);
        out.extend_from_slice(&self.public_key);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let flags = w.u16()?;
        let protocol = w.u8()?;
        let algorithm = w.u8()?;
        let public_key = w.rest().to_vec();
        if public_key.is_empty() != Dnskey::allows_no_key(w.rtype(), flags) {
            return Err(WireError::Invalid(if public_key.is_empty() {
                "public key is empty".to_string()
            } else {
                format!("KEY flags {flags} (NOKEY) say no key follows, but one does")
            }));
        }
        Ok(Dnskey {
            flags,
            protocol,
            algorithm,
            public_key,
        })
    }
}

/// A delegation signer (DS, CDS, DLV, TA): the digest of a child zone's key.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Ds {
    pub key_tag: u16,
    pub algorithm: u8,
    pub digest_type: u8,
    pub digest: Vec<u8>,
}

impl Clone for Ds {
    fn clone(&self) -> Ds {
        Ds {
            key_tag: self.key_tag,
            algorithm: self.algorithm,
            digest_type: self.digest_type,
            digest: self.digest.clone(),
        }
    }

    /// Reuses the digest's vector (see `Record::clone_from`).
    fn clone_from(&mut self, source: &Ds) {
        self.key_tag = source.key_tag;
        self.algorithm = source.algorithm;
        self.digest_type = source.digest_type;
        self.digest.clone_from(&source.digest);
    }
}

/// The span from the first to the last of `tokens`, for errors about joined fields.
pub(crate) fn span(tokens: &[Token<'_>]) -> Option<(usize, usize)> {
    let first = tokens.first()?;
    let last = tokens.last()?;
    Some((first.offset, last.offset + last.source_len() - first.offset))
}

/// Checks that a digest has the length its type requires (when the type is one BIND checks).
fn check_digest_length(digest_type: u8, digest: &[u8]) -> Result<(), String> {
    match digest_length(digest_type) {
        Some(want) if digest.len() != want => Err(format!(
            "digest is {} octets long; digest type {digest_type} ({}) needs {want}",
            digest.len(),
            digest_type_name(digest_type).unwrap_or("?"),
        )),
        _ => Ok(()),
    }
}

impl RData for Ds {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let key_tag = f.u16("key tag")?;
        let algorithm = parse_algorithm(f)?;
        let digest_type = f.parse_with(
            "digest type",
            "a number from 0 to 255 or SHA-1, SHA-256, GOST, SHA-384",
            digest_type_from_text,
        )?;
        let at = span(f.remaining());
        let digest = f.hex_rest("digest", false)?;
        if let Err(why) = check_digest_length(digest_type, &digest) {
            return Err(FieldError {
                code: ErrorCode::BadField,
                message: format!("{why} in {} record", f.rtype()),
                at,
            });
        }
        if digest.is_empty() {
            return Err(f.missing("digest"));
        }
        Ok(Ds {
            key_tag,
            algorithm,
            digest_type,
            digest,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.key_tag);
        p.display(self.algorithm);
        p.display(self.digest_type);
        p.hex(&self.digest);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.key_tag.to_be_bytes());
        out.push(self.algorithm);
        out.push(self.digest_type);
        out.extend_from_slice(&self.digest);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let key_tag = w.u16()?;
        let algorithm = w.u8()?;
        let digest_type = w.u8()?;
        let digest = w.rest().to_vec();
        if digest.is_empty() {
            return Err(WireError::Short);
        }
        check_digest_length(digest_type, &digest).map_err(WireError::Invalid)?;
        Ok(Ds {
            key_tag,
            algorithm,
            digest_type,
            digest,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rr::testing::*;
    use crate::rr::RecordData;

    /// The root zone's KSK-2017 (testdata/root-zone-2018/root.zone).
    const ROOT_KSK_2017: &str = "257 3 8 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=";

    #[test]
    fn dnskey_round_trips_and_key_tag() {
        let data = assert_round_trip(
            "DNSKEY",
            "257 3 RSASHA256 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=",
            ROOT_KSK_2017,
            "0101030803010001ACFFB409BCC939F831F7A1E5EC88F7A59255EC53040BE432027390A4CE896D6F9086F3C5E177FBFE118163AAEC7AF1462C47945944C4E2C026BE5E98BBCDED25978272E1E3E079C5094D573F0E83C92F02B32D3513B1550B826929C80DD0F92CAC966D17769FD5867B647C3F38029ABDC48152EB8F207159ECC5D232C7C1537C79F4B7AC28FF11682F21681BF6D6ABA555032BF6F9F036BEB2AAA5B3778D6EEBFBA6BF9EA191BE4AB0CAEA759E2F773A1F9029C73ECB8D5735B9321DB085F1B8E2D8038FE2941992548CEE0D67DD4547E11DD63AF9C9FC1C5466FB684CF009D7197C2CF79E792AB501E6A8A1CA519AF2CB9B5F6367E94C0D47502451357BE1B5",
        );
        let RecordData::Dnskey(key) = data else {
            panic!("not a DNSKEY: {data:?}")
        };
        assert_eq!(key.key_tag(), 20326);
        assert!(key.is_zone_key() && key.is_sep() && !key.is_revoked());
    }

    #[test]
    fn dnskey_key_tag_of_root_zsk() {
        // The ZSK and KSK-2010 from testdata/root-zone-2018 (dnspython's key_id: 41824, 19036).
        let tag = |text: &str| match parse("DNSKEY", text).unwrap() {
            RecordData::Dnskey(key) => key.key_tag(),
            other => panic!("not a DNSKEY: {other:?}"),
        };
        assert_eq!(tag("256 3 8 AwEAAaDJd0KOMYGCEF0/cftC2hrFtz5GSn1HOiaxEp053AfbxQ3pT8BEtahPiUkCo1Qx4PECJ23YwaFhfWWjapr6AFxhD8klfZGp95ickoRlm91ZzXX/mcfn9vlUpZK2M8qjljNMzZJSopFY+cxRvib2Irb6YeP2a0vppaLnvR4BeOyEkQolLqvVHW7UqDFiP/CM15BWBsAIdbyo8L1h3OeP63TaYIrWttjGBILeZinSaJ39amiVs8t00RjTaKVo3vY2k6dje1Rh1ELqjNj8+cKA8iWC3VU7ApkyuGDy631RDILa6wCgcBVCzfFfOthQILxQra88tNWzCVoryQ89f1WjBJc="), 41824);
        assert_eq!(tag("257 3 8 AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjFFVQUTf6v58fLjwBd0YI0EzrAcQqBGCzh/RStIoO8g0NfnfL2MTJRkxoXbfDaUeVPQuYEhg37NZWAJQ9VnMVDxP/VHL496M/QZxkjf5/Efucp2gaDX6RS6CXpoY68LsvPVjR0ZSwzz1apAzvN9dlzEheX7ICJBBtuA6G3LQpzW5hOA2hzCTMjJPJ8LbqF6dsV6DoBQzgul0sGIcGOYl7OyQdXfZ57relSQageu+ipAdTTJ25AsRTAoub8ONGcLmqrAmRLKBP1dfwhYB4N7knNnulqQxA+Uk1ihz0="), 19036);
    }

    #[test]
    fn dnskey_key_tag_rsamd5_uses_modulus_tail() {
        let key = Dnskey {
            flags: 256,
            protocol: 3,
            algorithm: 1,
            public_key: vec![1, 0x12, 0x34, 0x56, 0x78],
        };
        // dnspython: key_id of "256 3 1 ARI0Vng=" is 13398 = 0x3456.
        assert_eq!(key.key_tag(), 0x3456);
        let short = Dnskey {
            public_key: vec![1, 2],
            ..key
        };
        assert_eq!(short.key_tag(), 0);
    }

    #[test]
    fn dnskey_flags_protocol_algorithm_mnemonics() {
        assert_round_trip(
            "DNSKEY",
            "ZONE|KSK DNSSEC ED25519 AQID BA==",
            "257 3 15 AQIDBA==",
            "0101030F01020304",
        );
        assert_round_trip(
            "DNSKEY",
            "0x101 3 ecdsap256sha256 AA==",
            "257 3 13 AA==",
            "0101030D00",
        );
        assert_round_trip(
            "DNSKEY",
            "1f 3 PRIVATEDNS AA==",
            "31 3 253 AA==",
            "001F03FD00",
        );
        assert_round_trip("CDNSKEY", "0 3 0 AA==", "0 3 0 AA==", "0000030000");
        assert_round_trip(
            "KEY",
            "256 ALL RSASHA1 AQID",
            "256 255 5 AQID",
            "0100FF05010203",
        );
    }

    #[test]
    fn key_without_key_material() {
        assert_round_trip("KEY", "NOKEY|NOAUTH 3 13", "49152 3 13", "C000030D");
        assert_rejects(
            "KEY",
            "49152 3 13 AA==",
            "flags 49152 (NOKEY) say no key follows",
        );
        assert_rejects(
            "DNSKEY",
            "49152 3 13",
            "missing public key in DNSKEY record",
        );
        assert_rejects("DNSKEY", "256 3 13", "missing public key in DNSKEY record");
        assert_wire_rejects("DNSKEY", "C000030D");
        assert_wire_rejects("KEY", "C000030D00");
        assert_wire_rejects("KEY", "0100030D");
    }

    #[test]
    fn dnskey_rejections() {
        assert_rejects(
            "DNSKEY",
            "65536 3 8 AA==",
            "invalid flags \"65536\" in DNSKEY record (expected a number from 0 to 65535 or flag names",
        );
        assert_rejects("DNSKEY", "REVOKE 3 8 AA==", "invalid flags \"REVOKE\"");
        assert_rejects(
            "DNSKEY",
            "ZONE||KSK 3 8 AA==",
            "invalid flags \"ZONE||KSK\"",
        );
        assert_rejects("DNSKEY", "0x 3 8 AA==", "invalid flags \"0x\"");
        assert_rejects("DNSKEY", "257 4x 8 AA==", "invalid protocol \"4x\"");
        assert_rejects(
            "DNSKEY",
            "257 3 RSA AA==",
            "invalid algorithm \"RSA\" in DNSKEY record (expected a number from 0 to 255 or an algorithm mnemonic",
        );
        assert_rejects("DNSKEY", "257 3 256 AA==", "invalid algorithm \"256\"");
        assert_rejects(
            "DNSKEY",
            "257 3 8 AQI",
            "invalid public key \"AQI\" in DNSKEY record (expected base64)",
        );
        assert_rejects("DNSKEY", "257 3 8 \"AQID\"", "invalid public key");
        assert_wire_rejects("DNSKEY", "");
        assert_wire_rejects("DNSKEY", "0101");
        assert_wire_rejects("DNSKEY", "010103");
        assert_wire_rejects("DNSKEY", "01010308");
    }

    #[test]
    fn ds_round_trips() {
        // The root's DS for .com in testdata/root-zone-2018.
        assert_round_trip(
            "DS",
            "30909 8 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CF C41A5766",
            "30909 8 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766",
            "78BD0802E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766",
        );
        assert_round_trip(
            "DS",
            "1 rsasha1 sha-1 0123456789abcdef0123456789abcdef01234567",
            "1 5 1 0123456789ABCDEF0123456789ABCDEF01234567",
            "000105010123456789ABCDEF0123456789ABCDEF01234567",
        );
        let sha384 = "AB".repeat(48);
        assert_round_trip(
            "DS",
            &format!("65535 ECDSA384 SHA384 {sha384}"),
            &format!("65535 14 4 {sha384}"),
            &format!("FFFF0E04{sha384}"),
        );
        assert_round_trip("DS", "1 8 GOST 00", "1 8 3 00", "0001080300");
        assert_round_trip("CDS", "0 0 0 00", "0 0 0 00", "0000000000");
        assert_round_trip("DLV", "1 2 3 ab", "1 2 3 AB", "00010203AB");
        assert_round_trip("TA", "1 2 200 ab cd", "1 2 200 ABCD", "000102C8ABCD");
    }

    #[test]
    fn ds_rejections() {
        assert_rejects(
            "DS",
            "1 8 2 00",
            "digest is 1 octets long; digest type 2 (SHA-256) needs 32 in DS record",
        );
        assert_rejects(
            "DS",
            &format!("1 8 SHA-1 {} 00", "00".repeat(20)),
            "digest is 21 octets long; digest type 1 (SHA-1) needs 20",
        );
        assert_rejects("DS", "1 8 255", "missing digest in DS record");
        assert_rejects(
            "DS",
            "1 8 7 0",
            "invalid digest \"0\" in DS record (expected hexadecimal)",
        );
        assert_rejects("DS", "65536 8 1 00", "invalid key tag \"65536\"");
        assert_rejects(
            "DS",
            "1 8 SHA-512 00",
            "invalid digest type \"SHA-512\" in DS record",
        );
        assert_rejects(
            "CDS",
            "1 ECC 1 00",
            "invalid algorithm \"ECC\" in CDS record",
        );
        assert_wire_rejects("DS", "00010802");
        assert_wire_rejects("DS", "000108");
        assert_wire_rejects("DS", "0001080200");
        assert_wire_rejects("DS", &format!("00010801{}", "00".repeat(19)));
    }

    #[test]
    fn mnemonic_tables() {
        assert_eq!(algorithm_from_text(b"010"), Some(10));
        assert_eq!(algorithm_from_text(b"rsasha1-nsec3-sha1"), Some(7));
        assert_eq!(algorithm_from_text(b"0x10"), None);
        assert_eq!(algorithm_from_text(b""), None);
        assert_eq!(algorithm_mnemonic(13), Some("ECDSAP256SHA256"));
        assert_eq!(algorithm_mnemonic(17), None);
        assert_eq!(key_flags_from_text(b"zone|ksk"), Some(257));
        assert_eq!(key_flags_from_text(b"0257"), Some(257));
        assert_eq!(key_flags_from_text(b"1e3"), Some(0x1e3));
        assert_eq!(key_flags_from_text(b"0x10000"), None);
        assert_eq!(key_flags_from_text(b"Z"), None);
        assert_eq!(protocol_from_text(b"ipsec"), Some(4));
        assert_eq!(digest_type_from_text(b"sha256"), Some(2));
        assert_eq!(digest_length(3), None);
    }
}

/// The types read through the zone-file reader: parentheses, comments and line breaks inside
/// the rdata, and whole real zones.
#[cfg(test)]
mod reader_tests {
    use crate::rr::{RecordData, RecordType};
    use crate::zonefile::{parse_str, ReaderOptions};

    #[test]
    fn multi_line_dnssec_records() {
        let text = "$TTL 3600\n\
            @ SOA ns hm 1 2 3 4 5\n\
            @ NS ns\n\
            ns A 192.0.2.1\n\
            @ DNSKEY 257 3 8 ( ; KSK-2017 of the root\n\
            \tAwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=\n\
            \t) ; key id 20326\n\
            @ RRSIG DNSKEY 8 1 3600 (\n\
            \t20300101000000 20200101000000 20326 @\n\
            \tAQID\n\
            \tBA== )\n\
            0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NSEC3 1 1 12 aabbccdd (\n\
            \t2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS\n\
            \tSOA NSEC3PARAM RRSIG )\n";
        let zone = parse_str(text, &ReaderOptions::with_origin("example.").unwrap()).unwrap();
        let data: Vec<&RecordData> = zone.records.iter().map(|r| &r.data).collect();
        let RecordData::Dnskey(key) = data[3] else {
            panic!("{:?}", data[3])
        };
        assert_eq!(key.key_tag(), 20326);
        assert_eq!(
            data[4].to_text(),
            "DNSKEY 8 1 3600 20300101000000 20200101000000 20326 example. AQIDBA=="
        );
        assert_eq!(
            data[5].to_text(),
            "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM"
        );
    }

    /// testdata/root-zone-2018 (MIT): every DS has the length its digest type needs, and the
    /// NSEC records form one chain in canonical order that ends back at the apex.
    #[test]
    fn root_zone_ds_and_nsec_chain() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/root-zone-2018/root.zone"
        ))
        .unwrap();
        let zone = parse_str(&text, &ReaderOptions::with_origin(".").unwrap()).unwrap();
        let mut ds_count = 0;
        let mut chain = Vec::new();
        for record in &zone.records {
            match &record.data {
                RecordData::Ds(ds) => {
                    ds_count += 1;
                    assert_eq!(
                        Some(ds.digest.len()),
                        super::digest_length(ds.digest_type),
                        "{}",
                        record.owner
                    );
                }
                RecordData::Nsec(nsec) => {
                    assert!(nsec.types.contains(RecordType::NSEC));
                    assert!(nsec.types.contains(RecordType::RRSIG));
                    chain.push((record.owner.clone(), nsec.next_domain.clone()));
                }
                _ => {}
            }
        }
        assert_eq!(ds_count, 2775); // grep -c "\tDS\t" on the file
        assert_eq!(chain.len(), 1545);
        chain.sort();
        for pair in chain.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "NSEC after {}", pair[0].0);
        }
        let (last, first) = (chain.last().unwrap(), chain.first().unwrap());
        assert_eq!(last.1, first.0, "the chain wraps to the apex");
        assert!(first.0.is_root());
    }
}
