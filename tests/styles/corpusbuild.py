"""The real-manuscript corpus built up to the PDF in a style, as the layout tests build it:
each paper set up as tests/production/test_realworld_jats.py sets it up (`docbuild init` in a
copy; the journal adds its fields through pandoc's metadata), with keywords and an abstract
where a paper has none, which gfpr and ieee require.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from docbuild.config import Settings

REPO = Path(__file__).resolve().parents[2]
# The corpus set-up has one home, in a test folder that is not a package.
if str(REPO / "tests" / "production") not in sys.path:
    sys.path.insert(0, str(REPO / "tests" / "production"))
import test_realworld_jats as corpus  # noqa: E402

PAPERS: list[str] = corpus.PAPERS
STYLES = ("gfpr", "ieee", "preprint")
# The layout tests' cases: the sample paper and each corpus paper, in each style (one case a
# PDF, so that xdist spreads the builds over its workers).
CASES = [(style, name) for style in STYLES for name in ("sample", *PAPERS)]


def build_corpus_page(slug: str, style: str, tmp: Path) -> Settings:
    """A corpus paper in `style` up to the page the PDF step gets; its settings."""
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parse import run_parse

    settings = dataclasses.replace(corpus._settings(slug, tmp), style=style)
    journal = corpus.journal_fields(slug)

    def edit(meta: dict[str, object]) -> None:
        journal(meta)
        meta.setdefault("keywords", {"t": "MetaList", "c": [corpus._meta("corpus")]})
        meta.setdefault("abstract", corpus._meta("The abstract the journal asks for."))

    run_normalize(settings, in_place=False, verbose=False)
    run_parse(settings)
    run_pandoc(settings, edit_meta=edit)
    return settings


def build_corpus_pdf(slug: str, style: str, tmp: Path) -> Path:
    from docbuild.jobs.build import run_pdf

    settings = build_corpus_page(slug, style, tmp)
    run_pdf(settings)
    return settings.build_path / "paper.pdf"
