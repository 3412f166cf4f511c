"""The requirement catalog's model (DESIGN.md §2): what one sentence of a document asks of someone.

Frozen pydantic classes, so the catalog is cached as JSON in the library and read back
identically, and a person's corrections (overrides) are validated against the same fields.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Modality = Literal["must", "must_not", "should", "encouraged", "target"]
Comparator = Literal["≥", "≤", "=", "<", ">"]
MODALITIES: tuple[str, ...] = ("must", "must_not", "should", "encouraged", "target")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Quantity(_Frozen):
    """An amount as the sentence states it: 不少于1小时 → value 1, unit 小时, comparator ≥;
    二分之一 → 0.5; 1-2项 → range (1, 2); 百分之八十 / 80% → 80 with unit %."""

    value: float | None = None
    unit: str = ""
    comparator: Comparator = "="
    range: tuple[float, float] | None = None
    text: str = Field(default="", description="the words it was read from")

    def label(self) -> str:
        """A short human form: ≥ 1 小时, 1–2 项, 二分之一."""
        def num(x: float) -> str:
            return f"{x:g}"

        if self.range is not None:
            return f"{num(self.range[0])}–{num(self.range[1])} {self.unit}".strip()
        if self.value is None:
            return self.text
        if "分之" in self.text and not self.unit:  # a share is read as written: 二分之一, not 0.5
            return self.text if self.comparator == "=" else f"{self.comparator} {self.text}"
        prefix = "" if self.comparator == "=" else f"{self.comparator} "
        return f"{prefix}{num(self.value)} {self.unit}".strip()


class Requirement(_Frozen):
    """One requirement: the sentence (or the part of it that concerns one kind of school)."""

    req_id: str = Field(description="<clause_id>#<sentence number>, plus .<part> when a sentence holds several")
    doc_id: str
    clause_id: str
    sentence: str = Field(description="the whole source sentence")
    text: str = Field(description="the requirement itself: the sentence, or its part for one kind of school")
    modality: Modality
    actors: tuple[str, ...] = ()
    metric: str = Field(default="", description="what the quantity measures: 每天体育活动时间, 班主任工作量")
    quantity: Quantity | None = None
    period: str | None = Field(default=None, description="每天, 每周, 每学期, 每学年 …")
    deadline: str | None = Field(default=None, description="到2023年底, 2014年底前, 30日内 …")
    school_types: tuple[str, ...] = Field(default=(), description="empty: every kind of school")
    attributes: tuple[str, ...] = Field(default=(), description="公办, 民办, 寄宿制, 农村, 项目学校 when the "
                                                                 "sentence is only about such schools")
    topics: tuple[str, ...] = ()
    lead: str = Field(default="", description="the lead-in an item hangs under (学校应当履行下列义务：), which it "
                                              "needs to be read")
    confidence: float = 0.9
    reviewed: bool = Field(default=False, description="a person checked it (set through overrides)")
    excluded: bool = Field(default=False, description="a person said it is not a requirement")
