//! Names: host names where a host is meant (named-checkzone's check-names), wildcards used as
//! RFC 4592 allows, NSEC3 owners that are hashes.

use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};

use super::stream::{first_placed, Zone};
use super::{Findings, Focus};

/// True for a letter-digit-hyphen label that starts and ends with a letter or digit
/// (RFC 952 as relaxed by RFC 1123 §2.1).
fn is_host_label(label: &[u8]) -> bool {
    let edge = |c: Option<&u8>| c.is_some_and(u8::is_ascii_alphanumeric);
    edge(label.first())
        && edge(label.last())
        && label
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

/// True when every label of `labels` is a host label.
fn all_host_labels<'a>(mut labels: impl Iterator<Item = &'a [u8]>) -> bool {
    labels.all(is_host_label)
}

/// What each octet may be in a host label: 0 nothing, 1 a letter or digit, 2 a hyphen.
/// A table: the test runs on every NS target and address owner of the zone. (Built at compile
/// time, where `get_mut` cannot be called; `c` stays below 256.)
#[allow(clippy::indexing_slicing)]
static HOST_OCTET: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut c = 0usize;
    while c < 256 {
        let b = c as u8;
        table[c] = if b.is_ascii_alphanumeric() {
            1
        } else if b == b'-' {
            2
        } else {
            0
        };
        c += 1;
    }
    table
};

/// What an octet may be in a host label: 0 nothing, 1 a letter or digit, 2 a hyphen.
fn host_octet(c: u8) -> u8 {
    HOST_OCTET.get(usize::from(c)).copied().unwrap_or(0)
}

/// True when `name` is a host name; with `wildcard`, a leftmost `*` is allowed too. (The
/// same test as [`is_host_label`] on every label, in one pass over the wire form.)
pub(super) fn is_host_name(name: &Name, wildcard: bool) -> bool {
    let wire = name.as_wire();
    let mut pos = if wildcard && name.is_wildcard() { 2 } else { 0 };
    while let Some(&len) = wire.get(pos) {
        if len == 0 {
            return true;
        }
        let end = pos + 1 + usize::from(len);
        let Some(label) = wire.get(pos + 1..end) else {
            return false;
        };
        let edge = |c: Option<&u8>| c.is_some_and(|&c| host_octet(c) == 1);
        if !edge(label.first()) || !edge(label.last()) || label.iter().any(|&c| host_octet(c) == 0)
        {
            return false;
        }
        pos = end;
    }
    true
}

/// True when an A or AAAA owner is acceptable: a host name (or wildcard), or one of the
/// underscore names BIND accepts there — Active Directory's `gc._msdcs.<forest>` and SPF's
/// `exists:` targets under `_spf`, `_spf_verify` or `_spf_rate` (RFC 7208 §5.7, appendix D).
fn is_address_owner(name: &Name) -> bool {
    if is_host_name(name, true) {
        return true;
    }
    let labels: Vec<&[u8]> = name.labels().collect();
    if let [first, second, rest @ ..] = labels.as_slice() {
        if first.eq_ignore_ascii_case(b"gc")
            && second.eq_ignore_ascii_case(b"_msdcs")
            && all_host_labels(rest.iter().copied())
        {
            return true;
        }
    }
    labels
        .iter()
        .position(|l| {
            [&b"_spf"[..], b"_spf_verify", b"_spf_rate"]
                .iter()
                .any(|s| l.eq_ignore_ascii_case(s))
        })
        .is_some_and(|i| all_host_labels(labels.iter().skip(i + 1).copied()))
}

/// True when `name` is under a reverse-mapping tree, where PTR targets are host names.
fn is_reverse(name: &Name) -> bool {
    let labels: Vec<&[u8]> = name.labels().collect();
    let tail = |suffix: &[&[u8]]| {
        labels
            .len()
            .checked_sub(suffix.len())
            .and_then(|from| labels.get(from..))
            .is_some_and(|end| {
                end.iter()
                    .zip(suffix)
                    .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
    };
    tail(&[b"in-addr", b"arpa"]) || tail(&[b"ip6", b"arpa"]) || tail(&[b"ip6", b"int"])
}

/// True for the DNS-SD browsing names of RFC 6763 §11 (`b._dns-sd._udp` and its siblings),
/// whose PTR targets are domains, not hosts.
fn is_dns_sd_browse(name: &Name) -> bool {
    let labels: Vec<&[u8]> = name.labels().take(3).collect();
    match labels.as_slice() {
        [kind, sd, udp] => {
            [&b"b"[..], b"db", b"r", b"dr", b"lb"]
                .iter()
                .any(|k| kind.eq_ignore_ascii_case(k))
                && sd.eq_ignore_ascii_case(b"_dns-sd")
                && udp.eq_ignore_ascii_case(b"_udp")
        }
        _ => false,
    }
}

/// The name in `record` that must be a host name, with what it is.
fn host_field(record: &Record) -> Option<(&Name, &'static str)> {
    match &record.data {
        RecordData::Ns(ns) => Some((&ns.target, "NS target")),
        RecordData::Mx(mx) => Some((&mx.exchange, "MX exchange")),
        RecordData::Srv(srv) => Some((&srv.target, "SRV target")),
        RecordData::Afsdb(a) => Some((&a.hostname, "AFSDB host")),
        RecordData::Rt(rt) => Some((&rt.intermediate_host, "RT host")),
        RecordData::Kx(kx) => Some((&kx.exchanger, "KX exchanger")),
        RecordData::Soa(soa) => Some((&soa.mname, "SOA primary server")),
        RecordData::Svcb(svcb) => Some((&svcb.target, "SVCB target")),
        RecordData::Https(svcb) => Some((&svcb.target, "HTTPS target")),
        RecordData::Ptr(ptr) if is_reverse(&record.owner) && !is_dns_sd_browse(&record.owner) => {
            Some((&ptr.target, "PTR target"))
        }
        _ => None,
    }
}

/// ZF2080: names that must be host names and are not.
pub(super) fn bad_host_name(_origin: &Name, record: &Record, out: &mut Findings<'_>) {
    if matches!(record.rtype(), RecordType::A | RecordType::AAAA)
        && !is_address_owner(&record.owner)
    {
        out.report(
                record,
                Focus::Owner,
                format!(
                    "{} owns an {} record but is not a valid host name",
                    record.owner,
                    record.rtype()
                ),
            )
            .help = Some("host names use letters, digits and inner hyphens only (RFC 952, RFC 1123 §2.1); underscores belong to service names (SRV, TXT)".into());
    }
    if let RecordData::Soa(soa) = &record.data {
        if !all_host_labels(soa.rname.labels().skip(1)) {
            out.report(
                record,
                Focus::Name(&soa.rname),
                format!("the SOA mailbox {} is not a valid mail domain", soa.rname),
            )
            .help = Some(
                "the mailbox's first label is the local part; the rest must be a host name".into(),
            );
        }
    }
    if let Some((name, what)) = host_field(record) {
        if is_host_name(name, false) {
            return;
        }
        out.report(
            record,
            Focus::Name(name),
            format!("the {what} {name} is not a valid host name"),
        )
        .help = Some(
            "host names use letters, digits and inner hyphens only (RFC 952, RFC 1123 §2.1)".into(),
        );
    }
}

/// ZF2060: NS records at a wildcard.
pub(super) fn wildcard_ns(_origin: &Name, ns: &Record, out: &mut Findings<'_>) {
    if ns.rtype() != RecordType::NS || !ns.owner.is_wildcard() {
        return;
    }
    out.report(ns, Focus::Owner, format!("NS record at the wildcard {}", ns.owner))
        .help = Some("a wildcard cannot delegate (RFC 4592 §4.2); BIND refuses the zone; list the delegated names one by one".into());
}

/// ZF2061: a DNAME at a wildcard.
pub(super) fn wildcard_dname(_origin: &Name, dname: &Record, out: &mut Findings<'_>) {
    if dname.rtype() != RecordType::DNAME || !dname.owner.is_wildcard() {
        return;
    }
    out.report(
        dname,
        Focus::Owner,
        format!("DNAME record at the wildcard {}", dname.owner),
    )
    .help = Some(
        "RFC 4592 §4.4 discourages wildcard DNAMEs: resolvers and servers disagree on what they do"
            .into(),
    );
}

/// True when a label after the first of the wire name is `*`.
fn star_inside(wire: &[u8]) -> bool {
    let mut pos = 1 + usize::from(wire.first().copied().unwrap_or_default());
    while let Some(&len) = wire.get(pos) {
        if len == 0 {
            break;
        }
        let end = pos + 1 + usize::from(len);
        if wire.get(pos + 1..end) == Some(&b"*"[..]) {
            return true;
        }
        pos = end;
    }
    false
}

/// ZF2062: a `*` label that is not the leftmost.
pub(super) fn non_terminal_wildcard(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    if !sk.may_have_star() {
        return;
    }
    for id in zone.owners() {
        if !sk.wire_has_octet(id, b'*') {
            continue;
        }
        let wire = sk.wire(id);
        let wire: &[u8] = &wire;
        if !star_inside(wire) {
            continue;
        }
        let Some(owner) = zone.records_of(id) else {
            continue;
        };
        let Some(first) = first_placed(owner.records()) else {
            continue;
        };
        out.report(
            first,
            Focus::Owner,
            format!("{} has a `*` label that is not the leftmost label", owner.name()),
        )
        .help = Some("only a leftmost `*` is a wildcard (RFC 4592 §2.1.1); elsewhere it is a literal asterisk that matches nothing else".into());
    }
}

/// True when `label` is unpadded base32hex (RFC 4648 §7) of a plausible hash length.
fn is_base32hex(label: &[u8]) -> bool {
    !label.is_empty()
        && matches!(label.len() % 8, 0 | 2 | 4 | 5 | 7)
        && label
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c.to_ascii_lowercase(), b'a'..=b'v'))
}

/// ZF2081: an NSEC3 owner whose first label is not a base32hex hash.
pub(super) fn bad_nsec3_owner(_origin: &Name, record: &Record, out: &mut Findings<'_>) {
    if record.rtype() != RecordType::NSEC3 || record.owner.labels().next().is_some_and(is_base32hex)
    {
        return;
    }
    out.report(
        record,
        Focus::Owner,
        format!("the NSEC3 owner {} does not start with a base32hex hash", record.owner),
    )
    .help = Some("an NSEC3 owner is the unpadded base32hex hash of a name, then the zone (RFC 5155 §3); BIND refuses the zone".into());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode::*;
    use crate::validate::testing::*;

    fn name(s: &str) -> Name {
        Name::from_ascii(s).unwrap()
    }

    #[test]
    fn host_names() {
        for good in [
            "a.example.",
            "xn--bcher-kva.example.",
            "1.2.example.",
            "a-b.example.",
            ".",
        ] {
            assert!(is_host_name(&name(good), false), "{good}");
        }
        for bad in [
            "-a.example.",
            "a-.example.",
            "a_b.example.",
            "*.example.",
            "a b.example.",
        ] {
            let n = Name::parse(bad.as_bytes(), None).unwrap();
            assert!(!is_host_name(&n, false), "{bad}");
        }
        assert!(is_host_name(&name("*.example."), true));
        assert!(!is_host_name(&name("a.*.example."), true));
        assert!(is_address_owner(&name("gc._msdcs.example.")));
        assert!(is_address_owner(&name("a._spf_rate.example.")));
        assert!(!is_address_owner(&name("x._tcp.example.")));
        assert!(is_dns_sd_browse(&name(
            "lb._dns-sd._udp.0.0.0.0.in-addr.arpa."
        )));
        assert!(!is_dns_sd_browse(&name(
            "lb._dns-sd._tcp.0.0.0.0.in-addr.arpa."
        )));
        assert!(is_base32hex(b"cpnmu"));
        assert!(!is_base32hex(b"cpnmu==="));
        assert!(!is_base32hex(b"abc"));
        assert!(!is_base32hex(b"wxyz1234"));
    }

    #[test]
    fn underscores_are_fine_outside_host_names() {
        let text =
            zone("_dmarc TXT \"v=DMARC1\"\n_sip._tcp SRV 0 0 5060 ns1\ngc._msdcs A 192.0.2.3\n");
        assert_eq!(codes(&text), vec![]);
    }

    #[test]
    fn bad_host_names() {
        let text = zone("foo_bar A 192.0.2.1\n@ MX 10 mail_x.example.net.\n_s._tcp SRV 0 0 1 b_d.example.net.\ns SVCB 1 _u.example.net.\n");
        let found = findings(&text, BadHostName);
        let got: Vec<_> = found
            .iter()
            .map(|d| (d.location.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    6,
                    "foo_bar.example. owns an A record but is not a valid host name"
                ),
                (
                    7,
                    "the MX exchange mail_x.example.net. is not a valid host name"
                ),
                (
                    8,
                    "the SRV target b_d.example.net. is not a valid host name"
                ),
                (
                    9,
                    "the SVCB target _u.example.net. is not a valid host name"
                ),
            ]
        );
        assert_eq!((found[1].location.column, found[1].location.len), (9, 19));
        assert_eq!(found[0].severity, crate::Severity::Warning);
    }

    #[test]
    fn wildcards() {
        let text = zone("* NS ns1\n*.d DNAME example.net.\na.*.w TXT \"x\"\n*.ok A 192.0.2.1\n");
        let got: Vec<_> = run(&text)
            .into_iter()
            .map(|d| (d.code, d.location.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (WildcardNs, 6),
                (WildcardDname, 7),
                (NonTerminalWildcard, 8)
            ]
        );
    }

    #[test]
    fn nsec3_owner() {
        let good = zone(
            "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NSEC3 1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr A\n",
        );
        assert!(findings(&good, BadNsec3Owner).is_empty());
        let bad = zone("abc NSEC3 1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr A\n");
        let found = findings(&bad, BadNsec3Owner);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::Severity::Error);
    }
}
