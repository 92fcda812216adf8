"""How a name list goes wrong in real files (issue 13's corpus): each check reads one list or
one name (parsed by `bib.names`) and says what will print wrongly, with a fix that keeps
every name. Used by the malformed-name rule."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from docbuild.bib.braces import is_one_group, split_top_level
from docbuild.bib.latex import LINE_BREAK_ACCENT, to_unicode
from docbuild.bib.names import ORGANISATION as _ORGANISATION
from docbuild.bib.names import PARTICLES, is_suffix_last, parse_name, split_names
from docbuild.lint.name_shape import Shape
from docbuild.lint.name_slips import debris, lower_word

_COMMA = re.compile(",")
_SEMICOLON = re.compile(r"\s*;\s*")
_ENTITY = re.compile(r"&#?\w+;")  # `d&apos;Amore`: an HTML entity's `;` joins nothing
_DEBRIS = re.compile(r'\s*(?:"\s*#|#\s*")\s*')  # `McGrathMJ #" and "# CohenDB`
_UPPER_AND = re.compile(r"\s+AND\s+")
_DOUBLE_AND = re.compile(r"\s+and\s+and\s+", re.IGNORECASE)
# `{'{a}}`: an accent with no backslash.
_BARE_ACCENT = re.compile(r"(?<!\\)\{(['`^\"~])(\{?[A-Za-z]\}?)\}")
_SUFFIX = re.compile(r"^(?:jr|sr|[ivx]+)\.?$", re.IGNORECASE)
_VANCOUVER = re.compile(r"^[A-Z][\w'’-]+\s+[A-Z]{1,3}\.?$")
_VANCOUVER_PAIR = re.compile(r"^[A-Z][\w'’-]+\s+[A-Z]{1,3}\.?\s*,\s*[A-Z][\w'’-]+\s+[A-Z]{1,3}\.?$")
_ROMAN = re.compile(r"\s(?:II|III|IV|VI|VII|VIII)$")
# Initials run together (`TD`, `JC`) or typed as a name (`Hr`, `Rw`): citeproc prints one.
_RUN_INITIALS = re.compile(r"^(?!Al$|Ed$)(?:[A-Z]{2,3}|[A-Z][bcdfghjklmnpqrstvwxz])$")
_RUN_INTO_FAMILY = re.compile(r"[a-z]([A-Z]{1,3})$")  # `McGrathMJ`
_LOWER_INITIAL = re.compile(r"(?:(?<=\s)|^)([a-xz])(?:\.|$|(?=\s))")  # `a.`; `y` joins names
_INITIAL_IN_FAMILY = re.compile(r"^[A-Z]\.\s")  # `X. Grey, Michael`
_PERSON_WORD = re.compile(r"^(?:[A-Z][a-z'’-]+(?:-[A-Z][a-z'’-]+)?|[A-Z]\.?|[A-Z]{1,3})$")


def check_list(value: str, names: Sequence[str]) -> Shape | None:
    """Debris in the list as a whole: BibTeX concatenation typed inside braces, `AND`,
    `and and`, names joined by `;` or by commas."""
    if "#" in value and _DEBRIS.search(value):
        fixed = " ".join(_DEBRIS.sub(" ", value).split())
        return Shape("list holds BibTeX concatenation debris ('#\" and \"#')", fixed)
    if "AND" in value and _UPPER_AND.search(value):
        return Shape(
            "names are joined by 'AND', which is not a separator", _UPPER_AND.sub(" and ", value)
        )
    if _DOUBLE_AND.search(value):
        return Shape("list has 'and and', an empty name", _DOUBLE_AND.sub(" and ", value))
    if ";" in value and any(_SEMICOLON.search(_ENTITY.sub("", n)) for n in names):
        parts = [p for n in names for p in _split_semicolons(n) if p]
        if len(parts) > len(names):
            return Shape("names are joined by ';' instead of 'and'", " and ".join(parts))
    braced = _braced_people(names)
    if braced is not None:
        return braced
    for n in names:
        split = _comma_joined(n)
        if split:
            kept = [p for m in names for p in (split if m == n else [m])]
            return Shape(f"names '{n}' are joined by commas instead of 'and'", " and ".join(kept))
    return None


def _split_semicolons(name: str) -> list[str]:
    """`A; B`, with the `;` of an HTML entity (`d&apos;Amore`) kept inside its name."""
    entities = iter(_ENTITY.findall(name))
    parts = _SEMICOLON.split(_ENTITY.sub("\0", name))
    return [re.sub("\0", lambda _: next(entities), p) for p in parts]


def _comma_joined(name: str) -> list[str] | None:
    """The names a comma-joined `name` holds, or None when it is one name."""
    if name.count(",") < 2 and not _VANCOUVER_PAIR.match(name):
        return None  # the common case, `Family, Given`: at once
    parts = [p.strip() for p in split_top_level(name, _COMMA)]
    if len(parts) == 2 and _VANCOUVER.match(parts[0]) and _VANCOUVER.match(parts[1]):
        if not _ROMAN.search(parts[0]):  # `Ororbia II, Alexander G` is one person
            return parts
        return None
    if len(parts) < 3 or (len(parts) == 3 and (_SUFFIX.match(parts[1]) or is_suffix_last(parts))):
        return None
    if all(" " in p.strip(".") for p in parts):
        return parts  # `John Lynch, Malcolm Ross`: each in direct order
    pairs = [f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts) - 1, 2)]
    return pairs + ([parts[-1]] if len(parts) % 2 else [])  # `Smith, J., Jones, K.`


@lru_cache(maxsize=65536)
def check_name(name: str) -> Shape | None:
    """What is wrong with one name; the fix is the name as it should be (cached: a file names
    the same people again and again, and the checks are a tenth of the whole lint)."""
    for check in _NAME_CHECKS:
        found = check(name)
        if found is not None:
            return found
    return None


def _line_break(name: str) -> Shape | None:
    if LINE_BREAK_ACCENT.search(name):
        return Shape(
            f"name '{name}' has '\\\\' (a line break) before an accent",
            LINE_BREAK_ACCENT.sub(r"\\", name),
        )
    m = _BARE_ACCENT.search(name)
    if m:
        fixed = _BARE_ACCENT.sub(lambda g: "{\\" + g.group(1) + g.group(2) + "}", name)
        return Shape(f"name '{name}' has an accent without its backslash ('{m.group()}')", fixed)
    return None


def _affiliation(name: str) -> Shape | None:
    if (
        is_one_group(name)
        and _ORGANISATION.search(name)
        and ("," in name or re.search(r"\d", name))
    ):
        return Shape(f"author '{name}' is an affiliation, not an author", None)
    return None


def _organisation(name: str) -> Shape | None:
    if "{" in name or not _ORGANISATION.search(name) or len(name.split()) < 2:
        return None
    parts = [p.strip() for p in name.split(",")]
    whole = f"{parts[1]} {parts[0]}" if len(parts) == 2 else name
    return Shape(f"organisation '{name}' has no braces and will be inverted", f"{{{whole}}}")


def _braced_people(names: Sequence[str]) -> Shape | None:
    """People braced as literals (Zotero's `{Honglak Lee}`, `{Chan A}`): two or more in the
    list, or one with an initial; a lone `{World Bank}` is an organisation as intended."""
    braced = [n for n in names if _braced_person(n)]
    with_initial = [n for n in braced if re.search(r"\b[A-Z]{1,3}\.?(?:\s|\}|$)", n)]
    if len(braced) >= 2 or with_initial:
        first = (with_initial or braced)[0]
        message = f"personal name '{first}' is braced: it prints as one word, never initialled"
        return Shape(message, None, known=False)
    return None


def _braced_person(name: str) -> bool:
    if not is_one_group(name) or _ORGANISATION.search(name):
        return False
    words = name[1:-1].split()
    return 2 <= len(words) <= 3 and all(_PERSON_WORD.match(w) for w in words)


def _particle_after_given(name: str) -> Shape | None:
    parsed = parse_name(name)
    if parsed is None or "," not in name or not parsed.first:
        return None
    given = parsed.first.split()
    cut = len(given)
    while cut > 1 and given[cut - 1].lower() in PARTICLES:
        cut -= 1
    # ADS writes `{Kienlin}, A. v.` for A. von Kienlin: a lone `v.` closing the given names is
    # likely `von` or `van` cut short, though it may be an initial typed in lower case (a
    # guess: the fix moves it, and changes no letter).
    short = cut == len(given) and cut > 1 and given[-1] in _SHORT_PARTICLES
    if short:
        cut -= 1
    if cut == len(given):
        return None
    particle = " ".join(given[cut:])
    family = f"{particle} {parsed.von} {parsed.last}".replace("  ", " ")
    fixed = f"{family}, {' '.join(given[:cut])}"
    if short:
        return Shape(
            f"name '{name}' ends its given names with '{particle}', likely a particle "
            "('von', 'van') after the given name",
            fixed,
            known=False,
        )
    return Shape(f"name '{name}' has the particle '{particle}' after the given name", fixed)


_SHORT_PARTICLES = frozenset({"v."})  # `von`, `van` cut short


def _run_initials(name: str) -> Shape | None:
    parsed = parse_name(name)
    if parsed is None:
        return None
    if "," in name:
        for word in parsed.first.split():
            if _RUN_INITIALS.match(word):
                spaced = " ".join(f"{c.upper()}." for c in word)
                fixed = name.replace(word, spaced, 1)
                return Shape(f"initials '{word}' in '{name}' run together (print as one)", fixed)
        family = name[: name.index(",")].strip()
        if _INITIAL_IN_FAMILY.match(family):
            initial, rest = family.split(None, 1)
            fixed = f"{rest}, {parsed.first} {initial}".strip()
            return Shape(f"name '{name}' has the initial '{initial}' in the family name", fixed)
        m = _LOWER_INITIAL.search(parsed.first)
        if m:
            given = _LOWER_INITIAL.sub(lambda g: g.group(1).upper() + ".", parsed.first, count=1)
            fixed = f"{family}, {given}"
            return Shape(
                f"initial '{m.group()}' in '{name}' is lower case (read as a particle)", fixed
            )
    m = _RUN_INTO_FAMILY.search(parsed.last)
    if m and not parsed.first and "{" not in name:
        family = parsed.last[: -len(m.group(1))]
        fixed = f"{family}, " + " ".join(f"{c}." for c in m.group(1))
        return Shape(f"initials '{m.group(1)}' run into the family name '{parsed.last}'", fixed)
    return None


_IBERIAN = re.compile(r"[áéíóúñãõç]|ez$", re.IGNORECASE)
_BRACED_WORDS = re.compile(r"\{[^{}]*\s[^{}]*\}")
_SUFFIX_WORD = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


def _two_surnames(name: str) -> Shape | None:
    """`Juan Julián Merelo Guervós`: Spanish and Portuguese names carry two family names; in
    direct order without braces the first is read as a given name (a likely reading)."""
    if "," in name or name.count(" ") < 2 or _BRACED_WORDS.search(name):
        return None  # `Family, Given`; two words; `Rolando {Grave de Peralta}`: braced on purpose
    plain = to_unicode(name)
    if "{" in plain or "}" in plain:
        return None  # braced on purpose: `{Merelo Guervós}`
    words = [
        w
        for w in plain.split()
        if len(w.rstrip(".")) > 1 and w[:1].isupper() and not _SUFFIX_WORD.match(w)
    ]
    # Only where the last words look Iberian (`Guervós`, `Valdez`): Persian, Malay or
    # Turkish names of four words have one family name.
    marked = [w for w in words[-2:] if _IBERIAN.search(w)]
    iberian = (len(words) == 3 and words[-1] in marked) or (len(words) >= 4 and bool(marked))
    tokens = name.split()
    shown = plain.split()
    if len(shown) >= 3 and shown[-1] == shown[-2] and len(words) >= 3:
        # `Carlos A. Coello Coello`: one family name twice, as Spanish names may have it.
        family, given = " ".join(tokens[-2:]), " ".join(tokens[:-2])
        message = f"name '{name}' may have two family names ('{' '.join(shown[-2:])}'), read as one"
        return Shape(message, f"{family}, {given}", known=False)
    at = _patronymic_before_particle(shown)
    if at is not None and len(tokens) == len(shown):
        # `Francisco Fernández de Vega`: a surname in -ez before `de` starts the family name.
        family, given = " ".join(tokens[at:]), " ".join(tokens[:at])
        message = f"name '{name}' may have two family names ('{' '.join(shown[at:])}'), read as one"
        return Shape(message, f"{family}, {given}", known=False)
    if len(words) < 3 or _SUFFIX_WORD.match(tokens[-1]) or "-" in words[-1]:
        return None
    if iberian and len(tokens) >= 3:
        family, given = " ".join(tokens[-2:]), " ".join(tokens[:-2])
        family_shown = " ".join(words[-2:])
        message = f"name '{name}' may have two family names ('{family_shown}'), read as one"
        return Shape(message, f"{family}, {given}", known=False)  # the comma keeps both
    return None


_PATRONYMIC = re.compile(r"^[A-ZÁÉÍÓÚ][a-záéíóúñ]+ez$")  # `Fernández`, `Pérez`, `Álvarez`


def _patronymic_before_particle(words: list[str]) -> int | None:
    """Where a family name of the shape `Fernández de Vega` starts after a given name, or
    None: a -ez surname, then `de` or `del` and the rest, or `y` and one more surname (after
    `y` and more words comes another person: `Pérez y Fernando Tricas`)."""
    for i in range(1, len(words) - 2):
        if not (_PATRONYMIC.match(words[i]) and words[-1][:1].isupper()):
            continue
        if words[i + 1] in ("de", "del") or (words[i + 1] == "y" and i + 3 == len(words)):
            return i
    return None


def _stray_period(name: str) -> Shape | None:
    parts = name.split()
    if "," in name or len(parts) < 2 or not parts[-1].endswith(".") or len(parts[-1]) <= 3:
        return None
    if _SUFFIX_WORD.match(parts[-1]) or "{" in name:
        return None
    fixed = name[:-1]
    return Shape(f"name '{name}' ends in a full stop, which joins the family name", fixed, False)


def _suffix_last(name: str) -> Shape | None:
    """`{Harnden}, F.~R., Jr.`: NASA ADS puts the suffix last, where BibTeX and biber read the
    given names; docbuild reads ADS's order, other tools print `Jr. Harnden`."""
    if name.count(",") != 2:
        return None
    parts = [p.strip() for p in split_top_level(name, _COMMA)]
    if len(parts) != 3 or not is_suffix_last(parts):
        return None
    return Shape(
        f"name '{name.strip()}' has its suffix '{parts[2]}' last (NASA ADS's order); BibTeX"
        " reads 'Last, Jr, First'",
        f"{parts[0]}, {parts[2]}, {parts[1]}",
        known=False,
    )


_NAME_CHECKS = (
    _suffix_last,
    _line_break,
    debris,
    _affiliation,
    _organisation,
    _particle_after_given,
    _run_initials,
    lower_word,
    _stray_period,
    _two_surnames,
)


def replace_name(value: str, old: str, new: str) -> str:
    """The list with one name replaced, every other name kept as written."""
    return " and ".join(new if n == old else n for n in split_names(value))
