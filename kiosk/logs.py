"""Where the kiosk's warnings and errors go: stderr (the journal, under systemd) and a
rotating file in the data folder, with nothing personal in either (no Kivy).

``kiosk run`` calls :func:`setup` first. From then on every log record (the kiosk's, Kivy's,
Python's warnings, an uncaught exception on any thread) is written:

- warnings and errors to stderr, one line each (journald adds the time and the unit);
- to ``<data_dir>/journal/borne.log``, with the time, rotated at 1 MB, 3 old files kept.

Every record first goes through :class:`NoPersonalData`, which masks what looks like an
e-mail address, a phone number or a code (4 digits or more), whatever logged it: a visitor's
practice text never reaches a disk through a log line. Each start writes one line
(:data:`START_MARK`) that ``kiosk doctor`` counts to see a restart loop (:func:`read_journal`).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOG_FOLDER = "journal"
LOG_FILE = "borne.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
START_MARK = "kiosk: start"
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
STDERR_FORMAT = "%(levelname)s %(name)s: %(message)s"
MASK = "[masqué]"

_EMAIL = re.compile(r"[^\s@<>()\[\]\"',;:]+@[^\s@<>()\[\]\"',;:]+")
_DIGITS = re.compile(r"(?<!line )(?<![\w.])\+?\d(?:[ .-]?\d){3,}(?![\w])")


def mask(text: str) -> str:
    """``text`` with e-mail addresses and runs of 4 digits or more masked; linear time."""
    return _DIGITS.sub(MASK, _EMAIL.sub(MASK, text))


class NoPersonalData(logging.Filter):
    """Masks e-mail addresses, phone numbers and codes in a record's message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep its template only  # noqa: BLE001
            message = str(record.msg)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = mask(message), None
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def setup(data_dir: Path, *, stream=None, level: int = logging.INFO) -> Path | None:  # noqa: ANN001
    """Send every record to stderr and the rotating file; returns the file, or None when it
    cannot be written (then stderr only, and a warning says why)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "kiosk", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    console = logging.StreamHandler(stream or sys.stderr)
    console.setLevel(logging.WARNING)  # the journal: warnings and errors; the file: all
    console.setFormatter(logging.Formatter(STDERR_FORMAT))
    handlers: list[logging.Handler] = [console]
    path: Path | None = Path(data_dir) / LOG_FOLDER / LOG_FILE
    problem = None
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        rotating = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES,
                                                        backupCount=BACKUPS, encoding="utf-8")
        rotating.setFormatter(logging.Formatter(FILE_FORMAT, TIME_FORMAT))
        handlers.append(rotating)
    except OSError as error:
        problem, path = error, None
    for handler in handlers:
        handler.kiosk = True  # type: ignore[attr-defined]
        handler.addFilter(NoPersonalData())
        root.addHandler(handler)
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_thread
    log = logging.getLogger("kiosk")
    if problem is not None:
        log.warning("log file not writable (%s): errors go to stderr only", problem)
    log.info(START_MARK)
    return path


def _log_uncaught(kind, value, traceback) -> None:  # noqa: ANN001
    logging.getLogger("kiosk").critical("uncaught exception", exc_info=(kind, value, traceback))


def _log_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    logging.getLogger("kiosk").error(
        "uncaught exception in thread %s", getattr(args.thread, "name", "?"),
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback))  # type: ignore[arg-type]


# -- reading it back (kiosk doctor) ------------------------------------------------------------

_RECORD = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (\w+) ([\w.]+): (.*)$")


@dataclass(frozen=True)
class Entry:
    when: datetime
    level: str
    logger: str
    message: str
    detail: str = ""
    """The last line of a traceback (the exception), when there is one."""


def read_journal(data_dir: Path, max_bytes: int = 4 * MAX_BYTES) -> list[Entry]:
    """Every record of the log files, oldest first; unreadable parts are skipped."""
    folder = Path(data_dir) / LOG_FOLDER
    names = [f"{LOG_FILE}.{n}" for n in range(BACKUPS, 0, -1)] + [LOG_FILE]
    entries: list[Entry] = []
    budget = max_bytes
    for name in names:
        try:
            with (folder / name).open("rb") as handle:
                raw = handle.read(budget)
        except OSError:
            continue
        budget -= len(raw)
        entries.extend(_parse(raw.decode("utf-8", errors="replace")))
    return entries


def _parse(text: str) -> Iterator[Entry]:
    current: list[str] | None = None
    extra: list[str] = []
    for line in text.splitlines():
        match = _RECORD.match(line)
        if match:
            if current is not None:
                yield _entry(current, extra)
            current, extra = list(match.groups()), []
        elif current is not None and line.strip():
            extra.append(line.strip())
    if current is not None:
        yield _entry(current, extra)


def _entry(parts: list[str], extra: list[str]) -> Entry:
    try:
        when = datetime.strptime(parts[0], TIME_FORMAT)
    except ValueError:
        when = datetime.min
    return Entry(when, parts[1], parts[2], parts[3], extra[-1] if extra else "")
