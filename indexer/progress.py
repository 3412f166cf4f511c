"""One progress bar over the phases of a long change (reading, indexing, extracting).

A first run spends most of its time indexing, a little reading and extracting; a bar that only
follows the reading phase sits still for most of the wait. `Stages` gives each phase a share of
one bar, roughly as long as the phase takes, and names the phase in the label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from policykb.indexer import messages as M

Progress = Callable[[int, int, str], None]
SCALE = 1000


class Stages:
    """Phases of one change, each a share of the bar; `phase(name)` is that phase's callback."""

    def __init__(self, progress: Progress | None, shares: Sequence[tuple[str, int]]) -> None:
        self.progress = progress
        self.start: dict[str, int] = {}
        self.share: dict[str, int] = {}
        at = 0
        for name, share in shares:
            self.start[name], self.share[name] = at, share
            at += share
        self.total = at * SCALE

    def phase(self, name: str) -> Progress | None:
        progress = self.progress
        if progress is None:
            return None
        start, share = self.start[name] * SCALE, self.share[name] * SCALE

        def report(done: int, total: int, item: str) -> None:
            part = share * min(done, total) // total if total else share
            progress(start + part, self.total, M.PHASE_ITEM.format(phase=name, item=item) if item else name)

        return report

    def finishing(self, label: str) -> None:
        """The bar full, saying what the last stretch (commit, switch) is doing."""
        if self.progress is not None:
            self.progress(self.total, self.total, label)

    def done(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total, M.DONE)
