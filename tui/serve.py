"""`policykb serve`: the app in browsers (DESIGN §12), for a bureau that keeps one library.

textual-serve runs one app process per visitor over the one library home; this module is its
aiohttp server with what a bureau needs around it:

- **Who gets in.** Loopback only unless a token is given; a request without the token gets 401
  before any app process starts (middleware on every route, the websocket included). The token is
  given once in the address (`?token=…`), kept in a cookie for the page's own requests and taken
  out of the address bar. A page of another site cannot open a visitor's session (the websocket's
  Origin must be this server).
- **Bounded.** At most `max_sessions` app processes; the next visitor gets a Chinese page saying
  the server is full. A session idle for `idle` seconds ends; a closed tab ends its process, and a
  process that does not quit when asked is killed.
- **Nothing from outside.** The page is our own template: the web font and scripts come from this
  server (textual-serve's default page pulls a font from an external host).
- **Visitors read.** Each app process runs with POLICYKB_VISITOR=1: no add, remove or re-index, no
  file picker, exports as browser downloads, history and settings kept for the session only
  (tui/app.py). The curator changes the library from the command line; a visitor's next question
  sees the new generation (indexer/library.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
import shlex
import socket
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from policykb.corpus.errors import PolicyKBError
from policykb.tui import messages as M

log = logging.getLogger("policykb.serve")

VISITOR = "POLICYKB_VISITOR"  # set in each app process's environment: the app is a visitor's
COOKIE = "policykb_token_{port}"  # one per port: two servers on one machine keep their own
COOKIE_DAYS = 30  # a visitor opens the token's address once a month at most
TOKEN_ENV = "POLICYKB_TOKEN"  # the token from the environment: not on a command line others can list
# Measured by bench/bench_serve.py (one app process with the bundled library open, after a question):
# the default --max-sessions is the memory available at start over this, at most MAX_DEFAULT.
SESSION_MB = 160
MAX_DEFAULT = 32
IDLE_MINUTES = 30
STOP_WAIT = 10.0  # seconds an app process gets to quit before it is killed
WEB = Path(__file__).parent / "web"


def is_loopback(host: str) -> bool:
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def access_token(host: str, token: str | None) -> str | None:
    """The token the server asks for: None on loopback without one; `auto` makes one. Binding to
    another address without a token is refused, saying how."""
    if token == "auto":
        return secrets.token_urlsafe(18)
    if token is not None:
        if len(token) < 12 or not token.isprintable() or any(c in token for c in " &#?;=%\"'<>"):
            raise PolicyKBError(M.SERVE_BAD_TOKEN)
        return token
    if not is_loopback(host):
        raise PolicyKBError(M.SERVE_NEEDS_TOKEN.format(host=host))
    return None


def available_mb() -> int | None:
    """MemAvailable of /proc/meminfo in MB (None where there is none)."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def default_sessions() -> int:
    mb = available_mb()
    if mb is None:
        return 8
    return max(1, min(MAX_DEFAULT, mb // SESSION_MB))


def die_with_server() -> None:
    """In a visitor's app process: end when the server process does, even when it is killed outright
    (Linux: the kernel's parent-death signal); elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the server is already gone
        os._exit(0)


def app_command(home: Path) -> str:
    """The shell command textual-serve runs for each visitor: this Python, this library, a visitor."""
    return (f"exec env {VISITOR}=1 {shlex.quote(sys.executable)} -m policykb.tui.cli "
            f"--home {shlex.quote(str(home))}")


def _page(title: str, body: str) -> str:
    from html import escape

    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            '<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;'
            'background:#0c181f;color:#eee;display:flex;align-items:center;justify-content:center;height:90vh}'
            'div{max-width:40em;background:#12232d;padding:2em 2.5em;line-height:1.8}</style></head>'
            f'<body><div><h2>{escape(title)}</h2><p>{escape(body)}</p></div></body></html>')


def addresses(host: str) -> list[str]:
    """Where visitors reach a server bound to `host`: this machine's addresses for 0.0.0.0 or ::."""
    if host not in ("0.0.0.0", "::", ""):
        return [host]
    found: list[str] = []
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None):
            ip = str(info[4][0])
            if ip not in found and not ipaddress.ip_address(ip.split("%")[0]).is_loopback \
                    and (host == "::" or ":" not in ip):
                found.append(ip)
    return found or [socket.gethostname()]


def check_listen(host: str, port: int) -> None:
    """Refuse before anything is printed or built when the address cannot be listened on, saying why."""
    import errno

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PolicyKBError(M.SERVE_PORT_IN_USE.format(host=host, port=port)) from exc
            if exc.errno == errno.EADDRNOTAVAIL:
                raise PolicyKBError(M.SERVE_NOT_HERE.format(host=host)) from exc
            if exc.errno == errno.EACCES:
                raise PolicyKBError(M.SERVE_PRIVILEGED.format(port=port)) from exc
            raise PolicyKBError(M.SERVE_CANNOT_LISTEN.format(host=host, port=port, reason=os.strerror(exc.errno or 0)
                                                             if exc.errno else str(exc))) from exc
        except socket.gaierror as exc:
            raise PolicyKBError(M.SERVE_NOT_HERE.format(host=host)) from exc


def make_server(home: Path, host: str, port: int, token: str | None, max_sessions: int,
                idle: float, command: str | None = None, shown_token: bool = True) -> Any:
    """The server (not started). `command` replaces the app process (tests)."""
    from aiohttp import WSMsgType, web
    from textual_serve import server as ts_server
    from textual_serve.app_service import AppService

    static = Path(ts_server.__file__).parent / "static"
    cookie = COOKIE.format(port=port)

    class Bureau(ts_server.Server):
        def __init__(self) -> None:
            super().__init__(command or app_command(home), host=host, port=port, title=M.SERVE_TITLE,
                             statics_path=static, templates_path=WEB)
            self.token = token
            self.max_sessions = max_sessions
            self.idle = idle
            self.active: set[Any] = set()  # visitors connected
            self.services: set[Any] = set()  # app processes not yet reaped (connected or quitting)
            self.started = 0  # app processes started, for the log and the tests

        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")

        async def on_startup(self, app: web.Application) -> None:
            wheres = [f"http://{h if ':' not in h else f'[{h}]'}:{port}/" for h in addresses(host)]
            print(M.SERVE_STARTED.format(url="  ".join(wheres), home=home, sessions=self.max_sessions,
                                         idle=round(self.idle / 60)), flush=True)
            if self.token and shown_token:
                print(M.SERVE_TOKEN.format(url="  ".join(f"{w}?token={self.token}" for w in wheres)), flush=True)
            elif self.token:
                print(M.SERVE_TOKEN_KEPT, flush=True)

        async def _make_app(self) -> web.Application:
            import aiohttp_jinja2
            import jinja2

            app = web.Application(middlewares=[self.guard])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(str(WEB)), autoescape=True)
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", static, show_index=False, name="static"),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        @web.middleware
        async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
            """The token before anything else, and no session opened from another site's page."""
            origin = request.headers.get("Origin")
            if request.path == "/ws" and origin and urlsplit(origin).netloc != request.host:
                return web.Response(status=403, text=_page(M.SERVE_FORBIDDEN_TITLE, M.SERVE_OTHER_SITE),
                                    content_type="text/html")
            if self.token:
                given = request.query.get("token")
                kept = request.cookies.get(cookie, "")
                if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
                    if request.path == "/":  # the token out of the address bar (and the browser's history)
                        moved = web.Response(status=302, headers={"Location": "/", "Cache-Control": "no-store"})
                        moved.set_cookie(cookie, self.token, httponly=True, samesite="Strict", secure=request.secure,
                                         max_age=COOKIE_DAYS * 86400)
                        return moved
                elif not hmac.compare_digest(kept.encode(), self.token.encode()):
                    return web.Response(status=401, text=_page(M.SERVE_NO_TOKEN_TITLE, M.SERVE_NO_TOKEN),
                                        content_type="text/html")
            response: web.StreamResponse = await handler(request)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            return response

        def full(self) -> bool:
            return len(self.active) >= self.max_sessions

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            import aiohttp_jinja2

            if self.full():
                return web.Response(status=503, text=_page(M.SERVE_FULL_TITLE, M.SERVE_FULL),
                                    content_type="text/html", headers={"Retry-After": "60"})
            forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip()
            secure = request.secure or forwarded == "https"
            context = {"title": M.SERVE_TITLE, "closed": M.SERVE_CLOSED, "restart": M.SERVE_RESTART,
                       "static_url": "/static/", "font_size": 16,
                       "websocket_url": f"{'wss' if secure else 'ws'}://{request.host}/ws"}
            response: web.StreamResponse = aiohttp_jinja2.render_template("app_index.html", request, context)
            response.headers["Cache-Control"] = "no-store"
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
            await websocket.prepare(request)
            if self.full():
                await websocket.close(code=1013, message=M.SERVE_FULL_TITLE.encode())
                return websocket
            try:
                width = min(max(int(request.query.get("width", "80")), 20), 500)
                height = min(max(int(request.query.get("height", "24")), 5), 300)
            except ValueError:
                width, height = 80, 24
            async def close() -> None:  # the app process ended (quit): so does the visitor's page
                await websocket.close()

            service = AppService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                 close=close, download_manager=self.download_manager, debug=False)
            self.active.add(service)
            self.services.add(service)
            self.started += 1
            loop = asyncio.get_running_loop()
            last = [loop.time()]

            async def watch() -> None:
                while not websocket.closed:
                    await asyncio.sleep(min(30.0, self.idle / 4))
                    if loop.time() - last[0] > self.idle:
                        log.info("session idle for %d s: ended", self.idle)
                        await websocket.close(code=1000, message=M.SERVE_IDLE.encode())
                        return

            watcher = asyncio.create_task(watch())
            try:
                await service.start(width, height)
                async for message in websocket:
                    if message.type != WSMsgType.TEXT:
                        continue
                    try:
                        kind, *rest = json.loads(message.data)
                    except (ValueError, TypeError):
                        continue  # not an envelope: nothing to do with it
                    if kind == "stdin" and rest and isinstance(rest[0], str):
                        last[0] = loop.time()
                        await service.send_bytes(rest[0].encode("utf-8"))
                    elif kind == "resize" and rest and isinstance(rest[0], dict):
                        with contextlib.suppress(KeyError, TypeError, ValueError):
                            await service.set_terminal_size(int(rest[0]["width"]), int(rest[0]["height"]))
                    elif kind == "ping" and rest:
                        await websocket.send_json(["pong", rest[0]])
                    elif kind == "blur":
                        await service.blur()
                    elif kind == "focus":
                        await service.focus()
            except asyncio.CancelledError:
                pass
            except Exception:  # noqa: BLE001 — one visitor's failure must not stop the server
                log.exception("a session failed")
            finally:
                watcher.cancel()
                # the visitor has gone: their place is free while their process quits (a page reloaded
                # at once must not find the server full of sessions being closed)
                self.active.discard(service)
                await self.stop(service)
                with contextlib.suppress(Exception):
                    await websocket.close()
            return websocket

        async def stop(self, service: Any) -> None:
            """Ask the app process to quit; kill it when it has not exited STOP_WAIT seconds later,
            whatever became of its pipes (a page closed while its app was starting once left a process
            spinning with its output closed)."""
            process = getattr(service, "_process", None)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(service.stop(), STOP_WAIT)
            if process is not None and process.returncode is None:
                try:
                    await asyncio.wait_for(process.wait(), 3)
                except Exception:  # noqa: BLE001 — still running: it goes
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(process.wait(), 5)
            task = getattr(service, "_task", None)
            if task is not None and not task.done():
                task.cancel()
            self.services.discard(service)

        async def on_shutdown(self, app: web.Application) -> None:
            """No visitor's process outlives the server."""
            for service in list(self.services):
                process = getattr(service, "_process", None)
                if process is not None and process.returncode is None:
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            """An export delivered by a visitor's app: a download named in UTF-8 (自查表.xlsx)."""
            key = request.match_info["key"]
            try:
                meta = await self.download_manager.get_download_metadata(key)
            except KeyError:
                raise web.HTTPNotFound(text=M.SERVE_NO_DOWNLOAD) from None
            response = web.StreamResponse()
            kind = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
            response.headers["Content-Type"] = kind
            name = meta.file_name
            fallback = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in name) or "download"
            response.headers["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
            response.headers["Cache-Control"] = "no-store"
            await response.prepare(request)
            async for chunk in self.download_manager.download(key):
                await response.write(chunk)
            await response.write_eof()
            return response

    return Bureau()


def serve(home: Path, host: str, port: int, token: str | None, max_sessions: int | None,
          idle_minutes: float | None) -> int:
    """Serve until Ctrl+C or SIGTERM. The library is opened (built when new, brought up to date)
    before the first visitor: visitors never build it."""
    from policykb.indexer.library import Library

    from_env = token is None and bool(os.environ.get(TOKEN_ENV))
    secret = access_token(host, os.environ.get(TOKEN_ENV) if from_env else token)
    sessions = max_sessions if max_sessions is not None else default_sessions()
    if sessions < 1:
        raise PolicyKBError(M.SERVE_BAD_SESSIONS.format(value=sessions))
    idle = (idle_minutes if idle_minutes is not None else IDLE_MINUTES) * 60
    if idle <= 0:
        raise PolicyKBError(M.SERVE_BAD_IDLE)
    from policykb.indexer.references import references

    check_listen(host, port)
    print(M.SERVE_OPENING.format(home=home), flush=True)
    library = Library.open(home, notice=lambda text: print(text, file=sys.stderr))
    try:
        library.require_documents()
        library.current_catalog()
        references(library)  # the cache each visitor's source view reads, filled once here
    finally:
        library.close()
    # a token of the environment or the command line is the curator's: only a made one is printed
    server = make_server(home, host, port, secret, sessions, idle, shown_token=token == "auto")
    try:
        server.serve()
    except OSError as exc:
        raise PolicyKBError(M.SERVE_CANNOT_LISTEN.format(host=host, port=port, reason=os.strerror(exc.errno or 0)
                                                         if exc.errno else str(exc))) from exc
    return 0
