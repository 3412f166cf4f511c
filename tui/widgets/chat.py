"""The Ask tab: a chat with the library. Enter sends; answers arrive from a worker, so the prompt
stays live while the engine opens or searches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from policykb.indexer.models import Turn
from policykb.tui import messages as M
from policykb.tui.widgets.message import CitationCard, TurnView

if TYPE_CHECKING:
    from policykb.tui.session import Session
    from policykb.tui.settings import Settings


class AskPane(Vertical):
    BINDINGS = [
        Binding("ctrl+o", "open_top", M.ASK_OPEN, id="ask.open"),
        # from the question box, Tab and ↑ go to the latest answer's first citation (not to the oldest turn's)
        Binding("tab", "to_citations", M.ASK_CITATIONS, show=False),
        Binding("up", "to_citations(True)", M.ASK_CITATIONS, show=False),
        Binding("ctrl+r", "history", M.ASK_HISTORY, id="ask.history"),
        Binding("ctrl+n", "new", M.ASK_NEW, id="ask.new"),
    ]

    def __init__(self, session: Session, shown: int = 20, settings: Settings | None = None) -> None:
        super().__init__(id="ask-pane")
        self.session = session
        self.shown = shown
        self.settings = settings

    def compose(self) -> ComposeResult:
        messages = VerticalScroll(id="messages")
        messages.can_focus = False  # Tab goes to the citations, never to an invisible scroll area
        yield messages
        with Vertical(id="ask-bottom"):
            yield Input(placeholder=M.ASK_PLACEHOLDER, id="prompt")
            yield Static(self.school_line(), id="school-line", markup=False)

    def school_line(self) -> str:
        """Under the question box: "我的学校" as saved, or how to set it (never a dialog in the way)."""
        s = self.settings
        if s is None or not s.place:
            return M.ASK_NO_SCHOOL
        if self.session.where() is None:  # edited by hand into settings.json: answers cannot rank by it
            return M.ASK_SCHOOL_BAD.format(place=s.place)
        return M.ASK_SCHOOL.format(place=s.place, kind=s.school_type)

    def school_changed(self) -> None:
        """The checklist tab saved another place or kind: answers and the line follow it."""
        if self.settings is not None:
            self.session.place, self.session.kind = self.settings.place, self.settings.school_type
        self.query_one("#school-line", Static).update(self.school_line())

    def on_mount(self) -> None:
        messages = self.query_one("#messages", VerticalScroll)
        past = self.session.history.load(limit=self.shown) if self.shown else []
        views = [TurnView(t.question, past=True, number=n) for n, t in enumerate(past, start=1)]
        if views:
            messages.mount_all(views)
            messages.mount(Static(M.ASK_PAST, classes="divider"))
            for view, turn in zip(views, past, strict=True):
                view.call_after_refresh(view.show, turn, False)
            # the newest turn in view once the past ones have their answers laid out
            messages.call_after_refresh(lambda: messages.call_after_refresh(messages.scroll_end, animate=False))
        elif not self.session.library.documents():
            messages.mount(Static(M.LIBRARY_EMPTY + M.ASK_EMPTY, classes="divider"))
        else:
            messages.mount(Static(M.ASK_START, classes="divider"))
        messages.scroll_end(animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "prompt":
            return
        text = event.value.strip()
        event.input.value = ""
        if not text:
            return
        view = TurnView(text, number=self._next_number())
        messages = self.query_one("#messages", VerticalScroll)
        self._unpin()
        messages.mount(view)
        view.pin()  # the question stays at the top while its answer arrives and is laid out
        self._ask(text, view)

    @work(thread=True, group="ask", exit_on_error=False)
    def _ask(self, text: str, view: TurnView) -> Turn:
        turn = self.session.ask(text)
        self.app.call_from_thread(self._answered, view, turn)  # type: ignore[arg-type]  # Textual infers Never
        return turn

    async def _answered(self, view: TurnView, turn: Turn) -> None:
        await view.show(turn)
        view.pin()  # the question at the top: the answer sentence is read first, citations below

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.worker_changed(event)  # type: ignore[attr-defined]
        if event.worker.group == "ask" and event.state == WorkerState.ERROR:
            pending = [v for v in self.query(TurnView) if v.turn is None and v.query(".pending")]
            if pending:
                error = event.worker.error
                pending[-1].fail(getattr(error, "message", None) or str(error))

    def _next_number(self) -> int:
        return len(self.query(TurnView)) + 1

    def action_to_citations(self, up: bool = False) -> None:
        """From the question box: the latest answer's first citation; elsewhere Tab moves on as usual."""
        prompt = self.query_one("#prompt", Input)
        if self.app.focused is not prompt:
            if not up:
                self.screen.focus_next()
            return
        view = self.last_turn()
        cards = list(view.query(CitationCard)) if view else []
        if cards:
            cards[0].focus()
            self.query_one("#messages", VerticalScroll).scroll_to_widget(cards[0], animate=False)
        elif not up:
            self.screen.focus_next()

    def last_turn(self) -> TurnView | None:
        answered = [v for v in self.query(TurnView) if v.turn is not None]
        return answered[-1] if answered else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # on a citation with a reference, Enter opens it and r follows the reference: at 80 columns the
        # footer has no room for ^o (the latest answer's first citation) as well
        from policykb.tui.widgets.message import CitationCard

        focused = self.app.focused
        return not (action == "open_top" and isinstance(focused, CitationCard) and focused.refs)

    def action_open_top(self) -> None:
        view = self.last_turn()
        cards = list(view.query(CitationCard)) if view else []
        if cards:
            cards[0].action_open()
        else:
            self.notify(M.ASK_NOTHING_TO_OPEN, severity="warning")

    def _unpin(self) -> None:
        for view in self.query(TurnView):
            view.pinned = False

    def action_new(self) -> None:
        self.session.new_conversation()
        self._unpin()
        messages = self.query_one("#messages", VerticalScroll)
        messages.mount(Static(M.ASK_NEW_DIVIDER, classes="divider new"))
        messages.call_after_refresh(messages.scroll_end, animate=False)
        self.notify(M.ASK_NEW_STARTED, timeout=3)
        self.query_one("#prompt", Input).focus()

    def action_history(self) -> None:
        from policykb.tui.widgets.history import HistoryScreen

        def chosen(turn: Turn | None) -> None:
            prompt = self.query_one("#prompt", Input)
            prompt.focus()  # typing goes to the question box again
            if turn is None:
                return
            messages = self.query_one("#messages", VerticalScroll)
            shown = [v for v in self.query(TurnView) if v.turn is not None and (v.turn.at, v.turn.question) == (turn.at, turn.question)]
            if shown:  # already in the chat: go to it, not a second copy
                messages.scroll_to_widget(shown[-1], top=True, animate=False)
                return
            view = TurnView(turn.question, past=True, number=self._next_number())
            self._unpin()
            messages.mount(view)
            view.call_after_refresh(view.show, turn, False)
            messages.call_after_refresh(messages.scroll_end, animate=False)

        self.app.push_screen(HistoryScreen(self.session.history), chosen)
