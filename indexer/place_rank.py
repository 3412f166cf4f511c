"""Where a rule binds, in the order of answers (DESIGN.md §9).

A school in 毕节 is bound by national rules and those of 贵州 and 毕节, not by Shanghai's. So a
question that names a place ranks that place's rules first, then national ones; a question asked
for a school whose place is known (the saved "我的学校", or --place) ranks national rules and its
own province's, city's and county's first; with neither, national rules go before local ones. A
rule of another place still answers when nothing nearer does — and then the answer says whose rule
it is ("山东省的规定：…"), since it binds nobody asking from elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping

from policykb.corpus.places import binds, label, short_name
from policykb.indexer.rank import Scored

Place = tuple[str, ...]

# How much a candidate's score is worth for where its document binds. A rule of the place asked
# about is what was asked; a rule binding the school is the one it must keep; another province's
# rule answers only when it is far ahead of everything nearer.
NAMED_OWN = 1.15
NAMED_ABOVE = 1.05  # the province of a city asked about: its rule binds there too, less specifically
OTHER = 0.65
UNKNOWN = 0.85
LOCAL_WITHOUT_PLACE = 0.92


class Places:
    """The library's documents' places, and the names a question may call them by."""

    def __init__(self, doc_places: Mapping[str, Place | None]) -> None:
        self.of = dict(doc_places)
        self.names: dict[str, Place] = {}
        for place in {p for p in self.of.values() if p}:
            for depth in range(1, len(place) + 1):
                name = place[depth - 1]
                self.names.setdefault(name, place[:depth])
                short = short_name(name)
                if depth < 3 and len(short) >= 2:
                    self.names.setdefault(short, place[:depth])  # 上海, 毕节 — not a county's stem

    def within(self, place: Place) -> list[str]:
        """The documents of a place and of the places inside it."""
        return [d for d, p in self.of.items() if p and p[:len(place)] == place]

    def named(self, text: str) -> Place | None:
        """The place a question names (the most specific when it names several levels), or None."""
        found = [p for name, p in self.names.items() if name in text]
        return max(found, key=len) if found else None


def fit(doc_place: Place | None, named: Place | None, mine: Place | None) -> float:
    if doc_place is None:
        return UNKNOWN
    if named is not None:
        if not doc_place:
            return 1.0
        if doc_place[:len(named)] == named:
            return NAMED_OWN  # the place asked about (or a county of it)
        return NAMED_ABOVE if named[:len(doc_place)] == doc_place else OTHER
    if mine is not None:
        return 1.0 if binds(doc_place, mine) else OTHER
    return 1.0 if not doc_place else LOCAL_WITHOUT_PLACE


def by_place(ranked: list[Scored], places: Places, named: Place | None, mine: Place | None) -> list[Scored]:
    """Candidates re-weighed by where their documents bind, best first."""
    if not places.of:
        return ranked
    for s in ranked:
        s.score *= fit(places.of.get(s.hit.doc_id), named, mine)
    return sorted(ranked, key=lambda s: -s.score)


def whose(doc_place: Place | None, mine: Place | None) -> str | None:
    """"山东省" when an answer from a document of that place must say whose rule it is: a local
    rule that does not bind the school asking (any local rule, when no school's place is known)."""
    if not doc_place or (mine is not None and binds(doc_place, mine)):
        return None
    return label(doc_place)
