"""The sound banner: what the kiosk says or plays, written over the top of the screen.

Nothing is only heard (docs/accessibilite.md): the help chime shows « Son : carillon »
with what it means, and a reading whose words are not written on the screen shows its words
here, the one being heard marked. The banner appears and stays, it never blinks (WCAG
2.3.1); it lets every touch through to what is under it.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui import kv

SHOWN_SECONDS = 6.0
"""How long a sound's banner stays (a few seconds: read at ease, then gone)."""


class SoundBanner(BoxLayout):
    title = StringProperty("")
    """What was heard, in a word or two (« Son : carillon », « Lu à voix haute »)."""

    text = StringProperty("")
    """Its meaning or its words, in Kivy markup (the caller escapes the words)."""

    def __init__(self, below: Callable[[], float] | None = None, **kwargs: object) -> None:
        """``below()``: the window height the banner's top stays under (the top bar's
        bottom edge), so the bar's buttons stay visible."""
        self.below = below or (lambda: Window.height)
        self.bottom = False
        self._hide_event = None
        super().__init__(**kwargs)
        Window.bind(size=self._place)

    @property
    def shown(self) -> bool:
        return self.parent is not None

    def show(self, title: str, text: str, seconds: float | None = SHOWN_SECONDS, *,
             bottom: bool = False) -> None:
        """Show over everything (overlays included), under the top bar or at the
        ``bottom`` (clear of an overlay's title); hide after ``seconds`` (None: stays until
        :meth:`hide`)."""
        self.title, self.text, self.bottom = title, text, bottom
        if self._hide_event is not None:
            self._hide_event.cancel()
            self._hide_event = None
        if self.parent is not None:
            self.parent.remove_widget(self)
        Window.add_widget(self)  # last added, drawn on top of any overlay opened before
        self._place()
        if seconds is not None:
            self._hide_event = Clock.schedule_once(lambda _dt: self.hide(), seconds)

    def hide(self) -> None:
        if self._hide_event is not None:
            self._hide_event.cancel()
            self._hide_event = None
        if self.parent is not None:
            self.parent.remove_widget(self)

    def close(self) -> None:
        """Gone for good (the app stops)."""
        self.hide()
        Window.unbind(size=self._place)

    def _place(self, *_args: object) -> None:
        self.width = Window.width * 0.9
        self.x = (Window.width - self.width) / 2
        if self.bottom:
            self.y = 4
        else:
            self.top = min(Window.height, self.below()) - 4

    def on_height(self, *_args: object) -> None:
        self._place()

    def on_touch_down(self, touch: object) -> bool:
        return False  # never in the way of a finger

    def on_touch_move(self, touch: object) -> bool:
        return False

    def on_touch_up(self, touch: object) -> bool:
        return False


kv.load_beside(__file__)
