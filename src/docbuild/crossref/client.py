"""Crossref's REST API (`/works/{doi}`, `/works?query.bibliographic=`), through the shared
polite client (`crossref/http.py`): mailto, rate limit, backoff, the cache in
`build/.crossref-cache` that lets an interrupted `doit verify-refs` resume.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from docbuild.config import CrossrefSettings
from docbuild.crossref.http import (
    BACKOFF,
    MAX_RETRIES,
    Json,
    PoliteClient,
    Reply,
    Service,
    json_object,
    user_agent,
)

CACHE_DIR = ".crossref-cache"
SEARCH_ROWS = 5

__all__ = ["CACHE_DIR", "CrossrefClient", "Reply", "user_agent"]


class CrossrefClient(PoliteClient):
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
        service = Service(
            "Crossref",
            settings.api,
            "[crossref] api",
            settings.rate,
            settings.timeout,
            settings.mailto,
        )
        super().__init__(
            service,
            cache_dir,
            _message,
            fresh_after=fresh_after,
            backoff=backoff,
            max_retries=max_retries,
            sleep=sleep,
            clock=clock,
        )

    def work(self, doi: str) -> Reply:
        """`/works/{doi}`; `message` is None when Crossref does not know the DOI."""
        return self.get(work_url(self.api, doi))

    def agency(self, doi: str) -> Reply:
        """`/works/{doi}/agency`: which registration agency holds a DOI (any agency's, not
        only Crossref's); None when no agency knows it."""
        return self.get(agency_url(self.api, doi))

    def search(self, query: str, rows: int = SEARCH_ROWS) -> Reply:
        """`/works?query.bibliographic=...`: the best candidates for a free-text reference."""
        return self.get(search_url(self.api, query, rows))


# The addresses asked, also the evidence page's links (crossref/evidence.py): one home.
def work_url(api: str, doi: str) -> str:
    return f"{api}/works/{urllib.parse.quote(doi, safe='/')}"


def agency_url(api: str, doi: str) -> str:
    return f"{work_url(api, doi)}/agency"


def search_url(api: str, query: str, rows: int = SEARCH_ROWS) -> str:
    params = urllib.parse.urlencode({"query.bibliographic": query, "rows": rows})
    return f"{api}/works?{params}"


def _message(body: bytes) -> Json:
    data = json_object(body)
    if data.get("status") != "ok":
        raise ValueError("does not say status 'ok'")
    message = data.get("message")
    if not isinstance(message, dict):
        raise ValueError("has no message")
    return message
