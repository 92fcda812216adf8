"""Pytest fixtures for the registry stand-in, for any test folder to import.

In a conftest.py (the `tests/` folder must be importable; see tests/registry/conftest.py):

    from registry.plugin import hallmark_registry, registry_server  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .records import read_records
from .server import RegistryServer

HALLMARK_RECORDS = (
    Path(__file__).resolve().parents[1] / "data" / "hallmark" / "registry_records.jsonl"
)


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
