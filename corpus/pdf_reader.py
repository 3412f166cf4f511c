"""Reading text PDFs with pdfplumber, dropping running headers, footers and page numbers.

A PDF without a text layer (a scan) is refused with a message saying so: an empty document
would silently answer nothing.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

from policykb.corpus import messages as M
from policykb.corpus.errors import ReadError

log = logging.getLogger("policykb")

_PAGE_NO = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*(共\s*)?\d{1,4}\s*页?)?[-—–\s]*$")


def read_pdf(path: Path) -> str:
    try:
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            pages = [(page.extract_text() or "") for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many types for damaged files
        log.debug("reading %s: %r", path, exc)  # the library's own words go to the log (--debug), not to users
        raise ReadError(M.BAD_PDF.format(name=path)) from exc
    if sum(len(p.strip()) for p in pages) < 10:
        raise ReadError(M.SCANNED_PDF.format(name=path))
    page_lines = [[ln.strip() for ln in p.splitlines() if ln.strip()] for p in pages]
    # A line printed on most pages (a running header or footer) is not part of the text.
    repeated: set[str] = set()
    if len(page_lines) >= 3:
        counts = Counter(ln for lines in page_lines for ln in set(lines))
        repeated = {ln for ln, c in counts.items() if c >= max(3, len(page_lines) // 2) and len(ln) < 60}
    out: list[str] = []
    for lines in page_lines:
        out.extend(ln for ln in lines if ln not in repeated and not _PAGE_NO.match(ln))
    return "\n".join(out)
