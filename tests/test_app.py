"""The app driven as a person would (Textual's Pilot)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import OptionList, Static, Tree

from indexer.library import Library
from tui.app import PolicyApp


def test_browse_a_document_and_read_a_clause(tmp_path: Path) -> None:
    asyncio.run(_browse(tmp_path))


async def _browse(tmp_path: Path) -> None:
    app = PolicyApp(Library.open(tmp_path / "home"))
    async with app.run_test(size=(100, 30)) as pilot:
        docs = app.query_one("#docs", OptionList)
        assert docs.option_count == 5
        docs.focus()
        target = next(i for i, d in enumerate(app.docs) if d.doc_id.startswith("毕节市"))
        docs.highlighted = target
        await pilot.pause()
        tree = app.query_one("#tree", Tree)
        assert "毕节市" in str(tree.root.label)
        await pilot.press("t")
        for _ in range(4):
            await pilot.press("down")
        await pilot.pause()
        shown = str(app.query_one("#clause", Static).render())
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.path in shown
