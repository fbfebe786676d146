"""Drive the real app by a script, one action per frame, with a screenshot after each.

Used by the no-display demo of ``kiosk run`` and by ``kiosk preview``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.ui.app import KioskApp

SETTLE_SECONDS = 0.12


@dataclass
class Script:
    """Actions run in order; after each, the screen is saved as ``NN-name.png``."""

    out_dir: Path
    actions: list[tuple[str, Callable[[KioskApp], None]]] = field(default_factory=list)
    saved: list[Path] = field(default_factory=list)
    error: BaseException | None = None

    def add(self, name: str, action: Callable[[KioskApp], None]) -> None:
        self.actions.append((name, action))

    def clear(self) -> None:
        """Remove the pictures of an earlier run from the output folder."""
        for old in self.out_dir.glob("*.png") if self.out_dir.is_dir() else []:
            old.unlink()

    def play(self, app: KioskApp) -> str | None:
        """Run the app through the whole script; the failure, if any, as text."""
        self.start(app)
        app.run()
        failure = self.error or (app.errors[0] if app.errors else None)
        return None if failure is None else str(failure)

    def start(self, app: KioskApp) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        Clock.schedule_once(lambda _dt: self._run(app, 0), SETTLE_SECONDS)

    def _run(self, app: KioskApp, index: int) -> None:
        if index >= len(self.actions) or app.errors:
            app.stop()
            return
        name, action = self.actions[index]
        try:
            action(app)
        except Exception as error:  # stop cleanly; the caller reports it
            self.error = error
            app.stop()
            return
        Clock.schedule_once(lambda _dt: self._shoot(app, index, name), SETTLE_SECONDS)

    def _shoot(self, app: KioskApp, index: int, name: str) -> None:
        """Save the next frame Kivy draws. Read in ``on_flip``, before the buffers are
        swapped: reading later gets the back buffer, which after a swap holds the frame
        before (a step once showed over the home screen it replaced)."""

        def on_flip(*_args: object) -> None:
            Window.unbind(on_flip=on_flip)
            target = self.out_dir / f"{index + 1:02d}-{name}.png"
            written = Window.screenshot(name=str(self.out_dir / "shot.png"))
            if written:
                shutil.move(written, target)
                self.saved.append(target)
            Clock.schedule_once(lambda _dt: self._run(app, index + 1), 0)

        Window.bind(on_flip=on_flip)
        Window.canvas.ask_update()
