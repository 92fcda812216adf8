"""Pytest fixtures for the registry stand-in, for any test folder to import.

In that folder's conftest.py (`tests/` must be on sys.path for `registry` to import):

    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from registry.plugin import hallmark_registry, registry_server  # noqa: E402, F401
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .records import read_records
from .server import RegistryServer

HALLMARK = Path(__file__).resolve().parents[1] / "data" / "hallmark"
HALLMARK_RECORDS = HALLMARK / "registry_records.jsonl"
HALLMARK_POOL_RECORDS = HALLMARK / "registry_pool_records.jsonl"


@pytest.fixture
def registry_server() -> Iterator[RegistryServer]:
    """A running stand-in that knows no works yet: `registry_server.load(records)`."""
    with RegistryServer() as server:
        yield server


@pytest.fixture
def hallmark_registry() -> Iterator[RegistryServer]:
    """A running stand-in that knows the works of HALLMARK's development split
    (tests/data/hallmark/registry_records.jsonl: its VALID entries and the works its
    fabrications imitate)."""
    with RegistryServer(read_records(HALLMARK_RECORDS)) as server:
        yield server


@pytest.fixture
def hallmark_registry_with_pools() -> Iterator[RegistryServer]:
    """`hallmark_registry` plus the 522 other real works of HALLMARK's pools (same venues and
    years): near neighbours, so that a search for an invented work finds plausible candidates."""
    records = read_records(HALLMARK_RECORDS) + read_records(HALLMARK_POOL_RECORDS)
    with RegistryServer(records) as server:
        yield server
