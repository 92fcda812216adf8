"""JATS 1.3 reference list: an `element-citation` for each item of build/refs.json, as XML
text, and the small XML writers the front matter (render/jats.py) uses too. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

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


def el(tag: str, content: str = "", **attrs: str | None) -> str:
    """`<tag attrs>content</tag>`; `content` is XML already, attribute values are escaped."""
    attr = "".join(
        f" {k.rstrip('_').replace('__', ':').replace('_', '-')}={quoteattr(v)}"
        for k, v in attrs.items()
        if v is not None
    )
    return f"<{tag}{attr}>{content}</{tag}>"


def xml_text(text: str) -> str:
    return escape(text)


def rich_text(text: str) -> str:
    """CSL-JSON rich text (`<i>`, `<b>`, `<sup>`, `<sub>`, nocase spans) as JATS inline XML;
    anything else is text."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _RICH.finditer(text):
        out.append(xml_text(text[pos : m.start()]))
        pos = m.end()
        closing, tag = m[1] == "/", m[2]
        jats = _RICH_TAGS.get(tag, "")  # a span (nocase, small caps) keeps only its text
        if closing:
            if stack and stack[-1] == jats:
                stack.pop()
                if jats:
                    out.append(f"</{jats}>")
            else:
                out.append(xml_text(m[0]))
        else:
            stack.append(jats)
            if jats:
                out.append(f"<{jats}>")
    out.append(xml_text(text[pos:]))
    out.extend(f"</{tag}>" for tag in reversed(stack) if tag)
    return "".join(out)


def _name(person: Mapping[str, object]) -> str:
    family = str(person.get("family") or "").strip()
    if not family:
        literal = str(person.get("literal") or person.get("given") or "").strip()
        return el("collab", xml_text(literal)) if literal else ""
    particle = str(person.get("non-dropping-particle") or "").strip()
    surname = f"{particle} {family}" if particle else family
    given = " ".join(
        p for p in (str(person.get("given") or ""), str(person.get("dropping-particle") or "")) if p
    ).strip()
    parts = el("surname", xml_text(surname))
    if given:
        parts += el("given-names", xml_text(given))
    if person.get("suffix"):
        parts += el("suffix", xml_text(str(person["suffix"])))
    return el("name", parts)


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
            return el("year", year[1])
        return el("string-date", xml_text(literal)) if literal else ""
    iso = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:3])])
    out = el("year", str(parts[0]), iso_8601_date=iso)
    if len(parts) > 1:
        out += el("month", f"{parts[1]:02d}")
    if len(parts) > 2:
        out += el("day", f"{parts[2]:02d}")
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
                out.append(el("person-group", people, person_group_type=group))
    title = str(item.get("title") or "")
    container = str(item.get("container-title") or "")
    if csl_type in _PART_TYPES and (container or csl_type != "webpage"):
        if title:
            tag = "chapter-title" if csl_type == "chapter" else "article-title"
            out.append(el(tag, rich_text(title)))
        if container:
            out.append(el("source", rich_text(container)))
    elif title or container:
        out.append(el("source", rich_text(title or container)))
    if item.get("collection-title"):
        out.append(el("series", rich_text(str(item["collection-title"]))))
    if item.get("edition"):
        out.append(el("edition", xml_text(str(item["edition"]))))
    if item.get("event-title") or item.get("event"):
        out.append(el("conf-name", xml_text(str(item.get("event-title") or item.get("event")))))
    out.append(_date_elements(item.get("issued")))
    for variable in ("volume", "issue"):
        if item.get(variable):
            out.append(el(variable, xml_text(str(item[variable]))))
    page = str(item.get("page") or "")
    if page:
        first, last = split_pages(page)
        if first and re.fullmatch(r"[eE]\d+", first) and not last:
            out.append(el("elocation-id", xml_text(first)))
        elif first:
            out.append(el("fpage", xml_text(first)))
            if last:
                out.append(el("lpage", xml_text(last)))
        else:
            out.append(el("page-range", xml_text(page)))
    if item.get("publisher-place"):
        out.append(el("publisher-loc", xml_text(str(item["publisher-place"]))))
    if item.get("publisher"):
        out.append(el("publisher-name", xml_text(str(item["publisher"]))))
    for variable, id_type in (("DOI", "doi"), ("PMID", "pmid"), ("PMCID", "pmcid")):
        if item.get(variable):
            out.append(el("pub-id", xml_text(str(item[variable])), pub_id_type=id_type))
    if item.get("ISBN"):
        out.append(el("isbn", xml_text(str(item["ISBN"]))))
    if item.get("ISSN"):
        out.append(el("issn", xml_text(str(item["ISSN"]))))
    if item.get("URL"):
        url = str(item["URL"])
        out.append(el("ext-link", xml_text(url), ext_link_type="uri", xlink__href=url))
    accessed = _date_parts(item.get("accessed"))
    if accessed:
        iso = "-".join([f"{accessed[0]:04d}", *(f"{p:02d}" for p in accessed[1:3])])
        out.append(
            el("date-in-citation", xml_text(iso), content_type="access-date", iso_8601_date=iso)
        )
    return el("element-citation", "".join(o for o in out if o), publication_type=kind)


def ref_entries(items: Iterable[Mapping[str, object]]) -> dict[str, dict[str, str]]:
    """Each item's id and element-citation, by key: what the JATS filter puts in `ref-list`."""
    return {
        str(item["id"]): {"id": ref_id(str(item["id"])), "citation": element_citation(item)}
        for item in items
        if item.get("id")
    }


# -- front matter ----------------------------------------------------------------------
