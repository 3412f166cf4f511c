"""Measuring answers against a question file (DESIGN.md §3).

A question is answered at rank k when the k-th citation's text holds one of its gold strings,
both compared after NFKC with everything but letters and digits dropped. Questions with an empty
gold list are ones nothing in the library answers: the right answer to them is `null`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.messages import os_reason
from policykb.indexer import messages as M
from policykb.indexer.models import Answer


def squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    gold: tuple[str, ...]
    tags: tuple[str, ...] = ()


@dataclass
class Outcome:
    question: EvalQuestion
    rank: int | None
    answer: str | None
    answer_hit: bool
    top: str | None
    confidence: str = "answer"  # "answer", "likely" or "none"


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def answerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.question.gold]

    @property
    def unanswerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.question.gold]

    def recall(self, k: int) -> float:
        rows = self.answerable
        return sum(1 for o in rows if o.rank is not None and o.rank <= k) / len(rows) if rows else 0.0

    @property
    def mrr(self) -> float:
        rows = self.answerable
        return sum(1 / o.rank for o in rows if o.rank and o.rank <= 10) / len(rows) if rows else 0.0

    @property
    def answer_hit(self) -> float:
        rows = self.answerable
        return sum(1 for o in rows if o.answer_hit) / len(rows) if rows else 0.0

    @property
    def nulls(self) -> int:
        return sum(1 for o in self.unanswerable if o.answer is None)

    def given(self, tier: str | None = None) -> list[Outcome]:
        """The questions given an answer (of that tier: "answer" or "likely"; either when None)."""
        return [o for o in self.outcomes if o.answer is not None and (tier is None or o.confidence == tier)]

    def summary(self) -> dict[str, Any]:
        sure, given = self.given("answer"), self.given()
        return {"questions": len(self.outcomes), "answerable": len(self.answerable),
                "recall@1": round(self.recall(1), 4), "recall@5": round(self.recall(5), 4),
                "mrr@10": round(self.mrr, 4), "answer_hit": round(self.answer_hit, 4),
                "no_answer": len(self.unanswerable), "no_answer_null": self.nulls,
                "answered": len(sure), "likely": len(given) - len(sure),
                "right_of_given": round(sum(o.answer_hit for o in given) / len(given), 4) if given else None,
                "confident_wrong": sum(1 for o in sure if not o.answer_hit)}


    def by_tag(self) -> dict[str, dict[str, Any]]:
        """The summary of the questions carrying each tag (a question counts under each of its tags)."""
        tags = sorted({t for o in self.outcomes for t in o.question.tags})
        return {t: Report([o for o in self.outcomes if t in o.question.tags]).summary() for t in tags}


def load_questions(path: Path) -> list[EvalQuestion]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise PolicyKBError(M.EVAL_UNREADABLE.format(path=path, why=os_reason(exc))) from exc
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(EvalQuestion(str(row.get("id", f"q{n}")), str(row["question"]),
                                    tuple(row.get("gold") or ()), tuple(row.get("tags") or ())))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise PolicyKBError(M.EVAL_BAD_LINE.format(path=path, line=n)) from exc
    if not out:
        raise PolicyKBError(M.EVAL_EMPTY.format(path=path))
    return out


def judge(q: EvalQuestion, texts: Sequence[str], answer: str | None, confidence: str = "answer") -> Outcome:
    gold = [squash(g) for g in q.gold]
    rank = next((k for k, text in enumerate(texts[:10], start=1) if any(g in squash(text) for g in gold)), None)
    hit = answer is not None and any(g in squash(answer) for g in gold)
    return Outcome(q, rank, answer, hit, texts[0] if texts else None, confidence if answer is not None else "none")


def evaluate(questions: Sequence[EvalQuestion], ask: Callable[[str], Answer]) -> Report:
    report = Report()
    for q in questions:
        result = ask(q.question)
        report.outcomes.append(judge(q, [c.text for c in result.citations], result.answer, result.confidence))
    return report
