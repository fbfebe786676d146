"""When each word is heard: espeak-ng's own word events, with the real voice and real WAV
files, and the marks they give while a reading plays. Time is driven by the player's clock
(a number the test moves), never by sleeping."""

from __future__ import annotations

import json
import re
import wave
from pathlib import Path

import pytest

from kiosk.settings import load_settings
from kiosk.speech import CallQueue, SpeechService
from kiosk.speech.wordtimes import (
    EspeakTimer,
    Word,
    WordTimes,
    align,
    espeak_times,
    estimate,
)

LONG = ("Vous allez créer une adresse e-mail. C'est gratuit. Cela prend environ vingt minutes. "
        "Gardez votre mot de passe pour vous. Un conseiller peut vous aider à chaque étape.")
WAIT = 30.0
WORDS = re.compile(r"\w[\w'’.,@/:-]*\w|\w")


class Clock:
    """The player's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(tmp_path, clock):
    from kiosk.speech.player import KivyPlayer

    calls = CallQueue()
    settings = load_settings(None, data_dir=tmp_path / "data")
    service = SpeechService(settings, post=calls.post, player=KivyPlayer(clock=clock))
    service.start()
    assert service.wait_ready(WAIT), service.reason
    service.calls = calls
    yield service
    service.close()


def frames_of(path: Path) -> tuple[int, int]:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes(), wav.getframerate()


def test_espeak_word_times_belong_to_the_very_wav_the_worker_made(service):
    wav = service.synthesize(LONG, "fr")
    frames, framerate = frames_of(wav)
    kept = WordTimes.from_json(service.cache.words(wav.stem))
    # the second pass made exactly as many samples as the file: same audio, espeak's times
    assert kept.source == "espeak"
    assert kept.duration == pytest.approx(frames / framerate, abs=1e-3)
    spoken = service.spoken_text(LONG, "fr")
    read = [spoken[w.start:w.start + w.length] for w in kept.words]
    assert read[:4] == ["Vous", "allez", "créer", "une"]
    assert read[-2:] == ["chaque", "étape"]
    starts = [w.at for w in kept.words]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert starts[0] < 0.2 and starts[-1] < kept.duration


def test_a_word_starts_where_its_sound_starts(service):
    """espeak's sample positions land on the audio: the 40 ms before « gratuit » (after a
    full stop and « C'est ») hold sound, the pause at each full stop is quieter."""
    wav = service.synthesize("Bonjour. Au revoir.", "fr")
    frames, framerate = frames_of(wav)
    times = WordTimes.from_json(service.cache.words(wav.stem))
    import array

    with wave.open(str(wav), "rb") as audio:
        samples = array.array("h", audio.readframes(frames))

    def loudness(start: float, end: float) -> float:
        part = samples[int(start * framerate):int(end * framerate)]
        return sum(abs(s) for s in part) / max(1, len(part))

    second = times.words[1].at  # « Au », after the pause of the full stop
    assert loudness(second - 0.08, second - 0.01) < loudness(second + 0.02, second + 0.12) / 4


def test_marks_advance_in_order_and_end_on_the_last_word(service, clock):
    service.synthesize(LONG, "fr")
    heard = []
    service.listen(lambda name, value: heard.append(value) if name == "reading" else None)
    assert service.speak(LONG, "fr")
    reading = service.reading
    assert reading is not None and heard == [reading]
    assert reading.text == LONG and reading.times.source == "espeak"
    marks = []
    start = clock.now
    while clock.now - start < reading.times.duration + 1:
        index = reading.times.current(service.position)
        if not marks or marks[-1] != index:
            marks.append(index)
        clock.now += 0.25  # a quarter of a second between two looks, as on the screen
    shown = [LONG[w.start:w.start + w.length] for w in reading.times.words]
    assert shown == WORDS.findall(LONG)
    assert marks == sorted(marks)
    assert marks[-1] == len(shown) - 1  # ends on « étape »
    assert len(marks) >= len(shown) * 0.8  # a quarter second shows nearly every word
    service.stop()
    assert service.reading is None and heard[-1] is None


def test_private_reading_gets_times_but_nothing_on_disk(service, clock):
    typed = "jean.dupont@exemple.fr"
    before = set(service.cache.folder.iterdir())
    assert service.speak_private(typed, "fr")
    assert service.calls.run_until(lambda: service.reading is not None, WAIT)
    assert service.reading.text == typed
    assert [typed[w.start:w.start + w.length] for w in service.reading.times.words] == [typed]
    assert set(service.cache.folder.iterdir()) == before
    assert not list(service._private_dir.iterdir())


def test_lexicon_rewrites_share_the_times_of_what_was_read():
    shown = "Allez sur la CAF puis ameli.fr maintenant."
    spoken = "Allez sur la caisse d'allocations familiales puis ameli point f r maintenant."
    found = [(m.start(), m.end() - m.start()) for m in WORDS.finditer(spoken)]
    times = WordTimes(tuple(Word(i * 0.5, s, n) for i, (s, n) in enumerate(found)), 9.0,
                      "espeak")
    moved = align(shown, spoken, times)
    words = {shown[w.start:w.start + w.length]: w.at for w in moved.words}
    assert list(words) == ["Allez", "sur", "la", "CAF", "puis", "ameli.fr", "maintenant"]
    assert words["CAF"] == 1.5  # where « caisse » starts
    assert words["puis"] == 3.0
    assert words["maintenant"] == found.index(next(f for f in found
                                                   if spoken[f[0]:].startswith("maint"))) * 0.5
    ats = [w.at for w in moved.words]
    assert ats == sorted(ats)


def test_estimate_covers_the_audio_in_order():
    times = estimate(LONG, 10.0)
    assert [LONG[w.start:w.start + w.length] for w in times.words] == WORDS.findall(LONG)
    assert times.words[0].at == 0 and times.words[-1].at < 10.0
    assert times.source == "estimate"


def test_the_timer_answers_and_another_audio_length_falls_back_to_the_estimate():
    timer = EspeakTimer()
    try:
        found = timer.ask("Bonjour. Au revoir.", "roa/fr", 150)
        assert [w[1:] for w in found["words"]] == [[0, 7], [9, 2], [12, 6]]
        exact = espeak_times("Bonjour. Au revoir.", "roa/fr", 150, found["samples"],
                             22050, timer=timer)
        assert exact.source == "espeak" and exact.words[1].at > 0.3
        times = espeak_times("Bonjour.", "roa/fr", 150, frames=12345, framerate=22050,
                             timer=timer)
        assert times.source == "estimate"
        assert json.loads(times.to_json())["words"] == [[0.0, 0, 7]]
        with pytest.raises(ValueError, match="voix inconnue"):
            timer.ask("Bonjour.", "pas/une-voix", 150)
    finally:
        timer.close()
