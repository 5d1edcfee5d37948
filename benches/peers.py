#!/usr/bin/env python3
"""Side-by-side timing of deboil and Resiliparse over corpus sets, in one run.

Issue 14 asks for deboil's mean ms/page to be compared with Resiliparse's *in the same run*:
the machines are noisy (±20 % between runs), so a ratio taken from two runs an hour apart
says little. This script alternates whole passes of the two tools over the same pages
(R D R D ...) and reports each pass and the ratio of the medians.

Both are timed as `shared/eval/REFERENCE.md` times them: page bytes read before the clock,
one untimed warm-up call, single thread, the clock around the extraction call only
(Resiliparse: `detect_encoding` + `HTMLTree.parse_from_bytes` + `extract_plain_text(tree,
main_content=True)`; deboil: the `micros` of `deboil --input jsonl --timings --jobs 1`, which
covers bytes in memory to `Article`, decoding included).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install resiliparse
    cargo build --release --features cli
    /tmp/venv/bin/python benches/peers.py ../shared/corpus/*/ [--rounds 3]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ[var] = "1"


def pages_of(dirs):
    out = []
    for d in dirs:
        out.extend(sorted((Path(d) / "pages").glob("*.html")))
    return out


def resiliparse_pass(blobs):
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree

    def run(b):
        tree = HTMLTree.parse_from_bytes(b, detect_encoding(b))
        return extract_plain_text(tree, main_content=True)

    run(blobs[0])  # warm-up, untimed
    ms = []
    for b in blobs:
        t = time.perf_counter_ns()
        run(b)
        ms.append((time.perf_counter_ns() - t) / 1e6)
    return ms


def deboil_pass(binary, paths):
    records = "".join(json.dumps({"id": i, "path": str(p)}) + "\n" for i, p in enumerate(paths))
    # The first record again, first, as the untimed warm-up.
    records = json.dumps({"id": -1, "path": str(paths[0])}) + "\n" + records
    out = subprocess.run(
        [binary, "--input", "jsonl", "--format", "jsonl", "--timings", "--jobs", "1"],
        input=records.encode(),
        capture_output=True,
        check=False,
    ).stdout
    ms = []
    for line in out.splitlines():
        r = json.loads(line)
        if r["id"] != -1:
            ms.append((r.get("micros") or 0) / 1000.0)
    return ms


def summary(ms):
    return statistics.fmean(ms), statistics.median(ms)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--deboil", default="target/release/deboil")
    a = ap.parse_args()
    paths = pages_of(a.sets)
    blobs = [p.read_bytes() for p in paths]
    mb = sum(map(len, blobs)) / 1e6
    print(f"{len(paths)} pages, {mb:.1f} MB, {a.rounds} rounds, alternating", file=sys.stderr)
    rows = []
    for r in range(a.rounds):
        res = summary(resiliparse_pass(blobs))
        deb = summary(deboil_pass(a.deboil, paths))
        rows.append((r + 1, res, deb))
    print("| round | Resiliparse mean / median ms | deboil mean / median ms | deboil mean / Resiliparse mean |")
    print("|---:|---:|---:|---:|")
    for r, res, deb in rows:
        print(f"| {r} | {res[0]:.2f} / {res[1]:.2f} | {deb[0]:.2f} / {deb[1]:.2f} | {deb[0] / res[0]:.2f} |")
    ratios = [deb[0] / res[0] for _, res, deb in rows]
    print(f"\nmedian ratio of means (deboil / Resiliparse): {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
