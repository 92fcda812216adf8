"""The float pass's layouts after the first keep the pages a move cannot change: WeasyPrint
lays the edited page out again only from the first page whose layout read what changed.

A move (render/floats.py) edits the page from the first float it moves on; everything before
is the same HTML. WeasyPrint 70 already re-makes a document from any page of its own
(`make_all_pages` keeps a page whose `page_maker` entry, the state it starts from, is
unchanged), so each layout is recorded: which elements each page's layout read (the blocks
it laid out, their line content whole, the siblings whose breaks it weighed), the state each
page started from, and the laid-out pages before their margin boxes. The next layout of an
edited page compares the two element trees (tags, attributes, text, cascaded styles) to find
the first element that differs, keeps the pages that read only elements before it, and lays
out the rest from the `page_maker` entry of the first page it does not keep. Wherever the
state a page leaves for the next cannot be carried over exactly (footnotes moved on, a box
broken out of flow, a page-based reference other than the last page's number), it lays out
the whole document, as before. The PDF is byte for byte the one a full layout makes
(tests/render/test_relayout.py); DOCBUILD_RELAYOUT=0 turns it off.

Every WeasyPrint internal this uses is named in HOOKS, CALLED and REACHED; tests check their
shape, and a WeasyPrint major release not in WEASYPRINT_MAJORS is left alone.
"""

from __future__ import annotations

import copy
import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from docbuild.render.lastpage import END_ID

# (module, name): the functions wrapped while the float pass runs, and why each is safe.
HOOKS = (
    # Document._render calls it by this module's name: the one place a layout starts.
    ("weasyprint.document", "layout_document"),
    # layout_document calls both by its module's names; wrapped only to seed the first pass.
    ("weasyprint.layout", "initialize_page_maker"),
    ("weasyprint.layout", "make_all_pages"),
    # make_all_pages calls it by page.py's name for each page it makes: which page is read.
    ("weasyprint.layout.page", "remake_page"),
)
# (module, name): called, not wrapped. remake_page gives each page type its styles with it,
# and a kept page is not made again.
CALLED = (("weasyprint.layout.page", "set_page_type_computed_styles"),)
# block.py's functions through which a page's layout reaches a box (block_container_layout
# calls the first three for each child, by block.py's names; columns' spanning blocks come
# through block_level_layout; the last two read the next sibling's breaks and page name).
REACHED = (
    "_in_flow_layout",
    "_linebox_layout",
    "_out_of_flow_layout",
    "block_level_layout",
    "block_level_page_break",
    "block_level_page_name",
)


@dataclass(slots=True)
class _Page:
    box: Any  # WeasyPrint's PageBox as make_all_pages gave it
    children: tuple[Any, ...]  # its children then: the margin boxes are added after
    root_children: list[Any]  # the root box's children then: fixed boxes are added after
    reach: int  # the last element (document order) its layout read
    clean: bool  # it started with no footnote moved on and no box broken out of flow
    bookmarks: frozenset[int]  # the elements with a bookmark label on it


@dataclass(slots=True)
class _Tree:
    """One layout's element tree, in document order."""

    elements: list[Any]
    index: dict[Any, int]
    last: list[int]  # each element's last descendant
    parent: list[int]
    styles: dict[Any, dict[str | None, Any]]  # element -> pseudo type -> ComputedStyle


@dataclass(slots=True)
class _Record:
    tree: _Tree
    context: Any  # WeasyPrint's LayoutContext
    pages: list[_Page] = field(default_factory=list)
    passes: int = 0  # make_all_pages calls: more than one is WeasyPrint's own re-pagination
    previous_count: int = 0  # the page count of the layout whose pages it keeps
    page_maker: list[Any] = field(default_factory=list)


@dataclass(slots=True)
class _State:
    previous: _Record | None = None
    current: _Record | None = None
    page: int | None = None  # the page being made, while one is
    reach: int = -1
    clean: bool = True  # the page being made started with no footnote or box carried over
    seed: tuple[list[Any], list[Any]] | None = None  # (page_maker, pages) to resume from
    kept: list[int] = field(default_factory=list)  # pages kept, per layout (for tests)


# Set to "0", every layout of the float pass is whole (the tests compare the two PDFs).
ENV = "DOCBUILD_RELAYOUT"
# The WeasyPrint releases whose internals were read for this (a major release changes them
# without notice): any other lays every page out, and tests/render/test_relayout.py fails
# until the hooks are checked against it and it is added here.
WEASYPRINT_MAJORS = ("70",)


def supported() -> bool:
    """Whether the installed WeasyPrint is one the hooks were written for."""
    import weasyprint  # type: ignore[import-untyped]

    return str(weasyprint.__version__).split(".")[0] in WEASYPRINT_MAJORS


@contextmanager
def resume_layouts(*, enabled: bool | None = None) -> Iterator[list[int]]:
    """Within the block, each WeasyPrint layout keeps the pages of the one before it that
    an edit of the page cannot change; yields how many it kept, per layout. A WeasyPrint
    not in WEASYPRINT_MAJORS, or not shaped as 70 was, is left alone (every layout is then
    whole). `enabled` defaults to the environment (ENV)."""
    state = _State()
    if enabled is None:
        enabled = os.environ.get(ENV, "").strip() != "0"
    if not enabled or not supported():
        yield state.kept
        return
    try:
        modules = {name: importlib.import_module(name) for name, _ in HOOKS}
        block = importlib.import_module("weasyprint.layout.block")
        originals = {(m, n): getattr(modules[m], n) for m, n in HOOKS}
        reached = {n: getattr(block, n) for n in REACHED}
    except (ImportError, AttributeError):
        yield state.kept
        return
    if any(getattr(f, "_docbuild", False) for f in [*originals.values(), *reached.values()]):
        yield state.kept  # already hooked (a nested float pass)
        return
    wrappers = {
        ("weasyprint.document", "layout_document"): _layout_document(state, originals),
        ("weasyprint.layout", "initialize_page_maker"): _initialize(state, originals),
        ("weasyprint.layout", "make_all_pages"): _make_all_pages(state, originals),
        ("weasyprint.layout.page", "remake_page"): _remake_page(state, originals),
    }
    for (module, name), wrapper in wrappers.items():
        setattr(modules[module], name, wrapper)
    for name, original in reached.items():
        setattr(block, name, _reaching(state, original, name))
    try:
        yield state.kept
    finally:
        for (module, name), original in originals.items():
            setattr(modules[module], name, original)
        for name, original in reached.items():
            setattr(block, name, original)


def _marked(function: Callable[..., Any]) -> Callable[..., Any]:
    function._docbuild = True  # type: ignore[attr-defined]
    return function


def _reaching(state: _State, original: Callable[..., Any], name: str) -> Callable[..., Any]:
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]

    sibling = name.startswith("block_level_page_")
    child = name != "block_level_layout"

    @_marked
    def reached(*args: Any, **kwargs: Any) -> Any:
        if state.page is not None and state.current is not None:
            tree = state.current.tree
            if sibling:
                # The breaks and page names read are those of the next sibling's first
                # descendants (block.py's _add_break_values, Box.page_values).
                box = args[1] if len(args) > 1 else kwargs["sibling_after"]
                while isinstance(box, boxes.Box):
                    state.reach = max(state.reach, tree.index.get(box.element, len(tree.last)))
                    box = box.children[0] if getattr(box, "children", None) else None
            else:
                box = _box_argument(args, kwargs, child=child)
                state.reach = max(state.reach, _reach(box, tree, boxes))
        return original(*args, **kwargs)

    return reached


def _box_argument(args: tuple[Any, ...], kwargs: dict[str, Any], *, child: bool) -> Any:
    # block_level_layout(context, box, ...); the three others (context, box, index, child, ...)
    if child:
        return args[3] if len(args) > 3 else kwargs["child"]
    return args[1] if len(args) > 1 else kwargs["box"]


def _reach(box: Any, tree: _Tree, boxes: Any) -> int:
    """The last element a layout of `box` may read: the box's own element when its
    children are blocks and lines (each is reached in its turn), the content of the elements
    of a line's boxes when none is text of the line's own element, else all the element's
    content."""
    number = tree.index.get(box.element)
    if number is None:
        return len(tree.last)  # not an element of this tree: reads anything
    children = getattr(box, "children", None)
    if (
        type(box) is boxes.BlockBox
        and children
        and all(isinstance(c, (boxes.BlockLevelBox, boxes.LineBox)) for c in children)
    ):
        return number
    if (
        isinstance(box, boxes.LineBox)
        and children
        and all(c.element is not box.element for c in children)
    ):
        # A line of only other elements' boxes (the footnote calls of notes that are children
        # of a multi-column box): it reads those elements, and their notes, whole.
        return max(tree.last[tree.index.get(c.element, len(tree.last) - 1)] for c in children)
    return tree.last[number]


def _read_tree(html: Any, context: Any) -> _Tree:
    elements: list[Any] = []
    parent: list[int] = []
    last: list[int] = []

    def visit(element: Any, up: int) -> None:
        number = len(elements)
        elements.append(element)
        parent.append(up)
        last.append(number)
        for child in element:
            visit(child, number)
        last[number] = len(elements) - 1

    visit(html.etree_element, -1)
    styles: dict[Any, dict[str | None, Any]] = {}
    for (element, pseudo), style in context.style_for.get_computed_styles().items():
        styles.setdefault(element, {})[pseudo] = style
    return _Tree(elements, {e: i for i, e in enumerate(elements)}, last, parent, styles)


def first_difference(old: _Tree, new: _Tree) -> int:
    """The first element (document order) that is not the same in both trees, with the
    same parent, attributes, text and cascaded styles; the trees' length if none."""
    for i, (a, b) in enumerate(zip(old.elements, new.elements, strict=False)):
        if (
            a.tag != b.tag
            or a.attrib != b.attrib
            or a.text != b.text
            or a.tail != b.tail
            or old.parent[i] != new.parent[i]
            or not _same_styles(old.styles.get(a, {}), new.styles.get(b, {}))
        ):
            return i
    return min(len(old.elements), len(new.elements))


def _same_styles(a: dict[str | None, Any], b: dict[str | None, Any]) -> bool:
    # A computed style is its cascaded declarations over its parent's computed style; a
    # value without equality (a var() pending) compares unequal, and the pages are laid out.
    return a.keys() == b.keys() and all(a[p].cascaded == b[p].cascaded for p in a)


def _kept_pages(old: _Record, new: _Tree, new_context: Any) -> int:
    """How many of the previous layout's pages the new one can keep."""
    for context in (old.context, new_context):
        for item in context.target_collector.counter_lookup_items.values():
            if set(item.missing_target_counters) - {END_ID}:
                # A page-based reference: a kept page's content may depend on later pages.
                # The last page's number (render/lastpage.py) is the same while the count
                # is, and make_all_pages makes the kept pages showing it again if not.
                return 0
    for pages in old.context.running_elements.values():
        if any(box.is_note() for boxes in pages.values() for box in boxes):
            return 0  # a note's anchor counts every running element before it
    differs = first_difference(old.tree, new)
    # An element holding the first difference whose own box reads its content (a named
    # string, a bookmark label) is not the same box in the new tree.
    up = new.parent[differs] if differs < len(new.parent) else -1
    while up >= 0:
        for style in new.styles.get(new.elements[up], {}).values():
            if "string_set" in style.cascaded or "bookmark_label" in style.cascaded:
                return 0
        up = new.parent[up]
    kept = 0
    while kept < len(old.pages) - 1 and old.pages[kept].reach < differs:
        kept += 1
    # The first page laid out again must start from a state kept whole in page_maker, and
    # share no bookmarked element with a kept page (WeasyPrint labels an element's first).
    while kept > 0:
        first = old.pages[kept]
        marked = frozenset().union(*(p.bookmarks for p in old.pages[:kept]))
        if first.clean and not (marked & first.bookmarks):
            break
        kept -= 1
    return kept


def _layout_document(
    state: _State, originals: dict[tuple[str, str], Callable[..., Any]]
) -> Callable[..., Any]:
    original = originals[("weasyprint.document", "layout_document")]

    @_marked
    def layout_document(html: Any, root_box: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        tree = _read_tree(html, context)
        old = state.previous
        kept = _kept_pages(old, tree, context) if old is not None else 0
        record = _Record(tree, context)
        if old is not None and kept:
            record.pages = old.pages[:kept]
            record.previous_count = len(old.pages)
            from weasyprint.layout.page import (  # type: ignore[import-untyped]
                set_page_type_computed_styles,
            )

            for page in record.pages:
                # As make_all_pages gave them: the margin boxes are made again for this layout.
                page.box.children = page.children
                page.box.children[0].children = list(page.root_children)
                # remake_page gives each page type (one per page number) its styles, which
                # the margin boxes are made from: a kept page is not made again.
                set_page_type_computed_styles(page.box.page_type, html, context.style_for)
            state.seed = (old.page_maker[: kept + 1], [p.box for p in record.pages])
            _carry_over(old.context, context, kept)
        state.kept.append(kept)
        state.current = record
        try:
            yield from original(html, root_box, context, *args, **kwargs)
        finally:
            state.seed = None
            state.page = None
        record.page_maker = list(context.page_maker)
        state.previous = record

    return layout_document


def _carry_over(old: Any, new: Any, kept: int) -> None:
    """What the kept pages' layout left in WeasyPrint's context for the pages after them."""
    # make_page sets the page sizes on page 1, and `vw`-like units of pages read them.
    new.style_for.initial_page_sizes.update(old.style_for.initial_page_sizes)
    # Running elements by page number (from 1): a margin box takes the last one so far.
    for name, pages in old.running_elements.items():
        for number, boxes in pages.items():
            if number <= kept:
                new.running_elements[name][number] = list(boxes)
    # The footnotes the kept pages laid out stay in `new.footnotes`: WeasyPrint only asks
    # whether the footnotes of the lines it lays out are in it, and none of those is.


def _initialize(
    state: _State, originals: dict[tuple[str, str], Callable[..., Any]]
) -> Callable[..., Any]:
    original = originals[("weasyprint.layout", "initialize_page_maker")]

    @_marked
    def initialize_page_maker(context: Any, root_box: Any) -> None:
        original(context, root_box)
        if state.seed is None:
            return
        entries = []
        for number, (resume_at, next_page, right_page, page_state, _) in enumerate(state.seed[0]):
            page_state = copy.deepcopy(page_state)
            # The total WeasyPrint writes into every entry after a pass; in a first pass it
            # is still the initial one (nothing here reads it: page-based counters fall back).
            page_state[1]["pages"] = [0]
            remake = {
                "content_changed": number == len(state.seed[0]) - 1,  # made again from here
                "pages_wanted": False,
                "anchors": [],
                "content_lookups": [],
            }
            entries.append((resume_at, copy.deepcopy(next_page), right_page, page_state, remake))
        entries[0] = (*context.page_maker[0][:4], entries[0][4])
        context.page_maker = entries

    return initialize_page_maker


def _make_all_pages(
    state: _State, originals: dict[tuple[str, str], Callable[..., Any]]
) -> Callable[..., Any]:
    original = originals[("weasyprint.layout", "make_all_pages")]

    @_marked
    def make_all_pages(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Any:
        record = state.current
        first = record is not None and record.passes == 0
        if record is not None:
            record.passes += 1
        seeded = first and state.seed is not None and not pages
        if seeded:
            pages = state.seed[1]  # type: ignore[index]
        before = list(pages)
        read = list(record.pages) if record is not None else []
        made: list[_Page] = []
        for number, page in enumerate(original(context, root_box, html, pages)):
            if record is not None:
                if number < min(len(before), len(read)) and page is before[number]:
                    made.append(read[number])  # not made again in this pass: as it was read
                else:
                    made.append(_read_page(page, record.tree, state.reach, state.clean))
            yield page
        if record is None:
            return
        record.pages = made
        if seeded and len(made) != record.previous_count:
            # The last page's number changed: the kept pages that print it are made again
            # in a second pass, as WeasyPrint makes those of a whole layout.
            for number, page in enumerate(made[: len(before)]):
                if any(box.missing_link for box in page.box.descendants()):
                    context.page_maker[number][-1]["content_changed"] = True

    return make_all_pages


def _read_page(page: Any, tree: _Tree, reach: int, clean: bool) -> _Page:
    marked = frozenset(
        tree.index.get(box.element, -1) for box in page.descendants() if box.bookmark_label
    )
    return _Page(page, tuple(page.children), list(page.children[0].children), reach, clean, marked)


def _remake_page(
    state: _State, originals: dict[tuple[str, str], Callable[..., Any]]
) -> Callable[..., Any]:
    original = originals[("weasyprint.layout.page", "remake_page")]

    @_marked
    def remake_page(index: int, context: Any, root_box: Any, html: Any) -> Any:
        state.page = index
        state.reach = -1
        state.clean = not context.reported_footnotes and not context.broken_out_of_flow
        try:
            return original(index, context, root_box, html)
        finally:
            state.page = None

    return remake_page
