"""The math of a page for the PDF: every <math> of pandoc's HTML replaced by its image, what
cannot be printed reported with the TeX, layouts kept between builds, the work on every core.

Also the manuscript's side: where an expression is written (for errors) and docbuild.toml's
macros as definitions pandoc reads.
"""

from __future__ import annotations

import gc
import hashlib
import html
import json
import logging
import multiprocessing
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from docbuild.diagnostics import Location
from docbuild.fsutil import write_text_atomic
from docbuild.render import math, mathdrops, mathml
from docbuild.render.mathimage import SIZE

MATH = re.compile(r"<math\b[^>]*>.*?</math>", re.S)
# pandoc's markup for math its TeX reader could not read: the TeX, kept as text.
UNREAD = re.compile(r'<span class="math (?P<kind>inline|display)">(?P<tex>.*?)</span>', re.S)
# The TeX pandoc keeps in an expression's MathML, and whether it is display math.
_TEX = re.compile(r'<annotation encoding="application/x-tex">([^<]*)</annotation>')
_DISPLAY = re.compile(r'<math\b[^>]*\bdisplay="block"')
CACHE_VERSION = 1  # change when the cache's layout changes
SVG_DATA = "data:image/svg+xml,"  # an image's URI: this, then its SVG, percent-encoded
# An image as to_image writes it: what comes before its style, and the style's three lengths.
_STYLED = re.compile(
    r'(<img class="docbuild-math" alt="[^"]*" src="data:image/svg\+xml,[^"]*")'
    r' style="width: ([^";]+)em; height: ([^";]+)em; vertical-align: ([^";]+)em"'
)


@dataclass(frozen=True, slots=True)
class MathProblem:
    """Math that cannot be printed: what is wrong and the TeX it concerns (to locate it)."""

    message: str
    tex: str
    hint: str
    char: str = ""  # the character the font lacks, where that is the problem
    unread: bool = False  # pandoc's TeX reader could not read the TeX (the message may say why)


class MathTimeout(Exception):
    """Laying the math out took longer than the time limit (the workers were stopped)."""


def to_print_html(
    page: str,
    font: math.MathFont | None,
    *,
    cache: Path | None = None,
    workers: int = 1,
    timeout: float | None = None,
) -> tuple[str, list[MathProblem]]:
    """The page with each <math> element replaced by its image, and what could not be printed.

    Inline math becomes `<img class="docbuild-math">` on the text's baseline; display math the
    same inside `<span class="docbuild-math-display">` (print CSS centres it); the TeX is the
    image's alt text. Each different expression is laid out once, in `workers` processes
    (under `timeout`, else MathTimeout); `cache`, a file in build/, keeps the images for the
    next build, keyed by the MathML, the font and this code.
    """
    problems = [_unread(m) for m in UNREAD.finditer(page)]
    markups = list(dict.fromkeys(m[0] for m in MATH.finditer(page)))
    problems.extend(p for m in markups for p in _left_out(m))
    if not markups:
        return page, problems
    if font is None:
        for markup in markups:
            expression = _parse(markup)
            problems.append(
                MathProblem(
                    f"the style ships no math font for '{_shown(expression)}'",
                    expression.tex,
                    "add an OpenType math font (with a MATH table, e.g. STIX Two Math) to the "
                    "style's fonts/ folder and name it in style.toml: "
                    'math_font = "fonts/STIXTwoMath-Regular.ttf"',
                )
            )
        return MATH.sub("", page), problems
    prefix = _cache_prefix(font)
    keys = {m: hashlib.sha256((prefix + m).encode()).hexdigest() for m in markups}
    kept = _read_cache(cache)
    images = {m: kept[keys[m]] for m in markups if keys[m] in kept}
    missing = [m for m in markups if m not in images]
    laid_out = _lay_out(missing, font, workers, timeout)
    for markup, (image, found) in zip(missing, laid_out, strict=True):
        if found:
            problems.extend(found)
        else:
            images[markup] = image
    if cache is not None:
        entries = {keys[m]: images[m] for m in markups if m in images}
        if entries != kept:  # new images, or old ones no longer used (pruned)
            write_text_atomic(cache, json.dumps({"version": CACHE_VERSION, "images": entries}))
    return MATH.sub(lambda m: images.get(m[0], ""), page), problems


def _lay_out(
    markups: list[str], font: math.MathFont, workers: int, timeout: float | None
) -> list[tuple[str, list[MathProblem]]]:
    """Each markup's image (or its problems), in order, in worker processes under `timeout`.

    Worker processes even for one expression: a process can be stopped at the time limit, and
    a hostile expression (thousands of nested \\left) would otherwise stall the build.
    """
    if not markups:
        return []
    math.preload(font)  # once here, not in each worker
    context = multiprocessing.get_context("fork")
    count = max(1, min(workers, len(markups) // 20 + 1))
    # Frozen in the workers, what they inherit (WeasyPrint, the page: most of their heap) is
    # left out of their collections: 0.1 s of CPU on 900 expressions. The parent's own heap
    # is collected as before once the workers are made.
    gc.freeze()
    try:
        pool = context.Pool(count)
    finally:
        gc.unfreeze()
    try:
        chunk = max(1, len(markups) // (count * 4))
        pending = pool.map_async(_image, [(m, font) for m in markups], chunksize=chunk)
        try:
            return pending.get(timeout)
        except multiprocessing.TimeoutError:
            raise MathTimeout(len(markups)) from None
    finally:
        pool.terminate()
        pool.join()


def _image(task: tuple[str, math.MathFont]) -> tuple[str, list[MathProblem]]:
    """One expression's replacement markup, or the problems that keep it from the page."""
    markup, font = task
    expression = _parse(markup)
    shown = _shown(expression)
    missing = math.missing_characters(expression, font)
    if missing:
        return "", [
            MathProblem(
                f"the math font '{font.family}' has no '{char}' "
                f"(U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}) in '{shown}'",
                expression.tex,
                "write the symbol with a command the font has (docs/math.md lists the "
                "fonts), or add a math font that has it to the style",
                char,
            )
            for char in missing
        ]
    logging.getLogger().setLevel(logging.ERROR)  # ziamath logs "Undefined element" it skips
    try:
        result = math.typeset(expression, font)
    except math.MathLayoutError as exc:
        return "", [
            MathProblem(
                f"cannot lay out the math '{shown}' ({exc})",
                expression.tex,
                "simplify the expression or report it with the TeX; docs/math.md lists "
                "what is supported",
            )
        ]
    image = to_image(result, expression.tex)
    if expression.display:
        return f'<span class="docbuild-math-display">{image}</span>', []
    return image, []


def to_image(result: math.Typeset, tex: str) -> str:
    """An <img> of the SVG, as a data: URI, sized in em and lowered by the math's depth.

    An image and not inline SVG: WeasyPrint then parses each expression once as SVG (and the
    same expression only once), instead of styling its every element as part of the page.
    The URI is percent-encoded throughout (quotes too): an HTML attribute with no character
    reference in it is read in one step, where `&quot;` costs the HTML parser a call each.
    """
    source = SVG_DATA + percent_encoded(result.svg)
    return (
        f'<img class="docbuild-math" alt="{html.escape(tex)}" src="{source}"'
        f' style="width: {_em(result.width)}em; height: {_em(result.height + result.depth)}em;'
        f' vertical-align: {_em(-result.depth)}em" />'
    )


class _Percent(dict[int, str]):
    """A str.translate table: each character as quote(text, safe=URI_SAFE) writes it."""

    def __missing__(self, code: int) -> str:
        value = self[code] = quote(chr(code), safe=URI_SAFE)
        return value


URI_SAFE = " =:/.,;-()"  # kept as they are in an image's URI (besides letters, digits, _~)
_PERCENT = _Percent()


def percent_encoded(text: str) -> str:
    """quote(text, safe=URI_SAFE), character by character in C (quote goes byte by byte in
    Python: a third of its time was a 900-expression paper's URIs)."""
    return text.translate(_PERCENT)


def sized_by_attribute(page: str) -> str:
    """The page with each math image's style moved to its SIZE attribute, for WeasyPrint with
    render/mathimage.py's install_sizes in (the images then share their computed style)."""
    return _STYLED.sub(rf'\1 {SIZE}="\2 \3 \4"', page)


# A math image's data: URI as to_image writes it, in the page.
_IMAGE_DATA = re.compile(
    r'(<img class="docbuild-math" alt="[^"]*" src=")data:image/svg\+xml,([^"]*)"'
)
REFERENCE = "docbuild-math:"  # a math image's short URL: this, then its number on the page


def by_reference(page: str) -> tuple[str, dict[str, str]]:
    """The page with each math image's data: URI replaced by a short URL (REFERENCE and a
    number, the same for the same image), and each URL's SVG, still percent-encoded.

    For WeasyPrint with render/mathimage.py's install in, which reads the SVG from the table:
    its HTML parser then reads 0.2 MB where it read 1.35 MB for 900 expressions."""
    table: dict[str, str] = {}
    urls: dict[str, str] = {}

    def short(match: re.Match[str]) -> str:
        url = urls.get(match[2])
        if url is None:
            url = urls[match[2]] = f"{REFERENCE}{len(urls)}"
            table[url] = match[2]
        return f'{match[1]}{url}"'

    return _IMAGE_DATA.sub(short, page), table


def _parse(markup: str) -> mathml.Expression:
    try:
        return mathml.parse_mathml(markup)
    except ET.ParseError as exc:  # our bug or the sanitizer's, not the user's TeX
        raise ValueError(f"pandoc's MathML is not well-formed: {exc}: {markup[:200]}") from exc


def _unread(match: re.Match[str]) -> MathProblem:
    tex = _strip_delimiters(html.unescape(re.sub(r"<[^>]+>", "", match["tex"])))
    return MathProblem(
        f"pandoc could not read the math '{_delimited(tex, match['kind'])}'",
        tex,
        "check the TeX: pandoc reads LaTeX math (amsmath) but not every package's commands; "
        "define a missing command with \\newcommand (docs/math.md)",
        unread=True,
    )


def _left_out(markup: str) -> list[MathProblem]:
    """What pandoc read in the expression's TeX but left out of its MathML (mathdrops)."""
    found = _TEX.search(markup)
    if not found:
        return []
    tex = html.unescape(found[1]).strip()
    display = _DISPLAY.match(markup) is not None
    shown = _delimited(tex, "display" if display else "inline")
    return [
        MathProblem(f"pandoc would leave {d.what} out of the math '{shown}': {d.why}", tex, d.hint)
        for d in mathdrops.dropped(tex, display=display)
    ]


def _shown(expression: mathml.Expression) -> str:
    return _delimited(expression.tex, "display" if expression.display else "inline")


def _delimited(tex: str, kind: str) -> str:
    shown = " ".join(_strip_delimiters(tex).split())
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return f"$${shown}$$" if kind == "display" else f"${shown}$"


def _strip_delimiters(tex: str) -> str:
    tex = tex.strip()
    for left, right in (("$$", "$$"), ("$", "$"), ("\\[", "\\]"), ("\\(", "\\)")):
        if tex.startswith(left) and tex.endswith(right) and len(tex) >= len(left) + len(right):
            return tex[len(left) : len(tex) - len(right)].strip()
    return tex


def _em(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _cache_prefix(font: math.MathFont) -> str:
    """What a cached image depends on besides its MathML: the font file, ziamath, our code."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    digest.update(f"{CACHE_VERSION} ziamath {version('ziamath')}\n".encode())
    for path in (font.path, Path(math.__file__), Path(mathml.__file__), Path(__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_cache(cache: Path | None) -> dict[str, str]:
    """The cached images, or none when there is no cache or it cannot be read (it is redone)."""
    if cache is None or not cache.is_file():
        return {}
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    images = data.get("images")
    if not isinstance(images, dict):
        return {}
    return {str(k): str(v) for k, v in images.items()}


def default_workers() -> int:
    """One math worker per core (this machine's two, a laptop's eight)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def macro_preamble(macros: tuple[tuple[str, str], ...]) -> str:
    """docbuild.toml's `[math] macros` as TeX definitions, which pandoc applies to all math.

    The arguments are counted from the highest `#n` in the body, as \\newcommand wants them.
    """
    lines = []
    for name, body in macros:
        count = max((int(n) for n in re.findall(r"#([1-9])", body)), default=0)
        arguments = f"[{count}]" if count else ""
        lines.append(f"\\newcommand{{\\{name}}}{arguments}{{{body}}}")
    return "\n".join(lines) + "\n" if lines else ""


_DEFINITION = re.compile(r"\\(?:newcommand|renewcommand|providecommand|DeclareMathOperator)\*?")


def tex_definitions(text: str) -> list[str]:
    """The macro definitions of a LaTeX preamble (`\\newcommand{\\R}{\\mathbb{R}}`,
    `\\DeclareMathOperator{\\Var}{Var}`), each as written; the rest (`\\usepackage`, comments)
    is left out, as the front matter's `header-includes` are read (docs/math.md)."""
    text = re.sub(r"(?<!\\)%.*", "", text)
    out: list[str] = []
    for m in _DEFINITION.finditer(text):
        end = _groups(text, m.end())
        if end is not None:
            out.append(text[m.start() : end])
    return out


def _groups(text: str, i: int) -> int | None:
    """Past the name (`{\\x}` or `\\x`), the `[n]` and `[default]`, and the `{body}` from
    `i`; None where the definition is cut short."""
    i = _skip_space(text, i)
    if text.startswith("\\", i):
        name = re.match(r"\\[A-Za-z]+", text[i:])
        i = i + len(name.group()) if name else i
    else:
        i = _braced(text, i) or i
    for _ in range(2):
        j = _skip_space(text, i)
        if text.startswith("[", j) and (close := text.find("]", j)) > 0:
            i = close + 1
    return _braced(text, _skip_space(text, i))


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n":
        i += 1
    return i


def _braced(text: str, i: int) -> int | None:
    """The end of the `{...}` group at `i` (braces balanced, `\\{` escaped), or None."""
    if not text.startswith("{", i):
        return None
    depth = 0
    j = i
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        depth += (c == "{") - (c == "}")
        j += 1
        if depth == 0:
            return j
    return None


def locate(files: Sequence[Path], problem: MathProblem) -> Location | None:
    """Where the problem's TeX is in the manuscript (spacing may differ); else its character.

    The TeX between dollar signs is looked for first, in every file, then anywhere: a short
    expression ($x^2$) is also part of longer ones. pandoc expands macros before it writes
    the TeX it keeps, and writes some commands its own way (`\\mathrlap{x}` as `{x}`), so an
    expression is not always found as written: then the character the font lacks is looked
    for, else the longest run of words in it (a `\\text{...}`), where it is long enough to be
    the expression's own.
    """
    from docbuild.render.xref import find_text

    wanted = " ".join(problem.tex.split())
    texts: list[tuple[Path, str]] = []
    for path in files:
        try:
            texts.append((path, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    if wanted:
        between = re.compile(r"\$\$? ?(" + re.escape(wanted) + r") ?\$")
        anywhere = re.compile("(" + re.escape(wanted) + ")")
        for pattern in (between, anywhere):
            for path, text in texts:
                squeezed, offsets = _squeeze(text)
                found = pattern.search(squeezed)
                if found:
                    start = offsets[found.start(1)]
                    line = text.count("\n", 0, start) + 1
                    column = start - (text.rfind("\n", 0, start) + 1) + 1
                    return Location(path, line, column)
    if problem.char:
        return find_text(list(files), problem.char)
    words = max(_WORDS.findall(problem.tex), key=len, default="").strip()
    return find_text(list(files), words) if len(words) >= MIN_WORDS else None


# Words in an expression's TeX: `\text{Multinomial probability of selection}`.
_WORDS = re.compile(r"(?<![\\A-Za-z])[A-Za-z]+(?: [A-Za-z]+)+")
MIN_WORDS = 16  # characters: shorter runs ("if and only if") are in many expressions


def _squeeze(text: str) -> tuple[str, list[int]]:
    """`text` with each run of whitespace made one space, and each kept character's offset."""
    out: list[str] = []
    offsets: list[int] = []
    space = False
    for index, char in enumerate(text):
        if char.isspace():
            if not space:
                out.append(" ")
                offsets.append(index)
            space = True
            continue
        space = False
        out.append(char)
        offsets.append(index)
    return "".join(out), offsets
