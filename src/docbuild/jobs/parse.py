"""What the `_parse` task does: read the manuscript once, with pandoc, for lint and render.

build/manuscript.json holds the files' text and pandoc's JSON AST of them; the `lint` and
`pandoc` steps (and check-citations) take both from there, so the Markdown is parsed once and
the linter sees exactly what is rendered.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docbuild.cite.includes import Missing, Reader
from docbuild.cite.manuscript import Manuscript, parse_manuscript
from docbuild.config import Settings, missing_hint
from docbuild.diagnostics import Location, relative_to
from docbuild.errors import InputError
from docbuild.jobs.listed import INCLUDES_JSON

MANUSCRIPT_JSON = "manuscript.json"
MATH_MACROS = "math-macros.md"  # docbuild.toml's [math] macros, read by pandoc first
VERSION = 1


def parse_time_limit(manuscript_bytes: int) -> float:
    """pandoc's time limit: it catches stalls (20,000 nested '[' keep pandoc busy for ever),
    not slow machines; pandoc reads about 1 MB/s, so this leaves 20 times that."""
    return 30.0 + manuscript_bytes / 20_000


@dataclass(frozen=True, slots=True)
class ParsedManuscript:
    # The text pandoc read, in order: each manuscript file, or, where it has Quarto includes,
    # its pieces and the included files' (cite/includes.py: each line keeps its number).
    texts: tuple[tuple[Path, str], ...]
    ast: dict[str, object]  # pandoc's JSON AST of all of them
    # The top-level blocks of each file, in order, when the files were parsed apart
    # (jobs/parse_apart.py): the render then works a chapter at a time.
    parts: tuple[int, ...] | None = None
    part_keys: tuple[str, ...] | None = None  # each part's hash, where known
    # Each image's target ([url, title]) in `ast`, where the parse kept them: no walk needed.
    images: tuple[list[object], ...] | None = None

    def manuscript(self) -> Manuscript:
        return parse_manuscript(self.texts, self.ast)

    def citation_groups(self) -> tuple[tuple[str, ...], ...]:
        """Each citation's keys, in order (render/chapters.citation_groups: a chapter at a
        time where the parse was made apart); read before the render changes the AST."""
        from docbuild.render.chapters import citation_groups

        return citation_groups(self.ast, self.parts, self.part_keys)

    def files(self) -> list[Path]:
        """Every file read, included ones too, once each, in reading order."""
        return list(dict.fromkeys(path for path, _ in self.texts))

    def file_texts(self) -> dict[Path, str]:
        """Each file's text, its pieces put back together (an include's line blank)."""
        from docbuild.cite.includes import merge_pieces

        return merge_pieces(self.texts)


def read_pieces(paths: Iterable[Path], root: Path) -> tuple[list[tuple[Path, str]], list[Missing]]:
    """The manuscript files' text with Quarto's includes spliced in (read inside the paper
    folder only), and the includes whose file does not exist."""
    return pieces_of(read_texts(paths), root)


def pieces_of(
    texts: list[tuple[Path, str]], root: Path
) -> tuple[list[tuple[Path, str]], list[Missing]]:
    """`read_pieces` of texts already read."""
    from docbuild.cite.includes import expand_includes, has_includes

    if not has_includes(texts):
        return texts, []
    project = project_folder([path for path, _ in texts], root)
    return expand_includes(texts, _include_reader(root), project=project)


def project_folder(files: Sequence[Path], root: Path) -> Path:
    """Where Quarto reads an include written `/x` from: the folder of the manuscript's
    `_quarto.yml`, else the paper folder."""
    from docbuild.render.crossref_settings import quarto_project

    project = quarto_project(files, root)
    return project.parent if project is not None else root


def _include_reader(root: Path) -> Reader:
    from docbuild.errors import ConfigError, DocbuildError
    from docbuild.paths import MAX_MANUSCRIPT_FILE, confine, read_input

    def read(target: Path, where: Location) -> str | None:
        # Links resolved and refused when they lead out; `..` may not climb out either.
        real = confine(target, [root], what="included file", where=where)
        if not real.exists():
            return None
        try:
            data = read_input(real, what="included file", limit=MAX_MANUSCRIPT_FILE, where=where)
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"included file '{relative_to(real, root)}' is not UTF-8: {exc.reason} at byte"
                f" {exc.start}",
                location=where,
                hint="save the file as UTF-8",
            ) from None
        except DocbuildError as exc:
            raise ConfigError(exc.message, location=where, hint=exc.hint) from None

    return read


def read_texts(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Each manuscript file's text (UTF-8); a missing or undecodable file is an error."""
    from docbuild.paths import MAX_MANUSCRIPT_FILE, read_input

    texts: list[tuple[Path, str]] = []
    for path in paths:
        try:
            # A regular file under the size limit, never a FIFO or device (which would hang).
            data = read_input(path, what="manuscript file", limit=MAX_MANUSCRIPT_FILE)
            texts.append((path, data.decode("utf-8")))
        except FileNotFoundError as exc:
            raise InputError(
                f"manuscript file '{path.name}' does not exist",
                location=Location(path, 0),
                hint="check 'manuscript' in docbuild.toml",
            ) from exc
        except UnicodeDecodeError as exc:
            raise InputError(
                f"manuscript file '{path.name}' is not UTF-8: {exc.reason} at byte {exc.start}",
                location=Location(path, 0),
                hint="save the file as UTF-8",
            ) from exc
        except OSError as exc:
            raise InputError(
                f"cannot read manuscript file '{path.name}': {exc.strerror}",
                location=Location(path, 0),
                hint="check 'manuscript' in docbuild.toml and the file's permissions",
            ) from exc
    return texts


def manuscript_files(settings: Settings) -> list[Path]:
    """The manuscript files docbuild.toml names; an error when there are none, or one is
    missing."""
    files = settings.manuscript_files()
    missing = [f for f in files if not f.is_file()]
    if not files or missing:
        name = missing[0].relative_to(settings.root).as_posix() if missing else None
        raise InputError(
            f"manuscript file '{name or settings.manuscript[0]}' not found",
            hint=missing_hint(
                settings.root, "check 'manuscript' in docbuild.toml (default: manuscript/*.md)"
            ),
        )
    return files


def parse_files(
    files: list[Path],
    *,
    root: Path,
    timeout: float | None = None,
    preamble: Path | None = None,
    scratch: Path | None = None,
    metadata: list[Path] | None = None,
) -> ParsedManuscript:
    """Read the files and have pandoc parse them (it reads them itself, to name them in its
    errors); `preamble`, read first, holds the TeX macros of docbuild.toml's `[math] macros`."""
    from docbuild.limits import check_nesting
    from docbuild.render import pandoc

    whole = read_texts(files)
    texts, _ = pieces_of(whole, root)  # a missing include is the pandoc step's finding
    own = dict(whole)
    read = list(dict.fromkeys(path for path, _ in texts))
    check_nesting(read)  # before pandoc, which could take minutes on deep nesting
    size = sum(len(text.encode("utf-8")) for _, text in texts)
    from docbuild import progress

    progress.say(f"pandoc: reading {len(files)} manuscript file{'s' * (len(files) != 1)}")
    from docbuild.jobs.parse_apart import parse_apart

    limit = timeout or parse_time_limit(size)
    # A file at a time where that gives the same AST: a save re-reads only that file. Not
    # where Quarto includes split a file into pieces (each piece is no chapter).
    apart = (
        parse_apart(files, [text for _, text in texts], root=root, timeout=limit,
                    preamble=preamble, prepared={path: _prepared(text)
                    for path, text in texts if _needs_preparing(text)},
                    cache=scratch, metadata=metadata or [])
        if scratch is not None and list(texts) == list(whole)
        else None
    )  # fmt: skip
    targets: list[list[object]] | None = None
    keys: tuple[str, ...] | None = None
    if apart is not None:
        ast, parts, keys, targets = apart.ast, apart.parts, apart.keys, apart.images
    else:
        parts = None
        # pandoc reads each file itself (to name it in its errors), but a piece, or a file
        # with chunks, from a prepared copy with the same line numbers.
        ast = pandoc.parse_markdown(
            [path for path, _ in texts],
            root=root,
            timeout=limit,
            preamble=preamble,
            prepared={
                i: _prepared(text)
                for i, (path, text) in enumerate(texts)
                if _needs_preparing(text) or own.get(path) != text
            },
            scratch=scratch,
            metadata=metadata or [],
        )
        if preamble is not None:  # the macros' own blocks (raw TeX, R010), as parse_apart does
            from docbuild.jobs.parse_apart import preamble_blocks

            blocks = ast["blocks"]
            assert isinstance(blocks, list)
            del blocks[: preamble_blocks(preamble, root=root, timeout=limit)]
    from docbuild.render.images import images as image_targets
    from docbuild.render.images import resolve_image_paths
    from docbuild.render.latex_figures import has_latex_figures, read_latex_figures

    latex: list[list[object]] = []
    if has_latex_figures([text for _, text in texts]):
        made = read_latex_figures(ast, root=root, timeout=limit)
        latex = [target for figure in made for target in image_targets(figure)]
        if targets is not None:
            targets += latex

    # As pandoc finds them: beside the Markdown file too (and, last, beside an included one).
    found_in = [*files, *(f for f in read if f not in files)]
    resolve_image_paths(ast, found_in, root, targets, latex)
    images = tuple(targets) if targets is not None else None
    return ParsedManuscript(tuple(texts), ast, parts, keys, images)


def _needs_preparing(text: str) -> bool:
    from docbuild.cite.chunks import has_chunks, has_inline_code
    from docbuild.cite.manubot import has_tags

    return has_chunks(text) or has_inline_code(text) or has_tags(text)


def _prepared(text: str) -> str:
    """What pandoc reads of a manuscript file, with the same line numbers: Quarto's chunks
    made readable, Manubot's citation-tag lines blanked."""
    from docbuild.cite.chunks import has_chunks, has_inline_code, prepare_chunks
    from docbuild.cite.manubot import without_tags

    code = has_chunks(text) or has_inline_code(text)
    return without_tags(prepare_chunks(text) if code else text)


def parse_text(text: str, path: Path, *, timeout: float = 60.0) -> ParsedManuscript:
    """One manuscript given as text (for tests and benchmarks): pandoc reads it on stdin."""
    from docbuild.render import pandoc

    result = pandoc.run(
        ["-f", "markdown", "-t", "json"],
        cwd=Path.cwd(),
        stdin=text.encode("utf-8"),
        timeout=timeout,
        what=path.name,
    )
    return ParsedManuscript(((path, text),), json.loads(result.output))


def run_parse(settings: Settings, *, timeout: float | None = None) -> bool:
    """manuscript/*.md -> build/manuscript.json (the text and pandoc's AST), as a step of
    `doit build`: in a child under a time and a memory limit (docbuild.limits), as every step.

    pandoc has its own limits; these hold docbuild's work around it on a stranger's manuscript
    (the includes spliced in, pandoc's JSON read back). The time is pandoc's own limit twice
    over and a reading step's, so pandoc's stops first, with its own message; the memory is
    pandoc's and 1 GiB, since pandoc inherits the limit and its heap must run out first."""
    from docbuild.limits import run_limited, step_time_limit
    from docbuild.render.pandoc import MEMORY_LIMIT_MIB

    size = sum(p.stat().st_size for p in settings.manuscript_files() if p.is_file())
    limit = timeout or parse_time_limit(size)
    run_limited(
        _store_parse, settings, limit, what="the parse", timeout=2 * limit + step_time_limit(size),
        memory_mib=MEMORY_LIMIT_MIB + 1024,
    )  # fmt: skip
    return True


def _store_parse(settings: Settings, timeout: float) -> None:
    store_parse(settings, timeout=timeout)  # nothing to send back: the targets are written


def store_parse(settings: Settings, *, timeout: float | None = None) -> ParsedManuscript:
    """`run_parse`, returning the parse too: `docbuild preview` hands it to the render, which
    then does not read build/manuscript.json back."""
    from docbuild.fsutil import write_text_after_page, write_text_atomic
    from docbuild.jobs.manuscript_json import dumps_parsed
    from docbuild.lock import build_lock

    files = manuscript_files(settings)
    with build_lock(settings):
        parsed = parse_settings_files(settings, files, timeout=timeout)
        # The linter's input: the preview's render takes `parsed` itself, and lints after
        # the page is shown.
        write_text_after_page(
            settings.build_path / MANUSCRIPT_JSON, dumps_parsed(parsed, settings.root)
        )
        own = set(files)
        # and the LaTeX files whose macros were read: a change to one re-parses too
        read = [*parsed.files(), *header_tex_files(files, settings.root)]
        included = [
            PurePosixPath(relative_to(p, settings.root)).as_posix() for p in read if p not in own
        ]
        write_text_atomic(settings.build_path / INCLUDES_JSON, json.dumps(included) + "\n")
    return parsed


def read_parsed(settings: Settings, *, timeout: float | None = None) -> ParsedManuscript:
    """The manuscript's parse: build/manuscript.json where it is of the files as they are now,
    else a new parse (`python -m docbuild.jobs.lint` runs without doit's `_parse` step)."""
    from docbuild.jobs.manuscript_json import parsed_from_json

    files = settings.manuscript_files()
    stored = settings.build_path / MANUSCRIPT_JSON
    try:
        parsed = parsed_from_json(json.loads(stored.read_text(encoding="utf-8")), settings.root)
    except (OSError, ValueError, KeyError, TypeError):
        parsed = None
    if parsed is not None and parsed.texts == tuple(read_pieces(files, settings.root)[0]):
        return parsed
    return parse_settings_files(settings, files, timeout=timeout)


def parse_settings_files(
    settings: Settings, files: list[Path], *, timeout: float | None = None
) -> ParsedManuscript:
    """`parse_files` with what docbuild.toml adds: the math macros read first, the metadata
    files, and the build folder for prepared copies."""
    return parse_files(
        files,
        root=settings.root,
        timeout=timeout,
        preamble=math_preamble(settings, files),
        scratch=settings.build_path,
        metadata=settings.metadata_files(),
    )


def math_preamble(settings: Settings, files: list[Path] | None = None) -> Path | None:
    """build/math-macros.md from docbuild.toml's `[math] macros` and the definitions of the
    LaTeX files the front matter's `include-in-header` names (Quarto's way to give macros),
    for pandoc to read first."""
    from docbuild.fsutil import write_text_atomic
    from docbuild.render.mathpage import macro_preamble

    text = macro_preamble(settings.math.macros)
    defined = header_definitions(files or [], settings.root)
    text += "".join(f"{d}\n" for d in defined)
    if not text:
        return None
    path = settings.build_path / MATH_MACROS
    write_text_atomic(path, text)
    return path


def header_tex_files(files: list[Path], root: Path) -> list[Path]:
    """The `.tex` files each manuscript file's `include-in-header` names (beside that file,
    inside the paper folder, present, under a megabyte); the rest is for LaTeX alone."""
    from docbuild.frontyaml import front_matter_block, header_files
    from docbuild.paths import inside

    out: list[Path] = []
    for path in files:
        try:
            names = header_files(front_matter_block(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue  # the parse names the file it cannot read
        for name in names:
            header = path.parent / name
            if (
                name.endswith(".tex")
                and inside(header.resolve(), [root.resolve()])
                and header.is_file()
                and header.stat().st_size <= 1_000_000
                and header not in out
            ):
                out.append(header)
    return out


def header_definitions(files: list[Path], root: Path) -> list[str]:
    """The macro definitions of the files header_tex_files names, for pandoc to read first."""
    from docbuild.render.mathpage import tex_definitions

    out: list[str] = []
    for header in header_tex_files(files, root):
        try:
            out += tex_definitions(header.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return out


def read_manuscript(settings: Settings) -> Manuscript:
    """The paper folder's manuscript, for the linter."""
    return read_parsed(settings).manuscript()
