r"""Keep only the math of a real paper: its inline and display TeX, in reading order.

    python tests/realworld/math/extract.py <slug> <paper.md>  (writes <slug>/math.md)

pandoc reads the paper (so `$` inside code or prose is left alone, as the build does) and every
Math node becomes one paragraph: `$…$` for inline math, `$$…$$` for display math. Raw LaTeX math
environments (`\begin{equation}\label{eq:x}…`, as JOSS papers write them) and references to
equations (`\autoref{eq:x}`, `\eqref{…}`) are kept verbatim, after the word "Text:" so that
pandoc reads them inside a paragraph, as in the paper. SOURCE.toml is written beside it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pypandoc

RAW_MATH = re.compile(r"\s*\\begin\{(equation|align|gather|multline|eqnarray)\*?\}")
RAW_REF = re.compile(r"\\(?:autoref|eqref|ref)\{eq")


def math_nodes(node: object) -> list[tuple[str, str]]:
    """(kind, tex) of every Math node under `node`, in document order."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        if node.get("t") == "Math":
            kind, tex = node["c"]
            found.append((kind["t"], tex))
        elif node.get("t") in ("RawBlock", "RawInline") and node["c"][0] in ("tex", "latex"):
            text = node["c"][1]
            if RAW_MATH.match(text) or RAW_REF.match(text):
                found.append(("Raw", text))
        else:
            for value in node.values():
                found.extend(math_nodes(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(math_nodes(value))
    return found


def to_markdown(nodes: list[tuple[str, str]]) -> str:
    parts = []
    for kind, tex in nodes:
        tex = tex.strip()
        if kind == "Raw":
            parts.append("Text:\n" + tex)
        else:
            parts.append(f"$${tex}$$" if kind == "DisplayMath" else f"${tex}$")
    return "\n\n".join(parts) + "\n"


def main() -> None:
    slug, paper = sys.argv[1], Path(sys.argv[2])
    ast = json.loads(
        subprocess.run(
            [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "json", str(paper)],
            capture_output=True,
            check=True,
        ).stdout
    )
    out = Path(__file__).parent / slug / "math.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(to_markdown(math_nodes(ast["blocks"])), encoding="utf-8")
    print(f"{out}: {len(math_nodes(ast['blocks']))} expressions")


if __name__ == "__main__":
    main()
