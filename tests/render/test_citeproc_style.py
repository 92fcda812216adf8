"""The cheaper APA (render/citeproc_style.py) prints what the style does, byte for byte, through
the real pandoc: every case is rendered with both styles and the outputs compared. A case where
two persons share a family name shows the comparison can fail, and that the check sees it."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from docbuild.render import citecache, citeproc_style, pandoc

ROOT = Path(__file__).resolve().parents[2]
APA = ROOT / "styles" / "gfpr" / "apa.csl"
IEEE = ROOT / "styles" / "ieee" / "ieee.csl"

Item = dict[str, object]


def _item(key: str, year: int, *names: dict[str, str], var: str = "author", **more: object) -> Item:
    return {"id": key, "type": "article-journal", "title": f"Title of {key}",
            "container-title": "Journal", "issued": {"date-parts": [[year]]},
            **({var: list(names)} if names else {}), **more}  # fmt: skip


def _p(family: str, given: str, **more: str) -> dict[str, str]:
    return {"family": family, "given": given, **more}


def _render(tmp: Path, items: list[Item], text: str, csl: Path) -> bytes:
    """pandoc's citeproc, as the build runs it, on `text` citing `items`: JSON out."""
    (tmp / "refs.json").write_text(json.dumps(items), encoding="utf-8")
    doc = pandoc.run(["-f", "markdown", "-t", "json"], cwd=tmp, stdin=text.encode())
    out = pandoc.run(
        ["-f", "json", "-t", "json", *citecache._citeproc_args(csl, tmp / "refs.json")],
        cwd=tmp, stdin=doc.output,
    )  # fmt: skip
    # The metadata names the style's file (citecache puts the original's name back).
    output = json.loads(out.output)
    assert output["meta"].pop("csl") == {"t": "MetaString", "c": pandoc.option_path(csl)}
    return json.dumps([output, out.warnings, out.reports]).encode()


def _plain(rendered: bytes) -> str:
    """The text of `_render`'s document, spaces and all."""
    doc = json.loads(rendered)[0]
    return pandoc.run(["-f", "json", "-t", "plain", "--wrap=none"], cwd=ROOT,
                      stdin=json.dumps(doc).encode()).output.decode()  # fmt: skip


def _fast(tmp: Path, style: Path) -> Path:
    made = citeproc_style.to_fast_style(style.read_bytes())
    assert made is not None
    path = tmp / "fast.csl"
    path.write_bytes(made[0])
    return path


def _cite_all(items: list[Item]) -> str:
    keys = [str(i["id"]) for i in items]
    paras = [f"As [@{k}] and @{k} [p. 3] and [-@{k}]." for k in keys]
    paras += [
        f"Together [{'; '.join('@' + k for k in keys[i : i + 3])}]." for i in range(0, len(keys), 2)
    ]
    return "\n\n".join(paras) + "\n"


SMITH = _p("Smith", "John A.")
JONES = _p("Jones", "Mary")
LEE = _p("Lee", "Ann")
BROWN = _p("Brown", "Tim")
VAN_GOGH = _p("Gogh", "Vincent", **{"non-dropping-particle": "van"})
DE_LA = _p("Fontaine", "Jean", **{"non-dropping-particle": "de la"})
BEETHOVEN = _p("Beethoven", "Ludwig", **{"dropping-particle": "van"})
WHO = {"literal": "World Health Organization"}

CASES: dict[str, list[Item]] = {
    # the same person twice in one year: year suffixes
    "same person, same year": [
        _item("s1", 2020, SMITH), _item("s2", 2020, SMITH), _item("s3", 2021, SMITH),
    ],
    # "Smith et al., 2020" four times: names added until they differ, then year suffixes
    "et al. needs names": [
        _item("e1", 2020, SMITH, JONES, LEE), _item("e2", 2020, SMITH, JONES, BROWN),
        _item("e3", 2020, SMITH, LEE, BROWN), _item("e4", 2020, SMITH, JONES, LEE),
    ],
    "editors as authors": [
        _item("ed1", 2019, JONES, var="editor"), _item("ed2", 2019, JONES, var="editor"),
        _item("ed3", 2019, JONES), _item("ed4", 2018, LEE, SMITH, var="editor"),
    ],
    "particles": [
        _item("p1", 1888, VAN_GOGH), _item("p2", 1888, VAN_GOGH, DE_LA),
        _item("p3", 1800, BEETHOVEN), _item("p4", 1800, BEETHOVEN),
        _item("p5", 1801, DE_LA, VAN_GOGH, BEETHOVEN),
    ],
    "literal names": [
        _item("l1", 2020, WHO), _item("l2", 2020, WHO), _item("l3", 2020, WHO, SMITH),
        _item("l4", 2020), _item("l5", 2020),
    ],
    # different co-authors of one family (not first: APA's rule looks at first names only)
    "co-authors share a family": [
        _item("c1", 2020, SMITH, _p("Lee", "Ann"), BROWN),
        _item("c2", 2020, SMITH, _p("Lee", "Bo"), BROWN),
        _item("c3", 2020, SMITH, _p("Lee", "Ann"), JONES),
        _item("c4", 2020, JONES, _p("Lee", "Bo")), _item("c5", 2020, JONES, _p("Lee", "Ann")),
        _item("c6", 2019, JONES, _p("Lee", "Cy"), var="editor"),
    ],
    "mixed": [
        _item("m1", 2020, SMITH, JONES), _item("m2", 2020, JONES, SMITH),
        _item("m3", 2020, SMITH, JONES), _item("m4", 2020, SMITH, _p("Jones", "Mary")),
        _item("m5", 2020, LEE, var="translator"),
        _item("m6", 2021, SMITH, BROWN, LEE, JONES, VAN_GOGH, DE_LA),
    ],
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_fast_style_prints_the_same(case: str, tmp_path: Path) -> None:
    items = CASES[case]
    assert citeproc_style.shared_family(items, first_only=True) is None
    text = _cite_all(items)
    full = _render(tmp_path, items, text, APA)
    assert "Title of" in _plain(full)
    assert _render(tmp_path, items, text, _fast(tmp_path, APA)) == full


def _random_items(rng: random.Random, count: int) -> list[Item]:
    """First names from persons who never share a family name, co-authors from a pool with
    namesakes ("Lee, Ann" and "Lee, Bo"), drawn often: many ambiguous citations."""
    first = [SMITH, JONES, BROWN, VAN_GOGH, DE_LA, BEETHOVEN, WHO, _p("Okafor", "Chidi")]
    others = [*first, LEE, _p("Lee", "Bo"), _p("Kim", "Ji"), _p("Kim", "Su"), _p("Tanaka", "K.")]
    items = []
    for i in range(count):
        head = rng.choice(first)
        rest = [n for n in others if n != head]
        names = [head, *rng.sample(rest, rng.choice((0, 0, 1, 1, 2, 3, 5)))]
        var = rng.choice(("author", "author", "author", "editor"))
        items.append(_item(f"r{i}", rng.choice((2019, 2020)), *names, var=var))
    return items


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_style_prints_the_same_on_random_items(seed: int, tmp_path: Path) -> None:
    items = _random_items(random.Random(seed), 40)
    text = _cite_all(items)
    full = _render(tmp_path, items, text, APA)
    assert "2020a" in _plain(full) or "2019a" in _plain(full)  # year suffixes are exercised
    assert _render(tmp_path, items, text, _fast(tmp_path, APA)) == full


def test_two_persons_of_one_family_print_differently_and_are_seen(tmp_path: Path) -> None:
    """The case the global rule is there for ("B. Khan, 2021" beside "M. T. F. Khan, 2019"):
    the fast style would print otherwise, so the check must refuse it."""
    items = [_item("k1", 2021, _p("Khan", "B.")), _item("k2", 2019, _p("Khan", "M. T. F."))]
    text = _cite_all(items)
    full = _render(tmp_path, items, text, APA)
    assert "(B. Khan, 2021)" in _plain(full)
    assert _render(tmp_path, items, text, _fast(tmp_path, APA)) != full
    assert citeproc_style.shared_family(items) == "Khan"


@pytest.mark.parametrize(
    ("names", "shared"),
    [
        ([_p("Khan", "B."), _p("Khan", "B.")], None),
        ([_p("Khan", "B."), _p("Khan", "M.")], "Khan"),
        (
            [
                _p("Gogh", "V.", **{"non-dropping-particle": "van"}),
                {"family": "van Gogh", "given": "T."},
            ],
            "van Gogh",
        ),
        (
            [{"family": "d'Alembert", "given": "J."}, {"family": "d’Alembert", "given": "J."}],
            "d’Alembert",
        ),
        ([_p("Smith", "J."), _p("smith", "J.")], "smith"),
        ([WHO, {"literal": "World Health Organization", "given": "x"}], None),
        (["Thompson || Hunter S.", _p("Thompson", "H.")], "Thompson"),
        ([_p("Smith", "J."), _p("Jones", "J.")], None),
    ],
)
def test_shared_family(names: list[object], shared: str | None) -> None:
    items = [{"id": f"i{i}", "author": [n]} for i, n in enumerate(names)]
    assert citeproc_style.shared_family(items) == shared


def test_shared_family_across_variables() -> None:
    items = [{"id": "a", "author": [SMITH]}, {"id": "b", "editor": [_p("Smith", "Jo")]}]
    assert citeproc_style.shared_family(items) == "Smith"
    assert citeproc_style.shared_family([{"id": "a", "author": [{"family": 3}]}]) == (
        "a family name that is not text"
    )


def test_to_fast_style_changes_one_attribute() -> None:
    style = APA.read_bytes()
    made = citeproc_style.to_fast_style(style)
    assert made is not None and made[1]  # APA's rule: primary-name-with-initials
    fast = made[0]
    assert len(fast) == len(style) + 1
    assert (
        fast.replace(b'disambiguate-add-givenname="false"', b'disambiguate-add-givenname="true"')
        == style
    )


@pytest.mark.parametrize(
    "citation",
    [
        '<citation disambiguate-add-givenname="true" givenname-disambiguation-rule="by-cite">',
        '<citation disambiguate-add-givenname="true">',  # no rule: by-cite
        '<citation disambiguate-add-givenname="false" givenname-disambiguation-rule="all-names">',
        "<citation>",
    ],
)
def test_to_fast_style_leaves_by_cite_alone(citation: str) -> None:
    style = (f'<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">{citation}'
             "<layout/></citation></style>").encode()  # fmt: skip
    assert citeproc_style.to_fast_style(style) is None


def test_to_fast_style_of_a_numeric_style() -> None:
    assert citeproc_style.to_fast_style(IEEE.read_bytes()) is None


def _document(tmp: Path, items: list[Item]) -> dict[str, object]:
    (tmp / "refs.json").write_text(json.dumps(items), encoding="utf-8")
    doc = pandoc.run(["-f", "markdown", "-t", "json"], cwd=tmp, stdin=_cite_all(items).encode())
    return json.loads(doc.output)


@pytest.mark.parametrize(("case", "fast"), [("same person, same year", True), ("khan", False)])
def test_cached_citeproc_runs_the_fast_style_only_where_it_may(
    case: str, fast: bool, tmp_path: Path
) -> None:
    items = CASES.get(case) or [
        _item("k1", 2021, _p("Khan", "B.")),
        _item("k2", 2019, _p("Khan", "M.")),
    ]
    doc = _document(tmp_path, items)
    kw = {"root": tmp_path, "csl": APA, "style": APA.read_bytes(), "timeout": 60.0}
    output, _, _ = citecache.cached_citeproc(
        doc,
        bibliography=tmp_path / "refs.json",
        cache=tmp_path / "build",
        **kw,  # type: ignore[arg-type]
    )
    copies = list((tmp_path / "build" / citecache.CACHE_DIR).glob("style-*.csl"))
    assert len(copies) == (1 if fast else 0)
    full = pandoc.run(
        ["-f", "json", "-t", "json", *citecache._citeproc_args(APA, tmp_path / "refs.json")],
        cwd=tmp_path, stdin=json.dumps(doc, sort_keys=True, ensure_ascii=False).encode(),
    )  # fmt: skip
    assert output == json.loads(full.output)


@pytest.mark.parametrize(
    ("meta", "name", "made"),
    [
        ({}, "refs.json", True),
        ({"references": {"t": "MetaList", "c": []}}, "refs.json", False),  # pandoc reads these
        ({"bibliography": {"t": "MetaString", "c": "x.bib"}}, "refs.json", False),
        ({}, "refs.yaml", False),
    ],
)
def test_fast_style_only_from_references_it_reads(
    meta: dict[str, object], name: str, made: bool, tmp_path: Path
) -> None:
    bib = tmp_path / name
    bib.write_text(json.dumps(CASES["mixed"]), encoding="utf-8")
    path = citecache._fast_style(
        {"meta": meta, "blocks": []}, style=APA.read_bytes(), bibliography=bib, folder=tmp_path
    )
    assert (path is not None) == made
    if path is not None:
        assert path.read_bytes() == _fast(tmp_path, APA).read_bytes()


KHANS = [_item("k1", 2021, _p("Khan", "B.")), _item("k2", 2019, _p("Khan", "M. T. F."))]


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("As [@k1].\n", True),  # pandoc hands citeproc the cited items only
        ("---\nnocite: '@k2'\n---\n\nAs [@k1].\n", False),
        ("---\nnocite: '@*'\n---\n\nAs [@k1].\n", False),
        ("As [@k1; @k2].\n", False),
    ],
)
def test_an_uncited_namesake_does_not_count(text: str, fast: bool, tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text(json.dumps(KHANS), encoding="utf-8")
    doc = json.loads(pandoc.run(["-f", "markdown", "-t", "json"], cwd=tmp_path,
                                stdin=text.encode()).output)  # fmt: skip
    path = citecache._fast_style(
        doc, style=APA.read_bytes(), bibliography=tmp_path / "refs.json", folder=tmp_path / "c"
    )
    assert (path is not None) == fast
    if path is not None:
        assert _render(tmp_path, KHANS, text, path) == _render(tmp_path, KHANS, text, APA)


def test_cited_items() -> None:
    items: list[object] = [{"id": "a"}, {"id": "b"}, {"id": 3}]
    cite = {"t": "Cite", "c": [[{"citationId": "b"}], []]}
    assert citeproc_style.cited_items(items, {"blocks": [cite]}) == [{"id": "b"}, {"id": 3}]
    star = {"t": "Cite", "c": [[{"citationId": "*"}], []]}
    assert citeproc_style.cited_items(items, {"meta": {"nocite": star}}) == items


def test_by_cite_would_print_otherwise(tmp_path: Path) -> None:
    """Why the copy turns the given names off rather than to `by-cite`: that rule adds given
    names within an ambiguous citation ("Smith, A. Lee, ..." for the two Lees)."""
    items = CASES["co-authors share a family"]
    text = _cite_all(items)
    by_cite = tmp_path / "by-cite.csl"
    by_cite.write_bytes(APA.read_bytes().replace(
        b'givenname-disambiguation-rule="primary-name-with-initials"',
        b'givenname-disambiguation-rule="by-cite"'))  # fmt: skip
    assert _render(tmp_path, items, text, by_cite) != _render(tmp_path, items, text, APA)


def test_a_name_in_a_note_counts(tmp_path: Path) -> None:
    """citeproc reads variables from a note's start (`author: Khan || B.`): a namesake there
    prints initials too, so the check must see it."""
    items = [_item("k1", 2021, note="author: Khan || B."), _item("k2", 2019, _p("Khan", "M."))]
    text = _cite_all(items)
    full = _render(tmp_path, items, text, APA)
    assert "(B. Khan, 2021)" in _plain(full)
    assert _render(tmp_path, items, text, _fast(tmp_path, APA)) != full
    assert citeproc_style.shared_family(items, first_only=True) == "Khan"


@pytest.mark.parametrize(
    ("note", "fields"),
    [
        ("author: Khan || B.\n{:editor: Lee || A.}rest: x", ["Khan || B.", "Lee || A.", "x"]),
        ("A note: with a colon", []),
        ("{:original-author: Smith}", ["Smith"]),
    ],
)
def test_note_fields(note: str, fields: list[str]) -> None:
    assert citeproc_style._note_fields(note) == fields
