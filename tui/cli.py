"""The `policykb` command line: a thin layer over the library (DESIGN.md §3 is its contract).

Results go to stdout (JSON with --json), errors to stderr with a non-zero exit status and the
next step to take.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from policykb.corpus.errors import NotFoundError, PolicyKBError
from policykb.corpus.messages import os_reason
from policykb.corpus.models import Clause, Document
from policykb.corpus.read import user_path
from policykb.indexer import messages as indexer_messages
from policykb.tui import answers, output, requirement_commands, version, versions
from policykb.tui import messages as M
from policykb.tui.arguments import ChineseHelp, command, option, translate_argparse


def _home(args: argparse.Namespace) -> Path:
    """Where the library lives: --home, else POLICYKB_HOME, else the user data folder."""
    from policykb.indexer.library import default_home

    return user_path(args.home) if args.home else default_home()


log = logging.getLogger("policykb")
_OPENED: list[Any] = []  # the libraries the running command opened


def _library(args: argparse.Namespace) -> Any:
    from policykb.indexer.library import Library

    with output.progress("建立文库") as bar:
        lib = Library.open(_home(args), progress=bar, notice=lambda text: print(text, file=sys.stderr))
    _OPENED.append(lib)
    return lib


def _stocked(args: argparse.Namespace) -> Any:
    """The library, for commands that answer or list from its documents: an empty one is an error
    that says how to fill it, not an empty answer."""
    lib = _library(args)
    lib.require_documents()
    return lib


def doc_row(doc: Document) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id, "title": doc.title, "kind": doc.kind, "issuer": doc.issuer,
        "doc_number": doc.doc_number, "issued": doc.issued.isoformat() if doc.issued else None,
        "version_date": doc.version_date.isoformat() if doc.version_date else None,
        "region": doc.region, "level": doc.level,
        "place": None if doc.place is None else "".join(doc.place) or "全国",  # 全国, 贵州省毕节市; null: unknown
        "status": doc.status, "supersedes": doc.supersedes,
        "superseded_by": doc.superseded_by, "clauses": doc.clause_count,
        "source": doc.source.model_dump(),
    }


def clause_row(clause: Clause) -> dict[str, Any]:
    return {"clause_id": clause.clause_id, "parent_id": clause.parent_id, "path": clause.path,
            "level": clause.level, "number": clause.number, "heading": clause.heading, "text": clause.text,
            "span": list(clause.span)}


def cmd_docs(args: argparse.Namespace) -> int:
    docs = _library(args).documents()
    if args.json:
        output.emit_json([doc_row(d) for d in docs])
        return 0
    # Ids whole (a person copies one into show, doc or diff): the title last, wrapped on a terminal
    rows = [[d.doc_id, d.kind, d.issued.isoformat() if d.issued else "", d.status, str(d.clause_count), d.title]
            for d in docs]
    print(output.wrapped_table(["ID", "类别", "日期", "状态", "条款", "标题"], rows, output.terminal_columns()))
    print(M.DOCS_COUNT.format(n=len(docs)))
    return 0


def cmd_doc(args: argparse.Namespace) -> int:
    if args.place:
        from policykb.corpus.places import label as place_label
        from policykb.corpus.places import parse_place

        place = parse_place(args.place)
        lib = _library(args)
        head = lib.set_place(lib.find_document(args.doc_id).doc_id, place)
        print(f"{head.title}：地区设为 {place_label(head.place)}", file=sys.stderr)
        return 0
    lib = _library(args)
    doc = lib.find_document(args.doc_id)
    if args.json:
        data = doc_row(doc) | {"history": list(doc.history), "clauses": [clause_row(c) for c in doc.clauses],
                               "report": doc.report.model_dump()}
        output.emit_json(data)
        return 0
    meta = doc_row(doc)
    print(doc.title)
    for key, label in (("doc_id", "ID"), ("kind", "类别"), ("issuer", "发文机关"), ("doc_number", "文号"),
                       ("issued", "日期"), ("place", "地区"), ("level", "层级"), ("status", "状态"),
                       ("supersedes", "取代"), ("superseded_by", "已被取代")):
        if meta[key]:
            print(f"  {label}: {meta[key]}")
    if doc.place is None:
        print(f"  地区: 地区不明（用 policykb doc {doc.doc_id} --place 地区 指定，如 --place 贵州省毕节市）")
    for line in doc.history:
        print(f"  沿革: {line}")
    if args.report:
        report = doc.report
        print(f"\n清理报告：删除 {len(report.removed)} 行，修复 {len(report.repaired)} 处")
        if report.stripped:
            kinds = "，".join(f"{kind} {n} 个" for kind, n in report.stripped.items())
            print(f"  读取时清除的不可见字符：{kinds}")
        for r in report.removed:
            print(f"  - [{r.reason}] {r.text}")
        for p in report.repaired:
            print(f"  ~ [{p.reason}] {p.before!r} → {p.after!r}")
        for note in report.notes:
            print(f"  # {note}")
        from policykb.indexer.references import references

        loose = [r for r in references(lib).of_document(doc.doc_id) if r.target is None]
        if loose:
            print(M.REPORT_UNRESOLVED.format(n=len(loose)))
        for ref in loose:
            print(f"  ? [{ref.clause_id[len(doc.doc_id) + 1:]}] {ref.text}")
        return 0
    print()
    for clause in doc.clauses:
        depth = clause.path.count("/")
        head = clause.text.replace("\n", " ")
        print(f"{'  ' * depth}[{clause.path}] {output.clip(head, 100 - 2 * depth)}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from policykb.corpus.tree import lead_in

    lib = _library(args)
    clause, doc = find_clause(lib, args.clause_id)
    crumbs = []
    parent = clause.parent_id
    while parent:
        p = doc.clause(parent)
        if p is None:
            break
        crumbs.append(p)
        parent = p.parent_id
    lead = lead_in(crumbs[0].text) if crumbs else ""
    from policykb.indexer.references import references

    refs = references(lib)
    pointing, cited = refs.of(clause.clause_id), refs.cited_by(clause.clause_id)
    if args.json:
        output.emit_json(clause_row(clause) | {"doc_id": doc.doc_id, "doc_title": doc.title, "status": doc.status,
                                               "lead_in": lead,
                                               "breadcrumb": [clause_row(c) for c in reversed(crumbs)],
                                               "references": [r.record() for r in pointing],
                                               "cited_by": [c.record() for c in cited]})
        return 0
    print(doc.title if doc.status in doc.title else f"{doc.title}（{doc.status}）")
    for depth, c in enumerate(reversed(crumbs)):
        gap = " " if c.number and c.number[-1] not in "、.．)）" else ""
        print(f"{'  ' * depth}{c.number}{gap}{c.heading}")
    print(f"\n[{clause.path}]")
    if lead:
        print(lead)
    print(clause.text)
    if pointing:
        print()
    for ref in pointing:
        print(M.SHOW_REFERENCE.format(text=ref.text, target=ref.target or M.SHOW_NOT_IN_LIBRARY))
    for citing in cited:
        print(M.SHOW_CITED_BY.format(clause_id=citing.clause_id, text=citing.text))
    return 0


def find_clause(lib: Any, clause_id: str) -> tuple[Clause, Document]:
    import unicodedata

    def norm(s: str) -> str:
        return unicodedata.normalize("NFKC", s).replace(" ", "")

    wanted = norm(clause_id)
    heads = sorted(lib.documents(), key=lambda d: -len(d.doc_id))
    head = next((d for d in heads if wanted.startswith(norm(d.doc_id) + "/")), None)
    doc = lib.document(head.doc_id) if head else None
    if doc is None and "/" in wanted:
        # A loose document name before the path: 义务教育法/第五条, 毕节方案/二/(三)/13.
        name, _, _ = clause_id.partition("/")
        doc = lib.find_document(name)
        wanted = norm(doc.doc_id) + "/" + wanted.partition("/")[2]
    if doc is None:
        raise NotFoundError(M.NO_CLAUSE_ID.format(clause_id=clause_id))
    for clause in doc.clauses:
        if norm(clause.clause_id) == wanted:
            return clause, doc
    # Law articles are often cited without their chapter: 义务教育法/第五条.
    tail = wanted.partition("/")[2]
    loose = [c for c in doc.clauses if norm(c.path).endswith("/" + tail) or norm(c.path) == tail]
    if len(loose) == 1:
        return loose[0], doc
    raise NotFoundError(M.NO_CLAUSE.format(clause_id=clause_id, doc_id=doc.doc_id))


def cmd_add(args: argparse.Namespace) -> int:
    lib = _library(args)
    paths = [Path(p) for p in args.paths]
    if args.bundled:
        from policykb.indexer.library import bundled_documents

        paths += bundled_documents()
    if not paths:
        raise PolicyKBError("没有要添加的文件：给出文件或文件夹的路径，或用 --bundled 恢复自带的文件。")
    with output.progress("添加") as bar:
        result = lib.add(paths, progress=bar)
    if result.resumed:
        print(f"继续完成了上次中断的添加（{result.resumed} 份文件）", file=sys.stderr)
    for doc in result.added:
        print(M.ADDED.format(doc_id=doc.doc_id, title=doc.title, clauses=doc.clause_count))
    for path, reason in result.skipped:
        print(M.SKIPPED.format(path=path, reason=reason), file=sys.stderr)
    for path, doc_id in result.restored:
        print(indexer_messages.SOURCE_TAKEN_BACK.format(path=path, doc_id=doc_id), file=sys.stderr)
    if not result.added and not result.skipped and not result.restored:
        print(M.NOTHING_ADDED, file=sys.stderr)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    doc = _library(args).remove(args.doc_id)
    print(M.REMOVED.format(doc_id=doc.doc_id))
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from policykb.corpus.errors import DamagedLibraryError

    lib = None
    try:
        lib = _library(args)
        if args.rebuild and lib.store.integrity():
            raise DamagedLibraryError(lib.store.path, "SQLite 的完整性检查发现了损坏")
        with output.progress("重建索引") as bar:
            docs = lib.index(rebuild=args.rebuild, progress=bar, notice=lambda text: print(text, file=sys.stderr))
    except DamagedLibraryError:
        if not args.rebuild:
            raise
        from policykb.indexer.recover import recover

        if lib is not None:
            lib.close()
        with output.progress("从原件重建文库") as bar:
            lib, notes = recover(_home(args), bar)
        for note in notes:
            print(note, file=sys.stderr)
        docs = lib.documents()
    print(M.INDEXED.format(docs=len(docs), clauses=sum(d.clause_count for d in docs)))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from policykb.indexer.check import check

    home = _home(args)
    report = check(home)
    for note in report.notes:
        print(f"注意：{note}")
    if report.ok:
        print(f"文库完好：{home}，{report.documents} 份文档")
        return 0
    print(f"文库有 {len(report.problems)} 处问题：{home}")
    for problem in report.problems:
        print(f"  - {problem}")
    how = "补回不见了的原件" if (report.fix or "").startswith("policykb add") else "从保存的原件重建，不会删除任何文档"
    print(f"修复：运行 `{report.fix}`（{how}）")
    return 1


def cmd_app(args: argparse.Namespace) -> int:
    import os

    from policykb.tui.app import PolicyApp
    from policykb.tui.serve import VISITOR, die_with_server

    visitor = os.environ.get(VISITOR) == "1"
    if visitor:
        die_with_server()
    # The app builds a new library itself, with its own progress screen (a browser visitor's never does).
    app = PolicyApp(home=_home(args), visitor=visitor)
    app.run()
    return app.return_code or 0


def cmd_serve(args: argparse.Namespace) -> int:
    from policykb.tui.serve import serve

    return serve(_home(args), args.host, args.port, args.token, args.max_sessions, args.idle_minutes)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(M.BAD_COUNT.format(text=text)) from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(M.BAD_PORT.format(value=value))
    return value


def build_parser() -> argparse.ArgumentParser:
    translate_argparse()
    parser = argparse.ArgumentParser(prog="policykb", description=M.DESCRIPTION, formatter_class=ChineseHelp)
    option(parser, "--home", key="home")
    option(parser, "--debug", key="debug", action="store_true")
    parser.add_argument("--version", action="version", version=f"policykb {version()}", help=M.HELP["version"])
    sub = parser.add_subparsers(dest="command", metavar=M.COMMAND_METAVAR, help=M.COMMAND_HELP)

    p = command(sub, "docs")
    option(p, "--json", key="json", action="store_true")
    p.set_defaults(func=cmd_docs)

    p = command(sub, "doc")
    option(p, "doc_id", key="doc.doc_id")
    option(p, "--json", key="json", action="store_true")
    option(p, "--report", key="doc.report", action="store_true")
    option(p, "--place", key="doc.place")
    p.set_defaults(func=cmd_doc)

    p = command(sub, "show")
    option(p, "clause_id", key="show.clause_id")
    option(p, "--json", key="json", action="store_true")
    p.set_defaults(func=cmd_show)

    answers.add_parsers(sub, lambda cmd: lambda args: cmd(args, _stocked(args)))
    requirement_commands.add_parsers(sub, lambda cmd: lambda args: cmd(args, _stocked(args)))
    versions.add_parsers(sub, lambda cmd: lambda args: cmd(args, _stocked(args)))

    p = command(sub, "add")
    option(p, "paths", key="add.paths", nargs="*")
    option(p, "--bundled", key="add.bundled", action="store_true")
    p.set_defaults(func=cmd_add)

    p = command(sub, "remove")
    option(p, "doc_id", key="remove.doc_id")
    p.set_defaults(func=cmd_remove)

    p = command(sub, "check")
    p.set_defaults(func=cmd_check)

    p = command(sub, "index")
    option(p, "--rebuild", key="index.rebuild", action="store_true")
    p.set_defaults(func=cmd_index)

    from policykb.tui.serve import IDLE_MINUTES, SESSION_MB

    p = command(sub, "serve")
    option(p, "--host", key="serve.host", default="127.0.0.1")
    option(p, "--port", key="serve.port", type=_port, default=8000)
    option(p, "--token", key="serve.token", default=None)
    option(p, "--max-sessions", help=M.HELP["serve.max_sessions"].format(mb=SESSION_MB), type=int, default=None)
    option(p, "--idle-minutes", help=M.HELP["serve.idle_minutes"].format(idle=IDLE_MINUTES), type=float,
           default=None)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.debug:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    func = getattr(args, "func", cmd_app)
    if func is cmd_app:
        return _run(func, args)
    with output.printable_streams():
        return _run(func, args)


def os_message(exc: OSError) -> str:
    """A Chinese message for a failure of the disk or the file system, naming the file."""
    import errno

    where = f"（{exc.filename}）" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return M.DISK_FULL.format(where=where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return M.NO_PERMISSION.format(where=where)
    if exc.errno == errno.ENAMETOOLONG:
        return M.NAME_TOO_LONG.format(where=where)
    return M.DISK_FAILED.format(where=where, reason=os_reason(exc))


def _run(func: Any, args: argparse.Namespace) -> int:
    try:
        return _command(func, args)
    finally:  # a command's library is closed when it ends: no connection outlives it
        while _OPENED:
            with contextlib.suppress(Exception):
                _OPENED.pop().close()


def _command(func: Any, args: argparse.Namespace) -> int:
    try:
        return int(func(args))
    except PolicyKBError as exc:
        print(M.ERROR.format(message=exc.message), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(M.INTERRUPTED, file=sys.stderr)
        return 130
    except BrokenPipeError:  # `policykb requirements | head`: the reader has what it wanted
        return 0
    except OSError as exc:  # the disk, the file system or permissions: name the file and the next step
        log.debug("%s", exc, exc_info=True)
        print(M.ERROR.format(message=os_message(exc)), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: a Chinese message, the traceback only with --debug
        if getattr(args, "debug", False):
            raise
        print(M.UNEXPECTED.format(where=output.where(exc) or M.APP_UNKNOWN_PLACE), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
