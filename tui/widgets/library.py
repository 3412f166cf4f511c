"""The Library tab: the documents with their metadata; add, remove and re-index in a worker with a
progress bar. Every change is all-or-nothing in `indexer.library`, so a bad file gets an error
dialog naming it and the library — and this table — stay as they were.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, ProgressBar, Static
from textual.worker import Worker, WorkerState

from policykb.indexer.library import AddResult, Library
from policykb.tui import messages as M
from policykb.tui.output import clip
from policykb.tui.widgets.source import metadata


class LibraryPane(Vertical):
    BINDINGS = [
        Binding("a", "add", M.LIBRARY_ADD, id="library.add"),
        Binding("delete,x", "remove", M.LIBRARY_REMOVE, id="library.remove"),
        Binding("r", "reindex", M.LIBRARY_REINDEX, id="library.reindex"),
        Binding("b", "bundled", M.LIBRARY_BUNDLED, id="library.bundled", show=False),
        Binding("enter", "open", M.LIBRARY_OPEN, id="library.open", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(id="library-pane")
        self.library = library
        self.busy = False
        self.filled = False
        self.last_pick: Path | None = None  # the picker opens where the user chose last time

    def compose(self) -> ComposeResult:
        yield DataTable(id="docs-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="doc-meta")
        yield ProgressBar(id="library-progress", show_eta=False)
        yield Static("", id="library-status")

    def on_mount(self) -> None:
        table = self.query_one("#docs-table", DataTable)
        table.add_columns(*M.LIBRARY_COLUMNS)
        self.query_one("#library-progress", ProgressBar).display = False

    def on_show(self) -> None:
        self._filled()

    def _filled(self) -> DataTable:  # type: ignore[type-arg]
        """The table, filled the first time the tab is shown: thousands of rows measured on the
        first frame would hold up the question box."""
        if not self.filled:
            self.fill()
        return self.query_one("#docs-table", DataTable)

    def fill(self) -> None:
        self.filled = True
        table = self.query_one("#docs-table", DataTable)
        table.clear()
        docs = self.library.documents()
        room = max(16, (self.app.size.width or 80) - 48)  # the other columns take about 48 cells
        for doc in docs:  # Text, not str: a title is data, never markup
            table.add_row(Text(clip(doc.title, room)), Text(doc.kind),
                          Text(doc.issued.isoformat() if doc.issued else ""), Text(doc.status),
                          Text(str(doc.clause_count)), key=doc.doc_id)
        if not docs:
            self.query_one("#library-status", Static).update(M.LIBRARY_EMPTY)
            return
        self.query_one("#library-status", Static).update(
            M.LIBRARY_STATUS.format(docs=len(docs), clauses=sum(d.clause_count for d in docs)))

    def selected(self) -> str | None:
        table = self._filled()
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.query_one("#doc-meta", Static).update(metadata(self.library.head(str(event.row_key.value))))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        doc_id = self.selected()
        if doc_id:
            self.app.open_clause(doc_id, None)  # type: ignore[attr-defined]

    # -- changes ---------------------------------------------------------------------------
    CHANGES = ("add", "remove", "reindex", "bundled")

    def _visitor(self) -> bool:
        return bool(getattr(self.app, "visitor", False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A browser visitor reads: the keys that change the library are not offered."""
        return not (action in self.CHANGES and self._visitor())

    def _refused(self) -> bool:
        """A visitor asked for a change: the curator changes the library, on the server, from the command line."""
        if self._visitor():
            self.notify(M.VISITOR_READ_ONLY, severity="warning")
            return True
        return False

    def _start(self, label: str) -> bool:
        if self._refused():
            return False
        if self.busy:
            self.notify(M.LIBRARY_BUSY, severity="warning")
            return False
        self.busy = True
        bar = self.query_one("#library-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.query_one("#library-status", Static).update(Text(label))
        return True

    def _progress(self, done: int, total: int, item: str) -> None:
        self.app.call_from_thread(self._show_progress, done, total, item)

    def _show_progress(self, done: int, total: int, item: str) -> None:
        self.query_one("#library-progress", ProgressBar).update(total=total or None, progress=done)
        if item:
            self.query_one("#library-status", Static).update(Text(clip(item, 70)))

    def action_add(self) -> None:
        from policykb.tui.widgets.picker import FilePicker

        if self._refused():  # no picker of the server's disk
            return

        def chosen(paths: list[Path] | None) -> None:
            if paths:
                self.last_pick = paths[0]
            if paths and self._start(M.LIBRARY_ADDING):
                self._add(paths)

        self.app.push_screen(FilePicker(self.last_pick or Path.cwd()), chosen)

    def add_paths(self, paths: list[Path]) -> None:
        """Add without the picker (the command palette and tests use this)."""
        if self._start(M.LIBRARY_ADDING):
            self._add(paths)

    def action_bundled(self) -> None:
        """Put back the documents policykb ships with (those still in the library are skipped)."""
        from policykb.indexer.library import bundled_documents

        self.add_paths(bundled_documents())

    @work(thread=True, group="library", exit_on_error=False)
    def _add(self, paths: list[Path]) -> AddResult:
        return self.library.add(paths, progress=self._progress)

    def action_remove(self) -> None:
        from policykb.tui.widgets.dialogs import ConfirmDialog

        if self._refused():
            return
        doc_id = self.selected()
        if doc_id is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes and self._start(M.LIBRARY_REMOVING.format(doc_id=doc_id)):
                self._remove(doc_id)

        self.app.push_screen(ConfirmDialog(M.LIBRARY_REMOVE_QUESTION.format(doc_id=doc_id), M.LIBRARY_REMOVE_YES),
                             confirmed)

    @work(thread=True, group="library", exit_on_error=False)
    def _remove(self, doc_id: str) -> str:
        return self.library.remove(doc_id).doc_id

    def action_reindex(self) -> None:
        from policykb.tui.widgets.dialogs import ConfirmDialog

        if self._refused():
            return
        def confirmed(yes: bool | None) -> None:
            if yes and self._start(M.LIBRARY_REINDEXING):
                self._reindex()

        count = len(self.library.documents())
        self.app.push_screen(ConfirmDialog(M.LIBRARY_REINDEX_QUESTION.format(count=count), M.LIBRARY_REINDEX_YES),
                             confirmed)

    @work(thread=True, group="library", exit_on_error=False)
    def _reindex(self) -> int:
        return len(self.library.index(progress=self._progress))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.worker_changed(event)  # type: ignore[attr-defined]
        if event.worker.group != "library" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self.busy = False
        self.query_one("#library-progress", ProgressBar).display = False
        table = self.query_one("#docs-table", DataTable)
        was, row = self.selected(), table.cursor_row
        self.fill()
        from policykb.tui.widgets.search import SearchPane

        for pane in self.app.query(SearchPane):
            pane.reload_filters()
        from policykb.tui.widgets.checklist import ChecklistPane

        for checklist in self.app.query(ChecklistPane):
            if checklist.requested and event.state == WorkerState.SUCCESS:
                checklist.refresh_list()  # a document added or removed changes the list
        result = event.worker.result
        # the cursor stays where it was (on a removed document's neighbour), or goes to the first new one
        added = result.added if isinstance(result, AddResult) else []
        target = added[0].doc_id if added else was
        try:
            table.move_cursor(row=table.get_row_index(target) if target is not None else row)
        except (KeyError, LookupError):
            table.move_cursor(row=min(row, max(table.row_count - 1, 0)))
        if event.state == WorkerState.ERROR:
            self.query_one("#library-status", Static).update(M.LIBRARY_UNCHANGED)
        elif isinstance(result, AddResult):
            skipped = "；".join(M.LIBRARY_SKIPPED_FILE.format(name=Path(p).name, reason=why)
                               for p, why in result.skipped[:3])
            restored = "".join(M.LIBRARY_RESTORED.format(doc_id=doc_id) for _, doc_id in result.restored[:3])
            self.notify(M.LIBRARY_ADDED.format(count=len(result.added))
                        + (M.LIBRARY_ADDED_SKIPPED.format(count=len(result.skipped), skipped=skipped)
                           if result.skipped else "") + restored, timeout=6, markup=False)
        elif isinstance(result, str):
            self.notify(M.LIBRARY_REMOVED.format(doc_id=result), markup=False)
        elif isinstance(result, int):
            self.notify(M.LIBRARY_REINDEXED.format(count=result))
