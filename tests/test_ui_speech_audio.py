"""What the visitor hears, measured: the real app, its real voice, SDL's disk audio driver.

SDL reads its audio driver when audio first opens, so the app runs in a child process with
``SDL_AUDIODRIVER=disk``: everything played is mixed into a raw file (44.1 kHz, stereo,
16 bits) in real time. The child walks two steps; the parent finds each step's own audio in
that file by the shape of its loudness, and checks that the first was cut when the visitor
moved on and that the second followed, alone.
"""

from __future__ import annotations

import array
import json
import os
import subprocess
import sys
import time
import wave
from pathlib import Path

DEVICE_RATE = 44100
FRAME = 0.02  # seconds per loudness value
FLOW = "creer-adresse-email"
HEARD_BEFORE_NEXT = 1.5  # seconds the visitor listens to the first step


def child(tmp: str) -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from ui_helpers import make_app, run_app, settle, tap

    app = make_app(Path(tmp), speech=True)
    report: dict = {}

    def wait(condition, seconds=45.0):
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            yield

    def script(app):
        yield from wait(lambda: app.speech is not None and app.speech.wait_ready(0))
        flow = app.flowset.flows[FLOW]
        first = flow.start
        second = flow.step(first.next)
        # Warm cache, as on a kiosk where the flow was prefetched: each step's own audio.
        report["first"] = str(app.speech.synthesize(first.spoken_text("fr"), "fr"))
        report["second"] = str(app.speech.synthesize(second.spoken_text("fr"), "fr"))
        app.open_flow(FLOW)
        yield from settle(app)
        yield from wait(lambda: app.speaking)
        started = time.monotonic()
        yield from wait(lambda: time.monotonic() - started >= HEARD_BEFORE_NEXT)
        tap(app.step_screen.ids.next)
        report["moved"] = app.visit.walker.step.id == second.id
        yield from wait(lambda: app.speaking)
        started = time.monotonic()
        yield from wait(lambda: time.monotonic() - started >= 2.0)

    run_app(app, script)
    print("REPORT " + json.dumps(report))
    return 0


def loudness_of_raw(path: Path) -> list[float]:
    samples = array.array("h", path.read_bytes())
    mono = [(samples[i] + samples[i + 1]) / 2 for i in range(0, len(samples) - 1, 2)]
    return _frames(mono, DEVICE_RATE)


def loudness_of_wav(path: Path) -> list[float]:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        rate = wav.getframerate()
        return _frames(array.array("h", wav.readframes(wav.getnframes())), rate)


def _frames(samples, rate: int) -> list[float]:
    size = int(rate * FRAME)
    return [(sum(s * s for s in samples[i:i + size]) / size) ** 0.5
            for i in range(0, len(samples) - size + 1, size)]


def correlation(a: list[float], b: list[float]) -> float:
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    mean_a, mean_b = sum(a) / n, sum(b) / n
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    var_a = sum((x - mean_a) ** 2 for x in a)
    var_b = sum((y - mean_b) ** 2 for y in b)
    return cov / (var_a * var_b) ** 0.5 if var_a and var_b else 0.0


def best_match(heard: list[float], wanted: list[float], start: int = 0) -> tuple[int, float]:
    """Where in ``heard`` (from ``start``) ``wanted`` begins, and how well it matches."""
    window = wanted[:int(1.0 / FRAME)]
    scores = [(correlation(heard[i:i + len(window)], window), i)
              for i in range(start, len(heard) - len(window))]
    score, index = max(scores)
    return index, score


def test_two_steps_heard_first_cut_second_follows(tmp_path):
    raw = tmp_path / "heard.raw"
    environment = {**os.environ, "KIVY_HOME": str(tmp_path / "kivy"),
                   "SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(raw)}
    done = subprocess.run([sys.executable, __file__, str(tmp_path)], env=environment,
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(next(line for line in done.stdout.splitlines()
                             if line.startswith("REPORT "))[len("REPORT "):])
    assert report["moved"]
    heard = loudness_of_raw(raw)
    first, second = loudness_of_wav(Path(report["first"])), loudness_of_wav(Path(report["second"]))
    assert len(first) * FRAME > HEARD_BEFORE_NEXT + 1.5  # the first step is longer than heard
    assert max(heard) > 1000  # real sound, not silence

    at_first, score_first = best_match(heard, first)
    assert score_first > 0.9, "the first step's audio was not played"
    at_second, score_second = best_match(heard, second, at_first + int(0.5 / FRAME))
    assert score_second > 0.9, "the second step's audio was not played after the first"
    listened = (at_second - at_first) * FRAME
    # Moved on before the first step's audio ended: it was cut there.
    assert listened < len(first) * FRAME - 1.0
    # After the move only the second step is heard: the rest of the first is not mixed in.
    # (Compared over one second: under a heavy load SDL's disk driver may stretch time later.)
    window = int(1.0 / FRAME)
    rest_of_first = first[at_second - at_first:][:window]
    after = heard[at_second:at_second + window]
    assert correlation(after, second) > 0.9
    assert correlation(after, rest_of_first) < 0.5
    # Silence before the first step began (nothing was read on the home screen).
    assert max(heard[:max(1, at_first - 5)], default=0.0) < 300


if __name__ == "__main__":
    sys.exit(child(sys.argv[1]))
