"""Moving a home written by an older release (policykb ≤ 0.2: a `library.json` manifest, one parsed
JSON file per document, a catalog JSON, `overrides.json`) into the store, once.

The new store is built under another name and moved into place only when complete, so a
migration that is killed is simply done again at the next start. Every document the manifest
lists keeps its id, its stored source and its original path; every override is kept. The old
files go only after the move (the next writer sweeps them if that is interrupted); the old
overrides file is kept as `overrides.json.bak`.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from policykb.corpus.errors import DamagedLibraryError, PolicyKBError
from policykb.corpus.models import Document
from policykb.corpus.parse import PARSER_VERSION, parse
from policykb.corpus.read import read
from policykb.indexer import messages as M
from policykb.indexer.changes import Changes
from policykb.indexer.home import LEGACY, Home, Notice, Progress
from policykb.indexer.store import FILE, Store, Stored
from policykb.kb.catalog import OVERRIDES, load_overrides


def _entries(home: Path) -> tuple[dict[str, object], list[dict[str, str]]]:
    path = home / LEGACY
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DamagedLibraryError(path, M.LEGACY_UNREADABLE) from exc
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and {"doc_id", "file", "sha256"} <= e.keys() for e in entries):
        raise DamagedLibraryError(path, M.LEGACY_NOT_MANIFEST)
    return data, entries


def migrate(home: Path, progress: Progress | None = None, notice: Notice | None = None) -> None:
    folder = Home(home)
    with folder.lock():
        if (home / FILE).exists():  # another process has just done it
            return
        _migrate(folder, progress, notice)


def _migrate(folder: Home, progress: Progress | None, notice: Notice | None) -> None:
    home = folder.path
    manifest, entries = _entries(home)
    overrides = load_overrides(home / OVERRIDES)
    if notice:
        notice(M.MIGRATING.format(n=len(entries)))
    building = home / f"{FILE}.migrating"
    for leftover in home.glob(f"{FILE}.migrating*"):
        leftover.unlink()
    store = Store(building, create=True)
    store.set_meta(parser=PARSER_VERSION)
    parsed_dir = home / str(manifest.get("parsed_dir", "parsed"))
    items = []
    for entry in entries:
        source = home / "documents" / entry["file"]
        doc = None
        if manifest.get("parser") == PARSER_VERSION and entry.get("parsed"):
            with contextlib.suppress(OSError, ValueError):
                doc = Document.model_validate_json((parsed_dir / entry["parsed"]).read_bytes())
        if doc is None:
            try:
                doc = parse(read(source), entry["doc_id"], source_path=entry.get("original", str(source)))
            except (OSError, PolicyKBError) as exc:
                raise DamagedLibraryError(home / LEGACY, M.LEGACY_SOURCE_UNREADABLE.format(doc_id=entry["doc_id"], source=source)) from exc
        items.append((doc, Stored(entry["doc_id"], entry["sha256"], entry["file"],
                                  entry.get("original", str(source)))))
    Changes(folder, store).restore(items, progress, locked=True)
    with store.writing() as w:
        for req_id, fields in overrides.items():
            w.set_override(req_id, fields)
    store.close()
    os.replace(building, home / FILE)
    if (home / OVERRIDES).exists():
        os.replace(home / OVERRIDES, home / f"{OVERRIDES}.bak")
    settled = Store(home / FILE)
    try:
        folder.sweep(settled)  # the manifest, the parse folders, the old index and catalog
    finally:
        settled.close()
    if notice:
        notice(M.MIGRATED.format(documents=len(items), overrides=len(overrides)))
