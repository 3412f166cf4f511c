"""The laws-edu corpus: every file parses; a dozen laws pinned; versions linked."""

from __future__ import annotations

import pytest
from conftest import LAWS

from policykb.corpus.models import Document
from policykb.corpus.parse import link_versions, parse_file

PINNED = [
    # file, clauses, kind, a clause path, a substring of its text
    ("行政法/义务教育法(2018-12-29).md", 126, "法律", "第二章/第十一条", "凡年满六周岁的儿童"),
    ("行政法/教师法(2009-08-27).md", 103, "法律", "第一章/第六条", "每年九月十日为教师节"),
    ("社会法/未成年人保护法(2020-10-17).md", 261, "法律", "第三章/第三十三条/2", "学校不得占用国家法定节假日"),
    ("社会法/未成年人保护法(2024-04-26).md", 261, "法律", "第三章/第三十三条/2", "组织义务教育阶段的未成年学生集体补课"),
    ("行政法/学前教育法(2024-11-08).md", 186, "法律", "第一章/第一条", "为了保障适龄儿童接受学前教育"),
    ("行政法规/学校体育工作条例(2017-03-01).md", 62, "行政法规", "第三章/第十条/2", "每周安排3次以上课外体育活动"),
    ("行政法规/未成年人网络保护条例(2023-10-16).md", 102, "行政法规", "第二章", "网络素养促进"),
    ("社会法/家庭教育促进法(2021-10-23).md", 103, "法律", "第一章/第十三条", "每年5月15日国际家庭日所在周"),
    ("地方性法规/浙江/浙江省义务教育条例(2021-09-30).md", 122, "地方性法规", "第二章/第十四条", "不得决定退学或者开除"),
    ("地方性法规/北京/北京市学前教育条例.md", 63, "地方性法规", "第一章/第三条/4", "3周岁以下婴幼儿的早期教育"),
    ("行政法/教育法(2021-04-29).md", 194, "法律", "第一章/第一条", "为了发展教育事业"),
    ("行政法规/学校卫生工作条例(1990-06-04).md", 74, "行政法规", "第二章/第五条", "小学不超过六小时"),
    ("司法解释/最高人民法院关于审理未成年人刑事案件具体应用法律若干问题的解释(2006-01-11).md", 48, "司法解释",
     "第一条", "本解释所称未成年人刑事案件"),
]


@pytest.fixture(scope="module")
def laws() -> list[Document]:
    root = LAWS
    return [parse_file(p) for p in sorted(root.rglob("*.md"))]


def test_every_file_parses_into_articles(laws: list[Document]) -> None:
    assert len(laws) == 82
    for doc in laws:
        articles = [c for c in doc.clauses if c.level == "条"]
        assert len(articles) >= 5, doc.doc_id
        assert doc.kind in ("法律", "行政法规", "地方性法规", "司法解释"), doc.doc_id
        assert doc.title and doc.region, doc.doc_id
        assert doc.clauses[-1].span[1] == len(doc.text)


@pytest.mark.parametrize(("name", "count", "kind", "path", "snippet"), PINNED)
def test_pinned_laws(name: str, count: int, kind: str, path: str, snippet: str) -> None:
    doc = parse_file(LAWS / name)
    assert len(doc.clauses) == count
    assert doc.kind == kind
    clause = doc.clause(f"{doc.doc_id}/{path}")
    assert clause is not None, [c.path for c in doc.clauses][:20]
    assert snippet in clause.text + clause.heading


def test_metadata_from_file_name_and_preamble() -> None:
    doc = parse_file(LAWS / "行政法/义务教育法(2018-12-29).md")
    assert doc.title == "中华人民共和国义务教育法"
    assert str(doc.version_date) == "2018-12-29" and str(doc.issued) == "2018-12-29"
    assert doc.issuer == "全国人民代表大会常务委员会" and doc.region == "全国" and doc.level == "国家"
    assert len(doc.history) == 4 and doc.history[0].startswith("1986年4月12日")
    kindergarten = parse_file(LAWS / "行政法规/幼儿园管理条例(1989-09-11).md")
    assert kindergarten.doc_number == "国家教育委员会令第4号"


def test_versions_are_linked_and_the_older_is_superseded(laws: list[Document]) -> None:
    linked = {d.doc_id: d for d in link_versions(laws)}
    old, new = linked["未成年人保护法(2020-10-17)"], linked["未成年人保护法(2024-04-26)"]
    assert old.superseded_by == new.doc_id and new.supersedes == old.doc_id
    assert old.status == "已被修订" and new.status == "现行有效"
    sh_old, sh_new = linked["上海市实施《义务教育法》办法(2009-02-24)"], linked["上海市实施《义务教育法》办法(2024-09-27)"]
    assert sh_old.superseded_by == sh_new.doc_id and sh_old.status == "已被修订"
    # A file without a version date is taken as the older edition.
    assert linked["北京市未成年人保护条例"].superseded_by == "北京市未成年人保护条例(2023-05-26)"
    assert linked["义务教育法(2018-12-29)"].status == "现行有效"
