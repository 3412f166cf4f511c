"""Cleaning on small inputs: page furniture removed, broken text repaired, every change reported."""

from __future__ import annotations

from policykb.corpus.clean import clean


def test_site_furniture_is_removed_and_reported() -> None:
    raw = "\n".join([
        "当前位置:网站首页 > 政策 > 文件",
        "某县实施方案",
        "上传人:某人 文档编号:1 上传时间:2023-04-18 格式:DOCX 页数:10 大小:21.58KB",
        "第1页 / 共10页",
        "某县实施方案.docx_第2页",
        "资源描述",
        "一、学校应当建立安全管理制度。",
        "联系人:张三;电话:0857-8224104。",
        "展开阅读全文",
        "温馨提示:答案为网友推荐,仅供参考",
        "上一篇: 别的新闻",
        "扫码使用手机浏览本页内容",
        "备案号:宁ICP备20000045号-1",
        "经营许可证:宁B2-20210002",
        "网站客服QQ:2055934822",
        "金锄头文库版权所有",
    ])
    cleaned = clean(raw)
    assert cleaned.text.split("\n") == ["某县实施方案", "一、学校应当建立安全管理制度。", "联系人:张三;电话:0857-8224104。"]
    assert len(cleaned.report.removed) == 13
    assert {r.reason for r in cleaned.report.removed} >= {"导航/面包屑", "阅读器页码", "页脚（备案号）"}


def test_content_mentioning_a_licence_is_kept() -> None:
    text = "第十条 民办学校应当取得办学许可证。\n第十一条 学校应当公示办学许可证。\n第十二条 其他。"
    assert clean(text).text == text


def test_viewer_chunks_are_rejoined_across_cut_words() -> None:
    body = "建立完善校长听课评课制度，" * 20
    raw = f"1、某市实施方案一、总体要求{body}建立完善校长听\n2、课评课制度，{body}教师每年培\n3、训不少于24学时。{body}"
    cleaned = clean(raw)
    assert "建立完善校长听课评课制度" in cleaned.text
    assert "教师每年培训不少于24学时" in cleaned.text
    assert "\n" not in cleaned.text and "2、" not in cleaned.text
    assert sum(r.reason.startswith("阅读器分块") for r in cleaned.report.repaired) == 3


def test_real_numbered_lines_are_not_taken_for_chunks() -> None:
    raw = "1、学校要建立制度。\n2、教师要参加培训。\n3、学生要参加锻炼。"
    assert clean(raw).text == raw


def test_ocr_numbering_repairs_follow_the_sequence() -> None:
    raw = ("(一)实施质量提升工程L提高管理水平。完善制度。2 .共建共享资源。(二)实施强师工程"
           "L开展清风行动。2 .提升素养。(S)实施家庭赋能工程1 .强化队伍。")
    cleaned = clean(raw)
    assert "工程1.提高管理水平" in cleaned.text
    assert "。2.共建共享资源" in cleaned.text
    assert "(三)实施家庭赋能工程1.强化队伍" in cleaned.text
    reasons = [r.reason for r in cleaned.report.repaired]
    assert reasons.count("OCR 把 “1.” 识别为字母") == 2
    assert any("OCR 损坏的序号" in r for r in reasons)


def test_a_letter_is_left_alone_without_a_sequence_to_justify_it() -> None:
    raw = "使用AI技术L型教室改造。"
    assert clean(raw).text == raw


def test_broken_title_is_joined() -> None:
    raw = "毕节市深化教育教学改革提高义务教育\n\n质量实施方案\n\n(征求意见稿)\n\n一、总体要求"
    cleaned = clean(raw)
    assert cleaned.text.startswith("毕节市深化教育教学改革提高义务教育质量实施方案\n")


def test_markdown_law_is_plain_text() -> None:
    raw = "# 中华人民共和国测试法\n\n2018年12月29日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了测试，制定本法。"
    cleaned = clean(raw, "md")
    assert cleaned.text == "中华人民共和国测试法\n2018年12月29日 通过\n第一章 总则\n第一条 为了测试，制定本法。"


def test_hard_wrapped_pdf_lines_are_rejoined() -> None:
    para = "".join(chr(0x4E00 + (i * 37) % 5000) for i in range(200)) + "。"
    lines = [para[i:i + 20] for i in range(0, len(para), 20)]
    raw = "\n".join(lines) + "\n一、总体要求"
    cleaned = clean(raw)
    assert cleaned.text == para + "\n一、总体要求"
    assert cleaned.report.notes
