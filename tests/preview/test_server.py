"""The preview's server, real on 127.0.0.1: what it serves, what it refuses, its event stream."""

from __future__ import annotations

import http.client
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from docbuild.preview import page
from docbuild.preview.hub import Hub
from docbuild.preview.server import PreviewServer
from docbuild.preview.session import initial_state


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[PreviewServer, Path]]:
    build = tmp_path / "paper" / "build"
    (build / "figures").mkdir(parents=True)
    (build / "paper.html").write_text("<p>the paper</p>", encoding="utf-8")
    (build / "figures" / "map.png").write_bytes(b"\x89PNG")
    (build / ".doit.db").write_bytes(b"state")
    (build / ".cache").mkdir()
    (build / ".cache" / "citeproc.json").write_text("{}", encoding="utf-8")
    (tmp_path / "paper" / "refs.bib").write_text("@book{a, title={T}}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (build / "out.txt").symlink_to(tmp_path / "secret.txt")
    (build / "manuscript.json").write_text(
        json.dumps({"version": 1, "files": [{"path": "manuscript/a.md", "text": "one\n<b>two"}]}),
        encoding="utf-8",
    )
    server = PreviewServer(build, Hub(initial_state()))
    server.start()
    try:
        yield server, build
    finally:
        server.stop()


def get(server: PreviewServer, path: str, host: str | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{server.port}")
    conn.endheaders()
    return conn.getresponse()


def test_it_listens_on_127_0_0_1_only(served: tuple[PreviewServer, Path]) -> None:
    server, _ = served
    assert server.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}/"


def test_the_paper_is_served_under_its_own_policy(served: tuple[PreviewServer, Path]) -> None:
    server, _ = served
    answer = get(server, "/paper.html")
    assert answer.status == 200
    assert answer.read() == b"<p>the paper</p>"
    assert answer.getheader("Content-Security-Policy") == page.PAPER_CSP
    assert "script-src" not in page.PAPER_CSP  # default-src 'none': no script runs in it
    assert answer.getheader("X-Content-Type-Options") == "nosniff"
    assert get(server, "/figures/map.png?page=3").read() == b"\x89PNG"


def test_the_preview_page_may_run_its_own_script_only(served: tuple[PreviewServer, Path]) -> None:
    server, _ = served
    answer = get(server, "/")
    body = answer.read().decode()
    assert answer.getheader("Content-Security-Policy") == page.SHELL_CSP
    assert '<script src="/_preview/live.js" defer></script>' in body
    assert "<script>" not in body  # nothing inline: the policy would block it
    script = get(server, "/_preview/live.js")
    assert script.getheader("Content-Type") == "text/javascript; charset=utf-8"
    assert b"EventSource" in script.read()


@pytest.mark.parametrize(
    "path",
    [
        "/.doit.db",  # doit's state
        "/.cache/citeproc.json",  # hidden folders
        "/out.txt",  # a link out of build/
        "/../refs.bib",  # the paper folder itself
        "/%2e%2e/refs.bib",
        "/figures",  # a folder
        "/missing.html",
        "/_preview/nothing",
    ],
)
def test_nothing_but_build_outputs(served: tuple[PreviewServer, Path], path: str) -> None:
    server, _ = served
    answer = get(server, path)
    assert (answer.status, answer.read()) in ((404, b"not found\n"),)


def test_another_host_name_is_refused(served: tuple[PreviewServer, Path]) -> None:
    """A page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) gets nothing."""
    server, _ = served
    answer = get(server, "/paper.html", host=f"attacker.example:{server.port}")
    assert (answer.status, answer.read()) == (403, b"the preview answers only 127.0.0.1\n")
    assert get(server, "/paper.html", host=f"localhost:{server.port}").status == 200


def test_a_manuscript_file_is_shown_with_numbered_lines(served: tuple[PreviewServer, Path]) -> None:
    server, _ = served
    body = get(server, "/_preview/source/manuscript/a.md").read().decode()
    assert '<tr id="L2"><td><a href="#L2">2</a></td><td>&lt;b&gt;two</td></tr>' in body
    assert get(server, "/_preview/source/refs.bib").status == 404


def test_the_event_stream_sends_the_state_and_each_change(
    served: tuple[PreviewServer, Path],
) -> None:
    server, _ = served
    answer = get(server, "/_preview/events")
    assert answer.getheader("Content-Type") == "text/event-stream"

    def event() -> dict[str, object]:
        assert answer.readline() == b"event: state\n"
        data = answer.readline()
        assert answer.readline() == b"\n"
        return dict(json.loads(data.removeprefix(b"data: ")))

    assert event()["page"] == 0
    server.hub.publish(page=4, error=None)
    assert event()["page"] == 4
    server.hub.publish(error="manuscript/a.md:3: error: it broke")
    changed = event()
    assert (changed["page"], changed["error"]) == (4, "manuscript/a.md:3: error: it broke")


def test_a_port_in_use_is_not_shared(served: tuple[PreviewServer, Path]) -> None:
    server, build = served
    with pytest.raises(OSError):
        PreviewServer(build, Hub(initial_state()), port=server.port)
    assert os.path.exists(build / "paper.html")


def test_an_unchanged_file_is_not_sent_again(served: tuple[PreviewServer, Path]) -> None:
    server, build = served
    first = get(server, "/figures/map.png")
    tag = first.getheader("ETag")
    assert first.getheader("Cache-Control") == "no-cache" and tag
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", "/figures/map.png", headers={"If-None-Match": tag})
    again = conn.getresponse()
    assert (again.status, again.read()) == (304, b"")
    (build / "figures" / "map.png").write_bytes(b"\x89PNG redrawn")
    conn.request("GET", "/figures/map.png", headers={"If-None-Match": tag})
    assert conn.getresponse().read() == b"\x89PNG redrawn"


def test_only_get_and_head_are_answered(served: tuple[PreviewServer, Path]) -> None:
    server, _ = served
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("POST", "/paper.html", body=b"x")
    assert conn.getresponse().status == 501
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("HEAD", "/paper.html")
    head = conn.getresponse()
    assert (head.status, head.read(), head.getheader("Content-Length")) == (200, b"", "16")


def test_a_port_in_use_is_an_error_that_names_it(tmp_path: Path) -> None:
    """As the user sees it: `docbuild preview --port N` with N taken."""
    import socket

    from previewkit import copy_sample

    from docbuild.errors import DocbuildError
    from docbuild.preview.run import run_preview

    paper = copy_sample(tmp_path / "paper")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(DocbuildError) as refused:
            run_preview(paper, port=port, open_browser=False)
    assert str(refused.value) == (
        f"error: cannot serve on 127.0.0.1:{port}: Address already in use\n"
        "  hint: choose another --port, or leave it out for a free one"
    )
    assert not (paper / "build" / "paper.html").exists()
