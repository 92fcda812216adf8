"""Journal macros of the astronomy document classes: `journal = {\\apj}` as NASA ADS exports it.

ADS (and the astronomers who copy from it) write the journal as a LaTeX macro that the AAS,
MNRAS and A&A classes define (aastex631.cls, `\\newcommand\\apj{\\ref@jnl{ApJ}}`, "AAS Macros
for Journal Abbreviations", which ADS's help lists for its exports; jcappub.sty repeats the
list). BibTeX passes it through and the class expands it; pandoc knows no such macro, so the
journal printed as nothing (DAXA's paper.bib, 16 of 26 entries; mkenworthy/ARAA_HCI's, 20 of
40 sampled). docbuild prints the abbreviation the class prints (bib/latex.py); the linter's
venue knowledge reads the journal's own title.
"""

from __future__ import annotations

import re

# macro: (the abbreviation AASTeX prints, the journal's title); aliases (`astap`, `apjlett`)
# included.
AAS_JOURNALS: dict[str, tuple[str, str]] = {
    "aj": ("AJ", "The Astronomical Journal"),
    "psj": ("PSJ", "The Planetary Science Journal"),
    "araa": ("ARA&A", "Annual Review of Astronomy and Astrophysics"),
    "apj": ("ApJ", "The Astrophysical Journal"),
    "apjl": ("ApJL", "The Astrophysical Journal Letters"),
    "apjs": ("ApJS", "The Astrophysical Journal Supplement Series"),
    "ao": ("ApOpt", "Applied Optics"),
    "apss": ("Ap&SS", "Astrophysics and Space Science"),
    "aap": ("A&A", "Astronomy & Astrophysics"),
    "aapr": ("A&A\u00a0Rv", "The Astronomy and Astrophysics Review"),
    "aaps": ("A&AS", "Astronomy & Astrophysics Supplement Series"),
    "azh": ("AZh", "Astronomicheskii Zhurnal"),
    "baas": ("BAAS", "Bulletin of the American Astronomical Society"),
    "icarus": ("Icarus", "Icarus"),
    "jaavso": ("JAAVSO", "Journal of the American Association of Variable Star Observers"),
    "jrasc": ("JRASC", "Journal of the Royal Astronomical Society of Canada"),
    "memras": ("MmRAS", "Memoirs of the Royal Astronomical Society"),
    "mnras": ("MNRAS", "Monthly Notices of the Royal Astronomical Society"),
    "pra": ("PhRvA", "Physical Review A"),
    "prb": ("PhRvB", "Physical Review B"),
    "prc": ("PhRvC", "Physical Review C"),
    "prd": ("PhRvD", "Physical Review D"),
    "pre": ("PhRvE", "Physical Review E"),
    "prl": ("PhRvL", "Physical Review Letters"),
    "pasp": ("PASP", "Publications of the Astronomical Society of the Pacific"),
    "pasj": ("PASJ", "Publications of the Astronomical Society of Japan"),
    "qjras": ("QJRAS", "Quarterly Journal of the Royal Astronomical Society"),
    "skytel": ("S&T", "Sky and Telescope"),
    "solphys": ("SoPh", "Solar Physics"),
    "sovast": ("Soviet\u00a0Ast.", "Soviet Astronomy"),
    "ssr": ("SSRv", "Space Science Reviews"),
    "zap": ("ZA", "Zeitschrift für Astrophysik"),
    "nat": ("Nature", "Nature"),
    "iaucirc": ("IAUC", "IAU Circulars"),
    "aplett": ("Astrophys.\u00a0Lett.", "Astrophysical Letters"),
    "apspr": (
        "Astrophys.\u00a0Space\u00a0Phys.\u00a0Res.",
        "Astrophysics and Space Physics Reviews",
    ),
    "bain": ("BAN", "Bulletin of the Astronomical Institutes of the Netherlands"),
    "fcp": ("FCPh", "Fundamentals of Cosmic Physics"),
    "gca": ("GeoCoA", "Geochimica et Cosmochimica Acta"),
    "grl": ("Geophys.\u00a0Res.\u00a0Lett.", "Geophysical Research Letters"),
    "jcp": ("JChPh", "The Journal of Chemical Physics"),
    "jgr": ("J.\u00a0Geophys.\u00a0Res.", "Journal of Geophysical Research"),
    "jqsrt": ("JQSRT", "Journal of Quantitative Spectroscopy and Radiative Transfer"),
    "memsai": ("MmSAI", "Memorie della Società Astronomica Italiana"),
    "nphysa": ("NuPhA", "Nuclear Physics A"),
    "physrep": ("PhR", "Physics Reports"),
    "physscr": ("PhyS", "Physica Scripta"),
    "planss": ("Planet.\u00a0Space\u00a0Sci.", "Planetary and Space Science"),
    "procspie": ("Proc.\u00a0SPIE", "Proceedings of the SPIE"),
    "actaa": ("AcA", "Acta Astronomica"),
    "caa": ("ChA&A", "Chinese Astronomy and Astrophysics"),
    "cjaa": ("ChJA&A", "Chinese Journal of Astronomy and Astrophysics"),
    "jcap": ("JCAP", "Journal of Cosmology and Astroparticle Physics"),
    "na": ("NewA", "New Astronomy"),
    "nar": ("NewAR", "New Astronomy Reviews"),
    "pasa": ("PASA", "Publications of the Astronomical Society of Australia"),
    "rmxaa": ("RMxAA", "Revista Mexicana de Astronomía y Astrofísica"),
    "maps": ("M&PS", "Meteoritics & Planetary Science"),
    "aas": ("AAS Meeting Abstracts", "American Astronomical Society Meeting Abstracts"),
    "dps": ("AAS/DPS Meeting Abstracts", "AAS/Division for Planetary Sciences Meeting Abstracts"),
    "astap": ("A&A", "Astronomy & Astrophysics"),
    "apjlett": ("ApJL", "The Astrophysical Journal Letters"),
    "apjsupp": ("ApJS", "The Astrophysical Journal Supplement Series"),
    "applopt": ("ApOpt", "Applied Optics"),
    "bac": ("BAICz", "Bulletin of the Astronomical Institutes of Czechoslovakia"),
}
PRINTED = {name: printed for name, (printed, _title) in AAS_JOURNALS.items()}  # bib/latex.py
# The whole value is one macro, braced or not: `\apj`, `{\apj}`, `"\apj"` as ADS writes it.
_ONE_MACRO = re.compile(r"\{?\s*\\([A-Za-z]+)\s*\}?")


def journal_macro(value: str) -> str | None:
    """The macro (without its backslash) when the whole value is one LaTeX macro, else None."""
    m = _ONE_MACRO.fullmatch(value.strip())
    return m[1] if m else None


def aas_journal(value: str) -> str | None:
    """The journal an AAS macro names (`\\apj` -> "The Astrophysical Journal"), else None."""
    name = journal_macro(value)
    known = AAS_JOURNALS.get(name) if name is not None else None
    return known[1] if known else None
