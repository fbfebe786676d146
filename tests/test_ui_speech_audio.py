"""What the visitor hears, measured: the real app, its real voice, SDL's disk audio driver.

SDL reads its audio driver when audio first opens, so the app runs in a child process with
``SDL_AUDIODRIVER=disk``: everything played is mixed into a raw file (44.1 kHz, stereo,
16 bits). The child walks two steps; the parent finds each step's own waveform in that file
(sample for sample: the loudness shape gives the rough place, the waveform the exact one),
and checks that the first step played until the visitor moved on and then stopped, and that
the second step followed, alone (a second voice mixed in would change the waveform).
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
FRAME = 0.005  # seconds per loudness value
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

    heard = Path(os.environ["SDL_DISKAUDIOFILE"])

    def played(seconds):
        """From now, until ``seconds`` more have played: on the sound card's clock (what
        the disk driver has written), not the wall clock, which a busy machine outruns."""
        wanted = heard.stat().st_size + int(seconds * DEVICE_RATE) * 4  # stereo, 16 bits
        return lambda: heard.stat().st_size >= wanted

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
        yield from wait(lambda: app.audio.speaking)
        yield from wait(played(HEARD_BEFORE_NEXT))
        tap(app.step_screen.ids.next)
        report["moved"] = app.visit.walker.step.id == second.id
        yield from wait(lambda: app.audio.speaking)
        yield from wait(played(3.0))

    run_app(app, script)
    print("REPORT " + json.dumps(report))
    return 0


def heard_samples(path: Path) -> list[float]:
    """The disk driver's file, mixed down to mono (44.1 kHz)."""
    samples = array.array("h", path.read_bytes())
    return [(samples[i] + samples[i + 1]) / 2 for i in range(0, len(samples) - 1, 2)]


def wav_samples(path: Path) -> list[float]:
    """A step's WAV (22,050 Hz mono) brought to 44.1 kHz the way SDL does (linear)."""
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        x = array.array("h", wav.readframes(wav.getnframes()))
    out: list[float] = []
    for i in range(len(x) - 1):
        out += [x[i], (x[i] + x[i + 1]) / 2]
    return out


def loudness(samples: list[float]) -> list[float]:
    size = int(DEVICE_RATE * FRAME)
    return [(sum(s * s for s in samples[i:i + size]) / size) ** 0.5
            for i in range(0, len(samples) - size + 1, size)]


def correlation(a, b) -> float:
    n = min(len(a), len(b))
    if n == 0:
        return 0.0
    a, b = a[:n], b[:n]
    mean_a, mean_b = sum(a) / n, sum(b) / n
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    var_a = sum((x - mean_a) ** 2 for x in a)
    var_b = sum((y - mean_b) ** 2 for y in b)
    return cov / (var_a * var_b) ** 0.5 if var_a and var_b else 0.0


def rough_start(heard_env: list[float], ref_env: list[float], start: int = 0) -> int:
    """Frame of ``heard_env`` where ``ref_env`` most likely begins (loudness shapes)."""
    window = ref_env[:int(1.0 / FRAME)]
    return max(range(start, len(heard_env) - len(window)),
               key=lambda i: correlation(heard_env[i:i + len(window)], window))


def exact_start(heard: list[float], ref: list[float], around: int) -> tuple[int, float]:
    """Sample of ``heard`` where ``ref`` begins, found on the waveform near ``around``."""
    ref_env = loudness(ref[:DEVICE_RATE])
    at = max(range(len(ref_env)), key=ref_env.__getitem__) * int(DEVICE_RATE * FRAME)
    probe = ref[at:at + PROBE]
    best = max(range(max(0, around - SEARCH), around + SEARCH),
               key=lambda p: correlation(heard[p + at:p + at + PROBE], probe))
    return best, correlation(heard[best + at:best + at + BLOCK], ref[at:at + BLOCK])


def matching_blocks(heard: list[float], ref: list[float], start: int, limit: int):
    """For each loud 50 ms block of ``ref`` (up to ``limit`` samples in): does what was
    heard at that place carry exactly that waveform?"""
    for t in range(0, min(len(ref), limit) - BLOCK, BLOCK):
        block = ref[t:t + BLOCK]
        if max(abs(v) for v in block) < 1500 or start + t + BLOCK > len(heard):
            continue
        yield t, correlation(heard[start + t:start + t + BLOCK], block) > 0.9


BLOCK = int(0.05 * DEVICE_RATE)
PROBE = 256
SEARCH = int(0.03 * DEVICE_RATE)


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
    heard = heard_samples(raw)
    first, second = wav_samples(Path(report["first"])), wav_samples(Path(report["second"]))
    heard_env = loudness(heard)
    step = int(DEVICE_RATE * FRAME)
    assert len(first) / DEVICE_RATE > HEARD_BEFORE_NEXT + 1.5  # longer than it is listened to

    # The first step's own waveform is in what was heard.
    rough = rough_start(heard_env, loudness(first[:DEVICE_RATE])) * step
    start1, score1 = exact_start(heard, first, rough)
    assert score1 > 0.95, "the first step's audio was not played"
    assert max(abs(v) for v in heard[:max(1, start1 - BLOCK)]) < 300  # silence before it
    # It plays sample for sample until the visitor moves on, then stops: the cut.
    checks = list(matching_blocks(heard, first, start1, len(heard) - start1))
    cut = next((t for t, same in checks if not same), None)
    assert cut is not None, "the first step was never cut"
    last_heard = max(t for t, same in checks if same and t < cut) + BLOCK
    # Heard for a while, then cut before its end. The visitor's 1.5 s are counted in audio
    # written, but the tap's cut reaches the audio thread when the machine lets it: only
    # "some of it, not all of it" is asserted, not how much.
    assert 0.3 < last_heard / DEVICE_RATE < len(first) / DEVICE_RATE - 0.25
    cut_at = start1 + last_heard
    # The second step follows, and is heard alone: its waveform, block after block.
    rough = rough_start(heard_env, loudness(second[:DEVICE_RATE]),
                        max(0, cut_at // step - 10)) * step
    start2, score2 = exact_start(heard, second, rough)
    assert score2 > 0.95, "the second step's audio was not played after the first"
    assert cut_at - BLOCK <= start2 < start1 + cut + DEVICE_RATE
    alone = list(matching_blocks(heard, second, start2, DEVICE_RATE))
    assert len(alone) >= 10 and all(same for _, same in alone), alone
    # And nothing of the first step after the cut.
    rest = [same for t, same in matching_blocks(heard, first, start1, len(heard) - start1)
            if t >= cut + BLOCK]
    assert rest and not any(rest)


if __name__ == "__main__":
    sys.exit(child(sys.argv[1]))
