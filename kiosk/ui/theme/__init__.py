"""The one theme: sizes from the screen, colours from the palettes (see theme.py).

``THEME`` is the theme of this process: the app sets its screen size, text level and
contrast; kv rules bind to it as ``app.theme``, Python widgets import it.
"""

from kiosk.ui.theme.theme import ROLES, Theme

THEME = Theme()

__all__ = ["ROLES", "THEME", "Theme"]
