"""Speech: time from a "speak" request to its audio loaded and playing, over bundled flows.

What is measured: from the call to ``SpeechService.speak`` on the UI thread to the moment
Kivy's ``SoundLoader`` has loaded the WAV (decoded in memory) and ``play()`` was called:
the first sample is then handed to SDL. Kivy's audio runs with SDL's dummy driver (no
sound card here), so the time SDL then takes to reach a loudspeaker (one audio buffer,
about 10-20 ms on a real card) and the delay from a touch to the screen are NOT included;
the results of the synthesis thread come back through a queue pumped at once, whereas in
the app they wait for the next Kivy frame (up to 17 ms at 60 frames a second).

- cold: the step's audio is not in the cache (synthesis by the worker, then load);
- warm: it is in the cache (load only);
- restart: the first request after the worker was killed (kill -9).
Targets: p95 warm < 100 ms, p95 cold < 300 ms.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.screen.stats import percentile

WARM_TARGET_MS = 100.0
COLD_TARGET_MS = 300.0
WARM_ROUNDS = 3
KILLS = 5
REPO = Path(__file__).resolve().parent.parent


def _environment() -> None:
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kiosk-bench-kivy-"))


def _line(name: str, values: list[float], target: float | None) -> str:
    median = statistics.median(values)
    p95 = percentile(values, 0.95)
    verdict = ""
    if target is not None:
        verdict = f"  cible p95 < {target:.0f} ms : {'OK' if p95 < target else 'DÉPASSÉE'}" \
                  f" ({p95 / target:.2f} × la cible)"
    return (f"{name:<8} n={len(values):<4} médiane {median:6.1f} ms  p95 {p95:6.1f} ms  "
            f"max {max(values):6.1f} ms{verdict}")


def main() -> int:
    _environment()
    from kiosk.settings import load_settings


    data_dir = tempfile.mkdtemp(prefix="kiosk-bench-voix-")
    try:
        return _run(load_settings(None, data_dir=data_dir))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _run(settings) -> int:
    from kiosk.flows.loader import load_flows
    from kiosk.speech import CallQueue, SpeechService, flow_texts

    result = load_flows(settings.path("flows_dir"), settings.path("assets_dir"))
    if not result.flows:
        print("aucun parcours : rien à mesurer")
        return 1
    texts: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for flow in sorted(result.flows.values(), key=lambda f: f.id):
        for pair in flow_texts(flow, "fr"):
            if pair not in seen:
                seen.add(pair)
                texts.append(pair)
    print(f"{len(result.flows)} parcours, {len(texts)} textes d'étapes différents (français)")

    calls = CallQueue()
    service = SpeechService(settings, post=calls.post)
    started = time.perf_counter()
    service.start()
    if not service.wait_ready(60):
        print(f"mesure impossible : {service.reason}")
        return 1
    print(f"démarrage du service (vérification du son + processus de la voix) : "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")

    def measure(text: str, language: str) -> float | None:
        service.stop()
        if not service.speak(text, language):
            return None
        if not calls.run_until(lambda: service.speaking, 60):
            return None
        return (service.last_latency or 0.0) * 1000

    try:
        cold = [measure(text, language) for text, language in texts]
        warm = [measure(text, language) for _ in range(WARM_ROUNDS)
                for text, language in texts]
        restart = []
        for number in range(KILLS):
            pid = service.worker_pid
            if pid is None:
                break
            os.kill(pid, signal.SIGKILL)
            restart.append(measure(f"Nouvel essai numéro {number} après une panne.", "fr"))
        words = sum(len(text.split()) for text, _ in texts)
    finally:
        service.close()
    missing = [v for v in cold + warm + restart if v is None]
    if missing or not cold or not warm or len(restart) < KILLS:
        print(f"mesure incomplète : {len(missing)} lectures n'ont pas démarré")
        return 1
    print(f"(textes de {words / len(texts):.0f} mots en moyenne ; moteur {service._engine_id})")
    print(_line("froid", cold, COLD_TARGET_MS))
    print(_line("chaud", warm, WARM_TARGET_MS))
    print(_line("relance", restart, None) + "  (premier texte après kill -9 du processus)")
    print(f"fichiers faits par la voix : {service.synthesized}, relances : {service.restarts}, "
          f"cache : {len(service.cache)} fichiers, {service.cache.total_bytes / 1e6:.1f} Mo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
