"""Crash safety, proved at every write point: add, remove and `index --rebuild` failing (raising a
full disk, or killed outright) at each named point leave the library as it was before the switch,
or as the change left it after — same documents, clauses, requirements and search results — and
the next command leaves no stray file."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import policykb, run

from policykb.indexer.faults import POINTS

NEW = "某县课后服务实施方案"


def meaning(capsys, home: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What a user can see of a library: its documents and their clauses, its requirements, and
    what a search finds."""
    code, out, err = run(capsys, home, "docs", "--json")
    assert code == 0, err
    docs = sorted(r["doc_id"] for r in json.loads(out))
    clauses = {}
    for doc in docs:
        _, out, _ = run(capsys, home, "doc", doc, "--json")
        clauses[doc] = [c["clause_id"] for c in json.loads(out)["clauses"]]
    _, out, _ = run(capsys, home, "requirements", "--json")
    reqs = sorted(r["req_id"] for r in json.loads(out))
    _, out, _ = run(capsys, home, "search", "课后服务 班主任", "--json")
    found = [h["clause_id"] for h in json.loads(out)]
    return {"docs": docs, "clauses": clauses, "requirements": reqs, "search": found}


def strays(home: Path) -> list[str]:
    """Files in the home that the store does not account for."""
    from policykb.indexer.library import Library, name_file

    lib = Library(home)
    kept = [*lib.store.stored(), *lib.store.staged()]
    listed = {s.file for s in kept} | {name_file(home, s).name for s in kept}
    current = lib.store.meta("index")
    lib.close()
    out = []
    for path in home.iterdir():
        name = path.name
        if name.startswith("library.db") or name in (".lock", "history.jsonl", "quarantine", current):
            continue
        if name == "documents":
            out += [f"{name}/{p.name}" for p in path.iterdir() if p.name not in listed]
        else:
            out.append(name)
    return out


def operation(op: str, tmp_path: Path) -> list[str]:
    if op == "add":
        plan = tmp_path / f"{NEW}.txt"
        plan.write_text(f"{NEW}\n一、要求\n1.学校应当每周开展5天课后服务。\n2.班主任应当每天与家长沟通。\n", encoding="utf-8")
        return ["add", str(plan)]
    if op == "remove":
        return ["remove", "“公办强校”简报"]
    return ["index", "--rebuild"]


@pytest.fixture(scope="module")
def states(seeds_built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """For each operation, the library before it and after it (done without a fault)."""
    import shutil

    out = {}
    for op in ("add", "remove", "index"):
        home = tmp_path_factory.mktemp(op) / "home"
        shutil.copytree(seeds_built, home)
        from policykb.tui.cli import main

        assert main(["--home", str(home), *operation(op, tmp_path_factory.mktemp("f"))]) == 0
        out[op] = home
    return out


# The points each change passes: a remove copies and parses nothing, a re-index copies no source.
PASSES = {"add": POINTS, "remove": POINTS[2:], "index": POINTS[1:]}
CASES = [(op, point, how) for op, points in PASSES.items() for point in points for how in ("enospc", "exit")]


@pytest.mark.parametrize(("op", "point", "how"), CASES)
def test_a_change_failing_at_a_write_point(capsys, home: Path, seeds_built: Path, states: dict[str, Path],
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           op: str, point: str, how: str) -> None:
    args = operation(op, tmp_path)
    env = dict(os.environ, POLICYKB_FAULT=f"{point}:{how}")
    if how == "exit":  # killed: the process ends at once, nothing runs after
        proc = subprocess.run(policykb("--home", str(home), *args), cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 70, proc.stderr
    else:
        monkeypatch.setenv("POLICYKB_FAULT", f"{point}:{how}")
        code, out, err = run(capsys, home, *args)
        assert code == 1 and "磁盘已满" in err and "Traceback" not in err
        monkeypatch.delenv("POLICYKB_FAULT")
    switched = POINTS.index(point) >= POINTS.index("generation-switched")
    expected = meaning(capsys, states[op] if switched else seeds_built)
    assert meaning(capsys, home) == expected
    # The next writer sweeps whatever the failed one left.
    extra = tmp_path / "某县校规.txt"
    extra.write_text("某县校规\n一、学校应当每天开放图书馆。\n", encoding="utf-8")
    code, _, err = run(capsys, home, "add", str(extra))
    assert code == 0, err
    assert strays(home) == []
    # Only a killed add's own copy is kept aside (quarantine/: it might have been the only copy);
    # a change that failed and could clean up after itself leaves nothing there.
    import hashlib

    kept = {p.stem for p in (home / "quarantine").glob("*")} if (home / "quarantine").exists() else set()
    if kept:
        assert op == "add" and how == "exit", kept
        assert kept == {hashlib.sha256(Path(args[1]).read_bytes()).hexdigest()[:32]}
