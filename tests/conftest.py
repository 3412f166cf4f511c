"""Shared fixtures: paths to the bundled documents and to ../shared when it is there."""

from __future__ import annotations

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


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"
