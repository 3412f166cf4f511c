"""An integrity check of a library home (`policykb check`): what is wrong, and the command that
mends it without losing a document.

It reads what every command relies on — the store (SQLite's own integrity check, then each
document: its stored source present with the hash recorded, its parse and clauses readable), the
search index (opens, built for these documents by this analyzer) and the catalog — and reports
each problem in one line. It changes nothing.
"""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from policykb.corpus.errors import PolicyKBError
from policykb.indexer import index as clause_index
from policykb.indexer import messages as M
from policykb.indexer.library import Library
from policykb.indexer.store import FILE

REBUILD = M.REBUILD


@dataclass
class Report:
    documents: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fix: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check(home: Path) -> Report:
    report = Report()
    if not (home / FILE).exists():
        report.problems.append(M.CHECK_NO_STORE.format(path=home / FILE))
        report.fix = REBUILD if any((home / "documents").glob("*")) else M.FIRST_RUN
        return report
    lib = Library(home)
    try:
        store = lib.store
        damage = store.integrity()
        stored = store.stored()
    except PolicyKBError as exc:
        report.problems.append(exc.message)
        report.fix = REBUILD
        return report
    if damage:  # one line, not SQLite's dump (130 lines for 28 problems)
        first = " ".join(damage[0].split())
        report.problems.append(M.CHECK_STORE_DAMAGE_COUNT.format(path=home / FILE, n=len(damage),
                                                                 first=first if len(first) <= 60 else first[:60] + "…"))
    report.documents = len(stored)
    lost: list[str] = []  # originals whose stored copy is gone: only adding them again mends that
    for entry in stored:
        source = home / "documents" / entry.file
        try:
            if hashlib.sha256(source.read_bytes()).hexdigest() != entry.sha256:
                report.problems.append(M.CHECK_SOURCE_CHANGED.format(doc_id=entry.doc_id, source=source))
        except OSError:
            report.problems.append(M.CHECK_SOURCE_MISSING.format(doc_id=entry.doc_id, source=source,
                                                                 original=entry.original))
            lost.append(entry.original)
        try:
            store.document(entry.doc_id)
        except PolicyKBError:
            report.problems.append(M.CHECK_PARSE_DAMAGED.format(doc_id=entry.doc_id))
    staged = store.staged()
    if staged:
        report.notes.append(M.CHECK_STAGED.format(n=len(staged)))
    quarantined = lib.folder.quarantined()
    if quarantined:
        report.notes.append(M.CHECK_QUARANTINE.format(folder=lib.folder.quarantine, n=len(quarantined)))
    index_dir = lib.index_dir()
    if index_dir is None or not index_dir.is_dir():
        report.problems.append(M.CHECK_NO_INDEX)
    else:
        why = clause_index.check(index_dir, lib.analyzer())
        indexed = set(clause_index.read_meta(index_dir).get("docs", {}))
        if why:
            report.problems.append(M.CHECK_INDEX_STALE.format(why=why))
        elif indexed != {e.doc_id for e in stored}:
            report.problems.append(M.CHECK_INDEX_MISMATCH.format(indexed=len(indexed), stored=len(stored)))
        else:
            try:
                clause_index.ClauseIndex(index_dir, lib.analyzer()).close()
            except clause_index.IndexMismatch as exc:
                report.problems.append(M.CHECK_INDEX_BROKEN.format(why=exc))
    missing = store.unextracted()
    if missing:
        report.notes.append(M.CHECK_UNEXTRACTED.format(n=len(missing)))
    lib.close()
    if report.problems and report.fix is None:
        # a rebuild cannot bring back a lost original (it keeps the document's parse): when that is
        # all that is wrong, the mend is to add the original files again
        only_lost = len(lost) == len(report.problems)
        report.fix = "policykb add " + " ".join(shlex.quote(p) for p in lost) if only_lost else REBUILD
    return report
