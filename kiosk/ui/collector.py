"""Python's cyclic collector, run only between two frames, never in the middle of one.

The interpreter starts a collection whenever enough objects were made, wherever that
happens: in the middle of a tap's handling, or in the middle of a theme change (contrast,
text size, language) that reaches hundreds of kv rules one after the other. A kv rule holds
its widget weakly; a widget dropped a moment before is garbage that only the collector
frees (every widget is a reference cycle). If a collection starts while such a widget's own
rule is being evaluated, the widget is freed under it and the rule fails with
``ReferenceError: weakly-referenced object no longer exists`` (seen in the monkey test,
``kiosk/ui/widgets.kv``, a button's colour rule, after « Contraste »). Another thread (the
voice, the usage log) can start one too, at any moment.

``FrameCollector`` switches the interpreter's own collections off while the app runs, and
runs the same ones from the clock, between frames: the young generations when the
interpreter's own thresholds say so, a full collection after as many young ones as it would
wait for. No handler, no kv rule, is ever interrupted by a collection. Collections after a
screen change are :mod:`kiosk.ui.memory`'s, from the clock too.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

PERIOD = 0.25
"""Seconds between two looks at the collector's counts (the idle tick's period)."""

ScheduleInterval = Callable[[Callable[[float], Any], float], Any]


def due_generation(counts: tuple[int, int, int], thresholds: tuple[int, int, int]) -> int | None:
    """The generation the interpreter would collect now, or None.

    ``counts`` and ``thresholds`` as given by ``gc.get_count()`` and ``gc.get_threshold()``:
    objects made since the last collection of generation 0, collections of generation 0
    since the last of generation 1, of generation 1 since the last full one. A threshold of
    0 for generation 0 means never (as ``gc.set_threshold(0)``). The interpreter also
    delays a full collection until the objects waiting for one are a quarter of those that
    survived the last; that count is not visible from Python, and since the kiosk freezes
    what start-up made (:mod:`kiosk.ui.memory`), a full collection costs a few ms."""
    if thresholds[0] <= 0 or counts[0] <= thresholds[0]:
        return None
    for generation in (2, 1):  # the oldest one over its threshold, as the interpreter does
        if counts[generation] > thresholds[generation]:
            return generation
    return 0


class FrameCollector:
    """Runs the cyclic collector from the clock only, while started. UI thread only.

    ``schedule_interval(callback, seconds)`` is Kivy's ``Clock.schedule_interval``;
    ``collect(generation)`` defaults to ``gc.collect``."""

    def __init__(self, schedule_interval: ScheduleInterval, *,
                 collect: Callable[[int], Any] = gc.collect, period: float = PERIOD) -> None:
        self._schedule_interval = schedule_interval
        self._collect = collect
        self.period = period
        self.collections = [0, 0, 0]
        """Collections run, by generation (for tests and benchmarks)."""
        self._event: Any = None
        self._was_enabled = False

    @property
    def running(self) -> bool:
        return self._event is not None

    def start(self) -> None:
        """Switch the interpreter's own collections off; run them from the clock instead."""
        if self._event is not None:
            return
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._event = self._schedule_interval(self.tick, self.period)

    def tick(self, _dt: float = 0.0) -> int | None:
        """Run the collection that is due, if one is; returns its generation."""
        generation = due_generation(gc.get_count(), gc.get_threshold())
        if generation is not None:
            self._collect(generation)
            self.collections[generation] += 1
        return generation

    def stop(self) -> None:
        """Give collections back to the interpreter as they were before :meth:`start`."""
        if self._event is None:
            return
        self._event.cancel()
        self._event = None
        if self._was_enabled:
            gc.enable()
