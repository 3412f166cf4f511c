"""Splitting cleaned text into a tree of citable clauses with stable, readable ids.

Two numbering families are recognised. Policy documents number 一、 （一） 1. （1） ①, often inline
in run-on text where a viewer lost the line breaks; an inline marker is accepted only where the
sequence expects it. Laws number 第X编/章/节/条, with 款 as an article's paragraphs and 项 （一）
inside them. A clause's own text runs from its marker to the next marker, so the clauses of a
document cover its cleaned text exactly once. Paths are the numbering as printed, with brackets
normalised to full width: ``二/（三）/13``, ``第四章/第二十二条/2``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykb.corpus import messages as M
from policykb.corpus.models import Clause, ClauseLevel
from policykb.corpus.numerals import circled_to_int, cn_to_int

CN = "一二三四五六七八九十百千零〇"
MAX_OWN = 600     # a clause's own text longer than this is split at sentence ends ...
CHUNK = 450       # ... into pieces of about this size ...
MAX_PIECE = 2 * CHUNK  # ... and a piece still longer (a sentence that never ends) at a comma, or anywhere
_SOFT_BREAK = re.compile(r"[，,、：:；;）)]")

SECTION_WORDS = ("指导思想", "总体目标", "主要目标", "工作目标", "目标任务", "基本原则", "总体要求", "重点任务",
                 "主要任务", "重点工作", "主要措施", "工作措施", "保障措施", "组织保障", "实施进度", "实施步骤",
                 "工作要求", "有关要求", "工作步骤", "进度安排", "组织领导")
BOUNDARY = set("。；！？!?;：:）)”’」\n")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+(?:[。！？；!?;]+[”’」』）)]?)?")

# Policy family: kind → (rank, level name, pattern). Numbers are group 1.
_POLICY: tuple[tuple[ClauseLevel, int, re.Pattern[str]], ...] = (
    ("部分", 0, re.compile(rf"第([{CN}]+)部分")),
    ("一、", 1, re.compile(rf"([{CN}]{{1,3}})、")),
    ("（一）", 2, re.compile(rf"[（(]([{CN}]{{1,3}})[)）]")),
    ("（1）", 4, re.compile(r"[（(](\d{1,2})[)）]")),
    ("1.", 3, re.compile(r"(?<![\d.．])(\d{1,2})(?:[.．](?!\d)|、)")),
    ("①", 5, re.compile(r"([①-⑳])")),
)
_POLICY_ANY = re.compile("|".join(f"(?P<k{i}>{p.pattern})" for i, (_, _, p) in enumerate(_POLICY)))
_TITLE_LINE = re.compile(r"^[^\s，,。；;：:！？!?]{6,60}(实施方案|工作方案|方案|计划|意见|办法|通知|条例|规定|细则|规划|纲要|决定)"
                         r"([（(]征求意见稿[)）])?$")
_LINE_CN_DOT = re.compile(rf"([{CN}]{{1,3}})[．.](?=[\u4e00-\u9fff])")
# A bulleted item: a bullet at the start of a line, then the item's words. Bullets carry no number,
# so an item's path label is its place among its siblings: •1, •2 …
BULLETS = "-•·●▪○◦■◆➢"
_BULLET = re.compile(rf"^[ \t\u3000]*([{re.escape(BULLETS)}])[ \t\u3000]*(?=[^\s\d{re.escape(BULLETS)}])")

_LAW_DIVISION = re.compile(rf"^第([{CN}]+|\d{{1,4}})(编|章|节)(?:[\s　]+(.*)|$)")
_LAW_ARTICLE = re.compile(rf"^第([{CN}]+|\d{{1,4}})条(?:[\s　]+|(?=[^的规之中和或、，,及]))")
# Numbering is read after width folding (DESIGN §11): 第２条 is 第2条, （１） is （1）. Only the
# digits are folded, one character for one, so every offset still points into the text as printed.
_FOLD_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def numbering_text(text: str) -> str:
    """`text` with full-width digits read as digits, for finding its numbering (same length)."""
    return text.translate(_FOLD_DIGITS)


def _article_number(raw: str) -> int:
    return int(raw) if raw.isascii() and raw.isdigit() else cn_to_int(raw) or 0
_LAW_ITEM = re.compile(rf"^[（(]([{CN}]{{1,3}})[)）]")
_LAW_SUBITEM = re.compile(r"^(\d{1,2})[.．、](?!\d)")
_LAW_RANK = {"编": 0, "章": 1, "节": 2, "条": 3, "款": 4, "项": 5, "目": 6}


@dataclass
class _Mark:
    start: int
    level: ClauseLevel
    rank: int
    number: int
    label: str
    marker: str
    heading: str = ""
    paragraphs: int = 1  # for articles: how many 款 so far
    parent: _Mark | None = field(default=None, repr=False)


def _num(kind: str, raw: str) -> int:
    if kind in ("1.", "（1）"):
        return int(raw)
    if kind == "①":
        return circled_to_int(raw) or 0
    return cn_to_int(raw) or 0


def _label(kind: str, raw: str) -> str:
    return {"部分": f"第{raw}部分", "一、": raw, "（一）": f"（{raw}）", "（1）": f"（{raw}）", "1.": raw}.get(kind, raw)


def sentences(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in _SENTENCE.findall(text) if s.strip())


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def _heading(rest: str, mode: str) -> str:
    """The heading printed after a marker: a whole short line, a short fragment before the next
    inline marker, a known section word, or a short phrase ending in 。；：."""
    rest = rest.strip()
    word = next((w for w in SECTION_WORDS if rest.startswith(w)), "")
    if word:
        return word
    if mode == "line" and len(rest) <= 40 and not re.search(r"[。；;！？!?]", rest.rstrip("。")):
        return rest.rstrip("：:。")
    if mode == "fragment" and len(rest) <= 40 and not re.search(r"[。；;！？!?，,]", rest):
        return rest
    m = re.match(r"^([^。；;：:，,！？!?]{2,25})[。；;：:]", rest)
    return m.group(1) if m else ""


def _policy_marks(text: str) -> list[_Mark]:
    marks: list[_Mark] = []
    stack: list[_Mark] = []
    previous = ""
    for para_start, para in _paragraphs(text):
        last_end = 0
        if marks and _TITLE_LINE.match(para.strip()):
            # A second title (an attachment after its covering notice) starts a new numbering.
            stack.clear()
            label = "附件" if "附件" in previous else "正文"
            marks.append(_Mark(para_start, "前言", -1, 0, label, ""))
            previous = para
            continue
        previous = para
        if b := _BULLET.match(para):
            while stack and stack[-1].rank >= 6:
                stack.pop()
            parent = stack[-1] if stack else None
            number = 1 + sum(1 for mk in marks if mk.rank == 6 and mk.parent is parent)
            mark = _Mark(para_start + b.start(1), "•", 6, number, f"•{number}", b.group(0)[b.start(1):],
                         parent=parent)
            stack.append(mark)
            marks.append(mark)
            continue
        indent = len(para) - len(para.lstrip())
        for m in _POLICY_ANY.finditer(para):
            index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
            kind, rank, pattern = _POLICY[index]
            inner = pattern.match(para, m.start())
            assert inner is not None
            number = _num(kind, inner.group(1))
            at_start = m.start() <= indent  # (not a slice per marker: that is quadratic on one long line)
            same = next((s for s in stack if s.rank == rank), None)
            sibling = same is not None and number == same.number + 1
            first_child = number == 1 and (not stack or rank > stack[-1].rank)
            if not at_start:
                before = para[m.start() - 1] if m.start() else "\n"
                strong = kind in ("（一）", "（1）", "①")
                short_heading = (m.start() - last_end <= 30
                                 and not re.search(r"[。；;，,]", para[last_end: m.start()]))
                if not (sibling or first_child):
                    continue
                if not (before in BOUNDARY or strong or (first_child and short_heading)):
                    continue
            while stack and stack[-1].rank >= rank:
                stack.pop()
            mark = _Mark(para_start + m.start(), kind, rank, number, _label(kind, inner.group(1)),
                         m.group(0), parent=stack[-1] if stack else None)
            stack.append(mark)
            marks.append(mark)
            last_end = m.end()
        # A line "一．xxx" is a section marker too, but only at the start of a line.
        if not marks or marks[-1].start < para_start:
            m2 = _LINE_CN_DOT.match(para)
            if m2:
                while stack and stack[-1].rank >= 1:
                    stack.pop()
                mark = _Mark(para_start, "一、", 1, cn_to_int(m2.group(1)) or 0, m2.group(1), m2.group(0),
                             parent=stack[-1] if stack else None)
                stack.append(mark)
                marks.append(mark)
    return marks


def _law_marks(text: str) -> list[_Mark]:
    marks: list[_Mark] = []
    stack: list[_Mark] = []

    def push(mark: _Mark) -> None:
        while stack and stack[-1].rank >= mark.rank:
            stack.pop()
        mark.parent = stack[-1] if stack else None
        stack.append(mark)
        marks.append(mark)

    for start, para in _paragraphs(text):
        s = para.strip()
        lead = len(para) - len(para.lstrip())
        if (m := _LAW_DIVISION.match(s)) and len(s) <= 60:
            unit = m.group(2)
            heading = re.sub(r"[\s　]+", "", m.group(3) or "")
            push(_Mark(start + lead, unit, _LAW_RANK[unit], _article_number(m.group(1)),  # type: ignore[arg-type]
                       f"第{m.group(1)}{unit}", f"第{m.group(1)}{unit}", heading))
        elif m := _LAW_ARTICLE.match(s):
            push(_Mark(start + lead, "条", 3, _article_number(m.group(1)), f"第{m.group(1)}条", m.group(0).strip()))
        elif not any(mk.rank == 3 for mk in stack):
            continue  # text before the first article belongs to what precedes it
        elif m := _LAW_ITEM.match(s):
            push(_Mark(start + lead, "项", 5, cn_to_int(m.group(1)) or 0, f"（{m.group(1)}）", m.group(0)))
        elif (m := _LAW_SUBITEM.match(s)) and any(mk.rank == 5 for mk in stack):
            push(_Mark(start + lead, "目", 6, int(m.group(1)), m.group(1), m.group(0)))
        else:
            article = next(mk for mk in stack if mk.rank == 3)
            article.paragraphs += 1
            push(_Mark(start + lead, "款", 4, article.paragraphs, str(article.paragraphs), ""))
    return marks


def is_law(text: str) -> bool:
    """Numbered in articles: three paragraphs that begin 第X条, or two in a text numbered no other way
    (a short 决定 or 办法: its articles are its clauses, not one 前言)."""
    text = numbering_text(text)
    articles = sum(1 for _, p in _paragraphs(text) if _LAW_ARTICLE.match(p.strip()))
    # the items inside an article (（一）、1.) are no plan's numbering; 第一部分 or 一、 is
    return articles >= 3 or articles == 2 and not any(m.level in ("部分", "一、") for m in _policy_marks(text))


def _split_points(text: str, start: int, end: int, cuts: list[int] | None = None) -> list[int]:
    """Offsets inside [start, end) where a long unnumbered stretch is cut, always at a sentence end."""
    points: list[int] = []
    piece_start = start
    for m in _SENTENCE.finditer(text, start, end):
        if m.end() - piece_start > CHUNK and m.start() > piece_start:
            points.append(m.start())
            piece_start = m.start()
    # Never leave a stub: merge a last piece shorter than a fifth of a chunk into the one before.
    if points and end - points[-1] < CHUNK // 5:
        points.pop()
    return _bounded(text, [start, *points, end], cuts)


def _bounded(text: str, bounds: list[int], cuts: list[int] | None = None) -> list[int]:
    """The inner cut points of `bounds`, with every piece longer than MAX_PIECE cut again: after
    the last comma (、；：…) within a chunk, or at the chunk when there is none. A sentence that
    never ends (a hostile or broken file: 300,000 characters without a full stop) then costs every
    later step what ordinary sentences cost: it was quadratic in extraction."""
    out: list[int] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        while b - a > MAX_PIECE:
            soft = [m.end() for m in _SOFT_BREAK.finditer(text, a + CHUNK // 2, a + CHUNK)]
            cut = soft[-1] if soft else a + CHUNK
            out.append(cut)
            if cuts is not None:
                cuts.append(cut)
            a = cut
        out.append(b)
    return out[:-1]


def parse_clauses(doc_id: str, text: str, law: bool | None = None,
                  notes: list[str] | None = None) -> tuple[Clause, ...]:
    """The clause tree of a cleaned text, flat in reading order; spans tile the text exactly.

    `law` says which numbering family the text uses; it is detected when not given. What the
    report should say (a sentence too long cut at commas) is appended to `notes`."""
    cuts: list[int] = []
    if law is None:
        law = is_law(text)
    marks = _law_marks(numbering_text(text)) if law else _policy_marks(numbering_text(text))
    if not marks or text[: marks[0].start].strip():
        head = _Mark(0, "前言", -1, 0, "前言", "")
        marks = [head, *marks]
    else:
        marks[0].start = 0
    paths: dict[int, str] = {}
    used: set[str] = set()
    clauses: list[Clause] = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start if i + 1 < len(marks) else len(text)
        parent_path = paths.get(id(mark.parent)) if mark.parent is not None else None
        path = f"{parent_path}/{mark.label}" if parent_path else mark.label
        base, n = path, 2
        while path in used:
            path, n = f"{base}~{n}", n + 1
        used.add(path)
        paths[id(mark)] = path
        if not mark.heading and mark.level not in ("前言", "条", "款"):
            line_end = text.find("\n", mark.start)
            line_end = len(text) if line_end < 0 else line_end
            at_line_start = mark.start == 0 or text[mark.start - 1] == "\n"
            mode = "line" if at_line_start and line_end <= end else "fragment" if end < line_end else "other"
            mark.heading = _heading(text[mark.start + len(mark.marker): min(end, line_end)], mode)
        pieces = _split_points(text, mark.start, end, cuts) if end - mark.start > MAX_OWN else []
        bounds = [mark.start, *pieces, end]
        clause_id = f"{doc_id}/{path}"
        parent_id = f"{doc_id}/{parent_path}" if parent_path else None
        body = text[bounds[0]: bounds[1]]
        clauses.append(Clause(clause_id=clause_id, doc_id=doc_id, path=path, parent_id=parent_id, level=mark.level,
                              number=mark.marker, heading=mark.heading, text=body.strip(),
                              span=(bounds[0], bounds[1]), sentences=sentences(body)))
        for k in range(1, len(bounds) - 1):
            piece = text[bounds[k]: bounds[k + 1]]
            clauses.append(Clause(clause_id=f"{clause_id}/¶{k + 1}", doc_id=doc_id, path=f"{path}/¶{k + 1}",
                                  parent_id=clause_id, level="段", text=piece.strip(),
                                  span=(bounds[k], bounds[k + 1]), sentences=sentences(piece)))
    if cuts and notes is not None:
        notes.append(M.PIECES_CUT.format(n=len(cuts)))
    return tuple(clauses)


_MARKER = re.compile(r"^(?:第(?:[一二三四五六七八九十百千零〇]+|\d+)条(?:之[一二三四五六七八九十]+)?\s*|\d+[.．、]\s*"
                     r"|[(（][一二三四五六七八九十\d]+[)）]\s*|[一二三四五六七八九十]+、\s*|[①-⑳]\s*"
                     rf"|[{re.escape(BULLETS)}]\s*)")


def lead_in(parent_text: str) -> str:
    """What an item's parent says to introduce it: its last sentence when that ends in a colon
    ("幼儿园不得有下列行为："), without the article number; "" otherwise. An item under it is a
    ban, a duty or a list of cases only with it."""
    said = sentences(parent_text)
    last = said[-1] if said else parent_text.strip()
    if not last.endswith(("：", ":")):
        return ""
    return strip_marker(last)


def strip_marker(sentence: str) -> str:
    """The sentence without the article or item number it starts with (the citation carries it)."""
    rest = _MARKER.sub("", sentence, count=1)
    return rest if len(rest) >= 4 else sentence


_DIVISION = re.compile(rf"^第[{CN}\d]+(?:编|章|节)$")
_ARTICLE = re.compile(rf"^第[{CN}\d]+条$")
_CN_ITEM = re.compile(rf"^[（(]([{CN}]{{1,3}})[)）]$")


def clause_label(path: str) -> str:
    """A clause's numbering as a reader cites it: 第三章/第三十九条/3 → 第三十九条第三款,
    第二章/第八条/（三） → 第八条第三项, 二/（三）/13 → 二、（三）13, 四/（二） → 四、（二）.

    The path (DESIGN §2: the numbering as printed, joined by "/") stays the clause's id; this is how
    it is shown. A law's chapter is left out before its article (articles are numbered through the
    law); the pieces of an overlong clause read （第2段）, a numbering printed twice （第2处）."""
    from policykb.corpus.numerals import int_to_cn

    parts = [p for p in path.split("/") if p]
    if any(_ARTICLE.match(p.split("~")[0]) for p in parts):
        out: list[str] = []
        after = False  # past the article: 2 is its second 款, （三） an item, 1 a sub-item
        paragraph = False
        for part in parts:
            core, _, again = part.partition("~")
            if _ARTICLE.match(core):
                out, after = [core], True
            elif not after and _DIVISION.match(core):
                out.append(core)
            elif core.startswith("¶"):
                out.append(f"（第{core[1:]}段）")
            elif after and core.isdigit():
                out.append(f"第{int_to_cn(int(core))}{'目' if paragraph else '款'}")
            elif after and (m := _CN_ITEM.match(core)):
                out.append(f"第{m.group(1)}项")
                paragraph = True
            else:
                out.append(core)
            if again:
                out[-1] += f"（第{again}处）"
        return "".join(out)
    out = []
    for n, part in enumerate(parts):
        core, _, again = part.partition("~")
        if core.startswith("¶"):
            text = f"（第{core[1:]}段）"
        elif re.fullmatch(f"[{CN}]{{1,3}}", core):
            text = f"{core}、"
        elif core.isdigit() and n + 1 < len(parts):
            text = f"{core}."
        elif core.startswith("•"):
            text = f"第{core[1:]}点"
        else:
            text = core
        out.append(text + (f"（第{again}处）" if again else ""))
    return re.sub(r"[、.](?=（第)", "", "".join(out)).rstrip("、.")
