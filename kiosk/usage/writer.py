"""The usage log: callers hand events over in O(1); one writer thread stores them.

``UsageLog.record`` checks the event against the whitelist on the caller's thread
(so a bad event raises at once and is never written), stamps it, and puts it on a
queue. One thread owns the SQLite connection and commits in small batches (every
``batch_seconds`` or ``batch_size`` events). Storage trouble (disk full, read-only
folder, lock, damaged file) never reaches the caller: events wait in memory and are
retried; only past ``max_waiting`` are they dropped, and counted as lost.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import store
from .events import check_event, check_themes

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
CHECK_EVERY_SECONDS = 60.0
"""How often the writer checks the whole file (PRAGMA quick_check, on its own thread): damage
done under the running kiosk (a file truncated, overwritten in the middle) is noticed."""
PURGE_EVERY_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class Health:
    """How the usage log is doing, for the counsellor's space."""

    ok: bool
    message: str  # in French
    recorded: int  # events written since start
    waiting: int  # events handed over, not yet on disk
    lost: int  # events that could not be written and were given up
    set_aside: tuple[Path, ...] = ()  # damaged files moved away since start


_STOP = "stop"
_FLUSH = "flush"
_PURGE = "purge"
_EVENT = "event"
_FLOW = "flow"


class UsageLog:
    """The anonymous usage log of one kiosk. ``record`` is safe from any thread."""

    def __init__(self, path: Path, *, now: Callable[[], datetime] = datetime.now,
                 retention_months: int = store.RETENTION_MONTHS, batch_seconds: float = 0.2,
                 batch_size: int = 100, max_waiting: int = 100_000, busy_ms: int = 5000) -> None:
        self.path = Path(path)
        self._now = now
        self._retention = min(int(retention_months), store.RETENTION_MONTHS)
        self._batch_seconds = batch_seconds
        self._batch_size = batch_size
        self._max_waiting = max_waiting
        self._busy_ms = busy_ms
        self._queue: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._recorded = 0
        self._waiting = 0
        self._lost = 0
        self._problem = ""
        self._set_aside: list[Path] = []
        self._identity: store.FileIdentity | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="usage-writer", daemon=True)
        self._thread.start()

    # -- the callers' side ---------------------------------------------------------------
    def record(self, kind: str, visit: str, *, at: datetime | None = None, **fields: Any) -> None:
        """Hand one event over. Raises :class:`EventRefused` if it is not allowed."""
        row = check_event(kind, visit, fields)
        stamp = (at or self._now()).strftime(store.TIME_FORMAT)
        with self._lock:
            if self._closed:
                self._lost += 1
                return
            self._waiting += 1
        self._queue.put((_EVENT, (stamp, *row)))

    def register_flow(self, flow_id: str, title: str, themes: Sequence[str]) -> None:
        """Keep a flow's CRA themes (and short title) beside its events."""
        check_event("procedure_started", "0" * 16, {"flow": flow_id})
        self._queue.put((_FLOW, (flow_id, str(title)[:200], check_themes(themes))))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything handed over so far was tried; True if all is on disk."""
        done = threading.Event()
        self._queue.put((_FLUSH, done))
        return done.wait(timeout) and self.health().waiting == 0

    def purge(self, timeout: float = 60.0) -> int:
        """Delete records older than the retention period now (done by the writer)."""
        done = threading.Event()
        box: list[int] = []
        self._queue.put((_PURGE, (done, box)))
        done.wait(timeout)
        return box[0] if box else 0

    def close(self, timeout: float = 10.0) -> None:
        """Write what is waiting, then stop the writer. Later events are counted as lost."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._queue.put((_STOP, None))
        self._thread.join(timeout)

    def health(self) -> Health:
        with self._lock:
            recorded, waiting, lost = self._recorded, self._waiting, self._lost
            problem, moved = self._problem, tuple(self._set_aside)
        if problem:
            message = f"Les statistiques ne s'enregistrent pas : {problem}."
            if waiting:
                message += f" {waiting} événements attendent en mémoire."
        elif lost:
            message = "Les statistiques s'enregistrent."
        else:
            message = "Les statistiques s'enregistrent normalement."
        if lost:
            message += f" {lost} événements n'ont pas pu être enregistrés."
        if moved:
            message += (f" Un fichier abîmé a été mis de côté ({moved[-1].name}) et un "
                        "nouveau fichier a été commencé.")
        return Health(not problem and not lost, message, recorded, waiting, lost, moved)

    # -- the writer thread ---------------------------------------------------------------
    def _run(self) -> None:
        db = self._open()
        next_try = 0.0 if db is not None else time.monotonic() + RETRY_SECONDS
        next_purge = 0.0
        if db is not None:  # old records go as soon as the log opens
            self._purge(db)
            next_purge = time.monotonic() + PURGE_EVERY_SECONDS
        events: list[tuple] = []
        flows: dict[str, tuple] = {}
        while True:
            waiters: list[threading.Event] = []
            purges: list[tuple] = []
            stopping = False
            try:
                item = self._queue.get(timeout=self._batch_seconds if events else 1.0)
                deadline = time.monotonic() + self._batch_seconds
                while True:
                    stopping = self._take(item, events, flows, waiters, purges)
                    if stopping or waiters or purges or len(events) >= self._batch_size:
                        break
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    item = self._queue.get(timeout=left)
            except queue.Empty:
                pass
            force = stopping or bool(waiters) or bool(purges)
            now = time.monotonic()
            due = bool(events or flows or purges) or now >= next_purge
            if due and (force or now >= next_try):
                if db is None:
                    db = self._open()
                if db is not None and (events or flows):
                    db = self._write(db, events, flows)
                failed = db is None or bool(events or flows)
                next_try = now + RETRY_SECONDS if failed else 0.0
                if db is not None and (purges or now >= next_purge):
                    deleted = self._purge(db)
                    next_purge = now + PURGE_EVERY_SECONDS
                    for _done, box in purges:
                        box.append(deleted)
            for done, _box in purges:
                done.set()
            self._drop_overflow(events)
            for done in waiters:
                done.set()
            if stopping:
                break
        with self._lock:
            self._lost += len(events)
            self._waiting = 0
        if db is not None:
            db.close()

    def _take(self, item: tuple, events: list, flows: dict, waiters: list,
              purges: list) -> bool:
        what, payload = item
        if what == _EVENT:
            events.append(payload)
        elif what == _FLOW:
            flows[payload[0]] = payload
        elif what == _FLUSH:
            waiters.append(payload)
        elif what == _PURGE:
            purges.append(payload)
        return what == _STOP

    def _open(self) -> Any:
        try:
            db, moved = store.open_db(self.path, now=self._now(), check=True,
                                      busy_ms=self._busy_ms)
        except (OSError, store.sqlite3.Error) as error:
            self._trouble(error)
            return None
        if moved is not None:
            log.warning("usage database damaged, set aside as %s", moved)
            with self._lock:
                self._set_aside.append(moved)
        self._identity = store.file_identity(self.path)
        return db

    def _replaced(self, db: Any) -> Any:
        """The file was deleted, replaced or overwritten under the open connection: set
        what is there aside (if anything), drop the connection, start a new file."""
        log.warning("usage database replaced or overwritten under the kiosk")
        moved = None
        try:
            if self.path.exists():
                moved = store.set_aside(self.path, self._now())
        except OSError as error:
            self._trouble(error)
        try:
            db.close()
        except store.sqlite3.Error:
            pass
        if moved is not None:
            with self._lock:
                self._set_aside.append(moved)
        return self._open()

    def _write(self, db: Any, events: list, flows: dict) -> Any:
        if not store.still_ours(self.path, self._identity):
            db = self._replaced(db)
            if db is None:
                return None
        if time.monotonic() >= getattr(self, "_next_check", 0.0):
            self._next_check = time.monotonic() + CHECK_EVERY_SECONDS
            db = self._checked(db)
            if db is None:
                return None
        try:
            store.write(db, events, flows.values())
        except (OSError, store.sqlite3.Error) as error:
            self._trouble(error)
            if not store.is_corruption(error):
                return db
            db.close()  # damaged under us: set aside, readable rows kept, write again
            db = self._open()
            if db is None:
                return None
            try:
                store.write(db, events, flows.values())
            except (OSError, store.sqlite3.Error) as again:
                self._trouble(again)
                return db
        with self._lock:
            self._recorded += len(events)
            self._waiting -= len(events)
            self._problem = ""
        events.clear()
        flows.clear()
        return db

    def _checked(self, db: Any) -> Any:
        """The connection if the file is whole; else the damage is reported, the file set
        aside with every readable row copied to a new one (store.open_db), and that one's
        connection returned."""
        try:
            result = db.execute("PRAGMA quick_check").fetchone()
            damaged = not result or result[0] != "ok"
        except store.sqlite3.DatabaseError as error:
            damaged = store.is_corruption(error)
            if not damaged:
                self._trouble(error)
                return db
        if not damaged:
            return db
        log.warning("usage database damaged under the running kiosk")
        self._trouble(store.sqlite3.DatabaseError("database disk image is malformed"))
        try:
            db.close()
        except store.sqlite3.Error:
            pass
        return self._open()

    def _purge(self, db: Any) -> int:
        try:
            return store.purge(db, self._now(), self._retention)
        except (OSError, store.sqlite3.Error) as error:
            self._trouble(error)
            return 0

    def _drop_overflow(self, events: list) -> None:
        extra = len(events) - self._max_waiting
        if extra > 0:
            del events[:extra]
            with self._lock:
                self._lost += extra
                self._waiting -= extra

    def _trouble(self, error: BaseException) -> None:
        log.warning("usage log: %s", error)
        with self._lock:
            self._problem = store.french_reason(error, self.path.parent)
