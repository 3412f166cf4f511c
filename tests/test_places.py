"""Places: where a document binds (from its title, issuer or text, in the Ministry of Civil Affairs'
hierarchy), where a school is, and a school's list holding only national rules and its own place's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.places import binds, from_title, label, parse_place


@pytest.mark.parametrize(("title", "place"), [
    ("毕节市深化教育教学改革提高义务教育质量实施方案", ("贵州省", "毕节市")),
    ("济南市市中区推进义务教育均衡发展工作计划", ("山东省", "济南市", "市中区")),
    ("大兴安岭地区教育发展“三大工程”实施方案", ("黑龙江省", "大兴安岭地区")),
    ("深圳经济特区学前教育条例", ("广东省", "深圳市")),
    ("延边朝鲜族自治州教育条例", ("吉林省", "延边朝鲜族自治州")),
    ("上海市实施《中华人民共和国义务教育法》办法", ("上海市",)),
    ("北京市朝阳区教育工作要点", ("北京市", "朝阳区")),
    ("七星关区中小学课后服务实施方案", ("贵州省", "毕节市", "七星关区")),
    # four counties are called 市中区 and two 朝阳区: no place without their city
    ("市中区教育工作要点", None),
    ("朝阳区教育工作要点", None),
    ("某县中小学管理办法", None),
    ("学校卫生工作条例", None),
])
def test_a_title_gives_its_place(title: str, place: tuple[str, ...] | None) -> None:
    assert from_title(title) == place


def test_a_place_as_typed() -> None:
    assert parse_place("北京") == parse_place("北京市") == ("北京市",)
    assert parse_place("贵州省毕节市") == parse_place("毕节") == parse_place("贵州 毕节") == ("贵州省", "毕节市")
    assert parse_place("济南市市中区") == ("山东省", "济南市", "市中区")
    assert parse_place("全国") == ()
    with pytest.raises(PolicyKBError) as ambiguous:
        parse_place("市中区")
    assert "山东省济南市市中区" in str(ambiguous.value) and "四川省乐山市市中区" in str(ambiguous.value)
    with pytest.raises(PolicyKBError) as unknown:
        parse_place("北平")
    assert "北平" in str(unknown.value) and "北京市" in str(unknown.value)


def test_national_and_own_place_bind_a_school() -> None:
    school = ("贵州省", "毕节市", "七星关区")
    assert binds((), school) and binds(("贵州省",), school) and binds(("贵州省", "毕节市"), school)
    assert binds(school, school)
    assert not binds(("贵州省", "遵义市"), school) and not binds(("北京市",), school)
    assert not binds(None, school)  # a document no one can place binds no one's list
    assert label(None) == "地区不明" and label(()) == "全国" and label(school) == "贵州省毕节市七星关区"


def test_a_county_text_is_not_national(tmp_path: Path) -> None:
    from policykb.corpus.parse import parse_file

    county = tmp_path / "某县中小学管理办法.txt"
    county.write_text("某县中小学管理办法\n第一条 为规范管理，制定本办法。\n第二条 学校应当建立安全制度。\n", encoding="utf-8")
    doc = parse_file(county)
    assert doc.place is None and doc.region is None and doc.kind != "行政法规"
    law = tmp_path / "教师法.txt"
    law.write_text("# 中华人民共和国教师法\n第一条 为了保障教师的合法权益，制定本法。\n", encoding="utf-8")
    assert parse_file(law).place == ()


def _items(capsys, home: Path, *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(capsys, home, "checklist", "--format", "json", *args)
    assert code == 0, err
    return dict(json.loads(out))


def test_a_school_list_holds_national_rules_and_its_own_places(capsys, bundled_built: Path) -> None:
    from policykb.indexer.library import Library

    lib = Library(bundled_built)
    places = {d.title: d.place for d in lib.documents()}
    lib.close()
    for kind, where, own in (("小学", "北京市", ("北京市",)), ("初中", "贵州省毕节市", ("贵州省", "毕节市"))):
        data = _items(capsys, bundled_built, "--school-type", kind, "--place", where)
        titles = {s["doc_title"] for item in data["items"] for s in item["sources"]}
        assert all(places[t] is not None and own[:len(places[t])] == places[t] for t in titles), titles
        assert "中华人民共和国义务教育法" in titles and any(places[t] == own for t in titles)
        assert data["place"] == where and data["left_out_elsewhere"] > 0
        texts = [i["要求"] for i in data["items"]]
        assert len(texts) == len(set(texts)), "each rule once"
        assert 100 < len(texts) < 500
        assert [i["序号"] for i in data["items"]] == list(range(1, len(texts) + 1))
    code, _, err = run(capsys, bundled_built, "checklist", "--school-type", "小学", "--place", "北平")
    assert code != 0 and "北平" in err and "北京市" in err


def test_a_person_sets_a_documents_place_and_it_outlives_a_rebuild(capsys, home: Path) -> None:
    code, out, err = run(capsys, home, "docs", "--json")
    brief = next(d for d in json.loads(out) if "简报" in d["title"])
    assert brief["place"] is None  # its text names no place: unknown, not national
    code, _, err = run(capsys, home, "doc", "公办强校简报", "--place", "毕节")
    assert code == 0 and "贵州省毕节市" in err
    code, _, err = run(capsys, home, "index", "--rebuild")
    assert code == 0, err
    code, out, _ = run(capsys, home, "docs", "--json")
    again = next(d for d in json.loads(out) if d["doc_id"] == brief["doc_id"])
    assert again["place"] == "贵州省毕节市" and again["region"] == "毕节市" and again["level"] == "市级"
    code, _, err = run(capsys, home, "doc", "公办强校简报", "--place", "火星")
    assert code != 0 and "火星" in err


def test_what_a_list_leaves_out_is_told_without_command_line_options_in_the_file(capsys, home: Path) -> None:
    """The exported file is for a principal: it says what was left out; how to change that (options of
    the command line, boxes of the app) is said only where one can act on it."""
    code, out, err = run(capsys, home, "checklist", "--school-type", "初中", "--place", "毕节", "--format", "md")
    assert code == 0, err
    assert "地区不明的文件中的" in out and "--place" not in out and "policykb" not in out and "--others" not in out
    assert "地区不明的文件中的" in err and "policykb doc 文件 --place" in err
    if "政府、部门或他人的职责" in out:
        assert "--others 可列出政府、部门和家庭的职责" in err
