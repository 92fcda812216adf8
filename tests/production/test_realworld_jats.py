"""JATS and Crossref XML for the real-manuscript corpus (tests/realworld/manuscripts): every
paper, set up by `docbuild init` as its authors would, gives XML valid against the official
schemas (JATS 1.3 DTD, PMC's rules, Crossref 5.3.1).

The journal adds what an author's manuscript never has (ISSN, publisher, DOI, landing page),
as `docbuild issue` does: through pandoc's metadata, the paper's files untouched (each is
copied first). The authors' own front matter is read as they wrote it (JOSS, Quarto,
ReScience: render/shapes.py). A paper that does not build is printed with its reason
and fails the test.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from schemakit import ROOT, crossref_errors, jats_dtd_errors, pmc_rule_errors

from docbuild.config import Settings
from docbuild.errors import DocbuildError

CORPUS = ROOT / "tests" / "realworld" / "manuscripts"
PAPERS = (
    sorted(p.name for p in CORPUS.iterdir() if (p / "EXPECTED.toml").is_file())
    if CORPUS.is_dir()
    else []
)
JOURNAL = {
    "title": "Global Foreign Policies Review",
    "abbrev-title": "GFPR",
    "pissn": "2708-3586",
    "publisher-name": "Humanity Only",
    "depositor": {"name": "GFPR Production Desk", "email": "production@example.org"},
}


def _meta(value: object) -> dict[str, object]:
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {k: _meta(v) for k, v in value.items()}}
    return {"t": "MetaString", "c": str(value)}


def journal_fields(slug: str):  # type: ignore[no-untyped-def]
    def edit(meta: dict[str, object]) -> None:
        meta["journal"] = _meta(JOURNAL)
        meta["date"] = _meta("Summer 2023")  # the date, as `docbuild issue` sets it
        article = meta.get("article")
        is_map = isinstance(article, dict) and article.get("t") == "MetaMap"
        fields = dict(article["c"]) if is_map else {}  # type: ignore[index]
        fields.update(
            {
                "doi": _meta(f"10.31703/gfpr.test.{slug}"),
                "url": _meta(f"https://www.gfprjournal.com/article/{slug}"),
                "fpage": _meta("1"),
            }
        )
        meta["article"] = {"t": "MetaMap", "c": fields}

    return edit


def _settings(slug: str, tmp: Path) -> Settings:
    """The paper set up as its authors would: `docbuild init` in a copy of its untouched
    folder (the settings it writes, with the preprint style)."""
    from docbuild.cli import main
    from docbuild.config import load_settings

    paper = tmp / slug
    shutil.copytree(
        CORPUS / slug, paper, ignore=shutil.ignore_patterns("SOURCE.toml", "EXPECTED.toml")
    )
    if main(["init", "--dir", str(paper)]) != 0:
        raise DocbuildError(f"docbuild init failed in {slug}")
    config = next(paper.rglob("docbuild.toml"))
    return dataclasses.replace(load_settings(config.parent), style="preprint")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path] | str]:
    from docbuild.jobs.crossref_xml import run_crossref_xml
    from docbuild.jobs.jats import run_jats
    from docbuild.jobs.normalize import run_normalize

    if not PAPERS:
        pytest.skip("tests/realworld/manuscripts is not here")
    tmp = tmp_path_factory.mktemp("realworld")
    out: dict[str, tuple[Path, Path] | str] = {}
    for slug in PAPERS:
        try:
            settings = _settings(slug, tmp)
            run_normalize(settings, in_place=False, verbose=False)
            run_jats(settings, edit_meta=journal_fields(slug))
            run_crossref_xml(settings, edit_meta=journal_fields(slug))
        except DocbuildError as exc:
            out[slug] = exc.message
            continue
        out[slug] = (settings.build_path / "paper.jats.xml", settings.build_path / "crossref.xml")
    built = sorted(s for s, v in out.items() if not isinstance(v, str))
    print(f"\nbuilt {len(built)} of {len(out)}: {', '.join(built)}")
    for slug, why in sorted(out.items()):
        if isinstance(why, str):
            print(f"  not yet: {slug}: {why}")
    return out


# What builds today: every corpus paper, set up by `docbuild init` as `doit build` reads it.
AT_LEAST = len(PAPERS)
# Built but not valid yet, each with the reason; the test fails when one becomes valid (take
# it out) or another paper becomes invalid.
KNOWN_INVALID: dict[str, str] = {}


def test_what_builds_is_valid_jats_and_crossref(corpus: dict[str, tuple[Path, Path] | str]) -> None:
    built = {s: v for s, v in corpus.items() if not isinstance(v, str)}
    assert len(built) >= AT_LEAST, corpus
    problems = {}
    for slug, (jats, deposit) in built.items():
        errors = jats_dtd_errors(jats) + pmc_rule_errors(jats) + crossref_errors(deposit)
        if errors:
            problems[slug] = errors[:5]
    assert sorted(problems) == sorted(KNOWN_INVALID), problems
