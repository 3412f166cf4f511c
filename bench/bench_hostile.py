"""Hostile text: every step that runs regular expressions over document text must stay linear.

Feeds the cleaner, the clause tree, requirement extraction and the analyzer adversarial inputs —
one line of 0.1 MB and of 1 MB made of one character, of alternating digits and 至, of nested
brackets, of repeated 的、, of numbering markers — and prints seconds per MB for each, next to a
plain `str.split` over the same text (the baseline, measured in the same run). A step that grows
faster than linearly shows a per-MB time at 1 MB well above its time at 0.1 MB (growth > 2).

    python bench/bench_hostile.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policykb.corpus.clean import clean  # noqa: E402
from policykb.corpus.parse import parse  # noqa: E402
from policykb.corpus.read import RawText  # noqa: E402
from policykb.corpus.sanitize import strip_invisible  # noqa: E402
from policykb.corpus.tree import parse_clauses  # noqa: E402
from policykb.indexer.analyzer import Analyzer, load_lexicon  # noqa: E402
from policykb.kb.extract import Extractor  # noqa: E402
from policykb.kb.vocab import load_vocabulary  # noqa: E402

MB = 1_000_000
PATTERNS = {
    "one character": "学",
    "digits and 至": "1至",
    "nested brackets": None,  # （（（…））） built to size
    "repeated 的、": "的、",
    "numbering markers": "（一）1.",
    "escape starts": "\x1b]",
}


def hostile(kind: str, size: int) -> str:
    if PATTERNS[kind] is None:
        return "（" * (size // 2) + "）" * (size // 2)
    unit = PATTERNS[kind]
    return "某县方案\n" + unit * (size // len(unit))


def steps() -> dict[str, Callable[[str], object]]:
    analyzer = Analyzer(load_lexicon(None))
    extractor = Extractor(load_vocabulary())
    analyzer.index_tokens("预热")

    def extract(text: str) -> object:
        raw = RawText(Path("某县方案.txt"), text, "txt", "utf-8", "0" * 64)
        return extractor.document(parse(raw))

    return {
        "str.split (baseline)": str.split,
        "strip invisible": strip_invisible,
        "clean": lambda t: clean(t, "txt"),
        "clause tree": lambda t: parse_clauses("X", t),
        "parse + extract": extract,
        "analyzer": analyzer.index_tokens,
    }


def seconds(fn: Callable[[str], object], text: str, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(text)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fns = steps()
    worst = 0.0
    print(f"seconds per MB at 0.1 MB → 1 MB (growth = ratio of the two), median of {args.repeat}")
    for kind in PATTERNS:
        print(f"\n{kind}")
        base = None
        for name, fn in fns.items():
            small = seconds(fn, hostile(kind, MB // 10), args.repeat) * 10
            large = seconds(fn, hostile(kind, MB), args.repeat)
            base = base or large
            growth = large / small if small > 1e-6 else 1.0
            if name != "str.split (baseline)":
                worst = max(worst, growth)
            print(f"  {name:<22} {small:8.3f} → {large:8.3f} s/MB   growth {growth:5.2f}   "
                  f"× baseline {large / base:8.1f}")
    print(f"\nworst growth {worst:.2f} (linear ≈ 1; quadratic would be ≈ 10)")


if __name__ == "__main__":
    main()
