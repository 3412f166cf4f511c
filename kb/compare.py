"""The same requirement across documents, side by side: daily PE time in a national law, a
provincial regulation and a county plan, with the documents that set a different amount flagged.

Two requirements are "the same" when they bind the same side (school, family, government) and the
same kinds of school, give an amount in the same unit for the same period, and say it about nearly the same thing (their
words around the amount, numbers removed, match closely — rapidfuzz).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykb.corpus.models import SUPERSEDED
from policykb.kb.catalog import Catalog
from policykb.kb.models import Requirement

SIMILAR = 72.0
DIGITS = re.compile(r"[\d零〇一二两三四五六七八九十百千万.%％]+")  # numbers, removed to compare the words


@dataclass
class Group:
    subject: str  # what the amount measures, as the first requirement says it
    unit: str
    period: str | None
    items: list[Requirement] = field(default_factory=list)

    def values(self) -> list[str]:
        return [r.quantity.label() if r.quantity else "" for r in self.items]

    @property
    def differs(self) -> bool:
        return len(set(self.values())) > 1


def _side(catalog: Catalog, req: Requirement) -> str:
    return "school" if catalog.binds_school(req) else "other"


def _words(req: Requirement) -> str:
    return DIGITS.sub("", req.metric or req.text)


def compare(catalog: Catalog, topic: str | None = None, superseded: bool = False) -> list[Group]:
    """Groups of requirements from two or more documents that set an amount for the same thing."""
    from rapidfuzz import fuzz

    groups: list[Group] = []
    keys: list[tuple[str, str, str | None, tuple[str, ...], str]] = []
    for req in catalog.select(topic=topic):
        if req.quantity is None or (req.quantity.value is None and req.quantity.range is None):
            continue
        if not superseded and catalog.doc(req).status in SUPERSEDED:
            continue
        words = _words(req)
        if len(words) < 3:
            continue
        key = (_side(catalog, req), req.quantity.unit, req.period, req.school_types)
        for n, (side, unit, period, kinds, other) in enumerate(keys):
            if (side, unit, period, kinds) == key and fuzz.ratio(words, other) >= SIMILAR:
                groups[n].items.append(req)
                break
        else:
            keys.append((*key, words))
            groups.append(Group(req.metric or words, req.quantity.unit, req.period, [req]))
    return [g for g in groups if len({r.doc_id for r in g.items}) > 1]
