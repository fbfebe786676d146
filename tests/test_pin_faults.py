"""The counsellor's code under faults, for real: the attempts record deleted or damaged on
disk, repeated series of wrong codes, and a data disk that is really full, then read-only
(a small tmpfs mounted for the test)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from test_pin import Clocks

from kiosk.pin import ATTEMPTS_FILE, DAMAGED_LOCKS, LOCK_SECONDS, PinGuard, set_pin

GOOD, BAD = "482913", "000000"




def guard(folder: Path, clocks: Clocks) -> PinGuard:
    return PinGuard(folder, clock=lambda: clocks.mono, wall=lambda: clocks.wall)


def fail_series(pins: PinGuard) -> int:
    """Five wrong codes; the wait they give."""
    for _ in range(5):
        result = pins.check(BAD)
    assert result.locked
    return result.wait_seconds


def test_set_pin_writes_a_fresh_record(tmp_path: Path) -> None:
    set_pin(tmp_path, GOOD)
    assert json.loads((tmp_path / ATTEMPTS_FILE).read_text()) == {
        "failures": 0, "locks": 0, "locked_until": 0.0}


@pytest.mark.parametrize("damage", ["delete", "garbage", "empty", "negative", "nan"])
def test_a_lost_or_damaged_record_never_gives_fresh_tries(tmp_path: Path, damage: str) -> None:
    set_pin(tmp_path, GOOD)
    clocks = Clocks()
    first = guard(tmp_path, clocks)
    assert first.check(BAD).attempts_left == 4
    record = tmp_path / ATTEMPTS_FILE
    if damage == "delete":
        record.unlink()
    else:
        record.write_text({"garbage": "{\x00\x01", "empty": "",
                           "negative": '{"failures": -50, "locks": 0, "locked_until": 0}',
                           "nan": '{"failures": 0, "locks": 0, "locked_until": NaN}'}[damage])
    after = guard(tmp_path, clocks)  # the kiosk restarted
    result = after.check(GOOD)  # even the right code waits: entry is locked
    assert (result.ok, result.locked, result.attempts_left) == (False, True, 0)
    assert result.wait_seconds == LOCK_SECONDS * 2 ** (DAMAGED_LOCKS - 1)  # 40 minutes
    # The lock is on disk again: another restart does not lift it either.
    assert json.loads(record.read_text())["locks"] == DAMAGED_LOCKS
    assert guard(tmp_path, clocks).check(GOOD).locked


def test_waits_grow_with_each_series_and_the_right_code_ends_them(tmp_path: Path) -> None:
    set_pin(tmp_path, GOOD)
    clocks = Clocks()
    pins = guard(tmp_path, clocks)
    waits = []
    for _ in range(4):
        waits.append(fail_series(pins))
        clocks.advance(waits[-1])
    assert waits == [300, 600, 1200, 2400]
    restarted = guard(tmp_path, clocks)  # the series survives a restart
    assert fail_series(restarted) == 4800
    clocks.advance(4800)
    assert restarted.check(GOOD).ok
    assert fail_series(restarted) == 300


def test_the_wait_never_exceeds_a_day(tmp_path: Path) -> None:
    set_pin(tmp_path, GOOD)
    clocks = Clocks()
    pins = guard(tmp_path, clocks)
    for _ in range(12):
        wait = fail_series(pins)
        clocks.advance(wait)
    assert wait == 24 * 3600


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real 256 KB tmpfs (root only); unmounted after the test."""
    mount = tmp_path / "disque"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"mounting a small disk needs root: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def fill(folder: Path) -> None:
    fd = os.open(folder / "remplissage", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def test_the_right_code_opens_on_a_full_then_read_only_disk(small_disk: Path) -> None:
    set_pin(small_disk, GOOD)
    clocks = Clocks()
    pins = guard(small_disk, clocks)
    fill(small_disk)
    with pytest.raises(OSError):  # really full
        (small_disk / "essai").write_bytes(b"x" * 8192)
    wrong = pins.check(BAD)
    assert (wrong.ok, wrong.attempts_left) == (False, 4)  # counted in memory
    assert pins.save_problem == "le fichier des essais n'a pas pu être écrit (No space left on " \
                                "device)."
    assert pins.check(GOOD).ok
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(OSError):  # really read-only
        (small_disk / "essai").write_bytes(b"x")
    assert pins.check(BAD).attempts_left == 4
    assert pins.save_problem == "le fichier des essais n'a pas pu être écrit (Read-only file " \
                                "system)."
    assert pins.check(GOOD).ok
    assert PinGuard(small_disk).check(GOOD).ok  # a restart on the read-only disk too
