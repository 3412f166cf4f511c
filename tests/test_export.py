"""Exports onto what is already there (kb/export.py): a regular file is replaced whole, keeping its
mode; a device or a FIFO is written into and stays what it was (a root `-o /dev/null` once replaced
the device with a regular file); a symbolic link is followed and stays a link."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import run

from policykb.corpus.errors import PolicyKBError
from policykb.kb.export import write


def _read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(fifo, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def test_a_checklist_exported_into_a_fifo_leaves_the_fifo(capsys, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fifo = out / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    code, _, err = run(capsys, home, "checklist", "--school-type", "小学", "--format", "csv", "-o", str(fifo))
    reader.join(10)
    assert code == 0, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not a file renamed over it
    assert got and got[0].decode("utf-8-sig").startswith("序号,")
    assert [p.name for p in out.iterdir()] == ["pipe"]  # no temporary file left beside it


def test_a_diff_exported_into_a_fifo_leaves_the_fifo(capsys, bundled_built: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    code, _, err = run(capsys, bundled_built, "diff", "未成年人保护法", "--format", "md", "-o", str(fifo))
    reader.join(10)
    assert code == 0, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and got and "新旧对照" in got[0].decode("utf-8")


def test_a_character_device_stays_a_device(tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null's numbers
    except PermissionError:
        pytest.skip("making a device needs root (CAP_MKNOD); the FIFO tests cover writing in place")
    write(null, b"x" * 100_000)
    assert stat.S_ISCHR(os.stat(null).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640  # the mode the file had, kept
    dangling = tmp_path / "to-be.md"
    dangling.symlink_to(tmp_path / "made.md")
    write(dangling, b"made")
    assert dangling.is_symlink() and (tmp_path / "made.md").read_bytes() == b"made"


def test_a_folder_or_a_missing_folder_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(PolicyKBError) as folder:
        write(tmp_path, b"x")
    assert str(tmp_path) in folder.value.message
    with pytest.raises(PolicyKBError) as missing:
        write(tmp_path / "nope" / "a.md", b"x")
    assert "不存在" in missing.value.message and "nope" in missing.value.message
