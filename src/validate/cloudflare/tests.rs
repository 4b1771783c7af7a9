//! Each rule of the `cloudflare` profile fires on its own case and stays quiet on a clean zone.

use super::*;
use crate::cloudflare::export::attach_comments;
use crate::error::Severity;
use crate::validate::SingleSource;
use crate::zonefile::{read_str, ReaderOptions};

fn zone() -> Name {
    Name::from_ascii("example.com.").unwrap()
}

/// A zone as Cloudflare would take it: apex SOA (left to Cloudflare), the user's own NS, an
/// apex CNAME beside MX/TXT/CAA (allowed there), proxied A, a delegation with DS and glue.
const CLEAN: &str = "\
@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 3600
@ 86400 IN NS ns1.provider.net.
@ 1 IN CNAME target.example.net. ; cf_tags=cf-proxied:false
@ 1 IN MX 10 mx.example.net.
@ 1 IN TXT \"v=spf1 -all\"
@ 1 IN CAA 0 issue \"letsencrypt.org\"
www 1 IN A 192.0.2.1 ; web cf_tags=cf-proxied:true
www 1 IN AAAA 2001:db8::1 ; cf_tags=cf-proxied:true
api 300 IN A 192.0.2.2 ; cf_tags=cf-proxied:false
sub 3600 IN NS ns.sub
sub 3600 IN DS 1 13 2 B5BB9D8014A0F9B1D61E21E796D78DCCDF1352F23CD32812F4850B878AE4944C
ns.sub 3600 IN A 192.0.2.53
_sip._tcp 60 IN SRV 10 5 5060 sip.example.net.
";

fn records(text: &str) -> Vec<ZoneRecord> {
    let options = ReaderOptions::with_origin("example.com.").unwrap();
    let read = read_str(text, &options);
    assert!(!read.has_errors(), "{:#?}", read.diagnostics);
    let (records, found) = attach_comments(text.as_bytes(), None, read.records);
    assert!(found.is_empty(), "{found:#?}");
    records
}

fn run(text: &str, plan: Plan) -> Vec<Diagnostic> {
    let cf = CloudflareOptions {
        plan,
        ..CloudflareOptions::default()
    };
    check(
        &records(text),
        &zone(),
        &cf,
        &CheckOptions::default(),
        Some(&SingleSource(text.as_bytes())),
    )
}

/// (code, line) of every finding.
fn found(text: &str, plan: Plan) -> Vec<(ErrorCode, u32)> {
    run(text, plan)
        .iter()
        .map(|d| (d.code, d.location.line))
        .collect()
}

fn with(extra: &str) -> String {
    format!("{CLEAN}{extra}")
}

/// The line number of the first appended line.
fn extra_line() -> u32 {
    CLEAN.lines().count() as u32 + 1
}

#[test]
fn clean_zone_is_quiet_on_every_plan() {
    for &plan in Plan::ALL {
        assert_eq!(run(CLEAN, plan), vec![], "{plan}");
    }
}

#[test]
fn ttl_range_depends_on_the_plan() {
    let text = with("a 30 IN A 192.0.2.9\nb 86401 IN A 192.0.2.9\nc 0 IN TXT x\n");
    let n = extra_line();
    assert_eq!(
        found(&text, Plan::Free),
        [
            (ErrorCode::CfTtl, n),
            (ErrorCode::CfTtl, n + 1),
            (ErrorCode::CfTtl, n + 2)
        ]
    );
    assert_eq!(
        found(&text, Plan::Enterprise),
        [(ErrorCode::CfTtl, n + 1), (ErrorCode::CfTtl, n + 2)]
    );
    let d = &run(&text, Plan::Free)[0];
    assert!(
        d.message.contains("TTL 30") && d.message.contains("9021"),
        "{}",
        d.message
    );
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn proxy_rules() {
    let text = with(
        "mx2 1 IN MX 5 mx.example.net. ; cf_tags=cf-proxied:true\n\
         p 300 IN A 192.0.2.7 ; cf_tags=cf-proxied:true\n",
    );
    let n = extra_line();
    assert_eq!(
        found(&text, Plan::Pro),
        [
            (ErrorCode::CfNotProxiable, n),
            (ErrorCode::CfProxiedTtl, n + 1)
        ]
    );
    let all = run(&text, Plan::Pro);
    assert!(all[0].message.contains("9041"), "{}", all[0].message);
    assert_eq!(all[1].severity, Severity::Warning);
}

#[test]
fn cname_conflicts_only_with_address_records() {
    let text = with(
        "c 1 IN CNAME x.example.net.\nc 1 IN A 192.0.2.1\nc 1 IN TXT t\n\
         d 1 IN AAAA 2001:db8::5\nd 1 IN CNAME x.example.net.\n\
         e 1 IN CNAME x.example.net.\ne 1 IN CNAME y.example.net.\n",
    );
    let n = extra_line();
    let all = run(&text, Plan::Free);
    let got: Vec<(ErrorCode, u32)> = all.iter().map(|d| (d.code, d.location.line)).collect();
    assert_eq!(
        got,
        [
            (ErrorCode::CfCnameConflict, n + 1),
            (ErrorCode::CfCnameConflict, n + 4),
            (ErrorCode::CfCnameConflict, n + 6),
        ]
    );
    assert!(all[0].message.contains("81054"), "{}", all[0].message);
    assert!(all[1].message.contains("81053"), "{}", all[1].message);
    assert_eq!(all[0].related.len(), 1);
}

#[test]
fn ns_excludes_address_records_below_the_apex() {
    let text = with("sub 1 IN A 192.0.2.4\nsub 1 IN TXT t\n");
    assert_eq!(
        found(&text, Plan::Free),
        [(ErrorCode::CfNsConflict, extra_line())]
    );
}

#[test]
fn duplicates_compare_names_without_case() {
    let text = with("@ 1 IN MX 10 MX.EXAMPLE.NET.\nwww 1 IN A 192.0.2.1\n");
    let n = extra_line();
    let all = run(&text, Plan::Free);
    let got: Vec<(ErrorCode, u32)> = all.iter().map(|d| (d.code, d.location.line)).collect();
    assert_eq!(
        got,
        [(ErrorCode::CfDuplicate, n), (ErrorCode::CfDuplicate, n + 1)]
    );
    assert!(all[0].message.contains("81058"));
}

#[test]
fn comments_and_tags_follow_the_plan() {
    let long = "x".repeat(101);
    let text = with(&format!(
        "t1 1 IN TXT a ; {long}\nt2 1 IN TXT b ; cf_tags=team:dns\nt3 1 IN TXT c ; cf_tags=bad name:v,cf-own:1\n"
    ));
    let n = extra_line();
    assert_eq!(
        found(&text, Plan::Free),
        [
            (ErrorCode::CfCommentTooLong, n),
            (ErrorCode::CfTagQuota, n + 1),
            (ErrorCode::CfTagQuota, n + 2),
            (ErrorCode::CfTagInvalid, n + 2),
            (ErrorCode::CfTagInvalid, n + 2),
        ]
    );
    // Paid plans allow 500 characters and tags, but never bad names.
    assert_eq!(
        found(&text, Plan::Pro),
        [
            (ErrorCode::CfTagInvalid, n + 2),
            (ErrorCode::CfTagInvalid, n + 2)
        ]
    );
}

#[test]
fn comment_with_line_break() {
    let mut records = records(CLEAN);
    records[6].attrs.comment = Some("two\nlines".into());
    let found = check(
        &records,
        &zone(),
        &CloudflareOptions::default(),
        &CheckOptions::default(),
        None,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, ErrorCode::CfCommentInvalid);
}

#[test]
fn settings_that_do_nothing_and_plan_features() {
    let mut records = records(CLEAN);
    // www A (proxied): ipv4_only is fine; api A (not proxied): ipv6_only does nothing.
    records[6].attrs.ipv4_only = Some(true);
    records[8].attrs.ipv6_only = Some(true);
    // MX with private routing, apex CNAME with flattening on the Free plan.
    records[3].attrs.private_routing = Some(true);
    records[2].attrs.flatten_cname = Some(true);
    let cf = CloudflareOptions::default();
    let codes: Vec<(ErrorCode, String)> =
        check(&records, &zone(), &cf, &CheckOptions::default(), None)
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect();
    assert_eq!(codes.len(), 3, "{codes:#?}");
    assert!(codes
        .iter()
        .any(|(c, m)| *c == ErrorCode::CfSettingIneffective && m.contains("ipv6_only")));
    assert!(codes
        .iter()
        .any(|(c, m)| *c == ErrorCode::CfSettingIneffective && m.contains("private_routing")));
    assert!(codes.iter().any(|(c, _)| *c == ErrorCode::CfPlanFeature));
    let pro = CloudflareOptions {
        plan: Plan::Pro,
        ..cf
    };
    let on_pro = check(&records, &zone(), &pro, &CheckOptions::default(), None);
    assert_eq!(on_pro.len(), 2, "{on_pro:#?}");
}

#[test]
fn record_quota_counts_what_would_be_sent() {
    let mut text = CLEAN.to_string();
    // CLEAN sends 12 records (not the SOA); 188 more reach the Free quota exactly.
    for i in 0..188 {
        text.push_str(&format!("h{i} 1 IN A 192.0.2.{}\n", i % 250));
    }
    assert_eq!(run(&text, Plan::Free), vec![]);
    text.push_str("over 1 IN A 192.0.2.1\n");
    let all = run(&text, Plan::Free);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].code, ErrorCode::CfRecordQuota);
    assert_eq!(all[0].location.line, text.lines().count() as u32);
    assert!(all[0].message.contains("201 records") && all[0].message.contains("81045"));
    assert_eq!(run(&text, Plan::Pro), vec![]);
    let old = CloudflareOptions {
        plan: Plan::Free,
        free_zone_before_2024_09: true,
    };
    let zr = records(&text);
    assert!(check(&zr, &zone(), &old, &CheckOptions::default(), None).is_empty());
}

#[test]
fn record_level_rules() {
    let long_txt = format!(
        "big 1 IN TXT {}\n",
        vec!["\"".to_string() + &"y".repeat(255) + "\""; 17].join(" ")
    );
    let text = with(&format!(
        "self 1 IN CNAME self\n\
         @ 86400 IN NS ada.ns.cloudflare.com.\n\
         nons 1 IN DS 1 13 2 B5BB9D8014A0F9B1D61E21E796D78DCCDF1352F23CD32812F4850B878AE4944C\n\
         u 1 IN TXT \"caf\\233\"\n\
         r 1 IN RP mbox.example.com. txt.example.com.\n\
         {long_txt}"
    ));
    let n = extra_line();
    assert_eq!(
        found(&text, Plan::Free),
        [
            (ErrorCode::CfCnameSelf, n),
            (ErrorCode::CfManaged, n + 1),
            (ErrorCode::CfDsPlacement, n + 2),
            (ErrorCode::CfTxtNotAscii, n + 3),
            (ErrorCode::CfUnsupportedType, n + 4),
            (ErrorCode::CfContentTooLong, n + 5),
        ]
    );
}

#[test]
fn combined_content_of_one_rrset() {
    let mut text = CLEAN.to_string();
    let line = format!(
        "many 1 IN TXT {}\n",
        vec!["\"".to_string() + &"z".repeat(255) + "\""; 8].join(" ")
    );
    for _ in 0..4 {
        // Each record differs in one byte so none is a duplicate.
        text.push_str(&line.replacen('z', "q", text.len() % 7 + 1));
    }
    let all = run(&text, Plan::Free);
    assert_eq!(
        all.iter().map(|d| d.code).collect::<Vec<_>>(),
        [ErrorCode::CfCombinedTooLong],
        "{all:#?}"
    );
    assert_eq!(all[0].location.line, text.lines().count() as u32);
}

#[test]
fn levels_can_be_changed() {
    let text = with("a 30 IN A 192.0.2.9\n");
    let mut options = CheckOptions::default();
    options.set(ErrorCode::CfTtl, Level::Warn);
    let found = check(
        &records(&text),
        &zone(),
        &CloudflareOptions::default(),
        &options,
        None,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    options.set(ErrorCode::CfTtl, Level::Allow);
    assert!(check(
        &records(&text),
        &zone(),
        &CloudflareOptions::default(),
        &options,
        None
    )
    .is_empty());
    assert_eq!(cloudflare_error(ErrorCode::CfNsConflict), Some(81056));
    assert_eq!(cloudflare_error(ErrorCode::CfManaged), None);
}
