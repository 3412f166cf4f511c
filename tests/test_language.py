"""Users read Chinese (DESIGN.md §10): every command's --help, every error a user can cause and the
messages catalogs carry no English prose and no exception class names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from policykb.corpus import messages as corpus_messages
from policykb.indexer import messages as indexer_messages
from policykb.kb import messages as kb_messages
from policykb.tui import messages as tui_messages
from policykb.tui.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
# three English words in a row: prose ("show this help", "no such file"), not a flag, a metric or a command
PROSE = re.compile(r"\b[A-Za-z][a-z]+(?:[ ,]+[a-z]{2,}){2,}\b")
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception)\b")
# the English argparse asks for, kept as the catalog's keys
ARGPARSE_KEYS = set(tui_messages.ARGPARSE)


def english(text: str) -> list[str]:
    text = re.sub(r"`[^`]*`", "", text)  # a command to type stays as it is typed
    return PROSE.findall(text) + CLASS_NAME.findall(text)


def test_the_detector_finds_english() -> None:
    assert english("error: No document 'x' in the library")
    assert english("没有找到：PackageNotFoundError")
    assert not english("recall@1 0.967  MRR@10 0.978 用 `policykb add --bundled` 恢复 --school-type TYPE")


def _commands() -> list[list[str]]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return [[], *([name] for name in sub.choices)]  # type: ignore[union-attr]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: c[0] if c else "policykb")
def test_help_is_chinese(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and "用法" in out
    assert not english(out), out


WORDS = set(re.findall(r"[A-Za-z0-9_]+", " ".join([tui_messages.DESCRIPTION, *tui_messages.HELP.values()])))


@pytest.mark.parametrize("columns", [40, 47, 48, 50, 63, 80])
def test_help_lines_break_the_chinese_way(columns: int, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """禁则 in --help: no line starts with ）；， or ends with （, a Latin word is never cut, and no
    line (descriptions too) is wider than the terminal."""
    from rich.cells import cell_len

    from policykb.tui.linebreak import CLOSING, OPENING

    monkeypatch.setenv("COLUMNS", str(columns))
    for command in _commands():
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        out = capsys.readouterr().out
        usage, _, body = out.partition("\n\n")  # argparse's own usage lines count characters, not columns
        lines = [line.rstrip() for line in body.splitlines() if line.strip()]
        text = [line.strip() for line in lines]
        assert not [line for line in text if line[0] in CLOSING and line[0] != "."], (command, lines)
        assert not [line for line in text if line[-1] in OPENING], (command, lines)
        cut = []
        for a, b in zip(text, text[1:], strict=False):
            tail, head = re.search(r"[A-Za-z0-9_]*$", a).group(), re.match(r"[A-Za-z0-9_]*", b).group()  # type: ignore[union-attr]
            if tail and head and tail + head in WORDS:
                cut.append((a, b))
        assert not cut, (command, cut)  # "question、gol" / "d）", "xls" / "x）"
        assert all(cell_len(line) <= columns for line in lines), (command, [ln for ln in lines
                                                                            if cell_len(ln) > columns])


def _strings(module: object) -> list[str]:
    out: list[str] = []
    for name, value in vars(module).items():
        if name.startswith("_"):
            continue
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            out += [v for v in value.values() if isinstance(v, str)]
        elif isinstance(value, list):
            out += [v for v in value if isinstance(v, str)]
    return out


@pytest.mark.parametrize("module", [corpus_messages, indexer_messages, kb_messages, tui_messages],
                         ids=lambda m: m.__name__)
def test_the_message_catalogs_are_chinese(module: object) -> None:
    found = [s for s in _strings(module) if s not in ARGPARSE_KEYS and english(s)]
    assert not found, found


def test_errors_raised_in_the_code_are_chinese() -> None:
    """Every error raised with its words in place (not from a catalog) is Chinese too."""
    found = []
    for path in sorted(p for d in ("corpus", "indexer", "kb", "tui") for p in (ROOT / d).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
            if name not in ("PolicyKBError", "ReadError", "NotFoundError", "ArgumentTypeError"):
                continue
            for arg in node.exc.args:
                for part in ast.walk(arg):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str) and english(part.value):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {part.value}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("argv", [
    ["checklist"],
    ["checklist", "--school-type", "大学"],
    ["checklist", "--school-type", "小学", "--attr", "私立"],
    ["checklist", "--school-type", "小学", "--place", "北平"],
    ["checklist", "--school-type", "小学", "--format", "pdf"],
    ["checklist", "--school-type", "小学", "-o", "/no/such/folder/x.xlsx"],
    ["ask", "--top", "0", "问题"],
    ["show", "没有的文件/第一条"],
    ["doc", "不存在的文件名称"],
    ["requirements", "--topic", "天文"],
    ["review", "没有/这条#1"],
    ["eval", "/no/such/questions.jsonl"],
    ["chat", "questions.txt"],
    ["add", "/no/such/file.txt"],
    ["nosuchcommand"],
    ["docs", "--bogus"],
])
def test_errors_a_user_can_cause_are_chinese(argv: list[str], home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(["--home", str(home), *argv])
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code != 0 or "跳过" in err, err
    assert err.strip() and not english(err), err
