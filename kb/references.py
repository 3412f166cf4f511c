"""Cross-references: "依照本法第二十二条", "违反前款规定", "《中华人民共和国义务教育法》第十四条" —
found in a clause's text and resolved to the clause they point to.

A reference is a chain of pieces: an optional scope (本法/本条例… the same document; 《title》 or a
law's bare name another one; 本条 the same article; 前款, 前两款, 前条 counted back from here), an
article (第X条) or a chapter (第X章), a paragraph (第X款) and an item (第X项, （X）项). Pieces joined
by 、和及或至 continue the chain and inherit what they do not say ("第二十六条第二款和第三款": the
third paragraph of 第二十六条; "《教师法》第十条、第十一条": 第十一条 of 教师法). Each piece that
names a clause is one reference, with its text as written and where it stands in the clause.

A paragraph is a clause `…/第X条/N` (the article's own clause holds its first paragraph); an item is
a clause numbered （X） under the article (first paragraph) or under its paragraph. The document's
own version is used for its own articles; another document is looked up by its title (the caller
finds its current version). A reference to a document or clause that is not in the library keeps a
null target.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from policykb.corpus.models import Clause, Document
from policykb.corpus.numerals import circled_to_int, cn_to_int
from policykb.corpus.tree import numbering_text

_N = r"[零〇一二两三四五六七八九十百千\d]+"
_SELF = r"本(?:法|条例|办法|规定|细则|决定|规则|实施办法|实施细则)"
# a law named without 《》 right before its article: 教师法第十条, 刑法第十七条
_NAME = r"(?:(?![本前第款条项章])[\u4e00-\u9fff]){1,20}?(?:法|条例)"  # not over 前款/本条/第X条 before it
_TOKEN = re.compile(
    rf"(?P<title>《(?P<title_text>[^《》]{{2,60}})》)"
    rf"|(?P<self>{_SELF})(?=第{_N}[条章])"
    rf"|(?P<this>本条)(?=第|前)"
    rf"|(?P<prev_para>前(?P<prev_n>[两二三四五])?款)"
    rf"|(?P<prev_article>前条)"
    rf"|(?P<prev_item>前项)"
    rf"|(?P<this_chapter>本章)(?!第)"
    rf"|(?P<article>第(?P<article_n>{_N})条)"
    rf"|(?P<chapter>第(?P<chapter_n>{_N})章)"
    rf"|(?P<para>第(?P<para_n>{_N})款)"
    rf"|(?P<item>第?[（(](?P<item_n>{_N})[)）]项?|第(?P<item_n2>{_N})项)"
    rf"|(?P<name>{_NAME})(?=第{_N}条)"
)
_JOIN = re.compile(r"、|和|及|以及|或者|或|至|到|，")  # between two pieces of one chain
_GLUE = re.compile(r"所列|规定的|中的|的")  # 前款所列第（一）项
_SELF_IN = re.compile(_SELF + "$")
# words before a law's bare name that are not part of it: 依照教师法第十条 → 教师法, 触犯了刑法 → 刑法
_BEFORE_NAME = re.compile(r"依照|按照|依据|根据|违反|适用|参照|实施|触犯了|触犯|符合|对照|执行|以及|或者|并且|的|了|、|和(?!国)")


def law_name(raw: str) -> str:
    """The law's name in the words before 第X条: from 中华人民共和国 when it is there, else after the
    last word that cannot be part of a name."""
    if "中华人民共和国" in raw:
        return raw[raw.rindex("中华人民共和国"):]
    cuts = [m.end() for m in _BEFORE_NAME.finditer(raw)]
    return raw[cuts[-1]:] if cuts else raw


@dataclass(frozen=True)
class Reference:
    clause_id: str  # where it is written
    text: str  # as written
    span: tuple[int, int]  # in the clause's text
    target: str | None  # the clause it points to; None when that is not in the library
    doc_title: str | None = None  # another document, as named (None: the same document)

    def record(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span), "target_clause_id": self.target,
                "document": self.doc_title}


@dataclass
class _Where:
    """What the chain has said so far."""

    doc: Document | None
    other: str | None = None  # another document's title as written
    article: Clause | None = None
    para: int | None = None
    unresolved: bool = False  # a scope or an article that is not in the library


class Resolver:
    """References of a document's clauses. `find(title)` gives the library's (current) document
    with that title, or None."""

    def __init__(self, doc: Document, find: Callable[[str], Document | None] | None = None,
                 titles: Iterable[str] = ()) -> None:
        self.doc = doc
        self.find = find or (lambda _title: None)
        self.titles = [_key(t) for t in titles]
        self._found: dict[str, Document | None] = {}
        self._index: dict[int, dict[str, Any]] = {}

    # -- the clause tree ------------------------------------------------------------------
    def _tree(self, doc: Document) -> dict[str, Any]:
        key = id(doc)
        if key not in self._index:
            articles: dict[int, Clause] = {}
            chapters: dict[int, Clause] = {}
            by_id = {c.clause_id: c for c in doc.clauses}
            for c in doc.clauses:
                number = _number(c.number)
                if c.level == "条" and number is not None:
                    articles.setdefault(number, c)
                elif c.level == "章" and number is not None:
                    chapters.setdefault(number, c)
            self._index[key] = {"articles": articles, "chapters": chapters, "by_id": by_id}
        return self._index[key]

    def _other(self, title: str) -> Document | None:
        """The library's document of that title: its name must be the title (中华人民共和国 aside) —
        a loose match would take 刑法 for 最高人民法院关于审理…刑事案件…."""
        if title not in self._found:
            found = self.find(title)
            self._found[title] = found if found is not None and _key(found.title) == _key(title) else None
        return self._found[title]

    def law_name(self, raw: str) -> str:
        """The law's name in the words before 第X条: the longest tail of them that is a title in the
        library (民办学校有民办教育促进法 → 民办教育促进法), else after the last word that cannot be
        part of a name (触犯了刑法 → 刑法)."""
        name = law_name(raw)
        for n in range(len(name) - 1):
            if _key(name[n:]) in self.titles:
                return name[n:]
        return name

    def _article_of(self, clause: Clause) -> Clause | None:
        by_id = self._tree(self.doc)["by_id"]
        at: Clause | None = clause
        while at is not None and at.level != "条":
            at = by_id.get(at.parent_id) if at.parent_id else None
        return at

    def _para_of(self, clause: Clause, article: Clause) -> int:
        """Which paragraph of `article` the clause is (or is in): 1 for the article's own text."""
        rest = clause.clause_id[len(article.clause_id) + 1:] if clause.clause_id != article.clause_id else ""
        first = rest.split("/", 1)[0]
        return int(first) if first.isdigit() else 1

    def _para(self, article: Clause, n: int) -> Clause | None:
        if n == 1:
            return article
        found: Clause | None = self._tree(self._doc_of(article))["by_id"].get(f"{article.clause_id}/{n}")
        return found

    def _item(self, article: Clause, para: int | None, n: int) -> Clause | None:
        base = self._para(article, para or 1)
        if base is None:
            return None
        prefix = base.clause_id + "/"
        doc = self._doc_of(article)
        for c in doc.clauses:
            if c.clause_id.startswith(prefix) and "/" not in c.clause_id[len(prefix):] and c.level != "款" \
                    and _number(c.number) == n:
                return c
        return None

    def _doc_of(self, clause: Clause) -> Document:
        if clause.doc_id == self.doc.doc_id:
            return self.doc
        found = next((d for d in self._found.values() if d is not None and d.doc_id == clause.doc_id), None)
        return found or self.doc

    # -- reading a clause -------------------------------------------------------------------
    def references(self, clause: Clause) -> list[Reference]:
        if clause.level == "前言":
            return []
        text = clause.text
        # the clause's own marker is no reference (第２条 is printed, 第2条 is its number)
        own = len(clause.number) if clause.number and numbering_text(text).startswith(clause.number) else 0
        out: list[Reference] = []
        where: _Where | None = None
        start: int | None = None  # where the reference being read began (its scope included)
        self._last_article: Clause | None = None  # the article this clause named last, and its paragraph
        self._last_para: int | None = None
        last_end = -1
        for m in _TOKEN.finditer(text, own):
            kind = m.lastgroup
            gap = text[last_end:m.start()] if where is not None else None
            joined = gap is not None and (gap == "" or bool(_JOIN.fullmatch(gap)) or bool(_GLUE.fullmatch(gap)))
            after_this = joined and gap == "" and text[max(0, m.start() - 2):m.start()] == "本条"
            if kind == "item" and not joined and not (m.group(0).startswith("第") or m.group(0).endswith("项")):
                where, start = None, None  # a list's marker (（一）…), not a reference
                continue
            if kind == "name":
                raw = m.group("name")
                inside = list(_SELF_IN.finditer(raw))
                if inside:  # "…违反本条例第十五条": the leftmost match took words before 本条例
                    kind = "self"
                    where, start = _Where(self.doc), m.start() + inside[-1].start()
                else:
                    name = self.law_name(raw)
                    if len(name) < 2:
                        where, start = None, None
                        continue
                    where, start = _Where(self.doc), m.end() - len(name)
            elif kind in ("title", "self", "this", "this_chapter") \
                    or (kind in ("prev_para", "prev_article", "prev_item") and not after_this) \
                    or not joined:
                where, start = _Where(self.doc), m.start()
            elif start is None:
                start = m.start()
            assert where is not None
            emitted = self._step(where, kind, m, clause)
            last_end = m.end()
            if where.article is not None and where.doc is self.doc:
                self._last_article, self._last_para = where.article, where.para
            if emitted is not None:
                target = emitted if isinstance(emitted, Clause) else None
                out.append(Reference(clause.clause_id, text[start:m.end()], (start, m.end()),
                                     target.clause_id if target else None, where.other))
                start = None
        unique: dict[tuple[str, str | None], Reference] = {}  # written twice in one clause: once
        for ref in _deepest(out, text):
            unique.setdefault((ref.text, ref.target), ref)
        return list(unique.values())

    def _step(self, where: _Where, kind: str | None, m: re.Match[str], clause: Clause) -> Clause | bool | None:
        """Take one piece into the chain; what it points to when it names a clause (True: a
        clause that is not in the library), None when it only sets the scope."""
        if kind in ("title", "name"):
            title = m.group("title_text") if kind == "title" else self.law_name(m.group("name"))
            where.other = title
            where.doc = self._other(title)
            where.article, where.para, where.unresolved = None, None, where.doc is None
            return None
        if kind == "self":  # (a name that ended in 本条例 is one too)
            where.doc, where.other, where.article, where.para, where.unresolved = self.doc, None, None, None, False
            return None
        if kind == "this":
            where.doc, where.article, where.para = self.doc, self._article_of(clause), None
            return None
        if kind == "prev_article":
            here = self._article_of(clause)
            number = _number(here.number) if here else None
            found = self._tree(self.doc)["articles"].get(number - 1) if number else None
            where.article, where.para = found, None
            return found or True
        if kind == "prev_item":  # 前项: the item before this one
            number = _number(clause.number) if clause.level == "项" else None
            parent = self._tree(self.doc)["by_id"].get(clause.parent_id) if clause.parent_id else None
            if number is None or parent is None or number < 2:
                return True
            prefix = parent.clause_id + "/"
            found = next((c for c in self.doc.clauses if c.clause_id.startswith(prefix) and c.level == "项"
                          and "/" not in c.clause_id[len(prefix):] and _number(c.number) == number - 1), None)
            return found or True
        if kind == "this_chapter":  # 本章: the chapter this clause is in
            by_id = self._tree(self.doc)["by_id"]
            node: Clause | None = clause
            while node is not None and node.level != "章":
                node = by_id.get(node.parent_id) if node.parent_id else None
            return node or True
        if kind == "prev_para":  # 前款, 前两款 (the first of them), 本条前三款
            article = self._article_of(clause)
            back = _number(m.group("prev_n")) if m.group("prev_n") else 1
            if article is None or back is None:
                return True
            para = self._para_of(clause, article) - back
            where.article, where.para = article, max(para, 1)
            return (self._para(article, para) if para >= 1 else None) or True
        if kind == "article":
            number = _number(m.group("article_n"))
            if where.unresolved or where.doc is None or number is None:
                where.unresolved = True
                return True
            found = self._tree(where.doc)["articles"].get(number)
            where.article, where.para, where.unresolved = found, None, found is None
            return found or True
        if kind == "chapter":
            number = _number(m.group("chapter_n"))
            if where.doc is None or number is None:
                return True
            found = self._tree(where.doc)["chapters"].get(number)
            return found or True
        if kind == "para":
            number = _number(m.group("para_n"))
            if where.unresolved or number is None:
                return True
            if where.article is not None:
                where.para = number
                return self._para(where.article, number) or True
            # a bare 第二款: of this article, or else of the article this clause named last
            for article in (self._article_of(clause), self._last_article):
                if article is not None and self._para(article, number) is not None:
                    where.article, where.para = article, number
                    return self._para(article, number)
            return True
        if kind == "item":
            number = _number(m.group("item_n") or m.group("item_n2"))
            if where.unresolved or number is None:
                return True
            if where.article is not None:
                return self._item(where.article, where.para, number) or True
            # 本条第（一）项, a bare 第四项: this article and paragraph, or else the article named last
            # ("有第二十六条第三项规定的…，以及第四项、第五项规定的…")
            here = self._article_of(clause)
            tries: list[tuple[Clause | None, int | None]] = [
                (here, self._para_of(clause, here) if here else None), (self._last_article, self._last_para)]
            for article, at in tries:
                if article is not None and self._item(article, at, number) is not None:
                    where.article, where.para = article, at
                    return self._item(article, at, number)
            return True
        return None


def _deepest(refs: list[Reference], text: str) -> list[Reference]:
    """"第五十九条第一款" is one reference to the paragraph: a piece that only deepens the one
    before it (touching it, or after 所列) takes its place, written from where that one began."""
    out: list[Reference] = []
    for ref in refs:
        if out and (out[-1].span[1] == ref.span[0] or _GLUE.fullmatch(text[out[-1].span[1]:ref.span[0]])) \
                and _deepens(ref.text):
            prev = out.pop()
            ref = Reference(ref.clause_id, text[prev.span[0]:ref.span[1]], (prev.span[0], ref.span[1]),
                            ref.target, prev.doc_title)
        out.append(ref)
    return out


def _deepens(text: str) -> bool:
    return bool(re.match(rf"^(?:第{_N}款|第?[（(]{_N}[)）]项?|第{_N}项)", text))


def _key(title: str) -> str:
    """A title as compared: without 中华人民共和国, brackets, spaces and quotes."""
    return re.sub(r"^中华人民共和国|[\s《》〈〉“”\"'()（）·]", "", title)


def _number(text: str | None) -> int | None:
    if not text:
        return None
    digits = numbering_text(re.sub(r"[第条章款项（）()\s.、．]", "", text))  # 第２条 is 第2条
    if digits.isascii() and digits.isdigit():  # not str.isdigit alone: ① is a digit to Python, not to int()
        return int(digits)
    if len(digits) == 1 and circled_to_int(digits) is not None:
        return circled_to_int(digits)
    return cn_to_int(digits) if digits else None


def references(doc: Document, find: Callable[[str], Document | None] | None = None) -> Iterator[Reference]:
    resolver = Resolver(doc, find)
    for clause in doc.clauses:
        yield from resolver.references(clause)
