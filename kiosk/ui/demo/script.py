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
from kivy.uix.widget import Widget

from kiosk.ui.app import KioskApp

SETTLE_SECONDS = 0.12
SETTLE_FRAMES = 40
"""At most this many frames are waited for the layout to stop moving after an action."""

SKIP = object()
"""What an action returns when there is nothing new to save (a page the step does not have)."""
Action = Callable[[KioskApp], object]
"""Does something to the app; what it returns is ignored, unless it is :data:`SKIP`."""


@dataclass
class Script:
    """Actions run in order; after each, the screen is saved as ``NN-name.png`` (or as the
    action's own file name, relative to ``out_dir``)."""

    out_dir: Path
    actions: list[tuple[str, Action, str | None]] = field(default_factory=list)
    saved: list[Path] = field(default_factory=list)
    error: BaseException | None = None
    _index: int = 0

    def add(self, name: str, action: Action, file: str | None = None) -> None:
        self.actions.append((name, action, file))

    def add_next(self, name: str, action: Action, file: str | None = None) -> None:
        """From inside an action: run ``action`` right after the one running now (a step's
        next page, known only once the step is laid out)."""
        self.actions.insert(self._index + 1, (name, action, file))

    def clear(self, folders: tuple[str, ...] = ()) -> None:
        """Remove the pictures of an earlier run from the output folder (and from its
        sub-folders named in ``folders``)."""
        for folder in (self.out_dir, *(self.out_dir / name for name in folders)):
            for old in folder.glob("*.png") if folder.is_dir() else []:
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
        self._index = index
        name, action, file = self.actions[index]
        try:
            shoot = action(app) is not SKIP
        except Exception as error:  # stop cleanly; the caller reports it
            self.error = error
            app.stop()
            return
        if not shoot:
            Clock.schedule_once(lambda _dt: self._run(app, index + 1), 0)
            return
        target = self.out_dir / (file or f"{index + 1:02d}-{name}.png")
        Clock.schedule_once(lambda _dt: self._settle(app, index, target, None, 0),
                            SETTLE_SECONDS)

    def _settle(self, app: KioskApp, index: int, target: Path, previous: object,
                frames: int) -> None:
        """Wait, a frame at a time, until no widget moves any more (a new text size or
        window size lays the screen out in several passes), then save it."""
        shape = _shape(app.root)
        if shape == previous or frames >= SETTLE_FRAMES:
            self._shoot(app, index, target)
            return
        Clock.schedule_once(lambda _dt: self._settle(app, index, target, shape, frames + 1), 0)

    def _shoot(self, app: KioskApp, index: int, target: Path) -> None:
        """Save the next frame Kivy draws. Read in ``on_flip``, before the buffers are
        swapped: reading later gets the back buffer, which after a swap holds the frame
        before (a step once showed over the home screen it replaced)."""

        def on_flip(*_args: object) -> None:
            Window.unbind(on_flip=on_flip)
            target.parent.mkdir(parents=True, exist_ok=True)
            written = Window.screenshot(name=str(self.out_dir / "shot.png"))
            if written:
                shutil.move(written, target)
                self.saved.append(target)
            Clock.schedule_once(lambda _dt: self._run(app, index + 1), 0)

        Window.bind(on_flip=on_flip)
        Window.canvas.ask_update()


def _shape(widget: Widget) -> list[tuple[int, ...]]:
    """Where every widget of the tree is and how big, to the pixel."""
    shape = [tuple(round(v) for v in (*widget.to_window(*widget.pos), *widget.size))]
    for child in widget.children:
        shape += _shape(child)
    return shape
