#!/usr/bin/env bash
# The whole-process figures of BENCHMARKS.md's goals table, on a quiet machine: every command
# beside `domain` (peer-parse) and kzonecheck, interleaved, then the peaks and the small files.
#
#   cargo build --release --example genzone
#   cargo build --release -p zonefmt-bench --bin peer-parse
#   Z=/tmp/zones; mkdir -p $Z
#   target/release/examples/genzone tld 200000 > $Z/tld-200000.zone
#   target/release/examples/genzone tld 2000000 > $Z/tld-2m.zone
#   target/release/examples/genzone customer 100000 > $Z/customer-100000.zone
#   ZONES=$Z benches/quiet-figures.sh target/release/zonefmt target/release/peer-parse
#
# Needs python3, hyperfine and kzonecheck (Debian: hyperfine, knot-dnsutils / knot).
set -u
B=$1
P=$2
Z=${ZONES:-/work/zones}
cd "$(dirname "$0")/.."
echo "== 27 MB"
python3 benches/interleave.py "$Z/tld-200000.zone" 7 "stats|$B stats --origin tld." \
    "reader|$P zonefmt tld." "domain|$P domain tld." "check|$B check --origin tld." \
    "kzonecheck|kzonecheck -o tld." "fmt|$B fmt --origin tld." "to-json|$B to-json --origin tld." \
    "expand|$B expand --origin tld."
echo "== 281 MB"
python3 benches/interleave.py "$Z/tld-2m.zone" 3 "stats|$B stats --origin tld." \
    "domain|$P domain tld." "check|$B check --origin tld." "kzonecheck|kzonecheck -o tld." \
    "fmt|$B fmt --origin tld." "to-json|$B to-json --origin tld."
echo "== peaks 281 MB"
for c in stats check fmt to-json expand; do
    /usr/bin/time -f "$c %e s wall %U user %S sys %M KB" "$B" $c --origin tld. "$Z/tld-2m.zone" \
        >/dev/null 2>/tmp/peak-$c.err
    tail -1 /tmp/peak-$c.err
done
echo "== root, customer"
hyperfine -N -w 3 -r 20 "$B stats --origin . testdata/root-zone-2018/root.zone" \
    "$P domain . testdata/root-zone-2018/root.zone" \
    "$B stats --origin example.com. $Z/customer-100000.zone" \
    "$B fmt --origin example.com. $Z/customer-100000.zone" 2>&1 | grep -E "Benchmark|Time"
