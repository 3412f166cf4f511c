"""Faults and limits get a message naming the thing and the next step, never a traceback, and
leave the library as it was: a full disk, an unreadable folder, an oversized file or docx, a torn
history line, empty questions and counts below one."""

from __future__ import annotations

import errno
import json
import os
import zipfile
from pathlib import Path

import pytest
from conftest import run, snapshot


def test_an_empty_question_and_counts_below_one_are_refused(capsys, home: Path) -> None:
    code, out, err = run(capsys, home, "ask", "  ")
    assert code == 1 and out == "" and "问题是空的" in err
    for args in (("ask", "班主任", "--top", "0"), ("ask", "班主任", "--top", "-3"), ("search", "班主任", "--limit", "0"),
                 ("chat", "-", "--top", "x")):
        with pytest.raises(SystemExit) as exit_:
            run(capsys, home, *args)
        _, err = capsys.readouterr()
        assert exit_.value.code == 2 and "1 或更大的整数" in err, args


def test_a_full_disk_during_add_is_a_message_and_changes_nothing(capsys, home: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from policykb.indexer import changes as library  # where an add copies and walks

    before = snapshot(home)
    new = tmp_path / "某县课后服务实施方案.txt"
    new.write_text("某县课后服务实施方案\n一、要求\n1.学校应当每周开展5天课后服务。\n", encoding="utf-8")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(home / "documents" / new.name))

    monkeypatch.setattr(library.shutil, "copyfile", full)
    code, out, err = run(capsys, home, "add", str(new))
    assert code == 1 and "磁盘已满" in err and new.name in err and "Traceback" not in err
    assert snapshot(home) == before


def test_an_unreadable_sub_folder_refuses_the_whole_add(capsys, home: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "incoming"
    (folder / "locked").mkdir(parents=True)
    (folder / "某县课后服务实施方案.txt").write_text("某县课后服务实施方案\n一、学校应当开展课后服务。\n", encoding="utf-8")
    real = os.walk

    def walk(top, onerror=None, **kwargs):  # type: ignore[no-untyped-def]
        for folder_, dirs, names in real(top, onerror=onerror, **kwargs):
            if Path(folder_).name == "locked" and onerror:  # what os.walk does for a folder it cannot list
                onerror(PermissionError(errno.EACCES, "Permission denied", folder_))
                continue
            yield folder_, dirs, names

    from policykb.indexer import changes as library  # where an add copies and walks

    monkeypatch.setattr(library.os, "walk", walk)
    before = snapshot(home)
    code, out, err = run(capsys, home, "add", str(folder))
    assert code == 1 and "locked" in err and "没有添加任何文件" in err
    assert snapshot(home) == before


def test_oversized_files_and_docx_bombs_are_refused_before_reading(capsys, home: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_MAX_MB", "1")
    big = tmp_path / "某县大文件.txt"
    big.write_text("学校应当开展课后服务。\n" * 60_000, encoding="utf-8")  # ~1.9 MB
    bomb = tmp_path / "某县方案.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * 3_000_000 + "</w:document>")
    assert bomb.stat().st_size < 100_000
    before = snapshot(home)
    for path, words in ((big, "文件太大"), (bomb, "解压后")):
        code, out, err = run(capsys, home, "add", str(path))
        assert code == 1 and words in err and path.name in err and ("POLICYKB_MAX_MB" in err or "另存为" in err)
    assert snapshot(home) == before


def test_a_history_line_torn_inside_a_character_does_not_stop_the_app(home: Path) -> None:
    from policykb.indexer.conversation import Conversation
    from policykb.indexer.history import FILE, History
    from policykb.indexer.library import Library

    lib = Library.open(home)
    turn = Conversation(lib.current_engine, lib.current_catalog).ask("班主任工作量如何计算")
    History(home).append(turn)
    with open(home / FILE, "ab") as fh:
        fh.write('{"question": "班主任'.encode()[:-1])  # cut in the middle of 任
    History(home).append(turn)
    assert [t.question for t in History(home).load()] == ["班主任工作量如何计算"] * 2


def test_nul_bytes_after_the_start_are_stripped_and_reported(tmp_path: Path) -> None:
    from policykb.corpus.parse import parse_file
    from policykb.corpus.sanitize import CONTROLS

    path = tmp_path / "某县方案.txt"
    path.write_bytes(("某县方案\n" + "学校应当开展课后服务。\n" * 500).encode() + b"\x00\x00" + "学校应当公示。".encode())
    doc = parse_file(path)
    assert "\x00" not in doc.text and doc.report.stripped[CONTROLS] == 2 and "学校应当公示。" in doc.text



def _plan(tmp_path: Path, name: str, duty: str) -> Path:
    path = tmp_path / name
    path.write_text(f"某县校规\n一、要求\n1.{duty}\n", encoding="utf-8")
    return path


def test_names_that_look_alike_never_share_a_stored_file(capsys, home: Path, tmp_path: Path) -> None:
    duties = {"校规-2024.txt": "学校应当每天开放图书馆。", "校规:2024.txt": "学校应当每周召开班会。",
              "校规|2024.txt": "学校应当每月检查食堂。"}
    files = [_plan(tmp_path, name, duty) for name, duty in duties.items()]
    code, out, err = run(capsys, home, "add", *map(str, files))
    assert code == 0, err
    for name, duty in duties.items():
        code, out, err = run(capsys, home, "doc", Path(name).stem, "--json")
        assert code == 0 and duty in json.loads(out)["clauses"][-1]["text"], (name, err)
    code, _, err = run(capsys, home, "remove", "校规:2024")
    assert code == 0, err
    for args in (("docs",), ("index", "--rebuild"), ("doc", "校规|2024")):
        code, out, err = run(capsys, home, *args)
        assert code == 0, (args, err)
    assert "学校应当每月检查食堂。" in out


def _damage(db: Path, how: str) -> None:
    data = db.read_bytes()
    if how == "garbage":
        db.write_bytes(b"\x8f\x00garbage" * 64)
    elif how == "empty":
        db.write_bytes(b"")
    elif how == "truncated":
        db.write_bytes(data[:len(data) // 3])
    else:  # pages in the middle overwritten
        middle = len(data) // 2
        db.write_bytes(data[:middle] + b"\xff" * 16384 + data[middle + 16384:])


@pytest.mark.parametrize("how", ["garbage", "empty", "truncated", "pages"])
def test_a_damaged_store_is_a_message_then_rebuilt_from_the_stored_sources(capsys, home: Path, tmp_path: Path,
                                                                           how: str) -> None:
    extra = _plan(tmp_path, "某县校规.txt", "学校应当每天开放图书馆。")
    run(capsys, home, "add", str(extra))
    from policykb.indexer.library import Library

    Library(home).close()  # fold the log into the file, as at the end of a command
    code, out, _ = run(capsys, home, "docs", "--json")
    before = sorted(r["doc_id"] for r in json.loads(out))
    _damage(home / "library.db", how)
    for args in (["docs"], ["ask", "图书馆多久开放一次"], ["requirements", "--json"], ["check"]):
        code, out, err = run(capsys, home, *args)
        assert "Traceback" not in err and code in (0, 1), (args, err)
        if code == 1:
            assert "policykb index --rebuild" in err + out, (args, err, out)
    code, out, err = run(capsys, home, "index", "--rebuild")
    assert code == 0, err
    assert list(home.glob("library.db.damaged-*"))  # kept, never deleted
    code, out, _ = run(capsys, home, "docs", "--json")
    assert sorted(r["doc_id"] for r in json.loads(out)) == before
    code, out, _ = run(capsys, home, "ask", "图书馆多久开放一次", "--json")
    assert "学校应当每天开放图书馆" in (json.loads(out)["answer"] or "")


def test_a_missing_store_never_builds_over_the_documents(capsys, home: Path) -> None:
    code, out, _ = run(capsys, home, "docs", "--json")
    before = sorted(r["doc_id"] for r in json.loads(out))
    (home / "library.db").unlink()
    code, out, err = run(capsys, home, "ask", "班主任工作量如何计算")
    assert code == 1 and "documents/" in err and "policykb index --rebuild" in err
    code, out, err = run(capsys, home, "index", "--rebuild")
    assert code == 0, err
    code, out, _ = run(capsys, home, "docs", "--json")
    assert sorted(r["doc_id"] for r in json.loads(out)) == before


def test_a_killed_add_leaves_nothing_after_the_next_change(capsys, home: Path, tmp_path: Path) -> None:
    import subprocess
    import time

    from conftest import policykb

    from policykb.indexer.library import Library

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        _plan(folder, f"某县第{n}号方案.txt", f"学校应当每周开展{n + 1}次活动。")
    before = snapshot(home)
    proc = subprocess.Popen(policykb("--home", str(home), "add", str(folder)), cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = len(list((home / "documents").glob("*")))
    while len(list((home / "documents").glob("*"))) <= stored + 3 and time.monotonic() < deadline:
        time.sleep(0.002)  # until some of the copies are written: the add is under way
    proc.kill()
    proc.wait()
    killed = snapshot(home)
    assert len(Library(home).documents()) == 5  # the add did not happen
    assert len([n for n in killed if n.startswith("documents/")]) > len([n for n in before if n.startswith("documents/")])
    extra = _plan(tmp_path, "某县校规.txt", "学校应当每天开放图书馆。")
    code, _, err = run(capsys, home, "add", str(extra))  # the next writer sweeps what the killed one left
    assert code == 0, err
    after = snapshot(home)
    strays = [name for name in after if name not in before
              and not name.startswith(("index-", "library.db", "quarantine/"))]
    assert len(strays) == 2, strays  # the new document's source and the name kept beside it, nothing else
    assert len([n for n in after if n.startswith("index-") and n.endswith("policykb-index.json")]) == 1
    # What the killed add had copied is kept aside, not deleted (it could have been the only copy) …
    import hashlib

    ours = {hashlib.sha256(p.read_bytes()).hexdigest()[:32] for p in folder.iterdir()}
    kept = [name for name in after if name.startswith("quarantine/") and not name.endswith(".json")]
    assert kept and {Path(n).stem for n in kept} <= ours
    code, out, _ = run(capsys, home, "check")
    assert code == 0 and "隔离区" in out and f"{len(kept)} 个原件" in out
    # … and adding the folder again takes it all in; the quarantine empties
    code, out, err = run(capsys, home, "add", str(folder))
    assert code == 0 and out.count("已添加") == 40, err
    assert not any((home / "quarantine").iterdir())


def test_readers_never_see_a_half_done_remove(home: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from policykb.indexer.library import Library

    plans = [_plan(tmp_path, f"某县第{n}号方案.txt", f"学校应当每周开展{n + 1}次活动。") for n in range(12)]
    Library.open(home).add(plans)
    script = ("import sys\nfrom pathlib import Path\nfrom policykb.indexer.library import Library\n"
              "lib = Library(Path(sys.argv[1]))\n"
              "for n in range(12):\n    lib.remove(f'某县第{n}号方案')\n")
    writer = subprocess.Popen([sys.executable, "-c", script, str(home)], cwd=tmp_path)
    counts = set()
    while writer.poll() is None:
        counts.add(len(Library(home).documents()))  # a fresh reader each time, as `policykb docs` is
    assert writer.returncode == 0
    assert len(Library(home).documents()) == 5 and counts <= set(range(5, 18))


def test_a_file_name_near_the_file_system_limit_is_added(capsys, home: Path, tmp_path: Path) -> None:
    name = "某县" + "义务教育学校管理" * 9 + "工作实施方案.txt"  # 244 bytes of UTF-8
    assert 240 < len(name.encode()) <= 255
    path = _plan(tmp_path, name, "学校应当每天开放图书馆。")
    code, out, err = run(capsys, home, "add", str(path))
    assert code == 0, err
    code, out, err = run(capsys, home, "doc", Path(name).stem, "--json")
    assert code == 0 and "学校应当每天开放图书馆" in out


def test_check_says_what_is_wrong_and_how_to_mend_it(capsys, home: Path) -> None:
    import sqlite3

    code, out, err = run(capsys, home, "check")
    assert code == 0 and "文库完好" in out and "5 份文档" in out
    from policykb.indexer.library import Library

    lib = Library.open(home)
    first, second = lib.store.stored()[:2]
    lib.close()
    (home / "documents" / first.file).write_bytes(b"changed")
    with sqlite3.connect(home / "library.db") as db:  # one document's parse damaged inside the store
        db.execute("UPDATE documents SET body = x'00' WHERE doc_id = ?", (second.doc_id,))
    code, out, err = run(capsys, home, "check")
    assert code == 1 and "2 处问题" in out and first.doc_id in out and second.doc_id in out
    assert "policykb index --rebuild" in out
    (home / "library.db").write_bytes(b"\x00" * 100)
    code, out, err = run(capsys, home, "check")
    assert code == 1 and "library.db" in out and "policykb index --rebuild" in out


def test_sources_a_lost_record_forgot_are_kept_and_taken_back(capsys, home: Path, tmp_path: Path) -> None:
    """A finished add whose record was lost (a damaged or rolled-back library.db): the next write
    deleted the sources the database no longer knew — the only copies. They go to quarantine, check
    says so, and `index --rebuild` takes them back under their ids."""
    import shutil

    run(capsys, home, "docs")
    saved = tmp_path / "saved.db"
    shutil.copy2(home / "library.db", saved)
    plans = tmp_path / "plans"
    plans.mkdir()
    for n in range(3):
        _plan(plans, f"某县第{n}号方案.txt", f"学校应当每周开展{n + 1}次活动。")
    assert run(capsys, home, "add", str(plans))[0] == 0
    for p in plans.iterdir():
        p.unlink()  # the user's own files are gone too: the library's copies are the only ones
    shutil.copy2(saved, home / "library.db")  # the record of that add is lost
    for side in ("library.db-wal", "library.db-shm"):
        (home / side).unlink(missing_ok=True)
    assert run(capsys, home, "add", str(_plan(tmp_path, "某县校规.txt", "学校应当每天开放图书馆。")))[0] == 0
    assert len(list((home / "quarantine").glob("*.txt"))) == 3  # kept, not deleted
    code, out, _ = run(capsys, home, "check")
    assert "隔离区" in out and "3 个原件" in out and "index --rebuild" in out
    code, out, err = run(capsys, home, "index", "--rebuild")
    assert code == 0 and err.count("从隔离区收回") == 3, err
    code, out, _ = run(capsys, home, "docs", "--json")
    ids = {r["doc_id"] for r in json.loads(out)}
    assert {f"某县第{n}号方案" for n in range(3)} <= ids and len(ids) == 9
    assert not list((home / "quarantine").glob("*.txt"))
    code, out, _ = run(capsys, home, "check")
    assert code == 0 and "隔离区" not in out


def test_a_lost_source_keeps_its_document_and_is_given_back_by_adding_it(capsys, home: Path, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "某县课后服务方案.txt", "学校应当每周开展5天课后服务。")
    assert run(capsys, home, "add", str(plan))[0] == 0
    from policykb.indexer.library import Library

    lib = Library(home)
    entry = next(s for s in lib.store.stored() if s.doc_id == "某县课后服务方案")
    lib.close()
    (home / "documents" / entry.file).unlink()
    code, out, _ = run(capsys, home, "check")
    assert code == 1 and "不见了" in out and f"policykb add {plan}" in out
    assert f"修复：运行 `policykb add '{plan}'`" in out  # the mend that works, not a rebuild (it cannot)
    code, out, err = run(capsys, home, "index", "--rebuild")  # rebuilds what it can, keeps the document
    assert code == 0 and "某县课后服务方案" in err and f"policykb add {plan}" in err, err
    code, out, _ = run(capsys, home, "ask", "课后服务每周几天", "--json")
    assert "5天" in (json.loads(out)["answer"] or "")
    code, out, err = run(capsys, home, "add", str(plan))
    assert code == 0 and "已用这个文件补回" in err and "跳过" not in err
    assert (home / "documents" / entry.file).read_bytes() == plan.read_bytes()
    code, out, _ = run(capsys, home, "check")
    assert code == 0, out


def test_a_removed_documents_source_is_deleted_not_kept(capsys, home: Path, tmp_path: Path) -> None:
    plan = _plan(tmp_path, "某县课后服务方案.txt", "学校应当每周开展5天课后服务。")
    assert run(capsys, home, "add", str(plan))[0] == 0
    before = set((home / "documents").iterdir())
    assert run(capsys, home, "remove", "某县课后服务方案")[0] == 0
    assert len(before - set((home / "documents").iterdir())) == 2  # its source and its name file
    assert not (home / "quarantine").exists()


def test_a_reader_keeps_reading_the_generation_it_opened(capsys, home: Path, tmp_path: Path) -> None:
    """A reader that opened the index before a writer switched and swept it keeps answering from
    what it opened (11 of 50 asks failed when an add finished mid-question: Whoosh opened a segment's
    columns only when first asked, after the sweep had taken the folder)."""
    from policykb.indexer.library import Library

    reader = Library.open(home)
    engine = reader.engine()
    old = engine.index.path
    writer = Library.open(home)
    writer.add([_plan(tmp_path, "某县校规.txt", "学校应当每天开放图书馆。")])
    writer.remove("某县校规")
    writer.close()
    assert not old.exists()  # the generation the reader opened is swept away
    result = engine.ask("班主任工作量如何计算")
    assert "二分之一" in (result.answer or "") and result.citations
    assert engine.search("课后服务")
    reader.close()


def test_questions_asked_while_a_writer_adds_and_removes_are_all_answered(capsys, home: Path,
                                                                          tmp_path: Path) -> None:
    """The everyday case of a served library: a curator adds and removes while people ask. Every
    question gets its answer, none an error, however the switches and sweeps fall."""
    import subprocess
    import sys
    import time

    plans = [_plan(tmp_path, f"某县第{n}号方案.txt", f"学校应当每周开展{n + 1}次活动。") for n in range(6)]
    script = ("import sys\nfrom pathlib import Path\nfrom policykb.indexer.library import Library\n"
              "lib = Library(Path(sys.argv[1]))\n"
              "for p in sys.argv[2:]:\n    lib.add([Path(p)])\n"
              "for p in sys.argv[2:]:\n    lib.remove(Path(p).stem)\n")
    writer = subprocess.Popen([sys.executable, "-c", script, str(home), *map(str, plans)], cwd=tmp_path)
    asked = 0
    deadline = time.monotonic() + 300
    while writer.poll() is None and time.monotonic() < deadline:
        code, out, err = run(capsys, home, "ask", "班主任工作量如何计算", "--json")
        assert code == 0 and "Traceback" not in err, err
        assert "二分之一" in (json.loads(out)["answer"] or "")
        asked += 1
    assert writer.wait(60) == 0 and asked >= 3


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A tmpfs to fill: returns a function mounting one of `size` KB (unmounted after the test)."""
    import shutil
    import subprocess

    mounted: list[Path] = []

    def mount(size_kb: int) -> Path:
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(point)],
                              capture_output=True, text=True)
        if proc.returncode != 0 or shutil.which("mount") is None:
            pytest.skip(f"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {proc.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _used_kb(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 1024


def test_a_full_disk_while_the_index_is_written_is_a_message(capsys, home: Path, small_disk) -> None:
    """On a disk with room for the library but not for a new index (Whoosh's own writes fill it):
    the disk-full message naming the home — not 'unexpected error (writing.py)', not a writer
    'closed' error hiding the cause — and the library as it was."""
    import shutil

    run(capsys, home, "docs")
    failed = 0
    for spare_kb in (150, 300, 500, 800):
        disk = small_disk(_used_kb(home) + spare_kb)
        lib = shutil.copytree(home, disk / "home")
        before = snapshot(lib)
        code, out, err = run(capsys, lib, "index", "--rebuild")
        if code == 0:
            continue  # it fitted
        failed += 1
        assert code == 1 and "磁盘已满" in err and str(lib) in err and "文库保持原样" in err, err
        assert "意外" not in err and "Traceback" not in err
        assert snapshot(lib) == before
        code, out, err = run(capsys, lib, "ask", "班主任工作量如何计算", "--json")
        assert code == 0 and "二分之一" in (json.loads(out)["answer"] or "")
    assert failed


def test_a_full_disk_while_adding_is_a_message(capsys, home: Path, tmp_path: Path, small_disk) -> None:
    import shutil

    run(capsys, home, "docs")
    big = tmp_path / "某县学校管理细则.txt"
    big.write_text("某县学校管理细则\n" + "".join(f"{n}.学校应当每学期第{n}周组织第{n}次安全检查和演练。\n"
                                               for n in range(1, 4000)), encoding="utf-8")
    failed = 0
    for spare in (200, 600, 1200):
        disk = small_disk(_used_kb(home) + spare + big.stat().st_size // 1024)
        lib = shutil.copytree(home, disk / "home")
        before = snapshot(lib)
        code, out, err = run(capsys, lib, "add", str(big))
        if code == 0:
            continue
        failed += 1
        assert code == 1 and "磁盘已满" in err and str(lib) in err and "意外" not in err, err
        assert _content(snapshot(lib)) == _content(before)
    assert failed


def _content(files: dict[str, bytes]) -> dict[str, bytes]:
    """A snapshot less the staging table's id counter (an add staged and taken back moves it on)."""
    import re

    return {name: re.sub(rb"INSERT INTO \"sqlite_sequence\" VALUES\('staged',\d+\);", b"", data)
            for name, data in files.items()}


def test_a_read_only_home_answers_and_says_why_it_cannot_change(capsys, home: Path, small_disk) -> None:
    """A home on a read-only mount (or another user's): ask, docs, checklists and check work; a
    change is refused as 没有写权限-like, naming what to make writable — not '已损坏 … index
    --rebuild', which could not help."""
    import shutil
    import subprocess

    run(capsys, home, "docs")
    disk = small_disk(_used_kb(home) + 2000)
    lib = shutil.copytree(home, disk / "home")
    (lib / "library.db-wal").unlink(missing_ok=True)
    (lib / "library.db-shm").unlink(missing_ok=True)
    proc = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {proc.stderr.strip()}")
    for args in (("docs",), ("ask", "班主任工作量如何计算"), ("checklist", "--school-type", "小学", "--format", "md"),
                 ("check",)):
        code, out, err = run(capsys, lib, *args)
        assert code == 0 and out and "损坏" not in out + err, (args, err)
    for args in (("add", str(home / "documents")), ("remove", "“公办强校”简报"), ("index", "--rebuild")):
        code, out, err = run(capsys, lib, *args)
        assert code == 1 and "不可写" in err and str(lib) in err and "library.db" in err, (args, err)
        assert "损坏" not in err and "意外" not in err


def test_damage_is_one_line_a_problem(capsys, home: Path) -> None:
    """A damaged row is one line naming the file, not hundreds of bytes of it; check sums up
    SQLite's integrity dump in one line."""
    import sqlite3

    run(capsys, home, "docs")
    with sqlite3.connect(home / "library.db") as db:
        db.execute("UPDATE documents SET head = ? WHERE seq = (SELECT min(seq) FROM documents)",
                   ("{\"title\": \"" + "\x01乱码" * 200,))
    code, out, err = run(capsys, home, "docs")
    assert code == 1 and "library.db" in err and "乱码" not in err and len(err) < 400, err


def test_reading_a_home_one_may_not_write_leaves_no_wal_files(capsys, home: Path, monkeypatch) -> None:
    """Opened for reading where the process may not write library.db, SQLite must not create
    -wal/-shm files: made read-only like the file, they blocked every write after the user had
    mended library.db's permissions."""
    from policykb.indexer.store import Store

    run(capsys, home, "docs")
    for side in ("library.db-wal", "library.db-shm"):
        (home / side).unlink(missing_ok=True)
    monkeypatch.setattr(Store, "writable", lambda self: False)  # as a user without write permission
    code, out, err = run(capsys, home, "ask", "班主任工作量如何计算", "--json")
    assert code == 0 and "二分之一" in (json.loads(out)["answer"] or ""), err
    assert not (home / "library.db-wal").exists() and not (home / "library.db-shm").exists()
