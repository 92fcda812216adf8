"""JATS 1.3 (Journal Publishing) front matter and reference list, as XML text. Pure.

pandoc's jats_publishing writer makes the body (sections, figures, tables, MathML,
footnotes) from the same AST as the HTML; this module writes what pandoc's vocabulary lacks
or gets from elsewhere: journal and article metadata from the validated front matter, and an
`element-citation` for each item of build/refs.json. docs/architecture.md says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from docbuild.render.frontmatter import FrontMatter
from docbuild.render.metadata import _csl_name
from docbuild.render.people import Author
from docbuild.render.publishing import Day

SEASON_MONTHS = {"Spring": 3, "Summer": 6, "Autumn": 9, "Fall": 9, "Winter": 12}

# CSL types whose `title` is a part (article, chapter, page) of a `container-title`; any
# other type's title is the work itself (JATS `source`).
_PART_TYPES = {
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "chapter",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "paper-conference",
    "post",
    "post-weblog",
    "review",
    "review-book",
    "webpage",
}
# CSL type -> JATS publication-type (the JATS4R vocabulary where it has one).
_PUBLICATION_TYPES = {
    "article-journal": "journal",
    "review": "journal",
    "review-book": "journal",
    "article-magazine": "magazine",
    "article-newspaper": "newspaper",
    "book": "book",
    "chapter": "book",
    "entry-dictionary": "book",
    "entry-encyclopedia": "book",
    "paper-conference": "confproc",
    "thesis": "thesis",
    "report": "report",
    "webpage": "webpage",
    "post": "webpage",
    "post-weblog": "webpage",
    "dataset": "data",
    "software": "software",
    "patent": "patent",
    "standard": "standard",
}
_NAME_GROUPS = (("author", "author"), ("editor", "editor"), ("translator", "translator"))
# The markup bib/latex.py writes into CSL-JSON titles, and its JATS equivalent.
_RICH = re.compile(r"<(/?)(i|b|sup|sub|span)(?: [^>]*)?>")
_RICH_TAGS = {"i": "italic", "b": "bold", "sup": "sup", "sub": "sub"}
_PAGES = re.compile(
    r"^\s*([^\s\u2013\u2014-]+)\s*(?:[-\u2013\u2014]+\s*([^\s\u2013\u2014-]+))?\s*$"
)


def ref_id(key: str) -> str:
    """A bibliography key as an XML ID: `ref-` and the key, other characters as Uhhhh."""
    return "ref-" + re.sub(r"[^A-Za-z0-9._-]", lambda m: f"U{ord(m[0]):04X}", key)


def _el(tag: str, content: str = "", **attrs: str | None) -> str:
    """`<tag attrs>content</tag>`; `content` is XML already, attribute values are escaped."""
    attr = "".join(
        f" {k.rstrip('_').replace('__', ':').replace('_', '-')}={quoteattr(v)}"
        for k, v in attrs.items()
        if v is not None
    )
    return f"<{tag}{attr}>{content}</{tag}>"


def _t(text: str) -> str:
    return escape(text)


def rich_text(text: str) -> str:
    """CSL-JSON rich text (`<i>`, `<b>`, `<sup>`, `<sub>`, nocase spans) as JATS inline XML;
    anything else is text."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _RICH.finditer(text):
        out.append(_t(text[pos : m.start()]))
        pos = m.end()
        closing, tag = m[1] == "/", m[2]
        jats = _RICH_TAGS.get(tag, "")  # a span (nocase, small caps) keeps only its text
        if closing:
            if stack and stack[-1] == jats:
                stack.pop()
                if jats:
                    out.append(f"</{jats}>")
            else:
                out.append(_t(m[0]))
        else:
            stack.append(jats)
            if jats:
                out.append(f"<{jats}>")
    out.append(_t(text[pos:]))
    out.extend(f"</{tag}>" for tag in reversed(stack) if tag)
    return "".join(out)


def _name(person: Mapping[str, object]) -> str:
    family = str(person.get("family") or "").strip()
    if not family:
        literal = str(person.get("literal") or person.get("given") or "").strip()
        return _el("collab", _t(literal)) if literal else ""
    particle = str(person.get("non-dropping-particle") or "").strip()
    surname = f"{particle} {family}" if particle else family
    given = " ".join(
        p for p in (str(person.get("given") or ""), str(person.get("dropping-particle") or "")) if p
    ).strip()
    parts = _el("surname", _t(surname))
    if given:
        parts += _el("given-names", _t(given))
    if person.get("suffix"):
        parts += _el("suffix", _t(str(person["suffix"])))
    return _el("name", parts)


def _date_parts(value: object) -> list[int]:
    if not isinstance(value, Mapping):
        return []
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        return [int(p) for p in parts[0] if str(p).lstrip("-").isdigit()]
    return []


def _date_elements(value: object) -> str:
    parts = _date_parts(value)
    if not parts:
        literal = str(value.get("literal", "")) if isinstance(value, Mapping) else ""
        year = re.search(r"\b(\d{4})\b", literal)
        if year:
            return _el("year", year[1])
        return _el("string-date", _t(literal)) if literal else ""
    iso = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:3])])
    out = _el("year", str(parts[0]), iso_8601_date=iso)
    if len(parts) > 1:
        out += _el("month", f"{parts[1]:02d}")
    if len(parts) > 2:
        out += _el("day", f"{parts[2]:02d}")
    return out


def split_pages(page: str) -> tuple[str | None, str | None]:
    """`79--104` -> (79, 104); `79` -> (79, None); anything else -> (None, None)."""
    m = _PAGES.match(page)
    if not m:
        return None, None
    return m[1], m[2]


def element_citation(item: Mapping[str, object]) -> str:
    """One CSL-JSON item as a JATS `element-citation`, fields in JATS4R's order."""
    csl_type = str(item.get("type") or "")
    kind = _PUBLICATION_TYPES.get(csl_type, "other")
    out: list[str] = []
    for variable, group in _NAME_GROUPS:
        names = item.get(variable)
        if isinstance(names, list) and names:
            people = "".join(_name(n) for n in names if isinstance(n, Mapping))
            if people:
                out.append(_el("person-group", people, person_group_type=group))
    title = str(item.get("title") or "")
    container = str(item.get("container-title") or "")
    if csl_type in _PART_TYPES and (container or csl_type != "webpage"):
        if title:
            tag = "chapter-title" if csl_type == "chapter" else "article-title"
            out.append(_el(tag, rich_text(title)))
        if container:
            out.append(_el("source", rich_text(container)))
    elif title or container:
        out.append(_el("source", rich_text(title or container)))
    if item.get("collection-title"):
        out.append(_el("series", rich_text(str(item["collection-title"]))))
    if item.get("edition"):
        out.append(_el("edition", _t(str(item["edition"]))))
    if item.get("event-title") or item.get("event"):
        out.append(_el("conf-name", _t(str(item.get("event-title") or item.get("event")))))
    out.append(_date_elements(item.get("issued")))
    for variable in ("volume", "issue"):
        if item.get(variable):
            out.append(_el(variable, _t(str(item[variable]))))
    page = str(item.get("page") or "")
    if page:
        first, last = split_pages(page)
        if first and re.fullmatch(r"[eE]\d+", first) and not last:
            out.append(_el("elocation-id", _t(first)))
        elif first:
            out.append(_el("fpage", _t(first)))
            if last:
                out.append(_el("lpage", _t(last)))
        else:
            out.append(_el("page-range", _t(page)))
    if item.get("publisher-place"):
        out.append(_el("publisher-loc", _t(str(item["publisher-place"]))))
    if item.get("publisher"):
        out.append(_el("publisher-name", _t(str(item["publisher"]))))
    for variable, id_type in (("DOI", "doi"), ("PMID", "pmid"), ("PMCID", "pmcid")):
        if item.get(variable):
            out.append(_el("pub-id", _t(str(item[variable])), pub_id_type=id_type))
    if item.get("ISBN"):
        out.append(_el("isbn", _t(str(item["ISBN"]))))
    if item.get("ISSN"):
        out.append(_el("issn", _t(str(item["ISSN"]))))
    if item.get("URL"):
        url = str(item["URL"])
        out.append(_el("ext-link", _t(url), ext_link_type="uri", xlink__href=url))
    accessed = _date_parts(item.get("accessed"))
    if accessed:
        iso = "-".join([f"{accessed[0]:04d}", *(f"{p:02d}" for p in accessed[1:3])])
        out.append(_el("date-in-citation", _t(iso), content_type="access-date", iso_8601_date=iso))
    return _el("element-citation", "".join(o for o in out if o), publication_type=kind)


def ref_entries(items: Iterable[Mapping[str, object]]) -> dict[str, dict[str, str]]:
    """Each item's id and element-citation, by key: what the JATS filter puts in `ref-list`."""
    return {
        str(item["id"]): {"id": ref_id(str(item["id"])), "citation": element_citation(item)}
        for item in items
        if item.get("id")
    }


# -- front matter ----------------------------------------------------------------------


def _day_elements(day: Day) -> str:
    return (
        _el("day", f"{day.day:02d}")
        + _el("month", f"{day.month:02d}")
        + _el("year", f"{day.year:04d}")
    )


def journal_meta(fm: FrontMatter) -> str:
    p = fm.publishing
    journal_id = p.journal_id or fm.journal_abbrev or fm.journal_title or ""
    out = [_el("journal-id", _t(journal_id), journal_id_type="publisher-id")]
    titles = ""
    if fm.journal_title:
        titles += _el("journal-title", _t(fm.journal_title))
    if fm.journal_abbrev:
        titles += _el("abbrev-journal-title", _t(fm.journal_abbrev), abbrev_type="publisher")
    if titles:
        out.append(_el("journal-title-group", titles))
    for issn in p.issns:
        out.append(_el("issn", issn.value, publication_format=issn.media))
    if p.publisher:
        out.append(_el("publisher", _el("publisher-name", _t(p.publisher))))
    return _el("journal-meta", "".join(out))


def article_ids(fm: FrontMatter) -> str:
    return _el("article-id", _t(fm.doi), pub_id_type="doi") if fm.doi else ""


def _contrib(author: Author, cor_id: str | None) -> str:
    out = ""
    if author.orcid:
        out += _el(
            "contrib-id",
            f"https://orcid.org/{author.orcid}",
            contrib_id_type="orcid",
            authenticated="false",
        )
    name = _csl_name(author.name)
    if "literal" in name:
        out += _el("string-name", _t(author.name))
    else:
        out += _el(
            "name", _el("surname", _t(name["family"])) + _el("given-names", _t(name["given"]))
        )
    if author.email:
        out += _el("email", _t(author.email))
    for aid in author.affiliations:
        out += _el("xref", "", ref_type="aff", rid=_aff_id(aid))
    if author.corresponding and cor_id:
        out += _el("xref", "", ref_type="corresp", rid=cor_id)
    return _el(
        "contrib",
        out,
        contrib_type="author",
        corresp="yes" if author.corresponding else None,
    )


def _aff_id(aid: str) -> str:
    return "aff-" + re.sub(r"[^A-Za-z0-9._-]", lambda m: f"U{ord(m[0]):04X}", aid)


def _affiliation(fm: FrontMatter, index: int) -> str:
    aff = fm.affiliations[index]
    rors = dict(fm.publishing.affiliation_rors)
    wrap = _el("institution", _t(aff.organization)) if aff.organization else ""
    if aff.id in rors:
        wrap += _el("institution-id", f"https://ror.org/{rors[aff.id]}", institution_id_type="ror")
    rest = aff.address.removeprefix(aff.organization).lstrip(", ") if aff.organization else ""
    content = _el("institution-wrap", wrap) if wrap else ""
    if rest:
        content += ", " + _t(rest) if content else _t(rest)
    return _el("aff", content, id=_aff_id(aff.id))


def article_meta(fm: FrontMatter) -> str:
    """What follows the title in `article-meta`, up to the abstract, in the DTD's order."""
    p = fm.publishing
    corresponding = next((a for a in fm.authors if a.corresponding), None)
    cor_id = "cor1" if corresponding is not None else None
    out: list[str] = []
    if fm.authors:
        out.append(_el("contrib-group", "".join(_contrib(a, cor_id) for a in fm.authors)))
    out.extend(_affiliation(fm, i) for i in range(len(fm.affiliations)))
    if corresponding is not None and cor_id is not None:
        note = "Corresponding author: " + _t(corresponding.name)
        if corresponding.email:
            note += ", " + _el("email", _t(corresponding.email))
        out.append(_el("author-notes", _el("corresp", note, id=cor_id)))
    if p.published is not None:
        out.append(
            _el(
                "pub-date",
                _day_elements(p.published),
                publication_format="electronic",
                date_type="pub",
            )
        )
    if fm.year is not None:
        parts = ""
        if fm.day:
            parts += _el("day", f"{fm.day:02d}")
        if fm.month:
            parts += _el("month", f"{fm.month:02d}")
        if fm.season:
            parts += _el("season", _t(fm.season))
        parts += _el("year", str(fm.year))
        out.append(_el("pub-date", parts, publication_format="print", date_type="collection"))
    if fm.volume:
        out.append(_el("volume", _t(fm.volume)))
    if fm.issue:
        out.append(_el("issue", _t(fm.issue)))
    if fm.fpage is not None:
        out.append(_el("fpage", str(fm.fpage)))
        if fm.lpage is not None:
            out.append(_el("lpage", str(fm.lpage)))
    history = [
        _el("date", _day_elements(day), date_type=kind)
        for kind, day in (("received", p.received), ("accepted", p.accepted))
        if day is not None
    ]
    if history:
        out.append(_el("history", "".join(history)))
    if p.license is not None:
        lic = _el("ali:license_ref", _t(p.license.url))
        if p.license.text:
            lic += _el("license-p", _t(p.license.text))
        elif p.license.spdx:
            lic += _el("license-p", _t(f"This article is distributed under {p.license.spdx}."))
        year = (p.published.year if p.published else None) or fm.year
        copyright_ = _el("copyright-year", str(year)) if year else ""
        out.append(_el("permissions", copyright_ + _el("license", lic, xlink__href=p.license.url)))
    return "".join(out)


def after_abstract(fm: FrontMatter) -> str:
    """Keywords and funding: what follows the abstract in `article-meta`."""
    out: list[str] = []
    if fm.keywords:
        out.append(
            _el(
                "kwd-group",
                "".join(_el("kwd", _t(k)) for k in fm.keywords),
                kwd_group_type="author",
            )
        )
    groups: list[str] = []
    for n, fund in enumerate(fm.publishing.funding, start=1):
        wrap = _el("institution", _t(fund.funder))
        if fund.ror:
            wrap += _el("institution-id", f"https://ror.org/{fund.ror}", institution_id_type="ror")
        if fund.funder_id:
            wrap += _el(
                "institution-id",
                f"https://doi.org/{fund.funder_id}",
                institution_id_type="doi",
                vocab="open-funder-registry",
            )
        award = _el("funding-source", _el("institution-wrap", wrap))
        award += "".join(_el("award-id", _t(a)) for a in fund.awards)
        groups.append(_el("award-group", award, id=f"fund{n}"))
    if groups:
        out.append(_el("funding-group", "".join(groups)))
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
