"""BibTeX name lists: `and`-separated names, each split into first, von, last and jr parts.

The rules are BibTeX's own (Patashnik, "Designing BibTeX styles", sec. 4), which biber keeps:
commas at brace depth 0 separate `von Last, Jr, First`; without a comma, the von part is the
run of words starting in lower case, and a brace group that does not start with a backslash
has no case. So `Jean de La Fontaine` is first `Jean`, von `de`, last `La Fontaine`, and
`{van Gogh}` is one word. Two exceptions, where BibTeX's reading prints garbage: a suffix
last (`{Harnden}, F.~R., Jr.`, NASA ADS's order) is read as the suffix, and biblatex's extended
format (`family=Brauw, given=Alan, prefix=de`) by its named parts, as biber and pandoc read
it. Every part of docbuild that needs a name reads it here, the
front matter's authors too (`written_name`, `to_csl_name`: names written given-first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from docbuild.bib.braces import group_end, is_one_group, mask, split_top_level
from docbuild.bib.fold import fold

# The fields that hold name lists (`Last, First and ...`).
NAME_FIELDS = frozenset(
    {
        "author",
        "editor",
        "translator",
        "bookauthor",
        "editora",
        "editorb",
        "editorc",
        "holder",
        "commentator",
        "annotator",
        "introduction",
        "foreword",
        "afterword",
    }
)

# Words that make a name an organisation's (`{World Health Organization}`, `Sage Bionetworks
# Team`): the linter's name shapes and the paper's own group authors read them here.
ORGANISATION_WORDS = (
    "institutes?", "institution", "university", "universit[éà]", "college", "department",
    "dept", "school", "laborator(?:y|ies)", "lab", "cent(?:er|re)", "faculty", "collaboration",
    "consortium", "organi[sz]ation", "association", "society", "committee", "foundation",
    "agency", "council", "ministry", "commission", "office", "bureau", "board", "team", "group",
    "project", "program(?:me)?", "initiative", "network", "corporation", "inc", "ltd",
    "company", "press", "library", "museum", "service", "developers", "contributors",
    "research",
)  # fmt: skip
ORGANISATION = re.compile(rf"\b(?:{'|'.join(ORGANISATION_WORDS)})\b", re.IGNORECASE)
# Of those, the ones that are people's family names too (William H. Press, Adrian Board,
# Robert W. Service): in an author's name they make no organisation.
_FAMILY_NAMES_TOO = frozenset({"press", "service", "board", "bureau"})


def is_group_name(name: str) -> bool:
    """An organisation's name (`Sage Bionetworks Team`, `The Tabula Muris Consortium`), to be
    printed whole, never inverted or initialled: a capitalised word of ORGANISATION_WORDS in
    it that is no family name as well."""
    return any(
        word[0].isupper()
        and word.lower() not in _FAMILY_NAMES_TOO
        and ORGANISATION.fullmatch(word) is not None
        for word in re.findall(r"\w+", name)
    )


_AND = re.compile(r"(?<!\s)\s+and\s+", re.IGNORECASE)  # from a run's start: linear
_COMMA = re.compile(",")
_WORD_SPLIT = re.compile(r"[\s~]+")
# Words that start a family name in many languages; dropped when family names are compared
# (`van Beethoven` and `Beethoven`, `La Fontaine` and `Fontaine` are one family).
PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la", "le", "dos", "das"}
)


class WrittenName(Enum):
    """What an author's name written given-first (the front matter's `name: Paul F. Lang`) is,
    as `written_name` reads it."""

    PERSON = "person"  # given names, then the family name: split at its last word
    GROUP = "group"  # an organisation's name (is_group_name): printed whole
    MONONYM = "mononym"  # one word: printed whole
    AS_WRITTEN = "as written"  # not a person's name's shape: printed whole, as written


# Lower-case words that stand inside people's names, given-first: the particles, and the
# conjunctions and patronymic words of Spanish, Portuguese, Catalan and Arabic names (`José
# Ortega y Gasset`, `Muhammad ibn Musa`); any other word wholly in lower case after the first
# makes the name no person's (`Author with no affiliation`, JOSS's template).
NAME_PARTICLES = PARTICLES | frozenset(
    {
        "des", "dei", "degli", "do", "ten", "ter", "te", "op", "het", "zu", "zum", "zur",
        "y", "e", "i", "bin", "ibn", "bint", "binti", "ben", "al", "el",
    }
)  # fmt: skip
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})  # `Martin Luther King Jr.`


# Chinese, Japanese and Korean names are written family name first (`山田 太郎`): split at the
# last word, the given name would print as the family name. citeproc-js prints them whole.
_FAMILY_FIRST_SCRIPT = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


def written_name(name: str) -> WrittenName:
    """What `name`, written given-first or `Family, Given`, is. A guess from its shape alone,
    as no rule of CSL or citeproc decides it (they read names already split): a digit, or a
    word after the first wholly in lower case that no name uses (NAME_PARTICLES), and it is
    no person's name written given-first; a CJK name is written family name first. No count
    of words is a limit: Spanish and Portuguese names run to six or more."""
    if is_group_name(name):
        return WrittenName.GROUP
    words = name.replace(",", " ").split()
    if len(words) == 1:
        return WrittenName.MONONYM
    if (
        any(c.isdigit() for c in name)
        or any(w.islower() and w.lower() not in NAME_PARTICLES | NAME_SUFFIXES for w in words[1:])
        or _FAMILY_FIRST_SCRIPT.search(name)
    ):
        return WrittenName.AS_WRITTEN
    return WrittenName.PERSON


def to_csl_name(name: str) -> dict[str, str]:
    """An author's name written given-first (or `Family, Given`, or `Family, Jr., Given`) as
    a CSL name: split at its last word, the lower-case particles before it (`van`, `de la`)
    with the family name, a suffix (`Jr.`, `III`) kept apart; a `literal`,
    printed whole, where it is no person's name's shape (`written_name`)."""
    if written_name(name) is not WrittenName.PERSON:
        return {"literal": name}
    parts = [p.strip() for p in name.split(",")]
    suffix = ""
    if len(parts) == 2 and parts[1].lower() in NAME_SUFFIXES:  # `Martin Luther King, Jr.`
        parts, suffix = parts[:1], parts[1]
    if len(parts) == 3 and parts[1].lower() in NAME_SUFFIXES:  # `King, Jr., Martin Luther`
        return {"family": parts[0], "given": parts[2], "suffix": parts[1]}
    if len(parts) > 1:
        return {"family": parts[0], "given": ", ".join(parts[1:])}
    words = parts[0].split()
    if not suffix and len(words) > 2 and words[-1].lower() in NAME_SUFFIXES:
        suffix = words.pop()
    # `Greg van Anders` is `van Anders, G.`, as BibTeX reads `van` into the family name (its
    # von part) and JATS and Crossref write the surname: only PARTICLES, the words that start
    # a family name; `y` or `ibn` may end a given name as well (`José Ortega y Gasset`).
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in PARTICLES:
        cut -= 1
    found = {"family": " ".join(words[cut:]), "given": " ".join(words[:cut])}
    return {**found, "suffix": suffix} if suffix else found


@dataclass(frozen=True, slots=True)
class Name:
    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""
    # The von part printed with the given names (`Brauw, Alan de`): biblatex's
    # `useprefix=false` in its extended format, CSL's `dropping-particle`, as pandoc reads it.
    dropping: bool = False

    @property
    def is_literal(self) -> bool:
        """A single brace-protected group such as `{United Nations}`: an institution."""
        return (
            not (self.first or self.von or self.jr)
            and is_one_group(self.last)
            and " " in self.last.strip()
        )

    def to_bibtex(self) -> str:
        """`von Last, Jr, First`, or `von Last` when there is no first name."""
        head = f"{self.von} {self.last}".strip()
        if self.jr:
            return f"{head}, {self.jr}, {self.first}".rstrip()
        if self.first:
            return f"{head}, {self.first}"
        return head


@lru_cache(maxsize=65536)
def split_names(value: str) -> tuple[str, ...]:
    """The names of a list, split at ` and ` outside braces, each stripped; an empty value
    has none, and an empty name (`A and  and B`) is left out (cached: several rules ask)."""
    return tuple(n for n in (p.strip() for p in split_top_level(value, _AND)) if n)


def _words(part: str) -> list[str]:
    if "{" not in part:  # the common case, without the brace scan (`~` is a tie: a space)
        return part.replace("~", " ").split()
    return [w for w in split_top_level(part.strip(), _WORD_SPLIT) if w]


_SPECIAL_UPPER = frozenset({"OE", "AE", "AA", "O", "L"})
_SPECIAL_LOWER = frozenset({"oe", "ae", "aa", "o", "l", "i", "j", "ss"})


def word_case(word: str) -> str | None:
    """ "lower", "upper", or None for a word with no case (digits, a plain brace group)."""
    if "{" not in word:
        for c in word:
            if c.isalpha():
                return "lower" if c.islower() else "upper"
        return None
    i = 0
    while i < len(word):
        c = word[i]
        if c == "{":
            end = group_end(word, i) or len(word)
            if word.startswith("\\", i + 1):  # a special character such as {\"u} or {\L}
                return _special_case(word[i + 2 : end])
            i = end
            continue
        if c.isalpha():
            return "lower" if c.islower() else "upper"
        i += 1
    return None


def _special_case(inside: str) -> str | None:
    """The case of a special character, given what follows its backslash: that of a
    letter-like command (`L`, `ss`), else of the first letter after the command."""
    j = 0
    while j < len(inside) and inside[j].isalpha():
        j += 1
    command = inside[:j]
    if command in _SPECIAL_UPPER:
        return "upper"
    if command in _SPECIAL_LOWER:
        return "lower"
    letter = next((c for c in inside[j:] if c.isalpha()), None)
    if letter is None:
        return None
    return "lower" if letter.islower() else "upper"


# biblatex's extended name format (biber's `family=Brauw, given=Alan, prefix=de,
# useprefix=false`), which Zotero's Better BibTeX writes for a name with a particle and pandoc
# reads: each part `key=value`, the value bare, braced or quoted.
_EXTENDED_PART = re.compile(r"\s*([a-z]+)\s*=\s*(.*?)\s*", re.DOTALL)
_EXTENDED_NAME_KEYS = frozenset({"family", "given", "prefix", "suffix"})


def extended_parts(text: str) -> dict[str, str] | None:
    """The parts of a name in biblatex's extended format (`family=Brauw, given=Alan`), the
    values unbraced; None for a name in BibTeX's own forms."""
    if "=" not in text:
        return None  # the common case, at once
    parts: dict[str, str] = {}
    for part in split_top_level(text, _COMMA):
        m = _EXTENDED_PART.fullmatch(part)
        if m is None:
            return None
        value = m.group(2)
        if len(value) > 1 and (is_one_group(value) or value[0] == value[-1] == '"'):
            value = value[1:-1].strip()
        parts[m.group(1)] = value
    return parts if parts.keys() & {"family", "given"} else None


def is_extended_name(text: str) -> bool:
    """A name written in biblatex's extended format (`extended_parts`)."""
    return extended_parts(text) is not None


@lru_cache(maxsize=65536)
def parse_name(text: str) -> Name | None:
    """One name in its parts; None when it has more than two commas (malformed), unless it is
    in biblatex's extended format, whose parts are named (`extended_parts`)."""
    extended = extended_parts(text)
    if extended is not None:
        prefix = extended.get("prefix", "")
        return Name(
            first=extended.get("given", ""),
            von=prefix,
            last=extended.get("family", ""),
            jr=extended.get("suffix", ""),
            # biber's default is useprefix=false: the particle printed with the given names.
            dropping=bool(prefix) and extended.get("useprefix", "").lower() != "true",
        )
    parts = split_top_level(text, _COMMA) if "{" in text else text.split(",")
    if len(parts) > 3:
        return None
    if len(parts) == 3 and is_suffix_last(parts):
        parts = [parts[0], parts[2], parts[1]]  # NASA ADS's `{Harnden}, F.~R., Jr.`
    if len(parts) == 1:
        words = _words(parts[0])
        if not words:
            return Name()
        lower = [i for i, w in enumerate(words[:-1]) if word_case(w) == "lower"]
        if not lower:
            return Name(first=" ".join(words[:-1]), last=words[-1])
        return Name(
            first=" ".join(words[: lower[0]]),
            von=" ".join(words[lower[0] : lower[-1] + 1]),
            last=" ".join(words[lower[-1] + 1 :]),
        )
    von, last = _split_von_last(_words(parts[0]))
    first = " ".join(_words(parts[-1]))
    return Name(
        first=first, von=von, last=last, jr=" ".join(_words(parts[1])) if len(parts) == 3 else ""
    )


def is_suffix_last(parts: list[str]) -> bool:
    """`Last, First, Jr` (the three parts of a name), NASA ADS's order: BibTeX's is `Last, Jr,
    First`, and a suffix is no given name, so the parts are read in ADS's order."""
    return (
        parts[2].strip().lower() in NAME_SUFFIXES and parts[1].strip().lower() not in NAME_SUFFIXES
    )


def _split_von_last(words: list[str]) -> tuple[str, str]:
    """`von Last` before a comma: the von part is every word up to the last lower-case one,
    but the last word is always part of Last."""
    if len(words) == 1:
        return "", words[0]  # the common case: `Khan, M.`
    lower = [i for i, w in enumerate(words[:-1]) if word_case(w) == "lower"]
    if not lower:
        return "", " ".join(words)
    cut = lower[-1] + 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def family_name(name: str) -> str:
    """The family name as biber reads it, without the von part, braces kept as written
    (`Jean de La Fontaine` → `La Fontaine`, `{World Health Organization}` whole). A name with
    too many commas gives what stands before the first one."""
    parsed = parse_name(name)
    if parsed is None:
        return name[: mask(name).find(",")].strip()
    return parsed.last


def given_name(name: str) -> str:
    """The given names as written (`Hussain, N.` → `N.`); "" for a malformed name."""
    parsed = parse_name(name)
    return parsed.first if parsed is not None else ""


@lru_cache(maxsize=65536)
def family_key(family: str) -> str:
    """A comparable form of a family name: particles dropped, folded to ASCII letters, so
    `van Beethoven`, `Beethoven` and `BEETHOVEN` are one key."""
    words = family.replace("{", " ").replace("}", " ").split()
    while len(words) > 1 and words[0].lower() in PARTICLES:
        words = words[1:]
    return fold(" ".join(words) if words else family)
