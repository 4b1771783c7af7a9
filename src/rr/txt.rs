//! TXT (RFC 1035) and SPF (RFC 4408): lists of character-strings.
//!
//! A string longer than 255 octets is an error here; splitting long text is the Cloudflare
//! side's business.

use super::{wire::put_char_string, FieldError, Fields, Printer, RData, WireError, WireReader};

macro_rules! text_type {
    ($(#[$doc:meta])* $ty:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $ty {
            /// The character-strings, each at most 255 octets, escapes decoded.
            pub strings: Vec<Vec<u8>>,
        }

        impl RData for $ty {
            fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
                let mut strings = vec![f.char_string("text")?];
                while !f.is_empty() {
                    strings.push(f.char_string("text")?);
                }
                Ok($ty { strings })
            }
            fn print(&self, p: &mut Printer<'_>) {
                for s in &self.strings {
                    p.quoted(s);
                }
            }
            fn encode(&self, out: &mut Vec<u8>) {
                for s in &self.strings {
                    put_char_string(out, s);
                }
            }
            fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
                let mut strings = Vec::new();
                // RFC 1035 requires at least one string; empty rdata is malformed.
                loop {
                    strings.push(w.char_string()?.to_vec());
                    if w.is_empty() {
                        break;
                    }
                }
                Ok($ty { strings })
            }
        }
    };
}

text_type! {
    /// Descriptive text.
    Txt
}
text_type! {
    /// Sender Policy Framework text (obsolete type 99; same form as TXT).
    Spf
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn txt() {
        assert_round_trip(
            "TXT",
            "\"hello world\" x",
            "\"hello world\" \"x\"",
            "0B68656C6C6F20776F726C640178",
        );
        assert_round_trip(
            "TXT",
            "\"a\\\"b\\059\\255\"",
            "\"a\\\"b;\\255\"",
            "056122623BFF",
        );
        assert_round_trip("TXT", "\"\"", "\"\"", "00");
        assert_round_trip(
            "SPF",
            "\"v=spf1 -all\"",
            "\"v=spf1 -all\"",
            "0B763D73706631202D616C6C",
        );
        let long = format!("\"{}\"", "a".repeat(256));
        assert_rejects("TXT", &long, "text in TXT record is 256 octets long");
        assert_rejects("TXT", "", "missing text in TXT record");
        assert_wire_rejects("TXT", "");
        assert_wire_rejects("TXT", "0561");
    }
}
