"""A soak test: 1,500 step changes in the real app offscreen, with speech switched on
(``SOAK_CHANGES=10000`` for a longer one: ``make stress`` runs 10,000).

Every bundled flow is walked again and again (next, answers chosen at random, back now
and then, the end, a new visit), the voice reading each step shown. After a warm-up (1,000
changes, a third of a shorter run) the process's memory (RSS, and its anonymous memory), open
file descriptors and threads are measured, and again at the end: memory may not grow by
5 % or more, and fds and threads must be where they were.
Several changes are made per frame (each frame draws the last one) to keep it short.
"""

from __future__ import annotations

import gc
import os
import random
import threading
import time
from pathlib import Path

import pytest
from ui_helpers import FakeClock, make_app, run_app

from kiosk.flows.model import StepKind
from kiosk.ui.app import KioskApp
from kiosk.visit import EndReason

CHANGES = int(os.environ.get("SOAK_CHANGES", "1500"))
PER_FRAME = 50
WARM_UP = min(1000, CHANGES // 3 // PER_FRAME * PER_FRAME)  # caches filled before measuring
SEED = 7
FONT_HANDLES = 3 * 3 * 8  # regular/bold/italic x 3 text levels x the theme's text sizes

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def memory() -> dict[str, int]:
    """RSS and PSS of this process in kB, its open fds and its threads (native included)."""
    figures = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            figures["rss_kb"] = int(line.split()[1])
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            figures["pss_kb"] = int(line.split()[1])
        elif line.startswith("Anonymous:"):
            figures["anon_kb"] = int(line.split()[1])
    targets = []
    for name in os.listdir("/proc/self/fd"):
        try:
            targets.append(os.readlink(f"/proc/self/fd/{name}"))
        except OSError:  # the fd used to list the folder itself
            continue
    # Kivy keeps one open handle per font file and size in use: bounded by the theme's sizes.
    fonts = [t for t in targets if t.endswith(".ttf")]
    figures["fds"] = len(targets) - len(fonts)
    figures["font_fds"] = len(fonts)
    figures["threads"] = len(os.listdir("/proc/self/task"))
    figures["python_threads"] = threading.active_count()
    return figures


def change_step(app: KioskApp, rng: random.Random, flow_ids: list[str]) -> None:
    """One step change, as a visitor makes it."""
    walker = app.visit.walker
    if walker is None:
        app.open_flow(flow_ids[rng.randrange(len(flow_ids))])
        return
    if walker.can_go_back and rng.random() < 0.15:
        app.controller.back()
    elif walker.step.kind is StepKind.QUESTION:
        app.controller.answer(rng.randrange(len(walker.step.answers)))
    elif walker.finished:
        app.controller.end(EndReason.FINISHED)  # back home: the next change opens a flow
    else:
        app.controller.next()


def test_thousands_of_step_changes_leak_nothing(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path, FakeClock(), speech=True, speech_enabled=True)
    rng = random.Random(SEED)
    figures: dict[str, dict[str, int]] = {}
    seen: dict[str, object] = {"flows": set(), "steps": 0}
    began = time.perf_counter()

    def script(app: KioskApp):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 60
        while not app.audio.available:  # the voice's "ready" reaches the screen
            assert time.monotonic() < deadline, "the speech service never got ready"
            yield
        assert app.settings.speech_enabled and app.visit.sound_on and app.audio.available
        flow_ids = sorted(f.id for f in app.flows)
        done = 0
        while done < CHANGES:
            for _ in range(PER_FRAME):
                change_step(app, rng, flow_ids)
                done += 1
                if app.visit.walker is not None:
                    seen["flows"].add(app.visit.walker.flow.id)  # type: ignore[union-attr]
            yield
            assert not app.errors, app.errors[0]
            if done == WARM_UP:
                for _ in range(3):
                    yield
                gc.collect()
                figures["after warm-up"] = memory()
        for _ in range(3):
            yield
        app.usage_log.flush(10)
        gc.collect()
        figures["end"] = memory()
        seen["steps"] = done
        seen["restarts"] = app.speech.restarts

    run_app(app, script)
    seconds = time.perf_counter() - began
    start, end = figures["after warm-up"], figures["end"]
    with capsys.disabled():
        print(f"\nsoak: {seen['steps']} step changes in {seconds:.1f} s; after warm-up {start}; "
              f"end {end}; RSS {100 * (end['rss_kb'] / start['rss_kb'] - 1):+.2f} %, "
              f"PSS {100 * (end['pss_kb'] / start['pss_kb'] - 1):+.2f} %, "
              f"anonymous {100 * (end['anon_kb'] / start['anon_kb'] - 1):+.2f} %")
    assert seen["steps"] == CHANGES
    assert seen["flows"] == {f.id for f in app.flows}  # every flow was walked
    assert end["rss_kb"] < start["rss_kb"] * 1.05
    # And its anonymous memory (heap, Kivy's textures in RAM): PSS and USS also move when
    # other programs on the machine start or stop sharing the same libraries (Mesa, LLVM).
    assert end["anon_kb"] < start["anon_kb"] * 1.05
    assert seen["restarts"] == 0  # the voice worked throughout
    assert end["fds"] == start["fds"]
    assert end["font_fds"] <= FONT_HANDLES
    assert end["threads"] == start["threads"]
    assert end["python_threads"] == start["python_threads"]
