//! DOA, digital object architecture (type 259, draft-durand-doa-over-dns, known to BIND).
//!
//! Presentation form: `enterprise type location "media-type" data`, where data is base64 over
//! one or more tokens, or `-` alone for no data (printed that way too).

use super::{wire::put_char_string, FieldError, Fields, Printer, RData, WireError, WireReader};

/// A DOA record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Doa {
    /// IANA private enterprise number of the registrant of `doa_type` (0 for IANA-assigned).
    pub enterprise: u32,
    /// The kind of object described.
    pub doa_type: u32,
    /// 1 = data is local (in `data`), 2 = data is a URI, 3 = an HDL identifier, ...
    pub location: u8,
    /// The MIME media type of `data`, at most 255 octets.
    pub media_type: Vec<u8>,
    /// The object data, possibly empty.
    pub data: Vec<u8>,
}

impl RData for Doa {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let enterprise = f.u32("enterprise")?;
        let doa_type = f.u32("type")?;
        let location = f.u8("location")?;
        let media_type = f.char_string("media type")?;
        let data = match f.peek() {
            Some(t) if !t.quoted && t.text == b"-" => {
                f.token("data")?;
                Vec::new()
            }
            _ => f.base64_rest("data", false)?,
        };
        Ok(Doa {
            enterprise,
            doa_type,
            location,
            media_type,
            data,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.enterprise);
        p.display(self.doa_type);
        p.display(self.location);
        p.quoted(&self.media_type);
        if self.data.is_empty() {
            p.text("-");
        } else {
            p.base64(&self.data);
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.enterprise.to_be_bytes());
        out.extend_from_slice(&self.doa_type.to_be_bytes());
        out.push(self.location);
        put_char_string(out, &self.media_type);
        out.extend_from_slice(&self.data);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Doa {
            enterprise: w.u32()?,
            doa_type: w.u32()?,
            location: w.u8()?,
            media_type: w.char_string()?.to_vec(),
            data: w.rest().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn doa_round_trips() {
        assert_round_trip(
            "DOA",
            "0 1 2 \"\" aGVs bG8=",
            "0 1 2 \"\" aGVsbG8=",
            "0000000000000001020068656C6C6F",
        );
        assert_round_trip(
            "DOA",
            "4294967295 4294967295 255 text/plain -",
            "4294967295 4294967295 255 \"text/plain\" -",
            "FFFFFFFFFFFFFFFFFF0A746578742F706C61696E",
        );
        assert_round_trip(
            "DOA",
            "1234567890 1234567890 1 \"image/gif\" AAMGCQwPEhUYGx4hJCcqLTAzNjk8P0JFSEtOUVRX \
             Wl1gY2ZpbG9ydXh7foGEh4qNkJOWmZyfoqWoq66xtLe6vcDDxsnMz9LV2Nve4eTn6u3w8/b5/P8=",
            "1234567890 1234567890 1 \"image/gif\" AAMGCQwPEhUYGx4hJCcqLTAzNjk8P0JFSEtOUVRX\
             Wl1gY2ZpbG9ydXh7foGEh4qNkJOWmZyfoqWoq66xtLe6vcDDxsnMz9LV2Nve4eTn6u3w8/b5/P8=",
            "499602D2499602D20109696D6167652F676966000306090C0F1215181B1E2124272A2D303336393C3F\
             4245484B4E5154575A5D606366696C6F7275787B7E8184878A8D909396999C9FA2A5A8ABAEB1B4B7BA\
             BDC0C3C6C9CCCFD2D5D8DBDEE1E4E7EAEDF0F3F6F9FCFF",
        );
    }

    #[test]
    fn doa_rejects() {
        assert_rejects(
            "DOA",
            "4294967296 1 2 \"\" -",
            "invalid enterprise \"4294967296\" in DOA record (expected a number from 0 to 4294967295)",
        );
        assert_rejects("DOA", "0 x 2 \"\" -", "invalid type \"x\" in DOA record");
        assert_rejects(
            "DOA",
            "0 1 256 \"\" -",
            "invalid location \"256\" in DOA record (expected a number from 0 to 255)",
        );
        assert_rejects("DOA", "0 1 2 \"\"", "missing data in DOA record");
        assert_rejects("DOA", "0 1 2", "missing media type in DOA record");
        assert_rejects(
            "DOA",
            "0 1 2 \"\" - x",
            "unexpected \"x\" after the end of DOA rdata",
        );
        assert_rejects(
            "DOA",
            "0 1 2 \"\" \"aGVs\"",
            "invalid data \"aGVs\" in DOA record",
        );
        assert_rejects("DOA", "0 1 2 \"\" aGVs -", "invalid data");
        assert_rejects(
            "DOA",
            "0 1 2 \"\" aGV",
            "invalid data \"aGV\" in DOA record",
        );
        assert_rejects(
            "DOA",
            "0 1 2 \"\" \"-\"",
            "invalid data \"-\" in DOA record",
        );
        assert_wire_rejects("DOA", "000000000000000002");
        assert_wire_rejects("DOA", "0000000000000000020241");
        assert_wire_rejects("DOA", "00000000");
    }
}
