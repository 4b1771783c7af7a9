//! Shared helpers of the integration tests: running the `zonefmt` binary, and the loopback
//! emulator of Cloudflare's API.

// Each test crate uses some of the helpers.
#![allow(dead_code)]

pub mod emulator;

use std::io::{ErrorKind, Write};
use std::process::{Command, Output, Stdio};

use zonefmt::cloudflare::convert::ZoneRecord;
use zonefmt::cloudflare::export;
use zonefmt::zonefile::{read_str, ReaderOptions};
use zonefmt::Name;

/// `example.com.`, the zone of the Cloudflare conversion tests.
pub fn zone() -> Name {
    Name::from_ascii("example.com.").unwrap()
}

/// Reads one zone-file line (origin example.com.) with its trailing comment (`cf_tags`).
pub fn read_line(line: &str) -> ZoneRecord {
    let options = ReaderOptions::with_origin("example.com.").unwrap();
    let read = read_str(line, &options);
    assert!(
        read.diagnostics.is_empty(),
        "{line}: {:#?}",
        read.diagnostics
    );
    let (mut records, found) = export::attach_comments(line.as_bytes(), None, read.records);
    assert!(found.is_empty(), "{line}: {found:#?}");
    assert_eq!(records.len(), 1, "{line}");
    records.remove(0)
}

/// Runs the `zonefmt` binary with `args` and `stdin` as its standard input; returns its exit
/// status and what it wrote.
pub fn zonefmt(args: &[&str], stdin: &str) -> Output {
    zonefmt_env(args, stdin, &[])
}

/// As [`zonefmt`], with changes to the environment it inherits: `(name, Some(value))` sets a
/// variable, `(name, None)` removes it.
pub fn zonefmt_env(args: &[&str], stdin: &str, env: &[(&str, Option<&str>)]) -> Output {
    // `option_env!`: crates built without the `cli` feature (tests/api.rs) have no binary.
    let Some(binary) = option_env!("CARGO_BIN_EXE_zonefmt") else {
        panic!("the zonefmt binary is built only with the cli feature");
    };
    let mut command = Command::new(binary);
    command.args(args);
    for &(name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zonefmt runs");
    // A command may end without reading all of its input (a usage error, say): its status and
    // output, which the caller checks, say what happened.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(
            e.kind(),
            ErrorKind::BrokenPipe,
            "zonefmt's standard input: {e}"
        );
    }
    child.wait_with_output().unwrap()
}

/// Output as text (invalid UTF-8 replaced).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `len` bytes of deterministic noise (xorshift64 from `seed`), so a failure on "binary
/// garbage" reproduces.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}
