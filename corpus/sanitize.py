"""Invisible characters out of document text: control characters, terminal escape sequences,
zero-width and bidirectional-override characters, tag characters and variation selectors — and
the one sanitiser every way text leaves the program goes through (`printable`: the terminal and
stdout; kb/export.py: files).

Documents come from web pages, forwarded Word files and chat groups, and whatever they hold is
data. A clause carrying `ESC ] 0;… BEL` would retitle the reader's terminal when printed, `ESC [8m`
would hide text, a right-to-left override would show a sentence other than the one stored. Reading
removes them all (keeping line breaks and tabs) and counts what it removed per kind, for the parse
report. The patterns are linear: each alternative is a fixed prefix and one bounded class run.
"""

from __future__ import annotations

import re
from collections import Counter

ESCAPES = "终端转义序列"
CONTROLS = "控制字符"
ZERO_WIDTH = "零宽字符"
BIDI = "双向文字控制符"
TAGS = "标签字符"
SELECTORS = "异体选择符"
SEPARATORS = "行分隔符（已换成换行）"

# CSI (ESC [ params final), OSC (ESC ] … BEL or ESC \, within a line), other two-byte escapes, and
# the 8-bit forms. An OSC without its end loses only its ESC ]: the words after it are kept.
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c\n]{0,512}(?:\x07|\x1b\\|\x9c)"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x1b\x9c\n]{0,512}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[@-Z\\-_]?"
)
_KINDS = (
    (CONTROLS, re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")),
    # zero width: joiners, word joiner, BOM, Mongolian vowel separator, the invisible operators
    # U+2061–2064, the soft hyphen and the combining grapheme joiner
    (ZERO_WIDTH, re.compile("[\u200b\u200c\u200d\u2060\ufeff\u180e\u2061-\u2064\u00ad\u034f]")),
    (BIDI, re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")),
    (TAGS, re.compile("[\U000e0000-\U000e007f]")),
    (SELECTORS, re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")),
)
# Line and paragraph separators: harmless in a document, but a terminal may move the cursor on them.
_SEPARATORS = re.compile("[\u2028\u2029]")


def strip_invisible(text: str) -> tuple[str, Counter[str]]:
    """`text` without control characters (line breaks and tabs stay; a carriage return becomes a
    line break), escape sequences, zero-width and bidi-control characters; and how many of each."""
    counts: Counter[str] = Counter()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, n = _SEPARATORS.subn("\n", text)  # a terminal may move the cursor on them
    if n:
        counts[SEPARATORS] = n
    text, n = _ESCAPE.subn("", text)
    if n:
        counts[ESCAPES] = n
    for kind, pattern in _KINDS:
        text, n = pattern.subn("", text)
        if n:
            counts[kind] = n
    return text, counts


# Anything `printable` would change: one scan of clean text (nearly all text) instead of eight.
_ANY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069"
                  "\ufeff\u180e\u061c\t\u00ad\u034f\ufe00-\ufe0f\U000e0000-\U000e007f\U000e0100-\U000e01ef]")


def printable(text: str) -> str:
    """`text` safe to write to a terminal: escape sequences and every control and invisible
    character out (tabs become spaces, line breaks stay)."""
    if not _ANY.search(text):  # not str.isprintable: it lets variation selectors through
        return text
    return strip_invisible(text)[0].replace("\t", " ")
