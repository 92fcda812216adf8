"""What the lock says about an entry's existence, in four words: verified, mismatched, not
found, not checkable. Pure; `doit verify-refs` prints the tally, the rules give the detail."""

from __future__ import annotations

import enum

from docbuild.bib.model import BibEntry
from docbuild.crossref.identify import beyond_registries, differences, looks_preprint
from docbuild.crossref.verified import Answer, Status, Verification

# Registries that could know any work: Crossref (DOIs), OpenAlex (conference papers without
# DOIs, books, reports); arXiv is added for an entry that cites a preprint.
COULD_KNOW = ("crossref", "openalex")


class Verdict(enum.Enum):
    VERIFIED = "verified"
    MISMATCHED = "mismatched"
    NOT_FOUND = "not found"
    NOT_CHECKABLE = "not checkable"


def unanswered(v: Verification, entry: BibEntry) -> list[str]:
    """The registries that could know the entry's work but gave no answer (failed, or switched
    off): while any is left, "not found" is not known."""
    wanted = [*COULD_KNOW, *(["arxiv"] if looks_preprint(entry) else [])]
    out = []
    for name in wanted:
        answer = v.answer_of(name)
        if answer is None or answer is Answer.FAILED:
            out.append(name)
    return out


def versions_known(v: Verification) -> bool:
    """OpenAlex, which merges a work's preprint and published versions, answered."""
    return v.answer_of("openalex") is Answer.FOUND or v.answer_of("openalex") is Answer.ABSENT


def verdict(v: Verification, entry: BibEntry) -> Verdict:
    if v.status is Status.MISMATCH or v.status is Status.DIFFERS:
        return Verdict.MISMATCHED
    if v.status is Status.DOI_NOT_FOUND:
        return Verdict.NOT_FOUND
    if v.status is Status.NO_MATCH:
        if unanswered(v, entry) or beyond_registries(entry):
            return Verdict.NOT_CHECKABLE
        return Verdict.NOT_FOUND
    if v.record is not None and v.status in (Status.CONFIRMED, Status.FOUND):
        by_doi = v.status is Status.CONFIRMED
        published = v.candidate if by_doi else None
        found = differences(
            entry, v.record, by_doi=by_doi, versions_known=versions_known(v), published=published
        )
        return Verdict.MISMATCHED if any(d.certain for d in found) else Verdict.VERIFIED
    return Verdict.NOT_CHECKABLE
