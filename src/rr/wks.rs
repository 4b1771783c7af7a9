//! WKS (RFC 1035 §3.4.2): well-known services of a host.
//!
//! Text: `address protocol service...`. The protocol is a number or `tcp`, `udp`, `icmp`; the
//! services are port numbers or names. BIND looks names up with getservbyname(3), so what it
//! accepts depends on the host's /etc/services; this crate uses the fixed table
//! [`SERVICE_NAMES`] instead (common IANA names and their usual aliases, valid for TCP and/or
//! UDP as in IANA's registry), so a zone reads the same everywhere. Names are matched without
//! regard to case and only for TCP and UDP. Canonical text prints the protocol and the
//! services as numbers, ascending, as BIND does.
//!
//! The wire bitmap has no trailing zero octets: the encoder trims them and the decoder refuses
//! them, so wire → value → wire is the identity (the text form could not keep them anyway).

use std::net::Ipv4Addr;

use super::fields::parse_decimal;
use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

const TCP: u8 = 6;
const UDP: u8 = 17;

/// Service names accepted in WKS text: (name, port, valid for TCP, valid for UDP).
pub const SERVICE_NAMES: &[(&str, u16, bool, bool)] = &[
    ("tcpmux", 1, true, false),
    ("echo", 7, true, true),
    ("discard", 9, true, true),
    ("daytime", 13, true, true),
    ("chargen", 19, true, true),
    ("ftp-data", 20, true, false),
    ("ftp", 21, true, false),
    ("ssh", 22, true, false),
    ("telnet", 23, true, false),
    ("smtp", 25, true, false),
    ("mail", 25, true, false),
    ("time", 37, true, true),
    ("whois", 43, true, false),
    ("nicname", 43, true, false),
    ("domain", 53, true, true),
    ("bootps", 67, false, true),
    ("bootpc", 68, false, true),
    ("tftp", 69, false, true),
    ("gopher", 70, true, false),
    ("finger", 79, true, false),
    ("http", 80, true, false),
    ("www", 80, true, false),
    ("kerberos", 88, true, true),
    ("pop3", 110, true, false),
    ("sunrpc", 111, true, true),
    ("auth", 113, true, false),
    ("ident", 113, true, false),
    ("nntp", 119, true, false),
    ("ntp", 123, false, true),
    ("netbios-ns", 137, false, true),
    ("netbios-dgm", 138, false, true),
    ("netbios-ssn", 139, true, false),
    ("imap2", 143, true, false),
    ("imap", 143, true, false),
    ("snmp", 161, true, true),
    ("snmp-trap", 162, true, true),
    ("bgp", 179, true, false),
    ("ldap", 389, true, true),
    ("https", 443, true, true),
    ("submissions", 465, true, false),
    ("smtps", 465, true, false),
    ("syslog", 514, false, true),
    ("printer", 515, true, false),
    ("submission", 587, true, false),
    ("ldaps", 636, true, true),
    ("domain-s", 853, true, true),
    ("rsync", 873, true, false),
    ("imaps", 993, true, false),
    ("pop3s", 995, true, false),
];

/// Protocol names accepted in WKS text, as in /etc/protocols.
const PROTOCOL_NAMES: &[(&str, u8)] = &[("icmp", 1), ("tcp", TCP), ("udp", UDP)];

/// The port of a service name for `protocol`, from [`SERVICE_NAMES`].
pub fn service_port(name: &[u8], protocol: u8) -> Option<u16> {
    SERVICE_NAMES
        .iter()
        .find(|(n, _, tcp, udp)| {
            n.as_bytes().eq_ignore_ascii_case(name)
                && ((protocol == TCP && *tcp) || (protocol == UDP && *udp))
        })
        .map(|(_, port, _, _)| *port)
}

/// A host's well-known services.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Wks {
    pub address: Ipv4Addr,
    /// The IP protocol number (6 TCP, 17 UDP).
    pub protocol: u8,
    /// The ports offered, ascending, each once.
    pub services: Vec<u16>,
}

impl RData for Wks {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let address = f.ipv4("address")?;
        let protocol = f.parse_with(
            "protocol",
            "a number from 0 to 255, tcp, udp or icmp",
            |t| {
                parse_decimal(t)
                    .and_then(|n| u8::try_from(n).ok())
                    .or_else(|| {
                        PROTOCOL_NAMES
                            .iter()
                            .find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(t))
                            .map(|(_, p)| *p)
                    })
            },
        )?;
        let mut services = Vec::new();
        while !f.is_empty() {
            services.push(f.parse_with(
                "service",
                "a port number from 0 to 65535 or a service name such as smtp or domain",
                |t| match parse_decimal(t) {
                    Some(n) => u16::try_from(n).ok(),
                    None => service_port(t, protocol),
                },
            )?);
        }
        services.sort_unstable();
        services.dedup();
        Ok(Wks {
            address,
            protocol,
            services,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.address);
        p.display(self.protocol);
        let mut services = self.services.clone();
        services.sort_unstable();
        services.dedup();
        for s in services {
            p.display(s);
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.address.octets());
        out.push(self.protocol);
        if let Some(&max) = self.services.iter().max() {
            let mut bitmap = vec![0u8; usize::from(max) / 8 + 1];
            for &s in &self.services {
                if let Some(octet) = bitmap.get_mut(usize::from(s) / 8) {
                    *octet |= 0x80 >> (s % 8);
                }
            }
            out.extend_from_slice(&bitmap);
        }
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let address = Ipv4Addr::from(w.array::<4>()?);
        let protocol = w.u8()?;
        let bitmap = w.rest();
        if bitmap.len() > 8192 {
            return Err(WireError::Invalid(format!(
                "WKS bitmap is {} octets long; ports end at 65535 (8192 octets)",
                bitmap.len()
            )));
        }
        if bitmap.last() == Some(&0) {
            return Err(WireError::Invalid(
                "WKS bitmap ends in a zero octet (not in canonical, trimmed form)".to_string(),
            ));
        }
        let mut services = Vec::new();
        for (i, &octet) in bitmap.iter().enumerate() {
            for bit in 0..8 {
                if octet & (0x80 >> bit) != 0 {
                    services.push((i * 8 + bit) as u16);
                }
            }
        }
        Ok(Wks {
            address,
            protocol,
            services,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rr::testing::*;
    use crate::rr::RecordData;

    /// Text from BIND 9.18, wire from dnspython 2.9 (both with Debian's /etc/services, which
    /// agrees with [`SERVICE_NAMES`] on these names).
    #[test]
    fn round_trips() {
        for (input, canonical, wire) in [
            ("10.0.0.1 tcp telnet ftp 0 1 2", "10.0.0.1 6 0 1 2 21 23", "0A00000106E00005"),
            ("10.0.0.1 6 25 53", "10.0.0.1 6 25 53", "0A0000010600000040000004"),
            ("10.0.0.1 udp domain", "10.0.0.1 17 53", "0A0000011100000000000004"),
            ("10.0.0.1 TCP SMTP", "10.0.0.1 6 25", "0A0000010600000040"),
            ("10.0.0.1 tcp", "10.0.0.1 6", "0A00000106"),
            ("10.0.0.1 icmp 0", "10.0.0.1 1 0", "0A0000010180"),
            ("10.0.0.1 255 1", "10.0.0.1 255 1", "0A000001FF40"),
            ("10.0.0.1 tcp 80 80 www", "10.0.0.1 6 80", "0A000001060000000000000000000080"),
            (
                "10.0.0.1 tcp www ident imap smtps mail",
                "10.0.0.1 6 25 80 113 143 465",
                "0A000001060000004000000000000080000000400000010000000000000000000000000000000000000000000000000000000000000000000000000000000040",
            ),
            (
                "10.0.0.1 udp ntp snmp syslog tftp bootps",
                "10.0.0.1 17 67 69 123 161 514",
                "0A000001110000000000000000140000000000001000000000400000000000000000000000000000000000000000000000000000000000000000000000000000000000000020",
            ),
        ] {
            assert_round_trip("WKS", input, canonical, wire);
        }
        let RecordData::Wks(w) = parse("WKS", "10.0.0.1 tcp 65535").unwrap() else {
            panic!()
        };
        let wire = RecordData::Wks(w.clone()).to_wire();
        assert_eq!(wire.len(), 5 + 8192);
        assert_eq!(wire.last(), Some(&1));
        assert_eq!(
            RecordData::decode(crate::rr::RecordType::WKS, &wire).unwrap(),
            RecordData::Wks(w)
        );
    }

    #[test]
    fn rejections() {
        for (input, message) in [
            ("10.0.0.1 tcp 65536", "invalid service \"65536\" in WKS record (expected a port number from 0 to 65535 or a service name such as smtp or domain)"),
            ("10.0.0.1 tcp bogus", "invalid service \"bogus\""),
            ("10.0.0.1 tcp ntp", "invalid service \"ntp\""),
            ("10.0.0.1 udp ssh", "invalid service \"ssh\""),
            ("10.0.0.1 1 smtp", "invalid service \"smtp\""),
            ("10.0.0.1 256 1", "invalid protocol \"256\" in WKS record (expected a number from 0 to 255, tcp, udp or icmp)"),
            ("10.0.0.1 sctp 1", "invalid protocol \"sctp\""),
            ("10.0.0.256 tcp", "invalid address \"10.0.0.256\""),
            ("10.0.0.1", "missing protocol in WKS record"),
        ] {
            assert_rejects("WKS", input, message);
        }
    }

    #[test]
    fn wire() {
        let d = RecordData::decode(crate::rr::RecordType::WKS, &[10, 0, 0, 1, 6, 0x40]).unwrap();
        assert_eq!(d.to_text(), "10.0.0.1 6 1");
        assert_eq!(d.to_wire(), vec![10, 0, 0, 1, 6, 0x40]);
        // Trailing zero octets could not survive a round trip through text, so they are refused
        // (found by the `wire` fuzz target).
        assert_wire_rejects("WKS", "0A00000106400000");
        assert_wire_rejects("WKS", "");
        assert_wire_rejects("WKS", "0A000001");
        let mut long = "0A00000106".to_string();
        long.push_str(&"00".repeat(8193));
        assert_wire_rejects("WKS", &long);
    }

    #[test]
    fn service_table_is_consistent() {
        for (name, _, tcp, udp) in SERVICE_NAMES {
            assert!(*tcp || *udp, "{name}");
            assert_eq!(name.to_ascii_lowercase(), *name);
            let count = SERVICE_NAMES.iter().filter(|(n, ..)| n == name).count();
            assert_eq!(count, 1, "{name} twice");
        }
        assert_eq!(service_port(b"Domain", UDP), Some(53));
        assert_eq!(service_port(b"domain", 1), None);
    }

    /// NSD's WKS test zone reads with the fixed table.
    #[test]
    fn nsd_zone() {
        let text = std::fs::read_to_string(format!(
            "{}/testdata/nsd/rr-wks.tdir/rr-wks.zone",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let entries = zone_entries(&text, &["WKS"]);
        assert_eq!(entries.len(), 3);
        for e in entries {
            let want = if e.owner.as_deref().is_some_and(|o| o.starts_with("type11.")) {
                "10.0.0.1 6 0 1 2 21 23 25 26"
            } else {
                "10.0.0.1 6 0 1 2 21 23 25 26 33 34"
            };
            assert_eq!(parse("WKS", &e.rdata).unwrap().to_text(), want);
        }
    }
}
