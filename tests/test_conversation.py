"""The conversation engine: follow-ups read with the turn before, answers narrowed to a kind of
school, the history kept in the library home, and `policykb chat -`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import copy_home, run

from policykb.indexer.conversation import Conversation, focus_answer, kind_of, resolve
from policykb.indexer.history import History
from policykb.indexer.library import Library
from policykb.indexer.models import Answer, Citation, Turn
from policykb.kb.models import Requirement

SERVICE = "小学生每年社会服务有什么要求"


@pytest.mark.parametrize(("turn", "previous", "asked"), [
    ("那初中呢？", SERVICE, "初中生每年社会服务有什么要求"),          # 小学生 → 初中生, as it was said
    ("高中呢", "小学一年级每周体育课几节", "高中一年级每周体育课几节"),
    ("那幼儿园呢", "班主任工作量如何计算", "幼儿园班主任工作量如何计算"),  # no kind before: in front
    ("那每学期呢", "校长每学年至少听课多少节", "校长每学期至少听课多少节"),
    ("民办的呢?", "公办学校收费有什么规定", "民办学校收费有什么规定"),
    ("三年级呢", "一年级每天作业时间多少", "三年级每天作业时间多少"),
    ("初中？", SERVICE, "初中生每年社会服务有什么要求"),              # only a kind named: still a follow-up
    ("那劳动教育呢", SERVICE, "小学生劳动教育有什么要求"),            # something new: the old frame
    ("那班主任呢", "教师工作量如何计算", "班主任如何计算"),
    ("那北京呢？", "上海的法治副校长一年上几节课", "北京的法治副校长一年上几节课"),  # a place swaps like a kind
    ("深圳市呢", "学校门口能摆摊吗", "深圳市学校门口能摆摊吗"),
    ("幼儿园呢？", "学校多长时间给老师组织一次体检？", "幼儿园多长时间给老师组织一次体检？"),  # 学校 was every school
])
def test_a_follow_up_is_read_with_the_previous_question(turn: str, previous: str, asked: str) -> None:
    assert resolve(turn, previous) == (asked, True)


def test_the_librarys_own_places_swap_too() -> None:
    assert resolve("洛阳呢？", "郑州学校多长时间内报告", frozenset({"洛阳", "郑州"})) == ("洛阳学校多长时间内报告", True)


@pytest.mark.parametrize(("turn", "previous"), [
    ("那初中呢？", None),                      # nothing before it
    ("班主任津贴怎么发放", SERVICE),            # a question of its own
    ("学校能否公布排名呢", SERVICE),            # ends in 呢 but asks something itself
    ("那么在农村寄宿制学校里面教师的周转宿舍应当如何建设呢", SERVICE),  # too long to lean on anything
])
def test_a_question_of_its_own_is_asked_as_typed(turn: str, previous: str | None) -> None:
    assert resolve(turn, previous) == (turn, False)


def test_the_kind_a_question_is_about() -> None:
    assert kind_of("初中生每学年社会服务") == "初中"
    assert kind_of("小学生每天作业") == "小学"
    assert kind_of("中小学生每天体育活动") is None     # several kinds: no narrowing
    assert kind_of("班主任工作量") is None


def _req(n: int, text: str, kinds: tuple[str, ...], sentence: str) -> Requirement:
    return Requirement(req_id=f"r{n}", clause_id="d/一", doc_id="d", sentence=sentence, text=text,
                       modality="must", school_types=kinds)


def test_the_answer_is_the_part_for_the_kind_asked_about() -> None:
    sentence = "小学学生每学年完成1次社会服务,初中学生每学年完成至少2次社会服务。"
    reqs = [_req(1, "小学学生每学年完成1次社会服务", ("小学",), sentence),
            _req(2, "初中学生每学年完成至少2次社会服务。", ("初中",), sentence)]
    cite = Citation(doc_id="d", doc_title="D", clause_id="d/一", path="一", text=sentence, score=1.0, status="现行有效")
    answer = Answer(question="q", answer=sentence, citations=[cite])
    assert focus_answer(answer, "初中", reqs) == "初中学生每学年完成至少2次社会服务。"
    assert focus_answer(answer, "小学", reqs) == "小学学生每学年完成1次社会服务。"
    assert focus_answer(answer, "幼儿园", reqs) is None  # no part for it: the sentence stands
    assert focus_answer(answer, "初中", reqs[:1]) is None  # one part only: nothing to narrow


def test_the_part_for_a_kind_keeps_the_subject_the_sentence_gives_its_parts() -> None:
    """"中学不得超过八小时" alone reads as any time at all (homework, sleep): its subject stays."""
    sentence = "每天在校课堂学习时间，小学不得超过六小时，中学不得超过八小时。"
    reqs = [_req(1, "每天在校课堂学习时间，小学不得超过六小时", ("小学",), sentence),
            _req(2, "中学不得超过八小时。", ("初中", "高中"), sentence)]
    cite = Citation(doc_id="d", doc_title="D", clause_id="d/一", path="一", text=sentence, score=1.0, status="现行有效")
    answer = Answer(question="q", answer=f"山东省的规定：{sentence}", citations=[cite])
    assert focus_answer(answer, "初中", reqs) == "山东省的规定：每天在校课堂学习时间，中学不得超过八小时。"
    assert focus_answer(answer, "小学", reqs) == "山东省的规定：每天在校课堂学习时间，小学不得超过六小时。"


@pytest.fixture
def home(seeds_built: Path, tmp_path: Path) -> Path:
    return copy_home(seeds_built, tmp_path)


def test_a_conversation_over_the_bundled_library(home: Path) -> None:
    lib = Library.open(home)
    talk = Conversation(lib.current_engine, lib.current_catalog)
    first = talk.ask(SERVICE)
    assert not first.follow_up and first.school_type == "小学"
    assert first.answer.answer and "小学学生每学年完成1次社会服务" in first.answer.answer
    assert "初中学生" not in first.answer.answer
    assert first.answer.citations[0].path == "二/（八）"
    assert first.answer.requirements  # the catalog's requirements of the cited clauses
    second = talk.ask("那初中呢？")
    assert second.follow_up and second.asked == "初中生每年社会服务有什么要求" and second.number == 2
    assert second.answer.answer == "初中学生每学年完成至少2次社会服务和2种职业体验。"
    assert second.answer.question == "那初中呢？"
    # The bundled plans say nothing about 幼儿园 班主任: the 义务教育 clause is cited, not put forward.
    talk.ask("班主任工作量如何计算")
    third = talk.ask("那幼儿园呢")
    assert third.asked == "幼儿园班主任工作量如何计算" and third.answer.answer is None
    assert third.answer.citations and "幼儿园" in (third.answer.note or "")


def test_a_follow_up_with_nothing_before_it_asks_for_the_whole_question(home: Path) -> None:
    lib = Library.open(home)
    talk = Conversation(lib.current_engine, lib.current_catalog)
    turn = talk.ask("那初中呢？")
    assert turn.answer.answer is None and not turn.answer.citations and "前面还没有问题" in (turn.answer.note or "")
    assert talk.previous is None  # the next question is read on its own
    assert talk.ask(SERVICE).answer.answer


def test_a_swapped_attribute_nothing_speaks_of_is_said(home: Path) -> None:
    lib = Library.open(home)
    talk = Conversation(lib.current_engine, lib.current_catalog)
    first = talk.ask("公办学校班主任工作量如何计算")
    assert first.answer.answer and not first.answer.note
    second = talk.ask("那民办的呢")
    assert second.asked == "民办学校班主任工作量如何计算"
    assert second.answer.answer and "没有找到专门针对“民办”的条款" in (second.answer.note or "")


def test_an_answer_for_another_period_is_no_answer(home: Path) -> None:
    engine = Library.open(home).current_engine()
    assert "每学期至少听课30节" in (engine.ask("校长每学期至少听课多少节").answer or "")
    asked = engine.ask("校长每学年至少听课多少节")
    assert asked.answer is None and "每学期" in (asked.note or "")


def test_the_engine_follows_the_library_to_a_new_index(home: Path, tmp_path: Path) -> None:
    lib = Library.open(home)
    before = lib.current_engine()
    assert lib.current_engine() is before  # kept open between questions
    extra = tmp_path / "学校作息时间规定.txt"
    extra.write_text("学校作息时间规定\n第一条 学生每天午休时间不少于四十分钟。\n", encoding="utf-8")
    Library.open(home).add([extra])  # another process, as far as `lib` knows
    after = lib.current_engine()
    assert after is not before and after.index.path == lib.index_dir()
    assert "午休" in (after.ask("学生午休时间多长").answer or "")
    assert any(d.doc_id.startswith("学校作息") for d in lib.documents())


def _turn(n: int, question: str, answer: str | None) -> Turn:
    cite = Citation(doc_id="d", doc_title="D", clause_id="d/一", path="一", text="很长的条款全文" * 50,
                    sentence="一句", score=1.0, status="现行有效")
    return Turn(number=n, question=question, asked=question, answer=Answer(question=question, answer=answer,
                                                                           citations=[cite]))


def test_history_is_kept_slim_and_survives_a_torn_line(tmp_path: Path) -> None:
    history = History(tmp_path)
    history.append(_turn(1, "班主任工作量如何计算", "按二分之一计算"))
    history.append(_turn(2, "那幼儿园呢", None))
    with open(history.path, "a", encoding="utf-8") as fh:
        fh.write('{"number": 3, "question": "写了一半')  # a crash in the middle of a write
    turns = history.load()
    assert [t.question for t in turns] == ["班主任工作量如何计算", "那幼儿园呢"]
    assert turns[0].answer.citations[0].text == "一句"  # the clause is named, not copied
    assert [t.number for t in history.search("二分之一")] == [1]
    assert [t.question for t in history.load(limit=1)] == ["那幼儿园呢"]
    history.append(_turn(4, "新问题", "答"))
    assert history.load()[-1].question == "新问题"


def test_chat_reads_turns_from_stdin_and_prints_json_lines(capsys, home: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SERVICE}\n\n那初中呢？\n"))
    code, out, err = run(capsys, home, "chat", "-", "--json")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["turn"] for d in lines] == [1, 2]
    assert lines[1]["follow_up"] is True and lines[1]["asked"] == "初中生每年社会服务有什么要求"
    assert lines[1]["question"] == "那初中呢？" and "初中学生" in lines[1]["answer"]
    assert set(lines[0]) >= {"question", "answer", "citations", "requirements", "school_type"}
    assert not (home / "history.jsonl").exists()  # a script's turns are not the user's history


def test_chat_plain_text_and_a_wrong_source(capsys, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SERVICE}\n那初中呢？\n"))
    code, out, _ = run(capsys, home, "chat", "-")
    assert code == 0 and "理解为：初中生每年社会服务有什么要求" in out and "答：初中学生每学年" in out
    code, out, err = run(capsys, home, "chat", "问题.txt")
    assert code == 1 and out == "" and "policykb chat -" in err


def test_a_kind_of_school_asked_about_goes_before_a_rule_for_every_school() -> None:
    from policykb.indexer.index import Hit
    from policykb.indexer.rank import Scored
    from policykb.indexer.search import for_school

    def scored(text: str, score: float) -> Scored:
        hit = Hit(clause_id=text, doc_id="d", doc_title="某省条例", path="1", text=text, crumbs="", status="现行有效",
                  kind="地方性法规", issued=None, order=1, score=1.0)
        return Scored(hit, score, text, 0.8, 0.8)

    every = "各级各类学校应当每两年组织一次教师健康检查。"
    kinder = "幼儿园应当组织教师每年进行一次健康检查。"
    far = "幼儿园应当配备保健人员。"
    ranked = for_school([scored(every, 1.0), scored(kinder, 0.85), scored(far, 0.5)], "幼儿园", narrow=True)
    assert [s.sentence for s in ranked] == [kinder, every, far]
    ranked = for_school([scored(every, 1.0), scored(kinder, 0.85)], "幼儿园")
    assert [s.sentence for s in ranked] == [every, kinder]  # not asked for the kind: the score decides


def test_the_sentence_says_which_kind_of_school_before_the_title_does() -> None:
    from policykb.indexer.index import Hit
    from policykb.indexer.rank import Scored
    from policykb.indexer.search import for_school

    def item(text: str, score: float) -> Scored:
        hit = Hit(clause_id=text, doc_id="d", doc_title="某市中小学校幼儿园规划建设条例", path="1", text=text, crumbs="",
                  status="现行有效", kind="地方性法规", issued=None, order=1, score=1.0)
        return Scored(hit, score, text, 0.8, 0.8)

    middle = "每千人口按四十名初中学生配建相应规模初中，服务半径不宜大于一千米；"
    primary = "每千人口按八十名小学生配建相应规模小学，服务半径不宜大于五百米；"
    ranked = for_school([item(middle, 1.2), item(primary, 1.1)], "小学")
    assert [s.sentence for s in ranked] == [primary, middle]


def test_a_rural_follow_up_takes_the_place_of_the_town() -> None:
    assert resolve("那农村呢？", "城里办幼儿园，去哪儿登记注册？") == ("农村办幼儿园，去哪儿登记注册？", True)
    assert resolve("城市呢？", "农村学校的教师有什么补贴") == ("城市学校的教师有什么补贴", True)
