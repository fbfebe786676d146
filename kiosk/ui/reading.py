"""The words being read aloud, marked on the screen as they are heard.

When a reading starts (``Audio.reading``), the texts on the screen (the current screen and
any open overlay) are found in what is read; then, a few times a second (``MARK_EVERY``),
the playback position gives the word being heard (:mod:`kiosk.speech.wordtimes`) and that
word is marked where it is written: underlined, and in the marking colour on the screen's
own text. A word that is read but not written on the screen (a step's separate « spoken »
text, a feedback read in other words) shows in the sound banner instead, marked the same
way. The labels get their own text back when the reading ends or changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock
from kivy.uix.label import Label
from kivy.uix.widget import Widget
from kivy.utils import escape_markup, get_hex_from_color

from kiosk.speech.wordtimes import Reading, Word

if TYPE_CHECKING:
    from kiosk.ui.app import KioskApp
    from kiosk.ui.widgets.banner import SoundBanner

MARK_EVERY = 0.25
"""Seconds between two looks at the playback position: 4 a second, enough to follow words
of about 0.3 s at 150 words a minute without redrawing at every frame."""

CAPTION_WORDS = 14
"""Words around the one being heard that the banner shows when it is not on the screen."""


@dataclass
class _Place:
    """A label whose text is found in the reading, from ``start``."""

    label: Label
    start: int
    text: str
    markup: bool
    shown: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def holds(self, word: Word) -> bool:
        return self.start <= word.start and word.start + word.length <= self.end

    def mark(self, word: Word, colour: str | None) -> bool:
        """Mark ``word``; False (nothing done) when the label's text changed since it was
        found (a countdown that ticks): it is then left alone."""
        if self.label.text != (self.shown or self.text):
            return False
        begin, finish = word.start - self.start, word.start + word.length - self.start
        opening = f"[u][color={colour}]" if colour else "[u]"
        closing = "[/color][/u]" if colour else "[/u]"
        self.shown = (escape_markup(self.text[:begin]) + opening
                      + escape_markup(self.text[begin:finish]) + closing
                      + escape_markup(self.text[finish:]))
        self.label.markup = True
        self.label.text = self.shown
        return True

    def restore(self) -> None:
        if self.shown:
            if self.label.text == self.shown:  # unless someone changed it since
                self.label.text = self.text
            self.label.markup = self.markup
        self.shown = ""


def locate(text: str, roots: Iterable[Widget]) -> list[_Place]:
    """The labels under ``roots`` whose whole text is found in ``text``, each at its own
    place (longest first, so that a button's « Suivant » does not take the word from the
    sentence that holds it), whole words only."""
    labels = [w for root in roots for w in root.walk(restrict=True)
              if isinstance(w, Label) and not w.markup and len(w.text.strip()) > 1
              and w.opacity > 0]
    labels.sort(key=lambda label: -len(label.text))
    taken: list[tuple[int, int]] = []
    places = []
    for label in labels:
        pattern = re.compile(rf"(?<!\w){re.escape(label.text)}(?!\w)")
        for found in pattern.finditer(text):
            start, end = found.span()
            if all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
                places.append(_Place(label, start, label.text, bool(label.markup)))
                break
    return places


class ReadingMarks:
    """Follows ``audio.reading``; ``roots()`` gives what is on the screen now, topmost
    first; ``banner`` shows what is read but not written (a SoundBanner); ``colour()`` the
    marking colour for the screen's own text."""

    def __init__(self, audio: Any, roots: Callable[[], list[Widget]], banner: Any, *,
                 caption_title: Callable[[], str], colour: Callable[[], tuple[str, Any]],
                 every: float = MARK_EVERY) -> None:
        self.audio = audio
        self.roots = roots
        self.banner = banner
        self.caption_title = caption_title
        self.colour = colour
        self.every = every
        self.reading: Reading | None = None
        self.places: list[_Place] = []
        self.index = -1
        self.marked: list[str] = []
        """Each word marked so far in this reading, in order (for the tests and the bench)."""
        self._event: Any = None
        audio.bind(reading=self._on_reading)

    def _on_reading(self, _audio: object, reading: Reading | None) -> None:
        self.clear()
        if reading is None or not reading.times.words:
            return
        self.reading = reading
        self.places = locate(reading.text, self.roots())
        self.marked = []
        self._event = Clock.schedule_interval(self.tick, self.every)
        self.tick()

    def tick(self, *_args: object) -> None:
        """Look at the playback position; mark the word heard if it changed."""
        reading = self.reading
        if reading is None:
            return
        index = reading.times.current(self.audio.position)
        if index == self.index or index < 0:
            return
        self.index = index
        word = reading.times.words[index]
        self.marked.append(reading.text[word.start:word.start + word.length])
        holder = next((p for p in self.places if p.holds(word)), None)
        for place in self.places:
            if place is not holder:
                place.restore()
        fg, screen_fg = self.colour()
        if holder is not None and holder.mark(
                word, fg if tuple(holder.label.color) == tuple(screen_fg) else None):
            if self.banner.shown and self.banner.title == self.caption_title():
                self.banner.hide()
        else:
            self.banner.show(self.caption_title(), caption(reading.text, word), seconds=None)

    def close(self) -> None:
        """Stop following the audio (the app stops)."""
        self.clear()
        self.audio.unbind(reading=self._on_reading)

    def clear(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None
        for place in self.places:
            place.restore()
        if self.reading is not None and self.banner.title == self.caption_title():
            self.banner.hide()
        self.places = []
        self.reading = None
        self.index = -1


def caption(text: str, word: Word) -> str:
    """Markup: the words around ``word`` (a line or two), ``word`` underlined and bold."""
    end = word.start + word.length
    before = text[:word.start]
    after = text[end:]
    left = " ".join(before.split()[-(CAPTION_WORDS // 2):])
    right = " ".join(after.split()[:CAPTION_WORDS // 2])
    heard = f"[b][u]{escape_markup(text[word.start:end])}[/u][/b]"
    if left:
        heard = escape_markup(left) + (" " if before[-1:].isspace() else "") + heard
    if right:
        heard += ("" if after[:1].strip() else " ") + escape_markup(right)
    return heard


def hex_colour(rgba: Iterable[float]) -> str:
    return get_hex_from_color(list(rgba))


def show_sounds(app: KioskApp) -> tuple[SoundBanner, ReadingMarks]:
    """Nothing only heard, for ``app``: the sound banner under its top bar, and the words
    marked as they are read, on whatever is on the screen (open overlays first)."""
    from kiosk.i18n import tr
    from kiosk.ui.widgets.banner import SoundBanner

    top = app.root.ids.top
    banner = SoundBanner(below=lambda: top.y)

    def on_screen() -> list[Widget]:
        shown = [app.dialogs.idle_view, app.dialogs.current, app.root.ids.screens.current_screen]
        return [w for w in shown if w is not None]

    marks = ReadingMarks(
        app.audio, on_screen, banner,
        caption_title=lambda: tr("Lu à voix haute", app.controller.choices.language),
        colour=lambda: (hex_colour(app.theme.roles["primary"][0]), app.theme.screen_fg))
    return banner, marks
