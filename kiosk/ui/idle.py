"""Never cut a person off without warning: the idle watch, as pure logic on a given clock.

After ``timeout`` seconds without a touch, a warning with a visible countdown of
``countdown`` seconds; then the visit is wiped. The app feeds it touches and the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IdleState(StrEnum):
    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


@dataclass
class IdleWatch:
    timeout: float
    countdown: float
    last_touch: float = 0.0
    paused: bool = False

    def touch(self, now: float) -> None:
        self.last_touch = now

    def state(self, now: float) -> IdleState:
        if self.paused:
            return IdleState.ACTIVE
        quiet = now - self.last_touch
        if quiet < self.timeout:
            return IdleState.ACTIVE
        if quiet < self.timeout + self.countdown:
            return IdleState.WARNING
        return IdleState.EXPIRED

    def seconds_left(self, now: float) -> int:
        """Whole seconds of the countdown still to go (shown on screen)."""
        left = self.timeout + self.countdown - (now - self.last_touch)
        return max(0, int(left + 0.999))
