"""How sure an answer is: 答 (answer), 可能是 (likely) or 没有找到 (none).

A colloquial question shares few words with the clause that answers it, so the share of its words
a clause covers cannot decide alone whether to answer; nor can the first clause's score (questions
nothing answers and questions answered right get scores in the same range). The decision combines
signals that carry over to questions worded in ways nobody tuned on — how much of the question the
sentence and its clause cover, how far the first clause is ahead of the second, whether the
sentence is of the kind asked (a number, a ruling, who, a definition), whether the question's
rarest words are in the clause at all — in a logistic model. Its weights and the two thresholds are
fitted by `bench/fit_confidence.py` on one half of the labelled questions (split by document) and
the thresholds checked on the other half; re-run it when the ranking changes.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from policykb.indexer.analyzer import Question, norm
from policykb.indexer.rank import Scored, match

ANSWER, LIKELY, NONE = "answer", "likely", "none"


@dataclass(frozen=True)
class Signals:
    """What is known of the first clause as an answer, each in [0, 1] or close to it."""

    coverage: float  # the question's weight the sentence covers, read with its clause and headings
    own: float  # the weight the sentence covers alone
    score: float  # the first clause's ranking score
    margin: float  # how far it is ahead of the second, as a share of its score
    kind: float  # 1 when the sentence is of the kind asked (or nothing particular was asked), else 0
    missing: float  # the weight share of the heaviest word neither the clause nor its context holds
    rare: float  # the share of the question's heavy words the clause or its context holds
    clash: float  # 1 when the question says one period (每周) and the sentence another (每学期)
    fits: float  # 1 when nothing speaks against the sentence (search.doubt: enough covered, of the kind asked)
    unit: float  # 1 when the question asks a number in a unit (几天, 多少小时) and the sentence gives one

    def vector(self) -> list[float]:
        return list(asdict(self).values())


# Fitted by bench/fit_confidence.py (tune half, split by document); see bench/confidence.md.
WEIGHTS = {"coverage": 1.065, "own": 0.687, "score": 0.908, "margin": 1.623, "kind": 0.156, "missing": -0.250, "rare": 0.219, "clash": 0.000, "fits": 0.658, "unit": 1.111}
BIAS = -2.344
ANSWER_AT = 0.728  # a probability of being right at least this high is an answer
LIKELY_AT = 0.586  # below ANSWER_AT and at least this: the likely answer, said as such


def probability(s: Signals, weights: dict[str, float] | None = None, bias: float | None = None) -> float:
    w = WEIGHTS if weights is None else weights
    z = (BIAS if bias is None else bias) + sum(w[k] * v for k, v in asdict(s).items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def tier(s: Signals, answer_at: float | None = None, likely_at: float | None = None) -> str:
    """答 when nothing speaks against the sentence and the model is sure; 可能是 when nothing speaks
    against it, or when it is of the kind asked and the model thinks it likely; else 没有找到. A
    sentence of another kind than asked (no number for 多少, none in the unit of 几天), or a clause
    lacking one of the question's weightiest words, is never an answer on the model's say alone:
    that is how questions nothing answers looked when measured."""
    p = probability(s)
    if s.fits and p >= (ANSWER_AT if answer_at is None else answer_at):
        return ANSWER
    if s.fits or (s.kind and not s.clash and (s.rare >= 1.0 or s.unit) and p >= (LIKELY_AT if likely_at is None else likely_at)):
        return LIKELY
    return NONE


def signals(ranked: list[Scored], question: Question, weights: list[float], kind: bool, clash: bool,
            fits: bool, unit: bool = False) -> Signals:
    """`kind`: the first sentence is of the kind asked; `clash`: it names another period than the question."""
    best = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    margin = (best.score - second) / best.score if best.score > 0 else 0.0
    whole = norm(f"{best.hit.text} {best.hit.crumbs} {best.hit.lead} {best.hit.doc_title}")
    total = sum(weights) or 1.0
    found = [match(c, whole)[0] for c in question.concepts]
    missing = max((w / total for w, f in zip(weights, found, strict=True) if f == 0), default=0.0)
    heavy = [f for w, f in zip(weights, found, strict=True) if w >= 0.6 * max(weights, default=0.0) and w > 0]
    rare = sum(1.0 for f in heavy if f >= 0.6) / len(heavy) if heavy else 0.0
    return Signals(coverage=best.coverage, own=best.own, score=best.score, margin=margin,
                   kind=1.0 if kind else 0.0, missing=missing, rare=rare, clash=1.0 if clash else 0.0,
                   fits=1.0 if fits else 0.0, unit=1.0 if unit else 0.0)
