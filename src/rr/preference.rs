//! Types whose rdata is a 16-bit number and a domain name, like MX: AFSDB (RFC 1183, with
//! RFC 5864), RT (RFC 1183), KX (RFC 2230) and LP (RFC 6742).

use crate::name::Name;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

macro_rules! number_and_name {
    ($( $(#[$doc:meta])* $ty:ident { $(#[$d1:meta])* $num:ident: $what1:literal,
        $(#[$d2:meta])* $name:ident: $what2:literal $(,)? } )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $ty {
            $(#[$d1])*
            pub $num: u16,
            $(#[$d2])*
            pub $name: Name,
        }

        impl RData for $ty {
            fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
                Ok($ty {
                    $num: f.u16($what1)?,
                    $name: f.name($what2)?,
                })
            }
            fn print(&self, p: &mut Printer<'_>) {
                p.display(self.$num);
                p.name(&self.$name);
            }
            fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.$num.to_be_bytes());
                out.extend_from_slice(self.$name.as_wire());
            }
            fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
                Ok($ty {
                    $num: w.u16()?,
                    $name: w.name()?,
                })
            }
        }
    )*};
}

number_and_name! {
    /// AFS database location.
    Afsdb {
        /// 1 = AFS volume location server, 2 = DCE authenticated name server.
        subtype: "subtype",
        /// The server host.
        hostname: "hostname",
    }
    /// Route through: an intermediate host for networks without direct connectivity.
    Rt {
        /// Lower values are preferred.
        preference: "preference",
        /// The host to route through; it must have A, X25 or ISDN records.
        intermediate_host: "intermediate host",
    }
    /// Key exchanger (RFC 2230).
    Kx {
        /// Lower values are preferred.
        preference: "preference",
        /// The host that will do key exchange on behalf of the owner.
        exchanger: "exchanger",
    }
    /// ILNP locator pointer: a name holding L32/L64 records (RFC 6742).
    Lp {
        /// Lower values are preferred.
        preference: "preference",
        /// The name (never the owner itself) whose locators to use.
        fqdn: "FQDN",
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn number_and_name() {
        assert_round_trip(
            "AFSDB",
            "1 afs1",
            "1 afs1.example.",
            "00010461667331076578616D706C6500",
        );
        assert_round_trip(
            "RT",
            "10 relay",
            "10 relay.example.",
            "000A0572656C6179076578616D706C6500",
        );
        assert_round_trip(
            "KX",
            "10 kx.example.com.",
            "10 kx.example.com.",
            "000A026B78076578616D706C6503636F6D00",
        );
        assert_round_trip(
            "LP",
            "10 l64-subnet1",
            "10 l64-subnet1.example.",
            "000A0B6C36342D7375626E657431076578616D706C6500",
        );
        for (t, num, name) in [
            ("AFSDB", "subtype", "hostname"),
            ("RT", "preference", "intermediate host"),
            ("KX", "preference", "exchanger"),
            ("LP", "preference", "FQDN"),
        ] {
            assert_round_trip(t, "65535 .", "65535 .", "FFFF00");
            assert_rejects(
                t,
                "65536 a",
                &format!(
                    "invalid {num} \"65536\" in {t} record (expected a number from 0 to 65535)"
                ),
            );
            assert_rejects(t, "1", &format!("missing {name} in {t} record"));
            assert_rejects(t, "", &format!("missing {num} in {t} record"));
            assert_rejects(
                t,
                "1 a b",
                &format!("unexpected \"b\" after the end of {t} rdata"),
            );
            assert_wire_rejects(t, "0001");
            assert_wire_rejects(t, "00");
            assert_wire_rejects(t, "000103616263");
        }
    }
}
