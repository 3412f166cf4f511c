"""The catalog through the library and the command line: requirements, checklists (xlsx re-read),
compare, overrides surviving a rebuild, ask's requirements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LAWS, SEEDS, copy_home, run

from policykb.indexer.library import Library

PLAN = ("某县义务教育劳动教育实施方案\n一、主要任务\n"
        "1.开展社会服务。小学学生每学年完成1次社会服务，初中学生每学年完成至少2次社会服务。\n"
        "2.落实体育锻炼。学校要保证学生每天校园体育活动时间不少于1小时。\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalog")
    plan = root / "某县义务教育劳动教育实施方案.txt"
    plan.write_text(PLAN, encoding="utf-8")
    home = root / "home"
    Library.create(home, [*SEEDS, plan])
    return home


@pytest.fixture
def home(built: Path, tmp_path: Path) -> Path:
    return copy_home(built, tmp_path)


def test_requirements_json_has_the_design_fields(capsys, home: Path) -> None:
    code, out, err = run(capsys, home, "requirements", "--doc", "劳动教育实施方案", "--json")
    assert code == 0, err
    reqs = json.loads(out)
    assert reqs and all(set(r) >= {"req_id", "sentence", "text", "clause_id", "modality", "actors", "quantity",
                                   "period", "deadline", "school_types", "topics"} for r in reqs)
    junior = next(r for r in reqs if r["text"].startswith("初中学生"))
    assert junior["quantity"]["value"] == 2 and junior["quantity"]["comparator"] == "≥"
    assert junior["quantity"]["unit"] == "次" and junior["period"] == "每学年"


def checklist_items(capsys, home: Path, kind: str, *more: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = run(capsys, home, "checklist", "--school-type", kind, "--format", "json", *more)
    assert code == 0, err
    return list(json.loads(out)["items"])


def test_primary_and_junior_lists_keep_to_their_own_items(capsys, home: Path) -> None:
    primary = checklist_items(capsys, home, "小学")
    junior = checklist_items(capsys, home, "初中")
    p_texts = [i["要求"] for i in primary]
    j_texts = [i["要求"] for i in junior]
    assert any(t.startswith("小学学生每学年完成1次") for t in p_texts)
    assert not any(t.startswith("初中学生") for t in p_texts)
    assert any(t.startswith("初中学生每学年完成至少2次") for t in j_texts)
    assert not any(t.startswith("小学学生") for t in j_texts)
    for item in primary:
        assert not item["school_types"] or "小学" in item["school_types"]
    for item in junior:
        assert not item["school_types"] or "初中" in item["school_types"]
    # duties of governments are not a school's, unless asked for
    assert not any(t.startswith("县级党委和政府") for t in p_texts)
    others = checklist_items(capsys, home, "小学", "--others")
    bureau = [i["要求"] for i in others]
    assert any(t.startswith("县级党委和政府") for t in bureau) and len(bureau) > len(p_texts)
    # every school duty is there too: as an item, or folded into a longer one stating it as a source
    cited = {s["req_id"] for i in others for s in i["sources"]}
    assert all(s["req_id"] in cited for i in primary for s in i["sources"])


def test_checklist_xlsx_reads_back_with_columns_dropdown_and_rows(capsys, home: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from policykb.kb.checklist import COLUMNS, RESULTS

    items = checklist_items(capsys, home, "初中")
    target = tmp_path / "自查表.xlsx"
    code, _, err = run(capsys, home, "checklist", "--school-type", "初中", "-o", str(target))
    assert code == 0, err and target.exists()
    ws = load_workbook(target).active
    assert ws is not None
    assert [c.value for c in ws[2]] == list(COLUMNS)
    assert ws.freeze_panes == "A3"
    assert ws.max_row - 2 == len(items)
    assert [ws.cell(row=n + 3, column=3).value for n in range(len(items))] == [i["要求"] for i in items]
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "list"
    assert validations[0].formula1 == '"' + ",".join(RESULTS) + '"'
    col = chr(ord("A") + COLUMNS.index("自查结果"))
    assert str(validations[0].sqref) == f"{col}3:{col}{len(items) + 2}"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"
    drafts = [i for i in items if i["文件状态"] == "征求意见稿"]
    assert drafts, "the 毕节 draft's items are on the list, marked"


def test_checklist_errors_name_the_value(capsys, home: Path, tmp_path: Path) -> None:
    code, out, err = run(capsys, home, "checklist", "--school-type", "大学")
    assert code != 0 and "大学" in err and "初中" in err and out == ""
    code, _, err = run(capsys, home, "checklist", "--school-type", "初中", "-o", str(tmp_path / "no" / "x.xlsx"))
    assert code != 0 and "不存在" in err
    code, _, err = run(capsys, home, "checklist", "--school-type", "初中", "--format", "pdf")
    assert code != 0 and "pdf" in err
    dotted = tmp_path / "2024.09"  # a folder with a dot in its name is a folder, not a format "09"
    dotted.mkdir()
    code, _, err = run(capsys, home, "checklist", "--school-type", "初中", "-o", str(dotted) + "/")
    assert code == 0 and (dotted / "自查表-初中-公办.xlsx").is_file(), err
    code, _, err = run(capsys, home, "checklist", "--school-type", "初中", "-o", "~nosuchuser-x/x.md")
    assert code != 0 and "~nosuchuser-x" in err and "意外" not in err


def test_an_override_survives_a_rebuild(capsys, home: Path) -> None:
    code, out, _ = run(capsys, home, "requirements", "--doc", "劳动教育实施方案", "--json")
    pe = next(r for r in json.loads(out) if "体育活动时间" in r["text"])
    code, _, err = run(capsys, home, "review", pe["req_id"], "--modality", "should", "--note", "checked")
    assert code == 0, err
    code, _, err = run(capsys, home, "index", "--rebuild")
    assert code == 0, err
    code, out, _ = run(capsys, home, "requirements", "--doc", "劳动教育实施方案", "--json")
    again = next(r for r in json.loads(out) if r["req_id"] == pe["req_id"])
    assert again["modality"] == "should" and again["reviewed"] is True
    run(capsys, home, "review", pe["req_id"], "--exclude")
    items = checklist_items(capsys, home, "初中")
    assert not any(i["req_id"] == pe["req_id"] for i in items)


def test_a_failed_add_leaves_the_catalog(capsys, home: Path, tmp_path: Path) -> None:
    _, before, _ = run(capsys, home, "requirements", "--json")
    index = sorted(p.name for p in home.glob("index-*"))
    good = tmp_path / "某县课后服务方案.txt"
    good.write_text("某县课后服务方案\n一、学校应当每周开展5天课后服务。\n", encoding="utf-8")
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"not a docx")
    code, _, err = run(capsys, home, "add", str(good), str(bad))
    assert code != 0 and "坏文件.docx" in err
    _, after, _ = run(capsys, home, "requirements", "--json")
    assert json.loads(after) == json.loads(before)
    assert sorted(p.name for p in home.glob("index-*")) == index


def test_ask_returns_the_requirements_of_cited_clauses(capsys, home: Path) -> None:
    code, out, _ = run(capsys, home, "ask", "班主任工作量如何计算", "--json")
    data = json.loads(out)
    cited = {c["clause_id"] for c in data["citations"]}
    assert data["requirements"] and all(r["clause_id"] in cited for r in data["requirements"])
    assert any("二分之一" in r["text"] and r["quantity"]["value"] == 0.5 for r in data["requirements"])


def test_compare_lines_up_the_same_amount_across_documents(capsys, home: Path) -> None:
    code, out, err = run(capsys, home, "compare", "--json")
    assert code == 0, err
    groups = json.loads(out)
    pe = [g for g in groups if g["unit"] == "小时" and g["period"] == "每天"]
    assert pe and len({r["doc_id"] for r in pe[0]["requirements"]}) >= 2


def test_kindergarten_list_comes_from_preschool_law(tmp_path: Path) -> None:
    law = next(LAWS.rglob("学前教育法*.md"))
    lib = Library.create(tmp_path / "home", [*SEEDS, law])
    from policykb.kb.checklist import checklist
    from policykb.kb.schools import scope_of

    cat = lib.catalog()
    cl = checklist(cat, "幼儿园")
    assert len(cl.rows) >= 20
    from_law = [r for r in cl.rows if r.req.doc_id == lib.find_document("学前教育法").doc_id]
    assert len(from_law) >= len(cl.rows) * 0.8
    for row in cl.rows:
        if "幼儿园" not in scope_of(row.doc_title):
            assert "幼儿园" in row.req.school_types and any(w in row.req.text for w in ("幼儿", "学前", "托幼"))
