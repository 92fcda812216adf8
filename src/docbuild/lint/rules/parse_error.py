"""B001 parse-error: a block of the .bib file that cannot be read."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.problems import MAX_MACRO_TEXT, UNREADABLE, Malformed, Problem, ProblemKind
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

Kind = ProblemKind
_MALFORMED = {
    Malformed.EMPTY: "empty value",
    Malformed.UNBALANCED_BRACE: "unbalanced '{'",
    Malformed.UNBALANCED_QUOTE: "unbalanced braces or quotes",
    Malformed.TEXT_AFTER: "text after the value",
    Malformed.NOTHING_AFTER_HASH: "nothing after '#'",
}


@rule("B001", "parse-error", Severity.ERROR, problems=UNREADABLE)
def check(problem: Problem, ctx: LintContext) -> Iterator[Finding]:
    """The reader could not read this block (an unbalanced brace or quote, a missing comma or key);
    nothing in it reaches the printed references.

    PASS: @article{khan2019, title = {Strategic Studies}, year = {2019}}
    FAIL: @article{khan2019, title = {Strategic Studies, year = {2019}}
    """
    yield Finding(message(problem), fix=_fix(problem))


def message(p: Problem) -> str:
    """What is wrong, in the words of the finding."""
    kind = p.kind
    if kind is Kind.MALFORMED_VALUE:
        if p.malformed is Malformed.TEXT_AFTER:
            return f"unexpected text in the value of field '{p.field}'"
        if p.malformed is Malformed.EMPTY:
            return f"field '{p.field}' has no value"
        return f"{_malformed(p)} in the value of field '{p.field}'"
    if kind is Kind.MALFORMED_PREAMBLE:
        return f"malformed '@preamble': {_malformed(p)}"
    if kind is Kind.INVALID_FIELD_NAME:
        return f"invalid field name '{p.field}'" if p.field else "field without a name"
    if kind is Kind.MACROS_TOO_LARGE:
        limit = f"{MAX_MACRO_TEXT // (1024 * 1024)} MiB"
        what = (
            f"field '{p.field}'" if p.key is not None
            else f"'@string' '{p.field}'" if p.field else "the '@preamble'"
        )  # fmt: skip
        if p.other_line:
            return f"{what} is not read: it uses macro '{p.name}', not read on line {p.other_line}"
        return (
            f"{what} is not read: with macro '{p.name}', the text this file's macros expand to "
            f"would pass {limit}, the limit"
        )
    if kind is Kind.BLOCK_NOT_READ:
        reason = p.text.replace("`", "'").rstrip(". ") or "cannot parse this block"
        return reason[:1].lower() + reason[1:]
    return _MESSAGES[kind].format(p=p)


_MESSAGES = {
    Kind.LIBRARY_FAILED: "bibtexparser failed on this file: {p.text}",
    Kind.UNKNOWN_BLOCK_TYPE: "unknown block type '@{p.name}'",
    Kind.FIELD_NOT_FOUND: "cannot locate field '{p.field}' in entry",
    Kind.MISSING_COMMA: (
        "missing comma after field '{p.field}': field '{p.name}' would be read as part of its value"
    ),
    Kind.INVALID_MACRO_NAME: "invalid macro name '{p.name}'",
    Kind.TEXT_BEFORE_END: "unexpected text before the end of the entry",
    Kind.EARLY_CLOSE: (
        "an extra '}}' on line {p.line} ends entry '{p.key}' early: the fields after it, up to "
        "line {p.last_line}, would be lost"
    ),
    Kind.UNMATCHED_CLOSE: "unmatched '}}' after entry '{p.key}'",
    Kind.STRAY_CLOSE: "unmatched '}}' outside any entry",
    Kind.BLOCK_IN_VALUE: (
        "a line starting with '{p.name}{{' inside a field value would be read as a separate entry"
    ),
    Kind.UNCLOSED_BEFORE_BLOCK: "block is not closed before '{p.name}' on line {p.other_line}",
    Kind.UNCLOSED_AT_END: "block is not closed before the end",
    Kind.NO_COMMA_AFTER_KEY: "expected ',' after the key",
    Kind.FIELD_WITHOUT_VALUE: "field '{p.field}' has no '=' and no value",
    Kind.EXPECTED_EQUALS: "expected '=', found '{p.text}'",
    Kind.EXPECTED_COMMA: "expected ',' after a field value, found '{p.text}'",
    Kind.STRING_WITHOUT_EQUALS: "expected '=' in '@string'",
}


def _malformed(p: Problem) -> str:
    if p.malformed is Malformed.UNEXPECTED:
        return f"unexpected '{p.text}'"
    return _MALFORMED[p.malformed] if p.malformed is not None else "malformed value"


def _fix(p: Problem) -> str | None:
    if p.kind is Kind.MACROS_TOO_LARGE and not p.other_line:
        return f"write the text itself in braces, not through macro '{p.name}'"
    if p.kind is not Kind.UNCLOSED_BEFORE_BLOCK:
        return None
    if p.field:
        return f"close the value of '{p.field}' on line {p.field_line} with '{p.text}'"
    if p.key is not None:
        return f"end entry '{p.key}' with '}}' before line {p.other_line}"
    return None
