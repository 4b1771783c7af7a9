//! DSYNC (RFC 9859): where a parent accepts notifications about changes to a child's CDS,
//! CDNSKEY or CSYNC records.
//!
//! As in BIND 9.18: the type is a mnemonic, `TYPEnnn` or a plain number; the scheme a number
//! or `NOTIFY` (printed as `NOTIFY` for 1); then the port and the target name.

use super::rrsig::parse_type;
use super::{FieldError, Fields, Printer, RData, RecordType, WireError, WireReader};
use crate::name::Name;
use crate::rr::fields::parse_decimal;

/// The one scheme defined so far: DNS NOTIFY.
pub const SCHEME_NOTIFY: u8 = 1;

/// A notification endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dsync {
    /// The type whose changes are notified (CDS, CSYNC, …).
    pub rtype: RecordType,
    pub scheme: u8,
    pub port: u16,
    pub target: Name,
}

impl RData for Dsync {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Dsync {
            rtype: parse_type(f, "type")?,
            scheme: f.parse_with("scheme", "a number from 0 to 255 or NOTIFY", |t| {
                if t.eq_ignore_ascii_case(b"NOTIFY") {
                    Some(SCHEME_NOTIFY)
                } else {
                    parse_decimal(t).and_then(|n| u8::try_from(n).ok())
                }
            })?,
            port: f.u16("port")?,
            target: f.name("target")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.rtype);
        if self.scheme == SCHEME_NOTIFY {
            p.text("NOTIFY");
        } else {
            p.display(self.scheme);
        }
        p.display(self.port);
        p.name(&self.target);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.rtype.0.to_be_bytes());
        out.push(self.scheme);
        out.extend_from_slice(&self.port.to_be_bytes());
        out.extend_from_slice(self.target.as_wire());
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Dsync {
            rtype: RecordType(w.u16()?),
            scheme: w.u8()?,
            port: w.u16()?,
            target: w.name()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn dsync() {
        // testdata/dnspython/example.
        assert_round_trip(
            "DSYNC",
            "CDS NOTIFY 5300 notify-endpoint.parent.net.",
            "CDS NOTIFY 5300 notify-endpoint.parent.net.",
            "003B0114B40F6E6F746966792D656E64706F696E7406706172656E74036E657400",
        );
        assert_round_trip(
            "DSYNC",
            "CSYNC 128 443 notify-endpoint.parent.net.",
            "CSYNC 128 443 notify-endpoint.parent.net.",
            "003E8001BB0F6E6F746966792D656E64706F696E7406706172656E74036E657400",
        );
        assert_round_trip("DSYNC", "59 notify 0 .", "CDS NOTIFY 0 .", "003B01000000");
        assert_round_trip(
            "DSYNC",
            "TYPE0 0 65535 ns",
            "TYPE0 0 65535 ns.example.",
            "000000FFFF026E73076578616D706C6500",
        );
        assert_rejects(
            "DSYNC",
            "FOO 1 1 ns",
            "invalid type \"FOO\" in DSYNC record (expected a type mnemonic, TYPEnnn or a number up to 65535)",
        );
        assert_rejects("DSYNC", "CDS NOTIFY2 1 ns", "invalid scheme \"NOTIFY2\" in DSYNC record (expected a number from 0 to 255 or NOTIFY)");
        assert_rejects("DSYNC", "CDS 256 1 ns", "invalid scheme \"256\"");
        assert_rejects("DSYNC", "CDS 1 65536 ns", "invalid port \"65536\"");
        assert_rejects("DSYNC", "CDS 1 1", "missing target in DSYNC record");
        assert_wire_rejects("DSYNC", "003B0114B4");
        assert_wire_rejects("DSYNC", "003B01");
        assert_wire_rejects("DSYNC", "003B0114B40F6E6F");
    }
}
