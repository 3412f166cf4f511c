"""Rebuilding a library whose store is damaged or gone, from the sources it kept.

The documents themselves are the source files kept in `documents/` (named by content hash). When
the store cannot be read, whatever it still yields (each document's id and original path) is
salvaged, the damaged file is kept beside the new one, and every stored source is parsed again
under its old id (or, when that is lost, under its title). Nothing a user added is deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
import time
from pathlib import Path

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.parse import parse
from policykb.corpus.read import read
from policykb.indexer import messages as M
from policykb.indexer.home import read_name
from policykb.indexer.library import LEGACY, Library, Progress
from policykb.indexer.store import FILE, Stored


def _salvage(db: Path) -> dict[str, tuple[str, str]]:
    """sha256 → (doc_id, original path), as far as a damaged store still yields them."""
    found: dict[str, tuple[str, str]] = {}
    with contextlib.suppress(sqlite3.Error):
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            for doc_id, sha, original in con.execute("SELECT doc_id, sha256, original FROM documents"):
                found[str(sha)] = (str(doc_id), str(original))
        finally:
            con.close()
    return found


def recover(home: Path, progress: Progress | None = None) -> tuple[Library, list[str]]:
    """The library at `home` rebuilt from its stored sources, and what was done (for the user)."""
    notes: list[str] = []
    stamp = time.strftime("%Y%m%d-%H%M%S")
    db = home / FILE
    salvaged = _salvage(db) if db.exists() else {}
    for damaged in (db, home / f"{FILE}-wal", home / f"{FILE}-shm", home / LEGACY):
        if damaged.exists():
            kept = damaged.with_name(f"{damaged.name}.damaged-{stamp}")
            damaged.rename(kept)
            if damaged.name in (FILE, LEGACY):
                notes.append(M.DAMAGED_KEPT.format(path=kept))
    lib = Library(home)
    lib.new_store()
    items = []
    ids: set[str] = set()
    hashes: set[str] = set()
    for source in sorted((home / "documents").glob("*")):
        if not source.is_file() or source.name.startswith(".") or source.suffix == ".json":
            continue
        sha = hashlib.sha256(source.read_bytes()).hexdigest()
        if sha in hashes:
            continue
        hashes.add(sha)
        doc_id, original = salvaged.get(sha) or read_name(source)
        try:
            raw = read(source)
            if not doc_id:  # nothing remembers its name: name it by its title
                doc_id = re.sub(r"[\s/\\#?]", "", parse(raw, source.stem).title)[:60] or source.stem
            if doc_id in ids:
                doc_id = f"{doc_id}~{sha[:6]}"
            doc = parse(raw, doc_id, source_path=original)
        except PolicyKBError as exc:
            notes.append(M.NOT_RESTORED.format(source=source, why=exc.message))
            continue
        ids.add(doc_id)
        items.append((doc, Stored(doc_id, sha, source.name, original)))
    lib.restore(items, progress)
    notes.append(M.RECOVERED.format(n=len(items)))
    return lib, notes
