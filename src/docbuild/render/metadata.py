"""What templates, HTML meta tags and the PDF see: the front matter, enriched. Pure.

`template_vars` is the `docbuild` template variable documented in docs/styles.md.
"""

from __future__ import annotations

from collections.abc import Mapping

from docbuild.render.frontmatter import MONTHS, FrontMatter
from docbuild.render.labels import localize, template_labels
from docbuild.render.people import AFFILIATION_MARKS

EN_DASH = "\u2013"


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def issue_line(fm: FrontMatter) -> str | None:
    """`Vol. VI, No. III (Summer 2023)`; None without a volume."""
    if not fm.volume:
        return None
    text = f"Vol. {fm.volume}"
    if fm.issue:
        text += f", No. {fm.issue}"
    when = date_text(fm)
    if when:
        text += f" ({when})"
    return text


def date_text(fm: FrontMatter) -> str | None:
    """`Summer 2023`, `June 2023` or `2023`."""
    if fm.year is None:
        return None
    return date_words(fm.year, fm.month, fm.season)


def date_words(year: int, month: int | None = None, season: str | None = None) -> str:
    """A date as the masthead prints it: `Summer 2023`, `June 2023` or `2023`."""
    if season:
        return f"{season} {year}"
    if month:
        return f"{MONTHS[month - 1]} {year}"
    return str(year)


def page_range(fm: FrontMatter, sep: str = f" {EN_DASH} ") -> str | None:
    if fm.fpage is None:
        return None
    if fm.lpage is None or fm.lpage == fm.fpage:
        return str(fm.fpage)
    return f"{fm.fpage}{sep}{fm.lpage}"


def corresponding_line(fm: FrontMatter) -> str | None:
    """`Corresponding Author: Name (Department, Organization, City, Country. Email: x@y)`, as
    the journals print it; None without one."""
    author = next((a for a in fm.authors if a.corresponding), None)
    if author is None:
        return None
    where = "; ".join(author_addresses(fm, author.affiliations))
    email = f"{localize('Email', fm.lang)}: {author.email}" if author.email else ""
    inside = ". ".join(p for p in (where, email) if p)
    label = localize("Corresponding Author", fm.lang)
    return f"{label}: {author.name}" + (f" ({inside})" if inside else "")


def author_addresses(fm: FrontMatter, ids: tuple[str, ...]) -> list[str]:
    """The full address of each of an author's affiliations (the organization where that is
    all there is)."""
    addresses = {a.id: a.address or a.organization for a in fm.affiliations}
    return [addresses[i].removesuffix(".") for i in ids if addresses.get(i)]


EQUAL_CONTRIBUTION = "These authors contributed equally"  # as JOSS's PDF says it


def author_notes(fm: FrontMatter) -> list[tuple[str, str]]:
    """The notes on authors, (mark, text), printed with the affiliations' notes: "These
    authors contributed equally" where an author is marked so, then each footnote written
    into a name. Each takes the first of the affiliations' marks that no affiliation and no
    name took."""
    texts = [EQUAL_CONTRIBUTION] if any(a.equal_contribution for a in fm.authors) else []
    texts += list(dict.fromkeys(a.note for a in fm.authors if a.note))
    taken = {a.mark for a in fm.affiliations} | {a.mark for a in fm.authors if a.mark}
    free = iter([m for m in AFFILIATION_MARKS if m not in taken])
    return [(next(free, None) or str(len(taken) + n), t) for n, t in enumerate(texts, start=1)]


def author_marks(fm: FrontMatter) -> list[str]:
    """Each author's marks in the byline: the affiliations', the notes' on the author, then
    the one written into the name (a note's)."""
    marks = {a.id: a.mark for a in fm.affiliations}
    notes = {text: mark for mark, text in author_notes(fm)}
    out: list[str] = []
    for a in fm.authors:
        parts = [marks[i] for i in a.affiliations]
        parts += [notes[EQUAL_CONTRIBUTION]] if a.equal_contribution else []
        parts += [notes[a.note]] if a.note else []
        parts += [a.mark] if a.mark else []
        # Numbers are told apart by commas ("8,9", not "89"); symbols stand side by side ("*‡")
        joiner = "," if any(p.isdigit() for p in parts) else ""
        out.append(joiner.join(parts))
    return out


def self_csl_item(fm: FrontMatter) -> dict[str, object]:
    """The article itself as a CSL-JSON item, for the self-citation line."""
    item: dict[str, object] = {"id": "self", "type": "article-journal", "title": fm.title}
    if fm.authors:
        item["author"] = [a.csl_name() for a in fm.authors]
    if fm.journal_title:
        item["container-title"] = fm.journal_title
    if fm.journal_abbrev:
        item["container-title-short"] = fm.journal_abbrev
    if fm.volume:
        item["volume"] = fm.volume
    if fm.issue:
        item["issue"] = fm.issue
    pages = page_range(fm, sep="-")
    if pages:
        item["page"] = pages
    if fm.doi:
        item["DOI"] = fm.doi
    if fm.year is not None:
        parts = [fm.year, *([fm.month] if fm.month else []), *([fm.day] if fm.day else [])]
        item["issued"] = {"date-parts": [parts]}
    return item


def template_vars(fm: FrontMatter, *, self_citation: str | None) -> dict[str, object]:
    """The `docbuild` template variable (plain values; `self-citation` is HTML)."""
    orgs = {a.id: a.organization for a in fm.affiliations}
    marks = author_marks(fm)
    authors = [
        {
            "name": a.name,
            "marks": m,
            "email": a.email or "",
            "orcid": a.orcid or "",
            "orcid-url": f"https://orcid.org/{a.orcid}" if a.orcid else "",
            "corresponding": a.corresponding,
            # The corresponding-author line ends them with its own full stop; JOSS papers
            # often end an affiliation with one ("..., Spain."), which would print twice.
            "organizations": [orgs[i].removesuffix(".") for i in a.affiliations if orgs.get(i)],
            "addresses": author_addresses(fm, a.affiliations),
        }
        for a, m in zip(fm.authors, marks, strict=True)
    ]
    issue = issue_line(fm)
    pages = page_range(fm)
    running = ", ".join(p for p in (fm.journal_title, issue) if p)
    out: dict[str, object] = {
        "title-plain": fm.title,
        "authors": authors,
        "author-names": ", ".join(a.name for a in fm.authors),
        "affiliations": [
            {
                "id": a.id,
                "mark": a.mark,
                "organization": a.organization,
                "address": a.address.removesuffix("."),  # the style ends the note
            }
            for a in fm.affiliations
        ]
        + [
            {  # printed with the affiliations' notes, as JOSS prints them; not affiliations
                "id": f"author-note-{n}",
                "mark": mark,
                "organization": localize(text, fm.lang),
                "address": localize(text, fm.lang),
            }
            for n, (mark, text) in enumerate(author_notes(fm), start=1)
        ],
        "corresponding-line": corresponding_line(fm) or "",
        "journal-title": fm.journal_title or "",
        "journal-abbrev": fm.journal_abbrev or "",
        "volume": fm.volume or "",
        "issue": fm.issue or "",
        "issue-line": issue or "",
        "date-text": date_text(fm) or "",
        "year": str(fm.year) if fm.year is not None else "",
        "fpage": str(fm.fpage) if fm.fpage is not None else "",
        "lpage": str(fm.lpage) if fm.lpage is not None else "",
        "pages": pages or "",
        "pages-line": f"{localize('Pages', fm.lang)}: {pages}" if pages else "",
        "doi": fm.doi or "",
        "doi-url": doi_url(fm.doi) if fm.doi else "",
        "keywords-plain": ", ".join(fm.keywords),
        "keywords-line": (
            f"{localize('Key Words', fm.lang)}: " + ", ".join(fm.keywords) if fm.keywords else ""
        ),
        "label": template_labels(fm.lang),
        "running-head": running,
        "self-citation": self_citation or "",
    }
    return out


def to_meta_value(value: object, *, raw_html: bool = False) -> dict[str, object]:
    """A plain value as a pandoc MetaValue; strings stay literal text (escaped on output)."""
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, Mapping):
        return {
            "t": "MetaMap",
            "c": {
                str(k): to_meta_value(v, raw_html=k == "self-citation") for k, v in value.items()
            },
        }
    if isinstance(value, list | tuple):
        return {"t": "MetaList", "c": [to_meta_value(v) for v in value]}
    text = str(value)
    if raw_html:
        return {"t": "MetaBlocks", "c": [{"t": "RawBlock", "c": ["html", text]}]}
    return {"t": "MetaString", "c": text}


def metadata_json(fm: FrontMatter) -> dict[str, object]:
    """build/metadata.json: what html.py and pdf.py need, without re-reading the manuscript."""
    return {
        "version": 1,
        "title": fm.title,
        "subtitle": fm.subtitle or "",
        "authors": [
            {
                "name": a.name,
                "email": a.email or "",
                "orcid": a.orcid or "",
                "organizations": [
                    o.organization for o in fm.affiliations if o.id in a.affiliations
                ],
            }
            for a in fm.authors
        ],
        "journal_title": fm.journal_title or "",
        "journal_abbrev": fm.journal_abbrev or "",
        "volume": fm.volume or "",
        "issue": fm.issue or "",
        "fpage": fm.fpage,
        "lpage": fm.lpage,
        "lpage_declared": fm.lpage_declared,
        "doi": fm.doi or "",
        "date": fm.date or "",
        "year": fm.year,
        "month": fm.month,
        "day": fm.day,
        "keywords": list(fm.keywords),
        "abstract": fm.abstract or "",
        "lang": fm.lang,
        "issue_line": issue_line(fm) or "",
    }
