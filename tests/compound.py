"""Scoring the extractor's split of compound sentences against data/requirements-compound.jsonl.

Each labelled sentence lists its obligations (part, modality, actors, quantities, period, deadline,
school types); see data/requirements-compound.md. A labelled obligation is found when one extracted
requirement of the sentence covers most of its part (and most of that requirement's text is the
part): one-to-one, in order. Then per field:
- detection: found obligations (precision over the requirements extracted from these sentences);
- modality, quantity, school_types: right on a found obligation (a missed one counts against recall,
  a wrong one against both);
- actors: recall over the obligations whose actor is named in the sentence itself; precision over
  the extracted actors of found obligations;
- period and deadline: accuracy over the found obligations that have one.

`python tests/compound.py [-v]` prints the report; tests/test_labelled.py holds the thresholds.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled import Counts, _actor_match, canon, extracted, kinds, same_quantity, table  # noqa: E402

from policykb.kb import quantity as q  # noqa: E402
from policykb.kb.models import Requirement  # noqa: E402
from policykb.kb.vocab import load_vocabulary  # noqa: E402

COMPOUND = Path(__file__).parent / "data" / "requirements-compound.jsonl"
_PUNCT = re.compile(r"[\s，,；;。：:、]")


def load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in COMPOUND.read_text(encoding="utf-8").splitlines() if line.strip()]


def _chars(text: str) -> str:
    return _PUNCT.sub("", text)


def _overlap(a: str, b: str) -> int:
    """Characters the two texts share as a common run (the longest common substring)."""
    from difflib import SequenceMatcher

    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size


def align(labels: list[dict[str, Any]], reqs: list[Requirement]) -> list[tuple[int, int]]:
    """(label index, requirement index) pairs: a requirement and a labelled part that mostly cover
    each other."""
    pairs = []
    used: set[int] = set()
    for i, label in enumerate(labels):
        part = _chars(label["part"])
        best, best_j = 0.0, -1
        for j, req in enumerate(reqs):
            if j in used:
                continue
            text = _chars(req.text)
            shared = _overlap(part, text)
            score = min(shared / max(1, len(part)), shared / max(1, len(text)))
            if score > best:
                best, best_j = score, j
        if best >= 0.6:
            pairs.append((i, best_j))
            used.add(best_j)
    return pairs


@dataclass
class Report:
    sentences: int = 0
    obligations: int = 0
    extracted: int = 0
    detection: Counts = field(default_factory=Counts)
    modality: Counts = field(default_factory=Counts)
    quantity: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    school_types: Counts = field(default_factory=Counts)
    school_types_raw: Counts = field(default_factory=Counts)  # before adjudication: the labeller's own
    period: list[int] = field(default_factory=lambda: [0, 0])
    deadline: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{self.sentences} sentences, {self.obligations} obligations labelled, {self.extracted} extracted",
                *table(self), f"school_types before adjudication: precision {self.school_types_raw.p():.3f}, "
                f"recall {self.school_types_raw.r():.3f}", f"period {self.period[0]}/{self.period[1]}, deadline {self.deadline[0]}/{self.deadline[1]}"]


def _types(label: dict[str, Any]) -> Any:
    """The kinds of school an obligation is for: the label, or my adjudication of it where the document
    defines its own scope (kept beside the label, with why, in the data file)."""
    return label.get("adjudicated", {}).get("school_types", label["school_types"])


def score(items: list[dict[str, Any]] | None = None) -> Report:
    items = items if items is not None else load()
    vocab = load_vocabulary()
    got = extracted(items)
    rep = Report(sentences=len(items))
    for item in items:
        labels = item["obligations"]
        reqs = [r for r in got[item["id"]] if not r.excluded]
        rep.obligations += len(labels)
        rep.extracted += len(reqs)
        pairs = align(labels, reqs)
        found = dict(pairs)
        sid = item["id"].rpartition("/")[2]
        rep.detection.tp += len(pairs)
        rep.detection.fn += len(labels) - len(pairs)
        rep.detection.fp += len(reqs) - len(pairs)
        for i, label in enumerate(labels):
            if i not in found:
                rep.modality.fn += 1
                rep.quantity.fn += bool(label["quantities"])
                rep.school_types.fn += len(kinds(_types(label)))
                rep.school_types_raw.fn += len(kinds(label["school_types"]))
                named = [a for a in label["actors"] if a in item["sentence"]]
                rep.actors.fn += len(named)
                rep.misses.append(f"{sid} missed: {label['part']}")
                continue
            req = reqs[found[i]]
            if req.modality == label["modality"]:
                rep.modality.tp += 1
            else:
                rep.modality.fp += 1
                rep.modality.fn += 1
                rep.misses.append(f"{sid} modality {req.modality} ≠ {label['modality']}: {label['part']}")
            if label["quantities"]:
                if req.quantity is not None and any(same_quantity(req.quantity, q) for q in label["quantities"]):
                    rep.quantity.tp += 1
                else:
                    rep.quantity.fn += 1
                    rep.quantity.fp += req.quantity is not None
                    rep.misses.append(f"{sid} quantity {req.quantity.label() if req.quantity else None} ≠ "
                                      f"{label['quantities']}: {label['part']}")
            elif req.quantity is not None:
                rep.quantity.fp += 1
                rep.misses.append(f"{sid} quantity {req.quantity.label()} not labelled: {label['part']}")
            raw = kinds(label["school_types"])
            want, have = kinds(_types(label)), kinds(req.school_types)
            rep.school_types_raw.sets(raw, have)
            rep.school_types.sets(want, have)
            if want != have:
                rep.misses.append(f"{sid} school_types +{sorted(have - want)} -{sorted(want - have)}: {label['part']}")
            named = [canon(vocab, a) for a in label["actors"] if a in item["sentence"]]
            mine = [canon(vocab, a) for a in req.actors]
            hit = [a for a in named if any(_actor_match(a, b) for b in mine)]
            rep.actors.tp += len(hit)
            rep.actors.fn += len(named) - len(hit)
            wrong = [b for b in mine if not any(_actor_match(a, b) for a in [canon(vocab, x) for x in label["actors"]])]
            rep.actors.fp += len(wrong)
            if len(hit) < len(named) or wrong:
                rep.misses.append(f"{sid} actors {list(req.actors)} ≠ {label['actors']}: {label['part']}")
            for key, counter in (("period", rep.period), ("deadline", rep.deadline)):
                value = label[key]
                if value:
                    counter[1] += 1
                    mine_value = getattr(req, key) or ""
                    options = [q.period(o) or o for o in (value if isinstance(value, list) else [value])]  # 每日 = 每天
                    if any(o and (o in mine_value or mine_value in o) and mine_value for o in options):
                        counter[0] += 1
                    else:
                        rep.misses.append(f"{sid} {key} {mine_value or None} ≠ {value}: {label['part']}")
    return rep


if __name__ == "__main__":
    report = score()
    print("\n".join(report.lines()))
    if "-v" in sys.argv:
        print("\n".join(report.misses))
