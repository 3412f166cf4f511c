"""`policykb serve` (tui/serve.py): who gets in, how many, what a visitor can do, and the served app
answering for real over its websocket. The browser itself is tests/test_serve_browser.py's."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_home, policykb, run, settle, snapshot


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- who gets in -----------------------------------------------------------------------------
def test_loopback_needs_no_token_and_any_other_address_does() -> None:
    from policykb.corpus.errors import PolicyKBError
    from policykb.tui.serve import access_token, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.9") and not is_loopback("example.org")
    assert access_token("127.0.0.1", None) is None
    with pytest.raises(PolicyKBError, match="--token"):
        access_token("0.0.0.0", None)
    made = access_token("0.0.0.0", "auto")
    assert made and len(made) >= 20 and made != access_token("0.0.0.0", "auto")
    assert access_token("0.0.0.0", "a-long-enough-token") == "a-long-enough-token"
    for bad in ("short", "has space in it!", "with&ampersand-x"):
        with pytest.raises(PolicyKBError):
            access_token("0.0.0.0", bad)


def test_serve_on_another_address_without_a_token_refuses_to_start(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("POLICYKB_TOKEN", raising=False)
    code, out, err = run(capsys, tmp_path / "home", "serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert code == 1 and "--token" in err and "Traceback" not in err
    assert not (tmp_path / "home").exists()  # refused before anything was built
    with socket.socket() as busy:  # a port in use, an address that is not this machine's: said so
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code, out, err = run(capsys, tmp_path / "home", "serve", "--port", str(busy.getsockname()[1]))
        assert code == 1 and "已被占用" in err and "--port" in err
    code, out, err = run(capsys, tmp_path / "home", "serve", "--host", "192.0.2.77", "--token", "a-long-enough-token")
    assert code == 1 and "不是这台机器的地址" in err
    assert not (tmp_path / "home").exists()


async def _client(server: Any) -> Any:
    from aiohttp.test_utils import TestClient, TestServer

    client = TestClient(TestServer(await server._make_app()))  # noqa: SLF001 — the server's own aiohttp app
    await client.start_server()
    return client


def test_a_request_without_the_token_gets_401_before_any_app_starts(tmp_path: Path) -> None:
    from policykb.tui.serve import COOKIE, make_server

    server = make_server(tmp_path, "0.0.0.0", 0, "the-token-of-the-bureau", 2, 600, command="exit 1")

    async def main() -> None:
        client = await _client(server)
        try:
            for path in ("/", "/ws", "/static/js/textual.js", "/download/x"):
                r = await client.get(path)
                assert r.status == 401, path
                assert "访问令牌" in await r.text()
            r = await client.get("/?token=wrong-token-of-someone", allow_redirects=False)
            assert r.status == 401
            r = await client.get("/?token=the-token-of-the-bureau", allow_redirects=False)
            assert r.status == 302 and r.headers["Location"] == "/"  # the token leaves the address bar
            name = COOKIE.format(port=0)
            assert name in r.cookies and r.cookies[name]["httponly"] and int(r.cookies[name]["max-age"]) > 86400
            r = await client.get("/")  # the cookie now
            page = await r.text()
            assert r.status == 200 and "policykb 政策文件库" in page
            # nothing the page loads comes from another host
            assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page) and "googleapis" not in page
            r = await client.get("/static/js/textual.js")
            assert r.status == 200
            assert server.started == 0  # no app process for any of it
        finally:
            await client.close()

    asyncio.run(main())


def test_a_session_from_another_sites_page_is_refused_and_a_full_server_says_so(tmp_path: Path) -> None:
    from policykb.tui.serve import make_server

    server = make_server(tmp_path, "127.0.0.1", 0, None, 1, 600, command="exit 1")

    async def main() -> None:
        client = await _client(server)
        try:
            r = await client.get("/ws", headers={"Origin": "http://evil.example"})
            assert r.status == 403
            server.active.add(object())  # one session open: the server is full
            r = await client.get("/")
            assert r.status == 503 and "服务器已满" in await r.text()
            ws = await client.ws_connect("/ws")
            msg = await ws.receive()
            assert msg.type.name in ("CLOSE", "CLOSED") and ws.close_code == 1013
            assert server.started == 0
        finally:
            await client.close()

    asyncio.run(main())


# -- what a visitor can do -------------------------------------------------------------------
def test_a_visitor_reads_downloads_and_keeps_their_own_history(seeds_built: Path, tmp_path: Path,
                                                               monkeypatch) -> None:
    """A served app: no add, remove, re-index or picker; the checklist export is a download (no file
    on the server); a 我的学校 choice and the turns asked are the visitor's, not the home's."""
    from policykb.indexer.library import Library
    from policykb.tui.app import PolicyApp
    from policykb.tui.widgets.library import LibraryPane

    home = copy_home(seeds_built, tmp_path)
    before = snapshot(home)
    app = PolicyApp(library=Library.open(home), visitor=True)
    delivered: list[tuple[bytes, str]] = []

    def deliver(data: Any, *, save_filename: str, **_: Any) -> str:
        delivered.append((data.read(), save_filename))
        return "key"

    monkeypatch.setattr(app, "deliver_binary", deliver)
    monkeypatch.chdir(tmp_path)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.query_one("#prompt").focus()
            await pilot.press(*"班主任工作量如何计算", "enter")
            await settle(pilot)
            assert app.session is not None and len(app.session.history.load()) == 1
            await pilot.press("f4")
            await settle(pilot)
            pane = app.query_one(LibraryPane)
            assert pane.check_action("add", ()) is False and pane.check_action("remove", ()) is False
            pane.action_add()
            pane.action_reindex()
            await settle(pilot)
            assert len(app.screen_stack) == 1  # no picker, no confirmation: nothing to change
            commands = [c.title for c in app.get_system_commands(app.screen)]
            assert not any("添加" in t or "重建" in t or "删除" in t for t in commands), commands
            await pilot.press("f1")
            await settle(pilot)
            from textual.widgets import Markdown

            shown = str(app.screen.query_one(Markdown).source)
            assert "只能查阅" in shown and "settings.json" not in shown and str(home) not in shown
            assert "library.add" not in shown
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            assert not app.query_one("#export-path").display  # no path on the server
            await pilot.press("ctrl+e")
            await settle(pilot)

    asyncio.run(main())
    assert len(delivered) == 1
    data, name = delivered[0]
    assert name.endswith(".xlsx") and data[:2] == b"PK"  # an xlsx, to the browser
    assert not list(tmp_path.glob("*.xlsx"))  # and no file written where the app runs
    after = snapshot(home)
    after.pop("references.json", None)  # a derived cache (written atomically), which `serve` fills at start
    assert after == before  # the library, its settings and its history untouched


def test_a_visitor_never_builds_a_library(tmp_path: Path) -> None:
    from policykb.tui.app import PolicyApp

    app = PolicyApp(home=tmp_path / "none", visitor=True)

    async def main() -> None:
        async with app.run_test() as pilot:
            await pilot.pause(0.5)

    asyncio.run(main())
    assert app.return_code == 1 and not (tmp_path / "none").exists()


# -- the served app, for real ----------------------------------------------------------------
def start_serve(home: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], int]:
    """`policykb serve` as the curator runs it, on a free loopback port, once it listens."""
    port = free_port()
    proc = subprocess.Popen(policykb("--home", str(home), "serve", "--port", str(port), *extra),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, **(env or {})}, cwd=home.parent)
    deadline = time.time() + 120
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc, port
        if proc.poll() is not None:
            raise AssertionError(f"serve stopped: {proc.stdout.read() if proc.stdout else ''}")
        time.sleep(0.2)
    proc.kill()
    raise AssertionError("serve did not listen")


def stop_serve(proc: subprocess.Popen[str]) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


async def visitor(url: str, questions: list[tuple[str, str]], width: int = 120, height: int = 40,
                  timeout: float = 90) -> dict[str, Any]:
    """One browser's session over the websocket: wait for the first screen, ask each question (typed
    as keys) and wait for the expected words on the screen. Returns when each came (seconds)."""
    import aiohttp

    out: dict[str, Any] = {"answers": [], "first": None}
    async with aiohttp.ClientSession() as session, session.ws_connect(
            f"{url}?width={width}&height={height}", max_msg_size=0) as ws:
        await ws.send_str(json.dumps(["resize", {"width": width, "height": height}]))
        start = time.monotonic()
        screen = b""
        pending = list(questions)
        want: str | None = None
        while time.monotonic() - start < timeout:
            try:
                msg = await ws.receive(timeout=1)
            except TimeoutError:
                msg = None
            if msg is not None:
                if msg.type.name == "BINARY":
                    screen += msg.data
                elif msg.type.name in ("CLOSE", "CLOSED", "ERROR"):
                    out["closed"] = ws.close_code
                    break
            text = screen.decode("utf-8", "replace")
            if out["first"] is None and "我的学校" in text:
                out["first"] = time.monotonic() - start
            if out["first"] is not None and want is None:
                if not pending:
                    break
                question, want = pending.pop(0)
                screen = b""
                asked = time.monotonic()
                await ws.send_str(json.dumps(["stdin", question + "\r"]))
            elif want is not None and want in text:
                out["answers"].append(time.monotonic() - asked)
                want = None
                await asyncio.sleep(0.3)
        out["screen"] = screen.decode("utf-8", "replace")
    return out


def test_served_app_answers_in_a_session_and_leaves_the_library_as_it_was(seeds_built: Path,
                                                                           tmp_path: Path) -> None:
    home = copy_home(seeds_built, tmp_path)
    proc, port = start_serve(home, "--max-sessions", "2")
    try:
        before = snapshot(home)
        got = asyncio.run(visitor(f"ws://127.0.0.1:{port}/ws", [("班主任工作量如何计算", "二分之一")]))
        assert got["first"] is not None, got["screen"][-800:]
        assert len(got["answers"]) == 1, got["screen"][-800:]
        time.sleep(1)
        assert snapshot(home).keys() == before.keys()  # no history.jsonl, no settings.json written (and the
        # references' cache was filled by serve before the first visitor)
        # the tab closed (the websocket gone): its app process ends
        _wait_for(lambda: not children(proc.pid), 20, "the closed session's process to end")
    finally:
        log = stop_serve(proc)
    assert "Traceback" not in log, log


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the visitors' app processes of a serve process)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _wait_for(test: Any, seconds: float, what: str) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if test():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds:.0f} s for {what}")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the processes from /proc")
def test_an_idle_session_ends_and_its_process_with_it(seeds_built: Path, tmp_path: Path) -> None:
    home = copy_home(seeds_built, tmp_path)
    proc, port = start_serve(home, "--idle-minutes", "0.1")  # 6 s

    async def idle() -> Any:
        import aiohttp

        async with aiohttp.ClientSession() as session, session.ws_connect(f"ws://127.0.0.1:{port}/ws") as ws:
            start = time.monotonic()
            while time.monotonic() - start < 60:
                msg = await ws.receive(timeout=60)
                if msg.type.name in ("CLOSE", "CLOSED", "ERROR"):
                    return ws.close_code, time.monotonic() - start
            return None, time.monotonic() - start

    try:
        code, took = asyncio.run(idle())
        assert code == 1000 and 5 < took < 40, (code, took)
        _wait_for(lambda: not children(proc.pid), 20, "the idle session's process to end")
    finally:
        stop_serve(proc)


LOAD_SECONDS = float(os.environ.get("POLICYKB_LOAD_SECONDS", "60"))


def test_ten_sessions_ask_while_the_curator_adds_a_document(bundled_built: Path, tmp_path: Path) -> None:
    """The bounded load test: 10 sessions asking for a minute on loopback, a curator's `add` in the
    middle. Every answer arrives, no session breaks, and the library holds the new document whole."""
    home = copy_home(bundled_built, tmp_path)
    new = tmp_path / "某县课后服务管理办法.txt"
    new.write_text("某县课后服务管理办法\n\n一、学校每天课后服务结束时间不早于当地正常下班时间。\n"
                   "二、课后服务不得收取学生任何费用，由财政经费保障。\n", encoding="utf-8")
    proc, port = start_serve(home, "--max-sessions", "12")
    # each with a word of its answer that the question (echoed as typed) and the others' answers lack
    questions = [("班主任工作量如何计算", "二分之一"), ("学校能不能分重点班", "非重点班"),
                 ("中小学每天体育活动多长时间", "课间操"), ("校车驾驶人应当具备什么条件", "上海市")]

    async def session(n: int, until: float) -> dict[str, Any]:
        asked, answered, firsts = 0, 0, []
        while time.monotonic() < until:
            round_ = [questions[(n + k) % len(questions)] for k in range(2)]
            got = await visitor(f"ws://127.0.0.1:{port}/ws", round_, timeout=120)
            asked += len(round_)
            answered += len(got["answers"])
            firsts.append(got["first"])
            if got.get("closed") not in (None, 1000) or len(got["answers"]) < len(round_):
                error = f"closed {got.get('closed')}, first screen {got['first']}: {got['screen'][-600:]}"
                return {"asked": asked, "answered": answered, "error": error, "firsts": firsts}
        return {"asked": asked, "answered": answered, "error": None, "firsts": firsts}

    async def main() -> tuple[list[dict[str, Any]], subprocess.CompletedProcess[str]]:
        until = time.monotonic() + LOAD_SECONDS
        tasks = [asyncio.create_task(session(n, until)) for n in range(10)]
        await asyncio.sleep(LOAD_SECONDS / 2)
        added = await asyncio.to_thread(subprocess.run, policykb("--home", str(home), "add", str(new)),
                                        capture_output=True, text=True, timeout=300)
        return await asyncio.gather(*tasks), added

    try:
        results, added = asyncio.run(main())
    finally:
        log = stop_serve(proc)
    assert added.returncode == 0, added.stderr
    errors = [r["error"] for r in results if r["error"]]
    assert not errors, errors[0]
    assert all(r["asked"] == r["answered"] and r["asked"] >= 2 for r in results), results
    assert "Traceback" not in log and "a session failed" not in log, log[-2000:]
    code = subprocess.run(policykb("--home", str(home), "check"), capture_output=True, text=True, timeout=300)
    assert code.returncode == 0, code.stdout + code.stderr
    shown = subprocess.run(policykb("--home", str(home), "search", "课后服务结束时间"), capture_output=True,
                           text=True, timeout=300)
    assert "某县课后服务管理办法" in shown.stdout


def test_a_served_page_loads_nothing_from_outside(seeds_built: Path, tmp_path: Path) -> None:
    """The page and every file it names come from the server: the bundled static files are there."""
    import urllib.request

    home = copy_home(seeds_built, tmp_path)
    proc, port = start_serve(home)
    try:
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read().decode("utf-8")
        assert "<title>policykb 政策文件库</title>" in page
        links = re.findall(r"(?:src|href)=\"([^\"]+)\"", page) + re.findall(r"url\(\"([^\"]+)\"\)", page)
        assert links and all(link.startswith("/static/") for link in links), links
        for link in links:
            assert urllib.request.urlopen(f"http://127.0.0.1:{port}{link}", timeout=30).status == 200
    finally:
        stop_serve(proc)
    assert sys.executable  # the served app ran with this Python (app_command)
