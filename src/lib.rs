//! # zonefmt
//!
//! Read, validate, format and convert DNS zone files (RFC 1035 master files in BIND's
//! dialect), and move them in and out of Cloudflare's DNS records API.
//!
//! The layers go one way: [`zonefile`] reads text into [`Record`]s with typed [`rr::RecordData`];
//! the printer, checks, formatter and Cloudflare model build on records and never on each
//! other's internals.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "cli")]
pub mod cli;
pub mod cloudflare;
pub mod error;
pub mod fmt;
// Indexing (`a[i]`, `a[i..j]`) panics when out of range, so library code uses `.get()`
// (`clippy::indexing_slicing` above). No module is exempt any more (2026-12-04: rr's 37,
// zonefile::lexer's 10 and validate's 22 index expressions were rewritten); the fuzz targets
// guard what the lint cannot see.
pub mod name;
pub mod record;
pub mod rr;
pub mod text;
pub mod ttl;
pub mod validate;
pub mod zonefile;

pub use error::{Diagnostic, Error, ErrorCode, Location, Severity};
pub use name::Name;
pub use record::Record;
pub use rr::{Class, RecordData, RecordType};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Helpers shared by the unit tests of several modules.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    /// Every file under the crate's `testdata/`, in a stable order.
    pub(crate) fn testdata_files() -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }
    /// A zone of `n` delegations with an address record every tenth name (`n` 60 000: over the
    /// size `format` formats in parallel).
    pub(crate) fn many_records(n: usize, unsure_at: Option<usize>) -> Vec<u8> {
        let mut zone = b"$TTL 1h\n@ IN SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n".to_vec();
        for i in 0..n {
            zone.extend_from_slice(format!("d{i} in ns ns.d{i}\n").as_bytes());
            if i % 10 == 0 {
                zone.extend_from_slice(
                    format!("ns.d{i} a 192.0.{}.{}\n", i / 256 % 256, i % 256).as_bytes(),
                );
            }
            if Some(i) == unsure_at {
                // A lower-case mnemonic inside rdata: the tokens cannot show it the same.
                zone.extend_from_slice(b"d0 nsec d1 a rrsig\n");
            }
        }
        zone
    }
}
