#!/usr/bin/env python3
"""Verdict agreement of `zonefmt check` with `named-checkzone -i local` on every zone file of a
test-data tree whose sets each have an ORIGINS file (../shared/testdata here).

Usage: python3 benches/agreement.py ZONEFMT [TESTDATA]   (prints the figure, then each
disagreement with the first lines of both tools' output)
"""
import fnmatch, os, subprocess, sys
ROOT = sys.argv[2] if len(sys.argv) > 2 else '../shared/testdata'
ZONEFMT = sys.argv[1]
rows = []
for s in sorted(os.listdir(ROOT)):
    d = os.path.join(ROOT, s)
    orig = os.path.join(d, 'ORIGINS')
    if not os.path.isdir(d) or not os.path.exists(orig):
        continue
    pats = []
    for line in open(orig):
        if line.startswith('#') or not line.strip():
            continue
        cols = line.rstrip('\n').split('\t')
        pats.append((cols[0], cols[1], cols[2] if len(cols) > 2 else None))
    for dp, dn, fn in os.walk(d):
        for f in sorted(fn):
            rel = os.path.relpath(os.path.join(dp, f), d)
            if f in ('ORIGINS', 'EXPECTED.tsv', 'SOURCES.md', 'README.md', 'LICENSE') or f.endswith('.md'):
                continue
            m = next(((o, w) for p, o, w in pats if fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(f, p)), None)
            if m is None or m[0] == 'SKIP':
                continue
            origin, work = m
            cwd = os.path.join(d, work) if work and work != '.' else d
            path = os.path.join(dp, f)
            try:
                b = subprocess.run(['named-checkzone', '-i', 'local', origin, path], cwd=cwd,
                                   capture_output=True, timeout=300)
                z = subprocess.run([ZONEFMT, 'check', '--color=never', '--origin', origin,
                                    '--include-root', cwd, path], cwd=cwd, capture_output=True, timeout=300)
            except subprocess.TimeoutExpired:
                continue
            bv = 'accept' if b.returncode == 0 else 'reject'
            zv = {0: 'accept', 1: 'reject'}.get(z.returncode, 'fail%d' % z.returncode)
            rows.append((s, rel, origin, bv, zv, b.stdout.decode(errors='replace').strip().splitlines()[:2],
                         [l for l in z.stderr.decode(errors='replace').splitlines() if l.startswith(('error', 'warning', 'zonefmt'))][:2]))
agree = sum(1 for r in rows if r[3] == r[4])
print(f'agreement: {agree}/{len(rows)} = {100.0*agree/len(rows):.1f}%')
by = {}
for r in rows:
    a = by.setdefault(r[0], [0, 0]); a[1] += 1; a[0] += r[3] == r[4]
for k, v in by.items():
    print(f'  {k}: {v[0]}/{v[1]}')
for r in rows:
    if r[3] != r[4]:
        print(f'DISAGREE {r[0]}/{r[1]} ({r[2]}): bind {r[3]}, zonefmt {r[4]}\n   bind: {r[5]}\n   zonefmt: {r[6]}')
