"""The cyclic collector runs between frames only (kiosk/ui/collector.py)."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import pytest
from ui_helpers import make_app, run_app

from kiosk.ui.collector import FrameCollector, due_generation

DEFAULT = (700, 10, 10)


@pytest.mark.parametrize(("counts", "expected"), [
    ((0, 0, 0), None),
    ((700, 9, 9), None),          # the interpreter waits until the count is over
    ((701, 0, 0), 0),
    ((701, 10, 3), 0),
    ((701, 11, 3), 1),
    ((701, 11, 11), 2),
    ((701, 0, 11), 2),            # the oldest generation over its threshold wins
    ((5000, 2, 2), 0),
])
def test_due_generation_follows_the_interpreter_s_thresholds(counts, expected) -> None:  # type: ignore[no-untyped-def]
    assert due_generation(counts, DEFAULT) == expected


def test_a_threshold_of_zero_means_no_collection() -> None:
    assert due_generation((10_000, 50, 50), (0, 10, 10)) is None


class FakeInterval:
    def __init__(self) -> None:
        self.calls: list[float] = []
        self.cancelled = 0

    def __call__(self, callback, seconds: float):  # type: ignore[no-untyped-def]
        self.calls.append(seconds)
        return self

    def cancel(self) -> None:
        self.cancelled += 1


@pytest.fixture
def thresholds():  # type: ignore[no-untyped-def]
    saved, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*saved)
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_start_turns_the_interpreter_s_collections_off_and_stop_gives_them_back(
        thresholds) -> None:  # type: ignore[no-untyped-def]
    gc.enable()
    interval = FakeInterval()
    collector = FrameCollector(interval, period=0.5)
    collector.start()
    collector.start()  # a second start changes nothing
    assert (gc.isenabled(), collector.running, interval.calls) == (False, True, [0.5])
    collector.stop()
    collector.stop()
    assert (gc.isenabled(), collector.running, interval.cancelled) == (True, False, 1)


def test_stop_leaves_collections_off_when_they_were_off_before(thresholds) -> None:  # type: ignore[no-untyped-def]
    gc.disable()
    collector = FrameCollector(FakeInterval())
    collector.start()
    collector.stop()
    assert gc.isenabled() is False


def test_tick_runs_the_due_collection_and_counts_it(thresholds) -> None:  # type: ignore[no-untyped-def]
    asked: list[int] = []
    collector = FrameCollector(FakeInterval(), collect=asked.append)
    gc.disable()
    gc.collect()
    gc.set_threshold(1000, 10, 10)
    assert collector.tick() is None  # fewer than 1,000 objects made since
    made = [[n] for n in range(2000)]
    assert collector.tick() == 0
    assert (asked, collector.collections) == ([0], [1, 0, 0])
    del made


KIVY_RULES = str(Path("kivy", "lang", "builder.py"))
KIVY_EVENTS = "kivy/_event"


def inside_a_handler() -> str | None:
    """Where a collection started, if it was inside a kv rule or a Kivy property dispatch."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.endswith(KIVY_RULES) or KIVY_EVENTS in name:
            return f"{name}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back
    return None


def test_no_collection_runs_inside_a_kv_rule_while_the_kiosk_restyles_itself(
        tmp_path, thresholds) -> None:  # type: ignore[no-untyped-def]
    """Contrast, text size and language changes reach hundreds of kv rules in a row, right
    after a step's widgets were dropped. A collection inside one of them would free a widget
    under its own rule (ReferenceError, the monkey test): none may start there."""
    app = make_app(tmp_path)
    inside: list[str] = []
    started = [0]

    def watch(phase: str, _info: dict) -> None:
        if phase == "start":
            started[0] += 1
            where = inside_a_handler()
            if where is not None:
                inside.append(where)

    def script(app):  # type: ignore[no-untyped-def]
        yield
        gc.set_threshold(50, 10, 10)  # a collection every 50 objects, as often as can be
        for round_ in range(3):
            app.open_flow("ecran-tactile")
            yield
            app.next()
            yield
            language = "en" if round_ % 2 == 0 else "fr"
            for change, *value in ((app.toggle_contrast,), (app.cycle_text_size,),
                                   (app.choose_language, language)):
                change(*value)
                yield
                yield
            app.go_home()
            yield
        waited = time.monotonic()
        while not app.collector.collections[0] and time.monotonic() - waited < 5:
            yield  # the clock looks at the counts every 0.25 s

    gc.callbacks.append(watch)
    try:
        run_app(app, script)
    finally:
        gc.callbacks.remove(watch)
    assert inside == []
    assert app.collector.collections[0] > 0  # collections did run: from the clock
