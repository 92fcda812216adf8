"""The front matter (pandoc's JATS vocabulary), read from pandoc's own metadata, validated.

Pure: input is the `meta` of pandoc's JSON AST, so YAML is parsed once, by pandoc.
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
from docbuild.render.publishing import Publishing, read_publishing

_WRAPPERS = ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps")
IGNORED_KEYS = ("bibliography", "csl", "references", "citation-abbreviations")
ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$", re.I)
SEASONS = ("Spring", "Summer", "Autumn", "Fall", "Winter")
SEASON_DATE = re.compile(r"^(?P<season>" + "|".join(SEASONS) + r")\s+(?P<year>\d{4})$", re.I)
ISO_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# Month names as printed in a date line ("May 2023"), from the one list in bib/values.
MONTHS = tuple(m.capitalize() for m in MONTH_NAMES)
AFFILIATION_MARKS = ("*", "†", "‡", "§", "¶", "‖")


@dataclass(frozen=True, slots=True)
class Affiliation:
    id: str
    organization: str
    mark: str
    address: str = ""  # department, organization, street, city, region, country: the note


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    affiliations: tuple[str, ...]  # affiliation ids
    email: str | None = None
    orcid: str | None = None  # the bare 16-digit form
    corresponding: bool = False


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


def meta_to_plain(value: Mapping[str, object]) -> object:
    """A pandoc MetaValue as plain Python: maps, lists, bools and strings (inlines as text)."""
    kind = value.get("t")
    content = value.get("c")
    if kind == "MetaMap":
        assert isinstance(content, dict)
        return {k: meta_to_plain(v) for k, v in content.items()}
    if kind == "MetaList":
        assert isinstance(content, list)
        return [meta_to_plain(v) for v in content]
    if kind == "MetaBool":
        return bool(content)
    if kind == "MetaString":
        return str(content)
    if kind == "MetaInlines":
        assert isinstance(content, list)
        return inlines_to_text(content).strip()
    if kind == "MetaBlocks":
        assert isinstance(content, list)
        return blocks_to_text(content)
    return ""


def meta_dict(meta: Mapping[str, Mapping[str, object]]) -> dict[str, object]:
    return {k: meta_to_plain(v) for k, v in meta.items()}


def inlines_to_text(inlines: Sequence[object]) -> str:
    out: list[str] = []
    for el in inlines:
        if not isinstance(el, dict):
            continue
        t, c = el.get("t"), el.get("c")
        if t == "Str":
            out.append(str(c))
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in _WRAPPERS:
            out.append(inlines_to_text(c))  # type: ignore[arg-type]
        elif t in ("Span", "Link", "Image", "Quoted", "Cite"):
            # Each keeps its inlines second: [attr|quote|citations, inlines, ...].
            text = inlines_to_text(c[1])  # type: ignore[index]
            out.append(f"“{text}”" if t == "Quoted" else text)
        elif t in ("Code", "Math"):
            out.append(str(c[1]))  # type: ignore[index]
    return "".join(out)


def blocks_to_text(blocks: Sequence[object]) -> str:
    paras: list[str] = []
    for el in blocks:
        if isinstance(el, dict) and el.get("t") in ("Para", "Plain"):
            paras.append(inlines_to_text(el["c"]).strip())
    return "\n\n".join(p for p in paras if p)


def read_front_matter(
    meta: Mapping[str, Mapping[str, object]],
    *,
    files: Sequence[Path],
    required: Sequence[str] = (),
) -> tuple[FrontMatter, list[Diagnostic]]:
    """Validate pandoc's metadata; ConfigError naming the field, plus the warnings (R001)."""
    data = meta_dict(meta)
    finder = _Finder(files)
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
    affiliations = _affiliations(data.get("affiliation"), finder)
    known_ids = {a.id for a in affiliations}
    authors = _authors(data.get("author"), known_ids, finder)
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
    doi = _text(article.get("doi"))
    if doi:
        doi = bare_doi(doi)
        if not is_doi(doi):
            raise ConfigError(
                f"'article.doi' is '{doi}', which is not a DOI",
                location=finder.locate(doi),
                hint="write it as 10.<registrant>/<suffix>, e.g. 10.31703/gfpr.2023(VI-III).01",
            )
    date = _text(data.get("date"))
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
    title = _text(data.get("title"))
    return (
        FrontMatter(
            title=title or "",
            subtitle=_text(data.get("subtitle")),
            authors=authors,
            affiliations=affiliations,
            journal_title=_text(journal.get("title")),
            journal_abbrev=_text(journal.get("abbrev-title")),
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
            abstract=_text(data.get("abstract")),
            lang=_text(data.get("lang")) or "en",
            publishing=read_publishing(data, finder),
        ),
        warnings,
    )


def _bad_date(date: str, finder: _Finder) -> ConfigError:
    return ConfigError(
        f"'date' is '{date}', which is not a date",
        location=finder.locate(date),
        hint="write YYYY, YYYY-MM, YYYY-MM-DD or a season and year such as 'Summer 2023'",
    )


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value).strip() or None


def _map(value: object, name: str, finder: _Finder) -> dict[str, object]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(
            f"'{name}' in the front matter must be a map of fields",
            location=finder.locate(name + ":"),
            hint=f"see docs/front-matter.md for the fields of '{name}'",
        )
    return value


def _issue_number(value: object, field: str, finder: _Finder) -> str | None:
    text = _text(value)
    if text is None:
        return None
    if (text.isdigit() and int(text) > 0) or ROMAN.match(text):
        return text
    raise ConfigError(
        f"'{field}' is '{text}', which is neither a number nor a roman numeral",
        location=finder.locate(text),
        hint="write e.g. 6 or VI",
    )


def _page(value: object, field: str, finder: _Finder) -> int | None:
    text = _text(value)
    if text is None:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(
            f"'{field}' is '{text}', which is not a page number",
            location=finder.locate(text),
            hint="write a whole number such as 1",
        )
    return int(text)


def _affiliations(value: object, finder: _Finder) -> tuple[Affiliation, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[Affiliation] = []
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not _text(item.get("id")):
            raise ConfigError(
                f"affiliation {n + 1} has no 'id'",
                location=finder.locate("affiliation:"),
                hint="write each affiliation as '- id: a1' and 'organization: ...'",
            )
        aid = str(_text(item.get("id")))
        if any(a.id == aid for a in out):
            raise ConfigError(
                f"affiliation id '{aid}' is used twice",
                location=finder.locate(aid),
                hint="give each affiliation its own id",
            )
        org = _text(item.get("organization")) or _text(item.get("name")) or ""
        mark = AFFILIATION_MARKS[n] if n < len(AFFILIATION_MARKS) else str(n + 1)
        out.append(Affiliation(aid, org, mark, _address(item, org)))
    return tuple(out)


# pandoc's JATS template knows these parts of an affiliation; a journal prints them in order.
ADDRESS_PARTS = ("department", "organization", "street-address", "city", "region", "country")


def _address(item: dict[str, object], organization: str) -> str:
    """The affiliation note as journals print it; just the organization when that is all."""
    parts = [organization if k == "organization" else _text(item.get(k)) for k in ADDRESS_PARTS]
    return ", ".join(p for p in parts if p)


def _authors(value: object, known_ids: set[str], finder: _Finder) -> tuple[Author, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[Author] = []
    for item in items:
        if isinstance(item, str):
            out.append(Author(name=item, affiliations=()))
            continue
        if not isinstance(item, dict) or not _text(item.get("name")):
            raise ConfigError(
                f"author {len(out) + 1} has no 'name'",
                location=finder.locate("author:"),
                hint="write each author as '- name: ...'",
            )
        name = str(_text(item.get("name")))
        affs = item.get("affiliation", [])
        aff_ids = [str(a) for a in (affs if isinstance(affs, list) else [affs])]
        for aid in aff_ids:
            if aid not in known_ids:
                raise ConfigError(
                    f"author '{name}' has affiliation '{aid}', which is not an affiliation id",
                    location=finder.locate(aid),
                    hint="known affiliation ids: "
                    + (", ".join(sorted(known_ids)) or "none")
                    + " (the 'affiliation:' list)",
                )
        orcid = _text(item.get("orcid"))
        if orcid:
            m = ORCID.match(orcid)
            if not m or not orcid_checksum_ok(m[1]):
                raise ConfigError(
                    f"author '{name}' has ORCID '{orcid}', which is not a valid ORCID iD",
                    location=finder.locate(orcid),
                    hint="an ORCID iD is 16 digits in groups of four, the last a check digit"
                    " (e.g. 0000-0002-1825-0097)",
                )
            orcid = m[1]
        email = _text(item.get("email"))
        if email and not EMAIL.match(email):
            raise ConfigError(
                f"author '{name}' has e-mail '{email}', which is not an e-mail address",
                location=finder.locate(email),
                hint="write it as name@example.org",
            )
        out.append(
            Author(
                name=name,
                affiliations=tuple(aff_ids),
                email=email,
                orcid=orcid,
                corresponding=bool(item.get("cor-id") or item.get("corresponding")),
            )
        )
    return tuple(out)


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2, as ORCID computes its last character."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


class _Finder:
    """Where a value appears in the manuscript files: the location for an error message."""

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = list(files)
        self._texts: dict[Path, list[str]] = {}

    def _lines(self, path: Path) -> list[str]:
        if path not in self._texts:
            try:
                self._texts[path] = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._texts[path] = []
        return self._texts[path]

    def first(self) -> Location | None:
        return Location(self.files[0], 1) if self.files else None

    def locate(self, needle: str) -> Location | None:
        for path in self.files:
            for n, line in enumerate(self._lines(path), start=1):
                if needle in line:
                    return Location(path, n)
        return self.first()
