//! NSAP (RFC 1706): an OSI network service access point address.
//!
//! Presentation form: `0x` then hexadecimal digits, with dots allowed anywhere between them
//! for readability (BIND's reading); an even number of digits, at least two. Printed as BIND
//! does: `0x` and lower-case hex without dots.

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// An NSAP address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nsap {
    /// The address octets, never empty.
    pub address: Vec<u8>,
}

fn parse_nsap(text: &[u8]) -> Option<Vec<u8>> {
    let digits = text
        .strip_prefix(b"0x")
        .or_else(|| text.strip_prefix(b"0X"))?;
    let mut out = Vec::with_capacity(digits.len() / 2);
    let mut high: Option<u8> = None;
    for &c in digits {
        if c == b'.' {
            continue;
        }
        let nibble = (c as char).to_digit(16)? as u8;
        match high.take() {
            None => high = Some(nibble),
            Some(h) => out.push(h << 4 | nibble),
        }
    }
    (high.is_none() && !out.is_empty()).then_some(out)
}

impl RData for Nsap {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Nsap {
            address: f.parse_with(
                "NSAP address",
                "0x followed by an even number of hex digits, dots allowed",
                parse_nsap,
            )?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        let out = p.field();
        out.push_str("0x");
        data_encoding::HEXLOWER.encode_append(&self.address, out);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.address);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let address = w.rest();
        if address.is_empty() {
            return Err(WireError::Short);
        }
        Ok(Nsap {
            address: address.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn nsap() {
        assert_round_trip(
            "NSAP",
            "0x47.0005.80.005a00.0000.0001.e133.ffffff000162.00",
            "0x47000580005a0000000001e133ffffff00016200",
            "47000580005A0000000001E133FFFFFF00016200",
        );
        assert_round_trip("NSAP", "0X4.7.0.0.", "0x4700", "4700");
        assert_round_trip("NSAP", "0x.AB", "0xab", "AB");
        let expected = "(expected 0x followed by an even number of hex digits, dots allowed)";
        for bad in ["0x", "0x470", "4700", "0x4G", "0x47.0", "x47", "0x47\\.00"] {
            assert_rejects(
                "NSAP",
                bad,
                &format!("invalid NSAP address \"{bad}\" in NSAP record {expected}"),
            );
        }
        assert_rejects("NSAP", "", "missing NSAP address in NSAP record");
        assert_rejects(
            "NSAP",
            "0x47 00",
            "unexpected \"00\" after the end of NSAP rdata",
        );
        assert_wire_rejects("NSAP", "");
    }

    #[test]
    fn nsap_ptr() {
        assert_round_trip("NSAP-PTR", "foo.", "foo.", "03666F6F00");
        assert_round_trip(
            "nsap-ptr",
            "foo",
            "foo.example.",
            "03666F6F076578616D706C6500",
        );
        assert_rejects("NSAP-PTR", "", "missing owner name in NSAP-PTR record");
        assert_rejects(
            "NSAP-PTR",
            "a b",
            "unexpected \"b\" after the end of NSAP-PTR rdata",
        );
        assert_wire_rejects("NSAP-PTR", "03666F6F");
        assert_wire_rejects("NSAP-PTR", "03666F6F0000");
    }
}
