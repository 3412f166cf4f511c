"""Requirement extraction on small inputs: modality, actors, amounts, periods, deadlines, kinds of
school, topics, lead-ins and what is not a requirement."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykb.corpus.parse import parse
from policykb.corpus.read import read
from policykb.kb.catalog import Catalog, DocInfo, apply_overrides
from policykb.kb.extract import Extractor, ruling
from policykb.kb.models import Requirement
from policykb.kb.quantity import deadline, period, quantities, relative
from policykb.kb.schools import attributes_in, scope_of, types_in
from policykb.kb.vocab import load_vocabulary

VOCAB = load_vocabulary()
EX = Extractor(VOCAB)


def doc_from(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse(read(path), path.stem)


def first(text: str) -> tuple:  # type: ignore[type-arg]
    found = quantities(text)
    assert found, text
    q = found[0][0]
    return q.value, q.unit, q.comparator, q.range


@pytest.mark.parametrize("text, expected", [
    ("学校应当保证学生每天体育锻炼的时间不少于1小时", (1.0, "小时", "≥", None)),
    ("班主任工作量按当地教师标准课时工作量的二分之一计算", (0.5, "", "=", None)),
    ("让每位学生掌握1-2项运动技能", (None, "项", "=", (1.0, 2.0))),
    ("帮助每位学生学会一至两项艺术技能", (None, "项", "=", (1.0, 2.0))),
    ("每班学生人数不超过45人", (45.0, "人", "≤", None)),
    ("优良率达到百分之八十以上", (80.0, "%", "≥", None)),
    ("作业时间控制在60分钟以内", (60.0, "分钟", "≤", None)),
    ("校长每学期听课不少于三十节", (30.0, "节", "≥", None)),
    ("接到报告后应当在二十四小时内处理", (24.0, "小时", "≤", None)),
])
def test_amounts_are_read_with_unit_and_comparator(text: str, expected: tuple) -> None:  # type: ignore[type-arg]
    assert first(text) == expected


@pytest.mark.parametrize("text", ["2021年4月15日发布", "小学一年级设置过渡性活动课程", "教好每一名学生", "建立一项制度",
                                  "制定学校管理一日常规", "第三十条规定", "统一命题", "每年九月十日为教师节",
                                  "建立科学合理的一日生活制度"])
def test_dates_grades_and_articles_are_no_amounts(text: str) -> None:
    assert quantities(text) == []


def test_a_bound_by_another_amount() -> None:
    q = relative("确保教师平均工资收入水平不低于当地公务员平均工资收入水平")
    assert q is not None and q.comparator == "≥" and q.value is None and "公务员" in q.text


def test_periods_and_deadlines() -> None:
    assert period("学生每日校内体育活动") == "每天"
    assert period("县级政府每年听取汇报") == "每年"
    assert period("每学期开展一次") == "每学期"
    assert period("建立制度") is None
    assert deadline("到2023年底，全面消除大班额") == "到2023年底"
    assert deadline("2014年底前完成改造") == "2014年底前"
    assert deadline("自收到申请之日起30日内作出决定") == "30日内"
    assert deadline("2021年4月15日印发") is None


@pytest.mark.parametrize("text, modality", [
    ("学校不得布置惩罚性作业。", "must_not"),
    ("严禁以任何方式公布学生成绩和排名。", "must_not"),
    ("学校应当建立安全制度。", "must"),
    ("各校要开齐开足体育课。", "must"),
    ("教师必须取得教师资格。", "must"),
    ("鼓励有条件的学校开展课后服务。", "encouraged"),
    ("积极探索分层设计校本作业。", "encouraged"),
    ("寄宿制学校原则上应配备专职生活教师。", "should"),
    ("力争到2025年实现优质均衡。", "target"),
    ("到2025年，全市义务教育巩固率达到99%。", "target"),
])
def test_modality_words(text: str, modality: str) -> None:
    r = ruling(text)
    assert r is not None and r.modality == modality


@pytest.mark.parametrize("text", ["因地制宜，创新备课形式。", "主要任务是提高质量。", "做好相应的准备工作和应急预案编制。"])
def test_words_that_only_look_modal(text: str) -> None:
    r = ruling(text, "法律")
    assert r is None or r.modality == "must" and r.confidence < 0.9


def test_a_plan_gives_orders_a_law_states_facts(tmp_path: Path) -> None:
    assert ruling("开齐开足开好体育课。", "实施方案") is not None
    assert ruling("开齐开足开好体育课。", "简报") is None
    assert ruling("全区现有中小学52所。", "实施方案") is None
    assert ruling("教师享有法律规定的权利。", "法律", has_actor=True) is None


def test_school_types_from_words_and_titles() -> None:
    assert types_in("初中学生每学年完成至少2次社会服务") >= {"初中"}
    assert "小学" not in types_in("初中学生每学年完成至少2次社会服务")
    assert types_in("提高校长队伍素质") == frozenset()  # 高校 inside 提高校长 is no university
    assert types_in("提高中小学教师待遇") >= {"小学", "初中", "普通高中"}
    assert scope_of("中华人民共和国学前教育法") == {"幼儿园"}
    assert scope_of("毕节市深化教育教学改革提高义务教育质量实施方案") == {"小学", "初中", "九年一贯制学校"}
    assert scope_of("中华人民共和国教师法") == frozenset()
    assert attributes_in("农村寄宿制学校应当配备生活教师") == ("寄宿制", "农村")
    assert attributes_in("公办民办学校同步招生") == ()


def test_actors_longest_word_first() -> None:
    names = [n for n, _ in VOCAB.actors_in("副校长和班主任")]
    assert names == ["副校长", "班主任"]


def test_one_sentence_two_kinds_of_school_two_requirements(tmp_path: Path) -> None:
    doc = doc_from(tmp_path, "某县劳动教育实施方案.txt", "某县劳动教育实施方案\n一、主要任务\n"
                   "1.开展社会服务。小学学生每学年完成1次社会服务，初中学生每学年完成至少2次社会服务。\n")
    reqs = [r for r in EX.document(doc) if "社会服务" in r.text and r.quantity]
    assert len(reqs) == 2
    primary, junior = reqs
    assert primary.req_id.endswith(".1") and junior.req_id.endswith(".2")
    assert "小学" in primary.school_types and "初中" not in primary.school_types
    assert "初中" in junior.school_types and "小学" not in junior.school_types
    assert primary.quantity and primary.quantity.value == 1 and primary.period == "每学年"
    assert junior.quantity and junior.quantity.comparator == "≥" and junior.quantity.value == 2
    assert "劳动教育" in junior.topics


def test_laws_lead_ins_penalties_and_definitions(tmp_path: Path) -> None:
    text = ("某省学校安全条例\n第一章 总则\n第一条 为了保障学校安全，制定本条例。\n"
            "第二条 本条例所称学校，是指中小学校。\n"
            "第三条 学校应当履行下列职责：\n（一）建立安全制度；\n（二）每学期开展不少于两次应急疏散演练；\n"
            "第四条 县级人民政府定期对学校校舍进行安全检查。\n"
            "第二章 法律责任\n第五条 学校有下列行为之一的，由教育行政部门责令改正：\n（一）未建立安全制度的；\n"
            "第六条 违反本条例规定的，由教育行政部门责令改正，给予警告。\n第七条 本条例自2020年1月1日起施行。\n")
    doc = doc_from(tmp_path, "某省学校安全条例.md", text)
    reqs = {r.text: r for r in EX.document(doc)}
    drill = next(r for t, r in reqs.items() if "应急疏散演练" in t)
    assert drill.modality == "must" and drill.actors == ("学校",)
    assert drill.quantity and drill.quantity.value == 2 and drill.quantity.comparator == "≥"
    assert drill.period == "每学期" and "安全" in drill.topics
    county = next(r for t, r in reqs.items() if "校舍" in t)
    assert county.actors == ("县级人民政府",) and county.period == "定期"
    for t in reqs:
        assert "制定本条例" not in t and "所称" not in t and "施行" not in t and "责令" not in t
        assert "未建立安全制度的" not in t


def test_overrides_change_fields_and_mark_reviewed() -> None:
    req = Requirement(req_id="d/1#1", doc_id="d", clause_id="d/1", sentence="学校应当…", text="学校应当…",
                      modality="must")
    out, stale = apply_overrides([req], {"d/1#1": {"modality": "should", "reviewed": True, "note": "x"},
                                         "gone#1": {"excluded": True}})
    assert out[0].modality == "should" and out[0].reviewed and stale == ["gone#1"]
    with pytest.raises(Exception, match="d/1#1"):
        apply_overrides([req], {"d/1#1": {"modality": "sometimes"}})


def test_select_keeps_a_schools_duties_for_its_kind() -> None:
    def req(n: int, kinds: tuple[str, ...], actors: tuple[str, ...], attrs: tuple[str, ...] = ()) -> Requirement:
        return Requirement(req_id=f"d/{n}#1", doc_id="d", clause_id=f"d/{n}", sentence="s", text=f"t{n}",
                           modality="must", school_types=kinds, actors=actors, attributes=attrs)

    cat = Catalog([req(1, ("小学",), ("学校",)), req(2, ("初中",), ("学校",)), req(3, (), ()),
                   req(4, (), ("县级人民政府",)), req(5, (), ("家长",)), req(6, (), ("学校",), ("寄宿制",))],
                  {"d": DocInfo("d", "某实施方案", "现行有效", "实施方案")}, VOCAB.groups)
    assert [r.text for r in cat.select(school_type="小学", attributes=("公办",))] == ["t1", "t3"]
    assert [r.text for r in cat.select(school_type="初中", attributes=("公办", "寄宿制"))] == ["t2", "t3", "t6"]


@pytest.mark.parametrize("text, expected", [
    ("总结推广20余种教学模式", (20.0, "种", ">")),
    ("周边五十米范围内不得建设", (50.0, "米", "≤")),
    ("不得招用已满十六周岁的未成年人", (16.0, "周岁", "≥")),
    ("设置一所规模为六个班以上的幼儿园", (6.0, "班", "≥")),
    ("每学期至少到家长学校开展一次志愿活动", (1.0, "次", "≥")),
    ("选拔十名卓越教师", (10.0, "名", "=")),
])
def test_more_ways_of_stating_an_amount(text: str, expected: tuple) -> None:  # type: ignore[type-arg]
    value, unit, comparator, _ = first(text)
    assert (value, unit, comparator) == expected


@pytest.mark.parametrize("text", ["每年三月份最后一周为安全教育周", "周六周日开展服务", "启动三年行动计划", "普及学前三年教育",
                                  "建立三个工作室", "开展新一轮课改"])
def test_months_weekdays_and_names_are_no_amounts(text: str) -> None:
    assert quantities(text) == []


@pytest.mark.parametrize("text, kind, modality", [
    ("到2013年底,通过义务教育均衡发展省级达标验收。", "工作计划", "target"),
    ("2022年底启动中期评估工作。", "工作计划", "target"),
    ("以“三名人才”为牵动,建立三个工作室。", "实施方案", "must"),
    ("一是严格贯彻义务教育招生政策。", "工作计划", "must"),
    ("小学一年级设置过渡性活动课程。", "实施方案", "must"),
    ("人民法院对未成年人刑事案件一律不公开审理。", "法律", "must_not"),
])
def test_milestones_orders_in_phrases_and_subjects(text: str, kind: str, modality: str) -> None:
    r = ruling(text, kind)
    assert r is not None and r.modality == modality


def test_stage_titles_and_headings_ask_nothing(tmp_path: Path) -> None:
    doc = doc_from(tmp_path, "某区推进计划.txt", "某区推进计划\n一、主要目标\n实施强师工程,培养百名骨干教师。\n"
                   "二、实施进度\n(一)总结提升阶段(2020.4-2020.12)验收认定,实现全面达标。\n"
                   "(二)加强常规管理,全面提高育人水平\n1.学校每学期至少组织一次教学质量分析。\n")
    reqs = EX.document(doc)
    assert not any("阶段" in r.text or r.text.startswith("加强常规管理") for r in reqs)
    goal = next(r for r in reqs if "骨干教师" in r.text)
    assert goal.modality == "target"  # an order in a 目标 section is a goal
    assert any("教学质量分析" in r.text and r.modality == "must" for r in reqs)


def test_the_modal_word_before_a_list_governs_its_items(tmp_path: Path) -> None:
    text = ("某市幼儿园条例\n第一章 总则\n第一条 为了规范幼儿园管理，制定本条例。\n"
            "第二条 幼儿园及其工作人员应当履行工作职责，不得实施下列行为：\n"
            "（一）体罚或者变相体罚幼儿；\n第三条 教育督导包括以下内容：\n（一）县级人民政府对学校的督导。\n"
            "第四条 本条例自2020年1月1日起施行。\n")
    reqs = EX.document(doc_from(tmp_path, "某市幼儿园条例.md", text))
    item = next(r for r in reqs if "体罚" in r.text)
    assert item.modality == "must_not" and "幼儿园" in item.actors
    assert not any("县级人民政府对学校" in r.text for r in reqs)  # a list of what something covers


@pytest.mark.parametrize("subject, actors", [
    ("县级以上人民政府其他有关部门", ("有关部门",)),
    ("家长或者学生", ("家长", "学生")),
    ("中小学校、幼儿园建筑设计", ()),
    ("民政部门、公安机关、人民法院等", ("民政部门", "公安机关", "人民法院")),
    ("人民法院对未成年人刑事案件", ("人民法院",)),
    ("县级以上人民政府审计机关", ("审计机关",)),
])
def test_actors_are_the_heads_of_the_subject(subject: str, actors: tuple[str, ...]) -> None:
    assert EX.actors(subject, subject + "应当") == actors


def test_scope_from_what_a_law_calls_its_students() -> None:
    from policykb.kb.schools import scope_defined

    found = scope_defined("第二条 本条例所称学生，是指在依法举办的普通中小学校、中等职业学校和高等学校全日制就读的受教育者。")
    assert {"小学", "初中", "普通高中", "中等职业学校"} <= found and "幼儿园" not in found
    assert "幼儿园" not in types_in("春季开学前,选取2个县开展试点")


def test_a_laws_rules_naming_nobody_are_a_schools_only_in_a_law_about_schools() -> None:
    def req(doc: str, n: int, text: str, actors: tuple[str, ...] = ()) -> Requirement:
        return Requirement(req_id=f"{doc}/{n}#1", doc_id=doc, clause_id=f"{doc}/{n}", sentence=text, text=text,
                           modality="must", actors=actors)

    safety = [req("s", 1, "学校应当建立安全制度", ("学校",)), req("s", 2, "教师应当…", ("教师",)),
              req("s", 3, "县级人民政府应当…", ("县级人民政府",)), req("s", 4, "校园周边应当设置警示标志"),
              req("s", 5, "娱乐场所不得接纳未成年人")]
    planning = [req("p", n, "县级人民政府应当…", ("县级人民政府",)) for n in range(1, 6)] + [
        req("p", 6, "中小学校、幼儿园布局规划应当报请批准"), req("p", 7, "学校应当…", ("学校",))]
    cat = Catalog(safety + planning, {"s": DocInfo("s", "某市学校安全条例", "现行有效", "地方性法规"),
                                      "p": DocInfo("p", "某市中小学校幼儿园规划建设条例", "现行有效", "地方性法规")},
                  VOCAB.groups)
    kept = [r.req_id for r in cat.select(school_type="小学")]
    assert kept == ["s/1#1", "s/2#1", "s/4#1", "p/7#1"]


def test_what_a_phrase_names_after_the_sentence_opened(tmp_path: Path) -> None:
    """A measure named first goes with what follows; a later phrase's object does not change the kinds of
    school the sentence opened with; a distance scope holds for each obligation after it."""
    doc = doc_from(tmp_path, "某省学校管理条例.txt", "某省学校管理条例\n"
                   "第一条 每天在校集中学习时间，小学不得超过五小时，中学不得超过七小时。\n"
                   "第二条 小学、幼儿园应当建立放学交接制度，不得将学生或者幼儿交给无关人员。\n"
                   "第三条 幼儿园应当科学保教，不得教授小学教育内容。\n"
                   "第四条 学校大门两侧各一百米范围内，禁止设置摊点，禁止停放车辆。\n"
                   "第五条 学校应当由一名副校长分管安全工作。\n")
    reqs = {r.req_id.rpartition("/")[2]: r for r in EX.document(doc)}
    primary = reqs["第一条#1.1"]
    assert primary.text.startswith("每天在校集中学习时间") and primary.period == "每天"
    assert primary.quantity and primary.quantity.value == 5 and "初中" not in primary.school_types
    handover = reqs["第二条#1.2"]
    assert handover.modality == "must_not" and {"小学", "幼儿园"} <= set(handover.school_types)
    assert reqs["第三条#1.2"].school_types == ("幼儿园",)
    parked = reqs["第四条#1.2"]
    assert parked.text.startswith("禁止停放") and parked.quantity and parked.quantity.value == 100
    named = reqs["第五条#1"]
    assert named.quantity and named.quantity.value == 1 and named.quantity.unit == "名"
    assert named.metric == "副校长"
    assert types_in("加大学前教育投入") == {"幼儿园"}


def test_a_rows_text_shows_the_sentences_opening_once(tmp_path: Path) -> None:
    """An obligation after the first is shown in its sentence, whole (never "……"); one that begins the
    sentence is shown as it is, not with its opening twice."""
    from policykb.kb.checklist import Row

    doc = doc_from(tmp_path, "某省学生健康条例.txt", "某省学生健康条例\n"
                   "第一条 每天在校集中学习时间，小学不得超过五小时，中学不得超过七小时。\n"
                   "第二条 对发生欺凌的，学校应当及时处置，并每学期报告一次。\n"
                   "第三条 本条例自2020年1月1日起施行。\n")
    reqs = {r.req_id.rpartition("/")[2]: r for r in EX.document(doc)}

    def shown(key: str) -> str:
        return Row(1, "安全", reqs[key], doc.title, "", "现行有效").cells()[2]

    assert shown("第一条#1.1") == "【禁止】每天在校集中学习时间，小学不得超过五小时"
    assert shown("第二条#1.2") == "对发生欺凌的，学校应当及时处置，并每学期报告一次。"  # whole, never "……"
