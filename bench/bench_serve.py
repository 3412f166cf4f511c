"""`policykb serve` against the terminal app, measured in the same run (issue 31).

- **Memory per session**: the resident size (VmRSS) of one visitor's app process after a question,
  against the terminal app's process after the same question (headless, 120×40).
- **First screen**: from opening the websocket (the page's script does it on load) until the app's
  first screen has arrived (its question box's hint), against a fresh terminal app process until its
  question box has the focus.
- **Answers per second**: 10 sessions asking the bundled questions one after another for --seconds,
  against one terminal app asking the same questions in a row.

    python bench/bench_serve.py [--home DIR] [--seconds 30] [--sessions 10]

Without --home the bundled library is built in a temporary folder first (not timed). Medians where
there are several samples. Run it on the machine that will serve: the numbers are that machine's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_serve import start_serve, stop_serve, visitor  # noqa: E402

QUESTIONS = [("班主任工作量如何计算", "二分之一"), ("学校能不能分重点班", "非重点班"),
             ("中小学每天体育活动多长时间", "课间操"), ("校车驾驶人应当具备什么条件", "上海市")]

TERMINAL = r'''
import asyncio, os, sys, time
from pathlib import Path
from policykb.tui.app import PolicyApp
from policykb.tui.widgets.message import TurnView
home, seconds = Path(sys.argv[1]), float(sys.argv[2])
questions = [q for q in sys.argv[3:]]
app = PolicyApp(home=home)

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024

async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        while not (app.focused is not None and app.focused.id == "prompt"):
            await pilot.pause(0.002)
        print("READY", flush=True)
        answered, start, n = 0, time.perf_counter(), 0
        while True:
            q = questions[n % len(questions)]
            n += 1
            before = sum(1 for v in app.query(TurnView) if v.turn is not None)
            app.query_one("#prompt").focus()
            await pilot.press(*q, "enter")
            while sum(1 for v in app.query(TurnView) if v.turn is not None) <= before:
                await pilot.pause(0.005)
            answered += 1
            if answered == 1:
                print("RSS", rss(), flush=True)
            if time.perf_counter() - start >= seconds:
                break
        print("RATE", answered / (time.perf_counter() - start), flush=True)
        await pilot.press("ctrl+q")

asyncio.run(main())
'''


def terminal(home: Path, seconds: float) -> tuple[float, int, float]:
    """(seconds to the question box, RSS MB after an answer, answers per second) of one terminal app."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", TERMINAL, str(home), str(seconds), *(q for q, _ in QUESTIONS)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    ready, rss, rate = 0.0, 0, 0.0
    for line in proc.stdout:
        word, *rest = line.split()
        if word == "READY":
            ready = time.perf_counter() - start
        elif word == "RSS":
            rss = int(rest[0])
        elif word == "RATE":
            rate = float(rest[0])
    proc.wait()
    return ready, rss, rate


def app_processes(server_pid: int) -> list[int]:
    """The visitors' app processes: the serve process's children."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server_pid:
                out.append(int(entry.name))
    return out


def rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


async def served_session_rss(url: str, server_pid: int) -> tuple[float, int]:
    """First-screen time and the app process's RSS after one answer, with the session still open."""
    import aiohttp

    async with aiohttp.ClientSession() as session, session.ws_connect(f"{url}?width=120&height=40",
                                                                      max_msg_size=0) as ws:
        import json

        start = time.perf_counter()
        await ws.send_str(json.dumps(["resize", {"width": 120, "height": 40}]))
        screen, first, asked = b"", None, False
        while True:
            msg = await ws.receive(timeout=120)
            if msg.type.name != "BINARY":
                raise SystemExit(f"session ended: {msg}")
            screen += msg.data
            text = screen.decode("utf-8", "replace")
            if first is None and "我的学校" in text:
                first = time.perf_counter() - start
                screen = b""
                await ws.send_str(json.dumps(["stdin", QUESTIONS[0][0] + "\r"]))
                asked = True
            elif asked and QUESTIONS[0][1] in text:
                await asyncio.sleep(0.5)
                pids = app_processes(server_pid)
                return first, max(rss_mb(p) for p in pids)


async def load(url: str, sessions: int, seconds: float) -> tuple[int, int, float]:
    """(answers, failures, seconds) of `sessions` visitors asking for `seconds`."""
    until = time.monotonic() + seconds
    start = time.monotonic()

    async def one(n: int) -> tuple[int, int]:
        answered = failed = 0
        while time.monotonic() < until:
            round_ = [QUESTIONS[(n + k) % len(QUESTIONS)] for k in range(4)]
            got = await visitor(url, round_, timeout=180)
            answered += len(got["answers"])
            failed += len(round_) - len(got["answers"])
        return answered, failed

    results = await asyncio.gather(*(one(n) for n in range(sessions)))
    return sum(a for a, _ in results), sum(f for _, f in results), time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", help="a library to serve (default: the bundled one, built in a temp folder)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.home:
        home = Path(args.home)
    else:
        from policykb.indexer.library import Library

        home = Path(tempfile.mkdtemp()) / "home"
        lib = Library.open(home)
        lib.current_catalog()
        lib.close()
    print(f"library: {home}; {os.cpu_count()} CPUs")
    terms = [terminal(home, 5) for _ in range(args.repeat)]
    t_ready = statistics.median(t[0] for t in terms)
    t_rss = round(statistics.median(t[1] for t in terms))
    t_rate = terminal(home, args.seconds)[2]

    proc, port = start_serve(home, "--max-sessions", str(args.sessions + 2))
    url = f"ws://127.0.0.1:{port}/ws"
    try:
        firsts, rsses = [], []
        for _ in range(args.repeat):
            first, rss = asyncio.run(served_session_rss(url, proc.pid))
            firsts.append(first)
            rsses.append(rss)
            time.sleep(1)
        answers, failures, took = asyncio.run(load(url, args.sessions, args.seconds))
    finally:
        stop_serve(proc)
    s_first, s_rss, s_rate = statistics.median(firsts), round(statistics.median(rsses)), answers / took
    print(f"  {'':34} {'served':>10} {'terminal':>10} {'ratio':>7}")
    print(f"  {'RSS of one session (MB)':34} {s_rss:10d} {t_rss:10d} {s_rss / t_rss:7.2f}")
    print(f"  {'first screen (s)':34} {s_first:10.2f} {t_ready:10.2f} {s_first / t_ready:7.2f}")
    print(f"  {'answers per second':34} {s_rate:10.2f} {t_rate:10.2f} {s_rate / t_rate:7.2f}"
          f"   ({args.sessions} sessions against one terminal app; {answers} answers, {failures} missed)")


if __name__ == "__main__":
    main()
