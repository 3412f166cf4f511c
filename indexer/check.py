"""An integrity check of a library home (`policykb check`): what is wrong, and the command that
mends it without losing a document.

It reads what every command relies on — the store (SQLite's own integrity check, then each
document: its stored source present with the hash recorded, its parse and clauses readable), the
search index (opens, built for these documents by this analyzer) and the catalog — and reports
each problem in one line. It changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import PolicyKBError
from indexer import index as clause_index
from indexer.library import Library
from indexer.store import FILE

REBUILD = "policykb index --rebuild"


@dataclass
class Report:
    documents: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fix: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check(home: Path) -> Report:
    report = Report()
    if not (home / FILE).exists():
        report.problems.append(f"没有文库记录 {home / FILE}")
        report.fix = REBUILD if any((home / "documents").glob("*")) else "policykb（第一次运行会建立文库）"
        return report
    lib = Library(home)
    try:
        store = lib.store
        damage = store.integrity()
        stored = store.stored()
    except PolicyKBError as exc:
        report.problems.append(exc.message)
        report.fix = REBUILD
        return report
    report.problems += [f"文库记录 {home / FILE} 已损坏：{d}" for d in damage]
    report.documents = len(stored)
    for entry in stored:
        source = home / "documents" / entry.file
        name = f"《{entry.doc_id}》"
        try:
            if hashlib.sha256(source.read_bytes()).hexdigest() != entry.sha256:
                report.problems.append(f"{name}的原件 {source} 与记录的内容不同（被改动过）")
        except OSError:
            report.problems.append(f"{name}的原件 {source} 不见了或无法读取")
        try:
            store.document(entry.doc_id)
        except PolicyKBError:
            report.problems.append(f"{name}的解析结果已损坏")
    staged = store.staged()
    if staged:
        report.notes.append(f"有 {len(staged)} 份文件的添加被中断，下次 `policykb add` 时会继续")
    index_dir = lib.index_dir()
    if index_dir is None or not index_dir.is_dir():
        report.problems.append("没有检索索引")
    else:
        why = clause_index.check(index_dir, lib.analyzer())
        indexed = set(clause_index.read_meta(index_dir).get("docs", {}))
        if why:
            report.problems.append(f"检索索引需要重建：{why}")
        elif indexed != {e.doc_id for e in stored}:
            report.problems.append(f"检索索引与文库不一致（索引 {len(indexed)} 份，文库 {len(stored)} 份）")
        else:
            try:
                clause_index.ClauseIndex(index_dir, lib.analyzer()).close()
            except clause_index.IndexMismatch as exc:
                report.problems.append(f"检索索引无法打开：{exc}")
    missing = store.unextracted()
    if missing:
        report.notes.append(f"要求目录还缺 {len(missing)} 份文档（下次使用时会自动补上）")
    lib.close()
    if report.problems and report.fix is None:
        report.fix = REBUILD
    return report
