"""The app driven as a person would (Textual's Pilot): each flow of the issue end to end."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from conftest import copy_home, settle, snapshot

from policykb.corpus.errors import PolicyKBError
from policykb.indexer.library import Library
from policykb.indexer.store import FILE as MANIFEST
from policykb.tui.app import PolicyApp
from policykb.tui.settings import Settings
from policykb.tui.widgets.build import BuildScreen
from policykb.tui.widgets.chat import AskPane
from policykb.tui.widgets.dialogs import ConfirmDialog, ErrorDialog, HelpScreen
from policykb.tui.widgets.history import HistoryScreen
from policykb.tui.widgets.library import LibraryPane
from policykb.tui.widgets.message import CitationCard, TurnView
from policykb.tui.widgets.picker import FilePicker
from policykb.tui.widgets.search import SearchPane
from policykb.tui.widgets.source import SourceScreen

BIJIE = "毕节市深化教育教学改革提高义务教育质量实施方案（征求意见稿）"
GOLD = "班主任工作量按当地教师标准课时工作量的二分之一计算"
SIZE = (100, 36)


@pytest.fixture
def home(seeds_built: Path, tmp_path: Path) -> Path:
    return copy_home(seeds_built, tmp_path)


def drive(app: PolicyApp, steps: Callable[..., Awaitable[None]], size: tuple[int, int] = SIZE) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await steps(pilot)

    asyncio.run(main())


async def ask(pilot, text: str) -> TurnView:  # type: ignore[no-untyped-def]
    pilot.app.query_one("#prompt").focus()
    await pilot.press(*text, "enter")
    await settle(pilot)
    return list(pilot.app.query(TurnView))[-1]


def visible(screen: SourceScreen, clause_id: str) -> bool:
    """Whether the clause's lines are inside the source view's scrolled window."""
    text = screen.query_one("#text")
    index = screen.index[clause_id]
    top = text._index_to_line[index]  # noqa: SLF001 (Textual is pinned exactly)
    window = range(int(text.scroll_offset.y), int(text.scroll_offset.y) + text.scrollable_content_region.height)
    return top in window


def test_ask_cite_and_open_the_source_with_the_clause_highlighted_and_visible(home: Path) -> None:
    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        assert app.focused is not None and app.focused.id == "prompt"  # ready for typing
        view = await ask(pilot, "班主任工作量如何计算")
        assert view.turn is not None and GOLD in (view.turn.answer.answer or "")
        cards = list(view.query(CitationCard))
        assert cards[0].citation.clause_id == f"{BIJIE}/二/（三）/13"
        assert "征求意见稿" in str(cards[0].render())  # the status badge
        cards[0].focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen) and screen.doc.doc_id == BIJIE
        text = screen.query_one("#text")
        assert text.highlighted == screen.index[f"{BIJIE}/二/（三）/13"]
        assert visible(screen, f"{BIJIE}/二/（三）/13")
        assert text.scroll_offset.y > 0  # far enough down that it had to be scrolled to
        assert "征求意见稿" in str(screen.query_one("#meta").render())
        await pilot.press("c")
        assert app.clipboard.startswith(f"{BIJIE} 二、（三）13\n") and GOLD in app.clipboard
        await pilot.press("n")
        assert text.highlighted == screen.index[f"{BIJIE}/二/（三）/13"] + 1
        palette = [c.title for c in app.get_system_commands(screen)]
        assert {"原文：复制引用", "原文：下一条", "原文：上一条", "原文：大纲", "原文：返回"} <= set(palette)
        await pilot.press("escape")
        assert not isinstance(app.screen, SourceScreen)
        await pilot.press("ctrl+o")  # the latest answer's first citation, from the prompt
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)

    drive(app, steps)


def test_the_source_view_at_80_columns(home: Path) -> None:
    """At 80 columns the text has the whole width; o shows the outline on the clause being read,
    Enter jumps, Esc returns to the text; the outline follows n/p; the cited clause is near the top."""
    from textual.widgets import Tree

    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        view = await ask(pilot, "班主任工作量如何计算")
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        text, tree = screen.query_one("#text"), screen.query_one("#outline", Tree)
        assert not tree.display and text.region.width >= 76
        cited = view.turn.answer.citations[0].clause_id  # type: ignore[union-attr]
        row = text._index_to_line[screen.index[cited]] - int(text.scroll_offset.y)  # noqa: SLF001
        assert 0 <= row <= text.scrollable_content_region.height // 3  # near the top, not the bottom
        await pilot.press("n")
        await pilot.press("o")
        assert tree.display and not text.display and tree.has_focus
        current = screen.current
        assert current is not None and tree.cursor_node is not None and tree.cursor_node.data == current
        await pilot.press("up", "enter")
        await settle(pilot)
        assert text.display and not tree.display and text.has_focus
        assert screen.current is not None and screen.current.clause_id != current.clause_id
        await pilot.press("o", "escape")
        assert text.display and not tree.display and isinstance(app.screen, SourceScreen)
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        assert tree.display and text.display
        await pilot.press("p")
        assert tree.cursor_node is not None and tree.cursor_node.data == screen.current  # follows the text

    drive(app, steps, size=(80, 24))


def test_outline_labels_and_history_line() -> None:
    from policykb.corpus.models import Clause
    from policykb.tui.widgets.source import outline_label

    clause = Clause(clause_id="法/第五条/2", doc_id="法", parent_id="法/第五条", path="第五条/2", level="款",
                    number="2", heading="", text="学校应当\n建立制度。", span=(0, 2))
    assert str(outline_label(clause)) == "第2款 学校应当 建立制度。"
    # no heading: the clause's first words after its number, not a bare （六）
    item = Clause(clause_id="法/第三十五条/（六）", doc_id="法", path="第三十五条/（六）", level="项", number="（六）",
                  text="（六）伤害事故，是指由于外因造成学生的死亡" + "，以及其他" * 20, span=(0, 2))
    label = str(outline_label(item))
    assert label.startswith("（六） 伤害事故，是指") and len(label) <= 65
    preamble = Clause(clause_id="法/前言", doc_id="法", path="前言", level="前言", text="为了…", span=(0, 2))
    assert str(outline_label(preamble)) == "前言"


def test_a_follow_up_and_the_history_across_runs(home: Path) -> None:
    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        await ask(pilot, "小学生每年社会服务有什么要求")
        view = await ask(pilot, "那初中呢?")
        assert view.turn is not None and view.turn.follow_up
        assert "初中生每年社会服务有什么要求" in str(view.query_one(".asked").render())
        assert view.turn.answer.answer == "初中学生每学年完成至少2次社会服务和2种职业体验。"
        # The newest question at the top of the chat, and still there after the terminal changes size.
        for size in (None, (80, 24), (140, 40)):
            if size:
                await pilot.resize_terminal(*size)
                await settle(pilot)
            messages = pilot.app.query_one("#messages")
            assert view.region.y == messages.region.y, size

    drive(app, steps)
    lines = (home / "history.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["question"] for line in lines] == ["小学生每年社会服务有什么要求", "那初中呢?"]

    again = PolicyApp(library=Library.open(home))

    async def reopened(pilot) -> None:  # type: ignore[no-untyped-def]
        past = [v for v in again.query(TurnView) if v.has_class("past")]
        assert [v.question for v in past] == ["小学生每年社会服务有什么要求", "那初中呢?"]
        view = await ask(pilot, "那幼儿园呢")  # goes on from the last turn shown
        assert view.turn is not None and view.turn.asked == "幼儿园每年社会服务有什么要求"
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press(*"初中")
        await pilot.pause()
        screen = again.screen
        assert [t.question for t in screen.turns] == ["那初中呢?"]  # type: ignore[attr-defined]
        await pilot.press("enter")  # one match: Enter takes it, no ↓ first
        await settle(pilot)
        assert not isinstance(again.screen, HistoryScreen)
        # already in the chat: not shown twice; and typing goes to the question box again
        assert [v.question for v in again.query(TurnView)].count("那初中呢?") == 1
        assert again.focused is again.query_one("#prompt")
        numbers = [v.number for v in again.query(TurnView)]
        assert numbers == [1, 2, 3]  # turns numbered as they stand, past ones counted
        # Tab (or ↑) from the question box: the latest answer's first citation, visibly focused
        await pilot.press("tab")
        latest = list(again.query(TurnView))[-1]
        cards = list(latest.query(CitationCard))
        assert again.focused is cards[0]
        assert cards[0].styles.background != again.query_one("#prompt").styles.background
        await pilot.press("down")
        assert again.focused is cards[1]
        await pilot.press("up")
        assert again.focused is cards[0]
        labels = [b.binding.description for b in again.active_bindings.values() if b.binding.show]
        assert len(labels) == len(set(labels))  # one label per action
        again.query_one("#prompt").focus()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert any("新对话" in n.message for n in again._notifications)  # noqa: SLF001 (Textual is pinned)

    drive(again, reopened)

    third = PolicyApp(library=Library.open(home))

    async def opened(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        messages = third.query_one("#messages")
        assert messages.max_scroll_y > 0 and messages.scroll_y == messages.max_scroll_y  # the newest turn in view

    drive(third, opened, size=(80, 24))


def test_a_checklist_export_writes_a_file_that_opens(home: Path, tmp_path: Path) -> None:
    import openpyxl

    app = PolicyApp(library=Library.open(home), settings=Settings(export_dir=str(tmp_path)))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f5")
        await settle(pilot)
        pane = app.query_one("#checklist-pane")
        assert pane.current is not None and pane.current.school_type == "小学"
        others = app.query_one("#others")  # a box shows ✓ only when ticked (Textual's X was there either way)
        assert "✓" not in str(others.render()) and "X" not in str(others.render())
        tree = app.query_one("#checklist-tree")
        assert len(tree.root.children) == len(pane.current.topics) > 3
        path = app.query_one("#export-path")
        assert path.value == str(tmp_path / "自查表-小学-公办.xlsx")
        app.query_one("#place").focus()  # Ctrl+E exports from the place box too (an Input's own Ctrl+E is "end")
        await pilot.press("ctrl+e")
        await settle(pilot)
        rows = len(pane.current.rows)
        status = str(app.query_one("#checklist-status").render())
        written = tmp_path / "自查表-小学-公办.xlsx"
        sheet = openpyxl.load_workbook(written).active
        assert sheet.max_row >= rows and sheet["A3"].value == 1  # 序号 is a number
        assert written.stat().st_mode & 0o044, "the user's usual mode, readable by others, not 0600"
        # where and how many, in the pane (a toast over the list lost characters), not "正在导出…" any more
        assert f"已导出 {rows} 项" in status and str(written) in status.replace("\n", "") and "正在" not in status
        assert not any("已导出" in n.message for n in app._notifications)  # noqa: SLF001
        before = pane.current  # a document added in the library tab is in the list at once
        extra = tmp_path / "某县作业管理办法.txt"
        extra.write_text("某县作业管理办法\n一、作业时间\n小学每天书面作业不超过60分钟。\n二、公示\n学校应当建立作业公示制度。\n"
                         "三、检查\n学校应当每月检查一次作业量。\n", encoding="utf-8")
        app.query_one(LibraryPane).add_paths([extra])
        await settle(pilot)
        assert pane.current is not before and len(pane.current.rows) > len(before.rows)
        assert any(r.doc_title == "某县作业管理办法" for r in pane.current.rows)
        app.query_one("#school-type").value = "幼儿园"
        await settle(pilot)
        assert pane.current.school_type == "幼儿园" and path.value.endswith("自查表-幼儿园-公办.xlsx")
        app.query_one("#export-format").value = "md"
        await pilot.pause()
        assert path.value.endswith("自查表-幼儿园-公办.md")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert (tmp_path / "自查表-幼儿园-公办.md").read_text(encoding="utf-8").startswith("# 幼儿园")
        path.value = str(tmp_path / "no-such-folder" / "x.csv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog) and "no-such-folder" in app.screen.message
        await pilot.press("enter")
        await settle(pilot)
        assert "导出没有完成" in str(app.query_one("#checklist-status").render())  # not 正在导出… for ever
        # a folder that does not exist, typed with its /: said so, no file without a suffix beside it
        path.value = str(tmp_path / "export200") + "/"
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog) and "export200" in app.screen.message
        assert not (tmp_path / "export200").exists()
        await pilot.press("enter")
        await settle(pilot)
        # an existing folder holds a file named after the list; a name without a suffix gets the format's
        folder = tmp_path / "导出"
        folder.mkdir()
        path.value = str(folder)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert (folder / "自查表-幼儿园-公办.md").is_file()
        path.value = str(folder / "给校长")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert (folder / "给校长.md").read_text(encoding="utf-8").startswith("# 幼儿园")
        # a file already there (perhaps filled in and signed) is replaced only when the user says so
        (folder / "给校长.md").write_text("已填写", encoding="utf-8")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "给校长.md" in app.screen.question
        await pilot.press("escape")
        await settle(pilot)
        assert (folder / "给校长.md").read_text(encoding="utf-8") == "已填写"
        await pilot.press("ctrl+e")
        await settle(pilot)
        app.screen.query_one("#yes").press()
        await settle(pilot)
        assert (folder / "给校长.md").read_text(encoding="utf-8").startswith("# 幼儿园")
        # a name the system refuses to look at (too long): a dialog naming it, the app goes on
        path.value = str(tmp_path / ("长" * 300))
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog) and "长长长" in app.screen.message
        await pilot.press("enter")
        await settle(pilot)
        # a folder typed in the box stays when the format or kind changes: "." and "~" are folders too
        for typed in (".", "~", str(folder) + "/"):
            path.value = typed
            app.query_one("#export-format").value = "csv"
            await pilot.pause()
            app.query_one("#export-format").value = "md"
            await pilot.pause()
            assert path.value == typed

    drive(app, steps)


def test_the_checklist_tab_by_place_with_details_exclusion_and_sources(home: Path, tmp_path: Path) -> None:
    from policykb.kb.checklist import Row

    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f5")
        await settle(pilot)
        pane = app.query_one("#checklist-pane")
        everywhere = len(pane.current.rows)
        place = app.query_one("#place")
        place.focus()
        place.value = "北平"
        await pilot.press("enter")
        await settle(pilot)
        assert "北京市" in str(app.query_one("#checklist-summary").render())  # the nearest names
        assert app.focused is place  # a place not known: typed again where it was typed
        place.value = "毕节"
        await pilot.press("enter")
        await settle(pilot)
        assert place.value == "贵州省毕节市" and pane.current.place == ("贵州省", "毕节市")
        assert app.focused is app.query_one("#checklist-tree")  # Enter makes the list and goes to it
        # the place is 我的学校's: the chat says so under its question box and ranks by it
        assert "贵州省毕节市" in str(app.query_one("#school-line").render())
        assert app.session.place == "贵州省毕节市"
        assert 0 < len(pane.current.rows) < everywhere
        assert all(r.doc_title.startswith("毕节") for r in pane.current.rows)  # the seeds hold no national law
        assert "贵州省毕节市" in app.query_one("#export-path").value
        tree = app.query_one("#checklist-tree")
        tree.focus()
        first = next(n for n in tree.root.children[0].children if isinstance(n.data, Row))
        tree.move_cursor(first)
        await settle(pilot)
        detail = str(app.query_one("#checklist-detail").render())
        assert first.data.doc_title in detail and "出处" in detail
        await pilot.press("x")
        await settle(pilot)
        req_id = first.data.req.req_id
        assert pane.library.current_catalog().requirement(req_id).excluded  # a review kept in the library
        listed = len(pane.current.rows)
        app.query_one("#export-path").value = str(tmp_path / "排除后.json")
        app.query_one("#export-format").value = "md"
        await pilot.pause()
        app.query_one("#export-path").value = str(tmp_path / "排除后.md")
        tree.focus()
        await pilot.press("ctrl+e")
        await settle(pilot)
        written = (tmp_path / "排除后.md").read_text(encoding="utf-8")
        assert first.data.req.text not in written  # left off the export …
        assert len(pane.current.rows) == listed  # … while the list keeps it, for x to bring back
        await pilot.press("x")
        await settle(pilot)
        assert not pane.library.current_catalog().requirement(req_id).excluded  # and undone
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "SourceScreen"

    drive(app, steps)
    settings = Settings.load(home)
    assert settings.place == "贵州省毕节市" and settings.school_type == "小学"  # the tab's next start


def test_exports_go_to_the_documents_folder_not_where_the_app_was_started(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.chdir(tmp_path / ".." if (tmp_path / "..").is_dir() else tmp_path)
    assert Settings().export_folder() == tmp_path  # no documents folder: the home folder
    (tmp_path / "Documents").mkdir()
    assert Settings().export_folder() == tmp_path / "Documents"
    assert Settings(export_dir=str(tmp_path / "exports")).export_folder() == tmp_path / "exports"


def test_adding_a_bad_file_shows_the_error_and_changes_nothing(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "损坏的文件.txt"
    bad.write_bytes(b"\x00\x01" * 100)
    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        before = snapshot(home)
        assert not app.query_one(LibraryPane).filled  # measured only once shown: the prompt is ready sooner
        await pilot.press("f4")
        await pilot.pause()
        rows = app.query_one("#docs-table").row_count
        assert rows == len(app.session.library.documents()) > 0
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FilePicker)
        assert app.focused is app.screen.query_one("#picker-path")  # the prompt says: type a path
        tree = app.screen.query_one("#picker-tree")
        start = Path(tree.path).resolve()
        tree.focus()
        await pilot.press("backspace")  # the tree goes up from where policykb was run
        assert Path(tree.path).resolve() == start.parent
        app.screen.query_one("#picker-path").value = str(bad)
        app.screen.query_one("#picker-path").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog) and "损坏的文件.txt" in app.screen.message
        assert snapshot(home) == before  # the library, byte for byte
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")  # the picker again: the path chosen last time, in its folder
        await pilot.pause()
        assert app.screen.query_one("#picker-path").value == str(bad)
        assert Path(app.screen.query_one("#picker-tree").path).resolve() == tmp_path.resolve()
        await pilot.press("escape")
        await pilot.pause()
        # a folder with a good file and two bad ones: every bad one is named, nothing is added
        folder = tmp_path / "一批文件"
        folder.mkdir()
        (folder / "好的.txt").write_text("某县作业管理办法\n一、作业时间\n每天书面作业不超过60分钟。\n", encoding="utf-8")
        (folder / "坏的一.txt").write_bytes(b"\x00\x02" * 50)
        (folder / "坏的二.txt").write_bytes(b"")
        app.query_one(LibraryPane).add_paths([folder])
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "坏的一.txt" in app.screen.message and "坏的二.txt" in app.screen.message and "2 个" in app.screen.message
        assert snapshot(home) == before
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#docs-table").row_count == rows
        assert "没有改动" in str(app.query_one("#library-status").render())
        # The app goes on: a good file is added and shows up everywhere.
        good = tmp_path / "某县课后服务实施方案.txt"
        good.write_text("某县课后服务实施方案\n一、服务时间\n课后服务每周5天,每天不少于2小时。\n", encoding="utf-8")
        app.query_one(LibraryPane).add_paths([good])
        await settle(pilot)
        assert app.query_one("#docs-table").row_count == rows + 1
        assert app.query_one(LibraryPane).selected() == "某县课后服务实施方案"  # the table on the new document
        app.query_one("#docs-table").move_cursor(row=2)
        chosen = app.query_one(LibraryPane).selected()
        app.query_one(LibraryPane).add_paths([good])  # already there: nothing is added, the cursor stays put
        await settle(pilot)
        assert app.query_one("#docs-table").row_count == rows + 1
        assert app.query_one(LibraryPane).selected() == chosen != "某县课后服务实施方案"
        await pilot.press("r")  # re-index asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "重建索引" in str(app.screen.question)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.query_one(LibraryPane).busy
        offered = [value for _, value in app.query_one("#filter-doc")._options]  # noqa: SLF001
        assert "某县课后服务实施方案" in offered  # the search filters know the new document
        view = await ask(pilot, "课后服务每周几天")
        assert view.turn is not None and view.turn.answer.citations[0].doc_id == "某县课后服务实施方案"

    drive(app, steps)


def test_the_footer_fits_at_80_columns_and_long_headings_end_in_an_ellipsis(home: Path) -> None:
    """Every key of the footer inside 80 columns on each tab and in the source view (F2–F5 as one
    "标签页"); an outline heading longer than its room ends in "…"."""
    from rich.style import Style
    from textual.widgets._footer import FooterKey

    app = PolicyApp(library=Library.open(home))

    def keys_fit() -> list[str]:
        keys = list(app.screen.query(FooterKey))
        assert keys and all(k.region.right <= 80 and k.region.width > 0 for k in keys), \
            [(k.key, k.region) for k in keys]
        return [k.key for k in keys]

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        for tab in ("f2", "f3", "f4", "f5"):
            await pilot.press(tab)
            await pilot.pause()
            assert {"f2", "f5", "ctrl+q"} <= set(keys_fit())
        await pilot.press("f2")
        await ask(pilot, "班主任工作量如何计算")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert {"escape", "n", "p", "o", "f1"} <= set(keys_fit())
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        tree = app.screen.query_one("#outline")
        label = tree.render_label(tree.root, Style(), Style()).plain
        assert label.endswith("…") and label[:-1].lstrip("▼ ") in BIJIE and len(label) < len(BIJIE)
        await pilot.press("o")  # wide: the outline beside the text takes the focus; Esc gives it back
        assert app.focused is tree
        await pilot.press("escape")
        assert isinstance(app.screen, SourceScreen) and app.focused is app.screen.query_one("#text")
        await pilot.press("escape")
        await settle(pilot)
        from textual.widgets._footer import FooterKey as Key

        assert "ctrl+p" in {k.key for k in app.screen.query(Key)}  # wide: ^p too
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "ctrl+p" not in keys_fit()

    drive(app, steps, size=(80, 24))


def test_search_as_you_type_with_filters(home: Path) -> None:
    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f3")
        await pilot.press(*"班主任")
        await pilot.press(*"工作量")  # typed on: the search for 班主任 alone is dropped
        await settle(pilot)
        pane = app.query_one(SearchPane)
        assert pane.shown_for == "班主任工作量"
        assert pane.hits and pane.hits[0].clause_id == f"{BIJIE}/二/（三）/13"
        app.query_one("#filter-status").value = "现行有效"
        await settle(pilot)
        assert pane.hits and all(h.doc_id != BIJIE for h in pane.hits)
        await pilot.press("ctrl+l")
        await settle(pilot)
        app.query_one("#filter-topic").value = "班主任"
        await settle(pilot)
        about = Library.open(home).current_catalog().clause_ids("班主任")
        assert pane.hits and all(h.clause_id in about for h in pane.hits)
        results = app.query_one("#search-results")
        results.focus()
        results.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen) and app.screen.target == pane.hits[0].clause_id

    drive(app, steps)


def test_palette_help_keymap_and_theme(home: Path) -> None:
    (home / "settings.json").write_text(json.dumps({"keymap": {"tab.search": "f6"}}), encoding="utf-8")
    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("问答：新对话", "问答：打开出处", "问答：历史记录", "文库：添加文件或文件夹", "文库：移除所选文件",
                       "文库：重建索引", "文库：恢复自带文件", "自查表：导出", "检索：清除筛选", "检索：切换到检索", "帮助：按键与说明", "主题：切换浅色/深色"):
            assert wanted in titles
        await pilot.press("f6")  # rebound in settings.json
        assert app.query_one("#tabs").active == "search"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        ids = {row[0]: row[1] for row in app.screen.rows}
        assert ids["tab.search"] == "f6" and {"ask.open", "source.copy", "library.add", "checklist.export",
                                              "library.bundled"} <= set(ids)
        from importlib.metadata import version

        assert f"policykb {version('policykb')}" in app.screen.query_one("Markdown").source
        await pilot.press("escape")
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"

    drive(app, steps)
    assert json.loads((home / "settings.json").read_text(encoding="utf-8"))["theme"] == "textual-light"


def test_bad_settings_name_the_file(home: Path) -> None:
    (home / "settings.json").write_text('{"history_shown": "many"}', encoding="utf-8")
    with pytest.raises(PolicyKBError, match="settings.json 中 history_shown"):
        PolicyApp(library=Library.open(home))


def test_a_failing_question_shows_a_dialog_and_the_app_goes_on(home: Path) -> None:
    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        session = app.session
        real = session.ask

        def broken(text: str):  # type: ignore[no-untyped-def]
            raise PolicyKBError("The search index cannot be read. Run `policykb index --rebuild`.",
                                title="Index damaged")

        session.ask = broken
        view = await ask(pilot, "班主任工作量如何计算")
        assert isinstance(app.screen, ErrorDialog) and "index --rebuild" in app.screen.message
        assert "出错了" in str(view.query(".answer").first().render())
        await pilot.press("enter")
        session.ask = real
        view = await ask(pilot, "班主任工作量如何计算")
        assert view.turn is not None and GOLD in (view.turn.answer.answer or "")

    drive(app, steps)


def test_quitting_at_once_and_a_handlers_bug_end_in_chinese_not_a_traceback(home: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl+Q while the other tabs are still being mounted: their widgets find their children gone
    (seen as NoMatches / MountError tracebacks on exit); that is let go. A bug in a handler while
    the app runs ends it with a Chinese message naming where."""
    from textual.css.query import NoMatches

    app = PolicyApp(library=Library.open(home))

    async def quits(pilot) -> None:  # type: ignore[no-untyped-def]
        app.exit()
        app._handle_exception(NoMatches("No nodes match '#docs-table'"))  # noqa: SLF001

    drive(app, quits)
    assert app.return_code == 0

    crashing = PolicyApp(library=Library.open(home))

    async def crashes(pilot) -> None:  # type: ignore[no-untyped-def]
        try:
            raise RuntimeError("a bug")
        except RuntimeError as exc:
            crashing._handle_exception(exc)  # noqa: SLF001
        await pilot.pause()

    with pytest.raises(RuntimeError):  # the test still sees the bug (run_test raises it) …
        drive(crashing, crashes)
    assert crashing.return_code == 1  # … and a person sees a message in Chinese, not a traceback
    shown = capsys.readouterr().err.replace("\n", "")
    assert "意外的错误" in shown and "test_app.py" in shown and "Traceback" not in shown


def test_a_library_an_older_parser_read_is_read_again_behind_a_progress_bar(home: Path) -> None:
    """Not before a blank screen (Library.open re-read it on the UI thread: minutes for a large one)."""
    old = Library.open(home)
    old.store.set_meta(parser="3")
    old.close()
    app = PolicyApp(home=home)
    titles: list[str] = []

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(50):
                await pilot.pause(0.05)
                if isinstance(app.screen, BuildScreen):
                    titles.append(str(app.screen.query_one(".title").render()))
                    break
            for _ in range(1200):
                await pilot.pause(0.1)
                if app.focused is not None and app.focused.id == "prompt":
                    break
            view = await ask(pilot, "班主任工作量如何计算")
            assert view.turn is not None and GOLD in (view.turn.answer.answer or "")

    asyncio.run(main())
    assert titles and "重新整理文库" in titles[0]
    assert not Library.open(home, reread=False).outdated()


def test_first_run_builds_the_bundled_library_with_progress(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "new-home"
    app = PolicyApp(home=home)
    shown: list[tuple[float, float, str]] = []
    real = BuildScreen._progress

    def progress(screen: BuildScreen, done: int, total: int, item: str) -> None:
        real(screen, done, total, item)
        bar = screen.query_one("#build-progress")
        shown.append((float(bar.progress), float(bar.total or 0), item))

    monkeypatch.setattr(BuildScreen, "_progress", progress)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(1200):  # the whole bundled library is built: tens of seconds
                await pilot.pause(0.1)
                if app.focused is not None and app.focused.id == "prompt":
                    break
            assert app.query_one(AskPane) is not None
            assert app.focused is not None and app.focused.id == "prompt"
            view = await ask(pilot, "班主任工作量如何计算")
            assert view.turn is not None and GOLD in (view.turn.answer.answer or "")

    asyncio.run(main())
    # The bar moved from the start to the end, through every phase, never backwards.
    assert shown[0][0] < 0.05 * shown[0][1] and shown[-1][0] == shown[-1][1]
    assert [p for p, _, _ in shown] == sorted(p for p, _, _ in shown)
    for phase in ("读取", "建立索引", "提取要求"):
        assert any(item.startswith(phase) for _, _, item in shown), phase
    assert (home / MANIFEST).exists() and len(Library.open(home).documents()) == 87


def test_an_empty_library_says_how_to_fill_it(tmp_path: Path) -> None:
    home = Library.create(tmp_path / "home", []).home
    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        said = " ".join(str(w.render()) for w in app.query("#messages Static"))
        assert "文库为空" in said and "policykb add --bundled" in said
        view = await ask(pilot, "班主任工作量如何计算")
        assert view.turn is None
        assert isinstance(app.screen, ErrorDialog) and "policykb add --bundled" in app.screen.message
        await pilot.press("escape")
        app.action_tab("library")
        await settle(pilot)
        assert "文库为空" in str(app.query_one("#library-status").render())
        await pilot.press("b")  # put the bundled documents back
        for _ in range(1200):
            await pilot.pause(0.1)
            if not app.query_one(LibraryPane).busy:
                break
        assert len(Library.open(home).documents()) == 87

    drive(app, steps)


def test_textuals_own_words_are_chinese(home: Path) -> None:
    """The palette, its system commands, the footer, the select menu and Ctrl+C's notice (issue 16)."""
    from textual.widgets import Footer, Select

    from policykb.tui.builtins import Palette

    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "退出" in titles and titles.count("主题：切换浅色/深色") == 1
        assert not {"Theme", "Quit", "Keys", "Screenshot", "Maximize"} & set(titles)
        footer = " ".join(str(w.render()) for w in app.screen.query(Footer).first().query("*"))
        assert "命令" in footer and "palette" not in footer
        await pilot.press("ctrl+c")
        await settle(pilot)
        notices = [n.message for n in app._notifications]  # noqa: SLF001 (Textual is pinned exactly)
        assert any("退出" in n for n in notices) and not any("quit" in n for n in notices)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, Palette)
        await pilot.press(*"zzzz")
        await asyncio.sleep(0.7)
        await settle(pilot)
        shown = " ".join(str(o.prompt) for o in app.screen.query_one("CommandList")._options)  # noqa: SLF001
        assert "没有匹配的命令" in shown and "No matches" not in shown
        assert "关闭命令面板" in [b.binding.description for b in app.active_bindings.values()]
        await pilot.press("escape")
        await pilot.press("f5")
        await settle(pilot)
        select = app.screen.query(Select).first()
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        labels = [b.binding.description for b in app.active_bindings.values()]
        assert "关闭菜单" in labels and "Dismiss menu" not in labels

    drive(app, steps, size=(120, 36))


def test_reading_width_is_capped_on_a_wide_screen(home: Path) -> None:
    """At 200 columns an answer's lines stay about 50 Chinese characters long (issue 16: ~95)."""
    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        view = await ask(pilot, "班主任工作量如何计算")
        assert view.region.width <= 110 and view.query_one(".answer").region.width <= 110
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen.query_one("#text").region.width <= 110

    drive(app, steps, size=(200, 50))


def test_no_line_starts_with_closing_punctuation() -> None:
    """禁则: a folded Chinese line never starts with 。，、；： and the like (issue 16)."""
    from rich._wrap import divide_line

    from policykb.tui.linebreak import CLOSING, kinsoku

    def fold(text: str, width: int) -> list[str]:
        breaks = kinsoku(divide_line)(text, width)
        assert breaks == sorted(set(breaks))
        return [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]

    text = "学校应当建立安全制度。每学期开展一次演练，并做好记录；发现问题的，及时整改。" * 3
    for width in range(6, 40):
        lines = fold(text, width)
        assert "".join(lines) == text and all(len(line) * 2 <= width for line in lines)
        assert not any(line[0] in CLOSING for line in lines[1:]), width
    numbers = "其他地区文件中的 1121 项要求未列入；地区不明的文件中的 47 项要求未列入，共 24 个类别。" * 2
    for width in range(12, 60):
        lines = fold(numbers, width)
        assert "".join(lines) == numbers
        for line, after in zip(lines, lines[1:], strict=False):  # a number stays whole and with its 项/个
            assert not (line.rstrip()[-1:].isdigit() and (after[0].isdigit() or after.lstrip()[0] in "项个")), width
    # Chinese after a space breaks where the line ends, not at the space: no half-empty lines
    # ("…原文中打开；Ctrl+O" / "打开最新回答…"), and a Latin word is never cut
    mixed = "问答（F2）：输入问题回车。 Tab 选中出处，回车在原文中打开；Ctrl+O 打开最新回答的第一条出处。无法读取这个 PDF（文件可能已损坏）。"
    from rich.cells import cell_len

    for width in range(24, 60):
        lines = fold(mixed, width)
        assert "".join(lines) == mixed and all(cell_len(line.rstrip()) <= width for line in lines)
        assert all(cell_len(line.rstrip()) >= width - 8 for line in lines[:-1]), (width, lines)
        assert not any(line[0] in CLOSING for line in lines[1:]), width
        for word in ("Ctrl+O", "PDF", "Tab"):
            assert any(word in line for line in lines), (width, lines)
    # A numbered item (the checklist's detail pane) whose text has ASCII commas or a number inside
    # the Chinese: its first line runs to the line's end ("2. 强化理想信念教" / "育,深化…" was cut early)
    for item in ("2. 强化理想信念教育,深化爱国主义教育,加强学生思想品德和社会主义核心价值观教育,开展主题活动。",
                 "12. 学校应当每周开展5天课后服务，每天不少于2小时，结束时间原则上不早于当地正常下班时间。"):
        for width in range(24, 70):
            lines = fold(item, width)
            assert "".join(lines) == item and all(cell_len(line.rstrip()) <= width for line in lines)
            assert all(cell_len(line.rstrip()) >= width - 4 for line in lines[:-1]), (width, lines)
            assert not any(line[0] in CLOSING for line in lines[1:]), width
    # A "/" joins what it stands between: a clause path and an amount per person stay whole
    cited = "1. 毕节市深化教育教学改革提高义务教育质量实施方案（征求意见稿） · 二/（三）/13  征求意见稿"
    money = "经费按照每生每年不低于800元/人的标准拨付，并且逐年提高。"
    for text, whole in ((cited, "二/（三）/13"), (money, "800元/人")):
        for width in range(20, 80):
            lines = fold(text, width)
            assert "".join(lines) == text and any(whole in line for line in lines), (width, lines)


@pytest.fixture
def laws_home(bundled_built: Path, tmp_path: Path) -> Path:
    return copy_home(bundled_built, tmp_path)


def test_compare_versions_and_go_to_the_current_clause(laws_home: Path) -> None:
    """对照 from the source view of a superseded law: the summary, the one changed article side by
    side, n/p, Enter opens it in the new version; g from the old clause opens the current one."""
    from policykb.tui.widgets.diff import ChangeView, DiffScreen

    app = PolicyApp(library=Library.open(laws_home))
    old = "未成年人保护法(2020-10-17)"

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        app.open_clause(old, f"{old}/第一章/第九条")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert "修改 1 条，新增 0 条，删除 0 条" in str(app.screen.query_one("#diff-summary").render())
        (view,) = app.screen.query(ChangeView)
        assert app.focused is view and view.change.new and view.change.new.number == "第九条"
        old_box, new_box = view.query_one(".old"), view.query_one(".new")
        assert old_box.region.y == new_box.region.y and old_box.region.x < new_box.region.x  # side by side
        await pilot.resize_terminal(100, 40)
        await settle(pilot)
        assert old_box.region.y < new_box.region.y  # one above the other on a narrower screen
        from textual.widgets._footer import FooterKey

        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))  # every key whole within 80 columns ("标签页", not "标")
        assert {"escape", "n", "enter"} <= {k.key for k in keys} and not {"ctrl+p", "f2"} & {k.key for k in keys}
        assert all(k.region.right <= 80 and k.region.width > 0 for k in keys), [(k.key, k.region) for k in keys]
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        await pilot.press("n", "p")
        assert app.focused is view
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen) and app.screen.doc.doc_id == "未成年人保护法(2024-04-26)"
        assert app.screen.current and app.screen.current.number == "第九条"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen) and app.screen.doc.doc_id == old
        await pilot.press("g")  # the current version of this clause
        await settle(pilot)
        assert app.screen.doc.doc_id == "未成年人保护法(2024-04-26)" and app.screen.current.number == "第九条"
        app.open_clause(old, f"{old}/第一章")  # a chapter heading: the same heading in the current text
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert app.screen.doc.doc_id == "未成年人保护法(2024-04-26)" and app.screen.current.path == "第一章"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.open_clause("教师法(2009-08-27)", None)  # one version only: no 对照
        await settle(pilot)
        assert app.screen.check_action("compare", ()) is False

    drive(app, steps, size=(140, 40))


def test_follow_a_reference_and_come_back(laws_home: Path) -> None:
    """Enter on a clause follows its reference: 前款 within the law (Esc returns to where it was
    written), 教师法第十条第二款 into another document (Esc closes it)."""
    app = PolicyApp(library=Library.open(laws_home))
    law = "义务教育法(2018-12-29)"

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        app.open_clause(law, f"{law}/第七章/第五十三条/2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        written = screen.current
        assert written is not None and written.clause_id.endswith("第五十三条/2")
        assert "前款" in [r.text for r in screen.refs[written.clause_id]]
        await pilot.press("enter")
        await settle(pilot)
        assert screen.current is not None and screen.current.clause_id == f"{law}/第七章/第五十三条"
        assert visible(screen, screen.current.clause_id)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.current is not None and screen.current.clause_id == written.clause_id
        app.open_clause("教师资格条例(1995-12-12)", "教师资格条例(1995-12-12)/第三章/第六条")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen) and app.screen.doc.doc_id == "教师法(2009-08-27)"
        assert app.screen.current is not None and app.screen.current.clause_id.endswith("第十条/2")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.doc.doc_id == "教师资格条例(1995-12-12)"

    drive(app, steps)


def test_a_citation_follows_its_reference(laws_home: Path) -> None:
    """A cited clause that says 依照前款: the reference is underlined, r (or a click on it) opens the
    clause it names; the footer still fits 80 columns."""
    from textual.widgets._footer import FooterKey

    app = PolicyApp(library=Library.open(laws_home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        view = await ask(pilot, "县级教育行政部门未采取措施防止辍学怎么追究责任")
        assert view.turn is not None and [q.text for q in view.turn.answer.quoted] == ["前款"]
        assert "所引条款（前款）" in " ".join(str(s.render()) for s in view.query(".quoted"))
        await pilot.press("tab")
        card = app.focused
        assert isinstance(card, CitationCard) and [r.text for r in card.refs] == ["前款"]
        keys = list(app.screen.query(FooterKey))
        assert "r" in {k.key for k in keys} and all(k.region.right <= 80 for k in keys)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen) and app.screen.current is not None
        assert app.screen.current.clause_id == "义务教育法(2018-12-29)/第七章/第五十三条"
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is card

    drive(app, steps, size=(80, 24))


def test_the_source_footer_fits_80_columns_with_every_key_offered(laws_home: Path) -> None:
    """A superseded law's source view offers 对照 and 当前版本 too: below 100 columns F2–F5 leave
    the footer (it ran past 80 columns, '标签页' cut) and still switch tabs; from 100 they show."""
    from textual.widgets._footer import FooterKey

    app = PolicyApp(library=Library.open(laws_home))
    old = "未成年人保护法(2020-10-17)"

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        app.open_clause(old, f"{old}/第一章/第九条")
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))
        assert {"escape", "d", "g", "f1"} <= {k.key for k in keys} and "f2" not in {k.key for k in keys}
        assert all(k.region.right <= 80 and k.region.width > 0 for k in keys), [(k.key, k.region) for k in keys]
        await pilot.press("f3")
        await settle(pilot)
        assert not isinstance(app.screen, SourceScreen) and app.query_one("#tabs").active == "search"
        await pilot.resize_terminal(120, 30)
        app.open_clause(old, f"{old}/第一章/第九条")
        await settle(pilot)
        assert "f2" in {k.key for k in app.screen.query(FooterKey)}

    drive(app, steps, size=(80, 24))


def test_my_school_survives_a_restart_and_an_unreadable_one_is_said(home: Path) -> None:
    """The saved 我的学校 is the chat's from the start: the checklist pane, mounted hidden after the
    first frame, announces its initial choices then, and once saved them over the place (wiping it
    from settings.json at every start). A place edited by hand that names nowhere is said to be
    unreadable under the question box, not shown as if it were set."""
    Settings(place="贵州省毕节市", school_type="初中").save(home)
    app = PolicyApp(library=Library.open(home))

    async def steps(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.pause(0.5)
        assert "贵州省毕节市" in str(app.query_one("#school-line").render())
        assert app.session.place == "贵州省毕节市" and app.session.kind == "初中"
        await pilot.press("f5")  # the checklist tab starts from it too
        await settle(pilot)
        assert app.query_one("#checklist-pane").current.place == ("贵州省", "毕节市")

    drive(app, steps)
    assert Settings.load(home).place == "贵州省毕节市"

    app = PolicyApp(library=Library.open(home), settings=Settings(place="火星省", school_type="初中"))

    async def unreadable(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        line = str(app.query_one("#school-line").render())
        assert "火星省" in line and "无法识别" in line and "自查表" in line

    drive(app, unreadable)
