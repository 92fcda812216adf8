"""Shared helpers for the hardening tests: the repository root on sys.path for `bench`."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    # bench/generate.py is not part of the installed package; the tests import it from the repo.
    sys.path.insert(0, str(REPO))
