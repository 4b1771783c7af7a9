//! URI (RFC 7553): a URI published for a service name.
//!
//! The target is a quoted string in presentation form (BIND refuses an unquoted one) and the
//! rest of the rdata on the wire, so it may exceed 255 octets. RFC 7553 §4.5 forbids an empty
//! target; BIND accepts `""`, this crate refuses it in both forms.

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// A URI record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uri {
    /// Lower values are tried first.
    pub priority: u16,
    /// Relative share among records of the same priority.
    pub weight: u16,
    /// The URI octets (escapes decoded), never empty.
    pub target: Vec<u8>,
}

impl Uri {
    /// The target as plain text (no quotes, no escapes); `None` when it is not UTF-8.
    pub fn target_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.target).ok()
    }
}

impl RData for Uri {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let priority = f.u16("priority")?;
        let weight = f.u16("weight")?;
        let token = f.token("target")?;
        if !token.quoted || token.text.is_empty() {
            return Err(f.invalid(&token, "target", "a non-empty URI in double quotes"));
        }
        let target = f.decode(&token)?;
        Ok(Uri {
            priority,
            weight,
            target,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.priority);
        p.display(self.weight);
        p.quoted(&self.target);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.priority.to_be_bytes());
        out.extend_from_slice(&self.weight.to_be_bytes());
        out.extend_from_slice(&self.target);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let priority = w.u16()?;
        let weight = w.u16()?;
        let target = w.rest();
        if target.is_empty() {
            return Err(WireError::Invalid("URI target is empty".into()));
        }
        Ok(Uri {
            priority,
            weight,
            target: target.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;
    use crate::rr::RecordData;

    #[test]
    fn uri_round_trips() {
        let data = assert_round_trip(
            "URI",
            "10 1 \"ftp://ftp1.example.com/public\"",
            "10 1 \"ftp://ftp1.example.com/public\"",
            "000A00016674703A2F2F667470312E6578616D706C652E636F6D2F7075626C6963",
        );
        let RecordData::Uri(uri) = data else {
            panic!("not URI: {data:?}")
        };
        assert_eq!(uri.target_text(), Some("ftp://ftp1.example.com/public"));
        assert_round_trip(
            "URI",
            "0 65535 \"a b\\\"\"",
            "0 65535 \"a b\\\"\"",
            "0000FFFF61206222",
        );
        assert_round_trip(
            "URI",
            "1 2 \"a;b(c)\\009\\255\"",
            "1 2 \"a;b(c)\\009\\255\"",
            "00010002613B6228632909FF",
        );
        let long = "u".repeat(400);
        assert_round_trip(
            "URI",
            &format!("1 2 \"{long}\""),
            &format!("1 2 \"{long}\""),
            &format!("00010002{}", "75".repeat(400)),
        );
    }

    #[test]
    fn uri_rejects() {
        assert_rejects(
            "URI",
            "1 2 unquoted",
            "invalid target \"unquoted\" in URI record (expected a non-empty URI in double quotes)",
        );
        assert_rejects("URI", "1 2 \"\"", "invalid target \"\" in URI record");
        assert_rejects("URI", "1 2", "missing target in URI record");
        assert_rejects(
            "URI",
            "65536 2 \"x\"",
            "invalid priority \"65536\" in URI record (expected a number from 0 to 65535)",
        );
        assert_rejects("URI", "1 -2 \"x\"", "invalid weight \"-2\" in URI record");
        assert_rejects(
            "URI",
            "1 2 \"a\" \"b\"",
            "unexpected \"b\" after the end of URI rdata",
        );
        assert_rejects("URI", "1 2 \"a\\25\"", "invalid escape");
        assert_wire_rejects("URI", "00010002");
        assert_wire_rejects("URI", "000100");
        assert_wire_rejects("URI", "");
    }
}
