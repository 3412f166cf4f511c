"""The Textual app: for now a library browser — documents, their clause trees, a clause's text.

The chat assistant, search and checklists arrive with their issues; the app stays a thin driver
over `indexer.library.Library` and holds no parsing logic.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static, Tree
from textual.widgets.option_list import Option

from corpus.models import Clause, Document


class PolicyApp(App[None]):
    """policykb in the terminal."""

    TITLE = "policykb"
    SUB_TITLE = "政策文件库"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "退出", id="quit"),
        Binding("d", "focus_docs", "文件", id="focus_docs"),
        Binding("t", "focus_tree", "条款", id="focus_tree"),
        Binding("ctrl+t", "toggle_dark", "主题", id="toggle_theme"),
    ]

    def __init__(self, library: Any) -> None:
        super().__init__()
        self.library = library
        self.docs: list[Document] = library.documents()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(*[Option(self._doc_label(d), id=str(i)) for i, d in enumerate(self.docs)], id="docs")
            with Vertical(id="right"):
                yield Tree("（选择一个文件）", id="tree")
                with VerticalScroll(id="clause-box"):
                    yield Static("", id="clause")
        yield Footer()

    @staticmethod
    def _doc_label(doc: Document) -> str:
        badge = "" if doc.status == "现行有效" or doc.status in doc.title else f" [{doc.status}]"
        return f"{doc.title}{badge}"

    def on_mount(self) -> None:
        docs = self.query_one("#docs", OptionList)
        docs.focus()
        if self.docs:
            docs.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.show_document(self.docs[int(event.option.id)])

    def show_document(self, doc: Document) -> None:
        tree: Tree[Clause] = self.query_one("#tree", Tree)
        tree.clear()
        tree.root.set_label(doc.title)
        nodes: dict[str | None, Any] = {None: tree.root}
        parents = {c.parent_id for c in doc.clauses}
        for clause in doc.clauses:
            parent = nodes.get(clause.parent_id, tree.root)
            label = f"{clause.path.rsplit('/', 1)[-1]} {clause.heading or clause.text[len(clause.number):][:30]}".strip()
            if clause.clause_id in parents:
                nodes[clause.clause_id] = parent.add(label, data=clause, expand=True)
            else:
                parent.add_leaf(label, data=clause)
        tree.root.expand()
        meta = [doc.kind, doc.issuer or "", str(doc.issued or ""), doc.status]
        self.query_one("#clause", Static).update(" · ".join(m for m in meta if m))

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Clause]) -> None:
        clause = event.node.data
        if clause is not None:
            self.query_one("#clause", Static).update(f"[b]{clause.path}[/b]\n\n{clause.text}")

    def action_focus_docs(self) -> None:
        self.query_one("#docs").focus()

    def action_focus_tree(self) -> None:
        self.query_one("#tree").focus()

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
