"""Cross-references (issue 17): found in clause text, resolved to clause ids, both ways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run

from policykb.corpus.parse import parse_file
from policykb.kb.references import Resolver

DATA = Path(__file__).parent / "data"


def score(lib: Any, labelled: dict[str, list[dict[str, Any]]]) -> tuple[float, float, list[str]]:
    """Precision and recall of the references read in the labelled clauses (a reference is right
    when its text and its target are the label's), and what went wrong."""
    from policykb.indexer.references import references

    refs = references(lib)
    tp = fp = fn = 0
    wrong = []
    for clause_id, labels in labelled.items():
        got = [(r.text, r.target) for r in refs.of(clause_id)]
        want = [(label["text"], label["target"]) for label in labels]
        for item in got:
            if item in want:
                tp += 1
                want.remove(item)
            else:
                fp += 1
                wrong.append(f"extra {clause_id} {item}")
        fn += len(want)
        wrong += [f"missed {clause_id} {item}" for item in want]
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), wrong


@pytest.fixture(scope="module")
def laws(bundled_built: Path):  # type: ignore[no-untyped-def]
    from policykb.indexer.library import Library

    lib = Library.open(bundled_built)
    yield lib
    lib.close()


def test_the_labelled_references_are_found_and_resolved(laws) -> None:  # type: ignore[no-untyped-def]
    labelled: dict[str, list[dict[str, Any]]] = {}
    for line in (DATA / "references.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labelled.setdefault(row["clause_id"], []).append(row)
    assert sum(len(v) for v in labelled.values()) >= 60
    precision, recall, wrong = score(laws, labelled)
    assert precision >= 0.95 and recall >= 0.9, wrong


def test_the_held_out_references(laws) -> None:  # type: ignore[no-untyped-def]
    """Labelled blind, on clauses drawn at random (most have no reference: they count false alarms)."""
    path = DATA / "references-heldout.jsonl"
    labelled = {row["clause_id"]: row["references"]
                for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    assert sum(len(v) for v in labelled.values()) >= 60
    precision, recall, wrong = score(laws, labelled)
    assert precision >= 0.95 and recall >= 0.9, wrong


def test_every_resolved_target_exists(laws) -> None:  # type: ignore[no-untyped-def]
    from policykb.indexer.references import references

    refs = references(laws).refs
    assert len(refs) > 200
    docs: dict[str, Any] = {}
    for ref in refs:
        if ref.target is None:
            continue
        doc_id = ref.target.split("/", 1)[0]
        doc = docs.get(doc_id) or docs.setdefault(doc_id, laws.document(doc_id))
        assert doc.clause(ref.target) is not None, ref


def clauses(tmp_path: Path, *lines: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "某市校园安全条例.txt"
    path.write_text("某市校园安全条例\n" + "\n".join(lines) + "\n", encoding="utf-8")
    doc = parse_file(path)
    resolver = Resolver(doc)
    return doc, {c.path: [(r.text, r.target and r.target.split("/", 1)[1]) for r in resolver.references(c)]
                 for c in doc.clauses}


def test_paragraphs_items_chains_and_what_is_not_a_reference(tmp_path: Path) -> None:
    _, refs = clauses(
        tmp_path,
        "第一条 为了保障学生安全，制定本条例。",
        "第二条 学校应当建立安全制度。",
        "学校应当配备安全管理人员。",
        "违反前款规定的，由教育行政部门责令改正。",
        "第三条 学校有下列情形之一的，依照本条例第二条第二款和第三款处理：",
        "（一）未建立安全制度的；",
        "（二）未配备安全管理人员的。",
        "第四条 违反本条第一款、前条第（二）项规定，或者不符合第一条规定条件的，依照《中华人民共和国刑法》第十七条处理。",
    )
    assert refs["第二条/3"] == [("前款", "第二条/2")]
    assert refs["第三条"] == [("本条例第二条第二款", "第二条/2"), ("第三款", "第二条/3")]
    assert refs["第三条/（一）"] == []  # a list's own marker is no reference
    assert refs["第四条"] == [("本条第一款", "第四条"), ("前条第（二）项", "第三条/（二）"),
                             ("第一条", "第一条"), ("《中华人民共和国刑法》第十七条", None)]
    assert refs["第一条"] == []  # 本条例 without a number, and 条件/项目 words, are not references


def test_show_and_doc_report_tell_references_both_ways_and_follow_the_library(capsys, home: Path,
                                                                              tmp_path: Path) -> None:
    cited = tmp_path / "某市学生安全条例.txt"
    cited.write_text("某市学生安全条例\n第一条 为了保障学生安全，制定本条例。\n第二条 学校应当每学期开展安全教育。\n"
                     "第三条 本条例自2025年1月1日起施行。\n", encoding="utf-8")
    citing = tmp_path / "某县实施《某市学生安全条例》办法.txt"
    citing.write_text("某县实施《某市学生安全条例》办法\n第一条 学校应当依照《某市学生安全条例》第二条开展安全教育。\n"
                      "第二条 违反本办法第一条、第九条规定的，由县教育局责令改正。\n第三条 本办法自2025年3月1日起施行。\n",
                      encoding="utf-8")
    code, _, err = run(capsys, home, "add", str(citing))
    assert code == 0, err
    code, out, _ = run(capsys, home, "show", "某县实施《某市学生安全条例》办法/第一条", "--json")
    (ref,) = json.loads(out)["references"]
    assert ref["text"] == "《某市学生安全条例》第二条" and ref["target_clause_id"] is None  # not in the library yet
    code, _, err = run(capsys, home, "add", str(cited))
    assert code == 0, err
    code, out, _ = run(capsys, home, "show", "某县实施《某市学生安全条例》办法/第一条", "--json")
    (ref,) = json.loads(out)["references"]
    assert ref["target_clause_id"] == "某市学生安全条例/第二条"  # resolved once it is added
    code, out, _ = run(capsys, home, "show", "某市学生安全条例/第二条", "--json")
    assert json.loads(out)["cited_by"] == [{"clause_id": "某县实施《某市学生安全条例》办法/第一条",
                                            "text": "《某市学生安全条例》第二条"}]
    code, out, _ = run(capsys, home, "doc", "某县实施《某市学生安全条例》办法", "--report")
    assert code == 0 and "无法对应到条款的引用 1 处" in out and "第九条" in out
    code, _, err = run(capsys, home, "remove", "某市学生安全条例")
    assert code == 0, err
    code, out, _ = run(capsys, home, "show", "某县实施《某市学生安全条例》办法/第一条", "--json")
    assert json.loads(out)["references"][0]["target_clause_id"] is None  # nothing points into a removed document


def test_an_answer_that_only_points_back_quotes_the_clause(capsys, bundled_built: Path) -> None:
    """"…依照前款规定追究法律责任": the answer is read with 前款 beside it."""
    code, out, err = run(capsys, bundled_built, "ask", "县级教育行政部门未采取措施防止辍学怎么追究责任", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["citations"][0]["clause_id"] == "义务教育法(2018-12-29)/第七章/第五十三条/2"
    (quoted,) = data["quoted"]
    assert quoted["text"] == "前款" and quoted["clause_id"] == "义务教育法(2018-12-29)/第七章/第五十三条"
    assert quoted["clause_text"].startswith("第五十三条")
    code, out, _ = run(capsys, bundled_built, "ask", "县级教育行政部门未采取措施防止辍学怎么追究责任")
    assert "所引条款（前款）" in out
    code, out, _ = run(capsys, bundled_built, "ask", "班主任工作量如何计算", "--json")
    assert json.loads(out)["quoted"] == []  # an answer that refers to nothing quotes nothing


def test_circled_numbers_and_a_law_named_after_another_reference(tmp_path: Path) -> None:
    """A plan numbering its points ①②③ once stopped every answer (int('①')); a law's bare name
    right after 前款 once swallowed it."""
    _, refs = clauses(
        tmp_path,
        "第一条 到2025年，实现以下目标：①学校安全制度健全；②安全教育全覆盖；③应急演练常态化。",
        "第二条 学校应当建立安全制度。",
        "违反前款规定的依照刑法第十七条处理。",
        "第三条 本条例自发布之日起施行。",
    )
    assert refs["第二条/2"] == [("前款", "第二条"), ("刑法第十七条", None)]
    plan = tmp_path / "某县教育工作意见.txt"
    plan.write_text("某县教育工作意见\n一、目标\n到2025年，实现以下目标：①学校安全制度健全；②安全教育全覆盖；"
                    "③应急演练常态化。\n二、要求\n学校应当按照第①项建立安全制度。\n", encoding="utf-8")
    doc = parse_file(plan)
    assert any(c.number == "①" for c in doc.clauses)
    resolver = Resolver(doc)
    found = [r for c in doc.clauses for r in resolver.references(c)]  # no ValueError on ①
    assert all(r.clause_id.startswith(doc.doc_id + "/") for r in found)


def test_full_width_article_numbers_are_markers_and_references(tmp_path: Path) -> None:
    """第２条 at an article's start is its marker, not a reference to itself (a trial saw every
    article listed as a reference that does not resolve); 本办法第２条 resolves to 第2条."""
    from policykb.corpus.parse import parse_file
    from policykb.kb.references import references

    f = tmp_path / "某县学校管理办法.txt"
    f.write_text("某县学校管理办法\n第１条 为了规范学校管理，制定本办法。\n第２条 学校应当建立安全制度。\n"
                 "第３条 违反本办法第２条的，由教育行政部门责令改正。\n", encoding="utf-8")
    found = [(r.clause_id, r.text, r.target) for r in references(parse_file(f))]
    assert found == [("某县学校管理办法/第3条", "本办法第２条", "某县学校管理办法/第2条")]
