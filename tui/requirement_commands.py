"""The catalog commands of the command line: `requirements`, `checklist`, `compare` (DESIGN.md §3)
and `review` (a person's correction of one requirement, kept in the library and applied after every rebuild)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from policykb.corpus.errors import PolicyKBError
from policykb.tui import messages as M
from policykb.tui import output
from policykb.tui.answers import badge, catalog, doc_ids
from policykb.tui.arguments import command, option


def requirement_row(req: Any, cat: Any) -> dict[str, Any]:
    info = cat.doc(req)
    row: dict[str, Any] = req.model_dump(mode="json")
    return row | {"doc_title": info.title, "status": info.status}


def cmd_requirements(args: argparse.Namespace, lib: Any) -> int:
    from policykb.kb.schools import school_type

    kind = school_type(args.school_type) if args.school_type else None
    cat = catalog(lib)
    if args.topic and args.topic not in lib.vocabulary().topics and args.topic != "其他":
        raise PolicyKBError(M.UNKNOWN_TOPIC.format(topic=args.topic, topics="、".join(lib.vocabulary().topics)))
    ids = doc_ids(lib, args.doc)
    if args.json and not args.actor:  # streamed: the catalog may be large
        rows = cat.select_json(doc_ids=ids, topic=args.topic, school_type=kind, modality=args.modality)
        with contextlib.closing(rows):
            sys.stdout.write("[")
            _chunked((f",{row}" if n else row for n, row in enumerate(rows)))
            sys.stdout.write("]\n")
        return 0
    found = cat.iter_select(doc_ids=ids, topic=args.topic, actor=args.actor, school_type=kind, modality=args.modality)
    if args.json:
        output.emit_json([requirement_row(r, cat) for r in found])
        return 0
    shown = 0

    def lines() -> Iterator[str]:
        nonlocal shown
        for r in found:
            shown += 1
            info = cat.doc(r)
            extra = [x for x in (r.quantity.label() if r.quantity else "", r.period, r.deadline) if x]
            yield (f"[{r.modality}] {output.clip(r.text, 120)}\n"
                   f"    {'、'.join(r.actors) or '—'} | {' | '.join(extra) or '—'} | {'、'.join(r.topics)} | "
                   f"{info.title} {r.clause_id[len(r.doc_id) + 1:]}{badge(info.status)}\n")

    with contextlib.closing(found):
        _chunked(lines())
    print(M.REQUIREMENTS_COUNT.format(n=shown), file=sys.stderr)
    return 0


def _chunked(parts: Iterable[str]) -> None:
    """Write `parts` to stdout 2,000 at a time: the output fence checks a chunk, not a row."""
    chunk: list[str] = []
    for part in parts:
        chunk.append(part)
        if len(chunk) == 2000:
            sys.stdout.write("".join(chunk))
            chunk.clear()
    sys.stdout.write("".join(chunk))


def cmd_checklist(args: argparse.Namespace, lib: Any) -> int:
    from policykb.corpus.places import parse_place
    from policykb.corpus.read import user_path
    from policykb.kb.checklist import FORMATS, checklist, export, export_path, file_name, is_folder
    from policykb.kb.schools import school_attributes, school_type

    kind = school_type(args.school_type)
    attrs = school_attributes(args.attr)
    place = parse_place(args.place) if args.place else None
    path = user_path(args.output) if args.output else None
    folder = args.output is not None and is_folder(args.output)
    if folder:  # the file in it is named after the list (a folder named 2024.09 has no format)
        fmt = args.format or "xlsx"
    else:
        fmt = args.format or (path.suffix.lstrip(".").lower() if path and path.suffix else "md")
    if fmt not in FORMATS:
        from policykb.kb import messages as kb_messages

        raise PolicyKBError(kb_messages.UNKNOWN_FORMAT.format(fmt=fmt, formats="、".join(FORMATS)))
    if fmt == "xlsx" and path is None:
        path = Path(file_name(kind, attrs, place, "xlsx"))
    elif folder:
        path = export_path(args.output, fmt, kind, attrs, place)
    cat = catalog(lib)
    cl = checklist(cat, kind, attrs, doc_ids=doc_ids(lib, args.doc), topic=args.topic,
                   topics_order=list(lib.vocabulary().topics) + ["其他"], superseded=args.superseded,
                   others=args.others, place=place)
    data = export(cl, fmt, path)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    where = f" → {path}" if path else ""
    merged = M.CLI_CHECKLIST_MERGED.format(n=cl.merged) if cl.merged else ""
    print(M.CLI_CHECKLIST_DONE.format(title=cl.title(), rows=len(cl.rows), topics=len(cl.topics), merged=merged,
                                      where=where), file=sys.stderr)
    for note in cl.notes(M.CLI_CHECKLIST_HOW):
        print(f"  {note}", file=sys.stderr)
    if place is None:
        print(f"  {M.CLI_CHECKLIST_NO_PLACE}", file=sys.stderr)
    return 0


def cmd_compare(args: argparse.Namespace, lib: Any) -> int:
    from policykb.kb.compare import compare

    cat = catalog(lib)
    groups = compare(cat, topic=args.topic, superseded=args.superseded)
    if args.only_differing:
        groups = [g for g in groups if g.differs]
    if args.json:
        output.emit_json([{"subject": g.subject, "unit": g.unit, "period": g.period, "differs": g.differs,
                           "requirements": [requirement_row(r, cat) for r in g.items]} for g in groups])
        return 0
    for g in groups:
        flag = "  ≠ 各文件规定不同" if g.differs else ""
        print(f"■ {g.subject}（{g.period or ''}{g.unit}）{flag}")
        for r, value in zip(g.items, g.values(), strict=True):
            info = cat.doc(r)
            status = badge(info.status)
            print(f"    {output.pad(value, 14)} {info.title} {r.clause_id[len(r.doc_id) + 1:]}{status}")
            print(f"    {'':14} {output.clip(r.text, 100)}")
        print()
    print(M.COMPARED.format(n=len(groups), differing=sum(g.differs for g in groups)), file=sys.stderr)
    return 0


def cmd_review(args: argparse.Namespace, lib: Any) -> int:
    from policykb.kb.models import MODALITIES
    from policykb.kb.schools import school_type

    cat = catalog(lib)
    req = cat.requirement(args.req_id)
    if req is None:
        raise PolicyKBError(M.UNKNOWN_REQUIREMENT.format(req_id=args.req_id))
    fields: dict[str, Any] = {"reviewed": True}
    if args.modality:
        if args.modality not in MODALITIES:
            raise PolicyKBError(M.UNKNOWN_MODALITY.format(modality=args.modality, modalities="、".join(MODALITIES)))
        fields["modality"] = args.modality
    if args.school_types is not None:
        fields["school_types"] = [school_type(t) for t in args.school_types.replace("，", ",").split(",") if t]
    if args.actors is not None:
        fields["actors"] = [a for a in args.actors.replace("，", ",").split(",") if a]
    if args.topics is not None:
        fields["topics"] = [t for t in args.topics.replace("，", ",").split(",") if t]
    if args.exclude:
        fields["excluded"] = True
    if args.include:
        fields["excluded"] = False
    if args.note:
        fields["note"] = args.note
    lib.set_override(req.req_id, fields)
    print(M.REVIEWED.format(req_id=req.req_id, fields="、".join(k for k in fields if k != "reviewed") or M.CONFIRMED),
          file=sys.stderr)
    return 0


def add_parsers(sub: Any, run: Any) -> None:
    p = command(sub, "requirements")
    option(p, "--doc", key="doc_filter")
    option(p, "--topic", key="requirements.topic")
    option(p, "--actor", key="requirements.actor")
    option(p, "--school-type", key="requirements.school_type")
    option(p, "--modality", key="modality")
    option(p, "--json", key="json", action="store_true")
    p.set_defaults(func=run(cmd_requirements))

    p = command(sub, "checklist")
    option(p, "--school-type", key="checklist.school_type", required=True)
    option(p, "--attr", key="checklist.attr", action="append")
    option(p, "--place", key="checklist.place")
    option(p, "--format", key="checklist.format")
    option(p, "-o", "--output", key="checklist.output")
    option(p, "--doc", key="checklist.doc")
    option(p, "--topic", key="topic")
    option(p, "--superseded", key="checklist.superseded", action="store_true")
    option(p, "--others", key="checklist.others", action="store_true")
    p.set_defaults(func=run(cmd_checklist))

    p = command(sub, "compare")
    option(p, "--topic", key="topic")
    option(p, "--only-differing", key="compare.only_differing", action="store_true")
    option(p, "--superseded", key="compare.superseded", action="store_true")
    option(p, "--json", key="json", action="store_true")
    p.set_defaults(func=run(cmd_compare))

    p = command(sub, "review")
    option(p, "req_id", key="review.req_id")
    option(p, "--modality", key="modality")
    option(p, "--school-types", key="review.school_types")
    option(p, "--actors", key="review.actors")
    option(p, "--topics", key="review.topics")
    option(p, "--exclude", key="review.exclude", action="store_true")
    option(p, "--include", key="review.include", action="store_true")
    option(p, "--note", key="review.note")
    p.set_defaults(func=run(cmd_review))
