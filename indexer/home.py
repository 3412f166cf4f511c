"""A library's home folder: where its files are, the writers' lock, the word lists it reads, and
the sweep of what no record names.

Layout of a home directory::

    library.db          the records (indexer/store.py): documents, clauses, requirements, a
                        person's corrections (overrides), the current index generation
    documents/          the library's own copy of every source file, named by its content hash,
                        with `<hash>.json` beside it (the id and original path it was added under)
    index-…/            the Whoosh search index over the clauses (the generation the store names)
    quarantine/         stored sources no record names (a killed add's, or a finished add's whose
                        record was lost): kept, never deleted; `check` reports them, `add` of the
                        file or `index --rebuild` takes them back
    topics.txt, actors.txt
                        optional: the user's own additions to the catalog's word lists
    dict.txt, synonyms.txt, everyday.txt, stopwords.txt, question_words.txt
                        optional: the user's own additions to the analyzer's data files
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.files import write_atomic
from policykb.corpus.parse import PARSER_VERSION
from policykb.corpus.read import SUPPORTED
from policykb.indexer import faults, staging
from policykb.indexer import messages as M
from policykb.indexer.analyzer import Analyzer, load_lexicon
from policykb.indexer.store import FILE, Store, Stored
from policykb.kb.extract import EXTRACTOR_VERSION
from policykb.kb.vocab import Vocabulary, load_vocabulary

Progress = Callable[[int, int, str], None]
Notice = Callable[[str], None]
# What an older release kept in the home (migrated by indexer/migrate.py, swept after).
LEGACY = "library.json"
QUARANTINE = "quarantine"


def default_home() -> Path:
    env = os.environ.get("POLICYKB_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("policykb", appauthor=False))


def bundled_documents() -> list[Path]:
    """The documents a new library starts with (corpus/documents: the five plans and briefings,
    then the education laws in their folders); its README is not one of them."""
    root = Path(str(resources.files("policykb.corpus") / "documents"))
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
             and p.name != "README.md" and not p.name.startswith(".")]
    return sorted(files, key=lambda p: (len(p.relative_to(root).parts), p.as_posix()))


def stored_name(sha256: str) -> str:
    """The name a document's stored source takes: its content hash, so two documents can never
    share a file (names from ids did: 校规:2024 and 校规|2024 both became 校规-2024)."""
    return sha256[:32]


def name_file(folder: Path, stored: Stored) -> Path:
    """Beside each stored source, the id and original path it was added under (`<hash>.json`): if
    the store is ever lost, a rebuild from the sources gives every document its own id back."""
    return folder / f"{stored_name(stored.sha256)}.json"


def forget_list(folder: Home, sources: Iterable[Stored]) -> str:
    """What the store keeps (meta `forget`, in the transaction that drops the documents) of the
    sources a sweep is to delete, not quarantine: a removed document's source and its name file."""
    return json.dumps(sorted(n for s in sources for n in (s.file, name_file(folder.documents, s).name)))


def write_name(folder: Path, stored: Stored) -> None:
    write_atomic(name_file(folder, stored), json.dumps({"doc_id": stored.doc_id, "original": stored.original},
                                                       ensure_ascii=False))


def read_name(source: Path) -> tuple[str, str]:
    """The id and original path written beside a stored source when it was added (`write_name`);
    ("", the source's own path) when that is lost or damaged."""
    try:
        data = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
        return str(data["doc_id"]), str(data["original"])
    except (OSError, ValueError, KeyError, TypeError):
        return "", str(source)


def disk_error(exc: OSError, home: Path, what: str = "") -> PolicyKBError | None:
    """What a full disk or a refused write while changing the library means to the user: the
    home, the space left, the library unchanged and the next step. None for other failures."""
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        try:
            left = shutil.disk_usage(home if home.exists() else home.parent).free
            free = f"{left / 1e6:.1f} MB" if left < 1e9 else f"{left / 1e9:.1f} GB"
        except OSError:
            free = "很少空间"
        where = f"（写入 {exc.filename} 时）" if exc.filename else ""
        message = M.DISK_FULL_HOME.format(home=home, free=free, what=M.DISK_FULL_WHAT.get(what, what), where=where)
        return PolicyKBError(message, title=M.DISK_FULL_TITLE)
    inside = exc.filename is None or Path(str(exc.filename)).is_relative_to(home)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and inside:  # not a file being added
        return PolicyKBError(M.NO_PERMISSION_HOME.format(path=exc.filename or home, home=home),
                             title=M.NO_PERMISSION_TITLE)
    return None


@contextlib.contextmanager
def disk_errors(home: Path, what: str = "") -> Iterator[None]:
    """`disk_error` for whatever runs inside (Whoosh's writes included: they raise bare OSErrors)."""
    try:
        yield
    except OSError as exc:
        error = disk_error(exc, home, what)
        if error is None:
            raise
        raise error from exc


class Home:
    """One home folder. Its word lists are read once (the analyzer's and the catalog's)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._analyzer: Analyzer | None = None
        self._vocab: Vocabulary | None = None

    @property
    def documents(self) -> Path:
        """The folder of stored sources."""
        return self.path / "documents"

    @property
    def quarantine(self) -> Path:
        """Stored sources no record names, kept for the user (see the module's docstring)."""
        return self.path / QUARANTINE

    def quarantined(self) -> list[Path]:
        """The sources in quarantine (not their name files)."""
        with contextlib.suppress(FileNotFoundError):
            return sorted(p for p in self.quarantine.iterdir() if p.is_file() and p.suffix != ".json")
        return []

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time (readers never wait); a home this process may not write is said
        so before anything is tried."""
        self.writable_or_say()
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / staging.LOCK, "w") as fh:
            try:
                import fcntl

                fcntl.flock(fh, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows has no flock; single user there
                pass
            yield

    def writable_or_say(self) -> None:
        """Raise the read-only message (what to make writable) when this home cannot be changed."""
        if not self.path.exists():
            return
        blocked = [p for p in (self.path, *(self.path / n for n in (FILE, f"{FILE}-wal", f"{FILE}-shm", staging.LOCK)))
                   if p.exists() and not os.access(p, os.W_OK)]
        if blocked:
            raise PolicyKBError(M.READ_ONLY.format(home=self.path, files="、".join(p.name for p in blocked[1:] or blocked)),
                                title=M.NO_PERMISSION_TITLE)

    def fresh_index_dir(self) -> Path:
        """A new, empty folder for the next index generation."""
        return Path(tempfile.mkdtemp(dir=self.path, prefix="index-"))

    # -- word lists --------------------------------------------------------------------------
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = Analyzer(load_lexicon(self.path))
        return self._analyzer

    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = load_vocabulary(self.path)
        return self._vocab

    def reread_vocabulary(self) -> None:
        """The catalog's word lists may have been edited: read them again when next needed."""
        self._vocab = None

    def catalog_key(self) -> str:
        """What the stored requirements were extracted with: another key, and they are extracted again."""
        return f"{EXTRACTOR_VERSION}:{PARSER_VERSION}:{self.vocabulary().fingerprint}"

    # -- after a change ----------------------------------------------------------------------
    def settle(self, store: Store, forget: Iterable[Stored] = ()) -> None:
        """After a switch: the old generation's files go (and `forget`'s sources: a removed
        document's). A failure here leaves the change done and the leftovers to the next sweep."""
        faults.point("generation-switched")
        self.sweep(store, forget)
        faults.point("swept")

    def sweep(self, store: Store, forget: Iterable[Stored] = ()) -> None:
        """Tidy what no record names: index folders other than the current one and an older
        release's files once migrated are removed; the sources of `forget` (a document the user
        removed, the copies of an add that failed) are deleted. Any other stored source no record
        names — a killed add's, or one whose record was lost with a damaged database — may be the
        only copy: it goes to quarantine/, never away."""
        current = store.meta("index")
        settled = store.path == self.path / FILE  # not a store being migrated into or built
        for path in self.path.iterdir():
            name = path.name
            legacy = name.startswith("parsed-") or name == "parsed"
            if path.is_dir() and name != current and (name.startswith("index-") or legacy and settled):
                shutil.rmtree(path, ignore_errors=True)
            elif path.is_file() and settled and (name.startswith("catalog-") and name.endswith(".json")
                                                 or name == LEGACY or name.startswith(f"{FILE}.migrating")):
                with contextlib.suppress(OSError):
                    path.unlink()
        kept = [*store.stored(), *store.staged()]
        listed = {s.file for s in kept} | {name_file(self.path, s).name for s in kept}
        gone = {s.file for s in forget} | {name_file(self.path, s).name for s in forget}
        removed = store.meta("forget")
        if removed:
            with contextlib.suppress(ValueError, TypeError):
                gone |= set(json.loads(removed))
        with contextlib.suppress(FileNotFoundError), os.scandir(self.documents) as entries:
            for entry in entries:  # scandir: no stat per file (7,000 files at 3,500 documents)
                if entry.name in listed or not entry.is_file(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError):
                    if entry.name in gone or entry.name.startswith(".") and entry.name.endswith(".tmp"):
                        os.unlink(entry.path)  # a killed write_atomic's temporary file is no one's copy
                    else:
                        self.quarantine.mkdir(exist_ok=True)
                        os.replace(entry.path, self.quarantine / entry.name)
        with contextlib.suppress(FileNotFoundError), os.scandir(self.quarantine) as entries:
            for entry in entries:  # taken back by an add of the same file: the library holds it again
                if entry.name in listed:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
        if removed and settled:
            store.set_meta(forget=None)
