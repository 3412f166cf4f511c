"""Parsing speed: laws-edu (82 files) and the LawRefBook scale corpus (3,504 files, ~20M chars).

Run on demand: ``python bench/bench_parse.py [--repeat N]``. Prints medians and the ratio of a
full parse (read, clean, clause tree, metadata) to a baseline measured in the same run: reading
and decoding the same files only.
"""

from __future__ import annotations

import argparse
import statistics
import tarfile
import tempfile
import time
from pathlib import Path

from policykb.corpus.parse import link_versions, parse_file
from policykb.corpus.read import read

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def timed(fn, files: list[Path], repeat: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    runs, out = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        results = [fn(f) for f in files]
        runs.append(time.perf_counter() - start)
        out = len(results)
    return statistics.median(runs), out


def report(name: str, files: list[Path], repeat: int) -> None:
    chars = sum(len(read(f).text) for f in files)
    base, _ = timed(read, files, repeat)
    full, _ = timed(parse_file, files, repeat)
    docs = [parse_file(f) for f in files]
    clauses = sum(len(d.clauses) for d in docs)
    start = time.perf_counter()
    link_versions(docs)
    link = time.perf_counter() - start
    print(f"{name}: {len(files)} files, {chars / 1e6:.2f}M chars, {clauses} clauses")
    print(f"  read only (baseline): {base:.2f} s   full parse: {full:.2f} s   ratio {full / base:.1f}x"
          f"   ({chars / full / 1e6:.2f}M chars/s, median of {repeat})   version linking: {link:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report("laws-edu", sorted((SHARED / "laws-edu").rglob("*.md")), args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(SHARED / "lawrefbook-all.tar.gz") as tar:
            tar.extractall(tmp, filter="data")
        files = sorted(Path(tmp).rglob("*.md"))
        report("lawrefbook-all", files, max(1, args.repeat // 3))


if __name__ == "__main__":
    main()
