"""The one polite HTTP client every registry uses: bounded rate, timeouts, retries with
backoff (Retry-After honoured), and an on-disk cache of every answer that will not change.

Crossref, DataCite, OpenAlex and arXiv differ only in their addresses and the shape of their
answers (`decode`); the cache makes an interrupted `doit verify-refs` resume where it stopped.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docbuild import __version__
from docbuild.errors import NetworkError
from docbuild.fsutil import write_text_atomic

MAX_RETRIES = 4  # after the first try: 5 requests at most for one address
BACKOFF = 1.0  # seconds before the first retry; doubled after each
MAX_WAIT = 60.0  # an unreasonable Retry-After is capped, so a build never hangs for hours

Json = dict[str, object]
# Turns a 200 answer's body into the JSON kept in the cache; raises ValueError when it is not
# the registry's shape (the message says what is wrong).
Decode = Callable[[bytes], Json]


@dataclass(frozen=True, slots=True)
class Reply:
    """A usable answer: the decoded message (None for 404) and when it was fetched."""

    url: str
    status: int
    message: Json | None
    fetched_at: float  # seconds since the epoch
    from_cache: bool = False


@dataclass(frozen=True, slots=True)
class Service:
    """Who is asked and how politely."""

    name: str  # "Crossref", as messages print it
    api: str  # the base address, without a trailing slash
    setting: str  # the docbuild.toml key that sets the address, for hints
    rate: float  # requests per second at most; 0 or less: no bound
    timeout: float  # seconds per request
    mailto: str = ""  # a contact, for the registries' "polite" pools


class PoliteClient:
    """GETs of one service; one instance per service and `doit verify-refs` run."""

    def __init__(
        self,
        service: Service,
        cache_dir: Path,
        decode: Decode,
        *,
        fresh_after: float | None = None,
        backoff: float = BACKOFF,
        max_retries: int = MAX_RETRIES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.service = service
        self.api = service.api.rstrip("/")
        self.timeout = service.timeout
        # A non-positive rate would divide by zero; treat it as "no bound".
        self.interval = 1.0 / service.rate if service.rate > 0 else 0.0
        self.user_agent = user_agent(service.mailto)
        self.cache_dir = cache_dir
        self.decode = decode
        self.fresh_after = fresh_after  # cached answers older than this are fetched again
        self.backoff = backoff
        self.max_retries = max_retries
        self._sleep = sleep
        self._clock = clock
        self._last_request: float | None = None
        self.requests = 0  # sent over the network, retries included

    def get(self, url: str) -> Reply:
        cached = self._read_cache(url)
        if cached is not None:
            return cached
        reply = self._fetch(url)
        self._write_cache(reply)
        return reply

    def _fetch(self, url: str) -> Reply:
        name = self.service.name
        setting_hint = f"check the '{self.service.setting}' setting in docbuild.toml"
        offline_hint = (
            f"check the network connection and the '{self.service.setting}' setting in "
            "docbuild.toml; `doit lint-refs` and `doit build` keep working offline with the "
            "existing refs.verified.json"
        )
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
                    return Reply(url, response.status, self._decode(url, body), time.time())
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return Reply(url, 404, None, time.time())
                if exc.code != 429 and exc.code < 500:
                    raise NetworkError(
                        f"{name} answered {exc.code} {exc.reason} for {url}", hint=setting_hint
                    ) from None
                problem = f"{name} answered {exc.code} {exc.reason}"
                retry_after = _retry_after(exc.headers.get("Retry-After"))
            except TimeoutError:
                problem = f"no answer from {name} within {self.timeout:g} s"
            except (http.client.HTTPException, ConnectionResetError) as exc:
                problem = f"{name} broke off its answer ({type(exc).__name__})"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    problem = f"no answer from {name} within {self.timeout:g} s"
                else:
                    raise NetworkError(
                        f"cannot reach {name} at {self.api}: {exc.reason}", hint=offline_hint
                    ) from None
            except (ConnectionError, OSError) as exc:
                raise NetworkError(
                    f"cannot reach {name} at {self.api}: {exc}", hint=offline_hint
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

    def _decode(self, url: str, body: bytes) -> Json:
        try:
            return self.decode(body)
        except ValueError as exc:
            raise NetworkError(
                f"{self.service.name}'s answer for {url} {exc}",
                hint=f"check the '{self.service.setting}' setting in docbuild.toml",
            ) from None

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
    """The registries' etiquette: name the tool and give a contact for their "polite" pools."""
    contact = f" (mailto:{mailto})" if mailto else ""
    return f"docbuild/{__version__}{contact}"


def json_object(body: bytes) -> Json:
    """A JSON object, or ValueError saying what the body is instead."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("is not a JSON object")
    return data


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
