"""What a search or a question returns: our own models, never Whoosh objects (DESIGN.md §2, §3)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kb.models import Requirement


class Citation(BaseModel):
    model_config = ConfigDict(frozen=True)

    doc_id: str
    doc_title: str
    clause_id: str
    path: str
    text: str = Field(description="the whole clause")
    score: float
    status: str
    kind: str = ""
    issued: str | None = None
    breadcrumb: str = Field("", description="the headings above the clause, outermost first")
    sentence: str = Field("", description="the sentence of the clause that best matches the question")
    also_in: list[str] = Field(default_factory=list, description="the same clause in other versions")


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    question: str
    answer: str | None = Field(description="the sentence(s) that answer, or null when nothing answers clearly")
    citations: list[Citation]
    requirements: list[Requirement] = Field(default_factory=list,
                                            description="the catalog's requirements of the cited clauses")
    terms: list[str] = Field(default_factory=list, description="the question's key words, for highlighting")
    note: str | None = Field(None, description="why there is no answer, when there is none")
