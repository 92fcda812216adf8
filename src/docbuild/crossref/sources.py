"""DataCite (a DOI Crossref does not hold), OpenAlex (works Crossref lacks: conference papers
without DOIs, books, reports) and arXiv (preprints): each through the shared polite client,
each optional ([registries] in docbuild.toml), their answers cached beside Crossref's."""

from __future__ import annotations

import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docbuild.config import CrossrefSettings, RegistrySettings
from docbuild.crossref.formats import work_from_datacite, works_from_arxiv, works_from_openalex_list
from docbuild.crossref.http import (
    BACKOFF,
    MAX_RETRIES,
    Json,
    PoliteClient,
    Service,
    json_object,
)
from docbuild.crossref.work import Work
from docbuild.errors import NetworkError

SEARCH_ROWS = 5
GIVE_UP_AFTER = 3  # a registry that failed this many times in a row is not asked again this run
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
NAMES = {"datacite": "DataCite", "openalex": "OpenAlex", "arxiv": "arXiv"}


@dataclass(frozen=True, slots=True)
class Answer:
    """What one registry said: the works it gave (None: it did not answer usably)."""

    works: tuple[Work, ...] | None
    fetched_at: float = 0.0
    problem: str = ""  # why there is no answer

    @property
    def answered(self) -> bool:
        return self.works is not None


class Registry:
    """One optional registry; `ask` never raises for the registry's own failures."""

    def __init__(self, name: str, client: PoliteClient) -> None:
        self.name = name
        self.client = client
        self.failures = 0

    @property
    def label(self) -> str:
        return NAMES[self.name]

    def _ask(self, url: str, read: Callable[[Json], list[Work]]) -> Answer:
        if self.failures >= GIVE_UP_AFTER:
            return Answer(None, problem=f"{self.label} failed {GIVE_UP_AFTER} times in this run")
        try:
            reply = self.client.get(url)
        except NetworkError as exc:
            self.failures += 1
            return Answer(None, time.time(), problem=exc.message)
        self.failures = 0
        works = read(reply.message) if reply.message is not None else []
        return Answer(tuple(works), reply.fetched_at)


class DataCite(Registry):
    def doi(self, doi: str) -> Answer:
        """`/dois/{doi}`: no works when DataCite does not hold the DOI."""
        return self._ask(datacite_url(self.client.api, doi), lambda m: [work_from_datacite(m)])


class OpenAlex(Registry):
    def search(self, title: str) -> Answer:
        """`/works?search=`: OpenAlex's full-text search, given the title (it reads no names)."""
        url = openalex_search_url(self.client.api, title, self.client.service.mailto)
        return self._ask(url, works_from_openalex_list)


class Arxiv(Registry):
    def by_id(self, ident: str) -> Answer:
        """`/api/query?id_list=`: the preprint of that arXiv id (a Manubot `@arxiv:` citation)."""
        params = {"id_list": ident, "max_results": 1}
        url = f"{self.client.api}/api/query?{urllib.parse.urlencode(params)}"
        return self._ask(url, works_from_arxiv)

    def search(self, title: str) -> Answer:
        """`/api/query?search_query=ti:"..."`: preprints with the title's words."""
        url = arxiv_search_url(self.client.api, title)
        return self._ask(url, works_from_arxiv)


# The addresses asked, also the evidence page's links (crossref/evidence.py): one home.
def datacite_url(api: str, doi: str) -> str:
    return f"{api}/dois/{urllib.parse.quote(doi, safe='/')}"


def openalex_search_url(api: str, title: str, mailto: str = "") -> str:
    params: dict[str, str | int] = {"search": title, "per-page": SEARCH_ROWS}
    if mailto:
        params["mailto"] = mailto
    return f"{api}/works?{urllib.parse.urlencode(params)}"


def arxiv_search_url(api: str, title: str) -> str:
    words = " ".join(title.replace('"', " ").split())
    params = {"search_query": f'ti:"{words}"', "max_results": SEARCH_ROWS}
    return f"{api}/api/query?{urllib.parse.urlencode(params)}"


def read_arxiv_feed(body: bytes) -> Json:
    """arXiv's Atom feed as JSON for the cache: its entries' id, title, authors, dates, DOI and
    journal reference. An error feed (one entry titled "Error") or broken XML is a ValueError."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ValueError(f"is not an Atom feed: {exc}") from None
    entries: list[Json] = []
    for e in root.findall(f"{_ATOM}entry"):
        title = " ".join((e.findtext(f"{_ATOM}title") or "").split())
        ident = (e.findtext(f"{_ATOM}id") or "").strip()
        if title == "Error" and "/api/errors" in ident:
            summary = " ".join((e.findtext(f"{_ATOM}summary") or "").split())
            raise ValueError(f"is an error: {summary}")
        entries.append(
            {
                "id": ident,
                "title": title,
                "authors": [
                    (a.findtext(f"{_ATOM}name") or "").strip() for a in e.findall(f"{_ATOM}author")
                ],
                "published": (e.findtext(f"{_ATOM}published") or "").strip(),
                "doi": (e.findtext(f"{_ARXIV}doi") or "").strip(),
                "journal_ref": (e.findtext(f"{_ARXIV}journal_ref") or "").strip(),
            }
        )
    return {"entries": entries}


@dataclass
class Registries:
    """The optional registries a run asks, each None when docbuild.toml switches it off."""

    datacite: DataCite | None = None
    openalex: OpenAlex | None = None
    arxiv: Arxiv | None = None

    @property
    def requests(self) -> int:
        return sum(r.client.requests for r in (self.datacite, self.openalex, self.arxiv) if r)


def open_registries(
    settings: tuple[RegistrySettings, ...],
    crossref: CrossrefSettings,
    cache_dir: Path,
    *,
    fresh_after: float | None = None,
    backoff: float = BACKOFF,
    max_retries: int = MAX_RETRIES,
    sleep: Callable[[float], None] = time.sleep,
) -> Registries:
    """One client per enabled registry, with Crossref's contact and timeout."""
    made = Registries()
    for r in settings:
        if not r.enabled:
            continue
        service = Service(
            NAMES[r.name],
            r.api,
            f"[registries] {r.name}",
            r.rate,
            crossref.timeout,
            crossref.mailto,
        )
        decode = read_arxiv_feed if r.name == "arxiv" else json_object
        client = PoliteClient(
            service,
            cache_dir,
            decode,
            fresh_after=fresh_after,
            backoff=backoff,
            max_retries=max_retries,
            sleep=sleep,
        )
        if r.name == "datacite":
            made.datacite = DataCite(r.name, client)
        elif r.name == "openalex":
            made.openalex = OpenAlex(r.name, client)
        else:
            made.arxiv = Arxiv(r.name, client)
    return made
