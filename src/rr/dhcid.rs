//! DHCID (RFC 4701): DHCP client identity, as opaque base64 (which may be split across
//! tokens) that must not be empty.

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// A DHCP client identifier digest (identifier type, digest type and digest, kept whole).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dhcid {
    pub data: Vec<u8>,
}

impl RData for Dhcid {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let data = f.base64_rest("identifier", false)?;
        if data.is_empty() {
            return Err(f.missing("identifier"));
        }
        Ok(Dhcid { data })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.base64(&self.data);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.data);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let data = w.rest().to_vec();
        if data.is_empty() {
            return Err(WireError::Short);
        }
        Ok(Dhcid { data })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn dhcid() {
        // RFC 4701 §3.6 examples, as in testdata/dnspython/example.
        assert_round_trip(
            "DHCID",
            "AAIBY2/AuCccgoJbsaxcQc9TUapptP69 lOjxfNuVAA2kjEA=",
            "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",
            "000201636FC0B8271C82825BB1AC5C41CF5351AA69B4FEBD94E8F17CDB95000DA48C40",
        );
        assert_round_trip(
            "DHCID",
            "AAEBOSD+XR3Os/0LozeXVqcNc7FwCfQdWL3b/NaiUDlW2No=",
            "AAEBOSD+XR3Os/0LozeXVqcNc7FwCfQdWL3b/NaiUDlW2No=",
            "0001013920FE5D1DCEB3FD0BA3379756A70D73B17009F41D58BDDBFCD6A2503956D8DA",
        );
        assert_rejects("DHCID", "", "missing identifier in DHCID record");
        assert_rejects(
            "DHCID",
            "AAE!",
            "invalid identifier \"AAE!\" in DHCID record (expected base64)",
        );
        assert_wire_rejects("DHCID", "");
    }
}
