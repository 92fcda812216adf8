"""The registry stand-in's own tests; `tests/` is put on sys.path so `registry` imports."""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from registry.plugin import (  # noqa: E402, F401
    hallmark_registry,
    hallmark_registry_with_pools,
    registry_server,
)
