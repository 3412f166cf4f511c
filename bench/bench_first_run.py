"""How long a new user's first run takes to build the bundled library, against parsing the same
files, both measured in the same run (fresh processes, fresh homes, medians).

The first run reads and parses every bundled document, indexes their clauses and extracts the
requirement catalog. The baseline is the reading and parsing alone, so the ratio says what
indexing and extraction add. The phases' shares of the build are printed too: the progress bar's
shares (indexer.library.ADD_SHARES) should be close to them.

    python bench/bench_first_run.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PARSE = r'''
from policykb.corpus.parse import parse_file
from policykb.indexer.library import bundled_documents
docs = [parse_file(p) for p in bundled_documents()]
print(len(docs))
'''

BUILD = r'''
import json, sys, time
from pathlib import Path
from policykb.indexer.library import Library
seen = {}
start = time.perf_counter()
def progress(done, total, item):
    phase = item.split("：")[0]
    seen.setdefault(phase, time.perf_counter() - start)
lib = Library.open(Path(sys.argv[1]), progress=progress)
seen["end"] = time.perf_counter() - start
print(json.dumps({"docs": len(lib.documents()), "phases": seen}, ensure_ascii=False))
'''


def timed(code: str, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    parse_times, build_times, phases = [], [], []
    for _ in range(args.repeat):  # interleaved, so drift hits both alike
        t, n = timed(PARSE)
        parse_times.append(t)
        home = Path(tempfile.mkdtemp()) / "home"
        t, out = timed(BUILD, str(home))
        build_times.append(t)
        phases.append(json.loads(out))
    docs = phases[-1]["docs"]
    p, b = statistics.median(parse_times), statistics.median(build_times)
    print(f"bundled library: {docs} documents; median of {args.repeat} fresh processes each")
    print(f"  read and parse (baseline)         {p:6.2f} s")
    print(f"  first run, whole build            {b:6.2f} s   ratio {b / p:5.2f}")
    marks = phases[len(phases) // 2]["phases"]
    names = [k for k in marks if k != "end"]
    total = marks["end"] - marks[names[0]]
    for name, nxt in zip(names, [*names[1:], "end"], strict=True):
        share = (marks[nxt] - marks[name]) / total
        print(f"  phase {name:<12} {marks[nxt] - marks[name]:6.2f} s   {share:5.1%} of the build")


if __name__ == "__main__":
    main()
