"""Issue 4's safety rules: WeasyPrint reads only the paper's files and data: URIs.

Every refused resource stops the build with an error naming it, and the local HTTP server
must see zero requests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docbuild.errors import PdfRenderError, UnsafeResourceError
from docbuild.render.fetcher import RefusedResource, RestrictedFetcher
from docbuild.render.pdf import PdfJob, render_pdf
from docbuild.style import PACKAGE_STYLES

PNG_1PX = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
NETWORK = "network and other non-file addresses are not fetched"


STYLE = PACKAGE_STYLES / "preprint"


def job(root: Path, body: str, head: str = "") -> PdfJob:
    page = f"<html><head>{head}</head><body><p>Text.</p>{body}</body></html>"
    return PdfJob(
        html=page,
        root=root,
        stylesheets=(STYLE / "print.css",),
        allowed=(root, STYLE),
        fonts=tuple(sorted((STYLE / "fonts").glob("*.ttf"))),
    )


def refused(root: Path, body: str, head: str = "") -> str:
    with pytest.raises(UnsafeResourceError) as info:
        render_pdf(job(root, body, head), timeout=60)
    return info.value.message


CASES = {
    "img": '<img src="{u}/a.png">',
    "css-url": '<div style="background-image: url({u}/bg.png)">x</div>',
    "svg-image": '<svg width="10" height="10">'
    '<image href="{u}/s.png" width="10" height="10"/></svg>',
    "object": '<object data="{u}/o.svg" type="image/svg+xml"></object>',
    "embed": '<embed src="{u}/e.svg" type="image/svg+xml">',
}
HEAD_CASES = {
    "import": "<style>@import url({u}/i.css);</style>",
    "font-face": "<style>@font-face {{ font-family: X; src: url({u}/f.ttf); }}"
    " p {{ font-family: X }}</style>",
    "attachment": '<link rel="attachment" href="{u}/att.txt">',
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_network_resource_in_body_is_refused(name: str, tmp_path: Path, http_server) -> None:
    before = len(http_server.requests)
    url = CASES[name].format(u=http_server.base)
    message = refused(tmp_path, url)
    assert message.startswith(f"resource '{http_server.base}/")
    assert message.endswith(f"' refused: {NETWORK}")
    assert len(http_server.requests) == before


@pytest.mark.parametrize("name", sorted(HEAD_CASES))
def test_network_resource_in_head_is_refused(name: str, tmp_path: Path, http_server) -> None:
    before = len(http_server.requests)
    head = HEAD_CASES[name].format(u=http_server.base)
    message = refused(tmp_path, "", head)
    assert message.endswith(f"' refused: {NETWORK}")
    assert len(http_server.requests) == before


def test_file_outside_the_paper_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "paper"
    root.mkdir()
    (tmp_path / "secret.png").write_bytes(b"not really")
    # The document's base is a fixed stand-in for the paper folder (reproducible bytes), so
    # '../secret.png' shows as the path it reaches from there.
    assert refused(root, '<img src="../secret.png">') == (
        "resource 'file:///secret.png' refused: file outside the paper folder"
    )
    assert refused(root, '<img src="file:///etc/hostname">') == (
        "resource 'file:///etc/hostname' refused: file outside the paper folder"
    )


def test_symlink_out_of_the_paper_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "paper"
    root.mkdir()
    (tmp_path / "secret.png").write_bytes(b"x")
    (root / "link.png").symlink_to(tmp_path / "secret.png")
    assert refused(root, '<img src="link.png">') == (
        "resource 'link.png' refused: file outside the paper folder"
    )


def test_special_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.png")  # reading it would block forever
    assert refused(tmp_path, '<img src="pipe.png">') == (
        "resource 'pipe.png' refused: not a regular file"
    )


def test_ftp_is_refused(tmp_path: Path) -> None:
    assert refused(tmp_path, '<img src="ftp://127.0.0.1/x.png">') == (
        f"resource 'ftp://127.0.0.1/x.png' refused: {NETWORK}"
    )


def test_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    assert refused(tmp_path, '<img src="figures/none.png">') == (
        "resource 'figures/none.png' refused: file not found"
    )


def test_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.png").write_bytes(b"\0" * 2048)
    fetcher = RestrictedFetcher([tmp_path], max_bytes=1024)
    with pytest.raises(RefusedResource) as info:
        fetcher.fetch((tmp_path / "big.png").as_uri())
    assert info.value.reason == "file larger than 0 MiB"


def test_data_uri_and_paper_files_are_allowed(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "dot.png").write_bytes(
        __import__("base64").b64decode(PNG_1PX.split(",", 1)[1])
    )
    data = render_pdf(
        job(tmp_path, f'<img src="{PNG_1PX}"><img src="img/dot.png">'), timeout=60
    ).data
    assert data.startswith(b"%PDF-")


def test_a_stalled_render_is_stopped_with_a_clear_error(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>{i}</td><td>{'word ' * 40}</td></tr>" for i in range(3000))
    with pytest.raises(PdfRenderError) as info:
        render_pdf(job(tmp_path, f"<table>{rows}</table>"), timeout=0.2)
    assert info.value.message == "WeasyPrint did not finish within 0.2 s"


@pytest.mark.parametrize("stalls", [False, True])
def test_a_render_leaves_nothing_in_the_temporary_folder(
    tmp_path: Path, system_temp: Path, stalls: bool
) -> None:
    # WeasyPrint's font folder outlived every render (~9 MB each): removed only by an object's
    # __del__, which a child's exit does not run, nor a killed one's.
    paper = tmp_path / "paper"
    paper.mkdir()
    if stalls:
        rows = "".join(f"<tr><td>{i}</td><td>{'word ' * 40}</td></tr>" for i in range(3000))
        with pytest.raises(PdfRenderError):
            render_pdf(job(paper, f"<table>{rows}</table>"), timeout=1.0)
    else:
        assert render_pdf(job(paper, "<p>More text.</p>"), timeout=60).data.startswith(b"%PDF-")
    assert sorted(p.name for p in system_temp.iterdir()) == []


def test_each_layout_of_the_page_restarts_the_time_limit(tmp_path: Path) -> None:
    """The child says when each layout is done, and render_pdf gives the next one the whole
    limit: a 20-page paper whose floats take the 8 layouts of render/floats.py on a busy
    machine (manubot-governance) needs more than one limit in all, yet a layout that stalls
    is stopped as above. A figure that jumps over a hole is laid out twice, a page with
    nothing to move once."""
    from docbuild.render.pdf import _render

    def text(lines: int) -> str:
        return "<p>" + "<br>".join(f"text {i}" for i in range(lines)) + "</p>\n"

    head = (
        "<style>@page { size: A4; margin: 20mm } main { column-count: 2 }"
        " p { margin: 0; line-height: 12pt } figure { margin: 0; break-inside: avoid }</style>"
    )
    figure = (
        '<figure id="fig:a"><div style="height: 300pt"></div><figcaption>A</figcaption></figure>'
    )

    def layouts(body: str) -> int:
        done: list[None] = []
        _render(job(tmp_path, f"<main>{body}</main>", head), lambda: done.append(None))
        return len(done)

    counts = [layouts(text(41) + figure + text(10) + text(10) + text(60)), layouts(text(20))]
    assert counts == [2, 1]


def test_image_inside_an_svg_file_is_refused(tmp_path: Path, http_server) -> None:
    before = len(http_server.requests)
    (tmp_path / "d.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="10" height="10"><image xlink:href="{http_server.base}/s.png"'
        ' width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    assert refused(tmp_path, '<img src="d.svg">') == (
        f"resource '{http_server.base}/s.png' refused: {NETWORK}"
    )
    assert len(http_server.requests) == before


def test_a_missing_file_s_hint_names_the_files_of_close_names(tmp_path: Path) -> None:
    """AntheSevenants/gij-bent's paper.qmd:934 names figuren/figuur_7.png, which the
    repository lacks (figuur_2.png and figuur_4.png are there): the hint said to use files
    inside the paper folder, which the path was."""
    from docbuild.render.fetcher import refused_hint

    (tmp_path / "figuren").mkdir()
    for name in ("figuur_2.png", "figuur_4.png", "kaart.svg"):
        (tmp_path / "figuren" / name).write_bytes(b"")
    missing = tmp_path / "figuren" / "figuur_7.png"
    assert refused_hint(missing.as_uri(), "file not found", missing) == (
        "add the file, or fix its name (figuren/ has figuur_2.png, figuur_4.png)"
    )
    other = tmp_path / "figuren" / "map.pdf"
    assert refused_hint(other.as_uri(), "file not found", other) == (
        "add the file, or fix its path (relative to the paper folder)"
    )
