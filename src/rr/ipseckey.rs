//! IPSECKEY (RFC 4025): an IPsec public key and the gateway to use it with.
//!
//! The gateway is typed by a number in the rdata (0 none, 1 IPv4, 2 IPv6, 3 domain name); the
//! same scheme serves AMTRELAY (RFC 8777), so [`Gateway`] lives here for both. Other gateway
//! types have no defined format and are refused in text and wire form (BIND prints them as
//! generic data).
//!
//! The public key may be absent (RFC 4025 §2.6: algorithm 0 means no key). BIND 9.18 insists
//! on one; dnspython does not; this crate follows the RFC and prints nothing for it.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::name::Name;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// Where to reach a peer: nothing, an address or a domain name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Gateway {
    /// Type 0, written `.`.
    None,
    /// Type 1.
    Ipv4(Ipv4Addr),
    /// Type 2.
    Ipv6(Ipv6Addr),
    /// Type 3, an uncompressed name.
    Name(Name),
}

impl Gateway {
    /// The type number carried in the rdata.
    pub fn gateway_type(&self) -> u8 {
        match self {
            Gateway::None => 0,
            Gateway::Ipv4(_) => 1,
            Gateway::Ipv6(_) => 2,
            Gateway::Name(_) => 3,
        }
    }

    /// Reads the gateway field of type `gateway_type` (the caller has read and range-checked
    /// the type); `what` names the field in messages.
    pub(crate) fn parse(
        f: &mut Fields<'_, '_>,
        gateway_type: u8,
        what: &str,
    ) -> Result<Gateway, FieldError> {
        Ok(match gateway_type {
            0 => {
                let token = f.token(what)?;
                if token.text != b"." {
                    return Err(f.invalid(&token, what, "\".\" for gateway type 0 (no gateway)"));
                }
                Gateway::None
            }
            1 => Gateway::Ipv4(f.ipv4(what)?),
            2 => Gateway::Ipv6(f.ipv6(what)?),
            _ => Gateway::Name(f.name(what)?),
        })
    }

    /// Reads a gateway type number 0–3; `what` names it in messages.
    pub(crate) fn parse_type(f: &mut Fields<'_, '_>, what: &str) -> Result<u8, FieldError> {
        f.parse_with(
            what,
            "0 (none), 1 (IPv4), 2 (IPv6) or 3 (domain name)",
            |t| {
                super::fields::parse_decimal(t)
                    .filter(|n| *n <= 3)
                    .map(|n| n as u8)
            },
        )
    }

    pub(crate) fn print(&self, p: &mut Printer<'_>) {
        match self {
            Gateway::None => p.text("."),
            Gateway::Ipv4(a) => p.display(a),
            Gateway::Ipv6(a) => p.display(a),
            Gateway::Name(n) => p.name(n),
        }
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Gateway::None => {}
            Gateway::Ipv4(a) => out.extend_from_slice(&a.octets()),
            Gateway::Ipv6(a) => out.extend_from_slice(&a.octets()),
            Gateway::Name(n) => out.extend_from_slice(n.as_wire()),
        }
    }

    pub(crate) fn decode(w: &mut WireReader<'_>, gateway_type: u8) -> Result<Gateway, WireError> {
        Ok(match gateway_type {
            0 => Gateway::None,
            1 => Gateway::Ipv4(Ipv4Addr::from(w.array::<4>()?)),
            2 => Gateway::Ipv6(Ipv6Addr::from(w.array::<16>()?)),
            3 => Gateway::Name(w.name()?),
            other => {
                return Err(WireError::Invalid(format!(
                    "gateway type {other} has no defined format (0-3 are)"
                )))
            }
        })
    }
}

/// An IPsec keying record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ipseckey {
    /// Lower values are preferred.
    pub precedence: u8,
    pub gateway: Gateway,
    /// 0 none, 1 DSA, 2 RSA, 3 ECDSA (RFC 4025, RFC 8005 registry).
    pub algorithm: u8,
    /// The key in the algorithm's format; empty when there is none.
    pub public_key: Vec<u8>,
}

impl RData for Ipseckey {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let precedence = f.u8("precedence")?;
        let gateway_type = Gateway::parse_type(f, "gateway type")?;
        let algorithm = f.u8("algorithm")?;
        let gateway = Gateway::parse(f, gateway_type, "gateway")?;
        let public_key = f.base64_rest("public key", true)?;
        Ok(Ipseckey {
            precedence,
            gateway,
            algorithm,
            public_key,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.precedence);
        p.display(self.gateway.gateway_type());
        p.display(self.algorithm);
        self.gateway.print(p);
        if !self.public_key.is_empty() {
            p.base64(&self.public_key);
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[self.precedence, self.gateway.gateway_type(), self.algorithm]);
        self.gateway.encode(out);
        out.extend_from_slice(&self.public_key);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let [precedence, gateway_type, algorithm] = w.array::<3>()?;
        let gateway = Gateway::decode(w, gateway_type)?;
        Ok(Ipseckey {
            precedence,
            gateway,
            algorithm,
            public_key: w.rest().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    const KEY: &str = "AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==";
    const KEY_HEX: &str = "010351537986ED35533B6064478EEEB27B5BD74DAE149B6E81BA3A0521AF82AB7801";

    /// RFC 4025 §3 examples; text from BIND 9.18, wire from dnspython 2.9.
    #[test]
    fn round_trips() {
        let cases = [
            (
                format!("10 1 2 192.0.2.38 {KEY}"),
                format!("10 1 2 192.0.2.38 {KEY}"),
                format!("0A0102C0000226{KEY_HEX}"),
            ),
            (
                format!("10 0 2 . {KEY}"),
                format!("10 0 2 . {KEY}"),
                format!("0A0002{KEY_HEX}"),
            ),
            (
                format!("10 3 2 mygateway.example.com. {KEY}"),
                format!("10 3 2 mygateway.example.com. {KEY}"),
                format!("0A0302096D7967617465776179076578616D706C6503636F6D00{KEY_HEX}"),
            ),
            (
                format!("10 2 2 2001:0DB8:0:8002::2000:1 {KEY}"),
                format!("10 2 2 2001:db8:0:8002::2000:1 {KEY}"),
                format!("0A020220010DB8000080020000000020000001{KEY_HEX}"),
            ),
            (
                "10 3 1 gw AQID BAU=".to_string(),
                "10 3 1 gw.example. AQIDBAU=".to_string(),
                "0A0301026777076578616D706C65000102030405".to_string(),
            ),
            (
                "10 3 2 . AQID".to_string(),
                "10 3 2 . AQID".to_string(),
                "0A030200010203".to_string(),
            ),
            // No key (algorithm 0): RFC 4025 and dnspython accept it, BIND 9.18 does not.
            (
                "10 0 0 .".to_string(),
                "10 0 0 .".to_string(),
                "0A0000".to_string(),
            ),
            (
                "255 1 0 1.2.3.4".to_string(),
                "255 1 0 1.2.3.4".to_string(),
                "FF010001020304".to_string(),
            ),
        ];
        for (input, canonical, wire) in cases {
            assert_round_trip("IPSECKEY", &input, &canonical, &wire);
        }
    }

    #[test]
    fn rejections() {
        for (input, message) in [
            (
                "10 0 2 foo AQID",
                "invalid gateway \"foo\" in IPSECKEY record (expected \".\" for gateway type 0 (no gateway))",
            ),
            ("10 0 2 @ AQID", "invalid gateway \"@\""),
            (
                "10 4 2 . AQID",
                "invalid gateway type \"4\" in IPSECKEY record (expected 0 (none), 1 (IPv4), 2 (IPv6) or 3 (domain name))",
            ),
            ("10 1 2 . AQID", "invalid gateway \".\" in IPSECKEY record"),
            ("10 2 2 1.2.3.4 AQID", "invalid gateway \"1.2.3.4\""),
            ("256 0 2 . AQID", "invalid precedence \"256\""),
            ("10 0 256 . AQID", "invalid algorithm \"256\""),
            ("10 0 2 . !!", "invalid public key \"!!\" in IPSECKEY record (expected base64)"),
            ("10 0 2 . \"AQID\"", "invalid public key"),
            ("10 0 2", "missing gateway in IPSECKEY record"),
        ] {
            assert_rejects("IPSECKEY", input, message);
        }
    }

    #[test]
    fn wire_rejections() {
        for hex in [
            "",
            "0A00",
            // Gateway type 4, short IPv4 and IPv6 gateways, a bad name.
            "0A040200",
            "0A0102010203",
            "0A020220010DB8",
            "0A0302C0",
            "0A030203666F6F",
        ] {
            assert_wire_rejects("IPSECKEY", hex);
        }
    }
}
