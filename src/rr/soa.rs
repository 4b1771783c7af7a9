//! SOA (RFC 1035, timers as in RFC 2308).

use crate::name::Name;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// Start of authority.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Soa {
    pub mname: Name,
    pub rname: Name,
    pub serial: u32,
    pub refresh: u32,
    pub retry: u32,
    pub expire: u32,
    /// The negative-caching TTL (RFC 2308).
    pub minimum: u32,
}

impl RData for Soa {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Soa {
            mname: f.name("primary name server")?,
            rname: f.name("responsible mailbox")?,
            serial: f.u32("serial")?,
            // BIND accepts unit forms (1h, 2w) for the timers.
            refresh: f.ttl("refresh")?,
            retry: f.ttl("retry")?,
            expire: f.ttl("expire")?,
            minimum: f.ttl("minimum")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.name(&self.mname);
        p.name(&self.rname);
        for v in [
            self.serial,
            self.refresh,
            self.retry,
            self.expire,
            self.minimum,
        ] {
            p.display(v);
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.mname.as_wire());
        out.extend_from_slice(self.rname.as_wire());
        for v in [
            self.serial,
            self.refresh,
            self.retry,
            self.expire,
            self.minimum,
        ] {
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Soa {
            mname: w.name()?,
            rname: w.name()?,
            serial: w.u32()?,
            refresh: w.u32()?,
            retry: w.u32()?,
            expire: w.u32()?,
            minimum: w.u32()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn soa() {
        assert_round_trip(
            "SOA",
            "ns1 hostmaster 2024010101 1h 15m 1w 1D",
            "ns1.example. hostmaster.example. 2024010101 3600 900 604800 86400",
            "036E7331076578616D706C65000A686F73746D6173746572076578616D706C650078A3F17500000E100000038400093A8000015180",
        );
        assert_rejects(
            "SOA",
            "ns1 hostmaster 1 2 3 4",
            "missing minimum in SOA record",
        );
        assert_rejects("SOA", "ns1 hostmaster 4294967296 2 3 4 5", "invalid serial");
    }
}
