"""build/refs.verified.html rendered from a lock: every value a registry or refs.bib gave is
escaped, and the only links are the ones docbuild builds (doi.org, arXiv, the APIs asked)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from docbuild.bib.read import parse_bib
from docbuild.crossref.evidence import Apis, evidence_page
from docbuild.crossref.verified import (
    Answer,
    SourceCheck,
    Status,
    Verification,
    VerifiedRefs,
)
from docbuild.crossref.work import Author, Work
from docbuild.diagnostics import Diagnostic, Location, Severity

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "q"'
BIB = (
    "@article{evil2021,\n  author = {Okafor, Adaeze},\n"
    "  title = {<b onmouseover=alert(2)>Gradient</b> Descent},\n"
    '  journal = {J},\n  year = {2021},\n  doi = {10.5555/a"b<c>},\n}\n'
)
APIS = Apis("http://127.0.0.1:9/crossref", datacite="http://127.0.0.1:9/datacite")


class Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.handlers: list[str] = []  # attributes that would run script
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]
        self.handlers += [k for k, _ in attrs if k.startswith("on")]

    def handle_data(self, data: str) -> None:
        self.text += data


def render() -> str:
    bib = parse_bib(BIB, Path("/paper/refs.bib"))
    record = Work(
        doi='10.5555/a"b<c>',
        title=HOSTILE,
        authors=(Author("Lindqvist", '<i onclick="x">Per</i>'),),
        container="Journal of <Imaginary> Optimization",
        issued="2021",
    )
    verification = Verification(
        Status.MISMATCH,
        0.2,
        'title differs: "<svg onload=alert(3)>"',
        "2026-12-02T10:00:00Z",
        doi='10.5555/a"b<c>',
        record=record,
        checked=(SourceCheck("crossref", Answer.FOUND, '10.5555/a"b<c>'),),
    )
    finding = Diagnostic(
        Location(Path("/paper/refs.bib"), 6),
        "C001",
        "doi-mismatch",
        Severity.ERROR,
        f"doi '10.5555/a\"b<c>' is '{HOSTILE}'",
        key="evil2021",
        fix="<a href='javascript:alert(4)'>click</a>",
    )
    lock = VerifiedRefs({"evil2021": verification})
    return evidence_page(lock, bib.by_key(), [finding], APIS, bib_name="refs<>.bib")


def test_hostile_values_are_text_never_markup() -> None:
    page = Parsed()
    page.feed(render())
    assert set(page.tags) <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "code", "span",
        "table", "tr", "th", "td", "section", "ul", "li", "br", "a",
    }  # fmt: skip
    assert page.handlers == []
    assert HOSTILE in page.text  # shown as it is, as text
    assert "<b onmouseover=alert(2)>Gradient</b> Descent" in page.text
    assert "<a href='javascript:alert(4)'>click</a>" in page.text


def test_links_are_built_by_docbuild_and_encoded() -> None:
    page = Parsed()
    page.feed(render())
    assert page.hrefs == [
        "https://doi.org/10.5555/a%22b%3Cc%3E",  # the entry's DOI
        "https://doi.org/10.5555/a%22b%3Cc%3E",  # the record's
        "http://127.0.0.1:9/crossref/works/10.5555/a%22b%3Cc%3E",  # the address asked
    ]


def test_the_page_is_deterministic() -> None:
    assert render() == render()
