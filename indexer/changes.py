"""Changing a library: adding files, restoring documents whose sources are already kept, removing
one, setting where one binds, reading everything again, rebuilding the index, extracting the
requirements — every change the library makes, top to bottom.

Every change passes named write points (indexer/faults.py): sources copied, parses written (an
add's parses are staged in the store first), index built (a new generation folder, hard links to
the current one plus what changed), catalog written, and the generation switched — one store
transaction that makes the change visible at once. The old generation is swept after. A change
that fails or is killed before the switch leaves the library as it was; the next writer sweeps
what it left. An add of many files commits in batches: when it is interrupted, the finished
batches stay and the next `add` finishes the rest.

`Changes` takes what it works on — the home folder (its lock, its word lists) and the store —
not a `Library`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policykb.corpus.errors import PolicyKBError, ReadError
from policykb.corpus.meta import version_key
from policykb.corpus.models import DocHead, Document
from policykb.corpus.parse import PARSER_VERSION, doc_id_for, link_versions, parse
from policykb.corpus.read import SUPPORTED, read
from policykb.indexer import faults
from policykb.indexer import index as clause_index
from policykb.indexer import messages as M
from policykb.indexer.home import (
    Home,
    Notice,
    Progress,
    forget_list,
    name_file,
    read_name,
    stored_name,
    write_name,
)
from policykb.indexer.lookup import no_document
from policykb.indexer.progress import Stages
from policykb.indexer.store import Store, Stored, Writer
from policykb.indexer.stored_catalog import extracted_rows
from policykb.kb.catalog import DocInfo
from policykb.kb.extract import Extractor

if TYPE_CHECKING:
    from policykb.indexer.prepare import Ready

# The shares of one progress bar that reading, indexing and extracting take (as measured on the
# bundled library: indexing is most of the wait).
ADD_SHARES = ((M.READING, 10), (M.INDEXING, 75), (M.EXTRACTING, 15))
# An add commits this many documents at a time: a batch's index postings fit in memory, and an
# interrupted add keeps what it finished.
BATCH = 300


@dataclass
class AddResult:
    added: list[DocHead] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    resumed: int = 0  # documents of an earlier, interrupted add finished by this one
    restored: list[tuple[str, str]] = field(default_factory=list)  # (file, doc id): a lost source given back


def expand(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to add: files as given, folders recursively (files of other types there are skipped).
    A sub-folder that cannot be read refuses the whole add, naming it: skipping it silently would
    add part of what the user asked for."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    unreadable: list[str] = []
    for p in paths:
        if not p.is_dir():
            files.append(p)
            continue
        found = []
        for folder, dirs, names in os.walk(p, onerror=lambda e: unreadable.append(str(e.filename))):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [Path(folder) / n for n in names if not n.startswith(".") and (Path(folder) / n).is_file()]
        for child in sorted(found):
            if child.suffix.lower() in SUPPORTED:
                files.append(child)
            else:
                skipped.append((str(child), M.NOT_READ_SUFFIX.format(suffix=child.suffix)))
    if unreadable:
        raise ReadError(M.UNREADABLE_FOLDERS.format(folders="、".join(unreadable[:5])))
    return files, skipped



class _Copies:
    """Documents already in the library (or staged earlier in this add) by title and date, to tell a
    copy of one in another file (the same law as .md and as .html) from a new version of it. Their
    words are read only when a document of the same title and date comes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ids: dict[tuple[str, Any], list[str]] = {}
        for h in store.heads():
            self.ids.setdefault(self._key(h), []).append(h.doc_id)
        self.staged: dict[str, str] = {}  # doc id → content hash, for those staged in this add
        self.words: dict[str, str] = {}

    @staticmethod
    def _key(d: DocHead | Document) -> tuple[str, Any]:
        return version_key(d.title), d.version_date or d.issued

    @staticmethod
    def _words(d: Document) -> str:
        return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", "".join(c.text for c in d.clauses)))

    def same(self, doc: Document) -> Document | None:
        """The document this one copies (same title, date and words; spaces, punctuation and width
        aside), or None."""
        alike = self.ids.get(self._key(doc), [])
        if not alike:
            return None
        mine = self._words(doc)
        for doc_id in alike:
            if doc_id not in self.words:
                other = self._document(doc_id)
                self.words[doc_id] = self._words(other) if other is not None else ""
            if self.words[doc_id] == mine:
                return self._document(doc_id)
        return None

    def _document(self, doc_id: str) -> Document | None:
        return (self.store.staged_document(self.staged[doc_id]) if doc_id in self.staged
                else self.store.document(doc_id))

    def add(self, doc: Document, sha256: str) -> None:
        self.ids.setdefault(self._key(doc), []).append(doc.doc_id)
        self.staged[doc.doc_id] = sha256



class Changes:
    """The changes to the library in `folder` whose records are `store`."""

    def __init__(self, folder: Home, store: Store) -> None:
        self.folder = folder
        self.store = store

    def _adopt_quarantined(self, notice: Notice | None) -> list[tuple[Stored, Document]]:
        """The sources in quarantine, read and moved back among the stored sources, under the id
        written beside each (or their title). A source that cannot be read stays in quarantine. If
        the change then fails, the next sweep puts them back in quarantine."""
        taken: list[tuple[Stored, Document]] = []
        ids = {s.doc_id for s in self.store.stored()}
        known = {s.sha256 for s in self.store.stored()}
        for source in self.folder.quarantined():
            try:
                raw = read(source)
            except (OSError, PolicyKBError):
                continue
            sha = raw.sha256
            if sha in known:
                continue  # the same file is in the library: the sweep drops this copy
            doc_id, original = read_name(source)
            doc_id = doc_id or doc_id_for(Path(original))
            if doc_id in ids:
                doc_id = f"{doc_id}~{sha[:6]}"
            doc = parse(raw, doc_id, source_path=original)
            stored = Stored(doc_id, sha, source.name, original)
            os.replace(source, self.folder.documents / source.name)
            write_name(self.folder.documents, stored)
            with contextlib.suppress(OSError):
                source.with_suffix(".json").unlink()
            ids.add(doc_id)
            known.add(sha)
            taken.append((stored, doc))
            if notice:
                notice(M.TAKEN_BACK.format(doc_id=doc_id, original=original))
        return taken

    def _index_dir(self) -> Path | None:
        name = self.store.meta("index")
        return self.folder.path / name if name else None

    def _head(self, doc_id: str) -> DocHead:
        head = self.store.head(doc_id)
        if head is None:
            raise no_document(doc_id, self.store.heads())
        return head

    # -- the index, whole ------------------------------------------------------------------
    def rebuild_index(self, notice: Notice | None, reason: str | None, progress: Progress | None = None) -> Path:
        """A new index of every document, switched in (the current one is missing, or was built by
        another schema or analyzer: `reason`). Returns its folder."""
        if notice:
            notice(M.REBUILDING_INDEX.format(reason=reason))
        with self.folder.lock():
            fresh = self.folder.fresh_index_dir()
            try:
                self._build_all(fresh, progress)
                self.store.set_meta(index=fresh.name)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            self.folder.settle(self.store)
        return fresh

    # -- the requirements ------------------------------------------------------------------
    def extract(self, notice: Notice | None = None) -> None:
        """The requirements of documents not yet extracted (or extracted by another extractor or
        other word lists), extracted and stored."""
        store = self.store
        key = self.folder.catalog_key()
        if store.meta("catalog") == key and not store.unextracted():
            return
        if notice:
            notice(M.BUILDING_CATALOG)
        with self.folder.lock():
            fresh = store.meta("catalog") != key
            todo = [s.doc_id for s in store.stored()] if fresh else store.unextracted()
            with store.writing() as w:
                if fresh:
                    w.clear_requirements()
                self._extract(w, store.documents(todo), len(todo), None)
                w.set_meta(catalog=key)

    def _build_all(self, fresh: Path, progress: Progress | None, links: dict[str, DocHead] | None = None,
                   add: Iterable[clause_index.Prepared] = (), count: int = 0, skip: set[str] | None = None) -> None:
        """An index of every stored document but `skip` (version links as `links` set them) and
        `add` (`count` of them), streamed a document at a time."""
        links, skip = links or {}, skip or set()

        def items() -> Iterator[clause_index.Prepared]:
            for doc in self.store.documents():
                if doc.doc_id not in skip:
                    yield clause_index.prepare(_linked(doc, links.get(doc.doc_id)), self.folder.analyzer())
            yield from add

        total = sum(s.doc_id not in skip for s in self.store.stored()) + count
        clause_index.build(fresh, items(), total, self.folder.analyzer(), progress)

    def _next_index(self, add: Iterable[clause_index.Prepared], count: int, delete: list[str],
                    heads: list[DocHead], removed: str | None = None, progress: Progress | None = None,
                    merge: bool = True) -> Path:
        """The next index generation, built aside: the current one (as hard links) with `delete`
        (documents removed or re-linked) taken out and `add` put in, or every document from scratch
        when the current one cannot be used. `heads` are the documents whose links the change set."""
        fresh = self.folder.fresh_index_dir()
        try:
            current = self._index_dir()
            if current and current.is_dir() and clause_index.check(current, self.folder.analyzer()) is None:
                docs = clause_index.read_meta(current).get("docs", {})
                docs.pop(removed, None)
                docs.update(clause_index.docs_meta(heads))
                clause_index.update(current, fresh, add, count, delete, docs, self.folder.analyzer(), progress, merge)
            else:
                self._build_all(fresh, progress, {h.doc_id: h for h in heads}, add, count, set(delete))
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        return fresh

    def _extract(self, w: Writer, docs: Iterable[Document], total: int, progress: Progress | None) -> None:
        extractor = Extractor(self.folder.vocabulary())
        groups = self.folder.vocabulary().groups
        for n, doc in enumerate(docs):
            if progress:
                progress(n, max(total, 1), doc.title)
            rows, share = extracted_rows(extractor.document(doc), DocInfo(doc.doc_id, doc.title, doc.status, doc.kind),
                                         groups)
            w.put_requirements(doc.doc_id, rows, share)

    def add(self, paths: list[Path], progress: Progress | None = None, locked: bool = False) -> AddResult:
        """Add files or folders. Every file is read and parsed before anything is added: one
        unreadable file and nothing is added. Then the documents are indexed and committed in
        batches; an interrupted add keeps the finished batches and the next add finishes it."""
        if not paths:
            raise PolicyKBError(M.NOTHING_TO_ADD)
        ctx = contextlib.nullcontext() if locked else self.folder.lock()
        with ctx:
            files, skipped = expand([Path(p) for p in paths])
            stages = Stages(progress, ADD_SHARES)
            result = AddResult(skipped=skipped, resumed=len(self.store.staged()))
            mine = self._stage(files, result, stages.phase(M.READING))
            result.added = self._commit_staged(mine, stages)
            stages.done()
            return result

    def _stage(self, files: list[Path], result: AddResult, reading: Progress | None) -> set[str]:
        """Read and parse every file, copy its source into the library and stage its parse, in one
        transaction; on any failure nothing is staged and the copies go. Returns the staged hashes."""
        store = self.store
        entries = {s.sha256: s for s in store.stored()}
        known = {s.sha256: s.doc_id for s in [*entries.values(), *store.staged()]}
        ids = set(known.values())
        copied: list[Path] = []
        mine: set[str] = set()
        try:
            with store.writing() as w:
                bad: list[str] = []  # every file that cannot be read, not only the first: then nothing is added
                copies = _Copies(store)
                for n, path in enumerate(files, start=1):
                    if reading:
                        reading(n - 1, len(files), path.name)
                    try:
                        raw = read(path)
                    except ReadError as exc:
                        bad.append(exc.message)
                        continue
                    if bad:
                        continue  # nothing will be added: only look for the other bad files
                    if raw.sha256 in known:
                        entry = entries.get(raw.sha256)
                        if entry is not None and not (self.folder.documents / entry.file).exists():
                            # the library's copy was lost: this file is it, taken back (kept if the add fails)
                            shutil.copyfile(path, self.folder.documents / entry.file)
                            write_name(self.folder.documents, entry)
                            result.restored.append((str(path), entry.doc_id))
                            continue
                        result.skipped.append((str(path), M.ALREADY_THERE.format(doc_id=known[raw.sha256])))
                        continue
                    doc_id = doc_id_for(path)
                    if doc_id in ids:
                        doc_id = f"{doc_id}~{raw.sha256[:6]}"
                    doc = parse(raw, doc_id, source_path=str(path))
                    if not doc.text.strip():
                        bad.append(M.NO_BODY.format(path=path))
                        continue
                    same = copies.same(doc)
                    if same is not None:  # the same law as .md and as .html: a duplicate, not a newer version
                        result.skipped.append((str(path), copy_note(doc, same)))
                        continue
                    name = f"{stored_name(raw.sha256)}{path.suffix.lower()}"
                    copy = self.folder.documents / name
                    stored = Stored(doc_id, raw.sha256, name, str(path))
                    copied += [copy, name_file(copy.parent, stored)]
                    shutil.copyfile(path, copy)
                    write_name(copy.parent, stored)
                    faults.point("sources-copied")
                    w.stage(doc, stored)
                    copies.add(doc, raw.sha256)
                    known[raw.sha256] = doc_id
                    ids.add(doc_id)
                    mine.add(raw.sha256)
                if len(bad) == 1:
                    raise ReadError(bad[0])
                if bad:
                    # numbered with no space after: at 80 columns a "- " bullet stood alone before a long path
                    shown = "\n".join(f"（{n}）{b}" for n, b in enumerate(bad[:10], start=1))
                    more = "\n" + M.UNREADABLE_MORE.format(n=len(bad) - 10) if len(bad) > 10 else ""
                    raise ReadError(M.UNREADABLE_FILES.format(n=len(bad), files=shown + more))
                faults.point("parsed-written")
        except BaseException:
            for p in copied:
                with contextlib.suppress(OSError):
                    p.unlink()
            raise
        return mine

    def restore(self, items: Iterable[tuple[Document, Stored]], progress: Progress | None = None,
                locked: bool = False) -> list[DocHead]:
        """Fill this library with documents whose sources are already in `documents/` (a migration
        or a recovery): staged, then indexed and committed like an add."""
        with contextlib.nullcontext() if locked else self.folder.lock():
            stages = Stages(progress, ADD_SHARES)
            mine = set()
            with self.store.writing() as w:
                for doc, stored in items:
                    write_name(self.folder.documents, stored)
                    w.stage(doc, stored)
                    mine.add(stored.sha256)
            added = self._commit_staged(mine, stages)
            stages.done()
            return added

    def _relink(self, add: list[DocHead], remove: DocHead | None = None) -> tuple[list[DocHead], list[DocHead]]:
        """After adding `add` / removing `remove`: the heads of the version groups that touches (the
        documents sharing a version key with them — no other document's links can change), linked
        again, and those of the documents already there whose links changed."""
        keys = {version_key(h.title) for h in [*add, *([remove] if remove else [])]}
        group = [d for d, title in self.store.titles() if version_key(title) in keys]
        both = self.store.head_pairs(group) if group else []
        now = {h.doc_id: h for _, h in both}
        parsed = [h for h, _ in both if remove is None or h.doc_id != remove.doc_id]
        after = link_versions([*parsed, *add])
        changed = [h for h in after if h.doc_id in now and _links(h) != _links(now[h.doc_id])]
        return after, changed

    def _commit_staged(self, mine: set[str], stages: Stages) -> list[DocHead]:
        """Index, extract and commit the staged documents, a batch at a time; each batch is one
        generation switch. Returns the heads of the documents added."""
        from policykb.indexer.prepare import Preparer

        store = self.store
        staged = store.staged()
        indexing, writing = stages.phase(M.INDEXING), stages.phase(M.EXTRACTING)
        added: list[DocHead] = []
        if not staged:
            if self._index_dir() is None:  # a new, empty library still gets an index
                self._switch(iter(()), [], {}, 1, indexing, writing)
            return added
        heads = store.staged_heads()
        preparer = Preparer(self.folder.path, store, len(staged))
        try:
            stream = preparer.documents(staged)
            for start in range(0, len(staged), BATCH):
                batch = staged[start:start + BATCH]
                items = itertools.islice(stream, len(batch))
                added += self._switch(items, batch, heads, len(staged), indexing, writing, start,
                                      merge=len(staged) <= BATCH)
        except BaseException:
            if not added:  # nothing of this add happened: no trace of it stays (a kill leaves it staged)
                with contextlib.suppress(Exception), store.writing() as w:
                    w.unstage(mine)
                with contextlib.suppress(Exception):
                    self.folder.sweep(self.store, forget=[s for s in staged if s.sha256 in mine])
            raise
        finally:
            preparer.close()
        return added

    def _switch(self, items: Iterator[tuple[Stored, Document, Ready] | None], batch: list[Stored],
                heads: dict[str, DocHead], total: int, indexing: Progress | None, writing: Progress | None,
                start: int = 0, merge: bool = True) -> list[DocHead]:
        """One generation: the index with the batch's prepared documents added (as they arrive from
        the preparer, their version links applied), their rows and requirements written and the
        batch unstaged, switched in one transaction."""
        store = self.store
        after, changed = self._relink([heads[s.sha256] for s in batch if s.sha256 in heads])
        links = {h.doc_id: h for h in after}
        relinked = [clause_index.prepare(_linked(d, links[d.doc_id]), self.folder.analyzer())
                    for d in store.documents([h.doc_id for h in changed])] if changed else []
        kept: list[tuple[Stored, Document, Ready]] = []

        def arriving() -> Iterator[clause_index.Prepared]:
            yield from relinked
            for item in items:
                if item is not None:
                    kept.append(item)
                    link = links[item[1].doc_id]
                    yield item[2].index.relabel(link.status, link.superseded_by)

        def part(progress: Progress | None) -> Progress | None:
            if progress is None:
                return None
            return lambda n, of, label: progress(start * of + n * len(batch), total * of, label) if of else None

        fresh = self._next_index(arriving(), len(relinked) + len(batch), [h.doc_id for h in changed], after,
                                 progress=part(indexing), merge=merge)
        try:
            faults.point("index-built")
            report = part(writing)
            with store.writing() as w:
                for n, (stored, doc, ready) in enumerate(kept):
                    if report:
                        report(n, len(kept), doc.title)
                    w.put_document(doc, stored)
                    w.put_requirements(doc.doc_id, ready.requirements, ready.share)
                w.set_links(after)
                w.unstage(s.sha256 for s in batch)
                w.set_meta(index=fresh.name, catalog=self.folder.catalog_key())
                faults.point("catalog-written")
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        self.folder.settle(self.store)
        return [links[doc.doc_id] for _, doc, _ in kept]

    def remove(self, doc_id: str) -> DocHead:
        with self.folder.lock():
            head = self._head(doc_id)
            store = self.store
            source = [s for s in store.stored() if s.doc_id == head.doc_id]
            after, changed = self._relink([], remove=head)
            links = {h.doc_id: h for h in after}
            relinked = [clause_index.prepare(_linked(d, links[d.doc_id]), self.folder.analyzer())
                        for d in store.documents([h.doc_id for h in changed])]
            fresh = self._next_index(relinked, len(relinked), [head.doc_id, *(h.doc_id for h in changed)], after,
                                     removed=head.doc_id)
            try:
                faults.point("index-built")
                with store.writing() as w:
                    w.remove_document(head.doc_id)
                    w.set_links(after)
                    # its source is deleted by the sweep, this one's or, if killed, the next writer's
                    w.set_meta(index=fresh.name, forget=forget_list(self.folder, source))
                    faults.point("catalog-written")
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            self.folder.settle(self.store)  # its source goes with the old generation
            return head

    def set_place(self, doc_id: str, place: tuple[str, ...]) -> DocHead:
        """Say where a document binds (when its text does not tell, or tells wrongly); kept across
        every later parse and re-index."""
        with self.folder.lock():
            head = self._head(doc_id)
            with self.store.writing() as w:
                w.set_place(head.doc_id, place)
            return self.store.head(head.doc_id) or head

    def reread(self, progress: Progress | None = None, notice: Notice | None = None) -> list[DocHead]:
        """Parse every document again from its stored source, index and extract it all anew; the
        library switches to the result in one transaction. A document whose stored source is gone
        keeps the parse it has (and `notice` says how to give the source back); the sources in
        quarantine are taken back as documents."""
        with self.folder.lock():
            store = self.store
            adopted = self._adopt_quarantined(notice)
            stored = store.stored()
            stages = Stages(progress, ADD_SHARES)
            reading = stages.phase(M.READING)
            fresh = self.folder.fresh_index_dir()
            self.folder.reread_vocabulary()  # word lists may have been edited
            try:
                with store.writing() as w:
                    parsed = []
                    for n, entry in enumerate([*stored, *(s for s, _ in adopted)]):
                        if reading:
                            reading(n, len(stored) + len(adopted), entry.doc_id)
                        if n >= len(stored):  # taken back from quarantine
                            doc = adopted[n - len(stored)][1]
                            w.put_document(doc, entry)
                            parsed.append(doc.head())
                            continue
                        source = self.folder.documents / entry.file
                        try:
                            doc = parse(read(source), entry.doc_id, source_path=entry.original)
                        except ReadError:
                            if source.exists():
                                raise
                            kept = store.document(entry.doc_id)  # its source is gone: its parse stays
                            if kept is None:
                                raise
                            if notice:
                                notice(M.SOURCE_GONE_KEPT.format(doc_id=entry.doc_id, original=entry.original))
                            parsed.append(kept.head())
                            continue
                        w.replace_document(doc)
                        parsed.append(doc.head())
                    faults.point("parsed-written")
                    after = link_versions(parsed)
                    w.set_links(after)
                    self._build_all(fresh, stages.phase(M.INDEXING))
                    faults.point("index-built")
                    self._extract(w, store.documents(), len(stored), stages.phase(M.EXTRACTING))
                    stages.finishing(M.SAVING)  # the commit and the switch take a while: not the last name
                    w.set_meta(index=fresh.name, parser=PARSER_VERSION, catalog=self.folder.catalog_key())
                    faults.point("catalog-written")
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            self.folder.settle(self.store)
            stages.done()
            return self.store.heads()


def copy_note(doc: Document, other: Document) -> str:
    """Why `doc` is skipped as a copy of `other` (never the same file: that is skipped as already
    there before it is parsed), saying where their files differ: in what cleaning removed (an edit
    made where the cleaner takes lines out), in spacing and punctuation only, or in what cleaning
    removed or repaired without a trace in the text."""
    from collections import Counter

    mine, theirs = Counter(r.text for r in doc.report.removed), Counter(r.text for r in other.report.removed)
    only = [*(mine - theirs).elements(), *(theirs - mine).elements()]
    if only:
        shown = "、".join(f"“{t if len(t) <= 20 else t[:20] + '…'}”" for t in only[:3])
        more = f"等 {len(only)} 处" if len(only) > 3 else ""
        return M.SAME_BUT_CLEANED.format(doc_id=other.doc_id, removed=shown + more)
    if doc.text != other.text:
        return M.SAME_BUT_SPACING.format(doc_id=other.doc_id)
    return M.SAME_AFTER_CLEANING.format(doc_id=other.doc_id)


def _links(head: DocHead) -> tuple[str, str | None, str | None]:
    return head.status, head.supersedes, head.superseded_by


def _linked(doc: Document, head: DocHead | None) -> Document:
    if head is None or _links(head) == (doc.status, doc.supersedes, doc.superseded_by):
        return doc
    return doc.model_copy(update={"status": head.status, "supersedes": head.supersedes,
                                  "superseded_by": head.superseded_by})
