"""Shared set-up for the hardening tests: `bench` and this folder's helper modules importable.

The slow tests (kill trials, 50,000 entries) run by default, CI included (about 1.5 minutes);
`pytest -m "not slow"` leaves them out for a quick loop."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# bench/generate.py and the oracles here are not part of the installed package.
for _path in (REPO, HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
