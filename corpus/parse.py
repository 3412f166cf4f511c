"""From a file to a `Document`: read, clean, split into clauses, read metadata.

`parse_file` is what the library calls for every document it holds; `PARSER_VERSION` changes
whenever a change here can change a clause id or text, so cached parses are redone.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TypeVar

from policykb.corpus.clean import clean
from policykb.corpus.meta import metadata, version_key
from policykb.corpus.models import DocHead, Document, Source
from policykb.corpus.read import RawText, read
from policykb.corpus.sanitize import strip_invisible
from policykb.corpus.tree import is_law, parse_clauses

PARSER_VERSION = "5"  # 5: full-width digits read as digits in numbering, 第2条 as an article; more invisibles stripped


def doc_id_for(path: Path) -> str:
    """A readable id that never changes for the same file name: the file's stem, tidied."""
    stem = strip_invisible(path.stem)[0]  # a file name is document data too
    stem = re.sub(r"[\s\u3000]+", "", stem)
    return re.sub(r"[/\\#?]", "-", stem) or "document"


def parse(raw: RawText, doc_id: str | None = None, source_path: str | None = None) -> Document:
    """Clean and split one read file into a `Document` with its clause tree and parse report."""
    doc_id = doc_id or doc_id_for(raw.path)
    md_title = None
    if raw.format == "md":
        m = re.search(r"(?m)^\s*#\s+(.+?)\s*$", raw.text)
        md_title = m.group(1) if m else None
    cleaned = clean(raw.text, raw.format)
    law = is_law(cleaned.text)
    tree_notes: list[str] = []
    clauses = parse_clauses(doc_id, cleaned.text, law, tree_notes)
    head = clauses[0].text if clauses and clauses[0].level == "前言" else ""
    # The path the file came from, not the library's copy of it: its folders tell a law's kind.
    meta = metadata(cleaned.text, head, Path(source_path) if source_path else raw.path, md_title, law)
    source = Source(path=source_path or str(raw.path), sha256=raw.sha256, format=raw.format, encoding=raw.encoding)
    report = cleaned.report.model_copy(update={"stripped": raw.stripped}) if raw.stripped else cleaned.report
    if raw.notes or tree_notes:  # what reading replaced or cut, first
        report = report.model_copy(update={"notes": (*raw.notes, *report.notes, *tree_notes)})
    return Document(doc_id=doc_id, source=source, text=cleaned.text, clauses=clauses, report=report, **meta)


def parse_file(path: str | Path, doc_id: str | None = None) -> Document:
    return parse(read(path), doc_id)


D = TypeVar("D", Document, DocHead)


def link_versions(documents: list[D]) -> list[D]:
    """Link versions of the same instrument: the newer `supersedes` the older, which is marked 已被修订."""
    groups: dict[str, list[D]] = {}
    for doc in documents:
        groups.setdefault(version_key(doc.title), []).append(doc)
    updated: dict[str, D] = {}
    for docs in groups.values():
        if len(docs) < 2:
            continue
        ordered = sorted(docs, key=lambda d: (d.version_date or d.issued or dt.date.min, d.doc_id))
        # copies with the same date (the same law as .md and as .html) are one version, not a newer
        # one of each other: every copy of a date is superseded by the next date's first document
        dated: dict[dt.date, list[D]] = {}
        for doc in ordered:
            dated.setdefault(doc.version_date or doc.issued or dt.date.min, []).append(doc)
        chain = list(dated.values())
        for olds, news in zip(chain, chain[1:], strict=False):
            newer = updated.get(news[0].doc_id, news[0])
            for old in olds:
                older = updated.get(old.doc_id, old)
                status = older.status if older.status == "征求意见稿" else "已被修订"
                updated[older.doc_id] = older.model_copy(update={"superseded_by": newer.doc_id, "status": status})
            updated[newer.doc_id] = newer.model_copy(update={"supersedes": olds[0].doc_id})
    return [updated.get(d.doc_id, d) for d in documents]
