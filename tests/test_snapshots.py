"""SVG snapshots of the app (pytest-textual-snapshot; Textual is pinned exactly in pyproject.toml).

Built with the same app factory the command line uses, over a copy of the bundled library. After
a deliberate change to the look, run `pytest tests/test_snapshots.py --snapshot-update` and review
the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import settle

from policykb.indexer.library import Library
from policykb.tui.app import PolicyApp
from policykb.tui.settings import Settings

SERVICE = "小学生每年社会服务有什么要求"


@pytest.fixture
def app(seeds_built: Path, tmp_path: Path) -> PolicyApp:
    home = tmp_path / "home"
    shutil.copytree(seeds_built, home)
    # A relative export folder: the snapshot must not show this machine's paths.
    return PolicyApp(library=Library.open(home), settings=Settings(export_dir="exports"))


async def still(pilot) -> None:  # type: ignore[no-untyped-def]
    """Stop the text cursors blinking: a snapshot must not depend on the blink phase."""
    from textual.widgets import Input

    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await settle(pilot)


def asking(*questions: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for question in questions:
            await pilot.press(*question, "enter")
            await settle(pilot)
        await still(pilot)
    return run_before


def test_ask_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(80, 24), run_before=asking("班主任工作量如何计算"))


def test_follow_up_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(80, 24), run_before=asking(SERVICE, "那初中呢?"))


def test_ask_light_theme_at_200x50(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await asking("能否公布学生考试成绩和排名")(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(200, 50), run_before=run_before)


def test_source_view_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await asking("校长每学期至少听课多少节")(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_search_with_a_filter_at_100x30(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f3", *"课后服务")
        await settle(pilot)
        pilot.app.query_one("#filter-kind").value = "实施方案"
        await settle(pilot)
        await settle(pilot)
        assert pilot.app.query_one("#search-pane").shown_for == "课后服务"
        await still(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_library_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f4", "down", "down", "down")
        await pilot.pause()
        await still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_checklist_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_error_dialog_for_a_bad_file_at_80x24(app: PolicyApp, snap_compare,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "损坏的文件.txt").write_bytes(b"\x00\x01" * 100)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f4")
        pane = pilot.app.query_one("#library-pane")
        import os

        cwd = os.getcwd()
        os.chdir(tmp_path)  # the message names the file as given: a relative path is the same everywhere
        try:
            pane.add_paths([Path("in") / "损坏的文件.txt"])
            await settle(pilot)
        finally:
            os.chdir(cwd)
        await still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


# One snapshot per behaviour fixed in issue 16, at 80×24 and 200×50.

def test_a_new_conversation_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+N: the earlier turns fold away and the hint shows (in two lines: no 帮助。 alone)."""
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await asking("班主任工作量如何计算")(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_a_focused_citation_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Tab from the question box: the latest answer's first citation, with a visible focus."""
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await asking("班主任工作量如何计算")(pilot)
        await pilot.press("tab")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_the_outline_over_the_text_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """o on a narrow screen: the outline takes the text's place, the cursor on the current clause."""
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await asking("班主任工作量如何计算")(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_the_source_view_at_200x50(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Wide: outline beside the text, headings ending in … where cut, the clause near the top."""
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await asking("班主任工作量如何计算")(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(200, 50), run_before=run_before)


def test_reindex_asks_first_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_the_palette_in_chinese_at_80x24(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_checklist_at_200x50(app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=(200, 50), run_before=run_before)


# 对照 and following a reference (issue 17), over the bundled laws

@pytest.fixture
def laws_app(bundled_built: Path, tmp_path: Path) -> PolicyApp:
    home = tmp_path / "home"
    shutil.copytree(bundled_built, home)
    return PolicyApp(library=Library.open(home), settings=Settings(export_dir="exports"))


def comparing(old: str, clause: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.open_clause(old, f"{old}/{clause}")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await still(pilot)
    return run_before


def test_compare_versions_at_80x24(laws_app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(laws_app, terminal_size=(80, 24),
                        run_before=comparing("未成年人保护法(2020-10-17)", "第一章/第九条"))


def test_compare_versions_at_200x50(laws_app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(laws_app, terminal_size=(200, 50),
                        run_before=comparing("职业教育法(1996-05-15)", "第一章/第一条"))


def test_a_followed_reference_at_80x24(laws_app: PolicyApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        law = "义务教育法(2018-12-29)"
        pilot.app.open_clause(law, f"{law}/第七章/第五十三条/2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await still(pilot)

    assert snap_compare(laws_app, terminal_size=(80, 24), run_before=run_before)
