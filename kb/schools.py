"""Kinds of school, the words documents use for them, and what a school's profile says about it.

The taxonomy a checklist or a question can be scoped to. A sentence that names a kind of school
(or a stage: 义务教育 covers 小学, 初中 and 九年一贯制学校) applies to it; one that names only other
kinds (高中, or universities) does not; one that names none is a rule for every school.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policykb.corpus.errors import PolicyKBError
from policykb.kb import messages as M

SCHOOL_TYPES: tuple[str, ...] = ("幼儿园", "小学", "初中", "九年一贯制学校", "完全中学", "普通高中", "中等职业学校",
                                 "特殊教育学校")
# A kind outside the taxonomy: a sentence only about it is on no school's list.
OTHER = "其他"
_PRIMARY = ("小学", "九年一贯制学校")
_JUNIOR = ("初中", "九年一贯制学校", "完全中学")
_SENIOR = ("普通高中", "完全中学")
_COMPULSORY = ("小学", "初中", "九年一贯制学校")
_SCHOOLS = ("小学", "初中", "九年一贯制学校", "完全中学", "普通高中")
# word → kinds it names; longer words are matched first and hide the words inside them
WORDS: dict[str, tuple[str, ...]] = {
    "幼儿园": ("幼儿园",), "学前教育": ("幼儿园",), "学前": ("幼儿园",), "托幼": ("幼儿园",), "幼儿": ("幼儿园",),
    "婴幼儿": (OTHER,), "托育": (OTHER,),
    # a kindergarten's rule against teaching ahead names 小学 without being about it
    "小学化": (), "小学教育内容": (), "小学课程内容": (),
    "小学": _PRIMARY, "小学生": _PRIMARY, "低年级": _PRIMARY, "初中": _JUNIOR, "初级中学": _JUNIOR, "初中生": _JUNIOR,
    "九年一贯制": ("九年一贯制学校",), "完全中学": ("完全中学",),
    "中学": (*_JUNIOR, "普通高中"), "中学生": (*_JUNIOR, "普通高中"),
    "高中": _SENIOR, "普通高中": _SENIOR, "高级中学": _SENIOR, "高中生": _SENIOR,
    "高中阶段": (*_SENIOR, "中等职业学校"),
    "义务教育": _COMPULSORY, "中小学": _SCHOOLS, "中小学生": _SCHOOLS, "中小学校": _SCHOOLS,
    "中等职业": ("中等职业学校",), "中职": ("中等职业学校",), "职业学校": ("中等职业学校",),
    "技工学校": ("中等职业学校",), "职业教育": ("中等职业学校",),
    "特殊教育": ("特殊教育学校",), "特教": ("特殊教育学校",), "专门学校": (OTHER,), "工读学校": (OTHER,),
    "高等学校": (OTHER,), "高校": (OTHER,), "大学": (OTHER,), "研究生": (OTHER,), "高等教育": (OTHER,),
    "高等院校": (OTHER,), "师范学校": (OTHER,), "师范院校": (OTHER,), "教师进修学校": (OTHER,), "进修学校": (OTHER,),
    "中等专业学校": ("中等职业学校",), "中专": ("中等职业学校",), "职业中学": ("中等职业学校",),
    "农业中学": ("中等职业学校",), "职业高中": ("中等职业学校",),
    # institutions that teach but are no school of the taxonomy: their rules are on no school's list
    "行政学院": (OTHER,), "党校": (OTHER,), "中外合作办学": (OTHER,), "干部学院": (OTHER,), "农业科研单位": (OTHER,),
}
# "除普通小学外": the kinds a sentence names only to leave out
_EXCEPT = re.compile(r"除(?:了)?([^，,。；;]{1,20}?)(?:以外|之外|外)")
# Words that scope a whole document by its title and would mislead inside a sentence
# (学位 in a compulsory-education plan means a school place).
TITLE_WORDS: dict[str, tuple[str, ...]] = {"学位": (OTHER,), "终身教育": (OTHER,)}


def _pattern(words: list[str]) -> re.Pattern[str]:
    # 提高中小学…, 提高校长… : 高中 and 高校 there are not schools; 开学前, 入学前 are no preschool;
    # 加大学前教育投入 names no university; 集中学习, 其中学校, 在实践中学会 name no middle school
    def guard(w: str) -> str:
        return "(?<!提)" if w.startswith("高") else "(?<![开入升放离上])" if w.startswith("学前") else \
            "(?<![加扩增做])" if w.startswith("大学") else "(?<![集其])" if w.startswith("中学") else ""

    def after(w: str) -> str:
        return "(?![习会到])" if w == "中学" else ""

    return re.compile("|".join(guard(w) + re.escape(w) + after(w) for w in sorted(words, key=len, reverse=True)))


_WORD_RE = _pattern(list(WORDS))
_TITLE_RE = _pattern([*WORDS, *TITLE_WORDS])

ALIASES = {"高中": "普通高中", "中职": "中等职业学校", "特教": "特殊教育学校", "九年一贯制": "九年一贯制学校",
           "学前": "幼儿园", "幼儿": "幼儿园", "初级中学": "初中", "完中": "完全中学", "职高": "中等职业学校"}

# School attributes a requirement can be limited to, and the words that say so.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "公办": ("公办",), "民办": ("民办",), "寄宿制": ("寄宿",), "农村": ("农村", "乡村", "乡镇"),
    "项目学校": ("项目学校", "试点学校", "试点校"),
}


OWNERSHIP = ("公办", "民办")  # a school is one or the other; the other attributes add to it


def school_attributes(given: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """A school's attributes as a list holds them: 公办 or 民办 (公办 unless 民办 is given) and the
    others given (寄宿制, 农村 …), each checked; both 公办 and 民办 is an error."""
    names = tuple(dict.fromkeys(attribute(a) for a in (given or ())))
    owners = [a for a in names if a in OWNERSHIP]
    if len(owners) > 1:
        raise PolicyKBError(M.OWNERSHIP_CONFLICT, title=M.OWNERSHIP_CONFLICT_TITLE)
    owner = owners[0] if owners else OWNERSHIP[0]
    return (owner, *(a for a in names if a not in OWNERSHIP))


def school_type(name: str) -> str:
    """The taxonomy name for what a user typed, or an error listing the kinds."""
    name = name.strip()
    if name in SCHOOL_TYPES:
        return name
    if name in ALIASES:
        return ALIASES[name]
    raise PolicyKBError(M.UNKNOWN_SCHOOL_TYPE.format(name=name, kinds="、".join(SCHOOL_TYPES)),
                        title=M.UNKNOWN_SCHOOL_TYPE_TITLE)


def attribute(name: str) -> str:
    """A school attribute as the user typed it, validated."""
    name = name.strip()
    if name in ATTRIBUTES:
        return name
    raise PolicyKBError(M.UNKNOWN_ATTRIBUTE.format(name=name, attributes="、".join(ATTRIBUTES)),
                        title=M.UNKNOWN_ATTRIBUTE_TITLE)


def kinds_named(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The school words of `text` in order, each with the kinds it names (小学生 → 小学 …)."""
    return [(m.group(), WORDS[m.group()]) for m in _WORD_RE.finditer(text)]


@lru_cache(maxsize=16384)
def types_in(text: str) -> frozenset[str]:
    """The kinds of school `text` names (OTHER for universities and the like); a sentence that names
    kinds only to leave them out ("除普通小学外，学校应当…") is about every other kind."""
    found: set[str] = set()
    leaves_out = "除" in text
    for m in _WORD_RE.finditer(_EXCEPT.sub("", text) if leaves_out else text):
        found.update(WORDS[m.group()])
    excepted: set[str] = set()
    for m in _EXCEPT.finditer(text) if leaves_out else ():
        for w in _WORD_RE.finditer(m.group(1)):
            excepted.update(WORDS[w.group()])
    if excepted:
        found = (found or set(SCHOOL_TYPES)) - excepted
    return frozenset(found)


def school_words(text: str) -> list[tuple[int, int, str]]:
    """Where `text` names a kind of school: (start, end, word), in order."""
    return [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text) if WORDS[m.group()]]


def scope_of(title: str) -> frozenset[str]:
    """The kinds of school a document is about, from its title (empty: every kind)."""
    found: set[str] = set()
    for m in _TITLE_RE.finditer(title):
        found.update({**WORDS, **TITLE_WORDS}[m.group()])
    return frozenset(found)


_DEFINES = re.compile(r"所称(?:学校|学生|中小学校?|幼儿园)[^。；;]*?(?:是指|包括|指)([^。；;]+)")


def scope_defined(text: str) -> frozenset[str]:
    """The kinds of school a law defines its 学校 or 学生 as ("本条例所称学生，是指在…普通中小学校、
    中等职业学校…就读的受教育者"); empty when it defines none."""
    m = _DEFINES.search(text)
    return types_in(m.group(1)) if m else frozenset()


def scope_in_text(text: str, share: float = 0.25) -> frozenset[str]:
    """The kinds of school a text is mostly about: those named at least `share` as often as the
    most-named one (and at least twice). For plans and briefings whose title does not say."""
    counts: dict[str, int] = {}
    for m in _WORD_RE.finditer(text):
        for kind in WORDS[m.group()]:
            counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return frozenset()
    top = max(counts.values())
    return frozenset(k for k, n in counts.items() if n >= max(2, share * top))


def attributes_in(text: str) -> tuple[str, ...]:
    """The school attributes a sentence limits itself to. 公办 and 民办 together limit nothing."""
    found = [name for name, words in ATTRIBUTES.items() if any(w in text for w in words)]
    if "公办" in found and "民办" in found:
        found = [a for a in found if a not in ("公办", "民办")]
    return tuple(found)


def applies(text: str, kind: str) -> bool | None:
    """True when `text` names this kind of school, False when it names only other kinds, None when
    it names none (a rule for every school)."""
    found = types_in(text)
    if not found:
        return None
    return kind in found
