"""B009 malformed-name: author and editor lists that will print wrongly."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from docbuild.bib.latex import to_unicode
from docbuild.bib.model import BibEntry, Bibliography
from docbuild.bib.names import is_extended_name, parse_name, split_names
from docbuild.diagnostics import Severity
from docbuild.lint.name_given import Words, given_in_family, words_of
from docbuild.lint.name_people import Person, comma_joined_people, people_of, two_people
from docbuild.lint.name_shape import Shape
from docbuild.lint.name_shapes import check_list, check_name, replace_name
from docbuild.lint.perfile import per_file
from docbuild.lint.rule import Finding, LintContext, rule
from docbuild.lint.venues import names_a_body

_SPACE_COMMA = re.compile(r"(?<!\s)\s+,")
_ET_AL = re.compile(r"\bet\.?\s*al\b\.?", re.IGNORECASE)
# `Nowicki, S. and 30 others`: BibTeX reads a person, given name "30", family "others".
_COUNTED_OTHERS = re.compile(r"(\sand\s+)(\d+\s+)(others\s*)$", re.IGNORECASE)
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z'’-]*[A-Z]\b")


@rule("B009", "malformed-name", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """Names are `Family, Given` joined by ` and `: no space before a comma, no `et al.` nor a
    count of others (`and 30 others`), no names in capitals, no names joined by commas or
    `;`, no debris of BibTeX's `#`, particles
    before the family name (`van der Heijden, Tim`), initials apart (`T. D.`, not `TD`),
    organisations in braces and people not, no lower-case word before the family name that
    is no particle (`liang Li, Zhao`, `Grafton adn Bassett`), no two people joined by a comma
    (`John Lynch, Malcolm Ross` where the file names `Lynch, John` elsewhere), no byline's
    `By`, no family name typed twice over (`Müllensiefenllensiefen`). Initials
    without a period are fine: the style adds it. Likely readings are warnings: two family
    names in direct order (`Juan Julián Merelo Guervós`), a full stop after the family name,
    a comma-joined pair of which the file knows one person, a given name put in the family
    name before initials (`Javier Nieto, F` where the file gives two other people the given
    name Javier and no one the family name), an institution's initials read as a person
    (`Who, A` in an entry whose journal is the World Health Organization). A fix keeps every
    name. A name in biblatex's extended format (`family=Brauw, given=Alan, prefix=de`, as
    Better BibTeX writes a particle) names its parts and is read as biber and pandoc read it.
    A suffix last (`{Harnden}, F.~R., Jr.`, NASA ADS's order) is a warning: docbuild reads it
    so, but BibTeX and biber read `Last, Jr, First` and print `Jr. Harnden`. So is a lone `v.`
    after the given names (`{Kienlin}, A. v.`, NASA ADS), likely `von` cut short: the fix moves
    it before the family name and changes no letter.

    PASS: @article{hussain2012, author = {Hussain, N. and Fatima, Q and {World Bank}}}
    FAIL: @article{kaura2020, author = {Kaura , V.}}
    FAIL: @article{vanderheijden2020, author = {Heijden, Tim van der}}
    FAIL: @article{who2013, author = {Who, A}, journal = {World Health Organization}}
    """
    for name in ("author", "editor"):
        f = entry.get(name)
        if f is None or not f.value.strip():
            continue
        found = _organisation_as_person(entry, f.value)
        if found is not None:
            person, body, where = found
            yield Finding(
                f"name '{person}' is likely '{body}' (its initials; the entry's {where}) typed "
                "as a person",
                fix=f"if the {name} is the organisation: {name} = {{{{{body}}}}}",
                line=f.line,
                column=f.column,
                guess=True,
            )
            continue
        for message, fix, severity in _findings(name, f.value, ctx.bibliography):
            # An explicit warning is a likely reading (a guess): no policy makes it an error.
            guess = severity is Severity.WARNING
            yield Finding(
                message, fix=fix, line=f.line, column=f.column, severity=severity, guess=guess
            )


def _findings(
    field: str, value: str, bibliography: Bibliography | None = None
) -> Iterator[tuple[str, str | None, Severity | None]]:
    """What is wrong with one list; `bibliography` (the file) lets a name be read against the
    people it names elsewhere. A name in biblatex's extended format (`family=Brauw,
    given=Alan, prefix=de`) names its parts: none of the shapes of BibTeX's forms applies."""
    names = tuple(n for n in split_names(value) if not is_extended_name(n))
    if any(_SPACE_COMMA.search(n) for n in names):
        bad = next(n for n in names if _SPACE_COMMA.search(n))
        spaced = " and ".join(_SPACE_COMMA.sub(",", n) for n in names)
        yield f"name '{bad}' has a space before the comma", f"{field} = {{{spaced}}}", None
    if _ET_AL.search(value):
        yield (
            f"{field} list contains 'et al.'",
            "list every name, or end the list with 'and others'",
            None,
        )
    counted = _COUNTED_OTHERS.search(value)
    if counted:
        fixed = value[: counted.start(2)] + value[counted.end(2) :]
        yield (
            f"name '{counted[2]}{counted[3].strip()}' is read as a person",
            f"list every name, or end the list with 'and others': {field} = {{{fixed}}}",
            None,
        )
    shape = check_list(value, names)
    if shape is not None:
        whole = f"{field} = {{{shape.fix}}}" if shape.fix is not None else None
        yield shape.message, whole, Severity.ERROR if shape.known else Severity.WARNING
        return  # the names themselves are not known until the list is split
    for n in names:
        found = check_name(n)
        if found is None and bibliography is not None and two_people(n) is not None:
            found = comma_joined_people(n, _people(bibliography))
        if found is not None:
            new = replace_name(value, n, found.fix) if found.fix is not None else None
            severity = Severity.ERROR if found.known else Severity.WARNING
            yield found.message, (f"{field} = {{{new}}}" if new else None), severity
            break
    else:
        # Read against the file's names, once no name is wrong by its own shape: a guess.
        moved = _given_moved(names, bibliography) if bibliography is not None else None
        if moved is not None:
            n, shape = moved
            new = replace_name(value, n, shape.fix or n)
            yield shape.message, f"{field} = {{{new}}}", Severity.WARNING
    for n in names:
        family = _family_of_person(n)
        if family and _CAPS_WORD.fullmatch(family.replace(" ", "")):
            yield (
                f"name '{n.strip()}' is in capitals",
                f"write it as '{_capitalise(n.strip())}'",
                None,
            )
            break


# Words an organisation's initials leave out ("World Health Organization": WHO).
_SMALL_WORDS = frozenset(
    ["of", "the", "for", "and", "on", "in", "de", "des", "du", "la", "le", "et", "für", "und"]
)
_BODY_FIELDS = ("journal", "journaltitle", "publisher", "institution", "organization")


def _organisation_as_person(entry: BibEntry, value: str) -> tuple[str, str, str] | None:
    """A name of three or more letters and at most an initial, `Who, A` (Google Scholar's
    reading of "WHO"), that spells the initials of an institution the entry names (its journal,
    publisher, institution): the person, the institution and its field. A braced name
    (`{ABS}`) is written as intended."""
    for n in split_names(value):
        parsed = parse_name(n)
        if parsed is None or parsed.von or parsed.jr or n.strip().startswith("{"):
            continue
        family = parsed.last
        if len(family) < 3 or not family.isalpha() or len(parsed.first.strip(" .")) > 1:
            continue
        for field in _BODY_FIELDS:
            body = to_unicode(entry.value(field) or "").strip()
            if body and names_a_body(body) and _initials(body) == family.upper():
                return n.strip(), body, field
    return None


def _initials(text: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_]+", text) if w.lower() not in _SMALL_WORDS]
    return "".join(w[0] for w in words) if all(w[0].isupper() for w in words) else ""


def _lists(bibliography: Bibliography) -> Iterator[str]:
    return (v for e in bibliography.entries for n in ("author", "editor") if (v := e.value(n)))


# What the file's name lists tell, each built only when a name needs it, once per file.
@per_file
def _people(bibliography: Bibliography) -> frozenset[Person]:
    return people_of(_lists(bibliography))


@per_file
def _words(bibliography: Bibliography) -> Words:
    return words_of(_lists(bibliography))


def _given_moved(names: Sequence[str], bibliography: Bibliography) -> tuple[str, Shape] | None:
    """The first name of the list with a given name in its family name, as the file's other
    names tell (`name_given`), and what is wrong with it."""
    words = _words(bibliography)
    for n in names:
        found = given_in_family(n, words)
        if found is not None:
            return n, found
    return None


def _family_of_person(name: str) -> str:
    """The family name of a name with given names too; "" for a name of one part, which may be
    an organisation (`UNESCO`, `{World Bank}`) written as intended."""
    parsed = parse_name(name)
    if parsed is None or not (parsed.first or parsed.von or parsed.jr):
        return ""
    return parsed.last


def _capitalise(name: str) -> str:
    return re.sub(r"[A-Z]{2,}", lambda m: m.group().capitalize(), name)
