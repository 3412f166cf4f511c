"""Preparing staged documents for the index and the catalog — jieba's segmentation and the
requirement extraction, most of an add's work — in a worker process while the adding process
writes the index and the store.

Measured on 695 LawRefBook files (py-spy): segmentation and extraction were 45 % of an add,
Whoosh 44 %, parsing and SQLite the rest; only the first can leave the writing process. On the
2-vCPU machine this was built on the worker gained nothing (110 s against 107 s in-process: the
two vCPUs do not give two cores' worth), so it runs only where there are at least `WORKER_CPUS`
CPUs, or when `POLICYKB_WORKER=1` asks for it (`=0` forbids it). An add of fewer than
`WORKER_FROM` documents is always prepared in-process: a worker's start (a fresh interpreter
loading jieba's dictionary) would cost more than it saves.
The worker reads the staged parses from the store itself (the writer only holds its transaction
while committing a batch, and readers never wait for it); at most `WINDOW` documents are in
flight, so memory stays bounded however large the add.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from policykb.corpus.models import Document
from policykb.indexer import index as clause_index
from policykb.indexer.store import Store, Stored
from policykb.indexer.stored_catalog import extracted_rows
from policykb.kb.catalog import DocInfo
from policykb.kb.extract import Extractor

WORKER_FROM = 40
WORKER_CPUS = 4
WINDOW = 64


@dataclass
class Ready:
    """One document prepared: its clauses for the index, its requirements for the catalog."""

    index: clause_index.Prepared
    requirements: list[tuple[Any, bool]]
    share: float


class _Tools:
    def __init__(self, home: Path) -> None:
        from policykb.indexer.home import Home

        folder = Home(home)  # the word lists only: a worker needs no library
        self.analyzer = folder.analyzer()
        vocabulary = folder.vocabulary()
        self.extractor = Extractor(vocabulary)
        self.groups = vocabulary.groups

    def ready(self, doc: Document) -> Ready:
        rows, share = extracted_rows(self.extractor.document(doc),
                                     DocInfo(doc.doc_id, doc.title, doc.status, doc.kind), self.groups)
        return Ready(clause_index.prepare(doc, self.analyzer), rows, share)


_worker: dict[str, Any] = {}


def _start(home: str, store: str) -> None:
    _worker["tools"] = _Tools(Path(home))
    _worker["store"] = Store(Path(store))


def _work(sha256: str) -> Ready | None:
    doc = _worker["store"].staged_document(sha256)
    return None if doc is None else _worker["tools"].ready(doc)


class Preparer:
    """Documents of an add, in order, each with what the index and the catalog need of it."""

    def __init__(self, home: Path, store: Store, count: int) -> None:
        self.home = home
        self.store = store
        self._tools: _Tools | None = None
        self._pool: ProcessPoolExecutor | None = None
        wanted = os.environ.get("POLICYKB_WORKER")
        if count >= WORKER_FROM and (wanted == "1" or wanted != "0" and (os.cpu_count() or 1) >= WORKER_CPUS):
            self._pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_start,
                                             initargs=(str(home), str(store.path)))

    def tools(self) -> _Tools:
        if self._tools is None:
            self._tools = _Tools(self.home)
        return self._tools

    def documents(self, staged: list[Stored]) -> Iterator[tuple[Stored, Document, Ready] | None]:
        """`(entry, document, prepared)` for each staged entry in order; None for a staged parse
        that cannot be read any more (it is dropped: its file can be added again)."""
        if self._pool is None:
            for entry in staged:
                doc = self.store.staged_document(entry.sha256)
                yield None if doc is None else (entry, doc, self.tools().ready(doc))
            return
        pending: collections.deque[tuple[Stored, Future[Ready | None]]] = collections.deque()
        upcoming = iter(staged)
        for entry in upcoming:
            pending.append((entry, self._pool.submit(_work, entry.sha256)))
            if len(pending) >= WINDOW:
                break
        while pending:
            entry, future = pending.popleft()
            nxt = next(upcoming, None)
            if nxt is not None:
                pending.append((nxt, self._pool.submit(_work, nxt.sha256)))
            ready = future.result()
            doc = self.store.staged_document(entry.sha256)
            yield None if ready is None or doc is None else (entry, doc, ready)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
