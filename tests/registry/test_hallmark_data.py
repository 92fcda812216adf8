"""HALLMARK's development split as kept in tests/data/hallmark, and the stand-in built from it."""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from registry.plugin import HALLMARK_RECORDS
from registry.records import Person, Registry, read_records
from registry.server import RegistryServer

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from build_hallmark_records import bare_doi, person, plain, venue_name  # noqa: E402
from hallmark_data import DATA, DEV_SPLIT, KINDS, read_entries, to_bibtex  # noqa: E402

# HALLMARK's data/v1.0/metadata.json, splits.dev_public.type_distribution
PUBLISHED_COUNTS = {
    "arxiv_version_mismatch": 49,
    "chimeric_title": 47,
    "fabricated_doi": 39,
    "future_date": 30,
    "hybrid_fabrication": 26,
    "merged_citation": 30,
    "near_miss_title": 52,
    "nonexistent_venue": 39,
    "partial_author_list": 32,
    "placeholder_authors": 41,
    "plausible_fabrication": 76,
    "preprint_as_published": 31,
    "swapped_authors": 67,
    "wrong_venue": 47,
}


def test_the_copy_is_the_published_split() -> None:
    source = tomllib.loads((DATA / "SOURCE.toml").read_text(encoding="utf-8"))
    assert hashlib.sha256(DEV_SPLIT.read_bytes()).hexdigest() == source["sha256"]
    assert (DATA / source["licence_file"]).read_text(encoding="utf-8").startswith("MIT License")
    entries = read_entries()
    assert len(entries) == 1119 and len({e.key for e in entries}) == 1119
    assert Counter(e.label for e in entries) == {"VALID": 513, "HALLUCINATED": 606}
    assert Counter(e.kind for e in entries if e.kind) == PUBLISHED_COUNTS
    assert {k for k, _ in KINDS} == set(PUBLISHED_COUNTS)


def test_entries_become_bibtex_with_their_fields_unchanged() -> None:
    [entry] = [e for e in read_entries() if e.key == "d5eef6dc978e"]
    assert to_bibtex([entry]) == (
        "@inproceedings{d5eef6dc978e,\n"
        "  author = {Jongin Lim and Youngdong Kim and Byungjai Kim and Chanho Ahn and Jinwoo Shin"
        " and Eunho Yang and Seungju Han},\n"
        "  title = {BiasAdv: Bias-Adversarial Augmentation towards Model Debiasing},\n"
        "  booktitle = {CVPR},\n"
        "  year = {2023},\n"
        "  doi = {10.1109/CVPR52729.2023.00373}\n"
        "}\n"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jan-Willem van de Meent", Person("van de Meent", "Jan-Willem")),
        ("Lei Liu 0049", Person("Liu", "Lei")),
        ("St{\\'e}phane Deny", Person("Deny", "Stéphane")),
        ("Dosovitskiy, Alexey", Person("Dosovitskiy", "Alexey")),
    ],
)
def test_names_are_split_as_registries_hold_them(name: str, expected: Person) -> None:
    assert person(name) == expected


def test_titles_dois_and_venues_are_rewritten_as_registries_show_them() -> None:
    assert plain("{PaLM}: Scaling with $\\varepsilon$") == "PaLM: Scaling with ε"
    assert bare_doi("https://doi.org/10.48550/arXiv.2602.12271v1") == "10.48550/arXiv.2602.12271"
    assert bare_doi("10.1109/CVPR52729.2023.00373") == "10.1109/CVPR52729.2023.00373"
    assert venue_name("NeurIPS", 2021) == "Advances in Neural Information Processing Systems 34"
    assert (
        venue_name("ICML", 2023)
        == "Proceedings of the 40th International Conference on Machine Learning"
    )
    assert (
        venue_name("CVPR", 2022)
        == "2022 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
    )
    assert venue_name("Some Workshop", 2022) == "Some Workshop"


def test_every_entry_is_linked_to_records_that_exist() -> None:
    records = read_records(HALLMARK_RECORDS)
    keys = {r.key for r in records}
    assert len(keys) == len(records) == 533
    imitations = [json.loads(line) for line in (DATA / "imitations.jsonl").read_text().splitlines()]
    assert {i["key"] for i in imitations} == {e.key for e in read_entries()}
    for i in imitations:
        assert all(link["record"] in keys for link in i["links"])
        if i["group"] == "VALID":
            assert [link["how"] for link in i["links"]] == ["valid-entry"]
    linked = Counter(i["group"] for i in imitations if i["links"])
    assert linked["plausible_fabrication"] == 0  # nothing real behind an invented work
    assert linked["future_date"] == 30 and linked["VALID"] == 513
    others = read_records(DATA / "registry_pool_records.jsonl")
    assert not keys & {r.key for r in others}


def test_the_stand_in_serves_a_valid_entrys_work(hallmark_registry: RegistryServer) -> None:
    """The near miss d5eef6dc978e imitates BiasAdv: the stand-in knows its real title."""
    url = f"{hallmark_registry.crossref}/works/10.1109/CVPR52729.2023.00373"
    with urllib.request.urlopen(url, timeout=5) as r:
        message = json.load(r)["message"]
    assert message["title"] == ["BiasAdv: Bias-Adversarial Augmentation for Model Debiasing"]
    assert message["container-title"] == [
        "2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
    ]
    no_doi = next(r for r in hallmark_registry.records if r.registry is Registry.NONE)
    query = urllib.parse.urlencode({"search": no_doi.title, "per-page": "1"})
    with urllib.request.urlopen(f"{hallmark_registry.openalex}/works?{query}", timeout=5) as r:
        assert json.load(r)["results"][0]["title"] == no_doi.title


def test_the_pools_add_neighbours_to_a_search(hallmark_registry_with_pools: RegistryServer) -> None:
    assert len(hallmark_registry_with_pools.records) == 533 + 522
    query = urllib.parse.urlencode({"search": "Uncertainty Quantification in Deep Neural Networks"})
    with urllib.request.urlopen(f"{hallmark_registry_with_pools.openalex}/works?{query}") as r:
        results = json.load(r)["results"]
    assert results and all(
        w["title"] != "Uncertainty Quantification in Deep Neural Networks" for w in results
    )


def test_the_bench_counts_only_errors_that_name_an_entry() -> None:
    from bench_hallmark import Row, flagged_keys, format_table

    from docbuild.diagnostics import Diagnostic, Location, Severity

    def finding(key: str | None, severity: Severity, name: str = "some-rule") -> Diagnostic:
        return Diagnostic(Location(Path("refs.bib"), 1), "B000", name, severity, "m", key=key)

    findings = (
        finding("a", Severity.ERROR, "doi-not-found"),
        finding("a", Severity.ERROR, "no-record"),
        finding("b", Severity.WARNING),
        finding(None, Severity.ERROR),
    )
    assert flagged_keys(findings) == {"a": {"doi-not-found", "no-record"}}
    rows = [
        Row("VALID", None, 4, 1, ()),
        Row("future_date", 1, 2, 2, (("r", 2),), existence=1, linked=2, linked_flagged=1),
    ]
    table = format_table(rows)
    assert "VALID                       -       4       1  25.0%      0.0%" in table
    assert table.splitlines()[-1].split() == [
        "all",
        "fabricated",
        "2",
        "2",
        "100.0%",
        "50.0%",
        "1/2",
        "50.0%",
    ]
