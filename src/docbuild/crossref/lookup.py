"""Look one entry up: its DOI when it has one, else a bibliographic query; the lock's verdict."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from docbuild.bib.model import BibEntry
from docbuild.crossref.client import CrossrefClient
from docbuild.crossref.match import (
    Match,
    Reference,
    best_match,
    match,
    query_for,
    reference_from_entry,
)
from docbuild.crossref.verified import Status, Verification
from docbuild.crossref.work import Work, work_from_json


def look_up(entry: BibEntry, client: CrossrefClient) -> Verification:
    ref = reference_from_entry(entry)
    if ref.doi:
        reply = client.work(ref.doi)
        when = iso_time(reply.fetched_at)
        if reply.message is None:
            return Verification(
                Status.UNKNOWN_DOI, 0.0, "Crossref has no record of this DOI", when, doi=ref.doi
            )
        work = work_from_json(reply.message)
        m = match(ref, work)
        if not m.contradicts:
            return Verification(Status.CONFIRMED, m.score, m.reason, when, doi=ref.doi, record=work)
        # The DOI is someone else's: look for the cited work's own, to offer as the fix.
        wrong = Verification(Status.MISMATCH, m.score, m.reason, when, doi=ref.doi, record=work)
        if not ref.title:
            return wrong
        best, _, _ = _search(ref, client)
        if best is None or not best[1].confident or best[0].doi.lower() == ref.doi:
            return wrong
        return dataclasses.replace(wrong, suggestion=best[0], suggestion_score=best[1].score)
    if not ref.title:
        return Verification(Status.NO_TITLE, 0.0, "the entry has no title to search with", "")
    best, query, when = _search(ref, client)
    if best is None:
        return Verification(Status.NO_MATCH, 0.0, "Crossref found no candidate", when, query=query)
    work, m = best
    if m.confident:
        return Verification(Status.FOUND, m.score, m.reason, when, query=query, record=work)
    reason = f"no confident match; best candidate {work.doi} scored {m.score:.2f} ({m.reason})"
    return Verification(Status.NO_MATCH, m.score, reason, when, query=query)


def _search(ref: Reference, client: CrossrefClient) -> tuple[tuple[Work, Match] | None, str, str]:
    """The best candidate of a bibliographic query, the query, and when it was answered."""
    query = query_for(ref)
    reply = client.search(query)
    items = reply.message.get("items") if reply.message else None
    works = (
        [work_from_json(i) for i in items if isinstance(i, dict)] if isinstance(items, list) else []
    )
    return best_match(ref, works), query, iso_time(reply.fetched_at)


def iso_time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
