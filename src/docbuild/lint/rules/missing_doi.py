"""B005 missing-doi: a scholarly work cited without its DOI."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.doi import bare_doi, doi_in_text, is_doi
from docbuild.bib.model import BibEntry
from docbuild.crossref.verified import record_for
from docbuild.diagnostics import Severity
from docbuild.lint.news import is_news
from docbuild.lint.rule import Finding, LintContext, rule
from docbuild.lint.venues import (
    VenueDois,
    container_is_title,
    doi_proceedings,
    in_a_book,
    institution_as_journal,
    is_preprint,
    issues_no_doi,
    journal_gives_dois,
    other_language_humanities,
    unpublished_venue,
    venue_dois,
)

# Where entries keep a DOI when they have no `doi` field (`ee` is DBLP's).
DOI_FIELDS = ("url", "ee", "note", "howpublished", "eprint", "annote")
PROCEEDINGS = frozenset({"inproceedings", "conference"})
CHAPTERS = frozenset({"incollection", "inbook"})
LOOK_UP = "look the DOI up (doit verify-refs, or the publisher's page) and add doi = {10.…}"
# The review number MathSciNet (`mrnumber`) or zbMATH (`zbl`, `zbmath`) puts in its exports.
REVIEWED = ("mrnumber", "zbl", "zbmath")


@rule("B005", "missing-doi", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """A work whose DOI is known has it in `doi`: an error when the entry itself holds the DOI
    elsewhere (`url`, DBLP's `ee`, `note`) or `doit verify-refs` found it, and the fix gives
    it. Without a DOI in sight it is a guess, a warning no policy makes an error: for journal
    articles, and for papers in proceedings that give DOIs (ACM, IEEE, Springer, ICCV and
    CVPR, the ACL Anthology from 2014); info for a chapter of a book from such a publisher.
    Books, theses, reports, other chapters, web pages, news, preprints and venues that issue
    no DOIs (JMLR, NeurIPS, Soviet journals in Russian) are not reported unless their DOI is
    known; nor are entries copied from MathSciNet or zbMATH (an `mrnumber`, `zbl`), which
    carry the DOI where the database knows one; nor are works whose entry links Google Books
    (a book, whatever the type says),
    articles whose journal repeats their title (no journal was recorded) or names an
    institution ("World Health Organization": a report typed as an article), and articles in
    other languages than English (by `langid`, or the title's small words: "Réponse à Jean
    Daniélou") outside mathematics, medicine and the sciences, unless another entry from the
    same journal carries a DOI: periodicals of the humanities in French, German, Spanish...
    mostly register no DOIs, while the large publishers of the sciences gave DOIs to their
    back volumes (Mathematische Annalen from 1869). The file is evidence too: where three
    or more works of a venue have no DOI while the file's other works carry them so often
    that a venue issuing DOIs would have shown one (all would lack it with a chance under
    1%), the venue likely issues none and the finding is info ("nor have the other 5 works
    of 'Australian Bureau of Statistics' in this file"); where other works of the venue
    have a DOI, the warning says so.

    PASS: @article{khan2019, title = {Pakistan's Foreign Policy towards Russia},
          journal = {Strategic Studies}, year = {2019}, doi = {10.53532/ss.039.03.00107}}
    PASS: @book{ahmed2016, author = {Ahmed, K.}, title = {Pakistan}, publisher = {Oxford
          University Press}, year = {2016}}
    FAIL: @article{hussain2012, title = {Pak-Russia Relations},
          journal = {Journal of Political Studies}, year = {2012}}
    FAIL: @incollection{lehman2011, title = {Novelty Search}, booktitle = {Genetic Programming
          Theory and Practice IX}, year = {2011},
          url = {http://link.springer.com/chapter/10.1007/978-1-4614-1770-5_3}}
    """
    if entry.has("doi"):
        return
    kind = entry.entry_type
    for name in DOI_FIELDS:
        f = entry.get(name)
        doi = doi_in_text(f.value) if f is not None else None
        if f is not None and doi is not None:
            yield Finding(
                f"{kind} has no doi, but its {name} holds doi '{doi}'",
                fix=f"doi = {{{doi}}}",
                line=f.line,
                column=f.column,
                severity=Severity.ERROR,
            )
            return
    verified = ctx.verified.get(entry.key)
    record = record_for(verified, "")
    if record is not None and is_doi(bare_doi(record.doi)):
        score = verified.score if verified is not None else None  # how well it matched (0..1)
        fix = f"doi = {{{bare_doi(record.doi)}}}" + (
            f"  (Crossref match, score {score:.2f})" if score else ""
        )
        yield Finding(f"{kind} has no doi", fix=fix, severity=Severity.ERROR)
        return
    if kind in CHAPTERS and doi_proceedings(entry) and not is_preprint(entry):
        # Worth a look, not a warning: a book's chapters get DOIs from these publishers, but
        # older books and reprints often lack them.
        yield Finding(f"{kind} has no doi", fix=LOOK_UP, severity=Severity.INFO, guess=True)
    elif _usually_has_doi(entry, ctx):
        yield _venue_finding(kind, venue_dois(entry, ctx.bibliography))


def _venue_finding(kind: str, venue: VenueDois | None) -> Finding:
    """The guess, read against the file's other works of the venue: where none of several has
    a DOI while the file records them elsewhere, the venue likely issues none (info); where
    some have one, the venue issues them (the warning says so)."""
    if venue is not None and venue.none_issued:
        share = venue.others_with_doi / venue.others
        return Finding(
            f"{kind} has no doi, nor have the other {venue.works - 1} works of "
            f"'{venue.name}' in this file (the file's other works: {share:.0%} with a doi): "
            "the venue likely issues none",
            fix=LOOK_UP,
            severity=Severity.INFO,
            guess=True,
        )
    if venue is not None and venue.with_doi:
        works, have = ("work", "has") if venue.with_doi == 1 else ("works", "have")
        return Finding(
            f"{kind} has no doi, while {venue.with_doi} other {works} of '{venue.name}' "
            f"in this file {have} one",
            fix=LOOK_UP,
            guess=True,
        )
    return Finding(f"{kind} has no doi", fix=LOOK_UP, guess=True)


def _usually_has_doi(entry: BibEntry, ctx: LintContext) -> bool:
    kind = entry.entry_type
    if any(entry.has(name) for name in REVIEWED):
        # Copied from MathSciNet or zbMATH, which record a work's DOI where it has one (and
        # cover Soviet, older and small journals that have none): no doi there, none known.
        return False
    if kind == "article":
        has_journal = entry.has("journal") or entry.has("journaltitle")
        if not has_journal or is_news(entry) or unpublished_venue(entry):
            return False
        if container_is_title(entry) or institution_as_journal(entry):
            return False
        if other_language_humanities(entry) and not journal_gives_dois(entry, ctx.bibliography):
            return False
    elif kind not in PROCEEDINGS or not doi_proceedings(entry):
        return False
    return not (issues_no_doi(entry) or is_preprint(entry) or in_a_book(entry))
