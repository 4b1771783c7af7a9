//! HINFO (RFC 1035 §3.3.2): host hardware and operating system, two character-strings.
//! RFC 8482 reuses it for minimal answers to ANY queries.

use super::{wire::put_char_string, FieldError, Fields, Printer, RData, WireError, WireReader};

/// Host information.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hinfo {
    /// The CPU type, at most 255 octets.
    pub cpu: Vec<u8>,
    /// The operating system, at most 255 octets.
    pub os: Vec<u8>,
}

impl RData for Hinfo {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Hinfo {
            cpu: f.char_string("CPU")?,
            os: f.char_string("OS")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.quoted(&self.cpu);
        p.quoted(&self.os);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        put_char_string(out, &self.cpu);
        put_char_string(out, &self.os);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Hinfo {
            cpu: w.char_string()?.to_vec(),
            os: w.char_string()?.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn hinfo() {
        assert_round_trip(
            "HINFO",
            "\"PC\" \"Linux\"",
            "\"PC\" \"Linux\"",
            "025043054C696E7578",
        );
        assert_round_trip(
            "HINFO",
            "PC-Intel-700mhz \"Redhat Linux 7.1\"",
            "\"PC-Intel-700mhz\" \"Redhat Linux 7.1\"",
            "0F50432D496E74656C2D3730306D687A10526564686174204C696E757820372E31",
        );
        assert_round_trip("HINFO", "\"\" \"\"", "\"\" \"\"", "0000");
        // RFC 8482 minimal ANY answer.
        assert_round_trip(
            "HINFO",
            "\"RFC8482\" \"\"",
            "\"RFC8482\" \"\"",
            "075246433834383200",
        );
        assert_rejects("HINFO", "\"PC\"", "missing OS in HINFO record");
        assert_rejects("HINFO", "", "missing CPU in HINFO record");
        assert_rejects(
            "HINFO",
            "a b c",
            "unexpected \"c\" after the end of HINFO rdata",
        );
        assert_rejects(
            "HINFO",
            &format!("{} b", "a".repeat(256)),
            "CPU in HINFO record is 256 octets long",
        );
        assert_wire_rejects("HINFO", "0141");
        assert_wire_rejects("HINFO", "02410141");
        assert_wire_rejects("HINFO", "000000");
        assert_wire_rejects("HINFO", "");
    }
}
