"""The one piece kept that reaches into Kivy: ``SteadyScrollView`` (kiosk/ui/widgets/common.py).

Kivy 2.3.1's ScrollView binds ``_change_bar_color`` to ``bar_color`` once more at every
``update_from_scroll``: on the step screen, which lives as long as the kiosk, two more
callbacks for each step shown. The first test is the minimal reproduction of that Kivy
behaviour: when it fails, Kivy fixed it and the class can go.
"""

from __future__ import annotations

from kivy.uix.scrollview import ScrollView  # noqa: E402
from ui_helpers import make_app, run_app, settle, walk_widgets  # configures Kivy first

from kiosk.ui.widgets.common import SteadyScrollView


def bar_bindings(view) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for callback in view.get_property_observers("bar_color")
               if getattr(callback, "__name__", "") == "_change_bar_color")


def test_kivy_scroll_view_alone_piles_up_the_bindings():
    from kivy.uix.scrollview import ScrollView
    from kivy.uix.widget import Widget

    plain, steady = ScrollView(), SteadyScrollView()
    for view in (plain, steady):
        view.add_widget(Widget(size_hint_y=None, height=2000))
        for _ in range(5):
            view.update_from_scroll()
    assert (bar_bindings(plain), bar_bindings(steady)) == (5, 1)


def test_the_step_screen_has_nothing_to_scroll(tmp_path):
    """The step screen shows every step in pages, with no ScrollView (issue 15): the
    binding leak above cannot pile up there; SteadyScrollView stays for the counsellor."""
    app = make_app(tmp_path)
    found: list[str] = []

    def script(app):
        yield from settle(app)
        app.open_flow("ecran-tactile")
        yield from settle(app)
        found.extend(type(w).__name__ for w in walk_widgets(app.step_screen)
                     if isinstance(w, ScrollView))

    run_app(app, script)
    assert found == []
