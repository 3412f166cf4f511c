"""Answers: quality and speed of `ask` against a plain baseline, side by side in one run.

Run on demand: ``python bench/bench_ask.py [--home DIR] [--repeat N]``. The library is the bundled
documents, which include the 82 laws of laws-edu (built in a temporary home unless --home names one).

The baseline is what one gets by following the Whoosh and jieba tutorials: every sentence indexed
with jieba's stock `ChineseAnalyzer`, BM25F, the question parsed with an OR group, the top
sentence taken as the answer. Both are scored with `indexer.evaluate` on the two dev question files
and on bench/questions-staff.jsonl, questions-blind2.jsonl and questions-blind3.jsonl (questions
worded the way staff talk; the blind sets written by a helper session that read only the documents);
both are timed warm (per-question median over --repeat runs, then p50/p95 over questions) and
cold (a new process from start to the first answer).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from policykb.corpus.tree import sentences
from policykb.indexer.evaluate import EvalQuestion, evaluate, load_questions
from policykb.indexer.library import Library
from policykb.indexer.models import Answer, Citation

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
QUESTION_FILES = [SHARED / "eval" / "questions-dev.jsonl", SHARED / "eval" / "questions-dev2.jsonl",
                  ROOT / "bench" / "questions-staff.jsonl", ROOT / "bench" / "questions-blind2.jsonl",
                  ROOT / "bench" / "questions-blind3.jsonl", ROOT / "bench" / "questions-blind4.jsonl",
                  ROOT / "bench" / "questions-blind5.jsonl"]

BASELINE_QUERY = """
import sys, time
start = time.perf_counter()
from jieba.analyse import ChineseAnalyzer
from whoosh import index, qparser, scoring
ix = index.open_dir(sys.argv[1])
searcher = ix.searcher(weighting=scoring.BM25F())
parser = qparser.QueryParser("text", ix.schema, group=qparser.OrGroup)
hits = searcher.search(parser.parse(sys.argv[2]), limit=5)
print(hits[0]["text"] if hits else "", time.perf_counter() - start)
"""


class Baseline:
    """Every sentence a Whoosh document, stock jieba analyzer, BM25F, OR query, top sentence."""

    def __init__(self, path: Path, docs: list[Any]) -> None:
        from jieba.analyse import ChineseAnalyzer
        from whoosh import index
        from whoosh.fields import ID, STORED, TEXT, Schema

        schema = Schema(clause_id=ID(stored=True), doc_id=STORED(), doc_title=STORED(), path=STORED(),
                        status=STORED(), text=TEXT(analyzer=ChineseAnalyzer(), stored=True))
        path.mkdir(parents=True, exist_ok=True)
        ix = index.create_in(str(path), schema)
        writer = ix.writer(limitmb=256)
        for doc in docs:
            for clause in doc.clauses:
                for sentence in sentences(clause.text):
                    writer.add_document(clause_id=clause.clause_id, doc_id=doc.doc_id, doc_title=doc.title,
                                        path=clause.path, status=doc.status, text=sentence)
        writer.commit()
        self.path = path
        self.open()

    def open(self) -> None:
        from whoosh import index, qparser, scoring

        self.ix = index.open_dir(str(self.path))
        self.searcher = self.ix.searcher(weighting=scoring.BM25F())
        self.parser = qparser.QueryParser("text", self.ix.schema, group=qparser.OrGroup)

    def ask(self, question: str, top: int = 10) -> Answer:
        hits = self.searcher.search(self.parser.parse(question), limit=top)
        cites = [Citation(doc_id=h["doc_id"], doc_title=h["doc_title"], clause_id=h["clause_id"], path=h["path"],
                          text=h["text"], score=float(h.score), status=h["status"]) for h in hits]
        return Answer(question=question, answer=cites[0].text if cites else None, citations=cites)


def warm(ask: Any, questions: list[EvalQuestion], repeat: int) -> tuple[float, float]:
    per_question = []
    for q in questions:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            ask(q.question)
            runs.append(time.perf_counter() - start)
        per_question.append(statistics.median(runs))
    per_question.sort()
    p95 = per_question[min(len(per_question) - 1, round(0.95 * (len(per_question) - 1)))]
    return statistics.median(per_question) * 1000, p95 * 1000


def cold(cmd: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="an existing library with the bundled documents and laws-edu")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="policykb-bench-"))
    home = Path(args.home) if args.home else tmp / "home"
    start = time.perf_counter()
    lib = Library.open(home)  # the bundled library: the five plans and the 82 laws
    docs = [lib.document(head.doc_id) for head in lib.documents()]
    clauses = sum(len(d.clauses) for d in docs)
    print(f"library: {len(docs)} documents, {clauses} clauses ({time.perf_counter() - start:.1f} s to build)")
    engine = lib.engine()
    start = time.perf_counter()
    baseline = Baseline(tmp / "baseline", docs)
    print(f"baseline index: every sentence, built in {time.perf_counter() - start:.1f} s\n")

    for path in QUESTION_FILES:
        if not path.is_file():
            continue
        questions = load_questions(path)
        ours = evaluate(questions, lambda q: engine.ask(q, top=10)).summary()
        base = evaluate(questions, lambda q: baseline.ask(q, top=10)).summary()
        print(f"{path.name}: {ours['answerable']} questions with gold, {ours['no_answer']} without")
        print(f"  {'':10}{'recall@1':>10}{'recall@5':>10}{'MRR@10':>9}{'ans-hit':>9}{'null':>7}")
        for name, s in (("policykb", ours), ("baseline", base)):
            print(f"  {name:10}{s['recall@1']:>10.3f}{s['recall@5']:>10.3f}{s['mrr@10']:>9.3f}"
                  f"{s['answer_hit']:>9.3f}{s['no_answer_null']:>4}/{s['no_answer']}")
        p50, p95 = warm(lambda q: engine.ask(q), questions, args.repeat)
        b50, b95 = warm(baseline.ask, questions, args.repeat)
        print(f"  warm ask, ms   policykb p50 {p50:6.1f}  p95 {p95:6.1f}   baseline p50 {b50:6.1f}  p95 {b95:6.1f}"
              f"   (p95 ratio {p95 / b95:.2f})\n")

    question = "班主任工作量如何计算"
    ours_cold = cold([sys.executable, "-m", "policykb.tui.cli", "--home", str(home), "ask", question, "--json"], 3)
    base_cold = cold([sys.executable, "-c", BASELINE_QUERY, str(tmp / "baseline"), question], 3)
    print(f"cold start to the first answer (median of 3 processes): policykb {ours_cold:.2f} s, "
          f"baseline {base_cold:.2f} s (ratio {ours_cold / base_cold:.2f})")
    print(json.dumps({"home": str(home)}))


if __name__ == "__main__":
    main()
