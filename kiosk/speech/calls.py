"""Ways to run a function on the UI thread, from the synthesis thread."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable


def kivy_post(function: Callable[[], None]) -> None:
    """Run ``function`` on Kivy's thread at the next frame (Kivy's Clock is thread-safe)."""
    from kivy.clock import Clock

    Clock.schedule_once(lambda _dt: function(), 0)


class CallQueue:
    """Functions posted from any thread, run by whoever calls ``run_pending`` (the thread
    that plays the part of the UI thread: tests, the bench, commands without a window)."""

    def __init__(self) -> None:
        self._calls: queue.Queue[Callable[[], None]] = queue.Queue()

    def post(self, function: Callable[[], None]) -> None:
        self._calls.put(function)

    def run_pending(self, timeout: float = 0.0) -> int:
        """Run what was posted, waiting up to ``timeout`` seconds for the first one."""
        ran = 0
        try:
            call = self._calls.get(timeout=timeout) if timeout > 0 else self._calls.get_nowait()
        except queue.Empty:
            return 0
        while True:
            call()
            ran += 1
            try:
                call = self._calls.get_nowait()
            except queue.Empty:
                return ran

    def run_until(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Run posted functions until ``condition()`` holds; False if ``timeout`` passed."""
        deadline = time.monotonic() + timeout
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.run_pending(min(left, 0.05))
        return True
