"""Bar charts drawn on the Kivy canvas, for the counsellor's space.

Counsellors would rather look than read: every figure that has a shape (use by hour,
by day, by CRA theme, how far people go in a procedure) is a bar chart. Colours and
sizes come from the theme: bars in the primary colour, the one bar to notice in the
help colour, text in the screen's text colour on the screen's background (7:1 in both
palettes). Texts are drawn from core labels, one line each, and never cut inside a word: a
long row label wraps between words (the row grows), its column widens to its longest word,
and columns whose labels or numbers would not fit are drawn as rows.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Line, Rectangle
from kivy.properties import BooleanProperty, ListProperty, NumericProperty
from kivy.uix.widget import Widget

from kiosk.ui.theme import THEME


def _text(text: str, size: float, bold: bool = False):  # type: ignore[no-untyped-def]
    """A rendered one-line text texture, whole."""
    label = CoreLabel(text=text, font_size=size, bold=bold)
    label.refresh()
    return label.texture


def text_width(text: str, size: float, bold: bool = False) -> float:
    return float(CoreLabel(font_size=size, bold=bold).get_extents(text)[0])


def wrap_words(text: str, size: float, width: float, bold: bool = False) -> list[str] | None:
    """``text`` in lines of whole words, each at most ``width`` pixels wide; None when one
    word alone is wider (it would have to be cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if text_width(word, size, bold) > width:
            return None
        candidate = f"{current} {word}" if current else word
        if not current or text_width(candidate, size, bold) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


class BarChart(Widget):
    """Bars with a label under (columns) or before (rows) each, and the value by each bar."""

    values = ListProperty([])
    """One number per bar."""

    labels = ListProperty([])
    """One short text per bar (an hour, a day, a step)."""

    notes = ListProperty([])
    """Optional text shown by each bar instead of its value (e.g. "759 (27 %)", or "s" for
    a hidden count, whose value is 0)."""

    highlight = NumericProperty(-1)
    """Index of the bar to notice (drawn in the help colour), -1 for none."""

    rows = BooleanProperty(False)
    """True: one horizontal bar per row, labels on the left (long labels, funnels). Columns
    whose numbers would not fit above the bars are drawn as rows too."""

    label_every = NumericProperty(1)
    """Columns only: write one label in this many (hours: every 2)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.size_hint_y = None
        self._textures: dict[tuple, object] = {}
        self.drawn: list[tuple[str, tuple[float, float, float, float]]] = []
        """Every text line drawn at the last redraw, with its box (x, y, width, height) in
        the chart's parent's coordinates: what a person reads (tests check no word is cut)."""
        self._later = Clock.create_trigger(self.redraw)  # one drawing per frame at most
        self.bind(values=self._later, labels=self._later, notes=self._later,
                  highlight=self._later, rows=self._later, pos=self._later, size=self._later)
        theme = THEME
        # A bound method (held weakly by the theme), never the trigger itself (held strongly).
        theme.bind(high_contrast=self._theme_changed, body=self._theme_changed)
        self._later()

    def _theme_changed(self, *_args: object) -> None:
        self._later()

    def release(self) -> None:
        """Stop following the theme (call when the chart is thrown away)."""
        self.theme.unbind(high_contrast=self._theme_changed, body=self._theme_changed)
        self._later.cancel()
        self._textures.clear()

    @property
    def theme(self):  # type: ignore[no-untyped-def]
        return THEME

    def texts(self) -> list[str]:
        """What is written next to each bar."""
        notes = list(self.notes)
        return [notes[i] if i < len(notes) and notes[i] else str(v)
                for i, v in enumerate(self.values)]

    def _noted(self, index: int) -> bool:
        return index < len(self.notes) and bool(self.notes[index])

    def as_rows(self) -> bool:
        """Rows when asked, or when a column's number or label would not fit in its width."""
        if self.rows:
            return True
        font = self.theme.small
        step = self.width / max(1, len(self.values))
        if any(self._text(t, font).width > step for t in self.texts()):
            return True
        every = max(1, int(self.label_every))
        return any(self._text(label, font).width > step * every
                   for index, label in enumerate(self.labels) if index % every == 0)

    def _row_layout(self, font: float) -> tuple[float, float, list[list[str]]]:
        """The label column's width, the labels' font size and each label's lines: the
        column is a third of the chart, widened (up to half) to the longest word, and the
        font shrinks only for a word longer than half the chart."""
        words = [word for label in self.labels for word in str(label).split()]
        longest = max((text_width(word, font) for word in words), default=0.0)
        label_w = min(self.width * 0.5, max(self.width * 0.34, longest + 1))
        size = font if longest <= label_w else font * label_w / longest
        lines = [wrap_words(str(label), size, label_w) or [str(label)] for label in self.labels]
        return label_w, size, lines

    def _row_heights(self, font: float) -> list[float]:
        _label_w, size, lines = self._row_layout(font)
        heights = []
        for index in range(len(self.values)):
            count = len(lines[index]) if index < len(lines) else 1
            heights.append(max(font * 1.5, count * size * 1.25 + font * 0.25))
        return heights

    def redraw(self, *_args: object) -> None:
        theme = self.theme
        font = theme.small
        rows = self.as_rows()
        if rows:
            wanted = (sum(self._row_heights(font)) if self.values else font * 1.5) + font * 0.5
        else:
            wanted = font * 2.4 + theme.body * 6
        if abs(self.height - wanted) > 0.5:
            self.height = wanted  # redraw runs again on the size change
            return
        self.canvas.clear()
        self.drawn = []
        if self.width <= 1:
            return
        if rows:
            self._draw_rows(font)
        else:
            self._draw_columns(font)

    def _draw_rows(self, font: float) -> None:
        theme = self.theme
        values = [max(0, v) for v in self.values]
        top = max(values, default=0) or 1
        line = font * 1.5
        label_w, size, lines = self._row_layout(font)
        heights = self._row_heights(font)
        texts = self.texts()
        widest = max((self._text(t, font, bold=True).width for t in texts), default=0)
        note_w = max(font * 5.5, widest + theme.pad)
        bar_x = self.x + label_w + theme.pad
        bar_room = max(1.0, self.right - note_w - theme.pad - bar_x)
        row_top = self.top
        with self.canvas:
            for index, value in enumerate(values):
                y = row_top - line  # the bar and its number stand by the label's first line
                for number, text in enumerate(lines[index] if index < len(lines) else []):
                    self._put(self._text(text, size), self.x,
                              row_top - line * 0.85 - number * size * 1.25, text)
                width = bar_room * value / top
                colour = theme.help_bg if index == self.highlight else theme.primary_bg
                Color(*colour)
                Rectangle(pos=(bar_x, y + line * 0.15), size=(max(2.0, width), line * 0.7))
                note = texts[index]
                self._put(self._text(note, font, bold=index == self.highlight),
                          bar_x + width + theme.pad * 0.5, y + line * 0.15, note)
                row_top -= heights[index]

    def _draw_columns(self, font: float) -> None:
        theme = self.theme
        values = [max(0, v) for v in self.values]
        count = max(1, len(values))
        top = max(values, default=0) or 1
        base = self.y + font * 1.3
        room = self.top - font * 1.3 - base
        step = self.width / count
        bar_w = step * 0.7
        texts = self.texts()
        with self.canvas:
            Color(*theme.screen_fg)
            Line(points=[self.x, base, self.right, base], width=1.5)
            for index, value in enumerate(values):
                x = self.x + step * index + (step - bar_w) / 2
                height = room * value / top
                colour = theme.help_bg if index == self.highlight else theme.primary_bg
                Color(*colour)
                Rectangle(pos=(x, base), size=(bar_w, height))
                if value or self._noted(index):  # a hidden count: « s », no bar
                    note = self._text(texts[index], font)
                    self._put(note, x + bar_w / 2 - note.width / 2, base + height + 2,
                              texts[index])
                if index % max(1, int(self.label_every)) == 0 and index < len(self.labels):
                    label = self._text(self.labels[index], font)
                    left = min(max(self.x, x + bar_w / 2 - label.width / 2),
                               self.right - label.width)  # the first and last stay inside
                    self._put(label, left, self.y, self.labels[index])

    def _text(self, text: str, size: float, bold: bool = False):  # type: ignore[no-untyped-def]
        key = (text, size, bold)
        if key not in self._textures:
            self._textures[key] = _text(text, size, bold)
        return self._textures[key]

    def _put(self, texture, x: float, y: float, text: str) -> None:  # type: ignore[no-untyped-def]
        Color(*self.theme.screen_fg)
        Rectangle(texture=texture, pos=(round(x), round(y)), size=texture.size)
        self.drawn.append((text, (round(x), round(y), *texture.size)))
