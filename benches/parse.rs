//! Parsing throughput beside the peers, in one run: the same inputs through zonefmt, NLnet
//! Labs `domain` (zonefile, in place) and `hickory-proto` (its zone parser), each reading
//! every record into its typed form.
//!
//! ```text
//! cargo bench -p zonefmt-bench --bench parse                 # criterion, then the summary
//! ZONEFMT_BENCH_TLD=200000 cargo bench -p zonefmt-bench --bench parse -- --summary-only
//! ```
//!
//! After criterion's groups (Throughput::Bytes) the bench prints a summary table measured
//! interleaved (zonefmt, domain, hickory, zonefmt, ...; median of several rounds), with MB/s,
//! records/s and each parser's ratio to zonefmt, so the ratios hold on a loaded machine.
//! A peer that cannot read a record type gets the input without those lines, and the report
//! says how many bytes it read.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use zonefmt_bench::{
    domain_records, hickory_records, standard_inputs, without_repeated_soa, without_types,
    zonefmt_records, Input, DOMAIN_UNSUPPORTED, HICKORY_UNSUPPORTED,
};

/// One parser on its copy of one input.
struct Run {
    parser: &'static str,
    bytes: Vec<u8>,
    origin: &'static str,
    /// Lines of types the parser cannot read were removed.
    subset: bool,
}

impl Run {
    fn parse(&self) -> Result<u64, String> {
        match self.parser {
            "zonefmt" => zonefmt_records(&self.bytes, self.origin),
            "domain" => domain_records(&self.bytes, self.origin),
            _ => {
                let text = std::str::from_utf8(&self.bytes).map_err(|e| e.to_string())?;
                hickory_records(text, self.origin)
            }
        }
    }
}

fn runs(input: &Input) -> Vec<Run> {
    let copy = |parser, unsupported: &[&str]| {
        let bytes = without_types(&input.bytes, unsupported);
        Run {
            parser,
            subset: bytes.len() != input.bytes.len(),
            bytes,
            origin: input.origin,
        }
    };
    vec![copy("zonefmt", &[]), copy("domain", DOMAIN_UNSUPPORTED), {
        let mut run = copy("hickory", HICKORY_UNSUPPORTED);
        let bytes = without_repeated_soa(&run.bytes);
        run.subset |= bytes.len() != run.bytes.len();
        run.bytes = bytes;
        run
    }]
}

fn count(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let summary_only = std::env::args().any(|a| a == "--summary-only");
    let inputs = match standard_inputs(
        count("ZONEFMT_BENCH_TLD", 20_000),
        count("ZONEFMT_BENCH_CUSTOMER", 20_000),
    ) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("cannot read the inputs: {e}");
            std::process::exit(2);
        }
    };
    if !summary_only {
        let mut criterion = Criterion::default()
            .configure_from_args()
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for input in &inputs {
            let mut group = criterion.benchmark_group(format!("parse/{}", input.name));
            for run in runs(input) {
                if let Err(e) = run.parse() {
                    eprintln!("{} cannot read {}: {e}", run.parser, input.name);
                    continue;
                }
                group.throughput(Throughput::Bytes(run.bytes.len() as u64));
                let id = if run.subset {
                    format!("{} (subset)", run.parser)
                } else {
                    run.parser.to_string()
                };
                group.bench_with_input(BenchmarkId::from_parameter(id), &run, |b, run| {
                    b.iter(|| black_box(run.parse()))
                });
            }
            group.finish();
        }
        criterion.final_summary();
    }
    summary(&inputs, count("ZONEFMT_BENCH_ROUNDS", 5) as usize);
}

/// Interleaved rounds, median per parser; the table of the report.
fn summary(inputs: &[Input], rounds: usize) {
    println!();
    println!("| input | parser | bytes | records | MB/s | records/s | time ÷ zonefmt's |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for input in inputs {
        let runs = runs(input);
        let mut times: Vec<Vec<Duration>> = vec![Vec::new(); runs.len()];
        let mut records = vec![Err(String::new()); runs.len()];
        for _ in 0..rounds.max(1) {
            for (i, run) in runs.iter().enumerate() {
                let started = Instant::now();
                let result = black_box(run.parse());
                times[i].push(started.elapsed());
                records[i] = result;
            }
        }
        let median = |t: &mut Vec<Duration>| {
            t.sort();
            t[t.len() / 2].as_secs_f64()
        };
        let base = median(&mut times[0].clone());
        for (i, run) in runs.iter().enumerate() {
            let name = if run.subset {
                format!("{} (subset)", run.parser)
            } else {
                run.parser.to_string()
            };
            match &records[i] {
                Ok(n) => {
                    let secs = median(&mut times[i]);
                    println!(
                        "| {} | {name} | {} | {n} | {:.1} | {:.0} | {:.2} |",
                        input.name,
                        run.bytes.len(),
                        run.bytes.len() as f64 / secs / 1e6,
                        *n as f64 / secs,
                        secs / base
                    );
                }
                Err(e) => println!("| {} | {name} | — | — | fails: {e} | | |", input.name),
            }
        }
    }
}
