"""Small reusable widgets: big buttons, tiles, text, warning box, tick rows, progress dots.

Drawing and layout are in ``widgets.kv``; here only the properties and behaviour.
"""

from __future__ import annotations

import math

from kivy.animation import Animation
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Mesh
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    NumericProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.ui import kv, rtl
from kiosk.ui.theme import THEME
from kiosk.ui.widgets.words import Mirrored, Words, block_height, line_width

ROLE_NAMES = ("primary", "secondary", "help", "tile", "selected", "warning", "leave")
PULSE_LOW = 0.35
PULSE_SECONDS = 1.2


class BodyText(Words):
    """Flow text: wraps to its width and grows to its height; markup is never interpreted."""


class TitleText(BodyText):
    """A step or screen title."""


class SmallText(BodyText):
    """Secondary text (captions, step counter): never below 24 px."""


def widest_word(text: str, font_size: float, bold: bool = True) -> float:
    """Width in pixels of the widest word of ``text`` (0 for no word), as Kivy draws it."""
    widest = 0.0
    for word in text.split():
        widest = max(widest, line_width(word, font_size, bold))
    return widest


def line_count(text: str, font_size: float, width: float, bold: bool = True) -> int:
    """How many lines ``text`` takes at ``width``, wrapped between words."""
    return len(rtl.wrap(text, width, lambda line: line_width(line, font_size, bold)))


def text_height(text: str, font_size: float, width: float, bold: bool) -> float:
    """Height of ``text`` wrapped at ``width`` as a Kivy Label draws it (right-to-left text
    as the text layer draws it)."""
    if not text:
        return 0.0
    if rtl.has_rtl(text):
        return block_height(text, font_size, width, bold)
    label = CoreLabel(text=text, font_size=font_size, bold=bold, text_size=(width, None),
                      halign="center")
    label.refresh()
    return float(label.texture.height) if label.texture else 0.0




def words_fit(text: str, font_size: float, width: float, bold: bool = True) -> bool:
    """True when no word of ``text`` is wider than ``width``: wrapped at ``width``, the text
    breaks between words only, never inside one."""
    return width > 0 and widest_word(text, font_size, bold) <= width


class BigButton(ButtonBehavior, Mirrored, BoxLayout):
    """A touch target of at least 16 mm, with an optional pictogram and wrapped text.

    Its words are never cut inside themselves: when a word of ``text`` is wider than the
    button, it shows ``short_text`` (when given and its words fit), else its pictogram alone
    (``text_hidden``: whoever shows it reads ``text`` aloud on a touch, as the top bar does).
    """

    text = StringProperty("")
    """The words on the button (and what is read aloud when only the pictogram shows)."""

    short_text = StringProperty("")
    """Optional shorter words, shown when a word of ``text`` does not fit the button."""

    shown_text = StringProperty("")
    """What the button shows now: ``text``, ``short_text`` or nothing (read only)."""

    text_hidden = BooleanProperty(False)
    """True while the button shows its pictogram alone (read only)."""

    icon = StringProperty("")
    """Path of a white pictogram, tinted with the text colour; empty for none."""

    mirror_icon = BooleanProperty(False)
    """Draw the pictogram turned around (an arrow on a mirrored screen)."""

    role = OptionProperty("primary", options=ROLE_NAMES)
    """Which pair of theme colours the button uses."""

    background = ColorProperty()
    """Its colour now: the role's background (or the disabled one), bound to the theme."""

    foreground = ColorProperty()
    """Its text, outline and pictogram colour now, bound to the theme like ``background``."""

    busy = BooleanProperty(False)
    """Shows that something is going on (e.g. speech playing): thick outline, pulsing icon."""

    pulse = NumericProperty(1.0)
    """Opacity of the pictogram while busy, animated between 1 and ``PULSE_LOW``."""

    font_px = NumericProperty(0)
    """Text size in pixels; 0 means the theme's button text size."""

    natural_height = NumericProperty(0)
    """The height its pictogram and text need (at least a touch target)."""

    most_lines = NumericProperty(0)
    """When not 0, ``text`` on more lines than this shows ``short_text`` instead (the top
    bar: a long « J'ai besoin d'aide » in another language must not make the bar taller
    and push a practice keyboard below the screen)."""

    def on_kv_post(self, base_widget: object) -> None:
        self.ids.label.bind(font_size=self._choose_words)
        self.ids.image.bind(width=self._choose_words)
        self.bind(text=self._choose_words, short_text=self._choose_words,
                  icon=self._choose_words, width=self._choose_words,
                  padding=self._choose_words, orientation=self._choose_words,
                  most_lines=self._choose_words)
        self._choose_words()

    def text_width(self) -> float:
        """The width the words have: the button's, less its padding (and its pictogram
        beside the words when it lies horizontally)."""
        left, _top, right, _bottom = self.padding
        width = self.width - left - right
        if self.orientation == "horizontal" and self.icon:
            width -= self.ids.image.width + self.spacing
        return width

    def _fits(self, text: str, size: float, width: float) -> bool:
        return words_fit(text, size, width) and \
            (not self.most_lines or line_count(text, size, width) <= self.most_lines)

    def _choose_words(self, *_args: object) -> None:
        width, size = self.text_width(), self.ids.label.font_size
        if not self.text or width <= 1 or self._fits(self.text, size, width):
            shown = self.text  # (not laid out yet: the full words, chosen again once it is)
        elif self.short_text and self._fits(self.short_text, size, width):
            shown = self.short_text
        elif self.icon:
            shown = ""
        else:
            shown = self.short_text or self.text  # nothing shorter to show: the best there is
        self.shown_text = shown
        self.text_hidden = not shown and bool(self.text)

    def on_busy(self, _button: object, busy: bool) -> None:
        Animation.cancel_all(self, "pulse")
        self.pulse = 1.0
        if busy:
            beat = Animation(pulse=PULSE_LOW, duration=PULSE_SECONDS / 2) + \
                Animation(pulse=1.0, duration=PULSE_SECONDS / 2)
            beat.repeat = True
            beat.start(self)


class Tile(ButtonBehavior, BoxLayout):
    """A procedure on the home screen: pictogram, short title and theme."""

    flow_id = StringProperty("")
    text = StringProperty("")
    caption = StringProperty("")
    icon = StringProperty("")


class CheckRow(ButtonBehavior, Mirrored, BoxLayout):
    """One thing of a checklist, with a big tick box."""

    text = StringProperty("")
    checked = BooleanProperty(False)
    index = NumericProperty(0)


class WarningBox(Mirrored, BoxLayout):
    """A warning set apart from the text (e.g. "never give your password")."""

    text = StringProperty("")


class ProgressDots(Widget):
    """One dot per step announced; the current one and those before are filled.

    Every dot is in one of three meshes (filled discs, empty discs, rings), made once and
    updated in place: three vertex buffers whatever the number of steps. With software
    rendering (Mesa llvmpipe) each vertex buffer drawn costs about 60 KiB of memory; one
    ellipse and one ring a dot, made anew at each step, were 52 buffers for 26 steps."""

    number = NumericProperty(1)
    total = NumericProperty(1)
    mirrored = BooleanProperty(False)
    """The first dot at the right (a right-to-left language)."""

    def on_kv_post(self, base_widget: object) -> None:
        theme = THEME
        with self.canvas.after:
            self._filled_colour = Color()
            self._filled = Mesh(mode="triangles")
            self._empty_colour = Color()
            self._empty = Mesh(mode="triangles")
            self._ring_colour = Color()
            self._rings = Mesh(mode="triangles")
        self.bind(number=self.redraw, total=self.redraw, pos=self.redraw, size=self.redraw,
                  mirrored=self.redraw)
        theme.bind(high_contrast=self.redraw)
        self.redraw()

    def redraw(self, *_args: object) -> None:
        theme = THEME
        total = max(1, int(self.total))
        radius = max(6.0, min(self.height * 0.35, self.width / total * 0.35))
        step = self.width / total
        circle = unit_circle(dot_segments(radius))  # the same sides for every dot
        filled: tuple[list[float], list[int]] = ([], [])
        empty: tuple[list[float], list[int]] = ([], [])
        rings: tuple[list[float], list[int]] = ([], [])
        for index in range(total):
            along = step * (index + 0.5)
            x = self.x + self.width - along if self.mirrored else self.x + along
            y = self.center_y
            add_disc(filled if index < self.number else empty, x, y, radius, circle)
            add_ring(rings, x, y, (radius - RING_HALF_WIDTH, radius + RING_HALF_WIDTH), circle)
        self._filled_colour.rgba = theme.screen_fg if theme.high_contrast else theme.primary_bg
        self._empty_colour.rgba = theme.screen_bg
        self._ring_colour.rgba = theme.screen_fg
        for mesh, (vertices, indices) in ((self._filled, filled), (self._empty, empty),
                                          (self._rings, rings)):
            mesh.vertices, mesh.indices = vertices, indices


RING_HALF_WIDTH = 1.5
"""Half the thickness of a dot's outline, in pixels (as ``Line(width=1.5)``)."""


def dot_segments(radius: float) -> int:
    """Sides of the polygon drawn for a dot: smooth at any size, few vertices when small."""
    return max(16, min(96, int(radius * 2)))


def unit_circle(segments: int) -> list[tuple[float, float]]:
    """(cos, sin) of the corners of a regular polygon of ``segments`` sides, from angle 0."""
    return [(math.cos(2 * math.pi * side / segments), math.sin(2 * math.pi * side / segments))
            for side in range(segments)]


def add_disc(mesh: tuple[list[float], list[int]], x: float, y: float, radius: float,
             circle: list[tuple[float, float]]) -> None:
    """A filled disc as a fan of triangles, appended to (vertices, indices); ``circle`` from
    :func:`unit_circle`."""
    vertices, indices = mesh
    centre = len(vertices) // 4
    segments = len(circle)
    vertices.extend((x, y, 0.0, 0.0))
    for side, (cos, sin) in enumerate(circle):
        vertices.extend((x + radius * cos, y + radius * sin, 0.0, 0.0))
        indices.extend((centre, centre + 1 + side, centre + 1 + (side + 1) % segments))


def add_ring(mesh: tuple[list[float], list[int]], x: float, y: float,
             radii: tuple[float, float], circle: list[tuple[float, float]]) -> None:
    """A ring between two radii (inner, outer) as a strip of triangles, appended to
    (vertices, indices); ``circle`` from :func:`unit_circle`."""
    vertices, indices = mesh
    inner, outer = radii
    first = len(vertices) // 4
    segments = len(circle)
    for side, (cos, sin) in enumerate(circle):
        vertices.extend((x + inner * cos, y + inner * sin, 0.0, 0.0,
                         x + outer * cos, y + outer * sin, 0.0, 0.0))
        here, there = first + 2 * side, first + 2 * ((side + 1) % segments)
        indices.extend((here, here + 1, there + 1, here, there + 1, there))


kv.load_beside(__file__)
