"""Textual's own words in Chinese (DESIGN.md §10): the command palette, its system commands, the
select menu's footer label and the notice Ctrl+C gives. Textual is pinned (pyproject.toml), so the
one private method overridden here cannot change under us unnoticed."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.align import Align
from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.widgets import Checkbox
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option

from tui import messages as M


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


class Tick(Checkbox):
    """A checkbox that shows ✓ only when ticked: Textual's shows an X either way, in another colour,
    and a person reads every box as ticked."""

    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:  # noqa: N802 (Textual's name)
        return "✓" if self.value else " "


def translate_select() -> None:
    """The open select menu's footer label ("esc Dismiss menu")."""
    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", M.MENU_CLOSE)]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()


# Chinese line breaking (禁则): a line does not start with closing punctuation. Rich and Textual fold a
# run of Chinese text at the exact width, so "。" could begin a line; the break moves back one
# character, taking the character before it along.
CLOSING = set("，。、；：！？）】》〉」』”’…—·%,.;:!?)]}")
MEASURES = set("项个条款份处类次名人所年月日天周节元万岁")


def _cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\u3000" <= char <= "\u303f" \
        or "\uff00" <= char <= "\uffef"


def _latin(char: str) -> bool:
    return not _cjk(char) and not char.isspace()


def _fill(text: str, start: int, at: int, width: int) -> int:
    """Where a line that Rich ended at the space before a run of Chinese ends when it takes as much
    of the run as fits, as Chinese text is set (a line does not end before closing punctuation)."""


    fill = at
    while fill < len(text) and not _cjk(text[fill]) and not text[fill].isspace():
        fill += 1  # a Latin word glued to the Chinese after it ("PDF（文件…"): whole, if it fits
    used = cell_len(text[start:fill])
    if used > width:
        return at
    while fill < len(text) and _cjk(text[fill]) and used + cell_len(text[fill]) <= width:
        used += cell_len(text[fill])
        fill += 1
    while fill > at and fill < len(text) and text[fill] in CLOSING:
        fill -= 1
    latin = next((i for i in range(at, fill) if _cjk(text[i])), fill)
    if fill - latin < 2 or fill >= len(text) or _latin(text[fill]) and _latin(text[fill - 1]):
        return at  # a character or two is no gain; a Latin word is not cut
    return fill


def kinsoku(divide: Callable[..., list[int]]) -> Callable[..., list[int]]:
    def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
        breaks: list[int] = []
        start = 0
        while True:
            rest = divide(text[start:], width, fold=fold)
            if not rest:
                return breaks
            at = start + rest[0]
            if at < len(text) and at > start and text[at - 1] == " ":
                at = _fill(text, start, at, width)  # Chinese breaks anywhere: not only at the space before it
            elif at < len(text) and _latin(text[at]) and _latin(text[at - 1]):
                first = at  # Rich cut a run of Chinese and Latin ("…打开；Ct" / "rl+O"): before the Latin word
                while first > start and _latin(text[first - 1]):
                    first -= 1
                end = at
                while end < len(text) and _latin(text[end]):
                    end += 1
                if first > start and cell_len(text[first:end]) < width:
                    at = first
            if at < len(text) and text[at] in CLOSING and at - 1 > start and not text[at - 1].isspace() \
                    and text[at - 1] not in CLOSING:
                at -= 1
            elif at < len(text) and (text[at].isdigit() or text[at] in MEASURES):
                last = at - 1  # a number stays whole and with its measure word: "777 项", not "777" / "项"
                while last > start and text[last] == " ":
                    last -= 1
                first = last
                while first > start and text[first - 1].isdigit():
                    first -= 1
                if last > start and text[last].isdigit() and first > start:
                    at = first
                elif text[last].isdigit() and first == start:  # the number begins the line: fill it instead
                    fill = at
                    while fill < len(text) and cell_len(text[start:fill + 1]) <= width:
                        fill += 1
                    while fill > at + 1 and fill < len(text) and text[fill] in CLOSING:
                        fill -= 1  # 禁则 still: the line does not end just before 。，
                    if fill > at and text[fill - 1] != " " and (fill >= len(text) or text[fill] not in CLOSING):
                        at = fill
            breaks.append(at)
            start = at

    return divide_line


def break_lines_the_chinese_way() -> None:
    """Rich's and Textual's line folding, with 禁则 (once)."""
    import rich.text
    import textual.content

    for module in (rich.text, textual.content):
        if not getattr(module.divide_line, "kinsoku", False):  # type: ignore[attr-defined]
            wrapped = kinsoku(module.divide_line)  # type: ignore[attr-defined]
            wrapped.kinsoku = True  # type: ignore[attr-defined]
            module.divide_line = wrapped  # type: ignore[attr-defined]
