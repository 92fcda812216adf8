"""The HTML edition: pandoc's HTML + the style's screen CSS, meta tags, files copied beside it.

`head_html` (Highwire tags and JSON-LD) and `resource_urls` are pure; `write_html_edition`
does the copying and writing.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from docbuild.diagnostics import Location
from docbuild.errors import InputError, UnsafeResourceError
from docbuild.fsutil import Stamp, stamp, write_bytes_atomic, write_text_atomic
from docbuild.render.images import made_figure
from docbuild.style import Style

STYLE_DIR = "style"  # build/style/: the screen CSS and fonts, paths as in the style folder
HIGHLIGHT_HREF = "docbuild-highlight.css"  # render/highlight.css, in build/style/
MAX_BYTES = 50 * 1024 * 1024

# Attributes through which an HTML page loads a file.
_RESOURCE_ATTRS = {
    "img": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),
    "track": ("src",),
    "iframe": ("src",),
    "input": ("src",),
}


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = _RESOURCE_ATTRS.get(tag, ())
        values = dict(attrs)
        if tag == "link" and "attachment" in (values.get("rel") or "").split():
            names = ("href",)
        for name in names:
            value = values.get(name)
            if value:
                self.urls.append(value)


def resource_urls(page: str, *, sanitized: bool = False) -> list[str]:
    """Every URL the page loads by itself (images, objects, attachments), in order, once.
    `sanitized`: the page is `sanitize_html`'s, whose tags a regular expression finds."""
    parser = _Resources()
    if sanitized:
        from docbuild.render.sanitize import start_tags

        page = start_tags(page, frozenset({*_RESOURCE_ATTRS, "link"}))
    parser.feed(page)
    seen: list[str] = []
    for url in parser.urls:
        if url not in seen:
            seen.append(url)
    return seen


def local_path(url: str) -> str | None:
    """The relative file path a URL names; None for `data:` and in-page `#` links."""
    if url.startswith(("#", "data:")):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url  # refused by the caller
    return unquote(parts.path)


# What an SVG loads by itself: an <image> or a <use> of another file, a url() in its styles.
_SVG_LOADS = re.compile(
    rb"""\b(?:xlink:)?href\s*=\s*(["'])([^"'#][^"']*)\1|url\(\s*(["']?)([^"')#][^"')]*)\3\s*\)"""
)
MAX_SVG_FILES = 64  # SVGs that load SVGs: followed this far, no further


def svg_loads(root: Path, rel: str) -> list[str]:
    """The paper's own files the SVG figure `rel` loads (relative to the folder `root`),
    nested SVGs followed, sorted: inputs of the PDF edition and of the JATS TIFF as much as
    the SVG itself. Files outside the folder and addresses are left out (the render refuses
    them); one that is missing is listed (its appearance changes the figure)."""
    from docbuild.paths import MAX_RESOURCE

    found: set[str] = set()
    todo, seen = [rel], {rel}
    while todo:
        current = todo.pop()
        try:
            path = root / current
            if path.stat().st_size > MAX_RESOURCE:
                continue  # the render says so
            data = path.read_bytes()
        except OSError:
            continue
        for m in _SVG_LOADS.finditer(data):
            local = local_path((m[2] or m[4]).decode("utf-8", "replace").strip())
            if local is None or "://" in local or local.startswith("/") or ":" in local[:12]:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(current), local))
            if target == ".." or target.startswith("../") or target in seen:
                continue
            seen.add(target)
            found.add(target)
            if target.lower().endswith(".svg") and len(seen) < MAX_SVG_FILES:
                todo.append(target)
    return sorted(found)


def copy_resources(page: str, *, root: Path, build: Path, sanitized: bool = False) -> list[Path]:
    """Copy each file the page loads from the paper folder to `build/` (same relative path).
    `sanitized`: the page is `sanitize_html`'s (build/pandoc.html)."""
    from docbuild.render.fetcher import refused_hint

    copied: list[Path] = []
    root = root.resolve()
    for url in resource_urls(page, sanitized=sanitized):
        rel = local_path(url)
        if rel is None:
            continue
        where = Location(build / "pandoc.html", 0)
        if urlsplit(url).scheme or urlsplit(url).netloc or rel.startswith("/"):
            raise UnsafeResourceError(
                f"resource '{url}' refused: only files inside the paper folder are used",
                location=where,
                resource=url,
                hint=refused_hint(url),
            )
        source = (root / rel).resolve()
        made = None if source.is_file() else made_figure(build, rel)
        if made is not None:
            copied.append(made)  # a PDF figure's PNG, made in build/ (render/images.py)
            continue
        if not source.is_relative_to(root):
            raise UnsafeResourceError(
                f"resource '{url}' refused: file outside the paper folder",
                location=where,
                resource=url,
                hint="copy the file into the paper folder and use a relative path",
            )
        if not source.is_file():
            raise InputError(
                f"resource '{url}' not found",
                location=where,
                resource=url,
                hint=refused_hint(url, "file not found", root / rel),
            )
        if source.stat().st_size > MAX_BYTES:
            raise UnsafeResourceError(
                f"resource '{url}' refused: file larger than 50 MiB", location=where, resource=url
            )
        target = build / rel
        if target.resolve() != source:
            _copy_if_changed(source, target)
        copied.append(target)
    return copied


def _copy_if_changed(source: Path, target: Path) -> None:
    # Neither file changed since this process found them equal: nothing to read (a warm
    # process, `docbuild preview`, would read the style's fonts twice on every save).
    before = stamp(source)  # taken before the read: a change during it is seen next time
    if before is not None and _SAME.get(target) == (source, before, stamp(target)):
        return
    data = source.read_bytes()
    if not (target.is_file() and target.read_bytes() == data):
        write_bytes_atomic(target, data)
    _SAME[target] = (source, before, stamp(target))


# Each copy this process found equal to its source: the source, and both files' stamps then.
_SAME: dict[Path, tuple[Path, Stamp | None, Stamp | None]] = {}


def copy_style_files(style: Style, build: Path) -> list[str]:
    """Screen CSS and fonts into build/style/; the hrefs of the CSS files, in order."""
    from docbuild.render.pdfcss import HIGHLIGHT_CSS

    # docbuild's own, named so that no file of a style's folder can be it.
    _copy_if_changed(HIGHLIGHT_CSS, build / STYLE_DIR / HIGHLIGHT_HREF)
    hrefs: list[str] = [f"{STYLE_DIR}/{HIGHLIGHT_HREF}"]
    for path in [*style.css_screen, *style.fonts]:
        rel = path.relative_to(style.folder)
        _copy_if_changed(path, build / STYLE_DIR / rel)
        if path in style.css_screen:
            hrefs.append(f"{STYLE_DIR}/{rel.as_posix()}")
    licences = [p for p in (style.folder / "fonts").glob("*") if p.suffix in (".txt", ".md")]
    for path in licences:
        _copy_if_changed(path, build / STYLE_DIR / path.relative_to(style.folder))
    return hrefs


def highwire_tags(md: Mapping[str, object]) -> list[tuple[str, str]]:
    """Google Scholar's `citation_*` meta tags, in the order its documentation lists them."""
    tags: list[tuple[str, str]] = [("citation_title", str(md.get("title", "")))]
    for author in _list(md.get("authors")):
        tags.append(("citation_author", str(author.get("name", ""))))
        for org in author.get("organizations", []) or []:
            tags.append(("citation_author_institution", str(org)))
        if author.get("email"):
            tags.append(("citation_author_email", str(author["email"])))
        if author.get("orcid"):
            tags.append(("citation_author_orcid", f"https://orcid.org/{author['orcid']}"))
    date = _date(md, "/")
    if date:
        tags.append(("citation_publication_date", date))
    for key, name in (
        ("journal_title", "citation_journal_title"),
        ("journal_abbrev", "citation_journal_abbrev"),
        ("volume", "citation_volume"),
        ("issue", "citation_issue"),
        ("fpage", "citation_firstpage"),
        ("lpage", "citation_lastpage"),
        ("doi", "citation_doi"),
    ):
        value = md.get(key)
        if value not in (None, ""):
            tags.append((name, str(value)))
    keywords = md.get("keywords") or []
    if isinstance(keywords, list) and keywords:
        tags.append(("citation_keywords", "; ".join(str(k) for k in keywords)))
    if md.get("lang"):
        tags.append(("citation_language", str(md["lang"])))
    tags.append(("citation_pdf_url", "paper.pdf"))
    return [(k, v) for k, v in tags if v]


def json_ld(md: Mapping[str, object]) -> dict[str, object]:
    """The schema.org `ScholarlyArticle` description of the paper."""
    doc: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": md.get("title", ""),
        "name": md.get("title", ""),
    }
    authors = []
    for author in _list(md.get("authors")):
        person: dict[str, object] = {"@type": "Person", "name": author.get("name", "")}
        orgs = author.get("organizations") or []
        if orgs:
            person["affiliation"] = [{"@type": "Organization", "name": o} for o in orgs]
        if author.get("orcid"):
            person["identifier"] = f"https://orcid.org/{author['orcid']}"
        if author.get("email"):
            person["email"] = author["email"]
        authors.append(person)
    if authors:
        doc["author"] = authors
    date = _date(md, "-")
    if date:
        doc["datePublished"] = date
    if md.get("abstract"):
        doc["abstract"] = md["abstract"]
    if md.get("keywords"):
        doc["keywords"] = md["keywords"]
    if md.get("lang"):
        doc["inLanguage"] = md["lang"]
    if md.get("doi"):
        doc["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": md["doi"]}
        doc["sameAs"] = f"https://doi.org/{md['doi']}"
    if md.get("fpage") is not None:
        doc["pageStart"] = str(md["fpage"])
    if md.get("lpage") is not None:
        doc["pageEnd"] = str(md["lpage"])
    if md.get("journal_title"):
        part: dict[str, object] = {"@type": "Periodical", "name": md["journal_title"]}
        if md.get("volume"):
            part = {"@type": "PublicationVolume", "volumeNumber": md["volume"], "isPartOf": part}
        if md.get("issue"):
            part = {"@type": "PublicationIssue", "issueNumber": md["issue"], "isPartOf": part}
        doc["isPartOf"] = part
    return doc


def head_html(md: Mapping[str, object], css_hrefs: list[str]) -> str:
    lines = [f'<link rel="stylesheet" href="{html.escape(h)}" />' for h in css_hrefs]
    lines += [
        f'<meta name="{name}" content="{html.escape(value)}" />'
        for name, value in highwire_tags(md)
    ]
    # `</` inside a script would end it early; JSON allows `<\/`.
    data = json.dumps(json_ld(md), ensure_ascii=False, indent=1).replace("</", "<\\/")
    lines.append(f'<script type="application/ld+json">\n{data}\n</script>')
    return "\n".join(lines) + "\n"


def draft_banner(errors: int) -> str:
    s = "" if errors == 1 else "s"
    return (
        '<div class="docbuild-draft" role="note">'
        f"DRAFT \u2014 {errors} reference problem{s}: run <code>doit lint-refs</code>"
        "</div>\n"
    )


def to_html_edition(page: str, md: Mapping[str, object], css_hrefs: list[str], errors: int) -> str:
    """pandoc's page with the head additions and, while lint errors remain, the banner."""
    head_end = page.find("</head>")
    body = re.search(r"<body[^>]*>\n?", page)
    if head_end < 0 or body is None:
        raise InputError(
            "the style's template has no <head> or <body>",
            hint="the template must be a whole HTML document",
        )
    page = page[:head_end] + head_html(md, css_hrefs) + page[head_end:]
    if errors > 0:
        body = re.search(r"<body[^>]*>\n?", page)
        assert body is not None
        page = page[: body.end()] + draft_banner(errors) + page[body.end() :]
    return page


def write_html_edition(
    *,
    pandoc_html: Path,
    metadata: Mapping[str, object],
    style: Style,
    root: Path,
    target: Path,
    lint_errors: int,
) -> None:
    from docbuild.render.editions import for_edition

    page = for_edition(pandoc_html.read_text(encoding="utf-8"), "html")
    mark = metadata.get("lpage") if metadata.get("lpage_mark") else None
    if isinstance(mark, int):
        # Made before the PDF counted its pages (`docbuild preview`): the last count, or "?".
        from docbuild.render.lastpage import fill_last_page

        guess = metadata.get("lpage_guess")
        page = fill_last_page(page, mark, guess if isinstance(guess, int) else "?")
        metadata = {**metadata, "lpage": guess if isinstance(guess, int) else None}
    build = target.parent
    copy_resources(page, root=root, build=build, sanitized=True)  # the pandoc step's page
    hrefs = copy_style_files(style, build)
    write_text_atomic(target, to_html_edition(page, metadata, hrefs, lint_errors))


def _list(value: object) -> list[dict[str, object]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _date(md: Mapping[str, object], sep: str) -> str | None:
    year = md.get("year")
    if not isinstance(year, int):
        return None
    parts = [f"{year:04d}"]
    for key in ("month", "day"):
        value = md.get(key)
        if not isinstance(value, int):
            break
        parts.append(f"{value:02d}")
    return sep.join(parts)
