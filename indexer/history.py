"""The conversation history kept in the library home (`history.jsonl`), across runs of the app.

One JSON line per turn, appended and flushed as it is asked, so a crash loses at most the turn
being written; a damaged line (a half-written last line) is skipped when reading. A turn is kept
without its clauses' whole text (the citations name them; the library holds the text), so a year
of questions stays a few megabytes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from policykb.indexer.models import Turn

FILE = "history.jsonl"


def _slim(turn: Turn) -> dict[str, object]:
    data = turn.model_dump(mode="json")
    answer = data["answer"]
    answer["requirements"] = []
    for c in answer["citations"]:
        c["text"] = c.get("sentence") or ""
    return data


class History:
    """The turns asked in a library home, oldest first."""

    def __init__(self, home: Path) -> None:
        self.path = home / FILE

    def append(self, turn: Turn) -> None:
        line = json.dumps(_slim(turn), ensure_ascii=False) + "\n"
        with open(self.path, "a+b") as fh:
            if fh.tell() > 0:  # a torn last line must not swallow this one
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":
                    line = "\n" + line
            fh.write(line.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())

    def load(self, limit: int | None = None) -> list[Turn]:
        """The last `limit` turns (all of them when None)."""
        try:  # a line torn inside a character must not stop the app: replace what cannot be decoded
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return []  # unreadable history: the app starts without the past turns
        turns = []
        for line in lines:
            try:
                turns.append(Turn.model_validate_json(line))
            except ValueError:
                continue  # a half-written or hand-edited line
        return turns[-limit:] if limit else turns

    def search(self, text: str, limit: int = 200) -> list[Turn]:
        """Turns whose question, reading or answer contains `text` (every word of it), newest first."""
        words = text.split()
        found = []
        for turn in reversed(self.load()):
            hay = f"{turn.question} {turn.asked} {turn.answer.answer or ''}"
            if all(w in hay for w in words):
                found.append(turn)
                if len(found) >= limit:
                    break
        return found



class SessionHistory(History):
    """A browser visitor's turns (`policykb serve`): kept in memory for the session, never written to
    the home and never showing another visitor's."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []

    def append(self, turn: Turn) -> None:
        self.turns.append(turn)

    def load(self, limit: int | None = None) -> list[Turn]:
        return self.turns[-limit:] if limit else list(self.turns)
