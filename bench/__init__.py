"""Benchmarks and the deterministic input generators they share."""
