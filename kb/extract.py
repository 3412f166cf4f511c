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
from functools import lru_cache

from policykb.corpus.models import Clause, Document
from policykb.corpus.tree import sentences, strip_marker
from policykb.kb import quantity as q
from policykb.kb.models import Modality, Quantity, Requirement
from policykb.kb.schools import (
    OTHER,
    SCHOOL_TYPES,
    attributes_in,
    scope_defined,
    scope_in_text,
    scope_of,
    types_in,
)
from policykb.kb.vocab import Vocabulary

EXTRACTOR_VERSION = 7  # 5: 九月十日 is a date, no amount; 6: 一日 (daily) is none; 7: …分别不少于X和Y per kind
LAW_KINDS = ("法律", "行政法规", "地方性法规", "司法解释", "部门规章", "自治条例", "单行条例", "宪法")
NARRATIVE_KINDS = ("简报", "新闻", "报告", "总结")

# (pattern, modality, confidence); the earliest marker in a sentence decides.
_MARKERS: tuple[tuple[re.Pattern[str], Modality, float], ...] = (
    (re.compile(r"不得(?!不)|严禁|禁止|不准|不许|不允许|杜绝|不应当|不应|坚决制止|坚决纠正|不能|一律不"), "must_not", 0.9),
    (re.compile(r"必须|应当|务必|理应|(?<![必无])须(?!知)|(?<![相适对响供反回呼答效感理])应(?![急用届聘试征对变该有纳收付])"),
     "must", 0.9),
    (re.compile(r"(?<![主重需必纲摘首紧只概扼提简不])要(?![求点素件害闻务领])"), "must", 0.8),
    (re.compile(r"确保|保证"), "must", 0.8),
    (re.compile(r"应该|原则上|尽量|尽可能|一般应|一般(?:也)?不|不宜|提倡|倡导|(?<![事适便制])宜(?![人居])"), "should", 0.8),
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
# A section heading run into the first sentence with no stop between ("促进学生全面发展推动习近平…",
# "加强教师管理和专业化建设坚持用…"): an order of 6–16 characters, then another order opens the sentence
_GLUED_HEADING = re.compile(rf"^(?:{_ORDER_VERBS})[^，,。；;：:“”《》]{{4,14}}?(?=推动|坚持|建立|全面落实|落实|加强|完善|深入|切实)")
# A milestone: "到2023年底,…", "2022年底启动…", "2023年培育…20所以上"
_DATED = re.compile(r"^(?:(?P<to>到|至|力争到|力争)\s*)?\d{4}\s*年(?:\d{1,2}\s*月)?(?:底|末|年底|上半年|下半年)?(?:前|以前)?[，,]?"
                    r"(?![\d年月日]|[，,]?(?:我|全|本|各|共|已|先后|县|市|区|省))")
_PENALTY = re.compile(r"的[，,]\s*(?:由|依法|对).{0,40}(?:责令|给予|处以|处分|罚款|没收|吊销|追究)|追究[^。；]{0,24}责任|构成犯罪"
                      r"|处[^。；]{0,30}(?:罚款|拘留)|予以处罚|给予[^。；]{0,6}处分|承担[^。；，,]{0,8}责任[。；;]?$"
                      r"|的[，,]\s*依照[^。；]{0,30}(?:处罚|处理)[。；;]?$")
_NOT_RULE = re.compile(r"所称|是指|起施行|施行之日|同时废止|制定本(?:法|条例|办法|规定|方案|细则|计划|意见)"
                       r"|^(?:为了?|根据)[^。]*(?:制定|本(?:法|条例|办法|规定|方案|细则|计划|意见))|特制定"
                       r"|^(?:第[一二三四五六七八九十]+|[\u4e00-\u9fff]{2,6})阶段\s*[(（]"  # a stage of the timetable
                       r"|解释权|^本(?:法|条例|办法|规定)适用于|适用本(?:法|条例|办法|规定)[。；;]?$|下列|下述|以下(?:职责|行为|情形|事项|内容|标准)|如下")
_FACT = re.compile(r"已经|已|(?<![为除])了(?!解)|(?<!利用)现有|共有|累计|先后|目前|截至|去年|今年|全年|同比|获得(?!感)|荣获"
                   r"|近年来|多年来|近几年|一直")
# A lead-in listing violations for a penalty ("有下列行为之一的，由…"), not "不得有下列行为："
# A plan's sections that direct the bureau that wrote it, not its schools
_BUREAU_SECTION = re.compile(r"组织(?:领导|保障|实施)|保障措施|实施步骤|工作步骤|步骤安排|进度安排|时间安排|工作要求|督导|考核|宣传"
                             r"|经费保障|实施阶段|阶段安排|责任分工|职责分工")
# What a plan's order without a subject asks of the bureau or the government, not of a school: acting
# on schools (指导学校), staffing, pay, admissions, planning the school network, funding, oversight
_BUREAU_WORK = re.compile(
    r"(?:指导|督促|推动|引导|要求|支持|组织|鼓励)(?:各|全市|全区|全县|中小)?学校|向学校|对学校|面向[^，,。；]{0,10}学校|学校(?:分配|办学)?自主权"
    r"|规范学校|一批|编制|入编|工资|岗位比例|职称|招生(?:计划|录取|政策|范围|方式)|录取|布局|建设用地|财政|经费投入|拨付|审批"
    r"|检查验收|创建评比|督导|质量监测|监测报告|年度报告|教研(?:队伍|人员|机构)|校长(?:队伍|选拔|任用|任职|职级)|县管校聘|国培|省培"
    r"|实验区|示范区|政府|部门|统筹|全覆盖|县域|本市|本省|全市|全区|全县|全省|管理体制|指标体系|顶层设计|入学(?:规则|政策)|就近入学"
    r"|大班额|随迁子女|控辍保学|教育行政|学段|各县|区县|县级|学业水平考试|中考|考试分值|评价系统|政策|经费预算"
    r"|协助学校|课件|资源研发|培训计划|评价导向|评价改革|总体方案|工程|选聘|选拔|管理干部|减负清单|实施细则|各区|复审"
    r"|岗位设置|待遇保障|配齐配强|遴选|评价标准|评价体系")
# A subject that builds or founds schools names the builder, not the school ("新建、改建学校必须…")
_BUILDS = re.compile(r"^(?:新建|改建|扩建|新建、改建|新建、改建、扩建|改扩建|规划|设立|举办|建设)")
# 学校 beside 幼儿园 is every school, not 幼儿园 alone ("学校、幼儿园应当…", "幼儿园和其他学校")
_EVERY_SCHOOL = re.compile(r"(?<![小中职殊专等范修])学校[、和及与或]+(?:托儿所、)?幼儿园|幼儿园[、和及与或]+(?:各类|其他)?学校")
# A plan's opening sections say what guides it, not what to do
_PREAMBLE_SECTION = re.compile(r"指导思想|总体要求|基本原则")
_LEAD_PENALTY = re.compile(r"(?:下列|以下)(?:行为|情形)之一[^：:，,]{0,10}的|有下列[^：:]*的[，,：:]|承担[^：:，,]{0,8}责任[：:]$")
# A lead-in that describes rather than orders ("教育督导包括以下内容：")
_LEAD_DESCRIBES = re.compile(r"包括|分为|是指|如下|有以下|有下列|是[：:]$")
_ORG = re.compile(r"[\u4e00-\u9fff、]{0,12}(?:政法委|部门|法院|检察院|机关|单位|组织|企业|场所|媒体|机构|委员会|经营者|提供者|网吧"
                  r"|党委|妇联|共青团|关工委|少工委|工会|团委|政府|村民委员会|居民委员会|办事处|联合会|青年团|先锋队|团体|协会)")
_ORG_END = re.compile(_ORG.pattern + "$")
# one organisation, not a list of them (the list's items are read one by one)
_ONE_ORG = re.compile(_ORG.pattern.replace("[\\u4e00-\\u9fff、]{0,12}", "[\\u4e00-\\u9fff]{0,12}?", 1))
# what follows a name that acts ("幼儿园实施…", "督学开展…", "职业学校招生…")
_DOES = re.compile(r"实施|开展|组织|招生|招收|接受|办理|发现|取得|执行|举办|使用|进行|制定|建立|落实|提供|收取|聘用|聘任|安排|配备"
                   r"|设置|开设|参与|参加|协助|配合|加强|做好|负责|承担|履行|遵守|保障|保证|确保|对|向|为|在|按照|根据|依照|依法"
                   r"|应|须|必须|不得|要|每|定期|及时|可以|知道|得知|接到|收到|发生|将|把|从事|招用|雇用|违反")
# where the naming part of a subject ends: "人民法院对…", "民办学校存续期间", "教育督导机构履行下列职责"
_SUBJECT_END = re.compile(r"对|向|为|在|按照|根据|依照|依法|存续期间|期间|履行|承担|负有|遵守|下列|以下")
_COORD = re.compile(r"、|及其他|及其|以及|或者|和|及|与|或")
_ADVERBS = re.compile(r"(?:也|均|都|还|亦|须|要|应|必须|应当|依法|同时|必要时|分别)+$")
_EVERYONE = re.compile(r"任何(?:组织|单位|个人|人)(?:[和或及、]+(?:者)?(?:组织|单位|个人))*|一切(?:组织|单位)")
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
    text: str = ""  # the lead-in itself, which an item carries


@dataclass(frozen=True)
class _Ruling:
    modality: Modality
    confidence: float
    at: int  # where the marker (or the order) starts


# The modal words that start an obligation of their own inside a sentence (确保/保证 say what for)
_OWN_MARKERS = tuple(p for p, _, _ in _MARKERS if not p.search("确保"))
_DESCRIBED = re.compile(r"(?:享有|享受|得到|具有|具备)[\u4e00-\u9fff]{0,3}的")


def clear_caches() -> None:
    """Forget what the phrase readers remember (a benchmark measures extraction from cold)."""
    for cached in (_asks, _condition, ruling, types_in, q._quantities):
        cached.cache_clear()


def _before_modal(seg: str) -> str:
    """What a phrase says before its modal word (its subject, if it names one): "小学不得超过六小时" →
    "小学"; "不得将学生或者幼儿交给…" → ""; a phrase without one: its first words."""
    found = [m.start() for p in _OWN_MARKERS if (m := p.search(seg))]
    return seg[:min(found)] if found else seg[:4]


@lru_cache(maxsize=8192)
def _asks(seg: str) -> bool:
    """Whether a phrase asks something of its own: a modal word, an amount, a period or a deadline."""
    amounts = [a for a, _ in q.quantities(seg) if a.unit not in ("岁", "周岁")]  # an age says who, not how much
    marked = False
    for p in _OWN_MARKERS:
        m = p.search(seg)
        if m and not _DESCRIBED.match(seg, m.end()):
            marked = True  # not "…应当享有的照顾": a modal word inside a noun's description
            break
    return bool(marked or amounts or q.period(seg) or q.deadline(seg))


# "应当通过…等方式，支持…", "应当会同…对…情况，定期进行监测": the modal word's verb comes in the next phrase
_MEANS = re.compile(r"(?:通过|采取|采用|会同|对|在|以)[^，,；;]*(?:形式|方式|方面|途径|手段|情况|渠道)$")
_CONDITION_START = re.compile(r"^(?:发现|对于|对照|未经|对(?!学生|未成年|其|教师))")
_ACTS = re.compile(r"进行|实施|开展|给予|予以|加强|作出|采取|提供|组织|负责|落实|做好|建立")
_CONDITION_END = re.compile(r"(?:的|范围内|区域内|以内|之内|期间|之前|之后|时)$")
# "每天在校课堂学习时间，小学不得超过六小时": a measure named first, then what it may be
_TOPIC = re.compile(r"^(?:每天|每日|每周|每学期|每学年)[^，,；;]{0,12}(?:时间|时长|课时|作业量|作业总量)$")


@lru_cache(maxsize=8192)
def _condition(seg: str) -> bool:
    """A phrase that sets a condition or a scope for what follows ("发现…殴打的，", "周边五十米范围内，",
    "对因…受到伤害的学前儿童，", "发现被委托人…等情况，") — not an action ("对学生进行安全教育，")."""
    if any(p.search(seg) for p in _OWN_MARKERS):
        return False
    core = seg.strip().rstrip("，,；; ")
    return bool(_CONDITION_END.search(core) or _TOPIC.match(core)
                or _CONDITION_START.match(core) and not _ACTS.search(core))


def _modified(subject: str) -> str:
    """A subject without what only qualifies its last name: "适龄儿童、少年的父母或者其他法定监护人" →
    "父母或者其他法定监护人", while "学校和未成年学生的父母" keeps 学校 (joined by 和, not part of the 的)."""
    parts = re.split(f"({_COORD.pattern})", subject.rstrip("的"))
    last = max((k for k in range(0, len(parts), 2) if "的" in parts[k]), default=None)
    if last is None:
        return subject
    start = last
    while start >= 2 and parts[start - 1] == "、":
        start -= 2  # "适龄儿童、少年的父母": the whole list before 的 qualifies 父母
    head = parts[last].rpartition("的")[2]
    return "".join(parts[:start]) + head + "".join(parts[last + 1:])


def _marked(text: str) -> bool:
    """Whether the text holds a modal word."""
    return any(pattern.search(text) for pattern, _, _ in _MARKERS)


def _ordered(text: str) -> bool:
    """A plan's order: the sentence, or one of its phrases, opens with an order verb."""
    if _DIRECTIVE.match(text):
        return True
    return any(_DIRECTIVE.match(seg.strip()) for seg in _SPLIT.split(text)[1:])


@lru_cache(maxsize=8192)
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


_RESPECTIVELY = re.compile(r"分别(?=[^，,；;。]*\d|[^，,；;。]*[一二三四五六七八九十百])")


def _respectively(req: Requirement) -> list[Requirement]:
    """"小学生和初中学生…分别不少于10天和20天": one requirement per kind of school named before 分别, each
    with its own amount (the comparator said once is said of each), when the kinds and the amounts pair
    one to one; else the requirement as it is."""
    from policykb.kb.schools import kinds_named

    m = _RESPECTIVELY.search(req.text)
    if m is None:
        return [req]
    named = [kinds for _, kinds in kinds_named(req.text[:m.start()])]
    amounts = [a for a, _ in q.quantities(req.text[m.end():])]
    if len(named) < 2 or len(named) != len(amounts) or len({tuple(k) for k in named}) != len(named):
        return [req]
    said = next((a.comparator for a in amounts if a.comparator != "="), "=")
    subject = req.text[:m.start()].strip("，,")
    words = [w for w, _ in kinds_named(subject)]
    first, last = subject.find(words[0]), subject.rfind(words[-1]) + len(words[-1])
    out = []
    for n, (kinds, amount) in enumerate(zip(named, amounts, strict=True), start=1):
        own = amount if amount.comparator != "=" else amount.model_copy(update={"comparator": said})
        types = tuple(k for k in kinds if not req.school_types or k in req.school_types) or tuple(kinds)
        out.append(req.model_copy(update={"req_id": f"{req.req_id}~{n}", "quantity": own, "school_types": types,
                                          "metric": subject[:first] + _own(words[n - 1], subject[last:])}))
    return out


def _own(word: str, tail: str) -> str:
    """One kind's words before the shared rest: 小学生 + (学生)每学年…, 初中 + 学生每学年…."""
    return word + (tail[2:] if word.endswith("生") and tail.startswith("学生") else tail)


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
        if _BUILDS.match(subject.strip(" ，,")) or re.search(r"举办[^，,；;]*的(?:学校|幼儿园)", subject):
            return ()  # 新建、改建、扩建各级各类学校应当…, 以…举办的学校…: whoever builds or founds, not the school
        if re.match(r"国家(?=举办|设立|实行|建立|鼓励|支持|保障|采取|对|依法)", subject.strip(" ，,")):
            return ("国家",)  # 国家举办学校…，应当…: the state, not the school it founds
        everyone = _EVERYONE.search(subject)
        if everyone and not self.vocab.actors_in(subject):  # 任何单位和个人: everyone, no school in particular
            return tuple(w for w in ("组织", "单位", "个人") if w in everyone.group()) or ("个人",)
        whole = subject.strip(" ，,：:")
        subject = _SUBJECT_END.split(whole, maxsplit=1)[0]
        subject = _modified(subject if subject.strip() else whole)  # "依法实施义务教育的学校": 学校
        before, sep, after = subject.rpartition("等")
        if sep:  # "A、B等C": A, B and C when A and B name someone; "A、B、C等": A, B and C
            listed = [i for i in _COORD.split(before) if i.strip()]
            named_before = listed and all(self._head(i.strip()) for i in listed)
            subject = (before + "、" + after if named_before else after) if after.strip() else before
        items = [_ADVERBS.sub("", i.strip().removeprefix("其他")) for i in _COORD.split(subject)]
        items = [i for i in items if i]
        names: list[str] = []
        if len(items) > 1 and re.search(r"(?:所|园|校|机构)(?:教职员工|教职员|教职工|教师|工作人员)$", items[-1]):
            items = items[-1:]  # "学校、幼儿园、托儿所教职员": the staff of all three
        if items and (self._head(items[-1]) or re.search(r"(?:人员|者|人)$", items[-1])):
            names = [n for n in (self._head(i) or (i if re.search(r"(?:人员|者)$", i) and len(i) <= 10 else None)
                                 for i in items) if n]  # "学前教育机构及其工作人员": both
        if not names:
            names = self._leading(subject)
        if not names:
            m = _RESPONSIBLE.search(sentence)
            if m:
                names = [n for n, _ in self.vocab.actors_in(m.group(1))] or [m.group(1).strip("、和及")]
        return tuple(dict.fromkeys(names))

    def _leading(self, subject: str) -> list[str]:
        """The actors a subject opens with before what they do: "幼儿园实施保育和教育" → 幼儿园,
        "公安机关、人民检察院、人民法院办理…" → all three, "第三方专业评估监测机构接受…" → that body."""
        names: list[str] = []
        pos = 0
        owner = re.match(r"^[\u4e00-\u9fff]{2,8}?的(?=[\u4e00-\u9fff])", subject)
        if owner and self.vocab.actor_at(subject) is None:
            pos = owner.end()  # "普通学校的教师承担…的": 教师
        while pos < len(subject):
            found = self.vocab.actor_at(subject, pos)
            if found is None:
                m = _ONE_ORG.match(subject, pos)
                found = (m.group(), m.end()) if m else None
            if found is None:
                break
            names.append(found[0])
            pos = found[1]
            joined = _COORD.match(subject, pos)
            if joined is None:
                break
            pos = joined.end()
        if names and pos < len(subject) and not _DOES.match(subject, pos):
            return []  # "中小学校、幼儿园建筑设计…", "学校安全事故的…": they qualify a noun, they do nothing
        return names

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
        if r.modality == "encouraged":
            m = re.search(r"(?:国家|政府|社会)?(?:大力|积极)?(?:鼓励|支持|探索)(?:和(?:鼓励|支持))?", part)
            after = part[m.end() if m else 0:]
            subject = _SPLIT.split(after)[0]
            names = list(self.actors(_VERB.split(subject, maxsplit=1)[0][:40], ""))
            if not names:
                names = [n for n, _ in self.vocab.actors_in(subject[:16])[:1]]
            if not names:
                m = _ORG.match(subject)
                names = [m.group()] if m else []
            return tuple(names) or lead_actors
        if r.at:
            start = max(part.rfind(c, 0, r.at) for c in "，,；;") + 1
            subject = part[start:r.at]
            if not subject.strip() and start > 1:  # "各级人民政府以及教育行政部门、妇女联合会，应当…"
                subject = part[max(part.rfind(c, 0, start - 1) for c in "，,；;") + 1:start - 1]
        elif r.confidence == 0.6 and not _DIRECTIVE.match(part):
            subject = _VERB.split(_SPLIT.split(part)[0], maxsplit=1)[0]  # a law's "县级人民政府定期…"
        elif (opening := self.vocab.actors_in(part[:10])) and opening[0][1] == 0:
            subject = part[:len(opening[0][0]) + 8]  # a plan's "学校每学期开学初开展…", "教师每学期至少精读…"
        else:
            subject = ""
        if subject.rstrip(" ，,").endswith("的") or _CONDITION_START.match(subject.strip()):
            # "无法与其父母…、学校取得联系的，应当…", "对行为异常…的未成年学生，应当…": a condition
            named = tuple(self._leading(subject)) or lead_actors
            return named
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
        return _Lead(r, self.actors(subject, lead) if r else (), text=lead.strip())

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
            if n == 1 and not clause.heading and (glued := _GLUED_HEADING.match(text)):
                text = text[glued.end():]  # "(二)促进学生全面发展推动…": a heading the page ran into its text
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
            pieces = [(part, piece) for part in self._parts(text) for piece in self._obligations(part, doc.kind)]
            before: Requirement | None = None
            for k, (part, piece) in enumerate(pieces, start=1):
                req_id = f"{clause.clause_id}#{n}" + (f".{k}" if len(pieces) > 1 else "")
                req = self._requirement(doc, clause, req_id, raw.strip(), part, text, headings, scope,
                                        fallback, lead, piece=piece,
                                        before=before if before is not None and piece != part else None)
                if req is not None:
                    out.extend(_respectively(req))
                    before = req
        return out

    def _obligations(self, part: str, kind: str = "法律") -> list[str]:
        """A sentence's obligations: a new one starts at a phrase with its own subject, modal word,
        amount, period or deadline (or, in a plan, an order), once the one before it has asked
        something; a phrase with none of these ("，并按照规定进行处置") stays with the one before; a
        condition or scope ("发现…的，", "周边五十米范围内，") goes with the one after it.
        "校长每学期至少听课30节，业务副校长和教导主任每学期听课至少40节": two."""
        segments = [s for s in _SPLIT.split(part) if s]
        if len(segments) < 2:
            return [part]

        def asks(seg: str) -> bool:
            return not _condition(seg) and _asks(seg)

        def done(seg: str) -> bool:  # the phrase completes an obligation: later phrases may start another
            return not _condition(seg) and not _MEANS.search(seg.rstrip("，,；; ")) and (
                _asks(seg) or kind not in LAW_KINDS and bool(_DIRECTIVE.match(seg)))

        pieces: list[list[str]] = [[segments[0]]]
        asked = done(segments[0])
        for seg in segments[1:]:
            if asked and (_condition(seg) or asks(seg) or self._opens_with_someone(seg)):
                pieces.append([seg])
                asked = done(seg)
            else:
                pieces[-1].append(seg)
                asked = asked or done(seg)
        return ["".join(p).rstrip("，,；; ") for p in pieces]

    def _opens(self, piece: str) -> bool:
        """Whether an obligation opens with a named actor or body ("学校每学期…", "各学校…", "县级党委…")."""
        return self.vocab.actor_at(piece.lstrip("各")) is not None or _ONE_ORG.match(piece) is not None

    def _opens_with_someone(self, seg: str) -> bool:
        """Whether a phrase opens with who must act ("业务副校长和教导主任每学期…", "居民委员会应当…")."""
        seg = seg.strip()
        if self.vocab.actor_at(seg) is not None:
            return True
        m = _ORG.match(seg)
        return m is not None and _marked(seg[m.end():m.end() + 6])

    def _parts(self, text: str) -> list[str]:
        """The sentence, or its parts when it speaks to different kinds of school in turn."""
        segments = [s for s in _SPLIT.split(text) if s]
        parts: list[tuple[frozenset[str], str]] = []
        for seg in segments:
            kinds = types_in(seg[:4])  # a phrase that opens with a kind of school: "小学学生…"
            if kinds and (not parts or (parts[-1][0] and kinds != parts[-1][0])):
                parts.append((kinds, seg))
            elif kinds and not parts[-1][0] and _condition(parts[-1][1]):
                parts[-1] = (kinds, parts[-1][1] + seg)  # "每天在校课堂学习时间，小学不得超过六小时"
            elif kinds and not parts[-1][0]:
                parts.append((kinds, seg))
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
                     lead: _Lead | None, piece: str | None = None,
                     before: Requirement | None = None) -> Requirement | None:
        """The requirement of one obligation (`piece`) of a sentence's part for one kind of school
        (`part`; the whole sentence is `whole`). An obligation after the first (`before`) with no modal
        word or subject of its own takes the sentence's duty and who it binds."""
        piece = piece or part
        first = _SPLIT.split(part)[0]
        own_first = _SPLIT.split(piece)[0]
        subject = _VERB.split(own_first if before is not None else first, maxsplit=1)[0]
        has_actor = self._names_someone(subject) or bool(_RESPONSIBLE.search(piece))
        kind = doc.kind
        if kind in NARRATIVE_KINDS and re.search(r"目标|任务|措施", headings):
            kind = "工作计划"  # a briefing's targets and measures read as a plan
        r = ruling(piece, kind, has_actor)
        if r is None and before is not None and not _FACT.search(piece) and (lead is None or lead.ruling is None):
            r = _Ruling("must", min(before.confidence, 0.8), 0)  # "…应当…，自发现之日起十日内完成调查"
        if r is None and piece == part and part != whole:
            r = ruling(whole, kind, has_actor)
        amount, at = _quantity(piece)
        measured = metric(piece, at) if amount else ""
        if amount is not None and amount.unit in ("位", "名") and q.NAMED_ONE.search(piece[:at]):
            # "由一位副校(院)长主管体育工作": the amount counts the people named after it
            measured = re.split(r"主管|分管|负责|担任|兼任|专门|[，,；;。]", piece[at + len(amount.text):])[0][:20]
        if amount is None and before is not None and before.quantity is not None and not _condition(own_first):
            opening = _SPLIT.split(before.text)[0]
            if _condition(opening) and before.quantity.text in opening:
                amount, measured = before.quantity, before.metric  # "正门两侧各五十米范围内，禁止…，禁止设立集贸市场"
        from_lead = False
        if lead is not None and lead.ruling is not None and (r is None or r.confidence < 0.8):
            r, from_lead = _Ruling(lead.ruling.modality, min(lead.ruling.confidence, 0.8), 0), True
        elif lead is not None and lead.ruling is None and (r is None or r.confidence < 0.8):
            return None  # an item under "…包括以下内容：" needs a modal word of its own
        if r is None and amount is not None and kind not in NARRATIVE_KINDS and not _FACT.search(piece) \
                and not _PERMISSION.search(piece) and amount.unit not in ("岁", "周岁"):  # an age says who, not how much
            if amount.comparator != "=" or amount.range or "分之" in amount.text or amount.unit == "%" \
                    or q.period(piece):
                r = _Ruling("must", 0.7, 0)
        if r is None:
            return None
        if r.modality == "must" and r.confidence <= 0.6 and "目标" in headings:
            r = _Ruling("target", r.confidence, r.at)  # the orders of a 主要目标 section are its goals
        lead_actors = lead.actors if lead is not None else ()
        inherited = before.actors if before is not None else lead_actors
        actors = lead_actors if from_lead and lead_actors else self._actors_of(piece, r, inherited)
        if kind not in LAW_KINDS and r.confidence <= 0.6 and _PREAMBLE_SECTION.search(headings):
            return None
        if kind not in LAW_KINDS and (not actors or r.confidence <= 0.6 and not self._opens(piece)) and (
                _BUREAU_SECTION.search(headings) or _BUREAU_WORK.search(piece) or doc.region and doc.region in piece):
            actors = ("教育行政部门",)  # a plan's own steps (实施步骤, 督导考核) and its work on schools are its bureau's
        if before is not None and types_in(_VERB.split(first, maxsplit=1)[0]) and not types_in(_before_modal(own_first)):
            # "小学、幼儿园应当建立…制度，不得将学生或者幼儿交给…": the kinds the sentence opened with, not
            # the ones a later phrase names as its object
            kinds, every = frozenset(before.school_types), not before.school_types
        else:
            kinds = types_in(first) if part != whole else frozenset()
            kinds = kinds or types_in(piece) or types_in(part)
            # "学校、幼儿园应当…": every school, kindergartens too (said of this obligation, or of the
            # sentence's subject when the obligation names no kind of its own)
            every = not scope and bool(_EVERY_SCHOOL.search(piece if types_in(piece) else part))
        if every:
            kinds = frozenset()
        if not kinds and not every:
            kinds = types_in(headings)
        if kinds and scope and (kinds & scope):
            kinds = kinds & scope
        if not kinds and not every:
            kinds = fallback
        if len(kinds) > 1:
            kinds = kinds - {OTHER}
        topics = self.vocab.topics_in(piece) or self.vocab.topics_in(part) or self.vocab.topics_in(headings)
        if "学前教育" in topics and kinds - {"幼儿园", OTHER}:
            topics.remove("学前教育")  # "中小学校、幼儿园…" is not about preschool in particular
        topics = topics or ["其他"]
        period = q.period(piece) or (q.period(whole) if piece == part else None)
        return Requirement(
            req_id=req_id, doc_id=doc.doc_id, clause_id=clause.clause_id, sentence=sentence, text=piece,
            modality=r.modality, actors=actors, metric=measured, quantity=amount,
            period=period, deadline=q.deadline(piece),
            school_types=tuple(k for k in SCHOOL_TYPES if k in kinds) + ((OTHER,) if OTHER in kinds else ()),
            attributes=attributes_in(part), topics=tuple(topics), confidence=r.confidence,
            lead=lead.text if lead is not None else "")

