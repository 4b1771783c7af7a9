#!/usr/bin/env python3
"""Writes the hostile zone files measured in BENCHMARKS.md ("Hostile input") into DIR.

    python3 benches/hostile.py DIR
    for f in DIR/*.zone; do /usr/bin/time -f "%e s %M KB" zonefmt check --origin example. $f >/dev/null 2>&1; done
"""
import os
import sys

HEAD = "$ORIGIN example.\n$TTL 300\n@ SOA ns hm 1 7200 3600 1209600 300\n@ NS ns\nns A 192.0.2.1\n"


def ip(i):
    return f"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}"


def files():
    n = 200_000
    yield "dup", "www A 192.0.2.1\n" * n
    yield "cnameother", "www CNAME x\n" + "".join(f"www A {ip(i)}\n" for i in range(n))
    yield "ttlmis", "".join(f"www {i + 1} A {ip(i)}\n" for i in range(n))
    yield "manycname", "".join(f"www CNAME t{i}\n" for i in range(n))
    suffix = ".".join("l%02d" % i for i in range(55))
    yield "suffix", "".join(f"n{i}.{suffix} A 192.0.2.1\n" for i in range(100_000))
    labels = ".".join(["a"] * 122)
    yield "deep", "".join(f"{chr(97 + i)}.{labels} A 192.0.2.1\n" for i in range(26)) + "".join(
        f"x{i} CNAME b.{labels}\n" for i in range(50_000))
    yield "chain", "".join(f"c{i} CNAME c{i + 1}\n" for i in range(100_000)) + "c100000 A 192.0.2.1\n"
    yield "loop", "".join(f"c{i} CNAME c{(i + 1) % 100_000}\n" for i in range(100_000))
    yield "loops2", "".join(f"a{i} CNAME b{i}\nb{i} CNAME a{i}\n" for i in range(50_000))
    yield "dname", "".join(f"d{i} DNAME d{i + 1}.example.\n" for i in range(50_000)) + "".join(
        f"x.d{i} A 192.0.2.1\n" for i in range(50_000))
    yield "nstargets", "".join(f"sub NS ns{i}.sub\n" for i in range(100_000))
    yield "glue", "".join(f"sub NS ns{i}.sub\nns{i}.sub A 192.0.2.1\n" for i in range(100_000))
    yield "mx", "".join(f"m{i} MX 10 missing\n" for i in range(n))
    yield "gen1", "$GENERATE 0-65535 g-$ A 192.0.2.1\n" * 30
    yield "comments", "; comment line here\n" * 300_000 + "( )\n" * 100_000
    yield "errs", "www A 1.2.3.x\n" * n
    keys = [f"key{k}" for k in range(10, 6010)]
    yield "svcbw", "".join(
        f"s{j} SVCB 1 . mandatory={','.join(keys)} {' '.join(keys)}\n" for j in range(20))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, body in files():
        with open(os.path.join(out, name + ".zone"), "w") as f:
            f.write(HEAD)
            f.write(body)


if __name__ == "__main__":
    main()
