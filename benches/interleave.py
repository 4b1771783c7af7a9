#!/usr/bin/env python3
"""Whole-process runs of several commands on one file, interleaved round by round: median wall
and CPU (user + system) seconds of each, and MB/s from both. Under load the CPU-time rates are
the steadier figure; compare commands within one run only.

    python3 benches/interleave.py FILE ROUNDS 'NAME|COMMAND ARGS' ...   # FILE is appended

Example (BENCHMARKS.md, "The reader's hot path"):

    python3 benches/interleave.py tld-200000.zone 9 \
        'zonefmt stats|target/release/zonefmt stats --origin tld.' \
        'domain|target/release/peer-parse domain tld.'
"""
import os
import resource
import statistics
import subprocess
import sys
import time

file, rounds, specs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
size = os.path.getsize(file)
runs = {spec: [] for spec in specs}
for _ in range(rounds):
    for spec in specs:
        command = spec.split("|", 1)[1]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command.split() + [file], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        # 1 is a verdict (`zonefmt check` found problems), not a failure to run.
        if done.returncode not in (0, 1):
            sys.exit(f"{command} {file}: exit status {done.returncode}")
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs[spec].append((wall, cpu))
for spec in specs:
    name = spec.split("|", 1)[0]
    wall = statistics.median(r[0] for r in runs[spec])
    cpu = statistics.median(r[1] for r in runs[spec])
    print(f"{name:24} wall {wall:6.2f} s {size / wall / 1e6:7.1f} MB/s   "
          f"cpu {cpu:6.2f} s {size / cpu / 1e6:7.1f} MB/s")
