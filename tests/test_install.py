"""What a new user installs and starts: the wheel holds every file, a first run that is killed
leaves no broken library, an empty library says how to fill it, `--version`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_home, policykb, run

from policykb.indexer.library import Library, bundled_documents
from policykb.indexer.store import FILE as MANIFEST

PACKAGES = ("corpus", "kb", "indexer", "tui")


def tracked_files() -> list[str]:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    out = subprocess.run(["git", "-c", "core.quotepath=off", "ls-files", "-z", *PACKAGES], cwd=ROOT,
                         capture_output=True, check=True).stdout.decode("utf-8")
    return [f for f in out.split("\0") if f]


def test_the_wheel_holds_every_tracked_file_of_the_packages(tmp_path: Path) -> None:
    files = tracked_files()
    src = tmp_path / "src"  # a copy of what git tracks, so the build writes nothing into the tree
    for rel in [*files, "pyproject.toml", "setup.py", "README.md"]:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src / rel)
    # Built with the setuptools beside pytest (no download); CI's fresh venv has it from the install.
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                           "-w", str(tmp_path / "dist"), str(src)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    wheel = next((tmp_path / "dist").glob("policykb-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in files if f"policykb/{f}" not in names]
    assert not missing, f"tracked files missing from the wheel (pyproject.toml's package data?): {missing}"
    assert sum(f.startswith("policykb/corpus/documents/laws-edu/") for f in names) == 82
    # One name in site-packages: nothing generic (kb, tui …) that another distribution could also own.
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {"policykb"}
    top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
    assert zipfile.ZipFile(wheel).read(top_level).decode().split() == ["policykb"]


def test_version_is_the_package_version(tmp_path: Path) -> None:
    from importlib.metadata import version

    proc = subprocess.run(policykb("--version"), capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == f"policykb {version('policykb')}"


def test_the_bundled_documents_are_the_plans_and_the_laws() -> None:
    files = bundled_documents()
    assert len(files) == 87 and all(f.name != "README.md" for f in files)
    assert [f.suffix for f in files[:5]] == [".txt"] * 5  # the plans first, then the laws


def _build_folders(home: Path) -> list[Path]:
    return list(home.parent.glob(f".{home.name}.building-*"))


def _phase(home: Path) -> str | None:
    """How far a first run building `home` has got, judged from its build folder."""
    for folder in _build_folders(home):
        indexes = list(folder.glob("index-*"))
        if not (folder / MANIFEST).exists():
            return "start"
        if not indexes:
            return "reading"
        if not any(indexes[0].glob("_MAIN_1.toc")):  # Whoosh has not committed yet
            return "indexing"
        return "extracting"
    return None


def _kill_first_run_at(home: Path, phase: str) -> None:
    proc = subprocess.Popen(policykb("--home", str(home), "docs"), cwd=home.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while _phase(home) != phase:
            assert proc.poll() is None, f"the first run ended before it was seen {phase}"
            assert time.monotonic() < deadline, f"the first run never got to {phase}"
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.mark.parametrize("phase", ["reading", "indexing", "extracting"])
def test_a_killed_first_run_leaves_no_library(tmp_path: Path, phase: str) -> None:
    home = tmp_path / "home"
    _kill_first_run_at(home, phase)
    assert not (home / MANIFEST).exists(), "a killed first run left a library behind"
    assert _build_folders(home)  # the dead build's folder, to be cleared by the next start


def test_the_start_after_a_killed_first_run_builds_it_whole(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _kill_first_run_at(home, "indexing")
    done = subprocess.run(policykb("--home", str(home), "ask", "班主任工作量如何计算", "--json"), cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "二分之一" in json.loads(done.stdout)["answer"]
    assert len(Library.open(home).documents()) == 87
    assert not _build_folders(home), "the dead build's folder was left behind"


def test_a_home_with_the_users_own_word_list_is_built_with_it(tmp_path: Path) -> None:
    from conftest import SEEDS

    home = tmp_path / "home"
    home.mkdir()
    (home / "dict.txt").write_text("县管校聘 5\n", encoding="utf-8")
    lib = Library.create(home, SEEDS[:1])
    assert (home / "dict.txt").read_text(encoding="utf-8") == "县管校聘 5\n" and len(lib.documents()) == 1
    from policykb.indexer import index as clause_index

    assert clause_index.check(lib.index_dir(), lib.analyzer()) is None  # no rebuild on the first question


def test_an_empty_library_says_so_and_how_to_fill_it(capsys, tmp_path: Path, seeds_built: Path) -> None:
    home = Library.create(tmp_path / "home", []).home
    for args in (("ask", "班主任工作量如何计算"), ("search", "班主任"), ("checklist", "--school-type", "小学"),
                 ("requirements",)):
        code, out, err = run(capsys, home, *args)
        assert code == 1 and out == "", args
        assert "文库是空的" in err and "policykb add --bundled" in err and str(home) in err, args
    code, out, err = run(capsys, home, "docs")
    assert code == 0
    # `add --bundled` puts the bundled documents back; those already there are skipped
    some = copy_home(seeds_built, tmp_path / "some")
    code, out, err = run(capsys, some, "add", "--bundled")
    assert code == 0, err
    assert out.count("已添加 ") == 82 and err.count("跳过 ") == 5
    code, out, err = run(capsys, some, "add")
    assert code == 1 and "--bundled" in err
