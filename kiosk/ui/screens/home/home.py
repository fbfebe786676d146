"""The home screen: procedures as big tiles, grouped by theme, as many to a page as fit.

How many tiles a page holds follows the screen's shape and the text size: the grid is the
largest of :data:`GRIDS` (landscape or portrait) where every tile keeps a pictogram of at
least 12 mm, its whole title and caption with no word cut inside, and at least a touch
target's size. Bigger text: fewer, larger tiles, more pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from kivy.properties import NumericProperty
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.model import Flow
from kiosk.flows.vocabulary import THEME_CAPTIONS, THEMES
from kiosk.ui import kv
from kiosk.ui.host import HomeHost
from kiosk.ui.widgets.common import Tile, text_height, widest_word

PICTOGRAM_MM = 12.0
"""A tile's pictogram is never smaller than this on the physical screen."""

GRIDS = {
    "landscape": ((3, 2), (2, 2), (3, 1), (2, 1), (1, 1)),
    "portrait": ((2, 3), (2, 2), (1, 3), (1, 2), (1, 1)),
}
"""(columns, rows) a page may have, the most tiles first, by the screen's shape."""


def order_flows(flows: Sequence[Flow]) -> list[Flow]:
    """Flows grouped by their first CRA theme (in the CRA's order), then by title."""
    return sorted(flows, key=lambda f: (THEMES.index(f.themes[0]) if f.themes else len(THEMES),
                                        f.title.fr.lower()))


class HomeScreen(Screen):
    page = NumericProperty(0)
    """Index of the page of tiles shown (0 for the first)."""

    pages = NumericProperty(0)
    """How many pages of tiles there are."""

    cols = NumericProperty(3)
    """Columns of tiles on a page now (chosen by :meth:`choose_grid`)."""

    rows = NumericProperty(2)
    """Rows of tiles on a page now."""

    def __init__(self, host: HomeHost, **kwargs: object) -> None:
        self.host = host  # before the kv rules run (on_kv_post binds to its theme)
        self._flows: list[Flow] = []
        self._grid_for: tuple[object, ...] = ()
        super().__init__(**kwargs)

    def on_kv_post(self, base_widget: object) -> None:
        self.ids.grid.bind(size=self._follow_grid)
        self.host.theme.bind(level=self._follow_grid)

    @property
    def per_page(self) -> int:
        return int(self.cols * self.rows)

    def set_flows(self, flows: Sequence[Flow]) -> None:
        self._flows = order_flows(flows)
        self._grid_for = ()
        self.page = 0
        self.choose_grid()
        self.refresh()

    def change_page(self, delta: int) -> None:
        self.page = min(max(0, self.page + delta), self.pages - 1)
        self.refresh()

    def _follow_grid(self, *_args: object) -> None:
        first = self.page * self.per_page  # the first tile shown stays on the page shown
        if self.choose_grid():
            self.page = min(first // self.per_page, self.pages - 1)
            self.refresh()

    # -- how many tiles fit ------------------------------------------------------------------
    def choose_grid(self) -> bool:
        """Pick the grid for the grid area's size now; True when it changed."""
        grid, theme, lang = self.ids.grid, self.host.theme, self.host.lang
        key = (round(grid.width), round(grid.height), theme.level, theme.px_per_mm, lang,
               tuple(f.id for f in self._flows))
        if key == self._grid_for:
            return False
        self._grid_for = key
        shape = "portrait" if theme.screen_height > theme.screen_width else "landscape"
        cols, rows = GRIDS[shape][-1]
        if grid.width > 1 and grid.height > 1:
            for cols, rows in GRIDS[shape]:  # noqa: B007 - the first that fits is kept
                if self.grid_fits(cols, rows, grid.width, grid.height):
                    break
        changed = (cols, rows) != (self.cols, self.rows)
        self.cols, self.rows = cols, rows
        self.pages = max(1, -(-len(self._flows) // self.per_page))
        return changed

    def grid_fits(self, cols: int, rows: int, width: float, height: float) -> bool:
        """Whether every flow's tile fits a ``cols`` x ``rows`` page of ``width`` x ``height``
        pixels: a pictogram of 12 mm, the whole title and caption, no word cut inside."""
        theme = self.host.theme
        tile_w = (width - (cols - 1) * theme.gap) / cols
        tile_h = (height - (rows - 1) * theme.gap) / rows
        inner = tile_w - 2 * theme.pad
        picture = PICTOGRAM_MM * theme.px_per_mm
        if min(tile_w, tile_h) < theme.target or inner < picture:
            return False
        for flow in self._flows:
            title, caption = self.words_of(flow)
            if widest_word(title, theme.body, True) > inner or \
                    widest_word(caption, theme.small, False) > inner:
                return False
            needed = (2 * theme.pad + picture + theme.pad
                      + text_height(title, theme.body, inner, True)
                      + text_height(caption, theme.small, inner, False))
            if needed > tile_h:
                return False
        return True

    def words_of(self, flow: Flow) -> tuple[str, str]:
        """A tile's title and caption in the visit's language."""
        host = self.host
        theme = flow.themes[0] if flow.themes else ""
        caption = host.tr(THEME_CAPTIONS[theme], host.lang) if theme in THEME_CAPTIONS \
            else theme.capitalize()
        minutes = host.ntr("{minutes} min", "{minutes} min", flow.duration_minutes,
                           host.lang, minutes=flow.duration_minutes)
        return flow.short_title.get(host.lang), f"{caption} · {minutes}"

    # -- the tiles ----------------------------------------------------------------------------
    def refresh(self, *_args: object) -> None:
        host = self.host
        self._grid_for = ()
        self.choose_grid()
        self.page = min(self.page, self.pages - 1)
        grid = self.ids.grid
        kv.clear(grid)  # the tiles are made anew, the old ones' kv rules undone
        grid.cols, grid.rows = self.cols, self.rows
        per_page = self.per_page
        shown = self._flows[self.page * per_page:(self.page + 1) * per_page]
        for flow in shown:
            title, caption = self.words_of(flow)
            tile = Tile(flow_id=flow.id, text=title, caption=caption,
                        icon=host.picture(flow.pictogram))
            tile.bind(on_release=lambda t: host.open_flow(t.flow_id))
            grid.add_widget(tile)
        for _ in range(per_page - len(shown)):
            grid.add_widget(Widget())

    def tiles(self) -> list[Tile]:
        return [w for w in reversed(self.ids.grid.children) if isinstance(w, Tile)]


kv.load_beside(__file__)
