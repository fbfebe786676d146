"""Sizes computed from the screen's real density (no Kivy here).

Every touch target is at least 16 mm on the physical screen, with at least 24 px
between targets; body text is at least 24 px at the first level and 40 px at the third.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TARGET_MM = 16.0
MIN_GAP_PX = 24
# Body text: millimetres on the screen, and the smallest pixel size allowed, per level.
BODY_MM = (5.0, 6.3, 7.8)
BODY_MIN_PX = (26, 32, 40)


@dataclass(frozen=True)
class Metrics:
    width: int
    height: int
    px_per_mm: float
    level: int

    @property
    def target(self) -> int:
        """Smallest side of any touch target, in pixels."""
        return max(48, math.ceil(TARGET_MM * self.px_per_mm))

    @property
    def gap(self) -> int:
        return max(MIN_GAP_PX, round(4 * self.px_per_mm))

    @property
    def pad(self) -> int:
        return max(12, round(2.5 * self.px_per_mm))

    @property
    def body(self) -> int:
        index = self.level - 1
        return max(BODY_MIN_PX[index], round(BODY_MM[index] * self.px_per_mm))

    @property
    def title(self) -> int:
        return round(self.body * 1.35)

    @property
    def button_text(self) -> int:
        return self.body

    @property
    def small(self) -> int:
        """Secondary text (step counter, captions): never below 24 px."""
        return max(24, round(self.body * 0.85))

    @property
    def bar_text(self) -> int:
        """Text of the always-visible bars: fixed whatever the level, so they never move."""
        return max(24, round(BODY_MM[0] * self.px_per_mm * 0.85))

    @property
    def huge(self) -> int:
        return round(self.body * 2.2)


GENERIC_DPI = 96.0
# When neither the settings nor the system give the density, assume the smaller of the
# usual screens for that width (denser pixels, so targets come out bigger, never smaller).
ASSUMED_DIAGONALS = ((1600, 15.6), (0, 10.1))


def assumed_diagonal(width: int) -> float:
    return next(inches for min_width, inches in ASSUMED_DIAGONALS if width >= min_width)


def px_per_mm(width: int, height: int, diagonal_inches: float = 0.0,
              dpi: float = 0.0) -> float:
    """Pixels per millimetre from the diagonal when known, else from a real DPI.

    A missing DPI, or the generic 96 that X servers and offscreen drivers report
    whatever the screen, counts as unknown: the diagonal is then assumed.
    """
    if diagonal_inches <= 0 and dpi > 0 and abs(dpi - GENERIC_DPI) > 0.5:
        return dpi / 25.4
    inches = diagonal_inches if diagonal_inches > 0 else assumed_diagonal(max(width, height))
    return math.hypot(width, height) / (inches * 25.4)


def metrics_for(width: int, height: int, level: int = 1, diagonal_inches: float = 0.0,
                dpi: float = 0.0) -> Metrics:
    if level not in (1, 2, 3):
        raise ValueError(f"text level must be 1, 2 or 3, not {level}")
    return Metrics(width, height, px_per_mm(width, height, diagonal_inches, dpi), level)


REFERENCE_SCREENS = (
    # (width, height, diagonal in inches, name): the screens every bundled step must fit
    # (issue 15), from the largest to the smallest; `kiosk preview --all-sizes` draws them.
    (1920, 1080, 15.6, "1920x1080 15.6 in"),
    (1366, 768, 15.6, "1366x768 15.6 in"),
    (1280, 800, 10.1, "1280x800 10.1 in"),
    (800, 1280, 10.1, "800x1280 10.1 in portrait"),
)
