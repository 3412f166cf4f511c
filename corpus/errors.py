"""One error base class for the whole product.

Every failure a user can cause (a bad file, an unknown clause id, a missing library) is a
`PolicyKBError` with a short `title` and a message that names the thing and the next step, so
the CLI and the app can show it without a traceback.
"""

from __future__ import annotations

from policykb.corpus import messages as M


class PolicyKBError(Exception):
    """A failure the user can act on."""

    title = M.ERROR

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        if title is not None:
            self.title = title

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.title


class ReadError(PolicyKBError):
    """A file could not be read as a policy document."""

    title = M.CANNOT_READ


class NotFoundError(PolicyKBError):
    """A document, clause or library that was asked for does not exist."""

    title = M.NOT_FOUND


class EmptyLibraryError(PolicyKBError):
    """The library holds no document, so nothing can be answered or listed."""

    title = M.EMPTY_LIBRARY

    def __init__(self, home: object) -> None:
        super().__init__(M.EMPTY_LIBRARY_TEXT.format(home=home))


class DamagedLibraryError(PolicyKBError):
    """The library store is missing or damaged; its stored documents are not lost."""

    title = M.DAMAGED_LIBRARY

    def __init__(self, path: object, why: str) -> None:
        # one readable line: SQLite's and pydantic's own words can carry hundreds of bytes of the
        # damaged row itself
        why = " ".join(why.split())
        why = why if len(why) <= 120 else why[:120] + "…"
        super().__init__(M.DAMAGED_LIBRARY_TEXT.format(path=path, why=why))
