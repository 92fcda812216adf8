"""Authors and affiliations in the front matter: read and validated (ORCID iDs, e-mail
addresses, affiliation ids)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.bib.names import WrittenName, to_csl_name, written_name
from docbuild.diagnostics import Diagnostic, Location
from docbuild.errors import ConfigError
from docbuild.render.findings import INVALID_VALUE_LEFT_OUT, READ_AS, finding
from docbuild.render.meta import blocks_to_text, inlines_to_text, plain_text
from docbuild.render.places import Finder

ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NOWHERE = Location(Path("."), 0)  # a value the finder cannot place (not in any file)
AFFILIATION_MARKS = ("*", "†", "‡", "§", "¶", "‖")
AUTHOR_KEYS = ("author", "authors", "Author")  # the spellings render/shapes.py reads
_SUP_OPEN = re.compile(r"<sup\b[^>]*>", re.IGNORECASE)
_SUP_CLOSE = re.compile(r"</sup\s*>", re.IGNORECASE)
MetaValue = Mapping[str, object]  # one of pandoc's metadata values


@dataclass(frozen=True, slots=True)
class Affiliation:
    id: str
    organization: str
    mark: str
    address: str = ""  # department, organization, street, city, region, country: the note


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    affiliations: tuple[str, ...]  # affiliation ids
    email: str | None = None
    orcid: str | None = None  # the bare 16-digit form
    corresponding: bool = False
    # JOSS's `equal-contrib: true`, the typesetter's `status: [equal]`: the byline marks the
    # author, and a note says the marked authors contributed equally
    equal_contribution: bool = False
    # A mark written into the name (`<sup>&dagger;</sup>`, `^*^`): a note's, not the name's;
    # the byline prints it after the name, with the affiliations' marks.
    mark: str = ""
    # A footnote written into the name (rticles' `name: Jane Doe^[corresponding author]`):
    # its text, printed with the affiliations' notes under a mark of its own
    note: str = ""
    # (given, family) as the author wrote them apart (`given-names`, `surname`); None when
    # the front matter has the name whole
    split: tuple[str, str] | None = None

    def csl_name(self) -> dict[str, str]:
        """The name as CSL has it (the self-citation; JATS and Crossref read its parts): the
        author's own split where written, else bib/names.to_csl_name's reading of `name`."""
        if self.split is not None:
            given, family = self.split
            return {"family": family, "given": given} if given else {"literal": family}
        return to_csl_name(self.name)


def read_affiliations(
    value: object, finder: Finder, errors: list[ConfigError]
) -> tuple[Affiliation, ...]:
    """The affiliations; each problem is added to `errors` and its affiliation left out."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    # An affiliation whose id is a mark keeps it (JOSS papers write `index: "*"` for a note
    # "equal contribution"); the others take the marks left, in order.
    ids = [str(plain_text(i.get("id"))) for i in items if isinstance(i, dict)]
    marks = [m for m in AFFILIATION_MARKS if m not in ids]
    # More affiliations than marks (a Manubot review of twelve authors has nine): all of them
    # numbered, as journals number a long list, never six symbols and then "7", "8", "9"
    unmarked = sum(1 for i in ids if i not in AFFILIATION_MARKS)
    free = iter(marks if unmarked <= len(marks) else [])
    numbers = iter(range(1, len(items) + 1))
    out: list[Affiliation] = []
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not plain_text(item.get("id")):
            errors.append(
                ConfigError(
                    f"affiliation {n + 1} has no 'id'",
                    location=finder.locate("affiliation:"),
                    hint="write each affiliation as '- id: a1' and 'organization: ...'",
                )
            )
            continue
        aid = str(plain_text(item.get("id")))
        if any(a.id == aid for a in out):
            errors.append(
                ConfigError(
                    f"affiliation id '{aid}' is used twice",
                    location=finder.locate(aid),
                    hint="give each affiliation its own id",
                )
            )
            continue
        org = plain_text(item.get("organization")) or plain_text(item.get("name")) or ""
        mark = aid if aid in AFFILIATION_MARKS else next(free, None) or str(next(numbers))
        out.append(Affiliation(aid, org, mark, _address(item, org)))
    return tuple(out)


# pandoc's JATS template knows these parts of an affiliation; a journal prints them in order.
ADDRESS_PARTS = ("department", "organization", "street-address", "city", "region", "country")


def _address(item: dict[str, object], organization: str) -> str:
    """The affiliation note as journals print it; just the organization when that is all."""
    parts = [
        organization if k == "organization" else plain_text(item.get(k)) for k in ADDRESS_PARTS
    ]
    return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class NameMark:
    written: str  # the name as written, HTML tags and all ("Team <sup> † </sup>")
    name: str  # the name, its mark taken out
    mark: str  # the mark as printed ("†")
    note: str = ""  # a footnote's text (`Jane Doe^[corresponding author]`)


def split_mark(inlines: list[object]) -> NameMark:
    """An author's name as pandoc read it, less the mark written into it: a superscript
    (`^†^`, or HTML's `<sup> &dagger; </sup>`) after a name marks a note or an affiliation,
    and is not the name (a citation would print `†S. B. T.`). Other HTML tags are dropped, as
    the name's plain text drops them."""
    name: list[object] = []
    mark: list[object] = []
    written: list[object] = []  # the raw tags as text
    notes: list[str] = []
    depth = 0
    for el in inlines:
        content = el.get("c") if isinstance(el, dict) else None
        if isinstance(el, dict) and el.get("t") == "Note" and isinstance(content, list):
            notes.append(" ".join(blocks_to_text(content).split()))
            continue
        if isinstance(el, dict) and el.get("t") == "RawInline" and isinstance(content, list):
            tag = str(content[1]).strip() if content[0] == "html" else ""
            written.append({"t": "Str", "c": tag})
            depth += 1 if _SUP_OPEN.fullmatch(tag) else -1 if _SUP_CLOSE.fullmatch(tag) else 0
            depth = max(depth, 0)
            continue
        if isinstance(el, dict) and el.get("t") == "Superscript":
            mark.append(el)
        else:
            (mark if depth else name).append(el)
        written.append(el)
    return NameMark(
        " ".join(inlines_to_text(written).split()),
        " ".join(inlines_to_text(name).split()),
        "".join(inlines_to_text(mark).split()),
        "; ".join(n for n in notes if n),
    )


def without_name_marks(
    meta: Mapping[str, MetaValue],
) -> tuple[dict[str, MetaValue], list[NameMark]]:
    """pandoc's metadata with each author's name (`name:`, or the author as a string) freed
    of a mark written into it, and each name with a mark."""
    out: dict[str, MetaValue] = dict(meta)
    found: list[NameMark] = []

    def cleared(value: MetaValue) -> MetaValue:
        inlines = value.get("c")
        if value.get("t") != "MetaInlines" or not isinstance(inlines, list):
            return value
        split = split_mark(inlines)
        if not split.mark and not split.note:
            return value
        found.append(split)
        return {"t": "MetaString", "c": split.name}

    def author(item: MetaValue) -> MetaValue:
        fields = item.get("c")
        if item.get("t") != "MetaMap" or not isinstance(fields, dict):
            return cleared(item)  # the author as a string
        name = fields.get("name")
        return {"t": "MetaMap", "c": {**fields, "name": cleared(name)}} if name else item

    for key in AUTHOR_KEYS:
        value = meta.get(key)
        items = value.get("c") if value is not None and value.get("t") == "MetaList" else [value]
        if (
            value is None
            or not isinstance(items, list)
            or not all(isinstance(i, dict) for i in items)
        ):
            continue
        new = [author(item) for item in items]
        out[key] = {"t": "MetaList", "c": new} if value.get("t") == "MetaList" else new[0]
    return out, found


def read_authors(
    value: object,
    known_ids: set[str],
    finder: Finder,
    errors: list[ConfigError],
    left_out: list[Diagnostic],
    marks: Sequence[NameMark] = (),
) -> tuple[Author, ...]:
    """The authors; each problem is added to `errors` (the author is kept without the bad
    value, so that the others' problems are found too).

    An ORCID iD or e-mail address known to be wrong is left out and reported in `left_out`
    (R012) instead: without it the masthead is right, only shorter, and real papers carry
    such values (a template's placeholder iD, an iD pasted into the e-mail field), so
    stopping the build would refuse a paper that can be printed correctly.

    `marks`: the names `without_name_marks` took a mark out of, each said (R009) where its
    author is read."""
    if value is None:
        return ()
    by_name = {m.name: m for m in marks}
    items = value if isinstance(value, list) else [value]
    out: list[Author] = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, str):
            marked = by_name.get(item)
            if marked is not None:
                left_out.append(_mark_read(marked, finder))
            out.append(
                Author(
                    name=item,
                    affiliations=(),
                    mark=marked.mark if marked else "",
                    note=marked.note if marked else "",
                )
            )
            continue
        if not isinstance(item, dict) or not plain_text(item.get("name")):
            errors.append(
                ConfigError(
                    f"author {position} has no 'name'",
                    location=finder.locate("author:"),
                    hint="write each author as '- name: ...'",
                )
            )
            continue
        name = str(plain_text(item.get("name")))
        affs = item.get("affiliation", [])
        aff_ids = [str(a) for a in (affs if isinstance(affs, list) else [affs])]
        for aid in aff_ids:
            if aid not in known_ids:
                errors.append(
                    ConfigError(
                        f"author '{name}' has affiliation '{aid}', which is not an affiliation id",
                        location=finder.locate(aid),
                        hint="known affiliation ids: "
                        + (", ".join(sorted(known_ids)) or "none")
                        + " (the 'affiliation:' list)",
                    )
                )
        aff_ids = [a for a in aff_ids if a in known_ids]
        orcid = plain_text(item.get("orcid"))
        if orcid:
            m = ORCID.match(orcid)
            if not m or not orcid_checksum_ok(m[1]):
                left_out.append(
                    finding(
                        INVALID_VALUE_LEFT_OUT,
                        finder.locate(orcid) or _NOWHERE,
                        f"author '{name}' has ORCID '{orcid}', which is not a valid ORCID iD:"
                        " left out of the paper",
                        fix="correct it or remove it: an ORCID iD is 16 digits in groups of"
                        " four, the last a check digit (e.g. 0000-0002-1825-0097)",
                    )
                )
            orcid = m[1] if m and orcid_checksum_ok(m[1]) else None
        email = plain_text(item.get("email"))
        if email and not EMAIL.match(email):
            left_out.append(
                finding(
                    INVALID_VALUE_LEFT_OUT,
                    finder.locate(email) or _NOWHERE,
                    f"author '{name}' has e-mail '{email}', which is not an e-mail address:"
                    " left out of the paper",
                    fix="correct it (name@example.org) or remove it",
                )
            )
            email = None
        marked = by_name.get(name)
        if marked is not None:
            left_out.append(_mark_read(marked, finder))
        out.append(
            Author(
                name=name,
                affiliations=tuple(aff_ids),
                email=email,
                orcid=orcid,
                corresponding=bool(item.get("cor-id") or item.get("corresponding")),
                equal_contribution=item.get("equal-contrib") is True,
                mark=marked.mark if marked else "",
                note=marked.note if marked else "",
                split=_written_apart(item),
            )
        )
    left_out.extend(
        _kept_as_written(a.name, finder)
        for a in out
        if a.split is None and written_name(a.name) is WrittenName.AS_WRITTEN
    )
    return tuple(out)


def _written_apart(item: Mapping[str, object]) -> tuple[str, str] | None:
    """(given, family) where render/shapes.py found the name written in its parts."""
    family = plain_text(item.get("family"))
    if not family:
        return None
    return str(plain_text(item.get("given")) or ""), str(family)


def _kept_as_written(name: str, finder: Finder) -> Diagnostic:
    """R009: a name not written as a person's, given names first, is printed whole (a guess:
    bib/names.written_name)."""
    return finding(
        READ_AS,
        finder.locate(name) or _NOWHERE,
        f"author '{name}' is printed as written: it is not written as given names, then the"
        " family name, so the citation and the metadata do not split it",
        fix="write a person's name given names first ('Paul F. Lang') or as 'Lang, Paul F.',"
        " or keep it as it is",
    )


def _mark_read(marked: NameMark, finder: Finder) -> Diagnostic:
    """R009: a mark in an author's name is read as a note's mark, not as the name; a footnote
    in it as the author's note."""
    if marked.note and not marked.mark:
        return finding(
            READ_AS,
            finder.locate(marked.name) or _NOWHERE,
            f"author '{marked.name}' has the footnote '{marked.note}' in the name: the byline"
            " marks the name, and the note is printed with the affiliations' notes",
            fix="keep it, or say it with the author's keys (corresponding: true, email:)",
        )
    return finding(
        READ_AS,
        finder.locate(marked.name) or _NOWHERE,
        f"author '{marked.written}' is read as '{marked.name}' with the mark '{marked.mark}':"
        " the byline prints the mark after the name, the citation and the metadata the name alone",
        fix="write the name alone and the note it marks where the paper prints it (the"
        " acknowledgements), or keep it as it is",
    )


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2, as ORCID computes its last character."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))
