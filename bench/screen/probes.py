"""How a screen is recognised from outside: a few pixels that only that screen draws.

From two settled screenshots (the screen before, the screen expected) we keep pixels
whose colour changes, inside a solid 3x3 patch of the new colour (not an anti-aliased
edge), never black, white or the new screen's background. Waiting polls those few
pixels, 1x1 each, until one shows its expected colour (the "first pixel"), then checks
that all of them do (the expected screen really is there).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .pixels import Frame
from .xserver import MeasureError

POLL_S = 0.002
BLACK, WHITE = 0x000000, 0xFFFFFF


@dataclass(frozen=True)
class Probe:
    x: int
    y: int
    colour: int


def background(frame: Frame) -> int:
    """The most common colour (sampled every 8 pixels)."""
    counts = Counter(frame.pixel(x, y) for y in range(0, frame.height, 8)
                     for x in range(0, frame.width, 8))
    return counts.most_common(1)[0][0]


def _solid(frame: Frame, x: int, y: int, colour: int) -> bool:
    return all(frame.pixel(x + dx, y + dy) == colour for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def choose(before: Frame | None, after: Frame, count: int = 5, step: int = 2) -> list[Probe]:
    """Up to ``count`` probes, spread over the changed area, that tell ``after`` apart."""
    if before is not None and (before.width, before.height) != (after.width, after.height):
        raise ValueError("les deux images n'ont pas la même taille")
    excluded = {BLACK, WHITE, background(after)}
    found: list[Probe] = []
    for y in range(1, after.height - 1, step):
        if before is not None and before.rows[y] == after.rows[y]:
            continue
        for x in range(1, after.width - 1, step):
            colour = after.pixel(x, y)
            if colour in excluded or (before is not None and before.pixel(x, y) == colour):
                continue
            if _solid(after, x, y, colour):
                found.append(Probe(x, y, colour))
    if not found:
        raise MeasureError("aucun point de l'écran attendu ne le distingue du précédent")
    if len(found) <= count:
        return found
    return [found[round(i * (len(found) - 1) / (count - 1))] for i in range(count)]


def wait_first(read: Callable[[int, int], int], probes: list[Probe], timeout: float,
               what: str, alive: Callable[[], bool] = lambda: True) -> float:
    """Poll until one probe shows its colour; the ``perf_counter`` time of that poll."""
    deadline = time.perf_counter() + timeout
    while True:
        for probe in probes:
            if read(probe.x, probe.y) == probe.colour:
                return time.perf_counter()
        now = time.perf_counter()
        if now > deadline:
            raise MeasureError(f"{what} : aucun pixel attendu après {timeout:.0f} s "
                               f"({len(probes)} points surveillés) : pas de mesure.")
        if not alive():
            raise MeasureError(f"{what} : le programme s'est arrêté avant d'afficher l'écran.")
        time.sleep(POLL_S)


def wait_all(read: Callable[[int, int], int], probes: list[Probe], timeout: float,
             what: str) -> None:
    """Poll until every probe shows its colour at once (the whole screen is there)."""
    deadline = time.perf_counter() + timeout
    while not all(read(p.x, p.y) == p.colour for p in probes):
        if time.perf_counter() > deadline:
            wrong = [(p.x, p.y) for p in probes if read(p.x, p.y) != p.colour]
            raise MeasureError(f"{what} : l'écran attendu n'est pas complet après "
                               f"{timeout:.0f} s (points {wrong}).")
        time.sleep(POLL_S)


def settle(grab: Callable[[], Frame], timeout: float, what: str, pause: float = 0.5,
           unlike: Frame | None = None) -> Frame:
    """A screenshot once two in a row, ``pause`` apart, are identical (and differ from
    ``unlike``, the screen before: an empty screen is stable too)."""
    deadline = time.perf_counter() + timeout
    previous = grab()
    while True:
        time.sleep(pause)
        frame = grab()
        if frame.rows == previous.rows and (unlike is None or frame.rows != unlike.rows):
            return frame
        if time.perf_counter() > deadline:
            raise MeasureError(f"{what} : l'écran ne se stabilise pas en {timeout:.0f} s.")
        previous = frame


def steady(grab: Callable[[], Frame], timeout: float, what: str, quiet: float,
           unlike: Frame | None = None, pause: float = 0.25,
           clock: Callable[[], float] = time.perf_counter,
           sleep: Callable[[float], None] = time.sleep) -> Frame:
    """A screenshot once the screen has not changed for ``quiet`` seconds (and differs from
    ``unlike``): a first screen that changes again later (the kiosk's bar when its voice
    becomes ready, a second or two after the first frame) is not taken too early.
    ``clock`` and ``sleep``: the wall clock, or a test's own."""
    deadline = clock() + timeout
    frame = grab()
    since = clock()
    while True:
        sleep(pause)
        now_frame = grab()
        now = clock()
        if now_frame.rows != frame.rows:
            frame, since = now_frame, now
        elif now - since >= quiet and (unlike is None or frame.rows != unlike.rows):
            return frame
        if now > deadline:
            raise MeasureError(f"{what} : l'écran ne reste pas {quiet:.0f} s sans changer en "
                               f"{timeout:.0f} s.")


SAME_SCREEN_PIXELS = 0.001
"""Two screenshots show the same screen when at most this fraction of their pixels differ:
Chromium rasterises in 256-pixel tiles, and a tile redrawn alone can shade an edge at a
tile seam slightly differently (a few hundred pixels of a key's border), never a word."""


def differing_pixels(first: Frame, second: Frame) -> int:
    """How many pixels of two screenshots of the same size differ."""
    count = 0
    for row, other in zip(first.rows, second.rows, strict=True):
        if row != other:
            count += sum(row[i:i + 3] != other[i:i + 3] for i in range(0, len(row), 4))
    return count


def same_screen(first: Frame, second: Frame) -> bool:
    limit = SAME_SCREEN_PIXELS * first.width * first.height
    return (first.width, first.height) == (second.width, second.height) and \
        differing_pixels(first, second) <= limit


def wait_screen(grab: Callable[[], Frame], expected: Frame, timeout: float, what: str) -> None:
    """Poll whole screenshots until the screen is ``expected`` (:func:`same_screen`)."""
    deadline = time.perf_counter() + timeout
    while not same_screen(grab(), expected):
        if time.perf_counter() > deadline:
            raise MeasureError(f"{what} : l'écran n'est pas celui attendu après "
                               f"{timeout:.0f} s.")
        time.sleep(0.05)


def solid_block(frame: Frame, colour: int, top: int, bottom: int | None = None,
                left: int = 0, right: int | None = None) -> tuple[int, int, int, int] | None:
    """Box (x0, y0, x1, y1) of the thickest block of ``colour`` in rows ``top`` to
    ``bottom`` (excluded; default: the last row) and columns ``left`` to ``right``.

    Each row's longest run of the colour is taken; consecutive rows whose runs start and end
    at the same place (±3 px) form a block; the block with the most rows wins (a button's
    fill, not the thin border of another button). None if no block is 20 px high.
    """
    bottom = frame.height if bottom is None else bottom
    right = frame.width if right is None else right
    runs: list[tuple[int, int, int]] = []  # (x0, x1, y): each row's longest run
    for y in range(top, bottom):
        best = (0, -1)
        start = None
        for x in range(left, right + 1):
            inside = x < right and frame.pixel(x, y) == colour
            if inside and start is None:
                start = x
            elif not inside and start is not None:
                if x - start > best[1] - best[0]:
                    best = (start, x - 1)
                start = None
        runs.append((*best, y))
    blocks: list[list[tuple[int, int, int]]] = []
    for run in runs:
        if run[1] - run[0] < 40:
            continue
        last = blocks[-1][-1] if blocks else None
        if last and last[2] == run[2] - 1 and abs(last[0] - run[0]) <= 3 \
                and abs(last[1] - run[1]) <= 3:
            blocks[-1].append(run)
        else:
            blocks.append([run])
    if not blocks:
        return None
    block = max(blocks, key=len)
    if len(block) < 20:
        return None
    return (min(r[0] for r in block), block[0][2], max(r[1] for r in block), block[-1][2])
