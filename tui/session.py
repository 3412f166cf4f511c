"""What the app holds open: the library, its conversation and its history.

Glue only: questions go to `indexer.conversation`, turns to `indexer.history`. The engine and the
catalog are opened on first use, in a worker, and followed to a new index when the library changes.
"""

from __future__ import annotations

import logging
import threading

from policykb.indexer.conversation import Conversation
from policykb.indexer.history import History, SessionHistory
from policykb.indexer.library import Library
from policykb.indexer.models import Turn


class Session:
    def __init__(self, library: Library, place: str | None = None, kind: str | None = None,
                 visitor: bool = False) -> None:
        self.library = library
        self.place = place  # "我的学校"'s place as saved (贵州省毕节市), read into the conversation when asked
        self.kind = kind  # and its kind of school (初中): its rules first
        # a browser visitor's turns are theirs for the session: not the home's history, not written
        self.history = SessionHistory() if visitor else History(library.home)
        self._lock = threading.Lock()
        past = self.history.load(limit=1)
        # The conversation goes on from the last turn shown, as a person reading the screen expects.
        from policykb.indexer.references import quote

        self.conversation = Conversation(library.current_engine, library.current_catalog,
                                         previous=past[-1].asked if past else None,
                                         places=library.regions, quote=lambda answer: quote(answer, library))

    def ask(self, text: str) -> Turn:
        """Answer one turn and keep it in the history (turns are asked one at a time)."""
        self.library.require_documents()
        with self._lock:
            self.conversation.place = self.where()
            self.conversation.school_type = self.kind if self.place else None
            turn = self.conversation.ask(text)
            try:
                self.history.append(turn)
            except OSError:  # a read-only home or a full disk: the answer stands, unremembered
                logging.getLogger("policykb").debug("history not written", exc_info=True)
            return turn

    def where(self) -> tuple[str, ...] | None:
        """我的学校's place read, or None when unset or when it names nowhere."""
        from policykb.corpus.errors import PolicyKBError
        from policykb.corpus.places import parse_place

        try:
            return parse_place(self.place) if self.place else None
        except PolicyKBError:  # a place edited by hand into settings.json that names nowhere
            return None

    def new_conversation(self) -> None:
        with self._lock:
            self.conversation.reset()

    def warm(self) -> None:
        """Open the engine and the catalog before the first question needs them."""
        self.library.current_engine()
        self.library.current_catalog()
        from policykb.indexer.references import references

        try:
            references(self.library)  # read once per state of the library: the source view underlines them
        except Exception:  # noqa: BLE001 — links are an extra: a reader's bug must not stop the app
            logging.getLogger("policykb").exception("reading the references failed")
