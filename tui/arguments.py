"""The command line's argparse plumbing, for cli.py and the modules that add its commands
(answers, requirement_commands, versions): options and subcommands whose help and placeholders
come from the message catalog, help wrapped the Chinese way, argparse's own words in Chinese."""

from __future__ import annotations

import argparse
from typing import Any

from policykb.tui import messages as M


def translate_argparse() -> None:
    """argparse's own words (usage, its errors) in Chinese: it asks gettext for each at run time."""
    def gettext(text: str) -> str:
        return M.ARGPARSE.get(text, text)

    def ngettext(single: str, plural: str, n: int) -> str:
        return gettext(single if n == 1 else plural)

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


class ChineseHelp(argparse.HelpFormatter):
    """Help wrapped by the width a terminal shows (a Chinese character takes two columns)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        # as the app sets Chinese (禁则): no line starts with "）", a Latin word stays whole
        from policykb.tui.output import fold

        return [line.lstrip() for line in fold(" ".join(text.split()), width)]

    def _fill_text(self, text: str, width: int, indent: str) -> str:  # a command's description
        return "\n\n".join("\n".join(indent + line for line in self._split_lines(part, width - len(indent)))
                           for part in text.split("\n\n"))


def option(p: argparse.ArgumentParser, *names: str, key: str | None = None, **kw: Any) -> None:
    """An argument with its help and placeholder from the message catalog (`key` names its help)."""
    dest = names[-1].lstrip("-").replace("-", "_")
    if key is not None:
        kw.setdefault("help", M.HELP[key])
    if kw.get("action") not in ("store_true", "version") and dest in M.METAVAR:
        kw.setdefault("metavar", M.METAVAR[dest])
    p.add_argument(*names, **kw)


def command(sub: Any, name: str, **kw: Any) -> argparse.ArgumentParser:
    """A subcommand with its help from the message catalog."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=M.HELP[name], description=M.HELP[name],
                                                formatter_class=ChineseHelp, **kw)
    # the global options are taken after the command's name too (policykb docs --home DIR)
    option(p, "--home", key="home", default=argparse.SUPPRESS)
    option(p, "--debug", key="debug", action="store_true", default=argparse.SUPPRESS)
    return p
