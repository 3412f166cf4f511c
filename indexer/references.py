"""Every cross-reference of the library, both ways: what a clause points to and what points to it.

Read from every document once per state of the library (kb/references.py reads them; another
document is found by its exact title, its current version) and kept beside the library in
`references.json`, keyed by the library's index: after an add, a removal or a rebuild it is read
again, so a reference to a document added later resolves, and none points into a removed one. The
file is only a cache: a missing or damaged one is built again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policykb.corpus.files import write_atomic
from policykb.corpus.models import Document
from policykb.kb.references import Reference, Resolver

if TYPE_CHECKING:
    from policykb.indexer.library import Library
    from policykb.indexer.models import Answer

FILE = "references.json"
log = logging.getLogger("policykb")
VERSION = 3  # of the reader in kb/references.py: a new one reads every document again


@dataclass(frozen=True)
class Citing:
    """A reference seen from the clause it points to."""

    clause_id: str  # where it is written
    text: str

    def record(self) -> dict[str, Any]:
        return {"clause_id": self.clause_id, "text": self.text}


class References:
    def __init__(self, refs: list[Reference]) -> None:
        self.refs = refs
        self._from: dict[str, list[Reference]] = {}
        self._to: dict[str, list[Citing]] = {}
        for ref in refs:
            self._from.setdefault(ref.clause_id, []).append(ref)
            if ref.target is not None:
                self._to.setdefault(ref.target, []).append(Citing(ref.clause_id, ref.text))

    def of(self, clause_id: str) -> list[Reference]:
        """The references written in a clause, in reading order."""
        return list(self._from.get(clause_id, []))

    def cited_by(self, clause_id: str) -> list[Citing]:
        """The references that point to a clause (or to a paragraph or item in it)."""
        out = list(self._to.get(clause_id, []))
        prefix = clause_id + "/"
        for target, citing in self._to.items():
            if target.startswith(prefix):
                out += citing
        return out

    def of_document(self, doc_id: str) -> list[Reference]:
        prefix = doc_id + "/"
        return [r for r in self.refs if r.clause_id.startswith(prefix)]


def _key(lib: Library) -> str:
    return f"{VERSION}:{lib.store.meta('index') or ''}:{lib.store.meta('parser') or ''}"


def read_all(lib: Library) -> Iterator[Reference]:
    heads = lib.documents()
    titles = [h.title for h in heads]
    loaded: dict[str, Document] = {}

    def find(title: str) -> Document | None:
        from policykb.indexer.lookup import resolve

        head = resolve(title, heads)
        if head is None:
            return None
        if head.doc_id not in loaded:
            loaded[head.doc_id] = lib.document(head.doc_id)
        return loaded[head.doc_id]

    for doc in lib.store.documents():
        resolver = Resolver(doc, find, titles)
        for clause in doc.clauses:
            yield from resolver.references(clause)


_LOADED: dict[str, tuple[str, References]] = {}  # home → (key, references): read once per process


def loaded(lib: Library) -> References | None:
    """The references if this process has read them for this state of the library (no waiting)."""
    found = _LOADED.get(str(lib.home))
    return found[1] if found is not None and found[0] == _key(lib) else None


def references(lib: Library) -> References:
    """The library's references, from the cache when it is of this state of the library."""
    key = _key(lib)
    found = _LOADED.get(str(lib.home))
    if found is not None and found[0] == key:
        return found[1]
    refs = _read(lib, key)
    _LOADED[str(lib.home)] = (key, refs)
    return refs


def _read(lib: Library, key: str) -> References:
    path = lib.home / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("key") == key:
            return References([Reference(r["clause_id"], r["text"], (r["span"][0], r["span"][1]), r["target"],
                                         r.get("document")) for r in data["references"]])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass  # none yet, or damaged: read again
    refs = list(read_all(lib))
    data = {"key": key, "references": [{"clause_id": r.clause_id, "text": r.text, "span": list(r.span),
                                        "target": r.target, "document": r.doc_title} for r in refs]}
    try:
        write_atomic(path, json.dumps(data, ensure_ascii=False))
    except OSError:
        pass  # a read-only home: the references are still right, only read again next time
    return References(refs)


QUOTED = 2  # clauses quoted beside one answer at most


def quote(answer: Answer, lib: Library) -> Answer:
    """The answer with the clauses its sentence refers to quoted: "…依照本法第二十二条规定处理" is
    read with 第二十二条 beside it. Only references written in the answering sentence itself, to
    another clause than the one cited."""
    from policykb.indexer.models import Quote

    if not answer.answer or not answer.citations:
        return answer
    top = answer.citations[0]
    quoted: list[Quote] = []
    try:
        refs = references(lib).of(top.clause_id)
    except Exception:  # noqa: BLE001 — quoting is an extra: a reader's bug must not cost the answer
        log.exception("reading the references failed")
        return answer
    for ref in refs:
        if ref.target is None or ref.target == top.clause_id or ref.text not in answer.answer \
                or any(q.clause_id == ref.target for q in quoted):
            continue
        doc = lib.document(ref.target.split("/", 1)[0])
        clause = doc.clause(ref.target)
        if clause is not None:
            quoted.append(Quote(text=ref.text, clause_id=clause.clause_id, doc_title=doc.title, path=clause.path,
                                clause_text=clause.text))
        if len(quoted) == QUOTED:
            break
    return answer.model_copy(update={"quoted": quoted}) if quoted else answer
