"""Line numbers in the PDF's margin (a style's `line_numbers`), for review copies.

WeasyPrint cannot number lines with CSS, so they are placed on the laid-out document.
"""

from __future__ import annotations

from dataclasses import dataclass

# Line numbers: WeasyPrint cannot number lines with CSS, so docbuild reads where the laid-out
# body lines sit, lays out all the numbers once as one preformatted block on a tall page of
# its own (same font configuration, so no other font is loaded), and moves each number's line
# box into the margin of its page before the PDF is written: one small extra layout, not a
# second render of the paper. (One block of N lines costs about 0.1 ms a line; N blocks of
# one line cost five times more.)
LINE_NUMBER_CSS = """
@page {{ size: {page_width}px {page_height}px; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
div.docbuild-line-numbers {{
  font-family: {family}; font-size: 7pt; line-height: 1; font-style: normal;
  font-weight: 400; color: #888; width: {width}px; margin: 0; padding: 0; text-align: right;
  font-variant-numeric: tabular-nums; text-indent: 0; letter-spacing: normal;
  white-space: pre;
}}
"""
LINE_NUMBER_WIDTH = 36.0  # CSS px: room for five digits at 7pt
LINE_NUMBER_GAP = 13.0  # CSS px (about 3.5 mm) between a number and the text column
_UNNUMBERED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True, slots=True)
class BodyLine:
    page: int  # index in document.pages
    baseline: float  # CSS px from the top of the page
    left: float  # CSS px: the text column's left edge


def body_lines(document: object) -> tuple[list[BodyLine], tuple[str, ...]]:
    """Each numbered line of `document` in reading order, and the body text's font families.

    Numbered: lines of text inside <main> (the body and the reference list), headings left out;
    lines side by side (a table row) share one number. Running heads, margin boxes and
    footnotes are not inside <main> on the page, so they are left out too.
    """
    from weasyprint.formatting_structure import boxes

    found: list[BodyLine] = []
    families: tuple[str, ...] = ()
    for index, page in enumerate(document.pages):  # type: ignore[attr-defined]
        on_page: dict[float, BodyLine] = {}
        for root in page._page_box.children:
            if isinstance(root, (boxes.MarginBox, boxes.FootnoteAreaBox)):
                continue
            for main in _main_boxes(root):
                left = main.content_box_x()
                families = families or tuple(main.style["font_family"])
                for line in _lines(main):
                    baseline = round(line.position_y + line.baseline, 2)
                    on_page.setdefault(baseline, BodyLine(index, baseline, left))
        found.extend(on_page[y] for y in sorted(on_page))
    return found, families


def _main_boxes(box: object) -> list[object]:
    """The page's fragments of <main>, the body: the root box's (block) descendants."""
    from weasyprint.formatting_structure import boxes

    if getattr(box, "element_tag", "") == "main":
        return [box]
    if not isinstance(box, boxes.ParentBox) or isinstance(box, boxes.LineBox):
        return []
    return [main for child in box.children for main in _main_boxes(child)]


def _lines(box: object) -> list[object]:
    """The outermost line boxes with visible text under `box`, headings left out."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    if getattr(box, "element_tag", "") in _UNNUMBERED:
        return []
    element = getattr(box, "element", None)
    if element is not None and "eq-number" in (element.get("class") or "").split():
        return []  # an equation's "(1)" sits beside the equation, whose line has its number
    if isinstance(box, boxes.LineBox):
        return [box] if _first_text(box) is not None else []
    if not isinstance(box, boxes.ParentBox):
        return []
    return [line for child in box.children for line in _lines(child)]


def _first_text(box: object) -> object | None:
    """The first box with visible text or math in it, or None (a line of only an image)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box if box.text.strip() else None
    if isinstance(box, boxes.ReplacedBox) and "docbuild-math" in (box.element.get("class") or ""):
        return box  # an equation is text drawn as SVG (render/math.py): its line counts
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            text = _first_text(child)
            if text is not None:
                return text
    return None


def add_line_numbers(document: object, fonts: object, fetcher: object) -> int:
    """Number the body lines of the laid-out `document` continuously; how many were numbered."""
    from weasyprint import CSS, HTML

    lines, families = body_lines(document)
    if not lines:
        return 0
    family = ", ".join('"' + f.replace('"', "") + '"' for f in families) or "serif"
    css = LINE_NUMBER_CSS.format(
        family=family,
        width=LINE_NUMBER_WIDTH,
        page_width=LINE_NUMBER_WIDTH + 10,
        page_height=20 * len(lines) + 100,  # one page: 7 pt lines are under 10 px each
    )
    numbers = "\n".join(str(n) for n in range(1, len(lines) + 1))
    laid_out = HTML(
        string=f'<html><body><div class="docbuild-line-numbers">{numbers}</div></body></html>',
        url_fetcher=fetcher,
    ).render(stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts)
    block = next(
        box
        for box in _descendants(laid_out.pages[0]._page_box)
        if getattr(box, "element_tag", "") == "div"
    )
    placed: dict[int, list[object]] = {}
    for line, row in zip(lines, block.children, strict=True):
        row.translate(
            line.left - LINE_NUMBER_GAP - LINE_NUMBER_WIDTH - block.content_box_x(),
            line.baseline - (row.position_y + row.baseline),
        )
        placed.setdefault(line.page, []).append(row)
    for index, rows in placed.items():
        page_box = document.pages[index]._page_box  # type: ignore[attr-defined]
        # Right after the page's content, before its margin boxes: the text keeps its order
        # (body, numbers, running head, page number last) for copy-and-paste and extraction.
        numbers_box = block.copy_with_children(rows)
        page_box.children = [page_box.children[0], numbers_box, *page_box.children[1:]]
    return len(lines)


def _descendants(box: object) -> list[object]:
    children = getattr(box, "children", [])
    return [box, *(d for child in children for d in _descendants(child))]
