"""The speech service with the real engine: pyttsx3 and espeak-ng in a worker process.

Waiting here is on events from the worker (``CallQueue.run_until``, ``wait_ready``) with
generous limits, never a fixed sleep; nothing asserts how long anything took.
"""

from __future__ import annotations

import array
import os
import random
import shutil
import signal
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from kiosk.flows.loader import load_flow_file
from kiosk.settings import load_settings
from kiosk.speech import CallQueue, SpeechService, SpeechUnavailable, flow_texts
from kiosk.speech.cache import AudioCache
from kiosk.speech.engine import EngineError, EngineProcess

REPO = Path(__file__).resolve().parent.parent
ESPEAK_DATA = Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data")
LONG = ("Vous allez créer une adresse e-mail. C'est gratuit. Cela prend environ vingt minutes. "
        "Gardez votre mot de passe pour vous. Un conseiller peut vous aider à chaque étape.")
WAIT = 30.0


def wav_info(path: Path) -> tuple[float, int, array.array]:
    with wave.open(str(path), "rb") as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        samples = array.array("h", wav.readframes(wav.getnframes()))
        return wav.getnframes() / wav.getframerate(), wav.getframerate(), samples


def make_service(tmp_path: Path, calls: CallQueue, player=None, start=True, **kwargs):
    overrides = {k: kwargs.pop(k) for k in ("speech_cache_mb", "language") if k in kwargs}
    settings = load_settings(None, data_dir=tmp_path / "data", **overrides)
    service = SpeechService(settings, post=calls.post, player=player, **kwargs)
    if start:
        service.start()
    return service


@pytest.fixture
def calls():
    return CallQueue()


@pytest.fixture
def service(tmp_path, calls):
    service = make_service(tmp_path, calls)
    assert service.wait_ready(WAIT), service.reason
    yield service
    service.close()


class RecordingLoader:
    """Kivy's real SoundLoader, remembering every sound it loaded."""

    def __init__(self):
        from kivy.core.audio import SoundLoader

        self.real = SoundLoader
        self.sounds = []
        self.bytes_loaded = []  # what each file held, kept in memory by the test only

    def load(self, filename):
        self.bytes_loaded.append(Path(filename).read_bytes())
        sound = self.real.load(filename)
        if not filename.endswith("essai.wav"):  # not the check of the audio output
            self.sounds.append(sound)
        return sound

    def playing(self):
        return [s for s in self.sounds if s.state == "play"]


@pytest.fixture
def player():
    from kiosk.speech.player import KivyPlayer

    player = KivyPlayer()
    player._loader = RecordingLoader()
    yield player
    player.stop()


# -- synthesis ------------------------------------------------------------------------------

def test_real_wav_is_made(service):
    duration, framerate, samples = wav_info(service.synthesize(LONG, "fr"))
    assert framerate == 22050
    assert duration > 3.0
    assert max(abs(s) for s in samples) > 3000  # speech, not silence


def test_speeds_normal_and_slow(service):
    words = len(LONG.split())
    normal, _, _ = wav_info(service.synthesize(LONG, "fr", "normal"))
    slow, _, _ = wav_info(service.synthesize(LONG, "fr", "lent"))
    # 150 and 115 words a minute: the slow reading lasts about 1.3 times longer.
    assert 1.15 < slow / normal < 1.6
    assert 110 < words / normal * 60 < 200
    assert 85 < words / slow * 60 < 150


@pytest.mark.parametrize(("language", "voice", "text"), [
    ("fr", "roa/fr", "Bonjour, voici votre adresse e-mail."),
    ("en", "gmw/en", "Hello, here is your e-mail address."),
])
def test_voice_matches_the_language(service, tmp_path, language, voice, text):
    assert service.voice_for(language).id == voice
    made = service.synthesize(text, language)
    reference = tmp_path / "espeak.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(reference),
                    service.spoken_text(text, language)], check=True)
    # espeak's state after the warm-up changes the audio a little, not its length.
    assert abs(wav_info(made)[0] - wav_info(reference)[0]) < 0.1 * wav_info(reference)[0]


def test_worker_reports_the_voice_it_used(tmp_path):
    engine = EngineProcess()
    engine.start()
    try:
        for voice, rate in (("roa/fr", 150), ("gmw/en", 115), ("roa/fr", 115), ("sem/ar", 150),
                            ("roa/fr", 150)):
            out = tmp_path / "out.wav"
            answer = engine.request({"op": "synth", "text": "Bonjour 12", "voice": voice,
                                     "rate": rate, "out": str(out)}, 20)
            assert answer["voice"] == voice
            with wave.open(str(out), "rb") as wav:
                assert answer["frames"] == wav.getnframes()
    finally:
        engine.close()


def test_worker_refuses_an_unknown_voice_and_goes_on(tmp_path):
    engine = EngineProcess()
    engine.start()
    try:
        with pytest.raises(EngineError, match="voix inconnue « roa/zz »"):
            engine.request({"op": "synth", "text": "Bonjour", "voice": "roa/zz", "rate": 150,
                            "out": str(tmp_path / "out.wav")}, 20)
        assert engine.alive
        assert not (tmp_path / "out.wav").exists()
    finally:
        engine.close()


def test_french_and_english_voices_differ(service):
    text = "Bonjour Marie"
    assert service.synthesize(text, "fr").read_bytes() != service.synthesize(text, "en")\
        .read_bytes()


def test_every_flow_language_has_a_voice(service):
    from kiosk.flows.vocabulary import LANGUAGES

    assert {code: service.voice_for(code) is not None for code in LANGUAGES} == \
        dict.fromkeys(LANGUAGES, True)


# -- cache ----------------------------------------------------------------------------------

def test_cache_survives_a_restart(tmp_path, calls):
    first = make_service(tmp_path, calls)
    assert first.wait_ready(WAIT)
    made = first.synthesize(LONG, "fr")
    assert first.synthesized == 1
    first.close()
    second = make_service(tmp_path, calls)
    try:
        assert second.wait_ready(WAIT)
        assert second.synthesize(LONG, "fr") == made
        assert second.synthesized == 0
    finally:
        second.close()


def test_cache_key_changes_with_voice_rate_and_text(service):
    normal = service.synthesize("Bonjour", "fr", "normal")
    assert service.synthesize("Bonjour", "fr", "lent") != normal
    assert service.synthesize("Bonjour", "en", "normal") != normal
    assert service.synthesize("Bonjour !", "fr", "normal") != normal
    assert service.synthesize("Bonjour", "fr", "normal") == normal
    assert service.synthesized == 4


def test_cache_drops_least_recently_used_at_its_bound(tmp_path, calls):
    service = make_service(tmp_path, calls, speech_cache_mb=1)
    try:
        assert service.wait_ready(WAIT)
        texts = [f"Étape {n}. Vous allez créer une adresse e-mail." for n in range(16)]
        made = []
        for text in texts:
            made.append(service.synthesize(text, "fr"))
            assert service.synthesize(texts[0], "fr") == made[0]  # used again each time
        sizes = {path: path.stat().st_size for path in service.cache.folder.glob("*.wav")}
        assert sum(sizes.values()) <= 1024 * 1024
        # What is left: the text used again and again, then the newest ones, nothing else.
        kept = len(sizes) - 1
        assert 2 <= kept < len(texts) - 2
        assert set(sizes) == {made[0], *made[-kept:]}
        assert service.synthesized == len(texts)
    finally:
        service.close()


def test_cache_order_is_rebuilt_from_disk(tmp_path):
    folder = tmp_path / "cache"
    cache = AudioCache(folder, max_bytes=1000)
    for index, key in enumerate(("a", "b", "c")):
        made = cache.incoming()
        made.write_bytes(b"x" * 300)
        cache.put(key, made)
        os.utime(cache.path(key), (1000 + index, 1000 + index))
    os.utime(cache.path("a"), (2000, 2000))  # "a" used last
    reopened = AudioCache(folder, max_bytes=700)
    assert sorted(p.stem for p in folder.glob("*.wav")) == ["a", "c"]
    assert len(reopened) == 2
    assert reopened.total_bytes == 600


# -- private speech -------------------------------------------------------------------------

def test_private_speech_is_never_kept(tmp_path, calls, player):
    service = make_service(tmp_path, calls, player=player)
    try:
        assert service.wait_ready(WAIT)
        secret = "Mon adresse est camille.secret-42@exemple.fr et mon code 918273."
        assert service.speak_private(secret, "fr")
        assert calls.run_until(lambda: service.speaking, WAIT)
        assert service.synthesized == 1
        assert len(service.cache) == 0
        assert list(service._private_dir.iterdir()) == []  # deleted once loaded
        pcm = player._loader.bytes_loaded[-1][44:]
        probe = pcm[len(pcm) // 2: len(pcm) // 2 + 4096]
        assert probe.strip(b"\0")
        needles = [probe, secret.encode(), b"camille", b"918273",
                   service.spoken_text(secret, "fr").encode()]
        for path in (tmp_path / "data").rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                assert not any(n in content for n in needles), path
        # "Répéter" reads it again, still without keeping it.
        assert service.repeat()
        assert calls.run_until(lambda: service.synthesized == 2 and service.speaking, WAIT)
        assert len(service.cache) == 0
    finally:
        service.close()
    assert not service._private_dir.exists()


# -- speaking, stopping, superseding --------------------------------------------------------

def test_cached_step_plays_at_once_and_listeners_hear_it(tmp_path, calls, player):
    service = make_service(tmp_path, calls, player=player)
    try:
        assert service.wait_ready(WAIT)
        events = []
        service.listen(lambda name, value: events.append((name, value)))
        service.synthesize(LONG, "fr")
        assert service.speak(LONG, "fr")
        assert service.speaking  # no waiting: the audio was ready
        assert [s.state for s in player._loader.sounds] == ["play"]
        service.stop()
        assert not service.speaking
        assert [s.state for s in player._loader.sounds] == ["stop"]
        assert [e for e in events if e[0] == "speaking"] == [("speaking", True),
                                                             ("speaking", False)]
    finally:
        service.close()


def test_newer_speak_supersedes_older(tmp_path, calls, player):
    service = make_service(tmp_path, calls, player=player)
    try:
        assert service.wait_ready(WAIT)
        service.speak("Première étape, pas encore prête.", "fr")
        service.speak("Deuxième étape.", "fr")
        assert calls.run_until(lambda: service.speaking, WAIT)
        calls.run_pending(0.5)  # any late result of the first request
        second = service.synthesize("Deuxième étape.", "fr")
        assert [s.source for s in player._loader.sounds] == [str(second)]
    finally:
        service.close()


def test_sound_off_on_and_end_of_visit(tmp_path, calls, player):
    service = make_service(tmp_path, calls, player=player)
    try:
        assert service.wait_ready(WAIT)
        service.synthesize(LONG, "fr")
        service.speak(LONG, "fr")
        assert service.speaking
        service.set_enabled(False)
        assert not service.speaking
        assert player._loader.playing() == []
        assert service.speak("Autre étape.", "fr") is False
        service.set_enabled(True)  # reads the current step again
        assert calls.run_until(lambda: service.speaking, WAIT)
        service.set_rate("lent")
        assert service.rate == "lent"
        service.set_enabled(False)
        service.reset_visit()
        assert (service.enabled, service.rate, service.speaking) == (True, "normal", False)
        assert service.repeat() is False  # the visit's texts are forgotten
        with pytest.raises(ValueError):
            service.set_rate("rapide")
    finally:
        service.close()


def test_hundred_rapid_speak_stop_repeat(tmp_path, calls, player):
    service = make_service(tmp_path, calls, player=player)
    try:
        assert service.wait_ready(WAIT)
        pid = service.worker_pid
        texts = [f"Étape numéro {n}. Appuyez sur suivant." for n in range(8)]
        # Half of them already made, as a prefetch leaves them; made here and waited for,
        # so that how busy the machine is does not decide whether any of them is ready.
        for text in texts[:4]:
            service.synthesize(text, "fr", timeout=WAIT)
        chance = random.Random(4)
        most = 0
        for _ in range(100):
            action = chance.choice(("speak", "speak", "stop", "repeat", "pump"))
            if action == "speak":
                service.speak(chance.choice(texts), "fr")
            elif action == "stop":
                service.stop()
            elif action == "repeat":
                service.repeat()
            else:
                calls.run_pending(0.02)
            most = max(most, len(player._loader.playing()))
            assert len(player._loader.playing()) <= 1
            assert service.speaking == bool(player._loader.playing()) or action != "stop"
        service.speak("Dernière étape.", "fr")
        assert calls.run_until(lambda: service.speaking, WAIT)
        assert len(player._loader.playing()) == 1
        assert most == 1
        assert service.worker_pid == pid
        assert service.restarts == 0
        assert service.available
    finally:
        service.close()


# -- prefetch -------------------------------------------------------------------------------

def test_flow_texts_follow_the_path(flows_dir):
    flow, problems = load_flow_file(flows_dir / "creer-adresse-email.yaml", REPO / "assets")
    assert flow is not None, problems
    texts = flow_texts(flow, "fr")
    assert len(texts) == len(flow.steps)
    assert texts[0] == (flow.start.spoken_text("fr"), "fr")
    assert all(language == "fr" for _, language in texts)


def test_prefetched_flow_plays_without_synthesis(tmp_path, calls, player, flows_dir):
    flow, problems = load_flow_file(flows_dir / "creer-adresse-email.yaml", REPO / "assets")
    assert flow is not None, problems
    service = make_service(tmp_path, calls, player=player)
    try:
        assert service.wait_ready(WAIT)
        queued = service.prefetch_flow(flow, "fr")
        assert queued == len({step.spoken_text("fr") for step in flow.steps})
        assert calls.run_until(lambda: len(service.cache) == queued, WAIT)
        made = service.synthesized
        for step in flow.steps:
            assert service.speak_step(step, "fr")
            assert service.speaking  # at once, from the cache
        assert service.synthesized == made
    finally:
        service.close()


# -- the worker dies or hangs ---------------------------------------------------------------

def test_killed_worker_is_restarted(service):
    service.synthesize("Avant.", "fr")
    old = service.worker_pid
    os.kill(old, signal.SIGKILL)
    made = service.synthesize("Après la panne.", "fr")
    duration, _, _ = wav_info(made)
    assert duration > 0.5
    assert service.worker_pid not in (None, old)
    assert service.restarts == 1
    assert service.available


def test_hung_worker_is_killed_and_replaced(tmp_path, calls):
    service = make_service(tmp_path, calls, timeout=3.0)
    try:
        assert service.wait_ready(WAIT)
        hung = service.worker_pid
        os.kill(hung, signal.SIGSTOP)
        made = service.synthesize("Le moteur était bloqué.", "fr")
        assert wav_info(made)[0] > 0.5
        assert service.worker_pid != hung
        assert service.restarts == 1
        with pytest.raises(ProcessLookupError):
            os.kill(hung, 0)
    finally:
        service.close()


# -- no engine, no voice --------------------------------------------------------------------

def _check_silent_and_harmless(service, calls):
    assert service.wait_ready(WAIT) is False
    assert service.available is False
    assert service.reason.startswith("son indisponible : ")
    assert service.speak("Bonjour", "fr") is False
    assert service.speak_private("secret", "fr") is False
    assert service.repeat() is False
    assert service.prefetch(["Bonjour"], "fr") == 0
    service.stop()
    calls.run_pending()
    with pytest.raises(SpeechUnavailable):
        service.synthesize("Bonjour", "fr", timeout=2)
    assert not service.speaking


def test_bogus_driver(tmp_path, calls):
    service = make_service(tmp_path, calls, driver="pilote-qui-n-existe-pas")
    try:
        _check_silent_and_harmless(service, calls)
        assert service.reason.startswith("son indisponible : le moteur de voix ne démarre pas")
        assert "pilote-qui-n-existe-pas" in service.reason
    finally:
        service.close()


def test_missing_program(tmp_path, calls):
    service = make_service(tmp_path, calls, worker_command=[str(tmp_path / "absent")])
    try:
        _check_silent_and_harmless(service, calls)
        assert service.reason.startswith("son indisponible : le programme de la voix ne se "
                                         "lance pas")
    finally:
        service.close()


def test_engine_data_missing(tmp_path, calls):
    empty = tmp_path / "espeak-vide"
    empty.mkdir()
    service = make_service(tmp_path, calls,
                           worker_env={**os.environ, "ESPEAK_DATA_PATH": str(empty)})
    try:
        _check_silent_and_harmless(service, calls)
        assert service.reason == ("son indisponible : le moteur de voix ne démarre pas : "
                                  "le processus s'est arrêté (code 1)")
    finally:
        service.close()


def test_worker_that_never_answers(tmp_path, calls):
    service = make_service(tmp_path, calls, timeout=2.0,
                           worker_command=[sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _check_silent_and_harmless(service, calls)
        assert service.reason == ("son indisponible : le moteur de voix ne démarre pas : "
                                  "pas de réponse en 2 s")
    finally:
        service.close()


@pytest.fixture
def espeak_without_french_and_spanish(tmp_path):
    if not ESPEAK_DATA.is_dir():
        pytest.skip(f"espeak-ng data not at {ESPEAK_DATA}")
    data = tmp_path / "espeak-data"
    shutil.copytree(ESPEAK_DATA, data, symlinks=True)
    for name in ("fr", "fr-BE", "fr-CH", "es", "es-419"):
        (data / "lang" / "roa" / name).unlink()
    return {**os.environ, "ESPEAK_DATA_PATH": str(data)}


def test_kiosk_language_without_voice(tmp_path, calls, espeak_without_french_and_spanish):
    service = make_service(tmp_path, calls, worker_env=espeak_without_french_and_spanish)
    try:
        _check_silent_and_harmless(service, calls)
        assert service.reason == ("son indisponible : aucune voix pour la langue « fr » de "
                                  "la borne")
    finally:
        service.close()


def test_other_language_without_voice_stays_silent(tmp_path, calls, player,
                                                   espeak_without_french_and_spanish):
    service = make_service(tmp_path, calls, player=player, language="en",
                           worker_env=espeak_without_french_and_spanish)
    try:
        assert service.wait_ready(WAIT)
        assert service.voice_for("es") is None
        assert service.speak("Hola", "es") is False
        assert service.speak("Bonjour", "fr") is False
        assert service.speak("Hello", "en") is True
        assert calls.run_until(lambda: service.speaking, WAIT)
        assert service.available
    finally:
        service.close()
