"""The library on disk: the documents a user holds, their clauses and requirements, and the index.

Layout of a home directory::

    library.db          the records (indexer/store.py): documents, clauses, requirements, a
                        person's corrections (overrides), the current index generation
    documents/          the library's own copy of every source file, named by its content hash
    index-…/            the Whoosh search index over the clauses (the generation the store names)
    topics.txt, actors.txt
                        optional: the user's own additions to the catalog's word lists
    dict.txt, synonyms.txt, everyday.txt, stopwords.txt, question_words.txt
                        optional: the user's own additions to the analyzer's data files

Every change passes named write points (indexer/faults.py): sources copied, parses written (an
add's parses are staged in the store first), index built (a new generation folder, hard links to
the current one plus what changed), catalog written, and the generation switched — one store
transaction that makes the change visible at once. The old generation is swept after. A change
that fails or is killed before the switch leaves the library as it was; the next writer sweeps
what it left. An add of many files commits in batches: when it is interrupted, the finished
batches stay and the next `add` finishes the rest. A home written by an older release (a
`library.json` manifest) is migrated once. A home that does not exist yet is created and filled
with the bundled documents.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policykb.corpus import messages as CM
from policykb.corpus.errors import (
    DamagedLibraryError,
    EmptyLibraryError,
    NotFoundError,
    PolicyKBError,
    ReadError,
)
from policykb.corpus.files import write_atomic
from policykb.corpus.meta import version_key
from policykb.corpus.models import DocHead, Document
from policykb.corpus.parse import PARSER_VERSION, doc_id_for, link_versions, parse
from policykb.corpus.read import SUPPORTED, read
from policykb.indexer import faults, staging
from policykb.indexer import index as clause_index
from policykb.indexer import messages as M
from policykb.indexer.analyzer import Analyzer, load_lexicon
from policykb.indexer.progress import Stages
from policykb.indexer.search import Engine
from policykb.indexer.store import FILE, Store, Stored, Writer
from policykb.indexer.stored_catalog import StoredCatalog, extracted_rows
from policykb.kb.catalog import DocInfo
from policykb.kb.extract import EXTRACTOR_VERSION, Extractor
from policykb.kb.vocab import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from policykb.indexer.prepare import Ready

Progress = Callable[[int, int, str], None]
Notice = Callable[[str], None]
# The shares of one progress bar that reading, indexing and extracting take (as measured on the
# bundled library: indexing is most of the wait).
ADD_SHARES = ((M.READING, 10), (M.INDEXING, 75), (M.EXTRACTING, 15))
# An add commits this many documents at a time: a batch's index postings fit in memory, and an
# interrupted add keeps what it finished.
BATCH = 300
# What an older release kept in the home (migrated by indexer/migrate.py, swept after).
LEGACY = "library.json"


def default_home() -> Path:
    env = os.environ.get("POLICYKB_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("policykb", appauthor=False))


def bundled_documents() -> list[Path]:
    """The documents a new library starts with (corpus/documents: the five plans and briefings,
    then the education laws in their folders); its README is not one of them."""
    root = Path(str(resources.files("policykb.corpus") / "documents"))
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
             and p.name != "README.md" and not p.name.startswith(".")]
    return sorted(files, key=lambda p: (len(p.relative_to(root).parts), p.as_posix()))


def stored_name(sha256: str) -> str:
    """The name a document's stored source takes: its content hash, so two documents can never
    share a file (names from ids did: 校规:2024 and 校规|2024 both became 校规-2024)."""
    return sha256[:32]


def name_file(folder: Path, stored: Stored) -> Path:
    """Beside each stored source, the id and original path it was added under (`<hash>.json`): if
    the store is ever lost, a rebuild from the sources gives every document its own id back."""
    return folder / f"{stored_name(stored.sha256)}.json"


def write_name(folder: Path, stored: Stored) -> None:
    write_atomic(name_file(folder, stored), json.dumps({"doc_id": stored.doc_id, "original": stored.original},
                                                       ensure_ascii=False))


@dataclass
class AddResult:
    added: list[DocHead] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    resumed: int = 0  # documents of an earlier, interrupted add finished by this one


class Library:
    """A policykb home directory."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._store: Store | None = None
        self._analyzer: Analyzer | None = None
        self._vocab: Vocabulary | None = None
        self._engine: Engine | None = None
        self._catalog: tuple[tuple[object, ...], StoredCatalog] | None = None

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, home: Path | None = None, progress: Progress | None = None,
             notice: Notice | None = None, reread: bool = True) -> Library:
        """Open a library, creating it with the bundled documents if it does not exist yet, and
        migrating it once if an older release wrote it. A library an older parser read is read
        again (unless `reread` is False: the app does that with a progress bar, see `outdated`)."""
        lib = cls(home or default_home())
        if not (lib.home / FILE).exists():
            if (lib.home / LEGACY).exists():
                from policykb.indexer.migrate import migrate

                migrate(lib.home, progress, notice)
            elif any((lib.home / "documents").glob("*")):
                raise DamagedLibraryError(lib.home / FILE, M.STORE_GONE)
            else:
                return cls.create(lib.home, bundled_documents(), progress)
        if reread and lib.outdated():
            lib.index(progress=progress)
        return lib

    def outdated(self) -> bool:
        """Read by an older parser: its documents are read again on opening (a minute for thousands)."""
        return self.store.meta("parser") != PARSER_VERSION

    @classmethod
    def create(cls, home: Path, files: list[Path], progress: Progress | None = None) -> Library:
        """A new library at `home` holding `files`. It is built in a folder beside `home` and moved
        into place only when complete: a build that is killed or fails leaves no library, and the
        next start builds again. When another process has just built it, that library is opened."""
        with staging.build_folder(home) as build:
            if (home / FILE).exists():
                return cls(home)
            staging.carry_user_files(home, build)
            lib = cls(build)
            with lib._lock():
                (build / "documents").mkdir()
                lib.new_store()
                if files:
                    lib.add(files, progress=progress, _locked=True)
            lib.close()
            staging.move_into_place(build, home)
        return cls(home)

    def new_store(self) -> Store:
        """An empty store for this home (a new library, a migration or a recovery)."""
        self._store = Store(self.home / FILE, create=True)
        self._store.set_meta(parser=PARSER_VERSION)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def store(self) -> Store:
        if self._store is None:
            path = self.home / FILE
            if not path.exists():
                raise NotFoundError(M.NO_LIBRARY.format(home=self.home), title=M.NO_LIBRARY_TITLE)
            self._store = Store(path)
        return self._store

    def require_documents(self) -> None:
        """Raise `EmptyLibraryError` when the library holds no document: every answer would be empty."""
        if not self.store.count():
            raise EmptyLibraryError(self.home)

    # -- reading ---------------------------------------------------------------------------
    def documents(self) -> list[DocHead]:
        """What every document is (not its text), in the order they were added, versions linked."""
        return self.store.heads()

    def regions(self) -> list[str]:
        """The places the library's documents belong to (全国, 北京市, 洛阳市 …)."""
        return sorted({d.region for d in self.documents() if d.region})

    def select(self, doc_id: str | None = None, kind: str | None = None, status: str | None = None) -> list[DocHead]:
        """The documents with this id, kind (法律, 实施方案 …) and status (现行有效, 征求意见稿 …); None: any."""
        return [d for d in self.documents() if (doc_id is None or d.doc_id == doc_id)
                and (kind is None or d.kind == kind) and (status is None or d.status == status)]

    def head(self, doc_id: str) -> DocHead:
        """What one document is, without its text."""
        head = self.store.head(doc_id)
        return head if head is not None else self.document(doc_id).head()  # raises NotFoundError

    def document(self, doc_id: str) -> Document:
        doc = self.store.document(doc_id)
        if doc is not None:
            return doc
        from rapidfuzz import process

        heads = self.documents()
        names = {d.doc_id: d.doc_id for d in heads} | {d.title: d.doc_id for d in heads}
        best = process.extractOne(doc_id, list(names))
        hint = M.DID_YOU_MEAN.format(doc_id=names[best[0]]) if best and best[1] >= 60 else ""
        raise NotFoundError(M.NO_DOCUMENT.format(doc_id=doc_id, hint=hint), title=CM.NOT_FOUND)

    def find_document(self, name: str) -> Document:
        """The document a person means by `name`: its id, its title, or a loose form of either
        ("毕节方案", "义务教育法"); the current version when several versions match."""
        from policykb.indexer.lookup import resolve

        head = resolve(name, self.documents())
        return self.document(head.doc_id if head else name)  # raises NotFoundError with a suggestion

    def index_dir(self) -> Path | None:
        name = self.store.meta("index")
        return self.home / name if name else None

    # -- the search index ------------------------------------------------------------------
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = Analyzer(load_lexicon(self.home))
        return self._analyzer

    def _fresh_dir(self) -> Path:
        return Path(tempfile.mkdtemp(dir=self.home, prefix="index-"))

    def _build_all(self, fresh: Path, progress: Progress | None, links: dict[str, DocHead] | None = None,
                   add: Iterable[clause_index.Prepared] = (), count: int = 0, skip: set[str] | None = None) -> None:
        """An index of every stored document but `skip` (version links as `links` set them) and
        `add` (`count` of them), streamed a document at a time."""
        links, skip = links or {}, skip or set()

        def items() -> Iterator[clause_index.Prepared]:
            for doc in self.store.documents():
                if doc.doc_id not in skip:
                    yield clause_index.prepare(_linked(doc, links.get(doc.doc_id)), self.analyzer())
            yield from add

        total = sum(s.doc_id not in skip for s in self.store.stored()) + count
        clause_index.build(fresh, items(), total, self.analyzer(), progress)

    def _next_index(self, add: Iterable[clause_index.Prepared], count: int, delete: list[str],
                    heads: list[DocHead], removed: str | None = None, progress: Progress | None = None,
                    merge: bool = True) -> Path:
        """The next index generation, built aside: the current one (as hard links) with `delete`
        (documents removed or re-linked) taken out and `add` put in, or every document from scratch
        when the current one cannot be used. `heads` are the documents whose links the change set."""
        fresh = self._fresh_dir()
        try:
            current = self.index_dir()
            if current and current.is_dir() and clause_index.check(current, self.analyzer()) is None:
                docs = clause_index.read_meta(current).get("docs", {})
                docs.pop(removed, None)
                docs.update(clause_index.docs_meta(heads))
                clause_index.update(current, fresh, add, count, delete, docs, self.analyzer(), progress, merge)
            else:
                self._build_all(fresh, progress, {h.doc_id: h for h in heads}, add, count, set(delete))
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        return fresh

    def engine(self, notice: Notice | None = None, progress: Progress | None = None) -> Engine:
        """The search engine over this library; an index that is missing or was built by another
        schema or analyzer is rebuilt first (with a notice saying why)."""
        path = self.index_dir()
        reason = clause_index.check(path, self.analyzer()) if path else M.NO_INDEX
        if reason is None and path is not None:
            try:
                return Engine(clause_index.ClauseIndex(path, self.analyzer()))
            except clause_index.IndexMismatch as exc:
                reason = str(exc)
        if notice:
            notice(M.REBUILDING_INDEX.format(reason=reason))
        with self._lock():
            fresh = self._fresh_dir()
            try:
                self._build_all(fresh, progress)
                self.store.set_meta(index=fresh.name)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            self._settle()
        return Engine(clause_index.ClauseIndex(fresh, self.analyzer()))

    def current_engine(self, notice: Notice | None = None, progress: Progress | None = None) -> Engine:
        """The engine over the index the store names now, kept open between calls and opened
        again when this or another process has switched the library to a new index (an add, a
        remove, a re-index). The old engine is left to be collected rather than closed, since
        another thread may still be reading it."""
        path = self.index_dir()
        if self._engine is None or path is None or self._engine.index.path != path:
            self._engine = self.engine(notice, progress)
        return self._engine

    # -- the requirement catalog -----------------------------------------------------------
    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = load_vocabulary(self.home)
        return self._vocab

    def _catalog_key(self) -> str:
        return f"{EXTRACTOR_VERSION}:{PARSER_VERSION}:{self.vocabulary().fingerprint}"

    def _extract(self, w: Writer, docs: Iterable[Document], total: int, progress: Progress | None) -> None:
        extractor = Extractor(self.vocabulary())
        groups = self.vocabulary().groups
        for n, doc in enumerate(docs):
            if progress:
                progress(n, max(total, 1), doc.title)
            rows, share = extracted_rows(extractor.document(doc), DocInfo(doc.doc_id, doc.title, doc.status, doc.kind),
                                         groups)
            w.put_requirements(doc.doc_id, rows, share)

    def catalog(self, notice: Notice | None = None) -> StoredCatalog:
        """The requirement catalog with the overrides applied; the requirements of documents not
        yet extracted (or extracted by another extractor or other word lists) are extracted first."""
        store = self.store
        if store.meta("catalog") != self._catalog_key() or store.unextracted():
            if notice:
                notice(M.BUILDING_CATALOG)
            with self._lock():
                fresh = store.meta("catalog") != self._catalog_key()
                todo = [s.doc_id for s in store.stored()] if fresh else store.unextracted()
                with store.writing() as w:
                    if fresh:
                        w.clear_requirements()
                    self._extract(w, store.documents(todo), len(todo), None)
                    w.set_meta(catalog=self._catalog_key())
        return StoredCatalog(store, self.vocabulary().groups)

    def current_catalog(self, notice: Notice | None = None) -> StoredCatalog:
        """The catalog, kept between calls until the library or the overrides change."""
        key = (self.store.meta("index"), self.store.meta("catalog"), self.store.overrides_stamp())
        if self._catalog is None or self._catalog[0] != key:
            catalog = self.catalog(notice)
            key = (self.store.meta("index"), self.store.meta("catalog"), self.store.overrides_stamp())
            self._catalog = (key, catalog)
        return self._catalog[1]

    def set_override(self, req_id: str, fields: dict[str, object]) -> None:
        """Merge `fields` into a person's correction of one requirement (kept across every rebuild)."""
        with self._lock(), self.store.writing() as w:
            old = self.store.overrides().get(req_id, {})
            w.set_override(req_id, old | fields)

    # -- changing --------------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / staging.LOCK, "w") as fh:
            try:
                import fcntl

                fcntl.flock(fh, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows has no flock; single user there
                pass
            yield

    def _settle(self) -> None:
        """After a switch: the old generation's files go. A failure here leaves the change done
        and the leftovers to the next writer's sweep."""
        faults.point("generation-switched")
        self._sweep()
        faults.point("swept")

    def _sweep(self) -> None:
        """Remove what no record names: index folders other than the current one, stored sources of
        no document (a killed add's, a removed document's), an older release's files once migrated."""
        current = self.store.meta("index")
        settled = self.store.path == self.home / FILE  # not a store being migrated into or built
        for path in self.home.iterdir():
            name = path.name
            legacy = name.startswith("parsed-") or name == "parsed"
            if path.is_dir() and name != current and (name.startswith("index-") or legacy and settled):
                shutil.rmtree(path, ignore_errors=True)
            elif path.is_file() and settled and (name.startswith("catalog-") and name.endswith(".json")
                                                 or name == LEGACY or name.startswith(f"{FILE}.migrating")):
                with contextlib.suppress(OSError):
                    path.unlink()
        kept = [*self.store.stored(), *self.store.staged()]
        listed = {s.file for s in kept} | {name_file(self.home, s).name for s in kept}
        folder = self.home / "documents"
        with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
            for entry in entries:  # scandir: no stat per file (7,000 files at 3,500 documents)
                if entry.name not in listed and entry.is_file():
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    @staticmethod
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

    def add(self, paths: list[Path], progress: Progress | None = None, _locked: bool = False) -> AddResult:
        """Add files or folders. Every file is read and parsed before anything is added: one
        unreadable file and nothing is added. Then the documents are indexed and committed in
        batches; an interrupted add keeps the finished batches and the next add finishes it."""
        if not paths:
            raise PolicyKBError(M.NOTHING_TO_ADD)
        ctx = contextlib.nullcontext() if _locked else self._lock()
        with ctx:
            files, skipped = self.expand([Path(p) for p in paths])
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
        known = {s.sha256: s.doc_id for s in [*store.stored(), *store.staged()]}
        ids = set(known.values())
        copied: list[Path] = []
        mine: set[str] = set()
        try:
            with store.writing() as w:
                bad: list[str] = []  # every file that cannot be read, not only the first: then nothing is added
                copies = self._Copies(store)
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
                    copy = self.home / "documents" / name
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

    def restore(self, items: Iterable[tuple[Document, Stored]], progress: Progress | None = None,
                _locked: bool = False) -> list[DocHead]:
        """Fill this library with documents whose sources are already in `documents/` (a migration
        or a recovery): staged, then indexed and committed like an add."""
        with contextlib.nullcontext() if _locked else self._lock():
            stages = Stages(progress, ADD_SHARES)
            mine = set()
            with self.store.writing() as w:
                for doc, stored in items:
                    write_name(self.home / "documents", stored)
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
            if self.index_dir() is None:  # a new, empty library still gets an index
                self._switch(iter(()), [], {}, 1, indexing, writing)
            return added
        heads = store.staged_heads()
        preparer = Preparer(self.home, store, len(staged))
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
                    self._sweep()
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
        relinked = [clause_index.prepare(_linked(d, links[d.doc_id]), self.analyzer())
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
                w.set_meta(index=fresh.name, catalog=self._catalog_key())
                faults.point("catalog-written")
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        self._settle()
        return [links[doc.doc_id] for _, doc, _ in kept]

    def remove(self, doc_id: str) -> DocHead:
        with self._lock():
            head = self.store.head(doc_id) or self.document(doc_id).head()  # raises NotFoundError with a hint
            store = self.store
            after, changed = self._relink([], remove=head)
            links = {h.doc_id: h for h in after}
            relinked = [clause_index.prepare(_linked(d, links[d.doc_id]), self.analyzer())
                        for d in store.documents([h.doc_id for h in changed])]
            fresh = self._next_index(relinked, len(relinked), [head.doc_id, *(h.doc_id for h in changed)], after,
                                     removed=head.doc_id)
            try:
                faults.point("index-built")
                with store.writing() as w:
                    w.remove_document(head.doc_id)
                    w.set_links(after)
                    w.set_meta(index=fresh.name)
                    faults.point("catalog-written")
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            self._settle()  # the removed document's source is swept with the old generation
            return head

    def set_place(self, doc_id: str, place: tuple[str, ...]) -> DocHead:
        """Say where a document binds (when its text does not tell, or tells wrongly); kept across
        every later parse and re-index."""
        with self._lock():
            head = self.store.head(doc_id) or self.document(doc_id).head()  # raises NotFoundError with a hint
            with self.store.writing() as w:
                w.set_place(head.doc_id, place)
            return self.head(head.doc_id)

    def index(self, rebuild: bool = False, progress: Progress | None = None) -> list[DocHead]:
        """Parse every document again from its stored source, index and extract it all anew; the
        library switches to the result in one transaction."""
        with self._lock():
            store = self.store
            stored = store.stored()
            stages = Stages(progress, ADD_SHARES)
            reading = stages.phase(M.READING)
            fresh = self._fresh_dir()
            self._vocab = None  # word lists may have been edited: read them again
            try:
                with store.writing() as w:
                    parsed = []
                    for n, entry in enumerate(stored):
                        if reading:
                            reading(n, len(stored), entry.doc_id)
                        source = self.home / "documents" / entry.file
                        doc = parse(read(source), entry.doc_id, source_path=entry.original)
                        w.replace_document(doc)
                        parsed.append(doc.head())
                    faults.point("parsed-written")
                    after = link_versions(parsed)
                    w.set_links(after)
                    self._build_all(fresh, stages.phase(M.INDEXING))
                    faults.point("index-built")
                    self._extract(w, store.documents(), len(stored), stages.phase(M.EXTRACTING))
                    stages.finishing(M.SAVING)  # the commit and the switch take a while: not the last name
                    w.set_meta(index=fresh.name, parser=PARSER_VERSION, catalog=self._catalog_key())
                    faults.point("catalog-written")
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            self._settle()
            stages.done()
            return self.documents()


def copy_note(doc: Document, other: Document) -> str:
    """Why `doc` is skipped as a copy of `other`, saying where their files differ when they do: in
    what cleaning removed (an edit made where the cleaner takes lines out), in spacing and
    punctuation only, or in what cleaning removed or repaired without a trace in the text."""
    from collections import Counter

    if doc.source.sha256 == other.source.sha256:
        return M.SAME_TEXT.format(doc_id=other.doc_id)
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
