"""Chinese line breaking (禁则) for Rich's and Textual's line folding and for the command line's help:
a line does not start with closing punctuation, a number stays with its measure word, Chinese text
runs to the line's end, a Latin word is not cut. Light (rich.cells only): the CLI uses it too."""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.cells import cell_len

CLOSING = set("，。、；：！？）】》〉」』”’…—·%,.;:!?)]}")
OPENING = set("（【《〈「『“‘([{")
MEASURES = set("项个条款份处类次名人所年月日天周节元万岁")
_NUMBERING = re.compile(r"[一二三四五六七八九十]{1,3}、(?:（[一二三四五六七八九十]{1,3}）)?(?:\d{1,2}[.．]?)*(?:（\d{1,2}）)?")


def _cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\u3000" <= char <= "\u303f" \
        or "\uff00" <= char <= "\uffef" or "\u2000" <= char <= "\u206f"  # “ ” … — as Chinese uses them


def _latin(char: str) -> bool:
    return not _cjk(char) and not char.isspace()


def _closes(text: str, at: int) -> bool:
    """Closing punctuation at `at` — not the "." of ".xlsx", which begins a word."""
    return text[at] in CLOSING and not (text[at].isascii() and at + 1 < len(text) and _latin(text[at + 1])
                                        and text[at + 1] not in CLOSING)


def _fill(text: str, start: int, at: int, width: int) -> int:
    """Where a line that Rich ended at the space before a run of Chinese ends when it takes as much
    of the run as fits, as Chinese text is set (a line does not end before closing punctuation)."""
    fill = at
    while fill < len(text) and _latin(text[fill]):
        fill += 1  # a Latin word glued to the Chinese after it ("PDF（文件…"): whole, if it fits
    used = cell_len(text[start:fill])
    if used > width:
        return at
    while fill < len(text) and not text[fill].isspace():
        end = fill + 1
        if _latin(text[fill]):  # a number, a Latin word or an ASCII comma inside the Chinese: whole
            while end < len(text) and _latin(text[end]):
                end += 1
        size = cell_len(text[fill:end])
        if used + size > width:
            break
        used += size
        fill = end
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
                if first > start and cell_len(text[first:end]) <= width:
                    at = first
            if at < len(text) and _closes(text, at):
                first = at  # "…毕节市）" / "；列出": the closing marks and the character before them go down
                while first - 1 > start and text[first - 1] in CLOSING:
                    first -= 1
                if first - 1 > start and not text[first - 1].isspace():
                    at = first - 1
                    while at - 1 > start and _latin(text[at - 1]) and _latin(text[at]):
                        at -= 1  # "….xlsx）": the whole word goes down, not its "x"
            if at - 1 > start and at < len(text) and text[at - 1] in OPENING:
                while at - 1 > start and text[at - 1] in OPENING:
                    at -= 1  # a line does not end with "（" or "（“"
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
            while at - 1 > start and at < len(text) and (
                    "/" in (text[at - 1], text[at]) or text[at] in CLOSING or text[at - 1] in OPENING):
                at -= 1  # not beside a "/", which joins what it stands between (二/（三）/13, 元/人, 2024/09)
            label = next((m for m in _NUMBERING.finditer(text, max(start, at - 12)) if m.start() < at < m.end()), None)
            if label is not None and label.start() > start:
                at = label.start()  # a clause's numbering stays whole: 二、（三）13, not 二、 / （三）13
            digits = at
            while digits - 1 > start and at < len(text) and text[at] in MEASURES and text[digits - 1].isdigit():
                digits -= 1
            if digits < at and not text[digits - 1].isdigit():
                at = digits  # and a number still goes with its measure word ("800" / "元/人" → "800元/人")
            breaks.append(at)
            start = at

    return divide_line
