"""Invented works, one for each way a registry can know a work (DOIs under the 10.5555 test
prefix, or shaped like arXiv's and a think tank's DataCite DOIs); the shapes/ fixtures show
the same works."""

from __future__ import annotations

from .records import Person, Registry, WorkRecord, WorkType

ARTICLE = WorkRecord(
    title="Gradient Descent on Tangled Manifolds",
    authors=(Person("Okafor", "Adaeze"), Person("Lindqvist", "Per")),
    year=2021,
    venue="Journal of Imaginary Optimization",
    type=WorkType.JOURNAL_ARTICLE,
    doi="10.5555/jio.2021.0042",
    registry=Registry.CROSSREF,
)
PREPRINT = WorkRecord(
    title="Sparse Attention for Tangled Sequences",
    authors=(Person("Haddad", "Rami"), Person("Okafor", "Adaeze")),
    year=2022,
    venue="arXiv",
    type=WorkType.PREPRINT,
    doi="10.48550/arXiv.2203.01234",
    registry=Registry.DATACITE,
    arxiv_id="2203.01234",
    publisher="arXiv",
)
REPORT = WorkRecord(
    title="Regional Water Futures",
    authors=(Person("Institute for Imaginary Policy"),),
    year=2020,
    venue="Policy Papers",
    type=WorkType.REPORT,
    doi="10.48561/iip.2020.7",
    registry=Registry.DATACITE,
)
NO_DOI = WorkRecord(
    title="Tangled Manifolds in Practice",
    authors=(Person("Lindqvist", "Per"),),
    year=2023,
    venue="Neural Information Processing Systems",
    type=WorkType.PROCEEDINGS_ARTICLE,
    registry=Registry.NONE,
)
PUBLISHED_PREPRINT = WorkRecord(
    title="Tangled Manifolds Revisited",
    authors=(Person("Okafor", "Adaeze"),),
    year=2023,
    venue="Journal of Imaginary Optimization",
    doi="10.5555/jio.2023.0007",
    registry=Registry.CROSSREF,
    arxiv_id="2301.00777",
)
RECORDS = (ARTICLE, PREPRINT, REPORT, NO_DOI, PUBLISHED_PREPRINT)
# Entries citing ARTICLE (by its DOI), REPORT (a DataCite DOI) and NO_DOI (found by title),
# as an author writes them: the real part of the tests' refs.bib files.
BIB_OF_REAL_WORKS = """@article{okafor2021,
  author = {Okafor, Adaeze and Lindqvist, Per},
  title = {Gradient Descent on Tangled Manifolds},
  journal = {Journal of Imaginary Optimization},
  year = {2021},
  doi = {10.5555/jio.2021.0042}
}

@techreport{iip2020,
  author = {{Institute for Imaginary Policy}},
  title = {Regional Water Futures},
  institution = {Institute for Imaginary Policy},
  year = {2020},
  doi = {10.48561/iip.2020.7}
}

@inproceedings{lindqvist2023,
  author = {Lindqvist, Per},
  title = {Tangled Manifolds in Practice},
  booktitle = {NeurIPS},
  year = {2023}
}
"""
