//! Types whose rdata is two domain names: MINFO (RFC 1035), RP (RFC 1183) and TALINK (the
//! trust-anchor link of draft-ietf-dnsop-dnssec-trust-history, registered in 2010).

use crate::name::Name;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

macro_rules! name_pair {
    ($( $(#[$doc:meta])* $ty:ident { $(#[$d1:meta])* $first:ident: $what1:literal,
        $(#[$d2:meta])* $second:ident: $what2:literal $(,)? } )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $ty {
            $(#[$d1])*
            pub $first: Name,
            $(#[$d2])*
            pub $second: Name,
        }

        impl RData for $ty {
            fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
                Ok($ty {
                    $first: f.name($what1)?,
                    $second: f.name($what2)?,
                })
            }
            fn print(&self, p: &mut Printer<'_>) {
                p.name(&self.$first);
                p.name(&self.$second);
            }
            fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(self.$first.as_wire());
                out.extend_from_slice(self.$second.as_wire());
            }
            fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
                Ok($ty {
                    $first: w.name()?,
                    $second: w.name()?,
                })
            }
        }
    )*};
}

name_pair! {
    /// Mailbox or mail list information (experimental, RFC 1035).
    Minfo {
        /// The mailbox responsible for the list.
        rmailbx: "responsible mailbox",
        /// The mailbox that receives errors about the list.
        emailbx: "error mailbox",
    }
    /// Responsible person (RFC 1183 §2.2).
    Rp {
        /// The person's mailbox in name form (`.` for none).
        mbox: "mailbox",
        /// A name with TXT records about the person (`.` for none).
        txt: "TXT name",
    }
    /// A link in a chain of trust-anchor history (TALINK).
    Talink {
        /// The previous entry of the chain (the head points to itself).
        previous: "previous name",
        /// The next entry of the chain.
        next: "next name",
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn name_pairs() {
        for t in ["MINFO", "RP", "TALINK"] {
            assert_round_trip(
                t,
                "a b",
                "a.example. b.example.",
                "0161076578616D706C65000162076578616D706C6500",
            );
            assert_round_trip(t, ". @", ". example.", "00076578616D706C6500");
            assert_rejects(
                t,
                "a b c",
                &format!("unexpected \"c\" after the end of {t} rdata"),
            );
            assert_wire_rejects(t, "0161076578616D706C6500");
            assert_wire_rejects(t, "0161076578616D706C650001");
            assert_wire_rejects(t, "");
        }
        assert_round_trip(
            "RP",
            "mbox.example.com. .",
            "mbox.example.com. .",
            "046D626F78076578616D706C6503636F6D0000",
        );
        assert_rejects("RP", "a", "missing TXT name in RP record");
        assert_rejects("MINFO", "a", "missing error mailbox in MINFO record");
        assert_rejects("TALINK", "", "missing previous name in TALINK record");
        assert_rejects(
            "RP",
            "a..b c",
            "invalid mailbox \"a..b\" in RP record: empty label",
        );
    }
}
