"""A tree whose entries end in "…" where they are longer than the room (a Tree alone cuts them off
mid-word at the edge, or scrolls sideways)."""

from __future__ import annotations

from typing import Any, TypeVar

from rich.text import Text
from textual.widgets import Tree

T = TypeVar("T")


class ClippedTree(Tree[T]):
    def render_label(self, node: Any, base_style: Any, style: Any) -> Text:
        text = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 1 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text

    def on_resize(self) -> None:
        self._invalidate()  # noqa: SLF001 (Textual is pinned exactly): the labels' room changed
