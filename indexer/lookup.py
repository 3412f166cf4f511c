"""Finding the document a person means: "毕节方案", "义务教育法", a doc id typed loosely.

Exact ids and titles first; then titles holding the name; then titles holding its characters in
order (毕节方案 → 毕节市…实施方案); then rapidfuzz similarity. Among equals the current version
wins over superseded ones, and the shorter title (the law itself over 某省实施《…》办法).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

from policykb.corpus import messages as CM
from policykb.corpus.errors import NotFoundError
from policykb.corpus.models import SUPERSEDED, DocHead, Document
from policykb.indexer import messages as M

D = TypeVar("D", Document, DocHead)


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"^中华人民共和国", "", text)
    return re.sub(r"[\s《》“”\"'()（）·、,，]", "", text)


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def _order(doc: DocHead | Document) -> tuple[bool, int, str]:
    return (doc.status in SUPERSEDED, len(doc.title), doc.doc_id)


def resolve(name: str, docs: Sequence[D]) -> D | None:
    key = _key(name)
    if not key:
        return None
    for doc in docs:
        if doc.doc_id == name:
            return doc
    tiers: list[list[D]] = [
        [d for d in docs if key in (_key(d.doc_id), _key(d.title))],
        [d for d in docs if key in _key(d.title) or key in _key(d.doc_id)],
        [d for d in docs if len(key) >= 2 and _subsequence(key, _key(d.title))],
    ]
    for tier in tiers:
        if tier:
            return min(tier, key=_order)
    from rapidfuzz import fuzz, process

    choices = {d.doc_id: _key(d.title) for d in docs}
    best = process.extractOne(key, choices, scorer=fuzz.WRatio, score_cutoff=80)
    if best is None:
        return None
    return next(d for d in docs if d.doc_id == best[2])


def no_document(doc_id: str, docs: Sequence[DocHead]) -> NotFoundError:
    """The error for an id no document has, suggesting the nearest id or title when one is close."""
    from rapidfuzz import process

    names = {d.doc_id: d.doc_id for d in docs} | {d.title: d.doc_id for d in docs}
    best = process.extractOne(doc_id, list(names))
    hint = M.DID_YOU_MEAN.format(doc_id=names[best[0]]) if best and best[1] >= 60 else ""
    return NotFoundError(M.NO_DOCUMENT.format(doc_id=doc_id, hint=hint), title=CM.NOT_FOUND)
