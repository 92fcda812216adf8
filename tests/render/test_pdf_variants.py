"""`[pdf] variant` in docbuild.toml: every PDF variant WeasyPrint writes, each claimed in the
file's XMP and the same bytes twice; an unknown one is a ConfigError listing the valid ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from docbuild.config import DEFAULT_PDF_VARIANT, PDF_VARIANTS, load_settings
from docbuild.errors import ConfigError
from docbuild.render.pdf import PdfJob, render_pdf
from docbuild.style import PACKAGE_STYLES

STYLE = PACKAGE_STYLES / "preprint"
PAGE = (
    '<html lang="en-US"><head><title>A title</title></head><body><h1>A title</h1>'
    '<p>Text with <a href="https://example.org/">a link</a>.</p>'
    "<table><thead><tr><th>Name</th><th>Value</th></tr></thead>"
    "<tbody><tr><td>a</td><td>1</td></tr></tbody></table></body></html>"
)


def render(root: Path, variant: str) -> bytes:
    job = PdfJob(
        html=PAGE,
        root=root,
        stylesheets=(STYLE / "print.css",),
        allowed=(root, STYLE),
        fonts=tuple(sorted((STYLE / "fonts").glob("*.ttf"))),
        metadata={"title": "A title", "authors": [{"name": "A. Author"}]},
        epoch=1688169600,
        variant=variant,
    )
    return render_pdf(job, timeout=120).data


def test_the_list_is_what_weasyprint_offers() -> None:
    from weasyprint.pdf import VARIANTS

    assert set(PDF_VARIANTS) == set(VARIANTS) - {"debug"}
    assert DEFAULT_PDF_VARIANT == "pdf/ua-1" and load_settings(Path("/nonexistent")).pdf.variant


# (variant, what its XMP claims): PDF/A as pdfaid part and conformance, PDF/X by its version.
CLAIMS = {
    "pdf/ua-1": b"pdfuaid:part",
    "pdf/a-3b": b"pdfaid:conformance",
    "pdf/a-2u": b"pdfaid:conformance",
    "pdf/x-4": b"PDF/X-4",
}


@pytest.mark.parametrize("variant", sorted(CLAIMS))
def test_a_variant_is_claimed_and_deterministic(variant: str, tmp_path: Path) -> None:
    first, second = render(tmp_path, variant), render(tmp_path, variant)
    assert first == second  # pdf/x-4's random xmpMM:DocumentID is replaced (render/pdfmeta.py)
    (tmp_path / "out.pdf").write_bytes(first)
    reader = PdfReader(tmp_path / "out.pdf")
    xmp = reader.xmp_metadata
    assert xmp is not None
    packet = xmp.stream.get_data()
    assert CLAIMS[variant] in packet
    if variant.startswith("pdf/a-"):
        assert f'pdfaid:part="{variant[6]}"'.encode() in packet
        assert f'pdfaid:conformance="{variant[7].upper()}"'.encode() in packet
        assert "/OutputIntents" in reader.trailer["/Root"]
    if variant.startswith("pdf/ua-"):
        assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True


def test_an_unknown_variant_names_its_line_and_the_valid_ones(tmp_path: Path) -> None:
    (tmp_path / "docbuild.toml").write_text('style = "gfpr"\n[pdf]\nvariant = "pdf/a-3"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path)
    assert err.value.message == "'pdf.variant' is 'pdf/a-3', which WeasyPrint cannot write"
    assert err.value.location is not None and err.value.location.line == 3
    assert err.value.hint is not None
    assert err.value.hint.startswith("did you mean 'pdf/a-3")
    assert err.value.hint.endswith(", ".join(f"'{v}'" for v in PDF_VARIANTS))


def test_a_variant_is_read_and_part_of_what_doit_compares(tmp_path: Path) -> None:
    (tmp_path / "docbuild.toml").write_text('[pdf]\nvariant = "PDF/A-3b"\n')
    settings = load_settings(tmp_path)
    assert settings.pdf.variant == "pdf/a-3b"
    assert settings.as_dict()["pdf"] == {"variant": "pdf/a-3b"}
