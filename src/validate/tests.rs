//! Tests of the registry: levels, options, profiles, ordering.

use super::testing::*;
use super::*;

#[test]
fn every_check_has_a_distinct_code_with_a_summary() {
    let mut seen = std::collections::HashSet::new();
    for check in RFC {
        assert!(seen.insert(check.code), "{} registered twice", check.code);
        assert!(
            check.code.as_str().starts_with("ZF2") || check.code.as_str().starts_with("ZF014"),
            "{}",
            check.code
        );
        assert!(!check.code.summary().is_empty());
    }
    // Every ZF2xxx code in the table is a registered check.
    for code in ErrorCode::ALL
        .iter()
        .filter(|c| c.as_str().starts_with("ZF2"))
    {
        assert!(seen.contains(code), "{code} has no check");
    }
}

#[test]
fn levels_switch_checks() {
    let text = zone("www CNAME ns1\nwww A 192.0.2.9\na CNAME www\n");
    let default = run(&text);
    let severity =
        |found: &[Diagnostic], code| found.iter().find(|d| d.code == code).map(|d| d.severity);
    assert_eq!(
        severity(&default, ErrorCode::CnameAndOtherData),
        Some(Severity::Error)
    );
    assert_eq!(
        severity(&default, ErrorCode::CnameChain),
        Some(Severity::Warning)
    );

    let mut options = CheckOptions::default();
    options
        .set(ErrorCode::CnameAndOtherData, Level::Warn)
        .set(ErrorCode::CnameChain, Level::Allow);
    let changed = run_with(&text, &options);
    assert_eq!(
        severity(&changed, ErrorCode::CnameAndOtherData),
        Some(Severity::Warning)
    );
    assert_eq!(severity(&changed, ErrorCode::CnameChain), None);
    assert!(!options.fails(&changed));
    options.strict = true;
    assert!(options.fails(&changed));

    let mut deny = CheckOptions::default();
    deny.set(ErrorCode::CnameChain, Level::Deny);
    assert_eq!(
        severity(&run_with(&text, &deny), ErrorCode::CnameChain),
        Some(Severity::Error)
    );
    assert!(deny.fails(&run_with(&text, &deny)));
    assert!(!CheckOptions::default().fails(&run(APEX)));
}

#[test]
fn apply_changes_warnings_but_not_reader_errors() {
    let loc = Location::default();
    let mut diagnostics = vec![
        Diagnostic::warning(ErrorCode::Syntax, "a reader warning", loc.clone()),
        Diagnostic::error(ErrorCode::BadField, "a reader error", loc.clone()),
        Diagnostic::warning(ErrorCode::TtlMismatch, "a check warning", loc),
    ];
    let mut options = CheckOptions::default();
    options
        .set(ErrorCode::Syntax, Level::Allow)
        .set(ErrorCode::BadField, Level::Allow)
        .set(ErrorCode::TtlMismatch, Level::Deny);
    options.apply(&mut diagnostics);
    let got: Vec<_> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        got,
        vec![
            (ErrorCode::BadField, Severity::Error),
            (ErrorCode::TtlMismatch, Severity::Error),
        ]
    );
}

#[test]
fn findings_are_ordered_by_place() {
    let text =
        zone("b CNAME ns1\nb A 192.0.2.1\nfoo_bar A 192.0.2.2\nx.example.net. A 192.0.2.3\n");
    let lines: Vec<u32> = run(&text).iter().map(|d| d.location.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert_eq!(lines.len(), 3);
}

#[test]
fn profiles_by_name() {
    assert_eq!(Profile::from_name("RFC"), Some(Profile::Rfc));
    assert_eq!(Profile::from_name("nope"), None);
    assert_eq!(Profile::default().checks().len(), RFC.len());
}

#[test]
fn load_rules_only_keeps_the_load_rules() {
    let text = zone("www CNAME ns1\nwww A 192.0.2.9\na CNAME www\n");
    let options = CheckOptions::default().load_rules_only();
    let codes: Vec<ErrorCode> = run_with(&text, &options).iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![ErrorCode::CnameAndOtherData]);
    assert!(run(&text).iter().any(|d| d.code == ErrorCode::CnameChain));
    for code in LOAD_RULES {
        assert!(RFC.iter().any(|c| c.code == *code), "{code} has a check");
    }
}

/// What the streaming checker did with `text`: whether it asked for a second pass, and the
/// findings as (code, line, related lines).
fn streamed(text: &str) -> (bool, Vec<(ErrorCode, u32, Vec<u32>)>) {
    let records = records(text);
    let mut checker = Checker::new(origin(), &CheckOptions::default());
    for r in &records {
        checker.push(r.clone());
    }
    let sources = SingleSource(text.as_bytes());
    let mut finished = checker.finish(false, Some(&sources));
    let second = finished.wants_records();
    for r in &records {
        finished.offer(r);
    }
    let found = finished
        .diagnostics(Some(&sources))
        .into_iter()
        .map(|d| {
            let related = d.related.iter().map(|(l, _)| l.line).collect();
            (d.code, d.location.line, related)
        })
        .collect();
    (second, found)
}

#[test]
fn a_clean_zone_is_read_once() {
    let text = zone("child NS ns.child\nns.child A 192.0.2.7\nchild DS 1 8 1 0123456789ABCDEF0123456789ABCDEF01234567\nwww A 192.0.2.8\n");
    assert_eq!(streamed(&text), (false, vec![]));
    // A finding that points at records of other owners asks for them.
    let (second, found) = streamed(&zone("child NS host\nhost CNAME ns1\n"));
    assert!(second);
    assert_eq!(found, vec![(ErrorCode::DelegationNsTarget, 6, vec![7])]);
}

#[test]
fn owners_split_over_the_file_are_checked_whole() {
    // The same RRset in two runs: duplicates and TTLs across them are found, once.
    let text =
        zone("www 300 A 192.0.2.1\nmail A 192.0.2.2\nwww 300 A 192.0.2.1\nwww 600 A 192.0.2.3\n");
    let (second, found) = streamed(&text);
    assert!(second, "the split owner is read again");
    assert_eq!(
        found,
        vec![
            (ErrorCode::DuplicateRecord, 8, vec![6]),
            (ErrorCode::TtlMismatch, 9, vec![6]),
        ]
    );
    // Two CNAMEs far apart are two CNAMEs; a CNAME far from other data still conflicts.
    let text =
        zone("a CNAME ns1\nb A 192.0.2.5\na CNAME ns2\nc CNAME ns1\nd A 192.0.2.6\nc TXT \"x\"\n");
    let (_, found) = streamed(&text);
    assert_eq!(
        found,
        vec![
            (ErrorCode::SingletonType, 8, vec![6]),
            (ErrorCode::CnameAndOtherData, 9, vec![11]),
        ]
    );
    // A finding inside one run of a split owner is not reported twice.
    let text = zone("w A 192.0.2.1\nw A 192.0.2.1\nx A 192.0.2.2\nw A 192.0.2.3\n");
    let (_, found) = streamed(&text);
    assert_eq!(found, vec![(ErrorCode::DuplicateRecord, 7, vec![6])]);
    // Different types in two runs (a delegation's DS after its glue) need no second pass.
    let text = zone("child NS ns.child\nns.child A 192.0.2.7\nchild DS 1 8 1 0123456789ABCDEF0123456789ABCDEF01234567\n");
    assert_eq!(streamed(&text), (false, vec![]));
}

#[test]
fn no_two_checks_of_a_profile_share_a_code() {
    // The whole-zone checks cap their findings check by check (on two threads), which is
    // the cap by code only while each code has one check.
    for profile in Profile::ALL {
        let mut codes: Vec<ErrorCode> = profile.checks().iter().map(|c| c.code).collect();
        let all = codes.len();
        codes.sort_by_key(|c| c.to_string());
        codes.dedup();
        assert_eq!(codes.len(), all, "{profile:?}");
    }
}

#[test]
fn whole_zone_checks_find_the_same_on_two_threads() {
    // Over a thousand findings of two codes (so some are capped), and a few of others.
    let mut body = String::from("child NS ns.child\nns.child A 192.0.2.7\n");
    for i in 0..1100 {
        body.push_str(&format!(
            "h{i}.child A 192.0.2.8\nds{i} DS 1 8 1 0123456789ABCDEF0123456789ABCDEF01234567\n"
        ));
    }
    body.push_str(
        "www CNAME ns1\nwww A 192.0.2.9\na CNAME www\nd NS host\nhost CNAME ns1\n@ MX 10 nowhere\n",
    );
    let text = zone(&body);
    let records = records(&text);
    let sources = SingleSource(text.as_bytes());
    let found = |threads_from: usize| {
        let mut checker = Checker::new(origin(), &CheckOptions::default());
        checker.two_threads_from(threads_from);
        for r in &records {
            checker.push(r.clone());
        }
        let mut finished = checker.finish(false, Some(&sources));
        for r in &records {
            finished.offer(r);
        }
        finished.diagnostics(Some(&sources))
    };
    let one = found(usize::MAX);
    let two = found(0);
    assert_eq!(one, two);
    let count = |code| one.iter().filter(|d| d.code == code).count();
    // 1,000 shown and one note with the count of the rest.
    assert_eq!(count(ErrorCode::OccludedData), MAX_SHOWN_PER_CODE + 1);
    assert_eq!(count(ErrorCode::DsNotAtDelegation), MAX_SHOWN_PER_CODE + 1);
    for code in [
        ErrorCode::CnameAndOtherData,
        ErrorCode::CnameChain,
        ErrorCode::DelegationNsTarget,
    ] {
        assert!(count(code) > 0, "{code}");
    }
}
