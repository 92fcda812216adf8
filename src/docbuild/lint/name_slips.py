"""Slips of typing inside one name (issue 13's corpus): a lower-case word before the family
name that is no particle, a byline's `By`, a family name typed twice. Used by `name_shapes`."""

from __future__ import annotations

import re

from docbuild.bib.braces import is_one_group
from docbuild.bib.latex import to_unicode
from docbuild.bib.names import PARTICLES, Name, parse_name, word_case
from docbuild.lint.name_shape import Shape

# Lower-case words that belong before a family name (Patashnik's von part) in the languages
# of the corpus; any other lower-case word there is a slip: a given name or initial typed in
# lower case (`liang Li, Zhao`, `Philip a Romero`), or a mistyped `and` (`Grafton adn Bassett`).
_VON_WORDS = PARTICLES | {
    "des", "do", "d", "l", "dei", "degli", "delle", "dalla", "dello", "lo", "las", "los",
    "y", "e", "i", "zu", "zum", "zur", "vom", "auf", "dem", "ten", "ter", "te", "t", "het",
    "op", "in", "van't", "bin", "binti", "bint", "ibn", "al", "el", "af", "av", "ap", "ab",
    "wa", "st", "ua", "ui", "mac", "et", "al.", "of", "the", "and",
}  # fmt: skip
_AND_TYPO = re.compile(r"^(?:adn|nad|annd|an)$|^and(?=[A-Z])")


def lower_word(name: str) -> Shape | None:
    """A lower-case word before the family name that is no particle is printed as one, in
    front of the family name, and never initialled. A name all in lower case (`bell hooks`)
    is written so on purpose."""
    parsed = parse_name(name)
    if parsed is None or not parsed.von or name.islower():
        return None
    for word in parsed.von.split():
        if "{" in word or word_case(word) != "lower":
            continue  # `García de León`: the von part runs to its last lower-case word
        plain = to_unicode(word).replace("’", "'").strip("'‘").lower().rstrip(".")
        if plain in _VON_WORDS or (not plain.isalpha() and not _AND_TYPO.match(word)):
            continue
        if _AND_TYPO.match(word):
            typed = "and " + word[3:] if word.startswith("and") else "and"
            at = re.search(rf"(?<!\S){re.escape(word)}(?!\S)", name)
            fixed = f"{name[: at.start()]}{typed}{name[at.end() :]}" if at else None
            return Shape(f"'{word}' in '{name}' is a mistyped 'and': two names read as one", fixed)
        if len(plain) == 1:
            return Shape(
                f"initial '{word}' in '{name}' is lower case (read as a particle)",
                _initial_moved(name, word, parsed) if word.rstrip(".") == plain else None,
            )
        return Shape(
            f"'{word}' in '{name}' is lower case but no particle: it prints before the "
            "family name and is never initialled",
            None,
        )
    return None


def _initial_moved(name: str, initial: str, parsed: Name) -> str:
    """The name with a lower-case initial in capitals, among the given names where it was
    typed before the family name of `Family, Given` (`a Aguilar, M` → `Aguilar, M. A.`)."""
    capital = f"{initial.rstrip('.').upper()}."
    if "," not in name:
        return re.sub(rf"(?<!\S){re.escape(initial)}(?!\S)", capital, name, count=1)
    von = " ".join(w for w in parsed.von.split() if w != initial)
    family = f"{von} {parsed.last}".strip()
    jr = f", {parsed.jr}" if parsed.jr else ""
    return f"{family}{jr}, {parsed.first} {capital}"


_BYLINE = re.compile(r"(?:^|[\s,])by(?:$|[\s,])", re.IGNORECASE)
_DOUBLED = re.compile(r"([^\W\d_]{6,})\1", re.IGNORECASE)  # `Müllensiefenllensiefen`


def debris(name: str) -> Shape | None:
    """A byline's `By` kept in the name (JSTOR: `John R. Lott, Jr., By`), or a stretch of the
    family name typed twice (`M\\"ullensiefenllensiefen`)."""
    if _BYLINE.search(name) and not is_one_group(name):
        return Shape(f"name '{name}' holds 'By', a byline's word, not a name", None)
    parsed = parse_name(name)
    m = _DOUBLED.search(to_unicode(parsed.last)) if parsed is not None else None
    if m:
        return Shape(f"family name in '{name}' has '{m.group(1)}' twice", None)
    return None
