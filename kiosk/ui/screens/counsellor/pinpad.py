"""The big PIN pad in front of the counsellor's space.

Digits are touch targets of the theme's size (16 mm at least); what is typed is shown
masked; the messages come from :class:`kiosk.pin.PinGuard` (five wrong codes lock the
pad for five minutes, with the time left shown). With no code set, the pad says how to
set one and never opens the space.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.i18n import french
from kiosk.pin import PIN_PATTERN, has_pin
from kiosk.ui import kv
from kiosk.ui.screens.counsellor.state import duration_text
from kiosk.ui.widgets.common import BigButton

MAX_DIGITS = 8
NO_PIN = french("Aucun code n'est réglé. Sur la borne, lancez : kiosk set-pin")
ASK = french("Tapez votre code, puis touchez « Valider ».")
ERASE = french("Effacer")
SUBMIT = french("Valider")
TOO_MANY = french("Trop d'essais. Réessayez dans {wait}.")
MASK = "●"


class PinPad(ModalView):
    """Full screen: explanation, masked entry, message, 0-9 keys, Effacer, Valider, Fermer."""

    session = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.ui.screens.counsellor.space.CounsellorSession` this pad belongs to."""

    masked = StringProperty("")
    """One mask sign per digit typed (the digits themselves are never shown)."""

    message = StringProperty(ASK)
    locked = BooleanProperty(False)
    """Entry refused for now (too many wrong codes); the keys are disabled."""

    no_pin = BooleanProperty(False)
    """No code has been set with ``kiosk set-pin``: the space cannot be entered."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._typed = ""
        self.keys: dict[str, BigButton] = {}
        for label in ("1", "2", "3", "4", "5", "6", "7", "8", "9", ERASE, "0", SUBMIT):
            role = {ERASE: "secondary", SUBMIT: "primary"}.get(label, "secondary")
            key = (PinKey if label.isdigit() else BigButton)(text=label, role=role)
            if label == ERASE:
                key.bind(on_release=lambda _k: self.erase())
            elif label == SUBMIT:
                key.bind(on_release=lambda _k: self.submit())
            else:
                key.bind(on_release=lambda k: self.press(k.text))
            self.keys[label] = key
            self.ids.keypad.add_widget(key)
        self.refresh()
        self._enable_keys()

    @property
    def guard(self):  # type: ignore[no-untyped-def]
        return self.session.app.pin_guard

    def press(self, digit: str) -> None:
        if self.locked or self.no_pin or len(self._typed) >= MAX_DIGITS:
            return
        self._typed += digit
        self.masked = MASK * len(self._typed)

    def erase(self) -> None:
        self._typed = self._typed[:-1]
        self.masked = MASK * len(self._typed)

    def submit(self) -> None:
        typed, self._typed, self.masked = self._typed, "", ""
        self.refresh()
        if self.locked or self.no_pin:
            return
        if not PIN_PATTERN.match(typed):
            self.message = french("Le code a de 4 à 8 chiffres. Tapez-le, puis touchez "
                                  "« Valider ».")
            return
        answer = self.guard.check(typed)
        if answer.ok:
            self.session.unlocked()
            return
        self.message = answer.message
        self.locked = answer.locked

    def refresh(self, *_args: object) -> None:
        """Read the state again: is a code set, is the pad locked, for how long."""
        self.no_pin = not has_pin(self.session.app.settings.path("data_dir"))
        self.locked = bool(self.guard.locked)
        if self.no_pin:
            self.message = NO_PIN
        elif self.locked:
            wait = duration_text(self.guard.wait_seconds())
            self.message = TOO_MANY.format(wait=wait)
        elif self.message.startswith(TOO_MANY.partition("{")[0]) or self.message == NO_PIN:
            self.message = ASK
        if self.locked or self.no_pin:
            self._typed, self.masked = "", ""

    def tick(self, _now: float) -> None:
        self.refresh()

    def on_locked(self, *_args: object) -> None:
        self._enable_keys()

    def on_no_pin(self, *_args: object) -> None:
        self._enable_keys()

    def _enable_keys(self) -> None:
        for key in getattr(self, "keys", {}).values():
            key.disabled = bool(self.locked or self.no_pin)


class PinKey(BigButton):
    """One key of the pad: a big square target."""


kv.load_beside(__file__)
