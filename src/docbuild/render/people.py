"""Authors and affiliations in the front matter: read and validated (ORCID iDs, e-mail
addresses, affiliation ids)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docbuild.diagnostics import Diagnostic, Location
from docbuild.errors import ConfigError
from docbuild.render.findings import INVALID_VALUE_LEFT_OUT, finding
from docbuild.render.meta import plain_text
from docbuild.render.places import Finder

ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NOWHERE = Location(Path("."), 0)  # a value the finder cannot place (not in any file)
AFFILIATION_MARKS = ("*", "†", "‡", "§", "¶", "‖")


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


def read_affiliations(
    value: object, finder: Finder, errors: list[ConfigError]
) -> tuple[Affiliation, ...]:
    """The affiliations; each problem is added to `errors` and its affiliation left out."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
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
        mark = AFFILIATION_MARKS[n] if n < len(AFFILIATION_MARKS) else str(n + 1)
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


def read_authors(
    value: object,
    known_ids: set[str],
    finder: Finder,
    errors: list[ConfigError],
    left_out: list[Diagnostic],
) -> tuple[Author, ...]:
    """The authors; each problem is added to `errors` (the author is kept without the bad
    value, so that the others' problems are found too).

    An ORCID iD or e-mail address known to be wrong is left out and reported in `left_out`
    (R012) instead: without it the masthead is right, only shorter, and real papers carry
    such values (a template's placeholder iD, an iD pasted into the e-mail field), so
    stopping the build would refuse a paper that can be printed correctly."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[Author] = []
    for item in items:
        if isinstance(item, str):
            out.append(Author(name=item, affiliations=()))
            continue
        if not isinstance(item, dict) or not plain_text(item.get("name")):
            errors.append(
                ConfigError(
                    f"author {len(out) + 1} has no 'name'",
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
        out.append(
            Author(
                name=name,
                affiliations=tuple(aff_ids),
                email=email,
                orcid=orcid,
                corresponding=bool(item.get("cor-id") or item.get("corresponding")),
            )
        )
    return tuple(out)


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2, as ORCID computes its last character."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))
