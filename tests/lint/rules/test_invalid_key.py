"""B015 invalid-key."""

from lintkit import findings, messages

GOOD = "@misc{khan2019,\n  title = {A},\n  year = {2019},\n}\n"
BAD = "@misc{khan 2019,\n  title = {A},\n  year = {2019},\n}\n"


def test_pass() -> None:
    assert messages("invalid-key", GOOD) == []


def test_fail() -> None:
    assert messages("invalid-key", BAD) == ["[khan 2019] key 'khan 2019' contains whitespace"]


def test_a_key_pandoc_reads_shorter_is_a_warning() -> None:
    from docbuild.diagnostics import Severity

    bib = (
        "@article{zanne_three_????, title = {T}}\n"
        "@article{He.Zhang.Ren.ea.2016*1, title = {T}}\n"
        "@article{DBLP:conf/cav/BiswasEE19, title = {T}}\n"
        "@article{gross&souleles:bankruptcy, title = {T}}\n"
    )
    found = findings("invalid-key", bib)
    assert [(d.message, d.severity) for d in found] == [
        (
            "key 'zanne_three_????' cannot be cited as [@zanne_three_????]: pandoc reads"
            " 'zanne_three_'",
            Severity.WARNING,
        ),
        (
            "key 'He.Zhang.Ren.ea.2016*1' cannot be cited as [@He.Zhang.Ren.ea.2016*1]:"
            " pandoc reads 'He.Zhang.Ren.ea.2016'",
            Severity.WARNING,
        ),
    ]
    assert found[0].fix == "rename it (and its citations), or cite it as [@{zanne_three_????}]"
