"""The library store (DESIGN.md §8): a home made by the previous release is migrated once, keeping
every document and override; an add of many files that is interrupted keeps its finished batches
and the next add finishes it; index generations share files without changing each other; the
catalog that reads only the rows it needs answers exactly what the whole catalog answers."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import ROOT, policykb, run

from policykb.indexer import changes as library_module
from policykb.indexer import faults
from policykb.indexer.library import Library
from policykb.kb.catalog import Catalog

OLD_HOME = ROOT / "tests" / "data" / "home-0.2.0.tar.gz"  # made by policykb 0.2.0 (3 seeds, one override)


def old_home(tmp_path: Path) -> Path:
    with tarfile.open(OLD_HOME) as tar:
        tar.extractall(tmp_path, filter="data")
    return tmp_path / "home"


def test_a_home_of_the_previous_release_is_migrated_once_keeping_documents_and_overrides(capsys,
                                                                                        tmp_path: Path) -> None:
    home = old_home(tmp_path)
    manifest = json.loads((home / "library.json").read_text(encoding="utf-8"))
    overridden = next(iter(json.loads((home / "overrides.json").read_text(encoding="utf-8"))["requirements"]))
    code, out, err = run(capsys, home, "docs", "--json")
    assert code == 0, err
    assert "文库已升级" in err and "3 份文档" in err and "1 条人工修正" in err
    assert [d["doc_id"] for d in json.loads(out)] == [e["doc_id"] for e in manifest["documents"]]
    code, out, err = run(capsys, home, "requirements", "--json")
    req = next(r for r in json.loads(out) if r["req_id"] == overridden)
    assert req["modality"] == "encouraged" and req["reviewed"] is True
    left = sorted(p.name for p in home.iterdir())
    assert not any(n == "library.json" or n.startswith(("parsed", "catalog-")) for n in left), left
    assert "overrides.json.bak" in left and "library.db" in left
    code, out, err = run(capsys, home, "ask", "班主任工作量如何计算", "--json")
    assert code == 0 and "文库已升级" not in err  # once
    code, out, err = run(capsys, home, "check")
    assert code == 0 and "3 份文档" in out


def test_a_migration_killed_half_way_is_done_again_at_the_next_start(capsys, tmp_path: Path) -> None:
    home = old_home(tmp_path)
    env = dict(os.environ, POLICYKB_FAULT="catalog-written:exit")
    proc = subprocess.run(policykb("--home", str(home), "docs"), cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 70, proc.stderr
    assert (home / "library.json").exists() and not (home / "library.db").exists()
    code, out, err = run(capsys, home, "docs", "--json")
    assert code == 0 and len(json.loads(out)) == 3 and "文库已升级" in err


def _plans(folder: Path, count: int, prefix: str = "某县第") -> list[Path]:
    folder.mkdir(exist_ok=True)
    out = []
    for n in range(count):
        path = folder / f"{prefix}{n}号方案.txt"
        path.write_text(f"{prefix}{n}号方案\n一、学校应当每周开展{n + 1}次阅读活动。\n", encoding="utf-8")
        out.append(path)
    return out


def test_an_interrupted_add_keeps_its_finished_batches_and_the_next_add_finishes_it(
        capsys, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "BATCH", 2)
    real = faults.point
    seen = []

    def second_batch_killed(name: str) -> None:
        seen.append(name)
        if name == "index-built" and seen.count(name) == 2:
            raise KeyboardInterrupt
        real(name)

    monkeypatch.setattr(faults, "point", second_batch_killed)
    plans = _plans(tmp_path / "plans", 5)
    code, _, err = run(capsys, home, "add", str(tmp_path / "plans"))
    assert code == 130
    monkeypatch.setattr(faults, "point", real)
    lib = Library(home)
    assert len(lib.documents()) == 5 + 2  # the first batch is in
    assert len(lib.store.staged()) == 3  # the rest waits
    code, out, _ = run(capsys, home, "check")
    assert code == 0 and "下次 `policykb add` 时会继续" in out
    extra = _plans(tmp_path / "more", 1, prefix="某区第")
    code, out, err = run(capsys, home, "add", str(extra[0]))
    assert code == 0 and "继续完成了上次中断的添加（3 份文件）" in err
    code, out, _ = run(capsys, home, "docs", "--json")
    ids = {d["doc_id"] for d in json.loads(out)}
    assert {p.stem for p in plans} | {"某区第0号方案"} <= ids and len(ids) == 11
    code, out, _ = run(capsys, home, "search", "第4号方案 阅读活动", "--json")
    assert any(h["doc_id"] == "某县第4号方案" for h in json.loads(out))


def test_a_new_index_generation_leaves_the_one_it_was_made_from_unchanged(home: Path, tmp_path: Path) -> None:
    from policykb.corpus.parse import parse_file
    from policykb.indexer import index as clause_index

    lib = Library.open(home)
    current = lib.index_dir()
    assert current is not None
    before = {p.name: p.read_bytes() for p in current.iterdir()}
    doc = parse_file(_plans(tmp_path / "p", 1)[0])
    heads = [*lib.documents(), doc.head()]
    fresh = tmp_path / "next"
    clause_index.update(current, fresh, [clause_index.prepare(doc, lib.analyzer())], 1, ["“公办强校”简报"], clause_index.docs_meta(heads), lib.analyzer())
    assert {p.name: p.read_bytes() for p in current.iterdir()} == before
    old = clause_index.ClauseIndex(current, lib.analyzer())
    new = clause_index.ClauseIndex(fresh, lib.analyzer())
    assert new.size == old.size - len(lib.document("“公办强校”简报").clauses) + len(doc.clauses)
    old.close()
    new.close()


def test_the_stored_catalog_answers_what_the_whole_catalog_answers(capsys, home: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from policykb.indexer import stored_catalog

    monkeypatch.setattr(stored_catalog, "CHUNK", 7)  # listings stream: many chunks, overrides among them
    code, out, _ = run(capsys, home, "requirements", "--json")
    reqs = json.loads(out)
    moved = next(r for r in reqs if "初中" in r["school_types"])
    run(capsys, home, "review", moved["req_id"], "--school-types", "高中", "--actors", "家长")
    dropped = next(r for r in reqs if r["req_id"] != moved["req_id"])
    run(capsys, home, "review", dropped["req_id"], "--exclude")
    lib = Library.open(home)
    stored = lib.current_catalog()
    whole = Catalog(stored.requirements, stored.docs, stored.groups)
    for kind in ("小学", "初中", "普通高中", "幼儿园"):
        for others in (False, True):
            for topic in (None, "班主任", "安全"):
                for modality in (None, "must"):
                    args = {"school_type": kind, "others": others, "topic": topic, "modality": modality,
                            "attributes": ("公办",)}
                    assert [r.req_id for r in stored.select(**args)] == [r.req_id for r in whole.select(**args)]
    assert any(r.req_id == moved["req_id"] for r in stored.select(school_type="普通高中", others=True))
    assert not any(r.req_id == moved["req_id"] for r in stored.select(school_type="初中", others=True))
    assert not any(r.req_id == dropped["req_id"] for r in stored.select())
    clause = moved["clause_id"]
    assert [r.req_id for r in stored.for_clauses([clause])] == [r.req_id for r in whole.for_clauses([clause])]
    # `requirements --json` streams the stored rows: the same objects as the validated path
    from policykb.tui.requirement_commands import requirement_row

    for args in ({}, {"school_type": "初中"}, {"school_type": "普通高中"}, {"topic": "班主任"}, {"modality": "must"}):
        streamed = [json.loads(row) for row in stored.select_json(**args)]
        assert streamed == [requirement_row(r, stored) for r in stored.select(**args)], args


def test_documents_prepared_in_a_worker_process_are_added_as_in_process(capsys, home: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from policykb.indexer import prepare

    plans = tmp_path / "plans"
    _plans(plans, prepare.WORKER_FROM + 2)
    other = tmp_path / "other"
    shutil.copytree(home, other)
    seen = []
    for target, worker in ((home, "1"), (other, "0")):
        monkeypatch.setenv("POLICYKB_WORKER", worker)
        real = prepare.Preparer.__init__

        def spy(self, *args, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            _real(self, *args, **kwargs)
            seen.append(self._pool is not None)

        monkeypatch.setattr(prepare.Preparer, "__init__", spy)
        code, _, err = run(capsys, target, "add", str(plans))
        assert code == 0, err
        monkeypatch.undo()
    assert seen == [True, False]
    for args in (["docs", "--json"], ["requirements", "--json"], ["search", "阅读活动 每周", "--json"]):
        assert run(capsys, home, *args)[1] == run(capsys, other, *args)[1], args


def test_adding_and_removing_a_newer_version_relinks_the_older_one_everywhere(capsys, home: Path) -> None:
    from conftest import LAWS

    old, new = (LAWS / "社会法" / f"未成年人保护法({d}).md" for d in ("2020-10-17", "2024-04-26"))

    def state() -> tuple[str, str | None, set[str]]:
        _, out, _ = run(capsys, home, "docs", "--json")
        row = next(r for r in json.loads(out) if r["doc_id"] == old.stem)
        _, out, _ = run(capsys, home, "search", "未成年人 学校 保护", "--doc", old.stem, "--json")
        return row["status"], row["superseded_by"], {h["status"] for h in json.loads(out)}

    assert run(capsys, home, "add", str(old))[0] == 0
    assert state() == ("现行有效", None, {"现行有效"})
    assert run(capsys, home, "add", str(new))[0] == 0
    assert state() == ("已被修订", new.stem, {"已被修订"})  # the record and the index both
    assert run(capsys, home, "remove", new.stem)[0] == 0
    assert state() == ("现行有效", None, {"现行有效"})


def test_the_same_law_in_another_file_is_a_copy_not_a_newer_version(capsys, home: Path, tmp_path: Path) -> None:
    """An identical instrument with the same date (here the .md again, as .txt with other spacing and
    full-width digits) is skipped as already there; a copy never supersedes its original."""
    from conftest import LAWS

    from policykb.corpus.models import Document
    from policykb.corpus.parse import link_versions

    law = LAWS / "社会法" / "未成年人保护法(2024-04-26).md"
    assert run(capsys, home, "add", str(law))[0] == 0
    copy = tmp_path / "未成年人保护法(2024-04-26).txt"
    text = "\n".join(line for line in law.read_text(encoding="utf-8").splitlines() if "<!--" not in line)
    copy.write_text(text.replace("，", "， ").replace("1", "１"), encoding="utf-8")
    code, out, err = run(capsys, home, "add", str(copy))
    assert code == 0 and "已添加" not in out and "正文相同" in err and law.stem in err
    assert "清理时去掉的部分（“<!-- INFO END -->”）" in err  # where the two files differ, said
    _, out, _ = run(capsys, home, "docs", "--json")
    assert [r["status"] for r in json.loads(out) if r["doc_id"].startswith("未成年人保护法")] == ["现行有效"]
    # both files in one add: the second is the copy of the first, staged a moment before
    both = tmp_path / "两份"
    both.mkdir()
    (both / "a.md").write_text(law.read_text(encoding="utf-8").replace("未成年人保护法", "学前儿童保护法"),
                               encoding="utf-8")
    (both / "b.txt").write_text(text.replace("未成年人保护法", "学前儿童保护法").replace("，", "， "), encoding="utf-8")
    code, out, err = run(capsys, home, "add", str(both))
    assert code == 0 and out.count("已添加") == 1 and "正文相同" in err

    def doc(doc_id: str, day: int) -> Document:
        import datetime as dt

        return Document.model_construct(doc_id=doc_id, title="某市学校安全条例", status="现行有效", issued=None,
                                        version_date=dt.date(2020, 1, day), supersedes=None, superseded_by=None)

    linked = {d.doc_id: d for d in link_versions([doc("a", 1), doc("b", 1), doc("c", 2)])}
    assert linked["a"].superseded_by == "c" and linked["b"].superseded_by == "c"  # both copies of the old one
    assert linked["a"].supersedes is None and linked["b"].supersedes is None  # neither supersedes the other
    assert linked["c"].supersedes == "a" and linked["c"].status != "已被修订"


def test_an_edited_copy_that_cleaning_undoes_says_where_the_files_differ(capsys, home: Path, tmp_path: Path) -> None:
    """A bundled plan with a line added where the cleaner takes lines out (a viewer's page line) is
    the same text: the skip names what was cleaned away; a line moved among the cruft says that the
    difference was in what cleaning removed. A line added to the body is a new document."""
    from conftest import SEEDS

    plan = next(p for p in SEEDS if p.name.startswith("推进义务教育"))
    text = plan.read_text(encoding="utf-8")
    assert "第9页 / 共9页\n" in text
    folder = tmp_path / "改过的"
    folder.mkdir()
    edited = folder / plan.name
    edited.write_text(text.replace("第9页 / 共9页\n", "第9页 / 共9页\n第10页 / 共10页\n"), encoding="utf-8")
    code, out, err = run(capsys, home, "add", str(edited))
    assert code == 0 and "已添加" not in out
    assert "正文相同" in err and "清理时去掉的部分" in err and "第10页 / 共10页" in err, err
    edited.write_text(text.replace("资源预览内容\n", "").replace("资源描述\n", "资源描述\n资源预览内容\n"),
                      encoding="utf-8")
    code, out, err = run(capsys, home, "add", str(edited))
    assert code == 0 and "已添加" not in out and "清理时去掉或修复的" in err, err
    edited.write_text(text.replace("资源描述\n", "资源描述\n学校应当每学期组织一次消防演练。\n"), encoding="utf-8")
    code, out, err = run(capsys, home, "add", str(edited))
    assert code == 0 and "已添加" in out, err
