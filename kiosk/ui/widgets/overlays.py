"""Messages over the screen: help, "back home?", "are you still there?", errors, languages."""

from __future__ import annotations

from collections.abc import Callable

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.ui import kv
from kiosk.ui.widgets.common import BigButton


class Overlay(ModalView):
    """A big message with big buttons; only its buttons close it."""

    title = StringProperty("")
    message = StringProperty("")
    big_message = BooleanProperty(False)
    stack_buttons = BooleanProperty(False)

    def add_button(self, text: str, action: Callable[[], None], role: str = "primary",
                   icon: str = "") -> BigButton:
        button = BigButton(text=text, role=role, icon=icon)
        button.bind(on_release=lambda _b: action())
        self.ids.buttons.add_widget(button)
        button.bind(natural_height=self._even_heights)
        self._even_heights()
        return button

    def _even_heights(self, *_args: object) -> None:
        """Side by side, every button as tall as the tallest (« Non, continuer » beside
        « Oui, revenir à l'accueil », whose words take two lines)."""
        buttons = self.buttons()
        tallest = max(b.natural_height for b in buttons)
        for button in buttons:
            button.height = button.natural_height if self.stack_buttons else tallest

    def buttons(self) -> list[BigButton]:
        return list(reversed(self.ids.buttons.children))


kv.load_beside(__file__)
