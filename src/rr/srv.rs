//! SRV (RFC 2782): where a service is offered.

use crate::name::Name;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// A service location: which host and port serve `_service._proto.name`, with the priority
/// and weight clients use to choose between several.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Srv {
    /// Lower values are tried first.
    pub priority: u16,
    /// Relative share among records of the same priority.
    pub weight: u16,
    /// The TCP or UDP port of the service.
    pub port: u16,
    /// The host; the root name `.` means the service is decidedly not available.
    pub target: Name,
}

impl Srv {
    /// True when the target is `.`, which RFC 2782 defines as "service not available here".
    pub fn is_unavailable(&self) -> bool {
        self.target.is_root()
    }
}

impl RData for Srv {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Srv {
            priority: f.u16("priority")?,
            weight: f.u16("weight")?,
            port: f.u16("port")?,
            target: f.name("target")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.priority);
        p.display(self.weight);
        p.display(self.port);
        p.name(&self.target);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.priority.to_be_bytes());
        out.extend_from_slice(&self.weight.to_be_bytes());
        out.extend_from_slice(&self.port.to_be_bytes());
        out.extend_from_slice(self.target.as_wire());
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Srv {
            priority: w.u16()?,
            weight: w.u16()?,
            port: w.u16()?,
            target: w.name()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;
    use crate::rr::RecordData;

    #[test]
    fn srv() {
        let data = assert_round_trip(
            "SRV",
            "1 2 3 a",
            "1 2 3 a.example.",
            "0001000200030161076578616D706C6500",
        );
        let RecordData::Srv(srv) = data else {
            panic!("not SRV: {data:?}")
        };
        assert_eq!((srv.priority, srv.weight, srv.port), (1, 2, 3));
        assert!(!srv.is_unavailable());
        let data = assert_round_trip("SRV", "0 0 0 .", "0 0 0 .", "00000000000000");
        let RecordData::Srv(srv) = data else {
            panic!("not SRV: {data:?}")
        };
        assert!(srv.is_unavailable());
        assert_round_trip(
            "SRV",
            "65535 65535 65535 sip.example.com.",
            "65535 65535 65535 sip.example.com.",
            "FFFFFFFFFFFF03736970076578616D706C6503636F6D00",
        );
        assert_rejects(
            "SRV",
            "1 2 65536 a",
            "invalid port \"65536\" in SRV record (expected a number from 0 to 65535)",
        );
        assert_rejects("SRV", "-1 2 3 a", "invalid priority \"-1\" in SRV record");
        assert_rejects("SRV", "1 x 3 a", "invalid weight \"x\" in SRV record");
        assert_rejects("SRV", "1 2 3", "missing target in SRV record");
        assert_rejects("SRV", "", "missing priority in SRV record");
        assert_rejects(
            "SRV",
            "1 2 3 a b",
            "unexpected \"b\" after the end of SRV rdata",
        );
        assert_rejects("SRV", "1 2 3 a..b", "invalid target \"a..b\" in SRV record");
        assert_wire_rejects("SRV", "000100020003");
        assert_wire_rejects("SRV", "0001000200");
        assert_wire_rejects("SRV", "00010002000301");
        assert_wire_rejects("SRV", "000100020003000000");
    }
}
