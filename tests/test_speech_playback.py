"""Playback through Kivy's audio, heard through SDL's disk driver, in a child process.

SDL reads its audio driver from the environment when audio first opens, so each case
runs this file as a child with its own environment. The disk driver writes what plays into
a file at the sound card's pace: the child waits on that file (how much has played), never
on the wall clock.
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

DEVICE_RATE = 44100  # SDL's disk driver: 44.1 kHz, stereo, signed 16 bits
BYTES_PER_SECOND = DEVICE_RATE * 2 * 2
TEXT = ("Vous allez créer une adresse e-mail. C'est gratuit. Cela prend environ vingt minutes. "
        "Gardez votre mot de passe pour vous. Un conseiller peut vous aider à chaque étape.")


def child(mode: str, data_dir: str) -> int:
    from kivy.clock import Clock

    from kiosk.settings import load_settings
    from kiosk.speech import CallQueue, SpeechService

    calls = CallQueue()
    service = SpeechService(load_settings(None, data_dir=data_dir), post=calls.post)
    service.start()
    report: dict = {"available": service.available, "reason": service.reason}
    try:
        if mode == "play-and-stop":
            assert service.wait_ready(30), service.reason
            cached = service.synthesize(TEXT, "fr")
            report["wav"] = str(cached)
            report["spoke"] = service.speak(TEXT, "fr")  # from the cache: plays at once
            report["speaking"] = service.speaking
            # About 0.8 s of it played, on the sound card's own clock (what the disk driver
            # has written since), not the wall clock: a busy machine may play slower.
            heard = Path(os.environ["SDL_DISKAUDIOFILE"])
            wanted = heard.stat().st_size + int(0.8 * BYTES_PER_SECOND)
            deadline = time.monotonic() + 60  # a bound for a stuck player, not a measure
            while heard.stat().st_size < wanted and time.monotonic() < deadline:
                Clock.tick()
                calls.run_pending(0.02)
            service.stop()
            report["speaking_after_stop"] = service.speaking
        else:
            service.wait_ready(30)
            report["spoke"] = service.speak("Bonjour", "fr")
            report["available"] = service.available
            report["reason"] = service.reason
    finally:
        service.close()
    print("REPORT " + json.dumps(report))
    return 0


def run_child(mode: str, tmp_path: Path, **env: str) -> dict:
    environment = {**os.environ, "KIVY_HOME": str(tmp_path / "kivy"), **env}
    done = subprocess.run([sys.executable, __file__, mode, str(tmp_path / "data")],
                          env=environment, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("REPORT "))
    return json.loads(line[len("REPORT "):])


def test_played_sound_is_heard_and_cut_when_stopped(tmp_path):
    raw = tmp_path / "out.raw"
    report = run_child("play-and-stop", tmp_path, SDL_AUDIODRIVER="disk",
                       SDL_DISKAUDIOFILE=str(raw))
    assert report["available"], report["reason"]
    assert report["spoke"] and report["speaking"]
    assert report["speaking_after_stop"] is False
    with wave.open(report["wav"], "rb") as wav:
        full_seconds = wav.getnframes() / wav.getframerate()
    samples = array.array("h", raw.read_bytes())
    loud = [i for i, s in enumerate(samples) if abs(s) > 500]
    assert loud, "nothing was heard"
    peak = max(abs(s) for s in samples)
    rms = (sum(s * s for s in samples[loud[0]:loud[-1] + 1]) / (loud[-1] + 1 - loud[0])) ** 0.5
    heard_seconds = (loud[-1] - loud[0]) / 2 / DEVICE_RATE
    assert peak > 5000
    assert rms > 500
    assert full_seconds > 8
    # About 0.8 s was played before "stop", out of a text of more than 8 s.
    assert 0.2 < heard_seconds < full_seconds / 4
    assert len(samples) / 2 / DEVICE_RATE < full_seconds


def test_no_audio_output_means_silent_kiosk(tmp_path):
    report = run_child("no-device", tmp_path, SDL_AUDIODRIVER="pilote-absent")
    assert report == {"available": False, "spoke": False,
                      "reason": "son indisponible : aucune sortie audio (haut-parleur, carte "
                                "son) n'a pu être ouverte"}


if __name__ == "__main__":
    sys.exit(child(sys.argv[1], sys.argv[2]))
