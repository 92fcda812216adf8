"""Code in the sample paper (a Python block and inline code added to its last section), built
with `doit build` in every shipped style: monospace in the style's own font, highlighted by
pandoc's classes in both editions, never hyphenated, and the PDF still passes the checker."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfua import Severity, validate
from pypdf import PdfReader

from docbuild.style import PACKAGE_STYLES, STYLE_FILE

SHIPPED = sorted(d.name for d in PACKAGE_STYLES.iterdir() if (d / STYLE_FILE).is_file())
CODE = '''
The replication script reads the events with `read_events(path, encoding="utf-8")`{.python}.

```python
def read_events(path, encoding="utf-8"):
    """Read the timeline's events, one per line, as representatives of each relationship."""
    with open(path, encoding=encoding) as handle:
        return [line.split(",") for line in handle if line.strip()]  # skip blank lines
```
'''


@pytest.mark.parametrize("style", SHIPPED)
def test_code_is_monospace_highlighted_and_unbroken(
    style: str,
    tmp_path: Path,
    make_paper: Callable[[Path, str], Path],
    build_pdf: Callable[[Path], Path],
) -> None:
    paper = make_paper(tmp_path / "paper", style)
    last = sorted((paper / "manuscript").glob("*.md"))[-1]
    last.write_text(last.read_text(encoding="utf-8") + CODE, encoding="utf-8")
    pdf = build_pdf(paper)

    fonts = {
        str(ref.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(pdf).pages
        for ref in page["/Resources"]["/Font"].values()
    }
    # Regular for the code, bold for `def`/`with` (pygments' keywords), italic for the comment.
    assert {"Liberation-Mono", "Liberation-Mono-Bold", "Liberation-Mono-Italic"} <= fonts

    document = pdfium.PdfDocument(str(pdf))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    code = text[text.index("def read_events") : text.index("# skip")]
    assert "\u2010" not in code  # WeasyPrint's hyphenation hyphen: none inside code
    assert "representatives" in re.sub(r"\s+", " ", code)

    report = validate(str(pdf))
    assert [f.rule_id for f in report.findings if f.severity is Severity.ERROR] == []

    build = paper / "build"
    html = (build / "paper.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="style/docbuild-highlight.css" />' in html
    assert '<span class="kw">def</span>' in html
    assert "code span.kw {" in (build / "style" / "docbuild-highlight.css").read_text()
    assert (build / "style" / "fonts" / "LiberationMono-Regular.ttf").is_file()
