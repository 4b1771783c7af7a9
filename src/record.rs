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
        // Written piece by piece rather than through one `write!`: this runs once per record
        // of `expand`, and the formatter's machinery cost more than the text.
        self.owner.write_text(out);
        out.push('\t');
        crate::rr::print::push_decimal(out, self.ttl);
        out.push('\t');
        match self.class.mnemonic() {
            Some(class) => out.push_str(class),
            None => {
                let _ = write!(out, "{}", self.class);
            }
        }
        out.push('\t');
        let rtype = self.rtype();
        match rtype.mnemonic() {
            Some(mnemonic) => out.push_str(mnemonic),
            None => {
                let _ = write!(out, "{rtype}");
            }
        }
        out.push('\t');
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    #[test]
    fn lines_are_written_as_the_formatter_writes_them() {
        let zone = "$ORIGIN example.\n$TTL 2147483647\n@ IN SOA ns hm 1 2 3 4 5\n\
            a\\.b 0 TXT \"x\"\nc 3600 TYPE65280 \\# 2 ABCD\n\
            d 59 IN A 10.0.0.255\n@ IN NS ns.example.\n\\(x IN HINFO a b\n";
        let zone = crate::zonefile::read_str(zone, &crate::zonefile::ReaderOptions::default());
        assert!(zone.diagnostics.is_empty(), "{:?}", zone.diagnostics);
        assert_eq!(zone.records.len(), 6);
        let mut records = zone.records.clone();
        for record in &zone.records {
            for (class, ttl) in [(Class::CH, u32::MAX), (Class(9), 7)] {
                let mut other = record.clone();
                other.class = class;
                other.ttl = ttl;
                records.push(other);
            }
        }
        for record in &records {
            let mut expected = String::new();
            let _ = write!(
                expected,
                "{}\t{}\t{}\t{}\t",
                record.owner,
                record.ttl,
                record.class,
                record.rtype()
            );
            record
                .data
                .print(&mut crate::rr::Printer::new(&mut expected));
            let mut line = String::new();
            record.write_line(&mut line);
            assert_eq!(line, expected);
        }
    }
}
