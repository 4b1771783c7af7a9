//! AMTRELAY (RFC 8777): an Automatic Multicast Tunneling relay for a source network.
//!
//! Text `precedence D-bit type relay`; the relay is `.` for type 0, else an IPv4 address, an
//! IPv6 address or a name (types 1–3, the same scheme as IPSECKEY's gateway). Types 4 and above
//! have no defined format and are refused in text and wire form (BIND prints them as generic
//! data).

use super::ipseckey::Gateway;
use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// An AMT relay record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Amtrelay {
    /// Lower values are preferred.
    pub precedence: u8,
    /// The D-bit: the relay may be used without first trying relay discovery (RFC 8777 §4.2.2).
    pub discovery_optional: bool,
    pub relay: Gateway,
}

impl RData for Amtrelay {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let precedence = f.u8("precedence")?;
        let discovery_optional =
            f.parse_with("discovery-optional flag", "0 or 1", |t| match t {
                b"0" => Some(false),
                b"1" => Some(true),
                _ => None,
            })?;
        let relay_type = Gateway::parse_type(f, "relay type")?;
        let relay = Gateway::parse(f, relay_type, "relay")?;
        Ok(Amtrelay {
            precedence,
            discovery_optional,
            relay,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.precedence);
        p.display(u8::from(self.discovery_optional));
        p.display(self.relay.gateway_type());
        self.relay.print(p);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.precedence);
        out.push(u8::from(self.discovery_optional) << 7 | self.relay.gateway_type());
        self.relay.encode(out);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let [precedence, flags] = w.array::<2>()?;
        let relay = Gateway::decode(w, flags & 0x7f)?;
        Ok(Amtrelay {
            precedence,
            discovery_optional: flags & 0x80 != 0,
            relay,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    /// RFC 8777 §4.3 examples and edge cases; text from BIND 9.18, wire from dnspython 2.9.
    #[test]
    fn round_trips() {
        for (input, canonical, wire) in [
            ("0 0 0 .", "0 0 0 .", "0000"),
            ("0 1 0 .", "0 1 0 .", "0080"),
            ("10 0 1 203.0.113.15", "10 0 1 203.0.113.15", "0A01CB00710F"),
            (
                "10 0 2 2001:db8::15",
                "10 0 2 2001:db8::15",
                "0A0220010DB8000000000000000000000015",
            ),
            (
                "128 1 3 amtrelays.example.com.",
                "128 1 3 amtrelays.example.com.",
                "808309616D7472656C617973076578616D706C6503636F6D00",
            ),
            (
                "10 1 3 relay",
                "10 1 3 relay.example.",
                "0A830572656C6179076578616D706C6500",
            ),
            ("10 0 3 .", "10 0 3 .", "0A0300"),
        ] {
            assert_round_trip("AMTRELAY", input, canonical, wire);
        }
    }

    #[test]
    fn rejections() {
        for (input, message) in [
            ("0 0 0", "missing relay in AMTRELAY record"),
            (
                "10 0 0 foo",
                "invalid relay \"foo\" in AMTRELAY record (expected \".\" for gateway type 0",
            ),
            (
                "10 2 1 1.2.3.4",
                "invalid discovery-optional flag \"2\" in AMTRELAY record (expected 0 or 1)",
            ),
            ("10 0 4 .", "invalid relay type \"4\" in AMTRELAY record"),
            ("10 0 1 ::1", "invalid relay \"::1\""),
            ("10 0 2 1.2.3.4", "invalid relay \"1.2.3.4\""),
            ("256 0 0 .", "invalid precedence \"256\""),
            (
                "10 0 1 1.2.3.4 x",
                "unexpected \"x\" after the end of AMTRELAY rdata",
            ),
        ] {
            assert_rejects("AMTRELAY", input, message);
        }
    }

    #[test]
    fn wire_rejections() {
        for hex in [
            "",
            "0A",
            "0A04",
            "0A7F0102",
            "0A0000",
            "0A010102030405",
            "0A0101020304 00",
            "0A02 0102",
        ] {
            assert_wire_rejects("AMTRELAY", &hex.replace(' ', ""));
        }
    }
}
