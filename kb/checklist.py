"""Self-check lists (自查表): the requirements that bind one kind of school, grouped by topic, as
a school fills them in before an inspection — xlsx (with a 自查结果 dropdown, set up for A4), csv,
Markdown or JSON.

Drafts (征求意见稿) stay on the list with their status in their own column; superseded versions
are left out unless asked for, and the list says how many were.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykb.corpus import places
from policykb.corpus.errors import PolicyKBError
from policykb.corpus.messages import os_reason
from policykb.corpus.models import SUPERSEDED
from policykb.corpus.read import user_path
from policykb.corpus.tree import clause_label, strip_marker
from policykb.kb import export as exporting
from policykb.kb import messages as M
from policykb.kb import tasks
from policykb.kb.catalog import Requirements
from policykb.kb.compare import DIGITS
from policykb.kb.export import csv_cell, md_cell, xlsx_text
from policykb.kb.extract import LAW_KINDS
from policykb.kb.models import Requirement
from policykb.kb.vocab import school_actors

COLUMNS = ("序号", "类别", "要求", "量化指标", "责任主体", "频次/时限", "来源文件", "条款", "文件状态", "自查结果",
           "佐证材料", "备注")
RESULTS = ("达标", "部分达标", "未达标", "不适用")
FORMATS = ("xlsx", "csv", "md", "json")
_WIDTHS = (6, 10, 60, 16, 12, 14, 28, 16, 10, 10, 20, 16)


# An obligation split from a sentence that goes on from it with no subject of its own ("应当及时向…报告"):
# shown after the sentence's opening phrase, which says what it is about
_CONTINUES = re.compile(r"^(?:应当|应|必须|须|不得|严禁|禁止|并|同时|及时|定期|配备|建立|加强|做好|每)")
_SPLIT_AT = re.compile(r"[，,；;]")
_AT_ONCE = re.compile(r"立即|立刻|马上|第一时间")
LONG_SENTENCE = 150  # characters: a longer sentence is shown as its opening and the duty


@dataclass(frozen=True)
class Source:
    """One document and clause an item cites."""

    req: Requirement
    doc_title: str
    path: str
    status: str

    @property
    def label(self) -> str:
        """The clause as a reader cites it: 第三十九条第三款, 二、（三）13."""
        return clause_label(self.path)

    def cited(self) -> str:
        """Title and clause, and the status when the title does not say it: one source, readable alone."""
        status = "" if self.status == "现行有效" or self.doc_title.endswith(f"（{self.status}）") else f"（{self.status}）"
        return f"{self.doc_title} {self.label}{status}"

    def record(self) -> dict[str, Any]:
        return {"req_id": self.req.req_id, "doc_id": self.req.doc_id, "doc_title": self.doc_title,
                "clause_id": self.req.clause_id, "path": self.path, "label": self.label, "status": self.status,
                "text": self.req.text}


@dataclass
class Row:
    number: int
    topic: str
    req: Requirement
    doc_title: str
    path: str
    status: str
    also: list[Source] = field(default_factory=list)  # the same rule in other documents or versions
    differs: list[Source] = field(default_factory=list)  # a like rule with another amount
    parts: list[Requirement] = field(default_factory=list)  # more duties of the same sentence, shown with it

    def cells(self) -> list[str]:
        r = self.req
        every = [r, *self.parts]
        amounts = []
        for q in every:
            if q.quantity:
                amounts.append(f"{q.metric}：{q.quantity.label()}" if q.metric else q.quantity.label())
        amount = "；".join(dict.fromkeys(amounts))
        when = "；".join(dict.fromkeys(x for q in every for x in (q.period, q.deadline) if x))
        text = f"{r.lead}{r.text}" if r.lead else r.text
        whole = strip_marker(r.sentence.strip())
        if self.parts:  # duties cut from one sentence: the sentence, whole, once — never "……"
            text = f"{r.lead}{whole}" if r.lead else whole
        head = whole.rstrip("。；;")[: -len(r.text.rstrip("。；;"))] if whole.rstrip("。；;").endswith(
            r.text.rstrip("。；;")) else "，"
        opening = _SPLIT_AT.split(whole, maxsplit=1)[0]
        if not self.parts and not r.lead and head and _SPLIT_AT.search(head) and _CONTINUES.match(r.text) \
                and not r.text.startswith(opening.rstrip("，,；;")):
            # a duty that goes on from the sentence's opening ("对严重的欺凌行为，…应当及时向公安机关…报告"):
            # the sentence whole when it is short enough to read as one row, else its opening and the duty
            text = whole if len(whole) <= LONG_SENTENCE else f"{opening.rstrip('，,；;')}，{r.text}"
        if not when and _AT_ONCE.search(text):
            when = M.AT_ONCE  # 应当立即报告: a time limit the text gives in words
        bare = text
        text = text if not any(q.modality == "must_not" for q in every) else M.FORBIDDEN.format(text=text)
        titles = "；".join(dict.fromkeys([self.doc_title, *(s.doc_title for s in self.also)]))
        # one source: its clause; several: each with its document, never paired by position
        paths = clause_label(self.path) if not self.also else "；".join(s.cited() for s in self.sources())
        note = "；".join(M.DIFFERS_ONE.format(title=s.doc_title,
                                              amount=s.req.quantity.label() if s.req.quantity else M.NO_AMOUNT)
                        for s in self.differs)
        remarks = [M.DIFFERS.format(note=note)] if note else []
        if not self.parts and whole.rstrip("。；;") not in bare:
            remarks.append(M.WHOLE_SENTENCE.format(sentence=whole))  # one obligation of a longer sentence: its context
        shown = _pairs(text)
        for s in self.also:  # the same rule in other words that say more: their sentence, with their source
            said = strip_marker(s.req.sentence.strip()) or s.req.text
            theirs = _pairs(said)
            if len(theirs & shown) < CONTAINED * len(theirs):
                remarks.append(M.ALSO_SAYS.format(source=s.cited(), text=said))
        return [str(self.number), self.topic, text, amount, responsible(every), when, titles, paths,
                self.status, "", "", "\n".join(remarks)]

    def sources(self) -> list[Source]:
        return [Source(self.req, self.doc_title, self.path, self.status), *self.also]

    def record(self) -> dict[str, Any]:
        return dict(zip(COLUMNS, self.cells(), strict=True)) | {
            "序号": self.number,
            "req_id": self.req.req_id, "clause_id": self.req.clause_id, "modality": self.req.modality,
            "quantity": self.req.quantity.model_dump() if self.req.quantity else None,
            "school_types": list(self.req.school_types), "reviewed": self.req.reviewed,
            "sources": [s.record() for s in self.sources()],
            "differs": [s.record() | {"quantity": s.req.quantity.label() if s.req.quantity else ""}
                        for s in self.differs]}


@dataclass
class Checklist:
    school_type: str
    attributes: tuple[str, ...]
    rows: list[Row]
    left_out: int = 0  # requirements of superseded versions not listed
    topics: list[str] = field(default_factory=list)
    place: tuple[str, ...] | None = None  # the school's place; None: every place's documents
    left_out_elsewhere: int = 0  # requirements of other places' documents
    left_out_unknown: int = 0  # requirements of documents whose place no one can tell
    not_tasks: dict[str, int] = field(default_factory=dict)  # requirements that are no school's task, by reason
    merged: int = 0  # requirements folded into an item stating the same rule

    def title(self) -> str:
        extra = "、".join(self.attributes)
        where = places.label(self.place) if self.place else ""
        return M.TITLE.format(where=where, school_type=self.school_type,
                              attributes=M.TITLE_ATTRIBUTES.format(attributes=extra) if extra else "")

    def notes(self, how: Mapping[str, str] | None = None) -> list[str]:
        """What was left out, for the footer of every format. `how` adds what the reader can do
        about a kind of note ("unknown", "not_school"): a file a principal signs needs none, the
        command line names its options, the app its boxes."""
        def hint(key: str) -> str:
            return M.HOW.format(how=how[key]) if how and how.get(key) else ""

        out = []
        if self.left_out_elsewhere:
            out.append(M.LEFT_ELSEWHERE.format(n=self.left_out_elsewhere))
        if self.left_out_unknown:
            out.append(M.LEFT_UNKNOWN.format(n=self.left_out_unknown) + hint("unknown"))
        if self.left_out:
            out.append(M.LEFT_SUPERSEDED.format(n=self.left_out))
        if self.not_tasks:
            out.append(M.LEFT_NOT_TASKS.format(n=sum(self.not_tasks.values()), reasons="；".join(
                M.LEFT_REASON.format(reason=tasks.REASONS[k], n=n)
                for k, n in sorted(self.not_tasks.items(), key=lambda kv: -kv[1])))
                + (M.HOW_AFTER.format(how=how["not_school"]) if how and how.get("not_school")
                   and "not_school" in self.not_tasks else ""))
        return out

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.topic] = out.get(row.topic, 0) + 1
        return out


def checklist(catalog: Requirements, school_type: str, attributes: Sequence[str] = ("公办",),
              doc_ids: Sequence[str] | None = None, topic: str | None = None, topics_order: Sequence[str] = (),
              superseded: bool = False, others: bool = False, place: tuple[str, ...] | None = None) -> Checklist:
    """The requirements binding `school_type` (with those attributes) at `place` (national rules and
    those of its province, city and county; every place's when None), grouped by topic in
    `topics_order`, each under its first topic."""
    reqs = catalog.select(doc_ids=doc_ids, topic=topic, school_type=school_type, attributes=attributes,
                          others=others)
    kept, left_out, elsewhere, unknown = [], 0, 0, 0
    not_tasks: dict[str, int] = {}
    # documents that name kindergartens where they mean them (学校、幼儿园应当…): their 学校 is a school
    kindergartens = {r.doc_id for r in reqs if "幼儿园" in r.actors} if school_type == "幼儿园" else set()
    for req in reqs:
        info = catalog.doc(req)
        if place is not None and not places.binds(info.place, place):
            if info.place is None:
                unknown += 1
            else:
                elsewhere += 1
            continue
        if info.status in SUPERSEDED and not superseded:
            left_out += 1
            continue
        reason = tasks.why_not(req, info.kind, info.title, attributes, LAW_KINDS) \
            or tasks.other_kind(req, school_type, info.title, req.doc_id in kindergartens)
        if reason is not None and not (others and reason == "not_school"):
            not_tasks[reason] = not_tasks.get(reason, 0) + 1
            continue
        kept.append(req)
    rank = {t: n for n, t in enumerate(topics_order)}

    own = {t for t, kinds in KIND_TOPICS.items() if school_type in kinds}

    def first_topic(req: Requirement) -> str:
        if topic:
            return topic
        mine = [t for t in req.topics if t in own or t not in KIND_TOPICS]
        return min(mine, key=lambda t: rank.get(t, len(rank))) if mine else "其他"

    def source(req: Requirement) -> Source:
        info = catalog.doc(req)
        path = req.clause_id[len(req.doc_id) + 1:] if req.clause_id.startswith(req.doc_id + "/") else req.clause_id
        return Source(req, info.title, path, info.status)

    kept, parts = by_sentence(kept)
    merged = merge([source(r) for r in kept], lambda s: catalog.doc(s.req),
                   {r.req_id: r.sentence for r in kept if r.req_id in parts})
    ordered = sorted(enumerate(merged), key=lambda p: (rank.get(first_topic(p[1][0].req), len(rank)), p[0]))
    rows = []
    for n, (_, (first, also, differs)) in enumerate(ordered, start=1):
        rows.append(Row(n, first_topic(first.req), first.req, first.doc_title, first.path, first.status, also,
                        differs, parts.get(first.req.req_id, [])))
    topics = list(dict.fromkeys(r.topic for r in rows))
    return Checklist(school_type, tuple(attributes), rows, left_out, topics, place, elsewhere, unknown, not_tasks,
                     merged=len(kept) - len(merged))


# Topics that are one kind of school's: on another kind's list a rule is filed under its next topic
# (a 小学 list has no 学前教育 category, whatever words about 幼儿 its rules hold).
KIND_TOPICS = {"学前教育": ("幼儿园",), "职业教育": ("中等职业学校",)}



def responsible(reqs: Sequence[Requirement]) -> str:
    """责任主体 on a school's list: who in the school (学校, 校长, 班主任, 教师 …), each once; a rule in
    impersonal form or one naming only others beside the school (家长、学校) is the school's to see to."""
    own = school_actors()
    named = [a for q in reqs for a in q.actors if a in own]
    return "、".join(dict.fromkeys(named)) or "学校"


def by_sentence(reqs: list[Requirement]) -> tuple[list[Requirement], dict[str, list[Requirement]]]:
    """Duties cut from one sentence where one goes on from another with no subject of its own
    (学校不得安排…商业性活动，不得向…推销…) are one row: the first of them, with the others as its parts.
    Returns the rows' first duties and, by their req_id, their parts."""
    groups: dict[tuple[str, str], list[Requirement]] = {}
    for req in reqs:
        groups.setdefault((req.clause_id, req.sentence), []).append(req)
    firsts, parts = [], {}
    for req in reqs:
        group = groups[(req.clause_id, req.sentence)]
        if len(group) < 2 or not any(_CONTINUES.match(g.text) and not g.lead for g in group[1:]):
            firsts.append(req)
        elif req is group[0]:
            firsts.append(req)
            parts[req.req_id] = group[1:]
    return firsts, parts


SAME = 85.0  # rapidfuzz ratio of two normalised texts that state one rule
# Bounds that no real list reaches (the bundled lists' windows hold a few dozen rules) and that keep
# a hostile one linear: a file repeating one sentence 33,000 times made every item weigh every
# other (a checklist ran for minutes and the app could not quit). An item is weighed against the
# WINDOW rules nearest its length, and its NEAR most alike are looked at.
WINDOW = 1000
NEAR = 20
# A rule inside another (of the same modality): the share of the shorter's character pairs the longer
# holds (chosen on the 北京 and 洛阳 rows of tests/data/checklist-strict.jsonl: 13 of 46 restatements, no
# two real rows), for texts of MIN_GRAMS pairs or more, looked for while a list has no more than
# CONTAINED_AMONG rules.
CONTAINED = 0.85
MIN_GRAMS = 8
CONTAINED_AMONG = 3000
# A rule restated in other words around the same duties (学校应当把德育放在首位，寓德育于教育教学之中，
# 加强…法制教育 in a city's rules beside the national 学校应当把德育放在首位，寓德育于…，开展…): of one
# of the two, RESTATED of its characters are in phrases the other holds (RESTATED_PHRASE of the
# phrase's character pairs).
RESTATED = 0.6
RESTATED_PHRASE = 0.7
_PHRASE = re.compile(r"[，,；;。：:！？!?]|……")
# Two prohibitions by different documents that forbid the same act in the same words, whatever else each
# adds (不得对学生实施体罚、变相体罚… and 不得有侮辱、殴打或者体罚、变相体罚…): a run of BAN_CORE characters in
# common between what each forbids, once words every prohibition uses are set aside.
BAN_CORE = 6
_BANNED = re.compile(r"(?:不得|严禁|禁止|不准|不许)([^，,。；;]+)")
_BAN_COMMON = re.compile(r"违反(?:国家|有关|法律、?法规)?(?:的)?规定|国家有关规定|有关规定|法律、?法规|以任何(?:理由|形式|方式)"
                         r"|任何|各种名义|未成年学生|未成年人|学生|或者其他|及其他|其他")
_NOISE = re.compile(r"[^\w]|[【】]|(?:本市|本省|本区|本县|各级|国家|地方)")


def _pairs(text: str) -> set[str]:
    t = _norm_text(text)
    return {t[k:k + 2] for k in range(len(t) - 1)}


def _norm_text(text: str) -> str:
    return DIGITS.sub("", _NOISE.sub("", unicodedata.normalize("NFKC", text)))


def _phrases(text: str) -> list[tuple[int, set[str]]]:
    """A rule's phrases (cut at its punctuation), each as its length and its character pairs."""
    out = []
    for part in _PHRASE.split(text):
        t = _norm_text(part)
        if len(t) >= 3:
            out.append((len(t), {t[k:k + 2] for k in range(len(t) - 1)}))
    return out


def _signature(grams: set[str], phrases: list[tuple[int, set[str]]], df: Mapping[str, int]) -> set[str]:
    """Pairs of which a text holding CONTAINED of `grams`, or RESTATED_PHRASE of one of the phrases, must
    hold one: the rarest, one more than may be missing."""
    out: set[str] = set()
    for share, pairs in ((CONTAINED, grams), *((RESTATED_PHRASE, g) for _, g in phrases)):
        out.update(sorted(pairs, key=lambda x: (df[x], x))[:int((1 - share) * len(pairs)) + 1])
    return out


def _fits(a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    """Two rules' amount and period agree: the same amount (or none), and the same period unless one
    gives none (the period of a sentence's other duty, read or not, is no other rule)."""
    return a[0] == b[0] and (a[1] == b[1] or a[1] is None or b[1] is None)


def _bans(text: str) -> list[str]:
    """What a rule forbids (after each 不得, 严禁 …), without the words every prohibition uses."""
    return [b for b in (_BAN_COMMON.sub("", m) for m in _BANNED.findall(text)) if len(b) >= BAN_CORE]


def _same_ban(mine: list[str], theirs: list[str]) -> bool:
    """Whether two rows forbid the same acts in the same words: at least half of each one's bans have
    BAN_CORE characters in a row in common with one of the other's (a row that also forbids other
    things — 不得擅离工作岗位，不得有…体罚、变相体罚…，不得违反操作规程 — stays a row of its own)."""
    from difflib import SequenceMatcher

    def alike(p: str, q: str) -> bool:
        return SequenceMatcher(None, p, q, autojunk=False).find_longest_match(0, len(p), 0, len(q)).size >= BAN_CORE

    return all(2 * sum(any(alike(p, q) for q in b) for p in a) >= len(a) for a, b in ((mine, theirs), (theirs, mine)))


def _held(mine: list[tuple[int, set[str]]], theirs: set[str]) -> float:
    """The share of `mine`'s characters in phrases whose pairs `theirs` mostly holds."""
    total = sum(n for n, _ in mine)
    held = sum(n for n, g in mine if len(g & theirs) >= RESTATED_PHRASE * len(g))
    return held / total if total else 0.0


def _inside(i: int, items: list[Source], grams: list[set[str]], phrases: list[list[tuple[int, set[str]]]],
            sigs: list[set[str]], labels: list[tuple[str, str | None]], post: Mapping[tuple[str, str], list[int]],
            sig_post: Mapping[tuple[str, str], list[int]], made: Mapping[int, int]) -> int | None:
    """The first group whose rule holds rule i or is held in it (学校应当合理安排学生的学习时间 in
    学校应当与…配合，合理安排…学习时间，保障…), or restates it: the earliest made."""
    req = items[i].req
    mod = req.modality
    found = {f for x in sigs[i] for f in post.get((mod, x), ())}
    found.update(f for x in grams[i] for f in sig_post.get((mod, x), ()))
    for first in sorted(found, key=made.__getitem__):
        if not _fits(labels[first], labels[i]) or items[first].req.clause_id == req.clause_id:
            continue
        mine, theirs = grams[i], grams[first]
        small, large = (mine, theirs) if len(mine) <= len(theirs) else (theirs, mine)
        if len(small & large) >= CONTAINED * len(small):
            return first
        # in other words: by another document, about the same people in the school
        theirs_req = items[first].req
        if theirs_req.doc_id != req.doc_id and set(theirs_req.actors) == set(req.actors) \
                and any(len(phrases[a]) > 1 and _held(phrases[a], grams[b]) >= RESTATED
                        for a, b in ((i, first), (first, i))):
            return first
    return None


def merge(items: list[Source], info: Any, whole: Mapping[str, str] | None = None,
          ) -> list[tuple[Source, list[Source], list[Source]]]:
    """Items that state the same obligation (nearly the same words, the same amount and period) as
    one, citing every source: the current national text first, then the province's, the city's, the
    county's. A like rule with another amount stays an item of its own, and each names the other.
    `whole`: by req_id, the text an item shows when it is more than its rule (a sentence's duties)."""
    from rapidfuzz import fuzz, process

    def order(s: Source) -> tuple[int, int]:
        place = info(s).place
        return (len(place) if place is not None else 9, s.status in SUPERSEDED)

    ranked = sorted(range(len(items)), key=lambda i: order(items[i]))
    # what each item shows: its rule, or its sentence when it is several duties of one (学校应当建立…，配备…，
    # 定期…): rows are weighed as they read
    shown = [(whole or {}).get(s.req.req_id, s.req.text) for s in items]
    texts = [_norm_text(t) for t in shown]
    grams = [{t[k:k + 2] for k in range(len(t) - 1)} for t in texts]
    phrases = [_phrases(t) for t in shown]
    bans = [_bans(t) for t in shown]
    ban_post: dict[str, list[int]] = {}  # a pair of characters of what a first forbids → those firsts
    # a rule inside or restating another shares with it at least one of its rarest character pairs (its
    # signature): the firsts are found through them, not weighed against every other
    df: dict[str, int] = {}
    for g in grams:
        for x in g:
            df[x] = df.get(x, 0) + 1
    sigs = [_signature(g, p, df) for g, p in zip(grams, phrases, strict=True)]
    post: dict[tuple[str, str], list[int]] = {}  # (modality, pair) → firsts holding it
    sig_post: dict[tuple[str, str], list[int]] = {}  # (modality, pair) → firsts whose signature holds it
    from policykb.kb.quantity import period

    # amount and period: a sentence's duties shown as one row are weighed by the period the row shows
    labels = [(s.req.quantity.label() if s.req.quantity else "",
               period(t) if (whole or {}).get(s.req.req_id) else s.req.period) for s, t in zip(items, shown, strict=True)]
    groups: dict[int, list[int]] = {}  # first → the same rule elsewhere
    # by modality, the groups' first items sorted by length: two texts SAME alike differ in length by at most
    # a factor of SAME / (200 - SAME), so an item is compared only with firsts of about its length
    firsts: dict[str, tuple[list[int], list[int], list[str]]] = {}
    near_len = SAME / (200 - SAME)
    made: dict[int, int] = {}  # first → when its group was made
    unlike: list[tuple[int, int]] = []  # like rules with other amounts
    for i in ranked:
        req = items[i].req
        home = None
        lens, ids, words = firsts.setdefault(req.modality, ([], [], []))
        size = len(texts[i])
        lo, hi = bisect.bisect_left(lens, size * near_len), bisect.bisect_right(lens, size / near_len)
        if hi - lo > WINDOW:  # the WINDOW nearest in length
            at = bisect.bisect_left(lens, size, lo, hi)
            lo = max(lo, min(at - WINDOW // 2, hi - WINDOW))
            hi = lo + WINDOW
        near = process.extract(texts[i], words[lo:hi], scorer=fuzz.ratio, score_cutoff=SAME,
                               limit=NEAR) if hi > lo else []
        for first in sorted((ids[lo + k] for _, _, k in near), key=made.__getitem__):  # in the order met
            if items[first].req.doc_id == req.doc_id:
                continue
            if _fits(labels[first], labels[i]):
                home = first
                break
            unlike.append((first, i))
        if home is None and len(made) <= CONTAINED_AMONG and len(grams[i]) >= MIN_GRAMS:
            home = _inside(i, items, grams, phrases, sigs, labels, post, sig_post, made)
        if home is None and bans[i] and len(made) <= CONTAINED_AMONG:
            # the same act forbidden in the same words by another document (a run of BAN_CORE characters
            # shares BAN_CORE - 1 pairs)
            shared: dict[int, int] = {}
            for pair in {b[k:k + 2] for b in bans[i] for k in range(len(b) - 1)}:
                for f in ban_post.get(pair, ()):
                    shared[f] = shared.get(f, 0) + 1
            for first in sorted((f for f, n in shared.items() if n >= BAN_CORE - 1), key=made.__getitem__):
                if items[first].req.doc_id != req.doc_id and _fits(labels[first], labels[i]) \
                        and _same_ban(bans[i], bans[first]):
                    home = first
                    break
        if home is not None:
            groups[home].append(i)
        else:
            groups[i] = []
            made[i] = len(made)
            at = bisect.bisect_right(lens, size)
            lens.insert(at, size)
            ids.insert(at, i)
            words.insert(at, texts[i])
            for pair in {b[k:k + 2] for b in bans[i] for k in range(len(b) - 1)}:
                ban_post.setdefault(pair, []).append(i)
            if len(grams[i]) >= MIN_GRAMS:
                for pair in grams[i]:
                    post.setdefault((req.modality, pair), []).append(i)
                for pair in sigs[i]:
                    sig_post.setdefault((req.modality, pair), []).append(i)
    differs: dict[int, list[int]] = {}
    for a, b in unlike:
        if b in groups:
            differs.setdefault(a, []).append(b)
            differs.setdefault(b, []).append(a)
    out = []
    for first in sorted(groups):
        # shown: the nearest to national of them, and of those the fullest (学校应当合理使用网络开展教学活动
        # is shown as the sentence of the same law's level that holds it with the rest)
        head, *also = sorted([first, *groups[first]], key=lambda j: (order(items[j]), -len(texts[j])))
        out.append((items[head], [items[j] for j in also], [items[j] for j in differs.get(first, [])]))
    return out


def to_csv(cl: Checklist) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for row in cl.rows:
        writer.writerow([csv_cell(c) for c in row.cells()])
    return buf.getvalue().encode("utf-8-sig")  # with a BOM, so Excel reads it as UTF-8


def to_markdown(cl: Checklist) -> str:
    lines = [f"# {cl.title()}", ""]
    lines += [f"> {note}。" for note in cl.notes()] + ([""] if cl.notes() else [])
    for topic in cl.topics:
        lines += [f"## {topic}", "", M.MD_HEADER, "|---|---|---|---|---|---|---|---|"]
        for row in cl.rows:
            if row.topic != topic:
                continue
            c = row.cells()
            source = "；".join(s.cited() for s in row.sources())
            lines.append("| " + " | ".join(md_cell(x) for x in (c[0], c[2], c[3], c[4], c[5], source))
                         + f" | {M.MD_RESULTS} | {md_cell(c[11])} |")
        lines.append("")
    return "\n".join(lines)


def to_json(cl: Checklist) -> str:
    import json

    return json.dumps({"school_type": cl.school_type, "attributes": list(cl.attributes),
                       "place": places.label(cl.place) if cl.place is not None else None, "title": cl.title(),
                       "left_out_superseded": cl.left_out, "left_out_elsewhere": cl.left_out_elsewhere,
                       "left_out_unknown_place": cl.left_out_unknown,
                       "left_out_not_tasks": {tasks.REASONS[k]: n for k, n in cl.not_tasks.items()}, "items": [r.record() for r in cl.rows]},
                      ensure_ascii=False, indent=1)


def to_xlsx(cl: Checklist) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = M.CHECKLIST
    ws.append([cl.title()])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws["A1"].data_type = "s"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(list(COLUMNS))
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col in range(1, len(COLUMNS) + 1):
        c = ws.cell(row=2, column=col)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = border
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(cl.rows, start=3):
        for col, value in enumerate(row.cells(), start=1):
            c = ws.cell(row=r, column=col)
            if col == 1:
                c.value = row.number  # 序号 is a number: sorting and filtering in a spreadsheet work on it
            else:
                c.value = xlsx_text(value)
                c.data_type = "s"  # text, never a formula, whatever the text starts with
            c.alignment = wrap
            c.border = border
    for n, w in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(n)].width = w
    result_col = get_column_letter(COLUMNS.index("自查结果") + 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(RESULTS) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle=M.PICK_RESULT_TITLE,
                        error=M.PICK_RESULT.format(results="、".join(RESULTS)))
    ws.add_data_validation(dv)
    if cl.rows:
        dv.add(f"{result_col}3:{result_col}{len(cl.rows) + 2}")
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if cl.notes():
        ws.oddFooter.left.text = "；".join(cl.notes())
    ws.oddFooter.right.text = M.PAGE_FOOTER
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def file_name(kind: str, attributes: Sequence[str], place: tuple[str, ...] | None, fmt: str) -> str:
    """自查表-贵州省毕节市-初中-公办、寄宿制.xlsx: one export does not overwrite another's."""
    parts = [M.CHECKLIST, *([places.label(place)] if place is not None else []), kind, "、".join(attributes)]
    return "-".join(p for p in parts if p) + f".{fmt}"


def export_path(raw: str, fmt: str, kind: str, attributes: Sequence[str], place: tuple[str, ...] | None) -> Path:
    """Where the user meant the list to go: a folder (one that exists, or a path ending in /) holds a
    file named after the list; a name without a suffix gets the format's."""
    path = user_path(raw)
    if is_folder(raw):
        return path / file_name(kind, attributes, place, fmt)
    return path if path.suffix or not path.name else path.with_name(f"{path.name}.{fmt}")


def is_folder(raw: str) -> bool:
    """Whether the user typed a folder: one that exists, or a path ending in /."""
    try:
        return raw.endswith(("/", "\\")) or user_path(raw).is_dir()
    except OSError as exc:  # a name too long, a folder one may not enter: said, not a crash
        raise PolicyKBError(M.CANNOT_WRITE.format(path=raw, why=os_reason(exc)), title=M.CANNOT_WRITE_TITLE) from exc


def export(cl: Checklist, fmt: str, path: Path | None) -> bytes | None:
    """Write the checklist to `path` (kb.export.write); without a path return the bytes for stdout."""
    return exporting.export(fmt, path, {"xlsx": lambda: to_xlsx(cl), "csv": lambda: to_csv(cl),
                                        "md": lambda: to_markdown(cl).encode("utf-8") + b"\n",
                                        "json": lambda: to_json(cl).encode("utf-8") + b"\n"})
