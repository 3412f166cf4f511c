"""The library's records in one SQLite database (`library.db` in the home, WAL mode).

Documents (what each is, its parse and its clauses), requirements, a person's overrides, the
parses of an add still waiting to be indexed, and the name of the current index generation live
here; the stored sources (named by content hash) and the Whoosh index are files beside it. This
module is the only one that speaks SQL: the library and everything above it use `Store`'s
methods, so a server store can stand in for it later.

Readers never block the writer and always see one committed state: each thread has its own
connection, and `reading()` holds one snapshot across several queries. Every change is one
`writing()` transaction — committed whole or not at all, also when the process is killed.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import os
import sqlite3
import threading
import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykb.corpus.errors import DamagedLibraryError, PolicyKBError
from policykb.corpus.meta import region_of
from policykb.corpus.models import DocHead, Document
from policykb.indexer import messages as M

FILE = "library.db"
SCHEMA_VERSION = 1
_LINKS = ("status", "supersedes", "superseded_by")

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    original TEXT NOT NULL,
    head TEXT NOT NULL,                -- DocHead as parsed (JSON)
    status TEXT NOT NULL,              -- the version links, as the whole library sets them
    supersedes TEXT,
    superseded_by TEXT,
    body BLOB NOT NULL,                -- the parse without its clauses (zlib JSON)
    school_share REAL NOT NULL DEFAULT 0
);
CREATE TABLE clauses(
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    clause_id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX clauses_id ON clauses(clause_id);
CREATE TABLE requirements(
    id INTEGER PRIMARY KEY,
    req_id TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    clause_id TEXT NOT NULL,
    school INTEGER NOT NULL,           -- binds the school side, as extracted (before overrides)
    school_types TEXT NOT NULL,        -- |小学|初中| ; empty: every kind
    topics TEXT NOT NULL,              -- |安全|班主任|
    modality TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX requirements_doc ON requirements(doc_id);
CREATE INDEX requirements_clause ON requirements(clause_id);
CREATE INDEX requirements_req ON requirements(req_id);
-- what a checklist filters on, so its rows are found without reading every requirement's JSON
CREATE INDEX requirements_filter ON requirements(school, school_types, topics, modality);
CREATE TABLE overrides(req_id TEXT PRIMARY KEY, fields TEXT NOT NULL);
CREATE TABLE staged(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    original TEXT NOT NULL,
    head TEXT NOT NULL,                -- DocHead as parsed (JSON): version links without the parse
    body BLOB NOT NULL                 -- the whole parse (zlib JSON)
);
"""


def _failure(path: Path, exc: sqlite3.Error) -> PolicyKBError:
    """What a failure of the database means to the user, and the next step."""
    text = str(exc)
    if "full" in text:
        return PolicyKBError(M.DISK_FULL.format(path=path), title=M.DISK_FULL_TITLE)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return PolicyKBError(M.NO_PERMISSION.format(path=path), title=M.NO_PERMISSION_TITLE)
    if "locked" in text or "busy" in text:
        return PolicyKBError(M.BUSY.format(path=path), title=M.BUSY_TITLE)
    return DamagedLibraryError(path, text)


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def _unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def _bars(items: Iterable[str]) -> str:
    items = list(items)
    return f"|{'|'.join(items)}|" if items else ""


@dataclass(frozen=True)
class Stored:
    """Where one document's source is kept, and the name it was added under."""

    doc_id: str
    sha256: str
    file: str
    original: str


@dataclass(frozen=True)
class RequirementRow:
    """A requirement as stored: its JSON, and whether it binds the school side as extracted."""

    req_id: str
    doc_id: str
    school: bool
    data: str


class Store:
    """One library database. `create=True` makes a new, empty one (the file must not exist)."""

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        if create:
            db = self._db()
            db.executescript(_SCHEMA)
            self.set_meta(schema=str(SCHEMA_VERSION))
            return
        if not path.exists():
            raise FileNotFoundError(str(path))
        try:
            version = self.meta("schema")
        except sqlite3.DatabaseError as exc:
            raise DamagedLibraryError(path, M.NOT_A_DATABASE.format(why=exc)) from exc
        if version != str(SCHEMA_VERSION):
            raise DamagedLibraryError(path, M.STORE_SCHEMA.format(found=version, version=SCHEMA_VERSION))

    # -- connections -----------------------------------------------------------------------
    def writable(self) -> bool:
        """Whether this process may change the library: the file and its folder (for SQLite's
        -wal and -shm files) writable, the file system not mounted read-only."""
        return os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)

    def _connect_read_only(self) -> sqlite3.Connection:
        """A home this process may not write (another user's, a read-only mount, a file made
        read-only) is opened for reading: ask, docs and checklists work. With no -wal or -shm
        beside it, it is read as immutable, which creates neither (SQLite's read-only mode would
        make them, read-only like the file, and they blocked writes after the user mended the
        permissions); with them (a library another user is writing), in read-only mode."""
        uri = self.path.absolute().as_uri()
        sidecars = any(self.path.with_name(self.path.name + s).exists() for s in ("-wal", "-shm"))
        for mode in ("mode=ro", "immutable=1") if sidecars else ("immutable=1",):
            db = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None, timeout=60, check_same_thread=False)
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return db
            except sqlite3.OperationalError:
                db.close()
                if mode == "immutable=1":
                    raise
        raise AssertionError("unreachable")

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            try:
                if self.path.exists() and not self.writable():
                    db = self._connect_read_only()
                else:
                    db = sqlite3.connect(self.path, isolation_level=None, timeout=60, check_same_thread=False)
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA synchronous=NORMAL")
                db.execute("PRAGMA foreign_keys=ON")
            except sqlite3.DatabaseError as exc:
                if self.path.exists() and not os.access(self.path, os.R_OK):
                    raise PolicyKBError(M.NO_READ_PERMISSION.format(path=self.path), title=M.NO_PERMISSION_TITLE) from exc
                raise DamagedLibraryError(self.path, M.NOT_A_DATABASE.format(why=exc)) from exc
            self._local.db = db
            self._local.depth = 0
            with self._guard:
                self._all.append(db)
        return db

    def close(self) -> None:
        with self._guard:
            for db in self._all:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            self._all.clear()
        self._local = threading.local()

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db().execute(sql, tuple(args)).fetchall()
        except sqlite3.Error as exc:
            raise _failure(self.path, exc) from exc

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """One consistent snapshot for the queries inside (nested calls share the outer one)."""
        db = self._db()
        if self._local.depth:
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        db.execute("BEGIN")
        self._local.depth = 1
        try:
            yield
        finally:
            self._local.depth = 0
            with contextlib.suppress(sqlite3.Error):
                db.execute("COMMIT")

    @contextlib.contextmanager
    def writing(self) -> Iterator[Writer]:
        """One transaction: everything inside is committed together, or nothing is."""
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _failure(self.path, exc) from exc
        self._local.depth = 1
        try:
            yield Writer(db)
            db.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _failure(self.path, exc) from exc
            raise
        finally:
            self._local.depth = 0

    def integrity(self) -> list[str]:
        """What SQLite's own check finds wrong with the file (empty when nothing)."""
        found = [str(r) for (r,) in self._query("PRAGMA quick_check")]
        return [] if found == ["ok"] else found

    # -- meta ------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, **values: str | None) -> None:
        with self.writing() as w:
            w.set_meta(**values)

    # -- documents -------------------------------------------------------------------------
    @staticmethod
    def _linked(head: str, status: str, supersedes: str | None, superseded_by: str | None) -> tuple[DocHead, DocHead]:
        """A stored head as parsed, and with the version links the library sets."""
        parsed = DocHead.model_validate_json(head)
        if (parsed.status, parsed.supersedes, parsed.superseded_by) == (status, supersedes, superseded_by):
            return parsed, parsed
        return parsed, parsed.model_copy(update={"status": status, "supersedes": supersedes,
                                                 "superseded_by": superseded_by})

    def _head_rows(self, doc_ids: Iterable[str] | None) -> list[tuple[DocHead, DocHead]]:
        sql = "SELECT head, status, supersedes, superseded_by FROM documents"
        args: list[str] = []
        if doc_ids is not None:
            sql += " WHERE doc_id IN (SELECT value FROM json_each(?))"
            args.append(json.dumps(list(doc_ids), ensure_ascii=False))
        rows = self._query(sql + " ORDER BY seq", args)
        try:
            return [self._linked(*row) for row in rows]
        except ValueError as exc:  # a damaged row: said in one line, not its bytes
            raise DamagedLibraryError(self.path, M.ROW_UNREADABLE) from exc

    def heads(self, doc_ids: Iterable[str] | None = None) -> list[DocHead]:
        """Every document's head (or those of `doc_ids`), in the order they were added, with the
        version links the library sets."""
        return [linked for _, linked in self._head_rows(doc_ids)]

    def head_pairs(self, doc_ids: Iterable[str]) -> list[tuple[DocHead, DocHead]]:
        """The heads of `doc_ids` as parsed and as linked (to link their versions again)."""
        return self._head_rows(doc_ids)

    def infos(self) -> list[tuple[str, str, str, str, tuple[str, ...] | None]]:
        """Every document's id, title, status (as linked), kind and place, without parsing its head."""
        rows = self._query("SELECT doc_id, json_extract(head, '$.title'), status, json_extract(head, '$.kind'),"
                           " json_extract(head, '$.place') FROM documents ORDER BY seq")
        return [(str(d), str(t), str(s), str(k), None if p is None else tuple(json.loads(p)))
                for d, t, s, k, p in rows]

    def titles(self) -> list[tuple[str, str]]:
        """Every document's id and title (what tells versions of one instrument apart), cheaply."""
        return [(d, t) for d, t in self._query("SELECT doc_id, json_extract(head, '$.title') FROM documents")]

    def head(self, doc_id: str) -> DocHead | None:
        rows = self._query("SELECT head, status, supersedes, superseded_by FROM documents WHERE doc_id = ?",
                           (doc_id,))
        return self._linked(*rows[0])[1] if rows else None

    def count(self) -> int:
        return int(self._query("SELECT count(*) FROM documents")[0][0])

    def stored(self) -> list[Stored]:
        """Where every document's source is kept, in the order they were added."""
        rows = self._query("SELECT doc_id, sha256, file, original FROM documents ORDER BY seq")
        return [Stored(*row) for row in rows]

    def shares(self) -> dict[str, float]:
        return {d: float(s) for d, s in self._query("SELECT doc_id, school_share FROM documents")}

    def document(self, doc_id: str) -> Document | None:
        """One document with its text and clauses."""
        with self.reading():
            rows = self._query("SELECT body, status, supersedes, superseded_by FROM documents WHERE doc_id = ?",
                               (doc_id,))
            if not rows:
                return None
            clauses = [c for (c,) in self._query("SELECT data FROM clauses WHERE doc_id = ? ORDER BY ord",
                                                 (doc_id,))]
        body, status, supersedes, superseded_by = rows[0]
        try:
            text = _unpack(body)
            doc = Document.model_validate_json(f'{text[:-1]},"clauses":[{",".join(clauses)}]}}')
        except (zlib.error, UnicodeDecodeError, ValueError) as exc:
            raise DamagedLibraryError(self.path, M.PARSE_UNREADABLE.format(doc_id=doc_id)) from exc
        return doc.model_copy(update={"status": status, "supersedes": supersedes, "superseded_by": superseded_by})

    def documents(self, doc_ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Documents one at a time (every one when `doc_ids` is None), in the order they were added."""
        with self.reading():
            ids = [d for (d,) in self._query("SELECT doc_id FROM documents ORDER BY seq")]
        wanted = None if doc_ids is None else set(doc_ids)
        for doc_id in ids:
            if wanted is None or doc_id in wanted:
                doc = self.document(doc_id)
                if doc is not None:
                    yield doc

    # -- requirements ----------------------------------------------------------------------
    def requirement_rows(self, doc_ids: Iterable[str] | None = None, clause_ids: Iterable[str] | None = None,
                         req_ids: Iterable[str] | None = None, topic: str | None = None,
                         school_type: str | None = None, school_only: bool = False,
                         modality: str | None = None) -> list[RequirementRow]:
        """Requirements that may match these filters, in catalog order. A filter that an override
        could change (school types, topics, modality, who it binds) never drops an overridden row:
        the caller applies the overrides and filters exactly. For rows without an override the
        filters are exact."""
        return list(self.iter_requirement_rows(doc_ids, clause_ids, req_ids, topic, school_type, school_only,
                                               modality))

    def iter_requirement_rows(self, doc_ids: Iterable[str] | None = None, clause_ids: Iterable[str] | None = None,
                              req_ids: Iterable[str] | None = None, topic: str | None = None,
                              school_type: str | None = None, school_only: bool = False,
                              modality: str | None = None) -> Generator[RequirementRow, None, None]:
        """`requirement_rows`, one at a time (the whole catalog is never in memory at once). It
        holds a read snapshot until exhausted or closed."""
        where: list[str] = []
        args: list[Any] = []
        loose: list[str] = []
        for column, values in (("doc_id", doc_ids), ("clause_id", clause_ids), ("req_id", req_ids)):
            if values is not None:
                where.append(f"{column} IN (SELECT value FROM json_each(?))")
                args.append(json.dumps(list(values), ensure_ascii=False))
        loose_args: list[Any] = []
        if school_only:
            loose.append("school = 1")
        if topic:
            loose.append("instr(topics, ?) > 0")
            loose_args.append(f"|{topic}|")
        if school_type:
            loose.append("(school_types = '' OR instr(school_types, ?) > 0)")
            loose_args.append(f"|{school_type}|")
        if modality:
            loose.append("modality = ?")
            loose_args.append(modality)
        args += loose_args
        head = "SELECT id, req_id, doc_id, school, data FROM requirements"
        exact = list(where)
        if loose:
            where += loose
        sql = head + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        extra: list[tuple[Any, ...]] = []
        with self.reading():
            try:
                if loose:  # overridden rows whatever their stored columns say: the caller filters them
                    over = exact + ["req_id IN (SELECT req_id FROM overrides)"]
                    extra = self._db().execute(f"{head} WHERE {' AND '.join(over)} ORDER BY id",
                                               args[:len(args) - len(loose_args)]).fetchall()
                rows: Iterable[tuple[Any, ...]] = self._db().execute(sql, args)
                if extra:
                    seen = {row[0] for row in extra}
                    found = (row for row in rows if row[0] not in seen)
                    rows = heapq.merge(found, extra, key=lambda row: row[0])
                for _, r, d, school, data in rows:
                    yield RequirementRow(r, d, bool(school), data)
            except sqlite3.Error as exc:
                raise _failure(self.path, exc) from exc

    def unextracted(self) -> list[str]:
        """The documents whose requirements are not stored yet (added by an older store, or the
        word lists changed), in the order they were added."""
        return [d for (d,) in self._query("SELECT doc_id FROM documents WHERE school_share < 0 ORDER BY seq")]

    # -- overrides -------------------------------------------------------------------------
    def overrides(self) -> dict[str, dict[str, Any]]:
        return {r: json.loads(f) for r, f in self._query("SELECT req_id, fields FROM overrides ORDER BY req_id")}

    def unmatched_overrides(self) -> list[str]:
        """Overrides naming no stored requirement (the sentence changed or its document went)."""
        rows = self._query("SELECT req_id FROM overrides WHERE req_id NOT IN (SELECT req_id FROM requirements)"
                           " ORDER BY req_id")
        return [r for (r,) in rows]

    def overrides_stamp(self) -> tuple[int, int]:
        """Changes when the overrides change (to keep a catalog between calls)."""
        row = self._query("SELECT count(*), coalesce(sum(length(fields) + length(req_id)), 0) FROM overrides")[0]
        return int(row[0]), int(row[1])

    # -- an add's parses waiting to be indexed ---------------------------------------------
    def staged(self) -> list[Stored]:
        rows = self._query("SELECT doc_id, sha256, file, original FROM staged ORDER BY seq")
        return [Stored(*row) for row in rows]

    def staged_heads(self) -> dict[str, DocHead]:
        """The staged documents' heads by content hash."""
        return {sha: DocHead.model_validate_json(h) for sha, h in self._query("SELECT sha256, head FROM staged")}

    def staged_document(self, sha256: str) -> Document | None:
        rows = self._query("SELECT body FROM staged WHERE sha256 = ?", (sha256,))
        try:
            return Document.model_validate_json(_unpack(rows[0][0])) if rows else None
        except (zlib.error, UnicodeDecodeError, ValueError):
            return None  # a damaged parse of an interrupted add: that file is added again by hand


class Writer:
    """The changes of one transaction (see `Store.writing`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def set_meta(self, **values: str | None) -> None:
        for key, value in values.items():
            if value is None:
                self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def _chosen_places(self) -> dict[str, list[str]]:
        """The places people set for documents (`set_place`), by document id."""
        rows = self._db.execute("SELECT value FROM meta WHERE key = 'places'").fetchall()
        return dict(json.loads(rows[0][0])) if rows else {}

    def _placed(self, doc: Document) -> Document:
        """The document with the place a person set for it (`set_place`), which outlives every parse."""
        chosen_places = self._chosen_places()
        if doc.doc_id not in chosen_places:
            return doc
        chosen = tuple(chosen_places[doc.doc_id])
        region, level = region_of(chosen)
        return doc.model_copy(update={"place": chosen, "region": region, "level": level})

    def set_place(self, doc_id: str, place: tuple[str, ...]) -> None:
        """Set where a document binds, in its head and its parse, and keep it for every later parse."""
        chosen = self._chosen_places()
        chosen[doc_id] = list(place)
        self.set_meta(places=json.dumps(chosen, ensure_ascii=False))
        region, level = region_of(place)
        found = self._db.execute("SELECT body FROM documents WHERE doc_id = ?", (doc_id,)).fetchall()
        body = json.loads(_unpack(found[0][0])) | {"place": list(place), "region": region, "level": level}
        self._db.execute("UPDATE documents SET head = json_set(head, '$.place', json(?), '$.region', ?, '$.level', ?),"
                         " body = ? WHERE doc_id = ?",
                         (json.dumps(list(place), ensure_ascii=False), region, level,
                          _pack(json.dumps(body, ensure_ascii=False)), doc_id))

    def put_document(self, doc: Document, stored: Stored) -> None:
        """Add a document (its head, parse and clauses); its requirements are put separately."""
        doc = self._placed(doc)
        head = doc.head().model_dump_json(exclude={"supersedes", "superseded_by"})
        body = doc.model_dump_json(exclude={"clauses"})
        self._db.execute(
            "INSERT INTO documents(doc_id, sha256, file, original, head, status, supersedes, superseded_by, body,"
            " school_share) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, -1)",
            (doc.doc_id, stored.sha256, stored.file, stored.original, head, doc.status, doc.supersedes,
             doc.superseded_by, _pack(body)))
        self._put_clauses(doc)

    def _put_clauses(self, doc: Document) -> None:
        self._db.executemany("INSERT INTO clauses(doc_id, ord, clause_id, data) VALUES (?, ?, ?, ?)",
                             [(doc.doc_id, n, c.clause_id, c.model_dump_json()) for n, c in enumerate(doc.clauses)])

    def replace_document(self, doc: Document) -> None:
        """A document parsed again: its head, parse and clauses replaced (its requirements go too)."""
        doc = self._placed(doc)
        self._db.execute("DELETE FROM clauses WHERE doc_id = ?", (doc.doc_id,))
        self._db.execute("DELETE FROM requirements WHERE doc_id = ?", (doc.doc_id,))
        head = doc.head().model_dump_json(exclude={"supersedes", "superseded_by"})
        self._db.execute("UPDATE documents SET head = ?, body = ?, school_share = -1 WHERE doc_id = ?",
                         (head, _pack(doc.model_dump_json(exclude={"clauses"})), doc.doc_id))
        self._put_clauses(doc)

    def remove_document(self, doc_id: str) -> None:
        self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))  # clauses, requirements cascade

    def set_links(self, heads: Iterable[DocHead]) -> None:
        """Store the version links (status, supersedes, superseded_by) the whole library sets."""
        self._db.executemany("UPDATE documents SET status = ?, supersedes = ?, superseded_by = ? WHERE doc_id = ?",
                             [(h.status, h.supersedes, h.superseded_by, h.doc_id) for h in heads])

    def put_requirements(self, doc_id: str, rows: Iterable[tuple[Any, bool]], share: float) -> None:
        """A document's requirements (each with whether it binds the school side), replacing any."""
        self._db.execute("DELETE FROM requirements WHERE doc_id = ?", (doc_id,))
        self._db.executemany(
            "INSERT INTO requirements(req_id, doc_id, clause_id, school, school_types, topics, modality, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.req_id, r.doc_id, r.clause_id, int(school), _bars(r.school_types), _bars(r.topics), r.modality,
              r.model_dump_json()) for r, school in rows])
        self._db.execute("UPDATE documents SET school_share = ? WHERE doc_id = ?", (share, doc_id))

    def clear_requirements(self) -> None:
        self._db.execute("DELETE FROM requirements")
        self._db.execute("UPDATE documents SET school_share = -1")

    def set_override(self, req_id: str, fields: dict[str, Any]) -> None:
        self._db.execute("INSERT OR REPLACE INTO overrides(req_id, fields) VALUES (?, ?)",
                         (req_id, json.dumps(fields, ensure_ascii=False)))

    def stage(self, doc: Document, stored: Stored) -> None:
        self._db.execute("INSERT INTO staged(sha256, doc_id, file, original, head, body) VALUES (?, ?, ?, ?, ?, ?)",
                         (stored.sha256, doc.doc_id, stored.file, stored.original, doc.head().model_dump_json(),
                          _pack(doc.model_dump_json())))

    def unstage(self, sha256s: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM staged WHERE sha256 = ?", [(s,) for s in sha256s])
