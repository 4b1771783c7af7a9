//! Authenticated denial and the type bitmap it shares: NSEC (RFC 4034), NSEC3 and NSEC3PARAM
//! (RFC 5155) and CSYNC (RFC 7477).
//!
//! Type bitmaps are written as type mnemonics or `TYPEnnn` in any order, duplicates allowed,
//! and printed in ascending order without duplicates. NSEC needs at least one type (BIND
//! rejects an empty NSEC bitmap); NSEC3 and CSYNC may have none.

use super::{FieldError, Fields, Printer, RData, RecordType, Token, WireError, WireReader};
use crate::error::ErrorCode;
use crate::name::Name;

/// The set of record types an NSEC, NSEC3 or CSYNC record lists, kept sorted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TypeBitmap {
    /// Ascending, without duplicates. A sorted vector, not a tree: bitmaps list a handful of
    /// types, and the tree cost a node allocation and a search per type read (about 650
    /// instructions an NSEC record of the root zone).
    types: Vec<u16>,
}

impl TypeBitmap {
    /// A bitmap holding `types` (order and duplicates do not matter).
    pub fn from_types(types: impl IntoIterator<Item = RecordType>) -> TypeBitmap {
        let mut types: Vec<u16> = types.into_iter().map(|t| t.0).collect();
        types.sort_unstable();
        types.dedup();
        TypeBitmap { types }
    }

    /// The types in ascending numeric order.
    pub fn iter(&self) -> impl Iterator<Item = RecordType> + '_ {
        self.types.iter().map(|&t| RecordType(t))
    }

    /// Whether `rtype` is in the set.
    pub fn contains(&self, rtype: RecordType) -> bool {
        self.types.binary_search(&rtype.0).is_ok()
    }

    /// Adds a type; returns false when it was already there.
    pub fn insert(&mut self, rtype: RecordType) -> bool {
        match self.types.binary_search(&rtype.0) {
            Ok(_) => false,
            Err(at) => {
                self.types.insert(at, rtype.0);
                true
            }
        }
    }

    /// Number of types in the set.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// True when no type is listed.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// Reads every remaining token as a type mnemonic or `TYPEnnn`.
    fn parse(f: &mut Fields<'_, '_>) -> Result<TypeBitmap, FieldError> {
        let tokens = f.take_rest();
        match TypeBitmap::from_tokens(tokens) {
            Ok(bitmap) => Ok(bitmap),
            Err(at) => match tokens.get(at) {
                Some(token) => Err(f.invalid(
                    token,
                    "type in bitmap",
                    "a type mnemonic such as AAAA or TYPEnnn",
                )),
                None => Err(f.missing("type in bitmap")),
            },
        }
    }

    /// The bitmap of `tokens`, each an unquoted type mnemonic or `TYPEnnn`; the index of the
    /// first token that is not one otherwise.
    pub(crate) fn from_tokens(tokens: &[Token<'_>]) -> Result<TypeBitmap, usize> {
        let mut types = Vec::with_capacity(tokens.len());
        for (at, token) in tokens.iter().enumerate() {
            match RecordType::from_mnemonic(token.text) {
                Some(t) if !token.quoted => types.push(t.0),
                _ => return Err(at),
            }
        }
        types.sort_unstable();
        types.dedup();
        Ok(TypeBitmap { types })
    }

    fn print(&self, p: &mut Printer<'_>) {
        for t in self.iter() {
            p.display(t);
        }
    }

    /// Appends the RFC 4034 §4.1.2 form: per 256-type window, the window number, the bitmap
    /// length and the bitmap up to the last octet with a bit set.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut window: Option<(u8, [u8; 32], usize)> = None;
        for &t in &self.types {
            let [hi, lo] = t.to_be_bytes();
            if window.as_ref().is_some_and(|(w, _, _)| *w != hi) {
                if let Some((w, bits, len)) = window.take() {
                    put_window(out, w, &bits, len);
                }
            }
            let (_, bits, len) = window.get_or_insert((hi, [0u8; 32], 0));
            let octet = usize::from(lo / 8);
            if let Some(bit) = bits.get_mut(octet) {
                *bit |= 0x80 >> (lo % 8);
            }
            *len = octet + 1;
        }
        if let Some((w, bits, len)) = window {
            put_window(out, w, &bits, len);
        }
    }

    /// Reads the rest of the rdata as a bitmap, as strictly as BIND: windows in ascending
    /// order, each 1–32 octets long and ending in a non-zero octet.
    pub fn decode(w: &mut WireReader<'_>) -> Result<TypeBitmap, WireError> {
        // Windows are read in ascending order (any other is refused) and bits in ascending
        // order within each, so the types arrive sorted and distinct.
        let mut types = Vec::new();
        let mut last_window: Option<u8> = None;
        while !w.is_empty() {
            let window = w.u8()?;
            let len = w.u8()?;
            if last_window.is_some_and(|last| window <= last) {
                return Err(WireError::Invalid(format!(
                    "type bitmap window {window} out of order"
                )));
            }
            if len == 0 || len > 32 {
                return Err(WireError::Invalid(format!(
                    "type bitmap window {window} has length {len} (expected 1 to 32)"
                )));
            }
            let bits = w.bytes(usize::from(len))?;
            if bits.last() == Some(&0) {
                return Err(WireError::Invalid(format!(
                    "type bitmap window {window} ends in a zero octet"
                )));
            }
            for (i, &octet) in bits.iter().enumerate() {
                for bit in 0..8u16 {
                    if octet & (0x80 >> bit) != 0 {
                        types.push((u16::from(window) << 8) | ((i as u16) * 8 + bit));
                    }
                }
            }
            last_window = Some(window);
        }
        Ok(TypeBitmap { types })
    }
}

fn put_window(out: &mut Vec<u8>, window: u8, bits: &[u8; 32], len: usize) {
    out.push(window);
    out.push(len as u8);
    out.extend_from_slice(bits.get(..len).unwrap_or(bits));
}

impl<'a> IntoIterator for &'a TypeBitmap {
    type Item = RecordType;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, u16>, fn(&u16) -> RecordType>;
    fn into_iter(self) -> Self::IntoIter {
        self.types.iter().map(|&t| RecordType(t))
    }
}

impl FromIterator<RecordType> for TypeBitmap {
    fn from_iter<I: IntoIterator<Item = RecordType>>(iter: I) -> Self {
        TypeBitmap::from_types(iter)
    }
}

/// The next owner name in canonical order and the types present at this one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nsec {
    pub next_domain: Name,
    pub types: TypeBitmap,
}

impl RData for Nsec {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let next_domain = f.name("next domain name")?;
        if f.is_empty() {
            return Err(f.missing("type bitmap"));
        }
        Ok(Nsec {
            next_domain,
            types: TypeBitmap::parse(f)?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.name(&self.next_domain);
        self.types.print(p);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.next_domain.as_wire());
        self.types.encode(out);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let next_domain = w.name()?;
        let types = TypeBitmap::decode(w)?;
        if types.is_empty() {
            return Err(WireError::Invalid("NSEC type bitmap is empty".into()));
        }
        Ok(Nsec { next_domain, types })
    }
}

/// NSEC3 hash algorithms: only SHA-1 (1) is defined (RFC 5155 §11), with a 20-octet hash.
const SHA1: u8 = 1;
const SHA1_LEN: usize = 20;

/// Reads an NSEC3 hash algorithm: a decimal 0–255 or `SHA-1`, as BIND accepts.
fn parse_hash_algorithm(f: &mut Fields<'_, '_>) -> Result<u8, FieldError> {
    f.parse_with(
        "hash algorithm",
        "a number from 0 to 255 or SHA-1",
        |text| {
            if text.eq_ignore_ascii_case(b"SHA-1") {
                Some(SHA1)
            } else {
                crate::rr::fields::parse_decimal(text).and_then(|n| u8::try_from(n).ok())
            }
        },
    )
}

/// Reads a salt: `-` for none, else 1–255 octets of hexadecimal in one token.
fn parse_salt(f: &mut Fields<'_, '_>) -> Result<Vec<u8>, FieldError> {
    let token = f.token("salt")?;
    if token.text == b"-" && !token.quoted {
        return Ok(Vec::new());
    }
    let salt = (!token.quoted)
        .then(|| data_encoding::HEXUPPER_PERMISSIVE.decode(token.text).ok())
        .flatten()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| f.invalid(&token, "salt", "- or hexadecimal"))?;
    if salt.len() > 255 {
        return Err(FieldError::at(
            &token,
            ErrorCode::BadField,
            format!(
                "salt in {} record is {} octets long; at most 255 fit",
                f.rtype(),
                salt.len()
            ),
        ));
    }
    Ok(salt)
}

fn print_salt(p: &mut Printer<'_>, salt: &[u8]) {
    if salt.is_empty() {
        p.text("-");
    } else {
        p.hex(salt);
    }
}

fn put_salt(out: &mut Vec<u8>, salt: &[u8]) {
    let len = salt.len().min(255);
    out.push(len as u8);
    out.extend_from_slice(salt.get(..len).unwrap_or(salt));
}

/// Hashed authenticated denial of existence.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nsec3 {
    pub hash_algorithm: u8,
    /// Bit 0 (value 1) is opt-out.
    pub flags: u8,
    pub iterations: u16,
    /// At most 255 octets; empty for no salt.
    pub salt: Vec<u8>,
    /// The next hashed owner name as raw hash octets (1–255; 20 for SHA-1).
    pub next_hashed_owner: Vec<u8>,
    pub types: TypeBitmap,
}

impl Nsec3 {
    /// Whether the opt-out flag is set.
    pub fn is_opt_out(&self) -> bool {
        self.flags & 1 != 0
    }
}

fn check_hash_length(hash_algorithm: u8, hash: &[u8]) -> Result<(), String> {
    if hash.is_empty() || hash.len() > 255 {
        return Err(format!(
            "next hashed owner name is {} octets long; it must be 1 to 255",
            hash.len()
        ));
    }
    if hash_algorithm == SHA1 && hash.len() != SHA1_LEN {
        return Err(format!(
            "next hashed owner name is {} octets long; hash algorithm 1 (SHA-1) gives {SHA1_LEN}",
            hash.len()
        ));
    }
    Ok(())
}

impl RData for Nsec3 {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let hash_algorithm = parse_hash_algorithm(f)?;
        let flags = f.u8("flags")?;
        let iterations = f.u16("iterations")?;
        let salt = parse_salt(f)?;
        let token = f.token("next hashed owner name")?;
        let next_hashed_owner = (!token.quoted)
            .then(|| {
                data_encoding::BASE32HEX_NOPAD
                    .decode(&token.text.to_ascii_uppercase())
                    .ok()
            })
            .flatten()
            .ok_or_else(|| {
                f.invalid(
                    &token,
                    "next hashed owner name",
                    "base32hex without padding",
                )
            })?;
        check_hash_length(hash_algorithm, &next_hashed_owner).map_err(|why| {
            FieldError::at(
                &token,
                ErrorCode::BadField,
                format!("{why} in {} record", f.rtype()),
            )
        })?;
        Ok(Nsec3 {
            hash_algorithm,
            flags,
            iterations,
            salt,
            next_hashed_owner,
            types: TypeBitmap::parse(f)?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.hash_algorithm);
        p.display(self.flags);
        p.display(self.iterations);
        print_salt(p, &self.salt);
        data_encoding::BASE32HEX_NOPAD.encode_append(&self.next_hashed_owner, p.field());
        self.types.print(p);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.hash_algorithm);
        out.push(self.flags);
        out.extend_from_slice(&self.iterations.to_be_bytes());
        put_salt(out, &self.salt);
        put_salt(out, &self.next_hashed_owner);
        self.types.encode(out);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let hash_algorithm = w.u8()?;
        let flags = w.u8()?;
        let iterations = w.u16()?;
        let salt = w.char_string()?.to_vec();
        let next_hashed_owner = w.char_string()?.to_vec();
        check_hash_length(hash_algorithm, &next_hashed_owner).map_err(WireError::Invalid)?;
        Ok(Nsec3 {
            hash_algorithm,
            flags,
            iterations,
            salt,
            next_hashed_owner,
            types: TypeBitmap::decode(w)?,
        })
    }
}

/// The NSEC3 parameters a zone's authoritative servers use to answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nsec3param {
    pub hash_algorithm: u8,
    pub flags: u8,
    pub iterations: u16,
    pub salt: Vec<u8>,
}

impl RData for Nsec3param {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Nsec3param {
            hash_algorithm: parse_hash_algorithm(f)?,
            flags: f.u8("flags")?,
            iterations: f.u16("iterations")?,
            salt: parse_salt(f)?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.hash_algorithm);
        p.display(self.flags);
        p.display(self.iterations);
        print_salt(p, &self.salt);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.hash_algorithm);
        out.push(self.flags);
        out.extend_from_slice(&self.iterations.to_be_bytes());
        put_salt(out, &self.salt);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Nsec3param {
            hash_algorithm: w.u8()?,
            flags: w.u8()?,
            iterations: w.u16()?,
            salt: w.char_string()?.to_vec(),
        })
    }
}

/// Child-to-parent synchronisation: which types the parent should copy, and when.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Csync {
    /// The SOA serial the child's data corresponds to.
    pub serial: u32,
    /// Bit 0 (1) immediate, bit 1 (2) soaminimum.
    pub flags: u16,
    pub types: TypeBitmap,
}

impl RData for Csync {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        Ok(Csync {
            serial: f.u32("SOA serial")?,
            flags: f.u16("flags")?,
            types: TypeBitmap::parse(f)?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.serial);
        p.display(self.flags);
        self.types.print(p);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.serial.to_be_bytes());
        out.extend_from_slice(&self.flags.to_be_bytes());
        self.types.encode(out);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        Ok(Csync {
            serial: w.u32()?,
            flags: w.u16()?,
            types: TypeBitmap::decode(w)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rr::testing::*;
    use crate::rr::RecordData;

    #[test]
    fn nsec_from_root_zone() {
        // testdata/root-zone-2018: "com. NSEC comcast. NS DS RRSIG NSEC".
        assert_round_trip(
            "NSEC",
            "comcast. NS DS RRSIG NSEC",
            "comcast. NS DS RRSIG NSEC",
            "07636F6D63617374000006200000000013",
        );
    }

    #[test]
    fn nsec_bitmap_order_duplicates_and_windows() {
        let data = assert_round_trip(
            "NSEC",
            "b NSEC TYPE1 a type65535 TYPE0 A ns",
            "b.example. TYPE0 A NS NSEC TYPE65535",
            // dnspython gives this without TYPE0 (it refuses bit 0, which BIND accepts), with
            // 0x60 in place of 0xE0 as the first bitmap octet.
            "0162076578616D706C65000006E00000000001FF200000000000000000000000000000000000000000000000000000000000000001",
        );
        let RecordData::Nsec(nsec) = data else {
            panic!("not NSEC: {data:?}")
        };
        let types: Vec<u16> = nsec.types.iter().map(|t| t.0).collect();
        assert_eq!(types, [0, 1, 2, 47, 65535]);
        assert!(nsec.types.contains(RecordType::NS));
        assert!(!nsec.types.contains(RecordType::SOA));
        assert_eq!(nsec.types.len(), 5);
    }

    #[test]
    fn nsec_rejections() {
        assert_rejects("NSEC", "b.example.", "missing type bitmap in NSEC record");
        assert_rejects(
            "NSEC",
            "b.example. A 1",
            "invalid type in bitmap \"1\" in NSEC record (expected a type mnemonic such as AAAA or TYPEnnn)",
        );
        assert_rejects("NSEC", "b.example. FOO", "invalid type in bitmap \"FOO\"");
        assert_rejects(
            "NSEC",
            "b.example. TYPE65536",
            "invalid type in bitmap \"TYPE65536\"",
        );
        // Truncated name, truncated window, empty bitmap, bad window length, zero last octet,
        // windows out of order.
        assert_wire_rejects("NSEC", "0162");
        assert_wire_rejects("NSEC", "00000240");
        assert_wire_rejects("NSEC", "00");
        assert_wire_rejects("NSEC", "000000");
        assert_wire_rejects(
            "NSEC",
            "00002140000000000000000000000000000000000000000000000000000000000000000000",
        );
        assert_wire_rejects("NSEC", "0000024000");
        assert_wire_rejects("NSEC", "0001014000000140");
    }

    #[test]
    fn nsec3() {
        // RFC 5155 Appendix A.
        assert_round_trip(
            "NSEC3",
            "1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG",
            "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM",
            "0101000C04AABBCCDD14174EB2409FE28BCB4887A1836F957F0A8425E27B000722010000000290",
        );
        assert_round_trip(
            "NSEC3",
            "SHA-1 0 0 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S",
            "1 0 0 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S",
            "01000000001417F3DF17B2B2ADAEF615257DE4D2020B80AC6C7C",
        );
        assert_round_trip(
            "NSEC3",
            "2 0 10 - 00 A",
            "2 0 10 - 00 A",
            "0200000A000100000140",
        );
    }

    #[test]
    fn nsec3_rejections() {
        let h = "2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S";
        assert_rejects(
            "NSEC3",
            &format!("1 0 10 abc {h}"),
            "invalid salt \"abc\" in NSEC3 record (expected - or hexadecimal)",
        );
        assert_rejects(
            "NSEC3",
            &format!("1 0 10 aa bb {h}"),
            "invalid next hashed owner name \"bb\"",
        );
        assert_rejects(
            "NSEC3",
            &format!("1 0 10 - {h}="),
            "(expected base32hex without padding)",
        );
        assert_rejects(
            "NSEC3",
            "1 0 10 - 2V",
            "invalid next hashed owner name \"2V\"",
        );
        assert_rejects(
            "NSEC3",
            "1 0 10 - -",
            "invalid next hashed owner name \"-\"",
        );
        assert_rejects(
            "NSEC3",
            "1 0 10 - 2VPTU5TI A",
            "next hashed owner name is 5 octets long; hash algorithm 1 (SHA-1) gives 20 in NSEC3 record",
        );
        assert_rejects(
            "NSEC3",
            &format!("SHA1 0 10 - {h}"),
            "invalid hash algorithm \"SHA1\"",
        );
        assert_rejects("NSEC3", &format!("1 256 10 - {h}"), "invalid flags \"256\"");
        assert_rejects(
            "NSEC3",
            &format!("1 0 65536 - {h}"),
            "invalid iterations \"65536\"",
        );
        assert_rejects(
            "NSEC3",
            &format!("1 0 10 {} {h}", "ab".repeat(256)),
            "salt in NSEC3 record is 256 octets long; at most 255 fit",
        );
        assert_rejects(
            "NSEC3",
            "1 0 10 -",
            "missing next hashed owner name in NSEC3 record",
        );
        assert_wire_rejects("NSEC3", "01000000");
        assert_wire_rejects("NSEC3", "0100000A00");
        assert_wire_rejects("NSEC3", "0100000A0001AA");
        assert_wire_rejects("NSEC3", "0200000A0000");
        assert_wire_rejects("NSEC3", "0200000A0001AA0001");
    }

    #[test]
    fn nsec3param() {
        assert_round_trip("NSEC3PARAM", "1 0 10 -", "1 0 10 -", "0100000A00");
        assert_round_trip(
            "NSEC3PARAM",
            "sha-1 1 65535 aabb",
            "1 1 65535 AABB",
            "0101FFFF02AABB",
        );
        assert_round_trip("NSEC3PARAM", "0 255 0 00", "0 255 0 00", "00FF00000100");
        assert_rejects("NSEC3PARAM", "1 0 10", "missing salt in NSEC3PARAM record");
        assert_rejects(
            "NSEC3PARAM",
            "1 0 10 aabb cc",
            "unexpected \"cc\" after the end of NSEC3PARAM rdata",
        );
        assert_rejects("NSEC3PARAM", "1 0 1h -", "invalid iterations \"1h\"");
        assert_rejects("NSEC3PARAM", "1 0 1 \"\"", "invalid salt");
        assert_wire_rejects("NSEC3PARAM", "010000");
        assert_wire_rejects("NSEC3PARAM", "0100000A");
        assert_wire_rejects("NSEC3PARAM", "0100000A02AA");
    }

    #[test]
    fn csync() {
        // RFC 7477 §2.2 example.
        assert_round_trip(
            "CSYNC",
            "66 3 A NS AAAA",
            "66 3 A NS AAAA",
            "000000420003000460000008",
        );
        assert_round_trip(
            "CSYNC",
            "4294967295 65535",
            "4294967295 65535",
            "FFFFFFFFFFFF",
        );
        assert_rejects("CSYNC", "1", "missing flags in CSYNC record");
        assert_rejects(
            "CSYNC",
            "1 3 A 28",
            "invalid type in bitmap \"28\" in CSYNC record",
        );
        assert_wire_rejects("CSYNC", "0000004200");
        assert_wire_rejects("CSYNC", "0000004200030001");
    }

    #[test]
    fn bitmap_encoding_windows() {
        let bitmap = TypeBitmap::from_types([
            RecordType(1),
            RecordType(15),
            RecordType(256),
            RecordType(1234),
        ]);
        let mut wire = Vec::new();
        bitmap.encode(&mut wire);
        // Window 0: bits 1 and 15 → 2 octets; window 1: bit 0; window 4: 1234 = 4*256 + 210 → 27 octets.
        let mut expected = vec![0, 2, 0x40, 0x01, 1, 1, 0x80, 4, 27];
        expected.extend(std::iter::repeat_n(0, 26));
        expected.push(0x20);
        assert_eq!(wire, expected);
        let decoded = TypeBitmap::decode(&mut WireReader::new(&wire)).unwrap();
        assert_eq!(decoded, bitmap);
        assert_eq!(bitmap.into_iter().collect::<TypeBitmap>(), bitmap);
    }
}
