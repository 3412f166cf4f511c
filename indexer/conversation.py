"""A conversation: questions that lean on the one before ("那初中呢？"), answered by the engine `ask` uses.

A follow-up is a short turn that starts with 那/那么/至于/如果是 or ends with 呢, or one that only
names a kind of school ("初中？"). What it names takes the place of the same kind of thing in the
previous question — a kind of school (小学生 → 初中生), how often (每学年 → 每学期), a school attribute
(公办 → 民办), a grade (一年级 → 三年级) — or goes in front of it when the previous question had none
("班主任工作量如何计算" + "那幼儿园呢" → "幼儿园班主任工作量如何计算"). A follow-up naming something else
("那劳动教育呢") is asked in the previous question's frame: its words, the previous question's kind of
school and its asking part (有什么要求, 如何计算). Every turn says how it was understood (`asked`), so a
wrong guess is visible.

A turn about one kind of school is ranked for it, as `ask --school-type` ranks, and an answer from a
clause about other kinds only ("将…纳入初中学业水平考试" for 小学生) is no answer: the clauses are listed,
the sentence is not put forward.

When a turn is about one kind of school and the answering sentence covers several ("小学学生每学年完成1次
社会服务…，初中学生每学年完成至少2次…"), the answer is the part for that kind, as the catalog split it; the
citation keeps the whole clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from policykb.indexer import messages as M
from policykb.indexer.models import Answer, Citation, Turn
from policykb.indexer.search import Engine
from policykb.kb.catalog import Requirements
from policykb.kb.models import Requirement
from policykb.kb.quantity import period_words
from policykb.kb.schools import ATTRIBUTES, WORDS, applies, school_words

_LEAD = re.compile(r"^(?:那如果是|那要是|如果是|要是|若是|那么|那|至于|还有|换成|换作|对于)")
_TAIL = re.compile(r"(?:的话)?(?:又?(?:怎么样|如何|怎样|是什么|怎么规定)?)?(?:呢)?[？?。.！!～~\s]*$")
_FILLER = re.compile(r"^(?:的|学生|学校|阶段|年级|来说|方面|这块|这边|[的，,、\s])+$")
_GRADE = re.compile(r"[一二三四五六七八九1-9]年级|[初高][一二三]")
# the school attributes, and the town a 农村 school is set against (城里的幼儿园 → 那农村呢？)
_ATTRIBUTE = re.compile("|".join(sorted((*(w for ws in ATTRIBUTES.values() for w in ws), "城里", "城市", "城镇", "县城",
                                         "市区"), key=len, reverse=True)))
_ASKING = re.compile(r"有什么|有哪些|是什么|是多少|多少|几[次节个项天年周小时分所名]|如何|怎么|怎样|是否|能否|能不能|"
                     r"可不可以|可以|可否|要不要|需不需要|吗")
# Places a follow-up can swap ("那北京呢？"): the provinces and the cities' names as said, with or
# without 省/市; a name the documents' titles start with is what ranks that place's rules first.
_PROVINCES = ("北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
              "四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门").split()
_PLACE = re.compile(rf"(?:{'|'.join(_PROVINCES)})(?:省|市|自治区)?|(?<![城超都])[\u4e00-\u9fff]{{2,3}}市")
_MAX_FOCUS = 14
# The kinds a question can be narrowed to; 中学, 中小学 and 义务教育 name several and narrow nothing.
_BASE = frozenset({"幼儿园", "小学", "初中", "普通高中", "中等职业学校", "特殊教育学校"})


@dataclass(frozen=True)
class Slot:
    kind: str  # school, period, attribute, grade
    start: int
    end: int
    word: str


def slots(text: str, places: frozenset[str] = frozenset()) -> list[Slot]:
    """The things a follow-up can swap, in order; `places` are the library's own (洛阳市, 洛阳)."""
    found = [Slot("school", s, e, w) for s, e, w in school_words(text)]
    found += [Slot("period", s, e, w) for s, e, w in period_words(text)]
    found += [Slot("attribute", m.start(), m.end(), m.group()) for m in _ATTRIBUTE.finditer(text)]
    found += [Slot("grade", m.start(), m.end(), m.group()) for m in _GRADE.finditer(text)]
    found += [Slot("place", m.start(), m.end(), m.group()) for m in _PLACE.finditer(text)]
    found += [Slot("place", m.start(), m.start() + len(p), p) for p in places for m in re.finditer(re.escape(p), text)]
    found.sort(key=lambda s: (s.start, -s.end))
    kept: list[Slot] = []
    for slot in found:  # 小学生 hides nothing, but 一年级 inside a longer school word would
        if not kept or slot.start >= kept[-1].end:
            kept.append(slot)
    return kept


def kind_of(text: str) -> str | None:
    """The one kind of school `text` is about, in the taxonomy's words; None when it names none or several."""
    kinds: set[str] = set()
    for _, _, word in school_words(text):
        kinds |= set(WORDS[word]) & _BASE
    return next(iter(kinds)) if len(kinds) == 1 else None


def focus(text: str, has_previous: bool, places: frozenset[str] = frozenset()) -> str | None:
    """What a follow-up asks about ("那初中呢？" → "初中"); None when `text` is a question of its own."""
    if not has_previous:
        return None
    body = text.strip()
    lead = _LEAD.match(body)
    tail = _TAIL.search(body)
    core = body[lead.end() if lead else 0: tail.start() if tail else len(body)].strip(" ，,、的")
    if not core or len(core) > _MAX_FOCUS or _ASKING.search(core):
        return None  # too long, or it asks something itself ("学校能否公布排名呢")
    marked = bool(lead) or body.rstrip("？?。.！! ").endswith("呢")
    named = slots(core, places)
    only_slots = bool(named) and _FILLER.match(_without(core, named) or "的") is not None
    return core if marked or only_slots else None


def _without(text: str, found: list[Slot]) -> str:
    for slot in reversed(found):
        text = text[:slot.start] + text[slot.end:]
    return text


def _as_said(new: str, old: str) -> str:
    """初中 said where the previous question said 小学生: 初中生."""
    if old.endswith("生") and not new.endswith("生") and new + "生" in WORDS:
        return new + "生"
    return new


def resolve(text: str, previous: str | None, places: frozenset[str] = frozenset()) -> tuple[str, bool]:
    """The question a turn asks, read with the previous one; and whether it was a follow-up."""
    core = focus(text, previous is not None, places)
    if core is None or previous is None:
        return text.strip(), False
    named = slots(core, places)
    rest = _without(core, named)
    if not rest or _FILLER.match(rest):
        asked = previous
        for slot in named:
            same = [s for s in slots(asked, places) if s.kind == slot.kind]
            if same:
                old = same[0]
                asked = asked[:old.start] + _as_said(slot.word, old.word) + asked[old.end:]
            elif slot.kind == "school" and "学校" in asked:
                asked = asked.replace("学校", slot.word, 1)  # 学校 asked of every school: now of this kind
            else:
                asked = slot.word + asked
        return asked, True
    # Something new in the previous question's frame: its kind of school and its asking part.
    school = "" if any(s.kind == "school" for s in named) else next(
        (s.word for s in slots(previous) if s.kind == "school"), "")
    asking = _ASKING.search(previous)
    return f"{school}{core}{previous[asking.start():] if asking else '有什么规定'}", True


def _stem(word: str) -> str:
    """北京市 is said 北京 in a sentence; 民办 stays 民办."""
    return word[:-1] if len(word) > 2 and word.endswith(("省", "市")) else word


_COMBINED = {"九年一贯制学校", "完全中学"}  # kinds that hold two stages


def focus_answer(answer: Answer, kind: str, requirements: list[Requirement]) -> str | None:
    """The part of the answering sentence for this kind of school, after what the sentence says
    before its parts, when the sentence holds parts for several kinds; None when it does not."""
    if not answer.answer or not answer.citations:
        return None
    top = answer.citations[0].clause_id
    parts = [r for r in requirements if r.clause_id == top and r.text and r.text.rstrip("。；;") in answer.answer]
    by_sentence: dict[str, list[Requirement]] = {}
    for r in parts:
        by_sentence.setdefault(r.sentence, []).append(r)
    for group in by_sentence.values():
        if len({r.school_types for r in group}) < 2:
            continue
        mine = [r for r in group if kind in r.school_types]
        # a phrase shared by the kinds the sentence then speaks to in turn ("都有…,小学学生…,初中学生…")
        # gives way to the one about this kind
        others = {k for r in group if kind not in r.school_types for k in r.school_types} - _COMBINED
        mine = [r for r in mine if not (set(r.school_types) - {kind} - _COMBINED) & others] or mine
        if mine and len(mine) < len(group):
            # what the sentence says before its parts (每天在校课堂学习时间，小学…，中学…) is their
            # subject: "中学不得超过八小时" alone would read as any time at all
            at = {r.req_id: answer.answer.find(r.text.rstrip("。；;")) for r in group}
            first = min(group, key=lambda r: at[r.req_id])
            head = answer.answer[:at[first.req_id]]
            stem = first.text.split("，", 1)[0] + "，" if "，" in first.text else ""
            if first not in mine and stem and applies(stem, kind) is None:
                head += stem
            return head + "".join(r.text if r.text.endswith(("。", "；", ";")) else r.text + "。" for r in mine)
    return None


def about(citation: Citation, kind: str) -> bool | None:
    """Whether a cited clause is about this kind of school (None: it names no kind, so every kind),
    read as the engine's school ranking reads it: the sentence with its headings and title first."""
    verdict = applies(f"{citation.sentence} {citation.breadcrumb} {citation.doc_title}", kind)
    return applies(citation.text, kind) if verdict is None else verdict


class Conversation:
    """Turns asked in order; each may lean on the one before."""

    def __init__(self, engine: Callable[[], Engine], catalog: Callable[[], Requirements] | None = None,
                 school_type: str | None = None, top: int = 5, previous: str | None = None,
                 places: Callable[[], Iterable[str]] | None = None, place: tuple[str, ...] | None = None,
                 quote: Callable[[Answer], Answer] | None = None) -> None:
        self._engine = engine
        self._quote = quote  # the clauses an answer refers to, quoted beside it
        self._catalog = catalog
        self.school_type = school_type
        self.place = place  # where the school asking is: its own and national rules first
        self.top = top
        self.previous = previous  # the last question as understood
        self.count = 0  # turns asked so far
        self._places = places  # the regions of the library's documents (洛阳市 …), read when first needed
        self._known: frozenset[str] | None = None

    @property
    def places(self) -> frozenset[str]:
        if self._known is None:
            names = set(self._places()) if self._places else set()
            short = {_stem(n) for n in names if "市" not in n[:-1]}  # 洛阳市 → 洛阳, not 济南市市中区
            self._known = frozenset(n for n in names | short if n and n != "全国")
        return self._known

    def ask(self, text: str) -> Turn:
        core = focus(text, True, self.places)  # what a follow-up asks about ("幼儿园" in "幼儿园呢？")
        if self.previous is None and core is not None:
            # "那初中呢？" with nothing before it: asking it alone would answer a question nobody asked
            self.count += 1
            note = M.FOLLOW_UP_FIRST.format(text=text.strip())
            return Turn(number=self.count, question=text, asked=text.strip(), follow_up=False, school_type=None,
                        answer=Answer(question=text, answer=None, citations=[], note=note))
        asked, follow_up = resolve(text, self.previous, self.places)
        kind = kind_of(asked) or self.school_type
        narrow = follow_up and kind_of(core or "") is not None  # the kind of school is what was asked
        answer = self._engine().ask(asked, top=self.top, school_type=kind, narrow=narrow, place=self.place)
        reqs = self._catalog().for_clauses(c.clause_id for c in answer.citations) if self._catalog else []
        update: dict[str, object] = {"question": text, "requirements": reqs}
        if kind and answer.answer:
            top = answer.citations[0]
            if about(top, kind) is False:
                update |= {"answer": None, "confidence": "none", "note": M.NOT_ABOUT_KIND.format(kind=kind)}
            else:
                update["answer"] = focus_answer(answer, kind, reqs) or answer.answer
        # the attributes and places a follow-up put in place of the previous question's (民办, 北京)
        swapped = [s.word for s in slots(core or "", self.places) if s.kind in ("attribute", "place")] if follow_up else []
        said = update.get("answer", answer.answer)
        if said and swapped and answer.citations:
            top = answer.citations[0]
            where = f"{said} {top.text} {top.breadcrumb} {top.lead_in} {top.doc_title}"
            missing = [w for w in swapped if _stem(w) not in where]
            if missing:
                update["note"] = M.NOTHING_SPECIFIC.format(words="、".join(missing))
        answer = answer.model_copy(update=update)
        if self._quote is not None:
            answer = self._quote(answer)
        self.count += 1
        turn = Turn(number=self.count, question=text, asked=asked, follow_up=follow_up, school_type=kind,
                    answer=answer)
        if text.strip():
            self.previous = asked
        return turn

    def reset(self) -> None:
        self.previous = None
        self.count = 0

