"""The preview in a real browser: headless Chromium, driven over the DevTools protocol, watches
`docbuild preview` rebuild a copy of the sample paper as its manuscript is edited.

Skipped only where Chromium is missing outside CI; `.ci/run` installs it (scripts/setup.sh).
"""

from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path

import pytest
from cdp import Chromium, chromium_path
from previewkit import Preview, copy_sample, in_session

BINARY = chromium_path()
pytestmark = [
    pytest.mark.slow,  # a cold build of the sample, then three rebuilds and a PDF: ~20-40 s
    pytest.mark.skipif(
        BINARY is None and not os.environ.get("CI"),
        reason="no chromium on this machine (apt-get install chromium; CI installs it)",
    ),
]
NEW_TEXT = "Few middle powers, as this edit says,"
BROKEN_YAML = (
    "manuscript/00-front.md:5:6: error: the front matter is not valid YAML: while parsing a "
    "flow sequence: did not find expected ',' or ']'\n"
    "  hint: fix the YAML block between the '---' lines"
)
# A hang, not a measure: the sample's PDF time limit (jobs/build.py, pdf_time_limit).
PDF_LIMIT = 180.0
PAPER_TEXT = "document.getElementById('paper').contentDocument.body.innerText"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_shows_in_the_browser_and_a_broken_one_keeps_the_page(tmp_path: Path) -> None:
    assert BINARY is not None, "CI must have chromium (scripts/setup.sh installs it)"
    paper = copy_sample(tmp_path / "paper")
    # Code a stranger's folder plants to be imported (docs/guarantees.md): never run.
    planted = tmp_path / "planted-code-ran"
    for name in ("weasyprint.py", "pypdf.py", "webbrowser.py"):
        (paper / name).write_text(f"open({str(planted)!r}, 'w')\n", encoding="utf-8")
    preview = Preview(paper)
    browser = None
    try:
        url = preview.url()
        browser = Chromium(tmp_path / "profile", BINARY)
        page = browser.page(url)
        page.wait_for("document.body.dataset.page === '1'")
        assert "Few middle powers have had" in page.evaluate(PAPER_TEXT)
        # A value only this page holds: a reload of the page itself (not its frame) loses it.
        page.evaluate("window.docbuildTest = 'still the same page'")

        # One line of the manuscript changes; its new text appears without a reload.
        intro = paper / "manuscript" / "01-introduction.md"
        edit(intro, "Few middle powers", NEW_TEXT)
        page.wait_for(f"{PAPER_TEXT}.includes({json.dumps(NEW_TEXT)})")
        assert page.evaluate("window.docbuildTest") == "still the same page"
        assert page.evaluate("document.getElementById('error').hidden") is True

        # The findings are listed beside the page, as the lint report has them, with links
        # to the manuscript's line and marks on the references they concern.
        report = json.loads((paper / "build" / "lint-report.json").read_text())
        findings = report["findings"]
        items = page.wait_for(
            "Array.from(document.querySelectorAll('#findings li'),"
            " li => [li.dataset.rule, li.querySelector('.message').textContent,"
            " li.querySelector('.where').textContent, li.querySelector('.where').href])"
        )
        assert [i[:2] for i in items] == [[f["rule"], f["message"]] for f in findings]
        broken_link = items[[f["rule"] for f in findings].index("M007")]
        assert broken_link[1] == "link '[2019](#)' points nowhere"
        assert broken_link[2] == "manuscript/01-introduction.md:45"
        assert broken_link[3] == f"{url}_preview/source/manuscript/01-introduction.md#L45"
        shown_html = (paper / "build" / "paper.html").read_text(encoding="utf-8")
        entries = set(re.findall(r'<div id="ref-([^"]+)" class="csl-entry"', shown_html))
        keyed = {f["key"] for f in findings if f["key"]} & entries
        assert len(keyed) > 5
        marked = page.wait_for(  # once the frame has loaded
            "Array.from(document.getElementById('paper').contentDocument"
            ".querySelectorAll('.csl-entry[data-docbuild-finding]'), e => e.id).join(' ')"
        )
        assert {m.removeprefix("ref-") for m in marked.split()} == keyed

        # The front matter breaks: the page says where and why, and the last good text stays.
        front = paper / "manuscript" / "00-front.md"
        edit(front, 'title: "Between', 'title: [unclosed "Between')
        shown = page.wait_for(
            "!document.getElementById('error').hidden"
            " && document.querySelector('#error pre').textContent"
        )
        assert shown == BROKEN_YAML
        assert NEW_TEXT in page.evaluate(PAPER_TEXT)

        # Fixed again: the error goes, and the PDF behind the page catches up.
        edit(front, 'title: [unclosed "Between', 'title: "Between')
        page.wait_for("document.getElementById('error').hidden")
        shown_page = page.wait_for(
            "document.body.dataset.page !== '2' && document.body.dataset.page"
        )
        # A PDF of an earlier build may be under way (it is finished, not abandoned: a burst
        # of saves must not starve the PDF), then this build's: two renders on a busy machine.
        try:
            page.wait_for(
                f"document.getElementById('pdf-status').textContent"
                f" === 'PDF of build {shown_page}'",
                limit=2 * PDF_LIMIT,
            )
        except AssertionError as exc:
            status = page.evaluate("document.getElementById('pdf-status').textContent")
            raise AssertionError(
                f"{exc}\nthe page says {status!r}; the preview printed:\n{preview.output}"
            ) from None
        href = page.evaluate("document.getElementById('pdf').getAttribute('href')")
        assert href == f"/paper.pdf?page={shown_page}"
        assert page.evaluate("window.docbuildTest") == "still the same page"

        # Only one preview per paper.
        second = Preview(paper)
        assert second.proc.wait(timeout=60) == 1
        second._reader.join(timeout=10)
        assert "this paper is being built or previewed already" in second.output
    finally:
        if browser is not None:
            browser.close()
        code = preview.stop(signal.SIGTERM) if preview.proc.poll() is None else None
        preview.kill()
    assert code == 0, preview.output
    assert preview.output.rstrip().endswith("docbuild preview: stopped")
    assert in_session(preview.proc.pid) == []
    build = paper / "build"
    assert list(build.rglob("*.docbuild.tmp")) == []
    # Nothing written outside build/: the paper's own files are the ones copied and edited.
    assert sorted(p.name for p in paper.iterdir()) == [
        "build",
        "docbuild.toml",
        "manuscript",
        "pypdf.py",
        "refs.bib",
        "weasyprint.py",
        "webbrowser.py",
    ]
    assert not planted.exists()
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(build / "paper.pdf").pages)
    assert "as this edit says" in " ".join(text.split())


def test_ctrl_c_stops_it_cleanly(tmp_path: Path) -> None:
    """Ctrl-C on a terminal: SIGINT to the whole process group (pandoc, WeasyPrint's child and
    the math workers get it too), once the first page is up and the PDF is being made."""
    from previewkit import state

    paper = copy_sample(tmp_path / "paper")
    preview = Preview(paper, interactive=True)
    try:
        url = preview.url()
        state(url, lambda s: s["page"] == 1)
        os.killpg(preview.proc.pid, signal.SIGINT)
        code = preview.proc.wait(timeout=60)
        preview._reader.join(timeout=10)
    finally:
        preview.kill()
    assert code == 0, preview.output
    assert preview.output.rstrip().endswith("docbuild preview: stopped")
    assert "Traceback" not in preview.output
    assert in_session(preview.proc.pid) == []
    assert list((paper / "build").rglob("*.docbuild.tmp")) == []
