"""A new library is built in a folder beside its home and moved into place only when complete.

A first run that is killed, or fails, must not leave a home whose manifest names no documents
(every later question would then find nothing). One build at a time holds a lock file beside the
home (`.<home>.lock`); any build folder found while holding it belongs to a dead build and goes.
A second process starting for the first time waits for the first and then opens its library.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.messages import os_reason
from policykb.indexer import messages as M

MANIFEST = "library.db"  # the store: moved last, so a home without it holds no library
LOCK = ".lock"


@contextlib.contextmanager
def build_folder(home: Path) -> Iterator[Path]:
    """An empty folder beside `home` to build a library in, removed again if the build fails."""
    try:
        home.parent.mkdir(parents=True, exist_ok=True)
        lock = open(home.parent / f".{home.name}.lock", "a")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise PolicyKBError(M.CANNOT_CREATE.format(folder=home.parent, why=os_reason(exc)),
                            title=M.CANNOT_CREATE_TITLE) from exc
    with lock:
        with contextlib.suppress(ImportError):  # no flock on Windows: one user, one process there
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        for dead in home.parent.glob(f".{home.name}.building-*"):
            shutil.rmtree(dead, ignore_errors=True)
        folder = home.parent / f".{home.name}.building-{secrets.token_hex(4)}"
        folder.mkdir()  # with the user's umask, as the home would have
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # gone already when it was moved into place


def carry_user_files(home: Path, build: Path) -> None:
    """A home that exists without a library may hold the user's own word lists or settings: the
    build must see them (they change the index), and they stay where they are."""
    if home.is_dir():
        for path in home.iterdir():
            if path.is_file() and path.name not in (MANIFEST, LOCK):
                shutil.copy2(path, build / path.name)


def move_into_place(build: Path, home: Path) -> None:
    """Make the finished library in `build` the library at `home`. The manifest moves last: until
    it is there, `home` holds no library and the next start builds again."""
    with contextlib.suppress(OSError):
        home.rmdir()  # an empty folder (made by the user, or by mktemp) is replaced whole
    try:
        os.rename(build, home)
        return
    except OSError:
        if not home.is_dir():
            raise
    for path in build.iterdir():  # a home with the user's own files in it: move ours beside them
        if path.name in (MANIFEST, LOCK):
            continue
        target = home / path.name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(path, target)
    os.replace(build / MANIFEST, home / MANIFEST)
