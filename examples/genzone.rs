//! Writes deterministic synthetic zone files for benchmarks and memory tests.
//!
//! ```text
//! cargo run --release --example genzone -- tld 2000000 > tld.zone        # NS, DS, glue
//! cargo run --release --example genzone -- customer 100000 > customer.zone
//! ```
//!
//! The same arguments always give the same bytes, so figures in BENCHMARKS.md can be
//! reproduced without shipping the generated files. The generators live in
//! `benches/support/gen.rs`, which the criterion benches use too.

use std::io::{self, BufWriter, Write};

#[path = "../benches/support/gen.rs"]
#[allow(dead_code)]
mod gen;

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let kind = args.get(1).and_then(|k| gen::Kind::from_arg(k));
    let count = args.get(2).and_then(|n| n.parse::<u64>().ok());
    let (Some(kind), Some(count)) = (kind, count) else {
        eprintln!("usage: genzone tld|customer COUNT");
        std::process::exit(2);
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    gen::write_zone(kind, count, &mut out)?;
    out.flush()
}
