"""Rich text for the app: status badges, highlighted terms, requirement lines.

Styles use reverse video and bold rather than fixed colours where they mark text, so they read
the same in the light and the dark theme.
"""

from __future__ import annotations

import re

from rich.text import Text

from policykb.indexer.models import Citation
from policykb.kb.models import Requirement
from policykb.tui import messages as M

CURRENT = "现行有效"
_BADGE_STYLE = {"征求意见稿": "bold black on yellow", "草案": "bold black on yellow"}


def badge(status: str) -> Text:
    """A coloured tag for drafts and superseded versions; nothing for a current document."""
    if not status or status == CURRENT:
        return Text()
    style = _BADGE_STYLE.get(status, "bold white on red")
    return Text.assemble(" ", (f" {status} ", style))


def highlight(text: str, terms: list[str], style: str = "bold reverse") -> Text:
    """`text` with every occurrence of the question's words marked."""
    out = Text(text)
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if words:
        out.highlight_regex(re.compile("|".join(re.escape(w) for w in words)), style=style)
    return out


def cite_line(c: Citation) -> Text:
    """标题 · 路径 [badge]"""
    return Text.assemble((c.doc_title, "bold"), " · ", c.label, badge(c.status))


def requirement_line(r: Requirement) -> Text:
    """【应当】text  (≥ 2 次 · 每学年 · 初中)"""
    extra = [x for x in (r.quantity.label() if r.quantity else "", r.period or "", r.deadline or "",
                         "、".join(r.actors)) if x]
    tag = M.MODALITY_LABELS.get(r.modality, r.modality)
    line = Text.assemble((M.REQUIREMENT_TAG.format(tag=tag), "bold red" if r.modality == "must_not" else "bold"),
                         r.text)
    if extra:
        line.append(M.REQUIREMENT_EXTRA.format(extra=" · ".join(extra)), style="dim")
    return line
