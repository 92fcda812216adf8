"""`@string` macros (checked, expanded, and remembered when they rest on undefined ones) and
`@preamble` blocks."""

from __future__ import annotations

from bibtexparser import model as bp

from docbuild.bib.model import BibPreamble, BibString
from docbuild.bib.problems import ProblemKind
from docbuild.bib.read.entries import FIELD_NAME, unexpected, value_problem
from docbuild.bib.read.state import Located, Reading
from docbuild.bib.values import expand, parse_value


def take_string(r: Reading, loc: Located, string: bp.String) -> None:
    value_at = r.text.find(string.value, r.text.find("=", loc.start, loc.end) + 1)
    parsed = parse_value(string.value)
    if not FIELD_NAME.fullmatch(string.key):
        r.report(loc.start, ProblemKind.INVALID_MACRO_NAME, name=string.key)
        r.fail(loc.start, loc.end, ProblemKind.INVALID_MACRO_NAME)
        return
    if parsed.error is not None:
        at = max(value_at, loc.start)
        r.fail(loc.start, loc.end, value_problem(r, string.key, string.value, parsed, at, None))
        return
    refused = r.refused_by_size(parsed.pieces)
    if refused is not None:
        # Not defined, so that what uses it is refused too (rather than read as undefined).
        r.macros.pop(string.key.lower(), None)
        r.refused_macros[string.key.lower()] = r.line(loc.start)
        macro, line = refused
        kind = ProblemKind.MACROS_TOO_LARGE
        r.report(loc.start, kind, field=string.key, name=macro, other_line=line)
        r.fail(loc.start, loc.end, ProblemKind.MACROS_TOO_LARGE)
        return
    r.refused_macros.pop(string.key.lower(), None)
    undefined: list[str] = []
    used: list[str] = []
    value = expand(parsed.pieces, r.macros, undefined, used)
    broken = undefined[:1] or [r.broken_macros[m] for m in used if m in r.broken_macros]
    if broken:
        r.broken_macros[string.key.lower()] = broken[0]
    else:
        r.broken_macros.pop(string.key.lower(), None)
    for macro in undefined:
        r.report(loc.start, ProblemKind.UNDEFINED_MACRO_IN_STRING, field=string.key, name=macro)
    r.macros[string.key.lower()] = value
    r.add(loc.start, loc.end, BibString(string.key, value, r.line(loc.start), string.value))


def take_preamble(r: Reading, loc: Located, preamble: bp.Preamble) -> None:
    raw = preamble.value.strip()
    parsed = parse_value(raw)
    if parsed.error is not None:
        r.report(
            loc.start,
            ProblemKind.MALFORMED_PREAMBLE,
            malformed=parsed.error,
            text=unexpected(raw, parsed),
        )
        r.fail(loc.start, loc.end, ProblemKind.MALFORMED_PREAMBLE)
        return
    refused = r.refused_by_size(parsed.pieces)
    if refused is not None:
        macro, line = refused
        r.report(loc.start, ProblemKind.MACROS_TOO_LARGE, name=macro, other_line=line)
        r.fail(loc.start, loc.end, ProblemKind.MACROS_TOO_LARGE)
        return
    value = expand(parsed.pieces, r.macros)
    r.add(loc.start, loc.end, BibPreamble(value, r.line(loc.start), raw))
