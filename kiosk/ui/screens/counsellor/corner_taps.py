"""The hidden gesture that opens the counsellor's space: five quick taps in a corner.

Pure logic on a given clock (no Kivy). The corner is the top-left one: a visitor does
not tap five times within three seconds into the very corner of the screen, and the
frame of the screen guides a counsellor's finger there without looking.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TAPS = 5
WITHIN_SECONDS = 3.0
CORNER_MM = 8.0
"""Side of the corner square that counts, in millimetres on the physical screen."""


@dataclass
class CornerTaps:
    """Counts taps in the top-left corner; ``tap`` says when the gesture is complete.

    Coordinates are Kivy's window coordinates (origin at the bottom left). A tap
    anywhere else starts the count again, and so does a pause: the ``taps`` taps
    must all fall within ``within`` seconds.
    """

    taps: int = TAPS
    within: float = WITHIN_SECONDS
    _times: list[float] = field(default_factory=list)

    @staticmethod
    def in_corner(x: float, y: float, window_height: float, side: float) -> bool:
        return 0 <= x <= side and window_height - side <= y <= window_height

    def tap(self, x: float, y: float, window_height: float, side: float, now: float) -> bool:
        """Count one touch; True when it completes the gesture (the count then restarts)."""
        if not self.in_corner(x, y, window_height, side):
            self._times.clear()
            return False
        self._times = [t for t in self._times if now - t < self.within]
        self._times.append(now)
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False

    @property
    def count(self) -> int:
        """Corner taps counted so far (for tests and the log)."""
        return len(self._times)
