"""The one theme: sizes from the screen, colours from the palettes (see theme.py)."""

from kiosk.ui.theme.theme import ROLES, Theme

__all__ = ["ROLES", "Theme"]
