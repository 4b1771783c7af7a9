//! PX (RFC 2163): mapping between RFC 822 and X.400 mail domains.

use crate::name::Name;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// X.400 mapping information.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Px {
    /// Lower values are preferred.
    pub preference: u16,
    /// The RFC 822 part of the mapping.
    pub map822: Name,
    /// The X.400 part of the mapping, in domain-name form.
    pub mapx400: Name,
}

impl RData for Px {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Px {
            preference: f.u16("preference")?,
            map822: f.name("MAP822")?,
            mapx400: f.name("MAPX400")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.preference);
        p.name(&self.map822);
        p.name(&self.mapx400);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.preference.to_be_bytes());
        out.extend_from_slice(self.map822.as_wire());
        out.extend_from_slice(self.mapx400.as_wire());
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Px {
            preference: w.u16()?,
            map822: w.name()?,
            mapx400: w.name()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn px() {
        assert_round_trip(
            "PX",
            "10 a b",
            "10 a.example. b.example.",
            "000A0161076578616D706C65000162076578616D706C6500",
        );
        assert_round_trip("PX", "65535 . .", "65535 . .", "FFFF0000");
        assert_rejects(
            "PX",
            "65536 a b",
            "invalid preference \"65536\" in PX record (expected a number from 0 to 65535)",
        );
        assert_rejects("PX", "10 a", "missing MAPX400 in PX record");
        assert_rejects("PX", "10", "missing MAP822 in PX record");
        assert_rejects(
            "PX",
            "10 a b c",
            "unexpected \"c\" after the end of PX rdata",
        );
        assert_wire_rejects("PX", "000A00");
        assert_wire_rejects("PX", "000A");
        assert_wire_rejects("PX", "000A000000");
    }
}
