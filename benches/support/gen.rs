//! Deterministic synthetic zone files for benchmarks and memory tests.
//!
//! The same kind and count always give the same bytes (a fixed-seed xorshift), so figures in
//! BENCHMARKS.md can be reproduced without shipping generated files. Shared by
//! `examples/genzone.rs` (through `#[path]`) and the benches in this directory.

use std::io::{self, Write};

/// Which synthetic zone to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A TLD-like zone: per delegation two NS, often a DS, sometimes in-zone glue.
    Tld,
    /// A customer zone: the mix of types people keep behind a web site and a mail setup
    /// (A, AAAA, CNAME, MX, long DKIM TXT in parentheses, SRV, CAA, TLSA, HTTPS, LOC, NAPTR,
    /// SSHFP, DS, comments).
    Customer,
}

impl Kind {
    /// `tld` or `customer`.
    pub fn from_arg(arg: &str) -> Option<Kind> {
        match arg {
            "tld" => Some(Kind::Tld),
            "customer" => Some(Kind::Customer),
            _ => None,
        }
    }

    /// The zone's origin, as written in its `$ORIGIN` line.
    pub fn origin(self) -> &'static str {
        match self {
            Kind::Tld => "tld.",
            Kind::Customer => "example.com.",
        }
    }
}

/// The seed every generated zone starts from.
const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// Writes a zone of `kind` with `count` delegations (TLD) or names (customer) to `out`.
pub fn write_zone(kind: Kind, count: u64, out: &mut impl Write) -> io::Result<()> {
    let mut rng = Rng(SEED);
    match kind {
        Kind::Tld => tld(out, count, &mut rng),
        Kind::Customer => customer(out, count, &mut rng),
    }
}

/// The zone as bytes in memory.
pub fn zone_bytes(kind: Kind, count: u64) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_zone(kind, count, &mut out);
    out
}

/// xorshift64*: small, fast, deterministic; statistical quality is irrelevant here.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn hex(&mut self, bytes: usize) -> String {
        (0..bytes)
            .map(|_| format!("{:02X}", self.below(256)))
            .collect()
    }
    fn base64(&mut self, chars: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        (0..chars)
            .map(|_| ALPHABET[self.below(64) as usize] as char)
            .collect()
    }
    fn label(&mut self) -> String {
        let len = 4 + self.below(12) as usize;
        (0..len)
            .map(|_| (b'a' + self.below(26) as u8) as char)
            .collect()
    }
}

fn soa(out: &mut impl Write, origin: &str) -> io::Result<()> {
    writeln!(out, "$ORIGIN {origin}")?;
    writeln!(out, "$TTL 86400")?;
    writeln!(
        out,
        "@\tIN\tSOA\tns1.nic.{origin} hostmaster.nic.{origin} (\n\t\t2024010101 ; serial\n\t\t1800 900 604800 86400 )"
    )?;
    writeln!(out, "\tIN\tNS\tns1.nic.{origin}")?;
    writeln!(out, "\tIN\tNS\tns2.nic.{origin}")?;
    writeln!(out, "ns1.nic\tIN\tA\t192.0.2.1")?;
    writeln!(out, "ns2.nic\tIN\tAAAA\t2001:db8::1")
}

fn tld(out: &mut impl Write, count: u64, rng: &mut Rng) -> io::Result<()> {
    soa(out, Kind::Tld.origin())?;
    for i in 0..count {
        let name = format!("{}{i}", rng.label());
        if rng.below(4) == 0 {
            writeln!(out, "{name}\tNS\tns1.{name}")?;
            writeln!(out, "{name}\tNS\tns2.{name}")?;
            writeln!(
                out,
                "ns1.{name}\tA\t198.51.{}.{}",
                rng.below(256),
                rng.below(256)
            )?;
            writeln!(
                out,
                "ns2.{name}\tAAAA\t2001:db8:{:x}::{:x}",
                rng.below(65536),
                rng.below(65536)
            )?;
        } else {
            let host = rng.below(1000);
            writeln!(out, "{name}\tNS\tns{host}.hosting{}.example.", host % 7)?;
            writeln!(
                out,
                "{name}\tNS\tns{}.hosting{}.example.",
                host + 1,
                host % 7
            )?;
        }
        if rng.below(3) == 0 {
            writeln!(
                out,
                "{name}\t3600\tDS\t{} 13 2 {}",
                rng.below(65536),
                rng.hex(32)
            )?;
        }
    }
    Ok(())
}

fn customer(out: &mut impl Write, count: u64, rng: &mut Rng) -> io::Result<()> {
    soa(out, Kind::Customer.origin())?;
    writeln!(out, "; hosts, services and mail")?;
    for i in 0..count {
        let name = format!("{}{i}", rng.label());
        match rng.below(20) {
            0..=5 => writeln!(
                out,
                "{name}\t300\tIN\tA\t203.0.{}.{}",
                rng.below(256),
                rng.below(256)
            )?,
            6..=7 => writeln!(
                out,
                "{name}\tIN\tAAAA\t2001:db8:{:x}::{:x}",
                rng.below(65536),
                rng.below(65536)
            )?,
            8..=9 => writeln!(
                out,
                "{name}\tIN\tCNAME\twww{}.cdn.example.net.",
                rng.below(100)
            )?,
            10 => writeln!(
                out,
                "{name}\tIN\tMX\t{} mx{}.{name}",
                10 * rng.below(5),
                rng.below(3)
            )?,
            11 => writeln!(
                out,
                "sel{i}._domainkey\tIN\tTXT\t( \"v=DKIM1; k=rsa; p={}\"\n\t\t\"{}\" )",
                rng.base64(200),
                rng.base64(150)
            )?,
            12 => writeln!(
                out,
                "_sip._tcp.{name}\tIN\tSRV\t10 {} 5060 sip.{name}",
                rng.below(100)
            )?,
            13 => writeln!(out, "{name}\tIN\tCAA\t0 issue \"letsencrypt.org\"")?,
            14 => writeln!(out, "_443._tcp.{name}\tIN\tTLSA\t3 1 1 {}", rng.hex(32))?,
            15 => writeln!(
                out,
                "{name}\tIN\tHTTPS\t1 . alpn=\"h3,h2\" ipv4hint=192.0.2.{}",
                rng.below(256)
            )?,
            16 => writeln!(
                out,
                "{name}\tIN\tLOC\t52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m"
            )?,
            17 => writeln!(
                out,
                "{name}\tIN\tNAPTR\t100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.{name}"
            )?,
            18 => writeln!(out, "{name}\tIN\tSSHFP\t4 2 {} ; host key", rng.hex(32))?,
            _ => writeln!(
                out,
                "{name}\tIN\tDS\t{} 8 2 {}",
                rng.below(65536),
                rng.hex(32)
            )?,
        }
    }
    Ok(())
}
