"""B021 missing-parent: a crossref or xdata that names no entry of the file."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.inherit import LINKS, parent_keys
from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("B021", "missing-parent", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """A `crossref` or `xdata` names an entry of the same file: the child prints what it
    inherits (a chapter its book's title, editors, publisher and year), and without the
    parent it prints none of it. Known, so an error.

    PASS: @inbook{ch1, crossref = {book1}, title = {One}}
          @book{book1, title = {The Book}, publisher = {P}, year = {2001}}
    FAIL: @inbook{ch1, crossref = {book1}, title = {One}}
    """
    for link in LINKS:
        f = entry.get(link)
        if f is None:
            continue
        for key in parent_keys(f.value):
            if key in ctx.entries_by_key:
                continue
            # BibTeX matches crossref keys in any case; biber and pandoc do not.
            near = ctx.keys_by_lower.get(key.lower())
            if near is not None:
                yield Finding(
                    f"{link} '{key}' names no entry in the file ('{near}' differs in case)",
                    fix=f"{link} = {{{f.value.replace(key, near)}}}",
                    line=f.line,
                    column=f.column,
                )
                continue
            yield Finding(
                f"{link} '{key}' names no entry in the file",
                fix=f"add the entry '{key}' (or correct the key) so that '{entry.key}' "
                "inherits its fields",
                line=f.line,
                column=f.column,
            )
