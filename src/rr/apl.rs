//! APL (RFC 3123): lists of address prefixes.
//!
//! Text items are `[!]afi:address/prefix` with address family 1 (IPv4) or 2 (IPv6); the list
//! may be empty. Bits of the address beyond the prefix are kept as written (RFC 3123 does not
//! require them to be zero, and BIND keeps them). In wire form the address drops its trailing
//! zero octets; a wire address that still ends in a zero octet is malformed (RFC 3123 §4).
//! Other address families have no text form here and are refused in both forms (BIND prints
//! them as generic data).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::fields::{parse_decimal, parse_ipv4};
use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// One prefix of an address prefix list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AplItem {
    /// `!`: the prefix is excluded rather than included.
    pub negation: bool,
    /// The address; its family gives the AFI (1 for IPv4, 2 for IPv6).
    pub address: IpAddr,
    /// Prefix length in bits (at most 32 or 128).
    pub prefix: u8,
}

impl AplItem {
    /// The IANA address family number (1 IPv4, 2 IPv6).
    pub fn family(&self) -> u16 {
        match self.address {
            IpAddr::V4(_) => 1,
            IpAddr::V6(_) => 2,
        }
    }

    fn octets(&self) -> Vec<u8> {
        match self.address {
            IpAddr::V4(a) => a.octets().to_vec(),
            IpAddr::V6(a) => a.octets().to_vec(),
        }
    }

    fn parse(text: &[u8]) -> Result<AplItem, String> {
        let (negation, rest) = match text.strip_prefix(b"!") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let colon = memchr::memchr(b':', rest).ok_or("no \":\" after the address family")?;
        let slash = memchr::memrchr(b'/', rest).ok_or("no \"/prefix\" after the address")?;
        let (family, address, prefix) = (
            rest.get(..colon).unwrap_or_default(),
            rest.get(colon + 1..slash).unwrap_or_default(),
            rest.get(slash + 1..).unwrap_or_default(),
        );
        let prefix = parse_decimal(prefix).ok_or("the prefix length is not a number")?;
        let address = match parse_decimal(family) {
            Some(1) => IpAddr::V4(parse_ipv4(address).ok_or("bad IPv4 address")?),
            Some(2) => IpAddr::V6(
                std::str::from_utf8(address)
                    .ok()
                    .and_then(|s| s.parse::<Ipv6Addr>().ok())
                    .ok_or("bad IPv6 address")?,
            ),
            _ => return Err("the address family must be 1 (IPv4) or 2 (IPv6)".into()),
        };
        let max = if address.is_ipv4() { 32 } else { 128 };
        if prefix > max {
            return Err(format!("the prefix length is above {max}"));
        }
        Ok(AplItem {
            negation,
            address,
            prefix: prefix as u8,
        })
    }
}

/// An address prefix list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Apl {
    pub items: Vec<AplItem>,
}

impl RData for Apl {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let mut items = Vec::new();
        while let Some(token) = f.peek() {
            f.token("APL item")?;
            let item = AplItem::parse(token.text).map_err(|why| {
                let mut e = f.invalid(
                    &token,
                    "APL item",
                    "[!]afi:address/prefix with afi 1 (IPv4) or 2 (IPv6)",
                );
                e.message.push_str(": ");
                e.message.push_str(&why);
                e
            })?;
            items.push(item);
        }
        Ok(Apl { items })
    }
    fn print(&self, p: &mut Printer<'_>) {
        for item in &self.items {
            let bang = if item.negation { "!" } else { "" };
            p.display(format_args!(
                "{bang}{}:{}/{}",
                item.family(),
                item.address,
                item.prefix
            ));
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        for item in &self.items {
            let octets = item.octets();
            let used = octets.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
            out.extend_from_slice(&item.family().to_be_bytes());
            out.push(item.prefix);
            out.push(u8::from(item.negation) << 7 | used as u8);
            out.extend_from_slice(octets.get(..used).unwrap_or_default());
        }
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let mut items = Vec::new();
        while !w.is_empty() {
            let family = w.u16()?;
            let prefix = w.u8()?;
            let flags = w.u8()?;
            let len = usize::from(flags & 0x7f);
            let data = w.bytes(len)?;
            if data.last() == Some(&0) {
                return Err(WireError::Invalid(
                    "APL address ends in a zero octet (it must be trimmed)".into(),
                ));
            }
            let (address, max) = match family {
                1 if len <= 4 => {
                    let mut b = [0u8; 4];
                    b.iter_mut().zip(data).for_each(|(o, i)| *o = *i);
                    (IpAddr::V4(Ipv4Addr::from(b)), 32)
                }
                2 if len <= 16 => {
                    let mut b = [0u8; 16];
                    b.iter_mut().zip(data).for_each(|(o, i)| *o = *i);
                    (IpAddr::V6(Ipv6Addr::from(b)), 128)
                }
                1 | 2 => {
                    return Err(WireError::Invalid(format!(
                        "APL address of family {family} is {len} octets long"
                    )))
                }
                _ => {
                    return Err(WireError::Invalid(format!(
                        "APL address family {family} is not supported (1 and 2 are)"
                    )))
                }
            };
            if prefix > max {
                return Err(WireError::Invalid(format!(
                    "APL prefix length {prefix} is above {max}"
                )));
            }
            items.push(AplItem {
                negation: flags & 0x80 != 0,
                address,
                prefix,
            });
        }
        Ok(Apl { items })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    /// RFC 3123 §5 examples and edge cases; text from BIND 9.18, wire from dnspython 2.9.
    #[test]
    fn round_trips() {
        for (input, canonical, wire) in [
            (
                "1:192.168.32.0/21 !1:192.168.38.0/28",
                "1:192.168.32.0/21 !1:192.168.38.0/28",
                "00011503C0A82000011C83C0A826",
            ),
            (
                "1:224.0.0.0/4 2:FF00:0:0:0:0:0:0:0/8",
                "1:224.0.0.0/4 2:ff00::/8",
                "00010401E000020801FF",
            ),
            (
                "1:192.168.1.0/24 !1:192.168.1.17/32",
                "1:192.168.1.0/24 !1:192.168.1.17/32",
                "00011803C0A80100012084C0A80111",
            ),
            ("1:0.0.0.0/0", "1:0.0.0.0/0", "00010000"),
            ("2:::/0", "2:::/0", "00020000"),
            ("!2:2001:db8::/32", "!2:2001:db8::/32", "0002208420010DB8"),
            // Bits past the prefix are kept.
            ("1:10.0.0.1/8", "1:10.0.0.1/8", "000108040A000001"),
            ("!1:0.0.0.1/32", "!1:0.0.0.1/32", "0001208400000001"),
            ("1:192.168.0.0/016", "1:192.168.0.0/16", "00011002C0A8"),
            (
                "2:2001:DB8::1/128",
                "2:2001:db8::1/128",
                "0002801020010DB8000000000000000000000001",
            ),
            (
                "1:192.168.0.0/16 !2:::/0 1:0.0.0.0/0",
                "1:192.168.0.0/16 !2:::/0 1:0.0.0.0/0",
                "00011002C0A80002008000010000",
            ),
            // An empty list is allowed.
            ("", "", ""),
        ] {
            assert_round_trip("APL", input, canonical, wire);
        }
    }

    #[test]
    fn rejections() {
        for (input, message) in [
            ("1:1.2.3.4/33", "invalid APL item \"1:1.2.3.4/33\" in APL record (expected [!]afi:address/prefix with afi 1 (IPv4) or 2 (IPv6)): the prefix length is above 32"),
            ("2:::/129", "the prefix length is above 128"),
            ("3:1.2.3.4/8", "the address family must be 1 (IPv4) or 2 (IPv6)"),
            ("1:1.2.3/24", "bad IPv4 address"),
            ("2:1.2.3.4/24", "bad IPv6 address"),
            ("1:192.168.0.0", "no \"/prefix\" after the address"),
            ("1:192.168.0.0/", "the prefix length is not a number"),
            ("192.168.0.0/16", "no \":\" after the address family"),
            ("1:192.168.0.0/16 x", "invalid APL item \"x\""),
            ("!!1:1.2.3.4/8", "the address family must be"),
        ] {
            assert_rejects("APL", input, message);
        }
    }

    #[test]
    fn wire_rejections() {
        for hex in [
            // Trailing zero octet, too long for the family, prefix too long, unknown family,
            // truncated item and address.
            "0001080100",
            "00010802C000",
            "000108050102030405",
            "0001210401020304",
            "00028100",
            "0003080101",
            "000108",
            "00010884C0",
        ] {
            assert_wire_rejects("APL", hex);
        }
    }
}
