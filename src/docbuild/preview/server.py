"""The preview's HTTP server: 127.0.0.1 only, the files of build/ and the preview's own page.

Routes: `/` the preview page (the paper in a frame, the findings beside it), `/_preview/…` its
script, style, event stream and state, `/_preview/source/<file>` a manuscript file's text as
the last parse read it (from build/manuscript.json), and every other path a file of build/,
confined to it (no link out, no hidden file: not doit's state, the lock or the caches).
"""

from __future__ import annotations

import json
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from docbuild.preview import page
from docbuild.preview.hub import Hub

HOST = "127.0.0.1"
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream
STATIC = {"live.js": "text/javascript", "preview.css": "text/css"}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process alive
    allow_reuse_address = False  # a port another preview holds is not shared

    def __init__(self, build: Path, hub: Hub, *, port: int = 0) -> None:
        self.build = build
        self.hub = hub
        super().__init__((HOST, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> threading.Thread:
        # A short poll, so that stopping the preview does not wait for it.
        thread = threading.Thread(
            target=self.serve_forever, args=(0.05,), name="docbuild-preview", daemon=True
        )
        thread.start()
        return thread

    def stop(self) -> None:
        self.hub.close()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for the build's messages

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _refuse(self, status: HTTPStatus, text: str) -> None:
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8", body=True)

    def _answer(self, *, body: bool) -> None:
        # A page elsewhere may point a name of its own at 127.0.0.1 (DNS rebinding): only
        # requests that name this server by address or as localhost are answered.
        host = self.headers.get("Host", "")
        if host not in (f"{HOST}:{self.server.port}", f"localhost:{self.server.port}"):
            self._refuse(HTTPStatus.FORBIDDEN, "the preview answers only 127.0.0.1\n")
            return
        path = unquote(urlsplit(self.path).path)
        if path == "/":
            self._send(
                HTTPStatus.OK,
                page.shell().encode(),
                "text/html; charset=utf-8",
                body=body,
                csp=page.SHELL_CSP,
            )
        elif path.startswith("/_preview/"):
            self._preview(path.removeprefix("/_preview/"), body=body)
        else:
            self._build_file(path, body=body)

    def _preview(self, name: str, *, body: bool) -> None:
        if name in STATIC:
            data = resources.files("docbuild.preview").joinpath("static", name).read_bytes()
            self._send(HTTPStatus.OK, data, f"{STATIC[name]}; charset=utf-8", body=body)
        elif name == "state":
            state = json.dumps(self.server.hub.current()[1]).encode()
            self._send(HTTPStatus.OK, state, "application/json", body=body)
        elif name == "events" and body:
            self._events()
        elif name.startswith("source/"):
            text = page.source_view(self.server.build, name.removeprefix("source/"))
            if text is None:
                self._refuse(HTTPStatus.NOT_FOUND, "no such manuscript file\n")
            else:
                self._send(
                    HTTPStatus.OK,
                    text.encode(),
                    "text/html; charset=utf-8",
                    body=body,
                    csp=page.SOURCE_CSP,
                )
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "not found\n")

    def _build_file(self, path: str, *, body: bool) -> None:
        file = build_file(self.server.build, path)
        if file is None:
            self._refuse(HTTPStatus.NOT_FOUND, "not found\n")
            return
        try:
            info = file.stat()
            tag = f'"{info.st_size:x}-{info.st_mtime_ns:x}"'
            # The frame reloads on every save; the style's CSS and fonts are fetched again
            # only when they changed (the browser asks, the answer is a 304).
            if self.headers.get("If-None-Match") == tag:
                self._send(HTTPStatus.NOT_MODIFIED, b"", "", body=False, tag=tag)
                return
            data = file.read_bytes()
        except OSError:
            self._refuse(HTTPStatus.NOT_FOUND, "not found\n")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind == "application/json":
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, data, kind, body=body, csp=page.PAPER_CSP, tag=tag)

    def _events(self) -> None:
        """Server-Sent Events: the state now, then after every change, until the end."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        hub = self.server.hub
        version, state = hub.current()
        try:
            self._event(state)
            while not hub.closed:
                news = hub.wait(version, HEARTBEAT)
                if news is None:
                    self.wfile.write(b": idle\n\n")
                    self.wfile.flush()
                    continue
                version, state = news
                self._event(state)
        except OSError:
            return  # the page went away

    def _event(self, state: dict[str, object]) -> None:
        self.wfile.write(f"event: state\ndata: {json.dumps(state)}\n\n".encode())
        self.wfile.flush()

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        kind: str,
        *,
        body: bool,
        csp: str = "default-src 'none'",
        tag: str | None = None,
    ) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if tag is None:
            self.send_header("Cache-Control", "no-store")
        else:
            self.send_header("Cache-Control", "no-cache")  # kept, but asked about each time
            self.send_header("ETag", tag)
        self.end_headers()
        if body:
            self.wfile.write(data)


def build_file(build: Path, url_path: str) -> Path | None:
    """The file of build/ a URL path names; None for anything else: a path that leaves
    build/ (`..`, a link), a hidden file or folder, a folder, a FIFO."""
    from docbuild.errors import DocbuildError
    from docbuild.paths import MAX_RESOURCE, confine, inside

    parts = PurePosixPath(url_path).parts[1:]
    if not parts or any(p in ("", ".", "..") or p.startswith(".") or "\\" in p for p in parts):
        return None
    base = build.resolve()
    try:
        file = confine(
            base.joinpath(*parts),
            [base],
            what="file",
            where=None,
            limit=MAX_RESOURCE,
            must_exist=True,
        )
    except DocbuildError:
        return None
    # confine also admits DOCBUILD_TRUSTED folders, which are for reading, never for serving.
    return file if inside(file, [base]) else None
