"""The Checklist tab: pick a kind of school, 公办 or 民办, its other attributes and its place, preview
its 自查表 grouped by topic, read each item whole with every source (the pane beside the list), open
an item's source (Enter), leave an item off (x, again to undo: a review kept in the library), and
export it to xlsx, csv or md. The list itself is `kb.checklist`'s."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Select, Static, Tree
from textual.worker import Worker, WorkerState

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.messages import os_reason
from policykb.corpus.places import label, parse_place
from policykb.corpus.read import user_path
from policykb.corpus.tree import clause_label
from policykb.indexer.library import Library
from policykb.kb import messages as kb_messages
from policykb.kb.checklist import Checklist, Row, checklist, export, export_path, file_name, is_folder
from policykb.kb.schools import ATTRIBUTES, OWNERSHIP, SCHOOL_TYPES
from policykb.tui import messages as M
from policykb.tui.builtins import Tick
from policykb.tui.output import clip
from policykb.tui.render import requirement_line
from policykb.tui.settings import Settings
from policykb.tui.widgets.clipped import ClippedTree

EXPORTS = ("xlsx", "csv", "md")
EXTRA = tuple(a for a in ATTRIBUTES if a not in OWNERSHIP)  # 寄宿制, 农村, 项目学校: added to 公办 or 民办


class ChecklistPane(Vertical):
    BINDINGS = [Binding("ctrl+e", "export", M.CHECKLIST_EXPORT, id="checklist.export", priority=True),
                Binding("x", "exclude", M.CHECKLIST_EXCLUDE, id="checklist.exclude")]

    def __init__(self, library: Library, settings: Settings) -> None:
        super().__init__(id="checklist-pane")
        self.library = library
        self.settings = settings
        self.current: Checklist | None = None
        self.requested = False
        self.place: tuple[str, ...] | None = None  # read from settings when the tab is first shown
        self.excluded: set[str] = set()  # req_ids left off in this session (x again puts them back)

    def compose(self) -> ComposeResult:
        start = self.settings.school_type if self.settings.school_type in SCHOOL_TYPES else SCHOOL_TYPES[1]
        owner = next((a for a in self.settings.attributes if a in OWNERSHIP), OWNERSHIP[0])
        with Horizontal(id="checklist-options"):
            yield Select([(t, t) for t in SCHOOL_TYPES], value=start, allow_blank=False, id="school-type")
            yield Select([(o, o) for o in OWNERSHIP], value=owner, allow_blank=False, id="ownership")
            yield Input(self.settings.place or "", id="place",
                        placeholder=M.CHECKLIST_PLACE_PLACEHOLDER)
        with Horizontal(id="checklist-attributes"):
            for n, name in enumerate(EXTRA):
                yield Tick(name, name in self.settings.attributes, id=f"attr-{n}", name=name)
            yield Tick(M.CHECKLIST_OTHERS, False, id="others")
        yield Static("", id="checklist-summary")
        with Horizontal(id="checklist-body"):
            yield ClippedTree(M.CHECKLIST_TREE, id="checklist-tree")
            with VerticalScroll(id="checklist-detail-box"):
                yield Static("", id="checklist-detail", markup=False)
        yield Static("", id="checklist-status")  # 正在导出… and then where and how many (not a toast over the list)
        with Horizontal(id="checklist-export"):
            yield Select([(f, f) for f in EXPORTS], value="xlsx", allow_blank=False, id="export-format")
            path = Input(self._default_path("xlsx"), id="export-path")
            path.display = not self._visitor()  # a visitor downloads: no path on the server to show
            yield path
            yield Button(M.VISITOR_DOWNLOAD if self._visitor() else M.CHECKLIST_EXPORT, variant="primary",
                         id="export-button")

    def _default_path(self, fmt: str) -> str:
        folder = self.settings.export_folder()
        kind, attrs, _ = self.choice() if self.is_mounted else (self.settings.school_type, tuple(
            self.settings.attributes), False)
        return str(folder / file_name(kind, attrs, self.place, fmt))

    def on_show(self) -> None:
        # Built when the tab is first opened, not at start-up: the catalog (and the table of places)
        # take a moment to load.
        if not self.requested:
            if self.settings.place:
                try:
                    self.place = parse_place(self.settings.place)
                except PolicyKBError:
                    self.place = None
            self._new_path()
            self.refresh_list()

    def choice(self) -> tuple[str, tuple[str, ...], bool]:
        kind = str(self.query_one("#school-type", Select).value)
        owner = str(self.query_one("#ownership", Select).value)
        extra = tuple(name for n, name in enumerate(EXTRA) if self.query_one(f"#attr-{n}", Checkbox).value)
        return kind, (owner, *extra), self.query_one("#others", Checkbox).value

    def _remember(self) -> None:
        """The last school type, attributes and place are the tab's next start (settings.json)."""
        kind, attrs, _ = self.choice()
        self.settings.school_type, self.settings.attributes = kind, list(attrs)
        self.settings.place = label(self.place) if self.place is not None else None
        try:
            self.settings.save(self.library.home)
        except OSError as exc:
            self.notify(M.CHECKLIST_SETTINGS_NOT_SAVED.format(reason=os_reason(exc)), severity="warning",
                        markup=False)
        from policykb.tui.widgets.chat import AskPane

        for pane in self.app.query(AskPane):  # "我的学校" is the chat's too: answers rank its place first
            pane.school_changed()

    def _new_path(self) -> None:
        fmt = str(self.query_one("#export-format", Select).value)
        path = self.query_one("#export-path", Input)
        kind, attrs, _ = self.choice()
        name = file_name(kind, attrs, self.place, fmt)
        raw = path.value.strip()
        if not raw:
            path.value = self._default_path(fmt)
            return
        try:
            folder = is_folder(raw) or not user_path(raw).name
        except PolicyKBError:
            return  # a path that cannot be looked at: left as typed, the export will say why
        if not folder:  # a folder typed by the user stays: the export names the file in it
            path.value = str(Path(raw).with_name(name))

    def on_select_changed(self, event: Select.Changed) -> None:
        if not self.requested:
            return  # the values the pane was made with, announced at mount: nothing chosen yet
        self._new_path()
        if event.select.id in ("school-type", "ownership"):
            self._remember()
            self.refresh_list()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if not self.requested:
            return
        self._new_path()
        self._remember()
        self.refresh_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "place":
            return
        event.stop()
        text = event.value.strip()
        try:
            self.place = parse_place(text) if text else None
        except PolicyKBError as exc:
            self.query_one("#checklist-summary", Static).update(Text(exc.message, style="bold red"))
            return
        event.input.value = label(self.place) if self.place is not None else ""
        self._new_path()
        self._remember()
        self.refresh_list()
        self.query_one("#checklist-tree", Tree).focus()  # the list the place was typed for, not five Tabs away

    def refresh_list(self) -> None:
        self.requested = True
        self.query_one("#checklist-summary", Static).update(M.CHECKLIST_BUILDING)
        self._build(*self.choice(), self.place)

    @work(thread=True, exclusive=True, group="checklist", exit_on_error=False)
    def _build(self, kind: str, attrs: tuple[str, ...], others: bool, place: tuple[str, ...] | None) -> Checklist:
        topics = [*self.library.vocabulary().topics, "其他"]
        return checklist(self.library.current_catalog(), kind, attrs, topics_order=topics, others=others,
                         place=place)

    def _show(self, cl: Checklist) -> None:
        kind, attrs, _ = self.choice()
        if (cl.school_type, cl.attributes, cl.place) != (kind, attrs, self.place):
            return  # the choice has changed since this list was made
        self.current = cl
        where = "" if cl.place is not None else M.CHECKLIST_NO_PLACE
        self.query_one("#checklist-summary", Static).update(Text(
            M.CHECKLIST_SUMMARY.format(title=cl.title(), rows=len(cl.rows), topics=len(cl.topics), where=where)))
        tree: Tree[Row] = self.query_one("#checklist-tree", Tree)
        tree.clear()
        tree.root.set_label(cl.title())
        nodes = {}
        counts = cl.counts()
        for topic in cl.topics:
            nodes[topic] = tree.root.add(Text.assemble((topic, "bold"), M.CHECKLIST_TOPIC_COUNT.format(count=counts[topic])),
                                         expand=False)
        for row in cl.rows:
            nodes[row.topic].add_leaf(self._line(row), data=row)
        tree.root.expand()
        if cl.topics:
            nodes[cl.topics[0]].expand()
        self.query_one("#checklist-detail", Static).update(self._overview(cl))

    def _overview(self, cl: Checklist) -> str:
        """Before a row is chosen: how to use the list, and what it leaves out, a line each."""
        notes = cl.notes(M.CHECKLIST_HOW)
        return "\n".join([M.CHECKLIST_DETAIL_HINT, *([""] + [M.CHECKLIST_LEFT_OUT] if notes else []),
                          *(f"· {note}" for note in notes)])

    def _line(self, row: Row) -> Text:
        line = Text(f"{row.number}. ", style="dim")
        line.append_text(requirement_line(row.req))
        more = M.CHECKLIST_ALSO.format(count=len(row.sources())) if row.also else ""
        line.append(M.CHECKLIST_ROW_SOURCE.format(title=clip(row.doc_title, 30), path=clause_label(row.path), more=more), style="dim")
        if row.req.req_id in self.excluded:
            line.stylize("strike dim")
            line.append(M.CHECKLIST_EXCLUDED_MARK, style="italic")
        return line

    def _row(self) -> Row | None:
        node = self.query_one("#checklist-tree", Tree).cursor_node
        return node.data if node is not None and isinstance(node.data, Row) else None

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:  # type: ignore[type-arg]
        row = event.node.data
        if not isinstance(row, Row):
            return
        r = row.req
        cells = row.cells()
        lines = [f"{row.number}. {cells[2]}", ""]
        if r.sentence.strip() not in cells[2]:
            lines += [M.CHECKLIST_SENTENCE.format(sentence=r.sentence.strip()), ""]
        for name, value in ((M.CHECKLIST_QUANTITY, cells[3]), (M.CHECKLIST_ACTORS, cells[4]),
                            (M.CHECKLIST_PERIOD, cells[5]),
                            (M.CHECKLIST_SCHOOLS, "、".join(r.school_types) or M.CHECKLIST_ALL_SCHOOLS),
                            (M.CHECKLIST_REMARKS, cells[11])):
            if value:
                lines.append(M.CHECKLIST_FIELD.format(name=name, value=value))
        lines += ["", M.CHECKLIST_SOURCES.format(count=len(row.sources()))]
        lines += [M.CHECKLIST_SOURCE.format(title=s.doc_title, path=s.label, status=s.status) for s in row.sources()]
        if row.differs:
            lines += ["", M.CHECKLIST_DIFFERS]
            lines += [M.CHECKLIST_DIFFER.format(title=s.doc_title, path=s.label, text=s.req.text) for s in row.differs]
        self.query_one("#checklist-detail", Static).update("\n".join(lines))

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:  # type: ignore[type-arg]
        row = event.node.data
        if isinstance(row, Row):
            event.stop()
            self.app.open_clause(row.req.doc_id, row.req.clause_id)  # type: ignore[attr-defined]

    def action_exclude(self) -> None:
        row = self._row()
        if row is None:
            return
        leave = row.req.req_id not in self.excluded
        try:
            if not self._visitor():  # a visitor's choice is theirs, for this list, not the library's
                self.library.set_override(row.req.req_id,
                                          {"excluded": leave, "note": M.CHECKLIST_EXCLUDED_NOTE if leave else ""})
        except PolicyKBError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        (self.excluded.add if leave else self.excluded.discard)(row.req.req_id)
        node = self.query_one("#checklist-tree", Tree).cursor_node
        if node is not None:
            node.set_label(self._line(row))
        self.notify(M.CHECKLIST_EXCLUDED if leave else M.CHECKLIST_RESTORED, timeout=4)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-button":
            self.action_export()

    def _visitor(self) -> bool:
        return bool(getattr(self.app, "visitor", False))

    def action_export(self) -> None:
        if self.current is None:
            self.notify(M.CHECKLIST_NOT_READY, severity="warning")
            return
        fmt = str(self.query_one("#export-format", Select).value)
        cl = self.current
        if self.excluded:  # a copy without the items left off: x again brings an item back to the next export
            kept = [r for r in cl.rows if r.req.req_id not in self.excluded]
            cl = replace(cl, rows=[replace(r, number=n) for n, r in enumerate(kept, start=1)])
        if self._visitor():  # a browser visitor's export is a download, never a file on the server
            self.query_one("#checklist-status", Static).update(M.CHECKLIST_EXPORTING)
            self._deliver(cl, fmt)
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify(M.CHECKLIST_NO_PATH, severity="error")
            return
        try:
            path = export_path(raw, fmt, cl.school_type, cl.attributes, cl.place)
            there = path.is_file()
        except PolicyKBError as exc:
            self.app.show_error(exc.title, exc.message)  # type: ignore[attr-defined]
            return
        except OSError as exc:
            self.app.show_error(kb_messages.CANNOT_WRITE_TITLE,  # type: ignore[attr-defined]
                                kb_messages.CANNOT_WRITE.format(path=path, why=os_reason(exc)))
            return

        def start(yes: bool | None = True) -> None:
            if yes:
                self.query_one("#checklist-status", Static).update(M.CHECKLIST_EXPORTING)
                self._export(cl, fmt, path)

        if there:  # a list already filled in and signed is not written over unasked
            from policykb.tui.widgets.dialogs import ConfirmDialog

            self.app.push_screen(ConfirmDialog(M.CHECKLIST_OVERWRITE_QUESTION.format(path=path),
                                               M.CHECKLIST_OVERWRITE_YES), start)
        else:
            start()

    @work(thread=True, group="export", exit_on_error=False)
    def _deliver(self, cl: Checklist, fmt: str) -> tuple[str, int]:
        import io

        data = export(cl, fmt, None) or b""
        name = file_name(cl.school_type, cl.attributes, cl.place, fmt)
        self.app.call_from_thread(self.app.deliver_binary, io.BytesIO(data), save_filename=name)
        return name, len(cl.rows)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, cl: Checklist, fmt: str, path: Path) -> tuple[Path, int]:
        export(cl, fmt, path)
        return path, len(cl.rows)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.worker_changed(event)  # type: ignore[attr-defined]
        if event.state == WorkerState.ERROR and event.worker.group == "export":
            self.query_one("#checklist-status", Static).update(M.CHECKLIST_NOT_EXPORTED)  # not "正在导出…" still
        if event.state != WorkerState.SUCCESS:
            return
        if event.worker.group == "checklist" and isinstance(event.worker.result, Checklist):
            self._show(event.worker.result)
        elif event.worker.group == "export" and isinstance(event.worker.result, tuple) \
                and isinstance(event.worker.result[0], str):  # a visitor's download
            name, count = event.worker.result
            self.query_one("#checklist-status", Static).update(Text(
                M.VISITOR_DOWNLOADED.format(count=count, name=name), style="bold"))
        elif event.worker.group == "export" and isinstance(event.worker.result, tuple):
            path, count = event.worker.result
            # in the pane, not a toast: Textual drew the widgets below over a toast's Chinese characters
            self.query_one("#checklist-status", Static).update(Text(
                M.CHECKLIST_EXPORTED.format(count=count, path=path), style="bold"))
