"""The one piece kept that reaches into Kivy: ``SteadyScrollView`` (kiosk/ui/widgets/common.py).

Kivy 2.3.1's ScrollView binds ``_change_bar_color`` to ``bar_color`` once more at every
``update_from_scroll``: on the step screen, which lives as long as the kiosk, two more
callbacks for each step shown. The first test is the minimal reproduction of that Kivy
behaviour: when it fails, Kivy fixed it and the class can go.
"""

from __future__ import annotations

from ui_helpers import make_app, run_app, settle  # configures Kivy first

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


def test_the_step_screen_keeps_one_bar_colour_binding_whatever_the_steps_shown(tmp_path):
    app = make_app(tmp_path)
    counts: list[int] = []

    def script(app):
        yield from settle(app)
        app.open_flow("ecran-tactile")
        scroller = app.step_screen.ids.scroller
        assert isinstance(scroller, SteadyScrollView)
        for _ in range(40):
            yield
            walker = app.visit.walker
            if walker.number == 1 or walker.can_go_back and walker.number < 4:
                app.controller.next()
            else:
                app.controller.back()
        yield from settle(app)
        counts.append(bar_bindings(scroller))

    run_app(app, script)
    # One binding, or none once Kivy undid it after half a second without scrolling (a
    # slow machine): never one more per step shown.
    assert counts in ([0], [1])
