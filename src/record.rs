//! One resource record as read from a zone file.

use std::fmt;

use crate::error::Location;
use crate::name::Name;
use crate::rr::{Class, RecordData, RecordType};

/// A resource record: owner, TTL, class and typed data, with where it came from.
///
/// ```
/// use zonefmt::{Name, Record, rr::{Class, RecordData, address::A}};
/// let r = Record::new(Name::from_ascii("www.example.").unwrap(), 300, Class::IN,
///     RecordData::A(A { address: "192.0.2.1".parse().unwrap() }));
/// assert_eq!(r.to_string(), "www.example.\t300\tIN\tA\t192.0.2.1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub owner: Name,
    pub ttl: u32,
    pub class: Class,
    pub data: RecordData,
    /// Where the entry starts in its source (line 0 when the record was built in code).
    pub location: Location,
}

impl Record {
    /// A record with no source location.
    pub fn new(owner: Name, ttl: u32, class: Class, data: RecordData) -> Record {
        Record {
            owner,
            ttl,
            class,
            data,
            location: Location::default(),
        }
    }

    /// The record's type.
    pub fn rtype(&self) -> RecordType {
        self.data.rtype()
    }

    /// Appends the canonical one-line form: absolute owner, TTL, class, type and rdata,
    /// tab-separated, without a newline.
    pub fn write_line(&self, out: &mut String) {
        use fmt::Write;
        let _ = write!(
            out,
            "{}\t{}\t{}\t{}\t",
            self.owner,
            self.ttl,
            self.class,
            self.rtype()
        );
        self.data.print(&mut crate::rr::Printer::new(out));
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_line(&mut out);
        f.write_str(&out)
    }
}
