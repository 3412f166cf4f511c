"""Scores a conversation file (`../shared/eval/chat-dev2.jsonl`: turns and, per turn, gold
sentences) through `policykb chat - --json` on a library: per turn, whether the top citation and
whether the answer hold a gold sentence (compared on NFKC letters and digits only).

    python bench/score_chat.py [--home DIR] [FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def norm(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "chat-dev2.jsonl"))
    parser.add_argument("--home", help="the library (default: POLICYKB_HOME or the user's)")
    args = parser.parse_args()
    command = [shutil.which("policykb") or "policykb"] + (["--home", args.home] if args.home else [])
    turns = top = hit = 0
    for line in Path(args.file).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        out = subprocess.run([*command, "chat", "-", "--json"], input="\n".join(item["turns"]) + "\n",
                             capture_output=True, text=True, check=True).stdout
        for result, gold in zip([json.loads(x) for x in out.splitlines()], item["gold"], strict=False):
            wanted = [norm(g) for g in gold]
            first = result["citations"][0]["text"] if result["citations"] else ""
            r1 = any(g in norm(first) for g in wanted)
            ok = any(g in norm(result["answer"] or "") for g in wanted)
            turns, top, hit = turns + 1, top + r1, hit + ok
            print(f"{item['id']} {result['turn']} {result['asked'][:30]:<32} {'r@1' if r1 else '-':<4} "
                  f"{'hit' if ok else '-'}")
    if not turns:
        sys.exit("no turns")
    print(f"turns {turns}  recall@1 {top / turns:.2f}  answer-hit {hit / turns:.2f}")


if __name__ == "__main__":
    main()
