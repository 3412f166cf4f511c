"""DESIGN.md §1: nothing under corpus/, kb/, indexer/ imports Textual, Rich or the CLI; each layer
imports only the ones to its left; jieba and whoosh only in indexer/."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

ORDER = ["corpus", "kb", "indexer", "tui"]
UI = {"textual", "rich", "click", "typer"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_core_packages_do_not_import_ui_or_later_layers() -> None:
    checked = 0
    for index, package in enumerate(ORDER[:-1]):
        forbidden = UI | set(ORDER[index + 1:])
        if package != "indexer":
            forbidden |= {"jieba", "whoosh"}
        for path in (ROOT / package).rglob("*.py"):
            bad = imports(path) & forbidden
            assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
            checked += 1
    assert checked >= 8


def test_the_layering_check_would_notice_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("from textual.app import App\nimport indexer.library\n", encoding="utf-8")
    assert {"textual", "indexer"} <= imports(bad)
