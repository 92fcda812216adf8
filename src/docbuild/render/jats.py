"""JATS 1.3 (Journal Publishing) front matter, as XML text (the reference list:
render/jats_refs.py). Pure.

pandoc's jats_publishing writer makes the body (sections, figures, tables, MathML,
footnotes) from the same AST as the HTML; this module writes what pandoc's vocabulary lacks
or gets from elsewhere: journal and article metadata from the validated front matter, and an
`element-citation` for each item of build/refs.json. docs/architecture.md says why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from docbuild.bib.names import WrittenName, written_name
from docbuild.render.frontmatter import FrontMatter
from docbuild.render.jats_refs import el, ref_entries, xml_text
from docbuild.render.people import Author
from docbuild.render.publishing import Day


def _day_elements(day: Day) -> str:
    return (
        el("day", f"{day.day:02d}")
        + el("month", f"{day.month:02d}")
        + el("year", f"{day.year:04d}")
    )


def journal_meta(fm: FrontMatter) -> str:
    p = fm.publishing
    journal_id = p.journal_id or fm.journal_abbrev or fm.journal_title or ""
    out = [el("journal-id", xml_text(journal_id), journal_id_type="publisher-id")]
    titles = ""
    if fm.journal_title:
        titles += el("journal-title", xml_text(fm.journal_title))
    if fm.journal_abbrev:
        titles += el("abbrev-journal-title", xml_text(fm.journal_abbrev), abbrev_type="publisher")
    if titles:
        out.append(el("journal-title-group", titles))
    for issn in p.issns:
        out.append(el("issn", issn.value, publication_format=issn.media))
    if p.publisher:
        out.append(el("publisher", el("publisher-name", xml_text(p.publisher))))
    return el("journal-meta", "".join(out))


def article_ids(fm: FrontMatter) -> str:
    return el("article-id", xml_text(fm.doi), pub_id_type="doi") if fm.doi else ""


def _contrib(author: Author, cor_id: str | None) -> str:
    out = ""
    if author.orcid:
        out += el(
            "contrib-id",
            f"https://orcid.org/{author.orcid}",
            contrib_id_type="orcid",
            authenticated="false",
        )
    name = author.csl_name()
    if written_name(author.name) is WrittenName.GROUP:
        out += el("collab", xml_text(author.name))  # a group author, JATS's <collab>
    elif "literal" in name:
        out += el("string-name", xml_text(author.name))  # printed as written
    else:
        suffix = el("suffix", xml_text(name["suffix"])) if name.get("suffix") else ""
        out += el(
            "name",
            el("surname", xml_text(name["family"]))
            + el("given-names", xml_text(name["given"]))
            + suffix,
        )
    if author.email:
        out += el("email", xml_text(author.email))
    for aid in author.affiliations:
        out += el("xref", "", ref_type="aff", rid=_aff_id(aid))
    if author.corresponding and cor_id:
        out += el("xref", "", ref_type="corresp", rid=cor_id)
    return el(
        "contrib",
        out,
        contrib_type="author",
        corresp="yes" if author.corresponding else None,
        equal_contrib="yes" if author.equal_contribution else None,
    )


def _aff_id(aid: str) -> str:
    return "aff-" + re.sub(r"[^A-Za-z0-9._-]", lambda m: f"U{ord(m[0]):04X}", aid)


def _affiliation(fm: FrontMatter, index: int) -> str:
    aff = fm.affiliations[index]
    rors = dict(fm.publishing.affiliation_rors)
    wrap = el("institution", xml_text(aff.organization)) if aff.organization else ""
    if aff.id in rors:
        wrap += el("institution-id", f"https://ror.org/{rors[aff.id]}", institution_id_type="ror")
    rest = aff.address.removeprefix(aff.organization).lstrip(", ") if aff.organization else ""
    content = el("institution-wrap", wrap) if wrap else ""
    if rest:
        content += ", " + xml_text(rest) if content else xml_text(rest)
    return el("aff", content, id=_aff_id(aff.id))


def article_meta(fm: FrontMatter) -> str:
    """What follows the title in `article-meta`, up to the abstract, in the DTD's order."""
    p = fm.publishing
    corresponding = next((a for a in fm.authors if a.corresponding), None)
    cor_id = "cor1" if corresponding is not None else None
    out: list[str] = []
    if fm.authors:
        out.append(el("contrib-group", "".join(_contrib(a, cor_id) for a in fm.authors)))
    out.extend(_affiliation(fm, i) for i in range(len(fm.affiliations)))
    if corresponding is not None and cor_id is not None:
        note = "Corresponding author: " + xml_text(corresponding.name)
        if corresponding.email:
            note += ", " + el("email", xml_text(corresponding.email))
        out.append(el("author-notes", el("corresp", note, id=cor_id)))
    if p.published is not None:
        out.append(
            el(
                "pub-date",
                _day_elements(p.published),
                publication_format="electronic",
                date_type="pub",
            )
        )
    if fm.year is not None:
        parts = ""
        if fm.day:
            parts += el("day", f"{fm.day:02d}")
        if fm.month:
            parts += el("month", f"{fm.month:02d}")
        if fm.season:
            parts += el("season", xml_text(fm.season))
        parts += el("year", str(fm.year))
        out.append(el("pub-date", parts, publication_format="print", date_type="collection"))
    if fm.volume:
        out.append(el("volume", xml_text(fm.volume)))
    if fm.issue:
        out.append(el("issue", xml_text(fm.issue)))
    if fm.fpage is not None:
        out.append(el("fpage", str(fm.fpage)))
        if fm.lpage is not None:
            out.append(el("lpage", str(fm.lpage)))
    history = [
        el("date", _day_elements(day), date_type=kind)
        for kind, day in (("received", p.received), ("accepted", p.accepted))
        if day is not None
    ]
    if history:
        out.append(el("history", "".join(history)))
    if p.license is not None:
        lic = el("ali:license_ref", xml_text(p.license.url))
        if p.license.text:
            lic += el("license-p", xml_text(p.license.text))
        elif p.license.spdx:
            lic += el("license-p", xml_text(f"This article is distributed under {p.license.spdx}."))
        year = (p.published.year if p.published else None) or fm.year
        copyright_ = el("copyright-year", str(year)) if year else ""
        out.append(el("permissions", copyright_ + el("license", lic, xlink__href=p.license.url)))
    return "".join(out)


def after_abstract(fm: FrontMatter) -> str:
    """Keywords and funding: what follows the abstract in `article-meta`."""
    out: list[str] = []
    if fm.keywords:
        out.append(
            el(
                "kwd-group",
                "".join(el("kwd", xml_text(k)) for k in fm.keywords),
                kwd_group_type="author",
            )
        )
    groups: list[str] = []
    for n, fund in enumerate(fm.publishing.funding, start=1):
        wrap = el("institution", xml_text(fund.funder))
        if fund.ror:
            wrap += el("institution-id", f"https://ror.org/{fund.ror}", institution_id_type="ror")
        if fund.funder_id:
            wrap += el(
                "institution-id",
                f"https://doi.org/{fund.funder_id}",
                institution_id_type="doi",
                vocab="open-funder-registry",
            )
        award = el("funding-source", el("institution-wrap", wrap))
        award += "".join(el("award-id", xml_text(a)) for a in fund.awards)
        groups.append(el("award-group", award, id=f"fund{n}"))
    if groups:
        out.append(el("funding-group", "".join(groups)))
    return "".join(out)


def jats_meta(
    fm: FrontMatter, refs: Sequence[Mapping[str, object]], *, numbered: bool
) -> dict[str, object]:
    """The plain values the JATS template and filter read (`docbuild-jats`)."""
    return {
        "journal-meta": journal_meta(fm),
        "article-ids": article_ids(fm),
        "article-meta": article_meta(fm),
        "after-abstract": after_abstract(fm),
        "lang": fm.lang,
        "article-type": fm.publishing.article_type,
        "numbered": numbered,
        "refs": ref_entries(refs),
    }


def missing_for_jats(fm: FrontMatter) -> list[str]:
    """What JATS Publishing requires that the front matter does not give (each a field)."""
    missing = []
    if not fm.publishing.issns:
        missing.append("journal.pissn or journal.eissn (an ISSN)")
    if not (fm.publishing.journal_id or fm.journal_abbrev or fm.journal_title):
        missing.append("journal.title")
    return missing
