"""The preview's own pages: the frame around the paper, and a manuscript file's numbered text.

The HTML edition keeps its Content-Security-Policy (no script may run in it), so the live
reload runs in this page, which is served under a policy that allows its one script from this
server; the paper is shown in a frame of the same origin, whose text the script marks.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from docbuild.render.sanitize import CSP

# The preview page: its own script and style, the paper in a frame, the event stream.
SHELL_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "frame-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# The HTML edition's own policy (render/sanitize.py), and only this page may frame it.
PAPER_CSP = f"{CSP}; frame-ancestors 'self'"
SOURCE_CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'"

_SHELL = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>docbuild preview</title>
<link rel="stylesheet" href="/_preview/preview.css">
<script src="/_preview/live.js" defer></script>
</head>
<body>
<header id="bar">
<strong>docbuild preview</strong>
<span id="status" role="status">starting</span>
<a id="pdf" href="/paper.pdf" target="_blank" rel="noopener">PDF</a>
<span id="pdf-status"></span>
</header>
<section id="error" role="alert" hidden><h2>The last edit did not build</h2>
<p>The page shows the last version that did.</p><pre></pre></section>
<main>
<iframe id="paper" title="the paper"
 sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>
<aside id="findings" aria-label="findings"><h2>Findings <span id="count"></span></h2>
<ol></ol></aside>
</main>
</body>
</html>
"""


def shell() -> str:
    return _SHELL


def source_view(build: Path, name: str) -> str | None:
    """A manuscript file's text with numbered, linkable lines (`#L12`), as the last parse read
    it (build/manuscript.json); None for a name that is not one of its files."""
    from docbuild.jobs.parse import MANUSCRIPT_JSON

    try:
        data = json.loads((build / MANUSCRIPT_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    for item in files if isinstance(files, list) else []:
        if isinstance(item, dict) and item.get("path") == name:
            return numbered(name, str(item.get("text", "")))
    return None


def numbered(name: str, text: str) -> str:
    lines = "".join(
        f'<tr id="L{n}"><td><a href="#L{n}">{n}</a></td><td>{html.escape(line)}</td></tr>\n'
        for n, line in enumerate(text.splitlines(), start=1)
    )
    title = html.escape(name)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>{title}</title><link rel="stylesheet" href="/_preview/preview.css"></head>\n'
        f'<body class="source"><h1>{title}</h1><table>\n{lines}</table></body></html>\n'
    )
