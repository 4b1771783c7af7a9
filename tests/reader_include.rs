//! `$INCLUDE`: off by default, confined to the granted directory, BIND's scoping rules.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use zonefmt::zonefile::{read_file, read_str, ReaderOptions, Zone};
use zonefmt::{ErrorCode, Name};

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "zonefmt-include-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path.canonicalize().unwrap())
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn options(root: &Path) -> ReaderOptions {
    ReaderOptions {
        origin: Some(Name::from_ascii("example.").unwrap()),
        include_root: Some(root.to_path_buf()),
        include_base: Some(root.to_path_buf()),
        ..ReaderOptions::default()
    }
}

fn lines(zone: &Zone) -> Vec<String> {
    zone.records.iter().map(|r| r.to_string()).collect()
}

fn codes(zone: &Zone) -> Vec<ErrorCode> {
    zone.diagnostics.iter().map(|d| d.code).collect()
}

/// No diagnostic or record mentions `secret`.
fn assert_not_echoed(zone: &Zone, secret: &str) {
    for d in &zone.diagnostics {
        assert!(!d.message.contains(secret), "{}", d.message);
        assert!(
            !d.source_line.as_deref().unwrap_or("").contains(secret),
            "{d:?}"
        );
    }
    for r in &zone.records {
        assert!(!r.to_string().contains(secret), "{r}");
    }
}

#[test]
fn refused_without_a_granted_directory() {
    let zone = read_str(
        "$TTL 1\n$INCLUDE /etc/passwd\n",
        &ReaderOptions::with_origin("example.").unwrap(),
    );
    assert!(zone.records.is_empty());
    assert_eq!(codes(&zone), [ErrorCode::IncludeNotAllowed]);
    assert!(
        zone.diagnostics[0].message.contains("--include-root DIR"),
        "says how to allow it: {}",
        zone.diagnostics[0].message
    );
}

#[test]
fn scoping_follows_bind() {
    let dir = TempDir::new();
    dir.write(
        "sub/inc.db",
        "  A 192.0.2.9\ninc1 A 192.0.2.1\n$ORIGIN sub.example.\n$TTL 77\nin2 A 192.0.2.2\n",
    );
    let main = dir.write(
        "main.db",
        "$TTL 300\nown A 192.0.2.10\n$INCLUDE sub/inc.db\n  A 192.0.2.11\nafter A 192.0.2.12\n$INCLUDE \"sub/inc.db\" other.example.\n",
    );
    let zone = read_file(&main, &options(&dir.0)).unwrap();
    // BIND warns when a blank owner follows a change of origin (here the $INCLUDE argument).
    assert_eq!(codes(&zone), [ErrorCode::InheritedOwner]);
    assert_eq!(zone.diagnostics[0].location.line, 1);
    assert_eq!(
        lines(&zone),
        [
            "own.example.\t300\tIN\tA\t192.0.2.10",
            // A blank owner at the top of the included file is the includer's owner.
            "own.example.\t300\tIN\tA\t192.0.2.9",
            "inc1.example.\t300\tIN\tA\t192.0.2.1",
            "in2.sub.example.\t77\tIN\tA\t192.0.2.2",
            // After the include: the includer's owner and origin again, but $TTL stays.
            "own.example.\t77\tIN\tA\t192.0.2.11",
            "after.example.\t77\tIN\tA\t192.0.2.12",
            // The origin argument applies inside the included file only.
            "after.example.\t77\tIN\tA\t192.0.2.9",
            "inc1.other.example.\t77\tIN\tA\t192.0.2.1",
            "in2.sub.example.\t77\tIN\tA\t192.0.2.2",
        ]
    );
    assert_eq!(
        zone.records[2].location.file.as_deref(),
        Some(dir.0.join("sub/inc.db").to_str().unwrap())
    );
    assert_eq!(zone.records[2].location.line, 2);
}

#[test]
fn parent_directory_is_refused_and_not_read() {
    let outer = TempDir::new();
    outer.write("secret.db", "leaked A 192.0.2.66\n");
    outer.write(
        "zones/main.db",
        "$TTL 1\n$INCLUDE ../secret.db\nok A 192.0.2.1\n",
    );
    let root = outer.0.join("zones");
    let zone = read_file(root.join("main.db"), &options(&root)).unwrap();
    assert_eq!(codes(&zone), [ErrorCode::IncludeOutsideRoot]);
    assert_eq!(lines(&zone), ["ok.example.\t1\tIN\tA\t192.0.2.1"]);
    assert_not_echoed(&zone, "leaked");
    assert_not_echoed(&zone, "192.0.2.66");
}

#[test]
fn absolute_path_outside_is_refused() {
    let outer = TempDir::new();
    let secret = outer.write("secret.db", "leaked A 192.0.2.66\n");
    let root = outer.0.join("zones");
    outer.write(
        "zones/main.db",
        &format!("$TTL 1\n$INCLUDE {}\n", secret.display()),
    );
    let zone = read_file(root.join("main.db"), &options(&root)).unwrap();
    assert_eq!(codes(&zone), [ErrorCode::IncludeOutsideRoot]);
    assert_not_echoed(&zone, "leaked");
}

#[test]
fn a_missing_file_outside_is_reported_as_outside() {
    // Not "no such file": a zone file must not be able to probe the file system.
    let outer = TempDir::new();
    let root = outer.0.join("zones");
    outer.write("zones/main.db", "$TTL 1\n$INCLUDE ../../nothing-here.db\n");
    let zone = read_file(root.join("main.db"), &options(&root)).unwrap();
    assert_eq!(codes(&zone), [ErrorCode::IncludeOutsideRoot]);
    // Inside the root, a missing file is an I/O error.
    outer.write("zones/main2.db", "$TTL 1\n$INCLUDE missing.db\n");
    let zone = read_file(root.join("main2.db"), &options(&root)).unwrap();
    assert_eq!(codes(&zone), [ErrorCode::Io]);
}

#[cfg(unix)]
#[test]
fn symlink_escaping_the_root_is_refused() {
    let outer = TempDir::new();
    let secret = outer.write("secret.db", "leaked A 192.0.2.66\n");
    let root = outer.0.join("zones");
    outer.write(
        "zones/main.db",
        "$TTL 1\n$INCLUDE link.db\n$INCLUDE dirlink/secret.db\n",
    );
    std::os::unix::fs::symlink(&secret, root.join("link.db")).unwrap();
    std::os::unix::fs::symlink(&outer.0, root.join("dirlink")).unwrap();
    let zone = read_file(root.join("main.db"), &options(&root)).unwrap();
    assert_eq!(
        codes(&zone),
        [ErrorCode::IncludeOutsideRoot, ErrorCode::IncludeOutsideRoot]
    );
    assert_not_echoed(&zone, "leaked");
    // A symlink that stays inside the root is fine.
    outer.write("zones/real.db", "inside A 192.0.2.1\n");
    std::os::unix::fs::symlink(root.join("real.db"), root.join("alias.db")).unwrap();
    outer.write("zones/main2.db", "$TTL 1\n$INCLUDE alias.db\n");
    let zone = read_file(root.join("main2.db"), &options(&root)).unwrap();
    assert_eq!(codes(&zone), []);
    assert_eq!(lines(&zone), ["inside.example.\t1\tIN\tA\t192.0.2.1"]);
}

#[test]
fn self_inclusion_and_loops_are_refused() {
    let dir = TempDir::new();
    let main = dir.write("self.db", "$TTL 1\na A 192.0.2.1\n$INCLUDE self.db\n");
    let zone = read_file(&main, &options(&dir.0)).unwrap();
    assert_eq!(codes(&zone), [ErrorCode::IncludeDepth]);
    assert_eq!(zone.records.len(), 1);

    dir.write("a.db", "a A 192.0.2.1\n$INCLUDE b.db\n");
    dir.write("b.db", "b A 192.0.2.2\n$INCLUDE a.db\n");
    let main = dir.write("loop.db", "$TTL 1\n$INCLUDE a.db\n");
    let zone = read_file(&main, &options(&dir.0)).unwrap();
    assert_eq!(codes(&zone), [ErrorCode::IncludeDepth]);
    assert_eq!(zone.records.len(), 2);
}

#[test]
fn depth_is_capped() {
    let dir = TempDir::new();
    for n in 0..5 {
        dir.write(
            &format!("d{n}.db"),
            &format!("d{n} A 192.0.2.1\n$INCLUDE d{}.db\n", n + 1),
        );
    }
    dir.write("d5.db", "d5 A 192.0.2.1\n");
    let main = dir.write("main.db", "$TTL 1\n$INCLUDE d0.db\n");
    let zone = read_file(&main, &options(&dir.0)).unwrap();
    assert_eq!(codes(&zone), []);
    assert_eq!(zone.records.len(), 6);
    let shallow = ReaderOptions {
        max_include_depth: 3,
        ..options(&dir.0)
    };
    let zone = read_file(&main, &shallow).unwrap();
    assert_eq!(codes(&zone), [ErrorCode::IncludeDepth]);
    assert_eq!(zone.records.len(), 3);
}

#[test]
fn a_directory_is_not_a_zone_file() {
    let dir = TempDir::new();
    dir.write("sub/x.db", "");
    let main = dir.write("main.db", "$TTL 1\n$INCLUDE sub\n");
    let zone = read_file(&main, &options(&dir.0)).unwrap();
    assert_eq!(codes(&zone), [ErrorCode::Io]);
}

#[test]
fn errors_inside_an_included_file_name_it() {
    let dir = TempDir::new();
    dir.write("bad.db", "\nx A 192.0.2.300\n");
    let main = dir.write("main.db", "$TTL 1\n$INCLUDE bad.db\ny A 192.0.2.1\n");
    let zone = read_file(&main, &options(&dir.0)).unwrap();
    assert_eq!(zone.records.len(), 1);
    let d = &zone.diagnostics[0];
    assert_eq!(
        d.to_string(),
        format!(
            "{}:2:5: error[ZF0106]: invalid IPv4 address \"192.0.2.300\" in A record",
            dir.0.join("bad.db").display()
        )
    );
}

/// `Reader::next_ref` writes each record over the one it lent before: across an `$INCLUDE`
/// and back, and when the owner's case changes, what it lends must be what the iterator
/// yields, file names in the locations included.
#[test]
fn lent_records_follow_files_and_owner_case() {
    use zonefmt::zonefile::{Item, ItemRef, Reader};
    let dir = TempDir::new();
    dir.write(
        "inner.db",
        "in1 A 192.0.2.10\nIN1 A 192.0.2.11\nbad A x\nin2 AAAA ::1\n",
    );
    let outer = dir.write(
        "outer.db",
        "$TTL 60\nwww A 192.0.2.1\nWWW A 192.0.2.2\n$INCLUDE inner.db\n  A 192.0.2.3\nWww TXT t\n",
    );
    let describe = |record: &zonefmt::Record| {
        format!(
            "{record} {}:{}+{} {:?}",
            record.location.line,
            record.location.offset,
            record.location.len,
            record
                .location
                .file
                .as_deref()
                .map(|f| f.rsplit('/').next())
        )
    };
    let moved: Vec<String> = Reader::open(&outer, options(&dir.0))
        .unwrap()
        .map(|item| match item {
            Item::Record(r) => describe(&r),
            Item::Diagnostic(d) => format!("{} {}", d.location, d.code),
        })
        .collect();
    let mut reader = Reader::open(&outer, options(&dir.0)).unwrap();
    let mut lent = Vec::new();
    while let Some(item) = reader.next_ref() {
        lent.push(match item {
            ItemRef::Record(r) => describe(r),
            ItemRef::Diagnostic(d) => format!("{} {}", d.location, d.code),
        });
    }
    assert_eq!(lent, moved);
    let owners_and_files: Vec<&str> = moved
        .iter()
        .map(|line| line.split_whitespace().next().unwrap_or_default())
        .collect();
    assert_eq!(
        owners_and_files,
        [
            "www.example.",
            "WWW.example.",
            "in1.example.",
            "IN1.example.",
            // The bad A record's error, between the records.
            moved[4].split_whitespace().next().unwrap_or_default(),
            "in2.example.",
            // After the include, a blank owner is the includer's owner again (as in BIND).
            "WWW.example.",
            "Www.example.",
        ]
    );
    assert!(moved[4].contains("inner.db:3:"), "{}", moved[4]);
    assert!(
        moved[2].ends_with("Some(Some(\"inner.db\"))"),
        "{}",
        moved[2]
    );
    assert!(
        moved[6].ends_with("Some(Some(\"outer.db\"))"),
        "{}",
        moved[6]
    );
}

#[test]
fn an_owner_written_after_an_include_as_its_last_one_is_that_name() {
    // The end of the include puts back the includer's owner (`www`); the next line names
    // the included file's last owner again, which must not be taken for the one in force.
    let dir = TempDir::new();
    dir.write("inner.db", "in2 A 192.0.2.5\n");
    let main = dir.write(
        "main.db",
        "$TTL 60\nwww A 192.0.2.1\n$INCLUDE inner.db\nin2 A 192.0.2.2\n  A 192.0.2.3\n",
    );
    let zone = read_file(&main, &options(&dir.0)).unwrap();
    assert_eq!(codes(&zone), []);
    assert_eq!(
        lines(&zone),
        [
            "www.example.\t60\tIN\tA\t192.0.2.1",
            "in2.example.\t60\tIN\tA\t192.0.2.5",
            "in2.example.\t60\tIN\tA\t192.0.2.2",
            "in2.example.\t60\tIN\tA\t192.0.2.3",
        ]
    );
}
