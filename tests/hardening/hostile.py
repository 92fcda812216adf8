"""Hostile manuscripts: each case is a paper folder with one bad manuscript file, built by a real
`doit build` under strace (every `open` of every process, pandoc's included) while a local HTTP
server counts the requests that reach it.

bench/run_all.py imports this module for the figures in docs/guarantees.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.generate import generate_paper

CANARY = "CANARY-7f3a-OUTSIDE-THE-PAPER"
STRACE = shutil.which("strace")


@dataclass(frozen=True, slots=True)
class Hostile:
    name: str
    markdown: str  # `{url}` is the local server, `{out}` the folder outside the paper
    needles: tuple[str, ...]  # a failed build's message must name one of these
    setup: Callable[[Path, Path], None] | None = None  # (paper, outside) extra files


@dataclass(slots=True)
class HostileResult:
    name: str
    returncode: int | None  # None: the build did not end within its time limit
    seconds: float
    output: str
    requests: int
    forbidden_reads: list[str]
    leftovers: list[str]  # a PDF after a failure, or temporary files in build/
    canary_in_output: list[str]  # build files that contain text from outside the paper
    script_links: list[str]  # javascript: links that reached the HTML or PDF
    message_ok: bool
    opens_traced: bool

    @property
    def outcome(self) -> str:
        if self.returncode is None:
            return "hung"
        return "refused" if self.returncode else "built without it"

    @property
    def ok(self) -> bool:
        return (
            self.returncode is not None
            and self.message_ok
            and self.requests == 0
            and not self.forbidden_reads
            and not self.leftovers
            and not self.canary_in_output
            and not self.script_links
        )

    def explain(self) -> str:
        return (
            f"{self.name}: {self.outcome} in {self.seconds:.1f} s, {self.requests} requests, "
            f"forbidden reads {self.forbidden_reads}, leftovers {self.leftovers}, canary in "
            f"{self.canary_in_output}, script links {self.script_links}, "
            f"message ok {self.message_ok}\n{self.output[-1500:]}"
        )


class _Counter(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b"/* served */"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on a free port; yields its base URL and the list of paths asked."""
    hits: list[str] = []
    handler = type("Handler", (_Counter,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def _evil_svg(paper: Path, outside: Path) -> None:
    (paper / "figures").mkdir(exist_ok=True)
    (paper / "figures" / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100" height="100"><image xlink:href="file:///etc/passwd" width="50" '
        f'height="50"/><image href="{outside.as_uri()}/secret.svg" width="50" height="50"/>'
        "</svg>\n"
    )


def _xxe_svg(paper: Path, outside: Path) -> None:
    (paper / "figures").mkdir(exist_ok=True)
    (paper / "figures" / "xxe.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM '
        f'"{outside.as_uri()}/secret.txt">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
        '<text y="20">&secret;</text></svg>\n'
    )


def _symlink(paper: Path, outside: Path) -> None:
    (paper / "figures").mkdir(exist_ok=True)
    (paper / "figures" / "link.svg").symlink_to(outside / "secret.svg")


CASES: tuple[Hostile, ...] = (
    Hostile("image /etc/passwd", "![a secret](/etc/passwd)\n", ("/etc/passwd",)),
    Hostile("image ../outside", "![a secret](../outside/secret.svg)\n", ("secret.svg",)),
    Hostile("image file:///dev/zero", "![zeros](file:///dev/zero)\n", ("/dev/zero",)),
    Hostile("remote image", "![remote]({url}/remote.png)\n", ("remote.png", "127.0.0.1")),
    Hostile(
        "raw HTML img and iframe",
        '<img src="{url}/raw.png"> <iframe src="file:///etc/passwd"></iframe>\n',
        ("raw.png", "127.0.0.1", "/etc/passwd"),
    ),
    Hostile(
        "{=html} block with link, object, embed",
        '```{{=html}}\n<link rel="stylesheet" href="{url}/sheet.css">\n'
        '<object data="{out}/secret.svg"></object>\n<embed src="{url}/embed.svg">\n```\n',
        ("sheet.css", "secret.svg", "embed.svg", "127.0.0.1"),
    ),
    Hostile(
        "javascript: links",
        '[click](javascript:alert(document.cookie)) and <a href="javascript:alert(1)">raw</a>\n',
        ("javascript",),
    ),
    Hostile(
        "link rel=attachment outside",
        '<link rel="attachment" href="{out}/secret.txt">\n'
        '<a rel="attachment" href="{out}/secret.txt">the data</a>\n',
        ("secret.txt",),
    ),
    Hostile(
        "CSS @import, url() and @font-face remote",
        '```{{=html}}\n<style>@import url("{url}/import.css");\n'
        '@font-face {{ font-family: Evil; src: url("{url}/font.woff"); }}\n'
        'body {{ font-family: Evil; background: url("{url}/bg.png"); }}</style>\n```\n',
        ("import.css", "font.woff", "bg.png", "127.0.0.1"),
    ),
    Hostile(
        "protocol-relative URL",
        '<img src="//127.0.0.1:{port}/relative.png">\n',
        ("relative.png", "127.0.0.1"),
    ),
    Hostile(
        "huge CSS letter-spacing",
        '<p style="letter-spacing: 100000000px">a b c d</p>\n',
        ("WeasyPrint", "letter-spacing"),
    ),
    Hostile(
        "SVG in the paper with images outside",
        "![chart](figures/evil.svg)\n",
        ("/etc/passwd", "secret.svg"),
        _evil_svg,
    ),
    Hostile(
        "SVG with an external XML entity",
        "![chart](figures/xxe.svg)\n",
        ("xxe.svg", "secret.txt", "entity"),
        _xxe_svg,
    ),
    Hostile(
        "base href pointing outside",
        '<base href="file:///etc/">\n\n![a secret](passwd)\n',
        ("passwd", "/etc/"),
    ),
    Hostile(
        "srcset and SVG use from the network",
        '<img srcset="{url}/small.png 1x, {url}/big.png 2x">\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><use href="{url}/sprite.svg#a"/></svg>\n',
        ("small.png", "big.png", "sprite.svg", "127.0.0.1"),
    ),
    Hostile(
        "symlink out of the paper folder",
        "![chart](figures/link.svg)\n",
        ("link.svg", "secret.svg"),
        _symlink,
    ),
)


def make_outside(outside: Path) -> None:
    """Files a hostile manuscript points at: reading any of them is a failure."""
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text(f"{CANARY} text\n")
    (outside / "secret.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f"<text y='9'>{CANARY}</text></svg>\n"
    )


def forbidden_paths(outside: Path) -> tuple[str, ...]:
    return (str(outside), "/etc/passwd", "/dev/zero", "/etc/shadow")


def make_paper(folder: Path, case: Hostile, *, url: str, outside: Path) -> None:
    generate_paper(folder, words=120, references=3, citations=3, figures=0, tables=0)
    port = url.rsplit(":", 1)[1]
    text = case.markdown.format(url=url, out=outside, port=port)
    (folder / "manuscript" / "02-hostile.md").write_text(f"# Hostile\n\n{text}\n")
    if case.setup is not None:
        case.setup(folder, outside)


_OPEN = re.compile(r'open(?:at2?)?\((?:[^,]*, )?"((?:[^"\\]|\\.)*)"')


def traced_opens(trace: Path) -> list[str]:
    """Every path any process tried to open, from `strace -f -e trace=open,openat,openat2`."""
    if not trace.exists():
        return []
    return _OPEN.findall(trace.read_text(errors="replace"))


def build(folder: Path, *, timeout: float = 120.0) -> tuple[int | None, str, Path | None]:
    """`doit build` in `folder` under strace when it is installed; (code, output, trace)."""
    trace = folder.parent / f"{folder.name}.strace" if STRACE else None
    cmd = [sys.executable, "-m", "doit", "build"]
    if STRACE and trace is not None:
        # --seccomp-bpf stops only on the traced calls, so the build runs at full speed.
        cmd = [STRACE, "--seccomp-bpf", "-f", "-qq", "-e", "trace=open,openat,openat2",
               "-o", str(trace), *cmd]  # fmt: skip
    try:
        proc = subprocess.run(
            cmd, cwd=folder, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return None, out, trace
    return proc.returncode, proc.stdout + proc.stderr, trace


def _script_links(build_dir: Path) -> list[str]:
    found = []
    html = build_dir / "paper.html"
    if html.exists() and re.search(
        r"""(?:href|src)\s*=\s*["']?\s*javascript:""", html.read_text(), re.I
    ):
        found.append("paper.html")
    pdf = build_dir / "paper.pdf"
    if pdf.exists():
        from pypdf import PdfReader

        for page in PdfReader(pdf).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                uri = str(action.get_object().get("/URI", "")) if action else ""
                if uri.lower().lstrip().startswith("javascript:"):
                    found.append(f"paper.pdf: {uri}")
    return found


def _canary(build_dir: Path) -> list[str]:
    found = []
    for path in build_dir.rglob("*"):
        if path.is_file() and not path.name.endswith(".strace"):
            data = path.read_bytes()
            if CANARY.encode() in data:
                found.append(path.name)
    pdf = build_dir / "paper.pdf"
    if pdf.exists():
        from pypdf import PdfReader

        reader = PdfReader(pdf)
        text = "".join(page.extract_text() or "" for page in reader.pages)
        attached = b"".join(b for blobs in reader.attachments.values() for b in blobs)
        if CANARY in text or CANARY.encode() in attached:
            found.append("paper.pdf (text or attachment)")
    return found


def run_hostile(case: Hostile, work: Path, *, url: str, hits: list[str]) -> HostileResult:
    outside = work / "outside"
    make_outside(outside)
    paper = work / "paper"
    make_paper(paper, case, url=url, outside=outside)
    before = len(hits)
    started = time.perf_counter()
    code, output, trace = build(paper)
    seconds = time.perf_counter() - started
    forbidden = forbidden_paths(outside)
    opens = traced_opens(trace) if trace else []
    bad_reads = sorted({p for p in opens if p.startswith(forbidden)})
    build_dir = paper / "build"
    leftovers = [p.name for p in build_dir.glob("*.tmp")] + [
        p.name for p in build_dir.glob(".*.tmp")
    ]
    if code and (build_dir / "paper.pdf").exists():
        leftovers.append("paper.pdf")
    message_ok = code == 0 or bool(
        re.search(r"error: .*(" + "|".join(map(re.escape, case.needles)) + ")", output)
    )
    return HostileResult(
        case.name,
        code,
        seconds,
        output,
        len(hits) - before,
        bad_reads,
        leftovers,
        _canary(build_dir) if build_dir.exists() else [],
        _script_links(build_dir) if build_dir.exists() else [],
        message_ok,
        trace is not None,
    )


def processes_in(folder: Path) -> list[str]:
    """Command lines of live processes whose working directory is inside `folder`."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cwd = (proc / "cwd").resolve()
            if cwd == folder or folder in cwd.parents:
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


@dataclass(slots=True)
class StallResult:
    name: str
    error: str  # the message the user sees, "" when it built
    seconds: float
    leftovers: list[str] = field(default_factory=list)  # processes or files left behind


# Within the nesting limits (docbuild.limits: 5 levels of `[`; deeper is refused before
# pandoc), and still a minute of pandoc: each 5-deep group costs it about 20 ms of CPU, linearly.
# 400 groups (3.5-7.6 s) once finished within CI's 4 s limit; 3,000 cannot on any machine.
DEEP_BRACKETS = "[[[[[x]]]]]\n\n" * 3000
WIDE_COLUMNS = '<div style="column-count: 100000">' + "word " * 20_000 + "</div>"


def run_pandoc_stall(work: Path, *, timeout: float) -> StallResult:
    """3,000 groups of 5 nested `[`: pandoc takes about a minute; the pandoc step must stop it at
    `timeout`."""
    from docbuild.config import load_settings
    from docbuild.errors import DocbuildError
    from docbuild.jobs.pandoc import run_pandoc

    paper = work / "paper"
    generate_paper(paper, words=120, references=3, citations=3, figures=0, tables=0)
    (paper / "manuscript" / "02-deep.md").write_text(DEEP_BRACKETS + "\n")
    started = time.perf_counter()
    try:
        run_pandoc(load_settings(paper), timeout=timeout)
        error = ""
    except DocbuildError as exc:
        error = str(exc)
    seconds = time.perf_counter() - started
    leftovers = processes_in(paper) + [p.name for p in (paper / "build").glob("*.html")]
    return StallResult("pandoc: 3,000 groups of 5 nested [", error, seconds, leftovers)


def run_weasyprint_stall(work: Path, *, timeout: float) -> StallResult:
    """100,000 CSS columns over 20,000 words: WeasyPrint must be stopped at `timeout`."""
    from docbuild.config import load_settings
    from docbuild.errors import DocbuildError
    from docbuild.jobs.build import run_pdf

    paper = work / "paper"
    generate_paper(paper, words=120, references=3, citations=3, figures=0, tables=0)
    (paper / "manuscript" / "02-columns.md").write_text(WIDE_COLUMNS + "\n")
    subprocess.run(
        [sys.executable, "-m", "doit", "pandoc", "lint"], cwd=paper, capture_output=True, check=True
    )
    started = time.perf_counter()
    try:
        run_pdf(load_settings(paper), timeout=timeout)
        error = ""
    except DocbuildError as exc:
        error = str(exc)
    seconds = time.perf_counter() - started
    build_dir = paper / "build"
    leftovers = processes_in(paper) + [p.name for p in build_dir.glob("*.tmp")]
    leftovers += [p.name for p in build_dir.glob(".*.tmp")]
    if error and (build_dir / "paper.pdf").exists():
        leftovers.append("paper.pdf")
    return StallResult("WeasyPrint: 100,000 columns", error, seconds, leftovers)
