"""Shared set-up for the hardening tests: `bench` and this folder's helper modules importable,
and the slow tests (kill trials, 50,000 entries) only on request."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# bench/generate.py and the oracles here are not part of the installed package.
for _path in (REPO, HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip this folder's slow tests unless `-m` names a selection or DOCBUILD_SLOW=1."""
    if config.getoption("markexpr") or os.environ.get("DOCBUILD_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow or DOCBUILD_SLOW=1")
    for item in items:
        if "slow" in item.keywords and HERE in Path(str(item.path)).parents:
            item.add_marker(skip)
