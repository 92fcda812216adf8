"""A real HTTP server on 127.0.0.1 that answers as Crossref, DataCite, OpenAlex and arXiv do.

One server, four roots, one in-memory set of `WorkRecord`s rendered per registry:

    {url}/crossref/works/{doi}             {url}/crossref/works?query.bibliographic=...&rows=5
    {url}/crossref/works/{doi}/agency      {url}/datacite/dois/{doi}
    {url}/openalex/works/doi:{doi}         {url}/openalex/works?search=...&per-page=5
    {url}/arxiv/api/query?search_query=ti:...   {url}/arxiv/api/query?id_list=2101.11986

Which registry knows a record: Crossref and DataCite the DOIs registered with them
(`WorkRecord.registry`), OpenAlex every record (it aggregates both and more), arXiv the
records with an arXiv id. Faults are injected per path prefix (`inject`), and every request
is logged with the status it got (`log`, `count`).
"""

from __future__ import annotations

import dataclasses
import enum
import json
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import render
from .index import Query, RecordIndex, arxiv_query, is_arxiv_id
from .records import Registry, WorkRecord

CROSSREF_ROWS = 20  # Crossref's default page size
OPENALEX_PER_PAGE = 25
ARXIV_MAX_RESULTS = 10
DEFAULT_STALL = 2.0  # seconds: longer than the timeouts tests give their clients
JSON = "application/json;charset=utf-8"
JSON_API = "application/vnd.api+json; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
TEXT = "text/plain;charset=utf-8"


class Fault(enum.Enum):
    NOT_FOUND = "404"
    RATE_LIMITED = "429"  # with Retry-After
    SERVER_ERROR = "500"
    STALL = "stall"  # answer normally, but only after `stall` seconds
    MALFORMED = "malformed"  # 200 with a body cut off in the middle


@dataclass
class _Injected:
    prefix: str
    fault: Fault
    remaining: int | None  # None: every matching request
    retry_after: str
    stall: float


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    path: str  # as sent, query string included
    registry: str  # "crossref", "datacite", "openalex", "arxiv", or "" for an unknown root
    user_agent: str
    status: int  # what the server answered (0: the client hung up before the answer)
    fault: Fault | None = None


@dataclass
class _State:
    index: RecordIndex
    faults: list[_Injected] = field(default_factory=list)
    log: list[LoggedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class RegistryServer:
    """Start with `with RegistryServer(records) as server:` or the pytest fixtures in plugin.py."""

    def __init__(self, records: Iterable[WorkRecord] = ()) -> None:
        self._state = _State(RecordIndex(records))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self._state))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> RegistryServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> RegistryServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- where each registry lives --------------------------------------------------------
    @property
    def crossref(self) -> str:
        return f"{self.url}/crossref"

    @property
    def datacite(self) -> str:
        return f"{self.url}/datacite"

    @property
    def openalex(self) -> str:
        return f"{self.url}/openalex"

    @property
    def arxiv(self) -> str:
        return f"{self.url}/arxiv"

    def docbuild_toml(self, *, timeout: float = 5.0, rate: float = 1000.0) -> str:
        """docbuild.toml's [crossref] and [registries] tables for this stand-in. The rate is
        no real bound: politeness is for the public services, not a local process."""
        return (
            f'[crossref]\napi = "{self.crossref}"\nmailto = "editor@example.org"\n'
            f"rate = {rate:g}\ntimeout = {timeout:g}\n[registries]\n"
            + "".join(
                f'{name} = {{api = "{api}", rate = {rate:g}}}\n'
                for name, api in (
                    ("datacite", self.datacite),
                    ("openalex", self.openalex),
                    ("arxiv", self.arxiv),
                )
            )
        )

    # -- records, faults, log ---------------------------------------------------------------
    @property
    def records(self) -> tuple[WorkRecord, ...]:
        return self._state.index.records

    def load(self, records: Iterable[WorkRecord]) -> None:
        """Replace the records the registries know."""
        index = RecordIndex(records)
        with self._state.lock:
            self._state.index = index

    def inject(
        self,
        prefix: str,
        fault: Fault,
        *,
        times: int | None = 1,
        retry_after: str = "1",
        stall: float = DEFAULT_STALL,
    ) -> None:
        """Answer the next `times` requests whose path starts with `prefix` (e.g.
        "/crossref/works/10.1609", "/openalex/works?") with `fault`; `times=None`: all of them.
        Faults are played in the order they were injected."""
        with self._state.lock:
            self._state.faults.append(_Injected(prefix, fault, times, retry_after, stall))

    @property
    def log(self) -> list[LoggedRequest]:
        with self._state.lock:
            return list(self._state.log)

    def count(self, prefix: str = "") -> int:
        """How many requests have a path starting with `prefix`."""
        return sum(1 for r in self.log if r.path.startswith(prefix))


def _take_fault(state: _State, raw_path: str) -> _Injected | None:
    unquoted = urllib.parse.unquote(raw_path)
    with state.lock:
        for f in state.faults:
            if f.remaining == 0:
                continue
            if raw_path.startswith(f.prefix) or unquoted.startswith(f.prefix):
                if f.remaining is not None:
                    f.remaining -= 1
                return f
    return None


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()


def _json(status: int, data: object, content_type: str = JSON) -> _Answer:
    return _Answer(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), content_type)


def _handler(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            raw = self.path
            registry = raw.split("/", 2)[1] if raw.count("/") >= 1 else ""
            if registry not in ("crossref", "datacite", "openalex", "arxiv"):
                registry = ""
            injected = _take_fault(state, raw)
            fault = injected.fault if injected else None
            if injected and fault is Fault.STALL:
                time.sleep(injected.stall)
            if injected and fault not in (None, Fault.STALL):
                answer = _fault_answer(registry, injected)
            else:
                with state.lock:
                    index = state.index
                answer = route(index, raw)
            # Logged before the answer goes out, so a client that has its answer sees it logged.
            entry = LoggedRequest(
                raw, registry, self.headers.get("User-Agent", ""), answer.status, fault
            )
            with state.lock:
                state.log.append(entry)
                at = len(state.log) - 1
            if not self._send(answer):
                with state.lock:
                    state.log[at] = dataclasses.replace(entry, status=0)

        def _send(self, answer: _Answer) -> bool:
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                for k, v in answer.headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(answer.body)
                return True
            except (BrokenPipeError, ConnectionResetError):
                return False  # the client gave up (a stall longer than its timeout)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest's output clean

    return Handler


def _fault_answer(registry: str, injected: _Injected) -> _Answer:
    fault = injected.fault
    if fault is Fault.MALFORMED:
        if registry == "arxiv":
            feed = render.arxiv_feed([], "search_query=", 0)
            return _Answer(200, feed.encode("utf-8")[: len(feed) // 2], ATOM)
        return _Answer(200, b'{"status": "ok", "message": {"DOI": "10.', JSON)
    if fault is Fault.NOT_FOUND:
        return _not_found(registry)
    if fault is Fault.RATE_LIMITED:
        headers = (("Retry-After", injected.retry_after),)
        if registry == "crossref":
            headers += (("X-Rate-Limit-Limit", "50"), ("X-Rate-Limit-Interval", "1s"))
            return _Answer(429, b"Too Many Requests", TEXT, headers)
        if registry == "datacite":
            body = {
                "errors": [
                    {
                        "status": "429",
                        "title": "Your request has been rate limited. "
                        "See https://support.datacite.org/docs/rate-limit.",
                    }
                ]
            }
            return _Answer(429, json.dumps(body).encode("utf-8"), JSON_API, headers)
        if registry == "openalex":
            body2 = {"error": "Rate limit exceeded", "message": "Too many requests."}
            return _Answer(429, json.dumps(body2).encode("utf-8"), JSON, headers)
        return _Answer(429, b"Rate exceeded.", TEXT, headers)
    return _Answer(500, b"Internal Server Error", TEXT)


def _not_found(registry: str) -> _Answer:
    if registry == "datacite":
        return _json(404, render.DATACITE_NOT_FOUND, JSON_API)
    if registry == "openalex":
        return _json(404, render.OPENALEX_NOT_FOUND)
    return _Answer(404, render.CROSSREF_NOT_FOUND, TEXT)


def _int(params: dict[str, list[str]], name: str, default: int) -> int:
    try:
        return max(0, int(params.get(name, [str(default)])[0]))
    except ValueError:
        return default


def route(index: RecordIndex, raw_path: str) -> _Answer:
    """The answer to one GET, without faults: pure given the index."""
    url = urllib.parse.urlsplit(raw_path)
    path = urllib.parse.unquote(url.path)
    params = urllib.parse.parse_qs(url.query)
    if path.startswith("/crossref/works/"):
        rest = path[len("/crossref/works/") :]
        if rest.endswith("/agency"):
            r = index.by_doi(rest[: -len("/agency")])
            if r is None:
                return _not_found("crossref")
            return _json(200, render.crossref_agency_reply(r.doi, r.registry))
        r = index.by_doi(rest)
        if r is None or r.registry is not Registry.CROSSREF:
            return _not_found("crossref")
        return _json(200, render.crossref_work_reply(r))
    if path == "/crossref/works":
        query = Query(
            bibliographic=params.get("query.bibliographic", [""])[0],
            # query.title is deprecated at Crossref; the stand-in still honours it
            title=params.get("query.title", [""])[0],
            author=params.get("query.author", [""])[0],
        )
        rows = _int(params, "rows", CROSSREF_ROWS)
        hits = index.search(query, registries=frozenset({Registry.CROSSREF}))
        terms = query.bibliographic or query.title or None
        return _json(200, render.crossref_list_reply([(r, 100 * s) for r, s in hits], rows, terms))
    if path.startswith("/datacite/dois/"):
        r = index.by_doi(path[len("/datacite/dois/") :])
        if r is None or r.registry is not Registry.DATACITE:
            return _not_found("datacite")
        return _json(200, render.datacite_doi_reply(r), JSON_API)
    if path.startswith("/openalex/works/"):
        ident = path[len("/openalex/works/") :]
        r = None
        if ident.lower().startswith(("doi:", "https://doi.org/", "http://doi.org/")):
            r = index.by_doi(ident)
        elif ident.upper().startswith("W"):
            r = next(
                (x for x in index.records if render.openalex_id(x).endswith("/" + ident)), None
            )
        if r is None:
            return _not_found("openalex")
        return _json(200, render.openalex_work(r))
    if path == "/openalex/works":
        per_page = _int(params, "per-page", _int(params, "per_page", OPENALEX_PER_PAGE))
        text = params.get("search", [""])[0]
        title = ""
        for f in params.get("filter", [""])[0].split(","):
            name, _, value = f.partition(":")
            if name in ("title.search", "display_name.search"):
                title = value
        # OpenAlex's `search` reads titles, abstracts and full text, never author names.
        hits = index.search(Query(title=" ".join(t for t in (text, title) if t)))
        return _json(200, render.openalex_list_reply([r for r, _ in hits], len(hits), per_page))
    if path == "/arxiv/api/query":
        return _arxiv(index, url.query, params)
    return _Answer(404, b"Not Found", TEXT)


def _arxiv(index: RecordIndex, query_string: str, params: dict[str, list[str]]) -> _Answer:
    shown = urllib.parse.unquote_plus(query_string)
    start = _int(params, "start", 0)
    max_results = _int(params, "max_results", ARXIV_MAX_RESULTS)
    ids = [i for i in params.get("id_list", [""])[0].split(",") if i.strip()]
    if ids:
        found: list[WorkRecord] = []
        for i in ids:
            if not is_arxiv_id(i):
                feed = render.arxiv_error_feed(shown, f"incorrect id format for {i}")
                return _Answer(200, feed.encode("utf-8"), ATOM)
            r = index.by_arxiv_id(i)
            if r is not None:
                found.append(r)
        feed = render.arxiv_feed(found[start : start + max_results], shown, len(found), start)
        return _Answer(200, feed.encode("utf-8"), ATOM)
    search = params.get("search_query", [""])[0]
    hits = [r for r, _ in index.search(arxiv_query(search), arxiv_only=True)]
    page = hits[start : start + max_results]
    return _Answer(200, render.arxiv_feed(page, shown, len(hits), start).encode("utf-8"), ATOM)


__all__ = ["Fault", "LoggedRequest", "RegistryServer", "route"]
