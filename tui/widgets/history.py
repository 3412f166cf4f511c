"""The conversation history, searchable: every turn kept in the library home, newest first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from policykb.indexer.history import History
from policykb.indexer.models import Turn
from policykb.tui import messages as M


class HistoryScreen(ModalScreen[Turn | None]):
    BINDINGS = [Binding("escape", "dismiss_none", M.HISTORY_CLOSE, id="history.close")]

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history
        self.turns: list[Turn] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide"):
            yield Static(M.HISTORY_TITLE, classes="title")
            yield Input(placeholder=M.HISTORY_PLACEHOLDER, id="history-filter")
            yield OptionList(id="history-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#history-filter", Input).focus()

    def _fill(self, text: str) -> None:
        self.turns = self.history.search(text)
        options = []
        for n, turn in enumerate(self.turns):
            label = Text.assemble((turn.at.strftime("%m-%d %H:%M "), "dim"), (turn.question, "bold"))
            label.append(f"\n  {turn.answer.answer or M.HISTORY_NO_ANSWER}", style="dim")
            options.append(Option(label, id=str(n)))
        listing = self.query_one("#history-list", OptionList)
        listing.set_options(options)
        if not options:
            listing.set_options([Option(M.HISTORY_NONE, disabled=True)])

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter takes the first match (↓ first to choose another)."""
        if self.turns:
            self.dismiss(self.turns[0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.turns[int(event.option.id)])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
