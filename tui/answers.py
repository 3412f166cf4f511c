"""The question commands of the command line: `ask`, `search`, `eval` (DESIGN.md §3)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from policykb.corpus.errors import PolicyKBError
from policykb.tui import messages as M
from policykb.tui import output
from policykb.tui.arguments import command, option


def engine(lib: Any) -> Any:
    with output.progress(M.BUILDING_INDEX) as bar:
        return lib.engine(notice=lambda text: print(text, file=sys.stderr), progress=bar)


def catalog(lib: Any) -> Any:
    return lib.catalog(notice=lambda text: print(text, file=sys.stderr))


def doc_ids(lib: Any, name: str | None) -> list[str] | None:
    return [lib.find_document(name).doc_id] if name else None


def badge(status: str) -> str:
    return "" if status == "现行有效" else f" [{status}]"


def my_school(args: argparse.Namespace, lib: Any) -> tuple[tuple[str, ...] | None, str | None]:
    """Where the school asking is and what kind it is: --place and --school-type, else the saved
    "我的学校" (settings.json: its kind counts only with its place, the two saved together)."""
    from policykb.corpus.places import parse_place
    from policykb.kb.schools import school_type
    from policykb.tui.settings import Settings

    saved = Settings.load(lib.home) if args.place is None or not args.school_type else None
    if args.place is not None:
        place = parse_place(args.place) if args.place.strip() else None
    elif saved is not None and saved.place:
        try:
            place = parse_place(saved.place)
        except PolicyKBError as exc:  # a place edited by hand into settings.json
            raise PolicyKBError(M.SAVED_PLACE_BAD.format(path=lib.home / "settings.json", why=exc),
                                title=exc.title) from exc
    else:
        place = None
    if args.school_type:
        kind: str | None = school_type(args.school_type)
    else:
        kind = saved.school_type if saved is not None and saved.place and args.place is None else None
    return place, kind


def print_answer(result: Any) -> None:
    if result.answer:
        top = result.citations[0]
        print(f"{M.TURN_ANSWER if result.confidence == 'answer' else M.TURN_LIKELY}{result.answer}")
        if result.note:
            print(f"    （{result.note}）")
        print(f"    —— {top.doc_title} {top.label}{badge(top.status)}")
        for q in result.quoted:
            print(M.QUOTED.format(text=q.text, title=q.doc_title, path=q.label, clause=output.clip(q.clause_text, 200)))
    else:
        print(f"没有找到明确的答案：{result.note or '文库中没有回答这个问题的条款'}。")
    if result.citations:
        print("\n依据：" if result.answer else "\n最接近的条款：")
    for n, c in enumerate(result.citations, start=1):
        print(f"{n:>2}. {c.doc_title} {c.label}{badge(c.status)}  ({c.score:.2f})")
        if c.lead_in:
            print(f"    {output.clip(c.lead_in, 150)}")
        print(f"    {output.clip(c.sentence or c.text, 150)}")
        for other in c.also_in:
            print(f"    同见：{other}")


def cmd_ask(args: argparse.Namespace, lib: Any) -> int:
    from policykb.indexer.references import quote

    place, kind = my_school(args, lib)
    ids = doc_ids(lib, args.doc)
    eng = engine(lib)
    cat = catalog(lib) if args.json else None  # the text answer does not show requirements
    if args.question != "-" and not args.question.strip():
        raise PolicyKBError("问题是空的：请在 ask 后面写上要问的问题，例如 policykb ask \"班主任工作量如何计算\"。")
    questions = (line.strip() for line in sys.stdin) if args.question == "-" else iter([args.question])
    first = True
    for question in questions:
        if not question:
            continue
        result = eng.ask(question, top=args.top, doc_ids=ids, school_type=kind, place=place)
        if cat is not None:
            result = result.model_copy(update={"requirements": cat.for_clauses(c.clause_id for c in result.citations)})
        result = quote(result, lib)
        if args.json:
            output.emit_json(result.model_dump(mode="json"))
        else:
            if not first:
                print("\n" + "─" * 40)
            print_answer(result)
        first = False
        sys.stdout.flush()
    return 0


def cmd_chat(args: argparse.Namespace, lib: Any) -> int:
    from policykb.indexer.conversation import Conversation

    if args.source != "-":
        raise PolicyKBError(M.CHAT_USAGE.format(source=args.source), title=M.CHAT_USAGE_TITLE)
    place, kind = my_school(args, lib)
    eng = engine(lib)
    from policykb.indexer.references import quote

    talk = Conversation(lambda: eng, lambda: lib.current_catalog(), school_type=kind, top=args.top,
                        quote=lambda answer: quote(answer, lib),
                        places=lib.regions, place=place)
    first = True
    for line in sys.stdin:
        if not line.strip():
            continue
        turn = talk.ask(line.strip())
        if args.json:
            output.emit_json(turn.record())
        else:
            if not first:
                print("\n" + "─" * 40)
            print(f"问：{turn.question}" + (f"（理解为：{turn.asked}）" if turn.follow_up else ""))
            print_answer(turn.answer)
        first = False
        sys.stdout.flush()
    return 0


def cmd_search(args: argparse.Namespace, lib: Any) -> int:
    ids = doc_ids(lib, args.doc)
    hits = engine(lib).search(args.text, doc_ids=ids, limit=args.limit)
    if args.json:
        output.emit_json([h.model_dump(mode="json") for h in hits])
        return 0
    if not hits:
        print(M.NO_MATCH, file=sys.stderr)
        return 0
    for n, c in enumerate(hits, start=1):
        print(f"{n:>2}. {c.clause_id}{badge(c.status)}  ({c.score:.2f})")
        print(f"    {output.clip(c.sentence or c.text, 150)}")
    return 0


def cmd_eval(args: argparse.Namespace, lib: Any) -> int:
    from policykb.indexer.evaluate import evaluate, load_questions

    questions = load_questions(Path(args.questions))
    eng = engine(lib)
    report = evaluate(questions, lambda q: eng.ask(q, top=10))
    summary = report.summary()
    if args.json:
        found = [{"id": o.question.id, "question": o.question.question, "tags": list(o.question.tags),
                 "rank": o.rank, "answer": o.answer, "confidence": o.confidence, "answer_hit": o.answer_hit,
                  "no_answer": not o.question.gold}
                for o in report.outcomes]
        output.emit_json({"summary": summary, "by_tag": report.by_tag(), "questions": found})
        return 0
    rows = []
    for o in report.outcomes:
        if o.question.gold:
            verdict = "ok" if o.rank == 1 and o.answer_hit else "miss"
        else:
            verdict = "ok" if o.answer is None else "answered"
        said = "yes" if o.answer_hit else ("null" if o.answer is None else "no")
        rows.append([o.question.id, o.question.question, str(o.rank or "-"), M.EVAL_VERDICTS[said],
                     M.EVAL_VERDICTS[verdict]])
    print(output.table(M.EVAL_COLUMNS, rows, [10, 36, 4, 6, 8]))
    print()
    print(M.EVAL_SUMMARY.format(r1=summary["recall@1"], r5=summary["recall@5"], mrr=summary["mrr@10"],
                                hit=summary["answer_hit"], n=summary["answerable"]))
    print(M.EVAL_NULLS.format(held=summary["no_answer_null"], total=summary["no_answer"]))
    print(M.EVAL_TIERS.format(sure=summary["answered"], wrong=summary["confident_wrong"], likely=summary["likely"],
                              right="-" if summary["right_of_given"] is None else f"{summary['right_of_given']:.2f}"))
    tags = report.by_tag()
    if tags:
        print()
        print(output.table(M.EVAL_TAG_COLUMNS,
                           [[t, str(s["questions"]), f"{s['recall@1']:.2f}", f"{s['recall@5']:.2f}",
                             f"{s['answer_hit']:.2f}", f"{s['no_answer_null']}/{s['no_answer']}"]
                            for t, s in tags.items()]))
    return 0


def add_parsers(sub: Any, run: Any) -> None:
    p = command(sub, "ask")
    option(p, "question", key="ask.question")
    option(p, "--top", key="top", type=output.count, default=5)
    option(p, "--school-type", key="ask.school_type")
    option(p, "--place", key="ask.place")
    option(p, "--doc", key="doc_filter")
    option(p, "--json", key="json", action="store_true")
    p.set_defaults(func=run(cmd_ask))

    p = command(sub, "chat")
    option(p, "source", key="chat.source")
    option(p, "--top", key="top", type=output.count, default=5)
    option(p, "--school-type", key="chat.school_type")
    option(p, "--place", key="ask.place")
    option(p, "--json", key="chat.json", action="store_true")
    p.set_defaults(func=run(cmd_chat))

    p = command(sub, "search")
    option(p, "text", key="search.text")
    option(p, "--doc", key="doc_filter")
    option(p, "--limit", key="search.limit", type=output.count, default=10)
    option(p, "--json", key="json", action="store_true")
    p.set_defaults(func=run(cmd_search))

    p = command(sub, "eval")
    option(p, "questions", key="eval.questions")
    option(p, "--json", key="json", action="store_true")
    p.set_defaults(func=run(cmd_eval))
