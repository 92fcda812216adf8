"""Crossref lookups, offline-first: a cached HTTP client, pure matching, and the lock file."""
