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


def _text_with_lines(node: Any) -> str:
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el.children:
            name = getattr(child, "name", None)
            if name is None:
                parts.append(str(child))
                continue
            if name in _BLOCK_TAGS:
                parts.append("\n")
            walk(child)
            if name in _BLOCK_TAGS:
                parts.append("\n")

    walk(node)
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in "".join(parts).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def read_html(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    def score(el: Any) -> int:
        links = sum(len(_CJK.findall(a.get_text())) for a in el.find_all("a"))
        return len(_CJK.findall(el.get_text(" ", strip=True))) - 2 * links

    root = soup.body or soup
    total = score(root)
    # The smallest block that still holds nearly all of the page's Chinese text is the article.
    candidates = [el for el in root.find_all(["article", "main", "div", "section", "td"])
                  if score(el) >= 0.85 * total]
    best = min(candidates, key=lambda el: len(el.get_text()), default=root)
    body = _text_with_lines(best)
    heading = soup.find("h1")
    head = heading.get_text(strip=True) if heading else title
    if head and head not in body[: len(head) + 200]:
        body = f"{head}\n{body}"
    return body
