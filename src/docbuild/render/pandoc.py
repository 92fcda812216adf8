"""pandoc at the edge: run it under a time limit in a sandbox and translate its errors.

The pandoc binary comes from pypandoc-binary; we call it directly (not `pypandoc.convert_*`)
because only a subprocess can be given a time limit and a working directory.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docbuild.diagnostics import Location, relative_to
from docbuild.errors import PandocError

CROSSREF_FILTER = Path(__file__).parent / "crossref.lua"
# A note style's citations are footnotes: their inline copies for the PDF (notecopies.lua).
NOTE_COPIES_FILTER = Path(__file__).parent / "notecopies.lua"
MEMORY_LIMIT_MIB = 4096  # a 100,000-word book with 2,000 references needs ~350 MiB
DEFAULT_TIMEOUT = 60.0  # seconds; the build passes limits that grow with the manuscript
# The garbage collector's sizes. pandoc's binary asks for a 64 MiB heap (-H64m), all of it
# touched by the first collections: 9 of the 13 ms of CPU a chapter's run takes are the
# kernel handing out those pages. A 16 MiB allocation area and no suggested heap: a save's
# reader and writer of one of the sample's chapters 41 → 33 ms of CPU, a 170 kB manuscript
# read 208 → 182 ms and written 272 → 280 ms (bench/RESULTS.md, hV). The output is the same.
GC_OPTIONS = ("-A16m", "-H1m")

# Metadata that could pull in data or markup from elsewhere; the build sets what it needs.
DROPPED_META = (
    "bibliography",
    "csl",
    "references",
    "citation-abbreviations",
    "header-includes",
    "include-before",
    "include-after",
    "css",
)

_AT_FILE = re.compile(r'at "(?P<file>[^"]+)" \(line (?P<line>\d+), column (?P<col>\d+)\)')
_YAML_AT = re.compile(r"YAML parse exception at line (?P<line>\d+), column (?P<col>\d+)")


@dataclass(frozen=True, slots=True)
class PandocResult:
    output: bytes
    warnings: tuple[str, ...]  # pandoc's [WARNING] lines, without the prefix
    # What our Lua filters report: one JSON object a line on stderr, `{"docbuild": kind, ...}`.
    reports: tuple[dict[str, object], ...] = ()
    # Pieces of `output`'s body, in order, each whole elements (render/chapters.py's
    # fragments): the page's checks keep what they found in each while it stays the same.
    fragments: tuple[str, ...] = ()


@functools.cache
def pandoc_path() -> str:
    """The binary pypandoc-binary ships, found without running it: pypandoc's own look-up
    runs `pandoc --version`, one more process in every build."""
    import pypandoc

    bundled = Path(pypandoc.__file__).parent / "files" / "pandoc"
    if bundled.is_file():
        return str(bundled)
    return str(pypandoc.get_pandoc_path())


def run(
    args: Sequence[str],
    *,
    cwd: Path,
    stdin: bytes | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    what: str = "the manuscript",
) -> PandocResult:
    """Run pandoc with `args` in `cwd`; PandocError on failure or when `timeout` passes."""
    cmd = _command(args)
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, input=stdin, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise PandocError(
            f"pandoc did not finish within {timeout:g} s on {what}",
            hint="look for runaway markup such as thousands of nested '[' or '*'; "
            "pandoc was stopped",
        ) from None
    stderr = proc.stderr.decode("utf-8", "replace")
    if "Heap exhausted" in stderr:
        raise PandocError(
            f"pandoc ran out of its {MEMORY_LIMIT_MIB} MiB memory limit on {what}",
            hint="look for runaway markup, or split very large tables and lists",
        )
    if proc.returncode != 0:
        raise translate_error(stderr, cwd=cwd, what=what)
    return PandocResult(proc.stdout, tuple(_warnings(stderr)), tuple(_reports(stderr)))


def _reports(stderr: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for line in stderr.splitlines():
        if not line.startswith("{"):
            continue  # pandoc's own messages are text
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and "docbuild" in data:
            out.append(data)
    return out


def _command(args: Sequence[str]) -> list[str]:
    return [
        pandoc_path(),
        "+RTS",
        f"-M{MEMORY_LIMIT_MIB}m",
        *GC_OPTIONS,
        "-RTS",
        "--sandbox",
        *args,
    ]


_UNREAD_MATH = "[WARNING] Could not convert TeX math"
_UNEXPECTED = re.compile(r"^\s+(unexpected .*?)\s*$", re.M)


def math_reading_errors(texes: Sequence[str], *, cwd: Path) -> list[str]:
    """Why pandoc's TeX reader (texmath) cannot read each of `texes`, in its own words
    ('unexpected control sequence \\foo'), in order: from pandoc's warnings on them alone (its
    warning's first line, in a build's findings, gives no reason). "" where it gave none."""
    page = "\n\n".join(f"$${tex}$$" for tex in texes)
    try:
        proc = subprocess.run(
            _command(["-f", "markdown", "-t", "html5", "--mathml"]),
            cwd=cwd, input=page.encode(), capture_output=True, timeout=DEFAULT_TIMEOUT,
            check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return [""] * len(texes)
    stderr = proc.stderr.decode("utf-8", "replace")
    blocks = [b for b in re.split(r"^(?=\[)", stderr, flags=re.M) if b.startswith(_UNREAD_MATH)]
    if len(blocks) != len(texes):  # not one warning an expression: none is known for sure
        return [""] * len(texes)
    return [found[1] if (found := _UNEXPECTED.search(block)) else "" for block in blocks]


def _warnings(stderr: str) -> list[str]:
    return [
        line.removeprefix("[WARNING] ").strip()
        for line in stderr.splitlines()
        if line.startswith("[WARNING]")
    ]


def translate_error(stderr: str, *, cwd: Path, what: str) -> PandocError:
    """pandoc's message as a PandocError with the file and line it names."""
    text = stderr.strip()
    lines = [ln for ln in text.splitlines() if not ln.startswith("[WARNING]")]
    location: Location | None = None
    at = _AT_FILE.search(text)
    if at:
        path = cwd / at["file"]
        line, col = int(at["line"]), int(at["col"])
        yaml_at = _YAML_AT.search(text)
        if yaml_at:
            # The YAML parser counts from the block's opening `---`.
            line, col = line + int(yaml_at["line"]), int(yaml_at["col"])
            detail = " ".join(lines[2:]).strip().rstrip(":")
            return PandocError(
                f"the front matter is not valid YAML: {detail}",
                location=Location(path, line, col),
                hint="fix the YAML block between the '---' lines",
            )
        location = Location(path, line, col)
        lines = lines[1:]
    message = " ".join(ln.strip() for ln in lines).strip() or "pandoc failed"
    return PandocError(
        f"pandoc failed on {what}: {message}",
        location=location,
        hint="fix the markup at that place and build again",
    )


def file_argument(path: Path, root: Path) -> str:
    """`path` as pandoc's argument: never an option, whatever the file is called.

    Relative paths start with `./` (a manuscript named `--lua-filter=x.lua` stays a file name),
    and file arguments follow `--` as well.
    """
    rel = relative_to(path, root)
    return str(rel) if rel.is_absolute() else f"./{rel.as_posix()}"


def option_path(path: Path) -> str:
    """A path given as an option's value (`--csl`, `--template`): absolute, so that a value
    beginning with `-` is not read as another option."""
    return str(path.absolute())


def parse_markdown(
    files: Sequence[Path],
    *,
    root: Path,
    timeout: float,
    preamble: Path | None = None,
    prepared: Mapping[int, str] | None = None,
    scratch: Path | None = None,
    metadata: Sequence[Path] = (),
) -> dict[str, object]:
    """The manuscript files, concatenated in order, as pandoc's JSON AST.

    `metadata` are YAML files of front matter pandoc reads first (--metadata-file): the
    manuscript's own front matter wins over them, as with Manubot's metadata.yaml.

    `preamble`, read first, holds TeX macro definitions (docbuild.toml's `[math] macros`):
    pandoc's reader applies them to all math after it, in both editions. `prepared` gives the
    text pandoc reads instead of `files[i]`'s own (a .qmd's chunk fences, cite/chunks.py; a
    piece of a file with Quarto includes, cite/includes.py; a file may come more than once): pandoc
    reads a copy, made in a folder of its own inside `scratch` (the build folder: a build
    writes nothing outside the paper's folder), and its errors name the file.
    """
    import contextlib
    import tempfile

    from docbuild.paths import writable_folder

    # Files docbuild writes into `scratch` (parse_apart's heading stubs) are not the author's.
    own = [f for f in files if scratch is None or not f.is_relative_to(scratch)]
    rel = list(dict.fromkeys(str(relative_to(f, root)) for f in own))
    first = [preamble] if preamble is not None else []
    folder: contextlib.AbstractContextManager[str | None] = contextlib.nullcontext()
    if prepared:
        if scratch is not None:
            scratch.mkdir(parents=True, exist_ok=True)
            writable_folder(scratch)
        folder = tempfile.TemporaryDirectory(prefix=".prepared-", dir=scratch)
    with folder as tmp:
        copies: dict[int, Path] = {}
        for i, text in sorted((prepared or {}).items()):
            copies[i] = Path(str(tmp)) / f"{i}-{files[i].name}"
            copies[i].write_text(text, encoding="utf-8")
        args = [file_argument(f, root) for f in first]
        args += [
            str(copies[i]) if i in copies else file_argument(f, root) for i, f in enumerate(files)
        ]
        try:
            result = run(
                [
                    "-f",
                    "markdown",
                    "-t",
                    "json",
                    *(f"--metadata-file={file_argument(m, root)}" for m in metadata),
                    "--",
                    *args,
                ],
                cwd=root,
                timeout=timeout,
                what=", ".join(rel) or "the manuscript",
            )
        except PandocError as exc:
            back = {copy: files[i] for i, copy in copies.items()}
            if exc.location is not None and exc.location.path in back:
                exc.location = replace(exc.location, path=back[exc.location.path])
            raise
    try:
        ast: dict[str, object] = json.loads(result.output)
    except RecursionError:
        # Deeper than Python's JSON reader goes; docbuild.limits refuses such nesting before
        # pandoc, so only a call that skips that check gets here.
        raise PandocError(
            f"the markup of {', '.join(rel)} nests too deep to be read",
            hint="flatten deeply nested lists, blockquotes or divs",
        ) from None
    return ast


def render_html(
    ast: dict[str, object],
    *,
    root: Path,
    template: Path,
    csl: Path,
    bibliography: Path | None,
    timeout: float,
) -> PandocResult:
    """The standalone HTML: cross-references, citeproc, MathML, the style's template.

    No CSS is linked or embedded here: html.py and pdf.py add the style's CSS, so that a CSS
    change never re-runs pandoc, and pandoc's default CSS never enters. A note style's
    footnotes get their inline copies (`citeproc_args`).
    """
    args = [
        "-f",
        "json",
        "-t",
        "html5",
        "--standalone",
        "--template",
        option_path(template),
        "--lua-filter",
        option_path(CROSSREF_FILTER),
        *citeproc_args(note_style=is_note_style(csl.read_bytes())),
        "--csl",
        option_path(csl),
        "--mathml",
        "--wrap=none",
        "-M",
        "link-citations=true",
        "-M",
        "link-bibliography=true",
    ]
    if bibliography is not None:
        args += ["--bibliography", option_path(bibliography)]
    return run(
        args,
        cwd=root,
        stdin=json.dumps(ast).encode("utf-8"),
        timeout=timeout,
        what="the manuscript",
    )


_NOTE_STYLE = re.compile(rb'<style\b[^>]*\bclass="note"')


def is_note_style(style: bytes) -> bool:
    """A CSL style whose citations are footnotes (`class="note"`)."""
    return _NOTE_STYLE.search(style) is not None


def citeproc_args(*, note_style: bool) -> list[str]:
    """`--citeproc`, and for a note style the filter around it that gives the footnotes it makes
    their inline copies for the PDF (notecopies.lua)."""
    if not note_style:
        return ["--citeproc"]
    copies = option_path(NOTE_COPIES_FILTER)
    return ["--lua-filter", copies, "--citeproc", "--lua-filter", copies]


def render_reference(item: dict[str, object], *, csl: Path, root: Path, timeout: float) -> str:
    """One CSL-JSON item as the style formats it in a reference list (an HTML fragment)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="docbuild-") as tmp:
        refs = Path(tmp) / "self.json"
        refs.write_text(json.dumps([{**item, "id": "self"}]), encoding="utf-8")
        result = run(
            [
                "-f",
                "markdown",
                "-t",
                "html5",
                "--citeproc",
                "--wrap=none",
                "--csl",
                option_path(csl),
                "--bibliography",
                option_path(refs),
                "-M",
                "link-bibliography=true",
            ],
            cwd=root,
            stdin=b"---\nnocite: '@self'\n---\n",
            timeout=timeout,
            what="the self-citation",
        )
    html = result.output.decode("utf-8")
    match = re.search(r'<div id="ref-self"[^>]*>\s*(.*?)\s*</div>', html, re.S)
    return match[1].strip() if match else ""
