//! HIP (RFC 8005): a Host Identity Protocol host identity and its rendezvous servers.
//!
//! Presentation: algorithm, the HIT in hexadecimal (one token), the public key in base64 (one
//! token; unlike DNSKEY it cannot be split, since further tokens are rendezvous servers), then
//! zero or more rendezvous server names. BIND 9.18 reads the same grammar.

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};
use crate::error::ErrorCode;
use crate::name::Name;

/// A host identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hip {
    /// Public key algorithm (IPSECKEY numbering: 1 DSA, 2 RSA, 3 ECDSA).
    pub algorithm: u8,
    /// The Host Identity Tag, 1–255 octets.
    pub hit: Vec<u8>,
    /// The public key, 1–65535 octets.
    pub public_key: Vec<u8>,
    pub rendezvous_servers: Vec<Name>,
}

impl RData for Hip {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let algorithm = f.u8("algorithm")?;
        let token = f.token("HIT")?;
        let hit = (!token.quoted)
            .then(|| data_encoding::HEXUPPER_PERMISSIVE.decode(token.text).ok())
            .flatten()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| f.invalid(&token, "HIT", "hexadecimal"))?;
        if hit.len() > 255 {
            return Err(FieldError::at(
                &token,
                ErrorCode::BadField,
                format!(
                    "HIT in HIP record is {} octets long; at most 255 fit",
                    hit.len()
                ),
            ));
        }
        let token = f.token("public key")?;
        let public_key = (!token.quoted)
            .then(|| data_encoding::BASE64.decode(token.text).ok())
            .flatten()
            .filter(|k| !k.is_empty())
            .ok_or_else(|| f.invalid(&token, "public key", "base64 in one token"))?;
        if public_key.len() > usize::from(u16::MAX) {
            return Err(FieldError::at(
                &token,
                ErrorCode::BadField,
                format!(
                    "public key in HIP record is {} octets long; at most 65535 fit",
                    public_key.len()
                ),
            ));
        }
        let mut rendezvous_servers = Vec::new();
        while !f.is_empty() {
            rendezvous_servers.push(f.name("rendezvous server")?);
        }
        Ok(Hip {
            algorithm,
            hit,
            public_key,
            rendezvous_servers,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.algorithm);
        p.hex(&self.hit);
        p.base64(&self.public_key);
        for server in &self.rendezvous_servers {
            p.name(server);
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        // Lengths are bounded by parse and decode; saturate rather than wrap if a caller
        // built an oversized value by hand.
        out.push(u8::try_from(self.hit.len()).unwrap_or(u8::MAX));
        out.push(self.algorithm);
        out.extend_from_slice(
            &u16::try_from(self.public_key.len())
                .unwrap_or(u16::MAX)
                .to_be_bytes(),
        );
        out.extend_from_slice(self.hit.get(..255).unwrap_or(&self.hit));
        out.extend_from_slice(self.public_key.get(..65535).unwrap_or(&self.public_key));
        for server in &self.rendezvous_servers {
            out.extend_from_slice(server.as_wire());
        }
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let hit_len = w.u8()?;
        let algorithm = w.u8()?;
        let key_len = w.u16()?;
        if hit_len == 0 || key_len == 0 {
            return Err(WireError::Invalid(
                "HIP record with an empty HIT or public key".into(),
            ));
        }
        let hit = w.bytes(usize::from(hit_len))?.to_vec();
        let public_key = w.bytes(usize::from(key_len))?.to_vec();
        let mut rendezvous_servers = Vec::new();
        while !w.is_empty() {
            rendezvous_servers.push(w.name()?);
        }
        Ok(Hip {
            algorithm,
            hit,
            public_key,
            rendezvous_servers,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    const KEY: &str = "AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D";
    const KEY_HEX: &str = "03010001B771CA136E4AEB5CE44333C53B3D2C13C22243851FC708BCCE29F7E2EB5787B5F56CCAD34F8223ACC10904DDB56B2EC4A6D6232F3B50EA094F0914B3B941BBE529AF582C36BBADEFDAF2ADAF9B4911906F5B2522603C615272B880EC8FB930CC6EE39C444DAA75B1678F005A4B2499D1DA5433F805C7A5AD3237ACC5DD5C5E43";

    #[test]
    fn hip() {
        // RFC 8005 §6 examples, as in testdata/dnspython/example.
        assert_round_trip(
            "HIP",
            &format!("2 200100107b1a74df365639cc39f1d578 {KEY}"),
            &format!("2 200100107B1A74DF365639CC39F1D578 {KEY}"),
            &format!("10020084200100107B1A74DF365639CC39F1D578{KEY_HEX}"),
        );
        assert_round_trip(
            "HIP",
            &format!("2 200100107b1a74df365639cc39f1d578 {KEY} rvs1.example.com. rvs2"),
            &format!("2 200100107B1A74DF365639CC39F1D578 {KEY} rvs1.example.com. rvs2.example."),
            &format!("10020084200100107B1A74DF365639CC39F1D578{KEY_HEX}0472767331076578616D706C6503636F6D000472767332076578616D706C6500"),
        );
        assert_round_trip(
            "HIP",
            "0 00 AA==",
            "0 00 AA==",
            "0100000100 00".replace(' ', "").as_str(),
        );
    }

    #[test]
    fn hip_rejections() {
        assert_rejects(
            "HIP",
            "RSA 00 AA==",
            "invalid algorithm \"RSA\" in HIP record",
        );
        assert_rejects(
            "HIP",
            "2 - AA==",
            "invalid HIT \"-\" in HIP record (expected hexadecimal)",
        );
        assert_rejects("HIP", "2 abc AA==", "invalid HIT \"abc\"");
        assert_rejects(
            "HIP",
            &format!("2 {} AA==", "ab".repeat(256)),
            "HIT in HIP record is 256 octets long; at most 255 fit",
        );
        assert_rejects("HIP", "2 00", "missing public key in HIP record");
        assert_rejects(
            "HIP",
            "2 00 -",
            "invalid public key \"-\" in HIP record (expected base64 in one token)",
        );
        // A key split across tokens leaves pieces read as rendezvous servers; BIND reports the
        // same "label too long" for a long piece.
        assert_rejects(
            "HIP",
            &format!("2 00 AwEA {}", "A".repeat(64)),
            "invalid rendezvous server",
        );
        assert_wire_rejects("HIP", "0002");
        assert_wire_rejects("HIP", "00020001AA");
        assert_wire_rejects("HIP", "01020000AA");
        assert_wire_rejects("HIP", "01020002AABB");
        assert_wire_rejects("HIP", "01020001AABB0472");
    }
}
