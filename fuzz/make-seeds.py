#!/usr/bin/env python3
"""Rebuilds fuzz/seeds/ from testdata/ (run from the repository root; needs dnspython for the
wire seeds). Deterministic: the same testdata gives the same seeds.

read/       every zone file of testdata, cut to its first 4 KiB (bad ones too: error paths)
roundtrip/  the files BIND accepts (not named bad-*), cut to 4 KiB
wire/       two bytes of type code + the rdata in wire form, one per distinct (type, rdata)
            taken from the zone files dnspython can read
fmt/        the zone files of 2 KiB or less, whole
cf_tags/    the trailing comments of testdata/cloudflare-exports, and the grammar's corner cases
cloudflare_json/  API records of every type the API takes, in request and response form
plan/       flag byte + base + NUL + target: the Cloudflare exports and the API list of testdata
            moved into the zone `example.`, planned against themselves, against nothing, against
            every other line of themselves and against each other, with and without prune
"""
import json
import hashlib
import os
import sys

ROOT = "testdata"
OUT = "fuzz/seeds"
CUT = 4096
# Text seeds for the other targets are the same files; each target gets its own copy so that
# `cargo fuzz run TARGET fuzz/seeds/TARGET` works alone.


def zone_files():
    for dirpath, _dirs, files in sorted(os.walk(ROOT)):
        for name in sorted(files):
            if name in ("SOURCES.md", "ORIGINS", "EXPECTED.tsv") or name.endswith(".md"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                data = f.read()
            yield path, data


def put(target, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(OUT, target, digest), "wb") as f:
        f.write(data)


def main():
    wanted = set(sys.argv[1:]) or {"read", "roundtrip", "wire", "fmt", "cf_tags",
                                    "cloudflare_json", "plan"}
    files = list(zone_files())
    for path, data in files:
        head = data[:CUT]
        if "read" in wanted:
            put("read", b"\x01" + head)  # the read target's first byte selects a check
        if "roundtrip" in wanted and not os.path.basename(path).startswith("bad-"):
            put("roundtrip", head)
        if "fmt" in wanted and len(data) <= 2048:
            put("fmt", data)
    if "cf_tags" in wanted:
        comments = set()
        for path, data in files:
            if "cloudflare-exports" not in path:
                continue
            for line in data.decode("utf-8", "replace").splitlines():
                if ";" in line and not line.startswith(";"):
                    comments.add(line.split(";", 1)[1])
        comments |= {
            "cf_tags=cf-proxied:true",
            "public api cf_tags=team:dns,cf-proxied:false",
            "cf_tags=cf-flatten-cname,cf-proxied:false",
            'cf_tags=a,b:,c:"",d:"x,y=\\"z\\"\\\\",e: spaced value ',
            "see cf_tags=x here cf_tags=",
            "cf_tags=abc cf_tags=k:v,cf-proxied:true",
            'cf_tags=a:"open',
            "cf_tags=,a",
            "just a comment",
        }
        for c in sorted(comments):
            put("cf_tags", c.encode())
    if "cloudflare_json" in wanted:
        for record in api_records():
            put("cloudflare_json", json.dumps(record, separators=(",", ":")).encode())
    if "plan" in wanted:
        plan_seeds(files)
    if "wire" in wanted:
        import dns.zone
        import dns.rdatatype

        seen = set()
        for path, data in files:
            try:
                zone = dns.zone.from_text(data, origin="example.", relativize=False,
                                          check_origin=False)
            except Exception:
                continue
            for _name, rdataset in zone.iterate_rdatasets():
                for rdata in rdataset:
                    try:
                        wire = rdata.to_digestable()
                    except Exception:
                        continue
                    key = (rdataset.rdtype, wire)
                    if key in seen or len(wire) > 2048:
                        continue
                    seen.add(key)
                    put("wire", int(rdataset.rdtype).to_bytes(2, "big") + wire)


def plan_seeds(files):
    """Base and target pairs for the plan target, moved into the fuzz target's zone `example.`
    (records outside the planned zone only make the plan refuse)."""
    zones = []
    for path, data in files:
        if "cloudflare-exports" in path:
            domain = data.split(b"Domain:", 1)[1].split()[0] if b"Domain:" in data else b""
            if domain:
                # Drop the header comments: the records and their cf_tags are what matters.
                lines = [l for l in data.splitlines() if l and not l.startswith(b";;")]
                domain = domain.rstrip(b".")
                text = b"\n".join(lines).replace(domain + b".", b"example.")
                text = text.replace(domain, b"example")
                zones.append(text[:2048].rsplit(b"\n", 1)[0] + b"\n" if len(text) > 2048 else text)
        if "cloudflare-api" in path and path.endswith(".json"):
            api = data.replace(b"example.com", b"example")
    put_plan = lambda flags, base, target: put("plan", bytes([flags]) + base + b"\0" + target)
    for text in zones:
        lines = text.splitlines()
        even = b"\n".join(lines[0::2]) + b"\n"
        odd = b"\n".join(lines[1::2]) + b"\n"
        for flags in (0, 4):
            put_plan(flags, text, text)
            put_plan(flags, b"", text)
            put_plan(flags, even, odd)
        put_plan(4, text, b"")
    for flags in (0, 4):
        put_plan(flags, zones[0], zones[-1])
        put_plan(flags | 1, api, zones[-1])  # JSON base, zone target
        put_plan(flags | 3, api, api)
    put_plan(6, zones[-1], api)


def api_records():
    """One record per type the API takes, as requests and as responses echo them."""
    base = {"name": "www.example.com", "ttl": 300}
    content = [
        ("A", "192.0.2.1", {"proxied": True, "comment": "web", "tags": ["team:dns", "x"]}),
        ("AAAA", "2001:db8::1", {"proxied": False, "settings": {"ipv6_only": True}}),
        ("CNAME", "target.example.net", {"proxied": True, "settings": {"flatten_cname": True}}),
        ("MX", "mx.example.com", {"priority": 10}),
        ("NS", "ns1.example.net", {}),
        ("PTR", "host.example.com", {}),
        ("TXT", '"v=spf1 -all" "second"', {}),
        ("TXT", "unquoted legacy text", {}),
        ("OPENPGPKEY", "mQENBFVHm5sBCADJ", {}),
    ]
    for rtype, value, extra in content:
        yield {**base, "type": rtype, "content": value, **extra}
    data = [
        ("CAA", {"flags": 0, "tag": "issue", "value": "letsencrypt.org"}, {}),
        ("CERT", {"type": 1, "key_tag": 12345, "algorithm": 8, "certificate": "AAAA"}, {}),
        ("DNSKEY", {"flags": 257, "protocol": 3, "algorithm": 13, "public_key": "AwEAAag="}, {}),
        ("DS", {"key_tag": 2371, "algorithm": 13, "digest_type": 2,
                "digest": "1F987CC6583E92DF0890718C42A2C8A7FFE7FD2E6A2FA2A3D5B3F5C0A1B2C3D4"}, {}),
        ("HTTPS", {"priority": 1, "target": ".", "value": 'alpn="h3,h2" ipv4hint=192.0.2.1'}, {}),
        ("SVCB", {"priority": 0, "target": "svc.example.com.", "value": ""}, {}),
        ("LOC", {"lat_degrees": 52, "lat_minutes": 22, "lat_seconds": 23.0, "lat_direction": "N",
                 "long_degrees": 4, "long_minutes": 53, "long_seconds": 32.0,
                 "long_direction": "E", "altitude": -2.0, "size": 1, "precision_horz": 10000,
                 "precision_vert": 10}, {}),
        ("NAPTR", {"order": 100, "preference": 10, "flags": "S", "service": "SIP+D2U",
                   "regex": "", "replacement": "_sip._udp.example.com."}, {}),
        ("SMIMEA", {"usage": 3, "selector": 1, "matching_type": 1,
                    "certificate": "0123456789abcdef"}, {}),
        ("TLSA", {"usage": 3, "selector": 1, "matching_type": 1,
                  "certificate": "0123456789abcdef"}, {}),
        ("SRV", {"priority": 10, "weight": 5, "port": 5060, "target": "sip.example.com"},
         {"name": "_sip._udp.example.com"}),
        ("SSHFP", {"algorithm": 4, "type": 2,
                   "fingerprint": "123456789abcdef67890123456789abcdef67890123456789abcdef123456789"},
         {}),
        ("URI", {"weight": 1, "target": "ftp://ftp.example.com/public"}, {"priority": 10}),
    ]
    for rtype, fields, extra in data:
        yield {**base, "type": rtype, "data": fields, **extra}
    # A response: id, read-only fields, content echo, timestamps, unknown keys.
    yield {"id": "372e67954025e0ba6aaa6d586b9e0b59", "type": "CAA", "name": "example.com",
           "content": "0 issue \"letsencrypt.org\"",
           "data": {"flags": 0, "tag": "issue", "value": "letsencrypt.org"}, "ttl": 1,
           "proxiable": False, "proxied": False, "created_on": "2014-01-01T05:20:00.12345Z",
           "modified_on": "2014-01-01T05:20:00.12345Z", "meta": {"auto_added": False},
           "comment_modified_on": "2024-01-01T05:20:00.12345Z", "future_field": [1, 2]}
    yield {**base, "type": "SPF", "content": "v=spf1 -all"}
    yield {**base, "name": "@", "type": "A", "content": "192.0.2.1"}
    yield {**base, "name": "xn--bcher-kva.example.com", "type": "A", "content": "192.0.2.1"}


main()
