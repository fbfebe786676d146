"""The flows folder read and checked in a process of its own (no Kivy).

Reading and checking flow files is Python work (YAML, the checks of every text): on a thread
of the kiosk's own process it shares the interpreter lock with the screen, and the screen
missed frames for 135 to 256 ms while 300 flows and hostile files were read
(bench/bench_hostile.py). Here it runs in a worker process started with the ``spawn`` method
(a fresh interpreter: no copy of Kivy, SDL or the window, which ``fork`` would make):

- the worker holds a copy of the kiosk's :class:`~kiosk.flows.library.FlowLibrary`; asked to
  look, it reads what changed (:meth:`~kiosk.flows.library.FlowLibrary.scan`) and sends back
  only that (:class:`~kiosk.flows.library.Changes`): the kiosk applies it to its own library
  and builds the new set, so the flows of unchanged files stay the same objects;
- the worker also makes the reduced copies of the pictures the flows name that are bigger
  than the screen (:mod:`kiosk.flows.reduced`): when it starts, and at every look before it
  answers (a picture replaced on disk, its flow unchanged, gets its copy at the next look);
- each changed file comes pickled on its own, and the kiosk unpickles them one by one with a
  short pause between, so that the screen's thread gets the interpreter lock between two
  (300 new flows are 4 MB of pickles, 160 to 500 ms of Python in one piece here);
- the worker runs at a lower CPU priority, ignores SIGINT, SIGTERM and SIGHUP (``systemctl
  stop`` signals the whole group: the kiosk stops it itself), and ends as soon as the kiosk
  closes its end of the pipe, or dies: no process outlives the kiosk (``multiprocessing``'s
  own resource tracker, started with the first worker, ends with the kiosk too);
- a worker that dies (killed, out of memory) is noticed at the next look, logged in French,
  and started again from the kiosk's library, the look done again at once; one that keeps
  dying is started again after a growing wait (:data:`MAX_RESTART_WAIT`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .library import Changes, FileChange, FlowLibrary
from .model import Flow
from .pictures import PictureError, check_picture
from .reduced import ReducedPictures

log = logging.getLogger("kiosk.flows")

START_METHOD = "spawn"
"""A fresh interpreter for the worker: ``fork`` would copy a process that has Kivy, SDL and
OpenGL loaded (and threads running)."""

NICENESS = 10
"""How much lower the worker's CPU priority is than the kiosk's."""

MAX_RESTART_WAIT = 60.0
"""The longest wait before a worker that keeps dying is started again (seconds)."""

CLOSE_SECONDS = 2.0
"""How long a closing worker may take to end before it is killed."""

PAUSE_SECONDS = 0.0005
"""The pause after each changed file taken in: the screen's thread gets the lock then."""


class ReaderStopped(Exception):
    """The reader was closed while a look was under way."""


class FlowReader:
    """The kiosk's end of the worker process: :meth:`scan` asks it to look, :meth:`close`
    ends it. One caller at a time (:class:`~kiosk.flows.watcher.FlowWatcher` holds a lock).

    ``library``: the kiosk's library; the worker starts from a copy of it, and what the
    worker finds is applied to it by the caller."""

    def __init__(self, library: FlowLibrary, pictures: ReducedPictures | None = None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.library = library
        self.pictures = pictures
        """Where the worker puts reduced copies of big pictures (None: it makes none)."""
        self.pictures_made = 0
        """How many copies the worker made for the last look (and since it started)."""
        self.clock = clock
        self.starts = 0
        """How many worker processes were started (for tests and the log)."""
        self.crashes = 0
        """Worker deaths in a row (back to 0 after a look that worked)."""
        self._process: Any = None  # multiprocessing's SpawnProcess
        self._conn: Connection | None = None
        self._not_before = 0.0
        self._closed = threading.Event()

    @property
    def pid(self) -> int | None:
        """The worker's process id while one runs."""
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the worker (if none runs): a copy of the library goes with it."""
        if self._process is not None or self._closed.is_set():
            return
        context = multiprocessing.get_context(START_METHOD)
        ours, theirs = context.Pipe()
        process = context.Process(target=serve,
                                  args=(theirs, self.library, self.pictures, NICENESS),
                                  name="borne-lecture-parcours", daemon=True)
        process.start()
        theirs.close()  # only the worker holds that end now: its death reads as EOF here
        self._process, self._conn = process, ours
        self.starts += 1

    def scan(self) -> Changes | None:
        """What the worker found changed (None: nothing, or no worker may start yet).

        A dead worker is logged, started again and asked again, once."""
        self.pictures_made = 0
        for _attempt in range(2):
            if self._process is None:
                if self._closed.is_set():
                    raise ReaderStopped
                if self.clock() < self._not_before:
                    return None
                self.start()
            try:
                reply = self._ask()
            except (EOFError, OSError):
                if self._closed.is_set():
                    raise ReaderStopped from None
                self._died()
                continue
            self.crashes = 0
            status, value, self.pictures_made, hashes = reply
            if self.pictures is not None:
                self.pictures.learn(hashes)
            if status == "error":
                log.error("flows: unexpected error while reading the flows folder\n%s", value)
                return None
            return None if value is None else _take_in(*value)
        return None

    def _ask(self) -> tuple[str, Any]:
        conn = self._conn
        assert conn is not None
        conn.send("scan")
        while not conn.poll(0.2):  # wake up now and then to see whether the kiosk stops
            if self._closed.is_set():
                raise ReaderStopped
        return conn.recv()

    def _died(self) -> None:
        process, self._process = self._process, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        process.join(CLOSE_SECONDS)
        if process.is_alive():  # pragma: no cover - a pipe broken under a live worker
            process.kill()
            process.join()
        self.crashes += 1
        wait = 0.0 if self.crashes == 1 else min(MAX_RESTART_WAIT, 2.0 ** self.crashes)
        self._not_before = self.clock() + wait
        log.warning("parcours : le processus qui lit les fichiers de parcours s'est arrêté "
                    "(code %s) ; il est relancé%s. La borne garde les parcours déjà lus.",
                    process.exitcode, f" dans {wait:.0f} s" if wait else "")

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """End the worker: its end of the pipe closes, it leaves; killed after ``timeout``.
        Call it after the thread that scans has stopped (or from that thread)."""
        self._closed.set()
        process, self._process = self._process, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if process is None:
            return
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join()
        process.close()

    def stopping(self) -> None:
        """Make a look under way give up at once (:meth:`scan` raises ReaderStopped)."""
        self._closed.set()


def serve(conn: Connection, library: FlowLibrary, pictures: ReducedPictures | None,
          niceness: int) -> None:
    """The worker's loop: each ``"scan"`` gets ``("ok", changes or None, copies made,
    hashes)`` or ``("error", traceback, copies made, hashes)``; the end of the pipe ends the
    worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
    except (AttributeError, OSError):  # pragma: no cover - other systems
        pass
    made = _prepare(pictures, library, library.flowset.flows.values())
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the kiosk closed its end, or died
        if request != "scan":
            continue
        try:
            changes = library.scan()
            if changes is not None:
                library.apply(changes)
            made += _prepare(pictures, library, library.flowset.flows.values())
            status, value = "ok", None
            if changes is not None:
                value = (changes.folder_problems,
                         [pickle.dumps(file, pickle.HIGHEST_PROTOCOL) for file in changes.files])
        except Exception:  # the next look may find it fixed
            status, value = "error", traceback.format_exc()
        reply = (status, value, made, pictures.hashes_found() if pictures is not None else {})
        made = 0
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


def _prepare(pictures: ReducedPictures | None, library: FlowLibrary, flows: Any) -> int:
    """Make the reduced copies of the big pictures ``flows`` name; how many were made.
    Costs one check and one header read a picture named (flows share their pictograms)."""
    if pictures is None:
        return 0
    names = {name for flow in flows for name in _picture_names(flow)}
    paths: list = []
    for name in sorted(names):
        try:
            paths.append(check_picture(library.assets_dir, name))
        except (PictureError, OSError):
            continue  # the kiosk shows its neutral pictogram instead
    return len(pictures.prepare(paths))


def _picture_names(flow: Flow) -> list[str]:
    return [flow.pictogram, *(step.picture for step in flow.steps if step.picture)]


def _take_in(folder_problems: list, files: list[bytes]) -> Changes:
    """The worker's changes, each file unpickled on its own, a pause after each."""
    taken: list[FileChange] = []
    for blob in files:
        taken.append(pickle.loads(blob))  # noqa: S301 - from our own worker, over our pipe
        time.sleep(PAUSE_SECONDS)
    return Changes(folder_problems, taken)
