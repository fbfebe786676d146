"""Switching language on a step against changing the text size there (issue 19).

The real kiosk app runs offscreen (1280x800) in a child process, on the second step of a
flow written in French and English (and shown in Arabic with its « not translated » note).
Each measure starts at the call the bar's button makes (``choose_language`` or
``cycle_text_size``) and ends at the buffer flip of the frame that drew the step's final
layout (the widgets' boxes and words, looked at every clock tick, then unchanged for two
more ticks): the whole step redrawn in its new words or size.
Measures alternate, language then text size, so both meet the same machine load. Printed
for French, English and Arabic (the language switched to, and the text sizes changed while
in that language). Exit status 1 when a frame never came.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.screen.stats import percentile

FLOW = "creer-adresse-email"
LANGUAGES = ("fr", "en", "ar")
ROUNDS = 20
"""Switches into each language, and text-size changes while in it."""
STABLE_FRAMES = 2
"""Clock ticks with the same layout after the frame that drew it: the step is redrawn."""
REPO = Path(__file__).resolve().parent.parent


def child() -> int:
    """Measure in the real app; print one JSON line per measure."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kiosk.ui.boot import Display, configure

    configure(Display(1280, 800, fullscreen=False, offscreen=True))
    from kivy.clock import Clock
    from kivy.config import Config
    from kivy.core.window import Window

    Config.set("graphics", "maxfps", "0")  # frames as fast as the work allows
    from kiosk.flows.loader import load_flows
    from kiosk.settings import load_settings
    from kiosk.ui.app import KioskApp

    data = tempfile.mkdtemp(prefix="kiosk-bench-langue-")
    settings = load_settings(REPO / "config" / "kiosk.toml", data_dir=data)
    flowset = load_flows(settings.path("flows_dir"), settings.path("assets_dir"))
    app = KioskApp(settings, flowset)
    plan = [(kind, language) for _ in range(ROUNDS) for language in LANGUAGES
            for kind in ("language", "text")]
    state: dict = {"started": None, "last": None, "same": 0, "index": -1, "warm": 3,
                   "at": None, "last_flip": 0.0}

    def layout() -> tuple:
        screen = app.step_screen
        return tuple((type(w).__name__, round(w.x), round(w.y), round(w.width),
                      round(w.height), getattr(w, "text", "")) for w in screen.walk())

    def start_next() -> None:
        state["index"] += 1
        if state["index"] >= len(plan):
            print(json.dumps({"done": True}), flush=True)
            app.stop()
            return
        kind, language = plan[state["index"]]
        state["last"], state["same"], state["at"] = layout(), 0, None
        state["started"] = time.perf_counter()
        if kind == "language":
            if app.controller.choices.language == language:  # always a real switch
                app.controller.choose_language("fr" if language != "fr" else "en")
            state["started"] = time.perf_counter()
            app.controller.choose_language(language)
        else:
            app.controller.cycle_text_size()

    def on_flip(*_args: object) -> None:
        now = time.perf_counter()
        state["last_flip"] = now
        if state["started"] is not None and state["at"] is None:
            state["at"] = now

    def watch(_dt: float) -> None:
        """At each clock tick, before the frame's drawing: the step's layout as the last
        frame drew it. Kivy draws only frames where something changed, so the end of a
        measure is the flip of the frame that drew the layout seen last, once it has stayed
        the same for STABLE_FRAMES ticks."""
        if state["started"] is None:
            return
        shape = layout()
        if shape != state["last"]:
            drew = state["last_flip"] > state["started"]
            state["last"], state["same"] = shape, 0
            state["at"] = state["last_flip"] if drew else None
            return
        if state["at"] is not None:
            state["same"] += 1
        if state["same"] >= STABLE_FRAMES:
            kind, language = plan[state["index"]]
            if state["warm"] > 0:
                state["warm"] -= 1
                state["index"] -= 1  # the first measures warm the caches: not counted
            else:
                print(json.dumps({"kind": kind, "language": language,
                                  "ms": (state["at"] - state["started"]) * 1000}), flush=True)
            state["started"] = None
            Clock.schedule_once(lambda _dt: start_next(), 0)

    def begin(_dt: float) -> None:
        app.open_flow(FLOW)
        app.controller.next()
        Window.bind(on_flip=on_flip)
        Clock.schedule_interval(watch, 0)
        Clock.schedule_once(lambda _dt: start_next(), 0.5)

    Clock.schedule_once(begin, 0.5)
    app.run()
    return 0


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-langue-"))
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy", "KIVY_HOME": str(work / "kivy"),
           "KIVY_NO_CONSOLELOG": "1", "KIVY_NO_FILELOG": "1"}
    done = subprocess.run([sys.executable, "-m", "bench.bench_language", "--child"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    lines = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    if done.returncode != 0 or not any(x.get("done") for x in lines):
        print(f"ÉCHEC : la mesure n'a pas abouti : {done.stderr[-1500:]}")
        return 1
    print(f"Changer de langue ou de taille de texte sur une étape ({FLOW}, étape 2, 1280x800),")
    print(f"  jusqu'à l'image où l'étape est redessinée ; {ROUNDS} mesures de chaque (ms) :")
    for language in LANGUAGES:
        for kind, name in (("language", "langue"), ("text", "texte")):
            values = [x["ms"] for x in lines if x.get("kind") == kind
                      and x.get("language") == language]
            print(f"  {language}  {name:<6} n={len(values):2d}  médiane "
                  f"{statistics.median(values):6.1f}  p95 {percentile(values, 0.95):6.1f}  "
                  f"min {min(values):6.1f}  max {max(values):6.1f}")
        switch = statistics.median(x["ms"] for x in lines if x.get("kind") == "language"
                                   and x.get("language") == language)
        size = statistics.median(x["ms"] for x in lines if x.get("kind") == "text"
                                 and x.get("language") == language)
        print(f"  {language}  langue / texte : {switch / size:.2f}x")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.exit(child())
    sys.exit(main())
