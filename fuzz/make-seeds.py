#!/usr/bin/env python3
"""Rebuilds fuzz/seeds/ from testdata/ (run from the repository root; needs dnspython for the
wire seeds). Deterministic: the same testdata gives the same seeds.

read/       every zone file of testdata, cut to its first 4 KiB (bad ones too: error paths)
roundtrip/  the files BIND accepts (not named bad-*), cut to 4 KiB
wire/       two bytes of type code + the rdata in wire form, one per distinct (type, rdata)
            taken from the zone files dnspython can read
"""
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
    wanted = set(sys.argv[1:]) or {"read", "roundtrip", "wire"}
    files = list(zone_files())
    for path, data in files:
        head = data[:CUT]
        if "read" in wanted:
            put("read", b"\x01" + head)  # the read target's first byte selects a check
        if "roundtrip" in wanted and not os.path.basename(path).startswith("bad-"):
            put("roundtrip", head)
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


main()
