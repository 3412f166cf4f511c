"""The command-line contract (DESIGN.md §3): docs, doc, show, add, remove, index; errors on stderr."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import LAWS, copy_home, policykb, run, snapshot

BIJIE = "毕节市深化教育教学改革提高义务教育质量实施方案（征求意见稿）"


def test_first_use_creates_the_library_with_the_bundled_documents(capsys, bundled_built: Path,
                                                                  tmp_path: Path) -> None:
    home = copy_home(bundled_built, tmp_path)
    code, out, err = run(capsys, home, "docs", "--json")
    assert code == 0, err
    rows = {r["doc_id"]: r for r in json.loads(out)}
    assert len(rows) == 87  # the five plans and briefings and the 82 education laws
    assert rows[BIJIE]["status"] == "征求意见稿" and rows[BIJIE]["kind"] == "实施方案" and rows[BIJIE]["clauses"] == 38
    assert rows["未成年人保护法(2020-10-17)"]["superseded_by"] == "未成年人保护法(2024-04-26)"
    assert rows["未成年人保护法(2020-10-17)"]["status"] == "已被修订"
    assert rows["教师法(2009-08-27)"]["kind"] == "法律" and rows["学校卫生工作条例(1990-06-04)"]["kind"] == "行政法规"
    code, out, _ = run(capsys, home, "docs")
    assert code == 0 and "共 87 份文档" in out and "征求意见稿" in out
    code, out, _ = run(capsys, home, "ask", "教师的平均工资水平应当不低于什么", "--json")
    result = json.loads(out)  # the laws answer out of the box
    assert code == 0 and "不低于当地公务员的平均工资水平" in (result["answer"] or "")
    assert result["citations"][0]["doc_title"] == "中华人民共和国义务教育法"
    top = result["citations"][0]  # the path is the id; the label is how a reader cites it
    assert top["path"].startswith("第") and "/" in top["path"] and top["label"].startswith("第") and "/" not in top["label"]


def test_docs_shows_every_id_whole_at_any_width(capsys, bundled_built: Path, monkeypatch) -> None:
    """A person copies an id from `docs` into show, doc or diff: never cut, piped or on a terminal."""
    from policykb.tui import output

    code, out, _ = run(capsys, bundled_built, "docs", "--json")
    ids = [r["doc_id"] for r in json.loads(out)]
    longest = max(output.width(i) for i in ids)
    assert longest > 60  # the bundled library has ids longer than the old 30-column cut
    for columns in (None, 80, 120, 250):
        monkeypatch.setattr(output, "terminal_columns", lambda c=columns: c)
        code, out, _ = run(capsys, bundled_built, "docs")
        lines = out.splitlines()
        assert code == 0 and "…" not in out, columns
        assert all(any(line.startswith(i + " ") or line == i for line in lines) for i in ids), columns
        if columns is not None:
            assert max(output.width(line) for line in lines) <= columns, columns
        else:  # piped: one line a document, nothing wrapped
            assert not any(line.startswith(" ") for line in lines)


def test_a_wrapped_table_wraps_only_its_last_column() -> None:
    from policykb.tui.output import fold, wrapped_table

    assert fold("一二三四五", 4) == ["一二", "三四", "五"] and fold("", 4) == [""]
    text = wrapped_table(["ID", "标题"], [["a-long-id", "中华人民共和国义务教育法"]], 30)
    assert text.splitlines() == ["ID         标题", "---------  -------------------",
                                 "a-long-id  中华人民共和国义务", "           教育法"]
    records = wrapped_table(["ID", "类别", "标题"], [["甲" * 30, "法律", "甲" * 30]], 40)
    assert records.splitlines() == ["甲" * 30, "    类别 法律"]


def test_doc_json_has_the_flat_clause_list(capsys, home: Path) -> None:
    code, out, _ = run(capsys, home, "doc", BIJIE, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["title"] == BIJIE
    clause = next(c for c in data["clauses"] if c["path"] == "二/（三）/13")
    assert clause["clause_id"] == f"{BIJIE}/二/（三）/13" and clause["parent_id"] == f"{BIJIE}/二/（三）"
    assert set(clause) >= {"clause_id", "parent_id", "path", "level", "heading", "text"}
    assert data["report"]["removed"]


def test_doc_report_lists_removals_and_repairs(capsys, home: Path) -> None:
    code, out, _ = run(capsys, home, "doc", "大兴安岭地区教育发展“三大工程”实施方案", "--report")
    assert code == 0
    assert "阅读器页码" in out and "OCR 把 “1.” 识别为字母" in out and "校长听⏎3、课评课制" in out and "'提升工程1.提高学校'" in out


def test_show_accepts_half_width_brackets(capsys, home: Path) -> None:
    code, out, _ = run(capsys, home, "show", f"{BIJIE}/二/(三)/13", "--json")
    assert code == 0
    data = json.loads(out)
    assert "二分之一计算" in data["text"] and [c["path"] for c in data["breadcrumb"]] == ["二", "二/（三）"]


def test_unknown_document_and_clause_fail_with_a_hint(capsys, home: Path) -> None:
    code, out, err = run(capsys, home, "doc", "毕节市深化教育教学改革")  # a loose name, as show and --doc take it
    assert code == 0 and out.startswith("毕节市深化教育教学改革提高义务教育质量实施方案")
    code, out, err = run(capsys, home, "doc", "毕节市深化教育教学改革方案x")
    assert code == 1 and out == "" and "是不是" in err and BIJIE in err
    code, out, err = run(capsys, home, "show", f"{BIJIE}/九/99")
    assert code == 1 and out == "" and "policykb doc" in err


def test_add_remove_and_duplicates(capsys, home: Path, tmp_path: Path) -> None:
    run(capsys, home, "docs")
    folder = tmp_path / "new"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "某县课后服务实施方案.txt").write_text(
        "某县课后服务实施方案\n一、服务时间\n课后服务每周5天。\n", encoding="utf-8")
    (folder / "notes.jpg").write_bytes(b"\xff\xd8")
    code, out, err = run(capsys, home, "add", str(folder))
    assert code == 0 and "已添加 某县课后服务实施方案" in out and "notes.jpg" in err
    code, out, err = run(capsys, home, "add", str(folder / "sub" / "某县课后服务实施方案.txt"))
    assert code == 0 and "文库里已经有了" in err
    code, out, _ = run(capsys, home, "docs", "--json")
    assert len(json.loads(out)) == 6
    code, out, _ = run(capsys, home, "remove", "某县课后服务实施方案")
    assert code == 0
    code, out, _ = run(capsys, home, "docs", "--json")
    assert len(json.loads(out)) == 5


@pytest.mark.parametrize("bad", ["empty.txt", "binary.txt", "table.xlsx", "missing.txt"])
def test_a_bad_file_fails_by_name_and_changes_nothing(capsys, home: Path, tmp_path: Path, bad: str) -> None:
    run(capsys, home, "docs")
    before = snapshot(home)
    good = tmp_path / "好文件实施方案.txt"
    good.write_text("好文件实施方案\n一、要求\n学校要开展活动。", encoding="utf-8")
    content = {"empty.txt": b"", "binary.txt": b"\x00\x01" * 100, "table.xlsx": b"PK\x03\x04"}
    if bad in content:
        (tmp_path / bad).write_bytes(content[bad])
    code, out, err = run(capsys, home, "add", str(good), str(tmp_path / bad))
    assert code == 1 and bad in err and out == ""
    assert snapshot(home) == before


def test_index_reparses_and_keeps_ids(capsys, home: Path) -> None:
    code, out, _ = run(capsys, home, "doc", BIJIE, "--json")
    first = [c["clause_id"] for c in json.loads(out)["clauses"]]
    code, out, _ = run(capsys, home, "index", "--rebuild")
    assert code == 0 and "已重新索引 5 份文档" in out
    code, out, _ = run(capsys, home, "doc", BIJIE, "--json")
    assert [c["clause_id"] for c in json.loads(out)["clauses"]] == first


def test_failed_index_leaves_the_library_usable(capsys, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, home, "docs")
    before = snapshot(home)
    import policykb.indexer.changes as library  # where the re-index reads each source

    calls = {"n": 0}
    real = library.parse

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(library, "parse", flaky)
    code, _, err = run(capsys, home, "index", "--rebuild")
    assert code == 130 and "文库保持原样" in err
    assert snapshot(home) == before
    monkeypatch.setattr(library, "parse", real)
    code, out, _ = run(capsys, home, "docs", "--json")
    assert code == 0 and len(json.loads(out)) == 5


def test_reindexing_keeps_the_kind_a_law_folder_gives(capsys, home: Path) -> None:
    law = LAWS / "行政法规" / "学校卫生工作条例(1990-06-04).md"
    code, out, err = run(capsys, home, "add", str(law))
    assert code == 0, err
    for _ in range(2):  # as added, then parsed again from the library's own copy
        code, out, _ = run(capsys, home, "doc", "学校卫生工作条例(1990-06-04)", "--json")
        assert json.loads(out)["kind"] == "行政法规"
        run(capsys, home, "index", "--rebuild")


def test_installed_entry_point_runs_with_errors_on_stderr(tmp_path: Path, seeds_built: Path) -> None:
    env = dict(os.environ, POLICYKB_HOME=str(seeds_built))
    proc = subprocess.run(policykb("doc", "no-such-doc"), capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == "" and "没有文档“no-such-doc”" in proc.stderr


def test_clipping_counts_columns_not_characters() -> None:
    from policykb.tui.output import clip, width

    assert clip("abcdef", 6) == "abcdef" and clip("abcdefg", 6) == "abcde…"
    assert clip("中文中文", 8) == "中文中文" and clip("中文中文a", 8) == "中文中…"
    assert clip("中中", 3) == "中…" and clip("a中", 2) == "a…"
    long = "班主任工作量按当地教师标准课时工作量的二分之一计算" * 400
    assert width(clip(long, 120)) == 119 and clip(long, 120).endswith("…")


def test_a_command_leaves_no_reader_behind_even_when_its_output_breaks(capsys, tmp_path: Path, seeds_built: Path,
                                                                         monkeypatch) -> None:
    import shutil
    import sqlite3

    from policykb.tui import requirement_commands
    from policykb.tui.cli import main

    home = tmp_path / "home"
    shutil.copytree(seeds_built, home)

    def broken(parts) -> None:  # type: ignore[no-untyped-def]
        next(iter(parts))
        raise BrokenPipeError

    monkeypatch.setattr(requirement_commands, "_chunked", broken)
    for args in (["requirements", "--json"], ["requirements"]):
        assert main(["--home", str(home), *args]) == 0
        writer = sqlite3.connect(home / "library.db", timeout=0)
        writer.execute("BEGIN EXCLUSIVE")  # "database is locked" if a reader were left open
        writer.rollback()
        writer.close()


def test_a_rebuild_labels_each_phase_to_the_end(home: Path) -> None:
    """The bar names each phase, and the last stretch (commit and switch) is not left under the last
    document's name (issue 16: 99–100 % for 10 s with a stale label)."""
    from policykb.indexer.library import Library

    seen: list[tuple[int, int, str]] = []
    lib = Library.open(home)
    try:
        lib.index(progress=lambda done, total, item: seen.append((done, total, item)))
    finally:
        lib.close()
    phases = [item.split("：")[0] for _, _, item in seen]
    assert {"读取", "建立索引", "提取要求"} <= set(phases)
    at_end = [item for done, total, item in seen if done == total]
    assert at_end[0] == "保存并整理文库…" and at_end[-1] == "完成"
