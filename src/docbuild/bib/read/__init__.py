"""Reading `.bib` text into our model: `parse_bib` (see `parse.py` for how the pieces fit)."""

from __future__ import annotations

from docbuild.bib.read.parse import decode_text, parse_bib

__all__ = ["decode_text", "parse_bib"]
