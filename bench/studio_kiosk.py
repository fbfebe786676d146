"""The kiosk for bench_studio's « publish to on-screen » figure: the real app (KioskApp, its
own flows watcher polling the folder), offscreen. After every frame drawn whose home tiles
differ from the last frame's, one JSON line on stdout: the monotonic time (system-wide on
Linux, comparable with the bench's) and the tiles' texts."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=Path, required=True)
    args = parser.parse_args()
    out = sys.stdout
    sys.stdout = sys.stderr  # Kivy prints: only our lines go to the real stdout

    from kiosk.flows.flowset import load_flows
    from kiosk.settings import load_settings
    from kiosk.ui.boot import Display, configure

    settings = load_settings(args.config)
    configure(Display(1280, 800, fullscreen=False, offscreen=True),
              kivy_home=Path(tempfile.mkdtemp(prefix="bench-kiosk-kivy-")))
    from kivy.core.window import Window

    from kiosk.ui.app import KioskApp
    from kiosk.ui.widgets.common import Tile

    flowset = load_flows(settings.path("flows_dir"), settings.path("assets_dir"),
                         domains=settings.domains())
    app = KioskApp(settings, flowset)
    last: list[tuple[str, ...]] = [()]

    def flipped(*_args: object) -> None:
        screen = getattr(app, "home_screen", None)
        if screen is None:
            return
        tiles = tuple(w.text for w in screen.ids.grid.children if isinstance(w, Tile))
        if tiles != last[0]:
            last[0] = tiles
            out.write(json.dumps({"t": time.monotonic(), "tiles": tiles}) + "\n")
            out.flush()

    Window.bind(on_flip=flipped)
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
