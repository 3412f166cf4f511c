"""Rebuilding a library whose manifest is damaged or gone, from the sources it stored.

The manifest (library.json) is the list of documents; the documents themselves are the source
files kept in `documents/`. When the list is lost, every stored source is parsed again under the id
its last parse gave it (or its file name's) and the list is written anew; the damaged manifest is
kept beside it, and the parse of a document whose source is gone is kept in `未恢复/`. Nothing a
user added is deleted.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path
from typing import Any

from corpus.models import Document
from corpus.parse import doc_id_for
from indexer.library import MANIFEST, Library, Progress, stored_name

UNRECOVERED = "未恢复"


def _known(home: Path) -> dict[str, tuple[Document, Path]]:
    """What the last parses say about each stored source, by content hash (newest parse first)."""
    known: dict[str, tuple[Document, Path]] = {}
    folders = sorted((p for p in home.glob("parsed*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            try:
                doc = Document.model_validate_json(path.read_bytes())
            except (OSError, ValueError):
                continue
            known.setdefault(doc.source.sha256, (doc, path))
    return known


def recover(home: Path, progress: Progress | None = None) -> tuple[Library, list[str]]:
    """The library at `home` rebuilt from its stored sources, and what was done (for the user)."""
    notes: list[str] = []
    manifest = home / MANIFEST
    if manifest.exists():
        kept = home / f"{MANIFEST}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
        manifest.rename(kept)
        notes.append(f"损坏的清单已留作备份：{kept}")
    known = _known(home)
    entries: list[dict[str, Any]] = []
    ids: set[str] = set()
    hashes: set[str] = set()
    for source in sorted((home / "documents").glob("*")):
        if not source.is_file() or source.name.startswith("."):
            continue
        sha = hashlib.sha256(source.read_bytes()).hexdigest()
        if sha in hashes:
            continue
        hashes.add(sha)
        doc = known.get(sha, (None, None))[0]
        doc_id = doc.doc_id if doc else doc_id_for(source)
        if doc_id in ids:
            doc_id = f"{doc_id}~{sha[:6]}"
        ids.add(doc_id)
        entries.append({"doc_id": doc_id, "file": source.name, "parsed": f"{stored_name(sha)}.json",
                        "sha256": sha, "original": doc.source.path if doc else str(source)})
    lost = [(doc, path) for sha, (doc, path) in known.items() if sha not in hashes]
    if lost:
        keep = home / UNRECOVERED
        keep.mkdir(exist_ok=True)
        for _, path in lost:
            shutil.copy2(path, keep / path.name)
        notes.append(f"{len(lost)} 份文档的原件已不在 documents/ 中，无法重建："
                     f"{'、'.join(d.title for d, _ in lost[:5])}；它们的解析结果保存在 {keep}。")
    lib = Library(home)
    lib.index(rebuild=True, progress=progress, entries=entries)
    notes.append(f"已从原件重建文库：{len(entries)} 份文档。")
    return lib, notes
