//! OPENPGPKEY (RFC 7929): an OpenPGP transferable public key, in base64 that may be split
//! across tokens. It must not be empty (RFC 7929 §2.1; BIND agrees).

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// An OpenPGP public key for the mailbox the owner name encodes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Openpgpkey {
    pub key: Vec<u8>,
}

impl RData for Openpgpkey {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let key = f.base64_rest("public key", false)?;
        if key.is_empty() {
            return Err(f.missing("public key"));
        }
        Ok(Openpgpkey { key })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.base64(&self.key);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.key);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let key = w.rest().to_vec();
        if key.is_empty() {
            return Err(WireError::Short);
        }
        Ok(Openpgpkey { key })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn openpgpkey() {
        assert_round_trip(
            "OPENPGPKEY",
            "mQINBFit2jsBEADrbl5vjVxYeAE0g0IDYCBpHirv1Sjl ZA==",
            "mQINBFit2jsBEADrbl5vjVxYeAE0g0IDYCBpHirv1SjlZA==",
            "99020D0458ADDA3B011000EB6E5E6F8D5C587801348342036020691E2AEFD528E564",
        );
        assert_round_trip("OPENPGPKEY", "AQ ID", "AQID", "010203");
        assert_rejects("OPENPGPKEY", "", "missing public key in OPENPGPKEY record");
        assert_rejects(
            "OPENPGPKEY",
            "AQ=",
            "invalid public key \"AQ=\" in OPENPGPKEY record (expected base64)",
        );
        assert_wire_rejects("OPENPGPKEY", "");
    }
}
