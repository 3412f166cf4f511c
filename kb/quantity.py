"""Amounts, periods and deadlines as policy sentences write them.

"不少于1小时", "二分之一", "百分之八十", "1-2项", "一至两项", "3个月以内", "每学年", "到2023年底":
read into values a checklist can show and a comparison can line up. Chinese numerals go through
cn2an; fractions, percentages, ranges and comparators are read here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policykb.kb.models import Comparator, Quantity

_CN = "零〇一二两三四五六七八九十百千万点"
_NUM = rf"\d+(?:\.\d+)?|[{_CN}]+"
# Units, longest first. Measures (time, money, area, age, share) make a quantity on their own;
# counting words (个, 项, 名 …) do so only with a digit or a comparator ("建立一项制度" is no amount).
MEASURES = ("个工作日", "工作日", "平方米", "立方米", "公里", "千米", "米", "小时", "分钟", "课时", "学时", "节课", "节", "次", "天", "日",
            "周岁", "岁", "学年", "学期", "个月", "月", "周", "年", "万元", "亿元", "元", "学分", "%", "倍", "人次", "轮")
COUNTS = ("个", "项", "名", "人", "所", "届", "门", "种", "篇", "本", "张", "班", "间", "册", "位", "台", "件", "类",
          "居民", "人口", "户")
_UNIT = "|".join(sorted(map(re.escape, MEASURES + COUNTS), key=len, reverse=True))
_GE = ("不少于", "不低于", "不小于", "不得少于", "不得低于", "不应少于", "不应低于", "至少", "最少", "最低", "不短于",
       "不宜少于", "不宜低于", "不能少于", "不能低于")
_REACHED = ("已满", "年满", "满")  # 已满十六周岁: ≥ when right before the amount, never a bound on its own
_LE = ("不超过", "不高于", "不多于", "不得超过", "不得多于", "不得高于", "不应超过", "最多", "至多", "最长", "控制在",
       "不大于", "不长于", "不宜大于", "不宜超过", "不宜多于", "不宜高于", "不应大于", "不得大于", "不能超过", "严禁超过")
_LT = ("少于", "低于", "不足", "未满", "不满")
_GT = ("超过", "多于", "高于")
_BEFORE = "|".join(sorted(map(re.escape, _GE + _REACHED + _LE + _LT + _GT), key=len, reverse=True))
_BOUND = "|".join(sorted(map(re.escape, _GE + _LE), key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?P<cmp>{_BEFORE})?\s*"
    rf"(?:(?P<pct>百分之)(?P<pv>{_NUM})"
    rf"|(?P<den>{_NUM})分之(?P<numer>{_NUM})"
    rf"|(?P<lo>{_NUM})\s*(?:[-~～—–至到]|或)\s*(?P<hi>{_NUM})\s*(?P<runit>{_UNIT})"
    rf"|(?P<v>{_NUM})\s*(?P<more>余|多)?\s*(?P<unit>[%％]|{_UNIT})?)"
    r"(?P<after>及以上|及以下|以上|以下|以内|之内|范围内|区域内|内)?")
_NOT_AFTER = re.compile(r"^(?:常|年级|级|线|体化|流|批|些|切|样|起|道|致|律|般|定|直|旦|度|性|站式|带一路|方面|部分|段|把手|号)")
_NOT_BEFORE = ("第", "每一", "其一", "之一", "统一", "唯一", "同一", "单一", "万一", "任一", "新", "最后", "每", "周", "星期")
# 三年行动计划, 学前三年教育: a span in a name, not an amount
_NOT_AFTER_YEAR = re.compile(r"^(?:行动|计划|规划|攻坚|教育|一贯|制|级|以来|发展)")
# a bound a few words before its amount: 至少组织开展一次, 不少于两次
# 由一位副校长主管, 配备一名专职…: how many people a duty is given to
NAMED_ONE = re.compile(r"(?:由|指定|确定|明确|配备|配齐)$")
_GAP_BOUND = re.compile(rf"({_BOUND})[^，,；;。、\d]{{1,24}}$")

PERIODS = (("每天", "每天"), ("每日", "每天"), ("每周", "每周"), ("每星期", "每周"), ("每月", "每月"),
           ("每季度", "每季度"), ("每学期", "每学期"), ("每学年", "每学年"), ("每年度", "每年"), ("每年", "每年"),
           ("每两年", "每两年"), ("每二年", "每两年"), ("每三年", "每三年"), ("每五年", "每五年"),
           ("每个学期", "每学期"), ("每个学年", "每学年"), ("每节课", "每节课"), ("每课时", "每节课"),
           ("定期", "定期"), ("学期初", "每学期"), ("学期末", "每学期"), ("每个会计年度", "每年"),
           ("一学年一", "每学年"), ("一学期一", "每学期"), ("一年一", "每年"), ("一月一", "每月"), ("一周一", "每周"))
_PERIOD = re.compile("|".join(sorted((re.escape(w) for w, _ in PERIODS), key=len, reverse=True)))
_PERIOD_NAME = dict(PERIODS)
_DEADLINE = re.compile(
    r"(?:(?:到|至|于|在)\s*)?(?P<date>\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:底|末|年底|上半年|下半年)?)"
    r"\s*(?P<end>前|以前|之前|底前|内)?"
    r"|(?P<rel>(?:\d+|[一二三四五六七八九十两]+)\s*(?:个)?(?:工作日|日|天|个月|月|年|小时|个小时))\s*(?:内|以内|之内)")


def number(text: str) -> float | None:
    """1.5 → 1.5, 二十 → 20, 两 → 2, 一百零五 → 105; None when it is no number."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    try:
        import cn2an

        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _comparator(before: str | None, after: str | None) -> Comparator:
    if before in _GE or before in _REACHED or after in ("以上", "及以上"):
        return "≥"
    if before in _LE or after in ("以下", "以内", "之内", "范围内", "区域内", "内", "及以下"):
        return "≤"
    if before in _LT:
        return "<"
    if before in _GT:
        return ">"
    return "="


def quantities(text: str) -> list[tuple[Quantity, int]]:
    """Every amount in `text` with where it starts, in order."""
    return list(_quantities(text))


@lru_cache(maxsize=8192)
def _quantities(text: str) -> tuple[tuple[Quantity, int], ...]:
    out: list[tuple[Quantity, int]] = []
    for m in _QUANTITY.finditer(text):
        start, g = m.start(), m.groupdict()
        before = text[max(0, start - 2):start]
        rest = text[m.end():m.end() + 16]  # what follows, as far as any check looks (a whole tail is quadratic)
        cmp = _comparator(g["cmp"], g["after"])
        if g["pct"]:
            value = number(g["pv"])
            if value is not None:
                out.append((Quantity(value=value, unit="%", comparator=cmp, text=m.group().strip()), start))
            continue
        if g["den"]:
            den, numer = number(g["den"]), number(g["numer"])
            if den and numer is not None:
                out.append((Quantity(value=round(numer / den, 4), comparator=cmp, text=m.group().strip()), start))
            continue
        if g["lo"]:
            lo, hi = number(g["lo"]), number(g["hi"])
            if lo is not None and hi is not None and lo < hi and not before.endswith(_NOT_BEFORE):
                out.append((Quantity(range=(lo, hi), unit=g["runit"], comparator=cmp, text=m.group().strip()), start))
            continue
        raw, unit = g["v"], (g["unit"] or "").replace("％", "%")
        digits = raw[0].isdigit()
        if not unit or before.endswith(_NOT_BEFORE) or _NOT_AFTER.match(rest):
            continue
        if digits and unit == "年" and len(raw) == 4:
            continue  # a year is a date, not an amount
        if digits and unit in ("月", "日") and re.match(r"[\d、]", rest[:1] or "x"):  # 4月15日, 3月、9月
            continue
        if unit in ("日", "月") and re.search(r"[\d〇零一二三四五六七八九十]\s*(?:年|月)\s*$", text[max(0, start - 16):start]):
            continue  # 4月15日, 九月十日
        if unit == "月" and not g["cmp"] and not g["after"]:
            continue  # 3月, 三月份: a month; months as a span are 个月
        if unit in ("年", "学年") and _NOT_AFTER_YEAR.match(rest):
            continue
        said = m.group().strip()
        if unit == "个" and rest[:1] in ("班", "人"):
            unit, said = rest[:1], said + rest[:1]  # 二十四个班, 六个班以上
            tail = re.match(r"及以上|及以下|以上|以下|以内", rest[1:])
            if tail and not g["cmp"]:
                cmp, said = _comparator(None, tail.group()), said + tail.group()
        if not digits and raw in ("一", "两") and unit in ("年", "学年", "学期", "月", "天", "日", "周") and not g["cmp"]:
            if text[m.end():m.end() + 1] in ("一", "内"):
                continue
            if raw == "一" and unit in ("日", "天") and not g["after"]:
                continue  # 一日生活制度, 一日三餐: "a day" as in daily, no amount
        value = number(raw)
        if value is None:
            continue
        if not g["cmp"] and not g["after"]:
            gap = _GAP_BOUND.search(text[max(0, start - 27):start])
            if gap:
                cmp = _comparator(gap.group(1), None)
            elif g["more"]:
                cmp = ">"  # 20余种
        if not digits and unit in COUNTS and cmp == "=" and value < 10 \
                and not (unit in ("位", "名") and NAMED_ONE.search(text[:start])):
            continue  # 建立一项制度, 三个工作室: a count in words that sets no amount
        out.append((Quantity(value=value, unit=unit, comparator=cmp, text=said), start))
    return tuple(out)


_RELATIVE = re.compile(rf"(?P<cmp>{_BOUND})(?P<what>[^，。；;,！？\d{_CN}][^，。；;,！？]{{1,24}})")


def relative(text: str) -> Quantity | None:
    """A bound given by another amount rather than a number: 不低于当地公务员平均工资收入水平."""
    m = _RELATIVE.search(text)
    if m is None:
        return None
    return Quantity(comparator=_comparator(m.group("cmp"), None), text=m.group().strip())


def period(text: str) -> str | None:
    """每天, 每周, 每学期, 每学年 … as the sentence says it (每日 → 每天); None when it gives none."""
    m = _PERIOD.search(text)
    return _PERIOD_NAME[m.group()] if m else None


def period_words(text: str) -> list[tuple[int, int, str]]:
    """Where `text` says how often: (start, end, word), in order."""
    return [(m.start(), m.end(), m.group()) for m in _PERIOD.finditer(text)]


def deadline(text: str) -> str | None:
    """到2023年底, 2014年底前, 30日内 …: the date by which it must be done, as written."""
    for m in _DEADLINE.finditer(text):
        if m.group("rel"):
            return m.group().strip()
        said = m.group().strip()
        if said[:1] in "到至于在" or m.group("end") or re.search(r"底|末|上半年|下半年", said):
            return said
    return None
