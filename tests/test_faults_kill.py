"""kill -9 while events are being written, again and again, on the same database.

A child process hands events to a real ``UsageLog`` as fast as a busy kiosk would, and
tells us (through a pipe) what it handed over and when. We kill it with SIGKILL at a
random moment, restart it on the same file, and kill it again. At the end the
database passes ``PRAGMA integrity_check`` and holds every event handed over more than
one second before the kill that ended its round.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import sys, time
from pathlib import Path
from kiosk.usage import UsageLog, new_visit_id

log = UsageLog(Path(sys.argv[1]))
round_number = int(sys.argv[2])
visit = new_visit_id()
out = sys.stdout
print("ready", flush=True)
for index in range(1_000_000):
    log.record("step_shown", visit, flow="crash", step="etape", number=round_number,
               seconds=index, first=False)
    out.write(f"{index} {time.monotonic():.6f}\n")
    out.flush()
    if index % 4 == 0:
        time.sleep(0.001)
"""

ROUNDS = 5


def one_round(path: Path, repo: Path, number: int, lifetime: float
              ) -> tuple[dict[tuple[int, int], float], float]:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(number)], cwd=repo,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    handed: dict[tuple[int, int], float] = {}
    began = None
    for line in child.stdout:
        index, when = line.split()
        handed[number, int(index)] = float(when)
        began = began or float(when)
        if float(when) - began > lifetime:
            break
    killed_at = time.monotonic()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    for line in child.stdout.read().splitlines():
        parts = line.split()
        if len(parts) == 2:  # the last line may be cut by the kill
            handed[number, int(parts[0])] = float(parts[1])
    assert child.returncode == -signal.SIGKILL
    return handed, killed_at


def test_repeated_kill_minus_nine_keeps_the_database_whole(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "usage.db"
    rng = random.Random(7)
    must_be_there: set[tuple[int, int]] = set()
    handed_all: set[tuple[int, int]] = set()
    for number in range(ROUNDS):
        handed, killed_at = one_round(path, repo, number + 1, rng.uniform(1.2, 2.2))
        old_enough = {i for i, when in handed.items() if when < killed_at - 1.0}
        assert len(old_enough) > 100, f"round {number}: too few events to prove anything"
        must_be_there |= old_enough
        handed_all |= set(handed)
        with sqlite3.connect(path) as conn:  # the next round starts on what this one left
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = [tuple(row) for row in conn.execute("SELECT number, seconds FROM events")]
    conn.close()
    assert must_be_there - set(stored) == set()
    assert len(stored) == len(set(stored))  # nothing written twice
    assert set(stored) <= handed_all  # nothing invented
