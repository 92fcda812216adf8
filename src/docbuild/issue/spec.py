"""ISSUE.toml: the papers of an issue in order, its volume, number, date and first page."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import ConfigError
from docbuild.render.frontmatter import ISO_DATE, ROMAN, SEASON_DATE
from docbuild.tomlcheck import TomlChecker

_KEYS = {
    "journal",
    "volume",
    "issue",
    "date",
    "first_page",
    "style",
    "papers",
    "build_dir",
    "depositor",
}
_DEPOSITOR_KEYS = {"name", "email", "registrant"}


@dataclass(frozen=True, slots=True)
class IssueSpec:
    path: Path  # ISSUE.toml
    volume: str
    issue: str
    date: str  # as the front matter writes it: "Summer 2023", "2023-06"
    first_page: int
    papers: tuple[Path, ...]  # the paper folders, in order
    build_dir: Path  # where everything the issue makes goes
    style: str | None = None  # the table of contents' style; default the first paper's
    depositor_name: str | None = None
    depositor_email: str | None = None
    registrant: str | None = None
    journal: str | None = None  # the journal's title: the contents' head, and each paper's

    @property
    def label(self) -> str:
        """`Vol. 7, No. 2 (December 2026)`: the date as each paper's masthead prints it."""
        from docbuild.render.dates import read_date
        from docbuild.render.metadata import date_words

        when = read_date(self.date)  # checked when ISSUE.toml was read
        printed = date_words(when.year, when.month, when.season) if when else self.date
        return f"Vol. {self.volume}, No. {self.issue} ({printed})"


def _unknown(
    data: dict[str, object], known: set[str], prefix: str, check: TomlChecker, path: Path
) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(known), n=1)
        raise ConfigError(
            f"unknown setting '{prefix}{unknown[0]}' in {path.name}",
            location=check.where(prefix.rstrip("."), unknown[0]),
            hint=(f"did you mean '{prefix}{close[0]}'? " if close else "")
            + "known settings: "
            + ", ".join(sorted(prefix + k for k in known)),
        )


def read_issue(path: Path) -> IssueSpec:
    """Read and check ISSUE.toml; ConfigError naming the key and its line."""
    path = path.resolve()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"issue file '{path}' not found", hint="give the path of the issue's ISSUE.toml"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot read {path.name}: {exc}",
            location=Location(path, 0),
            hint="fix the TOML syntax; see docs/publishing-an-issue.md",
        ) from None
    check = TomlChecker(path)
    _unknown(data, _KEYS, "", check, path)
    depositor = check.table(data, "", "depositor")
    _unknown(depositor, _DEPOSITOR_KEYS, "depositor.", check, path)

    def need_text(key: str, example: str) -> str:
        value = data.get(key)
        if not isinstance(value, str | int) or isinstance(value, bool) or str(value).strip() == "":
            raise ConfigError(
                f"{path.name} has no '{key}'" if value is None else f"'{key}' must be text",
                location=check.where("", key) if value is not None else Location(path, 0),
                hint=f'for example: {key} = "{example}"',
            )
        return str(value).strip()

    volume, issue = need_text("volume", "6"), need_text("issue", "3")
    for key, value in (("volume", volume), ("issue", issue)):
        if not (value.isdigit() and int(value) > 0) and not ROMAN.match(value):
            raise ConfigError(
                f"'{key}' is '{value}', which is neither a number nor a roman numeral",
                location=check.where("", key),
                hint="write e.g. 6 or VI",
            )
    date = need_text("date", "Summer 2023")
    if not (SEASON_DATE.match(date) or ISO_DATE.match(date)):
        raise ConfigError(
            f"'date' is '{date}', which is not a date",
            location=check.where("", "date"),
            hint="write YYYY, YYYY-MM, YYYY-MM-DD or a season and year such as 'Summer 2023'",
        )
    first_page = data.get("first_page", 1)
    if not isinstance(first_page, int) or isinstance(first_page, bool) or first_page < 1:
        raise ConfigError(
            f"'first_page' must be a whole number from 1, not {first_page!r}",
            location=check.where("", "first_page"),
            hint="for example: first_page = 1",
        )
    papers = data.get("papers")
    if not isinstance(papers, list) or not papers or not all(isinstance(p, str) for p in papers):
        raise ConfigError(
            "'papers' must list the paper folders in their order in the issue",
            location=check.where("", "papers") if papers is not None else Location(path, 0),
            hint='for example: papers = ["qureshi", "khan", "ahmed"]',
        )
    if len(set(papers)) != len(papers):
        twice = next(p for p in papers if papers.count(p) > 1)
        raise ConfigError(
            f"paper '{twice}' is listed twice in 'papers'",
            location=check.where("", "papers"),
            hint="list each paper folder once",
        )
    base = path.parent
    build_dir = check.text(data, "", "build_dir", "build") or "build"
    return IssueSpec(
        path=path,
        volume=volume,
        issue=issue,
        date=date,
        first_page=first_page,
        papers=tuple((base / p).resolve() for p in papers),
        build_dir=(base / build_dir).resolve(),
        style=check.text(data, "", "style", "gfpr"),
        depositor_name=check.text(depositor, "depositor", "name", "Production Desk"),
        depositor_email=check.text(depositor, "depositor", "email", "production@example.org"),
        registrant=check.text(depositor, "depositor", "registrant", "Example Press"),
        journal=check.text(data, "", "journal", "Global Foreign Policies Review"),
    )


def issue_meta_edit(
    spec: IssueSpec, fpage: int, lpage: int | None
) -> Callable[[dict[str, object]], None]:
    """Set the paper's volume, issue, pages and date in pandoc's metadata (its files stay).
    Without `lpage`, the paper's own is removed: the pdf step counts it (jobs/build.py)."""

    def edit(meta: dict[str, object]) -> None:
        article = meta.get("article")
        fields = (
            dict(article["c"])
            if isinstance(article, dict) and article.get("t") == "MetaMap"
            else {}
        )
        fields.pop("lpage", None)
        for key, value in (
            ("volume", spec.volume),
            ("issue", spec.issue),
            ("fpage", str(fpage)),
            *((("lpage", str(lpage)),) if lpage is not None else ()),
        ):
            fields[key] = {"t": "MetaString", "c": value}
        meta["article"] = {"t": "MetaMap", "c": fields}
        meta["date"] = {"t": "MetaString", "c": spec.date}
        if spec.journal:
            journal = meta.get("journal")
            known = (
                dict(journal["c"])
                if isinstance(journal, dict) and journal.get("t") == "MetaMap"
                else {}
            )
            known["title"] = {"t": "MetaString", "c": spec.journal}
            meta["journal"] = {"t": "MetaMap", "c": known}

    return edit
