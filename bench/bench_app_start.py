"""How long until the app is ready for typing, against a bare Textual app measured in the same run.

Each run is a fresh process (as a person starts `policykb`): the time from launching it to the
moment the question box has the focus, headless at 80×24. The baseline is a Textual app holding one
Input, started the same way, so the ratio says what policykb adds to Textual's own start. A third
row measures until the first answer is on screen (engine and catalog opened in a worker meanwhile),
and a fourth how long Ctrl+Q takes after that answer, until the process has exited.

    python bench/bench_app_start.py [--home DIR] [--repeat 7]

Without --home the bundled library is built in a temporary folder first (not timed). Our packages
are compiled to bytecode first, as `pip install` does for a user: with PYTHONDONTWRITEBYTECODE set
(as on some machines) every fresh process would otherwise compile them again (~0.3 s here) while the
baseline's Textual is installed compiled.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import asyncio, sys
from pathlib import Path
mode, home = sys.argv[1], sys.argv[2]
if mode == "bare":
    from textual.app import App
    from textual.widgets import Input

    class Bare(App):
        def compose(self):
            yield Input(id="prompt")

        def on_mount(self):
            self.query_one(Input).focus()

    app = Bare()
else:
    from policykb.tui.app import PolicyApp
    app = PolicyApp(home=Path(home))


async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        while not (app.focused is not None and app.focused.id == "prompt"):
            await pilot.pause(0.002)
        print("READY", flush=True)
        if mode in ("answer", "quit"):
            await pilot.press(*"班主任工作量如何计算", "enter")
            from policykb.tui.widgets.message import TurnView
            while not any(v.turn is not None for v in app.query(TurnView) if not v.has_class("past")):
                await pilot.pause(0.005)
            print("ANSWERED", flush=True)
        if mode == "quit":  # the engine and the catalog are open and a history is written: then Ctrl+Q
            print("QUITTING", flush=True)
            await pilot.press("ctrl+q")


asyncio.run(main())
'''


def once(mode: str, home: Path, until: str) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, mode, str(home)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == until:
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(f"{mode}: the child exited without printing {until}")
    proc.kill()
    proc.wait()
    return elapsed


def quitting(home: Path) -> float:
    """From Ctrl+Q (after an answer) until the process has exited."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, "quit", str(home)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    start = None
    for line in proc.stdout:
        if line.strip() == "QUITTING":
            start = time.perf_counter()
    proc.wait()
    if start is None:
        raise SystemExit("quit: the child exited without printing QUITTING")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", help="a library to open (default: the bundled one, built in a temp folder)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "corpus", "kb", "indexer", "tui"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    if args.home:
        home = Path(args.home)
    else:
        from policykb.indexer.library import Library

        home = Path(tempfile.mkdtemp()) / "home"
        Library.open(home).current_catalog()
    from policykb.indexer.library import Library

    docs = len(Library.open(home).documents())
    rows = [("bare Textual app, Input focused", "bare", "READY"),
            ("policykb, ready for typing", "policykb", "READY"),
            ("policykb, first answer on screen", "answer", "ANSWERED")]
    times: dict[str, float] = {}
    for _, mode, until in rows:
        once(mode, home, until)  # warm the file cache
    samples: dict[str, list[float]] = {mode: [] for _, mode, _ in rows}
    for _ in range(args.repeat):
        for _, mode, until in rows:  # interleaved, so drift hits every row alike
            samples[mode].append(once(mode, home, until))
    print(f"library: {home} ({docs} documents); median of {args.repeat} fresh processes each")
    for label, mode, _ in rows:
        times[mode] = statistics.median(samples[mode])
        print(f"  {label:<36} {times[mode]:6.3f} s   ratio {times[mode] / times['bare']:5.2f}")
    quits = [quitting(home) for _ in range(args.repeat)]
    print(f"  {'policykb, Ctrl+Q after an answer':<36} {statistics.median(quits):6.3f} s   (to the process's exit)")


if __name__ == "__main__":
    main()
