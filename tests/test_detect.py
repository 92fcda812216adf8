"""`docbuild init`'s detection over file listings: each convention, and what it says it assumed."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.detect import Kind, NotFound, detect
from docbuild.frontyaml import front_matter_block, top_level

JOSS = (
    "---\ntitle: T\nauthors:\n  - name: A\n    affiliation: 1\nbibliography: paper.bib\n---\nText\n"
)


def test_a_joss_paper_in_paper_folder_with_its_bib() -> None:
    plan = detect(
        ["README.md", "paper/paper.md", "paper/paper.bib", "src/x.py"],
        {"paper/paper.md": JOSS, "README.md": "# x"},
    )
    assert (plan.kind, plan.manuscript, plan.bibliography) == (
        Kind.JOSS,
        ("paper/paper.md",),
        ("paper/paper.bib",),
    )
    assert plan.found == (
        "the JOSS paper paper/paper.md",
        "bibliography paper/paper.bib (the 'bibliography:' of paper/paper.md)",
    )
    assert plan.assumed == ()


def test_every_bibliography_the_front_matter_names_is_read_in_order() -> None:
    text = JOSS.replace(
        "bibliography: paper.bib", "bibliography: [online.bib, article.bib, gone.bib]"
    )
    plan = detect(
        ["paper/paper.md", "paper/article.bib", "paper/online.bib"], {"paper/paper.md": text}
    )
    assert plan.bibliography == ("paper/online.bib", "paper/article.bib")
    assert plan.found[-1] == (
        "bibliographies paper/online.bib and paper/article.bib (the 'bibliography:' of"
        " paper/paper.md)"
    )
    assert plan.assumed == (
        "paper/paper.md names the bibliography 'gone.bib', which does not exist; left out",
    )


def test_quarto_yml_may_name_several_bibliographies() -> None:
    config = (
        "project:\n  type: manuscript\nmanuscript:\n  article: index.qmd\n"
        "bibliography:\n  - refs.bib\n  - software.bib\n"
    )
    plan = detect(
        ["_quarto.yml", "index.qmd", "refs.bib", "software.bib"],
        {"_quarto.yml": config, "index.qmd": "---\ntitle: T\n---\n"},
    )
    assert plan.bibliography == ("refs.bib", "software.bib")


def test_a_bibliography_the_front_matter_misnames_is_an_assumption() -> None:
    text = JOSS.replace("paper.bib", "Mine.bib")
    plan = detect(["paper/paper.md", "paper/paper.bib"], {"paper/paper.md": text})
    assert plan.bibliography == ("paper/paper.bib",)
    assert plan.assumed == (
        "paper/paper.md names the bibliography 'Mine.bib', which does not "
        "exist; using paper/paper.bib, the .bib file beside it",
    )


def test_a_quarto_manuscript_project_names_its_article() -> None:
    config = "project:\n  type: manuscript\nmanuscript:\n  article: article.qmd\n"
    qmd = "---\ntitle: T\nbibliography: references.bib\ncsl: csl/apa.csl\n---\n"
    plan = detect(
        ["_quarto.yml", "article.qmd", "notebooks/n.qmd", "references.bib", "csl/apa.csl"],
        {"_quarto.yml": config, "article.qmd": qmd},
    )
    assert plan.kind is Kind.QUARTO
    assert (plan.manuscript, plan.bibliography, plan.csl, plan.settings) == (
        ("article.qmd",),
        ("references.bib",),
        "csl/apa.csl",
        ("_quarto.yml",),
    )


def test_quarto_render_list_and_a_bibliography_only_in_quarto_yml() -> None:
    config = 'project:\n  render:\n    - "main.qmd"\n    - appendix.qmd\nbibliography: refs.bib\n'
    plan = detect(
        ["m/_quarto.yml", "m/main.qmd", "m/appendix.qmd", "m/refs.bib"],
        {"m/_quarto.yml": config, "m/main.qmd": "---\ntitle: T\n---\n"},
    )
    assert plan.manuscript == ("m/main.qmd", "m/appendix.qmd")
    assert plan.bibliography == ("m/refs.bib",)
    assert "bibliography m/refs.bib (the 'bibliography:' of m/_quarto.yml)" in plan.found


def test_pandoc_crossref_capitalised_bibliography_on_the_next_line() -> None:
    text = "---\nTitle: T\nBibliography:\n  a.bib\n\n---\n"
    plan = detect(
        ["article/a.md", "article/a.bib", "article/crossref.yaml", "article/README.md"],
        {"article/a.md": text, "article/README.md": "# readme"},
    )
    assert (plan.kind, plan.manuscript, plan.bibliography, plan.settings) == (
        Kind.CROSSREF,
        ("article/a.md",),
        ("article/a.bib",),
        ("article/crossref.yaml",),
    )


def test_manubot_leaves_out_its_jinja_template() -> None:
    names = [
        "content/metadata.yaml",
        "content/00.front-matter.md",
        "content/01.intro.md",
        "content/90.back-matter.md",
        "content/manual-references.json",
    ]
    texts = {
        "content/00.front-matter.md": "{% if manubot.date %}x{% endif %}",
        "content/01.intro.md": "# Intro",
        "content/90.back-matter.md": "## References",
    }
    plan = detect(names, texts)
    assert plan.kind is Kind.MANUBOT
    assert plan.manuscript == ("content/01.intro.md", "content/90.back-matter.md")
    assert (plan.bibliography, plan.metadata) == ((), ("content/metadata.yaml",))
    assert plan.assumed == (
        "content/00.front-matter.md is a Jinja template that manubot fills in: left out",
    )
    assert plan.found[1:] == (
        "the title and authors in content/metadata.yaml",
        "content/manual-references.json: Manubot's works, for its citation keys",
    )


def test_the_named_manuscript_wins_and_folders_of_tools_are_skipped() -> None:
    texts = {"a.md": "---\ntitle: A\n---\n", "b.md": "---\ntitle: B\n---\n"}
    with pytest.raises(NotFound):
        detect(["a.md", "b.md"], texts)  # two candidates: init asks instead of guessing
    assert detect(["a.md", "b.md"], texts, given="b.md").manuscript == ("b.md",)
    only = detect(["a.md", "node_modules/x/b.md"], {**texts, "node_modules/x/b.md": texts["b.md"]})
    assert only.manuscript == ("a.md",)
    assert only.assumed == (
        "no bibliography: no 'bibliography:' and no .bib file beside the manuscript",
    )


def test_nothing_to_build_says_what_was_looked_for() -> None:
    with pytest.raises(NotFound, match=r"^no manuscript found: looked for a JOSS paper\.md"):
        detect(["README.md", "setup.py"], {"README.md": "# no front matter"})


def test_a_folder_of_numbered_parts_without_front_matter() -> None:
    # jaantollander/masters-thesis (CC-BY-4.0): its build script gives pandoc the parts, six
    # --bibliography files and the title; nothing in the Markdown says what the paper is.
    parts = ["content/10_introduction.md", "content/20_hpc.md", "content/21_puhti.md"]
    bibs = ["content/bibliography/article.bib", "content/bibliography/book.bib"]
    names = ["README.md", "thesis", *reversed(parts), *bibs, "notes/notes.md", "metadata/tex.yaml"]
    plan = detect(names, {p: "\\clearpage\n\n# Introduction\n" for p in parts})
    assert (plan.kind, plan.manuscript, plan.bibliography) == (
        Kind.MARKDOWN,
        tuple(parts),
        tuple(bibs),
    )
    assert plan.found == ("3 numbered Markdown parts in content/, read in name order",)
    assert plan.assumed == (
        "the parts have no front matter: give the title and authors in a YAML block at the top"
        " of content/10_introduction.md, or in a file named by docbuild.toml's metadata",
        "bibliographies content/bibliography/article.bib and content/bibliography/book.bib:"
        " every .bib file in content/, in name order (of a key in two files, pandoc prints the"
        " later file's entry)",
    )
    assert detect([*parts, bibs[0]], {}).bibliography == (bibs[0],)  # the one .bib below
    # numbered docs of a library, or two parts, are no manuscript
    for listing in (["docs/01-install.md", "docs/02-use.md", "docs/03-api.md"], parts[:2]):
        with pytest.raises(NotFound):
            detect(listing, {})


def test_front_matter_block_ends_at_dots_and_reads_nested_keys() -> None:
    assert front_matter_block("---\na: 1\n...\nbody\n") == "a: 1"
    assert front_matter_block("no yaml\n---\n") == ""
    yaml = "a: 'x' # note\nb: [p.bib, q.bib]\nc:\n  - one\n  - two\nd:\n  e: f\n  g:\n    h: i\n"
    assert top_level(yaml) == {"a": "x", "b": ["p.bib", "q.bib"], "c": ["one", "two"], "d.e": "f"}


def test_an_r_markdown_paper_is_markdown() -> None:
    text = "---\ntitle: T\nbibliography: refs.bib\n---\n\n```{r}\n1\n```\n"
    plan = detect(["paper.Rmd", "refs.bib", "R/x.R"], {"paper.Rmd": text})
    assert (plan.kind, plan.manuscript, plan.bibliography) == (
        Kind.MARKDOWN,
        ("paper.Rmd",),
        ("refs.bib",),
    )


EXCERPTS = Path(__file__).parent / "realworld" / "excerpts"


def test_a_bibliography_named_with_dot_dot_is_found() -> None:
    # ABSESpy's JOSS paper (tests/realworld/excerpts): docs/paper/paper.md names "../refs.bib".
    text = (EXCERPTS / "absespy-front.md").read_text(encoding="utf-8")
    files = ["docs/paper/paper.md", "docs/refs.bib", "docs/paper/api_diagram.png"]
    plan = detect(files, {"docs/paper/paper.md": text})
    assert plan.bibliography == ("docs/refs.bib",)
    assert plan.found == (
        "the JOSS paper docs/paper/paper.md",
        "bibliography docs/refs.bib (the 'bibliography:' of docs/paper/paper.md)",
    )
    assert plan.assumed == ()


def test_a_named_bibliography_that_is_missing_is_said_so() -> None:
    text = (EXCERPTS / "absespy-front.md").read_text(encoding="utf-8")
    plan = detect(["docs/paper/paper.md"], {"docs/paper/paper.md": text})
    assert plan.bibliography == ()
    assert plan.assumed == (
        "docs/paper/paper.md names the bibliography '../refs.bib', which does not exist;"
        " no bibliography is read",
    )


def test_dot_dot_above_the_repository_is_not_a_listed_file() -> None:
    text = JOSS.replace("paper.bib", "../../paper.bib")
    plan = detect(["paper/paper.md", "paper.bib"], {"paper/paper.md": text})
    assert plan.bibliography == ()


def test_the_manuscript_typesetters_readme_with_metadata_json() -> None:
    """FrancisBanville/ms_interpreting_probabilities, as PoisotLab's manuscript-typesetter
    keeps a paper: README.md is the manuscript (no front matter), metadata.json the title and
    authors, references.bib the works; appendix/s1.md (with a front matter of its own) is a
    supplement. Before, init took appendix/s1.md for the paper and found no bibliography."""
    names = [
        ".assets/scripts/affiliations.py", "LICENSE.md", "README.md", "appendix/s1.md",
        "code/01_import_data.r", "figures/spatial_scaling.png", "metadata.json", "references.bib",
    ]  # fmt: skip
    texts = {
        "README.md": "# Introduction\n\n## Species interactions are variable and uncertain\n",
        "appendix/s1.md": "---\nname: Data manipulation and analysis\norder: 1\n---\n\n# Data\n",
    }
    plan = detect(names, texts)
    assert (plan.kind, plan.manuscript, plan.bibliography, plan.metadata) == (
        Kind.TYPESETTER, ("README.md",), ("references.bib",), ("metadata.json",),
    )  # fmt: skip
    assert plan.found == (
        "README.md with metadata.json beside it (the manuscript-typesetter's layout)",
        "the title, authors and abstract in metadata.json",
        "bibliography references.bib, the .bib file beside it",
    )
    assert plan.assumed == (
        "appendix/s1.md: a supplement, which the typesetter builds on its own; left out",
    )
    # A repository's README beside a metadata.json but without a .bib is not a paper.
    plan = detect([n for n in names if n != "references.bib"], texts)
    assert plan.manuscript == ("appendix/s1.md",)
