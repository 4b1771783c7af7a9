//! ILNP locator and identifier types (RFC 6742): L32, L64 and NID. LP, which has the MX
//! shape, lives in `preference.rs`.
//!
//! L64 and NID values are written as four colon-separated groups of one to four hex digits
//! (`2001:0db8:1140:1000`) and printed as BIND prints them: lower case, leading zeros dropped
//! (`2001:db8:1140:1000`).

use std::net::Ipv4Addr;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// A 32-bit ILNP locator (an IPv4 subnet prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct L32 {
    /// Lower values are preferred.
    pub preference: u16,
    /// The locator, written like an IPv4 address.
    pub locator32: Ipv4Addr,
}

impl RData for L32 {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(L32 {
            preference: f.u16("preference")?,
            locator32: f.ipv4("locator")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.preference);
        p.display(self.locator32);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.preference.to_be_bytes());
        out.extend_from_slice(&self.locator32.octets());
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(L32 {
            preference: w.u16()?,
            locator32: Ipv4Addr::from(w.array::<4>()?),
        })
    }
}

/// Reads `x:x:x:x`, each group one to four hex digits (BIND's locator grammar).
fn parse_groups(text: &[u8]) -> Option<u64> {
    let mut value = 0u64;
    let mut groups = text.split(|&c| c == b':');
    for _ in 0..4 {
        let group = groups.next()?;
        if group.is_empty() || group.len() > 4 {
            return None;
        }
        let mut g = 0u64;
        for &c in group {
            g = g << 4 | u64::from((c as char).to_digit(16)?);
        }
        value = value << 16 | g;
    }
    groups.next().is_none().then_some(value)
}

fn print_groups(p: &mut Printer<'_>, value: u64) {
    p.display(format_args!(
        "{:x}:{:x}:{:x}:{:x}",
        value >> 48,
        value >> 32 & 0xffff,
        value >> 16 & 0xffff,
        value & 0xffff
    ));
}

const GROUPS: &str = "four colon-separated groups of 1 to 4 hex digits";

macro_rules! groups64 {
    ($( $(#[$doc:meta])* $ty:ident { $(#[$fdoc:meta])* $field:ident: $what:literal } )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $ty {
            /// Lower values are preferred.
            pub preference: u16,
            $(#[$fdoc])*
            pub $field: u64,
        }

        impl RData for $ty {
            fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
                Ok($ty {
                    preference: f.u16("preference")?,
                    $field: f.parse_with($what, GROUPS, parse_groups)?,
                })
            }
            fn print(&self, p: &mut Printer<'_>) {
                p.display(self.preference);
                print_groups(p, self.$field);
            }
            fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.preference.to_be_bytes());
                out.extend_from_slice(&self.$field.to_be_bytes());
            }
            fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
                Ok($ty {
                    preference: w.u16()?,
                    $field: u64::from_be_bytes(w.array()?),
                })
            }
        }
    )*};
}

groups64! {
    /// A 64-bit ILNP locator (an IPv6 routing prefix).
    L64 {
        /// The locator, as the upper 64 bits of an IPv6 address.
        locator64: "locator"
    }
    /// An ILNP node identifier.
    Nid {
        /// The identifier, as the lower 64 bits of an IPv6 address.
        node_id: "node ID"
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn l32() {
        assert_round_trip("L32", "10 10.1.2.0", "10 10.1.2.0", "000A0A010200");
        assert_round_trip(
            "L32",
            "65535 255.255.255.255",
            "65535 255.255.255.255",
            "FFFFFFFFFFFF",
        );
        assert_rejects("L32", "1 1.2.3", "invalid locator \"1.2.3\" in L32 record");
        assert_rejects(
            "L32",
            "65536 1.2.3.4",
            "invalid preference \"65536\" in L32 record (expected a number from 0 to 65535)",
        );
        assert_rejects("L32", "1", "missing locator in L32 record");
        assert_rejects(
            "L32",
            "1 1.2.3.4 5",
            "unexpected \"5\" after the end of L32 rdata",
        );
        assert_wire_rejects("L32", "000A0A0102");
        assert_wire_rejects("L32", "000A0A01020304");
    }

    #[test]
    fn l64_and_nid() {
        assert_round_trip(
            "L64",
            "10 2001:0DB8:1140:1000",
            "10 2001:db8:1140:1000",
            "000A20010DB811401000",
        );
        assert_round_trip(
            "NID",
            "10 0014:4fff:ff20:ee64",
            "10 14:4fff:ff20:ee64",
            "000A00144FFFFF20EE64",
        );
        assert_round_trip("NID", "0 0:0:0:0", "0 0:0:0:0", "00000000000000000000");
        assert_round_trip(
            "L64",
            "1 ffff:FFFF:ffff:ffff",
            "1 ffff:ffff:ffff:ffff",
            "0001FFFFFFFFFFFFFFFF",
        );
        for (t, what) in [("L64", "locator"), ("NID", "node ID")] {
            for bad in [
                "00001:2:3:4",
                "1:2:3",
                "1::3:4",
                "1:2:3:4:5",
                "1:2:3:4:",
                "1:2:3:g",
                "1.2.3.4",
            ] {
                assert_rejects(
                    t,
                    &format!("1 {bad}"),
                    &format!(
                        "invalid {what} \"{bad}\" in {t} record (expected four colon-separated groups of 1 to 4 hex digits)"
                    ),
                );
            }
            assert_rejects(
                t,
                "65536 1:2:3:4",
                &format!("invalid preference \"65536\" in {t} record"),
            );
            assert_rejects(t, "1", &format!("missing {what} in {t} record"));
            assert_rejects(
                t,
                "1 1:2:3:4 x",
                &format!("unexpected \"x\" after the end of {t} rdata"),
            );
            assert_wire_rejects(t, "000A00144FFFFF20EE");
            assert_wire_rejects(t, "000A00144FFFFF20EE6400");
            assert_wire_rejects(t, "00");
        }
    }
}
