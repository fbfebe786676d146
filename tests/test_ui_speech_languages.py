"""The real app, its real voice (espeak-ng in the worker) and the visitor's language: a flow
not written in it reads its note in that language, then its French text with the French
voice; with no voice for the language the kiosk says so once a visit, on screen."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from ui_helpers import make_app, run_app, settle

from kiosk.flows.languages import lacks_language, language_note
from kiosk.i18n import tr
from kiosk.speech import SpeechService
from kiosk.visit import EndReason

ESPEAK_DATA = Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data")
WAIT = 45.0


def _until(condition, what, seconds=WAIT):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        yield


def _speak_with(app, service):  # type: ignore[no-untyped-def]
    app.audio.use(service)
    yield from _until(lambda: service.wait_ready(0), "the speech service")
    yield from settle(app)


def test_the_note_is_read_in_the_visitors_language_then_the_french(tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path)

    def script(app):  # type: ignore[no-untyped-def]
        service = SpeechService(app.settings)
        yield from _speak_with(app, service)
        flow = next(f for f in app.flows if lacks_language(f, "uk"))
        app.controller.choose_language("uk")
        app.open_flow(flow.id)
        yield  # read once the step's pixels are on screen
        yield
        note = language_note("uk")
        assert service.last_text == note
        yield from _until(lambda: app.audio.speaking, "the note to be read")
        step = app.visit.walker.step
        french = step.spoken_text("uk")
        assert french == step.spoken_text("fr")  # the flow has no Ukrainian: French text
        # Then the step in French (whole, or the page on screen when it has pages).
        yield from _until(lambda: service.last_text != note, "the French text after it")
        assert service.last_text == french or service.last_text.startswith(step.title.fr)
        yield from _until(lambda: app.audio.speaking, "the French text to be heard")
        assert service.voice_for("uk").id == "zle/uk" != service.voice_for("fr").id
        # The next step: its French text only, the note was said for this flow.
        app.controller.next()
        yield from settle(app)
        assert service.last_text != note
        assert service.last_text == app.visit.walker.step.spoken_text("fr") or \
            service.last_text.startswith(app.visit.walker.step.title.fr)

    run_app(app, script)


@pytest.fixture
def espeak_without_arabic(tmp_path: Path) -> dict[str, str]:
    if not ESPEAK_DATA.is_dir():
        pytest.skip(f"espeak-ng data not at {ESPEAK_DATA}")
    data = tmp_path / "espeak-data"
    shutil.copytree(ESPEAK_DATA, data, symlinks=True)
    (data / "lang" / "sem" / "ar").unlink()
    return {**os.environ, "ESPEAK_DATA_PATH": str(data)}


def test_no_voice_for_the_language_is_said_once_a_visit(tmp_path, espeak_without_arabic):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path)
    told: list[str] = []

    def script(app):  # type: ignore[no-untyped-def]
        service = SpeechService(app.settings, worker_env=espeak_without_arabic)
        yield from _speak_with(app, service)
        app.audio.bind(on_no_voice=lambda _audio, language: told.append(language))
        assert service.voice_for("ar") is None
        flow = app.flows[0]
        app.controller.choose_language("ar")
        app.open_flow(flow.id)
        yield from settle(app)
        assert told == ["ar"]
        banner = app.banner
        assert banner.shown and banner.title == tr("Pas de voix dans votre langue", "ar")
        assert banner.text == tr("Cette borne ne peut pas lire à voix haute dans votre "
                                 "langue. Lisez le texte à l'écran.", "ar")
        for _ in range(2):  # more steps, « Répéter »: not said again in this visit
            app.controller.next()
            yield from settle(app)
            app.controller.repeat()
            yield from settle(app)
        assert told == ["ar"]
        assert service.last_text != language_note("ar") or not lacks_language(flow, "ar")
        # A new visit (the idle wipe), Arabic again: said again, once.
        app.controller.end(EndReason.IDLE)
        yield from settle(app)
        app.controller.choose_language("ar")
        app.open_flow(flow.id)
        yield from settle(app)
        assert told == ["ar", "ar"]

    run_app(app, script)
