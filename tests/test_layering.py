"""DESIGN.md §1: nothing under corpus/, kb/, indexer/ imports Textual, Rich or the CLI; each layer
imports only the ones to its left; jieba and whoosh only in indexer/."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

ORDER = ["corpus", "kb", "indexer", "tui"]
UI = {"textual", "rich", "click", "typer"}


def _top(module: str) -> str:
    """`policykb.indexer.library` → `indexer` (our layers); `textual.app` → `textual`."""
    parts = module.split(".")
    return parts[1] if parts[0] == "policykb" and len(parts) > 1 else parts[0]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {_top(alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(_top(node.module))
            if node.module == "policykb":
                found |= {alias.name for alias in node.names}
    return found


def bare_layer_imports(path: Path) -> set[str]:
    """Imports of a layer by its folder's name (`import kb`): installed, only `policykb.kb` exists."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and n.level == 0]
    return {name for name in names if name.split(".")[0] in ORDER}


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
    bad.write_text("from textual.app import App\nimport policykb.indexer.library\nfrom policykb import tui\n"
                   "import kb.checklist\n", encoding="utf-8")
    assert {"textual", "indexer", "tui"} <= imports(bad)
    assert bare_layer_imports(bad) == {"kb.checklist"}


def test_everything_imports_the_layers_through_policykb() -> None:
    """The package installs as `policykb` only (DESIGN §7): `import kb` would import another
    distribution's `kb`, or nothing."""
    paths = [p for d in [*ORDER, "tests", "bench", ".ci"] for p in (ROOT / d).rglob("*.py")]
    bad = {str(p.relative_to(ROOT)): found for p in paths if (found := bare_layer_imports(p))}
    assert not bad and len(paths) > 100, bad
