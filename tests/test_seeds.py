"""The five bundled documents, exactly as received, parse into the clause trees a person expects."""

from __future__ import annotations

import hashlib
import re

import pytest
from conftest import DOCUMENTS, LAWS, SEEDS, need_shared

from policykb.corpus.models import Document
from policykb.corpus.parse import parse_file

BIJIE = "毕节市深化教育教学改革提高义务教育质量实施方案（征求意见稿）"
DXAL = "大兴安岭地区教育发展“三大工程”实施方案"
GBQX = "“公办强校”简报"
BJ = "推进义务教育学校管理标准化建设实施方案"
JN = "济南市市中区推进义务教育均衡发展工作计划"

CRUFT = ["当前位置", "上传人", "第1页 / 共", "_第1页", "点击查看更多", "资源描述", "展开阅读全文", "温馨提示",
         "相似回答", "上一篇", "下一篇", "发表评论", "扫码使用手机浏览", "字号", "大 中 小", "备案号", "许可证",
         "QQ", "版权所有", "如题所述", "由会员分享", "为您推荐", "收藏 下载", "资源预览", "相关搜索"]


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    return {d.doc_id: d for d in (parse_file(p) for p in SEEDS)}


def text_of(doc: Document, path: str) -> str:
    clause = doc.clause(f"{doc.doc_id}/{path}")
    assert clause is not None, f"{doc.doc_id} has no clause {path}: {[c.path for c in doc.clauses]}"
    return clause.text


def test_bundled_documents_are_the_seeds_byte_for_byte() -> None:
    seeds = {hashlib.sha256(p.read_bytes()).hexdigest() for p in need_shared("seeds").glob("*.txt")}
    bundled = {hashlib.sha256(p.read_bytes()).hexdigest() for p in DOCUMENTS.glob("*.txt")}
    assert seeds == bundled


def test_bundled_laws_are_the_laws_corpus_byte_for_byte() -> None:
    shared = need_shared("corpus/laws-edu")
    theirs = {p.relative_to(shared).as_posix(): p.read_bytes() for p in shared.rglob("*.md")}
    ours = {p.relative_to(LAWS).as_posix(): p.read_bytes() for p in LAWS.rglob("*.md")}
    assert len(ours) == 82 and ours == theirs


@pytest.mark.parametrize(("doc_id", "count"), [(GBQX, 39), (DXAL, 22), (BJ, 32), (BIJIE, 38), (JN, 29)])
def test_clause_counts(seeds: dict[str, Document], doc_id: str, count: int) -> None:
    assert len(seeds[doc_id].clauses) == count


def test_no_cruft_survives(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        for needle in CRUFT:
            assert needle not in doc.text, f"{needle!r} survives in {doc.doc_id}"


def test_bijie_draft(seeds: dict[str, Document]) -> None:
    doc = seeds[BIJIE]
    assert doc.title == BIJIE and doc.status == "征求意见稿" and doc.kind == "实施方案"
    assert doc.issuer == "毕节市教育局" and str(doc.issued) == "2021-04-15" and doc.region == "毕节市"
    assert "班主任工作量按当地教师标准课时工作量的二分之一计算" in text_of(doc, "二/（三）/13")
    assert text_of(doc, "二/（三）/13").startswith("13.提升班主任工作水平。")
    assert "不得布置惩罚性作业" in text_of(doc, "二/（二）/9")
    assert "严禁公办在编教师到民办学校任教" in text_of(doc, "二/（三）/10")
    assert doc.clause(f"{BIJIE}/二/（三）").heading == "优化教师资源配置,提升教书育人水平"  # type: ignore[union-attr]
    # The notice's contact lines belong to the document and are kept.
    assert "联系人:林明虎;电话:0857-8224104。" in doc.text
    assert "请发至308803548@qq.com。" in doc.text
    # The page's teaser excerpt (a truncated copy of the opening) is not.
    assert "请你提意见!为深入贯彻" not in doc.text


def test_daxinganling_viewer_chunks_and_ocr_repairs(seeds: dict[str, Document]) -> None:
    doc = seeds[DXAL]
    first = text_of(doc, "三/（一）/1")
    assert first.startswith("1.提高学校精细化管理水平。")
    assert "建立完善校长听课评课制度,校长每学期至少听课30节" in first
    assert text_of(doc, "三/（一）/2").startswith("2.共建共享名校优质教育资源。")
    assert text_of(doc, "三/（二）/1").startswith("1.开展清风校园行动。")
    assert doc.clause(f"{DXAL}/三/（三）").heading == "实施“百万家庭赋能”工程"  # type: ignore[union-attr]
    assert "每位教师每年校本培训不少于24学时" in text_of(doc, "三/（二）/2")
    assert "每周一至周五19:00-21:00" in text_of(doc, "三/（一）/4")
    assert "家长学校每学期至少组织开展1次活动" in text_of(doc, "三/（三）/3")
    for broken in ("校长听\n", "L提高", "(S)", "2 .共建", "\n3、"):
        assert broken not in doc.text
    reasons = {r.reason for r in doc.report.repaired}
    assert {"阅读器分块标记切断了句子（拼接）", "OCR 把 “1.” 识别为字母", "编号中多余的空格"} <= reasons


def test_run_on_beijing_plan(seeds: dict[str, Document]) -> None:
    doc = seeds[BJ]
    assert [c.path for c in doc.clauses if c.level == "一、"] == ["一", "二", "三", "四", "五", "六", "七"]
    assert doc.clause(f"{BJ}/一").heading == "指导思想"  # type: ignore[union-attr]
    assert "提高学生每天一小时体育锻炼实效" in text_of(doc, "四/（二）")
    assert "开展第二批学校达标验收工作(比例为全市义务教育学校的40%)" in text_of(doc, "六/（二）/3")
    assert doc.region == "北京市"


def test_briefing_and_work_plan(seeds: dict[str, Document]) -> None:
    brief, plan = seeds[GBQX], seeds[JN]
    assert brief.kind == "简报" and plan.kind == "工作计划"
    assert "2022年培育县级优质义务教育公办学校15所" in text_of(brief, "一/（二）")
    assert "大队辅导员由党员或团员担任" in text_of(brief, "二/（一）")
    assert "满意度不低于98%" in text_of(brief, "二/（三）/4")
    assert plan.title == JN and str(plan.issued) == "2013-05-16" and plan.level == "县级"
    assert "校长任职原则上每届任期3年" in text_of(plan, "二/（二）/4")
    assert "到2014年底,特殊教育学校达到省定办学标准" in text_of(plan, "二/（三）/2")


def test_every_seed_clause_id_is_readable_and_stable(seeds: dict[str, Document]) -> None:
    again = {d.doc_id: d for d in (parse_file(p) for p in SEEDS)}
    for doc_id, doc in seeds.items():
        assert [c.clause_id for c in doc.clauses] == [c.clause_id for c in again[doc_id].clauses]
        for clause in doc.clauses:
            assert re.fullmatch(r"[^\s]+", clause.clause_id)
            assert clause.text == doc.text[clause.span[0]:clause.span[1]].strip()
