"""The production fields of the front matter: ISSN, licence, dates, funding, ROR ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.errors import ConfigError
from docbuild.render.frontmatter import FrontMatter, read_front_matter
from docbuild.render.pandoc import parse_markdown
from docbuild.render.publishing import (
    Day,
    Funding,
    Issn,
    License,
    issn_checksum_ok,
    ror_checksum_ok,
)

GOOD = """\
---
title: A Title
author:
  - name: Ann Bee
    affiliation: a1
affiliation:
  - id: a1
    organization: First University
    ror: https://ror.org/03vek6s52
journal:
  title: Global Foreign Policies Review
  pissn: 2708-3586
  eissn: 2708-3594
  publisher-name: Humanity Publications
  url: https://gfpr.example.org/
  depositor: {name: GFPR Production, email: production@gfpr.example.org}
article: {doi: 10.31703/gfpr.2023(VI-III).01, url: https://gfpr.example.org/articles/1}
license: CC-BY-4.0
received: 2023-01-10
accepted: 2023-03-02
published: 2023-06-30
funding:
  - funder: Higher Education Commission
    ror: 02mhbdp94
    award: [HEC-2021-17, HEC-2022-03]
  - funder: Example Foundation
    funder-id: https://doi.org/10.13039/501100000780
---

Text.
"""


def read(tmp_path: Path, text: str) -> FrontMatter:
    path = tmp_path / "paper.md"
    path.write_text(text, encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    fm, _ = read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    return fm


def error(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        read(tmp_path, text)
    return info.value


def test_the_production_fields_are_read(tmp_path: Path) -> None:
    p = read(tmp_path, GOOD).publishing
    assert p.issns == (Issn("2708-3586", "print"), Issn("2708-3594", "electronic"))
    assert (p.publisher, p.journal_url) == ("Humanity Publications", "https://gfpr.example.org/")
    assert (p.depositor_name, p.depositor_email) == (
        "GFPR Production",
        "production@gfpr.example.org",
    )
    assert p.article_url == "https://gfpr.example.org/articles/1"
    assert p.license == License("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0")
    assert (p.received, p.accepted, p.published) == (
        Day(2023, 1, 10),
        Day(2023, 3, 2),
        Day(2023, 6, 30),
    )
    assert p.funding == (
        Funding(
            "Higher Education Commission", ror="02mhbdp94", awards=("HEC-2021-17", "HEC-2022-03")
        ),
        Funding("Example Foundation", funder_id="10.13039/501100000780"),
    )
    assert p.affiliation_rors == (("a1", "03vek6s52"),)


def test_without_production_fields_nothing_is_required(tmp_path: Path) -> None:
    p = read(tmp_path, "---\ntitle: T\n---\n\nText.\n").publishing
    assert (p.issns, p.license, p.funding, p.received) == ((), None, (), None)


def test_computo_published_flag_is_no_date(tmp_path: Path) -> None:
    """Computo's template says `published: true` once an article is accepted: a flag, not the
    day of publication, so no day is read and nothing stops the build."""
    p = read(tmp_path, "---\ntitle: T\ndraft: false\npublished: true\n---\n\nText.\n").publishing
    assert p.published is None


def test_issn_with_a_wrong_check_digit(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("pissn: 2708-3586", "pissn: 2708-3587"))
    assert exc.message == "'journal.pissn' is '2708-3587', which is not a valid ISSN"
    assert exc.location is not None and exc.location.line == 12


def test_issn_checksum() -> None:
    assert issn_checksum_ok("0378-5955") and issn_checksum_ok("2434-561X")
    assert not issn_checksum_ok("0378-5956")


def test_ror_with_a_wrong_check_digit(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("03vek6s52", "03vek6s53"))
    assert exc.message == (
        "affiliation 'a1' has ROR id 'https://ror.org/03vek6s53', which is not a valid ROR id"
    )
    assert exc.location is not None and exc.location.line == 9


def test_ror_checksum() -> None:
    assert ror_checksum_ok("02mhbdp94") and ror_checksum_ok("042nb2s44")
    assert not ror_checksum_ok("042nb2s45")


def test_unknown_spdx_licence_without_a_link(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("license: CC-BY-4.0", "license: CC-BY-5.0"))
    assert (
        exc.message == "'license' is 'CC-BY-5.0', which is not an SPDX licence name docbuild knows"
    )
    assert exc.location is not None and exc.location.line == 18


def test_licence_as_a_map_or_an_address(tmp_path: Path) -> None:
    text = GOOD.replace(
        "license: CC-BY-4.0",
        "license: {link: https://example.org/licence, text: Free to read.}",
    )
    assert read(tmp_path, text).publishing.license == License(
        "https://example.org/licence", text="Free to read."
    )
    text = GOOD.replace("license: CC-BY-4.0", "license: https://example.org/l")
    assert read(tmp_path, text).publishing.license == License("https://example.org/l")


def test_history_date_must_be_a_whole_day(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("accepted: 2023-03-02", "accepted: 2023-02-30"))
    assert exc.message == "'accepted' is '2023-02-30', which is not a date written YYYY-MM-DD"
    assert exc.location is not None and exc.location.line == 20
    exc = error(tmp_path, GOOD.replace("accepted: 2023-03-02", "accepted: March 2023"))
    assert exc.message == "'accepted' is 'March 2023', which is not a date written YYYY-MM-DD"
    exc = error(tmp_path, GOOD.replace("accepted: 2023-03-02", "accepted: 03/02/2023"))
    assert exc.message.startswith("'accepted' is '03/02/2023'")  # which day is it?


def test_history_date_written_out_as_rescience_does(tmp_path: Path) -> None:
    text = GOOD.replace("accepted: 2023-03-02", "accepted: Mar,  2, 2023")
    assert read(tmp_path, text).publishing.accepted == Day(2023, 3, 2)


def test_funding_without_a_funder(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("  - funder: Example Foundation\n", "  - award: X1\n"))
    assert exc.message == "funding 2 has no 'funder'"


def test_funder_id_must_be_under_10_13039(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("10.13039/501100000780", "10.1234/501100000780"))
    assert exc.message == (
        "funding 2 ('Example Foundation') has funder-id 'https://doi.org/10.1234/501100000780',"
        " which is not a Crossref Funder ID"
    )
    assert exc.location is not None and exc.location.line == 27


def test_article_url_must_be_an_address(tmp_path: Path) -> None:
    exc = error(
        tmp_path, GOOD.replace("url: https://gfpr.example.org/articles/1", "url: articles/1")
    )
    assert exc.message == "'article.url' is 'articles/1', which is not an http(s) address"


def test_a_licence_written_with_spaces_is_its_spdx_name(tmp_path: Path) -> None:
    text = GOOD.replace("license: CC-BY-4.0", "license: CC BY-SA 4.0")
    assert read(tmp_path, text).publishing.license == License(
        "https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0"
    )
