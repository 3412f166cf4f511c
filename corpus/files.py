"""Files policykb writes and reads beside the documents: atomic writes, and the word-list data
files shipped in a package that same-named files in the library home extend.

Lives in the lowest layer so the library (indexer), the catalog and its exports (kb) share one
way of writing a file without ever leaving half of it, and one way of reading word lists.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from importlib import resources
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write `path` through a temporary file in the same folder and one `os.replace`: readers see
    the old file or the new one, never a part. The file is private (0600) unless `mode` says otherwise."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def data_texts(package: str, name: str, user_dir: Path | None) -> list[str]:
    """The bundled `<package>/data/<name>` and, when there is one, the user's file of that name."""
    texts = [(resources.files(package) / "data" / name).read_text(encoding="utf-8")]
    if user_dir is not None and (user_dir / name).is_file():
        texts.append((user_dir / name).read_text(encoding="utf-8-sig"))
    return texts


def data_lines(text: str) -> list[str]:
    """The non-empty, non-comment (#) lines of a word-list file, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
