"""The real app with its real speech service (espeak-ng through pyttsx3 in a worker), offscreen.

Sound goes to SDL's dummy audio driver here (see conftest); what is heard is measured in
``test_ui_speech_audio.py``.
"""

from __future__ import annotations

import os
import random
import signal
import time

from ui_helpers import make_app, run_app, settle, tap, walk_widgets

from kiosk.flows.model import StepKind
from kiosk.visit import EndReason

FLOW = "creer-adresse-email"
WAIT = 45.0


def _until(condition, what, seconds=WAIT):
    """Let frames pass until ``condition()`` holds (the worker works on the wall clock)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        yield


def _ready(app):
    yield from _until(lambda: app.speech is not None and app.speech.wait_ready(0),
                      "the speech service")
    yield from settle(app)


def _overlay_button(app, text):
    return next(w for w in walk_widgets(app.overlay) if getattr(w, "text", None) == text
                and hasattr(w, "role"))


def test_each_step_is_read_repeat_and_voice_choices(tmp_path):
    app = make_app(tmp_path, speech=True)

    def script(app):
        yield from _ready(app)
        bar = app.root.ids
        assert app.audio.available and bar.sound.text == "Son : oui"
        app.open_flow(FLOW)
        walker = app.visit.walker
        first = walker.step
        assert app.speech.last_text is None  # read once its pixels are on screen
        yield
        assert app.speech.last_text == first.spoken_text("fr")
        yield from _until(lambda: app.audio.speaking, "the first step to be read")
        yield from settle(app)
        repeat = app.step_screen.ids.repeat
        assert repeat.busy and repeat.icon.endswith("pictos/son.png")
        tap(app.step_screen.ids.next)
        yield from settle(app)
        second = walker.step
        assert second.id != first.id
        assert app.speech.last_text == second.spoken_text("fr")
        # "Répéter" reads the step on screen again, even after something else was said.
        app.audio.say_private("x")
        assert app.speech.last_text == "x"
        tap(repeat)
        yield from settle(app)
        assert app.speech.last_text == second.spoken_text("fr")
        # The voice choices: slow, then off, then the end of the visit resets both.
        tap(bar.sound)
        yield from settle(app)
        buttons = [w for w in walk_widgets(app.overlay) if hasattr(w, "role")]
        assert [(w.text, w.role) for w in sorted(buttons, key=lambda w: -w.y)] == [
            ("Voix normale", "selected"), ("Voix lente", "secondary"),
            ("Pas de son", "secondary")]
        tap(_overlay_button(app, "Voix lente"))
        yield from settle(app)
        assert app.overlay is None
        assert (app.speech.rate, app.voice == "slow", bar.sound.text) == (
            "lent", True, "Son : lent")
        assert app.speech.last_text == second.spoken_text("fr")
        tap(bar.sound)
        yield from settle(app)
        tap(_overlay_button(app, "Pas de son"))
        yield from settle(app)
        assert (app.speech.enabled, app.audio.speaking, bar.sound.text) == (
            False, False, "Son : non")
        app.controller.end(EndReason.HOME)
        yield from settle(app)
        assert (app.speech.enabled, app.speech.rate, bar.sound.text) == (True, "normal",
                                                                          "Son : oui")
        assert app.speech.last_text is None and not app.audio.speaking

    run_app(app, script)


def test_english_visit_is_read_in_english(tmp_path):
    app = make_app(tmp_path, speech=True)

    def script(app):
        yield from _ready(app)
        app.open_flow(FLOW)
        yield
        app.controller.choose_language("en")
        step = app.visit.walker.step
        assert app.speech.last_text == step.spoken_text("en") != step.spoken_text("fr")
        yield from _until(lambda: app.audio.speaking, "the English step to be read")
        assert app.speech.voice_for("en").id != app.speech.voice_for("fr").id

    run_app(app, script)


def test_hundred_rapid_moves_and_repeats(tmp_path):
    app = make_app(tmp_path, speech=True)
    moves = random.Random(4)

    def script(app):
        yield from _ready(app)
        pid = app.speech.worker_pid
        app.open_flow(FLOW)
        walker = app.visit.walker
        for _ in range(100):
            move = moves.choice(("next", "back", "repeat"))
            if move == "next" and walker.step.kind is StepKind.QUESTION:
                app.controller.answer(0)
            elif move == "next" and not walker.finished:
                app.controller.next()
            elif move == "back":
                app.controller.back()
            else:
                app.controller.repeat()
            yield
            assert app.speech.last_text == walker.step.spoken_text("fr")
        yield from _until(lambda: app.audio.speaking, "the last step to be read")
        assert app.speech.last_text == walker.step.spoken_text("fr")
        assert app.speech.worker_pid == pid and app.speech.restarts == 0
        player = app.speech._player
        assert player.playing  # one sound, the last one: starting a sound stops the one before

    run_app(app, script)


def test_worker_killed_mid_visit_means_silence_then_voice_again(tmp_path):
    app = make_app(tmp_path, speech=True)

    def script(app):
        yield from _ready(app)
        app.open_flow(FLOW)
        yield from _until(lambda: app.audio.speaking, "the first step to be read")
        os.kill(app.speech.worker_pid, signal.SIGKILL)
        for _ in range(3):
            tap(app.step_screen.ids.next)
            yield from settle(app)
        # English was never made for this flow: the voice needs the engine again.
        app.controller.choose_language("en")
        yield from settle(app)
        yield from _until(lambda: app.speech.restarts == 1 and app.audio.speaking,
                          "the voice to come back")
        assert app.audio.available and not app.errors

    run_app(app, script)


def test_no_engine_means_a_silent_kiosk_that_says_so(tmp_path, monkeypatch):
    empty = tmp_path / "espeak-vide"
    empty.mkdir()
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(empty))
    app = make_app(tmp_path, speech=True)

    def script(app):
        yield from _until(lambda: app.speech is not None and not app.speech.available,
                          "the speech service to give up")
        yield from settle(app)
        bar = app.root.ids
        assert not app.audio.available and bar.sound.text == "Son indisponible"
        assert bar.sound.icon.endswith("pictos/son-coupe.png")
        app.open_flow(FLOW)
        yield from settle(app)
        tap(app.step_screen.ids.next)
        yield from settle(app)
        assert app.visit.walker.number == 2 and not app.audio.speaking
        tap(bar.sound)
        yield from settle(app)
        assert app.overlay.title == "Pas de son sur cette borne"
        assert app.overlay.message == ("Tout est écrit à l'écran. Un conseiller peut vérifier "
                                       "le son.")
        assert app.speech.reason.startswith("son indisponible : le moteur de voix ne démarre")

    run_app(app, script)
