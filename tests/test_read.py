"""Reading files of every supported format and encoding, and refusing what is not a document."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykb.corpus.errors import ReadError
from policykb.corpus.parse import parse_file
from policykb.corpus.read import read

TEXT = "测试学校管理办法\n一、总体要求\n1.学校每学期至少组织开展1次活动。\n2.教师每年校本培训不少于24学时。\n"


def test_gbk_file_is_detected_and_decoded(tmp_path: Path) -> None:
    f = tmp_path / "gbk.txt"
    f.write_bytes(TEXT.encode("gbk"))
    raw = read(f)
    assert raw.encoding == "gb18030"
    assert "校本培训不少于24学时" in raw.text
    doc = parse_file(f)
    assert [c.path for c in doc.clauses] == ["前言", "一", "一/1", "一/2"]


def test_one_bad_byte_does_not_refuse_a_gbk_file(tmp_path: Path) -> None:
    """A GBK file with one byte no encoding reads (issue 27: the whole file was refused as
    '无法判断文字编码'): read with that byte replaced, and the report says where."""
    body = (TEXT * 20).encode("gbk")
    cut = body.index("校本培训".encode("gbk"))
    f = tmp_path / "坏了一个字节.txt"
    f.write_bytes(body[:cut] + b"\x81\x20" + body[cut:])  # a lead byte with no trail
    raw = read(f)
    assert raw.encoding == "gb18030" and "\ufffd" in raw.text and raw.text.count("校本培训") == 20
    doc = parse_file(f)
    assert any("GBK" in n and "第 4 行" in n for n in doc.report.notes), doc.report.notes
    utf = tmp_path / "utf8.txt"  # and a UTF-8 file with one broken character
    data = (TEXT * 20).encode("utf-8")
    utf.write_bytes(data[:40] + b"\xff" + data[40:])
    raw = read(utf)
    assert raw.encoding == "utf-8" and raw.text.count("校本培训") == 20
    short = tmp_path / "短.txt"  # a short file with one bad byte too (1 % of it is less than a byte)
    data = "某县学校管理办法\n第一条 学校应当遵守规定。\n".encode("gbk")
    short.write_bytes(data[:6] + b"\x81\x20" + data[6:])
    assert "学校应当遵守规定" in read(short).text
    noise = tmp_path / "noise.txt"  # but bytes that are mostly undecodable are still refused
    noise.write_bytes(bytes(range(0x80, 0x100)) * 40)
    with pytest.raises(ReadError):
        read(noise)


def test_utf8_with_bom(tmp_path: Path) -> None:
    f = tmp_path / "bom.md"
    f.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    raw = read(f)
    assert raw.text.startswith("测试") and raw.encoding == "utf-8-sig"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"  \n", "文件是空的"),
        ("binary.txt", b"\x00\x01\x02PK\x00" * 50, "二进制"),
        ("photo.jpg", b"\xff\xd8\xff", "不支持的文件类型"),
        ("broken.docx", b"not a zip", "无法读取这个 .docx"),
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
    ],
)
def test_unreadable_files_are_refused_by_name(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read(f)
    assert name in str(err.value) and message in str(err.value)


def test_docx_automatic_numbering_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("测试学校管理办法")
    document.add_paragraph("学校要建立家长学校。", style="List Number")
    document.add_paragraph("家长学校每学期至少组织开展1次活动。", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "要求"
    table.cell(1, 0).text, table.cell(1, 1).text = "体育", "每天1小时"
    f = tmp_path / "numbered.docx"
    document.save(str(f))
    text = read(f).text
    # python-docx's paragraph.text would lose "1." and "2."; they come from numbering.xml.
    assert "1.学校要建立家长学校。" in text
    assert "2.家长学校每学期至少组织开展1次活动。" in text
    assert "体育 | 每天1小时" in text
    doc = parse_file(f)
    assert [c.path for c in doc.clauses][:3] == ["前言", "1", "2"]


def test_docx_chinese_counting_numbering() -> None:
    from policykb.corpus.docx_reader import format_number

    assert format_number(3, "chineseCounting") == "三"
    assert format_number(12, "chineseCountingThousand") == "十二"
    assert format_number(2, "decimalEnclosedCircle") == "②"


def _pdf(path: Path, lines: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    y = 800
    for line in lines:
        c.drawString(50, y, line)
        y -= 20
    c.showPage()
    c.save()


def test_text_pdf(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    f = tmp_path / "plan.pdf"
    _pdf(f, ["测试实施方案", "一、总体要求", "1.学校每学期至少组织开展1次活动。", "2.教师每年培训不少于24学时。"])
    doc = parse_file(f)
    assert doc.source.format == "pdf"
    assert doc.clause(f"{doc.doc_id}/一/2") is not None
    assert "不少于24学时" in doc.clause(f"{doc.doc_id}/一/2").text  # type: ignore[union-attr]


def test_scanned_pdf_without_text_gets_a_clear_message(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    f = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(f))
    c.rect(50, 50, 200, 200, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(ReadError, match="没有文字层"):
        read(f)


def test_html_article_without_site_furniture(tmp_path: Path) -> None:
    html = """<html><head><title>通知</title></head><body>
    <div class="nav"><a href="/">首页</a> <a href="/a">教育动态</a> <a href="/b">政策文件</a></div>
    <div class="main"><h1>某县学校管理规定</h1>
      <div class="article"><p>一、学校应当建立安全管理制度。</p><p>二、严禁以任何方式公布学生成绩和排名。</p></div>
    </div>
    <div class="footer">版权所有 某县教育局 备案号:京ICP备12345678号</div></body></html>"""
    f = tmp_path / "page.html"
    f.write_text(html, encoding="utf-8")
    doc = parse_file(f)
    assert "严禁以任何方式公布学生成绩和排名" in doc.text
    assert "版权所有" not in doc.text and "教育动态" not in doc.text
    assert [c.path for c in doc.clauses][-2:] == ["一", "二"]
