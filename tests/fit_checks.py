"""Geometry checks on a rendered widget tree: what a person sees, not what a box contains.

Used by the render tests (``test_ui_fit.py``) on the reference screens. Every check returns a
list of French-free, developer-readable problems (empty when all is well), so one test can
report every fault of a screen at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fit_lines import line_report
from kivy.core.text import Label as CoreLabel
from kivy.core.window import Window

from kiosk.ui.theme.metrics import REFERENCE_SCREENS  # noqa: F401 - the tests' reference

TARGET_MM = 16.0
GAP_PX = 24
PICTOGRAM_MM = 12.0
EPSILON = 0.5  # pixels: rounding of Kivy's layouts


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def inside(self, other: Rect) -> bool:
        return (self.x0 >= other.x0 - EPSILON and self.y0 >= other.y0 - EPSILON
                and self.x1 <= other.x1 + EPSILON and self.y1 <= other.y1 + EPSILON)

    def gap_to(self, other: Rect) -> float:
        """Shortest distance between the two rectangles (0 when they touch or overlap)."""
        dx = max(other.x0 - self.x1, self.x0 - other.x1, 0.0)
        dy = max(other.y0 - self.y1, self.y0 - other.y1, 0.0)
        return max(dx, dy) if dx == 0 or dy == 0 else (dx * dx + dy * dy) ** 0.5


def window_rect(widget) -> Rect:  # type: ignore[no-untyped-def]
    """The widget's box in window coordinates."""
    x, y = widget.to_window(widget.x, widget.y)
    return Rect(x, y, x + widget.width, y + widget.height)


def visible_rect() -> Rect:
    """The part of the window a person sees."""
    return Rect(0, 0, Window.width, Window.height)


def mm(pixels: float, px_per_mm: float) -> float:
    return pixels / px_per_mm


def check_target(name: str, widget, px_per_mm: float) -> list[str]:  # type: ignore[no-untyped-def]
    """``widget`` lies fully on screen and both its sides are at least 16 mm."""
    box, screen = window_rect(widget), visible_rect()
    problems = []
    if not box.inside(screen):
        problems.append(f"{name}: {box} is not inside the visible screen {screen}")
    smallest = min(box.width, box.height)
    if mm(smallest, px_per_mm) < TARGET_MM - 0.05:
        problems.append(f"{name}: {mm(smallest, px_per_mm):.1f} mm < {TARGET_MM} mm")
    return problems


def check_gaps(named: Iterable[tuple[str, object]], gap: float = GAP_PX) -> list[str]:
    """Every two targets are at least ``gap`` pixels apart."""
    items = [(name, window_rect(widget)) for name, widget in named]
    problems = []
    for index, (name, box) in enumerate(items):
        for other_name, other in items[index + 1:]:
            distance = box.gap_to(other)
            if distance < gap - EPSILON:
                problems.append(f"{name} and {other_name}: {distance:.0f} px apart < {gap}")
    return problems


def words_fit(text: str, font_size: float, width: float, bold: bool = True,
              font_name: str = "Roboto") -> list[str]:
    """Words of ``text`` wider than ``width`` at ``font_size``: Kivy would cut them inside."""
    wide = []
    for word in text.split():
        w, _h = CoreLabel(text=word, font_size=font_size, bold=bold,
                          font_name=font_name).get_extents(word)
        if w > width + EPSILON:
            wide.append(word)
    return wide


def check_unbroken_words(name: str, label) -> list[str]:  # type: ignore[no-untyped-def]
    """No line of ``label`` ends or starts inside a word of its text, and it shows all its
    words (no line cut short by a ``shorten`` or a box too small)."""
    text = label.text
    if not text.strip() or label.opacity <= 0:
        return []
    report = line_report(label)  # its lines, read through Kivy's public refs
    problems = []
    if not report.trusted:
        problems.append(f"{name}: its lines could not be checked: cut in the copy "
                        f"{list(report.cut)}, wider than the line {list(report.wider)}")
    if report.cut:
        problems.append(f"{name}: words cut across lines: {list(report.cut)}")
    if report.missing:
        problems.append(f"{name}: words not shown: {list(report.missing)}")
    usable = (label.text_size[0] or label.width) if label.text_size else label.width
    for word in words_fit(text, label.font_size, usable, bool(label.bold), label.font_name):
        problems.append(f"{name}: the word {word!r} is wider than its label ({usable:.0f} px)")
    if label.texture_size[1] > label.height + 1:
        problems.append(f"{name}: text {label.texture_size[1]:.0f} px high in a "
                        f"{label.height:.0f} px box")
    box = window_rect(label)
    if not box.inside(visible_rect()):
        problems.append(f"{name}: {box} is not inside the visible screen")
    return problems
