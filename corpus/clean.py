"""Cleaning raw text: removing what is not the document and repairing what extraction broke.

Policy documents reach staff as web pages, document-viewer dumps and OCR output. This module
removes site navigation, viewer page lists and footers, rejoins text that a viewer cut into
chunks, and repairs numbering damaged by conversion — each removal and repair recorded in a
`ParseReport` so a person can audit it. It never rewrites a sentence that belongs to the
document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from policykb.corpus import messages as M
from policykb.corpus.models import ParseReport, Removal, Repair
from policykb.corpus.numerals import cn_to_int, int_to_cn

# Lines that are page furniture, never document text. Matched against the whole stripped line.
CRUFT: tuple[tuple[str, str], ...] = (
    (r"(当前位置|您的位置|您现在的位置)[:：].*", M.NAVIGATION),
    (r"首页\s*[>›»].*", M.NAVIGATION),
    (r"上传人[:：].*", M.UPLOAD_INFO),
    (r".*(文档编号|上传时间)[:：].*(大小|页数)[:：].*", M.UPLOAD_INFO),
    (r"返回\s+下载\s+相关\s+举报", M.SITE_TOOLBAR),
    (r".{1,120}\.(docx?|pdf|wps|txt)_第\d+页", M.VIEWER_PAGES),
    (r"第\s*\d+\s*页\s*[/／]\s*共\s*\d+\s*页", M.VIEWER_PAGE_NUMBER),
    (r"点击查看更多.*", M.VIEWER_HINT),
    (r"资源描述|资源预览内容|展开阅读全文|相关资源|猜你喜欢|相关搜索|相似回答|为您推荐|发表评论|如题所述"
     r"|收藏\s*下载该资源|下载该资源|打印本页|关闭窗口|【?打印】?\s*【?关闭】?", M.SITE_SECTIONS),
    (r"《.{1,120}》由会员分享.*", M.SITE_NOTE),
    (r"亲[,，]该文档总共.*", M.SITE_NOTE),
    (r"温馨提示[:：].*(仅供参考|网友|推荐).*", M.QA_SITE_HINT),
    (r"(上一篇|下一篇|上一条|下一条)[:：].*", M.PREVIOUS_NEXT),
    (r"扫码使用手机浏览.*|扫一扫.{0,20}(手机|分享).*", M.MOBILE_HINT),
    (r"字号[:：]?\s*(大\s*中\s*小)?|大\s+中\s+小|【?字体[:：]?\s*大\s*中\s*小】?", M.FONT_SIZE),
    (r".{0,60}(ICP备|ICP证|公网安备).{0,60}", M.FOOTER_RECORD),
    (r"备案号[:：].*", M.FOOTER_RECORD),
    (r"(经营)?许可证[:：]\s*[\w-]+", M.FOOTER_LICENCE),
    (r".{0,40}版权所有.{0,40}", M.FOOTER_COPYRIGHT),
    (r".{0,20}客服\s*QQ.*|QQ[:：]\s*\d{5,}", M.FOOTER_QQ),
    (r"(阅读|浏览)(次数|量)[:：]\s*\d+", M.READ_COUNT),
    (r"分享到[:：]?.{0,30}", M.SHARE_BUTTONS),
)
_CRUFT = [(re.compile(pattern), reason) for pattern, reason in CRUFT]

TERMINAL = "。！？；!?;"
CLOSING = "）)”’」』"
KIND_SUFFIX = r"(实施方案|方案|计划|意见|办法|通知|条例|规定|简报|报告|细则|规划|纲要|决定|规程|标准|指南|法)"
_MARKER_START = re.compile(
    r"^\s*(第[一二三四五六七八九十百千零〇]+[编章节条部分]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d{1,2}[.．、](?!\d)|[①-⑳])"
)


@dataclass(frozen=True)
class Cleaned:
    text: str
    report: ParseReport


class _Log:
    def __init__(self) -> None:
        self.removed: list[Removal] = []
        self.repaired: list[Repair] = []
        self.notes: list[str] = []

    def remove(self, text: str, reason: str) -> None:
        self.removed.append(Removal(text=text, reason=reason))

    def repair(self, before: str, after: str, reason: str) -> None:
        self.repaired.append(Repair(before=before, after=after, reason=reason))


def _ends_sentence(line: str) -> bool:
    s = line.rstrip()
    return bool(s) and (s[-1] in TERMINAL or s[-1] in CLOSING)


def _context(text: str, i: int, j: int, width: int = 8) -> str:
    return text[max(0, i - width): j + width]


def _normalize(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = re.sub(r"[\u200b\u200c\u200d\u2060]", "", text)
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _strip_markdown(text: str, log: _Log) -> str:
    for comment in re.findall(r"<!--.*?-->", text, flags=re.S):
        log.remove(comment, M.MARKDOWN_COMMENT)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s*", "", text)
    text = re.sub(r"(?m)^\s*>\s?", "", text)
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)


def _remove_cruft(lines: list[str], log: _Log) -> list[str]:
    kept: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            kept.append("")
            continue
        for pattern, reason in _CRUFT:
            if pattern.fullmatch(s):
                log.remove(s, reason)
                break
        else:
            kept.append(line)
    return kept


def _remove_repeats(lines: list[str], log: _Log) -> list[str]:
    """Drop a page's repeated headline and its teaser excerpt near the top of the text."""
    kept: list[str] = []
    seen: list[str] = []
    for line in lines:
        s = line.strip()
        if s and len(seen) < 15:
            if s in seen and len(s) <= 80 and not _MARKER_START.match(s):
                log.remove(s, M.REPEATED_TITLE)
                continue
            prefix = next((p for p in seen if len(p) >= 8 and s.startswith(p) and len(s) >= len(p) + 20), None)
            if prefix is not None and not _ends_sentence(s):
                log.remove(s, M.TEASER)
                continue
            seen.append(s)
        kept.append(line)
    return kept


_CHUNK = re.compile(r"^(\d{1,3})、")


def _join_chunks(lines: list[str], log: _Log) -> list[str]:
    """A viewer dump cuts the text into numbered chunks ("2、", "3、") that split words in two."""
    idx = [i for i, ln in enumerate(lines) if _CHUNK.match(ln.strip())]
    run: list[int] = []
    expected = 1
    for i in idx:
        number = int(_CHUNK.match(lines[i].strip()).group(1))  # type: ignore[union-attr]
        if number == expected:
            run.append(i)
            expected += 1
        elif number == 1:
            run, expected = [i], 2
    if len(run) < 3:
        return lines
    prev_nonempty = []
    for i in run[1:]:
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        prev_nonempty.append(j)
    cut = sum(1 for j in prev_nonempty if j >= 0 and not _ends_sentence(lines[j]))
    mean_len = sum(len(lines[i]) for i in run) / len(run)
    if cut < len(prev_nonempty) / 2 or mean_len < 150:
        return lines
    out = list(lines)
    for n, i in enumerate(run, start=1):
        s = out[i].strip()
        marker = f"{n}、"
        body = s[len(marker):]
        if n == 1:
            out[i] = body
            log.repair(s[:12], body[:10], M.CHUNK_MARKER)
            continue
        j = i - 1
        while j >= 0 and not out[j].strip():
            j -= 1
        if j < 0:
            out[i] = body
            continue
        before = out[j]
        out[j] = before.rstrip() + body
        out[i] = ""
        for k in range(j + 1, i):
            out[k] = ""
        log.repair(f"{before.rstrip()[-8:]}⏎{marker}{body[:8]}", f"{before.rstrip()[-8:]}{body[:8]}",
                   M.CHUNK_CUT)
    return out


_DOCX_TITLE = re.compile(r"^(.{2,80}?)\.(docx?|pdf|wps|txt)$")


def _repair_numbering(text: str, log: _Log) -> str:
    # "2 .共建" → "2.共建": a space that conversion put between a number and its dot.
    def spaced(m: re.Match[str]) -> str:
        fixed = f"{m.group(1)}{m.group(2)}"
        log.repair(_context(text, m.start(), m.end(), 4),
                   text[max(0, m.start() - 4): m.start()] + fixed + text[m.end(): m.end() + 4], M.SPACED_NUMBER)
        return fixed

    text = re.sub(r"(?<![\d.])(\d{1,2}) +([.．])(?=[\u4e00-\u9fff])", spaced, text)

    # "L提高" → "1.提高": OCR read "1." as a letter; only where item 2 follows.
    if re.search(r"(?<!\d)2[.．](?=[\u4e00-\u9fff])", text):
        def letter_one(m: re.Match[str]) -> str:
            log.repair(_context(text, m.start(), m.end(), 4),
                       text[max(0, m.start() - 4): m.start()] + "1." + text[m.end(): m.end() + 4],
                       M.OCR_LETTER_ONE)
            return "1."

        text = re.sub(r"(?:(?<=[\u4e00-\u9fff。；：:;)）”])|(?<=^))[LlI|](?=[\u4e00-\u9fff])", letter_one,
                      text, flags=re.M)

    # "(S)" → "(三)": a bracketed letter standing where the sequence needs the next Chinese numeral.
    markers = list(re.finditer(r"[（(]([一二三四五六七八九十]{1,3}|[A-Za-z])[)）]", text))
    fixes: list[tuple[int, int, str]] = []
    for k, m in enumerate(markers):
        if not m.group(1).isascii():
            continue
        prev = next((cn_to_int(p.group(1)) for p in reversed(markers[:k]) if not p.group(1).isascii()), None)
        nxt_m = next((q for q in markers[k + 1:]), None)
        if prev is None or (nxt_m is not None and nxt_m.group(1).isascii()):
            continue
        nxt = cn_to_int(nxt_m.group(1)) if nxt_m is not None else None
        if nxt is None or nxt in (prev + 2, 1):
            fixes.append((m.start(1), m.end(1), int_to_cn(prev + 1)))
    for start, end, numeral in reversed(fixes):
        log.repair(_context(text, start - 1, end + 1, 4), text[max(0, start - 5): start] + numeral + text[end: end + 5],
                   M.OCR_MARKER)
        text = text[:start] + numeral + text[end:]
    return text


_CHAPTER = re.compile(r"^第([一二三四五六七八九十]+)章")
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百千零〇]+条")


def _repair_chapters(lines: list[str], log: _Log) -> list[str]:
    """A law whose chapter lines lost their "第X章" keeps only the bare title ("网络素养促进")."""
    if sum(1 for ln in lines if _ARTICLE.match(ln.strip())) < 3:
        return lines
    out = list(lines)
    chapter: int | None = None
    seen_article = False
    for i, line in enumerate(out):
        s = line.strip()
        if m := _CHAPTER.match(s):
            chapter = cn_to_int(m.group(1))
        elif _ARTICLE.match(s):
            seen_article = True
        elif (chapter is not None and seen_article and re.fullmatch(r"[\u4e00-\u9fff][\u4e00-\u9fff\s　]{1,14}", s)
              and (i + 1 < len(out)) and _ARTICLE.match(next((x.strip() for x in out[i + 1:] if x.strip()), ""))):
            chapter += 1
            fixed = f"第{int_to_cn(chapter)}章 {s}"
            log.repair(s, fixed, M.NO_CHAPTER_NUMBER)
            out[i] = fixed
    return out


def _join_title_lines(lines: list[str], log: _Log) -> list[str]:
    """A title broken over two lines near the top ("…义务教育" + "质量实施方案")."""
    out = list(lines)
    seen = 0
    for i in range(len(out) - 1):
        a = out[i].strip()
        if not a:
            continue
        seen += 1
        if seen > 15:
            break
        j = i + 1
        while j < len(out) and not out[j].strip():
            j += 1
        if j >= len(out):
            break
        b = out[j].strip()
        if (4 <= len(a) <= 40 and len(b) <= 30 and not re.search(r"[，,。；：:！!？?]", a + b)
                and re.search(KIND_SUFFIX + r"$", b) and not re.search(KIND_SUFFIX + r"$", a)
                and not _MARKER_START.match(a) and not _MARKER_START.match(b)):
            log.repair(f"{a}⏎{b}", a + b, M.BROKEN_TITLE)
            out[i] = a + b
            for k in range(i + 1, j + 1):
                out[k] = ""
    return out


def _join_hard_wraps(lines: list[str], log: _Log) -> list[str]:
    """Text extracted from PDFs wraps at the page width; rejoin lines cut there."""
    lengths = [len(ln.strip()) for ln in lines if len(ln.strip()) >= 15]
    if len(lengths) < 8:
        return lines
    width, count = Counter(lengths).most_common(1)[0]
    near = sum(1 for n in lengths if abs(n - width) <= 1)
    if near < 0.3 * len(lengths):
        return lines
    out: list[str] = []
    joined = 0
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if (out and len(out[-1]) >= width - 2 and not _ends_sentence(out[-1]) and not out[-1].endswith(("：", ":"))
                and not _MARKER_START.match(s)):
            out[-1] = out[-1] + s
            joined += 1
        else:
            out.append(s)
    if joined:
        log.notes.append(M.HARD_WRAPS.format(joined=joined, width=width))
    return out


def clean(raw: str, fmt: str = "txt") -> Cleaned:
    """Clean raw text: one paragraph a line, no page furniture, repairs recorded."""
    log = _Log()
    text = _normalize(raw)
    if fmt == "md":
        text = _strip_markdown(text, log)
    lines = text.split("\n")
    lines = _remove_cruft(lines, log)
    lines = _remove_repeats(lines, log)
    for i, line in enumerate(lines):
        m = _DOCX_TITLE.match(line.strip())
        if m and i < 5:
            log.repair(line.strip(), m.group(1), M.TITLE_EXTENSION)
            lines[i] = m.group(1)
    lines = _join_chunks(lines, log)
    lines = _repair_chapters(lines, log)
    lines = _join_title_lines(lines, log)
    lines = _join_hard_wraps(lines, log)
    text = "\n".join(ln.strip() for ln in lines if ln.strip())
    text = _repair_numbering(text, log)
    return Cleaned(text=text, report=ParseReport(removed=tuple(log.removed), repaired=tuple(log.repaired),
                                                 notes=tuple(log.notes)))
