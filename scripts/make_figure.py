"""Draw the sample paper's figure, manuscript/figures/timeline.svg, as plain SVG.

Run `python scripts/make_figure.py` to rewrite the figure, or with `--check` to fail when the
committed SVG differs from what this script draws (tests/sample/ runs that check). Only the
standard library is used and the output is byte-for-byte deterministic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

OUTPUT = Path(__file__).resolve().parent.parent / "manuscript" / "figures" / "timeline.svg"


class Side(enum.Enum):
    RUSSIA = "russia"  # marked with a diamond
    US = "us"  # marked with a circle


@dataclass(frozen=True, slots=True)
class Event:
    date: dt.date
    side: Side
    text: str


EVENTS: tuple[Event, ...] = (
    Event(dt.date(2014, 6, 2), Side.RUSSIA, "Arms embargo lifted"),
    Event(dt.date(2015, 8, 19), Side.RUSSIA, "Mi-35 helicopter deal"),
    Event(dt.date(2016, 9, 24), Side.RUSSIA, "First Druzhba exercise"),
    Event(dt.date(2018, 4, 24), Side.RUSSIA, "Army chief in Moscow; military commission"),
    Event(dt.date(2019, 2, 15), Side.RUSSIA, "Offshore pipeline memorandum"),
    Event(dt.date(2021, 5, 28), Side.RUSSIA, "Pakistan Stream terms revised"),
    Event(dt.date(2022, 2, 24), Side.RUSSIA, "Khan in Moscow as Ukraine is invaded"),
    Event(dt.date(2023, 6, 11), Side.RUSSIA, "First Russian crude cargo"),
    Event(dt.date(2014, 1, 27), Side.US, "Strategic dialogue resumes"),
    Event(dt.date(2016, 5, 2), Side.US, "F-16 subsidy blocked"),
    Event(dt.date(2018, 1, 4), Side.US, "Security aid suspended"),
    Event(dt.date(2018, 9, 1), Side.US, "Coalition support funds cancelled"),
    Event(dt.date(2019, 7, 22), Side.US, "Khan at the White House"),
    Event(dt.date(2020, 2, 29), Side.US, "Doha agreement"),
    Event(dt.date(2021, 8, 30), Side.US, "US troops leave Afghanistan"),
    Event(dt.date(2022, 4, 10), Side.US, "Khan ousted; Sharif in office"),
    Event(dt.date(2022, 5, 18), Side.US, "Bhutto Zardari in New York"),
    Event(dt.date(2022, 10, 21), Side.US, "Off the FATF grey list"),
    Event(dt.date(2023, 7, 12), Side.US, "IMF stand-by arrangement"),
)

FIRST_YEAR, LAST_YEAR = 2014, 2024  # the axis runs from 1 January of the first to the last
# Narrow and tall, so that it fits one column of a two-column page at a readable size.
WIDTH = 330.0
TOP = 44.0  # room for the legend
YEAR_HEIGHT = 37.0
BOTTOM = 8.0
BAND_LEFT, BAND_WIDTH = 6.0, 34.0  # the years are written inside this vertical band
LABEL_X = 58.0  # where every label starts
FONT_SIZE = 10.0
# The fonts the shipped styles bring (gfpr and preprint, ieee): the PDF may use no font of the
# machine's, and an SVG in an <img> sees only the families the style's @font-face declares.
# Unquoted: WeasyPrint 70 tries only the first name of a list written with quotes.
FONT_FAMILY = "Charis SIL, Liberation Serif, serif"
LINE_GAP = 12.5  # the least vertical distance between two labels
MARK = 3.2  # radius of an event's mark
COLOURS = {Side.RUSSIA: "#a4332a", Side.US: "#1f4e79"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _y(date: dt.date) -> float:
    start = dt.date(FIRST_YEAR, 1, 1).toordinal()
    end = dt.date(LAST_YEAR, 1, 1).toordinal()
    span = (LAST_YEAR - FIRST_YEAR) * YEAR_HEIGHT
    return TOP + span * (date.toordinal() - start) / (end - start)


def _date_text(date: dt.date) -> str:
    return f"{MONTHS[date.month - 1]} {date.year}"


def place_labels(events: Sequence[Event]) -> list[float]:
    """The baseline of each label: level with its date, pushed down just enough to clear the
    label above it."""
    baselines = [0.0] * len(events)
    last: float | None = None
    for i in sorted(range(len(events)), key=lambda i: (events[i].date, events[i].side.value)):
        wanted = _y(events[i].date) + FONT_SIZE / 3  # centre the text on its date
        if last is not None:
            wanted = max(wanted, last + LINE_GAP)
        baselines[i] = last = wanted
    return baselines


def _f(value: float) -> str:
    return f"{value:.1f}"


def _mark(side: Side, x: float, y: float) -> str:
    """A circle for the United States, a diamond for Russia: the two differ in grey print too."""
    colour = COLOURS[side]
    if side is Side.US:
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(MARK)}" fill="{colour}"/>'
    r = MARK * 1.25
    points = f"{_f(x)},{_f(y - r)} {_f(x + r)},{_f(y)} {_f(x)},{_f(y + r)} {_f(x - r)},{_f(y)}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def render_timeline(events: Sequence[Event] = EVENTS) -> str:
    """The whole SVG document as text."""
    baselines = place_labels(events)
    axis_end = _y(dt.date(LAST_YEAR, 1, 1))
    height = max([axis_end, *baselines]) + BOTTOM
    band_right = BAND_LEFT + BAND_WIDTH

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(WIDTH)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(WIDTH)} {_f(height)}" font-family="{FONT_FAMILY}" '
        f'font-size="{_f(FONT_SIZE)}">',
        "<title>Pakistan between Russia and the United States, 2014–2023</title>",
        "<desc>A timeline running downwards: events in relations with Russia marked by "
        "diamonds, events in relations with the United States by circles. Generated by "
        "scripts/make_figure.py.</desc>",
        f'<rect x="0" y="0" width="{_f(WIDTH)}" height="{_f(height)}" fill="#ffffff"/>',
    ]
    legend = ((Side.RUSSIA, "Pakistan and Russia"), (Side.US, "Pakistan and the United States"))
    for n, (side, text) in enumerate(legend):
        y = 12.0 + n * 14.0
        out.append(_mark(side, BAND_LEFT + 6, y))
        out.append(
            f'<text x="{_f(BAND_LEFT + 16)}" y="{_f(y + FONT_SIZE / 3)}" font-weight="bold" '
            f'fill="{COLOURS[side]}">{escape(text)}</text>'
        )

    for year in range(FIRST_YEAR, LAST_YEAR):
        y0, y1 = _y(dt.date(year, 1, 1)), _y(dt.date(year + 1, 1, 1))
        shade = "#e6e6e6" if year % 2 == 0 else "#d2d2d2"
        out.append(
            f'<rect x="{_f(BAND_LEFT)}" y="{_f(y0)}" width="{_f(BAND_WIDTH)}" '
            f'height="{_f(y1 - y0)}" fill="{shade}"/>'
        )
        out.append(
            f'<text x="{_f(BAND_LEFT + BAND_WIDTH / 2)}" y="{_f((y0 + y1) / 2 + FONT_SIZE / 3)}" '
            f'text-anchor="middle" fill="#444444">{year}</text>'
        )

    ordered = sorted(
        zip(events, baselines, strict=True), key=lambda p: (p[0].date, p[0].side.value)
    )
    for event, baseline in ordered:
        colour = COLOURS[event.side]
        y = _y(event.date)
        text_y = baseline - FONT_SIZE / 3
        bend = band_right + 7
        out.append(
            f'<polyline points="{_f(band_right)},{_f(y)} {_f(bend)},{_f(y)} '
            f'{_f(LABEL_X - 3)},{_f(text_y)}" fill="none" stroke="{colour}" '
            'stroke-width="0.8"/>'
        )
        out.append(_mark(event.side, band_right, y))
        out.append(
            f'<text x="{_f(LABEL_X)}" y="{_f(baseline)}" fill="{colour}">'
            f'<tspan font-weight="bold">{_date_text(event.date)}</tspan> '
            f"{escape(event.text)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the SVG is out of date")
    args = parser.parse_args(argv)
    svg = render_timeline()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != svg:
            print(f"{OUTPUT} is out of date: run python scripts/make_figure.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(svg, encoding="utf-8", newline="\n")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
