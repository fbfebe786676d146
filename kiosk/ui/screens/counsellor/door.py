"""The way into the counsellor's space: five quick taps in the top-left corner, then the
PIN pad; while the pad or the space is open, its own quiet-time limit replaces the
visitors' idle wipe."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

from kiosk.ui.screens.counsellor.corner_taps import CORNER_MM, CornerTaps

if TYPE_CHECKING:
    from kiosk.ui.host import CounsellorHost


class CounsellorDoor:
    def __init__(self, host: CounsellorHost) -> None:
        self.host = host
        self.corner_taps = CornerTaps()
        self._event: Any = None

    def touched(self, x: float, y: float, window_height: float) -> None:
        """Any touch on the window (the space's quiet time, or a step of the gesture)."""
        host = self.host
        now = host.now()
        if host.counsellor is not None:
            host.counsellor.touched(now)
        elif self.corner_taps.tap(x, y, window_height, CORNER_MM * host.theme.px_per_mm, now):
            self._event = Clock.schedule_once(lambda _dt: self.open())  # after this touch

    def open(self) -> None:
        """The hidden gesture was made: show the PIN pad of the counsellor's space."""
        from kiosk.ui.screens.counsellor.space import CounsellorSession

        host = self.host
        if host.counsellor is None:
            host.dialogs.close_idle()
            host.counsellor = CounsellorSession(host)
            try:
                host.counsellor.open()
            except Exception:
                host.counsellor = None  # never leave the visitors' idle wipe switched off
                raise

    def tick(self) -> bool:
        """The space's own time-out; True while it is open (no idle wipe for visitors)."""
        if self.host.counsellor is None:
            return False
        self.host.counsellor.tick(self.host.now())
        return True

    def close(self) -> None:
        if self._event is not None:
            self._event.cancel()
        if self.host.counsellor is not None:
            self.host.counsellor.dismiss_all()
            self.host.counsellor = None
