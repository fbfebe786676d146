"""Flow files read and checked off the interface's thread, the new set handed back whole.

:class:`FlowWatcher` owns a :class:`~kiosk.flows.library.FlowLibrary` and a thread of its
own. Every :data:`POLL_SECONDS` the thread looks at the flows folder (one ``lstat`` a file);
when something changed it reads and checks what changed, builds the new
:class:`~kiosk.flows.flowset.FlowSet`, and calls ``deliver`` with it. ``deliver`` runs on the
watcher's thread: the kiosk wraps it in ``Clock.schedule_once`` so that the new set replaces
the old one at once, between two frames, on the interface's thread. Nothing here imports Kivy.

Whatever is dropped into the folder, the thread never dies (an unexpected error is logged and
the next look happens as usual) and the screen keeps drawing: the work runs at a lower CPU
priority, in bounded time and memory per file (:mod:`kiosk.flows.files`).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from .flowset import FlowSet
from .library import FlowLibrary

log = logging.getLogger("kiosk.flows")

POLL_SECONDS = 2.0
"""How often the folder is looked at: a changed flow is on screen within this plus its
reading time (well under 5 s), or at the next home screen for a visit in progress."""

NICENESS = 10
"""How much lower the watcher's CPU priority is than the interface's (Linux: per thread)."""


class FlowWatcher:
    def __init__(self, paths: list[Path] | Path, assets_dir: Path, loaded: FlowSet | None,
                 deliver: Callable[[FlowSet], None], *, interval: float = POLL_SECONDS,
                 domains: tuple[str, ...] | None = None) -> None:
        self.library = FlowLibrary(paths, assets_dir, loaded, domains)
        self.deliver = deliver
        self.interval = interval
        self.looks = 0
        """How many times the thread looked at the folder (for tests and benchmarks)."""
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="flow-watcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def look_now(self) -> None:
        """Look at the folder at once instead of at the next poll."""
        self._wake.set()

    def refresh(self) -> FlowSet | None:
        """Look at the folder on the calling thread: the new set when something changed."""
        with self._lock:
            changed = self.library.refresh()
            self.looks += 1
            return self.library.flowset if changed else None

    def _run(self) -> None:
        try:  # Linux threads have their own niceness: the screen's thread keeps its own
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
        except (AttributeError, OSError):  # pragma: no cover - other systems
            pass
        while not self._stopping.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stopping.is_set():
                break
            try:
                flowset = self.refresh()
                if flowset is not None and not self._stopping.is_set():
                    self.deliver(flowset)
            except Exception:  # never stop watching: the next look may find it fixed
                log.exception("flows: unexpected error while reading the flows folder")
