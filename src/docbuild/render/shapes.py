"""Front matter as authors write it, in one shape: docbuild's (pandoc's JATS vocabulary). Pure.

JOSS (`authors`, `affiliations` with `index`), Quarto (`author[].affiliations`, `ref`,
`attributes.corresponding`), pandoc-scholar (`- Jane Doe: {institute: ...}`, `institute`),
ReScience (`Title`, `Author`, `Address`, `Publication`), rticles' Elsevier (`address` with
`code`) and plain-text affiliations all become
`author: [{name, affiliation: [ids], email, orcid, corresponding}]` and
`affiliation: [{id, organization, ...}]`. Every key left unread is named in a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from docbuild.render.meta import plain_text

# Top-level keys docbuild reads (frontmatter.py, publishing.py) or passes to citeproc.
USED_KEYS = frozenset(
    {
        "title",
        "subtitle",
        "author",
        "affiliation",
        "journal",
        "article",
        "date",
        "keywords",
        "abstract",
        "lang",
        "license",
        "received",
        "accepted",
        "published",
        "funding",
        "nocite",
        "link-citations",
        "link-bibliography",
        "suppress-bibliography",
        "reference-section-title",
        "notes-after-punctuation",
        "dir",
        "include-in-header",  # Quarto's: the macros of the LaTeX files it names (jobs/parse)
    }
)
# Other tools' settings: how Quarto, R Markdown, Jupyter, LaTeX or an editor render or run the
# paper, never its text; the style sets the page (`format`, `toc`, `number-sections`), and
# docbuild runs no code (`execute`, `knitr`, `params`). Left unread, they lose nothing: one
# info finding names them all, where a key that may hold text (`authornote`) is a warning.
TOOL_SETTINGS = frozenset(
    {
        *("format", "project", "manuscript", "execute", "params", "knitr", "jupyter", "engine"),
        *("prefer-html", "draft", "keep-md", "keep-tex", "keep-ipynb", "freeze", "cache"),
        *("sidebar", "pagetitle", "description-meta", "image", "categories", "search"),
        *("toc", "toc-depth", "toc-location", "toc-title", "number-sections", "number-depth"),
        *("lightbox", "filters", "date-format"),  # Quarto's Lua filters; how it writes a date
        *("documentclass", "classoption", "geometry", "papersize", "fontsize", "linestretch"),
        *("mainfont", "sansfont", "monofont", "mathfont", "fontfamily", "highlight-style"),
        *("colorlinks", "linkcolor", "urlcolor", "citecolor", "filecolor", "code-fold"),
        *("code-tools", "fig-width", "fig-height", "fig-dpi", "fig-cap-location"),
        *("tbl-cap-location", "title-block-banner", "appendix-style", "google-scholar"),
        *("editor", "editor_options", "output", "always_allow_html", "vignette"),
        *("SPDX-FileCopyrightText", "SPDX-License-Identifier", "word-count"),
    }
)
# Another tool's name for a key docbuild reads, when docbuild's own is absent.
ALIASES = (
    ("authors", "author"),  # JOSS, Manubot
    ("affiliations", "affiliation"),  # JOSS, Quarto
    ("institute", "affiliation"),  # pandoc-scholar
    ("Address", "affiliation"),  # ReScience
    ("Title", "title"),
    ("Author", "author"),
    ("Keywords", "keywords"),
    ("Abstract", "abstract"),
    ("tags", "keywords"),  # JOSS's keywords
)
AUTHOR_KEYS = frozenset(
    {
        "name",
        "affiliation",
        "affiliations",
        "institute",
        "email",
        "orcid",
        "corresponding",
        "cor-id",
        "correspondence",
        "attributes",
        "given-names",
        "surname",
        "givennames",  # the manuscript-typesetter's metadata.json (PoisotLab's template)
        "familyname",
        "status",
        "equal-contrib",  # JOSS's
        "given",
        "family",
        "literal",
    }
)
# An affiliation written on the author itself (pandoc templates): its organization, department.
IN_PLACE = ("institution", "department")
# The parts of an affiliation docbuild prints (people.ADDRESS_PARTS), by each tool's name.
AFFILIATION_PARTS = (
    ("organization", ("organization", "name", "institution", "address")),  # papaja: institution
    ("department", ("department",)),
    ("street-address", ("street-address",)),
    ("city", ("city",)),
    ("region", ("region", "state")),
    ("country", ("country",)),
    ("ror", ("ror",)),
)
IDS = ("id", "index", "code")
AFFILIATION_KEYS = frozenset({*IDS, "ref", *(k for _, keys in AFFILIATION_PARTS for k in keys)})
UNUSED = "_unused"  # an affiliation's keys left unread, until to_canonical names them
TRUE = ("true", "yes", "1")
# JOSS's `affiliation: "1, 2"`; an id may be a mark (`index: "*"` for "equal contribution").
_ID = r"(?:[\w-]+|[*†‡§¶])"
LIST_OF_IDS = re.compile(rf"^\s*{_ID}(?:\s*,\s*{_ID})+\s*$")


@dataclass(frozen=True, slots=True)
class Note:
    """Something the reading left out or guessed, found in the files by `needle`."""

    needle: str  # the text to locate (`tags:`)
    message: str
    fix: str | None = None
    guess: bool = False  # a value read one way of several (info), not one left unread
    settings: bool = False  # other tools' settings, which change nothing printed (info)


def to_canonical(data: Mapping[str, object]) -> tuple[dict[str, object], list[Note]]:
    """`data` (pandoc's metadata as plain values) in docbuild's shape, and the notes."""
    out = dict(data)
    notes: list[Note] = []
    read: set[str] = set()
    for alias, key in ALIASES:
        if alias in data and key not in out:
            out[key] = data[alias]
            read.add(alias)
    address = data.get("address")
    if (
        "affiliation" not in out
        and isinstance(address, list)
        and address
        and all(isinstance(a, dict) and "code" in a for a in address)
    ):
        # rticles' elsevier_article (and plos_article): `address: [{code: a, address: ...}]`,
        # the list the authors' `affiliation: a` names
        out["affiliation"] = address
        read.add("address")
    publication = data.get("Publication")
    if isinstance(publication, dict):
        read.add("Publication")
        out.setdefault("date", publication.get("date"))
        for key in ("received", "accepted", "published"):  # the article's history
            if publication.get(key):
                out.setdefault(key, publication[key])
        article = {k: publication[k] for k in ("volume", "issue") if publication.get(k)}
        if article and "article" not in data:
            out["article"] = article
    journal = plain_text(data["journal"]) if isinstance(data.get("journal"), str) else None
    if journal:
        # rticles' (`journal: JOSE`) and many pandoc templates' shape: the journal's name.
        out["journal"] = {"title": journal}
        notes.append(
            Note(
                "journal:",
                f"'journal' is '{journal}': read as the journal's title",
                fix=f"write 'journal: {{title: {journal}}}' to say so",
                guess=True,
            )
        )
    affiliations = _affiliations(out.get("affiliation"))
    authors = _authors(out.get("author"), affiliations, notes)
    contact = data.get("Contact")
    if isinstance(contact, list) and contact and authors and "email" not in authors[0]:
        read.add("Contact")
        authors[0] = {**authors[0], "email": str(contact[0]), "corresponding": True}
        notes.append(
            Note(
                "Contact:",
                f"'Contact' {contact[0]} is read as the e-mail address of "
                f"the first author, '{authors[0]['name']}'",
                fix="give the corresponding author an 'email:' to say whose address it is",
                guess=True,
            )
        )
    if authors:
        out["author"] = authors
    notes += _unused_affiliation_keys(affiliations)
    if affiliations:
        out["affiliation"] = affiliations
    unread = [key for key in data if key not in USED_KEYS and key not in read]
    tools = [key for key in unread if key in TOOL_SETTINGS]
    for key in unread:
        if key not in TOOL_SETTINGS:
            notes.append(
                Note(
                    f"{key}:",
                    f"front-matter key '{key}' is not used by docbuild",
                    fix=f"leave '{key}:' for the tools that read it, or remove it",
                )
            )
    if tools:
        named = ", ".join(f"'{k}'" for k in tools)
        notes.append(
            Note(
                f"{tools[0]}:",
                f"front-matter {'keys' if len(tools) > 1 else 'key'} {named} "
                f"{'set' if len(tools) > 1 else 'sets'} how other tools render or run the "
                "paper: docbuild's style sets the page and runs no code",
                fix="nothing to do: they stay for the tools that read them",
                settings=True,
            )
        )
    return out, notes


def _affiliations(value: object) -> list[dict[str, object]]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    out: list[dict[str, object]] = []
    for item in items:
        _define(item, out)
    return out


def _define(item: object, known: list[dict[str, object]]) -> str | None:
    """Add the affiliation `item` describes to `known` (unless there); its id."""
    if isinstance(item, dict) and len(item) == 1 and not (set(item) & {*IDS, "name", "ref"}):
        # pandoc-scholar: `- fosg: {name: ...}` or `- fop: Federation of Planets`.
        ((aid, body),) = item.items()
        item = {"id": aid, **(body if isinstance(body, dict) else {"name": body})}
    if isinstance(item, dict):
        aid = next((plain_text(item[k]) for k in IDS if plain_text(item.get(k))), None)
        parts = {name: _first(item, keys) for name, keys in AFFILIATION_PARTS}
        if "address" in item and parts["organization"] != plain_text(item.get("address")):
            parts["street-address"] = plain_text(item.get("address"))
    else:
        aid, parts = None, {"organization": plain_text(item)}
    if not parts["organization"] and aid is None:
        return None
    written = {k: v for k, v in parts.items() if v}
    for existing in known:
        if (aid is not None and existing["id"] == aid) or (
            aid is None
            and {k: existing.get(k) for k, _ in AFFILIATION_PARTS if existing.get(k)} == written
        ):
            return str(existing["id"])
    new_id = aid or _fresh_id(known)
    unused = tuple(k for k in item if k not in AFFILIATION_KEYS) if isinstance(item, dict) else ()
    known.append({"id": new_id, **written, UNUSED: unused})
    return new_id


def _unused_affiliation_keys(affiliations: list[dict[str, object]]) -> list[Note]:
    by_key: dict[str, list[str]] = {}
    for affiliation in affiliations:
        keys = affiliation.pop(UNUSED, ())
        for key in keys if isinstance(keys, tuple) else ():
            by_key.setdefault(key, []).append(str(affiliation.get("organization", "")))
    return [
        Note(
            f"{key}:",
            f"affiliation key '{key}' (of {', '.join(repr(o) for o in orgs)}) is not used by "
            "docbuild",
            fix=f"leave '{key}:' for the tools that read it, or remove it",
        )
        for key, orgs in by_key.items()
    ]


def _first(item: Mapping[str, object], keys: tuple[str, ...]) -> str | None:
    return next((plain_text(item[k]) for k in keys if plain_text(item.get(k))), None)


def _fresh_id(known: list[dict[str, object]]) -> str:
    taken = {str(a["id"]) for a in known}
    n = len(known) + 1
    while f"aff{n}" in taken:
        n += 1
    return f"aff{n}"


def _authors(
    value: object, affiliations: list[dict[str, object]], notes: list[Note]
) -> list[dict[str, object]]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    out: list[dict[str, object]] = []
    unused: dict[str, list[str]] = {}
    for item in items:
        fields: dict[str, object]
        if isinstance(item, dict) and len(item) == 1 and next(iter(item)) not in AUTHOR_KEYS:
            ((name, body),) = item.items()  # pandoc-scholar: `- Jane Doe: {institute: ...}`
            fields = {"name": name, **(body if isinstance(body, dict) else {})}
        elif isinstance(item, dict):
            fields = dict(item)
        else:
            out.append({"name": plain_text(item) or ""})
            continue
        whole, split = _name(fields)
        author: dict[str, object] = {"name": whole}
        if split is not None:
            author["given"], author["family"] = split
        refs = [fields.get(k) for k in ("affiliation", "affiliations", "institute")]
        ids = [i for ref in refs for i in _refs(ref, affiliations)]
        read = set(AUTHOR_KEYS)
        if not ids and any(plain_text(fields.get(k)) for k in IN_PLACE):
            # Pandoc templates' `institution:` and `department:` on the author: read only
            # where no affiliation is given, else they are left unread and named.
            inline = {"name": fields.get("institution"), "department": fields.get("department")}
            ids = [i for i in [_define(inline, affiliations)] if i is not None]
            read.update(IN_PLACE)
        if ids:
            author["affiliation"] = ids
        for key in ("email", "orcid"):
            if plain_text(fields.get(key)):
                author[key] = plain_text(fields.get(key))
        attributes = fields.get("attributes")
        status = fields.get("status")  # the typesetter's `status: [corresponding, equal]`
        flags = [
            fields.get("corresponding"),
            fields.get("correspondence"),
            attributes.get("corresponding") if isinstance(attributes, dict) else None,
            "corresponding" in status if isinstance(status, list) else None,
        ]
        # JATS's cor-id names the correspondence note: any value marks the author.
        author["corresponding"] = bool(plain_text(fields.get("cor-id"))) or any(
            f is True or str(f).lower() in TRUE for f in flags if f
        )
        equal = fields.get("equal-contrib")
        if (
            equal is True
            or str(equal).lower() in TRUE
            or (isinstance(status, list) and "equal" in status)
        ):
            author["equal-contrib"] = True
        out.append(author)
        for key in fields:
            if key not in read:
                unused.setdefault(key, []).append(str(author["name"]))
    for key, names in unused.items():
        who = ", ".join(f"'{n}'" for n in names)
        notes.append(
            Note(
                f"{key}:",
                f"author key '{key}' (of {who}) is not used by docbuild",
                fix=f"leave '{key}:' for the tools that read it, or remove it",
            )
        )
    return out


def _name(fields: Mapping[str, object]) -> tuple[str, tuple[str, str] | None]:
    """The author's name as printed, and (given, family) where the author wrote them apart
    (Quarto's `name: {given, family}`, JOSS's `given-names` and `surname`): the citation and
    the metadata then keep that split (`surname: Ortega y Gasset`) instead of guessing one from
    the whole name."""
    name = fields.get("name")
    if isinstance(name, dict):
        fields = name  # Quarto: name: {given: ..., family: ..., literal: ...}
    elif plain_text(name):
        return str(plain_text(name)), None
    if plain_text(fields.get("literal")):
        return str(plain_text(fields.get("literal"))), None
    given = str(_first(fields, ("given-names", "givennames", "given")) or "")
    family = str(_first(fields, ("surname", "familyname", "family")) or "")
    return " ".join(p for p in (given, family) if p), ((given, family) if family else None)


def _refs(value: object, affiliations: list[dict[str, object]]) -> list[str]:
    """The ids an author's `affiliation` names, defining those written out in place."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    ids: list[str] = []
    known = {str(a["id"]) for a in affiliations}
    for item in items:
        if isinstance(item, dict) and "ref" in item:
            ids.append(str(plain_text(item["ref"])))
            continue
        text = plain_text(item) if not isinstance(item, dict) else None
        if text is not None and LIST_OF_IDS.match(text):
            ids.extend(t.strip() for t in text.split(","))  # JOSS: affiliation: "1, 2"
        elif text is not None and (text in known or not _looks_like_text(text)):
            ids.append(text)
        else:
            aid = _define(item, affiliations)  # a plain-text or inline affiliation
            if aid is not None:
                ids.append(aid)
    return ids


def _looks_like_text(value: str) -> bool:
    # "Curvenote", "Lewis and Clark College": a name, not an id such as "1", "a2" or "gsu".
    return " " in value or value[:1].isupper()
