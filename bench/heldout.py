"""The fixed split of the labelled questions into a tuned-on half and a held-out half, by document.

Every labelled question (../shared/eval and bench/) goes to the side of the document its first gold
string is in — all questions about one document on one side, so what is learned from a document's
wording is never measured on the same document. A document's side is a hash of its title without
version dates, so it never changes between runs or machines; a question nothing answers goes by a
hash of its id. Run alone it prints, per question file, per side and per tag, the measures
`policykb eval` prints, plus the answer tiers and the confident-wrong rate:

    python bench/heldout.py --home DIR [--side held|tune|both] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from policykb.indexer.evaluate import EvalQuestion, load_questions, squash
from policykb.indexer.library import Library

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Sets written by a helper that read only the documents, measured once and never tuned on (not
# split: every question of them is held out). questions-blind2…5 were tuned on before they were
# split, so they are in the split like the rest.
BLIND = {"questions-blind6.jsonl"}
FILES = [f for f in (*sorted((SHARED / "eval").glob("questions-*.jsonl")), *sorted((ROOT / "bench").glob("questions-*.jsonl")))
         if f.name not in BLIND]
CHATS = sorted((SHARED / "eval").glob("chat-*.jsonl"))
TUNE, HELD = "tune", "held"


def side_of(key: str) -> str:
    return HELD if zlib.crc32(key.encode("utf-8")) % 2 else TUNE


def family(title: str) -> str:
    """A document's title without its version (（2018年修正）, 2021-04-29): versions share a side."""
    return re.sub(r"[（(][^）)]*(?:修正|修订|\d{4})[^）)]*[）)]|\d{4}-\d{2}-\d{2}|\s+", "", title)


class Documents:
    """Each document's squashed text, to find which document a gold string is from."""

    def __init__(self, lib: Library) -> None:
        self.texts: list[tuple[str, str]] = []
        for head in lib.documents():
            doc = lib.document(head.doc_id)
            self.texts.append((family(doc.title), squash(doc.text)))

    def of(self, gold: Iterable[str]) -> str | None:
        for g in gold:
            s = squash(g)
            for title, text in self.texts:
                if s and s in text:
                    return title
        return None


def split(docs: Documents, questions: Sequence[EvalQuestion]) -> dict[str, str]:
    """Question id → side."""
    out = {}
    for q in questions:
        title = docs.of(q.gold) if q.gold else None
        out[q.id] = side_of(title if title else f"none:{q.id}")
    return out


def load_all() -> dict[Path, list[EvalQuestion]]:
    return {f: load_questions(f) for f in FILES if f.exists()}


def measure(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """rows: {rank, hit, confidence, gold?} per question → the summary."""
    answerable = [r for r in rows if r["answerable"]]
    none = [r for r in rows if not r["answerable"]]
    given = [r for r in rows if r["confidence"] != "none"]
    sure = [r for r in rows if r["confidence"] == "answer"]
    n = len(answerable) or 1
    return {
        "questions": len(rows), "answerable": len(answerable),
        "recall@1": round(sum(1 for r in answerable if r["rank"] == 1) / n, 3),
        "recall@5": round(sum(1 for r in answerable if r["rank"] and r["rank"] <= 5) / n, 3),
        "answer_hit": round(sum(1 for r in answerable if r["hit"]) / n, 3),
        "given": len(given), "right_of_given": round(sum(1 for r in given if r["hit"]) / len(given), 3) if given else None,
        "answer_tier": len(sure), "confident_wrong": sum(1 for r in sure if not r["hit"]),
        "likely_tier": sum(1 for r in rows if r["confidence"] == "likely"),
        "no_answer": len(none), "no_answer_declined": sum(1 for r in none if r["confidence"] == "none"),
    }


def run(home: Path, place: tuple[str, ...] | None = None, docs: Documents | None = None) -> dict[str, Any]:
    """Per question file, per side, per tag; `docs`: where the gold strings are (the split's library:
    the bundled one, so a larger library is measured on the same split)."""
    lib = Library(home)
    engine = lib.engine()
    docs = docs or Documents(lib)
    out: dict[str, Any] = {}
    every: list[dict[str, Any]] = []
    for path, questions in load_all().items():
        sides = split(docs, questions)
        rows = []
        for q in questions:
            a = engine.ask(q.question, place=place)
            gold = [squash(g) for g in q.gold]
            rank = next((k for k, c in enumerate(a.citations[:10], 1) if any(g in squash(c.text) for g in gold)), None)
            hit = a.answer is not None and any(g in squash(a.answer) for g in gold)
            rows.append({"id": q.id, "side": sides[q.id], "tags": q.tags, "answerable": bool(q.gold), "rank": rank,
                         "hit": hit, "confidence": a.confidence})
        every += rows
        out[path.name] = by_side(rows)
    out["all files"] = by_side(every)
    return out


def by_side(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per side, the measures of all its questions and of each tag its questions carry."""
    report: dict[str, Any] = {}
    for side in (TUNE, HELD):
        part = [r for r in rows if r["side"] == side]
        tags = sorted({t for r in part for t in r["tags"]})
        report[side] = {"all": measure(part), **{t: measure([r for r in part if t in r["tags"]]) for t in tags}}
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = run(args.home)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    cols = ["questions", "recall@1", "recall@5", "answer_hit", "right_of_given", "answer_tier", "confident_wrong",
            "likely_tier", "no_answer", "no_answer_declined"]
    print("file\tside\ttag\t" + "\t".join(cols))
    for name, report in result.items():
        for side, tags in report.items():
            for tag, m in tags.items():
                print(f"{name}\t{side}\t{tag}\t" + "\t".join(str(m[c]) for c in cols))


if __name__ == "__main__":
    main()
