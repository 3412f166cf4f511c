"""Textual's own words in Chinese (DESIGN.md §10): the command palette, its system commands, the
select menu's footer label and the notice Ctrl+C gives. Textual is pinned (pyproject.toml), so the
one private method overridden here cannot change under us unnoticed."""

from __future__ import annotations

from typing import ClassVar

from rich.align import Align
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.widgets import Checkbox, Footer
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option

from policykb.tui import messages as M
from policykb.tui.linebreak import kinsoku


class Palette(CommandPalette):
    """The command palette, in Chinese."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(b for b in CommandPalette.BINDINGS if not (isinstance(b, Binding) and b.action == "escape")),
        Binding("escape", "escape", M.PALETTE_CLOSE),
    ]

    def __init__(self) -> None:
        super().__init__(placeholder=M.PALETTE_PLACEHOLDER, id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(M.PALETTE_NO_MATCHES, style="not bold")), disabled=True,
                           id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


WIDE_FOOTER = 100  # columns from which a footer also shows ^p


def fit_footer(footer: Footer, width: int) -> None:
    """Below `WIDE_FOOTER` columns a footer leaves out ^p (F1's help and the header's ⭘ open the
    palette), so that its keys fit 80 columns on every screen."""
    wide = width >= WIDE_FOOTER
    if footer.show_command_palette != wide:
        footer.show_command_palette = wide
        footer.call_later(footer.recompose)  # the flag alone does not redraw the footer


class TabKeys:
    """For a screen over the tabs (the source view, 对照): below 100 columns the app's F2–F5 leave
    its footer (PolicyApp.check_action) and the screen takes the keys itself, unshown."""

    TAB_KEYS_OWN = True
    _TABS: ClassVar[dict[str, str]] = {"f2": "ask", "f3": "search", "f4": "library", "f5": "checklist"}

    def on_key(self, event: events.Key) -> None:
        tab = self._TABS.get(event.key)
        if tab is not None:
            event.stop()
            self.app.action_tab(tab)  # type: ignore[attr-defined]


class Tick(Checkbox):
    """A checkbox that shows ✓ only when ticked: Textual's shows an X either way, in another colour,
    and a person reads every box as ticked."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 (Textual's name)
        return "✓" if self.value else " "


def translate_select() -> None:
    """The open select menu's footer label ("esc Dismiss menu")."""
    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", M.MENU_CLOSE)]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()


def break_lines_the_chinese_way() -> None:
    """Rich's and Textual's line folding, with 禁则 (once)."""
    import rich.text
    import textual.content

    for module in (rich.text, textual.content):
        if not getattr(module.divide_line, "kinsoku", False):
            wrapped = kinsoku(module.divide_line)
            wrapped.kinsoku = True  # type: ignore[attr-defined]
            module.divide_line = wrapped  # type: ignore[attr-defined]
