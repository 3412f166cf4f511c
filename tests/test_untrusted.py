"""Documents are untrusted input: invisible characters never leave the reader, exports write text
as text, the terminal and the app get no control sequence or markup from a document."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import time
from pathlib import Path

import pytest
from conftest import copy_home, run, settle

from policykb.corpus.parse import parse_file
from policykb.corpus.sanitize import BIDI, CONTROLS, ESCAPES, ZERO_WIDTH, strip_invisible
from policykb.corpus.tree import parse_clauses

ESC = "\x1b"
HOSTILE = (
    "某县学校安全管理实施方案\n"
    "一、工作要求\n"
    f"1.=HYPERLINK(\"http://example.invalid\",\"详情\")学校应当建立门卫登记制度。{ESC}]0;pwned\x07\n"
    f"2.学校应当每学期开展2次{ESC}[8m应急疏散演练{ESC}[0m。\n"
    "3.学校应当每周检查一次\u202e消防\u200b器材\x0b设施。\n"
    "二、禁止事项\n"
    "- 学校不得组织学生参加商业性庆典活动。\n"
    "• @SUM(1+1)学校应当每月开展一次安全隐患排查。\n"
    "● +cmd|' /C calc'!A0 学校应当建立值班制度。\n"
    "三、其他\n"
    "1.学校应当公开 [@click=app.quit]退出[/] 和 [link=http://x]链接[/link] 的办法。\n"
    "2.[@click=app.quit]短标题[/]\n"
)


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "某县学校安全管理实施方案.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.fixture
def hostile_home(seeds_built: Path, tmp_path: Path, hostile_file: Path, capsys) -> Path:  # type: ignore[no-untyped-def]
    home = copy_home(seeds_built, tmp_path)
    code, _, err = run(capsys, home, "add", str(hostile_file))
    assert code == 0, err
    return home


def test_reading_strips_invisible_characters_and_counts_them(hostile_file: Path) -> None:
    doc = parse_file(hostile_file)
    assert not any(ch in doc.text for ch in (ESC, "\x07", "\x0b", "\u202e", "\u200b"))
    assert "pwned" not in doc.text and "应急疏散演练。" in doc.text and "消防器材设施" in doc.text
    assert doc.report.stripped == {ESCAPES: 3, CONTROLS: 1, BIDI: 1, ZERO_WIDTH: 1}


def test_the_parse_report_lists_what_was_stripped(capsys, hostile_home: Path) -> None:
    code, out, _ = run(capsys, hostile_home, "doc", "某县学校安全管理实施方案", "--report")
    assert code == 0 and "读取时清除的不可见字符" in out
    for kind in (ESCAPES, CONTROLS, BIDI, ZERO_WIDTH):
        assert kind in out


def test_an_unterminated_escape_keeps_the_words_after_it() -> None:
    text, counts = strip_invisible(f"学校{ESC}]应当建立制度。\n下一行")
    assert text == "学校应当建立制度。\n下一行" and counts[ESCAPES] == 1


def test_bullets_are_list_items_and_leave_the_requirement_text() -> None:
    clauses = {c.path: c for c in parse_clauses("X", "一、要求\n- 学校应当每月开展一次排查。\n• 学校应当建立制度。\n"
                                                     "● 每学期至少演练两次。\n▪ 教师应当签到。\n○ 家长应当配合。\n")}
    assert [p for p in clauses if "•" in p] == ["一/•1", "一/•2", "一/•3", "一/•4", "一/•5"]
    assert clauses["一/•1"].level == "•" and clauses["一/•1"].parent_id == "X/一"
    from policykb.corpus.parse import parse
    from policykb.corpus.read import RawText
    from policykb.kb.extract import Extractor
    from policykb.kb.vocab import load_vocabulary

    raw = RawText(Path("某县方案.txt"), "某县学校安全工作方案\n一、工作要求\n- 学校应当每月开展一次安全隐患排查。\n",
                  "txt", "utf-8", "0" * 64)
    reqs = Extractor(load_vocabulary()).document(parse(raw))
    assert [r.text for r in reqs] == ["学校应当每月开展一次安全隐患排查。"]


def _checklist(capsys, home: Path, fmt: str, out: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, home, "checklist", "--school-type", "小学", "--doc", "某县学校安全管理实施方案",
                       "--format", fmt, "-o", str(out))
    assert code == 0, err


def _requirements(capsys, home: Path) -> list[str]:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, home, "requirements", "--doc", "某县学校安全管理实施方案", "--json")
    return [r["text"] for r in json.loads(out)]


def test_xlsx_cells_are_text_never_formulas(capsys, hostile_home: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    texts = _requirements(capsys, hostile_home)
    assert any(t.startswith("=HYPERLINK") for t in texts) and any(t.startswith("@SUM") for t in texts)
    _checklist(capsys, hostile_home, "xlsx", tmp_path / "a.xlsx")
    ws = load_workbook(tmp_path / "a.xlsx").active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" for c in cells), [c.value for c in cells if c.data_type == "f"]
    column = [re.sub(r"^【禁止】", "", c.value) for c in ws["C"][2:]]  # 要求 (bans carry 【禁止】)
    assert sorted(column) == sorted(texts)
    validations = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert validations == ['"达标,部分达标,未达标,不适用"']  # the dropdown's list is the one formula


def test_csv_cells_that_a_spreadsheet_would_run_are_prefixed(capsys, hostile_home: Path, tmp_path: Path) -> None:
    texts = _requirements(capsys, hostile_home)
    _checklist(capsys, hostile_home, "csv", tmp_path / "a.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "a.csv").read_text(encoding="utf-8-sig"))))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    column = [row[2] for row in rows[1:]]
    unprefixed = [re.sub(r"^【禁止】", "", c[1:] if c.startswith("'") and c[1:2] in "=+-@" else c) for c in column]
    assert sorted(unprefixed) == sorted(texts)
    assert "'=HYPERLINK" in " ".join(column) and "'@SUM" in " ".join(column)


def test_markdown_escapes_table_and_markup_characters(capsys, hostile_home: Path, tmp_path: Path) -> None:
    _checklist(capsys, hostile_home, "md", tmp_path / "a.md")
    md = (tmp_path / "a.md").read_text(encoding="utf-8")
    rows = [line for line in md.splitlines() if line.startswith("| ") and "HYPERLINK" in line or "cmd" in line]
    assert rows
    for line in rows:
        cells = [c for c in line.replace("\\|", "").split("|")]
        assert len(cells) == 10, line  # 8 columns, none split by a | from the document
    assert "\\[@click=app.quit\\]" in md and "\\[link=http://x\\]" in md


def test_show_and_ask_print_no_control_character(capsys, hostile_home: Path) -> None:
    code, out, _ = run(capsys, hostile_home, "doc", "某县学校安全管理实施方案", "--json")
    for clause in json.loads(out)["clauses"]:
        code, shown, err = run(capsys, hostile_home, "show", clause["clause_id"])
        assert code == 0, err
        assert not [ch for ch in shown if ord(ch) < 0x20 and ch != "\n"], clause["clause_id"]
    code, out, _ = run(capsys, hostile_home, "ask", "门卫登记制度")
    assert code == 0 and not [ch for ch in out if ord(ch) < 0x20 and ch != "\n"]


def test_the_cli_filters_what_reaches_the_terminal_even_if_reading_did_not(capsys) -> None:
    from policykb.tui import output

    with output.printable_streams():
        print(f"a{ESC}]0;title\x07b{ESC}[8mc\td\x9be")
    out, _ = capsys.readouterr()
    assert out == "abc d\n"  # \x9be is an 8-bit CSI whose final byte is e


def test_the_app_shows_markup_in_a_document_as_written(hostile_home: Path) -> None:
    from policykb.indexer.library import Library
    from policykb.tui.app import PolicyApp
    from policykb.tui.widgets.message import TurnView
    from policykb.tui.widgets.source import SourceScreen

    app = PolicyApp(library=Library.open(hostile_home))

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.query_one("#prompt").focus()
            await pilot.press(*"公开退出和链接的办法", "enter")
            await settle(pilot)
            view = list(app.query(TurnView))[-1]
            assert view.turn is not None
            app.open_clause("某县学校安全管理实施方案", "某县学校安全管理实施方案/三/1")
            await settle(pilot)
            assert isinstance(app.screen, SourceScreen)
            clause_id = "某县学校安全管理实施方案/三/1"
            option = app.screen.query_one("#text").get_option(clause_id)
            assert "[@click=app.quit]退出[/]" in option.prompt.plain and "[link=http://x]" in option.prompt.plain
            labels = [str(n.label) for n in app.screen.query_one("#outline").root.children[-1].children]
            assert any("[@click=app.quit]" in label for label in labels), labels
            await pilot.click("#text")
            await pilot.pause()
            assert app.is_running  # the [@click=app.quit] in the document did nothing

    asyncio.run(main())


def test_regexes_stay_linear_on_hostile_lines() -> None:
    """A guard, not a benchmark (bench/bench_hostile.py measures): ten times the input must not
    take a hundred times as long."""
    from policykb.corpus.clean import clean

    def cost(n: int) -> float:
        text = "1至" * n
        start = time.perf_counter()
        clean(text, "txt")
        parse_clauses("X", text)
        strip_invisible(text)
        return time.perf_counter() - start

    small, large = cost(5_000), cost(50_000)
    assert large < 30 * max(small, 0.002)


def test_a_docx_entity_is_never_fetched_and_the_text_after_it_stays(tmp_path: Path) -> None:
    """`第一条 学校应当&xxe;遵守规定。` kept only "第一条 学校应当" (issue 27): the entity is
    dropped unread, the words after it stay, and the report says what was removed."""
    import zipfile

    import docx

    from policykb.corpus.parse import parse_file

    plain = tmp_path / "plain.docx"
    d = docx.Document()
    d.add_paragraph("第一条 学校应当MARK遵守规定。")
    d.add_paragraph("第二条 教师应当为人师表。")
    d.save(str(plain))
    secret = tmp_path / "secret.txt"
    secret.write_text("不该出现的秘密", encoding="utf-8")
    hostile = tmp_path / "某县学校管理办法.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(hostile, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, rest = text.split("?>", 1)
                text = (head + "?>" + f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
                        + rest.replace("MARK", "&xxe;"))
                data = text.encode("utf-8")
            dst.writestr(item, data)
    doc = parse_file(hostile)
    assert "学校应当遵守规定。" in doc.text and "为人师表" in doc.text
    assert "秘密" not in doc.text
    assert any("&xxe;" in note for note in doc.report.notes), doc.report.notes


INVISIBLE = "学\U000E0041\U000E0042校\u2061应\u2062当\u00ad每\u034f周\ufe0f开\U000E0101展"


def test_every_kind_of_invisible_character_is_stripped_and_counted() -> None:
    """Tag characters, the invisible operators U+2061–2064, the soft hyphen, the combining grapheme
    joiner and variation selectors (they shifted the app's outline border); line and paragraph
    separators become line breaks."""
    from policykb.corpus.sanitize import SELECTORS, SEPARATORS, TAGS, printable

    text, counts = strip_invisible(f"{INVISIBLE}一次检查。\u2028下一行\u2029")
    assert text == "学校应当每周开展一次检查。\n下一行\n"
    assert counts == {TAGS: 2, ZERO_WIDTH: 4, SELECTORS: 2, SEPARATORS: 2}
    assert printable(INVISIBLE) == "学校应当每周开展" and printable("甲\u2028乙") == "甲\n乙"


def test_no_invisible_character_leaves_in_an_export_or_on_stdout(capsys, seeds_built: Path, tmp_path: Path) -> None:
    """One sanitiser for every way text leaves: checklist csv/md/json on stdout (written as bytes,
    past the stream filter) and in files, xlsx cells. Here the stored text itself holds them (a
    library read by an older reader), so only the output fence stands between them and the user."""
    import sqlite3

    from openpyxl import load_workbook

    home = copy_home(seeds_built, tmp_path)
    db = sqlite3.connect(home / "library.db")
    rows = db.execute("SELECT req_id, data FROM requirements").fetchall()
    for req_id, data in rows:
        record = json.loads(data)
        record["text"] = record["text"][:2] + INVISIBLE + "\u2028" + record["text"][2:]
        db.execute("UPDATE requirements SET data = ? WHERE req_id = ?", (json.dumps(record, ensure_ascii=False), req_id))
    db.commit()
    db.close()
    hidden = re.compile("[\U000E0000-\U000E01EF\u2061-\u2064\u00ad\u034f\ufe00-\ufe0f\u2028\u2029]")
    for fmt in ("csv", "md", "json"):
        code, out, err = run(capsys, home, "checklist", "--school-type", "初中", "--format", fmt)
        assert code == 0, err
        assert not hidden.search(out), fmt
        path = tmp_path / f"list.{fmt}"
        code, _, err = run(capsys, home, "checklist", "--school-type", "初中", "--format", fmt, "-o", str(path))
        assert code == 0 and not hidden.search(path.read_text(encoding="utf-8-sig")), fmt
    xlsx = tmp_path / "list.xlsx"
    assert run(capsys, home, "checklist", "--school-type", "初中", "-o", str(xlsx))[0] == 0
    cells = [str(c.value) for row in load_workbook(xlsx).active.iter_rows() for c in row if c.value]
    assert cells and not any(hidden.search(c) for c in cells)


def test_html_nested_past_any_document_is_flattened_not_a_crash(tmp_path: Path) -> None:
    """20,000 nested <div>s ended in a RecursionError (2,000) or ran for minutes (100,000): the
    nesting past 100 levels is flattened in one pass, the text kept, the report says so."""
    from policykb.corpus.html_reader import MAX_DEPTH, flatten

    depth = 20_000
    page = tmp_path / "某县学校管理办法.html"
    page.write_text("<html><body>" + "<div>" * depth + "<p>第一条 学校应当遵守规定。</p><p>第二条 教师应当为人师表。</p>"
                    "<p>第三条 本办法自发布之日起施行。</p>" + "</div>" * depth + "</body></html>", encoding="utf-8")
    doc = parse_file(page)
    assert [c.path for c in doc.clauses][-3:] == ["第一条", "第二条", "第三条"]
    assert any(f"{MAX_DEPTH} 层" in n for n in doc.report.notes), doc.report.notes
    shallow = "<div><p>甲</p><span>乙</span></div>"
    assert flatten(shallow) == (shallow, 0)  # an ordinary page is left as it is
    flat, n = flatten("<div>" * 3 + "<p>文字</p><b>粗</b>" + "</div>" * 3, limit=2)
    assert n == 3 and "文字" in flat and "粗" in flat and flat.count("<div>") == 2


def test_a_sentence_that_never_ends_is_cut_into_clauses_of_bounded_length(tmp_path: Path) -> None:
    """One line of 300,000 characters and no full stop was one clause (and quadratic work after it):
    it is cut at commas into pieces no longer than MAX_PIECE, and the report says how many."""
    from policykb.corpus.tree import MAX_PIECE

    line = tmp_path / "某县方案.txt"
    line.write_text("某县方案\n" + "学校应当遵守规定，教师应当为人师表，" * 16_000, encoding="utf-8")
    doc = parse_file(line)
    assert max(len(c.text) for c in doc.clauses) <= MAX_PIECE and len(doc.clauses) > 300
    assert sum(c.span[1] - c.span[0] for c in doc.clauses) == len(doc.text)  # still tiles the text
    assert all(c.text.endswith("，") for c in doc.clauses[1:-1])  # cut at commas
    assert any("逗号" in n for n in doc.report.notes), doc.report.notes


def test_a_text_longer_than_any_policy_document_is_refused_by_name(tmp_path: Path, monkeypatch) -> None:
    from policykb.corpus.errors import ReadError
    from policykb.corpus.read import read

    monkeypatch.setenv("POLICYKB_MAX_CHARS", "5000")
    long = tmp_path / "超长文件.txt"
    long.write_text("某县方案\n" + "学校应当遵守规定。" * 1000, encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read(long)
    assert "超长文件.txt" in err.value.message and "5,000" in err.value.message
    assert "POLICYKB_MAX_CHARS" in err.value.message
    huge = tmp_path / "更长.txt"  # refused before decoding, from its size alone
    huge.write_bytes(("学" * 10_000).encode("utf-8"))
    with pytest.raises(ReadError) as err:
        read(huge)
    assert "更长.txt" in err.value.message and "约" in err.value.message


def test_a_docx_whose_text_part_is_larger_than_a_document_is_refused(tmp_path: Path, monkeypatch) -> None:
    import zipfile

    import docx

    import policykb.corpus.read as reading
    from policykb.corpus.errors import ReadError

    monkeypatch.setattr(reading, "MAX_XML_MB", 1)
    d = docx.Document()
    for _ in range(16_000):
        d.add_paragraph("第一条 学校应当遵守规定。")
    big = tmp_path / "大文件.docx"
    d.save(str(big))
    assert max(i.file_size for i in zipfile.ZipFile(big).infolist()) > 1_000_000 > big.stat().st_size
    with pytest.raises(ReadError) as err:
        reading.read(big)
    assert "大文件.docx" in err.value.message and "1 MB" in err.value.message


def test_a_docx_nested_past_any_document_is_refused_by_name(tmp_path: Path) -> None:
    """Word XML nested 100,000 levels deep: refused at once with the file's name (the XML parser
    stops at its depth limit), not a stall or a crash."""
    import zipfile

    import docx

    from policykb.corpus.errors import ReadError
    from policykb.corpus.read import read

    plain = tmp_path / "plain.docx"
    d = docx.Document()
    d.add_paragraph("第一条 学校应当MARK遵守规定。")
    d.save(str(plain))
    deep = tmp_path / "嵌套很深.docx"
    depth = 100_000
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(deep, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.decode("utf-8").replace(
                    "MARK", "</w:t></w:r>" + "<w:smartTag>" * depth + "<w:r><w:t>深</w:t></w:r>"
                    + "</w:smartTag>" * depth + "<w:r><w:t>").encode("utf-8")
            dst.writestr(item.filename, data)
    with pytest.raises(ReadError) as err:
        read(deep)
    assert "嵌套很深.docx" in err.value.message
