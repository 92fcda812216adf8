"""B020 venue-year: a listed venue's first year, numbered editions, and years in its name."""

from __future__ import annotations

from lintkit import messages

ENTRY = "@inproceedings{x, author = {Lim, J.}, title = {T}, booktitle = {%s}, year = {%s}}\n"


def test_an_edition_held_in_another_year():
    venue = "Proceedings of the 40th International Conference on Machine Learning"
    assert messages("venue-year", ENTRY % (venue, "2010")) == [
        f"[x] '{venue}': its 40th edition belongs to 2023, not 2010"
    ]
    assert messages("venue-year", ENTRY % (venue, "2023")) == []
    neurips = "Advances in Neural Information Processing Systems 34"
    assert messages("venue-year", ENTRY % (neurips, "2021")) == []
    assert messages("venue-year", ENTRY % (neurips, "2022")) == []  # printed the year after
    assert messages("venue-year", ENTRY % (neurips, "2019")) == [
        f"[x] '{neurips}': its volume 34 belongs to 2021, not 2019"
    ]


def test_a_year_in_the_venue_s_name_and_a_venue_before_its_first_meeting():
    assert messages("venue-year", ENTRY % ("NeurIPS 2035", "2023")) == [
        "[x] booktitle 'NeurIPS 2035' names 2035, after the entry's year 2023"
    ]
    # the proceedings of an earlier meeting, and unlisted venues, pass
    assert messages("venue-year", ENTRY % ("CVPR 2021", "2023")) == []
    assert messages("venue-year", ENTRY % ("Yearbook of Morphology 1997", "1990")) == []
    assert messages("venue-year", ENTRY % ("ICLR", "2010")) == [
        "[x] 'ICLR' was first held in 2013; the entry's year is 2010"
    ]


def test_unlisted_venues_and_workshops_are_not_judged():
    assert messages("venue-year", ENTRY % ("Symposium on Neural Scaling Laws", "1950")) == []
    assert messages("venue-year", ENTRY % ("ICLR Workshop on Tiny Papers", "2010")) == []
