"""Flow files read and checked off the interface's thread, the new set handed back whole.

:class:`FlowWatcher` owns a :class:`~kiosk.flows.library.FlowLibrary`, a thread of its own
and a worker process (:mod:`kiosk.flows.reader`). Every :data:`POLL_SECONDS` the thread asks
the worker to look at the flows folder (one ``lstat`` a file); when something changed the
worker reads and checks what changed and sends back only that; the thread applies it to the
library, builds the new :class:`~kiosk.flows.flowset.FlowSet`, and calls ``deliver`` with it.
``deliver`` runs on the watcher's thread: the kiosk wraps it in ``Clock.schedule_once`` so
that the new set replaces the old one at once, between two frames, on the interface's thread.
Nothing here imports Kivy.

Whatever is dropped into the folder, the thread never dies (an unexpected error is logged and
the next look happens as usual) and the screen keeps drawing: the reading runs in the worker
process, which shares no interpreter lock with the screen, at a lower CPU priority, in
bounded time and memory per file (:mod:`kiosk.flows.files`). :meth:`FlowWatcher.stop` ends
the worker; a worker that dies is started again (:class:`~kiosk.flows.reader.FlowReader`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from .flowset import FlowSet
from .library import FlowLibrary
from .reader import FlowReader, ReaderStopped
from .reduced import ReducedPictures

log = logging.getLogger("kiosk.flows")

POLL_SECONDS = 2.0
"""How often the folder is looked at: a changed flow is on screen within this plus its
reading time (well under 5 s), or at the next home screen for a visit in progress."""


class FlowWatcher:
    def __init__(self, paths: list[Path] | Path, assets_dir: Path, loaded: FlowSet | None,
                 deliver: Callable[[FlowSet], None], *, interval: float = POLL_SECONDS,
                 domains: tuple[str, ...] | None = None,
                 pictures: ReducedPictures | None = None) -> None:
        """``pictures``: where the worker makes reduced copies of the flows' big pictures;
        a look that made some hands the set back too, so that the screens show them."""
        self.library = FlowLibrary(paths, assets_dir, loaded, domains)
        self.reader = FlowReader(self.library, pictures)
        """The worker process that reads the files (started with the thread)."""
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
        """Stop the thread and end the worker process (killed if it does not end in time)."""
        self._stopping.set()
        self.reader.stopping()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self.reader.close(timeout)

    def look_now(self) -> None:
        """Look at the folder at once instead of at the next poll."""
        self._wake.set()

    def refresh(self) -> FlowSet | None:
        """Have the worker look at the folder now, waiting for it on the calling thread: the
        new set when something changed or the worker made reduced copies of pictures; None
        when nothing did, and once stopped."""
        with self._lock:
            try:
                changes = self.reader.scan()
            except ReaderStopped:
                return None
            self.looks += 1
            if changes is not None:
                self.library.apply(changes)
            elif not self.reader.pictures_made:
                return None
            return self.library.flowset

    def _run(self) -> None:
        # This thread keeps the interface's CPU priority: it holds the interpreter lock while
        # it takes a new set in, and at a lower priority other programs could keep it off the
        # CPU with the lock held, the screen waiting on it. The worker process is niced.
        try:
            with self._lock:
                self.reader.start()  # now, so that the first change is read without waiting
        except Exception:  # tried again at each look
            log.exception("flows: the process that reads the flows could not start")
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
