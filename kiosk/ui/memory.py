"""The kiosk's memory stays flat: what a screen change drops is freed, then given back.

Every Kivy widget is a reference cycle (its properties hold its own bound methods), so a
step's widgets, once replaced by the next step's, wait for Python's cyclic collector, with
their text textures and vertex buffers. The collector's full pass comes only when the
objects promoted since the last one reach a quarter of those it kept (about 25,000 on the
kiosk): several steps of dead widgets holding 6 to 13 MiB of C heap, and a heap grown around
them that stays as big, and fragmented, after they are freed.

``MemoryKeeper`` (docs/performance.md, "Memory"):

- ``freeze_startup`` — once what lives as long as the process exists (modules, classes, kv
  rules, the root view and its screens) and before anything that is ever dropped (tiles, a
  step's widgets), those objects are moved out of the collector's sight (``gc.freeze``): a
  full collection then looks only at what was made since, about 5 ms instead of 20 to 45;
- ``request`` — a visitor's tap was released, or the app changed screens by itself (a visit
  wiped, flows reloaded): once the next frame has been shown, one full collection runs at
  the following clock tick, so the screen before is freed before the next one is built;
- then, when no other screen change came for ``still_seconds``, ``malloc_trim(0)`` gives the
  C heap's free pages back to the system (glibc only; elsewhere this step is skipped).
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable
from typing import Any

STILL_SECONDS = 1.0
"""Quiet time after the last sweep before free memory is given back to the system."""

Schedule = Callable[[Callable[[float], Any], float], Any]


def libc_malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS, Windows)."""
    try:
        function = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function


MALLOC_TRIM = libc_malloc_trim()


class MemoryKeeper:
    """Sweeps after screen changes. Call every method on the UI thread.

    ``schedule(callback, seconds)`` runs ``callback(dt)`` later on the UI thread and returns
    something with ``cancel()`` (Kivy's ``Clock.schedule_once``); ``collect`` and ``trim``
    default to ``gc.collect`` and glibc's ``malloc_trim`` (None: never trim)."""

    def __init__(self, schedule: Schedule, *, collect: Callable[[], Any] = gc.collect,
                 trim: Callable[[int], Any] | None = MALLOC_TRIM,
                 still_seconds: float = STILL_SECONDS) -> None:
        self._schedule = schedule
        self._collect = collect
        self._trim = trim
        self.still_seconds = still_seconds
        self.sweeps = 0
        """Full collections run after a screen change (for tests and benchmarks)."""
        self.trims = 0
        """Times free memory was given back to the system."""
        self._due = False
        self._sweep_event: Any = None
        self._trim_event: Any = None

    def freeze_startup(self) -> int:
        """Keep every object alive now out of later collections; returns how many.

        Call it when what stays for the whole run is there and nothing that will be dropped
        is: a frozen object is never collected, so one dropped later would stay in memory
        (once: objects made after this call are collected as usual). No collection runs
        first: it would cost 20-30 ms before the first frame, for the few hundred objects of
        garbage start-up makes."""
        gc.freeze()
        return gc.get_freeze_count()

    def request(self, *_args: object) -> None:
        """The screen changed (or may have): sweep once its next frame has been shown."""
        self._due = True
        if self._trim_event is not None:  # not still any more: trim after the next sweep
            self._trim_event.cancel()
            self._trim_event = None

    def frame_shown(self, *_args: object) -> None:
        """A frame went to the screen (the window's ``on_flip``)."""
        if self._due and self._sweep_event is None:
            self._due = False
            # At the next tick, not now: this frame is first sent to the X server as usual.
            self._sweep_event = self._schedule(self._sweep, 0)

    def _sweep(self, _dt: float = 0.0) -> None:
        self._sweep_event = None
        self._collect()
        self.sweeps += 1
        if self._trim is not None:
            if self._trim_event is not None:
                self._trim_event.cancel()
            self._trim_event = self._schedule(self._trim_now, self.still_seconds)

    def _trim_now(self, _dt: float = 0.0) -> None:
        self._trim_event = None
        if self._trim is not None:
            self._trim(0)
            self.trims += 1

    def close(self) -> None:
        """Cancel what is scheduled (the app stops)."""
        for event in (self._sweep_event, self._trim_event):
            if event is not None:
                event.cancel()
        self._sweep_event = self._trim_event = None
        self._due = False
