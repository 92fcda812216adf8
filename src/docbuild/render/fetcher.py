"""WeasyPrint's URL fetcher, restricted: files inside the allowed folders and `data:` URIs only.

Manuscripts come from outside authors. Every resource WeasyPrint asks for (`<img>`, CSS
`url()`, `@import`, `@font-face`, SVG `<image>`, `<object>`, `<embed>`,
`<link rel=attachment>`) goes through `fetch`; anything else stops the rendering with a
`RefusedResource` naming it, rather than giving a quietly poorer PDF.
"""

from __future__ import annotations

import mimetypes
import os
import re
import stat
from collections.abc import Sequence
from email.message import EmailMessage
from functools import cache
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from docbuild.errors import InputError
from docbuild.paths import read_input
from docbuild.render.images import FIGURES, made_figure
from docbuild.render.mathpage import SVG_DATA

MAX_BYTES = 50 * 1024 * 1024  # a larger image or font is a mistake or an attack
# The math's images (SVG_DATA, percent-encoded SVG) are decoded here: urllib's data: handler
# and the headers WeasyPrint builds for each response cost about 1 ms an image.


@cache
def _svg_headers() -> EmailMessage:
    """One set of headers for every SVG data: URI (WeasyPrint only reads its content type)."""
    headers = EmailMessage()
    headers["Content-Type"] = "image/svg+xml"
    return headers


def refused_hint(url: str, reason: str = "", missing: Path | None = None) -> str:
    """What to do about a refused resource: one on the web is downloaded once, by its name;
    a file not found (`missing`, where it was looked for) is named with the files of its
    folder whose names come close."""
    if reason == "file not found" and missing is not None:
        import difflib

        try:
            names = sorted(p.name for p in missing.parent.iterdir() if p.is_file())
        except OSError:
            names = []
        close = difflib.get_close_matches(missing.name, names, n=3, cutoff=0.6)
        folder = f"{missing.parent.name}/" if missing.parent.name else "the folder"
        if close:
            return f"add the file, or fix its name ({folder} has {', '.join(sorted(close))})"
        return "add the file, or fix its path (relative to the paper folder)"
    parts = urlsplit(url)
    name = re.sub(r"[^\w.-]+", "-", unquote(parts.path.rsplit("/", 1)[-1])).strip("-.")
    if parts.scheme in ("http", "https") and name:
        return (
            f"docbuild reads nothing from the network: download it into the paper folder"
            f" (curl -L --create-dirs -o figures/{name} '{url}') and write its path, figures/{name}"
        )
    return (
        "use files inside the paper folder (relative paths) or data: URIs; nothing is read"
        " from the network or elsewhere on the machine"
    )


class RefusedResource(FatalURLFetchingError):
    """Raised inside WeasyPrint; a BaseException there, so WeasyPrint does not swallow it."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason


class RestrictedFetcher(URLFetcher):
    """`file:` inside `allowed` (regular files up to `max_bytes`) and `data:`; nothing else."""

    def __init__(
        self,
        allowed: Sequence[Path],
        *,
        max_bytes: int = MAX_BYTES,
        virtual_root: Path | None = None,
        svg_fonts: tuple[str, frozenset[str]] | None = None,
        build: Path | None = None,
    ) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        # The PDF figures' PNGs are read from `build` (render/images.py `made_figure`), which
        # `docbuild issue` puts outside the paper folder.
        self.build = build
        extra = () if build is None else ((build / FIGURES).resolve(),)
        self.allowed = (*(p.resolve() for p in allowed), *extra)
        # Documents are given a fixed base URL (`virtual_root`, standing for allowed[0]), so
        # nothing in the PDF depends on where the paper folder lies: reproducible bytes.
        self.virtual_root = virtual_root
        self.max_bytes = max_bytes
        # (the style's text family, the families it ships): an SVG's text is set in the style's
        # fonts, never the machine's (render/svgfonts.py)
        self.svg_fonts = svg_fonts
        self.fetched: list[str] = []
        # WeasyPrint swallows even BaseException while drawing SVG, so refusals are kept here
        # too and checked after rendering.
        self.refused: list[RefusedResource] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        try:
            return self._fetch(url, headers)
        except RefusedResource as exc:
            self.refused.append(exc)
            raise

    def _fetch(self, url: str, headers: object) -> URLFetcherResponse:
        if url.startswith(SVG_DATA):
            return URLFetcherResponse(url, unquote_to_bytes(url[len(SVG_DATA) :]), _svg_headers())
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(url, "network and other non-file addresses are not fetched")
        path = Path(url2pathname(unquote(urlsplit(url).path)))
        if self.virtual_root is not None and path.is_relative_to(self.virtual_root):
            rel = path.relative_to(self.virtual_root)
            path = self.allowed[0] / rel
            if self.build is not None and not path.is_file():
                path = made_figure(self.build, rel.as_posix()) or path
        outside = RefusedResource(url, "file outside the paper folder")
        if not self._inside(Path(os.path.normpath(path))):
            raise outside
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise RefusedResource(url, "file not found") from None
        if not self._inside(real):
            raise outside  # a symbolic link that leads out
        info = real.stat()
        if not stat.S_ISREG(info.st_mode):
            raise RefusedResource(url, "not a regular file")
        if info.st_size > self.max_bytes:
            raise RefusedResource(url, f"file larger than {self.max_bytes // (1024 * 1024)} MiB")
        try:
            data = read_input(real, what="resource", limit=self.max_bytes)
        except (OSError, InputError) as exc:
            raise RefusedResource(url, f"cannot be read: {exc}") from None
        self.fetched.append(str(real))
        if self.svg_fonts is not None and real.suffix.lower() == ".svg":
            from docbuild.render.svgfonts import set_svg_fonts

            data = set_svg_fonts(data, *self.svg_fonts)
        content_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": content_type})

    def _inside(self, path: Path) -> bool:
        return any(path.is_relative_to(base) for base in self.allowed)
