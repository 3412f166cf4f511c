"""Document metadata read from the text itself: title, kind, issuer, 文号, dates, status, region.

Laws carry their version date in the file name (LawRefBook style, ``义务教育法(2018-12-29).md``)
and their amendment history in the preamble; policy documents carry a title block, a signature
and a date line. Everything here is a best reading of what the document prints, never a guess
from outside it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

from policykb.corpus import places

SUFFIX = r"(实施方案|工作方案|工作计划|方案|计划|意见|办法|通知|条例|规定|简报|报告|细则|规划|纲要|决定|规程|解释|法)"
_TITLE = re.compile(rf"^([^\s，,。；;！!？?|]{{2,60}}?{SUFFIX})([（(]征求意见稿[)）])?$")
_RUNON_TITLE = re.compile(rf"^(.{{4,40}}?{SUFFIX})(?=为|根据|按照|依据|一、)")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FILE_DATE = re.compile(r"[（(](\d{4})-(\d{2})-(\d{2})[)）]")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")
_ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff]{2,24}(教育局|教育厅|教育委员会|教育体育局|教体局|人民政府|人民政府办公室|"
                          r"人民政府办公厅|教育部|委员会|办公室|办公厅)$")
_FOLDER_KIND = {"宪法": "法律", "宪法相关法": "法律", "民法典": "法律", "民法商法": "法律", "行政法": "法律",
                "经济法": "法律", "社会法": "法律", "刑法": "法律", "诉讼与非诉讼程序法": "法律",
                "行政法规": "行政法规", "地方性法规": "地方性法规", "司法解释": "司法解释", "部门规章": "部门规章",
                "案例": "案例", "其他": "其他"}


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _fullwidth_brackets(text: str) -> str:
    return re.sub(r"\(([^()]*)\)", r"（\1）", text)


def title_of(text: str, path: Path, md_title: str | None) -> str:
    if md_title:
        return md_title.strip()
    lines = [ln.strip() for ln in text.split("\n")[:25] if ln.strip()]
    candidates: list[str] = []
    for i, line in enumerate(lines):
        line = re.sub(r"^附件\s*\d*\s*[:：]\s*", "", line.lstrip("#").strip())
        m = _TITLE.match(line)
        if m and not re.match(r"^\d", line):
            title = m.group(1) + (m.group(3) or "")
            if not m.group(3) and i + 1 < len(lines) and re.fullmatch(r"[（(]征求意见稿[)）]", lines[i + 1]):
                title += lines[i + 1]
            candidates.append(title)
    if not candidates and lines and (m := _RUNON_TITLE.match(lines[0])):
        candidates.append(m.group(1))
    if candidates:
        return _fullwidth_brackets(max(candidates, key=len))
    stem = path.stem
    if re.search(r"[\u4e00-\u9fff]", stem):
        return _FILE_DATE.sub("", stem).strip()
    return lines[0][:60] if lines else stem


def _folder_kind(path: Path) -> str | None:
    """The kind a LawRefBook-style folder (行政法规/, 地方性法规/ …) gives the files inside it."""
    return next((_FOLDER_KIND[p] for p in reversed(path.parts[:-1]) if p in _FOLDER_KIND), None)


def kind_of(title: str, path: Path, is_law: bool, region: str | None) -> str:
    if folder := _folder_kind(path):
        return folder
    t = title.replace("（征求意见稿）", "")
    if t.endswith("解释") and "最高人民" in t:
        return "司法解释"
    if t.startswith("中华人民共和国") and t.endswith("法"):
        return "法律"
    if is_law and re.search(r"(条例|规定|办法|细则)$", t):
        # a place no one can tell is no national regulation either (a county's 办法 added from a file)
        return "行政法规" if region == places.NATIONAL else "地方性法规"
    if is_law and t.endswith("法"):
        return "法律"
    for suffix, kind in (("实施方案", "实施方案"), ("工作方案", "实施方案"), ("方案", "实施方案"), ("计划", "工作计划"),
                         ("简报", "简报"), ("报告", "报告"), ("规划", "规划"), ("纲要", "规划"),
                         ("意见", "规范性文件"), ("通知", "规范性文件"), ("办法", "规范性文件"),
                         ("细则", "规范性文件"), ("规定", "规范性文件"), ("指南", "规范性文件"), ("标准", "规范性文件")):
        if t.endswith(suffix):
            return kind
    return "其他"


def place_of(title: str, text: str, issuer: str | None, is_national: bool) -> tuple[str, ...] | None:
    """Where a document binds: () for the whole country, the path of divisions from the province
    down (("贵州省", "毕节市")), or None when neither its title, its issuer nor its text tells —
    never assumed national."""
    if title.startswith("中华人民共和国") or is_national or places.national_issuer(issuer) \
            or re.match(r"(?:国务院|教育部|最高人民(?:法院|检察院)|中共中央|全国人民代表大会)", title):
        return ()
    found = places.from_title(title)
    if found is None and issuer:
        found = places.from_title(issuer)
    if found is None:
        found = places.mentioned(text)  # "北京市义务教育学校…" named throughout, not in the title
    return found


def region_of(place: tuple[str, ...] | None) -> tuple[str | None, str | None]:
    """The short name and level a place is listed under: 全国/国家, 北京市/省级, 毕节市/市级,
    济南市市中区/县级."""
    if place is None:
        return None, None
    if not place:
        return places.NATIONAL, "国家"
    if len(place) == 1:
        return place[0], "省级"
    if len(place) == 2 and not place[0].endswith(("省", "自治区")):
        return "".join(place), "县级"  # 北京市朝阳区: a municipality's district
    if len(place) == 2:
        return place[1], "市级"
    return "".join(place[1:]), "县级"


def issuer_of(text: str, history: list[str]) -> str | None:
    for line in reversed(history):
        line = re.sub(r"\s+", "", _DATE.sub("，", line))
        if "批准" in line and len(history) > 1:
            continue  # a province approving a city's regulation is not its issuer
        if "国务院" in line:
            return "国务院"
        m = re.search(r"([\u4e00-\u9fff]{0,8}?)第[一二三四五六七八九十]+届(全国)?人民代表大会(常务委员会)?", line)
        if m:
            place = "全国" if m.group(2) else m.group(1)
            return f"{place}人民代表大会{m.group(3) or ''}"
        m = re.search(r"([\u4e00-\u9fff]{2,20}?)令第", line)
        if m:
            return m.group(1).removeprefix("中华人民共和国")
        if "最高人民法院" in line:
            return "最高人民法院"
    for line in text.split("\n"):
        s = line.strip()
        if len(s) <= 26 and _ISSUER_LINE.match(s):
            return s
    return None


def metadata(text: str, head: str, path: Path, md_title: str | None, is_law: bool) -> dict[str, Any]:
    """Metadata fields for `Document`, read from the cleaned text and the file name."""
    title = title_of(text, path, md_title)
    history = [ln.strip() for ln in head.split("\n") if _DATE.match(ln.strip())] if is_law else []
    m = _FILE_DATE.search(path.name)
    version_date = _date(*m.groups()) if m else None
    dates = [d for h in history for d in [_date(*_DATE.match(h).groups())] if d]  # type: ignore[union-attr]
    issued = version_date or (max(dates) if dates else None)
    if issued is None:
        for line in text.split("\n")[:60]:
            dm = _DATE.fullmatch(line.strip())
            if dm:
                issued = _date(*dm.groups())
                break
    national = _folder_kind(path) in ("法律", "行政法规", "司法解释", "部门规章")
    issuer = issuer_of(text, history)
    place = place_of(title, text, issuer, national)
    region, level = region_of(place)
    kind = kind_of(title, path, is_law, region)
    doc_number = None
    for line in head.split("\n"):
        s = line.strip()
        if (dn := _DOC_NUMBER.fullmatch(s)) or (dn := re.search(r"[\u4e00-\u9fff]{2,20}令第\s*\d+\s*号", s)):
            doc_number = dn.group(0).removeprefix("中华人民共和国")
            break
    draft = "征求意见稿" in title or "征求意见稿" in text[:1500]
    return {
        "title": title,
        "kind": kind,
        "issuer": issuer,
        "doc_number": doc_number,
        "issued": issued,
        "version_date": version_date,
        "region": region,
        "level": level,
        "place": place,
        "status": "征求意见稿" if draft else "现行有效",
        "history": tuple(history),
    }


def version_key(title: str) -> str:
    """Titles that name the same instrument in different versions share this key."""
    t = unicodedata.normalize("NFKC", title)
    t = t.removeprefix("中华人民共和国")
    t = re.sub(r"\(征求意见稿\)", "", t)
    return re.sub(r"[\s《》〈〉“”\"]", "", t).replace("中华人民共和国", "")
