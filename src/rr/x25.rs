//! X25 and ISDN (RFC 1183 §3.1, §3.2): addresses on public data networks, as
//! character-strings.

use super::{wire::put_char_string, FieldError, Fields, Printer, RData, WireError, WireReader};

/// An X.121 address on a public switched data network.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct X25 {
    /// Decimal digits, at least the four of the DNIC (checked, as BIND does).
    pub psdn_address: Vec<u8>,
}

/// RFC 1183 §3.1: a PSDN address starts with the 4-digit DNIC and has only decimal digits.
fn is_psdn_address(octets: &[u8]) -> bool {
    octets.len() >= 4 && octets.iter().all(u8::is_ascii_digit)
}

impl RData for X25 {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let Some(token) = f.peek() else {
            return Err(f.missing("PSDN address"));
        };
        let psdn_address = f.char_string("PSDN address")?;
        if !is_psdn_address(&psdn_address) {
            return Err(f.invalid(&token, "PSDN address", "at least 4 decimal digits"));
        }
        Ok(X25 { psdn_address })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.quoted(&self.psdn_address);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        put_char_string(out, &self.psdn_address);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let psdn_address = w.char_string()?;
        if !is_psdn_address(psdn_address) {
            return Err(WireError::Invalid(
                "X25 PSDN address is not at least 4 decimal digits".into(),
            ));
        }
        Ok(X25 {
            psdn_address: psdn_address.to_vec(),
        })
    }
}

/// An ISDN number with an optional subaddress.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Isdn {
    /// The E.164 number, at most 255 octets.
    pub address: Vec<u8>,
    /// The subaddress, when present.
    pub subaddress: Option<Vec<u8>>,
}

impl RData for Isdn {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let address = f.char_string("ISDN address")?;
        let subaddress = if f.is_empty() {
            None
        } else {
            Some(f.char_string("subaddress")?)
        };
        Ok(Isdn {
            address,
            subaddress,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.quoted(&self.address);
        if let Some(sa) = &self.subaddress {
            p.quoted(sa);
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        put_char_string(out, &self.address);
        if let Some(sa) = &self.subaddress {
            put_char_string(out, sa);
        }
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let address = w.char_string()?.to_vec();
        let subaddress = if w.is_empty() {
            None
        } else {
            Some(w.char_string()?.to_vec())
        };
        Ok(Isdn {
            address,
            subaddress,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn x25() {
        assert_round_trip(
            "X25",
            "311061700956",
            "\"311061700956\"",
            "0C333131303631373030393536",
        );
        assert_round_trip("X25", "\"1234\"", "\"1234\"", "0431323334");
        assert_rejects(
            "X25",
            "\"123\"",
            "invalid PSDN address \"123\" in X25 record (expected at least 4 decimal digits)",
        );
        assert_rejects("X25", "1234a", "invalid PSDN address \"1234a\"");
        assert_rejects("X25", "\"\"", "invalid PSDN address \"\"");
        assert_rejects("X25", "", "missing PSDN address in X25 record");
        assert_rejects(
            "X25",
            "1234 5",
            "unexpected \"5\" after the end of X25 rdata",
        );
        assert_rejects(
            "X25",
            &"1".repeat(256),
            "PSDN address in X25 record is 256 octets long",
        );
        assert_wire_rejects("X25", "03313233");
        assert_wire_rejects("X25", "0431323341");
        assert_wire_rejects("X25", "0531323334");
        assert_wire_rejects("X25", "00");
        assert_wire_rejects("X25", "");
        assert_wire_rejects("X25", "043132333400");
    }

    #[test]
    fn isdn() {
        assert_round_trip(
            "ISDN",
            "\"150862028003217\" \"004\"",
            "\"150862028003217\" \"004\"",
            "0F31353038363230323830303332313703303034",
        );
        assert_round_trip(
            "ISDN",
            "150862028003217",
            "\"150862028003217\"",
            "0F313530383632303238303033323137",
        );
        assert_round_trip("ISDN", "\"\" \"\"", "\"\" \"\"", "0000");
        assert_round_trip("ISDN", "\"\"", "\"\"", "00");
        assert_rejects("ISDN", "", "missing ISDN address in ISDN record");
        assert_rejects(
            "ISDN",
            "a b c",
            "unexpected \"c\" after the end of ISDN rdata",
        );
        assert_rejects(
            "ISDN",
            &format!("a {}", "b".repeat(300)),
            "subaddress in ISDN record is 300 octets long",
        );
        assert_wire_rejects("ISDN", "");
        assert_wire_rejects("ISDN", "0231");
        assert_wire_rejects("ISDN", "013101");
        assert_wire_rejects("ISDN", "000000");
    }
}
