//! A (RFC 1035) and AAAA (RFC 3596).

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// An IPv4 address record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct A {
    pub address: Ipv4Addr,
}

impl RData for A {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(A {
            address: f.ipv4("IPv4 address")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        let out = p.field();
        for (i, octet) in self.address.octets().into_iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            crate::rr::print::push_decimal(out, u32::from(octet));
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.address.octets());
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(A {
            address: Ipv4Addr::from(w.array::<4>()?),
        })
    }
}

/// An IPv6 address record; printed in RFC 5952 form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Aaaa {
    pub address: Ipv6Addr,
}

impl RData for Aaaa {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Aaaa {
            address: f.ipv6("IPv6 address")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.address);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.address.octets());
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Aaaa {
            address: Ipv6Addr::from(w.array::<16>()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;
    use crate::rr::{Printer, RData};

    #[test]
    fn a() {
        assert_round_trip("A", "192.0.2.1", "192.0.2.1", "C0000201");
        assert_rejects(
            "A",
            "192.0.2.256",
            "invalid IPv4 address \"192.0.2.256\" in A record",
        );
        assert_rejects("A", "1.1", "invalid IPv4 address \"1.1\" in A record");
        assert_rejects("A", "", "missing IPv4 address in A record");
        assert_rejects(
            "A",
            "1.2.3.4 5",
            "unexpected \"5\" after the end of A rdata",
        );
    }

    #[test]
    fn a_prints_as_std_displays_it() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut addresses = vec![[0, 0, 0, 0], [255, 255, 255, 255], [10, 0, 100, 9]];
        for _ in 0..5000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            addresses.push((seed as u32).to_be_bytes());
        }
        for octets in addresses {
            let address = std::net::Ipv4Addr::from(octets);
            let mut out = String::new();
            super::A { address }.print(&mut Printer::new(&mut out));
            assert_eq!(out, address.to_string());
        }
    }

    #[test]
    fn aaaa() {
        assert_round_trip(
            "AAAA",
            "2001:DB8:0:0:0:0:0:1",
            "2001:db8::1",
            "20010DB8000000000000000000000001",
        );
        assert_round_trip(
            "AAAA",
            "::ffff:192.0.2.1",
            "::ffff:192.0.2.1",
            "00000000000000000000FFFFC0000201",
        );
        assert_rejects("AAAA", "2001:db8::1::2", "invalid IPv6 address");
    }
}
