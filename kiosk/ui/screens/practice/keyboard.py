"""The on-screen keyboard for beginners: big keys (16 mm at least), laid out from data.

The keys come from :mod:`kiosk.practice.layouts`; this widget only places them, in the
``wide`` form when 16 keys across and 5 rows fit at full size, else in the ``compact`` form
(10 across), else in the ``narrow`` one (6 across, a tablet held upright).
Pressing a key fires ``on_key(key)``; drawing is in ``keyboard.kv``.
"""

from __future__ import annotations

from kivy.properties import (
    BooleanProperty,
    DictProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.widget import Widget

from kiosk.practice.layouts import MAX_ROWS, WIDTH_UNITS, Key, Layout, layout_for
from kiosk.ui import kv
from kiosk.ui.theme import THEME
from kiosk.ui.widgets.words import Words


class KeyButton(ButtonBehavior, Words):
    """One key. Its colours change while pressed, so every press is seen."""

    key = ObjectProperty(None, allownone=True)
    special = BooleanProperty(False)
    """True for keys that are words (espace, Maj, 123): drawn in the button text size."""
    active = BooleanProperty(False)
    """True for a key that is switched on (Maj before a capital)."""
    icon = StringProperty("")
    """A pictogram instead of words (the arrows)."""


def choose_variant(width: float, height: float, target: float, gap: float) -> str:
    """``wide`` when 16 keys across and 5 rows fit at full size; else ``compact`` when 10
    keys across fit; else ``narrow`` (6 across: a tablet held upright)."""
    def across(variant: str) -> float:
        units = WIDTH_UNITS[variant]
        return units * target + (units - 1) * gap

    rows = MAX_ROWS["wide"] * target + (MAX_ROWS["wide"] - 1) * gap
    if width >= across("wide") and height >= rows:
        return "wide"
    return "compact" if width >= across("compact") else "narrow"


class Keyboard(Widget):
    """The keys of one layout page, placed in centred rows; fires ``on_key``."""

    __events__ = ("on_key",)

    keyboard = StringProperty("texte")
    """Which keyboard: ``email``, ``chiffres`` or ``texte`` (the flow's ``clavier``)."""
    language = StringProperty("fr")
    variant = StringProperty("compact")
    page = StringProperty("")
    shifted = BooleanProperty(False)
    unit = NumericProperty(0)
    """Width of one key unit, in pixels (never below the theme's target)."""
    arrow_icons = DictProperty()
    """Pictograms of the cursor keys: ``{"left": path, "right": path}``."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.layout: Layout | None = None
        self.bind(keyboard=self.rebuild, language=self.rebuild, variant=self.rebuild,
                  page=self._fill, arrow_icons=self._fill, shifted=self._relabel,
                  size=self._place, pos=self._place)
        THEME.bind(target=self._fill, gap=self._fill)
        self.rebuild()

    def release(self) -> None:
        """Stop following the theme (the keyboard is being thrown away)."""
        THEME.unbind(target=self._fill, gap=self._fill)

    @property
    def keys(self) -> list[KeyButton]:
        return [child for child in self.children if isinstance(child, KeyButton)]

    def needed_width(self) -> float:
        theme = THEME
        units = WIDTH_UNITS[self.variant]
        return units * theme.target + (units - 1) * theme.gap

    def rebuild(self, *_args: object) -> None:
        self.layout = layout_for(self.keyboard, self.language, self.variant)
        names = [page.name for page in self.layout.pages]
        if self.page not in names:
            self.page = names[0]  # fills through the binding
        else:
            self._fill()

    def _fill(self, *_args: object) -> None:
        if self.layout is None:
            kv.clear(self)
            return
        arrows = self.arrow_icons
        # The keys already there are used again for the new page, only what they show
        # changes: building a key (its kv rules, its label) is most of the cost of a page,
        # about 40 keys. A key still drawn pressed (the one that changed the page) is not.
        spare = [w for w in reversed(self.children)
                 if isinstance(w, KeyButton) and w.state == "normal"]
        for widget in self.children:
            if widget not in spare:
                kv.forget(widget)
        self.clear_widgets()
        for row in self.layout.page(self.page).rows:
            for key in row:
                special = key.action != "char" or len(key.value) > 1
                icon = arrows.get(key.action, "")
                if spare:
                    button = spare.pop(0)
                    button.key, button.special, button.icon = key, special, icon
                else:
                    button = KeyButton(key=key, special=special, icon=icon)
                    button.bind(on_release=self._pressed)
                self.add_widget(button)
        for button in spare:
            kv.forget(button)
        self._relabel()
        self.height = self.rows_height()
        self._place()

    def _relabel(self, *_args: object) -> None:
        for button in self.keys:
            button.text = "" if button.icon else button.key.label(self.language, self.shifted)
            button.active = button.key.action == "shift" and self.shifted

    def _place(self, *_args: object) -> None:
        if self.layout is None:
            return
        theme = THEME
        gap = theme.gap
        units = WIDTH_UNITS[self.variant]
        self.unit = max(theme.target, (self.width - (units - 1) * gap) / units)
        page = self.layout.page(self.page)
        buttons = iter(self.keys[::-1])  # children are stored last-added first
        top = self.top
        for row in page.rows:
            row_width = sum(k.width * self.unit + (k.width - 1) * gap for k in row) + \
                gap * (len(row) - 1)
            x = self.x + (self.width - row_width) / 2
            for key in row:
                button = next(buttons)
                button.size = (key.width * self.unit + (key.width - 1) * gap, theme.target)
                button.pos = (x, top - theme.target)
                x += button.width + gap
            top -= theme.target + gap

    def rows_height(self) -> float:
        theme = THEME
        rows = max(len(page.rows) for page in self.layout.pages) if self.layout else 0
        return rows * theme.target + max(0, rows - 1) * theme.gap

    def rows_width(self) -> float:
        """Width the widest row takes at the current unit."""
        if self.layout is None:
            return 0.0
        gap = THEME.gap
        units = max(page.units for page in self.layout.pages)
        return units * self.unit + (units - 1) * gap

    def _pressed(self, button: KeyButton) -> None:
        key = button.key
        if key.action == "page":
            self.page = key.value
            return
        if key.action == "shift":
            self.shifted = not self.shifted
            return
        self.dispatch("on_key", key)
        if key.action == "char" and self.shifted:
            self.shifted = False  # one capital, like on a phone

    def on_key(self, key: Key) -> None:
        """Fired for keys that type or move (not for page and Maj keys)."""

    def typed_sign(self, key: Key) -> str:
        """The sign a key types now (a capital after Maj)."""
        if key.action == "space":
            return " "
        return key.value.upper() if self.shifted and key.value.isalpha() else key.value


kv.load_beside(__file__)
