//! ZONEMD (RFC 8976): a digest over the whole zone.
//!
//! As in BIND 9.18, scheme and hash algorithm are numbers only, the digest is hexadecimal (may
//! be split across tokens) of at least 12 octets (RFC 8976 §2.2.4), and exactly the hash's
//! length for the two defined algorithms: SHA-384 (1) 48 octets, SHA-512 (2) 64 octets.

use super::dnssec::span;
use super::{FieldError, Fields, Printer, RData, WireError, WireReader};
use crate::error::ErrorCode;

/// The shortest digest RFC 8976 allows.
pub const MIN_DIGEST_LEN: usize = 12;

/// A zone digest.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Zonemd {
    /// The SOA serial of the zone the digest covers.
    pub serial: u32,
    /// How the zone is traversed (1 SIMPLE).
    pub scheme: u8,
    /// 1 SHA-384, 2 SHA-512.
    pub hash_algorithm: u8,
    pub digest: Vec<u8>,
}

/// The digest length of a defined hash algorithm.
pub fn digest_length(hash_algorithm: u8) -> Option<usize> {
    match hash_algorithm {
        1 => Some(48),
        2 => Some(64),
        _ => None,
    }
}

fn check_digest(hash_algorithm: u8, digest: &[u8]) -> Result<(), String> {
    match digest_length(hash_algorithm) {
        Some(want) if digest.len() != want => Err(format!(
            "digest is {} octets long; hash algorithm {hash_algorithm} ({}) gives {want}",
            digest.len(),
            if hash_algorithm == 1 {
                "SHA-384"
            } else {
                "SHA-512"
            }
        )),
        _ if digest.len() < MIN_DIGEST_LEN => Err(format!(
            "digest is {} octets long; ZONEMD digests have at least {MIN_DIGEST_LEN}",
            digest.len()
        )),
        _ => Ok(()),
    }
}

impl RData for Zonemd {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let serial = f.u32("serial")?;
        let scheme = f.u8("scheme")?;
        let hash_algorithm = f.u8("hash algorithm")?;
        let at = span(f.remaining());
        let digest = f.hex_rest("digest", false)?;
        check_digest(hash_algorithm, &digest).map_err(|why| FieldError {
            code: ErrorCode::BadField,
            message: format!("{why} in {} record", f.rtype()),
            at,
        })?;
        Ok(Zonemd {
            serial,
            scheme,
            hash_algorithm,
            digest,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.serial);
        p.display(self.scheme);
        p.display(self.hash_algorithm);
        p.hex(&self.digest);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.serial.to_be_bytes());
        out.push(self.scheme);
        out.push(self.hash_algorithm);
        out.extend_from_slice(&self.digest);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let serial = w.u32()?;
        let scheme = w.u8()?;
        let hash_algorithm = w.u8()?;
        let digest = w.rest().to_vec();
        check_digest(hash_algorithm, &digest).map_err(WireError::Invalid)?;
        Ok(Zonemd {
            serial,
            scheme,
            hash_algorithm,
            digest,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    #[test]
    fn zonemd() {
        // testdata/dnspython/example (from RFC 8976's examples).
        assert_round_trip(
            "ZONEMD",
            "2018031900 1 1 62e6cf51b02e54b9b5f967d547ce43136792901f9f88e637493daaf401c92c279dd10f0edb1c56f8080211f8480ee306",
            "2018031900 1 1 62E6CF51B02E54B9B5F967D547CE43136792901F9F88E637493DAAF401C92C279DD10F0EDB1C56F8080211F8480EE306",
            "7848B91C010162E6CF51B02E54B9B5F967D547CE43136792901F9F88E637493DAAF401C92C279DD10F0EDB1C56F8080211F8480EE306",
        );
        assert_round_trip(
            "ZONEMD",
            "2018031900 1 2 08cfa1115c7b948c4163a901270395ea226a930cd2cbcf2fa9a5e6eb85f37c8a 4e114d884e66f176eab121cb02db7d652e0cc4827e7a3204f166b47e5613fd27",
            "2018031900 1 2 08CFA1115C7B948C4163A901270395EA226A930CD2CBCF2FA9A5E6EB85F37C8A4E114D884E66F176EAB121CB02DB7D652E0CC4827E7A3204F166B47E5613FD27",
            "7848B91C010208CFA1115C7B948C4163A901270395EA226A930CD2CBCF2FA9A5E6EB85F37C8A4E114D884E66F176EAB121CB02DB7D652E0CC4827E7A3204F166B47E5613FD27",
        );
        assert_round_trip(
            "ZONEMD",
            "2018031900 1 240 e2d523f654b9422a96c5a8f44607bbee",
            "2018031900 1 240 E2D523F654B9422A96C5A8F44607BBEE",
            "7848B91C01F0E2D523F654B9422A96C5A8F44607BBEE",
        );
        assert_round_trip(
            "ZONEMD",
            "0 0 0 000000000000000000000000",
            "0 0 0 000000000000000000000000",
            "000000000000000000000000000000000000",
        );
    }

    #[test]
    fn zonemd_rejections() {
        assert_rejects(
            "ZONEMD",
            "1 1 1 abcd",
            "digest is 2 octets long; hash algorithm 1 (SHA-384) gives 48 in ZONEMD record",
        );
        assert_rejects(
            "ZONEMD",
            &format!("1 1 2 {}", "ab".repeat(48)),
            "digest is 48 octets long; hash algorithm 2 (SHA-512) gives 64",
        );
        assert_rejects(
            "ZONEMD",
            &format!("1 0 7 {}", "ab".repeat(11)),
            "digest is 11 octets long; ZONEMD digests have at least 12",
        );
        assert_rejects("ZONEMD", "1 1 1", "missing digest in ZONEMD record");
        assert_rejects("ZONEMD", "1 SIMPLE 1 00", "invalid scheme \"SIMPLE\"");
        assert_rejects(
            "ZONEMD",
            "1 1 SHA384 00",
            "invalid hash algorithm \"SHA384\"",
        );
        assert_wire_rejects("ZONEMD", "7848B91C01");
        assert_wire_rejects("ZONEMD", "7848B91C0101");
        assert_wire_rejects("ZONEMD", "7848B91C0107E2D523F654B9422A96C5A8");
        assert_wire_rejects(
            "ZONEMD",
            "7848B91C010162E6CF51B02E54B9B5F967D547CE43136792901F9F88E637493DAAF401C92C279DD10F0EDB1C56F8080211F8480EE3",
        );
    }
}
