"""Is a registry's record the work an entry cites, and where do they differ? Pure.

A record *is* the cited work when its title is near-identical and one more part agrees (first
author, year or venue), or when a long title (five words or more) is the same word for word.
Then every part that differs is a finding of `record-mismatch`: what differs, field by field.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from docbuild.bib.dates import entry_year
from docbuild.bib.latex import to_unicode
from docbuild.bib.model import BibEntry
from docbuild.bib.names import family_name, parse_name, split_names
from docbuild.bib.venues import is_preprint_server, same_venue
from docbuild.crossref.match import (
    CONFIDENT_TITLE,
    Match,
    Reference,
    normalize_text,
    same_surname,
)
from docbuild.crossref.work import Work
from docbuild.lint.news import is_news

LONG_TITLE = 5  # words: a title this long, the same word for word, names one work
DISTINCTIVE_WORDS = 3  # words (small ones aside) a title needs to name a work with its year
SPELLING = 0.8  # two differing words this similar are one word spelt two ways
_TITLE_WORDS_IGNORED = frozenset(["a", "an", "and", "the", "of", "on", "in", "for", "to", "with"])
# What is left of an HTML entity one side decoded and the other did not ("&amp;amp;").
_ENTITY_NAMES = frozenset({"amp", "apos", "quot", "lt", "gt", "nbsp"})
_PREPRINT_FIELDS = (
    "journal",
    "journaltitle",
    "booktitle",
    "eprinttype",
    "archiveprefix",
    "howpublished",
    "publisher",
    "url",
    "note",
)


def identified(ref: Reference, m: Match) -> bool:
    """Whether the record `m` scored is the cited work, whatever else differs."""
    if m.title < CONFIDENT_TITLE:
        return False
    words = [w for w in normalize_text(ref.title).split() if w not in _TITLE_WORDS_IGNORED]
    if m.author:
        return True
    # A short title ("Introduction", "Deep Learning") is shared by many works of a year.
    if (m.year or m.container) and len(words) >= DISTINCTIVE_WORDS:
        return True
    return m.title >= 0.99 and len(words) >= LONG_TITLE


WEB_TYPES = frozenset({"online", "www", "webpage", "electronic"})


def beyond_registries(entry: BibEntry) -> bool:
    """Web pages and news articles: registries list scholarly works, so not finding one there
    says nothing about whether it exists."""
    return entry.entry_type.lower() in WEB_TYPES or is_news(entry)


def looks_preprint(entry: BibEntry) -> bool:
    """The entry cites a preprint (arXiv named anywhere, or an `eprint`): arXiv may know it."""
    if entry.has("eprint"):
        return True
    return any(is_preprint_server(entry.value(name) or "") for name in _PREPRINT_FIELDS)


@dataclass(frozen=True, slots=True)
class Difference:
    part: str  # "authors", "title", "year", "venue"
    message: str  # "authors 'A, B' are not the record's 'C, D'"
    certain: bool  # known to differ (an error); False: a guess (a warning)


def entry_venue(entry: BibEntry) -> str:
    for name in ("journal", "journaltitle", "booktitle"):
        value = entry.value(name)
        if value:
            return to_unicode(value)
    return ""


def differences(
    entry: BibEntry,
    record: Work,
    *,
    by_doi: bool,
    versions_known: bool,
    published: Work | None = None,
) -> list[Difference]:
    """Where the entry and the record of its work disagree. `by_doi`: the record is the
    entry's own DOI's; `versions_known`: a registry that lists every version of a work
    (OpenAlex) answered, so a preprint record means no published version is known;
    `published`: the published version of a preprint whose DOI the entry gives."""
    out: list[Difference] = []
    out.extend(_authors(entry, record))
    title = _title(to_unicode(entry.value("title") or ""), record)
    if title:
        out.append(title)
    year = entry_year(entry)
    years = record.years()
    if year is not None and years and min(abs(year - y) for y in years) > 1:
        shown = "/".join(str(y) for y in years)
        out.append(Difference("year", f"year {year}, the record's is {shown}", True))
    venue = entry_venue(entry)
    if venue and record.preprint and published is not None and published.container:
        # a preprint's DOI with the venue it went to is honest; with another venue it is not
        if same_venue(venue, published.container) is not True:
            out.append(
                Difference(
                    "venue",
                    f"venue '{venue}', the published version's is '{published.container}'",
                    same_venue(venue, published.container) is False,
                )
            )
    elif venue and record.preprint and not is_preprint_server(venue):
        where = f"arXiv {record.arxiv_id}" if record.arxiv_id else record.doi or "a preprint"
        # Citing an arXiv DOI with the venue it went to is common and honest: without a
        # published version in any registry that is a guess, never an error.
        out.append(
            Difference(
                "venue",
                f"the record is a preprint ({where}); no registry lists it in '{venue}'",
                versions_known and not by_doi,
            )
        )
    elif venue and record.container:
        same = same_venue(venue, record.container)
        if same is not True:
            out.append(
                Difference(
                    "venue", f"venue '{venue}', the record's is '{record.container}'", same is False
                )
            )
    return out


def _families(value: str) -> tuple[list[str], bool]:
    """The entry's family names, and whether the list ends with `and others`."""
    names = list(split_names(value))
    truncated = bool(names) and names[-1].strip().lower() == "others"
    if truncated:
        names = names[:-1]
    families = []
    for n in names:
        parsed = parse_name(n)
        families.append(to_unicode(parsed.last if parsed else family_name(n)))
    return families, truncated


def _authors(entry: BibEntry, record: Work) -> list[Difference]:
    value = entry.value("author")
    if not value or not record.authors:
        return []
    ours, truncated = _families(value)
    theirs = [a.family for a in record.authors]
    if not ours:
        return []
    strangers = [f for f in ours if not any(same_surname(f, t) for t in theirs)]
    shown = ", ".join(theirs[:6]) + (", ..." if len(theirs) > 6 else "")
    if len(strangers) == len(ours):
        return [
            Difference(
                "authors", f"authors '{', '.join(ours)}' are not the record's '{shown}'", True
            )
        ]
    missing = [t for t in theirs if not any(same_surname(f, t) for f in ours)]
    if strangers and not missing and len(theirs) < len(ours):
        return []  # the record lists only the first authors: registries truncate, not the entry
    if strangers:
        listed = ", ".join(f"'{s}'" for s in strangers)
        return [Difference("authors", f"{listed} not among the record's authors '{shown}'", True)]
    if missing and not truncated:
        return [
            Difference(
                "authors",
                f"lists {len(ours)} of the record's {len(theirs)} authors "
                f"(missing {', '.join(missing[:4])}{', ...' if len(missing) > 4 else ''})",
                True,
            )
        ]
    return []


Change = tuple[bool, list[str], list[str]]  # (minor, our words, the record's)


def _title(title: str, record: Work) -> Difference | None:
    """A title that differs by a word is another title (an error); by a small word or a
    spelling (plural, British or American) a slip to correct (a warning)."""
    ours = normalize_text(title).split()
    if not ours or "".join(ours) == "".join(normalize_text(record.title).split()):
        return None
    best: list[Change] | None = None
    for candidate in (record.title, f"{record.title} {record.subtitle}".strip()):
        changes = _changed_words(ours, normalize_text(candidate).split())
        if best is None or sum(not c[0] for c in changes) < sum(not c[0] for c in best):
            best = changes
    if not best:
        return None
    shown = "; ".join(
        f"'{' '.join(a)}' where the record has '{' '.join(b)}'"
        if a and b
        else (f"'{' '.join(a)}' not in the record's" if a else f"'{' '.join(b)}' missing")
        for _, a, b in best[:3]
    )
    certain = not all(minor for minor, _, _ in best)
    return Difference(
        "title", f"title differs from the record's '{record.title}': {shown}", certain
    )


def _changed_words(ours: list[str], theirs: list[str]) -> list[Change]:
    """The word changes, each marked minor (a small word, one word spelt two ways:
    "optimisation", "learnings") or not; a subtitle left out or added at the end, leftovers of
    HTML entities and a hyphen written as a space are no change."""
    out: list[Change] = []
    ops = SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        a, b = ours[i1:i2], theirs[j1:j2]
        at_end = n == len(ops) - 1 and tag in ("insert", "delete")
        if at_end and n > 0:
            continue  # a subtitle, kept by one side only
        if all(w in _ENTITY_NAMES or len(w) == 1 for w in a + b):
            continue  # an entity half-decoded, the "s" of a possessive folded two ways
        if "".join(a) == "".join(b):
            continue  # "pre training" and "pretraining"
        small = all(w in _TITLE_WORDS_IGNORED for w in a + b)
        spelt = (
            tag == "replace"
            and len(a) == len(b)
            and all(
                SequenceMatcher(None, x, y).ratio() >= SPELLING for x, y in zip(a, b, strict=True)
            )
        )
        out.append((small or spelt, a, b))
    return out
