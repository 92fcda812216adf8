"""cite/pandoc_ast.py's renaming of citations, on pandoc's own JSON of a manuscript."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from docbuild.cite.pandoc_ast import read_ast, renamed_citations
from docbuild.render import pandoc

TEXT = """First [@doi:10.5555/x; @khan2019].

- a list, deep: see @doi:10.5555/x

Untouched [@khan2019].
"""


def test_renamed_citations_copy_what_they_change_and_share_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(TEXT, encoding="utf-8")
    ast = pandoc.parse_markdown([tmp_path / "a.md"], root=tmp_path, timeout=30)
    blocks = ast["blocks"]
    before = copy.deepcopy(blocks)
    out = renamed_citations(blocks, {"doi:10.5555/x": "carberry2008"})
    assert isinstance(out, list)
    assert read_ast({"blocks": out}).groups == (
        ("carberry2008", "khan2019"),
        ("carberry2008",),
        ("khan2019",),
    )
    assert blocks == before  # the parse's nodes as they were (a warm process reuses them)
    assert out[2] is blocks[2]  # a block without a renamed citation is shared, not copied
    assert renamed_citations(blocks, {"nobody": "x"}) is blocks
    # the citation's other fields (mode, prefix, suffix) are kept
    first = json.dumps(out[0]).replace("carberry2008", "doi:10.5555/x")
    assert first == json.dumps(blocks[0])
