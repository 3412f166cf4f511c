"""Printing for the command line: JSON on stdout, aligned tables that respect double-width Chinese."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from policykb.tui import messages as M


def count(text: str) -> int:
    """An argparse type for --top and --limit: a whole number of at least 1."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(M.BAD_COUNT.format(text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(M.TOO_SMALL.format(value=value))
    return value


def width(text: str) -> int:
    """Terminal columns `text` takes (Chinese characters two), as the app's renderer counts them."""
    from rich.cells import cell_len

    return cell_len(text)


def where(exc: BaseException) -> str | None:
    """Where a bug happened, for a message that must not show the traceback: "library.py:412"."""
    import traceback
    from pathlib import Path

    frames = traceback.extract_tb(exc.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else None


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` columns, "…" in the last one when something was cut (reads at most
    `limit` characters: a long clause costs no more than a short one)."""
    from rich.cells import get_character_cell_size

    if 2 * len(text) <= limit:
        return text
    used, cut = 0, 0
    for n, ch in enumerate(text):
        used += get_character_cell_size(ch)
        if used > limit:
            return text[:cut] + "…"
        if used <= limit - 1:
            cut = n + 1
    return text


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], limits: Sequence[int] | None = None) -> str:
    cells = [[clip(str(c), limits[i]) if limits else str(c) for i, c in enumerate(row)] for row in rows]
    sizes = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, sizes[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * s for s in sizes))
    lines += ["  ".join(pad(c, sizes[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    return "\n".join(lines)


def fold(text: str, size: int) -> list[str]:
    """`text` in lines of at most `size` columns, broken as the app and `--help` break Chinese
    (禁则, tui/linebreak.py): for a table cell that wraps rather than loses its end."""
    from rich._wrap import divide_line

    from policykb.tui.linebreak import kinsoku

    breaks = kinsoku(divide_line)(text, size)
    return [text[a:b].rstrip() for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]


def wrapped_table(headers: Sequence[str], rows: Sequence[Sequence[str]], room: int | None) -> str:
    """A table whose cells are all whole: the last column wraps within what `room` columns leave
    (its continuation lines under it), the others keep their width. `room` None (output to a pipe
    or a file): nothing wraps. For lists whose first column a person copies into another command.
    When even the other columns do not fit, each row is its first cell on a line of its own and the
    rest below it, indented and wrapped."""
    sizes = [max([width(h)] + [width(str(r[i])) for r in rows]) for i, h in enumerate(headers[:-1])]
    left = sum(sizes) + 2 * len(sizes)
    last = max([width(headers[-1])] + [width(str(r[-1])) for r in rows])
    if room is not None and left + 12 > room:
        out = []
        for row in rows:
            rest = " · ".join(f"{h} {c}" for h, c in zip(headers[1:], row[1:], strict=True)
                              if str(c) and str(c) != str(row[0]))  # a title that is the id, once
            out += [str(row[0]), *("    " + part for part in fold(rest, max(room - 4, 12)))]
        return "\n".join(out)
    if room is not None:
        last = max(min(last, room - left), 12)
    lines = ["  ".join(pad(h, s) for h, s in zip(headers, [*sizes, 0], strict=True)).rstrip()]
    lines.append("  ".join("-" * s for s in [*sizes, last]))
    for row in rows:
        parts = fold(str(row[-1]), last) if room is not None else [str(row[-1])]
        lines.append("  ".join([*(pad(str(c), s) for c, s in zip(row[:-1], sizes, strict=True)), parts[0]]).rstrip())
        lines += [" " * left + part for part in parts[1:]]
    return "\n".join(lines)


def terminal_columns() -> int | None:
    """The terminal's width when stdout is one; None when output goes to a pipe or a file."""
    import shutil

    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((80, 24)).columns


class Printable:
    """A text stream that writes no control character or escape sequence: documents are data, and
    a clause holding `ESC ] 0;…` must not retitle the user's terminal (reading strips them already;
    this is the second fence). Bytes written to `.buffer` (an xlsx on stdout) pass untouched."""

    def __init__(self, stream: Any) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        from policykb.corpus.sanitize import printable

        return int(self.unfiltered.write(printable(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unfiltered, name)


@contextmanager
def printable_streams() -> Iterator[None]:
    """stdout and stderr filtered through `Printable` for the length of one command."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Printable(sys.stdout), Printable(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


@contextmanager
def progress(label: str) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[item]}"), transient=True,
                  console=Console(file=getattr(sys.stderr, "unfiltered", sys.stderr))) as bar:
        task = bar.add_task(label, total=None, item="")

        def update(done: int, total: int, item: str) -> None:
            bar.update(task, completed=done, total=total, item=clip(item, 40))

        yield update
