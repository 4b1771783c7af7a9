//! Reading rdata in wire form.

use crate::name::Name;
use crate::rr::RecordType;

/// Why rdata in wire form could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("rdata ends early")]
    Short,
    #[error("{0} octets of rdata left over")]
    Trailing(usize),
    #[error("malformed domain name in rdata")]
    BadName,
    #[error("{0}")]
    Invalid(String),
}

/// A cursor over the octets of one record's rdata.
pub struct WireReader<'a> {
    buf: &'a [u8],
    pos: usize,
    rtype: Option<RecordType>,
}

impl<'a> WireReader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        WireReader {
            buf,
            pos: 0,
            rtype: None,
        }
    }

    /// A reader over the rdata of a record of type `rtype`, for structs that serve several
    /// types whose wire rules differ (KEY allows an absent key where DNSKEY does not).
    pub fn for_type(buf: &'a [u8], rtype: RecordType) -> Self {
        WireReader {
            rtype: Some(rtype),
            ..WireReader::new(buf)
        }
    }

    /// The record type being decoded, when the caller said.
    pub fn rtype(&self) -> Option<RecordType> {
        self.rtype
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let out = self
            .buf
            .get(self.pos..self.pos + n)
            .ok_or(WireError::Short)?;
        self.pos += n;
        Ok(out)
    }

    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        self.bytes(N)?
            .first_chunk::<N>()
            .copied()
            .ok_or(WireError::Short)
    }

    pub fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.array::<1>()?[0])
    }

    pub fn u16(&mut self) -> Result<u16, WireError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub fn u32(&mut self) -> Result<u32, WireError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// Everything not read yet.
    pub fn rest(&mut self) -> &'a [u8] {
        let out = self.buf.get(self.pos..).unwrap_or_default();
        self.pos = self.buf.len();
        out
    }

    /// An uncompressed domain name.
    pub fn name(&mut self) -> Result<Name, WireError> {
        let (name, used) = Name::read_wire(self.buf.get(self.pos..).unwrap_or_default())
            .map_err(|_| WireError::BadName)?;
        self.pos += used;
        Ok(name)
    }

    /// A length-prefixed character-string.
    pub fn char_string(&mut self) -> Result<&'a [u8], WireError> {
        let len = self.u8()? as usize;
        self.bytes(len)
    }

    /// Fails when octets are left.
    pub fn finish(&self) -> Result<(), WireError> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(WireError::Trailing(n)),
        }
    }
}

/// Appends a length-prefixed character-string (the caller guarantees at most 255 octets).
pub fn put_char_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(s.len().min(255) as u8);
    out.extend_from_slice(s.get(..s.len().min(255)).unwrap_or_default());
}
