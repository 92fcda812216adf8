"""Look one entry up: its DOI at Crossref (then the DOI agencies and DataCite), else a search
of Crossref, then OpenAlex, then arXiv for a preprint; the lock's verdict with its evidence."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from docbuild.bib.doi import arxiv_versionless
from docbuild.bib.model import BibEntry
from docbuild.bib.venues import is_preprint_server
from docbuild.crossref.client import CrossrefClient
from docbuild.crossref.identify import entry_venue, identified, looks_preprint
from docbuild.crossref.match import Match, Reference, match, query_for, reference_from_entry
from docbuild.crossref.sources import Answer as RegistryAnswer
from docbuild.crossref.sources import Arxiv, OpenAlex, Registries
from docbuild.crossref.verified import Answer, SourceCheck, Status, Verification
from docbuild.crossref.work import Work, work_from_json
from docbuild.errors import NetworkError

Scored = tuple[Work, Match]


def look_up(
    entry: BibEntry, client: CrossrefClient, registries: Registries | None = None
) -> Verification:
    sources = registries or Registries()
    ref = reference_from_entry(entry)
    if ref.doi:
        return _by_doi(entry, ref, client, sources)
    if not ref.title:
        return Verification(Status.NO_TITLE, 0.0, "the entry has no title to search with", "")
    return _by_search(entry, ref, client, sources)


def _by_doi(
    entry: BibEntry, ref: Reference, client: CrossrefClient, sources: Registries
) -> Verification:
    reply = client.work(ref.doi)
    when = iso_time(reply.fetched_at)
    checked = [SourceCheck("crossref", Answer.FOUND if reply.message else Answer.ABSENT, ref.doi)]
    work: Work | None = work_from_json(reply.message) if reply.message is not None else None
    unknown = "Crossref has no record of this DOI"
    versionless = arxiv_versionless(ref.doi)
    if work is None and versionless and sources.datacite is not None:
        # arXiv registers one DOI per paper, without the version: that DOI's record is the
        # work's (doi-not-found says the DOI as written resolves nowhere)
        answer = sources.datacite.doi(versionless)
        checked.append(_check("datacite", answer, versionless))
        work = answer.works[0] if answer.works else None
    if work is None:
        agency, agency_check = _agency(client, ref.doi)
        checked.append(agency_check)
        if agency not in ("", "datacite"):
            # the DOI exists: another agency's, or Crossref's without a record it serves
            reason = f"registered with {agency}, whose records docbuild does not read"
            if agency == "crossref":
                reason = "registered with crossref, which serves no record of it"
            return Verification(
                Status.UNKNOWN_DOI, 0.0, reason, when, doi=ref.doi, checked=tuple(checked)
            )
        if agency_check.answer is Answer.ABSENT and sources.datacite is None:
            return _not_found(entry, ref, client, sources, when, checked)
        if sources.datacite is None:
            return Verification(
                Status.UNKNOWN_DOI, 0.0, unknown, when, doi=ref.doi, checked=tuple(checked)
            )
        answer = sources.datacite.doi(ref.doi)
        checked.append(_check("datacite", answer, ref.doi))
        if not answer.answered:
            return Verification(
                Status.UNKNOWN_DOI, 0.0, unknown, when, doi=ref.doi, checked=tuple(checked)
            )
        if not answer.works and agency == "datacite":
            reason = "registered with datacite, which serves no record of it"
            return Verification(
                Status.UNKNOWN_DOI, 0.0, reason, when, doi=ref.doi, checked=tuple(checked)
            )
        if not answer.works:
            return _not_found(entry, ref, client, sources, when, checked)
        work = answer.works[0]
    m = match(ref, work)
    if not m.contradicts:
        published = _published_version(entry, ref, work, sources, checked)
        return Verification(
            Status.CONFIRMED,
            m.score,
            m.reason,
            when,
            doi=ref.doi,
            record=work,
            checked=tuple(checked),
            candidate=published,
            candidate_score=match(ref, published).score if published else 0.0,
        )
    # The DOI is someone else's: look for the cited work's own, to offer as the fix.
    wrong = Verification(
        Status.MISMATCH, m.score, m.reason, when, doi=ref.doi, record=work, checked=tuple(checked)
    )
    if not ref.title:
        return wrong
    best, _, _ = _search(ref, client)
    if best is None or not best[1].confident or best[0].doi.lower() == ref.doi:
        return wrong
    return dataclasses.replace(wrong, suggestion=best[0], suggestion_score=best[1].score)


def _published_version(
    entry: BibEntry, ref: Reference, work: Work, sources: Registries, checked: list[SourceCheck]
) -> Work | None:
    """For a preprint's DOI cited with a venue: the published version OpenAlex (which merges a
    work's versions) knows, if any; its answer goes into `checked` either way."""
    if not work.preprint or not entry_venue(entry) or is_preprint_server(entry_venue(entry)):
        return None
    if sources.openalex is None or not ref.title:
        return None
    answer = sources.openalex.search(ref.title)
    versions = [(w, m) for w in answer.works or () if not w.preprint for m in [match(ref, w)]]
    found = [(w, m) for w, m in versions if identified(ref, m)]
    checked.append(_check("openalex", answer, ref.title, bool(found)))
    return max(found, key=lambda c: c[1].score)[0] if found else None


def _not_found(
    entry: BibEntry,
    ref: Reference,
    client: CrossrefClient,
    sources: Registries,
    when: str,
    checked: list[SourceCheck],
) -> Verification:
    """No agency knows the DOI; a search may still find the cited work's real one."""
    reason = "neither Crossref nor DataCite knows this DOI, and no DOI agency has it"
    found = Verification(
        Status.DOI_NOT_FOUND, 0.0, reason, when, doi=ref.doi, checked=tuple(checked)
    )
    if not ref.title:
        return found
    searched = _by_search(entry, ref, client, sources)
    best = searched.record or searched.candidate
    if best is None or searched.status not in (Status.FOUND, Status.DIFFERS):
        return found
    return dataclasses.replace(found, suggestion=best, suggestion_score=searched.score)


def _agency(client: CrossrefClient, doi: str) -> tuple[str, SourceCheck]:
    """Which agency registered the DOI ("" when none); Crossref answers for all of them."""
    try:
        reply = client.agency(doi)
    except NetworkError as exc:
        return "", SourceCheck("agency", Answer.FAILED, exc.message)
    if reply.message is None:
        return "", SourceCheck("agency", Answer.ABSENT, doi)
    agency = reply.message.get("agency")
    name = agency.get("id") if isinstance(agency, dict) else None
    label = str(name).lower() if name else "an unnamed agency"
    return label, SourceCheck("agency", Answer.FOUND, label)


def _by_search(
    entry: BibEntry, ref: Reference, client: CrossrefClient, sources: Registries
) -> Verification:
    best, query, when = _search(ref, client)
    checked = [SourceCheck("crossref", _verdict(ref, best), query)]
    candidates = [best] if best else []
    asks: list[tuple[OpenAlex | Arxiv | None, str]] = [(sources.openalex, "openalex")]
    if looks_preprint(entry):
        asks.append((sources.arxiv, "arxiv"))
    for registry, name in asks:
        if any(_good(ref, c) for c in candidates):
            break
        if registry is None:
            continue
        answer = registry.search(ref.title)
        scored = _best(ref, answer.works or ())
        checked.append(_check(name, answer, ref.title, scored is not None and _good(ref, scored)))
        if scored is not None:
            candidates.append(scored)
    if not candidates:
        return Verification(
            Status.NO_MATCH,
            0.0,
            "no registry offered a candidate",
            when,
            query=query,
            checked=tuple(checked),
        )
    # The confident match first; else the one that is the cited work; else the nearest.
    candidates.sort(key=lambda c: (c[1].confident, identified(ref, c[1]), c[1].score), reverse=True)
    work, m = candidates[0]
    if m.confident:
        return Verification(
            Status.FOUND, m.score, m.reason, when, query=query, record=work, checked=tuple(checked)
        )
    if identified(ref, m):
        return Verification(
            Status.DIFFERS,
            m.score,
            m.reason,
            when,
            query=query,
            record=work,
            checked=tuple(checked),
        )
    where = work.doi or work.arxiv_id or work.title
    reason = f"no confident match; best candidate {where} scored {m.score:.2f} ({m.reason})"
    return Verification(
        Status.NO_MATCH,
        m.score,
        reason,
        when,
        query=query,
        checked=tuple(checked),
        candidate=work,
        candidate_score=m.score,
    )


def _good(ref: Reference, scored: Scored) -> bool:
    return scored[1].confident or identified(ref, scored[1])


def _verdict(ref: Reference, best: Scored | None) -> Answer:
    return Answer.FOUND if best is not None and _good(ref, best) else Answer.ABSENT


def _check(name: str, answer: RegistryAnswer, asked: str, found: bool | None = None) -> SourceCheck:
    if not answer.answered:
        return SourceCheck(name, Answer.FAILED, answer.problem)
    hit = bool(answer.works) if found is None else found
    return SourceCheck(name, Answer.FOUND if hit else Answer.ABSENT, asked)


def _best(ref: Reference, works: tuple[Work, ...] | list[Work]) -> Scored | None:
    best: Scored | None = None
    for work in works:
        m = match(ref, work)
        if best is None or m.score > best[1].score:
            best = (work, m)
    return best


def _search(ref: Reference, client: CrossrefClient) -> tuple[Scored | None, str, str]:
    """The best candidate of a bibliographic query, the query, and when it was answered."""
    query = query_for(ref)
    reply = client.search(query)
    items = reply.message.get("items") if reply.message else None
    works = (
        [work_from_json(i) for i in items if isinstance(i, dict)] if isinstance(items, list) else []
    )
    return _best(ref, works), query, iso_time(reply.fetched_at)


def iso_time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
