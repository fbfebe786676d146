"""Memory: screens dropped are collected after the next frame, memory is given back when the
screen is still (kiosk/ui/memory.py), and the step screen's scroll view does not pile up
bindings (docs/performance.md, "Memory")."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest
from ui_helpers import Clock, Window, make_app, run_app, settle, tap  # configures Kivy first

from kiosk.ui.memory import MALLOC_TRIM, MemoryKeeper, libc_malloc_trim
from kiosk.ui.widgets import SteadyScrollView


class _Event:
    def __init__(self, queue: FakeSchedule, callback, seconds: float) -> None:
        self.queue, self.callback, self.seconds = queue, callback, seconds
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class FakeSchedule:
    """``Clock.schedule_once`` that the test runs by hand: ``run(seconds)`` fires what is due."""

    def __init__(self) -> None:
        self.now = 0.0
        self.events: list[tuple[float, _Event]] = []

    def __call__(self, callback, seconds: float) -> _Event:
        event = _Event(self, callback, seconds)
        self.events.append((self.now + seconds, event))
        return event

    def pending(self) -> list[float]:
        return sorted(at - self.now for at, e in self.events if not e.cancelled)

    def run(self, seconds: float = 0.0) -> None:
        self.now += seconds
        due = [(at, e) for at, e in self.events if at <= self.now and not e.cancelled]
        self.events = [(at, e) for at, e in self.events if (at, e) not in due]
        for _at, event in sorted(due, key=lambda item: item[0]):
            event.callback(0.0)


def _keeper(still: float = 1.0):
    schedule = FakeSchedule()
    calls: list[str] = []
    keeper = MemoryKeeper(schedule, collect=lambda: calls.append("collect"),
                          trim=lambda pad: calls.append(f"trim({pad})"), still_seconds=still)
    return keeper, schedule, calls


def test_a_change_is_swept_at_the_tick_after_its_frame_then_trimmed_when_still():
    keeper, schedule, calls = _keeper(still=1.0)
    keeper.request()
    schedule.run()
    assert calls == [] and schedule.pending() == []  # nothing before a frame is shown
    keeper.frame_shown()
    assert calls == [] and schedule.pending() == [0.0]  # not during the frame itself
    schedule.run()
    assert calls == ["collect"] and keeper.sweeps == 1
    assert schedule.pending() == [1.0]
    schedule.run(0.99)
    assert calls == ["collect"]
    schedule.run(0.01)
    assert calls == ["collect", "trim(0)"] and keeper.trims == 1
    keeper.frame_shown()  # frames without a change: nothing more
    schedule.run(5.0)
    assert calls == ["collect", "trim(0)"] and schedule.pending() == []


def test_changes_before_the_sweep_make_one_sweep_and_a_new_change_delays_the_trim():
    keeper, schedule, calls = _keeper(still=1.0)
    keeper.request()
    keeper.frame_shown()
    keeper.request()
    keeper.frame_shown()
    schedule.run()
    assert calls == ["collect"]
    schedule.run(0.5)
    keeper.request()  # the visitor taps again before the screen was still for a second
    schedule.run(2.0)
    assert calls == ["collect"]  # no trim: the change cancelled it, no frame shown yet
    keeper.frame_shown()
    schedule.run()
    schedule.run(1.0)
    assert calls == ["collect", "collect", "trim(0)"]
    assert (keeper.sweeps, keeper.trims) == (2, 1)


def test_without_malloc_trim_only_the_collection_runs_and_close_cancels_everything():
    schedule = FakeSchedule()
    calls: list[str] = []
    keeper = MemoryKeeper(schedule, collect=lambda: calls.append("collect"), trim=None)
    keeper.request()
    keeper.frame_shown()
    schedule.run()
    schedule.run(10.0)
    assert calls == ["collect"] and keeper.trims == 0 and schedule.pending() == []

    keeper, schedule, calls = _keeper()
    keeper.request()
    keeper.frame_shown()
    keeper.close()
    schedule.run(10.0)
    keeper.frame_shown()
    schedule.run(10.0)
    assert calls == [] and schedule.pending() == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_malloc_trim_is_found_in_glibc_and_runs():
    trim = libc_malloc_trim()
    assert trim is not None and MALLOC_TRIM is not None
    assert trim(0) in (0, 1)  # 1: memory was given back, 0: there was none to give


def test_freeze_startup_keeps_objects_alive_then_out_of_later_collections():
    keeper = MemoryKeeper(FakeSchedule())
    try:
        before = object()  # alive at the freeze: moved out of the collector's generations
        frozen = keeper.freeze_startup()
        assert frozen == gc.get_freeze_count() > 0
        assert not any(o is before for o in gc.get_objects())
        after = []  # made after the freeze: collected as usual
        assert any(o is after for o in gc.get_objects())
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_the_app_frees_the_step_it_left_once_the_next_step_is_on_screen(tmp_path):
    app = make_app(tmp_path)
    app.memory = MemoryKeeper(Clock.schedule_once, trim=None)
    left: list[weakref.ref] = []
    seen: dict[str, object] = {}
    flips: list[tuple[int, int]] = []

    def on_flip(*_args):
        if app.visit.walker is not None:
            flips.append((app.visit.walker.number, app.memory.sweeps))

    def script(app):
        yield from settle(app)
        seen["frozen"] = gc.get_freeze_count()  # the root view and screens, before any tile
        seen["after_start"] = app.memory.sweeps
        app.open_flow("ecran-tactile")
        yield from settle(app)
        seen["before_tap"] = app.memory.sweeps
        left.append(weakref.ref(app.step_screen.ids.content.children[-1]))
        Window.bind(on_flip=on_flip)
        tap(app.step_screen.ids.next)
        assert app.visit.walker.number == 2
        yield from settle(app)
        Window.unbind(on_flip=on_flip)
        seen["after_settle"] = app.memory.sweeps
        seen["left_alive"] = left[0]() is not None

    gc.disable()  # only the keeper's sweep may collect the step left behind
    try:
        run_app(app, script)
    finally:
        gc.enable()
        gc.unfreeze()
    assert seen["frozen"] > 0
    assert seen["after_start"] >= 1  # what loading left behind, after the first frame
    before = seen["before_tap"]
    assert flips[0] == (2, before)  # step 2's first frame is drawn before any sweep
    assert seen["after_settle"] == before + 1  # then exactly one sweep for that tap
    assert seen["left_alive"] is False


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
    # One binding, or none once Kivy undid it after half a second without scrolling (a
    # slow machine): never one more per step shown.
    assert counts in ([0], [1])


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

