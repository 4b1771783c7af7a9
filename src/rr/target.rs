//! Types whose rdata is one domain name: NS, CNAME, PTR, DNAME (RFC 1035, RFC 6672) and the
//! obsolete mailbox types MD, MF, MB, MG, MR and NSAP-PTR.

use crate::name::Name;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

macro_rules! single_name {
    ($( $(#[$doc:meta])* $ty:ident, $what:literal; )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $ty {
            pub target: Name,
        }

        impl RData for $ty {
            fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
                Ok($ty { target: f.name($what)? })
            }
            fn print(&self, p: &mut Printer<'_>) {
                p.name(&self.target);
            }
            fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(self.target.as_wire());
            }
            fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
                Ok($ty { target: w.name()? })
            }
        }
    )*};
}

single_name! {
    /// An authoritative name server.
    Ns, "name server";
    /// The canonical name of an alias.
    Cname, "canonical name";
    /// A domain name pointer.
    Ptr, "pointer target";
    /// A redirection of a subtree (RFC 6672).
    Dname, "target";
    /// Mail destination (obsolete).
    Md, "mail destination";
    /// Mail forwarder (obsolete).
    Mf, "mail forwarder";
    /// Mailbox domain name (experimental).
    Mb, "mailbox host";
    /// Mail group member (experimental).
    Mg, "mailbox";
    /// Mail rename (experimental).
    Mr, "mailbox";
    /// The NSAP-style owner name for an NSAP address, for reverse lookups (RFC 1348, obsolete).
    NsapPtr, "owner name";
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn names() {
        for t in ["NS", "CNAME", "PTR", "DNAME", "MD", "MF", "MB", "MG", "MR"] {
            assert_round_trip(t, "ns1", "ns1.example.", "036E7331076578616D706C6500");
            assert_round_trip(t, "@", "example.", "076578616D706C6500");
        }
        assert_rejects(
            "NS",
            "a..b",
            "invalid name server \"a..b\" in NS record: empty label",
        );
    }
}
