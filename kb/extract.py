"""Requirements out of clauses: who must (or must not) do what, how much, how often, by when,
in which kinds of school.

A sentence becomes a requirement when it carries
- a modal word: 必须/应当/要/须 (must), 不得/严禁/禁止/杜绝 (must_not), 宜/原则上/提倡 (should),
  鼓励/支持/探索 (encouraged), 力争/到2025年…达到 (target);
- in a plan (实施方案, 工作计划 …, not a law and not a briefing), a task stated as an order:
  "开齐开足开好体育课", "建立学有困难学生帮扶制度" (must, lower confidence);
- in a law, a named body or person doing something: "县级人民政府定期对学校校舍安全进行检查";
- a quantity stated as a rule: "班主任工作量按…的二分之一计算".
Penalties (…的，由…责令改正), violations listed under 法律责任, definitions, purposes and dates
of entry into force are not requirements. Items under a lead-in ("学校应当履行下列职责：") take
its modality and actors. A sentence holding parts for different kinds of school ("小学学生…，初中学生…")
gives one requirement per part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.models import Clause, Document
from corpus.tree import sentences, strip_marker
from kb import quantity as q
from kb.models import Modality, Quantity, Requirement
from kb.schools import OTHER, SCHOOL_TYPES, attributes_in, scope_defined, scope_in_text, scope_of, types_in
from kb.vocab import Vocabulary

EXTRACTOR_VERSION = 2
LAW_KINDS = ("法律", "行政法规", "地方性法规", "司法解释", "部门规章", "自治条例", "单行条例", "宪法")
NARRATIVE_KINDS = ("简报", "新闻", "报告", "总结")

# (pattern, modality, confidence); the earliest marker in a sentence decides.
_MARKERS: tuple[tuple[re.Pattern[str], Modality, float], ...] = (
    (re.compile(r"不得(?!不)|严禁|禁止|不准|不许|不允许|杜绝|不应当|不应|不宜|坚决制止|坚决纠正|不能|一律不"), "must_not", 0.9),
    (re.compile(r"必须|应当|务必|理应|(?<![必无])须(?!知)|(?<![相适对响供反回呼答效感理])应(?![急用届聘试征对变该有纳收付])"),
     "must", 0.9),
    (re.compile(r"(?<![主重需必纲摘首紧只概扼提简不])要(?![求点素件害闻务领])"), "must", 0.8),
    (re.compile(r"确保|保证"), "must", 0.8),
    (re.compile(r"应该|原则上|尽量|尽可能|一般应|一般不|提倡|倡导|(?<![事适便制])宜(?![人居])"), "should", 0.8),
    (re.compile(r"鼓励|(?:^|[，,；;])(?:积极)?探索|(?:^|[，,；;])(?:国家|各级人民政府|政府)?(?:积极|大力)?支持"), "encouraged", 0.8),
    (re.compile(r"力争|争取|目标是|(?:到|至)\s*\d{4}\s*年[^。；]{0,30}?(?:达到|实现|基本|全面|建成|覆盖|完成|提高到|降至|降低到)"),
     "target", 0.85),
)
# Orders a plan gives without a modal word, as the first words of a sentence or of one of its
# phrases ("以“三名人才”为牵动,建立…工作室": 建立).
_ORDER_VERBS = (
    "严格执行|严格落实|严格按照|严格控制|严格规范|严格|贯彻落实|贯彻|落实|确保|保证|建立健全|建立|健全|完善|制定|实行|执行"
    "|开齐|开足|配齐|配足|配备|设置|设立|开设|开展|实施|坚持|规范|做好|做到|完成|组织|按照|按|定期|每天|每周|每月|每学期"
    "|每学年|每年|推选|选拔|选取|遴选|启动|创建|深化|推进|推动|构建|建设|加强|强化|创新|开发|打造|提高|提升|优化|改进|改善"
    "|发挥|统一|扩大|丰富|培育|培养|促进|引导|扭转|抓好|召开|举办|评选|成立|组建|搭建|增强|减轻|加快|加大|科学规划|合理配置"
    "|解决|推广|总结|将|把|纳入|保障|整合|拓展|营造|深入开展|广泛开展|大力开展|利用|用好|调整|设计|安排")
_DIRECTIVE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|首先|其次|再次)?[，,]?"
    r"(?:[^，,；;]{0,8}?(?:学生|学校|各校|教师|年级|校长|班主任|家长))?"  # a short subject: "小学一年级设置…"
    r"(?:(?:要|须|进一步|切实|认真|全面|积极|严格|坚决|及时|逐步|统一|充分|大力|全力|着力|努力|持续|不断|广泛|深入|扎实|稳步"
    rf"|有序|科学|合理|重点|继续|主动|全面|注重|着重|高度重视)*)(?:{_ORDER_VERBS})")
# A milestone: "到2023年底,…", "2022年底启动…", "2023年培育…20所以上"
_DATED = re.compile(r"^(?:(?P<to>到|至|力争到|力争)\s*)?\d{4}\s*年(?:\d{1,2}\s*月)?(?:底|末|年底|上半年|下半年)?(?:前|以前)?[，,]?"
                    r"(?![\d年月日]|[，,]?(?:我|全|本|各|共|已|先后|县|市|区|省))")
_PENALTY = re.compile(r"的[，,]\s*(?:由|依法|对).{0,40}(?:责令|给予|处以|处分|罚款|没收|吊销|追究)|追究[^。；]{0,24}责任|构成犯罪"
                      r"|处[^。；]{0,30}(?:罚款|拘留)|予以处罚|给予[^。；]{0,6}处分|承担[^。；，,]{0,8}责任[。；;]?$")
_NOT_RULE = re.compile(r"所称|是指|起施行|施行之日|同时废止|制定本(?:法|条例|办法|规定|方案|细则|计划|意见)"
                       r"|^(?:为了?|根据)[^。]*(?:制定|本(?:法|条例|办法|规定|方案|细则|计划|意见))|特制定"
                       r"|^(?:第[一二三四五六七八九十]+|[\u4e00-\u9fff]{2,6})阶段\s*[(（]"  # a stage of the timetable
                       r"|解释权|^本(?:法|条例|办法|规定)适用于|适用本(?:法|条例|办法|规定)[。；;]?$|下列|下述|以下(?:职责|行为|情形|事项|内容|标准)|如下")
_FACT = re.compile(r"已经|已|(?<![为除])了(?!解)|(?<!利用)现有|共有|累计|先后|目前|截至|去年|今年|全年|同比|获得(?!感)|荣获"
                   r"|近年来|多年来|近几年|一直")
# A lead-in listing violations for a penalty ("有下列行为之一的，由…"), not "不得有下列行为："
_LEAD_PENALTY = re.compile(r"(?:下列|以下)(?:行为|情形)之一的|有下列[^：:]*的[，,：:]")
# A lead-in that describes rather than orders ("教育督导包括以下内容：")
_LEAD_DESCRIBES = re.compile(r"包括|分为|是指|如下|有以下|有下列")
_ORG = re.compile(r"[\u4e00-\u9fff、]{0,12}(?:政法委|部门|法院|检察院|机关|单位|组织|企业|场所|媒体|机构|委员会|经营者|提供者|网吧"
                  r"|党委|妇联|共青团|关工委|少工委|工会|团委|政府|村民委员会|居民委员会|办事处|联合会|青年团|先锋队|团体|协会)")
_ORG_END = re.compile(_ORG.pattern + "$")
# where the naming part of a subject ends: "人民法院对…", "民办学校存续期间", "教育督导机构履行下列职责"
_SUBJECT_END = re.compile(r"对|向|为|在|按照|根据|依照|依法|存续期间|期间|履行|承担|负有|遵守|下列|以下")
_COORD = re.compile(r"、|及其他|及其|以及|或者|和|及|与|或")
_ADVERBS = re.compile(r"(?:也|均|都|还|亦|须|要|应|必须|应当|依法|同时|必要时|分别)+$")
_EVERYONE = re.compile(r"任何(?:组织|单位|个人|人)|一切(?:组织|单位)")
_RESPONSIBLE = re.compile(r"由([\u4e00-\u9fff、和及]{2,24}?)(?:负责|承担|组织|实施|牵头|管理)")
_ORGANISER_NOTE = re.compile(r"[（(]\s*(?:牵头|责任)单位.*$")
# Rights, permissions and descriptions, not duties (only a modal word makes these a requirement).
_NOT_DUTY = re.compile(r"有权|享有|可以|分为|包括|属于|是指|称为")
_PERMISSION = re.compile(r"有权|享有|可以")
_AREA = re.compile(r"县域|县级|市级|省级|全市|全县|全区|全省|区域内|各县|各地|区县|县\(区\)|县（区）|城乡|市、县")
_VERB = re.compile(r"对|向|为|在|按照|根据|依照|依法|定期|及时|每|给予|予以|负责|组织|实行|建立|制定|保障|加强")
_SPLIT = re.compile(r"(?<=[，,；;])")


@dataclass(frozen=True)
class _Lead:
    """The lead-in of listed items: its ruling (None: it describes), who it binds, and whether the
    items are violations listed for a penalty."""

    ruling: _Ruling | None
    actors: tuple[str, ...]
    violations: bool = False


@dataclass(frozen=True)
class _Ruling:
    modality: Modality
    confidence: float
    at: int  # where the marker (or the order) starts


def _marked(text: str) -> bool:
    """Whether the text holds a modal word."""
    return any(pattern.search(text) for pattern, _, _ in _MARKERS)


def _ordered(text: str) -> bool:
    """A plan's order: the sentence, or one of its phrases, opens with an order verb."""
    if _DIRECTIVE.match(text):
        return True
    return any(_DIRECTIVE.match(seg.strip()) for seg in _SPLIT.split(text)[1:])


def ruling(text: str, kind: str = "实施方案", has_actor: bool = False) -> _Ruling | None:
    """The modality of a sentence and where its marker is, or None when it asks nothing.
    The earliest modal word decides; without one, a dated milestone is a target, and an order
    (in a plan) or a named body doing something (in a law) is a duty."""
    found: list[tuple[int, int, Modality, float]] = []
    for pattern, modality, confidence in _MARKERS:
        m = pattern.search(text)
        if m:
            found.append((m.start(), -len(m.group()), modality, confidence))
    if found:
        at, _, modality, confidence = min(found)
        return _Ruling(modality, confidence, at)
    if _FACT.search(text) or kind in LAW_KINDS and not has_actor:
        return None
    dated = _DATED.match(text)
    if dated and kind not in LAW_KINDS and (dated.group("to") or kind not in NARRATIVE_KINDS):
        return _Ruling("target", 0.7, 0)
    if kind in NARRATIVE_KINDS or _NOT_DUTY.search(text) and not _DIRECTIVE.match(text):
        return None
    if kind not in LAW_KINDS and _ordered(text):
        return _Ruling("must", 0.6, 0)
    if kind in LAW_KINDS and has_actor:
        return _Ruling("must", 0.6, 0)
    return None


def _quantity(text: str) -> tuple[Quantity | None, int]:
    found = q.quantities(text)
    if found:
        ranked = sorted(found, key=lambda f: (f[0].comparator == "=" and f[0].range is None, f[1]))
        return ranked[0]
    rel = q.relative(text)
    return (rel, text.find(rel.text)) if rel else (None, -1)


_METRIC_CUT = re.compile(r".*(?:[，,；;：:]|应当|必须|保证|确保|保障|须|要|达到|按照|按|使|让|不得|严禁)")
_LEADING = re.compile(r"^(?:的|对|在|将|为|把|使|让)")


def metric(text: str, at: int) -> str:
    """What the amount at `at` measures: the words just before it ("学生每天体育锻炼的时间")."""
    before = text[:at]
    for word in sorted((*q._GE, *q._REACHED, *q._LE, *q._LT, *q._GT, "达到", "为", "在"), key=len, reverse=True):
        if before.endswith(word):
            before = before[: -len(word)]
            break
    cut = _METRIC_CUT.match(before)
    if cut:
        before = before[cut.end():]
    before = _LEADING.sub("", before.strip()).rstrip("的在为")
    return before[-20:]


class Extractor:
    """Turns documents into requirements with one vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab

    def actors(self, subject: str, sentence: str) -> tuple[str, ...]:
        """Who `subject` names as doing something: the head of each coordinated name
        ("县级以上人民政府其他有关部门" → 有关部门, "家长或者学生" → 家长, 学生), not words that only
        qualify another noun ("中小学校、幼儿园建筑设计" names nobody); else "由X负责" in the sentence."""
        if _EVERYONE.search(subject) and not self.vocab.actors_in(subject):
            return ()
        subject = _SUBJECT_END.split(subject.strip(" ，,：:"), maxsplit=1)[0]
        before, sep, after = subject.rpartition("等")
        if sep:
            subject = after if after.strip() else before  # "A、B等C": C; "A、B、C等": A, B and C
        items = [_ADVERBS.sub("", i.strip().removeprefix("其他")) for i in _COORD.split(subject)]
        items = [i for i in items if i]
        names: list[str] = []
        if items and (self._head(items[-1]) or re.search(r"(?:人员|者|人)$", items[-1])):
            names = [n for n in map(self._head, items) if n]
        if not names:
            m = _RESPONSIBLE.search(sentence)
            if m:
                names = [n for n, _ in self.vocab.actors_in(m.group(1))] or [m.group(1).strip("、和及")]
        return tuple(dict.fromkeys(names))

    def _names_someone(self, text: str) -> bool:
        """Whether `text` names an actor or an organisation (a law's "县级人民政府定期…")."""
        return bool(self.vocab.actors_in(text) or _ORG.search(text))

    def _head(self, item: str) -> str | None:
        """The actor an item of a subject ends with: a listed actor or an organisation phrase."""
        name = self.vocab.actor_ending(item)
        if name:
            return name
        m = _ORG_END.search(item)
        if m is None:
            return None
        org = m.group().strip("、").removeprefix("的")
        inner = self.vocab.actor_spans(org)
        if inner and len(org) - inner[-1][1] >= 2:
            org = org[inner[-1][1]:]  # 县级以上人民政府审计机关 → 审计机关
        return org

    def _actors_of(self, part: str, r: _Ruling, lead_actors: tuple[str, ...]) -> tuple[str, ...]:
        """Who the requirement binds: the words before its modal word in the same phrase; for an
        encouragement, who is encouraged; for an order with no subject, nobody named (or the lead-in's)."""
        if r.at:
            start = max(part.rfind(c, 0, r.at) for c in "，,；;") + 1
            subject = part[start:r.at]
            if not subject.strip() and start > 1:  # "各级人民政府以及教育行政部门、妇女联合会，应当…"
                subject = part[max(part.rfind(c, 0, start - 1) for c in "，,；;") + 1:start - 1]
        elif r.modality == "encouraged":
            m = re.match(r"^(?:国家|政府|社会)?(?:大力|积极)?(?:鼓励|支持)(?:和(?:鼓励|支持))?", part)
            subject = _SPLIT.split(part[m.end() if m else 0:])[0][:16]
            names = [n for n, _ in self.vocab.actors_in(subject)[:1]]
            if not names:
                m = _ORG.match(subject)
                names = [m.group()] if m else []
            return tuple(names) or lead_actors
        elif r.confidence == 0.6 and not _DIRECTIVE.match(part):
            subject = _VERB.split(_SPLIT.split(part)[0], maxsplit=1)[0]  # a law's "县级人民政府定期…"
        else:
            subject = ""
        if subject:
            named = self.actors(subject, part)
            if not named and r.at:
                named = self.actors(_SPLIT.split(part)[0][:16], part)
            return named or lead_actors
        named = self.actors("", part) or lead_actors
        if not named and _AREA.search(part):
            return ("教育行政部门",)  # a county- or city-wide task is no school's to do
        return named

    def document(self, doc: Document) -> list[Requirement]:
        by_id = {c.clause_id: c for c in doc.clauses}
        scope = scope_of(doc.title) or scope_defined(doc.text)
        fallback = scope
        if not scope and doc.kind not in LAW_KINDS:
            fallback = scope_in_text(doc.text)  # a plan or briefing is about the schools it keeps naming
        out: list[Requirement] = []
        for clause in doc.clauses:
            out.extend(self.clause(doc, clause, by_id, scope, fallback))
        return out

    def _headings(self, clause: Clause, by_id: dict[str, Clause]) -> str:
        parts: list[str] = []
        node: Clause | None = clause
        while node is not None:
            parts.append(node.heading)
            node = by_id.get(node.parent_id) if node.parent_id else None
        return " ".join(p for p in parts if p)

    def _lead_in(self, clause: Clause, by_id: dict[str, Clause]) -> _Lead | None:
        """The lead-in ("…应当履行下列职责：") an item hangs under, or None when it hangs under none."""
        parent = by_id.get(clause.parent_id) if clause.parent_id else None
        if parent is None or clause.level not in ("项", "目", "（一）", "（1）", "①", "1.", "•"):
            return None
        said = sentences(parent.text)
        lead = next((s for s in reversed(said) if s.rstrip().endswith(("：", ":"))), None)
        if lead is None:
            return None
        if _LEAD_PENALTY.search(lead):
            return _Lead(None, (), violations=True)
        lead = strip_marker(lead)
        first = _SPLIT.split(lead)[0]
        has_actor = self._names_someone(first)
        governing = next((seg for seg in _SPLIT.split(lead) if re.search(r"下列|以下|如下", seg)), lead)
        whole = ruling(lead, "法律", has_actor)
        r = ruling(governing, "法律", has_actor) if _marked(governing) else whole
        if r is not None and r.confidence < 0.8 and _LEAD_DESCRIBES.search(lead):
            r = None  # "教育督导包括以下内容：" lists what something is, not what to do
        subject = lead[: whole.at] if whole and whole.at else _VERB.split(first, maxsplit=1)[0]
        return _Lead(r, self.actors(subject, lead) if r else ())

    def clause(self, doc: Document, clause: Clause, by_id: dict[str, Clause], scope: frozenset[str],
               fallback: frozenset[str]) -> Iterable[Requirement]:
        """The requirements of one clause. `scope`: the kinds of school the title names (a
        sentence's own kinds are narrowed to it); `fallback`: the kinds for sentences naming none."""
        if clause.level in ("前言",):
            return []
        lead = self._lead_in(clause, by_id)
        if lead is not None and lead.violations:
            return []
        headings = self._headings(clause, by_id)
        heading = clause.heading.strip().rstrip("。")
        out: list[Requirement] = []
        said = sentences(clause.text)
        for n, raw in enumerate(said, start=1):
            sentence = _ORGANISER_NOTE.sub("", raw).strip()
            text = strip_marker(sentence) if n == 1 else sentence
            body = text.rstrip("。；;！!")
            if clause.level in ("编", "章", "节", "部分") and not re.search(r"[。；;！？!?]", sentence):
                continue
            if len(body) < 6 or (body == heading and len(said) > 1) or body.startswith(("牵头单位", "责任单位")):
                continue
            if n == 1 and clause.number and not _marked(body) and (
                    (body == heading and not sentence.endswith(("。", "；", ";", "！")))
                    or (len(said) > 1 and len(body) <= 16)):
                continue  # a title: "(二)加强常规管理,全面提高育人水平", "(三)健全机制,落地见效。"
            if body.endswith("的") or _PENALTY.search(text) or _NOT_RULE.search(text):
                continue
            parts = self._parts(text)
            for k, part in enumerate(parts, start=1):
                req_id = f"{clause.clause_id}#{n}" + (f".{k}" if len(parts) > 1 else "")
                req = self._requirement(doc, clause, req_id, raw.strip(), part, text, headings, scope,
                                        fallback, lead)
                if req is not None:
                    out.append(req)
        return out

    def _parts(self, text: str) -> list[str]:
        """The sentence, or its parts when it speaks to different kinds of school in turn."""
        segments = [s for s in _SPLIT.split(text) if s]
        parts: list[tuple[frozenset[str], str]] = []
        for seg in segments:
            kinds = types_in(seg[:4])  # a phrase that opens with a kind of school: "小学学生…"
            if kinds and (not parts or (parts[-1][0] and kinds != parts[-1][0])):
                parts.append((kinds, seg))
            elif kinds and not parts[-1][0]:
                parts[-1] = (kinds, parts[-1][1] + seg)
            elif parts:
                parts[-1] = (parts[-1][0], parts[-1][1] + seg)
            else:
                parts.append((frozenset(), seg))
        typed = [p for p in parts if p[0]]
        if len(typed) < 2 or len({p[0] for p in typed}) < 2:
            return [text]
        return [p[1].rstrip("，,；; ") for p in parts]

    def _requirement(self, doc: Document, clause: Clause, req_id: str, sentence: str, part: str, whole: str,
                     headings: str, scope: frozenset[str], fallback: frozenset[str],
                     lead: _Lead | None) -> Requirement | None:
        first = _SPLIT.split(part)[0]
        subject = _VERB.split(first, maxsplit=1)[0]
        has_actor = self._names_someone(subject) or bool(_RESPONSIBLE.search(part))
        kind = doc.kind
        if kind in NARRATIVE_KINDS and re.search(r"目标|任务|措施", headings):
            kind = "工作计划"  # a briefing's targets and measures read as a plan
        r = ruling(part, kind, has_actor) or (ruling(whole, kind, has_actor) if part != whole else None)
        amount, at = _quantity(part)
        from_lead = False
        if lead is not None and lead.ruling is not None and (r is None or r.confidence < 0.8):
            r, from_lead = _Ruling(lead.ruling.modality, min(lead.ruling.confidence, 0.8), 0), True
        elif lead is not None and lead.ruling is None and (r is None or r.confidence < 0.8):
            return None  # an item under "…包括以下内容：" needs a modal word of its own
        if r is None and amount is not None and kind not in NARRATIVE_KINDS and not _FACT.search(part) \
                and not _PERMISSION.search(part) and amount.unit not in ("岁", "周岁"):  # an age says who, not how much
            if amount.comparator != "=" or amount.range or "分之" in amount.text or amount.unit == "%" \
                    or q.period(part):
                r = _Ruling("must", 0.7, 0)
        if r is None:
            return None
        if r.modality == "must" and r.confidence <= 0.6 and "目标" in headings:
            r = _Ruling("target", r.confidence, r.at)  # the orders of a 主要目标 section are its goals
        lead_actors = lead.actors if lead is not None else ()
        actors = lead_actors if from_lead and lead_actors else self._actors_of(part, r, lead_actors)
        kinds = types_in(first) if part != whole else frozenset()
        kinds = kinds or types_in(part)
        if not kinds:
            kinds = types_in(headings)
        if kinds and scope and (kinds & scope):
            kinds = kinds & scope
        if not kinds:
            kinds = fallback
        if len(kinds) > 1:
            kinds = kinds - {OTHER}
        topics = self.vocab.topics_in(part) or self.vocab.topics_in(headings)
        if "学前教育" in topics and kinds - {"幼儿园", OTHER}:
            topics.remove("学前教育")  # "中小学校、幼儿园…" is not about preschool in particular
        topics = topics or ["其他"]
        return Requirement(
            req_id=req_id, doc_id=doc.doc_id, clause_id=clause.clause_id, sentence=sentence, text=part,
            modality=r.modality, actors=actors, metric=metric(part, at) if amount else "", quantity=amount,
            period=q.period(part) or q.period(whole), deadline=q.deadline(part),
            school_types=tuple(k for k in SCHOOL_TYPES if k in kinds) + ((OTHER,) if OTHER in kinds else ()),
            attributes=attributes_in(part), topics=tuple(topics), confidence=r.confidence)

