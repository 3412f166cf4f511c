"""Self-check lists (自查表): the requirements that bind one kind of school, grouped by topic, as
a school fills them in before an inspection — xlsx (with a 自查结果 dropdown, set up for A4), csv,
Markdown or JSON.

Drafts (征求意见稿) stay on the list with their status in their own column; superseded versions
are left out unless asked for, and the list says how many were.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.errors import PolicyKBError
from corpus.files import write_atomic
from corpus.models import SUPERSEDED
from kb.catalog import Catalog
from kb.models import Requirement

COLUMNS = ("序号", "类别", "要求", "量化指标", "责任主体", "频次/时限", "来源文件", "条款", "文件状态", "自查结果",
           "佐证材料", "备注")
RESULTS = ("达标", "部分达标", "未达标", "不适用")
FORMATS = ("xlsx", "csv", "md", "json")
_WIDTHS = (6, 10, 60, 16, 12, 14, 28, 16, 10, 10, 20, 16)


@dataclass
class Row:
    number: int
    topic: str
    req: Requirement
    doc_title: str
    path: str
    status: str

    def cells(self) -> list[str]:
        r = self.req
        amount = r.quantity.label() if r.quantity else ""
        if amount and r.metric:
            amount = f"{r.metric}：{amount}"
        when = "；".join(x for x in (r.period, r.deadline) if x)
        text = r.text if r.modality != "must_not" else f"【禁止】{r.text}"
        return [str(self.number), self.topic, text, amount, "、".join(r.actors), when, self.doc_title, self.path,
                self.status, "", "", ""]

    def record(self) -> dict[str, Any]:
        return dict(zip(COLUMNS, self.cells(), strict=True)) | {
            "req_id": self.req.req_id, "clause_id": self.req.clause_id, "modality": self.req.modality,
            "quantity": self.req.quantity.model_dump() if self.req.quantity else None,
            "school_types": list(self.req.school_types), "reviewed": self.req.reviewed}


@dataclass
class Checklist:
    school_type: str
    attributes: tuple[str, ...]
    rows: list[Row]
    left_out: int = 0  # requirements of superseded versions not listed
    topics: list[str] = field(default_factory=list)

    def title(self) -> str:
        extra = "、".join(self.attributes)
        return f"{self.school_type}{f'（{extra}）' if extra else ''}自查表"

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.topic] = out.get(row.topic, 0) + 1
        return out


def checklist(catalog: Catalog, school_type: str, attributes: Sequence[str] = ("公办",),
              doc_ids: Sequence[str] | None = None, topic: str | None = None, topics_order: Sequence[str] = (),
              superseded: bool = False, others: bool = False) -> Checklist:
    """The requirements binding `school_type` (with those attributes), grouped by topic in
    `topics_order`, each under its first topic."""
    reqs = catalog.select(doc_ids=doc_ids, topic=topic, school_type=school_type, attributes=attributes,
                          others=others)
    kept, left_out = [], 0
    for req in reqs:
        if catalog.doc(req).status in SUPERSEDED and not superseded:
            left_out += 1
            continue
        kept.append(req)
    rank = {t: n for n, t in enumerate(topics_order)}

    def first_topic(req: Requirement) -> str:
        if topic:
            return topic
        return min(req.topics, key=lambda t: rank.get(t, len(rank))) if req.topics else "其他"

    ordered = sorted(enumerate(kept), key=lambda p: (rank.get(first_topic(p[1]), len(rank)), p[0]))
    rows = []
    for n, (_, req) in enumerate(ordered, start=1):
        info = catalog.doc(req)
        path = req.clause_id[len(req.doc_id) + 1:] if req.clause_id.startswith(req.doc_id + "/") else req.clause_id
        rows.append(Row(n, first_topic(req), req, info.title, path, info.status))
    topics = list(dict.fromkeys(r.topic for r in rows))
    return Checklist(school_type, tuple(attributes), rows, left_out, topics)


def _atomic(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():
        raise PolicyKBError(f"Cannot write {path}: the folder {path.parent} does not exist. Create it or choose "
                            "another path (-o on the command line).", title="Cannot write the checklist")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise PolicyKBError(f"Cannot write {path}: {exc.strerror}. Choose another path.",
                            title="Cannot write the checklist") from exc


# Documents are data: a cell a spreadsheet would run (=HYPERLINK(…), +cmd|…, @SUM, a DDE payload)
# must stay text. CSV cells starting with these get a leading apostrophe (OWASP's advice).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LEADING = re.compile(r"^([#>=+\-!]|\d+(?=[.)]))")


def csv_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: markup characters escaped, so it shows as written."""
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
    m = _MD_LEADING.match(text)
    if m is None:
        return text
    lead = m.group(1)
    return ("\\" + text) if not lead.isdigit() else lead + "\\" + text[len(lead):]


def to_csv(cl: Checklist) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for row in cl.rows:
        writer.writerow([csv_cell(c) for c in row.cells()])
    return buf.getvalue().encode("utf-8-sig")  # with a BOM, so Excel reads it as UTF-8


def to_markdown(cl: Checklist) -> str:
    lines = [f"# {cl.title()}", ""]
    if cl.left_out:
        lines += [f"> 已被修订或废止的文件中的 {cl.left_out} 项要求未列入。", ""]
    for topic in cl.topics:
        lines += [f"## {topic}", "", "| 序号 | 要求 | 量化指标 | 责任主体 | 频次/时限 | 来源 | 自查结果 |",
                  "|---|---|---|---|---|---|---|"]
        for row in cl.rows:
            if row.topic != topic:
                continue
            c = row.cells()
            source = f"{c[6]} {c[7]}" + ("" if c[8] == "现行有效" else f"（{c[8]}）")
            lines.append("| " + " | ".join(md_cell(x) for x in (c[0], c[2], c[3], c[4], c[5], source)) + " | □达标 □部分达标 "
                         "□未达标 □不适用 |")
        lines.append("")
    return "\n".join(lines)


def to_json(cl: Checklist) -> str:
    import json

    return json.dumps({"school_type": cl.school_type, "attributes": list(cl.attributes), "title": cl.title(),
                       "left_out_superseded": cl.left_out, "items": [r.record() for r in cl.rows]},
                      ensure_ascii=False, indent=1)


def to_xlsx(cl: Checklist) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "自查表"
    ws.append([cl.title()])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws["A1"].data_type = "s"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(list(COLUMNS))
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col in range(1, len(COLUMNS) + 1):
        c = ws.cell(row=2, column=col)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = border
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(cl.rows, start=3):
        for col, value in enumerate(row.cells(), start=1):
            c = ws.cell(row=r, column=col)
            c.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            c.data_type = "s"  # text, never a formula, whatever the text starts with
            c.alignment = wrap
            c.border = border
    for n, w in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(n)].width = w
    result_col = get_column_letter(COLUMNS.index("自查结果") + 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(RESULTS) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="自查结果", error="请从列表中选择：" + "、".join(RESULTS))
    ws.add_data_validation(dv)
    if cl.rows:
        dv.add(f"{result_col}3:{result_col}{len(cl.rows) + 2}")
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if cl.left_out:
        ws.oddFooter.left.text = f"已被修订或废止的文件中的 {cl.left_out} 项要求未列入"
    ws.oddFooter.right.text = "第 &P 页，共 &N 页"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export(cl: Checklist, fmt: str, path: Path | None) -> bytes | None:
    """Write the checklist to `path` (atomically); without a path return the bytes for stdout."""
    if fmt not in FORMATS:
        raise PolicyKBError(f"Unknown checklist format '{fmt}'. Use one of: {', '.join(FORMATS)}.")
    if fmt == "xlsx":
        data = to_xlsx(cl)
    elif fmt == "csv":
        data = to_csv(cl)
    else:
        data = (to_markdown(cl) if fmt == "md" else to_json(cl)).encode("utf-8") + b"\n"
    if path is None:
        return data
    _atomic(path, data)
    return None
