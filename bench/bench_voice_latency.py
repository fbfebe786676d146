"""Speech in the real app: a step's first frame on screen to its first audio sample played.

How: the real kiosk app runs offscreen in a child process with SDL's disk audio driver, which
writes every mixed audio buffer to a file in real time; this process polls that file every
millisecond and timestamps the first loud buffer after each step change. The child reports,
on the same system-wide monotonic clock, when the first frame showing each step was flipped
(offscreen: the moment its pixels are in the frame buffer). The app reads a step right
after the frame that shows it, so the voice never delays the picture. Before each move the
child stops the voice and lets 0.3 s of silence pass, so the first loud buffer after a frame
belongs to that step. The child walks the longest path of a whole flow.

- cold: an empty audio cache when the flow starts (the kiosk then makes the first step at
  once and the others in the background, in path order, as on a fresh kiosk);
- warm: the same flow again, everything in the cache.
Targets: p95 warm < 100 ms, p95 cold < 300 ms. Fails (exit 1) when a step was never heard.
"""

from __future__ import annotations

import array
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.screen.stats import percentile

FLOW = "creer-adresse-email"
WALKS = 2  # of each kind, alternated: cold, warm, cold, warm
WARM_TARGET_MS = 100.0
COLD_TARGET_MS = 300.0
LOUD = 200  # sample value above which a buffer counts as sound (16-bit)
REPO = Path(__file__).resolve().parent.parent


def child(data_dir: str) -> int:
    """Walk the flow in the real app; print one JSON line per step shown."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kiosk.ui.boot import Display, configure

    configure(Display(1280, 800, fullscreen=False, offscreen=True))
    from kivy.clock import Clock
    from kivy.config import Config
    from kivy.core.window import Window

    Config.set("graphics", "maxfps", "60")
    from kiosk.flows.loader import load_flows
    from kiosk.flows.paths import all_paths
    from kiosk.settings import load_settings
    from kiosk.ui.app import KioskApp

    settings = load_settings(REPO / "config" / "kiosk.toml", data_dir=data_dir)
    flowset = load_flows(settings.path("flows_dir"), settings.path("assets_dir"))
    app = KioskApp(settings, flowset, speech=True)
    moves = list(max(all_paths(flowset.flows[FLOW]), key=lambda path: len(path[1]))[0])
    state = {"phase": "wait-ready", "since": 0.0, "step": 0, "flip_pending": False,
             "playing_since": 0.0}

    def on_flip(*_args: object) -> None:
        if state["flip_pending"]:
            state["flip_pending"] = False
            print(json.dumps({"step": state["step"], "flip": time.monotonic(),
                              "id": app.visit.walker.step.id}), flush=True)

    def tick(_dt: float) -> None:
        now = time.monotonic()
        phase = state["phase"]
        if phase == "wait-ready":
            if app.speech is not None and app.speech.wait_ready(0):
                state.update(phase="silence", since=now)
            elif app.speech is not None and not app.speech.available:
                print(json.dumps({"error": app.speech.reason}), flush=True)
                app.stop()
        elif phase == "silence" and now - state["since"] >= 0.3:
            walker = app.visit.walker
            if walker is None:
                app.open_flow(FLOW)
            elif walker.finished or not moves:
                print(json.dumps({"done": True}), flush=True)
                app.stop()
                return
            else:
                move = moves.pop(0)
                if move is None:
                    app.controller.next()
                else:
                    app.controller.answer(move)
            state["step"] += 1
            state.update(phase="speaking", since=now, flip_pending=True)
        elif phase == "speaking":
            if app.audio.speaking and not state["playing_since"]:
                state["playing_since"] = now
            if state["playing_since"] and now - state["playing_since"] >= 0.3:
                app.audio.stop()
                state.update(phase="silence", since=now, playing_since=0.0)
            elif now - state["since"] > 10:
                print(json.dumps({"error": f"step {state['step']} was never read"}),
                      flush=True)
                app.stop()

    Window.bind(on_flip=on_flip)
    Clock.schedule_interval(tick, 0)
    app.run()
    return 0


class RawListener(threading.Thread):
    """Polls the disk driver's output file; keeps (time, loud) for every read."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.reads: list[tuple[float, bool]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.path.exists() and not self.stopping.is_set():
            time.sleep(0.001)
        with open(self.path, "rb") as raw:
            rest = b""
            while not self.stopping.is_set():
                data = raw.read()
                now = time.monotonic()
                if data:
                    data = rest + data
                    usable = len(data) - len(data) % 2
                    rest = data[usable:]
                    samples = array.array("h", data[:usable])
                    self.reads.append((now, max(map(abs, samples), default=0) > LOUD))
                time.sleep(0.001)

    def first_loud_after(self, moment: float, before: float) -> float | None:
        return next((t for t, loud in self.reads if moment <= t < before and loud), None)


def walk(data_dir: Path, work: Path) -> list[float]:
    """One walk of the flow; latencies in ms, one per step."""
    raw = work / f"audio-{time.monotonic_ns()}.raw"
    env = {**os.environ, "SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(raw),
           "KIVY_HOME": str(work / "kivy"), "KIVY_NO_CONSOLELOG": "1", "KIVY_NO_FILELOG": "1"}
    listener = RawListener(raw)
    listener.start()
    done = subprocess.run([sys.executable, "-m", "bench.bench_voice_latency", "--child",
                           str(data_dir)], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    listener.stopping.set()
    listener.join()
    lines = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    errors = [x["error"] for x in lines if "error" in x]
    if done.returncode != 0 or errors or not any(x.get("done") for x in lines):
        raise RuntimeError(f"la marche n'a pas abouti : {errors or done.stderr[-1500:]}")
    flips = [x["flip"] for x in lines if "flip" in x]
    latencies = []
    for index, flip in enumerate(flips):
        until = flips[index + 1] if index + 1 < len(flips) else float("inf")
        heard = listener.first_loud_after(flip - 0.2, until)
        if heard is None:
            raise RuntimeError(f"étape {index + 1} jamais entendue : mesure impossible")
        latencies.append((heard - flip) * 1000)
    raw.unlink(missing_ok=True)
    return latencies


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-voix-"))
    cold: list[float] = []
    warm: list[float] = []
    first_cold: list[float] = []
    try:
        for round_ in range(WALKS):
            data = work / f"data-{round_}"
            measured = walk(data, work)
            cold += measured
            first_cold.append(measured[0])
            warm += walk(data, work)
    except RuntimeError as error:
        print(f"ÉCHEC : {error}")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Voix dans la vraie application, parcours {FLOW}, {WALKS} marches de chaque sorte :")
    print("  image de l'étape à l'écran -> premier échantillon joué (ms)")
    ok = True
    for name, values, target in (("froid", cold, COLD_TARGET_MS), ("chaud", warm, WARM_TARGET_MS)):
        high = percentile(values, 0.95)
        ok &= high < target
        print(f"  {name:<6} n={len(values):3d}  médiane {statistics.median(values):6.1f}  "
              f"p95 {high:6.1f}  min {min(values):6.1f}  max {max(values):6.1f}  "
              f"cible p95 < {target:.0f}  ({high / target:.2f}x la cible)")
    print(f"  première étape, cache vide : {', '.join(f'{v:.1f}' for v in first_cold)} ms")
    print("  cibles atteintes" if ok else "  CIBLE MANQUÉE")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.exit(child(sys.argv[2]))
    sys.exit(main())
