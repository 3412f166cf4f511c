"""新旧对照 and cross-references: how long `diff` takes on the largest pair of versions in the bundled
library, and reading every reference of the library, against reading the same documents from the library
in the same run.

Run on demand: ``python bench/bench_diff.py [--repeat N]`` (the bundled library is built in a
temporary folder first, not timed). Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--home", help="a built library (default: the bundled one, built in a temp folder)")
    args = ap.parse_args()
    from policykb.indexer.library import Library
    from policykb.indexer.references import read_all
    from policykb.kb.diff import diff, units

    home = Path(args.home) if args.home else Path(tempfile.mkdtemp()) / "home"
    lib = Library.open(home)
    heads = lib.documents()
    pairs = [(h.doc_id, h.superseded_by) for h in heads if h.superseded_by]
    docs = {d: lib.document(d) for pair in pairs for d in pair if d}
    old_id, new_id = max(pairs, key=lambda p: len(units(docs[p[0]])) + len(units(docs[p[1]] if p[1] else docs[p[0]])))
    assert new_id is not None
    old, new = docs[old_id], docs[new_id]
    parse = median(lambda: [lib.document(old_id), lib.document(new_id)], args.repeat)
    d = diff(old, new)
    diff_s = median(lambda: diff(old, new), args.repeat)
    refs = median(lambda: list(read_all(lib)), max(1, args.repeat // 2))
    all_docs = median(lambda: list(lib.store.documents()), max(1, args.repeat // 2))
    print(f"largest pair: {old_id} → {new_id} ({len(units(old))} → {len(units(new))} articles; {d.summary_line()})")
    print(f"baseline: reading the two documents   {parse:7.3f} s")
    print(f"diff                                   {diff_s:7.3f} s   ratio {diff_s / parse:.2f}")
    print(f"baseline: reading all {len(heads)} documents      {all_docs:7.3f} s")
    print(f"every reference of the library         {refs:7.3f} s   ratio {refs / all_docs:.2f}")


if __name__ == "__main__":
    main()
