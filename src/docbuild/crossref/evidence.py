"""build/refs.verified.html: each entry's verdict and its evidence, with links. Pure: the lock,
the entries and the existence rules' findings in, one deterministic HTML page out.

Everything on the page comes from a registry or from refs.bib, neither of which docbuild
controls, so every value is escaped and every link is one docbuild builds itself (doi.org, the
registries' API addresses): no address from a record or an entry becomes an `href`.
"""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docbuild.bib.dates import entry_year
from docbuild.bib.doi import is_doi
from docbuild.bib.latex import to_unicode
from docbuild.bib.model import BibEntry
from docbuild.crossref.client import agency_url, search_url, work_url
from docbuild.crossref.identify import entry_venue
from docbuild.crossref.match import reference_from_entry
from docbuild.crossref.sources import NAMES, arxiv_search_url, datacite_url, openalex_search_url
from docbuild.crossref.verdict import Verdict, verdict
from docbuild.crossref.verified import Answer, SourceCheck, Verification, VerifiedRefs
from docbuild.crossref.work import Work
from docbuild.diagnostics import Diagnostic

# The rules whose findings are evidence of existence read from the lock (lint.rules: C001-C005).
EVIDENCE_RULES = ("doi-mismatch", "retracted", "doi-not-found", "no-record", "record-mismatch")
# What a person should look at first comes first.
ORDER = (Verdict.NOT_FOUND, Verdict.MISMATCHED, Verdict.NOT_CHECKABLE, Verdict.VERIFIED)
ASKED = {"crossref": "Crossref", "agency": "Crossref's DOI agency look-up", **NAMES}
ANSWERS = {Answer.FOUND: "found", Answer.ABSENT: "none", Answer.FAILED: "no answer"}
_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em }
table { border-collapse: collapse; margin: .5em 0 }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top }
section { border-top: 1px solid #999; margin-top: 1.5em }
.verdict { font-weight: bold }
.not-found .verdict, .error { color: #a00 }
.mismatched .verdict, .warning { color: #850 }
.verified .verdict { color: #070 }
"""


@dataclass(frozen=True, slots=True)
class Apis:
    """Each registry's address, as `doit verify-refs` asked it (for the page's API links)."""

    crossref: str
    datacite: str = ""
    openalex: str = ""
    arxiv: str = ""


def evidence_page(
    verified: VerifiedRefs,
    entries: Mapping[str, BibEntry],
    findings: Sequence[Diagnostic],
    apis: Apis,
    *,
    bib_name: str,
) -> str:
    """The whole page: the tally, then one section per entry, worst verdict first (then in
    refs.bib's order)."""
    by_key: dict[str, list[Diagnostic]] = {}
    for d in findings:
        if d.key is not None and d.name in EVIDENCE_RULES:
            by_key.setdefault(d.key, []).append(d)
    judged = [
        (key, entries[key], v, verdict(v, entries[key]))
        for key, v in verified.entries.items()
        if key in entries
    ]
    place = {key: n for n, key in enumerate(entries)}
    judged.sort(key=lambda j: (ORDER.index(j[3]), place[j[0]]))
    counts = {v: sum(1 for j in judged if j[3] is v) for v in ORDER}
    title = f"Does each reference exist? {bib_name}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>{_e(title)}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
        "<p>What <code>doit verify-refs</code> found for each entry (kept in "
        "refs.verified.json); <code>doit lint-refs</code> reports the same findings.</p>",
        '<table class="tally"><tr><th>verdict</th><th>entries</th></tr>',
        *(f'<tr class="{_cls(v)}"><td>{_e(v.value)}</td><td>{counts[v]}</td></tr>' for v in ORDER),
        "</table>",
    ]
    for key, entry, v, said in judged:
        parts.append(_section(key, entry, v, said, by_key.get(key, []), apis, bib_name))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _section(
    key: str,
    entry: BibEntry,
    v: Verification,
    said: Verdict,
    found: list[Diagnostic],
    apis: Apis,
    bib_name: str,
) -> str:
    out = [
        f'<section id="{_e("entry-" + key)}" class="{_cls(said)}">',
        f'<h2><code>{_e(key)}</code> <span class="verdict">{_e(said.value)}</span></h2>',
        # Of several files, the entry's own (bib/join.py); `bib_name` is the first's.
        f"<p>{_e(entry.path.name if entry.path else bib_name)} line {entry.line}: "
        f"{_e(v.reason)} (asked {_e(v.fetched_at[:10])})</p>",
    ]
    if found:
        out.append('<ul class="findings">')
        for d in found:
            fix = f"<br>fix: {_e(d.fix)}" if d.fix else ""
            out.append(
                f'<li class="{d.severity.value}">{d.severity.value} {_e(d.rule)} '
                f"{_e(d.name)}, line {d.location.line}: {_e(d.message)}{fix}</li>"
            )
        out.append("</ul>")
    out.append(_compared(entry, v))
    asked = [_asked(c, v, entry, apis) for c in v.checked]
    if asked:
        out.append(f'<p class="asked">asked: {"; ".join(asked)}</p>')
    out.append("</section>")
    return "\n".join(out)


def _compared(entry: BibEntry, v: Verification) -> str:
    """The entry beside each record the lock keeps for it: the one matched, the work the
    DOI's record is not, the nearest candidate, the published version of a preprint."""
    shown: list[tuple[str, Work]] = []
    for label, work in (
        ("the record", v.record),
        ("the work with this title", v.suggestion),
        ("the nearest candidate" if v.record is None else "the published version", v.candidate),
    ):
        if work is not None:
            shown.append((f"{label} ({work.registry})", work))
    head = "".join(f"<th>{_e(label)}</th>" for label, _ in shown)
    rows = [f"<tr><th></th><th>the entry</th>{head}</tr>"]
    authors = to_unicode(entry.value("author") or entry.value("editor") or "")
    year = entry_year(entry)
    doi = reference_from_entry(entry).doi
    ours = {
        "title": to_unicode(entry.value("title") or ""),
        "authors": authors,
        "year": str(year) if year is not None else "",
        "venue": entry_venue(entry),
        "doi": _doi_link(doi),
    }
    for field, value in ours.items():
        cells = "".join(f"<td>{_work_cell(field, w)}</td>" for _, w in shown)
        mine = value if field == "doi" else _e(value)
        rows.append(f"<tr><th>{field}</th><td>{mine}</td>{cells}</tr>")
    return '<table class="compared">' + "".join(rows) + "</table>"


def _work_cell(field: str, work: Work) -> str:
    if field == "title":
        return _e(work.title + (f": {work.subtitle}" if work.subtitle else ""))
    if field == "authors":
        names = [f"{a.family}, {a.given}" if a.given else a.family for a in work.authors]
        return _e(" and ".join(names))
    if field == "year":
        return _e("/".join(str(y) for y in work.years()))
    if field == "venue":
        return _e(work.container or ("preprint" if work.preprint else ""))
    if work.doi:
        return _doi_link(work.doi)
    if work.arxiv_id:
        url = f"https://arxiv.org/abs/{_quote(work.arxiv_id)}"
        return f'<a href="{_e(url)}">arXiv {_e(work.arxiv_id)}</a>'
    return ""


def _asked(c: SourceCheck, v: Verification, entry: BibEntry, apis: Apis) -> str:
    """`Crossref: none` with a link to the very address asked, where docbuild can rebuild it."""
    name = ASKED.get(c.source, c.source)
    url = _address(c, v, entry, apis)
    said = ANSWERS[c.answer]
    if c.answer is Answer.FAILED and c.detail:
        said += f" ({c.detail})"
    label = f'<a href="{_e(url)}">{_e(name)}</a>' if url else _e(name)
    return f"{label}: {_e(said)}"


def _address(c: SourceCheck, v: Verification, entry: BibEntry, apis: Apis) -> str:
    # What was asked (lookup.py): the DOI or the bibliographic query in `detail` while the
    # registry answered (a failure's detail is why), else the entry's DOI or title.
    asked = c.detail if c.answer is not Answer.FAILED else ""
    doi = asked if is_doi(asked) else v.doi
    title = reference_from_entry(entry).title
    if c.source == "crossref":
        if is_doi(asked) or not (asked or v.query):
            return work_url(apis.crossref, doi) if doi else ""
        return search_url(apis.crossref, asked or v.query)
    if c.source == "agency" and v.doi:
        return agency_url(apis.crossref, v.doi)
    if c.source == "datacite" and apis.datacite and doi:
        return datacite_url(apis.datacite, doi)
    if c.source == "openalex" and apis.openalex and title:
        return openalex_search_url(apis.openalex, title)  # without the mailto: a shared page
    if c.source == "arxiv" and apis.arxiv and title:
        return arxiv_search_url(apis.arxiv, title)
    return ""


def _doi_link(doi: str) -> str:
    if not doi:
        return ""
    return f'<a href="https://doi.org/{_e(_quote(doi))}">{_e(doi)}</a>'


def _quote(text: str) -> str:
    """A DOI or arXiv id as a URL path: what is not a path character is percent-encoded."""
    return urllib.parse.quote(text, safe="/:;()._-")


def _cls(v: Verdict) -> str:
    return v.value.replace(" ", "-")


def _e(text: str) -> str:
    return html.escape(text, quote=True)
