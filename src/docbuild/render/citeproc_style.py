"""A cheaper copy of a style for pandoc's citeproc where it provably prints the same: the global
given-name rule off when no two different names it looks at share a family name. Pure.

Why it is the same (citeproc 0.13, `disambiguateCitations` in src/Citeproc/Eval.hs): a global
rule (`givenname-disambiguation-rule` other than `by-cite`, with `disambiguate-add-givenname`)
groups names by family (the primary-name rules: the first name of each variable as rendered;
the all-names rules: every name), and only a family held by two or more different names gives
a hint; with none, the hints are empty and the citations are rendered again as they were.
The one other use of the rule, `isDisambiguated` (for `disambiguate-add-names`), compares the
rendered names with or without the first one's given names, which is the same comparison when
every two first names of one family are the same name. The rule's cost grows with the square
of the references (docs/performance.md): on the generated book's citations, 60 s of CPU with
it, 2.5 s without.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

# The values of `givenname-disambiguation-rule` that citeproc applies to all citations at once;
# a missing or other value is `by-cite`, which takes another path and is left alone.
GLOBAL_RULES = frozenset(
    {"all-names", "all-names-with-initials", "primary-name", "primary-name-with-initials"}
)
# The rules that group only each list's first name: citeproc's groups are the names of one
# variable as rendered, and the first of each (`primaryNames`) is a variable's first name.
PRIMARY_RULES = frozenset({"primary-name", "primary-name-with-initials"})
_CITATION_TAG = re.compile(rb"<citation(?=[\s>/])[^>]*>")
_ADD_GIVENNAME = re.compile(rb"""\bdisambiguate-add-givenname\s*=\s*(["'])true\1""")
# citeproc takes a family's leading particles apart ("van Gogh", "d'Alembert", "al-Farabi")
# and turns apostrophes typographic, so two families it holds equal end in the same word after
# any of these; comparing that last word can only find more shared families, never fewer.
_FAMILY_SPLIT = re.compile(r"""[\s'’\-–."]+""")
# citeproc's `parseNote` (src/Citeproc/Types.hs): from the note's start, fields `{:name: value}`
# or `name: value` lines, names of letters and hyphens (\w is wider: it can only read more).
_NOTE_FIELD = re.compile(r"\{:[\w-]+:(?P<braced>[^}]*)\}|[\w-]+:(?P<line>[^\n]*)(?:\n|\Z)")


def to_fast_style(style: bytes) -> tuple[bytes, bool] | None:
    """`style` with the citation's `disambiguate-add-givenname="true"` made `"false"`, where it
    asks for a global rule, and whether that rule looks at the first names only (`primary-name`,
    `primary-name-with-initials`); None where there is nothing to change or the style's text is
    not the simple case (one `<citation>` start tag naming the attribute once)."""
    tags = _CITATION_TAG.findall(style)
    if len(tags) != 1 or len(_ADD_GIVENNAME.findall(tags[0])) != 1:
        return None
    try:
        citation = ET.fromstring(style).find("{http://purl.org/net/xbiblio/csl}citation")
    except ET.ParseError:
        return None
    if (
        citation is None
        or citation.get("disambiguate-add-givenname") != "true"
        or citation.get("givenname-disambiguation-rule") not in GLOBAL_RULES
    ):
        return None
    fast_tag = _ADD_GIVENNAME.sub(lambda m: m[0].replace(b"true", b"false"), tags[0])
    primary = citation.get("givenname-disambiguation-rule") in PRIMARY_RULES
    return style.replace(tags[0], fast_tag, 1), primary


def family_key(family: str) -> str:
    """The word two family names end in when citeproc may hold them equal (see above)."""
    words = [w for w in _FAMILY_SPLIT.split(unicodedata.normalize("NFKC", family)) if w]
    return words[-1].casefold() if words else ""


def shared_family(items: Iterable[object], *, first_only: bool = False) -> str | None:
    """A family name that two different names of the CSL-JSON `items` share (any variable; any
    position, or the first of each variable with `first_only`), or what keeps the items from
    being judged; None where there is none."""
    seen: dict[str, object] = {}
    for item in items:
        if not isinstance(item, dict):
            return "an item that is not an object"
        note = item.get("note")
        lists = [v for v in item.values() if isinstance(v, list)]
        # citeproc reads variables from the start of a note too ("author: Khan || B."); each
        # such name is taken as a first one, which can only find more shared families.
        lists += [[value] for value in _note_fields(note)] if isinstance(note, str) else []
        for value in lists:
            for name in value[:1] if first_only else value:
                # A string in a name variable is citeproc's short syntax ("Thompson || Hunter
                # S."): its family is the part before "||". Strings in lists of another kind
                # are taken as names too, which can only find more shared families.
                if isinstance(name, str):
                    family: object = name.split("||")[0].strip()
                elif isinstance(name, dict) and "family" in name:
                    family = name["family"]
                else:
                    continue  # a literal name or none: citeproc gives it no family
                if not isinstance(family, str):
                    return "a family name that is not text"
                if seen.setdefault(family_key(family), name) != name:
                    return family
    return None


def _note_fields(note: str) -> list[str]:
    """The values of the variables citeproc reads from the start of `note`."""
    values, at = [], 0
    while match := _NOTE_FIELD.match(note, at):
        if match.end() == at:
            break
        values.append((match["braced"] if match["braced"] is not None else match["line"]).strip())
        at = match.end()
    return values


def cited_items(items: list[object], document: object) -> list[object]:
    """The `items` pandoc hands citeproc for `document` (pandoc's JSON): those whose id a
    citation anywhere in it names, the metadata's `nocite` included, or all of them where a
    citation is `@*` (pandoc's `Citeproc.hs`, `idpred`). An item whose id is not text is kept."""
    ids = set(_citation_ids(document))
    if "*" in ids:
        return items
    return [i for i in items if not isinstance(i, dict) or not isinstance(i.get("id"), str)
            or i["id"] in ids]  # fmt: skip


def _citation_ids(node: object) -> Iterator[object]:
    if isinstance(node, dict):
        if node.get("t") == "Cite" and isinstance(node.get("c"), list) and node["c"]:
            for citation in node["c"][0]:
                yield citation.get("citationId") if isinstance(citation, dict) else None
        for value in node.values():
            yield from _citation_ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _citation_ids(value)
