"""M001 undefined-citation: a pandoc citation whose key has no entry."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping

from docbuild.bib.kept import Unreadable, unreadable_entries
from docbuild.cite.keys import CitationKind
from docbuild.cite.manuscript import Paragraph
from docbuild.diagnostics import Severity
from docbuild.lint.citations import Outcome
from docbuild.lint.rule import Finding, LintContext, Scope, rule


@rule("M001", "undefined-citation", Severity.ERROR, Scope.PARAGRAPH)
def check(paragraph: Paragraph, ctx: LintContext) -> Iterator[Finding]:
    """Every `[@key]` names an entry of the bibliography; pandoc prints `(key?)` otherwise.

    PASS: As [@khan2019] shows.
          @article{khan2019, title = {Strategic Studies}}
    FAIL: As [@khan2091] shows.
          @article{khan2019, title = {Strategic Studies}}
    """
    unreadable: Mapping[str, Unreadable] | None = None
    for c in ctx.citations_by_paragraph.get(paragraph.index, ()):
        if c.kind is not CitationKind.PANDOC or ctx.resolutions[c].outcome is not Outcome.UNDEFINED:
            continue
        if c.key in ctx.resolved_elsewhere:
            continue  # Manubot's manual-references.json or the lock's DOI has it
        ident = ctx.unresolved_ids.get(c.key or "")
        if ident is not None:
            # once a key: the fix is one look-up, wherever the key is cited
            if c is next(x for x in ctx.citations if x.key == c.key):
                looked_up = ident in ctx.verified  # by `doit verify-refs`, without a record
                yield _unresolved_id(c.key or "", ident, looked_up, c.line, c.column)
            continue
        if unreadable is None:
            unreadable = unreadable_entries(ctx.bibliography)
        if c.key is not None and c.key in unreadable:
            yield Finding(
                f"citation '@{c.key}' points to an entry that could not be read "
                f"({ctx.bibliography.path_of(unreadable[c.key]).name} line "
                f"{unreadable[c.key].line})",
                fix="correct the parse error reported for that entry",
                line=c.line,
                column=c.column,
            )
            continue
        close = difflib.get_close_matches(c.key or "", ctx.entries_by_key.keys(), n=1, cutoff=0.8)
        yield Finding(
            f"citation '@{c.key}' has no entry in {ctx.bibliography.names('or')}",
            fix=f"did you mean '@{close[0]}'?" if close else "add the entry or correct the key",
            line=c.line,
            column=c.column,
        )


# The identifiers `doit verify-refs` looks up, how a message names them, and who answers.
_LOOKED_UP = {"doi": ("the DOI", "Crossref"), "arxiv": ("the arXiv preprint", "arXiv")}
_ADD = "add it to manual-references.json (a CSL item with that id) or to the bibliography"


def _unresolved_id(key: str, ident: str, looked_up: bool, line: int, column: int) -> Finding:
    """A Manubot citation (`@doi:10.x`, a citation tag) that nothing resolves yet."""
    source, value = ident.split(":", 1)
    if source not in _LOOKED_UP:
        message = f"citation '@{key}' is {ident}, which docbuild does not look up ({source})"
        return Finding(message, fix=_ADD, line=line, column=column)
    what, registry = _LOOKED_UP[source]
    if looked_up:
        message = f"citation '@{key}' is {what} {value}, of which {registry} has no record"
        return Finding(message, fix=_ADD, line=line, column=column)
    return Finding(
        f"citation '@{key}' is {what} {value}, which docbuild has not looked up yet",
        fix="run `doit verify-refs` to fetch it into refs.verified.json, or add an entry",
        line=line,
        column=column,
    )
