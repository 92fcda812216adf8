"""The issue's table of contents as HTML (for the web and, through WeasyPrint, the PDF). Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.S)
_FAMILY = re.compile(r"(?:^|\})\s*(?:html|body|:root)[^{]*\{[^}]*?font-family:\s*([^;]+);", re.S)


@dataclass(frozen=True, slots=True)
class TocEntry:
    title: str
    authors: str  # "Amina Qureshi, Daniel Hartmann"
    pages: str  # "1–8"; "" for a paper that failed
    doi: str
    href: str  # the paper's PDF, relative to the table of contents
    failed: str = ""  # why the paper is missing from this build


def style_typography(print_css: str) -> str:
    """The style's @font-face rules and its body typeface: the TOC looks like the journal."""
    faces = "\n".join(_FONT_FACE.findall(print_css))
    family = _FAMILY.search(print_css)
    body = family[1].strip() if family else "serif"
    return f"{faces}\nbody {{ font-family: {body}; }}\n"


TOC_CSS = """
@page { size: A4; margin: 25mm 22mm; }
body { font-size: 10.5pt; line-height: 1.35; color: #111; max-width: 46em; margin: 2em auto; }
header { text-align: center; border-bottom: 0.6pt solid #333; padding-bottom: 8pt; }
.journal { font-size: 17pt; font-weight: 700; margin: 0; }
.issue-line { margin: 4pt 0 0; }
h1 { font-size: 13pt; margin: 18pt 0 10pt; letter-spacing: 0.05em; text-transform: uppercase; }
ol.toc { list-style: none; padding: 0; margin: 0; }
ol.toc li { margin: 0 0 10pt; display: flex; gap: 1em; }
ol.toc .entry { flex: 1; }
ol.toc .title { font-weight: 700; color: inherit; text-decoration: none; }
ol.toc .authors { display: block; font-style: italic; }
ol.toc .doi { display: block; font-size: 9pt; }
ol.toc .pages { white-space: nowrap; }
ol.toc .failed { color: #a00; font-size: 9pt; display: block; }
"""


def toc_html(
    *, journal: str, issue_line: str, entries: Sequence[TocEntry], typography: str, lang: str = "en"
) -> str:
    items = []
    for e in entries:
        title = (
            f'<a class="title" href="{escape(e.href)}">{escape(e.title)}</a>'
            if e.href
            else f'<span class="title">{escape(e.title)}</span>'
        )
        doi = f'<span class="doi">https://doi.org/{escape(e.doi)}</span>' if e.doi else ""
        failed = f'<span class="failed">not built: {escape(e.failed)}</span>' if e.failed else ""
        items.append(
            f'<li><span class="entry">{title}<span class="authors">{escape(e.authors)}</span>'
            f'{doi}{failed}</span><span class="pages">{escape(e.pages)}</span></li>'
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(journal + ', ' if journal else '')}{escape(issue_line)}: Contents"
        f"</title>\n<style>\n{typography}{TOC_CSS}</style>\n</head>\n<body>\n<header>"
        + (f'<p class="journal">{escape(journal)}</p>' if journal else "")
        + f'<p class="issue-line">{escape(issue_line)}</p></header>\n'
        f'<h1>Contents</h1>\n<ol class="toc">\n' + "\n".join(items) + "\n</ol>\n</body>\n</html>\n"
    )
