"""Ranking rules and the answer picker, on hand-made candidate clauses (no index needed)."""

from __future__ import annotations

import pytest

from policykb.corpus.models import Document, Source
from policykb.indexer.analyzer import Analyzer, Concept, load_lexicon
from policykb.indexer.evaluate import EvalQuestion, judge, load_questions, squash
from policykb.indexer.index import Hit
from policykb.indexer.lookup import resolve
from policykb.indexer.rank import match, proximity, rank
from policykb.indexer.search import MIN_COVERAGE, Picked, doubt, for_school, pick, strip_marker

A = Analyzer(load_lexicon())


def hit(clause_id: str, text: str, *, score: float = 1.0, status: str = "现行有效", title: str = "某办法",
        doc_id: str | None = None, crumbs: str = "", kind: str = "实施方案") -> Hit:
    return Hit(clause_id=clause_id, doc_id=doc_id or clause_id.split("/")[0], doc_title=title, path="1",
               text=text, crumbs=crumbs, status=status, kind=kind, issued=None, order=0, score=score)


def flat(concept: Concept) -> float:
    return 1.0


def ranked_ids(question: str, hits: list[Hit]) -> list[str]:
    return [s.hit.clause_id for s in rank(hits, A.question(question), flat)]


def test_key_words_close_together_beat_the_same_words_scattered() -> None:
    near = hit("a/1", "班主任工作量按标准课时计算。")
    far = hit("b/1", "班主任要关心学生，思想教育要有针对性，每学期的工作量由学校统一安排后计算。")
    assert ranked_ids("班主任工作量如何计算", [far, near])[0] == "a/1"
    assert proximity([[(0, 3)], [(3, 6)]]) == 1.0
    assert proximity([[(0, 3)], [(30, 33)]]) < 0.3
    assert proximity([[(0, 4)], [(2, 6)]]) == 1.0  # overlapping matches are not counted twice


def test_the_number_asked_for_is_not_a_gap_between_the_words() -> None:
    # 每天 [1小时] 体育活动时间: the answer sits between the words asked about
    assert proximity([[(0, 2)], [(5, 9)]]) < 0.8
    assert proximity([[(0, 2)], [(5, 9)]], free=[(2, 5)]) == 1.0
    inside = hit("a/1", "规范大课间活动，保证中小学生每天1小时体育活动时间，为学生营造良好空间。")
    apart = hit("b/1", "学校应当保证学生每天体育锻炼的时间不少于1小时。", score=1.2)
    assert ranked_ids("学生每天体育活动时间是多少", [apart, inside])[0] == "a/1"


def test_quantity_questions_prefer_a_sentence_with_a_number() -> None:
    vague = hit("a/1", "校长要坚持听课评课，深入课堂听课。", score=3.0)
    counted = hit("b/1", "校长每学期听课不少于30节。")
    assert ranked_ids("校长每学期听课多少节", [vague, counted])[0] == "b/1"


def test_permission_questions_prefer_a_sentence_that_rules() -> None:
    talk = hit("a/1", "学校布置作业要分层设计，作业要精选。", score=3.0)
    rule = hit("b/1", "学校不得布置惩罚性作业。")
    assert ranked_ids("学校可以布置惩罚性作业吗", [talk, rule])[0] == "b/1"


def test_synonyms_match_but_the_word_asked_counts_more() -> None:
    concept = A.question("老师").concepts[0]
    assert match(concept, "教师应当")[0] < match(concept, "老师应当")[0]
    assert match(concept, "教师应当")[0] > 0.5
    assert match(concept, "学生")[0] == 0.0


def test_a_listed_violation_is_not_the_rule() -> None:
    case = hit("a/1", "安排学生每天体育锻炼的时间少于一小时的；", score=3.0)
    rule = hit("b/1", "学校应当保证学生每天体育锻炼的时间不少于一小时。")
    assert ranked_ids("学生每天体育锻炼时间有什么要求", [case, rule])[0] == "b/1"


def test_current_version_first_and_near_duplicates_merged() -> None:
    text = "学校不得开除义务教育阶段的学生。"
    old = hit("法(2006)/第二十七条", text, score=5.0, status="已被修订", title="义务教育法", doc_id="法(2006)")
    new = hit("法(2018)/第二十七条", text + "", score=4.0, title="义务教育法", doc_id="法(2018)")
    other = hit("条例/第九条", "学校不得开除学生，但可以给予处分。", score=1.0, title="某条例")
    out = rank([old, new, other], A.question("学校能开除学生吗"), flat)
    assert out[0].hit.clause_id == "法(2018)/第二十七条"
    assert out[0].also_in == ["法(2006)/第二十七条"]
    assert [s.hit.clause_id for s in out].count("法(2006)/第二十七条") == 0


def test_differing_versions_both_stay_current_first() -> None:
    old = hit("法(2006)/第五条", "教师每年培训不少于二十学时。", score=2.0, status="已被修订", title="某法", doc_id="法(2006)")
    new = hit("法(2018)/第五条", "教师每五年累计培训不少于三百六十学时，由学校统一组织。", score=2.0, title="某法",
              doc_id="法(2018)")
    out = [s.hit.clause_id for s in rank([old, new], A.question("教师培训多少学时"), flat)]
    assert set(out) == {"法(2006)/第五条", "法(2018)/第五条"}


def flat_weights(q: object) -> list[float]:
    return [1.0] * len(q.concepts)  # type: ignore[attr-defined]


def answer_of(ranked: list, q: object) -> str | None:  # type: ignore[type-arg]
    """The answer shown, whether sure or likely."""
    return pick(ranked, q, flat_weights(q)).answer  # type: ignore[arg-type]


def not_sure(ranked: list, q: object) -> bool:  # type: ignore[type-arg]
    """Something speaks against the first sentence, and it is not given as a confident answer (a
    single candidate is far ahead of the none after it, so it may still be the likely one)."""
    return doubt(ranked[0], q) is not None and pick(ranked, q, flat_weights(q)).confidence != "answer"  # type: ignore[arg-type]


def test_the_picker_answers_with_the_sentence_or_says_it_has_none() -> None:
    q = A.question("班主任工作量如何计算")
    good = rank([hit("a/1", "13.提升班主任工作水平。班主任工作量按标准课时工作量的二分之一计算。")], q, flat)
    picked = pick(good, q, flat_weights(q))
    assert picked.answer == "班主任工作量按标准课时工作量的二分之一计算。" and picked.note is None
    assert picked.confidence == "answer"
    weak = rank([hit("a/1", "加强班主任队伍建设。")], q, flat)
    assert doubt(weak[0], q) is not None and pick(weak, q, flat_weights(q)).confidence != "answer"
    assert pick([], q, []) == Picked(None, "none", "文库中没有条款用到这些词")
    numberless = A.question("班主任工作量是多少")
    only_words = rank([hit("a/1", "班主任工作量要合理计算。")], numberless, flat)
    assert not_sure(only_words, numberless)  # a number was asked for


def test_answers_lose_the_article_number_they_start_with() -> None:
    assert strip_marker("第二十七条 学校不得开除学生。") == "学校不得开除学生。"
    assert strip_marker("13.提升班主任工作水平。") == "提升班主任工作水平。"
    assert strip_marker("（三）加强管理。") == "加强管理。"
    assert strip_marker("第一条") == "第一条"  # nothing would be left


def test_school_type_reorders_without_dropping() -> None:
    q = A.question("学生每学年完成几次社会服务")
    primary = hit("a/1", "小学学生每学年完成1次社会服务。", score=2.0)
    junior = hit("b/1", "初中学生每学年完成至少2次社会服务。", score=1.0)
    ranked = rank([primary, junior], q, flat)
    assert [s.hit.clause_id for s in for_school(ranked, "初中")] == ["b/1", "a/1"]
    assert [s.hit.clause_id for s in for_school(ranked, "小学")][0] == "a/1"


def doc(doc_id: str, title: str, status: str = "现行有效") -> Document:
    return Document(doc_id=doc_id, title=title, kind="法律", status=status, text="",
                    source=Source(path=f"{doc_id}.md", sha256="0" * 64, format="md"))


def test_loose_document_names_resolve() -> None:
    docs = [doc("义务教育法(2006-06-29)", "中华人民共和国义务教育法", "已被修订"),
            doc("义务教育法(2018-12-29)", "中华人民共和国义务教育法"),
            doc("上海市实施义务教育法办法", "上海市实施《中华人民共和国义务教育法》办法"),
            doc("毕节方案", "毕节市深化教育教学改革提高义务教育质量实施方案（征求意见稿）")]
    assert resolve("义务教育法", docs).doc_id == "义务教育法(2018-12-29)"
    assert resolve("毕节方案", docs).doc_id == "毕节方案"
    assert resolve("毕节实施方案", docs).doc_id == "毕节方案"
    assert resolve("上海义务教育法办法", docs).doc_id == "上海市实施义务教育法办法"
    assert resolve("天津幼儿园条例", docs) is None


def test_eval_matching_ignores_punctuation_and_width() -> None:
    assert squash("到2014年底，特殊教育学校") == squash("到２０１４年底,特殊教育学校")
    q = EvalQuestion("x", "问", ("不得开除",))
    out = judge(q, ["学校应当教育。", "学校不得 开除学生。"], "学校不得开除学生。")
    assert out.rank == 2 and out.answer_hit
    assert judge(q, ["无关"], None).rank is None


def test_question_files_are_checked_line_by_line(tmp_path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "a", "question": "问", "gold": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(Exception, match="第 2 行"):
        load_questions(bad)


def test_a_definition_question_prefers_the_sentence_that_defines() -> None:
    uses = hit("a/1", "支持幼儿园实施融合教育，为开展融合教育的幼儿园提供支持。")
    defines = hit("b/1", "融合教育是指将对残疾学生的教育最大程度地融入普通教育。")
    for question in ("融合教育指的是啥", "什么是融合教育", "融合教育是什么意思"):
        assert "definition" in A.question(question).intents, question
        assert ranked_ids(question, [uses, defines])[0] == "b/1", question


def test_the_place_a_title_starts_with_counts_as_said() -> None:
    shanghai = hit("sh/1", "法治副校长应当每学年开展不少于四课时的法治教育。", title="上海市中小学法治副校长工作规定")
    other = hit("x/1", "法治副校长应当每学年开展不少于四课时的法治教育。", title="某省中小学法治副校长工作规定")
    q = A.question("上海的法治副校长一年至少上几节法治课")
    scored = rank([other, shanghai], q, flat)
    assert scored[0].hit.clause_id == "sh/1" and scored[0].coverage > scored[1].coverage


def test_talk_no_document_uses_neither_ranks_nor_holds_back_an_answer(bundled_built) -> None:
    from policykb.indexer.library import Library

    lib = Library.open(bundled_built)
    try:
        engine = lib.current_engine()
        q = engine.analyzer.question("课间娃们追着打闹，学校要派人看着吗")
        weights = {c.word: engine.weight(c) for c in q.concepts}
        assert weights["看着"] == 0.0 and weights["打闹"] > 0  # a verb no document uses; a word they do
        assert engine.ask("课间娃们在走廊追着打闹，学校要派人看着吗").answer  # answered despite the talk
        # a rare thing no document names still holds the answer back
        assert engine.ask("学校给老师报销差旅费最晚多久").answer is None
    finally:
        lib.close()


def test_a_who_question_prefers_the_sentence_naming_whom_to_tell() -> None:
    register = hit("a/1", "劝返无效的，学校应当做好登记。")
    report = hit("b/1", "劝返无效的，应当书面报告教育行政部门。")
    assert "who" in A.question("学生不来上学，劝返无效要跟谁说").intents
    assert ranked_ids("劝返无效的要跟谁说", [register, report])[0] == "b/1"


def test_a_defining_sentence_answers_a_definition_question_that_says_more() -> None:
    weights = {"同学": 3.0, "之间": 2.0, "程度": 3.0, "法律": 2.0, "上": 0.5, "欺凌": 5.0}

    def weight(concept: Concept) -> float:
        return weights.get(concept.word, 1.0)

    q = A.question("同学之间闹到什么程度法律上才算欺凌")
    defines = rank([hit("a/1", "学生欺凌，是指发生在学生之间，一方蓄意通过肢体、语言等手段实施欺压的行为。")], q, weight)
    assert 0.5 <= defines[0].coverage < MIN_COVERAGE and answer_of(defines, q)  # below the usual bar, still the answer
    q = A.question("同学之间闹到什么程度法律上算欺凌呢")
    assert "definition" not in q.intents
    plain = rank([hit("a/1", "学生欺凌发生在学生之间，一方蓄意通过肢体、语言等手段实施欺压。")], q, weight)
    assert plain[0].coverage < MIN_COVERAGE and not_sure(plain, q)  # not a definition: the usual bar


def test_a_yes_no_question_is_answered_by_a_rule_in_any_form() -> None:
    q = A.question("学校食堂能不能承包给别人经营")
    rules = rank([hit("a/1", "学校食堂不得承包给个人经营。")], q, flat)
    assert answer_of(rules, q) == "学校食堂不得承包给个人经营。"
    # a plan rules in the imperative, a law also by stating: no 应当 needed
    q = A.question("幼儿园老师评职称是不是和中小学老师一个待遇")
    states = rank([hit("a/1", "幼儿园教师在职称评定、岗位聘任等方面享有与中小学教师同等的待遇。", kind="法律")], q, flat)
    assert answer_of(states, q) == "幼儿园教师在职称评定、岗位聘任等方面享有与中小学教师同等的待遇。"


def test_a_number_question_with_a_modal_word_is_answered_by_the_number() -> None:
    q = A.question("教龄满多少年退休能拿全额退休金")
    assert {"modality", "number"} <= q.intents
    scored = rank([hit("a/1", "教龄满30年的中小学退休教师享受100％的退休金待遇。")], q, flat)
    assert answer_of(scored, q) == "教龄满30年的中小学退休教师享受100％的退休金待遇。"  # no 应当 needed


def test_a_definition_answers_when_a_question_asks_which_times() -> None:
    q = A.question("教育教学活动期间指的是哪些时候")
    assert {"definition", "number"} <= q.intents
    defines = rank([hit("a/1", "教育教学活动期间，是指在校内活动期间和寄宿制学生住宿期间。")], q, flat)
    assert answer_of(defines, q) == "教育教学活动期间，是指在校内活动期间和寄宿制学生住宿期间。"
    says = rank([hit("a/1", "教育教学活动期间学校应当加强管理。")], q, flat)
    assert not_sure(says, q)  # no definition and no number: no answer


def test_a_long_account_of_what_was_done_ranks_below_the_rule_itself() -> None:
    story = ("区委、区政府始终坚持教育优先发展战略，把推进义务教育均衡发展作为改善民生的重要任务，列入全区经济社会发展"
             "总体目标，先后制定出台了规划纲要、五年规划和实施意见等文件，提出了2013年全区通过义务教育均衡发展省级达标验收"
             "的目标，制定了着力实施学校标准化建设、加强干部教师队伍、完善经费保障机制、大力提升教育质量等一系列政策措施")
    rule = "到2013年底，通过义务教育均衡发展省级达标验收。"
    assert len(story) > 150
    assert ranked_ids("义务教育均衡发展省级验收最晚什么时候通过", [hit("a/1", story), hit("b/1", rule)])[0] == "b/1"


def test_a_number_asked_in_a_unit_is_answered_in_that_unit_or_one_like_it() -> None:
    q = A.question("寒假放多少天")
    assert [c.word for c in q.concepts if c.unit] == ["天"]
    assert not_sure(rank([hit("a/1", "学校寒假期间应当向学生开放体育设施。")], q, flat), q)  # 寒假 is no number of days
    assert answer_of(rank([hit("a/1", "寒假放假时间为二十日。")], q, flat), q) == "寒假放假时间为二十日。"  # 日 for 天
    q = A.question("女老师五十岁退休还是五十五岁退休", known=lambda w: w not in ("五十岁", "五十五岁", "十岁", "十五岁"))
    assert "岁" in [c.word for c in q.concepts if c.unit]  # a number said with its unit: the answer must say N岁
    said = rank([hit("a/1", "女教师教龄满二十五年退休的，享受全额退休金。")], q, flat)
    assert not_sure(said, q)


def test_a_special_case_not_asked_about_is_not_the_answer() -> None:
    clause = ("事故发生后，学校应当在24小时内将有关情况报告区、县教育行政部门；"
              "属于重大事故的，应当在2小时内报告区、县教育行政部门。")
    q = A.question("学生受伤了，学校得多长时间内报告教育局？")
    best = rank([hit("a/1", clause)], q, flat)[0]
    assert best.sentence.startswith("事故发生后")
    q = A.question("重大事故学校得多长时间内报告教育局？")
    assert rank([hit("a/1", clause)], q, flat)[0].sentence.startswith("属于重大事故的")


def test_weeks_asked_are_not_answered_by_a_holiday_the_question_named() -> None:
    q = A.question("中小学寒假一般放几个星期？")
    assert [c.word for c in q.concepts if c.unit] == ["星期"]
    opened = rank([hit("a/1", "寒暑假期间，中小学校的体育设施应当开放。")], q, flat)
    assert not_sure(opened, q)  # 暑假 in 寒暑假 is a time word, no number of weeks
    q = A.question("学校什么时候组织体检")
    said = rank([hit("a/1", "学校应当在每年寒假前组织学生体检。")], q, flat)
    assert answer_of(said, q) == "学校应当在每年寒假前组织学生体检。"  # a time word the question did not say answers 什么时候


def test_a_part_after_a_semicolon_keeps_the_subject_it_needs() -> None:
    from policykb.indexer.rank import Scored
    from policykb.indexer.search import expand

    h = hit("a/1", "第十条 学校应当建立食堂管理制度；不得将食堂承包给个人。其他事项另行规定。")
    assert expand(Scored(h, 1.0, "不得将食堂承包给个人。", 1, 1)) == "学校应当建立食堂管理制度；不得将食堂承包给个人。"
    assert expand(Scored(h, 1.0, "其他事项另行规定。", 1, 1)) == "其他事项另行规定。"  # a sentence of its own


def test_a_fee_waived_is_a_ruling() -> None:
    from policykb.indexer.rank import _MODAL

    assert _MODAL.search("课后服务费用由政府承担，不收取学生任何费用。")
    assert not _MODAL.search("按照相应标准供应午餐。")  # 应 inside 相应, 供应 is no modal
    assert _MODAL.search("学校应建立安全制度。")


def test_a_preamble_of_title_records_and_dates_ranks_below_a_rule() -> None:
    preamble = hit("a/前言", "某市学校安全条例\n2012年7月1日 施行\n2011年12月27日 某市第十三届人民代表大会常务委员会第三十六次会议通过",
                   title="某市学校安全条例")
    preamble = Hit(**{**preamble.__dict__, "order": 0})
    rule = hit("a/第十条", "学校每学年应当组织一次安全教育周活动。", title="某市学校安全条例")
    assert ranked_ids("某市学校安全教育周什么时候", [preamble, rule])[0] == "a/第十条"
    from policykb.indexer.rank import score_clause

    q = A.question("某市学校安全条例什么时候施行")
    body = Hit(**{**preamble.__dict__, "order": 3})  # the same lines inside the text: not a preamble
    weights = [1.0] * len(q.concepts)
    assert score_clause(preamble, q, weights, 1.0).score < 0.6 * score_clause(body, q, weights, 1.0).score


def test_a_permission_is_never_shown_without_its_proviso() -> None:
    from policykb.indexer.rank import Scored
    from policykb.indexer.search import expand

    h = hit("a/第十九条", "第十九条 举办者可以自主选择设立非营利性或者营利性民办学校。但是，不得设立实施义务教育的营利性民办学校。其他另行规定。")
    said = expand(Scored(h, 1.0, "第十九条 举办者可以自主选择设立非营利性或者营利性民办学校。", 1, 1))
    assert said.endswith("但是，不得设立实施义务教育的营利性民办学校。") and "其他另行规定" not in said
