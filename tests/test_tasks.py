"""What a school's self-check list leaves out (kb.tasks) and how it folds one rule stated by several
documents into one item (kb.checklist.merge)."""

from __future__ import annotations

from policykb.kb.catalog import DocInfo
from policykb.kb.checklist import Source, merge
from policykb.kb.extract import LAW_KINDS
from policykb.kb.models import Quantity, Requirement
from policykb.kb.tasks import why_not


def req(text: str, modality: str = "must", actors: tuple[str, ...] = ("学校",), doc: str = "d", n: int = 1,
        quantity: Quantity | None = None, lead: str = "", confidence: float = 0.9, period: str | None = None) -> Requirement:
    return Requirement(req_id=f"{doc}/第{n}条#1", doc_id=doc, clause_id=f"{doc}/第{n}条", sentence=text, text=text,
                       modality=modality, actors=actors, quantity=quantity, lead=lead,  # type: ignore[arg-type]
                       confidence=confidence, period=period)


def test_what_is_not_a_school_task() -> None:
    def why(r: Requirement, kind: str = "法律", title: str = "某法", attrs: tuple[str, ...] = ("公办",)) -> str | None:
        return why_not(r, kind, title, attrs, LAW_KINDS)

    assert why(req("学校应当建立安全管理制度。")) is None
    assert why(req("学校应当建立安全管理制度。"), kind="司法解释") == "not_rules"
    assert why(req("学校应当建立安全管理制度。"), title="人体损伤致残程度分级标准") == "not_rules"
    assert why(req("民办学校应当设立理事会。")) == "private"
    assert why(req("学校应当设立理事会。"), title="民办教育促进法") == "private"
    assert why(req("学校应当设立理事会。"), title="民办教育促进法", attrs=("民办",)) is None
    assert why(req("二是完善学生资助帮扶体系。", actors=(), confidence=0.6), kind="实施方案") == "heading"
    assert why(req("力争到2025年建成一批优质学校。", modality="target")) == "heading"
    assert why(req("鼓励学校开设特色课程。", modality="encouraged")) == "heading"
    assert why(req("学校可以依法申请设立分校。", confidence=0.6)) == "permission"
    assert why(req("教师退休后享受国家规定的退休待遇。", actors=("教师",), confidence=0.6)) == "permission"
    assert why(req("遵守法律、法规；", actors=("学生",), lead="受教育者应当履行下列义务：")) == "students"
    assert why(req("学生每天体育锻炼时间不少于1小时。", actors=("学生",),
                   quantity=Quantity(value=1, unit="小时", comparator="≥"))) is None
    assert why(req("新建居民区需要设置学校的，应当与居民区的建设同步进行。", actors=())) == "not_school"
    assert why(req("班主任工作量按当地教师标准课时工作量的二分之一计算。", actors=(), confidence=0.6,
                   quantity=Quantity(value=0.5, text="二分之一"))) is None  # the school's own staff
    assert why(req("教师的平均工资水平应当不低于当地公务员的平均工资水平。", actors=(),
                   quantity=Quantity(value=1, comparator="≥"))) == "not_school"  # the government pays
    assert why(req("在学校周边一百米范围内不得设置售烟网点。", modality="must_not")) == "not_school"
    assert why(req("学校应当定期对他们进行体格检查，加强卫生防护。")) == "fragment"  # who are 他们?
    assert why(req("学校对参加课余体育训练的学生，应当定期组织他们体检。")) is None  # 他们 are named before
    assert why(req("学校应当将上述情况及时报告教育行政部门。")) == "fragment"
    assert why(req("无正当理由的，学校和学生的父母应当督促其返校学习。")) == "fragment"  # no reason for what?
    assert why(req("所提供的商品或者服务应当符合相关质量、安全、卫生标准。", actors=())) == "fragment"
    assert why(req("工作满5年的，由区、县人民政府参照奖学金标准，发给一次性奖金。")) == "not_school"
    assert why(req("学校应当及时报告，由教育行政部门依法处理。")) is None  # the school reports first
    assert why(req("被撤销教师资格的，自撤销之日起5年内不得重新申请认定教师资格。", modality="must_not", actors=(),
                   quantity=Quantity(value=5, unit="年", comparator="≤"))) == "not_school"  # the person's
    assert why(req("全国中学生运动会每3年举行一次", actors=(), period="每3年",
                   quantity=Quantity(value=3, unit="年"))) == "not_school"  # the country holds it
    assert why(req("学校每学年至少举行一次全校性运动会。", quantity=Quantity(value=1, unit="次", comparator="≥"))) is None
    assert why(req("配套幼儿园应当与首期建设的居住区同步规划、同步设计、同步建设。", actors=("幼儿园",))) == "not_school"
    assert why(req("以中外合作方式设立幼儿园，应当符合有关法律法规的规定。", actors=("幼儿园",))) == "not_school"
    assert why(req("学校应当设立家长委员会。")) is None  # what the school sets up, not the school itself
    assert why(req("幼儿园不得直接或者间接作为企业资产在境内外上市。", modality="must_not")) == "private"
    assert why(req("每年九月十日为教师节。", actors=(), confidence=0.7, period="每年")) is not None  # a day, no task
    assert why(req("每年九月的第三周为全国推广普通话宣传周。", actors=(), confidence=0.7, period="每年")) == "statement"
    assert why(req("国家补助、集体支付工资的教师应当与国家支付工资的教师享受同等津贴。", actors=("教师",))) == "permission"
    assert why(req("学校应当保障教师享受寒暑假带薪休假。")) != "permission"  # the school sees to it
    # a plan's order without a subject is a task of the schools it speaks to
    assert why(req("建立学有困难学生帮扶制度，有针对性制定落实帮扶措施。", actors=(), confidence=0.6),
               kind="实施方案") is None


def test_a_rule_binding_only_another_kind_of_school_is_not_on_this_kinds_list() -> None:
    from policykb.kb.tasks import other_kind

    ban = req("幼儿园、校外培训机构不得对学龄前未成年人进行小学课程教育。", modality="must_not", actors=("幼儿园", "校外培训机构"))
    assert other_kind(ban, "小学") == "other_kind" and other_kind(ban, "幼儿园") is None
    both = req("学校、幼儿园应当建立安全管理制度。", actors=("学校", "幼儿园"))
    assert other_kind(both, "小学") is None and other_kind(both, "幼儿园") is None
    # a kindergarten is no 学校: a 学校…条例's rule, a rule about pupils, or a school's rule in a law that
    # names kindergartens where it means them, is not on a kindergarten's list
    kit = req("学校应当制定体育场地、器材、设备的管理维修制度。")
    assert other_kind(kit, "幼儿园", "学校体育工作条例") == "other_kind" and other_kind(kit, "小学", "学校体育工作条例") is None
    assert other_kind(req("学校应当为学生设置厕所和洗手设施。"), "幼儿园", "某条例") == "other_kind"
    bully = req("对实施欺凌的未成年人，学校应当依法加强管教。")
    assert other_kind(bully, "幼儿园", "未成年人保护法", names_kindergartens=True) == "other_kind"
    assert other_kind(bully, "幼儿园", "某法", names_kindergartens=False) is None
    teachers = req("学校应当制定教师培训规划，对教师进行业务培训。")
    assert other_kind(teachers, "幼儿园", "教师法") is None  # a law for every teacher, theirs too
    own = req("幼儿园应当设立家长委员会。", actors=("幼儿园",))
    assert other_kind(own, "幼儿园", "学校卫生工作条例") is None


def test_one_rule_in_several_documents_is_one_item_citing_each() -> None:
    info = {"nat": DocInfo("nat", "义务教育法", "现行有效", "法律", ()),
            "bj": DocInfo("bj", "北京市实施办法", "现行有效", "地方性法规", ("北京市",)),
            "sh": DocInfo("sh", "上海市某条例", "现行有效", "地方性法规", ("上海市",))}
    hours = Quantity(value=1, unit="小时", comparator="≥")
    items = [Source(req("本市学校应当保证学生每天体育活动时间不少于1小时。", doc="bj", quantity=hours), "北京市实施办法", "第1条", "现行有效"),
             Source(req("学校应当保证学生每天体育活动时间不少于1小时。", doc="nat", quantity=hours), "义务教育法", "第1条", "现行有效"),
             Source(req("学校应当保证学生每天体育活动时间不少于2小时。", doc="sh",
                        quantity=Quantity(value=2, unit="小时", comparator="≥")), "上海市某条例", "第1条", "现行有效"),
             Source(req("学校不得组织学生参加商业性活动。", modality="must_not", doc="bj"), "北京市实施办法", "第2条", "现行有效")]
    merged = merge(items, lambda s: info[s.req.doc_id])
    assert len(merged) == 3
    first, also, differs = next(m for m in merged if m[0].req.quantity == hours)
    assert first.req.doc_id == "nat" and [s.req.doc_id for s in also] == ["bj"]  # the national text first
    assert [s.req.doc_id for s in differs] == ["sh"]  # another amount: its own item, flagged on both
    other = next(m for m in merged if m[0].req.doc_id == "sh")
    assert [s.req.doc_id for s in other[2]] == ["nat"]


def test_a_merged_item_cites_each_source_with_its_document_and_a_readable_clause() -> None:
    from policykb.kb.checklist import COLUMNS, Checklist, Row, to_markdown

    nat = Source(req("学校应当建立学生欺凌防控工作制度。", doc="nat"), "中华人民共和国未成年人保护法", "第三章/第三十九条", "现行有效")
    bj = Source(req("学校应当建立学生欺凌防控工作制度。", doc="bj"), "北京市未成年人保护条例", "第三章/第二十七条/2", "现行有效")
    draft = Source(req("学校应当建立学生欺凌防控工作制度。", doc="bjs"), "毕节市实施方案（征求意见稿）", "二/（三）/13", "征求意见稿")
    row = Row(1, "安全", nat.req, nat.doc_title, nat.path, nat.status, also=[bj, draft])
    cells = dict(zip(COLUMNS, row.cells(), strict=True))
    assert cells["条款"] == ("中华人民共和国未成年人保护法 第三十九条；北京市未成年人保护条例 第二十七条第二款；"
                           "毕节市实施方案（征求意见稿） 二、（三）13")  # the status once, not twice
    alone = Row(2, "安全", bj.req, bj.doc_title, bj.path, bj.status)
    assert dict(zip(COLUMNS, alone.cells(), strict=True))["条款"] == "第二十七条第二款"
    md = to_markdown(Checklist("小学", ("公办",), [row], topics=["安全"]))
    assert "中华人民共和国未成年人保护法 第三十九条；北京市未成年人保护条例 第二十七条第二款" in md
    assert "/" not in md.split("| 1 |")[1]


def test_a_duty_that_only_gives_a_direction_is_no_row() -> None:
    """The rule in kb/tasks.py: nothing to check (no prohibition, amount, period, or act that leaves a
    trace) → "vague"; addressed to 国家、社会、学校和家庭 together → "shared"."""
    from policykb.kb.tasks import vague

    def v(text: str, **kw) -> str | None:  # type: ignore[no-untyped-def]
        return vague(req(text, **kw))

    assert v("学校应当关心、爱护未成年学生。") == "vague"
    assert v("教师应当不断提高思想政治觉悟和教育教学业务水平。") == "vague"
    assert v("学校应当全面贯彻国家教育方针，坚持立德树人，促进学生全面发展。") == "vague"
    assert v("学校应当履行法律、法规规定的其他职责。") == "vague"
    assert v("国家、社会、学校和家庭应当对未成年人进行理想教育、道德教育。") == "shared"
    assert v("学校应当建立学生欺凌防控工作制度。") is None  # something set up
    assert v("学校应当将健康教育纳入教学计划。") is None  # a preposition: the verb inside decides
    assert v("学校对在校期间突发疾病的学生应当及时救助。") is None
    assert v("学校应当加强对教师的培训。") is None  # a training can be checked
    assert v("学校应当关心学生，不得体罚学生。") is None  # a prohibition
    assert v("学校应当提高学生体质健康水平。", quantity=Quantity(value=1, unit="小时", comparator="≥")) is None
    assert v("学校、家庭应当加强沟通。") == "vague"  # a school and a family: still the school's, and vague
    assert v("充分发挥教师主导作用，科学把握学生认知规律，上好每一堂课。") == "vague"  # 上好: do it well
    assert v("学校应高度关注每一位教师的课堂教学状态。") == "vague"


def test_duties_cut_from_one_sentence_are_one_row_and_a_rule_inside_another_is_merged() -> None:
    from policykb.kb.checklist import COLUMNS, Row, by_sentence

    whole = "学校、幼儿园不得安排未成年人参加商业性活动，不得向未成年人推销或者要求其购买指定的商品。"

    def part(text: str, n: str) -> Requirement:
        return Requirement(req_id=f"law/第1条#1.{n}", doc_id="law", clause_id="law/第1条", sentence=whole, text=text,
                           modality="must_not", actors=("学校",))

    a, b = part("学校、幼儿园不得安排未成年人参加商业性活动", "1"), part("不得向未成年人推销或者要求其购买指定的商品。", "2")
    firsts, parts = by_sentence([a, b])
    assert firsts == [a] and parts[a.req_id] == [b]
    row = Row(1, "安全", a, "某法", "第1条", "现行有效", parts=parts[a.req_id])
    text = dict(zip(COLUMNS, row.cells(), strict=True))["要求"]
    assert "……" not in text and "商业性活动" in text and "推销" in text  # the sentence, whole, once
    # two duties each with a subject stay two rows
    c = Requirement(req_id="law/第2条#1.1", doc_id="law", clause_id="law/第2条", sentence="学校应当建立制度，教师应当参加培训。",
                    text="学校应当建立制度", modality="must", actors=("学校",))
    d = c.model_copy(update={"req_id": "law/第2条#1.2", "text": "教师应当参加培训。"})
    assert by_sentence([c, d])[0] == [c, d]

    info = {"nat": DocInfo("nat", "某法", "现行有效", "法律", ()), "bj": DocInfo("bj", "北京市某条例", "现行有效", "地方性法规", ("北京市",))}
    short = Source(req("学校应当合理安排学生的学习时间。", doc="nat"), "某法", "第1条", "现行有效")
    longer = Source(req("学校应当与学生的父母互相配合，合理安排学生的学习时间，保障其休息和体育锻炼的时间。", doc="bj"),
                    "北京市某条例", "第9条", "现行有效")
    other = Source(req("学校应当建立学生欺凌防控工作制度。", doc="bj", n=3), "北京市某条例", "第3条", "现行有效")
    merged = merge([short, longer, other], lambda s: info[s.req.doc_id])
    assert len(merged) == 2 and [s.req.doc_id for s in merged[0][1]] == ["bj"]  # one rule, both sources


def test_a_rule_restated_in_other_words_is_one_row_and_shows_what_the_other_adds() -> None:
    """A city's rule around the same duties as the national one (most of one's phrases in the other)
    is one row citing both; what the city's adds is in 备注 with its source. Not merged: two sentences of
    one document that share only their subject, and the same words of duty binding other people."""
    from policykb.kb.checklist import COLUMNS, Row

    info = {"nat": DocInfo("nat", "义务教育法", "现行有效", "法律", ()),
            "tl": DocInfo("tl", "教师法", "现行有效", "法律", ()),
            "bj": DocInfo("bj", "北京市实施办法", "现行有效", "地方性法规", ("北京市",)),
            "plan": DocInfo("plan", "北京市某实施方案", "现行有效", "实施方案", ("北京市",))}
    nat = Source(req("学校应当把德育放在首位，寓德育于教育教学之中，开展与学生年龄相适应的社会实践活动，"
                     "促进学生养成良好的思想品德和行为习惯。", doc="nat"), "义务教育法", "第三十六条", "现行有效")
    bj = Source(req("学校应当把德育放在首位，寓德育于教育教学之中，加强对学生的法制教育，"
                    "促进学生养成良好的思想品德和行为习惯。", doc="bj"), "北京市实施办法", "第四十二条", "现行有效")
    a = Source(req("市、区和学校要将义务教育学校管理标准化建设列入年度工作计划，整体安排。", doc="plan", n=1),
               "北京市某实施方案", "五", "现行有效")
    b = Source(req("市、区和学校要将义务教育学校管理标准化建设所需经费纳入年度经费预算。", doc="plan", n=2),
               "北京市某实施方案", "五", "现行有效")
    school = Source(req("贯彻国家的教育方针，执行国家教育教学标准，保证教育教学质量。", doc="nat", n=5), "义务教育法", "第五条", "现行有效")
    teacher = Source(req("贯彻国家的教育方针，遵守规章制度，执行学校的教学计划，完成教育教学工作任务。", doc="tl",
                         actors=("教师",)), "教师法", "第八条", "现行有效")
    merged = merge([bj, nat, a, b, school, teacher], lambda s: info[s.req.doc_id])
    assert len(merged) == 5
    first, also, _ = next(m for m in merged if "德育" in m[0].req.text)
    assert first.req.doc_id == "nat" and [s.req.doc_id for s in also] == ["bj"]  # the national text shown
    row = Row(1, "德育", first.req, first.doc_title, first.path, first.status, also=also)
    remark = dict(zip(COLUMNS, row.cells(), strict=True))["备注"]
    assert "北京市实施办法 第四十二条" in remark and "法制教育" in remark

    # a rule inside a fuller one of the same level is shown as the fuller one
    short = Source(req("学校应当合理使用网络开展教学活动。", doc="nat", n=7), "义务教育法", "第七条", "现行有效")
    full = Source(req("学校应当将网络素养纳入教育教学活动，并合理使用网络开展教学活动，建立上网管理制度。", doc="tl", n=9),
                  "教师法", "第九条", "现行有效")
    (shown, also, _), = merge([short, full], lambda s: info[s.req.doc_id])
    assert shown.req.doc_id == "tl" and [s.req.doc_id for s in also] == ["nat"]
    row = Row(1, "德育", shown.req, shown.doc_title, shown.path, shown.status, also=also)
    assert dict(zip(COLUMNS, row.cells(), strict=True))["备注"] == ""  # the shorter adds nothing


def test_two_documents_forbidding_the_same_act_in_the_same_words_are_one_row() -> None:
    """At least half of each row's prohibitions share a run of words with the other's: one row. A row
    that also forbids other things stays its own."""
    info = {"a": DocInfo("a", "未成年人保护法", "现行有效", "法律", ()), "b": DocInfo("b", "义务教育法", "现行有效", "法律", ()),
            "c": DocInfo("c", "北京市某条例", "现行有效", "地方性法规", ("北京市",))}
    a = Source(req("不得对未成年人实施体罚、变相体罚或者其他侮辱人格尊严的行为。", modality="must_not", doc="a"),
               "未成年人保护法", "第二十七条", "现行有效")
    b_text = "教师应当尊重学生的人格，不得歧视学生，不得对学生实施体罚、变相体罚或者其他侮辱人格尊严的行为，不得侵犯学生合法权益。"
    b = Source(req("不得歧视学生", modality="must_not", doc="b"), "义务教育法", "第二十九条", "现行有效")
    c_text = "学校教职工不得擅离工作岗位，不得有侮辱、殴打或者体罚、变相体罚及其他伤害学生的行为，不得在工作中违反操作规程。"
    c = Source(req("学校教职工不得擅离工作岗位", modality="must_not", doc="c"), "北京市某条例", "第十一条", "现行有效")
    merged = merge([a, b, c], lambda s: info[s.req.doc_id], {b.req.req_id: b_text, c.req.req_id: c_text})
    assert len(merged) == 2
    group = next(m for m in merged if m[0].req.doc_id in ("a", "b"))
    assert {group[0].req.doc_id, *(s.req.doc_id for s in group[1])} == {"a", "b"}


def test_a_sentence_of_several_duties_is_weighed_as_the_row_shows_it() -> None:
    """Rows that show a sentence of several duties are compared as that sentence (with the period it
    gives), not as its first duty: a city's restatement of the national 校车 rule is one row."""
    info = {"n": DocInfo("n", "未成年人保护法", "现行有效", "法律", ()),
            "s": DocInfo("s", "上海市未成年人保护条例", "现行有效", "地方性法规", ("上海市",))}
    national = ("使用校车的学校、幼儿园应当建立健全校车安全管理制度，配备安全管理人员，定期对校车进行安全检查，"
                "对校车驾驶人进行安全教育，并向未成年人讲解校车安全乘坐知识。")
    city = "学校、幼儿园应当定期对校车进行安全检查，对校车驾驶人及随车照管人员进行安全教育，并向未成年人讲解校车安全乘坐知识。"
    n = Source(req("使用校车的学校、幼儿园应当建立健全校车安全管理制度", doc="n", actors=("学校", "幼儿园")),
               "未成年人保护法", "第三十六条", "现行有效")
    c = Source(req("学校、幼儿园应当定期对校车进行安全检查", doc="s", actors=("学校", "幼儿园"), period="定期"),
               "上海市未成年人保护条例", "第二十九条", "现行有效")
    assert len(merge([n, c], lambda s: info[s.req.doc_id])) == 2  # their first duties differ
    merged = merge([n, c], lambda s: info[s.req.doc_id], {n.req.req_id: national, c.req.req_id: city})
    assert len(merged) == 1 and merged[0][0].req.doc_id == "n"
