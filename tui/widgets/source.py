"""The source view: a whole document, one clause per line block, the cited clause highlighted and
scrolled into view, its outline beside it and its metadata above.

Up/Down (or n/p) move between clauses; the outline jumps; c copies the citation (title, path,
text) to the clipboard.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static, Tree
from textual.widgets.option_list import Option

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.models import Clause, DocHead, Document
from policykb.corpus.tree import clause_label
from policykb.kb.references import Reference
from policykb.tui import messages as M
from policykb.tui.builtins import TabKeys, fit_footer
from policykb.tui.render import CURRENT, badge, highlight
from policykb.tui.widgets.clipped import ClippedTree


def metadata(doc: Document | DocHead) -> Text:
    """Title, then 发文机关 · 文号 · 日期 · 类别 · status, then its versions."""
    # the status once: as a badge when the title does not already say it (…实施方案（征求意见稿）)
    line = Text.assemble((doc.title, "bold"), badge(doc.status) if doc.status not in doc.title else "")
    facts = [doc.issuer or "", doc.doc_number or "", doc.issued.isoformat() if doc.issued else "", doc.kind,
             doc.status if doc.status == CURRENT else ""]
    line.append("\n" + " · ".join(f for f in facts if f), style="dim")
    versions = []
    if doc.supersedes:
        versions.append(M.SOURCE_SUPERSEDES.format(doc=doc.supersedes))
    if doc.superseded_by:
        versions.append(M.SOURCE_SUPERSEDED_BY.format(doc=doc.superseded_by))
    if doc.history:
        versions.append(M.SOURCE_HISTORY.format(history="；".join(doc.history[:2])))  # one label for the history, not one per entry
    if versions:
        line.append("\n" + "；".join(versions), style="dim")
    return line


def citation_text(doc: Document, clause: Clause) -> str:
    return f"{doc.title} {clause_label(clause.path)}\n{clause.text}"


NARROW = 100  # below this width the outline hides and `o` shows it in the text's place


def outline_label(clause: Clause) -> Text:
    """An outline entry: its number as the document writes it (a paragraph of an article is 第2款,
    not a bare 2) and its heading. No markup: document text."""
    number = clause.path.rsplit("/", 1)[-1]
    if clause.level == "款" and number.isdigit():
        number = M.SOURCE_PARAGRAPH.format(number=number)
    # without a heading, the clause's first words: "（六） 伤害事故，是指…", not a bare （六）
    words = clause.heading or ("" if clause.level in ("前言", "段") else
                               " ".join(clause.text.removeprefix(clause.number).split())[:60])
    return Text(f"{number} {words}".strip())


class Outline(ClippedTree[Clause]):
    """The document's outline."""


NEXT_PREVIOUS = Binding.Group(M.SOURCE_NEXT_PREVIOUS)  # "n p 下/上一条": room in the footer at 80 columns


class SourceScreen(TabKeys, Screen[None]):
    BINDINGS = [
        Binding("escape", "back", M.SOURCE_BACK, id="source.back"),
        Binding("c", "copy", M.SOURCE_COPY, id="source.copy"),
        Binding("o", "outline", M.SOURCE_OUTLINE, id="source.outline"),
        Binding("n", "move(1)", M.SOURCE_NEXT, id="source.next", group=NEXT_PREVIOUS),
        Binding("p", "move(-1)", M.SOURCE_PREVIOUS, id="source.previous", group=NEXT_PREVIOUS),
        Binding("d", "compare", M.SOURCE_COMPARE, id="source.compare"),
        Binding("g", "current", M.SOURCE_CURRENT, id="source.current"),
    ]

    def __init__(self, doc: Document, clause_id: str | None = None, terms: list[str] | None = None) -> None:
        super().__init__()
        self.doc = doc
        self.target = clause_id
        self.terms = terms or []
        self.index = {c.clause_id: n for n, c in enumerate(doc.clauses)}
        self.nodes: dict[str, Any] = {}  # clause id → its outline node
        self.outline_open = False  # on a narrow screen, the outline shown in the text's place
        self.refs: dict[str, list[Reference]] = {}  # clause id → the references written in it
        self.trail: list[str] = []  # clauses of this document left by following a reference: Esc returns

    def compose(self) -> ComposeResult:
        yield Static(metadata(self.doc), id="meta")
        with Horizontal():
            yield Outline(Text(self.doc.title), id="outline")
            yield OptionList(*self._options(), id="text")
        yield Footer()

    def _options(self) -> list[Option]:
        # No indentation by depth: wrapped Chinese text breaks at the first space it can, and the
        # outline beside it shows the structure.
        return [Option(self._prompt(clause), id=clause.clause_id) for clause in self.doc.clauses]

    def _prompt(self, clause: Clause) -> Text:
        """A clause as shown: the cited one marked, the question's words highlighted in it, its
        references underlined (Enter follows them)."""
        marked = clause.clause_id == self.target
        body = highlight(clause.text, self.terms) if marked else Text(clause.text)
        for ref in self.refs.get(clause.clause_id, []):
            if ref.target is not None:
                body.stylize("underline", *ref.span)
        if marked:
            body = Text.assemble(("▶", "bold"), body)
            body.stylize("bold")
        return body

    @work(thread=True, exit_on_error=False, group="references")
    def _load_references(self) -> None:
        library = getattr(self.app, "library", None)
        if library is None:
            return
        from policykb.indexer.references import references

        try:
            known = references(library)
        except Exception:  # noqa: BLE001 — links are an extra: a reader's bug must not cost the document
            return
        found = {c.clause_id: refs for c in self.doc.clauses if (refs := known.of(c.clause_id))}
        self.app.call_from_thread(self._show_references, found)

    def _show_references(self, found: dict[str, list[Reference]]) -> None:
        self.refs = found
        text = self.query_one("#text", OptionList)
        for clause_id in found:
            clause = self.doc.clause(clause_id)
            if clause is not None:
                text.replace_option_prompt(clause_id, self._prompt(clause))

    def on_mount(self) -> None:
        tree: Tree[Clause] = self.query_one("#outline", Tree)
        nodes: dict[str | None, Any] = {None: tree.root}
        parents = {c.parent_id for c in self.doc.clauses}
        for clause in self.doc.clauses:
            parent = nodes.get(clause.parent_id, tree.root)
            label = outline_label(clause)
            if clause.clause_id in parents:
                nodes[clause.clause_id] = parent.add(label, data=clause, expand=True)
            else:
                nodes[clause.clause_id] = parent.add_leaf(label, data=clause)
        self.nodes = {k: v for k, v in nodes.items() if k is not None}
        tree.root.expand()
        text = self.query_one("#text", OptionList)
        text.focus()
        if self.target in self.index:
            text.highlighted = self.index[self.target]
            # the cited clause near the top once the text is laid out (wrapped lines change its place)
            self.call_after_refresh(lambda: self.call_after_refresh(self._to_top))
        elif self.doc.clauses:
            text.highlighted = 0
        self._fit(self.size.width)
        self._load_references()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "compare":  # 对照 only for a document with another version in the library
            return bool(self.doc.supersedes or self.doc.superseded_by)
        if action == "current":
            return bool(self.doc.superseded_by)
        return True

    def action_compare(self) -> None:
        """对照: this version beside the other (the newer one, or the one it superseded)."""
        from policykb.tui.widgets.diff import DiffScreen

        library = getattr(self.app, "library", None)
        other = self.doc.superseded_by or self.doc.supersedes
        if library is None or other is None:
            return
        try:
            that = library.document(other)
        except PolicyKBError as exc:
            self.app.show_error(exc.title, exc.message)  # type: ignore[attr-defined]
            return
        old, new = (self.doc, that) if self.doc.superseded_by else (that, self.doc)
        self.app.push_screen(DiffScreen(old, new))

    def action_current(self) -> None:
        """g: the clause this one became in the current version."""
        library = getattr(self.app, "library", None)
        clause = self.current
        if library is None or clause is None or not self.doc.superseded_by:
            return
        from policykb.kb.diff import diff, unit_of

        try:  # the clause it became, version after version, to the current one
            doc, clause_id = self.doc, clause.clause_id
            while doc.superseded_by:
                newer = library.document(doc.superseded_by)
                unit = unit_of(doc, clause_id)
                if unit is None:  # a heading or the preamble: the same place in the newer text, else its top
                    path = clause_id.split("/", 1)[1] if "/" in clause_id else ""
                    same = next((c for c in newer.clauses if c.path == path), None)
                    doc, clause_id = newer, same.clause_id if same else (newer.clauses[0].clause_id
                                                                         if newer.clauses else newer.doc_id)
                    continue
                change = next((c for c in diff(doc, newer).changes if c.old is not None and c.old.clause_id == unit),
                              None)
                if change is None or change.new is None:
                    self.notify(M.SOURCE_NOT_IN_CURRENT, timeout=4)
                    return
                doc, clause_id = newer, change.new.clause_id
        except PolicyKBError as exc:
            self.app.show_error(exc.title, exc.message)  # type: ignore[attr-defined]
            return
        self.app.open_clause(doc.doc_id, clause_id)  # type: ignore[attr-defined]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a clause follows its reference; with several, asks which."""
        if event.option_list.id != "text" or event.option.id is None:
            return
        refs = [r for r in self.refs.get(event.option.id, []) if r.target is not None]
        if not refs:
            self.notify(M.SOURCE_NO_REFERENCE, timeout=3)
        elif len(refs) == 1:
            self.follow(refs[0])
        else:
            from policykb.tui.widgets.dialogs import PickDialog

            labels = [f"{r.text} → {r.target.split('/', 1)[1] if r.target else ''}" for r in refs]
            self.app.push_screen(PickDialog(M.SOURCE_PICK_REFERENCE, labels),
                                 lambda n: self.follow(refs[n]) if n is not None else None)

    def follow(self, ref: Reference) -> None:
        """To the clause a reference points to: in this document (Esc comes back here), or in
        another one opened over this view."""
        if ref.target is None:
            return
        if ref.target in self.index:
            here = self.current
            if here is not None:
                self.trail.append(here.clause_id)
            self._goto(ref.target)
            self.notify(M.SOURCE_JUMPED.format(path=ref.target.split("/", 1)[1]), timeout=3, markup=False)
        else:
            self.app.open_clause(ref.target.split("/", 1)[0], ref.target)  # type: ignore[attr-defined]

    def _goto(self, clause_id: str) -> None:
        text = self.query_one("#text", OptionList)
        text.highlighted = self.index[clause_id]
        text.scroll_to_highlight(top=True)
        text.focus()

    def _to_top(self) -> None:
        self.query_one("#text", OptionList).scroll_to_highlight(top=True)

    def on_resize(self, event: Any) -> None:
        self._fit(event.size.width, outline_shown=self.outline_open)

    def _fit(self, width: int, outline_shown: bool = False) -> None:
        """Narrow screens show the text or the outline (asked for with o), wide ones both side by side."""
        narrow = width < NARROW
        self.outline_open = outline_shown and narrow
        self.set_class(narrow, "narrow")
        fit_footer(self.query_one(Footer), width)  # the view's keys fit in 80 columns (F1 lists ^p)
        self.query_one("#outline", Tree).display = outline_shown or not narrow
        self.query_one("#text", OptionList).display = not self.outline_open

    def action_back(self) -> None:
        """Esc: from a narrow screen's outline back to the text; else back to where the source was opened."""
        if self.outline_open or self.focused is self.query_one("#outline"):
            # from the outline (over the text when narrow, beside it when wide) back to the text
            self._fit(self.size.width)
            self.query_one("#text", OptionList).focus()
        elif self.trail:  # back from a followed reference
            self._goto(self.trail.pop())
        else:
            self.app.pop_screen()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The outline follows the text (n/p, ↑/↓)."""
        if event.option.id in self.nodes:
            tree = self.query_one("#outline", Tree)
            node = self.nodes[event.option.id]
            tree.move_cursor(node)
            tree.scroll_to_node(node, animate=False)

    @property
    def current(self) -> Clause | None:
        n = self.query_one("#text", OptionList).highlighted
        return self.doc.clauses[n] if n is not None and n < len(self.doc.clauses) else None

    def on_tree_node_selected(self, event: Tree.NodeSelected[Clause]) -> None:
        clause = event.node.data
        if clause is not None:
            text = self.query_one("#text", OptionList)
            text.highlighted = self.index[clause.clause_id]
            text.scroll_to_highlight(top=True)
            text.focus()
            self._fit(self.size.width)  # narrow: the outline steps aside again

    def action_move(self, step: int) -> None:
        text = self.query_one("#text", OptionList)
        n = (text.highlighted or 0) + step
        text.highlighted = max(0, min(n, len(self.doc.clauses) - 1))

    def action_outline(self) -> None:
        """The outline, its cursor on the clause being read (narrow screens: in the text's place;
        Enter jumps, Esc or o again goes back)."""
        tree = self.query_one("#outline", Tree)
        if self.outline_open:
            self.action_back()
            return
        self._fit(self.size.width, outline_shown=True)
        clause = self.current
        if clause is not None and clause.clause_id in self.nodes:
            tree.move_cursor(self.nodes[clause.clause_id])
            tree.scroll_to_node(self.nodes[clause.clause_id], animate=False)
        tree.focus()

    def action_copy(self) -> None:
        clause = self.current
        if clause is not None:
            self.app.copy_to_clipboard(citation_text(self.doc, clause))
            self.notify(M.SOURCE_COPIED.format(title=self.doc.title, path=clause_label(clause.path)), timeout=3, markup=False)
