"""The preview process: the kiosk's own app, offscreen, drawing one step per request.

Started by :class:`kiosk.studio.preview.Previewer`; reads one JSON request a line on stdin,
answers one JSON line on stdout. Each request names a flow file's text, a step, a screen,
a text size, a contrast and a language; the app (:class:`kiosk.ui.app.KioskApp`, the same
one as ``kiosk run`` and ``kiosk preview``) opens that flow, walks to that step as a visitor
would (:func:`kiosk.commands.preview.go_to`), and the window's pixels are saved as PNG.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import sys
import tempfile
import threading
from pathlib import Path

MIN_FRAMES = 3
MAX_FRAMES = 60
"""Frames drawn after the step is built before its picture is taken: at least MIN_FRAMES,
then until the layout stays the same for two frames (text sizes and a new window size
change it during the first few), at most MAX_FRAMES."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=Path, required=True)
    parser.add_argument("--size", required=True, help="WIDTHxHEIGHT of the window")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kiosk-studio-preview-"))
    (work / "flows").mkdir()
    config = work / "kiosk.toml"
    config.write_text(f'flows_dir = "{work / "flows"}"\nassets_dir = "{args.assets.resolve()}"\n'
                      f'data_dir = "{work / "data"}"\n', encoding="utf-8")
    out = sys.stdout
    sys.stdout = sys.stderr  # Kivy and others print: only answers go to the real stdout

    from kiosk.settings import load_settings
    from kiosk.ui.boot import Display, configure

    width, height = (int(part) for part in args.size.split("x"))
    configure(Display(width, height, fullscreen=False, offscreen=True), kivy_home=work / "kivy")
    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.commands.preview import go_to
    from kiosk.flows.flowset import FlowSet
    from kiosk.flows.loader import load_flow_text
    from kiosk.ui.app import KioskApp
    from kiosk.visit import Choices

    settings = load_settings(config)
    app = KioskApp(settings, FlowSet())
    Window.size = (width, height)
    requests: queue.Queue[dict | None] = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            if line.strip():
                requests.put(json.loads(line))
        requests.put(None)

    threading.Thread(target=read, daemon=True).start()

    def answer(payload: dict) -> None:
        out.write(json.dumps(payload) + "\n")
        out.flush()

    def poll(_dt: float) -> None:
        try:
            request = requests.get_nowait()
        except queue.Empty:
            return
        if request is None:
            app.stop()
            return
        try:
            show(request)
        except Exception as error:  # the studio shows it; the worker goes on
            answer({"ok": False, "error": f"{type(error).__name__}: {error}"})

    def show(request: dict) -> None:
        text = Path(request["flow"]).read_bytes()
        flow, problems = load_flow_text(text, Path(request["flow"]), settings.path("assets_dir"))
        if flow is None:
            errors = [p.message for p in problems if p.is_error]
            answer({"ok": False, "error": errors[0] if errors else "parcours illisible"})
            return
        if tuple(Window.size) != (request["width"], request["height"]):  # one per size
            answer({"ok": False, "error": f"taille de fenêtre {Window.size}"})
            return
        app.theme.diagonal_inches = float(request.get("diagonal", 0.0))
        app.controller.show_with(Choices(
            language=request.get("lang", "fr"), text_level=int(request.get("level", 1)),
            high_contrast=request.get("contrast") == "high",
            voice=app.controller.choices.voice))
        app.flowset = FlowSet(flows={flow.id: flow})
        go_to(app, flow.id, request["step"])
        wait(0, request, None, 0)

    def layout() -> tuple:
        return tuple((w.x, w.y, w.width, w.height) for w in app.root.walk())

    def wait(frame: int, request: dict, last: tuple | None, same: int) -> None:
        now = layout()
        same = same + 1 if now == last else 0
        if frame < MAX_FRAMES and (frame < MIN_FRAMES or same < 2):
            Clock.schedule_once(lambda _dt: wait(frame + 1, request, now, same), 0)
            return
        target = Path(request["out"])
        written = Window.screenshot(name=str(target.with_name("shot.png")))
        if not written:
            answer({"ok": False, "error": "la capture d'écran a échoué"})
            return
        os.replace(written, target)
        answer({"ok": True, "png": str(target)})

    def started(_dt: float) -> None:
        answer({"ok": True, "ready": True})
        Clock.schedule_interval(poll, 0.01)

    Clock.schedule_once(started, 0.1)
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
