"""A real HTTP server on 127.0.0.1 serving Crossref responses, with scripted faults.

The responses in `data/` follow Crossref's JSON shape field for field, but are written by hand
(the test machines have no internet); DOIs under the 10.5555 test prefix are fictitious.

Works are served from `data/work-*.json` by the DOI inside each file; searches from
`data/search-*.json`, chosen by a phrase the query must contain (SEARCHES). A query that
contains none of them gets `data/search-default.json` (nothing close to any entry).
"""

from __future__ import annotations

import json
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

# phrase in the lower-cased query -> recorded search answer
SEARCHES = {
    "lost opportunities and future options": "search-hussain2012.json",
    "implications on india": "search-chaliha2021.json",
    "sources and impact of trust deficit": "search-yousaf2014.json",
    "russia and pakistan after the cold war": "search-petrov2020.json",
}


@dataclass
class Recorded:
    """What the server answers and what it saw; tests add faults and read the log."""

    works: dict[str, bytes] = field(default_factory=dict)
    searches: dict[str, bytes] = field(default_factory=dict)
    default_search: bytes = b""
    # path prefix -> faults to play, in order, before the real answer: "429", "500", "400", "sleep"
    faults: dict[str, list[str]] = field(default_factory=dict)
    sleep: float = 1.0  # how long a "sleep" fault stalls (longer than the client's timeout)
    retry_after: str = "0"
    log: list[str] = field(default_factory=list)  # every request's path, in order
    agents: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, prefix: str = "/works") -> int:
        return sum(1 for p in self.log if p.startswith(prefix))

    def fault_for(self, path: str) -> str | None:
        with self.lock:
            for prefix, faults in self.faults.items():
                if path.startswith(prefix) and faults:
                    return faults.pop(0)
        return None


def load_recorded() -> Recorded:
    rec = Recorded()
    for path in sorted(DATA.glob("work-*.json")):
        doi = json.loads(path.read_text(encoding="utf-8"))["message"]["DOI"]
        rec.works[doi.lower()] = path.read_bytes()
    for phrase, name in SEARCHES.items():
        rec.searches[phrase] = (DATA / name).read_bytes()
    rec.default_search = (DATA / "search-default.json").read_bytes()
    return rec


def _handler(rec: Recorded) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with rec.lock:
                rec.log.append(self.path)
                rec.agents.append(self.headers.get("User-Agent", ""))
            fault = rec.fault_for(self.path)
            if fault == "sleep":
                time.sleep(rec.sleep)
                return self._send(200, rec.default_search)
            if fault == "429":
                return self._send(429, b"rate limited", {"Retry-After": rec.retry_after})
            if fault == "500":
                return self._send(500, b"Internal Server Error")
            if fault == "400":
                return self._send(400, b"Bad Request")
            url = urllib.parse.urlsplit(self.path)
            if url.path.startswith("/works/"):
                doi = urllib.parse.unquote(url.path[len("/works/") :]).lower()
                body = rec.works.get(doi)
                if body is None:
                    return self._send(404, b"Resource not found.", content_type="text/plain")
                return self._send(200, body)
            if url.path == "/works":
                query = urllib.parse.parse_qs(url.query).get("query.bibliographic", [""])[0]
                for phrase, body in rec.searches.items():
                    if phrase in query.lower():
                        return self._send(200, body)
                return self._send(200, rec.default_search)
            return self._send(404, b"Resource not found.", content_type="text/plain")

        def _send(
            self,
            status: int,
            body: bytes,
            headers: dict[str, str] | None = None,
            content_type: str = "application/json",
        ) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest's output clean

    return Handler


@dataclass
class Server:
    url: str
    recorded: Recorded


@pytest.fixture
def crossref_server() -> Iterator[Server]:
    rec = load_recorded()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(rec))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", rec)
    finally:
        httpd.shutdown()
        httpd.server_close()


# The registry stand-in of tests/registry (Crossref, DataCite, OpenAlex, arXiv in their
# documented shapes, with faults): `tests/` on sys.path so that `registry` imports.
_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from registry.plugin import hallmark_registry, registry_server  # noqa: E402, F401
