"""The measurements themselves, the same for both programs, all from outside them.

- start: the time from right before the launch to the first poll that sees one of the
  first screen's probe pixels; then memory 5 s after the launch;
- walk: taps on "Suivant" (and "Retour" to come back, not timed) along a linear part of a
  flow, each timed from the click sent to the first pixel of the next step; memory after
  a number of steps shown.

Any measurement that does not happen raises :class:`MeasureError`: no number for it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.ui.theme.palette import PALETTES, rgba

from . import probes
from .pixels import Frame, XClient
from .programs import Program, Running
from .xserver import MeasureError

LAUNCH_TIMEOUT_S = 60.0
TAP_TIMEOUT_S = 10.0
MEMORY_AFTER_S = 5.0
TIMED_TAP_PAUSE_S = 0.25
"""Pause before a timed tap, so that the screen before it has finished drawing."""
UNTIMED_TAP_PAUSE_S = 0.03


def _hex_colour(hex_colour: str) -> int:
    red, green, blue, _ = rgba(hex_colour)
    return round(red * 255) << 16 | round(green * 255) << 8 | round(blue * 255)


NEXT_BUTTON = _hex_colour(PALETTES["normal"]["primary"][0])
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


def find_next_button(frame: Frame) -> tuple[int, int]:
    """Centre of the primary-coloured button in the bottom quarter of the screen."""
    box = probes.solid_block(frame, NEXT_BUTTON, top=frame.height * 3 // 4)
    if box is None:
        raise MeasureError("bouton « Suivant » introuvable (aucune couleur de bouton principal "
                           "en bas de l'écran).")
    x0, y0, x1, y1 = box
    return (x0 + x1) // 2, (y0 + y1) // 2


def calibrate_walk(bench: Bench, program: Program, length: int) -> Walk:
    """One warm-up walk: screenshots of each step forward, then back with "Retour"."""
    running = bench.launch(program)
    grab = bench.client.grab
    try:
        label = program.label
        frames = [probes.settle(grab, LAUNCH_TIMEOUT_S, f"{label}, étape 1", unlike=bench.blank)]
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
        return Walk(length, next_point, back_point, first, forward, backward)
    finally:
        bench.stop(running)


@dataclass
class WalkRun:
    taps_ms: list[float] = field(default_factory=list)
    memory: dict[int, tuple[float, int]] = field(default_factory=dict)
    """Steps shown → (PSS MiB, processes) measured then."""


def walk_run(bench: Bench, program: Program, walk: Walk, timed_taps: int, steps: int,
             marks: tuple[int, ...]) -> WalkRun:
    """Forward with "Suivant" (timed, up to ``timed_taps``), back with "Retour", again and
    again until ``steps`` steps were shown; memory at each mark."""
    result = WalkRun()
    running = bench.launch(program)
    read = bench.client.pixel
    try:
        what = f"{program.label}, première étape"
        probes.wait_first(read, walk.first, LAUNCH_TIMEOUT_S, what, running.alive)
        probes.wait_all(read, walk.first, LAUNCH_TIMEOUT_S, what)
        position, forward = 0, True
        for shown in range(1, steps + 1):
            if position == walk.length - 1:
                forward = False
            elif position == 0:
                forward = True
            target = position + 1 if forward else position - 1
            expected = walk.forward[target] if forward else walk.backward[target]
            timed = forward and len(result.taps_ms) < timed_taps
            time.sleep(TIMED_TAP_PAUSE_S if timed else UNTIMED_TAP_PAUSE_S)
            sent = bench.client.click(*(walk.next_point if forward else walk.back_point))
            what = (f"{program.label}, « {'Suivant' if forward else 'Retour'} » de l'étape "
                    f"{position + 1} à {target + 1} (pas {shown})")
            seen = probes.wait_first(read, expected, TAP_TIMEOUT_S, what, running.alive)
            probes.wait_all(read, expected, TAP_TIMEOUT_S, what)
            if timed:
                result.taps_ms.append((seen - sent) * 1000)
            position = target
            if shown in marks:
                memory = running.memory()
                result.memory[shown] = (memory.pss_mib, memory.processes)
        return result
    finally:
        bench.stop(running)
