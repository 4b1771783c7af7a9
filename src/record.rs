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
#[derive(Debug, PartialEq, Eq)]
pub struct Record {
    pub owner: Name,
    pub ttl: u32,
    pub class: Class,
    pub data: RecordData,
    /// Where the entry starts in its source (line 0 when the record was built in code).
    pub location: Location,
}

impl Clone for Record {
    fn clone(&self) -> Record {
        Record {
            owner: self.owner.clone(),
            ttl: self.ttl,
            class: self.class,
            data: self.data.clone(),
            location: self.location.clone(),
        }
    }

    /// Copies `source` into this record's room: `check`'s reader copies millions of records
    /// into batches handed back and forth, and most are of the type of the one they replace
    /// (a DS digest then reuses its vector) and from the same file (the file's name, shared,
    /// is then not counted again: no atomic operation per record).
    fn clone_from(&mut self, source: &Record) {
        let Record {
            owner,
            ttl,
            class,
            data,
            location,
        } = source;
        if !self.owner.same_octets(owner) {
            self.owner.clone_from(owner);
        }
        self.ttl = *ttl;
        self.class = *class;
        self.data.clone_from(data);
        let Location {
            file,
            line,
            column,
            offset,
            len,
        } = location;
        let same_file = match (&self.location.file, file) {
            (Some(mine), Some(theirs)) => std::sync::Arc::ptr_eq(mine, theirs),
            (None, None) => true,
            _ => false,
        };
        if !same_file {
            self.location.file.clone_from(file);
        }
        self.location.line = *line;
        self.location.column = *column;
        self.location.offset = *offset;
        self.location.len = *len;
    }
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

    #[test]
    fn clone_from_copies_every_field_into_any_room_and_reuses_a_ds_digest() {
        let text = "$ORIGIN example.\n$TTL 300\n@ IN SOA ns hm 1 2 3 4 5\n\
            @ NS ns.example.\nns A 192.0.2.1\nns AAAA 2001:db8::1\n\
            child 60 DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n\
            child2 61 IN DS 1 8 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF\n\
            t TXT \"a\" \"b\"\nu TYPE65280 \\# 2 ABCD\n\
            a.very.long.owner.name.that.does.not.fit.inline.example. MX 10 ns\n";
        let mut zone = crate::zonefile::read_str(text, &crate::zonefile::ReaderOptions::default());
        assert!(zone.diagnostics.is_empty(), "{:?}", zone.diagnostics);
        // From another file: the room's file name must be replaced, not kept.
        let mut other = zone.records[0].clone();
        other.location.file = Some(std::sync::Arc::from("other.zone"));
        other.location.line = 99;
        other.class = Class::CH;
        zone.records.push(other);
        for room in &zone.records {
            for source in &zone.records {
                let mut copy = room.clone();
                copy.clone_from(source);
                assert_eq!(&copy, source);
                assert_eq!(copy.location.file, source.location.file);
            }
        }
        let ds: Vec<&Record> = zone
            .records
            .iter()
            .filter(|r| r.rtype() == RecordType::DS)
            .collect();
        let mut room = ds[1].clone();
        let buffer = match &room.data {
            RecordData::Ds(d) => d.digest.as_ptr(),
            _ => unreachable!("a DS record"),
        };
        room.clone_from(ds[0]);
        assert_eq!(&room, ds[0]);
        match &room.data {
            RecordData::Ds(d) => assert_eq!(d.digest.as_ptr(), buffer, "the digest moved"),
            _ => unreachable!("a DS record"),
        }
    }
}
