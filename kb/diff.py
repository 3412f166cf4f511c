"""新旧对照: what changed between two versions of a document, clause by clause.

The two clause trees are aligned on their articles (条; in a document without articles, on its
numbered items): first the articles whose words are the same (whatever their number: a clause
renumbered from 第二十二条 to 第二十三条 is one moved clause), then the rest by similar words
(rapidfuzz), one to one, best first; an article left over whose words are mostly inside a matched
one of the other version is read as split off from it (or merged into it). What is left is added or
deleted. Words are compared without their number, whitespace or the width of punctuation (，/, and
。/. are the same), so a stray space is no change. A modified clause carries the changed words: a
character diff mapped back onto the clause's own text. Requirements whose modality, amount, period
or deadline changed are listed apart ("24小时内 → 1小时内").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from policykb.corpus.models import Document
from policykb.kb import messages as M
from policykb.kb.models import Requirement

SIMILAR = 60.0  # rapidfuzz ratio of two articles' words that are one article reworded, wherever it stands
IN_ORDER = 40.0  # … and in the same place among the articles around it (unrelated articles of one law: ~30–40)
SAME_WORDS = 200.0  # the weight of a pair with the same words: more than any reworded pair
SAME_NUMBER = 10.0  # what the same number adds to a reworded pair
INSIDE = 90.0  # partial ratio of a left-over article inside a matched one: split off or merged in
SKIPPED_LEVELS = ("前言",)  # the title and history of a law: 沿革, not a clause that changes
_NUMBER = re.compile(r"^\s*(?:第[一二三四五六七八九十百千零〇两\d]+条|[（(]?[一二三四五六七八九十\d]+[)）.、．]?)\s*")
_SPACE = re.compile(r"\s+")
# NFKC folds full-width forms (，→, （→( …); these are the widths and kinds NFKC leaves apart
_PUNCT = str.maketrans({"。": ".", "、": ",", "“": '"', "”": '"', "‘": "'", "’": "'", "〔": "(", "〕": ")",
                        "【": "[", "】": "]", "—": "-", "－": "-", "…": "...", "·": "."})
KINDS = ("modified", "moved", "added", "deleted", "unchanged")


@dataclass(frozen=True)
class Unit:
    """An article with everything under it: what is compared."""

    clause_id: str
    number: str
    text: str  # the article's own text and its paragraphs and items, a line each

    @property
    def path(self) -> str:
        return self.clause_id.split("/", 1)[1] if "/" in self.clause_id else self.clause_id


@dataclass(frozen=True)
class Span:
    """Changed words: `old` and `new` are [start, end) offsets into the old and the new text."""

    op: str  # replace / delete / insert
    old: tuple[int, int]
    new: tuple[int, int]

    def record(self) -> dict[str, Any]:
        return {"op": self.op, "old": list(self.old), "new": list(self.new)}


@dataclass(frozen=True)
class Change:
    kind: str  # modified / moved / added / deleted / unchanged
    old: Unit | None
    new: Unit | None
    spans: tuple[Span, ...] = ()
    relation: str | None = None  # split / merged: one of several clauses that came from (or went into) one

    def record(self) -> dict[str, Any]:
        return {"kind": self.kind, "old_clause_id": self.old.clause_id if self.old else None,
                "new_clause_id": self.new.clause_id if self.new else None,
                "old_number": self.old.number if self.old else None,
                "new_number": self.new.number if self.new else None,
                "old_text": self.old.text if self.old else None, "new_text": self.new.text if self.new else None,
                "spans": [s.record() for s in self.spans], "relation": self.relation,
                "renumbered": self.renumbered}

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.number != self.new.number

    def label(self) -> str:
        """变化 in words: 修改 / 新增 / 删除 / 条号改变, with the numbers where they changed."""
        out = M.DIFF_KINDS[self.kind]
        if self.relation:
            out += f"（{M.DIFF_RELATIONS[self.relation]}）"
        if self.renumbered and self.old and self.new:
            out += "，" + M.DIFF_NUMBERS.format(old=self.old.number, new=self.new.number)
        return out


@dataclass(frozen=True)
class RequirementChange:
    """A requirement of a changed clause whose modality, amount, period or deadline changed."""

    old: Requirement
    new: Requirement
    fields: dict[str, tuple[str, str]]  # field → (old value, new value)

    def record(self) -> dict[str, Any]:
        return {"old_req_id": self.old.req_id, "new_req_id": self.new.req_id, "old_text": self.old.text,
                "new_text": self.new.text,
                "changes": {k: {"old": a, "new": b} for k, (a, b) in self.fields.items()}}


@dataclass
class Diff:
    old: Document
    new: Document
    changes: list[Change]
    requirements: list[RequirementChange] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(c.kind == kind for c in self.changes)

    def summary(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in KINDS}

    def summary_line(self) -> str:
        moved = M.DIFF_MOVED.format(n=self.count("moved")) if self.count("moved") else ""
        # a summary of counts: "修改 1 条，新增 0 条，删除 0 条"
        return M.DIFF_SUMMARY.format(modified=self.count("modified"), added=self.count("added"),
                                     deleted=self.count("deleted"), moved=moved)

    def shown(self) -> list[Change]:
        """The changes a person reads: everything but the unchanged clauses, in the new text's order
        (a deleted clause where it stood)."""
        return [c for c in self.changes if c.kind != "unchanged"]

    def record(self) -> dict[str, Any]:
        return {"old": _doc_record(self.old), "new": _doc_record(self.new), "summary": self.summary(),
                "changes": [c.record() for c in self.shown()],
                "requirements": [r.record() for r in self.requirements]}


def _doc_record(doc: Document) -> dict[str, Any]:
    return {"doc_id": doc.doc_id, "title": doc.title, "date": doc.issued.isoformat() if doc.issued else None,
            "status": doc.status}


def units(doc: Document) -> list[Unit]:
    """The document's articles with their paragraphs and items; in a document without articles,
    its clauses that hold no others (a plan's numbered items)."""
    clauses = [c for c in doc.clauses if c.level not in SKIPPED_LEVELS]
    tops = [c for c in clauses if c.level == "条"]
    if not tops:
        parents = {c.parent_id for c in clauses}
        tops = [c for c in clauses if c.clause_id not in parents]
    out = []
    for top in tops:
        prefix = top.clause_id + "/"
        lines = [top.text] + [c.text for c in clauses if c.clause_id.startswith(prefix)]
        out.append(Unit(top.clause_id, top.number or top.path.rsplit("/", 1)[-1], "\n".join(lines)))
    if not out and doc.clauses:  # a notice with no numbered parts: compared whole, not found "unchanged"
        out.append(Unit(doc.clauses[0].clause_id, "", "\n".join(c.text for c in doc.clauses)))
    return out


def _folded(text: str) -> tuple[str, list[int]]:
    """The text as compared — no whitespace, punctuation of one width — and for each of its
    characters the offset in `text` it comes from."""
    chars, where = [], []
    for n, ch in enumerate(text):
        if ch.isspace():
            continue
        for out in unicodedata.normalize("NFKC", ch).translate(_PUNCT):
            if not out.isspace():
                chars.append(out)
                where.append(n)
    return "".join(chars), where


def words(text: str) -> str:
    """What two versions of a clause are compared by: its words without its number."""
    first, _, rest = text.partition("\n")
    return _folded(_NUMBER.sub("", first, count=1) + rest)[0]


def spans(old: str, new: str) -> tuple[Span, ...]:
    """The changed words of two texts, as offsets into each (whitespace and punctuation width
    ignored; the article's number is not a change)."""
    a, at = _folded(old)
    b, bt = _folded(new)
    skip_a, skip_b = _number_length(old), _number_length(new)
    matcher = difflib.SequenceMatcher(None, a[skip_a:], b[skip_b:], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in _slid(_joined(matcher.get_opcodes()), a[skip_a:], b[skip_b:]):
        if op == "equal":
            continue
        i1, i2, j1, j2 = i1 + skip_a, i2 + skip_a, j1 + skip_b, j2 + skip_b
        out.append(Span(op, _offsets(at, i1, i2, len(old)), _offsets(bt, j1, j2, len(new))))
    return tuple(out)


def _number_length(text: str) -> int:
    """How many compared characters the clause's number takes (第九条 is no change of words)."""
    m = _NUMBER.match(text)
    return len(_folded(m.group(0))[0]) if m else 0


def _joined(opcodes: Iterable[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """Two changes one character apart are read as one (a diff of Chinese text otherwise keeps a
    stray common character — 的, 和 — between the pieces of one rewording)."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in opcodes:
        if len(out) >= 2 and out[-1][0] == "equal" and out[-1][2] - out[-1][1] <= 1 and op[0] != "equal" \
                and out[-2][0] != "equal":
            _, i1, _, j1, _ = out[-2]
            out[-2:] = [("replace", i1, op[2], j1, op[4])]
            continue
        out.append(op)
    return out


def _slid(opcodes: list[tuple[str, int, int, int, int]], a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """An inserted or deleted piece moved right while that reads the same ("促[进就业…推]进" →
    "促进[就业…推进]"), not past punctuation: the piece then starts where a word does more often."""
    out = list(opcodes)
    for n, (op, i1, i2, j1, j2) in enumerate(out):
        if op not in ("insert", "delete") or n + 1 >= len(out) or out[n + 1][0] != "equal":
            continue
        text, start, end = (b, j1, j2) if op == "insert" else (a, i1, i2)  # the side the piece is on
        _, e1, e2, f1, f2 = out[n + 1]
        shift = 0
        while e2 - e1 - shift > 1 and end + shift < len(text) and text[start + shift] == text[end + shift] \
                and text[end + shift] not in "，。；：、,.;:":
            shift += 1
        if not shift:
            continue
        out[n] = (op, i1 + shift, i2 + shift, j1 + shift, j2 + shift)
        out[n + 1] = ("equal", e1 + shift, e2, f1 + shift, f2)
        if n > 0 and out[n - 1][0] == "equal":
            _, p1, p2, r1, r2 = out[n - 1]
            out[n - 1] = ("equal", p1, p2 + shift, r1, r2 + shift)
    return out


def _offsets(where: list[int], start: int, end: int, length: int) -> tuple[int, int]:
    """Offsets in the original text of folded characters [start, end)."""
    if start >= len(where):
        return (length, length)
    if end <= start:
        return (where[start], where[start])
    return (where[start], where[end - 1] + 1)


def align(old: Sequence[Unit], new: Sequence[Unit]) -> list[Change]:
    """Pairs of old and new articles. In order first: the pairing that keeps both versions' order
    and is most alike overall (a weighted longest common subsequence: the same words weigh most,
    then how alike, a little more under the same number), so an article rewritten in place is
    found even when half its words changed, while an unrelated one elsewhere is not; then, out of
    order, the same words (moved) and clearly alike words (moved and reworded)."""
    from rapidfuzz import fuzz, process

    keys_old = [words(u.text) for u in old]
    keys_new = [words(u.text) for u in new]
    weight: dict[tuple[int, int], float] = {}
    for i, key in enumerate(keys_old):
        for _, score, j in process.extract(key, keys_new, scorer=fuzz.ratio, score_cutoff=IN_ORDER, limit=None):
            if key == keys_new[j]:  # the same number a little more: [A, 删, 删, B] → [A, 删, B] deletes the second
                weight[(i, j)] = SAME_WORDS + (SAME_NUMBER if old[i].number == new[j].number else 0.0)
            elif score > IN_ORDER:
                weight[(i, j)] = score - IN_ORDER + (SAME_NUMBER if old[i].number == new[j].number else 0.0)
    pair = _in_order(len(old), len(new), weight)
    kept_order = dict(pair)  # where a deleted clause stands: after the in-order clause before it
    taken = set(pair.values())
    # out of order: the same words first, then the most alike pairs, one to one
    scored = sorted((-(SAME_WORDS if keys_old[i] == keys_new[j] else w), i, j) for (i, j), w in weight.items()
                    if i not in pair and j not in taken and (keys_old[i] == keys_new[j] or w + IN_ORDER >= SIMILAR))
    for _, i, j in scored:
        if i not in pair and j not in taken:
            pair[i] = j
            taken.add(j)
    back = {j: i for i, j in pair.items()}
    # left over but inside a matched clause of the other version: split off, merged in
    relation: dict[tuple[str, int], tuple[str, int]] = {}
    for j in (j for j in range(len(new)) if j not in back and keys_new[j]):
        best = max(((fuzz.partial_ratio(keys_new[j], keys_old[i]), i) for i in pair
                    if len(keys_old[i]) > len(keys_new[j])), default=(0.0, -1))
        if best[0] >= INSIDE:
            relation[("new", j)] = ("split", best[1])
    for i in (i for i in range(len(old)) if i not in pair and keys_old[i]):
        best = max(((fuzz.partial_ratio(keys_old[i], keys_new[j]), j) for j in back
                    if len(keys_new[j]) > len(keys_old[i])), default=(0.0, -1))
        if best[0] >= INSIDE:
            relation[("old", i)] = ("merged", best[1])
    out: list[tuple[tuple[int, int], Change]] = []
    for i, j in pair.items():
        if keys_old[i] == keys_new[j]:
            kind = "unchanged" if old[i].number == new[j].number else "moved"
            out.append(((j, 0), Change(kind, old[i], new[j])))
        else:
            out.append(((j, 0), Change("modified", old[i], new[j], spans(old[i].text, new[j].text))))
    for j in (j for j in range(len(new)) if j not in back):
        how = relation.get(("new", j))
        if how:
            source = old[how[1]]
            out.append(((j, 0), Change("modified", source, new[j], spans(source.text, new[j].text), how[0])))
        else:
            out.append(((j, 0), Change("added", None, new[j])))
    for i in (i for i in range(len(old)) if i not in pair):
        how = relation.get(("old", i))
        if how:
            target = new[how[1]]
            out.append(((how[1], 1), Change("modified", old[i], target, spans(old[i].text, target.text), how[0])))
        else:  # a deleted clause stands after the new clause its predecessor became
            out.append(((max((kept_order[k] for k in kept_order if k < i), default=-1), 1),
                        Change("deleted", old[i], None)))
    return [c for _, c in sorted(out, key=lambda p: p[0])]


def _in_order(n: int, m: int, weight: dict[tuple[int, int], float]) -> dict[int, int]:
    """The order-keeping pairing of most weight (old index → new index)."""
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above = best[i], best[i - 1]
        for j in range(1, m + 1):
            w = weight.get((i - 1, j - 1))
            row[j] = max(above[j], row[j - 1], above[j - 1] + w if w is not None else 0.0)
    pair: dict[int, int] = {}
    i, j = n, m
    while i and j:
        w = weight.get((i - 1, j - 1))
        if w is not None and best[i][j] == best[i - 1][j - 1] + w:
            pair[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pair


REQUIREMENT_FIELDS = ("modality", "quantity", "period", "deadline")


def _values(req: Requirement) -> dict[str, str]:
    return {"modality": M.MODALITY_NAMES.get(req.modality, req.modality),
            "quantity": req.quantity.label() if req.quantity else "", "period": req.period or "",
            "deadline": req.deadline or ""}


def requirement_changes(changes: Sequence[Change], old_reqs: Sequence[Requirement],
                        new_reqs: Sequence[Requirement]) -> list[RequirementChange]:
    """For each modified clause, its requirements paired with the new version's (most alike
    words) whose modality, amount, period or deadline differ."""
    from rapidfuzz import fuzz, process

    def under(reqs: Sequence[Requirement], unit: Unit) -> list[Requirement]:
        return [r for r in reqs if r.clause_id == unit.clause_id or r.clause_id.startswith(unit.clause_id + "/")]

    out = []
    for change in changes:
        if change.kind != "modified" or change.old is None or change.new is None:
            continue
        olds, news = under(old_reqs, change.old), under(new_reqs, change.new)
        used: set[int] = set()
        for req in olds:
            found = process.extractOne(words(req.text), [words(r.text) for r in news], scorer=fuzz.ratio,
                                       score_cutoff=SIMILAR)
            if found is None or found[2] in used:
                continue
            used.add(found[2])
            other = news[found[2]]
            a, b = _values(req), _values(other)
            differ = {k: (a[k], b[k]) for k in REQUIREMENT_FIELDS if a[k] != b[k]}
            if differ:
                out.append(RequirementChange(req, other, differ))
    return out


def diff(old: Document, new: Document, old_reqs: Sequence[Requirement] = (),
         new_reqs: Sequence[Requirement] = ()) -> Diff:
    changes = align(units(old), units(new))
    return Diff(old, new, changes, requirement_changes(changes, old_reqs, new_reqs))


def marked(text: str, ranges: Iterable[tuple[int, int]], open_: str, close: str) -> str:
    """`text` with each range wrapped in open_/close (for Markdown: ~~deleted~~, **inserted**)."""
    out, at = [], 0
    for start, end in sorted(ranges):
        if end <= start or start < at:
            continue
        out += [text[at:start], open_, text[start:end], close]
        at = end
    out.append(text[at:])
    return "".join(out)


def unit_of(doc: Document, clause_id: str) -> str | None:
    """The clause id of the article (or item) a clause belongs to: where a diff speaks of it; None for
    a heading or the preamble, which no article holds."""
    ids = {u.clause_id for u in units(doc)}
    cid = clause_id
    while cid and cid not in ids:
        cid = cid.rsplit("/", 1)[0] if "/" in cid else ""
    return cid or None


# -- the 新旧对照表 as a file ------------------------------------------------------------------
FORMATS = ("md", "xlsx", "json")
BREAK = "\x00"  # a line break inside a Markdown cell, until it becomes <br>


def title(d: Diff) -> str:
    def when(doc: Document) -> str:
        return doc.issued.isoformat() if doc.issued else doc.doc_id

    return M.DIFF_HEADER.format(title=d.new.title, old=when(d.old), new=when(d.new))


def requirement_lines(d: Diff, change: Change) -> list[str]:
    """What changed in the clause's requirements, a line each (要求程度：应当 → 禁止)."""
    if change.old is None or change.new is None:
        return []
    out = []
    for r in d.requirements:
        if _under(r.old.clause_id, change.old.clause_id) and _under(r.new.clause_id, change.new.clause_id):
            out += [M.DIFF_REQUIREMENT.format(field=M.DIFF_FIELDS[k], old=a or M.DIFF_NONE, new=b or M.DIFF_NONE)
                    for k, (a, b) in r.fields.items()]
    return out


def _under(clause_id: str, unit_id: str) -> bool:
    return clause_id == unit_id or clause_id.startswith(unit_id + "/")


def to_markdown(d: Diff) -> str:
    from policykb.kb.export import md_cell

    def cell(text: str, ranges: Iterable[tuple[int, int]], mark: str) -> str:
        pieces, at = [], 0
        for start, end in sorted(r for r in ranges if r[1] > r[0]):
            if start < at:
                continue
            pieces += [md(text[at:start]), mark, md(text[start:end]), mark]
            at = end
        pieces.append(md(text[at:]))
        return "".join(pieces).replace(BREAK, "<br>")

    def md(text: str) -> str:
        return md_cell(text.replace("\n", BREAK))

    lines = [f"# {md_cell(title(d))} {M.DIFF_TITLE}", "", f"> {d.summary_line()}。", "",
             "| " + " | ".join(M.DIFF_COLUMNS) + " |", "|" + "---|" * len(M.DIFF_COLUMNS)]
    for n, c in enumerate(d.shown(), start=1):
        old = cell(c.old.text, [s.old for s in c.spans], "~~") if c.old else ""
        new = cell(c.new.text, [s.new for s in c.spans], "**") if c.new else ""
        what = "<br>".join(md_cell(x) for x in [c.label(), *requirement_lines(d, c)])
        lines.append(f"| {n} | {old} | {new} | {what} |")
    return "\n".join(lines) + "\n"


def to_xlsx(d: Diff) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from policykb.kb.export import xlsx_text as clean

    def rich(text: str, ranges: Iterable[tuple[int, int]], font: InlineFont) -> CellRichText | str:
        parts: list[str | TextBlock] = []
        at = 0
        for start, end in sorted(r for r in ranges if r[1] > r[0]):
            if start < at:
                continue
            if start > at:
                parts.append(clean(text[at:start]))
            parts.append(TextBlock(font, clean(text[start:end])))
            at = end
        if at < len(text):
            parts.append(clean(text[at:]))
        return CellRichText(*parts) if any(isinstance(p, TextBlock) for p in parts) else clean(text)

    deleted = InlineFont(strike=True, color="C00000")
    inserted = InlineFont(b=True, u="single", color="0050A0")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = M.DIFF_TITLE
    ws.append([clean(title(d)) + " " + M.DIFF_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(M.DIFF_COLUMNS))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([d.summary_line()])
    ws.append(list(M.DIFF_COLUMNS))
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col in range(1, len(M.DIFF_COLUMNS) + 1):
        c = ws.cell(row=3, column=col)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.border = border
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, change in enumerate(d.shown(), start=1):
        values: list[Any] = [
            n,
            rich(change.old.text, [s.old for s in change.spans], deleted) if change.old else "",
            rich(change.new.text, [s.new for s in change.spans], inserted) if change.new else "",
            clean("\n".join([change.label(), *requirement_lines(d, change)])),
        ]
        for col, value in enumerate(values, start=1):
            c = ws.cell(row=n + 3, column=col)
            c.value = value
            if col > 1 and isinstance(value, str):
                c.data_type = "s"  # text, never a formula
            c.alignment = wrap
            c.border = border
    for letter, width in zip("ABCD", (6, 60, 60, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export(d: Diff, fmt: str, path: Any | None) -> bytes | None:
    """The 新旧对照表 written to `path` (kb.export.write); without a path its bytes."""
    import json

    from policykb.kb import export as exporting

    return exporting.export(fmt, path, {
        "md": lambda: to_markdown(d).encode("utf-8"), "xlsx": lambda: to_xlsx(d),
        "json": lambda: (json.dumps(d.record(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")})
