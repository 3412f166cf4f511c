"""The Checklist tab: pick a kind of school and its attributes, preview its 自查表 grouped by topic,
export it to xlsx, csv or md at a path you choose. The list itself is `kb.checklist`'s."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Select, Static, Tree
from textual.worker import Worker, WorkerState

from indexer.library import Library
from kb.checklist import Checklist, checklist, export
from kb.schools import ATTRIBUTES, SCHOOL_TYPES
from tui.output import clip
from tui.render import requirement_line
from tui.settings import Settings

EXPORTS = ("xlsx", "csv", "md")


class ChecklistPane(Vertical):
    BINDINGS = [Binding("ctrl+e", "export", "导出", id="checklist.export")]

    def __init__(self, library: Library, settings: Settings) -> None:
        super().__init__(id="checklist-pane")
        self.library = library
        self.settings = settings
        self.current: Checklist | None = None
        self.requested = False

    def compose(self) -> ComposeResult:
        start = self.settings.school_type if self.settings.school_type in SCHOOL_TYPES else SCHOOL_TYPES[1]
        with Horizontal(id="checklist-options"):
            yield Select([(t, t) for t in SCHOOL_TYPES], value=start, allow_blank=False, id="school-type")
            for n, name in enumerate(ATTRIBUTES):
                yield Checkbox(name, name in self.settings.attributes, id=f"attr-{n}", name=name)
            yield Checkbox("含政府/家庭职责", False, id="others")
        yield Static("", id="checklist-summary")
        yield Tree("自查表", id="checklist-tree")
        with Horizontal(id="checklist-export"):
            yield Select([(f, f) for f in EXPORTS], value="xlsx", allow_blank=False, id="export-format")
            yield Input(self._default_path(start, "xlsx"), id="export-path")
            yield Button("导出", variant="primary", id="export-button")

    def _default_path(self, kind: str, fmt: str) -> str:
        folder = Path(self.settings.export_dir).expanduser() if self.settings.export_dir else Path.cwd()
        return str(folder / f"自查表-{kind}.{fmt}")

    def on_show(self) -> None:
        # Built when the tab is first opened, not at start-up: the catalog takes a moment to load.
        if not self.requested:
            self.refresh_list()

    def choice(self) -> tuple[str, tuple[str, ...], bool]:
        kind = str(self.query_one("#school-type", Select).value)
        attrs = tuple(name for n, name in enumerate(ATTRIBUTES) if self.query_one(f"#attr-{n}", Checkbox).value)
        return kind, attrs, self.query_one("#others", Checkbox).value

    def on_select_changed(self, event: Select.Changed) -> None:
        kind, _, _ = self.choice()
        fmt = str(self.query_one("#export-format", Select).value)
        path = self.query_one("#export-path", Input)
        path.value = str(Path(path.value).with_name(f"自查表-{kind}.{fmt}")) if path.value else \
            self._default_path(kind, fmt)
        if event.select.id == "school-type":
            self.refresh_list()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        self.requested = True
        self.query_one("#checklist-summary", Static).update("正在整理…")
        self._build(*self.choice())

    @work(thread=True, exclusive=True, group="checklist", exit_on_error=False)
    def _build(self, kind: str, attrs: tuple[str, ...], others: bool) -> Checklist:
        topics = [*self.library.vocabulary().topics, "其他"]
        return checklist(self.library.current_catalog(), kind, attrs, topics_order=topics, others=others)

    def _show(self, cl: Checklist) -> None:
        if cl.school_type != self.choice()[0]:
            return  # the choice has changed since this list was made
        self.current = cl
        left = f"；旧版本中的 {cl.left_out} 条未列入" if cl.left_out else ""
        self.query_one("#checklist-summary", Static).update(
            f"{cl.title()}：{len(cl.rows)} 条要求，{len(cl.topics)} 个主题{left}")
        tree: Tree[None] = self.query_one("#checklist-tree", Tree)
        tree.clear()
        tree.root.set_label(cl.title())
        nodes = {}
        counts = cl.counts()
        for topic in cl.topics:
            nodes[topic] = tree.root.add(Text.assemble((topic, "bold"), f"（{counts[topic]}）"), expand=False)
        for row in cl.rows:
            line = requirement_line(row.req)
            line.append(f"  —— {clip(row.doc_title, 30)} {row.path}", style="dim")
            nodes[row.topic].add_leaf(line)
        tree.root.expand()
        if cl.topics:
            nodes[cl.topics[0]].expand()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-button":
            self.action_export()

    def action_export(self) -> None:
        if self.current is None:
            self.notify("自查表还在整理，请稍候再导出。", severity="warning")
            return
        fmt = str(self.query_one("#export-format", Select).value)
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify("请先填写导出路径。", severity="error")
            return
        self._export(self.current, fmt, Path(raw).expanduser())

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, cl: Checklist, fmt: str, path: Path) -> Path:
        export(cl, fmt, path)
        return path

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.worker_changed(event)  # type: ignore[attr-defined]
        if event.state != WorkerState.SUCCESS:
            return
        if event.worker.group == "checklist" and isinstance(event.worker.result, Checklist):
            self._show(event.worker.result)
        elif event.worker.group == "export":
            self.notify(f"已导出：{event.worker.result}", timeout=6, markup=False)
