"""CI: the installed app's first start on a fresh home, headless, until the question box is ready
and a question is answered. Run with the venv's Python from a folder outside the source tree, so
`tui` is what pip installed (the script fails if it imports the tree instead)."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from policykb import tui
from policykb.tui.app import PolicyApp
from policykb.tui.widgets.message import TurnView

TREE = Path(__file__).resolve().parents[1]


async def main(home: Path) -> int:
    where = Path(tui.__file__).resolve()
    if TREE in where.parents:
        print(f"app_ready: imported the source tree ({where}), not the installed package", file=sys.stderr)
        return 1
    app = PolicyApp(home=home)
    start = time.monotonic()
    async with app.run_test(size=(100, 30)) as pilot:
        while not (app.focused is not None and app.focused.id == "prompt"):
            if time.monotonic() - start > 900:
                print("app_ready: the question box was not ready after 900 s", file=sys.stderr)
                return 1
            await pilot.pause(0.1)
        ready = time.monotonic() - start
        await pilot.press(*"班主任工作量如何计算", "enter")
        while not any(v.turn is not None for v in app.query(TurnView)):
            if time.monotonic() - start > 960:
                print("app_ready: no answer 60 s after the question", file=sys.stderr)
                return 1
            await pilot.pause(0.1)
        answer = next(v.turn for v in app.query(TurnView) if v.turn is not None).answer.answer or ""
    if "二分之一" not in answer:
        print(f"app_ready: the answer lacks 二分之一: {answer!r}", file=sys.stderr)
        return 1
    print(f"app_ready: first start built the library and was ready in {ready:.1f} s; answered ({where.parent})")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(Path(sys.argv[1]))))
