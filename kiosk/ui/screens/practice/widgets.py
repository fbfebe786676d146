"""The widgets of a practice step: typed view with its cursor, typing panel, feedback box,
message cards, drawn phone and password meter. Drawing is in ``practice.kv``."""

from __future__ import annotations

from kivy.core.text import Label as CoreLabel
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.stencilview import StencilView
from kivy.uix.widget import Widget

from kiosk.ui import kv
from kiosk.ui.screens.practice.keyboard import choose_variant
from kiosk.ui.theme import THEME
from kiosk.ui.widgets.words import Mirrored

MASK = "•"
PLACEHOLDER_MIN_PX = 24


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
    body_px = NumericProperty(24)
    """The theme's body text size (bound in kv)."""
    placeholder_px = NumericProperty(24)
    """Size of the placeholder's words: the body text's, less (never under 24 px) when the
    field is too narrow for them (never cut)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(text=self._update, cursor=self._update, masked=self._update,
                  font_px=self._update, width=self._update, placeholder=self._update,
                  body_px=self._update)
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
        size = float(self.body_px)
        while size > PLACEHOLDER_MIN_PX and self.placeholder and CoreLabel(
                font_size=size, italic=True).get_extents(self.placeholder)[0] > room:
            size -= 1
        self.placeholder_px = size

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
    """True when a drawn phone shows the SMS beside the keys (under them upright)."""
    portrait = BooleanProperty(False)
    """True on a screen held upright (taller than wide)."""
    model_px = NumericProperty(24)
    """Size of the model line: the theme's small text, or the bars' text size when the
    keys (16 mm, never smaller) would not fit under a model line that large (a 10-inch
    screen in large text)."""

    def on_size(self, *_args: object) -> None:
        self.fit()

    def on_model_text(self, *_args: object) -> None:
        self.fit()

    def top_row_height(self, model_px: float) -> float:
        """The top row's height with the model line in ``model_px`` (its kv rule)."""
        theme = THEME
        ids = self.ids
        width = self.width - 2 * theme.gap
        if not self.portrait:
            width -= ids.buttons.width + theme.gap
        model = CoreLabel(text=self.model_text, font_size=model_px,
                          text_size=(max(1.0, width), None)).render()[1] if self.model_text else 0
        field = model + ids.typed.height + theme.pad * 0.5
        if self.portrait:
            return field + theme.gap + ids.buttons.height
        return max(theme.target, field, ids.buttons.height)

    def fit(self, *_args: object) -> None:
        """The keys' form for the room left, and the model line's size: the small text's,
        or the bars' when the keys would not fit under it. Worked out from the panel's
        size and words (not from the row's height of the moment, which follows)."""
        keyboard = self.ids.get("keyboard")
        if keyboard is None or self.width <= 1 or self.height <= 1:
            return
        theme = THEME
        size = float(theme.small)
        for size in (float(theme.small), float(theme.bar_text)):
            rows_height = self.height - self.top_row_height(size) - theme.pad * 0.5 - \
                2 * theme.gap
            if self.side and self.portrait:  # the phone's smallest height, under the keys
                rows_height -= theme.target * 2 + theme.gap
            keyboard.variant = choose_variant(self.width - 2 * theme.gap, rows_height,
                                              theme.target, theme.gap)
            if rows_height >= keyboard.rows_height():
                break
        self.model_px = size


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
    font_px = NumericProperty(24)
    """Size of its words: the theme's small text, or less (never under 24 px) when the
    phone would not fit its frame (:class:`PhoneFrame`)."""
    room = NumericProperty(0)
    """The height it may take (0: as tall as it likes, 1.3 times its width at least)."""

    def content_height(self, width: float, font_px: float) -> float:
        """Height of the phone's screen content (sender, message, margins) at ``width``."""
        pad = float(THEME.pad)
        text_width = max(1.0, width - pad * 4)
        sender = CoreLabel(text=self.sender, font_size=font_px, bold=True,
                           text_size=(text_width, None)).render()[1] if self.sender else 0
        message = CoreLabel(text=self.message, font_size=font_px,
                            text_size=(text_width, None)).render()[1] if self.message else 0
        return float(sender + message) + pad * 9


SMS_MIN_FONT_PX = 24


class PhoneFrame(AnchorLayout):
    """The box the step's layout (or the typing panel) gives the drawn phone: the phone is
    as wide as fits (at most 12 small letters' worth), never taller than the box; its
    words get smaller (down to 24 px) only when they would not fit at the small text size."""

    sizes = ListProperty()
    """The theme's sizes the phone depends on (bound in kv): a change fits it again."""

    def on_kv_post(self, base_widget: object) -> None:
        phone = self.ids.phone
        self.bind(size=self.fit, sizes=self.fit)
        phone.bind(sender=self.fit, message=self.fit)
        self.fit()

    def fit(self, *_args: object) -> None:
        phone = self.ids.get("phone")
        if phone is None or self.width <= 1 or self.height <= 1:
            return
        theme = THEME
        width = max(theme.target * 2.0, min(theme.small * 12.0, self.width - theme.pad))
        font = float(theme.small)
        if self.size_hint_y is None:
            # Among what is acted on (upright): as tall as its words need, in the size of
            # the bars' words, so that the field and its buttons stay on the same page.
            font = float(max(SMS_MIN_FONT_PX, theme.bar_text))
            content = phone.content_height(width, font)
            phone.font_px, phone.width, phone.room = font, width, content
            self.height = content
            return
        while font > SMS_MIN_FONT_PX and phone.content_height(width, font) > self.height:
            font -= 1
        phone.font_px = font
        phone.width = width
        phone.room = self.height


class StrengthMeter(Mirrored, BoxLayout):
    """A password's strength, in words and in four bars."""

    value = NumericProperty(0)
    word = StringProperty("")
    stacked = BooleanProperty(False)
    """The words above the bars (beside them when False)."""


kv.load_beside(__file__)
