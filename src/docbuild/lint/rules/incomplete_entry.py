"""B008 incomplete-entry: fields the entry type or the journal's style needs are missing."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.news import is_news
from docbuild.lint.rule import Finding, LintContext, Scope, rule

# Alternatives in a tuple: any one of them will do.
Need = tuple[str, ...]
_CONTAINER: Need = (
    "journal",
    "journaltitle",
    "booktitle",
    "publisher",
    "institution",
    "school",
    "organization",
    "howpublished",
    "url",
)
_AUTHOR: Need = ("author", "editor")
_WHEN: Need = ("year", "date")
REQUIRED: dict[str, tuple[Need, ...]] = {
    "article": (_AUTHOR, ("title",), ("journal", "journaltitle"), _WHEN),
    "book": (_AUTHOR, ("title",), ("publisher",), _WHEN),
    "mvbook": (_AUTHOR, ("title",), ("publisher",), _WHEN),
    "inbook": (_AUTHOR, ("title",), ("booktitle", "publisher"), _WHEN),
    "incollection": (_AUTHOR, ("title",), ("booktitle",), ("publisher",), _WHEN),
    "inproceedings": (_AUTHOR, ("title",), ("booktitle",), _WHEN),
    "conference": (_AUTHOR, ("title",), ("booktitle",), _WHEN),
    "proceedings": (("title",), _WHEN),
    "report": (_AUTHOR, ("title",), ("institution", "publisher", "organization"), _WHEN),
    "techreport": (_AUTHOR, ("title",), ("institution", "publisher", "organization"), _WHEN),
    "thesis": (("author",), ("title",), ("school", "institution"), _WHEN),
    "phdthesis": (("author",), ("title",), ("school", "institution"), _WHEN),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), _WHEN),
    "unpublished": (_AUTHOR, ("title",)),
    "manual": (("title",),),
    "booklet": (("title",),),
    "patent": (("title",), ("number",)),
    "dataset": (("title",), ("publisher", "organization", "url", "doi", "howpublished")),
    "software": (("title",), ("publisher", "organization", "url", "doi", "howpublished")),
    "online": (("title",), ("url",)),
    "www": (("title",), ("url",)),
    "electronic": (("title",), ("url",)),
}
_DEFAULT: tuple[Need, ...] = (("title",), _CONTAINER)
# Beyond the type: what the style prints for it (CSL variable -> BibTeX fields).
STYLE_FIELDS: dict[str, tuple[tuple[str, Need], ...]] = {
    "article": (("volume", ("volume",)), ("issue", ("number", "issue")), ("page", ("pages",))),
    "incollection": (("editor", ("editor",)), ("page", ("pages",))),
    "inproceedings": (("page", ("pages",)),),
    "conference": (("page", ("pages",)),),
}
RENDER_LIMIT = 40  # citeproc-py takes ~5 ms an entry; beyond this, findings show no preview


@rule("B008", "incomplete-entry", Severity.ERROR, Scope.BIBLIOGRAPHY)
def check(ctx: LintContext) -> Iterator[Finding]:
    """An entry has the fields its type needs (an article its journal, a web page its URL,
    anything a container or publisher); the fix shows how the style will print it. Fields the
    journal's CSL style prints for the type (volume, issue, pages) are a warning when missing.

    PASS: @article{khan2019, author = {Khan, M. T. F.}, title = {…}, journal = {Strategic
        Studies}, year = {2019}, volume = {39}, number = {3}, pages = {89--104}}
    FAIL: @article{chaliha2021, author = {Chaliha, Y. D.}, title = {…}, year = {2021}}
    """
    printer = ctx.printer
    printed = printer.variables if printer is not None else frozenset()
    pending: list[tuple[BibEntry, str, Severity | None]] = []
    for entry in ctx.bibliography.entries:
        if {"incomplete-entry", "B008", "all"} & entry.ignored_rules:
            continue
        missing = [
            need for need in REQUIRED.get(entry.entry_type, _DEFAULT) if not _any(entry, need)
        ]
        if missing:
            pending.append((entry, f"{entry.entry_type} is missing {_list(missing)}", None))
            continue
        if is_news(entry):
            continue
        extras = [
            fields
            for variable, fields in STYLE_FIELDS.get(entry.entry_type, ())
            if variable in printed and not _any(entry, fields)
        ]
        if extras:
            what = _list(extras, "or", first_only=True)
            message = f"{entry.entry_type} has no {what}, which the style prints"
            pending.append((entry, message, Severity.WARNING))
    # Previews for the entries that will print worst first: errors, then warnings.
    ordered = sorted(pending, key=lambda p: p[2] is not None)
    worst = [e for e, _, _ in ordered[:RENDER_LIMIT]]
    rendered = printer.print_entries(worst) if printer is not None and worst else {}
    for entry, message, severity in pending:
        preview = rendered.get(entry.key)
        fix = f"add what is missing; now it prints as: {preview}" if preview else None
        yield Finding(
            message, fix=fix, line=entry.line, column=entry.column, key=entry.key, severity=severity
        )


def _any(entry: BibEntry, need: Need) -> bool:
    return any(entry.has(name) for name in need)


def _list(needs: list[Need], joiner: str = "and", first_only: bool = False) -> str:
    words = [
        "a container or publisher" if n is _CONTAINER else (n[0] if first_only else " or ".join(n))
        for n in needs
    ]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {joiner} " + words[-1]
