"""The frame of every screen: the bar of always-reachable buttons, and the screens below."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.ui import kv
from kiosk.ui.widgets import words  # noqa: F401 - MirrorRow, used in root.kv


class RootView(BoxLayout):
    """Top bar (Accueil, langue, texte, contraste, son, aide) above the screen manager."""


kv.load_beside(__file__)
