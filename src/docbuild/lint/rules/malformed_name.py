"""B009 malformed-name: author and editor lists that will print wrongly."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.braces import split_top_level
from docbuild.bib.model import BibEntry
from docbuild.bib.names import given_name, parse_name, split_names
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

_SPACE_COMMA = re.compile(r"(?<!\s)\s+,")
_ET_AL = re.compile(r"\bet\.?\s*al\b\.?", re.IGNORECASE)
_BARE_INITIAL = re.compile(r"(?<![\w.\\{}'’-])([A-Z])(?=\s|,|$)")
_SUFFIX = re.compile(r"^(?:jr|sr|[ivx]+)\.?$", re.IGNORECASE)
_VANCOUVER = re.compile(r"^[A-Z][\w'’-]+\s+[A-Z]{1,3}\.?$")
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z'’-]*[A-Z]\b")
_COMMA = re.compile(",")


@rule("B009", "malformed-name", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """Names are `Family, Given` joined by ` and `: no space before a comma, initials with
    periods where the file uses them, no `et al.`, no names in capitals.

    PASS: @article{hussain2012, author = {Hussain, N. and Fatima, Q.}}
    FAIL: @article{kaura2020, author = {Kaura , V.}}
    FAIL: @article{hussain2012, author = {Hussain, N and Fatima, Q.}}
    """
    for name in ("author", "editor"):
        f = entry.get(name)
        if f is None or not f.value.strip():
            continue
        value = f.value
        line, column = f.line, f.column
        if _SPACE_COMMA.search(value):
            bad = next((n for n in split_names(value) if _SPACE_COMMA.search(n)), value.strip())
            yield Finding(
                f"name '{bad}' has a space before the comma",
                fix=f"{name} = {{{_SPACE_COMMA.sub(',', value)}}}",
                line=line,
                column=column,
            )
        if _ET_AL.search(value):
            yield Finding(
                f"{name} list contains 'et al.'",
                fix="list every name, or end the list with 'and others'",
                line=line,
                column=column,
            )
        names = split_names(value)
        for n in names:
            if "," not in n:  # one part: neither slip below can be there
                continue
            parts = [p.strip() for p in split_top_level(n, _COMMA)]
            if len(parts) >= 3 and not (len(parts) == 3 and _SUFFIX.match(parts[1])):
                yield Finding(
                    f"names '{n}' are joined by commas instead of 'and'",
                    fix=f"{name} = {{{_joined(parts)}}}",
                    line=line,
                    column=column,
                )
                break
            if len(parts) == 2 and _VANCOUVER.match(parts[0]) and _VANCOUVER.match(parts[1]):
                yield Finding(
                    f"names '{n}' are joined by commas instead of 'and'",
                    fix=f"{name} = {{{parts[0]} and {parts[1]}}}",
                    line=line,
                    column=column,
                )
                break
        if ctx.initials_with_period:
            for n in names:
                given = given_name(n)
                m = _BARE_INITIAL.search(given) if given else None
                if m:
                    fixed = _BARE_INITIAL.sub(r"\1.", value)
                    yield Finding(
                        f"initial '{m.group(1)}' in '{n.strip()}' has no period",
                        fix=f"{name} = {{{fixed}}}",
                        line=line,
                        column=column,
                    )
                    break
        for n in names:
            family = _family_of_person(n)
            if family and _CAPS_WORD.fullmatch(family.replace(" ", "")):
                yield Finding(
                    f"name '{n.strip()}' is in capitals",
                    fix=f"write it as '{_capitalise(n.strip())}'",
                    line=line,
                    column=column,
                )
                break


def _family_of_person(name: str) -> str:
    """The family name of a name with given names too; "" for a name of one part, which may be
    an organisation (`UNESCO`, `{World Bank}`) written as intended."""
    parsed = parse_name(name)
    if parsed is None or not (parsed.first or parsed.von or parsed.jr):
        return ""
    return parsed.last


def _joined(parts: list[str]) -> str:
    names = [f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts) - 1, 2)]
    if len(parts) % 2:
        names.append(parts[-1])
    return " and ".join(names)


def _capitalise(name: str) -> str:
    return re.sub(r"[A-Z]{2,}", lambda m: m.group().capitalize(), name)
