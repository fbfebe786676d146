"""The flows folder read in a worker process (kiosk/flows/reader.py), for real: a spawned
process, killed with a real SIGKILL, and a kiosk process killed under it.

What the worker saves the screen (frame gaps) is measured by ``make bench``
(bench/bench_hostile.py), not asserted here."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from types import MappingProxyType

import pytest
from flowfixtures import MINIMAL, make_assets, wait_until
from ui_helpers import REPO

from kiosk.flows.loader import load_flows
from kiosk.flows.watcher import FlowWatcher


def alive(pid: int) -> bool:
    """A process with that id runs (a zombie, dead but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found




def watched(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "parcours"
    folder.mkdir()
    assets = make_assets(tmp_path)
    (folder / "bon.yaml").write_text(MINIMAL, encoding="utf-8")
    delivered: list = []
    arrived = threading.Event()

    def deliver(flowset) -> None:  # type: ignore[no-untyped-def]
        delivered.append(flowset)
        arrived.set()

    watcher = FlowWatcher(folder, assets, load_flows(folder, assets), deliver, interval=3600)
    return folder, watcher, delivered, arrived


def add_flow(folder: Path, flow_id: str) -> None:
    (folder / f"{flow_id}.yaml").write_text(MINIMAL.replace("id: essai", f"id: {flow_id}"),
                                            encoding="utf-8")


def test_flows_pickle_and_come_back_equal_and_read_only() -> None:
    flowset = load_flows(REPO / "config" / "flows", REPO / "assets")
    back = pickle.loads(pickle.dumps(flowset))
    assert back == flowset and len(back.flows) == len(flowset.flows) > 5
    flow = back.flows["creer-adresse-email"]
    assert isinstance(flow.title.by_language, MappingProxyType)
    assert isinstance(flow.lines, MappingProxyType) and flow.lines == flowset.flows[
        "creer-adresse-email"].lines
    assert flow.step(flow.start.id) is flow.start
    assert type(flow.title.fr) is str  # the YAML node's line stays behind
    with pytest.raises(TypeError):
        flow.title.by_language["fr"] = "changé"  # type: ignore[index]


def test_the_files_are_read_in_another_process_and_it_ends_with_the_watcher(
        tmp_path: Path) -> None:
    folder, watcher, delivered, arrived = watched(tmp_path)
    watcher.start()
    try:
        add_flow(folder, "nouveau")
        watcher.look_now()
        assert arrived.wait(60)
        pid = watcher.reader.pid
        assert pid is not None and pid != os.getpid() and alive(pid)
        assert [p.pid for p in multiprocessing.active_children()] == [pid]
        assert sorted(delivered[-1].flows) == ["essai", "nouveau"]
    finally:
        watcher.stop()
    assert not Path(f"/proc/{pid}").exists()  # ended and reaped: no orphan, no zombie
    assert multiprocessing.active_children() == []
    assert watcher.refresh() is None and watcher.reader.pid is None  # never started again


def test_a_killed_worker_is_started_again_with_a_french_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder, watcher, delivered, arrived = watched(tmp_path)
    watcher.start()
    try:
        assert wait_until(lambda: watcher.reader.pid is not None)
        first = watcher.reader.pid
        os.kill(first, signal.SIGKILL)
        add_flow(folder, "apres")
        with caplog.at_level(logging.WARNING, logger="kiosk.flows"):
            watcher.look_now()
            assert arrived.wait(60)
        assert sorted(delivered[-1].flows) == ["apres", "essai"]
        assert [r.getMessage() for r in caplog.records] == [
            "parcours : le processus qui lit les fichiers de parcours s'est arrêté (code -9) ; "
            "il est relancé. La borne garde les parcours déjà lus."]
        second = watcher.reader.pid
        assert second not in (None, first) and alive(second) and not alive(first)
        assert watcher.reader.starts == 2 and watcher.reader.crashes == 0
        # The new worker started from the kiosk's library: only what changed comes back.
        arrived.clear()
        add_flow(folder, "encore")
        watcher.look_now()
        assert arrived.wait(60)
        assert sorted(delivered[-1].flows) == ["apres", "encore", "essai"]
        assert delivered[-1].flows["essai"] is delivered[0].flows["essai"]
    finally:
        watcher.stop()
    assert not alive(second)


def test_the_worker_ignores_a_group_sigterm_and_ends_with_the_watcher(tmp_path: Path) -> None:
    """``systemctl stop`` signals every process of the service: the worker stays until the
    kiosk ends it, so the watcher never sees it die and starts no other one while stopping."""
    folder, watcher, delivered, arrived = watched(tmp_path)
    watcher.start()
    try:
        assert wait_until(lambda: watcher.reader.pid is not None)
        pid = watcher.reader.pid
        # The worker sets its handlers first thing; ask it once so that it surely has.
        assert watcher.refresh() is None
        os.kill(pid, signal.SIGTERM)
        add_flow(folder, "nouveau")
        watcher.look_now()
        assert arrived.wait(60)
        assert watcher.reader.pid == pid and watcher.reader.starts == 1
    finally:
        watcher.stop()
    assert not alive(pid)


def test_the_worker_leaves_when_the_kiosk_is_killed(tmp_path: Path) -> None:
    """kill -9 of the kiosk's process: its worker notices the closed pipe and ends, and so
    does multiprocessing's resource tracker."""
    folder = tmp_path / "parcours"
    folder.mkdir()
    (folder / "bon.yaml").write_text(MINIMAL, encoding="utf-8")
    script = tmp_path / "borne.py"
    script.write_text(textwrap.dedent(f"""\
        import sys, time
        from pathlib import Path
        from kiosk.flows.watcher import FlowWatcher

        if __name__ == "__main__":
            watcher = FlowWatcher(Path({str(folder)!r}), Path({str(tmp_path)!r}), None,
                                  lambda flowset: None, interval=3600)
            watcher.start()
            while watcher.reader.pid is None:
                time.sleep(0.01)
            print(watcher.reader.pid, flush=True)
            time.sleep(3600)
        """), encoding="utf-8")
    kiosk = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                             cwd=REPO)
    try:
        worker = int(kiosk.stdout.readline())
        helpers = children(kiosk.pid)
        assert worker in helpers and len(helpers) == 2  # the worker and the tracker
        kiosk.kill()
        kiosk.wait()
        assert wait_until(lambda: not any(alive(pid) for pid in helpers))
    finally:
        kiosk.kill()
        kiosk.wait()
        kiosk.stdout.close()
