"""Memory: the step screen's scroll view does not pile up bindings (docs/performance.md,
"Memory")."""

from __future__ import annotations

from ui_helpers import make_app, run_app, settle  # configures Kivy first

from kiosk.ui.widgets import SteadyScrollView


def test_the_step_screen_keeps_one_bar_colour_binding_whatever_the_steps_shown(tmp_path):
    app = make_app(tmp_path)
    counts: list[int] = []

    def bar_bindings(view):
        return sum(1 for callback in view.get_property_observers("bar_color")
                   if getattr(callback, "__name__", "") == "_change_bar_color")

    def script(app):
        yield from settle(app)
        app.open_flow("ecran-tactile")
        scroller = app.step_screen.ids.scroller
        assert isinstance(scroller, SteadyScrollView)
        for _ in range(40):
            yield
            walker = app.visit.walker
            if walker.number == 1 or walker.can_go_back and walker.number < 4:
                app.next()
            else:
                app.back()
        yield from settle(app)
        counts.append(bar_bindings(scroller))

    run_app(app, script)
    assert counts == [1]


def test_kivy_scroll_view_alone_would_pile_up_the_bindings():
    """Why SteadyScrollView exists: if this fails, Kivy fixed it and the class can go."""
    from kivy.uix.scrollview import ScrollView
    from kivy.uix.widget import Widget

    def bar_bindings(view):
        return sum(1 for callback in view.get_property_observers("bar_color")
                   if getattr(callback, "__name__", "") == "_change_bar_color")

    plain, steady = ScrollView(), SteadyScrollView()
    for view in (plain, steady):
        view.add_widget(Widget(size_hint_y=None, height=2000))
        for _ in range(5):
            view.update_from_scroll()
    assert (bar_bindings(plain), bar_bindings(steady)) == (5, 1)
