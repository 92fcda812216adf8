"""`doit crossref-xml`: build/crossref.xml, the Crossref deposit (schema 5.3.1) of the paper."""

from __future__ import annotations

import json
import sys

from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.fsutil import write_text_atomic
from docbuild.jobs.parsed import MetaEdit, Parsed, parse_paper, run_pandoc_on
from docbuild.lock import build_lock
from docbuild.render import pandoc
from docbuild.render.crossref_deposit import Citation, DepositArticle

CROSSREF_XML = "crossref.xml"


def cited_references(parsed: Parsed, settings: Settings) -> list[Citation]:
    """The works the paper cites, in the style's order, each with its DOI and printed text:
    citeproc's own bibliography for the manuscript (pandoc's JSON output, read here)."""
    from docbuild.render.crossref_deposit import unstructured
    from docbuild.render.meta import blocks_to_text

    if parsed.refs_path is None:
        return []
    args = [
        "-f",
        "json",
        "-t",
        "json",
        "--lua-filter",
        str(pandoc.CROSSREF_FILTER),
        "--citeproc",
        "--csl",
        str(parsed.csl),
        "--bibliography",
        str(parsed.refs_path),
    ]
    result = run_pandoc_on(parsed, settings, args, what="the manuscript (citations)")
    ast = json.loads(result.output)
    dois = {str(i.get("id")): str(i["DOI"]) for i in parsed.refs if i.get("DOI")}
    out: list[Citation] = []
    for block in _refs_entries(ast.get("blocks", [])):
        key = block["c"][0][0].removeprefix("ref-")
        out.append(Citation(key, dois.get(key), unstructured(blocks_to_text(block["c"][1]))))
    return out


def _refs_entries(blocks: list[object]) -> list[dict]:  # type: ignore[type-arg]
    """The entries of citeproc's Div#refs, wherever the manuscript put it."""
    stack = list(blocks)
    while stack:
        block = stack.pop(0)
        if not isinstance(block, dict) or block.get("t") != "Div":
            continue
        attr, content = block["c"]
        if attr[0] == "refs":
            return [b for b in content if isinstance(b, dict) and b.get("t") == "Div"]
        stack.extend(content)
    return []


def deposit_article(parsed: Parsed, settings: Settings) -> DepositArticle:
    where = Location(parsed.files[0], 1) if parsed.files else None
    return DepositArticle(parsed.front, tuple(cited_references(parsed, settings)), where)


def run_crossref_xml(settings: Settings, *, edit_meta: MetaEdit | None = None) -> bool:
    """manuscript + the references the build prints -> build/crossref.xml."""
    from docbuild.jobs.build import source_date_epoch
    from docbuild.render.crossref_deposit import deposit_xml, depositor_for

    with build_lock(settings):
        parsed = parse_paper(settings, edit_meta=edit_meta)
        article = deposit_article(parsed, settings)
        depositor = depositor_for(parsed.front, article.where)
        if not parsed.front.publishing.issns:
            print(
                f"{parsed.files[0]}: warning: the deposit names no ISSN (journal.pissn or"
                " journal.eissn); Crossref registers a journal by its ISSN",
                file=sys.stderr,
            )
        xml = deposit_xml([article], depositor, epoch=source_date_epoch(settings, parsed.style))
        write_text_atomic(settings.build_path / CROSSREF_XML, xml)
    return True
