"""The home screen: procedures as big tiles, grouped by theme, six to a page."""

from __future__ import annotations

from collections.abc import Sequence

from kivy.properties import NumericProperty
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.model import Flow
from kiosk.flows.vocabulary import THEMES
from kiosk.ui import kv
from kiosk.ui.host import HomeHost
from kiosk.ui.widgets.common import Tile

PER_PAGE = 6


def order_flows(flows: Sequence[Flow]) -> list[Flow]:
    """Flows grouped by their first CRA theme (in the CRA's order), then by title."""
    return sorted(flows, key=lambda f: (THEMES.index(f.themes[0]) if f.themes else len(THEMES),
                                        f.title.fr.lower()))


class HomeScreen(Screen):
    page = NumericProperty(0)
    """Index of the page of tiles shown (0 for the first)."""

    pages = NumericProperty(0)
    """How many pages of tiles there are."""

    def __init__(self, host: HomeHost, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.host = host
        self._flows: list[Flow] = []

    def set_flows(self, flows: Sequence[Flow]) -> None:
        self._flows = order_flows(flows)
        self.pages = max(1, -(-len(self._flows) // PER_PAGE))
        self.page = 0
        self.refresh()

    def change_page(self, delta: int) -> None:
        self.page = min(max(0, self.page + delta), self.pages - 1)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        host = self.host
        grid = self.ids.grid
        kv.clear(grid)  # the tiles are made anew, the old ones' kv rules undone
        shown = self._flows[self.page * PER_PAGE:(self.page + 1) * PER_PAGE]
        for flow in shown:
            theme = flow.themes[0] if flow.themes else ""
            minutes = host.ntr("{minutes} min", "{minutes} min", flow.duration_minutes,
                               host.lang, minutes=flow.duration_minutes)
            caption = f"{theme.capitalize()} · {minutes}"
            tile = Tile(flow_id=flow.id, text=flow.short_title.get(host.lang), caption=caption,
                        icon=host.picture(flow.pictogram))
            tile.bind(on_release=lambda t: host.open_flow(t.flow_id))
            grid.add_widget(tile)
        for _ in range(PER_PAGE - len(shown)):
            grid.add_widget(Widget())

    def tiles(self) -> list[Tile]:
        return [w for w in reversed(self.ids.grid.children) if isinstance(w, Tile)]


kv.load_beside(__file__)
