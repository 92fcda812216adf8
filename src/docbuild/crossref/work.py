"""A Crossref work reduced to what docbuild compares and keeps in the lock; pure conversions."""

from __future__ import annotations

import enum
import html
import re
from dataclasses import dataclass

Json = dict[str, object]

# Crossref spells update types both ways ("expression_of_concern", "expression-of-concern").
RETRACTION_TYPES = frozenset({"retraction", "partial_retraction", "withdrawal", "removal"})
CONCERN_TYPES = frozenset({"expression_of_concern"})
# Of the many `relation` types, the ones that say the work was changed after publication.
RELATION_WORDS = ("retract", "concern", "correct", "replace", "withdraw", "update")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class Notice(enum.Enum):
    """What a change notice means for a citing paper."""

    RETRACTED = "retracted"
    CONCERN = "expression of concern"
    IS_NOTICE = "is a notice"  # the cited DOI is itself the retraction or concern notice


@dataclass(frozen=True, slots=True)
class Author:
    family: str  # an organisation's name when the author is not a person
    given: str = ""


@dataclass(frozen=True, slots=True)
class Update:
    """A link to or from a change notice (Crossmark `updated-by` / `update-to`, or `relation`)."""

    relation: str  # "updated-by", "update-to", or a relation type such as "is-retracted-by"
    type: str  # "retraction", "expression_of_concern", "correction", ... (underscores)
    doi: str  # the other side: the notice for `updated-by`, the changed work for `update-to`
    date: str = ""  # ISO, as precise as Crossref gives it
    source: str = ""  # "publisher", "retraction-watch", ...


@dataclass(frozen=True, slots=True)
class Work:
    doi: str
    title: str
    subtitle: str = ""
    authors: tuple[Author, ...] = ()
    container: str = ""
    issued: str = ""  # ISO date, as precise as Crossref gives it: "2019", "2019-09", "2019-09-30"
    online: str = ""  # published-online
    print: str = ""  # published-print
    type: str = ""  # "journal-article", "book-chapter", ... (Crossref's names, for every source)
    updates: tuple[Update, ...] = ()
    source: str = ""  # whose record: "datacite", "openalex", "arxiv"; "" for Crossref
    arxiv_id: str = ""  # "2101.11986", without version, where the record gives one

    @property
    def link(self) -> str:
        """Where a reader sees the record: its DOI, its arXiv page, else nothing."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def registry(self) -> str:
        """The registry's name as messages print it."""
        return {"datacite": "DataCite", "openalex": "OpenAlex", "arxiv": "arXiv"}.get(
            self.source, "Crossref"
        )

    @property
    def preprint(self) -> bool:
        """A preprint's record (`posted-content`: arXiv's without a journal reference, a
        preprint server's DOI): not the published version."""
        return self.type == "posted-content"

    @property
    def year(self) -> int | None:
        return year_of(self.issued)

    def years(self) -> tuple[int, ...]:
        """Every year the work could honestly be cited with: issued, online-first, print."""
        found = (year_of(d) for d in (self.issued, self.online, self.print))
        return tuple(sorted({y for y in found if y is not None}))

    def notice(self) -> tuple[Notice, Update] | None:
        """The most serious change notice on this work, if any."""
        for wanted, types in (
            (Notice.RETRACTED, RETRACTION_TYPES),
            (Notice.CONCERN, CONCERN_TYPES),
        ):
            for u in self.updates:
                if u.relation != "update-to" and (u.type in types or _relation_says(u, wanted)):
                    return wanted, u
        for u in self.updates:
            if u.relation == "update-to" and u.type in RETRACTION_TYPES | CONCERN_TYPES:
                return Notice.IS_NOTICE, u
        return None


def _relation_says(u: Update, wanted: Notice) -> bool:
    word = "retract" if wanted is Notice.RETRACTED else "concern"
    return u.relation.startswith("is-") and word in u.relation


def year_of(iso: str) -> int | None:
    return int(iso[:4]) if len(iso) >= 4 and iso[:4].isdigit() else None


def clean_text(text: str) -> str:
    """Crossref titles carry JATS/HTML tags and entities: `<i>E. coli</i> &amp; ...`."""
    return _SPACE.sub(" ", _TAG.sub("", html.unescape(text))).strip()


def work_from_json(message: Json) -> Work:
    """A Crossref `work` message (the `message` of `/works/{doi}`, or one search item)."""
    return Work(
        doi=_str(message.get("DOI")),
        title=clean_text(_first(message.get("title"))),
        subtitle=clean_text(_first(message.get("subtitle"))),
        authors=tuple(_authors(message.get("author"))),
        container=clean_text(_first(message.get("container-title"))),
        issued=_date(message.get("issued")),
        online=_date(message.get("published-online")),
        print=_date(message.get("published-print")),
        type=_str(message.get("type")),
        updates=tuple(_updates(message)),
    )


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _first(value: object) -> str:
    if isinstance(value, list) and value:
        return _str(value[0])
    return _str(value)


def _authors(value: object) -> list[Author]:
    out: list[Author] = []
    if not isinstance(value, list):
        return out
    for a in value:
        if not isinstance(a, dict):
            continue
        family = _str(a.get("family")) or _str(a.get("name"))
        if family:
            out.append(Author(family=family, given=_str(a.get("given"))))
    return out


def _date(value: object) -> str:
    """`{"date-parts": [[2019, 9, 30]]}` to "2019-09-30"; absent or `[[null]]` to ""."""
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return ""
    nums = [p for p in parts[0] if isinstance(p, int)]
    if not nums:
        return ""
    return "-".join([f"{nums[0]:04d}", *(f"{n:02d}" for n in nums[1:3])])


def _update_type(value: object) -> str:
    return _str(value).lower().replace("-", "_").replace(" ", "_")


def _updates(message: Json) -> list[Update]:
    out: list[Update] = []
    for relation in ("updated-by", "update-to"):
        items = message.get(relation)
        if not isinstance(items, list):
            continue
        for u in items:
            if isinstance(u, dict) and _str(u.get("DOI")):
                out.append(
                    Update(
                        relation=relation,
                        type=_update_type(u.get("type")),
                        doi=_str(u.get("DOI")),
                        date=_date(u.get("updated")),
                        source=_str(u.get("source")),
                    )
                )
    relations = message.get("relation")
    if isinstance(relations, dict):
        for name in sorted(relations):
            if not any(w in name for w in RELATION_WORDS):
                continue
            items = relations[name]
            for r in items if isinstance(items, list) else []:
                if isinstance(r, dict) and _str(r.get("id")):
                    out.append(Update(relation=name, type="", doi=_str(r.get("id"))))
    return out


def work_to_dict(work: Work) -> Json:
    """The lock's JSON for a work: every field, always, so diffs line up."""
    return {
        "doi": work.doi,
        "title": work.title,
        "subtitle": work.subtitle,
        "authors": [{"family": a.family, "given": a.given} for a in work.authors],
        "container": work.container,
        "issued": work.issued,
        "online": work.online,
        "print": work.print,
        "type": work.type,
        "updates": [
            {
                "relation": u.relation,
                "type": u.type,
                "doi": u.doi,
                "date": u.date,
                "source": u.source,
            }
            for u in work.updates
        ],
        "source": work.source,
        "arxiv_id": work.arxiv_id,
    }


def work_from_dict(data: Json) -> Work:
    """The inverse of `work_to_dict`; raises ValueError/TypeError/KeyError on a damaged lock."""
    authors = data.get("authors", [])
    updates = data.get("updates", [])
    if not isinstance(authors, list) or not isinstance(updates, list):
        raise TypeError("'authors' and 'updates' must be lists")
    return Work(
        doi=str(data["doi"]),
        title=str(data.get("title", "")),
        subtitle=str(data.get("subtitle", "")),
        authors=tuple(Author(str(a["family"]), str(a.get("given", ""))) for a in authors),
        container=str(data.get("container", "")),
        issued=str(data.get("issued", "")),
        online=str(data.get("online", "")),
        print=str(data.get("print", "")),
        type=str(data.get("type", "")),
        updates=tuple(
            Update(
                relation=str(u["relation"]),
                type=str(u.get("type", "")),
                doi=str(u["doi"]),
                date=str(u.get("date", "")),
                source=str(u.get("source", "")),
            )
            for u in updates
        ),
        source=str(data.get("source", "")),
        arxiv_id=str(data.get("arxiv_id", "")),
    )
