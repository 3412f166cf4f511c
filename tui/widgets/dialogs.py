"""Small modal screens: an error, a yes/no question, a choice of several, the help screen."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, Static

from policykb.tui import messages as M
from policykb.tui import version


class ErrorDialog(ModalScreen[None]):
    """A failure the user can act on: what failed, naming the thing, and what to do next."""

    BINDINGS = [Binding("escape,enter", "dismiss", M.DIALOG_CLOSE, id="dialog.close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="error"):
            yield Static(Text(self.title_text, style="bold"), classes="title")
            yield Static(Text(self.message), id="error-message")
            with Horizontal(classes="buttons"):
                yield Button(M.DIALOG_OK, variant="error", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "no", M.DIALOG_CANCEL, id="dialog.cancel")]

    def __init__(self, question: str, yes: str = M.DIALOG_YES) -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question))
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="warning", id="yes")
                yield Button(M.DIALOG_CANCEL, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)


class PickDialog(ModalScreen[int | None]):
    """One of several: Enter takes the highlighted line, Esc none."""

    BINDINGS = [Binding("escape", "none", M.DIALOG_CANCEL, id="dialog.cancel")]

    def __init__(self, question: str, choices: list[str]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList

        with Vertical(id="dialog"):
            yield Static(Text(self.question, style="bold"))
            yield OptionList(*(Text(c) for c in self.choices), id="choices")

    def on_mount(self) -> None:
        from textual.widgets import OptionList

        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_option_list_option_selected(self, event: object) -> None:
        self.dismiss(getattr(event, "option_index", None))

    def action_none(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", M.HELP_CLOSE, id="help.close")]

    def __init__(self, bindings: Iterable[tuple[str, str, str]], settings_path: str, visitor: bool = False) -> None:
        super().__init__()
        self.rows = list(bindings)
        self.settings_path = settings_path
        self.visitor = visitor  # a browser visitor's: no changes to the library, no settings file on the server

    def compose(self) -> ComposeResult:
        table = "\n".join(f"| `{bid}` | {keys} | {desc} |" for bid, keys, desc in self.rows)
        template = M.HELP_SCREEN_VISITOR if self.visitor else M.HELP_SCREEN
        text = template.format(settings_path=self.settings_path, version=version(), table=table)
        with VerticalScroll(id="dialog", classes="wide tall"):
            yield Markdown(text)
