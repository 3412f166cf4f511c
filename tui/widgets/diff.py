"""对照: what changed between two versions of a document, changed clauses side by side.

The summary on top ("修改 1 条，新增 0 条，删除 0 条"); each changed clause as a block: its change
(修改 / 新增 / 删除 / 条号改变) and the old and new text, deleted words struck through in red and
inserted words in bold, side by side from 120 columns, one above the other below that. n / p move
between changes; Enter opens the new clause in its document; Esc goes back.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from policykb.corpus.models import Document
from policykb.corpus.tree import clause_label
from policykb.kb.diff import Change, Diff
from policykb.tui import messages as M
from policykb.tui.builtins import TabKeys, fit_footer

SIDE_BY_SIDE = 120  # columns from which old and new stand side by side


def marked(text: str, ranges: list[tuple[int, int]], style: str) -> Text:
    out = Text(text)
    for start, end in ranges:
        if end > start:
            out.stylize(style, start, end)
    return out


class ChangeView(Vertical, can_focus=True):
    """One changed clause."""

    def __init__(self, n: int, change: Change, requirement_lines: list[str]) -> None:
        super().__init__(classes="change")
        self.n = n
        self.change = change
        self.requirement_lines = requirement_lines

    def compose(self) -> ComposeResult:
        c = self.change
        where = clause_label(c.new.path if c.new else c.old.path if c.old else "")
        yield Static(Text.assemble((f"{self.n}. {c.label()}", "bold"), f"  {where}"), classes="change-label")
        with Horizontal(classes="pair"):
            old = marked(c.old.text, [s.old for s in c.spans], "strike red") if c.old else Text(M.DIFF_NONE, "dim")
            new = marked(c.new.text, [s.new for s in c.spans], "bold underline green") if c.new \
                else Text(M.DIFF_NONE, "dim")
            yield Static(Text.assemble((M.DIFF_OLD_LABEL, "dim"), old), classes="old")
            yield Static(Text.assemble((M.DIFF_NEW_LABEL, "dim"), new), classes="new")
        for line in self.requirement_lines:
            yield Static(Text(line, "italic"), classes="change-requirement")


class DiffScreen(TabKeys, Screen[None]):
    BINDINGS = [
        Binding("escape", "back", M.SOURCE_BACK, id="diff.back"),
        Binding("n", "move(1)", M.DIFF_NEXT, id="diff.next", group=Binding.Group(M.DIFF_NEXT_PREVIOUS)),
        Binding("p", "move(-1)", M.DIFF_PREVIOUS, id="diff.previous", group=Binding.Group(M.DIFF_NEXT_PREVIOUS)),
        Binding("enter", "open", M.DIFF_OPEN, id="diff.open"),
    ]

    def __init__(self, old: Document, new: Document) -> None:
        super().__init__()
        self.old = old
        self.new = new
        self.diff: Diff | None = None
        self.at = 0

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble((M.DIFF_SCREEN_TITLE.format(title=self.new.title), "bold"), "\n",
                                   (M.DIFF_VERSIONS.format(old=self.old.doc_id, new=self.new.doc_id), "dim")),
                     id="diff-meta")
        yield Static(M.DIFF_WORKING, id="diff-summary")
        with VerticalScroll(id="diff-changes"):
            yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.size.width < SIDE_BY_SIDE, "stacked")
        fit_footer(self.query_one(Footer), self.size.width)  # its keys within 80 columns (F1 lists ^p)
        self._compare()

    def on_resize(self, event: Any) -> None:
        self.set_class(event.size.width < SIDE_BY_SIDE, "stacked")
        fit_footer(self.query_one(Footer), event.size.width)

    @work(thread=True, exit_on_error=False, group="diff")
    def _compare(self) -> None:
        from policykb.indexer.versions import compare_versions

        library = getattr(self.app, "library", None)
        d = compare_versions(library, self.old, self.new) if library is not None else None
        if d is None:
            from policykb.kb.diff import diff

            d = diff(self.old, self.new)
        self.app.call_from_thread(self._show, d)

    def _show(self, d: Diff) -> None:
        from policykb.kb.diff import requirement_lines

        self.diff = d
        self.query_one("#diff-summary", Static).update(Text(d.summary_line(), "bold"))
        box = self.query_one("#diff-changes", VerticalScroll)
        box.remove_children()
        shown = d.shown()
        if not shown:
            box.mount(Static(M.DIFF_NOTHING, classes="change-none"))
            return
        box.mount_all(ChangeView(n, c, requirement_lines(d, c)) for n, c in enumerate(shown, start=1))
        self.call_after_refresh(lambda: self._go(0))

    def on_worker_state_changed(self, event: Any) -> None:
        from textual.worker import WorkerState

        self.app.worker_changed(event)  # type: ignore[attr-defined]
        if event.state == WorkerState.ERROR:  # not "正在对照…" and a spinner for ever
            self.query_one("#diff-summary", Static).update(M.DIFF_FAILED)
            self.query_one("#diff-changes", VerticalScroll).remove_children()

    def _views(self) -> list[ChangeView]:
        return list(self.query(ChangeView))

    def _go(self, n: int) -> None:
        views = self._views()
        if not views:
            return
        self.at = max(0, min(n, len(views) - 1))
        view = views[self.at]
        view.focus()
        self.query_one("#diff-changes", VerticalScroll).scroll_to_widget(view, top=True, animate=False)

    def action_move(self, step: int) -> None:
        focused = self.focused
        views = self._views()
        if isinstance(focused, ChangeView) and focused in views:
            self.at = views.index(focused)
        self._go(self.at + step)

    def action_open(self) -> None:
        """The changed clause in its document (the new one; a deleted clause in the old one)."""
        focused = self.focused
        if not isinstance(focused, ChangeView):
            return
        change = focused.change
        if change.new is not None:
            self.app.open_clause(self.new.doc_id, change.new.clause_id)  # type: ignore[attr-defined]
        elif change.old is not None:
            self.app.open_clause(self.old.doc_id, change.old.clause_id)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.pop_screen()
