"""Hostile text: every step that runs regular expressions over document text must stay linear.

Feeds the cleaner, the clause tree, requirement extraction and the analyzer adversarial inputs —
one line of 0.1 MB and of 1 MB made of one character, of alternating digits and 至, of nested
brackets, of repeated 的、, of numbering markers — and prints seconds per MB for each, next to a
plain `str.split` over the same text (the baseline, measured in the same run). A step that grows
faster than linearly shows a per-MB time at 1 MB well above its time at 0.1 MB (growth > 2).

Then whole files through reading, parsing and extraction (what an add does before indexing), each
in a fresh process: HTML nested 10,000 and 100,000 levels deep, one line of 0.2 and 2 MB, a text
over the length limit — seconds per MB and peak memory (max RSS) against a process that only reads
the file's bytes.

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
    "a sentence that never ends": "学校应当遵守规定，",
    "第一条 on one line": "第一条",
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
    files(args.repeat)


FILE_RUN = """
import sys, time
from pathlib import Path
start = time.perf_counter()
path = Path(sys.argv[1])
if sys.argv[2] == "bytes":
    path.read_bytes()
else:
    from policykb.corpus.errors import ReadError
    from policykb.corpus.parse import parse_file
    from policykb.kb.extract import Extractor
    from policykb.kb.vocab import load_vocabulary
    try:
        Extractor(load_vocabulary()).document(parse_file(path))
    except ReadError:
        pass
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(time.perf_counter() - start, peak // 1024)  # VmHWM: this process's own peak (ru_maxrss survives exec)
"""


def bombs(folder: Path) -> dict[str, list[Path]]:
    """Files of each hostile kind at two sizes, ten times apart."""
    out: dict[str, list[Path]] = {}
    body = "<p>第一条 学校应当遵守规定。</p><p>第二条 教师应当为人师表。</p>"
    for depth in (10_000, 100_000):
        p = folder / f"nested-{depth}.html"
        p.write_text(f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>", encoding="utf-8")
        out.setdefault("HTML nested 10k / 100k levels", []).append(p)
    for size in (200_000, 2_000_000):
        p = folder / f"line-{size}.txt"
        p.write_text("某县方案\n" + "学校应当遵守规定，" * (size // 27), encoding="utf-8")
        out.setdefault("one line of 0.2 / 2 MB", []).append(p)
        p = folder / f"articles-{size}.txt"
        p.write_text("某县办法\n" + "第一条" * (size // 9), encoding="utf-8")
        out.setdefault("第一条 × 0.2 / 2 MB on one line", []).append(p)
    p = folder / "over-the-limit.txt"
    p.write_text("某县方案\n" + "学校应当遵守规定。" * 400_000, encoding="utf-8")  # 3.6 M characters
    out["over the length limit (refused)"] = [p]
    return out


def files(repeat: int) -> None:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print("\nwhole files: read, parse and extract in a fresh process — s/MB and peak RSS, "
              f"median of {repeat} (bytes only = reading the file and nothing else)")
        for kind, paths in bombs(Path(tmp)).items():
            print(f"\n{kind}")
            for path in paths:
                mb = path.stat().st_size / MB
                rows = {}
                for how in ("bytes", "ours"):
                    runs = [subprocess.run([sys.executable, "-c", FILE_RUN, str(path), how], capture_output=True,
                                           text=True, check=True).stdout.split() for _ in range(repeat)]
                    rows[how] = (statistics.median(float(r[0]) for r in runs), statistics.median(int(r[1]) for r in runs))
                (base_s, base_mb), (s, peak) = rows["bytes"], rows["ours"]
                print(f"  {path.name:<26} {mb:6.2f} MB  {s:7.2f} s ({s / mb:6.2f} s/MB)  peak {peak:5d} MB"
                      f"   bytes only {base_s:5.2f} s, {base_mb} MB")


if __name__ == "__main__":
    main()
