"""M009 key-without-at: a key of the bibliography in a citation group, written without `@`."""

from __future__ import annotations

from lintkit import findings

BIB = (
    "@article{lee2011design, title = {Design}, year = {2011}}\n"
    "@article{ortlepp2024high, title = {High}, year = {2024}}\n"
)


def test_every_key_with_its_at_passes() -> None:
    assert findings("M009", BIB, "Systems [@lee2011design; @ortlepp2024high].\n") == []
    # a word that is no key, a link's text, and a locator stay as they are
    text = (
        "As [@lee2011design; see also chapter three] and [@lee2011design; x](#sec) say,\n"
        "and [@lee2011design, pp. 3-4].\n"
    )
    assert findings("M009", BIB, text) == []


def test_a_bare_key_in_a_group_is_found_where_it_is_written() -> None:
    # vernierlib/vernier's paper.md (commit 0e57d5f, GPL-3.0), line 73: pandoc prints
    # "[Lee et al. (2011); ortlepp2024high]" and lists no Ortlepp.
    text = (
        "Setups with several interferometers have demonstrated multiple DoF measurement"
        " systems [@lee2011design; ortlepp2024high], at the expense of occupied volume.\n"
    )
    found = findings("M009", BIB, text)
    assert [(d.location.line, d.location.column, d.key) for d in found] == [
        (1, 105, None)
    ]  # no key: the entry is not cited, and an uncited entry's findings are folded away
    assert found[0].message == (
        "'ortlepp2024high' in '[@lee2011design; ortlepp2024high]' is a key of refs.bib written"
        " without '@': pandoc prints it as text, and the work is neither cited nor listed"
    )
    assert found[0].fix == "write '[@lee2011design; @ortlepp2024high]'"


def test_a_bare_key_after_a_comma_or_with_a_locator() -> None:
    found = findings("M009", BIB, "Both [@lee2011design, ortlepp2024high].\n")
    assert [(d.location.column, d.fix) for d in found] == [
        (23, "write '[@lee2011design; @ortlepp2024high]'")
    ]
    found = findings("M009", BIB, "Both [-ortlepp2024high, p. 2; @lee2011design].\n")
    assert [(d.location.column, d.fix) for d in found] == [
        (8, "write '[-@ortlepp2024high, p. 2; @lee2011design]'")
    ]
