"""B013 dead-url: a URL that is malformed or points to a service known to be shut down."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.doi import bare_doi, is_doi
from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

# Services that closed, with the year: their links no longer reach the work.
DEAD_HOSTS: dict[str, str] = {
    "questia.com": "Questia closed in 2020",
    "highbeam.com": "HighBeam Research closed in 2018",
    "geocities.com": "GeoCities closed in 2009",
    "plus.google.com": "Google+ closed in 2019",
    "storify.com": "Storify closed in 2018",
    "posterous.com": "Posterous closed in 2013",
    "friendfeed.com": "FriendFeed closed in 2015",
    "vine.co": "Vine closed in 2017",
    "goo.gl": "the goo.gl link shortener stopped redirecting in 2025",
    "digg.com/reader": "Digg Reader closed in 2018",
    "picasaweb.google.com": "Picasa Web Albums closed in 2016",
    "orkut.com": "Orkut closed in 2014",
    "findarticles.com": "FindArticles closed in 2012",
    "links.jstor.org/sici": "JSTOR retired its SICI links",
    "springerlink.com/link.asp": "SpringerLink's MetaPress links stopped resolving in 2013",
    "springerlink.metapress.com": "SpringerLink's MetaPress links stopped resolving in 2013",
}
# Addresses that reach nothing stable: a search, or a session that has expired.
NOT_STABLE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[?&]SID="), "is bound to a session (SID=) that has expired"),
    (
        re.compile(r"scholar\.google\.[a-z.]+/scholar\?", re.IGNORECASE),
        "is a Google Scholar search",
    ),
    (re.compile(r"^https?://ww\.", re.IGNORECASE), "has the host 'ww.' (a typo for 'www.'?)"),
)
# TeX that a url keeps literally (biblatex and pandoc read `url` verbatim): `\_`, `\&`, `$\sim$`.
_TEX_IN_URL = re.compile(r"\\[_&%#~$]|\$\\?sim\$|\\textasciitilde|\{\\~\}")
_URL = re.compile(
    r"(?P<scheme>https?|ftp)://(?P<host>[^\s/?#:@]+\.[^\s/?#:@]+)(?::\d+)?(?:[/?#]\S*)?"
)
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?P<host>[^/\s?#:]+)(?P<path>/\S*)?", re.IGNORECASE)


@rule("B013", "dead-url", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """A `url` is a complete http(s) address without spaces (not wrapped in `\\url{}`), on a
    service that still exists (the list of closed services is kept in this module), with no
    TeX in it (`\\_` stays in the link: an error unless a `doi` also leads to the work), and
    not a search or an expired session (`SID=`), nor on a bare IP address (info); links in
    `howpublished` and `note` are checked against the list of closed services too, and for a
    backslash inside their `\\url{}` that is no escape (`\\2018`).

    PASS: @online{valdai2021,
          url = {https://valdaiclub.com/a/highlights/growing-pakistan-russia-relations-future/}}
    FAIL: @online{questia2012,
          url = {https://www.questia.com/library/journal/1P3-2710323451/pak-russia-relations}}
    """
    f = entry.get("url")
    if f is not None and f.value.strip():
        url = f.value.strip()
        tex = _TEX_IN_URL.search(url)
        if tex:
            # With a doi beside it the reader still gets there: then a warning.
            yield Finding(
                f"url '{url}' has the TeX '{tex.group()}', which the link keeps literally",
                fix=f"url = {{{_untex(url)}}}",
                line=f.line,
                column=f.column,
                severity=None if entry.has("doi") else Severity.ERROR,
            )
            return
        yield from _check_url(url, f.line, f.column)
    for name in ("howpublished", "note"):
        other = entry.get(name)
        if other is not None and "http" in other.value:
            yield from _links_in_text(name, other.value, other.line, other.column)


def _links_in_text(name: str, text: str, line: int, column: int | None) -> Iterator[Finding]:
    """Links in a note: on a closed service, or with a backslash in `\\url{}` that pandoc
    keeps (it drops the one of an escape, `\\~` or `\\#`, but not `\\2018`), so the link
    is broken."""
    for m in _LATEX_URL_IN_TEXT.finditer(text):
        kept = _KEPT_BACKSLASH.search(m.group(1))
        if kept:
            yield Finding(
                f"url in {name} has '{kept.group()}', a backslash the link keeps",
                fix="copy the address again: the backslash is no part of it",
                line=line,
                column=column,
            )
            return
    for m in _URL_IN_TEXT.finditer(text):
        dead = _dead(m.group())
        if dead:
            yield Finding(dead, fix=_DEAD_FIX, line=line, column=column)


_DEAD_FIX = "link the publisher's page or an archived copy (web.archive.org), or drop the url"
_URL_IN_TEXT = re.compile(r"https?://[^\s{}]+")
_LATEX_URL = re.compile(r"\\url\{([^{}]*)\}")
_LATEX_URL_IN_TEXT = re.compile(r"\\url\{(https?://[^{}\s]*)\}")
# What pandoc's `\url` unescapes (`\~`, `\#`, ...): any other backslash stays in the link.
_KEPT_BACKSLASH = re.compile(r"\\(?![#$%&~_^\\{}]).")


def _check_url(url: str, line: int, column: int) -> Iterator[Finding]:
    if _URL.fullmatch(url) is None:
        fix = None
        wrapped = _LATEX_URL.fullmatch(url)
        if wrapped and _URL.fullmatch(wrapped.group(1).strip()):
            fix = f"url = {{{wrapped.group(1).strip()}}}"
        elif " " in url and _URL.fullmatch(url.replace(" ", "")):
            fix = f"url = {{{url.replace(' ', '')}}}"
        elif is_doi(bare_doi(url)):
            # Zotero's `url = {10.1017/…}`: https:// before it would name no host.
            fix = f"url = {{https://doi.org/{bare_doi(url)}}}"
        elif "://" not in url and _URL.fullmatch("https://" + url):
            fix = f"url = {{https://{url}}}"
        yield Finding(
            f"url '{url}' is "
            + ("a DOI, not a URL" if fix and "doi.org" in fix else "not a valid URL"),
            fix=fix or "copy the full address",
            line=line,
            column=column,
        )
        return
    dead = _dead(url)
    if dead:
        yield Finding(dead, fix=_DEAD_FIX, line=line, column=column)
        return
    for pattern, what in NOT_STABLE:
        if pattern.search(url):
            yield Finding(f"url '{url}' {what}", fix=_STABLE_FIX, line=line, column=column)
            return
    if _IP_HOST.match(url):
        yield Finding(
            f"url '{url}' names its server by IP address, which changes when the site moves",
            fix=_STABLE_FIX,
            line=line,
            column=column,
            severity=Severity.INFO,
        )


# `http://137.227.224.96/...`: a machine, not a site (a guess that it will move: info).
_IP_HOST = re.compile(r"^[a-z]+://\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:[/?#]|$)", re.IGNORECASE)


_STABLE_FIX = "link the work itself: its doi, or the publisher's page"


def _untex(url: str) -> str:
    url = re.sub(r"\$\\?sim\$|\\textasciitilde(?:\{\})?|\{\\~\}", "~", url)
    return re.sub(r"\\([_&%#~$])", r"\1", url)


def _dead(url: str) -> str | None:
    """The message for a URL on a closed service, or None."""
    m = _HOST.match(url)
    if m is None:
        return None
    host = m.group("host").lower()
    path = (m.group("path") or "").lower()
    for dead, why in DEAD_HOSTS.items():
        dead_host, _, dead_path = dead.partition("/")
        if (host == dead_host or host.endswith("." + dead_host)) and path.startswith(
            "/" + dead_path if dead_path else ""
        ):
            return f"url host '{host}' no longer serves this work ({why})"
    return None
