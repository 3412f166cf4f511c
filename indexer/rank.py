"""Ranking clauses for a question, sentence by sentence.

BM25F finds candidate clauses; what makes a clause the answer is one sentence in it that holds the
question's key words close together — and, for 多少/几/什么时候 questions, a number, date or period,
for 能否/可以…吗 questions, a 不得/严禁/应当/可以. Words matched only in the clause's other
sentences, its headings or its document title count for less. Current versions rank before
superseded ones, and a clause repeated nearly word for word in another version of the same document
is merged into one citation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from policykb.corpus.models import SUPERSEDED
from policykb.corpus.tree import sentences
from policykb.indexer.analyzer import Concept, Question, norm
from policykb.indexer.index import Hit

NUMERAL = "0-9零〇一二三四五六七八九十百千万两半"
_UNITS = "个|次|节|所|名|届|项|年|岁|周岁|小时|学时|课时|分钟|天|日|月|周|人|元|种|门|倍|学期|学年|课|批"
_NUMBER = re.compile(
    rf"\d|[{NUMERAL}]+\s*(?:{_UNITS})"
    rf"|百分之|分之|[0-9]%|[％%]|[{NUMERAL}]+比[{NUMERAL}]+|[上中下]旬|年底|年末|年初|月底|春季|秋季|学期初|学期末|寒假|暑假"
    r"|每(?:天|日|周|星期|月|季度|年|学期|学年)|定期")
# A value as written, with its unit: the span a quantity question's answer takes in a sentence.
_VALUE = re.compile(rf"\d+(?:\.\d+)?\s*(?:[%％]|(?:个)?(?:{_UNITS}))?|[{NUMERAL}]+\s*(?:个)?(?:{_UNITS})")
# 应 and 须 alone are modal (学校应建立…), not inside 相应, 适应, 应急, 供应, 必需 …
_MODAL = re.compile(r"不得|严禁|禁止|不准|不许|不允许|不能|不应|杜绝|应当|必须|可以|允许|有权|鼓励|一律|免收|免费|不收"
                    r"|(?<![相适供反响效对呼答感顺])应(?![急用对届聘征试考答变邀])|(?<![必无])须(?![知])")
_RECORD = re.compile(r"(?:会议|常务委员会|人民政府令|主席令|公告).{0,30}(?:通过|批准|修正|修订|公布|发布)|根据.{0,60}决定.{0,4}修正")
_DATE_LINE = re.compile(r"[（(]?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?\s*起?(?:施行|实施|公布|发布|通过|批准|修正|修订|生效)?[）)]?")
_BANS = re.compile(r"不得|严禁|禁止|不准|不许")
_DEFINES = re.compile(r"是指|指的是|系指|所称|是一种|定义为|的统称|包括以下")
_WHO = re.compile(r"由.{1,20}(?:担任|负责|承担|组织|实施|决定|审批|批准|认定|审核|确定|指定|核发|颁发|聘任|聘用|聘请|任命|任免|登记)|负责"
                  r"|向.{1,20}(?:报告|反映|申请|投诉|举报|申诉)|报告.{0,20}(?:部门|机关|政府)")
_CLOCK = r"\d{1,2}[:：]\d{2}|[上下]午|\d+月\d+日|[一二三四五六七八九十]+月[一二三四五六七八九十]+日|周[一二三四五六日]|星期"
_SPAN = rf"[\d{NUMERAL[3:]}]+\s*(?:个)?(?:小时|分钟|天|日|周|月|年|学期|学年|课时|学时)"
_PERCENT = r"\d+(?:\.\d+)?\s*[%％]|百分之|分之"
# Words that name a kind of quantity: a sentence giving that kind of value answers for the word
# ("时间安排" is answered by "每周一至周五19:00-21:00" even if it never says 时间).
QUANTITY_WORDS = {
    "时间": re.compile(f"{_CLOCK}|{_SPAN}"), "时长": re.compile(_SPAN), "期限": re.compile(_SPAN),
    "年限": re.compile(_SPAN), "比例": re.compile(_PERCENT), "比率": re.compile(_PERCENT),
    "年龄": re.compile(r"岁"), "数量": _NUMBER, "上限": _NUMBER, "下限": _NUMBER,
}
_CASE = re.compile(r"^(?:属于|对于|对|凡)[^，。；,;]{1,20}的[，,]")
_PENALTY = re.compile(r"的，由.{0,40}(?:责令|给予|处以|处分|罚款|依法)")
SYNONYM_CREDIT = 0.9  # the word the user typed is better evidence than its synonym
EVERYDAY_CREDIT = 0.8  # and a synonym better than the documents' word for an everyday one (娃 → 学生)
DUPLICATE_RATIO = 90.0
LONG = 150
NATIONAL = frozenset({"法律", "行政法规", "司法解释", "部门规章"})


@dataclass
class Scored:
    """A candidate clause with the sentence that best answers the question."""

    hit: Hit
    score: float
    sentence: str
    coverage: float  # share of the question's weight the sentence (with its context) covers
    own: float  # share covered by the sentence alone
    matched: list[str] = field(default_factory=list)
    also_in: list[str] = field(default_factory=list)


def unit_pattern(concept: Concept) -> re.Pattern[str]:
    units = "|".join(sorted(map(re.escape, concept.alts), key=len, reverse=True))
    return re.compile(rf"(?:\d+(?:\.\d+)?|[{NUMERAL}]+)\s*(?:[-~—至到或]\s*(?:\d+|[{NUMERAL}]+)\s*)?(?:{units})")


def match(concept: Concept, text: str, quantity: bool = True) -> tuple[float, list[tuple[int, int]]]:
    """How well `text` (normalised) holds the concept: 1 for the word or a synonym, a part for a
    jieba sub-word, and the places it was found."""
    if concept.unit:
        spans = [m.span() for m in unit_pattern(concept).finditer(text)]
        if spans:
            return 1.0, spans
        spans = [(m.start(), m.end()) for alt in concept.alts for m in re.finditer(re.escape(alt), text)]
        return (0.3, spans) if spans else (0.0, [])
    exact = [(m.start(), m.end()) for m in re.finditer(re.escape(concept.word), text)]
    spans = [(m.start(), m.end()) for alt in concept.alts[1:] for m in re.finditer(re.escape(alt), text)]
    if exact or spans:
        return (1.0 if exact else SYNONYM_CREDIT), exact + spans
    spans = [(m.start(), m.end()) for w in concept.everyday for m in re.finditer(re.escape(w), text)]
    if spans:
        return EVERYDAY_CREDIT, spans
    kind = QUANTITY_WORDS.get(concept.word) if quantity else None
    if kind is not None:
        spans = [m.span() for m in kind.finditer(text)]
        if spans:
            return SYNONYM_CREDIT, spans
    best, where = 0.0, []
    for part in concept.parts:
        at = text.find(part)
        if at >= 0 and len(part) > 1:
            credit = 0.6 * len(part) / max(len(concept.word), 1)
            if credit > best:
                best, where = credit, [(at, at + len(part))]
    return best, where


def proximity(spans: Sequence[list[tuple[int, int]]], free: Sequence[tuple[int, int]] = ()) -> float:
    """1 when the matched words sit side by side, falling as the window holding them all widens.
    Text in `free` spans (the number a quantity question asks for) is not a gap: in
    "每天1小时体育活动时间" the words asked about are as close as they can be around their answer."""
    found = [s for s in spans if s]
    if len(found) < 2:
        return 1.0
    best = None
    for anchor in found[0]:
        chosen = [anchor]
        for others in found[1:]:
            chosen.append(min(others, key=lambda s: abs(s[0] - anchor[0])))
        lo, hi = min(a for a, _ in chosen), max(b for _, b in chosen)
        inside = {i for a, b in chosen for i in range(a, b)}
        inside.update(i for a, b in free for i in range(max(lo, a), min(hi, b)))
        value = len(inside) / (hi - lo) if hi > lo else 1.0
        best = value if best is None else max(best, value)
    return best or 0.0


def score_clause(hit: Hit, question: Question, weights: list[float], top_bm25: float) -> Scored:
    text = norm(hit.text)
    context = norm(f"{hit.crumbs} {hit.lead} {hit.doc_title}")
    total = sum(weights) or 1.0
    # a value answers for 时间/比例 only when a value was asked for (在校时间 is no clock time)
    numeric = "number" in question.intents
    in_clause = [match(c, text, numeric)[0] for c in question.concepts]
    title = norm(hit.doc_title)
    # A word the title starts with (上海 in 上海市…规定) says whose rule this is: it counts in full.
    starts = [len(c.word) > 1 and title.startswith(c.word) for c in question.concepts]
    in_context = [1.0 if t else match(c, context, numeric)[0] for c, t in zip(question.concepts, starts, strict=True)]
    best: Scored | None = None
    for sentence in sentences(hit.text) or (hit.text,):
        s = norm(sentence)
        found = [match(c, s, numeric) for c in question.concepts]
        own = sum(w * m for w, (m, _) in zip(weights, found, strict=True)) / total
        cover = sum(w * max(m, 0.5 * k, x if t else 0.4 * x) for w, (m, _), k, x, t
                    in zip(weights, found, in_clause, in_context, starts, strict=True)) / total
        free = [m.span() for m in _VALUE.finditer(s)] if "number" in question.intents else []
        prox = proximity([spans for m, spans in found if m >= SYNONYM_CREDIT], free)
        value = cover * (0.75 + 0.25 * prox)
        if "number" in question.intents and _NUMBER.search(s):
            value += 0.12
        if "modality" in question.intents and _MODAL.search(s):
            value += 0.12
        elif "modality" in question.intents and _BANS.search(hit.lead):
            value += 0.08  # an item under "…不得有下列行为：": a ban, but only with its lead-in
        if "who" in question.intents and _WHO.search(s):
            value += 0.08
        if "definition" in question.intents and (_DEFINES.search(s) or _DEFINES.search(hit.lead)):
            value += 0.15  # an item under "本法所称不良行为，是指…下列行为：" is a part of the definition
        if hit.order == 0 and (_RECORD.search(sentence) or s.strip(" 。") == title):
            value *= 0.3  # the title line or the adoption record ("…常务委员会第…次会议通过") is never the answer
        case = _CASE.match(s)
        if case and not any(match(c, case.group())[0] >= 1.0 for c in question.concepts):
            value *= 0.9  # "属于重大事故的，…": a special case the question did not ask about
        if len(s) > LONG:
            value *= 0.9  # a long account of what was done (区委、区政府始终坚持…) seldom states the rule
        if re.search(r"的\s*[；;。]?$", sentence) or _PENALTY.search(sentence):
            value *= 0.85  # a case listed under 法律责任, or the penalty for it, is not the rule itself
        if best is None or value > best.score:
            matched = [c.word for c, (m, _) in zip(question.concepts, found, strict=True) if m > 0]
            best = Scored(hit, value, sentence, cover, own, matched)
    assert best is not None
    if hit.order == 0 and all(
            _RECORD.search(x) or norm(x).strip(" 。") == title or _DATE_LINE.fullmatch(x.strip(" 。"))
            for x in sentences(hit.text) or (hit.text,)):
        best.score *= 0.5  # a preamble of only the title, adoption records and dates answers nothing asked
    best.score += 0.15 * (hit.score / top_bm25 if top_bm25 else 0.0)
    if not re.search(r"[。；;！？!?]", hit.text) and len(hit.text) < 50:
        best.score *= 0.85  # a heading is not an answer
    if hit.status in SUPERSEDED:
        best.score *= 0.92
    return best


def rank(hits: list[Hit], question: Question, weight: Callable[[Concept], float]) -> list[Scored]:
    """Candidates re-scored by their best sentence, best first, versions merged."""
    if not hits:
        return []
    weights = [weight(c) for c in question.concepts]
    top = max(h.score for h in hits)
    # Near ties (the same rule restated by a province or city) go to the national text.
    scored = sorted((score_clause(h, question, weights, top) for h in hits),
                    key=lambda s: (-round(s.score, 2), s.hit.kind not in NATIONAL, -s.score, s.hit.clause_id))
    return merge_versions(scored)


def merge_versions(scored: list[Scored]) -> list[Scored]:
    """Fold a clause repeated almost word for word in another version of the same document into
    the current version's citation; when the versions differ both stay, current first."""
    from rapidfuzz import fuzz

    out: list[Scored] = []
    for s in scored:
        twin = next((o for o in out if o.hit.doc_title == s.hit.doc_title and o.hit.doc_id != s.hit.doc_id
                     and fuzz.ratio(o.hit.text, s.hit.text) >= DUPLICATE_RATIO), None)
        if twin is None:
            out.append(s)
            continue
        if twin.hit.status in SUPERSEDED and s.hit.status not in SUPERSEDED:
            s.also_in = [twin.hit.clause_id, *twin.also_in]
            s.score = max(s.score, twin.score)
            out[out.index(twin)] = s
        else:
            twin.also_in.append(s.hit.clause_id)
    return out
