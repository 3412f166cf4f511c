"""Reading a file into raw text, whatever its format and encoding.

Every reader returns plain text with one paragraph per line; cleaning and clause splitting
happen later and do not care where the text came from. A file that is not a readable document
(binary, empty, unsupported, a scan without a text layer) raises `ReadError` naming the file.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from policykb.corpus import messages as M
from policykb.corpus.errors import ReadError
from policykb.corpus.sanitize import strip_invisible

SUPPORTED = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")
# Limits on what one input may cost: a policy document is kilobytes to a few megabytes; a 200 MB
# text file or a docx that expands to gigabytes of XML is refused before it is read. POLICYKB_MAX_MB
# changes both (in MB).
MAX_FILE_MB = 50
MAX_MEMBER_MB = 200
# A docx's text is in its XML parts, which lxml holds in memory at about ten times their size:
# one larger than this is no policy document (a 180 MB part grew past 2.6 GB). POLICYKB_MAX_MB too.
MAX_XML_MB = 40
# What a policy document can be, in characters of text: the longest of 3,504 laws and regulations
# (lawrefbook) has 107,607; ten times that is a document nobody reads. POLICYKB_MAX_CHARS changes it.
MAX_CHARS = 1_000_000


def limit_mb(default: int) -> int:
    raw = os.environ.get("POLICYKB_MAX_MB", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def limit_chars() -> int:
    raw = os.environ.get("POLICYKB_MAX_CHARS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else MAX_CHARS


def _check_length(text: str, name: str) -> None:
    limit = limit_chars()
    if len(text) > limit:
        raise ReadError(M.TOO_LONG.format(name=name, chars=f"{len(text):,}", limit=limit))


def _check_size(p: Path) -> None:
    size, limit = p.stat().st_size, limit_mb(MAX_FILE_MB)
    if size > limit * 1_000_000:
        raise ReadError(M.TOO_LARGE.format(name=p, size=size / 1e6, limit=limit))
    if p.suffix.lower() == ".docx":
        import zipfile

        try:
            with zipfile.ZipFile(p) as z:
                expanded = sum(info.file_size for info in z.infolist())
                xml = max((i.file_size for i in z.infolist() if i.filename.endswith(".xml")), default=0)
        except (zipfile.BadZipFile, OSError):
            return  # the docx reader says what is wrong with it
        member_limit = limit_mb(MAX_MEMBER_MB)
        if expanded > member_limit * 1_000_000:
            raise ReadError(M.ZIP_BOMB.format(name=p, size=expanded / 1e6, limit=member_limit))
        xml_limit = limit_mb(MAX_XML_MB)
        if xml > xml_limit * 1_000_000:
            raise ReadError(M.XML_TOO_LARGE.format(name=p, size=xml / 1e6, limit=xml_limit))


@dataclass(frozen=True)
class RawText:
    path: Path
    text: str
    format: str
    encoding: str | None
    sha256: str
    stripped: dict[str, int] = field(default_factory=dict)  # invisible characters removed, per kind
    notes: list[str] = field(default_factory=list)  # what reading replaced or left out, for the report


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# A text file with a few bytes no encoding reads (a damaged copy, one character mistyped in
# another encoding) is read with those bytes replaced by U+FFFD and listed in the report, not
# refused whole: up to this share of its characters (and up to three in a short file).
MAX_REPLACED = 0.01


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode text bytes: UTF-8 (with or without BOM), then GB18030 (a superset of GBK), then
    either of them with a few undecodable bytes replaced (and said), then a guess. Returns the
    text, the encoding and what the report should say."""
    if b"\x00" in data[:4096]:
        # UTF-16 files carry a BOM; anything else with NUL bytes is binary.
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16"), "utf-16", []
        raise ReadError(M.BINARY.format(name=name))
    if data.startswith(b"\xef\xbb\xbf"):
        text, bad = _replacing(data[3:], "utf-8")
        return text, "utf-8-sig", _replaced(text, bad, "UTF-8")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding, []
        except UnicodeDecodeError:
            pass
    tries = []
    for encoding, label in (("utf-8", "UTF-8"), ("gb18030", "GBK/GB18030")):
        text, bad = _replacing(data, encoding)
        tries.append((bad, encoding, label, text))
    bad, encoding, label, text = min(tries)
    if bad <= max(3, MAX_REPLACED * len(text)):  # a short file may have a bad byte or two too
        return text, encoding, _replaced(text, bad, label)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(M.UNKNOWN_ENCODING.format(name=name))
    return str(best), best.encoding, []


def _replacing(data: bytes, encoding: str) -> tuple[str, int]:
    """`data` decoded with undecodable bytes replaced by U+FFFD, and how many were (not counting
    U+FFFD the file itself holds)."""
    text = data.decode(encoding, errors="replace")
    return text, text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")


def _replaced(text: str, bad: int, label: str) -> list[str]:
    """The report's line for `bad` bytes replaced while decoding: how many, and on which lines."""
    if bad <= 0:
        return []
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in re.finditer("\ufffd", text)})
    shown = "、".join(str(n) for n in lines[:5]) + ("……" if len(lines) > 5 else "")
    return [M.BYTES_REPLACED.format(n=bad, encoding=label, lines=shown)]


def read(path: str | Path) -> RawText:
    """Read one file into raw text; raise `ReadError` with the file name when it cannot be used."""
    p = Path(path)
    name = str(p)
    if not p.exists():
        raise ReadError(M.NO_SUCH_FILE.format(name=name))
    if not p.is_file():
        raise ReadError(M.NOT_A_FILE.format(name=name))
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise ReadError(M.UNSUPPORTED.format(name=name, suffix=suffix or M.NO_SUFFIX, supported="、".join(SUPPORTED)))
    _check_size(p)
    data = p.read_bytes()
    if not data.strip():
        raise ReadError(M.EMPTY_FILE.format(name=name))
    if len(data) > 4 * limit_chars():  # more characters than the limit in any encoding: not decoded
        raise ReadError(M.TOO_LONG.format(name=name, chars=f"约 {len(data) // 3:,}", limit=limit_chars()))
    digest = sha256_of(data)
    encoding: str | None = None
    notes: list[str] = []
    if suffix in (".txt", ".md", ".markdown"):
        text, encoding, notes = decode(data, name)
        fmt = "md" if suffix != ".txt" else "txt"
    elif suffix == ".docx":
        from policykb.corpus.docx_reader import read_docx

        (text, notes), fmt = read_docx(p), "docx"
    elif suffix == ".pdf":
        from policykb.corpus.pdf_reader import read_pdf

        text, fmt = read_pdf(p), "pdf"
    else:
        from policykb.corpus.html_reader import read_html

        html, encoding, notes = decode(data, name)
        text, fmt = read_html(html, notes), "html"
    if not text.strip():
        raise ReadError(M.NO_TEXT.format(name=name))
    _check_length(text, name)
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\t")
    if printable < 0.9 * len(text):
        raise ReadError(M.NOT_TEXT.format(name=name))
    text, stripped = strip_invisible(text)
    return RawText(path=p, text=text, format=fmt, encoding=encoding, sha256=digest, stripped=dict(stripped),
                   notes=notes)


def user_path(raw: str) -> Path:
    """A path as the user typed it, ~ expanded (an unknown ~name stays as written, not a crash)."""
    try:
        return Path(raw).expanduser()
    except RuntimeError:
        return Path(raw)
