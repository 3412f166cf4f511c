"""One turn of the chat: the question, then the answer sentence, its citations and requirements.

A citation is focusable: Enter (or a click) asks the app to open it in the source view.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Click
from textual.message import Message
from textual.widget import AwaitMount
from textual.widgets import LoadingIndicator, Static

from policykb.corpus.models import SUPERSEDED
from policykb.indexer.models import Citation, Turn
from policykb.indexer.references import loaded
from policykb.kb.references import Reference
from policykb.tui import messages as M
from policykb.tui.render import cite_line, highlight, requirement_line

SHOWN_REQUIREMENTS = 6


class CitationCard(Static, can_focus=True):
    """A cited clause: title, path, status, breadcrumb and text with the question's words marked."""

    BINDINGS = [
        Binding("enter", "open", M.CITATION_OPEN, id="citation.open"),
        Binding("r", "follow", M.CITATION_FOLLOW, id="citation.follow"),
        Binding("down", "app.focus_next", M.CITATION_NEXT, show=False),
        Binding("up", "app.focus_previous", M.CITATION_PREVIOUS, show=False),
    ]

    class Open(Message):
        def __init__(self, citation: Citation, terms: list[str]) -> None:
            super().__init__()
            self.citation = citation
            self.terms = terms

    def __init__(self, n: int, citation: Citation, terms: list[str], full: bool,
                 refs: Sequence[Reference] = ()) -> None:
        self.citation = citation
        self.terms = terms
        body = citation.text if full else (citation.sentence or citation.text)
        self.refs = [r for r in refs if r.target is not None and r.text in body]
        text = Text.assemble((f"{n}. ", "bold"), cite_line(citation))
        if citation.breadcrumb:
            text.append(f"\n{citation.breadcrumb}", style="dim")
        text.append("\n")
        if citation.lead_in:  # an item is read with the sentence that introduces it
            text.append_text(highlight(citation.lead_in, terms))
            text.append("\n")
        shown = highlight(body.strip(), terms)
        base = citation.text.find(body.strip())  # where the shown text starts in the clause: spans count from there
        for n_ref, ref in enumerate(self.refs):  # a reference is a link: r (or a click on it) follows it
            start, end = ref.span[0] - base, ref.span[1] - base
            if base >= 0 and 0 <= start < end <= len(shown.plain) and shown.plain[start:end] == ref.text:
                shown.stylize(Style(underline=True, meta={"ref": n_ref}), start, end)
        text.append_text(shown)
        if citation.status in SUPERSEDED:  # a superseded version's clause: the current one is a key away
            text.append("\n" + M.CITATION_SUPERSEDED, style="italic")
        super().__init__(text, classes="citation")

    def action_open(self) -> None:
        self.post_message(self.Open(self.citation, self.terms))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.refs) if action == "follow" else True

    def on_click(self, event: Click) -> None:
        n = event.style.meta.get("ref") if event.style else None
        if isinstance(n, int) and n < len(self.refs):
            self.follow(self.refs[n])
        else:
            self.action_open()

    def action_follow(self) -> None:
        """r: to the clause this one refers to (a choice when it refers to several)."""
        if len(self.refs) == 1:
            self.follow(self.refs[0])
        elif self.refs:
            from policykb.tui.widgets.dialogs import PickDialog

            labels = [f"{r.text} → {r.target.split('/', 1)[1] if r.target else ''}" for r in self.refs]
            self.app.push_screen(PickDialog(M.SOURCE_PICK_REFERENCE, labels),
                                 lambda n: self.follow(self.refs[n]) if n is not None else None)

    def follow(self, ref: Reference) -> None:
        if ref.target is not None:
            self.app.open_clause(ref.target.split("/", 1)[0], ref.target)  # type: ignore[attr-defined]


class TurnView(Vertical):
    """A question and, once the worker has it, its answer.

    The turn being asked is `pinned`: whenever its height changes (the answer replacing the
    spinner, the terminal resized) it is scrolled back to the top of the chat once laid out, so
    the answer is read first however many layout passes the new content takes."""

    def __init__(self, question: str, past: bool = False, number: int | None = None) -> None:
        super().__init__(classes="turn past" if past else "turn")
        self.question = question
        self.number = number  # where it stands in the chat, past turns counted
        self.turn: Turn | None = None
        self.pinned = False

    def pin(self) -> None:
        self.pinned = True
        self.call_after_refresh(self._to_top)

    def _to_top(self) -> None:
        from textual.containers import ScrollableContainer

        if self.pinned and isinstance(self.parent, ScrollableContainer):
            self.parent.scroll_to_widget(self, top=True, animate=False)

    def on_resize(self) -> None:
        if self.pinned:
            self.call_after_refresh(self._to_top)

    def compose(self) -> ComposeResult:
        n = f"{self.number}. " if self.number is not None else ""
        yield Static(Text.assemble((n, "dim"), (M.TURN_QUESTION, "bold"), self.question), classes="question")
        yield LoadingIndicator(classes="pending")

    def show(self, turn: Turn, full: bool = True) -> AwaitMount:
        """Put the answer in place of the spinner; `full` off for turns from the history."""
        self.turn = turn
        self.query(".pending").remove()
        answer = turn.answer
        parts: list[Static] = []
        if turn.follow_up:
            parts.append(Static(Text(M.TURN_ASKED.format(asked=turn.asked)), classes="asked"))
        if answer.answer:
            sure = answer.confidence == "answer"
            parts.append(Static(Text.assemble((M.TURN_ANSWER if sure else M.TURN_LIKELY, "bold"),
                                              highlight(answer.answer, answer.terms, "bold")),
                                classes="answer" if sure else "answer likely"))
            for q in answer.quoted:  # "依照本法第二十二条…": that article, beside the answer
                parts.append(Static(Text.assemble((M.TURN_QUOTED.format(text=q.text, title=q.doc_title, path=q.label),
                                                   "dim"), q.clause_text), classes="quoted"))
            if answer.note:  # an answer with a caveat (nothing specific to 民办 was found)
                parts.append(Static(Text(M.TURN_NOTE.format(note=answer.note)), classes="asked"))
        else:
            why = answer.note or M.TURN_NO_CLAUSE
            parts.append(Static(Text.assemble((M.TURN_NO_ANSWER, "bold"), M.TURN_NO_ANSWER_WHY.format(why=why)),
                                classes="answer none"))
        cites = answer.citations if full else answer.citations[:1]
        if cites:
            parts.append(Static(M.TURN_BASIS if answer.answer else M.TURN_NEAREST, classes="label"))
        known = loaded(self.app.library) if getattr(self.app, "library", None) is not None else None  # type: ignore[attr-defined]
        parts += [CitationCard(n, c, answer.terms, full=full and n == 1, refs=known.of(c.clause_id) if known else ())
                  for n, c in enumerate(cites, start=1)]
        reqs = answer.requirements
        if reqs:
            lines = Text("\n").join(requirement_line(r) for r in reqs[:SHOWN_REQUIREMENTS])
            if len(reqs) > SHOWN_REQUIREMENTS:
                lines.append(M.TURN_MORE_REQUIREMENTS.format(count=len(reqs) - SHOWN_REQUIREMENTS), style="dim")
            parts += [Static(M.TURN_REQUIREMENTS, classes="label"), Static(lines, classes="requirements")]
        return self.mount_all(parts)

    def fail(self, message: str) -> None:
        self.query(".pending").remove()
        self.mount(Static(Text.assemble((M.TURN_FAILED, "bold red"), M.TURN_FAILED_WHY.format(message=message)),
                          classes="answer none"))
