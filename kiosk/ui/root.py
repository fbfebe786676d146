"""The frame of every screen: the bar of always-reachable buttons, and the screens below."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.ui import kv


class RootView(BoxLayout):
    """Top bar (Accueil, langue, texte, contraste, son, aide) above the screen manager."""


kv.load_beside(__file__)
