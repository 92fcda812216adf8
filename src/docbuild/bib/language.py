"""Whether an entry is written in English, as far as its `langid`/`language` or the small words
of its title and container tell. A guess for rules that weigh evidence (`missing-doi`)."""

from __future__ import annotations

import re

from docbuild.bib.latex import to_unicode
from docbuild.bib.model import BibEntry

# biblatex's and babel's names for English, and the ISO codes Zotero and Mendeley write.
_ENGLISH_NAMES = frozenset(
    {"english", "american", "british", "canadian", "australian", "newzealand", "ukenglish",
     "usenglish", "en", "eng"}
)  # fmt: skip
# Articles, prepositions and conjunctions that mark a title's language. Words that are also
# English ("in", "die", "a", "do") or a particle of names in English titles ("de Finetti",
# "van der Waals") are left out.
_SMALL_WORDS = {
    "english": "the of and on for an to with from by at is are its",
    "french": "le la les des du une un pour sur dans au aux avec par et à ou où",
    "german": "der das und ein eine einer eines zur zum über ueber für mit von vom bei auf aus",
    "spanish": "el los las del y con por para una",
    "italian": "il lo gli della delle dei di",
    "portuguese": "da dos em",
    "dutch": "het een voor op met naar ook",
}
_ENGLISH = frozenset(_SMALL_WORDS["english"].split())
_OTHER = frozenset(w for lang, ws in _SMALL_WORDS.items() if lang != "english" for w in ws.split())
_WORD = re.compile(r"[^\W\d_]+")
_CONTAINER_FIELDS = ("journal", "journaltitle", "booktitle")


def in_english(entry: BibEntry) -> bool | None:
    """True or False when the entry's `langid`/`language` says so, else when the title and the
    container hold more small words of one side; None when nothing tells (no such words, or as
    many of each)."""
    declared = (entry.value("langid") or entry.value("language") or "").strip().lower()
    if declared:
        return declared.split("-")[0].replace(" ", "") in _ENGLISH_NAMES
    text = " ".join(entry.value(f) or "" for f in ("title", *_CONTAINER_FIELDS))
    english, other = _count(text)
    # TeX accents (`{\\`a}`) hide only other languages' small words (à, où, für, über), and
    # the conversion is most of the cost: it is needed only when they could tip the balance.
    if "\\" in text and not (english and not other):
        english, other = _count(to_unicode(text))
    if english == other:
        return None
    return english > other


def _count(text: str) -> tuple[int, int]:
    """How many of the text's words are English small words, and how many another's."""
    words = _WORD.findall(text.lower())
    return sum(w in _ENGLISH for w in words), sum(w in _OTHER for w in words)
