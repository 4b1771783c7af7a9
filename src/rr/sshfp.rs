//! SSHFP (RFC 4255, RFC 6594, RFC 7479): SSH host key fingerprints.
//!
//! As in BIND, a fingerprint of a known type must have that digest's length (SHA-1 20 octets,
//! SHA-256 32); for other types it may have any length, including none.

use super::{dnssec::span, FieldError, Fields, Printer, RData, WireError, WireReader};
use crate::error::ErrorCode;

/// An SSH host key fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sshfp {
    /// The host key algorithm (1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519, 6 Ed448).
    pub algorithm: u8,
    /// The fingerprint's digest (1 SHA-1, 2 SHA-256).
    pub fp_type: u8,
    pub fingerprint: Vec<u8>,
}

/// The fingerprint length a fingerprint type requires, where known.
pub fn fingerprint_length(fp_type: u8) -> Option<usize> {
    match fp_type {
        1 => Some(20),
        2 => Some(32),
        _ => None,
    }
}

fn check_length(fp_type: u8, fingerprint: &[u8]) -> Result<(), String> {
    match fingerprint_length(fp_type) {
        Some(want) if fingerprint.len() != want => Err(format!(
            "fingerprint is {} octets long; fingerprint type {fp_type} ({}) needs {want}",
            fingerprint.len(),
            if fp_type == 1 { "SHA-1" } else { "SHA-256" }
        )),
        _ => Ok(()),
    }
}

impl RData for Sshfp {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let algorithm = f.u8("algorithm")?;
        let fp_type = f.u8("fingerprint type")?;
        let at = span(f.remaining());
        let fingerprint = f.hex_rest("fingerprint", true)?;
        check_length(fp_type, &fingerprint).map_err(|why| FieldError {
            code: if at.is_some() {
                ErrorCode::BadField
            } else {
                ErrorCode::MissingField
            },
            message: format!("{why} in {} record", f.rtype()),
            at,
        })?;
        Ok(Sshfp {
            algorithm,
            fp_type,
            fingerprint,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.algorithm);
        p.display(self.fp_type);
        if !self.fingerprint.is_empty() {
            p.hex(&self.fingerprint);
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[self.algorithm, self.fp_type]);
        out.extend_from_slice(&self.fingerprint);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let algorithm = w.u8()?;
        let fp_type = w.u8()?;
        let fingerprint = w.rest().to_vec();
        check_length(fp_type, &fingerprint).map_err(WireError::Invalid)?;
        Ok(Sshfp {
            algorithm,
            fp_type,
            fingerprint,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn sshfp() {
        // RFC 4255 §3.3 example.
        assert_round_trip(
            "SSHFP",
            "2 1 123456789abcdef67890123456789abcdef67890",
            "2 1 123456789ABCDEF67890123456789ABCDEF67890",
            "0201123456789ABCDEF67890123456789ABCDEF67890",
        );
        let sha256 = "0123456789ABCDEF".repeat(4);
        assert_round_trip(
            "SSHFP",
            &format!("4 2 {} {}", &sha256[..20], &sha256[20..]),
            &format!("4 2 {sha256}"),
            &format!("0402{sha256}"),
        );
        assert_round_trip("SSHFP", "1 3 ab", "1 3 AB", "0103AB");
        assert_round_trip("SSHFP", "1 0", "1 0", "0100");
        assert_rejects(
            "SSHFP",
            "1 1 ab",
            "fingerprint is 1 octets long; fingerprint type 1 (SHA-1) needs 20 in SSHFP record",
        );
        assert_rejects(
            "SSHFP",
            "1 2",
            "fingerprint is 0 octets long; fingerprint type 2 (SHA-256) needs 32",
        );
        assert_rejects(
            "SSHFP",
            "RSA 1 00",
            "invalid algorithm \"RSA\" in SSHFP record (expected a number from 0 to 255)",
        );
        assert_rejects(
            "SSHFP",
            "1 0 xy",
            "invalid fingerprint \"xy\" in SSHFP record (expected hexadecimal)",
        );
        assert_wire_rejects("SSHFP", "01");
        assert_wire_rejects("SSHFP", "0101AB");
        assert_wire_rejects("SSHFP", &format!("0102{}", "00".repeat(31)));
    }
}
