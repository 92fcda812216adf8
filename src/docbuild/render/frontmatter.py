"""The front matter (pandoc's JATS vocabulary), read from pandoc's own metadata, validated.

Input is the `meta` of pandoc's JSON AST, so YAML is parsed once, by pandoc; authors and
affiliations are read in people.py, publishing data in publishing.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from docbuild.bib.doi import bare_doi, is_doi
from docbuild.diagnostics import Diagnostic, Location, Severity
from docbuild.errors import ConfigError, ConfigErrors
from docbuild.render.dates import (
    ISO_DATE,
    MONTHS,
    SEASON_DATE,
    SEASONS,
    DateReading,
    needs_source_date,
    read_date,
)
from docbuild.render.findings import (
    IGNORED_FRONT_MATTER,
    INCOMPLETE_MASTHEAD,
    READ_AS,
    UNUSED_FRONT_MATTER,
    finding,
)
from docbuild.render.meta import meta_dict, plain_text
from docbuild.render.people import (
    Affiliation,
    Author,
    read_affiliations,
    read_authors,
    without_name_marks,
)
from docbuild.render.places import Finder
from docbuild.render.publishing import Publishing, read_publishing
from docbuild.render.shapes import to_canonical

DEFAULT_LANG = "en-US"  # styles/*/template.html write the same when `lang` is not given
# A BCP 47 tag's shape (subtags of letters and digits, the first all letters), so that nothing
# else reaches `lang="..."`; pandoc's and Quarto's `en_US` is let through as they take it.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")

IGNORED_KEYS = ("bibliography", "csl", "references", "citation-abbreviations")
ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$", re.I)
# Kept here for issue/spec.py and metadata.py, which read dates and print months the same way.
__all__ = ["ISO_DATE", "MONTHS", "SEASONS", "SEASON_DATE", "FrontMatter", "read_front_matter"]


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
    lpage: int | None = None  # the front matter's, else counted from the PDF (jobs/build.py)
    lpage_declared: bool = False  # written in the front matter: the PDF must agree with it
    doi: str | None = None
    date: str | None = None  # as written
    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None  # "Summer"
    keywords: tuple[str, ...] = ()
    abstract: str | None = None  # plain text
    # BCP 47; en-US by default: WeasyPrint hyphenates by it (pyphen), and a bare `en` would
    # pick British patterns ("Americ-an"); the PDF's /Lang and the HTML's lang say it too.
    lang: str = DEFAULT_LANG
    # ISSN, licence, history dates, funding, ROR ids: for JATS and the Crossref deposit.
    publishing: Publishing = field(default_factory=Publishing)


def _shown_by_shortcode(finder: Finder) -> set[str]:
    """The front-matter keys a Quarto `{{< meta key >}}` prints (its first part): used, so
    no R008 calls them unused. The files as the finder holds them, read once."""
    from docbuild.cite.chunks import META_SHORTCODE

    return {
        m["key"].split(".")[0]
        for path in finder.files
        for line in finder.lines(path)
        if "{{<" in line
        for m in META_SHORTCODE.finditer(line)
    }


def read_front_matter(
    meta: Mapping[str, Mapping[str, object]],
    *,
    files: Sequence[Path],
    texts: Mapping[Path, str] | None = None,
    required: Sequence[str] = (),
    masthead: Sequence[str] = (),
    pages: int | None = None,
    bibliography: str = "refs.bib",
) -> tuple[FrontMatter, list[Diagnostic]]:
    """Validate pandoc's metadata, in any shape shapes.py knows: ConfigErrors naming every
    problem at once, or the front matter and the findings (R001, R007-R009, R012).

    `required` keys are errors when missing; `masthead` keys (dotted: `article.doi`) are
    warnings, since the style prints what there is. `texts` (the files' text, as parsed)
    places errors; without it the files are read.
    `pages` is the PDF's page count: the last page where the front matter names none.
    `bibliography` is docbuild.toml's files, which R001 names as the ones read.
    """
    cleared, marks = without_name_marks(dict(meta))
    data, notes = to_canonical(meta_dict(cleared))
    finder = Finder(files, texts)
    warnings = _ignored(data, finder, bibliography)
    shown = _shown_by_shortcode(finder) if notes else set()
    warnings += [
        finding(
            READ_AS if n.guess else UNUSED_FRONT_MATTER,
            finder.locate(n.needle) or _nowhere(),
            n.message,
            fix=n.fix,
            severity=Severity.INFO if n.settings else None,
        )
        for n in notes
        if n.needle.rstrip(":").lower() not in IGNORED_KEYS
        and n.needle.strip().rstrip(":") not in shown
    ]
    errors: list[ConfigError] = []
    for key in required:
        if data.get(key):
            continue
        if key in data:  # written, but empty: `abstract: ''` (a template's placeholder)
            errors.append(
                ConfigError(
                    f"the front matter's '{key}' is empty, which this style requires",
                    location=finder.locate(f"{key}:"),
                    hint=f"write the text after '{key}:' in the YAML block",
                )
            )
            continue
        errors.append(
            ConfigError(
                f"the front matter has no '{key}', which this style requires",
                location=finder.first(),
                hint=f"add '{key}:' to the YAML block at the top of the manuscript",
            )
        )
    for path in masthead:
        if not _lookup(data, path):
            warnings.append(
                finding(
                    INCOMPLETE_MASTHEAD,
                    finder.first() or _nowhere(),
                    f"the front matter has no '{path}': the masthead prints what there is",
                    fix=f"add '{path}' when the journal gives it (docs/front-matter.md)",
                )
            )
    affiliations = read_affiliations(data.get("affiliation"), finder, errors)
    known_ids = {a.id for a in affiliations}
    authors = read_authors(data.get("author"), known_ids, finder, errors, warnings, marks)
    journal = _attempt(errors, {}, lambda: _map(data.get("journal"), "journal", finder))
    article = _attempt(errors, {}, lambda: _map(data.get("article"), "article", finder))
    volume = _attempt(
        errors, None, lambda: _issue_number(article.get("volume"), "article.volume", finder)
    )
    issue = _attempt(
        errors, None, lambda: _issue_number(article.get("issue"), "article.issue", finder)
    )
    fpage = _attempt(errors, None, lambda: _page(article.get("fpage"), "article.fpage", finder))
    lpage = _attempt(errors, None, lambda: _page(article.get("lpage"), "article.lpage", finder))
    doi = _attempt(errors, None, lambda: _doi(article.get("doi"), finder))
    declared = lpage is not None
    if lpage is None and fpage is not None and pages:
        lpage = fpage + pages - 1
    if fpage is not None and lpage is not None and lpage < fpage:
        errors.append(
            ConfigError(
                f"'article.lpage' ({lpage}) is before 'article.fpage' ({fpage})",
                location=finder.locate("lpage:"),
                hint="the last page must not come before the first",
            )
        )
    date = plain_text(data.get("date"))
    reading = _read_date(date, files, finder, errors, warnings) if date else None
    keywords = data.get("keywords", [])
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    publishing = _attempt(errors, Publishing(), lambda: read_publishing(data, finder))
    lang = _attempt(errors, DEFAULT_LANG, lambda: _lang(data.get("lang"), finder))
    if errors:
        raise ConfigErrors(errors)
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
            lpage_declared=declared,
            doi=doi,
            date=date,
            year=reading.year if reading else None,
            month=reading.month if reading else None,
            day=reading.day if reading else None,
            season=reading.season if reading else None,
            keywords=tuple(str(k) for k in keywords if str(k).strip())
            if isinstance(keywords, list)
            else (),
            abstract=plain_text(data.get("abstract")),
            lang=lang,
            publishing=publishing,
        ),
        warnings,
    )


def _ignored(data: Mapping[str, object], finder: Finder, bibliography: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for key in IGNORED_KEYS:
        for written in (key, key.capitalize()):
            if written in data:
                out.append(
                    finding(
                        IGNORED_FRONT_MATTER,
                        finder.locate(written + ":") or _nowhere(),
                        f"'{written}' in the front matter is ignored;"
                        f" citation data comes only from {bibliography} and the style's CSL",
                        fix=f"remove '{written}:' from the front matter",
                    )
                )
    return out


def _nowhere() -> Location:
    return Location(Path("."), 0)


def _lookup(data: Mapping[str, object], path: str) -> object:
    value: object = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


T = TypeVar("T")


def _attempt(errors: list[ConfigError], default: T, read: Callable[[], T]) -> T:
    """`read()`, or `default` with its ConfigError kept, so that later checks still run."""
    try:
        return read()
    except ConfigError as exc:
        errors.append(exc)
        return default


def _lang(value: object, finder: Finder) -> str:
    """The document's language tag; anything else would reach the page's `lang="..."` and the
    PDF's /Lang as written (a quote in it broke the template's HTML, reported as the style's)."""
    lang = plain_text(value)
    if not lang:
        return DEFAULT_LANG
    if not LANGUAGE_TAG.fullmatch(lang):
        key = finder.find("lang:")  # the value as written may differ from pandoc's reading
        raise ConfigError(
            f"'lang' is '{lang}', which is not a language tag",
            location=Location(key.path, key.line) if key else finder.locate(lang),
            hint="write a BCP 47 language tag: letters, digits and hyphens, e.g. en-US, de, pt-BR",
        )
    return lang


def _doi(value: object, finder: Finder) -> str | None:
    doi = plain_text(value)
    if not doi:
        return None
    doi = bare_doi(doi)
    if not is_doi(doi):
        raise ConfigError(
            f"'article.doi' is '{doi}', which is not a DOI",
            location=finder.locate(doi),
            hint="write it as 10.<registrant>/<suffix>, e.g. 10.31703/gfpr.2023(VI-III).01",
        )
    return doi


def _read_date(
    date: str,
    files: Sequence[Path],
    finder: Finder,
    errors: list[ConfigError],
    warnings: list[Diagnostic],
) -> DateReading | None:
    where = finder.locate(date) or _nowhere()
    if needs_source_date(date):
        from docbuild.render.source_date import source_date

        day, source = source_date(files)
        warnings.append(
            finding(
                READ_AS,
                where,
                f"'date' is '{date}': read as {day.isoformat()}, from {source}, so that "
                "every build of these files prints the same date",
                fix="write the date itself (YYYY-MM-DD) to fix it",
            )
        )
        return DateReading(day.year, day.month, day.day)
    reading = read_date(date)
    if reading is None:
        errors.append(
            ConfigError(
                f"'date' is '{date}', which is not a date",
                location=finder.locate(date),
                hint="write YYYY, YYYY-MM, YYYY-MM-DD, a season and year such as "
                "'Summer 2023', or '29 January 2021'",
            )
        )
    elif reading.note:
        message = f"'date' is '{date}': {reading.note}"
        fix = "write it as YYYY-MM-DD to be unambiguous"
        warnings.append(finding(READ_AS, where, message, fix=fix))
    return reading


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
