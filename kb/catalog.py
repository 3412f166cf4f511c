"""The requirement catalog: requirements of every document, a person's corrections laid over them,
and the questions asked of it (which ones bind this kind of school, this actor, this topic).

Corrections (overrides) are keyed by req_id and kept by the library (in its store since 0.3; in
`overrides.json` in the home before, the format below, which a migration reads): the catalog is
rebuilt whenever documents are re-indexed, the overrides are applied again each time, so a
reviewed requirement stays reviewed.

    {"format": 1, "requirements": {
        "<req_id>": {"school_types": ["初中"], "reviewed": true},
        "<req_id>": {"excluded": true, "note": "a description, not a duty"}}}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.messages import os_reason
from policykb.kb import messages as M
from policykb.kb.extract import LAW_KINDS
from policykb.kb.models import Requirement
from policykb.kb.vocab import SCHOOL

OVERRIDES = "overrides.json"
_FIXED = {"req_id", "doc_id", "clause_id", "sentence"}  # what an override may not change


@dataclass(frozen=True)
class DocInfo:
    doc_id: str
    title: str
    status: str
    kind: str
    place: tuple[str, ...] | None = ()  # where it binds: () the whole country, None: no one can tell


class Requirements(Protocol):
    """What a checklist and an answer ask of a catalog: `Catalog` in memory, or the library's
    stored catalog, which reads only the rows a question needs."""

    def doc(self, req: Requirement) -> DocInfo: ...

    def select(self, doc_ids: Sequence[str] | None = None, topic: str | None = None, actor: str | None = None,
               school_type: str | None = None, attributes: Iterable[str] | None = None,
               modality: str | None = None, excluded: bool = False,
               others: bool = False) -> list[Requirement]: ...

    def for_clauses(self, clause_ids: Iterable[str]) -> list[Requirement]: ...


# Below this share of its named duties falling on schools, a law's rules that name nobody are
# read as governments' (measured on laws-edu: supervision and planning laws 0.00–0.11, school laws 0.25–0.77).
GOVERNMENT_LAW_SHARE = 0.2
_SCHOOL_WORDS = re.compile(r"学校|学生|教师|校长|班主任|幼儿园|教职工|校园|课堂|在校|入学|入园")


@dataclass
class Catalog:
    requirements: list[Requirement]
    docs: dict[str, DocInfo]
    groups: dict[str, str]  # actor → school / family / government
    stale: list[str] = field(default_factory=list)  # override ids that match no requirement
    shares: dict[str, float] | None = None  # each document's school share, when known beforehand
    _school_share: dict[str, float] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.shares is not None:  # a part of a larger catalog: the shares are the whole documents'
            self._school_share = self.shares
            return
        named: dict[str, list[int]] = {}
        for req in self.requirements:
            if req.actors:
                counts = named.setdefault(req.doc_id, [0, 0])
                counts[0] += any(self.groups.get(a) == SCHOOL for a in req.actors)
                counts[1] += 1
        self._school_share = {d: school / total for d, (school, total) in named.items()}

    def doc(self, req: Requirement) -> DocInfo:
        return self.docs.get(req.doc_id) or DocInfo(req.doc_id, req.doc_id, "", "")

    def select(self, doc_ids: Sequence[str] | None = None, topic: str | None = None, actor: str | None = None,
               school_type: str | None = None, attributes: Iterable[str] | None = None,
               modality: str | None = None, excluded: bool = False,
               others: bool = False) -> list[Requirement]:
        """Requirements matching every filter given. `school_type` keeps those for that kind of
        school (or for every kind) binding the school side (with `others`, also governments', bureaus'
        and families' duties towards it); `attributes` are the school's own
        (公办, 寄宿制 …): a requirement limited to attributes the school lacks is left out."""
        have = set(attributes or ())
        out = []
        for req in self.requirements:
            if req.excluded and not excluded:
                continue
            if doc_ids is not None and req.doc_id not in doc_ids:
                continue
            if topic and topic not in req.topics:
                continue
            if actor and not any(actor in a or a in actor for a in req.actors):
                continue
            if modality and req.modality != modality:
                continue
            if school_type is not None:
                if req.school_types and school_type not in req.school_types:
                    continue
                if not others and not self.binds_school(req):
                    continue
                if attributes is not None and not set(req.attributes) <= have:
                    continue
            out.append(req)
        return out

    def binds_school(self, req: Requirement) -> bool:
        """A school's duty: one naming a school, its staff or its students as who must act. With nobody
        named, a plan's order is (plans speak to schools and bureaus, and bureaus' tasks name them), and
        a law's rule is when it speaks of schools at all — not "督导小组应当…" or "娱乐场所不得…" — in a
        law that puts duties on schools elsewhere. Courts' interpretations never are."""
        kind = self.doc(req).kind
        if kind == "司法解释":
            return False
        if req.actors:
            return any(self.groups.get(a) == SCHOOL for a in req.actors)
        if kind in LAW_KINDS:
            # a law whose named duties seldom fall on schools (督导, 规划建设 …) is about governments
            return self._school_share.get(req.doc_id, 0.0) >= GOVERNMENT_LAW_SHARE \
                and bool(_SCHOOL_WORDS.search(req.text))
        return True

    def school_share(self, doc_id: str) -> float:
        """The share of a document's requirements that name someone and name the school side."""
        return self._school_share.get(doc_id, 0.0)

    def clause_ids(self, topic: str) -> set[str]:
        """The clauses holding a requirement on `topic`."""
        return {r.clause_id for r in self.requirements if topic in r.topics}

    def for_clauses(self, clause_ids: Iterable[str]) -> list[Requirement]:
        wanted = list(clause_ids)
        order = {c: n for n, c in enumerate(wanted)}
        found = [r for r in self.requirements if r.clause_id in order and not r.excluded]
        return sorted(found, key=lambda r: order[r.clause_id])


def load_overrides(path: Path) -> dict[str, dict[str, Any]]:
    """The overrides file, checked; {} when there is none."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as exc:
        why = os_reason(exc) if isinstance(exc, OSError) else M.NOT_JSON_AT.format(line=exc.lineno, column=exc.colno)
        raise PolicyKBError(M.OVERRIDES_UNREADABLE.format(path=path, why=why), title=M.BAD_OVERRIDES_TITLE) from exc
    items = data.get("requirements") if isinstance(data, dict) else None
    if not isinstance(items, dict) or not all(isinstance(v, dict) for v in items.values()):
        raise PolicyKBError(M.OVERRIDES_SHAPE.format(path=path), title=M.BAD_OVERRIDES_TITLE)
    for req_id, fields in items.items():
        bad = set(fields) & _FIXED
        if bad:
            raise PolicyKBError(M.OVERRIDES_FIXED.format(path=path, req_id=req_id, fields="、".join(sorted(bad))),
                                title=M.BAD_OVERRIDES_TITLE)
    return items


def apply_overrides(reqs: list[Requirement], overrides: dict[str, dict[str, Any]],
                    source: str = OVERRIDES) -> tuple[list[Requirement], list[str]]:
    """Requirements with corrections laid over them, and the override ids that matched nothing."""
    out = []
    seen = set()
    for req in reqs:
        fields = overrides.get(req.req_id)
        if fields is None:
            out.append(req)
            continue
        seen.add(req.req_id)
        data = req.model_dump() | {k: v for k, v in fields.items() if k != "note"}
        try:
            out.append(Requirement.model_validate(data))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise PolicyKBError(M.OVERRIDES_BAD_FIELD.format(path=source, req_id=req.req_id, field=where,
                                                             value=first.get("input")),
                                title=M.BAD_OVERRIDES_TITLE) from exc
    return out, sorted(set(overrides) - seen)
