"""The front matter (pandoc's JATS vocabulary), read from pandoc's own metadata, validated.

Input is the `meta` of pandoc's JSON AST, so YAML is parsed once, by pandoc; authors and
affiliations are read in people.py, publishing data in publishing.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docbuild.bib.doi import bare_doi, is_doi
from docbuild.bib.values import MONTH_NAMES
from docbuild.diagnostics import Diagnostic, Location
from docbuild.errors import ConfigError
from docbuild.render.findings import IGNORED_FRONT_MATTER, finding
from docbuild.render.meta import meta_dict, plain_text
from docbuild.render.people import Affiliation, Author, read_affiliations, read_authors
from docbuild.render.places import Finder
from docbuild.render.publishing import Publishing, read_publishing

IGNORED_KEYS = ("bibliography", "csl", "references", "citation-abbreviations")
ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$", re.I)
SEASONS = ("Spring", "Summer", "Autumn", "Fall", "Winter")
SEASON_DATE = re.compile(r"^(?P<season>" + "|".join(SEASONS) + r")\s+(?P<year>\d{4})$", re.I)
ISO_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# Month names as printed in a date line ("May 2023"), from the one list in bib/values.
MONTHS = tuple(m.capitalize() for m in MONTH_NAMES)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    title: str
    subtitle: str | None = None
    authors: tuple[Author, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    journal_title: str | None = None
    journal_abbrev: str | None = None
    volume: str | None = None
    issue: str | None = None
    fpage: int | None = None
    lpage: int | None = None
    doi: str | None = None
    date: str | None = None  # as written
    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None  # "Summer"
    keywords: tuple[str, ...] = ()
    abstract: str | None = None  # plain text
    lang: str = "en"
    # ISSN, licence, history dates, funding, ROR ids: for JATS and the Crossref deposit.
    publishing: Publishing = field(default_factory=Publishing)


def read_front_matter(
    meta: Mapping[str, Mapping[str, object]],
    *,
    files: Sequence[Path],
    texts: Mapping[Path, str] | None = None,
    required: Sequence[str] = (),
) -> tuple[FrontMatter, list[Diagnostic]]:
    """Validate pandoc's metadata; ConfigError naming the field, plus the warnings (R001).

    `texts` (the files' text, as parsed) places errors; without it the files are read.
    """
    data = meta_dict(meta)
    finder = Finder(files, texts)
    warnings: list[Diagnostic] = []
    for key in IGNORED_KEYS:
        if key in data:
            warnings.append(
                finding(
                    IGNORED_FRONT_MATTER,
                    finder.locate(key + ":") or Location(Path("."), 0),
                    f"'{key}' in the front matter is ignored;"
                    " citation data comes only from refs.bib and the style's CSL",
                    fix=f"remove '{key}:' from the front matter",
                )
            )
    for key in required:
        if not data.get(key):
            raise ConfigError(
                f"the front matter has no '{key}', which this style requires",
                location=finder.first(),
                hint=f"add '{key}:' to the YAML block at the top of the manuscript",
            )
    affiliations = read_affiliations(data.get("affiliation"), finder)
    known_ids = {a.id for a in affiliations}
    authors = read_authors(data.get("author"), known_ids, finder)
    journal = _map(data.get("journal"), "journal", finder)
    article = _map(data.get("article"), "article", finder)
    volume = _issue_number(article.get("volume"), "article.volume", finder)
    issue = _issue_number(article.get("issue"), "article.issue", finder)
    fpage = _page(article.get("fpage"), "article.fpage", finder)
    lpage = _page(article.get("lpage"), "article.lpage", finder)
    if fpage is not None and lpage is not None and lpage < fpage:
        raise ConfigError(
            f"'article.lpage' ({lpage}) is before 'article.fpage' ({fpage})",
            location=finder.locate("lpage:"),
            hint="the last page must not come before the first",
        )
    doi = plain_text(article.get("doi"))
    if doi:
        doi = bare_doi(doi)
        if not is_doi(doi):
            raise ConfigError(
                f"'article.doi' is '{doi}', which is not a DOI",
                location=finder.locate(doi),
                hint="write it as 10.<registrant>/<suffix>, e.g. 10.31703/gfpr.2023(VI-III).01",
            )
    date = plain_text(data.get("date"))
    year = month = day = None
    season = None
    if date:
        if m := SEASON_DATE.match(date):
            season, year = m["season"].capitalize(), int(m["year"])
        elif m := ISO_DATE.match(date):
            year = int(m["year"])
            month = int(m["month"]) if m["month"] else None
            day = int(m["day"]) if m["day"] else None
            if (month is not None and not 1 <= month <= 12) or (
                day is not None and not 1 <= day <= 31
            ):
                raise _bad_date(date, finder)
        else:
            raise _bad_date(date, finder)
    keywords = data.get("keywords", [])
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    title = plain_text(data.get("title"))
    return (
        FrontMatter(
            title=title or "",
            subtitle=plain_text(data.get("subtitle")),
            authors=authors,
            affiliations=affiliations,
            journal_title=plain_text(journal.get("title")),
            journal_abbrev=plain_text(journal.get("abbrev-title")),
            volume=volume,
            issue=issue,
            fpage=fpage,
            lpage=lpage,
            doi=doi,
            date=date,
            year=year,
            month=month,
            day=day,
            season=season,
            keywords=tuple(str(k) for k in keywords if str(k).strip())
            if isinstance(keywords, list)
            else (),
            abstract=plain_text(data.get("abstract")),
            lang=plain_text(data.get("lang")) or "en",
            publishing=read_publishing(data, finder),
        ),
        warnings,
    )


def _bad_date(date: str, finder: Finder) -> ConfigError:
    return ConfigError(
        f"'date' is '{date}', which is not a date",
        location=finder.locate(date),
        hint="write YYYY, YYYY-MM, YYYY-MM-DD or a season and year such as 'Summer 2023'",
    )


def _map(value: object, name: str, finder: Finder) -> dict[str, object]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(
            f"'{name}' in the front matter must be a map of fields",
            location=finder.locate(name + ":"),
            hint=f"see docs/front-matter.md for the fields of '{name}'",
        )
    return value


def _issue_number(value: object, field: str, finder: Finder) -> str | None:
    text = plain_text(value)
    if text is None:
        return None
    if (text.isdigit() and int(text) > 0) or ROMAN.match(text):
        return text
    raise ConfigError(
        f"'{field}' is '{text}', which is neither a number nor a roman numeral",
        location=finder.locate(text),
        hint="write e.g. 6 or VI",
    )


def _page(value: object, field: str, finder: Finder) -> int | None:
    text = plain_text(value)
    if text is None:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(
            f"'{field}' is '{text}', which is not a page number",
            location=finder.locate(text),
            hint="write a whole number such as 1",
        )
    return int(text)
