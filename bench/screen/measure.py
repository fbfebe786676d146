"""The measurements themselves, the same for both programs, all from outside them.

- start: the time from right before the launch to the first poll that sees one of the
  first screen's probe pixels; then memory 5 s after the launch;
- walk: taps on "Suivant" and "Retour" along a linear part of a flow, each timed from the
  click sent to the first pixel of the next step; memory after a number of steps shown;
- routes: the other kinds of tap (an answer, a home tile, « Accueil » and its confirmation,
  a key of the practice keyboard), each a few taps to reach a screen, then a cycle of taps
  that comes back to it, repeated; the taps of the cycle that have a kind are timed.

Any measurement that does not happen raises :class:`MeasureError`: no number for it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import finders, probes
from .pixels import Frame, XClient
from .programs import Program, Running
from .xserver import MeasureError

LAUNCH_TIMEOUT_S = 60.0
TAP_TIMEOUT_S = 10.0
MEMORY_AFTER_S = 5.0
TIMED_TAP_PAUSE_S = 0.25
"""Pause before a timed tap, so that the screen before it has finished drawing."""
UNTIMED_TAP_PAUSE_S = 0.03
QUIET_S = 4.0
"""How long a first screen must stay unchanged before a walk or a route starts from it."""


NEXT_BUTTON = finders.PRIMARY
"""The colour of "Suivant" (the primary button) in both programs."""


@dataclass
class Bench:
    """The virtual screen shared by every launch, and where logs go."""

    client: XClient
    env: dict[str, str]
    logs: Path
    blank: Frame = field(init=False)

    def __post_init__(self) -> None:
        self.blank = self.client.grab()

    def launch(self, program: Program) -> Running:
        if self.client.grab().rows != self.blank.rows:
            raise MeasureError(f"{program.label} : l'écran n'est pas vide avant le lancement "
                               "(un programme précédent est resté affiché).")
        return Running(program, self.env, self.logs / f"{program.name}.log")

    def stop(self, running: Running) -> None:
        running.stop()
        deadline = time.perf_counter() + 10
        while self.client.grab().rows != self.blank.rows:
            if time.perf_counter() > deadline:
                raise MeasureError(f"{running.program.label} : l'écran reste affiché 10 s "
                                   "après l'arrêt du programme.")
            time.sleep(0.05)


# -- start ---------------------------------------------------------------------------------
def calibrate_start(bench: Bench, program: Program) -> list[probes.Probe]:
    """Launch once (warm-up), wait for a stable first screen, choose its probe pixels."""
    running = bench.launch(program)
    try:
        frame = probes.settle(bench.client.grab, LAUNCH_TIMEOUT_S,
                              f"{program.label}, premier écran", unlike=bench.blank)
        return probes.choose(None, frame)
    finally:
        bench.stop(running)


@dataclass(frozen=True)
class StartRun:
    start_ms: float
    pss_mib: float
    processes: int


def start_run(bench: Bench, program: Program, first: list[probes.Probe]) -> StartRun:
    running = bench.launch(program)
    try:
        what = f"{program.label}, lancement"
        seen = probes.wait_first(bench.client.pixel, first, LAUNCH_TIMEOUT_S, what,
                                 running.alive)
        probes.wait_all(bench.client.pixel, first, LAUNCH_TIMEOUT_S, what)
        time.sleep(max(0.0, running.launched + MEMORY_AFTER_S - time.perf_counter()))
        memory = running.memory()
        return StartRun((seen - running.launched) * 1000, memory.pss_mib, memory.processes)
    finally:
        bench.stop(running)


# -- walking through steps -----------------------------------------------------------------
@dataclass(frozen=True)
class Walk:
    """What one program's walk looks like: where to tap, and each step's probes."""

    length: int
    next_point: tuple[int, int]
    back_point: tuple[int, int]
    first: list[probes.Probe]
    forward: list[list[probes.Probe]]
    """``forward[i]``: the pixels showing that step i arrived from step i-1 (i ≥ 1)."""
    backward: list[list[probes.Probe]]
    """``backward[i]``: the pixels showing that step i arrived from step i+1."""
    screen: Frame
    """The first step, whole, once it holds still: each walk starts from exactly it."""


def find_next_button(frame: Frame) -> tuple[int, int]:
    """Centre of the primary-coloured button in the bottom quarter of the screen."""
    return finders.next_button(frame)


def calibrate_walk(bench: Bench, program: Program, length: int) -> Walk:
    """One warm-up walk: screenshots of each step forward, then back with "Retour"."""
    running = bench.launch(program)
    grab = bench.client.grab
    try:
        label = program.label
        frames = [probes.steady(grab, LAUNCH_TIMEOUT_S, f"{label}, étape 1", QUIET_S,
                                unlike=bench.blank)]
        next_point = find_next_button(frames[0])
        back_point = (frames[0].width - next_point[0], next_point[1])
        for number in range(1, length):
            bench.client.click(*next_point)
            frames.append(probes.settle(grab, TAP_TIMEOUT_S, f"{label}, étape {number + 1}",
                                        unlike=frames[-1]))
        forward = [[]] + [probes.choose(frames[i - 1], frames[i]) for i in range(1, length)]
        backward = [probes.choose(frames[i + 1], frames[i]) for i in range(length - 1)] + [[]]
        for number in range(length - 2, -1, -1):
            bench.client.click(*back_point)
            what = f"{label}, « Retour » vers l'étape {number + 1}"
            probes.wait_first(bench.client.pixel, backward[number], TAP_TIMEOUT_S, what)
            probes.wait_all(bench.client.pixel, backward[number], TAP_TIMEOUT_S, what)
            time.sleep(UNTIMED_TAP_PAUSE_S)
        first = probes.choose(None, frames[0])
        return Walk(length, next_point, back_point, first, forward, backward, frames[0])
    finally:
        bench.stop(running)


@dataclass
class WalkRun:
    taps_ms: list[float] = field(default_factory=list)
    """« Suivant », timed."""
    back_ms: list[float] = field(default_factory=list)
    """« Retour », timed."""
    memory: dict[int, tuple[float, int]] = field(default_factory=dict)
    """Steps shown → (PSS MiB, processes) measured then."""


def walk_run(bench: Bench, program: Program, walk: Walk, timed_taps: int, steps: int,
             marks: tuple[int, ...]) -> WalkRun:
    """Forward with "Suivant", back with "Retour" (the first ``timed_taps`` of each timed),
    again and again until ``steps`` steps were shown; memory at each mark."""
    result = WalkRun()
    running = bench.launch(program)
    read = bench.client.pixel
    try:
        what = f"{program.label}, première étape"
        probes.wait_first(read, walk.first, LAUNCH_TIMEOUT_S, what, running.alive)
        probes.wait_all(read, walk.first, LAUNCH_TIMEOUT_S, what)
        probes.wait_screen(bench.client.grab, walk.screen, LAUNCH_TIMEOUT_S, what)
        position, forward = 0, True
        for shown in range(1, steps + 1):
            if position == walk.length - 1:
                forward = False
            elif position == 0:
                forward = True
            target = position + 1 if forward else position - 1
            expected = walk.forward[target] if forward else walk.backward[target]
            times = result.taps_ms if forward else result.back_ms
            timed = len(times) < timed_taps
            time.sleep(TIMED_TAP_PAUSE_S if timed else UNTIMED_TAP_PAUSE_S)
            sent = bench.client.click(*(walk.next_point if forward else walk.back_point))
            what = (f"{program.label}, « {'Suivant' if forward else 'Retour'} » de l'étape "
                    f"{position + 1} à {target + 1} (pas {shown})")
            seen = probes.wait_first(read, expected, TAP_TIMEOUT_S, what, running.alive)
            probes.wait_all(read, expected, TAP_TIMEOUT_S, what)
            if timed:
                times.append((seen - sent) * 1000)
            position = target
            if shown in marks:
                memory = running.memory()
                result.memory[shown] = (memory.pss_mib, memory.processes)
        return result
    finally:
        bench.stop(running)


# -- routes: the other kinds of tap -----------------------------------------------------------
@dataclass(frozen=True)
class Tap:
    """One tap of a route: what to look for on the screen, and the kind it is timed as."""

    name: str
    """What is tapped, in words (for messages)."""
    find: finders.Finder
    kind: str | None = None
    """The kind of tap it is timed as (None: not timed)."""


@dataclass(frozen=True)
class Route:
    """Taps from a fresh launch to a screen (``setup``), then taps that come back to it."""

    name: str
    setup: tuple[Tap, ...]
    cycle: tuple[Tap, ...]


@dataclass(frozen=True)
class Placed:
    """A tap of a calibrated route: where it lands and the pixels that show its screen."""

    tap: Tap
    point: tuple[int, int]
    expected: list[probes.Probe]


@dataclass(frozen=True)
class CalibratedRoute:
    route: Route
    first: list[probes.Probe]
    screen: Frame
    """The first screen, whole, once it holds still: each run starts from exactly it."""
    setup: list[Placed]
    cycle: list[Placed]


def calibrate_route(bench: Bench, program: Program, route: Route) -> CalibratedRoute:
    """One warm-up pass: each tap's point found on the screen before it, the screens after
    it settled; the cycle must come back to the screen it started from."""
    running = bench.launch(program)
    grab = bench.client.grab
    label = f"{program.label}, {route.name}"
    try:
        frame = probes.steady(grab, LAUNCH_TIMEOUT_S, f"{label}, premier écran", QUIET_S,
                              unlike=bench.blank)
        first = probes.choose(None, frame)
        screen = frame
        placed: list[Placed] = []
        start_of_cycle = frame
        for index, tap in enumerate(route.setup + route.cycle):
            if index == len(route.setup):
                start_of_cycle = frame
            point = tap.find(frame)
            bench.client.click(*point)
            after = probes.settle(grab, TAP_TIMEOUT_S, f"{label}, après « {tap.name} »",
                                  unlike=frame)
            placed.append(Placed(tap, point, probes.choose(frame, after)))
            frame = after
        if not probes.same_screen(frame, start_of_cycle):
            raise MeasureError(f"{label} : le cycle ({', '.join(t.name for t in route.cycle)}) "
                               "ne revient pas à l'écran d'où il part : pas de mesure.")
        count = len(route.setup)
        return CalibratedRoute(route, first, screen, placed[:count], placed[count:])
    finally:
        bench.stop(running)


def route_run(bench: Bench, program: Program, calibrated: CalibratedRoute,
              cycles: int) -> dict[str, list[float]]:
    """A fresh launch, the setup taps, then ``cycles`` times the cycle; the times (ms) of
    the timed taps, by kind."""
    times: dict[str, list[float]] = {}
    running = bench.launch(program)
    read = bench.client.pixel
    label = f"{program.label}, {calibrated.route.name}"
    try:
        probes.wait_first(read, calibrated.first, LAUNCH_TIMEOUT_S, f"{label}, premier écran",
                          running.alive)
        probes.wait_all(read, calibrated.first, LAUNCH_TIMEOUT_S, f"{label}, premier écran")
        probes.wait_screen(bench.client.grab, calibrated.screen, LAUNCH_TIMEOUT_S,
                           f"{label}, premier écran")
        taps = [(0, placed) for placed in calibrated.setup]
        taps += [(number, placed) for number in range(1, cycles + 1)
                 for placed in calibrated.cycle]
        for number, placed in taps:
            timed = placed.tap.kind is not None
            time.sleep(TIMED_TAP_PAUSE_S if timed else UNTIMED_TAP_PAUSE_S)
            sent = bench.client.click(*placed.point)
            what = f"{label}, « {placed.tap.name} » (cycle {number})"
            seen = probes.wait_first(read, placed.expected, TAP_TIMEOUT_S, what, running.alive)
            probes.wait_all(read, placed.expected, TAP_TIMEOUT_S, what)
            if timed:
                assert placed.tap.kind is not None
                times.setdefault(placed.tap.kind, []).append((seen - sent) * 1000)
        return times
    finally:
        bench.stop(running)
