"""One kiosk (offscreen, 1280x800) that shows a step picture, then prints its peak memory.

``python -m bench.picture_memory CASE FOLDER`` with CASE one of:

- ``petite``: the flow as shipped (a small picture);
- ``geante-originale``: the picture replaced by a 4470 x 4470 one, and the kiosk made to show
  the original as it did before reduced copies (its finder given no copies);
- ``geante-reduite``: the same big picture, shown as the kiosk does now (reduced copy).

FOLDER holds the flows, assets and data (made by bench/bench_hostile.py). Prints one line:
``CASE kiosque=<peak MB> lecteur=<peak MB of the worker process> texture=<w>x<h>``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

FLOW = "creer-adresse-email"
SIZE = (1280, 800)


def peak_mb(pid: int | str = "self") -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(case: str, folder: Path) -> int:
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="bench-kivy-"))
    from kiosk.ui.boot import Display, configure

    configure(Display(*SIZE, fullscreen=False, offscreen=True))
    from kivy.clock import Clock

    from kiosk.flows.loader import load_flows
    from kiosk.settings import load_settings
    from kiosk.ui.app import KioskApp

    settings = load_settings(folder / "kiosk.toml")
    app = KioskApp(settings, load_flows(settings.path("flows_dir"),
                                        settings.path("assets_dir")))
    result: dict[str, object] = {}
    deadline = time.monotonic() + 120

    def drive(_dt: float) -> bool:
        if time.monotonic() > deadline:
            result["error"] = "trop long"
            app.stop()
            return False
        if case == "geante-originale":
            app.pictures.reduced = None  # as before: the original goes to Kivy
        elif case == "geante-reduite" and not any(
                app.pictures.reduced.folder.glob("[!.]*.png")):
            return True  # the worker is still making the copy
        if app.visit.walker is None:
            app.open_flow(FLOW)
            return True
        walker = app.visit.walker
        if not walker.step.picture:
            app.controller.next()
            return True
        if "shown" not in result:
            result["shown"] = True
            return True  # one more frame: the picture is drawn
        from kiosk.ui.screens.step.step import PictureFrame

        frame = next(w for w in app.step_screen.walk() if isinstance(w, PictureFrame))
        texture = frame.children[0].texture
        result["texture"] = "x".join(str(v) for v in texture.size) if texture else "aucune"
        result["worker"] = peak_mb(app.flow_watcher.reader.pid)
        result["kiosk"] = peak_mb()
        app.stop()
        return False

    Clock.schedule_interval(drive, 0.05)
    app.run()
    if "error" in result:
        print(f"{case} erreur={result['error']}")
        return 1
    print(f"{case} kiosque={result['kiosk']:.0f} lecteur={result['worker']:.0f} "
          f"texture={result['texture']}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], Path(sys.argv[2])))
