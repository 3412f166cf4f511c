"""The library on disk: the documents a user holds, their parses, and (later) the index.

Layout of a home directory::

    library.json        the manifest: which documents the library holds (the source of truth)
                        and which parse folder is current
    documents/          the library's own copy of every source file
    parsed…/            one JSON `Document` per document, as parsed
    index-…/            the Whoosh search index over their clauses
    catalog-….json      the requirement catalog extracted from them
    overrides.json      optional: a person's corrections to the catalog (survive every rebuild)
    topics.txt, actors.txt
                        optional: the user's own additions to the catalog's word lists
    dict.txt, synonyms.txt, stopwords.txt, question_words.txt
                        optional: the user's own additions to the analyzer's data files

Every change is atomic: new files (and a new index, built aside from a copy) are written first
and the manifest is replaced in one `os.replace`, so a failed or interrupted `add`, `remove` or
`index` leaves the library — and its index — as it was. A home that does not exist yet is
created and filled with the bundled documents.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from corpus.errors import DamagedLibraryError, EmptyLibraryError, NotFoundError, PolicyKBError, ReadError
from corpus.files import write_atomic
from corpus.models import Document
from corpus.parse import PARSER_VERSION, doc_id_for, link_versions, parse
from corpus.read import SUPPORTED, read
from indexer import faults, staging
from indexer import index as clause_index
from indexer.analyzer import Analyzer, load_lexicon
from indexer.progress import Stages
from indexer.search import Engine
from kb.catalog import OVERRIDES, Catalog, DocInfo, apply_overrides, load_overrides
from kb.extract import EXTRACTOR_VERSION, Extractor
from kb.models import Requirement
from kb.vocab import Vocabulary, load_vocabulary

Progress = Callable[[int, int, str], None]
Notice = Callable[[str], None]
MANIFEST = staging.MANIFEST
FORMAT = 1
# The shares of one progress bar that reading, indexing and extracting take (as measured on the
# bundled library: indexing is most of the wait).
ADD_SHARES = (("读取", 5), ("建立索引", 80), ("提取要求", 15))


def default_home() -> Path:
    env = os.environ.get("POLICYKB_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("policykb", appauthor=False))


def bundled_documents() -> list[Path]:
    """The documents a new library starts with (corpus/documents: the five plans and briefings,
    then the education laws in their folders); its README is not one of them."""
    root = Path(str(resources.files("corpus") / "documents"))
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
             and p.name != "README.md" and not p.name.startswith(".")]
    return sorted(files, key=lambda p: (len(p.relative_to(root).parts), p.as_posix()))


def stored_name(sha256: str) -> str:
    """The name a document's stored source and parse take: its content hash, so two documents can
    never share a file (names from ids did: 校规:2024 and 校规|2024 both became 校规-2024)."""
    return sha256[:32]


@dataclass
class AddResult:
    added: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


class Library:
    """A policykb home directory."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._docs: list[Document] | None = None
        self._docs_stamp = 0
        self._analyzer: Analyzer | None = None
        self._vocab: Vocabulary | None = None
        self._engine: Engine | None = None
        self._catalog: tuple[tuple[str, float], Catalog] | None = None

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, home: Path | None = None, progress: Progress | None = None) -> Library:
        """Open a library, creating it with the bundled documents if it does not exist yet."""
        lib = cls(home or default_home())
        if not (lib.home / MANIFEST).exists():
            if any((lib.home / "documents").glob("*")):
                raise DamagedLibraryError(lib.home / MANIFEST, "文件不见了，但 documents/ 中还有文档的原件")
            return cls.create(lib.home, bundled_documents(), progress)
        manifest = lib._manifest()
        if manifest.get("parser") != PARSER_VERSION:
            lib.index(progress=progress)
        return lib

    @classmethod
    def create(cls, home: Path, files: list[Path], progress: Progress | None = None) -> Library:
        """A new library at `home` holding `files`. It is built in a folder beside `home` and moved
        into place only when complete: a build that is killed or fails leaves no library, and the
        next start builds again. When another process has just built it, that library is opened."""
        with staging.build_folder(home) as build:
            if (home / MANIFEST).exists():
                return cls(home)
            staging.carry_user_files(home, build)
            lib = cls(build)
            with lib._lock():
                (build / "documents").mkdir()
                (build / "parsed").mkdir()
                lib._write_manifest([])
                if files:
                    lib.add(files, progress=progress, _locked=True)
            staging.move_into_place(build, home)
        return cls(home)

    def require_documents(self) -> None:
        """Raise `EmptyLibraryError` when the library holds no document: every answer would be empty."""
        if not self.entries():
            raise EmptyLibraryError(self.home)

    # -- reading ---------------------------------------------------------------------------
    def _manifest(self) -> dict[str, Any]:
        path = self.home / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise NotFoundError(f"No library at {self.home}. Run `policykb docs` to create one.") from exc
        except ValueError as exc:  # not JSON, or cut inside a character
            raise DamagedLibraryError(path, str(exc).split(":")[0]) from exc
        documents = data.get("documents") if isinstance(data, dict) else None
        if not isinstance(documents, list) or not all(
                isinstance(e, dict) and {"doc_id", "file", "parsed", "sha256"} <= e.keys() for e in documents):
            raise DamagedLibraryError(path, "内容不是文库清单")
        return dict(data)

    def entries(self) -> list[dict[str, Any]]:
        return list(self._manifest().get("documents", []))

    def parsed_dir(self) -> Path:
        return self.home / str(self._manifest().get("parsed_dir", "parsed"))

    def index_dir(self) -> Path | None:
        name = self._manifest().get("index_dir")
        return self.home / str(name) if name else None

    def catalog_file(self) -> Path | None:
        name = self._manifest().get("catalog")
        return self.home / str(name) if name else None

    def _write_manifest(self, entries: list[dict[str, Any]], parsed_dir: str | None = None,
                        index_dir: Path | None = None, catalog: Path | None = None) -> None:
        """Switch the library to a new generation: the manifest replaced in one step. It raises only
        when the switch did not happen (the caller then removes what it built); `_settle` follows."""
        old = self._manifest() if (self.home / MANIFEST).exists() else {}
        data = {"format": FORMAT, "parser": PARSER_VERSION,
                "parsed_dir": parsed_dir or old.get("parsed_dir", "parsed"),
                "index_dir": index_dir.name if index_dir else old.get("index_dir"),
                "catalog": catalog.name if catalog else old.get("catalog"),
                "documents": entries}
        write_atomic(self.home / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1))
        self._docs = None

    def _settle(self) -> None:
        """After a switch: the old generation's files go. A failure here leaves the change done
        and the leftovers to the next writer's sweep."""
        faults.point("generation-switched")
        self._sweep()
        faults.point("swept")

    def _sweep(self) -> None:
        """Remove parse and index folders the manifest no longer names (left by an old version of
        the library, or by a build that was killed)."""
        manifest = self._manifest()  # read once: each accessor below would read it again
        parsed_dir = self.home / str(manifest.get("parsed_dir", "parsed"))
        keep = {parsed_dir.name, str(manifest.get("index_dir")), str(manifest.get("catalog"))}
        for path in self.home.glob("*"):
            stale = path.name == "parsed" or path.name.startswith(("parsed-", "index-"))
            if path.is_dir() and path.name not in keep and stale:
                shutil.rmtree(path, ignore_errors=True)
            elif path.is_file() and path.name.startswith("catalog-") and path.name not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
        # Source copies and parses a killed add wrote but never listed: never part of the library.
        entries = manifest["documents"]
        listed = {e["file"] for e in entries} | {e["parsed"] for e in entries}
        for folder in (self.home / "documents", parsed_dir):
            for path in folder.glob("*") if folder.is_dir() else ():
                if path.is_file() and path.name not in listed:
                    with contextlib.suppress(OSError):
                        path.unlink()

    # -- the search index ------------------------------------------------------------------
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = Analyzer(load_lexicon(self.home))
        return self._analyzer

    def _new_index(self, docs: list[Document], progress: Progress | None = None) -> Path:
        """A search index of `docs` built aside: from a copy of the current index when it can be
        updated (only new, removed or re-dated documents are touched), from scratch otherwise."""
        fresh = Path(tempfile.mkdtemp(dir=self.home, prefix="index-"))
        try:
            current = self.index_dir()
            if current and clause_index.check(current, self.analyzer()) is None:
                fresh.rmdir()
                clause_index.update(current, fresh, docs, self.analyzer(), progress)
            else:
                clause_index.build(fresh, docs, self.analyzer(), progress)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        return fresh

    # -- the requirement catalog -----------------------------------------------------------
    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = load_vocabulary(self.home)
        return self._vocab

    def _catalog_key(self) -> str:
        return f"{EXTRACTOR_VERSION}:{PARSER_VERSION}:{self.vocabulary().fingerprint}"

    def _read_catalog(self, path: Path | None) -> dict[str, Any] | None:
        if path is None:
            return None
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, damaged, or cut inside a character: rebuilt
            return None
        return data if data.get("key") == self._catalog_key() else None

    def _new_catalog(self, docs: list[Document], reuse: bool = True, progress: Progress | None = None) -> Path:
        """The catalog of `docs` written aside; documents already extracted with the same
        extractor and word lists are reused, not extracted again (unless `reuse` is off)."""
        old = (self._read_catalog(self.catalog_file()) or {}).get("docs", {}) if reuse else {}
        extractor = Extractor(self.vocabulary())
        out: dict[str, Any] = {}
        for n, doc in enumerate(docs):
            if progress:
                progress(n, len(docs), doc.title)
            entry = old.get(doc.doc_id)
            if entry is None or entry.get("sha256") != doc.source.sha256:
                entry = {"sha256": doc.source.sha256,
                         "requirements": [r.model_dump(mode="json") for r in extractor.document(doc)]}
            out[doc.doc_id] = {**entry, "title": doc.title, "status": doc.status, "kind": doc.kind}
        fd, tmp = tempfile.mkstemp(dir=self.home, prefix="catalog-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"key": self._catalog_key(), "docs": out}, fh, ensure_ascii=False)
        return Path(tmp)

    def catalog(self, notice: Notice | None = None) -> Catalog:
        """The requirement catalog with the overrides applied; rebuilt first (with a notice) when it
        is missing or was made by another extractor or other word lists."""
        data = self._read_catalog(self.catalog_file())
        if data is None:
            if notice:
                notice("正在建立要求目录…")
            with self._lock():
                path = self._new_catalog(self.documents())
                try:
                    self._write_manifest(self.entries(), catalog=path)
                except BaseException:
                    path.unlink(missing_ok=True)
                    raise
                self._settle()
            data = self._read_catalog(path) or {"docs": {}}
        reqs: list[Requirement] = []
        docs: dict[str, DocInfo] = {}
        for doc_id, entry in data["docs"].items():
            docs[doc_id] = DocInfo(doc_id, entry["title"], entry["status"], entry["kind"])
            reqs.extend(Requirement.model_validate(r) for r in entry["requirements"])
        overrides_path = self.home / OVERRIDES
        reqs, stale = apply_overrides(reqs, load_overrides(overrides_path), str(overrides_path))
        return Catalog(reqs, docs, self.vocabulary().groups, stale)

    def engine(self, notice: Notice | None = None, progress: Progress | None = None) -> Engine:
        """The search engine over this library; an index that is missing or was built by another
        schema or analyzer is rebuilt first (with a notice saying why)."""
        path = self.index_dir()
        reason = clause_index.check(path, self.analyzer()) if path else "文库还没有检索索引"
        if reason is None and path is not None:
            try:
                return Engine(clause_index.ClauseIndex(path, self.analyzer()))
            except clause_index.IndexMismatch as exc:
                reason = str(exc)
        if notice:
            notice(f"正在重建检索索引：{reason}。")
        with self._lock():
            fresh = Path(tempfile.mkdtemp(dir=self.home, prefix="index-"))
            try:
                clause_index.build(fresh, self.documents(), self.analyzer(), progress)
                self._write_manifest(self.entries(), index_dir=fresh)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            self._settle()
        return Engine(clause_index.ClauseIndex(fresh, self.analyzer()))

    def current_engine(self, notice: Notice | None = None, progress: Progress | None = None) -> Engine:
        """The engine over the index the manifest names now, kept open between calls and opened
        again when this or another process has switched the library to a new index (an add, a
        remove, a re-index). The old engine is left to be collected rather than closed, since
        another thread may still be reading it."""
        path = self.index_dir()
        if self._engine is None or path is None or self._engine.index.path != path:
            self._engine = self.engine(notice, progress)
        return self._engine

    def current_catalog(self, notice: Notice | None = None) -> Catalog:
        """The catalog, kept between calls until the manifest names another one or the overrides change."""
        overrides = self.home / OVERRIDES
        key = (str(self.catalog_file()), overrides.stat().st_mtime if overrides.exists() else 0.0)
        if self._catalog is None or self._catalog[0] != key:
            catalog = self.catalog(notice)
            key = (str(self.catalog_file()), key[1])
            self._catalog = (key, catalog)
        return self._catalog[1]

    def _load(self, entries: list[dict[str, Any]]) -> list[Document]:
        parsed = self.parsed_dir()
        docs = []
        for entry in entries:
            try:
                docs.append(Document.model_validate_json((parsed / entry["parsed"]).read_bytes()))
            except (OSError, ValueError) as exc:
                raise PolicyKBError(f"《{entry['doc_id']}》的解析结果（{parsed / entry['parsed']}）缺失或已损坏。"
                                    "运行 `policykb index --rebuild` 从保存的原件重新解析；不会删除任何文档。",
                                    title="文库需要重建") from exc
        return docs

    def documents(self) -> list[Document]:
        """All documents, in the order they were added, with versions linked."""
        for attempt in range(5):
            stamp = (self.home / MANIFEST).stat().st_mtime_ns
            if self._docs is not None and self._docs_stamp == stamp:
                return self._docs
            try:  # another process may have changed it
                self._docs = link_versions(self._load(self.entries()))
            except PolicyKBError:
                # A writer switched the manifest while we read (a remove deletes its files after the
                # switch): read the new one. Only a file missing from a manifest that stays is damage.
                if attempt == 4 or (self.home / MANIFEST).stat().st_mtime_ns == stamp:
                    raise
                continue
            self._docs_stamp = stamp
            return self._docs
        raise AssertionError("unreachable")

    def select(self, doc_id: str | None = None, kind: str | None = None, status: str | None = None) -> list[Document]:
        """The documents with this id, kind (法律, 实施方案 …) and status (现行有效, 征求意见稿 …); None: any."""
        return [d for d in self.documents() if (doc_id is None or d.doc_id == doc_id)
                and (kind is None or d.kind == kind) and (status is None or d.status == status)]

    def document(self, doc_id: str) -> Document:
        docs = self.documents()
        for doc in docs:
            if doc.doc_id == doc_id:
                return doc
        from rapidfuzz import process

        names = {d.doc_id: d.doc_id for d in docs} | {d.title: d.doc_id for d in docs}
        best = process.extractOne(doc_id, list(names))
        hint = f" Did you mean `{names[best[0]]}`?" if best and best[1] >= 60 else ""
        raise NotFoundError(f"No document '{doc_id}' in the library.{hint} `policykb docs` lists them.")

    def find_document(self, name: str) -> Document:
        """The document a person means by `name`: its id, its title, or a loose form of either
        ("毕节方案", "义务教育法"); the current version when several versions match."""
        from indexer.lookup import resolve

        doc = resolve(name, self.documents())
        if doc is None:
            return self.document(name)  # raises NotFoundError with a suggestion
        return doc

    # -- changing --------------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / ".lock", "w") as fh:
            try:
                import fcntl

                fcntl.flock(fh, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows has no flock; single user there
                pass
            yield

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
                    skipped.append((str(child), f"not a document type policykb reads ({child.suffix})"))
        if unreadable:
            raise ReadError(f"无法读取文件夹：{'、'.join(unreadable[:5])}。没有添加任何文件；"
                            "请检查这些文件夹的权限，或只添加能读取的文件夹。")
        return files, skipped

    def add(self, paths: list[Path], progress: Progress | None = None, _locked: bool = False) -> AddResult:
        """Add files or folders; all or nothing: one unreadable file and nothing is added."""
        if not paths:
            raise PolicyKBError("Nothing to add: name one or more files or folders.")
        ctx = contextlib.nullcontext() if _locked else self._lock()
        with ctx:
            files, skipped = self.expand([Path(p) for p in paths])
            stages = Stages(progress, ADD_SHARES)
            reading = stages.phase("读取")
            result = AddResult(skipped=skipped)
            entries = self.entries()
            by_sha = {e["sha256"]: e["doc_id"] for e in entries}
            ids = {e["doc_id"] for e in entries}
            staged: list[tuple[Document, Path]] = []
            for n, path in enumerate(files, start=1):
                if reading:
                    reading(n - 1, len(files), path.name)
                raw = read(path)
                if raw.sha256 in by_sha:
                    result.skipped.append((str(path), f"already in the library as `{by_sha[raw.sha256]}`"))
                    continue
                doc_id = doc_id_for(path)
                if doc_id in ids:
                    doc_id = f"{doc_id}~{raw.sha256[:6]}"
                doc = parse(raw, doc_id, source_path=str(path))
                if not doc.text.strip():
                    raise ReadError(f"{path}: nothing is left after removing web-page furniture; "
                                    "is this the document itself?")
                staged.append((doc, path))
                by_sha[raw.sha256] = doc_id
                ids.add(doc_id)
            written: list[Path] = []
            parsed_root = self.parsed_dir()
            fresh: Path | None = None
            catalog: Path | None = None
            try:
                for doc, path in staged:
                    name = stored_name(doc.source.sha256)
                    copy = self.home / "documents" / f"{name}{path.suffix.lower()}"
                    parsed = parsed_root / f"{name}.json"
                    written.append(copy)
                    shutil.copyfile(path, copy)
                    faults.point("sources-copied")
                    written.append(parsed)
                    write_atomic(parsed, doc.model_dump_json())
                    entries.append({"doc_id": doc.doc_id, "file": copy.name, "parsed": parsed.name,
                                    "sha256": doc.source.sha256, "original": str(path)})
                faults.point("parsed-written")
                if staged or self.index_dir() is None:
                    docs = link_versions([*self._load(self.entries()), *(d for d, _ in staged)])
                    fresh = self._new_index(docs, stages.phase("建立索引"))
                    faults.point("index-built")
                    catalog = self._new_catalog(docs, progress=stages.phase("提取要求"))
                    faults.point("catalog-written")
                self._write_manifest(entries, index_dir=fresh, catalog=catalog)
            except BaseException:
                for p in written:
                    with contextlib.suppress(OSError):
                        p.unlink()
                if fresh is not None:
                    shutil.rmtree(fresh, ignore_errors=True)
                if catalog is not None:
                    catalog.unlink(missing_ok=True)
                raise
            self._settle()
            stages.done()
            result.added = [doc for doc, _ in staged]
            return result

    def remove(self, doc_id: str) -> Document:
        with self._lock():
            doc = self.document(doc_id)
            entries = self.entries()
            rest = [e for e in entries if e["doc_id"] != doc.doc_id]
            docs = link_versions(self._load(rest))
            fresh = self._new_index(docs)
            catalog = None
            try:
                faults.point("index-built")
                catalog = self._new_catalog(docs)
                faults.point("catalog-written")
                self._write_manifest(rest, index_dir=fresh, catalog=catalog)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                if catalog is not None:
                    catalog.unlink(missing_ok=True)
                raise
            self._settle()  # the removed document's source and parse are swept with the old generation
            return doc

    def index(self, rebuild: bool = False, progress: Progress | None = None,
              entries: list[dict[str, Any]] | None = None) -> list[Document]:
        """Parse every document again into a fresh folder; the manifest switches to it in one step.
        `entries` replaces the manifest's list (recovery rebuilds it from the stored sources)."""
        with self._lock():
            entries = self.entries() if entries is None else entries
            fresh = Path(tempfile.mkdtemp(dir=self.home, prefix="parsed-"))
            fresh_index = Path(tempfile.mkdtemp(dir=self.home, prefix="index-"))
            catalog: Path | None = None
            stages = Stages(progress, ADD_SHARES)
            reading = stages.phase("读取")
            try:
                docs = []
                for n, entry in enumerate(entries):
                    if reading:
                        reading(n, len(entries), entry["doc_id"])
                    source = self.home / "documents" / entry["file"]
                    doc = parse(read(source), entry["doc_id"], source_path=entry.get("original", str(source)))
                    write_atomic(fresh / entry["parsed"], doc.model_dump_json())
                    docs.append(doc)
                faults.point("parsed-written")
                linked = link_versions(docs)
                clause_index.build(fresh_index, linked, self.analyzer(), stages.phase("建立索引"))
                faults.point("index-built")
                self._vocab = None  # word lists may have been edited: read them again
                catalog = self._new_catalog(linked, reuse=False, progress=stages.phase("提取要求"))
                faults.point("catalog-written")
                self._write_manifest(entries, parsed_dir=fresh.name, index_dir=fresh_index, catalog=catalog)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                shutil.rmtree(fresh_index, ignore_errors=True)
                if catalog is not None:
                    catalog.unlink(missing_ok=True)
                raise
            self._settle()
            stages.done()
            return self.documents()
