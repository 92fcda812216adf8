"""A Crossref deposit (schema 5.3.1, `doi_batch`) for one article or a whole issue. Pure.

Not to be confused with `docbuild.crossref`, which *reads* Crossref's REST API to check
references: this module *writes* the XML a journal sends Crossref to register its DOIs.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from docbuild.bib.names import WrittenName, written_name
from docbuild.diagnostics import Location
from docbuild.errors import ConfigError
from docbuild.render.frontmatter import FrontMatter

SCHEMA_VERSION = "5.3.1"
NAMESPACE = f"http://www.crossref.org/schema/{SCHEMA_VERSION}"
SCHEMA_LOCATION = f"{NAMESPACE} https://www.crossref.org/schemas/crossref{SCHEMA_VERSION}.xsd"
# Crossref writes a season as a month number: 21 spring, 22 summer, 23 autumn, 24 winter.
SEASON_MONTHS = {"Spring": 21, "Summer": 22, "Autumn": 23, "Fall": 23, "Winter": 24}
_LABEL = re.compile(r"^\s*\[\d+\]\s*")


@dataclass(frozen=True, slots=True)
class Citation:
    key: str  # the bibliography key (Crossref's citation key)
    doi: str | None  # where known
    text: str  # the reference as the style prints it, plain text


@dataclass(frozen=True, slots=True)
class Depositor:
    name: str
    email: str
    registrant: str  # the member who owns the DOIs (the publisher)


@dataclass(frozen=True, slots=True)
class DepositArticle:
    front: FrontMatter
    citations: tuple[Citation, ...] = ()
    where: Location | None = None  # the front matter, for error messages


def _el(tag: str, content: str = "", **attrs: str | None) -> str:
    attr = "".join(
        f" {k.rstrip('_').replace('__', ':')}={quoteattr(v)}"
        for k, v in attrs.items()
        if v is not None
    )
    return f"<{tag}{attr}>{content}</{tag}>"


def _t(text: str) -> str:
    return escape(text)


def timestamp(epoch: int) -> str:
    """Crossref's timestamp (yyyymmddhhmmss, UTC) from SOURCE_DATE_EPOCH: same inputs, same
    deposit."""
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch))


def batch_id(dois: Sequence[str], epoch: int) -> str:
    """A batch id that names the deposit and changes whenever its DOIs or its time do."""
    digest = hashlib.sha256("\n".join([*dois, str(epoch)]).encode("utf-8")).hexdigest()[:12]
    return f"docbuild-{timestamp(epoch)}-{digest}"


def unstructured(text: str) -> str:
    """A printed reference without the style's `[1]` label, white space collapsed."""
    return " ".join(_LABEL.sub("", text).split())


def depositor_for(front: FrontMatter, where: Location | None) -> Depositor:
    """The depositor named in the front matter (`journal.depositor`, `journal.publisher-name`)."""
    p = front.publishing
    for value, field in (
        (p.depositor_name, "journal.depositor.name"),
        (p.depositor_email, "journal.depositor.email"),
        (p.publisher, "journal.publisher-name"),
    ):
        if not value:
            raise _missing(field, where, "the Crossref deposit")
    assert p.depositor_name and p.depositor_email and p.publisher
    return Depositor(p.depositor_name, p.depositor_email, p.publisher)


def _missing(field: str, where: Location | None, what: str) -> ConfigError:
    return ConfigError(
        f"{what} needs '{field}', which the front matter does not give",
        location=where,
        hint=f"add '{field}' to the front matter (docs/front-matter.md lists the fields)",
    )


def _journal_metadata(front: FrontMatter, where: Location | None) -> str:
    if not front.journal_title:
        raise _missing("journal.title", where, "the Crossref deposit")
    out = _el("full_title", _t(front.journal_title))
    if front.journal_abbrev:
        out += _el("abbrev_title", _t(front.journal_abbrev))
    for issn in front.publishing.issns:
        out += _el("issn", issn.value, media_type=issn.media or "print")
    return _el("journal_metadata", out, language=front.lang[:2])


def _issue_date(front: FrontMatter) -> str:
    parts = ""
    if front.season:
        parts += _el("month", str(SEASON_MONTHS[front.season]))
    elif front.month:
        parts += _el("month", f"{front.month:02d}")
        if front.day:
            parts += _el("day", f"{front.day:02d}")
    parts += _el("year", str(front.year))
    return _el("publication_date", parts, media_type="print")


def _journal_issue(front: FrontMatter) -> str:
    out = _issue_date(front) if front.year is not None else ""
    if front.volume:
        out += _el("journal_volume", _el("volume", _t(front.volume)))
    if front.issue:
        out += _el("issue", _t(front.issue))
    return _el("journal_issue", out) if out else ""


def _contributors(front: FrontMatter) -> str:
    orgs = {a.id: a for a in front.affiliations}
    rors = dict(front.publishing.affiliation_rors)
    people = []
    for n, author in enumerate(front.authors):
        if written_name(author.name) is WrittenName.GROUP:
            person = _el(
                "organization",
                _t(author.name),
                sequence="first" if n == 0 else "additional",
                contributor_role="author",
            )
            people.append(person)
            continue
        name = author.csl_name()
        if "literal" in name:  # a person's name printed as written: Crossref's surname alone
            content = _el("surname", _t(author.name))
        else:
            content = _el("given_name", _t(name["given"])) + _el("surname", _t(name["family"]))
            content += _el("suffix", _t(name["suffix"])) if name.get("suffix") else ""
        institutions = ""
        for aid in author.affiliations:
            aff = orgs.get(aid)
            if aff is None:
                continue
            inst = _el("institution_name", _t(aff.organization)) if aff.organization else ""
            if aid in rors:
                inst += _el("institution_id", f"https://ror.org/{rors[aid]}", type="ror")
            if inst:
                institutions += _el("institution", inst)
        if institutions:
            content += _el("affiliations", institutions)
        if author.orcid:
            content += _el("ORCID", f"https://orcid.org/{author.orcid}", authenticated="false")
        people.append(
            _el(
                "person_name",
                content,
                sequence="first" if n == 0 else "additional",
                contributor_role="author",
            )
        )
    return _el("contributors", "".join(people)) if people else ""


def _abstract(front: FrontMatter) -> str:
    if not front.abstract:
        return ""
    paras = "".join(_el("jats:p", _t(p)) for p in front.abstract.split("\n\n") if p.strip())
    return _el("jats:abstract", paras)


def _article_date(front: FrontMatter, where: Location | None) -> str:
    published = front.publishing.published
    if published is not None:
        parts = (
            _el("month", f"{published.month:02d}")
            + _el("day", f"{published.day:02d}")
            + _el("year", str(published.year))
        )
        return _el("publication_date", parts, media_type="online")
    if front.year is None:
        raise _missing("published", where, "the Crossref deposit")
    return _issue_date(front)


def _funding(front: FrontMatter) -> str:
    groups = []
    for fund in front.publishing.funding:
        ident = ""
        if fund.funder_id:
            ident = _el(
                "fr:assertion", f"https://doi.org/{fund.funder_id}", name="funder_identifier"
            )
        elif fund.ror:
            ident = _el("fr:assertion", f"https://ror.org/{fund.ror}", name="ror")
        name = _el("fr:assertion", _t(fund.funder) + ident, name="funder_name")
        awards = "".join(_el("fr:assertion", _t(a), name="award_number") for a in fund.awards)
        groups.append(_el("fr:assertion", name + awards, name="fundgroup"))
    return _el("fr:program", "".join(groups), name="fundref") if groups else ""


def _license(front: FrontMatter) -> str:
    lic = front.publishing.license
    if lic is None:
        return ""
    return _el(
        "ai:program",
        _el("ai:license_ref", _t(lic.url), applies_to="vor"),
        name="AccessIndicators",
    )


def _citations(citations: Sequence[Citation]) -> str:
    items = []
    for n, c in enumerate(citations, start=1):
        content = _el("doi", _t(c.doi)) if c.doi else _el("unstructured_citation", _t(c.text))
        # A key must be unique in the article and not empty; the bibliography key is both.
        items.append(_el("citation", content, key=c.key or f"ref{n}"))
    return _el("citation_list", "".join(items)) if items else ""


def journal_article(article: DepositArticle) -> str:
    """One `journal_article`, its children in the schema's order."""
    front, where = article.front, article.where
    if not front.doi:
        raise _missing("article.doi", where, "the Crossref deposit")
    url = front.publishing.article_url
    if not url:
        raise _missing("article.url", where, "the Crossref deposit")
    out = _el("titles", _el("title", _t(front.title)))
    out += _contributors(front)
    out += _abstract(front)
    out += _article_date(front, where)
    if front.fpage is not None:
        pages = _el("first_page", str(front.fpage))
        if front.lpage is not None:
            pages += _el("last_page", str(front.lpage))
        out += _el("pages", pages)
    out += _funding(front)
    out += _license(front)
    out += _el("doi_data", _el("doi", _t(front.doi)) + _el("resource", _t(url)))
    out += _citations(article.citations)
    return _el("journal_article", out, publication_type="full_text", language=front.lang[:2])


def journal_head(front: FrontMatter, where: Location | None = None) -> str:
    """`journal_metadata` and `journal_issue`: what an issue's articles share."""
    return _journal_metadata(front, where) + _journal_issue(front)


def wrap_batch(journal: str, dois: Sequence[str], depositor: Depositor, *, epoch: int) -> str:
    """The `doi_batch` around one `journal`'s content (its head, issue and articles)."""
    head = (
        _el("doi_batch_id", batch_id(dois, epoch))
        + _el("timestamp", timestamp(epoch))
        + _el(
            "depositor",
            _el("depositor_name", _t(depositor.name)) + _el("email_address", _t(depositor.email)),
        )
        + _el("registrant", _t(depositor.registrant))
    )
    root = _el(
        "doi_batch",
        _el("head", head) + _el("body", _el("journal", journal)),
        xmlns=NAMESPACE,
        xmlns__xsi="http://www.w3.org/2001/XMLSchema-instance",
        xmlns__jats="http://www.ncbi.nlm.nih.gov/JATS1",
        xmlns__fr="http://www.crossref.org/fundref.xsd",
        xmlns__ai="http://www.crossref.org/AccessIndicators.xsd",
        version=SCHEMA_VERSION,
        xsi__schemaLocation=SCHEMA_LOCATION,
    )
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + root + "\n"


def deposit_xml(articles: Sequence[DepositArticle], depositor: Depositor, *, epoch: int) -> str:
    """The whole `doi_batch`: one journal, its issue (from the first article), every article."""
    first = articles[0]
    journal = journal_head(first.front, first.where)
    journal += "".join(journal_article(a) for a in articles)
    return wrap_batch(journal, [a.front.doi or "" for a in articles], depositor, epoch=epoch)
