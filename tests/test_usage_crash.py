"""A kiosk killed with kill -9 keeps every event handed over more than a second before."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

CHILD = r"""
import sys, time
from pathlib import Path
from kiosk.usage import UsageLog, new_visit_id

log = UsageLog(Path(sys.argv[1]))
visit = new_visit_id()
out = sys.stdout
for index in range(80_000):
    log.record("step_shown", visit, flow="crash", step="etape", number=1, seconds=index,
               first=False)
    out.write(f"{index} {time.monotonic():.6f}\n")
    out.flush()
    time.sleep(0.001)
"""


def test_kill_minus_nine_loses_nothing_older_than_one_second(tmp_path, repo):
    path = tmp_path / "usage.db"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=repo,
                             stdout=subprocess.PIPE, text=True)
    handed: dict[int, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        index, when = line.split()
        handed[int(index)] = float(when)
        if handed[int(index)] - handed[0] > 2.5:
            break
    killed_at = time.monotonic()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    for line in child.stdout.read().splitlines():
        if line.count(" ") == 1:
            index, when = line.split()
            handed[int(index)] = float(when)
    assert child.returncode == -signal.SIGKILL

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = {row[0] for row in conn.execute("SELECT seconds FROM events")}
    conn.close()
    old_enough = {index for index, when in handed.items() if when < killed_at - 1.0}
    assert len(old_enough) > 100
    assert old_enough - stored == set()
    assert stored <= set(handed)
