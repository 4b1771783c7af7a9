//! The reader over every zone file in testdata/: verdicts against five other implementations
//! and upstream expectations, streaming against in-memory reading, print → parse, and the IANA
//! root zone in full.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use zonefmt::zonefile::{load, parse_str, read_file, Item, Reader, ReaderOptions, Zone};
use zonefmt::{Name, Record, Severity};

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata");
const VERDICTS: &str = include_str!("data/oracle-verdicts.tsv");

/// One row of tests/data/oracle-verdicts.tsv.
struct Row {
    file: String,
    origin: String,
    workdir: String,
    /// bind, knot, nsd, ldns, dnspython.
    verdicts: Vec<String>,
}

fn rows() -> Vec<Row> {
    VERDICTS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 8, "malformed row {l:?}");
            Row {
                file: f[0].to_string(),
                origin: f[1].to_string(),
                workdir: f[2].to_string(),
                verdicts: f[3..].iter().map(|s| s.to_string()).collect(),
            }
        })
        .collect()
}

/// Options as the oracle ran zonefmt: the row's origin, `$INCLUDE` granted the file's
/// directory, relative includes resolved against the row's working directory.
fn options_for(path: &Path, origin: Option<&str>, workdir: &str) -> ReaderOptions {
    let dir = path.parent().unwrap().to_path_buf();
    let base = if workdir.is_empty() {
        dir.clone()
    } else {
        Path::new(TESTDATA).join(workdir)
    };
    ReaderOptions {
        origin: origin.map(|o| Name::from_ascii(o).unwrap()),
        include_root: Some(dir),
        include_base: Some(base),
        ..ReaderOptions::default()
    }
}

fn verdict(zone: &Zone) -> &'static str {
    if zone.has_errors() {
        "reject"
    } else {
        "accept"
    }
}

fn first_error(zone: &Zone) -> String {
    zone.diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .map_or_else(String::new, |d| d.to_string())
}

/// Files where zonefmt deliberately or for now differs from the expected verdict (the
/// unanimous one of the five tools, else BIND's), and why. FORMAT.md explains the deliberate
/// ones. An entry that stops differing fails the test, so the list stays exact.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    // Whole-zone checks that named-checkzone runs even in relaxed mode; they belong to the
    // zone checks (`zonefmt check`), not to reading.
    (
        "bind9-checkzone/bad-cdnskey.db",
        "BIND's CDS/CDNSKEY consistency check",
    ),
    (
        "bind9-checkzone/bad-cds.db",
        "BIND's CDS/CDNSKEY consistency check",
    ),
    (
        "octodns-bind/zones/ext.unit.tests.extension",
        "BIND's integrity check: NS without address records (-i local)",
    ),
    (
        "octodns-bind/zones/invalid.records.tst",
        "BIND's integrity check: NS without address records (-i local)",
    ),
    (
        "bind9-master/testdata/master/master17.data",
        "BIND's integrity check: NS without address records (-i local)",
    ),
    (
        "hickory-dns/zone_file/muster.zone",
        "BIND's integrity check: NS without address records (-i local)",
    ),
    // Version skew: BIND 9.18 takes EUI-48/64 digits without a leading zero or with trailing
    // text; newer BIND (whose test files these are) and RFC 7043 do not, nor does zonefmt.
    (
        "bind9-checkzone/bad-eui48-no-leading-zero.db",
        "RFC 7043 syntax, as newer BIND",
    ),
    (
        "bind9-checkzone/bad-eui48-trailing-garbage.db",
        "RFC 7043 syntax, as newer BIND",
    ),
    (
        "bind9-checkzone/bad-eui64-no-leading-zero.db",
        "RFC 7043 syntax, as newer BIND",
    ),
    (
        "bind9-checkzone/bad-eui64-trailing-garbage.db",
        "RFC 7043 syntax, as newer BIND",
    ),
    // BIND's zone database refuses a 65512-octet TXT that the master-file reader accepts
    // (master_test.c expects success; see EXPECTED.tsv); zonefmt follows the reader.
    (
        "bind9-master/testdata/master/master16.data",
        "BIND's database overhead, not a reading rule",
    ),
];

#[test]
fn verdicts_agree_with_the_oracles() {
    let mut differences = BTreeMap::new();
    let mut checked = 0;
    for row in rows() {
        let path = Path::new(TESTDATA).join(&row.file);
        let options = options_for(&path, Some(&row.origin), &row.workdir);
        let mut zone = read_file(&path, &options).unwrap();
        load::apply(&mut zone, options.origin.as_ref());
        let unanimous = row.verdicts.iter().all(|v| *v == row.verdicts[0]);
        // Unanimous, or else BIND's: the first column.
        let expected = row.verdicts[0].as_str();
        checked += 1;
        if verdict(&zone) != expected {
            differences.insert(
                row.file.clone(),
                format!(
                    "expected {expected} ({}), zonefmt: {} {}",
                    if unanimous { "all five" } else { "BIND" },
                    verdict(&zone),
                    first_error(&zone)
                ),
            );
        }
    }
    assert!(checked > 200, "only {checked} rows");
    let known: HashSet<&str> = KNOWN_DIFFERENCES.iter().map(|(f, _)| *f).collect();
    let unexpected: Vec<String> = differences
        .iter()
        .filter(|(f, _)| !known.contains(f.as_str()))
        .map(|(f, why)| format!("{f}: {why}"))
        .collect();
    let stale: Vec<&str> = known
        .iter()
        .filter(|f| !differences.contains_key(**f))
        .copied()
        .collect();
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "verdicts differ:\n{}\nKNOWN_DIFFERENCES entries that now agree (remove them): {stale:?}",
        unexpected.join("\n")
    );
}

#[test]
fn reading_verdicts_match_upstream_expectations() {
    // EXPECTED.tsv gives the verdict of the upstream reader tests (BIND's master_test.c, NSD's
    // test suite): reading only, without whole-zone rules.
    let mut checked = 0;
    for set in ["bind9-master", "nsd"] {
        let dir = Path::new(TESTDATA).join(set);
        let table = std::fs::read_to_string(dir.join("EXPECTED.tsv")).unwrap();
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let rel = format!("{set}/{}", fields[0]);
            let row = rows().into_iter().find(|r| r.file == rel).unwrap();
            let path = dir.join(fields[0]);
            let zone =
                read_file(&path, &options_for(&path, Some(&row.origin), &row.workdir)).unwrap();
            assert_eq!(
                verdict(&zone),
                fields[1],
                "{rel} ({}): {}",
                fields.get(2).unwrap_or(&""),
                first_error(&zone)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 15);
}

/// Every zone file under testdata/ (not the notes and tables next to them).
fn corpus() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let skip = ["SOURCES.md", "ORIGINS", "EXPECTED.tsv"].contains(&name.as_str())
                    || name.ends_with(".md")
                    || name.ends_with(".yaml");
                if !skip {
                    out.push(path);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new(TESTDATA), &mut out);
    out.sort();
    out
}

fn row_for(path: &Path) -> (Option<String>, String) {
    let rel = path
        .strip_prefix(TESTDATA)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    rows()
        .into_iter()
        .find(|r| r.file == rel)
        .map_or((None, String::new()), |r| (Some(r.origin), r.workdir))
}

/// Hands out at most a few bytes per read, to cut entries at every possible place.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        self.step = self.step % 97 + 13;
        Ok(n)
    }
}

#[test]
fn streaming_gives_the_same_items_as_memory_on_every_file() {
    let files = corpus();
    assert!(files.len() > 200, "{} files", files.len());
    for path in files {
        let (origin, workdir) = row_for(&path);
        let options = options_for(&path, origin.as_deref(), &workdir);
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let from_memory: Vec<Item> =
            Reader::from_bytes(&bytes, Some(&name), options.clone()).collect();
        let streamed: Vec<Item> = Reader::from_read(
            Trickle {
                data: &bytes,
                step: 1,
            },
            Some(&name),
            options,
        )
        .collect();
        assert_eq!(from_memory, streamed, "{name}");
    }
}

fn without_location(r: &Record) -> (Name, u32, zonefmt::Class, zonefmt::RecordData) {
    (r.owner.clone(), r.ttl, r.class, r.data.clone())
}

#[test]
fn every_record_read_prints_and_reads_back_the_same() {
    let mut records = 0;
    let options = ReaderOptions::default();
    for path in corpus() {
        let (origin, workdir) = row_for(&path);
        let zone = read_file(&path, &options_for(&path, origin.as_deref(), &workdir)).unwrap();
        for record in &zone.records {
            let line = record.to_string();
            let again = parse_str(&format!("{line}\n"), &options)
                .unwrap_or_else(|e| panic!("{}: {line:?} does not read back: {e}", path.display()));
            assert_eq!(again.records.len(), 1, "{line}");
            assert_eq!(
                without_location(&again.records[0]),
                without_location(record),
                "{}: {line}",
                path.display()
            );
            records += 1;
        }
    }
    assert!(records > 20_000, "{records} records");
}

#[test]
fn the_2018_root_zone_reads_completely() {
    let path = Path::new(TESTDATA).join("root-zone-2018/root.zone");
    let options = ReaderOptions::with_origin(".").unwrap();
    let zone = read_file(&path, &options).unwrap();
    assert_eq!(zone.diagnostics, []);
    // 19598 entries in the file; the SOA appears twice (first and last, as a zone transfer
    // shows it). `named-compilezone -s full -i none -k ignore -o - . root.zone | grep -vc '^;'`
    // (BIND 9.18.49) prints 19597 records: the same set without the repeated SOA.
    assert_eq!(zone.records.len(), 19_598);
    let distinct: HashSet<String> = zone
        .records
        .iter()
        .map(|r| r.to_string().to_ascii_lowercase())
        .collect();
    assert_eq!(distinct.len(), 19_597);
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for r in &zone.records {
        *by_type.entry(r.rtype().to_string()).or_default() += 1;
    }
    assert_eq!(by_type["SOA"], 2);
    assert_eq!(by_type["DNSKEY"], 3);
    let mut checked = zone.clone();
    load::apply(&mut checked, options.origin.as_ref());
    assert_eq!(checked.diagnostics, []);
}
