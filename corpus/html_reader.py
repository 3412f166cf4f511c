"""Reading saved web pages: the article, not the site around it.

The block with the most Chinese text outside links is taken as the article; scripts, styles,
navigation, headers, footers and asides are dropped before scoring.
"""

from __future__ import annotations

import re
from typing import Any

_BLOCK_TAGS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section", "article",
               "table", "td", "th", "pre", "blockquote"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


# Deeper than this a page's nesting says nothing about its article: the rest is flattened before
# parsing (recursive tree walks failed at 2,000 levels and were quadratic in the depth).
MAX_DEPTH = 100
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr", "!doctype"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,20})\b[^<>]{0,2000}?(/?)>")


def flatten(html: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """`html` with its elements nested deeper than `limit` taken apart (a block's tags become line
    breaks, an inline one's vanish; the text stays), and how many were; one pass, linear."""
    stack: list[tuple[str, bool]] = []  # open elements: name, kept
    out: list[str] = []
    at = flattened = 0
    deepest = 0
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or self_closing:
            continue
        if not closing:
            kept = len(stack) < limit
            stack.append((name, kept))
            deepest = max(deepest, len(stack))
            if not kept:
                out += [html[at:m.start()], "\n" if name in _BLOCK_TAGS else ""]
                at = m.end()
                flattened += 1
            continue
        for depth in range(len(stack) - 1, max(len(stack) - 10, -1), -1):  # a stray close looks 10 deep at most
            if stack[depth][0] == name:
                kept = stack[depth][1]
                del stack[depth:]
                if not kept:
                    out += [html[at:m.start()], "\n" if name in _BLOCK_TAGS else ""]
                    at = m.end()
                break
    if deepest <= limit:
        return html, 0
    out.append(html[at:])
    return "".join(out), flattened


def _text_with_lines(node: Any) -> str:
    """The text under `node`, a line break around every block (iterative: no recursion limit)."""
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(child, False) for child in reversed(list(node.children))]
    while stack:
        el, closing = stack.pop()
        name = getattr(el, "name", None)
        if name is None:
            parts.append(str(el))
            continue
        if closing:
            parts.append("\n")
            continue
        if name in _BLOCK_TAGS:
            parts.append("\n")
            stack.append((el, True))
        stack.extend((child, False) for child in reversed(list(el.children)))
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in "".join(parts).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _measure(root: Any) -> dict[int, tuple[int, int, int]]:
    """For every element under `root` (by id): its Chinese characters, those inside links, and its
    text length — one bottom-up pass instead of a get_text per candidate (quadratic in the depth)."""
    from bs4.element import NavigableString, PreformattedString  # text, not comments or doctypes

    stats: dict[int, tuple[int, int, int]] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        el, done = stack.pop()
        if not done:
            stack.append((el, True))
            stack.extend((child, False) for child in el.children if getattr(child, "name", None) is not None)
            continue
        cjk = linked = length = 0
        for child in el.children:
            if getattr(child, "name", None) is not None:
                c, k, n = stats[id(child)]
                cjk, linked, length = cjk + c, linked + k, length + n
            elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                text = str(child)
                cjk += len(_CJK.findall(text))
                length += len(text)
        stats[id(el)] = (cjk, cjk if el.name == "a" else linked, length)
    return stats


def read_html(html: str, notes: list[str] | None = None) -> str:
    from bs4 import BeautifulSoup

    html, flattened = flatten(html)
    if flattened and notes is not None:
        from policykb.corpus import messages as M

        notes.append(M.HTML_FLATTENED.format(n=flattened, depth=MAX_DEPTH))
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    root = soup.body or soup
    stats = _measure(root)

    def score(el: Any) -> int:
        cjk, linked, _ = stats[id(el)]
        return cjk - 2 * linked

    total = score(root)
    # The smallest block that still holds nearly all of the page's Chinese text is the article.
    candidates = [el for el in root.find_all(["article", "main", "div", "section", "td"])
                  if score(el) >= 0.85 * total]
    best = min(candidates, key=lambda el: stats[id(el)][2], default=root)
    body = _text_with_lines(best)
    heading = soup.find("h1")
    head = heading.get_text(strip=True) if heading else title
    if head and head not in body[: len(head) + 200]:
        body = f"{head}\n{body}"
    return body
