"""A file picker for adding documents: browse a folder tree or type a path; files and folders both
do (a folder is added with everything policykb reads inside it)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Static

from policykb.corpus.read import user_path
from policykb.tui import messages as M


class FolderTree(DirectoryTree):
    """The folder tree; Backspace goes up to the parent folder (the tree starts where policykb was run)."""

    BINDINGS = [Binding("backspace", "up", M.PICKER_UP, id="picker.up")]

    def action_up(self) -> None:
        here = Path(self.path).resolve()
        if here.parent != here:
            self.path = here.parent
            self.screen.query_one("#picker-path", Input).value = str(here.parent)


class FilePicker(ModalScreen[list[Path] | None]):
    BINDINGS = [Binding("escape", "cancel", M.PICKER_CANCEL, id="picker.cancel")]

    def __init__(self, start: Path) -> None:
        """`start`: a folder to show, or the path chosen last time (typed again, its folder shown:
        after moving a bad file away, adding the same folder again is Enter)."""
        super().__init__()
        self.typed = start
        folder = start if start.is_dir() else start.parent
        self.start = folder if folder.is_dir() else Path.home()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide tall"):
            yield Static(M.PICKER_TITLE, classes="title")
            yield Input(str(self.typed if self.typed.exists() else self.start), placeholder=M.PICKER_PLACEHOLDER,
                        id="picker-path")
            yield FolderTree(self.start, id="picker-tree")
            with Horizontal(classes="buttons"):
                yield Button(M.PICKER_ADD, variant="primary", id="picker-add")
                yield Button(M.PICKER_UP, id="picker-up")
                yield Button(M.PICKER_CANCEL, id="picker-cancel")

    def on_mount(self) -> None:
        self.query_one("#picker-path", Input).focus()  # the title says: type a path (or Tab to the tree)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#picker-path", Input).value = str(event.path)
        self.query_one("#picker-add", Button).focus()

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#picker-path", Input).value = str(event.path)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._choose()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "picker-add":
            self._choose()
        elif event.button.id == "picker-up":
            self.query_one("#picker-tree", FolderTree).action_up()
        else:
            self.dismiss(None)

    def _choose(self) -> None:
        raw = self.query_one("#picker-path", Input).value.strip()
        path = user_path(raw)
        if not raw or not path.exists():
            self.notify(M.PICKER_NO_SUCH.format(path=raw or M.PICKER_EMPTY_PATH), severity="error", markup=False)
            return
        self.dismiss([path])

    def action_cancel(self) -> None:
        self.dismiss(None)
