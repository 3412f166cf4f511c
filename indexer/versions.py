"""Two versions of one document, as a person names them, and what changed between them.

`policykb diff 未成年人保护法` compares the version that name finds (the current one) with the one
before it; `diff "未成年人保护法 2020"` that version with the one after; two names compare those two
versions, older first whatever the order they are given in. Two documents that are not versions of
one another are refused.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.models import DocHead, Document
from policykb.indexer import messages as M
from policykb.kb.diff import Diff, diff

if TYPE_CHECKING:
    from policykb.indexer.library import Library, Notice


def pair(lib: Library, old_name: str, new_name: str | None = None) -> tuple[Document, Document]:
    """The (older, newer) versions meant: `new_name`'s document, or the version that supersedes
    `old_name`'s, or — when that is the newest — the one it superseded."""
    old = lib.find_document(old_name)
    if new_name:
        new = lib.find_document(new_name)
    elif old.superseded_by:
        new = lib.document(old.superseded_by)
    elif old.supersedes:
        old, new = lib.document(old.supersedes), old
    else:
        raise PolicyKBError(M.NO_OTHER_VERSION.format(title=old.title, doc_id=old.doc_id), title=M.NO_OTHER_VERSION_TITLE)
    if old.doc_id == new.doc_id:
        raise PolicyKBError(M.SAME_VERSION.format(doc_id=old.doc_id), title=M.NO_OTHER_VERSION_TITLE)
    heads = {h.doc_id: h for h in lib.documents()}
    if not (_chain(heads, old) & _chain(heads, new)) and _key(old.title) != _key(new.title):
        raise PolicyKBError(M.NOT_VERSIONS.format(old=old.title, new=new.title), title=M.NO_OTHER_VERSION_TITLE)
    if (old.issued or dt.date.min) > (new.issued or dt.date.min):
        old, new = new, old  # older first, whatever the order given
    return old, new


def _chain(heads: dict[str, DocHead], doc: Document) -> set[str]:
    """The ids of every version linked to this one (it supersedes, or is superseded by)."""
    seen = {doc.doc_id}
    todo = [doc.doc_id]
    while todo:
        head = heads.get(todo.pop())
        for other in (head.supersedes, head.superseded_by) if head else ():
            if other and other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _key(title: str) -> str:
    from policykb.indexer.lookup import _key as key

    return key(title)


def compare_versions(lib: Library, old: Document, new: Document, notice: Notice | None = None) -> Diff:
    """What changed from `old` to `new`, with the requirements whose modality, amount, period or
    deadline changed (from the library's catalog)."""
    catalog = lib.current_catalog(notice)
    return diff(old, new, catalog.select(doc_ids=[old.doc_id]), catalog.select(doc_ids=[new.doc_id]))
