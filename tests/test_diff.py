"""新旧对照 (issue 17): versions aligned clause by clause, changed words, changed requirements, exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run

from policykb.corpus.parse import parse_file
from policykb.kb.diff import diff, spans, units, words
from policykb.kb.extract import Extractor
from policykb.kb.vocab import load_vocabulary


def law(tmp_path: Path, name: str, *articles: str) -> object:
    path = tmp_path / f"{name}.txt"
    path.write_text("某市学校安全管理办法\n" + "\n".join(articles) + "\n", encoding="utf-8")
    return parse_file(path, doc_id=name)


A = "第{}条 学校应当建立安全工作责任制，明确校长为安全工作第一责任人。"
B = "第{}条 学校应当每学期组织至少一次应急疏散演练，并做好记录。"
C = "第{}条 教师发现学生身体不适的，应当及时告知学校和家长。"
N = "第{}条 学校应当配备专职或者兼职保安人员，加强门卫管理。"


def kinds(d) -> list[tuple[str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(c.kind, c.old.number if c.old else None, c.new.number if c.new else None) for c in d.shown()]


def test_an_inserted_article_renumbers_the_rest_as_moved_not_deleted_and_added(tmp_path: Path) -> None:
    old = law(tmp_path, "旧", A.format("一"), B.format("二"), C.format("三"))
    new = law(tmp_path, "新", A.format("一"), N.format("二"), B.format("三"), C.format("四"))
    d = diff(old, new)  # type: ignore[arg-type]
    assert kinds(d) == [("added", None, "第二条"), ("moved", "第二条", "第三条"), ("moved", "第三条", "第四条")]
    assert d.summary() == {"modified": 0, "moved": 2, "added": 1, "deleted": 0, "unchanged": 1}
    assert d.summary_line().startswith("修改 0 条，新增 1 条，删除 0 条")


def test_whitespace_and_punctuation_width_are_no_change_and_an_identical_copy_has_none(tmp_path: Path) -> None:
    old = law(tmp_path, "旧", A.format("一"), B.format("二"))
    new = law(tmp_path, "新", A.format("一").replace("，", ", ").replace("安全", "安 全"), B.format("二"))
    assert diff(old, new).shown() == []  # type: ignore[arg-type]
    assert diff(old, law(tmp_path, "副本", A.format("一"), B.format("二"))).shown() == []  # type: ignore[arg-type]


def test_a_reworded_article_shows_its_changed_words_and_requirement(tmp_path: Path) -> None:
    old = law(tmp_path, "旧", A.format("一"), "第二条 发生学生伤害事故的，学校应当在24小时内向主管教育行政部门报告。", C.format("三"))
    new = law(tmp_path, "新", A.format("一"), "第二条 发生学生伤害事故的，学校应当在1小时内向主管教育行政部门报告。", C.format("三"))
    ex = Extractor(load_vocabulary())
    d = diff(old, new, ex.document(old), ex.document(new))  # type: ignore[arg-type]
    (change,) = d.shown()
    assert change.kind == "modified" and change.old and change.new
    assert [(change.old.text[s.old[0]:s.old[1]], change.new.text[s.new[0]:s.new[1]]) for s in change.spans] \
        == [("24", "1")]
    (req,) = d.requirements  # 24小时内 is read as an amount (at most 24 hours) and as the time limit
    assert set(req.fields) == {"quantity", "deadline"}
    before, after = req.fields["quantity"]
    assert "24" in before and "1" in after and "24" not in after and "小时" in after
    assert req.fields["deadline"] == ("24小时内", "1小时内")


def test_a_split_and_a_merge_are_told(tmp_path: Path) -> None:
    joined = "第二条 学校应当每学期组织至少一次应急疏散演练，并做好记录。教师发现学生身体不适的，应当及时告知学校和家长。"
    old = law(tmp_path, "旧", A.format("一"), joined, N.format("三"))
    new = law(tmp_path, "新", A.format("一"), B.format("二"), C.format("三"), N.format("四"))
    d = diff(old, new)  # type: ignore[arg-type]
    shown = {(c.kind, c.relation, c.old.number if c.old else None, c.new.number if c.new else None) for c in d.shown()}
    assert ("modified", "split", "第二条", "第三条") in shown and ("modified", None, "第二条", "第二条") in shown
    assert not any(c.kind in ("added", "deleted") for c in d.shown())
    back = diff(new, old)  # type: ignore[arg-type]
    shown = {(c.kind, c.relation, c.old.number if c.old else None, c.new.number if c.new else None)
             for c in back.shown()}
    assert ("modified", "merged", "第三条", "第二条") in shown
    assert not any(c.kind in ("added", "deleted") for c in back.shown())


def test_changed_words_are_a_character_diff_mapped_onto_the_texts() -> None:
    old = "第五条 学校应当 每学期组织演练。"
    new = "第六条 学校应当每学年组织两次演练。"
    got = [(old[s.old[0]:s.old[1]], new[s.new[0]:s.new[1]], s.op) for s in spans(old, new)]
    assert got == [("期", "年", "replace"), ("", "两次", "insert")]
    assert words(old) == words("第八条 学校应当每学期组织演练.")  # number, spaces and punctuation width aside


@pytest.fixture(scope="module")
def laws(bundled_built: Path):  # type: ignore[no-untyped-def]
    from policykb.indexer.library import Library

    lib = Library.open(bundled_built)
    yield lib
    lib.close()


def test_the_2024_amendment_of_the_minors_law_changed_exactly_one_article(laws) -> None:  # type: ignore[no-untyped-def]
    d = diff(laws.find_document("未成年人保护法 2020"), laws.find_document("未成年人保护法 2024"))
    assert kinds(d) == [("modified", "第九条", "第九条")]
    assert d.summary()["unchanged"] > 100


def test_the_rewritten_vocational_education_law_aligns_what_survived(laws) -> None:  # type: ignore[no-untyped-def]
    old, new = laws.find_document("职业教育法 1996"), laws.find_document("职业教育法 2022")
    d = diff(old, new)
    pairs = {(c.old.number, c.new.number) for c in d.changes if c.old and c.new}
    # renumbered articles found in the rewrite (read side by side by hand)
    assert {("第一条", "第一条"), ("第六条", "第七条"), ("第十一条", "第八条"), ("第十四条", "第十六条"),
            ("第三十五条", "第六十条")} <= pairs
    assert len(units(new)) == d.summary()["added"] + len(pairs) - sum(c.relation == "merged" for c in d.changes)
    assert all(c.old is not None for c in d.changes if c.kind == "deleted")


def test_the_command_line_diff_and_its_exports(capsys, bundled_built: Path, tmp_path: Path) -> None:
    code, out, err = run(capsys, bundled_built, "diff", "未成年人保护法", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["old"]["date"] == "2020-10-17" and data["new"]["date"] == "2024-04-26"
    assert data["summary"]["modified"] == 1 and data["summary"]["added"] == data["summary"]["deleted"] == 0
    (change,) = data["changes"]
    assert change["kind"] == "modified" and change["old_clause_id"].endswith("第九条")
    for s in change["spans"]:
        assert 0 <= s["old"][0] <= s["old"][1] <= len(change["old_text"])
        assert 0 <= s["new"][0] <= s["new"][1] <= len(change["new_text"])
    code, out, _ = run(capsys, bundled_built, "diff", "未成年人保护法")
    assert code == 0 and "修改 1 条，新增 0 条，删除 0 条" in out and "{+" in out and "[-" in out
    code, _, err = run(capsys, bundled_built, "diff", "教师法")
    assert code == 1 and "只有" in err and "教师法" in err
    md = tmp_path / "对照.md"
    code, _, err = run(capsys, bundled_built, "diff", "职业教育法 1996", "-o", str(md))
    assert code == 0 and "新旧对照表" in err
    text = md.read_text(encoding="utf-8")
    assert "| 序号 | 原条文 | 修改后条文 | 变化 |" in text and "~~" in text and "**" in text
    xlsx = tmp_path / "对照.xlsx"
    code, _, err = run(capsys, bundled_built, "diff", "职业教育法", "-o", str(xlsx))
    assert code == 0, err
    from openpyxl import load_workbook

    ws = load_workbook(xlsx, rich_text=True).active
    assert [c.value for c in ws[3]] == ["序号", "原条文", "修改后条文", "变化"]
    from openpyxl.cell.rich_text import CellRichText

    assert any(isinstance(c.value, CellRichText) for c in ws["C"])  # changed words marked


def test_review_cases_deleted_in_place_no_articles_and_versions_only(capsys, tmp_path: Path,
                                                                     bundled_built: Path) -> None:
    deleted = "第{}条 （删除）"
    old = law(tmp_path, "旧", A.format("一"), deleted.format("二"), deleted.format("三"), B.format("四"))
    new = law(tmp_path, "新", A.format("一"), deleted.format("二"), B.format("三"))
    assert kinds(diff(old, new)) == [("deleted", "第三条", None), ("moved", "第四条", "第三条")]  # type: ignore[arg-type]
    plain = tmp_path / "通知一.txt"
    plain.write_text("某县关于报送材料的通知\n各学校：\n请于5月31日前报送本校安全自查材料。\n", encoding="utf-8")
    later = tmp_path / "通知二.txt"
    later.write_text("某县关于报送材料的通知\n各学校：\n请于4月30日前报送本校安全自查材料。\n", encoding="utf-8")
    d = diff(parse_file(plain), parse_file(later))
    assert d.summary()["modified"] == 1  # no numbered parts: compared whole, not "unchanged"
    code, _, err = run(capsys, bundled_built, "diff", "未成年人保护法", "上海市教育督导条例")
    assert code == 1 and "不是同一份文件的两个版本" in err
    code, out, err = run(capsys, bundled_built, "diff", "未成年人保护法(2024-04-26)", "未成年人保护法(2020-10-17)")
    assert code == 0 and "2020-10-17 → 2024-04-26" in out  # older first whatever the order given
    code, _, err = run(capsys, bundled_built, "diff", "未成年人保护法", "-o", str(tmp_path / "对照表"))
    assert code == 0 and (tmp_path / "对照表").read_text(encoding="utf-8").startswith("# ")  # no suffix: Markdown
