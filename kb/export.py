"""Every file policykb writes for a person — a 自查表, a 新旧对照表 — in one place: the cell rules
that keep document text as text, the choice of format, and how the bytes reach the disk.

Documents are data (DESIGN §11): a cell a spreadsheet would run (=HYPERLINK(…), +cmd|…, @SUM, a DDE
payload) stays text — CSV cells starting with these get a leading apostrophe (OWASP's advice), and
Markdown cells escape their markup.

Writing: a regular file (new, or one already there) is written whole or not at all, through a
temporary file renamed over it, with the user's usual mode (or the mode the file already had). An
existing target that is not a regular file — a character device such as /dev/null, a FIFO, a socket
— is written into in place, never renamed over: run as root, `-o /dev/null` once replaced the device
with a regular file and every program writing to it broke. A symbolic link is followed to its target
and stays a link.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.files import write_atomic
from policykb.corpus.messages import os_reason
from policykb.corpus.sanitize import printable
from policykb.kb import messages as M

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LEADING = re.compile(r"^([#>=+\-!]|\d+(?=[.)]))")


def xlsx_text(text: str) -> str:
    """A string for an xlsx cell: the one sanitiser (corpus.sanitize.printable), then whatever else
    the file format cannot hold (openpyxl's illegal characters)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("", printable(text)))


def _printable_bytes(data: bytes) -> bytes:
    """A text export through the one sanitiser (a CSV's byte-order mark kept for Excel)."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    text = data[len(bom):].decode("utf-8")
    clean = printable(text)
    return data if clean == text else bom + clean.encode("utf-8")


def csv_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: markup characters escaped, so it shows as written."""
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
    m = _MD_LEADING.match(text)
    if m is None:
        return text
    lead = m.group(1)
    return ("\\" + text) if not lead.isdigit() else lead + "\\" + text[len(lead):]


def export(fmt: str, path: Path | None, formats: Mapping[str, Callable[[], bytes]]) -> bytes | None:
    """The bytes of format `fmt` (made by its entry in `formats`) written to `path`; without a path,
    returned (for stdout)."""
    if fmt not in formats:
        raise PolicyKBError(M.UNKNOWN_FORMAT.format(fmt=fmt, formats="、".join(formats)))
    data = formats[fmt]()
    if fmt != "xlsx":  # every text leaves through the one sanitiser, to a file as to stdout
        data = _printable_bytes(data)
    if path is None:
        return data
    write(path, data)
    return None


def write(path: Path, data: bytes) -> None:
    """`data` to `path` for the user: see the module's docstring."""
    try:
        target = path.resolve() if path.is_symlink() else path
        try:
            status: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            status = None
        if status is not None and stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(target))
        if status is not None and not stat.S_ISREG(status.st_mode):
            _write_in_place(target, data)
            return
        if not target.parent.is_dir():
            raise PolicyKBError(M.NO_FOLDER.format(path=path, folder=target.parent), title=M.CANNOT_WRITE_TITLE)
        mode = stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~_umask()
        write_atomic(target, data, mode=mode)  # a file the user made: their usual mode, not 0600
    except OSError as exc:
        raise PolicyKBError(M.CANNOT_WRITE.format(path=path, why=os_reason(exc)), title=M.CANNOT_WRITE_TITLE) from exc


def _write_in_place(target: Path, data: bytes) -> None:
    """Into a device, a FIFO or a socket as it is (a FIFO waits for its reader, as a shell's `>` does)."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
