//! Record types: one table drives code ↔ mnemonic ↔ Rust type ↔ dispatch.
//!
//! Adding a type means one row in [`record_types!`] below and one module holding its struct,
//! presentation parse, canonical print and wire encode/decode (the [`RData`] trait). Types the
//! table names without a struct (`opaque`) are known by mnemonic but carried as RFC 3597
//! generic data; any other type number works too, as `TYPEnnn`.

use std::fmt;

pub mod fields;
pub mod print;
pub mod wire;

pub mod address;
pub mod amtrelay;
pub mod apl;
pub mod caa;
pub mod cert;
pub mod dhcid;
pub mod dnssec;
#[cfg(test)]
mod dnssec_props;
pub mod doa;
pub mod dsync;
pub mod eui;
#[cfg(test)]
mod general_props;
pub mod gpos;
pub mod hinfo;
pub mod hip;
pub mod ilnp;
pub mod ipseckey;
pub mod loc;
pub mod mx;
pub mod name_pair;
pub mod naptr;
pub mod nsap;
pub mod nsec;
pub mod openpgpkey;
pub mod preference;
#[cfg(test)]
mod props;
pub mod px;
pub mod rrsig;
pub mod soa;
pub mod srv;
pub mod sshfp;
#[cfg(test)]
mod structured_props;
pub mod svcb;
pub mod target;
#[cfg(test)]
pub(crate) mod testing;
pub mod tlsa;
pub mod txt;
pub mod unknown;
pub mod uri;
pub mod wks;
pub mod x25;
pub mod zonemd;

pub use fields::{FieldError, Fields, Token};
pub use print::Printer;
pub use unknown::Unknown;
pub use wire::{WireError, WireReader};

use crate::error::ErrorCode;

/// What every typed record data implements: its presentation grammar, its canonical
/// presentation form and its wire form.
pub trait RData: Sized {
    /// Reads the fields from presentation tokens. The caller checks that nothing is left over.
    fn parse(fields: &mut Fields<'_, '_>) -> Result<Self, FieldError>;
    /// Writes the canonical presentation form.
    fn print(&self, out: &mut Printer<'_>);
    /// Appends the uncompressed wire form.
    fn encode(&self, out: &mut Vec<u8>);
    /// Reads the wire form. The caller checks that nothing is left over.
    fn decode(wire: &mut WireReader<'_>) -> Result<Self, WireError>;
}

/// A record type number (`RecordType::A`, `RecordType(65280)`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordType(pub u16);

/// A record class number; `IN` in practice.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Class(pub u16);

impl Class {
    pub const IN: Class = Class(1);
    pub const CH: Class = Class(3);
    pub const HS: Class = Class(4);
    pub const NONE: Class = Class(254);
    pub const ANY: Class = Class(255);

    /// The mnemonic, or `None` when the class is only known by number.
    pub fn mnemonic(self) -> Option<&'static str> {
        Some(match self {
            Class::IN => "IN",
            Class::CH => "CH",
            Class::HS => "HS",
            Class::NONE => "NONE",
            Class::ANY => "ANY",
            _ => return None,
        })
    }

    /// Reads `IN`, `CH`/`CHAOS`, `HS`/`HESIOD`, `NONE`, `ANY` or `CLASSnnn`, any case.
    pub fn from_mnemonic(text: &[u8]) -> Option<Class> {
        // The reader asks this of many type tokens too, so most are refused by their first
        // letter and length: IN, CH, CHAOS, CLASSnnn, HS, HESIOD, NONE, ANY.
        let plausible = match text.first().map(u8::to_ascii_uppercase) {
            Some(b'I') => text.len() == 2,
            Some(b'C') => text.len() == 2 || text.len() >= 5,
            Some(b'H') => text.len() == 2 || text.len() == 6,
            Some(b'N') => text.len() == 4,
            Some(b'A') => text.len() == 3,
            _ => false,
        };
        if !plausible {
            return None;
        }
        if text.eq_ignore_ascii_case(b"IN") {
            return Some(Class::IN);
        }
        let mut buf = [0u8; 12];
        let up = uppercase(text, &mut buf)?;
        Some(match up {
            b"IN" => Class::IN,
            b"CH" | b"CHAOS" => Class::CH,
            b"HS" | b"HESIOD" => Class::HS,
            b"NONE" => Class::NONE,
            b"ANY" => Class::ANY,
            _ => {
                return up
                    .strip_prefix(b"CLASS")
                    .and_then(parse_u16_strict)
                    .map(Class)
            }
        })
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mnemonic() {
            Some(m) => f.write_str(m),
            None => write!(f, "CLASS{}", self.0),
        }
    }
}

impl fmt::Debug for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A token of 1 to 7 octets, upper-cased, packed big-endian into an integer with its length
/// in the top octet, so that mnemonics compare as integers; `None` for other lengths.
pub(crate) fn short_key(text: &[u8]) -> Option<u64> {
    if text.is_empty() || text.len() > 7 {
        return None;
    }
    let mut key = 0u64;
    for &c in text {
        key = key << 8 | u64::from(c.to_ascii_uppercase());
    }
    Some(key | (text.len() as u64) << 56)
}

/// [`short_key`] of an upper-case mnemonic of 1 to 7 octets, at compile time.
pub(crate) const fn short_key_of(text: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut rest = text;
    while let [c, tail @ ..] = rest {
        key = key << 8 | *c as u64;
        rest = tail;
    }
    key | (text.len() as u64) << 56
}

/// Upper-cases `text` into `buf`; `None` when it does not fit.
fn uppercase<'b>(text: &[u8], buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let out = buf.get_mut(..text.len())?;
    for (o, c) in out.iter_mut().zip(text) {
        *o = c.to_ascii_uppercase();
    }
    Some(out)
}

/// Digits only, no sign, no leading `+`, fits in u16.
fn parse_u16_strict(digits: &[u8]) -> Option<u16> {
    fields::parse_decimal(digits).and_then(|n| u16::try_from(n).ok())
}

/// Longest mnemonic [`RecordType::from_mnemonic`] looks up (`TYPEnnnnn` and every mnemonic in
/// the table are shorter).
const MAX_MNEMONIC: usize = 16;

/// A mnemonic as one integer: its octets big-endian, zero-padded to 16. Integer order is the
/// octets' order, so the lookup is a binary search over integers, without a memcmp call.
const fn mnemonic_key(mnemonic: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut rest = mnemonic;
    let mut i = 0;
    while i < MAX_MNEMONIC {
        key <<= 8;
        if let [c, tail @ ..] = rest {
            key |= *c as u128;
            rest = tail;
        }
        i += 1;
    }
    key
}

/// (key, length, code) of every mnemonic, sorted by key at compile time (an insertion sort:
/// the table has a hundred rows). The length tells `A` from `A` followed by a NUL octet.
const fn mnemonic_index<const N: usize>(table: [(&'static str, u16); N]) -> [(u128, u8, u16); N] {
    let mut index = [(0u128, 0u8, 0u16); N];
    // Row `i` of `table` goes in at the end of the sorted prefix `index[..=i]` and sinks.
    let mut rows: &[(&str, u16)] = &table;
    let mut i = 0;
    while let [(mnemonic, code), more @ ..] = rows {
        let mnemonic = mnemonic.as_bytes();
        assert!(
            mnemonic.len() <= MAX_MNEMONIC,
            "mnemonic longer than 16 octets"
        );
        i += 1;
        // `split_at_mut_checked` always succeeds: `rows` has as many rows as `index`.
        if let Some((sorted, _)) = index.split_at_mut_checked(i) {
            if let [.., last] = sorted {
                *last = (mnemonic_key(mnemonic), mnemonic.len() as u8, *code);
            }
            let mut window: &mut [(u128, u8, u16)] = sorted;
            while let [.., before, last] = window {
                if last.0 >= before.0 {
                    break;
                }
                let moved = *last;
                *last = *before;
                *before = moved;
                let Some((_, head)) = window.split_last_mut() else {
                    break;
                };
                window = head;
            }
        }
        rows = more;
    }
    index
}

macro_rules! record_types {
    (
        typed { $( $konst:ident : $variant:ident ( $ty:ty ) = $code:literal, $mn:literal; )* }
        opaque { $( $okonst:ident = $ocode:literal, $omn:literal; )* }
    ) => {
        #[allow(non_upper_case_globals)]
        impl RecordType {
            $( pub const $konst: RecordType = RecordType($code); )*
            $( pub const $okonst: RecordType = RecordType($ocode); )*

            /// The mnemonic, or `None` when the type is only known by number.
            pub fn mnemonic(self) -> Option<&'static str> {
                match self.0 {
                    $( $code => Some($mn), )*
                    $( $ocode => Some($omn), )*
                    _ => None,
                }
            }

            /// True when this crate has a typed model for the type (otherwise its data is
            /// carried as RFC 3597 generic data).
            pub fn is_typed(self) -> bool {
                matches!(self.0, $( $code )|*)
            }

            /// Every type with a mnemonic, in table order.
            pub const KNOWN: &'static [RecordType] = &[
                $( RecordType($code), )* $( RecordType($ocode), )*
            ];

            /// Every mnemonic as (key, length, code), sorted at compile time, for
            /// [`RecordType::from_mnemonic`]'s binary search.
            const BY_MNEMONIC: [(u128, u8, u16); [$( $code, )* $( $ocode, )*].len()] =
                mnemonic_index([$( ($mn, $code), )* $( ($omn, $ocode), )*]);

            /// Reads a mnemonic (any case) or `TYPEnnn`.
            pub fn from_mnemonic(text: &[u8]) -> Option<RecordType> {
                if let Some(rtype) = Self::from_common_mnemonic(text) {
                    return Some(rtype);
                }
                Self::from_other_mnemonic(text)
            }

            /// The types most zones are made of (A, NS, AAAA, DS, CNAME, MX, TXT, SOA, RRSIG,
            /// NSEC, PTR, SRV; any case), without the table search. None of these mnemonics
            /// reads as a class or a TTL.
            #[inline]
            pub(crate) fn from_common_mnemonic(text: &[u8]) -> Option<RecordType> {
                if let Some(key) = short_key(text) {
                    const A: u64 = short_key_of(b"A");
                    const NS: u64 = short_key_of(b"NS");
                    const AAAA: u64 = short_key_of(b"AAAA");
                    const DS: u64 = short_key_of(b"DS");
                    const CNAME: u64 = short_key_of(b"CNAME");
                    const MX: u64 = short_key_of(b"MX");
                    const TXT: u64 = short_key_of(b"TXT");
                    const SOA: u64 = short_key_of(b"SOA");
                    const RRSIG: u64 = short_key_of(b"RRSIG");
                    const NSEC: u64 = short_key_of(b"NSEC");
                    const PTR: u64 = short_key_of(b"PTR");
                    const SRV: u64 = short_key_of(b"SRV");
                    match key {
                        A => return Some(RecordType::A),
                        NS => return Some(RecordType::NS),
                        AAAA => return Some(RecordType::AAAA),
                        DS => return Some(RecordType::DS),
                        CNAME => return Some(RecordType::CNAME),
                        MX => return Some(RecordType::MX),
                        TXT => return Some(RecordType::TXT),
                        SOA => return Some(RecordType::SOA),
                        RRSIG => return Some(RecordType::RRSIG),
                        NSEC => return Some(RecordType::NSEC),
                        PTR => return Some(RecordType::PTR),
                        SRV => return Some(RecordType::SRV),
                        _ => {}
                    }
                }
                None
            }

            /// [`RecordType::from_mnemonic`] past the common types: the table, or `TYPEnnn`.
            fn from_other_mnemonic(text: &[u8]) -> Option<RecordType> {
                let mut buf = [0u8; MAX_MNEMONIC];
                let up = uppercase(text, &mut buf)?;
                let len = up.len();
                let key = u128::from_be_bytes(buf);
                match Self::BY_MNEMONIC.binary_search_by_key(&key, |&(key, _, _)| key) {
                    Ok(at) => Self::BY_MNEMONIC
                        .get(at)
                        .filter(|&&(_, mnemonic_len, _)| usize::from(mnemonic_len) == len)
                        .map(|&(_, _, code)| RecordType(code)),
                    Err(_) => buf
                        .get(..len)
                        .and_then(|up| up.strip_prefix(b"TYPE"))
                        .and_then(parse_u16_strict)
                        .map(RecordType),
                }
            }
        }

        /// The data of one record, typed where the crate models the type.
        #[derive(Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum RecordData {
            $( $variant($ty), )*
            /// Any other type, as RFC 3597 opaque octets.
            Unknown(Unknown),
        }

        impl Clone for RecordData {
            fn clone(&self) -> RecordData {
                match self {
                    $( RecordData::$variant(d) => RecordData::$variant(d.clone()), )*
                    RecordData::Unknown(u) => RecordData::Unknown(u.clone()),
                }
            }

            /// Data of the same type is copied into the room of the old (the types whose
            /// `clone_from` reuses their buffers, DS for one, then allocate nothing).
            fn clone_from(&mut self, source: &RecordData) {
                match (self, source) {
                    $( (RecordData::$variant(mine), RecordData::$variant(theirs)) => mine.clone_from(theirs), )*
                    (RecordData::Unknown(mine), RecordData::Unknown(theirs)) => mine.clone_from(theirs),
                    (mine, theirs) => *mine = theirs.clone(),
                }
            }
        }

        impl RecordData {
            /// The record type.
            #[inline]
            pub fn rtype(&self) -> RecordType {
                match self {
                    RecordData::Unknown(u) => u.rtype,
                    known => RecordType(known.known_code()),
                }
            }

            /// The code of a modelled type (0 for `Unknown`). Every arm a constant, so that
            /// the match compiles to a table look-up instead of a jump per variant (`check`
            /// asks each record its type about ten times).
            #[inline]
            fn known_code(&self) -> u16 {
                match self {
                    $( RecordData::$variant(_) => $code, )*
                    RecordData::Unknown(_) => 0,
                }
            }

            /// Reads presentation fields of type `rtype` (not the `\#` form, which the reader
            /// handles through [`RecordData::decode`]). Fails when tokens are left over.
            pub fn parse(rtype: RecordType, fields: &mut Fields<'_, '_>) -> Result<RecordData, FieldError> {
                let data = match rtype.0 {
                    $( $code => RecordData::$variant(<$ty as RData>::parse(fields)?), )*
                    _ => {
                        let token = fields.peek();
                        let what = format!("{rtype}");
                        return Err(match token {
                            Some(t) => FieldError::at(&t, ErrorCode::BadGeneric, format!(
                                "{what} has no presentation format here; write its rdata as RFC 3597 generic data (\\# length hex)")),
                            None => fields.missing("rdata (RFC 3597 \\# form)"),
                        });
                    }
                };
                fields.finish()?;
                Ok(data)
            }

            /// Writes the canonical presentation form of the rdata.
            pub fn print(&self, out: &mut Printer<'_>) {
                match self {
                    $( RecordData::$variant(d) => d.print(out), )*
                    RecordData::Unknown(u) => u.print(out),
                }
            }

            /// Appends the uncompressed wire form of the rdata.
            pub fn encode(&self, out: &mut Vec<u8>) {
                match self {
                    $( RecordData::$variant(d) => d.encode(out), )*
                    RecordData::Unknown(u) => out.extend_from_slice(&u.data),
                }
            }

            /// Decodes wire-form rdata of type `rtype`; types without a model become
            /// [`RecordData::Unknown`].
            pub fn decode(rtype: RecordType, data: &[u8]) -> Result<RecordData, WireError> {
                let mut wire = WireReader::for_type(data, rtype);
                let out = match rtype.0 {
                    $( $code => RecordData::$variant(<$ty as RData>::decode(&mut wire)?), )*
                    _ => return Ok(RecordData::Unknown(Unknown { rtype, data: data.to_vec() })),
                };
                wire.finish()?;
                Ok(out)
            }
        }
    };
}

record_types! {
    typed {
        // -- core types (address, target, mx, soa, txt modules)
        A: A(address::A) = 1, "A";
        NS: Ns(target::Ns) = 2, "NS";
        MD: Md(target::Md) = 3, "MD";
        MF: Mf(target::Mf) = 4, "MF";
        CNAME: Cname(target::Cname) = 5, "CNAME";
        SOA: Soa(soa::Soa) = 6, "SOA";
        MB: Mb(target::Mb) = 7, "MB";
        MG: Mg(target::Mg) = 8, "MG";
        MR: Mr(target::Mr) = 9, "MR";
        PTR: Ptr(target::Ptr) = 12, "PTR";
        MX: Mx(mx::Mx) = 15, "MX";
        TXT: Txt(txt::Txt) = 16, "TXT";
        AAAA: Aaaa(address::Aaaa) = 28, "AAAA";
        DNAME: Dname(target::Dname) = 39, "DNAME";
        SPF: Spf(txt::Spf) = 99, "SPF";
        // -- more types: helpers add rows in their own section below
        // -- section: general types
        HINFO: Hinfo(hinfo::Hinfo) = 13, "HINFO";
        MINFO: Minfo(name_pair::Minfo) = 14, "MINFO";
        RP: Rp(name_pair::Rp) = 17, "RP";
        AFSDB: Afsdb(preference::Afsdb) = 18, "AFSDB";
        X25: X25(x25::X25) = 19, "X25";
        ISDN: Isdn(x25::Isdn) = 20, "ISDN";
        RT: Rt(preference::Rt) = 21, "RT";
        NSAP: Nsap(nsap::Nsap) = 22, "NSAP";
        NSAP_PTR: NsapPtr(target::NsapPtr) = 23, "NSAP-PTR";
        PX: Px(px::Px) = 26, "PX";
        GPOS: Gpos(gpos::Gpos) = 27, "GPOS";
        SRV: Srv(srv::Srv) = 33, "SRV";
        KX: Kx(preference::Kx) = 36, "KX";
        NINFO: Ninfo(txt::Ninfo) = 56, "NINFO";
        TALINK: Talink(name_pair::Talink) = 58, "TALINK";
        NID: Nid(ilnp::Nid) = 104, "NID";
        L32: L32(ilnp::L32) = 105, "L32";
        L64: L64(ilnp::L64) = 106, "L64";
        LP: Lp(preference::Lp) = 107, "LP";
        EUI48: Eui48(eui::Eui48) = 108, "EUI48";
        EUI64: Eui64(eui::Eui64) = 109, "EUI64";
        URI: Uri(uri::Uri) = 256, "URI";
        CAA: Caa(caa::Caa) = 257, "CAA";
        AVC: Avc(txt::Avc) = 258, "AVC";
        DOA: Doa(doa::Doa) = 259, "DOA";
        RESINFO: Resinfo(txt::Resinfo) = 261, "RESINFO";
        WALLET: Wallet(txt::Wallet) = 262, "WALLET";
        // -- section: DNSSEC and key types
        SIG: Sig(rrsig::Rrsig) = 24, "SIG";
        KEY: Key(dnssec::Dnskey) = 25, "KEY";
        CERT: Cert(cert::Cert) = 37, "CERT";
        DS: Ds(dnssec::Ds) = 43, "DS";
        SSHFP: Sshfp(sshfp::Sshfp) = 44, "SSHFP";
        RRSIG: Rrsig(rrsig::Rrsig) = 46, "RRSIG";
        NSEC: Nsec(nsec::Nsec) = 47, "NSEC";
        DNSKEY: Dnskey(dnssec::Dnskey) = 48, "DNSKEY";
        DHCID: Dhcid(dhcid::Dhcid) = 49, "DHCID";
        NSEC3: Nsec3(nsec::Nsec3) = 50, "NSEC3";
        NSEC3PARAM: Nsec3param(nsec::Nsec3param) = 51, "NSEC3PARAM";
        TLSA: Tlsa(tlsa::Tlsa) = 52, "TLSA";
        SMIMEA: Smimea(tlsa::Tlsa) = 53, "SMIMEA";
        HIP: Hip(hip::Hip) = 55, "HIP";
        CDS: Cds(dnssec::Ds) = 59, "CDS";
        CDNSKEY: Cdnskey(dnssec::Dnskey) = 60, "CDNSKEY";
        OPENPGPKEY: Openpgpkey(openpgpkey::Openpgpkey) = 61, "OPENPGPKEY";
        CSYNC: Csync(nsec::Csync) = 62, "CSYNC";
        ZONEMD: Zonemd(zonemd::Zonemd) = 63, "ZONEMD";
        DSYNC: Dsync(dsync::Dsync) = 66, "DSYNC";
        TA: Ta(dnssec::Ds) = 32768, "TA";
        DLV: Dlv(dnssec::Ds) = 32769, "DLV";
        // -- section: SVCB, LOC and structured types
        SVCB: Svcb(svcb::Svcb) = 64, "SVCB";
        HTTPS: Https(svcb::Svcb) = 65, "HTTPS";
        LOC: Loc(loc::Loc) = 29, "LOC";
        IPSECKEY: Ipseckey(ipseckey::Ipseckey) = 45, "IPSECKEY";
        AMTRELAY: Amtrelay(amtrelay::Amtrelay) = 260, "AMTRELAY";
        APL: Apl(apl::Apl) = 42, "APL";
        WKS: Wks(wks::Wks) = 11, "WKS";
        NAPTR: Naptr(naptr::Naptr) = 35, "NAPTR";
    }
    opaque {
        NULL = 10, "NULL";
        NXT = 30, "NXT";
        EID = 31, "EID";
        NIMLOC = 32, "NIMLOC";
        ATMA = 34, "ATMA";
        A6 = 38, "A6";
        SINK = 40, "SINK";
        OPT = 41, "OPT";
        RKEY = 57, "RKEY";
        UINFO = 100, "UINFO";
        UID = 101, "UID";
        GID = 102, "GID";
        UNSPEC = 103, "UNSPEC";
        NXNAME = 128, "NXNAME";
        // CLA and IPN (draft-johnson-dns-ipn-cla): no presentation format BIND knows yet.
        CLA = 263, "CLA";
        IPN = 264, "IPN";
        TKEY = 249, "TKEY";
        TSIG = 250, "TSIG";
        IXFR = 251, "IXFR";
        AXFR = 252, "AXFR";
        MAILB = 253, "MAILB";
        MAILA = 254, "MAILA";
        ANY = 255, "ANY";
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mnemonic() {
            Some(m) => f.write_str(m),
            None => write!(f, "TYPE{}", self.0),
        }
    }
}

impl fmt::Debug for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl RecordData {
    /// The canonical presentation text of the rdata.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.print(&mut Printer::new(&mut out));
        out
    }

    /// The wire form of the rdata.
    pub fn to_wire(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

impl fmt::Display for RecordData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mnemonics_round_trip() {
        for &t in RecordType::KNOWN {
            let m = t.mnemonic().unwrap();
            assert_eq!(RecordType::from_mnemonic(m.as_bytes()), Some(t));
            assert_eq!(
                RecordType::from_mnemonic(m.to_ascii_lowercase().as_bytes()),
                Some(t)
            );
        }
        assert_eq!(
            RecordType::from_mnemonic(b"type65280"),
            Some(RecordType(65280))
        );
        assert_eq!(RecordType::from_mnemonic(b"TYPE65536"), None);
        assert_eq!(RecordType::from_mnemonic(b"TYPE"), None);
        assert_eq!(RecordType(65280).to_string(), "TYPE65280");
        assert_eq!(Class::from_mnemonic(b"class255"), Some(Class::ANY));
        for (text, class) in [
            (&b"in"[..], Some(Class::IN)),
            (b"Ch", Some(Class::CH)),
            (b"cHaOs", Some(Class::CH)),
            (b"hs", Some(Class::HS)),
            (b"HESIOD", Some(Class::HS)),
            (b"none", Some(Class::NONE)),
            (b"Any", Some(Class::ANY)),
            (b"CLASS1", Some(Class::IN)),
            (b"CLASS65535", Some(Class(65535))),
            (b"CLASS", None),
            (b"NS", None),
            (b"AAAA", None),
            (b"CNAME", None),
            (b"HINFO", None),
            (b"CAA", None),
            (b"NAPTR", None),
            (b"INN", None),
            (b"A", None),
        ] {
            assert_eq!(Class::from_mnemonic(text), class, "{text:?}");
        }
        for rtype in RecordType::KNOWN {
            let mnemonic = rtype.to_string();
            let common = RecordType::from_common_mnemonic(mnemonic.as_bytes());
            assert!(common.is_none() || common == Some(*rtype), "{mnemonic}");
            if common.is_some() {
                // A type read before the TTL and class must not be one of them.
                assert_eq!(
                    Class::from_mnemonic(mnemonic.as_bytes()),
                    None,
                    "{mnemonic}"
                );
            }
        }
        assert_eq!(Class::from_mnemonic(b"chaos"), Some(Class::CH));
        assert_eq!(Class(42).to_string(), "CLASS42");
    }

    #[test]
    fn the_mnemonic_index_is_the_table_sorted() {
        let index = RecordType::BY_MNEMONIC;
        assert_eq!(index.len(), RecordType::KNOWN.len());
        assert!(index.windows(2).all(|w| w[0].0 < w[1].0));
        for &t in RecordType::KNOWN {
            let m = t.mnemonic().unwrap().as_bytes();
            assert!(
                index.contains(&(mnemonic_key(m), m.len() as u8, t.0)),
                "{t}"
            );
        }
        for bad in [
            &b""[..],
            b"AA",
            b"A\0",
            b"NS\0\0",
            b"NSEC4",
            b"TYPE",
            b"TYPE\0",
            b"XTYPE1",
            b"A6A",
            b"ZZZZZZZZZZZZZZZZZ",
        ] {
            assert_eq!(RecordType::from_mnemonic(bad), None, "{bad:?}");
        }
        assert_eq!(
            RecordType::from_mnemonic(b"nsap-ptr"),
            Some(RecordType::NSAP_PTR)
        );
        assert_eq!(
            RecordType::from_mnemonic(b"Type65535"),
            Some(RecordType(65535))
        );
    }

    #[test]
    fn codes_and_mnemonics_are_unique() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for &t in RecordType::KNOWN {
            assert!(codes.insert(t.0), "duplicate code {}", t.0);
            assert!(
                names.insert(t.mnemonic().unwrap()),
                "duplicate mnemonic {t}"
            );
        }
    }
}
