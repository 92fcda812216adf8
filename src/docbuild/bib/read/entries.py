"""An entry bibtexparser read, checked against the text: every field found where it is written,
every value parsed by the strict grammar, nothing lost to an extra `}` or a missing comma."""

from __future__ import annotations

import re

from bibtexparser import model as bp

from docbuild.bib.braces import group_end, last_unmatched_close
from docbuild.bib.model import BibEntry, BibField, ValueKind
from docbuild.bib.problems import Malformed, ProblemKind
from docbuild.bib.read.scan import BLOCK_START
from docbuild.bib.read.state import Located, Reading
from docbuild.bib.values import ParsedValue, expand, parse_value

FIELD_NAME = re.compile(r"""[^\s"#%'(),={}]+""")
_CLOSING = re.compile(r"\s*(?:,\s*)?[})]\Z")
_ASSIGNMENT = re.compile(r"""(?:\A|[,\n])\s*[^\s"#%'(),={}@]+\s*=""")
_NEXT_WORD = re.compile(r"""[^\s"#%'(),={}]+(?=\s*=)""")
_IGNORE = re.compile(r"\s*%\s*docbuild:\s*ignore\s+(.*?)\s*")
_SPACE = re.compile(r"\s*")


def take_entry(r: Reading, loc: Located, entry: bp.Entry, next_start: int) -> None:
    """Add the entry to the read, or a failed block with the problem that made it one."""
    text = r.text
    key = entry.key
    head = BLOCK_START.match(text, loc.start)
    assert head is not None
    cursor = head.end() + 1
    key_at = _SPACE.match(text, cursor, loc.end).end()  # type: ignore[union-attr]
    cursor = key_at + len(key)
    fields: list[BibField] = []
    # The split's shortcut placed the fields and matched each name and `{...}` value itself.
    shortcut = r.shortcuts.get(id(entry))
    for i, f in enumerate(entry.fields):
        if shortcut is not None:
            name_at, value_at = shortcut.names[i], shortcut.values[i]
        else:
            name_at = text.find(f.key, cursor, loc.end)
            eq = text.find("=", name_at + len(f.key), loc.end) if name_at >= 0 else -1
            value_at = text.find(f.value, eq + 1, loc.end) if eq >= 0 else -1
        if value_at < 0:
            r.report(loc.start, ProblemKind.FIELD_NOT_FOUND, key, field=f.key)
            r.fail(loc.start, loc.end, ProblemKind.FIELD_NOT_FOUND)
            return
        cursor = value_at + len(f.value)
        value = f.value
        if shortcut is not None and value[:1] == "{":
            line, col = r.line_col(name_at)
            fields.append(BibField(f.key, value[1:-1], line, col, value, ValueKind.BRACED))
            continue
        if value.isdecimal() and FIELD_NAME.fullmatch(f.key):
            line, col = r.line_col(name_at)  # `year = 2019`: a number is itself
            fields.append(BibField(f.key, value, line, col, value, ValueKind.BARE))
            continue
        if (
            value[:1] == "{"
            and value[-1:] == "}"
            and group_end(value, 0) == len(value)
            and FIELD_NAME.fullmatch(f.key)
        ):
            # Nine fields in ten: one `{...}` group under a valid name, nothing to expand.
            line, col = r.line_col(name_at)
            fields.append(BibField(f.key, value[1:-1], line, col, value, ValueKind.BRACED))
            continue
        parsed = parse_value(value)
        problem = _check_field(r, f, parsed, name_at, value_at, key)
        if problem is not None:
            r.fail(loc.start, loc.end, problem)
            return
        refused = r.refused_by_size(parsed.pieces)
        if refused is not None:
            macro, line = refused
            r.report(
                name_at, ProblemKind.MACROS_TOO_LARGE, key, field=f.key, name=macro,
                other_line=line,
            )  # fmt: skip
            r.fail(loc.start, loc.end, ProblemKind.MACROS_TOO_LARGE)
            return
        fields.append(_field(r, f, parsed, name_at, key))
    if not _CLOSING.match(text, cursor, loc.end) or text[loc.end - 1] not in "})":
        r.report(cursor, ProblemKind.TEXT_BEFORE_END, key)
        r.fail(loc.start, loc.end, ProblemKind.TEXT_BEFORE_END)
        return
    lost_until = _check_gap(r, loc, next_start, key)
    if lost_until is not None:
        r.fail(loc.start, lost_until, ProblemKind.EARLY_CLOSE)
        return
    line, col = r.line_col(loc.start)
    bib_entry = BibEntry(
        entry_type=head.group()[1:].strip().lower(),
        key=key,
        fields=tuple(fields),
        line=line,
        end_line=r.line(loc.end - 1),
        column=col,
        ignored_rules=_ignored_rules(r, loc.start),
        raw=text[loc.start : loc.end],
    )
    r.key_columns[id(bib_entry)] = r.line_col(key_at)[1]
    r.add(loc.start, loc.end, bib_entry)


def _field(r: Reading, f: bp.Field, parsed: ParsedValue, name_at: int, key: str) -> BibField:
    """The field with its macros expanded; an undefined one is a problem, its name kept."""
    undefined: list[str] = []
    used: list[str] = []
    value = expand(parsed.pieces, r.macros, undefined, used)
    for macro in undefined:
        r.report(name_at, ProblemKind.UNDEFINED_MACRO, key, field=f.key, name=macro)
    broken = [m for m in used if m in r.broken_macros] if r.broken_macros and used else []
    for macro in dict.fromkeys(broken) if broken else ():
        r.report(
            name_at,
            ProblemKind.MACRO_OF_UNDEFINED,
            key,
            field=f.key,
            name=macro,
            text=r.broken_macros[macro],
        )
    line, col = r.line_col(name_at)
    return BibField(f.key, value, line, col, f.value, parsed.kind)


def _check_field(
    r: Reading, f: bp.Field, parsed: ParsedValue, name_at: int, value_at: int, key: str
) -> ProblemKind | None:
    """What makes the field not what the text says, after reporting it; else None."""
    if not FIELD_NAME.fullmatch(f.key):
        r.report(name_at, ProblemKind.INVALID_FIELD_NAME, key, field=f.key)
        return ProblemKind.INVALID_FIELD_NAME
    if parsed.error is None:
        return None
    return value_problem(r, f.key, f.value, parsed, value_at, key)


def value_problem(
    r: Reading, name: str, value: str, parsed: ParsedValue, value_at: int, key: str | None
) -> ProblemKind:
    """Report what is wrong with a value that does not parse (of field or @string `name`)."""
    assert parsed.error is not None
    if parsed.error is Malformed.TEXT_AFTER and parsed.pieces:
        nxt = _NEXT_WORD.match(value, parsed.error_at)
        if nxt is not None:
            after = value_at + parsed.pieces[-1].end
            r.report(after, ProblemKind.MISSING_COMMA, key, field=name, name=nxt.group())
            return ProblemKind.MISSING_COMMA
    at = value_at if parsed.error is Malformed.EMPTY else value_at + parsed.error_at
    r.report(
        at,
        ProblemKind.MALFORMED_VALUE,
        key,
        field=name,
        malformed=parsed.error,
        text=unexpected(value, parsed),
    )
    return ProblemKind.MALFORMED_VALUE


def unexpected(value: str, parsed: ParsedValue) -> str:
    """The character a value cannot start with, for `Malformed.UNEXPECTED`."""
    if parsed.error is Malformed.UNEXPECTED:
        return value[parsed.error_at : parsed.error_at + 1]
    return ""


def _check_gap(r: Reading, loc: Located, next_start: int, key: str) -> int | None:
    """After an entry, text with an unmatched `}` or fields means an extra `}` closed it
    early; returns the end of the text the entry lost, or None when nothing was lost."""
    gap = r.text[loc.end : next_start]
    if "}" not in gap and not gap.lstrip().startswith(","):
        return None
    last_unmatched = last_unmatched_close(gap)
    tail = gap[: last_unmatched + 1] if last_unmatched >= 0 else gap.rstrip()
    if _ASSIGNMENT.search(tail):
        lost_until = loc.end + len(tail)
        r.report(loc.end - 1, ProblemKind.EARLY_CLOSE, key, last_line=r.line(lost_until - 1))
        return lost_until
    if last_unmatched >= 0:
        r.report(loc.end + last_unmatched, ProblemKind.UNMATCHED_CLOSE, key)
    return None


def _ignored_rules(r: Reading, start: int) -> frozenset[str]:
    """Rules named by `% docbuild: ignore ...` lines right before the entry."""
    prev_end = r.spans[-1].end if r.spans else 0
    gap = r.text[prev_end:start]
    if "docbuild" not in gap:
        return frozenset()  # nearly every entry: no waiver before it
    lines = gap.rstrip().split("\n")
    rules: set[str] = set()
    for line in reversed(lines):
        m = _IGNORE.fullmatch(line)
        if m is None:
            break
        rules.update(x for x in re.split(r"[,\s]+", m.group(1)) if x)
    return frozenset(rules)
