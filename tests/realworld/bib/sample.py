"""The labelled sample of a real bibliography: `python tests/realworld/bib/sample.py DIR` prints
the keys of the 40 entries whose SHA-1 comes first (README.md), one per line, in that order."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from docbuild.jobs.bibfile import read_bib

SAMPLE_SIZE = 40


def sample_keys(bib: Path, size: int = SAMPLE_SIZE) -> list[str]:
    """The sample's keys: distinct entry keys ordered by the SHA-1 of their UTF-8 bytes."""
    keys = dict.fromkeys(e.key for e in read_bib(bib).entries if e.key)
    return sorted(keys, key=lambda k: hashlib.sha1(k.encode("utf-8")).hexdigest())[:size]


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        print("\n".join(sample_keys(Path(folder) / "refs.bib")))
