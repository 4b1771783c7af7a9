#!/usr/bin/env bash
# `zonefmt check` beside kzonecheck and named-checkzone on one zone file: wall time, CPU time
# (user + system) and peak RSS, medians of ROUNDS interleaved rounds, each command nice'd.
#
#   benches/check-peers.sh FILE ORIGIN [ROUNDS]        # e.g. tld-2m.zone tld. 3
#
# On a loaded machine the CPU-time rate (MB per CPU second) is the steadier figure; wall time
# depends on what else runs. Tools that are not installed are skipped. Needs GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1
origin=$2
rounds=${3:-3}
cargo build --release --quiet --bin zonefmt
tools=("zonefmt check=target/release/zonefmt check --origin $origin")
command -v kzonecheck >/dev/null && tools+=("kzonecheck=kzonecheck -o $origin")
command -v named-checkzone >/dev/null && tools+=("named-checkzone -i local=named-checkzone -i local $origin")
size=$(stat -c %s "$file")
raw=$(mktemp)
for round in $(seq 1 "$rounds"); do
  for tool in "${tools[@]}"; do
    label=${tool%%=*}
    read -r -a cmd <<<"${tool#*=}"
    /usr/bin/time -f "%e %U %S %M %x" -o "$raw.t" nice "${cmd[@]}" "$file" >/dev/null 2>&1 || true
    echo "$label|$round|$(cat "$raw.t")" >>"$raw"
  done
done
echo "| tool | wall s | MB/s | CPU s | MB per CPU s | peak RSS | exit |"
echo "|---|---:|---:|---:|---:|---:|---:|"
awk -F'|' -v size="$size" '
function med(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
{ split($3, f, " "); if (!($1 in w)) order[++n] = $1; w[$1] = w[$1] " " f[1]; c[$1] = c[$1] " " (f[2] + f[3]); if (f[4] > m[$1]) m[$1] = f[4]; x[$1] = f[5] }
END { for (i = 1; i <= n; i++) { k = order[i]; printf "| %s | %.1f | %.1f | %.1f | %.1f | %.0f MB | %s |\n", k, med(w[k]), size / 1e6 / med(w[k]), med(c[k]), size / 1e6 / med(c[k]), m[k] / 1024, x[k] } }' "$raw"
rm -f "$raw" "$raw.t"
