"""The style's words in the paper's language (render/labels.py), on a real German paper:
maehr/diskriminierungsfreie-metadaten's handbook (`lang: de-CH`, tests/realworld/excerpts),
whose gfpr, ieee and preprint builds printed "Abstract", "Figure 1" and "References"."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from docbuild.config import Settings, load_settings
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.jobs.parse import run_parse
from docbuild.render.labels import localize, localized_crossref, template_labels

FIXTURE = Path(__file__).parents[1] / "integration" / "fixtures" / "paper"
EXCERPT = Path(__file__).parents[1] / "realworld" / "excerpts" / "handbuch-metadaten.qmd"


def test_a_word_in_the_language_of_the_tag() -> None:
    assert localize("Figure", "de-CH") == "Abbildung"
    assert localize("Fig.", "de") == "Abb."
    assert localize("References", "es") == "Referencias"
    assert localize("Figure", "en-US") == "Figure"
    assert localize("Figure", "ja") == "Figure"  # a language the table does not know
    assert localize("Supplement", "de") == "Supplement"  # nor this word


def test_the_style_conventions_localized_and_english_untouched() -> None:
    ieee = {
        "fig": {"label": "Fig.", "plural": "Figs.", "caption": "Fig. {n}."},
        "tbl": {"label": "Table", "caption": "TABLE {n}", "numbering": "upper-roman"},
    }
    assert localized_crossref(ieee, "en-US") == ieee
    assert localized_crossref(ieee, "de-CH") == {
        "fig": {"label": "Abb.", "plural": "Abb.", "caption": "Abb. {n}."},
        "tbl": {"label": "Tabelle", "plural": "Tabellen", "caption": "TABELLE {n}",
                "numbering": "upper-roman"},
        "sec": {"label": "Abschnitt", "plural": "Abschnitte"},
        "lst": {"label": "Listing", "plural": "Listings"},
    }  # fmt: skip
    assert template_labels("fr")["abstract"] == "Résumé"


# The two headings the excerpt's tables cite (`@sec-...`), the paper's lines 349 and 925, so
# that its cross-references resolve (an unknown one stops the build).
CITED_HEADINGS = (
    "# Schritt-für-Schritt-Anleitung zur Erstellung von Metadaten für historische Quellen und"
    " Forschungsdaten {#sec-Schritt-für-Schritt-Anleitung}\n\n"
    "# Anhang: Schlagwortindex GenderOpen inklusive GND-Mapping {#sec-Schlagwortindex-GenderOpen}\n"
)


def excerpt_paper(tmp_path: Path, style: str) -> Settings:
    """The excerpt as a paper in `style`, built up to build/pandoc.html; its settings."""
    root = tmp_path / "paper"
    shutil.copytree(FIXTURE, root)
    shutil.rmtree(root / "manuscript")
    (root / "paper").mkdir()
    text = EXCERPT.read_text(encoding="utf-8") + "\n" + CITED_HEADINGS
    (root / "paper" / "handbuch.qmd").write_text(text, encoding="utf-8")
    (root / "docbuild.toml").write_text(
        f'style = "{style}"\nmanuscript = ["paper/handbuch.qmd"]\n', encoding="utf-8"
    )
    (root / "build").mkdir()
    settings = load_settings(root)
    assert run_normalize(settings, in_place=False)
    assert run_parse(settings)
    assert run_pandoc(settings)
    return settings


SharedBuild = Callable[[str, Callable[[Path], None]], Path]  # tests/conftest.py's shared_build


def shared_excerpt(shared: SharedBuild, style: str) -> Path:
    """`excerpt_paper`'s folder in `style`, made once a run for every worker: the tests here
    read its page, tests/styles/test_table_fit.py renders a copy of it. Read it only."""

    def build(folder: Path) -> None:
        excerpt_paper(folder, style)

    return shared(f"excerpt-{style}", build) / "paper"


def build_excerpt(shared: SharedBuild, style: str) -> str:
    page = shared_excerpt(shared, style) / "build" / "pandoc.html"
    return page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("style", "words"),
    [
        ("gfpr", ['<span class="label">Zusammenfassung:</span>',
                  '<span class="label">Korrespondenz:</span> Moritz Mähr (Universität',
                  "Universität Basel. E-Mail:",
                  '<span class="label">Zitiervorschlag:</span>',
                  '<span class="label">Schlüsselwörter:</span>',
                  ">Abbildung&nbsp;1:<", ">Literatur</h1>"]),
        ("ieee", ['<span class="label">Zusammenfassung</span>',
                  "Korrespondenz: Moritz Mähr (E-Mail: ",
                  ">Abb.&nbsp;1.<", ">Literatur</h1>"]),
    ],
)  # fmt: skip
def test_a_german_paper_prints_german_labels(
    shared_build: SharedBuild, style: str, words: list[str]
) -> None:
    page = build_excerpt(shared_build, style)
    missing = [w for w in words if w not in page]
    assert missing == []
    english = ("Abstract", "Key Words", "Corresponding", "Email", "e-mail", ">References<")
    for word in (*english, ">Figure&nbsp;"):
        assert word not in page


def test_a_figure_div_around_a_mermaid_chunk_keeps_its_caption(
    shared_build: SharedBuild,
) -> None:
    # The handbook's `::: {#fig-metadata-1}` holds a ```{mermaid} chunk and the caption: the
    # chunk was left out, so the caption became the figure's body under an empty caption.
    page = build_excerpt(shared_build, "gfpr")
    figure = page[page.index('<figure id="fig-metadata-1"') :]
    figure = figure[: figure.index("</figure>")]
    assert "made by the mermaid code chunk 'fig-metadata-1', which docbuild does not run" in figure
    assert (
        '<figcaption><span class="caption-label">Abbildung&nbsp;1:</span> Ein Metadatenobjekt'
        " (Abbildung 13) hat eine zugeordnete Ressource, nämlich ein Portrait.</figcaption>"
    ) in figure
