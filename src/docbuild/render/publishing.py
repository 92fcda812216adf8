"""The production desk's front matter: ISSN, licence, history dates, funding, ROR ids. Pure.

Read from the same plain metadata as the rest of the front matter (frontmatter.py calls
`read_publishing`); JATS and the Crossref deposit are its consumers.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from docbuild.diagnostics import Location
from docbuild.errors import ConfigError
from docbuild.render.dates import read_date

ISSN = re.compile(r"^(\d{4})-?(\d{3}[\dX])$", re.I)
# A ROR id: 0, six Crockford base-32 characters, two check digits (ISO 7064 MOD 97-10).
ROR = re.compile(r"^(?:https?://ror\.org/)?(0[0-9a-hjkmnp-tv-z]{6}\d{2})$", re.I)
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
# Crossref's Funder Registry ids are DOIs under this prefix.
FUNDER_ID = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/)?(10\.13039/\d+)$", re.I)
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
HISTORY_FIELDS = ("received", "accepted", "published")
ISSN_FIELDS = (("issn", None), ("pissn", "print"), ("eissn", "electronic"))
URL = re.compile(r"^https?://\S+$")

# SPDX names of the licences journals use, and where each one is published.
LICENSES: dict[str, str] = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "CC-BY-3.0": "https://creativecommons.org/licenses/by/3.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Locator(Protocol):
    """Where a value is written (frontmatter's finder): the location for an error."""

    def locate(self, needle: str) -> Location | None: ...


@dataclass(frozen=True, slots=True)
class Issn:
    value: str  # 1234-567X, upper-case check character
    media: str | None  # "print", "electronic", or None where the front matter did not say


@dataclass(frozen=True, slots=True)
class License:
    url: str  # the licence's address (known for an SPDX name)
    spdx: str | None = None  # "CC-BY-4.0"
    text: str | None = None  # a sentence to print, if given


@dataclass(frozen=True, slots=True)
class Day:
    year: int
    month: int
    day: int

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Funding:
    funder: str  # the funder's name as printed
    ror: str | None = None  # bare ROR id, e.g. 02mhbdp94
    funder_id: str | None = None  # Crossref Funder ID, 10.13039/...
    awards: tuple[str, ...] = ()  # award or grant numbers


@dataclass(frozen=True, slots=True)
class Publishing:
    issns: tuple[Issn, ...] = ()
    publisher: str | None = None  # journal.publisher-name (Crossref's registrant)
    journal_id: str | None = None  # journal.publisher-id
    journal_url: str | None = None  # journal.url
    depositor_name: str | None = None  # journal.depositor.name
    depositor_email: str | None = None  # journal.depositor.email
    article_url: str | None = None  # article.url: the landing page a DOI resolves to
    article_type: str = "research-article"  # article.type (JATS article-type)
    license: License | None = None
    received: Day | None = None
    accepted: Day | None = None
    published: Day | None = None  # the article's own publication date (online)
    funding: tuple[Funding, ...] = ()
    affiliation_rors: tuple[tuple[str, str], ...] = ()  # (affiliation id, bare ROR id)


def issn_checksum_ok(issn: str) -> bool:
    """ISO 3297: weights 8..2 over the first seven digits, the eighth is mod 11 (X is 10)."""
    digits = issn.replace("-", "").upper()
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def ror_checksum_ok(ror: str) -> bool:
    """The last two digits are 98 - (n * 100 mod 97), n the first seven characters in base 32."""
    number = 0
    for ch in ror[:7].lower():
        number = number * 32 + CROCKFORD.index(ch)
    return 98 - (number * 100) % 97 == int(ror[7:])


def read_publishing(data: Mapping[str, object], finder: Locator) -> Publishing:
    """The production fields of the plain front matter; ConfigError naming field and line."""
    journal = _map(data.get("journal"))
    article = _map(data.get("article"))
    depositor = _map(journal.get("depositor"))
    return Publishing(
        issns=_issns(journal, finder),
        publisher=_text(journal.get("publisher-name")),
        journal_id=_text(journal.get("publisher-id")),
        journal_url=_url(journal.get("url"), "journal.url", finder),
        depositor_name=_text(depositor.get("name")),
        depositor_email=_text(depositor.get("email")),
        article_url=_url(article.get("url"), "article.url", finder),
        article_type=_text(article.get("type")) or "research-article",
        license=_license(data.get("license"), finder),
        received=_day(data.get("received"), "received", finder),
        accepted=_day(data.get("accepted"), "accepted", finder),
        published=_day(data.get("published"), "published", finder),
        funding=_funding(data.get("funding"), finder),
        affiliation_rors=_affiliation_rors(data.get("affiliation"), finder),
    )


def _map(value: object) -> Mapping[str, object]:
    # frontmatter.py already refused a `journal` or `article` that is not a map.
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str | None:
    if value is None or isinstance(value, Mapping | list):
        return None
    return str(value).strip() or None


def _url(value: object, field: str, finder: Locator) -> str | None:
    text = _text(value)
    if text is None:
        return None
    if not URL.match(text):
        raise ConfigError(
            f"'{field}' is '{text}', which is not an http(s) address",
            location=finder.locate(text),
            hint="write the whole address, e.g. https://journal.example.org/",
        )
    return text


def _issns(journal: Mapping[str, object], finder: Locator) -> tuple[Issn, ...]:
    out: list[Issn] = []
    for key, media in ISSN_FIELDS:
        text = _text(journal.get(key))
        if text is None:
            continue
        m = ISSN.match(text)
        if not m or not issn_checksum_ok(m[1] + m[2]):
            raise ConfigError(
                f"'journal.{key}' is '{text}', which is not a valid ISSN",
                location=finder.locate(text),
                hint="an ISSN is eight characters, 1234-567X, the last a check digit;"
                " copy it from the ISSN portal or the journal's masthead",
            )
        out.append(Issn(f"{m[1]}-{m[2].upper()}", media))
    return tuple(out)


def _license(value: object, finder: Locator) -> License | None:
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):
        spdx = _text(value.get("spdx")) or _text(value.get("type"))
        link = _text(value.get("link")) or _text(value.get("url"))
        text = _text(value.get("text"))
    else:
        raw = str(value).strip()
        spdx, link, text = (None, raw, None) if URL.match(raw) else (raw, None, None)
    if spdx is not None:
        # "CC BY-SA 4.0", as licences are often written, is CC-BY-SA-4.0.
        wanted = re.sub(r"[\s_]+", "-", spdx.strip()).lower()
        known = next((k for k in LICENSES if k.lower() == wanted), None)
        if known is None and link is None:
            raise ConfigError(
                f"'license' is '{spdx}', which is not an SPDX licence name docbuild knows",
                location=finder.locate(spdx),
                hint="use one of " + ", ".join(LICENSES) + ", or give the licence's address"
                " as 'license: {link: https://...}'",
            )
        spdx = known or spdx
        link = link or LICENSES[spdx]
    if link is None:
        raise ConfigError(
            "'license' has no 'link'",
            location=finder.locate("license:"),
            hint="write the licence's address as 'link: https://...' or an SPDX name"
            " such as CC-BY-4.0",
        )
    if not URL.match(link):
        raise ConfigError(
            f"'license.link' is '{link}', which is not an http(s) address",
            location=finder.locate(link),
            hint="write the licence's address, e.g. https://creativecommons.org/licenses/by/4.0/",
        )
    return License(url=link, spdx=spdx, text=text)


def _day(value: object, field: str, finder: Locator) -> Day | None:
    if isinstance(value, bool):  # Computo's `published: true`: a flag of its own, no date
        return None
    text = _text(value)
    if text is None:
        return None
    m = ISO_DAY.match(text)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        try:
            datetime.date(year, month, day)
        except ValueError:
            pass
        else:
            return Day(year, month, day)
    # A day written out ("Dec, 2, 2016", ReScience's; "29 January 2021"), read one way only.
    reading = read_date(text)
    if reading is not None and reading.day is not None and reading.month and not reading.note:
        return Day(reading.year, reading.month, reading.day)
    raise ConfigError(
        f"'{field}' is '{text}', which is not a date written YYYY-MM-DD",
        location=finder.locate(f"{field}:"),
        hint=f"write the day in full, e.g. {field}: 2023-06-30",
    )


def _funding(value: object, finder: Locator) -> tuple[Funding, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[Funding] = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"funder": item}
        funder = None
        if isinstance(item, Mapping):
            funder = _text(item.get("funder")) or _text(item.get("name"))
        if not isinstance(item, Mapping) or funder is None:
            raise ConfigError(
                f"funding {n} has no 'funder'",
                location=finder.locate("funding:"),
                hint="write each source of funding as '- funder: <name>', with 'award:'"
                " and 'ror:' or 'funder-id:' where known",
            )
        ror = _ror(item.get("ror"), f"funding {n} ('{funder}')", finder)
        funder_id = _text(item.get("funder-id"))
        if funder_id is not None:
            m = FUNDER_ID.match(funder_id)
            if not m:
                raise ConfigError(
                    f"funding {n} ('{funder}') has funder-id '{funder_id}', which is not a"
                    " Crossref Funder ID",
                    location=finder.locate(funder_id),
                    hint="a Funder ID is a DOI under 10.13039, e.g. 10.13039/501100000780;"
                    " or give the funder's ROR id as 'ror:'",
                )
            funder_id = m[1]
        awards = item.get("award", [])
        award_list = awards if isinstance(awards, list) else [awards]
        out.append(
            Funding(
                funder=funder,
                ror=ror,
                funder_id=funder_id,
                awards=tuple(str(a).strip() for a in award_list if str(a).strip()),
            )
        )
    return tuple(out)


def _ror(value: object, owner: str, finder: Locator) -> str | None:
    text = _text(value)
    if text is None:
        return None
    m = ROR.match(text)
    if not m or not ror_checksum_ok(m[1]):
        raise ConfigError(
            f"{owner} has ROR id '{text}', which is not a valid ROR id",
            location=finder.locate(text),
            hint="a ROR id is 0, six letters or digits and two check digits"
            " (e.g. https://ror.org/02mhbdp94); copy it from ror.org",
        )
    return m[1].lower()


def _affiliation_rors(value: object, finder: Locator) -> tuple[tuple[str, str], ...]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    out: list[tuple[str, str]] = []
    for item in items:
        if not isinstance(item, Mapping):
            continue  # frontmatter.py reports an affiliation without an id
        aid = _text(item.get("id"))
        ror = _ror(item.get("ror"), f"affiliation '{aid}'", finder)
        if aid and ror:
            out.append((aid, ror))
    return tuple(out)


def day_from_parts(year: int | None, month: int | None, day: int | None) -> Day | None:
    """A whole day from the issue date where it has one (the `date` of the front matter)."""
    if year is None or month is None or day is None:
        return None
    return Day(year, month, day)
