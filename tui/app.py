"""The Textual app: a chat with the library, its sources, search, the library itself and checklists.

A thin driver over the core (DESIGN.md §1): questions go to `indexer.conversation`, searches to the
engine, changes to `indexer.library.Library`, checklists to `kb.checklist`. Slow work runs in
thread workers; one handler turns a worker's failure into an error dialog. The same factory
(`PolicyApp(home=…)`) serves the command line, the tests and the snapshots.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.messages import os_reason
from policykb.indexer.library import Library
from policykb.indexer.store import FILE as STORE_FILE
from policykb.tui import messages as M
from policykb.tui import output
from policykb.tui.builtins import WIDE_FOOTER, fit_footer
from policykb.tui.session import Session
from policykb.tui.settings import FILE as SETTINGS_FILE
from policykb.tui.settings import Settings
from policykb.tui.widgets.dialogs import ErrorDialog, HelpScreen
from policykb.tui.widgets.message import CitationCard

THEMES = ("textual-dark", "textual-light")
TABS = (("ask", M.TAB_ASK), ("search", M.TAB_SEARCH), ("library", M.TAB_LIBRARY), ("checklist", M.TAB_CHECKLIST))


TAB_KEYS = Binding.Group(M.TAB_KEYS)  # the footer shows one "f2 f3 f4 f5 标签页", not four


class PolicyApp(App[None]):
    """policykb in the terminal."""

    TITLE = "policykb"
    SUB_TITLE = M.APP_SUB_TITLE
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f1", "help", M.APP_HELP, id="app.help", priority=True),
        Binding("f2", "tab('ask')", M.TAB_ASK, id="tab.ask", priority=True, group=TAB_KEYS),
        Binding("f3", "tab('search')", M.TAB_SEARCH, id="tab.search", priority=True, group=TAB_KEYS),
        Binding("f4", "tab('library')", M.TAB_LIBRARY, id="tab.library", priority=True, group=TAB_KEYS),
        Binding("f5", "tab('checklist')", M.TAB_CHECKLIST, id="tab.checklist", priority=True, group=TAB_KEYS),
        Binding("ctrl+t", "toggle_theme", M.APP_THEME, id="app.theme", show=False),
        Binding("ctrl+q", "quit", M.APP_QUIT, id="app.quit", priority=True),
        Binding("ctrl+p", "command_palette", M.PALETTE, id="app.palette", show=False, priority=True,
                tooltip=M.PALETTE_TOOLTIP),
    ]

    def __init__(self, home: Path | None = None, library: Library | None = None,
                 settings: Settings | None = None, visitor: bool = False) -> None:
        super().__init__()
        from policykb.tui.builtins import break_lines_the_chinese_way, translate_select

        translate_select()
        break_lines_the_chinese_way()
        self.library = library
        self.home = library.home if library else (home or _default_home())
        self.settings = settings if settings is not None else Settings.load(self.home)
        # a browser visitor of `policykb serve` reads: no changes to the library, settings and
        # history for the session only, exports as downloads (tui/serve.py)
        self.visitor = visitor
        if visitor:
            self.settings = self.settings.for_session()
        self.session: Session | None = None
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else THEMES[0]
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    # -- building the screen ---------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Container(id="main")
        yield Footer()

    def on_mount(self) -> None:
        reread = False
        if self.library is None and (self.home / STORE_FILE).exists():
            try:
                library = Library.open(self.home, reread=False)
                if library.outdated():  # read again with a progress bar, not before a blank screen
                    library.close()
                    reread = True
                else:
                    self.library = library
            except PolicyKBError as exc:  # a damaged library: say what to do, in the terminal, and stop
                self.exit(return_code=1, message=M.APP_DAMAGED.format(title=exc.title, message=exc.message))
                return
        if self.library is not None:
            self._open_library(self.library)
        elif self.visitor:  # visitors never build the library: the curator does, on the server
            self.exit(return_code=1, message=M.VISITOR_NO_LIBRARY.format(home=self.home))
        else:
            from policykb.tui.widgets.build import BuildScreen

            self.push_screen(BuildScreen(self.home, reread), self._built)

    def on_resize(self, event: events.Resize) -> None:
        # below 100 columns the footer needs the room: F1's help and the ⭘ in the header open the palette
        for footer in self.screen_stack[0].query(Footer) if self.screen_stack else ():
            fit_footer(footer, event.size.width)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Over a source view or a 对照 below 100 columns the footer leaves out F2–F5 (the screens
        take the keys themselves, builtins.TabKeys): with 对照 and 当前版本 offered it ran past 80
        columns."""
        if action == "tab" and self.size.width < WIDE_FOOTER and getattr(self.screen, "TAB_KEYS_OWN", False):
            return False
        return True

    def _built(self, library: Library | None) -> None:
        if library is None:
            self.exit(message=M.APP_NOT_BUILT)
            return
        self.library = library
        self._open_library(library)

    def _open_library(self, library: Library) -> None:
        self.session = Session(library, self.settings.place, self.settings.school_type, visitor=self.visitor)
        self.query_one("#main").mount(Tabs(self.session, self.settings))
        self.call_after_refresh(self._focus_prompt)
        self._warm()

    def _focus_prompt(self) -> None:
        prompt = self.query("#prompt")
        if prompt:
            prompt.first().focus()

    @work(thread=True, group="warm", exit_on_error=False)
    def _warm(self) -> None:
        """Open the engine and the catalog while the user types the first question."""
        if self.session is not None:
            self.session.warm()

    # -- opening a source ------------------------------------------------------------------
    def on_citation_card_open(self, event: CitationCard.Open) -> None:
        self.open_clause(event.citation.doc_id, event.citation.clause_id, event.terms)

    def open_clause(self, doc_id: str, clause_id: str | None, terms: list[str] | None = None) -> None:
        from policykb.tui.widgets.source import SourceScreen

        if self.library is None:
            return
        try:
            doc = self.library.document(doc_id)
        except PolicyKBError as exc:
            self.show_error(exc.title, exc.message)
            return
        self.push_screen(SourceScreen(doc, clause_id, terms))

    # -- actions ---------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        tabs = self.query("#tabs")
        if not tabs:
            return
        tabs.first(TabbedContent).active = tab
        focus = {"ask": "#prompt", "search": "#search-input", "library": "#docs-table", "checklist": "#school-type"}
        target = self.query(focus[tab])
        if target:
            target.first().focus()

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self.settings = self.settings.model_copy(update={"theme": self.theme})
        try:
            self.settings.save(self.home)
        except OSError as exc:
            self.notify(M.APP_THEME_NOT_SAVED.format(path=self.home / SETTINGS_FILE, reason=os_reason(exc)),
                        severity="warning", markup=False)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        if self.visitor:  # what a visitor can do, and no path on the server
            from policykb.tui.widgets.library import LibraryPane

            changes = {f"library.{action}" for action in LibraryPane.CHANGES}
            self.push_screen(HelpScreen([r for r in self.binding_rows() if r[0] not in changes], "", visitor=True))
            return
        self.push_screen(HelpScreen(self.binding_rows(), str(self.home / SETTINGS_FILE)))

    def binding_rows(self) -> Iterable[tuple[str, str, str]]:
        """(id, keys, what it does) for every binding with an id, as rebound by the keymap."""
        from policykb.tui.widgets import chat, checklist, dialogs, history, library, message, search, source

        seen: set[str] = set()
        from policykb.tui.widgets import diff

        owners: list[Any] = [self, chat.AskPane, message.CitationCard, source.SourceScreen, diff.DiffScreen, search.SearchPane,
                  library.LibraryPane, checklist.ChecklistPane, history.HistoryScreen, dialogs.ErrorDialog]
        for owner in owners:
            for binding in owner.BINDINGS:
                if isinstance(binding, Binding) and binding.id and binding.id not in seen:
                    seen.add(binding.id)
                    keys = self._keymap.get(binding.id, binding.key)
                    yield binding.id, keys, binding.description

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from policykb.tui.builtins import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App[object] in Textual
            self.push_screen(Palette())

    def action_help_quit(self) -> None:
        """Ctrl+C copies; say (in Chinese) how to quit."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(M.QUIT_HINT.format(key=self.get_key_display(active.binding) or key), title=M.QUIT_TITLE)
                return

    def _in_tab(self, tab: str, action: str | None = None) -> Callable[[], None]:
        """A palette command: show the tab, then run its pane's `action_<action>` (the chat's
        actions run where they are, as their keys do)."""

        def run() -> None:
            if action is None or tab != "ask":
                self.action_tab(tab)
            if action is not None:
                getattr(self.query_one(f"#{tab}-pane"), f"action_{action}")()

        return run

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        # Textual's own (Theme, Quit, Keys, Maximize, Screenshot) are English and the theme is here twice:
        # ours, in Chinese, instead
        yield SystemCommand(*M.QUIT, self.action_quit)
        if screen.maximized is not None:
            yield SystemCommand(*M.MINIMIZE, screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(*M.MAXIMIZE, screen.action_maximize)
        if self.session is None:
            return
        from policykb.tui.widgets.source import SourceScreen

        if isinstance(screen, SourceScreen):
            yield SystemCommand(*M.CMD_SOURCE_COPY, screen.action_copy)
            yield SystemCommand(*M.CMD_SOURCE_NEXT, lambda: screen.action_move(1))
            yield SystemCommand(*M.CMD_SOURCE_PREVIOUS, lambda: screen.action_move(-1))
            yield SystemCommand(*M.CMD_SOURCE_OUTLINE, screen.action_outline)
            if screen.doc.supersedes or screen.doc.superseded_by:
                yield SystemCommand(*M.CMD_SOURCE_COMPARE, screen.action_compare)
            if screen.doc.superseded_by:
                yield SystemCommand(*M.CMD_SOURCE_CURRENT, screen.action_current)
            yield SystemCommand(*M.CMD_SOURCE_BACK, self.pop_screen)
        for tab_id, label in TABS:
            yield SystemCommand(M.CMD_TAB_TITLE.format(tab=label), M.CMD_TAB_HELP.format(tab=label),
                                self._in_tab(tab_id))
        yield SystemCommand(*M.CMD_ASK_NEW, self._in_tab("ask", "new"))
        yield SystemCommand(*M.CMD_ASK_OPEN, self._in_tab("ask", "open_top"))
        yield SystemCommand(*M.CMD_ASK_HISTORY, self._in_tab("ask", "history"))
        if not self.visitor:
            yield SystemCommand(*M.CMD_LIBRARY_ADD, self._in_tab("library", "add"))
            yield SystemCommand(*M.CMD_LIBRARY_REMOVE, self._in_tab("library", "remove"))
            yield SystemCommand(*M.CMD_LIBRARY_BUNDLED, self._in_tab("library", "bundled"))
            yield SystemCommand(*M.CMD_LIBRARY_REINDEX, self._in_tab("library", "reindex"))
        yield SystemCommand(*M.CMD_SEARCH_CLEAR, self._in_tab("search", "clear_filters"))
        yield SystemCommand(*M.CMD_CHECKLIST_EXPORT, self._in_tab("checklist", "export"))
        yield SystemCommand(*M.CMD_HELP, self.action_help)
        yield SystemCommand(*M.CMD_THEME, self.action_toggle_theme)

    # -- errors ----------------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """A handler's bug. While the app is closing it is let go: a tab still being mounted when
        Ctrl+Q came finds its children gone (Textual's own Select fails the same way), and nothing
        is lost. Otherwise the app ends with a message in Chinese naming where, not a traceback;
        the traceback goes to the log (`--debug`). Tests still see the exception (run_test raises it)."""
        log = logging.getLogger("policykb")
        if self._exit:
            log.debug("while closing", exc_info=error)
            return
        log.error("handler failed", exc_info=error)
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        where = output.where(error) or M.APP_UNKNOWN_PLACE
        self.exit(return_code=1, message=M.APP_CRASHED.format(where=where))

    def show_error(self, title: str, message: str) -> None:
        self.push_screen(ErrorDialog(title, message))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_changed(event)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """Every worker's failure ends here as a dialog (panes forward theirs: the message does
        not bubble); the app goes on."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, PolicyKBError):
            self.show_error(error.title, error.message)
        else:
            where = (output.where(error) if error is not None else None) or M.APP_UNKNOWN_PLACE
            logging.getLogger("policykb").error("worker failed", exc_info=error)
            self.show_error(M.APP_UNEXPECTED_TITLE, M.APP_UNEXPECTED.format(where=where))


class Tabs(Container):
    """The four tabs over one session."""

    def __init__(self, session: Session, settings: Settings) -> None:
        super().__init__(id="tabs-box")
        self.session = session
        self.settings = settings

    def compose(self) -> ComposeResult:
        from policykb.tui.widgets.chat import AskPane
        from policykb.tui.widgets.checklist import ChecklistPane
        from policykb.tui.widgets.library import LibraryPane
        from policykb.tui.widgets.search import SearchPane

        library = self.session.library
        panes: dict[str, Callable[[], Widget]] = {"ask": lambda: AskPane(self.session, self.settings.history_shown, self.settings),
                 "search": lambda: SearchPane(library), "library": lambda: LibraryPane(library),
                 "checklist": lambda: ChecklistPane(library, self.settings)}
        from textual.lazy import Lazy

        with TabbedContent(id="tabs"):
            for tab_id, label in TABS:
                with TabPane(label, id=tab_id):
                    # The hidden tabs are mounted after the first frame: the prompt is ready sooner.
                    yield panes[tab_id]() if tab_id == "ask" else Lazy(panes[tab_id]())

    def on_mount(self) -> None:
        # The question box has the focus in the first frame that shows it: keys typed as soon as the
        # screen appears (a browser visitor on a busy server) go into it, not nowhere.
        prompt = self.query("#prompt")
        if prompt:
            prompt.first().focus()


def _default_home() -> Path:
    from policykb.indexer.library import default_home

    return default_home()
