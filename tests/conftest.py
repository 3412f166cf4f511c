"""Shared fixtures: paths to the bundled documents, libraries built once per run, the CLI run
in-process or as the installed command, and ../shared when it is there."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "corpus" / "documents"
SEEDS = sorted(DOCUMENTS.glob("*.txt"))  # the five plans and briefings the project started from
LAWS = DOCUMENTS / "laws-edu"  # the 82 education laws, bundled beside them
SHARED = ROOT.parent / "shared"


def need_shared(rel: str) -> Path:
    """A file or folder of ../shared, or a skip saying why (a lone clone has no ../shared)."""
    path = SHARED / rel
    if not path.exists():
        pytest.skip(f"{path} is not here (a clone without ../shared beside it)")
    return path


def policykb(*args: str) -> list[str]:
    """The installed `policykb` command (beside this Python), as a user runs it; a test runs it
    with a working directory outside the source tree, so it imports what pip installed."""
    script = Path(sys.executable).parent / ("policykb.exe" if os.name == "nt" else "policykb")
    if not script.exists():
        pytest.fail(f"{script} is not installed: run the tests as the README says "
                    "(`pip install '.[test]'` into the virtual environment first)")
    return [str(script), *args]


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    """`policykb --home HOME ARGS…` in-process: exit status, stdout, stderr."""
    from policykb.tui.cli import main

    code = main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file of a library home and its bytes (the lock file aside; the store as the SQL that
    would make it again, its log included): equal snapshots, an untouched library."""
    import sqlite3

    out = {}
    for p in sorted(home.rglob("*")):
        if not p.is_file() or p.name == ".lock" or p.name.endswith(("-wal", "-shm")):
            continue
        if p.name == "library.db":
            db = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
            out[str(p.relative_to(home))] = "\n".join(db.iterdump()).encode()
            db.close()
        else:
            out[str(p.relative_to(home))] = p.read_bytes()
    return out


def copy_home(built: Path, tmp_path: Path) -> Path:
    """A test's own copy of a library built once for its module."""
    copy = tmp_path / "home"
    shutil.copytree(built, copy)
    return copy


@pytest.fixture(scope="session")
def seeds_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the five seed documents only (small and quick), built once per run; copy it
    before changing it."""
    from policykb.indexer.library import Library

    home = tmp_path_factory.mktemp("seeds") / "home"
    lib = Library.create(home, SEEDS)
    lib.current_catalog()
    lib.close()  # the store's log folded into its file: a copy of the folder is the whole library
    return home


@pytest.fixture(scope="session")
def bundled_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a new user gets: the first run on a fresh home (all the bundled documents), once per
    run; copy it before changing it."""
    from policykb.indexer.library import Library

    home = tmp_path_factory.mktemp("bundled") / "home"
    lib = Library.open(home)
    lib.current_catalog()
    lib.close()
    return home


@pytest.fixture
def home(seeds_built: Path, tmp_path: Path) -> Path:
    """A test's own library of the five seed documents."""
    return copy_home(seeds_built, tmp_path)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until no worker runs, nothing is scheduled and the screen has been drawn twice over.

    "Nothing scheduled" includes the screen's after-refresh callbacks (`call_after_refresh`: the
    scroll that brings a new answer to the top runs there). Without that check a loaded machine
    took the snapshot before the scroll ran (the 80×24 ask snapshot failed 2 runs in about 14)."""
    from textual.worker import WorkerFailed, WorkerState

    quiet = 0
    for _ in range(100):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)
        await pilot.pause()
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers)
        pending = pilot.app.screen._callbacks  # noqa: SLF001 (Textual is pinned exactly)
        quiet = 0 if busy or pending else quiet + 1
        if quiet == 2:
            return
