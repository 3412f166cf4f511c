"""Search and answers: a question in, ranked citations and the answering sentence out.

The answer is a sentence taken from the best clause when that sentence, read with its clause's
headings, covers enough of what was asked (and carries a number when a number was asked for);
otherwise the answer is None — saying "no clear answer" is better than a confident wrong one —
and the citations still offer the closest clauses.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from policykb.corpus.places import label
from policykb.corpus.tree import sentences, strip_marker
from policykb.indexer import messages as M
from policykb.indexer.analyzer import Analyzer, Concept, Question, norm
from policykb.indexer.confidence import LIKELY, NONE, Signals, signals, tier
from policykb.indexer.index import ClauseIndex, Hit
from policykb.indexer.models import Answer, Citation
from policykb.indexer.place_rank import Place, Places, by_place, whose
from policykb.indexer.rank import _DEFINES, _NUMBER, NUMERAL, Scored, match, rank
from policykb.kb.quantity import period, period_words
from policykb.kb.schools import applies

CANDIDATES = 60
# An answer must cover this share of the question's weight with its sentence and context, and
# this share with the sentence alone.
MIN_COVERAGE = 0.58
MIN_OWN = 0.35
DEFINITION_COVERAGE = 0.5
NARROW = 0.8  # a clause naming the kind of school asked about goes first within this share of the best


class Engine:
    """Questions and searches over one open index."""

    def __init__(self, index: ClauseIndex, doc_places: Mapping[str, Place | None] | None = None) -> None:
        self.index = index
        self.places = Places(doc_places or {})
        self.analyzer: Analyzer = index.analyzer
        # One searcher serves the app's workers; Whoosh searchers are not made for parallel use.
        self._lock = threading.Lock()

    def close(self) -> None:
        self.index.close()

    def question(self, text: str) -> Question:
        """The question taken apart, with what the index holds: words the documents use, and pairs
        of characters they hold inside longer words (保学 in 控辍保学)."""
        return self.analyzer.question(text, known=self.known, inside=self.inside)

    def inside(self, pair: str) -> bool:
        with self._lock:
            return self.index.df(pair, "bigram") > 0

    def known(self, word: str) -> bool:
        """Whether any clause uses the word."""
        with self._lock:
            return self.index.df(word) > 0

    def weight(self, concept: Concept) -> float:
        if concept.unit:
            return 2.0
        said = any(self.index.df(a) for a in concept.alts)
        known = concept.alts if said else concept.alts + concept.everyday
        w = self.index.idf(known)
        if len(concept.word) == 1:
            return w * 0.3
        if not said and not any(self.index.df(a) or self.index.pieces(a) for a in concept.everyday) \
                and not self.analyzer.is_content(concept.word):
            return 0.0  # talk no document uses (追着, 看着): it neither ranks nor holds back an answer
        return w

    def ranked(self, question: Question, doc_ids: list[str] | None = None) -> list[Scored]:
        with self._lock:
            hits = self.index.search(question, limit=CANDIDATES, doc_ids=doc_ids)
            return rank(hits, question, self.weight)

    def search(self, text: str, doc_ids: list[str] | None = None, limit: int = 10,
               within: set[str] | None = None) -> list[Citation]:
        """Clauses matching `text`, best first; only clauses in `within` when it is given (a
        filter on the best candidates, not a search of its own)."""
        question = self.question(text)
        ranked = self.ranked(question, doc_ids)
        if within is not None:
            ranked = [s for s in ranked if s.hit.clause_id in within]
        return [citation(s) for s in ranked[:limit]]

    def terms(self, text: str) -> list[str]:
        """The words of `text` a search looks for, for highlighting."""
        return [c.word for c in self.question(text).concepts]

    def ask(self, text: str, top: int = 5, doc_ids: list[str] | None = None,
            school_type: str | None = None, narrow: bool = False, place: Place | None = None) -> Answer:
        """`narrow`: the kind of school is what was asked ("幼儿园呢？"), its own rules first;
        `place`: where the school asking is (its own and national rules first, place_rank)."""
        question = self.question(text)
        ranked = self.candidates(question, text, doc_ids, school_type, narrow, place)
        picked = pick(ranked, question, self.weights(question))
        said = picked.answer
        rule_of = whose(self.places.of.get(ranked[0].hit.doc_id), place) if ranked else None
        if said is not None and rule_of:
            said = M.WHOSE_RULE.format(place=rule_of, answer=said)
        return Answer(question=text, answer=said, confidence=picked.confidence,
                      citations=[citation(s, self.places.of.get(s.hit.doc_id, ())) for s in ranked[:top]],
                      terms=[c.word for c in question.concepts], note=picked.note)


    def candidates(self, question: Question, text: str, doc_ids: list[str] | None = None,
                   school_type: str | None = None, narrow: bool = False, place: Place | None = None) -> list[Scored]:
        """The clauses `ask` answers from, best first: ranked by their sentences, then by where they
        bind (place_rank) and for the kind of school (for_school)."""
        named = self.places.named(text)
        ranked = self.ranked(question, doc_ids)
        if named is not None and doc_ids is None:
            # the place asked about has few clauses among many: its own are searched too, so that a
            # clause saying little besides the thing asked (每千人口…小学) is not crowded out of the
            # candidates by other places' longer ones
            own = self.places.within(named)
            if own:
                seen = {s.hit.clause_id for s in ranked}
                ranked += [s for s in self.ranked(question, own) if s.hit.clause_id not in seen]
        ranked = by_place(ranked, self.places, named, place)
        return for_school(ranked, school_type, narrow) if school_type else ranked

    def weights(self, question: Question) -> list[float]:
        with self._lock:
            return [self.weight(c) for c in question.concepts]


def for_school(ranked: list[Scored], kind: str, narrow: bool = False) -> list[Scored]:
    """Clauses about this kind of school first, clauses only about other kinds last; when the kind
    is what was asked (`narrow`), clauses naming it go before those for every school unless they
    answer much less of the question."""
    named: set[str] = set()
    for s in ranked:
        verdict = applies(s.sentence, kind)  # the sentence first: a plan for 中小学校 has an item for 初中
        if verdict is None:
            verdict = applies(f"{s.hit.lead} {s.hit.crumbs} {s.hit.doc_title}", kind)
        if verdict is None:
            verdict = applies(s.hit.text, kind)
        s.score *= {True: 1.1, False: 0.8, None: 1.0}[verdict]
        if verdict:
            named.add(s.hit.clause_id)
    best = max((s.score for s in ranked), default=0.0)
    return sorted(ranked, key=lambda s: (not (narrow and s.hit.clause_id in named and s.score >= NARROW * best), -s.score))


def pick(ranked: list[Scored], question: Question, weights: list[float]) -> Picked:
    """The answering sentence of the best clause, how sure it is, and why it is not sure."""
    if not question.concepts:
        return Picked(None, NONE, M.NOTHING_ASKED)
    if not ranked:
        return Picked(None, NONE, M.NO_WORDS)
    best = ranked[0]
    why = doubt(best, question)
    units = [c for c in question.concepts if c.unit]
    unit = bool(units) and any(_gives(c, norm(best.sentence)) for c in units)
    sig = signals(ranked, question, weights, kind=why is None or why.kind != NO_NUMBER,
                  clash=why is not None and why.kind == OTHER_SPAN, fits=why is None, unit=unit)
    level = tier(sig)
    if level == NONE:
        return Picked(None, NONE, why.message if why else M.NOT_ALL, sig)
    return Picked(compose(best), level, M.NOT_SURE if level == LIKELY else None, sig)


def compose(best: Scored) -> str:
    """The answer as shown: the best sentence, after the lead-in it belongs to."""
    sentence = strip_marker(expand(best))
    lead = best.hit.lead  # an item is a ban or a duty only with the sentence that introduces it
    return f"{lead}{sentence}" if lead and not sentence.startswith(lead) else sentence


@dataclass(frozen=True)
class Picked:
    answer: str | None
    confidence: str
    note: str | None
    signals: Signals | None = None


NO_NUMBER, OTHER_SPAN, NOT_ALL = "no-number", "other-span", "not-all"


@dataclass(frozen=True)
class Doubt:
    """Why the best sentence may not be the answer: `kind` for the decision, `message` for the user."""

    kind: str  # NO_NUMBER (none, or none in the unit asked), OTHER_SPAN (another period), NOT_ALL (too little covered)
    message: str


def doubt(best: Scored, question: Question) -> Doubt | None:
    """What speaks against the best sentence as the answer: it covers too little of the question,
    gives no number when one was asked, or names another period; None: nothing."""
    # A sentence that defines (是指, 所称) answers "X 指什么" when it holds the thing defined,
    # however the question went on (同学之间闹到什么程度法律上才算欺凌).
    defines = "definition" in question.intents and (_DEFINES.search(best.sentence) or _DEFINES.search(best.hit.lead)) is not None
    # A yes/no question is not refused for want of 应当/不得/可以 in the sentence: plans rule in the
    # imperative (推行校长职级制…), laws also by stating (享有与中小学教师同等的待遇, 纳入…范围), and
    # a briefing's account can answer too. Measured: refusing them declined right answers on both
    # labelled halves and no wrong one (also when asked only of briefings and reports).
    # A number, or a time word (寒假, 每天) the question did not say itself: 寒假放几个星期 is not
    # answered by 寒暑假期间开放 (a definition answers 算哪些时候 without one).
    given = [m.group() for m in _NUMBER.finditer(best.sentence)
             if _NUMERAL_CHAR.search(m.group()) or m.group() not in question.text]
    if "number" in question.intents and not given and not defines:
        return Doubt(NO_NUMBER, M.NO_NUMBER)
    units = [c for c in question.concepts if c.unit]
    if units and not any(_gives(c, norm(best.sentence)) for c in units):
        return Doubt(NO_NUMBER, M.NO_NUMBER)  # 多少天 wants N天
    asked, said = _spans(question.text), _spans(best.sentence)
    if asked and said and not asked & said:
        return Doubt(OTHER_SPAN, M.OTHER_SPAN.format(said="、".join(sorted(said)), asked="、".join(sorted(asked))))
    if best.coverage < (DEFINITION_COVERAGE if defines else MIN_COVERAGE) or best.own < MIN_OWN:
        return Doubt(NOT_ALL, M.NOT_ALL)
    return None


# Units a number asked for may be given in (几天 → 十日内; 几节课 → 四课时), and shares (二分之一).
_ALIKE = {"天": ("日", "工作日"), "日": ("天",), "节": ("课时", "学时"), "课时": ("节", "学时"), "学时": ("课时", "节"),
          "周": ("星期",), "星期": ("周",), "礼拜": ("周", "星期"), "小时": ("学时",), "钟头": ("小时",), "年": ("周年", "学年"), "岁": ("周岁",)}
_SHARE = re.compile(r"分之|[%％]|倍")
_NUMERAL_CHAR = re.compile(f"[{NUMERAL}]")


def _gives(concept: Concept, sentence: str) -> bool:
    """Whether the sentence gives a number in the unit asked for (or in a unit like it, or a share)."""
    if match(concept, sentence)[0] >= 1.0 or _SHARE.search(sentence):
        return True
    alike = tuple(a for w in concept.alts for a in _ALIKE.get(w, ()))
    return bool(alike) and match(Concept(concept.word, alike, (), True, ()), sentence)[0] >= 1.0


def _spans(text: str) -> set[str]:
    """How often `text` says (每天, 每学期 …), with a school year and a year taken as one."""
    return {"每年" if (p := period(w)) == "每学年" else str(p) for _, _, w in period_words(text)}


# A part after "；" that opens with what needs a subject (不得…, 并应当…, 其…) reads right only
# after the part that names it: "学校应当建立…制度；不得…" answered with "不得…" alone says nobody's duty.
_NO_SUBJECT = re.compile(r"^(?:不得|不应|不准|严禁|禁止|应当|应|须|必须|可以|并|且|也|还|同时|其|但|否则)")
_MAX_JOINED = 300
_PROVISO = re.compile(r"^但(?:是)?[，,]")


def expand(best: Scored) -> str:
    """The sentence, with the part before it when it has no subject of its own, the proviso after it
    (但是，…), and the next one when it only introduces it (ends in ：) or is a fragment."""
    sentence = best.sentence
    text = best.hit.text
    at = text.find(sentence)
    if at > 0 and _NO_SUBJECT.match(sentence) and text[:at].rstrip().endswith(("；", ";")):
        before = text[:at].rstrip()
        start = max(before.rfind(m, 0, len(before) - 1) for m in "。！？\n") + 1
        head = strip_marker(before[start:].strip())
        if head and len(head) + len(sentence) <= _MAX_JOINED:
            sentence = f"{head}{sentence}"
    if at >= 0:  # a rule and its proviso (…可以…。但是，不得…) are one rule: never shown apart
        after = sentences(text[at + len(best.sentence):])
        if after and _PROVISO.match(after[0]) and len(sentence) + len(after[0]) <= _MAX_JOINED:
            sentence = f"{sentence}{after[0]}"
    if sentence.endswith(("：", ":")) or len(sentence) < 8:
        at = text.find(sentence)
        if at >= 0:
            rest = text[at + len(sentence):]
            following = sentences(rest)
            if following:
                sentence = f"{sentence}{following[0]}"
    return sentence


def citation(s: Scored, place: Place | None = ()) -> Citation:
    h: Hit = s.hit
    return Citation(doc_id=h.doc_id, doc_title=h.doc_title, clause_id=h.clause_id, path=h.path, text=h.text,
                    score=round(s.score, 4), status=h.status, kind=h.kind, issued=h.issued, breadcrumb=h.crumbs,
                    sentence=s.sentence, also_in=list(s.also_in), lead_in=h.lead,
                    place=label(place))
