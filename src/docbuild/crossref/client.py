"""A polite Crossref REST client: bounded rate, timeouts, retries with backoff, an on-disk cache.

The cache makes an interrupted `doit verify-refs` resume where it stopped: every answer that
will not change on a second try (200 and 404) is kept under `build/.crossref-cache`.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docbuild import __version__
from docbuild.config import CrossrefSettings
from docbuild.errors import NetworkError
from docbuild.fsutil import write_text_atomic

CACHE_DIR = ".crossref-cache"
MAX_RETRIES = 4  # after the first try: 5 requests at most for one address
BACKOFF = 1.0  # seconds before the first retry; doubled after each
MAX_WAIT = 60.0  # an unreasonable Retry-After is capped, so a build never hangs for hours
SEARCH_ROWS = 5
OFFLINE_HINT = (
    "check the network connection and the '[crossref] api' setting in docbuild.toml; "
    "`doit lint-refs` and `doit build` keep working offline with the existing refs.verified.json"
)

Json = dict[str, object]


@dataclass(frozen=True, slots=True)
class Reply:
    """A usable answer: the decoded JSON message (None for 404) and when it was fetched."""

    url: str
    status: int
    message: Json | None
    fetched_at: float  # seconds since the epoch
    from_cache: bool = False


class CrossrefClient:
    """Fetches works and bibliographic searches; one instance per `doit verify-refs` run."""

    def __init__(
        self,
        settings: CrossrefSettings,
        cache_dir: Path,
        *,
        fresh_after: float | None = None,
        backoff: float = BACKOFF,
        max_retries: int = MAX_RETRIES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api = settings.api.rstrip("/")
        self.timeout = settings.timeout
        # A non-positive rate would divide by zero; treat it as "no bound".
        self.interval = 1.0 / settings.rate if settings.rate > 0 else 0.0
        self.user_agent = user_agent(settings.mailto)
        self.cache_dir = cache_dir
        self.fresh_after = fresh_after  # cached answers older than this are fetched again
        self.backoff = backoff
        self.max_retries = max_retries
        self._sleep = sleep
        self._clock = clock
        self._last_request: float | None = None
        self.requests = 0  # sent over the network, retries included

    def work(self, doi: str) -> Reply:
        """`/works/{doi}`; `message` is None when Crossref does not know the DOI."""
        return self.get(f"{self.api}/works/{urllib.parse.quote(doi, safe='/')}")

    def search(self, query: str, rows: int = SEARCH_ROWS) -> Reply:
        """`/works?query.bibliographic=...`: the best candidates for a free-text reference."""
        params = urllib.parse.urlencode({"query.bibliographic": query, "rows": rows})
        return self.get(f"{self.api}/works?{params}")

    def get(self, url: str) -> Reply:
        cached = self._read_cache(url)
        if cached is not None:
            return cached
        reply = self._fetch(url)
        self._write_cache(reply)
        return reply

    def _fetch(self, url: str) -> Reply:
        attempt = 0
        while True:
            self._wait_turn()
            request = urllib.request.Request(
                url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
            )
            self.requests += 1
            retry_after: float | None = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read()
                    return Reply(url, response.status, _message(url, body), time.time())
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return Reply(url, 404, None, time.time())
                if exc.code != 429 and exc.code < 500:
                    raise NetworkError(
                        f"Crossref answered {exc.code} {exc.reason} for {url}",
                        hint="check the '[crossref] api' setting in docbuild.toml",
                    ) from None
                problem = f"Crossref answered {exc.code} {exc.reason}"
                retry_after = _retry_after(exc.headers.get("Retry-After"))
            except TimeoutError:
                problem = f"no answer from Crossref within {self.timeout:g} s"
            except (http.client.HTTPException, ConnectionResetError) as exc:
                problem = f"Crossref broke off its answer ({type(exc).__name__})"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    problem = f"no answer from Crossref within {self.timeout:g} s"
                else:
                    raise NetworkError(
                        f"cannot reach Crossref at {self.api}: {exc.reason}", hint=OFFLINE_HINT
                    ) from None
            except (ConnectionError, OSError) as exc:
                raise NetworkError(
                    f"cannot reach Crossref at {self.api}: {exc}", hint=OFFLINE_HINT
                ) from None
            if attempt >= self.max_retries:
                raise NetworkError(
                    f"{problem} for {url} after {attempt + 1} tries",
                    hint="try again later; answers received so far are cached, "
                    "so the next run resumes where this one stopped",
                )
            delay = self.backoff * 2**attempt
            if retry_after is not None:
                delay = max(delay, retry_after)
            self._sleep(min(delay, MAX_WAIT))
            attempt += 1

    def _wait_turn(self) -> None:
        """Keep at least `1/rate` seconds between two requests."""
        now = self._clock()
        if self._last_request is not None:
            gap = self._last_request + self.interval - now
            if gap > 0:
                self._sleep(gap)
                now = self._clock()
        self._last_request = now

    def _cache_path(self, url: str) -> Path:
        return self.cache_dir / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".json")

    def _read_cache(self, url: str) -> Reply | None:
        path = self._cache_path(url)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent or damaged: fetch again
        if not isinstance(data, dict) or data.get("url") != url:
            return None
        fetched_at = float(data.get("fetched_at", 0.0))
        if self.fresh_after is not None and fetched_at < self.fresh_after:
            return None
        message = data.get("message")
        return Reply(
            url,
            int(data.get("status", 200)),
            message if isinstance(message, dict) else None,
            fetched_at,
            from_cache=True,
        )

    def _write_cache(self, reply: Reply) -> None:
        data = {
            "url": reply.url,
            "status": reply.status,
            "fetched_at": reply.fetched_at,
            "message": reply.message,
        }
        write_text_atomic(self._cache_path(reply.url), json.dumps(data, sort_keys=True))


def user_agent(mailto: str) -> str:
    """Crossref's etiquette: name the tool and give a contact for its "polite" pool."""
    contact = f" (mailto:{mailto})" if mailto else ""
    return f"docbuild/{__version__}{contact}"


def _message(url: str, body: bytes) -> Json:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise NetworkError(
            f"Crossref's answer for {url} is not JSON: {exc}",
            hint="check the '[crossref] api' setting in docbuild.toml",
        ) from None
    if not isinstance(data, dict) or data.get("status") != "ok":
        raise NetworkError(f"Crossref's answer for {url} does not say status 'ok'")
    message = data.get("message")
    if not isinstance(message, dict):
        raise NetworkError(f"Crossref's answer for {url} has no message")
    return message


def _retry_after(value: str | None) -> float | None:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
