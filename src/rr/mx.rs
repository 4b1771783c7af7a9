//! MX (RFC 1035).

use crate::name::Name;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// A mail exchanger.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mx {
    pub preference: u16,
    pub exchange: Name,
}

impl RData for Mx {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Mx {
            preference: f.u16("preference")?,
            exchange: f.name("exchange")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.preference);
        p.name(&self.exchange);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.preference.to_be_bytes());
        out.extend_from_slice(self.exchange.as_wire());
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Mx {
            preference: w.u16()?,
            exchange: w.name()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn mx() {
        assert_round_trip(
            "MX",
            "10 mail",
            "10 mail.example.",
            "000A046D61696C076578616D706C6500",
        );
        assert_rejects(
            "MX",
            "mail",
            "invalid preference \"mail\" in MX record (expected a number from 0 to 65535)",
        );
        assert_rejects("MX", "10", "missing exchange in MX record");
    }
}
