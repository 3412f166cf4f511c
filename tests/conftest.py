"""Shared fixtures: paths to the bundled documents and to ../shared when it is there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "corpus" / "documents"
SHARED = ROOT.parent / "shared"
LAWS = SHARED / "corpus" / "laws-edu"


def need_laws() -> Path:
    if not LAWS.is_dir():
        pytest.skip(f"{LAWS} is not here (clone has no ../shared); the laws-edu corpus tests need it")
    return LAWS


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    """`policykb --home HOME ARGS…` in-process: exit status, stdout, stderr."""
    from tui.cli import main

    code = main(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def copy_home(built: Path, tmp_path: Path) -> Path:
    """A test's own copy of a library built once for its module."""
    copy = tmp_path / "home"
    shutil.copytree(built, copy)
    return copy


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture(scope="session")
def seeds_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the bundled documents, built once per run; copy it before changing it."""
    from indexer.library import Library

    home = tmp_path_factory.mktemp("seeds") / "home"
    Library.open(home).current_catalog()
    return home


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until no worker runs, nothing is scheduled and the screen has been drawn twice over."""
    from textual.worker import WorkerFailed, WorkerState

    for _ in range(50):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers):
            return
