"""First run: the bundled library is built in a worker while a progress bar shows how far it is."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState

from policykb.indexer.library import Library
from policykb.tui import messages as M


class BuildScreen(Screen[Library | None]):
    def __init__(self, home: Path, reread: bool = False) -> None:
        """`reread`: the library exists and an older parser read it (else it is built for the first time)."""
        super().__init__()
        self.home = home
        self.reread = reread

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            title = M.BUILD_REREAD_TITLE if self.reread else M.BUILD_TITLE
            yield Static(Text(title.format(home=self.home)), classes="title")
            yield ProgressBar(id="build-progress", show_eta=False)
            yield Static("", id="build-item")

    def on_mount(self) -> None:
        self._build()

    @work(thread=True, exit_on_error=False)
    def _build(self) -> Library:
        def progress(done: int, total: int, item: str) -> None:
            self.app.call_from_thread(self._progress, done, total, item)

        return Library.open(self.home, progress=progress)

    def _progress(self, done: int, total: int, item: str) -> None:
        self.query_one("#build-progress", ProgressBar).update(total=total or None, progress=done)
        self.query_one("#build-item", Static).update(Text(item))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            self.query_one("#build-item", Static).update(
                Text((M.BUILD_REREAD_FAILED if self.reread else M.BUILD_FAILED).format(
                    reason=getattr(error, 'message', error))))
