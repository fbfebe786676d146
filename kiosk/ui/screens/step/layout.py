"""How one step fills the step area with nothing to scroll.

A builder sorts the step's widgets into :class:`Blocks`: the title, what is read
(explanations, warnings: they may be split into pages), what the visitor acts on or must see
to act (answers, checklist items, the QR code, the typed field: always together, on the last
page) and a picture. :func:`plan` measures them at the area's real width and decides:

- picture beside the text in landscape, above it in portrait; the picture shrinks first
  (narrower column, then none) so that the whole step fits one page, never the answers;
- answers and checklist items in two or three columns when one does not fit (never
  narrower than their longest word);
- explanations too long for one screen become pages (« 1 / 2 », « Lire la suite »).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kivy.core.text import Label as CoreLabel
from kivy.uix.label import Label
from kivy.uix.layout import Layout
from kivy.uix.widget import Widget

from kiosk.ui import rtl
from kiosk.ui.theme import THEME
from kiosk.ui.widgets.words import line_width

PICTURE_MIN_MM = 22.0
"""Below this height (or width) a picture is not worth showing: it is left out."""
PICTURE_COLUMNS = (0.36, 0.26)
"""Widths of the picture column in landscape, as a share of the area, tried in order."""


@dataclass
class Blocks:
    title: Widget | None
    reads: list[Widget] = field(default_factory=list)
    acts: list[Widget] = field(default_factory=list)
    picture: Widget | None = None
    grid: bool = False
    """All the acts may go in columns (answers, checklist items)."""
    gridded: list[Widget] = field(default_factory=list)
    """A run of the acts that may go in columns (the messages of a « spot the fake »)."""

    def split_acts(self) -> tuple[list[Widget], list[Widget], list[Widget]]:
        """The acts before the run that may go in columns, that run, and those after it."""
        run = self.acts if self.grid else [w for w in self.acts if w in self.gridded]
        if not run:
            return list(self.acts), [], []
        start = self.acts.index(run[0])
        return self.acts[:start], run, self.acts[start + len(run):]
    picture_required: bool = False
    """The picture is needed to act (the drawn phone with the code): shown however small."""


@dataclass
class Plan:
    pages: list[list[Widget]]
    """The read widgets of each page; the acts go on the last one."""
    columns: int
    picture_width: float
    """Width of the picture column in landscape (0: picture above the text, or none)."""
    picture_page: int | None
    """Page on which the picture shows (None: not shown)."""
    picture_height: float
    fits: bool
    """False when a page of acts alone is taller than the area (the validator refuses
    such steps; shown anyway, cut at the bottom)."""
    acts: list[list[Widget]] = field(default_factory=list)
    """The acts shown on each page: all on the last one, or, when there are too many for
    one screen, spread over the last pages a row at a time."""
    spacers: list[bool] = field(default_factory=list)
    """For each page, whether it has room for an empty widget (and its gap) between what is
    read and what is acted on: a full page has none."""


def walk(widget: Widget):  # type: ignore[no-untyped-def]
    yield widget
    for child in reversed(widget.children):
        yield from walk(child)


def _shape(widget: Widget) -> list[tuple]:
    """Every size a pass of :func:`measure` reads or sets, inside ``widget``."""
    return [(tuple(node.size), tuple(node.text_size), tuple(node.texture_size))
            if isinstance(node, Label) else tuple(node.size) for node in walk(widget)]


def measure(widget: Widget, width: float) -> float:
    """The height ``widget`` takes at ``width``, now (labels rendered, layouts done).

    Up to three passes (a label's new height moves its layout, which may give another label
    a new width); a pass that changed no size at all ends it, as the next would do the
    same again."""
    widget.width = width
    shape = _shape(widget)
    for _ in range(3):
        for node in walk(widget):
            if isinstance(node, Layout):
                node.do_layout()
            if isinstance(node, Label):
                node.texture_update()
        shape, before = _shape(widget), shape
        if shape == before:
            break
    return float(widget.height)


class Measures:
    """What one :func:`plan` has measured: each widget once per width.

    A plan tries several arrangements (picture column widths, one to three columns) and
    measures the same widgets at the same widths again and again; rendering their labels
    is nearly all of its time. Within one plan nothing a height depends on can change (the
    widgets, their texts, font sizes and the theme: the plan runs start to end on the
    interface's thread, with no frame in between), so the widget and the width are the
    whole key. A new plan (another step, a text size or contrast change, a resize) starts
    with an empty one. The widgets are held while it lives, so no key is ever reused.
    """

    def __init__(self) -> None:
        self._heights: dict[tuple[Widget, float], float] = {}
        self._cuts: dict[tuple[Widget, float], bool] = {}
        self._laid_at: dict[Widget, float] = {}
        self.done = 0
        """Widgets really measured (the rest came from here)."""

    def height(self, widget: Widget, width: float) -> float:
        key = (widget, width)
        found = self._heights.get(key)
        if found is None:
            found = self._heights[key] = measure(widget, width)
            self._laid_at[widget] = width
            self.done += 1
        return found

    def known(self, widget: Widget, width: float, height: float) -> None:
        """``widget`` was just measured at ``width`` elsewhere: ``height``."""
        self._heights[(widget, width)] = height
        self._laid_at[widget] = width

    def cuts_a_word(self, widget: Widget, width: float) -> bool:
        """:func:`cuts_a_word` for ``widget`` laid out at ``width``."""
        key = (widget, width)
        found = self._cuts.get(key)
        if found is None:
            if self._laid_at.get(widget) != width:  # laid out at another width since
                self._heights[key] = measure(widget, width)
                self._laid_at[widget] = width
                self.done += 1
            found = self._cuts[key] = cuts_a_word(widget)
        return found


def _heading(widget: Widget) -> bool:
    """A line that announces what follows (« À apporter : »)."""
    return isinstance(widget, Label) and widget.text.rstrip().endswith(":")


def stack_height(heights: list[float], gap: float) -> float:
    return sum(heights) + gap * max(0, len(heights) - 1)


def grid_height(widgets: list[Widget], width: float, columns: int, gap: float,
                measures: Measures | None = None) -> float:
    """Height of ``widgets`` in ``columns``; infinite when a word of theirs would be cut."""
    measures = measures or Measures()
    if columns == 1:
        return stack_height([measures.height(w, width) for w in widgets], gap)
    cell = (width - gap * (columns - 1)) / columns
    rows = [widgets[i:i + columns] for i in range(0, len(widgets), columns)]
    heights = [max(measures.height(w, cell) for w in row) for row in rows]
    if any(measures.cuts_a_word(w, cell) for w in widgets):
        return float("inf")
    return stack_height(heights, gap)


def cuts_a_word(widget: Widget) -> bool:
    """True when a label inside ``widget``, as measured, is narrower than one of its words."""
    for node in walk(widget):
        if isinstance(node, Label) and node.text and node.text_size[0]:
            if word_cut(node.text, node.font_size, node.text_size[0], bool(node.bold)):
                return True
    return False


def wrap(text: str, font_size: float, width: float, bold: bool = False) -> list[str]:
    """The lines Kivy makes of ``text`` at ``width``: words kept whole, split at spaces;
    right-to-left text as the text layer wraps it (kiosk/ui/widgets/words.py)."""
    if rtl.has_rtl(text):
        return rtl.wrap(text, width, lambda line: line_width(line, font_size, bold))
    label = CoreLabel(font_size=font_size, bold=bold)
    return rtl.wrap(text, width, lambda line: label.get_extents(line)[0])


def word_cut(text: str, font_size: float, width: float, bold: bool = False) -> str | None:
    """The first word of ``text`` wider than ``width`` (Kivy would cut it), else None."""
    for word in text.split():
        if line_width(word, font_size, bold) > width + 1:
            return word
    return None


def split_text(widget: Label, width: float, room: float) -> list[tuple[Label, float]]:
    """``widget`` (a text block) cut between lines into pieces no taller than ``room``,
    each with its height at ``width``."""
    lines = wrap(widget.text, widget.font_size, width, bool(widget.bold))
    pieces: list[tuple[Label, float]] = []
    start = 0
    while start < len(lines):
        end = len(lines)
        while True:
            piece = type(widget)(text="\n".join(lines[start:end]), bold=widget.bold)
            height = measure(piece, width)
            if height <= room or end == start + 1:
                break
            end -= 1
        pieces.append((piece, height))
        start = end
    return pieces


def plan(blocks: Blocks, width: float, height: float, landscape: bool,
         more_height: float) -> Plan:
    """Where every block goes in an area of ``width`` x ``height``."""
    gap = float(THEME.gap)
    full_height = height
    # A page with room to spare has an empty widget between what is read and what is acted
    # on (the acts sit at the bottom, near « Suivant »); a full page has none (see
    # StepScreen.show_page), so that widget's gap takes no room from the blocks.
    smallest = PICTURE_MIN_MM * float(THEME.px_per_mm)
    before, run, after = blocks.split_acts()
    columns_tried = tuple(range(1, min(3, len(run)) + 1)) if run else (1,)
    measures = Measures()

    def acts_height(text_width: float, columns: int) -> float:
        heights = [measures.height(w, text_width) for w in before]
        if run:
            heights.append(grid_height(run, text_width, columns, gap, measures))
        heights += [measures.height(w, text_width) for w in after]
        return stack_height(heights, gap)

    sides: tuple[float, ...] = (0.0,)
    if blocks.picture is not None and landscape:
        sides = tuple(share * width for share in PICTURE_COLUMNS) + \
            (() if blocks.picture_required else (0.0,))
    def whole_step(side: float) -> tuple[float, int, float, float] | None:
        """The arrangement with this picture column where the whole step (title, what is
        read, what is acted on) fits one page, if there is one."""
        text_width = width - side - gap if side else width
        title_h = measures.height(blocks.title, text_width) if blocks.title is not None else 0.0
        reads_h = [measures.height(w, text_width) for w in blocks.reads]
        for columns in columns_tried:
            acts_h = acts_height(text_width, columns) if blocks.acts else 0.0
            if stack_height([h for h in (title_h, *reads_h, acts_h) if h], gap) <= height:
                return side, columns, title_h, acts_h
        return None

    # The picture shrinks first, never what is read or acted on: the widest picture column
    # with which the whole step fits one page. When there is none, the first arrangement
    # whose last page (title and acts) fits, trying the widest picture and one column
    # first; when none fits, the one whose last page is the shortest.
    choice: tuple[float, int, float, float] | None = None
    for side in sides:
        choice = whole_step(side)
        if choice is not None:
            break
    def tallest_row(text_width: float, columns: int) -> float:
        """The tallest of what goes on a page of its own when the acts take pages."""
        cell = (text_width - gap * (columns - 1)) / columns if columns > 1 else text_width
        rows = [measure(w, text_width) for w in (*before, *after)]
        rows += [max(measure(w, cell) for w in run[i:i + columns])
                 for i in range(0, len(run), columns)]
        return max(rows, default=0.0)

    # Columns whose rows are each too tall for a page (a long line wrapped in a narrow
    # column) are taken only when nothing else is left: fewer columns on more pages is better
    # than a row cut at the bottom.
    shortest = 0.0 if choice is not None else float("inf")
    fallback: tuple[float, int, float, float] | None = None
    for side in sides if choice is None else ():
        text_width = width - side - gap if side else width
        title_h = measures.height(blocks.title, text_width) if blocks.title is not None else 0.0
        for columns in columns_tried:
            acts_h = acts_height(text_width, columns) if blocks.acts else 0.0
            last = stack_height([h for h in (title_h, acts_h) if h], gap)
            fallback = fallback or (side, columns, title_h, acts_h)
            if last > height and run and \
                    tallest_row(text_width, columns) > height - title_h - gap:
                continue
            if last < shortest:
                choice, shortest = (side, columns, title_h, acts_h), last
            if last <= height:
                choice = (side, columns, title_h, acts_h)
                break
        if shortest <= height:
            break
    choice = choice or fallback
    assert choice is not None
    side, columns, title_h, acts_h = choice
    text_width = width - side - gap if side else width
    fixed = [h for h in (title_h,) if h]
    # Too many answers or items for one screen even in columns: they go on pages of their
    # own, whole rows at a time, after the explanation (each page with the step's title).
    acts_pages: list[list[Widget]] = [list(blocks.acts)]
    acts_heights = [acts_h]
    reads = list(blocks.reads)
    if acts_h and stack_height(fixed + [acts_h], gap) > height and run:
        # An instruction before the run (« Touchez le message de votre choix. ») is read
        # after the explanation rather than alone on a page of its own.
        while before and isinstance(before[0], Label):
            reads.append(before.pop(0))
        cell = (text_width - gap * (columns - 1)) / columns
        units = [([w], measures.height(w, text_width)) for w in before]
        for i in range(0, len(run), columns):
            row = run[i:i + columns]
            units.append((row, max(measures.height(w, cell if columns > 1 else text_width)
                                   for w in row)))
        units += [([w], measures.height(w, text_width)) for w in after]
        room = height - (title_h + gap if title_h else 0)
        acts_pages, acts_heights = [], []
        current: list[Widget] = []
        used = 0.0
        for widgets, h in units:
            extra = h + (gap if current else 0)
            if current and used + extra > room:
                acts_pages.append(current)
                acts_heights.append(used)
                current, used, extra = [], 0.0, h
            current += widgets
            used += extra
        acts_pages.append(current)
        acts_heights.append(used)
        acts_h = acts_heights[-1]
    room_last = height - stack_height(fixed + ([acts_h] if acts_h else []), gap) - \
        (gap if fixed or acts_h else 0)
    room_mid = height - stack_height(fixed + [more_height], gap) - gap
    pieces: list[Widget] = []
    read_heights: list[float] = []
    for widget in reads:
        h = measures.height(widget, text_width)
        if h > room_mid and isinstance(widget, Label) and room_mid > 0:
            for piece, piece_height in split_text(widget, text_width, room_mid):
                measures.known(piece, text_width, piece_height)
                pieces.append(piece)
                read_heights.append(piece_height)
        else:
            pieces.append(widget)
            read_heights.append(h)
    pages: list[list[Widget]] = []
    if len(acts_pages) > 1:
        room_last = room_mid  # the acts have pages of their own
    if stack_height(read_heights, gap) <= room_last and len(acts_pages) == 1:
        pages.append(pieces)
    else:
        current = []
        used = 0.0
        heights_of = dict(zip(map(id, pieces), read_heights, strict=True))
        for piece, h in zip(pieces, read_heights, strict=True):
            extra = h + (gap if current else 0)
            if current and used + extra > room_mid:
                # A heading (« À apporter : ») never ends a page: it goes with what follows.
                carried = [current.pop()] if len(current) > 1 and _heading(current[-1]) \
                    else []
                pages.append(current)
                current = carried
                used = sum(heights_of[id(w)] + gap for w in carried)
                extra = h
            current.append(piece)
            used += extra
        if len(acts_pages) > 1:
            if current:
                pages.append(current)
            pages.extend([] for _ in acts_pages)
        elif used <= room_last:
            pages.append(current)
        else:
            pages.extend([current, []])
    acts_on = [[] for _ in pages[:-len(acts_pages)]] + acts_pages
    heights_on = [0.0 for _ in pages[:-len(acts_pages)]] + acts_heights
    fits = all(stack_height(fixed + ([h] if h else []), gap) <= height for h in heights_on)
    picture_page: int | None = None
    picture_height = 0.0
    if blocks.picture is not None:
        if side:
            picture_page, picture_height = -1, full_height  # -1: every page, beside the text
        else:
            for index, page in enumerate(pages):
                last = index == len(pages) - 1
                used = stack_height(fixed + [measures.height(w, text_width) for w in page] +
                                    ([heights_on[index]] if heights_on[index] else []) +
                                    ([] if last else [more_height]), gap)
                left = height - used - gap
                if left >= smallest or (blocks.picture_required and last):
                    picture_page, picture_height = index, max(0.0, left)
                    break
    spacers = []
    for index, page in enumerate(pages):
        heights = fixed + [measures.height(w, text_width) for w in page] + \
            ([heights_on[index]] if heights_on[index] else [])
        if picture_page == index and not side:
            heights.append(picture_height)
        spacers.append(stack_height(heights, gap) + gap <= height)
    return Plan(pages, columns, side, picture_page, picture_height, fits, acts_on, spacers)
