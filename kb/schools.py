"""Kinds of school and the words documents use for them.

The taxonomy a checklist or a question can be scoped to. A sentence that names a kind of school
(or a stage: 义务教育 covers 小学 and 初中) applies to it; one that names only other kinds does not.
"""

from __future__ import annotations

from corpus.errors import PolicyKBError

# kind → words that name it in a sentence
SCHOOL_TYPES: dict[str, tuple[str, ...]] = {
    "幼儿园": ("幼儿园", "学前教育", "学前", "幼儿", "托幼"),
    "小学": ("小学", "义务教育", "中小学"),
    "初中": ("初中", "初级中学", "义务教育", "中小学", "中学"),
    "九年一贯制学校": ("九年一贯制", "义务教育", "中小学"),
    "完全中学": ("完全中学", "中学", "中小学", "初中", "高中"),
    "普通高中": ("普通高中", "高中", "高级中学", "中学", "中小学"),
    "中等职业学校": ("中等职业", "中职", "职业学校", "职业教育", "技工学校"),
    "特殊教育学校": ("特殊教育", "残疾", "特教"),
}
ALIASES = {"高中": "普通高中", "中职": "中等职业学校", "特教": "特殊教育学校", "九年一贯制": "九年一贯制学校",
           "学前": "幼儿园", "幼儿": "幼儿园", "初级中学": "初中"}


def school_type(name: str) -> str:
    """The taxonomy name for what a user typed, or an error listing the kinds."""
    name = name.strip()
    if name in SCHOOL_TYPES:
        return name
    if name in ALIASES:
        return ALIASES[name]
    raise PolicyKBError(f"Unknown school type '{name}'. Use one of: {'、'.join(SCHOOL_TYPES)}.",
                        title="Unknown school type")


def applies(text: str, kind: str) -> bool | None:
    """True when `text` names this kind of school, False when it names only other kinds, None when
    it names none (a rule for every school)."""
    own = SCHOOL_TYPES[kind]
    if any(word in text for word in own):
        return True
    others = {w for k, words in SCHOOL_TYPES.items() if k != kind for w in words}
    if any(word in text for word in others):
        return False
    return None
