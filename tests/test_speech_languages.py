"""Every visitor language read with espeak-ng's own voice for it, through the real worker
(pyttsx3 reads the real voice list); a language with no voice stays silent and says so; a
flow not written in the visitor's language: its note in that language, then the French."""

from __future__ import annotations

import os
import shutil
import subprocess
import wave
from pathlib import Path

import pytest

from kiosk.i18n import languages, tr
from kiosk.settings import load_settings
from kiosk.speech import CallQueue, SpeechService

ESPEAK_DATA = Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data")
WAIT = 30.0

ESPEAK_VOICES = {"fr": "roa/fr", "en": "gmw/en", "ar": "sem/ar", "uk": "zle/uk",
                 "fa": "ira/fa", "tr": "trk/tr", "ro": "roa/ro", "pt": "roa/pt",
                 "es": "roa/es", "ru": "zle/ru"}
"""The espeak-ng voice each language the kiosk offers must be read with."""


def seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as audio:
        return audio.getnframes() / audio.getframerate()


def make_service(tmp_path: Path, calls: CallQueue, **kwargs) -> SpeechService:  # type: ignore[no-untyped-def]
    settings = load_settings(None, data_dir=tmp_path / "data")
    service = SpeechService(settings, post=calls.post, player=None, **kwargs)
    service.start()
    assert service.wait_ready(WAIT), service.reason
    return service


def test_every_language_offered_is_read_with_its_own_voice(tmp_path: Path) -> None:
    assert set(languages()) == set(ESPEAK_VOICES)
    calls = CallQueue()
    service = make_service(tmp_path, calls)
    try:
        chosen = {code: service.voice_for(code).id for code in languages()}
        assert chosen == ESPEAK_VOICES
        for code, voice in ESPEAK_VOICES.items():
            sentence = tr("Choisissez votre langue", code)
            made = service.synthesize(sentence, code)
            reference = tmp_path / f"{code}.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(reference),
                            service.spoken_text(sentence, code)], check=True)
            assert abs(seconds(made) - seconds(reference)) < 0.1 * seconds(reference), code
    finally:
        service.close()


@pytest.fixture
def espeak_without_arabic(tmp_path: Path) -> dict[str, str]:
    if not ESPEAK_DATA.is_dir():
        pytest.skip(f"espeak-ng data not at {ESPEAK_DATA}")
    data = tmp_path / "espeak-data"
    shutil.copytree(ESPEAK_DATA, data, symlinks=True)
    (data / "lang" / "sem" / "ar").unlink()
    return {**os.environ, "ESPEAK_DATA_PATH": str(data)}


def test_a_language_with_no_voice_is_silent_and_said(tmp_path: Path,
                                                      espeak_without_arabic) -> None:
    calls = CallQueue()
    service = make_service(tmp_path, calls, worker_env=espeak_without_arabic)
    heard: list[tuple[str, object]] = []
    service.listen(lambda name, value: heard.append((name, value)))
    try:
        assert service.voice_for("ar") is None  # never another language's voice instead
        assert service.voice_for("fa").id == "ira/fa"
        assert service.speak(tr("Suivant", "ar"), "ar") is False
        assert ("no-voice", "ar") in heard
        before = service.synthesized
        # The note in Arabic has no voice: left out; the French text after it is read.
        assert service.speak_parts([(tr("Suivant", "ar"), "ar"), ("Bonjour.", "fr")]) is True
        assert calls.run_until(lambda: service.synthesized > before, WAIT)
        assert service.last_text == "Bonjour."
        assert heard.count(("no-voice", "ar")) == 2  # every time: the screen tells once
    finally:
        service.close()
