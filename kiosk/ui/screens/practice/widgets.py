"""The widgets of a practice step: typed view with its cursor, typing panel, feedback box,
message cards, drawn phone and password meter. Drawing is in ``practice.kv``."""

from __future__ import annotations

from kivy.core.text import Label as CoreLabel
from kivy.properties import (
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.stencilview import StencilView
from kivy.uix.widget import Widget

from kiosk.ui import kv
from kiosk.ui.screens.practice.keyboard import choose_variant
from kiosk.ui.theme import THEME
from kiosk.ui.widgets.words import Mirrored

MASK = "•"


class TypedView(StencilView):
    """What has been typed, in large letters, with a thick cursor; a touch places the cursor."""

    __events__ = ("on_place",)

    text = StringProperty("")
    cursor = NumericProperty(0)
    masked = BooleanProperty(False)
    placeholder = StringProperty("")
    font_px = NumericProperty(40)
    shown = StringProperty("")
    cursor_x = NumericProperty(0)
    offset = NumericProperty(0)
    """How far the text is moved left so that the cursor stays in view."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(text=self._update, cursor=self._update, masked=self._update,
                  font_px=self._update, width=self._update)
        self._update()

    def _measure(self, text: str) -> float:
        if not text:
            return 0.0
        return float(CoreLabel(font_size=self.font_px).get_extents(text)[0])

    def _update(self, *_args: object) -> None:
        self.shown = MASK * len(self.text) if self.masked else self.text
        self.cursor_x = self._measure(self.shown[:int(self.cursor)])
        room = max(1.0, self.width - 2 * self._pad())
        offset = self.offset
        if self.cursor_x - offset > room:
            offset = self.cursor_x - room
        elif self.cursor_x < offset:
            offset = self.cursor_x
        self.offset = max(0.0, min(offset, max(0.0, self._measure(self.shown) - room)))

    def _pad(self) -> float:
        return float(THEME.pad)

    def on_touch_down(self, touch: object) -> bool:
        if not self.collide_point(*touch.pos) or self.disabled:  # type: ignore[attr-defined]
            return super().on_touch_down(touch)
        x = touch.x - self.x - self._pad() + self.offset  # type: ignore[attr-defined]
        best, distance = 0, abs(x)
        for index in range(1, len(self.shown) + 1):
            gap = abs(self._measure(self.shown[:index]) - x)
            if gap < distance:
                best, distance = index, gap
        self.dispatch("on_place", best)
        return True

    def on_place(self, index: int) -> None:
        """Fired with the position nearest to the touch."""


class TypingPanel(BoxLayout):
    """Shown over the step while typing: the model, what is typed, the keys and the actions."""

    controller = ObjectProperty(None, allownone=True, rebind=True)
    model_text = StringProperty("")
    side = BooleanProperty(False)
    """True when a drawn phone shows the SMS beside a keypad."""

    def on_size(self, *_args: object) -> None:
        self.fit()

    def fit(self, *_args: object) -> None:
        keyboard = self.ids.get("keyboard")
        if keyboard is None:
            return
        theme = THEME
        rows_height = self.height - self.ids.top_row.height - 2 * theme.pad - theme.gap
        keyboard.variant = choose_variant(self.width - 2 * theme.gap, rows_height,
                                          theme.target, theme.gap)


class FeedbackBox(BoxLayout):
    """The answer to a check: what is right, then what to change; "Bravo" when it is right."""

    success = BooleanProperty(False)


class ChoiceCard(ButtonBehavior, BoxLayout):
    """One message of a "spot the fake" practice, drawn like a received message."""

    text = StringProperty("")
    caption = StringProperty("")
    index = NumericProperty(0)
    marked = StringProperty("")
    """"" (not chosen), "chosen" (chosen, not the right one), "right" (the right one)."""


class SmsPhone(Widget):
    """A drawn phone showing a received SMS (sender and message)."""

    sender = StringProperty("")
    message = StringProperty("")


class StrengthMeter(Mirrored, BoxLayout):
    """A password's strength, in words and in four bars."""

    value = NumericProperty(0)
    word = StringProperty("")


kv.load_beside(__file__)
