"""Word times: how far an estimate from the audio's length is from espeak-ng's own word
events, and what asking espeak-ng costs per reading.

For the French steps of the bundled flows (after the lexicon, as they are read), the speech
worker makes each WAV with pyttsx3 and asks espeak-ng for its word events
(kiosk/speech/wordtimes.py); the same words are also timed by ``estimate`` (letters spread
over the WAV's length). Printed: how many readings got espeak-ng's own times, how far apart
the second pass's audio and the WAV are, how far the estimate is from espeak-ng per word
(median, p95, max), and the time the word events add to a synthesis.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from bench.screen.stats import percentile

REPO = Path(__file__).resolve().parent.parent
STEPS = 40


def main() -> int:
    from kiosk.flows.loader import load_flows
    from kiosk.settings import load_settings
    from kiosk.speech import wordtimes
    from kiosk.speech.lexicon import load_lexicons, plain
    from kiosk.speech.worker import Worker

    settings = load_settings(None)
    flowset = load_flows(settings.path("flows_dir"), settings.path("assets_dir"))
    lexicon = load_lexicons(settings.path("lexicon_dir"))[0].get("fr") or plain("fr")
    texts = []
    for flow in sorted(flowset.flows.values(), key=lambda f: f.id):
        for step in flow.steps:
            texts.append(lexicon.apply(step.spoken_text("fr")))
    texts = [t for t in texts if t][:STEPS]
    worker = Worker(None)
    worker.hello()
    apart_ms, off_ms, extra_ms, lengths_ms = [], [], [], []
    own = 0
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-mots-") as folder:
        for number, text in enumerate(texts):
            out = str(Path(folder) / f"{number}.wav")
            answer = worker.synth(text, "roa/fr", 150, out)
            frames, framerate = answer["frames"], answer["framerate"]
            started = time.perf_counter()
            found = worker.timer.ask(text, "roa/fr", 150)
            extra_ms.append((time.perf_counter() - started) * 1000)
            apart_ms.append(abs(found["samples"] - frames) / framerate * 1000)
            lengths_ms.append(frames / framerate * 1000)
            times = wordtimes.WordTimes.from_json(json.dumps(answer["words"]))
            if times.source != "espeak":
                continue
            own += 1
            guess = {w.start: w.at for w in wordtimes.estimate(text, times.duration).words}
            for word in times.words:
                if word.start in guess:
                    off_ms.append(abs(guess[word.start] - word.at) * 1000)
    if worker.timer is not None:
        worker.timer.close()
    print(f"Temps des mots, {len(texts)} étapes en français (lexique appliqué), "
          f"lecture de {statistics.median(lengths_ms) / 1000:.1f} s en médiane")
    print(f"  temps d'espeak-ng lui-même : {own}/{len(texts)} lectures")
    print(f"  écart de longueur seconde passe / WAV : médiane "
          f"{statistics.median(apart_ms):.1f} ms, max {max(apart_ms):.1f} ms")
    if off_ms:
        print(f"  estimation (lettres / durée) contre espeak-ng, par mot : médiane "
              f"{statistics.median(off_ms):.0f} ms, p95 {percentile(off_ms, 0.95):.0f} ms, "
              f"max {max(off_ms):.0f} ms ({len(off_ms)} mots)")
    print(f"  coût des temps des mots par lecture : médiane "
          f"{statistics.median(extra_ms):.1f} ms, p95 {percentile(extra_ms, 0.95):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
