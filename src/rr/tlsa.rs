//! TLSA (RFC 6698) and SMIMEA (RFC 8162): certificate associations for DANE.
//!
//! The three parameter fields are numbers only, as in BIND 9.18 (RFC 7218's mnemonics such as
//! `DANE-EE` are rejected there too); the association data is hexadecimal, may be split across
//! tokens, and must not be empty.

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// A certificate association.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tlsa {
    /// How the association is used (0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE).
    pub usage: u8,
    /// Which part of the certificate is matched (0 full certificate, 1 SubjectPublicKeyInfo).
    pub selector: u8,
    /// How `data` is derived (0 exact, 1 SHA-256, 2 SHA-512).
    pub matching_type: u8,
    /// The certificate association data.
    pub data: Vec<u8>,
}

impl RData for Tlsa {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Tlsa {
            usage: f.u8("certificate usage")?,
            selector: f.u8("selector")?,
            matching_type: f.u8("matching type")?,
            data: f.hex_rest("certificate association data", false)?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.usage);
        p.display(self.selector);
        p.display(self.matching_type);
        p.hex(&self.data);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[self.usage, self.selector, self.matching_type]);
        out.extend_from_slice(&self.data);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let usage = w.u8()?;
        let selector = w.u8()?;
        let matching_type = w.u8()?;
        let data = w.rest().to_vec();
        if data.is_empty() {
            return Err(WireError::Short);
        }
        Ok(Tlsa {
            usage,
            selector,
            matching_type,
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn tlsa() {
        // RFC 6698 §2.3 example.
        assert_round_trip(
            "TLSA",
            "0 0 1 d2abde240d7cd3ee6b4b28c54df034b9 7983a1d16e8a410e4561cb106618e971",
            "0 0 1 D2ABDE240D7CD3EE6B4B28C54DF034B97983A1D16E8A410E4561CB106618E971",
            "000001D2ABDE240D7CD3EE6B4B28C54DF034B97983A1D16E8A410E4561CB106618E971",
        );
        assert_round_trip("TLSA", "255 255 255 00", "255 255 255 00", "FFFFFF00");
        assert_round_trip("SMIMEA", "3 1 1 AB cd", "3 1 1 ABCD", "030101ABCD");
        assert_rejects(
            "TLSA",
            "3 1 1",
            "missing certificate association data in TLSA record",
        );
        assert_rejects(
            "TLSA",
            "DANE-EE 1 1 ab",
            "invalid certificate usage \"DANE-EE\" in TLSA record (expected a number from 0 to 255)",
        );
        assert_rejects(
            "SMIMEA",
            "3 256 1 ab",
            "invalid selector \"256\" in SMIMEA record",
        );
        assert_rejects("TLSA", "3 1 x ab", "invalid matching type \"x\"");
        assert_rejects(
            "TLSA",
            "3 1 1 abc",
            "invalid certificate association data \"abc\" in TLSA record (expected hexadecimal)",
        );
        assert_wire_rejects("TLSA", "030101");
        assert_wire_rejects("TLSA", "0301");
        assert_wire_rejects("SMIMEA", "");
    }
}
