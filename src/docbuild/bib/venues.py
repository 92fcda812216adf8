"""Conferences and journals by name: which venue a `booktitle`/`journal` names, the year
each was first held, and which edition (ordinal or volume) belongs to which year.

Only venues whose history is known are listed; for any other name every answer is None
(unknown), never a guess. Sources: each venue's own list of past meetings (icml.cc/past,
neurips.cc/Conferences/PastConferences, aaai.org/conference/aaai/ "past conferences",
iclr.cc/Conferences/PastConferences, aclweb.org/portal/acl "past meetings" and the ACL
Anthology's event pages, auai.org/uai "past conferences", learningtheory.org "COLT history"),
and dblp's venue pages (dblp.org/db/conf/<acronym>/) for first years; checked 2026-12.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from docbuild.bib.fold import fold_words


@dataclass(frozen=True, slots=True)
class Venue:
    key: str  # "icml": one name for every way of writing the venue
    acronyms: tuple[str, ...]  # matched as whole words, case-sensitive ("ICML", "NeurIPS")
    names: str  # a regular expression over the folded (lower-case ASCII) name
    first: int  # the year of the first meeting or volume
    # Numbered editions: (offset, since): edition n was held in year n + offset, for years from
    # `since` on (where the numbering and the years run in step).
    ordinal: tuple[int, int] | None = None
    volume: tuple[int, int] | None = None  # the proceedings' volume n: year n + offset


VENUES: tuple[Venue, ...] = (
    Venue("cvpr", ("CVPR",), r"computer vision and pattern recognition", 1983),
    Venue("iccv", ("ICCV",), r"international conference on computer vision(?! and)", 1987),
    Venue("eccv", ("ECCV",), r"european conference on computer vision", 1990),
    Venue(
        "icml",
        ("ICML",),
        r"international conference on machine learning",
        1980,
        ordinal=(1983, 1988),
    ),
    Venue(
        "neurips",
        ("NeurIPS", "NIPS"),
        r"neural information processing systems",
        1987,
        ordinal=(1986, 1987),
        volume=(1987, 1988),
    ),
    Venue(
        "aaai",
        ("AAAI",),
        r"aaai conference on artificial intelligence",
        1980,
        ordinal=(1986, 2010),
        volume=(1986, 2010),
    ),
    Venue(
        "iclr",
        ("ICLR",),
        r"international conference on learning representations",
        2013,
        ordinal=(2012, 2013),
    ),
    Venue(
        "acl",
        ("ACL",),
        r"(annual )?meeting of the association for computational linguistics",
        1963,
        ordinal=(1962, 2000),
    ),
    Venue("emnlp", ("EMNLP",), r"empirical methods in natural language processing", 1996),
    Venue("naacl", ("NAACL",), r"north american chapter of the association for comput", 2000),
    Venue("aistats", ("AISTATS",), r"artificial intelligence and statistics", 1985),
    Venue("uai", ("UAI",), r"uncertainty in artificial intelligence", 1985, ordinal=(1984, 1985)),
    Venue(
        "colt",
        ("COLT",),
        r"(conference on|computational) learning theory",
        1988,
        ordinal=(1987, 1988),
    ),
    Venue("kdd", ("KDD", "SIGKDD"), r"knowledge discovery and data mining", 1995),
    Venue("www", ("WWW",), r"the web conference|world wide web conference", 1994),
    Venue("ijcai", ("IJCAI",), r"international joint conference on artificial intelligence", 1969),
    Venue("sigir", ("SIGIR",), r"research and development in information retrieval", 1978),
    Venue("icra", ("ICRA",), r"international conference on robotics and automation", 1984),
    Venue("jmlr", ("JMLR",), r"^(journal of machine learning research|j mach learn res)$", 2000),
    Venue(
        "tmlr",
        ("TMLR",),
        r"^(transactions on machine learning research|trans mach learn res)$",
        2022,
    ),
    Venue("mlj", (), r"^(machine learning|mach learn)$", 1986),
    Venue(
        "tacl", ("TACL",), r"transactions of the association for computational linguistics", 2013
    ),
    Venue("nature", (), r"^nature$", 1869),
)
BY_KEY = {v.key: v for v in VENUES}
ARXIV = re.compile(r"\barxiv\b|\bcorr\b", re.IGNORECASE)
# Series that publish many venues' proceedings: naming one says nothing about which venue.
SERIES = re.compile(
    r"\bpmlr\b|proceedings of machine learning research|lecture notes|\blncs\b|\bceur\b"
    r"|\bacm international conference proceeding series\b"
)
_ORDINAL = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\w/.-])((?:19|20)\d\d)(?![\w/.-])")
_TRAILING_NUMBER = re.compile(r"\b(\d{1,3})\s*(?:\(|$)")
_ACRONYMS = [
    (re.compile(rf"(?<![\w-]){re.escape(a)}(?![\w-])"), v) for v in VENUES for a in v.acronyms
]
_NAMES = [(re.compile(v.names), v) for v in VENUES]
# Words every venue name may have; they say nothing about which venue it is.
_GENERIC_WORDS = (
    "a an and the of on in for to proceedings proc conference conf international intl "
    "annual symposium symp workshop journal j transactions trans ieee cvf acm advances adv "
    "meeting edition th st nd rd"
)
GENERIC = frozenset(_GENERIC_WORDS.split())


@lru_cache(maxsize=16384)
def venue_of(text: str) -> Venue | None:
    """The listed venue `text` names ("ICML", "Proc. of the 40th International Conference on
    Machine Learning"), or None. A workshop is not its conference (cached: a file names few
    venues, each many times, and each look tries every listed venue's patterns)."""
    if not text or re.search(r"workshop", text, re.IGNORECASE):
        return None
    folded = fold_words(text)
    for pattern, venue in _NAMES:
        if pattern.search(folded):
            return venue
    for pattern, venue in _ACRONYMS:
        if pattern.search(text):
            return venue
    return None


def is_preprint_server(text: str) -> bool:
    return bool(ARXIV.search(text))


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in fold_words(text).split() if w not in GENERIC and not w.isdigit())


def _abbreviates(short: str, long: str) -> bool:
    """ "Proc. Intl. Conf. Learn. Represent." abbreviates "International Conference on
    Learning Representations": each distinctive word of the short form is a shortening of one
    of the long one's, in order (its letters, in order, starting with the same one)."""
    words = [w for w in fold_words(long).split() if w not in GENERIC]
    shorts = [w for w in fold_words(short).split() if w not in GENERIC]
    at = 0
    for w in shorts:
        while at < len(words) and not _shortens(w, words[at]):
            at += 1
        if at == len(words):
            return False
        at += 1
    return bool(shorts)


def _shortens(short: str, word: str) -> bool:
    if not short or short[0] != word[0]:
        return False
    letters = iter(word)
    return all(c in letters for c in short)


def same_venue(cited: str, record: str) -> bool | None:
    """Whether an entry's venue and a registry record's name the same venue: True, False when
    known to differ, None when it cannot be told (unlisted names that share words, a series
    such as PMLR that many venues publish in, a workshop of the record's conference)."""
    a, b = venue_of(cited), venue_of(record)
    if a is not None and b is not None:
        return a.key == b.key
    fa, fb = fold_words(cited), fold_words(record)
    if not fa or not fb:
        return None
    if fa == fb or fa in fb or fb in fa or _abbreviates(cited, record):
        return True
    if is_preprint_server(cited) or is_preprint_server(record):
        return None
    if SERIES.search(fa) or SERIES.search(fb):
        return None
    if "workshop" in fa or "workshop" in fb:
        # a workshop held with the record's conference may be the same paper's other home
        return None if b is None or _mentions(cited, b) else False
    if b is not None:
        # Every way of writing a listed venue is known (its acronyms, names, abbreviations):
        # a name that is none of them is another venue.
        return any(_abbreviates(cited, name) for name in b.acronyms) or False
    ca, cb = content_words(cited), content_words(record)
    if not ca or not cb:
        return None
    return False if not ca & cb else None


def _mentions(text: str, venue: Venue) -> bool:
    folded = fold_words(text)
    return bool(re.search(venue.names, folded)) or any(
        re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text) for a in venue.acronyms
    )


def venue_years(text: str) -> tuple[int, ...]:
    """The years written in a venue's name ("CVPR 2021", "NeurIPS 2035")."""
    return tuple(int(y) for y in _YEAR.findall(text))


def edition_year(text: str) -> tuple[str, int] | None:
    """The year a numbered edition in `text` belongs to, with the edition as written:
    ("40th edition", 2023) for "Proceedings of the 40th International Conference on Machine
    Learning"; None when the venue or its numbering is not known."""
    venue = venue_of(text)
    if venue is None:
        return None
    m = _ORDINAL.search(text)
    if m and venue.ordinal:
        offset, since = venue.ordinal
        year = int(m.group(1)) + offset
        return (f"{m.group(0)} edition", year) if year >= since else None
    m = _TRAILING_NUMBER.search(text)
    if m and venue.volume and not _YEAR.search(text):
        offset, since = venue.volume
        year = int(m.group(1)) + offset
        return (f"volume {m.group(1)}", year) if year >= since else None
    return None
