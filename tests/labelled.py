"""Scoring the extractor against the hand-labelled sentences in data/requirements-labelled.jsonl.

`python tests/labelled.py` prints the report; tests/test_labelled.py holds the thresholds.
See data/requirements-labelled.md for how the sentences were chosen and labelled.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from policykb.corpus.parse import parse_file  # noqa: E402
from policykb.corpus.tree import sentences  # noqa: E402
from policykb.kb.extract import Extractor  # noqa: E402
from policykb.kb.models import Quantity, Requirement  # noqa: E402
from policykb.kb.vocab import Vocabulary, load_vocabulary  # noqa: E402

LABELLED = Path(__file__).parent / "data" / "requirements-labelled.jsonl"
DOCUMENTS = ROOT / "corpus" / "documents"
LAWS = DOCUMENTS / "laws-edu"  # bundled beside the seeds
CORE = ("幼儿园", "小学", "初中", "普通高中", "中等职业学校", "特殊教育学校")
_UNIT = {"个月": "月", "周岁": "岁", "日": "天", "个班": "班"}


def load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


def source(rel: str) -> Path:
    top, _, rest = rel.partition("/")
    return (DOCUMENTS if top == "documents" else LAWS) / rest


def extracted(items: list[dict[str, Any]]) -> dict[str, list[Requirement]]:
    """The extractor's requirements for each labelled sentence id (parsing each source once)."""
    ex = Extractor(load_vocabulary())
    wanted: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        wanted.setdefault(item["source"], []).append(item)
    out: dict[str, list[Requirement]] = {}
    for rel, group in wanted.items():
        doc = parse_file(source(rel))
        by_id = {c.clause_id: c for c in doc.clauses}
        reqs = ex.document(doc)
        for item in group:
            clause_id, _, n = item["id"].rpartition("#")
            clause = by_id.get(clause_id)
            if clause is None:
                raise AssertionError(f"{item['id']}: no such clause in {rel} (the parser changed?)")
            said = sentences(clause.text)
            if int(n) > len(said) or said[int(n) - 1].strip() != item["sentence"]:
                raise AssertionError(f"{item['id']}: sentence {n} is no longer the labelled one")
            out[item["id"]] = [r for r in reqs if r.req_id == item["id"] or r.req_id.startswith(item["id"] + ".")]
    return out


def _unit(u: str) -> str:
    return _UNIT.get(u, u.removeprefix("个") if len(u) > 1 else u)


_SCALE = {"千米": ("米", 1000.0), "公里": ("米", 1000.0)}  # one amount written in two units


def same_quantity(q: Quantity, label: dict[str, Any]) -> bool:
    unit, factor = _SCALE.get(label.get("unit", ""), (label.get("unit", ""), 1.0))
    if factor != 1.0 and "value" in label:
        label = label | {"unit": unit, "value": label["value"] * factor}
    if q.comparator != label["comparator"] or _unit(q.unit) != _unit(label.get("unit", "")):
        return False
    if "range" in label:
        return q.range is not None and tuple(q.range) == tuple(label["range"])
    return q.value is not None and abs(q.value - label["value"]) <= 0.001 * max(1.0, abs(label["value"]))


def kinds(types: Iterable[str] | str) -> set[str]:
    """The core kinds of school a label or a requirement covers ("all" or none named: every kind)."""
    if types == "all":
        return set(CORE)
    found = set(types)
    return set(CORE) if not found else found & set(CORE)


def canon(vocab: Vocabulary, name: str) -> str:
    found = vocab.actors_in(name)
    return found[0][0] if len(found) == 1 and len(found[0][0]) >= len(name) - 2 else name


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def sets(self, want: set[str], have: set[str]) -> None:
        """Count a labelled set against an extracted one."""
        self.tp += len(want & have)
        self.fp += len(have - want)
        self.fn += len(want - have)


@dataclass
class Report:
    sentences: int = 0
    requirements: int = 0
    detection: Counts = field(default_factory=Counts)
    modality: Counts = field(default_factory=Counts)
    quantity: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    school_types: Counts = field(default_factory=Counts)
    period_right: int = 0
    period_total: int = 0
    misses: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{self.sentences} sentences, {self.requirements} requirements labelled", *table(self),
                f"period accuracy {self.period_right}/{self.period_total}"]


MEASURES = ("detection", "modality", "quantity", "actors", "school_types")


def table(report: object) -> list[str]:
    """Precision and recall of each measure a report counts (this file's and compound.py's)."""
    out = ["            precision  recall"]
    for name in MEASURES:
        c: Counts = getattr(report, name)
        out.append(f"{name:<13} {c.p():>7.3f} {c.r():>7.3f}   (tp {c.tp}, fp {c.fp}, fn {c.fn})")
    return out


def _actor_match(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a))


def score(items: list[dict[str, Any]] | None = None) -> Report:
    items = items if items is not None else load()
    vocab = load_vocabulary()
    got = extracted(items)
    rep = Report(sentences=len(items))
    for index, item in enumerate(items):
        reqs = [r for r in got[item["id"]] if not r.excluded]
        labelled = bool(item["requirement"])
        rep.requirements += labelled
        sid = f"[{index}] {item['id'].rpartition('/')[2]}"
        if not labelled:
            if reqs:
                rep.detection.fp += 1
                rep.modality.fp += 1
                rep.quantity.fp += sum(1 for r in reqs if r.quantity)
                rep.misses.append(f"{sid} not a requirement, extracted as {reqs[0].modality}")
            continue
        if not reqs:
            rep.detection.fn += 1
            rep.modality.fn += 1
            rep.quantity.fn += 1 if item["quantities"] else 0
            rep.misses.append(f"{sid} missed ({item['modality']}): {item['sentence'][:40]}")
            continue
        rep.detection.tp += 1
        # the first modal word decides; a sentence split into its obligations holds the labelled one
        if reqs[0].modality == item["modality"] or len(reqs) > len(item.get("parts") or [0]) and any(
                r.modality == item["modality"] for r in reqs):
            rep.modality.tp += 1
        else:
            rep.modality.fp += 1
            rep.modality.fn += 1
            rep.misses.append(f"{sid} modality {reqs[0].modality} ≠ {item['modality']}")
        parts = item.get("parts") or [{"school_types": item["school_types"], "quantities": item["quantities"]}]
        if len(reqs) == len(parts):
            pairs = list(zip(reqs, parts, strict=True))
        else:  # the sentence split into its obligations (scored one by one in compound.py): judged as a whole
            amounts = [r for r in reqs if r.quantity is not None]
            right = [r for r in amounts if any(same_quantity(r.quantity, w) for w in item["quantities"])]  # type: ignore[arg-type]
            pairs = [((right or amounts or reqs)[0].model_copy(update={
                "school_types": tuple(sorted({k for r in reqs for k in r.school_types}))}), {
                "school_types": item["school_types"], "quantities": item["quantities"]})]
        for r, part in pairs:
            wanted = part["quantities"]
            if r.quantity is not None:
                if any(same_quantity(r.quantity, w) for w in wanted):
                    rep.quantity.tp += 1
                else:
                    rep.quantity.fp += 1
                    rep.quantity.fn += 1 if wanted else 0
                    rep.misses.append(f"{sid} quantity {r.quantity.label()} ({r.quantity.text}) ∉ "
                                      f"{[w.get('value', w.get('range')) for w in wanted]}")
            elif wanted:
                rep.quantity.fn += 1
                rep.misses.append(f"{sid} quantity missed: {wanted[0]}")
            want_k, got_k = kinds(part["school_types"]), kinds(r.school_types)
            rep.school_types.sets(want_k, got_k)
            if want_k != got_k:
                rep.misses.append(f"{sid} kinds {sorted(got_k)} ≠ {sorted(want_k)}")
        want_a = {canon(vocab, a) for a in item["actors"]}
        got_a = {canon(vocab, a) for r in reqs for a in r.actors}
        hit = {a for a in got_a if any(_actor_match(a, w) for w in want_a)}
        rep.actors.tp += len(hit)
        rep.actors.fp += len(got_a - hit)
        rep.actors.fn += len([w for w in want_a if not any(_actor_match(a, w) for a in got_a)])
        if want_a != got_a:
            rep.misses.append(f"{sid} actors {sorted(got_a)} ≠ {sorted(want_a)}")
        period = item["period"]
        rep.period_total += 1
        periods = [r.period for r in reqs]
        if period in periods or (isinstance(period, list) and any(p in period for p in periods)):
            rep.period_right += 1
        else:
            rep.misses.append(f"{sid} period {reqs[0].period} ≠ {period}")
    return rep


if __name__ == "__main__":
    everything = load()
    for name in ("all", "tuning", "held-out", "blind"):
        report = score(everything if name == "all" else [i for i in everything if i.get("set") == name])
        print(f"== {name}: " + "\n".join(report.lines()))
        if "-v" in sys.argv:
            print("\n".join(report.misses))
