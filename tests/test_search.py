"""Search and answers through the library and the command line (DESIGN.md §3)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_home, need_shared, policykb, run

from policykb.indexer import index as clause_index
from policykb.indexer.library import Library
from policykb.tui.cli import main

BIJIE = "毕节市深化教育教学改革提高义务教育质量实施方案（征求意见稿）"
GOLD = "班主任工作量按当地教师标准课时工作量的二分之一计算"


@pytest.fixture
def home(seeds_built: Path, tmp_path: Path) -> Path:
    return copy_home(seeds_built, tmp_path)


def test_ask_json_has_the_contract_shape(capsys, home: Path) -> None:
    code, out, err = run(capsys, home, "ask", "班主任工作量如何计算", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"question", "answer", "citations", "requirements"}
    assert data["question"] == "班主任工作量如何计算"
    assert GOLD in data["answer"]
    top = data["citations"][0]
    assert top["clause_id"] == f"{BIJIE}/二/（三）/13" and top["path"] == "二/（三）/13"
    assert top["doc_id"] == BIJIE and top["doc_title"] == BIJIE and top["status"] == "征求意见稿"
    assert GOLD in top["text"] and isinstance(top["score"], float)
    scores = [c["score"] for c in data["citations"]]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 5


def test_ask_text_output_names_the_source(capsys, home: Path) -> None:
    code, out, _ = run(capsys, home, "ask", "校长每学期至少听课多少节", "--top", "2")
    assert code == 0
    assert out.startswith("答：") and "校长每学期至少听课30节" in out
    assert "大兴安岭地区教育发展“三大工程”实施方案 三、（一）1" in out


def test_unanswerable_questions_get_null_with_the_closest_clauses(capsys, home: Path) -> None:
    code, out, _ = run(capsys, home, "ask", "教师差旅费报销标准是多少", "--json")
    data = json.loads(out)
    assert code == 0 and data["answer"] is None and data["note"]
    code, out, _ = run(capsys, home, "ask", "教师差旅费报销标准是多少")
    assert out.startswith("没有找到明确的答案")


def test_ask_dash_answers_one_json_line_per_question(capsys, home: Path, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("班主任工作量如何计算\n\n大队辅导员由谁担任\n校服多少钱\n"))
    code, out, err = run(capsys, home, "ask", "-", "--json")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["question"] for r in rows] == ["班主任工作量如何计算", "大队辅导员由谁担任", "校服多少钱"]
    assert "党员或团员" in rows[1]["answer"] and rows[2]["answer"] is None


def test_search_with_a_loose_document_name(capsys, home: Path) -> None:
    code, out, err = run(capsys, home, "search", "课后服务", "--doc", "大兴安岭方案", "--limit", "3", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert 0 < len(rows) <= 3 and {r["doc_id"] for r in rows} == {"大兴安岭地区教育发展“三大工程”实施方案"}
    code, _, err = run(capsys, home, "search", "课后服务", "--doc", "天津市不存在的条例")
    assert code == 1 and "天津市不存在的条例" in err


def test_show_takes_a_loose_document_name(capsys, home: Path) -> None:
    code, out, err = run(capsys, home, "show", "毕节方案/二/(三)/13", "--json")
    assert code == 0, err
    assert json.loads(out)["clause_id"] == f"{BIJIE}/二/（三）/13"


@pytest.mark.parametrize("question", ['班主任 AND (工作量 OR "课时") NOT * ? ~ : [ ] ^2 {a TO b}',
                                      "班主任工作量如何计算" * 1000, "？？？", "the and or not"])
def test_odd_questions_return_normally(capsys, home: Path, question: str) -> None:
    code, out, err = run(capsys, home, "ask", question, "--json")
    assert code == 0, err
    assert "citations" in json.loads(out)
    code, out, err = run(capsys, home, "search", question, "--json")
    assert code == 0, err


def test_a_missing_library_fails_on_stderr(capsys, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run(capsys, blocker / "home", "ask", "班主任工作量如何计算", "--json")
    assert code == 1 and out == "" and err.startswith("错误：") and "--home" in err


def test_a_damaged_manifest_fails_with_the_next_step(capsys, home: Path) -> None:
    (home / "library.db").write_text("{" * 4096, encoding="utf-8")
    code, out, err = run(capsys, home, "ask", "班主任工作量如何计算")
    assert code == 1 and out == "" and "index --rebuild" in err


def test_an_old_index_is_rebuilt_with_a_message(capsys, home: Path) -> None:
    lib = Library(home)
    meta_path = lib.index_dir() / clause_index.META
    meta = json.loads(meta_path.read_text())
    meta["schema"] = 0
    meta_path.write_text(json.dumps(meta))
    code, out, err = run(capsys, home, "ask", "班主任工作量如何计算", "--json")
    assert code == 0 and "正在重建检索索引" in err and "第 0 版" in err
    assert GOLD in json.loads(out)["answer"]
    assert clause_index.check(Library(home).index_dir(), lib.analyzer()) is None


def test_a_foreign_index_folder_is_rebuilt_not_a_traceback(capsys, home: Path) -> None:
    path = Library(home).index_dir()
    for f in path.iterdir():
        if f.name != clause_index.META:
            f.unlink()
    code, out, err = run(capsys, home, "ask", "班主任工作量如何计算", "--json")
    assert code == 0 and "正在重建检索索引" in err and GOLD in json.loads(out)["answer"]


def test_an_interrupted_index_build_leaves_the_old_index_working(capsys, home: Path, monkeypatch) -> None:
    before = Library(home).index_dir()

    def interrupted(path: Path, docs, total, analyzer, progress=None) -> None:
        (path / "half-written").write_text("x")
        raise KeyboardInterrupt

    monkeypatch.setattr(clause_index, "build", interrupted)
    code, _, err = run(capsys, home, "index")
    assert code == 130 and "文库保持原样" in err
    monkeypatch.undo()
    assert Library(home).index_dir() == before
    assert [p.name for p in home.glob("index-*")] == [before.name]
    code, out, _ = run(capsys, home, "ask", "班主任工作量如何计算", "--json")
    assert code == 0 and GOLD in json.loads(out)["answer"]


def test_add_indexes_only_the_added_document(capsys, home: Path, tmp_path: Path, monkeypatch) -> None:
    indexed: list[str] = []
    real = clause_index._clause_fields

    def spy(doc, analyzer):
        indexed.append(doc.doc_id)
        return real(doc, analyzer)

    monkeypatch.setattr(clause_index, "_clause_fields", spy)
    new = tmp_path / "某县课后服务实施方案.txt"
    new.write_text("某县课后服务实施方案\n一、服务时间\n课后服务每天结束时间不早于当地正常下班时间，原则上不超过18:30。\n",
                   encoding="utf-8")
    code, _, err = run(capsys, home, "add", str(new))
    assert code == 0, err
    assert indexed == ["某县课后服务实施方案"]
    code, out, _ = run(capsys, home, "ask", "课后服务每天几点结束", "--json")
    data = json.loads(out)
    assert data["citations"][0]["doc_id"] == "某县课后服务实施方案" and "18:30" in data["answer"]
    code, _, _ = run(capsys, home, "remove", "某县课后服务实施方案")
    code, out, _ = run(capsys, home, "search", "18:30 下班时间", "--json")
    assert all(r["doc_id"] != "某县课后服务实施方案" for r in json.loads(out))


def test_a_failed_add_leaves_the_index_as_it_was(capsys, home: Path, tmp_path: Path, monkeypatch) -> None:
    before = Library(home).index_dir()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(clause_index, "update", broken)
    new = tmp_path / "新方案.txt"
    new.write_text("新方案\n一、学校不得收取择校费。\n", encoding="utf-8")
    code = main(["--home", str(home), "add", str(new)])
    _, err = capsys.readouterr()
    assert code == 1 and "磁盘已满" in err  # a message, not a traceback
    monkeypatch.undo()
    lib = Library(home)
    assert lib.index_dir() == before and len(lib.documents()) == 5
    assert [p.name for p in home.glob("index-*")] == [before.name]


def test_eval_reports_the_metrics(capsys, home: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "a", "question": "班主任工作量如何计算", "gold": [GOLD], "tags": ["number"]},
        {"id": "b", "question": "大队辅导员由谁担任", "gold": ["大队辅导员由党员或团员担任"], "tags": ["who"]},
        {"id": "c", "question": "校服一套多少钱", "gold": [], "tags": ["none", "number"]},
    ]), encoding="utf-8")
    code, out, err = run(capsys, home, "eval", str(questions), "--json")
    assert code == 0, err
    report = json.loads(out)
    summary = report["summary"]
    assert summary["recall@1"] == 1.0 and summary["answer_hit"] == 1.0
    assert summary["no_answer"] == 1 and summary["no_answer_null"] == 1
    assert report["by_tag"]["number"]["questions"] == 2 and report["by_tag"]["number"]["no_answer_null"] == 1
    assert report["by_tag"]["who"]["recall@1"] == 1.0
    assert [(q["id"], q["rank"], q["tags"]) for q in report["questions"]] == [
        ("a", 1, ["number"]), ("b", 1, ["who"]), ("c", None, ["none", "number"])]
    code, out, _ = run(capsys, home, "eval", str(questions))
    assert "recall@1 1.000" in out and "答“没有明确答案”的：1/1" in out
    assert any(line.split()[:2] == ["number", "2"] for line in out.splitlines())
    code, _, err = run(capsys, home, "eval", str(tmp_path / "missing.jsonl"))
    assert code == 1 and "missing.jsonl" in err


def test_dev_questions_over_the_bundled_library(bundled_built: Path) -> None:
    questions = need_shared("eval/questions-dev.jsonl")
    from policykb.indexer.evaluate import evaluate, load_questions

    engine = Library.open(bundled_built).engine()
    report = evaluate(load_questions(questions), lambda q: engine.ask(q, top=10))
    assert report.recall(5) == 1.0
    assert report.recall(1) >= 0.9 and report.answer_hit >= 0.9
    assert report.nulls == len(report.unanswerable)


def test_cold_ask_through_the_entry_point(tmp_path: Path, seeds_built: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(seeds_built, home)
    proc = subprocess.run(policykb("--home", str(home), "ask", "班主任工作量如何计算", "--json"),
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # jieba's start-up chatter stays off stderr
    assert GOLD in json.loads(proc.stdout)["answer"]


def test_school_type_is_checked_and_used(capsys, home: Path) -> None:
    code, out, err = run(capsys, home, "ask", "学生每学年完成几次社会服务", "--school-type", "大学")
    assert code == 1 and out == "" and "大学" in err and "初中" in err
    code, out, err = run(capsys, home, "ask", "学生每学年完成几次社会服务", "--school-type", "初中", "--json")
    assert code == 0, err
    assert "初中学生每学年完成至少2次社会服务" in json.loads(out)["answer"]


def test_a_part_of_a_long_word_is_found_through_its_bigrams(home: Path) -> None:
    """jieba keeps 控辍保学 and 县管校聘 whole; a question naming 保学 or 校聘 still finds them."""
    engine = Library.open(home).engine()
    for part, whole in (("保学", "控辍保学"), ("校聘", "县管校聘")):
        hits = engine.search(part)
        assert hits and whole in hits[0].text, part


def test_an_item_is_indexed_shown_cited_and_answered_with_its_lead_in(capsys, home: Path, tmp_path: Path) -> None:
    rules = tmp_path / "某市中小学办学行为规定.txt"
    rules.write_text("某市中小学办学行为规定\n第一章 总则\n第一条 为了规范中小学办学行为，根据有关法律，结合本市实际，制定本规定。\n"
                     "第二条 本规定适用于本市行政区域内的中小学校。\n第二章 办学行为\n"
                     "第三条 学校及其教职工不得有下列行为：\n（一）向学生推销教辅材料；\n"
                     "（二）组织学生参加有偿补课；\n（三）公布学生考试成绩排名。\n"
                     "第四条 学校应当保障学生每天校内体育活动时间。\n第三章 附则\n第五条 本规定自公布之日起施行。\n",
                     encoding="utf-8")
    code, _, err = run(capsys, home, "add", str(rules))
    assert code == 0, err
    code, out, _ = run(capsys, home, "ask", "学校能不能给学生推销教辅材料", "--json")
    result = json.loads(out)
    top = result["citations"][0]
    assert top["clause_id"].endswith("（一）") and top["lead_in"] == "学校及其教职工不得有下列行为：", top
    assert result["answer"] == "学校及其教职工不得有下列行为：向学生推销教辅材料；"
    code, out, _ = run(capsys, home, "show", top["clause_id"], "--json")
    assert json.loads(out)["lead_in"] == "学校及其教职工不得有下列行为："
    code, out, _ = run(capsys, home, "show", top["clause_id"])
    assert "学校及其教职工不得有下列行为：\n（一）向学生推销教辅材料；" in out
    # the lead-in is searched with the item: a question in the lead-in's words finds the items
    code, out, _ = run(capsys, home, "search", "办学行为规定 不得有下列行为 有偿补课", "--json")
    assert any(c["clause_id"].endswith("（二）") for c in json.loads(out)[:3])


def test_the_same_rule_restated_locally_cites_the_national_text_first(capsys, home: Path, tmp_path: Path) -> None:
    rule = "学校应当对在校学生的午休看护作出安排，不得让学生无人看护。"
    for title, body in (("中华人民共和国午休看护法", f"第一条 {rule}\n第二条 本法自公布之日起施行。\n"),
                        ("上海市午休看护条例", f"第一条 {rule}\n第二条 本条例自公布之日起施行。\n")):
        (tmp_path / f"{title}.txt").write_text(f"{title}\n{body}", encoding="utf-8")
    code, _, err = run(capsys, home, "add", str(tmp_path / "中华人民共和国午休看护法.txt"),
                       str(tmp_path / "上海市午休看护条例.txt"))
    assert code == 0, err
    code, out, _ = run(capsys, home, "ask", "午休的时候学生没人看护行不行", "--json")
    titles = [c["doc_title"] for c in json.loads(out)["citations"][:2]]
    assert titles == ["中华人民共和国午休看护法", "上海市午休看护条例"]


def test_an_everyday_word_finds_a_documents_word_the_index_holds_in_pieces(capsys, home: Path, tmp_path: Path) -> None:
    """打工 → 外出务工, which the index holds as 外出 + 务工: the clause is still a candidate."""
    title = "某县留守儿童关爱办法"
    (tmp_path / f"{title}.txt").write_text(
        f"{title}\n第一条 父母因外出务工不能履行监护职责的，应当委托有照护能力的成年人代为照护。\n", encoding="utf-8")
    code, _, err = run(capsys, home, "add", str(tmp_path / f"{title}.txt"))
    assert code == 0, err
    engine = Library.open(home).engine()
    index = engine.index
    assert index.df("外出务工") == 0 and index.pieces("外出务工") == ["外出", "务工"]
    assert index.pieces("外出无此词务工") == []  # a piece the index lacks: no pieces
    answer = engine.ask("爸妈出去打工了，娃能托给别人带吗")
    assert answer.citations and "外出务工" in answer.citations[0].text


def test_an_item_of_a_definition_answers_what_the_word_means() -> None:
    """"抽烟喝酒算不算不良行为": the item 吸烟、饮酒 under "本法所称不良行为，是指…下列行为：" answers,
    with its lead-in, at the lower coverage a definition needs."""
    from policykb.indexer.analyzer import Concept, Question
    from policykb.indexer.index import Hit
    from policykb.indexer.rank import Scored
    from policykb.indexer.search import doubt, pick

    lead = "本法所称不良行为，是指未成年人实施的不利于其健康成长的下列行为："
    hit = Hit(clause_id="法/第二十八条/（一）", doc_id="法", doc_title="法", path="第二十八条/（一）", text="（一）吸烟、饮酒；",
              crumbs="", status="现行有效", kind="法律", issued=None, order=3, score=1.0, lead=lead)
    question = Question("不良行为指啥，抽烟算不算", (Concept("不良行为", ("不良行为",), (), False, ()),),
                        frozenset({"definition"}))
    picked = pick([Scored(hit, 0.7, "（一）吸烟、饮酒；", coverage=0.55, own=0.5)], question, [1.0])
    assert picked.answer == f"{lead}吸烟、饮酒；" and picked.note is None and picked.confidence == "answer"
    plain = Question("抽烟的规定", question.concepts, frozenset())
    scored = Scored(hit, 0.7, "（一）吸烟、饮酒；", coverage=0.55, own=0.5)
    assert doubt(scored, plain) is not None  # not asked what it means: the usual coverage holds
    assert pick([scored], plain, [1.0]).confidence != "answer"


def test_a_question_of_common_words_only_asks_for_the_two_rarest(home: Path) -> None:
    engine = Library.open(home).engine()
    index = engine.index
    common = sorted((w for w in ("学校", "学生", "教师", "教育", "工作", "管理", "发展") if index.df(w) > index.common),
                    key=index.df)
    assert len(common) >= 3, common  # the seeds use these in more than one clause in 25
    question = engine.analyzer.question(" ".join(common))
    asked = {t.text for t in index.query(question).leaves() if t.fieldname == "text"}
    assert asked == set(common[:2])
