"""Extraction measured against hand-labelled sentences (tests/data/requirements-labelled.jsonl):
precision and recall of finding requirements, their modality, amounts, actors and kinds of school."""

from __future__ import annotations

import pytest
from labelled import Report, load, score


@pytest.fixture(scope="module")
def report() -> Report:
    return score(load())  # every source is bundled (corpus/documents and its laws-edu/)


def test_the_labelled_set_is_large_enough() -> None:
    items = load()
    assert len(items) >= 80
    assert {i["source"].split("/")[0] for i in items} == {"documents", "laws-edu"}
    assert sum(bool(i.get("quantities")) for i in items) >= 30
    assert sum(not i["requirement"] for i in items) >= 20  # sentences that ask nothing are in it too


@pytest.mark.parametrize("measure", ["detection", "modality", "quantity", "school_types"])
def test_precision_and_recall(report: Report, measure: str) -> None:
    counts = getattr(report, measure)
    assert counts.p() >= 0.9 and counts.r() >= 0.9, "\n".join(report.lines() + report.misses)


def test_periods_and_actors(report: Report) -> None:
    assert report.period_right >= 0.9 * report.period_total, "\n".join(report.misses)
    # actors: what the sentence names is found; who an order without a subject binds mostly is not
    assert report.actors.p() >= 0.85 and report.actors.r() >= 0.3, "\n".join(report.lines())
