//! CERT (RFC 4398): certificates and certificate revocation lists.
//!
//! As BIND does, the certificate type and the algorithm take a number or a mnemonic, and both
//! are printed as mnemonics where one exists (`PGP 0 RSASHA256 ...`); the certificate is base64
//! and must not be empty.

use super::dnssec::{algorithm_mnemonic, mnemonic_or_number, parse_algorithm};
use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// Certificate types (RFC 4398 §2.1).
const CERT_TYPES: &[(u16, &str)] = &[
    (1, "PKIX"),
    (2, "SPKI"),
    (3, "PGP"),
    (4, "IPKIX"),
    (5, "ISPKI"),
    (6, "IPGP"),
    (7, "ACPKIX"),
    (8, "IACPKIX"),
    (253, "URI"),
    (254, "OID"),
];

/// Reads a certificate type: a decimal 0–65535 or a mnemonic such as `PKIX` (any case).
pub fn cert_type_from_text(text: &[u8]) -> Option<u16> {
    mnemonic_or_number(text, 65535, CERT_TYPES).and_then(|n| u16::try_from(n).ok())
}

/// The mnemonic of a certificate type, if it has one.
pub fn cert_type_mnemonic(cert_type: u16) -> Option<&'static str> {
    CERT_TYPES
        .iter()
        .find(|(n, _)| *n == cert_type)
        .map(|(_, m)| *m)
}

/// A stored certificate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cert {
    pub cert_type: u16,
    pub key_tag: u16,
    pub algorithm: u8,
    pub certificate: Vec<u8>,
}

impl RData for Cert {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let cert_type = f.parse_with(
            "certificate type",
            "a number from 0 to 65535 or PKIX, SPKI, PGP, IPKIX, ISPKI, IPGP, ACPKIX, IACPKIX, URI, OID",
            cert_type_from_text,
        )?;
        let key_tag = f.u16("key tag")?;
        let algorithm = parse_algorithm(f)?;
        let certificate = f.base64_rest("certificate", false)?;
        if certificate.is_empty() {
            return Err(f.missing("certificate"));
        }
        Ok(Cert {
            cert_type,
            key_tag,
            algorithm,
            certificate,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        match cert_type_mnemonic(self.cert_type) {
            Some(m) => p.text(m),
            None => p.display(self.cert_type),
        }
        p.display(self.key_tag);
        match algorithm_mnemonic(self.algorithm) {
            Some(m) => p.text(m),
            None => p.display(self.algorithm),
        }
        p.base64(&self.certificate);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.cert_type.to_be_bytes());
        out.extend_from_slice(&self.key_tag.to_be_bytes());
        out.push(self.algorithm);
        out.extend_from_slice(&self.certificate);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let cert_type = w.u16()?;
        let key_tag = w.u16()?;
        let algorithm = w.u8()?;
        let certificate = w.rest().to_vec();
        if certificate.is_empty() {
            return Err(WireError::Short);
        }
        Ok(Cert {
            cert_type,
            key_tag,
            algorithm,
            certificate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rr::testing::*;

    #[test]
    fn cert() {
        assert_round_trip("CERT", "3 0 0 AQID", "PGP 0 0 AQID", "0003000000010203");
        assert_round_trip(
            "CERT",
            "pkix 1 ECDSA256 AA BB",
            "PKIX 1 ECDSAP256SHA256 AABB",
            "000100010D000041",
        );
        assert_round_trip(
            "CERT",
            "URI 65535 rsasha1 aHR0cDovL2V4YW1wbGUuY29tLw==",
            "URI 65535 RSASHA1 aHR0cDovL2V4YW1wbGUuY29tLw==",
            "00FDFFFF05687474703A2F2F6578616D706C652E636F6D2F",
        );
        assert_round_trip(
            "CERT",
            "65535 0 255 AA==",
            "65535 0 255 AA==",
            "FFFF0000FF00",
        );
        // SM2SM3 (17) is read by its IANA mnemonic but printed as a number, as BIND knows no name.
        assert_round_trip("CERT", "9 0 SM2SM3 AA==", "9 0 17 AA==", "000900001100");
        assert_rejects(
            "CERT",
            "FOO 0 0 AA==",
            "invalid certificate type \"FOO\" in CERT record (expected a number from 0 to 65535 or PKIX",
        );
        assert_rejects("CERT", "PGP 0 0", "missing certificate in CERT record");
        assert_rejects("CERT", "PGP 65536 0 AA==", "invalid key tag \"65536\"");
        assert_rejects(
            "CERT",
            "PGP 0 RSA AA==",
            "invalid algorithm \"RSA\" in CERT record",
        );
        assert_wire_rejects("CERT", "00030000");
        assert_wire_rejects("CERT", "0003000000");
        assert_eq!(cert_type_from_text(b"iacpkix"), Some(8));
        assert_eq!(cert_type_mnemonic(254), Some("OID"));
    }
}
