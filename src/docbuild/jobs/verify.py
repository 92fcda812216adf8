"""`doit verify-refs`: look every entry up in Crossref and write refs.verified.json.

The only job that uses the network; everything it learns is kept in refs.verified.json for the
offline linter, and every answer in `build/.crossref-cache` so that an interrupted run resumes.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from docbuild.bib.model import BibEntry, Bibliography
from docbuild.config import Settings
from docbuild.crossref.client import CACHE_DIR, CrossrefClient
from docbuild.crossref.lookup import look_up
from docbuild.crossref.sources import Arxiv, open_registries
from docbuild.crossref.verdict import Verdict, verdict
from docbuild.crossref.verified import Status, Verification, VerifiedRefs, describe_changes
from docbuild.crossref.verified_file import read_verified, verified_path, write_verified
from docbuild.diagnostics import relative_to
from docbuild.jobs.bibfile import read_bibs

EVIDENCE_PAGE = "refs.verified.html"  # in build/


def run_verify(settings: Settings, *, refresh: bool) -> bool:
    bib = read_bibs(settings.bib_paths)
    # doit writes its database into build/ after the task, even when the task fails offline.
    settings.build_path.mkdir(parents=True, exist_ok=True)
    path = verified_path(settings)
    old = read_verified(path) or VerifiedRefs()
    client = CrossrefClient(
        settings.crossref,
        settings.build_path / CACHE_DIR,
        fresh_after=time.time() if refresh else None,
    )
    registries = open_registries(
        settings.registries,
        settings.crossref,
        settings.build_path / CACHE_DIR,
        fresh_after=time.time() if refresh else None,
    )
    if not settings.crossref.mailto:
        print(
            "note: set `mailto` under [crossref] in docbuild.toml: Crossref serves requests "
            "that carry a contact address first",
            file=sys.stderr,
        )
    entries = list(bib.by_key().values())
    progress = Progress(len(entries), sys.stderr)
    found: dict[str, Verification] = {}
    try:
        for n, entry in enumerate(entries):
            progress.show(n, entry.key)
            new = look_up(entry, client, registries)
            before = old.entries.get(entry.key)
            # A re-run that learnt nothing new keeps the old time, so the file does not churn.
            if (
                before is not None
                and dataclasses.replace(new, fetched_at=before.fetched_at) == before
            ):
                new = before
            found[entry.key] = new
        for ident in manubot_ids(settings):
            if ident.startswith("doi:"):
                found[ident] = look_up_doi(ident.removeprefix("doi:"), client)
            elif registries.arxiv is not None:
                arxiv = look_up_arxiv(ident.removeprefix("arxiv:"), registries.arxiv)
                if arxiv is not None:  # unanswered: asked again next run, not "no record"
                    found[ident] = arxiv
    finally:
        progress.clear()
    verified = VerifiedRefs(entries=found, api=client.api)
    write_verified(path, verified)
    page = write_evidence(settings, bib, verified)
    requests = client.requests + registries.requests
    print(summarize(verified, relative_to(path, settings.root).as_posix(), requests))
    print(f"the evidence, with links: {relative_to(page, settings.root).as_posix()}")
    print(verdict_table(verified, {e.key: e for e in entries}))
    if refresh:
        changes = describe_changes(old, verified)
        print("changes since the last verification:" if changes else "nothing changed")
        for line in changes:
            print(f"  {line}")
    return True


def write_evidence(settings: Settings, bib: Bibliography, verified: VerifiedRefs) -> Path:
    """build/refs.verified.html: each entry's verdict, and the findings of the rules that
    read the lock (as `doit lint-refs` will give them, with the paper's policy and waivers)."""
    from docbuild.crossref.evidence import EVIDENCE_RULES, Apis, evidence_page
    from docbuild.errors import DocbuildError
    from docbuild.fsutil import write_text_atomic
    from docbuild.jobs.lint import lint_policy
    from docbuild.lint.engine import lint_all
    from docbuild.lint.policy import DEFAULT_POLICY
    from docbuild.lint.registry import BY_NAME

    try:
        policy, _ = lint_policy(settings)
    except DocbuildError:
        policy = DEFAULT_POLICY  # a bad [lint] setting is `doit lint-refs`'s to report
    wanted = {BY_NAME[name].id for name in EVIDENCE_RULES}
    others = frozenset(r.id for r in BY_NAME.values() if r.id not in wanted)
    policy = dataclasses.replace(policy, disabled=policy.disabled | others)
    result = lint_all(bib, policy=policy, verified=verified.entries)
    apis = {r.name: r.api for r in settings.registries if r.enabled}
    page = evidence_page(
        verified,
        bib.by_key(),
        result.findings,
        Apis(settings.crossref.api, **apis),
        bib_name=settings.bib_path.name,
    )
    target = settings.build_path / EVIDENCE_PAGE
    write_text_atomic(target, page)
    return target


def manubot_ids(settings: Settings) -> list[str]:
    """`doi:<doi>` and `arxiv:<id>` of each DOI and arXiv id the manuscript cites Manubot's way
    (`@doi:10.x`, `@arxiv:2101.11986`, a citation tag); none when there is no manuscript (a
    bibliography checked on its own)."""
    from docbuild.jobs.manubot import ids_to_verify
    from docbuild.jobs.parse import read_parsed

    files = settings.manuscript_files()
    if not files or not all(f.is_file() for f in files):
        return []
    parsed = read_parsed(settings)
    keys = [k for group in parsed.manuscript().groups for k in group]
    return ids_to_verify(parsed.texts, keys)


def look_up_doi(doi: str, client: CrossrefClient) -> Verification:
    """A DOI cited without an entry: Crossref's record of it is the reference."""
    from docbuild.crossref.lookup import iso_time
    from docbuild.crossref.work import work_from_json

    reply = client.work(doi)
    when = iso_time(reply.fetched_at)
    if reply.message is None:
        return Verification(
            Status.UNKNOWN_DOI, 0.0, "Crossref has no record of this DOI", when, doi=doi
        )
    work = work_from_json(reply.message)
    return Verification(Status.CONFIRMED, 1.0, "cited by its DOI", when, doi=doi, record=work)


def look_up_arxiv(ident: str, arxiv: Arxiv) -> Verification | None:
    """An arXiv id cited without an entry: arXiv's record of it is the reference; None when
    arXiv gave no usable answer."""
    from docbuild.crossref.lookup import iso_time

    answer = arxiv.by_id(ident)
    if answer.works is None:
        return None
    when = iso_time(answer.fetched_at)
    if not answer.works:
        return Verification(Status.NO_MATCH, 0.0, "arXiv has no record of this id", when)
    return Verification(Status.FOUND, 1.0, "cited by its arXiv id", when, record=answer.works[0])


def verdict_table(verified: VerifiedRefs, entries: Mapping[str, BibEntry]) -> str:
    """The run's last word: how many entries are verified, mismatched, not found, not
    checkable (`doit lint-refs` gives each finding's evidence)."""
    counts = Counter(
        verdict(v, entries[key]) for key, v in verified.entries.items() if key in entries
    )
    width = max(len(v.value) for v in Verdict)
    lines = ["does each reference exist?"]
    lines += [f"  {v.value:<{width}}  {counts[v]:>5}" for v in Verdict]
    return "\n".join(lines)


def summarize(verified: VerifiedRefs, name: str, requests: int) -> str:
    """The run's report: counts, then one line for every entry a person should look at."""
    counts = Counter(e.status for e in verified.entries.values())
    tally = ", ".join(
        f"{counts[status]} {one if counts[status] == 1 else many}"
        for status, one, many in (
            (Status.CONFIRMED, "DOI confirmed", "DOIs confirmed"),
            (Status.FOUND, "DOI found", "DOIs found"),
            (Status.MISMATCH, "DOI of another work", "DOIs of other works"),
            (Status.UNKNOWN_DOI, "DOI unknown to Crossref", "DOIs unknown to Crossref"),
            (Status.NO_MATCH, "without a confident match", "without a confident match"),
            (Status.NO_TITLE, "without a title", "without a title"),
            (Status.DOI_NOT_FOUND, "DOI no registry knows", "DOIs no registry knows"),
            (Status.DIFFERS, "found with other details", "found with other details"),
        )
        if counts[status]
    )
    lines = [
        f"{name}: {_count(len(verified.entries), 'entry', 'entries')} checked against Crossref "
        f"({_count(requests, 'request', 'requests')}, the rest from build/{CACHE_DIR})",
        *([f"  {tally}"] if tally else []),  # an empty refs.bib has nothing to count
    ]
    for key, e in sorted(verified.entries.items()):
        record = e.record
        if e.status is Status.FOUND and record is not None:
            lines.append(f"  {key}: found {record.doi} (score {e.score:.2f}: {e.reason})")
        elif e.status is Status.MISMATCH and record is not None:
            lines.append(f"  {key}: {e.doi} is '{record.title}' ({e.reason})")
            if e.suggestion is not None:
                lines.append(
                    f"  {key}: the cited work is {e.suggestion.doi} "
                    f"(score {e.suggestion_score:.2f})"
                )
        elif e.status is Status.UNKNOWN_DOI and e.reason.startswith("registered with"):
            lines.append(f"  {key}: {e.doi} is {e.reason}")
        elif e.status is Status.UNKNOWN_DOI:
            lines.append(f"  {key}: Crossref has no record of {e.doi} (another agency's DOI?)")
        elif e.status is Status.DOI_NOT_FOUND:
            lines.append(f"  {key}: no registry knows {e.doi}")
        elif e.status is Status.DIFFERS and record is not None:
            lines.append(f"  {key}: found as {record.doi or record.title} ({e.reason})")
        notice = record.notice() if record is not None else None
        if notice is not None:
            lines.append(f"  {key}: {notice[0].value}, see {notice[1].doi}")
    return "\n".join(lines)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class Progress:
    """`verifying 12/40 khan2019` on one rewritten line, only when a person is watching."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.active = stream.isatty() and total > 1
        self.width = 0

    def show(self, done: int, key: str) -> None:
        if not self.active:
            return
        text = f"verifying {done + 1}/{self.total} {key}"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(text))

    def clear(self) -> None:
        if self.active and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
