"""Reading .docx with Word's automatic numbering rebuilt.

python-docx's `paragraph.text` drops list numbers that Word draws from `numbering.xml`; policy
documents often number every section that way, so the numbers are rebuilt here from the
paragraph's (or its style's) `numPr` and the abstract numbering definitions. Tables are kept as
rows, one line a row, cells separated by " | ".
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from policykb.corpus import messages as M
from policykb.corpus.errors import ReadError
from policykb.corpus.numerals import CIRCLED, int_to_cn

log = logging.getLogger("policykb")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(el: Any, tag: str) -> str | None:
    child = el.find(f"{_W}{tag}") if el is not None else None
    return child.get(f"{_W}val") if child is not None else None


def _roman(n: int) -> str:
    pairs = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, sym in pairs:
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "chineseLegalSimplified", "taiwaneseCountingThousand"):
        return int_to_cn(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    return str(n)


class Numbering:
    """Counters for Word list numbering, following numbering.xml."""

    def __init__(self, numbering_el: Any | None) -> None:
        self.abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_el is None:
            return
        for absn in numbering_el.findall(f"{_W}abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in absn.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                start = int(_val(lvl, "start") or "1")
                levels[ilvl] = (start, _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "")
            self.abstract[absn.get(f"{_W}abstractNumId", "")] = levels
        for num in numbering_el.findall(f"{_W}num"):
            overrides: dict[int, int] = {}
            for ov in num.findall(f"{_W}lvlOverride"):
                restart = _val(ov, "startOverride")
                if restart is not None:
                    overrides[int(ov.get(f"{_W}ilvl", "0"))] = int(restart)
            self.nums[num.get(f"{_W}numId", "")] = (_val(num, "abstractNumId") or "", overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        if num_id not in self.nums or num_id == "0":
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        # Lists sharing an abstract definition continue each other unless the instance restarts.
        key = f"num:{num_id}" if overrides else f"abs:{abstract_id}"
        counters = self.counters.setdefault(key, {})
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text = levels[ilvl][1], levels[ilvl][2]
        if fmt in ("bullet", "none"):
            return ""
        for k in range(ilvl + 1):
            value = counters.get(k, overrides.get(k, levels.get(k, (1, "decimal", ""))[0]))
            k_fmt = levels.get(k, (1, "decimal", ""))[1]
            text = text.replace(f"%{k + 1}", format_number(value, k_fmt))
        return text


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
        ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
        return str(ppr.numPr.numId.val), int(ilvl)
    style = paragraph.style
    while style is not None:
        sppr = style.element.pPr
        if sppr is not None and sppr.numPr is not None and sppr.numPr.numId is not None:
            ilvl = sppr.numPr.ilvl.val if sppr.numPr.ilvl is not None else 0
            return str(sppr.numPr.numId.val), int(ilvl)
        style = style.base_style
    return None


def _drop_entities(body: Any) -> list[str]:
    """Entity references left in the XML (`&xxe;`: never fetched, python-docx does not resolve
    them) taken out, the text after each kept: lxml keeps that text as the entity's tail, which
    python-docx's `.text` never reads, so a paragraph lost everything after one. Returns their names."""
    from lxml import etree

    names = []
    for entity in list(body.iter(etree.Entity)):
        parent = entity.getparent()
        if parent is None:
            continue
        tail = entity.tail or ""
        before = entity.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(entity)
        names.append(f"&{entity.name};")
    return names


def read_docx(path: Path) -> tuple[str, list[str]]:
    """The document's text, and what reading left out (for the parse report)."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        log.debug("reading %s: %r", path, exc)  # the library's own words go to the log (--debug), not to users
        raise ReadError(M.BAD_DOCX.format(name=path)) from exc
    try:
        numbering_el = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering_el = None
    numbering = Numbering(numbering_el)
    lines: list[str] = []
    body = document.element.body
    entities = _drop_entities(body)
    notes = [M.ENTITIES_DROPPED.format(n=len(entities), names="、".join(sorted(set(entities))[:5]))] if entities else []
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            para = Paragraph(child, document)
            text = para.text.strip()
            num = _num_pr(para)
            label = numbering.label(*num) if num else ""
            if text or label:
                lines.append(f"{label}{text}" if label else text)
        elif child.tag == f"{_W}tbl":
            table = Table(child, document)
            for row in table.rows:
                seen: list[Any] = []
                cells: list[str] = []
                for cell in row.cells:
                    if any(cell._tc is s for s in seen):
                        continue
                    seen.append(cell._tc)
                    cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
                if any(cells):
                    lines.append(" | ".join(cells))
    return "\n".join(lines), notes
