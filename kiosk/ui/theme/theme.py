"""The one theme: every size and colour the screens use, as Kivy properties.

"Bigger text" and "high contrast" are one switch each: kv rules bind to these
properties, so changing ``level`` or ``high_contrast`` restyles every screen.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ColorProperty, DictProperty, NumericProperty

from kiosk.ui.theme.metrics import metrics_for
from kiosk.ui.theme.palette import PALETTES, rgba

ROLES = ("screen", "bar", "primary", "secondary", "help", "warning", "disabled", "tile",
         "selected", "overlay", "leave")


class Theme(EventDispatcher):
    level = NumericProperty(1)
    """Text size level: 1 (large, the default), 2 or 3."""

    high_contrast = BooleanProperty(False)
    """Yellow and white on black instead of the everyday colours."""

    rtl = BooleanProperty(False)
    """The screen is mirrored for a right-to-left language (Arabic, Persian): rows start at
    the right, text aligns right, arrows turn around (kiosk/ui/widgets/words.py)."""

    screen_width = NumericProperty(1280)
    screen_height = NumericProperty(800)
    diagonal_inches = NumericProperty(0.0)
    dpi = NumericProperty(0.0)

    px_per_mm = NumericProperty(1.0)
    target = NumericProperty(90)
    """Smallest side of a touch target, in pixels (16 mm on the physical screen)."""
    gap = NumericProperty(24)
    """Space between two touch targets, in pixels."""
    pad = NumericProperty(12)
    body = NumericProperty(28)
    title = NumericProperty(38)
    small = NumericProperty(24)
    huge = NumericProperty(60)
    button_text = NumericProperty(28)
    bar_text = NumericProperty(24)

    screen_bg = ColorProperty()
    screen_fg = ColorProperty()
    bar_bg = ColorProperty()
    bar_fg = ColorProperty()
    primary_bg = ColorProperty()
    primary_fg = ColorProperty()
    secondary_bg = ColorProperty()
    secondary_fg = ColorProperty()
    help_bg = ColorProperty()
    help_fg = ColorProperty()
    warning_bg = ColorProperty()
    warning_fg = ColorProperty()
    disabled_bg = ColorProperty()
    disabled_fg = ColorProperty()
    tile_bg = ColorProperty()
    tile_fg = ColorProperty()
    selected_bg = ColorProperty()
    selected_fg = ColorProperty()
    overlay_bg = ColorProperty()
    overlay_fg = ColorProperty()
    leave_bg = ColorProperty()
    leave_fg = ColorProperty()

    roles = DictProperty()
    """Every role's (background, text) colours: ``app.theme.roles[self.role][0]`` in kv
    binds to this property, so a widget whose role is chosen at run time follows a
    contrast change (a method call such as ``app.theme.role(name)`` cannot be bound)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(level=self.refresh, high_contrast=self.refresh, screen_width=self.refresh,
                  screen_height=self.refresh, diagonal_inches=self.refresh, dpi=self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        metrics = metrics_for(int(self.screen_width), int(self.screen_height), int(self.level),
                              float(self.diagonal_inches), float(self.dpi))
        self.px_per_mm = metrics.px_per_mm
        self.target = metrics.target
        self.gap = metrics.gap
        self.pad = metrics.pad
        self.body = metrics.body
        self.title = metrics.title
        self.small = metrics.small
        self.huge = metrics.huge
        self.button_text = metrics.button_text
        self.bar_text = metrics.bar_text
        palette = PALETTES["high" if self.high_contrast else "normal"]
        roles = {}
        for role in ROLES:
            background, text = palette[role]
            roles[role] = (rgba(background), rgba(text))
            setattr(self, f"{role}_bg", roles[role][0])
            setattr(self, f"{role}_fg", roles[role][1])
        self.roles = roles
