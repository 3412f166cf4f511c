"""The document model shared by every layer: documents, their clause trees, and parse reports.

Models are frozen pydantic v2 classes so that a parsed document can be cached as JSON and read
back identically on any machine.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ClauseLevel = Literal[
    "前言", "编", "章", "节", "条", "款", "项", "目", "部分", "一、", "（一）", "1.", "（1）", "①", "•", "段"
]


# Document statuses of a version that is no longer in force.
SUPERSEDED = ("已被修订", "已废止", "已失效")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """Where a document came from."""

    path: str
    sha256: str
    format: str = Field(description="txt, md, docx, pdf or html")
    encoding: str | None = None


class Removal(_Frozen):
    """A line cleaning removed, and why."""

    text: str
    reason: str


class Repair(_Frozen):
    """A piece of text cleaning changed, before and after, and why."""

    before: str
    after: str
    reason: str


class ParseReport(_Frozen):
    """What cleaning removed and repaired, so a person can audit it."""

    removed: tuple[Removal, ...] = ()
    repaired: tuple[Repair, ...] = ()
    notes: tuple[str, ...] = ()
    stripped: dict[str, int] = Field(default_factory=dict,
                                     description="invisible characters removed on reading, counted per kind")


class Clause(_Frozen):
    """The smallest citable unit: a numbered item, an article, a paragraph of an article."""

    clause_id: str
    doc_id: str
    path: str = Field(description="the numbering as printed, e.g. 二/（三）/13 or 第三章/第二十二条/2")
    parent_id: str | None = None
    level: ClauseLevel
    number: str = Field(default="", description="the marker as printed: 13. / 第二十二条 / （三）")
    heading: str = ""
    text: str = Field(description="the clause's own text as cleaned, marker and heading included")
    span: tuple[int, int] = Field(description="offsets of the clause's own text in the cleaned text")
    sentences: tuple[str, ...] = ()


class _DocMeta(_Frozen):
    """What a document is: the fields a head and a whole document share."""

    doc_id: str
    title: str
    kind: str = "其他"
    issuer: str | None = None
    doc_number: str | None = None
    issued: dt.date | None = None
    version_date: dt.date | None = None
    region: str | None = None
    level: str | None = None
    place: tuple[str, ...] | None = Field(default=None, description="where it binds: () the whole country, "
                                          "(\"贵州省\", \"毕节市\") …; None when no one can tell")
    status: str = "现行有效"
    supersedes: str | None = None
    superseded_by: str | None = None
    history: tuple[str, ...] = ()
    source: Source


class DocHead(_DocMeta):
    """What a document is, without its text: enough to list, filter and find documents. The
    library keeps these apart so nothing loads every document's text to show a list."""

    clause_count: int = 0


class Document(_DocMeta):
    """A parsed policy document with metadata and its clause tree (flat, in reading order)."""

    text: str = Field(description="the cleaned text the clause spans point into")
    clauses: tuple[Clause, ...] = ()
    report: ParseReport = ParseReport()

    @property
    def clause_count(self) -> int:
        return len(self.clauses)

    def head(self) -> DocHead:
        return DocHead.model_validate(self.model_dump(exclude={"text", "clauses", "report"})
                                      | {"clause_count": len(self.clauses)})

    def clause(self, clause_id: str) -> Clause | None:
        for clause in self.clauses:
            if clause.clause_id == clause_id:
                return clause
        return None
