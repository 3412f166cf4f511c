"""The library at scale: the bundled 87 documents against the same plus the 3,504-file LawRefBook
corpus (../shared/corpus/lawrefbook-all.tar.gz), measured in one run, each operation in a fresh
process as a user runs it (wall time and peak memory of that process).

Rows: adding the whole corpus (against jieba alone segmenting the same text — the floor for any
jieba index); adding and removing one small file (large library against the small one); `ask`
cold (time and peak RSS) and warm (p50/p95 over the dev questions); `requirements --json` and a
小学 checklist; the temporary disk the add used. Issue 13's targets are printed beside each.

    python bench/bench_scale.py [--repeat 3] [--keep DIR]

Takes a while: the corpus add alone is minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TARBALL = SHARED / "corpus" / "lawrefbook-all.tar.gz"
QUESTIONS = SHARED / "eval" / "questions-dev.jsonl"
SMALL_FILE = "某县课后服务实施方案\n一、主要要求\n" + "".join(
    f"{n}.学校应当每周开展{n}次课后服务，每次不少于1小时。\n" for n in range(1, 60))

CHILD_JIEBA = r'''
import sys, time
from pathlib import Path
from policykb.indexer.analyzer import Analyzer, load_lexicon
a = Analyzer(load_lexicon(None)); a.index_tokens("预热")
files = sorted(Path(sys.argv[1]).rglob("*.md"))
start = time.perf_counter()
for p in files:
    a.index_tokens(p.read_text(encoding="utf-8", errors="replace"))
print(time.perf_counter() - start)
'''

CHILD_WARM = r'''
import json, sys, time
from pathlib import Path
from policykb.indexer.library import Library
lib = Library.open(Path(sys.argv[1]))
place = tuple(sys.argv[3].split("/")) if len(sys.argv) > 3 else None
engine = lib.current_engine()
qs = [json.loads(l)["question"] for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
for q in qs[:3]:
    engine.ask(q, place=place)
times = []
for q in qs:
    start = time.perf_counter(); engine.ask(q, place=place); times.append(time.perf_counter() - start)
times.sort()
print(json.dumps({"p50": times[len(times) // 2], "p95": times[int(len(times) * 0.95) - 1]}))
'''


def run(args: list[str], home: Path, stdin: str | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `policykb` command in a fresh process."""
    # Peak RSS from VmHWM: ru_maxrss survives fork and exec, so a child would report the parent's.
    code = ("import re, sys; from policykb.tui.cli import main; rc = main(sys.argv[1:]); "
            "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1), file=sys.stderr); "
            "sys.exit(rc)")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, "--home", str(home), *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"policykb {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    rss = int(proc.stderr.strip().splitlines()[-1]) / 1024
    return wall, rss


def median_run(args: list[str], home: Path, repeat: int) -> tuple[float, float]:
    runs = [run(args, home) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def add_remove(home: Path, tmp: Path, repeat: int) -> tuple[float, float]:
    adds, removes = [], []
    for n in range(repeat):
        path = tmp / f"某县课后服务实施方案{n}.txt"
        path.write_text(SMALL_FILE.replace("某县", f"某县{n}"), encoding="utf-8")
        adds.append(run(["add", str(path)], home)[0])
        removes.append(run(["remove", path.stem], home)[0])
    return statistics.median(adds), statistics.median(removes)


def disk_peak(folder: Path, stop: threading.Event, out: list[int]) -> None:
    peak = 0
    while not stop.wait(1.0):
        size = 0
        for dirpath, _, names in os.walk(folder):
            for name in names:
                try:
                    size += os.stat(os.path.join(dirpath, name)).st_size
                except OSError:
                    pass
        peak = max(peak, size)
    out.append(peak)


PROFILE = ("贵州省", "毕节市")  # a school's saved place (我的学校): answers ranked by where rules bind


def warm(home: Path, place: tuple[str, ...] | None = None) -> dict[str, float]:
    extra = ["/".join(place)] if place else []
    proc = subprocess.run([sys.executable, "-c", CHILD_WARM, str(home), str(QUESTIONS), *extra], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def heldout_r1(home: Path, docs: object, side: str) -> float:
    from heldout import run as measure_all

    return float(measure_all(home, docs=docs)["all files"][side]["all"]["recall@1"])  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="keep the large library in this folder")
    parser.add_argument("--part", type=int, default=3,
                        help="add every PART-th file of the corpus (3: a third, as issue 29 measures; 1: all)")
    args = parser.parse_args()
    if not TARBALL.is_file():
        raise SystemExit(f"{TARBALL} is not here")
    tmp = Path(tempfile.mkdtemp(prefix="policykb-scale-"))
    corpus = tmp / "corpus"
    with tarfile.open(TARBALL) as tar:
        tar.extractall(corpus, filter="data")
    for index in corpus.rglob("_index.md"):  # the collection's folder pages are no laws
        index.unlink()
    for n, path in enumerate(sorted(corpus.rglob("*.md"))):
        if n % args.part:
            path.unlink()
    small = tmp / "small"
    run(["docs"], small)  # the bundled library (first run)
    large = Path(args.keep) if args.keep else tmp / "large"
    shutil.copytree(small, large)

    jieba = float(subprocess.run([sys.executable, "-c", CHILD_JIEBA, str(corpus)], cwd=ROOT, capture_output=True,
                                 text=True, check=True).stdout.strip().splitlines()[-1])
    stop, peak_disk = threading.Event(), []
    watcher = threading.Thread(target=disk_peak, args=(large, stop, peak_disk))
    before = sum(p.stat().st_size for p in large.rglob("*") if p.is_file())
    watcher.start()
    add_wall, add_rss = run(["add", str(corpus)], large)
    stop.set()
    watcher.join()
    after = sum(p.stat().st_size for p in large.rglob("*") if p.is_file())
    docs = len(json.loads(subprocess.run([sys.executable, "-m", "policykb.tui.cli", "--home", str(large), "docs", "--json"],
                                         cwd=ROOT, capture_output=True, text=True).stdout))

    rows: list[tuple[str, str, str, str]] = []
    rows.append(("add the corpus", f"{add_wall / 60:.1f} min, {add_rss:.0f} MB",
                 f"jieba alone {jieba / 60:.1f} min, ratio {add_wall / jieba:.1f}", "≤ 6 min, ≤ 3× jieba, ≤ 1 GB"))
    rows.append(("  temporary disk", f"{(peak_disk[0] - after) / 1e6:+.0f} MB over the final home",
                 f"home {before / 1e6:.0f} → {after / 1e6:.0f} MB", "≤ 1 GB"))
    sa, sr = add_remove(small, tmp, args.repeat)
    la, lr = add_remove(large, tmp, args.repeat)
    rows.append(("add one file", f"{la:.1f} s", f"small {sa:.1f} s, ratio {la / sa:.2f}", "≤ 1.5×"))
    rows.append(("remove it", f"{lr:.1f} s", f"small {sr:.1f} s, ratio {lr / sr:.2f}", "≤ 1.5×"))
    for label, cmd, target in (("cold ask", ["ask", "班主任工作量如何计算", "--json"], "RSS ≤ 400 MB"),
                               ("requirements --json", ["requirements", "--json"], "≤ 1 s"),
                               ("小学 checklist", ["checklist", "--school-type", "小学", "--format", "json"], "≤ 1 s")):
        s_wall, s_rss = median_run(cmd, small, args.repeat)
        l_wall, l_rss = median_run(cmd, large, args.repeat)
        rows.append((label, f"{l_wall:.1f} s, {l_rss:.0f} MB", f"small {s_wall:.1f} s, {s_rss:.0f} MB", target))
    ws, wl = warm(small), warm(large)
    rows.append(("warm ask p50 / p95", f"{wl['p50'] * 1000:.0f} / {wl['p95'] * 1000:.0f} ms",
                 f"small {ws['p50'] * 1000:.0f} / {ws['p95'] * 1000:.0f} ms, p95 ratio {wl['p95'] / ws['p95']:.2f}",
                 "p95 ≤ 150 ms, ≤ 2×"))
    ps, pl = warm(small, PROFILE), warm(large, PROFILE)
    rows.append(("  with 我的学校 set", f"{pl['p50'] * 1000:.0f} / {pl['p95'] * 1000:.0f} ms",
                 f"small {ps['p50'] * 1000:.0f} / {ps['p95'] * 1000:.0f} ms, p95 ratio {pl['p95'] / ps['p95']:.2f}",
                 "p95 ≤ 150 ms, ≤ 2×"))
    sys.path.insert(0, str(ROOT / "bench"))
    from heldout import HELD, Documents

    from policykb.indexer.library import Library

    split_docs = Documents(Library(small))
    held_small = heldout_r1(small, split_docs, HELD)
    held_large = heldout_r1(large, split_docs, HELD)
    rows.append(("held-out recall@1", f"{held_large:.3f}", f"small {held_small:.3f}, difference "
                 f"{held_large - held_small:+.3f}", "within 0.05"))
    print(f"large library: {docs} documents; small: the bundled 87; medians of {args.repeat} fresh processes")
    for label, value, against, target in rows:
        print(f"  {label:<22} {value:<28} {against:<44} target {target}")
    print(f"  (this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
