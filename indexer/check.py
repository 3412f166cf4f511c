"""An integrity check of a library home (`policykb check`): what is wrong, and the command that
mends it without losing a document.

It reads what every command relies on — the manifest, each document's stored source (present,
with the hash the manifest records), its parse, the search index (opens, built for these documents
by this analyzer) and the catalog — and reports each problem in one line. It changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import PolicyKBError
from corpus.models import Document
from indexer import index as clause_index
from indexer.library import MANIFEST, Library

REBUILD = "policykb index --rebuild"


@dataclass
class Report:
    documents: int = 0
    problems: list[str] = field(default_factory=list)
    fix: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check(home: Path) -> Report:
    report = Report()
    lib = Library(home)
    if not (home / MANIFEST).exists():
        report.problems.append(f"没有文库清单 {home / MANIFEST}")
        report.fix = REBUILD if any((home / "documents").glob("*")) else "policykb（第一次运行会建立文库）"
        return report
    try:
        entries = lib.entries()
    except PolicyKBError as exc:
        report.problems.append(exc.message)
        report.fix = REBUILD
        return report
    report.documents = len(entries)
    parsed_dir = lib.parsed_dir()
    for entry in entries:
        source = home / "documents" / entry["file"]
        name = f"《{entry['doc_id']}》"
        try:
            if hashlib.sha256(source.read_bytes()).hexdigest() != entry["sha256"]:
                report.problems.append(f"{name}的原件 {source} 与记录的内容不同（被改动过）")
        except OSError:
            report.problems.append(f"{name}的原件 {source} 不见了或无法读取")
        try:
            Document.model_validate_json((parsed_dir / entry["parsed"]).read_bytes())
        except (OSError, ValueError):
            report.problems.append(f"{name}的解析结果 {parsed_dir / entry['parsed']} 缺失或已损坏")
    index_dir = lib.index_dir()
    if index_dir is None or not index_dir.is_dir():
        report.problems.append("没有检索索引")
    else:
        why = clause_index.check(index_dir, lib.analyzer())
        indexed = set(clause_index.read_meta(index_dir).get("docs", {}))
        if why:
            report.problems.append(f"检索索引需要重建：{why}")
        elif indexed != {e["doc_id"] for e in entries}:
            report.problems.append(f"检索索引与文库不一致（索引 {len(indexed)} 份，文库 {len(entries)} 份）")
        else:
            try:
                clause_index.ClauseIndex(index_dir, lib.analyzer()).close()
            except clause_index.IndexMismatch as exc:
                report.problems.append(f"检索索引无法打开：{exc}")
    catalog = lib.catalog_file()
    try:
        data = json.loads(catalog.read_text(encoding="utf-8")) if catalog else None
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or set(data.get("docs", {})) != {e["doc_id"] for e in entries}:
        report.problems.append("要求目录缺失、已损坏或与文库不一致（下次使用时会自动重建）")
    if report.problems and report.fix is None:
        report.fix = REBUILD
    return report
