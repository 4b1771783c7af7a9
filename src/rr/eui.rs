//! EUI48 and EUI64 (RFC 7043): IEEE link-layer addresses.
//!
//! Presentation form: six (eight) two-digit hex numbers separated by hyphens,
//! `01-23-45-67-89-ab`, printed in lower case. RFC 7043 §3.2 wording is followed strictly:
//! BIND's scanner also takes one-digit or signed groups and ignores extra groups, which this
//! crate refuses.

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// Reads exactly `N` two-digit hex groups separated by `-`.
fn parse_eui<const N: usize>(text: &[u8]) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let mut groups = text.split(|&c| c == b'-');
    for octet in &mut out {
        let [high, low] = groups.next()? else {
            return None;
        };
        let high = (*high as char).to_digit(16)?;
        let low = (*low as char).to_digit(16)?;
        *octet = (high << 4 | low) as u8;
    }
    groups.next().is_none().then_some(out)
}

fn print_eui(p: &mut Printer<'_>, octets: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let out = p.field();
    for (i, &b) in octets.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        for nibble in [b >> 4, b & 15] {
            out.push(char::from(*HEX.get(usize::from(nibble)).unwrap_or(&b'0')));
        }
    }
}

macro_rules! eui {
    ($( $(#[$doc:meta])* $ty:ident, $n:literal, $expected:literal; )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $ty {
            /// The address octets in transmission order.
            pub address: [u8; $n],
        }

        impl RData for $ty {
            fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
                Ok($ty {
                    address: f.parse_with("address", $expected, parse_eui::<$n>)?,
                })
            }
            fn print(&self, p: &mut Printer<'_>) {
                print_eui(p, &self.address);
            }
            fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.address);
            }
            fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
                Ok($ty { address: w.array()? })
            }
        }
    )*};
}

eui! {
    /// A 48-bit MAC address.
    Eui48, 6, "six hyphen-separated two-digit hex numbers, such as 00-00-5e-00-53-2a";
    /// A 64-bit extended unique identifier.
    Eui64, 8, "eight hyphen-separated two-digit hex numbers, such as 00-00-5e-ef-10-00-00-2a";
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn eui48() {
        assert_round_trip(
            "EUI48",
            "01-23-45-67-89-AB",
            "01-23-45-67-89-ab",
            "0123456789AB",
        );
        assert_round_trip(
            "EUI48",
            "00-00-5e-00-53-2a",
            "00-00-5e-00-53-2a",
            "00005E00532A",
        );
        for bad in [
            "01-23-45-67-89",
            "01-23-45-67-89-ab-",
            "01-23-45-67-89-ab-cd",
            "1-23-45-67-89-ab",
            "+1-23-45-67-89-ab",
            "001-23-45-67-89-ab",
            "01:23:45:67:89:ab",
            "0123456789ab",
            "01-23-45-67-89-ag",
        ] {
            assert_rejects(
                "EUI48",
                bad,
                &format!(
                    "invalid address \"{bad}\" in EUI48 record (expected six hyphen-separated"
                ),
            );
        }
        assert_rejects("EUI48", "", "missing address in EUI48 record");
        assert_rejects(
            "EUI48",
            "01-23-45-67-89-ab x",
            "unexpected \"x\" after the end of EUI48 rdata",
        );
        assert_wire_rejects("EUI48", "0102030405");
        assert_wire_rejects("EUI48", "01020304050607");
    }

    #[test]
    fn eui64() {
        assert_round_trip(
            "EUI64",
            "01-23-45-67-89-ab-cd-EF",
            "01-23-45-67-89-ab-cd-ef",
            "0123456789ABCDEF",
        );
        assert_rejects(
            "EUI64",
            "01-23-45-67-89-ab",
            "invalid address \"01-23-45-67-89-ab\" in EUI64 record (expected eight",
        );
        assert_rejects("EUI64", "01-23-45-67-89-ab-cd-ef-01", "invalid address");
        assert_wire_rejects("EUI64", "0123456789ABCD");
        assert_wire_rejects("EUI64", "0123456789ABCDEF01");
    }
}
