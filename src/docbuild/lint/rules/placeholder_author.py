"""B019 placeholder-author: a template's name (`Doe, John`, `Author, A.`) or `et al.` as an
author."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.model import BibEntry
from docbuild.bib.placeholders import placeholders
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("B019", "placeholder-author", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """Authors and editors are people or organisations, not a template's stand-ins: `Doe,
    John`, `Author, A.`, `Lastname, Firstname`, or `et al.` / `others` where a name belongs
    (a final `and others` is BibTeX's shortening, and passes). `Anonymous` is a warning:
    some works are anonymous, but a work with an editor rarely is.

    PASS: @article{khan2019, author = {Khan, M. T. F. and others}, title = {Policy}}
    FAIL: @article{doe2020, author = {Doe, John and Author, A.}, title = {Policy}}
    """
    for name in ("author", "editor"):
        f = entry.get(name)
        if f is None:
            continue
        found = placeholders(f.value)
        if not found:
            continue
        anonymous = all("instead of a name" in why for _, why in found)
        yield Finding(
            f"{name} list has {'a placeholder' if len(found) == 1 else 'placeholders'}: "
            + "; ".join(why for _, why in found),
            fix=f"write the {name}s' real names, from the work itself",
            line=f.line,
            column=f.column,
            severity=Severity.WARNING if anonymous else None,
        )
