"""The analyzer: tokens for the index, questions taken apart, dictionary and synonyms as data."""

from __future__ import annotations

from pathlib import Path

from policykb.indexer.analyzer import Analyzer, load_lexicon


def analyzer(user_dir: Path | None = None) -> Analyzer:
    return Analyzer(load_lexicon(user_dir))


def test_index_tokens_are_search_mode_without_stop_words_or_punctuation() -> None:
    tokens = analyzer().index_tokens("班主任的工作量，按标准课时计算。")
    assert {"班主", "主任", "班主任", "工作量", "计算"} <= set(tokens)
    assert "的" not in tokens and "，" not in tokens and "。" not in tokens


def test_domain_dictionary_keeps_education_terms_whole() -> None:
    a = analyzer()
    for term in ("县管校聘", "课后服务", "控辍保学", "校本教研", "集团化办学"):
        assert term in a.cut(f"推进{term}工作"), term


def test_text_is_normalised_full_width_digits_and_case() -> None:
    assert analyzer().index_tokens("ＡＢＣ ２０２２年") == ["abc", "2022", "年"]


def test_bigrams_cover_every_run_of_chinese_characters() -> None:
    assert Analyzer.bigrams("双减政策，A级") == ["双减", "减政", "政策"]


def test_question_words_are_dropped_and_intents_kept() -> None:
    a = analyzer()
    q = a.question("班主任工作量如何计算")
    assert [c.word for c in q.concepts] == ["班主任", "工作量", "计算"]
    assert q.intents == frozenset()
    q = a.question("校长每学期至少听课多少节")
    assert "多少" not in [c.word for c in q.concepts]
    assert "number" in q.intents
    unit = [c for c in q.concepts if c.unit]
    assert [c.word for c in unit] == ["节"]  # 多少节 asks for a count of 节
    q = a.question("可以布置惩罚性作业吗")
    assert "modality" in q.intents and "吗" not in [c.word for c in q.concepts]
    q = a.question("大队辅导员由谁担任")
    assert "who" in q.intents and "谁" not in [c.word for c in q.concepts]


def test_question_word_glued_to_its_unit_is_split() -> None:
    q = analyzer().question("儿童满几周岁入学")
    words = {c.word: c.unit for c in q.concepts}
    assert words.get("周岁") is True and "满几" not in words and "number" in q.intents


def test_synonyms_expand_both_ways_and_merge_groups() -> None:
    a = analyzer()
    assert "教师" in a.synonyms("老师") and "老师" in a.synonyms("教师")
    assert {"退学", "劝退"} <= set(a.synonyms("开除"))
    assert {"体育活动", "体育运动"} <= set(a.synonyms("体育锻炼"))
    assert a.synonyms("老师")[0] == "老师"  # the word asked comes first
    assert a.synonyms("无此词") == ("无此词",)


def test_users_extend_dictionary_and_synonyms_in_the_library_home(tmp_path: Path) -> None:
    (tmp_path / "synonyms.txt").write_text("# mine\n学伴 同学 同伴\n老师 先生\n", encoding="utf-8")
    (tmp_path / "dict.txt").write_text("学伴计划 100 n\n", encoding="utf-8")
    base, mine = load_lexicon(), load_lexicon(tmp_path)
    a = Analyzer(mine)
    assert {"同学", "同伴"} <= set(a.synonyms("学伴"))
    assert {"教师", "先生"} <= set(a.synonyms("老师"))  # merged with the bundled group
    assert "学伴计划" in a.cut("推进学伴计划")
    assert mine.fingerprint != base.fingerprint  # a dictionary change asks for a re-index
    (tmp_path / "dict.txt").unlink()
    assert load_lexicon(tmp_path).fingerprint == base.fingerprint  # synonyms alone need none


def test_questions_full_of_search_syntax_or_very_long_are_taken_apart() -> None:
    a = analyzer()
    q = a.question('班主任 AND (工作量 OR "课时") NOT * ? ~ : [ ] 计算')
    assert "班主任" in [c.word for c in q.concepts]
    assert all(ch not in c.word for c in q.concepts for ch in '()"*?~:[]')
    q = a.question("班主任工作量" * 2000)
    assert 0 < len(q.concepts) <= 48


def test_everyday_words_reach_the_documents_words_one_way_and_below_a_synonym(tmp_path: Path) -> None:
    from policykb.indexer.rank import EVERYDAY_CREDIT, SYNONYM_CREDIT, match

    a = analyzer()
    q = a.question("有商家想进学校发传单，娃住校吗")
    words = {c.word: c for c in q.concepts}
    assert "发传单" in words and "散发" in words["发传单"].everyday  # joined from jieba's 发 + 传单
    assert "学生" in words["娃"].everyday and "寄宿" in words["住校"].everyday
    assert "想" not in words  # a filler is no concept
    assert "娃" in [c.word for c in a.question("班里有娃被欺负了").concepts]  # jieba's 有娃 split again
    assert a.question("学生住哪").concepts[0].everyday == ()  # one way: 学生 does not become 娃
    assert [c.word for c in a.question("学校一年开几次运动会").concepts if c.word.startswith("运动")] == ["运动会"]
    assert match(words["娃"], "学生不得携带手机")[0] == EVERYDAY_CREDIT < SYNONYM_CREDIT
    assert match(words["娃"], "娃")[0] == 1.0
    (tmp_path / "everyday.txt").write_text("崽 学生 幼儿\n", encoding="utf-8")
    assert analyzer(tmp_path).question("崽的作业").concepts[0].everyday == ("学生", "幼儿")


def test_a_time_of_day_as_said_reaches_the_way_documents_write_it() -> None:
    from policykb.indexer.analyzer import clock_times
    from policykb.indexer.rank import EVERYDAY_CREDIT, match

    assert clock_times("晚上十点以后") == [("十点", ("二十二时", "22时", "22:00", "22点")), ("晚上", ())]
    assert clock_times("早上7点前")[0] == ("7点", ("七时", "7时", "7:00", "7点"))
    assert clock_times("下午3点半")[0][1][0] == "十五时三十分"
    q = analyzer().question("游戏公司晚上十点以后还能让小孩玩游戏吗")
    words = {c.word: c for c in q.concepts}
    assert "晚上" not in words  # the hour says it
    assert match(words["十点"], "不得在每日二十二时至次日八时提供网络游戏服务")[0] == EVERYDAY_CREDIT


def test_a_word_jieba_made_up_from_talk_is_cut_again_when_no_document_uses_it() -> None:
    a = analyzer()
    said = "爸妈出去打工了，娃能托给别人带吗"
    assert "娃能" in [c.word for c in a.question(said).concepts]  # jieba's HMM glues 娃 to 能

    def nowhere(word: str) -> bool:
        return False

    words = {c.word: c for c in a.question(said, known=nowhere).concepts}
    assert "娃能" not in words and "学生" in words["娃"].everyday
    # a word the documents use is kept
    assert "娃能" in [c.word for c in a.question(said, known=lambda w: True).concepts]
    # two characters the dictionary holds only apart are two words: 谁来聘 asks about 聘 (聘任)
    assert "聘" in [c.word for c in a.question("民办学校的校长是谁来聘", known=nowhere).concepts]
    assert "干够" not in [c.word for c in a.question("要在薄弱学校干够几年", known=nowhere).concepts]


def test_how_staff_ask_for_a_duty_a_ratio_or_an_hour() -> None:
    from policykb.indexer.rank import _NUMBER, _WHO

    a = analyzer()
    q = a.question("娃辍学在家了，学校得干点啥？")
    assert "modality" in q.intents and [c.word for c in q.concepts][-1] == "学校"  # 干点啥 asks for a duty
    assert "不能" not in [c.word for c in a.question("作弊了几年不能再考").concepts]
    assert "点" not in [c.word for c in a.question("晚上几点以后不能玩游戏").concepts]
    assert _NUMBER.search("按学生人数六百比一的比例配备") and not _NUMBER.search("按比例配备")
    assert _WHO.search("可以向教育行政部门提出申诉")


def test_a_dictionary_word_no_document_uses_is_cut_at_a_word_they_do() -> None:
    a = analyzer()
    used = {"校园", "手机", "教室"}
    words = [c.word for c in a.question("娃能不能把手机带进教室", known=used.__contains__).concepts]
    assert "手机" in words and "手机带" not in words  # jieba's 手机带 is a phone strap
    words = [c.word for c in a.question("外人能随便进校园吗", known=used.__contains__).concepts]
    assert "校园" in words and "进校园" not in words
    assert "手机带" in [c.word for c in a.question("手机带多少钱", known=lambda w: w == "手机带").concepts]


def test_a_word_no_document_uses_made_of_two_that_they_do_is_two_words() -> None:
    a = analyzer()
    used = {"家长", "批改", "作业"}
    words = [c.word for c in a.question("老师让家长批改作业行不行", known=used.__contains__).concepts]
    assert "批改作业" not in words and {"批改", "作业"} <= set(words)
    words = [c.word for c in a.question("学校头一步该咋办，民办学校关门得提前多久", known=lambda w: True).concepts]
    assert "一步" not in words and "头" not in words and "学校" in words  # 头一步 asks for a duty


def test_a_few_in_a_yes_no_question_asks_no_number() -> None:
    a = analyzer()
    assert "number" not in a.question("公办学校老师能不能去民办学校兼几节课挣点外快？").intents
    assert "number" in a.question("产假能休几天？").intents  # 几天 at the end asks how many
    assert "number" in a.question("能不能兼几节课，一周最多多少节？").intents


def test_how_many_hours_in_a_yes_no_question_asks_a_number() -> None:
    """几个小时 is one unit: 个 followed by the unit is not "a few" with more said after it."""
    a = analyzer()
    q = a.question("每天最多不能超过几个小时？")
    assert "number" in q.intents and any(c.word == "小时" and c.unit for c in q.concepts)
    q = a.question("一天最多能学几个钟头？")  # 钟头 is the everyday 小时
    assert "number" in q.intents and any(c.word == "钟头" and c.unit for c in q.concepts)
    assert "number" not in a.question("能不能去培训机构兼几个小时课挣点钱？").intents
