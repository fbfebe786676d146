"""The usage database damaged, replaced by garbage, or its disk full: for real, on disk.

Each fault happens to the real file (or a real, tiny filesystem) while a real
``UsageLog`` writes, or under the real app offscreen, which must keep guiding.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from ui_helpers import FakeClock, make_app, run_app, settle, tap

from kiosk.usage import UsageLog, new_visit_id
from kiosk.visit import EndReason

NOW = datetime(2026, 3, 10, 14, 0, 0)
SET_ASIDE = "usage.corrompu-20260310-140000.db"
NOTICE = (f"Un fichier abîmé a été mis de côté ({SET_ASIDE}) et un nouveau fichier a été "
          "commencé.")


def record(log: UsageLog, visit: str, start: int, count: int) -> None:
    for index in range(start, start + count):
        log.record("step_shown", visit, flow="essai", step="etape", number=1, seconds=index,
                   first=False)


def stored(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [row[0] for row in conn.execute("SELECT seconds FROM events ORDER BY id")]


def garbage(size: int) -> bytes:
    return os.urandom(size)


@pytest.mark.parametrize("how", ["overwritten", "replaced", "deleted"])
def test_database_damaged_while_the_log_runs(tmp_path: Path, how: str) -> None:
    path = tmp_path / "usage.db"
    log = UsageLog(path, now=lambda: NOW)
    visit = new_visit_id()
    record(log, visit, 0, 50)
    assert log.flush()
    if how == "overwritten":  # same file, garbage written over it
        with path.open("r+b") as handle:
            handle.write(garbage(path.stat().st_size))
    elif how == "replaced":  # another file put in its place
        (tmp_path / "other").write_bytes(garbage(40_000))
        os.replace(tmp_path / "other", path)
    else:
        path.unlink()
    record(log, visit, 50, 50)
    assert log.flush()
    health = log.health()
    log.close()
    assert stored(path) == list(range(50, 100))
    assert (health.recorded, health.waiting, health.lost) == (100, 0, 0)
    if how == "deleted":
        assert health.set_aside == ()
        assert health.message == "Les statistiques s'enregistrent normalement."
    else:
        assert health.set_aside == (tmp_path / SET_ASIDE,)
        assert health.message == f"Les statistiques s'enregistrent normalement. {NOTICE}"
        assert (tmp_path / SET_ASIDE).read_bytes()[:16] != b"SQLite format 3\x00"


def test_garbage_found_at_start_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "usage.db"
    junk = garbage(100_000)
    path.write_bytes(junk)
    log = UsageLog(path, now=lambda: NOW)
    record(log, new_visit_id(), 0, 10)
    assert log.flush()
    health = log.health()
    log.close()
    assert (tmp_path / SET_ASIDE).read_bytes() == junk
    assert stored(path) == list(range(10))
    assert health.set_aside == (tmp_path / SET_ASIDE,)
    assert NOTICE in health.message


def test_the_app_keeps_guiding_when_its_database_is_garbage(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "usage.db").write_bytes(garbage(64_000))
    app = make_app(tmp_path, FakeClock())
    seen: dict[str, object] = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.open_flow("creer-adresse-email")
        yield from settle(app)
        steps = [app.visit.walker.step.id]
        tap(app.step_screen.ids.next)
        yield from settle(app)
        steps.append(app.visit.walker.step.id)
        # Damaged again, in the middle of the visit.
        path = app.usage_log.path
        with path.open("r+b") as handle:
            handle.write(garbage(path.stat().st_size))
        tap(app.step_screen.ids.back)
        yield from settle(app)
        steps.append(app.visit.walker.step.id)
        tap(app.root.ids.home)
        yield from settle(app)
        assert app.usage_log.flush(10)
        seen["steps"] = steps
        seen["health"] = app.usage_log.health()
        seen["screen"] = app.root.ids.screens.current

    run_app(app, script)
    steps = seen["steps"]
    assert steps[0] == steps[2] != steps[1]
    health = seen["health"]
    assert len(health.set_aside) == 2 and health.lost == 0 and health.waiting == 0
    for moved in health.set_aside:
        assert re.fullmatch(r"usage\.corrompu-\d{8}-\d{6}(-\d+)?\.db", moved.name)
    assert "Un fichier abîmé a été mis de côté" in health.message
    assert seen["screen"] in ("step", "home")


# -- the disk full ----------------------------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real 1 MB filesystem (tmpfs), so that writing really fails with "disk full"."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny filesystem needs root (mount -t tmpfs)")
    folder = tmp_path / "data"  # where make_app puts the data folder
    folder.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                            check=False, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill the filesystem to its last byte; return the filler file."""
    filler = folder / "remplissage"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def test_disk_full_events_wait_then_are_counted_lost_never_raised(tiny_disk: Path) -> None:
    path = tiny_disk / "usage.db"
    log = UsageLog(path, now=lambda: NOW, max_waiting=300, batch_size=50)
    visit = new_visit_id()
    record(log, visit, 0, 20)
    assert log.flush()
    filler = fill(tiny_disk)
    record(log, visit, 20, 1000)  # far more than the disk holds, never raises
    assert log.flush() is False
    health = log.health()
    assert health.ok is False
    assert health.lost + health.waiting + health.recorded == 1020
    assert health.lost >= 1000 - 300 - 1
    assert health.message.startswith("Les statistiques ne s'enregistrent pas : le disque est "
                                     "plein.")
    assert f" {health.lost} événements n'ont pas pu être enregistrés." in health.message
    # Room again: what waited is written, the loss stays counted.
    filler.unlink()
    assert log.flush()
    after = log.health()
    log.close()
    assert after.waiting == 0 and after.lost == health.lost
    assert after.recorded == 1020 - health.lost
    assert after.message == (f"Les statistiques s'enregistrent. {health.lost} événements "
                             "n'ont pas pu être enregistrés.")
    rows = stored(path)
    assert rows[:20] == list(range(20)) and len(rows) == after.recorded


def test_the_app_keeps_guiding_on_a_full_disk(tmp_path: Path, tiny_disk: Path) -> None:
    app = make_app(tmp_path, FakeClock())
    seen: dict[str, object] = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        fill(tiny_disk)
        for _visit in range(3):
            app.open_flow("creer-adresse-email")
            yield from settle(app)
            for _ in range(4):
                tap(app.step_screen.ids.next)
                yield from settle(app)
            tap(app.root.ids.help)
            yield from settle(app)
            app.dialogs.close()
            app.controller.end(EndReason.HOME)
            yield from settle(app)
        seen["flushed"] = app.usage_log.flush(3)
        seen["health"] = app.usage_log.health()
        seen["screen"] = app.root.ids.screens.current

    run_app(app, script)
    health = seen["health"]
    assert seen["flushed"] is False and seen["screen"] == "home"
    assert health.ok is False and health.waiting > 0
    assert "le disque est plein" in health.message


def test_the_app_starts_on_a_full_disk(tmp_path: Path, tiny_disk: Path) -> None:
    fill(tiny_disk)
    app = make_app(tmp_path, FakeClock())
    seen: dict[str, object] = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.open_flow("creer-adresse-email")
        yield from settle(app)
        tap(app.step_screen.ids.next)
        yield from settle(app)
        seen["step"] = app.visit.walker.step.id
        seen["health"] = app.usage_log.health()

    run_app(app, script)
    assert seen["step"] != "" and seen["health"].ok is False
    assert shutil.disk_usage(tiny_disk).free < 8192


def test_truncated_to_half_while_running_is_noticed_and_every_readable_row_kept(
        tmp_path: Path) -> None:
    """The issue's case, for real: 3,110 rows, the file cut to half its size under the
    running log. The damage is noticed at the next write (quick_check), the health says so,
    and the new file holds every row still readable in the damaged one, then the new ones."""
    path = tmp_path / "usage.db"
    log = UsageLog(path, now=lambda: NOW)
    visit = new_visit_id()
    record(log, visit, 0, 3110)
    assert log.flush()
    with sqlite3.connect(path) as conn:  # everything into the main file, as after a while
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    record(log, visit, 5000, 10)
    assert log.flush()
    health = log.health()
    log.close()
    assert health.set_aside == (tmp_path / SET_ASIDE,)
    assert NOTICE in health.message
    rows = stored(path)
    assert rows[-10:] == list(range(5000, 5010))
    kept = rows[:-10]
    # Every kept row is an original one, in order; the half that was cut off is gone, the
    # first half (whole pages) is there: far more than the 1 row of the old behaviour.
    assert kept == list(range(len(kept)))
    assert 1000 < len(kept) < 3110


def test_recovery_skips_a_damaged_page_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "usage.db"
    log = UsageLog(path, now=lambda: NOW)
    record(log, new_visit_id(), 0, 3000)
    assert log.flush()
    log.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    with path.open("r+b") as handle:  # garbage over a few pages in the middle
        handle.seek(page * (pages // 3))
        handle.write(garbage(page * 3))
    log = UsageLog(path, now=lambda: NOW)  # the next start
    record(log, new_visit_id(), 5000, 1)
    assert log.flush(), log.health()
    health = log.health()
    log.close()
    assert health.set_aside == (tmp_path / SET_ASIDE,)
    kept = stored(path)[:-1]
    assert kept == sorted(kept) and set(kept) <= set(range(3000))
    assert 1500 < len(kept) < 3000  # rows on both sides of the damage
    assert max(kept) > 2500
