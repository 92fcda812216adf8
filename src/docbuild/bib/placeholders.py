"""Names that stand in for an author: `Doe, John`, `Author, A.`, `Lastname, Firstname`,
`et al.` or `others` where a name belongs. A template's or a generator's, never a person's."""

from __future__ import annotations

import re
from functools import lru_cache

from docbuild.bib.fold import fold_words
from docbuild.bib.latex import to_unicode
from docbuild.bib.names import parse_name, split_names

# Family names that are a template's words, whatever the given name.
TEMPLATE_FAMILIES = frozenset(
    {"author", "lastname", "surname", "familyname", "placeholder", "nobody", "noname", "xxx"}
)
# Family names that are placeholders only with these given names (John Doe is a template's
# man; a Doe with another given name may be a person).
WITH_GIVEN = {
    "doe": frozenset({"", "j", "john", "jane", "jon"}),
    "smith": frozenset({"john", "jane"}),  # with `Doe` the usual specimen pair
    "name": frozenset({"", "first", "firstname", "given", "your", "author"}),
    "last": frozenset({"first", "firstname"}),
    "bloggs": frozenset({"joe", "j"}),
    "mustermann": frozenset({"max", "erika", "m", "e"}),
}
ET_AL = frozenset({"et al", "et al.", "others", "etal"})
ANONYMOUS = frozenset({"anonymous", "anon", "unknown", "n a", "na"})
# A placeholder of more than six letters holds one of these (TeX and accents aside): most
# names are passed over with one look, not read from TeX and parsed.
_HOLDS = (*sorted(TEMPLATE_FAMILIES | set(WITH_GIVEN)), "anon", "unknown")
_SHORT = 6  # "others", the longest placeholder without one of `_HOLDS`
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _may_be_placeholder(name: str) -> bool:
    """False only where `placeholder` would say None: a plain ASCII name (no TeX command or
    math, which could spell a letter) longer than `_SHORT` letters with no word of `_HOLDS`
    in it, braces ignored as the folding ignores them."""
    if not name.isascii() or "\\" in name or "$" in name:
        return True
    plain = name.lower().replace("{", "").replace("}", "")
    if len(_NON_WORD.sub("", plain)) <= _SHORT:
        return True
    return any(word in plain for word in _HOLDS)


@lru_cache(maxsize=65536)
def placeholder(name: str) -> str | None:
    """Why `name` (one name of a BibTeX list) is a placeholder, or None when it may be a person:
    "a template name", "'et al.' typed as a name", "'Anonymous'" (cached: a file names many
    authors more than once)."""
    if not _may_be_placeholder(name):
        return None
    text = to_unicode(name).strip().strip("{}").strip()
    folded = " ".join(fold_words(text).split())
    if text.lower().rstrip(".") in {w.rstrip(".") for w in ET_AL} or folded in {"et al", "etal"}:
        return f"'{text}' typed as a name"
    if folded in ANONYMOUS:
        return f"'{text}' instead of a name"
    parsed = parse_name(name)
    if parsed is None:
        return None
    family = " ".join(fold_words(to_unicode(parsed.last)).split())
    given = " ".join(fold_words(to_unicode(parsed.first)).split())
    if family in TEMPLATE_FAMILIES:
        return f"'{text}' is a template's name"
    if family in WITH_GIVEN and given in WITH_GIVEN[family]:
        return f"'{text}' is a template's name"
    return None


def placeholders(names: str) -> list[tuple[str, str]]:
    """Each placeholder of a BibTeX name list with its reason. A final `and others` is BibTeX's
    way to shorten a list, and `et al.` among real names is a list typed wrongly
    (malformed-name's); either is a placeholder only where the list has no real name."""
    out: list[tuple[str, str]] = []
    parts = split_names(names)
    real = 0
    for part in parts:
        why = placeholder(part)
        if why is None:
            real += 1
        else:
            out.append((part.strip(), why))
    if real:
        out = [(n, why) for n, why in out if not why.endswith("typed as a name")]
    return out
