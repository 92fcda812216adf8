"""When a record is the cited work (crossref/identify.py), and what is not a difference."""

from __future__ import annotations

from docbuild.bib.model import BibEntry, BibField
from docbuild.crossref.identify import differences, identified
from docbuild.crossref.match import match, reference_from_entry
from docbuild.crossref.work import Author, Work


def entry(**fields: str) -> BibEntry:
    return BibEntry(
        "inproceedings",
        "x",
        tuple(BibField(name, value, n + 2) for n, (name, value) in enumerate(fields.items())),
        line=1,
    )


def test_a_short_title_and_its_year_do_not_name_one_work():
    e = entry(author="Okafor, A.", title="Deep Learning", year="2021")
    other = Work("10.5555/1", "Deep Learning", authors=(Author("Lindqvist"),), issued="2021")
    assert not identified(reference_from_entry(e), match(reference_from_entry(e), other))
    long = entry(author="Okafor, A.", title="Gradient Descent on Tangled Manifolds", year="2021")
    same = Work(
        "10.5555/2",
        "Gradient Descent on Tangled Manifolds",
        authors=(Author("Lindqvist"),),
        issued="2021",
    )
    assert identified(reference_from_entry(long), match(reference_from_entry(long), same))


def test_registry_forms_of_the_same_data_are_no_difference():
    e = entry(
        author="Lim, Jongin and Kim, Youngdong and Shin, Jinwoo",
        title="Task Allocation &amp; Regularization for Pre-training",
        booktitle="ICML",
        year="2022",
    )
    record = Work(
        "",
        "Task Allocation amp; Regularization for Pretraining",
        authors=(Author("Lim"), Author("Kim")),  # a registry that lists the first authors only
        container="Proceedings of the 39th International Conference on Machine Learning",
        issued="2021",  # online a year before: within one
        source="openalex",
    )
    assert differences(e, record, by_doi=False, versions_known=True) == []
