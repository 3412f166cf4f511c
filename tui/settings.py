"""The app's settings: `settings.json` in the library home, every field optional.

A person edits the file by hand (or changes the theme in the app, which saves it). Key bindings
are rebound by id — the help screen (F1) lists every id with its keys — for example::

    {"theme": "textual-light", "keymap": {"tab.search": "f6", "ask.open": "ctrl+g"}}
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.files import write_atomic
from policykb.corpus.read import user_path
from policykb.tui import messages as M

FILE = "settings.json"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    theme: str = "textual-dark"
    """A Textual theme name; Ctrl+T switches between textual-dark and textual-light."""

    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id → keys ("f6", "ctrl+g", several as "f6,ctrl+g"); see the help screen for the ids."""

    school_type: str = "小学"
    """The kind of school the checklist tab starts with."""

    attributes: list[str] = Field(default_factory=lambda: ["公办"])
    """The school attributes the checklist tab starts with (公办, 民办, 寄宿制, 农村, 项目学校)."""

    place: str | None = None
    """The school's place the checklist tab starts with (北京市, 贵州省毕节市); unset: every place's documents."""

    history_shown: int = Field(default=20, ge=0, le=500)
    """How many past turns the chat shows when the app opens (all of them stay searchable)."""

    export_dir: str | None = None
    """Where checklist exports go by default (the user's documents folder when unset)."""

    _kept: bool = PrivateAttr(default=True)  # False: a browser visitor's, for the session only (serve)

    def for_session(self) -> Settings:
        """A copy whose changes last the session and are never written (a visitor's of `policykb serve`)."""
        copy = self.model_copy(deep=True)
        copy._kept = False
        return copy

    def export_folder(self) -> Path:
        """Where an export goes unless the user types another place: `export_dir`, else the user's
        documents folder (platformdirs), else their home folder — never the folder the app was
        started in (an export once landed inside a git clone)."""
        if self.export_dir:
            return user_path(self.export_dir)
        from platformdirs import user_documents_dir

        documents = Path(user_documents_dir())
        return documents if documents.is_dir() else Path.home()

    @classmethod
    def load(cls, home: Path) -> Settings:
        path = home / FILE
        if not path.exists():
            return cls()
        try:
            return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line, column = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
            raise PolicyKBError(M.SETTINGS_NOT_JSON.format(path=path, line=line, column=column),
                                title=M.BAD_SETTINGS_TITLE) from exc
        except ValidationError as exc:
            fields = "、".join(dict.fromkeys(".".join(str(p) for p in e["loc"]) or M.SETTINGS_FILE
                                             for e in exc.errors()))
            raise PolicyKBError(M.SETTINGS_BAD_VALUE.format(path=path, fields=fields),
                                title=M.BAD_SETTINGS_TITLE) from exc

    def save(self, home: Path) -> None:
        if not self._kept:
            return
        data = self.model_dump(exclude_defaults=True)
        write_atomic(home / FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
