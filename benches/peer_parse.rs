//! Reads one zone file with one parser and reports records, bytes, time and MB/s, for the
//! whole-process comparison in `benches/peers.sh` (which measures peak memory around it).
//!
//! ```text
//! peer-parse zonefmt|domain|hickory ORIGIN FILE
//! ```
//!
//! Each parser reads the file the way its API is meant to be used: zonefmt streams it in
//! chunks, `domain` loads it into its buffer and scans it in place, hickory reads it into a
//! string and builds the zone.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(parser), Some(origin), Some(path)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: peer-parse zonefmt|domain|hickory ORIGIN FILE");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let result = match parser.as_str() {
        "zonefmt" => zonefmt_bench::zonefmt_file_records(path, origin),
        "domain" => std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| zonefmt_bench::domain_records(&bytes, origin)),
        "hickory" => std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| zonefmt_bench::hickory_records(&text, origin)),
        _ => {
            eprintln!("unknown parser {parser}");
            return ExitCode::from(2);
        }
    };
    let elapsed = started.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    match result {
        Ok(records) => {
            println!(
                "{parser}\t{records} records\t{bytes} bytes\t{elapsed:.3} s\t{:.1} MB/s\t{:.0} records/s",
                bytes as f64 / elapsed / 1e6,
                records as f64 / elapsed
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{parser}: {e}");
            ExitCode::from(1)
        }
    }
}
