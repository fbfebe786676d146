"""Every built-in Kivy door closed, and the kiosk stopped cleanly by its service's signal.

Kivy ships doors meant for a developer, not for a public screen:

- **F1** (and Android's menu key) opens Kivy's settings panel, in English, over the app; a
  change there (rotation, fullscreen, logging) is written to Kivy's ``config.ini`` and comes
  back at the next start. An App that inherits :class:`NoSettingsPanel` first has no
  settings panel at all (Kivy's documented way: ``use_kivy_settings = False`` and an
  ``open_settings`` that does nothing).
- Kivy's **modules** (the inspector on Ctrl+E, screenshot and rotation keys on F11/F12, the
  monitor, the touch ring) come from the ``[modules]`` section of ``config.ini`` or from
  ``-m`` on the command line: :func:`environment` stops Kivy from reading its command line
  and from reading or writing any ``config.ini`` (``KIVY_NO_CONFIG``), and
  :func:`lock_config` removes every module, whatever asked for it.
- **Escape** quits a Kivy app: ``exit_on_escape`` is off; closing the window (Alt+F4, the
  window manager) is refused by the app itself.

Signals: SDL turns SIGTERM into a "quit" request that the kiosk refuses like a window close,
so ``systemctl stop`` waited for its timeout and a SIGKILL. :func:`stop_on_signals` puts
Python handlers in SDL's place (after the window exists): SIGTERM, SIGINT and SIGHUP stop the
app cleanly at the next frame (speech and usage log closed, exit status 0).

This module imports no Kivy: :func:`environment` runs before Kivy is first imported.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable
from typing import Any

log = logging.getLogger("kiosk.ui")

ENVIRONMENT = {
    "KIVY_NO_ARGS": "1",  # no "-m inspector" or "-c section:key:value" from the command line
    "KIVY_NO_CONFIG": "1",  # Kivy's config.ini neither read (a saved rotation) nor written
    "KIVY_NO_FILELOG": "1",  # the kiosk's own log (kiosk/logs.py), without what was typed
    "KIVY_LOG_MODE": "PYTHON",  # Kivy's records go to the handlers of kiosk/logs.py
}
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def environment() -> None:
    """Set before Kivy is first imported (it reads these once, at import)."""
    os.environ.update(ENVIRONMENT)


def lock_config(config: Any) -> None:
    """Kivy's ``Config``, before the window opens: no module, Escape never quits."""
    config.set("kivy", "exit_on_escape", "0")
    for module in config.options("modules"):
        config.remove_option("modules", module)


class NoSettingsPanel:
    """Put before ``App`` in an App's bases: F1 and the menu key open nothing."""

    use_kivy_settings = False

    def open_settings(self, *_args: object) -> bool:
        return False

    def display_settings(self, _settings: object) -> bool:
        return False


def stop_on_signals(stop: Callable[[], None], schedule: Callable[[Callable[[], None]], None],
                    describe: Callable[[], str] = str) -> None:
    """From now on SIGTERM, SIGINT and SIGHUP call ``stop`` through ``schedule`` (on the
    interface's thread, at the next frame), after logging ``describe()`` (what is on the
    screen). Call once the window exists: SDL installs its own SIGTERM handler when its
    video starts, and this one replaces it."""

    def handler(number: int, _frame: object) -> None:
        name = signal.Signals(number).name

        def stop_now() -> None:
            log.warning("stopping on %s; on screen: %s", name, describe())
            stop()

        schedule(stop_now)

    for number in STOP_SIGNALS:
        signal.signal(number, handler)


def restore_signals() -> None:
    """Python's own handlers back (after the app stopped)."""
    for number in STOP_SIGNALS:
        signal.signal(number, signal.default_int_handler if number == signal.SIGINT
                      else signal.SIG_DFL)
