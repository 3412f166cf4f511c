"""The clause tree on small inputs, and the property that clauses tile the cleaned text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykb.corpus.clean import clean
from policykb.corpus.tree import parse_clauses


def paths(text: str) -> list[str]:
    return [c.path for c in parse_clauses("D", text)]


def test_policy_numbering_nests_and_paths_use_full_width_brackets() -> None:
    text = "某市方案\n一、总体要求\n(一)工作目标\n1.提高质量。\n2.减轻负担。\n（二）重点任务\n(1)开展活动。\n①每周一次。\n二、保障措施"
    assert paths(text) == ["前言", "一", "一/（一）", "一/（一）/1", "一/（一）/2", "一/（二）", "一/（二）/（1）",
                           "一/（二）/（1）/①", "二"]
    clauses = parse_clauses("D", text)
    assert clauses[2].heading == "工作目标" and clauses[2].parent_id == "D/一"
    assert clauses[3].text == "1.提高质量。"


def test_inline_numbering_in_run_on_text_is_split_only_where_the_sequence_expects_it() -> None:
    text = ("实施方案为贯彻精神，特制定本方案。一、指导思想坚持立德树人。二、重点任务(一)规范办学行为坚持依法治校。"
            "比例为全市学校的30%。(二)促进学生发展每天锻炼1小时。三、进度安排(一)动员阶段(2018.12018.4)制定方案。"
            "(二)实施阶段(2018.52020.3)1.第一阶段(2018.52018.8)对标自评。2.第二阶段开展验收。")
    assert paths(text) == ["前言", "一", "二", "二/（一）", "二/（二）", "三", "三/（一）", "三/（二）",
                           "三/（二）/1", "三/（二）/2"]
    clauses = parse_clauses("D", text)
    assert clauses[1].heading == "指导思想"


def test_a_number_inside_a_sentence_is_not_a_marker() -> None:
    text = "一、总体要求\n学校每学期至少听课30节。教师达到2.5倍。共有3、4个班。"
    assert paths(text) == ["一"]


def test_law_numbering_articles_paragraphs_and_items() -> None:
    text = ("中华人民共和国测试法\n2018年12月29日 通过\n第一章 总　　则\n第一条 为了测试，制定本法。\n"
            "第二条 国家实行九年义务教育制度。\n实施义务教育，不收学费、杂费。\n第二章 学生\n"
            "第三条 有下列情形之一的，学校应当处理：\n（一）甲；\n（二）乙。\n有前款情形的，应当报告。")
    assert paths(text) == ["前言", "第一章", "第一章/第一条", "第一章/第二条", "第一章/第二条/2", "第二章",
                           "第二章/第三条", "第二章/第三条/（一）", "第二章/第三条/（二）", "第二章/第三条/2"]
    clauses = parse_clauses("L", text)
    assert clauses[1].heading == "总则"
    assert clauses[4].text == "实施义务教育，不收学费、杂费。"
    assert clauses[4].parent_id == "L/第一章/第二条"


def test_a_two_article_text_is_in_articles_but_a_plan_quoting_two_stays_a_plan() -> None:
    short = clean("某市课后服务管理办法\n第一条 为规范课后服务，制定本办法。\n第二条 学校应当每周至少开展五次课后服务。\n")
    assert [c.path for c in parse_clauses("d", short.text)] == ["前言", "第一条", "第二条"]
    items = clean("某市课后服务管理办法\n第一条 为规范课后服务，制定本办法。\n第二条 学校应当做到：\n（一）每周五天；\n（二）每天两小时。\n")
    assert [c.path for c in parse_clauses("d", items.text)] == ["前言", "第一条", "第二条", "第二条/（一）",
                                                                  "第二条/（二）"]
    plan = clean("某县实施方案\n一、总体要求\n第一条 这是引用。\n第二条 这也是引用。\n二、主要任务\n学校应当开展服务。\n")
    assert [c.path for c in parse_clauses("d", plan.text)] == ["前言", "一", "二"]


def test_long_unnumbered_text_is_split_at_sentence_ends_not_truncated() -> None:
    sentence = "各学校要坚持依法治教依法治校落实义务教育免试就近入学制度。"
    text = "一、总体要求\n" + sentence * 40
    clauses = parse_clauses("D", text)
    assert [c.path for c in clauses][:3] == ["一", "一/¶2", "一/¶3"]
    assert all(c.text.endswith("。") for c in clauses)
    assert "".join(c.text for c in clauses).replace("\n", "") == text.replace("\n", "")


def test_duplicate_paths_get_a_suffix() -> None:
    assert paths("1.甲。\n1.乙。") == ["1", "1~2"]


PIECES = st.sampled_from([
    "一、", "二、", "(一)", "（二）", "1.", "2、", "(1)", "①", "第一条 ", "第二条 ", "第一章 ", "学校", "教师每年培训",
    "不少于24学时", "。", "，", "\n", "\n\n", "(2018.5)", "30%", "L", "2 .", "资源描述\n", "第1页 / 共3页\n", " ",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=60))
def test_clauses_cover_the_cleaned_text_exactly_once(pieces: list[str]) -> None:
    text = clean("".join(pieces)).text
    clauses = parse_clauses("D", text)
    if not text:
        return
    assert clauses[0].span[0] == 0
    assert clauses[-1].span[1] == len(text)
    ordered = sorted(c.span for c in clauses)
    for (_, end), (start, _) in zip(ordered, ordered[1:], strict=False):
        assert end == start
    assert "".join(text[a:b] for a, b in ordered) == text
    ids = [c.clause_id for c in clauses]
    assert len(ids) == len(set(ids))
    assert all(c.parent_id in ids for c in clauses if c.parent_id)


@settings(max_examples=50, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_ids_are_identical_on_every_parse(pieces: list[str]) -> None:
    text = clean("".join(pieces)).text
    assert parse_clauses("D", text) == parse_clauses("D", text)


def test_the_lead_in_of_an_item_is_its_parents_closing_colon_sentence() -> None:
    from policykb.corpus.tree import lead_in

    assert lead_in("第三条 学校及其教职工不得有下列行为：") == "学校及其教职工不得有下列行为："
    assert lead_in("第九条 学校应当做好安全工作。公安机关应当履行下列职责:") == "公安机关应当履行下列职责:"
    assert lead_in("第十条 学校应当建立安全制度。") == ""


def test_full_width_and_arabic_numbering_is_structure() -> None:
    """第２条 (full-width digits, common in text copied from Word or web pages) and 第2条 are
    articles; １．and （１） are items. Numbering is read after folding the digits, the text keeps
    them as printed (issue 27: such a file was one 前言 clause)."""
    from policykb.corpus.tree import is_law, parse_clauses

    law = "某县学校管理办法\n第１条 为了规范学校管理，制定本办法。\n第２条 学校应当建立安全制度。\n" \
          "第３条 教师应当每学期参加培训。\n第１０条 本办法自发布之日起施行。\n"
    assert is_law(law)
    clauses = parse_clauses("d", law)
    assert [c.path for c in clauses] == ["前言", "第1条", "第2条", "第3条", "第10条"]
    assert clauses[2].text.startswith("第２条 学校应当") and law[slice(*clauses[2].span)].strip() == clauses[2].text
    ascii_law = law.translate(str.maketrans("０１２３", "0123"))
    assert [c.path for c in parse_clauses("d", ascii_law)] == ["前言", "第1条", "第2条", "第3条", "第10条"]
    plan = "某县学校安全管理实施方案\n一、总体要求\n１．学校应当建立安全制度。\n２．教师应当参加培训。\n（１）每学期两次。\n"
    assert [c.path for c in parse_clauses("d", plan)] == ["前言", "一", "一/1", "一/2", "一/2/（1）"]


def test_a_clause_is_labelled_as_a_reader_cites_it() -> None:
    """The path stays the id (二/（三）/13); what a reader sees is how the clause is cited."""
    from policykb.corpus.tree import clause_label

    assert clause_label("第三章/第三十九条/3") == "第三十九条第三款"  # articles number through a law
    assert clause_label("第二章/第八条/（三）") == "第八条第三项"
    assert clause_label("第五章/第七十条/2/（一）") == "第七十条第二款第一项"
    assert clause_label("第十条/（二）/1") == "第十条第二项第一目"
    assert clause_label("第三章") == "第三章"  # a chapter alone stays
    assert clause_label("二/（三）/13") == "二、（三）13"
    assert clause_label("四/（二）") == "四、（二）"
    assert clause_label("一/1/（1）") == "一、1.（1）"
    assert clause_label("二/（三）/13/¶2") == "二、（三）13（第2段）"  # a piece of an overlong clause
    assert clause_label("第二十条~2") == "第二十条（第2处）"  # the numbering printed twice
    assert clause_label("前言") == "前言"


def test_a_clause_label_is_not_broken_across_lines() -> None:
    from rich._wrap import divide_line

    from policykb.tui.linebreak import kinsoku

    text = "1. 毕节市深化教育教学改革提高义务教育质量实施方案（征求意见稿） · 二、（三）13  征求意见稿"
    for width in range(20, 70):
        breaks = kinsoku(divide_line)(text, width)
        lines = [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]
        assert "".join(lines) == text
        assert any("二、（三）13" in line for line in lines), (width, lines)
