"""The step screen shows every step in pages, with nothing to scroll (issue 15).

So nothing of the kiosk reaches into Kivy's internals any more: the ScrollView binding leak
of Kivy 2.3.1 (``update_from_scroll`` binds ``_change_bar_color`` once more each time) that a
subclass used to work around on the long-lived step screen cannot pile up there; the only
ScrollView left is the counsellor's space, dropped each time it closes.
"""

from __future__ import annotations

from kivy.uix.scrollview import ScrollView
from ui_helpers import make_app, run_app, settle, walk_widgets  # configures Kivy first

from kiosk.visit import EndReason


def test_the_step_screen_has_nothing_to_scroll(tmp_path):
    app = make_app(tmp_path)
    found: list[str] = []

    def script(app):
        yield from settle(app)
        for flow_id in ("ecran-tactile", "creer-adresse-email"):
            app.open_flow(flow_id)
            yield from settle(app)
            found.extend(type(w).__name__ for w in walk_widgets(app.root)
                         if isinstance(w, ScrollView))
            app.controller.end(EndReason.HOME)
            yield from settle(app)

    run_app(app, script)
    assert found == []
