"""Small reusable widgets: big buttons, tiles, text, warning box, tick rows, progress dots.

Drawing and layout are in ``widgets.kv``; here only the properties and behaviour.
"""

from __future__ import annotations

from kivy.animation import Animation
from kivy.app import App
from kivy.graphics import Color, Ellipse, Line
from kivy.properties import BooleanProperty, NumericProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from . import kv

ROLE_NAMES = ("primary", "secondary", "help", "tile", "selected", "warning")
PULSE_LOW = 0.35
PULSE_SECONDS = 1.2


class BodyText(Label):
    """Flow text: wraps to its width and grows to its height; markup is never interpreted."""


class TitleText(BodyText):
    """A step or screen title."""


class SmallText(BodyText):
    """Secondary text (captions, step counter): never below 24 px."""


class SteadyScrollView(ScrollView):
    """A ScrollView whose binding for the bar's colour does not pile up.

    Kivy 2.3.1's ``update_from_scroll`` (run when the content, the size or the scroll
    position changes: twice or so per step shown) binds ``_change_bar_color`` to
    ``bar_color`` once more each time, and only one of them is undone after half a second
    without scrolling. On the step screen, which lives as long as the kiosk, that was about
    two more callbacks per step (2,000 after 1,000 steps), each called at every change of the
    bar's colour. Undoing the previous one first keeps a single binding; the bar looks and
    fades the same."""

    def update_from_scroll(self, *largs: object) -> None:
        self.funbind("bar_color", self._change_bar_color)
        super().update_from_scroll(*largs)


class BigButton(ButtonBehavior, BoxLayout):
    """A touch target of at least 16 mm, with an optional pictogram and wrapped text."""

    text = StringProperty("")
    """The words on the button."""

    icon = StringProperty("")
    """Path of a white pictogram, tinted with the text colour; empty for none."""

    role = OptionProperty("primary", options=ROLE_NAMES)
    """Which pair of theme colours the button uses."""

    busy = BooleanProperty(False)
    """Shows that something is going on (e.g. speech playing): thick outline, pulsing icon."""

    pulse = NumericProperty(1.0)
    """Opacity of the pictogram while busy, animated between 1 and ``PULSE_LOW``."""

    font_px = NumericProperty(0)
    """Text size in pixels; 0 means the theme's button text size."""

    natural_height = NumericProperty(0)
    """The height its pictogram and text need (at least a touch target)."""

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


class CheckRow(ButtonBehavior, BoxLayout):
    """One thing of a checklist, with a big tick box."""

    text = StringProperty("")
    checked = BooleanProperty(False)
    index = NumericProperty(0)


class WarningBox(BoxLayout):
    """A warning set apart from the text (e.g. "never give your password")."""

    text = StringProperty("")


class ProgressDots(Widget):
    """One dot per step announced; the current one and those before are filled."""

    number = NumericProperty(1)
    total = NumericProperty(1)

    def on_kv_post(self, base_widget: object) -> None:
        theme = App.get_running_app().theme
        self.bind(number=self.redraw, total=self.redraw, pos=self.redraw, size=self.redraw)
        theme.bind(high_contrast=self.redraw)
        self.redraw()

    def redraw(self, *_args: object) -> None:
        theme = App.get_running_app().theme
        self.canvas.after.clear()
        total = max(1, int(self.total))
        radius = max(6.0, min(self.height * 0.35, self.width / total * 0.35))
        step = self.width / total
        fill = theme.screen_fg if theme.high_contrast else theme.primary_bg
        with self.canvas.after:
            for index in range(total):
                centre = (self.x + step * (index + 0.5), self.center_y)
                box = (centre[0] - radius, centre[1] - radius)
                Color(*(fill if index < self.number else theme.screen_bg))
                Ellipse(pos=box, size=(2 * radius, 2 * radius))
                Color(*theme.screen_fg)
                Line(circle=(centre[0], centre[1], radius), width=1.5)


kv.load("widgets.kv")
