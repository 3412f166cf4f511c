"""Fit the answer-confidence model (indexer/confidence.py) on the tuned-on half of the labelled questions.

    python bench/fit_confidence.py --home DIR [--write]

For every labelled question (bench/heldout.py's split, by document) the first clause's signals are
taken as they are at run time, and the label is whether the sentence the answer would show holds a
gold string (a question nothing answers: never). A logistic regression (L2, gradient descent; a few
hundred rows need nothing more) is fitted on the tune half; the two thresholds are chosen on the
tune half too — ANSWER_AT the lowest at which the answers given are ≥ 90 % right, LIKELY_AT the
lowest at which every no-answer question is still declined and what is given (both tiers) is
≥ 85 % right — so the held-out half stays a measure. Both halves are printed; --write puts the
weights into indexer/confidence.py.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from heldout import HELD, TUNE, Documents, load_all, split  # noqa: E402

from policykb.indexer import confidence  # noqa: E402
from policykb.indexer.evaluate import squash  # noqa: E402
from policykb.indexer.library import Library  # noqa: E402
from policykb.indexer.search import compose, doubt, pick  # noqa: E402

NAMES = list(confidence.WEIGHTS)


def rows(home: Path) -> list[dict[str, Any]]:
    lib = Library(home)
    engine = lib.engine()
    docs = Documents(lib)
    out = []
    for path, questions in load_all().items():
        sides = split(docs, questions)
        for q in questions:
            question = engine.question(q.question)
            ranked = engine.candidates(question, q.question)  # the clauses ask answers from
            picked = pick(ranked, question, engine.weights(question))
            if picked.signals is None:
                continue
            said = compose(ranked[0])
            right = any(squash(g) in squash(said) for g in q.gold)
            out.append({"file": path.name, "id": q.id, "side": sides[q.id], "x": picked.signals.vector(),
                        "y": 1.0 if right else 0.0, "answerable": bool(q.gold),
                        "gate": doubt(ranked[0], question) is None, "q": q.question, "said": said})
    return out


def fit(data: list[dict[str, Any]], l2: float = 0.01, steps: int = 4000, rate: float = 0.5) -> tuple[list[float], float]:
    n, k = len(data), len(NAMES)
    w, b = [0.0] * k, 0.0
    for _ in range(steps):
        gw, gb = [l2 * v for v in w], 0.0
        for r in data:
            z = b + sum(a * x for a, x in zip(w, r["x"], strict=True))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            e = (p - r["y"]) / n
            gb += e
            for j in range(k):
                gw[j] += e * r["x"][j]
        w = [a - rate * g for a, g in zip(w, gw, strict=True)]
        b -= rate * gb
    return w, b


def prob(w: list[float], b: float, x: list[float]) -> float:
    return confidence.probability(_signals(x), dict(zip(NAMES, w, strict=True)), b)


def _signals(x: list[float]) -> confidence.Signals:
    return confidence.Signals(**dict(zip(NAMES, x, strict=True)))


def thresholds(data: list[dict[str, Any]], w: list[float], b: float) -> tuple[float, float]:
    """ANSWER_AT: the lowest at which the answer tier is ≥ 90 % right; LIKELY_AT: the lowest at
    which no question nothing answers is given an answer."""
    weights = dict(zip(NAMES, w, strict=True))
    ps = sorted({round(prob(w, b, r["x"]), 4) for r in data} | {1.0})

    def given(a: float, lk: float, level: str) -> list[dict[str, Any]]:
        out = []
        with_model(weights, b)
        for r in data:
            t = confidence.tier(_signals(r["x"]), a, lk)
            if t == level or (level == "any" and t != confidence.NONE):
                out.append(r)
        return out

    def right(rs: list[dict[str, Any]]) -> float:
        return sum(r["y"] for r in rs) / len(rs) if rs else 1.0
    answer_at = next(t for t in ps if right(given(t, 2.0, confidence.ANSWER)) >= 0.90)
    likely_at = next(t for t in ps if not any(not r["answerable"] for r in given(answer_at, t, "any")))
    return answer_at, likely_at


def with_model(weights: dict[str, float], bias: float) -> None:
    confidence.WEIGHTS.clear()
    confidence.WEIGHTS.update(weights)
    confidence.BIAS = bias


def report(data: list[dict[str, Any]], w: list[float], b: float, answer_at: float, likely_at: float) -> dict[str, Any]:
    with_model(dict(zip(NAMES, w, strict=True)), b)
    tiers = [(r, confidence.tier(_signals(r["x"]), answer_at, likely_at)) for r in data]
    answerable = [r for r in data if r["answerable"]] or [{}]
    given = [(r, t) for r, t in tiers if t != confidence.NONE]
    sure = [(r, t) for r, t in tiers if t == confidence.ANSWER]
    return {"questions": len(data), "hit": round(sum(r["y"] for r, t in given) / len(answerable), 3),
            "right_of_given": round(sum(r["y"] for r, _ in given) / len(given), 3) if given else None,
            "answer": len(sure), "confident_wrong": sum(1 for r, _ in sure if not r["y"]),
            "likely": len(given) - len(sure),
            "none_declined": f"{sum(1 for r, t in tiers if not r['answerable'] and t == confidence.NONE)}"
                             f"/{sum(1 for r in data if not r['answerable'])}",
            "top_right": round(sum(r["y"] for r in data) / len(answerable), 3)}


def write(w: list[float], b: float, answer_at: float, likely_at: float) -> None:
    path = Path(confidence.__file__)
    text = path.read_text(encoding="utf-8")
    weights = ", ".join(f'"{n}": {v:.3f}' for n, v in zip(NAMES, w, strict=True))
    text = re.sub(r"WEIGHTS = \{[^}]*\}", f"WEIGHTS = {{{weights}}}", text)
    text = re.sub(r"BIAS = [-0-9.]+", f"BIAS = {b:.3f}", text)
    text = re.sub(r"ANSWER_AT = [0-9.]+", f"ANSWER_AT = {answer_at:.3f}", text)
    text = re.sub(r"LIKELY_AT = [0-9.]+", f"LIKELY_AT = {likely_at:.3f}", text)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    data = rows(args.home)
    tune = [r for r in data if r["side"] == TUNE]
    held = [r for r in data if r["side"] == HELD]
    w, b = fit(tune)
    answer_at, likely_at = thresholds(tune, w, b)
    print("weights", dict(zip(NAMES, (round(v, 3) for v in w), strict=True)), "bias", round(b, 3))
    print("ANSWER_AT", round(answer_at, 3), "LIKELY_AT", round(likely_at, 3))
    for name, part in ((TUNE, tune), (HELD, held)):
        print(name, report(part, w, b, answer_at, likely_at))
        gate = [r for r in part if r["gate"]]
        print(f"  the coverage gate alone: given {len(gate)}, right {sum(r['y'] for r in gate):.0f}, "
              f"no-answer given {sum(1 for r in gate if not r['answerable'])}")
    if args.write:
        write(w, b, answer_at, likely_at)
        print("written to", confidence.__file__)


if __name__ == "__main__":
    main()
