"""Catalog speed: extracting requirements from the bundled documents and laws-edu (87 documents).

Run on demand: ``python bench/bench_catalog.py [--repeat N]``. Prints medians and the ratio of
extraction (every requirement of every document), of a 小学 checklist (every place) and of a 北京市 小学
checklist to a baseline measured in the same run: parsing the same documents (read, clean, clause tree).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from policykb.corpus.parse import link_versions, parse_file  # noqa: E402
from policykb.kb.catalog import Catalog, DocInfo  # noqa: E402
from policykb.kb.checklist import checklist  # noqa: E402
from policykb.kb.extract import Extractor, clear_caches  # noqa: E402
from policykb.kb.vocab import load_vocabulary  # noqa: E402

FILES = sorted((ROOT / "corpus" / "documents").glob("*.txt")) + sorted(
    (ROOT / "corpus" / "documents" / "laws-edu").rglob("*.md"))


def median(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    vocab = load_vocabulary()
    docs = link_versions([parse_file(f) for f in FILES])
    parse = median(lambda: [parse_file(f) for f in FILES], args.repeat)
    ex = Extractor(vocab)
    reqs: list = []  # type: ignore[type-arg]

    def extract() -> None:
        clear_caches()  # each run from cold: what one phrase reader remembered is no help to the next run
        reqs[:] = [r for d in docs for r in ex.document(d)]

    extract_s = median(extract, args.repeat)
    cat = Catalog(reqs, {d.doc_id: DocInfo(d.doc_id, d.title, d.status, d.kind, d.place) for d in docs}, vocab.groups)
    rows = checklist(cat, "小学").rows
    list_s = median(lambda: checklist(cat, "小学"), args.repeat)
    beijing = ("北京市",)
    placed = checklist(cat, "小学", place=beijing).rows
    placed_s = median(lambda: checklist(cat, "小学", place=beijing), args.repeat)
    print(f"{len(docs)} documents, {len(reqs)} requirements, 小学 list {len(rows)} items, 北京 {len(placed)}")
    print(f"baseline parse   {parse:7.3f} s")
    print(f"extract          {extract_s:7.3f} s   ratio {extract_s / parse:.2f}")
    print(f"小学 checklist    {list_s:7.3f} s   ratio {list_s / parse:.3f}")
    print(f"北京市小学 list   {placed_s:7.3f} s   ratio {placed_s / parse:.3f}")


if __name__ == "__main__":
    main()
