"""render/htmlspeed.py: tinyhtml5's chars_until patterns kept under their right key, with the
same parse: a page of math (the torture file through pandoc and the math layout) parsed in a
fresh process without the shortcut and in one with it, tree for tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from docbuild.render.math import math_font
from docbuild.render.mathpage import to_print_html
from docbuild.render.pandoc import pandoc_path
from docbuild.style import PACKAGE_STYLES

TORTURE = Path(__file__).parent / "math" / "torture.md"
PARSE = """
import sys, xml.etree.ElementTree as ET
import tinyhtml5
from tinyhtml5 import inputstream
built = []
pattern = inputstream.re.compile
inputstream.re.compile = lambda *a, **k: built.append(a[0]) or pattern(*a, **k)
if sys.argv[2] == "fast":
    from docbuild.render.htmlspeed import speed_up_tinyhtml5
    assert speed_up_tinyhtml5(inputstream) and speed_up_tinyhtml5(inputstream)
tree = tinyhtml5.parse(open(sys.argv[1], encoding="utf-8").read())
sys.stdout.write(f"{len(built)}\\n" + ET.tostring(tree, encoding="unicode"))
"""


def test_the_parse_is_the_same_with_the_patterns_built_once(tmp_path: Path) -> None:
    pandoc = [pandoc_path(), "-f", "markdown", "-t", "html5", "--mathml"]
    done = subprocess.run(pandoc, input=TORTURE.read_bytes(), capture_output=True, check=True)
    font = math_font(PACKAGE_STYLES / "gfpr" / "fonts" / "STIXTwoMath-Regular.ttf")
    page, problems = to_print_html(done.stdout.decode(), font, workers=2)
    assert not problems
    html = tmp_path / "page.html"
    html.write_text(f"<!DOCTYPE html><html><body>{page}</body></html>", encoding="utf-8")
    runs = {
        how: subprocess.run(
            [sys.executable, "-c", PARSE, str(html), how], capture_output=True, check=True
        ).stdout.decode()
        for how in ("plain", "fast")
    }
    (built, plain), (built_fast, fast) = (runs[h].split("\n", 1) for h in ("plain", "fast"))
    assert fast == plain and plain.count("<html:img") > 250
    assert int(built) > 1000  # tinyhtml5's own: a pattern a call
    assert int(built_fast) < 10  # one a set of characters
