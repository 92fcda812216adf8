"""Write styles/<name>/reference.docx for each journal style, from pandoc's own reference doc.

`doit docx` gives pandoc this file (`--reference-doc`): Word takes its fonts, sizes and
heading styles from it. Each style's look (its print CSS: typeface, body size, headings) is
written into pandoc's default styles.xml; the zip is written with fixed dates and order, so
the same pandoc gives the same bytes. Run it after changing a style's look or upgrading
pandoc:

    .venv/bin/python scripts/make_reference_docx.py            # every style
    .venv/bin/python scripts/make_reference_docx.py gfpr       # one
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Look:
    font: str  # the body and heading typeface (the style's print CSS)
    body_pt: float
    title_pt: float
    heading_pt: tuple[float, float, float]  # Heading 1, 2, 3
    justify: bool


# From each style's print.css: font-family, the body's font-size, h1.title and h1-h3.
LOOKS = {
    "gfpr": Look("Charis SIL", 10, 17, (11.5, 10.5, 10), justify=True),
    "ieee": Look("Liberation Serif", 10, 24, (10, 10, 10), justify=True),
    "preprint": Look("Charis SIL", 10.5, 18, (13, 11.5, 10.5), justify=False),
}


def _half_points(pt: float) -> str:
    return str(round(pt * 2))


def _fonts(font: str) -> str:
    return f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:cs="{font}" />'


def _restyle(styles: str, look: Look) -> str:
    """pandoc's styles.xml with the style's typeface, sizes, black headings."""
    styles = re.sub(r"<w:rFonts\b[^>]*/>", _fonts(look.font), styles, flags=re.S)
    # Body size: the document default.
    styles = re.sub(
        r"(<w:rPrDefault>.*?<w:sz w:val=\")\d+(\" />\s*<w:szCs w:val=\")\d+",
        lambda m: m[1] + _half_points(look.body_pt) + m[2] + _half_points(look.body_pt),
        styles,
        count=1,
        flags=re.S,
    )
    sizes = {
        "Title": look.title_pt,
        **{f"Heading{n}": pt for n, pt in enumerate(look.heading_pt, 1)},
    }
    for style_id, pt in sizes.items():
        styles = _in_style(styles, style_id, lambda block, pt=pt: _set_size(block, pt))
    for n in range(1, 10):
        # pandoc's headings are blue; journals print them in black.
        styles = _in_style(
            styles, f"Heading{n}", lambda block: re.sub(r"<w:color\b[^>]*/>", "", block, flags=re.S)
        )
    if look.justify:
        styles = _in_style(
            styles,
            "BodyText",
            lambda block: block.replace("<w:pPr>", '<w:pPr>\n      <w:jc w:val="both" />', 1),
        )
    return styles


def _in_style(styles: str, style_id: str, change: object) -> str:
    pattern = re.compile(rf'<w:style\b[^>]*w:styleId="{style_id}">.*?</w:style>', re.S)
    return pattern.sub(lambda m: change(m[0]), styles, count=1)  # type: ignore[operator]


def _set_size(block: str, pt: float) -> str:
    size = _half_points(pt)
    if "<w:sz " in block:
        block = re.sub(r'<w:sz w:val="\d+" />', f'<w:sz w:val="{size}" />', block)
        return re.sub(r'<w:szCs w:val="\d+" />', f'<w:szCs w:val="{size}" />', block)
    if "<w:rPr>" in block:
        return block.replace("<w:rPr>", f'<w:rPr>\n      <w:sz w:val="{size}" />', 1)
    return block.replace("</w:style>", f'<w:rPr><w:sz w:val="{size}" /></w:rPr></w:style>')


def pandoc_reference_docx() -> bytes:
    import pypandoc

    return subprocess.run(
        [str(pypandoc.get_pandoc_path()), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout


def make_reference_docx(look: Look, source: bytes) -> bytes:
    """The style's reference doc: pandoc's, restyled, zipped with fixed dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/styles.xml":
                data = _restyle(data.decode("utf-8"), look).encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


def main(names: list[str]) -> int:
    source = pandoc_reference_docx()
    for name in names or sorted(LOOKS):
        if name not in LOOKS:
            print(f"error: no look for style '{name}'; known: {', '.join(sorted(LOOKS))}")
            return 1
        target = ROOT / "styles" / name / "reference.docx"
        target.write_bytes(make_reference_docx(LOOKS[name], source))
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
