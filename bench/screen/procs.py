"""Memory of a program as the system sees it: PSS summed over all its processes.

A program's processes are the one launched, its descendants (by parent pid) and every
process of the session it was started in (``start_new_session``), which also catches
helpers that detach from their parent (Chromium's crash handler, zygotes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class ProcStat:
    pid: int
    ppid: int
    session: int


def parse_stat(text: str) -> ProcStat:
    """Fields of ``/proc/PID/stat`` (the command name may hold spaces and parentheses)."""
    head, _, rest = text.rpartition(")")
    pid = int(head.split("(", 1)[0])
    fields = rest.split()
    # After the name: state ppid pgrp session ...
    return ProcStat(pid=pid, ppid=int(fields[1]), session=int(fields[3]))


def parse_pss_kib(smaps_rollup: str) -> int:
    """The ``Pss:`` line of ``/proc/PID/smaps_rollup``, in KiB."""
    for line in smaps_rollup.splitlines():
        if line.startswith("Pss:"):
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "kB":
                return int(parts[1])
    raise ValueError("pas de ligne « Pss: … kB » dans smaps_rollup")


def all_stats(proc: Path = PROC) -> list[ProcStat]:
    stats = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stats.append(parse_stat((entry / "stat").read_text()))
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
    return stats


def tree(root: int, stats: list[ProcStat]) -> set[int]:
    """``root``, its descendants, and every process of root's session."""
    by_pid = {s.pid: s for s in stats}
    members = {root} if root in by_pid else set()
    session = by_pid[root].session if root in by_pid else None
    if session == root:
        members |= {s.pid for s in stats if s.session == session}
    changed = True
    while changed:
        changed = False
        for stat in stats:
            if stat.pid not in members and stat.ppid in members:
                members.add(stat.pid)
                changed = True
    return members


@dataclass(frozen=True)
class Memory:
    pss_mib: float
    processes: int


def memory(root: int, proc: Path = PROC) -> Memory:
    """PSS of the whole process tree of ``root`` now, and how many processes it has."""
    pids = tree(root, all_stats(proc))
    if not pids:
        raise ProcessLookupError(f"le processus {root} n'existe plus")
    total = 0
    counted = 0
    for pid in pids:
        try:
            total += parse_pss_kib((proc / str(pid) / "smaps_rollup").read_text())
            counted += 1
        except (OSError, ValueError):
            continue  # ended in between, or a zombie
    if counted == 0:
        raise ProcessLookupError(f"mémoire illisible pour le processus {root}")
    return Memory(pss_mib=total / 1024, processes=counted)
