"""The requirement catalog as the library stores it: each question reads only the rows it needs.

`StoredCatalog` answers what `kb.catalog.Catalog` answers (select, for_clauses, clause_ids, doc,
binds_school) without loading the whole catalog: the store narrows the rows by document, clause,
topic, school type, modality and whether a row binds the school side; overridden rows always come
back; the overrides are laid over them and `Catalog` filters exactly.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from policykb.corpus.errors import DamagedLibraryError
from policykb.indexer import messages as M
from policykb.indexer.store import RequirementRow, Store
from policykb.kb.catalog import Catalog, DocInfo, apply_overrides
from policykb.kb.models import Requirement

CHUNK = 2000  # rows validated at a time when a listing streams


class StoredCatalog:
    def __init__(self, store: Store, groups: dict[str, str]) -> None:
        self._store = store
        self.groups = groups
        with store.reading():
            infos = store.infos()
            self._shares = store.shares()
            self._overrides = store.overrides()
            self.stale = store.unmatched_overrides() if self._overrides else []
        self.docs = {doc_id: DocInfo(doc_id, title, status, kind, place) for doc_id, title, status, kind, place in infos}

    def _load(self, rows: Iterable[RequirementRow]) -> list[Requirement]:
        try:
            reqs = [Requirement.model_validate_json(r.data) for r in rows]
        except ValueError as exc:  # a damaged row: one line naming the file, not the row's bytes
            raise DamagedLibraryError(self._store.path, M.REQUIREMENT_UNREADABLE) from exc
        if self._overrides:
            reqs, _ = apply_overrides(reqs, self._overrides, M.OVERRIDES_SOURCE)
        return reqs

    def _view(self, reqs: list[Requirement]) -> Catalog:
        return Catalog(reqs, self.docs, self.groups, self.stale, shares=self._shares)

    @property
    def requirements(self) -> list[Requirement]:
        return self._load(self._store.requirement_rows())

    def requirement(self, req_id: str) -> Requirement | None:
        found = self._load(self._store.requirement_rows(req_ids=[req_id]))
        return found[0] if found else None

    def doc(self, req: Requirement) -> DocInfo:
        return self.doc_info(req.doc_id)

    def binds_school(self, req: Requirement) -> bool:
        return self._view([]).binds_school(req)

    def select(self, doc_ids: Sequence[str] | None = None, topic: str | None = None, actor: str | None = None,
               school_type: str | None = None, attributes: Iterable[str] | None = None,
               modality: str | None = None, excluded: bool = False, others: bool = False) -> list[Requirement]:
        return list(self.iter_select(doc_ids, topic, actor, school_type, attributes, modality, excluded, others))

    def iter_select(self, doc_ids: Sequence[str] | None = None, topic: str | None = None, actor: str | None = None,
                    school_type: str | None = None, attributes: Iterable[str] | None = None,
                    modality: str | None = None, excluded: bool = False,
                    others: bool = False) -> Iterator[Requirement]:
        """`select`, a chunk of rows at a time (`Catalog.select` decides row by row): listing a
        large catalog never holds it all in memory."""
        rows = self._store.iter_requirement_rows(doc_ids=doc_ids, topic=topic, school_type=school_type,
                                                 school_only=school_type is not None and not others,
                                                 modality=modality)
        attrs = None if attributes is None else list(attributes)
        with contextlib.closing(rows):  # the store's snapshot ends with the listing, however it ends
            while chunk := list(itertools.islice(rows, CHUNK)):
                yield from self._view(self._load(chunk)).select(doc_ids, topic, actor, school_type, attrs, modality,
                                                                excluded, others)

    def select_json(self, doc_ids: Sequence[str] | None = None, topic: str | None = None,
                    school_type: str | None = None, modality: str | None = None) -> Iterator[str]:
        """What `select` gives for these filters (no actor, no attributes), each requirement as a
        JSON object with its document's title and status — streamed from the stored JSON: listing
        the whole catalog of a large library validates no row that no override touches."""
        tails: dict[str, str] = {}
        rows = self._store.iter_requirement_rows(doc_ids=doc_ids, topic=topic, school_type=school_type,
                                                 school_only=school_type is not None, modality=modality)
        with contextlib.closing(rows):
            yield from self._json_rows(rows, doc_ids, topic, school_type, modality, tails)

    def _json_rows(self, rows: Iterable[RequirementRow], doc_ids: Sequence[str] | None, topic: str | None,
                   school_type: str | None, modality: str | None, tails: dict[str, str]) -> Iterator[str]:
        for row in rows:
            data = row.data
            if row.req_id in self._overrides:
                found = self._view(self._load([row])).select(doc_ids, topic, None, school_type, None, modality)
                if not found:
                    continue
                data = found[0].model_dump_json()
            tail = tails.get(row.doc_id)
            if tail is None:
                info = self.doc_info(row.doc_id)
                tail = tails[row.doc_id] = (f',"doc_title":{json.dumps(info.title, ensure_ascii=False)},'
                                            f'"status":{json.dumps(info.status, ensure_ascii=False)}}}')
            yield data[:-1] + tail

    def doc_info(self, doc_id: str) -> DocInfo:
        return self.docs.get(doc_id) or DocInfo(doc_id, doc_id, "", "")

    def clause_ids(self, topic: str) -> set[str]:
        return self._view(self._load(self._store.requirement_rows(topic=topic))).clause_ids(topic)

    def for_clauses(self, clause_ids: Iterable[str]) -> list[Requirement]:
        wanted = list(clause_ids)
        return self._view(self._load(self._store.requirement_rows(clause_ids=wanted))).for_clauses(wanted)


def extracted_rows(reqs: list[Requirement], info: DocInfo, groups: dict[str, str]) -> tuple[list[Any], float]:
    """A document's requirements with whether each binds the school side, and the document's share."""
    view = Catalog(reqs, {info.doc_id: info}, groups)
    return [(r, view.binds_school(r)) for r in reqs], view.school_share(info.doc_id)
