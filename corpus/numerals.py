"""Chinese numerals as they appear in numbering (一, 十三, 二十二, 一百零五) and back.

Numbering needs only whole numbers below ten thousand; the requirement catalog uses cn2an for
amounts in running text.
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
CHARS = "零〇一二两三四五六七八九十百千"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十三 → 13, 二十 → 20, 一百零五 → 105; None if `text` is not such a numeral."""
    if not text or any(ch not in CHARS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        else:
            unit = UNITS[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


def int_to_cn(n: int) -> str:
    """1 → 一, 13 → 十三, 20 → 二十, 105 → 一百零五 (the way documents print section numbers)."""
    if n <= 0:
        return "零"
    names = "零一二三四五六七八九"
    parts: list[str] = []
    units = [(1000, "千"), (100, "百"), (10, "十")]
    rest = n
    need_zero = False
    for value, name in units:
        digit, rest = divmod(rest, value)
        if digit:
            if need_zero:
                parts.append("零")
                need_zero = False
            if not (value == 10 and digit == 1 and not parts):
                parts.append(names[digit])
            parts.append(name)
        elif parts:
            need_zero = True
    if rest:
        if need_zero:
            parts.append("零")
        parts.append(names[rest])
    return "".join(parts)


def circled_to_int(ch: str) -> int | None:
    index = CIRCLED.find(ch)
    return index + 1 if index >= 0 else None
