"""Invisible characters out of document text: control characters, terminal escape sequences,
zero-width and bidirectional-override characters.

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
    (ZERO_WIDTH, re.compile("[\u200b\u200c\u200d\u2060\ufeff\u180e]")),
    (BIDI, re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")),
)
# Line and paragraph separators: harmless in a document, but a terminal may move the cursor on them.
_SEPARATORS = re.compile("[\u2028\u2029]")


def strip_invisible(text: str) -> tuple[str, Counter[str]]:
    """`text` without control characters (line breaks and tabs stay; a carriage return becomes a
    line break), escape sequences, zero-width and bidi-control characters; and how many of each."""
    counts: Counter[str] = Counter()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, n = _ESCAPE.subn("", text)
    if n:
        counts[ESCAPES] = n
    for kind, pattern in _KINDS:
        text, n = pattern.subn("", text)
        if n:
            counts[kind] = n
    return text, counts


# Anything `printable` would change: one scan of clean text (nearly all text) instead of six.
_ANY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\u180e\u061c\t]")


def printable(text: str) -> str:
    """`text` safe to write to a terminal: escape sequences and every control character out (tabs
    become spaces, line breaks stay)."""
    if text.isprintable() or not _ANY.search(text):  # isprintable: one C scan, enough when it holds
        return text
    return _SEPARATORS.sub("", strip_invisible(text)[0].replace("\t", " "))
