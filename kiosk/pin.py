"""The counsellor's PIN: stored only as a salted slow hash, checked with a lockout.

Files in the data folder (both 0600):
- ``pin.json``: the scrypt hash and its salt;
- ``pin-attempts.json``: wrong attempts so far, how many locks in a row, and until when
  entry is locked, so that restarting the kiosk does not reset the lockout. ``set_pin``
  writes it; from then on a missing or damaged record never gives fresh tries: it counts
  as :data:`DAMAGED_LOCKS` locks in a row, and entry is locked.

Five wrong codes lock entry for five minutes, and each lock in a row doubles the wait
(5, 10, 20 min... up to a day); only the right code ends the series. A 4-digit code then
needs years of tries, not days. The right code always opens the space when entry is not
locked, even if the record cannot be written (a full or read-only disk): the count is then
kept in memory for as long as the kiosk runs.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.i18n import french, french_n

log = logging.getLogger("kiosk.pin")

PIN_FILE = "pin.json"
ATTEMPTS_FILE = "pin-attempts.json"
PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")
MAX_FAILURES = 5
LOCK_SECONDS = 300.0
MAX_LOCK_SECONDS = 24 * 3600.0
DAMAGED_LOCKS = 4
"""Locks in a row assumed when the record is missing or damaged (a 40-minute wait)."""
# scrypt cost: about 50 ms and 16 MiB per check on a small PC.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class PinError(ValueError):
    """A PIN that cannot be used, or a PIN file that cannot be read; message in French."""


def _hash(pin: str, salt: bytes, params: dict[str, int]) -> bytes:
    import hashlib  # here: OpenSSL (libcrypto) is loaded only when a code is typed or set

    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=params["n"], r=params["r"],
                          p=params["p"], maxmem=64 * 1024 * 1024, dklen=32)


def _write_private(path: Path, data: dict) -> None:
    """Write a small JSON file readable by its owner only, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def check_pin_format(pin: str) -> None:
    if not PIN_PATTERN.match(pin or ""):
        raise PinError("Le code doit contenir de 4 à 8 chiffres, sans espace ni lettre.")


def set_pin(data_dir: Path, pin: str) -> Path:
    """Store a new PIN (as a salted scrypt hash) and clear any lockout."""
    check_pin_format(pin)
    salt = os.urandom(16)
    path = Path(data_dir) / PIN_FILE
    _write_private(path, {"algorithm": "scrypt", **SCRYPT, "salt": salt.hex(),
                          "hash": _hash(pin, salt, SCRYPT).hex()})
    _write_private(Path(data_dir) / ATTEMPTS_FILE, {"failures": 0, "locks": 0,
                                                    "locked_until": 0.0})
    return path


def has_pin(data_dir: Path) -> bool:
    return (Path(data_dir) / PIN_FILE).exists()


@dataclass(frozen=True)
class PinCheck:
    """The answer to one PIN entry."""

    ok: bool
    locked: bool  # entry is refused for now
    wait_seconds: int  # how long until entry is possible again (0 if not locked)
    attempts_left: int
    message: str  # in French, to show under the keypad


class PinGuard:
    """Checks PINs; five wrong ones lock entry, longer each time, even across a restart.

    ``clock`` returns monotonic seconds (injectable for tests); ``wall`` returns
    wall-clock seconds and is only used to carry a lock over a restart (a lock read
    back from disk never lasts longer than its own wait from then).
    """

    def __init__(self, data_dir: Path, *, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time, max_failures: int = MAX_FAILURES,
                 lock_seconds: float = LOCK_SECONDS) -> None:
        self.data_dir = Path(data_dir)
        self._clock = clock
        self._wall = wall
        self._max = max_failures
        self._lock_seconds = lock_seconds
        self._failures = 0
        self._locks = 0  # locks in a row since the last right code
        self._locked_until = 0.0  # on the monotonic clock
        self.save_problem: str | None = None
        """Why the record could not be written last time (French), or None."""
        self._load()

    @property
    def locked(self) -> bool:
        return self._clock() < self._locked_until

    def wait_seconds(self) -> int:
        return max(0, int(-(-(self._locked_until - self._clock()) // 1)))

    def lock_length(self, locks: int) -> float:
        """The wait of the ``locks``-th lock in a row: doubled each time, a day at most."""
        return min(MAX_LOCK_SECONDS, self._lock_seconds * 2 ** max(0, min(locks, 40) - 1))

    def check(self, pin: str) -> PinCheck:
        if self.locked:
            wait = self.wait_seconds()
            return PinCheck(False, True, wait, 0, _locked_message(wait))
        if self._locked_until:  # a lock that has run out: five more tries, the series goes on
            self._failures, self._locked_until = 0, 0.0
        if not has_pin(self.data_dir):
            return PinCheck(False, False, 0, self._max - self._failures,
                            french("Aucun code n'est réglé sur cette borne. Un responsable "
                                   "peut le régler avec la commande « kiosk set-pin »."))
        try:
            matches = self._matches(pin)
        except PinError as error:
            return PinCheck(False, False, 0, self._max - self._failures, str(error))
        if matches:
            self._failures, self._locks, self._locked_until = 0, 0, 0.0
            self._save()  # may fail (disk full, read-only): the space opens all the same
            return PinCheck(True, False, 0, self._max, french("Code correct."))
        self._failures += 1
        if self._failures >= self._max:
            self._locks += 1
            self._locked_until = self._clock() + self.lock_length(self._locks)
            self._save()
            wait = self.wait_seconds()
            return PinCheck(False, True, wait, 0, _locked_message(wait))
        self._save()
        left = self._max - self._failures
        return PinCheck(False, False, 0, left,
                        french_n("Code incorrect. Encore {left} essai.",
                                 "Code incorrect. Encore {left} essais.", left, left=left))

    def _matches(self, pin: str) -> bool:
        path = self.data_dir / PIN_FILE
        if not isinstance(pin, str) or not PIN_PATTERN.match(pin) or not path.exists():
            return False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            params = {k: int(data[k]) for k in ("n", "r", "p")}
            expected = bytes.fromhex(data["hash"])
            actual = _hash(pin, bytes.fromhex(data["salt"]), params)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise PinError(f"{path}: le fichier du code est illisible ; refaites-le avec "
                           f"« kiosk set-pin » ({error}).") from None
        import hmac

        return hmac.compare_digest(expected, actual)

    def _save(self) -> None:
        remaining = max(0.0, self._locked_until - self._clock())
        try:
            _write_private(self.data_dir / ATTEMPTS_FILE, {
                "failures": self._failures, "locks": self._locks,
                "locked_until": self._wall() + remaining if remaining else 0.0,
            })
        except OSError as error:  # full or read-only disk: the count stays in memory
            self.save_problem = (f"le fichier des essais n'a pas pu être écrit "
                                 f"({error.strerror or error}).")
            log.warning("pin: attempts record not written: %s", error.strerror or error)
        else:
            self.save_problem = None

    def _load(self) -> None:
        path = self.data_dir / ATTEMPTS_FILE
        if not has_pin(self.data_dir):
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            failures = int(data["failures"])
            locks = int(data.get("locks", 0))
            until = float(data["locked_until"])
            if not (0 <= failures <= 1000 and 0 <= locks <= 1000 and math.isfinite(until)
                    and until >= 0):
                raise ValueError("out of range")
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            # Lost or damaged: never fresh tries. Locked now, as after several locks.
            log.warning("pin: attempts record missing or damaged (%s): entry locked",
                        type(error).__name__)
            self._failures = self._max
            self._locks = max(DAMAGED_LOCKS, self._locks)
            self._locked_until = self._clock() + self.lock_length(self._locks)
            self._save()
            return
        self._failures = failures
        self._locks = locks
        remaining = min(self.lock_length(max(locks, 1)), until - self._wall()) if until else 0.0
        if remaining > 0:
            self._locked_until = self._clock() + remaining
        elif until:
            self._failures = 0  # the lock ran out while the kiosk was off


def _locked_message(wait: int) -> str:
    minutes, seconds = divmod(wait, 60)
    when = (french("{minutes} min {seconds:02d} s", minutes=minutes, seconds=seconds) if minutes
            else french("{seconds} s", seconds=seconds))
    return french("Trop d'essais. Réessayez dans {wait}.", wait=when)
