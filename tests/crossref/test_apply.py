"""Which DOIs `--apply-dois` writes: only confident matches, only where the entry has none."""

from __future__ import annotations

from pathlib import Path

from docbuild.bib.read import parse_bib
from docbuild.bib.write import to_bibtex
from docbuild.crossref.apply import apply_dois, dois_to_apply
from docbuild.crossref.verified import Status, Verification, VerifiedRefs
from docbuild.crossref.work import Work

BIB = """@article{hussain2012,
  author  = {Hussain, N.},
  title   = {Pak-Russia relations: lost opportunities and future options},
  year    = {2012},
}

@article{yousaf2014,
  author = {Yousaf, N.},
  title  = {Sources and Impact of Trust deficit in Pakistan- US relations},
  year   = {2014},
}

@article{khan2019,
  title = {Pakistan's Foreign Policy towards Russia: New Directions},
  doi   = {10.53532/ss.039.03.00107},
}
"""


def found(doi: str) -> Verification:
    return Verification(Status.FOUND, 0.97, "", "", record=Work(doi=doi, title="T"))


LOCK = VerifiedRefs(
    entries={
        "hussain2012": found("10.5555/jps.2012.19.1.79"),
        "yousaf2014": Verification(Status.NO_MATCH, 0.37, "", ""),
        "khan2019": found("10.5555/other"),  # the entry got its own DOI since: keep it
    }
)


def test_only_confident_dois_for_entries_without_one():
    bib = parse_bib(BIB, Path("refs.bib"))
    assert dois_to_apply(bib, LOCK) == {"hussain2012": "10.5555/jps.2012.19.1.79"}


def test_the_doi_becomes_the_last_field():
    bib, applied = apply_dois(parse_bib(BIB, Path("refs.bib")), LOCK)
    assert applied == {"hussain2012": "10.5555/jps.2012.19.1.79"}
    hussain = bib.by_key()["hussain2012"]
    doi = hussain.fields[-1]
    assert (doi.name, doi.value, doi.raw, doi.line) == (
        "doi",
        "10.5555/jps.2012.19.1.79",
        "{10.5555/jps.2012.19.1.79}",
        5,
    )
    assert bib.by_key()["yousaf2014"].get("doi") is None


def test_the_entry_keeps_its_layout():
    bib, _ = apply_dois(parse_bib(BIB, Path("refs.bib")), LOCK)
    assert to_bibtex(bib).split("\n\n")[0] == (
        "@article{hussain2012,\n"
        "  author  = {Hussain, N.},\n"
        "  title   = {Pak-Russia relations: lost opportunities and future options},\n"
        "  year    = {2012},\n"
        "  doi     = {10.5555/jps.2012.19.1.79},\n"
        "}"
    )


def test_with_a_duplicate_key_only_the_verified_first_entry_gets_the_doi():
    """verify-refs looked up the first of the two; the second may be another work, or have
    its own DOI already (a second doi field would be written)."""
    twice = BIB + "\n@article{hussain2012,\n  title = {Another},\n  doi   = {10.5555/own},\n}\n"
    bib, applied = apply_dois(parse_bib(twice, Path("refs.bib")), LOCK)
    assert applied == {"hussain2012": "10.5555/jps.2012.19.1.79"}
    first, second = (e for e in bib.entries if e.key == "hussain2012")
    assert [f.value for f in first.fields if f.name == "doi"] == ["10.5555/jps.2012.19.1.79"]
    assert [f.value for f in second.fields if f.name == "doi"] == ["10.5555/own"]
    # The first without a DOI-less twin: the twin without a DOI is not given the first's.
    swapped = BIB.replace("@article{hussain2012,", "@article{hussain2012,\n  doi = {10.1/x},", 1)
    swapped += "\n@article{hussain2012,\n  title = {Another},\n}\n"
    assert dois_to_apply(parse_bib(swapped, Path("refs.bib")), LOCK) == {}
