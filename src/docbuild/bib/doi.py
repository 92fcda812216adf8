"""DOIs as people write them, and the bare DOI they mean: the one cleaner everything uses.

`https://www.doi.org/10.1000/ABC`, `doi:10.1000/ABC`, `http://dx.doi.org/10.1000%2FABC`,
`10.1000/ABC.` and `10.1000/A\\_BC` all hold a DOI; `bare_doi` gives what a `doi` field
should hold, `doi_key` the form two DOIs are compared in (DOIs ignore case).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

DOI = re.compile(r"10\.\d{4,9}/\S+")
# A resolver address (any scheme, `www.` or `dx.`, or none) or the `doi:` label.
_PREFIX = re.compile(r"^\s*(?:(?:https?://)?(?:www\.|dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_RESOLVER = re.compile(r"^\s*(?:https?://)?(?:www\.|dx\.)?doi\.org/", re.IGNORECASE)
_LABEL = re.compile(r"^\s*doi:", re.IGNORECASE)
_TEX_ESCAPE = re.compile(r"\\([_&%#$])")
_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"[.,;]+$")  # sentence punctuation copied with the DOI
# A DOI inside other text: in a publisher's address (`/chapter/10.1007/...`, `/doi/abs/10...`),
# after `doi:` or a resolver; it ends at what no URL path or DOI suffix holds.
_EMBEDDED = re.compile(r"(?:^|[\s/:=(])(10\.\d{4,9}/[^\s?#&\"<>{}|]+)")
# What publishers put after the DOI in their addresses (a page of the work, not the DOI).
_PAGE_SUFFIX = re.compile(r"/(?:abstract|abs|full|pdf|epdf|fulltext|summary)/?$", re.IGNORECASE)


@lru_cache(maxsize=65536)  # each rule that reads a DOI asks again: once per distinct text
def bare_doi(text: str) -> str:
    """The DOI without resolver address, `doi:` label, URL-encoding (`%2F`), TeX escapes
    (`\\_`), spaces or trailing punctuation; its case as written. Idempotent."""
    doi = text
    for _ in range(5):  # a prefix inside URL-encoding, or encoding twice: until stable
        bare = _PREFIX.sub("", unquote(doi) if "%" in doi else doi)
        bare = _TRAILING.sub("", _SPACE.sub("", _TEX_ESCAPE.sub(r"\1", bare)))
        if bare == doi:
            break
        doi = bare
    return doi


def doi_key(text: str) -> str:
    """The form in which two DOIs are the same: bare and in lower case."""
    return bare_doi(text).lower()


def is_doi(text: str) -> bool:
    """Whether `text` is a bare DOI, `10.NNNN/suffix`."""
    return DOI.fullmatch(text) is not None


def is_resolver_url(text: str) -> bool:
    """Whether `text` starts with a doi.org address (`https://doi.org/`, `dx.doi.org/`...)."""
    return _RESOLVER.match(text) is not None


def has_label(text: str) -> bool:
    """Whether `text` starts with the `doi:` label."""
    return _LABEL.match(text) is not None


def doi_in_text(text: str) -> str | None:
    """The first DOI written inside `text` (a publisher's URL, `DOI: 10...`, a resolver
    address in a note), bare; None when there is none."""
    match = _EMBEDDED.search(unquote(text) if "%" in text else text)
    if match is None:
        return None
    doi = bare_doi(_PAGE_SUFFIX.sub("", match.group(1)))
    return doi if is_doi(doi) else None


def doi_of_url(url: str) -> str | None:
    """The DOI a doi.org address points to (`https://doi.org/10.1000/x`), else None."""
    if not is_resolver_url(url):
        return None
    doi = bare_doi(url)
    return doi if is_doi(doi) else None


_ARXIV_VERSIONED = re.compile(r"(10\.48550/arxiv\.\S+?)v\d+$", re.IGNORECASE)
# 10.48550 is arXiv's registrant prefix: what follows `arXiv.` is the paper's arXiv id.
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(\S+)", re.IGNORECASE)


def arxiv_id_of_doi(doi: str) -> str | None:
    """The arXiv id an arXiv DOI names, its version kept as written:
    "10.48550/arXiv.2602.12271v1" gives "2602.12271v1" (any form `bare_doi` reads); any other
    DOI gives None."""
    m = _ARXIV_DOI.fullmatch(bare_doi(doi))
    return m.group(1) if m else None


def arxiv_versionless(doi: str) -> str | None:
    """arXiv registers one DOI per paper, without the version: "10.48550/arXiv.2602.12271v1"
    gives "10.48550/arXiv.2602.12271"; any other DOI gives None."""
    m = _ARXIV_VERSIONED.fullmatch(doi.strip())
    return m.group(1) if m else None
