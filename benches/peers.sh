#!/usr/bin/env bash
# Whole-process throughput and peak memory of zonefmt beside other zone-file tools, on the same
# generated files, in one run. Prints a Markdown table (BENCHMARKS.md has the figures).
#
#   benches/peers.sh [TLD_DELEGATIONS [CUSTOMER_NAMES [ROUNDS]]]     # defaults 200000 100000 3
#
# Each command runs ROUNDS times, interleaved with the others; the table gives the median wall
# time and the largest peak RSS (GNU time's %M). Tools that are not installed are skipped.
# Needs: cargo, GNU time (/usr/bin/time). Optional: kzonecheck, named-checkzone, nsd-checkzone,
# ldns-read-zone. Generated files go to ${ZONEFMT_BENCH_DIR:-target/bench-zones}.
set -euo pipefail
cd "$(dirname "$0")/.."

tld_count=${1:-200000}
customer_count=${2:-100000}
rounds=${3:-3}
dir=${ZONEFMT_BENCH_DIR:-target/bench-zones}
mkdir -p "$dir"

cargo build --release --quiet --bin zonefmt --example genzone
cargo build --release --quiet -p zonefmt-bench --bin peer-parse
zonefmt=target/release/zonefmt
genzone=target/release/examples/genzone
peer=target/release/peer-parse

tld="$dir/tld-$tld_count.zone"
customer="$dir/customer-$customer_count.zone"
[ -s "$tld" ] || "$genzone" tld "$tld_count" > "$tld"
[ -s "$customer" ] || "$genzone" customer "$customer_count" > "$customer"

# name|command with FILE and ORIGIN placeholders
commands=(
  "zonefmt stats|$zonefmt stats --origin ORIGIN FILE"
  "zonefmt expand|$zonefmt expand --origin ORIGIN FILE"
  "zonefmt check|$zonefmt check --origin ORIGIN FILE"
  "zonefmt (peer-parse)|$peer zonefmt ORIGIN FILE"
  "domain 0.12 (peer-parse)|$peer domain ORIGIN FILE"
  "hickory-proto 0.26 (peer-parse)|$peer hickory ORIGIN FILE"
)
command -v kzonecheck >/dev/null && commands+=("kzonecheck|kzonecheck -o ORIGIN FILE")
command -v named-checkzone >/dev/null && commands+=("named-checkzone -i local|named-checkzone -q -i local ORIGIN FILE")
command -v nsd-checkzone >/dev/null && commands+=("nsd-checkzone|nsd-checkzone ORIGIN FILE")
command -v ldns-read-zone >/dev/null && commands+=("ldns-read-zone|ldns-read-zone -q FILE")

# Runs one command; prints "seconds kilobytes status".
measure() {
  local out status
  out=$(mktemp)
  set +e
  /usr/bin/time -f "%e %M" -o "$out" bash -c "$1" >/dev/null 2>&1
  status=$?
  set -e
  echo "$(cat "$out" | tail -1) $status"
  rm -f "$out"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -sr)"
echo
echo "| file | tool | MB/s | records/s | peak RSS | exit |"
echo "|---|---|---:|---:|---:|---:|"
for spec in "tld.|$tld" "example.com.|$customer"; do
  origin=${spec%%|*}
  file=${spec#*|}
  bytes=$(stat -c %s "$file")
  records=$("$zonefmt" stats --origin "$origin" "$file" | awk '$1 == "records" { print $2 }')
  declare -A times=() rss=() status=()
  for ((round = 0; round < rounds; round++)); do
    for entry in "${commands[@]}"; do
      name=${entry%%|*}
      cmd=${entry#*|}
      cmd=${cmd//ORIGIN/$origin}
      cmd=${cmd//FILE/$file}
      read -r secs kb code < <(measure "$cmd")
      times[$name]+="$secs "
      if [ "${rss[$name]:-0}" -lt "$kb" ]; then rss[$name]=$kb; fi
      status[$name]=$code
    done
  done
  for entry in "${commands[@]}"; do
    name=${entry%%|*}
    median=$(tr ' ' '\n' <<< "${times[$name]}" | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    awk -v f="$(basename "$file") ($((bytes / 1000000)) MB)" -v n="$name" -v b="$bytes" -v r="$records" \
        -v s="$median" -v k="${rss[$name]}" -v c="${status[$name]}" 'BEGIN {
      if (s <= 0) s = 0.001
      if (c != 0 && n !~ /check/) {
        printf "| %s | %s | fails | | %.0f MB | %s |\n", f, n, k / 1024, c
      } else {
        printf "| %s | %s | %.1f | %.0f | %.0f MB | %s |\n", f, n, b / s / 1e6, r / s, k / 1024, c
      }
    }'
  done
  unset times rss status
done
