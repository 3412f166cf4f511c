"""The `diff` command: 新旧对照 of two versions of a document (DESIGN.md §3)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from policykb.corpus.errors import PolicyKBError
from policykb.corpus.read import user_path
from policykb.kb import messages as kb_messages
from policykb.tui import messages as M
from policykb.tui.arguments import command, option


def _lines(label: str, text: str) -> str:
    return "  " + label + text.replace("\n", "\n" + " " * (2 + 2 * len(label)))


def cmd_diff(args: argparse.Namespace, lib: Any) -> int:
    from policykb.indexer.versions import compare_versions, pair
    from policykb.kb.diff import FORMATS, export, marked, requirement_lines, title

    old, new = pair(lib, args.old, args.new)
    d = compare_versions(lib, old, new, notice=lambda text: print(text, file=sys.stderr))
    path = user_path(args.output) if args.output else None
    fmt = args.format or (path.suffix.lstrip(".").lower() if path and path.suffix else "md" if path else None)
    if args.json:
        fmt = "json"
    if fmt is not None:
        if fmt not in FORMATS:
            raise PolicyKBError(kb_messages.UNKNOWN_FORMAT.format(fmt=fmt, formats="、".join(FORMATS)))
        data = export(d, fmt, path)
        if data is not None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        if path is not None:
            print(M.DIFF_WRITTEN.format(path=path, summary=d.summary_line()), file=sys.stderr)
        return 0
    print(f"{title(d)}：{d.summary_line()}")
    for change in d.shown():
        where = change.new.path if change.new else change.old.path if change.old else ""
        print(f"\n■ {change.label()}  {where}")
        if change.old is not None and change.kind != "moved":
            text = marked(change.old.text, [s.old for s in change.spans], "[-", "-]")
            print(_lines(M.DIFF_OLD, text))
        if change.new is not None:
            text = marked(change.new.text, [s.new for s in change.spans], "{+", "+}")
            print(_lines(M.DIFF_NEW, text))
        lines = requirement_lines(d, change)
        if lines:
            print(f"  {M.DIFF_REQUIREMENT_CHANGED.format(fields='；'.join(lines))}")
    return 0


def add_parsers(sub: Any, run: Any) -> None:
    p = command(sub, "diff")
    option(p, "old", key="diff.old")
    option(p, "new", key="diff.new", nargs="?")
    option(p, "--json", key="json", action="store_true")
    option(p, "--format", key="diff.format")
    option(p, "-o", "--output", key="diff.output")
    p.set_defaults(func=run(cmd_diff))
