"""Answers by place (indexer/place_rank.py) and how sure they are (indexer/confidence.py), on
hand-made candidates; then through the command line on the bundled library."""

from __future__ import annotations

import json
from pathlib import Path

from policykb.indexer.analyzer import Analyzer, Concept, load_lexicon
from policykb.indexer.confidence import ANSWER, LIKELY, NONE, Signals, tier
from policykb.indexer.index import Hit
from policykb.indexer.models import Answer
from policykb.indexer.place_rank import Places, by_place, fit, whose
from policykb.indexer.rank import rank

A = Analyzer(load_lexicon())
PLACES = {"law": (), "sh": ("上海市",), "gz": ("贵州省",), "bj": ("贵州省", "毕节市"), "sd": ("山东省",), "x": None}


def hit(doc_id: str, text: str) -> Hit:
    return Hit(clause_id=f"{doc_id}/1", doc_id=doc_id, doc_title=f"{doc_id}条例", path="1", text=text, crumbs="",
               status="现行有效", kind="地方性法规", issued=None, order=3, score=1.0)


def flat(concept: Concept) -> float:
    return 1.0


def ordered(question: str, named_text: str | None = None, mine: tuple[str, ...] | None = None) -> list[str]:
    q = A.question(question)
    hits = [hit(d, "学生每天在校学习时间不得超过八小时。") for d in ("sd", "law", "bj", "x")]
    places = Places(PLACES)
    return [s.hit.doc_id for s in by_place(rank(hits, q, flat), places, places.named(named_text or question), mine)]


def test_without_a_place_national_rules_go_first_and_unknown_places_last() -> None:
    assert ordered("学生每天在校学习时间")[0] == "law"
    assert ordered("学生每天在校学习时间")[-1] == "x"


def test_the_school_place_ranks_its_own_rules_with_national_ones_and_others_last() -> None:
    order = ordered("学生每天在校学习时间", mine=("贵州省", "毕节市", "七星关区"))
    assert set(order[:2]) == {"law", "bj"} and order.index("sd") > order.index("bj")


def test_a_place_the_question_names_goes_first_even_for_a_school_elsewhere() -> None:
    order = ordered("山东学生每天在校学习时间", mine=("贵州省", "毕节市"))
    assert order[0] == "sd"
    assert Places(PLACES).named("毕节的学校每天学习时间") == ("贵州省", "毕节市")  # the most specific named
    assert Places(PLACES).named("学校每天学习时间") is None


def test_a_place_holds_its_own_documents_and_those_inside_it() -> None:
    places = Places(PLACES)
    assert set(places.within(("贵州省",))) == {"gz", "bj"} and places.within(("贵州省", "毕节市")) == ["bj"]
    assert places.within(("云南省",)) == []


def test_the_city_asked_about_goes_before_its_province() -> None:
    assert fit(("河南省", "洛阳市"), ("河南省", "洛阳市"), None) > fit(("河南省",), ("河南省", "洛阳市"), None) > 1.0
    assert fit(("河南省", "郑州市"), ("河南省", "洛阳市"), None) < 1.0  # a neighbour city binds nobody there


def test_who_appoints_is_a_who_answer() -> None:
    from policykb.indexer.rank import _WHO

    assert _WHO.search("兼职督学由本级人民政府聘任。") and _WHO.search("农村幼儿园由所在乡、镇人民政府登记注册。")


def test_another_place_rule_answers_only_when_far_ahead() -> None:
    # a factor, not a filter: a rule of elsewhere that is the only one on the subject still answers
    assert fit(("山东省",), None, ("贵州省",)) < 1.0 < fit(("山东省",), ("山东省",), ("贵州省",))
    assert fit((), None, ("贵州省",)) == fit(("贵州省",), None, ("贵州省", "毕节市")) == 1.0


def test_a_rule_says_whose_it_is_when_it_does_not_bind_the_school() -> None:
    assert whose(("山东省",), ("贵州省", "毕节市")) == "山东省"
    assert whose(("山东省",), None) == "山东省"  # no school place known: every local rule is labelled
    assert whose(("贵州省",), ("贵州省", "毕节市")) is None
    assert whose((), ("贵州省",)) is None


def signals(**kw: float) -> Signals:
    base = {"coverage": 0.8, "own": 0.8, "score": 1.0, "margin": 0.3, "kind": 1.0, "missing": 0.0, "rare": 1.0,
            "clash": 0.0, "fits": 1.0, "unit": 0.0}
    return Signals(**(base | kw))


def test_tiers_follow_the_signals() -> None:
    assert tier(signals()) == ANSWER
    assert tier(signals(coverage=0.4, own=0.3, margin=0.0, score=0.5)) == LIKELY  # fits, but the model is unsure
    weak = {"fits": 0.0, "coverage": 0.4, "own": 0.4, "score": 0.6, "margin": 0.05}
    assert tier(signals(**weak, kind=0.0)) == NONE  # no number for 多少: never on the model's say
    assert tier(signals(**weak, rare=0.5)) == NONE  # the question's weightiest word is not in the clause
    assert tier(signals(**weak, clash=1.0)) == NONE


def test_no_answer_is_always_confidence_none() -> None:
    assert Answer(question="q", answer=None, citations=[]).confidence == NONE
    assert Answer(question="q", answer="学校不得收费。", confidence=LIKELY, citations=[]).confidence == LIKELY


def test_ask_says_how_sure_and_takes_the_school_place(bundled_built: Path, tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    home = tmp_path / "home"
    shutil.copytree(bundled_built, home)

    def ask(*args: str) -> dict[str, object]:
        proc = subprocess.run([sys.executable, "-m", "policykb.tui.cli", "--home", str(home), "ask", *args, "--json"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return dict(json.loads(proc.stdout))

    out = ask("班主任工作量如何计算")
    assert out["confidence"] == ANSWER and "二分之一" in str(out["answer"])
    assert out["citations"][0]["place"] == "贵州省毕节市"  # type: ignore[index]
    out = ask("学校食堂一份午餐卖多少钱")
    assert out["confidence"] == NONE and out["answer"] is None
    # a rule of elsewhere says whose it is; for a school in 毕节 the national rule goes first
    shanghai = ask("上海的兼职督学是谁来聘的", "--place", "贵州省毕节市")
    assert str(shanghai["answer"]).startswith("上海市的规定：")
    plain = ask("中学生每天在校学习时间不超过几小时")
    local = ask("中学生每天在校学习时间不超过几小时", "--place", "贵州省毕节市")
    assert local["citations"][0]["place"] in ("全国", "贵州省", "贵州省毕节市")  # type: ignore[index]
    top = plain["citations"][0]["place"]  # type: ignore[index]
    assert top == "全国" or plain["answer"] is None or str(plain["answer"]).startswith(f"{top}的规定：")
    (home / "settings.json").write_text(json.dumps({"place": "山东省"}, ensure_ascii=False), encoding="utf-8")
    saved = ask("中学生每天在校学习时间不超过几小时")  # the saved 我的学校 is used without --place
    assert saved["citations"][0]["place"] in ("全国", "山东省")  # type: ignore[index]
    bad = subprocess.run([sys.executable, "-m", "policykb.tui.cli", "--home", str(home), "ask", "作业", "--place",
                          "火星市"], capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "火星市" in bad.stderr and "Traceback" not in bad.stderr


def test_the_saved_school_counts_with_its_place_and_the_options_win(tmp_path: Path) -> None:
    import argparse
    from types import SimpleNamespace

    from policykb.tui.answers import my_school

    lib = SimpleNamespace(home=tmp_path)

    def ask(place: str | None = None, kind: str | None = None) -> tuple[object, object]:
        return my_school(argparse.Namespace(place=place, school_type=kind), lib)

    assert ask() == (None, None)  # nothing saved: no place, no kind
    (tmp_path / "settings.json").write_text(json.dumps({"school_type": "初中"}), encoding="utf-8")
    assert ask() == (None, None)  # a kind the checklist tab kept, but no school saved
    (tmp_path / "settings.json").write_text(json.dumps({"place": "毕节", "school_type": "初中"}, ensure_ascii=False),
                                            encoding="utf-8")
    assert ask() == (("贵州省", "毕节市"), "初中")
    assert ask(place="北京") == (("北京市",), None)  # another place asked for: not this school's kind
    assert ask(kind="小学") == (("贵州省", "毕节市"), "小学")
    assert ask(place="") == (None, None)  # --place "" asks without a place
    (tmp_path / "settings.json").write_text(json.dumps({"place": "火星市"}, ensure_ascii=False), encoding="utf-8")
    import pytest

    from policykb.corpus.errors import PolicyKBError

    with pytest.raises(PolicyKBError, match="settings.json") as caught:
        ask()
    assert "火星市" in str(caught.value) and "--place" in str(caught.value)
    assert ask(place="北京") == (("北京市",), None)  # --place still works past a bad saved one
