//! Throughput of what comes after parsing, on the generated TLD-like and customer zones
//! (Throughput::Bytes of the zone text, so the figures compare with `benches/parse.rs`):
//!
//! - `read+print`: read and print every record in canonical form, as `zonefmt expand` does;
//! - `print`: printing alone, from records already read;
//! - `fmt-tree`: the formatter's lossless syntax tree, built and written back;
//! - `check`: the whole-zone checks (`rfc` profile) on records already read;
//! - `read`: reading alone (every record into its typed form), the baseline of the two below;
//! - `fmt`: `zonefmt fmt` without the process ([`zonefmt::fmt::format`]): the read for errors,
//!   the formatter, and the check that the output reads back as the same records and comments;
//! - `to-json`: `zonefmt to-json` without the process: read, take each record's cf_tags
//!   comment, convert, write the JSON array (types the API does not take skipped).
//!
//! ```text
//! cargo bench -p zonefmt-bench --bench ops
//! cargo bench -p zonefmt-bench --bench ops -- 'ops/.*/(read|fmt|to-json)$' --measurement-time 5
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use zonefmt::cloudflare::zone_json::{self, ToJsonOptions};
use zonefmt::fmt::tree::SyntaxTree;
use zonefmt::fmt::FormatOptions;
use zonefmt::validate::{self, CheckOptions};
use zonefmt::zonefile::{parse_str, Item, Reader, ReaderOptions};
use zonefmt::{Name, Record};
use zonefmt_bench::{gen, generated};

fn main() {
    // The defaults first, so that command-line options (--measurement-time, ...) win.
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for input in [
        generated(gen::Kind::Tld, 20_000),
        generated(gen::Kind::Customer, 20_000),
    ] {
        let origin = match Name::from_ascii(input.origin) {
            Ok(origin) => origin,
            Err(e) => panic!("bad origin {}: {e}", input.origin),
        };
        let options = ReaderOptions {
            origin: Some(origin.clone()),
            ..ReaderOptions::default()
        };
        let text = String::from_utf8_lossy(&input.bytes).into_owned();
        let records: Vec<Record> = match parse_str(&text, &options) {
            Ok(zone) => zone.records,
            Err(e) => panic!("{} does not read: {e}", input.name),
        };
        let mut group = criterion.benchmark_group(format!("ops/{}", input.name));
        group.throughput(Throughput::Bytes(input.bytes.len() as u64));
        group.bench_function("read", |b| {
            b.iter(|| {
                let mut read = 0usize;
                for item in Reader::from_bytes(&input.bytes, None, options.clone()) {
                    if let Item::Record(record) = item {
                        read += usize::from(black_box(&record).ttl > 0);
                    }
                }
                black_box(read)
            })
        });
        let format_options = FormatOptions::default();
        group.bench_function("fmt", |b| {
            b.iter(|| {
                let formatted = zonefmt::fmt::format(&input.bytes, None, &options, &format_options);
                black_box(formatted.map(|f| (f.changed, f.text.len())).ok())
            })
        });
        let to_json = ToJsonOptions {
            reader: options.clone(),
            skip_unsupported: true,
            lines: false,
        };
        group.bench_function("to-json", |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(input.bytes.len() * 4);
                let done = zone_json::to_json(&input.bytes[..], None, &to_json, &mut out, |d| {
                    black_box(d);
                });
                black_box((done.is_ok(), out.len()))
            })
        });
        group.bench_function("read+print", |b| {
            b.iter(|| {
                let mut line = String::new();
                let mut printed = 0usize;
                for item in Reader::from_bytes(&input.bytes, None, options.clone()) {
                    if let Item::Record(record) = item {
                        line.clear();
                        record.write_line(&mut line);
                        printed += line.len() + 1;
                    }
                }
                black_box(printed)
            })
        });
        group.bench_function("print", |b| {
            b.iter(|| {
                let mut out = String::with_capacity(input.bytes.len() * 2);
                for record in &records {
                    record.write_line(&mut out);
                    out.push('\n');
                }
                black_box(out.len())
            })
        });
        group.bench_function("fmt-tree", |b| {
            b.iter(|| {
                let tree = SyntaxTree::parse(&input.bytes);
                let mut out = Vec::with_capacity(input.bytes.len());
                tree.write_to(&mut out);
                black_box(out.len())
            })
        });
        group.bench_function("check", |b| {
            b.iter(|| {
                black_box(validate::check(
                    &records,
                    &origin,
                    &CheckOptions::default(),
                    None,
                ))
            })
        });
        group.finish();
    }
    criterion.final_summary();
}
