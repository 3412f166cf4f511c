"""Which requirements are a school's own tasks: what a principal checks, fills in and signs.

A self-check list holds what the school, its leaders and its staff must do or must not do. Left out,
each for a reason the list's footer counts:
- documents that are not rules (courts' interpretations, cases, standards, templates);
- rules for 民办 schools (a document about them, or a sentence naming them) on a 公办 school's list;
- headings, stage titles and slogans that ask nothing; targets and encouragements (a goal or a
  "鼓励" is no task a school can fail);
- permissions (可以), entitlements (享受…待遇, 享有…权利) and how staff's work is counted (计算工作量);
- rewards (给予表彰、奖励), exhortations (统一思想, 抓实抓细), sentences that only point back (…予以提供);
- a law's sentence with no modal word, amount or period (a statement of how things are: 实行教育职员制度);
- a law's rule that names no one at the school (新建居民区需要设置学校的，应当…), a principal's
  appointment, and governments', bureaus' and other bodies' tasks (`--others` lists those);
- students' own duties (遵守法律、法规) unless they set an amount a school must see to;
- a plan's steps for the bureau that runs it (组织领导, 实施步骤, 督导考核 …: the extractor names
  教育行政部门 as their actor).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from policykb.kb import messages as M
from policykb.kb.models import Requirement

NOT_RULES = ("司法解释", "案例")
# Titles of documents that are not rules a school follows (a forensic injury standard, a model contract)
_NOT_RULE_TITLE = re.compile(r"(?:标准|模板|范本|示范文本|格式文本|案例|判决书|裁定书)(?:（[^）]*）)?$|案例|典型案")
_ENTITLED = re.compile(r"享受|享有|有权|具有[^，。；]{0,12}(?:地位|资格)|取得法人资格")
_WORKLOAD = re.compile(r"计算工作量|计入工作量|工作量按")  # how staff's work is counted: their pay, the bureau's rule
_PERMITTED = re.compile(r"可以|可(?=[\u4e00-\u9fff]{1,4}(?:申请|选择|参加|委托|设立|举办))")
_EXPLICIT = re.compile(r"应当|必须|不得|严禁|禁止|务必|须|要(?!求)")
_HEADING = re.compile(r"^[一二三四五六七八九十]+是")
# exhortations with nothing to do: "统一思想,增强共识", "抓实抓细抓好", "充分认识…的重要性"
_SLOGAN = re.compile(r"统一思想|增强共识|充分认识|提高认识|高度重视|抓实抓细|抓细抓实|重要位置|系统工作|重要性和必要性")
# what pupils will all be or have ("都有积极向上的劳动意识"): an outcome hoped for, not a task
_OUTCOME = re.compile(r"^(?:都|均|人人)(?:有|能|会|掌握|养成|具有|具备)")
# a sentence that only points back ("…应当按照国家有关规定予以提供。"): a fragment without the one before
_POINTS_BACK = re.compile(r"^[^，,]{0,24}予以(?:提供|保障|配合|支持|协助|落实|解决)[。；;]?$")
STUDENTS = frozenset({"学生"})
_REWARD = re.compile(r"给予表彰|予以表彰|表彰、奖励|表彰和奖励|给予奖励|予以奖励")
# who may head a school and how they are appointed: the appointing bureau's to check
_APPOINTMENT = re.compile(r"任职条件|任职资格|任免|任命")
REASONS = M.REASONS


def why_not(req: Requirement, kind: str, title: str, attributes: Sequence[str],
            law_kinds: tuple[str, ...]) -> str | None:
    """Why `req` is not a task on a school's self-check list (a key of REASONS), or None when it is."""
    text = f"{req.lead}{req.text}" if req.lead else req.text
    if kind in NOT_RULES or _NOT_RULE_TITLE.search(title):
        return "not_rules"
    if "民办" not in attributes and ("民办" in title or "民办" in req.text and "公办" not in text):
        return "private"
    body = req.text.rstrip("。；;！! ")
    if req.modality in ("target", "encouraged"):
        return "heading"
    modal = _EXPLICIT.search(text)
    before = text[: modal.start()] if modal else text
    if _PERMITTED.search(before) or (req.confidence <= 0.6 and _PERMITTED.search(text)):
        return "permission"
    if _ENTITLED.search(before) or (req.confidence <= 0.6 and _ENTITLED.search(text)) or _WORKLOAD.search(text):
        return "permission"
    if (len(body) <= 14 or _HEADING.match(body) and len(body) <= 24) and req.quantity is None \
            and not _EXPLICIT.search(body) and not req.lead:
        return "heading"
    if _REWARD.search(text):
        return "reward"
    if _SLOGAN.search(text) or _OUTCOME.match(body):
        return "heading"
    if _POINTS_BACK.search(req.text.strip()):
        return "fragment"
    if kind in law_kinds and req.confidence <= 0.6 and not req.lead and req.quantity is None and not req.period \
            and not re.search(r"负有|义务|职责", text):
        return "statement"  # a law's sentence with no modal word: "学校及其他教育机构中的管理人员，实行教育职员制度"
    if _APPOINTMENT.search(text) and "校长" in req.actors:
        return "not_school"
    if req.actors and set(req.actors) <= STUDENTS and req.quantity is None and not req.period:
        return "students"
    if not req.actors and kind in law_kinds:
        return "not_school"
    return None
