"""One error base class for the whole product.

Every failure a user can cause (a bad file, an unknown clause id, a missing library) is a
`PolicyKBError` with a short `title` and a message that names the thing and the next step, so
the CLI and the app can show it without a traceback.
"""

from __future__ import annotations


class PolicyKBError(Exception):
    """A failure the user can act on."""

    title = "policykb error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        if title is not None:
            self.title = title

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.title


class ReadError(PolicyKBError):
    """A file could not be read as a policy document."""

    title = "Cannot read document"


class NotFoundError(PolicyKBError):
    """A document, clause or library that was asked for does not exist."""

    title = "Not found"


class EmptyLibraryError(PolicyKBError):
    """The library holds no document, so nothing can be answered or listed."""

    title = "文库是空的"

    def __init__(self, home: object) -> None:
        super().__init__(f"文库是空的（{home}），没有可以回答或列出的内容。"
                         "添加文件：`policykb add 文件或文件夹`（应用里在文库页 F4 按 a）；"
                         "恢复自带的文件：`policykb add --bundled`。")


class DamagedLibraryError(PolicyKBError):
    """The library store is missing or damaged; its stored documents are not lost."""

    title = "文库记录已损坏"

    def __init__(self, path: object, why: str) -> None:
        super().__init__(f"文库记录 {path} 已损坏（{why}）。文档的原件都还在：运行 `policykb index --rebuild` "
                         "从原件重建文库（损坏的文件会留作备份，不会删除任何文档）。")
