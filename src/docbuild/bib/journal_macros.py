"""Journal macros of the astronomy document classes: `journal = {\\apj}` as NASA ADS exports it.

ADS (and the astronomers who copy from it) write the journal as a LaTeX macro that the AAS,
MNRAS and A&A classes define (aastex's "AAS Macros for Journal Abbreviations", which ADS's help
lists for its exports). BibTeX passes it through and the class expands it; pandoc and docbuild
know no such macro, so the journal prints as nothing. The names here are the journals' own
titles, for a fix a reader can check.
"""

from __future__ import annotations

import re

AAS_JOURNALS: dict[str, str] = {
    "aj": "The Astronomical Journal",
    "actaa": "Acta Astronomica",
    "araa": "Annual Review of Astronomy and Astrophysics",
    "apj": "The Astrophysical Journal",
    "apjl": "The Astrophysical Journal Letters",
    "apjs": "The Astrophysical Journal Supplement Series",
    "ao": "Applied Optics",
    "apss": "Astrophysics and Space Science",
    "aap": "Astronomy & Astrophysics",
    "aapr": "The Astronomy and Astrophysics Review",
    "aaps": "Astronomy & Astrophysics Supplement Series",
    "azh": "Astronomicheskii Zhurnal",
    "baas": "Bulletin of the American Astronomical Society",
    "bac": "Bulletin of the Astronomical Institutes of Czechoslovakia",
    "caa": "Chinese Astronomy and Astrophysics",
    "cjaa": "Chinese Journal of Astronomy and Astrophysics",
    "icarus": "Icarus",
    "jcap": "Journal of Cosmology and Astroparticle Physics",
    "jrasc": "Journal of the Royal Astronomical Society of Canada",
    "memras": "Memoirs of the Royal Astronomical Society",
    "mnras": "Monthly Notices of the Royal Astronomical Society",
    "na": "New Astronomy",
    "nar": "New Astronomy Reviews",
    "pra": "Physical Review A",
    "prb": "Physical Review B",
    "prc": "Physical Review C",
    "prd": "Physical Review D",
    "pre": "Physical Review E",
    "prl": "Physical Review Letters",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan",
    "psj": "The Planetary Science Journal",
    "qjras": "Quarterly Journal of the Royal Astronomical Society",
    "rmxaa": "Revista Mexicana de Astronomía y Astrofísica",
    "skytel": "Sky and Telescope",
    "solphys": "Solar Physics",
    "sovast": "Soviet Astronomy",
    "ssr": "Space Science Reviews",
    "zap": "Zeitschrift für Astrophysik",
    "nat": "Nature",
    "iaucirc": "IAU Circulars",
    "aplett": "Astrophysical Letters",
    "apspr": "Astrophysics and Space Physics Reviews",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands",
    "fcp": "Fundamentals of Cosmic Physics",
    "gca": "Geochimica et Cosmochimica Acta",
    "grl": "Geophysical Research Letters",
    "jcp": "The Journal of Chemical Physics",
    "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "memsai": "Memorie della Società Astronomica Italiana",
    "nphysa": "Nuclear Physics A",
    "physrep": "Physics Reports",
    "physscr": "Physica Scripta",
    "planss": "Planetary and Space Science",
    "procspie": "Proceedings of the SPIE",
}
# The whole value is one macro, braced or not: `\apj`, `{\apj}`, `"\apj"` as ADS writes it.
_ONE_MACRO = re.compile(r"\{?\s*\\([A-Za-z]+)\s*\}?")


def journal_macro(value: str) -> str | None:
    """The macro (without its backslash) when the whole value is one LaTeX macro, else None."""
    m = _ONE_MACRO.fullmatch(value.strip())
    return m[1] if m else None


def aas_journal(value: str) -> str | None:
    """The journal an AAS macro names (`\\apj` -> "The Astrophysical Journal"), else None."""
    name = journal_macro(value)
    return AAS_JOURNALS.get(name) if name is not None else None
