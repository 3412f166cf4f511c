"""The Whoosh index over clauses: schema, building, updating, and candidate retrieval.

One Whoosh document per clause. Text is tokenised by our analyzer before it reaches Whoosh and the
fields use Whoosh's own whitespace tokenizer, so the pickled schema never refers to our code. The
index folder carries `policykb-index.json` (schema version, analyzer fingerprint, the documents and
the status each was indexed with); a mismatch means "rebuild", never a traceback. Positions are not
stored: jieba's search-mode tokens overlap, so proximity is measured on the clause text instead.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh import scoring
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from policykb.corpus.files import write_atomic
from policykb.corpus.models import Document
from policykb.corpus.tree import lead_in
from policykb.indexer import messages as M
from policykb.indexer.analyzer import Analyzer, Question

SCHEMA_VERSION = 4  # 2: no title field; bigrams only inside compound words; 3: segments not compound;
# 4: an item's lead-in (幼儿园不得有下列行为：) stored with it and searched with its headings
META = "policykb-index.json"
Progress = Callable[[int, int, str], None]

# Field weights of BM25F: the clause's own words count most; its headings say what a clause is
# about; the bigram field only rescues words jieba keeps inside a longer word (保学 in 控辍保学).
# The bigrams are those inside words of three characters or more, not of the whole text: measured
# on the bundled library, every bigram of the text was half of all postings and 40 % of the build,
# and changed no answer on the three question sets (dev, dev2, staff). The document title is not
# indexed per clause (nothing queried it).
# A word is looked for in headings too only when fewer than this share of clauses have it in theirs
# (chosen on the tune half: 0.005 keeps its recall; at a third of the scale corpus, search p95 338 →
# 265 ms and the held-out half's recall@1 0.604 → 0.612).
HEAD_SHARE = 0.005
FIELD_BOOST = {"text": 1.0, "head": 0.6, "bigram": 0.25}
COMMON_KEPT = 2
EVERYDAY_BOOST = 0.8  # the documents' word for an everyday one (娃 → 学生) weighs less than the word itself


class IndexMismatch(Exception):
    """The index on disk was built by another schema or analyzer, or cannot be read."""


def schema() -> Schema:
    words = SpaceSeparatedTokenizer()
    return Schema(
        clause_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        text=TEXT(analyzer=words, phrase=False),
        head=TEXT(analyzer=words, phrase=False),
        bigram=TEXT(analyzer=words, phrase=False),
        body=STORED(),
        crumbs=STORED(),
        lead=STORED(),
        path=STORED(),
        doc_title=STORED(),
        status=ID(stored=True),
        kind=STORED(),
        issued=STORED(),
        order=NUMERIC(stored=True),
    )


@dataclass(frozen=True)
class Hit:
    """One clause as retrieved: the stored fields and its BM25F score."""

    clause_id: str
    doc_id: str
    doc_title: str
    path: str
    text: str
    crumbs: str
    status: str
    kind: str
    issued: str | None
    order: int
    score: float
    lead: str = ""  # the parent's sentence that introduces an item ("…不得有下列行为：")


def docs_meta(docs: Iterable[Any]) -> dict[str, str]:
    """What the index records of each document: its status and successor (re-indexed when they change)."""
    return {d.doc_id: f"{d.status}|{d.superseded_by or ''}" for d in docs}


@dataclass
class Prepared:
    """A document's clauses as the index takes them (segmented, headings and bigrams made): the
    expensive part of indexing, which a worker process can do while another writes."""

    doc_id: str
    title: str
    status: str
    superseded_by: str | None
    fields: list[dict[str, Any]]

    def relabel(self, status: str, superseded_by: str | None) -> Prepared:
        """The same clauses under other version links (the index records a clause's status)."""
        if (status, superseded_by) == (self.status, self.superseded_by):
            return self
        return Prepared(self.doc_id, self.title, status, superseded_by,
                        [f | {"status": status} for f in self.fields])


def prepare(doc: Document, analyzer: Analyzer) -> Prepared:
    return Prepared(doc.doc_id, doc.title, doc.status, doc.superseded_by, list(_clause_fields(doc, analyzer)))


def _clause_fields(doc: Document, analyzer: Analyzer) -> Iterable[dict[str, Any]]:
    by_id = {c.clause_id: c for c in doc.clauses}
    for order, clause in enumerate(doc.clauses):
        crumbs = []
        parent = clause.parent_id
        while parent and parent in by_id:
            if by_id[parent].heading:
                crumbs.append(by_id[parent].heading)
            parent = by_id[parent].parent_id
        crumbs.reverse()
        if clause.heading:
            crumbs.append(clause.heading)
        crumb_text = " / ".join(crumbs)
        parent_clause = by_id.get(clause.parent_id or "")
        lead = lead_in(parent_clause.text) if parent_clause is not None else ""
        words = analyzer.index_tokens(clause.text)
        yield {
            "clause_id": clause.clause_id, "doc_id": doc.doc_id,
            "text": " ".join(words),
            "head": " ".join(analyzer.index_tokens(f"{crumb_text} {lead}" if lead else crumb_text)),
            "bigram": " ".join(dict.fromkeys(g for w in words if len(w) >= 3 for g in analyzer.bigrams(w))),
            "body": clause.text, "crumbs": crumb_text, "lead": lead, "path": clause.path, "doc_title": doc.title,
            "status": doc.status, "kind": doc.kind, "issued": doc.issued.isoformat() if doc.issued else None,
            "order": order,
        }


def read_meta(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((path / META).read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return {}


def check(path: Path, analyzer: Analyzer) -> str | None:
    """Why the index at `path` cannot be used as it is, or None when it can."""
    meta = read_meta(path)
    if not meta:
        return M.NO_INDEX
    if meta.get("schema") != SCHEMA_VERSION:
        return M.INDEX_SCHEMA.format(found=meta.get("schema"), version=SCHEMA_VERSION)
    if meta.get("analyzer") != analyzer.fingerprint:
        return M.ANALYZER_CHANGED
    return None


def _write_meta(path: Path, analyzer: Analyzer, docs: dict[str, str], clauses: int) -> None:
    meta = {"schema": SCHEMA_VERSION, "analyzer": analyzer.fingerprint, "docs": docs, "clauses": clauses}
    write_atomic(path / META, json.dumps(meta, ensure_ascii=False, indent=1))


def _write(ix: Any, items: Iterable[Prepared], total: int, delete: Iterable[str] = (),
           progress: Progress | None = None, merge: bool = True) -> int:
    """Delete the clauses of `delete`, add those of `items` (`total` documents), commit; nothing is
    committed on failure. Progress counts the commit (Whoosh writing its segment) as a fifth.
    Returns the number of clauses added. `merge=False` leaves the segments as they are (a large
    add commits a segment per batch; merging them costs more than it saves a search)."""
    # A pool this size holds the postings of the bundled library and of a batch of an add without
    # spilling sorted runs to disk (spills and their merge were half of a large build). Segments
    # are kept as separate files: Whoosh reads a compound segment whole into memory when it opens
    # it (measured at 3,479 documents: 340 MB to open a searcher, 103 MB without).
    writer = ix.writer(limitmb=384, compound=False)
    added = 0
    try:
        for doc_id in delete:
            writer.delete_by_term("doc_id", doc_id)
        for n, item in enumerate(items):
            if progress:
                progress(4 * n, 5 * max(total, 1), item.title)
            for fields in item.fields:
                writer.add_document(**fields)
                added += 1
        if progress:
            progress(4 * total, 5 * max(total, 1), M.WRITING_INDEX)
        writer.commit(merge=merge)
    except BaseException:
        with contextlib.suppress(Exception):  # a cancel that fails (a full disk) must not hide why
            writer.cancel()
        raise
    finally:
        with contextlib.suppress(Exception):
            ix.close()
    if progress:
        progress(1, 1, "")
    return added


def build(path: Path, items: Iterable[Prepared], total: int, analyzer: Analyzer,
          progress: Progress | None = None) -> None:
    """A new index of `items` (`total` documents, streamed) in the empty folder `path`."""
    path.mkdir(parents=True, exist_ok=True)
    meta: dict[str, str] = {}

    def noted() -> Iterable[Prepared]:
        for item in items:
            meta.update(docs_meta([item]))
            yield item

    clauses = _write(windex.create_in(str(path), schema()), noted(), total, progress=progress)
    _write_meta(path, analyzer, meta, clauses)


def _link_copy(source: Path, path: Path) -> None:
    """A copy of an index folder made of hard links (Whoosh never rewrites a segment file: a
    commit writes new files and deletes unused ones, which only unlinks the copy's names). Our
    meta file and Whoosh's lock are real copies. Falls back to copying where links cannot be made."""
    path.mkdir(exist_ok=True)
    for item in source.iterdir():
        target = path / item.name
        if item.name == META or item.suffix == ".lock" or not item.is_file():
            if item.is_file():
                shutil.copyfile(item, target)
            continue
        try:
            os.link(item, target)
        except OSError:
            shutil.copyfile(item, target)


def update(source: Path, path: Path, add: Iterable[Prepared], total: int, delete: Iterable[str],
           docs: dict[str, str], analyzer: Analyzer, progress: Progress | None = None, merge: bool = True) -> None:
    """A copy of the index at `source` in `path` with the clauses of `delete` removed and those of
    `add` (`total` documents) added; `docs` is the new library's documents with their status."""
    _link_copy(source, path)
    _write(windex.open_dir(str(path)), add, total, delete=delete, progress=progress, merge=merge)
    _write_meta(path, analyzer, docs, _count(path))


def _count(path: Path) -> int:
    ix = windex.open_dir(str(path))
    try:
        return int(ix.doc_count())
    finally:
        ix.close()


class ClauseIndex:
    """A searcher over one index folder, kept open between questions."""

    def __init__(self, path: Path, analyzer: Analyzer) -> None:
        reason = check(path, analyzer)
        if reason:
            raise IndexMismatch(reason)
        try:
            self._ix = windex.open_dir(str(path))
            self._searcher = self._ix.searcher(weighting=scoring.BM25F(B=0.25, K1=1.2))
            self._open_every_file()
        except Exception as exc:  # a damaged or foreign folder: the caller rebuilds
            raise IndexMismatch(M.INDEX_UNREADABLE.format(why=exc)) from exc
        self.analyzer = analyzer
        self.path = path
        self.size = self._searcher.doc_count()
        self._df: dict[str, int] = {}  # the searcher never changes: a word's count is looked up once
        self._pieces: dict[str, list[str]] = {}
        self.common = max(50, self.size // 25)  # a word in more clauses than this finds nothing in particular

    def _open_every_file(self) -> None:
        """Open now every file a question will read. Whoosh opens a segment's stored fields and
        field lengths when first asked for them, by name: a writer that switched generations and
        swept this folder meanwhile made them vanish ('NoneType' object is not subscriptable, 11
        asks in 50 during adds). An open file outlives its name, so this generation stays readable
        for as long as this searcher lives."""
        fields = [name for name, field in self._searcher.schema.items() if field.scorable]
        for leaf, _ in self._searcher.reader().leaf_readers():
            if leaf.doc_count_all():
                leaf.stored_fields(0)
                for name in fields:
                    leaf.doc_field_length(0, name)

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def df(self, word: str, field: str = "text") -> int:
        key = word if field == "text" else f"{field}:{word}"
        found = self._df.get(key)
        if found is None:
            found = self._df[key] = int(self._searcher.doc_frequency(field, word))
        return found

    def pieces(self, word: str) -> list[str]:
        """The index's words for a word it does not hold whole when it holds every piece, each of
        two characters or more (教育行政部门 → 教育, 行政部门; 外出务工 → 外出, 务工), else []:
        七时 is no 七 and 时."""
        found = self._pieces.get(word)
        if found is None:
            cut = [] if self.df(word) else self.analyzer.cut(word)
            found = self._pieces[word] = cut if len(cut) > 1 and all(len(p) > 1 and self.df(p) for p in cut) else []
        return found

    def idf(self, words: Iterable[str]) -> float:
        """Inverse document frequency of a group of words taken together (synonyms): absent words
        weigh most, as the rarest thing a question can name."""
        df = sum(self.df(w) for w in words)
        return math.log(1 + (self.size + 1) / (df + 0.5))

    def query(self, question: Question) -> wq.Query:
        """An OR of the question's words over the text, heading and title fields. Words found in
        more than one clause in 25 (学校, 学生) find nothing in particular and make every
        query slow; they are left to the sentence ranking unless the question has nothing else."""
        terms: list[wq.Query] = []
        common = self.common
        groups = []
        for concept in question.concepts:
            if concept.unit:
                continue
            words = [w for w in concept.alts if self.df(w)]
            daily = [w for w in concept.everyday if self.df(w) or self.pieces(w)]
            if not words and not daily:
                words = [p for p in concept.parts if self.df(p)]
            # a word the index holds only in pieces counts 0 here: it is as rare as its AND of pieces
            groups.append((sum(self.df(w) for w in words + daily), words, daily, concept))
        if any(df <= common for df, _, _, _ in groups):
            groups = [g for g in groups if g[0] <= common]
        else:  # nothing but common words (学前教育, 管理, 儿童): the two rarest find enough, in a tenth of the time
            groups = sorted(groups, key=lambda g: g[0])[:COMMON_KEPT]
        for _, words, daily, concept in groups:
            for word, credit in [(w, 1.0) for w in words] + [(w, EVERYDAY_BOOST) for w in daily]:
                parts = self.pieces(word)
                # a heading says the word itself; a word in many headings (管理, 学校) finds nothing
                # in particular there and costs most of a search's time at scale
                head = credit == 1.0 and self.df(word, "head") <= HEAD_SHARE * self.size
                for field in ("text", "head") if head else ("text",):
                    terms.append(wq.And([wq.Term(field, p) for p in parts], boost=FIELD_BOOST[field] * credit) if parts
                                 else wq.Term(field, word, boost=FIELD_BOOST[field] * credit))
            if not any(self.df(w) for w in concept.alts + concept.everyday):
                for gram in dict.fromkeys(self.analyzer.bigrams(concept.word)):
                    terms.append(wq.Term("bigram", gram, boost=FIELD_BOOST["bigram"]))
        return wq.Or(terms) if terms else wq.NullQuery

    def search(self, question: Question, limit: int = 60, doc_ids: list[str] | None = None) -> list[Hit]:
        q = self.query(question)
        if q is wq.NullQuery:
            return []
        flt = wq.Or([wq.Term("doc_id", d) for d in doc_ids]) if doc_ids else None
        results = self._searcher.search(q, limit=limit, filter=flt)
        return [self._hit(r, r.score) for r in results]

    def clauses_of(self, doc_id: str) -> list[Hit]:
        results = self._searcher.search(wq.Term("doc_id", doc_id), limit=None, sortedby="order")
        return [self._hit(r, 0.0) for r in results]

    @staticmethod
    def _hit(r: Any, score: float) -> Hit:
        return Hit(clause_id=r["clause_id"], doc_id=r["doc_id"], doc_title=r["doc_title"], path=r["path"],
                   text=r["body"], crumbs=r.get("crumbs", ""), status=r["status"], kind=r.get("kind", ""),
                   issued=r.get("issued"), order=int(r.get("order", 0)), score=float(score or 0.0),
                   lead=r.get("lead", ""))
