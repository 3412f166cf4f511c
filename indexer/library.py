"""The library on disk: the documents a user holds, their clauses and requirements, and the index —
opened, read and asked (indexer/home.py is its folder, indexer/changes.py every change to it).

A home written by an older release (a `library.json` manifest) is migrated once. A home that does
not exist yet is created and filled with the bundled documents. The search engine and the
requirement catalog are kept open between questions and opened again when this or another process
has switched the library to a new generation.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from policykb.corpus.errors import DamagedLibraryError, EmptyLibraryError, NotFoundError
from policykb.corpus.models import DocHead, Document
from policykb.corpus.parse import PARSER_VERSION
from policykb.indexer import index as clause_index
from policykb.indexer import messages as M
from policykb.indexer import staging
from policykb.indexer.analyzer import Analyzer
from policykb.indexer.changes import AddResult, Changes, copy_note, expand
from policykb.indexer.home import (
    LEGACY,
    Home,
    Notice,
    Progress,
    bundled_documents,
    default_home,
    disk_errors,
    name_file,
    stored_name,
    write_name,
)
from policykb.indexer.lookup import no_document
from policykb.indexer.search import Engine
from policykb.indexer.store import FILE, Store, Stored
from policykb.indexer.stored_catalog import StoredCatalog
from policykb.kb.vocab import Vocabulary

__all__ = ["LEGACY", "AddResult", "Library", "Notice", "Progress", "bundled_documents", "copy_note",
           "default_home", "expand", "name_file", "stored_name", "write_name"]


class Library:
    """A policykb home directory."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.folder = Home(home)
        self._store: Store | None = None
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
        """Read by an older parser: its documents are read again on opening (a minute for thousands).
        A home this process may not write is read as it is."""
        return self.store.meta("parser") != PARSER_VERSION and self.store.writable()

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
            with lib.folder.lock():
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

    def doc_places(self) -> dict[str, tuple[str, ...] | None]:
        """Where each document binds (() national, None not known), for ranking answers by place."""
        return {d.doc_id: d.place for d in self.documents()}

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
        raise no_document(doc_id, self.documents())

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
        return self.folder.analyzer()

    def engine(self, notice: Notice | None = None, progress: Progress | None = None) -> Engine:
        """The search engine over this library; an index that is missing or was built by another
        schema or analyzer is rebuilt first (with a notice saying why). A generation a writer
        switched away from and swept while it was being opened is not damage: the new one is opened."""
        for _ in range(5):
            path = self.index_dir()
            reason = clause_index.check(path, self.analyzer()) if path else M.NO_INDEX
            if reason is None and path is not None:
                try:
                    return Engine(clause_index.ClauseIndex(path, self.analyzer()), self.doc_places())
                except clause_index.IndexMismatch as exc:
                    reason = str(exc)
            if self.index_dir() == path:
                break
        with disk_errors(self.home, "index"):
            fresh = self.changes().rebuild_index(notice, reason, progress)
        return Engine(clause_index.ClauseIndex(fresh, self.analyzer()), self.doc_places())

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
        return self.folder.vocabulary()

    def catalog(self, notice: Notice | None = None) -> StoredCatalog:
        """The requirement catalog with the overrides applied; the requirements of documents not
        yet extracted (or extracted by another extractor or other word lists) are extracted first —
        unless this process may not write the home: then the stored catalog is read as it is."""
        if self.store.writable():
            with disk_errors(self.home):
                self.changes().extract(notice)
        return StoredCatalog(self.store, self.vocabulary().groups)

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
        with self.folder.lock(), self.store.writing() as w:
            old = self.store.overrides().get(req_id, {})
            w.set_override(req_id, old | fields)

    # -- changing (indexer/changes.py) ------------------------------------------------------
    def changes(self) -> Changes:
        return Changes(self.folder, self.store)

    @staticmethod
    def expand(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
        """Files to add: files as given, folders recursively (see changes.expand)."""
        return expand(paths)

    def add(self, paths: list[Path], progress: Progress | None = None, _locked: bool = False) -> AddResult:
        """Add files or folders. Every file is read and parsed before anything is added: one
        unreadable file and nothing is added. Then the documents are indexed and committed in
        batches; an interrupted add keeps the finished batches and the next add finishes it."""
        with disk_errors(self.home):
            return self.changes().add(paths, progress, locked=_locked)

    def restore(self, items: Iterable[tuple[Document, Stored]], progress: Progress | None = None,
                _locked: bool = False) -> list[DocHead]:
        """Fill this library with documents whose sources are already in `documents/` (a migration
        or a recovery): staged, then indexed and committed like an add."""
        with disk_errors(self.home):
            return self.changes().restore(items, progress, locked=_locked)

    def remove(self, doc_id: str) -> DocHead:
        with disk_errors(self.home):
            return self.changes().remove(doc_id)

    def set_place(self, doc_id: str, place: tuple[str, ...]) -> DocHead:
        """Say where a document binds (when its text does not tell, or tells wrongly); kept across
        every later parse and re-index."""
        with disk_errors(self.home):
            return self.changes().set_place(doc_id, place)

    def index(self, rebuild: bool = False, progress: Progress | None = None,
              notice: Notice | None = None) -> list[DocHead]:
        """Parse every document again from its stored source, index and extract it all anew; the
        library switches to the result in one transaction (changes.reread: a lost source, the
        sources in quarantine)."""
        with disk_errors(self.home, "index"):
            return self.changes().reread(progress, notice)
