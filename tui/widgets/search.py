"""The Search tab: clauses as you type, with filters by document, kind, status and topic.

Each keystroke starts an exclusive worker (the one before is cancelled) that waits a moment, then
searches; a result arriving for text that is no longer in the box is dropped, so the list never
shows answers to an older query.
"""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from policykb.indexer.library import Library
from policykb.indexer.models import Citation
from policykb.tui import messages as M
from policykb.tui.render import cite_line, highlight

DEBOUNCE = 0.15
LIMIT = 40


class SearchPane(Vertical):
    BINDINGS = [Binding("ctrl+l", "clear_filters", M.SEARCH_CLEAR, id="search.clear")]

    def __init__(self, library: Library) -> None:
        super().__init__(id="search-pane")
        self.library = library
        self.hits: list[Citation] = []
        self.terms: list[str] = []
        self.shown_for = ""

    def compose(self) -> ComposeResult:
        docs = self.library.documents()
        yield Input(placeholder=M.SEARCH_PLACEHOLDER, id="search-input")
        with Horizontal(id="filters"):
            yield Select([(d.title, d.doc_id) for d in docs], prompt=M.SEARCH_ALL_DOCS, id="filter-doc")
            yield Select([(k, k) for k in sorted({d.kind for d in docs})], prompt=M.SEARCH_ALL_KINDS, id="filter-kind")
            yield Select([(s, s) for s in sorted({d.status for d in docs})], prompt=M.SEARCH_ALL_STATUSES, id="filter-status")
            yield Select([(t, t) for t in self.library.vocabulary().topics], prompt=M.SEARCH_ALL_TOPICS, id="filter-topic")
        yield Static("", id="search-status")
        yield OptionList(id="search-results")

    def reload_filters(self) -> None:
        """The library has changed: offer its documents, kinds and statuses now."""
        docs = self.library.documents()
        self.query_one("#filter-doc", Select).set_options([(d.title, d.doc_id) for d in docs])
        self.query_one("#filter-kind", Select).set_options([(k, k) for k in sorted({d.kind for d in docs})])
        self.query_one("#filter-status", Select).set_options([(s, s) for s in sorted({d.status for d in docs})])
        self.refresh_results()

    def _filters(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for name in ("doc", "kind", "status", "topic"):
            value = self.query_one(f"#filter-{name}", Select).value
            out[name] = value if isinstance(value, str) else None
        return out

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search-input":
            self.refresh_results()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_results()

    def refresh_results(self) -> None:
        text = self.query_one("#search-input", Input).value.strip()
        if not text:
            self.query_one("#search-results", OptionList).clear_options()
            self.query_one("#search-status", Static).update("")
            self.shown_for = ""
            return
        self.query_one("#search-status", Static).update(M.SEARCH_RUNNING)
        self._search(text, self._filters())

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, text: str, filters: dict[str, str | None]) -> None:
        time.sleep(DEBOUNCE)  # typing on: this worker is cancelled before it searches
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        lib = self.library
        docs = lib.documents()
        ids = [d.doc_id for d in lib.select(filters["doc"], filters["kind"], filters["status"])]
        within = lib.current_catalog().clause_ids(filters["topic"]) if filters["topic"] else None
        engine = lib.current_engine()
        hits = engine.search(text, doc_ids=ids if len(ids) < len(docs) else None, limit=LIMIT,
                             within=within) if ids else []
        terms = engine.terms(text)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, text, filters, hits, terms)

    def _show(self, text: str, filters: dict[str, Any], hits: list[Citation], terms: list[str]) -> None:
        if text != self.query_one("#search-input", Input).value.strip() or filters != self._filters():
            return  # a stale answer: the box or the filters have changed since
        self.hits, self.terms, self.shown_for = hits, terms, text
        options = []
        for n, c in enumerate(hits):
            label = cite_line(c)
            label.append("\n  ")
            body = c.sentence if len(c.sentence.strip()) >= 8 else c.text  # not a bare 第二十二条
            label.append_text(highlight(body.strip(), terms))
            options.append(Option(label, id=str(n)))
        results = self.query_one("#search-results", OptionList)
        results.set_options(options)
        status = M.SEARCH_COUNT.format(count=len(hits)) + (M.SEARCH_AT_LIMIT if len(hits) >= LIMIT else "")
        self.query_one("#search-status", Static).update(
            Text(status if hits else M.SEARCH_NONE, style="dim"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.worker_changed(event)  # type: ignore[attr-defined]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "search-results" and event.option.id is not None:
            hit = self.hits[int(event.option.id)]
            self.app.open_clause(hit.doc_id, hit.clause_id, self.terms)  # type: ignore[attr-defined]

    def action_clear_filters(self) -> None:
        for name in ("doc", "kind", "status", "topic"):
            self.query_one(f"#filter-{name}", Select).clear()
