//! Cloudflare's export format: every sample generation reads, the current one writes back
//! byte for byte, older ones are repaired with warnings, and cf_tags attributes survive.

use zonefmt::cloudflare::attrs::Tag;
use zonefmt::cloudflare::export;
use zonefmt::{ErrorCode, Name, RecordType, Severity};

fn sample(name: &str) -> String {
    let path = format!(
        "{}/testdata/cloudflare-exports/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rewrite(text: &str) -> (export::Export, String) {
    let read = export::read(text, Some("sample"));
    let errors: Vec<_> = read
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let zone = read.zone.clone().expect("zone from the header");
    let exported = read.exported.clone().expect("Exported: line");
    let (written, lost) = export::write(&zone, &exported, &read.records);
    assert!(lost.is_empty(), "{lost:#?}");
    (read, written)
}

#[test]
fn modern_exports_write_back_byte_for_byte() {
    for name in [
        "goatns-yaleman.org-2023-11-21.txt",
        "synthetic-example.com-2025-format.txt",
    ] {
        let text = sample(name);
        let (read, written) = rewrite(&text);
        assert!(
            read.diagnostics.is_empty(),
            "{name}: {:#?}",
            read.diagnostics
        );
        if written != text {
            for (i, (a, b)) in written.lines().zip(text.lines()).enumerate() {
                assert_eq!(a, b, "{name}: line {} differs", i + 1);
            }
            assert_eq!(written.len(), text.len(), "{name}: lengths differ");
        }
    }
}

#[test]
fn goatns_sample_reads_every_record() {
    let (read, _) = rewrite(&sample("goatns-yaleman.org-2023-11-21.txt"));
    assert_eq!(read.zone, Some(Name::from_ascii("yaleman.org.").unwrap()));
    assert_eq!(read.exported.as_deref(), Some("2023-11-21 13:59:08"));
    let count = |t: RecordType| {
        read.records
            .iter()
            .filter(|r| r.record.rtype() == t)
            .count()
    };
    assert_eq!(count(RecordType::SOA), 1);
    assert_eq!(count(RecordType::NS), 2);
    assert_eq!(count(RecordType::LOC), 2);
    assert_eq!(count(RecordType::SRV), 7);
    let soa = &read.records[0].record;
    assert_eq!(soa.rtype(), RecordType::SOA);
    assert_eq!(soa.owner.to_string(), "yaleman.org.");
    assert_eq!(soa.ttl, 3600);
    // Nothing in a 2023 export carries attributes.
    assert!(read.records.iter().all(|r| r.attrs.is_empty()));
}

#[test]
fn cf_tags_are_read_into_attributes() {
    let (read, _) = rewrite(&sample("synthetic-example.com-2025-format.txt"));
    let find = |owner: &str, t: RecordType| {
        read.records
            .iter()
            .find(|r| r.record.owner.to_string() == owner && r.record.rtype() == t)
            .unwrap_or_else(|| panic!("{owner} {t}"))
    };
    let api = find("api.example.com.", RecordType::A);
    assert_eq!(api.attrs.comment.as_deref(), Some("public api"));
    assert_eq!(api.attrs.proxied, Some(true));
    let mail = find("mail.example.com.", RecordType::A);
    assert_eq!((mail.record.ttl, mail.attrs.proxied), (300, Some(false)));
    let tagged = find("tagged.example.com.", RecordType::A);
    assert_eq!(tagged.attrs.tags, vec![Tag::new("team", "dns")]);
    let cdn = find("cdn.example.com.", RecordType::CNAME);
    assert_eq!(cdn.attrs.flatten_cname, Some(true));
    assert_eq!(cdn.attrs.proxied, Some(false));
    // The TXT split into 255-byte strings reads as two strings.
    let dkim = find("sel1._domainkey.example.com.", RecordType::TXT);
    let zonefmt::RecordData::Txt(txt) = &dkim.record.data else {
        panic!()
    };
    assert_eq!(
        txt.strings.iter().map(Vec::len).collect::<Vec<_>>(),
        [255, 73]
    );
    // MX and CAA carry no cf-proxied tag.
    assert!(find("example.com.", RecordType::MX).attrs.is_empty());
}

#[test]
fn export_2021_becomes_the_current_form() {
    let text = sample("cloudflare-client-tothnet.hu-2021-01-14.txt");
    let (read, written) = rewrite(&text);
    assert!(read.diagnostics.is_empty(), "{:#?}", read.diagnostics);
    assert_eq!(read.records.len(), 15);
    // The SOA owner loses its dot, and records are sorted by owner as current exports do
    // (the 2021 exporter put the apex first); otherwise the lines are the same.
    let sorted = |t: &str| {
        let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let mut expected = sorted(&text);
    let soa = expected.iter().position(|l| l.contains("\tSOA\t")).unwrap();
    expected[soa] = expected[soa].replacen("tothnet.hu.\t", "tothnet.hu\t", 1);
    expected.sort();
    assert_eq!(sorted(&written), expected);
    let mx: Vec<&str> = written.lines().filter(|l| l.contains("\tMX\t")).collect();
    assert_eq!(
        mx,
        [
            "mail.tothnet.hu.\t1\tIN\tMX\t10 mail.tothnet.hu.",
            "tothnet.hu.\t1\tIN\tMX\t10 mail.tothnet.hu."
        ]
    );
    // Writing is a fixed point.
    let (_, again) = rewrite(&written);
    assert_eq!(again, written);
}

#[test]
fn legacy_export_is_repaired_with_warnings() {
    let text = sample("synthetic-example.org-2017-format.txt");
    let read = export::read(&text, Some("legacy"));
    assert_eq!(read.zone, Some(Name::from_ascii("example.org.").unwrap()));
    let warnings: Vec<(u32, &str)> = read
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d}");
            assert_eq!(d.code, ErrorCode::CfExportQuirk, "{d}");
            (d.location.line, d.message.as_str())
        })
        .collect();
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(warnings
        .iter()
        .any(|(l, m)| *l == 41 && m.contains("stray \"Array\"")));
    assert!(warnings
        .iter()
        .any(|(l, m)| *l == 48 && m.contains("data is lost")));
    assert!(warnings
        .iter()
        .any(|(l, m)| *l == 37 && m.contains("placeholder NS")));
    assert!(warnings
        .iter()
        .any(|(l, m)| *l == 27 && m.contains("SOA owned by \"@\"")));

    let types: Vec<String> = read
        .records
        .iter()
        .map(|r| format!("{} {}", r.record.owner, r.record.rtype()))
        .collect();
    assert_eq!(
        types,
        [
            "example.org. SOA",
            "example.org. MX",
            "example.org. MX",
            "example.org. TXT",
            "sel._domainkey.example.org. TXT",
            "www.example.org. CNAME",
            "example.org. A",
            "mail.example.org. A",
        ]
    );
    let (written, lost) = export::write(
        read.zone.as_ref().unwrap(),
        read.exported.as_deref().unwrap(),
        &read.records,
    );
    assert!(lost.is_empty());
    let body: Vec<&str> = written.lines().skip(25).collect();
    assert_eq!(
        body,
        [
            ";; SOA Record",
            "example.org\t3600\tIN\tSOA\texample.org. root.example.org. 2024845023 7200 3600 86400 3600",
            "",
            ";; A Records",
            "example.org.\t300\tIN\tA\t192.0.2.10",
            "mail.example.org.\t1\tIN\tA\t192.0.2.11",
            "",
            ";; CNAME Records",
            "www.example.org.\t300\tIN\tCNAME\texample.org.",
            "",
            ";; MX Records",
            "example.org.\t300\tIN\tMX\t10 mx1.example.net.",
            "example.org.\t300\tIN\tMX\t20 mx2.example.net.",
            "",
            ";; TXT Records",
            "example.org.\t300\tIN\tTXT\t\"v=spf1 include:_spf.example.net -all\"",
            "sel._domainkey.example.org.\t300\tIN\tTXT\t\"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC\"",
        ]
    );
    assert!(written
        .starts_with(";;\n;; Domain:     example.org.\n;; Exported:   2017-06-06 21:13:58\n;;\n"));
}

#[test]
fn malformed_cf_tags_are_errors_on_their_line() {
    let text = "www.example.com.\t1\tIN\tA\t192.0.2.1 ; cf_tags=cf-proxied:perhaps\n";
    let read = export::read(text, None);
    assert_eq!(read.diagnostics.len(), 1, "{:#?}", read.diagnostics);
    let d = &read.diagnostics[0];
    assert_eq!(
        (d.code, d.severity, d.location.line),
        (ErrorCode::CfBadTags, Severity::Error, 1)
    );
    assert!(d.message.contains("perhaps"), "{}", d.message);
}

#[test]
fn attributes_without_an_export_form_are_reported() {
    let text = "www.example.com.\t1\tIN\tA\t192.0.2.1 ; cf_tags=cf-proxied:true\n";
    let mut read = export::read(text, None);
    read.records[0].attrs.ipv6_only = Some(true);
    let zone = Name::from_ascii("example.com.").unwrap();
    let (written, lost) = export::write(&zone, "2025-01-01 00:00:00", &read.records);
    assert!(written.ends_with(
        ";; A Records\nwww.example.com.\t1\tIN\tA\t192.0.2.1 ; cf_tags=cf-proxied:true\n"
    ));
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0].code, ErrorCode::CfLostInExport);
    assert!(
        lost[0].message.contains("settings.ipv6_only"),
        "{}",
        lost[0].message
    );
}
