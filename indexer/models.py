"""What a search or a question returns: our own models, never Whoosh objects (DESIGN.md §2, §3)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from policykb.corpus.tree import clause_label
from policykb.kb.models import Requirement


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
    lead_in: str = Field("", description="the parent's sentence an item belongs to (…不得有下列行为：), or empty")
    also_in: list[str] = Field(default_factory=list, description="the same clause in other versions")
    place: str = Field(default="全国", description="where the document binds: 全国, 贵州省毕节市, 地区不明")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        """The clause's numbering as a reader cites it (第三十九条第三款, 二、（三）13)."""
        return clause_label(self.path)


class Quote(BaseModel):
    """A clause the answering sentence refers to ("依照本法第二十二条规定…"), quoted beside it."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="the reference as written in the answer")
    clause_id: str
    doc_title: str
    path: str
    clause_text: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        return clause_label(self.path)


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    question: str
    answer: str | None = Field(description="the sentence(s) that answer, or null when nothing answers clearly")
    confidence: str = Field(default="answer", description='"answer" (confident), "likely" (the best sentence, said to be '
                            'the likely answer) or "none" (nothing relevant: answer is null)')
    citations: list[Citation]
    requirements: list[Requirement] = Field(default_factory=list,
                                            description="the catalog's requirements of the cited clauses")
    terms: list[str] = Field(default_factory=list, description="the question's key words, for highlighting")
    note: str | None = Field(None, description="why there is no answer, when there is none")
    quoted: list[Quote] = Field(default_factory=list,
                                description="the clauses the answering sentence refers to, quoted")

    @model_validator(mode="after")
    def _no_answer_is_none(self) -> Answer:
        if self.answer is None and self.confidence != "none":
            object.__setattr__(self, "confidence", "none")
        return self


class Turn(BaseModel):
    """One question of a conversation, as typed and as understood, with its answer."""

    model_config = ConfigDict(frozen=True)

    number: int
    question: str = Field(description="as typed")
    asked: str = Field(description="as understood with the previous turn (the question itself when it is not a follow-up)")
    follow_up: bool = False
    school_type: str | None = Field(None, description="the kind of school the turn is about, if one")
    answer: Answer
    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    def record(self) -> dict[str, object]:
        """The JSON line `chat --json` prints: the `ask --json` object and how the turn was read."""
        return self.answer.model_dump(mode="json") | {
            "turn": self.number, "asked": self.asked, "follow_up": self.follow_up, "school_type": self.school_type}
