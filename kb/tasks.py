"""Which requirements are a school's own tasks: what a principal checks, fills in and signs.

A self-check list holds what the school, its leaders and its staff must do or must not do. Left out,
each for a reason the list's footer counts:
- documents that are not rules (courts' interpretations, cases, standards, templates);
- rules for 民办 schools (a document about them, or a sentence naming them) on a 公办 school's list;
- headings, stage titles and slogans that ask nothing; targets and encouragements (a goal or a
  "鼓励" is no task a school can fail);
- permissions (可以) and entitlements (享受…待遇, 享有…权利);
- rewards (给予表彰、奖励), exhortations (统一思想, 抓实抓细), sentences that only point back (…予以提供);
- a law's sentence with no modal word, amount or period (a statement of how things are: 实行教育职员制度);
- a law's rule that names no one at the school (新建居民区需要设置学校的，应当…) — unless it sets
  an amount or period for the school's own staff, time, money or pupils —, a principal's
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
# A rule in impersonal form about the school's own staff, time, money or pupils, with an amount or a
# period (班主任工作量按…的二分之一计算, 学生每日学习时间…不超过六小时): the school keeps to it.
# ... but not what staff are paid or how they are examined: the government pays (教师的平均工资水平不低于
# 当地公务员), the examining body examines (教师资格考试每年进行一次)
_PAID = re.compile(r"工资|待遇|津贴|补贴|奖金|公务员|资格考试")
_AROUND = re.compile(r"周边[^，。；]{0,16}范围内[^，。；]{0,6}不得(?:设置|开设|建设|新建|经营)")
_OWN = re.compile(r"^[^，,；;。]{0,8}(?:班主任|教师|教职工|校长|学生|幼儿|班级|每班|班额|课时|课程|作业|考试|学习时间|在校时间|"
                  r"睡眠|体育活动|课外活动|课间|收费|学费|伙食费)")
_PERMITTED = re.compile(r"可以|可(?=[\u4e00-\u9fff]{1,4}(?:申请|选择|参加|委托|设立|举办))")
_EXPLICIT = re.compile(r"应当|必须|不得|严禁|禁止|务必|须|要(?!求)")
_HEADING = re.compile(r"^[一二三四五六七八九十]+是")
# exhortations with nothing to do: "统一思想,增强共识", "抓实抓细抓好", "充分认识…的重要性"
_SLOGAN = re.compile(r"统一思想|增强共识|充分认识|提高认识|高度重视|抓实抓细|抓细抓实|重要位置|系统工作|重要性和必要性")
# what pupils will all be or have ("都有积极向上的劳动意识"): an outcome hoped for, not a task
_OUTCOME = re.compile(r"^(?:都|均|人人)(?:有|能|会|掌握|养成|具有|具备)")
# a sentence that only points back ("…应当按照国家有关规定予以提供。"): a fragment without the one before
_POINTS_BACK = re.compile(r"^[^，,]{0,24}予以(?:特殊)?(?:提供|保障|配合|支持|协助|落实|解决|照顾|帮助)[。；;]?$")
STUDENTS = frozenset({"学生"})
# words that point at what another sentence said: without it the row cannot be read or checked
_POINTS_OUT = re.compile(r"上述|前款|前述|前项|前条|前两款")
_PRONOUN = re.compile(r"他们|她们")
# an opening that qualifies the act of the sentence before (无正当理由的，…应当督促其返校: who had no
# reason, and to do what, is said there), or a 所-phrase whose doer is named there (所提供的商品…)
_BACK_CONDITION = re.compile(r"^(?:无正当理由|情节(?:严重|较重|轻微)|逾期(?:不|未)|拒不|经[^，,]{0,10}仍)[^，,；;]{0,10}的[，,]"
                             r"|^所[\u4e00-\u9fff]{1,6}的")
_PERSON = re.compile(r"学生|教师|老师|儿童|幼儿|未成年人|少年|人员|家长|监护人|职工|员工|学员|孩子|子女|校长|班主任")
_REWARD = re.compile(r"给予表彰|予以表彰|表彰、奖励|表彰和奖励|给予奖励|予以奖励")
# who may head a school and how they are appointed: the appointing bureau's to check
_APPOINTMENT = re.compile(r"任职条件|任职资格|任免|任命")
REASONS = M.REASONS
# who is named as doing it after 由 ("…由区、县人民政府发给一次性奖金", "…由县级以上人民政府教育行政部门
# 收缴"): a government, a bureau or another body, when the sentence names no school before it
_BY_BODY = re.compile(r"由[^，,；;。]{0,14}?(?:人民政府|政府|行政部门|主管部门|机关|委员会|部门)")
_SCHOOL_NAMED = re.compile(r"学校|中学|小学|幼儿园|校长|班主任")
# the people something was done to ("被撤销教师资格的，…不得重新申请"): their own duty, or the authority's
_DONE_TO = re.compile(r"^被[^，,；;]{1,14}的[，,]")
# an event held by the country or a province (全国中学生运动会每3年举行一次): theirs to hold, not a school's
_ABOVE_EVENT = re.compile(r"^全(?:国|省|市|县|区)[^，,；;]{0,10}(?:运动会|比赛|竞赛|大会|展演|评选|考试)")
# "每年九月十日为教师节": says what something is — no one must do anything
_IS = re.compile(r"^[^，,；;]{1,16}为[^，,；;]{1,12}[。；;]?$")
# an entitlement after the modal word (…教师应当与…的教师享受同等津贴): what someone receives, not a duty
# a place planned, built and given its land (配套幼儿园应当与居住区同步规划…, …以划拨方式供应土地), or a school
# founded (以中外合作方式设立幼儿园…): the government's, the builder's or the founder's, not the school's
_FOUNDED = re.compile(r"同步(?:规划|设计|建设|验收|交付)|供应土地|划拨|建设用地|土地使用权"
                      r"|设立(?:为)?[^，,。；;、]{0,8}?(?:幼儿园|学校)(?:[，,。；;]|$)")
# capital markets and profit: a privately funded school's matter (不得…作为企业资产在境内外上市)
_CAPITAL = re.compile(r"上市|企业资产|营利性|社会资本")
_RECEIVES = re.compile(r"(?:应当|应|必须)(?:(?!保证|确保|保障|落实|使|让)[^，,；;]){0,16}?(?:享受|享有)")

# A duty a principal can tick has something to check: a prohibition, an amount, a period or deadline,
# or an act that leaves a trace (a system set up, a plan written, a course given, staff appointed, a
# report made). A duty whose every part only gives a direction — 加强…, 提高…, 促进…, 关心爱护…,
# 贯彻…方针 — has nothing to check ("VAGUE" in ../shared/eval/checklist-rubric.md): everyone ticks
# yes. Each part (between ，；) is read from its verb: a direction verb makes it a direction unless
# the part names what can be checked (制度, 预案, 培训 …); a part opening with a preposition
# (对学生进行…, 将…纳入…) is read from the verbs inside it.
_DIRECTION = frozenset("""
加强 强化 深化 增强 提高 提升 促进 培养 培育 引导 推动 推进 坚持 贯彻 保障 保护 维护 关心 爱护 尊重 关注 注意 注重
重视 发挥 丰富 完善 创新 营造 创设 树立 忠诚 热爱 具有 具备 掌握 遵守 恪守 履行 帮助 支持 配合 协同 形成 实现 做好
办好 搞好 抓好 讲好 融入 贯穿 统筹 加快 落实 弘扬 倡导 鼓励 满足 适应 确保 保证 服务 帮扶 关爱 平等对待 因材施教
教育 引领 带动 拓展 拓宽 优化 改进 改善 规范 健全 激发 增进 养成 提倡 践行 传承 凝聚 夯实 助力 构建 打造 实施 推行
探索 深入 全面 加大 突出 强调 体现 防止 预防 防范 减少 避免 抵制 批评 为人师表 团结 接受 密切 创造 武装 发展 使 让
合理安排 安排好 完成 行使 参加 参与 把握""".split())
# 上好每一堂课, 管好, 用好: a verb with 好 (do it well) is a direction, whatever is done
_DO_WELL = re.compile(r"^[\u4e00-\u9fff]好(?![的])")
_ACT = frozenset("""
建立 制定 配备 配齐 设立 设置 开设 开齐 开足 举行 举办 召开 成立 报告 报送 备案 公示 公开 公布 告知 通知 签订 登记
记录 检查 排查 检测 聘任 聘请 聘用 安装 保存 审核 审查 核查 演练 纳入 列入 列为 作为 实行 执行 组织 开展 进行 安排
提供 给予 采取 接收 编入 制止 处理 停止 解聘 辞退 收取 减免 认定 送 转 通报 上报 评估 取得 持有 签字 挂牌 张贴 核定
测试 测评 保管 清理 救助 劝返 使用""".split())
_VERB = re.compile("|".join(sorted(_DIRECTION | _ACT, key=len, reverse=True)))
_CHECKABLE = re.compile(r"制度|机制|预案|方案|计划|台账|档案|标准|培训|演练|检查|考核|课程|课时|岗位|人员|机构")
_MANNER = re.compile(r"^(?:应当|应|必须|须|要|并|同时|还|也|切实|认真|积极|大力|不断|充分|进一步|全面|深入|持续|努力|着力|"
                     r"依法|主动|共同|相互|互相|有效|广泛|继续|逐步|分阶段|有序|科学|合理|严格|高度|按照规定|依照规定|按规定)+")
_PREPOSITION = re.compile(r"^(?:对|为|与|同|向|跟|和|在|将|把|按照|根据|依照|结合|针对|通过)")
_MODAL_AT = re.compile(r"应当|必须|须|应(?=[\u4e00-\u9fff])|要(?!求)")
_BAN = re.compile(r"不得|禁止|严禁|不准|不许|杜绝")
# 国家、社会、学校和家庭应当…: a principle the whole country shares, no task of one school
_EVERYONE = re.compile(r"(?:^|[、和及])(?:国家|社会)[、和及]|[、和及](?:国家|社会)$")
_CATCH_ALL = re.compile(r"(?:规定|法律、法规)的其他(?:职责|义务)")


def _direction_only(part: str) -> bool:
    part = _MANNER.sub("", part.strip())
    if not part or _CHECKABLE.search(part):
        return not part
    if _PREPOSITION.match(part):
        verbs = [m.group() for m in _VERB.finditer(part)]
        return bool(verbs) and not any(v in _ACT for v in verbs)
    verb = _VERB.match(part)
    return verb is not None and verb.group() in _DIRECTION or verb is None and bool(_DO_WELL.match(part))


def vague(req: Requirement) -> str | None:
    """"vague" when every part of the duty only gives a direction, "shared" when it is addressed to
    国家、社会、学校和家庭 together, else None: a duty with a prohibition, an amount or a period never is."""
    text = f"{req.lead}{req.text}" if req.lead else req.text
    if req.modality == "must_not" or _BAN.search(text) or req.quantity is not None or req.period or req.deadline:
        return None
    if _CATCH_ALL.search(req.text):
        return "vague"
    modal = _MODAL_AT.search(text)
    if modal and _EVERYONE.search(re.split(r"[，,；;]", text[: modal.start()])[-1]):
        return "shared"
    duty = re.sub(r"^.*?下列(?:义务|职责)[：:]", "", text)
    modal = _MODAL_AT.search(duty)
    parts = [p for p in re.split(r"[，,；;。：:]", duty[modal.end():] if modal else duty) if p.strip()]
    return "vague" if parts and all(_direction_only(p) for p in parts) else None


# A kindergarten is no 学校: laws name it beside the school where they mean both (学校、幼儿园应当…),
# and a 学校…条例 (学校体育工作条例, 学校卫生工作条例) is for schools. What speaks of pupils, classes and
# grades is a school's.
_KINDERGARTEN = re.compile(r"幼儿园|学前|托幼|园长|保育|幼儿|学龄前")
_SCHOOLING = re.compile(r"学生|中小学|体育课|课程表|年级|课业|升学|学籍|学业|旷课|逃学|辍学|不良行为|矫正|帮教")


def other_kind(req: Requirement, school_type: str, title: str = "", names_kindergartens: bool = False) -> str | None:
    """"other_kind" when every school the rule names as who must act is of another kind than
    `school_type` (幼儿园、校外培训机构不得…小学课程教育 on a 小学 list), or, on a kindergarten's list,
    when it names no kindergarten and is a school's (above), or its document names kindergartens
    elsewhere (`names_kindergartens`) and this rule only schools; else None."""
    from policykb.kb.schools import WORDS
    from policykb.kb.vocab import school_actors

    own = school_actors()
    named = [a for a in req.actors if a in own]
    kinds = [WORDS.get(a) for a in named]
    if named and all(k is not None and school_type not in k for k in kinds):
        return "other_kind"
    text = f"{req.lead}{req.text}"
    if school_type == "幼儿园" and not _KINDERGARTEN.search(text) and not _KINDERGARTEN.search(title) \
            and ("学校" in title or _SCHOOLING.search(text) or names_kindergartens and named
                 and all(WORDS.get(a) is None and "学校" in a for a in named)):
        return "other_kind"
    return None


def why_not(req: Requirement, kind: str, title: str, attributes: Sequence[str],
            law_kinds: tuple[str, ...]) -> str | None:
    """Why `req` is not a task on a school's self-check list (a key of REASONS), or None when it is."""
    text = f"{req.lead}{req.text}" if req.lead else req.text
    if kind in NOT_RULES or _NOT_RULE_TITLE.search(title):
        return "not_rules"
    if "民办" not in attributes and ("民办" in title or ("民办" in req.text or _CAPITAL.search(req.text))
                                     and "公办" not in text):
        return "private"
    body = req.text.rstrip("。；;！! ")
    if req.modality in ("target", "encouraged"):
        return "heading"
    modal = _EXPLICIT.search(text)
    before = text[: modal.start()] if modal else text
    if _PERMITTED.search(before) or (req.confidence <= 0.6 and _PERMITTED.search(text)):
        return "permission"
    if _ENTITLED.search(before) or (req.confidence <= 0.6 and _ENTITLED.search(text)):
        return "permission"
    if (len(body) <= 14 or _HEADING.match(body) and len(body) <= 24) and req.quantity is None \
            and not _EXPLICIT.search(body) and not req.lead:
        return "heading"
    if _REWARD.search(text):
        return "reward"
    if _SLOGAN.search(text) or _OUTCOME.match(body):
        return "heading"
    if _RECEIVES.search(text):
        return "permission"
    if _POINTS_BACK.search(req.text.strip()) or _POINTS_OUT.search(req.text) and not req.lead \
            or _BACK_CONDITION.match(req.text) and not req.lead \
            or (pronoun := _PRONOUN.search(req.text)) and not _PERSON.search(req.text[: pronoun.start()]):
        return "fragment"  # 学校应当定期对他们进行体格检查: who 他们 are is in another sentence
    if not _EXPLICIT.search(text) and req.quantity is None and _IS.match(body + "。"):
        return "statement"  # 每年九月十日为教师节
    if kind in law_kinds and req.confidence <= 0.6 and not req.lead and req.quantity is None and not req.period \
            and not re.search(r"负有|义务|职责", text):
        return "statement"  # a law's sentence with no modal word: "学校及其他教育机构中的管理人员，实行教育职员制度"
    if _APPOINTMENT.search(text) and "校长" in req.actors:
        return "not_school"
    if req.actors and set(req.actors) <= STUDENTS and req.quantity is None and not req.period:
        return "students"
    by = _BY_BODY.search(req.text)
    if by and not _SCHOOL_NAMED.search(req.text[: by.end()]) or _DONE_TO.match(req.text) \
            or _ABOVE_EVENT.match(req.text) or _FOUNDED.search(text):
        return "not_school"  # 由区、县人民政府…发给; 被撤销教师资格的…; 全国中学生运动会…
    if _AROUND.search(text):
        return "not_school"  # 学校周边一百米范围内不得设置售烟网点: a ban on the businesses around it
    if not req.actors and kind in law_kinds and not (_OWN.match(text) and (req.quantity or req.period)
                                                     and not _PAID.search(text)):
        return "not_school"
    return vague(req)
