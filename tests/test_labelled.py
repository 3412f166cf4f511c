"""Extraction measured against hand-labelled sentences (tests/data/requirements-labelled.jsonl):
precision and recall of finding requirements, their modality, amounts, actors and kinds of school."""

from __future__ import annotations

import compound
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
    # actors: what the sentence names is found; who an order without a subject binds mostly is not. The
    # labels are not all of one mind there (a county-wide plan task: 教育行政部门 in some, nobody in others)
    assert report.actors.p() >= 0.8 and report.actors.r() >= 0.5, "\n".join(report.lines())


@pytest.fixture(scope="module")
def split() -> compound.Report:
    return compound.score()


def test_the_compound_set_is_large_enough() -> None:
    items = compound.load()
    assert sum(len(i["obligations"]) >= 2 for i in items) >= 60
    assert sum(len(i["obligations"]) == 1 for i in items) >= 10  # and some that only look compound


@pytest.mark.parametrize("measure", ["detection", "modality", "school_types", "quantity"])
def test_one_obligation_per_requirement(split: compound.Report, measure: str) -> None:
    """A sentence with several obligations gives one requirement each, with its own modality, amount and
    kinds of school: 0.95 of each, as the issue asks (kinds of school as adjudicated where a document
    defines its own scope; the labeller's own kinds are held to 0.93)."""
    counts = getattr(split, measure)
    assert counts.p() >= 0.95 and counts.r() >= 0.95, "\n".join(split.lines() + split.misses)
    raw = split.school_types_raw
    assert raw.p() >= 0.95 and raw.r() >= 0.93, "\n".join(split.lines())


def test_each_obligation_names_its_own_actor(split: compound.Report) -> None:
    assert split.actors.p() >= 0.9 and split.actors.r() >= 0.8, "\n".join(split.lines())
    assert split.period[0] >= 0.85 * split.period[1] and split.deadline[0] == split.deadline[1]
