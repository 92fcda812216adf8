"""B007 date-mismatch: fields of one entry that disagree about when it appeared."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.dates import parse_edtf, standard_month
from docbuild.bib.fold import fold_words
from docbuild.bib.latex import to_unicode
from docbuild.bib.model import BibEntry
from docbuild.bib.values import MONTH_MACROS
from docbuild.crossref.match import compare_year, match, reference_from_entry
from docbuild.crossref.verified import record_for
from docbuild.diagnostics import Severity
from docbuild.lint.news import is_news
from docbuild.lint.rule import Finding, LintContext, rule
from docbuild.lint.venues import is_preprint_only

_MONTHS = "|".join(MONTH_MACROS)
# /2023/01/, /2015/feb/03/, /202109/ (year and month together)
_URL_DATE = re.compile(
    rf"/((?:19|20)\d\d)/(0[1-9]|1[0-2]|{_MONTHS})(?=/)|/((?:19|20)\d\d)(0[1-9]|1[0-2])(?=/)",
    re.IGNORECASE,
)
_DOI_YEAR = re.compile(r"(?<=[./(_\-])((?:19[5-9]|20[0-4])\d)(?=[./)_\-]|$)")
# A journal's ISSN in a DOI (Wiley's 10.1111/2041-210X.13835): neither half is a year.
_DOI_ISSN = re.compile(r"(?<![\dA-Za-z])\d{4}-\d{3}[\dXx](?![\dA-Za-z])")
# A manuscript number in a DOI (the Ecological Society of America's 10.1890/12-1983.1: the
# 1983rd paper received in 2012): its four digits are a count, not a year.
_DOI_MANUSCRIPT = re.compile(r"(?<![\dA-Za-z])\d\d-\d{4}(?=\.\d+$)")
_ARXIV_NEW = re.compile(r"^(\d\d)(0[1-9]|1[0-2])\.\d{4,5}")
_ARXIV_OLD = re.compile(r"/(\d\d)(0[1-9]|1[0-2])\d{3}")
_FOUR_DIGITS = re.compile(r"\d{4}")
_ARXIV_IN_TEXT = re.compile(r"arxiv:\s*(\d{4}\.\d{4,5})", re.IGNORECASE)
POSTED = frozenset({"online", "www", "electronic", "misc"})  # dated the day they were posted
_KEY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_SCHOLAR_KEY = re.compile(r"[a-z]+(?:19|20)\d\d([a-z]+)")


@rule("B007", "date-mismatch", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """`year`, `month` and `date` agree with each other, and with the year and month in the
    URL path, a year in the DOI, a preprint's arXiv id and the year in the key. An article's
    address or DOI may be up to a year (its DOI two) older than its issue: online first. A
    preprint dated years after its arXiv id is information. A key may name an earlier year
    (the preprint's, as INSPIRE's keys do) or the next one, never a later one; Google
    Scholar's (`rudin2006real`) names the year of the copy it indexed, often a reprint.

    PASS: @online{ali2023, date = {2023-01-31},
          url = {https://thediplomat.com/2023/01/do-pakistan-russia/}}
    FAIL: @online{ali2023, date = {2023-02-01},
          url = {https://thediplomat.com/2023/01/do-pakistan-russia/}}
    """
    year_f = entry.get("year")
    month_f = entry.get("month")
    date_f = entry.get("date")
    year_text = year_f.value.strip() if year_f else ""
    year = int(year_text) if _FOUR_DIGITS.fullmatch(year_text) else None
    month = standard_month(month_f) if month_f is not None else None
    parsed = parse_edtf(date_f.value) if date_f is not None else None
    date_year, date_month = parsed.ends[0][:2] if parsed else (None, None)
    if year_f and date_f and year is not None and date_year is not None and year != date_year:
        yield Finding(
            f"year '{year}' disagrees with date '{date_f.value.strip()}'",
            fix=f"remove year (date = {{{date_f.value.strip()}}} is enough) or correct it",
            line=year_f.line,
            column=year_f.column,
        )
    if month_f and month is not None and date_month is not None and month != date_month:
        yield Finding(
            f"month '{month_f.value.strip()}' disagrees with date '{date_f.value.strip()}'",  # type: ignore[union-attr]
            fix="remove month (date holds it) or correct it",
            line=month_f.line,
            column=month_f.column,
        )
    the_year = date_year if date_year is not None else year
    the_month = date_month if date_month is not None else month
    if the_year is None:
        return
    when = date_f.value.strip() if date_f is not None and parsed else _show(the_year, the_month)
    url_f = entry.get("url")
    if url_f is not None:
        m = _URL_DATE.search(url_f.value)
        if m:
            u_year = int(m[1] or m[3])
            u_month_text = (m[2] or m[4]).lower()
            u_month = (
                int(u_month_text)
                if u_month_text.isdigit()
                else MONTH_MACROS.index(u_month_text) + 1
            )
            if _disagrees(entry, (u_year, u_month), (the_year, the_month)):
                yield Finding(
                    f"url path '{m.group()}/' says {u_year}-{u_month:02d} but the entry is dated "
                    f"{when}",
                    fix="check the publication date on the page and correct the date or the url",
                    line=url_f.line,
                    column=url_f.column,
                )
    doi_f = entry.get("doi")
    if doi_f is not None and "/" in doi_f.value:
        suffix = doi_f.value.split("/", 1)[1]
        plain = _DOI_MANUSCRIPT.sub("", _DOI_ISSN.sub("", suffix.strip()))
        years = {int(y) for y in _DOI_YEAR.findall("/" + plain)}
        # Online-first DOIs may be two years older than the issue; never newer.
        if len(years) == 1 and not (the_year - 2 <= next(iter(years)) <= the_year):
            doi_year = next(iter(years))
            yield Finding(
                f"doi '{doi_f.value.strip()}' names {doi_year} but the entry is dated {the_year}",
                fix="check the year of publication",
                line=doi_f.line,
                column=doi_f.column,
            )
    yield from _against_arxiv(entry, the_year)
    key_years = {int(y) for y in _KEY_YEAR.findall(entry.key)}
    # A key names the year the work was first met: its preprint (INSPIRE's `Alguero:2020grj`
    # for a 2021 article), its online-first or its arXiv year; a key more than a year after the
    # date is what a merged or misdated record looks like (Zotero's `Lampinen2009a`, dated 2002).
    if len(key_years) == 1 and next(iter(key_years)) > the_year + 1 and not _scholar_key(entry):
        yield Finding(
            f"key '{entry.key}' names {next(iter(key_years))} but the entry is dated {the_year}",
            fix="correct the year, or rename the key (and its citations)",
        )
    yield from _against_crossref(entry, ctx, the_year)


def _scholar_key(entry: BibEntry) -> bool:
    """Google Scholar's key, surname, year and the title's first word (`rudin2006real` for
    Rudin's Real and Complex Analysis): its year is the copy Scholar indexed, often a reprint
    (the 2006 printing of the 1987 edition), so it says nothing about the entry's date."""
    m = _SCHOLAR_KEY.fullmatch(entry.key)
    words = fold_words(to_unicode(entry.value("title") or "")).split()[:3]
    return m is not None and m[1] in words


def _disagrees(entry: BibEntry, url: tuple[int, int], dated: tuple[int, int | None]) -> bool:
    """Whether a URL's year and month contradict the entry's date. A web page or news item
    is dated the day it was posted; an article's address may carry its online-first month,
    up to a year before the issue's date."""
    (u_year, u_month), (year, month) = url, dated
    if entry.entry_type in POSTED or is_news(entry):
        return u_year != year or (month is not None and u_month != month)
    if month is None:
        return not year - 1 <= u_year <= year
    return not 0 <= (year - u_year) * 12 + month - u_month <= 12


def _against_arxiv(entry: BibEntry, year: int) -> Iterator[Finding]:
    """The arXiv id's month (in `eprint`, or Zotero's `arXiv:1802.02219` in the journal or
    note): a preprint is never older than its first posting; a preprint dated years after its
    id is probably dated by a later version (only information). A published work may be posted
    years after it appeared (ADS gives arXiv 1503.03269 for a 2013 Nanophotonics article)."""
    for name in ("eprint", "journal", "journaltitle", "note"):
        f = entry.get(name)
        text = f.value.strip() if f is not None else ""
        if name != "eprint":
            found = _ARXIV_IN_TEXT.search(text.replace("{", "").replace("}", ""))
            text = found.group(1) if found else ""
        m = _ARXIV_NEW.match(text) or _ARXIV_OLD.search(text) if text else None
        if f is None or m is None:
            continue
        yy = int(m[1])
        a_year = (2000 if yy < 91 else 1900) + yy
        if year < a_year and is_preprint_only(entry):
            yield Finding(
                f"arXiv id '{text}' is from {a_year} but the entry is dated {year}",
                fix="check the year of publication",
                line=f.line,
                column=f.column,
            )
        elif year > a_year and is_preprint_only(entry):
            yield Finding(
                f"arXiv id '{text}' was first posted in {a_year} but the entry is dated {year}",
                fix=f"date a preprint by its first version ({a_year}), or cite the published work",
                line=f.line,
                column=f.column,
                severity=Severity.INFO,
            )
        return


def _against_crossref(entry: BibEntry, ctx: LintContext, year: int) -> Iterator[Finding]:
    """The year against the issue date of the record `doit verify-refs` matched to the entry
    (refs.verified.json); a year that is the record's print or online-first date instead is
    only information."""
    if entry.key not in ctx.verified:
        return
    ref = reference_from_entry(entry)
    record = record_for(ctx.verified.get(entry.key), ref.doi)
    if record is None or match(ref, record).contradicts:
        return  # no record, one for an older state of the entry, or another work (C001)
    found = compare_year(year, record)
    if found is None:
        return
    where = entry.get("date") or entry.get("year")
    yield Finding(
        found.message,
        fix=None if found.online_first else "check the year of publication",
        line=where.line if where else None,
        column=where.column if where else None,
        severity=Severity.INFO if found.online_first else None,
    )


def _show(year: int, month: int | None) -> str:
    return f"{year}-{month:02d}" if month else str(year)
