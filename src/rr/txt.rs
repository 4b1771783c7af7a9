//! TXT (RFC 1035) and SPF (RFC 4408): lists of character-strings; also the later types with
//! the same rdata: NINFO, AVC, RESINFO (RFC 9606) and WALLET, which BIND reads and prints as
//! TXT.
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
text_type! {
    /// Zone status information (NINFO, type 56; registered, never standardised).
    Ninfo
}
text_type! {
    /// Application visibility and control (AVC, type 258): application metadata as
    /// `key:value|key:value` text.
    Avc
}
text_type! {
    /// Resolver information (RFC 9606, type 261): `key` or `key=value` strings, one per
    /// character-string.
    Resinfo
}
text_type! {
    /// Public wallet address (WALLET, type 262): a currency name then the address.
    Wallet
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

    #[test]
    fn txt_like_types() {
        for t in ["NINFO", "AVC", "RESINFO", "WALLET"] {
            assert_round_trip(t, "\"a b\" c", "\"a b\" \"c\"", "036120620163");
            assert_round_trip(t, "\"\"", "\"\"", "00");
            assert_rejects(t, "", &format!("missing text in {t} record"));
            assert_rejects(
                t,
                &"x".repeat(256),
                &format!("text in {t} record is 256 octets long"),
            );
            assert_rejects(t, "\"a\\2\"", "invalid escape");
            assert_wire_rejects(t, "");
            assert_wire_rejects(t, "0261");
            assert_wire_rejects(t, "016101");
        }
        assert_round_trip(
            "AVC",
            "\"app-name:WOLFGANG|app-class:OAM|business=yes\"",
            "\"app-name:WOLFGANG|app-class:OAM|business=yes\"",
            "2C6170702D6E616D653A574F4C4647414E477C6170702D636C6173733A4F414D7C627573696E6573733D796573",
        );
        assert_round_trip(
            "RESINFO",
            "qnamemin exterr=15,16,17 infourl=https://resolver.example.com/guide",
            "\"qnamemin\" \"exterr=15,16,17\" \"infourl=https://resolver.example.com/guide\"",
            "08716E616D656D696E0F6578746572723D31352C31362C3137\
             2A696E666F75726C3D68747470733A2F2F7265736F6C7665722E6578616D706C652E636F6D2F6775696465",
        );
        assert_round_trip(
            "WALLET",
            "BTC 1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            "\"BTC\" \"1BoatSLRHtKNngkdXEeobR76b53LETtpyT\"",
            "034254432231426F6174534C5248744B4E6E676B645845656F625237366235334C455474707954",
        );
    }
}
