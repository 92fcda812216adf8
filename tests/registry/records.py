"""The registry stand-in's one record type: a work as the registries know it, before rendering.

Each registry shows a work its own way (Crossref's `message`, DataCite's `data.attributes`,
OpenAlex's `results`, arXiv's Atom `entry`); `render.py` turns one `WorkRecord` into each.
Records are kept as JSON Lines (`read_records`, `write_records`), one work a line.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path


class Registry(enum.Enum):
    """Who registered the DOI: the agency whose API answers `/works/{doi}` or `/dois/{doi}`."""

    CROSSREF = "crossref"
    DATACITE = "datacite"  # arXiv's 10.48550, Zenodo's 10.5281, many reports and data sets
    NONE = "none"  # no DOI: known to OpenAlex (and arXiv, with an arXiv id) only


class WorkType(enum.Enum):
    """A closed set of work types, named as Crossref names them; `render.py` maps the others."""

    JOURNAL_ARTICLE = "journal-article"
    PROCEEDINGS_ARTICLE = "proceedings-article"
    PREPRINT = "posted-content"
    BOOK = "book"
    BOOK_CHAPTER = "book-chapter"
    REPORT = "report"
    DATASET = "dataset"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Person:
    family: str  # an organisation's name when the author is not a person (then no given name)
    given: str = ""

    @property
    def display(self) -> str:
        """ "Given Family", as OpenAlex and arXiv print a name."""
        return f"{self.given} {self.family}".strip()

    @property
    def inverted(self) -> str:
        """ "Family, Given", as DataCite's `creators[].name` holds it."""
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass(frozen=True, slots=True)
class WorkRecord:
    """One real (or, in a test, invented) work. Fields hold plain text, never LaTeX."""

    title: str
    authors: tuple[Person, ...] = ()
    year: int | None = None
    venue: str = ""  # the journal, proceedings or repository, as the registry names it
    type: WorkType = WorkType.JOURNAL_ARTICLE
    doi: str = ""  # without "https://doi.org/"; empty for works without one
    registry: Registry = Registry.CROSSREF
    arxiv_id: str = ""  # "2101.11986", without version; empty when not on arXiv
    publisher: str = ""
    provenance: str = ""  # where the record comes from (for data files; never rendered)

    def __post_init__(self) -> None:
        if self.doi and self.registry is Registry.NONE:
            raise ValueError(f"record '{self.title}' has a DOI but no registry")
        if not self.doi and self.registry is not Registry.NONE:
            raise ValueError(
                f"record '{self.title}' names registry {self.registry.value} but no DOI"
            )

    @property
    def key(self) -> str:
        """A stable identity: the DOI, else the arXiv id, else the title and year."""
        if self.doi:
            return "doi:" + self.doi.lower()
        if self.arxiv_id:
            return "arxiv:" + self.arxiv_id
        return f"title:{self.title.lower()}:{self.year}"


def record_to_json(record: WorkRecord) -> dict[str, object]:
    out: dict[str, object] = {
        "doi": record.doi,
        "title": record.title,
        "authors": [
            {"family": a.family, "given": a.given} if a.given else {"family": a.family}
            for a in record.authors
        ],
        "year": record.year,
        "venue": record.venue,
        "type": record.type.value,
        "registry": record.registry.value,
        "arxiv_id": record.arxiv_id,
        "publisher": record.publisher,
    }
    if record.provenance:
        out["provenance"] = record.provenance
    return out


def record_from_json(data: Mapping[str, object]) -> WorkRecord:
    """A record from one JSON object; a missing or mistyped field raises (our data, our bug)."""
    authors = data.get("authors", [])
    if not isinstance(authors, list):
        raise ValueError(f"'authors' is not a list in {data!r}")
    year = data.get("year")
    if year is not None and not isinstance(year, int):
        raise ValueError(f"'year' is not an integer in {data!r}")
    return WorkRecord(
        title=_str(data, "title"),
        authors=tuple(Person(_str(a, "family"), _str(a, "given")) for a in authors),
        year=year,
        venue=_str(data, "venue"),
        type=WorkType(_str(data, "type") or WorkType.JOURNAL_ARTICLE.value),
        doi=_str(data, "doi"),
        registry=Registry(_str(data, "registry") or Registry.CROSSREF.value),
        arxiv_id=_str(data, "arxiv_id"),
        publisher=_str(data, "publisher"),
        provenance=_str(data, "provenance"),
    )


def _str(data: object, name: str) -> str:
    if not isinstance(data, Mapping):
        raise ValueError(f"expected an object, got {data!r}")
    value = data.get(name, "")
    if not isinstance(value, str):
        raise ValueError(f"'{name}' is not a string in {data!r}")
    return value


def read_records(path: Path) -> list[WorkRecord]:
    return list(iter_records(path.read_text(encoding="utf-8").splitlines()))


def iter_records(lines: Iterable[str]) -> Iterator[WorkRecord]:
    for line in lines:
        if line.strip():
            yield record_from_json(json.loads(line))


def write_records(path: Path, records: Iterable[WorkRecord]) -> None:
    text = "".join(
        json.dumps(record_to_json(r), ensure_ascii=False, sort_keys=True) + "\n" for r in records
    )
    path.write_text(text, encoding="utf-8")
