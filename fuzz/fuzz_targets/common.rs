//! Helpers shared by the fuzz targets (each target includes this file with `mod common;`).
#![allow(dead_code)]

use zonefmt::rr::RecordType;
use zonefmt::zonefile::{Item, ReaderOptions};
use zonefmt::{Name, Record};

/// The options every target reads with: an origin (so relative names work), `$INCLUDE` off as
/// by default, and a small `$GENERATE` cap so one input cannot spend the run generating.
pub fn options() -> ReaderOptions {
    ReaderOptions {
        origin: Name::from_ascii("example.").ok(),
        max_generate: 64,
        ..ReaderOptions::default()
    }
}

/// The records among `items`.
pub fn records(items: &[Item]) -> Vec<&Record> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Record(r) => Some(r),
            Item::Diagnostic(_) => None,
        })
        .collect()
}

/// What a record means, without where it was read: owner, TTL, class, data.
pub fn meaning(r: &Record) -> impl PartialEq + std::fmt::Debug + '_ {
    (&r.owner, r.ttl, r.class, &r.data)
}

/// Every record type with a typed model, in table order.
pub fn typed_types() -> Vec<RecordType> {
    RecordType::KNOWN
        .iter()
        .copied()
        .filter(|t| t.is_typed())
        .collect()
}

/// A reader input handed out at most `n` bytes per `read`, as a pipe might.
pub struct Trickle<'a>(pub &'a [u8], pub usize);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        let (head, tail) = self.0.split_at(n);
        buf.get_mut(..n).unwrap_or_default().copy_from_slice(head);
        self.0 = tail;
        Ok(n)
    }
}
