"""Hostile paper folders: configuration, links, build/, styles, doit files, CSL, devices, FIFOs
and sizes. Each case is built by `docbuild build` under strace (opens, writes and connects of
every process) while a local HTTP server counts requests; see test_hostile_folders.py.

bench/run_all.py can import this module for the figures in docs/guarantees.md.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.generate import generate_paper
from hostile import CANARY, STRACE

from docbuild.fsutil import TEMP_SUFFIX
from docbuild.style import PACKAGE_STYLES

Setup = Callable[[Path, Path, str], None]  # (paper, outside, server URL)


@dataclass(frozen=True, slots=True)
class FolderCase:
    name: str
    setup: Setup
    # "refused": the build fails, its error line matches `message`; "built": it succeeds;
    # "either": both are fine (what matters is what it touched).
    expect: str
    message: str = ""  # a regular expression the `error:` line must match when refused
    figures: int = 0  # figures the generated paper has


@dataclass(slots=True)
class FolderResult:
    name: str
    returncode: int | None  # None: it did not end within the time limit
    seconds: float
    output: str
    requests: int
    bad_reads: list[str]
    bad_writes: list[str]
    connects: list[str]
    changed: list[str]  # files outside the paper that changed
    leftovers: list[str]  # temporary files left in the paper
    canary: list[str]  # built files holding text from outside
    traced: bool

    def problems(self, case: FolderCase) -> list[str]:
        found = []
        if self.returncode is None:
            found.append("did not finish")
        elif case.expect == "built" and self.returncode != 0:
            found.append("did not build")
        elif case.expect == "refused" and self.returncode == 0:
            found.append("was not refused")
        if case.expect == "refused" and self.returncode:
            errors = [ln for ln in self.output.splitlines() if "error:" in ln]
            if not errors or not re.search(case.message, errors[0]):
                found.append(f"message {errors[:1]} does not match {case.message!r}")
        if "Traceback" in self.output:
            found.append("traceback")
        for label, items in (
            ("requests", self.requests),
            ("reads outside", self.bad_reads),
            ("writes outside", self.bad_writes),
            ("connects", self.connects),
            ("changed outside", self.changed),
            ("temporary files left", self.leftovers),
            ("text from outside in", self.canary),
        ):
            if items:
                found.append(f"{label}: {items}")
        return found


# --- what a case plants -------------------------------------------------------------------


def toml(text: str) -> Setup:
    def setup(paper: Path, outside: Path, url: str) -> None:
        (paper / "docbuild.toml").write_text(text.format(out=outside, url=url), encoding="utf-8")

    return setup


def link(name: str, target: str) -> Setup:
    """`name` in the paper becomes a link to `target` (`{out}` is the outside folder)."""

    def setup(paper: Path, outside: Path, url: str) -> None:
        path = paper / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.format(out=outside))

    return setup


def special(name: str, kind: str, size: int = 0) -> Setup:
    """`name` becomes a FIFO, a device node (like /dev/zero), a folder or a sparse file."""

    def setup(paper: Path, outside: Path, url: str) -> None:
        path = paper / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "device":
            os.mknod(path, 0o600 | 0o020000, os.makedev(1, 5))
        elif kind == "folder":
            path.mkdir()
        else:
            with path.open("wb") as fh:
                fh.truncate(size)  # sparse: no disk used

    return setup


def write(name: str, text: str) -> Setup:
    def setup(paper: Path, outside: Path, url: str) -> None:
        path = paper / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.format(out=outside, url=url, canary=CANARY), encoding="utf-8")

    return setup


def both(*steps: Setup) -> Setup:
    def setup(paper: Path, outside: Path, url: str) -> None:
        for step in steps:
            step(paper, outside, url)

    return setup


def local_style(**keys: str) -> Setup:
    """A copy of the preprint style in the paper, `style.toml` keys replaced."""

    def setup(paper: Path, outside: Path, url: str) -> None:
        folder = paper / "styles" / "evil"
        shutil.copytree(PACKAGE_STYLES / "preprint", folder)
        text = (folder / "style.toml").read_text(encoding="utf-8")
        for key, value in keys.items():
            value = value.format(out=outside, url=url)
            text, count = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
            if not count:
                text = f"{key} = {value}\n" + text
        (folder / "style.toml").write_text(text, encoding="utf-8")
        (paper / "docbuild.toml").write_text('style = "evil"\n', encoding="utf-8")

    return setup


EVIL_PY = f"from pathlib import Path\nPath({{victim!r}}).write_text('{CANARY}')\n"


def evil_python(name: str) -> Setup:
    """A Python file that, if anything ran it, would overwrite the victim outside."""

    def setup(paper: Path, outside: Path, url: str) -> None:
        path = paper / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(EVIL_PY.format(victim=str(outside / "victim.txt")), encoding="utf-8")

    return setup


LUA = 'local f = io.open("{out}/victim.txt", "w"); f:write("' + CANARY + '"); f:close()\n'
DEPENDENT = (
    '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" '
    'version="1.0"><info><title>Dependent</title><id>x</id>'
    '<link href="{parent}" rel="independent-parent"/></info></style>\n'
)
XXE_CSL = (
    '<?xml version="1.0"?>\n<!DOCTYPE style [<!ENTITY s SYSTEM "file:///etc/passwd">]>\n'
    '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
    '<info><title>&s;</title><id>x</id></info><citation><layout><text variable="title"/>'
    "</layout></citation></style>\n"
)
DEAD = 2**22 + 7  # above Linux's pid_max: no process has it


def _include(target: str) -> Setup:
    """A manuscript file with a Quarto include of `target`, on its line 3."""
    return write(
        "manuscript/99-include.md", f"More text.\n\n{{{{{{{{< include {target} >}}}}}}}}\n"
    )


def _image(markdown: str) -> Setup:
    return write("manuscript/02-hostile.md", "# Hostile\n\n" + markdown + "\n")


def _git_monitor(paper: Path, outside: Path, url: str) -> None:
    """`date: today` in a git checkout whose `.git/config` names a file-system monitor that
    writes outside: git status runs it (the date is asked of git in a trusted folder)."""
    chapter = paper / "manuscript" / "01-chapter.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("date: 2024-01-01",
                                                                   "date: today"))  # fmt: skip
    monitor = paper / "monitor.sh"
    monitor.write_text(f"#!/bin/sh\necho {CANARY} > {outside}/victim.txt\n", encoding="utf-8")
    monitor.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(paper), "GIT_AUTHOR_NAME": "A",
           "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org"}  # fmt: skip
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "paper"],
                 ["config", "core.fsmonitor", str(monitor)]):  # fmt: skip
        subprocess.run(["git", *args], cwd=paper, env=env, check=True, capture_output=True)


def _macro_bomb(paper: Path, outside: Path, url: str) -> None:
    """40 @string macros, each the one before twice (16 TiB expanded), used by a cited entry."""
    lines = ['@string{m0 = "0123456789abcdef"}']
    lines += [f"@string{{m{i} = m{i - 1} # m{i - 1}}}" for i in range(1, 41)]
    with (paper / "refs.bib").open("a", encoding="utf-8") as fh:
        fh.write("\n" + "\n".join(lines) + "\n@misc{bomb, title = m40, year = 2020}\n")
    (paper / "docbuild.toml").write_text('[lint]\nfail_on = "error"\n', encoding="utf-8")


def _include_fan_out(paper: Path, outside: Path, url: str) -> None:
    """Eight files, each including the next eight times: 8**8 copies of the last, no circle."""
    folder = paper / "manuscript" / "parts"
    folder.mkdir(parents=True)
    for i in range(8):
        (folder / f"p{i}.md").write_text(
            f"Part {i}.\n\n" + f"{{{{< include p{i + 1}.md >}}}}\n" * 8
        )
    (folder / "p8.md").write_text("The last part.\n")
    (paper / "manuscript" / "99-include.md").write_text("{{< include parts/p0.md >}}\n")


OUTSIDE = "is outside the paper folder"
ABSOLUTE = "is an absolute path"
LEAVES = "leaves the paper folder"
LINKED = r"is a symbolic link; docbuild does not write through links"
NOT_REGULAR = r"not a regular file"

CASES: tuple[FolderCase, ...] = (
    # configuration: docbuild.toml
    FolderCase("bibliography /etc/passwd", toml('bibliography = "/etc/passwd"\n'), "refused",
               rf"docbuild\.toml:1: error: bibliography '/etc/passwd' {ABSOLUTE}"),
    FolderCase("bibliography ../outside", toml('bibliography = "../outside/secret.bib"\n'),
               "refused", rf"docbuild\.toml:1: error: bibliography .* {LEAVES}"),
    FolderCase("bibliography ~", toml('bibliography = "~/refs.bib"\n'), "refused", ABSOLUTE),
    FolderCase("manuscript named --lua-filter",
               both(toml('manuscript = ["manuscript/*.md", "--lua-filter=evil.lua"]\n'),
                    write("evil.lua", LUA), write("--lua-filter=evil.lua", "More text.\n")),
               "built"),
    FolderCase("manuscript named --output=../victim",
               both(toml('manuscript = ["manuscript/*.md", "--output=victim.txt"]\n'),
                    write("--output=victim.txt", "More text.\n")), "built"),
    FolderCase("manuscript named -o", both(toml('manuscript = ["manuscript/*.md", "-o"]\n'),
                                           write("-o", "More text.\n")), "built"),
    FolderCase("manuscript glob ../**/*.md", toml('manuscript = ["../**/*.md"]\n'), "refused",
               rf"docbuild\.toml:1: error: manuscript entry '\.\./\*\*/\*\.md' {LEAVES}"),
    FolderCase("manuscript glob /etc/*", toml('manuscript = ["/etc/*"]\n'), "refused", ABSOLUTE),
    FolderCase("manuscript glob through a linked folder",
               both(toml('manuscript = ["manuscript/*.md", "manuscript/*/*.md"]\n'),
                    link("manuscript/more", "{out}/ms")), "refused", OUTSIDE),
    FolderCase("csl /etc/passwd", toml('csl = "/etc/passwd"\n'), "refused",
               rf"docbuild\.toml:1: error: csl '/etc/passwd' {ABSOLUTE}"),
    FolderCase("csl ../outside", toml('csl = "../outside/x.csl"\n'), "refused", LEAVES),
    FolderCase("csl linked outside", both(toml('csl = "mine.csl"\n'),
                                          link("mine.csl", "{out}/secret.csl")),
               "refused", OUTSIDE),
    FolderCase("build_dir .", toml('build_dir = "."\n'), "refused",
               r"docbuild\.toml:1: error: build_dir '\.' is the paper folder itself"),
    FolderCase("build_dir ..", toml('build_dir = ".."\n'), "refused", LEAVES),
    FolderCase("build_dir ../outside", toml('build_dir = "../outside"\n'), "refused", LEAVES),
    FolderCase("build_dir absolute", toml('build_dir = "{out}"\n'), "refused", ABSOLUTE),
    FolderCase("build_dir manuscript", toml('build_dir = "manuscript"\n'), "refused",
               "holds the source file"),
    FolderCase("build_dir a link outside", both(toml('build_dir = "out"\n'),
                                                link("out", "{out}/build")),
               "refused", "is reached through the symbolic link 'out'"),
    FolderCase("build_dir a file", toml('build_dir = "refs.bib"\n'), "refused",
               "build_dir 'refs.bib' is not a folder"),
    FolderCase("lint.baseline outside", toml('[lint]\nbaseline = "../outside/base.json"\n'),
               "refused", rf"docbuild\.toml:2: error: lint\.baseline .* {LEAVES}"),
    FolderCase("lint.baseline /etc/passwd", toml('[lint]\nbaseline = "/etc/passwd"\n'),
               "refused", ABSOLUTE),
    FolderCase("lint.baseline linked outside",
               both(toml('[lint]\nbaseline = "base.json"\n'), link("base.json", "{out}/b.json")),
               "refused", OUTSIDE),
    FolderCase("lint.baseline inside build", toml('[lint]\nbaseline = "build/base.json"\n'),
               "refused", "is inside build_dir"),
    FolderCase("docbuild.toml linked to /etc/passwd", link("docbuild.toml", "/etc/passwd"),
               "refused", OUTSIDE),
    FolderCase("docbuild.toml a FIFO", special("docbuild.toml", "fifo"), "refused", NOT_REGULAR),
    FolderCase("docbuild.toml of 5 MiB", special("docbuild.toml", "sparse", 5 << 20),
               "refused", "over the limit of 4 MiB"),
    FolderCase("crossref.api file://", toml('[crossref]\napi = "file:///etc/passwd"\n'),
               "refused", "not an http or https address"),
    FolderCase("style ../outside", toml('style = "../outside/x"\n'), "refused", "not found"),
    # links
    FolderCase("refs.bib linked to /etc/passwd", link("refs.bib", "/etc/passwd"), "refused",
               r"bibliography 'refs\.bib' \(a link to '/etc/passwd'\) is outside"),
    FolderCase("refs.bib linked outside", link("refs.bib", "{out}/secret.bib"), "refused",
               OUTSIDE),
    FolderCase("refs.bib linked to /dev/zero", link("refs.bib", "/dev/zero"), "refused",
               OUTSIDE),
    FolderCase("refs.bib a loop of links",
               both(link("refs.bib", "loop.bib"), link("loop.bib", "refs.bib")), "refused",
               "loop of symbolic links"),
    FolderCase("manuscript file linked to /etc/passwd",
               link("manuscript/00-front.md", "/etc/passwd"), "refused", OUTSIDE),
    FolderCase("manuscript folder linked outside", link("manuscript", "{out}/ms"), "refused",
               OUTSIDE),
    FolderCase("styles linked outside", both(link("styles", "{out}/styles"),
                                             toml('style = "stolen"\n')), "refused", OUTSIDE),
    FolderCase("style folder linked outside", both(link("styles/stolen", "{out}/styles/stolen"),
                                                   toml('style = "stolen"\n')),
               "refused", OUTSIDE),
    FolderCase("figures folder linked outside",
               both(link("figures", "{out}/figs"), _image("![x](figures/secret.svg)")),
               "refused", r"secret\.svg"),
    FolderCase("a link inside that stays inside", both(link("library.bib", "refs.bib"),
                                                       toml('bibliography = "library.bib"\n')),
               "built"),
    # Quarto includes: read as manuscript text, so confined like a manuscript file
    FolderCase("include ../outside", _include("../../outside/ms/secret.md"), "refused",
               rf"manuscript/99-include\.md:3: error: included file .* {OUTSIDE}"),
    # Quarto reads `/x` from the project's folder (here the paper folder): climbing out of it
    # from there is refused like any `..`.
    FolderCase("include /etc/passwd", _include("/../../../../etc/passwd"), "refused",
               rf"manuscript/99-include\.md:3: error: included file .* {OUTSIDE}"),
    FolderCase("include linked outside",
               both(_include("part.qmd"), link("manuscript/part.qmd", "{out}/ms/secret.md")),
               "refused", OUTSIDE),
    FolderCase("include fan-out", _include_fan_out, "refused",
               r"parts/p\d\.md:\d+: error: the manuscript with its includes passes 10,000 "
               r"includes here"),
    FolderCase("include a FIFO", both(_include("part.qmd"), special("manuscript/part.qmd", "fifo")),
               "refused", NOT_REGULAR),
    # build/
    FolderCase("build/.docbuild.lock linked outside",
               link("build/.docbuild.lock", "{out}/victim.txt"), "refused", LINKED),
    FolderCase("build/.doit.db linked outside", link("build/.doit.db", "{out}/victim.txt"),
               "refused", LINKED),
    FolderCase("build/.doit.db-journal linked outside",
               link("build/.doit.db-journal", "{out}/victim.txt"), "refused", LINKED),
    FolderCase("build/paper.pdf linked outside", link("build/paper.pdf", "{out}/victim.txt"),
               "refused", LINKED),
    FolderCase("build/paper.html linked outside", link("build/paper.html", "{out}/victim.txt"),
               "refused", LINKED),
    FolderCase("build/refs.json linked outside", link("build/refs.json", "{out}/victim.txt"),
               "refused", LINKED),
    FolderCase("build/style linked outside", link("build/style", "{out}/dir"), "refused", LINKED),
    FolderCase("build/figures linked outside", link("build/figures", "{out}/dir"), "refused",
               LINKED, figures=1),
    FolderCase("build linked outside", link("build", "{out}/dir"), "refused",
               "is reached through the symbolic link 'build'"),
    FolderCase("build/.doit.db a FIFO", special("build/.doit.db", "fifo"), "either",
               NOT_REGULAR),
    FolderCase("build/.docbuild.lock a FIFO", special("build/.docbuild.lock", "fifo"),
               "refused", NOT_REGULAR),
    FolderCase("build a file", special("build", "sparse", 10), "refused", "is not a folder"),
    FolderCase("leftover temporary files", both(
        write(f"build/.paper.pdf.{DEAD}-0badc0de{TEMP_SUFFIX}", "half"),
        write(f".refs.bib.{DEAD}-0badc0de{TEMP_SUFFIX}", "half")), "built"),
    # styles
    FolderCase("style template ../outside",
               local_style(template='"../../../outside/t.html"'), "refused",
               rf"style\.toml:\d+: error: style template .* {OUTSIDE}"),
    FolderCase("style template /etc/passwd", local_style(template='"/etc/passwd"'), "refused",
               OUTSIDE),
    FolderCase("style template linked outside",
               both(local_style(template='"t.html"'), link("styles/evil/t.html", "{out}/t.html")),
               "refused", OUTSIDE),
    FolderCase("template partial ../outside",
               both(local_style(template='"t.html"'),
                    write("styles/evil/t.html", "<html><head></head><body>"
                          "${{ ../../../outside/secret() }}$body$</body></html>")),
               "refused", r"t\.html:1: error: template partial .* is outside the style folder"),
    FolderCase("template partial linked outside",
               both(local_style(template='"t.html"'), link("styles/evil/part.html",
                                                           "{out}/secret.html"),
                    write("styles/evil/t.html", "<html><head></head><body>$part()$$body$"
                          "</body></html>")), "refused", "template partial .* is outside"),
    FolderCase("style css_print ../outside",
               local_style(css_print='["../../../outside/x.css"]'), "refused", OUTSIDE),
    FolderCase("style css_screen /etc/passwd", local_style(css_screen='["/etc/passwd"]'),
               "refused", OUTSIDE),
    FolderCase("style css linked outside",
               both(local_style(), link("styles/evil/print.css", "{out}/x.css")),
               "refused", OUTSIDE),
    FolderCase("style csl /etc/passwd", local_style(csl='"/etc/passwd"'), "refused", OUTSIDE),
    FolderCase("style fonts /etc", local_style(fonts='"/etc"'), "refused", OUTSIDE),
    FolderCase("style fonts folder linked outside",
               both(local_style(), link("styles/evil/fonts", "{out}/fonts")), "refused", OUTSIDE),
    FolderCase("style font linked to /etc/passwd",
               both(local_style(), link("styles/evil/fonts/x.ttf", "/etc/passwd")), "refused",
               OUTSIDE),
    FolderCase("style.toml linked to /etc/passwd",
               both(local_style(), link("styles/evil/style.toml", "/etc/passwd")), "refused",
               OUTSIDE),
    FolderCase("style.toml a FIFO", both(local_style(), special("styles/evil/style.toml", "fifo")),
               "refused", "not found|not a regular file"),
    FolderCase("style template a FIFO",
               both(local_style(), special("styles/evil/template.html", "fifo")), "refused",
               NOT_REGULAR),
    FolderCase("style template with script and refresh",
               both(local_style(template='"t.html"'),
                    write("styles/evil/t.html", '<html><head><meta http-equiv="refresh" '
                          'content="0;url={url}/r"><script src="{url}/s.js"></script>'
                          '<link rel="prefetch" href="{url}/p"></head><body>$body$'
                          "</body></html>")), "built"),
    FolderCase("style css @import from the network",
               both(local_style(), write("styles/evil/print.css", '@import url("{url}/i.css");\n')),
               "refused", r"i\.css"),
    FolderCase("style css font from /etc/passwd",
               both(local_style(), write("styles/evil/print.css",
                                         '@font-face {{ font-family: X; src: url("file:///etc/'
                                         'passwd"); }}\nbody {{ font-family: X; }}\n')),
               "refused", "/etc/passwd"),
    # doit files and Python beside them: never run by docbuild build
    FolderCase("dodo.py that writes outside", evil_python("dodo.py"), "built"),
    FolderCase("doit.cfg naming another dodo file",
               both(evil_python("evil.py"), write("doit.cfg", "[GLOBAL]\ndodoFile = evil.py\n")),
               "built"),
    FolderCase("pyproject.toml [tool.doit]",
               both(evil_python("evil.py"),
                    write("pyproject.toml", '[tool.doit]\ndodoFile = "evil.py"\n')), "built"),
    FolderCase("doit.py shadowing doit", evil_python("doit.py"), "built"),
    FolderCase("sitecustomize.py", evil_python("sitecustomize.py"), "built"),
    FolderCase("docbuild/ shadowing docbuild", evil_python("docbuild/__init__.py"), "built"),
    FolderCase("weasyprint.py shadowing WeasyPrint", evil_python("weasyprint.py"), "built"),
    FolderCase("date: today with a git core.fsmonitor", _git_monitor, "built"),
    # CSL
    FolderCase("dependent CSL, parent on the network",
               both(toml('csl = "j.csl"\n'),
                    write("j.csl", DEPENDENT.format(parent="{url}/styles/apa"))), "built"),
    FolderCase("dependent CSL, parent not installed",
               both(toml('csl = "j.csl"\n'),
                    write("j.csl", DEPENDENT.format(parent="{url}/styles/no-such-style"))),
               "refused", "depends on 'no-such-style'"),
    FolderCase("CSL with an external entity", both(toml('csl = "x.csl"\n'),
                                                   write("x.csl", XXE_CSL)), "either", "csl"),
    FolderCase("CSL of 5 MiB", both(toml('csl = "big.csl"\n'),
                                    special("big.csl", "sparse", 5 << 20)),
               "refused", "over the limit of 4 MiB"),
    FolderCase("CSL a FIFO", both(toml('csl = "f.csl"\n'), special("f.csl", "fifo")),
               "refused", NOT_REGULAR),
    # devices, FIFOs and sizes
    FolderCase("refs.bib a FIFO", special("refs.bib", "fifo"), "refused",
               r"bibliography 'refs\.bib' is a FIFO"),
    FolderCase("refs.bib a device", special("refs.bib", "device"), "refused", "is a device"),
    FolderCase("refs.bib a folder", special("refs.bib", "folder"), "refused", "is a folder"),
    FolderCase("refs.bib @string macro bomb", _macro_bomb, "refused",
               "20 reference problems stop the build"),
    FolderCase("refs.bib of 40 MiB", special("refs.bib", "sparse", 40 << 20), "refused",
               "over the limit of 32 MiB"),
    FolderCase("manuscript file a FIFO", special("manuscript/02-x.md", "fifo"), "refused",
               NOT_REGULAR),
    FolderCase("manuscript file a device", special("manuscript/02-x.md", "device"), "refused",
               "is a device"),
    FolderCase("manuscript file of 20 MiB", special("manuscript/02-x.md", "sparse", 20 << 20),
               "refused", "over the limit of 16 MiB"),
    FolderCase("image a FIFO", both(special("figures/f.png", "fifo"),
                                    _image("![x](figures/f.png)")), "refused", r"f\.png"),
    FolderCase("image a device", both(special("figures/d.png", "device"),
                                      _image("![x](figures/d.png)")), "refused", r"d\.png"),
    FolderCase("image of 60 MiB", both(special("figures/big.png", "sparse", 60 << 20),
                                       _image("![x](figures/big.png)")), "refused", r"big\.png"),
    FolderCase("blockquote 5,000 deep", _image("> " * 5000 + "x"), "refused",
               r"02-hostile\.md:3: error: blockquotes \('>'\) nested more than 32 deep"),
    FolderCase("list 40 deep", _image("".join("  " * i + "- a\n" for i in range(40))),
               "refused", "lists nested more than 32 deep"),
    FolderCase("<div> 100,000 deep", _image("<div>" * 100_000 + "x"), "refused",
               "divs nested more than 32 deep"),
    FolderCase("20,000 nested [", _image("[" * 20_000 + "x" + "]" * 20_000), "refused",
               "'\\[' nested more than 5 deep"),
)  # fmt: skip


def make_outside(outside: Path) -> dict[Path, bytes]:
    """What cases point at outside the paper; every file's bytes, to see that none changed."""
    for sub in ("ms", "styles/stolen", "styles", "fonts", "figs", "dir", "build"):
        (outside / sub).mkdir(parents=True, exist_ok=True)
    files = {
        "secret.txt": f"{CANARY}\n",
        "secret.bib": f"@article{{x, title = {{{CANARY}}}, year = {{2020}}}}\n",
        "secret.csl": f"<style>{CANARY}</style>\n",
        "secret.html": f"{CANARY}\n",
        "t.html": f"<html><head></head><body>{CANARY}$body$</body></html>\n",
        "x.css": f'body::before {{ content: "{CANARY}"; }}\n',
        "b.json": '{"findings": []}\n',
        "victim.txt": "keep me\n",
        "ms/secret.md": f"{CANARY}\n",
        "figs/secret.svg": f'<svg xmlns="http://www.w3.org/2000/svg"><text>{CANARY}</text></svg>',
        "fonts/x.ttf": f"{CANARY}\n",
        "styles/stolen/style.toml": 'title = "stolen"\n',
    }
    for name, text in files.items():
        (outside / name).write_text(text, encoding="utf-8")
    return {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}


def make_paper(paper: Path, outside: Path, case: FolderCase, url: str) -> None:
    generate_paper(paper, words=80, references=2, citations=2, figures=case.figures, tables=0)
    case.setup(paper, outside, url)


TRACED = (
    "open,openat,openat2,creat,connect,rename,renameat,renameat2,unlink,unlinkat,rmdir,"
    "mkdir,mkdirat,truncate,symlink,symlinkat,link,linkat"
)
_CALL = re.compile(r"^(?:\[pid\s+)?(\d+)\]?\s+(\w+)\((.*)\)\s+=\s+(-?\d+|\?)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC")
_INET = re.compile(r"sa_family=AF_INET6?\b")


def _allowed_writes() -> tuple[str, ...]:
    """Places outside the paper that a build may write to: devices, caches, compiled Python."""
    home = Path.home()
    repo = Path(__file__).resolve().parents[2]
    # `-I` ignores PYTHONDONTWRITEBYTECODE, so the first build in a fresh clone compiles
    # docbuild.styles, which an editable install maps to the repository's styles/.
    return (
        "/dev/", "/proc/", str(home / ".cache"), "/var/cache/fontconfig", sys.prefix,
        str(repo / "src"), str(repo / "styles" / "__pycache__"),
    )  # fmt: skip


# The system's temporary folder, by the names libraries give their files there: pandoc's
# one-item bibliography and the PDF child's folder (docbuild-*; WeasyPrint's fonts in it),
# WeasyPrint's fonts elsewhere (weasyprint-*), and what ctypes' find_library compiles with gcc
# (cc*, tmp*, 8 random characters). A case's own folder lies in the temporary folder too,
# which is why only these names are allowed.
_TEMPORARY = re.compile(
    re.escape(tempfile.gettempdir())
    + r"/(?:docbuild-\w+|weasyprint-\w+|tmp\w+|cc[\w.]+|[a-z0-9_]{8})(?:/|$)"
)


def check_trace(trace: Path, paper: Path, outside: Path) -> tuple[list[str], list[str], list[str]]:
    """(reads outside, writes outside, inet connects) seen in an strace -f log."""
    forbidden = (str(outside), "/etc/passwd", "/etc/shadow", "/dev/zero")
    allowed = _allowed_writes()
    root = str(paper)
    reads: set[str] = set()
    writes: set[str] = set()
    connects: list[str] = []
    for line in trace.read_text(errors="replace").splitlines():
        call = _CALL.match(line)
        if call is None:
            continue
        name, args = call[2], call[3]
        if name == "connect":
            if _INET.search(args):
                connects.append(args[:120])
            continue
        paths = _STRING.findall(args)
        if not paths:
            continue
        is_open = name.startswith("open") or name == "creat"
        writing = not is_open or name == "creat" or bool(_WRITE_FLAGS.search(args))
        for path in paths if not is_open else paths[:1]:
            if not path.startswith("/"):
                if path.startswith(".."):
                    writes.add(path) if writing else reads.add(path)
                continue  # relative to the paper, where every process runs
            if path.startswith(forbidden):
                (writes if writing else reads).add(path)
            elif writing and not path.startswith((root, *allowed)) and not _TEMPORARY.match(path):
                writes.add(path)
    return sorted(reads), sorted(writes), connects


def run_case(case: FolderCase, work: Path, *, url: str, hits: list[str]) -> FolderResult:
    outside = work / "outside"
    before = make_outside(outside)
    paper = work / "paper"
    make_paper(paper, outside, case, url)
    trace = work / "trace.txt"
    # As an editor runs it: the installed command, from outside the folder (`python -m`
    # run inside it would import the folder's own `docbuild/` before docbuild could refuse it).
    cmd = [sys.executable, "-I", "-m", "docbuild.cli", "build", str(paper)]
    if STRACE:
        cmd = [STRACE, "--seccomp-bpf", "-f", "-qq", "-e", f"trace={TRACED}", "-o", str(trace),
               *cmd]  # fmt: skip
    count = len(hits)
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=180)
        code: int | None = proc.returncode
        output = proc.stdout + proc.stderr
    except subprocess.TimeoutExpired as exc:
        code, output = None, str(exc.stdout or "")
    seconds = time.perf_counter() - started
    reads, writes, connects = check_trace(trace, paper, outside) if trace.exists() else ([], [], [])
    after = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    changed = sorted(str(p) for p in set(before) | set(after) if before.get(p) != after.get(p))
    leftovers = sorted(str(p.relative_to(paper)) for p in paper.rglob(f"*{TEMP_SUFFIX}"))
    canary = []
    for built in (paper / "build").rglob("*") if (paper / "build").is_dir() else ():
        if built.is_file() and not built.is_symlink() and CANARY.encode() in built.read_bytes():
            canary.append(built.name)
    return FolderResult(
        case.name, code, seconds, output, len(hits) - count, reads, writes, connects, changed,
        leftovers, canary, trace.exists(),
    )  # fmt: skip
