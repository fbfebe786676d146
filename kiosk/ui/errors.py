"""An unexpected error never leaves a visitor stuck: a calm message, then home.

Every exception that reaches Kivy's loop is logged with its traceback, the error overlay
shows for a few seconds, and the visit ends (``gave-up`` in the usage log).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock

log = logging.getLogger("kiosk.ui")
ERROR_RETURN_SECONDS = 4.0


class Recovery(ExceptionHandler):
    """Installed in Kivy's ``ExceptionManager`` while the app runs."""

    def __init__(self, show: Callable[[], None], recover: Callable[[], None]) -> None:
        """``show``: the error overlay; ``recover``: end the visit and go home."""
        super().__init__()
        self._show = show
        self._recover = recover
        self.errors: list[str] = []
        """Tracebacks of the errors met (tests assert there are none)."""
        self._event = None

    def install(self) -> None:
        ExceptionManager.add_handler(self)

    def remove(self) -> None:
        if self in ExceptionManager.handlers:
            ExceptionManager.remove_handler(self)
        if self._event is not None:
            self._event.cancel()

    def handle_exception(self, inst: BaseException) -> int:
        if isinstance(inst, KeyboardInterrupt | SystemExit):
            return ExceptionManager.RAISE
        self.report(inst)
        return ExceptionManager.PASS

    def report(self, error: BaseException) -> None:
        """Log an unexpected error, show a calm message, go home a few seconds later."""
        text = "".join(traceback.format_exception(error))
        self.errors.append(text)
        log.error("unexpected error:\n%s", text)
        try:
            self._show()
        except Exception:  # the message itself failed: still go home
            log.exception("could not show the error message")
        if self._event is not None:
            self._event.cancel()
        self._event = Clock.schedule_once(lambda _dt: self.back_home(), ERROR_RETURN_SECONDS)

    def back_home(self) -> None:
        self._event = None
        try:
            self._recover()
        except Exception:
            log.exception("could not return home after an error")
