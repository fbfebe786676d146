"""The language picker: every language the kiosk speaks, each written in itself
(« العربية », « Українська », « Español »), on big buttons in a grid, never flags.

As many columns as the longest name allows (up to :data:`MOST_COLUMNS`), as many rows as
the window's height holds at the text size chosen; more languages than that go on pages
(« Page suivante »). The visitor's language is the selected button; touching it closes
the picker as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kivy.core.window import Window
from kivy.properties import NumericProperty
from kivy.uix.gridlayout import GridLayout

from kiosk.i18n import tr
from kiosk.ui.theme import THEME
from kiosk.ui.widgets.common import BigButton, text_height
from kiosk.ui.widgets.overlays import Overlay
from kiosk.ui.widgets.words import line_width

MOST_COLUMNS = 3
WIDTH_SHARE = 0.8
"""The picker's width, as a share of the window's (as every overlay)."""


class LanguagePicker(Overlay):
    page = NumericProperty(0)
    """The page of languages shown (0 first)."""

    pages = NumericProperty(1)
    cols = NumericProperty(1)
    """Columns of language buttons now."""

    rows = NumericProperty(1)
    """Rows of language buttons on a page now."""

    def __init__(self, names: dict[str, str], current: str,
                 choose: Callable[[str], None], **kwargs: object) -> None:
        """``names``: each language's code and its name in itself, in the order shown;
        ``current``: the visitor's language (its words for the title and the pages)."""
        super().__init__(title=tr("Choisissez votre langue", current), **kwargs)
        self.names, self.current, self.choose = dict(names), current, choose
        # Right to left (Arabic, Persian): the first language at the top right.
        self.grid = GridLayout(cols=1, spacing=THEME.gap, size_hint_y=None,
                               orientation="rl-tb" if THEME.rtl else "lr-tb")
        self.grid.bind(minimum_height=self.grid.setter("height"))
        self.ids.box.add_widget(self.grid, index=1)  # above the page buttons
        self.previous = self.add_button(tr("Page précédente", current),
                                        lambda: self.change_page(-1), role="secondary")
        self.following = self.add_button(tr("Page suivante", current),
                                         lambda: self.change_page(1), role="secondary")
        self.previous.short_text = tr("Précédente", current)
        self.following.short_text = tr("Suivante", current)
        self._choices: list[BigButton] = []
        self._laid_for: tuple[object, ...] = ()
        Window.bind(size=self.lay_out)
        THEME.bind(level=self.lay_out, px_per_mm=self.lay_out)
        self.bind(on_dismiss=lambda *_a: self._unbind())
        self.lay_out()

    def _unbind(self) -> None:
        Window.unbind(size=self.lay_out)
        THEME.unbind(level=self.lay_out, px_per_mm=self.lay_out)

    # -- how many fit ------------------------------------------------------------------------
    def choose_grid(self) -> tuple[int, int, int]:
        """(columns, rows, pages) for the window and text size now."""
        theme = THEME
        inner = Window.width * WIDTH_SHARE - 2 * theme.gap
        font = theme.button_text
        # Each name as drawn (« العربية » with the Arabic font: kiosk/ui/widgets/words.py).
        widest = max(line_width(name, font, True) for name in self.names.values())
        line = max(text_height(name, font, Window.width, True) for name in self.names.values())
        cols = 1
        for count in range(MOST_COLUMNS, 0, -1):
            if (inner - (count - 1) * theme.gap) / count >= widest + 2 * theme.pad + 2:
                cols = count
                break
        button = max(theme.target, line + 2 * theme.pad)
        title = text_height(self.title, theme.title, inner, True)
        # The window less the picker's margins, padding, title and the spaces between.
        room = Window.height - 2 * theme.gap - 2 * theme.gap - title - 2 * theme.gap
        total = len(self.names)
        rows = max(1, int((room + theme.gap) // (button + theme.gap)))
        if cols * rows >= total:
            return cols, -(-total // cols), 1
        nav = max(self.previous.natural_height, self.following.natural_height, button)
        rows = max(1, int((room - nav - theme.gap + theme.gap) // (button + theme.gap)))
        return cols, rows, -(-total // (cols * rows))

    def lay_out(self, *_args: object) -> None:
        key = (tuple(Window.size), THEME.level, THEME.px_per_mm)
        if key == self._laid_for:
            return
        self._laid_for = key
        first = self.page * self.cols * self.rows
        self.cols, self.rows, self.pages = self.choose_grid()
        self.page = min(first // (self.cols * self.rows), self.pages - 1)
        self.show_page()

    def show_page(self) -> None:
        grid, per_page = self.grid, int(self.cols * self.rows)
        grid.clear_widgets()
        grid.cols = self.cols
        codes = list(self.names)
        shown = codes[int(self.page) * per_page:(int(self.page) + 1) * per_page]
        self._choices = []
        for code in shown:
            button = BigButton(text=self.names[code],
                               role="selected" if code == self.current else "secondary")
            button.bind(on_release=lambda _b, c=code: self.choose(c))
            grid.add_widget(button)
            self._choices.append(button)
        row = self.ids.buttons
        for button, disabled in ((self.previous, self.page <= 0),
                                 (self.following, self.page >= self.pages - 1)):
            button.disabled = disabled
            if self.pages > 1 and button.parent is None:
                row.add_widget(button)
            elif self.pages <= 1 and button.parent is not None:
                row.remove_widget(button)

    def change_page(self, delta: int) -> None:
        self.page = min(max(0, self.page + delta), self.pages - 1)
        self.show_page()

    def _even_heights(self, *_args: object) -> None:
        """The page buttons side by side, as tall as the taller."""
        pair = (getattr(self, "previous", None), getattr(self, "following", None))
        shown = [b for b in pair if b is not None]
        if not shown:
            return
        tallest = max(b.natural_height for b in shown)
        for button in shown:
            button.height = tallest

    def buttons(self) -> list[BigButton]:
        """The languages' buttons on the page shown."""
        return list(getattr(self, "_choices", []))

    def page_buttons(self) -> Sequence[BigButton]:
        return self.previous, self.following
